import { describe, expect, it } from 'vitest';
import { checkPathSet, solveEquilibrium, type EquilibriumResult } from './assignment.ts';
import { makeSyntheticCity } from './assignSynthetic.ts';
import { relativeGap, totalSystemTravelTime } from './bpr.ts';
import { buildForwardStar } from './graph.ts';
import { createShortestPathTree, shortestPathTree } from './shortestPath.ts';
import type { AssignmentNetwork, OdDemand } from './types.ts';

/** A network from per-link [from, to, t0, alpha, capacity] with β = 1 (linear costs, analytic equilibria). */
function linearNet(
  nodeCount: number,
  zoneCount: number,
  firstThruNode: number,
  links: readonly (readonly [number, number, number, number, number])[],
): AssignmentNetwork {
  const n = links.length;
  return {
    nodeCount,
    zoneCount,
    firstThruNode,
    linkCount: n,
    from: Uint32Array.from(links, (l) => l[0]),
    to: Uint32Array.from(links, (l) => l[1]),
    freeFlowTime: Float64Array.from(links, (l) => l[2]),
    alpha: Float64Array.from(links, (l) => l[3]),
    capacity: Float64Array.from(links, (l) => l[4]),
    beta: new Float64Array(n).fill(1),
    length: new Float64Array(n).fill(1),
  };
}

function demand(zoneCount: number, entries: readonly (readonly [number, number, number])[]): OdDemand {
  const trips = new Float64Array(zoneCount * zoneCount);
  for (const [o, d, v] of entries) trips[o * zoneCount + d] = v;
  return { zoneCount, trips };
}

/** Fails with the list of problems when the path set does not match the link flows and the demand. */
function checkPaths(net: AssignmentNetwork, dem: OdDemand, r: EquilibriumResult): void {
  expect(checkPathSet(net, dem, r)).toEqual([]);
}

describe('two parallel links (analytic equilibrium)', () => {
  // Link A: t = 10 (1 + v/1000) = 10 + 0.01 v; link B: t = 15 (1 + v/3000) = 15 + 0.005 v; 1000 trips 0 → 1.
  // Wardrop: 10 + 0.01 vA = 15 + 0.005 (1000 − vA) → 0.015 vA = 10 → vA = 666.667, vB = 333.333, both 16.6667.
  // Beckmann = (10 vA + 0.005 vA²) + (15 vB + 0.0025 vB²) = 8888.889 + 5277.778 = 14166.667; TSTT = 16666.667.
  const net = linearNet(2, 2, 0, [
    [0, 1, 10, 1, 1000],
    [0, 1, 15, 1, 3000],
  ]);
  const dem = demand(2, [[0, 1, 1000]]);
  for (const method of ['gradientProjection', 'frankWolfe'] as const) {
    it(`${method} reaches it`, () => {
      const r = solveEquilibrium(net, dem, { method, targetGap: 1e-9 });
      expect(r.converged).toBe(true);
      expect(r.linkFlow[0]).toBeCloseTo(2000 / 3, 4);
      expect(r.linkFlow[1]).toBeCloseTo(1000 / 3, 4);
      expect(r.linkTime[0]).toBeCloseTo(50 / 3, 6);
      expect(r.beckmann).toBeCloseTo(42500 / 3, 3);
      expect(r.tstt).toBeCloseTo(50000 / 3, 3);
      expect(r.relativeGap).toBeLessThanOrEqual(1e-9);
      expect(r.gapHistory.length).toBe(r.iterations + 1);
      checkPaths(net, dem, r);
    });
  }
  it('gradient projection: the Newton step is exact for linear costs (two iterations)', () => {
    // Loading puts all 1000 on A (free-flow 10 < 15): t_A = 20 > t_B = 15. Iteration 1 adds route B and its Newton
    // step Δ = (20 − 15) / (0.01 + 0.005) = 333.33 lands on the equilibrium; iteration 2 sees the gap and stops.
    const r = solveEquilibrium(net, dem, { targetGap: 1e-12 });
    expect(r.iterations).toBe(2);
    expect(r.paths.pathFlow.length).toBe(2);
    expect(r.relativeGap).toBeLessThan(1e-14);
  });
});

