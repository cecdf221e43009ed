import { describe, expect, it } from 'vitest';
import {
  STORM_FORMULAS,
  chicagoHyetograph,
  rainAt,
  rainDurationMin,
  rainTotalMm,
  stormDepthMm,
  stormIntensityMmMin,
} from './rainfall.ts';
import type { RainSource } from './types.ts';

const SH = STORM_FORMULAS.shanghai!;
const BJ = STORM_FORMULAS.beijing!;

describe('storm-intensity formula', () => {
  it('Shanghai DB31/T 1043-2017, P = 50 a, t = 120 min, by hand', () => {
    // lg 50 = 1.698970; 1 + 0.846·1.698970 = 2.437329; (120 + 7)^0.656 = e^(0.656·ln 127) = 23.99359
    // i = 9.581 · 2.437329 / 23.99359 = 0.973262 mm/min → D = 116.79 mm in 2 h.
    expect(stormIntensityMmMin(SH, 50, 120)).toBeCloseTo(0.973262, 5);
    expect(stormDepthMm(SH, 50, 120)).toBeCloseTo(116.7914, 3);
    // P = 1: lg 1 = 0 → i = 9.581 / 67^0.656 = 9.581 / e^(0.656·4.204693) = 9.581 / 15.77283 = 0.607443
    expect(stormIntensityMmMin(SH, 1, 60)).toBeCloseTo(0.607443, 5);
  });
  it('Beijing classic: q = 2001(1 + 0.811 lgP)/(t + 8)^0.711 L/(s·ha), P = 50, t = 120', () => {
    // q = 2001·(1 + 0.811·1.698970)/128^0.711 = 2001·2.377865/31.49389 = 151.080 L/(s·ha) → / 167 = 0.904673 mm/min
    expect(stormIntensityMmMin(BJ, 50, 120) * 167).toBeCloseTo(151.08, 2);
    expect(stormIntensityMmMin(BJ, 50, 120)).toBeCloseTo(0.904673, 5);
  });
  it('rejects a return period ≤ 0', () => {
    expect(() => stormIntensityMmMin(SH, 0, 60)).toThrow(/return period 0/);
  });
});

describe('Chicago hyetograph (Keifer & Chu 1957)', () => {
  it('sums to the IDF depth i(P, T)·T to 1e-9, for several steps and peak ratios', () => {
    for (const [T, step, r] of [
      [120, 5, 0.4],
      [120, 1, 0.4],
      [90, 7, 0.35],
      [60, 60, 0.5],
    ] as const) {
      const h = chicagoHyetograph(SH, 50, T, step, r);
      let depth = 0;
      for (let k = 0; k < h.length; k++) depth += (h[k]! * (Math.min((k + 1) * step, T) - k * step)) / 60;
      expect(Math.abs(depth - stormIntensityMmMin(SH, 50, T) * T)).toBeLessThan(1e-9);
    }
  });
  it('peaks in the step that holds r·T, with hand-calculated first and peak steps', () => {
    const h = chicagoHyetograph(SH, 50, 120, 5, 0.4);
    expect(h.length).toBe(24);
    let arg = 0;
    for (let k = 1; k < h.length; k++) if (h[k]! > h[arg]!) arg = k;
    expect(arg).toBe(Math.floor((0.4 * 120) / 5)); // step 9 = minutes 45–50 holds tp = 48
    // Step 0: F(5) = 0.4·[D(120) − D((48 − 5)/0.4 = 107.5)] = 0.4·(116.79142 − 111.98427) = 1.922863 mm → ×12 mm/h
    expect(h[0]).toBeCloseTo(1.922863 * 12, 4);
    // Step 9: F(50) − F(45) = 0.4·D(7.5) + 0.6·D(3.3333) = 266.5829 / 12 mm
    const D = (t: number): number => stormDepthMm(SH, 50, t);
    expect(h[9]).toBeCloseTo((0.4 * D(7.5) + 0.6 * D(2 / 0.6)) * 12, 9);
    expect(h[9]).toBeCloseTo(266.58288, 4);
  });
});

describe('rainAt / rainDurationMin', () => {
  const design: RainSource = {
    kind: 'design',
    formula: 'shanghai',
    returnPeriodYears: 50,
    durationMin: 120,
    peakRatio: 0.4,
  };
  const series: RainSource = { kind: 'series', label: 'test', stepMin: 60, mmH: [1.5, 0, 23.7] };
  it('design: 1-minute steps carry the design depth; 0 before and after', () => {
    let depth = 0;
    for (let m = 0; m < 120; m++) depth += rainAt(design, m + 0.5) / 60;
    expect(depth).toBeCloseTo(stormDepthMm(SH, 50, 120), 9);
    expect(rainAt(design, -1)).toBe(0);
    expect(rainAt(design, 120)).toBe(0);
    expect(rainAt(design, 48)).toBeGreaterThan(rainAt(design, 20));
    expect(rainDurationMin(design)).toBe(120);
    expect(rainTotalMm(design)).toBeCloseTo(116.7914, 3);
  });
  it('series: the value of the step; 0 after the end', () => {
    expect(rainAt(series, 0)).toBe(1.5);
    expect(rainAt(series, 59.9)).toBe(1.5);
    expect(rainAt(series, 150)).toBe(23.7);
    expect(rainAt(series, 180)).toBe(0);
    expect(rainDurationMin(series)).toBe(180);
    expect(rainTotalMm(series)).toBeCloseTo(25.2, 12);
  });
});
