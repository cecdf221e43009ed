/**
 * The CityModel: an imported city in memory. Bulk geometry and attributes are typed arrays in local metres
 * (see ../geo/projection.ts); small, sparse or textual data are plain arrays. This is what the scene package
 * (scenes/<name>/scene.json + scene.bin, docs/scene-format.md) decodes to, in the browser and in Node alike.
 *
 * Polygon layout used by every polygon collection ("PolygonSet"): feature i owns rings
 * ringStart[polyStart[i]] .. ringStart[polyStart[i+1]]-1; ring r owns vertices ringStart[r] .. ringStart[r+1]-1 of
 * `xy` (interleaved x,y metres). Rings are NOT closed (the first vertex is not repeated). The first ring of a feature
 * is its outer ring, counter-clockwise; the rest are holes, clockwise.
 */

/** Building use classes (OSM `building=*` and Tilezen `kind_detail`, folded). Codes are stored as Uint8. */
export const BuildingUse = {
  unknown: 0,
  residential: 1,
  commercial: 2, // offices, retail, hotels
  industrial: 3,
  public: 4, // civic, government
  education: 5,
  health: 6,
  religious: 7,
  transport: 8,
  utility: 9,
  other: 10,
} as const;
export type BuildingUse = (typeof BuildingUse)[keyof typeof BuildingUse];

/** Where a building's height came from. */
export const HeightSource = { given: 0, levels: 1, useClass: 2 } as const;
export type HeightSource = (typeof HeightSource)[keyof typeof HeightSource];

/** Road classes (OSM `highway=*`, Tilezen `kind_detail`). Codes are stored as Uint8; order = importance. */
export const RoadClass = {
  motorway: 0,
  trunk: 1,
  primary: 2,
  secondary: 3,
  tertiary: 4,
  residential: 5,
  service: 6,
  link: 7, // *_link ramps
  unclassified: 8,
} as const;
export type RoadClass = (typeof RoadClass)[keyof typeof RoadClass];

/** Area (land cover / land use) kinds for the basemap and hazard models. Stored as Uint8. */
export const AreaKind = {
  water: 0,
  park: 1, // park, grass, forest, garden
  residential: 2,
  commercial: 3,
  industrial: 4,
  institutional: 5, // school, hospital, university grounds
  transport: 6, // rail yards, airports, parking
  other: 7,
} as const;
export type AreaKind = (typeof AreaKind)[keyof typeof AreaKind];

/** Energy asset kinds (OSM `power=*` plus `generator:source`). Stored as Uint8. */
export const PowerKind = {
  substation: 0, // power=substation (voltage in kV)
  plant: 1, // power=plant / thermal generator
  pv: 2, // generator:source=solar
  wind: 3, // generator:source=wind
  storage: 4, // power=storage / generator:source=battery
  evCharger: 5, // amenity=charging_station
  import: 6, // boundary import point (power=substation + citybrain:import=yes)
} as const;
export type PowerKind = (typeof PowerKind)[keyof typeof PowerKind];

/** Sensor kinds (man_made=monitoring_station / highway=traffic_signals detectors, `citybrain:sensor=*`). */
export const SensorKind = {
  roadLoop: 0, // loop detector on a road link: speed, flow, occupancy
  weather: 1, // temperature, rain, wind
  substationMeter: 2, // substation load
  airQuality: 3,
  waterLevel: 4,
} as const;
export type SensorKind = (typeof SensorKind)[keyof typeof SensorKind];

/** Point-of-interest kinds relevant to operations and resilience. Stored as Uint8. */
export const PoiKind = {
  hospital: 0,
  school: 1,
  fireStation: 2,
  shelter: 3,
  police: 4,
  pumpingStation: 5,
  underpass: 6,
  metroStation: 7,
  busStop: 8,
  trafficSignal: 9,
  other: 10,
} as const;
export type PoiKind = (typeof PoiKind)[keyof typeof PoiKind];

/** Polygons in the shared layout described at the top of this file. */
export interface PolygonSet {
  readonly count: number;
  /** count+1 entries: feature i owns rings polyStart[i]..polyStart[i+1]-1. */
  readonly polyStart: Uint32Array;
  /** rings+1 entries: ring r owns vertices ringStart[r]..ringStart[r+1]-1. */
  readonly ringStart: Uint32Array;
  /** Interleaved x,y local metres. */
  readonly xy: Float32Array;
}

