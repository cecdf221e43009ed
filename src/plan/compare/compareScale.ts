/**
 * The pure half of the planner's compare view: which map diff to show, the ONE colour scale both sides share, the
 * Δ scale, the change threshold and the swipe divider's geometry. No React, no deck.gl: table-tested in
 * compareScale.test.ts.
 */
import {
  DOMAIN_IDS,
  type Better,
  type DomainId,
  type ScenarioMapDiff,
  type ScenarioResult,
} from '../../core/scenario/types.ts';

/** An RGB triple, 0…255. */
export type Rgb = readonly [number, number, number];

/** How the scenario side is coloured: by its own value (shared scale) or by scenario − baseline. */
export const COLOR_MODES = ['value', 'delta'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Layout: two views side by side, or one view with the scenario to the right of a divider. */
export const LAYOUTS = ['split', 'swipe'] as const;
export type Layout = (typeof LAYOUTS)[number];

/**
 * Value ramps. A KPI with a better direction reads red (worse end) → green (better end): ColorBrewer RdYlGn, 5
 * classes (Brewer, Harrower 2003, "ColorBrewer.org: an online tool for selecting colour schemes for maps", The
 * Cartographic Journal 40(1)), the same red-is-bad convention as the traffic layer. A neutral quantity uses viridis
 * (van der Walt, Smith 2015, matplotlib's perceptually uniform default), 5 samples at 0, .25, .5, .75, 1.
 */
export const RAMP_BAD_TO_GOOD: readonly Rgb[] = [
  [215, 48, 39], // #d73027
  [252, 141, 89], // #fc8d59
  [254, 224, 139], // #fee08b
  [145, 207, 96], // #91cf60
  [26, 152, 80], // #1a9850
];
export const RAMP_VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * Δ ramps: diverging around a dim grey "no change" so unchanged features recede on the dark basemap (the midpoint
 * rule of Moreland 2009, "Diverging Color Maps for Scientific Visualization", ISVC). Ends are RdYlGn's (worse red,
 * better green); a neutral quantity uses ColorBrewer PuOr's ends (purple = decrease, orange = increase).
 */
export const DELTA_MID: Rgb = [74, 85, 104];
export const DELTA_WORSE: Rgb = [215, 48, 39];
export const DELTA_BETTER: Rgb = [26, 152, 80];
export const DELTA_DECREASE: Rgb = [94, 60, 153]; // #5e3c99
export const DELTA_INCREASE: Rgb = [230, 97, 1]; // #e66101

/** Features drawn without a value (not in the diff, or a non-finite value). */
export const NO_VALUE: Rgb = [110, 120, 135];
/**
 * Outline of a feature that changed beyond the threshold: near-white, the one colour no value or Δ ramp uses, so
 * an outline never reads as a value (an amber outline did, next to RdYlGn's yellows).
 */
export const CHANGE_OUTLINE: Rgb = [240, 246, 255];

/** Stable key of a diff across runs (domain:id). */
export function diffKey(d: Pick<ScenarioMapDiff, 'domain' | 'id'>): string {
  return `${d.domain}:${d.id}`;
}

/** A domain's diffs, for the picker's option groups. */
export interface DiffGroup {
  readonly domain: DomainId;
  readonly diffs: readonly ScenarioMapDiff[];
}

/** The result's diffs grouped by domain in DOMAIN_IDS order; domains without diffs are left out. */
export function groupDiffs(result: ScenarioResult): DiffGroup[] {
  const out: DiffGroup[] = [];
  for (const domain of DOMAIN_IDS) {
    const diffs: ScenarioMapDiff[] = [];
    for (const r of result.domains) if (r.domain === domain) for (const d of r.diffs) diffs.push(d);
    if (diffs.length > 0) out.push({ domain, diffs });
  }
  return out;
}

/**
 * The diff to show: the previous choice when the result still has it (a re-run keeps the planner's place), else
 * the first diff with changed features, else the first diff at all; null when the result has none.
 */
