/**
 * The category taxonomy, departments and SLA deadlines of one-network unified management (一网统管). docs/workload.md
 * explains every number; in short:
 * - Groups follow the case classes of China's digital city management standards (CJ/T 214-2007 "城市市政综合监管信息
 *   系统 管理部件和事件分类、编码及数据要求": 市容环境, 宣传广告, 施工管理, 突发事件, 街面秩序; 部件: 公用设施, 道路交通,
 *   园林绿化, 房屋土地) widened to the 12345 hotline's scope (utilities, housing, market regulation).
 * - SLA deadlines: accept and dispatch minutes by priority, handle hours by SLA class and priority. The frame (graded,
 *   time-limited handling; emergencies at once) is the State Council's 12345 guidance 国办发〔2020〕53号; the hour
 *   figures 2 h (emergencies) / 24 h (water, power, gas, heat) / 7 days (ordinary) / 15 days (complex) are the published
 *   Beijing 12345 接诉即办 limits; the minute figures for accept/dispatch and the street-case hours follow the structure
 *   of CJ/T 315-2009 "监管案件立案、处置与结案" (立案 → 派遣 → 处置 → 结案 time limits) — their values here are
 *   ASSUMPTIONS of this twin, marked as such in docs/workload.md.
 * - Staff on shift per department: ASSUMPTIONS sized so that the default arrival rates (arrivals.ts,
 *   DEFAULT_REPORTS_PER_DAY) load each department's shift to a utilisation of about 0.7 (offered crew-hours / crew-
 *   hours on duty; at least 2 crews; gas and police kept lower for emergency response) — taxonomy.test.ts checks it.
 *   Other volumes scale the crews with the volume (queueSim.ts defaultCalendar staffScale).
 */
import type { Bilingual, Priority } from './types.ts';

/** Category groups (the list). */
export const CATEGORY_GROUPS = [
  'cityAppearance',
  'roadsFacilities',
  'traffic',
  'environment',
  'utilities',
  'publicSafety',
  'housing',
  'market',
] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

/** Bilingual names of the groups. */
export const GROUP_NAMES: Readonly<Record<CategoryGroup, Bilingual>> = {
  cityAppearance: { zh: '市容环境', en: 'City appearance' },
  roadsFacilities: { zh: '道路设施', en: 'Roads and facilities' },
  traffic: { zh: '交通', en: 'Traffic' },
  environment: { zh: '生态环境', en: 'Environment' },
  utilities: { zh: '公用事业', en: 'Utilities' },
  publicSafety: { zh: '公共安全', en: 'Public safety' },
  housing: { zh: '住房与社区', en: 'Housing and neighbourhood' },
  market: { zh: '市场监管', en: 'Market regulation' },
};

/**
 * How a category's handle deadline is set (SLA_HANDLE_H): street cases fixed in the field within hours (数字城管
 * 部件/事件), utility faults (水电气热), cases that need investigation (complaints, housing, market), safety hazards.
 */
export const SLA_CLASSES = ['street', 'utility', 'case', 'safety'] as const;
export type SlaClass = (typeof SLA_CLASSES)[number];

/** A department (承办单位) that handles work orders. */
export interface Department {
  /** Id, e.g. "cg" (城管). */
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /**
   * Field staff on shift (crews working orders at once) for the day (08–16), evening (16–24) and night (00–08)
   * shifts, local time. ASSUMPTION (docs/workload.md).
   */
  readonly staffPerShift: readonly [number, number, number];
  /** Length of one shift, hours (three shifts a day). */
  readonly shiftHours: number;
}

