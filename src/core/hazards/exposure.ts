/**
 * Exposure (韧性城市, issue 5): who and what stands in a hazard's way. People per building from gross floor area, use
 * class and time of day; the city's critical assets (hospitals, schools, shelters, fire stations, pumping stations,
 * underpasses, substations, storage); and, per hazard, the buildings, people and assets exposed with a severity and
 * a bilingual reason that carries the numbers. Methods, constants and sources: docs/resilience.md ("Exposure").
 *
 * Pure and deterministic. Per-city lookups (building centroids, building → district / grid cell, asset → host
 * building and district, building → flood-grid cells) are computed once and cached in WeakMaps keyed by the city (and
 * the grid), so the per-minute calls of the runtime only loop over typed arrays.
 */
import { STOREY_HEIGHT_M } from '../gis/tags.ts';
import {
  BuildingRole,
  BuildingUse,
  NO_INDEX,
  PoiKind,
  PowerKind,
  type CityModel,
  type PolygonSet,
} from '../scene/types.ts';
import { featureCentroid, insideFeature } from '../traffic/cityNetwork.ts';
import {
  EMPLOYED_PER_RESIDENT,
  FLOOR_M2_PER_JOB,
  FLOOR_M2_PER_RESIDENT,
  UNKNOWN_RESIDENTIAL_SHARE,
} from '../traffic/demand.ts';
import type {
  AlertLevel,
  CriticalAsset,
  CriticalKind,
  ExposedAsset,
  ExposureSummary,
  Severity,
  Text2,
} from './types.ts';

// ---- occupants -------------------------------------------------------------------------------------------------

/** Occupancy classes of the population model (BuildingUse folded; `unknown` is split, see UNKNOWN_RESIDENTIAL_SHARE). */
export const OccupancyClass = {
  residential: 0,
  commercial: 1,
  industrial: 2,
  education: 3,
  health: 4,
  civic: 5,
  other: 6,
} as const;
export type OccupancyClass = (typeof OccupancyClass)[keyof typeof OccupancyClass];
const CLASS_COUNT = 7;

/** Gross floor area per person at full occupancy, and the share present at 02:00, 14:00 and 17:00. */
export interface OccupancyParams {
  readonly m2PerPerson: number;
  readonly night: number;
  readonly day: number;
  readonly evening: number;
}

/**
 * Students in school per resident, 0.20: 289 million pupils and students enrolled in formal education of all levels
 * in 2020 (Ministry of Education, 《2020年全国教育事业发展统计公报》) over 1,412 million residents (7th census).
 */
export const STUDENTS_PER_RESIDENT = 0.2;
/**
 * Residents at home by day (HAZUS DRES) per night-time resident (NRES): those neither employed
 * (EMPLOYED_PER_RESIDENT, 0.53, traffic/demand.ts) nor at school (0.20) → 0.27.
 */
export const DAY_RESIDENTS_SHARE = 1 - EMPLOYED_PER_RESIDENT - STUDENTS_PER_RESIDENT;

/**
 * Floor area per person and presence by time of day, per OccupancyClass. Floor areas are those of the traffic demand
 * model (traffic/demand.ts: 40 m² per resident — China's urban per-capita housing floor area, 39.8 m² in 2019 (NBS);
 * the 7th census yearbook gives 41.76 m² for all family households and 36.52 m² for urban ones (《中国人口普查年鉴-2020》)
 * — and the HCA Employment Density Guide 2015 job densities: commercial 20, industrial 50, institutional 40, other
 * 100 m² per job), so exposure, traffic and the generator's resident count agree. Education: 10 m² of gross floor
 * area per pupil (assumption, the order of the per-pupil school floor areas of 建标 102-2002).
 * Presence: HAZUS-MH Earthquake Technical Manual, Table 13.1 "Relationships for estimating population distribution"
 * (FEMA; the 02:00 and 14:00 factors as restated in the USACE HEC-FIA Technical Reference, "Population distribution"):
 * residential 0.99·NRES / 0.75·DRES / 0.50·NRES; commercial 0.02 / 0.98 / 0.98·0.50 of COMW; industrial 0.10 / 0.80 /
 * 0.50 of INDW; education 0 / 0.80 / 0 of GRADE (K-12; no college term). Health (inpatients stay overnight) and civic
 * (as commercial) are assumptions.
 */
export const OCCUPANCY: Readonly<Record<OccupancyClass, OccupancyParams>> = {
  [OccupancyClass.residential]: {
    m2PerPerson: FLOOR_M2_PER_RESIDENT,
    night: 0.99,
    day: 0.75 * DAY_RESIDENTS_SHARE,
    evening: 0.5,
  },
  [OccupancyClass.commercial]: {
    m2PerPerson: FLOOR_M2_PER_JOB.commercial,
    night: 0.02,
    day: 0.98,
    evening: 0.49,
  },
  [OccupancyClass.industrial]: {
    m2PerPerson: FLOOR_M2_PER_JOB.industrial,
    night: 0.1,
    day: 0.8,
    evening: 0.5,
  },
  [OccupancyClass.education]: { m2PerPerson: 10, night: 0, day: 0.8, evening: 0 },
  [OccupancyClass.health]: {
    m2PerPerson: FLOOR_M2_PER_JOB.institutional,
    night: 0.5,
    day: 0.98,
    evening: 0.75,
  },
  [OccupancyClass.civic]: {
    m2PerPerson: FLOOR_M2_PER_JOB.institutional,
    night: 0.02,
    day: 0.98,
    evening: 0.49,
  },
  [OccupancyClass.other]: { m2PerPerson: FLOOR_M2_PER_JOB.other, night: 0.02, day: 0.98, evening: 0.49 },
};

