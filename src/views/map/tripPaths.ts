/**
 * Vehicle trips as drawable paths, shared by the map (deck.gl TripsLayer, binary attributes) and the 3D view (one
 * InstancedMesh): each trip of a TripBatch becomes the concatenated polylines of its links, on each link's own
 * carriageway (offsetLinkGeometry: where the map's links and the 3D ribbons draw it), with a timestamp per vertex
 * in seconds after `baseMs`. Seconds relative to a recent base keep float32 exact to ~1 ms over a day, where epoch
 * milliseconds in float32 would step by minutes.
 *
 * Inside a link a vehicle moves at constant speed: the vertex time is linear in arc length between the link's entry
 * time (exit of the previous link, or departure) and its exit time (TripBatch.exitS). Pure typed-array code: no
 * deck, three or React here.
 */
import { LinkFlag, type CityModel } from '../../core/scene/types.ts';
import type { TripBatch } from '../../core/traffic/types.ts';
import { createLocalFrame, lonLat } from '../../core/geo/projection.ts';
import { offsetLinkGeometry, sampleTerrain } from '../three/sceneGeometry.ts';

/** Height of the road ribbons above the terrain (m) and the extra lift of bridges (m), as buildRoadRibbons. */
const RIBBON_LIFT_M = 0.5;
const BRIDGE_LIFT_M = 6;

/** Per-vertex data of every link polyline, prepared once per model. */
export interface LinkPolylines {
  /** linkCount+1 entries, as RoadNetwork.geomStart. */
  readonly geomStart: Uint32Array;
  /** Local east/north metres on the link's own carriageway. */
  readonly xy: Float32Array;
  /** Longitude/latitude offsets from the scene origin, degrees (deck's LNGLAT_OFFSETS: exact for our frame). */
  readonly dLonLat: Float32Array;
  /** Road surface height, metres (terrain + ribbon lift, + bridge lift). */
  readonly zM: Float32Array;
  /** Arc-length fraction 0..1 of each vertex along its link. */
  readonly frac: Float32Array;
  /** Free-flow speed per link, km/h, and length per link, m (from the model). */
  readonly freeSpeedKph: Float32Array;
  readonly lengthM: Float32Array;
  /** Scene origin (lon, lat), the coordinate origin of dLonLat. */
  readonly origin: readonly [number, number];
}

/** Builds the link polylines of a model (one pass over the road geometry). */
export function buildLinkPolylines(model: CityModel): LinkPolylines {
  const r = model.roads;
  const xy = offsetLinkGeometry(r);
  const nv = xy.length / 2;
  const frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
  const dLonLat = new Float32Array(nv * 2);
  const zM = new Float32Array(nv);
  const frac = new Float32Array(nv);
  for (let l = 0; l < r.linkCount; l++) {
    const s0 = r.geomStart[l] as number;
    const s1 = r.geomStart[l + 1] as number;
    const lift = RIBBON_LIFT_M + (((r.flags[l] as number) & LinkFlag.bridge) !== 0 ? BRIDGE_LIFT_M : 0);
    let total = 0;
    for (let v = s0; v < s1; v++) {
      const x = xy[v * 2] as number;
      const y = xy[v * 2 + 1] as number;
      // The local frame is linear in lon/lat (projection.ts): offsets are x / (m per degree).
      dLonLat[v * 2] = x / frame.mPerDegLon;
      dLonLat[v * 2 + 1] = y / frame.mPerDegLat;
      zM[v] = sampleTerrain(model.terrain, x, y) + lift;
      if (v > s0) total += Math.hypot(x - (xy[v * 2 - 2] as number), y - (xy[v * 2 - 1] as number));
      frac[v] = total;
    }
    for (let v = s0; v < s1; v++) frac[v] = total > 0 ? (frac[v] as number) / total : (v - s0) / (s1 - s0);
  }
  return {
    geomStart: r.geomStart,
    xy,
    dLonLat,
    zM,
    frac,
    freeSpeedKph: r.freeSpeedKph,
    lengthM: r.lengthM,
    origin: [model.meta.origin.lon, model.meta.origin.lat],
  };
}

