import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { buildCityNetwork } from './cityNetwork.ts';
import { testCity } from './cityTestFixtures.ts';
import { buildDemandModel } from './demand.ts';
import {
  busiestHour,
  calibrateDemandScale,
  cityTrafficModels,
  LiveTrafficModel,
  weatherFactors,
} from './live.ts';

// Monday 2 March 2026 08:00 China Standard Time = 00:00 UTC.
const T8 = 20514 * 86_400_000; // 20514 days after 1970-01-01 = 2026-03-02 00:00 UTC

function model(seed = 1): LiveTrafficModel {
  const city = testCity({ capacityVph: 1500 });
  const network = buildCityNetwork(city);
  // Scaled up so that the 12 residents of the test city make ~2000 vehicle trips in the peak hour.
  const demand = buildDemandModel(city, network, { calibration: 6000 });
  return new LiveTrafficModel(city, { network, demand, rng: createRng(seed), targetVehicles: 100 });
}

describe('weatherFactors (HCM 2010 Exhibit 10-15)', () => {
  it('cuts capacity by rain and wind intensity bins and free-flow speed in rain', () => {
    expect(weatherFactors(0, 0)).toEqual({ capacity: 1, speed: 1 });
    expect(weatherFactors(2, 0).capacity).toBeCloseTo(0.9799, 12);
    expect(weatherFactors(5, 0)).toEqual({ capacity: 1 - 0.0724, speed: 0.87 });
    const heavyWindy = weatherFactors(10, 10); // 36 km/h > 32.2 km/h (20 mi/h)
    expect(heavyWindy.capacity).toBeCloseTo((1 - 0.1413) * (1 - 0.0147), 12);
    expect(heavyWindy.speed).toBe(0.84);
    expect(weatherFactors(0, 5).capacity).toBeCloseTo(1 - 0.0107, 12); // 18 km/h
  });
});

describe('calibrateDemandScale', () => {
  it('fits the demand so that the mean 08:00 / 17:30 city TTI hits the target, deterministically', () => {
    const city = testCity({ capacityVph: 1500 });
    const network = buildCityNetwork(city);
    const demand = buildDemandModel(city, network, { calibration: 6000 });
    const fit = calibrateDemandScale(network, demand, 1.3);
    expect(Math.abs(fit.tti - 1.3)).toBeLessThanOrEqual(0.01);
    expect(fit.solves).toBeLessThanOrEqual(10);
    expect(calibrateDemandScale(network, demand, 1.3)).toEqual(fit);
    // A lighter target needs less demand.
    expect(calibrateDemandScale(network, demand, 1.1).scale).toBeLessThan(fit.scale);
    // The live model fits its own demand unless told not to.
    const m = new LiveTrafficModel(city, { network, targetPeakTti: 1.3, vehiclesPerAnimated: 1 });
    expect(m.calibration!.scale).toBeCloseTo(
      calibrateDemandScale(network, buildDemandModel(city, network), 1.3).scale,
      12,
    );
    expect(new LiveTrafficModel(city, { network, targetPeakTti: null }).calibration).toBeNull();
  });
});