/** Buildings (footprints + heights). */
export interface Buildings extends PolygonSet {
  /** Roof height above ground, metres. */
  readonly heightM: Float32Array;
  /** Bottom of the volume above ground (OSM min_height), metres; 0 for most buildings. */
  readonly minHeightM: Float32Array;
  /** Ground elevation under the building (terrain sample at the centroid), metres. */
  readonly baseZM: Float32Array;
  /** Number of levels (0 = unknown). */
  readonly levels: Uint16Array;
  /** BuildingUse code. */
  readonly use: Uint8Array;
  /** HeightSource code. */
  readonly heightSource: Uint8Array;
  /** Footprint area in m² (outer minus holes). */
  readonly areaM2: Float32Array;
  /** Source feature id per building, e.g. "osm:123456" or "gen:b000123". */
  readonly sourceId: readonly string[];
  /** Names for the buildings that have one: index → { zh?, en?, name }. */
  readonly names: ReadonlyMap<number, FeatureName>;
  /**
   * BuildingRole code per building (added by the importer; absent = all `whole`). An `outline` has separate `part`
   * volumes (OSM Simple 3D Buildings): renderers draw the parts and skip the outline's volume.
   */
  readonly role?: Uint8Array;
}

/** A building's role in OSM Simple 3D Buildings terms. Stored as Uint8. */
export const BuildingRole = {
  whole: 0, // an ordinary building: draw it
  outline: 1, // a building outline that has building:part volumes: pick/label it, do not draw its volume
  part: 2, // a building:part (Tilezen building_part): a volume from minHeightM to heightM
} as const;
export type BuildingRole = (typeof BuildingRole)[keyof typeof BuildingRole];

/** A feature's name in the languages the source gives. */
export interface FeatureName {
  readonly name: string;
  readonly zh?: string;
  readonly en?: string;
}

/** The directed, routable road network. */
export interface RoadNetwork {
  readonly nodeCount: number;
  /** Interleaved x,y metres per node. */
  readonly nodeXY: Float32Array;
  /** 1 = signalised intersection (OSM highway=traffic_signals at or next to the node). */
  readonly nodeSignal: Uint8Array;
  readonly linkCount: number;
  readonly linkFrom: Uint32Array;
  readonly linkTo: Uint32Array;
  /** RoadClass code. */
  readonly linkClass: Uint8Array;
  /** Lanes in this direction. */
  readonly lanes: Uint8Array;
  /** Capacity in this direction, vehicles per hour (all lanes). */
  readonly capacityVph: Float32Array;
  /** Free-flow speed, km/h. */
  readonly freeSpeedKph: Float32Array;
  readonly lengthM: Float32Array;
  /** Bit flags, see LinkFlag. */
  readonly flags: Uint8Array;
  /** linkCount+1 entries: link i's shape is vertices geomStart[i]..geomStart[i+1]-1 of geomXY (from → to). */
  readonly geomStart: Uint32Array;
  readonly geomXY: Float32Array;
  /** Index into `ways` (the source line the link came from). */
  readonly linkWay: Uint32Array;
  /** Source lines: id and name. */
  readonly ways: readonly { readonly sourceId: string; readonly name?: FeatureName }[];
}

/** Bit flags on road links. */
export const LinkFlag = {
  bridge: 1,
  tunnel: 2,
  lanesDerived: 4, // lanes not in the source: derived from the class
  speedDerived: 8, // maxspeed not in the source: derived from the class
  oneway: 16, // the source line was one-way
  busRoute: 32,
} as const;

/** Land cover / use polygons for the basemap and hazard models. */
export interface Areas extends PolygonSet {
  /** AreaKind code. */
  readonly kind: Uint8Array;
  readonly names: ReadonlyMap<number, FeatureName>;
}

