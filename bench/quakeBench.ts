/**
 * Earthquake damage benchmark (issue 5: "earthquake damage for 200,000 buildings in < 1 s").
 * A synthetic city of 200,000 square buildings on a 20 km × 20 km grid (seed 1: levels 1–33, mixed uses, 16 districts
 * of 5 km × 5 km), one occupant array, and assessEarthquake (BJF97 PGA + HAZUS fragility + casualties, displacement,
 * shelter, per district) for an M 6.5 scenario at the city centre:
 *   - first call: includes the per-city index (centroids, model building types, district lookup), cold JIT;
 *   - warm: median of 5 further calls reusing the output arrays.
 * Prints a table and `BENCH_RESULT {"buildings", "seconds" (first call), "results": [...]}`.
 * Run: npx tsx bench/quakeBench.ts [buildings]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { assessEarthquake, createQuakeDamage } from '../src/core/hazards/earthquake.ts';
import { createRng } from '../src/core/rng.ts';
import { emptyAreas, emptyPois, emptyRoads } from '../src/core/scene/empty.ts';
import { BuildingUse, NO_INDEX } from '../src/core/scene/types.ts';
import type { CityModel, FeatureName } from '../src/core/scene/types.ts';

const USES = [
  BuildingUse.residential,
  BuildingUse.residential,
  BuildingUse.residential,
  BuildingUse.commercial,
  BuildingUse.industrial,
  BuildingUse.public,
  BuildingUse.education,
  BuildingUse.health,
] as const;

/** A synthetic city of `n` square buildings on a 20 km square, with 4 × 4 districts (seeded, deterministic). */
export function syntheticQuakeCity(n: number, seed = 1): CityModel {
  const rng = createRng(seed);
  const side = Math.ceil(Math.sqrt(n));
  const pitch = 20000 / side;
  const xy = new Float32Array(n * 8);
  const levels = new Uint16Array(n);
  const heightM = new Float32Array(n);
  const use = new Uint8Array(n);
  const areaM2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const cx = (i % side) * pitch - 10000 + pitch / 2;
    const cy = Math.floor(i / side) * pitch - 10000 + pitch / 2;
    const h = (pitch * rng.range(0.2, 0.4)) / 2;
    xy.set([cx - h, cy - h, cx + h, cy - h, cx + h, cy + h, cx - h, cy + h], 8 * i);
    const lv = rng.next() < 0.6 ? 1 + rng.int(7) : 8 + rng.int(26);
    levels[i] = lv;
    heightM[i] = 3.2 * lv;
    use[i] = USES[rng.int(USES.length)]!;
    areaM2[i] = 4 * h * h;
  }
  const zxy: number[] = [];
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const x0 = -10000 + i * 5000;
      const y0 = -10000 + j * 5000;
      zxy.push(x0, y0, x0 + 5000, y0, x0 + 5000, y0 + 5000, x0, y0 + 5000);
    }
  }
  const names = new Map<number, FeatureName>();
  return {
    meta: {
      name: 'quake-bench',
      title: { zh: '地震基准', en: 'Quake benchmark' },
      synthetic: true,
      attribution: '',
      origin: { lon: 120.2, lat: 30.25 },
      bbox: [120.1, 30.15, 120.3, 30.35],
      extentM: { minX: -10000, minY: -10000, maxX: 10000, maxY: 10000 },
      stats: {
        featuresRead: n,
        buildings: n,
        heightsGiven: 0,
        heightsFromLevels: n,
        heightsFromUseClass: 0,
        roadLines: 0,
        links: 0,
        nodes: 0,
        lanesDerived: 0,
        speedsDerived: 0,
        repaired: 0,
        skipped: 0,
        warnings: 0,
      },
      importedAt: '2026-01-01T00:00:00Z',
    },
    buildings: {
      count: n,
      polyStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
      ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
      xy,
      heightM,
      minHeightM: new Float32Array(n),
      baseZM: new Float32Array(n),
      levels,
      use,
      heightSource: new Uint8Array(n),
      areaM2,
      sourceId: Array.from({ length: n }, (_, i) => `bench:${i}`),
      names,
    },
    roads: emptyRoads(),
    areas: emptyAreas(),
    power: {
      count: 0,
      kind: new Uint8Array(0),
      xy: new Float32Array(0),
      ratingMW: new Float32Array(0),
      energyMWh: new Float32Array(0),
      voltageKV: new Float32Array(0),
      sourceId: [],
      names,
      lines: {
        count: 0,
        voltageKV: new Float32Array(0),
        geomStart: new Uint32Array([0]),
        xy: new Float32Array(0),
        fromAsset: new Uint32Array(0),
        toAsset: new Uint32Array(0),
        sourceId: [],
      },
    },
    sensors: {
      count: 0,
      kind: new Uint8Array(0),
      xy: new Float32Array(0),
      linkIndex: new Uint32Array(0),
      sourceId: [],
    },
    pois: emptyPois(),
    zones: {
      count: 16,
      polyStart: Uint32Array.from({ length: 17 }, (_, i) => i),
      ringStart: Uint32Array.from({ length: 17 }, (_, i) => 4 * i),
      xy: Float32Array.from(zxy),
      level: new Uint8Array(16),
      parent: new Uint32Array(16).fill(NO_INDEX),
      sourceId: Array.from({ length: 16 }, (_, i) => `district:${i}`),
      names,
    },
    terrain: null,
  };
}

/** Runs the benchmark on `n` buildings; returns the rows and the first-call time in seconds. */
export function runQuakeBench(n = 200_000): {
  seconds: number;
  rows: { name: string; value: number; unit: string; target?: string }[];
} {
  const city = syntheticQuakeCity(n);
  const occupants = new Float32Array(n);
  const rng = createRng(7);
  for (let i = 0; i < n; i++) occupants[i] = rng.range(0, 200);
  const q = { x: 0, y: 0, magnitude: 6.5, depthKm: 10 };
  const out = createQuakeDamage(n);
  const t0 = performance.now();
  const first = assessEarthquake(city, q, occupants, out);
  const firstS = (performance.now() - t0) / 1000;
  const warm: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    assessEarthquake(city, q, occupants, out);
    warm.push((performance.now() - t) / 1000);
  }
  warm.sort((a, b) => a - b);
  const warmS = warm[2]!;
  return {
    seconds: firstS,
    rows: [
      {
        name: `assessEarthquake ${n} buildings, first call (incl. per-city index)`,
        value: firstS,
        unit: 's',
        target: '< 1 s',
      },
      {
        name: `assessEarthquake ${n} buildings, warm (median of 5)`,
        value: warmS,
        unit: 's',
        target: '< 1 s',
      },
      { name: 'expected buildings at complete damage', value: first.damageStates[4], unit: '' },
      { name: 'expected deaths (severity 4)', value: first.casualties[3], unit: '' },
      { name: 'max PGA', value: first.maxPgaG, unit: 'g' },
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 200_000);
  if (!(Number.isInteger(n) && n > 0))
    throw new Error(`quakeBench: building count "${process.argv[2]}" is not a positive integer`);
  const { seconds, rows } = runQuakeBench(n);
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'benchmark'.padEnd(w)} | value      | unit | target   |`);
  console.log(`| ${'-'.repeat(w)} | ---------- | ---- | -------- |`);
  for (const r of rows)
    console.log(
      `| ${r.name.padEnd(w)} | ${r.value.toFixed(3).padStart(10)} | ${r.unit.padEnd(4)} | ${(r.target ?? '').padEnd(8)} |`,
    );
  console.log(`BENCH_RESULT ${JSON.stringify({ buildings: n, seconds, results: rows })}`);
}
