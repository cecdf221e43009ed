/**
 * The scene's road network as an assignment network (docs/traffic.md §1). Layout, fixed so that road link indices
 * stay valid everywhere:
 *   nodes 0..Z-1             traffic-zone centroids (firstThruNode = Z: no path passes through a centroid): the
 *                            internal zones, then the external gateways (where major roads leave the extent)
 *   node Z+j                 road node j of the scene
 *   links 0..R-1             road link i of the scene (R = roads.linkCount)
 *   links R..                centroid connectors, both directions (zone → node, node → zone), in zone order
 * Zones are the scene's grid cells (网格) when it has any, else its districts, else a regular grid of ~1 km cells over
 * the road network's extent (scenes without zones, e.g. the Shanghai import). Times are HOURS, flows vehicles/hour.
 *
 * Link costs follow the BPR function t = t0·(1 + 0.15·(v/c)^4) (Bureau of Public Roads 1964, "Traffic Assignment
 * Manual", the standard default α = 0.15, β = 4). Approaches into a signalised node get capacity × g/C (HCM 2010,
 * ch. 18: lane-group capacity c = N·s·g/C) with the default green ratio below.
 */
import { NO_INDEX, RoadClass, type CityModel, type PolygonSet } from '../scene/types.ts';
import type { AssignmentNetwork } from './types.ts';

/** BPR α and β (Bureau of Public Roads 1964). */
export const BPR_ALPHA = 0.15;
export const BPR_BETA = 4;
/**
 * Default effective green ratio g/C of an approach into a signalised node: a two-phase signal with cycle C = 90 s and
 * 4 s lost time per phase (HCM 2010 default lost time per phase, ch. 18) gives g/C = (90 − 2·4) / 2 / 90 ≈ 0.455.
 */
export const DEFAULT_GREEN_RATIO = 0.45;
/** Cycle length of the default signal, seconds (see DEFAULT_GREEN_RATIO). */
export const SIGNAL_CYCLE_S = 90;
/** Analysis period T of the HCM incremental delay, hours (HCM 2010 default 0.25 h). */
const SIGNAL_ANALYSIS_PERIOD_H = 0.25;
/**
 * BPR α of an approach into a signal, so that the link's BPR time at v/c = 1 adds the growth of the HCM control delay
 * between an empty and a saturated approach (HCM 2010 ch. 18, Eq. 18-19 uniform delay d1 after Webster 1958, and
 * Eq. 18-45 incremental delay d2 with k = 0.5 (pretimed), I = 1, T = 0.25 h):
 *   d1(X) = 0.5·C·(1 − g/C)² / (1 − min(1, X)·g/C),  d2(1) = 900·T·√(8kI/(c·T))  [s; c in veh/h]
 *   α = (d1(1) + d2(1) − d1(0)) / t0,  never below the plain BPR 0.15.
 * The delay at zero flow, d1(0), is not added to t0: free-flow times stay length ÷ speed, so the index counts the
 * delay that traffic adds (the BPR 0.15 of uninterrupted roads barely registers at signals: an approach at
 * capacity typically waits 35–40 s more per cycle than an empty one).
 */
export function signalAlpha(t0H: number, greenRatio: number, capacityVph: number): number {
  const C = SIGNAL_CYCLE_S;
  const d1Zero = 0.5 * C * (1 - greenRatio) ** 2;
  const d1Sat = 0.5 * C * (1 - greenRatio);
  const T = SIGNAL_ANALYSIS_PERIOD_H;
  const d2Sat = capacityVph > 0 ? 900 * T * Math.sqrt((8 * 0.5 * 1) / (capacityVph * T)) : 0;
  const extraH = (d1Sat + d2Sat - d1Zero) / 3600;
  return t0H > 0 ? Math.max(BPR_ALPHA, extraH / t0H) : BPR_ALPHA;
}
/**
 * BPR α of a minor-street approach to an unsignalised junction (its head node also has a link of a higher class),
 * so that the BPR time at v/c = 1 adds the growth of the two-way-stop control delay between an empty and a saturated
 * approach (HCM 2010 ch. 19, Eq. 19-64, with the movement capacity c_m = the link's capacity, T = 0.25 h):
 *   d(x) = 3600/c_m + 900·T·[(x − 1) + √((x − 1)² + (3600/c_m)·x/(450·T))] + 5  [s]
 *   α = (d(1) − d(0)) / t0 = 900·T·√(3600/(c_m·450·T)) / t0  [t0 in s], never below 0.15
 * (at x = 0 the bracket is 0, so d(0) = 3600/c_m + 5 and the difference is the square-root term alone).
 * Major-street approaches have no control delay and keep the plain BPR α. Without this, a static equilibrium sends
 * through traffic down residential streets at twice their capacity for a 15 % time penalty.
 */