/** Energy assets (points) and lines. */
export interface PowerAssets {
  readonly count: number;
  readonly kind: Uint8Array;
  /** Interleaved x,y metres. */
  readonly xy: Float32Array;
  /** Rated power (MW for plants/PV/wind/storage/chargers, MVA for substations); 0 = unknown. */
  readonly ratingMW: Float32Array;
  /** Storage energy capacity in MWh (0 for non-storage). */
  readonly energyMWh: Float32Array;
  /** Highest voltage in kV (substations, plants); 0 = unknown. */
  readonly voltageKV: Float32Array;
  readonly sourceId: readonly string[];
  readonly names: ReadonlyMap<number, FeatureName>;
  /** Power lines and feeders (OSM power=line|minor_line|cable). */
  readonly lines: {
    readonly count: number;
    readonly voltageKV: Float32Array;
    /** count+1 entries into xy. */
    readonly geomStart: Uint32Array;
    readonly xy: Float32Array;
    /** Index of the asset at each end (nearest substation/asset within 50 m), or 0xffffffff when none. */
    readonly fromAsset: Uint32Array;
    readonly toAsset: Uint32Array;
    readonly sourceId: readonly string[];
  };
}

/** Sensors that the live feed reports on. */
export interface Sensors {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly xy: Float32Array;
  /** For road loops: the road link it measures (0xffffffff when none). */
  readonly linkIndex: Uint32Array;
  /** Stable external ids, e.g. "sensor:L0123" (what the feed uses on the wire besides the index). */
  readonly sourceId: readonly string[];
}

/** Points of interest. */
export interface Pois {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly xy: Float32Array;
  /** Capacity where meaningful (beds, pupils, shelter places); 0 = unknown. */
  readonly capacity: Uint32Array;
  readonly sourceId: readonly string[];
  readonly names: ReadonlyMap<number, FeatureName>;
}

/** Districts (区/街道) and grid cells (网格). */
export interface Zones extends PolygonSet {
  /** 0 = district, 1 = grid cell. */
  readonly level: Uint8Array;
  /** For a grid cell, the index of its district (0xffffffff when none). */
  readonly parent: Uint32Array;
  readonly sourceId: readonly string[];
  readonly names: ReadonlyMap<number, FeatureName>;
}

/** A regular elevation grid in the local frame (row-major, row 0 = south edge). */
export interface Terrain {
  readonly nx: number;
  readonly ny: number;
  /** South-west corner of cell (0,0) centre, metres. */
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  /** nx*ny heights in metres above the datum. */
  readonly heightM: Float32Array;
}

/** How the import went: counts of what was kept, derived, repaired and skipped. */
export interface ImportStats {
  readonly featuresRead: number;
  readonly buildings: number;
  readonly heightsGiven: number;
  readonly heightsFromLevels: number;
  readonly heightsFromUseClass: number;
  readonly roadLines: number;
  readonly links: number;
  readonly nodes: number;
  readonly lanesDerived: number;
  readonly speedsDerived: number;
  readonly repaired: number;
  readonly skipped: number;
  readonly warnings: number;
  /** Sensors the importer placed because the source had none (virtual road loops and substation meters). */
  readonly virtualSensors?: number;
}

/** Scene-level metadata (lives in scene.json). */
export interface SceneMeta {
  readonly name: string;
  readonly title: { readonly zh: string; readonly en: string };
  /** True for generated demo cities: the UI labels them "synthetic demo city". */
  readonly synthetic: boolean;
  readonly attribution: string;
  readonly origin: { readonly lon: number; readonly lat: number };
  /** [west, south, east, north] degrees. */
  readonly bbox: readonly [number, number, number, number];
  /** Extent of all geometry in local metres. */
  readonly extentM: {
    readonly minX: number;
    readonly minY: number;
    readonly maxX: number;
    readonly maxY: number;
  };
  readonly stats: ImportStats;
  /** ISO time of the import (set by the CLI, not by core). */
  readonly importedAt: string;
  /** Generator parameters when synthetic (seed, buildings). */
  readonly generator?: { readonly seed: number; readonly buildings: number };
  /**
   * Local time of the city, minutes east of UTC (fixed offset, as the simulators use it). Absent = China Standard
   * Time, +480.
   */
  readonly utcOffsetMin?: number;
}

/** An imported city. */
export interface CityModel {
  readonly meta: SceneMeta;
  readonly buildings: Buildings;
  readonly roads: RoadNetwork;
  readonly areas: Areas;
  readonly power: PowerAssets;
  readonly sensors: Sensors;
  readonly pois: Pois;
  readonly zones: Zones;
  /** Absent when the source has no terrain: the ground is flat at 0 m. */
  readonly terrain: Terrain | null;
}

/** Sentinel for "no index" in Uint32 index arrays. */
export const NO_INDEX = 0xffffffff;
