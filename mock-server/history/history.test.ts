/**
 * The KPI history module: sampling every 5 simulated minutes from the tick output, the "now / yesterday / last week"
 * answer with its honest "no record yet" reason, query validation, and persistence across a restart (real PGlite
 * in a temporary directory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachHistory } from './index.ts';
import { memorySampleStore, MEMORY_SAMPLES_PER_KPI } from './store.ts';
import { openPglite, type SqlDb } from '../workload/db.ts';
import type { ServerModuleContext, TickOutput } from '../serverModules.ts';
import type { HazardSnapshot } from '../../src/core/protocol/hazardMessages.ts';
import type { TrafficKpis } from '../../src/core/traffic/types.ts';
import { DAY_MS, HISTORY_RETAIN_MS, HISTORY_SAMPLE_MS } from '../../src/core/protocol/historyMessages.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** A socket.io server stand-in: the module only registers a connection handler on its namespace. */
const fakeIo = {
  of: () => ({ on: () => {}, disconnectSockets: () => {} }),
} as unknown as ServerModuleContext['io'];

const hazardSnap = {
  message: { hazards: [], exposure: [] },
} as unknown as HazardSnapshot;

function ctxOf(db: SqlDb | null): ServerModuleContext {
  return {
    io: fakeIo,
    scene: null as never,
    sceneName: 'test-scene',
    seed: 1,
    speed: 60,
    log: () => {},
    db,
    workload: null,
    simNowMs: () => T0,
    now: () => 0,
    hazardSnapshot: () => hazardSnap,
  };
}

function kpis(simTimeMs: number, cityTti: number): TrafficKpis {
  return {
    simTimeMs,
    cityTti,
    avgSpeedKph: 40,
    delayVehHPerH: 100,
    vktPerH: 1000,
    districts: [],
    commutes: [],
    topLinks: [],
    relativeGap: 0,
    activeVehicles: 0,
    vehiclesPerAnimated: 1,
  };
}

const tick = (simMs: number, tti: number | null): TickOutput => ({
  simMs,
  trafficKpis: tti === null ? null : { seq: 1, kpis: kpis(simMs, tti) },
  energy: [],
  hazards: [],
});

describe('history module (memory)', () => {
  it('samples once per 5 simulated minutes and answers now / yesterday / last week', async () => {
    const h = await attachHistory(ctxOf(null));
    // Ticks every simulated minute for 20 minutes: slots at 0, 5, 10, 15, 20 min → 5 samples of traffic.tti.
    for (let m = 0; m <= 20; m++) h.tick!(tick(T0 + m * 60_000, 1 + m / 100));
    await h.flush();
    const a = await h.answer({
      ids: ['traffic.tti', 'energy.balance'],
      atSimMs: T0 + 20 * 60_000,
      seriesH: 1,
    });
    if (!a.ok) throw new Error(a.reason);
    const row = a.rows['traffic.tti']!;
    expect(row.series.map((p) => p[0])).toEqual([0, 5, 10, 15, 20].map((m) => T0 + m * 60_000));
    // The sample at minute 20 has TTI 1 + 20/100 = 1.2.
    expect(row.now).toEqual({ value: 1.2, simMs: T0 + 20 * 60_000, reason: null });
    expect(row.yesterday).toEqual({
      value: null,
      simMs: null,
      reason: `no record yet: history since ${new Date(T0).toISOString()}`,
    });
    expect(row.lastWeek.value).toBeNull();
    // A KPI never sampled (no energy model here): null now too, with the reason.
    expect(a.rows['energy.balance']!.now.value).toBeNull();
    expect(a.firstSimMs).toBe(T0);
  });

  it('finds yesterday within ±10 minutes, not beyond', async () => {
    const h = await attachHistory(ctxOf(null));
    h.tick!(tick(T0 - DAY_MS + 7 * 60_000, 1.5)); // 7 min after the same time yesterday: matches
    h.tick!(tick(T0, 1.1));
    await h.flush();
    const a = await h.answer({ ids: ['traffic.tti'], atSimMs: T0 });
    if (!a.ok) throw new Error(a.reason);
    expect(a.rows['traffic.tti']!.yesterday).toEqual({
      value: 1.5,
      simMs: T0 - DAY_MS + 7 * 60_000,
      reason: null,
    });
    const b = await h.answer({ ids: ['traffic.tti'], atSimMs: T0 + 18 * 60_000 });
    if (!b.ok) throw new Error(b.reason);
    // Asked at T0 + 18 min: yesterday's sample is 18 − 7 = 11 minutes from the same time yesterday, no match.
    expect(b.rows['traffic.tti']!.yesterday.value).toBeNull();
  });

  it('refuses malformed queries with a precise reason', async () => {
    const h = await attachHistory(ctxOf(null));
    expect(await h.answer({ ids: [], atSimMs: 0 })).toEqual({
      ok: false,
      reason: 'historyQuery.ids: must hold 1…64 ids (got 0)',
    });
    expect(await h.answer({ ids: ['a'], atSimMs: 'x' })).toEqual({
      ok: false,
      reason: 'historyQuery.atSimMs: must be a finite number ≥ 0 (ms since the Unix epoch)',
    });
    expect(await h.answer({ ids: ['a'], atSimMs: 0, seriesH: 49 })).toEqual({
      ok: false,
      reason: 'historyQuery.seriesH: must be a number 0…48 (got 49)',
    });
  });

  it('keeps memory bounded: retention by time and by count', async () => {
    const s = memorySampleStore();
    const n = MEMORY_SAMPLES_PER_KPI + 500;
    for (let i = 0; i < n; i++) await s.write([{ kpi: 'k', simMs: i * HISTORY_SAMPLE_MS, value: i }]);
    // 8 days at 5 minutes = 2,304 samples + the one at the boundary.
    expect(await s.count()).toBe(HISTORY_RETAIN_MS / HISTORY_SAMPLE_MS + 1);
  });
});

describe('history module (PGlite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps the history across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'citybrain-history-'));
    dirs.push(dir);
    let db = await openPglite(dir);
    let h = await attachHistory(ctxOf(db));
    h.tick!(tick(T0 - DAY_MS, 1.7));
    h.tick!(tick(T0 - DAY_MS + HISTORY_SAMPLE_MS, 1.6));
    await h.close!();
    await db.close();

    db = await openPglite(dir);
    h = await attachHistory(ctxOf(db));
    h.tick!(tick(T0, 1.2));
    await h.flush();
    const a = await h.answer({ ids: ['traffic.tti'], atSimMs: T0 });
    if (!a.ok) throw new Error(a.reason);
    expect(a.rows['traffic.tti']!.now).toEqual({ value: 1.2, simMs: T0, reason: null });
    expect(a.rows['traffic.tti']!.yesterday).toEqual({ value: 1.7, simMs: T0 - DAY_MS, reason: null });
    expect(a.firstSimMs).toBe(T0 - DAY_MS);
    // 3 ticks × 6 KPIs known without energy and work orders (3 traffic + 3 resilience): 18 rows.
    expect(await h.store.count()).toBe(18);
    await h.close!();
    await db.close();
  });
});
