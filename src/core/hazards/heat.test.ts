import { describe, expect, it } from 'vitest';
import { BASE_SCENARIO, EnergySimulator } from '../energy/city/energySim.ts';
import type { EnergyWeatherFn } from '../energy/city/energySim.ts';
import { buildGridModel } from '../energy/city/gridModel.ts';
import { HAND_MADE_T2030, QUIET_OPTIONS, handMadeCity, makeTestCity } from '../energy/city/testCity.ts';
import { emptyPolygons } from '../scene/empty.ts';
import { AreaKind, BuildingUse, NO_INDEX } from '../scene/types.ts';
import type { CityModel, FeatureName } from '../scene/types.ts';
import {
  NWS_HEAT_CATEGORY_C,
  UHI_DAYTIME_C,
  assessHeat,
  heatCategory,
  heatCityIndex,
  heatHazardScore,
  heatIndexC,
  heatIndexF,
  heatLevel,
  heatLoadIncreaseMw,
} from './heat.ts';

describe('heatIndexF — NWS Rothfusz regression', () => {
  // NWS heat index chart (°F; NOAA/NWS Tulsa "Heat Index Chart"), points outside the adjustment ranges.
  const chart: readonly (readonly [number, number, number])[] = [
    [80, 40, 80],
    [88, 60, 95],
    [90, 50, 95],
    [94, 75, 124],
    [96, 65, 121],
    [100, 40, 109],
    [104, 55, 137],
    [110, 40, 136],
  ];
  it.each(chart)('%s °F at %s %% → %s °F (chart)', (t, rh, hi) => {
    expect(Math.round(heatIndexF(t, rh))).toBe(hi);
  });

  it('applies the low-humidity and high-humidity adjustments', () => {
    const reg = (T: number, RH: number): number =>
      -42.379 +
      2.04901523 * T +
      10.14333127 * RH -
      0.22475541 * T * RH -
      6.83783e-3 * T * T -
      5.481717e-2 * RH * RH +
      1.22874e-3 * T * T * RH +
      8.5282e-4 * T * RH * RH -
      1.99e-6 * T * T * RH * RH;
    // RH 10 %, T 100 °F: − (3/4) √(12/17).
    expect(heatIndexF(100, 10)).toBeCloseTo(reg(100, 10) - 0.75 * Math.sqrt(12 / 17), 10);
    // RH 95 %, T 82 °F: + (10/10)(5/5) = +1.
    expect(heatIndexF(82, 95)).toBeCloseTo(reg(82, 95) + 1, 10);
    // Below the 80 °F gate the simple formula: 0.5 {70 + 61 + 1.2·2 + 0.094·50} = 69.05 °F.
    expect(heatIndexF(70, 50)).toBeCloseTo(69.05, 10);
  });

  it('heatIndexC converts through Fahrenheit and validates', () => {
    // 32.2222 °C = 90 °F, 50 % → 94.60 °F = 34.78 °C.
    expect(heatIndexC(((90 - 32) * 5) / 9, 50)).toBeCloseTo(((heatIndexF(90, 50) - 32) * 5) / 9, 10);
    expect(() => heatIndexC(30, 120)).toThrow(/humidity 120/);
    expect(() => heatIndexC(Number.NaN, 50)).toThrow(/temperature NaN/);
  });
});

describe('heat categories, hazard score and levels', () => {
  it('uses the NWS thresholds 80/90/103/125 °F and the CMA 35/37/40 °C signals', () => {
    expect(NWS_HEAT_CATEGORY_C.map((c) => Number(c.toFixed(2)))).toEqual([26.67, 32.22, 39.44, 51.67]);
    expect(heatCategory(26)).toBe(0);
    expect(heatCategory(33)).toBe(2);
    expect(heatCategory(52)).toBe(4);
    expect(heatHazardScore(26.6)).toBe(0);
    expect(heatHazardScore((26.6667 + 51.6667) / 2)).toBeCloseTo(0.5, 3);
    expect(heatLevel(40, 50)).toBe(4);
    expect(heatLevel(37.5, 45)).toBe(3);
    expect(heatLevel(35, 40)).toBe(2);
    expect(heatLevel(33, 33)).toBe(1);
    expect(heatLevel(30, 31)).toBe(0);
  });
});

