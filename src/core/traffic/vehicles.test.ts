import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import type { PathSet } from './types.ts';
import { TripSampler } from './vehicles.ts';

// Road links 0..7, connectors 8+. Path 0: [8, 0, 1, 9] with 600 veh/h; path 1: [10, 2, 11] with 300 veh/h.
const paths: PathSet = {
  odStart: Uint32Array.from([0, 0, 1, 2, 2]),
  pathStart: Uint32Array.from([0, 4, 7]),
  pathLinks: Uint32Array.from([8, 0, 1, 9, 10, 2, 11]),
  pathFlow: Float64Array.from([600, 300]),
};
// Hours: link 0 36 s, link 1 72 s, link 2 18 s; connectors 60 s.
const timeH = Float64Array.from([0.01, 0.02, 0.005, 0, 0, 0, 0, 0, 1 / 60, 1 / 60, 1 / 60, 1 / 60]);

describe('TripSampler', () => {
  it('scales by Little’s law, seeds the vehicles under way, then departs at Σf / k per hour', () => {
    const s = new TripSampler(8, createRng(1), 10);
    s.setPaths(paths, timeH);
    // Real vehicles on the road: 600·0.03 + 300·0.005 = 19.5 → k = 19.5 / 10 = 1.95.
    expect(s.realOnRoad).toBeCloseTo(19.5, 12);
    expect(s.vehiclesPerAnimated).toBeCloseTo(1.95, 12);
    expect(s.activeVehicles).toBe(10);
    const t0 = 1_000_000;
    s.sample(Number.NaN, t0, timeH);
    const seed = s.take()!;
    expect(seed.count).toBe(10);
    for (let i = 0; i < seed.count; i++) {
      const links = [...seed.links.subarray(seed.linkStart[i], seed.linkStart[i + 1])];
      const exits = [...seed.exitS.subarray(seed.linkStart[i], seed.linkStart[i + 1])];
      // Connectors dropped; exit times are cumulative link times in seconds.
      if (links.length === 2) {
        expect(links).toEqual([0, 1]);
        expect(exits[0]).toBeCloseTo(36, 4);
        expect(exits[1]).toBeCloseTo(108, 4);
        expect(seed.departSimMs[i]).toBeGreaterThan(t0 - 108_000);
      } else {
        expect(links).toEqual([2]);
        expect(exits[0]).toBeCloseTo(18, 4);
      }
      expect(seed.departSimMs[i]).toBeLessThanOrEqual(t0);
    }
    expect(s.take()).toBeNull();
    // One hour later: 900 / 1.95 = 461.5 departures → 461, spread over the hour.
    s.sample(t0, t0 + 3_600_000, timeH);
    const b = s.take()!;
    expect(b.count).toBe(461);
    expect(b.tripId[0]).toBe(10);
    const onPath0 = Array.from({ length: b.count }, (_, i) => b.linkStart[i + 1]! - b.linkStart[i]!).filter(
      (n) => n === 2,
    ).length;
    expect(onPath0 / b.count).toBeGreaterThan(0.58); // expected 2/3
    expect(onPath0 / b.count).toBeLessThan(0.75);
  });

  it('keeps a fixed k from the busiest hour, but never shows more than the target', () => {
    const s = new TripSampler(8, createRng(1), 10);
    s.setScale(5); // e.g. 50 real vehicles on the road at the peak ÷ 10
    s.setPaths(paths, timeH);
    // 19.5 real vehicles now (see above): k stays 5 → round(19.5 / 5) = 4 animated.
    expect([s.vehiclesPerAnimated, s.activeVehicles]).toEqual([5, 4]);
    s.setScale(1); // busier than the "peak": k = 19.5 / 10 = 1.95, so 10 animated, not 19.5
    s.setPaths(paths, timeH);
    expect(s.vehiclesPerAnimated).toBeCloseTo(1.95, 12);
    expect(s.activeVehicles).toBe(10);
    expect(() => s.setScale(0)).toThrow(/vehiclesPerAnimated 0/);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number): number[] => {
      const s = new TripSampler(8, createRng(seed), 10);
      s.setPaths(paths, timeH);
      s.sample(Number.NaN, 0, timeH);
      s.sample(0, 60_000, timeH);
      return [...s.take()!.departSimMs];
    };
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });
});
