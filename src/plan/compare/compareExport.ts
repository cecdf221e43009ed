/**
 * The compare view as one PNG (issue 7: "exportable as a report (PNG of the views …)"): a header with the scenario
 * name, the map difference shown and the fork time; the two views (split: side by side; swipe: the baseline with
 * the scenario right of the divider) titled 'Baseline / 基线' and 'Scenario / 情景'; a footer with the legend(s) and
 * their units, the threshold and the change counts. Titles carry both languages: a report travels.
 */
import type { Better, ScenarioMapDiff } from '../../core/scenario/types.ts';
import {
  CHANGE_OUTLINE,
  NO_VALUE,
  deltaRamp,
  formatValue,
  digitsFor,
  valueRamp,
  type ColorMode,
  type Layout,
  type Rgb,
  type Scale,
} from './compareScale.ts';

/** What the export needs besides the two canvases. */
export interface ExportInput {
  readonly layout: Layout;
  readonly swipe: number;
  readonly mode: ColorMode;
  readonly diff: ScenarioMapDiff | null;
  readonly scale: Scale | null;
  readonly deltaScale: Scale | null;
  readonly counts: { readonly changed: number; readonly better: number; readonly worse: number } | null;
  readonly thresholdText: string;
  readonly name: string;
  readonly forkTime: string;
  readonly diffLabel: string;
}

const rgb = (c: Rgb): string => `rgb(${c[0]},${c[1]},${c[2]})`;

/** CSS linear-gradient of a ramp (value or Δ) for the on-screen legend. */
export function legendGradient(better: Better, kind: ColorMode): string {
  const stops = kind === 'value' ? valueRamp(better) : deltaRamp(better);
  return `linear-gradient(to right, ${stops.map((c, i) => `${rgb(c)} ${(i / (stops.length - 1)) * 100}%`).join(', ')})`;
}

const FONT =
  "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

/** Composites the baseline and scenario canvases with titles and legend into a PNG blob. */
export function drawCompareImage(
  cb: HTMLCanvasElement,
  cs: HTMLCanvasElement,
  inp: ExportInput,
): Promise<Blob | null> {
  const r = cb.clientWidth > 0 ? cb.width / cb.clientWidth : 1;
  const gap = Math.round(4 * r);
  const mapW = inp.layout === 'split' ? cb.width + gap + cs.width : cb.width;
  const mapH = Math.max(cb.height, inp.layout === 'split' ? cs.height : 0);
  const headH = Math.round(64 * r);
  const footH = Math.round((inp.mode === 'delta' ? 132 : 104) * r);
  const out = document.createElement('canvas');
  out.width = Math.max(1, mapW);
  out.height = headH + mapH + footH;
  const g = out.getContext('2d');
  if (!g) return Promise.resolve(null);
  g.fillStyle = '#070d18';
  g.fillRect(0, 0, out.width, out.height);

  // Header: scenario name · difference · fork time.
  const px = (n: number): string => `${Math.round(n * r)}px ${FONT}`;
  g.textBaseline = 'middle';
  g.fillStyle = '#e6f0ff';
  g.font = `600 ${px(22)}`;
  const title = inp.name ? inp.name : 'Scenario / 情景';
  g.fillText(title, 16 * r, headH * 0.36);
  g.font = px(15);
  g.fillStyle = '#a9bdd9';
  g.fillText(
    [inp.diffLabel, `fork 分叉 ${inp.forkTime}`].filter(Boolean).join('   ·   '),
    16 * r,
    headH * 0.76,
  );

  // The views.
  const y0 = headH;
  if (inp.layout === 'split') {
    g.drawImage(cb, 0, y0);
    g.fillStyle = '#1f3553';
    g.fillRect(cb.width, y0, gap, mapH);
    g.drawImage(cs, cb.width + gap, y0);
    paneTitle(g, 'Baseline / 基线', 12 * r, y0 + 12 * r, r);
    paneTitle(
      g,
      inp.mode === 'delta' ? 'Scenario / 情景 · Δ' : 'Scenario / 情景',
      cb.width + gap + 12 * r,
      y0 + 12 * r,
      r,
    );
  } else {
    g.drawImage(cb, 0, y0);
    const x = Math.round(Math.min(1, Math.max(0, inp.swipe)) * cs.width);
    g.drawImage(cs, x, 0, cs.width - x, cs.height, x, y0, cs.width - x, cs.height);
    g.fillStyle = '#e6f0ff';
    g.fillRect(x - Math.round(1.5 * r), y0, Math.max(2, Math.round(3 * r)), mapH);
    paneTitle(g, 'Baseline / 基线', 12 * r, y0 + 12 * r, r);
    const label = inp.mode === 'delta' ? 'Scenario / 情景 · Δ' : 'Scenario / 情景';
    g.font = `600 ${px(16)}`;
    const w = g.measureText(label).width + 20 * r;
    paneTitle(g, label, mapW - w - 12 * r, y0 + 12 * r, r);
  }

  // Footer: legend(s), notes.
  const d = inp.diff;
  if (d && inp.scale) {
    const digits = digitsFor(inp.scale.hi - inp.scale.lo);
    const unit = d.unit ? ` (${d.unit})` : '';
    const y = y0 + mapH + 14 * r;
    const y2 = legendBar(
      g,
      `Value 数值${unit}, both sides 两侧共用`,
      valueRamp(d.better),
      inp.scale,
      digits,
      false,
      y,
      r,
    );
    if (inp.mode === 'delta' && inp.deltaScale)
      legendBar(
        g,
        `Scenario − baseline 情景 − 基线${unit}`,
        deltaRamp(d.better),
        inp.deltaScale,
        digits,
        true,
        y2,
        r,
      );
    const dir =
      d.better === 'higher'
        ? 'higher is better 越高越好'
        : d.better === 'lower'
          ? 'lower is better 越低越好'
          : 'no better direction 无优劣方向';
    const notesX = 440 * r;
    g.font = px(14);
    g.fillStyle = '#a9bdd9';
    g.textBaseline = 'middle';
    let ny = y0 + mapH + 26 * r;
    g.fillText(dir, notesX, ny);
    ny += 22 * r;
    g.strokeStyle = rgb(CHANGE_OUTLINE);
    g.lineWidth = 2.5 * r;
    g.strokeRect(notesX, ny - 6 * r, 18 * r, 12 * r);
    g.fillText(`changed beyond ${inp.thresholdText} 超过阈值的变化`, notesX + 26 * r, ny);
    ny += 22 * r;
    g.fillStyle = rgb(NO_VALUE);
    g.fillRect(notesX, ny - 6 * r, 18 * r, 12 * r);
    g.fillStyle = '#a9bdd9';
    g.fillText('unchanged / no data 未变化 / 无数据', notesX + 26 * r, ny);
    if (inp.counts) {
      ny += 22 * r;
      g.fillText(
        `${inp.counts.changed} changed 变化 · ${inp.counts.better} better 向好 · ${inp.counts.worse} worse 变差`,
        notesX,
        ny,
      );
    }
  }
  return new Promise((resolve) => out.toBlob((b) => resolve(b), 'image/png'));
}

