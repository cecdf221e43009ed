import { describe, expect, it } from 'vitest';
import type { Buildings } from '../../core/scene/types.ts';
import type { EvacRoute } from '../../core/hazards/types.ts';
import { emptyZones } from '../../core/scene/empty.ts';
import { triangulateFootprints } from './footprints.ts';
import { buildBuildingMesh, buildingVertexStart } from './buildingMesh.ts';
import { DAMAGE_COLORS, FLOOD_BANDS } from '../map/hazardStyle.ts';
import {
  FLOOD_LIFT_M,
  buildFloodSurface,
  buildOutageMesh,
  buildZonePrisms,
  evacSegments,
  fireFlicker,
  hazardIdOfNumber,
  paintFloodSurface,
  paintPrisms,
  tintBuildingsByDamage,
} from './hazards3d.ts';

/** Two square buildings: a 4-vertex one (10 × 10 m) and a 4-vertex one (20 × 20 m), use codes 1 and 2. */
function twoBuildings(): Buildings {
  const xy = [0, 0, 10, 0, 10, 10, 0, 10, 100, 0, 120, 0, 120, 20, 100, 20];
  return {
    count: 2,
    polyStart: Uint32Array.from([0, 1, 2]),
    ringStart: Uint32Array.from([0, 4, 8]),
    xy: Float32Array.from(xy),
    heightM: Float32Array.from([10, 30]),
    minHeightM: new Float32Array(2),
    baseZM: new Float32Array(2),
    levels: new Uint16Array(2),
    use: Uint8Array.from([1, 2]),
    heightSource: new Uint8Array(2),
    areaM2: new Float32Array(2),
    sourceId: ['a', 'b'],
    names: new Map(),
  };
}

describe('flood surface', () => {
  // 3 × 2 grid of 10 m cells from (100, 200); ground rises 1 m per 10 m east.
  const ground = (x: number) => (x - 100) / 10;
  it('puts a vertex at every cell centre on the ground, north to −z, two triangles per square', () => {
    const s = buildFloodSurface(3, 2, 100, 200, 10, ground);
    expect(s.index.length).toBe(2 * 1 * 6);
    expect(Array.from(s.positions.subarray(5 * 3, 5 * 3 + 3))).toEqual([
      120,
      Math.fround(2 + FLOOD_LIFT_M),
      -210,
    ]);
    expect(Array.from(s.groundM)).toEqual([0, 1, 2, 0, 1, 2]);
    // Every vertex starts dry (alpha 0).
    for (let k = 0; k < 6; k++) expect(s.colors[k * 4 + 3]).toBe(0);
  });
  it('raises wet vertices by the depth, colours them by band and keeps dry ones transparent', () => {
    const s = buildFloodSurface(3, 2, 100, 200, 10, ground);
    const depth = Float32Array.from([0, 0.04, 0.1, 0.2, 0.6, 1.5]);
    expect(paintFloodSurface(s, depth)).toBe(4);
    // Vertex 4: ground 1 m + 0.6 m water + lift; band 3 (0.5–1.2 m).
    expect(s.positions[4 * 3 + 1]).toBeCloseTo(1 + 0.6 + FLOOD_LIFT_M, 5);
    expect(Array.from(s.colors.subarray(16, 20))).toEqual([...FLOOD_BANDS[3]!.color, FLOOD_BANDS[3]!.alpha]);
    // Vertex 1: 4 cm is dry: alpha 0, height = ground + lift.
    expect(s.colors[1 * 4 + 3]).toBe(0);
    expect(s.positions[1 * 3 + 1]).toBeCloseTo(1 + FLOOD_LIFT_M, 5);
    // Drying up again: the same arrays, all transparent.
    expect(paintFloodSurface(s, new Float32Array(6))).toBe(0);
    for (let k = 0; k < 6; k++) expect(s.colors[k * 4 + 3]).toBe(0);
  });
  it('refuses a grid of the wrong size', () => {
    const s = buildFloodSurface(3, 2, 0, 0, 10, () => 0);
    expect(() => paintFloodSurface(s, new Float32Array(5))).toThrow(/5 cells, the surface 6/);
    expect(() => buildFloodSurface(1, 5, 0, 0, 10, () => 0)).toThrow(/1 × 5/);
  });
});

