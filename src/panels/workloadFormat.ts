/**
 * Pure helpers of the work-order board and drawer (一网统管, issue 6): counts per stage, department load against the
 * crews on shift, SLA countdown text, the orders closest to (or past) their deadline, the operator actions a stage
 * allows (src/core/workload/types.ts WorkOrderAction lists the legal moves) and local clock text.
 */
import { slaStatus, type SlaStatus } from '../core/workload/sla.ts';
import { DEFAULT_UTC_OFFSET_MIN, DEPARTMENTS, staffOnShift } from '../core/workload/taxonomy.ts';
import { getModel } from '../app/sceneHolder.ts';
import { STAGES, type Stage, type WorkOrder } from '../core/workload/types.ts';

/** Orders per stage (every stage present, 0 when none). */
export function stageCounts(orders: Iterable<WorkOrder>): Record<Stage, number> {
  const c = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const o of orders) c[o.stage]++;
  return c;
}

/** True for stages that still need work (not closed, not rejected). */
export const isOpenStage = (s: Stage): boolean => s !== 'closed' && s !== 'rejected';

/** One department's load: orders with it (waiting for a crew or in progress) against crews on shift now. */
export interface DepartmentLoad {
  readonly id: string;
  /** Dispatched to it, no crew yet. */
  readonly waiting: number;
  readonly inProgress: number;
  /** Crews on shift at the time (taxonomy.ts staffOnShift). */
  readonly staff: number;
  /** (waiting + inProgress) / staff; Infinity with work and no staff, 0 with neither. */
  readonly loadRatio: number;
}

/** Load of every department at simTimeMs (taxonomy order). */
export function departmentLoads(
  orders: Iterable<WorkOrder>,
  simTimeMs: number,
  utcOffsetMin: number,
): DepartmentLoad[] {
  const waiting = new Map<string, number>();
  const busy = new Map<string, number>();
  for (const o of orders) {
    if (o.department === null) continue;
    if (o.stage === 'dispatched') waiting.set(o.department, (waiting.get(o.department) ?? 0) + 1);
    else if (o.stage === 'inProgress') busy.set(o.department, (busy.get(o.department) ?? 0) + 1);
  }
  return DEPARTMENTS.map((d) => {
    const w = waiting.get(d.id) ?? 0;
    const b = busy.get(d.id) ?? 0;
    const staff = staffOnShift(d.id, simTimeMs, utcOffsetMin);
    const work = w + b;
    return {
      id: d.id,
      waiting: w,
      inProgress: b,
      staff,
      loadRatio: staff > 0 ? work / staff : work > 0 ? Infinity : 0,
    };
  });
}

/** An open order with its SLA status. */
export interface OrderSla {
  readonly order: WorkOrder;
  readonly sla: SlaStatus;
}

/**
 * Open orders with a running SLA clock, most urgent first (least time remaining; overdue ones first, the longest
 * overdue on top), optionally only one stage; at most `limit`.
 */
export function byUrgency(
  orders: Iterable<WorkOrder>,
  nowMs: number,
  limit: number,
  stage: Stage | null = null,
): OrderSla[] {
  const out: OrderSla[] = [];
  for (const o of orders) {
    if (!isOpenStage(o.stage) || (stage !== null && o.stage !== stage)) continue;
    const sla = slaStatus(o, nowMs);
    if (sla.stage === null && stage === null) continue;
    out.push({ order: o, sla });
  }
  // Orders of a stage without a clock (handled, verified) sort by age, after the clocked ones.
  out.sort((a, b) => {
    const ra = Number.isNaN(a.sla.remainingMs) ? Infinity : a.sla.remainingMs;
    const rb = Number.isNaN(b.sla.remainingMs) ? Infinity : b.sla.remainingMs;
    return ra !== rb
      ? ra - rb
      : a.order.stageSinceMs - b.order.stageSinceMs || (a.order.id < b.order.id ? -1 : 1);
  });
  return out.slice(0, limit);
}

/**
 * Countdown text of a remaining time: "3h05m", "42m", "<1m"; overdue (negative) gets a leading "+" (time past the
 * deadline); "—" when no clock runs.
 */
export function countdownText(remainingMs: number): string {
  if (!Number.isFinite(remainingMs)) return '—';
  const overdue = remainingMs < 0;
  const totalMin = Math.floor(Math.abs(remainingMs) / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  const body = h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : totalMin > 0 ? `${m}m` : '<1m';
  return overdue ? `+${body}` : body;
}

/** CSS class of an SLA status: overdue, warning, ok or none (no clock). */
export function slaClass(s: SlaStatus): 'overdue' | 'warning' | 'ok' | 'none' {
  if (s.stage === null) return 'none';
  return s.overdue ? 'overdue' : s.warning ? 'warning' : 'ok';
}

/** The operator buttons of the drawer. */
export type OperatorAction =
  | 'accept'
  | 'reject'
  | 'merge'
  | 'dispatch'
  | 'comment'
  | 'handle'
  | 'verifyOk'
  | 'verifyNotOk'
  | 'close'
  | 'reopen';

/**
 * Operator actions legal in a stage (types.ts WorkOrderAction): comment and merge in every non-terminal stage; the
 * department's own moves (refuse, start) are not the operator's.
 */
export function actionsFor(stage: Stage): OperatorAction[] {
  switch (stage) {
    case 'reported':
      return ['accept', 'reject', 'merge', 'comment'];
    case 'accepted':
      return ['dispatch', 'merge', 'comment'];
    case 'dispatched':
      return ['merge', 'comment'];
    case 'inProgress':
      return ['handle', 'merge', 'comment'];
    case 'handled':
      return ['verifyOk', 'verifyNotOk', 'merge', 'comment'];
    case 'verified':
      return ['close', 'merge', 'comment'];
    case 'closed':
      return ['reopen'];
    case 'rejected':
      return [];
    default: {
      const never: never = stage;
      return never;
    }
  }
}

/** The scene's UTC offset (minutes east), as the other panels use it. */
export function sceneOffsetMin(): number {
  return getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
}

/** "HH:MM" of a sim time in the scene's local time (utcOffsetMin east of UTC). */
export function localHm(simTimeMs: number, utcOffsetMin: number): string {
  if (!Number.isFinite(simTimeMs)) return '—';
  return new Date(simTimeMs + utcOffsetMin * 60_000).toISOString().slice(11, 16);
}

/** "MM-DD HH:MM" of a sim time in the scene's local time. */
export function localDayHm(simTimeMs: number, utcOffsetMin: number): string {
  if (!Number.isFinite(simTimeMs)) return '—';
  return new Date(simTimeMs + utcOffsetMin * 60_000).toISOString().slice(5, 16).replace('T', ' ');
}

/** A rate in [0, 1] as a percent text with one decimal ("—" when NaN). */
export function pctText(rate: number): string {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(1)} %` : '—';
}
