/**
 * The live traffic model behind the feed (docs/traffic.md §3): every `modelIntervalMin` simulated minutes, and
 * whenever incidents or weather change link capacities, it re-solves the user equilibrium of the current time slice's
 * demand, warm-started from the previous solution with a FIXED iteration cap (never a time budget: the same seed and
 * tick times give the same feed on any machine). The displayed flows relax toward the equilibrium by exponential
 * smoothing, x ← x + (x* − x)·(1 − e^(−Δt/τ)); speeds are the BPR speeds at the displayed flow under the current
 * capacities, so an incident slows its link at once while the flows re-route over the following minutes.
 *
 * Weather (HCM 2010, Exhibit 10-15, freeway capacity reductions for weather, average values; via FHWA-HOP-13-042
 * Appendix A, Table 33): rain ≤ 2.54 mm/h (0.10 in/h) −2.01 %, ≤ 6.35 mm/h (0.25 in/h) −7.24 %, heavier −14.13 %;
 * wind 16–32 km/h (10–20 mi/h) −1.07 %, > 32 km/h −1.47 %. Free-flow speed in rain: −10 % light, −16 % heavy (FHWA
 * figures quoted by Prevedouros & Kongsil 2003, "Synthesis of the effects of wet conditions on highway speed and
 * capacity", Univ. of Hawaii), medium rain interpolated −13 %. The same factors are applied to urban streets.
 */
import type { Rng } from '../rng.ts';
import { createRng } from '../rng.ts';
import type { CityModel } from '../scene/types.ts';
import { CST_OFFSET_MIN, localHour, localWeekday } from '../sim/cityClock.ts';
import { solveEquilibrium, type EquilibriumResult } from './assignment.ts';
import { bprTime } from './bpr.ts';
import { buildCityNetwork, type CityNetwork } from './cityNetwork.ts';
import { buildDemandModel, demandAt, hourlyShare, type DemandModel } from './demand.ts';
import { computeTrafficKpis, createKpiContext, type KpiContext } from './kpi.ts';
import type { AssignmentNetwork, LiveTrafficFrame, OdDemand, TrafficKpis, TripBatch } from './types.ts';
import { DEFAULT_TARGET_VEHICLES, TripSampler } from './vehicles.ts';

/** Minutes between scheduled re-solves (the demand's time slice). */
export const DEFAULT_MODEL_INTERVAL_MIN = 5;
/**
 * Relative gap target of each live re-solve. Boyce, Ralevic-Dekic & Bar-Gera (2004) recommend ≤ 1e-4 for comparing
 * scenarios — the what-if runs use that; the live display, smoothed over τ = 5 min, uses 1e-3, which keeps a warm
 * re-solve of the congested default city at 0–4 iterations (docs/traffic.md §3, "cost"). The reached gap is in the
 * KPIs (`relativeGap`).
 */
export const LIVE_TARGET_GAP = 1e-3;
/** Fixed iteration cap per re-solve (deterministic; warm starts usually need 0–3). */
export const LIVE_MAX_ITERATIONS = 25;
/**
 * Iteration cap and gap of the one-off solve of the busiest hour that fixes the animation scale k (the number of
 * vehicles on the road, Σ x·t, changes by well under 1 % between gap 1e-3 and 1e-4).
 */
const PEAK_SCALE_MAX_ITERATIONS = 12;
const PEAK_SCALE_GAP = 1e-3;

/** The busiest local hour of the demand profile (largest hourly share, weekday or weekend, half-hour steps). */
export function busiestHour(): { hour: number; isWeekend: boolean } {
  let best = { hour: 0, isWeekend: false };
  let bestShare = -1;
  for (const isWeekend of [false, true])
    for (let k = 0; k < 48; k++) {
      const share = hourlyShare(k / 2, isWeekend);
      if (share > bestShare) {
        bestShare = share;
        best = { hour: k / 2, isWeekend };
      }
    }
  return best;
}

