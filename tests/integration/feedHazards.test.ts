/**
 * The hazard streams (docs/protocol.md §9) from the real feed server over a real socket.io connection: a client gets
 * the hazard snapshot after its welcome; an operator's `hzCommand` triggers a short, intense rainstorm; the `hazard`
 * stream then carries the alert level, the closed road links and the cascade in time order, the binary `hzFlood`
 * frames decode with growing water depth, and a hazard consequence becomes a 一网统管 work order (seen as a `woEvent`
 * and as a 'workOrder' cascade step); an invalid command is refused with the reason and changes nothing; a client that
 * connects mid-storm gets the snapshot with the whole cascade log and the latest flood frame.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import {
  DEFAULT_ORIGIN,
  GIS_LAYERS,
  cityGeoJsonTexts,
  generateCity,
} from '../../src/core/citygen/generateCity.ts';
import type { HazardSpec } from '../../src/core/hazards/types.ts';
import {
  FeedEvent,
  HazardEvent,
  PROTOCOL_VERSION,
  WorkloadEvent,
  decodeFloodFrame,
  parseHazardCommandAnswer,
  parseHazardMessage,
  parseHazardSnapshot,
  type FloodFrame,
  type HazardCommandAnswer,
  type HazardMessage,
  type HazardSnapshot,
  type WoEventMessage,
} from '../../src/core/protocol/index.ts';
import { importGeoJson } from '../../src/core/scene/importer.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import { waitFor } from './fixtures.ts';

/** The synthetic city of seed 1 with 500 buildings (terrain 258 × 137 cells, 306 road links). */
function city500(): CityModel {
  const city = generateCity({ seed: 1, buildings: 500 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'gen500', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated city failed to import');
  return r.model;
}

/** 2026-07-15 10:00 China Standard Time. */
const START = Date.UTC(2026, 6, 15, 2, 0);
/**
 * A cloudburst: 250 mm/h for an hour (above the 201.9 mm hour of Zhengzhou 2021-07-20, so that roads on this small
 * city's terrain flood within half an hour), a 4-minute warning.
 */
const STORM: HazardSpec = {
  kind: 'rainstorm',
  leadMin: 4,
  rain: { kind: 'series', label: 'test cloudburst', stepMin: 30, mmH: [250, 250] },
};

interface Client {
  socket: Socket;
  snapshots: HazardSnapshot[];
  messages: HazardMessage[];
  floods: FloodFrame[];
  woEvents: WoEventMessage[];
  /** Everything in arrival order (event names), to check the order after welcome. */
  order: string[];
  rejected: { event: string; reason: string }[];
}

let server: FeedServer;
let dir = '';
const sockets: Socket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-hazards-'));
  server = await createFeedServer({
    scene: city500(),
    sceneName: 'gen500',
    seed: 7,
    // 600× at 5 Hz: 120 simulated seconds per tick.
    speed: 600,
    batchHz: 5,
    startSimMs: START,
    port: 0,
    autoTick: false,
    log: () => {},
    // Domain reports on (hazard consequences among them); few synthetic arrivals; no simulated departments.
    workload: { dataDir: dir, live: { reportsPerDay: 10, departments: false } },
  });
}, 60_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Connects, says hello, subscribes to work orders; resolves once the hazard snapshot arrived. */
async function client(): Promise<Client> {
  const socket = connect(server.url, { transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  const c: Client = {
    socket,
    snapshots: [],
    messages: [],
    floods: [],
    woEvents: [],
    order: [],
    rejected: [],
  };
  socket.onAny((event: string) => c.order.push(event));
  socket.on(HazardEvent.snapshot, (v: unknown) => {
    const p = parseHazardSnapshot(v);
    if (!p.ok) throw new Error(p.reason);
    c.snapshots.push(p.value);
  });
  socket.on(HazardEvent.stream, (v: unknown) => {
    const p = parseHazardMessage(v);
    if (!p.ok) throw new Error(p.reason);
    c.messages.push(p.value);
  });
  socket.on(HazardEvent.flood, (v: ArrayBuffer) => {
    const p = decodeFloodFrame(v);
    if (!p.ok) throw new Error(p.reason);
    // Copy out of the message buffer (the decoded view aliases it).
    c.floods.push({ ...p.value, depthMm: p.value.depthMm.slice() });
  });
  socket.on(WorkloadEvent.event, (m: WoEventMessage) => c.woEvents.push(m));
  socket.on(FeedEvent.rejected, (r: { event: string; reason: string }) => c.rejected.push(r));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.emit(FeedEvent.hello, { protocol: PROTOCOL_VERSION, scene: 'gen500', resume: null });
  await waitFor(() => c.snapshots.length === 1, 10_000, 'hazard snapshot');
  await new Promise<void>((resolve) =>
    socket.emit(WorkloadEvent.subscribe, { afterSeq: null }, () => resolve()),
  );
  return c;
}

function command(c: Client, cmd: unknown): Promise<HazardCommandAnswer> {
  return new Promise((resolve, reject) =>
    c.socket.emit(HazardEvent.command, cmd, (a: unknown) => {
      const p = parseHazardCommandAnswer(a);
      if (p.ok) resolve(p.value);
      else reject(new Error(p.reason));
    }),
  );
}

/** Ticks the server n times, letting the work-order store commit between ticks. */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    server.tick();
    await server.workload!.service.flush();
  }
}

const maxMm = (f: FloodFrame): number => f.depthMm.reduce((m, v) => (v > m ? v : m), 0);

describe('hazard streams', () => {
  let a: Client;

  it('sends the hazard snapshot after the welcome, before the room joins', async () => {
    await ticks(2);
    a = await client();
    const s = a.snapshots[0]!;
    expect(s.message.seq).toBe(0);
    expect(s.message.hazards).toEqual([]);
    expect(s.message.cascade).toEqual([]);
    expect(a.order.indexOf(HazardEvent.snapshot)).toBeGreaterThan(a.order.indexOf(FeedEvent.welcome));
    expect(a.floods).toEqual([]);
  }, 30_000);

  it('refuses an invalid command with the reason and changes nothing', async () => {
    const before = server.stats().hazardMessages;
    expect(await command(a, { op: 'trigger', spec: { kind: 'fire', building: 500 } })).toEqual({
      ok: false,
      reason: 'hzCommand.spec.building: 500 is out of range [0, 499]',
    });
    expect(
      await command(a, {
        op: 'trigger',
        spec: {
          ...STORM,
          rain: {
            kind: 'design',
            formula: 'atlantis',
            returnPeriodYears: 5,
            durationMin: 60,
            peakRatio: 0.4,
          },
        },
      }),
    ).toEqual({
      ok: false,
      reason: 'hzCommand.spec.rain.formula: unknown storm formula "atlantis" (known: beijing, shanghai)',
    });
    expect(await command(a, { op: 'cancel', id: 'HZ-0042' })).toMatchObject({ ok: false });
    // Without an acknowledgement callback: rejected.
    a.socket.emit(HazardEvent.command, { op: 'cancel', id: 'HZ-0001' });
    await waitFor(() => a.rejected.length === 3, 5000, 'rejection');
    // The two invalid commands were rejected too (counted); the valid cancel of an unknown hazard only answered.
    expect(a.rejected.map((r) => r.reason.split(':')[0])).toEqual([
      'hzCommand.spec.building',
      'hzCommand.spec.rain.formula',
      'hzCommand',
    ]);
    expect(a.rejected[2]).toEqual({
      event: 'hzCommand',
      reason: 'hzCommand: no acknowledgement callback (emit with a callback)',
    });
    await ticks(2);
    expect(server.stats().hazardMessages).toBe(before);
    expect(a.messages).toEqual([]);
  }, 30_000);

  it('a rainstorm: alert, onset, flooded roads, growing depth, cascade in order, a work order', async () => {
    expect(await command(a, { op: 'trigger', spec: STORM })).toEqual({ ok: true, id: 'HZ-0001' });
    // The first message is due at once (a command changed the state).
    await ticks(1);
    await waitFor(() => a.messages.length >= 1, 5000, 'first hazard message');
    const first = a.messages[0]!;
    expect(first.seq).toBe(1);
    expect(first.hazards.map((h) => [h.id, h.kind, h.phase])).toEqual([['HZ-0001', 'rainstorm', 'warning']]);
    // 250 mm/h is far above every warning threshold: red (4) from the warning on.
    expect(first.hazards[0]!.alertLevel).toBe(4);
    expect(first.cascade[0]).toMatchObject({ kind: 'alert', hazardId: 'HZ-0001' });

    // Run until roads are closed and a consequence became a work order (or 60 ticks = 2 simulated hours).
    for (let i = 0; i < 60; i++) {
      await ticks(1);
      const woNode = a.messages.some((m) => m.cascade.some((n) => n.kind === 'workOrder'));
      if (woNode && a.floods.length >= 5) break;
    }
    await waitFor(
      () => a.messages.some((m) => m.cascade.some((n) => n.kind === 'workOrder')),
      10_000,
      'workOrder step',
    );

    // Sequenced with no gap.
    expect(a.messages.map((m) => m.seq)).toEqual(a.messages.map((_, i) => i + 1));
    const cascade = a.messages.flatMap((m) => m.cascade);
    // Time order, never two ids alike, causes always earlier steps.
    const seen = new Set<string>();
    for (let i = 0; i < cascade.length; i++) {
      const n = cascade[i]!;
      if (i > 0) expect(n.simTimeMs).toBeGreaterThanOrEqual(cascade[i - 1]!.simTimeMs);
      expect(seen.has(n.id)).toBe(false);
      for (const c of n.causes) expect(seen.has(c)).toBe(true);
      seen.add(n.id);
    }
    const kinds = cascade.map((n) => n.kind);
    expect(kinds[0]).toBe('alert');
    expect(kinds.indexOf('hazardOnset')).toBeGreaterThan(0);
    expect(kinds.indexOf('linkClosed')).toBeGreaterThan(kinds.indexOf('hazardOnset'));
    expect(kinds.indexOf('workOrder')).toBeGreaterThan(kinds.indexOf('linkClosed'));

    // Closed links in the stream, and the roads lifeline below 100 %.
    const last = a.messages[a.messages.length - 1]!;
    expect(last.closedLinks.length).toBeGreaterThan(0);
    expect(last.lifelines.roadsPct).toBeLessThan(100);
    for (const l of last.closedLinks) expect(l).toBeLessThan(306);
    expect(last.flood).not.toBeNull();

    // Flood frames: one grid, sequenced, the hazard's number, water deepening while it rains.
    expect(a.floods.length).toBeGreaterThanOrEqual(5);
    const f0 = a.floods[0]!;
    expect([f0.nx, f0.ny, f0.hazardNumber]).toEqual([258, 137, 1]);
    expect(a.floods.map((f) => f.seq)).toEqual(a.floods.map((_, i) => f0.seq + i));
    expect(maxMm(a.floods[a.floods.length - 1]!)).toBeGreaterThan(maxMm(f0));
    expect(maxMm(a.floods[a.floods.length - 1]!)).toBeGreaterThan(100);

    // The work order: a woEvent creating (or merging into) an order from a hazard report, the same id as the step's.
    const woStep = cascade.find((n) => n.kind === 'workOrder')!;
    expect(woStep.ref?.kind).toBe('workOrder');
    const orderId = woStep.ref?.kind === 'workOrder' ? woStep.ref.id : '';
    const created = a.woEvents.find(
      (m) =>
        m.order.id === orderId &&
        ((m.event.action.kind === 'create' && m.event.action.report.reporter.startsWith('hazard:')) ||
          (m.event.action.kind === 'merge' &&
            (m.event.action.reports ?? []).some((r) => r.reporter.startsWith('hazard:')))),
    );
    expect(created).toBeDefined();
    expect(created!.order.sources).toContain('domain');
    expect(['drainage', 'trafficSignal', 'powerOutage', 'safetyHazard', 'waterSupply']).toContain(
      created!.order.category,
    );
    expect(a.rejected.length).toBe(3); // only those of the invalid commands above
  }, 120_000);

  it('a client that connects mid-storm gets the whole log and the latest flood frame', async () => {
    const b = await client();
    await waitFor(() => b.floods.length === 1, 5000, 'latest flood frame');
    const s = b.snapshots[0]!;
    const streamed = a.messages.flatMap((m) => m.cascade).map((n) => n.id);
    expect(s.message.seq).toBe(a.messages[a.messages.length - 1]!.seq);
    expect(s.message.cascade.map((n) => n.id)).toEqual(streamed);
    expect(s.message.hazards[0]).toMatchObject({ id: 'HZ-0001', alertLevel: 4 });
    expect(s.lifelineHistory.length).toBeGreaterThan(10);
    expect(b.floods[0]!.seq).toBe(a.floods[a.floods.length - 1]!.seq);
    expect(Array.from(b.floods[0]!.depthMm)).toEqual(Array.from(a.floods[a.floods.length - 1]!.depthMm));
    expect(b.order.indexOf(HazardEvent.flood)).toBeGreaterThan(b.order.indexOf(HazardEvent.snapshot));
    // Both clients get the next message alike.
    const next = a.messages.length;
    await ticks(1);
    await waitFor(() => b.messages.length >= 1 && a.messages.length > next, 5000, 'next message');
    expect(b.messages[0]).toEqual(a.messages[next]);
  }, 60_000);

  it('acknowledge and cancel', async () => {
    expect(await command(a, { op: 'acknowledge', id: 'HZ-0001', operator: '值班员' })).toEqual({
      ok: true,
      id: 'HZ-0001',
    });
    expect(await command(a, { op: 'cancel', id: 'HZ-0001' })).toEqual({ ok: true, id: 'HZ-0001' });
    const n = a.messages.length;
    await ticks(1);
    await waitFor(() => a.messages.length > n, 5000, 'message after cancel');
    const h = a.messages[a.messages.length - 1]!.hazards.find((x) => x.id === 'HZ-0001')!;
    expect(h.phase).toBe('over');
  }, 30_000);
});
