/**
 * A tiny hand-built CityModel for feed tests, so they do not depend on the importer: a 2×2 grid of roads
 * (8 directed links), one loop per link, 2 weather stations, 2 substations with a meter each.
 */
import { emptyAreas, emptyBuildings, emptyPois, emptyZones } from '../../src/core/scene/empty.ts';
import { PowerKind, RoadClass, SensorKind, type CityModel } from '../../src/core/scene/types.ts';

/** Builds the tiny test city. `extraLoops` adds loop sensors (all on link 0) to make batches bigger. */
export function tinyCity(extraLoops = 0): CityModel {
  // Nodes: 0 (0,0) 1 (500,0) 2 (0,500) 3 (500,500); links both ways along the square's four sides.
  const nodeXY = new Float32Array([0, 0, 500, 0, 0, 500, 500, 500]);
  const pairs: [number, number][] = [
    [0, 1],
    [1, 0],
    [0, 2],
    [2, 0],
    [1, 3],
    [3, 1],
    [2, 3],
    [3, 2],
  ];
  const linkCount = pairs.length;
  const geomXY = new Float32Array(linkCount * 4);
  pairs.forEach(([a, b], i) =>
    geomXY.set([nodeXY[2 * a]!, nodeXY[2 * a + 1]!, nodeXY[2 * b]!, nodeXY[2 * b + 1]!], 4 * i),
  );
  const classes = [
    RoadClass.primary,
    RoadClass.primary,
    RoadClass.secondary,
    RoadClass.secondary,
    RoadClass.trunk,
    RoadClass.trunk,
    RoadClass.tertiary,
    RoadClass.tertiary,
  ];

  const loops = linkCount + extraLoops;
  const sensorCount = loops + 2 + 2;
  const kind = new Uint8Array(sensorCount);
  const sxy = new Float32Array(sensorCount * 2);
  const linkIndex = new Uint32Array(sensorCount).fill(0xffffffff);
  const sourceId: string[] = [];
  for (let i = 0; i < loops; i++) {
    kind[i] = SensorKind.roadLoop;
    linkIndex[i] = i < linkCount ? i : 0;
    sxy.set([geomXY[4 * (i % linkCount) + 0]! / 2 + 100, 10], 2 * i);
    sourceId.push(`sensor:L${String(i).padStart(4, '0')}`);
  }
  for (let i = loops; i < loops + 2; i++) {
    kind[i] = SensorKind.weather;
    sxy.set([250 * (i - loops), 250], 2 * i);
    sourceId.push(`sensor:W${i - loops}`);
  }
  for (let i = loops + 2; i < sensorCount; i++) {
    kind[i] = SensorKind.substationMeter;
    sxy.set([i - loops - 2 === 0 ? 0 : 500, 0], 2 * i);
    sourceId.push(`sensor:S${i - loops - 2}`);
  }

  return {
    meta: {
      name: 'tiny',
      title: { zh: '测试小城', en: 'Tiny test city' },
      synthetic: true,
      attribution: 'test fixture',
      origin: { lon: 121.5, lat: 31.2 },
      bbox: [121.5, 31.2, 121.505, 31.205],
      extentM: { minX: 0, minY: 0, maxX: 500, maxY: 500 },
      stats: {
        featuresRead: 0,
        buildings: 0,
        heightsGiven: 0,
        heightsFromLevels: 0,
        heightsFromUseClass: 0,
        roadLines: 4,
        links: linkCount,
        nodes: 4,
        lanesDerived: 0,
        speedsDerived: 0,
        repaired: 0,
        skipped: 0,
        warnings: 0,
      },
      importedAt: '2026-01-01T00:00:00Z',
    },
    buildings: emptyBuildings(),
    roads: {
      nodeCount: 4,
      nodeXY,
      nodeSignal: new Uint8Array(4),
      linkCount,
      linkFrom: Uint32Array.from(pairs, (p) => p[0]),
      linkTo: Uint32Array.from(pairs, (p) => p[1]),
      linkClass: Uint8Array.from(classes),
      lanes: new Uint8Array(linkCount).fill(2),
      capacityVph: new Float32Array(linkCount).fill(3600),
      freeSpeedKph: Float32Array.from(classes, (c) => (c === RoadClass.trunk ? 80 : 50)),
      lengthM: new Float32Array(linkCount).fill(500),
      flags: new Uint8Array(linkCount),
      geomStart: Uint32Array.from({ length: linkCount + 1 }, (_, i) => 2 * i),
      geomXY,
      linkWay: Uint32Array.from(pairs, (_, i) => i >> 1),
      ways: [
        { sourceId: 'osm:1', name: { name: '世纪大道', zh: '世纪大道', en: 'Century Avenue' } },
        { sourceId: 'osm:2' },
        { sourceId: 'osm:3', name: { name: 'East Road' } },
        { sourceId: 'osm:4' },
      ],
    },
    areas: emptyAreas(),
    power: {
      count: 2,
      kind: new Uint8Array([PowerKind.substation, PowerKind.substation]),
      xy: new Float32Array([0, 0, 500, 0]),
      ratingMW: new Float32Array([63, 0]),
      energyMWh: new Float32Array(2),
      voltageKV: new Float32Array([110, 35]),
      sourceId: ['osm:s1', 'osm:s2'],
      names: new Map(),
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
    sensors: { count: sensorCount, kind, xy: sxy, linkIndex, sourceId },
    pois: emptyPois(),
    zones: emptyZones(),
    terrain: null,
  };
}

/** 2026-03-02 06:30 China Standard Time (a Monday), ms since the Unix epoch. */
export const START_SIM_MS = Date.UTC(2026, 2, 1, 22, 30);

/** Waits until `cond()` holds (polling every 5 ms) or fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
