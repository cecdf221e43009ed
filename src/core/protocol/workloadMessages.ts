/**
 * The work-order API on the feed's socket.io connection (docs/protocol.md §8): event names, message shapes and the
 * validators of what clients send. Pure (no node, no socket.io) so the browser can import it too. Validators never
 * throw: they return `{ok: false, reason}` naming the message, the field and why.
 */
import { categoryById, departmentById } from '../workload/taxonomy.ts';
import type {
  Actor,
  Priority,
  Report,
  ReportSource,
  WorkOrder,
  WorkOrderAction,
  WorkOrderEvent,
} from '../workload/types.ts';

/** Socket.io event names of the work-order API. */
export const WorkloadEvent = {
  /** client → server with ack: WoSubscribe → WoSubscribeAnswer; replayed `woEvent`s follow a 'replay' answer. */
  subscribe: 'woSubscribe',
  /** server → client (subscribers): WoEventMessage, sequenced (seq = the event log's global sequence). */
  event: 'woEvent',
  /** client → server with ack: WoActionRequest → WoActionAnswer. */
  action: 'woAction',
  /** client → server with ack: WoReportRequest → WoActionAnswer (an operator files a report, e.g. a hotline call). */
  report: 'woReport',
  /** client → server with ack: WoTimelineRequest → WoTimelineAnswer. */
  timeline: 'woTimeline',
} as const;

/** True for the names of WorkloadEvent. */
export function isWorkloadEvent(name: unknown): boolean {
  return (
    name === WorkloadEvent.subscribe ||
    name === WorkloadEvent.action ||
    name === WorkloadEvent.report ||
    name === WorkloadEvent.timeline
  );
}

/** One broadcast change: the event and the order's state after it. */
export interface WoEventMessage {
  readonly seq: number;
  readonly event: WorkOrderEvent;
  readonly order: WorkOrder;
}

/** Open orders and the most recent closed/rejected ones, as of event `lastSeq`. */
export interface WoSnapshot {
  readonly lastSeq: number;
  readonly simTimeMs: number;
  readonly open: readonly WorkOrder[];
  readonly recentClosed: readonly WorkOrder[];
}

/** Subscribe: `afterSeq` = the last seq applied (null for a fresh client). */
export interface WoSubscribe {
  readonly afterSeq: number | null;
}

/** Replay: the events after `afterSeq` follow as `woEvent`s; snapshot: start over from it. */
export type WoSubscribeAnswer =
  | { readonly ok: true; readonly mode: 'replay'; readonly lastSeq: number }
  | {
      readonly ok: true;
      readonly mode: 'snapshot';
      readonly reason: 'initial' | 'behind-window' | 'ahead-of-server';
      readonly snapshot: WoSnapshot;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * What an operator may ask. The core's actions (types.ts) except `escalate` (system only), and `merge` names the
 * order to fold in (`from`: it must still be 'reported'; its reports join this order and it is rejected as a
 * duplicate, both in one transaction).
 */
export type WoClientAction =
  | Exclude<WorkOrderAction, { kind: 'escalate' } | { kind: 'merge' }>
  | { readonly kind: 'merge'; readonly from: string };

/** An operator action on an order. `expectedVersion`: refuse when the order changed since (optimistic check). */
export interface WoActionRequest {
  readonly orderId: string;
  readonly action: WoClientAction;
  readonly actor: Actor;
  readonly expectedVersion?: number;
}

/** A report filed by an operator (hotline) or an inspector; the server assigns id, time, grid cell. */
export interface WoReportRequest {
  readonly category: string;
  readonly priority?: Priority;
  readonly x: number;
  readonly y: number;
  readonly source: ReportSource;
  readonly description: { readonly zh: string; readonly en: string };
  readonly actor: Actor;
  /** Photos to attach (placeholder files are written for them), at most 4. */
  readonly photos?: number;
}

/** The answer to an action or report: the committed event(s) and the order's new state, or why nothing was written. */
export type WoActionAnswer =
  | {
      readonly ok: true;
      readonly order: WorkOrder;
      readonly event: WorkOrderEvent;
      /** All events the request committed (a merge writes two), ascending seq. */
      readonly events: readonly WorkOrderEvent[];
    }
  | { readonly ok: false; readonly reason: string };

/** Ask for one order's full history. */
export interface WoTimelineRequest {
  readonly orderId: string;
}

/** An attachment of a report: a file served under `url`. */
export interface WoAttachment {
  readonly fileName: string;
  readonly reportId: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly url: string;
}

/** One order's history: every event (oldest first), its reports and attachments. */
export type WoTimelineAnswer =
  | {
      readonly ok: true;
      readonly order: WorkOrder;
      readonly events: readonly WorkOrderEvent[];
      readonly reports: readonly Report[];
      readonly attachments: readonly WoAttachment[];
    }
  | { readonly ok: false; readonly reason: string };

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_TEXT = 2000;
const MAX_ID = 64;
const ACTOR_KINDS = ['operator', 'department', 'unit', 'reporter', 'inspector'] as const;
const SOURCES: readonly string[] = ['hotline', 'app', 'inspector', 'iot', 'video', 'domain'];

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function id(v: unknown, where: string): Parsed<string> {
  if (typeof v !== 'string' || v === '' || v.length > MAX_ID)
    return { ok: false, reason: `${where}: expected a non-empty string of ≤ ${MAX_ID} characters` };
  return { ok: true, value: v };
}

function text(v: unknown, where: string): Parsed<string> {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT)
    return { ok: false, reason: `${where}: expected a non-empty text of ≤ ${MAX_TEXT} characters` };
  return { ok: true, value: v };
}

