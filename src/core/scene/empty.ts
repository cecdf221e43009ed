/**
 * Empty parts of a CityModel (src/core/scene/types.ts): what a scene without buildings, roads, areas, power, POIs or
 * zones carries (the METR-LA sensor-only scene, test fixtures). One definition, so a field added to a part is added
 * here once.
 */
import type { Areas, Buildings, PolygonSet, Pois, PowerAssets, RoadNetwork, Zones } from './types.ts';

/** A polygon set with no features. */
export function emptyPolygons(): PolygonSet {
  return {
    count: 0,
    polyStart: new Uint32Array([0]),
    ringStart: new Uint32Array([0]),
    xy: new Float32Array(0),
  };
}

/** No buildings. */
export function emptyBuildings(): Buildings {
  return {
    ...emptyPolygons(),
    heightM: new Float32Array(0),
    minHeightM: new Float32Array(0),
    baseZM: new Float32Array(0),
    levels: new Uint16Array(0),
    use: new Uint8Array(0),
    heightSource: new Uint8Array(0),
    areaM2: new Float32Array(0),
    sourceId: [],
    names: new Map(),
  };
}

/** No road network. */
export function emptyRoads(): RoadNetwork {
  return {
    nodeCount: 0,
    nodeXY: new Float32Array(0),
    nodeSignal: new Uint8Array(0),
    linkCount: 0,
    linkFrom: new Uint32Array(0),
    linkTo: new Uint32Array(0),
    linkClass: new Uint8Array(0),
    lanes: new Uint8Array(0),
    capacityVph: new Float32Array(0),
    freeSpeedKph: new Float32Array(0),
    lengthM: new Float32Array(0),
    flags: new Uint8Array(0),
    geomStart: new Uint32Array([0]),
    geomXY: new Float32Array(0),
    linkWay: new Uint32Array(0),
    ways: [],
  };
}

/** No water or land-use areas. */
export function emptyAreas(): Areas {
  return { ...emptyPolygons(), kind: new Uint8Array(0), names: new Map() };
}

/** No energy assets and no power lines. */
export function emptyPower(): PowerAssets {
  return {
    count: 0,
    kind: new Uint8Array(0),
    xy: new Float32Array(0),
    ratingMW: new Float32Array(0),
    energyMWh: new Float32Array(0),
    voltageKV: new Float32Array(0),
    sourceId: [],
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
  };
}

/** No POIs. */
export function emptyPois(): Pois {
  return {
    count: 0,
    kind: new Uint8Array(0),
    xy: new Float32Array(0),
    capacity: new Uint32Array(0),
    sourceId: [],
    names: new Map(),
  };
}

/** No districts or grid cells. */
export function emptyZones(): Zones {
  return {
    ...emptyPolygons(),
    level: new Uint8Array(0),
    parent: new Uint32Array(0),
    sourceId: [],
    names: new Map(),
  };
}