/** Occupancy class of a BuildingUse code (`unknown` → residential; occupantsAt splits it, see below). */
export function occupancyClassOf(use: number): OccupancyClass {
  switch (use) {
    case BuildingUse.residential:
    case BuildingUse.unknown:
      return OccupancyClass.residential;
    case BuildingUse.commercial:
      return OccupancyClass.commercial;
    case BuildingUse.industrial:
      return OccupancyClass.industrial;
    case BuildingUse.education:
      return OccupancyClass.education;
    case BuildingUse.health:
      return OccupancyClass.health;
    case BuildingUse.public:
      return OccupancyClass.civic;
    default:
      return OccupancyClass.other;
  }
}

/**
 * Knots of the daily presence curve, local hours: the 02:00 value holds over the sleeping hours 22:00–06:00, the
 * 14:00 value over the working/school day 09:00–16:00, the 17:00 value at 17:00, linear in between (the plateaus and
 * transition hours are our assumption; HAZUS gives only the three instants).
 */
export const PRESENCE_KNOTS_H = {
  nightEnd: 6,
  dayStart: 9,
  dayEnd: 16,
  evening: 17,
  nightStart: 22,
} as const;

/** Share of a class's full occupancy present at `localHour` (0–24, fractional; wraps). */
export function presenceAt(cls: OccupancyClass, localHour: number): number {
  const p = OCCUPANCY[cls];
  const h = ((localHour % 24) + 24) % 24;
  const k = PRESENCE_KNOTS_H;
  const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
  if (h < k.nightEnd || h >= k.nightStart) return p.night;
  if (h < k.dayStart) return lerp(p.night, p.day, (h - k.nightEnd) / (k.dayStart - k.nightEnd));
  if (h <= k.dayEnd) return p.day;
  if (h < k.evening) return lerp(p.day, p.evening, (h - k.dayEnd) / (k.evening - k.dayEnd));
  return lerp(p.evening, p.night, (h - k.evening) / (k.nightStart - k.evening));
}

/**
 * Storeys of building i: its levels, else (height − min height) / 3.2 m rounded, at least 1 — the importer's storey
 * height (gis/tags.ts STOREY_HEIGHT_M), so a height derived from levels gives the levels back.
 */
export function storeysOf(city: CityModel, i: number): number {
  const b = city.buildings;
  const lv = b.levels[i] as number;
  if (lv > 0) return lv;
  return Math.max(1, Math.round(((b.heightM[i] as number) - (b.minHeightM[i] as number)) / STOREY_HEIGHT_M));
}

/** Gross floor area of building i, m² (footprint × storeys); 0 for an outline whose parts carry the volume. */
export function floorAreaM2(city: CityModel, i: number): number {
  const b = city.buildings;
  if (b.role !== undefined && b.role[i] === BuildingRole.outline) return 0;
  return (b.areaM2[i] as number) * storeysOf(city, i);
}

interface OccupancyCache {
  /** People at full occupancy in the residential part / the other part of each building. */
  readonly resident: Float32Array;
  readonly other: Float32Array;
  /** Occupancy class of the other part. */
  readonly otherClass: Uint8Array;
}
const occupancyCache = new WeakMap<CityModel, OccupancyCache>();

function occupancyOf(city: CityModel): OccupancyCache {
  let c = occupancyCache.get(city);
  if (c) return c;
  const n = city.buildings.count;
  const resident = new Float32Array(n);
  const other = new Float32Array(n);
  const otherClass = new Uint8Array(n).fill(OccupancyClass.other);
  for (let i = 0; i < n; i++) {
    const f = floorAreaM2(city, i);
    const use = city.buildings.use[i] as number;
    if (use === BuildingUse.unknown) {
      // Unknown use: half residential, half commercial, as the traffic demand model splits it.
      resident[i] = (f * UNKNOWN_RESIDENTIAL_SHARE) / FLOOR_M2_PER_RESIDENT;
      other[i] = (f * (1 - UNKNOWN_RESIDENTIAL_SHARE)) / OCCUPANCY[OccupancyClass.commercial].m2PerPerson;
      otherClass[i] = OccupancyClass.commercial;
      continue;
    }
    const cls = occupancyClassOf(use);
    if (cls === OccupancyClass.residential) resident[i] = f / FLOOR_M2_PER_RESIDENT;
    else {
      other[i] = f / OCCUPANCY[cls].m2PerPerson;
      otherClass[i] = cls;
    }
  }
  c = { resident, other, otherClass };
  occupancyCache.set(city, c);
  return c;
}

/** Residents per building (people who live there, full occupancy): residential floor area / 40 m². */
export function residentsOf(city: CityModel): Float32Array {
  return occupancyOf(city).resident;
}

const presenceScratch = new Float64Array(CLASS_COUNT);

