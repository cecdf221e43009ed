/**
 * Traffic KPIs of one moment (docs/traffic.md §5). Over road links l with flow v_l (veh/h), travel time t_l and
 * free-flow time t0_l (hours) and length L_l (km):
 *   city TTI (拥堵指数)        = Σ v·t / Σ v·t0            (1 = free flow; the flow-weighted travel-time index)
 *   average speed (km/h)       = Σ v·L / Σ v·t             (space-mean speed of the vehicles on the network)
 *   delay (veh·h per h)        = Σ v·(t − t0)
 *   VKT (veh·km per h)         = Σ v·L
 * With no flow at all, TTI = 1 and the average speed is the length-weighted free-flow speed Σ L / Σ t0.
 * District figures use the same formulas over the links whose midpoint lies in the district. Commute times are
 * shortest paths between district centroid nodes over road links at current and at free-flow times, for the pairs
 * with the most demand. Top links: the ten road links with the highest link TTI t/t0 (ties: higher flow), among
 * links with flow > 0.
 */
import { NO_INDEX, type CityModel } from '../scene/types.ts';
import { buildForwardStar, type ForwardStar } from './graph.ts';
import { createShortestPathTree, shortestPathTree, type ShortestPathTree } from './shortestPath.ts';
import type { CityNetwork } from './cityNetwork.ts';
import type { CongestedLink, TrafficKpis } from './types.ts';

/** Number of district pairs in the commute KPI. */
export const COMMUTE_PAIRS = 10;
/** Number of links in the top-congested list. */
export const TOP_LINKS = 10;

/** Per-city precomputation for the KPIs. */
export interface KpiContext {
  readonly roadLinkCount: number;
  /** Road link length, km. */
  readonly lengthKm: Float64Array;
  /** Scene zone index of each district, and per road link the index into it (NO_INDEX when none). */
  readonly districts: Uint32Array;
  readonly linkDistrict: Uint32Array;
  /** District pairs for the commute KPI: scene zone indices and assignment nodes. */
  readonly commutePairs: readonly {
    readonly fromZone: number;
    readonly toZone: number;
    readonly fromNode: number;
    readonly toNode: number;
  }[];
  readonly graph: ForwardStar;
  readonly tree: ShortestPathTree;
  /** Scratch link costs (connectors closed so commutes stay on roads). */
  readonly cost: Float64Array;
  readonly nodeCount: number;
}

/** The link state the KPIs are computed from (road links first; longer arrays are fine). */
export interface KpiInput {
  readonly simTimeMs: number;
  readonly flowVph: ArrayLike<number>;
  /** Current and free-flow link times, hours. */
  readonly timeH: ArrayLike<number>;
  readonly freeTimeH: ArrayLike<number>;
  /** Current volume/capacity per road link (for the top list). */
  readonly vc: ArrayLike<number>;
  readonly relativeGap: number;
  readonly activeVehicles: number;
  readonly vehiclesPerAnimated: number;
}

/**
 * Prepares the KPI context. `pairDemand` (zone × zone of the network, e.g. the peak OD matrix) ranks the district
 * pairs; without it the first pairs in district order are used.
 */
