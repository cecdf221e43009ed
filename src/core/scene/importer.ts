/**
 * GIS → CityModel importer (docs/gis-tags.md, docs/scene-format.md). Pure: takes file names and texts, returns the
 * model and a report; reading files and writing the package live in src/node/scenePackage.ts.
 *
 * Pipeline: parse each file (fatal problems stop the import) → classify every feature by its tags → bbox → local
 * frame (origin = bbox centre unless given) → per category: validate/repair geometry, derive missing attributes and
 * count what was derived → road network → snapping (signals, sensors, power lines) → virtual sensors → terrain.
 */
import { createLocalFrame, localM, lonLat } from '../geo/projection.ts';
import type { LocalFrame, LonLat } from '../geo/projection.ts';
import { parseGeoJson } from '../gis/geojson.ts';
import type { Geom, RawFeature } from '../gis/geojson.ts';
import { cleanPolygon, ringCentroid } from '../gis/polygon.ts';
import { MAX_PER_CODE, MessageLog } from '../gis/report.ts';
import type { ImportMessage, MessageLevel } from '../gis/report.ts';
import { bearingDiffDeg, PointGrid, PolylineGrid } from '../gis/spatial.ts';
import { classify, featureName, STOREY_HEIGHT_M } from '../gis/tags.ts';
import type { Classified, GeomFamily } from '../gis/tags.ts';
import { buildNetwork } from './network.ts';
import type { RoadPiece } from './network.ts';
import { contoursToTerrain, sampleTerrain } from './terrain.ts';
import type { ContourLine } from './terrain.ts';
import { BuildingRole, HeightSource, NO_INDEX, PoiKind, PowerKind, RoadClass, SensorKind } from './types.ts';
import type { CityModel, FeatureName, ImportStats, SceneMeta } from './types.ts';

export type { ImportMessage, MessageLevel } from '../gis/report.ts';

/** Importer categories, as counted in the summary. */
export const CATEGORIES = [
  'building',
  'road',
  'nonRoutable',
  'area',
  'power',
  'powerLine',
  'sensor',
  'poi',
  'zone',
  'contour',
  'ignored',
  'unknown',
] as const;
/** One importer category. */
export type Category = (typeof CATEGORIES)[number];

/** Per category: features kept (some of them repaired) and skipped. */
export interface CategoryCounts {
  kept: number;
  repaired: number;
  skipped: number;
}

/** Counts of what the import kept, derived, repaired and skipped. */
export interface ImportSummary {
  featuresRead: number;
  categories: Record<Category, CategoryCounts>;
  /** Output volumes (MultiPolygon buildings give one per polygon). */
  buildingVolumes: number;
  buildingParts: number;
  buildingOutlines: number;
  heights: { given: number; levels: number; useClass: number };
  /** Polygons whose ring orientation was reversed (a convention fix, not counted as a repair). */
  reoriented: number;
  nodes: number;
  links: number;
  lanesDerived: number;
  speedsDerived: number;
  signalisedNodes: number;
  virtualSensors: { roadLoops: number; substationMeters: number };
  terrain: { nx: number; ny: number; cellM: number } | null;
}

/** The import report: messages (the first MAX_PER_CODE per reason), how many were suppressed, and the summary. */
export interface ImportReport {
  readonly messages: readonly ImportMessage[];
  readonly suppressed: number;
  /** Every reason code with its level and total count (shown + suppressed). */
  readonly byCode: readonly { readonly code: string; readonly level: MessageLevel; readonly count: number }[];
  readonly summary: ImportSummary;
}

/** Result of {@link importGeoJson}: a model only when no fatal problem was found. */
export type ImportResult =
  | { readonly ok: true; readonly model: CityModel; readonly report: ImportReport }
  | { readonly ok: false; readonly report: ImportReport };

/** Options of {@link importGeoJson}. `importedAt` is an ISO time supplied by the caller (core has no clock). */
export interface ImportOptions {
  readonly name: string;
  readonly title?: { readonly zh: string; readonly en: string };
  readonly synthetic?: boolean;
  readonly generator?: { readonly seed: number; readonly buildings: number };
  readonly importedAt: string;
  readonly origin?: LonLat;
}

/** Snap radius for traffic_signals → road node, metres (TAGS.md). */
export const SIGNAL_SNAP_M = 25;
/** Snap radius for sensors → links, power-line ends → assets, meters → substations, metres. */
export const SNAP_M = 50;
/** A road loop with a `direction` matches a link whose bearing is within this many degrees. */
export const LOOP_BEARING_TOLERANCE_DEG = 60;
/** Spacing of virtual loop detectors along a road, per direction, metres. */
export const VIRTUAL_LOOP_SPACING_M = 400;
/** Roads shorter than this (per way and direction) get no virtual loop. */
const VIRTUAL_LOOP_MIN_M = 100;

