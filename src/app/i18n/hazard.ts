/**
 * Shared UI text of the resilience domain: hazard kinds, alert levels, lifecycle phases, cascade systems and kinds,
 * critical-asset kinds, severities, damage states (merged into src/app/i18n.ts).
 */
import type {
  AlertLevel,
  CascadeKind,
  CascadeSystem,
  CriticalKind,
  HazardKind,
  HazardPhase,
  Severity,
} from '../../core/hazards/types.ts';
import type { DictOf, Entry } from './entry.ts';

const KIND_ZH: Record<HazardKind, string> = {
  rainstorm: '暴雨内涝',
  heat: '高温热浪',
  earthquake: '地震',
  fire: '火灾',
};
const KIND_EN: Record<HazardKind, string> = {
  rainstorm: 'Rainstorm waterlogging',
  heat: 'Heat wave',
  earthquake: 'Earthquake',
  fire: 'Fire',
};
const ALERT_ZH: readonly string[] = ['无预警', '蓝色预警', '黄色预警', '橙色预警', '红色预警'];
const ALERT_EN: readonly string[] = ['No alert', 'Blue alert', 'Yellow alert', 'Orange alert', 'Red alert'];
const PHASE_ZH: Record<HazardPhase, string> = {
  warning: '预警',
  response: '响应',
  recovery: '恢复',
  over: '已结束',
};
const PHASE_EN: Record<HazardPhase, string> = {
  warning: 'Warning',
  response: 'Response',
  recovery: 'Recovery',
  over: 'Over',
};
const SYSTEM_ZH: Record<CascadeSystem, string> = {
  hazard: '灾害',
  roads: '道路',
  power: '电力',
  signals: '信号灯',
  water: '供排水',
  buildings: '建筑',
  people: '人员',
  workload: '工单',
};
const SYSTEM_EN: Record<CascadeSystem, string> = {
  hazard: 'Hazard',
  roads: 'Roads',
  power: 'Power',
  signals: 'Signals',
  water: 'Water',
  buildings: 'Buildings',
  people: 'People',
  workload: 'Work orders',
};
const CASCADE_ZH: Record<CascadeKind, string> = {
  alert: '预警级别',
  hazardOnset: '灾害发生',
  assetExposed: '重点设施受影响',
  linkClosed: '道路封闭',
  underpassFlooded: '下穿通道积水',
  stationTripped: '变电站停运',
  loadShed: '负荷损失',
  storageSupport: '储能支撑',
  signalsDark: '信号灯失电',
  buildingDamaged: '建筑受损',
  shelterOpened: '避难场所开放',
  evacuation: '疏散',
  rescueAssigned: '救援力量派出',
  workOrder: '生成工单',
  restored: '恢复',
};
const CASCADE_EN: Record<CascadeKind, string> = {
  alert: 'Alert level',
  hazardOnset: 'Hazard onset',
  assetExposed: 'Critical asset exposed',
  linkClosed: 'Road closed',
  underpassFlooded: 'Underpass flooded',
  stationTripped: 'Substation out',
  loadShed: 'Load shed',
  storageSupport: 'Storage support',
  signalsDark: 'Signals dark',
  buildingDamaged: 'Buildings damaged',
  shelterOpened: 'Shelter opened',
  evacuation: 'Evacuation',
  rescueAssigned: 'Rescue dispatched',
  workOrder: 'Work order raised',
  restored: 'Restored',
};
const CRIT_ZH: Record<CriticalKind, string> = {
  hospital: '医院',
  school: '学校',
  shelter: '避难场所',
  fireStation: '消防站',
  pumpingStation: '泵站',
  underpass: '下穿通道',
  substation: '变电站',
  storage: '储能站',
};
const CRIT_EN: Record<CriticalKind, string> = {
  hospital: 'Hospital',
  school: 'School',
  shelter: 'Shelter',
  fireStation: 'Fire station',
  pumpingStation: 'Pumping station',
  underpass: 'Underpass',
  substation: 'Substation',
  storage: 'Storage',
};
const SEV_ZH: readonly string[] = ['', '关注', '受损', '停运'];
const SEV_EN: readonly string[] = ['', 'Watch', 'Impaired', 'Out of service'];
const DS_ZH: readonly string[] = ['无损', '轻微', '中等', '严重', '毁坏'];
const DS_EN: readonly string[] = ['None', 'Slight', 'Moderate', 'Extensive', 'Complete'];

export const zh = {
  hzKind: (k: HazardKind) => KIND_ZH[k],
  hzAlert: (l: AlertLevel) => ALERT_ZH[l] ?? '',
  hzPhase: (p: HazardPhase) => PHASE_ZH[p],
  hzSystem: (s: CascadeSystem) => SYSTEM_ZH[s],
  hzCascadeKind: (k: CascadeKind) => CASCADE_ZH[k],
  hzCritical: (k: CriticalKind) => CRIT_ZH[k],
  hzSeverity: (s: Severity) => SEV_ZH[s] ?? '',
  hzDamageState: (d: number) => DS_ZH[d] ?? String(d),
  kindHazard: '灾害',
  kindCascade: '连锁影响',
  hzPhaseLabel: '阶段',
  hzAlertLabel: '预警级别',
  hzWhyLabel: '原因',
  hzSeverityLabel: '严重程度',
} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  hzKind: (k) => KIND_EN[k],
  hzAlert: (l) => ALERT_EN[l] ?? '',
  hzPhase: (p) => PHASE_EN[p],
  hzSystem: (s) => SYSTEM_EN[s],
  hzCascadeKind: (k) => CASCADE_EN[k],
  hzCritical: (k) => CRIT_EN[k],
  hzSeverity: (s) => SEV_EN[s] ?? '',
  hzDamageState: (d) => DS_EN[d] ?? String(d),
  kindHazard: 'Hazard',
  kindCascade: 'Cascade step',
  hzPhaseLabel: 'Phase',
  hzAlertLabel: 'Alert level',
  hzWhyLabel: 'Why',
  hzSeverityLabel: 'Severity',
};
