/**
 * The scene package (docs/scene-format.md): `scene.json` (metadata, the array directory, small and sparse data) plus
 * `scene.bin` (every bulk typed array, concatenated, little-endian, each start 8-byte aligned). Decoding makes
 * zero-copy typed-array views into the bin, so a 200k-building city loads without per-vertex JS objects.
 *
 * decodeScene() validates everything it reads (format, version, counts, array bounds, index ranges, enum codes) and
 * throws an Error naming the offending field; it never returns a half-valid model.
 */
import {
  AreaKind,
  BuildingRole,
  BuildingUse,
  HeightSource,
  NO_INDEX,
  PoiKind,
  PowerKind,
  RoadClass,
  SensorKind,
} from './types.ts';
import type { CityModel, FeatureName, ImportStats, SceneMeta, Terrain } from './types.ts';

/** Value of scene.json `format`. */
export const SCENE_FORMAT = 'citybrain-scene';
/** Current package version; decodeScene accepts exactly this one (bump on any incompatible layout change). */
export const SCENE_FORMAT_VERSION = 1;

/** Element types that may appear in the array directory. */
export type DType = 'u8' | 'u16' | 'u32' | 'f32' | 'f64';
type AnyTyped = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

/** One entry of the array directory in scene.json. `length` counts elements, `byteOffset` is into scene.bin. */
export interface ArrayEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly byteOffset: number;
  readonly length: number;
}

const BYTES: Record<DType, number> = { u8: 1, u16: 2, u32: 4, f32: 4, f64: 8 };
const ALIGN = 8;

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function dtypeOf(a: AnyTyped): DType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Float32Array) return 'f32';
  return 'f64';
}

const namesToPairs = (m: ReadonlyMap<number, FeatureName>): [number, FeatureName][] =>
  [...m.entries()].sort((a, b) => a[0] - b[0]);

