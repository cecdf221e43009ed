/**
 * Time-of-day origin–destination demand between the traffic zones of a CityNetwork (docs/traffic.md §2):
 *   1. land use: residents and jobs per zone from building floor area by use class;
 *   2. trip distribution: doubly constrained gravity models (Furness balancing) with a negative-exponential
 *      deterrence on free-flow zone-to-zone times, one for commutes (homes → jobs) and one for other trips;
 *   2b. external traffic: in-commuters fill the jobs the residents cannot, entering at the network's gateways, and
 *      through trips run gateway to gateway;
 *   3. time of day: daily vehicle trips × the hourly share of an observed 24-h profile, split by purpose (to work in
 *      the morning, from work — the transposed matrix — in the evening, other trips all day).
 * All numbers are vehicles per hour. Pure: the same city gives the same matrices.
 */
import { BuildingRole, BuildingUse, type CityModel } from '../scene/types.ts';
import { NO_INDEX } from '../scene/types.ts';
import { interpolate } from '../sim/cityClock.ts';
import { buildForwardStar } from './graph.ts';
import { createShortestPathTree, shortestPathTree } from './shortestPath.ts';
import { locatePoints, ZoneSource, type CityNetwork } from './cityNetwork.ts';
import type { OdDemand } from './types.ts';

/**
 * Residential floor area per resident, m²: urban residents' per-capita housing floor area in China, 39.8 m² in 2019
 * (National Bureau of Statistics of China, 2020 press release on the 2019 living-conditions survey), rounded.
 */
export const FLOOR_M2_PER_RESIDENT = 40;
/**
 * Gross floor area per job, m², by use (after the Homes and Communities Agency, "Employment Density Guide", 3rd ed.,
 * 2015: general office 12–13 m² NIA per FTE, retail 15–20 m², light industry ~47 m²; NIA grossed up to GFA by ÷0.8
 * and rounded). Public, education and health buildings and the remaining classes are our assumptions.
 */
export const FLOOR_M2_PER_JOB = {
  commercial: 20,
  industrial: 50,
  institutional: 40,
  other: 100,
} as const;
/** Buildings of unknown use (most OSM imports) are split half residential, half commercial (assumption). */
export const UNKNOWN_RESIDENTIAL_SHARE = 0.5;
/** Storey height used when a building has no levels, m (residential floor-to-floor ≈ 3 m, GB 50096-2011). */
export const STOREY_M = 3;
/** Person trips per resident per day (Chinese megacity household travel surveys report about 2–2.7; assumption). */
export const PERSON_TRIPS_PER_RESIDENT = 2.5;
/** Share of person trips made by car (Beijing/Shanghai surveys: 20–30 % of trips; assumption). */
export const CAR_MODE_SHARE = 0.25;
/**
 * Persons per car: 1.50 on weekdays (FHWA/BTS, "Highlights of the 2001 National Household Travel Survey",
 * Table A-15, vehicle occupancy per vehicle mile, weekday).
 */
export const CAR_OCCUPANCY = 1.5;
/**
 * Factor on the daily vehicle trips of a demand model built alone (1: the sourced trip rates as they are). The live
 * model and the what-ifs fit their own factor to the observed peak travel-time index (live.ts
 * calibrateDemandScale, docs/traffic.md §2.4): 4.80 on scenes/default, 1.05 on scenes/lujiazui.
 */
export const DEMAND_CALIBRATION = 1;
/**
 * Employed persons per resident: 750.6 million employed for 1,412.1 million residents in China in 2020, 0.53
 * (National Bureau of Statistics of China, "China Statistical Yearbook 2021", tables 2-1 and 4-1). Jobs beyond the
 * scene's own workers are filled by in-commuters from outside (through the gateways).
 */
export const EMPLOYED_PER_RESIDENT = 0.53;
/**
 * Share of the vehicle trips in the scene that only pass through, gateway to gateway (assumption: cordon surveys of
 * urban districts typically find 10–30 % through traffic, more on ring roads; 15 % is a middle value for a window of
 * a city with its own ring).
 */
export const THROUGH_SHARE = 0.15;
/** Through trips only between gateways at least this share of the largest gateway distance apart (assumption). */
export const THROUGH_MIN_SEPARATION = 0.5;
/** Gravity deterrence f(t) = exp(−β·t), β per minute of free-flow time (assumption, calibrated to trip lengths). */
export const DETERRENCE_PER_MIN = 0.05;
/** Residents and jobs per zone when the scene has no buildings to count (assumption, a fallback only). */
export const FALLBACK_PER_ZONE = 1000;

