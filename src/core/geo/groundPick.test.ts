import { describe, expect, it } from 'vitest';
import { groundPointAt, polygonContains, zoneContaining } from './groundPick.ts';

describe('groundPointAt', () => {
  it('straight down: the centre is the target, the edges are d·tan(fov/2)·aspect away', () => {
    // Heading 0, pitch 0, 1 000 m above (100, 200); fov 90° → tan 45° = 1; viewport 200×100 → horizontal tan 2.
    const cam = { x: 100, y: 200, distanceM: 1000, headingDeg: 0, pitchDeg: 0 };
    const c = groundPointAt(cam, 90, 200, 100, 100, 50)!;
    expect(c.x).toBeCloseTo(100, 9);
    expect(c.y).toBeCloseTo(200, 9);
    // Right edge: ray (2, 0, −1) from (100, 200, 1000) → x = 100 + 2·1000 = 2100.
    const r = groundPointAt(cam, 90, 200, 100, 200, 50)!;
    expect(r.x).toBeCloseTo(2100, 9);
    expect(r.y).toBeCloseTo(200, 9);
    // Top edge: ray (0, 1, −1) → y = 200 + 1000 = 1200 (north is up at heading 0).
    const t = groundPointAt(cam, 90, 200, 100, 100, 0)!;
    expect(t.x).toBeCloseTo(100, 9);
    expect(t.y).toBeCloseTo(1200, 9);
  });

  it('pitched 45°: the bottom edge looks straight down from the eye, the top edge at the horizon', () => {
    // Distance 100√2 at pitch 45°, heading 0: eye at (0, −100, 100). fov 90°, square viewport.
    const cam = { x: 0, y: 0, distanceM: 100 * Math.SQRT2, headingDeg: 0, pitchDeg: 45 };
    const c = groundPointAt(cam, 90, 100, 100, 50, 50)!;
    expect(c.x).toBeCloseTo(0, 9);
    expect(c.y).toBeCloseTo(0, 9);
    // Bottom: f − u = (0, sin45 − cos45, −cos45 − sin45) = (0, 0, −√2): the ground under the eye.
    const b = groundPointAt(cam, 90, 100, 100, 50, 100)!;
    expect(b.x).toBeCloseTo(0, 9);
    expect(b.y).toBeCloseTo(-100, 9);
    // Top: f + u = (0, √2, 0): parallel to the ground.
    expect(groundPointAt(cam, 90, 100, 100, 50, 0)).toBeNull();
    // Heading 90° (looking east): the eye is west of the target, at (−100, 0, 100).
    const e = groundPointAt({ ...cam, headingDeg: 90 }, 90, 100, 100, 50, 100)!;
    expect(e.x).toBeCloseTo(-100, 9);
    expect(e.y).toBeCloseTo(0, 9);
  });

  it('refuses a degenerate viewport or camera', () => {
    const cam = { x: 0, y: 0, distanceM: 100, headingDeg: 0, pitchDeg: 0 };
    expect(groundPointAt(cam, 90, 0, 100, 0, 0)).toBeNull();
    expect(groundPointAt({ ...cam, distanceM: 0 }, 90, 100, 100, 50, 50)).toBeNull();
  });
});

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

describe('zoneContaining', () => {
  // Zone 0: district [0,200]×[0,100] with a hole [80,120]×[40,60]; zones 1, 2: its cells [0,100] and [100,200];
  // zone 3: a second district [200,300]×[0,100] with no cells.
  const zones = {
    count: 4,
    polyStart: Uint32Array.from([0, 2, 3, 4, 5]),
    ringStart: Uint32Array.from([0, 5, 10, 15, 20, 25]),
    xy: Float32Array.from([
      ...sq(0, 0, 200, 100),
      ...sq(80, 40, 120, 60),
      ...sq(0, 0, 100, 100),
      ...sq(100, 0, 200, 100),
      ...sq(200, 0, 300, 100),
    ]),
    level: Uint8Array.from([0, 1, 1, 0]),
    parent: Uint32Array.from([0xffffffff, 0, 0, 0xffffffff]),
  };

  it('finds the district, the cell of a district, and respects holes', () => {
    expect(zoneContaining(zones, 10, 10, 0)).toBe(0);
    expect(zoneContaining(zones, 250, 50, 0)).toBe(3);
    expect(zoneContaining(zones, 150, 90, 1)).toBe(2);
    expect(zoneContaining(zones, 150, 90, 1, 3)).toBe(-1);
    expect(zoneContaining(zones, 150, 90, 1, 0)).toBe(2);
    // Inside the hole of district 0 (but in cell 1 and 2's squares, which have no hole).
    expect(polygonContains(zones, 0, 100, 50)).toBe(false);
    expect(zoneContaining(zones, 100, 50, 0)).toBe(-1);
    expect(zoneContaining(zones, -5, 50, 0)).toBe(-1);
    expect(zoneContaining(zones, Number.NaN, 50, 0)).toBe(-1);
  });
});
