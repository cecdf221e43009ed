/**
 * The work-order state machine (types.ts lists the legal moves). Pure: every function returns a new order and its
 * event, or a reason the action was refused; nothing is mutated, so the event log replayed through foldEvents is the
 * state (the server persists events, not orders).
 *
 * SLA clocks (deadlines in WorkOrder.sla; taxonomy.ts slaFor gives the allowances):
 * - accept: starts at creation, stops at accept or reject.
 * - dispatch: starts at accept, stops at dispatch. A refusal (退单) restarts it: the dispatcher needs a fresh window
 *   to re-dispatch, and the refusing department carries the blame through refuseCount, not the dispatcher.
 * - handle: starts at the FIRST dispatch and keeps running through refusals, re-dispatch and failed verification
 *   (a refusal must not reset the citizen's clock); stops at handled. A reopen starts a fresh handle clock.
 * A stage that finishes after its deadline marks slaLate[stage] (sticky).
 */
import { categoryById, departmentById, slaFor } from './taxonomy.ts';
import type {
  Actor,
  Report,
  SlaClock,
  SlaStage,
  Stage,
  TransitionResult,
  WorkOrder,
  WorkOrderAction,
  WorkOrderEvent,
} from './types.ts';

const MIN_MS = 60_000;
const H_MS = 3_600_000;

/** Highest escalation level (1 = supervising level, 2 = city level). */
export const MAX_ESCALATION = 2;

/** Stages where an order is finished (no action but reopen — closed only — is legal). */
export function isTerminal(stage: Stage): boolean {
  return stage === 'closed' || stage === 'rejected';
}

/** The SLA clock that runs in a stage, or null (no clock: handled, verified, closed, rejected). */
export function slaStageOf(stage: Stage): SlaStage | null {
  switch (stage) {
    case 'reported':
      return 'accept';
    case 'accepted':
      return 'dispatch';
    case 'dispatched':
    case 'inProgress':
      return 'handle';
    case 'handled':
    case 'verified':
    case 'closed':
    case 'rejected':
      return null;
    default:
      return assertNever(stage);
  }
}

/** Checks a report for creating an order; returns a reason or null. */
export function validateReport(report: Report): string | null {
  const where = `report ${JSON.stringify(report.id)}`;
  if (typeof report.id !== 'string' || report.id === '') return `report: id must be a non-empty string`;
  if (categoryById(report.category) === undefined)
    return `${where}: category ${JSON.stringify(report.category)} is not in the taxonomy`;
  if (![1, 2, 3, 4].includes(report.priority))
    return `${where}: priority ${String(report.priority)} is not 1, 2, 3 or 4`;
  if (!Number.isFinite(report.x) || !Number.isFinite(report.y))
    return `${where}: x/y must be finite metres (got ${String(report.x)}, ${String(report.y)})`;
  if (!Number.isInteger(report.gridCell) || report.gridCell < -1)
    return `${where}: gridCell must be an integer ≥ −1 (got ${String(report.gridCell)})`;
  if (!Number.isFinite(report.simTimeMs)) return `${where}: simTimeMs must be finite`;
  if (typeof report.reporter !== 'string') return `${where}: reporter must be a string`;
  return null;
}