/** Encodes a CityModel into scene.json text and scene.bin bytes. */
export function encodeScene(model: CityModel): { json: string; bin: Uint8Array } {
  if (!IS_LITTLE_ENDIAN) throw new Error('encodeScene: big-endian hosts are not supported');
  const { buildings: b, roads: r, areas: a, power: p, sensors: s, pois: q, zones: z, terrain: t } = model;
  const arrays: [string, AnyTyped][] = [
    ['buildings.polyStart', b.polyStart],
    ['buildings.ringStart', b.ringStart],
    ['buildings.xy', b.xy],
    ['buildings.heightM', b.heightM],
    ['buildings.minHeightM', b.minHeightM],
    ['buildings.baseZM', b.baseZM],
    ['buildings.levels', b.levels],
    ['buildings.use', b.use],
    ['buildings.heightSource', b.heightSource],
    ['buildings.areaM2', b.areaM2],
    ['roads.nodeXY', r.nodeXY],
    ['roads.nodeSignal', r.nodeSignal],
    ['roads.linkFrom', r.linkFrom],
    ['roads.linkTo', r.linkTo],
    ['roads.linkClass', r.linkClass],
    ['roads.lanes', r.lanes],
    ['roads.capacityVph', r.capacityVph],
    ['roads.freeSpeedKph', r.freeSpeedKph],
    ['roads.lengthM', r.lengthM],
    ['roads.flags', r.flags],
    ['roads.geomStart', r.geomStart],
    ['roads.geomXY', r.geomXY],
    ['roads.linkWay', r.linkWay],
    ['areas.polyStart', a.polyStart],
    ['areas.ringStart', a.ringStart],
    ['areas.xy', a.xy],
    ['areas.kind', a.kind],
    ['power.kind', p.kind],
    ['power.xy', p.xy],
    ['power.ratingMW', p.ratingMW],
    ['power.energyMWh', p.energyMWh],
    ['power.voltageKV', p.voltageKV],
    ['power.lines.voltageKV', p.lines.voltageKV],
    ['power.lines.geomStart', p.lines.geomStart],
    ['power.lines.xy', p.lines.xy],
    ['power.lines.fromAsset', p.lines.fromAsset],
    ['power.lines.toAsset', p.lines.toAsset],
    ['sensors.kind', s.kind],
    ['sensors.xy', s.xy],
    ['sensors.linkIndex', s.linkIndex],
    ['pois.kind', q.kind],
    ['pois.xy', q.xy],
    ['pois.capacity', q.capacity],
    ['zones.polyStart', z.polyStart],
    ['zones.ringStart', z.ringStart],
    ['zones.xy', z.xy],
    ['zones.level', z.level],
    ['zones.parent', z.parent],
  ];
  if (b.role) arrays.push(['buildings.role', b.role]);
  if (t) arrays.push(['terrain.heightM', t.heightM]);

  const dir: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, arr] of arrays) {
    offset = Math.ceil(offset / ALIGN) * ALIGN;
    dir.push({ name, dtype: dtypeOf(arr), byteOffset: offset, length: arr.length });
    offset += arr.byteLength;
  }
  const byteLength = Math.ceil(offset / ALIGN) * ALIGN;
  const bin = new Uint8Array(byteLength);
  arrays.forEach(([, arr], i) => {
    bin.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), (dir[i] as ArrayEntry).byteOffset);
  });

  const doc = {
    format: SCENE_FORMAT,
    version: SCENE_FORMAT_VERSION,
    meta: model.meta,
    bin: { byteLength, arrays: dir },
    buildings: { count: b.count, sourceId: b.sourceId, names: namesToPairs(b.names) },
    roads: { nodeCount: r.nodeCount, linkCount: r.linkCount, ways: r.ways },
    areas: { count: a.count, names: namesToPairs(a.names) },
    power: {
      count: p.count,
      sourceId: p.sourceId,
      names: namesToPairs(p.names),
      lines: { count: p.lines.count, sourceId: p.lines.sourceId },
    },
    sensors: { count: s.count, sourceId: s.sourceId },
    pois: { count: q.count, sourceId: q.sourceId, names: namesToPairs(q.names) },
    zones: { count: z.count, sourceId: z.sourceId, names: namesToPairs(z.names) },
    terrain: t ? { nx: t.nx, ny: t.ny, x0: t.x0, y0: t.y0, cellM: t.cellM } : null,
  };
  return { json: JSON.stringify(doc), bin };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding: every read goes through a checker that names the field it is reading.

type Obj = Record<string, unknown>;

function fail(path: string, why: string): never {
  throw new Error(`scene package: ${path}: ${why}`);
}
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'expected an object');
  return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}
function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(path, `expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}
function count(v: unknown, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0 || n > NO_INDEX - 1)
    fail(path, `expected a count (integer ≥ 0), got ${n}`);
  return n;
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected a boolean, got ${JSON.stringify(v)}`);
  return v;
}
function strings(v: unknown, path: string, n: number): string[] {
  const a = arr(v, path);
  if (a.length !== n) fail(path, `expected ${n} entries, got ${a.length}`);
  for (let i = 0; i < a.length; i++) str(a[i], `${path}[${i}]`);
  return a as string[];
}
function featureName(v: unknown, path: string): FeatureName {
  const o = obj(v, path);
  const name = str(o.name, `${path}.name`);
  const out: { name: string; zh?: string; en?: string } = { name };
  if (o.zh !== undefined) out.zh = str(o.zh, `${path}.zh`);
  if (o.en !== undefined) out.en = str(o.en, `${path}.en`);
  return out;
}
function names(v: unknown, path: string, n: number): Map<number, FeatureName> {
  const m = new Map<number, FeatureName>();
  arr(v, path).forEach((pair, i) => {
    const p = arr(pair, `${path}[${i}]`);
    if (p.length !== 2) fail(`${path}[${i}]`, 'expected an [index, name] pair');
    const idx = count(p[0], `${path}[${i}][0]`);
    if (idx >= n) fail(`${path}[${i}][0]`, `index ${idx} out of range (count ${n})`);
    m.set(idx, featureName(p[1], `${path}[${i}][1]`));
  });
  return m;
}