/** Trips as paths: trip k's vertices are startIndices[k]..startIndices[k+1]-1. */
export interface TripPaths {
  /** Number of paths (trips still relevant at build time). */
  readonly length: number;
  readonly startIndices: Uint32Array;
  /** Base of the timestamps, sim ms since the Unix epoch. */
  readonly baseMs: number;
  /** Per vertex: seconds after baseMs at which the vehicle passes it (non-decreasing within a path). */
  readonly timestampsS: Float32Array;
  /** Per vertex: lon/lat offsets from LinkPolylines.origin, degrees. */
  readonly dLonLat: Float32Array;
  /** Per vertex: local metres and road height (3D view). */
  readonly xy: Float32Array;
  readonly zM: Float32Array;
  /** Per vertex: speed ratio (travel speed on its link ÷ free-flow speed) of the segment that starts there. */
  readonly ratio: Float32Array;
  /** Largest timestamp of any vertex (s after baseMs): after it no vehicle moves. */
  readonly endS: number;
}

/** An empty set of paths. */
export function emptyTripPaths(baseMs = 0): TripPaths {
  return {
    length: 0,
    startIndices: new Uint32Array(1),
    baseMs,
    timestampsS: new Float32Array(0),
    dLonLat: new Float32Array(0),
    xy: new Float32Array(0),
    zM: new Float32Array(0),
    ratio: new Float32Array(0),
    endS: 0,
  };
}

/**
 * Builds the paths of `trips` for the sim-time window [fromMs, toMs]: links a trip left before `fromMs` (off screen:
 * fromMs = now − trail length) and links it enters after `toMs` (not needed until the next rebuild) are dropped, and
 * trips with nothing left. The window keeps the vertex count to what can be on screen soon: deck runs its vertex
 * shader over every path segment every frame, whatever the time filter discards. Links with an index outside the
 * model are skipped (a feed for another scene must not crash the view). Timestamps are seconds after `baseMs`.
 */
export function buildTripPaths(
  trips: TripBatch,
  lines: LinkPolylines,
  fromMs: number,
  baseMs: number,
  toMs = Infinity,
): TripPaths {
  const linkCount = lines.geomStart.length - 1;
  const gs = lines.geomStart;
  // Pass 1: count paths and vertices.
  let paths = 0;
  let verts = 0;
  for (let i = 0; i < trips.count; i++) {
    const dep = trips.departSimMs[i] as number;
    const k0 = trips.linkStart[i] as number;
    let n = 0;
    for (let k = k0; k < (trips.linkStart[i + 1] as number); k++) {
      if (dep + (k > k0 ? (trips.exitS[k - 1] as number) : 0) * 1000 > toMs) break;
      const l = trips.links[k] as number;
      if (l >= linkCount || dep + (trips.exitS[k] as number) * 1000 < fromMs) continue;
      n += (gs[l + 1] as number) - (gs[l] as number);
    }
    if (n >= 2) {
      paths++;
      verts += n;
    }
  }
  const startIndices = new Uint32Array(paths + 1);
  const timestampsS = new Float32Array(verts);
  const dLonLat = new Float32Array(verts * 2);
  const xy = new Float32Array(verts * 2);
  const zM = new Float32Array(verts);
  const ratio = new Float32Array(verts);
  // Pass 2: fill.
  let p = 0;
  let o = 0;
  let endS = 0;
  for (let i = 0; i < trips.count; i++) {
    const dep = trips.departSimMs[i] as number;
    const start = o;
    const k0 = trips.linkStart[i] as number;
    const k1 = trips.linkStart[i + 1] as number;
    for (let k = k0; k < k1; k++) {
      const l = trips.links[k] as number;
      const exitS = trips.exitS[k] as number;
      const enterS = k > k0 ? (trips.exitS[k - 1] as number) : 0;
      if (dep + enterS * 1000 > toMs) break;
      if (l >= linkCount || dep + exitS * 1000 < fromMs) continue;
      const t0 = (dep - baseMs) / 1000 + enterS;
      const durS = exitS - enterS;
      // Travel speed on the link ÷ free-flow speed (km/h ÷ km/h); a zero duration counts as free flow.
      const r =
        durS > 0 ? (((lines.lengthM[l] as number) / durS) * 3.6) / (lines.freeSpeedKph[l] as number) : 1;
      for (let v = gs[l] as number; v < (gs[l + 1] as number); v++) {
        timestampsS[o] = t0 + durS * (lines.frac[v] as number);
        dLonLat[o * 2] = lines.dLonLat[v * 2] as number;
        dLonLat[o * 2 + 1] = lines.dLonLat[v * 2 + 1] as number;
        xy[o * 2] = lines.xy[v * 2] as number;
        xy[o * 2 + 1] = lines.xy[v * 2 + 1] as number;
        zM[o] = lines.zM[v] as number;
        ratio[o] = r;
        o++;
      }
    }
    if (o - start >= 2) {
      startIndices[p++] = start;
      const last = timestampsS[o - 1] as number;
      if (last > endS) endS = last;
    } else o = start;
  }
  startIndices[p] = o;
  return { length: p, startIndices, baseMs, timestampsS, dLonLat, xy, zM, ratio, endS };
}

