/**
 * JSON control and event messages of the feed (docs/protocol.md §3), with validators that parse untrusted input
 * (`unknown`, as socket.io hands it over) into typed messages or a precise reason. The only casts on wire data live
 * here and in readingBatch.ts.
 */
import { PROTOCOL_VERSION } from './readingBatch.ts';
import type { EnergyCounts } from './energyState.ts';

/** socket.io event names. */
export const FeedEvent = {
  /** client → server: Hello. */
  hello: 'hello',
  /** client → server: ResyncRequest (the client saw a gap and wants a snapshot). */
  resync: 'resync',
  /** server → client: Welcome. */
  welcome: 'welcome',
  /** server → client: a binary reading batch (readingBatch.ts). */
  batch: 'batch',
  /** server → client: EventMessage (events stream). */
  event: 'event',
  /** server → client: Snapshot. */
  snapshot: 'snapshot',
  /** server → client: Notice addressed to this client only (not sequenced). */
  notice: 'notice',
  /** server → client: Rejected (a client message failed validation). */
  rejected: 'rejected',
  /** server → client: binary link state of the live traffic model (linkState.ts; latest wins). */
  linkState: 'linkState',
  /** server → client: binary trip batch (tripBatch.ts; stream `trips`). */
  trips: 'trips',
  /** server → client: KpiMessage (trafficMessages.ts; latest wins). */
  kpis: 'kpis',
  /** client → server with an acknowledgement: LinkSeriesRequest → LinkSeriesAnswer (trafficMessages.ts). */
  linkSeries: 'linkSeries',
  /** server → client: binary energy state of the live energy model (energyState.ts; latest wins). */
  energyState: 'energyState',
  /** server → client: EnergyMessage (energyMessages.ts; stream `energy`, one per dispatch step). */
  energy: 'energy',
  /** client → server with an acknowledgement: EnergySeriesRequest → EnergySeriesAnswer (energyMessages.ts). */
  energySeries: 'energySeries',
} as const;

/** Names of the sequenced streams. */
export const STREAMS = ['readings', 'events'] as const;
export type StreamName = (typeof STREAMS)[number];

/**
 * Last applied sequence per stream (readings = batch sequence, events = event sequence). The traffic sequences are
 * optional (added in protocol 1 without a version bump: a client that does not know them omits them): trips = trip
 * batch sequence; linkState / kpis = sequence of the last applied latest-wins state message.
 */
export interface StreamSeqs {
  readonly readings: number;
  readonly events: number;
  readonly trips?: number;
  readonly linkState?: number;
  readonly kpis?: number;
  /** Energy (added like the traffic ones): energy = `energy` stream message sequence; energyState = latest state. */
  readonly energy?: number;
  readonly energyState?: number;
}

/** client → server: the first message on every (re)connection. */
export interface Hello {
  readonly protocol: number;
  readonly scene: string;
  /** Last applied sequences, or null for a fresh client (it gets a snapshot). */
  readonly resume: StreamSeqs | null;
}

/** client → server: request a snapshot (after a detected gap). */
export interface ResyncRequest {
  readonly reason: string;
}

/** Inclusive sequence bounds of a replay window; empty when first > last. */
export interface SeqWindow {
  readonly first: number;
  readonly last: number;
}

/** server → client: answer to Hello. */
export interface Welcome {
  readonly protocol: number;
  readonly scene: string;
  readonly sensorCount: number;
  /** Simulation time now, ms since the Unix epoch. */
  readonly simTimeMs: number;
  /** Simulation seconds per real second. */
  readonly speed: number;
  readonly replay: { readonly readings: SeqWindow; readonly events: SeqWindow; readonly trips?: SeqWindow };
  /** Road links of the scene (link-state and trip messages index them); absent = 0 (no traffic model). */
  readonly linkCount?: number;
  /** Element counts of the server's grid model (energy messages index them); absent = no energy model. */
  readonly energy?: EnergyCounts;
  /** What follows: the batches/events after the client's sequences ('replay') or a Snapshot ('snapshot'). */
  readonly mode: 'replay' | 'snapshot';
}

/** An incident as it travels; the store keeps the same record (src/state/feedSlice.ts Incident). */
export interface IncidentRecord {
  /** Prefixed id, e.g. "inc:000042". */
  readonly id: string;
  /** crash | breakdown | roadworks | event (event traffic); other domains add more. */
  readonly kind: string;
  /** Local metres. */
  readonly x: number;
  readonly y: number;
  /** Simulation time the incident was raised, ms since the Unix epoch. */
  readonly simTimeMs: number;
  /** 1 (minor) … 4 (critical). */
  readonly severity: number;
  readonly description: { readonly zh: string; readonly en: string };
  readonly linkIndex?: number;
  readonly cleared: boolean;
}