/** Opens a work order from a report: stage 'reported', the accept clock started at the report's time. */
export function createOrder(report: Report, orderId: string, seq: number, actor: Actor): TransitionResult {
  const bad = validateReport(report);
  if (bad !== null) return { ok: false, reason: `create ${orderId}: ${bad}` };
  if (orderId === '') return { ok: false, reason: `create: order id must be a non-empty string` };
  if (!Number.isInteger(seq) || seq < 1)
    return { ok: false, reason: `create ${orderId}: seq must be an integer ≥ 1 (got ${String(seq)})` };
  const t = report.simTimeMs;
  const allowance = slaFor(report.category, report.priority);
  const order: WorkOrder = {
    id: orderId,
    category: report.category,
    priority: report.priority,
    stage: 'reported',
    x: report.x,
    y: report.y,
    gridCell: report.gridCell,
    department: null,
    unit: null,
    reportIds: [report.id],
    reporters: [report.reporter],
    sources: [report.source],
    createdMs: t,
    stageSinceMs: t,
    sla: { acceptByMs: t + allowance.acceptMin * MIN_MS, dispatchByMs: NaN, handleByMs: NaN },
    escalation: 0,
    acceptedMs: NaN,
    dispatchedMs: NaN,
    startedMs: NaN,
    handledMs: NaN,
    closedMs: NaN,
    reopenCount: 0,
    refuseCount: 0,
    slaLate: { accept: false, dispatch: false, handle: false },
    version: seq,
  };
  const event: WorkOrderEvent = {
    seq,
    orderId,
    simTimeMs: t,
    actor,
    action: { kind: 'create', report },
    from: null,
    to: 'reported',
  };
  return { ok: true, order, event };
}

type Changes = { -readonly [K in keyof WorkOrder]?: WorkOrder[K] };

/**
 * Applies an action at a sim time with the log's next sequence number. Refuses (ok: false, with a reason naming the
 * order, its stage and the action) every move types.ts does not list, a sequence not after the order's version, a
 * time before the order's current stage began, and malformed arguments.
 */
