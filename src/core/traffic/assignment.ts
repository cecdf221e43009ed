/**
 * Static user-equilibrium traffic assignment (Wardrop 1952, first principle) with BPR link costs: no used path of an
 * OD pair is slower than another. Two methods:
 *
 * - 'gradientProjection' (default): path-based gradient projection of Jayakrishnan, Tsai, Prashker & Rajadhyaksha
 *   (1994), "A faster path-based algorithm for traffic assignment", Transportation Research Record 1443, pp. 75–83.
 *   Flow moves OD by OD from every used path p to the OD's cheapest path s by the Newton step
 *   Δ = min(f_p, (c_p − c_s) / Σ_{a ∈ p ⊕ s} t'_a) (their eq. 9 with step size α = 1), link flows and times updated
 *   immediately (Gauss–Seidel). Paths come from column generation: shortest-path trees per origin add an OD's shortest
 *   path when it is cheaper than all its paths. An iteration = inner passes over the current path set (no shortest-path
 *   search: what makes path-based methods fast; Chen, Lee & Jayakrishnan 2002, "Computational study of
 *   state-of-the-art path-based traffic assignment algorithms", Math. Comput. Simul. 59) + one column-generation sweep
 *   that re-balances each origin's ODs right after its tree, skipping origins already near equilibrium (see
 *   SKIP_RATIO). The sweep's gap is an estimate; the solve ends with an exact pass at fixed flows, so the reported gap
 *   is exact.
 * - 'frankWolfe': the classical linear-approximation method (Frank & Wolfe 1956; LeBlanc, Morlok & Pierskalla 1975,
 *   "An efficient approach to solving the road network equilibrium traffic assignment problem", Transp. Res. 9) with
 *   an exact line search by bisection on the directional derivative of the Beckmann objective. Kept for comparison:
 *   it converges sublinearly (a gap of 1e-4 takes thousands of iterations on Sioux Falls). Its path flows are recorded
 *   too (f ← (1−λ) f + λ · all-or-nothing path), so both methods return a PathSet.
 *
 * Convergence is measured by the relative gap (TSTT − SPTT) / TSTT at the current flows (Boyce, Ralevic-Dekic &
 * Bar-Gera 2004). Deterministic: OD pairs are processed in index order, no randomness.
 *
 * Closed links: pass `closed` (1 = closed). A closed link carries no flow, is never on a path, and reports its
 * free-flow time. Links with capacity ≤ 0 or a non-finite free-flow time are treated as closed too. Callers that
 * instead shrink capacity (e.g. 1e-6 of normal) get finite but huge times on such links and slow convergence (the
 * Newton step on (v/c)^4 removes only a quarter of the flow per pass), so use `closed`.
 *
 * Unreachable OD pairs (demand > 0 but no open path): their demand is left unassigned and reported in
 * `result.unreachable` (count, demand, first pairs); the gap and objective cover the assigned demand only.
 */
import { buildForwardStar, type ForwardStar } from './graph.ts';
import { beckmannObjective, relativeGap } from './bpr.ts';
import { createShortestPathTree, shortestPathTree, type ShortestPathTree } from './shortestPath.ts';
import type { AssignmentNetwork, AssignmentResult, OdDemand, PathSet } from './types.ts';

/** Assignment methods: see the file header. */
export const ASSIGN_METHODS = ['gradientProjection', 'frankWolfe'] as const;
/** One of ASSIGN_METHODS. */
export type AssignMethod = (typeof ASSIGN_METHODS)[number];

/** Options of solveEquilibrium. */
export interface AssignOptions {
  /** Stop when the relative gap is at or below this (default 1e-4). */
  readonly targetGap?: number;
  /** Stop after this many iterations (default 1000; the result then has converged = false). */
  readonly maxIterations?: number;
  /** Default 'gradientProjection' (the fastest). */
  readonly method?: AssignMethod;
  /**
   * A previous solution on the same network and zones: its paths (minus those through links now closed) start the
   * solve, their flows scaled per OD to the new demand; demand left over goes to the current shortest path. Cheap when
   * little changed: one shortest-path pass if the old solution still meets the target gap.
   */
  readonly warmStart?: AssignmentResult;
  /** Per link, 1 = closed (no flow, never on a path). */
  readonly closed?: Uint8Array;
  /** Gradient projection: at most this many path-equilibration passes per outer iteration (default 50). */
  readonly innerPasses?: number;
  /** Gradient projection: inner passes stop when the path set's own gap is below this × the outer gap (0.1). */
  readonly innerGapRatio?: number;
  /** Called after every iteration with its (estimated) relative gap: for progress bars on long solves. */
  readonly onIteration?: (iteration: number, gap: number) => void;
}

/** OD pairs that had demand but no open path. */
export interface UnreachableReport {
  readonly count: number;
  /** Their total demand (unassigned). */
  readonly demand: number;
  /** The first few (up to 10), as 0-based zone indices. */
  readonly pairs: readonly { readonly origin: number; readonly dest: number; readonly demand: number }[];
}

