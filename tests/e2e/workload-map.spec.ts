/**
 * Work orders on the map and in 3D (一网统管, issue 6): with the default scene's server running, a set of work orders
 * at the grid cells' centres is added to the store's orders (live orders from the feed are kept), then: both views
 * draw the store's woVersion; every stage is drawn in its legend colour; the overdue order has a halo and the fresh
 * one a pulse (and not the other way round); a dispatched order has a field unit driving; a click on an order on the
 * map selects it and the inspector shows it; screenshots of map and 3D for a look. Then 5,000 open orders (the
 * 30,000-reports/day backlog) measure the rebuild and per-frame cost of the layers.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { applyAction, createOrder } from '../../src/core/workload/stateMachine.ts';
import type { Actor, Report, WorkOrder, WorkOrderAction } from '../../src/core/workload/types.ts';
import { STAGES } from '../../src/core/workload/types.ts';
import { OPEN_STAGES, STAGE_COLORS } from '../../src/views/map/workloadStyle.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const lookDir = path.join(repoRoot, '.tmp');
mkdirSync(lookDir, { recursive: true });

interface TestApi {
  store: {
    getState(): {
      woOrders: Map<string, WorkOrder>;
      woVersion: number;
      woLastSeq: number;
      simTimeMs: number;
      selection: unknown;
      woSnapshot(orders: readonly WorkOrder[], seq: number): void;
      setLayer(id: string, on: boolean): void;
      setLang(l: string): void;
    };
  };
  getModel(): {
    zones: {
      count: number;
      level: Uint8Array;
      polyStart: Uint32Array;
      ringStart: Uint32Array;
      xy: Float32Array;
    };
  } | null;
  workloadProbe(view: 'map' | 'three', id?: string): Record<string, number> | null;
}

const OP: Actor = { kind: 'operator', id: 'op:e2e' };
const MIN = 60_000;

/** Grid-cell centres (mean of the outer ring) and their zone indices, from the page's model. */
function cellCentres(page: Page): Promise<{ zone: number; x: number; y: number }[]> {
  return page.evaluate(() => {
    const m = (window as unknown as { __citybrain: TestApi }).__citybrain.getModel();
    if (!m) return [];
    const z = m.zones;
    const out: { zone: number; x: number; y: number }[] = [];
    for (let i = 0; i < z.count; i++) {
      if (z.level[i] !== 1) continue;
      const r = z.polyStart[i] ?? 0;
      const v0 = z.ringStart[r] ?? 0;
      const v1 = z.ringStart[r + 1] ?? 0;
      let sx = 0;
      let sy = 0;
      for (let v = v0; v < v1; v++) {
        sx += z.xy[v * 2] ?? 0;
        sy += z.xy[v * 2 + 1] ?? 0;
      }
      out.push({ zone: i, x: sx / Math.max(1, v1 - v0), y: sy / Math.max(1, v1 - v0) });
    }
    return out;
  });
}

/** A work order through the real state machine: created at `t0`, then `steps` (action, minutes after t0). */
function makeOrder(
  id: string,
  at: { x: number; y: number; zone: number },
  t0: number,
  priority: Report['priority'],
  steps: readonly WorkOrderAction[],
  category = 'garbage',
): WorkOrder {
  const rep: Report = {
    id: `rep:${id}`,
    source: 'app',
    category,
    priority,
    x: at.x,
    y: at.y,
    gridCell: at.zone,
    simTimeMs: t0,
    description: { zh: '测试', en: 'test' },
    reporter: 'citizen:e2e',
    attachments: [],
  };
  const c = createOrder(rep, id, 1, OP);
  if (!c.ok) throw new Error(c.reason);
  let o = c.order;
  steps.forEach((a, i) => {
    const r = applyAction(o, a, OP, t0 + (i + 1) * 1000, i + 2);
    if (!r.ok) throw new Error(r.reason);
    o = r.order;
  });
  return o;
}

/** The steps that bring a fresh order to `stage`. */
function stepsTo(stage: (typeof OPEN_STAGES)[number]): WorkOrderAction[] {
  const all: WorkOrderAction[] = [
    { kind: 'accept' },
    { kind: 'dispatch', department: 'cg' },
    { kind: 'start' },
    { kind: 'handle', note: 'done' },
    { kind: 'verify', ok: true },
  ];
  return all.slice(0, OPEN_STAGES.indexOf(stage));
}