/**
 * Vehicle trips by start hour, 2001 NHTS (FHWA, "Highway Statistics 2006", Table NT-3, Number of Vehicle Trips by
 * Time of Day): Wednesday and Saturday, hours 0–23 (the table's sample counts; only their shares matter).
 */
export const NHTS_WEDNESDAY: readonly number[] = [
  147, 82, 83, 36, 249, 639, 1607, 3893, 2994, 2294, 2600, 2967, 3166, 3032, 3321, 3888, 3959, 4377, 3746,
  2819, 2061, 1559, 783, 381,
];
export const NHTS_SATURDAY: readonly number[] = [
  432, 185, 117, 62, 185, 270, 558, 1147, 2088, 2951, 4096, 4420, 4561, 4088, 4256, 4037, 3823, 3536, 3626,
  2665, 2206, 1925, 1069, 772,
];

/**
 * Share of each hour's weekday trips that go to work / come from work, by local hour (the rest are other trips):
 * weekday 7–9 a.m. trips are predominantly to work and school, the afternoon peak mixes trips home from work with
 * errands (BTS, "Transportation Statistics Annual Report 2005", ch. 4, figs. 4-6/4-7). Values are our reading of
 * that pattern, not a table.
 */
export const TO_WORK_SHARE: readonly (readonly [number, number])[] = [
  [0, 0.05],
  [5.5, 0.55],
  [7.5, 0.6],
  [9.5, 0.25],
  [11, 0.1],
  [15, 0.05],
  [24, 0.05],
];
export const FROM_WORK_SHARE: readonly (readonly [number, number])[] = [
  [0, 0.15],
  [6, 0.03],
  [10, 0.05],
  [12, 0.12],
  [14, 0.1],
  [16.5, 0.4],
  [18, 0.5],
  [19.5, 0.25],
  [22, 0.12],
  [24, 0.15],
];
/** Commute shares are this much lower on weekends. */
const WEEKEND_WORK_FACTOR = 0.3;

/** Residents and jobs per assignment zone. */
export interface ZoneLandUse {
  readonly residents: Float64Array;
  readonly jobs: Float64Array;
  /** True when the scene had no buildings and FALLBACK_PER_ZONE was used. */
  readonly isFallback: boolean;
}

/** Everything needed to produce the OD matrix of any time of day. */
export interface DemandModel {
  readonly zoneCount: number;
  readonly landUse: ZoneLandUse;
  /** Free-flow zone-to-zone times, minutes (row-major; +Infinity when unreachable). */
  readonly skimMin: Float64Array;
  /** Home-based work trips (row = home zone, column = work zone), summing to 1. */
  readonly work: Float64Array;
  /** Other trips, summing to 1. */
  readonly other: Float64Array;
  /** Through trips (gateway → gateway), summing to 1 (all 0 without gateways). */
  readonly through: Float64Array;
  /** Per zone: in-commuters who enter the scene at it (gateways only), persons. */
  readonly externalCommuters: Float64Array;
  /** Vehicle trips per day (weekday) with at least one end in the scene (internal and external–internal). */
  readonly dailyVehicleTrips: number;
  /** Through vehicle trips per day (weekday), gateway to gateway. */
  readonly dailyThroughTrips: number;
}

/** Options of buildDemandModel. */
export interface DemandOptions {
  readonly calibration?: number;
  readonly deterrencePerMin?: number;
}

/** Gross floor area of building i, m² (footprint × levels, levels from height when unknown). */
function floorArea(city: CityModel, i: number): number {
  const b = city.buildings;
  const lv = b.levels[i] as number;
  const levels = lv > 0 ? lv : Math.max(1, Math.round((b.heightM[i] as number) / STOREY_M));
  return (b.areaM2[i] as number) * levels;
}

