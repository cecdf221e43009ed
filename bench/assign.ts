/**
 * `npx tsx bench/assign.ts [--runs N] [--method gradientProjection|frankWolfe]`: static user-equilibrium assignment
 * speed (src/core/traffic/assignment.ts).
 *   (a) Sioux Falls (../shared/data/traffic, TNTP; skipped with a message when absent) to relative gap 1e-6.
 *       Target < 50 ms. Warm JIT: 5 warm-up solves, then the median of --runs solves (default 15).
 *   (b) A generated grid city (src/core/traffic/assignSynthetic.ts, seed 1): 68 × 68 intersections 200 m apart
 *       (13.4 km square), an arterial (3 lanes, 50 km/h, 5,400 veh/h) every 5th row and column, local streets
 *       (1 lane, 30 km/h, 700 veh/h) between, 200 zone centroids each tied to the 4 corners of its cell:
 *       4,824 nodes, 19,824 directed links. Gravity demand exp(−d / 3 km), 700,000 veh/h in total, which makes it
 *       congested: average v/c ≈ 0.88 on the busiest third of the street links (printed). To relative gap 1e-4.
 *       Target < 2 s. One warm-up solve, then the median of --grid-runs solves (default 3).
 * Prints a table (wall and process CPU time: on a shared machine the CPU time is the steadier figure) and one line
 * `BENCH_RESULT {json}` for bench/run.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  ASSIGN_METHODS,
  solveEquilibrium,
  type AssignMethod,
  type EquilibriumResult,
} from '../src/core/traffic/assignment.ts';
import { makeSyntheticCity } from '../src/core/traffic/assignSynthetic.ts';
import { parseTntpNetwork, parseTntpTrips } from '../src/core/traffic/tntp.ts';
import type { AssignmentNetwork, OdDemand } from '../src/core/traffic/types.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'grid-runs': { type: 'string', default: '3' },
    method: { type: 'string', default: 'gradientProjection' },
  },
});
const method = args.method as AssignMethod;
if (!ASSIGN_METHODS.includes(method)) {
  console.error(`error: --method must be one of ${ASSIGN_METHODS.join(', ')}`);
  process.exit(1);
}
const runs = Math.max(1, Number(args.runs));
const gridRuns = Math.max(1, Number(args['grid-runs']));

interface Timed {
  medianMs: number;
  minMs: number;
  /** Median process CPU time per solve: less disturbed than wall time on a shared machine. */
  medianCpuMs: number;
  result: EquilibriumResult;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function timeSolves(
  net: AssignmentNetwork,
  demand: OdDemand,
  targetGap: number,
  warmups: number,
  n: number,
): Timed {
  let result = solveEquilibrium(net, demand, { targetGap, method });
  for (let i = 1; i < warmups; i++) solveEquilibrium(net, demand, { targetGap, method });
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = solveEquilibrium(net, demand, { targetGap, method });
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  return { medianMs: median(ms), minMs: Math.min(...ms), medianCpuMs: median(cpuMs), result };
}

const rows: string[][] = [];
const json: Record<string, unknown> = {
  method,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  /** Load average when the bench started: wall times on a busy machine are inflated, CPU times less so. */
  loadAvg1m: os.loadavg()[0],
  node: process.version,
};

const TRAFFIC = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'traffic');
const sfNet = path.join(TRAFFIC, 'SiouxFalls_net.tntp');
const sfTrips = path.join(TRAFFIC, 'SiouxFalls_trips.tntp');
if (existsSync(sfNet) && existsSync(sfTrips)) {
  const net = parseTntpNetwork(readFileSync(sfNet, 'utf8'), sfNet);
  const trips = parseTntpTrips(readFileSync(sfTrips, 'utf8'), sfTrips);
  const t = timeSolves(net, trips, 1e-6, 5, runs);
  rows.push([
    'Sioux Falls, gap 1e-6',
    `${net.linkCount} links, ${net.zoneCount} zones`,
    t.medianMs.toFixed(1),
    t.medianCpuMs.toFixed(1),
    String(t.result.iterations),
    t.result.relativeGap.toExponential(2),
    '< 50 ms',
  ]);
  json.siouxFalls = {
    medianMs: t.medianMs,
    minMs: t.minMs,
    medianCpuMs: t.medianCpuMs,
    runs,
    iterations: t.result.iterations,
    shortestPathTrees: t.result.shortestPathTrees,
    relativeGap: t.result.relativeGap,
    beckmann: t.result.beckmann,
    targetMs: 50,
  };
} else {
  console.warn(`Sioux Falls skipped: ${existsSync(sfNet) ? sfTrips : sfNet} is missing`);
}

{
  const { net, demand } = makeSyntheticCity({ seed: 1, rows: 68, cols: 68, zones: 200, totalTrips: 700000 });
  const t = timeSolves(net, demand, 1e-4, 1, gridRuns);
  // Congestion of the busiest third of street links (connectors excluded).
  const vc: number[] = [];
  for (let l = 0; l < net.linkCount; l++) {
    if ((net.from[l] as number) >= net.zoneCount && (net.to[l] as number) >= net.zoneCount) {
      vc.push((t.result.linkFlow[l] as number) / (net.capacity[l] as number));
    }
  }
  vc.sort((a, b) => b - a);
  const third = vc.slice(0, Math.floor(vc.length / 3));
  const avgVcTopThird = third.reduce((a, b) => a + b, 0) / third.length;
  rows.push([
    'grid city, gap 1e-4',
    `${net.linkCount} links, ${net.zoneCount} zones`,
    t.medianMs.toFixed(0),
    t.medianCpuMs.toFixed(0),
    String(t.result.iterations),
    t.result.relativeGap.toExponential(2),
    '< 2000 ms',
  ]);
  json.grid = {
    medianMs: t.medianMs,
    minMs: t.minMs,
    medianCpuMs: t.medianCpuMs,
    runs: gridRuns,
    links: net.linkCount,
    nodes: net.nodeCount,
    zones: net.zoneCount,
    iterations: t.result.iterations,
    shortestPathTrees: t.result.shortestPathTrees,
    relativeGap: t.result.relativeGap,
    paths: t.result.paths.pathFlow.length,
    avgVcTopThird,
    targetMs: 2000,
  };
  console.log(`grid city: average v/c on the busiest third of street links ${avgVcTopThird.toFixed(2)}`);
}

const header = ['case', 'size', 'median wall ms', 'median CPU ms', 'iterations', 'final gap', 'target'];
const table = [header, header.map(() => '---'), ...rows];
console.log(`assignment (${method}), median of warm runs after JIT warm-up:`);
for (const r of table) console.log(`| ${r.join(' | ')} |`);
console.log(`BENCH_RESULT ${JSON.stringify(json)}`);
