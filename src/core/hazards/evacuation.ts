/**
 * Evacuation (韧性城市 response phase): shelters with capacity, and routes over the road network from each affected
 * block to the nearest shelter that still has room. Pure and deterministic; methods in docs/resilience.md
 * ("Evacuation").
 *
 * Method. One Dijkstra per eligible shelter on the REVERSED road graph (traffic/graph.ts forward star over
 * to → from, traffic/shortestPath.ts) gives every node's travel time TO that shelter; closed links cost +∞. Each
 * source (an affected block) and each shelter snap to their nearest road node of the largest strongly connected
 * component, and walk the straight leg between point and node. All (source, shelter) pairs with a finite time are
 * then taken in order of travel time (ties: source, then shelter list order) and each assigns
 * min(people still waiting at the source, room left at the shelter): every block goes to its nearest shelter with
 * room, and a block bigger than that room splits across the next-nearest ones. A capacity-aware greedy, not an
 * optimal transport plan (which would minimise the total person-seconds); it is what a dispatcher does by hand,
 * "nearest first", and it never sends anyone past a shelter with room.
 */
import { MAX_EVAC_ROUTES } from '../protocol/hazardMessages.ts';
import { NO_INDEX, PoiKind, type CityModel } from '../scene/types.ts';
import { buildForwardStar, type ForwardStar } from '../traffic/graph.ts';
import { largestStrongComponent } from '../traffic/cityNetwork.ts';
import { createShortestPathTree, shortestPathTree } from '../traffic/shortestPath.ts';
import { buildingCentroids, buildingGridCells } from './exposure.ts';
import type { EvacRoute, ShelterState } from './types.ts';

/**
 * Walking speed on the legs between a point and its road node (and in 'walk' mode on the roads), m/s: 1.2 m/s, the
 * pedestrian walking speed of the Highway Capacity Manual (TRB, HCM 2010, ch. 18: 4.0 ft/s for signal timing).
 */
export const WALK_SPEED_MS = 1.2;
/** Speed used for a link whose free-flow speed is missing or not positive, km/h (assumption: urban local street). */
export const FALLBACK_SPEED_KPH = 30;
/** Side of the square blocks that group affected buildings outside every grid cell, m (assumption). */
export const BLOCK_SIDE_M = 300;

/** How evacuees travel on the roads. */
export type EvacMode = 'drive' | 'walk';

/** Options of planEvacuation. */
export interface EvacOptions {
  /**
   * 'drive' (default): organised buses and cars at the network's current link times (linkTimeS, else free flow);
   * 'walk': on foot at WALK_SPEED_MS along the roads (linkTimeS ignored). Closed links are avoided either way.
   */
  readonly mode?: EvacMode;
  /** Only shelters already open take people (default false: a closed shelter with room opens when assigned). */
  readonly openOnly?: boolean;
  /** POI indices of shelters that cannot take anyone (flooded, damaged). */
  readonly unavailable?: ReadonlySet<number>;
  /** Bound on the routes returned (default MAX_EVAC_ROUTES). */
  readonly maxRoutes?: number;
}

/** An affected block: where its people start and how many they are. */
export interface EvacSource {
  readonly x: number;
  readonly y: number;
  readonly people: number;
}

/** The plan: routes, the shelters with their new occupants, and who found no shelter. */
export interface EvacPlan {
  readonly routes: EvacRoute[];
  readonly shelters: ShelterState[];
  readonly unservedPeople: number;
  /** People assigned per source (same order as the sources). */
  readonly servedBySource: number[];
  /** Routes left out to respect maxRoutes (their people are still assigned to the shelters). */
  readonly omittedRoutes: number;
}

/** All shelter POIs with a capacity > 0, in POI order: empty and closed until opened. */
export function sheltersOf(city: CityModel): ShelterState[] {
  const p = city.pois;
  const out: ShelterState[] = [];
  for (let i = 0; i < p.count; i++) {
    if (p.kind[i] !== PoiKind.shelter) continue;
    const capacity = p.capacity[i] as number;
    if (capacity > 0) out.push({ poi: i, capacity, occupants: 0, open: false });
  }
  return out;
}

