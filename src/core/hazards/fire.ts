/**
 * Urban fire model (issue 5): spread risk of a building fire in its block, and fire-engine access over the road network.
 * Pure and deterministic. docs/resilience.md "Fire" documents the model and its constants.
 *
 * Spread. Hamada's urban fire-spread model (Hamada 1951, 「火災の延焼速度について」), in the form summarised by Himoto &
 * Tanaka (2008, "Development and validation of a physics-based urban fire spread model", Fire Safety Journal 43(7),
 * 477–494) and implemented in firebench (wirc-sjsu/firebench, ros_models/surface_for_urban.py, Hamada_1): the time to
 * advance one building + gap, minutes, for building side a (m), gap d (m), wind V (m/s) and fire-protected share f:
 *   downwind  t_d = [(1−f)(3 + 0.375a + 8d/(25 + 2.5V)) + f(5 + 0.625a + 16d/(25 + 2.5V))] / [1.5(1 + 0.1V + 0.007V²)]
 *   sideways  t_s = [… 8d/(5 + 0.25V) … 16d/(5 + 0.25V)] / (1 + 0.005V²)
 *   upwind    t_u = [… 8d/(5 + 0.2V) … 16d/(5 + 0.2V)] / (1 + 0.002V²)
 * and speed = (a + d) / t (m/min). The block's a and d come from the buildings within BLOCK_RADIUS_M of the origin:
 * a = mean √(footprint), coverage c = Σ footprint / (π R²), d = a (1/√c − 1) — the regular-lattice idealisation that
 * ties Hamada's gap to the building coverage ratio. The spread radius after one hour is the downwind distance (the wind
 * direction is not an input: the circle is the envelope of every direction).
 * Buildings at risk: those within that radius reachable from the origin through neighbours closer than the fire
 * separation distances of GB 50016-2014《建筑设计防火规范》Table 5.2.2 (high-rise–high-rise 13 m, high-rise–multi-storey
 * grade I/II 9 m, grade III 11 m; multi-storey I/II–I/II 6 m, I/II–III 7 m, III–III 8 m).
 *
 * Access. Fastest route from every fire station (PoiKind.fireStation) to the road node nearest the building, at the
 * current link times (else free flow: length / free-flow speed), closed links skipped — one Dijkstra over the reversed
 * network from the building's node (traffic/shortestPath.ts). Compared with the 5-minute standard of《城市消防站建设
 * 标准》建标152-2017 (第十二条: the station's district is laid out so that an engine can reach its edge within 5 min of
 * the dispatch order); travel time here is driving time only (turnout time not included).
 */
import { buildForwardStar } from '../traffic/graph.ts';
import type { ForwardStar } from '../traffic/graph.ts';
import { createShortestPathTree, shortestPathTree } from '../traffic/shortestPath.ts';
import type { ShortestPathTree } from '../traffic/shortestPath.ts';
import { BuildingUse, PoiKind } from '../scene/types.ts';
import type { CityModel } from '../scene/types.ts';
import { quakeCityIndex } from './earthquake.ts';
import { storeys } from './fragility.ts';
import type { FireSummary, Severity } from './types.ts';

/** Arrival standard, s: 5 min (《城市消防站建设标准》建标152-2017 第十二条). */
export const FIRE_STANDARD_S = 300;
/** Radius around the origin over which the block's building size and coverage are measured, m (assumption). */
export const BLOCK_RADIUS_M = 100;
/** Minutes of spread the radius is computed for. */
export const SPREAD_MINUTES = 60;
/**
 * Share of fire-protected buildings f in Hamada's formula. MODELLING ASSUMPTION: 1 — the Chinese urban stock is
 * masonry and concrete; there are no bare-timber (裸木造) blocks, so every building takes the slower fire-protected term.
 */
export const FIRE_PROTECTED_SHARE = 1;
/** Buildings at risk from which the spread risk is high (3); 1 or more is medium (2), none low (1). Assumption. */
export const HIGH_RISK_BUILDINGS = 10;
/** Coverage is clamped to this before d = a(1/√c − 1), so a fully built block keeps a small gap. */
const MAX_COVERAGE = 0.95;

/** Hamada spread speeds, m/min, downwind / sideways / upwind. */
export interface HamadaSpeeds {
  readonly downwindMPerMin: number;
  readonly sideMPerMin: number;
  readonly upwindMPerMin: number;
}

