/**
 * Pure formatting for the traffic panels: the congestion grade of a travel-time index, trend direction, signed
 * deltas with arrows, and road names of links. No React here (unit-tested in trafficFormat.test.ts).
 */
import { getModel } from '../app/sceneHolder.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { Lang } from '../state/uiSlice.ts';

/** Congestion grades of a travel-time index, mildest first. */
export const TTI_GRADES = ['free', 'slow', 'congested', 'severe'] as const;
export type TtiGrade = (typeof TTI_GRADES)[number];

/**
 * Lower TTI bound of each grade after `free`. The bands of AutoNavi's (高德地图) 拥堵延时指数 in its "中国主要城市
 * 交通分析报告" (quarterly since 2015): 畅通 < 1.5 ≤ 缓行 < 1.8 ≤ 拥堵 < 2.0 ≤ 严重拥堵.
 */
export const TTI_GRADE_FROM = { slow: 1.5, congested: 1.8, severe: 2.0 } as const;

/**
 * Smallest TTI range a trend sparkline draws full height: 0.2, the width of the "congested" band (1.8–2.0), so
 * equilibrium noise (±0.01) stays nearly flat while a change of grade is plainly visible.
 */
export const TTI_TREND_MIN_SPAN = 0.2;

/** The grade of a travel-time index (actual ÷ free-flow travel time); NaN grades as free. */
export function ttiGrade(tti: number): TtiGrade {
  if (tti >= TTI_GRADE_FROM.severe) return 'severe';
  if (tti >= TTI_GRADE_FROM.congested) return 'congested';
  if (tti >= TTI_GRADE_FROM.slow) return 'slow';
  return 'free';
}

/** Direction of a trend or delta: worse/better depend on the KPI, this is only the sign. */
export type Direction = 'up' | 'down' | 'flat';

/**
 * Direction of change of a series: the mean of the newest `window` values against the mean of the `window` before
 * them; changes within ±tolerance (relative) are flat. Fewer than 2 values → flat.
 */
export function trendDirection(values: readonly number[], window = 3, tolerance = 0.01): Direction {
  const n = values.length;
  if (n < 2) return 'flat';
  const w = Math.max(1, Math.min(window, Math.floor(n / 2)));
  let recent = 0;
  let before = 0;
  for (let i = 0; i < w; i++) {
    recent += values[n - 1 - i] as number;
    before += values[n - 1 - w - i] as number;
  }
  recent /= w;
  before /= w;
  if (!Number.isFinite(recent) || !Number.isFinite(before)) return 'flat';
  const rel = before !== 0 ? (recent - before) / Math.abs(before) : recent - before;
  return rel > tolerance ? 'up' : rel < -tolerance ? 'down' : 'flat';
}

/** Arrow glyph of a direction. */
export const ARROW: Readonly<Record<Direction, string>> = { up: '▲', down: '▼', flat: '▬' };

/** A scenario − baseline difference, ready to show. */
export interface Delta {
  readonly value: number;
  /** Relative change, percent; NaN when the baseline is 0 or not finite. */
  readonly pct: number;
  readonly direction: Direction;
  /** Signed text with fixed decimals, e.g. "+0.12", "−3.4", "0.0". */
  readonly text: string;
}

/**
 * scenario − baseline with `digits` decimals. A change that rounds to zero at that precision is flat, so the arrow
 * never contradicts the number shown. Uses the true minus sign (U+2212) for legibility.
 */
export function delta(baseline: number, scenario: number, digits: number): Delta {
  const value = scenario - baseline;
  const pct = baseline !== 0 && Number.isFinite(baseline) ? (value / Math.abs(baseline)) * 100 : Number.NaN;
  const shown = Number(value.toFixed(digits));
  const direction: Direction = !Number.isFinite(value) || shown === 0 ? 'flat' : shown > 0 ? 'up' : 'down';
  const abs = Math.abs(shown).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const text = !Number.isFinite(value)
    ? '—'
    : direction === 'up'
      ? `+${abs}`
      : direction === 'down'
        ? `−${abs}`
        : abs;
  return { value, pct, direction, text };
}

/** Decimals that keep a quantity readable to ~3 significant digits: 1 below 100, else 0 (delay 2.4, not 2). */
export function adaptiveDigits(v: number): number {
  return Math.abs(v) < 100 ? 1 : 0;
}

/** Whether an increase of a KPI is bad (TTI, delay) or good (speed); VKT is neutral. */
export type Polarity = 'higherIsWorse' | 'higherIsBetter' | 'neutral';

/** 'worse' | 'better' | 'same' of a direction for a KPI of the given polarity. */
export function judgement(direction: Direction, polarity: Polarity): 'worse' | 'better' | 'same' {
  if (direction === 'flat' || polarity === 'neutral') return 'same';
  const up = direction === 'up';
  return up === (polarity === 'higherIsWorse') ? 'worse' : 'better';
}

/** Road name of link i in the UI language ("link #i" / "路段 #i" when its way has no name). */
export function linkName(model: CityModel, link: number, lang: Lang): string {
  const r = model.roads;
  const way = link >= 0 && link < r.linkCount ? r.ways[r.linkWay[link] as number] : undefined;
  const n = way?.name;
  const name = n ? ((lang === 'zh' ? (n.zh ?? n.en) : (n.en ?? n.zh)) ?? n.name) : undefined;
  return name ?? (lang === 'zh' ? `路段 #${link}` : `link #${link}`);
}

/** Name of zone i in the UI language, else its source id. */
export function zoneName(model: CityModel, zone: number, lang: Lang): string {
  const z = model.zones;
  const n = z.names.get(zone);
  const name = n ? ((lang === 'zh' ? (n.zh ?? n.en) : (n.en ?? n.zh)) ?? n.name) : undefined;
  return name ?? z.sourceId[zone] ?? `#${zone}`;
}

/** China Standard Time, minutes east of UTC: the clock of scenes that do not state their own (SceneMeta). */
export const DEFAULT_UTC_OFFSET_MIN = 480;

/**
 * Clock time HH:MM of a sim time in the city's time zone (as the header's sim clock); `utcOffsetMin` defaults to the
 * loaded scene's offset, else China Standard Time.
 */
export function clockHm(
  simTimeMs: number,
  utcOffsetMin = getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN,
): string {
  return Number.isFinite(simTimeMs)
    ? new Date(simTimeMs + utcOffsetMin * 60_000).toISOString().slice(11, 16)
    : '—';
}