const CTOR = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;
interface DTypeMap {
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Reads typed-array views out of scene.bin by directory name, checking dtype, bounds and expected length. */
class BinReader {
  private readonly dir = new Map<string, ArrayEntry>();
  constructor(
    private readonly bin: ArrayBuffer,
    entries: unknown,
  ) {
    arr(entries, 'bin.arrays').forEach((e, i) => {
      const path = `bin.arrays[${i}]`;
      const o = obj(e, path);
      const name = str(o.name, `${path}.name`);
      const dtype = str(o.dtype, `${path}.dtype`);
      if (!(dtype in BYTES)) fail(`${path}.dtype`, `unknown dtype "${dtype}"`);
      const byteOffset = count(o.byteOffset, `${path}.byteOffset`);
      const length = count(o.length, `${path}.length`);
      const size = BYTES[dtype as DType];
      if (byteOffset % ALIGN !== 0) fail(`${path}.byteOffset`, `${byteOffset} is not ${ALIGN}-byte aligned`);
      if (byteOffset + length * size > bin.byteLength) {
        fail(
          `bin.arrays "${name}"`,
          `bytes ${byteOffset}..${byteOffset + length * size} exceed scene.bin (${bin.byteLength} bytes)`,
        );
      }
      if (this.dir.has(name)) fail(`bin.arrays "${name}"`, 'listed twice');
      this.dir.set(name, { name, dtype: dtype as DType, byteOffset, length });
    });
  }
  has(name: string): boolean {
    return this.dir.has(name);
  }
  get<D extends DType>(name: string, dtype: D, length: number): DTypeMap[D] {
    const e = this.dir.get(name);
    if (!e) fail(`bin.arrays "${name}"`, 'missing');
    if (e.dtype !== dtype) fail(`bin.arrays "${name}"`, `expected dtype ${dtype}, got ${e.dtype}`);
    if (e.length !== length) fail(`bin.arrays "${name}"`, `expected ${length} elements, got ${e.length}`);
    return new CTOR[dtype](this.bin, e.byteOffset, length) as DTypeMap[D];
  }
  /** An index array whose length is not known up front (starts arrays: count+1). */
  length(name: string): number {
    const e = this.dir.get(name);
    if (!e) fail(`bin.arrays "${name}"`, 'missing');
    return e.length;
  }
}

/** Checks a CSR "start" array: first 0, non-decreasing, last = `end` (when given). Returns the last value. */
function checkStarts(a: Uint32Array, name: string, end?: number): number {
  if (a.length === 0) fail(name, 'is empty (needs count+1 entries)');
  if (a[0] !== 0) fail(name, `must start at 0, got ${a[0]}`);
  for (let i = 1; i < a.length; i++) {
    if ((a[i] as number) < (a[i - 1] as number)) fail(name, `decreases at index ${i}`);
  }
  const last = a[a.length - 1] as number;
  if (end !== undefined && last !== end) fail(name, `ends at ${last}, expected ${end}`);
  return last;
}
function checkCodes(a: Uint8Array, name: string, table: Record<string, number>): void {
  const max = Math.max(...Object.values(table));
  for (let i = 0; i < a.length; i++) {
    if ((a[i] as number) > max) fail(name, `code ${a[i]} at index ${i} is not a valid code (max ${max})`);
  }
}
function checkIndex(a: Uint32Array, name: string, n: number, allowNone: boolean): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (v >= n && !(allowNone && v === NO_INDEX)) fail(name, `index ${v} at ${i} out of range (count ${n})`);
  }
}

function polygons(rd: BinReader, prefix: string, n: number) {
  const polyStart = rd.get(`${prefix}.polyStart`, 'u32', n + 1);
  const rings = checkStarts(polyStart, `${prefix}.polyStart`);
  const ringStart = rd.get(`${prefix}.ringStart`, 'u32', rings + 1);
  const verts = checkStarts(ringStart, `${prefix}.ringStart`);
  const xy = rd.get(`${prefix}.xy`, 'f32', verts * 2);
  return { count: n, polyStart, ringStart, xy };
}