/**
 * AssignmentResult plus what the solver knows beyond the contract (assignable to AssignmentResult). gapHistory[i] is
 * the gap after i iterations (i = 0: the initial loading). For gradient projection the entries before the last are
 * estimates made during the passes (see shortestPathPass); the last one, like relativeGap, is exact.
 */
export interface EquilibriumResult extends AssignmentResult {
  readonly method: AssignMethod;
  /** Σ_od demand × shortest path time at the final flows (time × flow). */
  readonly sptt: number;
  readonly unreachable: UnreachableReport;
  /** Shortest-path trees computed (one per origin per pass, fewer in sweeps): the dominant cost of a solve. */
  readonly shortestPathTrees: number;
}

/** Default relative-gap target of solveEquilibrium. */
export const DEFAULT_TARGET_GAP = 1e-4;
const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_MAX_INNER_PASSES = 50;
const DEFAULT_INNER_GAP_RATIO = 0.1;
/**
 * A sweep skips origins whose own relative gap is below SKIP_RATIO × the current gap, for at most MAX_SKIPS sweeps in a
 * row. Measured on the bench grid to gap 1e-4 (iterations / shortest-path trees): no skipping 15 / ~3,400;
 * 0.3, 6: 17 / 2,961; 0.5, 6: 17 / 2,469; 1, 3: 20 / 2,176; 1, 6: 22 / 2,167; 1.5, 3: 30 / 2,387. To 1e-5: 0.5, 6:
 * 3,172 trees; 1, 3: 2,805.
 */
const SKIP_RATIO = 1;
const MAX_SKIPS = 3;
const MAX_UNREACHABLE_LISTED = 10;

/** Checks the network's arrays (lengths, finite non-negative values); throws a RangeError naming link and field. */
export function validateNetwork(net: AssignmentNetwork): void {
  const L = net.linkCount;
  if (!(net.zoneCount >= 0 && net.zoneCount <= net.nodeCount)) {
    throw new RangeError(`zoneCount ${net.zoneCount} must be within 0..nodeCount (${net.nodeCount})`);
  }
  for (const key of ['from', 'to', 'capacity', 'freeFlowTime', 'alpha', 'beta', 'length'] as const) {
    if (net[key].length !== L)
      throw new RangeError(`network.${key} has length ${net[key].length}, expected ${L}`);
  }
  for (let l = 0; l < L; l++) {
    const c = net.capacity[l] as number;
    const t0 = net.freeFlowTime[l] as number;
    const a = net.alpha[l] as number;
    const b = net.beta[l] as number;
    if (Number.isNaN(c)) throw new RangeError(`link ${l}: capacity is NaN`);
    if (!(t0 >= 0)) throw new RangeError(`link ${l}: freeFlowTime ${t0} must be ≥ 0`);
    if (!(a >= 0 && Number.isFinite(a))) throw new RangeError(`link ${l}: alpha ${a} must be finite and ≥ 0`);
    if (!(b === 0 || (b >= 1 && Number.isFinite(b))))
      throw new RangeError(`link ${l}: beta ${b} must be 0 or ≥ 1`);
  }
}

/**
 * Solves the user equilibrium of `demand` on `net` (see the file header for methods, closed links and unreachable
 * pairs). Throws a RangeError on inconsistent input (array lengths, zone counts, NaN, a warm start from another
 * network).
 */
