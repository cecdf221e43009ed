/** Evacuation: shelters, block sources, nearest-shelter-with-room assignment over a hand-made grid network. */
import { describe, expect, it } from 'vitest';
import { MAX_EVAC_ROUTES } from '../protocol/hazardMessages.ts';
import { emptyAreas, emptyPower } from '../scene/empty.ts';
import { BuildingUse, PoiKind, RoadClass, type CityModel, type PolygonSet } from '../scene/types.ts';
import {
  evacuationSources,
  planEvacuation,
  sheltersOf,
  WALK_SPEED_MS,
  type EvacSource,
} from './evacuation.ts';

function rects(rs: readonly (readonly [number, number, number, number])[]): PolygonSet {
  const xy: number[] = [];
  for (const [x0, y0, x1, y1] of rs) xy.push(x0, y0, x1, y0, x1, y1, x0, y1);
  return {
    count: rs.length,
    polyStart: Uint32Array.from({ length: rs.length + 1 }, (_, i) => i),
    ringStart: Uint32Array.from({ length: rs.length + 1 }, (_, i) => 4 * i),
    xy: Float32Array.from(xy),
  };
}

/**
 * Road grid, 400 m blocks, every street two-way at 36 km/h (10 m/s → 40 s per link):
 *   n3 (0,400) ── n4 (400,400) ── n5 (800,400)
 *    │              │               │
 *   n0 (0,0) ──── n1 (400,0) ──── n2 (800,0)
 * Shelters: POI 0 "A" at n0 (capacity 30), POI 1 "B" at n5 (capacity 50); POI 2 a hospital; POI 3 a shelter with
 * unknown capacity (0: not a shelter to plan with). Links are numbered in the order of PAIRS, forward then back.
 */
const NODES = [0, 0, 400, 0, 800, 0, 0, 400, 400, 400, 800, 400];
const PAIRS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [3, 4],
  [4, 5],
  [0, 3],
  [1, 4],
  [2, 5],
];
/** Link index of the directed link a → b. */
function link(a: number, b: number): number {
  const k = PAIRS.findIndex(([p, q]) => (p === a && q === b) || (p === b && q === a));
  return 2 * k + (PAIRS[k]![0] === a ? 0 : 1);
}

function gridCity(capA = 30, capB = 50): CityModel {
  const from: number[] = [];
  const to: number[] = [];
  for (const [a, b] of PAIRS) {
    from.push(a, b);
    to.push(b, a);
  }
  const L = from.length;
  const geomXY: number[] = [];
  for (let l = 0; l < L; l++) {
    const a = from[l]!;
    const b = to[l]!;
    geomXY.push(NODES[2 * a]!, NODES[2 * a + 1]!, NODES[2 * b]!, NODES[2 * b + 1]!);
  }
  const bp = rects([
    [100, 100, 110, 110],
    [200, 200, 210, 210],
    [600, 100, 610, 110],
  ]);
  return {
    meta: {
      name: 'evac-test',
      title: { zh: '疏散测试城', en: 'Evacuation test city' },
      synthetic: true,
      attribution: 'test fixture',
      origin: { lon: 121.5, lat: 31.2 },
      bbox: [121.5, 31.2, 121.51, 31.205],
      extentM: { minX: 0, minY: 0, maxX: 800, maxY: 400 },
      stats: {
        featuresRead: 0,
        buildings: 3,
        heightsGiven: 0,
        heightsFromLevels: 0,
        heightsFromUseClass: 0,
        roadLines: PAIRS.length,
        links: L,
        nodes: 6,
        lanesDerived: 0,
        speedsDerived: 0,
        repaired: 0,
        skipped: 0,
        warnings: 0,
      },
      importedAt: '2026-01-01T00:00:00Z',
    },
    buildings: {
      ...bp,
      heightM: Float32Array.from([9, 9, 9]),
      minHeightM: new Float32Array(3),
      baseZM: new Float32Array(3),
      levels: Uint16Array.from([3, 3, 3]),
      use: new Uint8Array(3).fill(BuildingUse.residential),
      heightSource: new Uint8Array(3),
      areaM2: Float32Array.from([100, 100, 100]),
      sourceId: ['b0', 'b1', 'b2'],
      names: new Map(),
    },
    roads: {
      nodeCount: 6,
      nodeXY: Float32Array.from(NODES),
      nodeSignal: new Uint8Array(6),
      linkCount: L,
      linkFrom: Uint32Array.from(from),
      linkTo: Uint32Array.from(to),
      linkClass: new Uint8Array(L).fill(RoadClass.residential),
      lanes: new Uint8Array(L).fill(1),
      capacityVph: new Float32Array(L).fill(900),
      freeSpeedKph: new Float32Array(L).fill(36),
      lengthM: new Float32Array(L).fill(400),
      flags: new Uint8Array(L),
      geomStart: Uint32Array.from({ length: L + 1 }, (_, i) => 2 * i),
      geomXY: Float32Array.from(geomXY),
      linkWay: Uint32Array.from({ length: L }, (_, l) => l >> 1),
      ways: PAIRS.map((_, k) => ({ sourceId: `w${k}` })),
    },
    areas: emptyAreas(),
    power: emptyPower(),
    sensors: {
      count: 0,
      kind: new Uint8Array(0),
      xy: new Float32Array(0),
      linkIndex: new Uint32Array(0),
      sourceId: [],
    },
    pois: {
      count: 4,
      kind: Uint8Array.from([PoiKind.shelter, PoiKind.shelter, PoiKind.hospital, PoiKind.shelter]),
      xy: Float32Array.from([0, 0, 800, 400, 400, 400, 400, 0]),
      capacity: Uint32Array.from([capA, capB, 200, 0]),
      sourceId: ['A', 'B', 'H', 'C'],
      names: new Map(),
    },
    zones: {
      ...rects([
        [-100, -100, 900, 500],
        [-100, -100, 400, 500],
      ]),
      level: Uint8Array.from([0, 1]),
      parent: Uint32Array.from([0xffffffff, 0]),
      sourceId: ['d', 'd-g1'],
      names: new Map(),
    },
    terrain: null,
  };
}

