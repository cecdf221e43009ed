/**
 * The resilience domain's live side for the three modes (issue 7): active hazards, the highest alert level, people
 * exposed and the lifelines' service level from the store's hazard slice (docs/resilience.md); one alarm per active
 * hazard, placed at its origin (earthquake epicentre, fire building) or the district with most people exposed; per
 * district, the people exposed and the heat alert level. Hazards have no grid-cell breakdown.
 */
import type { AppState } from '../../state/store.ts';
import type { DomainAlarm, DomainPlugin, KpiDisplay, LiveKpiDef, ZoneKpi } from '../types.ts';
import type { ActiveHazard, AlertLevel, ExposureSummary } from '../../core/hazards/types.ts';
import {
  activeHazards,
  ALERT_COLOURS,
  alertTextColour,
  exposedPeople,
  highestAlert,
} from '../../panels/resilienceFormat.ts';
import { levelValues, memo1, sceneNow, zoneCentre, zoneName, zoneValues } from '../liveShared.ts';

/** Whether the hazard state is known (a snapshot or message applied, or the feed is live). */
const known = (s: AppState): boolean => s.hzVersion > 0 || s.connection.phase === 'live';

/** The lowest service level of the three lifelines now, %, or null before the first point. */
export function lifelineMinPct(s: AppState): number | null {
  const p = s.hzLifelines[s.hzLifelines.length - 1];
  return p === undefined ? null : Math.min(p.powerPct, p.roadsPct, p.waterPct);
}

const ALERT_ZH = ['无预警', '蓝色', '黄色', '橙色', '红色'] as const;
const ALERT_EN = ['none', 'blue', 'yellow', 'orange', 'red'] as const;

/**
 * Grade of each alert level as written on Chinese warnings: blue Ⅳ级 (general) … red Ⅰ级 (particularly serious), the
 * four grades of 《国家突发公共事件总体应急预案》(2006, §1.5) and the colours of 中国气象局《气象灾害预警信号发布与传播办法》
 * (2007, 第十条) — see src/core/hazards/types.ts ALERT_LEVEL_NAMES.
 */
const ALERT_GRADE = ['', 'Ⅳ', 'Ⅲ', 'Ⅱ', 'Ⅰ'] as const;
const ALERT_GRADE_EN = ['', 'IV', 'III', 'II', 'I'] as const;
const ALERT_WORD_EN = ['', 'Blue', 'Yellow', 'Orange', 'Red'] as const;

/**
 * An alert level 0–4 as shown to people: "无预警 / No alert" for 0, else the colour and the grade, e.g. "红色 Ⅰ级 /
 * Red (I)", with the signal colour as a chip. Levels outside 0–4 (or not integers) are rounded and clamped.
 */
export function alertLevelDisplay(v: number): KpiDisplay {
  const l = (Number.isFinite(v) ? Math.max(0, Math.min(4, Math.round(v))) : 0) as AlertLevel;
  if (l === 0) return { text: { zh: '无预警', en: 'No alert' } };
  return {
    text: { zh: `${ALERT_ZH[l]} ${ALERT_GRADE[l]}级`, en: `${ALERT_WORD_EN[l]} (${ALERT_GRADE_EN[l]})` },
    color: ALERT_COLOURS[l],
    ink: alertTextColour(l),
  };
}

