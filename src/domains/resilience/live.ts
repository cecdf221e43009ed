/** The resilience domain's live side for the three modes (issue 7): KPIs, layers, alarms, per-zone breakdown. */
import type { DomainPlugin } from '../types.ts';

/** The resilience plugin without its planner lever editor (src/domains/resilience/LeverEditor.tsx). */
export const resilienceLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'resilience',
  name: { zh: 'resilience', en: 'resilience' },
  kpis: [],
  layers: [],
  alarms: () => [],
  zoneKpis: () => [],
};
