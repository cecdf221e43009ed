/**
 * Tag classification (docs/gis-tags.md): OSM-style tags or Tilezen-style properties → one importer category with
 * its parsed attributes. The tables here are the documented derivation tables; change them together with the doc.
 */
import { AreaKind, BuildingUse, PoiKind, PowerKind, RoadClass, SensorKind } from '../scene/types.ts';
import type { FeatureName } from '../scene/types.ts';
import type { Oneway } from './values.ts';
import {
  isYes,
  parseCount,
  parseEnergyMWh,
  parseLengthM,
  parseNumber,
  parseOneway,
  parsePowerMW,
  parseSpeedKph,
  parseVoltagesKV,
} from './values.ts';

type Props = Readonly<Record<string, unknown>>;
/** Geometry family of a feature. */
export type GeomFamily = 'point' | 'line' | 'polygon';

/** A classified feature: which importer category it belongs to and its parsed attributes. */
export type Classified =
  | {
      readonly cat: 'building';
      readonly use: BuildingUse;
      /** The tag value the use class came from ("yes" when none). */
      readonly useValue: string;
      readonly defaultHeightM: number;
      readonly heightM: number | null;
      readonly minHeightM: number | null;
      readonly levels: number | null;
      readonly minLevel: number | null;
      readonly isPart: boolean;
      /** For parts: the id of the outline building (Tilezen `root_id`). */
      readonly rootId: string | null;
    }
  | {
      readonly cat: 'road';
      readonly roadClass: RoadClass;
      readonly highway: string;
      /** Lanes per direction from the tags (null = derive from the class). */
      readonly lanesForward: number | null;
      readonly lanesBackward: number | null;
      readonly speedKph: number | null;
      readonly oneway: Oneway;
      readonly isBridge: boolean;
      readonly isTunnel: boolean;
      readonly isBusRoute: boolean;
    }
  | { readonly cat: 'nonRoutable'; readonly what: string }
  | { readonly cat: 'area'; readonly kind: AreaKind; readonly what: string }
  | {
      readonly cat: 'power';
      readonly kind: PowerKind;
      readonly ratingMW: number;
      readonly energyMWh: number;
      readonly voltageKV: number;
    }
  | { readonly cat: 'powerLine'; readonly voltageKV: number }
  | {
      readonly cat: 'sensor';
      readonly kind: SensorKind;
      readonly ref: string | null;
      readonly directionDeg: number | null;
    }
  | {
      readonly cat: 'poi';
      readonly kind: PoiKind;
      readonly capacity: number;
      /** Polygon POIs that are also institutional land (amenity=hospital as an area). */
      readonly alsoArea: AreaKind | null;
    }
  | {
      readonly cat: 'zone';
      readonly level: 0 | 1;
      readonly ref: string | null;
      readonly parentRef: string | null;
    }
  | { readonly cat: 'contour'; readonly eleM: number }
  | { readonly cat: 'ignored'; readonly what: string }
  | { readonly cat: 'unknown' };

/** Receives non-fatal problems found while reading tag values (unreadable height, …). */
export type TagWarn = (code: string, reason: string) => void;

/** Storey height used to turn `building:levels` into metres (see docs/gis-tags.md "Heights"). */
export const STOREY_HEIGHT_M = 3.2;

/**
 * Default height by use class when a building has neither `height` nor `building:levels` (docs/gis-tags.md).
 * Assumed storey counts × 3.2 m, rounded: residential 6 storeys (多层住宅, the most common Chinese urban stock),
 * commercial 7–8, industrial one tall hall, etc. These are assumptions, not measurements: heightSource says so.
 */
export const DEFAULT_HEIGHT_BY_USE: Readonly<Record<BuildingUse, number>> = {
  [BuildingUse.unknown]: 12,
  [BuildingUse.residential]: 18,
  [BuildingUse.commercial]: 24,
  [BuildingUse.industrial]: 10,
  [BuildingUse.public]: 15,
  [BuildingUse.education]: 15,
  [BuildingUse.health]: 20,
  [BuildingUse.religious]: 12,
  [BuildingUse.transport]: 10,
  [BuildingUse.utility]: 8,
  [BuildingUse.other]: 9,
};