/** A title chip at (x, y) (top-left corner). */
function paneTitle(g: CanvasRenderingContext2D, text: string, x: number, y: number, r: number): void {
  g.font = `600 ${Math.round(16 * r)}px ${FONT}`;
  const w = g.measureText(text).width + 20 * r;
  g.fillStyle = 'rgba(7, 13, 24, 0.82)';
  g.fillRect(x, y, w, 30 * r);
  g.strokeStyle = '#1f3553';
  g.lineWidth = r;
  g.strokeRect(x, y, w, 30 * r);
  g.fillStyle = '#e6f0ff';
  g.textBaseline = 'middle';
  g.fillText(text, x + 10 * r, y + 15 * r);
}

/** A gradient bar with title and ticks at y; returns the y below it. */
function legendBar(
  g: CanvasRenderingContext2D,
  title: string,
  stops: readonly Rgb[],
  scale: Scale,
  digits: number,
  signed: boolean,
  y: number,
  r: number,
): number {
  const x = 16 * r;
  const w = 380 * r;
  g.font = `${Math.round(13 * r)}px ${FONT}`;
  g.fillStyle = '#e6f0ff';
  g.textBaseline = 'top';
  g.fillText(title, x, y);
  const by = y + 18 * r;
  const grad = g.createLinearGradient(x, 0, x + w, 0);
  stops.forEach((c, i) => grad.addColorStop(i / (stops.length - 1), rgb(c)));
  g.fillStyle = grad;
  g.fillRect(x, by, w, 10 * r);
  g.fillStyle = '#a9bdd9';
  g.font = `${Math.round(12 * r)}px ${FONT}`;
  const span = scale.hi - scale.lo || 1;
  for (const v of scale.ticks) {
    const tx = x + ((v - scale.lo) / span) * w;
    g.fillRect(tx - 0.5 * r, by + 10 * r, r, 4 * r);
    const s = formatValue(v, '', Math.min(digits, 3), signed);
    const tw = g.measureText(s).width;
    g.fillText(s, Math.min(x + w - tw, Math.max(x, tx - tw / 2)), by + 15 * r);
  }
  return by + 36 * r;
}
