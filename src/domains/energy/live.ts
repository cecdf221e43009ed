/** The energy domain's live side for the three modes (issue 7): KPIs, layers, alarms, per-zone breakdown. */
import type { DomainPlugin } from '../types.ts';

/** The energy plugin without its planner lever editor (src/domains/energy/LeverEditor.tsx). */
export const energyLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'energy',
  name: { zh: 'energy', en: 'energy' },
  kpis: [],
  layers: [],
  alarms: () => [],
  zoneKpis: () => [],
};
