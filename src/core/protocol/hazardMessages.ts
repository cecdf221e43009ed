/**
 * Wire messages of the resilience domain (docs/protocol.md §9): the sequenced `hazard` stream (one message per
 * simulated minute while a hazard is active, and on every change), the `hazardSnapshot` a client gets on connect, the
 * binary `hzFlood` water-depth frame, and the `hzCommand` an operator console sends (trigger / cancel / acknowledge).
 * Types first; the validators and the binary codec follow them.
 */
import {
  CASCADE_KINDS,
  CASCADE_SYSTEMS,
  HAZARD_KINDS,
  HAZARD_PHASES,
  RESCUE_KINDS,
  type ActiveHazard,
  type AlertLevel,
  type CascadeNode,
  type CascadeRef,
  type RainSource,
  type Severity,
  type EvacRoute,
  type ExposureSummary,
  type FireSummary,
  type FloodBalance,
  type HazardSpec,
  type HeatSummary,
  type LifelineLevels,
  type OutageState,
  type QuakeSummary,
  type RescueAssignment,
  type ShelterState,
} from '../hazards/types.ts';
import type { Parsed } from './messages.ts';
import {
  bool,
  fail,
  int,
  list,
  num,
  numOrNull,
  oneOf,
  rec,
  runParser as run,
  show,
  str,
  text2,
} from './wireValidate.ts';

/** socket.io event names. */
export const HazardEvent = {
  /** server → client: HazardMessage (sequenced). */
  stream: 'hazard',
  /** server → client: HazardSnapshot, on connect (after welcome) and after a server restart. */
  snapshot: 'hazardSnapshot',
  /** server → client: binary flood frame (encodeFloodFrame). */
  flood: 'hzFlood',
  /** client → server with ack: HazardCommand → HazardCommandAnswer. */
  command: 'hzCommand',
} as const;

/** server → client, stream `hazard`: the state after one step of the hazard runtime. */
export interface HazardMessage {
  readonly seq: number;
  readonly simTimeMs: number;
  /** Hazards not over, and those over within the last 6 simulated hours. */
  readonly hazards: readonly ActiveHazard[];
  /** Exposure of each hazard not over. */
  readonly exposure: readonly ExposureSummary[];
  /** Cascade steps emitted since the previous message (in a snapshot: the whole log, bounded). */
  readonly cascade: readonly CascadeNode[];
  readonly lifelines: LifelineLevels;
  readonly shelters: readonly ShelterState[];
  /** Every current evacuation route, or null when unchanged since the previous message. */
  readonly evacuation: readonly EvacRoute[] | null;
  /** Every current rescue assignment (units working for hazards not over), at most MAX_RESCUE. */
  readonly rescue: readonly RescueAssignment[];
  readonly outage: OutageState;
  /** Road links closed by hazards now (road link indices). */
  readonly closedLinks: readonly number[];
  /** The latest of each hazard summary (null when there is no such hazard running). */
  readonly flood: FloodBalance | null;
  readonly quake: QuakeSummary | null;
  readonly heat: HeatSummary | null;
  readonly fire: FireSummary | null;
}

/** server → client on connect: the latest message (cascade = the whole log) and the lifeline history. */
export interface HazardSnapshot {
  readonly message: HazardMessage;
  /** One point per simulated minute, oldest first, at most 24 simulated hours (recovery curves). */
  readonly lifelineHistory: readonly LifelineLevels[];
}

/** client → server (with an acknowledgement). */
export type HazardCommand =
  | { readonly op: 'trigger'; readonly spec: HazardSpec }
  | { readonly op: 'cancel'; readonly id: string }
  | { readonly op: 'acknowledge'; readonly id: string; readonly operator: string };

/** The acknowledgement of a HazardCommand. */
export type HazardCommandAnswer =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: string };

/** Bounds (validators refuse more). */
export const MAX_CASCADE_LOG = 5000;
export const MAX_EVAC_ROUTES = 300;
export const MAX_RESCUE = 500;
export const MAX_LIFELINE_HISTORY = 1440;

/**
 * Binary flood frame, little-endian (docs/protocol.md §9b):
 *   0 u32 magic FLOOD_FRAME_MAGIC · 4 u16 version (1) · 6 u16 reserved 0 · 8 u32 seq · 12 u32 nx · 16 u32 ny
 *   20 f64 simTimeMs · 28 f32 x0 · 32 f32 y0 · 36 f32 cellM · 40 u32 hazard number (HZ-0007 → 7)
 *   44 … nx·ny u16 water depth in millimetres, row-major, row 0 = south (65535 = 65.535 m or more)
 */
