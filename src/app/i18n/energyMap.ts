/** UI text of the energy map views (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  layerGrid: '电网（负载率、潮流方向）',
  layerEnergyAssets: '源荷储设施（功率、荷电状态）',
  layerEnergyAlarms: '电网告警',
} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  layerGrid: 'Grid (loading, flow direction)',
  layerEnergyAssets: 'Sources and storage (power, state of charge)',
  layerEnergyAlarms: 'Grid alarms',
};
