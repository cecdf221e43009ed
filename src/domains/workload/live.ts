/**
 * The 一网统管 (work orders) domain's live side for the three modes (issue 7): backlog, on-time rate, overdue and
 * closure rate of the orders the client knows (the store's `woOrders`: open orders and the recently closed), with the
 * formulas of src/core/workload/kpi.ts (docs/workload.md §KPIs); alarms for overdue and escalated orders; per grid
 * cell (the order's `gridCell`) and per district (the cell's parent zone).
 */
import type { AppState } from '../../state/store.ts';
import type { DomainAlarm, DomainPlugin, LiveKpiDef, ZoneKpi } from '../types.ts';
import type { WorkOrder } from '../../core/workload/types.ts';
import { workloadKpis, type KpiSet } from '../../core/workload/kpi.ts';
import { slaStatus } from '../../core/workload/sla.ts';
import { DICTS } from '../../app/i18n.ts';
import { districtOfCell, levelValues, memo1, zoneValues } from '../liveShared.ts';

/**
 * KPIs are re-derived when the orders change or the sim clock crosses a minute: `overdueNow` depends on the clock,
 * and SLA deadlines are whole minutes or more, so a minute's resolution changes no count by more than the orders
 * crossing their deadline within it.
 */
const RECOMPUTE_MS = 60_000;

const kpisOf = memo1(
  (orders: ReadonlyMap<string, WorkOrder>, minute: number): KpiSet =>
    workloadKpis(orders.values(), [], minute * RECOMPUTE_MS).all,
);

/** The KPI set now, or null before the first work-order snapshot. */
export function workloadKpiSet(s: AppState): KpiSet | null {
  if (s.woVersion === 0) return null;
  return kpisOf(s.woOrders, Math.floor(s.simTimeMs / RECOMPUTE_MS));
}

const pct = (v: number): number | null => (Number.isFinite(v) ? v * 100 : null);

