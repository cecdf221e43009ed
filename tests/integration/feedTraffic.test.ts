/**
 * The live traffic streams (docs/protocol.md §2b, §2c, §3b, §4b) from the real server to the real client pipeline:
 * link state, KPIs and trips reach the hot buffers and the store exactly as sent; a client that reconnects resumes the
 * trip stream with no duplicate and no gap; a fresh client gets the latest state and the trips still active; bad link
 * series requests are rejected with a clear reason while a good one returns the link's history.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer, type FeedServerOptions } from '../../mock-server/server.ts';
import {
  createDecodedLinkState,
  decodeLinkState,
  decodeTripBatch,
  FeedEvent,
  tripEndSimMs,
  type KpiMessage,
  type TripColumns,
} from '../../src/core/protocol/index.ts';
import { gridCounts } from '../../src/app/gridHolder.ts';
import { buildGridModel } from '../../src/core/energy/city/gridModel.ts';
import { createHotBuffers } from '../../src/feed/hotBuffers.ts';
import { createHotTraffic, emptyTrips, type HotVehicles } from '../../src/feed/hotTraffic.ts';
import { requestLinkSeries } from '../../src/feed/series.ts';
import { startInThread } from '../../src/feed/startFeed.ts';
import { TRIP_TRAIL_MS } from '../../src/feed/vehicleTrips.ts';
import { createAppStore } from '../../src/state/store.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';
import { recordingClient } from './harness.ts';

let server: FeedServer | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
  server = null;
});

/** What the server emitted on the traffic streams. */
interface Emitted {
  linkStates: Uint8Array[];
  kpis: KpiMessage[];
  trips: Map<number, TripColumns & { simTimeMs: number }>;
}

async function start(
  extra: Partial<FeedServerOptions> = {},
): Promise<{ server: FeedServer; emitted: Emitted }> {
  const emitted: Emitted = { linkStates: [], kpis: [], trips: new Map() };
  const city = tinyCity();
  const s = await createFeedServer({
    scene: city,
    sceneName: 'tiny',
    seed: 11,
    speed: 60,
    startSimMs: START_SIM_MS,
    port: 0,
    autoTick: false,
    vehicles: 300,
    log: () => {},
    onTraffic: (m) => {
      if (m.kind === 'linkState') emitted.linkStates.push(m.bytes);
      else if (m.kind === 'kpis') emitted.kpis.push(m.message);
      else {
        const d = decodeTripBatch(m.bytes, city.roads.linkCount);
        if (!d.ok) throw new Error(d.reason);
        emitted.trips.set(d.value.seq, d.value);
      }
    },
    ...extra,
  });
  server = s;
  return { server: s, emitted };
}

/** Trip ids of `batches` that end at or after `cutoffMs`. */
function idsEndingAfter(batches: Iterable<TripColumns>, cutoffMs: number): number[] {
  const ids: number[] = [];
  for (const b of batches)
    for (let i = 0; i < b.count; i++) if (tripEndSimMs(b, i) >= cutoffMs) ids.push(b.tripId[i]!);
  return ids.sort((a, b) => a - b);
}

