/**
 * The live traffic model's side of the feed (docs/protocol.md §2b, §2c, §3b, §4b): after each simulator tick it turns
 * the model's link state, KPIs and sampled trips into wire messages, keeps what a (re)connecting client needs (the
 * latest link state and KPIs, the trip replay window, the trips still active) and the per-link time-series rings
 * answered by `linkSeries` requests.
 */
import {
  BatchFlag,
  concatTrips,
  decodeTripBatch,
  encodeLinkState,
  encodeTripBatch,
  tripEndSimMs,
  type KpiMessage,
  type LinkSeriesAnswer,
  type TripColumns,
} from '../src/core/protocol/index.ts';
import type { LiveTrafficFrame, TrafficKpis, TripBatch } from '../src/core/traffic/types.ts';
import { ReplayRing } from './replayRing.ts';

/** What the server reads from the simulator's traffic model each tick (CitySimulator.traffic). */
export interface TrafficSource {
  frame(): LiveTrafficFrame;
  kpis(): TrafficKpis | null;
  takeTrips(): TripBatch | null;
}

/** Options of {@link TrafficStreams}. */
export interface TrafficStreamOptions {
  readonly linkCount: number;
  /** Ticks between two link-state (and KPI) messages at least (bandwidth bound; 1 real second of ticks). */
  readonly minTicksBetweenStates: number;
  /** Trip batches kept for resume. */
  readonly replayWindowTrips: number;
  /** Hours of per-link history kept (default 3). */
  readonly seriesHours?: number;
  /** Memory bound of the history rings, bytes (default 48 MiB): fewer hours are kept on big networks. */
  readonly seriesBudgetBytes?: number;
}

/** A finished trip stays in snapshots (and on clients) this long after it left its last link, ms (the trail). */
export const TRIP_LINGER_MS = 60_000;
/** Most active trips a snapshot carries (the newest departures win). */
export const MAX_SNAPSHOT_TRIPS = 200_000;
/** History sample period: one per simulated minute. */
export const SERIES_SAMPLE_MS = 60_000;
const DEFAULT_SERIES_BUDGET_BYTES = 48 * 1024 * 1024;

/** Messages a tick produced, in the order the server emits them. */
export interface TrafficTickOutput {
  linkState: Uint8Array | null;
  kpis: KpiMessage | null;
  trips: Uint8Array | null;
}

/** Link-state throttling, KPI change detection, trip window, active trips and history rings. */
export class TrafficStreams {
  /** Sequence of the last link-state message (0 = none yet). */
  linkStateSeq = 0;
  /** The last link-state message sent. */
  latestLinkState: Uint8Array | null = null;
  /** The last KPI message sent. */
  latestKpis: KpiMessage | null = null;
  /** Trip batches for resume (stream `trips`). */
  readonly trips: ReplayRing<Uint8Array>;
  /** Samples per link kept in the history (0 = history off). */
  readonly seriesSamples: number;
  private readonly active: { batch: TripColumns; endMs: number }[] = [];
  private lastVersion = -1;
  private lastKpis: TrafficKpis | null = null;
  private ticksSinceState = Number.POSITIVE_INFINITY;
  private pendingState = false;
  private pendingKpis = false;
  // History rings: sample s of link l at [s * linkCount + l], so one sample is one contiguous copy of the frame.
  private readonly seriesTime: Float64Array;
  private readonly seriesSpeed: Float32Array;
  private readonly seriesFlow: Float32Array;
  private readonly seriesVc: Float32Array;
  private seriesHead = 0;
  private seriesFilled = 0;
  private lastSampleMinute = Number.NEGATIVE_INFINITY;

  /** Creates empty streams for a scene with `opts.linkCount` road links. */
  constructor(private readonly opts: TrafficStreamOptions) {
    this.trips = new ReplayRing<Uint8Array>(opts.replayWindowTrips);
    const n = Math.max(1, opts.linkCount);
    const budget = opts.seriesBudgetBytes ?? DEFAULT_SERIES_BUDGET_BYTES;
    const wanted = Math.round((opts.seriesHours ?? 3) * 60);
    // 3 × f32 per link and sample (+ one f64 time per sample, negligible).
    this.seriesSamples =
      opts.linkCount === 0 ? 0 : Math.max(0, Math.min(wanted, Math.floor(budget / (12 * n))));
    const cells = this.seriesSamples * opts.linkCount;
    this.seriesTime = new Float64Array(this.seriesSamples);
    this.seriesSpeed = new Float32Array(cells);
    this.seriesFlow = new Float32Array(cells);
    this.seriesVc = new Float32Array(cells);
  }