export const FLOOD_FRAME_MAGIC = 0x444f4c46;
export const FLOOD_FRAME_HEADER_BYTES = 44;
export const MAX_FLOOD_CELLS = 4_000_000;

/** A decoded flood frame. */
export interface FloodFrame {
  readonly seq: number;
  readonly simTimeMs: number;
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly hazardNumber: number;
  /** Depth per cell, millimetres (a view into the message buffer when decoded). */
  readonly depthMm: Uint16Array;
}

// ───────────────────────────── validators ─────────────────────────────
// Untrusted input → typed values or a precise reason naming the field (never throw to the caller). Internally a
// private exception unwinds to the entry point, which turns it into {ok:false, reason}.

/** Limits of a command's spec from the city the server runs: building count, the scene's extent, formulas known. */
export interface HazardCityLimits {
  readonly buildingCount: number;
  /** Scene extent, local metres. An earthquake epicentre may lie up to EPICENTRE_MARGIN_M outside it. */
  readonly extent: {
    readonly minX: number;
    readonly minY: number;
    readonly maxX: number;
    readonly maxY: number;
  };
  /** Keys of STORM_FORMULAS (rainfall.ts) the server knows; when absent, any formula name is accepted. */
  readonly formulas?: readonly string[];
}

/**
 * Bounds of hazard specs. Physical plausibility and model validity, not policy:
 * - storm-intensity formulas are fitted on annual maxima for return periods up to 100 years and durations of 5 … 180
 *   min (GB 50014-2021《室外排水设计标准》); up to 1000 years and 1440 min are accepted as extrapolations for stress tests;
 * - the heaviest hourly rain recorded in China is 201.9 mm (Zhengzhou, 2021-07-20, China Meteorological
 *   Administration), the world record hour 305 mm (WMO), so 500 mm/h bounds a series step;
 * - moment magnitudes 3 … 9.5 (9.5 = Valdivia 1960, the largest recorded) and hypocentre depths 0 … 700 km (the
 *   deepest earthquakes, USGS);
 * - air temperatures −60 … 60 °C (inhabited places' records are −67.8 °C, Verkhoyansk 1892, and 56.7 °C, Death Valley
 *   1913, WMO archive; a city scenario stays inside); heat waves up to 30 days.
 */
export const HAZARD_SPEC_BOUNDS = {
  leadMinMax: 10_080,
  returnPeriodYears: [0.25, 1000],
  durationMinMax: 1440,
  seriesStepMin: [1, 1440],
  seriesMaxSteps: 10_000,
  rainMmHMax: 500,
  magnitude: [3, 9.5],
  depthKm: [0, 700],
  tempC: [-60, 60],
  durationHMax: 720,
} as const;
/** How far outside the scene an epicentre may lie, m (a regional earthquake still shakes the city). */
export const EPICENTRE_MARGIN_M = 300_000;
/** Bounds of lists in a message besides the cascade and evacuation (hazards, shelters, link/asset lists, paths). */
export const MAX_HAZARD_LIST = 1_000_000;
const MAX_SMALL_LIST = 10_000;

/** Plain number arrays (paths, hulls, index lists) checked in one pass without per-item closures. */
function nums(v: unknown, where: string, max: number, even = false): number[] {
  if (!Array.isArray(v)) return fail(`${where}: expected an array of numbers, got ${show(v)}`);
  if (v.length > max) return fail(`${where}: ${v.length} entries > ${max}`);
  if (even && v.length % 2 !== 0)
    return fail(`${where}: expected interleaved x,y (an even length), got ${v.length}`);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x))
      return fail(`${where}[${i}]: expected a finite number, got ${show(x)}`);
  }
  return v as number[];
}

function indices(v: unknown, where: string, max: number): number[] {
  if (!Array.isArray(v)) return fail(`${where}: expected an array of indices, got ${show(v)}`);
  if (v.length > max) return fail(`${where}: ${v.length} entries > ${max}`);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)
      return fail(`${where}[${i}]: expected a non-negative integer, got ${show(x)}`);
  }
  return v as number[];
}

const HAZARD_ID = /^HZ-\d{4,9}$/;
function hazardId(v: unknown, where: string): string {
  const s = str(v, where, 16);
  return HAZARD_ID.test(s) ? s : fail(`${where}: expected a hazard id like "HZ-0001", got ${show(s)}`);
}

