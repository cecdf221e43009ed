/** The traffic domain's live side for the three modes (issue 7): KPIs, layers, alarms, per-zone breakdown. */
import type { DomainPlugin } from '../types.ts';

/** The traffic plugin without its planner lever editor (src/domains/traffic/LeverEditor.tsx). */
export const trafficLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'traffic',
  name: { zh: 'traffic', en: 'traffic' },
  kpis: [],
  layers: [],
  alarms: () => [],
  zoneKpis: () => [],
};