/** Values whose typical height differs from their use class default (small structures). */
const HEIGHT_OVERRIDE_M: Readonly<Record<string, number>> = {
  house: 7,
  detached: 7,
  semidetached_house: 7,
  bungalow: 4,
  cabin: 4,
  hut: 3,
  shed: 3,
  garage: 3,
  garages: 3,
  carport: 3,
  kiosk: 3,
  roof: 4,
  greenhouse: 4,
  toilets: 4,
};

/** `building=*` / Tilezen `kind_detail` / `building:use` / `amenity` value → BuildingUse (docs/gis-tags.md). */
const USE_BY_VALUE: Readonly<Record<string, BuildingUse>> = (() => {
  const t: Record<string, BuildingUse> = {};
  const add = (use: BuildingUse, values: string): void => {
    for (const v of values.split(' ')) t[v] = use;
  };
  add(
    BuildingUse.residential,
    'residential apartments house detached semidetached_house terrace dormitory bungalow cabin farm houseboat static_caravan hut',
  );
  add(
    BuildingUse.commercial,
    'commercial office retail mall shop supermarket hotel hostel bank kiosk restaurant marketplace department_store',
  );
  add(BuildingUse.industrial, 'industrial warehouse factory manufacture workshop brewery');
  add(
    BuildingUse.public,
    'public civic government townhall embassy fire_station police arts_centre museum library community_centre courthouse theatre cinema',
  );
  add(BuildingUse.education, 'school university college kindergarten');
  add(BuildingUse.health, 'hospital clinic');
  add(
    BuildingUse.religious,
    'religious church cathedral chapel mosque temple shrine synagogue monastery place_of_worship',
  );
  add(
    BuildingUse.transport,
    'transportation train_station station parking garage garages carport hangar bus_station airport ferry_terminal',
  );
  add(
    BuildingUse.utility,
    'service transformer_tower water_tower communications_tower tower power pumping_station substation',
  );
  add(
    BuildingUse.other,
    'construction attraction shed roof greenhouse stadium sports_hall grandstand barn stable toilets bunker ruins',
  );
  return t;
})();

/** Road class by highway value; `null` = recognised but not routable for vehicles. */
const ROAD_CLASS: Readonly<Record<string, RoadClass | null>> = {
  motorway: RoadClass.motorway,
  trunk: RoadClass.trunk,
  primary: RoadClass.primary,
  secondary: RoadClass.secondary,
  tertiary: RoadClass.tertiary,
  motorway_link: RoadClass.link,
  trunk_link: RoadClass.link,
  primary_link: RoadClass.link,
  secondary_link: RoadClass.link,
  tertiary_link: RoadClass.link,
  residential: RoadClass.residential,
  living_street: RoadClass.residential,
  service: RoadClass.service,
  unclassified: RoadClass.unclassified,
  road: RoadClass.unclassified,
  busway: RoadClass.service,
  footway: null,
  path: null,
  cycleway: null,
  steps: null,
  pedestrian: null,
  track: null,
  bridleway: null,
  corridor: null,
  pier: null,
  platform: null,
  elevator: null,
  sidewalk: null,
  crossing: null,
  construction: null,
  proposed: null,
  raceway: null,
  bus_guideway: null,
  escape: null,
  via_ferrata: null,
};

/** Land cover / use value (OSM landuse/leisure/natural, Tilezen landuse `kind`) → AreaKind. */
const AREA_KIND: Readonly<Record<string, AreaKind>> = (() => {
  const t: Record<string, AreaKind> = {};
  const add = (k: AreaKind, values: string): void => {
    for (const v of values.split(' ')) t[v] = k;
  };
  add(
    AreaKind.water,
    'water river lake ocean riverbank basin dock reservoir canal swimming_pool fountain bay',
  );
  add(
    AreaKind.park,
    'park garden grass grassland forest wood natural_wood scrub heath meadow recreation_ground nature_reserve protected_area golf_course village_green wetland pitch playground sports_centre cemetery beach',
  );
  add(AreaKind.residential, 'residential');
  add(AreaKind.commercial, 'commercial retail fuel');
  add(AreaKind.industrial, 'industrial quarry landfill brownfield');
  add(
    AreaKind.institutional,
    'school university college hospital kindergarten library place_of_worship military government',
  );
  add(
    AreaKind.transport,
    'railway parking aerodrome airport pier bridge pedestrian footway apron runway station platform bus_station',
  );
  add(AreaKind.other, 'attraction zoo theme_park allotments farmland farmyard construction greenfield plaza');
  return t;
})();

