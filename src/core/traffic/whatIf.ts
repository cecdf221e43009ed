/**
 * What-if runs for the planner (docs/traffic.md §6): the baseline and a scenario with levers applied, both at the
 * same time of day, each solved to the target relative gap; the result carries both KPI sets and the per-link deltas.
 * Levers: close a link or a whole way (e.g. a bridge, both directions), remove lanes (capacity scales with the lanes
 * left), change demand to/from a district by ±pct, and change a signal's green split (capacity ∝ g/C, HCM 2010
 * ch. 18: approaches in the same phase as the named one get g/C = greenRatio, crossing approaches what is left after
 * the lost time, 1 − L/C − greenRatio, at least 0.05).
 */
import { NO_INDEX, type CityModel } from '../scene/types.ts';
import { CST_OFFSET_MIN, localHour, localWeekday } from '../sim/cityClock.ts';
import { DEFAULT_TARGET_GAP, solveEquilibrium, type EquilibriumResult } from './assignment.ts';
import { buildCityNetwork, LOST_TIME_RATIO, type CityNetwork } from './cityNetwork.ts';
import { demandAt, type DemandModel } from './demand.ts';
import { buildCalibratedDemand } from './live.ts';
import { computeTrafficKpis, createKpiContext, type KpiContext } from './kpi.ts';
import type { AssignmentNetwork, TrafficKpis, TrafficLever, TrafficWhatIfResult } from './types.ts';

/** Smallest green ratio a crossing approach keeps when another phase gets more green. */
const MIN_CROSS_GREEN = 0.05;
/** Approaches whose headings differ by less than this (or from the opposite direction) share a phase, degrees. */
const SAME_PHASE_DEG = 45;

/** Options of runTrafficWhatIf. */
export interface TrafficWhatIfOptions {
  readonly targetGap?: number;
  readonly onProgress?: (fraction: number) => void;
  readonly utcOffsetMin?: number;
  /** Prebuilt network and demand of the city (default: built here). */
  readonly network?: CityNetwork;
  readonly demand?: DemandModel;
  /** Clock for elapsedMs (default performance.now). Only reported, never used in the model. */
  readonly now?: () => number;
}

const isInt = (v: number): boolean => Number.isInteger(v);

/** Checks a lever against the city; returns a precise English reason naming the field, or null when valid. */
export function validateTrafficLever(city: CityModel, lever: TrafficLever): string | null {
  const r = city.roads;
  const badLink = (field: string, l: number): string | null =>
    isInt(l) && l >= 0 && l < r.linkCount
      ? null
      : `${field}: ${l} is not a road link (0..${r.linkCount - 1})`;
  switch (lever.kind) {
    case 'closeLink':
      return badLink('closeLink.link', lever.link);
    case 'closeWay':
      return isInt(lever.way) && lever.way >= 0 && lever.way < r.ways.length
        ? null
        : `closeWay.way: ${lever.way} is not a way (0..${r.ways.length - 1})`;
    case 'removeLanes': {
      const e = badLink('removeLanes.link', lever.link);
      if (e !== null) return e;
      const lanes = r.lanes[lever.link] as number;
      if (!isInt(lever.lanes) || lever.lanes < 1)
        return `removeLanes.lanes: ${lever.lanes} must be an integer ≥ 1`;
      if (lever.lanes >= lanes)
        return `removeLanes.lanes: ${lever.lanes} ≥ the link's ${lanes} lane${lanes === 1 ? '' : 's'} (use closeLink to close it)`;
      return null;
    }
    case 'demandByDistrict': {
      const z = lever.zone;
      if (!isInt(z) || z < 0 || z >= city.zones.count) {
        return `demandByDistrict.zone: ${z} is not a zone (0..${city.zones.count - 1})`;
      }
      if (city.zones.level[z] !== 0) return `demandByDistrict.zone: zone ${z} is a grid cell, not a district`;
      if (!(Number.isFinite(lever.pct) && lever.pct >= -100 && lever.pct <= 200)) {
        return `demandByDistrict.pct: ${lever.pct} must be within −100 … +200`;
      }
      return null;
    }
    case 'signalGreenSplit': {
      const n = lever.node;
      if (!isInt(n) || n < 0 || n >= r.nodeCount) {
        return `signalGreenSplit.node: ${n} is not a road node (0..${r.nodeCount - 1})`;
      }
      if (r.nodeSignal[n] !== 1) return `signalGreenSplit.node: node ${n} is not signalised`;
      const e = badLink('signalGreenSplit.link', lever.link);
      if (e !== null) return e;
      if (r.linkTo[lever.link] !== n)
        return `signalGreenSplit.link: link ${lever.link} does not end at node ${n}`;
      if (!(Number.isFinite(lever.greenRatio) && lever.greenRatio >= 0.1 && lever.greenRatio <= 0.9)) {
        return `signalGreenSplit.greenRatio: ${lever.greenRatio} must be within 0.1 … 0.9`;
      }
      return null;
    }
    default: {
      const never: never = lever;
      return `lever: unknown kind ${JSON.stringify((never as { kind?: unknown }).kind)}`;
    }
  }
}