describe('damage tint', () => {
  const b = twoBuildings();
  const tris = triangulateFootprints(b);
  const mesh = buildBuildingMesh(b, tris, (u) => (u === 1 ? [100, 150, 200] : [200, 100, 50]));
  it('finds each building’s vertices (5 per footprint vertex)', () => {
    expect(buildingVertexStart(b, 0)).toBe(0);
    expect(buildingVertexStart(b, 1)).toBe(20);
    expect(buildingVertexStart(b, 2)).toBe(mesh.vertexCount);
  });
  it('paints the state colour on roofs and keeps the wall shading; restores with the original', () => {
    const original = mesh.colors.slice();
    const colors = mesh.colors.slice();
    const counts = new Uint32Array(5);
    tintBuildingsByDamage(b, original, colors, Uint8Array.from([3, 0]), counts);
    expect(Array.from(counts)).toEqual([1, 0, 0, 1, 0]);
    // Roof vertex 0 of building 0 → extensive red; building 1's roof (vertex 20) → 'none' grey.
    expect(Array.from(colors.subarray(0, 3))).toEqual([...DAMAGE_COLORS[3]!]);
    expect(Array.from(colors.subarray(60, 63))).toEqual([...DAMAGE_COLORS[0]!]);
    // Building 0's wall-top vertex (index 6) was 0.8 × roof (160 of 200): 0.8 × (255, 59, 48) = (204, 47.2, 38.4).
    expect(Array.from(colors.subarray(6 * 3, 7 * 3))).toEqual([204, 47, 38]);
    // Wall foot (index 4): 0.8 × 0.55 of the roof, 88 of 200 = 0.44: (112.2, 25.96, 21.12).
    expect(Array.from(colors.subarray(4 * 3, 5 * 3))).toEqual([112, 26, 21]);
    // A state outside 0…4 keeps the original colours.
    tintBuildingsByDamage(b, original, colors, Uint8Array.from([255, 255]), counts);
    expect(Array.from(counts)).toEqual([0, 0, 0, 0, 0]);
    expect(colors).toEqual(original);
  });
});

describe('district prisms', () => {
  const zones = {
    ...emptyZones(),
    count: 2,
    polyStart: Uint32Array.from([0, 1, 2]),
    ringStart: Uint32Array.from([0, 4, 8]),
    xy: Float32Array.from([0, 0, 200, 0, 200, 200, 0, 200, 0, 0, 100, 0, 100, 100, 0, 100]),
    level: Uint8Array.from([0, 1]),
    parent: Uint32Array.from([0xffffffff, 0]),
    sourceId: ['d', 'c'],
  };
  it('raises the district top, keeps the wall feet on the ground and hides zones without a height', () => {
    const m = buildZonePrisms(zones, triangulateFootprints(zones), () => 5, 0);
    // Top: 2 triangles; walls: 4 edges × 2 triangles.
    expect(m.index.length).toBe((2 + 8) * 3);
    const h = Float32Array.from([120, 0]);
    const rgba = Uint8Array.from([250, 215, 40, 70, 1, 2, 3, 70]);
    expect(paintPrisms(m, h, rgba)).toBe(1);
    expect(m.positions[0 * 3 + 1]).toBe(125); // top vertex of the district
    // First wall quad: vertices 8 (foot), 9 (foot), 10 (top), 11 (top).
    expect([m.positions[8 * 3 + 1], m.positions[10 * 3 + 1]]).toEqual([5, 125]);
    expect(Array.from(m.colors.subarray(0, 4))).toEqual([250, 215, 40, 70]);
    // The grid cell (zone 1) has height 0: alpha 0.
    expect(m.colors[4 * 4 + 3]).toBe(0);
  });
});

describe('outage, routes, flicker, ids', () => {
  it('fans each hull from its mean and hangs a curtain along its edge', () => {
    const o = buildOutageMesh(
      [
        [0, 0, 10, 0, 10, 10, 0, 10],
        [1, 2],
      ],
      () => 2,
      1,
      25,
    );
    // One hull of 4: 1 centre + 4 ring + 8 curtain vertices; 4 fan + 8 wall triangles; the 1-point hull is skipped.
    expect(o.positions.length / 3).toBe(13);
    expect(o.index.length / 3).toBe(12);
    expect(Array.from(o.positions.subarray(0, 3))).toEqual([5, 3, -5]);
    expect(o.positions[6 * 3 + 1]).toBe(27); // first curtain top: ground 2 + 25
  });
  it('turns route polylines into segments start → shelter, lifted over the ground', () => {
    const r = { path: [0, 0, 100, 0, 100, 50] } as unknown as EvacRoute;
    const s = evacSegments([r], () => 4, 3);
    expect(Array.from(s)).toEqual([0, 7, -0, 100, 7, -0, 100, 7, -0, 100, 7, -50]);
  });
  it('flickers within [0.55, 1] and names hazards like the runtime', () => {
    for (let t = 0; t < 10; t += 0.01) {
      const f = fireFlicker(t);
      expect(f).toBeGreaterThanOrEqual(0.55);
      expect(f).toBeLessThanOrEqual(1);
    }
    expect(hazardIdOfNumber(7)).toBe('HZ-0007');
  });
});
