/**
 * Pure maths of the energy panels (no React; unit-tested in energyFormat.test.ts): today's figures from the balance
 * history (energy-weighted renewable share, emissions, peak demand), the firm capacity of the grid model, the stacked
 * layers of the balance chart, and how alarms are ranked, worded and mapped to the asset they select.
 */
import type { AlarmKind, EnergyAlarm } from '../core/energy/city/energySim.ts';
import type { CityGridModel } from '../core/energy/city/gridModel.ts';
import type { EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';

/** One day, ms. */
export const DAY_MS = 86_400_000;
/** The live model's dispatch interval, ms (LiveEnergyOptions.intervalMin = 5): used when a history has one point. */
export const DEFAULT_DISPATCH_STEP_MS = 300_000;

/** Start of the local calendar day (clock `utcOffsetMin` minutes ahead of UTC) that contains `simTimeMs`, in UTC ms. */
export function localDayStartMs(simTimeMs: number, utcOffsetMin: number): number {
  const off = utcOffsetMin * 60_000;
  return Math.floor((simTimeMs + off) / DAY_MS) * DAY_MS - off;
}

/**
 * Local clock time "HH:MM" of `simTimeMs`, prefixed with its local date "MM-DD " when it falls before `todayStartMs`
 * (an alarm log spans 24 hours: 20:45 yesterday must not read as this evening).
 */
export function dayClock(simTimeMs: number, todayStartMs: number, utcOffsetMin: number): string {
  if (!Number.isFinite(simTimeMs)) return '—';
  const iso = new Date(simTimeMs + utcOffsetMin * 60_000).toISOString();
  const hm = iso.slice(11, 16);
  return simTimeMs < todayStartMs ? `${iso.slice(5, 10)} ${hm}` : hm;
}

/** The dispatch step of a history: the smallest positive spacing of consecutive points (default 5 minutes). */
export function dispatchStepMs(history: readonly EnergyBalance[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < history.length; i++) {
    const d = history[i]!.simTimeMs - history[i - 1]!.simTimeMs;
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? best : DEFAULT_DISPATCH_STEP_MS;
}

/** Figures of the local day so far (points at or after local midnight of the newest point). */
export interface TodayStats {
  /** Local midnight, UTC ms. */
  readonly dayStartMs: number;
  /** Dispatch steps counted. */
  readonly points: number;
  /** Renewable energy used / load served, 0…1, energy-weighted; NaN when no load was served. */
  readonly renewableShare: number;
  /** Served energy, MWh. */
  readonly servedMwh: number;
  /** CO₂ emitted, t. */
  readonly emissionsT: number;
  /** Highest demand (served + shed + unserved), MW, and the step time it occurred (the first one on a tie). */
  readonly peakDemandMw: number;
  readonly peakTimeMs: number;
}

/**
 * Today's figures. Each dispatch step's rates hold for one step (`stepMs`, the rectangle rule: the live model
 * dispatches at the start of each 5-minute slot and holds its set points until the next). Renewable share =
 * Σ (PV + wind) / Σ served load over the day's steps, the energy-weighted form of docs/energy.md §5's per-step share
 * (equal steps cancel out); emissions = Σ emissionsTPerH × step hours. Null when the history is empty.
 */
export function todayStats(
  history: readonly EnergyBalance[],
  utcOffsetMin: number,
  stepMs = dispatchStepMs(history),
): TodayStats | null {
  const last = history[history.length - 1];
  if (last === undefined) return null;
  const dayStartMs = localDayStartMs(last.simTimeMs, utcOffsetMin);
  const stepH = stepMs / 3_600_000;
  let re = 0;
  let load = 0;
  let co2 = 0;
  let peak = Number.NEGATIVE_INFINITY;
  let peakAt = Number.NaN;
  let points = 0;
  for (const b of history) {
    if (b.simTimeMs < dayStartMs) continue;
    points++;
    re += b.pvMw + b.windMw;
    load += b.loadMw;
    co2 += b.emissionsTPerH;
    if (b.demandMw > peak) {
      peak = b.demandMw;
      peakAt = b.simTimeMs;
    }
  }
  return {
    dayStartMs,
    points,
    renewableShare: load > 0 ? re / load : Number.NaN,
    servedMwh: load * stepH,
    emissionsT: co2 * stepH,
    peakDemandMw: peak,
    peakTimeMs: peakAt,
  };
}

/** Firm capacity of a grid model, MW: what can be relied on at the evening peak when PV and wind give nothing. */
export interface FirmCapacity {
  readonly importMw: number;
  readonly thermalMw: number;
  readonly storageMw: number;
  readonly totalMw: number;
}

/**
 * Firm capacity = import limit (import transformer MVA × 0.95 power factor, CityGridModel.importLimitMw) + Σ thermal
 * ratings + Σ storage power ratings. Renewables count zero (their capacity credit at an evening peak is near zero),
 * and storage counts at full power although its energy limits how long.
 */
export function firmCapacity(m: CityGridModel): FirmCapacity {
  let thermalMw = 0;
  for (let i = 0; i < m.thermal.count; i++) thermalMw += m.thermal.ratingMw[i]!;
  let storageMw = 0;
  for (let i = 0; i < m.storage.count; i++) storageMw += m.storage.powerMw[i]!;
  return {
    importMw: m.importLimitMw,
    thermalMw,
    storageMw,
    totalMw: m.importLimitMw + thermalMw + storageMw,
  };
}

/** value / total as a percentage; NaN when total is not positive. */
export function percentOf(value: number, total: number): number {
  return total > 0 ? (value / total) * 100 : Number.NaN;
}

/** Import share of the served load, 0…1 (negative while the city exports); NaN with no load. */
export function importShare(b: EnergyBalance): number {
  return b.loadMw > 0 ? b.importMw / b.loadMw : Number.NaN;
}

// ---- the balance chart ------------------------------------------------------------------------------------------

/** The layers of the stacked balance chart, drawn in this order from zero outward. */
export const BALANCE_LAYERS = ['import', 'thermal', 'pv', 'wind', 'discharge', 'charge', 'export'] as const;
export type BalanceLayer = (typeof BALANCE_LAYERS)[number];

/** Layers above zero (sources) and below zero (storage charging and export), in stacking order. */
const ABOVE: readonly BalanceLayer[] = ['import', 'thermal', 'pv', 'wind', 'discharge'];
const BELOW: readonly BalanceLayer[] = ['charge', 'export'];

/** MW of one layer in one step (≥ 0 above zero, ≤ 0 below). */
function layerMw(b: EnergyBalance, l: BalanceLayer): number {
  switch (l) {
    case 'import':
      return Math.max(0, b.importMw);
    case 'thermal':
      return b.thermalMw;
    case 'pv':
      return b.pvMw;
    case 'wind':
      return b.windMw;
    case 'discharge':
      return b.storageDischargeMw;
    case 'charge':
      return -b.storageChargeMw;
    case 'export':
      return Math.min(0, b.importMw);
    default: {
      const never: never = l;
      return never;
    }
  }
}

/** Lower and upper edge of every layer per step, MW; an absent layer has lo = hi. */
export interface StackedBalance {
  readonly times: Float64Array;
  readonly lo: Readonly<Record<BalanceLayer, Float64Array>>;
  readonly hi: Readonly<Record<BalanceLayer, Float64Array>>;
  /** Whether a layer is non-zero anywhere (the legend lists only those). */
  readonly present: Readonly<Record<BalanceLayer, boolean>>;
  /** Lowest lower edge and highest of the upper edges, load and demand, MW. */
  readonly minMw: number;
  readonly maxMw: number;
  /** Whether demand ever exceeded the served load (shed or unserved > 0): the demand line is then drawn. */
  readonly hasShortfall: boolean;
}

/**
 * Stacks the sources of each step upward from zero (import, thermal, PV, wind, storage discharge) and storage charging
 * and export downward from zero. Sources − charging = served load + losses (docs/energy.md §5's balance), so the top
 * of the stack sits above the load line by the losses.
 */
export function stackBalance(history: readonly EnergyBalance[]): StackedBalance {
  const n = history.length;
  const mk = (): Record<BalanceLayer, Float64Array> =>
    Object.fromEntries(BALANCE_LAYERS.map((l) => [l, new Float64Array(n)])) as Record<
      BalanceLayer,
      Float64Array
    >;
  const lo = mk();
  const hi = mk();
  const present = Object.fromEntries(BALANCE_LAYERS.map((l) => [l, false])) as Record<BalanceLayer, boolean>;
  const times = new Float64Array(n);
  let minMw = 0;
  let maxMw = 0;
  let hasShortfall = false;
  for (let i = 0; i < n; i++) {
    const b = history[i]!;
    times[i] = b.simTimeMs;
    for (const group of [ABOVE, BELOW]) {
      let base = 0;
      for (const l of group) {
        const v = layerMw(b, l);
        lo[l][i] = base;
        base += v;
        hi[l][i] = base;
        if (v !== 0) present[l] = true;
      }
      if (base > maxMw) maxMw = base;
      if (base < minMw) minMw = base;
    }
    if (b.loadMw > maxMw) maxMw = b.loadMw;
    if (b.demandMw > maxMw) maxMw = b.demandMw;
    if (b.shedMw + b.unservedMw > 0) hasShortfall = true;
  }
  return { times, lo, hi, present, minMw, maxMw, hasShortfall };
}

/**
 * SVG path of a band between `lo` and `hi` (the upper edge forward, the lower edge back, closed), x = sx(times[i]);
 * '' for fewer than two points or a band that is zero everywhere.
 */
export function bandPath(
  times: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const n = Math.min(times.length, lo.length, hi.length);
  if (n < 2) return '';
  let any = false;
  for (let i = 0; i < n; i++) if (hi[i] !== lo[i]) any = true;
  if (!any) return '';
  const parts: string[] = [];
  for (let i = 0; i < n; i++)
    parts.push(
      `${i === 0 ? 'M' : 'L'}${sx(times[i] as number).toFixed(1)},${sy(hi[i] as number).toFixed(1)}`,
    );
  for (let i = n - 1; i >= 0; i--)
    parts.push(`L${sx(times[i] as number).toFixed(1)},${sy(lo[i] as number).toFixed(1)}`);
  parts.push('Z');
  return parts.join('');
}

/**
 * Text anchor of a time-tick label at x: 'start' / 'end' within `marginPixels` of the plot's left / right edge so
 * that "06:35" at the edge is not cut off by the SVG's viewBox, else 'middle'.
 */
export function edgeAnchor(
  x: number,
  leftPixels: number,
  rightPixels: number,
  marginPixels = 14,
): 'start' | 'middle' | 'end' {
  if (x < leftPixels + marginPixels) return 'start';
  if (x > rightPixels - marginPixels) return 'end';
  return 'middle';
}

// ---- alarms -----------------------------------------------------------------------------------------------------

/** The asset an alarm's index points at; null for system-wide kinds (and for index −1, see alarmSelection). */
export function alarmAssetKind(kind: AlarmKind): EnergyAssetKind | null {
  switch (kind) {
    case 'sectionOverload':
    case 'undervoltage':
    case 'overvoltage':
      return 'bus';
    case 'transformerOverload':
    case 'importOverload':
      return 'station';
    case 'hvLineOverload':
      return 'hvLine';
    case 'loadShed':
      return 'feeder';
    case 'unserved':
    case 'powerFlow':
      return null;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The selection a click on an alarm makes, or null when it names no single element (index −1). */
export function alarmSelection(a: EnergyAlarm): { asset: EnergyAssetKind; index: number } | null {
  const asset = alarmAssetKind(a.kind);
  return asset !== null && a.index >= 0 ? { asset, index: a.index } : null;
}

/** What an alarm's value and limit measure: a loading share, a voltage (p.u.), power (MW) or a solver mismatch. */
export type AlarmMeasure = 'loading' | 'voltage' | 'power' | 'mismatch';

/** The measure of an alarm kind (EnergyAlarm.value: "loading share, voltage p.u., or MW"). */
export function alarmMeasure(kind: AlarmKind): AlarmMeasure {
  switch (kind) {
    case 'sectionOverload':
    case 'transformerOverload':
    case 'hvLineOverload':
    case 'importOverload':
      return 'loading';
    case 'undervoltage':
    case 'overvoltage':
      return 'voltage';
    case 'loadShed':
    case 'unserved':
      return 'power';
    case 'powerFlow':
      return 'mismatch';
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * How far an alarm is beyond its limit, as a ratio ≥ 1 (1 = at the limit): value / limit for loadings and
 * overvoltage, limit / value for undervoltage (a lower voltage is worse). Power shortfalls (limit 0: any shed load
 * is customers off supply) and a non-converged power flow rank above every limit violation: +∞.
 */
export function alarmSeverity(a: EnergyAlarm): number {
  switch (alarmMeasure(a.kind)) {
    case 'loading':
      return a.limit > 0 ? a.value / a.limit : Number.POSITIVE_INFINITY;
    case 'voltage':
      if (a.kind === 'undervoltage') return a.value > 0 ? a.limit / a.value : Number.POSITIVE_INFINITY;
      return a.limit > 0 ? a.value / a.limit : Number.POSITIVE_INFINITY;
    case 'power':
    case 'mismatch':
      return Number.POSITIVE_INFINITY;
  }
}

/** Alarms most severe first; ties (e.g. two shortfalls) by the larger value, then kind and index for stability. */
export function sortAlarms(alarms: readonly EnergyAlarm[]): EnergyAlarm[] {
  return alarms
    .map((a) => ({ a, s: alarmSeverity(a) }))
    .sort(
      (x, y) =>
        (x.s === y.s ? 0 : y.s > x.s ? 1 : -1) ||
        y.a.value - x.a.value ||
        (x.a.kind < y.a.kind ? -1 : x.a.kind > y.a.kind ? 1 : 0) ||
        x.a.index - y.a.index,
    )
    .map((x) => x.a);
}

/** A number with fixed decimals and thousands separators ('—' when not finite); as app/format.ts fmt. */
function num(v: number, digits: number): string {
  return Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
}

/** An alarm's value and limit with units: "112 %" / "100 %", "0.912 p.u." / "0.93 p.u.", "3.2 MW" / "", mismatch. */
export function alarmValueText(a: EnergyAlarm): { value: string; limit: string } {
  switch (alarmMeasure(a.kind)) {
    case 'loading':
      return { value: `${num(a.value * 100, 0)} %`, limit: `${num(a.limit * 100, 0)} %` };
    case 'voltage':
      return { value: `${num(a.value, 3)} p.u.`, limit: `${num(a.limit, 2)} p.u.` };
    case 'power':
      return { value: `${num(a.value, 1)} MW`, limit: '' };
    case 'mismatch':
      return { value: `${a.value.toExponential(1)} p.u.`, limit: `${a.limit.toExponential(0)} p.u.` };
  }
}

// ---- the overview tile ------------------------------------------------------------------------------------------

/**
 * Smallest change of a share, percentage points, that the tile calls a trend (half a point), and the smallest range
 * its sparkline draws full height (5 points). A judgement, not a standard: the simulator's ±2 % per-feeder load noise
 * moves a 5 % renewable share by about ±0.1 point, well below it, while a relative tolerance (as the traffic trend
 * uses) makes night-time shares near 0 % flicker between ▲ and ▼.
 */
export const SHARE_TREND_MIN_PP = 0.5;
export const SHARE_SPARK_MIN_SPAN_PP = 5;

/**
 * Direction of a share series (percent): the mean of the newest `window` values against the mean of the `window`
 * before them; changes within ±minPp percentage points are flat. Fewer than 2 values → flat.
 */
export function shareTrend(
  values: readonly number[],
  window = 3,
  minPp = SHARE_TREND_MIN_PP,
): 'up' | 'down' | 'flat' {
  const n = values.length;
  if (n < 2) return 'flat';
  const w = Math.max(1, Math.min(window, Math.floor(n / 2)));
  let recent = 0;
  let before = 0;
  for (let i = 0; i < w; i++) {
    recent += values[n - 1 - i]!;
    before += values[n - 1 - w - i]!;
  }
  const d = (recent - before) / w;
  if (!Number.isFinite(d)) return 'flat';
  return d > minPp ? 'up' : d < -minPp ? 'down' : 'flat';
}

/** Renewable share per step, percent, of the newest `count` steps (the tile's trend). */
export function renewableTrendPct(history: readonly EnergyBalance[], count: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, history.length - count); i < history.length; i++)
    out.push(history[i]!.renewableShare * 100);
  return out;
}
