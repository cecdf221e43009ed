import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../../citygen/generateCity.ts';
import { Channel } from '../../protocol/channels.ts';
import { ReadingColumns } from '../../protocol/readingColumns.ts';
import { importGeoJson } from '../../scene/importer.ts';
import type { CityModel } from '../../scene/types.ts';
import { StorageStrategy } from './dispatch.ts';
import { BASE_SCENARIO } from './energySim.ts';
import { buildGridModel } from './gridModel.ts';
import { LiveEnergyModel, substationMeters } from './liveEnergy.ts';
import type { TetouanSeries } from './tetouan.ts';
import { TETOUAN_STEP_MS } from './tetouan.ts';

/** The synthetic city the generator makes for seed 1 with 500 buildings (18 feeders, 4 stations, 4 meters). */
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

/** 2026-07-15 00:00 China Standard Time (a Wednesday). */
const MIDNIGHT = 1_784_044_800_000;
const MIN = 60_000;
const HOUR = 3_600_000;

/** A synthetic year of 10-minute rows from 2017-01-01 00:00 (UTC+0): zone k = (k + 1) × 1000 + row % 144 kW. */
function syntheticSeries(): TetouanSeries {
  const n = 364 * 144;
  const t0 = 17_167 * 86_400_000; // 2017-01-01T00:00Z (days from 1970: 47 × 365 + 12 leap days)
  const timeMs = new Float64Array(n);
  const z = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  for (let r = 0; r < n; r++) {
    timeMs[r] = t0 + r * TETOUAN_STEP_MS;
    for (let k = 0; k < 3; k++) z[k]![r] = (k + 1) * 1000 + (r % 144);
  }
  return {
    fileName: 'synthetic',
    rowCount: n,
    timeMs,
    temperatureC: new Float32Array(n).fill(20),
    humidityPct: new Float32Array(n).fill(50),
    windMS: new Float32Array(n).fill(1),
    zone1Kw: z[0],
    zone2Kw: z[1],
    zone3Kw: z[2],
    zonePeakKw: [1143, 2143, 3143],
  };
}