const kpis: readonly LiveKpiDef[] = [
  {
    id: 'backlog',
    label: { zh: '积压工单', en: 'Backlog' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: true,
    formula: { zh: '未结案且未退回的工单数', en: 'Orders open now (not closed, not rejected)' },
    read: (s) => workloadKpiSet(s)?.backlog ?? null,
  },
  {
    id: 'onTime',
    label: { zh: '处置按时率', en: 'On-time rate' },
    unit: '%',
    better: 'higher',
    digits: 1,
    headline: true,
    formula: {
      zh: '按时完成处置环节的工单 ÷ 完成处置环节的工单（已知工单）',
      en: 'Orders that finished the handle stage by its deadline ÷ orders that finished it (orders known)',
    },
    read: (s) => {
      const k = workloadKpiSet(s);
      return k === null ? null : pct(k.onTimeRate.handle);
    },
  },
  {
    id: 'overdue',
    label: { zh: '超期工单', en: 'Overdue' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: {
      zh: '当前环节时限已过的在办工单数',
      en: 'Open orders past the deadline of their current stage',
    },
    read: (s) => workloadKpiSet(s)?.overdueNow ?? null,
  },
  {
    id: 'closureRate',
    label: { zh: '结案率', en: 'Closure rate' },
    unit: '%',
    better: 'higher',
    digits: 1,
    headline: false,
    formula: { zh: '已结案 ÷（工单 − 退回）', en: 'Closed ÷ (orders − rejected)' },
    read: (s) => {
      const k = workloadKpiSet(s);
      return k === null ? null : pct(k.closureRate);
    },
  },
];

/** Alarms listed at most (the most overdue): the wall and the overview show a handful. */
export const MAX_WORKLOAD_ALARMS = 30;

/** An overdue order's severity: escalated to city level (2) → major, else minor; never a wall takeover. */
export function orderSeverity(o: WorkOrder): DomainAlarm['severity'] {
  return o.escalation >= 2 || o.priority === 1 ? 'major' : 'minor';
}

const alarmsOf = memo1((orders: ReadonlyMap<string, WorkOrder>, minute: number): readonly DomainAlarm[] => {
  const nowMs = minute * RECOMPUTE_MS;
  const late: { o: WorkOrder; dueMs: number }[] = [];
  for (const o of orders.values()) {
    const st = slaStatus(o, nowMs);
    if (st.overdue) late.push({ o, dueMs: st.dueMs });
  }
  late.sort(
    (a, b) =>
      Number(orderSeverity(a.o) === 'minor') - Number(orderSeverity(b.o) === 'minor') || a.dueMs - b.dueMs,
  );
  return late.slice(0, MAX_WORKLOAD_ALARMS).map(({ o, dueMs }): DomainAlarm => {
    const h = ((nowMs - dueMs) / 3_600_000).toFixed(1);
    const esc = o.escalation > 0;
    return {
      id: `workload:${o.id}`,
      domain: 'workload',
      severity: orderSeverity(o),
      title: {
        zh: `${esc ? '已督办' : '超期'}工单 ${o.id.replace(/^wo:/, '')}`,
        en: `${esc ? 'Escalated' : 'Overdue'} order ${o.id.replace(/^wo:/, '')}`,
      },
      detail: {
        zh: `${DICTS.zh.woCategory(o.category)} · ${DICTS.zh.woStage(o.stage)} · 超期 ${h} 小时`,
        en: `${DICTS.en.woCategory(o.category)} · ${DICTS.en.woStage(o.stage)} · ${h} h overdue`,
      },
      x: o.x,
      y: o.y,
      simMs: dueMs,
    };
  });
});

const zonesOf = memo1(
  (orders: ReadonlyMap<string, WorkOrder>, minute: number, level: 0 | 1): readonly ZoneKpi[] => {
    const backlog = levelValues(level, 0);
    if (backlog.length === 0) return [];
    const overdue = levelValues(level, 0);
    const fin = new Float64Array(backlog.length);
    const onTime = new Float64Array(backlog.length);
    const nowMs = minute * RECOMPUTE_MS;
    for (const o of orders.values()) {
      const z = level === 1 ? o.gridCell : districtOfCell(o.gridCell);
      if (!(z >= 0 && z < backlog.length)) continue;
      const open = o.stage !== 'closed' && o.stage !== 'rejected';
      if (open) {
        backlog[z]!++;
        if (slaStatus(o, nowMs).overdue) overdue[z]!++;
      }
      // The handle-stage on-time rate, as kpi.ts counts it.
      if (!Number.isNaN(o.handledMs) || o.reopenCount > 0) {
        fin[z]!++;
        if (!o.slaLate.handle) onTime[z]!++;
      }
    }
    const rate = zoneValues();
    for (let z = 0; z < rate.length; z++) rate[z] = fin[z]! > 0 ? (100 * onTime[z]!) / fin[z]! : NaN;
    return [
      {
        id: 'backlog',
        label: { zh: '积压工单', en: 'Backlog' },
        unit: '',
        better: 'lower',
        digits: 0,
        values: backlog,
      },
      {
        id: 'overdue',
        label: { zh: '超期工单', en: 'Overdue' },
        unit: '',
        better: 'lower',
        digits: 0,
        values: overdue,
      },
      {
        id: 'onTime',
        label: { zh: '处置按时率', en: 'On-time rate' },
        unit: '%',
        better: 'higher',
        digits: 1,
        values: rate,
      },
    ];
  },
);

/** The 一网统管 plugin without its planner lever editor (src/domains/workload/LeverEditor.tsx). */
export const workloadLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'workload',
  name: { zh: '一网统管', en: 'City operations' },
  kpis,
  layers: ['workOrders', 'workloadHeat', 'fieldUnits'],
  alarms: (s) => (s.woVersion === 0 ? [] : alarmsOf(s.woOrders, Math.floor(s.simTimeMs / RECOMPUTE_MS))),
  zoneKpis: (s, level) =>
    s.woVersion === 0 ? [] : zonesOf(s.woOrders, Math.floor(s.simTimeMs / RECOMPUTE_MS), level),
};
