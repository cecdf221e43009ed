import { describe, expect, it } from 'vitest';
import { LinkFlag, type RoadNetwork, type Terrain } from '../../core/scene/types.ts';
import {
  buildRoadRibbons,
  laneWidthM,
  linkSideOffsetM,
  linkWidthM,
  offsetLinkGeometry,
  sampleTerrain,
} from './sceneGeometry.ts';

/**
 * Three links, hand-made: 0 = two-way road eastbound (0,0)→(100,0), 2 lanes; 1 = its westbound twin; 2 = a one-way
 * L-shaped street (0,0)→(0,100)→(100,100), 1 lane.
 */
function roads(): RoadNetwork {
  return {
    nodeCount: 3,
    nodeXY: new Float32Array([0, 0, 100, 0, 100, 100]),
    nodeSignal: new Uint8Array(3),
    linkCount: 3,
    linkFrom: new Uint32Array([0, 1, 0]),
    linkTo: new Uint32Array([1, 0, 2]),
    linkClass: new Uint8Array([2, 2, 5]),
    lanes: new Uint8Array([2, 2, 1]),
    capacityVph: new Float32Array([3600, 3600, 900]),
    freeSpeedKph: new Float32Array([50, 50, 30]),
    lengthM: new Float32Array([100, 100, 200]),
    flags: new Uint8Array([0, 0, LinkFlag.oneway]),
    geomStart: new Uint32Array([0, 2, 4, 7]),
    geomXY: new Float32Array([0, 0, 100, 0, 100, 0, 0, 0, 0, 0, 0, 100, 100, 100]),
    linkWay: new Uint32Array([0, 0, 1]),
    ways: [{ sourceId: 'w:1' }, { sourceId: 'w:2' }],
  };
}

describe('link carriageway geometry', () => {
  it('width is lanes × 3.5 m with a 3 m floor; two-way directions sit half a width right of the centreline', () => {
    const r = roads();
    expect(laneWidthM).toBe(3.5);
    expect(linkWidthM(r, 0)).toBe(7);
    expect(linkWidthM(r, 2)).toBe(3.5);
    expect(linkSideOffsetM(r, 0)).toBe(3.5);
    expect(linkSideOffsetM(r, 2)).toBe(0); // one-way: on the centreline
  });

  it('offsets each direction to its own right-hand side (east-bound → south, west-bound → north)', () => {
    const g = offsetLinkGeometry(roads());
    // Link 0 east-bound: right of travel is south (−y).
    expect(Array.from(g.slice(0, 4))).toEqual([0, -3.5, 100, -3.5]);
    // Link 1 west-bound along the same centreline: right of travel is north (+y).
    expect(Array.from(g.slice(4, 8))).toEqual([100, 3.5, 0, 3.5]);
    // Link 2 one-way: unchanged.
    expect(Array.from(g.slice(8, 14))).toEqual([0, 0, 0, 100, 100, 100]);
  });
});

describe('buildRoadRibbons', () => {
  // three.js frame: x = east, y = up, z = −north. Corners per quad: left of a, right of a, right of b, left of b.
  const northOf = (pos: Float32Array, k: number): number => -(pos[k * 3 + 2] as number);
  it('spans each direction of a two-way road from the centreline to its right edge', () => {
    const rb = buildRoadRibbons(roads(), null, () => [1, 2, 3], 0.5, 0, 1);
    expect(Array.from(rb.quadLink)).toEqual([0]);
    // East-bound, 7 m wide: from the centreline (north 0) to 7 m south.
    expect([0, 1, 2, 3].map((k) => northOf(rb.positions, k))).toEqual([0, -7, -7, 0]);
    expect(rb.positions[1]).toBe(0.5); // lifted 0.5 m above flat ground
  });
  it('centres a one-way road on its line; a width override widens about the carriageway centre', () => {
    const oneWay = buildRoadRibbons(roads(), null, () => [1, 2, 3], 0.5, 2, 3);
    // First segment runs north along x = 0, 3.5 m wide: east edges at x = ±1.75 (right of travel is east).
    expect([0, 1].map((k) => oneWay.positions[k * 3])).toEqual([-1.75, 1.75]);
    const glow = buildRoadRibbons(roads(), null, () => [1, 2, 3], 1.2, 0, 1, 27);
    // Carriageway centre 3.5 m south, ± 13.5 m.
    expect([0, 1].map((k) => northOf(glow.positions, k))).toEqual([10, -17]);
  });
});

describe('sampleTerrain', () => {
  const t: Terrain = { nx: 2, ny: 2, x0: 0, y0: 0, cellM: 10, heightM: new Float32Array([0, 10, 20, 30]) };
  it('interpolates bilinearly: h(5, 5) = (0 + 10 + 20 + 30) / 4', () => {
    expect(sampleTerrain(t, 5, 5)).toBe(15);
    expect(sampleTerrain(t, 10, 0)).toBe(10);
    expect(sampleTerrain(t, 2.5, 10)).toBeCloseTo(22.5, 6);
  });
  it('clamps outside the grid and is 0 without terrain', () => {
    expect(sampleTerrain(t, -100, -100)).toBe(0);
    expect(sampleTerrain(t, 500, 500)).toBe(30);
    expect(sampleTerrain(null, 5, 5)).toBe(0);
  });
});