const severity = (v: unknown, where: string): Severity => int(v, where, 1, 3) as Severity;
const alertLevel = (v: unknown, where: string): AlertLevel => int(v, where, 0, 4) as AlertLevel;

function rainSource(v: unknown, where: string, formulas: readonly string[] | undefined): RainSource {
  const B = HAZARD_SPEC_BOUNDS;
  const r = rec(v, where);
  const kind = oneOf(r['kind'], ['design', 'series'] as const, `${where}.kind`);
  switch (kind) {
    case 'design': {
      const formula = str(r['formula'], `${where}.formula`, 64);
      if (formulas !== undefined && !formulas.includes(formula))
        fail(`${where}.formula: unknown storm formula ${show(formula)} (known: ${formulas.join(', ')})`);
      const peakRatio = num(r['peakRatio'], `${where}.peakRatio`, 0, 1);
      if (peakRatio <= 0 || peakRatio >= 1)
        fail(`${where}.peakRatio: ${peakRatio} must lie strictly inside (0, 1)`);
      const durationMin = num(r['durationMin'], `${where}.durationMin`, 0, B.durationMinMax);
      if (durationMin < 5)
        fail(`${where}.durationMin: ${durationMin} < 5 (the formulas are fitted from 5 min)`);
      return {
        kind,
        formula,
        returnPeriodYears: num(r['returnPeriodYears'], `${where}.returnPeriodYears`, ...B.returnPeriodYears),
        durationMin,
        peakRatio,
      };
    }
    case 'series': {
      const mmH = nums(r['mmH'], `${where}.mmH`, B.seriesMaxSteps);
      if (mmH.length === 0) fail(`${where}.mmH: expected at least one step`);
      for (let i = 0; i < mmH.length; i++) num(mmH[i], `${where}.mmH[${i}]`, 0, B.rainMmHMax);
      return {
        kind,
        label: str(r['label'], `${where}.label`, 200),
        stepMin: num(r['stepMin'], `${where}.stepMin`, ...B.seriesStepMin),
        mmH,
      };
    }
  }
}

/** A spec; with `limits` (a command) also the city's bounds, without (a message echoing a spec) only the generic. */
function hazardSpec(v: unknown, where: string, limits: HazardCityLimits | null): HazardSpec {
  const B = HAZARD_SPEC_BOUNDS;
  const r = rec(v, where);
  const kind = oneOf(r['kind'], HAZARD_KINDS, `${where}.kind`);
  switch (kind) {
    case 'rainstorm':
      return {
        kind,
        leadMin: num(r['leadMin'], `${where}.leadMin`, 0, B.leadMinMax),
        rain: rainSource(r['rain'], `${where}.rain`, limits?.formulas),
      };
    case 'heat':
      return {
        kind,
        leadMin: num(r['leadMin'], `${where}.leadMin`, 0, B.leadMinMax),
        durationH: positive(
          num(r['durationH'], `${where}.durationH`, 0, B.durationHMax),
          `${where}.durationH`,
        ),
        peakTempC: num(r['peakTempC'], `${where}.peakTempC`, ...B.tempC),
        humidityPct: num(r['humidityPct'], `${where}.humidityPct`, 0, 100),
      };
    case 'earthquake': {
      const e = limits?.extent;
      const m = EPICENTRE_MARGIN_M;
      return {
        kind,
        x: e === undefined ? num(r['x'], `${where}.x`) : num(r['x'], `${where}.x`, e.minX - m, e.maxX + m),
        y: e === undefined ? num(r['y'], `${where}.y`) : num(r['y'], `${where}.y`, e.minY - m, e.maxY + m),
        magnitude: num(r['magnitude'], `${where}.magnitude`, ...B.magnitude),
        depthKm: num(r['depthKm'], `${where}.depthKm`, ...B.depthKm),
      };
    }
    case 'fire': {
      if (limits === null) return { kind, building: int(r['building'], `${where}.building`) };
      if (limits.buildingCount === 0) return fail(`${where}.building: the scene has no buildings`);
      return { kind, building: int(r['building'], `${where}.building`, 0, limits.buildingCount - 1) };
    }
  }
}

function positive(x: number, where: string): number {
  return x > 0 ? x : fail(`${where}: expected > 0, got ${x}`);
}

