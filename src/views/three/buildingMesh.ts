/**
 * Builds ONE merged, indexed mesh of all buildings (walls + roofs) from the CityModel's typed arrays in a single
 * pass into preallocated arrays. No three.js here: the component wraps the arrays in a BufferGeometry.
 *
 * Axes: local x = east, y = north → three x = east, y = up, z = −north.
 * Memory per vertex: 12 B position + 3 B normal (Int8, normalised) + 3 B colour (Uint8, normalised).
 */
import type { Buildings } from '../../core/scene/types.ts';
import type { Rgb } from '../../app/palette.ts';
import type { FootprintTriangles } from './footprints.ts';

/** The merged mesh: vertex attributes, triangle indices and the triangle → building map. */
export interface BuildingMeshArrays {
  readonly positions: Float32Array;
  readonly normals: Int8Array;
  readonly colors: Uint8Array;
  readonly index: Uint32Array;
  /** count+1 entries: building i owns triangles triStart[i]..triStart[i+1]-1 (faceIndex numbering). */
  readonly triStart: Uint32Array;
  readonly vertexCount: number;
}

/** Building colour lookup by use code. */
export type UseColor = (use: number) => Rgb;

/** Signed area (shoelace, m²) of ring [v0, v1) of xy; > 0 = counter-clockwise. */
function ringArea(xy: Float32Array, v0: number, v1: number): number {
  let a = 0;
  for (let v = v0; v < v1; v++) {
    const w = v + 1 < v1 ? v + 1 : v0;
    a +=
      (xy[v * 2] as number) * (xy[w * 2 + 1] as number) - (xy[w * 2] as number) * (xy[v * 2 + 1] as number);
  }
  return a / 2;
}

/** Builds the mesh of buildings [from, to) (all by default). Roof triangles come from `tris`. */
export function buildBuildingMesh(
  b: Buildings,
  tris: FootprintTriangles,
  colorOfUse: UseColor,
  from = 0,
  to = b.count,
): BuildingMeshArrays {
  // Pass 1: sizes. Each footprint vertex gives 1 roof vertex and one wall quad (4 vertices, 2 triangles).
  let vCount = 0;
  let tCount = 0;
  for (let i = from; i < to; i++) {
    const n =
      (b.ringStart[b.polyStart[i + 1] as number] as number) -
      (b.ringStart[b.polyStart[i] as number] as number);
    vCount += n * 5;
    tCount += n * 2 + ((tris.start[i + 1] as number) - (tris.start[i] as number));
  }
  const positions = new Float32Array(vCount * 3);
  const normals = new Int8Array(vCount * 3);
  const colors = new Uint8Array(vCount * 3);
  const index = new Uint32Array(tCount * 3);
  const triStart = new Uint32Array(to - from + 1);
  const xy = b.xy;
  let v = 0; // next vertex
  let t = 0; // next triangle
  for (let i = from; i < to; i++) {
    triStart[i - from] = t;
    const r0 = b.polyStart[i] as number;
    const r1 = b.polyStart[i + 1] as number;
    const fv0 = b.ringStart[r0] as number;
    const fv1 = b.ringStart[r1] as number;
    const ground = b.baseZM[i] as number;
    const bottom = ground + (b.minHeightM[i] as number);
    const top = Math.max(bottom + 0.5, ground + (b.heightM[i] as number));
    const c = colorOfUse(b.use[i] as number);
    // Walls a touch darker than roofs so the massing reads under flat light.
    const wr = Math.round(c[0] * 0.8);
    const wg = Math.round(c[1] * 0.8);
    const wb = Math.round(c[2] * 0.8);
    // Roof vertices: one per footprint vertex, in xy order, so earcut's indices map by offset.
    const roofBase = v;
    for (let k = fv0; k < fv1; k++) {
      positions[v * 3] = xy[k * 2] as number;
      positions[v * 3 + 1] = top;
      positions[v * 3 + 2] = -(xy[k * 2 + 1] as number);
      normals[v * 3 + 1] = 127;
      colors[v * 3] = c[0];
      colors[v * 3 + 1] = c[1];
      colors[v * 3 + 2] = c[2];
      v++;
    }
    for (let k = tris.start[i] as number; k < (tris.start[i + 1] as number); k++) {
      // Triangles are CCW in (east, north); seen from above in three (x right, −z up on screen) that stays CCW.
      index[t * 3] = roofBase + (tris.index[k * 3] as number) - fv0;
      index[t * 3 + 1] = roofBase + (tris.index[k * 3 + 1] as number) - fv0;
      index[t * 3 + 2] = roofBase + (tris.index[k * 3 + 2] as number) - fv0;
      t++;
    }
    // Walls: one quad per ring edge, outward normal on the right of the edge for a CCW outer ring / CW hole.
    for (let r = r0; r < r1; r++) {
      const rv0 = b.ringStart[r] as number;
      const rv1 = b.ringStart[r + 1] as number;
      const area = ringArea(xy, rv0, rv1);
      // Outer rings should be CCW (area > 0), holes CW; flip the edge direction if the source disagrees.
      const flip = r === r0 ? area < 0 : area > 0;
      for (let k = rv0; k < rv1; k++) {
        const k2 = k + 1 < rv1 ? k + 1 : rv0;
        const a = flip ? k2 : k;
        const bb = flip ? k : k2;
        const ax = xy[a * 2] as number;
        const ay = xy[a * 2 + 1] as number;
        const bx = xy[bb * 2] as number;
        const by = xy[bb * 2 + 1] as number;
        const dx = bx - ax;
        const dy = by - ay;
        const len = Math.hypot(dx, dy) || 1;
        // Outward (east, north) = (dy, −dx)/len → three (x, y, z) = (dy, 0, dx)/len.
        const nx = Math.round((dy / len) * 127);
        const nz = Math.round((dx / len) * 127);
        const q = v;
        for (let corner = 0; corner < 4; corner++) {
          const isB = corner === 1 || corner === 2;
          const isTop = corner >= 2;
          positions[v * 3] = isB ? bx : ax;
          positions[v * 3 + 1] = isTop ? top : bottom;
          positions[v * 3 + 2] = -(isB ? by : ay);
          normals[v * 3] = nx;
          normals[v * 3 + 2] = nz;
          // Darken wall bottoms: a cheap ambient-occlusion cue that separates buildings from the ground.
          const shade = isTop ? 1 : 0.55;
          colors[v * 3] = wr * shade;
          colors[v * 3 + 1] = wg * shade;
          colors[v * 3 + 2] = wb * shade;
          v++;
        }
        // Corners: q = a bottom, q+1 = b bottom, q+2 = b top, q+3 = a top. Seen from outside a is on the left,
        // so (a0, b0, b1) and (a0, b1, a1) are counter-clockwise = front faces.
        index[t * 3] = q;
        index[t * 3 + 1] = q + 1;
        index[t * 3 + 2] = q + 2;
        index[t * 3 + 3] = q;
        index[t * 3 + 4] = q + 2;
        index[t * 3 + 5] = q + 3;
        t += 2;
      }
    }
  }
  triStart[to - from] = t;
  return {
    positions,
    normals,
    colors,
    index: t * 3 === index.length ? index : index.subarray(0, t * 3),
    triStart,
    vertexCount: v,
  };
}

