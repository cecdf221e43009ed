/**
 * The feed client (docs/protocol.md): one socket.io connection, hello/resume, validation of everything received,
 * sequencing (no gap, no duplicate), reconnect with backoff, and a MergeBuffer the main thread pulls once per frame.
 * Runs inside the feed Web Worker in the browser (feed.worker.ts) and directly in Node for the integration tests.
 * Cold state leaves through a FeedSink (the worker forwards it to the store's named actions).
 */
import { io, type Socket } from 'socket.io-client';
import {
  BatchFlag,
  FeedEvent,
  PROTOCOL_VERSION,
  createDecodedBatch,
  createDecodedLinkState,
  createRateLimitedLog,
  decodeLinkState,
  decodeReadingBatch,
  decodeTripBatch,
  parseEventMessage,
  parseKpiMessage,
  parseEnergyMessage,
  parseEnergySeriesAnswer,
  parseEnergySeriesRequest,
  decodeEnergyState,
  createEnergyStateColumns,
  sameEnergyCounts,
  type DecodedEnergyState,
  type EnergyAssetKind,
  type EnergyCounts,
  type EnergyMessage,
  parseLinkSeriesAnswer,
  parseNotice,
  parseSnapshot,
  parseWelcome,
  type DecodedBatch,
  type DecodedTripBatch,
  type Hello,
  type IncidentRecord,
  type RateLimitedLog,
  type StreamSeqs,
} from '../core/protocol/index.ts';
import type { TrafficKpis } from '../core/traffic/types.ts';
import type { ConnectionState, FeedSlice, FeedStats, Incident } from '../state/feedSlice.ts';
import { MergeBuffer } from './frameBatch.ts';
import { emptyTrips } from './hotTraffic.ts';
import type { LinkSeries } from './series.ts';
import type { EnergySeries } from './energySeries.ts';
import { packEnergyColumns, type EnergyHandover } from './energyFrame.ts';
import type { TrafficHandover } from './trafficFrame.ts';
import { cloneTrips, mergeTrips } from './vehicleTrips.ts';
import { WorkloadEvent } from '../core/protocol/workloadMessages.ts';
import {
  parseWoActionAnswer,
  parseWoEvent,
  parseWoSubscribeAnswer,
  parseWoTimelineAnswer,
  type WoChange,
  type WoCommitted,
  type WoTimeline,
} from './workOrderWire.ts';
import type { WoRequest } from './workOrders.ts';
import { HazardFeed, type HazardHandover } from './hazards.ts';
import type { HazardCommand, HazardCommandAnswer } from '../core/protocol/hazardMessages.ts';

// The wire incident and the store's incident are the same shape; this fails to compile if they drift apart.
const _incidentShapeCheck: [IncidentRecord, Incident] = [{} as Incident, {} as IncidentRecord];
void _incidentShapeCheck;

/** Where the client's cold state goes (the store's feed actions, or messages to the main thread). */
export interface FeedSink {
  connection(c: ConnectionState): void;
  stats(s: FeedStats): void;
  incidents(upserts: readonly IncidentRecord[]): void;
  notice(n: NonNullable<FeedSlice['feedNotice']>): void;
  clock(simTimeMs: number, speed: number): void;
  /** The latest traffic KPIs (a few times per simulated minute at most). */
  kpis(k: TrafficKpis): void;
}

/** Options of {@link FeedClient}. */
export interface FeedClientOptions {
  /** Server origin, e.g. "http://127.0.0.1:8787". */
  url: string;
  sceneName: string;
  sink: FeedSink;
  /** Sequences to resume from (e.g. kept across a page reload); null/absent = fresh (snapshot). */
  resumeFrom?: StreamSeqs | null;
  /** Reconnect backoff: initial delay doubling up to max, with jitter (default 500 ms … 10 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Stats period (default 1000 ms). */
  statsIntervalMs?: number;
  /** Wall clock, ms (default Date.now). */
  now?: () => number;
  log?: (line: string) => void;
  /** Test tap: every live batch accepted, in order, before it is merged. */
  onBatchApplied?: (b: DecodedBatch) => void;
  /** Test tap: every trip batch accepted (live, replayed or a snapshot's active trips), in order. */
  onTripsApplied?: (b: DecodedTripBatch) => void;
  /**
   * Subscribe to the work-order stream after each welcome (docs/protocol.md §8). Default false: a server without
   * work orders counts the unknown event as a rejection, and the welcome does not say whether it runs them.
   */
  workOrders?: boolean;
}

/**
 * The work-order changes since the last pull: a snapshot to start over from (then the changes after it), and the
 * sequenced changes in order. Structured-cloned to the main thread (NaN survives the clone).
 */