/** Real vehicles on the road links at equilibrium, Σ x·t over road links (Little's law), for an OD matrix. */
export function vehiclesOnRoad(
  cn: CityNetwork,
  od: OdDemand,
  maxIterations: number,
  targetGap: number,
): number {
  const res = solveEquilibrium(cn.net, od, { targetGap, maxIterations });
  let n = 0;
  for (let l = 0; l < cn.roadLinkCount; l++) n += (res.linkFlow[l] as number) * (res.linkTime[l] as number);
  return n;
}

/**
 * Target city travel-time index that the demand scale is fitted to when the live model builds its own demand: the
 * mean of the weekday 08:00 and 17:30 equilibria (docs/traffic.md §2.4). AutoNavi (高德地图, "China Major Cities
 * Traffic Analysis Report") and the Beijing Transport Institute's TPI put the weekday peak congestion index of large
 * Chinese cities at about 1.6–2.0 (figures as quoted in issue 3's brief, not re-checked); we take the middle, 1.8. Both peaks are fitted together because the NHTS hourly profile has 27 %
 * more trips at 17:30 than at 08:00: fitting one would push the other out of the range.
 */
export const TARGET_PEAK_TTI = 1.8;
/** Local hours (weekday) whose mean TTI the demand scale is fitted at: the morning and evening peaks. */
export const CALIBRATION_HOURS: readonly number[] = [8, 17.5];
/** Fit tolerance on the TTI, fit steps allowed and the scale's bounds (deterministic: fixed caps, no time budget). */
const CALIBRATION = {
  tolerance: 0.01,
  maxSolves: 10,
  minScale: 0.02,
  maxScale: 50,
  maxIterations: 40,
  gap: 1e-3,
  roughGap: 1e-2,
  roughBand: 0.1,
};

/** Result of fitting the demand scale. */
export interface DemandCalibration {
  /** Factor applied to the demand model's daily trips. */
  readonly scale: number;
  /** Mean city TTI at CALIBRATION_HOURS with that scale, and the fit steps (each solves every hour) it took. */
  readonly tti: number;
  readonly solves: number;
}

/** City TTI Σ x·t ÷ Σ x·t0 over road links of an equilibrium (1 with no flow). */
function cityTtiOf(cn: CityNetwork, flow: ArrayLike<number>, time: ArrayLike<number>): number {
  let a = 0;
  let b = 0;
  for (let l = 0; l < cn.roadLinkCount; l++) {
    a += (flow[l] as number) * (time[l] as number);
    b += (flow[l] as number) * (cn.net.freeFlowTime[l] as number);
  }
  return b > 0 ? a / b : 1;
}

/**
 * Fits a factor on the demand so that the weekday CALIBRATION_HOURS equilibria have mean city TTI `targetTti`: secant
 * steps on ln(TTI − 1) against ln(scale) (TTI − 1 grows like a power of the demand under BPR costs), each solve
 * warm-started from the last, at most CALIBRATION.maxSolves solves. The same network and demand give the same scale.
 */
