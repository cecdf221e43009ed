/**
 * Starts the live feed for the app: the socket runs in the feed worker; the main thread posts 'pull' once per
 * animation frame and applies the answer to the hot buffers (applyBatch); cold state goes to the store through the
 * feed slice's named actions. Where no Worker exists (Node, tests) the FeedClient runs in-thread with a 16 ms pull.
 */
import type { StreamSeqs } from '../core/protocol/index.ts';
import type { AppStore } from '../state/store.ts';
import { FeedClient, type FeedSink } from './FeedClient.ts';
import { feedPerfApi, recordFrame, recordRafFrame, resetFeedPerf } from './feedPerf.ts';
import { applyBatch } from './frameBatch.ts';
import type { HotBuffers } from './hotBuffers.ts';
import { hotTraffic, hotVehicles, type HotTraffic, type HotVehicles } from './hotTraffic.ts';
import { setLinkSeriesRequester, type LinkSeries } from './series.ts';
import { applyTraffic } from './trafficFrame.ts';
import { applyEnergy, type EnergyHandover } from './energyFrame.ts';
import { hotEnergy, type HotEnergy } from './hotEnergy.ts';
import { setEnergySeriesRequester, type EnergySeries } from './energySeries.ts';
import { getGridModel, gridCounts } from '../app/gridHolder.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
import type { FromWorker, ToWorker } from './workerMessages.ts';
import { applyWorkload } from './workloadFrame.ts';
import { setWoRequester } from './workOrders.ts';
import type { WoCommitted, WoTimeline } from './workOrderWire.ts';
import { applyHazards, HAZARD_COMMAND_TIMEOUT_MS, setHazardRequester } from './hazards.ts';
import { hotHazard, type HotHazard } from './hotHazard.ts';
import type { HazardCommandAnswer } from '../core/protocol/hazardMessages.ts';

/** How long a link series request may take before it fails, ms. */
const SERIES_TIMEOUT_MS = 5000;

/** Options of {@link startFeed}. */
export interface StartFeedOptions {
  /** Feed server origin (default: the page's origin). */
  url?: string;
  sceneName: string;
  store: AppStore;
  hot: HotBuffers;
  /** Live link state (default: the page's hotTraffic). */
  traffic?: HotTraffic;
  /** Animated trips (default: the page's hotVehicles). */
  vehicles?: HotVehicles;
  /** Live energy state (default: the page's hotEnergy). */
  energy?: HotEnergy;
  /** Live flood grid (default: the page's hotHazard). */
  hazard?: HotHazard;
  /** Counts of the client's grid model (default: the current scene's, src/app/gridHolder.ts). */
  gridCounts?: () => EnergyCounts | null;
  /** Resume from these sequences (default: fresh, snapshot). */
  resumeFrom?: StreamSeqs | null;
  /**
   * Subscribe to the work-order stream (docs/protocol.md §8). Default: true in the browser (the app's server runs
   * work orders), false in-thread (Node tests opt in; a server without them counts the request as a rejection).
   */
  workOrders?: boolean;
}

/** A store-backed sink: every cold change goes through a named feed action. */
export function storeSink(store: AppStore): FeedSink {
  const s = () => store.getState();
  return {
    connection: (c) => s().setConnection(c),
    stats: (st) => s().setFeedStats(st),
    incidents: (u) => s().applyIncidents(u),
    notice: (n) => s().setFeedNotice(n),
    clock: (t, speed) => s().setSimClock(t, speed),
    kpis: (k) => s().setTrafficKpis(k),
  };
}

/**
 * Applies energy hand-overs to the store and hot buffers, checking the server's grid model against the client's:
 * a mismatch leaves the energy views empty with a notice that says why.
 */
function energyApplier(opts: StartFeedOptions): (h: EnergyHandover) => void {
  const hot = opts.energy ?? hotEnergy;
  const counts =
    opts.gridCounts ??
    ((): EnergyCounts | null => {
      const g = getGridModel();
      return g === null ? null : gridCounts(g);
    });
  return (h) => {
    applyEnergy(opts.store, hot, h, counts(), (server, client) =>
      opts.store.getState().setFeedNotice({
        level: 'warn',
        zh: `能源数据与本地电网模型不一致（服务器 ${server.bus} 个母线，本地 ${client?.bus ?? 0} 个），能源图层已停用`,
        en: `The server's grid model differs from this page's (${server.bus} buses vs ${client?.bus ?? 0}): energy views are off`,
        atMs: Date.now(),
      }),
    );
  };
}

/** Pull period while the page is hidden (no animation frames), ms. */
const HIDDEN_PULL_MS = 1000;

