/**
 * Contracts of the traffic model (src/core/traffic): the assignment network and demand, the equilibrium result with
 * its path set, and what the live model hands to the feed server each tick. Pure data: typed arrays, no classes.
 */

/**
 * A directed network for static assignment, in TNTP conventions made 0-based: nodes 0..nodeCount-1, zones are the
 * nodes 0..zoneCount-1 (centroids), and no path may pass THROUGH a node with index < firstThruNode (TNTP's
 * "FIRST THRU NODE" minus one), so centroids are only origins and destinations.
 * Link cost is the BPR function t(v) = t0 · (1 + alpha · (v / capacity)^beta) (Bureau of Public Roads, 1964).
 */
export interface AssignmentNetwork {
  readonly nodeCount: number;
  readonly zoneCount: number;
  readonly firstThruNode: number;
  readonly linkCount: number;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  /** Same unit as the demand (vehicles per hour for the city; trips per period for TNTP files). */
  readonly capacity: Float64Array;
  /** Free-flow travel time t0 (minutes for TNTP; hours for the city model: the unit is the caller's). */
  readonly freeFlowTime: Float64Array;
  /** BPR alpha ("b" in TNTP) and beta ("power"). */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** Link length (TNTP "length"; metres for the city model). */
  readonly length: Float64Array;
}

/** Origin–destination demand: trips[o * zoneCount + d], zones as in the network. */
export interface OdDemand {
  readonly zoneCount: number;
  readonly trips: Float64Array;
}

/**
 * The used paths of an equilibrium, compressed: OD pair k = o * zoneCount + d owns paths odStart[k]..odStart[k+1]-1;
 * path p is the link sequence pathLinks[pathStart[p]..pathStart[p+1]-1] carrying pathFlow[p].
 */
export interface PathSet {
  readonly odStart: Uint32Array;
  readonly pathStart: Uint32Array;
  readonly pathLinks: Uint32Array;
  readonly pathFlow: Float64Array;
}

/** Result of an equilibrium assignment. */
export interface AssignmentResult {
  readonly linkFlow: Float64Array;
  /** BPR time at linkFlow. */
  readonly linkTime: Float64Array;
  /** Relative gap (TSTT − SPTT) / TSTT at the final flows (Boyce, Ralevic-Dekic & Bar-Gera 2004). */
  readonly relativeGap: number;
  readonly iterations: number;
  /** Beckmann objective Σ ∫0^v t(x) dx. */
  readonly beckmann: number;
  /** Total system travel time Σ v·t(v). */
  readonly tstt: number;
  readonly converged: boolean;
  /** Relative gap after each iteration. */
  readonly gapHistory: Float64Array;
  readonly paths: PathSet;
}

/** One tick of the live traffic model, read by the feed server (all arrays indexed by the scene's road link). */
export interface LiveTrafficFrame {
  /** Bumped whenever the link state arrays change. */
  readonly version: number;
  readonly simTimeMs: number;
  readonly linkSpeedKph: Float32Array;
  readonly linkFlowVph: Float32Array;
  /** Volume / capacity ratio (capacity after incidents and weather). */
  readonly linkVc: Float32Array;
}

/**
 * Vehicle trips sampled from the assigned paths, struct of arrays: trip i follows the road links
 * links[linkStart[i]..linkStart[i+1]-1] departing at departSimMs[i], leaving the j-th of them exitS[linkStart[i]+j]
 * seconds after departure (from the link travel times when it was sampled).
 */
export interface TripBatch {
  readonly count: number;
  readonly tripId: Uint32Array;
  readonly departSimMs: Float64Array;
  readonly linkStart: Uint32Array;
  readonly links: Uint32Array;
  readonly exitS: Float32Array;
}

/** A congested link in the KPI top list. */
export interface CongestedLink {
  readonly link: number;
  /** Travel-time index of the link: actual ÷ free-flow travel time. */
  readonly tti: number;
  readonly vc: number;
  readonly speedKph: number;
  readonly flowVph: number;
}

/** Traffic KPIs of one moment (formulas documented in src/core/traffic/kpi.ts and docs/traffic.md). */
export interface TrafficKpis {
  readonly simTimeMs: number;
  /** City travel-time index (拥堵指数): Σ flow·actual time ÷ Σ flow·free-flow time over road links. */
  readonly cityTti: number;
  /** Average network speed, km/h: Σ flow·length ÷ Σ flow·time. */
  readonly avgSpeedKph: number;
  /** Vehicle-hours of delay per hour now: Σ flow·(actual − free-flow time). */
  readonly delayVehHPerH: number;
  /** Vehicle-kilometres travelled per hour now. */
  readonly vktPerH: number;
  /** Per district (zones of kind district), in zone order. */
  readonly districts: readonly {
    readonly zone: number;
    readonly tti: number;
    readonly avgSpeedKph: number;
  }[];
  /** Peak-hour commute time between district pairs (shortest path at current times vs free flow), minutes. */
  readonly commutes: readonly {
    readonly fromZone: number;
    readonly toZone: number;
    readonly minutes: number;
    readonly freeFlowMinutes: number;
  }[];
  /** Ten most congested road links by TTI (ties by flow). */
  readonly topLinks: readonly CongestedLink[];
  /** Relative gap of the equilibrium behind these numbers. */
  readonly relativeGap: number;
  /** Vehicles animated now (each stands for `vehiclesPerAnimated` real vehicles). */
  readonly activeVehicles: number;
  readonly vehiclesPerAnimated: number;
}

/** A what-if change to the traffic model (planner mode). Indices are the scene's. */
export type TrafficLever =
  | { readonly kind: 'closeLink'; readonly link: number }
  /** Closes every link of a way (e.g. a bridge, both directions). */
  | { readonly kind: 'closeWay'; readonly way: number }
  | { readonly kind: 'removeLanes'; readonly link: number; readonly lanes: number }
  /** Trips produced in and attracted to a district change by pct percent (−100 … +200). */
  | { readonly kind: 'demandByDistrict'; readonly zone: number; readonly pct: number }
  /** Green time share g/C (0.1 … 0.9) of the approaches into a signalised node: capacity ∝ g/C (HCM). */
  | {
      readonly kind: 'signalGreenSplit';
      readonly node: number;
      readonly link: number;
      readonly greenRatio: number;
    };

/** Result of a what-if: the scenario against the baseline at the same time of day. */
export interface TrafficWhatIfResult {
  readonly baseline: TrafficKpis;
  readonly scenario: TrafficKpis;
  /** Per road link, scenario − baseline. */
  readonly linkDeltaFlowVph: Float32Array;
  readonly linkDeltaSpeedKph: Float32Array;
  /** Scenario link speeds (for the map). */
  readonly scenarioSpeedKph: Float32Array;
  /** Link flows of each run (a closed link carries exactly 0 in the scenario). */
  readonly baselineFlowVph: Float32Array;
  readonly scenarioFlowVph: Float32Array;
  readonly baselineGap: number;
  readonly scenarioGap: number;
  readonly elapsedMs: number;
}