/** A category of the taxonomy. */
export interface Category {
  /** Id, e.g. "garbage". */
  readonly id: string;
  readonly group: CategoryGroup;
  readonly zh: string;
  readonly en: string;
  /** Department that gets it by default (dispatch by category; the grid cell picks the crew). */
  readonly department: string;
  /** Default priority of a report of this category (1 urgent … 4 low). */
  readonly priority: Priority;
  readonly slaClass: SlaClass;
  /**
   * Share of all reports, per mille (sums to 1000 over TAXONOMY). Seeded by the complaint-type mix of the NYC 311
   * sample (../shared/data/feeds, 1,000 requests; nyc311.ts maps types to categories) blended with the published
   * case mix of Chinese 12345/数字城管 centres, where street cases dominate. ASSUMPTION beyond that (docs/workload.md).
   */
  readonly sharePerMille: number;
  /**
   * Mean staff time to handle one order once a crew starts it (travel + work), minutes. Work content, not the
   * closure delay (which includes waiting): ASSUMPTION; nyc311.ts derives closure durations for comparison.
   */
  readonly handleMeanMin: number;
}

/** Departments (承办单位). Staffing is an ASSUMPTION (see the file header). */
export const DEPARTMENTS: readonly Department[] = [
  { id: 'cg', zh: '城管', en: 'City management', staffPerShift: [36, 22, 10], shiftHours: 8 },
  { id: 'jt', zh: '交通', en: 'Transport', staffPerShift: [15, 14, 7], shiftHours: 8 },
  { id: 'sz', zh: '市政', en: 'Municipal works', staffPerShift: [35, 22, 10], shiftHours: 8 },
  { id: 'sthj', zh: '生态环境', en: 'Ecology and environment', staffPerShift: [13, 15, 8], shiftHours: 8 },
  { id: 'gs', zh: '供水', en: 'Water supply', staffPerShift: [12, 7, 4], shiftHours: 8 },
  { id: 'dl', zh: '电力', en: 'Power supply', staffPerShift: [5, 3, 2], shiftHours: 8 },
  { id: 'rq', zh: '燃气', en: 'Gas supply', staffPerShift: [3, 3, 2], shiftHours: 8 },
  { id: 'rl', zh: '供热', en: 'Heating', staffPerShift: [9, 6, 3], shiftHours: 8 },
  { id: 'ga', zh: '公安', en: 'Police', staffPerShift: [10, 10, 6], shiftHours: 8 },
  { id: 'zj', zh: '住建', en: 'Housing and construction', staffPerShift: [21, 13, 6], shiftHours: 8 },
  { id: 'scjg', zh: '市场监管', en: 'Market regulation', staffPerShift: [6, 4, 2], shiftHours: 8 },
  { id: 'jd', zh: '街道', en: 'Sub-district office', staffPerShift: [10, 6, 3], shiftHours: 8 },
];