function activeHazard(v: unknown, w: string): ActiveHazard {
  const r = rec(v, w);
  const spec = hazardSpec(r['spec'], `${w}.spec`, null);
  const kind = oneOf(r['kind'], HAZARD_KINDS, `${w}.kind`);
  if (kind !== spec.kind) fail(`${w}.kind: ${kind} does not match spec.kind ${spec.kind}`);
  const h = rec(r['headline'], `${w}.headline`);
  return {
    id: hazardId(r['id'], `${w}.id`),
    kind,
    spec,
    label: text2(r['label'], `${w}.label`),
    triggeredMs: num(r['triggeredMs'], `${w}.triggeredMs`),
    onsetMs: num(r['onsetMs'], `${w}.onsetMs`),
    endMs: numOrNull(r['endMs'], `${w}.endMs`),
    phase: oneOf(r['phase'], HAZARD_PHASES, `${w}.phase`),
    alertLevel: alertLevel(r['alertLevel'], `${w}.alertLevel`),
    alertSinceMs: num(r['alertSinceMs'], `${w}.alertSinceMs`),
    acknowledged: bool(r['acknowledged'], `${w}.acknowledged`),
    notified: list(r['notified'], `${w}.notified`, 100, text2),
    headline: {
      label: text2(h['label'], `${w}.headline.label`),
      value: num(h['value'], `${w}.headline.value`),
      unit: str(h['unit'], `${w}.headline.unit`, 32),
    },
    overMs: numOrNull(r['overMs'], `${w}.overMs`),
  };
}

function exposure(v: unknown, w: string): ExposureSummary {
  const r = rec(v, w);
  return {
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    people: num(r['people'], `${w}.people`, 0),
    buildings: int(r['buildings'], `${w}.buildings`),
    assets: list(r['assets'], `${w}.assets`, MAX_SMALL_LIST, (x, wa) => {
      const a = rec(x, wa);
      return {
        asset: int(a['asset'], `${wa}.asset`),
        severity: severity(a['severity'], `${wa}.severity`),
        value: num(a['value'], `${wa}.value`),
        unit: str(a['unit'], `${wa}.unit`, 32),
        reason: text2(a['reason'], `${wa}.reason`),
      };
    }),
    byDistrict: list(r['byDistrict'], `${w}.byDistrict`, MAX_SMALL_LIST, (x, wd) => {
      const d = rec(x, wd);
      return {
        zone: int(d['zone'], `${wd}.zone`),
        people: num(d['people'], `${wd}.people`, 0),
        buildings: int(d['buildings'], `${wd}.buildings`),
      };
    }),
  };
}

const REF_INDEX_KINDS = ['link', 'poi', 'power', 'building', 'station', 'feeder', 'node'] as const;

function cascadeRef(v: unknown, w: string): CascadeRef {
  if (v === null) return null;
  const r = rec(v, w);
  const kind = oneOf(r['kind'], [...REF_INDEX_KINDS, 'workOrder'] as const, `${w}.kind`);
  if (kind === 'workOrder') return { kind, id: str(r['id'], `${w}.id`, 64) };
  return { kind, index: int(r['index'], `${w}.index`) };
}

function cascadeNode(v: unknown, w: string): CascadeNode {
  const r = rec(v, w);
  return {
    id: str(r['id'], `${w}.id`, 32),
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    simTimeMs: num(r['simTimeMs'], `${w}.simTimeMs`),
    system: oneOf(r['system'], CASCADE_SYSTEMS, `${w}.system`),
    kind: oneOf(r['kind'], CASCADE_KINDS, `${w}.kind`),
    ref: cascadeRef(r['ref'], `${w}.ref`),
    x: numOrNull(r['x'], `${w}.x`),
    y: numOrNull(r['y'], `${w}.y`),
    severity: severity(r['severity'], `${w}.severity`),
    title: text2(r['title'], `${w}.title`),
    why: text2(r['why'], `${w}.why`),
    causes: list(r['causes'], `${w}.causes`, 256, (x, wc) => str(x, wc, 32)),
  };
}

function lifelines(v: unknown, w: string): LifelineLevels {
  const r = rec(v, w);
  return {
    simTimeMs: num(r['simTimeMs'], `${w}.simTimeMs`),
    powerPct: num(r['powerPct'], `${w}.powerPct`, 0, 100),
    roadsPct: num(r['roadsPct'], `${w}.roadsPct`, 0, 100),
    waterPct: num(r['waterPct'], `${w}.waterPct`, 0, 100),
  };
}