/** Where the vehicles are at one moment: the first `count` entries are the vehicles on the road. */
export interface VehicleSample {
  /** Local east, north, height (m) per vehicle. */
  readonly xyz: Float32Array;
  /** Heading per vehicle, radians counter-clockwise from east. */
  readonly headingRad: Float32Array;
  /** Speed ratio per vehicle (of the link it is on). */
  readonly ratio: Float32Array;
  count: number;
}

/** Allocates a sample (and per-path cursors) for up to `capacity` vehicles. */
export function createVehicleSample(capacity: number): VehicleSample {
  return {
    xyz: new Float32Array(capacity * 3),
    headingRad: new Float32Array(capacity),
    ratio: new Float32Array(capacity),
    count: 0,
  };
}

/**
 * Positions every vehicle on the road at time `tS` (seconds after paths.baseMs) into `out`, allocation-free.
 * `cursor[k]` remembers the segment trip k was on, so a clock that moves forward costs O(vehicles) per frame, not a
 * search per vehicle; a clock that moved back resets the cursor. Vehicles that have not departed or have arrived
 * are left out. Returns out.count.
 */
export function sampleVehicles(
  paths: TripPaths,
  tS: number,
  cursor: Uint32Array,
  out: VehicleSample,
): number {
  const ts = paths.timestampsS;
  const xy = paths.xy;
  const cap = out.headingRad.length;
  let n = 0;
  for (let k = 0; k < paths.length && n < cap; k++) {
    const s0 = paths.startIndices[k] as number;
    const s1 = paths.startIndices[k + 1] as number;
    if (tS < (ts[s0] as number) || tS > (ts[s1 - 1] as number)) continue;
    let c = cursor[k] as number;
    if (c < s0 || c >= s1 - 1 || tS < (ts[c] as number)) c = s0;
    while (c < s1 - 2 && tS > (ts[c + 1] as number)) c++;
    cursor[k] = c;
    const ta = ts[c] as number;
    const tb = ts[c + 1] as number;
    const u = tb > ta ? (tS - ta) / (tb - ta) : 1;
    const ax = xy[c * 2] as number;
    const ay = xy[c * 2 + 1] as number;
    const dx = (xy[c * 2 + 2] as number) - ax;
    const dy = (xy[c * 2 + 3] as number) - ay;
    out.xyz[n * 3] = ax + dx * u;
    out.xyz[n * 3 + 1] = ay + dy * u;
    out.xyz[n * 3 + 2] =
      (paths.zM[c] as number) + ((paths.zM[c + 1] as number) - (paths.zM[c] as number)) * u;
    out.headingRad[n] = Math.atan2(dy, dx);
    out.ratio[n] = paths.ratio[c] as number;
    n++;
  }
  out.count = n;
  return n;
}
