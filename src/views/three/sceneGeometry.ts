/**
 * Pure builders for the 3D view's ground, land use/water and road ribbons (typed arrays only; the components wrap
 * them in three.js geometries). Axes: local x = east, y = north → three x = east, y = up, z = −north.
 */
import { LinkFlag, type CityModel, type RoadNetwork, type Terrain } from '../../core/scene/types.ts';
import type { Rgb } from '../../app/palette.ts';
import type { FootprintTriangles } from './footprints.ts';

/** Ground height (m) at local (x, y): bilinear in the terrain grid, 0 without terrain. */
export function sampleTerrain(t: Terrain | null, x: number, y: number): number {
  if (!t) return 0;
  const fx = Math.min(Math.max((x - t.x0) / t.cellM, 0), t.nx - 1);
  const fy = Math.min(Math.max((y - t.y0) / t.cellM, 0), t.ny - 1);
  const i0 = Math.floor(fx);
  const j0 = Math.floor(fy);
  const i1 = Math.min(i0 + 1, t.nx - 1);
  const j1 = Math.min(j0 + 1, t.ny - 1);
  const u = fx - i0;
  const v = fy - j0;
  const h = t.heightM;
  const h00 = h[j0 * t.nx + i0] as number;
  const h10 = h[j0 * t.nx + i1] as number;
  const h01 = h[j1 * t.nx + i0] as number;
  const h11 = h[j1 * t.nx + i1] as number;
  return (h00 * (1 - u) + h10 * u) * (1 - v) + (h01 * (1 - u) + h11 * u) * v;
}

/** An indexed, vertex-coloured triangle mesh. */
export interface ColoredMesh {
  readonly positions: Float32Array;
  readonly colors: Uint8Array;
  readonly index: Uint32Array;
}

/** Flat land use / water polygons of the kinds `include` accepts, lifted `liftM` above the terrain. */
export function buildAreaMesh(
  model: CityModel,
  tris: FootprintTriangles,
  colorOfKind: (kind: number) => Rgb,
  include: (kind: number) => boolean,
  liftM = 0.2,
): ColoredMesh {
  const a = model.areas;
  const nv = a.xy.length / 2;
  const positions = new Float32Array(nv * 3);
  const colors = new Uint8Array(nv * 3);
  let triCount = 0;
  for (let i = 0; i < a.count; i++)
    if (include(a.kind[i] as number)) triCount += (tris.start[i + 1] as number) - (tris.start[i] as number);
  const index = new Uint32Array(triCount * 3);
  let o = 0;
  for (let i = 0; i < a.count; i++) {
    const kind = a.kind[i] as number;
    if (!include(kind)) continue;
    const c = colorOfKind(kind);
    const v0 = a.ringStart[a.polyStart[i] as number] as number;
    const v1 = a.ringStart[a.polyStart[i + 1] as number] as number;
    for (let v = v0; v < v1; v++) {
      const x = a.xy[v * 2] as number;
      const y = a.xy[v * 2 + 1] as number;
      positions[v * 3] = x;
      positions[v * 3 + 1] = sampleTerrain(model.terrain, x, y) + liftM;
      positions[v * 3 + 2] = -y;
      colors[v * 3] = c[0];
      colors[v * 3 + 1] = c[1];
      colors[v * 3 + 2] = c[2];
    }
    for (let k = (tris.start[i] as number) * 3; k < (tris.start[i + 1] as number) * 3; k++)
      index[o++] = tris.index[k] as number;
  }
  return { positions, colors, index };
}

/** Road ribbons: one quad per link segment, with segment → link map for picking. */
export interface RoadRibbons extends ColoredMesh {
  /** Link index per quad (faceIndex >> 1). */
  readonly quadLink: Uint32Array;
}

/** Carriageway width of one direction, metres: 3.5 m per lane (typical urban lane width), at least 3 m. */
export const laneWidthM = 3.5;

/**
 * Builds ribbons for links [from, to) (all by default), each centred on its own carriageway (right of travel on
 * two-way roads); `widthOverrideM` replaces the carriageway width (the wider glow of a selected link).
 */