export function applyAction(
  order: WorkOrder,
  action: WorkOrderAction,
  actor: Actor,
  simTimeMs: number,
  seq: number,
): TransitionResult {
  const from = order.stage;
  // No closures here: this runs for every event (bench/workload.ts), and per-call closures cost allocations.
  const refuse = refusal;
  if (!Number.isInteger(seq) || seq <= order.version)
    return refuse(order, action, `seq ${String(seq)} is not after the order's version ${order.version}`);
  if (!Number.isFinite(simTimeMs)) return refuse(order, action, `time ${String(simTimeMs)} is not finite`);
  if (simTimeMs < order.stageSinceMs)
    return refuse(
      order,
      action,
      `time ${simTimeMs} is before the current stage began (${order.stageSinceMs})`,
    );
  const t = simTimeMs;
  const allowance = slaFor(order.category, order.priority);
  let to: Stage = from;
  let c: Changes = {};
  switch (action.kind) {
    case 'accept':
      if (from !== 'reported') return refuse(order, action, `only legal in stage reported`);
      to = 'accepted';
      c = {
        acceptedMs: t,
        sla: { ...order.sla, dispatchByMs: t + allowance.dispatchMin * MIN_MS },
        ...lateChange(order, 'accept', t, order.sla.acceptByMs),
      };
      break;
    case 'reject':
      if (from !== 'reported') return refuse(order, action, `only legal in stage reported`);
      if (action.reason !== 'invalid' && action.reason !== 'duplicate')
        return refuse(order, action, `reason must be 'invalid' or 'duplicate'`);
      if (action.reason === 'duplicate') {
        if (action.duplicateOf === undefined || action.duplicateOf === '')
          return refuse(order, action, `a duplicate names the order it duplicates (duplicateOf)`);
        if (action.duplicateOf === order.id) return refuse(order, action, `an order cannot duplicate itself`);
      }
      to = 'rejected';
      c = lateChange(order, 'accept', t, order.sla.acceptByMs);
      break;
    case 'dispatch': {
      if (from !== 'accepted') return refuse(order, action, `only legal in stage accepted`);
      if (departmentById(action.department) === undefined)
        return refuse(order, action, `department ${JSON.stringify(action.department)} is unknown`);
      to = 'dispatched';
      const firstDispatch = Number.isNaN(order.dispatchedMs);
      c = {
        department: action.department,
        dispatchedMs: firstDispatch ? t : order.dispatchedMs,
        sla: firstDispatch ? { ...order.sla, handleByMs: t + allowance.handleH * H_MS } : order.sla,
        ...lateChange(order, 'dispatch', t, order.sla.dispatchByMs),
      };
      break;
    }
    case 'refuse':
      if (from !== 'dispatched') return refuse(order, action, `only legal in stage dispatched`);
      if (typeof action.reason !== 'string' || action.reason.trim() === '')
        return refuse(order, action, `a refusal needs a reason`);
      to = 'accepted';
      c = {
        department: null,
        unit: null,
        refuseCount: order.refuseCount + 1,
        sla: { ...order.sla, dispatchByMs: t + allowance.dispatchMin * MIN_MS },
      };
      break;
    case 'start':
      if (from !== 'dispatched') return refuse(order, action, `only legal in stage dispatched`);
      to = 'inProgress';
      c = {
        unit: action.unit ?? order.unit,
        startedMs: Number.isNaN(order.startedMs) ? t : order.startedMs,
      };
      break;
    case 'handle':
      if (from !== 'inProgress') return refuse(order, action, `only legal in stage inProgress`);
      to = 'handled';
      c = { handledMs: t, ...lateChange(order, 'handle', t, order.sla.handleByMs) };
      break;
    case 'verify':
      if (from !== 'handled') return refuse(order, action, `only legal in stage handled`);
      if (typeof action.ok !== 'boolean') return refuse(order, action, `ok must be true or false`);
      to = action.ok ? 'verified' : 'inProgress';
      c = action.ok ? {} : { handledMs: NaN };
      break;
    case 'close':
      if (from !== 'verified') return refuse(order, action, `only legal in stage verified`);
      to = 'closed';
      c = { closedMs: t };
      break;
    case 'reopen':
      if (from !== 'closed') return refuse(order, action, `only legal in stage closed`);
      if (typeof action.reason !== 'string' || action.reason.trim() === '')
        return refuse(order, action, `a reopen needs a reason`);
      if (order.department === null) return refuse(order, action, `the order has no last department`);
      to = 'dispatched';
      c = {
        reopenCount: order.reopenCount + 1,
        unit: null,
        handledMs: NaN,
        closedMs: NaN,
        sla: { ...order.sla, handleByMs: t + allowance.handleH * H_MS },
      };
      break;
    case 'comment':
      if (isTerminal(from)) return refuse(order, action, `the order is ${from}`);
      if (typeof action.text !== 'string' || action.text.trim() === '')
        return refuse(order, action, `the comment is empty`);
      break;
    case 'merge': {
      if (isTerminal(from)) return refuse(order, action, `the order is ${from}`);
      const ids = action.reportIds;
      if (ids.length === 0) return refuse(order, action, `no report ids`);
      const seen = new Set(order.reportIds);
      for (const id of ids) {
        if (seen.has(id)) return refuse(order, action, `report ${JSON.stringify(id)} is already part of it`);
        seen.add(id);
      }
      const reporters = [...order.reporters];
      const sources = [...order.sources];
      if (action.reports !== undefined) {
        if (action.reports.length !== ids.length || action.reports.some((r, i) => r.id !== ids[i]))
          return refuse(order, action, `reports must carry the same ids as reportIds, in order`);
        for (const r of action.reports) {
          if (r.category !== order.category)
            return refuse(
              order,
              action,
              `report ${JSON.stringify(r.id)} has category ${r.category}, the order ${order.category}`,
            );
          if (!reporters.includes(r.reporter)) reporters.push(r.reporter);
          if (!sources.includes(r.source)) sources.push(r.source);
        }
      }
      c = { reportIds: [...order.reportIds, ...ids], reporters, sources };
      break;
    }
    case 'escalate': {
      if (actor.kind !== 'system')
        return refuse(order, action, `only the system escalates (actor ${actor.kind})`);
      const running = slaStageOf(from);
      if (running !== action.stage)
        return refuse(
          order,
          action,
          `the ${action.stage} clock is not running (running: ${running ?? 'none'})`,
        );
      if (!Number.isInteger(action.level) || action.level < 1 || action.level > MAX_ESCALATION)
        return refuse(order, action, `level must be 1…${MAX_ESCALATION}`);
      if (action.level <= order.escalation)
        return refuse(order, action, `already at level ${order.escalation}`);
      const due = escalationDueMs(order, action.stage, action.level);
      if (!(t >= due))
        return refuse(order, action, `level ${action.level} is due at ${due}, not yet at ${t}`);
      c = { escalation: action.level };
      break;
    }
    default:
      return assertNever(action);
  }
  const next: WorkOrder = {
    ...order,
    ...c,
    stage: to,
    stageSinceMs: to === from ? order.stageSinceMs : t,
    version: seq,
  };
  const event: WorkOrderEvent = { seq, orderId: order.id, simTimeMs: t, actor, action, from, to };
  return { ok: true, order: next, event };
}

