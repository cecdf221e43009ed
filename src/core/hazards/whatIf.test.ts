import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../citygen/generateCity.ts';
import { importGeoJson } from '../scene/importer.ts';
import type { CityModel } from '../scene/types.ts';
import type { HazardSpec } from './types.ts';
import {
  HAZARD_KPI_COUNT,
  HAZARD_WHATIF_KPIS,
  HazardWhatIfRun,
  hazardWhatIfInputProblem,
  kpiRow,
  kpiStats,
  runHazardWhatIf,
  type HazardWhatIfInput,
} from './whatIf.ts';

/** A generated 500-building city, imported as the real scenes are (as src/core/sim/citySimulator.test.ts does). */
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

// 2026-07-20 08:00 CST = 00:00 UTC = 20654 days × 86400000 ms.
const START = 20654 * 86_400_000;
/** A 100-year, 60-minute storm of the Beijing formula with no warning lead (it starts at the fork's start). */
const STORM: HazardSpec = {
  kind: 'rainstorm',
  leadMin: 0,
  rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 100, durationMin: 60, peakRatio: 0.4 },
};
const INPUT: HazardWhatIfInput = { spec: STORM, startMs: START, horizonMin: 60, seed: 3, utcOffsetMin: 480 };

describe('hazard what-if: KPI statistics', () => {
  it('peak, minimum, end and rectangle-rule integral, by hand', () => {
    // Two KPIs × 4 samples 5 min apart (1/12 h). Row 1 = [100, 90, 80, 100] as a lifeline in %:
    // shortfall integral = ((100−90) + (100−80) + (100−100)) × 1/12 h = 30/12 = 2.5 %·h (sample 0 opens the span).
    const s = Float32Array.from([1, 2, 3, 4, 100, 90, 80, 100]);
    expect(kpiStats(s, 1, 4, 1 / 12, 'shortfall')).toEqual({ peak: 100, min: 80, end: 100, integral: 2.5 });
    // Row 0 = [1, 2, 3, 4] MW: integral (2 + 3 + 4) × 1/12 h = 0.75 MWh.
    expect(kpiStats(s, 0, 4, 1 / 12, 'value')).toEqual({ peak: 4, min: 1, end: 4, integral: 0.75 });
    expect(kpiStats(s, 0, 4, 1 / 12, null).integral).toBeNaN();
    // A KPI with no values at all (no energy model) has no statistics.
    const none = kpiStats(new Float32Array(4).fill(Number.NaN), 0, 4, 1 / 12, 'value');
    expect(none.peak).toBeNaN();
    expect(none.integral).toBeNaN();
  });

  it('the KPI table has unique keys and rows in order', () => {
    const keys = HAZARD_WHATIF_KPIS.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(kpiRow('cityTti')).toBe(0);
    expect(kpiRow('reports')).toBe(HAZARD_KPI_COUNT - 1);
  });
});

describe('hazard what-if: input', () => {
  it('names the field of a bad input', () => {
    expect(hazardWhatIfInputProblem(INPUT)).toBeNull();
    expect(hazardWhatIfInputProblem({ ...INPUT, horizonMin: 62 })).toMatch(
      /horizonMin 62: expected a multiple/,
    );
    expect(hazardWhatIfInputProblem({ ...INPUT, horizonMin: 0 })).toMatch(/^horizonMin 0/);
    expect(hazardWhatIfInputProblem({ ...INPUT, seed: -1 })).toMatch(/^seed -1/);
    expect(hazardWhatIfInputProblem({ ...INPUT, startMs: Number.NaN })).toMatch(/^startMs NaN/);
    expect(hazardWhatIfInputProblem({ ...INPUT, trafficIntervalMin: 0 })).toMatch(/^trafficIntervalMin 0/);
    expect(() => new HazardWhatIfRun(city500(), { ...INPUT, horizonMin: 7 })).toThrow(
      /hazard what-if: horizonMin 7/,
    );
  });

  it('refuses a spec the runtime refuses, with its reason', () => {
    const bad: HazardSpec = { kind: 'fire', building: 1_000_000 };
    expect(() => runHazardWhatIf(city500(), { ...INPUT, spec: bad, horizonMin: 5 })).toThrow(
      /hazard what-if: trigger:/,
    );
  });
});

