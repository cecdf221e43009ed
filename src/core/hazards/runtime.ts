/**
 * The live hazard runtime (docs/resilience.md §runtime): runs the hazards an operator or a schedule triggers, minute
 * by minute, through warning → response → recovery, and couples them to the other domains of the twin.
 *
 * PUBLIC API (stable; mock-server and the city simulator use exactly this):
 *
 *   const rt = new HazardRuntime(city, grid: CityGridModel | null, { seed, utcOffsetMin });
 *   rt.trigger(spec: HazardSpec, simMs): HazardCommandAnswer        // validates; ids 'HZ-0001', …
 *   rt.cancel(id, simMs): HazardCommandAnswer                          // ends it, lifts its closures/trips
 *   rt.acknowledge(id, operator, simMs): HazardCommandAnswer           // acknowledges the current alert level
 *   rt.command(cmd: HazardCommand, simMs): HazardCommandAnswer         // the three above from a wire command
 *   rt.step(simMs, ctx: HazardStepContext): void                       // each tick, BEFORE traffic and energy
 *   rt.coupling: HazardCoupling                                        // read after step(): link factors, trips,
 *                                                                      //   weather override (versions bump on change)
 *   rt.active: boolean                                                 // anything to do (false: step is ~free)
 *   rt.message(simMs): HazardMessage | null                            // the next `hazard` stream message, when due
 *   rt.snapshot(): HazardSnapshot                                      // whole cascade log + lifeline history
 *   rt.floodFrame(): RuntimeFloodFrame | null                          // the active flood, once per simulated minute
 *   rt.takeReports(): HazardReport[]                                   // 一网统管 reports raised since the last call
 *   rt.noteWorkOrder(key, orderId, simMs): boolean                     // a report became a work order → cascade node
 *   rt.hazards(): ActiveHazard[]                                       // every hazard so far (copies)
 *
 * Time: the models advance in 1-simulated-minute steps on minute boundaries (catching up at most MAX_CATCH_UP_MIN
 * steps per call). A rainstorm's or heat wave's onset is trigger + leadMin rounded UP to the next minute boundary;
 * earthquakes and fires start at the trigger itself. Pure and deterministic: no Date, no Math.random; the same city,
 * options, commands and step times give the same messages.
 */
import type { CityGridModel } from '../energy/city/gridModel.ts';
import {
  MAX_EVAC_ROUTES,
  MAX_LIFELINE_HISTORY,
  MAX_RESCUE,
  type HazardCommand,
  type HazardCommandAnswer,
  type HazardMessage,
  type HazardSnapshot,
  parseHazardCommand,
} from '../protocol/hazardMessages.ts';
import { createRng, type Rng } from '../rng.ts';
import { NO_INDEX, PoiKind, type CityModel } from '../scene/types.ts';
import { localHour } from '../sim/cityClock.ts';
import type { WeatherOverride, WeatherState } from '../sim/weather.ts';
import { CascadeLog, LinkIndex, convexHull, fmt, type HazardReport, type NodeInput } from './cascade.ts';
import { assessEarthquake, pgaG, quakeCityIndex, type QuakeDamage } from './earthquake.ts';
import { COLLAPSE_SHARE, INDOOR_CASUALTY_PCT, MODEL_TYPES } from './fragility.ts';
import { evacuationSources, planEvacuation, sheltersOf } from './evacuation.ts';
import {
  buildingCentroids,
  buildingDistricts,
  buildingGridCells,
  criticalAssets,
  fireExposure,
  floodExposure,
  heatExposure,
  occupantsAt,
  quakeExposure,
} from './exposure.ts';
import { assessFire } from './fire.ts';
import { assignRescue, releaseRescue, rescueFleet, type RescueTask, type RescueUnit } from './rescue.ts';
import { buildFloodGrid, depthAtXY, FloodModel, linkMaxDepthM, type FloodGrid } from './flood.ts';
import { assessHeat, heatLoadIncreaseMw } from './heat.ts';
import {
  ALERT_TEXT,
  ASSET_FLOOD_DEPTH_M,
  CLOSED_LINK_FACTOR,
  DARK_SIGNAL_CAPACITY_FACTOR,
  DEBRIS_MIN_DAMAGE_STATE,
  DEBRIS_MIN_HEIGHT_M,
  DEBRIS_REACH_SHARE_OF_HEIGHT,
  FIRE_CORDON_M,
  FIRE_DURATION_MIN,
  FLOOD_MAX_RECOVERY_MIN,
  RESTORATION_DAYS,
  ROAD_CLOSE_DEPTH_M,
  ROAD_REOPEN_DEPTH_M,
  SUBSTATION_DRYING_MIN,
  SUBSTATION_FRAGILITY,
  SUBSTATION_TRIP_STATE,
  UNDERPASS_CLOSE_DEPTH_M,
  fireAlertLevel,
  floodDepthLevel,
  heatWarningLevel,
  maxWindowSum,
  notifiedAt,
  quakeAlertLevel,
  rainWarningLevel,
  substationDamageState,
} from './lifecycle.ts';
import { STORM_FORMULAS, rainAt, rainDurationMin } from './rainfall.ts';
import {
  type ActiveHazard,
  type AlertLevel,
  type CascadeNode,
  type CriticalAsset,
  type EvacRoute,
  type ExposureSummary,
  type FireSummary,
  type FloodBalance,
  type HazardKind,
  type HazardPhase,
  type HazardSpec,
  type HeatSummary,
  type LifelineLevels,
  type OutageState,
  type QuakeSummary,
  type RescueAssignment,
  type RescueKind,
  type Severity,
  type ShelterState,
  type Text2,
} from './types.ts';

export type { HazardReport } from './cascade.ts';

/** Simulated ms per model step. */
export const HAZARD_STEP_MS = 60_000;
/** Longest rain the runtime accepts, minutes (the flood model precomputes the minute series). */
export const MAX_RAIN_MIN = 72 * 60;
/** Most minute steps one step() call runs when the clock jumps (older minutes are skipped). */
export const MAX_CATCH_UP_MIN = 360;
/** Hazards over for less than this stay in the stream's `hazards` (HazardMessage doc), ms. */
export const RECENT_OVER_MS = 6 * 3_600_000;
/** Minutes between exposure assessments of a running flood or heat wave (exposure costs a pass over buildings). */
export const EXPOSURE_EVERY_MIN = 5;
/**
 * Heat wave diurnal curve: half the daily range, °C (assumption: an 8 °C range, typical of heat-wave days in eastern
 * China; the same cosine with its maximum at 14:30 as src/core/sim/weather.ts).
 */
export const HEAT_HALF_RANGE_C = 4;
/** A feeder outage becomes a 一网统管 report when it sheds at least this much, MW (threshold; assumption). */
export const REPORT_SHED_MIN_MW = 0.5;
/** A signalised node is powered by the nearest feeder bus within this distance (the grid's attach radius), m. */
export const SIGNAL_BUS_RADIUS_M = 400;

/** Runtime options. */
export interface HazardRuntimeOptions {
  readonly seed: number;
  /** Local time offset of the city, minutes east of UTC. */
  readonly utcOffsetMin: number;
}

/** The energy model's latest state, as the runtime needs it (null fields: no energy model). */
export interface HazardEnergyState {
  readonly demandMw: number;
  readonly shedMw: number;
  readonly unservedMw: number;
  /** Storage discharging now, MW (sum of units > 0). */
  readonly storageDischargeMw: number;
  /** Feeder buses without supply in the current topology (LiveEnergyModel.busDead). */
  readonly busDead: Uint8Array;
  /** LiveEnergyModel.outageVersion (bumps when the topology changes) and frame.version (bumps per dispatch). */
  readonly outageVersion: number;
  readonly dispatchVersion: number;
}

/** What step() needs from the other domains this tick. */
export interface HazardStepContext {
  /** The weather producer's own weather now (before any hazard override). */
  readonly weather: Readonly<WeatherState>;
  /** Current travel time per road link, s (from the traffic frame), or null (free flow). */
  readonly linkTimeS: Float32Array | null;
  readonly energy: HazardEnergyState | null;
}

/** What the simulator applies every tick (versions bump when the corresponding part changes). */
export interface HazardCoupling {
  /** Capacity factor per road link: 1 normal, CLOSED_LINK_FACTOR closed, DARK_SIGNAL_CAPACITY_FACTOR into dark signals. */
  readonly linkFactor: Float32Array;
  /** False when every linkFactor is 1 (the simulator may skip the multiplication). */
  readonly linkFactorActive: boolean;
  readonly linkVersion: number;
  /** 1 per road node whose traffic signals are dark. */
  readonly signalDark: Uint8Array;
  /** Model stations / feeder sections the hazards take out (sorted). */
  readonly trippedStations: readonly number[];
  readonly trippedSections: readonly number[];
  readonly energyVersion: number;
  /** Weather the hazards impose now, or null. */
  readonly weather: WeatherOverride | null;
}

/** The flood frame of the active rainstorm (encodeFloodFrame's input). depthMm is reused between frames. */
export interface RuntimeFloodFrame {
  readonly seq: number;
  readonly simTimeMs: number;
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly hazardNumber: number;
  readonly depthMm: Uint16Array;
}

type ClosureReason = 'flood' | 'underpass' | 'debris' | 'fire';
interface Closure {
  readonly node: string;
  readonly reason: ClosureReason;
  /** Scheduled reopening (debris, fire), or null (by depth / with the hazard). */
  readonly reopenMs: number | null;
}
interface Trip {
  readonly node: string;
  /** Scheduled restoration (earthquake), or null (flood: after drying). */
  restoreMs: number | null;
  /** Flood: when the water at the station fell below the reopening depth, or null. */
  drySinceMs: number | null;
}

interface FloodRun {
  readonly model: FloodModel;
  readonly durationMin: number;
  readonly linkDepth: Float32Array;
  maxRoadDepthM: number;
  readonly underpasses: Map<number, string>;
  frameMinute: number;
  lastExposureMin: number;
  balance: FloodBalance | null;
  totalMm: number;
  peakMmH: number;
}
interface HeatRun {
  summary: HeatSummary | null;
  lastAssessMin: number;
  maxTempC: number;
}
interface QuakeRun {
  readonly summary: QuakeSummary;
}
interface FireRun {
  readonly summary: FireSummary;
}

interface Hz {
  readonly id: string;
  readonly number: number;
  readonly kind: HazardKind;
  readonly spec: HazardSpec;
  readonly label: Text2;
  readonly triggeredMs: number;
  readonly onsetMs: number;
  endMs: number | null;
  phase: HazardPhase;
  alertLevel: AlertLevel;
  alertSinceMs: number;
  acknowledged: boolean;
  forecastLevel: AlertLevel;
  headline: { label: Text2; value: number; unit: string };
  overMs: number | null;
  onsetNode: string | null;
  readonly causeRoots: string[];
  readonly closures: Map<number, Closure>;
  readonly trips: Map<number, Trip>;
  readonly exposedAssets: Map<number, Severity>;
  exposure: ExposureSummary | null;
  flood: FloodRun | null;
  heat: HeatRun | null;
  quake: QuakeRun | null;
  fire: FireRun | null;
}

const T2 = (zh: string, en: string): Text2 => ({ zh, en });
const sevOfLevel = (l: AlertLevel): Severity => (l >= 3 ? 3 : l === 2 ? 2 : 1);
const hazardOfNode = (nodeId: string): string => nodeId.slice(0, nodeId.indexOf('/'));
const DAY_MS = 86_400_000;
const KIND_TEXT: Record<HazardKind, Text2> = {
  rainstorm: T2('暴雨内涝', 'rainstorm'),
  heat: T2('高温', 'heat wave'),
  earthquake: T2('地震', 'earthquake'),
  fire: T2('火灾', 'fire'),
};

const RESCUE_KIND_TEXT: Record<RescueKind, Text2> = {
  fireEngine: T2('消防车', 'fire engine'),
  rescueTeam: T2('抢险救援队', 'rescue team'),
  ambulance: T2('救护车', 'ambulance'),
  pumpUnit: T2('移动泵车', 'pump unit'),
};
/** Units sent to a building fire: a first-alarm turnout of 3 engines + 1 rescue vehicle + 1 ambulance (assumption). */
const FIRE_RESCUE_NEEDS: RescueTask['needs'] = [
  ['fireEngine', 3],
  ['rescueTeam', 1],
  ['ambulance', 1],
];
/** Pump units per flooded underpass / per closed road link; pumped links per rainstorm (assumptions). */
const PUMPS_PER_UNDERPASS = 2;
const PUMPS_PER_LINK = 1;
const PUMPED_LINKS_MAX = 12;
/** Earthquake rescue sites per event (the largest expected trapped counts first; assumption). */
const QUAKE_SITES_MAX = 40;
/**
 * Expected trapped people per building = occupants × P(complete) × Σ severity 3–4 indoor casualty rates of its HAZUS
 * model type (INDOOR_CASUALTY_PCT, HAZUS-MH MR4 Technical Manual Tables 13.3–13.7: complete with collapse weighted by
 * the collapse share COLLAPSE_SHARE, without collapse by the rest) — a proxy: the people in the heaviest severities
 * are those only technical rescue reaches (assumption).
 */
