/**
 * The planner's unified scenario (issue 7 "Planner what-if"): one scenario carries the levers of every domain, runs
 * baseline and scenario from the same fork of the live twin, and yields one KPI table for every domain. A domain
 * plugs in by contributing a `DomainScenarioRunner` (src/domains/<domain>/whatIf.ts); the planner page, the saved
 * scenarios and the report export know nothing domain-specific.
 *
 * Determinism (DESIGN.md rule 4): a scenario is fully described by its `ScenarioSpec` (scene, fork time, seed,
 * horizon, levers); running the same spec twice gives identical `ScenarioResult.kpis`.
 */
import type { Text2 } from '../hazards/types.ts';

/** The domains, in display order. A new domain adds its id here and a plugin under src/domains. */
export const DOMAIN_IDS = ['traffic', 'energy', 'resilience', 'workload'] as const;
export type DomainId = (typeof DOMAIN_IDS)[number];

/** Which way is better for a KPI (colours the deltas: green when it moves the better way). */
export type Better = 'lower' | 'higher' | 'neutral';

/** Where the fork starts and how far it runs. */
export interface ScenarioBase {
  /** Scene package name (the fork must run on the city the live twin shows). */
  readonly sceneName: string;
  /** Fork time: the live sim time when the planner forked, ms since the Unix epoch. */
  readonly startSimMs: number;
  /** Seed of the forked simulators (the live server's seed: same weather and demand as the live twin). */
  readonly seed: number;
  /** City time zone, minutes east of UTC. */
  readonly utcOffsetMin: number;
  /** Simulated hours the scenario covers (each domain clamps to what its model supports and says so). */
  readonly horizonH: number;
}

/** A scenario: levers per domain (each domain's own validated lever type, JSON-serialisable). */
export interface ScenarioSpec {
  readonly base: ScenarioBase;
  /** Levers by domain id; a domain without levers runs baseline = scenario (or is skipped, per its runner). */
  readonly levers: { readonly [D in DomainId]?: readonly unknown[] };
  /**
   * Live state the fork carries beyond the clock and seed (added for issue 7's scenario engine; optional, so specs
   * without it stay valid): today the open work orders (dispatched, not yet handled) the workload what-if starts with.
   */
  readonly fork?: ScenarioFork;
}

/** Live state copied into a fork (see ScenarioSpec.fork). */
export interface ScenarioFork {
  /** Open work orders at the fork: category id and dispatch time (ms since the Unix epoch). At most 5000. */
  readonly workloadBacklog?: readonly { readonly category: string; readonly dispatchedMs: number }[];
}

/** One KPI of the delta table. */
export interface ScenarioKpi {
  readonly domain: DomainId;
  /** Stable id within the domain, e.g. 'cityTti'. */
  readonly id: string;
  readonly label: Text2;
  /** Unit as displayed (SI or the domain's convention), '' for an index. */
  readonly unit: string;
  readonly baseline: number;
  readonly scenario: number;
  readonly better: Better;
  /** How the number was formed (e.g. 'peak over the horizon', 'at hour 24'), both languages. */
  readonly basis: Text2;
}

/** A KPI over time, baseline and scenario on the same time axis. */
export interface ScenarioSeries {
  readonly domain: DomainId;
  readonly id: string;
  readonly label: Text2;
  readonly unit: string;
  /** Sample times, ms since the Unix epoch (sim time). */
  readonly tMs: readonly number[];
  readonly baseline: readonly number[];
  readonly scenario: readonly number[];
}

/**
 * What changed on the map: per-feature values of baseline and scenario for one map layer of differences, e.g. the
 * speed of each road link or the load shed per bus. Features are addressed by index into the scene's arrays named by
 * `feature`; `index` lists only features that differ.
 */
export interface ScenarioMapDiff {
  readonly domain: DomainId;
  readonly id: string;
  readonly label: Text2;
  readonly unit: string;
  readonly feature: 'roadLink' | 'building' | 'energyBus' | 'floodCell' | 'gridCell' | 'district';
  readonly index: readonly number[];
  readonly baseline: readonly number[];
  readonly scenario: readonly number[];
  readonly better: Better;
  /**
   * For feature 'floodCell' (added for the scenario engine): the raster the cell indices address — nx × ny cells,
   * row-major, row 0 = south, cell (0,0)'s south-west corner at (x0, y0) local metres, cellM on a side.
   */
  readonly grid?: {
    readonly nx: number;
    readonly ny: number;
    readonly x0: number;
    readonly y0: number;
    readonly cellM: number;
  };
}

/** One domain's contribution to a run. */
export interface DomainScenarioResult {
  readonly domain: DomainId;
  readonly kpis: readonly ScenarioKpi[];
  readonly series: readonly ScenarioSeries[];
  readonly diffs: readonly ScenarioMapDiff[];
  /** Model notes shown under the table (what the fork copies and does not, clamped horizons), both languages. */
  readonly notes: readonly Text2[];
}

/** A finished run. */
export interface ScenarioResult {
  readonly spec: ScenarioSpec;
  readonly domains: readonly DomainScenarioResult[];
  /** Every domain's KPIs, in DOMAIN_IDS order (the delta table and the CSV export). */
  readonly kpis: readonly ScenarioKpi[];
  /** Wall-clock ms the run took (not part of the determinism check). */
  readonly elapsedMs: number;
}

/** A scenario saved on the server (same database as the work orders). */
export interface SavedScenario {
  readonly id: string;
  readonly name: string;
  readonly spec: ScenarioSpec;
  /** Real time it was saved, ms since the Unix epoch (server clock). */
  readonly savedAtMs: number;
  /** The KPIs of the run that was saved with it (a re-run must reproduce them exactly). */
  readonly kpis: readonly ScenarioKpi[] | null;
}

/** Progress of a run, for the progress bar. */
export interface ScenarioProgress {
  readonly domain: DomainId;
  /** 0…1 over the whole run. */
  readonly fraction: number;
  readonly stage: Text2;
}
