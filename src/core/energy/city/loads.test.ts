import { describe, expect, it } from 'vitest';
import { BuildingUse } from '../../scene/types.ts';
import {
  LoadClass,
  PROFILES,
  buildingPeakMw,
  loadClassOfUse,
  profileShare,
  tanPhi,
  temperatureMultiplier,
} from './loads.ts';

describe('loads', () => {
  it('folds building uses into load classes', () => {
    expect(loadClassOfUse(BuildingUse.residential)).toBe(LoadClass.residential);
    expect(loadClassOfUse(BuildingUse.commercial)).toBe(LoadClass.commercial);
    expect(loadClassOfUse(BuildingUse.health)).toBe(LoadClass.public);
    expect(loadClassOfUse(BuildingUse.industrial)).toBe(LoadClass.industrial);
    expect(loadClassOfUse(BuildingUse.unknown)).toBe(LoadClass.other);
  });

  it('peak = design W/m² × coincidence × floor area', () => {
    // Residential 30 W/m² × 0.5 × 10 000 m² = 150 kW.
    expect(buildingPeakMw(LoadClass.residential, 10_000)).toBeCloseTo(0.15, 12);
    // Commercial 40 W/m² × 0.5 × 10 000 m² = 200 kW.
    expect(buildingPeakMw(LoadClass.commercial, 10_000)).toBeCloseTo(0.2, 12);
    expect(buildingPeakMw(LoadClass.ev, 10_000)).toBe(0);
  });

  it('interpolates the hourly profiles, weekday and weekend', () => {
    // Residential weekday: 20 h 0.99, 21 h 1.00 → 20:30 = 0.995.
    expect(profileShare(LoadClass.residential, 20.5, false)).toBeCloseTo(0.995, 12);
    // Hour 24 wraps to hour 0.
    expect(profileShare(LoadClass.commercial, 23.5, false)).toBeCloseTo((0.38 + 0.34) / 2, 12);
    expect(profileShare(LoadClass.public, 10, true)).toBeCloseTo(0.46, 12);
    for (const p of PROFILES) {
      expect(Math.max(...p.weekday.map((x) => x[1]))).toBeLessThanOrEqual(1);
      expect(Math.max(...p.weekday.map((x) => x[1]))).toBeGreaterThan(0.9);
    }
  });

  it('raises load by the cooling and heating slopes', () => {
    // Residential at 30 °C: 1 + 0.03 × (30 − 26) = 1.12; at 5 °C: 1 + 0.015 × (10 − 5) = 1.075.
    expect(temperatureMultiplier(LoadClass.residential, 30)).toBeCloseTo(1.12, 12);
    expect(temperatureMultiplier(LoadClass.residential, 5)).toBeCloseTo(1.075, 12);
    expect(temperatureMultiplier(LoadClass.commercial, 20)).toBe(1);
    expect(temperatureMultiplier(LoadClass.ev, 40)).toBe(1);
  });

  it('tan φ from the power factor', () => {
    // pf 0.9: √(1 − 0.81)/0.9 = 0.435890/0.9 = 0.484322.
    expect(tanPhi(0.9)).toBeCloseTo(0.4843221, 6);
  });
});
