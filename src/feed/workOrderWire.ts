/**
 * Validation of what the feed server sends on the work-order API (docs/protocol.md §8, mock-server/workload/wire.ts):
 * `woEvent` messages and the acknowledgements of woSubscribe / woAction / woReport / woTimeline. Everything is parsed
 * from `unknown` here (DESIGN.md rule 5) and JSON's null becomes NaN in the optional time fields (orderFromJson).
 * Parsers never throw: `{ok: false, reason}` names the message, the field and why.
 */
import { orderFromJson, type WoAttachment, type WoSnapshot } from '../core/protocol/workloadMessages.ts';
import { STAGES } from '../core/workload/types.ts';
import type { Report, Stage, WorkOrder, WorkOrderEvent } from '../core/workload/types.ts';

/** A parse result. */
export type WoParsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A validated woEvent message (the event and the order after it). */
export interface WoChange {
  readonly event: WorkOrderEvent;
  readonly order: WorkOrder;
}

/** A validated woSubscribe answer. */
export type WoSubscribeResult =
  | { readonly mode: 'replay'; readonly lastSeq: number }
  | { readonly mode: 'snapshot'; readonly reason: string; readonly snapshot: WoSnapshot };

/** A validated woTimeline answer. */
export interface WoTimeline {
  readonly order: WorkOrder;
  readonly events: readonly WorkOrderEvent[];
  readonly reports: readonly Report[];
  readonly attachments: readonly WoAttachment[];
}

/** A validated woAction / woReport answer. */
export interface WoCommitted {
  readonly order: WorkOrder;
  readonly events: readonly WorkOrderEvent[];
}

class Bad extends Error {}
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const STAGE_SET: ReadonlySet<string> = new Set(STAGES);

