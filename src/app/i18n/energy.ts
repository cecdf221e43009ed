/** Shared UI text of the energy domain: asset kinds and alarm kinds (merged into src/app/i18n.ts). */
import type { AlarmKind } from '../../core/energy/city/energySim.ts';
import type { EnergyAssetKind } from '../../core/protocol/energyMessages.ts';
import type { DictOf, Entry } from './entry.ts';

const ASSET_ZH: Record<EnergyAssetKind, string> = {
  station: '变电站',
  feeder: '10 kV 馈线',
  bus: '馈线区段',
  hvLine: '110 kV 线路',
  storage: '储能电站',
  pv: '光伏',
};
const ASSET_EN: Record<EnergyAssetKind, string> = {
  station: 'Substation',
  feeder: '10 kV feeder',
  bus: 'Feeder section',
  hvLine: '110 kV line',
  storage: 'Battery storage',
  pv: 'PV',
};
const ALARM_ZH: Record<AlarmKind, string> = {
  sectionOverload: '线路过载',
  transformerOverload: '主变过载',
  hvLineOverload: '高压线路过载',
  importOverload: '受电越限',
  undervoltage: '电压越下限',
  overvoltage: '电压越上限',
  loadShed: '负荷切除',
  unserved: '供电缺口',
  powerFlow: '潮流不收敛',
};
const ALARM_EN: Record<AlarmKind, string> = {
  sectionOverload: 'Line overload',
  transformerOverload: 'Transformer overload',
  hvLineOverload: 'HV line overload',
  importOverload: 'Import over limit',
  undervoltage: 'Undervoltage',
  overvoltage: 'Overvoltage',
  loadShed: 'Load shed',
  unserved: 'Supply shortfall',
  powerFlow: 'Power flow not converged',
};

export const zh = {
  energyAssetKind: (k: EnergyAssetKind) => ASSET_ZH[k],
  energyAlarmKind: (k: AlarmKind) => ALARM_ZH[k],
} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  energyAssetKind: (k) => ASSET_EN[k],
  energyAlarmKind: (k) => ALARM_EN[k],
};
