/**
 * The planner's report export (issue 7 "exportable as a report (PNG of the views + CSV of KPIs)"): one PNG with a
 * title, the scenario's facts, the compare view's image (when the compare view can give one), the KPI delta table
 * and the charts over time, drawn onto a 2D canvas; and the KPI table as CSV (src/plan/report.ts kpisToCsv).
 */
import type { ScenarioKpi } from '../core/scenario/types.ts';
import { displayDigits, kpiDelta, kpiVerdict, type Verdict } from './report.ts';
import { showNum, showSigned } from './KpiTable.tsx';

/** What the PNG shows. */
export interface ReportInput {
  readonly title: string;
  readonly lines: readonly string[];
  readonly lang: 'zh' | 'en';
  readonly kpis: readonly ScenarioKpi[];
  /** Domain names in table order, by domain id. */
  readonly domains: readonly { readonly id: string; readonly name: string }[];
  readonly headers: readonly string[];
  readonly compare: Blob | null;
  /** The charts on the page (drawn as they are). */
  readonly charts: readonly SVGSVGElement[];
  readonly footer: string;
}

const WIDTH = 1920;
const MARGIN = 40;
const ROW_H = 30;
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const COLORS = {
  bg: '#070d18',
  panel: '#0e1a2d',
  line: '#1f3553',
  text: '#e6f0ff',
  muted: '#9fb0c8',
  accent: '#22d3ee',
  better: '#34d399',
  worse: '#f43f5e',
} as const;
/** Column x offsets and widths of the table: KPI, baseline, scenario, Δ, Δ%, unit, basis. */
const COLS = [
  { x: 0, w: 520, align: 'left' },
  { x: 520, w: 190, align: 'right' },
  { x: 710, w: 190, align: 'right' },
  { x: 900, w: 170, align: 'right' },
  { x: 1070, w: 130, align: 'right' },
  { x: 1230, w: 170, align: 'left' },
  { x: 1400, w: 440, align: 'left' },
] as const;

function loadImage(src: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement | null> {
  const xml = new XMLSerializer().serializeToString(svg);
  return loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`);
}

async function blobImage(b: Blob): Promise<HTMLImageElement | null> {
  const url = URL.createObjectURL(b);
  try {
    return await loadImage(url);
  } finally {
    // The image is decoded once loaded; the object URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

function verdictColor(v: Verdict): string {
  switch (v) {
    case 'better':
      return COLORS.better;
    case 'worse':
      return COLORS.worse;
    case 'same':
    case 'neutral':
      return COLORS.text;
    default: {
      const never: never = v;
      return String(never);
    }
  }
}

/** Text clipped to `w` pixels with an ellipsis. */
function clip(ctx: CanvasRenderingContext2D, s: string, w: number): string {
  if (ctx.measureText(s).width <= w) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${s.slice(0, mid)}…`).width <= w) lo = mid;
    else hi = mid - 1;
  }
  return `${s.slice(0, lo)}…`;
}

