/**
 * The domains every mode shows, in DOMAIN_IDS order: each plugin is its live side (src/domains/<d>/live.ts) plus its
 * planner lever editor (src/domains/<d>/LeverEditor.tsx). Modes iterate `DOMAINS`; none names a domain itself.
 */
import type { DomainId } from '../core/scenario/types.ts';
import type { DomainPlugin } from './types.ts';
import { trafficLive } from './traffic/live.ts';
import { energyLive } from './energy/live.ts';
import { resilienceLive } from './resilience/live.ts';
import { workloadLive } from './workload/live.ts';
import { TrafficLeverEditor } from './traffic/LeverEditor.tsx';
import { EnergyLeverEditor } from './energy/LeverEditor.tsx';
import { ResilienceLeverEditor } from './resilience/LeverEditor.tsx';
import { WorkloadLeverEditor } from './workload/LeverEditor.tsx';

/** All domains, in display order. */
export const DOMAINS: readonly DomainPlugin[] = [
  { ...trafficLive, LeverEditor: TrafficLeverEditor },
  { ...energyLive, LeverEditor: EnergyLeverEditor },
  { ...resilienceLive, LeverEditor: ResilienceLeverEditor },
  { ...workloadLive, LeverEditor: WorkloadLeverEditor },
];

/** The plugin of a domain. */
export function domainById(id: DomainId): DomainPlugin {
  const d = DOMAINS.find((x) => x.id === id);
  if (!d) throw new Error(`domain ${id}: not registered in src/domains/registry.ts`);
  return d;
}