export interface WorkloadHandover {
  readonly snapshot: { readonly orders: readonly WoChange['order'][]; readonly lastSeq: number } | null;
  readonly changes: readonly WoChange[];
}

/** Counters exposed for tests and the stats line. */
export interface FeedClientCounters {
  messages: number;
  readings: number;
  rejected: number;
  duplicates: number;
  gaps: number;
  resyncs: number;
  snapshots: number;
  welcomes: number;
  /** Milliseconds spent handling live batches (decode + validate + sequence + merge), for bench/feedBrowser.ts. */
  busyMs: number;
}

/** A feed connection. Call `start()`, then `pull()` once per frame; `stop()` ends it. */
export class FeedClient {
  readonly counters: FeedClientCounters = {
    messages: 0,
    readings: 0,
    rejected: 0,
    duplicates: 0,
    gaps: 0,
    resyncs: 0,
    snapshots: 0,
    welcomes: 0,
    busyMs: 0,
  };
  /** Last applied sequence per stream (linkState, kpis, energyState: of the last applied latest-wins message). */
  readonly lastSeq = { readings: 0, events: 0, trips: 0, linkState: 0, kpis: 0, energy: 0, energyState: 0 };
  /**
   * Work-order stream (its own sequence: the server's event log): last applied seq, whether we hold state to resume
   * from, and counters (snapshots, gaps, duplicates) for tests.
   */
  readonly wo = { lastSeq: 0, hasState: false, snapshots: 0, gaps: 0, duplicates: 0, applied: 0 };
  /** Element counts of the server's grid model (from welcome; null = no energy model). */
  energyCounts: EnergyCounts | null = null;
  /** Road links of the server's scene (from welcome; 0 = no traffic model). */
  linkCount = 0;
  private hasState: boolean;
  private readonly merge = new MergeBuffer();
  private readonly decoded = createDecodedBatch();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly warn: RateLimitedLog;
  private socket: Socket | null = null;
  private sensorCount = -1;
  private expectedReadingSeq = -1;
  private awaitingSnapshot = false;
  private greeted = false;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly openIncidents = new Map<string, IncidentRecord>();
  private speed = 1;
  /** True until the first welcome's energy counts were handed over. */
  private lastWelcomeCountsUnsent = true;
  private welcomeSimMs = 0;
  private welcomeAtMs = 0;
  private newestSimMs = 0;
  private windowStartMs = 0;
  private windowMessages = 0;
  private windowReadings = 0;
  private readonly decodedLink = createDecodedLinkState();
  /** Latest link state not yet handed over (3 × linkCount), or null. */
  private pendingLink: Float32Array | null = null;
  private pendingLinkSimMs = 0;
  /** The trips being animated (worker's own copy) and whether the main thread has seen this set. */
  private trips = emptyTrips();
  private tripsDirty = false;
  /** Trip batches received since the last merge: merged once per pull, not once per batch (a resume may replay
   * thousands of batches in a burst, and each merge copies the whole set). */
  private pendingTrips: DecodedTripBatch[] = [];
  private readonly decodedEnergy: DecodedEnergyState = {
    seq: 0,
    simTimeMs: 0,
    counts: { bus: 0, hvLine: 0, station: 0, feeder: 0, storage: 0, pv: 0 },
    columns: createEnergyStateColumns({ bus: 0, hvLine: 0, station: 0, feeder: 0, storage: 0, pv: 0 }),
  };
  /** Energy changes not yet handed over (see energyFrame.ts). */
  private energyReset: { counts: EnergyCounts | null } | null = null;
  private pendingEnergyState: { simTimeMs: number; values: Float32Array } | null = null;
  private pendingEnergyMessages: EnergyMessage[] = [];
  /** Work orders: true while a woSubscribe is unanswered (events then are covered by its answer). */
  private woSubscribing = false;
  /** Bumped per subscription: an answer of an older one (before a reconnect) is ignored. */
  private woSubscription = 0;
  private woPendingSnapshot: WorkloadHandover['snapshot'] = null;
  private woPending: WoChange[] = [];
  /** The resilience streams (hazards.ts): snapshot, sequenced messages, flood frames, commands. */
  readonly hazards = new HazardFeed(
    (reason) => this.reject(reason),
    () => this.greeted,
  );
  /** Creates an idle client. */
  constructor(private readonly opts: FeedClientOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((line) => console.warn(`[feed] ${line}`));
    this.warn = createRateLimitedLog(this.log, this.now);
    const r = opts.resumeFrom ?? null;
    this.hasState = r !== null;
    if (r !== null) {
      this.lastSeq.readings = r.readings;
      this.lastSeq.events = r.events;
      this.lastSeq.trips = r.trips ?? 0;
      this.lastSeq.linkState = r.linkState ?? 0;
      this.lastSeq.kpis = r.kpis ?? 0;
      this.lastSeq.energy = r.energy ?? 0;
      this.lastSeq.energyState = r.energyState ?? 0;
    }
  }