/** Adds `orders` to the store's orders (a snapshot of both) and waits until both views drew that version. */
async function inject(page: Page, orders: WorkOrder[]): Promise<number> {
  const version = await page.evaluate((list) => {
    const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
    s.woSnapshot([...s.woOrders.values(), ...list], s.woLastSeq);
    return (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().woVersion;
  }, orders);
  // Drawn: the version the store had at injection or a later one (the live feed may add orders meanwhile).
  await expect
    .poll(
      async () => {
        const v = await page.evaluate(() => {
          const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
          return [a.workloadProbe('map')?.['version'] ?? null, a.workloadProbe('three')?.['version'] ?? null];
        });
        return v.every((x) => x !== null && x >= version) ? 'drawn' : `map ${v[0]}, three ${v[1]}`;
      },
      { timeout: 60_000, message: `both views drew woVersion ${version}` },
    )
    .toBe('drawn');
  return version;
}

const probe = (page: Page, view: 'map' | 'three', id?: string) =>
  page.evaluate(
    ([v, i]) =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.workloadProbe(v as 'map' | 'three', i) ??
      {},
    [view, id] as const,
  );

test.describe('work orders on the map and in 3D', () => {
  const server = useServer('default');

  test('stages in colour, overdue halo, new pulse, units, click to inspect; 5,000 orders measured', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    page.on('pageerror', (e) => console.log(`workload-map: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`workload-map: console error: ${m.text()}`);
    });
    await openApp(page, server(), '/ops');
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs,
        ),
      )
      .toBeGreaterThan(0);
    const now = await page.evaluate(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs,
    );
    const cells = await cellCentres(page);
    expect(cells.length).toBeGreaterThan(10);
    const cell = (k: number) => cells[k % cells.length] as { x: number; y: number; zone: number };

    // One order per open stage (P4: long allowances, nothing overdue), reported 30 min ago so none is new.
    const orders: WorkOrder[] = OPEN_STAGES.map((st, k) =>
      makeOrder(`wo:e2e-${st}`, cell(k * 17 + 3), now - 30 * MIN, 4, stepsTo(st)),
    );
    // Overdue: a P1 report 60 min ago still unaccepted (accept within 5 min).
    orders.push(makeOrder('wo:e2e-overdue', cell(60), now - 60 * MIN, 1, []));
    // New: reported a minute ago.
    orders.push(makeOrder('wo:e2e-fresh', cell(90), now - MIN, 4, []));
    // Driving: dispatched just now to city management (its unit leaves the nearest base).
    orders.push(
      makeOrder('wo:e2e-driving', cell(120), now - 2000, 3, [
        { kind: 'accept' },
        { kind: 'dispatch', department: 'cg' },
      ]),
    );
    // A backlog across the cells for the heat (more in the first cells), all stages, some late.
    for (let k = 0; k < 400; k++) {
      const st = OPEN_STAGES[k % OPEN_STAGES.length] as (typeof OPEN_STAGES)[number];
      const c = cell(k % 7 === 0 ? k % 5 : (k * 13) % cells.length);
      orders.push(
        makeOrder(
          `wo:e2e-b${k}`,
          { ...c, x: c.x + ((k * 37) % 200) - 100, y: c.y + ((k * 53) % 200) - 100 },
          now - ((k * 7) % 240) * MIN,
          (1 + (k % 4)) as 1 | 2 | 3 | 4,
          stepsTo(st),
        ),
      );
    }
    const version = await inject(page, orders);

    for (const view of ['map', 'three'] as const) {
      const all = await probe(page, view);
      console.log(`workload-map: ${view} ${JSON.stringify(all)}`);
      expect(all['version']).toBeGreaterThanOrEqual(version);
      expect(all['orders']).toBeGreaterThanOrEqual(orders.length);
      expect(all['overdue']).toBeGreaterThan(0);
      expect(all['units']).toBeGreaterThan(0);
      // Colours follow stages.
      for (const st of OPEN_STAGES) {
        const p = await probe(page, view, `wo:e2e-${st}`);
        expect(p['drawn'], `${view} draws wo:e2e-${st}`).toBe(1);
        expect([p['r'], p['g'], p['b']], `${view} colour of stage ${st}`).toEqual([...STAGE_COLORS[st]]);
        expect(p['stage']).toBe(STAGES.indexOf(st));
        expect(p['halo']).toBe(0);
      }
      const late = await probe(page, view, 'wo:e2e-overdue');
      expect(late['halo'], `${view}: the overdue order has a halo`).toBe(1);
      expect(late['pulse']).toBe(0);
      const fresh = await probe(page, view, 'wo:e2e-fresh');
      expect(fresh['pulse'], `${view}: the new order pulses`).toBe(1);
      expect(fresh['halo']).toBe(0);
    }
    expect((await probe(page, 'map'))['cells']).toBeGreaterThan(10);
    expect((await probe(page, 'three'))['heatTriangles']).toBeGreaterThan(10);
    await expect
      .poll(async () => (await probe(page, 'map'))['driving'] ?? 0, {
        message: 'a field unit driving on the map',
      })
      .toBeGreaterThan(0);

    // Legends say what the symbols mean.
    await expect(page.getByTestId('legend-workOrders')).toContainText('超时');
    await expect(page.getByTestId('legend-workloadHeat')).toContainText('≥ 32 件');
    await expect(page.getByTestId('legend-fieldUnits')).toContainText('25 km/h');

    // Look at them: the traffic layers off, the way a 一网统管 operator works.
    await page.evaluate(() => {
      const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
      for (const id of [
        'traffic',
        'vehicles',
        'sensors',
        'pois',
        'grid',
        'energyAssets',
        'energyAlarms',
        'signals',
      ])
        s.setLayer(id, false);
    });
    await page.waitForTimeout(2500);
    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map with work orders');
    await page.screenshot({ path: path.join(lookDir, 'workload-map.png') });

    // Click orders on the map (stage ones first) until one selects; the inspector shows it.
    const candidates = [...OPEN_STAGES.map((s) => `wo:e2e-${s}`), 'wo:e2e-overdue', 'wo:e2e-fresh'];
    let picked: string | null = null;
    const tried: string[] = [];
    for (const id of candidates) {
      const p = await probe(page, 'map', id);
      if (p['px'] === undefined || p['py'] === undefined) continue;
      await page.keyboard.press('Escape');
      await page.mouse.click(p['px'], p['py']);
      await page.waitForTimeout(400);
      const sel = await page.evaluate(
        () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection,
      );
      if (JSON.stringify(sel) === JSON.stringify({ kind: 'workOrder', id })) {
        picked = id;
        break;
      }
      tried.push(`${id} → ${JSON.stringify(sel)}`);
    }
    expect(picked, `no click selected an order: ${tried.join(', ')}`).not.toBeNull();
    await expect(page.getByTestId('inspector')).toContainText(picked ?? '?');
    await page.screenshot({ path: path.join(lookDir, 'workload-map-selected.png') });
    const three = page.getByTestId('three-canvas');
    await expectNonBlank(page, three, '3D with work orders');
    await page.screenshot({ path: path.join(lookDir, 'workload-3d.png') });

    // 5,000 open orders (about the open backlog at 30,000 reports a day): rebuild and per-frame cost.
    const big: WorkOrder[] = [];
    for (let k = 0; k < 5000; k++) {
      const st = OPEN_STAGES[k % OPEN_STAGES.length] as (typeof OPEN_STAGES)[number];
      const c = cell((k * 31) % cells.length);
      big.push(
        makeOrder(
          `wo:e2e-n${k}`,
          { ...c, x: c.x + ((k * 37) % 300) - 150, y: c.y + ((k * 53) % 300) - 150 },
          now - ((k * 3) % 600) * 0.5 * MIN,
          (1 + (k % 4)) as 1 | 2 | 3 | 4,
          stepsTo(st),
        ),
      );
    }
    await page.evaluate(() => {
      const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
      s.woSnapshot([], s.woLastSeq);
    });
    await inject(page, big);
    const before = { map: await probe(page, 'map'), three: await probe(page, 'three') };
    // Page frame intervals (rAF) over 10 s, with the work-order layers on, then off: the difference is their cost
    // in what the operator feels (under software WebGL the city itself dominates a frame).
    const pageFrames = () =>
      page.evaluate(
        () =>
          new Promise<{ n: number; meanMs: number; p95Ms: number }>((resolve) => {
            const d: number[] = [];
            let last = performance.now();
            const t0 = last;
            const f = (t: number) => {
              d.push(t - last);
              last = t;
              if (t - t0 < 10_000) requestAnimationFrame(f);
              else {
                d.sort((a, b) => a - b);
                resolve({
                  n: d.length,
                  meanMs: d.reduce((a, b) => a + b, 0) / d.length,
                  p95Ms: d[Math.floor(d.length * 0.95)] ?? 0,
                });
              }
            };
            requestAnimationFrame(f);
          }),
      );
    const frames = await pageFrames();
    const setWo = (on: boolean) =>
      page.evaluate((v) => {
        const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
        for (const id of ['workOrders', 'workloadHeat', 'fieldUnits']) s.setLayer(id, v);
      }, on);
    const after = { map: await probe(page, 'map'), three: await probe(page, 'three') };
    const result = {
      orders: after.map['orders'] ?? 0,
      units: after.map['units'] ?? 0,
      mapBuildMs: after.map['buildLastMs'] ?? 0,
      mapBuildMaxMs: after.map['buildMaxMs'] ?? 0,
      mapAnimateMeanMs: after.map['frameMeanMs'] ?? 0,
      mapAnimateMaxMs: after.map['frameMaxMs'] ?? 0,
      threeFrameMeanMs: after.three['frameMeanMs'] ?? 0,
      threeFrameMaxMs: after.three['frameMaxMs'] ?? 0,
      pageFrameMeanMs: frames.meanMs,
      pageFrameP95Ms: frames.p95Ms,
      pageFrames: frames.n,
      mapBuilds: (after.map['builds'] ?? 0) - (before.map['builds'] ?? 0),
      pageFrameMeanMsLayersOff: 0,
      pageFrameP95MsLayersOff: 0,
    };
    await page.screenshot({ path: path.join(lookDir, 'workload-map-5000.png') });
    await setWo(false);
    await page.waitForTimeout(1500);
    const off = await pageFrames();
    result.pageFrameMeanMsLayersOff = off.meanMs;
    result.pageFrameP95MsLayersOff = off.p95Ms;
    console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
    expect(result.orders).toBeGreaterThanOrEqual(5000);
  });
});
