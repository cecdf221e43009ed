/**
 * Pure helpers of the hazards in 3D (Hazards3D.tsx): the flood water surface (one grid mesh whose heights and RGBA
 * colours are rewritten in place from the hot flood grid), the damage tint of the merged building mesh, the
 * heat-risk district prisms, the outage footprints and the evacuation route segments. Typed arrays
 * only; the component wraps them in three.js objects. Three's frame: x = east, y = up, z = −north.
 */
import type { Buildings, PolygonSet } from '../../core/scene/types.ts';
import type { EvacRoute } from '../../core/hazards/types.ts';
import type { FootprintTriangles } from './footprints.ts';
import { buildingVertexStart } from './buildingMesh.ts';
import { DAMAGE_COLORS, FLOOD_BANDS, floodBand } from '../map/hazardStyle.ts';

/** Ground height at local metres (x east, y north), m. */
export type GroundAt = (x: number, y: number) => number;

/**
 * Water surface lift above ground + depth, m: just over the road ribbons' 0.5 m lift (sceneGeometry.ts), so water on
 * a flooded street covers the street instead of z-fighting it.
 */
export const FLOOD_LIFT_M = 0.6;

/** The flood surface: a vertex per flood-grid cell centre, RGBA colours, two triangles per grid square. */
export interface FloodSurface {
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  /** Scene ground under each vertex (terrain sampled at the cell centre), m. */
  readonly groundM: Float32Array;
  readonly positions: Float32Array;
  /** RGBA 0–255 per vertex; alpha 0 where dry. */
  readonly colors: Uint8Array;
  readonly index: Uint32Array;
}

/** Builds the surface of an nx × ny flood grid (cell (i, j) centred at x0 + i·cellM, y0 + j·cellM), all dry. */
export function buildFloodSurface(
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  cellM: number,
  groundAt: GroundAt,
): FloodSurface {
  if (!(nx >= 2 && ny >= 2 && cellM > 0))
    throw new Error(
      `buildFloodSurface: grid ${nx} × ${ny} of ${cellM} m is not a surface (need ≥ 2 × 2, cell > 0)`,
    );
  const n = nx * ny;
  const positions = new Float32Array(n * 3);
  const groundM = new Float32Array(n);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const x = x0 + i * cellM;
      const y = y0 + j * cellM;
      const g = groundAt(x, y);
      groundM[k] = g;
      positions[k * 3] = x;
      positions[k * 3 + 1] = g + FLOOD_LIFT_M;
      positions[k * 3 + 2] = -y;
    }
  const index = new Uint32Array((nx - 1) * (ny - 1) * 6);
  let o = 0;
  for (let j = 0; j + 1 < ny; j++)
    for (let i = 0; i + 1 < nx; i++) {
      const a = j * nx + i;
      // Rows go north (three −z): a → a+1 → a+nx+1 is counter-clockwise seen from above (as buildGround).
      index[o++] = a;
      index[o++] = a + 1;
      index[o++] = a + nx + 1;
      index[o++] = a;
      index[o++] = a + nx + 1;
      index[o++] = a + nx;
    }
  return { nx, ny, x0, y0, cellM, groundM, positions, colors: new Uint8Array(n * 4), index };
}

/**
 * Writes the RGBA of water `depthM` deep at vertex k of `out` (the map's band colour and opacity, map/hazardStyle.ts;
 * alpha 0 when dry); returns the band (−1 dry).
 */
export function floodRgba(depthM: number, out: Uint8Array, k: number): number {
  const b = floodBand(depthM);
  if (b < 0) {
    out[k * 4 + 3] = 0;
    return -1;
  }
  const band = FLOOD_BANDS[b]!;
  out[k * 4] = band.color[0];
  out[k * 4 + 1] = band.color[1];
  out[k * 4 + 2] = band.color[2];
  out[k * 4 + 3] = band.alpha;
  return b;
}