describe('LiveEnergyModel', () => {
  const city = city500();
  const g = buildGridModel(city);

  it('section flows conserve power: each section carries its bus load, its children and its own losses', () => {
    const lm = new LiveEnergyModel(g, { intervalMin: 5 });
    lm.step(MIDNIGHT + 19 * HOUR, { temperatureC: 30 });
    const r = lm.result;
    const children = new Float64Array(g.busCount);
    for (let i = 0; i < g.busCount; i++) {
      const p = g.busParent[i]!;
      if (p >= 0) children[p]! += r.sectionFlowMw[i]!;
    }
    let checked = 0;
    for (let i = 0; i < g.busCount; i++) {
      if (r.busVoltagePu[i] === 0) continue; // dead
      // Loss of the section = flow in − bus load − flow on to the children: ≥ 0 and small (< 3 % of the flow).
      const loss = r.sectionFlowMw[i]! - r.busLoadMw[i]! - children[i]!;
      expect(loss).toBeGreaterThanOrEqual(-1e-9);
      expect(loss).toBeLessThanOrEqual(0.03 * Math.abs(r.sectionFlowMw[i]!) + 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    // A feeder's head power is the sum of the flows into its first sections.
    const head = new Float64Array(g.feederCount);
    for (let i = 0; i < g.busCount; i++)
      if (g.busParent[i]! < 0) head[g.busFeeder[i]!]! += r.sectionFlowMw[i]!;
    for (let f = 0; f < g.feederCount; f++) expect(head[f]).toBeCloseTo(r.feederHeadMw[f]!, 9);
    // The frame carries the same numbers as float32.
    expect(Array.from(lm.frame.sectionFlowMw)).toEqual(Array.from(r.sectionFlowMw, Math.fround));
    expect(Array.from(lm.frame.hvLineFlowMw)).toEqual(Array.from(r.hvLineFlowMw, Math.fround));
  });
  it('dispatches once per interval on slots aligned to the clock', () => {
    const lm = new LiveEnergyModel(g, { intervalMin: 5 });
    const wx = { temperatureC: 28, cloudCover: 0.2 };
    expect(lm.step(MIDNIGHT + 2 * MIN, wx)).toBe(1); // slot 00:00
    expect(lm.frame.simTimeMs).toBe(MIDNIGHT);
    for (const m of [3, 4, 4.99]) expect(lm.step(MIDNIGHT + m * MIN, wx)).toBe(0);
    expect(lm.step(MIDNIGHT + 5 * MIN, wx)).toBe(1);
    expect(lm.frame.version).toBe(2);
    expect(lm.step(MIDNIGHT + 31 * MIN, wx)).toBe(5); // 00:10, 00:15, 00:20, 00:25, 00:30
    expect(lm.frame.version).toBe(7);
    expect(lm.frame.simTimeMs).toBe(MIDNIGHT + 30 * MIN);
    // A jump longer than maxCatchUpSteps runs only the latest slots.
    const short = new LiveEnergyModel(g, { intervalMin: 10, maxCatchUpSteps: 3 });
    short.step(MIDNIGHT, wx);
    expect(short.step(MIDNIGHT + 5 * HOUR, wx)).toBe(3);
    expect(() => new LiveEnergyModel(g, { intervalMin: 0 })).toThrow('intervalMin must be > 0');
  });

  it('is deterministic: the same clock and weather give the same frames, balance and meter readings', () => {
    const run = (): { frame: string; balance: string; meters: number[] } => {
      const lm = new LiveEnergyModel(g, { meters: substationMeters(city, g) });
      for (let t = 0; t <= 24 * HOUR; t += 7 * MIN)
        lm.step(MIDNIGHT + t, { temperatureC: 30 + (t / HOUR) * 0.1 });
      const out = new ReadingColumns();
      lm.emitMeters(out);
      const f = lm.frame;
      return {
        frame: JSON.stringify([
          f.version,
          Array.from(f.sectionLoadingPct),
          Array.from(f.busVoltagePu),
          Array.from(f.storageSocPct),
          Array.from(f.stationLoadMw),
        ]),
        balance: JSON.stringify(lm.balance),
        meters: Array.from(out.value.subarray(0, out.count)),
      };
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.meters.length).toBe(4);
  });

  it('streams one loadMW reading per substation meter and a balanced record', () => {
    const meters = substationMeters(city, g);
    const lm = new LiveEnergyModel(g, { meters });
    lm.step(MIDNIGHT + 20 * HOUR, { temperatureC: 33 });
    const out = new ReadingColumns();
    lm.emitMeters(out);
    expect(out.count).toBe(meters.sensorIndex.length);
    for (let i = 0; i < out.count; i++) {
      expect(out.sensorIndex[i]).toBe(meters.sensorIndex[i]);
      expect(out.channel[i]).toBe(Channel.loadMW);
      expect(out.value[i]).toBe(Math.fround(Math.max(0, lm.frame.stationLoadMw[meters.station[i]!]!)));
    }
    const b = lm.balance;
    // Supply = load + losses (+ charging): import + thermal + PV + wind + discharge − charge = load + losses.
    const supply = b.importMw + b.thermalMw + b.pvMw + b.windMw + b.storageDischargeMw - b.storageChargeMw;
    expect(supply).toBeCloseTo(b.loadMw + b.lossesMw, 6);
    expect(b.loadMw).toBeGreaterThan(0);
    expect(b.carbonIntensityGPerKwh).toBeGreaterThan(0);
  });

  it('the Tétouan override sets exactly the three chosen feeders and leaves the others as they were', () => {
    // Night (02:00, no PV), no wind, no storage dispatch, no noise: a bus's net load is its demand.
    const opts = {
      scenario: { ...BASE_SCENARIO, strategy: StorageStrategy.off },
      sim: { loadNoiseSigma: 0 },
    };
    const wx = { temperatureC: 26, cloudCover: 0, windMS: 0 };
    const t = MIDNIGHT + 2 * HOUR;
    const plain = new LiveEnergyModel(g, opts);
    const series = syntheticSeries();
    const feeders = [1, 4, 7] as const;
    const replay = new LiveEnergyModel(g, { ...opts, tetouan: { series, feeders } });
    plain.step(t, wx);
    replay.step(t, wx);
    // 2026-07-15 02:00 local = day 195 of the year (31+28+31+30+31+30+14) → row 195 × 144 + 12 = 28,092.
    expect(replay.tetouanRow).toBe(28_092);
    const a = plain.result.busLoadMw;
    const b = replay.result.busLoadMw;
    const sum = new Float64Array(g.feederCount);
    const plainSum = new Float64Array(g.feederCount);
    for (let i = 0; i < g.busCount; i++) {
      const f = g.busFeeder[i]!;
      sum[f]! += b[i]!;
      plainSum[f]! += a[i]!;
      if (!feeders.includes(f as 1 | 4 | 7)) expect(b[i]).toBe(a[i]);
    }
    for (let k = 0; k < 3; k++) {
      // Zone k at row 28,092: (k + 1) × 1000 + 28,092 mod 144 (= 12) kW, times the feeder's MW per kW.
      const target = ((k + 1) * 1000 + 12) * replay.tetouanMap!.mwPerKw[k]!;
      expect(replay.tetouanFeederMw[k]).toBeCloseTo(target, 12);
      const f = feeders[k]!;
      expect(sum[f]).toBeCloseTo(target, 9);
      expect(sum[f]).not.toBeCloseTo(plainSum[f]!, 3);
    }
  });

  it('raises alarms when sections overload in the evening and clears them at night', () => {
    // A heat wave (loads × 2.5, 35 °C in the evening) overloads some feeder sections at the evening peak.
    const lm = new LiveEnergyModel(g, { scenario: { ...BASE_SCENARIO, loadScale: 2.5 } });
    const raised = new Set<string>();
    const cleared = new Set<string>();
    const active = new Set<string>();
    let peakActive = 0;
    for (let t = 3 * HOUR; t <= 27 * HOUR; t += 5 * MIN) {
      const h = (t / HOUR) % 24;
      lm.step(MIDNIGHT + t, { temperatureC: h >= 17 && h <= 21 ? 35 : 25 });
      for (const e of lm.alarmEvents) {
        const key = `${e.kind}:${e.index}`;
        expect(e.simTimeMs).toBe(MIDNIGHT + t);
        if (e.raised) {
          expect(active.has(key)).toBe(false);
          active.add(key);
          raised.add(key);
        } else {
          expect(active.has(key)).toBe(true);
          active.delete(key);
          cleared.add(key);
        }
      }
      expect([...active].sort()).toEqual(
        lm
          .activeAlarms()
          .map((a) => `${a.kind}:${a.index}`)
          .sort(),
      );
      peakActive = Math.max(peakActive, active.size);
    }
    expect([...raised].some((k) => k.startsWith('sectionOverload:'))).toBe(true);
    expect(peakActive).toBeGreaterThan(0);
    expect(active.size).toBe(0); // all cleared by 03:00 the next night
    expect(cleared).toEqual(raised);
  });

  it('setOutages trips a station on top of the scenario, keeps the storage charge, and restores on an empty list', () => {
    const lm = new LiveEnergyModel(g, { intervalMin: 5 });
    const twin = new LiveEnergyModel(g, { intervalMin: 5 });
    // Run both through an evening peak so the batteries move away from their initial charge.
    for (let t = 12 * HOUR; t <= 20 * HOUR; t += 5 * MIN) {
      lm.step(MIDNIGHT + t, { temperatureC: 33 });
      twin.step(MIDNIGHT + t, { temperatureC: 33 });
    }
    const soc = (m: LiveEnergyModel): number[] =>
      Array.from((m as unknown as { sim: { storageSocMwh: Float64Array } }).sim.storageSocMwh);
    const before = soc(lm);
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toEqual(soc(new LiveEnergyModel(g, { intervalMin: 5 }))); // the batteries did move
    // The substation that feeds the most buses.
    const perStation = new Map<number, number>();
    for (let i = 0; i < g.busCount; i++)
      perStation.set(g.busStation[i]!, (perStation.get(g.busStation[i]!) ?? 0) + 1);
    const s = [...perStation].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
    expect(lm.busDead.every((d) => d === 0)).toBe(true);
    expect(lm.setOutages({ stations: [s], sections: [] }, MIDNIGHT + 20 * HOUR)).toBe(true);
    expect(lm.outageVersion).toBe(1);
    expect(lm.outageSinceMs).toBe(MIDNIGHT + 20 * HOUR);
    expect(lm.outages).toEqual({ stations: [s], sections: [] });
    // Its own buses are dead unless a tie picked them up; some bus must be dead (ties cannot carry a whole station).
    expect(lm.busDead.some((d) => d === 1)).toBe(true);
    for (let i = 0; i < g.busCount; i++) if (lm.busDead[i]) expect(g.busStation[i]).toBe(s);
    expect(soc(lm)).toEqual(before); // carried over, not reset to the initial charge
    expect(lm.setOutages({ stations: [s], sections: [] }, MIDNIGHT + 20 * HOUR)).toBe(false); // unchanged
    lm.step(MIDNIGHT + 20 * HOUR + 5 * MIN, { temperatureC: 33 });
    expect(lm.balance.shedMw).toBeGreaterThan(0);
    expect(lm.balance.demandMw).toBeCloseTo(lm.balance.loadMw + lm.balance.shedMw + lm.balance.unservedMw, 6);
    expect(lm.frame.version).toBe(twin.frame.version + 1); // history kept: the dispatch count continues
    expect(lm.setOutages({ stations: [], sections: [] }, MIDNIGHT + 21 * HOUR)).toBe(true);
    expect(lm.busDead.every((d) => d === 0)).toBe(true);
    expect(() => lm.setOutages({ stations: [g.stationCount], sections: [] }, 0)).toThrow(
      `live energy setOutages: station ${g.stationCount} is not in 0…${g.stationCount - 1}`,
    );
    expect(() => lm.setOutages({ stations: [], sections: [-1] }, 0)).toThrow(/section \(bus\) -1 is not in/);
  });
});
