/**
 * Shared types of the resilience domain (韧性城市, issue 5): hazard scenarios, alert levels and the warning → response →
 * recovery lifecycle, exposure, the cascade graph, lifeline service levels, shelters, evacuation routes and outage
 * areas. The hazard models (rainfall.ts + flood.ts, earthquake.ts, heat.ts, fire.ts), exposure (exposure.ts,
 * evacuation.ts) and the runtime that couples them to traffic, energy and 一网统管 (runtime.ts, cascade.ts,
 * lifecycle.ts) all speak these types; so do the wire (src/core/protocol/hazardMessages.ts) and the client.
 * Pure data: no functions here.
 */

/** Hazard kinds. */
export const HAZARD_KINDS = ['rainstorm', 'heat', 'earthquake', 'fire'] as const;
export type HazardKind = (typeof HAZARD_KINDS)[number];

/**
 * Alert levels 0 = none, then blue < yellow < orange < red: the four colours of China's meteorological disaster warning
 * signals (中国气象局《气象灾害预警信号发布与传播办法》, 2007, 第十条: 蓝色、黄色、橙色和红色, IV–I 级) and of the national
 * emergency response levels (《国家突发公共事件总体应急预案》, 2006: I 特别重大/红 … IV 一般/蓝).
 */
export const ALERT_LEVEL_NAMES = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = 0 | 1 | 2 | 3 | 4;

/** The lifecycle of one hazard. */
export const HAZARD_PHASES = ['warning', 'response', 'recovery', 'over'] as const;
export type HazardPhase = (typeof HAZARD_PHASES)[number];

/** Bilingual text. */
export interface Text2 {
  readonly zh: string;
  readonly en: string;
}

/** Rain of a rainstorm: a design storm from a city's storm-intensity formula, or a measured series. */
export type RainSource =
  | {
      readonly kind: 'design';
      /** Key of STORM_FORMULAS (rainfall.ts), e.g. 'beijing', 'shanghai'. */
      readonly formula: string;
      readonly returnPeriodYears: number;
      readonly durationMin: number;
      /** Chicago hyetograph peak position r in (0, 1) (Keifer & Chu 1957); typical 0.4. */
      readonly peakRatio: number;
    }
  | {
      readonly kind: 'series';
      /** Where it came from, e.g. "Beijing Dongsi 2016-07-20 (UCI, RAIN)". */
      readonly label: string;
      /** Step of the series, minutes (60 for the hourly Beijing RAIN column). */
      readonly stepMin: number;
      /** Rain intensity of each step, mm/h. */
      readonly mmH: readonly number[];
    };

/**
 * What an operator or a schedule asks for (no id yet). Positions are local metres of the scene. `leadMin` is the
 * warning lead time: the warning phase starts at the trigger, the hazard itself `leadMin` later (0 for earthquake and
 * fire, which come without warning).
 */
export type HazardSpec =
  | { readonly kind: 'rainstorm'; readonly leadMin: number; readonly rain: RainSource }
  | {
      readonly kind: 'heat';
      readonly leadMin: number;
      readonly durationH: number;
      /** Daily maximum air temperature during the heat wave, °C, and relative humidity at that time, %. */
      readonly peakTempC: number;
      readonly humidityPct: number;
    }
  | {
      readonly kind: 'earthquake';
      readonly x: number;
      readonly y: number;
      /** Moment magnitude Mw. */
      readonly magnitude: number;
      readonly depthKm: number;
    }
  | {
      readonly kind: 'fire';
      /** Building index of the fire's origin. */
      readonly building: number;
    };

/** A hazard the runtime is running. */
export interface ActiveHazard {
  /** 'HZ-0001', … unique per server run. */
  readonly id: string;
  readonly kind: HazardKind;
  readonly spec: HazardSpec;
  /** Short name, e.g. "50-year rainstorm (Beijing formula), 120 min" / "50年一遇暴雨（北京公式）120分钟". */
  readonly label: Text2;
  readonly triggeredMs: number;
  /** When the hazard itself begins (triggeredMs + leadMin). */
  readonly onsetMs: number;
  /** When the hazard forcing ends (rain stops, heat wave ends, shaking is instantaneous: onsetMs), or null if open. */
  readonly endMs: number | null;
  readonly phase: HazardPhase;
  readonly alertLevel: AlertLevel;
  readonly alertSinceMs: number;
  /** True once an operator acknowledged the current alert level (a new level needs a new acknowledgement). */
  readonly acknowledged: boolean;
  /** Who is notified at the current level (documented plan in lifecycle.ts), e.g. 区防汛办, 排水集团, 交警. */
  readonly notified: readonly Text2[];
  /** The hazard's headline number now: e.g. max water depth 0.62 m, heat index 41 °C, Mw 6.5 / PGA 0.31 g. */
  readonly headline: { readonly label: Text2; readonly value: number; readonly unit: string };
  /** Set when the phase is 'over'. */
  readonly overMs: number | null;
}

