/**
 * Work orders on the map and in 3D at the 30,000-reports/day rate (issue 6): the CPU cost of the views' own work
 * with 5,000 open orders on the default scene (scenes/default; run `npm run scene:default` first):
 *  1. frame rebuild (buildWorkloadFrame: stage colours, SLA status → halos, new → pulses, cell heat, field units),
 *     which runs when woVersion changes and once per wall second;
 *  2. the map's rebuild (the frame + deck binary attributes, WorkloadMap.sync);
 *  3. per animation frame: field-unit positions (fieldUnitPositions + the map's lon/lat offsets, WorkloadMap.animate)
 *     and the layer list (WorkloadMap.layers: props only, deck diffs them).
 * GPU cost is measured in the browser by tests/e2e/workload-map.spec.ts (its BENCH_RESULT line).
 * Median of 30 runs after 5 warm-up runs. Prints a table and one line `BENCH_RESULT {json}`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { applyAction, createOrder } from '../src/core/workload/stateMachine.ts';
import type { Actor, Report, WorkOrder, WorkOrderAction } from '../src/core/workload/types.ts';
import { OPEN_STAGES, buildWorkloadFrame, fieldUnitPositions } from '../src/views/map/workloadStyle.ts';
import { WorkloadMap } from '../src/views/map/workloadLayers.ts';

/** 2026-03-02 06:30 China Standard Time. */
const NOW = 1_772_404_200_000;
const MIN = 60_000;
const OP: Actor = { kind: 'operator', id: 'op:bench' };
const STEPS: WorkOrderAction[] = [
  { kind: 'accept' },
  { kind: 'dispatch', department: 'cg' },
  { kind: 'start' },
  { kind: 'handle', note: 'done' },
  { kind: 'verify', ok: true },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function time(runs: number, f: () => void): number {
  for (let i = 0; i < 5; i++) f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

/** Runs the benchmark and returns its rows. */
export async function runWorkloadMapBench(
  n = 5000,
): Promise<{ name: string; value: number; unit: string; target?: string }[]> {
  const scenes = path.resolve(import.meta.dirname, '..', 'scenes');
  if (!existsSync(path.join(scenes, 'default', 'scene.json')))
    throw new Error('bench/workloadMap.ts: scenes/default/scene.json is missing (run npm run scene:default)');
  const model = await readScenePackage(scenes, 'default');
  const cells: number[] = [];
  for (let i = 0; i < model.zones.count; i++) if (model.zones.level[i] === 1) cells.push(i);
  const [w, s, e, nn] = [-4000, -3000, 4000, 3000];
  // A fixed LCG (Numerical Recipes' constants): the same orders every run.
  let seed = 12345;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const orders = new Map<string, WorkOrder>();
  for (let k = 0; k < n; k++) {
    const stage = k % OPEN_STAGES.length;
    const rep: Report = {
      id: `rep:b${k}`,
      source: 'video',
      category: 'garbage',
      priority: (1 + (k % 4)) as 1 | 2 | 3 | 4,
      x: w + rnd() * (e - w),
      y: s + rnd() * (nn - s),
      gridCell: cells[Math.floor(rnd() * cells.length)] ?? -1,
      simTimeMs: NOW - rnd() * 240 * MIN,
      description: { zh: '', en: '' },
      reporter: 'camera:1',
      attachments: [],
    };
    const c = createOrder(rep, `wo:b${k}`, 1, OP);
    if (!c.ok) throw new Error(c.reason);
    let o = c.order;
    for (let j = 0; j < stage; j++) {
      const r = applyAction(o, STEPS[j] as WorkOrderAction, OP, rep.simTimeMs + (j + 1) * MIN, j + 2);
      if (!r.ok) throw new Error(r.reason);
      o = r.order;
    }
    orders.set(o.id, o);
  }
  const map = new WorkloadMap(model);
  const frame = buildWorkloadFrame(orders, 1, NOW, model.zones.count, map.bases);
  const buildMs = time(30, () => buildWorkloadFrame(orders, 1, NOW, model.zones.count, map.bases));
  let v = 1;
  let wall = 0;
  const syncMs = time(30, () => {
    map.sync(orders, ++v, NOW, (wall += 2000));
  });
  const out = new Float32Array(frame.units * 2);
  let t = NOW;
  const unitsMs = time(200, () => {
    fieldUnitPositions(frame, (t += 1000), out);
  });
  const animateMs = time(200, () => map.animate((t += 1000)));
  const vis = { workOrders: true, workloadHeat: true, fieldUnits: true };
  let wallS = 0;
  const layersMs = time(200, () => {
    map.layers(vis, (wallS += 0.033));
  });
  return [
    { name: 'open orders', value: frame.count, unit: '' },
    { name: 'overdue (halo)', value: frame.overdue.length, unit: '' },
    { name: 'field units', value: frame.units, unit: '' },
    { name: 'frame rebuild (buildWorkloadFrame)', value: buildMs, unit: 'ms', target: '< 16 ms' },
    { name: 'map rebuild (sync: frame + attributes)', value: syncMs, unit: 'ms', target: '< 16 ms' },
    { name: 'per frame: unit positions', value: unitsMs, unit: 'ms', target: '< 1 ms' },
    { name: 'per frame: map animate (units)', value: animateMs, unit: 'ms', target: '< 1 ms' },
    { name: 'per frame: map layer list', value: layersMs, unit: 'ms', target: '< 1 ms' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runWorkloadMapBench();
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'benchmark'.padEnd(w)} | value      | unit | target   |`);
  console.log(`| ${'-'.repeat(w)} | ---------- | ---- | -------- |`);
  for (const r of rows)
    console.log(
      `| ${r.name.padEnd(w)} | ${r.value.toFixed(3).padStart(10)} | ${r.unit.padEnd(4)} | ${(r.target ?? '').padEnd(8)} |`,
    );
  console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
}
