/** The workload domain's live side for the three modes (issue 7): KPIs, layers, alarms, per-zone breakdown. */
import type { DomainPlugin } from '../types.ts';

/** The workload plugin without its planner lever editor (src/domains/workload/LeverEditor.tsx). */
export const workloadLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'workload',
  name: { zh: 'workload', en: 'workload' },
  kpis: [],
  layers: [],
  alarms: () => [],
  zoneKpis: () => [],
};
