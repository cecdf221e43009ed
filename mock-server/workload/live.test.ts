/**
 * The live work on the service (PGlite in a temp dir): over simulated hours the core's arrivals become orders that
 * flow to closure through legal transitions only, crews never exceed the staff on shift, traffic incidents and
 * energy alarms become 'domain' reports, and the schedule continues after a restart (it lives in the orders).
 * The NYC 311 replay maps the sample's bounding box onto the scene and keeps the recorded order and closures.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEvents } from '../../src/core/workload/stateMachine.ts';
import { staffOnShift } from '../../src/core/workload/taxonomy.ts';
import type { Nyc311Request } from '../../src/core/workload/nyc311.ts';
import type { WorkOrder } from '../../src/core/workload/types.ts';
import { START_SIM_MS, tinyCity } from '../../tests/integration/fixtures.ts';
import { createLiveWork } from './live.ts';
import { loadNyc311Requests, nyc311Replay, syntheticReports } from './reportSources.ts';
import { WorkloadService } from './service.ts';
import type { WoEventMessage } from '../../src/core/protocol/workloadMessages.ts';

const city = tinyCity();
const TICK_MS = 60_000;
let dir = '';
let svc: WorkloadService;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-wo-live-'));
  svc = await WorkloadService.open({ dataDir: dir, log: () => {} });
}, 60_000);

afterAll(async () => {
  await svc.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `ticks` one-minute ticks from `fromMs`, waiting for each commit. */
async function run(live: ReturnType<typeof createLiveWork>, fromMs: number, ticks: number, extra = false) {
  for (let k = 1; k <= ticks; k++) {
    const t = fromMs + k * TICK_MS;
    live.tick(
      t,
      extra && k === 1
        ? [
            {
              op: 'raised',
              incident: {
                id: 'inc:000007',
                kind: 'crash',
                x: 250,
                y: 0,
                simTimeMs: t,
                severity: 3,
                description: { zh: '追尾', en: 'Rear-end crash' },
                cleared: false,
              },
            },
          ]
        : [],
      [],
    );
    await svc.flush();
  }
}

describe('live work', () => {
  it('arrivals flow to closure through legal transitions; crews ≤ staff on shift; incidents become reports', async () => {
    const heard: WoEventMessage[] = [];
    svc.addCommitListener((m) => heard.push(...m));
    const live = createLiveWork(svc, {
      scene: city,
      seed: 9,
      gridCellAt: () => -1,
      energy: null,
      reports: syntheticReports(city, 9, { reportsPerDay: 600 }),
    });
    await run(live, START_SIM_MS, 8 * 60, true);
    const kinds = new Map<string, number>();
    for (const m of heard) kinds.set(m.event.action.kind, (kinds.get(m.event.action.kind) ?? 0) + 1);
    // 600/day over 8 h: on the order of a hundred reports; most orders reach 'closed'.
    expect(kinds.get('create')).toBeGreaterThan(50);
    expect(kinds.get('close')).toBeGreaterThan(20);
    expect(svc.stats().refused).toBe(0);
    // The log replays into exactly the states broadcast (every transition legal, nothing lost).
    const folded = foldEvents(heard.map((m) => m.event));
    const last = new Map<string, WorkOrder>();
    for (const m of heard) last.set(m.order.id, m.order);
    expect([...folded.values()]).toEqual([...last.values()]);
    // Never more orders in progress per department than crews on shift.
    const working = new Map<string, number>();
    for (const m of heard) {
      const d = m.order.department ?? '';
      if (m.event.to === 'inProgress' && m.event.from !== 'inProgress')
        working.set(d, (working.get(d) ?? 0) + 1);
      if (m.event.from === 'inProgress' && m.event.to !== 'inProgress')
        working.set(d, (working.get(d) ?? 0) - 1);
      expect(working.get(d) ?? 0).toBeLessThanOrEqual(staffOnShift(d, m.event.simTimeMs));
    }
    const crash = heard.find((m) => m.event.action.kind === 'create' && m.order.sources[0] === 'domain');
    expect(crash?.order.category).toBe('trafficIncident');
    expect(crash?.order.priority).toBe(1);
    expect(crash?.order.reporters).toEqual(['inc:000007']);
  });

  it('continues the same plan after a restart (the schedule lives in the orders)', async () => {
    const before = svc.lastSeq;
    const open = [...svc.openOrders().values()];
    expect(open.length).toBeGreaterThan(0);
    await svc.close();
    svc = await WorkloadService.open({ dataDir: dir, log: () => {} });
    expect([...svc.openOrders().values()]).toEqual(open);
    const live = createLiveWork(svc, {
      scene: city,
      seed: 9,
      gridCellAt: () => -1,
      energy: null,
      reports: null,
    });
    await run(live, START_SIM_MS + 8 * 60 * TICK_MS, 24 * 60);
    // With no new reports, a day later every order has moved on and most are closed.
    expect(svc.lastSeq).toBeGreaterThan(before);
    const still = [...svc.openOrders().values()].filter((o) =>
      open.some((p) => p.id === o.id && p.version === o.version),
    );
    expect(still).toEqual([]);
  });
});

