import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestCity } from '../energy/city/testCity.ts';
import { AreaKind, NO_INDEX } from '../scene/types.ts';
import type { CityModel, PolygonSet } from '../scene/types.ts';
import {
  FloodModel,
  buildFloodGrid,
  createFloodGrid,
  depthAtXY,
  drainCapacityMmH,
  floodInvDepth73,
  linkMaxDepthM,
  scsRunoffMm,
} from './flood.ts';
import type { FloodGrid } from './flood.ts';
import { FloodCover } from './landCover.ts';
import { rainAt } from './rainfall.ts';
import type { RainSource } from './types.ts';

const storm = (formula: string): RainSource => ({
  kind: 'design',
  formula,
  returnPeriodYears: 50,
  durationMin: 120,
  peakRatio: 0.4,
});

/** Runs a rain source minute by minute (then `afterMin` dry minutes); checks depths stay ≥ 0 all along. */
function runStorm(m: FloodModel, src: RainSource, afterMin = 0): void {
  for (let t = 0; t < 120 + afterMin; t++) {
    m.advance(60, rainAt(src, t));
    let min = Infinity;
    for (const d of m.depthM) if (d < min) min = d;
    expect(min).toBeGreaterThanOrEqual(0);
  }
}

/** A bowl: ground ((i − c)² + (j − c)²)/64 m (multiples of 1/64, exact in float), 41 × 41 cells of 10 m. */
function bowl(opts: { drainMmH?: number; cn?: number } = {}): FloodGrid {
  const n = 41;
  const c = 20;
  const groundM = new Float32Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) groundM[j * n + i] = ((i - c) ** 2 + (j - c) ** 2) / 64;
  return createFloodGrid({
    nx: n,
    ny: n,
    cellM: 10,
    groundM,
    curveNumber: new Uint8Array(n * n).fill(opts.cn ?? 90),
    drainMmH: new Float32Array(n * n).fill(opts.drainMmH ?? 0),
  });
}

describe('SCS curve number runoff (TR-55)', () => {
  it('P = 5 in, CN 80 → Q = 2.89 in (TR-55 Table 2-1), by hand in mm', () => {
    // S = 25400/80 − 254 = 63.5 mm, Ia = 0.2·S = 12.7 mm, Q = (127 − 12.7)²/(127 − 12.7 + 63.5) = 13064.49/177.8
    expect(scsRunoffMm(127, 80)).toBeCloseTo(73.478571, 6);
    expect(scsRunoffMm(127, 80) / 25.4).toBeCloseTo(2.89, 2);
    expect(scsRunoffMm(12.7, 80)).toBe(0); // P ≤ Ia: no runoff
    expect(scsRunoffMm(50, 100)).toBe(50);
  });
  it('the model puts the excess on the ground and infiltrates the rest', () => {
    // Flat 41 × 41 cells of 10 m, CN 80, no drains: 127 mm in one minute. Edge outfall reaches at most one cell per
    // sub-step inward (8 sub-steps here), so the centre holds exactly the SCS excess.
    const n = 41;
    const g = createFloodGrid({
      nx: n,
      ny: n,
      cellM: 10,
      groundM: new Float32Array(n * n),
      curveNumber: new Uint8Array(n * n).fill(80),
    });
    const m = new FloodModel(g);
    m.advance(60, 127 * 60);
    expect(m.depthM[20 * n + 20]).toBeCloseTo(0.073478571, 7);
    const a = n * n * 100;
    expect(m.balance.rainM3).toBeCloseTo(0.127 * a, 6);
    expect(m.balance.infiltratedM3).toBeCloseTo((0.127 - 0.0734785714285714) * a, 6);
    expect(Math.abs(m.balance.residualPct)).toBeLessThan(1e-9);
  });
});