/**
 * Groups affected buildings into evacuation sources: one per grid cell (网格, zone level 1) holding affected people,
 * else per BLOCK_SIDE_M square; the source point is the people-weighted centroid; people rounded to whole persons.
 * `people` per building (0 = not affected). Ordered by cell index, then square key (deterministic).
 */
export function evacuationSources(
  city: CityModel,
  people: Float32Array,
): (EvacSource & { readonly key: string })[] {
  const n = city.buildings.count;
  if (people.length < n) {
    throw new RangeError(
      `evacuationSources: people has ${people.length} entries, the city has ${n} buildings`,
    );
  }
  const { x, y } = buildingCentroids(city);
  const cell = buildingGridCells(city);
  const groups = new Map<string, { order: number; sub: number; p: number; sx: number; sy: number }>();
  for (let i = 0; i < n; i++) {
    const v = people[i] as number;
    if (!(v > 0)) continue;
    const c = cell[i] as number;
    const bx = x[i] as number;
    const by = y[i] as number;
    let key: string;
    let order: number;
    let sub = 0;
    if (c !== NO_INDEX) {
      key = `cell:${c}`;
      order = c;
    } else {
      const gx = Math.floor(bx / BLOCK_SIDE_M);
      const gy = Math.floor(by / BLOCK_SIDE_M);
      key = `block:${gx},${gy}`;
      order = city.zones.count + 1;
      sub = gy * 1e6 + gx;
    }
    let g = groups.get(key);
    if (!g) {
      g = { order, sub, p: 0, sx: 0, sy: 0 };
      groups.set(key, g);
    }
    g.p += v;
    g.sx += v * bx;
    g.sy += v * by;
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => a.order - b.order || a.sub - b.sub)
    .map(([key, g]) => ({ key, x: g.sx / g.p, y: g.sy / g.p, people: Math.round(g.p) }))
    .filter((s) => s.people > 0);
}

interface RoadIndex {
  readonly reverse: ForwardStar;
  /** Nodes of the largest strongly connected component (the snapping candidates). */
  readonly snapNodes: Uint32Array;
}
const roadIndexCache = new WeakMap<CityModel, RoadIndex>();

function roadIndexOf(city: CityModel): RoadIndex {
  let r = roadIndexCache.get(city);
  if (r) return r;
  const rd = city.roads;
  const reverse = buildForwardStar({
    nodeCount: rd.nodeCount,
    linkCount: rd.linkCount,
    from: rd.linkTo,
    to: rd.linkFrom,
  });
  const scc = largestStrongComponent(rd.nodeCount, rd.linkFrom, rd.linkTo);
  const nodes: number[] = [];
  for (let v = 0; v < rd.nodeCount; v++) if (scc[v]) nodes.push(v);
  r = { reverse, snapNodes: Uint32Array.from(nodes) };
  roadIndexCache.set(city, r);
  return r;
}

