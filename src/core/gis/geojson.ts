/**
 * GeoJSON (RFC 7946) text → features with flat lon/lat coordinate arrays. Validates at the edge (DESIGN.md rule 5):
 * broken JSON, empty files, projected coordinates and declared non-WGS84 CRSs are fatal for the file; a feature with
 * malformed or non-finite coordinates is skipped with an error naming it. Coordinates are copied straight into
 * Float64Arrays (one per ring/line), never into per-vertex objects.
 */
import type { MessageLog } from './report.ts';

/** A feature geometry with coordinates flattened to [lon0, lat0, lon1, lat1, …] degrees. */
export type Geom =
  | { readonly type: 'point'; readonly points: Float64Array }
  | { readonly type: 'line'; readonly parts: readonly Float64Array[] }
  | { readonly type: 'polygon'; readonly polys: readonly (readonly Float64Array[])[] };

/** One parsed feature. `index` is its position in the file's feature list. */
export interface RawFeature {
  readonly file: string;
  readonly index: number;
  readonly id: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly geom: Geom;
  /** The GeoJSON geometry type as written (for messages). */
  readonly geometryType: string;
}

/** CRS names that mean WGS84 lon/lat (RFC 7946 §4; GeoJSON 2008 `crs` member). */
const WGS84_CRS =
  /^(urn:ogc:def:crs:ogc:(1\.3:)?crs84|urn:ogc:def:crs:epsg:(\d+(\.\d+)*)?:4326|epsg:4326|crs84|wgs84)$/i;

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Thrown inside coordinate walking to abort the whole file (projected coordinates). */
class ProjectedError extends Error {
  constructor(
    readonly lon: number,
    readonly lat: number,
  ) {
    super('projected');
  }
}
/** Thrown inside coordinate walking to skip one feature. */
class FeatureError extends Error {}

/**
 * Index of the first JSON syntax error in `t` (t.length for an unexpected end), or -1 when the text is valid. Used
 * because V8's JSON.parse messages give a position for some errors only ("Unexpected token …" has none).
 * Iterative (no recursion), so deeply nested input cannot overflow the stack.
 */
export function jsonErrorPosition(t: string): number {
  const n = t.length;
  let i = 0;
  const stack: number[] = []; // 0 = array, 1 = object
  const ws = (): void => {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): boolean => {
    if (t[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) return ((i += 2), false);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return ((i += 1), false);
      } else i++;
    }
    return false;
  };
  const key = (): boolean => {
    ws();
    if (!str()) return false;
    ws();
    if (t[i] !== ':') return false;
    i++;
    return true;
  };
  const NUM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return n;
      const c = t[i] as string;
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (t[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        stack.push(c === '{' ? 1 : 0);
        if (c === '{' && !key()) return i;
        continue;
      }
      if (c === '"') {
        if (!str()) return i;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUM.lastIndex = i;
        const m = NUM.exec(t);
        if (!m) return i;
        i += m[0].length;
      } else {
        const lit = t.startsWith('true', i)
          ? 4
          : t.startsWith('false', i)
            ? 5
            : t.startsWith('null', i)
              ? 4
              : 0;
        if (!lit) return i;
        i += lit;
      }
      expectValue = false;
      continue;
    }
    if (stack.length === 0) return i < n ? i : -1;
    const top = stack[stack.length - 1];
    const c = t[i];
    if (c === ',') {
      i++;
      if (top === 1 && !key()) return i;
      expectValue = true;
    } else if ((top === 0 && c === ']') || (top === 1 && c === '}')) {
      i++;
      stack.pop();
    } else return i;
  }
}

/** Formats a JSON.parse failure with the position of the error as offset and line:column. */
export function jsonErrorReason(text: string, err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err))
    .replace(/\s*(in JSON )?at position \d+.*$/, '')
    .replace(/\s+/g, ' ');
  const pos = jsonErrorPosition(text);
  if (pos < 0) return `broken JSON: ${msg}`;
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `broken JSON at position ${pos} (line ${line}, column ${col}): ${msg}`;
}

function readPosition(p: unknown, out: number[]): void {
  if (!Array.isArray(p) || p.length < 2)
    throw new FeatureError(`a position is not an array of ≥ 2 numbers: ${short(p)}`);
  const lon = p[0] as unknown;
  const lat = p[1] as unknown;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new FeatureError(`coordinate ${short(p)} is not a pair of finite numbers`);
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw new ProjectedError(lon, lat);
  out.push(lon, lat);
}

function readLine(c: unknown, minPoints: number, what: string): Float64Array {
  if (!Array.isArray(c)) throw new FeatureError(`${what} coordinates are not an array`);
  const tmp: number[] = [];
  for (const p of c) readPosition(p, tmp);
  if (tmp.length / 2 < minPoints)
    throw new FeatureError(`${what} has ${tmp.length / 2} positions (needs ≥ ${minPoints})`);
  return Float64Array.from(tmp);
}

function readPolygon(c: unknown): Float64Array[] {
  if (!Array.isArray(c) || c.length === 0) throw new FeatureError('polygon has no rings');
  return c.map((ring, r) => readLine(ring, 3, r === 0 ? 'outer ring' : `ring ${r}`));
}