/**
 * People per building at `localHour` (0–24): Σ over its occupancy classes of floor area / m² per person × presence.
 * Writes into `out` when given (length ≥ building count; no allocation), else into a new array.
 */
export function occupantsAt(city: CityModel, localHour: number, out?: Float32Array): Float32Array {
  const n = city.buildings.count;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`occupantsAt: out has ${out.length} entries, the city has ${n} buildings`);
  }
  const o = out ?? new Float32Array(n);
  if (!Number.isFinite(localHour)) throw new RangeError(`occupantsAt: localHour ${localHour} is not finite`);
  const { resident, other, otherClass } = occupancyOf(city);
  const factor = presenceScratch;
  for (let c = 0; c < CLASS_COUNT; c++) factor[c] = presenceAt(c as OccupancyClass, localHour);
  const fr = factor[OccupancyClass.residential] as number;
  for (let i = 0; i < n; i++) {
    o[i] = (resident[i] as number) * fr + (other[i] as number) * (factor[otherClass[i] as number] as number);
  }
  return o;
}

// ---- geometry lookups, cached per city -------------------------------------------------------------------------

interface CityIndex {
  /** Area centroid of each building's outer ring. */
  readonly bx: Float64Array;
  readonly by: Float64Array;
  /** District (zone of level 0) and grid cell (level 1) containing each building centroid, or NO_INDEX. */
  readonly district: Uint32Array;
  readonly cell: Uint32Array;
  /** Zone indices of level 0, ascending. */
  readonly districts: readonly number[];
  /** Uniform bucket grid over building centroids (nearest-building queries). */
  readonly grid: PointGrid;
}
const cityIndexCache = new WeakMap<CityModel, CityIndex>();

interface PointGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly nx: number;
  readonly ny: number;
  readonly start: Uint32Array;
  readonly items: Uint32Array;
}

function buildPointGrid(xs: Float64Array, ys: Float64Array, cellM: number): PointGrid {
  const n = xs.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) minX = minY = maxX = maxY = 0;
  const nx = Math.max(1, Math.floor((maxX - minX) / cellM) + 1);
  const ny = Math.max(1, Math.floor((maxY - minY) / cellM) + 1);
  const start = new Uint32Array(nx * ny + 1);
  const key = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(((xs[i] as number) - minX) / cellM);
    const cy = Math.floor(((ys[i] as number) - minY) / cellM);
    const k = cy * nx + cx;
    key[i] = k;
    (start[k + 1] as number)++;
  }
  for (let k = 0; k < nx * ny; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = start.slice(0, nx * ny);
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = key[i] as number;
    items[fill[k] as number] = i;
    fill[k] = (fill[k] as number) + 1;
  }
  return { x0: minX, y0: minY, cellM, nx, ny, start, items };
}

/** Zones of one level containing each point (lowest zone index wins), via a bucket grid of zone bounding boxes. */
function locateInZones(
  zones: PolygonSet & { readonly level: Uint8Array },
  level: number,
  xs: Float64Array,
  ys: Float64Array,
): Uint32Array {
  const ids: number[] = [];
  for (let z = 0; z < zones.count; z++) if (zones.level[z] === level) ids.push(z);
  const n = xs.length;
  const out = new Uint32Array(n).fill(NO_INDEX);
  if (ids.length === 0) return out;
  const box = new Float64Array(4 * ids.length);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  ids.forEach((z, k) => {
    const r0 = zones.polyStart[z] as number;
    const a = zones.ringStart[r0] as number;
    const e = zones.ringStart[r0 + 1] as number;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = a; v < e; v++) {
      const x = zones.xy[2 * v] as number;
      const y = zones.xy[2 * v + 1] as number;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    box.set([x0, y0, x1, y1], 4 * k);
    if (e > a) {
      minX = Math.min(minX, x0);
      minY = Math.min(minY, y0);
      maxX = Math.max(maxX, x1);
      maxY = Math.max(maxY, y1);
    }
  });
  if (!(maxX >= minX)) return out;
  // About one zone per bucket: buckets the size of an average zone's box.
  const side = Math.max(1, Math.sqrt(((maxX - minX) * (maxY - minY)) / ids.length));
  const nx = Math.max(1, Math.ceil((maxX - minX) / side));
  const ny = Math.max(1, Math.ceil((maxY - minY) / side));
  const buckets: number[][] = Array.from({ length: nx * ny }, () => []);
  const bx = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / side)));
  const by = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / side)));
  for (let k = 0; k < ids.length; k++) {
    if (!((box[4 * k + 2] as number) >= (box[4 * k] as number))) continue;
    for (let j = by(box[4 * k + 1] as number); j <= by(box[4 * k + 3] as number); j++) {
      for (let i = bx(box[4 * k] as number); i <= bx(box[4 * k + 2] as number); i++)
        buckets[j * nx + i]!.push(k);
    }
  }
  for (let p = 0; p < n; p++) {
    const x = xs[p] as number;
    const y = ys[p] as number;
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    for (const k of buckets[by(y) * nx + bx(x)]!) {
      if (x < (box[4 * k] as number) || x > (box[4 * k + 2] as number)) continue;
      if (y < (box[4 * k + 1] as number) || y > (box[4 * k + 3] as number)) continue;
      if (insideFeature(zones, ids[k] as number, x, y)) {
        out[p] = ids[k] as number;
        break;
      }
    }
  }
  return out;
}