describe('surface routing (Bates et al. 2010 local inertial)', () => {
  it('a still lake stays still: flat water on a bowl does not move at all', () => {
    const g = bowl();
    const m = new FloodModel(g);
    // Water surface at 1 m: depth 1 − ground where the ground is below 1 m (exact binary fractions).
    const d0 = new Float64Array(g.nx * g.ny);
    for (let k = 0; k < d0.length; k++) d0[k] = Math.max(0, 1 - g.groundM[k]!);
    m.setDepth(d0);
    const before = Float32Array.from(m.depthM);
    for (let t = 0; t < 30; t++) m.advance(60, 0);
    expect(m.substeps).toBeGreaterThan(30);
    expect(m.depthM).toEqual(before);
    expect(m.balance.storedM3).toBe(0);
    expect(m.balance.outflowM3).toBe(0);
  });
  it('a tilted plane drains into its river (a sink) and nothing is lost', () => {
    // 40 × 10 cells of 10 m falling 1 % to the east; the last column is a river. 5 cm of water to start, no drains.
    const nx = 40;
    const ny = 10;
    const groundM = new Float32Array(nx * ny);
    const sink = new Uint8Array(nx * ny);
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        groundM[j * nx + i] = 0.1 * (nx - 1 - i);
        sink[j * nx + i] = i === nx - 1 ? 1 : 0;
      }
    const g = createFloodGrid({ nx, ny, cellM: 10, groundM, sink });
    const m = new FloodModel(g);
    m.setDepth(new Float64Array(nx * ny).fill(0.05));
    const v0 = 0.05 * (nx - 1) * ny * 100;
    m.advance(600, 0);
    // After 10 minutes water has piled towards the river: the downhill cell is deeper than the uphill one.
    expect(m.depthM[5 * nx + nx - 2]!).toBeGreaterThan(m.depthM[5 * nx + 1]!);
    for (let t = 0; t < 24 * 6; t++) m.advance(600, 0);
    // A day later only films below the 1 mm flow threshold remain; the rest left (river + edges).
    for (const d of m.depthM) expect(d).toBeLessThanOrEqual(0.001);
    expect(-m.balance.storedM3).toBeGreaterThan(0.98 * v0);
    expect(Math.abs(m.balance.outflowM3 + m.balance.storedM3)).toBeLessThan(1e-9 * v0);
  });
  it('mass balance closes (residual < 0.1 % of rain) on the bowl in a 2-h 50-year storm; deterministic', () => {
    const run = (): FloodModel => {
      const m = new FloodModel(bowl({ drainMmH: 30 }));
      runStorm(m, storm('beijing'), 60);
      return m;
    };
    const a = run();
    const b = a.balance;
    expect(b.rainM3).toBeGreaterThan(0);
    expect(b.infiltratedM3).toBeGreaterThan(0);
    expect(b.drainedM3).toBeGreaterThan(0);
    expect(b.storedM3).toBeGreaterThan(0); // the bowl holds water
    expect(Math.abs(b.residualPct)).toBeLessThan(0.1);
    expect(Math.abs(b.residualPct)).toBeLessThan(1e-9); // in fact exact to round-off
    // Water gathers at the bottom of the bowl.
    let arg = 0;
    for (let k = 1; k < a.maxDepthM.length; k++) if (a.maxDepthM[k]! > a.maxDepthM[arg]!) arg = k;
    expect(arg).toBe(20 * 41 + 20);
    const c = run();
    expect(c.depthM).toEqual(a.depthM);
    expect(c.maxDepthM).toEqual(a.maxDepthM);
    expect(c.balance).toEqual(b);
  });
  it('the WebAssembly and the JS sweep give bit-identical depths and balance (sinks, drains, odd sizes)', () => {
    // 37 × 23 cells of 15 m: a slope with bumps, a river of sinks, drains; a 100-year storm and an hour after it.
    const nx = 37;
    const ny = 23;
    const groundM = new Float32Array(nx * ny);
    const sink = new Uint8Array(nx * ny);
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        groundM[j * nx + i] = 0.05 * j + 0.6 * Math.sin(i / 3) * Math.cos(j / 4);
        if (i === 30) sink[j * nx + i] = 1;
      }
    const g = createFloodGrid({
      nx,
      ny,
      cellM: 15,
      groundM,
      sink,
      drainMmH: new Float32Array(nx * ny).fill(20),
    });
    const src: RainSource = {
      kind: 'design',
      formula: 'beijing',
      returnPeriodYears: 100,
      durationMin: 120,
      peakRatio: 0.4,
    };
    const w = new FloodModel(g);
    const js = new FloodModel(g, { kernel: 'js' });
    expect([w.kernel, js.kernel]).toEqual(['wasm', 'js']); // Node has WebAssembly with SIMD
    runStorm(w, src, 60);
    runStorm(js, src, 60);
    expect(w.substeps).toBeGreaterThan(100);
    expect(w.depthM).toEqual(js.depthM);
    expect(w.maxDepthM).toEqual(js.maxDepthM);
    expect(w.balance).toEqual(js.balance);
    expect(w.balance.outflowM3).toBeGreaterThan(0);
  });
  it('h^(−7/3) of the friction term: within 1.5e−5 of Math.pow from 1 mm to 16 m, exact beyond', () => {
    // Chord of a convex f on a bin of relative width δ = 1/256: error ≤ (1/8)·f''·(hδ)² = (1/8)·(7/3)·(10/3)·δ²·f
    // = 1.48e−5·f.
    let worst = 0;
    for (let h = 0.001; h < 16; h *= 1.0001) {
      const exact = Math.pow(h, -7 / 3);
      worst = Math.max(worst, Math.abs(floodInvDepth73(h) - exact) / exact);
    }
    expect(worst).toBeLessThan(1.5e-5);
    expect(worst).toBeGreaterThan(1e-5); // the bound is tight: the table is a table
    expect(floodInvDepth73(27)).toBeCloseTo(1 / 2187, 15); // 27^(7/3) = 3^7
  });
  it('reset() brings back the dry start', () => {
    const m = new FloodModel(bowl());
    m.advance(60, 600);
    m.reset();
    expect([m.timeS, m.rainMm, m.balance.rainM3, Math.max(...m.depthM)]).toEqual([0, 0, 0, 0]);
  });
});