function obj(v: unknown, w: string): Record<string, unknown> {
  if (!isObj(v)) throw new Bad(`${w}: expected an object`);
  return v;
}
function str(v: unknown, w: string): string {
  if (typeof v !== 'string') throw new Bad(`${w}: expected a string`);
  return v;
}
function num(v: unknown, w: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${w}: expected a finite number`);
  return v;
}
/** A time that may be absent: JSON null (NaN on the server) or a finite number. */
function optTime(v: unknown, w: string): void {
  if (v !== null && !(typeof v === 'number' && (Number.isFinite(v) || Number.isNaN(v))))
    throw new Bad(`${w}: expected a number or null`);
}
function seqOf(v: unknown, w: string): number {
  if (!Number.isInteger(v) || (v as number) < 0) throw new Bad(`${w}: expected an integer ≥ 0`);
  return v as number;
}
function stage(v: unknown, w: string): Stage {
  if (typeof v !== 'string' || !STAGE_SET.has(v)) throw new Bad(`${w}: unknown stage ${JSON.stringify(v)}`);
  return v as Stage;
}
function strArray(v: unknown, w: string): void {
  if (!Array.isArray(v)) throw new Bad(`${w}: expected an array`);
  v.forEach((x, i) => str(x, `${w}[${i}]`));
}

/** Checks an order's shape (the fields the client reads) and turns JSON nulls into NaN. */
function order(v: unknown, w: string): WorkOrder {
  const o = obj(v, w);
  str(o['id'], `${w}.id`);
  str(o['category'], `${w}.category`);
  const p = o['priority'];
  if (p !== 1 && p !== 2 && p !== 3 && p !== 4) throw new Bad(`${w}.priority: expected 1…4`);
  stage(o['stage'], `${w}.stage`);
  num(o['x'], `${w}.x`);
  num(o['y'], `${w}.y`);
  if (!Number.isInteger(o['gridCell'])) throw new Bad(`${w}.gridCell: expected an integer`);
  if (o['department'] !== null) str(o['department'], `${w}.department`);
  if (o['unit'] !== null) str(o['unit'], `${w}.unit`);
  strArray(o['reportIds'], `${w}.reportIds`);
  strArray(o['reporters'], `${w}.reporters`);
  strArray(o['sources'], `${w}.sources`);
  num(o['createdMs'], `${w}.createdMs`);
  num(o['stageSinceMs'], `${w}.stageSinceMs`);
  const sla = obj(o['sla'], `${w}.sla`);
  for (const k of ['acceptByMs', 'dispatchByMs', 'handleByMs']) optTime(sla[k], `${w}.sla.${k}`);
  for (const k of ['acceptedMs', 'dispatchedMs', 'startedMs', 'handledMs', 'closedMs'])
    optTime(o[k], `${w}.${k}`);
  for (const k of ['escalation', 'reopenCount', 'refuseCount', 'version'])
    if (!Number.isInteger(o[k])) throw new Bad(`${w}.${k}: expected an integer`);
  const late = obj(o['slaLate'], `${w}.slaLate`);
  for (const k of ['accept', 'dispatch', 'handle'])
    if (typeof late[k] !== 'boolean') throw new Bad(`${w}.slaLate.${k}: expected a boolean`);
  // Shape checked above: the one cast of wire data into the domain type.
  return orderFromJson(o as unknown as WorkOrder);
}

function event(v: unknown, w: string): WorkOrderEvent {
  const e = obj(v, w);
  seqOf(e['seq'], `${w}.seq`);
  str(e['orderId'], `${w}.orderId`);
  num(e['simTimeMs'], `${w}.simTimeMs`);
  const a = obj(e['actor'], `${w}.actor`);
  str(a['kind'], `${w}.actor.kind`);
  str(a['id'], `${w}.actor.id`);
  const act = obj(e['action'], `${w}.action`);
  str(act['kind'], `${w}.action.kind`);
  if (e['from'] !== null) stage(e['from'], `${w}.from`);
  stage(e['to'], `${w}.to`);
  return e as unknown as WorkOrderEvent;
}

function run<T>(fn: () => T): WoParsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, reason: err.message };
    throw err;
  }
}

/** Parses a `woEvent` message; its event and order must agree (same order id, seq = the order's version). */
export function parseWoEvent(m: unknown): WoParsed<WoChange & { readonly seq: number }> {
  return run(() => {
    const o = obj(m, 'woEvent');
    const seq = seqOf(o['seq'], 'woEvent.seq');
    const ev = event(o['event'], 'woEvent.event');
    const ord = order(o['order'], 'woEvent.order');
    if (ev.seq !== seq) throw new Bad(`woEvent ${seq}: event.seq ${ev.seq} differs`);
    if (ev.orderId !== ord.id)
      throw new Bad(`woEvent ${seq}: event of ${ev.orderId} carries order ${ord.id}`);
    if (ev.to !== ord.stage) throw new Bad(`woEvent ${seq}: event ends in ${ev.to}, order is ${ord.stage}`);
    return { seq, event: ev, order: ord };
  });
}

/** Parses the acknowledgement of woSubscribe (a refusal becomes `{ok: false, reason}` with the server's reason). */
export function parseWoSubscribeAnswer(m: unknown): WoParsed<WoSubscribeResult> {
  return run((): WoSubscribeResult => {
    const a = obj(m, 'woSubscribe answer');
    if (a['ok'] === false) throw new Bad(`woSubscribe refused: ${String(a['reason'])}`);
    if (a['ok'] !== true) throw new Bad('woSubscribe answer.ok: expected a boolean');
    if (a['mode'] === 'replay')
      return { mode: 'replay', lastSeq: seqOf(a['lastSeq'], 'woSubscribe.lastSeq') };
    if (a['mode'] !== 'snapshot') throw new Bad("woSubscribe answer.mode: expected 'replay' or 'snapshot'");
    const s = obj(a['snapshot'], 'woSubscribe.snapshot');
    const arr = (v: unknown, w: string): WorkOrder[] => {
      if (!Array.isArray(v)) throw new Bad(`${w}: expected an array`);
      return v.map((x, i) => order(x, `${w}[${i}]`));
    };
    return {
      mode: 'snapshot',
      reason: str(a['reason'], 'woSubscribe.reason'),
      snapshot: {
        lastSeq: seqOf(s['lastSeq'], 'woSubscribe.snapshot.lastSeq'),
        simTimeMs: num(s['simTimeMs'], 'woSubscribe.snapshot.simTimeMs'),
        open: arr(s['open'], 'woSubscribe.snapshot.open'),
        recentClosed: arr(s['recentClosed'], 'woSubscribe.snapshot.recentClosed'),
      },
    };
  });
}

/** Parses the acknowledgement of woAction / woReport; a refusal carries the server's reason verbatim. */
export function parseWoActionAnswer(m: unknown, what: string): WoParsed<WoCommitted> {
  return run(() => {
    const a = obj(m, `${what} answer`);
    if (a['ok'] === false) throw new Bad(str(a['reason'], `${what} answer.reason`));
    if (a['ok'] !== true) throw new Bad(`${what} answer.ok: expected a boolean`);
    const ord = order(a['order'], `${what}.order`);
    const evs = a['events'];
    if (!Array.isArray(evs) || evs.length === 0) throw new Bad(`${what}.events: expected a non-empty array`);
    return { order: ord, events: evs.map((e, i) => event(e, `${what}.events[${i}]`)) };
  });
}

/** Parses the acknowledgement of woTimeline. */
export function parseWoTimelineAnswer(m: unknown): WoParsed<WoTimeline> {
  return run(() => {
    const a = obj(m, 'woTimeline answer');
    if (a['ok'] === false) throw new Bad(str(a['reason'], 'woTimeline answer.reason'));
    if (a['ok'] !== true) throw new Bad('woTimeline answer.ok: expected a boolean');
    const ord = order(a['order'], 'woTimeline.order');
    const evs = a['events'];
    if (!Array.isArray(evs)) throw new Bad('woTimeline.events: expected an array');
    const reps = a['reports'];
    if (!Array.isArray(reps)) throw new Bad('woTimeline.reports: expected an array');
    const att = a['attachments'];
    if (!Array.isArray(att)) throw new Bad('woTimeline.attachments: expected an array');
    const reports = reps.map((r, i) => {
      const o = obj(r, `woTimeline.reports[${i}]`);
      str(o['id'], `woTimeline.reports[${i}].id`);
      str(o['source'], `woTimeline.reports[${i}].source`);
      str(o['reporter'], `woTimeline.reports[${i}].reporter`);
      num(o['simTimeMs'], `woTimeline.reports[${i}].simTimeMs`);
      const d = obj(o['description'], `woTimeline.reports[${i}].description`);
      str(d['zh'], `woTimeline.reports[${i}].description.zh`);
      str(d['en'], `woTimeline.reports[${i}].description.en`);
      strArray(o['attachments'], `woTimeline.reports[${i}].attachments`);
      return o as unknown as Report;
    });
    const attachments = att.map((x, i) => {
      const o = obj(x, `woTimeline.attachments[${i}]`);
      str(o['fileName'], `woTimeline.attachments[${i}].fileName`);
      str(o['url'], `woTimeline.attachments[${i}].url`);
      str(o['mediaType'], `woTimeline.attachments[${i}].mediaType`);
      num(o['bytes'], `woTimeline.attachments[${i}].bytes`);
      return o as unknown as WoAttachment;
    });
    return {
      order: ord,
      events: evs.map((e, i) => event(e, `woTimeline.events[${i}]`)),
      reports,
      attachments,
    };
  });
}