/** S0 at n1 with 40 people, S1 at n3 with 20. */
const SOURCES: readonly EvacSource[] = [
  { x: 400, y: 0, people: 40 },
  { x: 0, y: 400, people: 20 },
];
const brief = (r: { shelter: number; people: number; timeS: number; lengthM: number }): number[] => [
  r.shelter,
  r.people,
  r.timeS,
  r.lengthM,
];

describe('sheltersOf', () => {
  it('all shelter POIs with a capacity, closed and empty', () => {
    expect(sheltersOf(gridCity())).toEqual([
      { poi: 0, capacity: 30, occupants: 0, open: false },
      { poi: 1, capacity: 50, occupants: 0, open: false },
    ]);
  });
});

describe('evacuationSources', () => {
  it('groups affected buildings by grid cell (people-weighted centre), else by 300 m squares', () => {
    const s = evacuationSources(gridCity(), Float32Array.from([10, 30, 5]));
    // Cell 1 holds b0 (105,105) ×10 and b1 (205,205) ×30: centre (10·105 + 30·205) / 40 = 180. b2 (605,105) lies
    // outside every cell: square (⌊605/300⌋, ⌊105/300⌋) = (2, 0).
    expect(s).toEqual([
      { key: 'cell:1', x: 180, y: 180, people: 40 },
      { key: 'block:2,0', x: 605, y: 105, people: 5 },
    ]);
    expect(evacuationSources(gridCity(), new Float32Array(3))).toEqual([]);
  });
});