const DEFAULT_ATTRIBUTION = 'Source data: see the input files';

function emptySummary(): ImportSummary {
  const categories = {} as Record<Category, CategoryCounts>;
  for (const c of CATEGORIES) categories[c] = { kept: 0, repaired: 0, skipped: 0 };
  return {
    featuresRead: 0,
    categories,
    buildingVolumes: 0,
    buildingParts: 0,
    buildingOutlines: 0,
    heights: { given: 0, levels: 0, useClass: 0 },
    reoriented: 0,
    nodes: 0,
    links: 0,
    lanesDerived: 0,
    speedsDerived: 0,
    signalisedNodes: 0,
    virtualSensors: { roadLoops: 0, substationMeters: 0 },
    terrain: null,
  };
}

/** Which geometry families each category accepts. */
const ACCEPTS: Record<Exclude<Category, 'ignored' | 'unknown'>, readonly GeomFamily[]> = {
  building: ['polygon'],
  road: ['line'],
  nonRoutable: ['line', 'polygon', 'point'],
  area: ['polygon'],
  power: ['point', 'polygon'],
  powerLine: ['line'],
  sensor: ['point'],
  poi: ['point', 'polygon'],
  zone: ['polygon'],
  contour: ['line'],
};

/** Growable column builders for a PolygonSet. */
class PolyBuilder {
  readonly polyStart: number[] = [0];
  readonly ringStart: number[] = [0];
  readonly xy: number[] = [];
  add(rings: readonly Float64Array[]): void {
    for (const r of rings) {
      for (let i = 0; i < r.length; i++) this.xy.push(r[i] as number);
      this.ringStart.push(this.xy.length / 2);
    }
    this.polyStart.push(this.ringStart.length - 1);
  }
  get count(): number {
    return this.polyStart.length - 1;
  }
  build(): { count: number; polyStart: Uint32Array; ringStart: Uint32Array; xy: Float32Array } {
    return {
      count: this.count,
      polyStart: Uint32Array.from(this.polyStart),
      ringStart: Uint32Array.from(this.ringStart),
      xy: Float32Array.from(this.xy),
    };
  }
}

function toLocal(frame: LocalFrame, ll: Float64Array): Float64Array {
  const out = new Float64Array(ll.length);
  frame.toLocalArray(ll, out);
  return out;
}

function tagSummary(p: Readonly<Record<string, unknown>>): string {
  const skip = new Set(['id', 'name', 'source', 'sort_rank', 'min_zoom', 'source_tiles', 'collision_rank']);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (
      skip.has(k) ||
      k.startsWith('name:') ||
      (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    ) {
      continue;
    }
    parts.push(`${k}=${String(v)}`);
    if (parts.length === 4) break;
  }
  return parts.length ? parts.join(', ') : 'no tags';
}

