/**
 * Runs a planner scenario (issue 7): every domain's runner (src/core/scenario/runners) in DOMAIN_IDS order on the
 * same city and spec, progress over the whole run, one flattened KPI table. Pure and synchronous: the scenario worker
 * (src/scenario/scenario.worker.ts) and Node tests call it the same way; a run is cancelled by terminating its worker.
 * Deterministic (DESIGN.md rule 4): the same city and spec give identical KPIs — `kpisEqual` is the re-run check.
 */
import type { Text2 } from '../hazards/types.ts';
import type { CityModel } from '../scene/types.ts';
import { RUNNERS } from './runners/index.ts';
import {
  DOMAIN_IDS,
  type DomainId,
  type DomainScenarioResult,
  type ScenarioKpi,
  type ScenarioProgress,
  type ScenarioResult,
  type ScenarioSpec,
} from './types.ts';

/**
 * Relative cost of each domain's run, for the progress bar only (measured on the default scene, 24 h horizon:
 * traffic two equilibria ≈ 1 s, energy 2 × 288 dispatch steps ≈ 3 s, hazards two city simulators ≈ 20 s, workload
 * a day ≈ 40 ms). A domain without levers is not run and weighs nothing.
 */
const COST: { readonly [D in DomainId]: number } = { traffic: 1, energy: 3, resilience: 20, workload: 0.1 };
/** Smallest progress step passed on (the worker throttles to ≤ 10 Hz on top of this). */
const MIN_PROGRESS_STEP = 0.002;

/** Options of runScenario. */
export interface RunScenarioOptions {
  /** Clock for elapsedMs only (the core has no wall clock; the worker passes performance.now). */
  readonly now?: () => number;
}

/** Runs every domain of `spec` on `city` (the spec must be valid: see parseScenarioSpec); throws on a model error. */
export function runScenario(
  city: CityModel,
  spec: ScenarioSpec,
  progress: (p: ScenarioProgress) => void,
  opts: RunScenarioOptions = {},
): ScenarioResult {
  const now = opts.now ?? (() => 0);
  const t0 = now();
  let total = 0;
  for (const d of DOMAIN_IDS) if ((spec.levers[d]?.length ?? 0) > 0) total += COST[d];
  let done = 0;
  let lastFraction = -1;
  let lastStage: Text2 | null = null;
  const domains: DomainScenarioResult[] = [];
  for (const d of DOMAIN_IDS) {
    const levers = spec.levers[d] ?? [];
    const w = levers.length > 0 && total > 0 ? COST[d] / total : 0;
    const from = done;
    const res = RUNNERS[d].run({ city, spec }, levers, (f, stage) => {
      const fraction = Math.min(1, from + w * Math.max(0, Math.min(1, f)));
      if (fraction - lastFraction < MIN_PROGRESS_STEP && stage === lastStage) return;
      lastFraction = fraction;
      lastStage = stage;
      progress({ domain: d, fraction, stage });
    });
    domains.push(res);
    done = from + w;
  }
  progress({ domain: DOMAIN_IDS[DOMAIN_IDS.length - 1] as DomainId, fraction: 1, stage: DONE_STAGE });
  return { spec, domains, kpis: domains.flatMap((r) => r.kpis), elapsedMs: now() - t0 };
}

const DONE_STAGE: Text2 = { zh: '完成', en: 'Done' };

/** One difference between two KPI lists. */
export interface KpiDiff {
  /** `${domain}.${id}`. */
  readonly key: string;
  readonly what: 'onlyInA' | 'onlyInB' | 'baseline' | 'scenario' | 'order';
  readonly a: number | null;
  readonly b: number | null;
}

/** Same number, NaN equal to NaN (a KPI without a value must stay without one). */
const same = (x: number, y: number): boolean => Object.is(x, y) || (x === 0 && y === 0);

/** The differences between two KPI lists (empty = a re-run reproduced the saved KPIs exactly). */
export function kpiDiffs(a: readonly ScenarioKpi[], b: readonly ScenarioKpi[]): KpiDiff[] {
  const key = (k: ScenarioKpi): string => `${k.domain}.${k.id}`;
  const mb = new Map(b.map((k) => [key(k), k]));
  const ma = new Map(a.map((k) => [key(k), k]));
  const out: KpiDiff[] = [];
  a.forEach((ka, i) => {
    const kb = mb.get(key(ka));
    if (kb === undefined) {
      out.push({ key: key(ka), what: 'onlyInA', a: ka.scenario, b: null });
      return;
    }
    if (!same(ka.baseline, kb.baseline))
      out.push({ key: key(ka), what: 'baseline', a: ka.baseline, b: kb.baseline });
    if (!same(ka.scenario, kb.scenario))
      out.push({ key: key(ka), what: 'scenario', a: ka.scenario, b: kb.scenario });
    const bi = b[i];
    if (bi !== undefined && key(bi) !== key(ka) && mb.size === b.length)
      out.push({ key: key(ka), what: 'order', a: i, b: b.indexOf(kb) });
  });
  for (const kb of b)
    if (!ma.has(key(kb))) out.push({ key: key(kb), what: 'onlyInB', a: null, b: kb.scenario });
  return out;
}

/** True when two KPI lists are identical in keys, order and values (the saved-scenario re-run check). */
export function kpisEqual(a: readonly ScenarioKpi[], b: readonly ScenarioKpi[]): boolean {
  return a.length === b.length && kpiDiffs(a, b).length === 0;
}
