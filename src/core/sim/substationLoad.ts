/**
 * Placeholder substation loads for the `substation_meter` sensors: a residential/commercial mix of daily profiles
 * scaled to the nearest substation's rating, plus a temperature term. The energy issue replaces this with the
 * source–network–load–storage model.
 */
import { Channel } from '../protocol/channels.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import type { Rng } from '../rng.ts';
import { PowerKind, type PowerAssets, type Sensors } from '../scene/types.ts';
import { interpolate, localHour, reportsInTick } from './cityClock.ts';

/** Residential load as a share of its daily peak by local hour: low at night, small morning bump, 20:00 peak. */
export const RESIDENTIAL_PROFILE: readonly (readonly [number, number])[] = [
  [0, 0.5],
  [4, 0.35],
  [7, 0.55],
  [9, 0.5],
  [12, 0.55],
  [16, 0.6],
  [19, 0.95],
  [20.5, 1],
  [23, 0.65],
  [24, 0.5],
];
/** Commercial load: office hours plateau 09:00–18:00. */
export const COMMERCIAL_PROFILE: readonly (readonly [number, number])[] = [
  [0, 0.3],
  [6, 0.32],
  [8, 0.7],
  [9.5, 0.95],
  [12, 1],
  [17.5, 0.95],
  [19, 0.6],
  [22, 0.38],
  [24, 0.3],
];

/** Rating assumed for a meter with no substation nearby or an unknown rating, MVA. */
const DEFAULT_RATING_MVA = 40;
/** Peak load as a share of rating × power factor (substations are sized with N−1 headroom, so ~60 %). */
const PEAK_SHARE = 0.6;
const POWER_FACTOR = 0.95;

/**
 * Temperature sensitivity: +2.5 %/°C above 24 °C (cooling) and +1.5 %/°C below 12 °C (heating); the order of
 * magnitude reported for Chinese city loads (e.g. summer 2–4 %/°C in regional load–temperature studies).
 */
export function temperatureFactor(temperatureC: number): number {
  if (temperatureC > 24) return 1 + 0.025 * (temperatureC - 24);
  if (temperatureC < 12) return 1 + 0.015 * (12 - temperatureC);
  return 1;
}

/** Produces loadMW readings for the substation meters. */
export class SubstationLoadProducer {
  private readonly peakMW: Float32Array;
  private readonly residentialShare: Float32Array;

  /** `meters`: sensor indices of substation meters. */
  constructor(
    private readonly meters: Uint32Array,
    sensors: Sensors,
    power: PowerAssets,
    private readonly rng: Rng,
    private readonly utcOffsetMin: number,
  ) {
    const n = meters.length;
    this.peakMW = new Float32Array(n);
    this.residentialShare = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const s = meters[i] as number;
      const rating = nearestSubstationRating(
        power,
        sensors.xy[2 * s] as number,
        sensors.xy[2 * s + 1] as number,
      );
      this.peakMW[i] = (rating > 0 ? rating : DEFAULT_RATING_MVA) * POWER_FACTOR * PEAK_SHARE;
      this.residentialShare[i] = rng.range(0.2, 0.8);
    }
  }

  /** Writes the readings of meters that report in (prevMs, nowMs], at air temperature `temperatureC`. */
  emit(prevMs: number, nowMs: number, periodMs: number, temperatureC: number, out: ReadingColumns): void {
    const h = localHour(nowMs, this.utcOffsetMin);
    const res = interpolate(RESIDENTIAL_PROFILE, h);
    const com = interpolate(COMMERCIAL_PROFILE, h);
    const tf = temperatureFactor(temperatureC);
    for (let i = 0; i < this.meters.length; i++) {
      const phase = (i * 7919) % periodMs;
      if (!Number.isNaN(prevMs) && !reportsInTick(prevMs, nowMs, periodMs, phase)) continue;
      const r = this.residentialShare[i] as number;
      const shape = r * res + (1 - r) * com;
      const loadMW = (this.peakMW[i] as number) * shape * tf * (1 + 0.02 * this.rng.normal());
      out.push(this.meters[i] as number, Channel.loadMW, Math.max(0, loadMW));
    }
  }
}

/** Rating (MVA) of the substation or import point nearest to (x, y), or 0 when the city has none. */
function nearestSubstationRating(power: PowerAssets, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  let rating = 0;
  for (let i = 0; i < power.count; i++) {
    const k = power.kind[i];
    if (k !== PowerKind.substation && k !== PowerKind.import) continue;
    const dx = (power.xy[2 * i] as number) - x;
    const dy = (power.xy[2 * i + 1] as number) - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < best) {
      best = d2;
      rating = power.ratingMW[i] as number;
    }
  }
  return rating;
}
