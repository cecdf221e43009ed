/**
 * The live energy streams (docs/protocol.md §2d, §3c) from the real server to the real client pipeline: every
 * dispatch step's balance reaches the store and the latest element state reaches the hot buffers exactly as sent; a
 * client that joins later gets the day's history; a client that reconnects resumes the `energy` stream with no
 * duplicate; energy series requests return the asset's history and bad ones are refused with a clear reason; the
 * Tétouan replay drives three feeders with the real zone loads.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer, type FeedServerOptions } from '../../mock-server/server.ts';
import { loadTetouan, TETOUAN_FILE } from '../../mock-server/tetouanReplay.ts';
import {
  DEFAULT_ORIGIN,
  GIS_LAYERS,
  cityGeoJsonTexts,
  generateCity,
} from '../../src/core/citygen/generateCity.ts';
import { buildGridModel } from '../../src/core/energy/city/gridModel.ts';
import {
  decodeEnergyState,
  createEnergyStateColumns,
  FeedEvent,
  PROTOCOL_VERSION,
  type DecodedEnergyState,
  type EnergyMessage,
} from '../../src/core/protocol/index.ts';
import { importGeoJson } from '../../src/core/scene/importer.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import { gridCounts } from '../../src/app/gridHolder.ts';
import { requestEnergySeries } from '../../src/feed/energySeries.ts';
import { createHotBuffers } from '../../src/feed/hotBuffers.ts';
import { createHotEnergy } from '../../src/feed/hotEnergy.ts';
import { startInThread } from '../../src/feed/startFeed.ts';
import { createAppStore } from '../../src/state/store.ts';
import { waitFor } from './fixtures.ts';

let server: FeedServer | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
  server = null;
});

let cached: CityModel | null = null;
/** The synthetic city of seed 1 with 500 buildings (18 feeders, 4 stations, 4 substation meters). */
function city500(): CityModel {
  if (cached) return cached;
  const city = generateCity({ seed: 1, buildings: 500 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'gen500', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated city failed to import');
  cached = r.model;
  return cached;
}

const counts = gridCounts(buildGridModel(city500()));
/** 2026-07-15 10:00 China Standard Time. */
const START = Date.UTC(2026, 6, 15, 2, 0);

interface Emitted {
  states: Uint8Array[];
  messages: EnergyMessage[];
}

/** A server on the generated city; 1500× at 5 Hz = 300 s per tick = one dispatch step per tick. */
async function start(extra: Partial<FeedServerOptions> = {}): Promise<{ s: FeedServer; emitted: Emitted }> {
  const emitted: Emitted = { states: [], messages: [] };
  const s = await createFeedServer({
    scene: city500(),
    sceneName: 'gen500',
    seed: 7,
    speed: 1500,
    batchHz: 5,
    startSimMs: START,
    port: 0,
    autoTick: false,
    vehicles: 100,
    log: () => {},
    onEnergy: (m) => {
      if (m.kind === 'state') emitted.states.push(m.bytes);
      else emitted.messages.push(m.message);
    },
    ...extra,
  });
  server = s;
  return { s, emitted };
}

function decoded(bytes: Uint8Array): DecodedEnergyState {
  const d: DecodedEnergyState = { seq: 0, simTimeMs: 0, counts, columns: createEnergyStateColumns(counts) };
  const r = decodeEnergyState(bytes, counts, d);
  if (!r.ok) throw new Error(r.reason);
  return d;
}

function client(s: FeedServer) {
  const store = createAppStore();
  const energy = createHotEnergy();
  const feed = startInThread(
    s.url,
    { sceneName: 'gen500', store, hot: createHotBuffers(), energy, gridCounts: () => counts },
    null,
  );
  cleanups.push(() => feed.stop());
  return { store, energy, feed };
}

describe('live energy streams', () => {
  it('delivers every dispatch step to the store and the latest state to the hot buffers exactly as sent', async () => {
    const { s, emitted } = await start();
    const { store, energy, feed } = client(s);
    await waitFor(() => feed.client.counters.snapshots === 1, 5000, 'snapshot');
    for (let i = 0; i < 12; i++) s.tick();
    await waitFor(() => feed.client.lastSeq.readings === 12, 5000, 'batch 12');
    expect(emitted.messages.length).toBeGreaterThanOrEqual(12);
    const last = decoded(emitted.states.at(-1)!);
    await waitFor(() => energy.simTimeMs === last.simTimeMs, 5000, 'energy hand-over');
    expect(energy.counts).toEqual(counts);
    for (const [k, col] of Object.entries(last.columns))
      expect(Array.from(energy.columns[k as keyof typeof last.columns]), k).toEqual(Array.from(col));
    // Loads are served and the stations carry them.
    expect(Math.max(...energy.columns.stationLoadMw)).toBeGreaterThan(0);
    const st = store.getState();
    expect(st.energyCounts).toEqual(counts);
    expect(st.energyHistory.map((b) => b.simTimeMs)).toEqual(
      emitted.messages.map((m) => m.balance.simTimeMs),
    );
    expect(st.energyHistory.at(-1)).toEqual(emitted.messages.at(-1)!.balance);
    expect(st.energyAlarms).toEqual(emitted.messages.at(-1)!.active);
    // 5-minute steps, aligned to the clock.
    const times = st.energyHistory.map((b) => b.simTimeMs);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(300_000);
    expect(feed.client.counters.rejected).toBe(0);
  });

  it('gives a late client the day so far and resumes a reconnecting one with no duplicate', async () => {
    const { s, emitted } = await start();
    for (let i = 0; i < 20; i++) s.tick();
    const { store, feed } = client(s);
    await waitFor(() => store.getState().energyHistory.length === emitted.messages.length, 5000, 'history');
    expect(store.getState().energyHistory.map((b) => b.simTimeMs)).toEqual(
      emitted.messages.map((m) => m.balance.simTimeMs),
    );
    for (let round = 0; round < 3; round++) {
      s.io.disconnectSockets(true);
      for (let i = 0; i < 4; i++) s.tick();
      const target = emitted.messages.at(-1)!.seq;
      await waitFor(() => feed.client.lastSeq.energy === target, 5000, `resume ${round}`);
      // The store gets the messages at the next pull (every 16 ms), not when the socket does.
      await waitFor(
        () => store.getState().energyHistory.at(-1)?.simTimeMs === emitted.messages.at(-1)!.balance.simTimeMs,
        5000,
        `history after resume ${round}`,
      );
    }
    const hist = store.getState().energyHistory.map((b) => b.simTimeMs);
    expect(hist).toEqual(emitted.messages.map((m) => m.balance.simTimeMs));
    expect(new Set(hist).size).toBe(hist.length);
  });

  it('answers energy series requests with the asset history and refuses bad ones with a reason', async () => {
    const { s, emitted } = await start();
    const { feed } = client(s);
    await waitFor(() => feed.client.counters.snapshots === 1, 5000, 'snapshot');
    for (let i = 0; i < 6; i++) s.tick();
    await waitFor(() => feed.client.lastSeq.energyState === emitted.states.length, 5000, 'states');
    const station = 1;
    const series = await requestEnergySeries('station', station);
    const states = emitted.states.map(decoded);
    expect(Array.from(series.simTimeMs)).toEqual(states.map((d) => d.simTimeMs));
    expect(Array.from(series.values['loadMw']!)).toEqual(
      states.map((d) => d.columns.stationLoadMw[station]!),
    );
    await expect(requestEnergySeries('station', counts.station)).rejects.toThrow(/out of range/);
    // A raw client sending garbage is refused with the field named.
    const sock = connect(s.url, { transports: ['websocket'], forceNew: true });
    cleanups.push(() => sock.close());
    await new Promise<void>((res) => sock.on('connect', () => res()));
    sock.emit(FeedEvent.hello, { protocol: PROTOCOL_VERSION, scene: 'gen500', resume: null });
    const answer = await new Promise<unknown>((res) =>
      sock.emit(FeedEvent.energySeries, { kind: 'teapot', index: 0 }, (a: unknown) => res(a)),
    );
    expect(answer).toEqual({
      ok: false,
      reason: expect.stringMatching(/energySeries.kind: expected one of/),
    });
  });
});

const FEEDS = path.resolve(import.meta.dirname, '../../../shared/data/feeds');
const tetouanMissing = !existsSync(path.join(FEEDS, TETOUAN_FILE));
if (tetouanMissing) console.warn(`Tétouan replay test skipped: ${path.join(FEEDS, TETOUAN_FILE)} not found`);

describe.skipIf(tetouanMissing)('Tétouan replay (real zone loads on three feeders)', () => {
  it('drives three feeders with the real zone loads; a summer evening peak raises alarms', async () => {
    const series = await loadTetouan(FEEDS);
    // 2026-08-10 19:00 China Standard Time: the replay reads the same local time of year (10 Aug 2017 19:00).
    const { s, emitted } = await start({
      startSimMs: Date.UTC(2026, 7, 10, 11, 0),
      sim: { energy: { tetouan: { series, peakShareOfRating: 1 } } },
    });
    for (let i = 0; i < 12; i++) s.tick();
    const ms = emitted.messages.filter((m) => m.tetouan !== null);
    expect(ms.length).toBeGreaterThanOrEqual(12);
    for (const m of ms) {
      const t = m.tetouan!;
      // The row is the same local time of year: 10-minute rows, so 19:00 + k·5 min → row of floor(minutes / 10).
      const local = new Date(m.balance.simTimeMs + 8 * 3_600_000);
      const rowTime = new Date(series.timeMs[t.row]!);
      expect(rowTime.getUTCMonth()).toBe(local.getUTCMonth());
      expect(rowTime.getUTCDate()).toBe(local.getUTCDate());
      expect(rowTime.getUTCHours()).toBe(local.getUTCHours());
      expect(Math.floor(rowTime.getUTCMinutes() / 10)).toBe(Math.floor(local.getUTCMinutes() / 10));
      expect(t.zoneKw[0]).toBe(Math.fround(series.zone1Kw[t.row]!));
    }
    // Each replayed feeder's head power follows its target (zone kW × MW/kW) within the 2 % load noise + losses.
    const last = decoded(emitted.states.at(-1)!);
    const t = ms.at(-1)!.tetouan!;
    for (let k = 0; k < 3; k++) {
      const head = last.columns.feederHeadMw[t.feeders[k]!]!;
      expect(head / t.feederMw[k]!).toBeGreaterThan(0.95);
      expect(head / t.feederMw[k]!).toBeLessThan(1.1);
    }
    // At the 2017 summer evening peak the replayed feeders run at their limit: overload alarms on their sections.
    const raised = emitted.messages.flatMap((m) => m.events).filter((e) => e.raised);
    expect(raised.some((e) => e.kind === 'sectionOverload')).toBe(true);
  });
});
