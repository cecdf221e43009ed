/** The resilience domain's part of a planner scenario (issue 7). */
import type { DomainScenarioRunner } from '../runner.ts';

/** Runs the resilience what-if of a scenario. */
export const resilienceRunner: DomainScenarioRunner = {
  domain: 'resilience',
  validateLever: () => 'not implemented yet',
  run: () => ({ domain: 'resilience', kpis: [], series: [], diffs: [], notes: [] }),
};