describe('planEvacuation', () => {
  it('sends each block to the nearest shelter with room', () => {
    const city = gridCity(100, 100);
    const p = planEvacuation(city, SOURCES, sheltersOf(city), null, null, 'HZ-0001');
    // n1 → n0 and n3 → n0: one 400 m link at 10 m/s = 40 s each; B is 80 s from both.
    expect(p.routes.map(brief)).toEqual([
      [0, 40, 40, 400],
      [0, 20, 40, 400],
    ]);
    expect(p.routes[0]).toMatchObject({ id: 'HZ-0001/EV-0-0', hazardId: 'HZ-0001', fromX: 400, fromY: 0 });
    expect(p.routes[0]!.path).toEqual([400, 0, 0, 0]);
    expect(p.shelters).toEqual([
      { poi: 0, capacity: 100, occupants: 60, open: true },
      { poi: 1, capacity: 100, occupants: 0, open: false },
    ]);
    expect([p.unservedPeople, p.omittedRoutes]).toEqual([0, 0]);
  });

  it('splits a block across the next shelter when the nearest is full (greedy in order of time)', () => {
    const city = gridCity(30, 50);
    const p = planEvacuation(city, SOURCES, sheltersOf(city), null, null, 'HZ-0001');
    // Pairs by time: (40 s, S0, A) → 30 (A full); (40 s, S1, A) no room; (80 s, S0, B) → 10; (80 s, S1, B) → 20.
    expect(p.routes.map(brief)).toEqual([
      [0, 30, 40, 400],
      [1, 10, 80, 800],
      [1, 20, 80, 800],
    ]);
    // S0 → B: n1 → n2 → n5 and n1 → n4 → n5 both take 80 s; the tree from B settles n4 before n2 (the link n4→n5
    // comes first in link order), so n1 is labelled via n4 and keeps that label on the tie.
    expect(p.routes[1]!.path).toEqual([400, 0, 400, 400, 800, 400]);
    expect(p.routes[2]!.path).toEqual([0, 400, 400, 400, 800, 400]);
    expect(p.shelters.map((s) => [s.occupants, s.open])).toEqual([
      [30, true],
      [30, true],
    ]);
    expect(p.servedBySource).toEqual([40, 20]);
    // Bounded output: keep the routes carrying the most people; everyone stays assigned.
    const b = planEvacuation(city, SOURCES, sheltersOf(city), null, null, 'HZ-0001', { maxRoutes: 1 });
    expect(b.routes.map(brief)).toEqual([[0, 30, 40, 400]]);
    expect([b.omittedRoutes, b.unservedPeople, b.shelters[1]!.occupants]).toEqual([2, 0, 30]);
    expect(MAX_EVAC_ROUTES).toBe(300);
  });

  it('detours around a closed link, and takes current link times when given', () => {
    const city = gridCity(100, 100);
    const only = [{ poi: 0, capacity: 100, occupants: 0, open: false }];
    const closed = new Uint8Array(city.roads.linkCount);
    closed[link(1, 0)] = 1;
    const p = planEvacuation(city, [SOURCES[0]!], only, closed, null, 'HZ-0001');
    // n1 → n4 → n3 → n0: 3 links, 1200 m, 120 s.
    expect(p.routes.map(brief)).toEqual([[0, 40, 120, 1200]]);
    expect(p.routes[0]!.path).toEqual([400, 0, 400, 400, 0, 400, 0, 0]);
    // Not closed but congested: 200 s on n1 → n0 (the others at free flow, NaN = unknown) → the 120 s detour wins.
    const t = new Float32Array(city.roads.linkCount).fill(NaN);
    t[link(1, 0)] = 200;
    expect(planEvacuation(city, [SOURCES[0]!], only, null, t, 'x').routes.map(brief)).toEqual([
      [0, 40, 120, 1200],
    ]);
    t[link(1, 0)] = 100;
    expect(planEvacuation(city, [SOURCES[0]!], only, null, t, 'x').routes.map(brief)).toEqual([
      [0, 40, 100, 400],
    ]);
  });

  it('walks the legs off the network and, in walk mode, the roads at 1.2 m/s', () => {
    const city = gridCity(100, 100);
    const only = [{ poi: 0, capacity: 100, occupants: 0, open: false }];
    // From (410, 30): 31.62 m to n1 on foot (26.35 s), then 40 s by road → 66 s, 431.6 m.
    const p = planEvacuation(city, [{ x: 410, y: 30, people: 5 }], only, null, null, 'x');
    expect(p.routes.map(brief)).toEqual([[0, 5, 66, 432]]);
    expect(p.routes[0]!.path).toEqual([410, 30, 400, 0, 0, 0]);
    const w = planEvacuation(city, [SOURCES[0]!], only, null, null, 'x', { mode: 'walk' });
    expect(w.routes[0]!.timeS).toBe(Math.round(400 / WALK_SPEED_MS)); // 333 s
  });

  it('leaves people unserved when no shelter with room is reachable', () => {
    const city = gridCity(30, 50);
    const only = [{ poi: 0, capacity: 30, occupants: 0, open: false }];
    const closed = new Uint8Array(city.roads.linkCount);
    closed[link(1, 0)] = 1;
    closed[link(3, 0)] = 1;
    const p = planEvacuation(city, SOURCES, only, closed, null, 'x');
    expect([p.routes.length, p.unservedPeople, p.shelters[0]!.occupants, p.shelters[0]!.open]).toEqual([
      0,
      60,
      0,
      false,
    ]);
    // Reachable but too small: 30 of 60 placed (S0 first: it is nearer in the tie by source order).
    const q = planEvacuation(city, SOURCES, only, null, null, 'x');
    expect([q.unservedPeople, q.servedBySource]).toEqual([30, [30, 0]]);
    // Shelters already partly full, unavailable, or (openOnly) closed take fewer or none.
    const part = [{ poi: 0, capacity: 30, occupants: 25, open: true }];
    expect(planEvacuation(city, SOURCES, part, null, null, 'x').unservedPeople).toBe(55);
    expect(
      planEvacuation(city, SOURCES, only, null, null, 'x', { unavailable: new Set([0]) }).unservedPeople,
    ).toBe(60);
    expect(planEvacuation(city, SOURCES, only, null, null, 'x', { openOnly: true }).unservedPeople).toBe(60);
  });

  it('is deterministic and rejects bad input with a precise error', () => {
    const city = gridCity(30, 50);
    const a = planEvacuation(city, SOURCES, sheltersOf(city), null, null, 'HZ-0009');
    const b = planEvacuation(gridCity(30, 50), SOURCES, sheltersOf(city), null, null, 'HZ-0009');
    expect(b).toEqual(a);
    expect(() => planEvacuation(city, [{ x: 0, y: NaN, people: 1 }], [], null, null, 'x')).toThrow(
      /source 0 has x 0, y NaN/,
    );
    expect(() => planEvacuation(city, SOURCES, [], new Uint8Array(3), null, 'x')).toThrow(
      /closed has 3 entries, the network 14 links/,
    );
    expect(() =>
      planEvacuation(city, SOURCES, [{ poi: 9, capacity: 1, occupants: 0, open: true }], null, null, 'x'),
    ).toThrow(/shelter 0 has POI 9, outside 0..3/);
  });
});