/** OSM amenity / Tilezen POI kind → PoiKind. */
const POI_KIND: Readonly<Record<string, PoiKind>> = {
  hospital: PoiKind.hospital,
  clinic: PoiKind.hospital,
  school: PoiKind.school,
  kindergarten: PoiKind.school,
  university: PoiKind.school,
  college: PoiKind.school,
  fire_station: PoiKind.fireStation,
  police: PoiKind.police,
  shelter: PoiKind.shelter,
  assembly_point: PoiKind.shelter,
  pumping_station: PoiKind.pumpingStation,
  station: PoiKind.metroStation,
  subway_entrance: PoiKind.metroStation,
  halt: PoiKind.metroStation,
  bus_stop: PoiKind.busStop,
  bus_station: PoiKind.busStop,
  traffic_signals: PoiKind.trafficSignal,
};

const SENSOR_KIND: Readonly<Record<string, SensorKind>> = {
  road_loop: SensorKind.roadLoop,
  weather: SensorKind.weather,
  substation_meter: SensorKind.substationMeter,
  air_quality: SensorKind.airQuality,
  water_level: SensorKind.waterLevel,
};

/** Tilezen layers the importer knows and does not use. */
const UNUSED_TILEZEN_LAYERS = new Set(['places', 'boundaries', 'earth']);

