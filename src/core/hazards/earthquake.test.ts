import { describe, expect, it } from 'vitest';
import { emptyAreas, emptyPois, emptyPolygons, emptyRoads } from '../scene/empty.ts';
import { BuildingUse, NO_INDEX } from '../scene/types.ts';
import type { CityModel, FeatureName } from '../scene/types.ts';
import {
  BJF97_PGA,
  UNINHABITABLE_MF,
  assessEarthquake,
  createQuakeDamage,
  mmiFromPgaG,
  pgaG,
} from './earthquake.ts';
import {
  COLLAPSE_SHARE,
  CodeLevel,
  INDOOR_CASUALTY_PCT,
  ModelTypeCode,
  damageStateProbabilities,
} from './fragility.ts';

/** Square buildings (centre, side, levels, use) and rectangular districts, nothing else. */
function quakeCity(
  buildings: readonly { x: number; y: number; side: number; levels: number; use: number }[],
  districts: readonly (readonly [number, number, number, number])[] = [],
): CityModel {
  const n = buildings.length;
  const xy = new Float32Array(n * 8);
  buildings.forEach((b, i) => {
    const h = b.side / 2;
    xy.set([b.x - h, b.y - h, b.x + h, b.y - h, b.x + h, b.y + h, b.x - h, b.y + h], 8 * i);
  });
  const zxy: number[] = [];
  for (const [x0, y0, x1, y1] of districts) zxy.push(x0, y0, x1, y0, x1, y1, x0, y1);
  const nz = districts.length;
  const names = new Map<number, FeatureName>();
  return {
    meta: {
      name: 'quake-test',
      title: { zh: '地震测试', en: 'Quake test' },
      synthetic: true,
      attribution: '',
      origin: { lon: 120, lat: 30 },
      bbox: [119.9, 29.9, 120.1, 30.1],
      extentM: { minX: -10000, minY: -10000, maxX: 10000, maxY: 10000 },
      stats: {
        featuresRead: 0,
        buildings: n,
        heightsGiven: 0,
        heightsFromLevels: n,
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
      count: n,
      polyStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
      ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
      xy,
      heightM: Float32Array.from(buildings.map((b) => 3.2 * b.levels)),
      minHeightM: new Float32Array(n),
      baseZM: new Float32Array(n),
      levels: Uint16Array.from(buildings.map((b) => b.levels)),
      use: Uint8Array.from(buildings.map((b) => b.use)),
      heightSource: new Uint8Array(n),
      areaM2: Float32Array.from(buildings.map((b) => b.side * b.side)),
      sourceId: buildings.map((_, i) => `q:${i}`),
      names,
    },
    roads: emptyRoads(),
    areas: emptyAreas(),
    power: {
      count: 0,
      kind: new Uint8Array(0),
      xy: new Float32Array(0),
      ratingMW: new Float32Array(0),
      energyMWh: new Float32Array(0),
      voltageKV: new Float32Array(0),
      sourceId: [],
      names,
      lines: {
        count: 0,
        voltageKV: new Float32Array(0),
        geomStart: new Uint32Array([0]),
        xy: new Float32Array(0),
        fromAsset: new Uint32Array(0),
        toAsset: new Uint32Array(0),
        sourceId: [],
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
    zones:
      nz === 0
        ? { ...emptyPolygons(), level: new Uint8Array(0), parent: new Uint32Array(0), sourceId: [], names }
        : {
            count: nz,
            polyStart: Uint32Array.from({ length: nz + 1 }, (_, i) => i),
            ringStart: Uint32Array.from({ length: nz + 1 }, (_, i) => 4 * i),
            xy: Float32Array.from(zxy),
            level: new Uint8Array(nz),
            parent: new Uint32Array(nz).fill(NO_INDEX),
            sourceId: districts.map((_, i) => `d:${i}`),
            names,
          },
    terrain: null,
  };
}

describe('pgaG — Boore, Joyner & Fumal (1997), unspecified mechanism', () => {
  // OpenQuake hazardlib tests/gsim/data/BJF1997/BJF97_UNC_Arb_MEAN.csv, column "pga" (g):
  // rup_mag, dist_rjb, site_vs30 → mean.
  const table: readonly (readonly [number, number, number, number])[] = [
    [5.0, 0.1, 180, 2.604619e-1],
    [5.5, 1.0, 570, 2.183496e-1],
    [6.0, 10, 360, 1.948114e-1],
    [6.5, 50, 570, 6.757374e-2],
    [7.0, 20, 360, 2.076427e-1],
    [8.0, 100, 180, 1.337119e-1],
  ];
  it.each(table)('M%s rjb %s km VS30 %s m/s → %s g (OpenQuake verification table)', (m, r, vs, expected) => {
    expect(Math.abs(pgaG(m, r, vs) / expected - 1)).toBeLessThan(2e-5);
  });

  it('hand calculation of eq. 1–2 for M 6, rjb 10 km, VS30 360 m/s', () => {
    // ln Y = −0.242 + 0 − 0.778 ln √(100 + 5.57²) − 0.371 ln(360/1396) = −1.635723 → Y = 0.1948114 g.
    const lnY =
      BJF97_PGA.b1all +
      BJF97_PGA.b5 * Math.log(Math.sqrt(100 + 5.57 * 5.57)) +
      BJF97_PGA.bV * Math.log(360 / 1396);
    expect(lnY).toBeCloseTo(-1.635723, 6);
    expect(Math.exp(lnY)).toBeCloseTo(0.1948114, 7);
    expect(pgaG(6, 10, 360)).toBeCloseTo(Math.exp(lnY), 12);
  });

  it('uses the strike-slip and reverse constants (b1ss −0.313, b1rv −0.117)', () => {
    expect(pgaG(6, 10, 360, 'strikeSlip') / pgaG(6, 10, 360)).toBeCloseTo(Math.exp(-0.313 + 0.242), 12);
    expect(pgaG(6, 10, 360, 'reverse') / pgaG(6, 10, 360)).toBeCloseTo(Math.exp(-0.117 + 0.242), 12);
  });

  it('rejects bad input with the field named', () => {
    expect(() => pgaG(Number.NaN, 1)).toThrow(/magnitude/);
    expect(() => pgaG(6, -1)).toThrow(/distance/);
    expect(() => pgaG(6, 1, 0)).toThrow(/VS30/);
  });
});

describe('mmiFromPgaG — Wald et al. (1999)', () => {
  it('follows both branches of the bilinear fit', () => {
    // 0.2 g = 196.2 cm/s²: log10 = 2.29270 ≥ 1.82 → 3.66 × 2.29270 − 1.66 = 6.7313.
    expect(mmiFromPgaG(0.2)).toBeCloseTo(3.66 * Math.log10(196.2) - 1.66, 10);
    expect(mmiFromPgaG(0.2)).toBeCloseTo(6.7313, 3);
    // 0.02 g = 19.62 cm/s²: log10 = 1.29270 < 1.82 → 2.20 × 1.29270 + 1.00 = 3.8439.
    expect(mmiFromPgaG(0.02)).toBeCloseTo(3.8439, 3);
    expect(mmiFromPgaG(0)).toBe(1);
    expect(mmiFromPgaG(10)).toBe(10);
  });
});

describe('assessEarthquake', () => {
  it('reproduces a one-building hand calculation (PGA, damage, casualties, displacement, shelter)', () => {
    // A 5-storey residential building (RM2M low-code) 10 km east of an M 6.5 epicentre, 100 people inside.
    const city = quakeCity(
      [{ x: 10000, y: 0, side: 20, levels: 5, use: BuildingUse.residential }],
      [[-1, -20000, 20000, 20000]],
    );
    const occupants = Float32Array.of(100);
    const d = assessEarthquake(city, { x: 0, y: 0, magnitude: 6.5, depthKm: 10 }, occupants);
    const pga = pgaG(6.5, 10);
    expect(d.pgaG[0]).toBeCloseTo(pga, 6);
    const p = damageStateProbabilities(pga, ModelTypeCode.RM2M, CodeLevel.low, new Float64Array(5));
    expect(d.damageStates.map((v) => Number(v.toFixed(9)))).toEqual(
      Array.from(p).map((v) => Number(v.toFixed(9))),
    );
    const rates = INDOOR_CASUALTY_PCT.RM2M;
    const pc = COLLAPSE_SHARE.RM2M;
    for (let k = 0; k < 4; k++) {
      const rate =
        p[1]! * rates[0][k]! +
        p[2]! * rates[1][k]! +
        p[3]! * rates[2][k]! +
        p[4]! * ((1 - pc) * rates[3][k]! + pc * rates[4][k]!);
      expect(d.casualties[k]).toBeCloseTo((100 * rate) / 100, 9);
    }
    const displaced = 100 * (UNINHABITABLE_MF[3]! * p[3]! + UNINHABITABLE_MF[4]! * p[4]!);
    expect(d.displacedPeople).toBeCloseTo(displaced, 9);
    expect(d.shelterDemand).toBeCloseTo(displaced, 9);
    expect(d.byDistrict).toHaveLength(1);
    expect(d.byDistrict[0]!.zone).toBe(0);
    expect(d.byDistrict[0]!.displacedPeople).toBeCloseTo(displaced, 9);
    expect(d.maxPgaG).toBeCloseTo(pga, 6);
  });

  const grid = (() => {
    const b: { x: number; y: number; side: number; levels: number; use: number }[] = [];
    const uses = [
      BuildingUse.residential,
      BuildingUse.commercial,
      BuildingUse.industrial,
      BuildingUse.education,
    ];
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        b.push({
          x: i * 200,
          y: j * 200,
          side: 15,
          levels: 1 + ((i * 7 + j * 3) % 20),
          use: uses[(i + j) % 4]!,
        });
      }
    }
    return quakeCity(b, [
      [-100, -100, 1900, 3900],
      [1900, -100, 3900, 3900],
    ]);
  })();
  const occ = new Float32Array(grid.buildings.count).fill(50);
  const meanState = (d: { damageStates: readonly number[] }): number =>
    d.damageStates.reduce((a, v, s) => a + v * s, 0);

  it('damage grows with magnitude and falls with distance', () => {
    let prev = -1;
    for (const m of [5, 5.5, 6, 6.5, 7, 7.5]) {
      const d = assessEarthquake(grid, { x: 2000, y: 2000, magnitude: m, depthKm: 10 }, occ);
      expect(meanState(d)).toBeGreaterThan(prev);
      prev = meanState(d);
    }
    prev = Infinity;
    for (const km of [0, 5, 10, 20, 40, 80]) {
      const d = assessEarthquake(grid, { x: 2000 + km * 1000, y: 2000, magnitude: 6.5, depthKm: 10 }, occ);
      expect(meanState(d)).toBeLessThan(prev);
      expect(d.casualties[3]).toBeGreaterThanOrEqual(0);
      prev = meanState(d);
    }
  });

  it('totals are consistent: states sum to the building count, districts add up to the city', () => {
    const d = assessEarthquake(grid, { x: 1000, y: 1000, magnitude: 7, depthKm: 12 }, occ);
    expect(d.damageStates.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 9);
    const sum = (f: (z: (typeof d.byDistrict)[number]) => number): number =>
      d.byDistrict.reduce((a, z) => a + f(z), 0);
    expect(sum((z) => z.damageStates[4])).toBeCloseTo(d.damageStates[4], 9);
    expect(sum((z) => z.casualties[3])).toBeCloseTo(d.casualties[3], 9);
    expect(sum((z) => z.displacedPeople)).toBeCloseTo(d.displacedPeople, 9);
    expect(Math.max(...d.byDistrict.map((z) => z.maxPgaG))).toBeCloseTo(d.maxPgaG, 12);
    for (let i = 0; i < 400; i++) expect(d.damageState[i]).toBeLessThanOrEqual(4);
  });

  it('is deterministic and reuses `out`', () => {
    const q = { x: 500, y: 2500, magnitude: 6.8, depthKm: 8 };
    const a = assessEarthquake(grid, q, occ);
    const out = createQuakeDamage(grid.buildings.count);
    const b = assessEarthquake(grid, q, occ, out);
    expect(b.pgaG).toBe(out.pgaG);
    expect(Array.from(b.pgaG)).toEqual(Array.from(a.pgaG));
    expect(Array.from(b.damageState)).toEqual(Array.from(a.damageState));
    expect(b.casualties).toEqual(a.casualties);
    expect(b.byDistrict).toEqual(a.byDistrict);
  });

  it('rejects bad scenarios with the field named', () => {
    expect(() => assessEarthquake(grid, { x: 0, y: 0, magnitude: 11, depthKm: 10 }, occ)).toThrow(
      /magnitude 11/,
    );
    expect(() => assessEarthquake(grid, { x: 0, y: 0, magnitude: 6, depthKm: -1 }, occ)).toThrow(/depth -1/);
    expect(() =>
      assessEarthquake(grid, { x: 0, y: 0, magnitude: 6, depthKm: 5 }, new Float32Array(3)),
    ).toThrow(/occupants has 3 entries/);
  });
});
