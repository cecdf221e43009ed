import { describe, expect, it } from 'vitest';
import { createDecodedLinkState, decodeLinkState, decodeTripBatch } from '../src/core/protocol/index.ts';
import type { LiveTrafficFrame, TrafficKpis, TripBatch } from '../src/core/traffic/types.ts';
import { TRIP_LINGER_MS, TrafficStreams, type TrafficSource } from './trafficStreams.ts';

/** A model whose frame changes every tick, with one one-link trip of 30 s per tick and KPIs every 2nd tick. */
function fakeSource(linkCount: number): TrafficSource & { t: number; step(t: number): void } {
  const speed = new Float32Array(linkCount);
  const flow = new Float32Array(linkCount);
  const vc = new Float32Array(linkCount);
  let version = 0;
  let kpis: TrafficKpis | null = null;
  const src = {
    t: 0,
    frame(): LiveTrafficFrame {
      return { version, simTimeMs: src.t, linkSpeedKph: speed, linkFlowVph: flow, linkVc: vc };
    },
    kpis: () => kpis,
    takeTrips(): TripBatch {
      return {
        count: 1,
        tripId: Uint32Array.of(src.t / 1000),
        departSimMs: Float64Array.of(src.t),
        linkStart: Uint32Array.of(0, 1),
        links: Uint32Array.of(0),
        exitS: Float32Array.of(30),
      };
    },
    step(t: number): void {
      src.t = t;
      version++;
      speed.fill(t / 1000);
      vc[0] = Number.POSITIVE_INFINITY; // a closed link: travels as 0
      if (version % 2 === 0) kpis = { simTimeMs: t } as TrafficKpis;
    },
  };
  return src;
}

describe('traffic streams (server side)', () => {
  it('sends link state and KPIs at most once per minTicksBetweenStates ticks, latest wins, ∞ → 0', () => {
    const ts = new TrafficStreams({ linkCount: 3, minTicksBetweenStates: 5, replayWindowTrips: 100 });
    const src = fakeSource(3);
    const sent: number[] = [];
    for (let k = 0; k < 12; k++) {
      src.step(k * 1000);
      const out = ts.tick(src, k * 1000);
      if (out.linkState !== null) sent.push(k);
      expect(out.trips).not.toBeNull();
    }
    // Ticks 0, 5, 10: the first at once, then one per 5 ticks.
    expect(sent).toEqual([0, 5, 10]);
    const d = createDecodedLinkState();
    expect(decodeLinkState(ts.latestLinkState, 3, d)).toEqual({ ok: true });
    expect([d.seq, d.simTimeMs, ...d.speedKph, ...d.vc]).toEqual([3, 10_000, 10, 10, 10, 0, 0, 0]);
    // KPIs change at ticks 1, 3, 5, 7, 9, 11 and go out with the link state at ticks 5 (KPIs of 5 s) and 10 (of 9 s).
    expect(ts.latestKpis).toEqual({ seq: 2, kpis: { simTimeMs: 9000 } });
    expect(ts.trips.last).toBe(12);
  });

  it('keeps the trips that ended less than TRIP_LINGER_MS ago for snapshots', () => {
    const ts = new TrafficStreams({ linkCount: 1, minTicksBetweenStates: 1, replayWindowTrips: 100 });
    const src = fakeSource(1);
    for (let k = 0; k <= 100; k++) {
      src.step(k * 1000);
      ts.tick(src, k * 1000);
    }
    // At 100 s the cutoff is 40 s: trips end 30 s after departing, so those departing at ≥ 10 s remain.
    expect(TRIP_LINGER_MS).toBe(60_000);
    const d = decodeTripBatch(ts.activeTrips(100_000), 1);
    if (!d.ok) throw new Error(d.reason);
    expect([d.value.seq, d.value.flags, d.value.count, d.value.tripId[0]]).toEqual([101, 1, 91, 10]);
  });

  it('samples one history point per simulated minute into a bounded ring', () => {
    // Budget for 4 samples of 10 links: 4 × 10 × 12 bytes = 480 bytes.
    const ts = new TrafficStreams({
      linkCount: 10,
      minTicksBetweenStates: 1,
      replayWindowTrips: 10,
      seriesBudgetBytes: 480,
    });
    expect(ts.seriesSamples).toBe(4);
    const src = fakeSource(10);
    for (let k = 0; k < 14; k++) {
      src.step(k * 30_000); // two ticks per simulated minute
      ts.tick(src, k * 30_000);
    }
    const s = ts.series(2);
    if (!s.ok) throw new Error(s.reason);
    // Minutes 0…6 were sampled at their first tick; the ring keeps the last 4: minutes 3, 4, 5, 6.
    expect(s.simTimeMs).toEqual([180_000, 240_000, 300_000, 360_000]);
    expect(s.speedKph).toEqual([180, 240, 300, 360]);
  });
});
