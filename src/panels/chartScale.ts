/**
 * Pure scaling for the small SVG charts of the panels (no chart library): "nice" axis ticks, linear scales, round
 * clock-time ticks and SVG path strings that break at missing values.
 */

/** A closed numeric interval [min, max]. */
export interface Extent {
  readonly min: number;
  readonly max: number;
}

/** Min and max of the finite values of `values`; null when none is finite. */
export function finiteExtent(values: ArrayLike<number>): Extent | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * The "nice" tick step (1, 2 or 5 × 10^k) closest above span / targetTicks — the rule of Heckbert, "Nice numbers for
 * graph labels", Graphics Gems (1990), without its rounding of the span.
 */
export function niceStep(span: number, targetTicks: number): number {
  if (!(span > 0) || !(targetTicks > 0)) return 1;
  const raw = span / targetTicks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * mag;
}

/** Axis from the data extent: bounds widened outward to whole steps, and the ticks between them. */
export interface NiceAxis {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * A nice axis covering [min, max] with about `targetTicks` intervals. `floor` (e.g. 0 for speeds and flows) is
 * included in the axis when given. A flat extent is widened by one step on each side so the line is not on an edge.
 */
export function niceAxis(extent: Extent, targetTicks = 4, floor?: number): NiceAxis {
  let lo = floor !== undefined ? Math.min(floor, extent.min) : extent.min;
  let hi = extent.max;
  if (hi - lo <= 0) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    hi += pad;
    if (floor === undefined || lo - pad >= floor) lo -= pad;
  }
  const step = niceStep(hi - lo, targetTicks);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  const n = Math.round((max - min) / step);
  // Multiply rather than accumulate so 0.1 + 0.2 style drift does not leak into the labels.
  for (let i = 0; i <= n; i++) ticks.push(round12(min + i * step));
  return { min: round12(min), max: round12(max), step, ticks };
}

/** Rounds away floating-point noise (12 significant digits). */
function round12(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(12));
}

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  if (span === 0) {
    const mid = (r0 + r1) / 2;
    return () => mid;
  }
  const k = (r1 - r0) / span;
  return (v) => r0 + (v - d0) * k;
}

/** Candidate tick steps for a clock-time axis, minutes. */
const TIME_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440] as const;

/**
 * Ticks at round clock times (multiples of a step from TIME_STEPS_MIN on the clock that is `offsetMs` ahead of UTC)
 * inside [t0Ms, t1Ms], with at most `maxTicks` of them.
 */
export function timeTicks(
  t0Ms: number,
  t1Ms: number,
  maxTicks = 5,
  offsetMs = 0,
): { stepMin: number; ticks: number[] } {
  if (!(t1Ms > t0Ms)) return { stepMin: 0, ticks: Number.isFinite(t0Ms) ? [t0Ms] : [] };
  const spanMin = (t1Ms - t0Ms) / 60_000;
  let stepMin: number = TIME_STEPS_MIN[TIME_STEPS_MIN.length - 1] as number;
  for (const s of TIME_STEPS_MIN) {
    if (spanMin / s <= maxTicks) {
      stepMin = s;
      break;
    }
  }
  const stepMs = stepMin * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((t0Ms + offsetMs) / stepMs) * stepMs - offsetMs; t <= t1Ms; t += stepMs)
    ticks.push(t);
  return { stepMin, ticks };
}

/**
 * An SVG path through the points (xs[i], ys[i]) mapped by sx/sy, starting a new sub-path after every missing
 * (non-finite) value so gaps in the data show as gaps. Returns the path and the number of points drawn.
 */
export function seriesPath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): { d: string; points: number } {
  const n = Math.min(xs.length, ys.length);
  const parts: string[] = [];
  let pen = false;
  let points = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    pen = true;
    points++;
  }
  return { d: parts.join(''), points };
}

/** Compact tick label: up to 3 significant digits, thousands as "k" (1500 → "1.5k", 0.25 → "0.25"). */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 10_000) return `${round12(v / 1000)}k`;
  if (a >= 1000) return `${Number((v / 1000).toFixed(1))}k`;
  return String(Number(v.toPrecision(3)));
}
