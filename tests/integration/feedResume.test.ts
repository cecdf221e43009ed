/**
 * (a) Resume without loss or duplication: the server streams batches on a real timer while the test forces
 * disconnects from both sides; the readings the client accepted must be exactly the server's emitted readings after
 * the client's first snapshot — same sequence numbers, same sensors, channels and values, none missing, none twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import type { FeedClient } from '../../src/feed/FeedClient.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';
import { recordingClient, tuplesOf, type ReadingTuple } from './harness.ts';

let server: FeedServer | null = null;
let client: FeedClient | null = null;
afterEach(async () => {
  client?.stop();
  await server?.close();
  server = null;
  client = null;
});

describe('feed resume', () => {
  it('streams through repeated server- and client-side disconnects with zero lost and zero duplicated readings', async () => {
    const city = tinyCity(40);
    const emitted = new Map<number, Uint8Array>();
    server = await createFeedServer({
      scene: city,
      sceneName: 'tiny',
      seed: 7,
      speed: 30,
      startSimMs: START_SIM_MS,
      port: 0,
      batchHz: 50,
      // Every sensor reports every simulated second: ~20 readings per batch.
      sim: { reportPeriodS: { roadLoop: 1, weather: 1, substationMeter: 1 } },
      onBatch: (seq, bytes) => emitted.set(seq, bytes),
      log: () => {},
    });
    const c = recordingClient(server.url, 'tiny');
    client = c.client;
    c.client.start();
    await waitFor(() => c.batchSeqs.length >= 10, 10_000, 'first batches');

    for (let round = 0; round < 6; round++) {
      const seen = c.batchSeqs.length;
      if (round % 2 === 0) server.io.disconnectSockets(true);
      else c.client.dropTransport();
      // While the client is away the server keeps producing; after the reconnect it must catch up by replay.
      await waitFor(() => c.batchSeqs.length >= seen + 15, 10_000, `batches after disconnect ${round}`);
    }
    const stopAt = c.batchSeqs[c.batchSeqs.length - 1]!;
    c.client.stop();

    const firstSeq = c.batchSeqs[0]!;
    // Batch sequences: consecutive from the first live batch after the initial snapshot.
    expect(c.batchSeqs).toEqual(Array.from({ length: stopAt - firstSeq + 1 }, (_, i) => firstSeq + i));
    const expected: ReadingTuple[] = [];
    for (let s = firstSeq; s <= stopAt; s++) expected.push(...tuplesOf(emitted.get(s)!, city.sensors.count));
    expect(c.readings.length).toBe(expected.length);
    expect(c.readings).toEqual(expected);
    const stats = server.stats();
    expect(stats.replays).toBeGreaterThanOrEqual(6);
    expect(stats.snapshots).toBe(1); // only the initial one: every resume was served from the replay window
    expect(c.client.counters.resyncs).toBe(0);
    expect(c.client.counters.rejected).toBe(0);
    expect(c.client.counters.gaps).toBe(0);
    expect(c.rec.connections.filter((x) => x.phase === 'disconnected').length).toBe(6);
  });
});
