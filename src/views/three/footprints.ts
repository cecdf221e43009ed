/**
 * Triangulates polygon footprints (the PolygonSet layout of src/core/scene/types.ts) once, for both views: the 3D
 * roofs and the map's extruded SolidPolygonLayer use the same triangles. Earcut (Mapbox) handles holes. Work is
 * cut into time slices so that 200k footprints never block the tab for more than one slice; for buildings the work
 * (and the 3D mesh) runs in a Web Worker instead (sharedBuildingGeometry), in parallel with the views' setup.
 */
import earcut from 'earcut';
import type { Buildings, PolygonSet } from '../../core/scene/types.ts';
import { BUILDING_USE_COLORS, colorOf } from '../../app/palette.ts';
import { markStage, recordTiming } from '../../app/testHooks.ts';
import { buildBuildingMesh, type BuildingMeshArrays } from './buildingMesh.ts';

/** Triangles of every footprint: vertex indices into the set's `xy` numbering. */
export interface FootprintTriangles {
  /** Triangle vertex indices (3 per triangle), counter-clockwise in (east, north). */
  readonly index: Uint32Array;
  /** count+1 entries: footprint i owns triangles start[i]..start[i+1]-1 (triangle numbers, not index slots). */
  readonly start: Uint32Array;
}

/** Upper bound of earcut's triangle count for a polygon of n vertices and h holes: n + 2h − 2. */
function maxTriangles(set: PolygonSet): number {
  let total = 0;
  for (let i = 0; i < set.count; i++) {
    const r0 = set.polyStart[i] as number;
    const r1 = set.polyStart[i + 1] as number;
    const n = (set.ringStart[r1] as number) - (set.ringStart[r0] as number);
    const h = r1 - r0 - 1;
    total += Math.max(0, n + 2 * h - 2);
  }
  return total;
}

/** An in-progress triangulation; `step` does up to `budgetMs` of work and returns true when finished. */
export interface FootprintTriangulator {
  step(budgetMs: number): boolean;
  result(): FootprintTriangles;
}

/** Starts triangulating `set`; `now` is the clock used for time slicing (performance.now in the browser). */
export function createFootprintTriangulator(set: PolygonSet, now: () => number): FootprintTriangulator {
  const index = new Uint32Array(maxTriangles(set) * 3);
  const start = new Uint32Array(set.count + 1);
  let scratch = new Float64Array(64);
  const holes: number[] = [];
  let next = 0;
  let tri = 0;
  const one = (i: number) => {
    const r0 = set.polyStart[i] as number;
    const r1 = set.polyStart[i + 1] as number;
    const v0 = set.ringStart[r0] as number;
    const v1 = set.ringStart[r1] as number;
    const n = v1 - v0;
    start[i] = tri;
    if (n < 3) return;
    if (scratch.length < n * 2) scratch = new Float64Array(n * 4);
    // Relative coordinates keep earcut's float maths well-conditioned far from the origin.
    const ox = set.xy[v0 * 2] as number;
    const oy = set.xy[v0 * 2 + 1] as number;
    for (let k = 0; k < n; k++) {
      scratch[k * 2] = (set.xy[(v0 + k) * 2] as number) - ox;
      scratch[k * 2 + 1] = (set.xy[(v0 + k) * 2 + 1] as number) - oy;
    }
    holes.length = 0;
    for (let r = r0 + 1; r < r1; r++) holes.push((set.ringStart[r] as number) - v0);
    const tris = earcut(scratch.subarray(0, n * 2), holes.length ? holes : undefined, 2);
    for (let t = 0; t + 2 < tris.length; t += 3) {
      const a = tris[t] as number;
      const b = tris[t + 1] as number;
      const c = tris[t + 2] as number;
      const cross =
        ((scratch[b * 2] as number) - (scratch[a * 2] as number)) *
          ((scratch[c * 2 + 1] as number) - (scratch[a * 2 + 1] as number)) -
        ((scratch[b * 2 + 1] as number) - (scratch[a * 2 + 1] as number)) *
          ((scratch[c * 2] as number) - (scratch[a * 2] as number));
      if (tri * 3 + 2 >= index.length) break; // never exceeds the bound; guards malformed input
      // Normalise to counter-clockwise so roofs face up in both views.
      index[tri * 3] = v0 + a;
      index[tri * 3 + 1] = v0 + (cross >= 0 ? b : c);
      index[tri * 3 + 2] = v0 + (cross >= 0 ? c : b);
      tri++;
    }
  };
  return {
    step(budgetMs) {
      const t0 = now();
      while (next < set.count) {
        one(next++);
        if ((next & 255) === 0 && now() - t0 > budgetMs) break;
      }
      if (next >= set.count) start[set.count] = tri;
      return next >= set.count;
    },
    result: () => ({ index: index.subarray(0, tri * 3), start }),
  };
}