/** Hamada's spread speeds (m/min) for building side aM, gap dM, wind windMS and fire-protected share f (file comment). */
export function hamadaSpeeds(
  aM: number,
  dM: number,
  windMS: number,
  f: number = FIRE_PROTECTED_SHARE,
): HamadaSpeeds {
  if (!(aM > 0)) throw new RangeError(`hamadaSpeeds: building side ${aM} m must be > 0`);
  if (!(dM >= 0)) throw new RangeError(`hamadaSpeeds: gap ${dM} m must be ≥ 0`);
  if (!(windMS >= 0)) throw new RangeError(`hamadaSpeeds: wind ${windMS} m/s must be ≥ 0`);
  if (!(f >= 0 && f <= 1)) throw new RangeError(`hamadaSpeeds: fire-protected share ${f} is outside 0..1`);
  const V = windMS;
  const t = (gapDen: number, windFactor: number): number =>
    ((1 - f) * (3 + 0.375 * aM + (8 * dM) / gapDen) + f * (5 + 0.625 * aM + (16 * dM) / gapDen)) / windFactor;
  const td = t(25 + 2.5 * V, 1.5 * (1 + 0.1 * V + 0.007 * V * V));
  const ts = t(5 + 0.25 * V, 1 + 0.005 * V * V);
  const tu = t(5 + 0.2 * V, 1 + 0.002 * V * V);
  const unit = aM + dM;
  return { downwindMPerMin: unit / td, sideMPerMin: unit / ts, upwindMPerMin: unit / tu };
}

/** Gap between buildings of side aM on a regular lattice with building coverage `coverage` (0, 1]: a(1/√c − 1). */
export function gapForCoverage(aM: number, coverage: number): number {
  if (!(coverage > 0)) return Infinity;
  return aM * (1 / Math.sqrt(Math.min(MAX_COVERAGE, coverage)) - 1);
}

/** Fire classes of GB 50016-2014 Table 5.2.2: 0 high-rise, 1 multi-storey grade I/II, 2 multi-storey grade III. */
export const FireClass = { highRise: 0, multiI: 1, multiIII: 2 } as const;
export type FireClass = (typeof FireClass)[keyof typeof FireClass];
/** Minimum fire separation between two classes, m (GB 50016-2014 Table 5.2.2), [a][b]. */
export const FIRE_SEPARATION_M: readonly (readonly number[])[] = [
  [13, 9, 11],
  [9, 6, 7],
  [11, 7, 8],
];

/**
 * Fire class of a building: high-rise when taller than 27 m (residential) or 24 m (other) (GB 50016-2014 §5.1.1);
 * residential of ≤ 2 storeys is taken as fire-resistance grade III (old brick-and-timber houses — assumption), the rest
 * grade I/II (concrete and masonry).
 */
export function fireClassOf(heightM: number, levels: number, use: number): FireClass {
  const residential = use === BuildingUse.residential;
  if (heightM > (residential ? 27 : 24)) return FireClass.highRise;
  if (residential && storeys(levels, heightM) <= 2) return FireClass.multiIII;
  return FireClass.multiI;
}

/** Per-city data for the fire model: building boxes and classes, road graph (reversed) and a Dijkstra workspace. */
interface FireCityIndex {
  readonly box: Float64Array; // minX, minY, maxX, maxY per building
  readonly cls: Uint8Array;
  readonly reverse: ForwardStar;
  readonly tree: ShortestPathTree;
  readonly cost: Float64Array;
  readonly stations: readonly number[];
}
const fireIndexCache = new WeakMap<CityModel, FireCityIndex>();

function fireCityIndex(city: CityModel): FireCityIndex {
  const hit = fireIndexCache.get(city);
  if (hit) return hit;
  const b = city.buildings;
  const box = new Float64Array(4 * b.count);
  const cls = new Uint8Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const r = b.polyStart[i] as number;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = b.ringStart[r] as number; v < (b.ringStart[r + 1] as number); v++) {
      const x = b.xy[2 * v] as number;
      const y = b.xy[2 * v + 1] as number;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    box.set([x0, y0, x1, y1], 4 * i);
    cls[i] = fireClassOf(
      (b.heightM[i] as number) - (b.minHeightM[i] as number),
      b.levels[i] as number,
      b.use[i] as number,
    );
  }
  const r = city.roads;
  const reverse = buildForwardStar({
    nodeCount: r.nodeCount,
    linkCount: r.linkCount,
    from: r.linkTo,
    to: r.linkFrom,
  });
  const stations: number[] = [];
  for (let p = 0; p < city.pois.count; p++) if (city.pois.kind[p] === PoiKind.fireStation) stations.push(p);
  const idx: FireCityIndex = {
    box,
    cls,
    reverse,
    tree: createShortestPathTree(r.nodeCount),
    cost: new Float64Array(r.linkCount),
    stations,
  };
  fireIndexCache.set(city, idx);
  return idx;
}

