/**
 * (b) A client away longer than the replay window gets a snapshot, a "resynced" notice, and then continues live
 * from the snapshot's sequence with no gap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import { Channel } from '../../src/core/protocol/index.ts';
import { createHotBuffers } from '../../src/feed/hotBuffers.ts';
import { applyBatch } from '../../src/feed/frameBatch.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';
import { recordingClient } from './harness.ts';

let server: FeedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('feed snapshot resync', () => {
  it('sends a snapshot and a notice to a client that fell behind the replay window', async () => {
    const city = tinyCity();
    server = await createFeedServer({
      scene: city,
      sceneName: 'tiny',
      seed: 3,
      speed: 60,
      startSimMs: START_SIM_MS,
      port: 0,
      autoTick: false,
      replayWindowBatches: 5,
      log: () => {},
    });
    for (let i = 0; i < 3; i++) server.tick();
    const first = recordingClient(server.url, 'tiny');
    first.client.start();
    await waitFor(() => first.client.counters.snapshots === 1, 5000, 'initial snapshot');
    server.tick();
    await waitFor(() => first.client.lastSeq.readings === 4, 5000, 'batch 4');
    const resumeFrom = { ...first.client.lastSeq };
    first.client.stop();
    expect(first.rec.notices).toEqual([]); // the initial snapshot is not a resync: no notice

    // Away for 8 batches: batches 5..12 are produced, the window keeps only 8..12.
    for (let i = 0; i < 8; i++) server.tick();
    const back = recordingClient(server.url, 'tiny', resumeFrom);
    back.client.start();
    await waitFor(
      () => back.client.counters.snapshots === 1 && back.rec.notices.length === 1,
      5000,
      'resync',
    );
    expect(back.rec.notices[0]!.en).toBe('Away longer than the replay window: resynced from a snapshot');
    expect(back.rec.notices[0]!.level).toBe('warn');
    expect(back.client.counters.resyncs).toBe(1);
    expect(back.client.lastSeq.readings).toBe(12);
    // The snapshot carries the latest value of every sensor channel: the hot buffers are complete after one pull.
    const hot = createHotBuffers();
    applyBatch(hot, back.client.pull()!);
    expect(hot.sensorCount).toBe(city.sensors.count);
    expect(Number.isFinite(hot.values[Channel.speedKph]![0]!)).toBe(true);
    expect(Number.isFinite(hot.values[Channel.loadMW]![city.sensors.count - 1]!)).toBe(true);
    // Then live again, continuing at 13.
    server.tick();
    await waitFor(() => back.batchSeqs.length === 1, 5000, 'live batch after snapshot');
    expect(back.batchSeqs).toEqual([13]);
    expect(back.client.counters.gaps).toBe(0);
    back.client.stop();
    expect(server.stats().snapshots).toBe(2);
  });
});
