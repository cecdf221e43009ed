/**
 * The work-order service of the feed server (issue 6): operator actions, reports from every source and the live
 * department simulation become events of the core state machine (src/core/workload/stateMachine.ts), committed to
 * the store (store.ts) BEFORE anyone hears of them, then broadcast as a sequenced stream (wire.ts, docs/protocol.md
 * §8).
 *
 * Everything that changes state runs through one queue, one job at a time: a job reads the orders, asks the core
 * for the transitions, commits them in one transaction and only then updates the in-memory view, the replay ring
 * and the clients. A job whose commit fails changes nothing (the answer says why), so memory never runs ahead of the
 * database; a process killed mid-job loses only what nobody was told about.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyAction, createOrder, isTerminal } from '../../src/core/workload/stateMachine.ts';
import type {
  Actor,
  Report,
  WorkOrder,
  WorkOrderAction,
  WorkOrderEvent,
} from '../../src/core/workload/types.ts';
import { ReplayRing } from '../replayRing.ts';
import { openDatabase } from './db.ts';
import { WorkloadStore, type AttachmentRecord, type Counters } from './store.ts';
import {
  reportOf,
  type WoActionAnswer,
  type WoActionRequest,
  type WoEventMessage,
  type WoReportRequest,
  type WoSnapshot,
  type WoTimelineAnswer,
} from '../../src/core/protocol/workloadMessages.ts';

/** Options of {@link WorkloadService.open}. */
export interface WorkloadServiceOptions {
  /** PGlite data and attachment files (attachments/ inside); with `databaseUrl` only the files. */
  readonly dataDir: string;
  /** A PostgreSQL server instead of PGlite (the same schema). */
  readonly databaseUrl?: string | undefined;
  /** Events kept for resume (default 10,000). */
  readonly replayWindow?: number;
  /** Closed/rejected orders in snapshots (default 200). */
  readonly recentClosed?: number;
  /** URL prefix under which attachment files are served (default '/workload-files/'). */
  readonly filesUrlPrefix?: string;
  readonly log?: (line: string) => void;
  /** Simulation time the feed starts at: a log that already reaches past it is reported (the clock went back). */
  readonly startSimMs?: number;
}

/** A report that has no id yet (the service numbers it) and wants `photos` placeholder files. */
export type ReportDraft = Omit<Report, 'id' | 'attachments'> & { readonly photos?: number };

/** A change the live simulation (or a replay) asks for: a new report or an action on an order. */
export type WorkRequest =
  | {
      readonly kind: 'report';
      readonly report: ReportDraft;
      readonly actor: Actor;
      readonly mergeInto?: string;
    }
  | {
      readonly kind: 'action';
      readonly orderId: string;
      readonly action: WorkOrderAction;
      readonly actor: Actor;
      readonly simTimeMs: number;
    };

/** Counters of the service. */
export interface WorkloadStats {
  lastSeq: number;
  open: number;
  /** Actions the core refused (operator and simulation). */
  refused: number;
  /** Jobs whose commit failed (nothing written, nothing broadcast). */
  storageErrors: number;
  /** Transactions committed, events in them, total and max commit wall time (ms). */
  batches: number;
  events: number;
  commitMsTotal: number;
  commitMsMax: number;
}

/** Placeholder photo: a tiny SVG naming the report (real photos would be stored the same way). */
function placeholderPhoto(report: Report, k: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240">` +
    `<rect width="320" height="240" fill="#2b3440"/><text x="160" y="110" fill="#cfd8e3" font-size="16" ` +
    `text-anchor="middle" font-family="sans-serif">${report.category} · photo ${k + 1}</text>` +
    `<text x="160" y="140" fill="#8fa1b5" font-size="12" text-anchor="middle" font-family="sans-serif">` +
    `${report.id} (placeholder)</text></svg>\n`
  );
}

const pad = (n: number): string => String(n).padStart(6, '0');

/** One job's pending writes, applied to memory only once committed. */
class Pending {
  readonly events: WorkOrderEvent[] = [];
  /** The order's state after each event (parallel to `events`). */
  readonly after: WorkOrder[] = [];
  readonly orders = new Map<string, WorkOrder>();
  readonly reports: { report: Report; orderId: string }[] = [];
  readonly attachments: AttachmentRecord[] = [];
  readonly files: { file: string; body: string }[] = [];
  constructor(
    public seq: number,
    public counters: Counters,
  ) {}
}

