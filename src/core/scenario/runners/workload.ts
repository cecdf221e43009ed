/** The workload domain's part of a planner scenario (issue 7). */
import type { DomainScenarioRunner } from '../runner.ts';

/** Runs the workload what-if of a scenario. */
export const workloadRunner: DomainScenarioRunner = {
  domain: 'workload',
  validateLever: () => 'not implemented yet',
  run: () => ({ domain: 'workload', kpis: [], series: [], diffs: [], notes: [] }),
};