export function calibrateDemandScale(
  cn: CityNetwork,
  demand: DemandModel,
  targetTti: number,
): DemandCalibration {
  const bases = CALIBRATION_HOURS.map((h) => demandAt(demand, h, false));
  const warm: (EquilibriumResult | null)[] = bases.map(() => null);
  const od = new Float64Array(demand.zoneCount * demand.zoneCount);
  const ttiAt = (scale: number, gap: number): number => {
    let sum = 0;
    bases.forEach((base, i) => {
      for (let k = 0; k < od.length; k++) od[k] = (base.trips[k] as number) * scale;
      const prev = warm[i] ?? null;
      const res = solveEquilibrium(
        cn.net,
        { zoneCount: base.zoneCount, trips: od },
        {
          targetGap: gap,
          maxIterations: CALIBRATION.maxIterations,
          ...(prev === null ? {} : { warmStart: prev }),
        },
      );
      warm[i] = res;
      sum += cityTtiOf(cn, res.linkFlow, res.linkTime);
    });
    return sum / bases.length;
  };
  const clamp = (x: number): number => Math.min(CALIBRATION.maxScale, Math.max(CALIBRATION.minScale, x));
  const lnExcess = (tti: number): number => Math.log(Math.max(1e-6, tti - 1));
  const goal = lnExcess(targetTti);
  // Far from the target a rough equilibrium (gap 1e-2) is enough to aim the next step; within 0.1 of the target
  // the step is measured again at gap 1e-3, and only such fine measurements are accepted.
  let gap = CALIBRATION.roughGap;
  let s0 = 1;
  let y0 = lnExcess(ttiAt(s0, gap));
  let solves = 1;
  // First step: assume TTI − 1 ∝ scale³ (between the BPR β = 4 of one link and a network's milder response).
  let s1 = clamp(s0 * Math.exp((goal - y0) / 3));
  let best: { scale: number; tti: number } | null = null;
  let last = { scale: s0, tti: 1 + Math.exp(y0) };
  while (solves < CALIBRATION.maxSolves) {
    const t1 = ttiAt(s1, gap);
    solves++;
    last = { scale: s1, tti: t1 };
    if (gap === CALIBRATION.gap) {
      if (best === null || Math.abs(t1 - targetTti) < Math.abs(best.tti - targetTti)) best = last;
      if (Math.abs(t1 - targetTti) <= CALIBRATION.tolerance) break;
    } else if (Math.abs(t1 - targetTti) <= CALIBRATION.roughBand) {
      gap = CALIBRATION.gap;
      continue; // measure s1 again, finely
    }
    const y1 = lnExcess(t1);
    const slope = (y1 - y0) / (Math.log(s1) - Math.log(s0));
    const next =
      Number.isFinite(slope) && slope > 0.2 ? Math.exp(Math.log(s1) + (goal - y1) / slope) : s1 * 2;
    s0 = s1;
    y0 = y1;
    s1 = clamp(next);
    if (s1 === s0) break; // pinned at a bound
  }
  const fit = best ?? last;
  return { scale: fit.scale, tti: fit.tti, solves };
}

/** The city's demand model scaled by calibrateDemandScale to `targetTti` (what the live model and what-ifs use). */
export function buildCalibratedDemand(
  city: CityModel,
  cn: CityNetwork,
  targetTti: number = TARGET_PEAK_TTI,
): { demand: DemandModel; calibration: DemandCalibration } {
  const raw = buildDemandModel(city, cn);
  const calibration = calibrateDemandScale(cn, raw, targetTti);
  const k = calibration.scale;
  return {
    demand: {
      ...raw,
      dailyVehicleTrips: raw.dailyVehicleTrips * k,
      dailyThroughTrips: raw.dailyThroughTrips * k,
    },
    calibration,
  };
}

/**
 * The per-city traffic models a LiveTrafficModel builds by default: the network, the demand fitted to a target peak
 * TTI (and its fit), and the busiest hour's vehicles on the road (the animation scale). All pure functions of the
 * city and the target, and read-only once built (LiveTrafficModel copies the arrays it changes).
 */
export interface CityTrafficModels {
  readonly network: CityNetwork;
  readonly demand: DemandModel;
  readonly calibration: DemandCalibration;
  /** Real vehicles on the road in the busiest hour (vehiclesOnRoad at PEAK_SCALE_*), computed on first use. */
  peakVehiclesOnRoad(): number;
}

/**
 * Per-city memo of cityTrafficModels, keyed by the CityModel object (then by the target TTI). The demand fit costs
 * a dozen equilibria (≈ 2–3 s on the default scene, docs/BENCHMARKS.md "Hazard what-if"), and every city simulator
 * of a scene — the hazard what-if forks two per run, the planner's worker runs many — would otherwise repeat it with
 * identical inputs and so identical results. A WeakMap: a scene that is dropped takes its models with it.
 */