/** Starts the feed; returns a handle to stop it. */
export function startFeed(opts: StartFeedOptions): { stop(): void } {
  const url = opts.url ?? globalThis.location.origin;
  const resumeFrom = opts.resumeFrom ?? null;
  if (typeof Worker === 'undefined' || typeof requestAnimationFrame === 'undefined') {
    return startInThread(url, opts, resumeFrom);
  }
  const worker = new Worker(new URL('./feed.worker.ts', import.meta.url), { type: 'module', name: 'feed' });
  const sink = storeSink(opts.store);
  const traffic = opts.traffic ?? hotTraffic;
  const vehicles = opts.vehicles ?? hotVehicles;
  const applyE = energyApplier(opts);
  const pendingEnergy = new Map<
    number,
    { resolve(s: EnergySeries): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  setEnergySeriesRequester(
    (kind, index) =>
      new Promise<EnergySeries>((resolve, reject) => {
        const id = ++seriesId;
        const timer = setTimeout(() => {
          pendingEnergy.delete(id);
          reject(
            new Error(`energy series ${kind} ${index}: no answer within ${SERIES_TIMEOUT_MS + 1000} ms`),
          );
        }, SERIES_TIMEOUT_MS + 1000);
        pendingEnergy.set(id, { resolve, reject, timer });
        send({ type: 'energySeries', id, kind, index });
      }),
  );
  const pendingSeries = new Map<
    number,
    { resolve(s: LinkSeries): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  let seriesId = 0;
  const pendingWo = new Map<
    number,
    {
      resolve(a: WoCommitted | WoTimeline): void;
      reject(e: Error): void;
      timer: ReturnType<typeof setTimeout>;
    }
  >();
  setWoRequester(
    (request) =>
      new Promise<WoCommitted | WoTimeline>((resolve, reject) => {
        const id = ++seriesId;
        const timer = setTimeout(() => {
          pendingWo.delete(id);
          reject(new Error(`work orders: no answer within ${SERIES_TIMEOUT_MS + 1000} ms`));
        }, SERIES_TIMEOUT_MS + 1000);
        pendingWo.set(id, { resolve, reject, timer });
        send({ type: 'wo', id, request });
      }),
  );
  const hazardHot = opts.hazard ?? hotHazard;
  const pendingHz = new Map<
    number,
    { resolve(a: HazardCommandAnswer): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  setHazardRequester(
    (command) =>
      new Promise<HazardCommandAnswer>((resolve, reject) => {
        const id = ++seriesId;
        // The worker times out at HAZARD_COMMAND_TIMEOUT_MS; this one also covers a stuck worker.
        const timer = setTimeout(() => {
          pendingHz.delete(id);
          reject(new Error(`hazard ${command.op}: no answer within ${HAZARD_COMMAND_TIMEOUT_MS + 1000} ms`));
        }, HAZARD_COMMAND_TIMEOUT_MS + 1000);
        pendingHz.set(id, { resolve, reject, timer });
        send({ type: 'hz', id, command });
      }),
  );
  setLinkSeriesRequester(
    (link) =>
      new Promise<LinkSeries>((resolve, reject) => {
        const id = ++seriesId;
        // The worker has its own socket-level timeout; this one also covers a stuck or terminated worker.
        const timer = setTimeout(() => {
          pendingSeries.delete(id);
          reject(new Error(`link series ${link}: no answer within ${SERIES_TIMEOUT_MS + 1000} ms`));
        }, SERIES_TIMEOUT_MS + 1000);
        pendingSeries.set(id, { resolve, reject, timer });
        send({ type: 'series', id, link });
      }),
  );
  let recycle: ArrayBuffer | null = null;
  let awaiting = false;
  let raf = 0;
  let stopped = false;
  const send = (m: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);
  resetFeedPerf();
  (globalThis as { __citybrainFeedPerf?: typeof feedPerfApi }).__citybrainFeedPerf = feedPerfApi;
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const t0 = performance.now();
    const m = e.data;
    switch (m.type) {
      case 'frame': {
        awaiting = false;
        let entries = 0;
        if (m.buffer !== null) {
          entries = applyBatch(opts.hot, m.buffer);
          recycle = m.buffer;
        }
        if (m.traffic !== null) applyTraffic(traffic, vehicles, m.traffic);
        if (m.energy !== null) applyE(m.energy);
        if (m.workload !== undefined && m.workload !== null) applyWorkload(opts.store, m.workload);
        if (m.hazards !== undefined && m.hazards !== null) applyHazards(opts.store, hazardHot, m.hazards);
        // Main-thread cost of this frame's hand-over: handler + applyBatch (bench/feedBrowser.ts).
        recordFrame(entries, performance.now() - t0, m.readings, m.busyMs, m.atMs);
        break;
      }
      case 'connection':
        sink.connection(m.state);
        break;
      case 'stats':
        sink.stats(m.stats);
        break;
      case 'incidents':
        sink.incidents(m.upserts);
        break;
      case 'notice':
        sink.notice(m.notice);
        break;
      case 'clock':
        sink.clock(m.simTimeMs, m.speed);
        break;
      case 'kpis':
        sink.kpis(m.kpis);
        break;
      case 'energySeries': {
        const p = pendingEnergy.get(m.id);
        if (p === undefined) break;
        pendingEnergy.delete(m.id);
        clearTimeout(p.timer);
        if (m.series !== null) p.resolve(m.series);
        else p.reject(new Error(m.error));
        break;
      }
      case 'wo': {
        const p = pendingWo.get(m.id);
        if (p === undefined) break;
        pendingWo.delete(m.id);
        clearTimeout(p.timer);
        if (m.answer !== null) p.resolve(m.answer);
        else p.reject(new Error(m.error));
        break;
      }
      case 'hz': {
        const p = pendingHz.get(m.id);
        if (p === undefined) break;
        pendingHz.delete(m.id);
        clearTimeout(p.timer);
        if (m.answer !== null) p.resolve(m.answer);
        else p.reject(new Error(m.error));
        break;
      }
      case 'series': {
        const p = pendingSeries.get(m.id);
        if (p === undefined) break; // timed out already
        pendingSeries.delete(m.id);
        clearTimeout(p.timer);
        if (m.series !== null) p.resolve(m.series);
        else p.reject(new Error(m.error));
        break;
      }
      default: {
        const never: never = m;
        void never;
      }
    }
  };
  worker.onerror = (e) => {
    sink.connection({
      phase: 'disconnected',
      sinceMs: Date.now(),
      reason: `feed worker error: ${e.message}`,
      attempt: 0,
    });
  };
  const pull = (): void => {
    // One request in flight at a time: a slow frame merges more readings into the next batch instead of queueing.
    if (!awaiting) {
      awaiting = true;
      const r = recycle;
      recycle = null;
      send({ type: 'pull', recycle: r }, r === null ? [] : [r]);
    }
  };
  const frame = (): void => {
    if (stopped) return;
    recordRafFrame();
    pull();
    raf = requestAnimationFrame(frame);
  };
  send({ type: 'start', url, sceneName: opts.sceneName, resumeFrom, workOrders: opts.workOrders ?? true });
  raf = requestAnimationFrame(frame);
  // A hidden page gets no animation frames, and without pulls the worker's hand-over queues (trip batches, energy
  // and work-order messages) grow for as long as it stays hidden (issue 7: memory bounded over days). Pull on a timer
  // then; browsers throttle it in the background (≥ 1 s, ≤ 1/min after minutes), which still bounds the queues.
  const hiddenPull = setInterval(() => {
    if (!stopped && typeof document !== 'undefined' && document.visibilityState === 'hidden') pull();
  }, HIDDEN_PULL_MS);
  return {
    stop() {
      stopped = true;
      clearInterval(hiddenPull);
      cancelAnimationFrame(raf);
      send({ type: 'stop' });
      worker.terminate();
      setLinkSeriesRequester(null);
      setEnergySeriesRequester(null);
      setWoRequester(null);
      setHazardRequester(null);
      for (const p of pendingHz.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('hazard command: the live feed stopped'));
      }
      pendingHz.clear();
      for (const p of pendingWo.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('work orders: the live feed stopped'));
      }
      pendingWo.clear();
      for (const p of pendingSeries.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('link series: the live feed stopped'));
      }
      pendingSeries.clear();
      for (const p of pendingEnergy.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('energy series: the live feed stopped'));
      }
      pendingEnergy.clear();
    },
  };
}