function readGeometry(g: unknown): { geom: Geom; type: string } {
  if (typeof g !== 'object' || g === null) throw new FeatureError('feature has no geometry');
  const o = g as Record<string, unknown>;
  const type = String(o.type);
  const c = o.coordinates;
  switch (type) {
    case 'Point': {
      const tmp: number[] = [];
      readPosition(c, tmp);
      return { geom: { type: 'point', points: Float64Array.from(tmp) }, type };
    }
    case 'MultiPoint':
      return { geom: { type: 'point', points: readLine(c, 1, 'MultiPoint') }, type };
    case 'LineString':
      return { geom: { type: 'line', parts: [readLine(c, 2, 'LineString')] }, type };
    case 'MultiLineString':
      if (!Array.isArray(c) || c.length === 0) throw new FeatureError('MultiLineString has no lines');
      return { geom: { type: 'line', parts: c.map((l, i) => readLine(l, 2, `line ${i}`)) }, type };
    case 'Polygon':
      return { geom: { type: 'polygon', polys: [readPolygon(c)] }, type };
    case 'MultiPolygon':
      if (!Array.isArray(c) || c.length === 0) throw new FeatureError('MultiPolygon has no polygons');
      return { geom: { type: 'polygon', polys: c.map(readPolygon) }, type };
    case 'GeometryCollection':
      throw new FeatureError('GeometryCollection is not supported (split it into features)');
    default:
      throw new FeatureError(`unknown geometry type ${short(o.type)}`);
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function featureId(
  fileName: string,
  index: number,
  f: Record<string, unknown>,
  props: Record<string, unknown>,
): string {
  for (const v of [props.id, f.id, props['@id']]) {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return `${fileName}#${index}`;
}

/**
 * Parses one GeoJSON file (FeatureCollection, Feature or bare geometry). Returns its features, or null after
 * logging a fatal message (broken JSON, empty, projected, no features). `attribution` is the file's own, if any;
 * `synthetic` is true when the collection declares `"synthetic": true` (generated data, not a real place).
 */
export function parseGeoJson(
  fileName: string,
  text: string,
  log: MessageLog,
): { features: RawFeature[]; attribution: string | null; synthetic: boolean } | null {
  if (text.trim() === '') {
    log.add('fatal', 'empty-file', fileName, 'file is empty');
    return null;
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    log.add('fatal', 'broken-json', fileName, jsonErrorReason(text, err));
    return null;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    log.add('fatal', 'not-geojson', fileName, 'not GeoJSON: the top level is not an object');
    return null;
  }
  const top = root as Record<string, unknown>;
  const crs = top.crs as { properties?: { name?: unknown } } | undefined | null;
  if (crs !== undefined && crs !== null) {
    const name = typeof crs === 'object' ? crs.properties?.name : undefined;
    if (typeof name !== 'string' || !WGS84_CRS.test(name.trim())) {
      log.add(
        'fatal',
        'projected-crs',
        fileName,
        `declares projected CRS ${short(name ?? crs)}: reproject the file to EPSG:4326 (WGS84 lon/lat), e.g. ogr2ogr -t_srs EPSG:4326`,
      );
      return null;
    }
  }
  let list: unknown[];
  if (top.type === 'FeatureCollection') {
    if (!Array.isArray(top.features)) {
      log.add('fatal', 'not-geojson', fileName, 'FeatureCollection has no "features" array');
      return null;
    }
    list = top.features;
  } else if (top.type === 'Feature') list = [top];
  else if (typeof top.type === 'string' && GEOMETRY_TYPES.has(top.type))
    list = [{ type: 'Feature', geometry: top, properties: {} }];
  else {
    log.add('fatal', 'not-geojson', fileName, `not GeoJSON: top-level type ${short(top.type)}`);
    return null;
  }
  if (list.length === 0) {
    log.add('fatal', 'no-features', fileName, 'file has no features');
    return null;
  }

  const out: RawFeature[] = [];
  for (let index = 0; index < list.length; index++) {
    const f = list[index];
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      log.add('error', 'bad-feature', fileName, 'feature is not an object', {
        index,
        id: `${fileName}#${index}`,
      });
      continue;
    }
    const fo = f as Record<string, unknown>;
    const pr = fo.properties;
    const props =
      typeof pr === 'object' && pr !== null && !Array.isArray(pr) ? (pr as Record<string, unknown>) : {};
    const id = featureId(fileName, index, fo, props);
    try {
      const { geom, type } = readGeometry(fo.geometry);
      out.push({ file: fileName, index, id, props, geom, geometryType: type });
    } catch (err) {
      if (err instanceof ProjectedError) {
        log.add(
          'fatal',
          'projected-coordinates',
          fileName,
          `coordinate [${err.lon}, ${err.lat}] outside lon ±180 / lat ±90: the file looks projected; reproject it to EPSG:4326 (WGS84 lon/lat)`,
          { index, id },
        );
        return null;
      }
      if (err instanceof FeatureError) {
        log.add('error', 'bad-geometry', fileName, `${err.message}; feature skipped`, { index, id });
        continue;
      }
      throw err;
    }
  }
  return {
    features: out,
    attribution: typeof top.attribution === 'string' ? top.attribution : null,
    synthetic: top.synthetic === true,
  };
}