const CITY_MODELS = new WeakMap<CityModel, Map<number, CityTrafficModels>>();

/**
 * The network, fitted demand and peak-hour vehicle count of `city` for `targetTti`, built once per city object
 * (bit-identical to building them afresh: same pure builders, same inputs; the city must not be mutated after).
 */
export function cityTrafficModels(city: CityModel, targetTti: number = TARGET_PEAK_TTI): CityTrafficModels {
  let byTarget = CITY_MODELS.get(city);
  if (byTarget === undefined) {
    byTarget = new Map();
    CITY_MODELS.set(city, byTarget);
  }
  let m = byTarget.get(targetTti);
  if (m === undefined) {
    // The network of this target's first entry, when there is one: networks do not depend on the target.
    const first = byTarget.values().next();
    const network = first.done === true ? buildCityNetwork(city) : first.value.network;
    const { demand, calibration } = buildCalibratedDemand(city, network, targetTti);
    let peak = Number.NaN;
    m = {
      network,
      demand,
      calibration,
      peakVehiclesOnRoad() {
        if (Number.isNaN(peak)) {
          const h = busiestHour();
          peak = vehiclesOnRoad(
            network,
            demandAt(demand, h.hour, h.isWeekend),
            PEAK_SCALE_MAX_ITERATIONS,
            PEAK_SCALE_GAP,
          );
        }
        return peak;
      },
    };
    byTarget.set(targetTti, m);
  }
  return m;
}

/** Smoothing time constant τ of the displayed flows, minutes (≈ one slice, so slices blend without steps). */
export const DEFAULT_SMOOTHING_MIN = 5;

/**
 * Slowest speed the live frame and the KPIs report for a road link, km/h: a stop-and-go queue moves at walking pace.
 * The static equilibrium has fixed demand, so when floods or outages close most routes across the city the few links
 * left open get v/c of 10 or more and BPR times thousands of times free flow; the queues that would really form (and
 * the trips that would not be made) are outside a static model. ASSUMPTION: the displayed time of a link is capped at
 * its time at this crawl speed (a gridlocked link). The equilibrium itself (routing) keeps the uncapped BPR cost.
 */
export const CRAWL_SPEED_KPH = 5;

/** Link time capped at the crawl-speed time (CRAWL_SPEED_KPH), h. */
export function crawlCappedTimeH(timeH: number, lengthM: number): number {
  const crawlH = lengthM / 1000 / CRAWL_SPEED_KPH;
  return timeH > crawlH ? Math.max(crawlH, 0) : timeH;
}

/** Capacity and free-flow speed factors for the weather now (HCM 2010 Exhibit 10-15 etc., see the file header). */
export function weatherFactors(rainMmH: number, windMS: number): { capacity: number; speed: number } {
  let cap = 1;
  let speed = 1;
  if (rainMmH > 6.35) {
    cap *= 1 - 0.1413;
    speed = 1 - 0.16;
  } else if (rainMmH > 2.54) {
    cap *= 1 - 0.0724;
    speed = 1 - 0.13;
  } else if (rainMmH > 0.1) {
    // Below 0.1 mm/h it is drizzle on a dry road: no adjustment (the HCM bin starts at "> 0").
    cap *= 1 - 0.0201;
    speed = 1 - 0.1;
  }
  const windKph = windMS * 3.6;
  if (windKph > 32.2) cap *= 1 - 0.0147;
  else if (windKph > 16.1) cap *= 1 - 0.0107;
  return { capacity: cap, speed };
}