describe('Braess network', () => {
  // s=0, t=1 (zones), a=2, b=3. s→a: 1 + v/100, a→t: 45, s→b: 45, b→t: 1 + v/100, bridge a→b: 1. 4000 trips s→t.
  // With the bridge everyone takes s-a-b-t: 1+40 + 1 + 1+40 = 83 (the others cost 1+40+45 = 86): TSTT 332,000.
  // Bridge closed: 2000 per route, 1 + 20 + 45 = 66 each: TSTT 264,000 (Braess 1968: the bridge makes all slower).
  const net = linearNet(4, 2, 2, [
    [0, 2, 1, 1, 100],
    [2, 1, 45, 0, 1],
    [0, 3, 45, 0, 1],
    [3, 1, 1, 1, 100],
    [2, 3, 1, 0, 1],
  ]);
  const dem = demand(2, [[0, 1, 4000]]);
  it('with the bridge', () => {
    const r = solveEquilibrium(net, dem, { targetGap: 1e-10 });
    expect(Array.from(r.linkFlow)).toEqual([4000, 0, 0, 4000, 4000]);
    expect(r.tstt).toBeCloseTo(332000, 6);
    expect(r.paths.pathFlow.length).toBe(1);
    checkPaths(net, dem, r);
  });
  it('bridge closed (explicitly, and by zero capacity), and a warm start from the open solution', () => {
    const open = solveEquilibrium(net, dem, { targetGap: 1e-10 });
    const closed = Uint8Array.of(0, 0, 0, 0, 1);
    const zeroCap = { ...net, capacity: Float64Array.of(100, 1, 1, 100, 0) };
    for (const r of [
      solveEquilibrium(net, dem, { targetGap: 1e-10, closed }),
      solveEquilibrium(zeroCap, dem, { targetGap: 1e-10 }),
      solveEquilibrium(net, dem, { targetGap: 1e-10, closed, warmStart: open }),
    ]) {
      expect(r.linkFlow[4]).toBe(0);
      for (const l of [0, 1, 2, 3]) expect(r.linkFlow[l]).toBeCloseTo(2000, 6);
      expect(r.tstt).toBeCloseTo(264000, 4);
      expect(r.linkTime.every(Number.isFinite)).toBe(true);
      checkPaths(net, dem, r);
    }
  });
});

describe('unreachable pairs and bad input', () => {
  // Zone 2 has no links at all: 0→2 (50) and 1→2 (7) cannot be assigned; 0→1 can.
  const net = linearNet(3, 3, 0, [[0, 1, 5, 1, 100]]);
  const dem = demand(3, [
    [0, 1, 100],
    [0, 2, 50],
    [1, 2, 7],
  ]);
  it('reports them and assigns the rest', () => {
    const r = solveEquilibrium(net, dem);
    expect(r.unreachable.count).toBe(2);
    expect(r.unreachable.demand).toBe(57);
    expect(r.unreachable.pairs).toEqual([
      { origin: 0, dest: 2, demand: 50 },
      { origin: 1, dest: 2, demand: 7 },
    ]);
    expect(r.linkFlow[0]).toBe(100);
    expect(r.converged).toBe(true);
    checkPaths(net, dem, r);
  });
  it('rejects inconsistent arrays with the field named', () => {
    expect(() => solveEquilibrium(net, { zoneCount: 3, trips: new Float64Array(4) })).toThrow(
      /demand.trips has length 4/,
    );
    expect(() => solveEquilibrium({ ...net, beta: Float64Array.of(0.5) }, dem)).toThrow(/link 0: beta 0.5/);
    const nan = Float64Array.from(dem.trips);
    nan[1] = Number.NaN;
    expect(() => solveEquilibrium(net, { zoneCount: 3, trips: nan })).toThrow(/demand 0→1: NaN/);
    expect(() => solveEquilibrium(net, dem, { closed: new Uint8Array(5) })).toThrow(/closed has length 5/);
  });
});

