/**
 * SLA status of work orders: the running clock's deadline, time remaining, a warning once less than
 * SLA_WARNING_FRACTION of the allowance is left, overdue once past it; and the escalations that fall due (level 1 the
 * supervising level at the deadline, level 2 the city level once the breach has lasted a further allowance —
 * stateMachine.ts escalationDueMs). Escalations are 'escalate' actions by the system actor for the caller to apply.
 */
import { MAX_ESCALATION, clockOf, escalationDueMs, slaStageOf } from './stateMachine.ts';
import type { SlaStage, WorkOrder, WorkOrderAction } from './types.ts';

/**
 * Warn when this fraction of the stage's allowance (or less) is left. ASSUMPTION: the "yellow light" of 12345 red/
 * yellow-light supervision (e.g. Beijing/Hefei 12345 红黄灯督办) warns before breach; 20 % is our choice.
 */
export const SLA_WARNING_FRACTION = 0.2;

/** SLA status of one order at a time. */
export interface SlaStatus {
  /** The clock running in the order's stage, or null (handled, verified, closed, rejected). */
  readonly stage: SlaStage | null;
  /** Deadline of that clock, ms since the epoch (NaN when none). */
  readonly dueMs: number;
  /** dueMs − now (negative when overdue; NaN when no clock). */
  readonly remainingMs: number;
  /** Not yet overdue, with at most SLA_WARNING_FRACTION of the allowance left. */
  readonly warning: boolean;
  readonly overdue: boolean;
}

const NO_CLOCK: SlaStatus = { stage: null, dueMs: NaN, remainingMs: NaN, warning: false, overdue: false };

/** SLA status of an order at nowMs. */
export function slaStatus(order: WorkOrder, nowMs: number): SlaStatus {
  const stage = slaStageOf(order.stage);
  if (stage === null) return NO_CLOCK;
  const { dueMs, allowanceMs } = clockOf(order, stage);
  const remainingMs = dueMs - nowMs;
  const overdue = remainingMs < 0;
  return {
    stage,
    dueMs,
    remainingMs,
    overdue,
    warning: !overdue && remainingMs <= SLA_WARNING_FRACTION * allowanceMs,
  };
}

/** The escalate actions due for an order at nowMs (levels above its current one, lowest first; [] when none). */
export function dueEscalations(order: WorkOrder, nowMs: number): WorkOrderAction[] {
  const stage = slaStageOf(order.stage);
  if (stage === null) return [];
  const out: WorkOrderAction[] = [];
  for (let level = order.escalation + 1; level <= MAX_ESCALATION; level++) {
    if (nowMs >= escalationDueMs(order, stage, level)) out.push({ kind: 'escalate', level, stage });
  }
  return out;
}

/**
 * The next time after nowMs at which the order's SLA status or escalations change by the clock alone (warning starts,
 * deadline, next escalation), or Infinity: lets a server sleep until then instead of polling every order.
 */
export function nextSlaChangeMs(order: WorkOrder, nowMs: number): number {
  const stage = slaStageOf(order.stage);
  if (stage === null) return Infinity;
  const { dueMs, allowanceMs } = clockOf(order, stage);
  const times = [dueMs - SLA_WARNING_FRACTION * allowanceMs, dueMs];
  for (let level = order.escalation + 1; level <= MAX_ESCALATION; level++)
    times.push(escalationDueMs(order, stage, level));
  let best = Infinity;
  for (const t of times) if (t > nowMs && t < best) best = t;
  return best;
}
