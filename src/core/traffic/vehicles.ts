/**
 * Vehicle trips for animation, sampled from the equilibrium's used paths (docs/traffic.md §4). One animated vehicle
 * stands for k real ones. N = Σ_p f_p·T_p is the number of real vehicles on the road (Little's law: path flow f_p in
 * veh/h times its road travel time T_p in h). k is fixed from the busiest hour (`setScale(N_peak / target)`), so the
 * animation shows about `target` vehicles at the peak and proportionally fewer at night; when N exceeds N_peak
 * (incidents, a what-if) k becomes N / target, so never more than `target` are shown. Without setScale, k = N / target
 * at every re-solve (the animation always shows about `target`). Departures are drawn at the rate
 * Σ_p f_p / k per hour (deterministic count with a carried remainder, uniform times within the tick), each on path p
 * with probability f_p / Σ f; so in steady state about `target` animated vehicles are on the road. The first sample
 * also seeds the vehicles already under way (departed up to T_p ago, path ∝ f_p·T_p).
 * Connectors are dropped: a trip is its road links with exit times from the link times when it was sampled.
 */
import type { Rng } from '../rng.ts';
import type { PathSet, TripBatch } from './types.ts';

/** Default number of animated vehicles on the road at once. */
export const DEFAULT_TARGET_VEHICLES = 2000;

/** Samples animated trips from a path set. */
export class TripSampler {
  private paths: PathSet | null = null;
  /** Per path: road travel time (h) at the last setPaths and cumulative departure / in-flight weights. */
  private pathTimeH = new Float64Array(0);
  private cumFlow = new Float64Array(0);
  private cumInFlight = new Float64Array(0);
  private totalFlowVph = 0;
  private carry = 0;
  private needsSeed = true;
  private nextId = 0;
  /** Real vehicles on the road now (Σ f·T). */
  realOnRoad = 0;
  /** Real vehicles per animated vehicle. */
  vehiclesPerAnimated = 1;
  /** Fixed k from the busiest hour (0 = none: k follows N). */
  private fixedK = 0;
  // Pending trips (since the last take()).
  private readonly ids: number[] = [];
  private readonly departs: number[] = [];
  private readonly starts: number[] = [0];
  private readonly links: number[] = [];
  private readonly exits: number[] = [];

  /** `roadLinkCount`: links at or above it are connectors and are dropped from trips. */
  constructor(
    private readonly roadLinkCount: number,
    private readonly rng: Rng,
    readonly targetVehicles = DEFAULT_TARGET_VEHICLES,
  ) {
    if (!(targetVehicles > 0)) throw new RangeError(`targetVehicles ${targetVehicles}: expected > 0`);
  }

  /** Animated vehicles on the road now (estimated: real ÷ k). */
  get activeVehicles(): number {
    return Math.round(this.realOnRoad / this.vehiclesPerAnimated);
  }

  /** Fixes k (real vehicles per animated vehicle, > 0), e.g. N at the busiest hour ÷ target. */
  setScale(vehiclesPerAnimated: number): void {
    if (!(vehiclesPerAnimated > 0))
      throw new RangeError(`vehiclesPerAnimated ${vehiclesPerAnimated}: expected > 0`);
    this.fixedK = vehiclesPerAnimated;
  }

  /** Takes a new equilibrium's paths with the link times (hours) they were assigned at. */
  setPaths(paths: PathSet, linkTimeH: ArrayLike<number>): void {
    const P = paths.pathFlow.length;
    this.paths = paths;
    if (this.pathTimeH.length < P) {
      this.pathTimeH = new Float64Array(P);
      this.cumFlow = new Float64Array(P);
      this.cumInFlight = new Float64Array(P);
    }
    let cf = 0;
    let ci = 0;
    for (let p = 0; p < P; p++) {
      let t = 0;
      let roadLinks = 0;
      for (let i = paths.pathStart[p] as number; i < (paths.pathStart[p + 1] as number); i++) {
        const l = paths.pathLinks[i] as number;
        if (l >= this.roadLinkCount) continue;
        t += linkTimeH[l] as number;
        roadLinks++;
      }
      const f = roadLinks > 0 ? Math.max(0, paths.pathFlow[p] as number) : 0;
      this.pathTimeH[p] = t;
      cf += f;
      ci += f * t;
      this.cumFlow[p] = cf;
      this.cumInFlight[p] = ci;
    }
    this.totalFlowVph = cf;
    this.realOnRoad = ci;
    const kNow = ci / this.targetVehicles;
    this.vehiclesPerAnimated = this.fixedK > 0 ? Math.max(this.fixedK, kNow) : ci > 0 ? kNow : 1;
  }

  /** Samples the trips departing in (prevMs, nowMs] (and, the first time, the vehicles already under way). */
  sample(prevMs: number, nowMs: number, linkTimeH: ArrayLike<number>): void {
    const paths = this.paths;
    if (paths === null || this.totalFlowVph <= 0) return;
    const P = paths.pathFlow.length;
    const k = this.vehiclesPerAnimated;
    if (this.needsSeed || Number.isNaN(prevMs)) {
      this.needsSeed = false;
      const n = Math.round(this.realOnRoad / k);
      for (let i = 0; i < n; i++) {
        const p = pick(this.cumInFlight, P, this.rng.next() * (this.cumInFlight[P - 1] as number));
        this.push(p, nowMs - this.rng.next() * (this.pathTimeH[p] as number) * 3_600_000, linkTimeH);
      }
      return;
    }
    const dtH = Math.max(0, nowMs - prevMs) / 3_600_000;
    this.carry += (this.totalFlowVph / k) * dtH;
    const n = Math.floor(this.carry);
    this.carry -= n;
    for (let i = 0; i < n; i++) {
      const p = pick(this.cumFlow, P, this.rng.next() * this.totalFlowVph);
      this.push(p, prevMs + this.rng.next() * (nowMs - prevMs), linkTimeH);
    }
  }

  /** The trips sampled since the last call, or null when there are none. */
  take(): TripBatch | null {
    const count = this.ids.length;
    if (count === 0) return null;
    const batch: TripBatch = {
      count,
      tripId: Uint32Array.from(this.ids),
      departSimMs: Float64Array.from(this.departs),
      linkStart: Uint32Array.from(this.starts),
      links: Uint32Array.from(this.links),
      exitS: Float32Array.from(this.exits),
    };
    this.ids.length = 0;
    this.departs.length = 0;
    this.starts.length = 1;
    this.links.length = 0;
    this.exits.length = 0;
    return batch;
  }

  private push(p: number, departMs: number, linkTimeH: ArrayLike<number>): void {
    const paths = this.paths as PathSet;
    let t = 0;
    for (let i = paths.pathStart[p] as number; i < (paths.pathStart[p + 1] as number); i++) {
      const l = paths.pathLinks[i] as number;
      if (l >= this.roadLinkCount) continue;
      t += (linkTimeH[l] as number) * 3600;
      this.links.push(l);
      this.exits.push(t);
    }
    this.ids.push(this.nextId);
    this.nextId = (this.nextId + 1) >>> 0;
    this.departs.push(departMs);
    this.starts.push(this.links.length);
  }
}

/** First index i in [0, n) with cum[i] > u (binary search); n − 1 when none. */
function pick(cum: Float64Array, n: number, u: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
