/**
 * The traffic domain's live side for the three modes (issue 7): KPIs read from the store's `trafficKpis` (the live
 * model's KPI message, docs/traffic.md), open incidents, alarms (incidents and severely congested districts) and the
 * per-zone breakdown (district TTI and speed from `trafficKpis.districts`, open incidents per district / grid cell).
 */
import type { AppState } from '../../state/store.ts';
import type { DomainAlarm, DomainPlugin, LiveKpiDef, ZoneKpi } from '../types.ts';
import { TTI_GRADE_FROM } from '../../panels/trafficFormat.ts';
import { levelValues, memo1, zoneAt, zoneCentre, zoneName, zoneValues } from '../liveShared.ts';
import type { Incident } from '../../state/feedSlice.ts';

/** Open (not cleared) incidents. */
function openIncidents(list: readonly Incident[]): number {
  let n = 0;
  for (const i of list) if (!i.cleared) n++;
  return n;
}

const kpis: readonly LiveKpiDef[] = [
  {
    id: 'tti',
    label: { zh: '城市拥堵指数', en: 'Congestion index' },
    unit: '',
    better: 'lower',
    digits: 2,
    headline: true,
    formula: {
      zh: '行程时间指数 TTI = Σ 流量·实际行程时间 ÷ Σ 流量·自由流行程时间（全路网）；≥1.5 缓行、≥1.8 拥堵、≥2.0 严重拥堵（高德分级）',
      en: 'Travel-time index TTI = Σ flow·actual time ÷ Σ flow·free-flow time over all road links; ≥1.5 slow, ≥1.8 congested, ≥2.0 severe (AutoNavi bands)',
    },
    read: (s) => s.trafficKpis?.cityTti ?? null,
  },
  {
    id: 'avgSpeed',
    label: { zh: '路网平均车速', en: 'Average speed' },
    unit: 'km/h',
    better: 'higher',
    digits: 1,
    headline: false,
    formula: { zh: 'Σ 流量·路段长度 ÷ Σ 流量·行程时间', en: 'Σ flow·length ÷ Σ flow·travel time' },
    read: (s) => s.trafficKpis?.avgSpeedKph ?? null,
  },
  {
    id: 'delay',
    label: { zh: '延误', en: 'Delay' },
    unit: 'veh·h/h',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: {
      zh: '每小时车辆延误 = Σ 流量·（实际 − 自由流行程时间）',
      en: 'Vehicle-hours of delay per hour = Σ flow·(actual − free-flow time)',
    },
    read: (s) => s.trafficKpis?.delayVehHPerH ?? null,
  },
  {
    id: 'incidents',
    label: { zh: '未清除事件', en: 'Open incidents' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: { zh: '上报且尚未清除的交通事件数', en: 'Traffic incidents raised and not yet cleared' },
    // Before the feed is live there is no incident list to count: "waiting", not 0.
    read: (s) => (s.connection.phase === 'live' || s.simTimeMs > 0 ? openIncidents(s.incidents) : null),
  },
];

/** Severity of an incident's 1…4 scale as an alarm. */
function incidentSeverity(sev: number): DomainAlarm['severity'] {
  return sev >= 4 ? 'critical' : sev >= 3 ? 'major' : 'minor';
}

const SEV_RANK = { critical: 0, major: 1, minor: 2 } as const;

const alarmsOf = memo1(
  (incidents: readonly Incident[], k: AppState['trafficKpis']): readonly DomainAlarm[] => {
    const out: DomainAlarm[] = [];
    for (const i of incidents) {
      if (i.cleared) continue;
      out.push({
        id: `traffic:${i.id}`,
        domain: 'traffic',
        severity: incidentSeverity(i.severity),
        title: { zh: `交通事件（${i.kind}）`, en: `Traffic incident (${i.kind})` },
        detail: i.description,
        x: i.x,
        y: i.y,
        simMs: i.simTimeMs,
      });
    }
    if (k !== null) {
      for (const d of k.districts) {
        if (!(d.tti >= TTI_GRADE_FROM.severe)) continue;
        const c = zoneCentre(d.zone);
        const n = zoneName(d.zone);
        out.push({
          id: `traffic:severe:${d.zone}`,
          domain: 'traffic',
          severity: 'major',
          title: { zh: `${n.zh} 严重拥堵`, en: `${n.en}: severe congestion` },
          detail: {
            zh: `拥堵指数 ${d.tti.toFixed(2)}，平均车速 ${d.avgSpeedKph.toFixed(1)} km/h`,
            en: `TTI ${d.tti.toFixed(2)}, average speed ${d.avgSpeedKph.toFixed(1)} km/h`,
          },
          x: c?.x ?? null,
          y: c?.y ?? null,
          simMs: k.simTimeMs,
        });
      }
    }
    return out.sort((a, b) => SEV_RANK[a.severity] - SEV_RANK[b.severity] || b.simMs - a.simMs);
  },
);

const zonesOf = memo1(
  (k: AppState['trafficKpis'], incidents: readonly Incident[], level: 0 | 1): readonly ZoneKpi[] => {
    const count = levelValues(level, 0);
    if (count.length === 0) return [];
    for (const i of incidents) {
      if (i.cleared) continue;
      const z = zoneAt(i.x, i.y, level);
      if (z >= 0 && z < count.length) count[z]!++;
    }
    const inc: ZoneKpi = {
      id: 'incidents',
      label: { zh: '未清除事件', en: 'Open incidents' },
      unit: '',
      better: 'lower',
      digits: 0,
      values: count,
    };
    if (level === 1) return [inc];
    const tti = zoneValues();
    const speed = zoneValues();
    for (const d of k?.districts ?? []) {
      if (d.zone >= 0 && d.zone < tti.length) {
        tti[d.zone] = d.tti;
        speed[d.zone] = d.avgSpeedKph;
      }
    }
    return [
      {
        id: 'tti',
        label: { zh: '拥堵指数', en: 'Congestion index' },
        unit: '',
        better: 'lower',
        digits: 2,
        values: tti,
      },
      {
        id: 'avgSpeed',
        label: { zh: '平均车速', en: 'Average speed' },
        unit: 'km/h',
        better: 'higher',
        digits: 1,
        values: speed,
      },
      inc,
    ];
  },
);

/** The traffic plugin without its planner lever editor (src/domains/traffic/LeverEditor.tsx). */
export const trafficLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'traffic',
  name: { zh: '交通', en: 'Traffic' },
  kpis,
  layers: ['traffic', 'vehicles', 'signals', 'incidents'],
  alarms: (s) => alarmsOf(s.incidents, s.trafficKpis),
  zoneKpis: (s, level) => zonesOf(s.trafficKpis, s.incidents, level),
};
