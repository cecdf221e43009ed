/**
 * The feed server: one HTTP server that serves the static app and scenes and carries the socket.io feed
 * (docs/protocol.md). A seeded simulation clock (real time × speed) drives the placeholder city simulator; every
 * tick becomes one binary reading batch broadcast to the `live` room, plus JSON events for incident changes. Both
 * streams are sequenced and kept in bounded replay windows; clients resume from their last sequences or get a
 * snapshot. Every client message is validated; bad ones are rejected, counted and logged (rate-limited).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import {
  BatchFlag,
  CHANNEL_COUNT,
  FeedEvent,
  PROTOCOL_VERSION,
  ReadingColumns,
  createRateLimitedLog,
  encodeReadingBatch,
  parseHello,
  parseLinkSeriesRequest,
  parseEnergySeriesRequest,
  type EnergyCounts,
  type EnergyMessage,
  type HazardCommand,
  type HazardMessage,
  parseResyncRequest,
  type EventMessage,
  type KpiMessage,
  type Hello,
  type Notice,
  type Snapshot,
  type Welcome,
} from '../src/core/protocol/index.ts';
import type { CityModel } from '../src/core/scene/types.ts';
import { createCitySimulator, type CitySimOptions } from '../src/core/sim/citySimulator.ts';
import { createFlood, type FloodOptions } from './flood.ts';
import type { ReadingColumns as ReadingColumnsT } from '../src/core/protocol/index.ts';
import { ReplayRing } from './replayRing.ts';
import type { ServerModule } from './serverModules.ts';
import { attachWall } from './wall/index.ts';
import { attachPlan } from './plan/index.ts';
import { attachHistory } from './history/index.ts';
import { createStaticHandler, type StaticDir } from './staticFiles.ts';
import { TrafficStreams, type TrafficSource } from './trafficStreams.ts';
import { EnergyStreams } from './energyStreams.ts';
import { HazardStreams } from './hazardStreams.ts';
import { hazardLimitsOf, type ScheduledHazard } from './hazardOption.ts';
import { HazardEvent } from '../src/core/protocol/index.ts';
import {
  openWorkloadService,
  wireWorkloadFeed,
  workloadFiles,
  type WorkloadFeed,
  type WorkloadFeedOptions,
} from './workload/feedHook.ts';

/**
 * A source of readings that replaces the simulator (e.g. the METR-LA replay, metrLa.ts): each tick appends the
 * readings whose time lies in (prevSimMs, simMs] to `out`. With a replay there are no incidents and no traffic model.
 */
export interface ReadingReplay {
  /** One line for the log, e.g. "METR-LA, 207 sensors, 2016 rows". */
  readonly description: string;
  step(prevSimMs: number, simMs: number, out: ReadingColumnsT): void;
}