export function pickDiff(result: ScenarioResult, prevKey: string | null): ScenarioMapDiff | null {
  const all = groupDiffs(result).flatMap((g) => g.diffs);
  if (prevKey !== null) {
    const prev = all.find((d) => diffKey(d) === prevKey);
    if (prev) return prev;
  }
  return all.find((d) => d.index.length > 0) ?? all[0] ?? null;
}

/**
 * Checks a diff against the feature count of its kind: equal array lengths, integer indices in range, no
 * duplicates. Returns null when valid, else the reason (naming the diff, the field and the entry).
 */
export function validateDiff(d: ScenarioMapDiff, featureCount: number): string | null {
  const name = `diff ${diffKey(d)} (${d.feature})`;
  if (d.baseline.length !== d.index.length || d.scenario.length !== d.index.length)
    return `${name}: index has ${d.index.length} entries, baseline ${d.baseline.length}, scenario ${d.scenario.length}; they must be equal`;
  const seen = new Set<number>();
  for (let k = 0; k < d.index.length; k++) {
    const i = d.index[k] as number;
    if (!Number.isInteger(i) || i < 0 || i >= featureCount)
      return `${name}: index[${k}] = ${i} is not a feature (0…${featureCount - 1})`;
    if (seen.has(i)) return `${name}: index[${k}] = ${i} is listed twice`;
    seen.add(i);
  }
  return null;
}

/** Rounds a step to 1, 2 or 5 × 10^k (Heckbert 1990, "Nice numbers for graph labels", Graphics Gems I). */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const e = Math.floor(Math.log10(raw));
  const f = raw / 10 ** e;
  const nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * 10 ** e;
}

/** A legend's domain and its tick values. */
export interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
}

/** Cleans float noise off a tick (0.30000000000000004 → 0.3). */
function tidy(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(12, digits)));
}

/** Widens [lo, hi] outwards to multiples of a nice step giving about `n` intervals; a single value gets ±1 step. */
export function niceScale(lo: number, hi: number, n = 4): Scale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: 0, hi: 1, ticks: [0, 1] };
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : niceStep(Math.abs(lo) / 10);
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / n);
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = a; v <= b + step * 1e-6; v += step) ticks.push(tidy(v, step));
  return { lo: tidy(a, step), hi: tidy(b, step), ticks };
}

/** The ONE value scale both sides share: over every finite baseline and scenario value of the diff. */
export function sharedScale(d: ScenarioMapDiff): Scale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of [d.baseline, d.scenario])
    for (const v of arr)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (lo === Infinity) return niceScale(0, 1);
  return niceScale(lo, hi);
}

/** Largest |scenario − baseline| of the diff (finite pairs only); 0 when nothing changed. */
export function maxAbsDelta(d: ScenarioMapDiff): number {
  let m = 0;
  for (let k = 0; k < d.index.length; k++) {
    const dv = (d.scenario[k] as number) - (d.baseline[k] as number);
    if (Number.isFinite(dv) && Math.abs(dv) > m) m = Math.abs(dv);
  }
  return m;
}

/** The Δ scale: symmetric around 0, nice-rounded, so equal gains and losses get equal colour weight. */
export function deltaScale(d: ScenarioMapDiff): Scale {
  const m = maxAbsDelta(d);
  const s = niceScale(0, m > 0 ? m : 1, 2);
  const ticks = [-s.hi, -s.hi / 2, 0, s.hi / 2, s.hi].map((v) => tidy(v, s.hi / 4));
  return { lo: -s.hi, hi: s.hi, ticks };
}

/** Linear interpolation through equally spaced colour stops at t ∈ [0, 1] (clamped), written into out[0..2]. */
export function rampColor(stops: readonly Rgb[], t: number, out: number[] | Uint8Array): void {
  const n = stops.length - 1;
  const x = Math.min(1, Math.max(0, t)) * n;
  const i = Math.min(n - 1, Math.floor(x));
  const f = x - i;
  const a = stops[i] as Rgb;
  const b = stops[i + 1] as Rgb;
  out[0] = Math.round(a[0] + (b[0] - a[0]) * f);
  out[1] = Math.round(a[1] + (b[1] - a[1]) * f);
  out[2] = Math.round(a[2] + (b[2] - a[2]) * f);
}

