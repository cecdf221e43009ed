import { describe, expect, it } from 'vitest';
import type { Zones } from '../core/scene/types.ts';
import { drillForClick, drillForPoint } from './mapDrill.ts';

/** Closed square ring. */
const sq = (x0: number, y0: number, x1: number, y1: number): number[] => [
  x0,
  y0,
  x1,
  y0,
  x1,
  y1,
  x0,
  y1,
  x0,
  y0,
];
// District 0 [0,200]×[0,100] with cells 1 [0,100] and 2 [100,200]; district 3 [200,300]×[0,100], cell 4 = all of it.
const zones = {
  count: 5,
  polyStart: Uint32Array.from([0, 1, 2, 3, 4, 5]),
  ringStart: Uint32Array.from([0, 5, 10, 15, 20, 25]),
  xy: Float32Array.from([
    ...sq(0, 0, 200, 100),
    ...sq(0, 0, 100, 100),
    ...sq(100, 0, 200, 100),
    ...sq(200, 0, 300, 100),
    ...sq(200, 0, 300, 100),
  ]),
  level: Uint8Array.from([0, 1, 1, 0, 1]),
  parent: Uint32Array.from([0xffffffff, 0, 0, 0xffffffff, 3]),
  sourceId: ['d0', 'c1', 'c2', 'd3', 'c4'],
  names: new Map(),
} as unknown as Zones;

describe('drillForPoint', () => {
  it('city → district; district → its cell; another district switches; outside changes nothing', () => {
    expect(drillForPoint({ level: 'city' }, zones, 50, 50)).toEqual({ level: 'district', district: 0 });
    expect(drillForPoint({ level: 'city' }, zones, 400, 50)).toBeNull();
    expect(drillForPoint({ level: 'district', district: 0 }, zones, 150, 50)).toEqual({
      level: 'cell',
      district: 0,
      cell: 2,
    });
    expect(drillForPoint({ level: 'district', district: 0 }, zones, 250, 50)).toEqual({
      level: 'district',
      district: 3,
    });
    // The cell already shown: nothing; its sibling: that one.
    expect(drillForPoint({ level: 'cell', district: 0, cell: 2 }, zones, 150, 50)).toBeNull();
    expect(drillForPoint({ level: 'cell', district: 0, cell: 2 }, zones, 50, 50)).toEqual({
      level: 'cell',
      district: 0,
      cell: 1,
    });
  });

  it('a click is taken to the ground through the camera first', () => {
    // Straight down over (150, 50), 100 m up, fov 90°, 100×100 px: the centre pixel is (150, 50) → cell 2; the left
    // edge pixel is 100 m west → (50, 50) → cell 1.
    const cam = { x: 150, y: 50, distanceM: 100, headingDeg: 0, pitchDeg: 0 };
    expect(drillForClick({ level: 'city' }, zones, cam, 90, 100, 100, 50, 50)).toEqual({
      level: 'district',
      district: 0,
    });
    expect(drillForClick({ level: 'district', district: 0 }, zones, cam, 90, 100, 100, 0, 50)).toEqual({
      level: 'cell',
      district: 0,
      cell: 1,
    });
  });
});