/** Axis-aligned squares as a PolygonSet (counter-clockwise outer rings). */
function squares(list: readonly { x: number; y: number; side: number }[]): PolygonSet {
  const xy: number[] = [];
  for (const s of list) {
    const h = s.side / 2;
    xy.push(s.x - h, s.y - h, s.x + h, s.y - h, s.x + h, s.y + h, s.x - h, s.y + h);
  }
  return {
    count: list.length,
    polyStart: Uint32Array.from({ length: list.length + 1 }, (_, i) => i),
    ringStart: Uint32Array.from({ length: list.length + 1 }, (_, i) => 4 * i),
    xy: Float32Array.from(xy),
  };
}

/** A 2 km city at Shanghai's position: a lake (west), a park (east), one district (north half), one 100 m building. */
function smallCity(): CityModel {
  const base = makeTestCity({
    assets: [],
    lines: [],
    buildings: [{ x: 0, y: 500, sideM: 100, levels: 3, use: 1 }],
  });
  const areas = squares([
    { x: -700, y: 0, side: 400 },
    { x: 700, y: 0, side: 400 },
  ]);
  const zones = squares([{ x: 0, y: 500, side: 2000 }]);
  return {
    ...base,
    meta: { ...base.meta, extentM: { minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 } },
    areas: { ...areas, kind: Uint8Array.from([AreaKind.water, AreaKind.park]), names: new Map() },
    zones: {
      ...zones,
      level: Uint8Array.from([0]),
      parent: Uint32Array.from([NO_INDEX]),
      sourceId: ['d0'],
      names: new Map(),
    },
    roads: {
      ...base.roads,
      linkCount: 1,
      linkFrom: Uint32Array.from([0]),
      linkTo: Uint32Array.from([1]),
      geomStart: Uint32Array.from([0, 2]),
      geomXY: Float32Array.from([-900, -100, 900, -100]),
    },
  };
}