/**
 * Rewrites the surface from a depth grid of the same size (metres, row-major, row 0 = south): height = ground +
 * depth + FLOOD_LIFT_M, colour by depth band, alpha 0 where dry. Returns the number of wet vertices (≥ 0.05 m).
 */
export function paintFloodSurface(s: FloodSurface, depthM: Float32Array): number {
  const n = s.nx * s.ny;
  if (depthM.length !== n)
    throw new Error(`paintFloodSurface: depth grid has ${depthM.length} cells, the surface ${n}`);
  let wet = 0;
  const p = s.positions;
  for (let k = 0; k < n; k++) {
    const d = depthM[k] as number;
    const b = floodRgba(d, s.colors, k);
    if (b >= 0) wet++;
    p[k * 3 + 1] = (s.groundM[k] as number) + (b >= 0 ? d : 0) + FLOOD_LIFT_M;
  }
  return wet;
}

/**
 * Tints every building of the merged building mesh by its damage state (0…4, the map's DAMAGE_COLORS), keeping the
 * mesh's own shading (walls darker than roofs, dark wall feet): each vertex gets the state colour × (its original
 * brightness ÷ the roof's). States outside 0…4 keep the original colour. `counts[s]` = buildings drawn in state s.
 */
export function tintBuildingsByDamage(
  b: Buildings,
  original: Uint8Array,
  colors: Uint8Array,
  damageState: Uint8Array,
  counts: Uint32Array,
): void {
  counts.fill(0);
  const nv = original.length / 3;
  for (let i = 0; i < b.count; i++) {
    const v0 = buildingVertexStart(b, i);
    const v1 = Math.min(nv, buildingVertexStart(b, i + 1));
    const ds = damageState[i] as number;
    const c = DAMAGE_COLORS[ds];
    if (c === undefined || v0 >= v1) {
      colors.set(original.subarray(v0 * 3, v1 * 3), v0 * 3);
      continue;
    }
    counts[ds] = (counts[ds] as number) + 1;
    const roof = Math.max(
      1,
      original[v0 * 3] as number,
      original[v0 * 3 + 1] as number,
      original[v0 * 3 + 2] as number,
    );
    for (let v = v0; v < v1; v++) {
      const bright = Math.max(
        original[v * 3] as number,
        original[v * 3 + 1] as number,
        original[v * 3 + 2] as number,
      );
      const k = Math.min(1, bright / roof);
      colors[v * 3] = Math.round(c[0] * k);
      colors[v * 3 + 1] = Math.round(c[1] * k);
      colors[v * 3 + 2] = Math.round(c[2] * k);
    }
  }
}

/** Translucent prisms over the districts (zones of one level): top faces and walls, with per-vertex RGBA. */
export interface PrismMesh {
  readonly positions: Float32Array;
  readonly colors: Uint8Array;
  readonly index: Uint32Array;
  /** Zone of each vertex. */
  readonly vertexZone: Uint32Array;
  /** 1 for top vertices (raised to the prism height), 0 for wall feet. */
  readonly isTop: Uint8Array;
  readonly groundM: Float32Array;
}

/**
 * Builds the prisms of the zones of `level` (0 = districts): the zone's polygon vertices form the top (the footprint
 * triangulation `tris` indexes them), and each ring edge a wall quad. Heights start at 0 (paintPrisms raises them).
 */