  /** Connects (and keeps reconnecting until stop()). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const s = io(this.opts.url, {
      transports: ['websocket'],
      reconnection: false, // our own backoff, so that server-side disconnects reconnect too
      forceNew: true,
      autoConnect: false,
    });
    this.socket = s;
    s.on('connect', () => this.onConnect());
    s.on('disconnect', (reason) => this.onDisconnect(String(reason)));
    s.on('connect_error', (err) => this.onDisconnect(`connect error: ${err.message}`));
    s.on(FeedEvent.welcome, (m: unknown) => this.guard('welcome', () => this.onWelcome(m)));
    s.on(FeedEvent.batch, (m: unknown) => {
      const t0 = performance.now();
      this.guard('batch', () => this.onBatch(m));
      this.counters.busyMs += performance.now() - t0;
    });
    s.on(FeedEvent.event, (m: unknown) => this.guard('event', () => this.onEvent(m)));
    s.on(FeedEvent.snapshot, (m: unknown) => this.guard('snapshot', () => this.onSnapshot(m)));
    s.on(FeedEvent.notice, (m: unknown) => this.guard('notice', () => this.onNotice(m)));
    s.on(FeedEvent.linkState, (m: unknown) => this.guard('linkState', () => this.onLinkState(m)));
    s.on(FeedEvent.kpis, (m: unknown) => this.guard('kpis', () => this.onKpis(m)));
    s.on(FeedEvent.trips, (m: unknown) => this.guard('trips', () => this.onTrips(m)));
    s.on(FeedEvent.energyState, (m: unknown) => this.guard('energyState', () => this.onEnergyState(m)));
    s.on(FeedEvent.energy, (m: unknown) => this.guard('energy', () => this.onEnergy(m)));
    s.on(WorkloadEvent.event, (m: unknown) => this.guard('woEvent', () => this.onWoEvent(m)));
    this.hazards.attach(s, (what, fn) => this.guard(what, fn));
    s.on(FeedEvent.rejected, (m: unknown) => this.warn(`server rejected our message: ${JSON.stringify(m)}`));
    this.windowStartMs = this.now();
    this.statsTimer = setInterval(() => this.publishStats(), this.opts.statsIntervalMs ?? 1000);
    this.opts.sink.connection({ phase: 'connecting', attempt: 0 });
    s.connect();
  }

  /** Disconnects for good (start() may be called again later and resumes from the last sequences). */
  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.reconnectTimer = null;
    this.statsTimer = null;
    const s = this.socket;
    this.socket = null;
    if (s !== null) {
      s.removeAllListeners();
      s.disconnect();
    }
  }

  /** Everything merged since the last pull as one frame batch (see frameBatch.ts), or null when nothing changed. */
  pull(recycle?: ArrayBuffer | null): ArrayBuffer | null {
    return this.merge.take(recycle);
  }

  /**
   * The traffic state changed since the last call (latest link state, new trip set), or null. Fresh arrays: the
   * worker transfers their buffers to the main thread.
   */
  pullTraffic(): TrafficHandover | null {
    if (this.pendingLink === null && !this.tripsDirty) return null;
    this.flushTrips();
    const h: TrafficHandover = {
      linkCount: this.linkCount,
      link: this.pendingLink,
      linkSimTimeMs: this.pendingLinkSimMs,
      trips: this.tripsDirty ? cloneTrips(this.trips) : null,
    };
    this.pendingLink = null;
    this.tripsDirty = false;
    return h;
  }

  /** The energy changes since the last call (energyFrame.ts), or null. */
  pullEnergy(): EnergyHandover | null {
    if (
      this.energyReset === null &&
      this.pendingEnergyState === null &&
      this.pendingEnergyMessages.length === 0
    )
      return null;
    const h: EnergyHandover = {
      reset: this.energyReset,
      state: this.pendingEnergyState,
      messages: this.pendingEnergyMessages,
    };
    this.energyReset = null;
    this.pendingEnergyState = null;
    this.pendingEnergyMessages = [];
    return h;
  }

  /** The resilience changes since the last call (hazards.ts HazardHandover), or null. */
  pullHazards(): HazardHandover | null {
    return this.hazards.pull();
  }

  /**
   * Sends a hazard command (trigger / cancel / acknowledge, docs/protocol.md §9): resolves with the server's answer (a
   * refusal carries its reason), rejects when not connected, on timeout or a malformed answer.
   */
  requestHazardCommand(cmd: HazardCommand, timeoutMs?: number): Promise<HazardCommandAnswer> {
    return this.hazards.command(this.socket, cmd, timeoutMs);
  }

  /** The work-order changes since the last call (see WorkloadHandover), or null. */
  pullWorkload(): WorkloadHandover | null {
    if (this.woPendingSnapshot === null && this.woPending.length === 0) return null;
    const h: WorkloadHandover = { snapshot: this.woPendingSnapshot, changes: this.woPending };
    this.woPendingSnapshot = null;
    this.woPending = [];
    return h;
  }

  /**
   * Sends a work-order request (docs/protocol.md §8) and validates its answer. Rejects with a clear Error when the
   * feed is not connected, the server refuses (its reason verbatim), the answer is malformed or none comes in time.
   */
  requestWorkOrder(req: WoRequest, timeoutMs = 5000): Promise<WoCommitted | WoTimeline> {
    return new Promise((resolve, reject) => {
      const what =
        req.kind === 'action'
          ? `${req.action.kind} ${req.orderId}`
          : req.kind === 'report'
            ? `report ${req.report.category}`
            : `timeline ${req.orderId}`;
      const s = this.socket;
      if (s === null || !s.connected || !this.greeted)
        return reject(new Error(`${what}: the live feed is not connected`));
      let event: string;
      let payload: unknown;
      switch (req.kind) {
        case 'action':
          event = WorkloadEvent.action;
          payload = {
            orderId: req.orderId,
            action: req.action,
            actor: req.actor,
            ...(req.expectedVersion !== undefined ? { expectedVersion: req.expectedVersion } : {}),
          };
          break;
        case 'report':
          event = WorkloadEvent.report;
          payload = req.report;
          break;
        case 'timeline':
          event = WorkloadEvent.timeline;
          payload = { orderId: req.orderId };
          break;
        default: {
          const never: never = req;
          return reject(new Error(`unknown work-order request ${JSON.stringify(never)}`));
        }
      }
      s.timeout(timeoutMs).emit(event, payload, (err: Error | null, answer: unknown) => {
        if (err !== null) return reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
        const a =
          req.kind === 'timeline' ? parseWoTimelineAnswer(answer) : parseWoActionAnswer(answer, event);
        if (!a.ok) {
          // A refusal is the server's answer, not bad data: only malformed answers count as rejected.
          if (!(typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false))
            this.reject(a.reason);
          return reject(new Error(a.reason));
        }
        resolve(a.value);
      });
    });
  }

  /**
   * Asks the server for the history of one energy asset (docs/protocol.md §3c). Rejects with a clear Error when the
   * feed is not connected, the server runs no energy model, the index is out of range, the server refuses (its
   * reason) or no answer comes in time.
   */
  requestEnergySeries(kind: EnergyAssetKind, index: number, timeoutMs = 5000): Promise<EnergySeries> {
    return new Promise((resolve, reject) => {
      const what = `energy series ${kind} ${index}`;
      const s = this.socket;
      if (s === null || !s.connected || !this.greeted)
        return reject(new Error(`${what}: the live feed is not connected`));
      const counts = this.energyCounts;
      if (counts === null) return reject(new Error(`${what}: the server runs no energy model`));
      const q = parseEnergySeriesRequest({ kind, index }, counts);
      if (!q.ok) return reject(new Error(`${what}: ${q.reason}`));
      s.timeout(timeoutMs).emit(FeedEvent.energySeries, q.value, (err: Error | null, answer: unknown) => {
        if (err !== null) return reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
        const a = parseEnergySeriesAnswer(answer, q.value);
        if (!a.ok) {
          this.reject(a.reason);
          return reject(new Error(`${what}: invalid answer (${a.reason})`));
        }
        const v = a.value;
        if (!v.ok) return reject(new Error(`${what}: refused by the server: ${v.reason}`));
        const values: Record<string, Float32Array> = {};
        for (const [k, arr] of Object.entries(v.values)) values[k] = Float32Array.from(arr);
        resolve({ kind, index, simTimeMs: Float64Array.from(v.simTimeMs), values });
      });
    });
  }

  /** The trips being animated now (tests). */
  get activeTrips(): Readonly<ReturnType<typeof emptyTrips>> {
    this.flushTrips();
    return this.trips;
  }

  private flushTrips(): void {
    if (this.pendingTrips.length === 0) return;
    this.trips = mergeTrips(this.trips, this.pendingTrips, this.newestSimMs);
    this.pendingTrips = [];
  }

  /**
   * Asks the server for the history of road link `link` (docs/protocol.md §3b). Rejects with a clear Error when the
   * feed is not connected, the index is out of range, the server refuses (its reason) or no answer comes in time.
   */
  requestLinkSeries(link: number, timeoutMs = 5000): Promise<LinkSeries> {
    return new Promise((resolve, reject) => {
      const s = this.socket;
      if (s === null || !s.connected || !this.greeted)
        return reject(new Error(`link series ${link}: the live feed is not connected`));
      if (!Number.isInteger(link) || link < 0 || link >= this.linkCount) {
        return reject(
          new Error(`link series ${link}: no such road link (the scene has ${this.linkCount} road links)`),
        );
      }
      s.timeout(timeoutMs).emit(FeedEvent.linkSeries, { link }, (err: Error | null, answer: unknown) => {
        if (err !== null) return reject(new Error(`link series ${link}: no answer within ${timeoutMs} ms`));
        const a = parseLinkSeriesAnswer(answer, link);
        if (!a.ok) {
          this.reject(a.reason);
          return reject(new Error(`link series ${link}: invalid answer (${a.reason})`));
        }
        const v = a.value;
        if (!v.ok) return reject(new Error(`link series ${link}: refused by the server: ${v.reason}`));
        resolve({
          link,
          simTimeMs: Float64Array.from(v.simTimeMs),
          speedKph: Float32Array.from(v.speedKph),
          flowVph: Float32Array.from(v.flowVph),
          vc: Float32Array.from(v.vc),
        });
      });
    });
  }

  /** The underlying socket (tests use it to drop the transport). */
  get rawSocket(): Socket | null {
    return this.socket;
  }

  /** Simulates a network drop: closes the transport without telling the server (tests). */
  dropTransport(): void {
    this.socket?.io.engine?.close();
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // Handlers validate instead of throwing; this keeps a bug from killing the socket's event loop.
      this.reject(`${what}: internal error ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private reject(reason: string): void {
    this.counters.rejected++;
    this.warn(`rejected ${reason}`);
  }

  private onConnect(): void {
    this.greeted = false;
    const q = this.lastSeq;
    const hello: Hello = {
      protocol: PROTOCOL_VERSION,
      scene: this.opts.sceneName,
      resume: this.hasState
        ? {
            readings: q.readings,
            events: q.events,
            trips: q.trips,
            linkState: q.linkState,
            kpis: q.kpis,
            energy: q.energy,
            energyState: q.energyState,
          }
        : null,
    };
    this.socket?.emit(FeedEvent.hello, hello);
  }

  private onDisconnect(reason: string): void {
    this.greeted = false;
    this.woSubscribing = false;
    this.woSubscription++;
    if (this.stopped) return;
    if (this.reconnectTimer !== null) return;
    this.attempt++;
    const b = this.opts.backoff ?? { initialMs: 500, maxMs: 10_000 };
    // Exponential backoff with 50–100 % jitter so that a wall of screens does not reconnect in lockstep.
    const delay =
      Math.min(b.maxMs, b.initialMs * 2 ** Math.min(16, this.attempt - 1)) * (0.5 + 0.5 * Math.random());
    this.opts.sink.connection({ phase: 'disconnected', sinceMs: this.now(), reason, attempt: this.attempt });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped || this.socket === null) return;
      this.opts.sink.connection({ phase: 'connecting', attempt: this.attempt });
      this.socket.connect();
    }, delay);
  }

  private onWelcome(m: unknown): void {
    this.counters.messages++;
    const w = parseWelcome(m);
    if (!w.ok) return this.reject(w.reason);
    if (w.value.scene !== this.opts.sceneName) {
      return this.reject(
        `welcome: server serves scene '${w.value.scene}', expected '${this.opts.sceneName}'`,
      );
    }
    this.counters.welcomes++;
    this.greeted = true;
    this.hazards.onWelcome();
    if (w.value.sensorCount !== this.sensorCount) {
      this.sensorCount = w.value.sensorCount;
      this.merge.reset(this.sensorCount);
    }
    const lc = w.value.linkCount ?? 0;
    if (lc !== this.linkCount) {
      // Another network: drop link state and trips of the old one (the hand-over resizes the hot buffers).
      this.linkCount = lc;
      this.pendingLink = new Float32Array(3 * lc).fill(Number.NaN);
      this.pendingLinkSimMs = 0;
      this.trips = emptyTrips();
      this.pendingTrips = [];
      this.tripsDirty = true;
    }
    const ec = w.value.energy ?? null;
    const same =
      ec === null
        ? this.energyCounts === null
        : this.energyCounts !== null && sameEnergyCounts(ec, this.energyCounts);
    if (!same || this.lastWelcomeCountsUnsent) {
      // Another grid model (or the first welcome): the main thread resets its energy state and hot buffers.
      this.energyCounts = ec;
      this.energyReset = { counts: ec };
      this.pendingEnergyState = null;
      this.pendingEnergyMessages = [];
      this.lastSeq.energy = 0;
      this.lastSeq.energyState = 0;
      this.lastWelcomeCountsUnsent = false;
    }
    this.speed = w.value.speed;
    this.welcomeSimMs = w.value.simTimeMs;
    this.welcomeAtMs = this.now();
    this.attempt = 0;
    this.awaitingSnapshot = w.value.mode === 'snapshot';
    if (w.value.mode === 'replay') this.opts.sink.connection({ phase: 'live', sinceMs: this.now() });
    this.opts.sink.clock(w.value.simTimeMs, w.value.speed);
    if (this.opts.workOrders === true) this.woSubscribe(this.wo.hasState ? this.wo.lastSeq : null);
  }

  /**
   * Subscribes to the work-order stream: resume after `afterSeq` (the server replays from its ring) or, with null,
   * start over from a snapshot. Events that arrive before the answer are covered by it and dropped.
   */
  private woSubscribe(afterSeq: number | null): void {
    const s = this.socket;
    if (s === null) return;
    const id = ++this.woSubscription;
    this.woSubscribing = true;
    s.timeout(10_000).emit(WorkloadEvent.subscribe, { afterSeq }, (err: Error | null, answer: unknown) =>
      this.guard('woSubscribe', () => {
        if (id !== this.woSubscription) return; // superseded (reconnect, newer subscription)
        this.woSubscribing = false;
        // No answer: most likely a server without work orders (it rejects the event without an acknowledgement).
        if (err !== null) return this.warn('work orders: woSubscribe got no answer within 10000 ms');
        // A server without work orders refuses the unknown event: no work-order stream, nothing to count.
        if (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false) {
          this.warn(`work orders unavailable: ${String((answer as { reason?: unknown }).reason)}`);
          return;
        }
        const a = parseWoSubscribeAnswer(answer);
        if (!a.ok) return this.reject(a.reason);
        if (a.value.mode === 'snapshot') {
          const snap = a.value.snapshot;
          this.wo.lastSeq = snap.lastSeq;
          this.wo.hasState = true;
          this.wo.snapshots++;
          this.woPendingSnapshot = { orders: [...snap.open, ...snap.recentClosed], lastSeq: snap.lastSeq };
          this.woPending = [];
        }
        // Replay: the missed events follow as woEvent messages, sequenced as usual.
      }),
    );
  }

  private onWoEvent(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    const p = parseWoEvent(m);
    if (!p.ok) return this.reject(p.reason);
    if (!this.greeted || this.woSubscribing) return;
    const c = p.value;
    if (c.seq <= this.wo.lastSeq) {
      this.wo.duplicates++;
      return;
    }
    if (c.seq !== this.wo.lastSeq + 1) {
      // A lost event would leave an order stale: start over from a snapshot.
      this.wo.gaps++;
      this.warn(`work orders: gap (event ${c.seq} after ${this.wo.lastSeq}), re-subscribing for a snapshot`);
      return this.woSubscribe(null);
    }
    this.wo.lastSeq = c.seq;
    this.wo.hasState = true;
    this.wo.applied++;
    this.woPending.push({ event: c.event, order: c.order });
  }

  private onBatch(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('batch: before welcome');
    const b = this.decoded;
    const r = decodeReadingBatch(m, this.sensorCount, b);
    // A rejected batch leaves a hole in the sequence: the next good batch shows the gap and triggers a resync.
    if (!r.ok) return this.reject(r.reason);
    if ((b.flags & BatchFlag.snapshot) !== 0)
      return this.reject(`batch ${b.batchSeq}: snapshot flag on a live batch`);
    if (this.awaitingSnapshot) return; // the snapshot on its way covers this batch
    if (b.batchSeq <= this.lastSeq.readings) {
      this.counters.duplicates++;
      return;
    }
    if (b.batchSeq !== this.lastSeq.readings + 1) {
      return this.requestResync(`gap: batch ${b.batchSeq} after ${this.lastSeq.readings}`);
    }
    if (this.expectedReadingSeq >= 0 && b.firstReadingSeq !== this.expectedReadingSeq) {
      return this.requestResync(`gap: reading ${b.firstReadingSeq}, expected ${this.expectedReadingSeq}`);
    }
    this.opts.onBatchApplied?.(b);
    this.merge.add(b);
    this.lastSeq.readings = b.batchSeq;
    this.expectedReadingSeq = b.firstReadingSeq + b.count;
    this.counters.readings += b.count;
    this.windowReadings += b.count;
    if (b.simTimeMs > this.newestSimMs) this.newestSimMs = b.simTimeMs;
  }

  private onEvent(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    const e = parseEventMessage(m);
    if (!e.ok) return this.reject(e.reason);
    if (!this.greeted || this.awaitingSnapshot) return;
    const ev = e.value;
    if (ev.seq <= this.lastSeq.events) {
      this.counters.duplicates++;
      return;
    }
    if (ev.seq !== this.lastSeq.events + 1)
      return this.requestResync(`gap: event ${ev.seq} after ${this.lastSeq.events}`);
    this.lastSeq.events = ev.seq;
    switch (ev.kind) {
      case 'incident':
        if (ev.incident.cleared) this.openIncidents.delete(ev.incident.id);
        else this.openIncidents.set(ev.incident.id, ev.incident);
        this.opts.sink.incidents([ev.incident]);
        break;
      case 'notice':
        this.opts.sink.notice({ ...ev.notice, atMs: this.now() });
        break;
      default: {
        const never: never = ev;
        void never;
      }
    }
  }

  private onSnapshot(m: unknown): void {
    this.counters.messages++;
    const p = parseSnapshot(m);
    if (!p.ok) return this.reject(p.reason);
    if (!this.greeted) return this.reject('snapshot: before welcome');
    const snap = p.value;
    const b = this.decoded;
    const r = decodeReadingBatch(snap.latest, this.sensorCount, b);
    if (!r.ok) return this.reject(`snapshot.latest: ${r.reason}`);
    if ((b.flags & BatchFlag.snapshot) === 0) return this.reject('snapshot.latest: snapshot flag missing');
    this.merge.add(b);
    this.lastSeq.readings = snap.seq.readings;
    this.lastSeq.events = snap.seq.events;
    // Trips: the snapshot's active set replaces ours. Link state and KPIs: the server sends its latest right after
    // the snapshot; until then the links show "no data" rather than a stale state from before the gap.
    this.lastSeq.trips = snap.seq.trips ?? 0;
    this.lastSeq.linkState = 0;
    this.lastSeq.kpis = 0;
    // Energy: the server resends its whole message ring (the day's history) and the latest state after a snapshot.
    this.lastSeq.energy = 0;
    this.lastSeq.energyState = 0;
    this.energyReset = { counts: this.energyCounts };
    this.pendingEnergyState = null;
    this.pendingEnergyMessages = [];
    this.pendingLink = new Float32Array(3 * this.linkCount).fill(Number.NaN);
    this.pendingLinkSimMs = 0;
    let snapTrips: DecodedTripBatch | null = null;
    if (snap.trips !== undefined) {
      const t = decodeTripBatch(snap.trips, this.linkCount);
      if (!t.ok) this.reject(`snapshot.trips: ${t.reason}`);
      else if ((t.value.flags & BatchFlag.snapshot) === 0)
        this.reject('snapshot.trips: snapshot flag missing');
      else snapTrips = t.value;
    }
    if (snapTrips !== null) this.opts.onTripsApplied?.(snapTrips);
    this.pendingTrips = [];
    this.trips = mergeTrips(emptyTrips(), snapTrips === null ? [] : [snapTrips], snap.simTimeMs);
    this.tripsDirty = true;
    this.expectedReadingSeq = snap.nextReadingSeq;
    this.hasState = true;
    this.awaitingSnapshot = false;
    this.counters.snapshots++;
    if (snap.reason !== 'initial') this.counters.resyncs++;
    if (snap.simTimeMs > this.newestSimMs) this.newestSimMs = snap.simTimeMs;
    // Incidents that cleared while we were away are not in the snapshot: close them locally.
    const open = new Set(snap.incidents.map((i) => i.id));
    const upserts: IncidentRecord[] = [...snap.incidents];
    for (const [id, inc] of this.openIncidents) {
      if (!open.has(id)) upserts.push({ ...inc, cleared: true });
    }
    this.openIncidents.clear();
    for (const inc of snap.incidents) this.openIncidents.set(inc.id, inc);
    if (upserts.length > 0) this.opts.sink.incidents(upserts);
    this.opts.sink.connection({ phase: 'live', sinceMs: this.now() });
  }

  private onLinkState(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('linkState: before welcome');
    const d = this.decodedLink;
    const r = decodeLinkState(m, this.linkCount, d);
    if (!r.ok) return this.reject(r.reason);
    if (this.awaitingSnapshot) return; // the snapshot is followed by the latest state
    // Latest wins: anything not newer than what we applied is a duplicate; a skipped sequence is no loss (each
    // message is the complete state), so there is no gap rule here.
    if (d.seq <= this.lastSeq.linkState) {
      this.counters.duplicates++;
      return;
    }
    this.lastSeq.linkState = d.seq;
    const n = d.linkCount;
    const link = new Float32Array(3 * n);
    link.set(d.speedKph, 0);
    link.set(d.flowVph, n);
    link.set(d.vc, 2 * n);
    this.pendingLink = link;
    this.pendingLinkSimMs = d.simTimeMs;
  }

  private onEnergyState(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('energyState: before welcome');
    const counts = this.energyCounts;
    if (counts === null) return this.reject('energyState: the welcome announced no energy model');
    const d = this.decodedEnergy;
    const r = decodeEnergyState(m, counts, d);
    if (!r.ok) return this.reject(r.reason);
    if (this.awaitingSnapshot) return;
    // Latest wins, as link state.
    if (d.seq <= this.lastSeq.energyState) {
      this.counters.duplicates++;
      return;
    }
    this.lastSeq.energyState = d.seq;
    this.pendingEnergyState = { simTimeMs: d.simTimeMs, values: packEnergyColumns(counts, d.columns) };
  }

  private onEnergy(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('energy: before welcome');
    const counts = this.energyCounts;
    if (counts === null) return this.reject('energy: the welcome announced no energy model');
    const e = parseEnergyMessage(m, counts);
    if (!e.ok) return this.reject(e.reason);
    if (this.awaitingSnapshot) return;
    // A skipped sequence is history older than the server's ring (no state lost: each message carries the active
    // alarms), so it is applied, not resynced; older or repeated messages are duplicates.
    if (e.value.seq <= this.lastSeq.energy) {
      this.counters.duplicates++;
      return;
    }
    this.lastSeq.energy = e.value.seq;
    this.pendingEnergyMessages.push(e.value);
    // Bounds what a long burst holds (the store keeps 24 h anyway).
    if (this.pendingEnergyMessages.length > 2000) this.pendingEnergyMessages.splice(0, 1000);
  }

  private onKpis(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('kpis: before welcome');
    const k = parseKpiMessage(m, this.linkCount);
    if (!k.ok) return this.reject(k.reason);
    if (this.awaitingSnapshot) return;
    if (k.value.seq <= this.lastSeq.kpis) {
      this.counters.duplicates++;
      return;
    }
    this.lastSeq.kpis = k.value.seq;
    this.opts.sink.kpis(k.value.kpis);
  }

  private onTrips(m: unknown): void {
    this.counters.messages++;
    this.windowMessages++;
    if (!this.greeted) return this.reject('trips: before welcome');
    const t = decodeTripBatch(m, this.linkCount);
    if (!t.ok) return this.reject(t.reason);
    const b = t.value;
    if ((b.flags & BatchFlag.snapshot) !== 0)
      return this.reject(`trips ${b.seq}: snapshot flag on a live batch`);
    if (this.awaitingSnapshot) return;
    if (b.seq <= this.lastSeq.trips) {
      this.counters.duplicates++;
      return;
    }
    if (b.seq !== this.lastSeq.trips + 1)
      return this.requestResync(`gap: trip batch ${b.seq} after ${this.lastSeq.trips}`);
    this.lastSeq.trips = b.seq;
    this.opts.onTripsApplied?.(b);
    if (b.simTimeMs > this.newestSimMs) this.newestSimMs = b.simTimeMs;
    this.pendingTrips.push(b);
    this.tripsDirty = true;
    if (this.pendingTrips.length >= 256) this.flushTrips(); // bounds what a long burst holds
  }

  private onNotice(m: unknown): void {
    this.counters.messages++;
    const n = parseNotice(m);
    if (!n.ok) return this.reject(n.reason);
    this.opts.sink.notice({ level: n.value.level, zh: n.value.zh, en: n.value.en, atMs: this.now() });
  }

  private requestResync(reason: string): void {
    this.counters.gaps++;
    if (this.awaitingSnapshot) return;
    this.awaitingSnapshot = true;
    this.warn(`resync requested: ${reason}`);
    this.opts.sink.connection({ phase: 'resyncing', reason });
    this.socket?.emit(FeedEvent.resync, { reason });
  }

  private publishStats(): void {
    const t = this.now();
    const dtS = Math.max(0.001, (t - this.windowStartMs) / 1000);
    // Lag: how far (real ms) the newest applied reading trails the server's simulation clock as extrapolated from
    // the welcome (sim time advances `speed` ms per real ms).
    const simNow = this.welcomeSimMs + (t - this.welcomeAtMs) * this.speed;
    const lagMs = this.newestSimMs > 0 ? Math.max(0, (simNow - this.newestSimMs) / this.speed) : 0;
    this.opts.sink.stats({
      lagMs,
      messagesPerS: this.windowMessages / dtS,
      readingsPerS: this.windowReadings / dtS,
      rejected: this.counters.rejected,
      lastSeq: { ...this.lastSeq },
      resyncs: this.counters.resyncs,
    });
    if (this.newestSimMs > 0) this.opts.sink.clock(this.newestSimMs, this.speed);
    this.windowStartMs = t;
    this.windowMessages = 0;
    this.windowReadings = 0;
  }
}