function trappedShareOfComplete(t: number): number {
  const m = MODEL_TYPES[t]!;
  const rates = INDOOR_CASUALTY_PCT[m];
  const pc = COLLAPSE_SHARE[m];
  const comp = rates[3];
  const coll = rates[4];
  return (pc * (coll[2] + coll[3]) + (1 - pc) * (comp[2] + comp[3])) / 100;
}

/**
 * Earthquake rescue tasks: buildings in extensive or complete damage grouped by grid cell (网格); expected trapped
 * people = Σ occupants × P(complete) × TRAPPED_SHARE_OF_COMPLETE; each site gets 1 rescue team + 1 ambulance
 * (a second of each from 10 trapped people up; assumption). Largest first, at most QUAKE_SITES_MAX.
 */
function quakeRescueTasks(
  city: CityModel,
  damage: QuakeDamage,
  occ: Float32Array,
  districtNode: ReadonlyMap<number, string>,
  onset: string,
): RescueTask[] {
  const cells = buildingGridCells(city);
  const district = buildingDistricts(city);
  const { x: bx, y: by } = buildingCentroids(city);
  const ds = damage.damageState;
  const types = quakeCityIndex(city).type;
  const share = MODEL_TYPES.map((_, t) => trappedShareOfComplete(t));
  const sites = new Map<number, { n: number; trapped: number; sx: number; sy: number; zone: number }>();
  for (let b = 0; b < ds.length; b++) {
    if (ds[b]! < DEBRIS_MIN_DAMAGE_STATE) continue;
    const key = cells[b] === NO_INDEX ? -1 - b : cells[b]!;
    const z = district[b]!;
    const e = sites.get(key) ?? { n: 0, trapped: 0, sx: 0, sy: 0, zone: z === NO_INDEX ? -1 : z };
    e.n++;
    e.trapped += occ[b]! * damage.pComplete[b]! * share[types[b]!]!;
    e.sx += bx[b]!;
    e.sy += by[b]!;
    sites.set(key, e);
  }
  const list = [...sites]
    .sort((a, b) => b[1].trapped - a[1].trapped || a[0] - b[0])
    .slice(0, QUAKE_SITES_MAX);
  return list.map(([key, e]) => {
    const k = e.trapped >= 10 ? 2 : 1;
    return {
      key: `site:${String(key + 1e9).padStart(12, '0')}`,
      priority: e.trapped,
      x: e.sx / e.n,
      y: e.sy / e.n,
      task: T2(
        `网格 ${key >= 0 ? key : '—'}：${e.n} 栋严重受损，预计被困 ${fmt(e.trapped, 1)} 人`,
        `grid cell ${key >= 0 ? key : '—'}: ${e.n} buildings heavily damaged, ${fmt(e.trapped, 1)} people expected trapped`,
      ),
      needs: [
        ['rescueTeam', k],
        ['ambulance', k],
      ],
      cause: districtNode.get(e.zone) ?? onset,
    };
  });
}

const ASSET_KIND_TEXT: Record<CriticalAsset['kind'], Text2> = {
  hospital: T2('医院', 'hospital'),
  school: T2('学校', 'school'),
  shelter: T2('避难场所', 'shelter'),
  fireStation: T2('消防站', 'fire station'),
  pumpingStation: T2('泵站', 'pumping station'),
  underpass: T2('下穿通道', 'underpass'),
  substation: T2('变电站', 'substation'),
  storage: T2('储能站', 'storage'),
};

/** Saturation vapour pressure over water, hPa (Magnus form, Alduchov & Eskridge 1996, Eq. 21). */
export function saturationVapourHpa(tempC: number): number {
  return 6.1094 * Math.exp((17.625 * tempC) / (tempC + 243.04));
}

/**
 * Heat-wave air temperature and humidity at local hour h: a cosine with its maximum `peakTempC` at 14:30 and a range
 * of 2·HEAT_HALF_RANGE_C; the humidity keeps the dew point of the peak hour (RH = RH_peak·e_s(T_peak)/e_s(T), ≤ 100 %).
 */
export function heatWaveWeather(
  peakTempC: number,
  peakHumidityPct: number,
  hour: number,
): { tempC: number; rhPct: number } {
  const tempC = peakTempC - HEAT_HALF_RANGE_C * (1 - Math.cos((2 * Math.PI * (hour - 14.5)) / 24));
  const rhPct = Math.min(
    100,
    (peakHumidityPct * saturationVapourHpa(peakTempC)) / saturationVapourHpa(tempC),
  );
  return { tempC, rhPct };
}

/** The live hazard runtime of one city (see the file header for the public API). */
export class HazardRuntime {
  readonly coupling: HazardCoupling;
  private readonly cp: {
    linkFactor: Float32Array;
    linkFactorActive: boolean;
    linkVersion: number;
    signalDark: Uint8Array;
    trippedStations: readonly number[];
    trippedSections: readonly number[];
    energyVersion: number;
    weather: WeatherOverride | null;
  };
  private readonly rng: Rng;
  private readonly list: Hz[] = [];
  private nextNumber = 1;
  private readonly log = new CascadeLog();
  private seq = 0;
  private floodSeq = 0;
  private nextMinuteMs = Number.NaN;
  private lastMs = Number.NaN;
  private lastMessageMinute = -Infinity;
  private lastRecentCount = 0;
  private changed = false;
  private evacChanged = false;
  private linkDirty = false;
  private energyDirty = false;
  private lastCtx: HazardStepContext | null = null;
  // Lazily built indices.
  private floodGridCache: FloodGrid | null = null;
  private linkIndexCache: LinkIndex | null = null;
  private assetsCache: CriticalAsset[] | null = null;
  private occupantsBuf: Float32Array | null = null;
  private occupantsHour = -1;
  private signalNodes: Int32Array | null = null;
  private signalBus: Int32Array | null = null;
  private pumps: Int32Array | null = null;
  private pumpBus: Int32Array | null = null;
  private readonly frameBuf: { depthMm: Uint16Array | null } = { depthMm: null };
  // Cross-hazard state.
  private shelters: ShelterState[];
  private routes: EvacRoute[] = [];
  /** Rescue fleet (lazy) and the current assignments of hazards not over (rescue.ts). */
  private fleet: RescueUnit[] | null = null;
  private rescue: RescueAssignment[] = [];
  private readonly rescueSeq = new Map<string, number>();
  /** Flooded road links already given pump units, per hazard. */
  private readonly pumpedLinks = new Map<string, number>();
  private readonly feederShed = new Map<number, string>();
  private readonly darkNodes = new Map<number, string>();
  private storageNode: string | null = null;
  private readonly pumpDown = new Map<number, string>();
  private outageAreas: OutageState['areas'] = [];
  private outageBuildings = 0;
  private seenOutageVersion = -1;
  private seenDispatchVersion = -1;
  private lifelines: LifelineLevels;
  private readonly history: LifelineLevels[] = [];

  /** A runtime for `city`; `grid` is the energy model's grid (null: no energy coupling). */
  constructor(
    private readonly city: CityModel,
    private readonly grid: CityGridModel | null,
    private readonly opts: HazardRuntimeOptions,
  ) {
    this.rng = createRng(opts.seed);
    const linkFactor = new Float32Array(city.roads.linkCount).fill(1);
    this.cp = {
      linkFactor,
      linkFactorActive: false,
      linkVersion: 0,
      signalDark: new Uint8Array(city.roads.nodeCount),
      trippedStations: [],
      trippedSections: [],
      energyVersion: 0,
      weather: null,
    };
    this.coupling = this.cp;
    this.shelters = sheltersOf(city);
    this.lifelines = { simTimeMs: Number.NaN, powerPct: 100, roadsPct: 100, waterPct: 100 };
  }

  /** True while any hazard runs, or its consequences (outages, dark signals) are still being resolved. */
  get active(): boolean {
    return (
      this.list.some((h) => h.phase !== 'over') ||
      this.feederShed.size > 0 ||
      this.darkNodes.size > 0 ||
      this.pumpDown.size > 0 ||
      this.cp.trippedStations.length > 0
    );
  }

  /** Every hazard so far, as the wire shows them. */
  hazards(): ActiveHazard[] {
    return this.list.map((h) => this.view(h));
  }

  // ---- commands -----------------------------------------------------------------------------------------------------

  /** Runs a wire command (untrusted: cancel and acknowledge are validated here, a trigger's spec by trigger()). */
  command(cmd: HazardCommand, simMs: number): HazardCommandAnswer {
    const op = (cmd as unknown as { op?: unknown } | null)?.op;
    if (op === 'trigger') return this.trigger((cmd as { spec: HazardSpec }).spec, simMs);
    const e = this.city.meta.extentM;
    const parsed = parseHazardCommand(cmd, {
      buildingCount: this.city.buildings.count,
      extent: { minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY },
    });
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    const c = parsed.value;
    switch (c.op) {
      case 'trigger':
        return this.trigger(c.spec, simMs);
      case 'cancel':
        return this.cancel(c.id, simMs);
      case 'acknowledge':
        return this.acknowledge(c.id, c.operator, simMs);
      default:
        throw new Error(`unknown op ${String(c satisfies never)}`);
    }
  }

  /** Validates `spec` and starts the hazard at `simMs`; a rainstorm and a heat wave run one at a time. */
  trigger(input: HazardSpec, simMs: number): HazardCommandAnswer {
    const v = this.validate(input);
    if ('reason' in v) return { ok: false, reason: `trigger: ${v.reason}` };
    const spec = v.spec;
    if (!Number.isFinite(simMs)) return { ok: false, reason: `trigger: simMs ${simMs} is not finite` };
    if (spec.kind === 'rainstorm' || spec.kind === 'heat') {
      const running = this.list.find((h) => h.kind === spec.kind && h.phase !== 'over');
      if (running)
        return {
          ok: false,
          reason: `trigger: a ${spec.kind === 'rainstorm' ? 'rainstorm' : 'heat wave'} is already running (${running.id}); cancel it first`,
        };
    }
    this.catchUpTo(simMs);
    const number = this.nextNumber++;
    const id = `HZ-${String(number).padStart(4, '0')}`;
    const onsetMs =
      spec.kind === 'rainstorm' || spec.kind === 'heat'
        ? Math.ceil((simMs + spec.leadMin * 60_000) / HAZARD_STEP_MS) * HAZARD_STEP_MS
        : simMs;
    const endMs =
      spec.kind === 'rainstorm'
        ? onsetMs + rainDurationMin(spec.rain) * 60_000
        : spec.kind === 'heat'
          ? onsetMs + spec.durationH * 3_600_000
          : spec.kind === 'earthquake'
            ? onsetMs
            : onsetMs + FIRE_DURATION_MIN * 60_000;
    const h: Hz = {
      id,
      number,
      kind: spec.kind,
      spec,
      label: this.labelOf(spec),
      triggeredMs: simMs,
      onsetMs,
      endMs,
      phase: 'warning',
      alertLevel: 0,
      alertSinceMs: simMs,
      acknowledged: false,
      forecastLevel: 0,
      headline: { label: T2('—', '—'), value: 0, unit: '' },
      overMs: null,
      onsetNode: null,
      causeRoots: [],
      closures: new Map(),
      trips: new Map(),
      exposedAssets: new Map(),
      exposure: null,
      flood: null,
      heat: null,
      quake: null,
      fire: null,
    };
    this.list.push(h);
    this.changed = true;
    if (Number.isNaN(this.nextMinuteMs))
      this.nextMinuteMs = Math.floor(simMs / HAZARD_STEP_MS) * HAZARD_STEP_MS + HAZARD_STEP_MS;
    switch (spec.kind) {
      case 'rainstorm':
        this.startRain(h, spec, simMs);
        break;
      case 'heat':
        this.startHeat(h, spec, simMs);
        break;
      case 'earthquake':
        this.startQuake(h, spec, simMs);
        break;
      case 'fire':
        this.startFire(h, spec, simMs);
        break;
      default:
        throw new Error(`unknown hazard kind ${String(spec satisfies never)}`);
    }
    this.refreshCoupling(simMs);
    return { ok: true, id };
  }