/** Options of the live model. */
export interface LiveTrafficOptions {
  readonly utcOffsetMin?: number;
  readonly modelIntervalMin?: number;
  readonly smoothingMin?: number;
  readonly targetGap?: number;
  readonly maxIterations?: number;
  readonly targetVehicles?: number;
  /** RNG for vehicle sampling (default: a fixed seed). */
  readonly rng?: Rng;
  /**
   * Real vehicles per animated vehicle k (default: vehicles on the road in the busiest hour ÷ targetVehicles, from
   * a one-off equilibrium of that hour).
   */
  readonly vehiclesPerAnimated?: number;
  /**
   * Mean weekday 08:00 / 17:30 city TTI the demand is scaled to when the model builds its own demand (default TARGET_PEAK_TTI;
   * null: no fit, the demand model as built). Ignored when `demand` is given.
   */
  readonly targetPeakTti?: number | null;
  /** Prebuilt network and demand (default: built from the city). */
  readonly network?: CityNetwork;
  readonly demand?: DemandModel;
}

/** Weather inputs of the live model. */
export interface TrafficWeather {
  readonly rainMmH: number;
  readonly windMS: number;
}

interface MutableFrame {
  version: number;
  simTimeMs: number;
  readonly linkSpeedKph: Float32Array;
  readonly linkFlowVph: Float32Array;
  readonly linkVc: Float32Array;
}

/** The live traffic model of one city (see the file header). */
export class LiveTrafficModel {
  readonly network: CityNetwork;
  readonly demand: DemandModel;
  readonly kpiContext: KpiContext;
  private readonly net: AssignmentNetwork;
  /** Current capacity and free-flow time per assignment link (road links change; connectors never). */
  private readonly capacity: Float64Array;
  private readonly freeFlowTime: Float64Array;
  private readonly odScratch: Float64Array;
  private readonly eqFlow: Float64Array;
  private readonly shownFlow: Float64Array;
  private readonly timeH: Float64Array;
  private readonly frameState: MutableFrame;
  private readonly sampler: TripSampler;
  private readonly intervalMs: number;
  private readonly tauMs: number;
  private readonly utcOffsetMin: number;
  private readonly targetGap: number;
  private readonly maxIterations: number;
  private slice = Number.NaN;
  private capacityDirty = true;
  private prevMs = Number.NaN;
  private latestKpis: TrafficKpis | null = null;
  /** The last equilibrium (null before the first step). */
  result: EquilibriumResult | null = null;
  /** Number of re-solves so far. */
  solves = 0;
  /** The demand-scale fit (null when the demand was given or the fit was switched off). */
  readonly calibration: DemandCalibration | null;
  /** Real vehicles on the road in the busiest hour (NaN when k was given). */
  readonly peakVehiclesOnRoad: number;

