import { describe, expect, it } from 'vitest';
import { makeTestCity } from '../energy/city/testCity.ts';
import { BuildingUse, PoiKind, RoadClass } from '../scene/types.ts';
import type { CityModel, FeatureName, RoadNetwork } from '../scene/types.ts';
import {
  FIRE_SEPARATION_M,
  FIRE_STANDARD_S,
  FireClass,
  assessFire,
  fireClassOf,
  fireRoute,
  fireSpread,
  gapForCoverage,
  hamadaSpeeds,
} from './fire.ts';

/**
 * Road grid: nodes id = 3j + i at (500 i, 500 j), i, j = 0..2; links both ways along the grid lines, 500 m each.
 * Free-flow speed 72 km/h (25 s per link) on the bottom row (j = 0) and the right column (i = 2), 36 km/h (50 s)
 * elsewhere. A fire station at (0, 0) = node 0.
 */
function grid(): RoadNetwork {
  const nodeXY: number[] = [];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) nodeXY.push(500 * i, 500 * j);
  const from: number[] = [];
  const to: number[] = [];
  const speed: number[] = [];
  const add = (a: number, b: number, fast: boolean): void => {
    from.push(a, b);
    to.push(b, a);
    speed.push(fast ? 72 : 36, fast ? 72 : 36);
  };
  for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) add(3 * j + i, 3 * j + i + 1, j === 0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) add(3 * j + i, 3 * (j + 1) + i, i === 2);
  const L = from.length;
  const geomXY: number[] = [];
  for (let l = 0; l < L; l++) {
    geomXY.push(
      nodeXY[2 * from[l]!]!,
      nodeXY[2 * from[l]! + 1]!,
      nodeXY[2 * to[l]!]!,
      nodeXY[2 * to[l]! + 1]!,
    );
  }
  return {
    nodeCount: 9,
    nodeXY: Float32Array.from(nodeXY),
    nodeSignal: new Uint8Array(9),
    linkCount: L,
    linkFrom: Uint32Array.from(from),
    linkTo: Uint32Array.from(to),
    linkClass: new Uint8Array(L).fill(RoadClass.secondary),
    lanes: new Uint8Array(L).fill(2),
    capacityVph: new Float32Array(L).fill(1800),
    freeSpeedKph: Float32Array.from(speed),
    lengthM: new Float32Array(L).fill(500),
    flags: new Uint8Array(L),
    geomStart: Uint32Array.from({ length: L + 1 }, (_, l) => 2 * l),
    geomXY: Float32Array.from(geomXY),
    linkWay: new Uint32Array(L),
    ways: [{ sourceId: 'w:1' }],
  };
}

const link = (r: RoadNetwork, a: number, b: number): number => {
  for (let l = 0; l < r.linkCount; l++) if (r.linkFrom[l] === a && r.linkTo[l] === b) return l;
  throw new Error(`no link ${a}→${b}`);
};

function fireCity(
  buildings: { x: number; y: number; sideM: number; levels: number; use: number }[],
): CityModel {
  const base = makeTestCity({ assets: [], lines: [], buildings });
  const names = new Map<number, FeatureName>();
  return {
    ...base,
    roads: grid(),
    pois: {
      count: 2,
      kind: Uint8Array.of(PoiKind.fireStation, PoiKind.hospital),
      xy: Float32Array.of(-20, 10, 500, 500),
      capacity: new Uint32Array(2),
      sourceId: ['p:fire', 'p:hosp'],
      names,
    },
  };
}

describe('Hamada spread speeds (Hamada 1951 via Himoto & Tanaka 2008)', () => {
  it('matches a hand calculation: a = 10 m, d = 5 m, V = 5 m/s, all fire-protected', () => {
    // t_d = (5 + 0.625·10 + 16·5/(25 + 12.5)) / (1.5 (1 + 0.5 + 0.175)) = 13.38333 / 2.5125 = 5.32670 min.
    const s = hamadaSpeeds(10, 5, 5, 1);
    expect(s.downwindMPerMin).toBeCloseTo(15 / 5.3266998, 6);
    expect(s.downwindMPerMin * 60).toBeCloseTo(168.96015, 4);
    // t_s = (11.25 + 80/6.25) / 1.125 → 0.701663 m/min; t_u = (11.25 + 80/6) / 1.05 → 0.640678 m/min.
    expect(s.sideMPerMin).toBeCloseTo(0.7016632, 6);
    expect(s.upwindMPerMin).toBeCloseTo(0.640678, 6);
    // Bare wood, calm: t_d = (3 + 3.75 + 40/25) / 1.5 = 5.56667 min → 2.694611 m/min.
    expect(hamadaSpeeds(10, 5, 0, 0).downwindMPerMin).toBeCloseTo(2.6946108, 6);
  });

  it('spreads faster with more wind and burns fewer buildings per hour across wider gaps', () => {
    expect(hamadaSpeeds(10, 5, 10).downwindMPerMin).toBeGreaterThan(hamadaSpeeds(10, 5, 2).downwindMPerMin);
    // Speed in m/min grows with the gap (a gap is crossed faster than a building burns), buildings per hour fall.
    expect(hamadaSpeeds(10, 3, 5).downwindMPerMin / 13).toBeGreaterThan(
      hamadaSpeeds(10, 12, 5).downwindMPerMin / 22,
    );
    expect(() => hamadaSpeeds(0, 1, 1)).toThrow(/building side 0/);
  });

  it('derives the lattice gap from coverage: d = a(1/√c − 1)', () => {
    expect(gapForCoverage(10, 0.25)).toBeCloseTo(10, 12);
    expect(gapForCoverage(10, 0)).toBe(Infinity);
  });

  it('uses the GB 50016-2014 Table 5.2.2 separations', () => {
    expect(FIRE_SEPARATION_M[FireClass.highRise]![FireClass.highRise]).toBe(13);
    expect(FIRE_SEPARATION_M[FireClass.highRise]![FireClass.multiI]).toBe(9);
    expect(FIRE_SEPARATION_M[FireClass.multiI]![FireClass.multiI]).toBe(6);
    expect(fireClassOf(30, 10, BuildingUse.residential)).toBe(FireClass.highRise);
    expect(fireClassOf(26, 8, BuildingUse.residential)).toBe(FireClass.multiI);
    expect(fireClassOf(26, 8, BuildingUse.commercial)).toBe(FireClass.highRise);
    expect(fireClassOf(6.4, 2, BuildingUse.residential)).toBe(FireClass.multiIII);
  });
});