function shelter(v: unknown, w: string): ShelterState {
  const r = rec(v, w);
  return {
    poi: int(r['poi'], `${w}.poi`),
    capacity: num(r['capacity'], `${w}.capacity`, 0),
    occupants: num(r['occupants'], `${w}.occupants`, 0),
    open: bool(r['open'], `${w}.open`),
  };
}

function evacRoute(v: unknown, w: string): EvacRoute {
  const r = rec(v, w);
  return {
    id: str(r['id'], `${w}.id`, 64),
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    shelter: int(r['shelter'], `${w}.shelter`),
    people: num(r['people'], `${w}.people`, 0),
    fromX: num(r['fromX'], `${w}.fromX`),
    fromY: num(r['fromY'], `${w}.fromY`),
    path: nums(r['path'], `${w}.path`, 100_000, true),
    lengthM: num(r['lengthM'], `${w}.lengthM`, 0),
    timeS: num(r['timeS'], `${w}.timeS`, 0),
  };
}

function rescueAssignment(v: unknown, w: string): RescueAssignment {
  const r = rec(v, w);
  const assignedMs = num(r['assignedMs'], `${w}.assignedMs`);
  return {
    id: str(r['id'], `${w}.id`, 64),
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    kind: oneOf(r['kind'], RESCUE_KINDS, `${w}.kind`),
    basePoi: int(r['basePoi'], `${w}.basePoi`, -1),
    task: text2(r['task'], `${w}.task`),
    x: num(r['x'], `${w}.x`),
    y: num(r['y'], `${w}.y`),
    path: nums(r['path'], `${w}.path`, 100_000, true),
    // −1: unreachable.
    travelTimeS: num(r['travelTimeS'], `${w}.travelTimeS`, -1),
    assignedMs,
    // Arrival is never before the dispatch.
    arriveMs: num(r['arriveMs'], `${w}.arriveMs`, assignedMs),
  };
}

function outage(v: unknown, w: string): OutageState {
  const r = rec(v, w);
  return {
    stations: indices(r['stations'], `${w}.stations`, MAX_HAZARD_LIST),
    feeders: indices(r['feeders'], `${w}.feeders`, MAX_HAZARD_LIST),
    areas: list(r['areas'], `${w}.areas`, MAX_SMALL_LIST, (x, wa) => {
      const a = rec(x, wa);
      return { feeder: int(a['feeder'], `${wa}.feeder`), hull: nums(a['hull'], `${wa}.hull`, 100_000, true) };
    }),
    buildings: int(r['buildings'], `${w}.buildings`),
    shedMw: num(r['shedMw'], `${w}.shedMw`, 0),
    darkSignalNodes: indices(r['darkSignalNodes'], `${w}.darkSignalNodes`, MAX_HAZARD_LIST),
  };
}

const BALANCE_KEYS = [
  'rainM3',
  'infiltratedM3',
  'drainedM3',
  'storedM3',
  'outflowM3',
  'residualM3',
  'residualPct',
] as const satisfies readonly (keyof FloodBalance)[];

function floodBalance(v: unknown, w: string): FloodBalance | null {
  if (v === null) return null;
  const r = rec(v, w);
  const out = {} as Record<(typeof BALANCE_KEYS)[number], number>;
  for (const k of BALANCE_KEYS) out[k] = num(r[k], `${w}.${k}`);
  return out;
}

function tuple<N extends number>(v: unknown, w: string, n: N): number[] {
  const a = nums(v, w, n);
  if (a.length !== n) fail(`${w}: expected ${n} numbers, got ${a.length}`);
  for (let i = 0; i < n; i++) num(a[i], `${w}[${i}]`, 0);
  return a;
}

function quake(v: unknown, w: string): QuakeSummary | null {
  if (v === null) return null;
  const r = rec(v, w);
  const d = tuple(r['damageStates'], `${w}.damageStates`, 5);
  const c = tuple(r['casualties'], `${w}.casualties`, 4);
  return {
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    damageStates: [d[0]!, d[1]!, d[2]!, d[3]!, d[4]!],
    displacedPeople: num(r['displacedPeople'], `${w}.displacedPeople`, 0),
    casualties: [c[0]!, c[1]!, c[2]!, c[3]!],
    shelterDemand: num(r['shelterDemand'], `${w}.shelterDemand`, 0),
    maxPgaG: num(r['maxPgaG'], `${w}.maxPgaG`, 0),
  };
}

