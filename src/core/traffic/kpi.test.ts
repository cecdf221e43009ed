import { describe, expect, it } from 'vitest';
import { buildCityNetwork } from './cityNetwork.ts';
import { testCity } from './cityTestFixtures.ts';
import { computeTrafficKpis, createKpiContext, plainKpiContext, type KpiInput } from './kpi.ts';

// Two links worked by hand: 1 km at 50 km/h (t0 = 0.02 h) now taking 0.03 h with 600 veh/h, and 2 km at 60 km/h
// (t0 = 1/30 h) now taking 0.04 h with 300 veh/h.
//   Σv·t = 600·0.03 + 300·0.04 = 30;  Σv·t0 = 600·0.02 + 300/30 = 22;  Σv·L = 600·1 + 300·2 = 1200
//   TTI = 30/22 = 1.3636…;  speed = 1200/30 = 40 km/h;  delay = 30 − 22 = 8 veh·h/h;  VKT = 1200 veh·km/h
//   link TTI: 0.03/0.02 = 1.5 and 0.04·30 = 1.2; link speeds 1/0.03 = 33.3 and 2/0.04 = 50 km/h.
const input: KpiInput = {
  simTimeMs: 123,
  flowVph: [600, 300],
  timeH: [0.03, 0.04],
  freeTimeH: [0.02, 1 / 30],
  vc: [0.9, 0.4],
  relativeGap: 1e-5,
  activeVehicles: 7,
  vehiclesPerAnimated: 2.5,
};

describe('computeTrafficKpis', () => {
  it('computes TTI, speed, delay and VKT on a two-link example', () => {
    const k = computeTrafficKpis(plainKpiContext([1000, 2000]), input);
    expect(k.cityTti).toBeCloseTo(30 / 22, 12);
    expect(k.avgSpeedKph).toBeCloseTo(40, 12);
    expect(k.delayVehHPerH).toBeCloseTo(8, 12);
    expect(k.vktPerH).toBeCloseTo(1200, 12);
    expect(k.topLinks.map((l) => l.link)).toEqual([0, 1]);
    expect(k.topLinks[0]!.tti).toBeCloseTo(1.5, 12);
    expect(k.topLinks[1]!.tti).toBeCloseTo(1.2, 12);
    expect(k.topLinks[0]!.speedKph).toBeCloseTo(100 / 3, 9);
    expect(k.topLinks[0]!.vc).toBe(0.9);
    expect([k.simTimeMs, k.relativeGap, k.activeVehicles, k.vehiclesPerAnimated]).toEqual([
      123, 1e-5, 7, 2.5,
    ]);
    expect(k.districts).toEqual([]);
    expect(k.commutes).toEqual([]);
  });

  it('falls back to TTI 1 and the length-weighted free-flow speed with no traffic', () => {
    const k = computeTrafficKpis(plainKpiContext([1000, 2000]), { ...input, flowVph: [0, 0] });
    expect(k.cityTti).toBe(1);
    expect(k.avgSpeedKph).toBeCloseTo(3 / (0.02 + 1 / 30), 12); // 56.25 km/h
    expect(k.delayVehHPerH).toBe(0);
    expect(k.topLinks).toEqual([]);
  });

  it('splits by district and times commutes between district centroid nodes', () => {
    const city = testCity({ zones: 'districts' });
    const cn = buildCityNetwork(city);
    const ctx = createKpiContext(city, cn, Float64Array.from([0, 10, 1, 0]));
    // West district → east district (most demand first): node 0 → node 1 over link 0, 500 m at 50 km/h = 0.6 min.
    expect(ctx.commutePairs.map((p) => [p.fromZone, p.toZone])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const R = cn.roadLinkCount;
    const t0 = Array.from(cn.net.freeFlowTime.subarray(0, R));
    const flow = new Array<number>(R).fill(100);
    const k = computeTrafficKpis(ctx, {
      ...input,
      flowVph: flow,
      timeH: t0.map((t, l) => (l === 0 ? 2 * t : t)), // link 0 (west → east) twice as slow
      freeTimeH: t0,
      vc: new Array<number>(R).fill(0.1),
    });
    expect(k.commutes[0]!.freeFlowMinutes).toBeCloseTo(0.6, 9);
    // Twice 0.6 min on link 0, or the detour 0→2→3→1: 0.6 + 500 m at 50 (0.6) + 500 m at 80 km/h (0.375) = 1.575.
    expect(k.commutes[0]!.minutes).toBeCloseTo(1.2, 9);
    // Links 2, 3 (x = 0) are west, 4, 5 (x = 500) east; link 0's midpoint (250, 0) is on the border.
    expect(k.districts.map((d) => d.zone)).toEqual([0, 1]);
    expect(k.districts[1]!.tti).toBeGreaterThan(1); // link 0 is counted east (point on the shared edge)
    expect(k.districts[0]!.tti).toBe(1);
  });
});
