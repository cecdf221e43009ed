import { describe, expect, it } from 'vitest';
import {
  beckmannObjective,
  bprDerivative,
  bprIntegral,
  bprTime,
  linkTimes,
  relativeGap,
  totalSystemTravelTime,
} from './bpr.ts';
import type { AssignmentNetwork } from './types.ts';

describe('BPR', () => {
  it('time, derivative and integral match the hand calculation', () => {
    // t0 = 6, α = 0.15, β = 4, c = 1000, v = 2000: (v/c)^4 = 16, t = 6 (1 + 0.15·16) = 6 · 3.4 = 20.4
    expect(bprTime(6, 0.15, 4, 1000, 2000)).toBeCloseTo(20.4, 12);
    // t' = t0 α β (v/c)^3 / c = 6 · 0.15 · 4 · 8 / 1000 = 0.0288
    expect(bprDerivative(6, 0.15, 4, 1000, 2000)).toBeCloseTo(0.0288, 14);
    // ∫ = t0 v (1 + α/5 (v/c)^4) = 6 · 2000 · (1 + 0.03 · 16) = 12000 · 1.48 = 17760
    expect(bprIntegral(6, 0.15, 4, 1000, 2000)).toBeCloseTo(17760, 9);
    // A general β goes through Math.pow: β = 2, v/c = 0.5: t = 10 (1 + 1 · 0.25) = 12.5, ∫ = 10 · 500 (1 + 1/3 · 0.25)
    expect(bprTime(10, 1, 2, 1000, 500)).toBeCloseTo(12.5, 12);
    expect(bprIntegral(10, 1, 2, 1000, 500)).toBeCloseTo(5000 * (1 + 0.25 / 3), 9);
    expect(bprDerivative(10, 1, 2, 1000, 500)).toBeCloseTo((10 * 2 * 0.5) / 1000, 14);
    // At zero flow: free-flow time, zero slope (β > 1), zero integral.
    expect([
      bprTime(6, 0.15, 4, 1000, 0),
      bprDerivative(6, 0.15, 4, 1000, 0),
      bprIntegral(6, 0.15, 4, 1000, 0),
    ]).toEqual([6, 0, 0]);
  });

  it('the integral is the antiderivative of the time (numerical check)', () => {
    const h = 1e-3;
    const v = 1234;
    const num = (bprIntegral(3, 0.15, 4, 900, v + h) - bprIntegral(3, 0.15, 4, 900, v - h)) / (2 * h);
    expect(num).toBeCloseTo(bprTime(3, 0.15, 4, 900, v), 6);
  });

  it('network sums and the relative gap', () => {
    const net: AssignmentNetwork = {
      nodeCount: 2,
      zoneCount: 2,
      firstThruNode: 0,
      linkCount: 2,
      from: Uint32Array.of(0, 0),
      to: Uint32Array.of(1, 1),
      capacity: Float64Array.of(1000, 1000),
      freeFlowTime: Float64Array.of(6, 10),
      alpha: Float64Array.of(0.15, 0.15),
      beta: Float64Array.of(4, 4),
      length: Float64Array.of(1, 1),
    };
    const flow = Float64Array.of(2000, 0);
    const time = linkTimes(net, flow, new Float64Array(2));
    expect(Array.from(time)).toEqual([bprTime(6, 0.15, 4, 1000, 2000), 10]);
    expect(beckmannObjective(net, flow)).toBeCloseTo(17760, 9);
    // TSTT = 2000 · 20.4 = 40800; everyone could have taken link 2 at 10 → SPTT = 20000; gap = 20800 / 40800.
    const tstt = totalSystemTravelTime(flow, time, 2);
    expect(tstt).toBeCloseTo(40800, 9);
    expect(relativeGap(tstt, 20000)).toBeCloseTo(20800 / 40800, 14);
    expect(relativeGap(0, 0)).toBe(0);
  });
});