/** Nearest snapping node to (x, y) (ties: lower node id), or −1 when the network has none. */
function snap(city: CityModel, ri: RoadIndex, x: number, y: number): number {
  const xy = city.roads.nodeXY;
  let best = -1;
  let bestD = Infinity;
  for (let k = 0; k < ri.snapNodes.length; k++) {
    const v = ri.snapNodes[k] as number;
    const dx = (xy[2 * v] as number) - x;
    const dy = (xy[2 * v + 1] as number) - y;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}

/** Travel time of each road link, s: +∞ when closed; else linkTimeS (drive) or length / speed. */
export function evacLinkCostS(
  city: CityModel,
  closed: Uint8Array | null,
  linkTimeS: Float32Array | null,
  mode: EvacMode,
  out: Float64Array = new Float64Array(city.roads.linkCount),
): Float64Array {
  const rd = city.roads;
  for (let l = 0; l < rd.linkCount; l++) {
    const len = rd.lengthM[l] as number;
    let t: number;
    if (closed !== null && closed[l]) t = Infinity;
    else if (mode === 'walk') t = len / WALK_SPEED_MS;
    else {
      const lt = linkTimeS === null ? NaN : (linkTimeS[l] as number);
      if (Number.isFinite(lt) && lt > 0) t = lt;
      else {
        const v = rd.freeSpeedKph[l] as number;
        t = len / ((v > 0 ? v : FALLBACK_SPEED_KPH) / 3.6);
      }
    }
    out[l] = t;
  }
  return out;
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * Plans the evacuation of `sources` to `shelters` (see the file comment): returns the routes (at most maxRoutes,
 * those carrying the most people kept), the shelters with occupants added (and opened where people were sent) and
 * the people no shelter could take or reach. `closed`/`linkTimeS` are per road link (null: none closed / free flow).
 */
export function planEvacuation(
  city: CityModel,
  sources: readonly EvacSource[],
  shelters: readonly ShelterState[],
  closed: Uint8Array | null,
  linkTimeS: Float32Array | null,
  hazardId: string,
  opts: EvacOptions = {},
): EvacPlan {
  const rd = city.roads;
  if (closed !== null && closed.length < rd.linkCount) {
    throw new RangeError(
      `planEvacuation: closed has ${closed.length} entries, the network ${rd.linkCount} links`,
    );
  }
  if (linkTimeS !== null && linkTimeS.length < rd.linkCount) {
    throw new RangeError(
      `planEvacuation: linkTimeS has ${linkTimeS.length} entries, the network ${rd.linkCount} links`,
    );
  }
  const mode = opts.mode ?? 'drive';
  const maxRoutes = opts.maxRoutes ?? MAX_EVAC_ROUTES;
  const S = sources.length;
  const H = shelters.length;
  const waiting = new Float64Array(S);
  sources.forEach((s, k) => {
    if (!(Number.isFinite(s.x) && Number.isFinite(s.y) && Number.isFinite(s.people) && s.people >= 0)) {
      throw new RangeError(`planEvacuation: source ${k} has x ${s.x}, y ${s.y}, people ${s.people}`);
    }
    waiting[k] = Math.round(s.people);
  });
  const room = new Float64Array(H);
  shelters.forEach((h, j) => {
    if (!(h.poi >= 0 && h.poi < city.pois.count)) {
      throw new RangeError(
        `planEvacuation: shelter ${j} has POI ${h.poi}, outside 0..${city.pois.count - 1}`,
      );
    }
    const eligible = (!opts.openOnly || h.open) && !(opts.unavailable?.has(h.poi) ?? false);
    room[j] = eligible ? Math.max(0, Math.floor(h.capacity - h.occupants)) : 0;
  });

  const ri = roadIndexOf(city);
  const cost = evacLinkCostS(city, closed, linkTimeS, mode);
  const walk = (ax: number, ay: number, v: number): number =>
    v < 0 ? 0 : Math.hypot((rd.nodeXY[2 * v] as number) - ax, (rd.nodeXY[2 * v + 1] as number) - ay);
  const srcNode = Int32Array.from(sources, (s) => snap(city, ri, s.x, s.y));
  const srcLegM = Float64Array.from(sources, (s, k) => walk(s.x, s.y, srcNode[k] as number));
  const pxy = city.pois.xy;
  const hx = Float64Array.from(shelters, (h) => pxy[2 * h.poi] as number);
  const hy = Float64Array.from(shelters, (h) => pxy[2 * h.poi + 1] as number);

  // Trees to each shelter with room (reversed graph: dist = time from a node to the shelter).
  const tree = createShortestPathTree(rd.nodeCount);
  const pred: (Int32Array | null)[] = new Array<Int32Array | null>(H).fill(null);
  const pairs: { t: number; k: number; j: number }[] = [];
  for (let j = 0; j < H; j++) {
    if (!((room[j] as number) > 0)) continue;
    const hn = snap(city, ri, hx[j] as number, hy[j] as number);
    if (hn < 0) continue;
    const legM = walk(hx[j] as number, hy[j] as number, hn);
    shortestPathTree(ri.reverse, hn, cost, tree);
    pred[j] = tree.predLink.slice();
    for (let k = 0; k < S; k++) {
      if (!((waiting[k] as number) > 0)) continue;
      const sn = srcNode[k] as number;
      if (sn < 0) continue;
      const d = tree.dist[sn] as number;
      if (!Number.isFinite(d)) continue;
      pairs.push({ t: d + ((srcLegM[k] as number) + legM) / WALK_SPEED_MS, k, j });
    }
  }
  pairs.sort((a, b) => a.t - b.t || a.k - b.k || a.j - b.j);

  // Greedy assignment, nearest first.
  const assigned = new Float64Array(H);
  const served = new Array<number>(S).fill(0);
  const pieces: { k: number; j: number; people: number; t: number; order: number }[] = [];
  for (const p of pairs) {
    const w = waiting[p.k] as number;
    const r = room[p.j] as number;
    if (!(w > 0 && r > 0)) continue;
    const m = Math.min(w, r);
    waiting[p.k] = w - m;
    room[p.j] = r - m;
    assigned[p.j] = (assigned[p.j] as number) + m;
    served[p.k] = (served[p.k] as number) + m;
    pieces.push({ k: p.k, j: p.j, people: m, t: p.t, order: pieces.length });
  }
  let unservedPeople = 0;
  for (let k = 0; k < S; k++) unservedPeople += waiting[k] as number;

  // Bound the routes: keep those carrying the most people, then list them by source and time.
  let kept = pieces;
  if (pieces.length > maxRoutes) {
    kept = [...pieces]
      .sort((a, b) => b.people - a.people || a.order - b.order)
      .slice(0, Math.max(0, maxRoutes));
  }
  kept = [...kept].sort((a, b) => a.k - b.k || a.t - b.t || a.j - b.j);

  const routes: EvacRoute[] = kept.map((pc) => {
    const s = sources[pc.k]!;
    const h = shelters[pc.j]!;
    const path: number[] = [r1(s.x), r1(s.y)];
    const add = (x: number, y: number): void => {
      const px = r1(x);
      const py = r1(y);
      if (path[path.length - 2] !== px || path[path.length - 1] !== py) path.push(px, py);
    };
    let lengthM = srcLegM[pc.k] as number;
    const pl = pred[pc.j]!;
    let v = srcNode[pc.k] as number;
    add(rd.nodeXY[2 * v] as number, rd.nodeXY[2 * v + 1] as number);
    // On the reversed tree the predecessor link of v is the original link leaving v towards the shelter.
    for (let guard = 0; guard <= rd.nodeCount; guard++) {
      const l = pl[v] as number;
      if (l < 0) break;
      for (let g = rd.geomStart[l] as number; g < (rd.geomStart[l + 1] as number); g++) {
        add(rd.geomXY[2 * g] as number, rd.geomXY[2 * g + 1] as number);
      }
      lengthM += rd.lengthM[l] as number;
      v = rd.linkTo[l] as number;
    }
    add(rd.nodeXY[2 * v] as number, rd.nodeXY[2 * v + 1] as number);
    lengthM += walk(hx[pc.j] as number, hy[pc.j] as number, v);
    add(hx[pc.j] as number, hy[pc.j] as number);
    return {
      id: `${hazardId}/EV-${pc.k}-${h.poi}`,
      hazardId,
      shelter: h.poi,
      people: pc.people,
      fromX: r1(s.x),
      fromY: r1(s.y),
      path,
      lengthM: Math.round(lengthM),
      timeS: Math.round(pc.t),
    };
  });

  const outShelters: ShelterState[] = shelters.map((h, j) =>
    (assigned[j] as number) > 0
      ? { poi: h.poi, capacity: h.capacity, occupants: h.occupants + (assigned[j] as number), open: true }
      : { ...h },
  );
  return {
    routes,
    shelters: outShelters,
    unservedPeople,
    servedBySource: served,
    omittedRoutes: pieces.length - kept.length,
  };
}
