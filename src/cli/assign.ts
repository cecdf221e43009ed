/**
 * `npm run assign -- --net <net.tntp> --trips <trips.tntp> [--gap 1e-5] [--max-iter N]
 *   [--method gradientProjection|frankWolfe] [--out flows.csv]`
 * Static user-equilibrium assignment of a TNTP network (src/core/traffic/assignment.ts). Prints the Beckmann
 * objective, total system travel time, relative gap, iterations and elapsed time; --out writes
 * "from,to,volume,cost" (1-based nodes) atomically (temporary file, then rename). Exit codes: 0 done (also when the
 * gap target was not reached: the output says so), 1 bad arguments or input.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  ASSIGN_METHODS,
  DEFAULT_TARGET_GAP,
  solveEquilibrium,
  type AssignMethod,
} from '../core/traffic/assignment.ts';
import { formatFlowsCsv, parseTntpNetwork, parseTntpTrips } from '../core/traffic/tntp.ts';

const USAGE = `usage: npm run assign -- --net <net.tntp> --trips <trips.tntp> [--gap ${DEFAULT_TARGET_GAP}] [--max-iter N]
       [--method ${ASSIGN_METHODS.join('|')}] [--out flows.csv]`;

function fail(message: string, showUsage = true): never {
  console.error(`error: ${message}`);
  if (showUsage) console.error(USAGE);
  process.exit(1);
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${what} file ${file}: ${(e as Error).message}`, false);
  }
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        net: { type: 'string' },
        trips: { type: 'string' },
        gap: { type: 'string' },
        'max-iter': { type: 'string' },
        method: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.net === undefined) fail('--net is required');
  if (values.trips === undefined) fail('--trips is required');
  const gap = values.gap === undefined ? DEFAULT_TARGET_GAP : Number(values.gap);
  if (!(gap > 0 && gap < 1)) fail(`--gap must be a number in (0, 1), got "${values.gap}"`);
  const maxIter = values['max-iter'] === undefined ? undefined : Number(values['max-iter']);
  if (maxIter !== undefined && !(Number.isInteger(maxIter) && maxIter >= 0)) {
    fail(`--max-iter must be an integer ≥ 0, got "${values['max-iter']}"`);
  }
  const method = (values.method ?? 'gradientProjection') as AssignMethod;
  if (!ASSIGN_METHODS.includes(method))
    fail(`--method must be one of ${ASSIGN_METHODS.join(', ')}, got "${method}"`);

  let net, trips;
  try {
    net = parseTntpNetwork(readText(values.net, 'network'), values.net);
    trips = parseTntpTrips(readText(values.trips, 'trips'), values.trips);
  } catch (e) {
    fail((e as Error).message, false);
  }
  if (trips.zoneCount !== net.zoneCount) {
    fail(`${values.trips} has ${trips.zoneCount} zones but ${values.net} has ${net.zoneCount}`, false);
  }
  if (
    Number.isFinite(trips.declaredTotal) &&
    Math.abs(trips.total - trips.declaredTotal) > 1e-6 * trips.total
  ) {
    console.warn(
      `warning: ${values.trips}: <TOTAL OD FLOW> ${trips.declaredTotal} but the trips sum to ${trips.total}`,
    );
  }
  const t0 = performance.now();
  let r;
  try {
    r = solveEquilibrium(net, trips, {
      targetGap: gap,
      method,
      ...(maxIter === undefined ? {} : { maxIterations: maxIter }),
    });
  } catch (e) {
    fail(`${values.net} + ${values.trips}: ${(e as Error).message}`, false);
  }
  const ms = performance.now() - t0;
  const pathCount = r.paths.pathFlow.length;
  console.log(
    `network      ${path.basename(values.net)}: ${net.nodeCount} nodes, ${net.linkCount} links, ${net.zoneCount} zones`,
  );
  console.log(`demand       ${trips.total} trips`);
  console.log(`method       ${r.method}`);
  console.log(
    `beckmann     ${r.beckmann} (Σ ∫ t dv: network time unit × trips) = ${(r.beckmann / 1e5).toPrecision(15)} × 1e5, the scale TNTP publishes`,
  );
  console.log(`tstt         ${r.tstt} (Σ v·t: network time unit × trips, e.g. minutes for TNTP)`);
  console.log(
    `gap          ${r.relativeGap.toExponential(3)} (relative, (TSTT − SPTT)/TSTT; target ${gap})${r.converged ? '' : '  NOT CONVERGED'}`,
  );
  console.log(`iterations   ${r.iterations} (${r.shortestPathTrees} shortest-path trees)`);
  console.log(`paths        ${pathCount} used paths`);
  console.log(`elapsed      ${ms.toFixed(1)} ms (solve only)`);
  if (r.unreachable.count > 0) {
    const list = r.unreachable.pairs.map((p) => `${p.origin + 1}→${p.dest + 1}`).join(', ');
    console.log(
      `unreachable  ${r.unreachable.count} OD pairs, ${r.unreachable.demand} trips not assigned (${list}…)`,
    );
  }
  if (values.out !== undefined) {
    const tmp = `${values.out}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, formatFlowsCsv(net, r));
      renameSync(tmp, values.out);
    } catch (e) {
      rmSync(tmp, { force: true });
      fail(`cannot write ${values.out}: ${(e as Error).message}`, false);
    }
    console.log(`wrote        ${values.out}`);
  }
}

main();