function cityIndexOf(city: CityModel): CityIndex {
  let c = cityIndexCache.get(city);
  if (c) return c;
  const b = city.buildings;
  const bx = new Float64Array(b.count);
  const by = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const [x, y] = featureCentroid(b, i);
    bx[i] = x;
    by[i] = y;
  }
  const districts: number[] = [];
  for (let z = 0; z < city.zones.count; z++) if (city.zones.level[z] === 0) districts.push(z);
  c = {
    bx,
    by,
    district: locateInZones(city.zones, 0, bx, by),
    cell: locateInZones(city.zones, 1, bx, by),
    districts,
    grid: buildPointGrid(bx, by, 100),
  };
  cityIndexCache.set(city, c);
  return c;
}

/** Building centroids (area centroid of the outer ring), local metres; cached per city. */
export function buildingCentroids(city: CityModel): { readonly x: Float64Array; readonly y: Float64Array } {
  const c = cityIndexOf(city);
  return { x: c.bx, y: c.by };
}

/** District (zone index of level 0) of each building's centroid, NO_INDEX outside every district; cached per city. */
export function buildingDistricts(city: CityModel): Uint32Array {
  return cityIndexOf(city).district;
}

/** Grid cell (网格, zone index of level 1) of each building's centroid, NO_INDEX outside every cell; cached. */
export function buildingGridCells(city: CityModel): Uint32Array {
  return cityIndexOf(city).cell;
}

/** Nearest building to (x, y) whose centroid lies within `radiusM`, or NO_INDEX (ties: lower index). */
export function nearestBuilding(city: CityModel, x: number, y: number, radiusM: number): number {
  const { grid: g, bx, by } = cityIndexOf(city);
  const i0 = Math.max(0, Math.floor((x - radiusM - g.x0) / g.cellM));
  const i1 = Math.min(g.nx - 1, Math.floor((x + radiusM - g.x0) / g.cellM));
  const j0 = Math.max(0, Math.floor((y - radiusM - g.y0) / g.cellM));
  const j1 = Math.min(g.ny - 1, Math.floor((y + radiusM - g.y0) / g.cellM));
  let best = NO_INDEX;
  let bestD = radiusM * radiusM;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const k = j * g.nx + i;
      for (let p = g.start[k] as number; p < (g.start[k + 1] as number); p++) {
        const b = g.items[p] as number;
        const dx = (bx[b] as number) - x;
        const dy = (by[b] as number) - y;
        const d = dx * dx + dy * dy;
        if (d < bestD || (d === bestD && b < best)) {
          bestD = d;
          best = b;
        }
      }
    }
  }
  return best;
}

// ---- critical assets -------------------------------------------------------------------------------------------

const POI_CRITICAL: Readonly<Partial<Record<number, CriticalKind>>> = {
  [PoiKind.hospital]: 'hospital',
  [PoiKind.school]: 'school',
  [PoiKind.shelter]: 'shelter',
  [PoiKind.fireStation]: 'fireStation',
  [PoiKind.pumpingStation]: 'pumpingStation',
  [PoiKind.underpass]: 'underpass',
};
// The boundary import point is a (220 kV) substation too: it floods and shakes like one.
const POWER_CRITICAL: Readonly<Partial<Record<number, CriticalKind>>> = {
  [PowerKind.substation]: 'substation',
  [PowerKind.import]: 'substation',
  [PowerKind.storage]: 'storage',
};

/** The critical assets of a city: POIs (index order) then power assets (index order); capacity 0 = unknown. */
export function criticalAssets(city: CityModel): CriticalAsset[] {
  const out: CriticalAsset[] = [];
  const p = city.pois;
  for (let i = 0; i < p.count; i++) {
    const kind = POI_CRITICAL[p.kind[i] as number];
    if (kind === undefined) continue;
    out.push({
      kind,
      source: 'poi',
      index: i,
      x: p.xy[2 * i] as number,
      y: p.xy[2 * i + 1] as number,
      capacity: p.capacity[i] as number,
    });
  }
  const w = city.power;
  for (let i = 0; i < w.count; i++) {
    const kind = POWER_CRITICAL[w.kind[i] as number];
    if (kind === undefined) continue;
    out.push({
      kind,
      source: 'power',
      index: i,
      x: w.xy[2 * i] as number,
      y: w.xy[2 * i + 1] as number,
      capacity: w.ratingMW[i] as number,
    });
  }
  return out;
}

/** An asset's host building: the nearest building centroid within this distance, m (POIs stand in or by them). */
export const ASSET_HOST_RADIUS_M = 60;

interface AssetIndex {
  readonly city: CityModel;
  /** Host building per asset (NO_INDEX when none within ASSET_HOST_RADIUS_M). */
  readonly host: Uint32Array;
  /** District per asset (NO_INDEX outside every district). */
  readonly district: Uint32Array;
}
const assetIndexCache = new WeakMap<readonly CriticalAsset[], AssetIndex>();