export function solveEquilibrium(
  net: AssignmentNetwork,
  demand: OdDemand,
  opts: AssignOptions = {},
): EquilibriumResult {
  validateNetwork(net);
  if (demand.zoneCount !== net.zoneCount) {
    throw new RangeError(`demand has ${demand.zoneCount} zones, network ${net.zoneCount}`);
  }
  const Z = net.zoneCount;
  if (demand.trips.length !== Z * Z) {
    throw new RangeError(`demand.trips has length ${demand.trips.length}, expected ${Z}² = ${Z * Z}`);
  }
  for (let k = 0; k < Z * Z; k++) {
    const v = demand.trips[k] as number;
    if (!(v >= 0 && Number.isFinite(v))) {
      throw new RangeError(`demand ${Math.floor(k / Z)}→${k % Z}: ${v} must be finite and ≥ 0`);
    }
  }
  if (opts.closed && opts.closed.length !== net.linkCount) {
    throw new RangeError(`closed has length ${opts.closed.length}, expected ${net.linkCount}`);
  }
  const method: AssignMethod = opts.method ?? 'gradientProjection';
  const s = createState(net, demand, opts);
  if (opts.warmStart) loadWarmStart(s, opts.warmStart);
  const targetGap = opts.targetGap ?? DEFAULT_TARGET_GAP;
  const maxIterations = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const gaps: number[] = [];

  // Initial loading: unassigned demand goes to the current shortest path, origin by origin (times updated as it goes).
  // The loading pass estimates the gap from the times it saw. When it moved no flow (a warm start whose paths carry
  // all the demand, the live model's usual case) that gap is exact and a re-solve that still meets the target costs
  // one tree per origin. Otherwise an exact pass follows only where it can end the solve at once or where the method
  // needs it (Frank–Wolfe's first direction): on a cold start it would cost one of the ~12 all-origin passes and
  // change nothing.
  let gap = shortestPathPass(s, 'load', 0);
  let totalDemand = 0;
  for (let k = 0; k < s.odDemand.length; k++) totalDemand += s.odDemand[k] as number;
  let exact = s.loadedFlow <= 1e-9 * totalDemand;
  if (!exact && (method === 'frankWolfe' || gap <= targetGap)) {
    gap = shortestPathPass(s, 'exact', 0);
    exact = true;
  }
  let iterations = 0;
  gaps.push(gap);
  switch (method) {
    case 'gradientProjection': {
      // Each iteration: inner passes re-balance the current path set (the restricted problem) until its gap, as seen
      // during the pass, is below innerGapRatio × the outer gap (a fixed small number of passes was measured 2–4×
      // slower on congested grids: the restricted problem was left unbalanced); then a Gauss–Seidel column-generation
      // sweep: per origin, a shortest-path tree at the current times, the new shortest paths added, and that origin's
      // ODs re-balanced at once, so later origins see the improved flows (15 instead of 20 iterations to 1e-4 on the
      // bench grid). The sweep's gap is measured origin by origin while flows move, so it is an estimate: when it
      // reaches the target, an exact pass at fixed flows decides (and supplies the gap reported).
      const maxInner = opts.innerPasses ?? DEFAULT_MAX_INNER_PASSES;
      const ratio = opts.innerGapRatio ?? DEFAULT_INNER_GAP_RATIO;
      while (gap > targetGap && iterations < maxIterations) {
        exact = false;
        const innerTarget = Math.max(ratio * gap, 0.5 * targetGap) * s.tstt;
        for (let i = 0; i < maxInner; i++) {
          if (equilibratePass(s, 0, s.Z * s.Z) <= innerTarget) break;
        }
        iterations++;
        // Rebuild link flows from path flows (removes the round-off drift of incremental updates). Doing it only every
        // 8th iteration saved its 6 % but cost more trees (2,246 against 2,176 to 1e-4 on the bench grid).
        recomputeLinkFlows(s);
        gap = shortestPathPass(s, 'sweep', Math.max(gap, targetGap) * SKIP_RATIO);
        if (gap <= targetGap) {
          recomputeLinkFlows(s);
          gap = shortestPathPass(s, 'exact', 0);
          exact = true;
        }
        gaps.push(gap);
        opts.onIteration?.(iterations, gap);
      }
      if (!exact) {
        // Stopped by maxIterations on a sweep's estimate: report the exact gap.
        recomputeLinkFlows(s);
        gap = shortestPathPass(s, 'exact', 0);
        gaps[gaps.length - 1] = gap;
      }
      break;
    }
    case 'frankWolfe':
      while (gap > targetGap && iterations < maxIterations) {
        frankWolfeStep(s);
        iterations++;
        gap = shortestPathPass(s, 'exact', 0);
        gaps.push(gap);
        opts.onIteration?.(iterations, gap);
      }
      break;
    default: {
      const never: never = method;
      throw new RangeError(`unknown method ${String(never)}`);
    }
  }
  return makeResult(s, method, gap, iterations, gap <= targetGap, gaps);
}

// ---------------------------------------------------------------------------------------------------------------
// State: link arrays and a pool of paths (linked list per OD, links in one growable Uint32Array).

interface State {
  readonly net: AssignmentNetwork;
  readonly graph: ForwardStar;
  readonly tree: ShortestPathTree;
  readonly Z: number;
  readonly L: number;
  /** Demand per OD after removing unreachable pairs. */
  readonly odDemand: Float64Array;
  readonly isClosed: Uint8Array;
  readonly flow: Float64Array;
  readonly time: Float64Array;
  readonly deriv: Float64Array;
  /** time with +Infinity on closed links: the cost Dijkstra sees. */
  readonly spCost: Float64Array;
  /** Per-link stamps marking the links of the basic path s and of the path p in a Newton step. */
  readonly markS: Uint32Array;
  readonly markP: Uint32Array;
  stamp: number;
  /** Scratch for one extracted path (at most nodeCount links). */
  readonly scratch: Uint32Array;
  /** Per origin at its last shortest-path visit: Σ_d (Σ_p f_p c_p − D · c_sp), Σ_d D · c_sp, sweeps skipped since. */
  readonly originExcess: Float64Array;
  readonly originSptt: Float64Array;
  readonly originSkips: Uint8Array;
  /** The cheapest path of each OD found by the last shortest-path pass (−1 none). */
  readonly odBest: Int32Array;
  readonly odHead: Int32Array;
  pStart: Uint32Array;
  pLen: Uint32Array;
  pFlow: Float64Array;
  pNext: Int32Array;
  pathCap: number;
  pathHigh: number;
  freeHead: number;
  pool: Uint32Array;
  poolUsed: number;
  poolGarbage: number;
  /** Frank–Wolfe auxiliary flows. */
  aux: Float64Array | null;
  unreachable: UnreachableReport;
  sptt: number;
  tstt: number;
  /** Shortest-path trees computed so far. */
  trees: number;
  /** Demand the loading pass put on paths (0 when a warm start already carried all of it). */
  loadedFlow: number;
}

