import { describe, expect, it } from 'vitest';
import { Channel } from '../protocol/channels.ts';
import { ReadingColumns } from '../protocol/readingColumns.ts';
import { tinyCity } from '../../../tests/integration/fixtures.ts';
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../citygen/generateCity.ts';
import { importGeoJson } from '../scene/importer.ts';
import type { CityModel } from '../scene/types.ts';
import { createCitySimulator } from './citySimulator.ts';
import { localHour, localWeekday, reportsInTick } from './cityClock.ts';
import { remainingCapacity } from './incidents.ts';
import { occupancyPct } from './trafficLoops.ts';

// 2026-03-02 06:30 CST = 2026-03-01 22:30 UTC = 1772404200000 ms (20513 days·86400000 + 22.5 h).
const T0 = 20513 * 86_400_000 + 22.5 * 3_600_000;

describe('city clock', () => {
  it('gives local hour and weekday in China Standard Time', () => {
    expect(T0).toBe(1772404200000);
    expect(localHour(T0)).toBe(6.5);
    expect(localWeekday(T0)).toBe(0); // Monday 2 March 2026
    expect(localHour(T0 + 18 * 3_600_000)).toBe(0.5);
    expect(localWeekday(T0 + 18 * 3_600_000)).toBe(1);
  });
  it('staggers reports: a 20 s period with phase 5 s reports once per 20 s', () => {
    expect(reportsInTick(0, 4_000, 20_000, 5_000)).toBe(false);
    expect(reportsInTick(4_000, 6_000, 20_000, 5_000)).toBe(true);
    expect(reportsInTick(6_000, 24_000, 20_000, 5_000)).toBe(false);
    expect(reportsInTick(24_000, 25_000, 20_000, 5_000)).toBe(true);
  });
});

describe('loop detectors', () => {
  it('occupancy = (flow / lanes) × 6.5 m ÷ speed', () => {
    // 1800 veh/h over 2 lanes at 45 km/h: 900 / 45 = 20 veh/km/lane; 20 × 6.5 m = 130 m per 1000 m = 13 %.
    expect(occupancyPct(1800, 2, 45)).toBeCloseTo(13, 12);
    // 600 veh/h on one lane at 60 km/h: 10 veh/km × 6.5 m = 6.5 %.
    expect(occupancyPct(600, 1, 60)).toBeCloseTo(6.5, 12);
    expect(occupancyPct(0, 2, 0)).toBe(0);
    expect(occupancyPct(5000, 1, 5)).toBe(100);
  });
});

describe('incidents', () => {
  it('incidents take 20 % of capacity per severity step', () => {
    expect([1, 2, 3, 4].map(remainingCapacity).map((x) => Math.round(x * 100))).toEqual([80, 60, 40, 20]);
  });
});