export function buildRoadRibbons(
  roads: RoadNetwork,
  terrain: Terrain | null,
  colorOfClass: (cls: number) => Rgb,
  liftM = 0.5,
  from = 0,
  to = roads.linkCount,
  widthOverrideM?: number,
): RoadRibbons {
  let quads = 0;
  for (let l = from; l < to; l++)
    quads += Math.max(0, (roads.geomStart[l + 1] as number) - (roads.geomStart[l] as number) - 1);
  const positions = new Float32Array(quads * 4 * 3);
  const colors = new Uint8Array(quads * 4 * 3);
  const index = new Uint32Array(quads * 6);
  const quadLink = new Uint32Array(quads);
  const g = roads.geomXY;
  let q = 0;
  for (let l = from; l < to; l++) {
    const c = colorOfClass(roads.linkClass[l] as number);
    const widthM = widthOverrideM ?? linkWidthM(roads, l);
    // Two-way roads are two directed links on one centreline: each is drawn centred on its own carriageway, right of
    // the centreline (right-hand traffic); one-way roads on the centreline.
    const side = linkSideOffsetM(roads, l);
    const right = side + widthM / 2;
    const left = widthM / 2 - side;
    const bridgeLiftM = ((roads.flags[l] as number) & LinkFlag.bridge) !== 0 ? 6 : 0;
    for (let s = roads.geomStart[l] as number; s + 1 < (roads.geomStart[l + 1] as number); s++) {
      const ax = g[s * 2] as number;
      const ay = g[s * 2 + 1] as number;
      const bx = g[s * 2 + 2] as number;
      const by = g[s * 2 + 3] as number;
      const len = Math.hypot(bx - ax, by - ay) || 1;
      // Right-hand normal of the travel direction in (east, north).
      const nx = (by - ay) / len;
      const ny = -(bx - ax) / len;
      const ha = sampleTerrain(terrain, ax, ay) + liftM + bridgeLiftM;
      const hb = sampleTerrain(terrain, bx, by) + liftM + bridgeLiftM;
      const v = q * 4;
      const put = (k: number, x: number, y: number, h: number) => {
        positions[(v + k) * 3] = x;
        positions[(v + k) * 3 + 1] = h;
        positions[(v + k) * 3 + 2] = -y;
        colors[(v + k) * 3] = c[0];
        colors[(v + k) * 3 + 1] = c[1];
        colors[(v + k) * 3 + 2] = c[2];
      };
      put(0, ax - nx * left, ay - ny * left, ha);
      put(1, ax + nx * right, ay + ny * right, ha);
      put(2, bx + nx * right, by + ny * right, hb);
      put(3, bx - nx * left, by - ny * left, hb);
      // Seen from above: 0 (left of a) → 1 (right of a) → 2 (right of b) is counter-clockwise.
      index[q * 6] = v;
      index[q * 6 + 1] = v + 1;
      index[q * 6 + 2] = v + 2;
      index[q * 6 + 3] = v;
      index[q * 6 + 4] = v + 2;
      index[q * 6 + 5] = v + 3;
      quadLink[q] = l;
      q++;
    }
  }
  return { positions, colors, index, quadLink };
}

/** Terrain grid mesh (positions + index), or a flat ground square around the extent when there is no terrain. */
export function buildGround(model: CityModel): { positions: Float32Array; index: Uint32Array } {
  const t = model.terrain;
  if (!t || t.nx < 2 || t.ny < 2) {
    const e = model.meta.extentM;
    const pad = Math.max(e.maxX - e.minX, e.maxY - e.minY);
    const x0 = e.minX - pad;
    const x1 = e.maxX + pad;
    const y0 = e.minY - pad;
    const y1 = e.maxY + pad;
    return {
      positions: Float32Array.from([x0, -0.05, -y0, x1, -0.05, -y0, x1, -0.05, -y1, x0, -0.05, -y1]),
      index: Uint32Array.from([0, 1, 2, 0, 2, 3]),
    };
  }
  const positions = new Float32Array(t.nx * t.ny * 3);
  for (let j = 0; j < t.ny; j++) {
    for (let i = 0; i < t.nx; i++) {
      const k = j * t.nx + i;
      positions[k * 3] = t.x0 + i * t.cellM;
      positions[k * 3 + 1] = (t.heightM[k] as number) - 0.05;
      positions[k * 3 + 2] = -(t.y0 + j * t.cellM);
    }
  }
  const index = new Uint32Array((t.nx - 1) * (t.ny - 1) * 6);
  let o = 0;
  for (let j = 0; j + 1 < t.ny; j++) {
    for (let i = 0; i + 1 < t.nx; i++) {
      const a = j * t.nx + i;
      const b = a + 1;
      const c = a + t.nx + 1;
      const d = a + t.nx;
      // Rows go north (three −z): a → b → c is counter-clockwise from above.
      index[o++] = a;
      index[o++] = b;
      index[o++] = c;
      index[o++] = a;
      index[o++] = c;
      index[o++] = d;
    }
  }
  return { positions, index };
}

/** Width (m) of link l's carriageway in its own direction: lanes × laneWidthM, at least 3 m. */
export function linkWidthM(roads: RoadNetwork, l: number): number {
  return Math.max(3, (roads.lanes[l] as number) * laneWidthM);
}

/**
 * Sideways offset (m, to the right of travel) of the middle of link l's carriageway: 0 on one-way roads, half the
 * width on two-way roads (each direction is drawn on its own side of the shared centreline, right-hand traffic).
 */
export function linkSideOffsetM(roads: RoadNetwork, l: number): number {
  return ((roads.flags[l] as number) & LinkFlag.oneway) !== 0 ? 0 : linkWidthM(roads, l) / 2;
}

/**
 * Link polylines moved onto the middle of their own carriageway (same vertex layout as geomXY), so the map draws
 * and picks each direction of a two-way road separately, where the 3D ribbons put it. Interior vertices use the
 * mean of the two adjacent segment normals (no miter: offsets are a few metres).
 */
export function offsetLinkGeometry(roads: RoadNetwork): Float32Array {
  const g = roads.geomXY;
  const out = new Float32Array(g.length);
  for (let l = 0; l < roads.linkCount; l++) {
    const s0 = roads.geomStart[l] as number;
    const s1 = roads.geomStart[l + 1] as number;
    const side = linkSideOffsetM(roads, l);
    for (let v = s0; v < s1; v++) {
      let nx = 0;
      let ny = 0;
      for (const [a, b] of [
        [v - 1, v],
        [v, v + 1],
      ] as const) {
        if (a < s0 || b >= s1) continue;
        const dx = (g[b * 2] as number) - (g[a * 2] as number);
        const dy = (g[b * 2 + 1] as number) - (g[a * 2 + 1] as number);
        const len = Math.hypot(dx, dy) || 1;
        nx += dy / len;
        ny += -dx / len;
      }
      const nl = Math.hypot(nx, ny) || 1;
      out[v * 2] = (g[v * 2] as number) + (nx / nl) * side;
      out[v * 2 + 1] = (g[v * 2 + 1] as number) + (ny / nl) * side;
    }
  }
  return out;
}