describe('synthetic grid city: warm start after an incident', () => {
  const { net, demand: dem } = makeSyntheticCity({
    seed: 7,
    rows: 12,
    cols: 12,
    zones: 12,
    totalTrips: 30000,
  });
  const base = solveEquilibrium(net, dem, { targetGap: 1e-6 });
  // Close the busiest link and halve the capacity of the next busiest.
  const order = Array.from(base.linkFlow.keys()).sort(
    (a, b) => (base.linkFlow[b] as number) - (base.linkFlow[a] as number),
  );
  const closed = new Uint8Array(net.linkCount);
  closed[order[0] as number] = 1;
  const capacity = Float64Array.from(net.capacity);
  capacity[order[1] as number] = (capacity[order[1] as number] as number) / 2;
  const incident = { ...net, capacity };
  it('gives the same equilibrium as a cold start, with fewer shortest-path trees', () => {
    expect(base.converged).toBe(true);
    const cold = solveEquilibrium(incident, dem, { targetGap: 1e-6, closed });
    const warm = solveEquilibrium(incident, dem, { targetGap: 1e-6, closed, warmStart: base });
    expect(cold.converged && warm.converged).toBe(true);
    expect(warm.linkFlow[order[0] as number]).toBe(0);
    expect(warm.shortestPathTrees).toBeLessThan(cold.shortestPathTrees);
    expect(Math.abs(warm.beckmann - cold.beckmann) / cold.beckmann).toBeLessThan(1e-5);
    checkPaths(incident, dem, warm);
  });
  it('copes with a capacity cut to 1e-6 of normal instead of `closed` (finite numbers, converged, flow ≈ 0)', () => {
    const tiny = Float64Array.from(net.capacity);
    tiny[order[0] as number] = (tiny[order[0] as number] as number) * 1e-6;
    for (const warmStart of [undefined, base]) {
      const r = solveEquilibrium({ ...net, capacity: tiny }, dem, {
        targetGap: 1e-4,
        ...(warmStart ? { warmStart } : {}),
      });
      expect(r.converged).toBe(true);
      expect(r.linkTime.every(Number.isFinite) && r.linkFlow.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(r.beckmann) && Number.isFinite(r.tstt)).toBe(true);
      expect(r.linkFlow[order[0] as number]).toBeLessThan(0.1);
    }
  });
  it('re-solving an unchanged network from its own solution takes no iteration and one tree per origin', () => {
    const again = solveEquilibrium(net, dem, { targetGap: 1e-6, warmStart: base });
    expect(again.iterations).toBe(0);
    expect(again.shortestPathTrees).toBe(dem.zoneCount);
    expect(again.relativeGap).toBeCloseTo(base.relativeGap, 12);
  });
  it('follows a demand change by scaling the old path flows', () => {
    const more = { zoneCount: dem.zoneCount, trips: dem.trips.map((v) => v * 1.1) };
    const warm = solveEquilibrium(net, more, { targetGap: 1e-6, warmStart: base });
    const cold = solveEquilibrium(net, more, { targetGap: 1e-6 });
    expect(warm.converged).toBe(true);
    expect(Math.abs(warm.beckmann - cold.beckmann) / cold.beckmann).toBeLessThan(1e-5);
    checkPaths(net, more, warm);
  });
  it('reports the exact gap at the final flows when stopped by maxIterations', () => {
    const r = solveEquilibrium(net, dem, { targetGap: 1e-12, maxIterations: 1 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(1);
    // Recompute SPTT with the exported pieces: one tree per origin at the result's link times.
    const graph = buildForwardStar(net);
    const tree = createShortestPathTree(net.nodeCount);
    let sptt = 0;
    for (let o = 0; o < dem.zoneCount; o++) {
      shortestPathTree(graph, o, r.linkTime, tree, net.firstThruNode);
      for (let d = 0; d < dem.zoneCount; d++) {
        if (d !== o) sptt += (dem.trips[o * dem.zoneCount + d] as number) * (tree.dist[d] as number);
      }
    }
    const tstt = totalSystemTravelTime(r.linkFlow, r.linkTime, net.linkCount);
    expect(r.relativeGap).toBeCloseTo(relativeGap(tstt, sptt), 12);
    expect(r.gapHistory[r.gapHistory.length - 1]).toBe(r.relativeGap);
  });
  it('is deterministic', () => {
    const again = solveEquilibrium(net, dem, { targetGap: 1e-6 });
    expect(Array.from(again.linkFlow)).toEqual(Array.from(base.linkFlow));
  });
});
