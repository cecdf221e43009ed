/**
 * The set of animated vehicle trips the client keeps (worker side): new trip batches are appended, trips that left
 * their last link more than TRIP_TRAIL_MS of simulated time ago are pruned, and the total is bounded. The result is
 * always a fresh TripBatch, so the previous one can be handed to the main thread (hotVehicles.trips) untouched.
 */
import { concatTrips, tripEndSimMs, type TripColumns } from '../core/protocol/tripBatch.ts';
import type { TripBatch } from '../core/traffic/types.ts';

/**
 * Finished trips stay this long (simulated ms) so their trails fade out (deck.gl TripsLayer trailLength); the server
 * keeps trips in snapshots for the same time (mock-server/trafficStreams.ts TRIP_LINGER_MS).
 */
export const TRIP_TRAIL_MS = 60_000;
/** Most trips kept (the oldest arrivals are dropped first): 10,000 target vehicles plus lingering and queued trips. */
export const MAX_ANIMATED_TRIPS = 100_000;

/**
 * Returns `current` plus `added` (in order), without trips that ended before `nowSimMs − TRIP_TRAIL_MS`, keeping at
 * most `maxTrips` (newest). Returns `current` itself when nothing changes.
 */
export function mergeTrips(
  current: TripColumns,
  added: readonly TripColumns[],
  nowSimMs: number,
  maxTrips = MAX_ANIMATED_TRIPS,
): TripBatch {
  const cutoff = nowSimMs - TRIP_TRAIL_MS;
  const all = [current, ...added];
  let keep = 0;
  let pruned = 0;
  for (const b of all) {
    for (let i = 0; i < b.count; i++) {
      if (tripEndSimMs(b, i) >= cutoff) keep++;
      else pruned++;
    }
  }
  if (added.every((b) => b.count === 0) && pruned === 0 && keep <= maxTrips) return current;
  let skip = Math.max(0, keep - maxTrips);
  return concatTrips(all, (b, i) => {
    if (tripEndSimMs(b, i) < cutoff) return false;
    if (skip > 0) {
      skip--;
      return false;
    }
    return true;
  });
}

/** A copy of `t` with arrays of its own (their buffers can be transferred to another thread). */
export function cloneTrips(t: TripColumns): TripBatch {
  return {
    count: t.count,
    tripId: t.tripId.slice(0, t.count),
    departSimMs: t.departSimMs.slice(0, t.count),
    linkStart: t.linkStart.slice(0, t.count + 1),
    links: t.links.slice(),
    exitS: t.exitS.slice(),
  };
}

/** The buffers of `t` (for postMessage transfer). */
export function tripBuffers(t: TripBatch): ArrayBuffer[] {
  return [t.tripId, t.departSimMs, t.linkStart, t.links, t.exitS].map((a) => a.buffer as ArrayBuffer);
}