function refusal(order: WorkOrder, action: WorkOrderAction, why: string): TransitionResult {
  return { ok: false, reason: `order ${order.id} (stage ${order.stage}): cannot ${action.kind}: ${why}` };
}

/** The slaLate change when `stage` finishes at t against dueMs (a NaN deadline — clock never started — is not late). */
function lateChange(order: WorkOrder, stage: SlaStage, t: number, dueMs: number): Changes {
  if (!(t > dueMs) || order.slaLate[stage]) return NO_CHANGES;
  return { slaLate: { ...order.slaLate, [stage]: true } };
}

const NO_CHANGES: Changes = {};

/**
 * When escalation to a level falls due for the clock of a stage: level 1 (supervising level) at the deadline, level 2
 * (city level) once a further full allowance has passed (the breach doubled). NaN when the clock has not started.
 */
export function escalationDueMs(order: WorkOrder, stage: SlaStage, level: number): number {
  const { dueMs, allowanceMs } = clockOf(order, stage);
  return dueMs + (level - 1) * allowanceMs;
}

/** Deadline and allowance of one SLA clock of an order. */
export function clockOf(order: WorkOrder, stage: SlaStage): { dueMs: number; allowanceMs: number } {
  const a = slaFor(order.category, order.priority);
  const s: SlaClock = order.sla;
  switch (stage) {
    case 'accept':
      return { dueMs: s.acceptByMs, allowanceMs: a.acceptMin * MIN_MS };
    case 'dispatch':
      return { dueMs: s.dispatchByMs, allowanceMs: a.dispatchMin * MIN_MS };
    case 'handle':
      return { dueMs: s.handleByMs, allowanceMs: a.handleH * H_MS };
    default:
      return assertNever(stage);
  }
}

/**
 * Replays an event log (ascending seq) into the orders it describes. Throws an Error naming the event's seq and
 * order and the reason when the log holds an event the state machine refuses or one that does not reproduce itself
 * (a corrupted log: the caller reports it, nothing is half-applied to its own state).
 */
export function foldEvents(events: Iterable<WorkOrderEvent>): Map<string, WorkOrder> {
  const orders = new Map<string, WorkOrder>();
  for (const e of events) {
    const prev = orders.get(e.orderId);
    let r: TransitionResult;
    if (e.action.kind === 'create') {
      if (prev !== undefined)
        throw new Error(`event seq ${e.seq}: order ${e.orderId} is created a second time`);
      r = createOrder(e.action.report, e.orderId, e.seq, e.actor);
    } else {
      if (prev === undefined) throw new Error(`event seq ${e.seq}: order ${e.orderId} does not exist`);
      r = applyAction(prev, e.action, e.actor, e.simTimeMs, e.seq);
    }
    if (!r.ok) throw new Error(`event seq ${e.seq}: ${r.reason}`);
    if (r.event.to !== e.to || r.event.from !== e.from)
      throw new Error(
        `event seq ${e.seq}: order ${e.orderId} goes ${String(r.event.from)} → ${r.event.to}, the log says ${String(e.from)} → ${e.to}`,
      );
    orders.set(e.orderId, r.order);
  }
  return orders;
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