function createState(net: AssignmentNetwork, demand: OdDemand, opts: AssignOptions): State {
  const L = net.linkCount;
  const Z = net.zoneCount;
  const isClosed = new Uint8Array(L);
  for (let l = 0; l < L; l++) {
    const closedByCaller = opts.closed !== undefined && opts.closed[l] !== 0;
    if (
      closedByCaller ||
      !((net.capacity[l] as number) > 0) ||
      !Number.isFinite(net.freeFlowTime[l] as number)
    ) {
      isClosed[l] = 1;
    }
  }
  const pathCap = Math.max(64, Z * Z * 2);
  const s: State = {
    net,
    graph: buildForwardStar(net),
    tree: createShortestPathTree(net.nodeCount),
    Z,
    L,
    odDemand: withoutDiagonal(demand.trips, Z),
    isClosed,
    flow: new Float64Array(L),
    time: new Float64Array(L),
    deriv: new Float64Array(L),
    spCost: new Float64Array(L),
    markS: new Uint32Array(L),
    markP: new Uint32Array(L),
    stamp: 0,
    scratch: new Uint32Array(Math.max(1, net.nodeCount)),
    originExcess: new Float64Array(Z),
    originSptt: new Float64Array(Z),
    originSkips: new Uint8Array(Z),
    odBest: new Int32Array(Z * Z).fill(-1),
    odHead: new Int32Array(Z * Z).fill(-1),
    pStart: new Uint32Array(pathCap),
    pLen: new Uint32Array(pathCap),
    pFlow: new Float64Array(pathCap),
    pNext: new Int32Array(pathCap),
    pathCap,
    pathHigh: 0,
    freeHead: -1,
    pool: new Uint32Array(Math.max(1024, pathCap * 8)),
    poolUsed: 0,
    poolGarbage: 0,
    aux: null,
    unreachable: { count: 0, demand: 0, pairs: [] },
    sptt: 0,
    tstt: 0,
    trees: 0,
    loadedFlow: 0,
  };
  for (let l = 0; l < L; l++) updateLink(s, l);
  return s;
}

/** Recomputes time, derivative and shortest-path cost of link l from its flow (BPR, see bpr.ts). */
function updateLink(s: State, l: number): void {
  const net = s.net;
  const t0 = net.freeFlowTime[l] as number;
  if (s.isClosed[l] === 1) {
    s.time[l] = Number.isFinite(t0) ? t0 : 0;
    s.deriv[l] = 0;
    s.spCost[l] = Infinity;
    return;
  }
  let v = s.flow[l] as number;
  if (v < 0) v = 0;
  const c = net.capacity[l] as number;
  const a = net.alpha[l] as number;
  const b = net.beta[l] as number;
  const r = v / c;
  let pb: number; // r^(β−1)
  let p: number; // r^β
  if (b === 4) {
    pb = r * r * r;
    p = pb * r;
  } else if (b === 0) {
    pb = 0;
    p = 1;
  } else {
    pb = Math.pow(r, b - 1);
    p = pb * r;
  }
  const t = t0 * (1 + a * p);
  s.time[l] = t;
  s.spCost[l] = t;
  s.deriv[l] = (t0 * a * b * pb) / c;
}

function allocPath(s: State, linkCount: number): number {
  let p = s.freeHead;
  if (p >= 0) s.freeHead = s.pNext[p] as number;
  else {
    if (s.pathHigh === s.pathCap) {
      const cap = s.pathCap * 2;
      s.pStart = grow(s.pStart, cap);
      s.pLen = grow(s.pLen, cap);
      s.pFlow = grow(s.pFlow, cap);
      s.pNext = grow(s.pNext, cap);
      s.pathCap = cap;
    }
    p = s.pathHigh++;
  }
  if (s.poolUsed + linkCount > s.pool.length) {
    if (s.poolGarbage > s.poolUsed / 2) compactPool(s);
    if (s.poolUsed + linkCount > s.pool.length) {
      s.pool = grow(s.pool, Math.max(s.pool.length * 2, s.poolUsed + linkCount));
    }
  }
  s.pStart[p] = s.poolUsed;
  s.pLen[p] = linkCount;
  s.pFlow[p] = 0;
  s.poolUsed += linkCount;
  return p;
}

function grow<T extends Uint32Array | Int32Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Rewrites the link pool without the links of freed paths (order of ODs, then of their lists). */
function compactPool(s: State): void {
  const next = new Uint32Array(s.pool.length);
  let used = 0;
  for (let k = 0; k < s.odHead.length; k++) {
    for (let p = s.odHead[k] as number; p >= 0; p = s.pNext[p] as number) {
      const st = s.pStart[p] as number;
      const n = s.pLen[p] as number;
      next.set(s.pool.subarray(st, st + n), used);
      s.pStart[p] = used;
      used += n;
    }
  }
  s.pool = next;
  s.poolUsed = used;
  s.poolGarbage = 0;
}

