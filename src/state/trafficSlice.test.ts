import { describe, expect, it } from 'vitest';
import type { TrafficKpis } from '../core/traffic/types.ts';
import { createAppStore } from './store.ts';
import { appendTrend, TRAFFIC_TREND_SPAN_MS } from './trafficSlice.ts';

const H = 3600_000;
const kpis = (simTimeMs: number, cityTti = 1.2): TrafficKpis => ({
  simTimeMs,
  cityTti,
  avgSpeedKph: 30,
  delayVehHPerH: 0,
  vktPerH: 0,
  districts: [],
  commutes: [],
  topLinks: [],
  relativeGap: 0,
  activeVehicles: 0,
  vehiclesPerAnimated: 1,
});

describe('traffic slice', () => {
  it('appends a trend point per KPI update and keeps 24 simulated hours', () => {
    const store = createAppStore();
    for (let h = 0; h <= 30; h++) store.getState().setTrafficKpis(kpis(h * H));
    const t = store.getState().trafficTrend;
    // At 30 h the window is [6 h, 30 h]: 25 hourly points.
    expect(TRAFFIC_TREND_SPAN_MS).toBe(24 * H);
    expect(t.map((p) => p.simTimeMs / H)).toEqual(Array.from({ length: 25 }, (_, i) => 6 + i));
    expect(store.getState().trafficKpis?.simTimeMs).toBe(30 * H);
  });

  it('replaces a point with the same time and restarts when time goes back', () => {
    let t = appendTrend([], kpis(H, 1.1));
    t = appendTrend(t, kpis(2 * H, 1.2));
    t = appendTrend(t, kpis(2 * H, 1.3));
    expect(t.map((p) => [p.simTimeMs / H, p.cityTti])).toEqual([
      [1, 1.1],
      [2, 1.3],
    ]);
    expect(appendTrend(t, kpis(0)).map((p) => p.simTimeMs)).toEqual([0]);
  });
});
