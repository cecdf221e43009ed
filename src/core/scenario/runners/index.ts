/** Every domain's scenario runner, in DOMAIN_IDS order (a new domain adds its runner here). */
import type { DomainId } from '../types.ts';
import type { DomainScenarioRunner } from '../runner.ts';
import { trafficRunner } from './traffic.ts';
import { energyRunner } from './energy.ts';
import { resilienceRunner } from './resilience.ts';
import { workloadRunner } from './workload.ts';

/** The runners by domain. */
export const RUNNERS: { readonly [D in DomainId]: DomainScenarioRunner } = {
  traffic: trafficRunner,
  energy: energyRunner,
  resilience: resilienceRunner,
  workload: workloadRunner,
};
