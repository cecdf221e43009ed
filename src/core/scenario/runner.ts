/**
 * How a domain runs its part of a planner scenario (issue 7: "one shared … what-if interface so domains plug into
 * all modes"). A runner is pure core code (no DOM, no workers): the scenario worker (src/scenario/scenario.worker.ts)
 * and Node tests call it the same way. Runners are synchronous; a run is cancelled by terminating its worker.
 */
import type { CityModel } from '../scene/types.ts';
import type { Text2 } from '../hazards/types.ts';
import type { DomainId, DomainScenarioResult, ScenarioSpec } from './types.ts';

/** What a runner is given. */
export interface ScenarioRunContext {
  readonly city: CityModel;
  readonly spec: ScenarioSpec;
}

/** One domain's what-if. */
export interface DomainScenarioRunner {
  readonly domain: DomainId;
  /** A lever as read from JSON (a saved scenario, a shared URL): null when valid, else the reason naming the field. */
  validateLever(city: CityModel, lever: unknown): string | null;
  /**
   * Runs baseline and scenario from the fork in `ctx.spec.base` with this domain's levers (possibly none) and
   * returns its KPIs, series and map differences. `progress(fraction 0…1 within this domain, stage)` at most ~10 Hz.
   * Deterministic: the same city and spec give identical KPIs.
   */
  run(
    ctx: ScenarioRunContext,
    levers: readonly unknown[],
    progress: (fraction: number, stage: Text2) => void,
  ): DomainScenarioResult;
}