describe('buildFloodGrid', () => {
  it('flat ground without terrain; cover, curve numbers, sinks and drains from the scene', () => {
    const city = smallCity();
    const g = buildFloodGrid(city, { cellM: 100 });
    expect([g.nx, g.ny, g.x0, g.y0, g.formula]).toEqual([21, 21, -1000, -1000, 'shanghai']);
    const at = (x: number, y: number): number =>
      Math.round((y + 1000) / 100) * 21 + Math.round((x + 1000) / 100);
    expect(Math.max(...g.groundM)).toBe(0);
    // Lake: sink, CN 100, no drains. Park: TR-55 open space good, HSG C = 74. Street (no polygon): 92.
    expect([g.sink[at(-700, 0)], g.curveNumber[at(-700, 0)], g.drainMmH[at(-700, 0)]]).toEqual([1, 100, 0]);
    expect([g.cover[at(700, 0)], g.curveNumber[at(700, 0)]]).toEqual([FloodCover.park, 74]);
    expect([g.cover[at(0, -500)], g.curveNumber[at(0, -500)]]).toEqual([FloodCover.street, 92]);
    // The 100 m building fills its 100 m cell: composite CN = roofs, 98.
    expect(g.curveNumber[at(0, 500)]).toBe(98);
    // Drains: Shanghai formula, ψ = 0.65, t = 30 min. District (north half, y ≥ −500): P = 3 a →
    // 0.65 · 9.581(1 + 0.846 lg 3)/37^0.656 · 60 = 0.65 · 1.258716 · 60 = 49.0899 mm/h; outside: P = 2 a → 43.8798.
    expect(g.district[at(0, 500)]).toBe(0);
    expect(g.district[at(0, -800)]).toBe(NO_INDEX);
    expect(g.drainMmH[at(0, 500)]).toBeCloseTo(49.0899, 3);
    expect(g.drainMmH[at(0, -800)]).toBeCloseTo(43.8798, 3);
    expect(drainCapacityMmH('shanghai', 5)).toBeCloseTo(55.6538, 3);
  });
  it('resamples the terrain bilinearly when the cell size differs', () => {
    const city: CityModel = {
      ...smallCity(),
      terrain: {
        nx: 3,
        ny: 3,
        x0: 0,
        y0: 0,
        cellM: 100,
        heightM: Float32Array.from([0, 1, 2, 1, 2, 3, 2, 3, 4]),
      },
    };
    const same = buildFloodGrid(city);
    expect([same.nx, same.ny, same.cellM, ...same.groundM]).toEqual([3, 3, 100, 0, 1, 2, 1, 2, 3, 2, 3, 4]);
    const fine = buildFloodGrid(city, { cellM: 50 });
    expect([fine.nx, fine.ny]).toEqual([5, 5]);
    // Height = (x + y)/100 on this plane: bilinear sampling reproduces it exactly.
    for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) expect(fine.groundM[j * 5 + i]).toBe((i + j) / 2);
  });
  it('depth at a point and the deepest water along each road link', () => {
    const city = smallCity();
    const g = buildFloodGrid(city, { cellM: 100 });
    const depth = new Float32Array(g.nx * g.ny);
    depth[9 * 21 + 15] = 0.4; // x = 500, y = −100: on the link
    depth[9 * 21 + 3] = 0.25; // x = −700: on the link too
    depth[2 * 21 + 15] = 0.9; // y = −800: off the link
    expect(depthAtXY(g, depth, 510, -90)).toBe(Math.fround(0.4));
    expect(depthAtXY(g, depth, 5000, 0)).toBeNaN();
    expect([...linkMaxDepthM(city, g, depth, new Float32Array(1))]).toEqual([Math.fround(0.4)]);
  });
});

const SCENES = path.resolve(import.meta.dirname, '../../..', 'scenes');
const hasScene = existsSync(path.join(SCENES, 'default', 'scene.bin'));
if (!hasScene)
  console.warn(
    `skipping the default-scene flood test: ${path.join(SCENES, 'default')} is absent (npm run generate-city)`,
  );

describe.skipIf(!hasScene)(`flood on the default scene (${path.join(SCENES, 'default')})`, () => {
  it('2-h 50-year storm: water balance closes within 0.1 % of rain; roads get wet', async () => {
    const { readScenePackage } = await import('../../node/scenePackage.ts');
    const city = await readScenePackage(SCENES, 'default');
    const g = buildFloodGrid(city);
    const t = city.terrain!;
    expect([g.nx, g.ny, g.cellM]).toEqual([t.nx, t.ny, t.cellM]);
    expect(g.formula).toBe('shanghai'); // the default scene sits at 120.9° E, 31.1° N
    const m = new FloodModel(g);
    runStorm(m, storm(g.formula), 30);
    const b = m.balance;
    expect(b.rainM3).toBeGreaterThan(0);
    expect(Math.abs(b.residualPct)).toBeLessThan(0.1);
    expect(b.storedM3).toBeGreaterThan(0);
    const links = linkMaxDepthM(city, g, m.maxDepthM, new Float32Array(city.roads.linkCount));
    expect(Math.max(...links)).toBeGreaterThan(0);
  }, 120_000);
});
