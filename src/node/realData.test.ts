/** Imports of the real public data in ../shared/data/gis (skipped with a message naming the path when absent). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { formatReport, importGeoJson } from '../core/scene/importer.ts';

const GIS = path.resolve(import.meta.dirname, '../..', '../shared/data/gis');
const SH = ['buildings', 'roads', 'context'].map((k) => path.join(GIS, `shanghai_lujiazui_${k}.geojson`));
const hasData = SH.every((f) => existsSync(f));

describe.skipIf(!hasData)(`real data (${GIS})`, () => {
  it('imports Shanghai Lujiazui: all 1,450 buildings, Shanghai Tower 632 m, a connected road network, < 2 s', () => {
    const inputs = SH.map((f) => ({ fileName: path.basename(f), text: readFileSync(f, 'utf8') }));
    const t0 = performance.now();
    const r = importGeoJson(inputs, { name: 'lujiazui', importedAt: '2026-01-01T00:00:00Z' });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(formatReport(r.report));
    const m = r.model;
    const s = r.report.summary;
    // Every building polygon is valid (no self-intersections in this extract): 1,450 kept, none skipped.
    expect(s.categories.building).toEqual({ kept: 1450, repaired: 0, skipped: 0 });
    expect([s.buildingParts, s.buildingOutlines]).toEqual([129, 26]);
    expect(s.heights).toEqual({ given: 692, levels: 0, useClass: 758 });
    const tower = [...m.buildings.names].find(([, n]) => n.en === 'Shanghai Tower');
    expect(tower && m.buildings.heightM[tower[0]]).toBe(632);
    // 708 routable lines (trunk … service, links), 401 paths/rail/ferry skipped as non-routable.
    expect([s.categories.road.kept, s.categories.nonRoutable.skipped]).toEqual([708, 401]);
    expect([m.roads.nodeCount, m.roads.linkCount]).toEqual([1200, 2276]);
    // Largest weakly connected component holds most nodes.
    const parent = Int32Array.from({ length: m.roads.nodeCount }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
      return x;
    };
    for (let l = 0; l < m.roads.linkCount; l++)
      parent[find(m.roads.linkFrom[l] as number)] = find(m.roads.linkTo[l] as number);
    const sizes = new Map<number, number>();
    for (let i = 0; i < m.roads.nodeCount; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
    const biggest = Math.max(...sizes.values());
    expect(biggest / m.roads.nodeCount).toBeGreaterThan(0.8);
    expect(s.signalisedNodes).toBeGreaterThan(60);
    expect(s.virtualSensors.roadLoops).toBe(m.sensors.count);
    expect(ms).toBeLessThan(2000);
  });
  it('imports the Hangzhou contours alone as a terrain-only scene', () => {
    const f = path.join(GIS, 'hangzhou_westlake_contours_10m.geojson');
    const r = importGeoJson([{ fileName: 'c.geojson', text: readFileSync(f, 'utf8') }], {
      name: 'westlake',
      importedAt: 'x',
    });
    if (!r.ok) throw new Error(formatReport(r.report));
    const t = r.model.terrain;
    expect(t && [t.nx, t.ny]).toEqual([194, 258]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const h of t?.heightM ?? []) {
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
    }
    // Harmonic interpolation stays within the contour range (maximum principle): 20 … 480 m.
    expect(lo).toBeGreaterThanOrEqual(20 - 1e-3);
    expect(hi).toBeLessThanOrEqual(480 + 1e-3);
  });
});
if (!hasData) console.warn(`skipping real-data importer tests: ${GIS} is missing`);
