/**
 * The warning → response → recovery lifecycle of a hazard (docs/resilience.md §lifecycle): alert levels from the
 * forecast and from what is observed, who is notified at each level, and the thresholds that close roads and trip
 * assets. Pure functions and constants; the runtime (runtime.ts) applies them minute by minute.
 *
 * Alert colours follow China's meteorological disaster warning signals (中国气象局《气象灾害预警信号发布与传播办法》,
 * 中国气象局令第16号, 2007, 附件 预警信号): 暴雨 (rainstorm) 蓝/黄/橙/红 and 高温 (high temperature) 黄/橙/红; earthquakes
 * follow the grading of《国家地震应急预案》(2012 revision, §1.3 地震灾害分级 and its initial-assessment magnitudes);
 * fires have no colour code of their own — see fireAlertLevel.
 */
import type { AlertLevel, HazardKind, Severity, Text2 } from './types.ts';

// ---- thresholds -----------------------------------------------------------------------------------------------------

/**
 * Water depth above which a road link is closed, m: GB 51222-2017《城镇内涝防治技术规范》§3.2 (内涝防治设计重现期下的地面积水
 * 设计标准) — "道路中一条车道的积水深度不超过 15 cm": above 0.15 m a lane is no longer passable by design.
 */
export const ROAD_CLOSE_DEPTH_M = 0.15;
/**
 * Depth below which a closed link reopens, m. Hysteresis (an assumption of this model) so that a link does not flap
 * open/closed while the water hovers at the limit: 5 cm below the closing depth.
 */
export const ROAD_REOPEN_DEPTH_M = 0.1;
/**
 * Depth at which an underpass (下穿立交) is closed, m: the same 0.15 m lane criterion, applied to the water at the
 * portal — the terrain grid does not resolve the underpass dip itself, so the water there is deeper than the cell's.
 */
export const UNDERPASS_CLOSE_DEPTH_M = 0.15;
/**
 * Water depth at a substation, pumping station or storage site that takes it out of service, m. An assumption:
 * switchgear and control cabinets stand on plinths of about 0.3 m (GB 50059-2011《35kV～110kV变电站设计规范》 asks for a
 * site above the 50-year flood level but gives no plinth height; 0.3 m is the usual cable-trench / plinth height).
 */
export const ASSET_FLOOD_DEPTH_M = 0.3;
/**
 * A flooded substation is re-energised this long after the water at it dropped below ROAD_REOPEN_DEPTH_M, minutes: an
 * assumption (drain, dry, inspect and test before switching on).
 */
export const SUBSTATION_DRYING_MIN = 120;
/**
 * After the rain has stopped a rainstorm is declared over when no link is closed and no asset is out, or at the
 * latest this long after the rain (remaining closures are then lifted as "restored by the end of the event"), minutes.
 */
export const FLOOD_MAX_RECOVERY_MIN = 360;
/** Fire cordon: links within this distance of the burning building's footprint are closed, m (assumption). */
export const FIRE_CORDON_M = 30;
/** A fire is over (extinguished, cordon lifted) this long after it broke out, minutes (assumption). */
export const FIRE_DURATION_MIN = 120;
/**
 * Capacity factor of the links into an intersection whose signals are dark. With signals out, Chinese traffic law
 * (《道路交通安全法实施条例》第五十二条) makes the intersection an uncontrolled/yield junction which in practice runs as
 * an all-way stop. HCM 2010 Ch. 20 (AWSC): a four-leg all-way stop with single-lane approaches serves roughly
 * 1,800–2,000 veh/h in total, ≈ 450–500 veh/h per approach, against ≈ 1,900 veh/h/lane base saturation flow × g/C ≈
 * 0.45 ≈ 850 veh/h for a signalised approach (HCM 2010 Eq. 18-8): ratio ≈ 0.55–0.6. We take 0.6.
 */
export const DARK_SIGNAL_CAPACITY_FACTOR = 0.6;
/**
 * Capacity factor of a closed link: zero. The assignment treats a link of capacity ≤ 0 as closed (no flow, never on a
 * path; src/core/traffic/assignment.ts), and demand that can no longer reach its destination is reported as
 * unreachable rather than loaded onto a near-zero capacity, which would make the BPR times (and the city congestion
 * index) explode.
 */
export const CLOSED_LINK_FACTOR = 0;
/**
 * Debris rule (assumption, after the "collapse zone" rule of fire services and the HAZUS debris model that puts the
 * debris of extensively/completely damaged buildings next to them): a building with damage state ≥ extensive (3) and
 * taller than 24 m (高层: GB 50352-2019《民用建筑设计统一标准》§3.1.2, non-residential buildings > 24 m) blocks the road
 * links within half its height of its footprint.
 */
export const DEBRIS_MIN_HEIGHT_M = 24;
export const DEBRIS_MIN_DAMAGE_STATE = 3;
export const DEBRIS_REACH_SHARE_OF_HEIGHT = 0.5;

