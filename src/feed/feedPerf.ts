/**
 * Feed pipeline instrumentation (bench/feedBrowser.ts): main-thread cost of each 'frame' message from the feed worker
 * (handler + applyBatch, measured with performance.now()), entries applied, and the worker's cumulative readings and
 * decode time as it reports them with each frame. Recording allocates nothing: samples go into a fixed ring.
 * Read with `getFeedPerf()`; in the browser also on `window.__citybrainFeedPerf` ({get, reset}).
 */

/** Samples kept for the percentiles (~2 min of frames at 60 fps). */
const RING = 8192;
const ring = new Float64Array(RING);
let ringNext = 0;
let ringCount = 0;

const c = {
  sinceMs: 0,
  /** Animation frames the pull loop ran. */
  rafFrames: 0,
  /** 'frame' messages received (answers to pulls, with or without data). */
  frameMessages: 0,
  /** Frame messages that carried a batch. */
  framesWithData: 0,
  /** Entries (distinct sensor × channel) written to the hot buffers. */
  appliedEntries: 0,
  /** Main-thread ms spent in frame handlers (sum). */
  applyMsTotal: 0,
  /** Worker's cumulative counters at the first and the latest frame since the reset. */
  workerReadings0: -1,
  workerReadings: 0,
  workerBusyMs0: -1,
  workerBusyMs: 0,
  workerAtMs0: 0,
  workerAtMs: 0,
};

/** What {@link getFeedPerf} returns. */
export interface FeedPerfSnapshot {
  /** Wall ms since the last reset. */
  elapsedMs: number;
  rafFrames: number;
  frameMessages: number;
  framesWithData: number;
  appliedEntries: number;
  /** Readings the worker decoded, validated and merged since the reset. */
  workerReadings: number;
  /** Worker ms in decode + validate + merge since the reset. */
  workerBusyMs: number;
  /** Worker wall ms between the first and the latest frame since the reset: the span workerReadings/BusyMs cover. */
  workerSpanMs: number;
  /** Main-thread ms per frame message with data (handler + applyBatch). */
  applyMs: { p50: number; p95: number; max: number; mean: number; samples: number };
}

/** Starts a new measurement window. */
export function resetFeedPerf(): void {
  c.sinceMs = performance.now();
  c.rafFrames = 0;
  c.frameMessages = 0;
  c.framesWithData = 0;
  c.appliedEntries = 0;
  c.applyMsTotal = 0;
  c.workerReadings0 = -1;
  c.workerBusyMs0 = -1;
  c.workerReadings = 0;
  c.workerBusyMs = 0;
  ringNext = 0;
  ringCount = 0;
}

/** Counts one run of the animation-frame pull loop. */
export function recordRafFrame(): void {
  c.rafFrames++;
}

/**
 * Records one 'frame' message: entries applied (0 = none), main-thread ms, and the worker's cumulative counters at
 * worker wall time `workerAtMs`.
 */
export function recordFrame(
  entries: number,
  ms: number,
  workerReadings: number,
  workerBusyMs: number,
  workerAtMs: number,
): void {
  c.frameMessages++;
  if (c.workerReadings0 < 0) {
    c.workerReadings0 = workerReadings;
    c.workerBusyMs0 = workerBusyMs;
    c.workerAtMs0 = workerAtMs;
  }
  c.workerReadings = workerReadings;
  c.workerBusyMs = workerBusyMs;
  c.workerAtMs = workerAtMs;
  if (entries === 0) return;
  c.framesWithData++;
  c.appliedEntries += entries;
  c.applyMsTotal += ms;
  ring[ringNext] = ms;
  ringNext = (ringNext + 1) % RING;
  if (ringCount < RING) ringCount++;
}

/** The counters since the last reset, with per-frame percentiles (nearest rank). */
export function getFeedPerf(): FeedPerfSnapshot {
  const s = Array.from(ring.subarray(0, ringCount)).sort((a, b) => a - b);
  const rank = (p: number): number =>
    s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0);
  return {
    elapsedMs: performance.now() - c.sinceMs,
    rafFrames: c.rafFrames,
    frameMessages: c.frameMessages,
    framesWithData: c.framesWithData,
    appliedEntries: c.appliedEntries,
    workerReadings: c.workerReadings0 < 0 ? 0 : c.workerReadings - c.workerReadings0,
    workerBusyMs: c.workerBusyMs0 < 0 ? 0 : c.workerBusyMs - c.workerBusyMs0,
    workerSpanMs: c.workerReadings0 < 0 ? 0 : c.workerAtMs - c.workerAtMs0,
    applyMs: {
      p50: rank(0.5),
      p95: rank(0.95),
      max: s.length === 0 ? 0 : (s[s.length - 1] ?? 0),
      mean: c.framesWithData === 0 ? 0 : c.applyMsTotal / c.framesWithData,
      samples: s.length,
    },
  };
}

/** The handle published on `window.__citybrainFeedPerf`. */
export const feedPerfApi = { get: getFeedPerf, reset: resetFeedPerf } as const;
