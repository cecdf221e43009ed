/**
 * Where a click lands on the ground, and which zone that is: the executive drill-down (src/exec/useMapDrill.ts) turns
 * a click on the map or the 3D view into a district or a grid cell without asking either renderer. Both views describe
 * their camera as a TwinCamera (src/core/wall/types.ts: the ground point looked at, the distance to it, heading and
 * pitch), with a perspective camera of a known vertical field of view whose optical axis passes through the viewport
 * centre (maplibre: 36.87° default, its camera `0.5·H / tan(fov/2)` px from the centre — src/views/map/
 * mapCameraBridge.ts; the 3D view: 40°, src/views/three/ThreeView.tsx). The ground is the plane z = 0 (terrain is
 * not taken into account: a click on a hillside lands a little behind it). Pure: no DOM, no renderer.
 */
import type { TwinCamera } from '../wall/types.ts';
import type { PolygonSet } from '../scene/types.ts';

const DEG = Math.PI / 180;

/**
 * The ground point (scene metres, z = 0) under pixel (px, py) of a `widthPx`×`heightPx` viewport (origin top-left)
 * seen by `cam` with vertical field of view `fovYDeg`, or null when that pixel looks at or above the horizon.
 *
 * Camera frame in (east, north, up), heading h clockwise from north, pitch p from straight down (the same as
 * CameraBridge3D's twinToOrbit): forward f = (sin p·sin h, sin p·cos h, −cos p), right r = (cos h, −sin h, 0),
 * screen-up u = (cos p·sin h, cos p·cos h, sin p); eye = target − d·f. The ray through the pixel is
 * f + nx·tan(fov/2)·(W/H)·r + ny·tan(fov/2)·u with nx, ny ∈ [−1, 1] (ny up), intersected with z = 0.
 */
export function groundPointAt(
  cam: TwinCamera,
  fovYDeg: number,
  widthPx: number,
  heightPx: number,
  px: number,
  py: number,
): { x: number; y: number } | null {
  if (!(widthPx > 0 && heightPx > 0 && fovYDeg > 0 && fovYDeg < 180 && cam.distanceM > 0)) return null;
  const h = cam.headingDeg * DEG;
  const p = cam.pitchDeg * DEG;
  const sh = Math.sin(h);
  const ch = Math.cos(h);
  const sp = Math.sin(p);
  const cp = Math.cos(p);
  const ty = Math.tan((fovYDeg * DEG) / 2);
  const tx = (ty * widthPx) / heightPx;
  const nx = (2 * px) / widthPx - 1;
  const ny = 1 - (2 * py) / heightPx;
  const dx = sp * sh + nx * tx * ch + ny * ty * cp * sh;
  const dy = sp * ch - nx * tx * sh + ny * ty * cp * ch;
  const dz = -cp + ny * ty * sp;
  if (!(dz < -1e-9)) return null;
  const ex = cam.x - cam.distanceM * sp * sh;
  const ey = cam.y - cam.distanceM * sp * ch;
  const ez = cam.distanceM * cp;
  const t = -ez / dz;
  return { x: ex + t * dx, y: ey + t * dy };
}

/**
 * Whether (x, y) lies inside polygon `i` of `set` (even–odd rule over all its rings, so holes are holes; a closed
 * ring's repeated last vertex adds an empty edge). Crossing-number test: Shimrat 1962, "Algorithm 112: Position of
 * point relative to polygon", CACM 5(8) 434 — as corrected by Hacker 1962 (CACM 5(12) 606).
 */
export function polygonContains(set: PolygonSet, i: number, x: number, y: number): boolean {
  if (!(i >= 0 && i < set.count)) return false;
  const r0 = set.polyStart[i] as number;
  const r1 = set.polyStart[i + 1] as number;
  const xy = set.xy;
  let inside = false;
  for (let r = r0; r < r1; r++) {
    const a = set.ringStart[r] as number;
    const e = set.ringStart[r + 1] as number;
    for (let v = a, w = e - 1; v < e; w = v++) {
      const xv = xy[2 * v] as number;
      const yv = xy[2 * v + 1] as number;
      const xw = xy[2 * w] as number;
      const yw = xy[2 * w + 1] as number;
      if (yv > y !== yw > y && x < ((xw - xv) * (y - yv)) / (yw - yv) + xv) inside = !inside;
    }
  }
  return inside;
}

/**
 * The first zone of `level` (0 district, 1 grid cell) containing (x, y), optionally only the grid cells of district
 * `parent`; −1 when none. Zones are `CityModel.zones` (a PolygonSet with `level` and `parent` per zone).
 */
export function zoneContaining(
  zones: PolygonSet & { readonly level: Uint8Array; readonly parent: Uint32Array },
  x: number,
  y: number,
  level: 0 | 1,
  parent?: number,
): number {
  if (!(Number.isFinite(x) && Number.isFinite(y))) return -1;
  for (let z = 0; z < zones.count; z++) {
    if (zones.level[z] !== level) continue;
    if (parent !== undefined && zones.parent[z] !== parent) continue;
    if (polygonContains(zones, z, x, y)) return z;
  }
  return -1;
}