/**
 * The same pipeline without a worker (Node, tests): FeedClient in this thread, pulled every 16 ms. `client` exposes
 * the FeedClient (integration tests read its counters).
 */
export function startInThread(
  url: string,
  opts: StartFeedOptions,
  resumeFrom: StreamSeqs | null,
): { stop(): void; client: FeedClient } {
  const client = new FeedClient({
    url,
    sceneName: opts.sceneName,
    sink: storeSink(opts.store),
    resumeFrom,
    workOrders: opts.workOrders ?? false,
  });
  const traffic = opts.traffic ?? hotTraffic;
  const vehicles = opts.vehicles ?? hotVehicles;
  const applyE = energyApplier(opts);
  let recycle: ArrayBuffer | null = null;
  const timer = setInterval(() => {
    const b = client.pull(recycle);
    if (b !== null) {
      applyBatch(opts.hot, b);
      recycle = b;
    }
    const t = client.pullTraffic();
    if (t !== null) applyTraffic(traffic, vehicles, t);
    const e = client.pullEnergy();
    if (e !== null) applyE(e);
    const w = client.pullWorkload();
    if (w !== null) applyWorkload(opts.store, w);
    const h = client.pullHazards();
    if (h !== null) applyHazards(opts.store, opts.hazard ?? hotHazard, h);
  }, 16);
  setHazardRequester((cmd) => client.requestHazardCommand(cmd, HAZARD_COMMAND_TIMEOUT_MS));
  setWoRequester((req) => client.requestWorkOrder(req, SERIES_TIMEOUT_MS));
  setLinkSeriesRequester((link) => client.requestLinkSeries(link, SERIES_TIMEOUT_MS));
  setEnergySeriesRequester((kind, index) => client.requestEnergySeries(kind, index, SERIES_TIMEOUT_MS));
  client.start();
  return {
    client,
    stop() {
      clearInterval(timer);
      client.stop();
      setLinkSeriesRequester(null);
      setEnergySeriesRequester(null);
      setWoRequester(null);
      setHazardRequester(null);
    },
  };
}