describe('city simulator', () => {
  it('reports every sensor on the first tick with plausible values, deterministically', () => {
    const city = tinyCity();
    const run = (seed: number): ReadingColumns => {
      const sim = createCitySimulator(city, { seed });
      const out = new ReadingColumns();
      sim.step(T0 + 1.5 * 3_600_000, out); // 08:00, morning peak
      return out;
    };
    const a = run(1);
    // 8 loops × 3 channels + 2 weather × 3 + 2 meters × 1 = 32 readings.
    expect(a.count).toBe(32);
    expect([...a.value.subarray(0, a.count)]).toEqual([...run(1).value.subarray(0, 32)]);
    expect([...a.value.subarray(0, a.count)]).not.toEqual([...run(2).value.subarray(0, 32)]);
    for (let i = 0; i < a.count; i++) {
      const v = a.value[i]!;
      expect(Number.isFinite(v)).toBe(true);
      switch (a.channel[i]) {
        case Channel.speedKph:
          expect(v).toBeGreaterThan(1);
          expect(v).toBeLessThanOrEqual(100);
          break;
        case Channel.occupancyPct:
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(98);
          break;
        case Channel.temperatureC:
          expect(v).toBeGreaterThan(0);
          expect(v).toBeLessThan(25);
          break;
        case Channel.loadMW:
          // The meter reports its station's load from the live energy model (checked exactly below).
          expect(v).toBeGreaterThanOrEqual(0);
          break;
        default:
          expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
  it('raises, updates and clears incidents over a simulated day', () => {
    const sim = createCitySimulator(tinyCity(), { seed: 5, incidents: { perHourAtPeak: 60 } });
    const out = new ReadingColumns();
    const ops: string[] = [];
    for (let t = 0; t <= 24 * 3600; t += 60) {
      out.clear();
      for (const c of sim.step(T0 + t * 1000, out)) {
        ops.push(c.op);
        expect(c.incident.id).toMatch(/^inc:\d{6}$/);
        expect(c.incident.severity).toBeGreaterThanOrEqual(1);
        expect(c.incident.severity).toBeLessThanOrEqual(4);
        expect(c.incident.description.en.length).toBeGreaterThan(0);
        expect(c.incident.cleared).toBe(c.op === 'cleared');
      }
    }
    expect(ops.filter((o) => o === 'raised').length).toBeGreaterThan(10);
    expect(ops.filter((o) => o === 'cleared').length).toBeGreaterThan(5);
    expect(() => sim.step(T0, out)).toThrow(/backwards/);
  }, 20_000); // 1441 ticks with traffic re-solves: ~0.7 s of CPU, more on a loaded machine
  it('produces a full traffic frame, KPIs and trips on the first step', () => {
    const city = tinyCity();
    const sim = createCitySimulator(city, { seed: 3, traffic: { targetVehicles: 50 } });
    expect(sim.traffic.kpis()).toBeNull();
    sim.step(T0 + 1.5 * 3_600_000, new ReadingColumns());
    const f = sim.traffic.frame();
    expect(f.version).toBe(1);
    expect(f.linkSpeedKph).toHaveLength(city.roads.linkCount);
    for (let l = 0; l < city.roads.linkCount; l++) {
      expect(f.linkSpeedKph[l]).toBeGreaterThan(0);
      expect(f.linkSpeedKph[l]).toBeLessThanOrEqual(city.roads.freeSpeedKph[l]! + 1e-3);
    }
    const k = sim.traffic.kpis();
    expect(k).not.toBeNull();
    expect(k!.cityTti).toBeGreaterThanOrEqual(1);
    const trips = sim.traffic.takeTrips();
    expect(trips).not.toBeNull();
    expect(trips!.count).toBeGreaterThan(0);
    expect(sim.traffic.takeTrips()).toBeNull();
  });
});

/** The synthetic city of seed 1 with 500 buildings (4 substation meters). */
function city500(): CityModel {
  const city = generateCity({ seed: 1, buildings: 500 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'gen500', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated city failed to import');
  return r.model;
}

describe('city simulator: energy', () => {
  it('runs the live energy model and the substation meters report their station load from it', () => {
    const sim = createCitySimulator(city500(), { seed: 3, reportPeriodS: { substationMeter: 10 } });
    const e = sim.energy;
    expect(e).not.toBeNull();
    const out = new ReadingColumns();
    sim.step(T0 + 3 * 3_600_000, out);
    const model = e!.model;
    expect(model.frame.version).toBe(1);
    expect(model.balance.loadMw).toBeGreaterThan(0);
    const meters = model.options.meters!;
    expect(meters.sensorIndex.length).toBeGreaterThan(0);
    let seen = 0;
    for (let i = 0; i < out.count; i++) {
      if (out.channel[i] !== Channel.loadMW) continue;
      const m = [...meters.sensorIndex].indexOf(out.sensorIndex[i]!);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(out.value[i]).toBe(Math.fround(Math.max(0, model.frame.stationLoadMw[meters.station[m]!]!)));
      seen++;
    }
    expect(seen).toBe(meters.sensorIndex.length);
    // The next dispatch step comes at the next 5-minute slot, not before.
    out.clear();
    sim.step(T0 + 3 * 3_600_000 + 60_000, out);
    expect(model.frame.version).toBe(1);
    sim.step(T0 + 3 * 3_600_000 + 300_000, out);
    expect(model.frame.version).toBe(2);
  }, 20_000);
  it('can run without the energy model', () => {
    expect(createCitySimulator(tinyCity(), { seed: 1, energy: false }).energy).toBeNull();
  });
});

describe('city simulator: hazards', () => {
  it('applies the hazard coupling: rain override to the gauges, closures to traffic, trips to energy', () => {
    const city = city500();
    const sim = createCitySimulator(city, { seed: 3, reportPeriodS: { weather: 60 } });
    const out = new ReadingColumns();
    const t0 = T0 + 3 * 3_600_000; // 09:30
    sim.step(t0, out);
    expect(sim.hazards.active).toBe(false);
    // A measured-rain series of 60 mm/h for an hour, no lead time: onset at the next minute boundary.
    const rain = { kind: 'series', label: 'test', stepMin: 60, mmH: [60] } as const;
    expect(sim.hazards.trigger({ kind: 'rainstorm', leadMin: 0, rain }, t0).ok).toBe(true);
    // A fire in building 0: its cordon closes the links beside it.
    expect(sim.hazards.trigger({ kind: 'fire', building: 0 }, t0).ok).toBe(true);
    const closed = [...sim.hazards.snapshot().message.closedLinks];
    expect(closed.length).toBeGreaterThan(0);
    out.clear();
    const t1 = t0 + 10 * 60_000;
    sim.step(t1, out);
    // The gauges and the traffic model see the storm's rain; the producer's own weather is untouched.
    expect(sim.weather.rainMmH).toBe(60);
    let gauges = 0;
    for (let i = 0; i < out.count; i++)
      if (out.channel[i] === Channel.rainMmH) {
        expect(out.value[i]).toBeGreaterThan(30); // 60 mm/h × the station factor 0.6–1.4
        gauges++;
      }
    expect(gauges).toBeGreaterThan(0);
    // Closed links carry 1 % of their capacity (× the heavy-rain capacity factor 1 − 0.1413 and any wind factor).
    const base = sim.traffic.model.network.net.capacity;
    for (const l of closed) expect(sim.traffic.model.linkCapacityVph(l) / base[l]!).toBeLessThan(0.0087);
    // An earthquake trips substations in the live energy model.
    const e = city.meta.extentM;
    const q = {
      kind: 'earthquake',
      x: (e.minX + e.maxX) / 2,
      y: (e.minY + e.maxY) / 2,
      magnitude: 7,
      depthKm: 8,
    };
    expect(sim.hazards.trigger(q as never, t1).ok).toBe(true);
    sim.step(t1 + 60_000, out);
    const tripped = sim.hazards.coupling.trippedStations;
    expect(tripped.length).toBeGreaterThan(0);
    expect(sim.energy!.model.outages.stations).toEqual(tripped);
    expect(sim.energy!.model.busDead.some((d) => d === 1)).toBe(true);
  }, 30_000);
});