/** Draws the report and returns it as a PNG blob (null when the browser gives no 2D canvas). */
export async function buildReportPng(r: ReportInput): Promise<Blob | null> {
  const compare = r.compare ? await blobImage(r.compare) : null;
  const charts = (await Promise.all(r.charts.map(svgImage))).filter((c): c is HTMLImageElement => c !== null);
  const inner = WIDTH - 2 * MARGIN;
  const compareH = compare ? Math.min(900, (compare.height * inner) / Math.max(1, compare.width)) : 0;
  const compareW = compare ? (compare.width * compareH) / Math.max(1, compare.height) : 0;
  const groups = r.domains.map((d) => ({ d, rows: r.kpis.filter((k) => k.domain === d.id) }));
  const tableRows = 1 + groups.reduce((n, g) => n + 1 + Math.max(1, g.rows.length), 0);
  const chartW = 360;
  const chartH = 180;
  const perRow = Math.max(1, Math.floor((inner + 12) / (chartW + 12)));
  const chartRows = Math.ceil(charts.length / perRow);
  const height =
    MARGIN +
    44 +
    r.lines.length * 26 +
    16 +
    (compare ? compareH + 24 : 0) +
    tableRows * ROW_H +
    24 +
    chartRows * (chartH + 12) +
    40 +
    MARGIN;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = Math.ceil(height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = COLORS.bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = MARGIN;
  ctx.textBaseline = 'top';
  ctx.fillStyle = COLORS.accent;
  ctx.font = `700 32px ${FONT}`;
  ctx.fillText(clip(ctx, r.title, inner), MARGIN, y);
  y += 44;
  ctx.font = `18px ${FONT}`;
  ctx.fillStyle = COLORS.muted;
  for (const line of r.lines) {
    ctx.fillText(clip(ctx, line, inner), MARGIN, y);
    y += 26;
  }
  y += 16;
  if (compare) {
    ctx.drawImage(compare, MARGIN, y, compareW, compareH);
    ctx.strokeStyle = COLORS.line;
    ctx.strokeRect(MARGIN, y, compareW, compareH);
    y += compareH + 24;
  }
  // The table.
  const cell = (text: string, col: number, yy: number, color: string, bold = false) => {
    const c = COLS[col];
    if (!c) return;
    ctx.font = `${bold ? '700 ' : ''}16px ${FONT}`;
    ctx.fillStyle = color;
    const s = clip(ctx, text, c.w - 12);
    ctx.textAlign = c.align;
    ctx.fillText(s, MARGIN + c.x + (c.align === 'right' ? c.w - 6 : 6), yy + 7);
    ctx.textAlign = 'left';
  };
  ctx.fillStyle = COLORS.panel;
  ctx.fillRect(MARGIN, y, inner, ROW_H);
  r.headers.forEach((h, i) => cell(h, i, y, COLORS.accent, true));
  y += ROW_H;
  for (const g of groups) {
    ctx.fillStyle = 'rgba(34, 211, 238, 0.10)';
    ctx.fillRect(MARGIN, y, inner, ROW_H);
    cell(g.d.name, 0, y, COLORS.accent, true);
    y += ROW_H;
    if (g.rows.length === 0) {
      cell('—', 0, y, COLORS.muted);
      y += ROW_H;
    }
    for (const k of g.rows) {
      const { delta, deltaPct } = kpiDelta(k);
      const digits = Math.max(displayDigits(k.baseline), displayDigits(k.scenario));
      const color = verdictColor(kpiVerdict(k));
      cell(k.label[r.lang], 0, y, COLORS.text);
      cell(showNum(k.baseline, digits), 1, y, COLORS.text);
      cell(showNum(k.scenario, digits), 2, y, COLORS.text);
      cell(showSigned(delta, digits), 3, y, color, true);
      cell(showSigned(deltaPct, 1), 4, y, color);
      cell(k.unit || '—', 5, y, COLORS.muted);
      cell(k.basis[r.lang], 6, y, COLORS.muted);
      ctx.strokeStyle = 'rgba(31, 53, 83, 0.6)';
      ctx.beginPath();
      ctx.moveTo(MARGIN, y + ROW_H - 0.5);
      ctx.lineTo(MARGIN + inner, y + ROW_H - 0.5);
      ctx.stroke();
      y += ROW_H;
    }
  }
  y += 24;
  charts.forEach((img, i) => {
    const cx = MARGIN + (i % perRow) * (chartW + 12);
    const cy = y + Math.floor(i / perRow) * (chartH + 12);
    ctx.drawImage(img, cx, cy, chartW, chartH);
  });
  y += chartRows * (chartH + 12) + 8;
  ctx.font = `14px ${FONT}`;
  ctx.fillStyle = COLORS.muted;
  ctx.fillText(clip(ctx, r.footer, inner), MARGIN, y);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}

/** Saves a blob as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