/** Triangulates synchronously (tests, small sets). */
export function triangulateFootprints(set: PolygonSet): FootprintTriangles {
  const t = createFootprintTriangulator(set, () => 0);
  t.step(Number.POSITIVE_INFINITY);
  return t.result();
}

/** Triangulates in time slices of `sliceMs`, yielding to the event loop between slices. */
export async function triangulateFootprintsAsync(set: PolygonSet, sliceMs = 12): Promise<FootprintTriangles> {
  const t = createFootprintTriangulator(set, () => performance.now());
  while (!t.step(sliceMs)) await new Promise((r) => setTimeout(r, 0));
  return t.result();
}

/** What the building geometry worker receives: copies of the arrays the triangulation and the mesh read. */
export interface BuildingGeometryRequest extends PolygonSet {
  readonly heightM: Float32Array;
  readonly minHeightM: Float32Array;
  readonly baseZM: Float32Array;
  readonly use: Uint8Array;
}

/** What it answers: the shared triangles and the merged 3D mesh, or why it failed. */
export type BuildingGeometryResponse =
  | {
      readonly ok: true;
      readonly tris: FootprintTriangles;
      readonly mesh: BuildingMeshArrays;
      readonly triangulateMs: number;
      readonly meshMs: number;
    }
  | { readonly ok: false; readonly message: string };

/** Footprint triangles (for the map and the 3D roofs) and the merged 3D mesh of all buildings. */
export interface BuildingGeometry {
  readonly tris: FootprintTriangles;
  readonly mesh: BuildingMeshArrays;
}

/** Same building colours as the 3D view's (CityContent) and the map's. */
const useColor = (u: number) => colorOf(BUILDING_USE_COLORS, u);

/** Main-thread path (no Worker, or the worker failed): time-sliced triangulation, then one mesh pass. */
async function buildOnMainThread(b: Buildings): Promise<BuildingGeometry> {
  const tris = await triangulateFootprintsAsync(b);
  return { tris, mesh: buildBuildingMesh(b, tris, useColor) };
}

/** Runs triangulation + mesh building in a worker (copies in, transfers out); falls back to the main thread. */
function buildInWorker(b: Buildings): Promise<BuildingGeometry> {
  if (typeof Worker === 'undefined') return buildOnMainThread(b);
  // The model's arrays are views into the whole scene.bin: send copies of just these (a few MB for 200k).
  const sliceOf = <T extends Float32Array | Uint32Array | Uint8Array>(a: T): T => a.slice() as T;
  const req: BuildingGeometryRequest = {
    count: b.count,
    polyStart: sliceOf(b.polyStart),
    ringStart: sliceOf(b.ringStart),
    xy: sliceOf(b.xy),
    heightM: sliceOf(b.heightM),
    minHeightM: sliceOf(b.minHeightM),
    baseZM: sliceOf(b.baseZM),
    use: sliceOf(b.use),
  };
  return new Promise<BuildingGeometry>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./buildingGeometry.worker.ts', import.meta.url), {
        type: 'module',
        name: 'building-geometry',
      });
    } catch (e) {
      console.warn('building geometry worker could not start; building on the main thread:', e);
      resolve(buildOnMainThread(b));
      return;
    }
    const fallBack = (why: string) => {
      worker.terminate();
      console.warn(`building geometry worker failed (${why}); building on the main thread`);
      resolve(buildOnMainThread(b));
    };
    worker.onerror = (e) => fallBack(e.message || 'worker error');
    worker.onmessage = (e: MessageEvent<BuildingGeometryResponse>) => {
      const r = e.data;
      if (!r.ok) {
        fallBack(r.message);
        return;
      }
      worker.terminate();
      recordTiming('worker:triangulateMs', r.triangulateMs);
      recordTiming('worker:meshMs', r.meshMs);
      resolve({ tris: r.tris, mesh: r.mesh });
    };
    worker.postMessage(req);
  });
}

const geometryCache = new WeakMap<Buildings, Promise<BuildingGeometry>>();
/**
 * Starts (once per model's buildings) the building triangles + merged mesh off the main thread; the map and the
 * 3D view share the result. Call it as soon as the model is decoded so it overlaps the views' own setup.
 */
export function sharedBuildingGeometry(b: Buildings): Promise<BuildingGeometry> {
  let p = geometryCache.get(b);
  if (!p) {
    markStage('geometry:start');
    p = buildInWorker(b).then((g) => {
      markStage('geometry:end');
      return g;
    });
    geometryCache.set(b, p);
  }
  return p;
}

const cache = new WeakMap<PolygonSet, Promise<FootprintTriangles>>();
/** Triangulates a set once per page, shared by the map and the 3D view (buildings: via sharedBuildingGeometry). */
export function sharedFootprintTriangles(set: PolygonSet): Promise<FootprintTriangles> {
  if ('heightM' in set) return sharedBuildingGeometry(set as Buildings).then((g) => g.tris);
  let p = cache.get(set);
  if (!p) {
    p = triangulateFootprintsAsync(set);
    cache.set(set, p);
  }
  return p;
}
