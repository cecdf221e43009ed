import { describe, expect, it } from 'vitest';
import type { Buildings } from '../../core/scene/types.ts';
import { triangulateFootprints } from './footprints.ts';
import { buildBuildingMesh, buildingOfFace, footprintCentroid } from './buildingMesh.ts';

/** Buildings fixture from rings (each building: outer CCW ring then CW holes). */
function fixture(buildings: { rings: number[][]; heightM: number; use?: number }[]): Buildings {
  const polyStart = [0];
  const ringStart = [0];
  const xy: number[] = [];
  for (const b of buildings) {
    for (const ring of b.rings) {
      xy.push(...ring);
      ringStart.push(xy.length / 2);
    }
    polyStart.push(ringStart.length - 1);
  }
  const n = buildings.length;
  return {
    count: n,
    polyStart: Uint32Array.from(polyStart),
    ringStart: Uint32Array.from(ringStart),
    xy: Float32Array.from(xy),
    heightM: Float32Array.from(buildings.map((b) => b.heightM)),
    minHeightM: new Float32Array(n),
    baseZM: new Float32Array(n),
    levels: new Uint16Array(n),
    use: Uint8Array.from(buildings.map((b) => b.use ?? 0)),
    heightSource: new Uint8Array(n),
    areaM2: new Float32Array(n),
    sourceId: buildings.map((_, i) => `test:${i}`),
    names: new Map(),
  };
}

const grey = () => [100, 100, 100] as const;

/** Sum of roof triangle areas in (east, north) of building `i` from the mesh (three z = −north). */
function roofArea(m: ReturnType<typeof buildBuildingMesh>, i: number): number {
  let area = 0;
  for (let t = m.triStart[i] as number; t < (m.triStart[i + 1] as number); t++) {
    const [a, b, c] = [0, 1, 2].map((k) => m.index[t * 3 + k] as number) as [number, number, number];
    if ((m.normals[a * 3 + 1] as number) !== 127) continue; // walls
    const p = (v: number) => [m.positions[v * 3] as number, -(m.positions[v * 3 + 2] as number)] as const;
    const [pa, pb, pc] = [p(a), p(b), p(c)];
    area += ((pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0])) / 2;
  }
  return area;
}

describe('buildBuildingMesh', () => {
  // 10 m × 10 m square (CCW) with a 2 m × 2 m courtyard (CW), 30 m high; and a 4 m right triangle, 12 m high.
  const b = fixture([
    {
      rings: [
        [0, 0, 10, 0, 10, 10, 0, 10],
        [4, 4, 4, 6, 6, 6, 6, 4],
      ],
      heightM: 30,
      use: 2,
    },
    { rings: [[20, 0, 24, 0, 20, 4]], heightM: 12 },
  ]);
  const tris = triangulateFootprints(b);
  const m = buildBuildingMesh(b, tris, grey);

  it('counts vertices and triangles exactly', () => {
    // Building 0: 8 footprint vertices → 8 roof + 8×4 wall vertices; earcut n + 2h − 2 = 8 roof triangles,
    // 8 edges × 2 = 16 wall triangles. Building 1: 3 + 12 vertices; 1 roof + 6 wall triangles.
    expect(m.vertexCount).toBe(40 + 15);
    expect(Array.from(m.triStart)).toEqual([0, 24, 31]);
    expect(m.index.length).toBe(31 * 3);
  });

  it('roofs are counter-clockwise, cover the footprint minus holes and sit at the roof height', () => {
    expect(roofArea(m, 0)).toBeCloseTo(100 - 4, 5);
    expect(roofArea(m, 1)).toBeCloseTo(8, 5);
    expect(m.positions[1]).toBe(30);
  });

  it('walls face outward: the south wall of the square faces south (three +z)', () => {
    // First wall quad of building 0 starts after its 8 roof vertices: edge (0,0)→(10,0), outward = south.
    const q = 8;
    expect([m.normals[q * 3], m.normals[q * 3 + 1], m.normals[q * 3 + 2]]).toEqual([0, 0, 127]);
    // The courtyard's first edge (4,4)→(4,6) is its west wall; the solid lies west of it, so the wall faces east
    // into the courtyard (+x).
    const h = 8 + 4 * 4;
    expect(m.normals[h * 3]).toBe(127);
  });

  it('maps faces to buildings', () => {
    expect(buildingOfFace(m.triStart, 0)).toBe(0);
    expect(buildingOfFace(m.triStart, 23)).toBe(0);
    expect(buildingOfFace(m.triStart, 24)).toBe(1);
    expect(buildingOfFace(m.triStart, 30)).toBe(1);
    expect(buildingOfFace(m.triStart, 31)).toBe(-1);
  });

  it('finds the area centroid of the outer ring', () => {
    const out = [0, 0];
    footprintCentroid(b, 1, out);
    // Triangle (20,0),(24,0),(20,4): centroid = mean of the corners = (64/3, 4/3).
    expect(out[0]).toBeCloseTo(64 / 3, 5);
    expect(out[1]).toBeCloseTo(4 / 3, 5);
  });

  it('builds a single building range for the highlight mesh', () => {
    const one = buildBuildingMesh(b, tris, grey, 1, 2);
    expect(one.vertexCount).toBe(15);
    expect(Array.from(one.triStart)).toEqual([0, 7]);
  });

  it('builds 20k buildings quickly (measured)', () => {
    const many: { rings: number[][]; heightM: number }[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = (i % 200) * 30;
      const y = Math.floor(i / 200) * 30;
      // An L-shaped 6-vertex footprint: typical of OSM buildings (mean ~6–8 vertices).
      many.push({
        rings: [[x, y, x + 20, y, x + 20, y + 10, x + 10, y + 10, x + 10, y + 20, x, y + 20]],
        heightM: 20,
      });
    }
    const big = fixture(many);
    const t0 = performance.now();
    const bt = triangulateFootprints(big);
    const t1 = performance.now();
    const bm = buildBuildingMesh(big, bt, grey);
    const t2 = performance.now();
    console.log(
      `20k buildings: triangulate ${(t1 - t0).toFixed(0)} ms, mesh ${(t2 - t1).toFixed(0)} ms, ` +
        `${bm.vertexCount} vertices, ${bm.index.length / 3} triangles`,
    );
    expect(bm.index.length / 3).toBe(20000 * (4 + 12));
    expect(t2 - t0).toBeLessThan(5000);
  });
});