function assetIndexOf(city: CityModel, assets: readonly CriticalAsset[]): AssetIndex {
  const c = assetIndexCache.get(assets);
  if (c && c.city === city) return c;
  const n = assets.length;
  const host = new Uint32Array(n);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = assets[k]!;
    host[k] = nearestBuilding(city, a.x, a.y, ASSET_HOST_RADIUS_M);
    xs[k] = a.x;
    ys[k] = a.y;
  }
  const idx = { city, host, district: locateInZones(city.zones, 0, xs, ys) };
  assetIndexCache.set(assets, idx);
  return idx;
}

// ---- exposure summaries ----------------------------------------------------------------------------------------

const CRITICAL_NAME: Readonly<Record<CriticalKind, Text2>> = {
  hospital: { zh: '医院', en: 'hospital' },
  school: { zh: '学校', en: 'school' },
  shelter: { zh: '避难场所', en: 'shelter' },
  fireStation: { zh: '消防站', en: 'fire station' },
  pumpingStation: { zh: '泵站', en: 'pumping station' },
  underpass: { zh: '下穿通道', en: 'underpass' },
  substation: { zh: '变电站', en: 'substation' },
  storage: { zh: '储能站', en: 'storage station' },
};

const SEVERITY_NAME: Readonly<Record<Severity, Text2>> = {
  1: { zh: '关注', en: 'watch' },
  2: { zh: '受损', en: 'impaired' },
  3: { zh: '停运', en: 'out of service' },
};

/** Accumulates people and buildings per district and in total. */
class Tally {
  people = 0;
  buildings = 0;
  private readonly zPeople: Float64Array;
  private readonly zBuildings: Uint32Array;
  constructor(
    private readonly index: CityIndex,
    zoneCount: number,
    private readonly role: Uint8Array | undefined,
  ) {
    this.zPeople = new Float64Array(zoneCount);
    this.zBuildings = new Uint32Array(zoneCount);
  }
  /** Counts building i; an outline is skipped (its parts are the buildings, OSM Simple 3D Buildings). */
  add(i: number, people: number): void {
    if (this.role !== undefined && this.role[i] === BuildingRole.outline) return;
    this.people += people;
    this.buildings++;
    const z = this.index.district[i] as number;
    if (z !== NO_INDEX) {
      this.zPeople[z] = (this.zPeople[z] as number) + people;
      (this.zBuildings[z] as number)++;
    }
  }
  summary(hazardId: string, assets: ExposedAsset[]): ExposureSummary {
    return {
      hazardId,
      people: Math.round(this.people),
      buildings: this.buildings,
      assets,
      byDistrict: this.index.districts.map((zone) => ({
        zone,
        people: Math.round(this.zPeople[zone] as number),
        buildings: this.zBuildings[zone] as number,
      })),
    };
  }
}

function checkLength(what: string, arr: ArrayLike<number>, n: number): void {
  if (arr.length < n) throw new RangeError(`${what} has ${arr.length} entries, the city has ${n} buildings`);
}

/** The part of a flood grid exposure needs (FloodGrid of flood.ts satisfies it): x0, y0 = centre of cell (0, 0). */
export interface FloodGridLike {
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
}

/**
 * Water depth above which a building counts as exposed, and an asset gets severity 1 (watch), m: 0.15 m — the
 * ponding limit of China's urban waterlogging standards (GB 51222-2017《城镇内涝防治技术规范》 and GB 50014-2021
 * 《室外排水设计标准》 地面积水设计标准: water on one traffic lane no deeper than 15 cm; deeper counts as 内涝).
 */
export const FLOOD_EXPOSED_DEPTH_M = 0.15;
/**
 * Depth bands of asset severity, m: ≥ 0.15 watch (above); ≥ 0.30 impaired — beyond hazard class H1 "generally safe for
 * people, vehicles and buildings" (D ≤ 0.3 m); ≥ 0.50 out of service — beyond H2 "unsafe for small vehicles"
 * (D ≤ 0.5 m), where emergency vehicles cannot reach and ground-level equipment floods (Australian Institute for
 * Disaster Resilience, Guideline 7-3 "Flood Hazard", 2017, and Australian Rainfall & Runoff 2019, Book 6 ch. 7: the
 * H1–H6 hazard vulnerability curves, depth limits 0.3 / 0.5 / 1.2 / 2.0 / 4.0 m).
 */
export const FLOOD_SEVERITY_DEPTH_M = [FLOOD_EXPOSED_DEPTH_M, 0.3, 0.5] as const;

/** Largest footprint (in cells of its bounding box) whose cells are all sampled; larger ones sample vertices. */
const MAX_FOOTPRINT_CELLS = 256;

interface FloodCells {
  readonly city: CityModel;
  /** Building i samples cells[start[i]..start[i+1]-1] (row-major grid indices). */
  readonly start: Uint32Array;
  readonly cells: Uint32Array;
}
const floodCellsCache = new WeakMap<FloodGridLike, FloodCells>();

/** Grid cell containing (x, y) (nearest cell centre), or −1 outside the grid. */
export function floodCellAt(grid: FloodGridLike, x: number, y: number): number {
  const i = Math.round((x - grid.x0) / grid.cellM);
  const j = Math.round((y - grid.y0) / grid.cellM);
  if (!(i >= 0 && j >= 0 && i < grid.nx && j < grid.ny)) return -1;
  return j * grid.nx + i;
}

