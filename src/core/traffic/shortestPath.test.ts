import { describe, expect, it } from 'vitest';
import { buildForwardStar } from './graph.ts';
import { createShortestPathTree, extractPath, pathTime, shortestPathTree } from './shortestPath.ts';

// 0 → 1 (4), 0 → 2 (1), 2 → 1 (2), 1 → 3 (1), 2 → 3 (5), 3 → 4 (3), 4 → 0 (1)
const from = Uint32Array.of(0, 0, 2, 1, 2, 3, 4);
const to = Uint32Array.of(1, 2, 1, 3, 3, 4, 0);
const cost = Float64Array.of(4, 1, 2, 1, 5, 3, 1);
const graph = buildForwardStar({ nodeCount: 5, linkCount: 7, from, to });

describe('forward star', () => {
  it('groups links by tail node in input order', () => {
    expect(Array.from(graph.outStart)).toEqual([0, 2, 3, 5, 6, 7]);
    expect(Array.from(graph.outLink)).toEqual([0, 1, 3, 2, 4, 5, 6]);
    expect(Array.from(graph.outTo)).toEqual([1, 2, 3, 1, 3, 4, 0]);
  });
  it('rejects an endpoint out of range', () => {
    expect(() =>
      buildForwardStar({ nodeCount: 2, linkCount: 1, from: Uint32Array.of(0), to: Uint32Array.of(5) }),
    ).toThrow(/link 0: node 5/);
  });
});

describe('Dijkstra', () => {
  const tree = createShortestPathTree(5);
  it('finds the hand-computed distances and paths', () => {
    shortestPathTree(graph, 0, cost, tree);
    // 0→2 = 1; 0→2→1 = 3 (< 4 direct); 0→2→1→3 = 4 (< 0→2→3 = 6); → 4 = 7
    expect(Array.from(tree.dist)).toEqual([0, 3, 1, 4, 7]);
    const out = new Uint32Array(5);
    const n = extractPath(tree, from, 4, out);
    expect(Array.from(out.subarray(0, n))).toEqual([1, 2, 3, 5]);
    expect(pathTime(out, 0, n, cost)).toBe(7);
    expect(extractPath(tree, from, 0, out)).toBe(0);
  });
  it('never uses a closed (+Infinity) link and reports unreachable nodes', () => {
    const c = Float64Array.from(cost);
    c[2] = Infinity; // 2 → 1 closed: 1 is reached directly (4), 3 via 1 (5)
    shortestPathTree(graph, 0, c, tree);
    expect(Array.from(tree.dist)).toEqual([0, 4, 1, 5, 8]);
    c[5] = Infinity; // 3 → 4 closed: 4 unreachable
    shortestPathTree(graph, 0, c, tree);
    expect(tree.dist[4]).toBe(Infinity);
    expect(tree.predLink[4]).toBe(-1);
  });
  it('does not pass through centroids below firstThruNode', () => {
    // From 3 with firstThruNode 1: 3 → 4 → 0 is fine (0 is a destination), but nothing beyond 0.
    shortestPathTree(graph, 3, cost, tree, 1);
    expect(Array.from(tree.dist)).toEqual([4, Infinity, Infinity, 0, 3]);
    // Without the rule, 1 and 2 are reached through 0.
    shortestPathTree(graph, 3, cost, tree, 0);
    expect(Array.from(tree.dist)).toEqual([4, 7, 5, 0, 3]);
  });
  it('stops once the first nodes are settled, with their distances exact', () => {
    shortestPathTree(graph, 0, cost, tree, 0, 3);
    expect(Array.from(tree.dist.subarray(0, 3))).toEqual([0, 3, 1]);
  });
});