export function minorApproachAlpha(t0H: number, capacityVph: number): number {
  if (!(capacityVph > 0) || !(t0H > 0)) return BPR_ALPHA;
  const T = SIGNAL_ANALYSIS_PERIOD_H;
  const d2SatS = 900 * T * Math.sqrt(3600 / capacityVph / (450 * T));
  return Math.max(BPR_ALPHA, d2SatS / 3600 / t0H);
}
/** Lost time as a share of the cycle for the two-phase signal above (2·4 s / 90 s). */
export const LOST_TIME_RATIO = 0.09;
/**
 * Centroid connectors per zone: one per 8 eligible road nodes inside the zone, at least 3 and at most 8, never more
 * than the nodes inside (assumption: enough access points that loading does not overload the few links next to one
 * connector).
 */
export const CONNECTORS_PER_ZONE = { min: 3, max: 8, nodesPerConnector: 8 } as const;
/** Connector speed, km/h: access on local streets and parking (assumption; short, so it barely matters). */
export const CONNECTOR_SPEED_KPH = 20;
/** Connector capacity, veh/h: large enough never to bind (connectors are not congestible: α = 0). */
export const CONNECTOR_CAPACITY_VPH = 1e9;
/**
 * External gateways (docs/traffic.md §1, "gateways"): a road node within GATEWAY_EDGE_M of the convex hull of the
 * road network, reached by a motorway, trunk, primary or secondary link that runs inward (its other end at least
 * GATEWAY_EDGE_M farther from the hull), is where that road leaves the scene's extent. Such nodes within
 * GATEWAY_CLUSTER_M of each other (the two carriageways of a divided road, a ramp pair) form one gateway zone, the
 * origin and destination of the external traffic. Distances are our assumption: a block face (≈ 100 m) and the
 * width of a motorway interchange (≈ 300 m).
 */
export const GATEWAY_EDGE_M = 100;
export const GATEWAY_CLUSTER_M = 300;
/** Road classes whose end at the extent makes a gateway (local streets stay local). */
const GATEWAY_CLASSES: ReadonlySet<number> = new Set([
  RoadClass.motorway,
  RoadClass.trunk,
  RoadClass.primary,
  RoadClass.secondary,
]);
/** Side of a regular-grid zone when the scene has none, metres. */
export const GRID_ZONE_M = 1000;
/** Fallbacks for links with missing attributes (CJJ 37-2012 urban street: 1300 pcu/h/lane, 30 km/h). */
const FALLBACK_LANE_CAPACITY_VPH = 1300;
const FALLBACK_SPEED_KPH = 30;

/** How the traffic zones were derived. */
export const ZoneSource = {
  gridCells: 'gridCells',
  districts: 'districts',
  regularGrid: 'regularGrid',
} as const;
export type ZoneSource = (typeof ZoneSource)[keyof typeof ZoneSource];

/** The assignment network of a city plus the mappings between it and the scene. */
export interface CityNetwork {
  /** Base network: capacities include the default signal green ratio, no incidents, no weather. */
  readonly net: AssignmentNetwork;
  readonly roadLinkCount: number;
  /** All zones: the internal traffic zones first, then the external gateways. */
  readonly zoneCount: number;
  /** Internal traffic zones (0 … internalZoneCount − 1); zones from there on are gateways. */
  readonly internalZoneCount: number;
  /**
   * Per gateway (zone internalZoneCount + g): capacity of the major road links that enter the scene there, veh/h
   * (scene capacity, before signals) — the weight of the gateway in the external demand.
   */
  readonly gatewayCapacityVph: Float64Array;
  readonly zoneSource: ZoneSource;
  /** Per assignment zone: its scene zone index (NO_INDEX for regular-grid zones). */
  readonly zoneSceneIndex: Uint32Array;
  /** Per scene zone: its assignment zone (NO_INDEX when it is not a traffic zone). */
  readonly sceneZoneToZone: Uint32Array;
  /** Per assignment zone: centroid x, y (local metres). */
  readonly zoneXY: Float64Array;
  /** Scene indices of the districts (zones of level 0), in scene order. */
  readonly districts: Uint32Array;
  /** Per assignment zone: index into `districts` of the district its centroid lies in (NO_INDEX when none). */
  readonly zoneDistrict: Uint32Array;
  /** Per road link: index into `districts` of the district its midpoint lies in (NO_INDEX when none). */
  readonly linkDistrict: Uint32Array;
  /** Per road link: midpoint x, y (local metres). */
  readonly linkMidXY: Float64Array;
  /** Per road link: scene capacity, veh/h (before signals), with fallbacks for missing values. */
  readonly sceneCapacityVph: Float64Array;
  /** Per road link: the green ratio applied to its capacity (1 = not a signalised approach). */
  readonly linkGreenRatio: Float64Array;
  /** Number of connector links (both directions), after the road links. */
  readonly connectorCount: number;
}