  /** Reads the model after the tick at `simMs` and returns the messages to broadcast (and records them). */
  tick(src: TrafficSource, simMs: number): TrafficTickOutput {
    const out: TrafficTickOutput = { linkState: null, kpis: null, trips: null };
    const frame = src.frame();
    const n = this.opts.linkCount;
    const frameOk =
      frame.linkSpeedKph.length >= n && frame.linkFlowVph.length >= n && frame.linkVc.length >= n;
    if (frameOk && frame.version !== this.lastVersion) {
      this.lastVersion = frame.version;
      this.pendingState = true;
    }
    const k = src.kpis();
    if (k !== null && k !== this.lastKpis) {
      this.lastKpis = k;
      this.pendingKpis = true;
    }
    this.ticksSinceState++;
    if ((this.pendingState || this.pendingKpis) && this.ticksSinceState >= this.opts.minTicksBetweenStates) {
      this.ticksSinceState = 0;
      if (this.pendingState) {
        this.pendingState = false;
        this.linkStateSeq++;
        out.linkState = encodeLinkState(
          this.linkStateSeq,
          frame.simTimeMs,
          n,
          sanitized(frame.linkSpeedKph, n),
          sanitized(frame.linkFlowVph, n),
          sanitized(frame.linkVc, n),
        );
        this.latestLinkState = out.linkState;
      }
      if (this.pendingKpis && this.lastKpis !== null) {
        this.pendingKpis = false;
        out.kpis = { seq: (this.latestKpis?.seq ?? 0) + 1, kpis: jsonSafeKpis(this.lastKpis) };
        this.latestKpis = out.kpis;
      }
    }
    const t = src.takeTrips();
    if (t !== null && t.count > 0) {
      const seq = this.trips.last + 1;
      const bytes = encodeTripBatch(seq, simMs, 0, t);
      // Keep our own decoded view of the bytes we sent: the model may reuse its arrays on the next tick.
      const d = decodeTripBatch(bytes, 0xffffffff);
      if (d.ok) {
        let endMs = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < d.value.count; i++) endMs = Math.max(endMs, tripEndSimMs(d.value, i));
        this.active.push({ batch: d.value, endMs });
        this.trips.push(seq, bytes);
        out.trips = bytes;
      }
    }
    this.prune(simMs);
    if (frameOk) this.sample(frame, simMs);
    return out;
  }

  /** The trips still active at `simMs` (ended less than TRIP_LINGER_MS ago) as a snapshot trip batch. */
  activeTrips(simMs: number): Uint8Array {
    this.prune(simMs);
    const cutoff = simMs - TRIP_LINGER_MS;
    let kept = 0;
    for (const a of this.active)
      for (let i = 0; i < a.batch.count; i++) if (tripEndSimMs(a.batch, i) >= cutoff) kept++;
    // Over the cap: skip the oldest batches' trips (they are the first to finish).
    let skip = Math.max(0, kept - MAX_SNAPSHOT_TRIPS);
    const cols = concatTrips(
      this.active.map((a) => a.batch),
      (b, i) => {
        if (tripEndSimMs(b, i) < cutoff) return false;
        if (skip > 0) {
          skip--;
          return false;
        }
        return true;
      },
    );
    return encodeTripBatch(this.trips.last, simMs, BatchFlag.snapshot, cols);
  }

  /** The history of `link` (index already validated), oldest first. */
  series(link: number): LinkSeriesAnswer {
    const S = this.seriesSamples;
    const n = this.opts.linkCount;
    const m = this.seriesFilled;
    const simTimeMs: number[] = [];
    const speedKph: number[] = [];
    const flowVph: number[] = [];
    const vc: number[] = [];
    for (let j = 0; j < m; j++) {
      const s = (this.seriesHead - m + j + S) % S;
      simTimeMs.push(this.seriesTime[s] as number);
      speedKph.push(this.seriesSpeed[s * n + link] as number);
      flowVph.push(this.seriesFlow[s * n + link] as number);
      vc.push(this.seriesVc[s * n + link] as number);
    }
    return { ok: true, link, simTimeMs, speedKph, flowVph, vc };
  }

  private prune(simMs: number): void {
    const cutoff = simMs - TRIP_LINGER_MS;
    let drop = 0;
    while (drop < this.active.length && (this.active[drop] as { endMs: number }).endMs < cutoff) drop++;
    // Batches finish roughly in order; a long trip in an old batch keeps it (and the batches after it) a while.
    if (drop > 0) this.active.splice(0, drop);
  }

  private sample(frame: LiveTrafficFrame, simMs: number): void {
    const S = this.seriesSamples;
    if (S === 0) return;
    const minute = Math.floor(simMs / SERIES_SAMPLE_MS);
    if (minute === this.lastSampleMinute) return;
    this.lastSampleMinute = minute;
    const n = this.opts.linkCount;
    const s = this.seriesHead;
    this.seriesTime[s] = simMs;
    this.seriesSpeed.set(frame.linkSpeedKph.subarray(0, n), s * n);
    this.seriesFlow.set(frame.linkFlowVph.subarray(0, n), s * n);
    this.seriesVc.set(frame.linkVc.subarray(0, n), s * n);
    sanitizeInPlace(this.seriesSpeed, s * n, n);
    sanitizeInPlace(this.seriesFlow, s * n, n);
    sanitizeInPlace(this.seriesVc, s * n, n);
    this.seriesHead = (s + 1) % S;
    if (this.seriesFilled < S) this.seriesFilled++;
  }
}

/** Link values that are not finite and ≥ 0 (a closed link's v/c of Infinity, NaN) travel as 0: see docs. */
function sanitized(a: Float32Array, n: number): Float32Array {
  for (let i = 0; i < n; i++) {
    const v = a[i] as number;
    if (!(v >= 0) || v === Infinity) {
      const c = a.slice(0, n);
      sanitizeInPlace(c, 0, n);
      return c;
    }
  }
  return a;
}

function sanitizeInPlace(a: Float32Array, from: number, n: number): void {
  for (let i = from; i < from + n; i++) {
    const v = a[i] as number;
    if (!(v >= 0) || v === Infinity) a[i] = 0;
  }
}

/** JSON cannot carry NaN or Infinity: such KPI numbers travel as null (the client reads them back as NaN). */
function jsonSafeKpis(k: TrafficKpis): TrafficKpis {
  return JSON.parse(
    JSON.stringify(k, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)),
  ) as TrafficKpis;
}
