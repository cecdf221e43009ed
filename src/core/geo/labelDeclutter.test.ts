import { describe, expect, it } from 'vitest';
import { declutterLabels } from './labelDeclutter.ts';

describe('declutterLabels', () => {
  it('keeps the more important of two overlapping boxes and every box that overlaps none', () => {
    // Boxes 40×14 px (half 20×7): 0 at (100, 100), 1 at (130, 105) overlaps 0 (|dx| 30 < 40, |dy| 5 < 14),
    // 2 at (200, 100) is clear of both (|dx| 70 from 1 > 40), 3 is behind the camera (NaN).
    const cx = [100, 130, 200, Number.NaN];
    const cy = [100, 105, 100, 0];
    const hw = [20, 20, 20, 20];
    const hh = [7, 7, 7, 7];
    const keep = new Uint8Array(4);
    // 1 first: 1 is kept, 0 is dropped.
    expect(declutterLabels(cx, cy, hw, hh, [1, 0, 2, 3], 0, keep)).toBe(2);
    expect([...keep]).toEqual([0, 1, 1, 0]);
    expect(declutterLabels(cx, cy, hw, hh, [0, 1, 2, 3], 0, keep)).toBe(2);
    expect([...keep]).toEqual([1, 0, 1, 0]);
  });

  it('a gap makes near-touching boxes collide', () => {
    // 0 and 1 side by side with 4 px between their edges: apart with no gap, colliding with a 6 px gap.
    const keep = new Uint8Array(2);
    expect(declutterLabels([0, 44], [0, 0], [20, 20], [7, 7], [0, 1], 0, keep)).toBe(2);
    expect(declutterLabels([0, 44], [0, 0], [20, 20], [7, 7], [0, 1], 6, keep)).toBe(1);
  });

  it('fixed obstacles block labels but not their own group', () => {
    // Symbols 0 at (0, 0) and 1 at (30, 0), half 10×10, fixed. Label 2 (group 0) at (0, 18), half 20×7: its own
    // symbol is ignored, symbol 1 is clear (|dx| 30 is not < 20 + 10) → kept. Label 3 (group 1) at (30, 18): clear of
    // symbol 0 the same way, but overlaps label 2 (|dx| 30 < 40, |dy| 0 < 14) → dropped.
    const keep = new Uint8Array(4);
    const n = declutterLabels(
      [0, 30, 0, 30],
      [0, 0, 18, 18],
      [10, 10, 20, 20],
      [10, 10, 7, 7],
      [0, 1, 2, 3],
      0,
      keep,
      2,
      [0, 1, 0, 1],
    );
    expect(n).toBe(3);
    expect([...keep]).toEqual([1, 1, 1, 0]);
    // A label 12 px under its symbol (|dy| 12 < 10 + 7): dropped without groups, kept when they share one.
    expect(declutterLabels([0, 0], [0, 12], [10, 20], [10, 7], [0, 1], 0, keep, 1)).toBe(1);
    expect(declutterLabels([0, 0], [0, 12], [10, 20], [10, 7], [0, 1], 0, keep, 1, [5, 5])).toBe(2);
  });
});
