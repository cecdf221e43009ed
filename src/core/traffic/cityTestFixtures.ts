/**
 * Small hand-built cities for the traffic model's tests (not used by the app): the 2×2 road square of
 * tests/integration/fixtures.ts with zones (two districts, optionally split into grid cells) and buildings
 * (homes on the west side, offices on the east side), so that demand, assignment and KPIs can be worked out by hand.
 */
import { tinyCity } from '../../../tests/integration/fixtures.ts';
import { BuildingUse, type Buildings, type CityModel, type PolygonSet, type Zones } from '../scene/types.ts';

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
