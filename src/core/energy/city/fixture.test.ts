import { describe, expect, it } from 'vitest';
import { localWeekday } from '../../sim/cityClock.ts';
import { EnergySimulator, BASE_SCENARIO } from './energySim.ts';
import type { EnergyWeatherFn } from './energySim.ts';
import { SceneLineUse, buildGridModel, circuitMva, CABLE_10KV, LINE_110KV } from './gridModel.ts';
import { POWER_FACTOR, tanPhi } from './loads.ts';
import { clearSkyGhiHaurwitz, pvOutputShare, solarPosition } from './solar.ts';
import { HAND_MADE_T2030 as T2030, handMadeCity, makeTestCity, QUIET_OPTIONS as quiet } from './testCity.ts';
import { runEnergyWhatIf, scenarioFromLevers, validateEnergyLever } from './whatIf.ts';

describe('grid model of the hand-made city', () => {
  const g = buildGridModel(makeTestCity(handMadeCity(true)));

  it('builds stations, feeders split into ≤ 250 m sections, and the tie', () => {
    expect(g.stationCount).toBe(2);
    expect(g.slackStation).toBe(0);
    expect(g.importLimitMw).toBeCloseTo(95, 9); // 100 MVA × 0.95
    expect(g.feederCount).toBe(2);
    expect(g.busCount).toBe(6);
    expect(Array.from(g.busParent)).toEqual([-1, 0, 1, 2, -1, 4]);
    expect(Array.from(g.busFeeder)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(Array.from(g.busX)).toEqual([1000, 1000, 1250, 1500, 1250, 1500]);
    expect(g.tieCount).toBe(1);
    expect([g.tieBusA[0], g.tieBusB[0]]).toEqual([3, 5]);
    expect(Array.from(g.sceneLineUse)).toEqual([
      SceneLineUse.hv,
      SceneLineUse.feeder,
      SceneLineUse.feeder,
      SceneLineUse.tie,
    ]);
    expect(Array.from(g.sceneLineHeadBus)).toEqual([-1, 0, 4, -1]);
  });

  it('derives impedances and ratings from the conductors', () => {
    // 250 m of YJV22-3×240: r = 0.0754 × 0.25 = 0.01885 Ω, x = 0.08 × 0.25 = 0.02 Ω, one circuit of √3·10 kV·420 A.
    expect(g.busROhm[0]).toBeCloseTo(0.01885, 12);
    expect(g.busXOhm[0]).toBeCloseTo(0.02, 12);
    expect(g.busCircuits[0]).toBe(1);
    expect(circuitMva(CABLE_10KV, 10)).toBeCloseTo(7.2746, 4);
    expect(g.busRatingMva[0]).toBeCloseTo(7.2746, 4);
    // 1 km of LGJ-240: r = 0.1181 Ω, x = 0.401 Ω, √3·110 kV·610 A = 116.22 MVA.
    expect(g.hvROhm[0]).toBeCloseTo(0.1181, 12);
    expect(g.hvXOhm[0]).toBeCloseTo(0.401, 12);
    expect(g.hvRatingMva[0]).toBeCloseTo(circuitMva(LINE_110KV, 110), 9);
    expect(g.hvRatingMva[0]).toBeCloseTo(116.22, 2);
    expect(g.tieROhm[0]).toBeCloseTo(0.0377, 12); // 500 m
  });

  it('puts each building, the EV station and the storage where they belong', () => {
    expect(Array.from(g.buildingBus)).toEqual([1, 3, 4]);
    // Residential 1.5 MW at buses 1 and 3, commercial 2.0 MW and EV 0.6 MW at bus 4.
    expect(g.busPeakMw[1 * 6 + 0]).toBeCloseTo(1.5, 9);
    expect(g.busPeakMw[3 * 6 + 0]).toBeCloseTo(1.5, 9);
    expect(g.busPeakMw[4 * 6 + 1]).toBeCloseTo(2.0, 9);
    expect(g.busPeakMw[4 * 6 + 5]).toBeCloseTo(0.6, 9);
    expect(Array.from(g.evBus)).toEqual([4]);
    expect(g.storage.count).toBe(1);
    expect(g.storage.station[0]).toBe(1);
    expect(g.storage.bus[0]).toBe(-1);
    expect(g.busDownstreamDesignMw[0]).toBeCloseTo(3.0, 9);
    expect(g.busDownstreamDesignMw[4]).toBeCloseTo(2.6, 9);
  });
});

describe('energy simulator on the hand-made city', () => {
  const g = buildGridModel(makeTestCity(handMadeCity(false)));
  const off = { ...BASE_SCENARIO, strategy: 'off' as const };

  it('computes loads from profiles: demand at 20:30 on a weekday', () => {
    expect(localWeekday(T2030)).toBe(2); // Wednesday
    const r = new EnergySimulator(g, off, quiet).step(T2030);
    // Residential 0.995 × 1.5 × 2 = 2.985; commercial (0.72 + 0.62)/2 × 2.0 = 1.34; EV (0.95 + 0.82)/2 × 0.6 = 0.531.
    expect(r.demandMw).toBeCloseTo(2.985 + 1.34 + 0.531, 9);
    expect(r.servedLoadMw).toBeCloseTo(4.856, 9);
    expect(r.shedMw).toBe(0);
    expect(r.pvMw).toBe(0);
    expect(r.thermalMw).toBe(0);
  });

  it('balances: served load + losses = import + storage (+ renewables + thermal)', () => {
    const sim = new EnergySimulator(g, BASE_SCENARIO, { seed: 3 });
    for (let k = 0; k < 288; k++) {
      const r = sim.step(T2030 + k * 300_000);
      const supply = r.importMw + r.storageMw + r.pvMw + r.windMw + r.thermalMw;
      expect(Math.abs(r.servedLoadMw + r.lossesMw - supply)).toBeLessThan(1e-6);
      expect(r.converged).toBe(true);
    }
  });

  it('per-unit conversion: the drop over one 250 m section ≈ (P·R + Q·X)/V²', () => {
    const r = new EnergySimulator(g, off, quiet).step(T2030);
    // Bus 4 takes 1.34 MW commercial (pf 0.9) and 0.531 MW EV (pf 0.99); bus 5 beyond it has no load.
    const p = 1.34 + 0.531;
    const q = 1.34 * tanPhi(POWER_FACTOR[1]!) + 0.531 * tanPhi(POWER_FACTOR[5]!);
    // ΔV = (1.871 × 0.01885 + 0.7247 × 0.02) / 10² = 0.000498 p.u. (second-order terms ~1e-8).
    const dv = (p * 0.01885 + q * 0.02) / 100;
    expect(r.busVoltagePu[4]).toBeCloseTo(1 - dv, 6);
    expect(r.busVoltagePu[5]).toBeCloseTo(r.busVoltagePu[4]!, 9);
    // Loss of that section = |S|²/|V|²·R with |V| = 10 kV × V₄: (1.871² + 0.7247²)/(10·V₄)² × 0.01885 ≈ 0.000760 MW.
    const v4 = r.busVoltagePu[4]!;
    expect(r.feederLossMw[1]).toBeCloseTo(((p * p + q * q) / (100 * v4 * v4)) * 0.01885, 9);
  });

  it('evolves storage SoC physically (self-consumption discharges at full power)', () => {
    const sim = new EnergySimulator(g, { ...BASE_SCENARIO, strategy: 'selfConsumption' }, quiet);
    const r = sim.step(T2030);
    // 2 MW for 5 min from 2 MWh: −2/√0.85 × 1/12 = −0.180775 MWh → 1.819225 MWh = 45.4806 % of 4 MWh.
    expect(r.storageMw).toBeCloseTo(2, 9);
    expect(r.storageSoc[0]).toBeCloseTo((2 - 2 / Math.sqrt(0.85) / 12) / 4, 9);
  });

  it('N-1: tripping a feeder head with no tie sheds everything downstream', () => {
    const sc = scenarioFromLevers(g, [{ kind: 'tripLine', line: 1 }], off);
    const sim = new EnergySimulator(g, sc, quiet);
    expect(Array.from(sim.busDead)).toEqual([1, 1, 1, 1, 0, 0]);
    const r = sim.step(T2030);
    expect(r.shedMw).toBeCloseTo(2.985, 9);
    expect(r.servedLoadMw).toBeCloseTo(1.871, 9);
    expect(r.alarms.some((a) => a.kind === 'loadShed' && Math.abs(a.value - 2.985) < 1e-9)).toBe(true);
    expect(r.busVoltagePu[2]).toBe(0);
  });

  it('N-1 over an hour: the what-if reports the shed energy as a delta', () => {
    // Steps end at 20:05 … 21:00; the residential profile is linear 0.99 → 1.00 over the hour, so the mean of the
    // step-end values is 0.99 + 0.01 × 6.5/12 = 0.9954167 and the shed energy 3.0 MW × 0.9954167 × 1 h = 2.98625 MWh.
    const w = runEnergyWhatIf(g, T2030 - 1_800_000, 1, [{ kind: 'tripLine', line: 1 }], quiet);
    expect(w.delta.shedMwh).toBeCloseTo(3 * (0.99 + (0.01 * 6.5) / 12), 9);
    expect(w.shedBuses).toBe(4);
    expect(w.closedTies).toEqual([]);
  });

  it('tripping the only substation or the import point sheds the whole city', () => {
    for (const station of [0, 1]) {
      const sim = new EnergySimulator(
        g,
        scenarioFromLevers(g, [{ kind: 'tripStation', station }], off),
        quiet,
      );
      const r = sim.step(T2030);
      expect(r.shedMw).toBeCloseTo(4.856, 9);
      expect(r.servedLoadMw).toBe(0);
      expect(r.importMw).toBe(0);
    }
  });

  it('heat wave and EV growth scale their loads', () => {
    const hot = new EnergySimulator(g, scenarioFromLevers(g, [{ kind: 'heatWave', pct: 10 }], off), quiet);
    expect(hot.step(T2030).demandMw).toBeCloseTo((2.985 + 1.34) * 1.1 + 0.531, 9);
    const ev = new EnergySimulator(g, scenarioFromLevers(g, [{ kind: 'evGrowth', pct: 50 }], off), quiet);
    expect(ev.step(T2030).demandMw).toBeCloseTo(2.985 + 1.34 + 0.531 * 1.5, 9);
  });

  it('is deterministic: the same seed gives identical runs, another seed differs', () => {
    const run = (seed: number): number[] => {
      const sim = new EnergySimulator(g, BASE_SCENARIO, { seed });
      const out: number[] = [];
      for (let k = 0; k < 24; k++) {
        const r = sim.step(T2030 + k * 300_000);
        out.push(r.demandMw, r.importMw, r.lossesMw, r.storageSoc[0]!, r.minVoltagePu);
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

/** 2026-07-15 12:00 China Standard Time = 04:00 UTC. */
const NOON = 1_784_088_000_000;
const clearNoon: EnergyWeatherFn = (_t, out) => {
  out.temperatureC = 26;
  out.cloudCover = 0;
  out.windMS = 0;
};

describe('levers that add sources', () => {
  const g = buildGridModel(makeTestCity(handMadeCity(false)));
  const off = { ...BASE_SCENARIO, strategy: 'off' as const };

  it('addPv: a PV unit at a bus produces rating × output share and displaces import', () => {
    const sc = scenarioFromLevers(g, [{ kind: 'addPv', bus: 4, mw: 2 }], off);
    const r = new EnergySimulator(g, sc, { weather: clearNoon, loadNoiseSigma: 0 }).step(NOON);
    const sun = solarPosition(NOON, 31.1, 120.9);
    // Shanghai at local noon in mid-July: the sun ~80° high, GHI ≈ 1030 W/m², output ≈ 0.75 of rating at 26 °C.
    expect(sun.elevationDeg).toBeGreaterThan(75);
    const share = pvOutputShare(clearSkyGhiHaurwitz(sun.elevationDeg), 26);
    expect(r.pvMw).toBeCloseTo(2 * share, 9);
    expect(r.renewableShare).toBeCloseTo(r.pvMw / r.servedLoadMw, 9);
    const base = new EnergySimulator(g, off, { weather: clearNoon, loadNoiseSigma: 0 }).step(NOON);
    expect(base.importMw - r.importMw).toBeGreaterThan(0.95 * r.pvMw);
  });

  it('curtails renewables only when nothing else can absorb them (no export, storage off)', () => {
    const sc = scenarioFromLevers(g, [{ kind: 'addPv', bus: 4, mw: 20 }], off);
    const sim = new EnergySimulator(g, sc, { weather: clearNoon, loadNoiseSigma: 0 });
    sim.step(NOON - 300_000); // the loss estimate comes from the previous step
    const r = sim.step(NOON);
    expect(r.curtailedMw).toBeGreaterThan(5);
    // Used PV = load + losses (estimated from the previous step; the import point absorbs the small difference).
    expect(Math.abs(r.importMw)).toBeLessThan(0.01);
    expect(r.pvMw + r.curtailedMw).toBeGreaterThan(13);
    // With storage on, it charges before anything is curtailed.
    const withSto = new EnergySimulator(
      g,
      { ...sc, strategy: 'selfConsumption' },
      { weather: clearNoon, loadNoiseSigma: 0 },
    );
    withSto.step(NOON - 300_000);
    const r2 = withSto.step(NOON);
    expect(r2.storageMw).toBeCloseTo(-2, 9);
    expect(r2.curtailedMw).toBeCloseTo(r.curtailedMw - 2, 1);
  });

  it('addStorage: a unit at a feeder bus joins the dispatch', () => {
    const sc = scenarioFromLevers(g, [{ kind: 'addStorage', bus: 2, mw: 1, mwh: 2 }], {
      ...BASE_SCENARIO,
      strategy: 'selfConsumption',
    });
    const r = new EnergySimulator(g, sc, quiet).step(T2030);
    // Both units discharge at full power at night under self-consumption: 2 + 1 MW.
    expect(r.storagePowerMw.length).toBe(2);
    expect(r.storagePowerMw[1]).toBeCloseTo(1, 9);
    expect(r.storageMw).toBeCloseTo(3, 9);
    // The unit at bus 2 lowers that bus's net load by 1 MW.
    expect(r.busLoadMw[2]).toBeCloseTo(-1, 9);
  });
});

describe('N-1 with a normally open tie', () => {
  const g = buildGridModel(makeTestCity(handMadeCity(true)));

  it('closes the tie and re-supplies the tripped feeder from its neighbour', () => {
    const sc = scenarioFromLevers(g, [{ kind: 'tripLine', line: 1 }], { ...BASE_SCENARIO, strategy: 'off' });
    const sim = new EnergySimulator(g, sc, quiet);
    expect(sim.closedTies).toEqual([0]);
    expect(sim.transferredBuses).toBe(4);
    expect(Array.from(sim.busDead)).toEqual([0, 0, 0, 0, 0, 0]);
    const r = sim.step(T2030);
    expect(r.shedMw).toBe(0);
    expect(r.servedLoadMw).toBeCloseTo(4.856, 9);
    // Everything now flows through F2's first section; bus 0 (the old head) is the far end of the path.
    let lowest = 0;
    for (let i = 1; i < 6; i++) if (r.busVoltagePu[i]! < r.busVoltagePu[lowest]!) lowest = i;
    expect(lowest).toBe(0);
    expect(r.feederHeadMw[1]).toBeGreaterThan(4.856);
    expect(r.feederHeadMw[0]).toBe(0);
  });
});

describe('validateEnergyLever', () => {
  const g = buildGridModel(makeTestCity(handMadeCity(true)));

  it('accepts valid levers and names the problem with invalid ones', () => {
    expect(validateEnergyLever(g, { kind: 'tripLine', line: 1 })).toBeNull();
    expect(validateEnergyLever(g, { kind: 'tripLine', line: 3 })).toMatch(/normally open tie/);
    expect(validateEnergyLever(g, { kind: 'tripLine', line: 9 })).toMatch(/scene power-line index in 0\.\.3/);
    expect(validateEnergyLever(g, { kind: 'tripStation', station: 2 })).toMatch(/station must be in 0\.\.1/);
    expect(validateEnergyLever(g, { kind: 'addPv', bus: 2, mw: 0 })).toMatch(/mw must be in/);
    expect(validateEnergyLever(g, { kind: 'addStorage', bus: 2, mw: 1, mwh: Number.NaN })).toMatch(/mwh/);
    expect(validateEnergyLever(g, { kind: 'heatWave', pct: -100 })).toMatch(/pct must be in/);
    expect(validateEnergyLever(g, { kind: 'storageStrategy', strategy: 'peakShave' })).toBeNull();
    expect(
      validateEnergyLever(g, { kind: 'storageStrategy', strategy: 'nonsense' as unknown as 'off' }),
    ).toMatch(/one of peakShave, selfConsumption, off/);
    expect(() => scenarioFromLevers(g, [{ kind: 'tripSection', bus: 6 }])).toThrow(/bus must be in 0\.\.5/);
  });
});
