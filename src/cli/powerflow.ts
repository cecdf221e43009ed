/**
 * `npm run powerflow -- <case.m> [--method auto|nr|dc|sweep] [--tol 1e-8] [--max-iter N] [--json]`
 * Reads a MATPOWER case file (running its unit-conversion lines), solves the power flow and prints the bus table
 * (|V| p.u., angle °), branch flows at both ends (MW / MVAr), total losses (MW and kW), the minimum voltage and
 * where, iterations, convergence and elapsed time. `auto` uses the backward/forward sweep on a radial single-source
 * feeder and Newton–Raphson otherwise. The solvers live in src/core/energy (README there).
 * Exit codes: 0 solved, 1 bad input or no convergence (a one-line reason naming the file), 2 usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MatpowerError, parseMatpower, matpowerToNetwork } from '../core/energy/matpower.ts';
import type { PowerNetwork } from '../core/energy/network.ts';
import { NetworkError } from '../core/energy/network.ts';
import { PowerFlowError, PowerFlowMethod, chooseMethod, runPowerFlow } from '../core/energy/powerFlow.ts';
import type { PowerFlowMethodName, PowerFlowResult } from '../core/energy/powerFlow.ts';

const USAGE = `usage: npm run powerflow -- <case.m> [--method auto|nr|dc|sweep] [--tol 1e-8] [--max-iter N] [--json]
  --method    auto (default): sweep for a radial single-source feeder without PV buses, Newton–Raphson otherwise
  --tol       convergence tolerance, p.u. (NR: max power mismatch; sweep: max voltage change). Default 1e-8
  --max-iter  iteration limit (default 10 for NR, as MATPOWER; 100 for the sweep)
  --json      print one JSON object instead of the tables`;

/** Parsed command line. */
interface Args {
  file: string;
  method: PowerFlowMethodName;
  tol: number;
  maxIter: number | undefined;
  json: boolean;
}

/** Parses argv; returns a message string on a usage error ('' for --help). */
function parseArgs(argv: readonly string[]): Args | string {
  let file: string | undefined;
  let method: PowerFlowMethodName = 'auto';
  let tol = 1e-8;
  let maxIter: number | undefined;
  let json = false;
  const methods = Object.values(PowerFlowMethod) as string[];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return '';
    if (a === '--json') {
      json = true;
      continue;
    }
    const [k, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (k === '--method' || k === '--tol' || k === '--max-iter') {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') return `${k} needs a value`;
      if (k === '--method') {
        if (!methods.includes(v)) return `--method must be one of ${methods.join(', ')}, got "${v}"`;
        method = v as PowerFlowMethodName;
      } else if (k === '--tol') {
        tol = Number(v);
        if (!Number.isFinite(tol) || tol <= 0) return `--tol must be a positive number, got "${v}"`;
      } else {
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10000)
          return `--max-iter must be an integer 1..10000, got "${v}"`;
        maxIter = Number(v);
      }
      continue;
    }
    if (a.startsWith('-')) return `unknown option ${a}`;
    if (file !== undefined) return `only one case file, got "${file}" and "${a}"`;
    file = a;
  }
  if (file === undefined) return 'missing the case file';
  return { file, method, tol, maxIter, json };
}

const pad = (s: string, w: number): string => s.padStart(w);