/** Heading of the last segment of road link l, radians. */
function arrivalHeading(city: CityModel, l: number): number {
  const r = city.roads;
  const b = r.geomStart[l + 1] as number;
  const a = r.geomStart[l] as number;
  if (b - a >= 2) {
    return Math.atan2(
      (r.geomXY[2 * b - 1] as number) - (r.geomXY[2 * b - 3] as number),
      (r.geomXY[2 * b - 2] as number) - (r.geomXY[2 * b - 4] as number),
    );
  }
  const f = r.linkFrom[l] as number;
  const t = r.linkTo[l] as number;
  return Math.atan2(
    (r.nodeXY[2 * t + 1] as number) - (r.nodeXY[2 * f + 1] as number),
    (r.nodeXY[2 * t] as number) - (r.nodeXY[2 * f] as number),
  );
}

/** A scenario: network arrays and demand factors after applying levers. */
export interface LeverEffect {
  readonly capacity: Float64Array;
  readonly closed: Uint8Array;
  /** Per assignment zone, demand factor of trips from/to it (a trip counts the larger factor of its two ends). */
  readonly zoneDemandFactor: Float64Array;
}

/** Applies levers to the base network of `cn` (levers must be valid; see validateTrafficLever). */
export function applyLevers(city: CityModel, cn: CityNetwork, levers: readonly TrafficLever[]): LeverEffect {
  const r = city.roads;
  const capacity = cn.net.capacity.slice();
  const closed = new Uint8Array(cn.net.linkCount);
  const zoneDemandFactor = new Float64Array(cn.zoneCount).fill(1);
  for (const lever of levers) {
    const err = validateTrafficLever(city, lever);
    if (err !== null) throw new RangeError(err);
    switch (lever.kind) {
      case 'closeLink':
        closed[lever.link] = 1;
        break;
      case 'closeWay':
        for (let l = 0; l < r.linkCount; l++) if (r.linkWay[l] === lever.way) closed[l] = 1;
        break;
      case 'removeLanes': {
        const lanes = r.lanes[lever.link] as number;
        capacity[lever.link] = ((capacity[lever.link] as number) * (lanes - lever.lanes)) / lanes;
        break;
      }
      case 'demandByDistrict': {
        const d = Array.prototype.indexOf.call(cn.districts, lever.zone) as number;
        for (let z = 0; z < cn.zoneCount; z++) {
          if (d >= 0 && cn.zoneDistrict[z] === d) {
            zoneDemandFactor[z] = (zoneDemandFactor[z] as number) * (1 + lever.pct / 100);
          }
        }
        break;
      }
      case 'signalGreenSplit': {
        const h0 = arrivalHeading(city, lever.link);
        for (let l = 0; l < r.linkCount; l++) {
          if (r.linkTo[l] !== lever.node) continue;
          let dh = Math.abs(arrivalHeading(city, l) - h0) % Math.PI; // parallel or opposite → 0
          dh = Math.min(dh, Math.PI - dh);
          const same = (dh * 180) / Math.PI < SAME_PHASE_DEG;
          const g = same
            ? lever.greenRatio
            : Math.max(MIN_CROSS_GREEN, 1 - LOST_TIME_RATIO - lever.greenRatio);
          capacity[l] = (cn.sceneCapacityVph[l] as number) * g;
        }
        break;
      }
      default: {
        const never: never = lever;
        throw new RangeError(`unknown lever ${JSON.stringify(never)}`);
      }
    }
  }
  return { capacity, closed, zoneDemandFactor };
}

/** KPIs of an equilibrium on a network. */
function kpisOf(
  ctx: KpiContext,
  net: AssignmentNetwork,
  res: EquilibriumResult,
  simTimeMs: number,
  R: number,
): TrafficKpis {
  const vc = new Float64Array(R);
  for (let l = 0; l < R; l++) vc[l] = (res.linkFlow[l] as number) / Math.max(1e-9, net.capacity[l] as number);
  return computeTrafficKpis(ctx, {
    simTimeMs,
    flowVph: res.linkFlow,
    timeH: res.linkTime,
    freeTimeH: net.freeFlowTime,
    vc,
    relativeGap: res.relativeGap,
    activeVehicles: 0,
    vehiclesPerAnimated: 1,
  });
}

/** Network and fitted demand per city object, so repeated what-ifs on the same scene do not refit. */
const DEFAULT_MODELS = new WeakMap<CityModel, { network: CityNetwork; demand: DemandModel }>();