function heat(v: unknown, w: string): HeatSummary | null {
  if (v === null) return null;
  const r = rec(v, w);
  return {
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    tempC: num(r['tempC'], `${w}.tempC`),
    humidityPct: num(r['humidityPct'], `${w}.humidityPct`, 0, 100),
    heatIndexC: num(r['heatIndexC'], `${w}.heatIndexC`),
    districts: list(r['districts'], `${w}.districts`, MAX_SMALL_LIST, (x, wd) => {
      const d = rec(x, wd);
      return {
        zone: int(d['zone'], `${wd}.zone`),
        risk: num(d['risk'], `${wd}.risk`, 0, 1),
        level: alertLevel(d['level'], `${wd}.level`),
      };
    }),
    loadIncreaseMw: num(r['loadIncreaseMw'], `${w}.loadIncreaseMw`),
  };
}

function fire(v: unknown, w: string): FireSummary | null {
  if (v === null) return null;
  const r = rec(v, w);
  return {
    hazardId: hazardId(r['hazardId'], `${w}.hazardId`),
    building: int(r['building'], `${w}.building`),
    spreadRisk: severity(r['spreadRisk'], `${w}.spreadRisk`),
    buildingsAtRisk: indices(r['buildingsAtRisk'], `${w}.buildingsAtRisk`, MAX_HAZARD_LIST),
    spreadRadiusM: num(r['spreadRadiusM'], `${w}.spreadRadiusM`, 0),
    // −1: no fire station in the scene (or none reaches the fire); its travel time is then 0 and the path empty.
    station: int(r['station'], `${w}.station`, -1),
    travelTimeS: num(r['travelTimeS'], `${w}.travelTimeS`, 0),
    routePath: nums(r['routePath'], `${w}.routePath`, 100_000, true),
    standardS: num(r['standardS'], `${w}.standardS`, 0),
  };
}

function hazardMessage(v: unknown, where: string, minSeq: number): HazardMessage {
  const r = rec(v, where);
  const seq = int(r['seq'], `${where}.seq`, minSeq);
  const w = `${where} ${seq}`;
  return {
    seq,
    simTimeMs: num(r['simTimeMs'], `${w}.simTimeMs`),
    hazards: list(r['hazards'], `${w}.hazards`, MAX_SMALL_LIST, activeHazard),
    exposure: list(r['exposure'], `${w}.exposure`, MAX_SMALL_LIST, exposure),
    cascade: list(r['cascade'], `${w}.cascade`, MAX_CASCADE_LOG, cascadeNode),
    lifelines: lifelines(r['lifelines'], `${w}.lifelines`),
    shelters: list(r['shelters'], `${w}.shelters`, MAX_SMALL_LIST, shelter),
    evacuation:
      r['evacuation'] === null ? null : list(r['evacuation'], `${w}.evacuation`, MAX_EVAC_ROUTES, evacRoute),
    // Absent in messages of servers older than the rescue assignments: none.
    rescue: r['rescue'] === undefined ? [] : list(r['rescue'], `${w}.rescue`, MAX_RESCUE, rescueAssignment),
    outage: outage(r['outage'], `${w}.outage`),
    closedLinks: indices(r['closedLinks'], `${w}.closedLinks`, MAX_HAZARD_LIST),
    flood: floodBalance(r['flood'], `${w}.flood`),
    quake: quake(r['quake'], `${w}.quake`),
    heat: heat(r['heat'], `${w}.heat`),
    fire: fire(r['fire'], `${w}.fire`),
  };
}

/** Validates a `hazard` stream message (seq ≥ 1). */
export function parseHazardMessage(v: unknown): Parsed<HazardMessage> {
  return run(() => hazardMessage(v, 'hazard', 1));
}

/** Validates a `hazardSnapshot` (its message may have seq 0: nothing streamed yet). */
export function parseHazardSnapshot(v: unknown): Parsed<HazardSnapshot> {
  return run(() => {
    const r = rec(v, 'hazardSnapshot');
    return {
      message: hazardMessage(r['message'], 'hazardSnapshot.message', 0),
      lifelineHistory: list(
        r['lifelineHistory'],
        'hazardSnapshot.lifelineHistory',
        MAX_LIFELINE_HISTORY,
        lifelines,
      ),
    };
  });
}

