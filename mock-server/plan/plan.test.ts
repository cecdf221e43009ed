/**
 * Saved scenarios on embedded PostgreSQL (PGlite in a temp dir): the /plan namespace end to end over socket.io, the
 * validation of every request (nothing written on bad input), unique names, and data surviving a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanApi, type PlanApi } from '../../src/plan/planApi.ts';
import { city500 } from '../../src/core/scenario/testCity.ts';
import type { ScenarioKpi, ScenarioSpec } from '../../src/core/scenario/types.ts';
import { openPglite, type SqlDb } from '../workload/db.ts';
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';
import { attachPlan, NO_DB_REASON, ScenarioStore } from './index.ts';

const scene = city500();
const SPEC: ScenarioSpec = {
  base: { sceneName: 'gen500', startSimMs: 1_785_000_000_000, seed: 7, utcOffsetMin: 480, horizonH: 24 },
  levers: { traffic: [{ kind: 'closeLink', link: 3 }], workload: [{ staffDelta: { cg: 2 } }] },
};
const KPIS: ScenarioKpi[] = [
  {
    domain: 'traffic',
    id: 'cityTti',
    label: { zh: '全市拥堵指数', en: 'City travel-time index' },
    unit: '',
    baseline: 1.25,
    scenario: Number.NaN,
    better: 'lower',
    basis: { zh: '均衡', en: 'equilibrium' },
  },
];

let dir = '';
let db: SqlDb;
let io: Server;
let module: ServerModule;
let api: PlanApi;
let clock = 1_000;

function ctxOf(d: SqlDb | null, server: Server): ServerModuleContext {
  return {
    io: server,
    scene,
    sceneName: 'gen500',
    seed: 7,
    speed: 1,
    log: () => {},
    db: d,
    workload: null,
    simNowMs: () => 0,
    now: () => clock++,
    hazardSnapshot: () => {
      throw new Error('not used');
    },
  };
}

async function listen(): Promise<{ io: Server; origin: string }> {
  const http = createServer();
  const server = new Server(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return { io: server, origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function count(): Promise<number> {
  const r = await db.query<{ n: unknown }>('select count(*) as n from scenarios');
  return Number(r[0]?.n);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-plan-'));
  db = await openPglite(dir);
  const l = await listen();
  io = l.io;
  module = await attachPlan(ctxOf(db, io));
  api = createPlanApi({ origin: l.origin, timeoutMs: 5000 });
}, 60_000);

afterAll(async () => {
  api?.close();
  await module?.close?.();
  await io?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('/plan on PGlite', () => {
  let id = '';

  it('tells the page the live seed and scene (plan:info)', async () => {
    const c = ctxOf(db, io);
    await expect(api.info()).resolves.toEqual({ seed: c.seed, sceneName: c.sceneName });
  });
  it('saves, lists, gets (KPIs with NaN come back as NaN), renames and deletes', async () => {
    const s = await api.save('  Bridge closed  ', SPEC, KPIS);
    id = s.id;
    expect(s).toMatchObject({
      name: 'Bridge closed',
      sceneName: 'gen500',
      startSimMs: SPEC.base.startSimMs,
      horizonH: 24,
      leverCounts: { traffic: 1, energy: 0, resilience: 0, workload: 1 },
      hasKpis: true,
    });
    expect(s.id).toMatch(/^sc-/);
    const list = await api.list();
    expect(list.map((x) => x.id)).toEqual([id]);
    const got = await api.get(id);
    expect(got.spec).toEqual(SPEC);
    expect(got.kpis?.[0]?.baseline).toBe(1.25);
    expect(got.kpis?.[0]?.scenario).toBeNaN();
    const other = await api.save('Demand +20 %', SPEC, null);
    expect(other.hasKpis).toBe(false);
    expect((await api.list()).map((x) => x.name)).toEqual(['Demand +20 %', 'Bridge closed']); // newest first
    expect((await api.rename(other.id, 'Demand +20 % (v2)')).name).toBe('Demand +20 % (v2)');
    await api.remove(other.id);
    expect((await api.list()).length).toBe(1);
  });

  it('refuses bad input with the field and writes nothing', async () => {
    const before = await count();
    await expect(api.save('Bridge closed', SPEC, null)).rejects.toThrow(
      `plan:save.name: "Bridge closed" is already used by ${id}`,
    );
    await expect(api.save('', SPEC, null)).rejects.toThrow(
      'plan:save.name: expected 1…80 characters, got an empty name',
    );
    await expect(api.save('x'.repeat(81), SPEC, null)).rejects.toThrow(
      'plan:save.name: expected 1…80 characters, got 81',
    );
    const bad = { ...SPEC, levers: { traffic: [{ kind: 'closeLink', link: 1e9 }] } };
    await expect(api.save('Bad', bad, null)).rejects.toThrow(
      `plan:save.spec: levers.traffic[0]: closeLink.link: 1000000000 is not a road link (0..${scene.roads.linkCount - 1})`,
    );
    const other = { ...SPEC, base: { ...SPEC.base, sceneName: 'default' } };
    await expect(api.save('Other city', other, null)).rejects.toThrow(
      /base\.sceneName: "default" is not the scene/,
    );
    await expect(api.get('sc-0000')).rejects.toThrow('plan:get.id: no saved scenario sc-0000');
    await expect(api.get('1; drop table scenarios')).rejects.toThrow(
      'plan:get.id: expected a scenario id (sc-…)',
    );
    await expect(api.rename(id, 'Bridge closed')).resolves.toMatchObject({ id }); // its own name: fine
    await expect(api.remove('sc-ffff')).rejects.toThrow('plan:delete.id: no saved scenario sc-ffff');
    expect(await count()).toBe(before);
  });

  it('keeps the data over a restart (close and reopen the database)', async () => {
    await db.close();
    db = await openPglite(dir);
    const store = new ScenarioStore(db, ctxOf(db, io));
    await store.init(); // create-if-missing leaves the rows alone
    const list = await store.list();
    expect(
      list.ok && (list as unknown as { scenarios: { id: string }[] }).scenarios.map((s) => s.id),
    ).toEqual([id]);
    const got = await store.get({ id });
    expect(got.ok).toBe(true);
  });

  it('without the work-order database every request says why', async () => {
    const l = await listen();
    const m = await attachPlan(ctxOf(null, l.io));
    const c = createPlanApi({ origin: l.origin, timeoutMs: 5000 });
    await expect(c.list()).rejects.toThrow(NO_DB_REASON);
    await expect(c.save('x', SPEC, null)).rejects.toThrow(NO_DB_REASON);
    c.close();
    await m.close?.();
    await l.io.close();
  });
});