/** Options of buildCityNetwork. */
export interface CityNetworkOptions {
  readonly greenRatio?: number;
  /** Fixed connectors per zone (default: CONNECTORS_PER_ZONE rule). */
  readonly connectorsPerZone?: number;
  readonly gridZoneM?: number;
  /** Add external gateway zones where major roads leave the extent (default true). */
  readonly gateways?: boolean;
}

/** Assignment node of scene road node `j`. */
export function roadNodeOf(cn: Pick<CityNetwork, 'zoneCount'>, j: number): number {
  return cn.zoneCount + j;
}

/** Bounding box of feature i of a polygon set (outer ring), or null when it has no vertices. */
function featureBox(p: PolygonSet, i: number): [number, number, number, number] | null {
  const r0 = p.polyStart[i] as number;
  const a = p.ringStart[r0] as number;
  const b = p.ringStart[r0 + 1] as number;
  if (!(b > a)) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = a; v < b; v++) {
    const x = p.xy[2 * v] as number;
    const y = p.xy[2 * v + 1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** True when (x, y) lies inside the outer ring of feature i (even–odd rule, holes ignored). */
export function insideFeature(p: PolygonSet, i: number, x: number, y: number): boolean {
  const r0 = p.polyStart[i] as number;
  const a = p.ringStart[r0] as number;
  const b = p.ringStart[r0 + 1] as number;
  let inside = false;
  for (let v = a, w = b - 1; v < b; w = v++) {
    const xv = p.xy[2 * v] as number;
    const yv = p.xy[2 * v + 1] as number;
    const xw = p.xy[2 * w] as number;
    const yw = p.xy[2 * w + 1] as number;
    if (yv > y !== yw > y && x < ((xw - xv) * (y - yv)) / (yw - yv) + xv) inside = !inside;
  }
  return inside;
}

/** Area centroid of the outer ring of feature i (vertex mean for degenerate rings). */
export function featureCentroid(p: PolygonSet, i: number): [number, number] {
  const r0 = p.polyStart[i] as number;
  const a = p.ringStart[r0] as number;
  const b = p.ringStart[r0 + 1] as number;
  let A = 0;
  let cx = 0;
  let cy = 0;
  let mx = 0;
  let my = 0;
  for (let v = a, w = b - 1; v < b; w = v++) {
    const x0 = p.xy[2 * w] as number;
    const y0 = p.xy[2 * w + 1] as number;
    const x1 = p.xy[2 * v] as number;
    const y1 = p.xy[2 * v + 1] as number;
    const c = x0 * y1 - x1 * y0;
    A += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
    mx += x1;
    my += y1;
  }
  const n = Math.max(1, b - a);
  if (Math.abs(A) < 1e-9) return [mx / n, my / n];
  return [cx / (3 * A), cy / (3 * A)];
}

/** Finds which features of `p` (restricted to `ids`) contain points; returns per point the index into ids or NO_INDEX. */
export function locatePoints(
  p: PolygonSet,
  ids: ArrayLike<number>,
  xy: ArrayLike<number>,
  n: number,
): Uint32Array {
  const boxes = Array.from({ length: ids.length }, (_, k) => featureBox(p, ids[k] as number));
  const out = new Uint32Array(n).fill(NO_INDEX);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] as number;
    const y = xy[2 * i + 1] as number;
    for (let k = 0; k < ids.length; k++) {
      const bx = boxes[k];
      if (bx == null || x < bx[0] || x > bx[2] || y < bx[1] || y > bx[3]) continue;
      if (insideFeature(p, ids[k] as number, x, y)) {
        out[i] = k;
        break;
      }
    }
  }
  return out;
}

/**
 * Largest strongly connected component of the road graph (Kosaraju 1978 / Sharir 1981, two depth-first passes,
 * iterative). Connecting zones only to its nodes guarantees every OD pair has a path.
 */
