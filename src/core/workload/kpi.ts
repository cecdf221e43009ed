/**
 * Workload KPIs with documented formulas (docs/workload.md §KPIs). Over the orders given (the caller chooses the
 * population, e.g. created in the last 7 days) and the event log (for backlog history and duplicate rejections),
 * at nowMs; overall and grouped by department, category or grid cell. NaN where a rate has no denominator.
 *
 *   closureRate     = closed / (orders − rejected)                       (rejected orders never needed closure)
 *   onTimeRate[s]   = finished stage s by its deadline / finished stage s (s = accept, dispatch, handle; slaLate)
 *   handleH         = handledMs − dispatchedMs (first dispatch → latest handled; the department's handle clock)
 *   closeH          = closedMs − createdMs (report → closure: what the citizen waits)
 *   mean, p90       : arithmetic mean; nearest-rank percentile (value at rank ⌈0.9·n⌉ of the sorted sample;
 *                     Hyndman & Fan 1996, "Sample quantiles in statistical packages", definition 1)
 *   backlog         = open orders at nowMs (not closed, not rejected); backlogTrendPerDay = (backlog(now) −
 *                     backlog(now − trendMs)) · 1 day / trendMs, backlog(t) replayed from the events
 *   reopenRate      = orders reopened at least once / orders ever closed
 *   duplicateRate   = (reports merged into an order + orders rejected as duplicate) / all reports
 *   overdueNow      = open orders whose running SLA clock is past due (sla.ts)
 */
import { slaStatus } from './sla.ts';
import type { Stage, WorkOrder, WorkOrderEvent } from './types.ts';

/** How KPIs are grouped. */
export type KpiGroupBy = 'department' | 'category' | 'gridCell';

/** KPIs of one population of orders (see the file header for the formulas). Times in hours. */
export interface KpiSet {
  readonly orders: number;
  readonly reports: number;
  readonly closed: number;
  readonly rejected: number;
  readonly closureRate: number;
  readonly onTimeRate: { readonly accept: number; readonly dispatch: number; readonly handle: number };
  /** Orders that finished each stage (the on-time denominators). */
  readonly finished: { readonly accept: number; readonly dispatch: number; readonly handle: number };
  readonly meanHandleH: number;
  readonly p90HandleH: number;
  readonly meanCloseH: number;
  readonly p90CloseH: number;
  readonly backlog: number;
  readonly backlogTrendPerDay: number;
  readonly reopenRate: number;
  readonly duplicateRate: number;
  readonly overdueNow: number;
  readonly escalated: number;
}

/** workloadKpis' result. Group keys: department id ('none' when never dispatched), category id, grid cell index. */
export interface WorkloadKpis {
  readonly nowMs: number;
  readonly all: KpiSet;
  readonly by: KpiGroupBy | null;
  readonly groups: ReadonlyMap<string, KpiSet>;
}

/** Default window of the backlog trend (a day). */
export const BACKLOG_TREND_MS = 86_400_000;

const H_MS = 3_600_000;

/** Nearest-rank percentile (p in (0, 1]) of an ascending sorted array; NaN when empty. */
export function percentileNearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil(p * n));
  return sorted[rank - 1] as number;
}

const isOpen = (s: Stage): boolean => s !== 'closed' && s !== 'rejected';

/** KPIs of orders at nowMs, overall and (optionally) grouped; events: the log (ascending seq). */
export function workloadKpis(
  orders: Iterable<WorkOrder>,
  events: Iterable<WorkOrderEvent>,
  nowMs: number,
  by?: KpiGroupBy,
  trendMs: number = BACKLOG_TREND_MS,
): WorkloadKpis {
  const list = [...orders];
  const keyOf = (o: WorkOrder): string =>
    by === 'department' ? (o.department ?? 'none') : by === 'category' ? o.category : String(o.gridCell);
  // Per order: open at now − trendMs? and rejected-as-duplicate? from the log.
  const pastT = nowMs - trendMs;
  const openPast = new Set<string>();
  const dupRejected = new Set<string>();
  for (const e of events) {
    if (e.simTimeMs > nowMs) continue;
    if (e.action.kind === 'reject' && e.action.reason === 'duplicate') dupRejected.add(e.orderId);
    if (e.simTimeMs <= pastT) {
      if (isOpen(e.to)) openPast.add(e.orderId);
      else openPast.delete(e.orderId);
    }
  }
  const all = kpiSet(list, nowMs, trendMs, openPast, dupRejected);
  const groups = new Map<string, KpiSet>();
  if (by !== undefined) {
    const parts = new Map<string, WorkOrder[]>();
    for (const o of list) {
      const k = keyOf(o);
      const p = parts.get(k);
      if (p === undefined) parts.set(k, [o]);
      else p.push(o);
    }
    for (const k of [...parts.keys()].sort()) {
      groups.set(k, kpiSet(parts.get(k) ?? [], nowMs, trendMs, openPast, dupRejected));
    }
  }
  return { nowMs, all, by: by ?? null, groups };
}

