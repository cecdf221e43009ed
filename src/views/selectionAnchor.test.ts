import { describe, expect, it } from 'vitest';
import { incidentRadiusM, linkMidpoint } from './selectionAnchor.ts';
import { tinyCity } from '../../tests/integration/fixtures.ts';
import { linkSideOffsetM } from './three/sceneGeometry.ts';

describe('incidentRadiusM', () => {
  it('maps severity 1..4 to 100/200/400/800 m and clamps outside', () => {
    expect([1, 2, 3, 4].map(incidentRadiusM)).toEqual([100, 200, 400, 800]);
    expect(incidentRadiusM(0)).toBe(100);
    expect(incidentRadiusM(9)).toBe(800);
  });
});

describe('linkMidpoint', () => {
  it('is the arc-length middle of the link, moved onto its own carriageway', () => {
    const m = tinyCity();
    const r = m.roads;
    const out = [0, 0];
    let checked = 0;
    for (let l = 0; l < r.linkCount; l++) {
      expect(linkMidpoint(m, l, out)).toBe(true);
      // Hand check against the straight two-vertex case: midpoint of the end vertices plus the right-hand offset.
      const s0 = r.geomStart[l] as number;
      const s1 = r.geomStart[l + 1] as number;
      if (s1 - s0 !== 2) continue;
      const ax = r.geomXY[s0 * 2] as number;
      const ay = r.geomXY[s0 * 2 + 1] as number;
      const bx = r.geomXY[s0 * 2 + 2] as number;
      const by = r.geomXY[s0 * 2 + 3] as number;
      const len = Math.hypot(bx - ax, by - ay);
      const side = linkSideOffsetM(r, l);
      expect(out[0]).toBeCloseTo((ax + bx) / 2 + ((by - ay) / len) * side, 4);
      expect(out[1]).toBeCloseTo((ay + by) / 2 - ((bx - ax) / len) * side, 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    expect(linkMidpoint(m, r.linkCount, out)).toBe(false);
    expect(linkMidpoint(m, -1, out)).toBe(false);
  });
});