function decodeStats(v: unknown): ImportStats {
  const o = obj(v, 'meta.stats');
  const c = (k: string): number => count(o[k], `meta.stats.${k}`);
  const s = {
    featuresRead: c('featuresRead'),
    buildings: c('buildings'),
    heightsGiven: c('heightsGiven'),
    heightsFromLevels: c('heightsFromLevels'),
    heightsFromUseClass: c('heightsFromUseClass'),
    roadLines: c('roadLines'),
    links: c('links'),
    nodes: c('nodes'),
    lanesDerived: c('lanesDerived'),
    speedsDerived: c('speedsDerived'),
    repaired: c('repaired'),
    skipped: c('skipped'),
    warnings: c('warnings'),
  };
  return o.virtualSensors === undefined ? s : { ...s, virtualSensors: c('virtualSensors') };
}

/** A UTC offset in minutes: an integer within ±14 h (the range real time zones use). */
function utcOffset(v: unknown): number {
  const n = num(v, 'meta.utcOffsetMin');
  if (!Number.isInteger(n) || Math.abs(n) > 14 * 60)
    fail('meta.utcOffsetMin', `expected whole minutes within ±840, got ${n}`);
  return n;
}

function decodeMeta(v: unknown): SceneMeta {
  const o = obj(v, 'meta');
  const title = obj(o.title, 'meta.title');
  const origin = obj(o.origin, 'meta.origin');
  const bbox = arr(o.bbox, 'meta.bbox');
  if (bbox.length !== 4) fail('meta.bbox', `expected 4 numbers, got ${bbox.length}`);
  const ext = obj(o.extentM, 'meta.extentM');
  const meta: SceneMeta = {
    name: str(o.name, 'meta.name'),
    title: { zh: str(title.zh, 'meta.title.zh'), en: str(title.en, 'meta.title.en') },
    synthetic: bool(o.synthetic, 'meta.synthetic'),
    attribution: str(o.attribution, 'meta.attribution'),
    origin: { lon: num(origin.lon, 'meta.origin.lon'), lat: num(origin.lat, 'meta.origin.lat') },
    bbox: [
      num(bbox[0], 'meta.bbox[0]'),
      num(bbox[1], 'meta.bbox[1]'),
      num(bbox[2], 'meta.bbox[2]'),
      num(bbox[3], 'meta.bbox[3]'),
    ],
    extentM: {
      minX: num(ext.minX, 'meta.extentM.minX'),
      minY: num(ext.minY, 'meta.extentM.minY'),
      maxX: num(ext.maxX, 'meta.extentM.maxX'),
      maxY: num(ext.maxY, 'meta.extentM.maxY'),
    },
    stats: decodeStats(o.stats),
    importedAt: str(o.importedAt, 'meta.importedAt'),
    ...(o.utcOffsetMin === undefined ? {} : { utcOffsetMin: utcOffset(o.utcOffsetMin) }),
  };
  if (o.generator === undefined) return meta;
  const g = obj(o.generator, 'meta.generator');
  return {
    ...meta,
    generator: {
      seed: num(g.seed, 'meta.generator.seed'),
      buildings: count(g.buildings, 'meta.generator.buildings'),
    },
  };
}

/**
 * Decodes a scene package from parsed scene.json (unknown) and the scene.bin bytes into a CityModel whose typed
 * arrays are views into `bin`. Throws an Error naming the field on any inconsistency.
 */
