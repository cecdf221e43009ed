/**
 * Small hand-built cities for the traffic model's tests (not used by the app): the 2×2 road square of
 * tests/integration/fixtures.ts with zones (two districts, optionally split into grid cells) and buildings
 * (homes on the west side, offices on the east side), so that demand, assignment and KPIs can be worked out by hand.
 */
import { tinyCity } from '../../../tests/integration/fixtures.ts';
import {
  BuildingUse,
  RoadClass,
  type Buildings,
  type CityModel,
  type PolygonSet,
  type Zones,
} from '../scene/types.ts';

/** Axis-aligned rectangles [x0, y0, x1, y1] as a PolygonSet (one counter-clockwise outer ring each). */
export function rectangles(rects: readonly (readonly [number, number, number, number])[]): PolygonSet {
  const xy: number[] = [];
  for (const [x0, y0, x1, y1] of rects) xy.push(x0, y0, x1, y0, x1, y1, x0, y1);
  return {
    count: rects.length,
    polyStart: Uint32Array.from({ length: rects.length + 1 }, (_, i) => i),
    ringStart: Uint32Array.from({ length: rects.length + 1 }, (_, i) => 4 * i),
    xy: Float32Array.from(xy),
  };
}

/** Options of testCity. */
export interface TestCityOptions {
  /** 'districts': west and east districts; 'cells': one district split into west and east grid cells; 'none'. */
  readonly zones?: 'districts' | 'cells' | 'none';
  /** Capacity of every link, veh/h (default 3600 as in tinyCity). */
  readonly capacityVph?: number;
  /** Signalised road nodes. */
  readonly signals?: readonly number[];
}

/**
 * The test city: road nodes 0 (0,0), 1 (500,0), 2 (0,500), 3 (500,500), links both ways along the sides (tinyCity).
 * Buildings: a residential block west (100 m² × 4 levels = 400 m² → 10 residents), an office block east (200 m² ×
 * 5 levels = 1000 m² → 50 jobs) and an unknown-use building west (80 m² × 2 levels = 160 m² → 2 residents, 4 jobs).
 */
export function testCity(opts: TestCityOptions = {}): CityModel {
  const base = tinyCity();
  const bp = rectangles([
    [100, 200, 110, 210],
    [390, 200, 410, 210],
    [100, 300, 110, 308],
  ]);
  const buildings: Buildings = {
    ...bp,
    heightM: Float32Array.from([12, 15, 6]),
    minHeightM: new Float32Array(3),
    baseZM: new Float32Array(3),
    levels: Uint16Array.from([4, 5, 2]),
    use: Uint8Array.from([BuildingUse.residential, BuildingUse.commercial, BuildingUse.unknown]),
    heightSource: new Uint8Array(3),
    areaM2: Float32Array.from([100, 200, 80]),
    sourceId: ['t:1', 't:2', 't:3'],
    names: new Map(),
  };
  const mode = opts.zones ?? 'districts';
  let zones: Zones;
  if (mode === 'none') zones = base.zones;
  else if (mode === 'districts') {
    zones = {
      ...rectangles([
        [-10, -10, 250, 510],
        [250, -10, 510, 510],
      ]),
      level: Uint8Array.from([0, 0]),
      parent: Uint32Array.from([0xffffffff, 0xffffffff]),
      sourceId: ['d:west', 'd:east'],
      names: new Map(),
    };
  } else {
    zones = {
      ...rectangles([
        [-10, -10, 510, 510],
        [-10, -10, 250, 510],
        [250, -10, 510, 510],
      ]),
      level: Uint8Array.from([0, 1, 1]),
      parent: Uint32Array.from([0xffffffff, 0, 0]),
      sourceId: ['d:all', 'g:west', 'g:east'],
      names: new Map(),
    };
  }
  const nodeSignal = new Uint8Array(base.roads.nodeCount);
  for (const n of opts.signals ?? []) nodeSignal[n] = 1;
  return {
    ...base,
    buildings,
    zones,
    roads: {
      ...base.roads,
      nodeSignal,
      capacityVph: new Float32Array(base.roads.linkCount).fill(opts.capacityVph ?? 3600),
    },
  };
}