export function buildZonePrisms(
  zones: PolygonSet & { readonly level: Uint8Array },
  tris: FootprintTriangles,
  groundAt: GroundAt,
  level = 0,
): PrismMesh {
  const nv = zones.xy.length / 2;
  // Top: nv vertices (zone numbering); walls: 4 per ring edge (one edge per ring vertex).
  let walls = 0;
  let topTris = 0;
  for (let i = 0; i < zones.count; i++) {
    if (zones.level[i] !== level) continue;
    const r0 = zones.polyStart[i] as number;
    const r1 = zones.polyStart[i + 1] as number;
    walls += (zones.ringStart[r1] as number) - (zones.ringStart[r0] as number);
    topTris += (tris.start[i + 1] as number) - (tris.start[i] as number);
  }
  const total = nv + walls * 4;
  const positions = new Float32Array(total * 3);
  const colors = new Uint8Array(total * 4);
  const vertexZone = new Uint32Array(total);
  const isTop = new Uint8Array(total);
  const groundM = new Float32Array(total);
  const index = new Uint32Array(topTris * 3 + walls * 6);
  const put = (v: number, x: number, y: number, zone: number, top: boolean) => {
    const g = groundAt(x, y);
    positions[v * 3] = x;
    positions[v * 3 + 1] = g;
    positions[v * 3 + 2] = -y;
    groundM[v] = g;
    vertexZone[v] = zone;
    isTop[v] = top ? 1 : 0;
  };
  for (let i = 0; i < zones.count; i++) {
    const r0 = zones.polyStart[i] as number;
    const r1 = zones.polyStart[i + 1] as number;
    for (let v = zones.ringStart[r0] as number; v < (zones.ringStart[r1] as number); v++)
      put(v, zones.xy[v * 2] as number, zones.xy[v * 2 + 1] as number, i, true);
  }
  let o = 0;
  let w = nv;
  for (let i = 0; i < zones.count; i++) {
    if (zones.level[i] !== level) continue;
    for (let t = (tris.start[i] as number) * 3; t < (tris.start[i + 1] as number) * 3; t++)
      index[o++] = tris.index[t] as number;
    const r0 = zones.polyStart[i] as number;
    const r1 = zones.polyStart[i + 1] as number;
    for (let r = r0; r < r1; r++) {
      const a0 = zones.ringStart[r] as number;
      const a1 = zones.ringStart[r + 1] as number;
      for (let a = a0; a < a1; a++) {
        const b = a + 1 < a1 ? a + 1 : a0;
        const ax = zones.xy[a * 2] as number;
        const ay = zones.xy[a * 2 + 1] as number;
        const bx = zones.xy[b * 2] as number;
        const by = zones.xy[b * 2 + 1] as number;
        put(w, ax, ay, i, false);
        put(w + 1, bx, by, i, false);
        put(w + 2, bx, by, i, true);
        put(w + 3, ax, ay, i, true);
        index[o++] = w;
        index[o++] = w + 1;
        index[o++] = w + 2;
        index[o++] = w;
        index[o++] = w + 2;
        index[o++] = w + 3;
        w += 4;
      }
    }
  }
  return { positions, colors, index, vertexZone, isTop, groundM };
}

/**
 * Raises each zone's top vertices to ground + heightM[zone] and paints its vertices rgba[zone·4 … +3] (alpha 0 and
 * height 0 hide a zone). Returns the number of zones shown.
 */
export function paintPrisms(m: PrismMesh, heightM: Float32Array, rgba: Uint8Array): number {
  const shown = new Set<number>();
  for (let v = 0; v < m.vertexZone.length; v++) {
    const z = m.vertexZone[v] as number;
    const h = heightM[z] ?? 0;
    const a = rgba[z * 4 + 3] ?? 0;
    m.positions[v * 3 + 1] = (m.groundM[v] as number) + (m.isTop[v] === 1 ? h : 0);
    m.colors[v * 4] = rgba[z * 4] ?? 0;
    m.colors[v * 4 + 1] = rgba[z * 4 + 1] ?? 0;
    m.colors[v * 4 + 2] = rgba[z * 4 + 2] ?? 0;
    m.colors[v * 4 + 3] = h > 0 ? a : 0;
    if (h > 0 && a > 0) shown.add(z);
  }
  return shown.size;
}

/**
 * Outage footprints: each convex hull (interleaved x, y) as a fan from its vertex mean `liftM` over the ground, plus
 * a wall "curtain" `curtainM` high along its edge so the area still reads where terrain hides the flat part.
 */
