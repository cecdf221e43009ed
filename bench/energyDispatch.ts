/**
 * City energy dispatch benchmark (issue 4: "a full city dispatch step (all feeders + transmission) < 100 ms; 24
 * simulated hours at 5-minute steps < 5 s").
 *  1. Grid model build from the default scene (scenes/default when it has been generated, else the same city —
 *     seed 1, 20,000 buildings — generated and imported in memory).
 *  2. One dispatch step: loads, PV/wind, storage, merit order, the sweep over every 10 kV feeder and Newton–Raphson
 *     on the HV network. Median and worst of 288 steps after a warm-up day.
 *  3. 24 simulated hours at 5-minute steps (288 steps) from a fresh simulator, cold (first run in the process) and
 *     warm (median of 3 more runs).
 * Run: npx tsx bench/energyDispatch.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_ORIGIN,
  GIS_LAYERS,
  cityGeoJsonTexts,
  generateCity,
} from '../src/core/citygen/generateCity.ts';
import { EnergySimulator } from '../src/core/energy/city/energySim.ts';
import { buildGridModel } from '../src/core/energy/city/gridModel.ts';
import { runEnergy } from '../src/core/energy/city/whatIf.ts';
import { importGeoJson } from '../src/core/scene/importer.ts';
import type { CityModel } from '../src/core/scene/types.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';

/** 2026-07-15 00:00 China Standard Time. */
const MIDNIGHT = 1_784_044_800_000;

async function defaultCity(): Promise<{ model: CityModel; source: string }> {
  const scenes = path.resolve(import.meta.dirname, '..', 'scenes');
  if (existsSync(path.join(scenes, 'default', 'scene.json')))
    return { model: await readScenePackage(scenes, 'default'), source: 'scenes/default' };
  const city = generateCity({ seed: 1, buildings: 20000 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'default', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated default city failed to import');
  return { model: r.model, source: 'generated seed 1, 20000 buildings' };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Runs the benchmark and returns its rows. */
export async function runEnergyDispatchBench(): Promise<
  { name: string; value: number; unit: string; target?: string }[]
> {
  const { model, source } = await defaultCity();
  let t0 = performance.now();
  const g = buildGridModel(model);
  const buildMs = performance.now() - t0;

  t0 = performance.now();
  const cold = runEnergy(g, MIDNIGHT, 24);
  const coldS = (performance.now() - t0) / 1000;
  const warm: number[] = [];
  for (let k = 0; k < 3; k++) {
    t0 = performance.now();
    runEnergy(g, MIDNIGHT, 24);
    warm.push((performance.now() - t0) / 1000);
  }

  const sim = new EnergySimulator(g);
  for (let k = 0; k < 288; k++) sim.step(MIDNIGHT + k * 300_000);
  const steps: number[] = [];
  for (let k = 0; k < 288; k++) {
    t0 = performance.now();
    sim.step(MIDNIGHT + 86_400_000 + k * 300_000);
    steps.push(performance.now() - t0);
  }
  return [
    {
      name: `grid model build (${source}: ${g.busCount} feeder buses, ${g.feederCount} feeders)`,
      value: buildMs,
      unit: 'ms',
    },
    {
      name: 'dispatch step, all feeders + HV (median)',
      value: median(steps),
      unit: 'ms',
      target: '< 100 ms',
    },
    {
      name: 'dispatch step, all feeders + HV (worst of 288)',
      value: Math.max(...steps),
      unit: 'ms',
      target: '< 100 ms',
    },
    { name: '24 h at 5-min steps, first run (cold JIT)', value: coldS, unit: 's', target: '< 5 s' },
    { name: '24 h at 5-min steps, warm (median of 3)', value: median(warm), unit: 's', target: '< 5 s' },
    { name: '24 h peak demand', value: cold.peakDemandMw, unit: 'MW' },
    { name: '24 h losses', value: (100 * cold.lossesMwh) / cold.servedMwh, unit: '%' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runEnergyDispatchBench();
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'benchmark'.padEnd(w)} | value      | unit | target   |`);
  console.log(`| ${'-'.repeat(w)} | ---------- | ---- | -------- |`);
  for (const r of rows)
    console.log(
      `| ${r.name.padEnd(w)} | ${r.value.toFixed(3).padStart(10)} | ${r.unit.padEnd(4)} | ${(r.target ?? '').padEnd(8)} |`,
    );
  console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
}
