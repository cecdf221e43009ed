/** UI text of the Map of 一网统管 (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  layerWorkOrders: '工单（环节、超时、新上报）',
  layerWorkloadHeat: '网格工单热力',
  layerFieldUnits: '处置力量（出动、在场）',
  legendWoStage: '圆点颜色：工单当前环节',
  legendWoOverdue: '红色光环：当前环节 SLA 已超时（受理 / 派遣 / 处置时限）',
  legendWoNew: (min: number) => `扩散脉冲：${min} 分钟（仿真时间）内新上报`,
  legendWoCount: (n: number) => `在办工单 ${n} 件`,
  legendWoOverdueCount: (n: number) => `超时 ${n} 件`,
  legendHeatNote: '网格填色：网格内在办工单数（件）',
  legendHeatBand: (lo: number, hi: number) => (lo === hi ? `${lo} 件` : `${lo}–${hi} 件`),
  legendHeatAbove: (lo: number) => `≥ ${lo} 件`,
  legendUnitsDriving: (kph: number, circuity: number) =>
    `白点：处置力量自部门驻点沿直线驶往工单（按 ${kph} km/h、绕行系数 ${circuity} 计时），细线为剩余路程`,
  legendUnitsOnSite: '处置中：处置力量停在工单位置',
  legendUnitsBases: '驻点：公安在派出所，其他部门在各街道中心附近',
  wo3dKeyTitle: '工单',
  wo3dKeyHalo: '红环 = 超时',
  wo3dKeyPulse: '脉冲 = 新上报',
  wo3dKeyUnits: '白色车辆 = 处置力量',
  wo3dKeyHeat: '地面 = 网格在办工单数',
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  layerWorkOrders: 'Work orders (stage, overdue, new)',
  layerWorkloadHeat: 'Open workload per grid cell',
  layerFieldUnits: 'Field units (driving, on site)',
  legendWoStage: 'Dot colour: the order’s current stage',
  legendWoOverdue: 'Red halo: the running SLA clock (accept / dispatch / handle) has passed its deadline',
  legendWoNew: (min) => `Expanding pulse: reported within the last ${min} simulated minutes`,
  legendWoCount: (n) => `${n} open orders`,
  legendWoOverdueCount: (n) => `${n} overdue`,
  legendHeatNote: 'Cell fill: open work orders in the grid cell (count)',
  legendHeatBand: (lo, hi) => (lo === hi ? `${lo}` : `${lo}–${hi}`),
  legendHeatAbove: (lo) => `≥ ${lo}`,
  legendUnitsDriving: (kph, circuity) =>
    `White dot: a field unit driving in a straight line from its department base to the order (timed at ${kph} km/h, road circuity ${circuity}); the thin line is the way left`,
  legendUnitsOnSite: 'In progress: the unit stays at the order',
  legendUnitsBases: 'Bases: police at the police stations, other departments near each district centre',
  wo3dKeyTitle: 'Work orders',
  wo3dKeyHalo: 'red ring = overdue',
  wo3dKeyPulse: 'pulse = new',
  wo3dKeyUnits: 'white vehicles = field units',
  wo3dKeyHeat: 'ground = open orders per cell',
};
