import { describe, expect, it } from 'vitest';
import type { RoadNetwork } from '../../core/scene/types.ts';
import { paintRibbonTraffic } from './roadTraffic.ts';

describe('paintRibbonTraffic', () => {
  const roads = {
    freeSpeedKph: new Float32Array([50, 60]),
    linkClass: new Uint8Array([2, 5]),
  } as unknown as RoadNetwork;
  const classColor = (c: number) => [c, c, c] as const;

  it('colours each quad by its link band, class colour where there is no reading or no traffic layer', () => {
    const colors = new Uint8Array(3 * 4 * 3);
    const quadLink = new Uint32Array([0, 0, 1]);
    // Link 0: 10 km/h of 50 = 0.2 → jammed (170,20,40); link 1: no reading → class 5 grey.
    paintRibbonTraffic(colors, quadLink, roads, new Float32Array([10, Number.NaN]), classColor, [0, 0, 0]);
    expect(Array.from(colors.slice(0, 3))).toEqual([170, 20, 40]);
    expect(Array.from(colors.slice(12 * 2 - 3, 12 * 2))).toEqual([170, 20, 40]); // last vertex of quad 1
    expect(Array.from(colors.slice(24, 27))).toEqual([5, 5, 5]);
    paintRibbonTraffic(colors, quadLink, roads, null, classColor, [0, 0, 0]);
    expect(Array.from(colors.slice(0, 3))).toEqual([2, 2, 2]);
  });
});
