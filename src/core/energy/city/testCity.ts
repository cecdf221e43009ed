/**
 * Test-only: builds a small CityModel by hand (square buildings, power assets, power lines) so the grid-model,
 * dispatch and what-if tests can check exact numbers. Not used by the app.
 */
import { emptyAreas, emptyPois, emptyRoads, emptyZones } from '../../scene/empty.ts';
import { BuildingUse, NO_INDEX, PowerKind } from '../../scene/types.ts';
import type { EnergyWeatherFn } from './energySim.ts';
import type { CityModel, FeatureName } from '../../scene/types.ts';

/** A hand-made city: assets, lines (xy in metres, asset indices at the ends) and square buildings. */
export interface TestCitySpec {
  readonly assets: readonly {
    readonly kind: number;
    readonly x: number;
    readonly y: number;
    readonly ratingMW: number;
    readonly energyMWh?: number;
    readonly voltageKV?: number;
  }[];
  readonly lines: readonly {
    readonly kv: number;
    readonly xy: readonly number[];
    readonly from?: number;
    readonly to?: number;
  }[];
  readonly buildings: readonly {
    readonly x: number;
    readonly y: number;
    readonly sideM: number;
    readonly levels: number;
    readonly use: number;
  }[];
}

const noNames = new Map<number, FeatureName>();

/** The CityModel of `spec` at Shanghai's latitude/longitude (31.1° N, 120.9° E). */
export function makeTestCity(spec: TestCitySpec): CityModel {
  const nb = spec.buildings.length;
  const xy = new Float32Array(nb * 8);
  spec.buildings.forEach((b, i) => {
    const h = b.sideM / 2;
    xy.set([b.x - h, b.y - h, b.x + h, b.y - h, b.x + h, b.y + h, b.x - h, b.y + h], i * 8);
  });
  const na = spec.assets.length;
  const lineXy: number[] = [];
  const geomStart = [0];
  for (const l of spec.lines) {
    lineXy.push(...l.xy);
    geomStart.push(lineXy.length / 2);
  }
  return {
    meta: {
      name: 'test',
      title: { zh: '测试', en: 'Test' },
      synthetic: true,
      attribution: '',
      origin: { lon: 120.9, lat: 31.1 },
      bbox: [120.8, 31, 121, 31.2],
      extentM: { minX: -5000, minY: -5000, maxX: 5000, maxY: 5000 },
      stats: {
        featuresRead: 0,
        buildings: nb,
        heightsGiven: 0,
        heightsFromLevels: nb,
        heightsFromUseClass: 0,
        roadLines: 0,
        links: 0,
        nodes: 0,
        lanesDerived: 0,
        speedsDerived: 0,
        repaired: 0,
        skipped: 0,
        warnings: 0,
      },
      importedAt: '2026-01-01T00:00:00Z',
    },
    buildings: {
      count: nb,
      polyStart: Uint32Array.from({ length: nb + 1 }, (_, i) => i),
      ringStart: Uint32Array.from({ length: nb + 1 }, (_, i) => 4 * i),
      xy,
      heightM: Float32Array.from(spec.buildings.map((b) => 3 * b.levels)),
      minHeightM: new Float32Array(nb),
      baseZM: new Float32Array(nb),
      levels: Uint16Array.from(spec.buildings.map((b) => b.levels)),
      use: Uint8Array.from(spec.buildings.map((b) => b.use)),
      heightSource: new Uint8Array(nb),
      areaM2: Float32Array.from(spec.buildings.map((b) => b.sideM * b.sideM)),
      sourceId: spec.buildings.map((_, i) => `test:b${i}`),
      names: noNames,
    },
    roads: emptyRoads(),
    areas: emptyAreas(),
    power: {
      count: na,
      kind: Uint8Array.from(spec.assets.map((a) => a.kind)),
      xy: Float32Array.from(spec.assets.flatMap((a) => [a.x, a.y])),
      ratingMW: Float32Array.from(spec.assets.map((a) => a.ratingMW)),
      energyMWh: Float32Array.from(spec.assets.map((a) => a.energyMWh ?? 0)),
      voltageKV: Float32Array.from(spec.assets.map((a) => a.voltageKV ?? 0)),
      sourceId: spec.assets.map((_, i) => `test:e${i}`),
      names: noNames,
      lines: {
        count: spec.lines.length,
        voltageKV: Float32Array.from(spec.lines.map((l) => l.kv)),
        geomStart: Uint32Array.from(geomStart),
        xy: Float32Array.from(lineXy),
        fromAsset: Uint32Array.from(spec.lines.map((l) => l.from ?? NO_INDEX)),
        toAsset: Uint32Array.from(spec.lines.map((l) => l.to ?? NO_INDEX)),
        sourceId: spec.lines.map((_, i) => `test:l${i}`),
      },
    },
    sensors: {
      count: 0,
      kind: new Uint8Array(0),
      xy: new Float32Array(0),
      linkIndex: new Uint32Array(0),
      sourceId: [],
    },
    pois: emptyPois(),
    zones: emptyZones(),
    terrain: null,
  };
}