/** Residents and jobs per zone from the buildings (docs/traffic.md §2.1). */
export function zoneLandUse(city: CityModel, cn: CityNetwork): ZoneLandUse {
  const Z = cn.zoneCount;
  const b = city.buildings;
  const residents = new Float64Array(Z);
  const jobs = new Float64Array(Z);
  const xy = new Float64Array(2 * b.count);
  for (let i = 0; i < b.count; i++) {
    const r0 = b.polyStart[i] as number;
    const a = b.ringStart[r0] as number;
    const e = b.ringStart[r0 + 1] as number;
    let x = 0;
    let y = 0;
    for (let v = a; v < e; v++) {
      x += b.xy[2 * v] as number;
      y += b.xy[2 * v + 1] as number;
    }
    const n = Math.max(1, e - a);
    xy[2 * i] = x / n;
    xy[2 * i + 1] = y / n;
  }
  // Buildings → zones: the polygon that contains them, else the nearest centroid.
  const located =
    cn.zoneSource === ZoneSource.regularGrid
      ? new Uint32Array(b.count).fill(NO_INDEX)
      : locatePoints(city.zones, cn.zoneSceneIndex.subarray(0, cn.internalZoneCount), xy, b.count);
  for (let i = 0; i < b.count; i++) {
    if (b.role !== undefined && b.role[i] === BuildingRole.outline) continue; // its parts carry the floors
    let z = located[i] as number;
    if (z === NO_INDEX) z = nearestZone(cn, xy[2 * i] as number, xy[2 * i + 1] as number);
    if (z === NO_INDEX) continue;
    const f = floorArea(city, i);
    switch (b.use[i]) {
      case BuildingUse.residential:
        residents[z] = (residents[z] as number) + f / FLOOR_M2_PER_RESIDENT;
        break;
      case BuildingUse.commercial:
        jobs[z] = (jobs[z] as number) + f / FLOOR_M2_PER_JOB.commercial;
        break;
      case BuildingUse.industrial:
        jobs[z] = (jobs[z] as number) + f / FLOOR_M2_PER_JOB.industrial;
        break;
      case BuildingUse.public:
      case BuildingUse.education:
      case BuildingUse.health:
        jobs[z] = (jobs[z] as number) + f / FLOOR_M2_PER_JOB.institutional;
        break;
      case BuildingUse.unknown:
        residents[z] = (residents[z] as number) + (f * UNKNOWN_RESIDENTIAL_SHARE) / FLOOR_M2_PER_RESIDENT;
        jobs[z] = (jobs[z] as number) + (f * (1 - UNKNOWN_RESIDENTIAL_SHARE)) / FLOOR_M2_PER_JOB.commercial;
        break;
      default:
        jobs[z] = (jobs[z] as number) + f / FLOOR_M2_PER_JOB.other;
    }
  }
  const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
  if (sum(residents) > 0 && sum(jobs) > 0) return { residents, jobs, isFallback: false };
  const fill = (a: Float64Array): Float64Array => a.fill(FALLBACK_PER_ZONE, 0, cn.internalZoneCount);
  return { residents: fill(new Float64Array(Z)), jobs: fill(new Float64Array(Z)), isFallback: true };
}

/** Nearest zone centroid to (x, y), or NO_INDEX when there are no zones. */
function nearestZone(cn: CityNetwork, x: number, y: number): number {
  let best = NO_INDEX;
  let bd = Infinity;
  for (let z = 0; z < cn.internalZoneCount; z++) {
    const dx = (cn.zoneXY[2 * z] as number) - x;
    const dy = (cn.zoneXY[2 * z + 1] as number) - y;
    const d = dx * dx + dy * dy;
    if (d < bd) {
      bd = d;
      best = z;
    }
  }
  return best;
}

/** Zone-to-zone shortest times on the network's free-flow times, in minutes (network times are hours). */
export function freeFlowSkim(cn: CityNetwork): Float64Array {
  const net = cn.net;
  const Z = net.zoneCount;
  const graph = buildForwardStar(net);
  const tree = createShortestPathTree(net.nodeCount);
  const skim = new Float64Array(Z * Z);
  for (let o = 0; o < Z; o++) {
    shortestPathTree(graph, o, net.freeFlowTime, tree, net.firstThruNode, Z);
    for (let d = 0; d < Z; d++) skim[o * Z + d] = (tree.dist[d] as number) * 60;
  }
  return skim;
}

/** Result of Furness balancing. */
export interface FurnessResult {
  readonly trips: Float64Array;
  readonly iterations: number;
  /** Largest relative deviation of a row or column sum from its target at the end. */
  readonly maxRelError: number;
}

/**
 * Doubly constrained gravity model by Furness (1965) balancing, a.k.a. iterative proportional fitting
 * (Ortúzar & Willumsen 2011, "Modelling Transport", 4th ed., §5.4): T_ij = A_i·O_i·B_j·D_j·f_ij with the balancing
 * factors found by alternately scaling rows to O and columns to D. `rowTargets` and `colTargets` must have equal
 * sums (columns are rescaled to the row total if not); rows/columns with no reachable partner stay 0.
 */