const kpis: readonly LiveKpiDef[] = [
  {
    id: 'activeHazards',
    label: { zh: '活动灾害', en: 'Active hazards' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: true,
    formula: {
      zh: '尚未结束（预警、发生、响应、恢复阶段）的灾害数',
      en: 'Hazards not over (warning, onset, response or recovery)',
    },
    read: (s) => (known(s) ? activeHazards(s.hzHazards).length : null),
  },
  {
    id: 'alertLevel',
    label: { zh: '最高预警级别', en: 'Highest alert level' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: true,
    formula: {
      zh: '活动灾害中的最高预警级别：无、蓝色 Ⅳ级、黄色 Ⅲ级、橙色 Ⅱ级、红色 Ⅰ级（中国气象局预警信号；趋势按 0–4 计）',
      en: 'Highest alert of the active hazards: none, blue (IV), yellow (III), orange (II), red (I) (CMA warning signals; trends count 0–4)',
    },
    read: (s) => (known(s) ? highestAlert(s.hzHazards) : null),
    format: alertLevelDisplay,
  },
  {
    id: 'exposed',
    label: { zh: '受影响人口', en: 'People exposed' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: {
      zh: '活动灾害影响范围内建筑中的人数（按时段占用率）',
      en: 'Occupants of buildings inside active hazards’ footprints (time-of-day occupancy)',
    },
    read: (s) => (known(s) ? exposedPeople(s.hzHazards, s.hzExposure) : null),
  },
  {
    id: 'lifelines',
    label: { zh: '生命线服务水平', en: 'Lifelines in service' },
    unit: '%',
    better: 'higher',
    digits: 0,
    headline: false,
    formula: {
      zh: '供电、道路、供水服务水平中的最低值',
      en: 'Lowest of the power, road and water service levels',
    },
    read: lifelineMinPct,
  },
];

/** The alarm severity of an alert level: red → critical, orange → major, else minor. */
export function hazardSeverity(level: number): DomainAlarm['severity'] {
  return level >= 4 ? 'critical' : level >= 3 ? 'major' : 'minor';
}

/** Where a hazard is: its origin when it has one, else the centre of the district with most people exposed. */
function hazardPlace(
  h: ActiveHazard,
  exp: readonly ExposureSummary[],
): { x: number; y: number; zone: number } | null {
  if (h.spec.kind === 'earthquake') return { x: h.spec.x, y: h.spec.y, zone: -1 };
  const m = sceneNow();
  if (h.spec.kind === 'fire' && m !== null && h.spec.building >= 0 && h.spec.building < m.buildings.count) {
    const b = m.buildings;
    const r0 = b.polyStart[h.spec.building] as number;
    const a = b.ringStart[r0] as number;
    const e = b.ringStart[r0 + 1] as number;
    if (e > a) {
      let sx = 0;
      let sy = 0;
      for (let v = a; v < e; v++) {
        sx += b.xy[2 * v] as number;
        sy += b.xy[2 * v + 1] as number;
      }
      return { x: sx / (e - a), y: sy / (e - a), zone: -1 };
    }
  }
  const e = exp.find((x) => x.hazardId === h.id);
  let best: { zone: number; people: number } | null = null;
  for (const d of e?.byDistrict ?? []) if (best === null || d.people > best.people) best = d;
  const c = best === null ? null : zoneCentre(best.zone);
  return c === null || best === null ? null : { ...c, zone: best.zone };
}

const alarmsOf = memo1(
  (hs: readonly ActiveHazard[], exp: readonly ExposureSummary[]): readonly DomainAlarm[] =>
    activeHazards(hs)
      .sort((a, b) => b.alertLevel - a.alertLevel || b.triggeredMs - a.triggeredMs)
      .map((h): DomainAlarm => {
        const p = hazardPlace(h, exp);
        const where = p === null || p.zone < 0 ? null : zoneName(p.zone);
        const people = exposedPeople([h], exp);
        const hv = `${h.headline.value.toFixed(2)} ${h.headline.unit}`.trim();
        return {
          id: `resilience:${h.id}`,
          domain: 'resilience',
          severity: hazardSeverity(h.alertLevel),
          title: h.label,
          detail: {
            zh: `${ALERT_ZH[h.alertLevel]}预警 · ${h.headline.label.zh} ${hv} · 受影响 ${Math.round(people)} 人${where ? ` · ${where.zh}` : ''}`,
            en: `${ALERT_EN[h.alertLevel]} alert · ${h.headline.label.en} ${hv} · ${Math.round(people)} people exposed${where ? ` · ${where.en}` : ''}`,
          },
          x: p?.x ?? null,
          y: p?.y ?? null,
          simMs: h.alertSinceMs,
        };
      }),
);

const zonesOf = memo1(
  (
    hs: readonly ActiveHazard[],
    exp: readonly ExposureSummary[],
    heat: AppState['hzHeat'],
    isKnown: boolean,
    level: 0 | 1,
  ): readonly ZoneKpi[] => {
    if (level === 1 || !isKnown) return [];
    const people = levelValues(0, 0);
    if (people.length === 0) return [];
    const live = new Set(activeHazards(hs).map((h) => h.id));
    for (const e of exp) {
      if (!live.has(e.hazardId)) continue;
      for (const d of e.byDistrict) if (d.zone >= 0 && d.zone < people.length) people[d.zone]! += d.people;
    }
    const out: ZoneKpi[] = [
      {
        id: 'exposed',
        label: { zh: '受影响人口', en: 'People exposed' },
        unit: '',
        better: 'lower',
        digits: 0,
        values: people,
      },
    ];
    if (heat !== null && live.has(heat.hazardId)) {
      const lv = zoneValues();
      for (const d of heat.districts) if (d.zone >= 0 && d.zone < lv.length) lv[d.zone] = d.level;
      out.push({
        id: 'heatLevel',
        label: { zh: '高温预警级别', en: 'Heat alert level' },
        unit: '',
        better: 'lower',
        digits: 0,
        values: lv,
      });
    }
    return out;
  },
);

/** The resilience plugin without its planner lever editor (src/domains/resilience/LeverEditor.tsx). */
export const resilienceLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'resilience',
  name: { zh: '城市韧性', en: 'Resilience' },
  kpis,
  layers: ['flood', 'hazardIntensity', 'damage', 'exposure', 'shelters', 'evacuation', 'outage'],
  alarms: (s) => alarmsOf(s.hzHazards, s.hzExposure),
  zoneKpis: (s, level) => zonesOf(s.hzHazards, s.hzExposure, s.hzHeat, known(s), level),
};