describe('LiveTrafficModel', () => {
  it('fixes k from the busiest hour: about targetVehicles at the peak, fewer at night', () => {
    // NHTS weekday 17:00–18:00 (4,377 of 50,683 trips, 8.636 %) beats every Saturday hour (12:00–13:00: 4,561 of
    // 53,075, 8.593 %) and every other weekday hour.
    expect(busiestHour()).toEqual({ hour: 17.5, isWeekend: false });
    const m = model();
    const k = m.peakVehiclesOnRoad / 100;
    m.step(T8 + 9.5 * 3_600_000, null, null); // 17:30 local
    expect(m.kpis()!.vehiclesPerAnimated).toBeCloseTo(k, 9);
    expect(Math.abs(m.kpis()!.activeVehicles - 100)).toBeLessThanOrEqual(3); // gap 1e-3 vs the peak solve's
    const night = model();
    night.step(T8 - 5 * 3_600_000, null, null); // 03:00 local
    expect(night.kpis()!.vehiclesPerAnimated).toBeCloseTo(k, 9);
    expect(night.kpis()!.activeVehicles).toBeLessThan(5);
  });

  it('shows the equilibrium on the first step, with KPIs, and re-solves on schedule and on capacity changes', () => {
    const m = model();
    expect(m.step(T8, null, null)).toBe(true);
    const res = m.result!;
    const f = m.frame;
    const R = m.network.roadLinkCount;
    for (let l = 0; l < R; l++) expect(f.linkFlowVph[l]).toBeCloseTo(res.linkFlow[l]!, 2);
    expect(Math.max(...f.linkVc)).toBeGreaterThan(0.5);
    expect(m.kpis()!.cityTti).toBeGreaterThan(1);
    expect(m.step(T8 + 12_000, null, null)).toBe(false);
    expect(m.step(T8 + 5 * 60_000, null, null)).toBe(true); // next 5-min slice
    const cut = new Float32Array(R).fill(1);
    cut[0] = 0.4;
    expect(m.step(T8 + 5 * 60_000 + 12_000, cut, null)).toBe(true); // incident
    expect(m.step(T8 + 5 * 60_000 + 24_000, cut, null)).toBe(false);
    expect(m.step(T8 + 5 * 60_000 + 36_000, cut, { rainMmH: 8, windMS: 0 })).toBe(true); // rain
    expect(m.solves).toBe(4);
  });

  it('slows the link with an incident at once', () => {
    const a = model();
    const b = model();
    a.step(T8, null, null);
    const busiest = [...a.frame.linkFlowVph].reduce((best, v, l, arr) => (v > arr[best]! ? l : best), 0);
    const cut = new Float32Array(a.network.roadLinkCount).fill(1);
    cut[busiest] = 0.4; // severity 3
    b.step(T8, cut, null);
    // Slower and fuller relative to its (cut) capacity, although the equilibrium moved some traffic elsewhere.
    expect(b.frame.linkSpeedKph[busiest]!).toBeLessThan(a.frame.linkSpeedKph[busiest]! - 1);
    expect(b.frame.linkVc[busiest]!).toBeGreaterThan(a.frame.linkVc[busiest]!);
    expect(b.frame.linkFlowVph[busiest]!).toBeLessThan(a.frame.linkFlowVph[busiest]!);
    expect(b.linkCapacityVph(busiest)).toBeCloseTo(1500 * 0.4, 3); // the factor arrives as a Float32
  });

  it('is deterministic: same inputs → identical frames; the seed only moves the animated trips', () => {
    const run = (seed: number): { speeds: number[]; departs: number[] } => {
      const m = model(seed);
      const speeds: number[] = [];
      const departs: number[] = [];
      for (let i = 0; i < 40; i++) {
        const rain = i > 20 ? { rainMmH: 3, windMS: 2 } : null;
        m.step(T8 + i * 12_000, null, rain);
        speeds.push(...m.frame.linkSpeedKph);
        departs.push(...(m.takeTrips()?.departSimMs ?? []));
      }
      return { speeds, departs };
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    const c = run(2);
    expect(c.speeds).toEqual(a.speeds);
    expect(c.departs).not.toEqual(a.departs);
  });

  it('shares the per-city network, fitted demand and peak scale between models of one city object, bit-identically', () => {
    const city = testCity({ capacityVph: 1500 });
    const a = new LiveTrafficModel(city, { rng: createRng(1), targetVehicles: 100, targetPeakTti: 1.3 });
    const b = new LiveTrafficModel(city, { rng: createRng(1), targetVehicles: 100, targetPeakTti: 1.3 });
    // The second model found the first one's models in the memo: the same objects, not equal copies.
    expect(b.network).toBe(a.network);
    expect(b.demand).toBe(a.demand);
    expect(b.calibration).toBe(a.calibration);
    expect(cityTrafficModels(city, 1.3).network).toBe(a.network);
    // Another target is another fit on the same network; another city object is another memo entry.
    expect(cityTrafficModels(city, 1.5).network).toBe(a.network);
    expect(cityTrafficModels(city, 1.5).demand).not.toBe(a.demand);
    expect(cityTrafficModels(testCity({ capacityVph: 1500 }), 1.3).network).not.toBe(a.network);
    // Without the memo (a network passed in: the constructor fits the demand and k itself, as before the memo).
    const c = new LiveTrafficModel(city, {
      network: buildCityNetwork(city),
      rng: createRng(1),
      targetVehicles: 100,
      targetPeakTti: 1.3,
    });
    expect(c.network).not.toBe(a.network);
    expect(c.calibration).toEqual(a.calibration);
    expect(c.peakVehiclesOnRoad).toBe(a.peakVehiclesOnRoad);
    expect(c.demand.dailyVehicleTrips).toBe(a.demand.dailyVehicleTrips);
    const frames = (m: LiveTrafficModel): { speeds: number[]; kpis: unknown[]; departs: number[] } => {
      const speeds: number[] = [];
      const kpis: unknown[] = [];
      const departs: number[] = [];
      for (let i = 0; i < 30; i++) {
        const incident =
          i > 10
            ? Float32Array.from({ length: m.network.roadLinkCount }, (_, l) => (l === 2 ? 0.4 : 1))
            : null;
        m.step(T8 + i * 60_000, incident, i > 20 ? { rainMmH: 7, windMS: 2 } : null);
        speeds.push(...m.frame.linkSpeedKph);
        kpis.push(m.kpis());
        departs.push(...(m.takeTrips()?.departSimMs ?? []));
      }
      return { speeds, kpis, departs };
    };
    const fa = frames(a);
    expect(frames(b)).toEqual(fa);
    expect(frames(c)).toEqual(fa);
  });
});