/** The value ramp of a direction, oriented so its t = 1 end is the scale's high end. */
export function valueRamp(better: Better): readonly Rgb[] {
  switch (better) {
    case 'higher':
      return RAMP_BAD_TO_GOOD;
    case 'lower':
      return [...RAMP_BAD_TO_GOOD].reverse();
    case 'neutral':
      return RAMP_VIRIDIS;
    default: {
      const never: never = better;
      throw new Error(`better: ${String(never)}`);
    }
  }
}

/** Colour of value v on the shared scale (NO_VALUE when v is not finite), written into out[0..2]. */
export function valueColor(v: number, scale: Scale, better: Better, out: number[] | Uint8Array): void {
  if (!Number.isFinite(v)) {
    out[0] = NO_VALUE[0];
    out[1] = NO_VALUE[1];
    out[2] = NO_VALUE[2];
    return;
  }
  const span = scale.hi - scale.lo;
  rampColor(valueRamp(better), span > 0 ? (v - scale.lo) / span : 0.5, out);
}

/** +1 when a change of `delta` moves the better way, −1 the worse way, 0 for no change or a neutral KPI. */
export function improvementOf(delta: number, better: Better): -1 | 0 | 1 {
  if (!(delta !== 0) || !Number.isFinite(delta) || better === 'neutral') return 0;
  return delta > 0 === (better === 'higher') ? 1 : -1;
}

/** The Δ ramp from the scale's low (−max) end to its high (+max) end. */
export function deltaRamp(better: Better): readonly Rgb[] {
  const neg = better === 'neutral' ? DELTA_DECREASE : better === 'higher' ? DELTA_WORSE : DELTA_BETTER;
  const pos = better === 'neutral' ? DELTA_INCREASE : better === 'higher' ? DELTA_BETTER : DELTA_WORSE;
  return [neg, DELTA_MID, pos];
}

/** Colour of a change `delta` on the symmetric Δ scale (green = the better direction), written into out[0..2]. */
export function deltaColor(delta: number, scale: Scale, better: Better, out: number[] | Uint8Array): void {
  if (!Number.isFinite(delta)) {
    out[0] = NO_VALUE[0];
    out[1] = NO_VALUE[1];
    out[2] = NO_VALUE[2];
    return;
  }
  const m = scale.hi > 0 ? scale.hi : 1;
  rampColor(deltaRamp(better), 0.5 + delta / (2 * m), out);
}

/** Threshold choices: a change counts when |Δ| ≥ this fraction of the shared scale's span. */
export const THRESHOLD_FRACTIONS = [0.01, 0.05, 0.1, 0.25] as const;

/** The absolute change threshold in the diff's unit: `fraction` of the shared value scale's span. */
export function changeThreshold(scale: Scale, fraction: number): number {
  return Math.max(0, fraction) * (scale.hi - scale.lo);
}

/**
 * Per entry of diff.index: 1 when |scenario − baseline| ≥ threshold and the values differ (a feature that became
 * or stopped being finite also counts), else 0.
 */
export function changedMask(d: ScenarioMapDiff, threshold: number): Uint8Array {
  const out = new Uint8Array(d.index.length);
  for (let k = 0; k < d.index.length; k++) {
    const b = d.baseline[k] as number;
    const s = d.scenario[k] as number;
    if (Number.isFinite(b) !== Number.isFinite(s)) out[k] = 1;
    else if (Number.isFinite(b) && s !== b && Math.abs(s - b) >= threshold) out[k] = 1;
  }
  return out;
}

/** Counts of changes beyond the threshold: total, better and worse (by the diff's direction). */
export function changeCounts(
  d: ScenarioMapDiff,
  mask: Uint8Array,
): { changed: number; better: number; worse: number } {
  let changed = 0;
  let better = 0;
  let worse = 0;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    changed++;
    const imp = improvementOf((d.scenario[k] as number) - (d.baseline[k] as number), d.better);
    if (imp > 0) better++;
    else if (imp < 0) worse++;
  }
  return { changed, better, worse };
}

