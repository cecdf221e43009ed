import { describe, expect, it } from 'vitest';
import { cleanPolygon, findSelfIntersection, ringArea } from './polygon.ts';

const ring = (...pts: number[]): Float64Array => Float64Array.from(pts);

describe('polygon validation and repair', () => {
  it('computes signed shoelace area', () => {
    // 10 m × 5 m rectangle, counter-clockwise: +50 m²; clockwise: −50 m².
    expect(ringArea(ring(0, 0, 10, 0, 10, 5, 0, 5))).toBe(50);
    expect(ringArea(ring(0, 0, 0, 5, 10, 5, 10, 0))).toBe(-50);
  });
  it('closes, de-duplicates and reorients; holes subtract', () => {
    const r = cleanPolygon([
      ring(0, 0, 0, 10, 0, 10, 10, 10, 10, 0), // clockwise, unclosed, one repeated vertex
      ring(2, 2, 4, 2, 4, 4, 2, 4, 2, 2), // counter-clockwise hole (closed)
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.repairs).toEqual([
      'outer ring was not closed; closed it',
      'outer ring: removed 1 repeated vertex',
    ]);
    expect(r.reoriented).toBe(true);
    expect(r.rings[0]).toEqual(ring(10, 0, 10, 10, 0, 10, 0, 0));
    expect(ringArea(r.rings[0] as Float64Array)).toBe(100);
    expect(ringArea(r.rings[1] as Float64Array)).toBe(-4);
    expect(r.areaM2).toBe(96); // 100 − 4
  });
  it('rejects a bow-tie with the crossing segments and point', () => {
    const r = cleanPolygon([ring(0, 0, 10, 10, 10, 0, 0, 10, 0, 0)]);
    expect(r).toEqual({
      ok: false,
      code: 'self-intersection',
      reason: 'outer ring self-intersects: segment 0–1 crosses segment 2–3',
      at: { x: 5, y: 5 },
    });
  });
  it('rejects degenerate outer rings and drops degenerate holes', () => {
    expect(cleanPolygon([ring(0, 0, 1, 1, 0, 0)])).toMatchObject({ ok: false, code: 'degenerate-ring' });
    expect(cleanPolygon([ring(0, 0, 1, 0, 2, 0, 0, 0)])).toMatchObject({
      ok: false,
      reason: 'outer ring has zero area (0.0000 m²)',
    });
    const r = cleanPolygon([ring(0, 0, 10, 0, 10, 10, 0, 10), ring(1, 1, 2, 2, 1, 1)]);
    expect(r.ok && r.repairs).toEqual([
      'outer ring was not closed; closed it',
      'dropped hole 1: 2 distinct vertices',
    ]);
  });
  it('finds crossings in long rings with the sweep (same answer as pairwise)', () => {
    // A 200-vertex circle with two vertices swapped → a crossing between segments 49–50 and 51–52... found exactly.
    const n = 200;
    const pts: number[] = [];
    for (let k = 0; k < n; k++)
      pts.push(100 * Math.cos((2 * Math.PI * k) / n), 100 * Math.sin((2 * Math.PI * k) / n));
    expect(findSelfIntersection(pts)).toBeNull();
    const sw = pts.slice();
    [sw[100], sw[101], sw[102], sw[103]] = [
      pts[102] as number,
      pts[103] as number,
      pts[100] as number,
      pts[101] as number,
    ];
    const hit = findSelfIntersection(sw);
    expect(hit && [hit.i, hit.j]).toEqual([49, 51]);
  });
});
