import { describe, expect, it } from 'vitest';
import {
  cellTemperatureC,
  clearSkyGhiHaurwitz,
  cloudFactorKastenCzeplak,
  pvOutputShare,
  refractionDeg,
  solarPosition,
} from './solar.ts';

/** 2003-10-17T19:30:30Z in ms since the epoch. */
const SPA_EXAMPLE_MS = 1_066_419_030_000;

describe('solarPosition (NOAA / Meeus equations)', () => {
  it('matches the published SPA example (Reda & Andreas 2004, NREL/TP-560-34302, Table A5.1)', () => {
    // 2003-10-17 12:30:30 local time (UTC−7) = 19:30:30 UTC at 39.742476° N, 105.1786° W (Golden, Colorado).
    // Published: topocentric elevation without refraction e0 = 39.872046°, azimuth 194.340241°.
    const p = solarPosition(SPA_EXAMPLE_MS, 39.742476, -105.1786);
    expect(Math.abs(p.elevationDeg - 39.872046)).toBeLessThan(0.001);
    expect(Math.abs(p.azimuthDeg - 194.340241)).toBeLessThan(0.005);
    // NOAA's standard-atmosphere refraction at ~39.9° is 58.1/tan e − … ≈ 69.4″ ≈ 0.0193°.
    expect(p.apparentElevationDeg - p.elevationDeg).toBeCloseTo(0.0193, 3);
  });

  it('puts the noon sun due south at Shanghai near the June solstice, at 90° − φ + δ', () => {
    // 2026-06-21 ~12:00 local apparent time at 120.9° E: 12:00 − 4·(120.9 − 120) min − EoT ≈ 11:58 CST = 03:58 UTC.
    const p = solarPosition(1_782_014_280_000, 31.1, 120.9); // 2026-06-21T03:58:00Z;
    // Declination near its maximum, 23.43°; elevation ≈ 90 − 31.1 + 23.43 = 82.33° (within the minute's offset).
    expect(p.declinationDeg).toBeCloseTo(23.43, 1);
    expect(Math.abs(p.elevationDeg - (90 - 31.1 + p.declinationDeg))).toBeLessThan(0.2);
    expect(Math.abs(p.azimuthDeg - 180)).toBeLessThan(5);
  });

  it('gives no refraction above 85° and the NOAA polynomial near the horizon', () => {
    expect(refractionDeg(86)).toBe(0);
    // At 0°: 1735″ = 0.48194°.
    expect(refractionDeg(0)).toBeCloseTo(1735 / 3600, 10);
  });
});

describe('clear-sky irradiance and clouds', () => {
  it('Haurwitz (1945): 1098·cos Z·exp(−0.057/cos Z)', () => {
    // Z = 0: 1098·e^−0.057 = 1098 × 0.944594… = 1037.164 W/m².
    expect(clearSkyGhiHaurwitz(90)).toBeCloseTo(1037.1643, 3);
    // Elevation 30° (cos Z = 0.5): 549·e^−0.114 = 549 × 0.892258… = 489.850 W/m².
    expect(clearSkyGhiHaurwitz(30)).toBeCloseTo(489.8496, 3);
    expect(clearSkyGhiHaurwitz(0)).toBe(0);
    expect(clearSkyGhiHaurwitz(-5)).toBe(0);
  });

  it('Kasten & Czeplak (1980): 1 − 0.75·N^3.4', () => {
    expect(cloudFactorKastenCzeplak(0)).toBe(1);
    expect(cloudFactorKastenCzeplak(1)).toBeCloseTo(0.25, 12);
    // N = 0.5: 0.5^3.4 = 2^−3.4 = 0.0947323; 1 − 0.75 × 0.0947323 = 0.9289508.
    expect(cloudFactorKastenCzeplak(0.5)).toBeCloseTo(0.9289508, 6);
    expect(cloudFactorKastenCzeplak(2)).toBeCloseTo(0.25, 12); // clamped
  });
});

describe('PV output', () => {
  it('NOCT cell temperature: Ta + (45 − 20)/800·G', () => {
    expect(cellTemperatureC(25, 1000)).toBeCloseTo(56.25, 12);
  });

  it('derates for temperature, system losses and the inverter', () => {
    // G = 1000, Ta = 25 °C → Tc = 56.25 °C; 1 − 0.004 × 31.25 = 0.875; × (1 − 0.1408) = 0.75180; × 0.96 = 0.721728.
    expect(pvOutputShare(1000, 25)).toBeCloseTo(0.721728, 6);
    // G = 500, Ta = 20 → Tc = 35.625; 0.5 × (1 − 0.0425) × 0.8592 × 0.96 = 0.3948912.
    expect(pvOutputShare(500, 20)).toBeCloseTo(0.5 * 0.9575 * 0.8592 * 0.96, 9);
    expect(pvOutputShare(0, 30)).toBe(0);
  });
});