/** Feature index → position in diff.index (−1 when absent), as an Int32Array over `featureCount` features. */
export function slotOfFeature(d: ScenarioMapDiff, featureCount: number): Int32Array {
  const out = new Int32Array(Math.max(0, featureCount)).fill(-1);
  for (let k = 0; k < d.index.length; k++) {
    const i = d.index[k] as number;
    if (i >= 0 && i < featureCount) out[i] = k;
  }
  return out;
}

/** Swipe divider position: fraction of the view width, clamped to [0.02, 0.98] so it can always be grabbed. */
export function clampSwipe(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0.5;
  return Math.min(0.98, Math.max(0.02, fraction));
}

/** The divider fraction under a pointer at clientX over a view starting at `left` of width `width` (CSS px). */
export function swipeFromPointer(clientX: number, left: number, width: number): number {
  return width > 0 ? clampSwipe((clientX - left) / width) : 0.5;
}

/** Keyboard steps on the focused divider: ←/→ by 2 % (10 % with Shift), Home/End to the ends; null = not ours. */
export function swipeFromKey(fraction: number, key: string, isShift: boolean): number | null {
  const step = isShift ? 0.1 : 0.02;
  switch (key) {
    case 'ArrowLeft':
      return clampSwipe(fraction - step);
    case 'ArrowRight':
      return clampSwipe(fraction + step);
    case 'Home':
      return clampSwipe(0);
    case 'End':
      return clampSwipe(1);
    default:
      return null;
  }
}

/** CSS clip-path that shows only the part of the scenario view right of the divider. */
export function swipeClipPath(fraction: number): string {
  return `inset(0 0 0 ${(clampSwipe(fraction) * 100).toFixed(2)}%)`;
}

/** Decimal places for values of magnitude ~`span`: three significant digits of the scale, 0…4 places. */
export function digitsFor(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 0;
  return Math.min(4, Math.max(0, 2 - Math.floor(Math.log10(span))));
}

/** A value with its unit ('—' when not finite); `signed` prefixes + on positive numbers (deltas). */
export function formatValue(v: number, unit: string, digits: number, signed = false): string {
  if (!Number.isFinite(v)) return '—';
  const s = v.toFixed(digits);
  const n = signed && v > 0 ? `+${s}` : s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
  return unit ? `${n} ${unit}` : n;
}

/** A sim time as the city's wall clock: 'YYYY-MM-DD HH:mm UTC+hh:mm' (utcOffsetMin minutes east of UTC). */
export function formatCityTime(ms: number, utcOffsetMin: number): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + utcOffsetMin * 60000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = Math.abs(utcOffsetMin);
  const sign = utcOffsetMin < 0 ? '-' : '+';
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:` +
    `${p(d.getUTCMinutes())} UTC${sign}${p(Math.floor(off / 60))}:${p(off % 60)}`
  );
}

/**
 * The outline of a set of grid cells: every cell edge between a marked cell and an unmarked one (or the grid's
 * edge), as corner coordinates [i0, j0, i1, j1, …] where cell (i, j) spans corners i…i+1 × j…j+1. Outlining the
 * region rather than each cell keeps a flood extent readable (a per-cell outline is a mesh over the colours).
 */
export function cellMaskEdges(nx: number, ny: number, marked: Uint8Array): number[] {
  const out: number[] = [];
  const at = (i: number, j: number): boolean =>
    i >= 0 && j >= 0 && i < nx && j < ny && marked[j * nx + i] === 1;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      if (!at(i, j)) continue;
      if (!at(i - 1, j)) out.push(i, j, i, j + 1);
      if (!at(i + 1, j)) out.push(i + 1, j, i + 1, j + 1);
      if (!at(i, j - 1)) out.push(i, j, i + 1, j);
      if (!at(i, j + 1)) out.push(i, j + 1, i + 1, j + 1);
    }
  return out;
}