/** A user-facing notice in both languages. */
export interface NoticeBody {
  readonly level: 'info' | 'warn';
  readonly zh: string;
  readonly en: string;
}

/** One message of the events stream. */
export type EventMessage =
  | {
      readonly seq: number;
      readonly simTimeMs: number;
      readonly kind: 'incident';
      readonly op: 'raised' | 'updated' | 'cleared';
      readonly incident: IncidentRecord;
    }
  | {
      readonly seq: number;
      readonly simTimeMs: number;
      readonly kind: 'notice';
      readonly notice: NoticeBody;
    };

/** server → client: the latest state, sent instead of a replay. */
export interface Snapshot {
  readonly reason: 'initial' | 'behind-window' | 'ahead-of-server' | 'requested';
  /** Sequences the snapshot is consistent with: live traffic continues at readings+1 / events+1. */
  readonly seq: StreamSeqs;
  /** Sequence of the next reading (the first reading of batch seq.readings+1). */
  readonly nextReadingSeq: number;
  readonly simTimeMs: number;
  /** Open incidents. */
  readonly incidents: readonly IncidentRecord[];
  /** A reading batch (BatchFlag.snapshot) with the latest value per sensor and channel. */
  readonly latest: Uint8Array;
  /** A trip batch (BatchFlag.snapshot, tripBatch.ts) with the trips still active at simTimeMs; absent = none. */
  readonly trips?: Uint8Array;
}

/** server → client: a notice for this client only, e.g. code 'resynced' after a snapshot. */
export interface Notice extends NoticeBody {
  readonly code: 'resynced' | 'rejected' | 'info';
}

/** server → client: the client's message was rejected. */
export interface Rejected {
  readonly event: string;
  readonly reason: string;
}

/** Parse outcome. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Largest client control message accepted (bytes of binary; JSON strings are bounded field by field). */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
const MAX_TEXT = 2000;

type Rec = Readonly<Record<string, unknown>>;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v))
    return `binary (${(v as ArrayBuffer).byteLength} bytes)`;
  return typeof v;
}

function isRec(v: unknown): v is Rec {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    !(v instanceof ArrayBuffer)
  );
}

/** A sequence number: a non-negative safe integer. */
function isSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isText(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isFiniteNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function parseSeqs(v: unknown, where: string): Parsed<StreamSeqs> {
  if (!isRec(v)) return bad(`${where}: expected {readings, events}, got ${kindOf(v)}`);
  if (!isSeq(v['readings'])) return bad(`${where}.readings: expected a non-negative integer`);
  if (!isSeq(v['events'])) return bad(`${where}.events: expected a non-negative integer`);
  let out: StreamSeqs = { readings: v['readings'], events: v['events'] };
  for (const k of ['trips', 'linkState', 'kpis', 'energy', 'energyState'] as const) {
    const x = v[k];
    if (x === undefined) continue;
    if (!isSeq(x)) return bad(`${where}.${k}: expected a non-negative integer`);
    out = { ...out, [k]: x };
  }
  return ok(out);
}

function binaryTooLarge(v: unknown): string | null {
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    const n = (v as ArrayBuffer).byteLength;
    if (n > MAX_CLIENT_MESSAGE_BYTES) return `oversized binary (${n} bytes > ${MAX_CLIENT_MESSAGE_BYTES})`;
  }
  return null;
}

/** Validates a client's hello. */
export function parseHello(v: unknown): Parsed<Hello> {
  const big = binaryTooLarge(v);
  if (big !== null) return bad(`hello: ${big}`);
  if (!isRec(v)) return bad(`hello: expected an object, got ${kindOf(v)}`);
  if (v['protocol'] !== PROTOCOL_VERSION) {
    return bad(
      `hello.protocol: expected ${PROTOCOL_VERSION}, got ${JSON.stringify(v['protocol']) ?? 'undefined'}`,
    );
  }
  if (!isText(v['scene'], 128)) return bad('hello.scene: expected a string of at most 128 characters');
  const resume = v['resume'];
  if (resume === null || resume === undefined)
    return ok({ protocol: PROTOCOL_VERSION, scene: v['scene'], resume: null });
  const seqs = parseSeqs(resume, 'hello.resume');
  if (!seqs.ok) return seqs;
  return ok({ protocol: PROTOCOL_VERSION, scene: v['scene'], resume: seqs.value });
}

/** Validates a client's resync request. */
export function parseResyncRequest(v: unknown): Parsed<ResyncRequest> {
  const big = binaryTooLarge(v);
  if (big !== null) return bad(`resync: ${big}`);
  if (!isRec(v)) return bad(`resync: expected an object, got ${kindOf(v)}`);
  if (!isText(v['reason'], 200)) return bad('resync.reason: expected a string of at most 200 characters');
  return ok({ reason: v['reason'] });
}

