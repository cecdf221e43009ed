/**
 * The deterministic default-city generator (docs/generator.md). Same seed and building count → byte-identical
 * GeoJSON. The city is sized so that its blocks hold slightly more footprints than asked for, then trimmed evenly
 * to exactly the requested count.
 */
import { createRng } from '../rng.ts';
import { lonLat, type LonLat } from '../geo/projection.ts';
import { generateBuildingCandidates, thinToCount, type BuildingCandidate } from './buildings.ts';
import { traceContours } from './contours.ts';
import { estimateDemand, generateFacilities, type CityDemand } from './facilities.ts';
import { featureCollectionText, type GenFeature, type OutputTransform } from './geojson.ts';
import { CITY_TITLE, type Name2 } from './names.ts';
import { MIN_SUPERBLOCK_M, createPlan, type CityPlan } from './plan.ts';
import { generateRoads } from './roads.ts';

/** The GIS files the generator writes, in writing order (`<layer>.geojson`). */
export const GIS_LAYERS = [
  'buildings',
  'roads',
  'water',
  'landuse',
  'power',
  'sensors',
  'pois',
  'zones',
  'contours',
] as const;
/** One of the generated layers. */
export type GisLayer = (typeof GIS_LAYERS)[number];

/** Fictional origin in the Yangtze delta plain (eastern China); the city does not exist. */
export const DEFAULT_ORIGIN: LonLat = lonLat(120.9, 31.1);
/** Smallest and largest supported building counts. */
export const MIN_BUILDINGS = 500;
export const MAX_BUILDINGS = 1_000_000;
/** Target gross density used for the first size guess, buildings per km². */
const DENSITY_PER_KM2 = 1100;

/** Generator options. */
export interface CityGenOptions {
  readonly seed: number;
  /** Exact number of building footprints to write. */
  readonly buildings: number;
  readonly origin?: LonLat;
}

/** Summary numbers of a generated city (for the CLI and the docs). */
export interface CitySummary {
  readonly sideM: number;
  readonly superblocks: number;
  readonly blocks: number;
  readonly candidates: number;
  readonly sizingAttempts: number;
  readonly demand: CityDemand;
  readonly counts: Readonly<Record<GisLayer, number>>;
}

/** A generated city: features per layer (city-frame metres) and the transform that writes them as lon/lat. */
export interface GeneratedCity {
  readonly title: Name2;
  readonly transform: OutputTransform;
  readonly layers: Readonly<Record<GisLayer, readonly GenFeature[]>>;
  readonly summary: CitySummary;
  readonly plan: CityPlan;
}

/** Generates the city for `opts`; throws a RangeError naming the bad option. */
export function generateCity(opts: CityGenOptions): GeneratedCity {
  const { seed, buildings: N } = opts;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  if (!Number.isInteger(N) || N < MIN_BUILDINGS || N > MAX_BUILDINGS) {
    throw new RangeError(`buildings must be an integer in [${MIN_BUILDINGS}, ${MAX_BUILDINGS}], got ${N}`);
  }
  // Size search: g is the city side in metres; below the 4 × 4-superblock minimum the side stays fixed and lot
  // pitches stretch instead (suburban density). Capacity grows ~ g², so g ← g·√(target/capacity) converges fast.
  const minSide = 4 * MIN_SUPERBLOCK_M;
  let g = Math.sqrt(N / DENSITY_PER_KM2) * 1000;
  let plan: CityPlan | undefined;
  let cands: BuildingCandidate[] = [];
  let attempts = 0;
  const attempt = (): void => {
    attempts++;
    const root = createRng(seed);
    plan = createPlan(root, Math.max(g, minSide), g < minSide ? minSide / g : 1, N);
    cands = generateBuildingCandidates(plan, root.fork('buildings'), {
      landmark: { zh: '镜海中心大厦', en: 'Jinghai Center Tower' },
    });
  };
  for (let it = 0; it < 8; it++) {
    attempt();
    const c = cands.length;
    if (c >= 1.02 * N && c <= 1.3 * N) break;
    g *= Math.sqrt(Math.min(4, Math.max(0.25, (1.12 * N) / Math.max(1, c))));
  }
  for (let it = 0; cands.length < N; it++) {
    if (it >= 30) throw new Error(`could not fit ${N} buildings (capacity ${cands.length})`);
    g *= 1.08;
    attempt();
  }
  const finalPlan = plan as CityPlan;
  const root = createRng(seed ^ 0x5bd1e995);
  const kept = thinToCount(cands, N);
  const transform: OutputTransform = {
    origin: opts.origin ?? DEFAULT_ORIGIN,
    rotationRad: finalPlan.rotationRad,
  };
  const roads = generateRoads(finalPlan);
  const fac = generateFacilities(finalPlan, kept, roads, root.fork('facilities'), transform);
  const buildingFeatures: GenFeature[] = kept.map((b, i) => ({
    geometry: { type: 'Polygon', rings: [b.ring] },
    tags: { id: `gen:b${String(i + 1).padStart(6, '0')}`, ...b.tags },
  }));
  const contours = contourFeatures(finalPlan);
  const layers: Record<GisLayer, GenFeature[]> = {
    buildings: buildingFeatures,
    roads: roads.features,
    water: fac.water,
    landuse: fac.landuse,
    power: fac.power,
    sensors: fac.sensors,
    pois: fac.pois,
    zones: fac.zones,
    contours,
  };
  const counts = Object.fromEntries(GIS_LAYERS.map((l) => [l, layers[l].length])) as Record<GisLayer, number>;
  return {
    title: CITY_TITLE,
    transform,
    layers,
    plan: finalPlan,
    summary: {
      sideM: 2 * finalPlan.half,
      superblocks: finalPlan.n * finalPlan.n,
      blocks: finalPlan.blocks.length,
      candidates: cands.length,
      sizingAttempts: attempts,
      demand: estimateDemand(kept),
      counts,
    },
  };
}

/** Contour lines every 5 m over the city and a 400 m margin. */
function contourFeatures(plan: CityPlan): GenFeature[] {
  const ext = plan.half + 400;
  const nCells = 180;
  const cellM = Math.max(20, (2 * ext) / nCells);
  const n = Math.ceil((2 * ext) / cellM);
  let maxH = 0;
  for (const h of plan.hills) maxH = Math.max(maxH, h.heightM);
  const levels: number[] = [];
  for (let l = 5; l <= plan.plainM + 1.5 + maxH * 2; l += 5) levels.push(l);
  const lines = traceContours(plan.heightAt, { x0: -ext, y0: -ext, cellM, nx: n, ny: n }, levels);
  return lines.map((c, i) => ({
    geometry: { type: 'LineString', xy: c.xy },
    tags: { id: `gen:c${String(i + 1).padStart(5, '0')}`, contour: 'elevation', ele: String(c.levelM) },
  }));
}

/** All layers as GeoJSON text (tests and small cities; the CLI streams instead). */
export function cityGeoJsonTexts(city: GeneratedCity): Record<GisLayer, string> {
  const out = {} as Record<GisLayer, string>;
  for (const l of GIS_LAYERS) out[l] = featureCollectionText(city.layers[l], city.transform);
  return out;
}