/**
 * HAZUS-MH earthquake fragility of electric substations (FEMA, HAZUS-MH MR4 Earthquake Technical Manual, 2003,
 * Ch. 8, Table 8.11 (values as recalled; verify against the manual): low-voltage (115 kV) substation with anchored
 * components, ESS1): median PGA (g) and lognormal β for slight, moderate, extensive and complete damage. The 110 kV
 * stations of the scene are the low-voltage class.
 */
export const SUBSTATION_FRAGILITY = {
  medianPgaG: [0.15, 0.29, 0.45, 0.9],
  beta: [0.7, 0.55, 0.45, 0.45],
  source: 'HAZUS-MH MR4 Earthquake Technical Manual (FEMA 2003), Table 8.11, ESS1 (anchored, 115 kV)',
} as const;
/**
 * HAZUS-MH restoration functions (Earthquake Technical Manual, Ch. 8 electric power — substations; Ch. 7
 * highway roadways; values as recalled, verify against the manual's tables): mean days to restore, per damage state slight…complete. A station or road
 * is restored at the mean (the 50 % point of the normal restoration curve): deterministic.
 */
export const RESTORATION_DAYS = {
  substation: [1, 3, 7, 30],
  road: [0.9, 2.2, 21, 21],
  source:
    'HAZUS-MH MR4 Earthquake Technical Manual: restoration functions, electric substations (Ch. 8), roadways (Ch. 7)',
} as const;
/** A substation is tripped when its most likely damage state is at least moderate (loss of function in HAZUS). */
export const SUBSTATION_TRIP_STATE = 2;

// ---- alert levels ---------------------------------------------------------------------------------------------------

/**
 * Rainstorm warning level from the forecast rain (暴雨预警信号, CMA 2007): red — 100 mm or more within 3 h; orange —
 * 50 mm within 3 h; yellow — 50 mm within 6 h; blue — 50 mm within 12 h.
 */
export function rainWarningLevel(maxMm3h: number, maxMm6h: number, maxMm12h: number): AlertLevel {
  if (maxMm3h >= 100) return 4;
  if (maxMm3h >= 50) return 3;
  if (maxMm6h >= 50) return 2;
  if (maxMm12h >= 50) return 1;
  return 0;
}

/** Largest sum of any `window` consecutive values (a minute series → the wettest `window` minutes), mm. */
export function maxWindowSum(mmPerStep: ArrayLike<number>, window: number): number {
  let sum = 0;
  let best = 0;
  for (let i = 0; i < mmPerStep.length; i++) {
    sum += mmPerStep[i] as number;
    if (i >= window) sum -= mmPerStep[i - window] as number;
    if (sum > best) best = sum;
  }
  return best;
}

/**
 * Level from the observed maximum road water depth: yellow at 0.15 m (a lane impassable, GB 51222-2017), orange at
 * 0.3 m (small cars lose stability when static: Shand et al. 2011, Australian Rainfall & Runoff Revision Project 10,
 * "Appropriate safety criteria for vehicles"), red at 0.5 m (adults unstable in moving water: Cox, Shand & Blacka
 * 2010, ARR Project 10 "Appropriate safety criteria for people").
 */
export function floodDepthLevel(maxRoadDepthM: number): AlertLevel {
  if (maxRoadDepthM >= 0.5) return 4;
  if (maxRoadDepthM >= 0.3) return 3;
  if (maxRoadDepthM >= ROAD_CLOSE_DEPTH_M) return 2;
  return 0;
}

/**
 * High-temperature warning level (高温预警信号, CMA 2007): red — maximum temperature 40 °C or more within 24 h; orange —
 * 37 °C within 24 h; yellow — 35 °C or more on three consecutive days (durationH ≥ 72). No blue signal exists.
 */
export function heatWarningLevel(maxTempC: number, durationH: number): AlertLevel {
  if (maxTempC >= 40) return 4;
  if (maxTempC >= 37) return 3;
  if (maxTempC >= 35 && durationH >= 72) return 2;
  return 0;
}

/**
 * Earthquake response level (《国家地震应急预案》2012 §1.3, initial assessment for densely populated areas —
 * 人口密集地区): I 特别重大 (red) M ≥ 6.0 or ≥ 300 deaths; II 重大 (orange) M 5.0–6.0 or 50–300 deaths; III 较大 (yellow)
 * M 4.0–5.0 or 10–50 deaths; IV 一般 (blue) otherwise.
 */
export function quakeAlertLevel(magnitude: number, deaths: number): AlertLevel {
  const byM: AlertLevel = magnitude >= 6 ? 4 : magnitude >= 5 ? 3 : magnitude >= 4 ? 2 : 1;
  const byD: AlertLevel = deaths >= 300 ? 4 : deaths >= 50 ? 3 : deaths >= 10 ? 2 : 1;
  return Math.max(byM, byD) as AlertLevel;
}

