/**
 * One-to-all shortest paths: Dijkstra's label-setting algorithm (Dijkstra 1959, "A note on two problems in connexion
 * with graphs") with an indexed binary heap (decrease-key in place; Cormen et al., "Introduction to Algorithms",
 * §6.5), all state in a reusable workspace of typed arrays so repeated trees allocate nothing.
 * Centroids (nodes below firstThruNode other than the origin) are settled but never expanded, so no path passes
 * through a zone (TNTP "FIRST THRU NODE" convention). A link whose cost is +Infinity is never used (closed link).
 */
import type { ForwardStar } from './graph.ts';

/** Reusable arrays of one shortest-path tree; `dist` and `predLink` hold the last tree computed into it. */
export interface ShortestPathTree {
  readonly nodeCount: number;
  /** Shortest time from the origin; +Infinity when unreachable. */
  readonly dist: Float64Array;
  /** Last link of the shortest path to each node; −1 at the origin and at unreachable nodes. */
  readonly predLink: Int32Array;
  /** Heap of node ids (scratch). */
  readonly heap: Uint32Array;
  /** Key (distance) of heap[i], kept beside it so sifting reads one array (scratch). */
  readonly heapKey: Float64Array;
  /** Position of a node in the heap, −1 when not in it (scratch). */
  readonly heapPos: Int32Array;
}

/** Allocates the arrays for shortest-path trees over `nodeCount` nodes. */
export function createShortestPathTree(nodeCount: number): ShortestPathTree {
  return {
    nodeCount,
    dist: new Float64Array(nodeCount),
    predLink: new Int32Array(nodeCount),
    heap: new Uint32Array(nodeCount),
    heapKey: new Float64Array(nodeCount),
    heapPos: new Int32Array(nodeCount),
  };
}

/**
 * Computes the shortest-path tree from `origin` under `linkCost` (≥ 0; +Infinity = closed) into `tree`.
 * `firstThruNode`: nodes below it other than the origin are not expanded. `stopAfterNodes` > 0 stops as soon as every
 * node below it is settled (e.g. the zone count: only the centroids' distances are needed). Returns `tree`.
 */
export function shortestPathTree(
  graph: ForwardStar,
  origin: number,
  linkCost: Float64Array,
  tree: ShortestPathTree,
  firstThruNode = 0,
  stopAfterNodes = 0,
): ShortestPathTree {
  const { outStart, outLink, outTo } = graph;
  const { dist, predLink, heap, heapKey, heapPos } = tree;
  dist.fill(Infinity);
  predLink.fill(-1);
  heapPos.fill(-1);
  dist[origin] = 0;
  heap[0] = origin;
  heapKey[0] = 0;
  heapPos[origin] = 0;
  let size = 1;
  let toSettle = stopAfterNodes;
  while (size > 0) {
    // Pop the minimum, then sift the last element down from the root.
    const u = heap[0] as number;
    const du = heapKey[0] as number;
    heapPos[u] = -2; // settled
    size--;
    if (size > 0) {
      const last = heap[size] as number;
      const kl = heapKey[size] as number;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        let kc = heapKey[c] as number;
        if (c + 1 < size) {
          const k2 = heapKey[c + 1] as number;
          if (k2 < kc) {
            c++;
            kc = k2;
          }
        }
        if (kc >= kl) break;
        const hc = heap[c] as number;
        heap[i] = hc;
        heapKey[i] = kc;
        heapPos[hc] = i;
        i = c;
      }
      heap[i] = last;
      heapKey[i] = kl;
      heapPos[last] = i;
    }
    if (u < stopAfterNodes && --toSettle === 0) break;
    if (u < firstThruNode && u !== origin) continue;
    const end = outStart[u + 1] as number;
    for (let e = outStart[u] as number; e < end; e++) {
      const v = outTo[e] as number;
      const link = outLink[e] as number;
      const nd = du + (linkCost[link] as number);
      if (nd < (dist[v] as number)) {
        let i = heapPos[v] as number;
        if (i === -2) continue; // settled already (only possible with zero-cost ties)
        if (i === -1) i = size++;
        dist[v] = nd;
        predLink[v] = link;
        // Sift up from i.
        while (i > 0) {
          const p = (i - 1) >> 1;
          const kp = heapKey[p] as number;
          if (kp <= nd) break;
          const hp = heap[p] as number;
          heap[i] = hp;
          heapKey[i] = kp;
          heapPos[hp] = i;
          i = p;
        }
        heap[i] = v;
        heapKey[i] = nd;
        heapPos[v] = i;
      }
    }
  }
  return tree;
}

/**
 * Writes the links of the tree path origin → `dest` into `out` in travel order and returns their count (0 when dest is
 * the origin or unreachable). `from` gives each link's tail node. `out` must hold at least nodeCount entries.
 */
export function extractPath(
  tree: ShortestPathTree,
  from: Uint32Array,
  dest: number,
  out: Uint32Array,
): number {
  let n = 0;
  let link = tree.predLink[dest] as number;
  while (link >= 0) {
    out[n++] = link;
    link = tree.predLink[from[link] as number] as number;
  }
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return n;
}

/** Travel time of a path: Σ linkTime over links[start..end-1] (same unit as linkTime). */
export function pathTime(links: Uint32Array, start: number, end: number, linkTime: Float64Array): number {
  let s = 0;
  for (let i = start; i < end; i++) s += linkTime[links[i] as number] as number;
  return s;
}