/** Two 1 km² districts (west, east), a park over the west half of the east district, 20 + 5 buildings. */
function heatCity(): CityModel {
  const rect = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x1, y0, x1, y1, x0, y1];
  const pos: [number, number][] = [];
  for (let i = 0; i < 20; i++) pos.push([50 + (i % 5) * 180, 100 + Math.floor(i / 5) * 200]);
  for (let i = 0; i < 5; i++) pos.push([1600 + (i % 2) * 200, 200 + i * 150]);
  const n = pos.length;
  const names = new Map<number, FeatureName>();
  const base = makeTestCity({ assets: [], lines: [], buildings: [] });
  return {
    ...base,
    buildings: {
      count: n,
      polyStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
      ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
      xy: Float32Array.from(pos.flatMap(([x, y]) => rect(x - 5, y - 5, x + 5, y + 5))),
      heightM: new Float32Array(n).fill(9.6),
      minHeightM: new Float32Array(n),
      baseZM: new Float32Array(n),
      levels: new Uint16Array(n).fill(3),
      use: new Uint8Array(n).fill(BuildingUse.residential),
      heightSource: new Uint8Array(n),
      areaM2: new Float32Array(n).fill(100),
      sourceId: pos.map((_, i) => `h:${i}`),
      names,
    },
    areas: {
      count: 1,
      polyStart: Uint32Array.of(0, 1),
      ringStart: Uint32Array.of(0, 4),
      xy: Float32Array.from(rect(1000, 0, 1500, 1000)),
      kind: Uint8Array.of(AreaKind.park),
      names,
    },
    zones: {
      count: 2,
      polyStart: Uint32Array.of(0, 1, 2),
      ringStart: Uint32Array.of(0, 4, 8),
      xy: Float32Array.from([...rect(0, 0, 1000, 1000), ...rect(1000, 0, 2000, 1000)]),
      level: Uint8Array.of(0, 0),
      parent: Uint32Array.of(NO_INDEX, NO_INDEX),
      sourceId: ['d:w', 'd:e'],
      names,
    },
  };
}

describe('assessHeat', () => {
  const city = heatCity();
  const occ = new Float32Array(25).fill(100);

  it('derives district areas and impervious shares from the land use', () => {
    const h = heatCityIndex(city);
    expect(h.districts).toEqual([0, 1]);
    expect(Array.from(h.areaKm2)).toEqual([1, 1]);
    expect(Array.from(h.impervious)).toEqual([1, 0.5]); // the park covers half of the east district
  });

  it('scores risk = hazard × exposure × vulnerability with the UHI term, by hand', () => {
    const r = assessHeat(city, 36, 50, occ);
    expect(r.heatIndexC).toBeCloseTo(heatIndexC(36, 50), 12);
    // West: T = 36 + 1.5 × 1 = 37.5 °C (orange), density 2000 /km² (exposure 1).
    // East: T = 36 + 1.5 × 0.5 = 36.75 °C (yellow), density 500 /km² (exposure 0.25).
    const [w, e] = r.detail;
    expect(w!.tempC).toBeCloseTo(36 + UHI_DAYTIME_C, 12);
    expect(e!.tempC).toBeCloseTo(36.75, 12);
    expect(r.districts).toEqual([
      { zone: 0, risk: heatHazardScore(heatIndexC(37.5, 50)), level: 3 },
      { zone: 1, risk: heatHazardScore(heatIndexC(36.75, 50)) * 0.25, level: 2 },
    ]);
    expect(r.peopleAtRisk).toBe(2500);
    expect(w!.vulnerability).toBe(1);
  });

  it('has nobody at risk below the yellow signal', () => {
    const r = assessHeat(city, 32, 40, occ);
    expect(r.districts.map((d) => d.level)).toEqual([1, 1]);
    expect(r.peopleAtRisk).toBe(0);
  });

  it('handles a city without districts and checks the occupants length', () => {
    const flat: CityModel = {
      ...city,
      zones: {
        ...emptyPolygons(),
        level: new Uint8Array(0),
        parent: new Uint32Array(0),
        sourceId: [],
        names: new Map(),
      },
    };
    expect(assessHeat(flat, 41, 30, occ)).toMatchObject({ districts: [], peopleAtRisk: 2500 });
    expect(() => assessHeat(city, 36, 50, new Float32Array(2))).toThrow(/occupants has 2 entries/);
  });
});

describe('heatLoadIncreaseMw — the energy model’s own temperature response', () => {
  const model = buildGridModel(makeTestCity(handMadeCity(false)));

  it('matches the hand-made city by hand (20:30 weekday, 26 → 36 °C)', () => {
    // Peaks: residential 2 × 1.5 MW, commercial 2.0 MW, EV 0.6 MW (testCity.ts). At 20:30 the residential profile is
    // (0.99 + 1)/2 = 0.995, the commercial (0.72 + 0.62)/2 = 0.67; +10 °C adds 0.03 × 10 and 0.025 × 10 of the class
    // load, EV nothing: 3 × 0.995 × 0.3 + 2 × 0.67 × 0.25 = 0.8955 + 0.335 = 1.2305 MW.
    expect(heatLoadIncreaseMw(model, HAND_MADE_T2030, 26, 36, 480)).toBeCloseTo(1.2305, 9);
    expect(heatLoadIncreaseMw(model, HAND_MADE_T2030, 26, 26, 480)).toBe(0);
  });

  it('equals the demand difference of two noise-free EnergySimulator steps', () => {
    const at =
      (c: number): EnergyWeatherFn =>
      (_t, out) => {
        out.temperatureC = c;
        out.cloudCover = 1;
        out.windMS = 0;
      };
    const demand = (c: number): number =>
      new EnergySimulator(model, BASE_SCENARIO, { ...QUIET_OPTIONS, weather: at(c) }).step(HAND_MADE_T2030)
        .demandMw;
    expect(heatLoadIncreaseMw(model, HAND_MADE_T2030, 28, 39, 480)).toBeCloseTo(demand(39) - demand(28), 9);
  });
});
