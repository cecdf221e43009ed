import { describe, expect, it } from 'vitest';
import { footprintInCell, ringArea, thinToCount, type BuildingCandidate } from './buildings.ts';
import { traceContours } from './contours.ts';
import { bearingDeg, featureCollectionText } from './geojson.ts';
import { checkOuterRing, ringsOverlap, signedArea } from './polygonCheck.ts';
import { createRiver } from './river.ts';
import { lonLat } from '../geo/projection.ts';

describe('polygonCheck', () => {
  const square = [
    [0, 0],
    [2, 0],
    [2, 2],
    [0, 2],
    [0, 0],
  ];
  it('accepts a CCW square (area 2·2 = 4) and names each defect', () => {
    expect(signedArea(square)).toBe(4);
    expect(checkOuterRing(square)).toBeNull();
    expect(checkOuterRing([...square].reverse())).toBe('ring is not counter-clockwise');
    expect(checkOuterRing(square.slice(0, 4))).toBe('ring is not closed');
    expect(
      checkOuterRing([
        [0, 0],
        [1, 0],
        [0, 0],
      ]),
    ).toBe('ring has 3 positions, needs ≥ 4');
    // Bow-tie: edges 0 (0,0)-(2,2) and 2 (2,0)-(0,2) cross at (1,1).
    expect(
      checkOuterRing([
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ]),
    ).toBe('edges 0 and 2 intersect');
  });
  it('detects overlap by crossing, touching and containment, and not for disjoint squares', () => {
    const shift = (dx: number, s = 1): number[][] =>
      square.map(([x, y]) => [(x as number) * s + dx, (y as number) * s + dx]);
    expect(ringsOverlap(square, shift(1))).toBe(true); // crossing
    expect(ringsOverlap(square, shift(2))).toBe(true); // corner touch at (2,2)
    expect(ringsOverlap(square, shift(0.5, 0.25))).toBe(true); // contained
    expect(ringsOverlap(square, shift(3))).toBe(false);
  });
});

describe('footprints', () => {
  it('fits a 20 × 10 rectangle into a 30 × 30 cell centred, CCW (area 200)', () => {
    const r = footprintInCell({ x0: 0, y0: 0, x1: 30, y1: 30 }, 20, 10, 0, null) as number[];
    expect(r).toEqual([5, 10, 25, 10, 25, 20, 5, 20]);
    expect(ringArea(r)).toBe(200);
  });
  it('shrinks to the cell minus 2.5 m margins: 40 × 10 in a 30 × 30 cell → 25 × 6.25', () => {
    const r = footprintInCell({ x0: 0, y0: 0, x1: 30, y1: 30 }, 40, 10, 0, null) as number[];
    expect(ringArea(r)).toBeCloseTo(25 * 6.25, 9);
  });
  it('cuts an L: 20 × 10 minus a 10 × 5 corner = 150 m², 6 vertices, simple and CCW', () => {
    const r = footprintInCell({ x0: 0, y0: 0, x1: 30, y1: 30 }, 20, 10, 0.3, [0.5, 0.5]) as number[];
    expect(r.length).toBe(12);
    expect(ringArea(r)).toBeCloseTo(150, 9);
    const pos: number[][] = [];
    for (let i = 0; i < r.length; i += 2) pos.push([r[i] as number, r[i + 1] as number]);
    pos.push(pos[0] as number[]);
    expect(checkOuterRing(pos)).toBeNull();
  });
  it('returns null when the cell is too small for a 4 m side', () => {
    expect(footprintInCell({ x0: 0, y0: 0, x1: 8, y1: 8 }, 20, 10, 0, null)).toBeNull();
  });
});

describe('thinToCount', () => {
  const cand = (essential: boolean): BuildingCandidate => ({
    ring: [],
    tags: {},
    essential,
    kind: 'residential',
    cx: 0,
    cy: 0,
    areaM2: 1,
    floors: 1,
    heightM: 3,
    district: 0,
  });
  it('keeps exactly the target, all essentials first-class: 10 of 13 with 2 essential → 8 of 11 others', () => {
    const c = [cand(true), ...Array.from({ length: 11 }, () => cand(false)), cand(true)];
    const kept = thinToCount(c, 10);
    expect(kept.length).toBe(10);
    expect(kept.filter((k) => k.essential).length).toBe(2);
  });
  it('throws when the target cannot be met', () => {
    expect(() => thinToCount([cand(false)], 2)).toThrow('cannot keep 2 of 1 candidates (0 essential)');
  });
});