function parseWindow(v: unknown, where: string): Parsed<SeqWindow> {
  if (!isRec(v) || !isSeq(v['first']) || !isSeq(v['last']))
    return bad(`${where}: expected {first, last} sequences`);
  return ok({ first: v['first'], last: v['last'] });
}

/** Validates the server's welcome. */
export function parseWelcome(v: unknown): Parsed<Welcome> {
  if (!isRec(v)) return bad(`welcome: expected an object, got ${kindOf(v)}`);
  if (v['protocol'] !== PROTOCOL_VERSION) return bad(`welcome.protocol: expected ${PROTOCOL_VERSION}`);
  if (!isText(v['scene'], 128)) return bad('welcome.scene: expected a string');
  const sc = v['sensorCount'];
  if (!isSeq(sc) || sc > 0xfffffffe) return bad('welcome.sensorCount: expected a non-negative integer');
  if (!isFiniteNum(v['simTimeMs'])) return bad('welcome.simTimeMs: expected a finite number');
  if (!isFiniteNum(v['speed']) || v['speed'] <= 0) return bad('welcome.speed: expected a positive number');
  const replay = v['replay'];
  if (!isRec(replay)) return bad('welcome.replay: expected an object');
  const r = parseWindow(replay['readings'], 'welcome.replay.readings');
  if (!r.ok) return r;
  const e = parseWindow(replay['events'], 'welcome.replay.events');
  if (!e.ok) return e;
  const mode = v['mode'];
  if (mode !== 'replay' && mode !== 'snapshot') return bad('welcome.mode: expected "replay" or "snapshot"');
  let trips: SeqWindow | undefined;
  if (replay['trips'] !== undefined) {
    const t = parseWindow(replay['trips'], 'welcome.replay.trips');
    if (!t.ok) return t;
    trips = t.value;
  }
  const lc = v['linkCount'];
  if (lc !== undefined && (!isSeq(lc) || lc > 0xfffffffe))
    return bad('welcome.linkCount: expected a non-negative integer');
  let energy: EnergyCounts | undefined;
  const ec = v['energy'];
  if (ec !== undefined) {
    if (!isRec(ec)) return bad('welcome.energy: expected an object of element counts');
    const c: Record<string, number> = {};
    for (const k of ['bus', 'hvLine', 'station', 'feeder', 'storage', 'pv'] as const) {
      const n = ec[k];
      if (!isSeq(n) || n > 0xfffffffe) return bad(`welcome.energy.${k}: expected a non-negative integer`);
      c[k] = n;
    }
    energy = c as unknown as EnergyCounts;
  }
  const base: Welcome = {
    ...(energy === undefined ? {} : { energy }),
    protocol: PROTOCOL_VERSION,
    scene: v['scene'],
    sensorCount: sc,
    simTimeMs: v['simTimeMs'],
    speed: v['speed'],
    replay:
      trips === undefined
        ? { readings: r.value, events: e.value }
        : { readings: r.value, events: e.value, trips },
    mode,
  };
  return ok(lc === undefined ? base : { ...base, linkCount: lc });
}

function parseBilingual(v: unknown, where: string): Parsed<{ zh: string; en: string }> {
  if (!isRec(v) || !isText(v['zh']) || !isText(v['en'])) return bad(`${where}: expected {zh, en} strings`);
  return ok({ zh: v['zh'], en: v['en'] });
}

/** Validates an incident record. */
export function parseIncident(v: unknown, where = 'incident'): Parsed<IncidentRecord> {
  if (!isRec(v)) return bad(`${where}: expected an object, got ${kindOf(v)}`);
  const id = v['id'];
  if (!isText(id, 64) || !id.startsWith('inc:')) return bad(`${where}.id: expected "inc:…"`);
  if (!isText(v['kind'], 64)) return bad(`${where} ${id}.kind: expected a string`);
  if (!isFiniteNum(v['x']) || !isFiniteNum(v['y'])) return bad(`${where} ${id}: x, y must be finite metres`);
  if (!isFiniteNum(v['simTimeMs'])) return bad(`${where} ${id}.simTimeMs: expected a finite number`);
  const sev = v['severity'];
  if (sev !== 1 && sev !== 2 && sev !== 3 && sev !== 4) return bad(`${where} ${id}.severity: expected 1…4`);
  const desc = parseBilingual(v['description'], `${where} ${id}.description`);
  if (!desc.ok) return desc;
  if (typeof v['cleared'] !== 'boolean') return bad(`${where} ${id}.cleared: expected a boolean`);
  const link = v['linkIndex'];
  if (link !== undefined && !isSeq(link))
    return bad(`${where} ${id}.linkIndex: expected a non-negative integer`);
  const base = {
    id,
    kind: v['kind'],
    x: v['x'],
    y: v['y'],
    simTimeMs: v['simTimeMs'],
    severity: sev,
    description: desc.value,
    cleared: v['cleared'],
  };
  return ok(link === undefined ? base : { ...base, linkIndex: link });
}