/** The service: persistent orders, a sequenced event stream, operator actions and simulated work. */
export class WorkloadService {
  private readonly listeners: ((messages: readonly WoEventMessage[]) => void)[] = [];
  /** The stream's replay window (seq = event seq). */
  readonly ring: ReplayRing<WoEventMessage>;
  private readonly open = new Map<string, WorkOrder>();
  /** Recently closed/rejected, oldest first (bounded). */
  private closed: WorkOrder[] = [];
  private counters: Counters;
  private seq: number;
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;
  private refused = 0;
  private storageErrors = 0;
  private readonly filesDir: string;
  private readonly filesUrl: string;
  private readonly recentClosed: number;
  private readonly log: (line: string) => void;
  /** Simulation time of the last event in the log when it was opened (NaN for an empty log). */
  readonly logEndSimMs: number;

  private constructor(
    readonly store: WorkloadStore,
    loaded: Awaited<ReturnType<WorkloadStore['load']>>,
    opts: WorkloadServiceOptions,
  ) {
    this.log = opts.log ?? ((l) => console.log(`[workload] ${l}`));
    this.logEndSimMs = loaded.lastSeq > 0 ? Number(loaded.lastSimTimeMs) : Number.NaN;
    this.recentClosed = opts.recentClosed ?? 200;
    this.ring = new ReplayRing<WoEventMessage>(opts.replayWindow ?? 10_000);
    // Resume windows do not survive a restart (the ring holds order states, the log only events): clients that
    // were behind get a snapshot; the sequence itself continues.
    this.ring.last = loaded.lastSeq;
    this.seq = loaded.lastSeq;
    this.counters = loaded.counters;
    for (const o of loaded.open) this.open.set(o.id, o);
    this.closed = loaded.recentClosed.reverse();
    this.filesDir = path.join(opts.dataDir, 'attachments');
    this.filesUrl = opts.filesUrlPrefix ?? '/workload-files/';
  }

