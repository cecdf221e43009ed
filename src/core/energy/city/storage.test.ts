import { describe, expect, it } from 'vitest';
import { maxChargeMw, maxDischargeMw, nextSocMwh } from './storage.ts';
import type { StorageParams } from './storage.ts';

// η = 0.81 so that √η = 0.9 exactly and the hand arithmetic stays short.
const P: StorageParams = { socMin: 0.1, socMax: 0.9, roundTripEfficiency: 0.81, initialSoc: 0.5 };

describe('storage state of charge', () => {
  it('evolves over a charge/discharge cycle with √η per direction', () => {
    // 20 MWh, start 10 MWh. Charge 5 MW for 1 h: +5 × 0.9 = +4.5 → 14.5 MWh.
    let e = nextSocMwh(10, -5, 20, 1, P);
    expect(e).toBeCloseTo(14.5, 12);
    // Discharge 5 MW for 1 h: −5 / 0.9 = −5.5556 → 8.9444 MWh.
    e = nextSocMwh(e, 5, 20, 1, P);
    expect(e).toBeCloseTo(14.5 - 5 / 0.9, 12);
    // The cycle moved 5 MWh in and 5 MWh out; the cells lost 10 − 8.9444 = 1.0556 MWh = 5·(1/0.9 − 0.9).
    expect(10 - e).toBeCloseTo(5 * (1 / 0.9 - 0.9), 12);
  });

  it('respects the SoC limits and the power rating', () => {
    // 12 steps of 5 min at the full 10 MW charge from 10 MWh: 10 + 12 × 10 × 0.9 / 12 = 19 → clamped at 18 (90 %).
    let e = 10;
    for (let k = 0; k < 12; k++) e = nextSocMwh(e, -10, 20, 1 / 12, P);
    expect(e).toBe(18);
    // Above SoCmin by 0.5 MWh: at most 0.5 × 0.9 / (1/12 h) = 5.4 MW for a 5-minute step.
    expect(maxDischargeMw(2.5, 20, 10, 1 / 12, P)).toBeCloseTo(5.4, 12);
    expect(maxDischargeMw(15, 20, 10, 1 / 12, P)).toBe(10);
    // Room 0.9 MWh below 18: at most 0.9 / 0.9 / (1/12) = 12 MW, capped at the 10 MW rating; 0.09 MWh → 1.2 MW.
    expect(maxChargeMw(17.1, 20, 10, 1 / 12, P)).toBe(10);
    expect(maxChargeMw(17.91, 20, 10, 1 / 12, P)).toBeCloseTo(1.2, 9);
    expect(maxChargeMw(18, 20, 10, 1 / 12, P)).toBe(0);
    expect(nextSocMwh(2.1, 10, 20, 1, P)).toBe(2);
  });
});
