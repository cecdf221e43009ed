/**
 * Off-main-thread building geometry: triangulates the footprints (earcut) and builds the merged 3D mesh in one go,
 * so the map's maplibre/deck setup and the 3D view's other geometry run in parallel with it on the main thread.
 * Input arrays are copies; every output array is transferred back (no copy).
 */
import { BUILDING_USE_COLORS, colorOf } from '../../app/palette.ts';
import { triangulateFootprints } from './footprints.ts';
import { buildBuildingMesh } from './buildingMesh.ts';
import type { BuildingGeometryRequest, BuildingGeometryResponse } from './footprints.ts';
import type { Buildings } from '../../core/scene/types.ts';

const ctx = self as unknown as {
  onmessage: ((e: MessageEvent<BuildingGeometryRequest>) => void) | null;
  postMessage(msg: BuildingGeometryResponse, transfer: Transferable[]): void;
};

ctx.onmessage = (e) => {
  const q = e.data;
  try {
    const t0 = performance.now();
    const tris = triangulateFootprints(q);
    const t1 = performance.now();
    // buildBuildingMesh reads only the footprint and height arrays sent here.
    const mesh = buildBuildingMesh(q as unknown as Buildings, tris, (u) => colorOf(BUILDING_USE_COLORS, u));
    const t2 = performance.now();
    ctx.postMessage(
      { ok: true, tris, mesh, triangulateMs: t1 - t0, meshMs: t2 - t1 },
      [tris.index.buffer, tris.start.buffer, mesh.positions.buffer, mesh.normals.buffer, mesh.colors.buffer]
        .concat(mesh.index.buffer === tris.index.buffer ? [] : [mesh.index.buffer])
        .concat([mesh.triStart.buffer]) as Transferable[],
    );
  } catch (err) {
    ctx.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }, []);
  }
};