  /** Opens the database (PGlite in `dataDir` or DATABASE_URL), creates the schema and loads the state. */
  static async open(opts: WorkloadServiceOptions): Promise<WorkloadService> {
    const t0 = performance.now();
    const db = await openDatabase({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
    const store = new WorkloadStore(db);
    await store.migrate();
    const loaded = await store.load(opts.recentClosed ?? 200, 0);
    const s = new WorkloadService(store, loaded, opts);
    await mkdir(s.filesDir, { recursive: true });
    s.log(
      `work orders: ${db.kind} at ${db.location}, ${loaded.orderCount} orders (${loaded.open.length} open), ` +
        `event log at seq ${loaded.lastSeq} (opened in ${Math.round(performance.now() - t0)} ms)`,
    );
    if (opts.startSimMs !== undefined && loaded.lastSimTimeMs > opts.startSimMs)
      s.log(
        `note: the log reaches ${new Date(loaded.lastSimTimeMs).toISOString()}, after the feed's start ` +
          `${new Date(opts.startSimMs).toISOString()}: actions on older orders happen no earlier than their stage ` +
          `began (the feed continues the clock from the log unless --start is given; or use a fresh --data dir)`,
      );
    return s;
  }

  /** Calls `fn` after each commit with its events in order (the server broadcasts them; the live work indexes). */
  addCommitListener(fn: (messages: readonly WoEventMessage[]) => void): void {
    this.listeners.push(fn);
  }

  /** Sequence of the last committed event. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Directory of the attachment files (served by the feed's HTTP server). */
  get attachmentsDir(): string {
    return this.filesDir;
  }

  /** The open orders now (read-only view, for the live simulation). */
  openOrders(): ReadonlyMap<string, WorkOrder> {
    return this.open;
  }

  /** Counters for the server's stats and the benchmark. */
  stats(): WorkloadStats {
    const w = this.store.writeStats;
    return {
      lastSeq: this.seq,
      open: this.open.size,
      refused: this.refused,
      storageErrors: this.storageErrors,
      batches: w.batches,
      events: w.events,
      commitMsTotal: w.totalMs,
      commitMsMax: w.maxMs,
    };
  }

  /** Open orders and the recent closed ones, as of the last broadcast event. */
  snapshot(simTimeMs: number): WoSnapshot {
    return {
      lastSeq: this.ring.last,
      simTimeMs,
      open: [...this.open.values()],
      recentClosed: this.closed.slice().reverse(),
    };
  }

  /** An operator's action: committed, then broadcast, then answered. Nothing is written when refused. */
  act(req: WoActionRequest, simTimeMs: number): Promise<WoActionAnswer> {
    return this.enqueue(async () => {
      const p = this.pending();
      const target = await this.order(req.orderId, p);
      if (target === null) return this.refuse(`order ${req.orderId}: no such order`);
      if (req.expectedVersion !== undefined && target.version !== req.expectedVersion)
        return this.refuse(
          `order ${req.orderId}: changed since version ${req.expectedVersion} (now ${target.version}); reload it`,
        );
      const t = Math.max(simTimeMs, target.stageSinceMs);
      let first: WorkOrderEvent;
      if (req.action.kind === 'merge') {
        // Fold another order into this one: its reports join, it is rejected as a duplicate (one transaction).
        const from = await this.order(req.action.from, p);
        if (from === null)
          return this.refuse(`merge into ${req.orderId}: order ${req.action.from}: no such order`);
        if (from.id === target.id)
          return this.refuse(`merge into ${req.orderId}: an order cannot merge itself`);
        if (from.category !== target.category)
          return this.refuse(
            `merge into ${req.orderId}: order ${from.id} has category ${from.category}, this one ${target.category}`,
          );
        const reports = (await this.store.reportsOf(from.id)).filter((r) => from.reportIds.includes(r.id));
        const m = this.apply(
          p,
          target,
          { kind: 'merge', reportIds: reports.map((r) => r.id), reports },
          req.actor,
          t,
        );
        if (!m.ok) return this.refuse(m.reason);
        const r = this.apply(
          p,
          from,
          { kind: 'reject', reason: 'duplicate', duplicateOf: target.id },
          req.actor,
          Math.max(t, from.stageSinceMs),
        );
        if (!r.ok) return this.refuse(`merge into ${req.orderId}: ${r.reason}`);
        first = m.event;
      } else {
        const r = this.apply(p, target, req.action, req.actor, t);
        if (!r.ok) return this.refuse(r.reason);
        first = r.event;
      }
      const err = await this.commit(p);
      if (err !== null) return { ok: false, reason: err };
      return { ok: true, order: p.orders.get(req.orderId) as WorkOrder, event: first, events: p.events };
    });
  }

  /** A report filed through the API: a new order (attachments written as placeholder files). */
  fileReport(req: WoReportRequest, simTimeMs: number, gridCell: number): Promise<WoActionAnswer> {
    return this.enqueue(async () => {
      const p = this.pending();
      const draft: ReportDraft = {
        ...reportOf(req, '', simTimeMs, gridCell, []),
        ...(req.photos !== undefined ? { photos: req.photos } : {}),
      };
      const r = this.createFromDraft(p, draft, req.actor, undefined);
      if (!r.ok) return this.refuse(r.reason);
      const err = await this.commit(p);
      if (err !== null) return { ok: false, reason: err };
      return { ok: true, order: r.order, event: r.event, events: p.events };
    });
  }

  /**
   * Applies what the live simulation asks for at one tick in ONE transaction. Requests the core refuses (an order
   * moved on meanwhile) are skipped and counted; the rest commit together.
   */
  submit(requests: readonly WorkRequest[]): Promise<number> {
    if (requests.length === 0) return Promise.resolve(0);
    return this.enqueue(async () => {
      const p = this.pending();
      for (const q of requests) {
        if (q.kind === 'report') {
          const into = q.mergeInto === undefined ? null : await this.order(q.mergeInto, p);
          const r = this.createFromDraft(p, q.report, q.actor, into ?? undefined);
          if (!r.ok) this.countRefusal(r.reason);
        } else {
          const o = await this.order(q.orderId, p);
          if (o === null) continue;
          const r = this.apply(p, o, q.action, q.actor, Math.max(q.simTimeMs, o.stageSinceMs));
          if (!r.ok) this.countRefusal(r.reason);
        }
      }
      const err = await this.commit(p);
      return err === null ? p.events.length : 0;
    });
  }

  /** One order's history from the database. */
  async timeline(orderId: string): Promise<WoTimelineAnswer> {
    const order = this.open.get(orderId) ?? (await this.store.order(orderId));
    if (order === null) return { ok: false, reason: `woTimeline: order ${orderId}: no such order` };
    const [events, reports, attachments] = await Promise.all([
      this.store.timeline(orderId),
      this.store.reportsOf(orderId),
      this.store.attachmentsOf(orderId),
    ]);
    return {
      ok: true,
      order,
      events,
      reports,
      attachments: attachments.map((a) => ({
        fileName: a.fileName,
        reportId: a.reportId,
        mediaType: a.mediaType,
        bytes: a.bytes,
        url: `${this.filesUrl}${encodeURIComponent(a.fileName)}`,
      })),
    };
  }

  /** Resolves once every job queued so far has finished (tests, shutdown). */
  async flush(): Promise<void> {
    await this.queue.catch(() => {});
  }

  /** Finishes the queued jobs and closes the database. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    await this.store.db.close();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('workload: the service is closing'));
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  private pending(): Pending {
    return new Pending(this.seq, this.counters);
  }

  private refuse(reason: string): WoActionAnswer {
    this.refused++;
    return { ok: false, reason };
  }

  private countRefusal(reason: string): void {
    this.refused++;
    if (this.refused <= 20 || this.refused % 1000 === 0)
      this.log(`simulation request refused (${this.refused} so far): ${reason}`);
  }

  /** The order as this job sees it: its own pending state, memory, or the database (closed orders). */
  private async order(id: string, p: Pending): Promise<WorkOrder | null> {
    return p.orders.get(id) ?? this.open.get(id) ?? (await this.store.order(id));
  }

  private apply(
    p: Pending,
    order: WorkOrder,
    action: WorkOrderAction,
    actor: Actor,
    simTimeMs: number,
  ): ReturnType<typeof applyAction> {
    const r = applyAction(order, action, actor, simTimeMs, p.seq + 1);
    if (r.ok) {
      p.seq++;
      p.events.push(r.event);
      p.after.push(r.order);
      p.orders.set(order.id, r.order);
      if (action.kind === 'merge' && action.reports !== undefined)
        for (const rep of action.reports) p.reports.push({ report: rep, orderId: order.id });
    }
    return r;
  }

  /** Numbers a report, writes its placeholder photos, then merges it into `into` or opens a new order. */
  private createFromDraft(
    p: Pending,
    draft: ReportDraft,
    actor: Actor,
    into: WorkOrder | undefined,
  ): ReturnType<typeof applyAction> {
    const reportId = `rep:${pad(p.counters.nextReport)}`;
    const photos = Math.max(0, Math.min(4, draft.photos ?? 0));
    const files: string[] = [];
    for (let k = 0; k < photos; k++) files.push(`${reportId.replace(':', '-')}-${k + 1}.svg`);
    const { photos: _photos, ...base } = draft;
    const report: Report = { ...base, id: reportId, attachments: files };
    let r: ReturnType<typeof applyAction>;
    let orderId: string;
    if (into !== undefined && !isTerminal(into.stage)) {
      orderId = into.id;
      r = this.apply(
        p,
        into,
        { kind: 'merge', reportIds: [reportId], reports: [report] },
        actor,
        report.simTimeMs,
      );
      if (!r.ok) return r;
    } else {
      orderId = `wo:${pad(p.counters.nextOrder)}`;
      r = createOrder(report, orderId, p.seq + 1, actor);
      if (!r.ok) return r;
      p.seq++;
      p.events.push(r.event);
      p.after.push(r.order);
      p.orders.set(orderId, r.order);
      p.reports.push({ report, orderId });
      p.counters = { ...p.counters, nextOrder: p.counters.nextOrder + 1 };
    }
    p.counters = { ...p.counters, nextReport: p.counters.nextReport + 1 };
    files.forEach((f, k) => {
      const body = placeholderPhoto(report, k);
      p.files.push({ file: f, body });
      p.attachments.push({
        fileName: f,
        reportId,
        orderId,
        bytes: Buffer.byteLength(body),
        mediaType: 'image/svg+xml',
      });
    });
    return r;
  }

  /** Commits a job's writes (files first, then one transaction), then updates memory and broadcasts. */
  private async commit(p: Pending): Promise<string | null> {
    if (p.events.length === 0) return null;
    try {
      // Files before the rows that name them: a crash in between leaves an unnamed file, never a missing one.
      for (const f of p.files) await writeFile(path.join(this.filesDir, f.file), f.body);
      await this.store.append({
        events: p.events,
        orders: [...p.orders.values()],
        reports: p.reports,
        attachments: p.attachments,
        counters: p.counters,
      });
    } catch (err) {
      this.storageErrors++;
      const reason = `storage: ${err instanceof Error ? err.message : String(err)} (nothing was written)`;
      this.log(reason);
      return reason;
    }
    this.seq = p.seq;
    this.counters = p.counters;
    for (const o of p.orders.values()) {
      if (isTerminal(o.stage)) {
        this.open.delete(o.id);
        this.closed = this.closed.filter((c) => c.id !== o.id);
        this.closed.push(o);
        if (this.closed.length > this.recentClosed)
          this.closed.splice(0, this.closed.length - this.recentClosed);
      } else {
        this.open.set(o.id, o);
        if (this.closed.length > 0 && this.closed.some((c) => c.id === o.id))
          this.closed = this.closed.filter((c) => c.id !== o.id);
      }
    }
    // Each message carries the order's state after ITS event (a job may move one order several times).
    const msgs: WoEventMessage[] = p.events.map((e, i) => ({
      seq: e.seq,
      event: e,
      order: p.after[i] as WorkOrder,
    }));
    for (const m of msgs) this.ring.push(m.seq, m);
    for (const l of this.listeners) l(msgs);
    return null;
  }
}