/** The building that owns triangle `faceIndex` (binary search in triStart); −1 when out of range. */
export function buildingOfFace(triStart: Uint32Array, faceIndex: number): number {
  const n = triStart.length - 1;
  if (n <= 0 || faceIndex < 0 || faceIndex >= (triStart[n] as number)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((triStart[mid] as number) <= faceIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Area-weighted centroid (east, north metres) of building i's outer ring, written into out[0..1]. */
export function footprintCentroid(b: Buildings, i: number, out: Float64Array | number[]): void {
  const r0 = b.polyStart[i] as number;
  const v0 = b.ringStart[r0] as number;
  const v1 = b.ringStart[r0 + 1] as number;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let v = v0; v < v1; v++) {
    const w = v + 1 < v1 ? v + 1 : v0;
    const x0 = b.xy[v * 2] as number;
    const y0 = b.xy[v * 2 + 1] as number;
    const x1 = b.xy[w * 2] as number;
    const y1 = b.xy[w * 2 + 1] as number;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-9) {
    // Degenerate ring: fall back to the vertex mean.
    cx = 0;
    cy = 0;
    for (let v = v0; v < v1; v++) {
      cx += b.xy[v * 2] as number;
      cy += b.xy[v * 2 + 1] as number;
    }
    out[0] = cx / Math.max(1, v1 - v0);
    out[1] = cy / Math.max(1, v1 - v0);
    return;
  }
  out[0] = cx / (3 * a);
  out[1] = cy / (3 * a);
}

/**
 * First vertex of building i in the mesh of all buildings (buildBuildingMesh with from = 0: five vertices per
 * footprint vertex, buildings in order); building i owns vertices [start(i), start(i + 1)). Lets a layer recolour one
 * building in place (damage tint) without rebuilding the mesh.
 */
export function buildingVertexStart(b: Buildings, i: number): number {
  const first = b.ringStart[b.polyStart[0] as number] as number;
  return 5 * ((b.ringStart[b.polyStart[i] as number] as number) - first);
}
