/**
 * The work-order store (issue 6 "Persistence"): the append-only event log, the current state of every order, the
 * reports and their attachments, in PostgreSQL (PGlite or a server, db.ts) with the schema of schema.sql. Every
 * change is written by `append`: one transaction holding the events, the orders they changed (upserted), the new
 * reports and attachments and the id counters — so a crash leaves either all of a batch or none of it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Report, Stage, WorkOrder, WorkOrderEvent } from '../../src/core/workload/types.ts';
import type { SqlDb, SqlRunner } from './db.ts';
import { orderFromJson } from '../../src/core/protocol/workloadMessages.ts';

const SCHEMA_FILE = fileURLToPath(new URL('./schema.sql', import.meta.url));

/** One attachment (a placeholder photo file in the data directory, named in the database). */
export interface AttachmentRecord {
  readonly fileName: string;
  readonly reportId: string;
  readonly orderId: string;
  readonly bytes: number;
  readonly mediaType: string;
}

/** Id counters: the next order and report numbers ("wo:000042", "rep:000123"). */
export interface Counters {
  readonly nextOrder: number;
  readonly nextReport: number;
}

/** Everything one write commits together. */
export interface WriteBatch {
  readonly events: readonly WorkOrderEvent[];
  /** The latest state of every order the events changed (later entries of the same id win). */
  readonly orders: readonly WorkOrder[];
  readonly reports: readonly { readonly report: Report; readonly orderId: string }[];
  readonly attachments: readonly AttachmentRecord[];
  readonly counters: Counters;
}

/** What the store holds at start. */
export interface LoadedState {
  /** Orders not closed or rejected. */
  readonly open: WorkOrder[];
  /** The most recently closed or rejected orders, newest first. */
  readonly recentClosed: WorkOrder[];
  /** Sequence of the last event (0 = empty log). */
  readonly lastSeq: number;
  /** Latest simulation time in the log (NaN when empty). */
  readonly lastSimTimeMs: number;
  /** The last events of the log, oldest first (to refill the replay window). */
  readonly recentEvents: WorkOrderEvent[];
  readonly counters: Counters;
  readonly orderCount: number;
}

interface EventRow {
  seq: unknown;
  order_id: string;
  sim_time_ms: number;
  actor_kind: string;
  actor_id: string;
  action: WorkOrderEvent['action'];
  from_stage: string | null;
  to_stage: string;
}

const EVENT_COLUMNS = 'seq, order_id, sim_time_ms, actor_kind, actor_id, action, from_stage, to_stage';

function eventFromRow(r: EventRow): WorkOrderEvent {
  return {
    seq: Number(r.seq),
    orderId: r.order_id,
    simTimeMs: r.sim_time_ms,
    actor: { kind: r.actor_kind as WorkOrderEvent['actor']['kind'], id: r.actor_id },
    action: r.action,
    from: r.from_stage as Stage | null,
    to: r.to_stage as Stage,
  };
}

/** Null for a non-finite number (SQL columns of optional times). */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The store over one database. */
export class WorkloadStore {
  /** Wall time of the last `append` (ms) and totals, for the report and the benchmark. */
  readonly writeStats = { batches: 0, events: 0, totalMs: 0, maxMs: 0 };

  constructor(readonly db: SqlDb) {}

  /** Creates the tables when missing (idempotent) and records the schema version. */
  async migrate(): Promise<void> {
    await this.db.exec(await readFile(SCHEMA_FILE, 'utf8'));
    await this.db.query(
      `insert into wo_meta (key, value) values ('schema', '1'::jsonb) on conflict (key) do nothing`,
    );
  }

  /** Loads what the service needs to continue: open orders, recent closed ones, the sequence, the counters. */
  async load(recentClosed: number, recentEvents: number): Promise<LoadedState> {
    const db = this.db;
    const open = await db.query<{ state: WorkOrder }>(
      `select state from work_orders where stage not in ('closed', 'rejected') order by id`,
    );
    const closed = await db.query<{ state: WorkOrder }>(
      `select state from work_orders where stage in ('closed', 'rejected')
       order by version desc limit $1`,
      [recentClosed],
    );
    const last = await db.query<{ seq: unknown; t: number | null }>(
      `select coalesce(max(seq), 0) as seq, max(sim_time_ms) as t from wo_events`,
    );
    const evs = await db.query<EventRow>(
      `select ${EVENT_COLUMNS} from wo_events order by seq desc limit $1`,
      [recentEvents],
    );
    const meta = await db.query<{ value: Counters }>(`select value from wo_meta where key = 'counters'`);
    const count = await db.query<{ n: unknown }>(`select count(*) as n from work_orders`);
    return {
      open: open.map((r) => orderFromJson(r.state)),
      recentClosed: closed.map((r) => orderFromJson(r.state)),
      lastSeq: Number(last[0]?.seq ?? 0),
      lastSimTimeMs: last[0]?.t ?? Number.NaN,
      recentEvents: evs.map(eventFromRow).reverse(),
      counters: meta[0]?.value ?? { nextOrder: 1, nextReport: 1 },
      orderCount: Number(count[0]?.n ?? 0),
    };
  }

  /** One order's current state, or null. */
  async order(id: string): Promise<WorkOrder | null> {
    const rows = await this.db.query<{ state: WorkOrder }>(`select state from work_orders where id = $1`, [
      id,
    ]);
    return rows[0] === undefined ? null : orderFromJson(rows[0].state);
  }

  /** One order's full timeline (every event, oldest first). */
  async timeline(orderId: string): Promise<WorkOrderEvent[]> {
    const rows = await this.db.query<EventRow>(
      `select ${EVENT_COLUMNS} from wo_events where order_id = $1 order by seq`,
      [orderId],
    );
    return rows.map(eventFromRow);
  }