/** Kinds of critical assets (exposure.ts criticalAssets()). */
export const CRITICAL_KINDS = [
  'hospital',
  'school',
  'shelter',
  'fireStation',
  'pumpingStation',
  'underpass',
  'substation',
  'storage',
] as const;
export type CriticalKind = (typeof CRITICAL_KINDS)[number];

/** A critical asset of the scene: a POI or a power asset (index into CityModel.pois / CityModel.power). */
export interface CriticalAsset {
  readonly kind: CriticalKind;
  readonly source: 'poi' | 'power';
  readonly index: number;
  readonly x: number;
  readonly y: number;
  /** Beds, pupils, shelter places, MVA; 0 = unknown. */
  readonly capacity: number;
}

/** Severity of an exposed asset or a cascade step: 1 watch, 2 impaired, 3 out of service. */
export type Severity = 1 | 2 | 3;

/** One exposed critical asset: which, how badly, measured how (e.g. water depth 0.42 m, PGA 0.3 g). */
export interface ExposedAsset {
  /** Index into criticalAssets(city). */
  readonly asset: number;
  readonly severity: Severity;
  readonly value: number;
  readonly unit: string;
  readonly reason: Text2;
}

/** Exposure of one hazard now. */
export interface ExposureSummary {
  readonly hazardId: string;
  /** People in exposed buildings (occupants at the time of day), buildings exposed. */
  readonly people: number;
  readonly buildings: number;
  readonly assets: readonly ExposedAsset[];
  /** Per district (zone index of level 0): people and buildings exposed. */
  readonly byDistrict: readonly {
    readonly zone: number;
    readonly people: number;
    readonly buildings: number;
  }[];
}

/** Systems a cascade step belongs to. */
export const CASCADE_SYSTEMS = [
  'hazard',
  'roads',
  'power',
  'signals',
  'water',
  'buildings',
  'people',
  'workload',
] as const;
export type CascadeSystem = (typeof CASCADE_SYSTEMS)[number];

/** What a cascade step refers to (the client turns it into a selection / fly-to). */
export type CascadeRef =
  | { readonly kind: 'link'; readonly index: number }
  | { readonly kind: 'poi'; readonly index: number }
  | { readonly kind: 'power'; readonly index: number }
  | { readonly kind: 'building'; readonly index: number }
  | { readonly kind: 'station'; readonly index: number }
  | { readonly kind: 'feeder'; readonly index: number }
  | { readonly kind: 'node'; readonly index: number }
  | { readonly kind: 'workOrder'; readonly id: string }
  | null;

/** Kinds of cascade steps. */
export const CASCADE_KINDS = [
  'alert', // alert level raised / lowered (ref null)
  'hazardOnset', // rain starts, shaking, fire breaks out, heat wave starts
  'assetExposed', // a critical asset reaches a severity
  'linkClosed', // a road link closed (water depth, damage, fire cordon)
  'underpassFlooded',
  'stationTripped', // a substation taken out (flooded / damaged) in the energy model
  'loadShed', // the energy model sheds load; outage area
  'storageSupport', // storage discharging to cover the loss
  'signalsDark', // traffic signals without power at a node: capacity falls
  'buildingDamaged', // earthquake damage (aggregated per district)
  'shelterOpened',
  'evacuation', // evacuation routes assigned
  'rescueAssigned', // rescue resources (fire engines, rescue teams, ambulances, drainage pump units) sent to a task
  'workOrder', // a consequence became a 一网统管 report
  'restored', // something came back (link reopened, station re-energised, signals on)
] as const;
export type CascadeKind = (typeof CASCADE_KINDS)[number];

/** One step of a cascade: what happened, why, and which earlier steps caused it. Never changes once emitted. */
export interface CascadeNode {
  /** 'HZ-0001/0007'. */
  readonly id: string;
  readonly hazardId: string;
  readonly simTimeMs: number;
  readonly system: CascadeSystem;
  readonly kind: CascadeKind;
  readonly ref: CascadeRef;
  /** Where it is (local metres), or null for city-wide steps. */
  readonly x: number | null;
  readonly y: number | null;
  readonly severity: Severity;
  readonly title: Text2;
  /** Why, with the numbers: "water 0.34 m > 0.15 m passable limit (…)". */
  readonly why: Text2;
  /** Ids of the steps that caused this one (empty for the hazard's own steps). */
  readonly causes: readonly string[];
}

/**
 * Lifeline service levels, % of normal (100 = full service):
 * power — share of the base load served (1 − shed / demand); roads — share of vehicle-km capacity open (closed links
 * and dark signals count against it); water — share of pumping stations (water supply and drainage) in service (not
 * flooded, not damaged, powered). Definitions in docs/resilience.md.
 */