  /**
   * Builds the network, demand and KPI context of `city`. With neither `network` nor `demand` given and a target
   * TTI, they come from the per-city memo (cityTrafficModels: the fit costs ≈ 2–3 s on the default city the first
   * time, nothing after); otherwise they are built here.
   */
  constructor(city: CityModel, opts: LiveTrafficOptions = {}) {
    const target = opts.targetPeakTti === undefined ? TARGET_PEAK_TTI : opts.targetPeakTti;
    const shared =
      opts.network === undefined && opts.demand === undefined && target !== null
        ? cityTrafficModels(city, target)
        : null;
    this.network = shared?.network ?? opts.network ?? buildCityNetwork(city);
    if (shared !== null) {
      this.demand = shared.demand;
      this.calibration = shared.calibration;
    } else if (opts.demand !== undefined || target === null) {
      this.demand = opts.demand ?? buildDemandModel(city, this.network);
      this.calibration = null;
    } else {
      const fitted = buildCalibratedDemand(city, this.network, target);
      this.demand = fitted.demand;
      this.calibration = fitted.calibration;
    }
    const cn = this.network;
    this.utcOffsetMin = opts.utcOffsetMin ?? CST_OFFSET_MIN;
    this.intervalMs = (opts.modelIntervalMin ?? DEFAULT_MODEL_INTERVAL_MIN) * 60_000;
    if (!(this.intervalMs > 0))
      throw new RangeError(`modelIntervalMin ${opts.modelIntervalMin}: expected > 0`);
    this.tauMs = (opts.smoothingMin ?? DEFAULT_SMOOTHING_MIN) * 60_000;
    this.targetGap = opts.targetGap ?? LIVE_TARGET_GAP;
    this.maxIterations = opts.maxIterations ?? LIVE_MAX_ITERATIONS;
    // Commute pairs ranked by the weekday 08:00 demand.
    this.kpiContext = createKpiContext(city, cn, demandAt(this.demand, 8).trips);
    this.capacity = cn.net.capacity.slice();
    this.freeFlowTime = cn.net.freeFlowTime.slice();
    this.net = { ...cn.net, capacity: this.capacity, freeFlowTime: this.freeFlowTime };
    const Z = cn.zoneCount;
    const R = cn.roadLinkCount;
    this.odScratch = new Float64Array(Z * Z);
    this.eqFlow = new Float64Array(R);
    this.shownFlow = new Float64Array(R);
    this.timeH = new Float64Array(R);
    this.frameState = {
      version: 0,
      simTimeMs: Number.NaN,
      linkSpeedKph: new Float32Array(R),
      linkFlowVph: new Float32Array(R),
      linkVc: new Float32Array(R),
    };
    this.sampler = new TripSampler(
      R,
      opts.rng ?? createRng(0x7a11c),
      opts.targetVehicles ?? DEFAULT_TARGET_VEHICLES,
    );
    if (opts.vehiclesPerAnimated !== undefined) {
      this.peakVehiclesOnRoad = Number.NaN;
      this.sampler.setScale(opts.vehiclesPerAnimated);
    } else {
      if (shared !== null) this.peakVehiclesOnRoad = shared.peakVehiclesOnRoad();
      else {
        const peak = busiestHour();
        const od = demandAt(this.demand, peak.hour, peak.isWeekend);
        this.peakVehiclesOnRoad = vehiclesOnRoad(cn, od, PEAK_SCALE_MAX_ITERATIONS, PEAK_SCALE_GAP);
      }
      if (this.peakVehiclesOnRoad > 0)
        this.sampler.setScale(this.peakVehiclesOnRoad / this.sampler.targetVehicles);
    }
  }

  /** The displayed link state (arrays are reused; `version` bumps when they change). */
  get frame(): LiveTrafficFrame {
    return this.frameState;
  }

  /** KPIs of the last equilibrium (null before the first step). */
  kpis(): TrafficKpis | null {
    return this.latestKpis;
  }

  /** Trips sampled since the last call, or null. */
  takeTrips(): TripBatch | null {
    return this.sampler.take();
  }

  /** Current capacity of road link l, veh/h (after signals, incidents and weather). */
  linkCapacityVph(l: number): number {
    return this.capacity[l] as number;
  }

