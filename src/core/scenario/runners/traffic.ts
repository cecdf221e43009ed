/** The traffic domain's part of a planner scenario (issue 7). */
import type { DomainScenarioRunner } from '../runner.ts';

/** Runs the traffic what-if of a scenario. */
export const trafficRunner: DomainScenarioRunner = {
  domain: 'traffic',
  validateLever: () => 'not implemented yet',
  run: () => ({ domain: 'traffic', kpis: [], series: [], diffs: [], notes: [] }),
};
