/** UI text of the energy 3D view (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  energy3dKeyTitle: '能源设施（三维）',
  energy3dKeyLoading: '线路与主变负载率',
  energy3dKeyStorage: '储能集装箱',
  energy3dCharging: '充电',
  energy3dDischarging: '放电',
  energy3dIdle: '待机',
  energy3dKeySoc: '储能旁立柱',
  energy3dSocFill: '填充高度 = 荷电状态 SoC（%）',
  energy3dKeyPv: '屋顶光伏：出力 / 装机',
} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  energy3dKeyTitle: 'Energy assets (3D)',
  energy3dKeyLoading: 'Line and transformer loading',
  energy3dKeyStorage: 'Storage containers',
  energy3dCharging: 'charging',
  energy3dDischarging: 'discharging',
  energy3dIdle: 'idle',
  energy3dKeySoc: 'Gauge beside storage',
  energy3dSocFill: 'fill height = state of charge (%)',
  energy3dKeyPv: 'Rooftop PV: output / rating',
};