/**
 * Fire alert level (assumption): the national fire grades (公安部《关于调整火灾等级标准的通知》2007: 特别重大/重大/较大/
 * 一般 by deaths and losses) cannot be known at outbreak, so the twin uses the spread risk as a proxy — low → blue,
 * medium → yellow, high → orange — one level more when the first engine cannot arrive within the 5-minute standard.
 */
export function fireAlertLevel(spreadRisk: Severity, travelTimeS: number, standardS: number): AlertLevel {
  const base = spreadRisk as number;
  return Math.min(4, base + (travelTimeS < 0 || travelTimeS > standardS ? 1 : 0)) as AlertLevel;
}

/** Standard normal CDF (Abramowitz & Stegun 1964, 26.2.17; |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p =
    d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - p : p;
}

/**
 * Most likely substation damage state 0…4 at `pgaG` (HAZUS lognormal fragility: P(≥ ds) = Φ(ln(PGA/median)/β); the
 * state probabilities are differences of the exceedance curves).
 */
export function substationDamageState(pgaG: number): 0 | 1 | 2 | 3 | 4 {
  const f = SUBSTATION_FRAGILITY;
  const exceed = [1, 0, 0, 0, 0, 0];
  for (let k = 0; k < 4; k++)
    exceed[k + 1] = pgaG > 0 ? normalCdf(Math.log(pgaG / f.medianPgaG[k]!) / f.beta[k]!) : 0;
  let best = 0;
  let bestP = -1;
  for (let s = 0; s <= 4; s++) {
    const p = exceed[s]! - exceed[s + 1]!;
    if (p > bestP) {
      bestP = p;
      best = s;
    }
  }
  return best as 0 | 1 | 2 | 3 | 4;
}

// ---- who is notified ------------------------------------------------------------------------------------------------

const T = (zh: string, en: string): Text2 => ({ zh, en });

/**
 * Notification plan per hazard kind: the agencies added at each level (cumulative: a level notifies its own and all
 * lower levels'). Modelled on the command structures of《国家防汛抗旱应急预案》(2022), 《国家地震应急预案》(2012) and
 * the city-level 高温/火灾 plans; a plan for the twin, not a quotation.
 */
export const NOTIFY_PLAN: Readonly<Record<HazardKind, readonly (readonly Text2[])[]>> = {
  rainstorm: [
    [],
    [T('区防汛办', 'District flood-control office'), T('排水集团', 'Drainage operator')],
    [
      T('交警支队', 'Traffic police'),
      T('城管执法局', 'City management'),
      T('街道办事处', 'Sub-district offices'),
    ],
    [
      T('应急管理局', 'Emergency management bureau'),
      T('供电公司', 'Power company'),
      T('消防救援支队', 'Fire and rescue'),
    ],
    [
      T('市防汛抗旱指挥部', 'City flood-control headquarters'),
      T('公众（12379 预警发布）', 'Public (12379 alert system)'),
    ],
  ],
  heat: [
    [],
    [],
    [
      T('卫生健康委', 'Health commission'),
      T('供电公司', 'Power company'),
      T('街道办事处', 'Sub-district offices'),
    ],
    [T('应急管理局', 'Emergency management bureau'), T('住建委（停工）', 'Construction (work stoppage)')],
    [
      T('市政府应急指挥中心', 'City emergency command'),
      T('公众（12379 预警发布）', 'Public (12379 alert system)'),
    ],
  ],
  earthquake: [
    [],
    [T('地震局', 'Earthquake administration'), T('应急管理局', 'Emergency management bureau')],
    [T('消防救援支队', 'Fire and rescue'), T('卫生健康委', 'Health commission'), T('公安局', 'Police')],
    [
      T('供电公司', 'Power company'),
      T('交通运输局', 'Transport bureau'),
      T('住建委', 'Housing and construction'),
      T('民政局（避难场所）', 'Civil affairs (shelters)'),
    ],
    [
      T('市抗震救灾指挥部', 'City earthquake relief headquarters'),
      T('公众（12379 预警发布）', 'Public (12379 alert system)'),
    ],
  ],
  fire: [
    [],
    [T('消防救援站', 'Fire station'), T('公安局', 'Police')],
    [T('120 急救中心', 'Emergency medical service (120)'), T('交警支队', 'Traffic police')],
    [
      T('应急管理局', 'Emergency management bureau'),
      T('供电公司', 'Power company'),
      T('燃气公司', 'Gas company'),
    ],
    [T('市政府应急指挥中心', 'City emergency command')],
  ],
};

/** Everyone notified at `level` for `kind` (cumulative). */
export function notifiedAt(kind: HazardKind, level: AlertLevel): Text2[] {
  const plan = NOTIFY_PLAN[kind];
  const out: Text2[] = [];
  for (let l = 1; l <= level; l++) out.push(...(plan[l] ?? []));
  return out;
}

/** Alert level names for texts. */
export const ALERT_TEXT: readonly Text2[] = [
  T('无', 'none'),
  T('蓝色', 'blue'),
  T('黄色', 'yellow'),
  T('橙色', 'orange'),
  T('红色', 'red'),
];
