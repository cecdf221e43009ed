/**
 * Generated features and their GeoJSON text. The generator works in a flat "city frame" (metres east/north of the
 * city centre, before the city's overall rotation); this module rotates and projects to WGS84 lon/lat only when it
 * writes text, so every vertex that two roads share is computed once and prints to the identical string.
 */
import { createLocalFrame, localM, type LonLat } from '../geo/projection.ts';

/** A point in city-frame metres. */
export interface GenPoint {
  readonly type: 'Point';
  readonly x: number;
  readonly y: number;
}
/** A polyline: interleaved x,y city-frame metres. */
export interface GenLine {
  readonly type: 'LineString';
  readonly xy: readonly number[];
}
/** A polygon: open rings (first vertex not repeated), outer ring counter-clockwise, interleaved x,y metres. */
export interface GenPolygon {
  readonly type: 'Polygon';
  readonly rings: readonly (readonly number[])[];
}
/** Any generated geometry. */
export type GenGeometry = GenPoint | GenLine | GenPolygon;

/** One generated feature: geometry plus OSM-style string tags (docs/generator.md, TAGS conventions). */
export interface GenFeature {
  readonly geometry: GenGeometry;
  readonly tags: Readonly<Record<string, string>>;
}

/** Maps city-frame metres to output lon/lat: rotation about the centre by `rotationRad`, then the local frame. */
export interface OutputTransform {
  readonly origin: LonLat;
  readonly rotationRad: number;
  /** Written as the FeatureCollection's `attribution` member (the importer records it in the scene). */
  readonly attribution?: string;
}

/** Decimal places of printed lon/lat: 1e-7° ≈ 1.1 cm, far below any footprint edge (≥ 4 m). */
const COORD_DECIMALS = 7;

/** Creates the city-frame → [lon, lat] function for `t` (allocates the result pair). */
export function makeProjector(t: OutputTransform): (x: number, y: number) => [number, number] {
  const frame = createLocalFrame(t.origin);
  const c = Math.cos(t.rotationRad);
  const s = Math.sin(t.rotationRad);
  return (x, y) => {
    const ll = frame.toLonLat(localM(x * c - y * s, x * s + y * c));
    return [ll[0], ll[1]];
  };
}

/** Rotates a city-frame direction vector into east/north and returns its compass bearing in degrees [0, 360). */
export function bearingDeg(t: OutputTransform, dx: number, dy: number): number {
  const c = Math.cos(t.rotationRad);
  const s = Math.sin(t.rotationRad);
  const east = dx * c - dy * s;
  const north = dx * s + dy * c;
  const deg = (Math.atan2(east, north) * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

/**
 * Writes `features` as one GeoJSON FeatureCollection, one feature per line, in chunks of about 1 MB to `sink`.
 * Polygon rings are closed on output. Returns the number of characters written.
 */
export function writeFeatureCollection(
  features: readonly GenFeature[],
  t: OutputTransform,
  sink: (chunk: string) => void,
): number {
  const project = makeProjector(t);
  const coord = (x: number, y: number): string => {
    const [lon, lat] = project(x, y);
    return `[${lon.toFixed(COORD_DECIMALS)},${lat.toFixed(COORD_DECIMALS)}]`;
  };
  const line = (xy: readonly number[], close: boolean): string => {
    const parts: string[] = [];
    for (let i = 0; i + 1 < xy.length; i += 2) parts.push(coord(xy[i] as number, xy[i + 1] as number));
    if (close && xy.length >= 2) parts.push(coord(xy[0] as number, xy[1] as number));
    return `[${parts.join(',')}]`;
  };
  let total = 0;
  // Generated data says so in the file itself: the importer labels a scene synthetic when all its files do.
  const attribution =
    t.attribution === undefined ? '' : `"attribution":${JSON.stringify(t.attribution)},"synthetic":true,`;
  let buf = `{"type":"FeatureCollection",${attribution}"features":[\n`;
  for (let i = 0; i < features.length; i++) {
    const f = features[i] as GenFeature;
    const g = f.geometry;
    let geom: string;
    switch (g.type) {
      case 'Point':
        geom = `{"type":"Point","coordinates":${coord(g.x, g.y)}}`;
        break;
      case 'LineString':
        geom = `{"type":"LineString","coordinates":${line(g.xy, false)}}`;
        break;
      case 'Polygon':
        geom = `{"type":"Polygon","coordinates":[${g.rings.map((r) => line(r, true)).join(',')}]}`;
        break;
      default: {
        const never: never = g;
        throw new Error(`unknown geometry ${String(never)}`);
      }
    }
    buf += `{"type":"Feature","properties":${JSON.stringify(f.tags)},"geometry":${geom}}`;
    buf += i + 1 < features.length ? ',\n' : '\n';
    if (buf.length > 1 << 20) {
      total += buf.length;
      sink(buf);
      buf = '';
    }
  }
  buf += ']}\n';
  total += buf.length;
  sink(buf);
  return total;
}

/** The whole FeatureCollection as one string (tests and small cities). */
export function featureCollectionText(features: readonly GenFeature[], t: OutputTransform): string {
  const parts: string[] = [];
  writeFeatureCollection(features, t, (c) => parts.push(c));
  return parts.join('');
}
