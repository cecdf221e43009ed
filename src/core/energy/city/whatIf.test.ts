import { describe, expect, it } from 'vitest';
import { buildGridModel } from './gridModel.ts';
import { HAND_MADE_T2030, handMadeCity, makeTestCity, QUIET_OPTIONS } from './testCity.ts';
import {
  EnergyRunCancelled,
  EnergyWhatIfRun,
  energyRunSteps,
  runEnergy,
  runEnergyWhatIf,
  validateEnergyLever,
} from './whatIf.ts';

/**
 * The hand-made city of fixture.test.ts (which explains every number used here):
 *   import (0,0) ──110 kV── substation S (1000,0); feeder F1 = buses 0–3, feeder F2 = buses 4–5; optional tie 3–5.
 * At 20:30 on a weekday, calm and overcast at 26 °C: residential 2.985 MW (buses 1, 3), commercial 1.34 MW and EV
 * 0.531 MW (bus 4); demand 4.856 MW.
 */
const spec = handMadeCity;
const T2030 = HAND_MADE_T2030;
const quiet = QUIET_OPTIONS;
/** One 5-minute step, ending at 20:30. */
const ONE_STEP_H = 5 / 60;
const BUILDINGS_MW = 2.985 + 1.34;
const EV_MW = 0.531;

describe('energy what-if: exact deltas on the hand-made city', () => {
  const g = buildGridModel(makeTestCity(spec(false)));

  it('a +10 % heat wave raises the peak by 10 % of the building load, not the EV load', () => {
    const w = runEnergyWhatIf(g, T2030 - 300_000, ONE_STEP_H, [{ kind: 'heatWave', pct: 10 }], quiet);
    expect(w.baseline.steps).toBe(1);
    expect(w.baseline.peakDemandMw).toBeCloseTo(BUILDINGS_MW + EV_MW, 9);
    // 0.1 × (2.985 + 1.34) = 0.4325 MW
    expect(w.delta.peakDemandMw).toBeCloseTo(0.4325, 9);
    expect(w.delta.shedMwh).toBe(0);
    expect(w.shedBuses).toBe(0);
    expect(w.shedFeeders).toEqual([]);
    // The series hold the step's system values (float32).
    expect(Array.from(w.series.simTimeMs)).toEqual([T2030]);
    expect(w.series.baselineDemandMw[0]).toBeCloseTo(4.856, 5);
    expect(w.series.scenarioDemandMw[0]).toBeCloseTo(4.856 + 0.4325, 5);
    expect(w.series.scenarioShedMw[0]).toBe(0);
  });

  it('+50 % EV growth adds half the EV load to the peak', () => {
    const w = runEnergyWhatIf(g, T2030 - 300_000, ONE_STEP_H, [{ kind: 'evGrowth', pct: 50 }], quiet);
    expect(w.delta.peakDemandMw).toBeCloseTo(0.5 * EV_MW, 9); // 0.2655 MW
  });

  it('tripping the only 110 kV line (by model index) sheds the whole city on both feeders', () => {
    const w = runEnergyWhatIf(g, T2030 - 300_000, ONE_STEP_H, [{ kind: 'tripHvLine', hvLine: 0 }], quiet);
    expect(w.shedBuses).toBe(6);
    expect(w.shedFeeders).toEqual([0, 1]);
    // 4.856 MW for 5 minutes = 0.404667 MWh.
    expect(w.delta.shedMwh).toBeCloseTo(4.856 / 12, 9);
    expect(w.scenario.servedMwh).toBe(0);
    expect(w.series.scenarioShedMw[0]).toBeCloseTo(4.856, 5);
    // The peak load counts demand whether served or not.
    expect(w.delta.peakDemandMw).toBeCloseTo(0, 9);
  });

  it('N-1 of feeder F1 over an hour: shed energy and the per-step shed series agree', () => {
    // fixture.test.ts: 3.0 MW × (0.99 + 0.01 × 6.5/12) × 1 h.
    const w = runEnergyWhatIf(g, T2030 - 1_800_000, 1, [{ kind: 'tripLine', line: 1 }], quiet);
    expect(w.delta.shedMwh).toBeCloseTo(3 * (0.99 + (0.01 * 6.5) / 12), 9);
    expect(w.shedFeeders).toEqual([0]);
    let sum = 0;
    for (const v of w.series.scenarioShedMw) sum += v / 12;
    expect(sum).toBeCloseTo(w.scenario.shedMwh, 4);
    expect(w.series.simTimeMs.length).toBe(12);
    expect(w.series.simTimeMs[11]).toBe(T2030 + 1_800_000);
  });

  it('rejects an HV line index outside the model', () => {
    expect(validateEnergyLever(g, { kind: 'tripHvLine', hvLine: 1 })).toBe(
      'tripHvLine: hvLine must be in 0..0, got 1',
    );
    expect(validateEnergyLever(g, { kind: 'tripHvLine', hvLine: 0 })).toBeNull();
  });
});