/** The category taxonomy (grouped as the issue lists them). */
export const TAXONOMY: readonly Category[] = [
  // 市容环境 — city appearance
  cat('garbage', 'cityAppearance', '暴露垃圾', 'Exposed garbage', 'cg', 3, 'street', 100, 30),
  cat('bulkyWaste', 'cityAppearance', '大件垃圾', 'Bulky waste', 'cg', 4, 'street', 60, 45),
  cat('streetVending', 'cityAppearance', '占道经营', 'Street vending', 'cg', 3, 'street', 70, 25),
  cat('graffiti', 'cityAppearance', '乱张贴乱涂写', 'Graffiti and flyposting', 'cg', 4, 'street', 30, 40),
  cat('illegalAd', 'cityAppearance', '违规广告牌', 'Illegal billboard', 'cg', 4, 'street', 15, 90),
  // 道路设施 — roads and facilities
  cat('pothole', 'roadsFacilities', '道路破损', 'Damaged road surface', 'sz', 3, 'street', 45, 90),
  cat('manhole', 'roadsFacilities', '井盖缺损', 'Missing or broken manhole cover', 'sz', 1, 'safety', 15, 45),
  cat('streetLight', 'roadsFacilities', '路灯故障', 'Street light out', 'sz', 3, 'street', 40, 60),
  cat('sidewalk', 'roadsFacilities', '人行道损坏', 'Damaged sidewalk', 'sz', 4, 'street', 20, 120),
  cat('drainage', 'roadsFacilities', '排水不畅', 'Blocked drain', 'sz', 2, 'street', 20, 75),
  // 交通 — traffic
  cat('illegalParking', 'traffic', '违章停车', 'Illegal parking', 'jt', 3, 'street', 100, 20),
  cat('trafficSignal', 'traffic', '信号灯故障', 'Traffic signal fault', 'jt', 2, 'safety', 20, 60),
  cat('abandonedVehicle', 'traffic', '僵尸车', 'Abandoned vehicle', 'jt', 4, 'case', 25, 60),
  cat('trafficIncident', 'traffic', '交通事故拥堵', 'Traffic incident', 'jt', 1, 'safety', 25, 40),
  // 生态环境 — environment
  cat('noise', 'environment', '噪声扰民', 'Noise', 'sthj', 3, 'case', 90, 40),
  cat('airPollution', 'environment', '大气污染', 'Air pollution (smoke, dust)', 'sthj', 3, 'case', 20, 60),
  cat('waterPollution', 'environment', '水体污染', 'Water pollution', 'sthj', 2, 'case', 10, 90),
  cat('greenery', 'environment', '绿化损坏', 'Damaged trees and greenery', 'cg', 4, 'street', 20, 60),
  // 公用事业 — utilities (water, power, gas, heat)
  cat('waterSupply', 'utilities', '供水故障', 'Water supply fault', 'gs', 2, 'utility', 30, 120),
  cat('powerOutage', 'utilities', '停电', 'Power outage', 'dl', 2, 'utility', 15, 90),
  cat('gasLeak', 'utilities', '燃气泄漏', 'Gas leak', 'rq', 1, 'safety', 5, 60),
  cat('heating', 'utilities', '供热不足', 'Insufficient heating', 'rl', 3, 'utility', 30, 90),
  // 公共安全 — public safety
  cat('safetyHazard', 'publicSafety', '安全隐患', 'Safety hazard', 'ga', 2, 'safety', 25, 45),
  cat('publicOrder', 'publicSafety', '治安秩序', 'Public order', 'ga', 2, 'safety', 30, 45),
  cat('fireHazard', 'publicSafety', '消防隐患', 'Fire hazard', 'ga', 1, 'safety', 10, 60),
  // 住房与社区 — housing and neighbourhood
  cat('propertyMgmt', 'housing', '物业管理', 'Property management', 'jd', 4, 'case', 35, 60),
  cat('buildingRepair', 'housing', '房屋维修', 'Building repair', 'zj', 3, 'case', 35, 120),
  cat('illegalConstruction', 'housing', '违法建设', 'Illegal construction', 'zj', 3, 'case', 20, 120),
  cat('neighbourDispute', 'housing', '邻里纠纷', 'Neighbour dispute', 'jd', 4, 'case', 15, 60),
  // 市场监管 — market regulation
  cat('foodSafety', 'market', '食品安全', 'Food safety', 'scjg', 2, 'case', 10, 90),
  cat('consumerComplaint', 'market', '消费投诉', 'Consumer complaint', 'scjg', 4, 'case', 15, 60),
];

function cat(
  id: string,
  group: CategoryGroup,
  zh: string,
  en: string,
  department: string,
  priority: Priority,
  slaClass: SlaClass,
  sharePerMille: number,
  handleMeanMin: number,
): Category {
  return { id, group, zh, en, department, priority, slaClass, sharePerMille, handleMeanMin };
}

const CATEGORY_BY_ID: ReadonlyMap<string, Category> = new Map(TAXONOMY.map((c) => [c.id, c]));
const DEPARTMENT_BY_ID: ReadonlyMap<string, Department> = new Map(DEPARTMENTS.map((d) => [d.id, d]));

/** The category of an id, or undefined. */
export function categoryById(id: string): Category | undefined {
  return CATEGORY_BY_ID.get(id);
}

/** The department of an id, or undefined. */
export function departmentById(id: string): Department | undefined {
  return DEPARTMENT_BY_ID.get(id);
}

/** Index of a category in TAXONOMY, or −1. */
export function categoryIndex(id: string): number {
  const c = CATEGORY_BY_ID.get(id);
  return c === undefined ? -1 : TAXONOMY.indexOf(c);
}