function floodCellsOf(city: CityModel, grid: FloodGridLike): FloodCells {
  let c = floodCellsCache.get(grid);
  if (c && c.city === city) return c;
  const b = city.buildings;
  const { bx, by } = cityIndexOf(city);
  const start = new Uint32Array(b.count + 1);
  const cells: number[] = [];
  const seen = new Set<number>();
  const push = (k: number): void => {
    if (k >= 0 && !seen.has(k)) {
      seen.add(k);
      cells.push(k);
    }
  };
  const { x0, y0, cellM } = grid;
  for (let i = 0; i < b.count; i++) {
    seen.clear();
    push(floodCellAt(grid, bx[i] as number, by[i] as number));
    const r0 = b.polyStart[i] as number;
    const va = b.ringStart[r0] as number;
    const ve = b.ringStart[r0 + 1] as number;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let v = va; v < ve; v++) {
      const x = b.xy[2 * v] as number;
      const y = b.xy[2 * v + 1] as number;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    const ci0 = Math.max(0, Math.ceil((minX - x0) / cellM));
    const ci1 = Math.min(grid.nx - 1, Math.floor((maxX - x0) / cellM));
    const cj0 = Math.max(0, Math.ceil((minY - y0) / cellM));
    const cj1 = Math.min(grid.ny - 1, Math.floor((maxY - y0) / cellM));
    if ((ci1 - ci0 + 1) * (cj1 - cj0 + 1) <= MAX_FOOTPRINT_CELLS) {
      // Cells whose centre lies inside the footprint.
      for (let j = cj0; j <= cj1; j++) {
        for (let ii = ci0; ii <= ci1; ii++) {
          if (insideFeature(b, i, x0 + ii * cellM, y0 + j * cellM)) push(j * grid.nx + ii);
        }
      }
    } else {
      for (let v = va; v < ve; v++) push(floodCellAt(grid, b.xy[2 * v] as number, b.xy[2 * v + 1] as number));
    }
    start[i + 1] = cells.length;
  }
  c = { city, start, cells: Uint32Array.from(cells) };
  floodCellsCache.set(grid, c);
  return c;
}

/** Deepest water over building i's footprint cells (centroid cell + cells whose centre is inside), m. */
export function buildingFloodDepthM(
  city: CityModel,
  grid: FloodGridLike,
  depthM: Float32Array,
  i: number,
): number {
  const fc = floodCellsOf(city, grid);
  let d = 0;
  for (let p = fc.start[i] as number; p < (fc.start[i + 1] as number); p++) {
    const v = depthM[fc.cells[p] as number] as number;
    if (v > d) d = v;
  }
  return d;
}

const f2 = (v: number): string => v.toFixed(2);

/** Severity of a water depth (0 below FLOOD_EXPOSED_DEPTH_M). */
export function floodSeverity(depthM: number): 0 | Severity {
  const [w, i, o] = FLOOD_SEVERITY_DEPTH_M;
  return depthM >= o ? 3 : depthM >= i ? 2 : depthM >= w ? 1 : 0;
}

const FLOOD_BAND_WHY: Readonly<Record<Severity, Text2>> = {
  1: { zh: '超过积水标准 0.15 m（GB 51222-2017）', en: 'above the 0.15 m ponding limit (GB 51222-2017)' },
  2: {
    zh: '超过 0.30 m：人车不再安全（AIDR 7-3 / ARR 2019 H1 上限）',
    en: 'above 0.30 m: no longer safe for people and vehicles (AIDR 7-3 / ARR 2019 H1 limit)',
  },
  3: {
    zh: '超过 0.50 m：车辆无法通行，地面设备进水（AIDR 7-3 / ARR 2019 H2 上限）',
    en: 'above 0.50 m: impassable to vehicles, ground-level equipment flooded (AIDR 7-3 / ARR 2019 H2 limit)',
  },
};

/**
 * Flood exposure: buildings whose deepest footprint cell holds ≥ 0.15 m of water (with their occupants), and critical
 * assets by the depth at their point (value = depth m; severity by FLOOD_SEVERITY_DEPTH_M). `depthM` is the flood
 * model's depth per cell (row-major, length nx·ny), `occupants` per building (occupantsAt).
 */
export function floodExposure(
  city: CityModel,
  assets: readonly CriticalAsset[],
  grid: FloodGridLike,
  depthM: Float32Array,
  occupants: Float32Array,
  hazardId: string,
): ExposureSummary {
  const n = city.buildings.count;
  checkLength('floodExposure: occupants', occupants, n);
  if (depthM.length < grid.nx * grid.ny) {
    throw new RangeError(`floodExposure: depthM has ${depthM.length} cells, the grid ${grid.nx}×${grid.ny}`);
  }
  const fc = floodCellsOf(city, grid);
  const tally = new Tally(cityIndexOf(city), city.zones.count, city.buildings.role);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let p = fc.start[i] as number; p < (fc.start[i + 1] as number); p++) {
      const v = depthM[fc.cells[p] as number] as number;
      if (v > d) d = v;
    }
    if (d >= FLOOD_EXPOSED_DEPTH_M) tally.add(i, occupants[i] as number);
  }
  const exposed: ExposedAsset[] = [];
  for (let k = 0; k < assets.length; k++) {
    const cell = floodCellAt(grid, assets[k]!.x, assets[k]!.y);
    if (cell < 0) continue;
    const d = depthM[cell] as number;
    const sev = floodSeverity(d);
    if (sev === 0) continue;
    const name = CRITICAL_NAME[assets[k]!.kind];
    exposed.push({
      asset: k,
      severity: sev,
      value: Math.round(d * 100) / 100,
      unit: 'm',
      reason: {
        zh: `${name.zh}积水 ${f2(d)} m，${FLOOD_BAND_WHY[sev].zh}：${SEVERITY_NAME[sev].zh}`,
        en: `${name.en} under ${f2(d)} m of water, ${FLOOD_BAND_WHY[sev].en}: ${SEVERITY_NAME[sev].en}`,
      },
    });
  }
  return tally.summary(hazardId, exposed);
}