export function createKpiContext(city: CityModel, cn: CityNetwork, pairDemand?: Float64Array): KpiContext {
  const R = cn.roadLinkCount;
  const D = cn.districts.length;
  const lengthKm = new Float64Array(R);
  for (let l = 0; l < R; l++) lengthKm[l] = (cn.net.length[l] as number) / 1000;
  // District centroid node: the road node nearest to the centroid of the district's zones' centroids.
  const sx = new Float64Array(D);
  const sy = new Float64Array(D);
  const sn = new Float64Array(D);
  for (let z = 0; z < cn.zoneCount; z++) {
    const d = cn.zoneDistrict[z] as number;
    if (d === NO_INDEX) continue;
    sx[d] = (sx[d] as number) + (cn.zoneXY[2 * z] as number);
    sy[d] = (sy[d] as number) + (cn.zoneXY[2 * z + 1] as number);
    sn[d] = (sn[d] as number) + 1;
  }
  // Candidate nodes: heads of connectors (they are in the strongly connected core).
  const candidates = new Set<number>();
  for (let l = R; l < cn.net.linkCount; l++) {
    const t = cn.net.to[l] as number;
    if (t >= cn.zoneCount) candidates.add(t);
  }
  const nodeOfDistrict = new Int32Array(D).fill(-1);
  for (let d = 0; d < D; d++) {
    if (!(sn[d]! > 0)) continue;
    const x = sx[d]! / sn[d]!;
    const y = sy[d]! / sn[d]!;
    let best = -1;
    let bd = Infinity;
    for (const n of candidates) {
      const j = n - cn.zoneCount;
      const dd = Math.hypot(
        (city.roads.nodeXY[2 * j] as number) - x,
        (city.roads.nodeXY[2 * j + 1] as number) - y,
      );
      if (dd < bd || (dd === bd && n < best)) {
        bd = dd;
        best = n;
      }
    }
    nodeOfDistrict[d] = best;
  }
  const pairs: { fromZone: number; toZone: number; fromNode: number; toNode: number; w: number }[] = [];
  const w = new Float64Array(D * D);
  if (pairDemand !== undefined) {
    const Z = cn.zoneCount;
    for (let o = 0; o < Z; o++)
      for (let d = 0; d < Z; d++) {
        const a = cn.zoneDistrict[o] as number;
        const b = cn.zoneDistrict[d] as number;
        if (a !== NO_INDEX && b !== NO_INDEX && a !== b)
          w[a * D + b] = w[a * D + b]! + pairDemand[o * Z + d]!;
      }
  }
  for (let a = 0; a < D; a++)
    for (let b = 0; b < D; b++) {
      if (a === b || nodeOfDistrict[a]! < 0 || nodeOfDistrict[b]! < 0) continue;
      pairs.push({
        fromZone: cn.districts[a] as number,
        toZone: cn.districts[b] as number,
        fromNode: nodeOfDistrict[a] as number,
        toNode: nodeOfDistrict[b] as number,
        w: w[a * D + b] as number,
      });
    }
  pairs.sort((p, q) => q.w - p.w || p.fromZone - q.fromZone || p.toZone - q.toZone);
  const graph = buildForwardStar(cn.net);
  return {
    roadLinkCount: R,
    lengthKm,
    districts: cn.districts,
    linkDistrict: cn.linkDistrict,
    commutePairs: pairs.slice(0, COMMUTE_PAIRS).map(({ fromZone, toZone, fromNode, toNode }) => ({
      fromZone,
      toZone,
      fromNode,
      toNode,
    })),
    graph,
    tree: createShortestPathTree(cn.net.nodeCount),
    cost: new Float64Array(cn.net.linkCount).fill(Infinity),
    nodeCount: cn.net.nodeCount,
  };
}

/** A KPI context for a bare set of links with no districts (tests, what-if on plain networks). */
export function plainKpiContext(lengthM: ArrayLike<number>): KpiContext {
  const R = lengthM.length;
  const graph = buildForwardStar({
    nodeCount: 0,
    linkCount: 0,
    from: new Uint32Array(0),
    to: new Uint32Array(0),
  });
  return {
    roadLinkCount: R,
    lengthKm: Float64Array.from(lengthM, (m) => m / 1000),
    districts: new Uint32Array(0),
    linkDistrict: new Uint32Array(R).fill(NO_INDEX),
    commutePairs: [],
    graph,
    tree: createShortestPathTree(0),
    cost: new Float64Array(0),
    nodeCount: 0,
  };
}