export function decodeScene(json: unknown, bin: ArrayBuffer): CityModel {
  if (!IS_LITTLE_ENDIAN) throw new Error('decodeScene: big-endian hosts are not supported');
  const root = obj(json, 'scene.json');
  if (root.format !== SCENE_FORMAT)
    fail('format', `expected "${SCENE_FORMAT}", got ${JSON.stringify(root.format)}`);
  if (root.version !== SCENE_FORMAT_VERSION) {
    fail('version', `expected ${SCENE_FORMAT_VERSION}, got ${JSON.stringify(root.version)}`);
  }
  const meta = decodeMeta(root.meta);
  const binInfo = obj(root.bin, 'bin');
  const byteLength = count(binInfo.byteLength, 'bin.byteLength');
  if (byteLength !== bin.byteLength)
    fail('bin.byteLength', `scene.json says ${byteLength}, scene.bin has ${bin.byteLength}`);
  const rd = new BinReader(bin, binInfo.arrays);

  // Buildings.
  const bj = obj(root.buildings, 'buildings');
  const nb = count(bj.count, 'buildings.count');
  const bPoly = polygons(rd, 'buildings', nb);
  const buildings = {
    ...bPoly,
    heightM: rd.get('buildings.heightM', 'f32', nb),
    minHeightM: rd.get('buildings.minHeightM', 'f32', nb),
    baseZM: rd.get('buildings.baseZM', 'f32', nb),
    levels: rd.get('buildings.levels', 'u16', nb),
    use: rd.get('buildings.use', 'u8', nb),
    heightSource: rd.get('buildings.heightSource', 'u8', nb),
    areaM2: rd.get('buildings.areaM2', 'f32', nb),
    sourceId: strings(bj.sourceId, 'buildings.sourceId', nb),
    names: names(bj.names, 'buildings.names', nb),
    ...(rd.has('buildings.role') ? { role: rd.get('buildings.role', 'u8', nb) } : {}),
  };
  checkCodes(buildings.use, 'buildings.use', BuildingUse);
  checkCodes(buildings.heightSource, 'buildings.heightSource', HeightSource);
  if (buildings.role) checkCodes(buildings.role, 'buildings.role', BuildingRole);

  // Roads.
  const rj = obj(root.roads, 'roads');
  const nn = count(rj.nodeCount, 'roads.nodeCount');
  const nl = count(rj.linkCount, 'roads.linkCount');
  const waysRaw = arr(rj.ways, 'roads.ways');
  const ways = waysRaw.map((w, i) => {
    const o = obj(w, `roads.ways[${i}]`);
    const sourceId = str(o.sourceId, `roads.ways[${i}].sourceId`);
    return o.name === undefined
      ? { sourceId }
      : { sourceId, name: featureName(o.name, `roads.ways[${i}].name`) };
  });
  const geomStart = rd.get('roads.geomStart', 'u32', nl + 1);
  const geomVerts = checkStarts(geomStart, 'roads.geomStart');
  const roads = {
    nodeCount: nn,
    nodeXY: rd.get('roads.nodeXY', 'f32', nn * 2),
    nodeSignal: rd.get('roads.nodeSignal', 'u8', nn),
    linkCount: nl,
    linkFrom: rd.get('roads.linkFrom', 'u32', nl),
    linkTo: rd.get('roads.linkTo', 'u32', nl),
    linkClass: rd.get('roads.linkClass', 'u8', nl),
    lanes: rd.get('roads.lanes', 'u8', nl),
    capacityVph: rd.get('roads.capacityVph', 'f32', nl),
    freeSpeedKph: rd.get('roads.freeSpeedKph', 'f32', nl),
    lengthM: rd.get('roads.lengthM', 'f32', nl),
    flags: rd.get('roads.flags', 'u8', nl),
    geomStart,
    geomXY: rd.get('roads.geomXY', 'f32', geomVerts * 2),
    linkWay: rd.get('roads.linkWay', 'u32', nl),
    ways,
  };
  checkIndex(roads.linkFrom, 'roads.linkFrom', nn, false);
  checkIndex(roads.linkTo, 'roads.linkTo', nn, false);
  checkIndex(roads.linkWay, 'roads.linkWay', ways.length, false);
  checkCodes(roads.linkClass, 'roads.linkClass', RoadClass);

  // Areas.
  const aj = obj(root.areas, 'areas');
  const na = count(aj.count, 'areas.count');
  const areas = {
    ...polygons(rd, 'areas', na),
    kind: rd.get('areas.kind', 'u8', na),
    names: names(aj.names, 'areas.names', na),
  };
  checkCodes(areas.kind, 'areas.kind', AreaKind);

  // Power.
  const pj = obj(root.power, 'power');
  const np = count(pj.count, 'power.count');
  const lj = obj(pj.lines, 'power.lines');
  const npl = count(lj.count, 'power.lines.count');
  const lineStart = rd.get('power.lines.geomStart', 'u32', npl + 1);
  const lineVerts = checkStarts(lineStart, 'power.lines.geomStart');
  const power = {
    count: np,
    kind: rd.get('power.kind', 'u8', np),
    xy: rd.get('power.xy', 'f32', np * 2),
    ratingMW: rd.get('power.ratingMW', 'f32', np),
    energyMWh: rd.get('power.energyMWh', 'f32', np),
    voltageKV: rd.get('power.voltageKV', 'f32', np),
    sourceId: strings(pj.sourceId, 'power.sourceId', np),
    names: names(pj.names, 'power.names', np),
    lines: {
      count: npl,
      voltageKV: rd.get('power.lines.voltageKV', 'f32', npl),
      geomStart: lineStart,
      xy: rd.get('power.lines.xy', 'f32', lineVerts * 2),
      fromAsset: rd.get('power.lines.fromAsset', 'u32', npl),
      toAsset: rd.get('power.lines.toAsset', 'u32', npl),
      sourceId: strings(lj.sourceId, 'power.lines.sourceId', npl),
    },
  };
  checkCodes(power.kind, 'power.kind', PowerKind);
  checkIndex(power.lines.fromAsset, 'power.lines.fromAsset', np, true);
  checkIndex(power.lines.toAsset, 'power.lines.toAsset', np, true);

  // Sensors.
  const sj = obj(root.sensors, 'sensors');
  const ns = count(sj.count, 'sensors.count');
  const sensors = {
    count: ns,
    kind: rd.get('sensors.kind', 'u8', ns),
    xy: rd.get('sensors.xy', 'f32', ns * 2),
    linkIndex: rd.get('sensors.linkIndex', 'u32', ns),
    sourceId: strings(sj.sourceId, 'sensors.sourceId', ns),
  };
  checkCodes(sensors.kind, 'sensors.kind', SensorKind);
  checkIndex(sensors.linkIndex, 'sensors.linkIndex', nl, true);

  // POIs.
  const qj = obj(root.pois, 'pois');
  const nq = count(qj.count, 'pois.count');
  const pois = {
    count: nq,
    kind: rd.get('pois.kind', 'u8', nq),
    xy: rd.get('pois.xy', 'f32', nq * 2),
    capacity: rd.get('pois.capacity', 'u32', nq),
    sourceId: strings(qj.sourceId, 'pois.sourceId', nq),
    names: names(qj.names, 'pois.names', nq),
  };
  checkCodes(pois.kind, 'pois.kind', PoiKind);

  // Zones.
  const zj = obj(root.zones, 'zones');
  const nz = count(zj.count, 'zones.count');
  const zones = {
    ...polygons(rd, 'zones', nz),
    level: rd.get('zones.level', 'u8', nz),
    parent: rd.get('zones.parent', 'u32', nz),
    sourceId: strings(zj.sourceId, 'zones.sourceId', nz),
    names: names(zj.names, 'zones.names', nz),
  };
  checkCodes(zones.level, 'zones.level', { district: 0, gridCell: 1 });
  checkIndex(zones.parent, 'zones.parent', nz, true);

  // Terrain.
  let terrain: Terrain | null = null;
  if (root.terrain !== null) {
    const tj = obj(root.terrain, 'terrain');
    const nx = count(tj.nx, 'terrain.nx');
    const ny = count(tj.ny, 'terrain.ny');
    const cellM = num(tj.cellM, 'terrain.cellM');
    if (!(cellM > 0)) fail('terrain.cellM', `must be > 0, got ${cellM}`);
    terrain = {
      nx,
      ny,
      x0: num(tj.x0, 'terrain.x0'),
      y0: num(tj.y0, 'terrain.y0'),
      cellM,
      heightM: rd.get('terrain.heightM', 'f32', nx * ny),
    };
  }
  return { meta, buildings, roads, areas, power, sensors, pois, zones, terrain };
}
