/** UI text of the resilience domain: hazardThree (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  hz3dKeyTitle: '灾害（三维）',
  hz3dKeyFlood: '积水深度',
  hz3dKeyDamage: '建筑破坏',
  hz3dKeyPga: '地震动峰值加速度（烈度）',
  hz3dKeyHeat: '高温风险（区，柱高=风险）',
  hz3dKeyFire: '火灾蔓延范围（穹顶）',
  hz3dKeyEvac: '疏散路线',
  hz3dKeyShelter: '避难场所（柱=入住率）',
  hz3dKeyOutage: '停电区域',
  hz3dDepth: (m: string) => `积水深度 ${m} m`,
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  hz3dKeyTitle: 'Hazards (3D)',
  hz3dKeyFlood: 'Water depth',
  hz3dKeyDamage: 'Building damage',
  hz3dKeyPga: 'Peak ground acceleration (intensity)',
  hz3dKeyHeat: 'Heat risk (district, height = risk)',
  hz3dKeyFire: 'Fire spread radius (dome)',
  hz3dKeyEvac: 'Evacuation routes',
  hz3dKeyShelter: 'Shelters (bar = occupancy)',
  hz3dKeyOutage: 'Power outage area',
  hz3dDepth: (m) => `water depth ${m} m`,
};