/** Prints the human-readable report. */
function printTables(
  file: string,
  net: PowerNetwork,
  r: PowerFlowResult,
  why: string,
  ms: Record<string, number>,
): void {
  const out: string[] = [];
  out.push(`case ${file}: ${net.busCount} buses, ${net.branchCount} branches, baseMVA ${net.baseMva}`);
  out.push(`method ${r.method}${why}`);
  out.push('');
  out.push('  bus   Vm (p.u.)   Va (deg)');
  for (let i = 0; i < net.busCount; i++)
    out.push(
      `${pad(String(net.busNumber[i]), 5)} ${pad(r.vmPu[i]!.toFixed(5), 11)} ${pad(r.vaDeg[i]!.toFixed(4), 10)}`,
    );
  out.push('');
  out.push('  branch  from    to  P_from (MW)  Q_from (MVAr)    P_to (MW)  Q_to (MVAr)  P_loss (kW)');
  for (let k = 0; k < net.branchCount; k++) {
    const f = String(net.busNumber[net.fromBus[k]!]);
    const t = String(net.busNumber[net.toBus[k]!]);
    if (!net.inService[k]) {
      out.push(`${pad(String(k + 1), 8)} ${pad(f, 5)} ${pad(t, 5)}  out of service`);
      continue;
    }
    const loss = (r.pFromMw[k]! + r.pToMw[k]!) * 1000;
    out.push(
      `${pad(String(k + 1), 8)} ${pad(f, 5)} ${pad(t, 5)} ${pad(r.pFromMw[k]!.toFixed(4), 12)} ${pad(r.qFromMvar[k]!.toFixed(4), 14)} ${pad(r.pToMw[k]!.toFixed(4), 12)} ${pad(r.qToMvar[k]!.toFixed(4), 12)} ${pad(loss.toFixed(3), 12)}`,
    );
  }
  out.push('');
  out.push(
    `total losses: ${r.lossMw.toFixed(6)} MW (${(r.lossMw * 1000).toFixed(3)} kW), series reactive ${r.lossMvar.toFixed(4)} MVAr${r.method === 'dc' ? ' (DC: lossless by construction)' : ''}`,
  );
  out.push(`min voltage: ${r.minVmPu.toFixed(5)} p.u. at bus ${r.minVmBus}`);
  out.push(
    `converged: ${r.converged ? 'yes' : 'NO'}   iterations: ${r.iterations}   final error: ${r.finalErrorPu.toExponential(2)} p.u.`,
  );
  out.push(`elapsed: read ${ms.readMs!.toFixed(2)} ms, solve ${ms.solveMs!.toFixed(2)} ms`);
  process.stdout.write(out.join('\n') + '\n');
}

/** Entry point. */
function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    if (args !== '') process.stderr.write(`powerflow: ${args}\n`);
    process.stderr.write(USAGE + '\n');
    return args === '' ? 0 : 2;
  }
  const file = args.file;
  const name = path.basename(file);
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    process.stderr.write(`powerflow: ${file}: cannot read: ${reason}\n`);
    return 1;
  }
  try {
    const t0 = performance.now();
    const net = matpowerToNetwork(parseMatpower(text, name));
    const t1 = performance.now();
    const result = runPowerFlow(net, {
      method: args.method,
      tolerancePu: args.tol,
      ...(args.maxIter !== undefined ? { maxIterations: args.maxIter } : {}),
    });
    const t2 = performance.now();
    const ms = { readMs: t1 - t0, solveMs: t2 - t1 };
    const why =
      args.method === 'auto'
        ? chooseMethod(net) === 'sweep'
          ? ' (auto: radial single-source feeder → backward/forward sweep)'
          : ' (auto: meshed network or PV buses → Newton–Raphson)'
        : '';
    if (args.json) {
      const rows = Array.from({ length: net.busCount }, (_, i) => ({
        bus: net.busNumber[i],
        vmPu: result.vmPu[i],
        vaDeg: result.vaDeg[i],
        pGenMw: result.pGenMw[i],
        qGenMvar: result.qGenMvar[i],
      }));
      const branches = Array.from({ length: net.branchCount }, (_, k) => ({
        index: k + 1,
        from: net.busNumber[net.fromBus[k]!],
        to: net.busNumber[net.toBus[k]!],
        inService: net.inService[k] === 1,
        pFromMw: result.pFromMw[k],
        qFromMvar: result.qFromMvar[k],
        pToMw: result.pToMw[k],
        qToMvar: result.qToMvar[k],
      }));
      process.stdout.write(
        JSON.stringify({
          file: name,
          method: result.method,
          converged: result.converged,
          iterations: result.iterations,
          finalErrorPu: result.finalErrorPu,
          lossMw: result.lossMw,
          lossKw: result.lossMw * 1000,
          lossMvar: result.lossMvar,
          minVmPu: result.minVmPu,
          minVmBus: result.minVmBus,
          elapsedMs: ms,
          buses: rows,
          branches,
        }) + '\n',
      );
    } else printTables(name, net, result, why, ms);
    if (!result.converged) {
      process.stderr.write(
        `powerflow: ${name}: did not converge in ${result.iterations} iterations (final error ${result.finalErrorPu.toExponential(2)} p.u.)\n`,
      );
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof MatpowerError) process.stderr.write(`powerflow: ${e.message}\n`);
    else if (e instanceof NetworkError || e instanceof PowerFlowError)
      process.stderr.write(`powerflow: ${name}: ${e.message}\n`);
    else process.stderr.write(`powerflow: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = main();