/** Validates an operator's command against the city the server runs (building count, extent, formulas). */
export function parseHazardCommand(v: unknown, limits: HazardCityLimits): Parsed<HazardCommand> {
  return run((): HazardCommand => {
    const r = rec(v, 'hzCommand');
    const op = oneOf(r['op'], ['trigger', 'cancel', 'acknowledge'] as const, 'hzCommand.op');
    switch (op) {
      case 'trigger':
        return { op, spec: hazardSpec(r['spec'], 'hzCommand.spec', limits) };
      case 'cancel':
        return { op, id: hazardId(r['id'], 'hzCommand.id') };
      case 'acknowledge': {
        const operator = str(r['operator'], 'hzCommand.operator', 64).trim();
        if (operator.length === 0) fail('hzCommand.operator: expected a non-empty name');
        return { op, id: hazardId(r['id'], 'hzCommand.id'), operator };
      }
    }
  });
}

/** Validates the server's answer to a HazardCommand. */
export function parseHazardCommandAnswer(v: unknown): Parsed<HazardCommandAnswer> {
  return run((): HazardCommandAnswer => {
    const r = rec(v, 'hzCommand answer');
    if (bool(r['ok'], 'hzCommand answer.ok'))
      return { ok: true, id: hazardId(r['id'], 'hzCommand answer.id') };
    return { ok: false, reason: str(r['reason'], 'hzCommand answer.reason') };
  });
}

// ───────────────────────────── flood frame codec ─────────────────────────────

/** Largest depth a frame can carry, mm (u16). */
export const FLOOD_DEPTH_MAX_MM = 65535;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Header fields of a flood frame (everything but the depths). */
export type FloodFrameHeader = Omit<FloodFrame, 'depthMm'>;

function checkHeader(h: FloodFrameHeader): string | null {
  if (!Number.isSafeInteger(h.seq) || h.seq < 0 || h.seq > 0xffffffff) return `seq ${h.seq}: expected a u32`;
  if (!Number.isSafeInteger(h.nx) || !Number.isSafeInteger(h.ny) || h.nx < 1 || h.ny < 1)
    return `grid ${h.nx}×${h.ny}: expected positive integers`;
  if (h.nx * h.ny > MAX_FLOOD_CELLS) return `grid ${h.nx}×${h.ny}: ${h.nx * h.ny} cells > ${MAX_FLOOD_CELLS}`;
  if (!Number.isFinite(h.simTimeMs)) return `simTimeMs ${h.simTimeMs}: expected a finite number`;
  if (!Number.isFinite(h.x0) || !Number.isFinite(h.y0)) return `origin (${h.x0}, ${h.y0}): expected finite`;
  if (!(Number.isFinite(h.cellM) && h.cellM > 0)) return `cellM ${h.cellM}: expected a positive number`;
  if (!Number.isSafeInteger(h.hazardNumber) || h.hazardNumber < 0 || h.hazardNumber > 0xffffffff)
    return `hazardNumber ${h.hazardNumber}: expected a u32`;
  return null;
}

function writeHeader(dv: DataView, h: FloodFrameHeader): void {
  dv.setUint32(0, FLOOD_FRAME_MAGIC, true);
  dv.setUint16(4, 1, true);
  dv.setUint16(6, 0, true);
  dv.setUint32(8, h.seq, true);
  dv.setUint32(12, h.nx, true);
  dv.setUint32(16, h.ny, true);
  dv.setFloat64(20, h.simTimeMs, true);
  dv.setFloat32(28, h.x0, true);
  dv.setFloat32(32, h.y0, true);
  dv.setFloat32(36, h.cellM, true);
  dv.setUint32(40, h.hazardNumber, true);
}

/** Encodes a flood frame (depths already in mm). Throws RangeError on a header the layout cannot carry (a bug). */
export function encodeFloodFrame(f: FloodFrame): ArrayBuffer {
  const err = checkHeader(f);
  if (err !== null) throw new RangeError(`encodeFloodFrame: ${err}`);
  const n = f.nx * f.ny;
  if (f.depthMm.length !== n)
    throw new RangeError(`encodeFloodFrame: ${f.depthMm.length} depths for ${n} cells`);
  const buf = new ArrayBuffer(FLOOD_FRAME_HEADER_BYTES + 2 * n);
  writeHeader(new DataView(buf), f);
  writeDepths(buf, n, (i) => f.depthMm[i]!, f.depthMm);
  return buf;
}

/**
 * Encodes a flood frame straight from depths in metres (the flood model's Float32Array), rounding to the millimetre
 * and clamping to 0 … 65.535 m, with no intermediate array (the server's per-frame path).
 */