/** Options of {@link createFeedServer}. */
export interface FeedServerOptions {
  scene: CityModel;
  sceneName: string;
  seed: number;
  /** Simulation seconds per real second. */
  speed: number;
  /** Simulation time at start, ms since the Unix epoch. */
  startSimMs: number;
  /** 0 = ephemeral. */
  port: number;
  host?: string;
  /** Batches per real second (default 5). */
  batchHz?: number;
  /** Reading batches kept for resume (default 10 minutes of batches). */
  replayWindowBatches?: number;
  /** Events kept for resume (default 10,000). */
  replayWindowEvents?: number;
  staticDirs?: StaticDir[];
  /** index.html served for client routes. */
  spaFallback?: string;
  /** Real clock, ms (default Date.now). */
  now?: () => number;
  log?: (line: string) => void;
  /** Run the tick timer (default true); tests may turn it off and call `tick()`. */
  autoTick?: boolean;
  /** Simulator options besides the seed (report periods, weather, incident rate, traffic model). */
  sim?: Omit<CitySimOptions, 'seed'>;
  /** Target number of animated vehicles of the traffic model (`--vehicles`; sim.traffic.targetVehicles). */
  vehicles?: number;
  /** Replays recorded readings instead of running the simulator (`--replay metr-la`). */
  replay?: ReadingReplay;
  /** Scene the app opens when its URL names none: `/` redirects to `/?scene=<defaultScene>` (replay mode). */
  defaultScene?: string;
  /** Trip batches kept for resume (default as many as reading batches). */
  replayWindowTrips?: number;
  /** Hours of per-link history for `linkSeries` (default 3; bounded to 48 MiB, docs/protocol.md §3b). */
  seriesHours?: number;
  /** Link-series requests a client may make per second (token bucket, burst 2×; default 5). */
  seriesRatePerS?: number;
  /** Called with every emitted live batch (tests and tools). */
  onBatch?: (batchSeq: number, bytes: Uint8Array) => void;
  /** Called with every emitted traffic message: link state and trip bytes, KPI messages (tests and tools). */
  onTraffic?: (
    m:
      | { kind: 'linkState'; bytes: Uint8Array }
      | { kind: 'trips'; bytes: Uint8Array }
      | { kind: 'kpis'; message: KpiMessage },
  ) => void;
  /** Called with every emitted energy message: state bytes and `energy` stream messages (tests and tools). */
  onEnergy?: (m: { kind: 'state'; bytes: Uint8Array } | { kind: 'energy'; message: EnergyMessage }) => void;
  /**
   * Benchmark mode (bench/feedBrowser.ts, flood.ts): tops every batch up with random but valid readings over the
   * scene's sensors so the feed carries `readingsPerS` in total. Off by default.
   */
  flood?: FloodOptions;
  /** Work orders (issue 6, docs/protocol.md §8): PGlite in `dataDir` or DATABASE_URL; off when absent. */
  workload?: WorkloadFeedOptions;
  /**
   * When the work-order log already reaches past `startSimMs` (a restart on the same data), start the clock at the
   * log's end, rounded up to the next minute, so the twin continues where it stopped (start.ts/main.ts: unless
   * `--start` is given).
   */
  continueClock?: boolean;
  /** Hazards triggered on a schedule (`--hazard`, `--rain`; hazardOption.ts), relative times from the actual start. */
  hazards?: readonly ScheduledHazard[];
  /** Called with every emitted hazard message and flood frame (tests and tools). */
  onHazard?: (m: { kind: 'hazard'; message: HazardMessage } | { kind: 'flood'; bytes: ArrayBuffer }) => void;
}

/** Server counters. */
export interface ServerStats {
  /** Sockets connected now. */
  clients: number;
  connections: number;
  batchSeq: number;
  eventSeq: number;
  /** Readings emitted since start. */
  readings: number;
  replays: number;
  snapshots: number;
  /** Link-state messages, KPI messages and trip batches emitted. */
  linkStates: number;
  kpis: number;
  tripBatches: number;
  /** Energy-state messages and `energy` stream messages emitted. */
  energyStates: number;
  energyMessages: number;
  /** `hazard` stream messages, binary flood frames and hazard commands run (accepted or refused). */
  hazardMessages: number;
  hazardFloodFrames: number;
  hazardCommands: number;
  /** Client messages rejected (validation, unknown events, transport-level parse/size errors). */
  rejected: number;
  rejectedByReason: Record<string, number>;
  simTimeMs: number;
}

/** A running feed server. */
export interface FeedServer {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): ServerStats;
  /** Produces the next tick now (for tests with autoTick: false). */
  tick(): void;
  /** Changes the flood rate (readings/s, 0 = simulator only) from the next tick on (benchmarks). */
  setFloodRate(readingsPerS: number): void;
  io: Server;
  http: HttpServer;
  /** The work-order service, or null when the server runs none. */
  workload: WorkloadFeed | null;
  /** The hazard schedule, commands and streams (runtime: the simulator's `hazards`; none in replay mode). */
  hazards: HazardStreams;
}

const ROOM = 'live';
const HELLO_TIMEOUT_MS = 10_000;
/** socket.io frame limit: client messages are tiny; anything near this is hostile. */
const MAX_HTTP_BUFFER_BYTES = 1024 * 1024;
/** Ticks produced at most per timer callback when the process stalled (the sim then skips ahead). */
const MAX_CATCH_UP_TICKS = 50;
/** hzCommand rate per client (token bucket): 2 per second, bursts of 5. */
const COMMAND_RATE_PER_S = 2;
const COMMAND_BURST = 5;

