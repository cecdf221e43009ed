import { describe, expect, it } from 'vitest';
import { DEFAULT_TURBINE, hubWindSpeedMS, windPowerShare } from './wind.ts';

describe('wind turbine', () => {
  it('extrapolates 10 m wind to an 80 m hub by the 1/7 power law', () => {
    // 5 × 8^(1/7) = 5 × 1.345900 = 6.729500 m/s.
    expect(hubWindSpeedMS(5)).toBeCloseTo(5 * 8 ** (1 / 7), 12);
    expect(hubWindSpeedMS(5)).toBeCloseTo(6.7295, 4);
    expect(hubWindSpeedMS(-1)).toBe(0);
  });

  it('follows the cubic power curve between cut-in and rated, flat to cut-out, zero beyond', () => {
    expect(windPowerShare(2.9)).toBe(0);
    expect(windPowerShare(3)).toBe(0);
    // 7.5 m/s: (7.5³ − 3³)/(12³ − 3³) = (421.875 − 27)/(1728 − 27) = 394.875/1701 = 0.2321429.
    expect(windPowerShare(7.5)).toBeCloseTo(394.875 / 1701, 12);
    expect(windPowerShare(12)).toBe(1);
    expect(windPowerShare(25)).toBe(1);
    expect(windPowerShare(25.1)).toBe(0);
    expect(DEFAULT_TURBINE.cutOutMS).toBe(25);
  });
});