/**
 * A city whose arterial leaves the extent: a 2 km square of tertiary streets (corner nodes 0 (0,0), 1 (2000,0),
 * 2 (2000,2000), 3 (0,2000)) with a primary avenue from node 4 (0,1000) on the west edge through node 5 (1000,1000)
 * to node 6 (2000,1000) on the east edge, and tertiary streets 5 ⇄ 7 (1000,0) on the south edge. All links two-way,
 * 1800 veh/h, 50 km/h. Nodes 4 and 6 are gateways (the avenue runs inward from them); node 7 is not (tertiary);
 * the square's sides run along the hull, so the corners are not. No zones: 1 km regular-grid cells. Buildings: a
 * residential block in the south-west cell (2000 m² × 5 levels = 10,000 m² → 250 residents) and offices in the
 * north-east cell (2000 m² × 10 levels = 20,000 m² → 1000 jobs).
 */
export function gatewayCity(): CityModel {
  const base = tinyCity();
  const nodeXY = Float32Array.from([
    0, 0, 2000, 0, 2000, 2000, 0, 2000, 0, 1000, 1000, 1000, 2000, 1000, 1000, 0,
  ]);
  const edges: [number, number, number][] = [
    [0, 7, RoadClass.tertiary],
    [7, 1, RoadClass.tertiary],
    [1, 6, RoadClass.tertiary],
    [6, 2, RoadClass.tertiary],
    [2, 3, RoadClass.tertiary],
    [3, 4, RoadClass.tertiary],
    [4, 0, RoadClass.tertiary],
    [4, 5, RoadClass.primary],
    [5, 6, RoadClass.primary],
    [5, 7, RoadClass.tertiary],
  ];
  const pairs = edges.flatMap(([a, b, c]) => [
    [a, b, c],
    [b, a, c],
  ]);
  const L = pairs.length;
  const geomXY = new Float32Array(4 * L);
  const lengthM = new Float32Array(L);
  pairs.forEach(([a, b], i) => {
    const ax = nodeXY[2 * a!]!;
    const ay = nodeXY[2 * a! + 1]!;
    const bx = nodeXY[2 * b!]!;
    const by = nodeXY[2 * b! + 1]!;
    geomXY.set([ax, ay, bx, by], 4 * i);
    lengthM[i] = Math.hypot(bx - ax, by - ay);
  });
  const bp = rectangles([
    [200, 200, 240, 250],
    [1700, 1700, 1740, 1750],
  ]);
  return {
    ...base,
    zones: {
      ...rectangles([]),
      level: new Uint8Array(0),
      parent: new Uint32Array(0),
      sourceId: [],
      names: new Map(),
    },
    buildings: {
      ...bp,
      heightM: Float32Array.from([15, 30]),
      minHeightM: new Float32Array(2),
      baseZM: new Float32Array(2),
      levels: Uint16Array.from([5, 10]),
      use: Uint8Array.from([BuildingUse.residential, BuildingUse.commercial]),
      heightSource: new Uint8Array(2),
      areaM2: Float32Array.from([2000, 2000]),
      sourceId: ['t:home', 't:office'],
      names: new Map(),
    },
    roads: {
      nodeCount: 8,
      nodeXY,
      nodeSignal: new Uint8Array(8),
      linkCount: L,
      linkFrom: Uint32Array.from(pairs, (p) => p[0]!),
      linkTo: Uint32Array.from(pairs, (p) => p[1]!),
      linkClass: Uint8Array.from(pairs, (p) => p[2]!),
      lanes: new Uint8Array(L).fill(2),
      capacityVph: new Float32Array(L).fill(1800),
      freeSpeedKph: new Float32Array(L).fill(50),
      lengthM,
      flags: new Uint8Array(L),
      geomStart: Uint32Array.from({ length: L + 1 }, (_, i) => 2 * i),
      geomXY,
      linkWay: Uint32Array.from(pairs, (_, i) => i >> 1),
      ways: edges.map((_, i) => ({ sourceId: `osm:${i + 1}` })),
    },
  };
}