/** Computes the KPIs (formulas in the file header). */
export function computeTrafficKpis(ctx: KpiContext, s: KpiInput): TrafficKpis {
  const R = ctx.roadLinkCount;
  const D = ctx.districts.length;
  // Accumulators per district (index D = whole city): Σv·t, Σv·t0, Σv·L, ΣL, Σt0.
  const vt = new Float64Array(D + 1);
  const vt0 = new Float64Array(D + 1);
  const vl = new Float64Array(D + 1);
  const sl = new Float64Array(D + 1);
  const st0 = new Float64Array(D + 1);
  const accumulate = (k: number, v: number, t: number, t0: number, L: number): void => {
    vt[k] = (vt[k] as number) + v * t;
    vt0[k] = (vt0[k] as number) + v * t0;
    vl[k] = (vl[k] as number) + v * L;
    sl[k] = (sl[k] as number) + L;
    st0[k] = (st0[k] as number) + t0;
  };
  for (let l = 0; l < R; l++) {
    const v = s.flowVph[l] as number;
    const t = s.timeH[l] as number;
    const t0 = s.freeTimeH[l] as number;
    const L = ctx.lengthKm[l] as number;
    const d = ctx.linkDistrict[l] as number;
    accumulate(D, v, t, t0, L);
    if (d !== NO_INDEX) accumulate(d, v, t, t0, L);
  }
  const tti = (k: number): number => ((vt0[k] as number) > 0 ? (vt[k] as number) / (vt0[k] as number) : 1);
  const speed = (k: number): number =>
    (vt[k] as number) > 0
      ? (vl[k] as number) / (vt[k] as number)
      : (st0[k] as number) > 0
        ? (sl[k] as number) / (st0[k] as number)
        : 0;

  // One shortest-path tree per distinct origin and cost (pairs are few and share origins).
  const pairs = ctx.commutePairs;
  const minutes = new Float64Array(pairs.length);
  const freeMinutes = new Float64Array(pairs.length);
  for (const [times, out] of [
    [s.timeH, minutes],
    [s.freeTimeH, freeMinutes],
  ] as const) {
    for (let l = 0; l < R; l++) ctx.cost[l] = times[l] as number;
    for (let i = 0; i < pairs.length; i++) {
      const origin = (pairs[i] as (typeof pairs)[number]).fromNode;
      if (pairs.findIndex((p) => p.fromNode === origin) < i) continue; // tree done already
      shortestPathTree(ctx.graph, origin, ctx.cost, ctx.tree);
      for (let j = i; j < pairs.length; j++) {
        const p = pairs[j] as (typeof pairs)[number];
        if (p.fromNode === origin) out[j] = (ctx.tree.dist[p.toNode] as number) * 60;
      }
    }
  }
  const commutes = pairs.map((p, i) => ({
    fromZone: p.fromZone,
    toZone: p.toZone,
    minutes: minutes[i] as number,
    freeFlowMinutes: freeMinutes[i] as number,
  }));

  const top: CongestedLink[] = [];
  const order: number[] = [];
  for (let l = 0; l < R; l++)
    if ((s.flowVph[l] as number) > 0 && (s.freeTimeH[l] as number) > 0) order.push(l);
  const linkTti = (l: number): number => (s.timeH[l] as number) / (s.freeTimeH[l] as number);
  order.sort(
    (a, b) => linkTti(b) - linkTti(a) || (s.flowVph[b] as number) - (s.flowVph[a] as number) || a - b,
  );
  for (const l of order.slice(0, TOP_LINKS)) {
    const t = s.timeH[l] as number;
    top.push({
      link: l,
      tti: linkTti(l),
      vc: s.vc[l] as number,
      speedKph: t > 0 ? (ctx.lengthKm[l] as number) / t : 0,
      flowVph: s.flowVph[l] as number,
    });
  }

  return {
    simTimeMs: s.simTimeMs,
    cityTti: tti(D),
    avgSpeedKph: speed(D),
    delayVehHPerH: (vt[D] as number) - (vt0[D] as number),
    vktPerH: vl[D] as number,
    districts: Array.from(ctx.districts, (zone, d) => ({ zone, tti: tti(d), avgSpeedKph: speed(d) })),
    commutes,
    topLinks: top,
    relativeGap: s.relativeGap,
    activeVehicles: s.activeVehicles,
    vehiclesPerAnimated: s.vehiclesPerAnimated,
  };
}