/** Parses the actor of a client message: any kind but 'system' (the server's own). */
export function parseActor(v: unknown, where: string): Parsed<Actor> {
  if (!isObj(v)) return { ok: false, reason: `${where}.actor: expected {kind, id}` };
  if (!(ACTOR_KINDS as readonly unknown[]).includes(v['kind']))
    return {
      ok: false,
      reason: `${where}.actor.kind: expected one of ${ACTOR_KINDS.join(', ')} (got ${JSON.stringify(v['kind'])})`,
    };
  const i = id(v['id'], `${where}.actor.id`);
  if (!i.ok) return i;
  return { ok: true, value: { kind: v['kind'] as Actor['kind'], id: i.value } };
}

/** Parses the action of a woAction request. */
export function parseClientAction(v: unknown, where: string): Parsed<WoClientAction> {
  if (!isObj(v)) return { ok: false, reason: `${where}: expected an object with a kind` };
  const k = v['kind'];
  const w = `${where}.`;
  switch (k) {
    case 'accept':
    case 'close':
      return { ok: true, value: { kind: k } };
    case 'reject': {
      const reason = v['reason'];
      if (reason !== 'invalid' && reason !== 'duplicate')
        return { ok: false, reason: `${w}reason: expected 'invalid' or 'duplicate'` };
      if (reason === 'invalid') return { ok: true, value: { kind: k, reason } };
      const d = id(v['duplicateOf'], `${w}duplicateOf`);
      return d.ok ? { ok: true, value: { kind: k, reason, duplicateOf: d.value } } : d;
    }
    case 'dispatch': {
      const d = id(v['department'], `${w}department`);
      if (!d.ok) return d;
      if (departmentById(d.value) === undefined)
        return { ok: false, reason: `${w}department: unknown department ${JSON.stringify(d.value)}` };
      return { ok: true, value: { kind: k, department: d.value } };
    }
    case 'refuse':
    case 'reopen': {
      const r = text(v['reason'], `${w}reason`);
      return r.ok ? { ok: true, value: { kind: k, reason: r.value } } : r;
    }
    case 'start': {
      if (v['unit'] === undefined) return { ok: true, value: { kind: k } };
      const u = id(v['unit'], `${w}unit`);
      return u.ok ? { ok: true, value: { kind: k, unit: u.value } } : u;
    }
    case 'handle': {
      const n = text(v['note'], `${w}note`);
      return n.ok ? { ok: true, value: { kind: k, note: n.value } } : n;
    }
    case 'verify': {
      if (typeof v['ok'] !== 'boolean') return { ok: false, reason: `${w}ok: expected true or false` };
      if (v['note'] === undefined) return { ok: true, value: { kind: k, ok: v['ok'] } };
      const n = text(v['note'], `${w}note`);
      return n.ok ? { ok: true, value: { kind: k, ok: v['ok'], note: n.value } } : n;
    }
    case 'comment': {
      const t = text(v['text'], `${w}text`);
      return t.ok ? { ok: true, value: { kind: k, text: t.value } } : t;
    }
    case 'merge': {
      const f = id(v['from'], `${w}from`);
      return f.ok ? { ok: true, value: { kind: k, from: f.value } } : f;
    }
    case 'escalate':
      return { ok: false, reason: `${w}kind: 'escalate' is the server's own action (SLA breaches)` };
    default:
      return {
        ok: false,
        reason: `${w}kind: unknown action ${JSON.stringify(k)} (accept, reject, dispatch, refuse, start, handle, verify, close, reopen, comment, merge)`,
      };
  }
}

/** Parses a woAction request. */
export function parseActionRequest(v: unknown): Parsed<WoActionRequest> {
  const where = 'woAction';
  if (!isObj(v)) return { ok: false, reason: `${where}: expected {orderId, action, actor}` };
  const o = id(v['orderId'], `${where}.orderId`);
  if (!o.ok) return o;
  const a = parseClientAction(v['action'], `${where}.action`);
  if (!a.ok) return a;
  const actor = parseActor(v['actor'], where);
  if (!actor.ok) return actor;
  const ev = v['expectedVersion'];
  if (ev !== undefined && !(Number.isInteger(ev) && (ev as number) >= 1))
    return { ok: false, reason: `${where}.expectedVersion: expected an integer ≥ 1` };
  return {
    ok: true,
    value: {
      orderId: o.value,
      action: a.value,
      actor: actor.value,
      ...(ev !== undefined ? { expectedVersion: ev as number } : {}),
    },
  };
}