  /** Ends hazard `id` now: closures lifted, trips restored, overrides removed. */
  cancel(id: string, simMs: number): HazardCommandAnswer {
    const h = this.list.find((x) => x.id === id);
    if (!h) return { ok: false, reason: `cancel: no hazard ${JSON.stringify(id)}` };
    if (h.phase === 'over') return { ok: false, reason: `cancel: ${id} is already over` };
    const why = T2('操作员取消了该灾害情景', 'the operator cancelled the scenario');
    this.finish(h, simMs, why);
    this.refreshCoupling(simMs);
    return { ok: true, id };
  }

  /** Records that `operator` acknowledged hazard `id`'s current alert level. */
  acknowledge(id: string, operator: string, simMs: number): HazardCommandAnswer {
    const h = this.list.find((x) => x.id === id);
    if (!h) return { ok: false, reason: `acknowledge: no hazard ${JSON.stringify(id)}` };
    if (h.phase === 'over') return { ok: false, reason: `acknowledge: ${id} is already over` };
    if (typeof operator !== 'string' || operator.trim() === '' || operator.length > 64)
      return { ok: false, reason: 'acknowledge: operator must be a non-empty name of at most 64 characters' };
    if (h.alertLevel === 0) return { ok: false, reason: `acknowledge: ${id} has no alert to acknowledge` };
    if (!Number.isFinite(simMs)) return { ok: false, reason: `acknowledge: simMs ${simMs} is not finite` };
    if (!h.acknowledged) {
      h.acknowledged = true;
      this.changed = true;
    }
    return { ok: true, id };
  }

  /**
   * The wire validator's verdict on `spec` (parseHazardCommand against this city: shapes, physical bounds, building
   * count, extent, known formulas) plus the runtime's own limit, or the clean spec.
   */
  private validate(spec: HazardSpec): { spec: HazardSpec } | { reason: string } {
    const e = this.city.meta.extentM;
    const parsed = parseHazardCommand(
      { op: 'trigger', spec },
      {
        buildingCount: this.city.buildings.count,
        extent: { minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY },
        formulas: Object.keys(STORM_FORMULAS),
      },
    );
    if (!parsed.ok) return { reason: parsed.reason };
    const cmd = parsed.value;
    if (cmd.op !== 'trigger') return { reason: 'hzCommand.op: expected trigger' };
    const clean = cmd.spec;
    if (clean.kind === 'rainstorm' && rainDurationMin(clean.rain) > MAX_RAIN_MIN)
      return {
        reason: `hzCommand.spec.rain: ${fmt(rainDurationMin(clean.rain))} min of rain is more than the runtime's ${MAX_RAIN_MIN} min (72 h)`,
      };
    return { spec: clean };
  }