/** Adds the path of `count` links in s.scratch to OD k (flow 0) and returns its id. */
function addPath(s: State, k: number, count: number): number {
  const p = allocPath(s, count);
  s.pool.set(s.scratch.subarray(0, count), s.pStart[p] as number);
  s.pNext[p] = s.odHead[k] as number;
  s.odHead[k] = p;
  return p;
}

/** Unlinks path p (whose predecessor in OD k's list is prev, −1 if head) and frees it. */
function removePath(s: State, k: number, p: number, prev: number): void {
  const nx = s.pNext[p] as number;
  if (prev < 0) s.odHead[k] = nx;
  else s.pNext[prev] = nx;
  s.pNext[p] = s.freeHead;
  s.freeHead = p;
  s.poolGarbage += s.pLen[p] as number;
  if (s.odBest[k] === p) s.odBest[k] = -1;
}

function pathCost(s: State, p: number): number {
  const pool = s.pool;
  const time = s.time;
  const st = s.pStart[p] as number;
  const end = st + (s.pLen[p] as number);
  let c = 0;
  for (let i = st; i < end; i++) c += time[pool[i] as number] as number;
  return c;
}

/** Adds `amount` to the flow of every link of path p and updates their times. */
function addPathFlow(s: State, p: number, amount: number): void {
  const st = s.pStart[p] as number;
  const end = st + (s.pLen[p] as number);
  for (let i = st; i < end; i++) {
    const l = s.pool[i] as number;
    s.flow[l] = (s.flow[l] as number) + amount;
    updateLink(s, l);
  }
}

/** Link flows from the path flows (removes the drift of incremental updates), then times. */
function recomputeLinkFlows(s: State): void {
  const { flow, pool, pStart, pLen, pFlow, pNext, odHead } = s;
  flow.fill(0);
  for (let k = 0; k < odHead.length; k++) {
    for (let p = odHead[k] as number; p >= 0; p = pNext[p] as number) {
      const f = pFlow[p] as number;
      const st = pStart[p] as number;
      const end = st + (pLen[p] as number);
      for (let i = st; i < end; i++) {
        const l = pool[i] as number;
        flow[l] = (flow[l] as number) + f;
      }
    }
  }
  for (let l = 0; l < s.L; l++) updateLink(s, l);
}

function loadWarmStart(s: State, warm: AssignmentResult): void {
  const { odStart, pathStart, pathLinks, pathFlow } = warm.paths;
  const K = s.Z * s.Z;
  if (warm.linkFlow.length !== s.L || odStart.length !== K + 1) {
    throw new RangeError(
      `warmStart is from another network (${warm.linkFlow.length} links, ${odStart.length - 1} OD pairs; ` +
        `expected ${s.L} links, ${K} OD pairs)`,
    );
  }
  for (let k = 0; k < K; k++) {
    const p0 = odStart[k] as number;
    const p1 = odStart[k + 1] as number;
    let oldTotal = 0;
    for (let p = p0; p < p1; p++) oldTotal += pathFlow[p] as number;
    const dem = s.odDemand[k] as number;
    if (!(oldTotal > 0) || dem === 0) continue;
    const scale = dem / oldTotal;
    for (let p = p0; p < p1; p++) {
      const a = pathStart[p] as number;
      const b = pathStart[p + 1] as number;
      let ok = b > a && (pathFlow[p] as number) > 0;
      for (let i = a; i < b && ok; i++) {
        const l = pathLinks[i] as number;
        if (l >= s.L) throw new RangeError(`warmStart path ${p} uses link ${l} ≥ linkCount ${s.L}`);
        if (s.isClosed[l] === 1) ok = false;
      }
      if (!ok) continue;
      s.scratch.set(pathLinks.subarray(a, b));
      const q = addPath(s, k, b - a);
      s.pFlow[q] = (pathFlow[p] as number) * scale;
    }
  }
  recomputeLinkFlows(s);
}

// ---------------------------------------------------------------------------------------------------------------
// The shortest-path pass: gap, column generation, loading.

/**
 * What a shortest-path pass does besides column generation: 'load' puts the demand not yet on any path onto the
 * shortest path (times updated as it goes), drops unreachable pairs and returns a gap estimated from the times it saw;
 * 'exact' leaves flows alone and returns the exact
 * relative gap; 'sweep' re-balances each origin's ODs right after its tree and returns the gap estimated on the way.
 */
type PassMode = 'load' | 'exact' | 'sweep';

/**
 * One shortest-path tree per origin at the current link times. Adds each OD's shortest path to its path set when it
 * is cheaper than every path there (column generation) and records it in odBest; see PassMode. In a sweep, an origin
 * whose own relative gap was below `skipBelow` at its last visit is skipped (at most MAX_SKIPS sweeps in a row): late
 * in a solve most of the gap sits in a few congested origins, and the exact pass that ends the solve visits them all.
 */
