import { describe, expect, it } from 'vitest';
import type { TripColumns } from '../core/protocol/tripBatch.ts';
import { emptyTrips } from './hotTraffic.ts';
import { cloneTrips, mergeTrips, TRIP_TRAIL_MS } from './vehicleTrips.ts';

/** One-link trips: trip k departs at depart[k] ms and leaves its link durS[k] seconds later. */
function trips(ids: number[], depart: number[], durS: number[]): TripColumns {
  return {
    count: ids.length,
    tripId: Uint32Array.from(ids),
    departSimMs: Float64Array.from(depart),
    linkStart: Uint32Array.from({ length: ids.length + 1 }, (_, i) => i),
    links: new Uint32Array(ids.length),
    exitS: Float32Array.from(durS),
  };
}

describe('vehicle trip set', () => {
  it('appends new trips and prunes those that ended more than the trail ago', () => {
    // Trip 1 ends at 10 s, trip 2 at 100 s. At 80 s the cutoff is 80 − 60 = 20 s: trip 1 goes, trip 2 stays.
    const a = mergeTrips(emptyTrips(), [trips([1, 2], [0, 0], [10, 100])], 0);
    expect([...a.tripId]).toEqual([1, 2]);
    expect(TRIP_TRAIL_MS).toBe(60_000);
    const b = mergeTrips(a, [trips([3], [70_000], [5])], 80_000);
    expect([...b.tripId]).toEqual([2, 3]);
    expect([...b.linkStart]).toEqual([0, 1, 2]);
    // Nothing new, nothing to prune: the same object (no new version on the main thread).
    expect(mergeTrips(b, [], 80_000)).toBe(b);
  });

  it('keeps at most maxTrips, dropping the oldest arrivals', () => {
    const m = mergeTrips(emptyTrips(), [trips([1, 2, 3], [0, 0, 0], [100, 100, 100])], 0, 2);
    expect([...m.tripId]).toEqual([2, 3]);
  });

  it('clones into arrays of its own', () => {
    const t = trips([5], [0], [1]);
    const c = cloneTrips(t);
    expect(c.tripId.buffer).not.toBe(t.tripId.buffer);
    expect([...c.tripId, ...c.exitS]).toEqual([5, 1]);
  });
});