describe('hazard what-if: the fork', () => {
  const city = city500();
  let progressCalls = 0;
  const a = runHazardWhatIf(city, INPUT, () => progressCalls++);
  const b = runHazardWhatIf(city, INPUT);

  it('samples every 5 minutes from the start to the horizon, reporting progress per step', () => {
    expect(a).not.toBeNull();
    const r = a!;
    expect(Array.from(r.simTimeMs)).toEqual(Array.from({ length: 13 }, (_, i) => START + i * 300_000));
    expect(r.baseline.length).toBe(HAZARD_KPI_COUNT * 13);
    expect(progressCalls).toBe(2 + 60); // two simulator builds, then one step per simulated minute
    expect(r.delta.map((d) => d.key)).toEqual(HAZARD_WHATIF_KPIS.map((k) => k.key));
  });

  it('shares the per-city models between runs without changing a bit (memo warm vs a fresh city object)', () => {
    // `a` built the city's traffic models (network, fitted demand, peak scale) and grid model in its baseline fork
    // and shared them with its scenario fork; `b` found them all in the memo; `c` runs on an identical but distinct
    // CityModel object, so it builds its own (src/core/traffic/live.ts cityTrafficModels, keyed by the object).
    const c = runHazardWhatIf(city500(), INPUT)!;
    for (const r of [a!, b!]) {
      expect(new Uint8Array(r.baseline.buffer)).toEqual(new Uint8Array(c.baseline.buffer));
      expect(new Uint8Array(r.scenario.buffer)).toEqual(new Uint8Array(c.scenario.buffer));
      expect(r.delta).toEqual(c.delta);
      expect(r.cascade).toEqual(c.cascade);
      expect(Array.from(r.closedMinutes)).toEqual(Array.from(c.closedMinutes));
      expect(r.maxDepth?.depthMm).toEqual(c.maxDepth?.depthMm);
    }
  });

  it('reuses a finished baseline for another hazard from the same fork, bit-identically; never a partial one', () => {
    // `a` finished on `city`, so every later run there with the same seed, start, horizon and intervals skips its
    // baseline fork; another seed (another baseline) does not.
    expect(new HazardWhatIfRun(city, INPUT).isBaselineReused).toBe(true);
    const storm2: HazardSpec = {
      kind: 'rainstorm',
      leadMin: 0,
      rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 10, durationMin: 120, peakRatio: 0.4 },
    };
    const input2 = { ...INPUT, spec: storm2 };
    expect(new HazardWhatIfRun(city, input2).isBaselineReused).toBe(true);
    expect(new HazardWhatIfRun(city, { ...INPUT, seed: 4 }).isBaselineReused).toBe(false);
    const reused = runHazardWhatIf(city, input2)!;
    const fresh = runHazardWhatIf(city500(), input2)!;
    expect(new Uint8Array(reused.baseline.buffer)).toEqual(new Uint8Array(fresh.baseline.buffer));
    expect(new Uint8Array(reused.scenario.buffer)).toEqual(new Uint8Array(fresh.scenario.buffer));
    expect(reused.baselineCascadeSteps).toBe(fresh.baselineCascadeSteps);
    expect(reused.delta).toEqual(fresh.delta);
    // The result's arrays are the caller's: changing them does not reach the next run.
    reused.baseline.fill(-1);
    expect(Array.from(runHazardWhatIf(city, input2)!.baseline)).toEqual(Array.from(fresh.baseline));
    // A cancelled run leaves nothing behind.
    const input3 = { ...INPUT, seed: 5, horizonMin: 10 };
    new HazardWhatIfRun(city, input3).advance(6);
    expect(new HazardWhatIfRun(city, input3).isBaselineReused).toBe(false);
  });

  it('is deterministic: the same inputs give identical results', () => {
    const r = a!;
    const s = b!;
    expect(Array.from(s.baseline)).toEqual(Array.from(r.baseline));
    expect(Array.from(s.scenario)).toEqual(Array.from(r.scenario));
    expect(s.cascade).toEqual(r.cascade);
    expect(Array.from(s.closedLinks)).toEqual(Array.from(r.closedLinks));
    expect(s.delta).toEqual(r.delta);
    expect(s.maxDepth?.depthMm).toEqual(r.maxDepth?.depthMm);
  });

  it('changes only the scenario: the baseline has no hazard, the scenario has its storm and cascade', () => {
    const r = a!;
    const n = r.simTimeMs.length;
    const row = (k: Parameters<typeof kpiRow>[0]) => kpiRow(k) * n;
    // Before the storm has done anything (sample 0, the start) the two forks are the same twin.
    for (let k = 0; k < HAZARD_KPI_COUNT; k++)
      if (HAZARD_WHATIF_KPIS[k]!.key !== 'maxDepthM') expect(r.scenario[k * n]).toBe(r.baseline[k * n]);
    expect(r.baselineCascadeSteps).toBe(0);
    for (let i = 0; i < n; i++) {
      expect(r.baseline[row('roadsPct') + i]).toBe(100);
      expect(r.baseline[row('closedLinks') + i]).toBe(0);
      expect(r.baseline[row('reports') + i]).toBe(0);
    }
    expect(r.hazardId).toBe('HZ-0001');
    expect(r.cascade.length).toBeGreaterThan(0);
    expect(r.cascade[0]!.hazardId).toBe('HZ-0001');
    expect(r.maxDepth).not.toBeNull();
    const depth = r.delta.find((d) => d.key === 'maxDepthM')!;
    expect(depth.baseline.peak).toBe(0);
    expect(depth.scenario.peak).toBeGreaterThan(0);
    // Closed links: every link listed was closed for a positive number of whole minutes within the horizon.
    for (let i = 0; i < r.closedLinks.length; i++) {
      expect(r.closedMinutes[i]).toBeGreaterThan(0);
      expect(r.closedMinutes[i]).toBeLessThanOrEqual(60);
    }
  });
});
