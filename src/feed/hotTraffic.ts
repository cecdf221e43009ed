/**
 * Hot traffic state (DESIGN.md rule 3): the live link state of the road network and the animated vehicle trips, in
 * typed arrays with version counters. The feed writes them (src/feed/startFeed.ts); the map and 3D views read them
 * where they draw, never through React renders.
 */
import type { TripBatch } from '../core/traffic/types.ts';

/** Latest link state per road link of the scene; NaN before the first traffic frame. */
export interface HotTraffic {
  /** Bumped whenever the link arrays change. */
  version: number;
  linkCount: number;
  /** Model time of the link state, ms since the Unix epoch (0 before the first frame). */
  simTimeMs: number;
  speedKph: Float32Array;
  flowVph: Float32Array;
  /** Volume / capacity ratio. */
  vc: Float32Array;
  /** Resizes and clears for a scene with `linkCount` road links. */
  reset(linkCount: number): void;
}

/** Creates empty traffic buffers. */
export function createHotTraffic(linkCount = 0): HotTraffic {
  const h: HotTraffic = {
    version: 0,
    linkCount: 0,
    simTimeMs: 0,
    speedKph: new Float32Array(0),
    flowVph: new Float32Array(0),
    vc: new Float32Array(0),
    reset(n) {
      h.linkCount = n;
      h.simTimeMs = 0;
      h.speedKph = new Float32Array(n).fill(Number.NaN);
      h.flowVph = new Float32Array(n).fill(Number.NaN);
      h.vc = new Float32Array(n).fill(Number.NaN);
      h.version++;
    },
  };
  h.reset(linkCount);
  return h;
}

/** An empty trip batch. */
export function emptyTrips(): TripBatch {
  return {
    count: 0,
    tripId: new Uint32Array(0),
    departSimMs: new Float64Array(0),
    linkStart: new Uint32Array(1),
    links: new Uint32Array(0),
    exitS: new Float32Array(0),
  };
}

/** The vehicle trips being animated: active ones and those finished less than a trail length ago. */
export interface HotVehicles {
  /** Bumped whenever `trips` is replaced (trips added or pruned). */
  version: number;
  trips: TripBatch;
}

/** The app's traffic buffers (one per page). */
export const hotTraffic: HotTraffic = createHotTraffic();
/** The app's vehicle trips (one per page). */
export const hotVehicles: HotVehicles = { version: 0, trips: emptyTrips() };