/** Parses a woReport request (`extent`: the scene's bounds in local metres, [minX, minY, maxX, maxY]). */
export function parseReportRequest(
  v: unknown,
  extent: readonly [number, number, number, number],
): Parsed<WoReportRequest> {
  const where = 'woReport';
  if (!isObj(v))
    return { ok: false, reason: `${where}: expected {category, x, y, source, description, actor}` };
  const c = v['category'];
  if (typeof c !== 'string' || categoryById(c) === undefined)
    return { ok: false, reason: `${where}.category: ${JSON.stringify(c)} is not in the taxonomy` };
  const p = v['priority'];
  if (p !== undefined && p !== 1 && p !== 2 && p !== 3 && p !== 4)
    return { ok: false, reason: `${where}.priority: expected 1, 2, 3 or 4` };
  const x = v['x'];
  const y = v['y'];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
    return { ok: false, reason: `${where}.x/y: expected finite local metres` };
  const [x0, y0, x1, y1] = extent;
  if (x < x0 || x > x1 || y < y0 || y > y1)
    return {
      ok: false,
      reason: `${where}.x/y: (${x}, ${y}) lies outside the scene [${x0}, ${y0}, ${x1}, ${y1}]`,
    };
  const s = v['source'];
  if (typeof s !== 'string' || !SOURCES.includes(s))
    return { ok: false, reason: `${where}.source: expected one of ${SOURCES.join(', ')}` };
  const d = v['description'];
  if (!isObj(d)) return { ok: false, reason: `${where}.description: expected {zh, en}` };
  const zh = text(d['zh'], `${where}.description.zh`);
  if (!zh.ok) return zh;
  const en = text(d['en'], `${where}.description.en`);
  if (!en.ok) return en;
  const actor = parseActor(v['actor'], where);
  if (!actor.ok) return actor;
  const ph = v['photos'];
  if (ph !== undefined && !(Number.isInteger(ph) && (ph as number) >= 0 && (ph as number) <= 4))
    return { ok: false, reason: `${where}.photos: expected an integer 0…4` };
  return {
    ok: true,
    value: {
      category: c,
      ...(p !== undefined ? { priority: p } : {}),
      x,
      y,
      source: s as ReportSource,
      description: { zh: zh.value, en: en.value },
      actor: actor.value,
      ...(ph !== undefined ? { photos: ph as number } : {}),
    },
  };
}

/** Parses a woSubscribe request. */
export function parseSubscribe(v: unknown): Parsed<WoSubscribe> {
  if (!isObj(v)) return { ok: false, reason: 'woSubscribe: expected {afterSeq: number | null}' };
  const a = v['afterSeq'];
  if (a === null) return { ok: true, value: { afterSeq: null } };
  if (!(Number.isInteger(a) && (a as number) >= 0))
    return { ok: false, reason: 'woSubscribe.afterSeq: expected null or an integer ≥ 0' };
  return { ok: true, value: { afterSeq: a as number } };
}

/** Parses a woTimeline request. */
export function parseTimelineRequest(v: unknown): Parsed<WoTimelineRequest> {
  if (!isObj(v)) return { ok: false, reason: 'woTimeline: expected {orderId}' };
  const o = id(v['orderId'], 'woTimeline.orderId');
  return o.ok ? { ok: true, value: { orderId: o.value } } : o;
}

/** Back from JSON (socket.io, the database): null → NaN in the optional time fields of an order. */
export function orderFromJson(j: WorkOrder): WorkOrder {
  const o: Record<string, unknown> = { ...j };
  for (const k of ['acceptedMs', 'dispatchedMs', 'startedMs', 'handledMs', 'closedMs'] as const)
    if (o[k] === null) o[k] = Number.NaN;
  const sla: Record<string, unknown> = { ...j.sla };
  for (const k of ['acceptByMs', 'dispatchByMs', 'handleByMs'] as const)
    if (sla[k] === null) sla[k] = Number.NaN;
  o['sla'] = sla;
  return o as unknown as WorkOrder;
}

/** A report an operator files, completed by the server. */
export function reportOf(
  r: WoReportRequest,
  reportId: string,
  simTimeMs: number,
  gridCell: number,
  attachments: readonly string[],
): Report {
  return {
    id: reportId,
    source: r.source,
    category: r.category,
    priority: r.priority ?? categoryById(r.category)?.priority ?? 3,
    x: r.x,
    y: r.y,
    gridCell,
    simTimeMs,
    description: r.description,
    reporter: `${r.actor.kind}:${r.actor.id}`,
    attachments,
  };
}