export function buildOutageMesh(
  hulls: readonly (readonly number[])[],
  groundAt: GroundAt,
  liftM: number,
  curtainM: number,
): { positions: Float32Array; index: Uint32Array; top: Uint8Array } {
  let nv = 0;
  let nt = 0;
  for (const h of hulls) {
    const n = Math.floor(h.length / 2);
    if (n < 3) continue;
    nv += 1 + n + 2 * n;
    nt += n + 2 * n;
  }
  const positions = new Float32Array(nv * 3);
  const top = new Uint8Array(nv);
  const index = new Uint32Array(nt * 3);
  let v = 0;
  let o = 0;
  const put = (x: number, y: number, up: number, isTop: boolean) => {
    positions[v * 3] = x;
    positions[v * 3 + 1] = groundAt(x, y) + up;
    positions[v * 3 + 2] = -y;
    top[v] = isTop ? 1 : 0;
    return v++;
  };
  for (const h of hulls) {
    const n = Math.floor(h.length / 2);
    if (n < 3) continue;
    let cx = 0;
    let cy = 0;
    for (let k = 0; k < n; k++) {
      cx += h[k * 2] as number;
      cy += h[k * 2 + 1] as number;
    }
    const c = put(cx / n, cy / n, liftM, false);
    const ring = v;
    for (let k = 0; k < n; k++) put(h[k * 2] as number, h[k * 2 + 1] as number, liftM, false);
    for (let k = 0; k < n; k++) {
      index[o++] = c;
      index[o++] = ring + k;
      index[o++] = ring + ((k + 1) % n);
    }
    const wall = v;
    for (let k = 0; k < n; k++) {
      put(h[k * 2] as number, h[k * 2 + 1] as number, liftM, false);
      put(h[k * 2] as number, h[k * 2 + 1] as number, curtainM, true);
    }
    for (let k = 0; k < n; k++) {
      const a = wall + k * 2;
      const b = wall + ((k + 1) % n) * 2;
      index[o++] = a;
      index[o++] = b;
      index[o++] = b + 1;
      index[o++] = a;
      index[o++] = b + 1;
      index[o++] = a + 1;
    }
  }
  return { positions, index, top };
}

/**
 * Evacuation routes as line segments (start x, y, z, end x, y, z per segment, three frame) `liftM` over the ground,
 * each route from its block to its shelter, so line distance grows toward the shelter (the dashes flow that way).
 */
export function evacSegments(routes: readonly EvacRoute[], groundAt: GroundAt, liftM: number): Float32Array {
  let n = 0;
  for (const r of routes) n += Math.max(0, Math.floor(r.path.length / 2) - 1);
  const out = new Float32Array(n * 6);
  let o = 0;
  for (const r of routes) {
    const p = r.path;
    for (let k = 0; k + 3 < p.length; k += 2) {
      const ax = p[k] as number;
      const ay = p[k + 1] as number;
      const bx = p[k + 2] as number;
      const by = p[k + 3] as number;
      out[o++] = ax;
      out[o++] = groundAt(ax, ay) + liftM;
      out[o++] = -ay;
      out[o++] = bx;
      out[o++] = groundAt(bx, by) + liftM;
      out[o++] = -by;
    }
  }
  return out;
}

/**
 * Flicker of the fire marker at time tS (s): a brightness/scale factor in [0.55, 1] from two incommensurate sines
 * (≈ 2 and 1.2 Hz), deterministic so screenshots and tests see the same flame at the same time.
 */
export function fireFlicker(tS: number): number {
  const f = 0.6 * Math.sin(tS * 12.9) + 0.4 * Math.sin(tS * 7.3 + 1.7);
  return 0.775 + 0.225 * f;
}

/** The id of hazard number n ('HZ-0007' for 7), as the runtime names them (src/core/hazards/types.ts ActiveHazard). */
export function hazardIdOfNumber(n: number): string {
  return `HZ-${String(n).padStart(4, '0')}`;
}