describe('live traffic streams', () => {
  it('delivers link state, KPIs and trips to the hot buffers and the store exactly as sent', async () => {
    const { server: s, emitted } = await start();
    const hot = createHotBuffers();
    const traffic = createHotTraffic();
    const vehicles: HotVehicles = { version: 0, trips: emptyTrips() };
    const store = createAppStore();
    const feed = startInThread(s.url, { sceneName: 'tiny', store, hot, traffic, vehicles }, null);
    cleanups.push(() => feed.stop());
    await waitFor(() => feed.client.counters.snapshots === 1, 5000, 'snapshot');
    for (let i = 0; i < 60; i++) s.tick();
    await waitFor(() => feed.client.lastSeq.readings === 60, 5000, 'batch 60');
    expect(emitted.linkStates.length).toBeGreaterThan(3);
    expect(emitted.kpis.length).toBeGreaterThan(1);
    expect(emitted.trips.size).toBeGreaterThan(3);
    const last = createDecodedLinkState();
    expect(decodeLinkState(emitted.linkStates.at(-1), 8, last)).toEqual({ ok: true });
    const now = [...emitted.trips.values()].at(-1)!.simTimeMs;
    const expectedIds = idsEndingAfter(emitted.trips.values(), now - TRIP_TRAIL_MS);
    const sortedIds = (): string => JSON.stringify(Array.from(vehicles.trips.tripId).sort((a, b) => a - b));
    await waitFor(
      () => traffic.simTimeMs === last.simTimeMs && sortedIds() === JSON.stringify(expectedIds),
      5000,
      'hand-over',
    );
    expect(traffic.linkCount).toBe(8);
    expect(Array.from(traffic.speedKph)).toEqual(Array.from(last.speedKph));
    expect(Array.from(traffic.flowVph)).toEqual(Array.from(last.flowVph));
    expect(Array.from(traffic.vc)).toEqual(Array.from(last.vc));
    expect(traffic.speedKph.every((v) => v > 0)).toBe(true);
    // KPIs: the store holds the last message's KPIs and a trend point per message (all within 24 h).
    const st = store.getState();
    expect(st.trafficKpis).toEqual(emitted.kpis.at(-1)!.kpis);
    expect(st.trafficTrend.map((p) => p.simTimeMs)).toEqual(emitted.kpis.map((k) => k.kpis.simTimeMs));
    // Trips: every trip sent that has not ended more than the trail ago, once.
    expect(expectedIds.length).toBeGreaterThan(0);
    expect(new Set(vehicles.trips.tripId).size).toBe(vehicles.trips.count);
    expect(feed.client.counters.rejected).toBe(0);
  });

  it('resumes the trip stream across disconnects with no duplicate and no gap', async () => {
    const { server: s, emitted } = await start();
    const c = recordingClient(s.url, 'tiny');
    cleanups.push(() => c.client.stop());
    c.client.start();
    await waitFor(() => c.client.counters.snapshots === 1, 5000, 'snapshot');
    for (let i = 0; i < 10; i++) s.tick();
    await waitFor(() => c.tripSeqs.filter((q) => q > 0).length >= 3, 5000, 'first trip batches');
    for (let round = 0; round < 4; round++) {
      if (round % 2 === 0) s.io.disconnectSockets(true);
      else c.client.dropTransport();
      // Ticks while the client is away (its reconnect waits ≥ 10 ms): it must get these trip batches by replay.
      const before = s.stats().tripBatches;
      for (let i = 0; i < 10; i++) s.tick();
      expect(s.stats().tripBatches - before).toBeGreaterThan(2);
      const target = s.stats().batchSeq;
      await waitFor(() => c.client.lastSeq.readings === target, 5000, `catch-up after disconnect ${round}`);
    }
    for (let i = 0; i < 10; i++) s.tick();
    const target = s.stats().batchSeq;
    await waitFor(() => c.client.lastSeq.readings === target, 5000, 'last batches');
    c.client.stop();
    // The client applied every trip batch the server produced, up to the last.
    expect(c.client.lastSeq.trips).toBe(emitted.trips.size);
    expect(c.tripSeqs.at(-1)).toBe(emitted.trips.size);
    const live = c.tripSeqs.filter((q) => q > 0);
    const first = live[0]!;
    // Consecutive trip batch sequences from the first live one: nothing twice, nothing missing.
    expect(live).toEqual(Array.from({ length: live.length }, (_, i) => first + i));
    const expectedIds: number[] = [];
    for (const q of live) expectedIds.push(...emitted.trips.get(q)!.tripId);
    const liveIds = c.tripIds.slice(c.tripIds.length - expectedIds.length);
    expect(liveIds).toEqual(expectedIds);
    expect(new Set(c.tripIds).size).toBe(c.tripIds.length);
    expect(s.stats().replays).toBeGreaterThanOrEqual(4);
    expect(c.client.counters.gaps).toBe(0);
    expect(c.client.counters.resyncs).toBe(0);
    expect(c.client.counters.rejected).toBe(0);
    // Link state and KPIs are latest-wins state: after the resumes the client holds the newest it was sent.
    expect(c.rec.kpis.at(-1)).toEqual(emitted.kpis.find((k) => k.seq === c.client.lastSeq.kpis)!.kpis);
  });

  it('gives a fresh client the latest link state, the latest KPIs and the trips still active', async () => {
    const { server: s, emitted } = await start();
    for (let i = 0; i < 80; i++) s.tick();
    const hot = createHotBuffers();
    const traffic = createHotTraffic();
    const vehicles: HotVehicles = { version: 0, trips: emptyTrips() };
    const store = createAppStore();
    const feed = startInThread(s.url, { sceneName: 'tiny', store, hot, traffic, vehicles }, null);
    cleanups.push(() => feed.stop());
    const last = createDecodedLinkState();
    expect(decodeLinkState(emitted.linkStates.at(-1), 8, last)).toEqual({ ok: true });
    // The snapshot's trips: those that end no earlier than the trail before the last tick (tick 79, 12 s apart).
    const lastTickMs = START_SIM_MS + 79 * 200 * 60;
    const expectedIds = idsEndingAfter(emitted.trips.values(), lastTickMs - TRIP_TRAIL_MS);
    const sortedIds = (): string => JSON.stringify(Array.from(vehicles.trips.tripId).sort((a, b) => a - b));
    await waitFor(
      () =>
        traffic.simTimeMs === last.simTimeMs &&
        store.getState().trafficKpis !== null &&
        sortedIds() === JSON.stringify(expectedIds),
      5000,
      'state after the snapshot',
    );
    expect(Array.from(traffic.speedKph)).toEqual(Array.from(last.speedKph));
    expect(store.getState().trafficKpis).toEqual(emitted.kpis.at(-1)!.kpis);
    expect(expectedIds.length).toBeGreaterThan(0);
    expect(feed.client.lastSeq.trips).toBe(emitted.trips.size);
    // Live trips continue after the snapshot without a gap.
    s.tick();
    await waitFor(() => feed.client.lastSeq.readings === 81, 5000, 'batch 81');
    expect(feed.client.counters.gaps).toBe(0);
    expect(feed.client.counters.rejected).toBe(0);
  });

  it('resyncs from a snapshot when the trip window was passed: the trip set is replaced, not duplicated', async () => {
    const { server: s, emitted } = await start({ replayWindowTrips: 1 });
    const hot = createHotBuffers();
    const traffic = createHotTraffic();
    const vehicles: HotVehicles = { version: 0, trips: emptyTrips() };
    const store = createAppStore();
    // The page's grid model matches the server's, so the only notice is the resync's (a page without one gets the
    // energy "grid model differs" notice, which may land after it).
    const counts = gridCounts(buildGridModel(tinyCity()));
    const feed = startInThread(
      s.url,
      { sceneName: 'tiny', store, hot, traffic, vehicles, gridCounts: () => counts },
      null,
    );
    cleanups.push(() => feed.stop());
    await waitFor(() => feed.client.counters.snapshots === 1, 5000, 'snapshot');
    for (let i = 0; i < 20; i++) s.tick();
    await waitFor(() => feed.client.lastSeq.readings === 20, 5000, 'batch 20');
    feed.client.dropTransport();
    // More trip batches than the window holds while the client is away (briefly: trips it had are still active):
    // its resume must become a snapshot whose trip set replaces the client's.
    const had = feed.client.activeTrips.count;
    for (let i = 0; i < 4; i++) s.tick();
    expect(emitted.trips.size - feed.client.lastSeq.trips).toBeGreaterThan(1);
    await waitFor(() => feed.client.counters.snapshots === 2, 5000, 'resync snapshot');
    expect(store.getState().feedNotice?.en).toBe(
      'Away longer than the replay window: resynced from a snapshot',
    );
    const lastTickMs = START_SIM_MS + 23 * 200 * 60;
    const expectedIds = JSON.stringify(idsEndingAfter(emitted.trips.values(), lastTickMs - TRIP_TRAIL_MS));
    const sortedIds = (): string => JSON.stringify(Array.from(vehicles.trips.tripId).sort((a, b) => a - b));
    await waitFor(() => sortedIds() === expectedIds, 5000, 'trip set of the snapshot');
    expect(had).toBeGreaterThan(0);
    expect(feed.client.lastSeq.trips).toBe(emitted.trips.size);
    s.tick();
    await waitFor(() => feed.client.lastSeq.readings === 25, 5000, 'batch 25');
    expect(feed.client.counters.gaps).toBe(0);
    expect(feed.client.counters.rejected).toBe(0);
  });

  it('answers link series requests and rejects bad ones with a clear reason', async () => {
    const { server: s } = await start({ seriesRatePerS: 5 });
    for (let i = 0; i < 60; i++) s.tick(); // 60 ticks × 12 s = 12 simulated minutes
    const hot = createHotBuffers();
    const feed = startInThread(s.url, { sceneName: 'tiny', store: createAppStore(), hot }, null);
    cleanups.push(() => feed.stop());
    await waitFor(() => feed.client.counters.snapshots === 1, 5000, 'snapshot');
    const series = await requestLinkSeries(3);
    expect(series.link).toBe(3);
    expect(series.simTimeMs.length).toBe(12);
    expect(series.simTimeMs[0]).toBe(START_SIM_MS);
    expect(series.speedKph.length).toBe(12);
    expect(Array.from(series.speedKph).every((v) => v > 0)).toBe(true);
    await expect(requestLinkSeries(8)).rejects.toThrow(
      'link series 8: no such road link (the scene has 8 road links)',
    );

    // A raw socket bypasses the client's own checks: the server must validate.
    const raw: Socket = connect(s.url, { transports: ['websocket'], forceNew: true });
    cleanups.push(() => raw.disconnect());
    const ask = (payload: unknown): Promise<unknown> =>
      new Promise((resolve) =>
        raw.timeout(2000).emit(FeedEvent.linkSeries, payload, (_e: unknown, a: unknown) => resolve(a)),
      );
    await new Promise<void>((r) => raw.on('connect', () => r()));
    expect(await ask({ link: 0 })).toEqual({ ok: false, reason: 'order: linkSeries before hello' });
    raw.emit(FeedEvent.hello, { protocol: 1, scene: 'tiny', resume: null });
    await new Promise<void>((r) => raw.once(FeedEvent.welcome, () => r()));
    expect(await ask({ link: 99 })).toEqual({
      ok: false,
      reason: 'linkSeries.link: 99 is out of range (the scene has 8 road links)',
    });
    expect(await ask({ link: 'x' })).toEqual({
      ok: false,
      reason: 'linkSeries.link: expected a non-negative integer, got "x"',
    });
    const answers = (await Promise.all(Array.from({ length: 12 }, () => ask({ link: 1 })))) as {
      ok: boolean;
      reason?: string;
    }[];
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.reason).toBe('rate: more than 5 linkSeries requests per second (retry later)');
    expect(s.stats().rejectedByReason['linkSeries.link']).toBe(2);
  });
});
