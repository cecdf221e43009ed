/**
 * Drill-down by clicking the twin (issue 7 polish): a click on the map or the 3D view is turned into its ground point
 * (src/core/geo/groundPick.ts, from the view's TwinCamera) and then into the next drill state — at city level the
 * district under the click; inside a district, the grid cell of that district under it (or another district, when
 * the click lands in one). Picking a feature (building, link …) still selects it in the view itself; the drill
 * follows the ground point of the same click. Pure: the hook is in ExecPage.tsx.
 */
import type { Zones } from '../core/scene/types.ts';
import type { TwinCamera } from '../core/wall/types.ts';
import { groundPointAt, zoneContaining } from '../core/geo/groundPick.ts';
import type { DrillState } from './DrillDown.tsx';

/**
 * Vertical fields of view of the two views, degrees: maplibre's default (36.87°, the `fov` its camera distance uses:
 * src/views/map/mapCameraBridge.ts DEFAULT_FOV_DEG) and the 3D view's camera (src/views/three/ThreeView.tsx, 40°).
 */
export const VIEW_FOV_DEG = { map: 36.8699, three: 40 } as const;

/** Largest pointer travel between press and release that still counts as a click, px (drags move the camera). */
export const CLICK_SLOP_PX = 5;

/** The next drill state for a click on ground point (x, y), or null when the click changes nothing. */
export function drillForPoint(drill: DrillState, zones: Zones, x: number, y: number): DrillState | null {
  const d = zoneContaining(zones, x, y, 0);
  if (d < 0) return null;
  if (drill.level === 'city' || d !== drill.district) return { level: 'district', district: d };
  const c = zoneContaining(zones, x, y, 1, d);
  if (c < 0 || (drill.level === 'cell' && c === drill.cell)) return null;
  return { level: 'cell', district: d, cell: c };
}

/** The next drill state for a click at (px, py) of a `widthPx`×`heightPx` view with camera `cam`, or null. */
export function drillForClick(
  drill: DrillState,
  zones: Zones,
  cam: TwinCamera,
  fovYDeg: number,
  widthPx: number,
  heightPx: number,
  px: number,
  py: number,
): DrillState | null {
  const g = groundPointAt(cam, fovYDeg, widthPx, heightPx, px, py);
  return g === null ? null : drillForPoint(drill, zones, g.x, g.y);
}