function parseNoticeBody(v: unknown, where: string): Parsed<NoticeBody> {
  if (!isRec(v)) return bad(`${where}: expected an object, got ${kindOf(v)}`);
  const level = v['level'];
  if (level !== 'info' && level !== 'warn') return bad(`${where}.level: expected "info" or "warn"`);
  const text = parseBilingual(v, where);
  if (!text.ok) return text;
  return ok({ level, zh: text.value.zh, en: text.value.en });
}

/** Validates one events-stream message. */
export function parseEventMessage(v: unknown): Parsed<EventMessage> {
  if (!isRec(v)) return bad(`event: expected an object, got ${kindOf(v)}`);
  const seq = v['seq'];
  if (!isSeq(seq) || seq === 0) return bad('event.seq: expected a positive integer');
  const simTimeMs = v['simTimeMs'];
  if (!isFiniteNum(simTimeMs)) return bad(`event ${seq}.simTimeMs: expected a finite number`);
  const kind = v['kind'];
  if (kind === 'incident') {
    const op = v['op'];
    if (op !== 'raised' && op !== 'updated' && op !== 'cleared') {
      return bad(`event ${seq}.op: expected raised|updated|cleared`);
    }
    const inc = parseIncident(v['incident'], `event ${seq}.incident`);
    if (!inc.ok) return inc;
    return ok({ seq, simTimeMs, kind, op, incident: inc.value });
  }
  if (kind === 'notice') {
    const n = parseNoticeBody(v['notice'], `event ${seq}.notice`);
    if (!n.ok) return n;
    return ok({ seq, simTimeMs, kind, notice: n.value });
  }
  return bad(`event ${seq}.kind: unknown kind ${JSON.stringify(kind) ?? 'undefined'}`);
}

/** Validates a snapshot (the embedded `latest` batch is validated separately with decodeReadingBatch). */
export function parseSnapshot(v: unknown): Parsed<Snapshot> {
  if (!isRec(v)) return bad(`snapshot: expected an object, got ${kindOf(v)}`);
  const reason = v['reason'];
  if (
    reason !== 'initial' &&
    reason !== 'behind-window' &&
    reason !== 'ahead-of-server' &&
    reason !== 'requested'
  ) {
    return bad('snapshot.reason: unknown reason');
  }
  const seq = parseSeqs(v['seq'], 'snapshot.seq');
  if (!seq.ok) return seq;
  if (!isSeq(v['nextReadingSeq'])) return bad('snapshot.nextReadingSeq: expected a non-negative integer');
  if (!isFiniteNum(v['simTimeMs'])) return bad('snapshot.simTimeMs: expected a finite number');
  const list = v['incidents'];
  if (!Array.isArray(list)) return bad('snapshot.incidents: expected an array');
  const incidents: IncidentRecord[] = [];
  for (let i = 0; i < list.length; i++) {
    const inc = parseIncident(list[i], `snapshot.incidents[${i}]`);
    if (!inc.ok) return inc;
    incidents.push(inc.value);
  }
  const latest = v['latest'];
  let bytes: Uint8Array;
  if (latest instanceof ArrayBuffer) bytes = new Uint8Array(latest);
  else if (ArrayBuffer.isView(latest))
    bytes = new Uint8Array(latest.buffer, latest.byteOffset, latest.byteLength);
  else return bad(`snapshot.latest: expected binary, got ${kindOf(latest)}`);
  const base: Snapshot = {
    reason,
    seq: seq.value,
    nextReadingSeq: v['nextReadingSeq'],
    simTimeMs: v['simTimeMs'],
    incidents,
    latest: bytes,
  };
  const trips = v['trips'];
  if (trips === undefined) return ok(base);
  if (!(trips instanceof ArrayBuffer) && !ArrayBuffer.isView(trips))
    return bad(`snapshot.trips: expected binary, got ${kindOf(trips)}`);
  const tb =
    trips instanceof ArrayBuffer
      ? new Uint8Array(trips)
      : new Uint8Array(trips.buffer, trips.byteOffset, trips.byteLength);
  return ok({ ...base, trips: tb });
}

/** Validates a per-client notice. */
export function parseNotice(v: unknown): Parsed<Notice> {
  const body = parseNoticeBody(v, 'notice');
  if (!body.ok) return body;
  const code = (v as Rec)['code'];
  if (code !== 'resynced' && code !== 'rejected' && code !== 'info') return bad('notice.code: unknown code');
  return ok({ ...body.value, code });
}
