/** Pure colouring of the 3D road ribbons by live congestion (see RoadTraffic.tsx). */
import type { RoadNetwork } from '../../core/scene/types.ts';
import type { Rgb } from '../../app/palette.ts';
import { congestionColor } from '../map/trafficStyle.ts';

/**
 * Writes the RGB (Uint8, 4 vertices per quad, as buildRoadRibbons lays them out) of every ribbon quad: the
 * congestion band colour of its link's speed ratio, or the class colour when `speedKph` is null (layer off) or the
 * link has no reading (NaN). Allocation-free (`scratch` holds one colour).
 */
export function paintRibbonTraffic(
  colors: Uint8Array,
  quadLink: Uint32Array,
  roads: RoadNetwork,
  speedKph: Float32Array | null,
  classColor: (cls: number) => Rgb,
  scratch: number[],
): void {
  for (let q = 0; q < quadLink.length; q++) {
    const l = quadLink[q] as number;
    let r: number;
    let g: number;
    let b: number;
    if (speedKph && congestionColor((speedKph[l] as number) / (roads.freeSpeedKph[l] as number), scratch)) {
      r = scratch[0] as number;
      g = scratch[1] as number;
      b = scratch[2] as number;
    } else {
      const c = classColor(roads.linkClass[l] as number);
      r = c[0];
      g = c[1];
      b = c[2];
    }
    for (let k = 0; k < 4; k++) {
      const o = (q * 4 + k) * 3;
      colors[o] = r;
      colors[o + 1] = g;
      colors[o + 2] = b;
    }
  }
}