/** A short description of a hazard command for the log. */
function describeCommand(c: HazardCommand): string {
  return c.op === 'trigger' ? `trigger ${c.spec.kind}` : `${c.op} ${c.id}`;
}

/** Starts a feed server; resolves once it listens. */
export async function createFeedServer(opts: FeedServerOptions): Promise<FeedServer> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.log(`[feed] ${line}`));
  const rejectLog = createRateLimitedLog(log, now);
  const batchHz = opts.batchHz ?? 5;
  if (!(batchHz > 0 && batchHz <= 200))
    throw new RangeError(`batchHz ${batchHz}: expected 0 < batchHz ≤ 200`);
  if (!(opts.speed > 0)) throw new RangeError(`speed ${opts.speed}: expected > 0`);
  const periodMs = 1000 / batchHz;
  const sensorCount = opts.scene.sensors.count;
  const linkCount = opts.scene.roads.linkCount;
  let simOpts: CitySimOptions = { ...opts.sim, seed: opts.seed };
  if (opts.vehicles !== undefined) {
    if (!(Number.isInteger(opts.vehicles) && opts.vehicles >= 1))
      throw new RangeError(`vehicles ${opts.vehicles}: expected a positive integer`);
    simOpts = { ...simOpts, traffic: { ...simOpts.traffic, targetVehicles: opts.vehicles } };
  }
  const replay = opts.replay ?? null;
  const sim = replay === null ? createCitySimulator(opts.scene, simOpts) : null;
  // The traffic model (src/core/traffic via CitySimulator.traffic); absent in replay mode and without road links.
  const traffic: TrafficSource | null = sim === null || linkCount === 0 ? null : sim.traffic;
  const trafficStreams = new TrafficStreams({
    linkCount,
    minTicksBetweenStates: Math.max(1, Math.round(batchHz)),
    replayWindowTrips: opts.replayWindowTrips ?? Math.round(600 * batchHz),
    ...(opts.seriesHours !== undefined ? { seriesHours: opts.seriesHours } : {}),
  });
  // The energy model (src/core/energy/city via CitySimulator.energy); absent in replay mode or when turned off.
  const energy = sim?.energy ?? null;
  const energyCounts: EnergyCounts | null =
    energy === null
      ? null
      : {
          bus: energy.grid.busCount,
          hvLine: energy.grid.hvLineCount,
          station: energy.grid.stationCount,
          feeder: energy.grid.feederCount,
          storage: energy.grid.storage.count,
          pv: energy.grid.pv.count,
        };
  const energyStreams = energyCounts === null ? null : new EnergyStreams({ counts: energyCounts });
  const seriesRate = opts.seriesRatePerS ?? 5;
  const batches = new ReplayRing<Uint8Array>(opts.replayWindowBatches ?? Math.round(600 * batchHz));
  const events = new ReplayRing<EventMessage>(opts.replayWindowEvents ?? 10_000);
  const cols = new ReadingColumns(Math.max(1024, sensorCount * 3));
  const flood = createFlood(opts.scene.sensors, batchHz, opts.flood ?? { readingsPerS: 0 }, opts.seed);
  // Latest value per sensor × channel for snapshots; NaN = never reported.
  const latest = new Float32Array(sensorCount * CHANNEL_COUNT).fill(Number.NaN);
  // Work orders: the database opens (seconds for a cold PGlite) before the clock starts.
  const workloadService =
    opts.workload === undefined ? null : await openWorkloadService(opts.workload, opts.startSimMs, log);
  const logEnd = workloadService?.logEndSimMs ?? Number.NaN;
  const startSimMs =
    opts.continueClock === true && logEnd > opts.startSimMs
      ? Math.ceil(logEnd / 60_000) * 60_000
      : opts.startSimMs;
  if (startSimMs !== opts.startSimMs)
    log(`clock continues from the work-order log: ${new Date(startSimMs).toISOString()}`);
  const startRealMs = now();
  let ticks = 0;
  let nextReadingSeq = 0;
  let lastTickSimMs = startSimMs;

  const stats: ServerStats = {
    clients: 0,
    connections: 0,
    batchSeq: 0,
    eventSeq: 0,
    readings: 0,
    replays: 0,
    snapshots: 0,
    linkStates: 0,
    kpis: 0,
    tripBatches: 0,
    energyStates: 0,
    energyMessages: 0,
    hazardMessages: 0,
    hazardFloodFrames: 0,
    hazardCommands: 0,
    rejected: 0,
    rejectedByReason: {},
    simTimeMs: startSimMs,
  };

  const http = createServer(
    createStaticHandler(
      opts.workload === undefined
        ? (opts.staticDirs ?? [])
        : [...(opts.staticDirs ?? []), workloadFiles(opts.workload)],
      opts.spaFallback,
      opts.defaultScene === undefined ? undefined : { defaultScene: opts.defaultScene },
    ),
  );
  const io = new Server(http, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    cors: { origin: true },
    serveClient: false,
  });

  const workload: WorkloadFeed | null =
    workloadService === null || opts.workload === undefined
      ? null
      : wireWorkloadFeed(workloadService, opts.workload, {
          io,
          scene: opts.scene,
          seed: opts.seed,
          startSimMs: startSimMs,
          energy,
          hazards: sim?.hazards ?? null,
          log,
          reject,
        });
  // Hazards (docs/protocol.md §9): the simulator's runtime, the schedule, the operators' commands.
  const hazardStreams = new HazardStreams(sim?.hazards ?? null, {
    limits: hazardLimitsOf(opts.scene),
    ...(opts.hazards !== undefined ? { schedule: opts.hazards } : {}),
    startSimMs,
    log,
  });

  const simNowMs = (): number => startSimMs + (now() - startRealMs) * opts.speed;

  // The three modes' modules (issue 7): wall state, saved scenarios, KPI history, each on its own namespace.
  const moduleCtx = {
    io,
    scene: opts.scene,
    sceneName: opts.sceneName,
    seed: opts.seed,
    speed: opts.speed,
    log,
    db: workloadService?.store.db ?? null,
    workload: workloadService,
    simNowMs: () => lastTickSimMs,
    now,
    hazardSnapshot: () => hazardStreams.snapshot(lastTickSimMs),
  };
  const modules: ServerModule[] = [
    await attachWall(moduleCtx),
    await attachPlan(moduleCtx),
    await attachHistory(moduleCtx),
  ];

  function reject(socket: Socket, event: string, reason: string): void {
    stats.rejected++;
    const key = reason.split(':')[0] ?? reason;
    stats.rejectedByReason[key] = (stats.rejectedByReason[key] ?? 0) + 1;
    rejectLog(`rejected ${event} from ${socket.id}: ${reason}`);
    if (socket.connected) socket.emit(FeedEvent.rejected, { event, reason });
  }

  /** Produces one tick: simulator step → batch + events → window → room. */
  function tick(): void {
    // Tick k has simulation time start + k·period·speed exactly, so the feed is the same whatever the timer jitter.
    const simMs = startSimMs + ticks * periodMs * opts.speed;
    const tickIndex = ticks++;
    cols.clear();
    let changes: ReturnType<NonNullable<typeof sim>['step']> = [];
    hazardStreams.beforeStep(simMs);
    if (sim !== null) changes = sim.step(simMs, cols);
    else replay?.step(tickIndex === 0 ? Number.NEGATIVE_INFINITY : lastTickSimMs, simMs, cols);
    flood.fill(tickIndex, cols);
    const n = cols.count;
    for (let i = 0; i < n; i++) {
      latest[(cols.sensorIndex[i] as number) * CHANNEL_COUNT + (cols.channel[i] as number)] = cols.value[
        i
      ] as number;
    }
    const seq = batches.last + 1;
    const bytes = encodeReadingBatch(
      { batchSeq: seq, firstReadingSeq: nextReadingSeq, simTimeMs: simMs, flags: 0 },
      n,
      cols.sensorIndex,
      cols.channel,
      cols.value,
    );
    nextReadingSeq += n;
    batches.push(seq, bytes);
    stats.batchSeq = seq;
    stats.readings += n;
    stats.simTimeMs = simMs;
    lastTickSimMs = simMs;
    opts.onBatch?.(seq, bytes);
    io.to(ROOM).emit(FeedEvent.batch, bytes);
    for (const c of changes) {
      const ev: EventMessage = {
        seq: events.last + 1,
        simTimeMs: simMs,
        kind: 'incident',
        op: c.op,
        incident: c.incident,
      };
      events.push(ev.seq, ev);
      stats.eventSeq = ev.seq;
      io.to(ROOM).emit(FeedEvent.event, ev);
    }
    let trafficKpisOut: KpiMessage | null = null;
    if (traffic !== null) {
      const t = trafficStreams.tick(traffic, simMs);
      trafficKpisOut = t.kpis;
      if (t.linkState !== null) {
        stats.linkStates++;
        opts.onTraffic?.({ kind: 'linkState', bytes: t.linkState });
        io.to(ROOM).emit(FeedEvent.linkState, t.linkState);
      }
      if (t.kpis !== null) {
        stats.kpis++;
        opts.onTraffic?.({ kind: 'kpis', message: t.kpis });
        io.to(ROOM).emit(FeedEvent.kpis, t.kpis);
      }
      if (t.trips !== null) {
        stats.tripBatches++;
        opts.onTraffic?.({ kind: 'trips', bytes: t.trips });
        io.to(ROOM).emit(FeedEvent.trips, t.trips);
      }
    }
    let energyOut: EnergyMessage[] = [];
    if (energy !== null && energyStreams !== null) {
      const e = energyStreams.tick(energy.model);
      energyOut = e.messages;
      for (const m of e.messages) {
        stats.energyMessages++;
        opts.onEnergy?.({ kind: 'energy', message: m });
        io.to(ROOM).emit(FeedEvent.energy, m);
      }
      if (e.state !== null) {
        stats.energyStates++;
        opts.onEnergy?.({ kind: 'state', bytes: e.state });
        io.to(ROOM).emit(FeedEvent.energyState, e.state);
      }
    }
    const hz = hazardStreams.afterStep(simMs);
    for (const m of hz.messages) {
      stats.hazardMessages++;
      opts.onHazard?.({ kind: 'hazard', message: m });
      io.to(ROOM).emit(HazardEvent.stream, m);
    }
    if (hz.flood !== null) {
      stats.hazardFloodFrames++;
      opts.onHazard?.({ kind: 'flood', bytes: hz.flood });
      io.to(ROOM).emit(HazardEvent.flood, hz.flood);
    }
    workload?.tick(simMs, changes, energyOut, hz.reports);
    const out = { simMs, trafficKpis: trafficKpisOut, energy: energyOut, hazards: hz.messages };
    for (const m of modules) {
      try {
        m.tick?.(out);
      } catch (err) {
        rejectLog(`module ${m.name}: tick failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The hazard snapshot, then the latest flood frame: a (re)connecting client's whole hazard state. */
  function sendHazards(socket: Socket): void {
    socket.emit(HazardEvent.snapshot, hazardStreams.snapshot(lastTickSimMs));
    if (hazardStreams.latestFlood !== null) socket.emit(HazardEvent.flood, hazardStreams.latestFlood);
  }

  /**
   * Sends the `energy` messages after `afterSeq` still in the ring (all of them after a snapshot: the day's balance
   * history), then the latest energy state unless the client already applied it.
   */
  function sendEnergy(socket: Socket, afterSeq: number, afterState: number): void {
    if (energyStreams === null) return;
    const ring = energyStreams.messages;
    ring.forEachAfter(Math.max(afterSeq, ring.first - 1), (_s, m) => socket.emit(FeedEvent.energy, m));
    const st = energyStreams.latestState;
    if (st !== null && energyStreams.stateSeq > afterState) socket.emit(FeedEvent.energyState, st);
  }

  /** Sends the latest link state and KPIs unless the client already applied them (`after` = its sequences). */
  function sendTrafficState(socket: Socket, after: { linkState: number; kpis: number }): void {
    const ls = trafficStreams.latestLinkState;
    if (ls !== null && trafficStreams.linkStateSeq > after.linkState) socket.emit(FeedEvent.linkState, ls);
    const k = trafficStreams.latestKpis;
    if (k !== null && k.seq > after.kpis) socket.emit(FeedEvent.kpis, k);
  }

  function buildSnapshot(reason: Snapshot['reason']): Snapshot {
    let n = 0;
    for (let k = 0; k < latest.length; k++) if (!Number.isNaN(latest[k])) n++;
    const s = new Uint32Array(n);
    const c = new Uint8Array(n);
    const v = new Float32Array(n);
    let j = 0;
    for (let k = 0; k < latest.length; k++) {
      const val = latest[k] as number;
      if (Number.isNaN(val)) continue;
      s[j] = Math.floor(k / CHANNEL_COUNT);
      c[j] = k % CHANNEL_COUNT;
      v[j] = val;
      j++;
    }
    const bytes = encodeReadingBatch(
      { batchSeq: batches.last, firstReadingSeq: 0, simTimeMs: lastTickSimMs, flags: BatchFlag.snapshot },
      n,
      s,
      c,
      v,
    );
    const base: Snapshot = {
      reason,
      seq: {
        readings: batches.last,
        events: events.last,
        trips: trafficStreams.trips.last,
        ...(energyStreams === null
          ? {}
          : { energy: energyStreams.messages.last, energyState: energyStreams.stateSeq }),
      },
      nextReadingSeq,
      simTimeMs: lastTickSimMs,
      incidents: sim?.openIncidents() ?? [],
      latest: bytes,
    };
    return traffic === null ? base : { ...base, trips: trafficStreams.activeTrips(lastTickSimMs) };
  }

  function sendSnapshot(socket: Socket, reason: Snapshot['reason']): void {
    stats.snapshots++;
    socket.emit(FeedEvent.snapshot, buildSnapshot(reason));
    // A snapshot replaces the client's traffic and energy state too: the latest state messages follow it, always,
    // and the energy history (the ring's messages) with them.
    sendTrafficState(socket, { linkState: 0, kpis: 0 });
    sendEnergy(socket, 0, 0);
    if (reason === 'behind-window' || reason === 'ahead-of-server') {
      const notice: Notice = {
        code: 'resynced',
        level: 'warn',
        zh: '与实时数据流断开过久，已从快照重新同步',
        en: 'Away longer than the replay window: resynced from a snapshot',
      };
      socket.emit(FeedEvent.notice, notice);
    }
  }

  function welcome(socket: Socket, hello: Hello): void {
    const r = hello.resume;
    const tripRing = trafficStreams.trips;
    // A client that does not know the traffic streams omits their sequences: it is owed nothing older than now.
    const rTrips = r?.trips ?? tripRing.last;
    const rLinkState = r?.linkState ?? trafficStreams.linkStateSeq;
    const rKpis = r?.kpis ?? trafficStreams.latestKpis?.seq ?? 0;
    const rEnergy = r?.energy ?? energyStreams?.messages.last ?? 0;
    const rEnergyState = r?.energyState ?? energyStreams?.stateSeq ?? 0;
    let mode: Welcome['mode'] = 'snapshot';
    let reason: Snapshot['reason'] = 'initial';
    if (r !== null) {
      if (
        r.readings > batches.last ||
        r.events > events.last ||
        rTrips > tripRing.last ||
        rLinkState > trafficStreams.linkStateSeq ||
        rKpis > (trafficStreams.latestKpis?.seq ?? 0) ||
        rEnergy > (energyStreams?.messages.last ?? 0) ||
        rEnergyState > (energyStreams?.stateSeq ?? 0)
      )
        reason = 'ahead-of-server';
      else if (
        batches.canResumeAfter(r.readings) &&
        events.canResumeAfter(r.events) &&
        tripRing.canResumeAfter(rTrips)
      )
        mode = 'replay';
      else reason = 'behind-window';
    }
    const w: Welcome = {
      protocol: PROTOCOL_VERSION,
      scene: opts.sceneName,
      sensorCount,
      simTimeMs: simNowMs(),
      speed: opts.speed,
      replay: {
        readings: { first: batches.first, last: batches.last },
        events: { first: events.first, last: events.last },
        trips: { first: tripRing.first, last: tripRing.last },
      },
      linkCount,
      ...(energyCounts === null ? {} : { energy: energyCounts }),
      mode,
    };
    socket.emit(FeedEvent.welcome, w);
    if (mode === 'replay' && r !== null) {
      stats.replays++;
      // Synchronous: nothing can be produced between the replay and the join, so no gap and no duplicate.
      batches.forEachAfter(r.readings, (_s, bytes) => socket.emit(FeedEvent.batch, bytes));
      events.forEachAfter(r.events, (_s, ev) => socket.emit(FeedEvent.event, ev));
      tripRing.forEachAfter(rTrips, (_s, bytes) => socket.emit(FeedEvent.trips, bytes));
      sendTrafficState(socket, { linkState: rLinkState, kpis: rKpis });
      // Energy messages older than the ring are history only (no state is lost): the client starts its chart over.
      sendEnergy(socket, rEnergy, rEnergyState);
    } else {
      sendSnapshot(socket, reason);
    }
    // Every welcome (replay or snapshot): the hazard snapshot holds the whole log, so the stream needs no resume.
    sendHazards(socket);
    void socket.join(ROOM);
  }

  io.on('connection', (socket) => {
    stats.connections++;
    stats.clients++;
    let greeted = false;
    // Token bucket for linkSeries requests: `seriesRate` per second, burst of twice that.
    let seriesTokens = 2 * seriesRate;
    let seriesRefillAt = now();
    // Token bucket for hzCommand: a trigger builds models (tens of ms), so a client cannot flood the tick loop.
    let commandTokens = COMMAND_BURST;
    let commandRefillAt = now();
    const helloTimer = setTimeout(() => {
      if (!greeted) {
        reject(socket, FeedEvent.hello, `timeout: no hello within ${HELLO_TIMEOUT_MS} ms`);
        socket.disconnect(true);
      }
    }, HELLO_TIMEOUT_MS);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      try {
        if (event === FeedEvent.hello) {
          const h = parseHello(args[0]);
          if (!h.ok) return reject(socket, FeedEvent.hello, h.reason);
          if (h.value.scene !== opts.sceneName) {
            return reject(
              socket,
              FeedEvent.hello,
              `scene: server serves '${opts.sceneName}', not '${h.value.scene}'`,
            );
          }
          greeted = true;
          clearTimeout(helloTimer);
          void socket.leave(ROOM);
          welcome(socket, h.value);
        } else if (event === FeedEvent.resync) {
          const r = parseResyncRequest(args[0]);
          if (!r.ok) return reject(socket, FeedEvent.resync, r.reason);
          if (!greeted) return reject(socket, FeedEvent.resync, 'order: resync before hello');
          sendSnapshot(socket, 'requested');
        } else if (event === FeedEvent.linkSeries) {
          const last = args[args.length - 1];
          const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
          const answer = (reason: string): void => {
            reject(socket, FeedEvent.linkSeries, reason);
            ack?.({ ok: false, reason });
          };
          const t = now();
          seriesTokens = Math.min(2 * seriesRate, seriesTokens + ((t - seriesRefillAt) / 1000) * seriesRate);
          seriesRefillAt = t;
          if (ack === null) return answer('linkSeries: no acknowledgement callback (emit with a callback)');
          if (!greeted) return answer('order: linkSeries before hello');
          if (seriesTokens < 1)
            return answer(`rate: more than ${seriesRate} linkSeries requests per second (retry later)`);
          seriesTokens--;
          const q = parseLinkSeriesRequest(args[0], linkCount);
          if (!q.ok) return answer(q.reason);
          if (traffic === null)
            return answer('linkSeries: this server runs no traffic model (replay mode or no road links)');
          ack(trafficStreams.series(q.value.link));
        } else if (event === FeedEvent.energySeries) {
          const last = args[args.length - 1];
          const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
          const answer = (reason: string): void => {
            reject(socket, FeedEvent.energySeries, reason);
            ack?.({ ok: false, reason });
          };
          const t = now();
          seriesTokens = Math.min(2 * seriesRate, seriesTokens + ((t - seriesRefillAt) / 1000) * seriesRate);
          seriesRefillAt = t;
          if (ack === null) return answer('energySeries: no acknowledgement callback (emit with a callback)');
          if (!greeted) return answer('order: energySeries before hello');
          if (energyCounts === null || energyStreams === null)
            return answer('energySeries: this server runs no energy model (replay mode)');
          if (seriesTokens < 1)
            return answer(`rate: more than ${seriesRate} series requests per second (retry later)`);
          seriesTokens--;
          const q = parseEnergySeriesRequest(args[0], energyCounts);
          if (!q.ok) return answer(q.reason);
          ack(energyStreams.series(q.value.kind, q.value.index));
        } else if (event === HazardEvent.command) {
          const last = args[args.length - 1];
          const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
          const answer = (reason: string): void => {
            reject(socket, HazardEvent.command, reason);
            ack?.({ ok: false, reason });
          };
          const t = now();
          commandTokens = Math.min(
            COMMAND_BURST,
            commandTokens + ((t - commandRefillAt) / 1000) * COMMAND_RATE_PER_S,
          );
          commandRefillAt = t;
          if (ack === null) return answer('hzCommand: no acknowledgement callback (emit with a callback)');
          if (!greeted) return answer('order: hzCommand before hello');
          if (commandTokens < 1)
            return answer(`rate: more than ${COMMAND_RATE_PER_S} hzCommand per second (retry later)`);
          commandTokens--;
          stats.hazardCommands++;
          // Invalid input is a rejection (counted, `rejected`); a valid command the runtime declines is only answered.
          const v = hazardStreams.refuse(args[0]);
          if ('reason' in v) return answer(v.reason);
          const a = hazardStreams.run(v.cmd, lastTickSimMs);
          if (a.ok) log(`hzCommand from ${socket.id}: ${describeCommand(v.cmd)} → ${a.id}`);
          ack(a);
        } else if (workload !== null && workload.handles(event)) {
          workload.handle(socket, event as string, args, greeted);
        } else {
          reject(socket, String(event).slice(0, 64), `unknown event: ${String(event).slice(0, 64)}`);
        }
      } catch (err) {
        // Validators do not throw; this guards the server against a bug, never against input.
        reject(
          socket,
          String(event).slice(0, 64),
          `internal: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    });
    // Packets socket.io cannot decode (broken JSON, bad attachments): socket.io closes the connection after this.
    socket.on('error', (err: Error) => {
      stats.rejected++;
      stats.rejectedByReason['packet'] = (stats.rejectedByReason['packet'] ?? 0) + 1;
      rejectLog(`closed ${socket.id}: undecodable packet (${err.message})`);
    });
    socket.on('disconnect', (reason) => {
      clearTimeout(helloTimer);
      stats.clients--;
      // Transport-level rejections: engine.io parse errors and frames over maxHttpBufferSize.
      if (reason === 'parse error' || reason === 'transport error') {
        stats.rejected++;
        stats.rejectedByReason[reason] = (stats.rejectedByReason[reason] ?? 0) + 1;
        rejectLog(`closed ${socket.id}: ${reason}`);
      }
    });
  });

  let timer: ReturnType<typeof setInterval> | null = null;
  if (opts.autoTick !== false) {
    tick();
    timer = setInterval(() => {
      const due = Math.floor((now() - startRealMs) / periodMs) + 1;
      let budget = MAX_CATCH_UP_TICKS;
      while (ticks < due && budget-- > 0) tick();
    }, periodMs);
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const host = opts.host === undefined || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  const url = `http://${host}:${port}`;
  log(
    `feed: scene '${opts.sceneName}', ${sensorCount} sensors, ${batchHz} batches/s, speed ×${opts.speed} on ${url}` +
      (flood.readingsPerS > 0 ? `, FLOOD ${flood.readingsPerS} readings/s (benchmark mode)` : '') +
      (replay !== null ? `, REPLAY ${replay.description}` : '') +
      (traffic !== null
        ? `, traffic model on ${linkCount} links (history ${trafficStreams.seriesSamples} min)`
        : sim !== null && linkCount > 0
          ? ', no traffic model in the simulator'
          : ''),
  );

  return {
    url,
    port,
    io,
    http,
    workload,
    hazards: hazardStreams,
    tick,
    setFloodRate: (r) => flood.setRate(r),
    stats: () => ({ ...stats, rejectedByReason: { ...stats.rejectedByReason }, simTimeMs: simNowMs() }),
    close: async () => {
      if (timer !== null) clearInterval(timer);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      for (const m of modules) await m.close?.();
      await workload?.close();
    },
  };
}
