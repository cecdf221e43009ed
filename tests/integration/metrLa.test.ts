/**
 * The real METR-LA replay (`--replay metr-la`) reaches the client unchanged and in order: the real server runs
 * in-process on the generated `metr-la` scene, one tick per 5-minute row; the real client pipeline (FeedClient →
 * frame batch → applyBatch → hot buffers, as in the app without a worker) must show, after each row, exactly
 * float32(mph × 1.609344) for every sensor that row reports (the previous value where a row has METR-LA's 0 = "no
 * reading"). A recording client checks the readings' order against the file, reading by reading.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  METR_LA_LOCATIONS_FILE,
  METR_LA_ROW_MS,
  METR_LA_SPEED_FILE,
  METR_LA_START_MS,
  MPH_TO_KPH,
} from '../../mock-server/metrLa.ts';
import { prepareReplay } from '../../mock-server/replayOption.ts';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import { Channel } from '../../src/core/protocol/index.ts';
import { createHotBuffers } from '../../src/feed/hotBuffers.ts';
import { startInThread } from '../../src/feed/startFeed.ts';
import { createAppStore } from '../../src/state/store.ts';
import { waitFor } from './fixtures.ts';
import { recordingClient, type ReadingTuple } from './harness.ts';

const FEEDS = path.resolve(import.meta.dirname, '../..', '../shared/data/feeds');
const FILES = [METR_LA_SPEED_FILE, METR_LA_LOCATIONS_FILE].map((f) => path.join(FEEDS, f));
const missing = FILES.filter((f) => !existsSync(f));
if (missing.length > 0) console.warn(`metrLa.test.ts skipped: missing ${missing.join(', ')}`);

/** The speed file read independently of mock-server/metrLa.ts: rows of column strings. */
function readRows(): string[][] {
  const text = readFileSync(FILES[0] as string, 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .slice(1)
    .map((l) => l.split(','));
}

const ROWS_CHECKED = 12;
let server: FeedServer | null = null;
let tmp: string | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
});

describe.skipIf(missing.length > 0)(`METR-LA replay (${FEEDS})`, () => {
  it('delivers every row to the hot buffers as exact float32(mph × 1.609344), in order', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'metr-la-'));
    const p = await prepareReplay('metr-la', {
      repoRoot: path.resolve(import.meta.dirname, '../..'),
      scenesDir: tmp,
      dataDir: FEEDS,
      end: 'stop',
      log: () => {},
    });
    if (p.kind !== 'readings') throw new Error('metr-la is a readings replay');
    const prepared = p;
    expect(prepared.scene.sensors.count).toBe(207);
    // 5 batches/s × 1500 = one 5-minute row per tick, so each tick carries exactly one row.
    server = await createFeedServer({
      scene: prepared.scene,
      sceneName: prepared.sceneName,
      seed: 1,
      speed: 1500,
      batchHz: 5,
      startSimMs: prepared.startSimMs,
      port: 0,
      autoTick: false,
      replay: prepared.replay,
      log: () => {},
    });
    expect(prepared.startSimMs).toBe(Date.UTC(2012, 2, 1, 8, 0)); // 00:00 PST = 08:00 UTC

    const hot = createHotBuffers();
    const store = createAppStore();
    const feed = startInThread(server.url, { sceneName: 'metr-la', store, hot }, null);
    const rec = recordingClient(server.url, 'metr-la');
    rec.client.start();
    await waitFor(
      () => feed.client.counters.snapshots === 1 && rec.client.counters.snapshots === 1,
      5000,
      'snapshots',
    );

    const rows = readRows();
    const S = 207;
    const expectedHot = new Float32Array(S).fill(Number.NaN);
    const expectedTuples: ReadingTuple[] = [];
    let readingSeq = 0;
    let zeros = 0;
    for (let r = 0; r < ROWS_CHECKED; r++) {
      server.tick();
      const row = rows[r] as string[];
      for (let s = 0; s < S; s++) {
        const mph = Number(row[s]);
        if (mph === 0) {
          zeros++;
          continue;
        }
        const kph = Math.fround(mph * MPH_TO_KPH);
        expectedHot[s] = kph;
        expectedTuples.push([readingSeq++, s, Channel.speedKph, kph]);
      }
      await waitFor(
        () =>
          feed.client.lastSeq.readings === r + 1 &&
          hot.lastSimMs.some((t) => t === METR_LA_START_MS + r * METR_LA_ROW_MS),
        5000,
        `row ${r}`,
      );
      // After row r, the hot buffers hold exactly the latest non-zero value of each sensor up to row r.
      expect(Array.from(hot.values[Channel.speedKph] as Float32Array)).toEqual(Array.from(expectedHot));
    }
    await waitFor(() => rec.client.lastSeq.readings === ROWS_CHECKED, 5000, 'recording client');
    // This extract has no 0 ("no reading") at all; mock-server/metrLa.test.ts covers that rule on a hand-made file.
    expect(zeros).toBe(0);
    expect(expectedTuples.length).toBe(ROWS_CHECKED * S);
    expect(rec.readings).toEqual(expectedTuples);
    expect(store.getState().connection.phase).toBe('live');
    expect(feed.client.counters.rejected + rec.client.counters.rejected).toBe(0);
    expect(feed.client.counters.gaps + rec.client.counters.gaps).toBe(0);
    feed.stop();
    rec.client.stop();
  });
});