describe('NYC 311 replay', () => {
  const req = (key: string, createdMs: number, lat: number, lon: number, closeH: number): Nyc311Request => ({
    line: 2,
    key,
    createdMs,
    closedMs: createdMs + closeH * 3_600_000,
    dueMs: NaN,
    agency: 'DSNY',
    complaintType: 'Dirty Conditions',
    descriptor: 'Trash',
    status: 'Closed',
    borough: 'QUEENS',
    lat,
    lon,
    category: 'garbage',
  });

  it('maps the bounding box onto the scene, keeps the order and relative gaps, and the recorded closures', () => {
    // Three requests: SW corner at t, NE corner at t + 3 days, the middle at t + 1 day (hand calculation:
    // span 3 days compressed onto 1 → offsets 0, 8 h, 24 h − 1 ms).
    const t = Date.UTC(2018, 0, 1);
    const r = nyc311Replay(
      [
        req('a', t, 40.5, -74.2, 2),
        req('b', t + 86_400_000, 40.7, -74.0, 30),
        req('c', t + 3 * 86_400_000, 40.9, -73.8, 5),
      ],
      city,
      START_SIM_MS,
      1,
    );
    const first = r.step(START_SIM_MS - 1, START_SIM_MS + 86_400_000 - 1);
    expect(first.map((d) => [d.reporter, d.simTimeMs - START_SIM_MS, d.x, d.y])).toEqual([
      ['nyc311:a', 0, 0, 0],
      ['nyc311:b', 8 * 3_600_000 - 1, 250, 250],
      ['nyc311:c', 86_400_000 - 1, 500, 500],
    ]);
    expect(first[0]?.source).toBe('replay');
    // Looped: the second day replays the same requests one day later.
    const second = r.step(START_SIM_MS + 86_400_000 - 1, START_SIM_MS + 86_400_000);
    expect(second.map((d) => d.reporter)).toEqual(['nyc311:a']);
    const order = { reporters: ['nyc311:b'] } as unknown as WorkOrder;
    expect(r.recordedClosureMs(order)).toBe(30 * 3_600_000);
  });

  const sample = path.resolve('../shared/data/feeds');
  const file = path.join(sample, 'nyc_311_service_requests_sample.csv');
  if (!existsSync(file)) console.warn(`NYC 311 replay test skipped: ${file} is missing`);
  it.skipIf(!existsSync(file))(
    'loads the real sample: every mapped request lands inside the scene',
    async () => {
      const loaded = await loadNyc311Requests(sample);
      expect(loaded.requests.length).toBeGreaterThan(800);
      const r = nyc311Replay(loaded.requests, city, START_SIM_MS, 1);
      const day = r.step(START_SIM_MS - 1, START_SIM_MS + 86_400_000 - 1);
      expect(day.length).toBe(loaded.requests.length);
      for (let i = 1; i < day.length; i++)
        expect(day[i]!.simTimeMs).toBeGreaterThanOrEqual(day[i - 1]!.simTimeMs);
      for (const d of day) {
        expect(d.x).toBeGreaterThanOrEqual(0);
        expect(d.x).toBeLessThanOrEqual(500);
        expect(d.y).toBeGreaterThanOrEqual(0);
        expect(d.y).toBeLessThanOrEqual(500);
      }
    },
  );
});