function kpiSet(
  orders: readonly WorkOrder[],
  nowMs: number,
  trendMs: number,
  openPast: ReadonlySet<string>,
  dupRejected: ReadonlySet<string>,
): KpiSet {
  let reports = 0;
  let closed = 0;
  let rejected = 0;
  let backlog = 0;
  let backlogPast = 0;
  let everClosed = 0;
  let reopened = 0;
  let duplicates = 0;
  let overdueNow = 0;
  let escalated = 0;
  const fin = { accept: 0, dispatch: 0, handle: 0 };
  const late = { accept: 0, dispatch: 0, handle: 0 };
  const handleH: number[] = [];
  const closeH: number[] = [];
  for (const o of orders) {
    reports += o.reportIds.length;
    duplicates += o.reportIds.length - 1 + (dupRejected.has(o.id) ? 1 : 0);
    if (o.stage === 'closed') closed++;
    if (o.stage === 'rejected') rejected++;
    if (isOpen(o.stage)) {
      backlog++;
      if (slaStatus(o, nowMs).overdue) overdueNow++;
    }
    if (openPast.has(o.id)) backlogPast++;
    if (o.stage === 'closed' || o.reopenCount > 0) everClosed++;
    if (o.reopenCount > 0) reopened++;
    if (o.escalation > 0) escalated++;
    // A stage is finished once the order moved past it (accept also ends in a rejection).
    // (a failed verification un-finishes the handle stage until it is handled again).
    if (o.stage !== 'reported') {
      fin.accept++;
      if (o.slaLate.accept) late.accept++;
    }
    if (!Number.isNaN(o.dispatchedMs)) {
      fin.dispatch++;
      if (o.slaLate.dispatch) late.dispatch++;
    }
    if (!Number.isNaN(o.handledMs) || o.reopenCount > 0) {
      fin.handle++;
      if (o.slaLate.handle) late.handle++;
    }
    if (!Number.isNaN(o.handledMs) && !Number.isNaN(o.dispatchedMs))
      handleH.push((o.handledMs - o.dispatchedMs) / H_MS);
    if (!Number.isNaN(o.closedMs)) closeH.push((o.closedMs - o.createdMs) / H_MS);
  }
  handleH.sort((a, b) => a - b);
  closeH.sort((a, b) => a - b);
  const rate = (num: number, den: number): number => (den > 0 ? num / den : NaN);
  const mean = (xs: readonly number[]): number =>
    xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
  return {
    orders: orders.length,
    reports,
    closed,
    rejected,
    closureRate: rate(closed, orders.length - rejected),
    onTimeRate: {
      accept: rate(fin.accept - late.accept, fin.accept),
      dispatch: rate(fin.dispatch - late.dispatch, fin.dispatch),
      handle: rate(fin.handle - late.handle, fin.handle),
    },
    finished: fin,
    meanHandleH: mean(handleH),
    p90HandleH: percentileNearestRank(handleH, 0.9),
    meanCloseH: mean(closeH),
    p90CloseH: percentileNearestRank(closeH, 0.9),
    backlog,
    backlogTrendPerDay: ((backlog - backlogPast) * 86_400_000) / trendMs,
    reopenRate: rate(reopened, everClosed),
    duplicateRate: rate(duplicates, reports),
    overdueNow,
    escalated,
  };
}