  private labelOf(spec: HazardSpec): Text2 {
    switch (spec.kind) {
      case 'rainstorm': {
        const r = spec.rain;
        if (r.kind === 'series') return T2(`实测降雨：${r.label}`, `Measured rain: ${r.label}`);
        const f = STORM_FORMULAS[r.formula];
        return T2(
          `${r.returnPeriodYears}年一遇暴雨（${f?.name.zh ?? r.formula}）${r.durationMin}分钟`,
          `${r.returnPeriodYears}-year rainstorm (${f?.name.en ?? r.formula}), ${r.durationMin} min`,
        );
      }
      case 'heat':
        return T2(
          `高温过程：最高 ${fmt(spec.peakTempC, 1)}°C，${fmt(spec.durationH)} 小时`,
          `Heat wave: peak ${fmt(spec.peakTempC, 1)} °C, ${fmt(spec.durationH)} h`,
        );
      case 'earthquake':
        return T2(
          `Mw ${fmt(spec.magnitude, 1)} 地震，震源深度 ${fmt(spec.depthKm)} km`,
          `Mw ${fmt(spec.magnitude, 1)} earthquake, ${fmt(spec.depthKm)} km deep`,
        );
      case 'fire': {
        const n = this.city.buildings.names.get(spec.building);
        const name = n?.zh ?? n?.name ?? `#${spec.building}`;
        return T2(`火灾：建筑 ${name}`, `Fire: building ${n?.en ?? n?.name ?? `#${spec.building}`}`);
      }
      default:
        throw new Error(`unknown hazard kind ${String(spec satisfies never)}`);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private node(h: Hz, t: number, n: NodeInput): string {
    this.changed = true;
    return this.log.add(h.id, t, n).id;
  }

  /**
   * Sends the nearest free rescue units to `tasks` at the current link times, closed links avoided (rescue.ts), and
   * records one 'rescueAssigned' cascade step per assignment, caused by the step that created the task.
   */
  private dispatch(h: Hz, t: number, tasks: readonly RescueTask[]): void {
    if (tasks.length === 0) return;
    this.fleet ??= rescueFleet(this.city);
    const seq = this.rescueSeq.get(h.id) ?? 1;
    const sent = assignRescue(
      this.city,
      this.fleet,
      tasks,
      this.lastCtx?.linkTimeS ?? null,
      this.closedMask(),
      h.id,
      t,
      seq,
    );
    this.rescueSeq.set(h.id, seq + sent.length);
    const pois = this.city.pois;
    for (const { assignment: a, cause } of sent) {
      this.rescue.push(a);
      const kind = RESCUE_KIND_TEXT[a.kind];
      const pk = a.basePoi < 0 ? -1 : pois.kind[a.basePoi];
      const bk =
        pk === PoiKind.hospital
          ? 'hospital'
          : pk === PoiKind.pumpingStation
            ? 'pumpingStation'
            : 'fireStation';
      const base =
        a.basePoi < 0
          ? T2('排水抢险队', 'drainage depot')
          : T2(`${ASSET_KIND_TEXT[bk].zh} #${a.basePoi}`, `${ASSET_KIND_TEXT[bk].en} #${a.basePoi}`);
      this.node(h, t, {
        system: a.kind === 'pumpUnit' ? 'water' : 'people',
        kind: 'rescueAssigned',
        ref: a.basePoi >= 0 ? { kind: 'poi', index: a.basePoi } : null,
        x: a.x,
        y: a.y,
        severity: 2,
        title: T2(`${kind.zh}自${base.zh}派出：${a.task.zh}`, `${kind.en} from ${base.en}: ${a.task.en}`),
        why: T2(
          `最近的空闲${kind.zh}，按当前路况行驶 ${fmt(a.travelTimeS / 60, 1)} 分钟到达（避开封闭道路）`,
          `nearest free ${kind.en}, ${fmt(a.travelTimeS / 60, 1)} min by road at current speeds (closed roads avoided)`,
        ),
        causes: [cause],
      });
    }
    if (sent.length > 0) this.changed = true;
  }

  private linkIndex(): LinkIndex {
    return (this.linkIndexCache ??= new LinkIndex(this.city));
  }
  private floodGrid(): FloodGrid {
    return (this.floodGridCache ??= buildFloodGrid(this.city));
  }
  private assets(): CriticalAsset[] {
    return (this.assetsCache ??= criticalAssets(this.city));
  }
  /** Occupants per building at the local hour of `t` (recomputed when the whole hour changes). */
  private occupants(t: number): Float32Array {
    const hour = Math.floor(localHour(t, this.opts.utcOffsetMin));
    if (this.occupantsBuf === null || hour !== this.occupantsHour) {
      this.occupantsBuf = occupantsAt(this.city, hour, this.occupantsBuf ?? undefined);
      this.occupantsHour = hour;
    }
    return this.occupantsBuf;
  }

  private setAlert(h: Hz, level: AlertLevel, t: number, why: Text2): void {
    if (level === h.alertLevel) return;
    const up = level > h.alertLevel;
    h.alertLevel = level;
    h.alertSinceMs = t;
    h.acknowledged = false;
    const names = notifiedAt(h.kind, level);
    const who = names.length
      ? T2(`通知：${names.map((n) => n.zh).join('、')}`, `notified: ${names.map((n) => n.en).join(', ')}`)
      : T2('', '');
    const a = ALERT_TEXT[level]!;
    this.node(h, t, {
      system: 'hazard',
      kind: 'alert',
      ref: null,
      x: null,
      y: null,
      severity: sevOfLevel(level),
      title: T2(
        `${KIND_TEXT[h.kind].zh}预警${up ? '升级' : '调整'}为${a.zh}`,
        `${KIND_TEXT[h.kind].en} alert ${up ? 'raised' : 'lowered'} to ${a.en}`,
      ),
      why: T2(`${why.zh}${who.zh ? '；' + who.zh : ''}`, `${why.en}${who.en ? '; ' + who.en : ''}`),
      causes: h.onsetNode ? [h.onsetNode] : [],
    });
  }

  private closeLink(
    h: Hz,
    l: number,
    t: number,
    reason: ClosureReason,
    reopenMs: number | null,
    n: Omit<NodeInput, 'system' | 'kind' | 'ref' | 'x' | 'y'>,
  ): string {
    const r = this.city.roads;
    const g = r.geomStart[l]!;
    const ge = r.geomStart[l + 1]! - 1;
    const x = (r.geomXY[2 * g]! + r.geomXY[2 * ge]!) / 2;
    const y = (r.geomXY[2 * g + 1]! + r.geomXY[2 * ge + 1]!) / 2;
    const id = this.node(h, t, {
      system: 'roads',
      kind: 'linkClosed',
      ref: { kind: 'link', index: l },
      x,
      y,
      ...n,
    });
    h.closures.set(l, { node: id, reason, reopenMs });
    this.linkDirty = true;
    return id;
  }

  private reopenLink(h: Hz, l: number, t: number, why: Text2): void {
    const c = h.closures.get(l);
    if (!c) return;
    h.closures.delete(l);
    const r = this.city.roads;
    const g = r.geomStart[l]!;
    this.node(h, t, {
      system: 'roads',
      kind: 'restored',
      ref: { kind: 'link', index: l },
      x: r.geomXY[2 * g]!,
      y: r.geomXY[2 * g + 1]!,
      severity: 1,
      title: T2(`道路 #${l} 恢复通行`, `Road link #${l} reopened`),
      why,
      causes: [c.node],
    });
    this.linkDirty = true;
  }

  private tripStation(
    h: Hz,
    s: number,
    t: number,
    restoreMs: number | null,
    why: Text2,
    causes: string[],
  ): void {
    const g = this.grid;
    if (g === null || h.trips.has(s)) return;
    const name = g.stationName[s] ?? `#${s}`;
    const id = this.node(h, t, {
      system: 'power',
      kind: 'stationTripped',
      ref: { kind: 'station', index: s },
      x: g.stationX[s]!,
      y: g.stationY[s]!,
      severity: 3,
      title: T2(`变电站 ${name} 跳闸停运`, `Substation ${name} tripped`),
      why,
      causes,
    });
    h.trips.set(s, { node: id, restoreMs, drySinceMs: null });
    this.energyDirty = true;
    this.log.report(
      {
        key: `${h.id}:station:${s}`,
        category: 'powerOutage',
        priority: 1,
        x: g.stationX[s]!,
        y: g.stationY[s]!,
        description: T2(`变电站 ${name} 停运：${why.zh}`, `Substation ${name} out of service: ${why.en}`),
        causeId: id,
      },
      h.id,
    );
  }

  private restoreStation(h: Hz, s: number, t: number, why: Text2): void {
    const trip = h.trips.get(s);
    const g = this.grid;
    if (!trip || g === null) return;
    h.trips.delete(s);
    this.node(h, t, {
      system: 'power',
      kind: 'restored',
      ref: { kind: 'station', index: s },
      x: g.stationX[s]!,
      y: g.stationY[s]!,
      severity: 1,
      title: T2(
        `变电站 ${g.stationName[s] ?? s} 恢复送电`,
        `Substation ${g.stationName[s] ?? s} re-energised`,
      ),
      why,
      causes: [trip.node],
    });
    this.energyDirty = true;
  }

  private exposureNodes(h: Hz, t: number, e: ExposureSummary): void {
    h.exposure = e;
    const assets = this.assets();
    for (const a of e.assets) {
      const prev = h.exposedAssets.get(a.asset) ?? 0;
      if (a.severity < 2 || a.severity <= prev) continue;
      h.exposedAssets.set(a.asset, a.severity);
      const ca = assets[a.asset];
      if (!ca) continue;
      const ref =
        ca.source === 'poi'
          ? ({ kind: 'poi', index: ca.index } as const)
          : ({ kind: 'power', index: ca.index } as const);
      const id = this.node(h, t, {
        system:
          ca.kind === 'pumpingStation'
            ? 'water'
            : ca.kind === 'substation' || ca.kind === 'storage'
              ? 'power'
              : 'buildings',
        kind: 'assetExposed',
        ref,
        x: ca.x,
        y: ca.y,
        severity: a.severity,
        title: T2(
          `关键设施受影响：${this.assetName(ca).zh}`,
          `Critical asset exposed: ${this.assetName(ca).en}`,
        ),
        why: T2(
          `${a.reason.zh}（${fmt(a.value, 2)} ${a.unit}）`,
          `${a.reason.en} (${fmt(a.value, 2)} ${a.unit})`,
        ),
        causes: h.onsetNode ? [h.onsetNode] : [],
      });
      // Physical damage only (a school in a hot district is a heat-exposure fact, not a work item).
      if (
        a.severity === 3 &&
        (h.kind === 'rainstorm' || h.kind === 'earthquake') &&
        (ca.kind === 'hospital' || ca.kind === 'school' || ca.kind === 'shelter')
      )
        this.log.report(
          {
            key: `${h.id}:asset:${a.asset}`,
            category: 'safetyHazard',
            priority: 1,
            x: ca.x,
            y: ca.y,
            description: T2(
              `关键设施 ${this.assetName(ca).zh} 停用：${a.reason.zh}`,
              `Critical asset ${this.assetName(ca).en} out of service: ${a.reason.en}`,
            ),
            causeId: id,
          },
          h.id,
        );
    }
  }

  /** "医院 仁济医院" / "hospital Renji Hospital" (or the index when the asset has no name). */
  private assetName(ca: CriticalAsset): Text2 {
    const k = ASSET_KIND_TEXT[ca.kind];
    const n = ca.source === 'poi' ? this.city.pois.names.get(ca.index) : this.city.power.names.get(ca.index);
    return T2(
      `${k.zh} ${n?.zh ?? n?.name ?? `#${ca.index}`}`,
      `${k.en} ${n?.en ?? n?.name ?? `#${ca.index}`}`,
    );
  }

  /** Ends `h`: lifts closures, restores trips, clears its overrides. */
  private finish(h: Hz, t: number, why: Text2): void {
    for (const l of [...h.closures.keys()]) this.reopenLink(h, l, t, why);
    for (const s of [...h.trips.keys()]) this.restoreStation(h, s, t, why);
    if (h.alertLevel > 0) this.setAlert(h, 0, t, why);
    h.phase = 'over';
    h.overMs = t;
    // Rescue units work until their hazard is over (rescue.ts), then return to base.
    if (this.fleet !== null) releaseRescue(this.fleet, h.id);
    this.rescue = this.rescue.filter((a) => a.hazardId !== h.id);
    h.flood = null; // the grids go; the stream only reports running floods
    if (h.quake) {
      // Shelters close with the event that opened them.
      this.shelters = this.shelters.map((s) => ({ ...s, occupants: 0, open: false }));
      this.routes = this.routes.filter((r) => r.hazardId !== h.id);
      this.evacChanged = true;
    }
    this.changed = true;
  }

  // ---- rainstorm ----------------------------------------------------------------------------------------------------

  private startRain(h: Hz, spec: Extract<HazardSpec, { kind: 'rainstorm' }>, t: number): void {
    const dur = rainDurationMin(spec.rain);
    const mm = new Float64Array(Math.ceil(dur));
    let total = 0;
    let peak = 0;
    for (let k = 0; k < mm.length; k++) {
      const r = rainAt(spec.rain, k);
      mm[k] = r / 60;
      total += r / 60;
      peak = Math.max(peak, r);
    }
    const m3 = maxWindowSum(mm, 180);
    const m6 = maxWindowSum(mm, 360);
    const m12 = maxWindowSum(mm, 720);
    h.forecastLevel = rainWarningLevel(m3, m6, m12);
    const grid = this.floodGrid();
    h.flood = {
      model: new FloodModel(grid),
      durationMin: dur,
      linkDepth: new Float32Array(this.city.roads.linkCount),
      maxRoadDepthM: 0,
      underpasses: new Map(),
      frameMinute: -1,
      lastExposureMin: -Infinity,
      balance: null,
      totalMm: total,
      peakMmH: peak,
    };
    h.headline = { label: T2('道路最大积水', 'max water on roads'), value: 0, unit: 'm' };
    this.setAlert(
      h,
      h.forecastLevel,
      t,
      T2(
        `预报：3 h 最大 ${fmt(m3)} mm，6 h ${fmt(m6)} mm，12 h ${fmt(m12)} mm（暴雨预警信号：蓝 12 h≥50，黄 6 h≥50，橙 3 h≥50，红 3 h≥100 mm；中国气象局 2007）`,
        `forecast: wettest 3 h ${fmt(m3)} mm, 6 h ${fmt(m6)} mm, 12 h ${fmt(m12)} mm (CMA rainstorm signals 2007: blue 50 mm/12 h, yellow 50 mm/6 h, orange 50 mm/3 h, red 100 mm/3 h)`,
      ),
    );
  }

  private stepRain(h: Hz, f: FloodRun, t: number): void {
    const spec = h.spec as Extract<HazardSpec, { kind: 'rainstorm' }>;
    if (t <= h.onsetMs) return;
    if (h.onsetNode === null) {
      h.phase = 'response';
      h.onsetNode = this.node(h, h.onsetMs, {
        system: 'hazard',
        kind: 'hazardOnset',
        ref: null,
        x: null,
        y: null,
        severity: sevOfLevel(h.forecastLevel),
        title: T2('降雨开始', 'Rain starts'),
        why: T2(
          `${h.label.zh}：总雨量 ${fmt(f.totalMm)} mm，峰值 ${fmt(f.peakMmH)} mm/h，历时 ${fmt(f.durationMin)} 分钟`,
          `${h.label.en}: ${fmt(f.totalMm)} mm in total, peak ${fmt(f.peakMmH)} mm/h, ${fmt(f.durationMin)} min`,
        ),
        causes: [],
      });
      this.changed = true;
    }
    const k = Math.round((t - h.onsetMs) / HAZARD_STEP_MS) - 1;
    const rain = rainAt(spec.rain, k);
    f.model.advance(60, rain);
    const grid = f.model.grid;
    const depth = f.model.depthM;
    linkMaxDepthM(this.city, grid, depth, f.linkDepth);
    let maxD = 0;
    for (let l = 0; l < f.linkDepth.length; l++) if (f.linkDepth[l]! > maxD) maxD = f.linkDepth[l]!;
    f.maxRoadDepthM = maxD;
    f.balance = { ...f.model.balance };
    h.headline = {
      label: T2('道路最大积水', 'max water on roads'),
      value: Math.round(maxD * 100) / 100,
      unit: 'm',
    };
    const onset = h.onsetNode!;
    const roads = this.city.roads;
    const pumpTasks: RescueTask[] = [];
    const newlyClosed: { l: number; d: number; id: string }[] = [];
    // Links: close above the passable depth, reopen below the hysteresis depth.
    for (let l = 0; l < f.linkDepth.length; l++) {
      const d = f.linkDepth[l]!;
      const c = h.closures.get(l);
      if (!c && d > ROAD_CLOSE_DEPTH_M) {
        const id = this.closeLink(h, l, t, 'flood', null, {
          severity: d >= 0.3 ? 3 : 2,
          title: T2(`道路 #${l} 积水封闭`, `Road link #${l} closed by water`),
          why: T2(
            `积水 ${fmt(d, 2)} m > 通行上限 ${ROAD_CLOSE_DEPTH_M} m（GB 51222-2017 §3.2）`,
            `water ${fmt(d, 2)} m > ${ROAD_CLOSE_DEPTH_M} m passable limit (GB 51222-2017 §3.2)`,
          ),
          causes: [onset],
        });
        newlyClosed.push({ l, d, id });
        const way = roads.linkWay[l]!;
        const wname = roads.ways[way]?.name;
        const g = roads.geomStart[l]!;
        this.log.report(
          {
            key: `${h.id}:way:${way}`,
            category: 'drainage',
            priority: d >= 0.3 ? 1 : 2,
            x: roads.geomXY[2 * g]!,
            y: roads.geomXY[2 * g + 1]!,
            description: T2(
              `道路积水 ${fmt(d, 2)} m，已封闭（${wname?.zh ?? wname?.name ?? `道路 #${l}`}）`,
              `Road flooded ${fmt(d, 2)} m, closed (${wname?.en ?? wname?.name ?? `link #${l}`})`,
            ),
            causeId: id,
          },
          h.id,
        );
      } else if (c && c.reason === 'flood' && d < ROAD_REOPEN_DEPTH_M) {
        this.reopenLink(
          h,
          l,
          t,
          T2(
            `积水退至 ${fmt(d, 2)} m < ${ROAD_REOPEN_DEPTH_M} m`,
            `water down to ${fmt(d, 2)} m < ${ROAD_REOPEN_DEPTH_M} m`,
          ),
        );
      }
    }
    // Underpasses.
    const pois = this.city.pois;
    for (let p = 0; p < pois.count; p++) {
      if (pois.kind[p] !== PoiKind.underpass) continue;
      const x = pois.xy[2 * p]!;
      const y = pois.xy[2 * p + 1]!;
      const d = depthAtXY(grid, depth, x, y);
      const un = f.underpasses.get(p);
      if (un === undefined && d > UNDERPASS_CLOSE_DEPTH_M) {
        const uid = this.node(h, t, {
          system: 'roads',
          kind: 'underpassFlooded',
          ref: { kind: 'poi', index: p },
          x,
          y,
          severity: 3,
          title: T2(`下穿通道 #${p} 积水`, `Underpass #${p} flooded`),
          why: T2(
            `入口积水 ${fmt(d, 2)} m > ${UNDERPASS_CLOSE_DEPTH_M} m（GB 51222-2017；地形网格不解析下穿凹槽，实际更深）`,
            `water at the portal ${fmt(d, 2)} m > ${UNDERPASS_CLOSE_DEPTH_M} m (GB 51222-2017; the grid does not resolve the dip, it is deeper inside)`,
          ),
          causes: [onset],
        });
        f.underpasses.set(p, uid);
        pumpTasks.push({
          key: `underpass:${String(p).padStart(6, '0')}`,
          priority: 1000 + d,
          x,
          y,
          task: T2(`下穿通道 #${p} 抽排积水 ${fmt(d, 2)} m`, `pump out underpass #${p} (${fmt(d, 2)} m)`),
          needs: [['pumpUnit', PUMPS_PER_UNDERPASS]],
          cause: uid,
        });
        for (const l of this.linkIndex().nearestWithReverse(x, y))
          if (!h.closures.has(l))
            this.closeLink(h, l, t, 'underpass', null, {
              severity: 3,
              title: T2(`道路 #${l} 因下穿积水封闭`, `Road link #${l} closed: flooded underpass`),
              why: T2(`最近的道路连接下穿通道 #${p}`, `nearest link to underpass #${p}`),
              causes: [uid],
            });
        this.log.report(
          {
            key: `${h.id}:underpass:${p}`,
            category: 'drainage',
            priority: 1,
            x,
            y,
            description: T2(
              `下穿通道积水 ${fmt(d, 2)} m，已封闭`,
              `Underpass flooded ${fmt(d, 2)} m, closed`,
            ),
            causeId: uid,
          },
          h.id,
        );
      } else if (un !== undefined && d < ROAD_REOPEN_DEPTH_M) {
        f.underpasses.delete(p);
        for (const [l, c] of [...h.closures])
          if (c.reason === 'underpass' && this.closedBy(c, un))
            this.reopenLink(
              h,
              l,
              t,
              T2(`下穿积水退至 ${fmt(d, 2)} m`, `underpass water down to ${fmt(d, 2)} m`),
            );
      }
    }
    // Pump units: flooded underpasses, then the deepest newly closed links (at most PUMPED_LINKS_MAX per hazard).
    const pumped = this.pumpedLinks.get(h.id) ?? 0;
    newlyClosed.sort((a, b) => b.d - a.d || a.l - b.l);
    const room = Math.max(0, PUMPED_LINKS_MAX - pumped);
    for (const c of newlyClosed.slice(0, room)) {
      const g0 = roads.geomStart[c.l]!;
      pumpTasks.push({
        key: `link:${String(c.l).padStart(8, '0')}`,
        priority: c.d,
        x: roads.geomXY[2 * g0]!,
        y: roads.geomXY[2 * g0 + 1]!,
        task: T2(`道路 #${c.l} 抽排积水 ${fmt(c.d, 2)} m`, `pump out road link #${c.l} (${fmt(c.d, 2)} m)`),
        needs: [['pumpUnit', PUMPS_PER_LINK]],
        cause: c.id,
      });
    }
    this.pumpedLinks.set(h.id, pumped + Math.min(room, newlyClosed.length));
    if (pumpTasks.length > 0) {
      this.refreshLinks();
      this.dispatch(h, t, pumpTasks);
    }
    // Substations: trip above the plinth depth, re-energise after drying.
    const g = this.grid;
    if (g !== null)
      for (let s = 0; s < g.stationCount; s++) {
        const d = depthAtXY(grid, depth, g.stationX[s]!, g.stationY[s]!);
        const trip = h.trips.get(s);
        if (!trip && d > ASSET_FLOOD_DEPTH_M) {
          this.tripStation(
            h,
            s,
            t,
            null,
            T2(
              `站址积水 ${fmt(d, 2)} m > 设备基础 ${ASSET_FLOOD_DEPTH_M} m（假设）`,
              `water at the station ${fmt(d, 2)} m > ${ASSET_FLOOD_DEPTH_M} m plinth height (assumption)`,
            ),
            [onset],
          );
        } else if (trip) {
          if (d < ROAD_REOPEN_DEPTH_M) trip.drySinceMs ??= t;
          else trip.drySinceMs = null;
          if (trip.drySinceMs !== null && t - trip.drySinceMs >= SUBSTATION_DRYING_MIN * 60_000)
            this.restoreStation(
              h,
              s,
              t,
              T2(
                `积水退去 ${SUBSTATION_DRYING_MIN} 分钟后检查、干燥并恢复送电（假设）`,
                `re-energised ${SUBSTATION_DRYING_MIN} min after the water receded (drying and inspection; assumption)`,
              ),
            );
        }
      }
    // Exposure.
    const minute = Math.round(t / HAZARD_STEP_MS);
    if (minute - f.lastExposureMin >= EXPOSURE_EVERY_MIN) {
      f.lastExposureMin = minute;
      this.exposureNodes(h, t, floodExposure(this.city, this.assets(), grid, depth, this.occupants(t), h.id));
    }
    // Alert, phase.
    const ended = h.endMs !== null && t >= h.endMs;
    const depthLevel = floodDepthLevel(maxD);
    const level = ended ? depthLevel : (Math.max(h.forecastLevel, depthLevel) as AlertLevel);
    this.setAlert(
      h,
      level,
      t,
      T2(
        `道路最大积水 ${fmt(maxD, 2)} m（黄 ≥0.15 m GB 51222；橙 ≥0.3 m 车辆失稳；红 ≥0.5 m 行人失稳，ARR 2010/2011）${ended ? '；降雨已停' : ''}`,
        `max water on roads ${fmt(maxD, 2)} m (yellow ≥ 0.15 m GB 51222; orange ≥ 0.3 m vehicles unstable; red ≥ 0.5 m people unstable, ARR 2010/2011)${ended ? '; rain has stopped' : ''}`,
      ),
    );
    if (ended && h.phase === 'response') {
      h.phase = 'recovery';
      this.changed = true;
    }
    if (ended) {
      const drained = h.closures.size === 0 && h.trips.size === 0 && maxD < ROAD_REOPEN_DEPTH_M;
      if (drained)
        this.finish(h, t, T2('积水已退、道路与设施全部恢复', 'water drained, every road and asset back'));
      else if (t - h.endMs! >= FLOOD_MAX_RECOVERY_MIN * 60_000)
        this.finish(
          h,
          t,
          T2(
            `雨停 ${FLOOD_MAX_RECOVERY_MIN / 60} 小时后事件结束，剩余封闭解除`,
            `event closed ${FLOOD_MAX_RECOVERY_MIN / 60} h after the rain; remaining closures lifted`,
          ),
        );
    }
  }

  private closedBy(c: Closure, causeNode: string): boolean {
    // An underpass closure node is caused by exactly its underpass node: find it in the log (small, recent).
    const log = this.log.log();
    for (let i = log.length - 1; i >= 0; i--) {
      const n = log[i]!;
      if (n.id === c.node) return n.causes.includes(causeNode);
    }
    return false;
  }

  // ---- heat ---------------------------------------------------------------------------------------------------------

  private startHeat(h: Hz, spec: Extract<HazardSpec, { kind: 'heat' }>, t: number): void {
    h.forecastLevel = heatWarningLevel(spec.peakTempC, spec.durationH);
    h.heat = { summary: null, lastAssessMin: -Infinity, maxTempC: -Infinity };
    h.headline = { label: T2('体感温度', 'heat index'), value: 0, unit: '°C' };
    this.setAlert(
      h,
      h.forecastLevel,
      t,
      T2(
        `预报最高气温 ${fmt(spec.peakTempC, 1)}°C，持续 ${fmt(spec.durationH)} 小时（高温预警信号：黄 连续三天 ≥35，橙 24 h 内 ≥37，红 ≥40°C；中国气象局 2007）`,
        `forecast maximum ${fmt(spec.peakTempC, 1)} °C for ${fmt(spec.durationH)} h (CMA high-temperature signals 2007: yellow ≥ 35 °C three days running, orange ≥ 37 °C, red ≥ 40 °C within 24 h)`,
      ),
    );
  }

  private heatNow(h: Hz, t: number): { tempC: number; rhPct: number } {
    const spec = h.spec as Extract<HazardSpec, { kind: 'heat' }>;
    return heatWaveWeather(spec.peakTempC, spec.humidityPct, localHour(t, this.opts.utcOffsetMin));
  }

  private stepHeat(h: Hz, run: HeatRun, t: number, ctx: HazardStepContext | null): void {
    const spec = h.spec as Extract<HazardSpec, { kind: 'heat' }>;
    if (t < h.onsetMs) return;
    if (h.endMs !== null && t >= h.endMs) {
      this.finish(h, t, T2('高温过程结束', 'the heat wave is over'));
      return;
    }
    const w = this.heatNow(h, t);
    run.maxTempC = Math.max(run.maxTempC, w.tempC);
    if (h.onsetNode === null) {
      h.phase = 'response';
      h.onsetNode = this.node(h, t, {
        system: 'hazard',
        kind: 'hazardOnset',
        ref: null,
        x: null,
        y: null,
        severity: sevOfLevel(h.forecastLevel),
        title: T2('高温过程开始', 'Heat wave starts'),
        why: T2(
          `气温按日变化曲线，14:30 达 ${fmt(spec.peakTempC, 1)}°C，相对湿度 ${fmt(spec.humidityPct)}%（露点不变）`,
          `temperature follows a daily cosine peaking at ${fmt(spec.peakTempC, 1)} °C at 14:30, humidity ${fmt(spec.humidityPct)} % then (constant dew point)`,
        ),
        causes: [],
      });
    }
    const minute = Math.round(t / HAZARD_STEP_MS);
    if (minute - run.lastAssessMin >= EXPOSURE_EVERY_MIN) {
      run.lastAssessMin = minute;
      const occ = this.occupants(t);
      const a = assessHeat(this.city, w.tempC, w.rhPct, occ);
      const normalC = ctx?.weather.temperatureC ?? w.tempC;
      const inc = this.grid ? heatLoadIncreaseMw(this.grid, t, normalC, w.tempC, this.opts.utcOffsetMin) : 0;
      run.summary = {
        hazardId: h.id,
        tempC: w.tempC,
        humidityPct: w.rhPct,
        heatIndexC: a.heatIndexC,
        districts: a.districts,
        loadIncreaseMw: inc,
      };
      h.headline = {
        label: T2('体感温度', 'heat index'),
        value: Math.round(a.heatIndexC * 10) / 10,
        unit: '°C',
      };
      this.exposureNodes(h, t, heatExposure(this.city, this.assets(), a.districts, occ, h.id));
      this.changed = true;
    }
    this.setAlert(
      h,
      Math.max(h.forecastLevel, heatWarningLevel(run.maxTempC, spec.durationH)) as AlertLevel,
      t,
      T2(`实测最高 ${fmt(run.maxTempC, 1)}°C`, `observed maximum ${fmt(run.maxTempC, 1)} °C`),
    );
  }

  // ---- earthquake ---------------------------------------------------------------------------------------------------

  private startQuake(h: Hz, spec: Extract<HazardSpec, { kind: 'earthquake' }>, t: number): void {
    const occ = this.occupants(t);
    const damage = assessEarthquake(
      this.city,
      { x: spec.x, y: spec.y, magnitude: spec.magnitude, depthKm: spec.depthKm },
      occ,
    );
    const summary: QuakeSummary = {
      hazardId: h.id,
      damageStates: [...damage.damageStates] as [number, number, number, number, number],
      displacedPeople: damage.displacedPeople,
      casualties: [...damage.casualties] as [number, number, number, number],
      shelterDemand: damage.shelterDemand,
      maxPgaG: damage.maxPgaG,
    };
    h.quake = { summary };
    h.phase = 'response';
    h.headline = {
      label: T2('最大地面峰值加速度', 'max PGA'),
      value: Math.round(damage.maxPgaG * 100) / 100,
      unit: 'g',
    };
    const onset = this.node(h, t, {
      system: 'hazard',
      kind: 'hazardOnset',
      ref: null,
      x: spec.x,
      y: spec.y,
      severity: 3,
      title: T2(`Mw ${fmt(spec.magnitude, 1)} 地震`, `Mw ${fmt(spec.magnitude, 1)} earthquake`),
      why: T2(
        `震源深度 ${fmt(spec.depthKm)} km；最大 PGA ${fmt(damage.maxPgaG, 2)} g；预计严重/完全破坏 ${fmt(damage.damageStates[3] + damage.damageStates[4])} 栋，死亡 ${fmt(damage.casualties[3], 1)} 人`,
        `${fmt(spec.depthKm)} km deep; max PGA ${fmt(damage.maxPgaG, 2)} g; expected ${fmt(damage.damageStates[3] + damage.damageStates[4])} buildings extensively/completely damaged, ${fmt(damage.casualties[3], 1)} deaths`,
      ),
      causes: [],
    });
    h.onsetNode = onset;
    this.setAlert(
      h,
      quakeAlertLevel(spec.magnitude, damage.casualties[3]),
      t,
      T2(
        `Mw ${fmt(spec.magnitude, 1)}，预计死亡 ${fmt(damage.casualties[3], 1)} 人（国家地震应急预案 2012：人口密集地区 ≥6 级 Ⅰ 级/红，5–6 Ⅱ/橙，4–5 Ⅲ/黄）`,
        `Mw ${fmt(spec.magnitude, 1)}, expected deaths ${fmt(damage.casualties[3], 1)} (National Earthquake Emergency Plan 2012, dense areas: M ≥ 6 level I/red, 5–6 II/orange, 4–5 III/yellow)`,
      ),
    );
    // Buildings: one node per district with extensive or complete damage.
    const district = buildingDistricts(this.city);
    const { x: bx, y: by } = buildingCentroids(this.city);
    const zones = this.city.zones;
    const perDistrict = new Map<number, { ext: number; comp: number; sx: number; sy: number }>();
    const ds = damage.damageState;
    for (let b = 0; b < ds.length; b++) {
      if (ds[b]! < DEBRIS_MIN_DAMAGE_STATE) continue;
      const z = district[b]!;
      const key = z === NO_INDEX ? -1 : z;
      const e = perDistrict.get(key) ?? { ext: 0, comp: 0, sx: 0, sy: 0 };
      if (ds[b] === 4) e.comp++;
      else e.ext++;
      e.sx += bx[b]!;
      e.sy += by[b]!;
      perDistrict.set(key, e);
    }
    const districtNode = new Map<number, string>();
    for (const [z, e] of [...perDistrict].sort((a, b) => a[0] - b[0])) {
      const n = e.ext + e.comp;
      const name = z >= 0 ? zones.names.get(z) : undefined;
      const dzh = name?.zh ?? name?.name ?? (z >= 0 ? `区 ${z}` : '区外');
      const den = name?.en ?? name?.name ?? (z >= 0 ? `district ${z}` : 'outside the districts');
      const id = this.node(h, t, {
        system: 'buildings',
        kind: 'buildingDamaged',
        ref: null,
        x: e.sx / n,
        y: e.sy / n,
        severity: e.comp > 0 ? 3 : 2,
        title: T2(`${dzh}：${n} 栋建筑严重受损`, `${den}: ${n} buildings heavily damaged`),
        why: T2(
          `最可能破坏状态：严重 ${e.ext} 栋、完全破坏 ${e.comp} 栋（HAZUS 易损性曲线，按 PGA）`,
          `most likely damage state: extensive ${e.ext}, complete ${e.comp} (HAZUS fragility curves at the PGA)`,
        ),
        causes: [onset],
      });
      districtNode.set(z, id);
      this.log.report(
        {
          key: `${h.id}:district:${z}`,
          category: 'buildingRepair',
          priority: e.comp > 0 ? 1 : 2,
          x: e.sx / n,
          y: e.sy / n,
          description: T2(
            `${dzh} 震后房屋安全鉴定：严重 ${e.ext} 栋、完全破坏 ${e.comp} 栋`,
            `${den} post-earthquake building safety inspection: ${e.ext} extensive, ${e.comp} complete`,
          ),
          causeId: id,
        },
        h.id,
      );
    }
    h.causeRoots.push(...districtNode.values());
    this.exposureNodes(h, t, quakeExposure(this.city, this.assets(), damage, occ, h.id));
    // Substations by the HAZUS fragility at the station's PGA.
    const g = this.grid;
    if (g !== null)
      for (let s = 0; s < g.stationCount; s++) {
        const rKm = Math.hypot(g.stationX[s]! - spec.x, g.stationY[s]! - spec.y) / 1000;
        const pga = pgaG(spec.magnitude, rKm);
        const st = substationDamageState(pga);
        if (st < SUBSTATION_TRIP_STATE) continue;
        const days = RESTORATION_DAYS.substation[st - 1]!;
        const names = ['', '轻微', '中等', '严重', '完全破坏'];
        const namesEn = ['', 'slight', 'moderate', 'extensive', 'complete'];
        this.tripStation(
          h,
          s,
          t,
          t + days * DAY_MS,
          T2(
            `PGA ${fmt(pga, 2)} g → 最可能 ${names[st]} 破坏（HAZUS ESS1：中等中值 ${SUBSTATION_FRAGILITY.medianPgaG[1]} g，β ${SUBSTATION_FRAGILITY.beta[1]}）；按 HAZUS 恢复函数 ${days} 天后恢复`,
            `PGA ${fmt(pga, 2)} g → most likely ${namesEn[st]} damage (HAZUS ESS1: moderate median ${SUBSTATION_FRAGILITY.medianPgaG[1]} g, β ${SUBSTATION_FRAGILITY.beta[1]}); restored after ${days} days (HAZUS restoration function)`,
          ),
          [onset],
        );
      }
    // Debris: tall heavily damaged buildings block the links beside them.
    const areas = this.city.buildings.areaM2;
    const heights = this.city.buildings.heightM;
    const reopen = t + RESTORATION_DAYS.road[1]! * DAY_MS;
    const cells = buildingGridCells(this.city);
    for (let b = 0; b < ds.length; b++) {
      if (ds[b]! < DEBRIS_MIN_DAMAGE_STATE || heights[b]! < DEBRIS_MIN_HEIGHT_M) continue;
      const reach = DEBRIS_REACH_SHARE_OF_HEIGHT * heights[b]! + Math.sqrt(areas[b]! / Math.PI);
      const z = district[b]!;
      const cause = districtNode.get(z === NO_INDEX ? -1 : z) ?? onset;
      let first: string | null = null;
      for (const l of this.linkIndex().near(bx[b]!, by[b]!, reach)) {
        if (h.closures.has(l)) continue;
        const id = this.closeLink(h, l, t, 'debris', reopen, {
          severity: 3,
          title: T2(`道路 #${l} 被倒塌物阻断`, `Road link #${l} blocked by debris`),
          why: T2(
            `建筑 #${b}（高 ${fmt(heights[b]!)} m，${ds[b] === 4 ? '完全破坏' : '严重破坏'}）的坠落范围 ${fmt(reach)} m（高度一半 + 占地半径）；按 HAZUS 道路恢复均值 ${RESTORATION_DAYS.road[1]} 天清理`,
            `within ${fmt(reach)} m (half the height + footprint radius) of building #${b} (${fmt(heights[b]!)} m, ${ds[b] === 4 ? 'complete' : 'extensive'} damage); cleared after ${RESTORATION_DAYS.road[1]} days (HAZUS roadway restoration mean)`,
          ),
          causes: [cause],
        });
        first ??= id;
      }
      if (first !== null)
        this.log.report(
          {
            // One report per 网格 (grid cell): the grid's inspectors clear all blockages in their cell.
            key: `${h.id}:debris:${cells[b] === NO_INDEX ? `b${b}` : cells[b]}`,
            category: 'safetyHazard',
            priority: 1,
            x: bx[b]!,
            y: by[b]!,
            description: T2(
              `建筑 #${b} 严重受损，倒塌物阻断道路`,
              `Building #${b} heavily damaged, debris blocks the road`,
            ),
            causeId: first,
          },
          h.id,
        );
    }
    this.linkDirty = true;
    this.refreshLinks();
    this.dispatch(h, t, quakeRescueTasks(this.city, damage, occ, districtNode, onset));
    this.planQuakeEvacuation(h, damage, occ, t, [...districtNode.values()]);
  }

  private planQuakeEvacuation(
    h: Hz,
    damage: QuakeDamage,
    occ: Float32Array,
    t: number,
    causes: string[],
  ): void {
    const n = this.city.buildings.count;
    const people = new Float32Array(n);
    let sum = 0;
    for (let b = 0; b < n; b++)
      if (damage.damageState[b]! >= DEBRIS_MIN_DAMAGE_STATE) {
        people[b] = occ[b]!;
        sum += occ[b]!;
      }
    // Scale to the model's shelter demand (HAZUS: people seeking public shelter among the displaced).
    const want = damage.shelterDemand;
    if (sum > 0 && want > 0) for (let b = 0; b < n; b++) people[b] = (people[b]! * want) / sum;
    if (!(sum > 0 && want > 0)) return;
    const sources = evacuationSources(this.city, people);
    const plan = planEvacuation(
      this.city,
      sources,
      this.shelters,
      this.closedMask(),
      this.lastCtx?.linkTimeS ?? null,
      h.id,
      {
        maxRoutes: MAX_EVAC_ROUTES,
      },
    );
    const before = new Map(this.shelters.map((s) => [s.poi, s]));
    this.shelters = plan.shelters;
    this.routes = [...this.routes.filter((r) => r.hazardId !== h.id), ...plan.routes].slice(
      0,
      MAX_EVAC_ROUTES,
    );
    this.evacChanged = true;
    const pois = this.city.pois;
    const shelterNodes: string[] = [];
    for (const s of plan.shelters) {
      if (!s.open || (before.get(s.poi)?.open ?? false)) continue;
      shelterNodes.push(
        this.node(h, t, {
          system: 'people',
          kind: 'shelterOpened',
          ref: { kind: 'poi', index: s.poi },
          x: pois.xy[2 * s.poi]!,
          y: pois.xy[2 * s.poi + 1]!,
          severity: 2,
          title: T2(`避难场所 #${s.poi} 开放`, `Shelter #${s.poi} opened`),
          why: T2(
            `安置 ${fmt(s.occupants)} / ${fmt(s.capacity)} 人`,
            `${fmt(s.occupants)} of ${fmt(s.capacity)} places taken`,
          ),
          causes,
        }),
      );
    }
    const moved = plan.routes.reduce((a, r) => a + r.people, 0);
    this.node(h, t, {
      system: 'people',
      kind: 'evacuation',
      ref: null,
      x: null,
      y: null,
      severity: plan.unservedPeople > 0 ? 3 : 2,
      title: T2(`疏散：${plan.routes.length} 条路线`, `Evacuation: ${plan.routes.length} routes`),
      why: T2(
        `需安置 ${fmt(want)} 人（HAZUS 避难需求），路线承载 ${fmt(moved)} 人，无处安置 ${fmt(plan.unservedPeople)} 人；避开封闭道路，就近有余位的避难场所`,
        `${fmt(want)} people need shelter (HAZUS shelter demand), ${fmt(moved)} on routes, ${fmt(plan.unservedPeople)} without a place; closed roads avoided, nearest shelter with room`,
      ),
      causes: shelterNodes.length ? shelterNodes : causes,
    });
  }

  private stepQuake(h: Hz, t: number): void {
    let restored = false;
    for (const [s, trip] of [...h.trips])
      if (trip.restoreMs !== null && t >= trip.restoreMs) {
        this.restoreStation(
          h,
          s,
          t,
          T2('按 HAZUS 恢复函数修复完成', 'repaired (HAZUS restoration function)'),
        );
        restored = true;
      }
    for (const [l, c] of [...h.closures])
      if (c.reopenMs !== null && t >= c.reopenMs) {
        this.reopenLink(h, l, t, T2('倒塌物已清理', 'debris cleared'));
        restored = true;
      }
    if (restored && h.phase === 'response') {
      h.phase = 'recovery';
      this.changed = true;
    }
    if (h.closures.size === 0 && h.trips.size === 0)
      this.finish(h, t, T2('电网与道路全部恢复', 'power and roads fully restored'));
  }

  // ---- fire ---------------------------------------------------------------------------------------------------------

  private startFire(h: Hz, spec: Extract<HazardSpec, { kind: 'fire' }>, t: number): void {
    const b = spec.building;
    const ctx = this.lastCtx;
    const summary = assessFire(
      this.city,
      b,
      ctx?.weather.windMS ?? 3,
      ctx?.linkTimeS ?? null,
      this.closedMask(),
      h.id,
    );
    h.fire = { summary };
    h.phase = 'response';
    const { x: bx, y: by } = buildingCentroids(this.city);
    const x = bx[b]!;
    const y = by[b]!;
    const late = summary.travelTimeS < 0 || summary.travelTimeS > summary.standardS;
    const risk = ['', '低', '中', '高'][summary.spreadRisk]!;
    const riskEn = ['', 'low', 'medium', 'high'][summary.spreadRisk]!;
    h.headline = {
      label: T2('消防到场时间', 'engine arrival'),
      value: Math.round(summary.travelTimeS / 6) / 10,
      unit: 'min',
    };
    const onset = this.node(h, t, {
      system: 'hazard',
      kind: 'hazardOnset',
      ref: { kind: 'building', index: b },
      x,
      y,
      severity: summary.spreadRisk,
      title: T2(`建筑 #${b} 起火`, `Fire in building #${b}`),
      why: T2(
        `蔓延风险 ${risk}，1 小时内波及 ${summary.buildingsAtRisk.length} 栋（半径 ${fmt(summary.spreadRadiusM)} m）；消防站 #${summary.station} 到场 ${fmt(summary.travelTimeS / 60, 1)} 分钟${late ? '，超过' : '，满足'} 5 分钟标准（建标152-2017）`,
        `${riskEn} spread risk, ${summary.buildingsAtRisk.length} buildings within ${fmt(summary.spreadRadiusM)} m in an hour; station #${summary.station} arrives in ${fmt(summary.travelTimeS / 60, 1)} min, ${late ? 'beyond' : 'within'} the 5-minute standard (建标152-2017)`,
      ),
      causes: [],
    });
    h.onsetNode = onset;
    this.setAlert(
      h,
      fireAlertLevel(summary.spreadRisk, summary.travelTimeS, summary.standardS),
      t,
      T2(
        `蔓延风险 ${risk}${late ? '，消防到场超时' : ''}（代理分级，见 lifecycle.ts）`,
        `${riskEn} spread risk${late ? ', engines late' : ''} (proxy grading, see lifecycle.ts)`,
      ),
    );
    this.log.report(
      {
        key: `${h.id}:fire`,
        category: 'fireHazard',
        priority: 1,
        x,
        y,
        description: T2(`建筑 #${b} 火灾，蔓延风险 ${risk}`, `Fire in building #${b}, ${riskEn} spread risk`),
        causeId: onset,
      },
      h.id,
    );
    // Engines first (the cordon closes roads to traffic, not to the responders), the fire model's station first.
    this.dispatch(h, t, [
      {
        key: `fire:${b}`,
        priority: 1,
        x,
        y,
        task: T2(`建筑 #${b} 灭火`, `fight the fire in building #${b}`),
        needs: FIRE_RESCUE_NEEDS,
        cause: onset,
      },
    ]);
    const r = FIRE_CORDON_M + Math.sqrt(this.city.buildings.areaM2[b]! / Math.PI);
    for (const l of this.linkIndex().near(x, y, r))
      this.closeLink(h, l, t, 'fire', t + FIRE_DURATION_MIN * 60_000, {
        severity: 2,
        title: T2(`道路 #${l} 火场警戒封闭`, `Road link #${l} closed by the fire cordon`),
        why: T2(
          `距起火建筑 ${fmt(r)} m 内（警戒范围 ${FIRE_CORDON_M} m，假设）`,
          `within ${fmt(r)} m of the burning building (${FIRE_CORDON_M} m cordon, assumption)`,
        ),
        causes: [onset],
      });
    this.exposureNodes(
      h,
      t,
      fireExposure(this.city, this.assets(), summary.buildingsAtRisk, b, this.occupants(t), h.id),
    );
  }

  private stepFire(h: Hz, t: number): void {
    if (h.endMs !== null && t >= h.endMs)
      this.finish(
        h,
        t,
        T2(
          `火灾扑灭（设定持续 ${FIRE_DURATION_MIN} 分钟），警戒解除`,
          `fire out (stated duration ${FIRE_DURATION_MIN} min), cordon lifted`,
        ),
      );
  }

  // ---- stepping -----------------------------------------------------------------------------------------------------

  /** Advances every hazard to `simMs` in whole minutes and applies the energy feedback of this tick. */
  step(simMs: number, ctx: HazardStepContext): void {
    if (simMs < this.lastMs)
      throw new RangeError(`hazard runtime: time went backwards (${simMs} < ${this.lastMs})`);
    this.lastMs = simMs;
    this.lastCtx = ctx;
    if (!this.active) {
      this.nextMinuteMs = Math.floor(simMs / HAZARD_STEP_MS) * HAZARD_STEP_MS + HAZARD_STEP_MS;
      return;
    }
    // The energy model's state is the previous tick's: its consequences enter this tick's minutes (and lifelines).
    this.energyFeedback(simMs, ctx);
    this.refreshLinks();
    this.catchUpTo(simMs);
    this.refreshCoupling(simMs);
  }

  private catchUpTo(simMs: number): void {
    if (Number.isNaN(this.nextMinuteMs)) {
      this.nextMinuteMs = Math.floor(simMs / HAZARD_STEP_MS) * HAZARD_STEP_MS + HAZARD_STEP_MS;
      return;
    }
    const last = Math.floor(simMs / HAZARD_STEP_MS) * HAZARD_STEP_MS;
    if (this.nextMinuteMs > last) return;
    const first = Math.max(this.nextMinuteMs, last - (MAX_CATCH_UP_MIN - 1) * HAZARD_STEP_MS);
    for (let t = first; t <= last; t += HAZARD_STEP_MS) this.minute(t);
    this.nextMinuteMs = last + HAZARD_STEP_MS;
  }

  /** One simulated minute ending at `t`. */
  private minute(t: number): void {
    const ctx = this.lastCtx;
    for (const h of this.list) {
      if (h.phase === 'over') continue;
      switch (h.kind) {
        case 'rainstorm':
          if (h.flood) this.stepRain(h, h.flood, t);
          break;
        case 'heat':
          if (h.heat) this.stepHeat(h, h.heat, t, ctx);
          break;
        case 'earthquake':
          this.stepQuake(h, t);
          break;
        case 'fire':
          this.stepFire(h, t);
          break;
        default:
          throw new Error(`unknown hazard kind ${String(h.kind satisfies never)}`);
      }
    }
    this.refreshLinks();
    this.stepPumps(t);
    this.recordLifelines(t);
  }

  private closedMask(): Uint8Array {
    const f = this.cp.linkFactor;
    const m = new Uint8Array(f.length);
    for (let l = 0; l < f.length; l++) m[l] = f[l]! <= CLOSED_LINK_FACTOR * 1.001 ? 1 : 0;
    return m;
  }

  /** Recomputes the link factors from every hazard's closures and the dark signals. */
  private refreshLinks(): void {
    if (!this.linkDirty) return;
    this.linkDirty = false;
    const f = this.cp.linkFactor;
    f.fill(1);
    let any = false;
    const roads = this.city.roads;
    if (this.darkNodes.size > 0)
      for (let l = 0; l < roads.linkCount; l++)
        if (this.cp.signalDark[roads.linkTo[l]!]) {
          f[l] = DARK_SIGNAL_CAPACITY_FACTOR;
          any = true;
        }
    for (const h of this.list)
      for (const l of h.closures.keys()) {
        f[l] = CLOSED_LINK_FACTOR;
        any = true;
      }
    this.cp.linkFactorActive = any;
    this.cp.linkVersion++;
  }

  /** Publishes trips and the weather override. */
  private refreshCoupling(simMs: number): void {
    this.refreshLinks();
    if (this.energyDirty) {
      this.energyDirty = false;
      const st = new Set<number>();
      for (const h of this.list) for (const s of h.trips.keys()) st.add(s);
      this.cp.trippedStations = [...st].sort((a, b) => a - b);
      this.cp.energyVersion++;
    }
    let w: WeatherOverride | null = null;
    for (const h of this.list) {
      if (h.phase === 'over') continue;
      if (h.kind === 'rainstorm' && simMs >= h.onsetMs && h.endMs !== null && simMs < h.endMs) {
        const spec = h.spec as Extract<HazardSpec, { kind: 'rainstorm' }>;
        w = { ...(w ?? {}), rainMmH: rainAt(spec.rain, Math.floor((simMs - h.onsetMs) / 60_000)) };
      }
      if (h.kind === 'heat' && simMs >= h.onsetMs && h.endMs !== null && simMs < h.endMs) {
        const hw = this.heatNow(h, simMs);
        w = { ...(w ?? {}), temperatureC: hw.tempC, humidityPct: hw.rhPct };
      }
    }
    this.cp.weather = w;
  }

  /** Load shed, storage support, dark signals and the outage areas from the energy model's latest state. */
  private energyFeedback(t: number, ctx: HazardStepContext): void {
    const e = ctx.energy;
    const g = this.grid;
    if (e === null || g === null) return;
    if (e.outageVersion === this.seenOutageVersion && e.dispatchVersion === this.seenDispatchVersion) return;
    this.seenOutageVersion = e.outageVersion;
    this.seenDispatchVersion = e.dispatchVersion;
    const dead = e.busDead;
    // Dead buses per feeder.
    const deadByFeeder = new Map<number, number>();
    for (let i = 0; i < dead.length; i++)
      if (dead[i]) deadByFeeder.set(g.busFeeder[i]!, (deadByFeeder.get(g.busFeeder[i]!) ?? 0) + 1);
    const tripNodes = new Map<number, string>();
    for (const h of this.list) for (const [s, tr] of h.trips) tripNodes.set(s, tr.node);
    // Shed per feeder, in proportion to the dead buses' design peak (the model reports the system total).
    const peakOf = (f: number): number => {
      let p = 0;
      const nc = g.busPeakMw.length / Math.max(1, g.busCount);
      for (let i = 0; i < dead.length; i++)
        if (dead[i] && g.busFeeder[i] === f) for (let c = 0; c < nc; c++) p += g.busPeakMw[i * nc + c]!;
      return p;
    };
    let deadPeak = 0;
    const feederPeak = new Map<number, number>();
    for (const f of deadByFeeder.keys()) {
      const p = peakOf(f);
      feederPeak.set(f, p);
      deadPeak += p;
    }
    const shed = e.shedMw + e.unservedMw;
    let areasChanged = false;
    if (shed > 0)
      for (const [f, nDead] of [...deadByFeeder].sort((a, b) => a[0] - b[0])) {
        if (this.feederShed.has(f)) continue;
        const s = g.feederStation[f]!;
        const cause = tripNodes.get(s) ?? [...tripNodes.values()][0];
        if (cause === undefined) continue; // not a hazard outage
        const h = this.list.find((x) => x.id === hazardOfNode(cause))!;
        const mw = deadPeak > 0 ? (shed * feederPeak.get(f)!) / deadPeak : 0;
        const buses = this.feederBuses(f, dead);
        const id = this.node(h, t, {
          system: 'power',
          kind: 'loadShed',
          ref: { kind: 'feeder', index: f },
          x: buses.x,
          y: buses.y,
          severity: mw >= 5 ? 3 : 2,
          title: T2(`馈线 ${g.feederName[f] ?? f} 停电`, `Feeder ${g.feederName[f] ?? f} without supply`),
          why: T2(
            `${nDead} 个母线失电，甩负荷约 ${fmt(mw, 1)} MW（系统 ${fmt(shed, 1)} MW，按设计峰值分摊）；联络开关无法转供`,
            `${nDead} buses dead, ≈ ${fmt(mw, 1)} MW shed (system ${fmt(shed, 1)} MW, shared by design peak); no tie could restore them`,
          ),
          causes: [cause],
        });
        this.feederShed.set(f, id);
        areasChanged = true;
        if (mw >= REPORT_SHED_MIN_MW)
          this.log.report(
            {
              key: `${h.id}:feeder:${f}`,
              category: 'powerOutage',
              priority: mw >= 5 ? 1 : 2,
              x: buses.x,
              y: buses.y,
              description: T2(
                `馈线 ${g.feederName[f] ?? f} 停电，约 ${fmt(mw, 1)} MW`,
                `Feeder ${g.feederName[f] ?? f} out, ≈ ${fmt(mw, 1)} MW`,
              ),
              causeId: id,
            },
            h.id,
          );
      }
    for (const [f, id] of [...this.feederShed])
      if (!deadByFeeder.has(f)) {
        this.feederShed.delete(f);
        areasChanged = true;
        const h = this.list.find((x) => x.id === hazardOfNode(id))!;
        this.node(h, t, {
          system: 'power',
          kind: 'restored',
          ref: { kind: 'feeder', index: f },
          x: null,
          y: null,
          severity: 1,
          title: T2(`馈线 ${g.feederName[f] ?? f} 恢复供电`, `Feeder ${g.feederName[f] ?? f} supplied again`),
          why: T2('上级变电站恢复送电', 'its substation is back in service'),
          causes: [id],
        });
      }
    // Storage covering the outage.
    if (this.feederShed.size > 0 && e.storageDischargeMw > 0.05 && this.storageNode === null) {
      const causes = [...this.feederShed.values()];
      const h = this.list.find((x) => x.id === hazardOfNode(causes[0]!))!;
      this.storageNode = this.node(h, t, {
        system: 'power',
        kind: 'storageSupport',
        ref: null,
        x: null,
        y: null,
        severity: 1,
        title: T2('储能放电支撑', 'Storage discharging'),
        why: T2(
          `停电期间储能放电 ${fmt(e.storageDischargeMw, 1)} MW`,
          `storage discharging ${fmt(e.storageDischargeMw, 1)} MW during the outage`,
        ),
        causes,
      });
    }
    if (this.feederShed.size === 0) this.storageNode = null;
    // Signals: a signalised node is powered by its nearest bus.
    this.ensureSignalBuses();
    const nodes = this.signalNodes!;
    const sb = this.signalBus!;
    const xy = this.city.roads.nodeXY;
    for (let k = 0; k < nodes.length; k++) {
      const n = nodes[k]!;
      const b = sb[k]!;
      const f = b >= 0 ? g.busFeeder[b]! : -1;
      const isDark = b >= 0 && dead[b] === 1 && this.feederShed.has(f);
      const cur = this.darkNodes.get(n);
      if (isDark && cur === undefined) {
        const cause = this.feederShed.get(f)!;
        const h = this.list.find((x) => x.id === hazardOfNode(cause))!;
        const id = this.node(h, t, {
          system: 'signals',
          kind: 'signalsDark',
          ref: { kind: 'node', index: n },
          x: xy[2 * n]!,
          y: xy[2 * n + 1]!,
          severity: 2,
          title: T2(`路口 #${n} 信号灯熄灭`, `Signals dark at node #${n}`),
          why: T2(
            `供电母线 #${b} 失电；进口道通行能力 ×${DARK_SIGNAL_CAPACITY_FACTOR}（按全向停车控制，HCM 2010 第 20 章）`,
            `its supply bus #${b} is dead; approach capacity ×${DARK_SIGNAL_CAPACITY_FACTOR} (all-way stop operation, HCM 2010 Ch. 20)`,
          ),
          causes: [cause],
        });
        this.darkNodes.set(n, id);
        this.cp.signalDark[n] = 1;
        this.linkDirty = true;
        this.log.report(
          {
            key: `${h.id}:signal:${n}`,
            category: 'trafficSignal',
            priority: 2,
            x: xy[2 * n]!,
            y: xy[2 * n + 1]!,
            description: T2(`路口 #${n} 停电，信号灯熄灭`, `Node #${n}: signals dark (power outage)`),
            causeId: id,
          },
          h.id,
        );
      } else if (!isDark && cur !== undefined) {
        this.darkNodes.delete(n);
        this.cp.signalDark[n] = 0;
        this.linkDirty = true;
        const h = this.list.find((x) => x.id === hazardOfNode(cur))!;
        this.node(h, t, {
          system: 'signals',
          kind: 'restored',
          ref: { kind: 'node', index: n },
          x: xy[2 * n]!,
          y: xy[2 * n + 1]!,
          severity: 1,
          title: T2(`路口 #${n} 信号灯恢复`, `Signals back at node #${n}`),
          why: T2('供电恢复', 'power restored'),
          causes: [cur],
        });
      }
    }
    void areasChanged;
    this.updateOutageAreas(dead);
    this.recordPower(e);
  }

  private feederBuses(f: number, dead: Uint8Array): { x: number; y: number } {
    const g = this.grid!;
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let i = 0; i < dead.length; i++)
      if (dead[i] && g.busFeeder[i] === f) {
        sx += g.busX[i]!;
        sy += g.busY[i]!;
        n++;
      }
    return n > 0 ? { x: sx / n, y: sy / n } : { x: 0, y: 0 };
  }

  private updateOutageAreas(dead: Uint8Array): void {
    const g = this.grid!;
    const { x, y } = buildingCentroids(this.city);
    const pts = new Map<number, number[]>();
    let count = 0;
    for (let b = 0; b < g.buildingBus.length; b++) {
      const bus = g.buildingBus[b]!;
      if (bus < 0 || !dead[bus]) continue;
      const f = g.busFeeder[bus]!;
      if (!this.feederShed.has(f)) continue;
      count++;
      let arr = pts.get(f);
      if (!arr) pts.set(f, (arr = []));
      arr.push(x[b]!, y[b]!);
    }
    this.outageBuildings = count;
    this.outageAreas = [...pts]
      .sort((a, b) => a[0] - b[0])
      .map(([feeder, xy]) => ({ feeder, hull: convexHull(xy) }));
  }

  private ensureSignalBuses(): void {
    if (this.signalNodes !== null) return;
    const roads = this.city.roads;
    const nodes: number[] = [];
    const buses: number[] = [];
    for (let n = 0; n < roads.nodeCount; n++) {
      if (!roads.nodeSignal[n]) continue;
      nodes.push(n);
      buses.push(this.nearestBus(roads.nodeXY[2 * n]!, roads.nodeXY[2 * n + 1]!));
    }
    this.signalNodes = Int32Array.from(nodes);
    this.signalBus = Int32Array.from(buses);
  }

  private nearestBus(x: number, y: number): number {
    const g = this.grid!;
    let best = -1;
    let bestD = SIGNAL_BUS_RADIUS_M * SIGNAL_BUS_RADIUS_M;
    for (let i = 0; i < g.busCount; i++) {
      const dx = g.busX[i]! - x;
      const dy = g.busY[i]! - y;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Pumping stations: out when flooded or unpowered. */
  private stepPumps(t: number): void {
    const pois = this.city.pois;
    if (this.pumps === null) {
      const p: number[] = [];
      for (let i = 0; i < pois.count; i++) if (pois.kind[i] === PoiKind.pumpingStation) p.push(i);
      this.pumps = Int32Array.from(p);
      this.pumpBus = Int32Array.from(p, (i) =>
        this.grid ? this.nearestBus(pois.xy[2 * i]!, pois.xy[2 * i + 1]!) : -1,
      );
    }
    if (this.pumps.length === 0) return;
    const dead = this.lastCtx?.energy?.busDead ?? null;
    const flood = this.list.find((h) => h.kind === 'rainstorm' && h.phase !== 'over' && h.flood);
    for (let k = 0; k < this.pumps.length; k++) {
      const p = this.pumps[k]!;
      const x = pois.xy[2 * p]!;
      const y = pois.xy[2 * p + 1]!;
      const d = flood?.flood ? depthAtXY(flood.flood.model.grid, flood.flood.model.depthM, x, y) : 0;
      const b = this.pumpBus![k]!;
      const unpowered =
        dead !== null && b >= 0 && dead[b] === 1 && this.feederShed.has(this.grid!.busFeeder[b]!);
      const flooded = d > ASSET_FLOOD_DEPTH_M;
      const cur = this.pumpDown.get(p);
      if ((flooded || unpowered) && cur === undefined) {
        const cause = flooded ? flood!.onsetNode! : this.feederShed.get(this.grid!.busFeeder[b]!)!;
        const h = this.list.find((x2) => x2.id === hazardOfNode(cause))!;
        const id = this.node(h, t, {
          system: 'water',
          kind: 'assetExposed',
          ref: { kind: 'poi', index: p },
          x,
          y,
          severity: 3,
          title: T2(`泵站 #${p} 停运`, `Pumping station #${p} out of service`),
          why: flooded
            ? T2(
                `站址积水 ${fmt(d, 2)} m > ${ASSET_FLOOD_DEPTH_M} m`,
                `water at the station ${fmt(d, 2)} m > ${ASSET_FLOOD_DEPTH_M} m`,
              )
            : T2(`供电母线 #${b} 失电`, `its supply bus #${b} is dead`),
          causes: [cause],
        });
        this.pumpDown.set(p, id);
        this.log.report(
          {
            key: `${h.id}:pump:${p}`,
            category: 'waterSupply',
            priority: 1,
            x,
            y,
            description: T2(`泵站 #${p} 停运`, `Pumping station #${p} out of service`),
            causeId: id,
          },
          h.id,
        );
      } else if (!flooded && !unpowered && cur !== undefined) {
        this.pumpDown.delete(p);
        const h = this.list.find((x2) => x2.id === hazardOfNode(cur))!;
        this.node(h, t, {
          system: 'water',
          kind: 'restored',
          ref: { kind: 'poi', index: p },
          x,
          y,
          severity: 1,
          title: T2(`泵站 #${p} 恢复运行`, `Pumping station #${p} back in service`),
          why: T2('积水退去且供电正常', 'dry and powered again'),
          causes: [cur],
        });
      }
    }
  }

  // ---- lifelines ----------------------------------------------------------------------------------------------------

  private powerPct = 100;

  private recordPower(e: HazardEnergyState): void {
    this.powerPct = e.demandMw > 0 ? Math.max(0, 100 * (1 - (e.shedMw + e.unservedMw) / e.demandMw)) : 100;
  }

  private recordLifelines(t: number): void {
    const roads = this.city.roads;
    const f = this.cp.linkFactor;
    let all = 0;
    let open = 0;
    for (let l = 0; l < roads.linkCount; l++) {
      const w = roads.lengthM[l]! * roads.capacityVph[l]!;
      all += w;
      const k = f[l]!;
      open += w * (k <= CLOSED_LINK_FACTOR * 1.001 ? 0 : Math.min(1, k));
    }
    const pumps = this.pumps?.length ?? 0;
    this.lifelines = {
      simTimeMs: t,
      powerPct: Math.round(this.powerPct * 100) / 100,
      roadsPct: all > 0 ? Math.round((10_000 * open) / all) / 100 : 100,
      waterPct: pumps > 0 ? Math.round((10_000 * (pumps - this.pumpDown.size)) / pumps) / 100 : 100,
    };
    this.history.push(this.lifelines);
    if (this.history.length > MAX_LIFELINE_HISTORY)
      this.history.splice(0, this.history.length - MAX_LIFELINE_HISTORY);
  }

  // ---- output -------------------------------------------------------------------------------------------------------

  private view(h: Hz): ActiveHazard {
    return {
      id: h.id,
      kind: h.kind,
      spec: h.spec,
      label: h.label,
      triggeredMs: h.triggeredMs,
      onsetMs: h.onsetMs,
      endMs: h.endMs,
      phase: h.phase,
      alertLevel: h.alertLevel,
      alertSinceMs: h.alertSinceMs,
      acknowledged: h.acknowledged,
      notified: notifiedAt(h.kind, h.alertLevel),
      headline: { ...h.headline },
      overMs: h.overMs,
    };
  }

  private recent(simMs: number): Hz[] {
    return this.list.filter(
      (h) => h.phase !== 'over' || (h.overMs !== null && simMs - h.overMs < RECENT_OVER_MS),
    );
  }

  private build(
    simMs: number,
    cascade: readonly CascadeNode[],
    evacuation: readonly EvacRoute[] | null,
  ): HazardMessage {
    const recent = this.recent(simMs);
    const running = this.list.filter((h) => h.phase !== 'over');
    const latest = <K extends 'flood' | 'quake' | 'heat' | 'fire'>(k: K): Hz | undefined =>
      [...running].reverse().find((h) => h[k] !== null);
    const closed = new Set<number>();
    for (const h of this.list) for (const l of h.closures.keys()) closed.add(l);
    const g = this.grid;
    const feeders = [...this.feederShed.keys()].sort((a, b) => a - b);
    const shed = this.lastCtx?.energy ? this.lastCtx.energy.shedMw + this.lastCtx.energy.unservedMw : 0;
    return {
      seq: this.seq,
      simTimeMs: simMs,
      hazards: recent.map((h) => this.view(h)),
      exposure: running.flatMap((h) => (h.exposure ? [h.exposure] : [])),
      cascade,
      lifelines: Number.isNaN(this.lifelines.simTimeMs)
        ? { ...this.lifelines, simTimeMs: simMs }
        : this.lifelines,
      shelters: this.shelters,
      evacuation,
      rescue: this.rescue.slice(0, MAX_RESCUE),
      outage: {
        stations: [...this.cp.trippedStations],
        feeders,
        areas: g ? this.outageAreas : [],
        buildings: this.outageBuildings,
        shedMw: feeders.length > 0 ? shed : 0,
        darkSignalNodes: [...this.darkNodes.keys()].sort((a, b) => a - b),
      },
      closedLinks: [...closed].sort((a, b) => a - b),
      flood: latest('flood')?.flood?.balance ?? null,
      quake: latest('quake')?.quake?.summary ?? null,
      heat: latest('heat')?.heat?.summary ?? null,
      fire: latest('fire')?.fire?.summary ?? null,
    };
  }

  /**
   * The next `hazard` stream message (seq + 1), or null when none is due: due once per simulated minute while a hazard
   * runs or was over within RECENT_OVER_MS, and at once when something changed (a command, new cascade steps).
   */
  message(simMs: number): HazardMessage | null {
    const minute = Math.floor(simMs / HAZARD_STEP_MS);
    const recentCount = this.recent(simMs).length;
    const due =
      this.changed ||
      this.log.hasNew ||
      recentCount !== this.lastRecentCount ||
      (recentCount > 0 && minute > this.lastMessageMinute);
    if (!due) return null;
    this.changed = false;
    this.lastRecentCount = recentCount;
    this.lastMessageMinute = minute;
    this.seq++;
    const evac = this.evacChanged ? this.routes : null;
    this.evacChanged = false;
    return this.build(simMs, this.log.takeNew(), evac);
  }

  /** The latest state with the whole cascade log and the lifeline history (for a client that connects). */
  snapshot(): HazardSnapshot {
    const t = Number.isNaN(this.lastMs) ? 0 : this.lastMs;
    return { message: this.build(t, [...this.log.log()], this.routes), lifelineHistory: [...this.history] };
  }

  /** The running flood's depth grid, once per simulated minute (null when there is none or nothing new). */
  floodFrame(): RuntimeFloodFrame | null {
    const h = this.list.find((x) => x.kind === 'rainstorm' && x.phase !== 'over' && x.flood);
    const f = h?.flood;
    if (!h || !f) return null;
    const minute = Math.round(f.model.timeS / 60);
    if (minute === f.frameMinute || minute === 0) return null;
    f.frameMinute = minute;
    const g = f.model.grid;
    const n = g.nx * g.ny;
    let buf = this.frameBuf.depthMm;
    if (buf === null || buf.length !== n) buf = this.frameBuf.depthMm = new Uint16Array(n);
    const d = f.model.depthM;
    for (let i = 0; i < n; i++) buf[i] = Math.min(65535, Math.round(d[i]! * 1000));
    return {
      seq: ++this.floodSeq,
      simTimeMs: h.onsetMs + minute * HAZARD_STEP_MS,
      nx: g.nx,
      ny: g.ny,
      x0: g.x0,
      y0: g.y0,
      cellM: g.cellM,
      hazardNumber: h.number,
      depthMm: buf,
    };
  }

  /** 一网统管 reports raised since the previous call (each consequence at most once, by key). */
  takeReports(): HazardReport[] {
    return this.log.takeReports();
  }

  /** Records that report `key` became work order `orderId` (a 'workOrder' cascade step); false for unknown keys. */
  noteWorkOrder(key: string, orderId: string, simMs: number): boolean {
    const r = this.log.reportOf(key);
    if (!r) return false;
    const h = this.list.find((x) => x.id === r.hazardId);
    if (!h) return false;
    this.node(h, simMs, {
      system: 'workload',
      kind: 'workOrder',
      ref: { kind: 'workOrder', id: orderId },
      x: null,
      y: null,
      severity: 1,
      title: T2(`一网统管工单 ${orderId}`, `一网统管 work order ${orderId}`),
      why: T2(
        '该后果超过上报阈值，已派单处置',
        'the consequence crossed its reporting threshold and was dispatched',
      ),
      causes: [r.causeId],
    });
    return true;
  }

  /** The RNG reserved for stochastic extensions (unused by the deterministic rules). */
  get random(): Rng {
    return this.rng;
  }
}