/** Reads a tag as a trimmed lower-case string (numbers are stringified); undefined when absent/empty. */
function tag(p: Props, key: string): string | undefined {
  const v = p[key];
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t.toLowerCase();
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
function rawString(p: Props, key: string): string | null {
  const v = p[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** The feature's name in the languages given, or undefined when it has none. */
export function featureName(p: Props): FeatureName | undefined {
  const name = rawString(p, 'name');
  const zh = rawString(p, 'name:zh');
  const en = rawString(p, 'name:en');
  const main = name ?? zh ?? en;
  if (main === null) return undefined;
  const out: { name: string; zh?: string; en?: string } = { name: main };
  if (zh !== null) out.zh = zh;
  if (en !== null) out.en = en;
  return out;
}

function lengthTag(p: Props, key: string, warn: TagWarn): number | null {
  const v = p[key];
  if (v === undefined || v === null || v === '') return null;
  const m = parseLengthM(v);
  if (m === null) warn('bad-value', `${key}=${JSON.stringify(v)} is not a length; ignored`);
  return m;
}
function countTag(p: Props, key: string, warn: TagWarn): number | null {
  const v = p[key];
  if (v === undefined || v === null || v === '') return null;
  const n = parseCount(v);
  if (n === null) warn('bad-value', `${key}=${JSON.stringify(v)} is not a count; ignored`);
  return n;
}

function building(p: Props, useValue: string, isPart: boolean, warn: TagWarn): Classified {
  const use = USE_BY_VALUE[useValue] ?? BuildingUse.unknown;
  const root = rawString(p, 'root_id');
  return {
    cat: 'building',
    use,
    useValue,
    defaultHeightM: HEIGHT_OVERRIDE_M[useValue] ?? DEFAULT_HEIGHT_BY_USE[use],
    heightM: lengthTag(p, 'height', warn),
    minHeightM: lengthTag(p, 'min_height', warn),
    levels: countTag(p, 'building:levels', warn),
    minLevel: countTag(p, 'building:min_level', warn),
    isPart,
    rootId: isPart ? root : null,
  };
}

function road(p: Props, highway: string, roadClass: RoadClass, warn: TagWarn): Classified {
  const oneRaw = p.oneway;
  let oneway = parseOneway(oneRaw);
  if (oneway === null) {
    if (oneRaw !== undefined && oneRaw !== null)
      warn('bad-value', `oneway=${JSON.stringify(oneRaw)} not understood; two-way`);
    // OSM: motorways and roundabouts imply oneway=yes (wiki Key:oneway "implied").
    oneway = highway === 'motorway' || tag(p, 'junction') === 'roundabout' ? 'forward' : 'no';
  }
  const speedRaw = p.maxspeed;
  const speedKph = parseSpeedKph(speedRaw);
  if (speedRaw !== undefined && speedKph === null && tag(p, 'maxspeed') !== 'none') {
    warn('bad-value', `maxspeed=${JSON.stringify(speedRaw)} not understood; derived from the class`);
  }
  // lanes = total of both directions (OSM Key:lanes); lanes:forward/backward when given.
  const total = countTag(p, 'lanes', warn);
  let fwd = countTag(p, 'lanes:forward', warn);
  let bwd = countTag(p, 'lanes:backward', warn);
  if (total !== null && total > 0) {
    if (oneway !== 'no') {
      fwd = fwd ?? total;
      bwd = bwd ?? total;
    } else {
      fwd = fwd ?? (bwd !== null ? Math.max(1, total - bwd) : Math.max(1, Math.ceil(total / 2)));
      bwd = bwd ?? Math.max(1, total - fwd);
    }
  }
  return {
    cat: 'road',
    roadClass,
    highway,
    lanesForward: fwd !== null && fwd > 0 ? fwd : null,
    lanesBackward: bwd !== null && bwd > 0 ? bwd : null,
    speedKph,
    oneway,
    isBridge: isYes(p.bridge) || isYes(p.is_bridge) || (tag(p, 'bridge') ?? 'no') !== 'no',
    isTunnel: isYes(p.tunnel) || isYes(p.is_tunnel) || (tag(p, 'tunnel') ?? 'no') !== 'no',
    isBusRoute: isYes(p.is_bus_route),
  };
}

function highwayLine(p: Props, highway: string, warn: TagWarn): Classified {
  const cls = ROAD_CLASS[highway];
  if (cls === undefined) return { cat: 'unknown' };
  if (cls === null) return { cat: 'nonRoutable', what: `highway=${highway}` };
  return road(p, highway, cls, warn);
}

function poi(p: Props, kind: PoiKind, geom: GeomFamily, alsoArea: AreaKind | null = null): Classified {
  const capacity = parseCount(p.capacity) ?? parseCount(p.beds) ?? 0;
  return { cat: 'poi', kind, capacity, alsoArea: geom === 'polygon' ? alsoArea : null };
}

function power(p: Props, value: string): Classified | null {
  const voltageKV = parseVoltagesKV(p.voltage)[0] ?? 0;
  const output =
    parsePowerMW(p['generator:output:electricity']) ?? parsePowerMW(p['plant:output:electricity']);
  const energyMWh = parseEnergyMWh(p['citybrain:energy_mwh']) ?? 0;
  switch (value) {
    case 'substation':
      return {
        cat: 'power',
        kind: isYes(p['citybrain:import']) ? PowerKind.import : PowerKind.substation,
        ratingMW: parsePowerMW(p.rating) ?? 0,
        energyMWh: 0,
        voltageKV,
      };
    case 'plant':
    case 'generator': {
      const src = tag(p, 'generator:source') ?? tag(p, 'plant:source') ?? '';
      const kind =
        src === 'solar'
          ? PowerKind.pv
          : src === 'wind'
            ? PowerKind.wind
            : src === 'battery'
              ? PowerKind.storage
              : PowerKind.plant;
      return { cat: 'power', kind, ratingMW: output ?? 0, energyMWh, voltageKV };
    }
    case 'storage':
      return { cat: 'power', kind: PowerKind.storage, ratingMW: output ?? 0, energyMWh, voltageKV };
    case 'line':
    case 'minor_line':
    case 'cable':
      return { cat: 'powerLine', voltageKV };
    case 'tower':
    case 'pole':
    case 'portal':
    case 'transformer':
    case 'switch':
    case 'busbar':
    case 'bay':
      return { cat: 'ignored', what: `power=${value}` };
    default:
      return null;
  }
}

/** Classifies OSM-style tags; `unknown` when no rule matches. */
function classifyOsm(p: Props, geom: GeomFamily, warn: TagWarn): Classified {
  const zone = tag(p, 'citybrain:zone');
  if (zone === 'district' || zone === 'grid_cell') {
    return {
      cat: 'zone',
      level: zone === 'district' ? 0 : 1,
      ref: rawString(p, 'ref'),
      parentRef: rawString(p, 'citybrain:parent'),
    };
  }
  if (tag(p, 'man_made') === 'monitoring_station') {
    const s = tag(p, 'citybrain:sensor');
    const kind = s === undefined ? undefined : SENSOR_KIND[s];
    if (kind === undefined) return { cat: 'unknown' };
    const dir = parseNumber(p.direction);
    return {
      cat: 'sensor',
      kind,
      ref: rawString(p, 'ref'),
      directionDeg: dir === null ? null : ((dir % 360) + 360) % 360,
    };
  }
  const pw = tag(p, 'power');
  if (pw !== undefined) {
    const c = power(p, pw);
    if (c) return c;
  }
  if (tag(p, 'amenity') === 'charging_station') {
    return {
      cat: 'power',
      kind: PowerKind.evCharger,
      ratingMW: parsePowerMW(p['citybrain:power_mw']) ?? 0,
      energyMWh: 0,
      voltageKV: 0,
    };
  }
  const b = tag(p, 'building');
  const bp = tag(p, 'building:part');
  if ((b !== undefined && b !== 'no') || (bp !== undefined && bp !== 'no')) {
    const isPart = b === undefined || b === 'no';
    const value = isPart ? (bp ?? 'yes') : (b ?? 'yes');
    let useValue = value;
    if (value === 'yes') {
      useValue =
        tag(p, 'building:use') ??
        tag(p, 'amenity') ??
        (p.shop !== undefined ? 'retail' : p.office !== undefined ? 'office' : 'yes');
    }
    return building(p, useValue, isPart, warn);
  }
  const hw = tag(p, 'highway');
  if (hw !== undefined) {
    if (hw === 'traffic_signals') return poi(p, PoiKind.trafficSignal, geom);
    if (hw === 'bus_stop') return poi(p, PoiKind.busStop, geom);
    if (geom !== 'line') return { cat: 'ignored', what: `highway=${hw} (${geom})` };
    return highwayLine(p, hw, warn);
  }
  const rw = tag(p, 'railway');
  if (rw !== undefined) {
    if (rw === 'station' || rw === 'subway_entrance' || rw === 'halt')
      return poi(p, PoiKind.metroStation, geom);
    return geom === 'line'
      ? { cat: 'nonRoutable', what: `railway=${rw}` }
      : { cat: 'ignored', what: `railway=${rw}` };
  }
  if (tag(p, 'route') === 'ferry') return { cat: 'nonRoutable', what: 'route=ferry' };
  if (tag(p, 'emergency') === 'assembly_point' || isYes(p['citybrain:shelter']))
    return poi(p, PoiKind.shelter, geom);
  if (isYes(p['citybrain:underpass'])) return poi(p, PoiKind.underpass, geom);
  if (tag(p, 'man_made') === 'pumping_station') return poi(p, PoiKind.pumpingStation, geom);
  const amenity = tag(p, 'amenity');
  if (amenity !== undefined) {
    const k = POI_KIND[amenity];
    if (k !== undefined && amenity !== 'traffic_signals') return poi(p, k, geom, AREA_KIND[amenity] ?? null);
  }
  if (tag(p, 'boundary') === 'administrative') {
    return geom === 'polygon'
      ? { cat: 'zone', level: 0, ref: rawString(p, 'ref'), parentRef: null }
      : { cat: 'ignored', what: 'boundary=administrative line' };
  }
  if (
    tag(p, 'natural') === 'water' ||
    tag(p, 'waterway') === 'riverbank' ||
    tag(p, 'waterway') === 'dock' ||
    p.water !== undefined ||
    tag(p, 'landuse') === 'reservoir' ||
    tag(p, 'landuse') === 'basin'
  ) {
    return { cat: 'area', kind: AreaKind.water, what: 'water' };
  }
  for (const key of ['landuse', 'leisure', 'natural']) {
    const v = tag(p, key);
    if (v === undefined) continue;
    const k = AREA_KIND[v];
    if (k !== undefined) return { cat: 'area', kind: k, what: `${key}=${v}` };
    if (key === 'landuse') return { cat: 'area', kind: AreaKind.other, what: `landuse=${v}` };
  }
  const ele = p.elevation_m ?? (tag(p, 'contour') === 'elevation' || geom === 'line' ? p.ele : undefined);
  if (ele !== undefined) {
    const e = parseLengthM(ele) ?? parseNumber(ele);
    if (e === null) {
      warn('bad-value', `contour elevation ${JSON.stringify(ele)} is not a number`);
      return { cat: 'unknown' };
    }
    return { cat: 'contour', eleM: e };
  }
  return { cat: 'unknown' };
}

/** Classifies Tilezen-style properties (`tilezen_layer`, `kind`, `kind_detail`); `unknown` when no rule matches. */
function classifyTilezen(p: Props, geom: GeomFamily, warn: TagWarn): Classified {
  const layer = tag(p, 'tilezen_layer');
  const kind = tag(p, 'kind') ?? '';
  const detail = tag(p, 'kind_detail');
  if (layer !== undefined && UNUSED_TILEZEN_LAYERS.has(layer))
    return { cat: 'ignored', what: `Tilezen layer ${layer}` };
  if (kind === 'building' || kind === 'building_part') {
    if (geom !== 'polygon') return { cat: 'ignored', what: `${kind} label ${geom} (no footprint)` };
    return building(p, detail ?? 'yes', kind === 'building_part', warn);
  }
  if (layer === 'buildings') return { cat: 'ignored', what: `buildings layer ${kind} ${geom}` };
  if (kind === 'highway' || kind === 'major_road' || kind === 'minor_road') {
    if (geom !== 'line') return { cat: 'ignored', what: `${kind} ${geom}` };
    const hw =
      detail ?? (kind === 'highway' ? 'motorway' : kind === 'major_road' ? 'tertiary' : 'unclassified');
    return highwayLine(p, hw, warn);
  }
  if (
    kind === 'path' ||
    kind === 'rail' ||
    kind === 'ferry' ||
    kind === 'aerialway' ||
    kind === 'aeroway' ||
    kind === 'piste'
  ) {
    return { cat: 'nonRoutable', what: `${kind}${detail ? `=${detail}` : ''}` };
  }
  if (layer === 'roads') return { cat: 'unknown' };
  if (layer === 'transit') {
    if (geom === 'line') return { cat: 'nonRoutable', what: `transit ${kind}` };
    const k = POI_KIND[kind];
    return k === undefined ? { cat: 'unknown' } : poi(p, k, geom);
  }
  if (layer === 'water' || (layer === undefined && AREA_KIND[kind] === AreaKind.water)) {
    if (geom !== 'polygon') return { cat: 'ignored', what: `water ${kind} ${geom}` };
    return { cat: 'area', kind: AreaKind.water, what: `water ${kind}` };
  }
  if (layer === 'landuse') {
    if (geom !== 'polygon') return { cat: 'ignored', what: `landuse ${kind} ${geom}` };
    return { cat: 'area', kind: AREA_KIND[kind] ?? AreaKind.other, what: `landuse ${kind}` };
  }
  if (layer === 'pois') return poi(p, POI_KIND[kind] ?? PoiKind.other, geom);
  if (p.elevation_m !== undefined) {
    const e = parseNumber(p.elevation_m);
    if (e === null) {
      warn('bad-value', `elevation_m=${JSON.stringify(p.elevation_m)} is not a number`);
      return { cat: 'unknown' };
    }
    return { cat: 'contour', eleM: e };
  }
  return { cat: 'unknown' };
}

/**
 * Classifies a feature's properties. Tilezen properties (`tilezen_layer` or a Tilezen `kind`) are read first, then
 * OSM tags; the first rule that matches wins (docs/gis-tags.md lists the order).
 */
export function classify(p: Props, geom: GeomFamily, warn: TagWarn): Classified {
  if (p.tilezen_layer !== undefined || p.kind !== undefined || p.elevation_m !== undefined) {
    const t = classifyTilezen(p, geom, warn);
    if (t.cat !== 'unknown') return t;
  }
  return classifyOsm(p, geom, warn);
}