export function furness(
  rowTargets: Float64Array,
  colTargets: Float64Array,
  deterrence: Float64Array,
  opts: { readonly tolerance?: number; readonly maxIterations?: number } = {},
): FurnessResult {
  const n = rowTargets.length;
  const tol = opts.tolerance ?? 1e-9;
  const maxIt = opts.maxIterations ?? 200;
  const rowSum = rowTargets.reduce((s, v) => s + v, 0);
  const colSum = colTargets.reduce((s, v) => s + v, 0);
  const D = colSum > 0 ? colTargets.map((v) => (v * rowSum) / colSum) : colTargets.slice();
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      T[i * n + j] = (rowTargets[i] as number) * (D[j] as number) * (deterrence[i * n + j] as number);
  let err = Infinity;
  let it = 0;
  while (it < maxIt && err > tol) {
    it++;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += T[i * n + j] as number;
      if (s > 0) {
        const k = (rowTargets[i] as number) / s;
        for (let j = 0; j < n; j++) T[i * n + j] = (T[i * n + j] as number) * k;
      }
    }
    const cs = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) cs[j] = (cs[j] as number) + (T[i * n + j] as number);
    err = 0;
    for (let j = 0; j < n; j++) {
      const s = cs[j] as number;
      if (s > 0) {
        const k = (D[j] as number) / s;
        for (let i = 0; i < n; i++) T[i * n + j] = (T[i * n + j] as number) * k;
      }
    }
    // After the column step columns are exact; measure the rows.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += T[i * n + j] as number;
      const t = rowTargets[i] as number;
      if (t > 0 && s > 0) err = Math.max(err, Math.abs(s - t) / t);
    }
  }
  return { trips: T, iterations: it, maxRelError: err };
}

/**
 * Builds the demand model of a city network (land use, skim, gravity matrices, daily totals). With gateways
 * (docs/traffic.md §2.2): the jobs that the scene's own workers cannot fill are taken by in-commuters entering at the
 * gateways (and workers without a local job leave by them), split over the gateways by their inbound capacity; the
 * in-commuters also make their other trips in the scene; through trips run between gateways.
 */
export function buildDemandModel(city: CityModel, cn: CityNetwork, opts: DemandOptions = {}): DemandModel {
  const Z = cn.zoneCount;
  const Zi = cn.internalZoneCount;
  const landUse = zoneLandUse(city, cn);
  const skimMin = freeFlowSkim(cn);
  const beta = opts.deterrencePerMin ?? DETERRENCE_PER_MIN;
  // Intrazonal trips do not load the network: f_ii = 0; nor do gateway-to-gateway pairs here (through trips below).
  const f = new Float64Array(Z * Z);
  for (let o = 0; o < Z; o++)
    for (let d = 0; d < Z; d++) {
      const t = skimMin[o * Z + d] as number;
      f[o * Z + d] = o === d || (o >= Zi && d >= Zi) || !Number.isFinite(t) ? 0 : Math.exp(-beta * t);
    }
  const normalise = (m: Float64Array): Float64Array => {
    const s = m.reduce((a, v) => a + v, 0);
    return s > 0 ? m.map((v) => v / s) : m;
  };
  const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
  const residents = sum(landUse.residents);
  const workers = residents * EMPLOYED_PER_RESIDENT;
  const jobs = sum(landUse.jobs);
  const capSum = sum(cn.gatewayCapacityVph);
  const hasGateways = Z > Zi && capSum > 0;
  const inCommuters = hasGateways ? Math.max(0, jobs - workers) : 0;
  const outCommuters = hasGateways ? Math.max(0, workers - jobs) : 0;
  const externalCommuters = new Float64Array(Z);
  const rows = landUse.residents.map((r) => r * EMPLOYED_PER_RESIDENT);
  const cols = landUse.jobs.slice();
  for (let g = 0; g < Z - Zi; g++) {
    const share = hasGateways ? (cn.gatewayCapacityVph[g] as number) / capSum : 0;
    externalCommuters[Zi + g] = inCommuters * share;
    rows[Zi + g] = inCommuters * share;
    cols[Zi + g] = outCommuters * share;
  }
  const work = normalise(furness(rows, cols, f).trips);
  const activity = landUse.residents.map(
    (r, z) => r + (landUse.jobs[z] as number) + (externalCommuters[z] as number),
  );
  const other = normalise(furness(activity, activity, f).trips);
  // Through trips between gateways ∝ product of their inbound capacities, for gateways at least
  // THROUGH_MIN_SEPARATION of the largest gateway distance apart (a trip that only clips a corner is not through).
  const through = new Float64Array(Z * Z);
  let maxSep = 0;
  for (let a = Zi; a < Z; a++)
    for (let b = Zi; b < Z; b++) maxSep = Math.max(maxSep, zoneDistanceM(cn, a, b));
  for (let a = Zi; a < Z && hasGateways; a++)
    for (let b = Zi; b < Z; b++)
      if (
        a !== b &&
        zoneDistanceM(cn, a, b) >= THROUGH_MIN_SEPARATION * maxSep &&
        Number.isFinite(skimMin[a * Z + b] as number)
      )
        through[a * Z + b] =
          (cn.gatewayCapacityVph[a - Zi] as number) * (cn.gatewayCapacityVph[b - Zi] as number);
  const throughN = normalise(through);
  const calibration = opts.calibration ?? DEMAND_CALIBRATION;
  const dailyVehicleTrips =
    (((residents + inCommuters) * PERSON_TRIPS_PER_RESIDENT * CAR_MODE_SHARE) / CAR_OCCUPANCY) * calibration;
  const dailyThroughTrips = sum(throughN) > 0 ? (dailyVehicleTrips * THROUGH_SHARE) / (1 - THROUGH_SHARE) : 0;
  return {
    zoneCount: Z,
    landUse,
    skimMin,
    work,
    other,
    through: throughN,
    externalCommuters,
    dailyVehicleTrips,
    dailyThroughTrips,
  };
}