export interface LifelineLevels {
  readonly simTimeMs: number;
  readonly powerPct: number;
  readonly roadsPct: number;
  readonly waterPct: number;
}

/** A shelter (a POI of kind shelter) and how full it is. */
export interface ShelterState {
  readonly poi: number;
  readonly capacity: number;
  readonly occupants: number;
  readonly open: boolean;
}

/** One evacuation route: from an affected block to the shelter assigned, over the road network. */
export interface EvacRoute {
  readonly id: string;
  readonly hazardId: string;
  readonly shelter: number;
  readonly people: number;
  /** Start point (the block's centre), local metres. */
  readonly fromX: number;
  readonly fromY: number;
  /** The route's polyline, interleaved x,y local metres (start → shelter). */
  readonly path: readonly number[];
  readonly lengthM: number;
  /** Walking/driving time at the network's current speeds, s. */
  readonly timeS: number;
}

/** Power outage now: stations out, feeders (wholly or partly) dead, the area as hulls, the load not served. */
export interface OutageState {
  readonly stations: readonly number[];
  readonly feeders: readonly number[];
  /** Convex hull of the buildings without supply, per dead feeder: interleaved x,y local metres. */
  readonly areas: readonly { readonly feeder: number; readonly hull: readonly number[] }[];
  readonly buildings: number;
  readonly shedMw: number;
  /** Nodes whose traffic signals are dark. */
  readonly darkSignalNodes: readonly number[];
}

/** Water balance of a flood run, m³ (rain in = infiltrated + drained + stored + out + residual). */
export interface FloodBalance {
  readonly rainM3: number;
  readonly infiltratedM3: number;
  readonly drainedM3: number;
  readonly storedM3: number;
  readonly outflowM3: number;
  /** rain − (infiltrated + drained + stored + out), m³, and as % of rain (0 when no rain yet). */
  readonly residualM3: number;
  readonly residualPct: number;
}

/** Earthquake damage summary (expected values from the fragility probabilities). */
export interface QuakeSummary {
  readonly hazardId: string;
  /** Expected buildings per damage state: none, slight, moderate, extensive, complete (HAZUS). */
  readonly damageStates: readonly [number, number, number, number, number];
  readonly displacedPeople: number;
  /** Expected casualties by HAZUS severity 1 (first aid) … 4 (killed). */
  readonly casualties: readonly [number, number, number, number];
  readonly shelterDemand: number;
  readonly maxPgaG: number;
}

/** Heat-wave risk per district now. */
export interface HeatSummary {
  readonly hazardId: string;
  readonly tempC: number;
  readonly humidityPct: number;
  readonly heatIndexC: number;
  /** Per district (zone index of level 0): risk score 0…1 and its level 0…4. */
  readonly districts: readonly { readonly zone: number; readonly risk: number; readonly level: AlertLevel }[];
  /** Extra electric load the heat causes in the energy model now (scenario − same hour at normal temperature), MW. */
  readonly loadIncreaseMw: number;
}

/** Fire assessment: spread risk in the block, and fire-engine access over the road network. */
export interface FireSummary {
  readonly hazardId: string;
  readonly building: number;
  /** 1 low, 2 medium, 3 high spread risk. */
  readonly spreadRisk: Severity;
  /** Buildings within the spread radius after one hour (Hamada model), origin excluded. */
  readonly buildingsAtRisk: readonly number[];
  readonly spreadRadiusM: number;
  /** Responding fire station (POI index) and its route: travel time at current speeds, polyline, within standard? */
  readonly station: number;
  readonly travelTimeS: number;
  readonly routePath: readonly number[];
  /** Standard arrival time, s (5 min: 《城市消防站建设标准》建标152-2011 第十二条). */
  readonly standardS: number;
}

/** Kinds of rescue resources the response assigns. */
export const RESCUE_KINDS = ['fireEngine', 'rescueTeam', 'ambulance', 'pumpUnit'] as const;
export type RescueKind = (typeof RESCUE_KINDS)[number];

/** One rescue resource assigned to a task: where from, where to, by which route, arriving when. */
export interface RescueAssignment {
  /** 'HZ-0002/R07'. */
  readonly id: string;
  readonly hazardId: string;
  readonly kind: RescueKind;
  /** Base it comes from: a POI index (fire station, hospital) or −1 for a pooled unit (e.g. the drainage depot). */
  readonly basePoi: number;
  /** The task: what and where (local metres), bilingual, with the numbers. */
  readonly task: Text2;
  readonly x: number;
  readonly y: number;
  /** Route polyline (interleaved x,y local metres, base → task); empty when no road route exists. */
  readonly path: readonly number[];
  /** Travel time at the network's current speeds, s (−1 when unreachable), and when it was assigned / arrives. */
  readonly travelTimeS: number;
  readonly assignedMs: number;
  readonly arriveMs: number;
}
