import { describe, expect, it } from 'vitest';
import {
  EMISSION_FACTOR,
  carbonIntensityGPerKwh,
  meritOrder,
  meritOrderDispatch,
  peakShaveThreshold,
  valleyFillThreshold,
} from './dispatch.ts';
import type { MeritUnits } from './dispatch.ts';

// Three units: A 20–100 MW at 300 CNY/MWh, B 50–150 MW at 500, C 10–50 MW at 400 → merit order A, C, B.
const cost = Float64Array.from([300, 500, 400]);
const units: MeritUnits = {
  count: 3,
  minMw: Float64Array.from([20, 50, 10]),
  maxMw: Float64Array.from([100, 150, 50]),
  costPerMwh: cost,
  order: meritOrder(cost),
};

describe('merit-order dispatch', () => {
  it('orders by cost', () => {
    expect(Array.from(units.order)).toEqual([0, 2, 1]);
  });

  it('fills the cheapest first; a unit whose minimum exceeds the rest stays off and the import covers it', () => {
    const out = new Float64Array(3);
    // 180 MW: A 100 (80 left), C 50 (30 left), B off (30 < 50 min), import 30.
    const r = meritOrderDispatch(180, units, 100, out);
    expect(Array.from(out)).toEqual([100, 0, 50]);
    expect(r.importMw).toBe(30);
    expect(r.unservedMw).toBe(0);
  });

  it('reports unserved load beyond all units and the import limit', () => {
    const out = new Float64Array(3);
    // 320 MW: A 100, C 50, B 150 (20 left), import 10 of its 10 MW limit, 10 MW unserved.
    const r = meritOrderDispatch(320, units, 10, out);
    expect(Array.from(out)).toEqual([100, 150, 50]);
    expect(r.importMw).toBe(10);
    expect(r.unservedMw).toBe(10);
  });

  it('starts a unit at its minimum when the import is short, backing off the import and the dearest unit', () => {
    const out = new Float64Array(3);
    // 170 MW, import ≤ 10: A 100, C 50 (20 left), B off; import 10 leaves 10 → start B at 50 (40 too much):
    // import backs off 10 → 0, C backs off 30 → 20. A 100 + C 20 + B 50 = 170.
    const r = meritOrderDispatch(170, units, 10, out);
    expect(Array.from(out)).toEqual([100, 50, 20]);
    expect(r.importMw).toBe(0);
    expect(r.unservedMw).toBe(0);
  });

  it('runs nothing for no residual demand', () => {
    const out = new Float64Array(3).fill(7);
    const r = meritOrderDispatch(-5, units, 100, out);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    expect(r.importMw).toBe(0);
  });
});

describe('storage thresholds', () => {
  const net = Float64Array.from([100, 200, 300, 200]); // MW, 1-hour steps

  it('peak shaving: the level whose excess energy equals the storage energy', () => {
    // 100 ≤ H < 200: (300 − H) + 2·(200 − H) = 700 − 3H = 150 → H = 183.33 MW.
    expect(peakShaveThreshold(net, 1, 150, 1000)).toBeCloseTo(550 / 3, 6);
    // With a 50 MW power limit: min(50, 300 − H) + 2·min(50, 200 − H) = 150 for H ≤ 150 → H = 150.
    expect(peakShaveThreshold(net, 1, 150, 50)).toBeCloseTo(150, 6);
    expect(peakShaveThreshold(net, 1, 0, 50)).toBe(Infinity);
  });

  it('valley filling: the level whose shortfall energy fills the storage', () => {
    // 200 < V < 300: (V − 100) + 2·(V − 200) = 3V − 500 = 150 → V = 216.67 MW.
    expect(valleyFillThreshold(net, 1, 150, 1000)).toBeCloseTo(650 / 3, 6);
    expect(valleyFillThreshold(net, 1, 0, 1000)).toBe(-Infinity);
  });
});

describe('carbon', () => {
  it('intensity = (import·f_grid + gas·f_gas) / served load', () => {
    // 273 MW × 0.5617 + 120 MW × 0.39 = 153.3441 + 46.8 = 200.1441 tCO₂/h over 428.3 MW → 467.2990 g/kWh.
    const e = 273 * EMISSION_FACTOR.gridImportEastChina2022 + 120 * EMISSION_FACTOR.gasCcgt;
    expect(e).toBeCloseTo(200.1441, 9);
    expect(carbonIntensityGPerKwh(e, 428.3)).toBeCloseTo((200.1441 / 428.3) * 1000, 9);
    expect(carbonIntensityGPerKwh(e, 428.3)).toBeCloseTo(467.299, 3);
    expect(carbonIntensityGPerKwh(0, 0)).toBe(0);
  });
});
