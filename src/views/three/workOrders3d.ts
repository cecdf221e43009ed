/**
 * Pure helpers of the work orders in 3D (WorkOrders3D.tsx): instance matrices of the stage markers, halo and pulse
 * rings and field-unit vehicles, and the flat grid-cell heat mesh with its per-vertex RGBA. The data comes from
 * map/workloadStyle.ts (one WorkloadFrame serves both views). Three's frame: x = east, y = up, z = −north.
 */
import type { Zones } from '../../core/scene/types.ts';
import type { FootprintTriangles } from './footprints.ts';
import { HEAT_BANDS, heatBand } from '../map/workloadStyle.ts';

/** Writes a column-major 4×4 matrix (uniform scale `s`, yaw `yawRad` about the up axis, translation) at slot i. */
export function writeInstance(
  out: Float32Array,
  i: number,
  x: number,
  y: number,
  z: number,
  s: number,
  yawRad = 0,
): void {
  // Rotation about +y by θ takes local +x to (cos θ, 0, −sin θ): east, turned toward north for θ > 0.
  const c = Math.cos(yawRad) * s;
  const n = Math.sin(yawRad) * s;
  const o = i * 16;
  out[o] = c;
  out[o + 1] = 0;
  out[o + 2] = -n;
  out[o + 3] = 0;
  out[o + 4] = 0;
  out[o + 5] = s;
  out[o + 6] = 0;
  out[o + 7] = 0;
  out[o + 8] = n;
  out[o + 9] = 0;
  out[o + 10] = c;
  out[o + 11] = 0;
  out[o + 12] = x;
  out[o + 13] = y;
  out[o + 14] = z;
  out[o + 15] = 1;
}

/** Heading (rad, counter-clockwise from east in the local frame) of a unit going from (fx, fy) to (tx, ty). */
export function unitYaw(fx: number, fy: number, tx: number, ty: number): number {
  return Math.atan2(ty - fy, tx - fx);
}

/** The flat heat mesh of the grid cells: positions (x, lift, −y), the zone of each vertex, triangle indices. */
export interface HeatMesh {
  readonly positions: Float32Array;
  readonly vertexZone: Uint32Array;
  readonly index: Uint32Array;
}

/**
 * Builds the heat mesh of the grid cells (zones of level 1) `liftM` above the ground (`groundAt(x, y)`, terrain):
 * every zone vertex is kept (triangles index the PolygonSet numbering), only grid-cell triangles are emitted.
 */
export function buildHeatMesh(
  zones: Zones,
  tris: FootprintTriangles,
  groundAt: (x: number, y: number) => number,
  liftM: number,
): HeatMesh {
  const nv = zones.xy.length / 2;
  const positions = new Float32Array(nv * 3);
  const vertexZone = new Uint32Array(nv);
  for (let i = 0; i < zones.count; i++) {
    const r0 = zones.polyStart[i] as number;
    const r1 = zones.polyStart[i + 1] as number;
    for (let v = zones.ringStart[r0] as number; v < (zones.ringStart[r1] as number); v++) vertexZone[v] = i;
  }
  for (let v = 0; v < nv; v++) {
    const x = zones.xy[v * 2] as number;
    const y = zones.xy[v * 2 + 1] as number;
    positions[v * 3] = x;
    positions[v * 3 + 1] = groundAt(x, y) + liftM;
    positions[v * 3 + 2] = -y;
  }
  let n = 0;
  for (let i = 0; i < zones.count; i++)
    if (zones.level[i] === 1) n += ((tris.start[i + 1] as number) - (tris.start[i] as number)) * 3;
  const index = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < zones.count; i++) {
    if (zones.level[i] !== 1) continue;
    for (let t = (tris.start[i] as number) * 3; t < (tris.start[i + 1] as number) * 3; t++)
      index[k++] = tris.index[t] as number;
  }
  return { positions, vertexZone, index };
}

/**
 * Writes the heat RGBA of every vertex from the open-order counts per zone (HEAT_BANDS colour, alpha `alpha`; alpha 0
 * where a cell has no open order, so the ground shows through).
 */
export function paintHeat(
  vertexZone: Uint32Array,
  cellOpen: Uint32Array,
  alpha: number,
  out: Uint8Array,
): void {
  for (let v = 0; v < vertexZone.length; v++) {
    const b = heatBand(cellOpen[vertexZone[v] as number] ?? 0);
    if (b < 0) {
      out[v * 4 + 3] = 0;
      continue;
    }
    const c = (HEAT_BANDS[b] as { color: readonly number[] }).color;
    out[v * 4] = c[0] as number;
    out[v * 4 + 1] = c[1] as number;
    out[v * 4 + 2] = c[2] as number;
    out[v * 4 + 3] = alpha;
  }
}
