/** Shared pieces of the feed integration tests: a recording sink and a client factory. */
import type { IncidentRecord, StreamSeqs } from '../../src/core/protocol/index.ts';
import type { TrafficKpis } from '../../src/core/traffic/types.ts';
import { createDecodedBatch, decodeReadingBatch } from '../../src/core/protocol/index.ts';
import { FeedClient, type FeedSink } from '../../src/feed/FeedClient.ts';
import type { ConnectionState, FeedSlice, FeedStats } from '../../src/state/feedSlice.ts';

/** Everything a sink was told, in order. */
export interface Recorded {
  connections: ConnectionState[];
  stats: FeedStats[];
  incidents: IncidentRecord[];
  notices: NonNullable<FeedSlice['feedNotice']>[];
  kpis: TrafficKpis[];
}

/** A sink that records. */
export function recordingSink(): { sink: FeedSink; rec: Recorded } {
  const rec: Recorded = { connections: [], stats: [], incidents: [], notices: [], kpis: [] };
  return {
    rec,
    sink: {
      connection: (c) => rec.connections.push(c),
      stats: (s) => rec.stats.push(s),
      incidents: (u) => rec.incidents.push(...u),
      notice: (n) => rec.notices.push(n),
      clock: () => {},
      kpis: (k) => rec.kpis.push(k),
    },
  };
}

/** One reading as a comparable tuple: [reading seq, sensor, channel, value]. */
export type ReadingTuple = [number, number, number, number];

/** Flattens an encoded batch into reading tuples. */
export function tuplesOf(bytes: Uint8Array, sensorCount: number): ReadingTuple[] {
  const b = createDecodedBatch();
  const r = decodeReadingBatch(bytes, sensorCount, b);
  if (!r.ok) throw new Error(r.reason);
  const out: ReadingTuple[] = [];
  for (let i = 0; i < b.count; i++)
    out.push([b.firstReadingSeq + i, b.sensorIndex[i]!, b.channel[i]!, b.value[i]!]);
  return out;
}

/** A client that records every accepted batch as reading tuples (plus its batch seq). */
export function recordingClient(
  url: string,
  sceneName: string,
  resumeFrom: StreamSeqs | null = null,
): {
  client: FeedClient;
  rec: Recorded;
  batchSeqs: number[];
  readings: ReadingTuple[];
  /** Sequences of the trip batches applied (a snapshot's active set is recorded as -seq). */
  tripSeqs: number[];
  /** Trip ids applied, in order. */
  tripIds: number[];
} {
  const { sink, rec } = recordingSink();
  const batchSeqs: number[] = [];
  const readings: ReadingTuple[] = [];
  const tripSeqs: number[] = [];
  const tripIds: number[] = [];
  const client = new FeedClient({
    url,
    sceneName,
    sink,
    resumeFrom,
    backoff: { initialMs: 10, maxMs: 50 },
    statsIntervalMs: 200,
    log: () => {},
    onBatchApplied: (b) => {
      batchSeqs.push(b.batchSeq);
      for (let i = 0; i < b.count; i++)
        readings.push([b.firstReadingSeq + i, b.sensorIndex[i]!, b.channel[i]!, b.value[i]!]);
    },
    onTripsApplied: (t) => {
      tripSeqs.push((t.flags & 1) !== 0 ? -t.seq : t.seq);
      for (let i = 0; i < t.count; i++) tripIds.push(t.tripId[i]!);
    },
  });
  return { client, rec, batchSeqs, readings, tripSeqs, tripIds };
}