/** Earthquake damage per building, as earthquake.ts assessEarthquake gives it. */
export interface QuakeDamageLike {
  /** Most likely HAZUS damage state per building: 0 none, 1 slight, 2 moderate, 3 extensive, 4 complete. */
  readonly damageState: Uint8Array;
  /** Peak ground acceleration at each building, g. */
  readonly pgaG: Float32Array;
}

/**
 * Lowest damage state that makes a building (and its occupants) exposed: 2, moderate. In the HAZUS-MH damage-state
 * descriptions (Earthquake Technical Manual ch. 5) slight damage is cosmetic (hairline cracks); from moderate on,
 * structural elements crack and the building needs repair (assumption: its occupants are affected).
 */
export const QUAKE_EXPOSED_STATE = 2;
/**
 * PGA bands of severity for assets without a host building (substations, storage), g: 0.10 / 0.25 / 0.35 — the order
 * of the HAZUS-MH lifeline fragility medians for anchored medium-voltage substations (slight ≈ 0.15, moderate ≈ 0.25,
 * extensive ≈ 0.35 g; HAZUS-MH Technical Manual ch. 8, electric power; values not re-verified — an assumption).
 */
export const QUAKE_ASSET_PGA_G = [0.1, 0.25, 0.35] as const;

const DAMAGE_NAME: readonly Text2[] = [
  { zh: '无损', en: 'none' },
  { zh: '轻微', en: 'slight' },
  { zh: '中等', en: 'moderate' },
  { zh: '严重', en: 'extensive' },
  { zh: '完全破坏', en: 'complete' },
];

/**
 * Earthquake exposure: buildings at damage state ≥ moderate and their occupants; critical assets by their host
 * building's damage state (slight → watch, moderate → impaired, extensive/complete → out of service) or, with no host,
 * by the PGA of the nearest building (QUAKE_ASSET_PGA_G). value = PGA g.
 */
export function quakeExposure(
  city: CityModel,
  assets: readonly CriticalAsset[],
  damage: QuakeDamageLike,
  occupants: Float32Array,
  hazardId: string,
): ExposureSummary {
  const n = city.buildings.count;
  checkLength('quakeExposure: damageState', damage.damageState, n);
  checkLength('quakeExposure: pgaG', damage.pgaG, n);
  checkLength('quakeExposure: occupants', occupants, n);
  const tally = new Tally(cityIndexOf(city), city.zones.count, city.buildings.role);
  for (let i = 0; i < n; i++) {
    if ((damage.damageState[i] as number) >= QUAKE_EXPOSED_STATE) tally.add(i, occupants[i] as number);
  }
  const ai = assetIndexOf(city, assets);
  const exposed: ExposedAsset[] = [];
  for (let k = 0; k < assets.length; k++) {
    const a = assets[k]!;
    const host = ai.host[k] as number;
    const name = CRITICAL_NAME[a.kind];
    let sev: 0 | Severity;
    let pga: number;
    let why: Text2;
    if (host !== NO_INDEX) {
      const ds = Math.min(4, damage.damageState[host] as number);
      pga = damage.pgaG[host] as number;
      sev = ds >= 3 ? 3 : ds === 2 ? 2 : ds === 1 ? 1 : 0;
      why = {
        zh: `所在建筑${DAMAGE_NAME[ds]!.zh}破坏`,
        en: `its building has ${DAMAGE_NAME[ds]!.en} damage`,
      };
    } else {
      const near = nearestBuilding(city, a.x, a.y, Infinity);
      pga = near === NO_INDEX ? 0 : (damage.pgaG[near] as number);
      const [w, i2, o] = QUAKE_ASSET_PGA_G;
      sev = pga >= o ? 3 : pga >= i2 ? 2 : pga >= w ? 1 : 0;
      const lim = sev === 0 ? w : QUAKE_ASSET_PGA_G[sev - 1]!;
      why = {
        zh: `PGA ≥ ${f2(lim)} g（HAZUS 变电站易损性）`,
        en: `PGA ≥ ${f2(lim)} g (HAZUS substation fragility)`,
      };
    }
    if (sev === 0) continue;
    exposed.push({
      asset: k,
      severity: sev,
      value: Math.round(pga * 1000) / 1000,
      unit: 'g',
      reason: {
        zh: `${name.zh}：PGA ${f2(pga)} g，${why.zh}：${SEVERITY_NAME[sev].zh}`,
        en: `${name.en}: PGA ${f2(pga)} g, ${why.en}: ${SEVERITY_NAME[sev].en}`,
      },
    });
  }
  return tally.summary(hazardId, exposed);
}