/** Straight-line distance between two zone centroids, metres. */
function zoneDistanceM(cn: CityNetwork, a: number, b: number): number {
  return Math.hypot(
    (cn.zoneXY[2 * a] as number) - (cn.zoneXY[2 * b] as number),
    (cn.zoneXY[2 * a + 1] as number) - (cn.zoneXY[2 * b + 1] as number),
  );
}

const sumOf = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0);
const WED_SUM = sumOf(NHTS_WEDNESDAY);
const SAT_SUM = sumOf(NHTS_SATURDAY);

/**
 * Share of the day's vehicle trips per hour at local hour `h` (fractional): the NHTS hourly shares placed at the bin
 * centres (k + 0.5) and interpolated linearly, wrapping at midnight, so demand changes smoothly.
 */
export function hourlyShare(h: number, isWeekend = false): number {
  const prof = isWeekend ? NHTS_SATURDAY : NHTS_WEDNESDAY;
  const total = isWeekend ? SAT_SUM : WED_SUM;
  const x = (((h - 0.5) % 24) + 24) % 24;
  const k = Math.floor(x);
  const u = x - k;
  return (((prof[k] as number) * (1 - u) + (prof[(k + 1) % 24] as number) * u) as number) / total;
}

/** Purpose split at local hour h: [to work, from work]; the rest are other trips. */
export function purposeShares(h: number, isWeekend = false): [number, number] {
  const k = isWeekend ? WEEKEND_WORK_FACTOR : 1;
  return [interpolate(TO_WORK_SHARE, h) * k, interpolate(FROM_WORK_SHARE, h) * k];
}

/**
 * OD demand (vehicles per hour) at local hour `h`: daily trips × hourlyShare × (toWork·W + fromWork·Wᵀ + other·O).
 * Writes into `out` when given (length Z²).
 */
export function demandAt(model: DemandModel, h: number, isWeekend = false, out?: Float64Array): OdDemand {
  const Z = model.zoneCount;
  const trips = out ?? new Float64Array(Z * Z);
  const share = hourlyShare(h, isWeekend);
  const total = model.dailyVehicleTrips * share;
  const totalThrough = model.dailyThroughTrips * share;
  const [pw, pf] = purposeShares(h, isWeekend);
  const po = Math.max(0, 1 - pw - pf);
  const W = model.work;
  const O = model.other;
  const X = model.through;
  for (let o = 0; o < Z; o++)
    for (let d = 0; d < Z; d++) {
      const k = o * Z + d;
      trips[k] =
        total * (pw * (W[k] as number) + pf * (W[d * Z + o] as number) + po * (O[k] as number)) +
        totalThrough * (X[k] as number);
    }
  return { zoneCount: Z, trips };
}