export function largestStrongComponent(nodeCount: number, from: Uint32Array, to: Uint32Array): Uint8Array {
  const L = from.length;
  const build = (tail: Uint32Array, head: Uint32Array): [Uint32Array, Uint32Array] => {
    const start = new Uint32Array(nodeCount + 1);
    for (let l = 0; l < L; l++) (start[(tail[l] as number) + 1] as number)++;
    for (let n = 0; n < nodeCount; n++) start[n + 1] = (start[n + 1] as number) + (start[n] as number);
    const fill = start.slice(0, nodeCount);
    const adj = new Uint32Array(L);
    for (let l = 0; l < L; l++) {
      const t = tail[l] as number;
      adj[fill[t] as number] = head[l] as number;
      fill[t] = (fill[t] as number) + 1;
    }
    return [start, adj];
  };
  const [fs, fa] = build(from, to);
  const [bs, ba] = build(to, from);
  // Pass 1: post-order on the forward graph.
  const order = new Uint32Array(nodeCount);
  let orderN = 0;
  const seen = new Uint8Array(nodeCount);
  const stack = new Uint32Array(nodeCount);
  const edge = new Uint32Array(nodeCount);
  for (let s = 0; s < nodeCount; s++) {
    if (seen[s]) continue;
    let top = 0;
    stack[0] = s;
    edge[0] = fs[s] as number;
    seen[s] = 1;
    while (top >= 0) {
      const u = stack[top] as number;
      const e = edge[top] as number;
      if (e < (fs[u + 1] as number)) {
        edge[top] = e + 1;
        const v = fa[e] as number;
        if (!seen[v]) {
          seen[v] = 1;
          top++;
          stack[top] = v;
          edge[top] = fs[v] as number;
        }
      } else {
        order[orderN++] = u;
        top--;
      }
    }
  }
  // Pass 2: components on the reverse graph in decreasing finish order.
  const comp = new Int32Array(nodeCount).fill(-1);
  const sizes: number[] = [];
  for (let k = nodeCount - 1; k >= 0; k--) {
    const s = order[k] as number;
    if (comp[s] !== -1) continue;
    const c = sizes.length;
    let size = 0;
    let top = 0;
    stack[0] = s;
    comp[s] = c;
    while (top >= 0) {
      const u = stack[top--] as number;
      size++;
      for (let e = bs[u] as number; e < (bs[u + 1] as number); e++) {
        const v = ba[e] as number;
        if (comp[v] === -1) {
          comp[v] = c;
          stack[++top] = v;
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  for (let c = 1; c < sizes.length; c++) if ((sizes[c] as number) > (sizes[best] as number)) best = c;
  const out = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) out[n] = comp[n] === best ? 1 : 0;
  return out;
}

/** Convex hull of points (Andrew's monotone chain, 1979), counter-clockwise, as a flat x, y list. */
export function convexHull(xy: readonly number[]): number[] {
  const n = xy.length / 2;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort(
    (a, b) =>
      (xy[2 * a] as number) - (xy[2 * b] as number) || (xy[2 * a + 1] as number) - (xy[2 * b + 1] as number),
  );
  const cross = (o: number, a: number, b: number): number =>
    ((xy[2 * a] as number) - (xy[2 * o] as number)) *
      ((xy[2 * b + 1] as number) - (xy[2 * o + 1] as number)) -
    ((xy[2 * a + 1] as number) - (xy[2 * o + 1] as number)) * ((xy[2 * b] as number) - (xy[2 * o] as number));
  const chain = (order: number[]): number[] => {
    const h: number[] = [];
    for (const p of order) {
      while (h.length >= 2 && cross(h[h.length - 2] as number, h[h.length - 1] as number, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = n < 3 ? idx : [...chain(idx), ...chain([...idx].reverse())];
  return hull.flatMap((i) => [xy[2 * i] as number, xy[2 * i + 1] as number]);
}

/** Distance from (x, y) to the boundary of a closed polygon given as a flat x, y list, metres. */
function distanceToRing(ring: readonly number[], x: number, y: number): number {
  const m = ring.length / 2;
  let best = Infinity;
  for (let i = 0; i < m; i++) {
    const ax = ring[2 * i] as number;
    const ay = ring[2 * i + 1] as number;
    const bx = ring[(2 * i + 2) % (2 * m)] as number;
    const by = ring[(2 * i + 3) % (2 * m)] as number;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const u = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + u * dx - x, ay + u * dy - y));
  }
  return best;
}

/** Nodes reachable from the marked set (`forward`) or that can reach it (`!forward`). */
function reachFrom(from: Uint32Array, to: Uint32Array, seed: Uint8Array, forward: boolean): Uint8Array {
  const out = seed.slice();
  let changed = true;
  // Edge relaxation sweeps: simple and fast enough for a one-off on city networks (a few sweeps in practice).
  while (changed) {
    changed = false;
    for (let l = 0; l < from.length; l++) {
      const a = (forward ? from[l] : to[l]) as number;
      const b = (forward ? to[l] : from[l]) as number;
      if (out[a] && !out[b]) {
        out[b] = 1;
        changed = true;
      }
    }
  }
  return out;
}

/** A gateway: entry nodes (gateway → node), exit nodes (node → gateway), position and inbound capacity. */
interface Gateway {
  readonly entry: number[];
  readonly exit: number[];
  x: number;
  y: number;
  capacityVph: number;
}

/** External gateways of the road network (see GATEWAY_EDGE_M). */
function findGateways(city: CityModel, inScc: Uint8Array): Gateway[] {
  const roads = city.roads;
  const N = roads.nodeCount;
  const R = roads.linkCount;
  const pts: number[] = [];
  for (let n = 0; n < N; n++) pts.push(roads.nodeXY[2 * n] as number, roads.nodeXY[2 * n + 1] as number);
  if (N < 3) return [];
  const hull = convexHull(pts);
  const edgeDist = new Float64Array(N);
  for (let n = 0; n < N; n++)
    edgeDist[n] = distanceToRing(hull, pts[2 * n] as number, pts[2 * n + 1] as number);
  const canEnter = reachFrom(roads.linkFrom, roads.linkTo, inScc, false); // can reach the core
  const canLeave = reachFrom(roads.linkFrom, roads.linkTo, inScc, true); // reachable from the core
  const entryCap = new Float64Array(N);
  const isEntry = new Uint8Array(N);
  const isExit = new Uint8Array(N);
  for (let l = 0; l < R; l++) {
    if (!GATEWAY_CLASSES.has(roads.linkClass[l] as number)) continue;
    const a = roads.linkFrom[l] as number;
    const b = roads.linkTo[l] as number;
    const cap =
      (roads.capacityVph[l] as number) > 0 ? (roads.capacityVph[l] as number) : FALLBACK_LANE_CAPACITY_VPH;
    // Inward: starts at the edge, ends well inside.
    if (
      (edgeDist[a] as number) <= GATEWAY_EDGE_M &&
      (edgeDist[b] as number) > (edgeDist[a] as number) + GATEWAY_EDGE_M &&
      canEnter[a]
    ) {
      isEntry[a] = 1;
      entryCap[a] = (entryCap[a] as number) + cap;
    }
    if (
      (edgeDist[b] as number) <= GATEWAY_EDGE_M &&
      (edgeDist[a] as number) > (edgeDist[b] as number) + GATEWAY_EDGE_M &&
      canLeave[b]
    )
      isExit[b] = 1;
  }
  const gateways: Gateway[] = [];
  for (let n = 0; n < N; n++) {
    if (!isEntry[n] && !isExit[n]) continue;
    const x = pts[2 * n] as number;
    const y = pts[2 * n + 1] as number;
    let g = gateways.find((c) => Math.hypot(c.x - x, c.y - y) <= GATEWAY_CLUSTER_M);
    if (g === undefined) {
      g = { entry: [], exit: [], x, y, capacityVph: 0 };
      gateways.push(g);
    }
    if (isEntry[n]) {
      g.entry.push(n);
      g.capacityVph += entryCap[n] as number;
    }
    if (isExit[n]) g.exit.push(n);
  }
  // Both ways or none: a gateway that can only be entered (or left) would strand its trips.
  return gateways.filter((g) => g.entry.length > 0 && g.exit.length > 0);
}

/** Builds the assignment network of `city` (see the file header for the layout). */
export function buildCityNetwork(city: CityModel, opts: CityNetworkOptions = {}): CityNetwork {
  const roads = city.roads;
  const R = roads.linkCount;
  const N = roads.nodeCount;
  const greenRatio = opts.greenRatio ?? DEFAULT_GREEN_RATIO;
  const zones = city.zones;

  // Road nodes eligible for connectors: in the largest strongly connected component, touching no motorway and at
  // least one link that is not a ramp (traffic enters the network on streets, not on motorway carriageways).
  const inScc = largestStrongComponent(N, roads.linkFrom, roads.linkTo);
  const motorway = new Uint8Array(N);
  const street = new Uint8Array(N);
  for (let l = 0; l < R; l++) {
    const c = roads.linkClass[l] as number;
    for (const n of [roads.linkFrom[l] as number, roads.linkTo[l] as number]) {
      if (c === RoadClass.motorway) motorway[n] = 1;
      else if (c !== RoadClass.link) street[n] = 1;
    }
  }
  const gateways = opts.gateways === false ? [] : findGateways(city, inScc);
  // A node of a gateway never serves an internal zone: a trip gateway → node → zone would load no road link.
  const gatewayNode = new Uint8Array(N);
  for (const g of gateways) for (const n of [...g.entry, ...g.exit]) gatewayNode[n] = 1;
  const eligible: number[] = [];
  for (let n = 0; n < N; n++) if (inScc[n] && street[n] && !motorway[n] && !gatewayNode[n]) eligible.push(n);
  if (eligible.length === 0) for (let n = 0; n < N; n++) if (inScc[n] && !gatewayNode[n]) eligible.push(n);

  // Zones.
  const districts: number[] = [];
  const cells: number[] = [];
  for (let z = 0; z < zones.count; z++) (zones.level[z] === 0 ? districts : cells).push(z);
  const zoneScene: number[] = [];
  const zoneXY: number[] = [];
  const zoneNodes: number[][] = [];
  let source: ZoneSource;
  const nearest = (x: number, y: number, inside: (n: number) => boolean): number[] => {
    let insideCount = 0;
    const scored = eligible.map((n) => {
      const dx = (roads.nodeXY[2 * n] as number) - x;
      const dy = (roads.nodeXY[2 * n + 1] as number) - y;
      const isIn = inside(n);
      if (isIn) insideCount++;
      // Nodes inside the zone first: a node across the boundary belongs to the neighbour.
      return [(isIn ? 0 : 1e12) + dx * dx + dy * dy, n] as const;
    });
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const c = CONNECTORS_PER_ZONE;
    const want =
      opts.connectorsPerZone ??
      Math.min(c.max, Math.max(c.min, Math.round(insideCount / c.nodesPerConnector)));
    // Only nodes inside the zone: a node shared with a neighbour would let trips hop zone → node → zone on
    // connectors alone. A zone with no node inside gets the single nearest one.
    const k = insideCount > 0 ? Math.min(want, insideCount) : 1;
    return scored.slice(0, k).map((s) => s[1]);
  };
  if (cells.length > 0 || districts.length > 0) {
    source = cells.length > 0 ? ZoneSource.gridCells : ZoneSource.districts;
    for (const z of cells.length > 0 ? cells : districts) {
      const [x, y] = featureCentroid(zones, z);
      zoneScene.push(z);
      zoneXY.push(x, y);
      const box = featureBox(zones, z);
      zoneNodes.push(
        nearest(x, y, (n) => {
          const nx = roads.nodeXY[2 * n] as number;
          const ny = roads.nodeXY[2 * n + 1] as number;
          return box !== null && nx >= box[0] && nx <= box[2] && ny >= box[1] && ny <= box[3]
            ? insideFeature(zones, z, nx, ny)
            : false;
        }),
      );
    }
  } else if (eligible.length === 0) {
    source = ZoneSource.regularGrid; // no roads: no zones, no demand
  } else {
    source = ZoneSource.regularGrid;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const n of eligible) {
      const x = roads.nodeXY[2 * n] as number;
      const y = roads.nodeXY[2 * n + 1] as number;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    // At least 2 cells per side, so that even a tiny network has trips between zones.
    const side = opts.gridZoneM ?? GRID_ZONE_M;
    const nx = Math.max(2, Math.round((maxX - minX) / side));
    const ny = Math.max(2, Math.round((maxY - minY) / side));
    const cw = (maxX - minX) / nx || 1;
    const ch = (maxY - minY) / ny || 1;
    const cellOf = (n: number): number => {
      const i = Math.min(nx - 1, Math.floor(((roads.nodeXY[2 * n] as number) - minX) / cw));
      const j = Math.min(ny - 1, Math.floor(((roads.nodeXY[2 * n + 1] as number) - minY) / ch));
      return j * nx + i;
    };
    const occupied = new Uint8Array(nx * ny);
    for (const n of eligible) occupied[cellOf(n)] = 1;
    for (let c = 0; c < nx * ny; c++) {
      if (!occupied[c]) continue;
      const x = minX + ((c % nx) + 0.5) * cw;
      const y = minY + (Math.floor(c / nx) + 0.5) * ch;
      zoneScene.push(NO_INDEX);
      zoneXY.push(x, y);
      zoneNodes.push(nearest(x, y, (n) => cellOf(n) === c));
    }
  }
  const Zi = zoneScene.length;
  // Gateways after the internal zones, only when there are internal zones to travel to.
  const usedGateways = Zi > 0 ? gateways : [];
  for (const g of usedGateways) {
    zoneScene.push(NO_INDEX);
    zoneXY.push(g.x, g.y);
  }
  const Z = zoneScene.length;

  // Links.
  const connectorCount =
    zoneNodes.reduce((s, ns) => s + 2 * ns.length, 0) +
    usedGateways.reduce((s, g) => s + g.entry.length + g.exit.length, 0);
  const L = R + connectorCount;
  const from = new Uint32Array(L);
  const to = new Uint32Array(L);
  const capacity = new Float64Array(L);
  const freeFlowTime = new Float64Array(L);
  const alpha = new Float64Array(L);
  const beta = new Float64Array(L).fill(BPR_BETA);
  const length = new Float64Array(L);
  const sceneCapacityVph = new Float64Array(R);
  const linkGreenRatio = new Float64Array(R).fill(1);
  const linkMidXY = new Float64Array(2 * R);
  // Highest class (smallest RoadClass value among the ranked classes motorway … residential) meeting at each node.
  const topClass = new Uint8Array(N).fill(255);
  for (let k = 0; k < R; k++) {
    const c = roads.linkClass[k] as number;
    if (c > RoadClass.residential) continue; // service, link, unclassified do not rank
    for (const n of [roads.linkFrom[k] as number, roads.linkTo[k] as number])
      if (c < (topClass[n] as number)) topClass[n] = c;
  }
  for (let l = 0; l < R; l++) {
    const t = roads.linkTo[l] as number;
    from[l] = Z + (roads.linkFrom[l] as number);
    to[l] = Z + t;
    const lanes = Math.max(1, roads.lanes[l] as number);
    const capScene = roads.capacityVph[l] as number;
    const cap = capScene > 0 ? capScene : lanes * FALLBACK_LANE_CAPACITY_VPH;
    sceneCapacityVph[l] = cap;
    if (roads.nodeSignal[t] === 1) linkGreenRatio[l] = greenRatio;
    capacity[l] = cap * (linkGreenRatio[l] as number);
    const vf = roads.freeSpeedKph[l] as number;
    const lenM = Math.max(1, roads.lengthM[l] as number);
    length[l] = lenM;
    freeFlowTime[l] = lenM / 1000 / (vf > 0 ? vf : FALLBACK_SPEED_KPH);
    const cls = roads.linkClass[l] as number;
    alpha[l] =
      (linkGreenRatio[l] as number) < 1
        ? signalAlpha(freeFlowTime[l] as number, linkGreenRatio[l] as number, capacity[l] as number)
        : cls !== RoadClass.link && cls > (topClass[t] as number)
          ? minorApproachAlpha(freeFlowTime[l] as number, capacity[l] as number)
          : BPR_ALPHA;
    const [mx, my] = linkMidpoint(city, l);
    linkMidXY[2 * l] = mx;
    linkMidXY[2 * l + 1] = my;
  }
  let l = R;
  for (let z = 0; z < Zi; z++) {
    const zx = zoneXY[2 * z] as number;
    const zy = zoneXY[2 * z + 1] as number;
    for (const n of zoneNodes[z] as number[]) {
      const d = Math.max(
        50,
        Math.hypot((roads.nodeXY[2 * n] as number) - zx, (roads.nodeXY[2 * n + 1] as number) - zy),
      );
      for (const [a, b] of [
        [z, Z + n],
        [Z + n, z],
      ] as const) {
        from[l] = a;
        to[l] = b;
        capacity[l] = CONNECTOR_CAPACITY_VPH;
        freeFlowTime[l] = d / 1000 / CONNECTOR_SPEED_KPH;
        alpha[l] = 0;
        length[l] = d;
        l++;
      }
    }
  }
  // Gateway connectors: entries first, then exits, per gateway. The trip's part outside the scene is not modelled.
  usedGateways.forEach((g, k) => {
    const z = Zi + k;
    for (const [nodes, isEntry] of [
      [g.entry, true],
      [g.exit, false],
    ] as const) {
      for (const n of nodes) {
        const d = Math.max(
          50,
          Math.hypot((roads.nodeXY[2 * n] as number) - g.x, (roads.nodeXY[2 * n + 1] as number) - g.y),
        );
        from[l] = isEntry ? z : Z + n;
        to[l] = isEntry ? Z + n : z;
        capacity[l] = CONNECTOR_CAPACITY_VPH;
        freeFlowTime[l] = d / 1000 / CONNECTOR_SPEED_KPH;
        alpha[l] = 0;
        length[l] = d;
        l++;
      }
    }
  });

  const districtIds = Uint32Array.from(districts);
  const sceneZoneToZone = new Uint32Array(zones.count).fill(NO_INDEX);
  zoneScene.forEach((s, z) => {
    if (s !== NO_INDEX) sceneZoneToZone[s] = z;
  });
  const zoneXYArr = Float64Array.from(zoneXY);
  let zoneDistrict: Uint32Array;
  if (source === ZoneSource.districts)
    zoneDistrict = Uint32Array.from(zoneScene, (s, z) => (s === NO_INDEX ? NO_INDEX : z));
  else if (source === ZoneSource.gridCells) {
    const byParent = Uint32Array.from(zoneScene, (s) => {
      if (s === NO_INDEX) return NO_INDEX;
      const p = zones.parent[s] as number;
      const k = districts.indexOf(p);
      return k >= 0 ? k : NO_INDEX;
    });
    // Cells without a parent: locate their centroid.
    const located = locatePoints(zones, districtIds, zoneXYArr, Z);
    zoneDistrict = byParent.map((k, z) => (k !== NO_INDEX || z >= Zi ? k : (located[z] as number)));
  } else zoneDistrict = locatePoints(zones, districtIds, zoneXYArr, Z);
  // Gateways belong to no district (they stand for the world outside).
  for (let z = Zi; z < Z; z++) zoneDistrict[z] = NO_INDEX;

  return {
    net: {
      nodeCount: Z + N,
      zoneCount: Z,
      firstThruNode: Z,
      linkCount: L,
      from,
      to,
      capacity,
      freeFlowTime,
      alpha,
      beta,
      length,
    },
    roadLinkCount: R,
    zoneCount: Z,
    internalZoneCount: Zi,
    gatewayCapacityVph: Float64Array.from(usedGateways, (g) => g.capacityVph),
    zoneSource: source,
    zoneSceneIndex: Uint32Array.from(zoneScene),
    sceneZoneToZone,
    zoneXY: zoneXYArr,
    districts: districtIds,
    zoneDistrict,
    linkDistrict: locatePoints(zones, districtIds, linkMidXY, R),
    linkMidXY,
    sceneCapacityVph,
    linkGreenRatio,
    connectorCount,
  };
}

/** Midpoint of road link `l` along its shape (half its polyline length), local metres. */
export function linkMidpoint(city: CityModel, l: number): [number, number] {
  const r = city.roads;
  const a = r.geomStart[l] as number;
  const b = r.geomStart[l + 1] as number;
  if (!(b - a >= 2)) {
    const f = r.linkFrom[l] as number;
    const t = r.linkTo[l] as number;
    return [
      ((r.nodeXY[2 * f] as number) + (r.nodeXY[2 * t] as number)) / 2,
      ((r.nodeXY[2 * f + 1] as number) + (r.nodeXY[2 * t + 1] as number)) / 2,
    ];
  }
  let total = 0;
  for (let v = a + 1; v < b; v++) {
    total += Math.hypot(
      (r.geomXY[2 * v] as number) - (r.geomXY[2 * v - 2] as number),
      (r.geomXY[2 * v + 1] as number) - (r.geomXY[2 * v - 1] as number),
    );
  }
  let half = total / 2;
  for (let v = a + 1; v < b; v++) {
    const x0 = r.geomXY[2 * v - 2] as number;
    const y0 = r.geomXY[2 * v - 1] as number;
    const x1 = r.geomXY[2 * v] as number;
    const y1 = r.geomXY[2 * v + 1] as number;
    const s = Math.hypot(x1 - x0, y1 - y0);
    if (half <= s && s > 0) return [x0 + ((x1 - x0) * half) / s, y0 + ((y1 - y0) * half) / s];
    half -= s;
  }
  return [r.geomXY[2 * b - 2] as number, r.geomXY[2 * b - 1] as number];
}
