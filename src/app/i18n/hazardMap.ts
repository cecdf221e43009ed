/** UI text of the resilience map layers and their legends (merged into src/app/i18n.ts). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  layerFlood: '积水深度',
  layerHazardIntensity: '灾害强度（地震动、高温风险、火灾蔓延）',
  layerDamage: '建筑震害',
  layerExposure: '受影响重点设施',
  layerShelters: '避难场所（容量、入住）',
  layerEvacuation: '疏散路线',
  layerOutage: '停电区域',
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  layerFlood: 'Water depth',
  layerHazardIntensity: 'Hazard intensity (ground motion, heat risk, fire spread)',
  layerDamage: 'Earthquake building damage',
  layerExposure: 'Exposed critical assets',
  layerShelters: 'Shelters (capacity, occupancy)',
  layerEvacuation: 'Evacuation routes',
  layerOutage: 'Power outage areas',
};