function shortestPathPass(s: State, mode: PassMode, skipBelow: number): number {
  const { Z, tree, graph, odDemand, odHead, odBest, originExcess, originSptt, originSkips } = s;
  const firstThru = s.net.firstThruNode;
  const load = mode === 'load';
  let sptt = 0;
  let excess = 0;
  let unreachableCount = 0;
  let unreachableDemand = 0;
  const pairs: { origin: number; dest: number; demand: number }[] = [];
  for (let o = 0; o < Z; o++) {
    if (
      mode === 'sweep' &&
      (originSkips[o] as number) < MAX_SKIPS &&
      (originExcess[o] as number) < skipBelow * (originSptt[o] as number)
    ) {
      originSkips[o] = (originSkips[o] as number) + 1;
      excess += originExcess[o] as number;
      sptt += originSptt[o] as number;
      continue;
    }
    originSkips[o] = 0;
    let any = false;
    for (let d = 0; d < Z; d++) if ((odDemand[o * Z + d] as number) > 0 && d !== o) any = true;
    if (!any) continue;
    shortestPathTree(graph, o, s.spCost, tree, firstThru, Z);
    s.trees++;
    const dist = tree.dist;
    let oExcess = 0;
    let oSptt = 0;
    for (let d = 0; d < Z; d++) {
      const k = o * Z + d;
      const dem = odDemand[k] as number;
      if (!(dem > 0) || d === o) continue;
      const spTime = dist[d] as number;
      if (spTime === Infinity) {
        if (load) {
          unreachableCount++;
          unreachableDemand += dem;
          if (pairs.length < MAX_UNREACHABLE_LISTED) pairs.push({ origin: o, dest: d, demand: dem });
          odDemand[k] = 0;
          for (let p = odHead[k] as number; p >= 0; p = odHead[k] as number) removePath(s, k, p, -1);
        }
        continue;
      }
      oSptt += dem * spTime;
      let best = -1;
      let bestCost = Infinity;
      let assigned = 0;
      let pathTT = 0;
      for (let p = odHead[k] as number; p >= 0; p = s.pNext[p] as number) {
        const c = pathCost(s, p);
        const f = s.pFlow[p] as number;
        assigned += f;
        pathTT += f * c;
        if (c < bestCost) {
          bestCost = c;
          best = p;
        }
      }
      // Same summation order as Dijkstra's labels, so an existing shortest path costs exactly spTime; a relative
      // margin keeps round-off from adding duplicates.
      if (best < 0 || spTime < bestCost * (1 - 1e-12)) {
        let node = d;
        let n = 0;
        const scratch = s.scratch;
        const predLink = tree.predLink;
        const from = s.net.from;
        for (let l = predLink[node] as number; l >= 0; l = predLink[node] as number) {
          scratch[n++] = l;
          node = from[l] as number;
        }
        scratch.subarray(0, n).reverse();
        best = addPath(s, k, n);
      }
      odBest[k] = best;
      oExcess += pathTT - assigned * spTime;
      if (load) {
        const residual = dem - assigned;
        if (residual > 0) {
          s.pFlow[best] = (s.pFlow[best] as number) + residual;
          addPathFlow(s, best, residual);
          s.loadedFlow += residual;
        }
      }
    }
    originExcess[o] = oExcess;
    originSptt[o] = oSptt;
    excess += oExcess;
    sptt += oSptt;
    if (mode === 'sweep') equilibratePass(s, o * Z, o * Z + Z);
  }
  if (load) s.unreachable = { count: unreachableCount, demand: unreachableDemand, pairs };
  let tstt = 0;
  for (let l = 0; l < s.L; l++) tstt += (s.flow[l] as number) * (s.time[l] as number);
  s.sptt = sptt;
  s.tstt = tstt;
  // Estimates (sweep, load) mix times from different moments of the pass; clamp them to the range of the true gap.
  const g = mode === 'sweep' ? (tstt > 0 ? excess / tstt : 0) : relativeGap(tstt, sptt);
  return Math.min(1, Math.max(0, g));
}

// ---------------------------------------------------------------------------------------------------------------
// Gradient projection (Jayakrishnan et al. 1994).

/**
 * One Gauss–Seidel pass over all OD pairs: Newton shifts from every used path to the OD's cheapest path. Returns the
 * excess cost Σ_od Σ_p f_p (c_p − c_min,od) of the path set before the pass (time × flow).
 */