  /** Events with seq in (afterSeq, afterSeq + limit], oldest first (log replay, tests). */
  async eventsAfter(afterSeq: number, limit: number): Promise<WorkOrderEvent[]> {
    const rows = await this.db.query<EventRow>(
      `select ${EVENT_COLUMNS} from wo_events where seq > $1 order by seq limit $2`,
      [afterSeq, limit],
    );
    return rows.map(eventFromRow);
  }

  /** The reports of an order (a report merged from another order moves with it), oldest first. */
  async reportsOf(orderId: string): Promise<Report[]> {
    const rows = await this.db.query<{ report: Report }>(
      `select report from reports where order_id = $1 order by sim_time_ms, id`,
      [orderId],
    );
    return rows.map((r) => r.report);
  }

  /** The attachments of an order's reports. */
  async attachmentsOf(orderId: string): Promise<AttachmentRecord[]> {
    const rows = await this.db.query<{
      file_name: string;
      report_id: string;
      order_id: string;
      bytes: number;
      media_type: string;
    }>(
      `select a.file_name, a.report_id, r.order_id, a.bytes, a.media_type from attachments a
       join reports r on r.id = a.report_id where r.order_id = $1 order by a.file_name`,
      [orderId],
    );
    return rows.map((r) => ({
      fileName: r.file_name,
      reportId: r.report_id,
      orderId: r.order_id,
      bytes: r.bytes,
      mediaType: r.media_type,
    }));
  }

  /**
   * Commits a batch in ONE transaction: events, order upserts, reports, attachments and counters. One statement per
   * table (rows passed as one JSON array and expanded by jsonb_to_recordset): PGlite pays ~3–10 ms per statement,
   * so per-row statements would cap a tick at a few hundred events.
   */
  async append(batch: WriteBatch): Promise<void> {
    if (batch.events.length === 0 && batch.orders.length === 0 && batch.reports.length === 0) return;
    const t0 = performance.now();
    await this.db.transaction((tx) => writeBatch(tx, batch));
    const ms = performance.now() - t0;
    const s = this.writeStats;
    s.batches++;
    s.events += batch.events.length;
    s.totalMs += ms;
    if (ms > s.maxMs) s.maxMs = ms;
  }
}

async function writeBatch(tx: SqlRunner, b: WriteBatch): Promise<void> {
  if (b.events.length > 0) {
    const rows = b.events.map((e) => ({
      seq: e.seq,
      order_id: e.orderId,
      sim_time_ms: e.simTimeMs,
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      action: e.action,
      from_stage: e.from,
      to_stage: e.to,
    }));
    await tx.query(
      `insert into wo_events (${EVENT_COLUMNS})
       select ${EVENT_COLUMNS} from jsonb_to_recordset($1::jsonb) as x(seq bigint, order_id text,
         sim_time_ms double precision, actor_kind text, actor_id text, action jsonb, from_stage text, to_stage text)`,
      [JSON.stringify(rows)],
    );
  }
  if (b.orders.length > 0) {
    // One row per id (ON CONFLICT cannot touch a row twice in one statement): the last state wins.
    const byId = new Map<string, WorkOrder>();
    for (const o of b.orders) byId.set(o.id, o);
    const rows = [...byId.values()].map((o) => ({
      id: o.id,
      stage: o.stage,
      category: o.category,
      department: o.department,
      grid_cell: o.gridCell,
      created_ms: o.createdMs,
      closed_ms: o.stage === 'closed' ? finiteOrNull(o.closedMs) : null,
      version: o.version,
      state: o,
    }));
    await tx.query(
      `insert into work_orders (id, stage, category, department, grid_cell, created_ms, closed_ms, version, state)
       select id, stage, category, department, grid_cell, created_ms, closed_ms, version, state
       from jsonb_to_recordset($1::jsonb) as x(id text, stage text, category text, department text,
         grid_cell integer, created_ms double precision, closed_ms double precision, version bigint, state jsonb)
       on conflict (id) do update set stage = excluded.stage, category = excluded.category,
         department = excluded.department, grid_cell = excluded.grid_cell, closed_ms = excluded.closed_ms,
         version = excluded.version, state = excluded.state`,
      [JSON.stringify(rows)],
    );
  }
  if (b.reports.length > 0) {
    const rows = b.reports.map(({ report: r, orderId }) => ({
      id: r.id,
      order_id: orderId,
      source: r.source,
      category: r.category,
      sim_time_ms: r.simTimeMs,
      report: r,
    }));
    await tx.query(
      `insert into reports (id, order_id, source, category, sim_time_ms, report)
       select id, order_id, source, category, sim_time_ms, report from jsonb_to_recordset($1::jsonb)
         as x(id text, order_id text, source text, category text, sim_time_ms double precision, report jsonb)
       on conflict (id) do update set order_id = excluded.order_id`,
      [JSON.stringify(rows)],
    );
  }
  if (b.attachments.length > 0) {
    const rows = b.attachments.map((a) => ({
      file_name: a.fileName,
      report_id: a.reportId,
      order_id: a.orderId,
      bytes: a.bytes,
      media_type: a.mediaType,
    }));
    await tx.query(
      `insert into attachments (file_name, report_id, order_id, bytes, media_type)
       select file_name, report_id, order_id, bytes, media_type from jsonb_to_recordset($1::jsonb)
         as x(file_name text, report_id text, order_id text, bytes integer, media_type text)`,
      [JSON.stringify(rows)],
    );
  }
  await tx.query(
    `insert into wo_meta (key, value) values ('counters', $1::jsonb)
     on conflict (key) do update set value = excluded.value`,
    [JSON.stringify(b.counters)],
  );
}