  /**
   * Advances to `simTimeMs`: applies the incident capacity factors (per road link, 1 = none; null = none) and the
   * weather, re-solves when the slice or a capacity changed, relaxes the displayed state and samples vehicles.
   * Returns true when it re-solved.
   */
  step(simTimeMs: number, incidentFactor: ArrayLike<number> | null, weather: TrafficWeather | null): boolean {
    const cn = this.network;
    const R = cn.roadLinkCount;
    const base = cn.net;
    const wf = weather === null ? { capacity: 1, speed: 1 } : weatherFactors(weather.rainMmH, weather.windMS);
    for (let l = 0; l < R; l++) {
      const f = incidentFactor === null || l >= incidentFactor.length ? 1 : (incidentFactor[l] as number);
      const cap = (base.capacity[l] as number) * f * wf.capacity;
      const t0 = (base.freeFlowTime[l] as number) / wf.speed;
      if (cap !== this.capacity[l] || t0 !== this.freeFlowTime[l]) {
        this.capacity[l] = cap;
        this.freeFlowTime[l] = t0;
        this.capacityDirty = true;
      }
    }
    const slice = Math.floor(simTimeMs / this.intervalMs);
    let solved = false;
    if (slice !== this.slice || this.capacityDirty || this.result === null) {
      this.slice = slice;
      this.capacityDirty = false;
      this.solve(simTimeMs, slice * this.intervalMs);
      solved = true;
    }

    // Relax the displayed flows toward the equilibrium, then derive times, speeds and v/c.
    const first = Number.isNaN(this.prevMs);
    const a = first ? 1 : 1 - Math.exp(-Math.max(0, simTimeMs - this.prevMs) / this.tauMs);
    const fr = this.frameState;
    for (let l = 0; l < R; l++) {
      const x =
        (this.shownFlow[l] as number) + ((this.eqFlow[l] as number) - (this.shownFlow[l] as number)) * a;
      this.shownFlow[l] = x;
      const cap = this.capacity[l] as number;
      if (!(cap > 0)) {
        // Closed (a hazard, a what-if): no traffic on it at once, whatever was shown before.
        this.shownFlow[l] = 0;
        this.timeH[l] = this.freeFlowTime[l] as number;
        fr.linkFlowVph[l] = 0;
        fr.linkSpeedKph[l] = 0;
        fr.linkVc[l] = 0;
        continue;
      }
      const t = crawlCappedTimeH(
        bprTime(this.freeFlowTime[l] as number, base.alpha[l] as number, base.beta[l] as number, cap, x),
        base.length[l] as number,
      );
      this.timeH[l] = t;
      fr.linkFlowVph[l] = x;
      fr.linkSpeedKph[l] = t > 0 ? (base.length[l] as number) / 1000 / t : 0;
      fr.linkVc[l] = cap > 0 ? x / cap : 0;
    }
    fr.version++;
    fr.simTimeMs = simTimeMs;
    this.sampler.sample(this.prevMs, simTimeMs, this.timeH);
    this.prevMs = simTimeMs;
    return solved;
  }

  private solve(simTimeMs: number, sliceStartMs: number): void {
    const h = localHour(sliceStartMs, this.utcOffsetMin);
    const weekend = localWeekday(sliceStartMs, this.utcOffsetMin) >= 5;
    const od = demandAt(this.demand, h, weekend, this.odScratch);
    const prev = this.result;
    const res = solveEquilibrium(this.net, od, {
      targetGap: this.targetGap,
      maxIterations: this.maxIterations,
      ...(prev === null ? {} : { warmStart: prev }),
    });
    this.result = res;
    this.solves++;
    const cn = this.network;
    const R = cn.roadLinkCount;
    this.eqFlow.set(res.linkFlow.subarray(0, R));
    this.sampler.setPaths(res.paths, res.linkTime);
    const vc = new Float64Array(R);
    for (let l = 0; l < R; l++)
      vc[l] = (res.linkFlow[l] as number) / Math.max(1e-9, this.capacity[l] as number);
    // KPIs on the displayed (crawl-capped) road link times; connectors keep theirs.
    const shownTime = Float64Array.from(res.linkTime);
    for (let l = 0; l < R; l++) shownTime[l] = crawlCappedTimeH(shownTime[l]!, cn.net.length[l] as number);
    this.latestKpis = computeTrafficKpis(this.kpiContext, {
      simTimeMs,
      flowVph: res.linkFlow,
      timeH: shownTime,
      // Against nominal free-flow times, so that rain shows up as congestion.
      freeTimeH: cn.net.freeFlowTime,
      vc,
      relativeGap: res.relativeGap,
      activeVehicles: this.sampler.activeVehicles,
      vehiclesPerAnimated: this.sampler.vehiclesPerAnimated,
    });
  }
}