/** Imports GeoJSON texts into a CityModel; never throws on bad input (problems go into the report). */
export function importGeoJson(
  inputs: readonly { readonly fileName: string; readonly text: string }[],
  opts: ImportOptions,
): ImportResult {
  const log = new MessageLog();
  const summary = emptySummary();
  const report = (): ImportReport => ({
    messages: log.messages,
    suppressed: log.suppressed,
    byCode: [...log.byCode.entries()].map(([code, v]) => ({ code, level: v.level, count: v.count })),
    summary,
  });
  if (inputs.length === 0) {
    log.add('fatal', 'no-input', '(none)', 'no input files');
    return { ok: false, report: report() };
  }

  // 1. Parse.
  const features: RawFeature[] = [];
  const attributions = new Set<string>();
  // A scene is synthetic when every input file declares itself synthetic (as generate-city's files do), so
  // re-importing generated GIS keeps its "synthetic demo city" label; one real file makes the scene real.
  let allSynthetic = inputs.length > 0;
  for (const input of inputs) {
    const parsed = parseGeoJson(input.fileName, input.text, log);
    if (!parsed) continue;
    allSynthetic &&= parsed.synthetic;
    summary.featuresRead += parsed.features.length;
    for (const f of parsed.features) features.push(f);
    if (parsed.attribution) attributions.add(parsed.attribution);
  }
  if (log.hasFatal) return { ok: false, report: report() };
  summary.featuresRead += log.byCode.get('bad-geometry')?.count ?? 0;
  summary.featuresRead += log.byCode.get('bad-feature')?.count ?? 0;
  summary.categories.unknown.skipped +=
    (log.byCode.get('bad-geometry')?.count ?? 0) + (log.byCode.get('bad-feature')?.count ?? 0);

  // 2. Classify.
  const kept: { f: RawFeature; c: Exclude<Classified, { cat: 'ignored' | 'unknown' | 'nonRoutable' }> }[] =
    [];
  for (const f of features) {
    const ref = { index: f.index, id: f.id };
    const c = classify(f.props, f.geom.type, (code, reason) => log.add('warning', code, f.file, reason, ref));
    switch (c.cat) {
      case 'unknown':
        summary.categories.unknown.skipped++;
        log.add(
          'warning',
          'unknown-tags',
          f.file,
          `matches no category (${tagSummary(f.props)}); skipped`,
          ref,
        );
        continue;
      case 'ignored':
        summary.categories.ignored.skipped++;
        log.add('info', 'not-used', f.file, `${c.what} is not used by the twin; skipped`, ref);
        continue;
      case 'nonRoutable':
        summary.categories.nonRoutable.skipped++;
        log.add('info', 'not-routable', f.file, `${c.what} is not a vehicle road; skipped`, ref);
        continue;
      default:
        if (!ACCEPTS[c.cat].includes(f.geom.type)) {
          summary.categories[c.cat].skipped++;
          log.add(
            'warning',
            'wrong-geometry',
            f.file,
            `a ${c.cat} needs ${ACCEPTS[c.cat].join(' or ')} geometry, got ${f.geometryType}; skipped`,
            ref,
          );
          continue;
        }
        kept.push({ f, c });
    }
  }

  // 3. Extent and local frame.
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const grow = (a: Float64Array): void => {
    for (let i = 0; i < a.length; i += 2) {
      const x = a[i] as number;
      const y = a[i + 1] as number;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  };
  const eachArray = (g: Geom, fn: (a: Float64Array) => void): void => {
    if (g.type === 'point') fn(g.points);
    else if (g.type === 'line') g.parts.forEach(fn);
    else for (const p of g.polys) p.forEach(fn);
  };
  for (const k of kept) eachArray(k.f.geom, grow);
  if (kept.length === 0) {
    log.add(
      'fatal',
      'nothing-to-import',
      inputs.map((i) => i.fileName).join(', '),
      'no feature matched a category the twin uses',
    );
    return { ok: false, report: report() };
  }
  const origin = opts.origin ?? lonLat((w + e) / 2, (s + n) / 2);
  const frame = createLocalFrame(origin);
  const c0 = frame.toLocal(lonLat(w, s));
  const c1 = frame.toLocal(lonLat(e, n));
  const extentM = { minX: c0[0], minY: c0[1], maxX: c1[0], maxY: c1[1] };
  const where = (x: number, y: number): string => {
    const ll = frame.toLonLat(localM(x, y));
    return `${ll[0].toFixed(7)}, ${ll[1].toFixed(7)}`;
  };

  // 4. Per category.
  const bPoly = new PolyBuilder();
  const bHeight: number[] = [];
  const bMin: number[] = [];
  const bLevels: number[] = [];
  const bUse: number[] = [];
  const bSrc: number[] = [];
  const bArea: number[] = [];
  const bRole: number[] = [];
  const bId: string[] = [];
  const bNames = new Map<number, FeatureName>();
  const bCentroid: number[] = [];
  const partRoots = new Set<string>();

  const aPoly = new PolyBuilder();
  const aKind: number[] = [];
  const aNames = new Map<number, FeatureName>();

  const zPoly = new PolyBuilder();
  const zLevel: number[] = [];
  const zRef: (string | null)[] = [];
  const zParentRef: (string | null)[] = [];
  const zId: string[] = [];
  const zNames = new Map<number, FeatureName>();

  const pieces: RoadPiece[] = [];
  const ways: { sourceId: string; name?: FeatureName }[] = [];

  const poiKind: number[] = [];
  const poiXY: number[] = [];
  const poiCap: number[] = [];
  const poiId: string[] = [];
  const poiNames = new Map<number, FeatureName>();
  const signalXY: number[] = [];

  const pwKind: number[] = [];
  const pwXY: number[] = [];
  const pwRating: number[] = [];
  const pwEnergy: number[] = [];
  const pwVolt: number[] = [];
  const pwId: string[] = [];
  const pwNames = new Map<number, FeatureName>();
  const plLines: { xy: Float64Array; voltageKV: number; id: string }[] = [];

  const sensorsIn: { kind: number; x: number; y: number; id: string; dir: number | null; f: RawFeature }[] =
    [];
  const contours: ContourLine[] = [];

  /** Validates each polygon of a feature; returns the cleaned polygons (empty when all were rejected). */
  const cleanFeature = (f: RawFeature, cat: Category): { rings: Float64Array[]; areaM2: number }[] => {
    const g = f.geom;
    if (g.type !== 'polygon') return [];
    const out: { rings: Float64Array[]; areaM2: number }[] = [];
    let repaired = false;
    g.polys.forEach((poly, pi) => {
      const r = cleanPolygon(poly.map((ring) => toLocal(frame, ring)));
      const part = g.polys.length > 1 ? `polygon ${pi}: ` : '';
      if (!r.ok) {
        const at = r.at ? ` near ${where(r.at.x, r.at.y)}` : '';
        log.add('error', r.code, f.file, `${part}${r.reason}${at}; skipped`, { index: f.index, id: f.id });
        return;
      }
      if (r.repairs.length) {
        repaired = true;
        log.add('info', 'repaired', f.file, `${part}${r.repairs.join('; ')}`, { index: f.index, id: f.id });
      }
      if (r.reoriented) summary.reoriented++;
      out.push({ rings: r.rings, areaM2: r.areaM2 });
    });
    if (out.length === 0) summary.categories[cat].skipped++;
    else {
      summary.categories[cat].kept++;
      if (repaired) summary.categories[cat].repaired++;
    }
    return out;
  };
  /** A point for point-or-polygon features: the point(s), or the outer ring's centroid. */
  const anchor = (f: RawFeature): [number, number][] => {
    const g = f.geom;
    if (g.type === 'point') {
      const l = toLocal(frame, g.points);
      const pts: [number, number][] = [];
      for (let i = 0; i < l.length; i += 2) pts.push([l[i] as number, l[i + 1] as number]);
      return pts;
    }
    if (g.type === 'polygon' && g.polys[0]?.[0]) {
      const ring = toLocal(frame, g.polys[0][0]);
      return [ringCentroid(ring, 0, ring.length)];
    }
    return [];
  };

  for (const { f, c } of kept) {
    const name = featureName(f.props);
    switch (c.cat) {
      case 'building': {
        const polys = cleanFeature(f, 'building');
        polys.forEach((p, pi) => {
          const i = bPoly.count;
          bPoly.add(p.rings);
          let heightM: number;
          let src: HeightSource;
          if (c.heightM !== null && c.heightM > 0) {
            heightM = c.heightM;
            src = HeightSource.given;
          } else if (c.levels !== null && c.levels > 0) {
            heightM = c.levels * STOREY_HEIGHT_M;
            src = HeightSource.levels;
          } else {
            heightM = c.defaultHeightM;
            src = HeightSource.useClass;
          }
          let minM = c.minHeightM ?? (c.minLevel !== null ? c.minLevel * STOREY_HEIGHT_M : 0);
          if (minM >= heightM && src !== HeightSource.given) {
            // A raised part (min_height only, e.g. a tower's top section): the derived height is its own thickness.
            heightM += minM;
          } else if (minM >= heightM) {
            log.add(
              'warning',
              'bad-height',
              f.file,
              `min_height ${minM} m ≥ height ${heightM} m; min_height set to 0`,
              {
                index: f.index,
                id: f.id,
              },
            );
            minM = 0;
          }
          if (pi === 0) {
            if (src === HeightSource.given) summary.heights.given++;
            else if (src === HeightSource.levels) summary.heights.levels++;
            else summary.heights.useClass++;
          }
          bHeight.push(heightM);
          bMin.push(minM);
          bLevels.push(Math.min(65535, c.levels ?? 0));
          bUse.push(c.use);
          bSrc.push(src);
          bArea.push(p.areaM2);
          bRole.push(c.isPart ? BuildingRole.part : BuildingRole.whole);
          bId.push(pi === 0 ? f.id : `${f.id}#${pi}`);
          if (name) bNames.set(i, name);
          const outer = p.rings[0] as Float64Array;
          const [cx, cy] = ringCentroid(outer, 0, outer.length);
          bCentroid.push(cx, cy);
          if (c.isPart && c.rootId !== null) partRoots.add(c.rootId);
        });
        break;
      }
      case 'area': {
        for (const p of cleanFeature(f, 'area')) {
          if (name) aNames.set(aPoly.count, name);
          aPoly.add(p.rings);
          aKind.push(c.kind);
        }
        break;
      }
      case 'zone': {
        cleanFeature(f, 'zone').forEach((p, pi) => {
          if (name) zNames.set(zPoly.count, name);
          zPoly.add(p.rings);
          zLevel.push(c.level);
          zRef.push(c.ref);
          zParentRef.push(c.parentRef);
          zId.push(pi === 0 ? f.id : `${f.id}#${pi}`);
        });
        break;
      }
      case 'road': {
        if (f.geom.type !== 'line') break;
        const way = ways.length;
        ways.push(name ? { sourceId: f.id, name } : { sourceId: f.id });
        for (const part of f.geom.parts) {
          pieces.push({
            xy: toLocal(frame, part),
            way,
            roadClass: c.roadClass,
            oneway: c.oneway,
            lanesForward: c.lanesForward,
            lanesBackward: c.lanesBackward,
            speedKph: c.speedKph,
            isBridge: c.isBridge,
            isTunnel: c.isTunnel,
            isBusRoute: c.isBusRoute,
          });
        }
        summary.categories.road.kept++;
        break;
      }
      case 'poi': {
        const pts = anchor(f);
        pts.forEach(([x, y], k) => {
          if (name) poiNames.set(poiKind.length, name);
          poiKind.push(c.kind);
          poiXY.push(x, y);
          poiCap.push(c.capacity);
          poiId.push(k === 0 ? f.id : `${f.id}#${k}`);
          if (c.kind === PoiKind.trafficSignal) signalXY.push(x, y);
        });
        if (c.alsoArea !== null) {
          for (const p of cleanFeature(f, 'area')) {
            if (name) aNames.set(aPoly.count, name);
            aPoly.add(p.rings);
            aKind.push(c.alsoArea);
          }
        }
        summary.categories.poi.kept++;
        break;
      }
      case 'power': {
        const pts = anchor(f);
        pts.forEach(([x, y], k) => {
          if (name) pwNames.set(pwKind.length, name);
          pwKind.push(c.kind);
          pwXY.push(x, y);
          pwRating.push(c.ratingMW);
          pwEnergy.push(c.energyMWh);
          pwVolt.push(c.voltageKV);
          pwId.push(k === 0 ? f.id : `${f.id}#${k}`);
        });
        summary.categories.power.kept++;
        break;
      }
      case 'powerLine': {
        if (f.geom.type !== 'line') break;
        f.geom.parts.forEach((part, k) =>
          plLines.push({
            xy: toLocal(frame, part),
            voltageKV: c.voltageKV,
            id: k === 0 ? f.id : `${f.id}#${k}`,
          }),
        );
        summary.categories.powerLine.kept++;
        break;
      }
      case 'sensor': {
        for (const [x, y] of anchor(f)) {
          sensorsIn.push({ kind: c.kind, x, y, id: `sensor:${c.ref ?? f.id}`, dir: c.directionDeg, f });
        }
        summary.categories.sensor.kept++;
        break;
      }
      case 'contour': {
        if (f.geom.type !== 'line') break;
        for (const part of f.geom.parts) contours.push({ xy: toLocal(frame, part), eleM: c.eleM });
        summary.categories.contour.kept++;
        break;
      }
      default: {
        const never: never = c;
        throw new Error(`unhandled category ${JSON.stringify(never)}`);
      }
    }
  }

  // 5. Buildings: outlines that have parts (Simple 3D Buildings: draw the parts, not the outline).
  for (let i = 0; i < bId.length; i++) {
    if (bRole[i] === BuildingRole.whole && partRoots.has(bId[i] as string)) bRole[i] = BuildingRole.outline;
  }
  summary.buildingVolumes = bId.length;
  summary.buildingParts = bRole.filter((r) => r === BuildingRole.part).length;
  summary.buildingOutlines = bRole.filter((r) => r === BuildingRole.outline).length;

  // 6. Road network and signals.
  const built = buildNetwork(pieces, ways);
  const net = built.network;
  summary.nodes = net.nodeCount;
  summary.links = net.linkCount;
  summary.lanesDerived = built.lanesDerived;
  summary.speedsDerived = built.speedsDerived;
  if (signalXY.length && net.nodeCount) {
    const nodeGrid = new PointGrid(net.nodeXY, SIGNAL_SNAP_M);
    for (let i = 0; i < signalXY.length; i += 2) {
      const k = nodeGrid.nearest(signalXY[i] as number, signalXY[i + 1] as number, SIGNAL_SNAP_M);
      if (k >= 0) net.nodeSignal[k] = 1;
    }
  }
  for (let i = 0; i < net.nodeCount; i++) summary.signalisedNodes += net.nodeSignal[i] as number;

  // 7. Sensors: given ones (road loops snapped to links), then virtual ones.
  const sKind: number[] = [];
  const sXY: number[] = [];
  const sLink: number[] = [];
  const sId: string[] = [];
  const linkGrid = net.linkCount ? new PolylineGrid(net.geomStart, net.geomXY, SNAP_M) : null;
  const seenIds = new Set<string>();
  for (const si of sensorsIn) {
    let link = NO_INDEX;
    if (si.kind === SensorKind.roadLoop) {
      const hit = linkGrid?.nearest(si.x, si.y, SNAP_M, (_l, bearing) =>
        si.dir === null ? true : bearingDiffDeg(bearing, si.dir) <= LOOP_BEARING_TOLERANCE_DEG,
      );
      if (hit) link = hit.line;
      else {
        log.add(
          'warning',
          'sensor-unsnapped',
          si.f.file,
          `road loop ${si.id} has no road link within ${SNAP_M} m${si.dir !== null ? ` running ${si.dir}° ± ${LOOP_BEARING_TOLERANCE_DEG}°` : ''}; kept without a link`,
          { index: si.f.index, id: si.f.id },
        );
      }
    }
    let id = si.id;
    if (seenIds.has(id)) {
      log.add(
        'warning',
        'duplicate-id',
        si.f.file,
        `sensor id ${id} is used twice; renamed to ${id}#${sId.length}`,
        {
          index: si.f.index,
          id: si.f.id,
        },
      );
      id = `${id}#${sId.length}`;
    }
    seenIds.add(id);
    sKind.push(si.kind);
    sXY.push(si.x, si.y);
    sLink.push(link);
    sId.push(id);
  }
  const pad4 = (k: number): string => String(k).padStart(4, '0');
  if (!sKind.includes(SensorKind.roadLoop) && net.linkCount) {
    // One loop per direction every ~400 m of each main road (class ≤ tertiary), spaced evenly along its way.
    const groups = new Map<number, number[]>();
    for (let l = 0; l < net.linkCount; l++) {
      if ((net.linkClass[l] as number) > RoadClass.tertiary) continue;
      const g = (net.linkWay[l] as number) * 2 + (built.linkReversed[l] as number);
      const list = groups.get(g);
      if (list) list.push(l);
      else groups.set(g, [l]);
    }
    const keys = [...groups.keys()].sort((a, b) => a - b);
    for (const g of keys) {
      const links = groups.get(g) as number[];
      let total = 0;
      for (const l of links) total += net.lengthM[l] as number;
      if (total < VIRTUAL_LOOP_MIN_M) continue;
      const count = Math.max(1, Math.round(total / VIRTUAL_LOOP_SPACING_M));
      let li = 0;
      let acc = 0;
      for (let k = 0; k < count; k++) {
        const pos = ((k + 0.5) * total) / count;
        while (li < links.length - 1 && acc + (net.lengthM[links[li] as number] as number) < pos) {
          acc += net.lengthM[links[li] as number] as number;
          li++;
        }
        const l = links[li] as number;
        const [x, y] = pointAlong(net.geomStart, net.geomXY, l, pos - acc);
        summary.virtualSensors.roadLoops++;
        sKind.push(SensorKind.roadLoop);
        sXY.push(x, y);
        sLink.push(l);
        sId.push(`sensor:V${pad4(summary.virtualSensors.roadLoops)}`);
      }
    }
    if (summary.virtualSensors.roadLoops) {
      log.add(
        'info',
        'virtual-sensors',
        '(scene)',
        `no road_loop sensors in the input: placed ${summary.virtualSensors.roadLoops} virtual loop detectors (sensor:V0001…) every ~${VIRTUAL_LOOP_SPACING_M} m per direction on roads of class ≤ tertiary`,
      );
    }
  }
  {
    const meters: number[] = [];
    sKind.forEach((k, i) => {
      if (k === SensorKind.substationMeter) meters.push(sXY[2 * i] as number, sXY[2 * i + 1] as number);
    });
    const meterGrid = new PointGrid(meters, SNAP_M);
    for (let a = 0; a < pwKind.length; a++) {
      if (pwKind[a] !== PowerKind.substation && pwKind[a] !== PowerKind.import) continue;
      const x = pwXY[2 * a] as number;
      const y = pwXY[2 * a + 1] as number;
      if (meterGrid.nearest(x, y, SNAP_M) >= 0) continue;
      summary.virtualSensors.substationMeters++;
      sKind.push(SensorKind.substationMeter);
      sXY.push(x, y);
      sLink.push(NO_INDEX);
      sId.push(`sensor:S${pad4(summary.virtualSensors.substationMeters)}`);
    }
    if (summary.virtualSensors.substationMeters) {
      log.add(
        'info',
        'virtual-sensors',
        '(scene)',
        `placed ${summary.virtualSensors.substationMeters} virtual substation meters (sensor:S0001…) at substations with no meter within ${SNAP_M} m`,
      );
    }
  }

  // 8. Power lines: connect each end to the nearest asset within 50 m.
  const assetGrid = new PointGrid(pwXY, SNAP_M);
  const plStart: number[] = [0];
  const plXY: number[] = [];
  const plFrom: number[] = [];
  const plTo: number[] = [];
  for (const pl of plLines) {
    for (let i = 0; i < pl.xy.length; i++) plXY.push(pl.xy[i] as number);
    plStart.push(plXY.length / 2);
    const a = assetGrid.nearest(pl.xy[0] as number, pl.xy[1] as number, SNAP_M);
    const b = assetGrid.nearest(pl.xy[pl.xy.length - 2] as number, pl.xy[pl.xy.length - 1] as number, SNAP_M);
    plFrom.push(a >= 0 ? a : NO_INDEX);
    plTo.push(b >= 0 ? b : NO_INDEX);
  }

  // 9. Zones: parents by ref.
  const districtByRef = new Map<string, number>();
  zLevel.forEach((lv, i) => {
    const r = zRef[i];
    if (lv === 0 && r != null && !districtByRef.has(r)) districtByRef.set(r, i);
  });
  const zParent = zLevel.map((lv, i) => {
    const pr = zParentRef[i];
    if (lv !== 1 || pr == null) return NO_INDEX;
    const d = districtByRef.get(pr);
    if (d === undefined) {
      log.add(
        'warning',
        'zone-parent',
        '(scene)',
        `grid cell ${zId[i]} names parent district "${pr}", which is not in the input`,
      );
      return NO_INDEX;
    }
    return d;
  });

  // 10. Terrain and building bases.
  const terrain = contoursToTerrain(contours, extentM);
  if (terrain) summary.terrain = { nx: terrain.nx, ny: terrain.ny, cellM: terrain.cellM };
  const baseZ = new Float32Array(bId.length);
  if (terrain)
    for (let i = 0; i < bId.length; i++)
      baseZ[i] = sampleTerrain(terrain, bCentroid[2 * i] as number, bCentroid[2 * i + 1] as number);

  // 11. Assemble.
  let skipped = 0;
  let repaired = 0;
  for (const c of CATEGORIES) {
    if (c === 'ignored' || c === 'nonRoutable') continue; // known and deliberately unused: not "skipped"
    skipped += summary.categories[c].skipped;
    repaired += summary.categories[c].repaired;
  }
  const virtualSensors = summary.virtualSensors.roadLoops + summary.virtualSensors.substationMeters;
  const stats: ImportStats = {
    featuresRead: summary.featuresRead,
    buildings: bId.length,
    heightsGiven: summary.heights.given,
    heightsFromLevels: summary.heights.levels,
    heightsFromUseClass: summary.heights.useClass,
    roadLines: ways.length,
    links: net.linkCount,
    nodes: net.nodeCount,
    lanesDerived: built.lanesDerived,
    speedsDerived: built.speedsDerived,
    repaired,
    skipped,
    warnings: log.byLevel.warning,
    virtualSensors,
  };
  const meta: SceneMeta = {
    name: opts.name,
    title: opts.title ?? { zh: opts.name, en: opts.name },
    synthetic: opts.synthetic ?? allSynthetic,
    attribution: attributions.size ? [...attributions].join(' | ') : DEFAULT_ATTRIBUTION,
    origin: { lon: origin[0], lat: origin[1] },
    bbox: [w, s, e, n],
    extentM,
    stats,
    importedAt: opts.importedAt,
    ...(opts.generator ? { generator: opts.generator } : {}),
  };
  const model: CityModel = {
    meta,
    buildings: {
      ...bPoly.build(),
      heightM: Float32Array.from(bHeight),
      minHeightM: Float32Array.from(bMin),
      baseZM: baseZ,
      levels: Uint16Array.from(bLevels),
      use: Uint8Array.from(bUse),
      heightSource: Uint8Array.from(bSrc),
      areaM2: Float32Array.from(bArea),
      sourceId: bId,
      names: bNames,
      role: Uint8Array.from(bRole),
    },
    roads: net,
    areas: { ...aPoly.build(), kind: Uint8Array.from(aKind), names: aNames },
    power: {
      count: pwKind.length,
      kind: Uint8Array.from(pwKind),
      xy: Float32Array.from(pwXY),
      ratingMW: Float32Array.from(pwRating),
      energyMWh: Float32Array.from(pwEnergy),
      voltageKV: Float32Array.from(pwVolt),
      sourceId: pwId,
      names: pwNames,
      lines: {
        count: plLines.length,
        voltageKV: Float32Array.from(plLines.map((l) => l.voltageKV)),
        geomStart: Uint32Array.from(plStart),
        xy: Float32Array.from(plXY),
        fromAsset: Uint32Array.from(plFrom),
        toAsset: Uint32Array.from(plTo),
        sourceId: plLines.map((l) => l.id),
      },
    },
    sensors: {
      count: sKind.length,
      kind: Uint8Array.from(sKind),
      xy: Float32Array.from(sXY),
      linkIndex: Uint32Array.from(sLink),
      sourceId: sId,
    },
    pois: {
      count: poiKind.length,
      kind: Uint8Array.from(poiKind),
      xy: Float32Array.from(poiXY),
      capacity: Uint32Array.from(poiCap),
      sourceId: poiId,
      names: poiNames,
    },
    zones: {
      ...zPoly.build(),
      level: Uint8Array.from(zLevel),
      parent: Uint32Array.from(zParent),
      sourceId: zId,
      names: zNames,
    },
    terrain,
  };
  return { ok: true, model, report: report() };
}

/** The point `distM` metres along link l's polyline (clamped to its ends). */
function pointAlong(geomStart: Uint32Array, xy: Float32Array, l: number, distM: number): [number, number] {
  const a = geomStart[l] as number;
  const b = geomStart[l + 1] as number;
  let left = Math.max(0, distM);
  for (let v = a; v + 1 < b; v++) {
    const x0 = xy[2 * v] as number;
    const y0 = xy[2 * v + 1] as number;
    const x1 = xy[2 * v + 2] as number;
    const y1 = xy[2 * v + 3] as number;
    const d = Math.hypot(x1 - x0, y1 - y0);
    if (left <= d || v + 2 === b) {
      const t = d > 0 ? Math.min(1, left / d) : 0;
      return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
    }
    left -= d;
  }
  return [xy[2 * a] as number, xy[2 * a + 1] as number];
}

const LABELS: Record<Category, string> = {
  building: 'buildings',
  road: 'roads (routable)',
  nonRoutable: 'non-vehicular lines',
  area: 'areas (water, land use)',
  power: 'power assets',
  powerLine: 'power lines',
  sensor: 'sensors',
  poi: 'POIs',
  zone: 'zones',
  contour: 'contours',
  ignored: 'known, not used',
  unknown: 'unknown / invalid',
};

/** Formats a report for the terminal: summary table, then messages grouped in order, then suppressed counts. */
export function formatReport(report: ImportReport): string {
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`features read: ${s.featuresRead}`);
  if (s.featuresRead) lines.push('category                      kept  repaired   skipped');
  for (const c of CATEGORIES) {
    const k = s.categories[c];
    if (k.kept + k.skipped === 0) continue;
    lines.push(
      `  ${LABELS[c].padEnd(26)}${String(k.kept).padStart(6)}${String(k.repaired).padStart(10)}${String(k.skipped).padStart(10)}`,
    );
  }
  if (s.buildingVolumes) {
    lines.push(
      `building volumes: ${s.buildingVolumes} (${s.buildingParts} parts, ${s.buildingOutlines} outlines with parts); heights: ${s.heights.given} given, ${s.heights.levels} from levels × ${STOREY_HEIGHT_M} m, ${s.heights.useClass} from the use-class table`,
    );
  }
  if (s.reoriented) lines.push(`polygons reoriented to outer CCW / holes CW: ${s.reoriented}`);
  if (s.links) {
    lines.push(
      `road network: ${s.nodes} nodes, ${s.links} directed links (${s.lanesDerived} with lanes and ${s.speedsDerived} with speed derived from the class), ${s.signalisedNodes} signalised nodes`,
    );
  }
  const vs = s.virtualSensors;
  if (vs.roadLoops + vs.substationMeters) {
    lines.push(`virtual sensors: ${vs.roadLoops} road loops, ${vs.substationMeters} substation meters`);
  }
  if (s.terrain)
    lines.push(`terrain: ${s.terrain.nx} × ${s.terrain.ny} cells of ${s.terrain.cellM.toFixed(1)} m`);
  // Errors, warnings and fatals one per line (first MAX_PER_CODE per reason); info only as one line per reason.
  const infoShown = new Set<string>();
  const shown = report.messages.filter((m) => m.level !== 'info');
  if (report.byCode.length) lines.push('messages:');
  for (const m of shown) {
    const at =
      m.feature !== undefined
        ? ` feature ${m.feature}${m.featureId !== undefined ? ` (id ${m.featureId})` : ''}`
        : '';
    lines.push(`  ${m.level.toUpperCase()} [${m.code}] ${m.file}${at}: ${m.reason}`);
  }
  for (const c of report.byCode) {
    if (c.level !== 'fatal' && c.level !== 'info' && c.count > MAX_PER_CODE) {
      lines.push(
        `  … ${c.count - MAX_PER_CODE} more ${c.level} [${c.code}] messages not shown (${c.count} in all)`,
      );
    }
  }
  for (const m of report.messages) {
    if (m.level !== 'info' || infoShown.has(m.code)) continue;
    infoShown.add(m.code);
    const total = report.byCode.find((c) => c.code === m.code)?.count ?? 1;
    const at = m.feature !== undefined ? ` feature ${m.feature}` : '';
    lines.push(`  INFO [${m.code}] ×${total}, e.g. ${m.file}${at}: ${m.reason}`);
  }
  return lines.join('\n');
}