/** Index of a department in DEPARTMENTS, or −1. */
export function departmentIndex(id: string): number {
  const d = DEPARTMENT_BY_ID.get(id);
  return d === undefined ? -1 : DEPARTMENTS.indexOf(d);
}

/** SLA allowance of one order: accept within (min), dispatch within (min, from acceptance), handle within (h, from
 * dispatch to handled). */
export interface SlaAllowance {
  readonly acceptMin: number;
  readonly dispatchMin: number;
  readonly handleH: number;
}

/**
 * Accept and dispatch allowances by priority (index 0 = priority 1), minutes. ASSUMPTION modelled on CJ/T 315-2009's
 * 立案/派遣 limits for 数字城管 centres (cases registered and dispatched within the working hour, urgent ones at once)
 * and 国办发〔2020〕53号 (emergencies handed over immediately).
 */
export const SLA_ACCEPT_MIN = [5, 15, 30, 60] as const;
export const SLA_DISPATCH_MIN = [10, 30, 60, 240] as const;

/**
 * Handle allowances by SLA class and priority (index 0 = priority 1), hours from dispatch to handled.
 * - utility and case, priorities 1–4: Beijing 12345 接诉即办 limits — emergencies (life/property at risk) 2 h; water,
 *   power, gas and heat 24 h; ordinary requests 7 days (168 h); complex requests 15 days (360 h). utility P3/P4 (72 h,
 *   168 h) are ASSUMPTIONS between those.
 * - street: ASSUMPTION after CJ/T 315-2009's street-case limits (urgent hazards within an hour, ordinary cases the
 *   same or next day, low-priority cases within three days).
 * - safety: ASSUMPTION — half an hour for priority 1 (on-scene response), 2 h as the 12345 emergency limit for 2.
 */
export const SLA_HANDLE_H: Readonly<Record<SlaClass, readonly [number, number, number, number]>> = {
  street: [1, 4, 24, 72],
  utility: [2, 24, 72, 168],
  case: [2, 48, 168, 360],
  safety: [0.5, 2, 24, 72],
};

/**
 * SLA allowance of a category at a priority. Unknown categories get the 'case' class (the most lenient: never a false
 * breach) — callers validate categories before (createOrder does).
 */
export function slaFor(category: string, priority: Priority): SlaAllowance {
  const c = CATEGORY_BY_ID.get(category);
  const i = priority - 1;
  return {
    acceptMin: SLA_ACCEPT_MIN[i] ?? SLA_ACCEPT_MIN[3],
    dispatchMin: SLA_DISPATCH_MIN[i] ?? SLA_DISPATCH_MIN[3],
    handleH: SLA_HANDLE_H[c?.slaClass ?? 'case'][i] ?? SLA_HANDLE_H.case[3],
  };
}

/** Minutes east of UTC used when a scene gives none (China Standard Time). */
export const DEFAULT_UTC_OFFSET_MIN = 480;

/** Local hour of day [0, 24) of a sim time. */
export function localHour(simTimeMs: number, utcOffsetMin: number = DEFAULT_UTC_OFFSET_MIN): number {
  const dayMs = 86_400_000;
  const t = (((simTimeMs + utcOffsetMin * 60_000) % dayMs) + dayMs) % dayMs;
  return t / 3_600_000;
}

/** Shift index (0 day 08–16, 1 evening 16–24, 2 night 00–08) of a local hour. */
export function shiftOfHour(hour: number): 0 | 1 | 2 {
  if (hour >= 8 && hour < 16) return 0;
  if (hour >= 16) return 1;
  return 2;
}

/** Staff of a department on shift at a sim time (0 for an unknown department). */
export function staffOnShift(
  departmentId: string,
  simTimeMs: number,
  utcOffsetMin: number = DEFAULT_UTC_OFFSET_MIN,
): number {
  const d = DEPARTMENT_BY_ID.get(departmentId);
  if (d === undefined) return 0;
  return d.staffPerShift[shiftOfHour(localHour(simTimeMs, utcOffsetMin))];
}
