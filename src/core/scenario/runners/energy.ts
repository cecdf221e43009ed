/** The energy domain's part of a planner scenario (issue 7). */
import type { DomainScenarioRunner } from '../runner.ts';

/** Runs the energy what-if of a scenario. */
export const energyRunner: DomainScenarioRunner = {
  domain: 'energy',
  validateLever: () => 'not implemented yet',
  run: () => ({ domain: 'energy', kpis: [], series: [], diffs: [], notes: [] }),
};