export function encodeFloodFrameM(h: FloodFrameHeader, depthM: Float32Array): ArrayBuffer {
  const err = checkHeader(h);
  if (err !== null) throw new RangeError(`encodeFloodFrameM: ${err}`);
  const n = h.nx * h.ny;
  if (depthM.length !== n) throw new RangeError(`encodeFloodFrameM: ${depthM.length} depths for ${n} cells`);
  const buf = new ArrayBuffer(FLOOD_FRAME_HEADER_BYTES + 2 * n);
  writeHeader(new DataView(buf), h);
  writeDepths(buf, n, (i) => {
    const mm = Math.round(depthM[i]! * 1000);
    // NaN (never expected) and negatives → 0.
    return mm > FLOOD_DEPTH_MAX_MM ? FLOOD_DEPTH_MAX_MM : mm > 0 ? mm : 0;
  });
  return buf;
}

function writeDepths(buf: ArrayBuffer, n: number, at: (i: number) => number, copyFrom?: Uint16Array): void {
  if (LITTLE_ENDIAN) {
    // The header is 44 bytes: the u16 depths are aligned, so a typed view writes them in one pass.
    const out = new Uint16Array(buf, FLOOD_FRAME_HEADER_BYTES, n);
    if (copyFrom !== undefined) out.set(copyFrom);
    else for (let i = 0; i < n; i++) out[i] = at(i);
  } else {
    const dv = new DataView(buf);
    for (let i = 0; i < n; i++) dv.setUint16(FLOOD_FRAME_HEADER_BYTES + 2 * i, at(i), true);
  }
}

/**
 * Decodes a flood frame. `depthMm` is a view into `buf` when it can be (little-endian host, 2-byte aligned), else a
 * copy. Never throws.
 */
export function decodeFloodFrame(buf: ArrayBuffer | ArrayBufferView): Parsed<FloodFrame> {
  const bytes =
    buf instanceof ArrayBuffer
      ? new Uint8Array(buf)
      : ArrayBuffer.isView(buf)
        ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
        : null;
  if (bytes === null) return { ok: false, reason: `hzFlood: expected binary, got ${typeof buf}` };
  const len = bytes.byteLength;
  if (len < FLOOD_FRAME_HEADER_BYTES)
    return { ok: false, reason: `hzFlood: ${len} bytes < the ${FLOOD_FRAME_HEADER_BYTES}-byte header` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, len);
  const magic = dv.getUint32(0, true);
  if (magic !== FLOOD_FRAME_MAGIC)
    return {
      ok: false,
      reason: `hzFlood.magic: 0x${magic.toString(16)} ≠ 0x${FLOOD_FRAME_MAGIC.toString(16)}`,
    };
  const version = dv.getUint16(4, true);
  if (version !== 1) return { ok: false, reason: `hzFlood.version: ${version} (this client reads 1)` };
  if (dv.getUint16(6, true) !== 0) return { ok: false, reason: 'hzFlood.reserved: expected 0' };
  const h: FloodFrameHeader = {
    seq: dv.getUint32(8, true),
    nx: dv.getUint32(12, true),
    ny: dv.getUint32(16, true),
    simTimeMs: dv.getFloat64(20, true),
    x0: dv.getFloat32(28, true),
    y0: dv.getFloat32(32, true),
    cellM: dv.getFloat32(36, true),
    hazardNumber: dv.getUint32(40, true),
  };
  const err = checkHeader(h);
  if (err !== null) return { ok: false, reason: `hzFlood: ${err}` };
  const n = h.nx * h.ny;
  if (len !== FLOOD_FRAME_HEADER_BYTES + 2 * n)
    return {
      ok: false,
      reason: `hzFlood: ${len} bytes, expected ${FLOOD_FRAME_HEADER_BYTES + 2 * n} for ${h.nx}×${h.ny} cells`,
    };
  const off = bytes.byteOffset + FLOOD_FRAME_HEADER_BYTES;
  let depthMm: Uint16Array;
  if (LITTLE_ENDIAN && off % 2 === 0) depthMm = new Uint16Array(bytes.buffer, off, n);
  else {
    depthMm = new Uint16Array(n);
    for (let i = 0; i < n; i++) depthMm[i] = dv.getUint16(FLOOD_FRAME_HEADER_BYTES + 2 * i, true);
  }
  return { ok: true, value: { ...h, depthMm } };
}