/** Lowest district heat level (blue 1 … red 4) whose people count as exposed: 2, yellow. */
export const HEAT_EXPOSED_LEVEL = 2;
const HEAT_ASSETS: ReadonlySet<CriticalKind> = new Set<CriticalKind>(['hospital', 'school']);
const LEVEL_NAME: readonly Text2[] = [
  { zh: '无', en: 'none' },
  { zh: '蓝色', en: 'blue' },
  { zh: '黄色', en: 'yellow' },
  { zh: '橙色', en: 'orange' },
  { zh: '红色', en: 'red' },
];

/**
 * Heat exposure: people and buildings in districts whose heat level is ≥ yellow (2), and the hospitals and schools in
 * them (severity = level − 1: yellow watch, orange impaired, red out of service; value = the district's level).
 * `districtLevels` is HeatSummary['districts'] (zone index of level 0 and its level).
 */
export function heatExposure(
  city: CityModel,
  assets: readonly CriticalAsset[],
  districtLevels: readonly { readonly zone: number; readonly level: AlertLevel }[],
  occupants: Float32Array,
  hazardId: string,
): ExposureSummary {
  const n = city.buildings.count;
  checkLength('heatExposure: occupants', occupants, n);
  const level = new Uint8Array(city.zones.count);
  for (const d of districtLevels) {
    if (!(d.zone >= 0 && d.zone < city.zones.count)) {
      throw new RangeError(`heatExposure: district zone ${d.zone} is outside 0..${city.zones.count - 1}`);
    }
    level[d.zone] = d.level;
  }
  const index = cityIndexOf(city);
  const tally = new Tally(index, city.zones.count, city.buildings.role);
  for (let i = 0; i < n; i++) {
    const z = index.district[i] as number;
    if (z !== NO_INDEX && (level[z] as number) >= HEAT_EXPOSED_LEVEL) tally.add(i, occupants[i] as number);
  }
  const ai = assetIndexOf(city, assets);
  const exposed: ExposedAsset[] = [];
  for (let k = 0; k < assets.length; k++) {
    const a = assets[k]!;
    if (!HEAT_ASSETS.has(a.kind)) continue;
    const z = ai.district[k] as number;
    const lv = z === NO_INDEX ? 0 : (level[z] as number);
    if (lv < HEAT_EXPOSED_LEVEL) continue;
    const sev = (lv - 1) as Severity;
    const name = CRITICAL_NAME[a.kind];
    exposed.push({
      asset: k,
      severity: sev,
      value: lv,
      unit: 'level',
      reason: {
        zh: `${name.zh}位于高温${LEVEL_NAME[lv]!.zh}风险区：${SEVERITY_NAME[sev].zh}`,
        en: `${name.en} in a district at ${LEVEL_NAME[lv]!.en} heat risk: ${SEVERITY_NAME[sev].en}`,
      },
    });
  }
  return tally.summary(hazardId, exposed);
}

/**
 * Fire exposure: the burning building and those at risk of spread (fire.ts), with their occupants; critical assets
 * whose host building burns (out of service) or is at risk (impaired). value = distance from the origin, m.
 */
export function fireExposure(
  city: CityModel,
  assets: readonly CriticalAsset[],
  buildingsAtRisk: readonly number[],
  origin: number,
  occupants: Float32Array,
  hazardId: string,
): ExposureSummary {
  const n = city.buildings.count;
  checkLength('fireExposure: occupants', occupants, n);
  const state = new Uint8Array(n); // 0 safe, 2 at risk, 3 burning
  if (!(Number.isInteger(origin) && origin >= 0 && origin < n)) {
    throw new RangeError(`fireExposure: origin building ${origin} is outside 0..${n - 1}`);
  }
  for (const b of buildingsAtRisk) {
    if (!(Number.isInteger(b) && b >= 0 && b < n)) {
      throw new RangeError(`fireExposure: building at risk ${b} is outside 0..${n - 1}`);
    }
    state[b] = 2;
  }
  state[origin] = 3;
  const index = cityIndexOf(city);
  const tally = new Tally(index, city.zones.count, city.buildings.role);
  for (let i = 0; i < n; i++) if (state[i] !== 0) tally.add(i, occupants[i] as number);
  const ai = assetIndexOf(city, assets);
  const exposed: ExposedAsset[] = [];
  const ox = index.bx[origin] as number;
  const oy = index.by[origin] as number;
  for (let k = 0; k < assets.length; k++) {
    const host = ai.host[k] as number;
    if (host === NO_INDEX || state[host] === 0) continue;
    const a = assets[k]!;
    const sev = state[host] as Severity;
    const dM = Math.hypot(a.x - ox, a.y - oy);
    const name = CRITICAL_NAME[a.kind];
    exposed.push({
      asset: k,
      severity: sev,
      value: Math.round(dM),
      unit: 'm',
      reason:
        sev === 3
          ? { zh: `${name.zh}所在建筑起火：停运`, en: `${name.en}: its building is on fire: out of service` }
          : {
              zh: `${name.zh}距起火建筑 ${Math.round(dM)} m，处于蔓延范围：受损`,
              en: `${name.en} ${Math.round(dM)} m from the fire, within the spread radius: impaired`,
            },
    });
  }
  return tally.summary(hazardId, exposed);
}