/**
 * The hand-made city:
 *   import (0,0) ──110 kV 1 km── substation S (1000,0)
 *   S ── F1: (1000,0)→(1000,500)→(1500,500): buses 0 (1000,250), 1 (1000,500), 2 (1250,500), 3 (1500,500)
 *   S ── F2: (1000,0)→(1500,0): buses 4 (1250,0), 5 (1500,0)
 *   optional 10 kV tie (1500,500)→(1500,0) between bus 3 and bus 5 (normally open)
 * Buildings (100 m squares × 10 levels = 100 000 m²): residential at bus 1 and bus 3 (30 W/m² × 0.5 → 1.5 MW peak
 * each), commercial at bus 4 (40 W/m² × 0.5 → 2.0 MW). EV station 1 MW at bus 4 (0.6 MW peak). Storage 2 MW / 4 MWh
 * at S's 10 kV busbar.
 */
/** The hand-made city's spec (see the comment above), with or without the normally open tie. */
export function handMadeCity(withTie: boolean): TestCitySpec {
  return {
    assets: [
      { kind: PowerKind.import, x: 0, y: 0, ratingMW: 100, voltageKV: 220 },
      { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 50, voltageKV: 110 },
      { kind: PowerKind.evCharger, x: 1255, y: 10, ratingMW: 1 },
      { kind: PowerKind.storage, x: 1010, y: 20, ratingMW: 2, energyMWh: 4 },
    ],
    lines: [
      { kv: 110, xy: [0, 0, 1000, 0], from: 0, to: 1 },
      { kv: 10, xy: [1000, 0, 1000, 500, 1500, 500], from: 1 },
      { kv: 10, xy: [1000, 0, 1500, 0], from: 1 },
      ...(withTie ? [{ kv: 10, xy: [1500, 500, 1500, 0] }] : []),
    ],
    buildings: [
      { x: 1000, y: 480, sideM: 100, levels: 10, use: BuildingUse.residential },
      { x: 1490, y: 520, sideM: 100, levels: 10, use: BuildingUse.residential },
      { x: 1260, y: -20, sideM: 100, levels: 10, use: BuildingUse.commercial },
    ],
  };
}

/** 2026-07-15 (a Wednesday) 20:30 China Standard Time = 12:30 UTC. */
export const HAND_MADE_T2030 = 1_784_118_600_000;
/** 26 °C (no cooling or heating term), overcast, calm: loads follow their profiles exactly; no PV or wind. */
export const CALM_WEATHER: EnergyWeatherFn = (_t, out) => {
  out.temperatureC = 26;
  out.cloudCover = 1;
  out.windMS = 0;
};
/** Simulator options of the exact-number tests: calm weather, no load noise. */
export const QUIET_OPTIONS = { weather: CALM_WEATHER, loadNoiseSigma: 0 } as const;