/** Nearest road node to (x, y) that has at least one link, or −1 when the network is empty (ties → lower index). */
export function nearestRoadNode(city: CityModel, x: number, y: number): number {
  const r = city.roads;
  const used = usedNodes(city);
  let best = -1;
  let bestD = Infinity;
  for (let n = 0; n < r.nodeCount; n++) {
    if (used[n] === 0) continue;
    const dx = (r.nodeXY[2 * n] as number) - x;
    const dy = (r.nodeXY[2 * n + 1] as number) - y;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}
const usedCache = new WeakMap<CityModel, Uint8Array>();
function usedNodes(city: CityModel): Uint8Array {
  let u = usedCache.get(city);
  if (u) return u;
  const r = city.roads;
  u = new Uint8Array(r.nodeCount);
  for (let l = 0; l < r.linkCount; l++) {
    u[r.linkFrom[l] as number] = 1;
    u[r.linkTo[l] as number] = 1;
  }
  usedCache.set(city, u);
  return u;
}

/** Fastest fire-engine route: responding station (POI index, −1 none), time s (−1 unreachable), links in order. */
export interface FireRoute {
  readonly station: number;
  readonly travelTimeS: number;
  readonly links: readonly number[];
  /** Interleaved x,y local metres along the links' geometry (station node → building node). */
  readonly path: readonly number[];
}

/**
 * Fastest route from any fire station to the road node nearest (x, y): link cost = linkTimeS (s) when given, else
 * lengthM / freeSpeedKph; closed links (closed[l] ≠ 0) are never used. Ties between stations go to the lower POI index.
 */
export function fireRoute(
  city: CityModel,
  x: number,
  y: number,
  linkTimeS: Float32Array | null,
  closed: Uint8Array | null,
): FireRoute {
  const r = city.roads;
  if (linkTimeS !== null && linkTimeS.length < r.linkCount) {
    throw new RangeError(
      `fireRoute: linkTimeS has ${linkTimeS.length} entries, the network has ${r.linkCount} links`,
    );
  }
  if (closed !== null && closed.length < r.linkCount) {
    throw new RangeError(
      `fireRoute: closed has ${closed.length} entries, the network has ${r.linkCount} links`,
    );
  }
  const idx = fireCityIndex(city);
  const none: FireRoute = { station: -1, travelTimeS: -1, links: [], path: [] };
  const target = nearestRoadNode(city, x, y);
  if (target < 0 || idx.stations.length === 0) return none;
  const cost = idx.cost;
  for (let l = 0; l < r.linkCount; l++) {
    if (closed !== null && closed[l] !== 0) {
      cost[l] = Infinity;
      continue;
    }
    const t = linkTimeS !== null ? (linkTimeS[l] as number) : Number.NaN;
    if (Number.isFinite(t) && t >= 0) cost[l] = t;
    else {
      const v = (r.freeSpeedKph[l] as number) / 3.6;
      cost[l] = v > 0 ? (r.lengthM[l] as number) / v : Infinity;
    }
  }
  // Reversed network: dist[v] is the time from v to the target; predLink[v] the first link of that route from v.
  const tree = shortestPathTree(idx.reverse, target, cost, idx.tree);
  let station = -1;
  let start = -1;
  let best = Infinity;
  for (const p of idx.stations) {
    const n = nearestRoadNode(city, city.pois.xy[2 * p] as number, city.pois.xy[2 * p + 1] as number);
    const d = n < 0 ? Infinity : (tree.dist[n] as number);
    if (d < best) {
      best = d;
      station = p;
      start = n;
    }
  }
  if (station < 0) return none;
  const links: number[] = [];
  const path: number[] = [];
  let v = start;
  while (v !== target) {
    const l = tree.predLink[v] as number;
    if (l < 0) break;
    links.push(l);
    const s = r.geomStart[l] as number;
    const e = r.geomStart[l + 1] as number;
    for (let k = path.length === 0 ? s : s + 1; k < e; k++)
      path.push(r.geomXY[2 * k] as number, r.geomXY[2 * k + 1] as number);
    v = r.linkTo[l] as number;
  }
  if (path.length === 0) path.push(r.nodeXY[2 * target] as number, r.nodeXY[2 * target + 1] as number);
  return { station, travelTimeS: best, links, path };
}

/** Spread part of the fire assessment. */
export interface FireSpread {
  readonly spreadRisk: Severity;
  readonly spreadRadiusM: number;
  readonly buildingsAtRisk: number[];
  /** Block parameters used: mean building side, coverage and lattice gap, m / share / m. */
  readonly blockSideM: number;
  readonly blockCoverage: number;
  readonly blockGapM: number;
}

/** Gap between two buildings' bounding boxes, m (0 when they touch or overlap). */
function boxGap(box: Float64Array, i: number, j: number): number {
  const gx = Math.max(
    0,
    (box[4 * j] as number) - (box[4 * i + 2] as number),
    (box[4 * i] as number) - (box[4 * j + 2] as number),
  );
  const gy = Math.max(
    0,
    (box[4 * j + 1] as number) - (box[4 * i + 3] as number),
    (box[4 * i + 1] as number) - (box[4 * j + 3] as number),
  );
  return Math.sqrt(gx * gx + gy * gy);
}

/** Spread radius after one hour and the buildings at risk around `building` for wind windMS (see the file comment). */
export function fireSpread(city: CityModel, building: number, windMS: number): FireSpread {
  const n = city.buildings.count;
  if (!(Number.isInteger(building) && building >= 0 && building < n)) {
    throw new RangeError(`fireSpread: building ${building} is outside 0..${n - 1}`);
  }
  if (!(windMS >= 0)) throw new RangeError(`fireSpread: wind ${windMS} m/s must be ≥ 0`);
  const { x, y } = quakeCityIndex(city);
  const { box, cls } = fireCityIndex(city);
  const ox = x[building] as number;
  const oy = y[building] as number;
  const area = city.buildings.areaM2;
  let sumSide = 0;
  let sumArea = 0;
  let count = 0;
  const r2 = BLOCK_RADIUS_M * BLOCK_RADIUS_M;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - ox;
    const dy = (y[i] as number) - oy;
    if (dx * dx + dy * dy > r2) continue;
    const a = Math.max(0, area[i] as number);
    sumSide += Math.sqrt(a);
    sumArea += a;
    count++;
  }
  const aM = count > 0 ? Math.max(1, sumSide / count) : 1;
  const coverage = sumArea / (Math.PI * r2);
  const dM = gapForCoverage(aM, coverage);
  const radius = Number.isFinite(dM) ? hamadaSpeeds(aM, dM, windMS).downwindMPerMin * SPREAD_MINUTES : 0;
  // Candidates: centroid within the radius. Flood fill from the origin through fire-separation neighbours.
  const cand: number[] = [];
  const rr = radius * radius;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - ox;
    const dy = (y[i] as number) - oy;
    if (i === building || dx * dx + dy * dy <= rr) cand.push(i);
  }
  const reached = new Uint8Array(cand.length);
  const queue: number[] = [cand.indexOf(building)];
  reached[queue[0]!] = 1;
  for (let q = 0; q < queue.length; q++) {
    const i = cand[queue[q]!]!;
    for (let k = 0; k < cand.length; k++) {
      if (reached[k] === 1) continue;
      const j = cand[k]!;
      const sep = FIRE_SEPARATION_M[cls[i] as number]![cls[j] as number]!;
      if (boxGap(box, i, j) < sep) {
        reached[k] = 1;
        queue.push(k);
      }
    }
  }
  const atRisk: number[] = [];
  for (let k = 0; k < cand.length; k++) if (reached[k] === 1 && cand[k] !== building) atRisk.push(cand[k]!);
  atRisk.sort((p, q) => p - q);
  const spreadRisk: Severity = atRisk.length >= HIGH_RISK_BUILDINGS ? 3 : atRisk.length > 0 ? 2 : 1;
  return {
    spreadRisk,
    spreadRadiusM: atRisk.length > 0 ? radius : 0,
    buildingsAtRisk: atRisk,
    blockSideM: aM,
    blockCoverage: coverage,
    blockGapM: dM,
  };
}

/**
 * Fire assessment of a fire in `building` (index) with wind windMS (m/s): Hamada spread radius and the buildings at
 * risk, spread risk class, and the responding fire station's fastest route and time vs the 5-minute standard.
 * `linkTimeS` = current link travel times (s) or null for free flow; `closed` = 1 per closed link or null.
 * No station or no route: station −1, travelTimeS −1, empty path.
 */
export function assessFire(
  city: CityModel,
  building: number,
  windMS: number,
  linkTimeS: Float32Array | null,
  closed: Uint8Array | null,
  hazardId: string,
): FireSummary {
  const spread = fireSpread(city, building, windMS);
  const { x, y } = quakeCityIndex(city);
  const route = fireRoute(city, x[building] as number, y[building] as number, linkTimeS, closed);
  return {
    hazardId,
    building,
    spreadRisk: spread.spreadRisk,
    buildingsAtRisk: spread.buildingsAtRisk,
    spreadRadiusM: spread.spreadRadiusM,
    station: route.station,
    travelTimeS: route.travelTimeS,
    routePath: route.path,
    standardS: FIRE_STANDARD_S,
  };
}
