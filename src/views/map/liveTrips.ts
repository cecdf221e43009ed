/**
 * The trip paths both views animate, rebuilt from hotVehicles only when its version changed (and at most once per
 * MIN_REBUILD_MS of wall time: with 10,000 vehicles a rebuild copies ~10^5–10^6 vertices and deck re-uploads them,
 * so a feed that replaces trips every tick must not cost that every frame). One build per version serves both views.
 */
import type { CityModel } from '../../core/scene/types.ts';
import { hotVehicles } from '../../feed/hotTraffic.ts';
import type { SimClock } from './simClock.ts';
import {
  buildLinkPolylines,
  buildTripPaths,
  emptyTripPaths,
  type LinkPolylines,
  type TripPaths,
} from './tripPaths.ts';
import { VEHICLE_TRAIL_S } from './trafficStyle.ts';
import type { RenderProfile } from '../renderProfile.ts';

/**
 * Interval between vehicle frames, ms: every display frame at full quality (0); in the low profile (software
 * rasteriser, or ?quality=low) the slower of its animation and live-redraw paces, so moving vehicles add no redraws
 * beyond those the live values already cause. Under SwiftShader every redraw rasterises the whole city on the CPU;
 * observed on a loaded 2-core machine: extra frames back up the GPU process until requestAnimationFrame (and with it
 * the feed hand-over) stalls.
 */
export function vehicleFrameIntervalMs(profile: RenderProfile): number {
  return profile.liveRedrawMs > 0 ? Math.max(profile.animationFrameMs, profile.liveRedrawMs) : 0;
}

/** Minimum wall time between two rebuilds, ms. */
export const MIN_REBUILD_MS = 1000;
/**
 * Paths reach this far ahead of the sim clock, s; they are rebuilt (new trips or not) once the clock has used half
 * of it. A trip's whole route would be ~10× more vertices than the few minutes ahead (bench/vehicles.ts).
 */
export const HORIZON_S = 120;

const linesOf = new WeakMap<CityModel, LinkPolylines>();

/** Link polylines of a model (built once, shared). */
export function linkPolylinesOf(model: CityModel): LinkPolylines {
  let l = linesOf.get(model);
  if (!l) {
    l = buildLinkPolylines(model);
    linesOf.set(model, l);
  }
  return l;
}

let cache: {
  model: CityModel;
  version: number;
  wallMs: number;
  /** Sim time after which the paths must be rebuilt (half the horizon after the build). */
  refreshAtMs: number;
  paths: TripPaths;
} | null = null;

/** Timing of the last rebuild (ms of main-thread time) for the test API and the bench. */
export const tripBuildStats = { builds: 0, lastMs: 0, lastVertices: 0 };

/** The current trip paths of `model` (rebuilt when hotVehicles changed, rate-limited). */
export function currentTripPaths(model: CityModel, clock: SimClock, wallMs: number): TripPaths {
  const c = cache;
  const nowMs = clock.nowMs(wallMs);
  if (
    c &&
    c.model === model &&
    (nowMs === 0 || nowMs < c.refreshAtMs) &&
    (c.version === hotVehicles.version || wallMs - c.wallMs < MIN_REBUILD_MS)
  )
    return c.paths;
  const t0 = performance.now();
  const trips = hotVehicles.trips;
  // Before the clock runs, keep every link; the base is a whole minute so timestamps stay small and exact.
  const ref = nowMs > 0 ? nowMs : trips.count > 0 ? (trips.departSimMs[0] as number) : 0;
  const baseMs = Math.floor(ref / 60_000) * 60_000;
  const running = nowMs > 0;
  const paths =
    trips.count === 0
      ? emptyTripPaths(baseMs)
      : buildTripPaths(
          trips,
          linkPolylinesOf(model),
          running ? nowMs - VEHICLE_TRAIL_S * 1000 : -Infinity,
          baseMs,
          running ? nowMs + HORIZON_S * 1000 : Infinity,
        );
  const refreshAtMs = running ? nowMs + HORIZON_S * 500 : Infinity;
  cache = { model, version: hotVehicles.version, wallMs, refreshAtMs, paths };
  tripBuildStats.builds++;
  tripBuildStats.lastMs = performance.now() - t0;
  tripBuildStats.lastVertices = paths.timestampsS.length;
  return paths;
}