describe('fireSpread', () => {
  it('follows the chain of close neighbours within the Hamada radius', () => {
    // Origin 0 at (1000, 1000); 1–3 in a row with 4 m gaps (< 6 m); 4 isolated 20 m above the origin.
    const b = (
      x: number,
      y: number,
    ): { x: number; y: number; sideM: number; levels: number; use: number } => ({
      x,
      y,
      sideM: 10,
      levels: 3,
      use: BuildingUse.residential,
    });
    const city = fireCity([b(1000, 1000), b(1014, 1000), b(1028, 1000), b(1042, 1000), b(1000, 1030)]);
    const s = fireSpread(city, 0, 3);
    // a = 10 m, coverage = 500 / (π·100²) = 0.0159155, d = 10 (1/√c − 1) = 69.2666 m.
    expect(s.blockSideM).toBeCloseTo(10, 9);
    expect(s.blockCoverage).toBeCloseTo(500 / (Math.PI * 1e4), 9);
    expect(s.blockGapM).toBeCloseTo(10 * (1 / Math.sqrt(500 / (Math.PI * 1e4)) - 1), 9);
    expect(s.spreadRadiusM).toBeCloseTo(hamadaSpeeds(10, s.blockGapM, 3).downwindMPerMin * 60, 9);
    expect(s.buildingsAtRisk).toEqual([1, 2, 3]);
    expect(s.spreadRisk).toBe(2);
  });

  it('isolates a building beyond the separation distance and links high-rises 10 m apart', () => {
    const mk = (levels: number, gap: number): CityModel =>
      fireCity([
        { x: 2000, y: 0, sideM: 20, levels, use: BuildingUse.residential },
        { x: 2020 + gap, y: 0, sideM: 20, levels, use: BuildingUse.residential },
      ]);
    expect(fireSpread(mk(4, 7), 0, 2)).toMatchObject({
      buildingsAtRisk: [],
      spreadRisk: 1,
      spreadRadiusM: 0,
    });
    expect(fireSpread(mk(4, 5), 0, 2).buildingsAtRisk).toEqual([1]);
    expect(fireSpread(mk(12, 10), 0, 2).buildingsAtRisk).toEqual([1]); // 38.4 m towers: 13 m needed
  });
});

describe('fire-engine access', () => {
  const city = fireCity([{ x: 1010, y: 990, sideM: 10, levels: 3, use: BuildingUse.residential }]);
  const r = city.roads;

  it('takes the fastest route at free flow with exact time and polyline', () => {
    // 0 →1 →2 (bottom row, 25 s each) →5 →8 (right column, 25 s each) = 100 s.
    const f = assessFire(city, 0, 2, null, null, 'HZ-0001');
    expect(f.station).toBe(0);
    expect(f.travelTimeS).toBeCloseTo(100, 9);
    expect(f.routePath).toEqual([0, 0, 500, 0, 1000, 0, 1000, 500, 1000, 1000]);
    expect(f.standardS).toBe(FIRE_STANDARD_S);
    expect(f.hazardId).toBe('HZ-0001');
    expect(f.travelTimeS).toBeLessThan(f.standardS);
  });

  it('detours around a closed link', () => {
    // 1→2 closed: 0 →1 (25) →4 (50) →5 (50) →8 (25) = 150 s.
    const closed = new Uint8Array(r.linkCount);
    closed[link(r, 1, 2)] = 1;
    const route = fireRoute(city, 1010, 990, null, closed);
    expect(route.travelTimeS).toBeCloseTo(150, 9);
    expect(route.links).toEqual([link(r, 0, 1), link(r, 1, 4), link(r, 4, 5), link(r, 5, 8)]);
    expect(route.path).toEqual([0, 0, 500, 0, 500, 500, 1000, 500, 1000, 1000]);
  });

  it('uses current link times when given and reports no route when the building is cut off', () => {
    const t = new Float32Array(r.linkCount).fill(60);
    expect(fireRoute(city, 1010, 990, t, null).travelTimeS).toBeCloseTo(240, 9);
    const closed = new Uint8Array(r.linkCount);
    closed[link(r, 5, 8)] = 1;
    closed[link(r, 7, 8)] = 1;
    expect(assessFire(city, 0, 2, null, closed, 'HZ-0002')).toMatchObject({
      station: -1,
      travelTimeS: -1,
      routePath: [],
    });
    expect(() => fireRoute(city, 0, 0, new Float32Array(3), null)).toThrow(/linkTimeS has 3 entries/);
    expect(() => assessFire(city, 7, 2, null, null, 'x')).toThrow(/building 7 is outside 0..0/);
  });

  it('is deterministic', () => {
    expect(assessFire(city, 0, 4, null, null, 'a')).toEqual(assessFire(city, 0, 4, null, null, 'a'));
  });
});