/** Runs the baseline and the scenario with `levers` at the time of day of `simTimeMs` (see the file header). */
export function runTrafficWhatIf(
  city: CityModel,
  simTimeMs: number,
  levers: readonly TrafficLever[],
  opts: TrafficWhatIfOptions = {},
): TrafficWhatIfResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  let cn = opts.network;
  let dm = opts.demand;
  if (cn === undefined || dm === undefined) {
    // The live model's demand (fitted to the peak TTI, docs/traffic.md §2.4), built once per city object.
    let cached = DEFAULT_MODELS.get(city);
    if (cached === undefined) {
      const network = buildCityNetwork(city);
      cached = { network, demand: buildCalibratedDemand(city, network).demand };
      DEFAULT_MODELS.set(city, cached);
    }
    if (cn === undefined) cn = cached.network;
    dm ??= cn === cached.network ? cached.demand : buildCalibratedDemand(city, cn).demand;
  }
  const effect = applyLevers(city, cn, levers);
  const utc = opts.utcOffsetMin ?? CST_OFFSET_MIN;
  const targetGap = opts.targetGap ?? DEFAULT_TARGET_GAP;
  const Z = cn.zoneCount;
  const R = cn.roadLinkCount;
  const base = demandAt(dm, localHour(simTimeMs, utc), localWeekday(simTimeMs, utc) >= 5);
  const ctx = createKpiContext(city, cn, demandAt(dm, 8).trips);
  opts.onProgress?.(0);
  // Progress of one solve from its gap: log-linear from the first iteration's gap down to the target (gradient
  // projection closes the gap roughly geometrically), so the bar moves steadily on big networks.
  const solveProgress = (from: number, span: number) => {
    let gap0 = Number.NaN;
    let best = 0;
    return (_iteration: number, gap: number): void => {
      if (Number.isNaN(gap0)) gap0 = Math.max(gap, targetGap * 1.0001);
      const done = Math.log(gap0 / Math.max(gap, targetGap)) / Math.log(gap0 / targetGap);
      // The sweep's gap estimate can rise for an iteration: the bar never moves back.
      best = Math.max(best, Math.min(1, done));
      opts.onProgress?.(from + span * best);
    };
  };
  const baseRes = solveEquilibrium(cn.net, base, { targetGap, onIteration: solveProgress(0, 0.5) });
  const baseline = kpisOf(ctx, cn.net, baseRes, simTimeMs, R);
  opts.onProgress?.(0.5);

  const trips = base.trips.slice();
  const f = effect.zoneDemandFactor;
  for (let o = 0; o < Z; o++)
    for (let d = 0; d < Z; d++) {
      const fo = f[o] as number;
      const fd = f[d] as number;
      // A trip with one end in a changed district takes that district's factor; with both ends changed, the one
      // farther from 1 (so a +50 % district does not grow its internal trips by 125 %).
      const k = Math.abs(fo - 1) >= Math.abs(fd - 1) ? fo : fd;
      trips[o * Z + d] = (trips[o * Z + d] as number) * k;
    }
  const scenNet: AssignmentNetwork = { ...cn.net, capacity: effect.capacity };
  const scenRes = solveEquilibrium(
    scenNet,
    { zoneCount: Z, trips },
    { targetGap, closed: effect.closed, onIteration: solveProgress(0.5, 0.5) },
  );
  const scenario = kpisOf(ctx, scenNet, scenRes, simTimeMs, R);
  opts.onProgress?.(1);

  const linkDeltaFlowVph = new Float32Array(R);
  const linkDeltaSpeedKph = new Float32Array(R);
  const scenarioSpeedKph = new Float32Array(R);
  const baselineFlowVph = Float32Array.from(baseRes.linkFlow.subarray(0, R));
  const scenarioFlowVph = Float32Array.from(scenRes.linkFlow.subarray(0, R));
  for (let l = 0; l < R; l++) {
    const lenKm = (cn.net.length[l] as number) / 1000;
    const sb = lenKm / (baseRes.linkTime[l] as number);
    const ss = effect.closed[l] === 1 ? 0 : lenKm / (scenRes.linkTime[l] as number);
    scenarioSpeedKph[l] = ss;
    linkDeltaSpeedKph[l] = ss - sb;
    linkDeltaFlowVph[l] = (scenRes.linkFlow[l] as number) - (baseRes.linkFlow[l] as number);
  }
  return {
    baseline,
    scenario,
    linkDeltaFlowVph,
    linkDeltaSpeedKph,
    scenarioSpeedKph,
    baselineFlowVph,
    scenarioFlowVph,
    baselineGap: baseRes.relativeGap,
    scenarioGap: scenRes.relativeGap,
    elapsedMs: now() - t0,
  };
}

/** Scene zone index of the district an assignment zone lies in, or NO_INDEX. */
export function districtOfZone(cn: CityNetwork, zone: number): number {
  const d = cn.zoneDistrict[zone] as number;
  return d === NO_INDEX ? NO_INDEX : (cn.districts[d] as number);
}