describe('energy what-if with the tie', () => {
  const g = buildGridModel(makeTestCity(spec(true)));

  it('reports the closed tie and the buses it restored, and no shed', () => {
    const w = runEnergyWhatIf(g, T2030 - 300_000, ONE_STEP_H, [{ kind: 'tripLine', line: 1 }], quiet);
    expect(w.closedTies).toEqual([0]);
    expect(w.transferredBuses).toBe(4);
    expect(w.shedBuses).toBe(0);
    expect(w.delta.shedMwh).toBe(0);
  });
});

describe('progress, cancel and chunked runs', () => {
  const g = buildGridModel(makeTestCity(spec(false)));
  const levers = [{ kind: 'heatWave', pct: 20 }] as const;

  it('counts steps: 24 h at 5 minutes = 288 per run', () => {
    expect(energyRunSteps(24, 300_000)).toBe(288);
    expect(energyRunSteps(-1, 300_000)).toBe(0);
  });

  it('reports every step of both runs, in order, ending at the total', () => {
    const seen: [number, number][] = [];
    runEnergyWhatIf(g, T2030, 1, levers, quiet, { onProgress: (d, n) => seen.push([d, n]) });
    expect(seen.length).toBe(24);
    expect(seen[0]).toEqual([1, 24]);
    expect(seen[23]).toEqual([24, 24]);
    const single: number[] = [];
    runEnergy(g, T2030, 1, undefined, quiet, undefined, { onProgress: (d) => single.push(d) });
    expect(single).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('stops when cancelled, naming how far it got', () => {
    let calls = 0;
    const stopAfter5 = { isCancelled: () => calls++ >= 5 };
    expect(() => runEnergyWhatIf(g, T2030, 1, levers, quiet, stopAfter5)).toThrow(EnergyRunCancelled);
    calls = 0;
    expect(() => runEnergyWhatIf(g, T2030, 1, levers, quiet, stopAfter5)).toThrow(
      'energy run cancelled after 5 of 24 steps',
    );
    calls = 0;
    expect(() => runEnergy(g, T2030, 1, undefined, quiet, undefined, stopAfter5)).toThrow(
      'energy run cancelled after 5 of 12 steps',
    );
  });

  it('advancing in chunks gives exactly the one-go result; the result waits for the last step', () => {
    const run = new EnergyWhatIfRun(g, T2030, 1, levers, quiet);
    expect(run.stepsTotal).toBe(24);
    expect(run.advance(7)).toBe(false);
    expect(run.stepsDone).toBe(7);
    expect(() => run.result()).toThrow('energy what-if: result asked after 7 of 24 steps');
    while (!run.advance(5));
    expect(run.stepsDone).toBe(24);
    expect(run.result()).toEqual(runEnergyWhatIf(g, T2030, 1, levers, quiet));
  });

  it('throws on an invalid lever before running', () => {
    expect(() => new EnergyWhatIfRun(g, T2030, 1, [{ kind: 'tripStation', station: 9 }], quiet)).toThrow(
      'tripStation: station must be in 0..1, got 9',
    );
  });
});