describe('contours', () => {
  it('traces the 5 m line of h = x on a 2 × 2 grid of 10 m as x = 5 from y = 0 to 20', () => {
    const lines = traceContours((x) => x, { x0: 0, y0: 0, cellM: 10, nx: 2, ny: 2 }, [5]);
    expect(lines).toEqual([{ levelM: 5, xy: [5, 0, 5, 10, 5, 20] }]);
  });
  it('closes the 50 m ring of a cone h = 100 − r, every vertex within 1 m of r = 50', () => {
    const lines = traceContours(
      (x, y) => 100 - Math.hypot(x, y),
      { x0: -100, y0: -100, cellM: 10, nx: 20, ny: 20 },
      [50],
    );
    expect(lines.length).toBe(1);
    const xy = (lines[0] as { xy: number[] }).xy;
    expect(xy.slice(0, 2)).toEqual(xy.slice(-2));
    for (let i = 0; i < xy.length; i += 2)
      expect(Math.abs(Math.hypot(xy[i] as number, xy[i + 1] as number) - 50)).toBeLessThan(1);
  });
});

describe('river', () => {
  const river = createRiver({
    x0: -100,
    x1: 100,
    stepM: 20,
    midY: 0,
    amplitudeM: 0,
    minWidthM: 200,
    maxWidthM: 200,
    wavelengthM: 1000,
    phase1: 0,
    phase2: 0,
    phase3: 0,
  });
  it('is a 200 m band y ∈ [−100, 100] when amplitude is 0', () => {
    expect(river.southAt(37)).toBe(-100);
    expect(river.northAt(-3)).toBe(100);
    expect(river.overlapsBox(0, 101, 10, 120, 0)).toBe(false);
    expect(river.overlapsBox(0, 101, 10, 120, 5)).toBe(true);
  });
  it('blocks a horizontal line inside the band over the whole span, and none outside', () => {
    expect(river.blockedIntervals(0, 10, -50, 50)).toEqual([[-50, 50]]);
    expect(river.blockedIntervals(150, 10, -50, 50)).toEqual([]);
  });
});

describe('geojson writer', () => {
  it('closes rings, prints 7 decimals, and maps 0° rotation + origin to the origin', () => {
    const t = { origin: lonLat(120.9, 31.1), rotationRad: 0 };
    const text = featureCollectionText([{ geometry: { type: 'Point', x: 0, y: 0 }, tags: { id: 'a' } }], t);
    expect(text).toBe(
      '{"type":"FeatureCollection","features":[\n' +
        '{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[120.9000000,31.1000000]}}\n' +
        ']}\n',
    );
    const poly = featureCollectionText(
      [{ geometry: { type: 'Polygon', rings: [[0, 0, 1, 0, 0, 1]] }, tags: {} }],
      t,
    );
    const ring = (JSON.parse(poly) as { features: { geometry: { coordinates: number[][][] } }[] })
      .features[0]!.geometry.coordinates[0]!;
    expect(ring.length).toBe(4);
    expect(ring[3]).toEqual(ring[0]);
  });
  it('turns a city-frame north vector into bearing 0, east into 90, and rotates with the city', () => {
    const t = { origin: lonLat(120.9, 31.1), rotationRad: 0 };
    expect(bearingDeg(t, 0, 1)).toBe(0);
    expect(bearingDeg(t, 1, 0)).toBe(90);
    expect(bearingDeg(t, 0, -1)).toBe(180);
    // Rotating the city 90° counter-clockwise turns its "north" into west (270°).
    expect(bearingDeg({ ...t, rotationRad: Math.PI / 2 }, 0, 1)).toBeCloseTo(270, 9);
  });
});