function equilibratePass(s: State, k0: number, k1: number): number {
  let excess = 0;
  const { flow, time, deriv, markS, markP, odHead } = s;
  for (let k = k0; k < k1; k++) {
    const head = odHead[k] as number;
    if (head < 0 || (s.pNext[head] as number) < 0) continue; // 0 or 1 path: nothing to balance
    // Basic path: the cheapest at current times.
    let sp = -1;
    let spCost = Infinity;
    let odCost = 0;
    let odFlow = 0;
    for (let p = head; p >= 0; p = s.pNext[p] as number) {
      const c = pathCost(s, p);
      const f = s.pFlow[p] as number;
      odCost += f * c;
      odFlow += f;
      if (c < spCost) {
        spCost = c;
        sp = p;
      }
    }
    excess += odCost - odFlow * spCost;
    const pool = s.pool;
    const pStart = s.pStart;
    const pLen = s.pLen;
    const pFlow = s.pFlow;
    const sStart = pStart[sp] as number;
    const sEnd = sStart + (pLen[sp] as number);
    const stampS = nextStamp(s);
    for (let i = sStart; i < sEnd; i++) markS[pool[i] as number] = stampS;
    let prev = -1;
    for (let p = odHead[k] as number; p >= 0;) {
      const nextP = s.pNext[p] as number;
      if (p === sp) {
        prev = p;
        p = nextP;
        continue;
      }
      const stampP = nextStamp(s);
      const st = pStart[p] as number;
      const end = st + (pLen[p] as number);
      let tP = 0;
      let dP = 0;
      for (let i = st; i < end; i++) {
        const l = pool[i] as number;
        markP[l] = stampP;
        if (markS[l] !== stampS) {
          tP += time[l] as number;
          dP += deriv[l] as number;
        }
      }
      let tS = 0;
      let dS = 0;
      for (let i = sStart; i < sEnd; i++) {
        const l = pool[i] as number;
        if (markP[l] !== stampP) {
          tS += time[l] as number;
          dS += deriv[l] as number;
        }
      }
      const fp = pFlow[p] as number;
      const diff = tP - tS;
      if (diff > 0 && fp > 0) {
        let delta = dP + dS > 0 ? diff / (dP + dS) : fp;
        if (delta >= fp * (1 - 1e-12)) delta = fp;
        for (let i = st; i < end; i++) {
          const l = pool[i] as number;
          if (markS[l] !== stampS) {
            flow[l] = (flow[l] as number) - delta;
            updateLink(s, l);
          }
        }
        for (let i = sStart; i < sEnd; i++) {
          const l = pool[i] as number;
          if (markP[l] !== stampP) {
            flow[l] = (flow[l] as number) + delta;
            updateLink(s, l);
          }
        }
        pFlow[p] = fp - delta;
        pFlow[sp] = (pFlow[sp] as number) + delta;
      }
      if ((pFlow[p] as number) <= 0) removePath(s, k, p, prev);
      else prev = p;
      p = nextP;
    }
  }
  return excess;
}

function nextStamp(s: State): number {
  if (s.stamp >= 0xfffffffe) {
    s.stamp = 0;
    s.markS.fill(0);
    s.markP.fill(0);
  }
  return ++s.stamp;
}

// ---------------------------------------------------------------------------------------------------------------
// Frank–Wolfe with path recording.

/**
 * One Frank–Wolfe step towards the all-or-nothing flows on odBest (set by the preceding shortest-path pass): exact
 * line search by bisection on d/dλ Beckmann(x + λ(y − x)) = Σ (y − x) t(x + λ(y − x)), then path flows scaled.
 */
