import { describe, expect, it } from 'vitest';
import { whatIfDeltaColor, whatIfWidthPixels, WHATIF_DELTA_STOPS } from './whatIfLayer.ts';

describe('what-if layer colours', () => {
  it('hits the stops exactly and interpolates between them', () => {
    const out = [0, 0, 0];
    for (const s of WHATIF_DELTA_STOPS) {
      whatIfDeltaColor(s.deltaVph, out);
      expect(out).toEqual([...s.color]);
    }
    // +100 veh/h is halfway from 0 ([210,210,210]) to +200 ([255,175,60]): [232.5→233, 192.5→193, 135]
    whatIfDeltaColor(100, out);
    expect(out).toEqual([233, 193, 135]);
    // clamped beyond the ends
    whatIfDeltaColor(-5000, out);
    expect(out).toEqual([40, 110, 255]);
    whatIfDeltaColor(5000, out);
    expect(out).toEqual([255, 40, 70]);
  });

  it('width grows with |Δ| from 2 px to 9 px at 1,000 veh/h', () => {
    expect(whatIfWidthPixels(0)).toBe(2);
    expect(whatIfWidthPixels(-500)).toBe(5.5);
    expect(whatIfWidthPixels(1000)).toBe(9);
    expect(whatIfWidthPixels(4000)).toBe(9);
  });
});