function frankWolfeStep(s: State): void {
  const { L, odBest, odDemand, flow, net } = s;
  const aux = s.aux ?? (s.aux = new Float64Array(L));
  aux.fill(0);
  for (let k = 0; k < odBest.length; k++) {
    const p = odBest[k] as number;
    const dem = odDemand[k] as number;
    if (p < 0 || !(dem > 0)) continue;
    const st = s.pStart[p] as number;
    const end = st + (s.pLen[p] as number);
    for (let i = st; i < end; i++) {
      const l = s.pool[i] as number;
      aux[l] = (aux[l] as number) + dem;
    }
  }
  const slope = (lambda: number): number => {
    let g = 0;
    for (let l = 0; l < L; l++) {
      const x = flow[l] as number;
      const dir = (aux[l] as number) - x;
      if (dir === 0) continue;
      const v = x + lambda * dir;
      const t0 = net.freeFlowTime[l] as number;
      const r = v / (net.capacity[l] as number);
      const b = net.beta[l] as number;
      const p = b === 4 ? r * r * r * r : b === 0 ? 1 : Math.pow(r, b);
      g += dir * t0 * (1 + (net.alpha[l] as number) * p);
    }
    return g;
  };
  let lambda: number;
  if (slope(1) <= 0) lambda = 1;
  else {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60 && hi - lo > 1e-15; i++) {
      const mid = 0.5 * (lo + hi);
      if (slope(mid) > 0) hi = mid;
      else lo = mid;
    }
    lambda = 0.5 * (lo + hi);
  }
  for (let l = 0; l < L; l++) {
    flow[l] = (flow[l] as number) + lambda * ((aux[l] as number) - (flow[l] as number));
    updateLink(s, l);
  }
  for (let k = 0; k < odBest.length; k++) {
    const dem = odDemand[k] as number;
    if (!(dem > 0)) continue;
    for (let p = s.odHead[k] as number; p >= 0; p = s.pNext[p] as number)
      s.pFlow[p] = (s.pFlow[p] as number) * (1 - lambda);
    const b = odBest[k] as number;
    if (b >= 0) s.pFlow[b] = (s.pFlow[b] as number) + lambda * dem;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Result.

function makeResult(
  s: State,
  method: AssignMethod,
  gap: number,
  iterations: number,
  converged: boolean,
  gaps: number[],
): EquilibriumResult {
  const K = s.Z * s.Z;
  let pathCount = 0;
  let linkTotal = 0;
  for (let k = 0; k < K; k++) {
    for (let p = s.odHead[k] as number; p >= 0; p = s.pNext[p] as number) {
      if ((s.pFlow[p] as number) > 0) {
        pathCount++;
        linkTotal += s.pLen[p] as number;
      }
    }
  }
  const odStart = new Uint32Array(K + 1);
  const pathStart = new Uint32Array(pathCount + 1);
  const pathLinks = new Uint32Array(linkTotal);
  const pathFlow = new Float64Array(pathCount);
  let np = 0;
  let nl = 0;
  for (let k = 0; k < K; k++) {
    odStart[k] = np;
    for (let p = s.odHead[k] as number; p >= 0; p = s.pNext[p] as number) {
      const f = s.pFlow[p] as number;
      if (!(f > 0)) continue;
      const st = s.pStart[p] as number;
      const n = s.pLen[p] as number;
      pathStart[np] = nl;
      pathLinks.set(s.pool.subarray(st, st + n), nl);
      pathFlow[np] = f;
      nl += n;
      np++;
    }
  }
  odStart[K] = np;
  pathStart[np] = nl;
  const paths: PathSet = { odStart, pathStart, pathLinks, pathFlow };
  const linkFlow = Float64Array.from(s.flow, (v) => (v > 0 ? v : 0));
  return {
    linkFlow,
    linkTime: Float64Array.from(s.time),
    relativeGap: gap,
    iterations,
    beckmann: beckmannObjective(s.net, linkFlow),
    tstt: s.tstt,
    converged,
    gapHistory: Float64Array.from(gaps),
    paths,
    method,
    sptt: s.sptt,
    unreachable: s.unreachable,
    shortestPathTrees: s.trees,
  };
}

/** A copy of the OD matrix with intrazonal trips (o = d) removed: they use no link. */
function withoutDiagonal(trips: Float64Array, Z: number): Float64Array {
  const out = Float64Array.from(trips);
  for (let z = 0; z < Z; z++) out[z * Z + z] = 0;
  return out;
}

/**
 * Consistency check of a result's path set (for tests and callers that build on it): every path is a chain of links
 * from its origin to its destination, path flows sum to the OD demand (0 for intrazonal and reported unreachable
 * pairs) and to the link flows, within `relTol`. Returns the problems found (at most 20), empty when consistent.
 */
export function checkPathSet(
  net: AssignmentNetwork,
  demand: OdDemand,
  result: Pick<EquilibriumResult, 'paths' | 'linkFlow'> & { readonly unreachable?: UnreachableReport },
  relTol = 1e-7,
): string[] {
  const problems: string[] = [];
  const say = (m: string): void => {
    if (problems.length < 20) problems.push(m);
  };
  const { odStart, pathStart, pathLinks, pathFlow } = result.paths;
  const Z = demand.zoneCount;
  if (odStart.length !== Z * Z + 1) return [`odStart has length ${odStart.length}, expected ${Z * Z + 1}`];
  const skipped = new Set((result.unreachable?.pairs ?? []).map((p) => p.origin * Z + p.dest));
  const fromPaths = new Float64Array(net.linkCount);
  for (let k = 0; k < Z * Z; k++) {
    const o = Math.floor(k / Z);
    const d = k % Z;
    let sum = 0;
    for (let p = odStart[k] as number; p < (odStart[k + 1] as number); p++) {
      const f = pathFlow[p] as number;
      if (!(f > 0)) say(`path ${p} (${o}→${d}) has flow ${f}`);
      sum += f;
      let node = o;
      for (let i = pathStart[p] as number; i < (pathStart[p + 1] as number); i++) {
        const l = pathLinks[i] as number;
        if (net.from[l] !== node) say(`path ${p} (${o}→${d}): link ${l} does not start at node ${node}`);
        node = net.to[l] as number;
        fromPaths[l] = (fromPaths[l] as number) + f;
      }
      if (node !== d) say(`path ${p} (${o}→${d}) ends at node ${node}`);
    }
    const want = o === d || skipped.has(k) ? 0 : (demand.trips[k] as number);
    if (Math.abs(sum - want) > relTol * Math.max(1, want))
      say(`OD ${o}→${d}: paths carry ${sum}, demand ${want}`);
  }
  if ((result.unreachable?.count ?? 0) > skipped.size) {
    problems.push('more unreachable pairs than listed: demand sums not checked for those');
  }
  for (let l = 0; l < net.linkCount; l++) {
    const v = result.linkFlow[l] as number;
    if (Math.abs((fromPaths[l] as number) - v) > relTol * Math.max(1, v)) {
      say(`link ${l}: paths carry ${fromPaths[l] as number}, linkFlow ${v}`);
    }
  }
  return problems;
}
