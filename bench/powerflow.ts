/**
 * Power-flow benchmark (issue 4: "distribution power flow of a 1,000-bus feeder set < 20 ms").
 *  1. Feeder set: 15 copies of the Baran & Wu 69-bus feeder (1,035 buses, 15 sources) solved by the typed-array
 *     backward/forward sweep (src/core/energy/sweep.ts) to 1e-8 p.u. — cold (flat start) and warm (previous
 *     solution, loads changed by ±5 %: what a city model calling it every few simulated seconds sees). Falls back to
 *     a generated 1,000-bus radial set when ../shared/data/grid is absent.
 *  2. The same 1,035-bus set by Newton–Raphson (sparse block LU), for comparison.
 *  3. Newton–Raphson on a generated meshed 3,025-bus lattice (documents the NR limit for "a few thousand buses").
 * Median of repeated runs after warm-up. Run: npx tsx bench/powerflow.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { readMatpowerNetwork } from '../src/core/energy/matpower.ts';
import { createNetwork } from '../src/core/energy/network.ts';
import type { BranchInput, BusInput, GenInput, PowerNetwork } from '../src/core/energy/network.ts';
import { createNewtonWorkspace, solveNewton } from '../src/core/energy/newton.ts';
import { radialFeederFromNetwork } from '../src/core/energy/powerFlow.ts';
import { createSweepState, solveSweep } from '../src/core/energy/sweep.ts';
import type { RadialFeeder } from '../src/core/energy/sweep.ts';
import { buildYbus } from '../src/core/energy/ybus.ts';
import { createRng } from '../src/core/rng.ts';

const CASE69 = path.resolve(import.meta.dirname, '..', '..', 'shared/data/grid/matpower_case69.m');

/** `copies` disjoint copies of a network (bus numbers offset by 1000·copy), each keeping its own slack. */
function replicate(net: PowerNetwork, copies: number): PowerNetwork {
  const buses: BusInput[] = [];
  const branches: BranchInput[] = [];
  const gens: GenInput[] = [];
  const base = net.baseMva;
  for (let c = 0; c < copies; c++) {
    const off = 1000 * c;
    for (let i = 0; i < net.busCount; i++) {
      buses.push({
        number: net.busNumber[i]! + off,
        type: net.busType[i] as 1 | 2 | 3,
        pdMw: net.pLoadPu[i]! * base,
        qdMvar: net.qLoadPu[i]! * base,
        gsMw: net.gShuntPu[i]! * base,
        bsMvar: net.bShuntPu[i]! * base,
        vmPu: net.vmInitPu[i]!,
      });
      if (net.busType[i] === 3)
        gens.push({ bus: net.busNumber[i]! + off, pgMw: net.pGenPu[i]! * base, vgPu: net.vmInitPu[i]! });
    }
    for (let k = 0; k < net.branchCount; k++)
      branches.push({
        from: net.busNumber[net.fromBus[k]!]! + off,
        to: net.busNumber[net.toBus[k]!]! + off,
        rPu: net.rPu[k]!,
        xPu: net.xPu[k]!,
        bPu: net.bPu[k]!,
        ratio: net.tap[k]!,
        inService: net.inService[k] === 1,
      });
  }
  return createNetwork(base, buses, branches, gens);
}

/** A generated radial set: `feeders` random trees of `size` buses at 12.66 kV-like impedances and kW loads. */
function generatedFeeders(feeders: number, size: number): PowerNetwork {
  const rng = createRng(42);
  const buses: BusInput[] = [];
  const branches: BranchInput[] = [];
  const gens: GenInput[] = [];
  for (let f = 0; f < feeders; f++) {
    const off = 1000 * f;
    for (let i = 1; i <= size; i++) {
      buses.push({
        number: off + i,
        type: i === 1 ? 3 : 1,
        pdMw: i === 1 ? 0 : rng.range(0.01, 0.1),
        qdMvar: rng.range(0, 0.06),
      });
      if (i > 1)
        branches.push({
          from: off + 1 + rng.int(i - 1),
          to: off + i,
          rPu: rng.range(0.001, 0.02),
          xPu: rng.range(0.001, 0.015),
        });
    }
    gens.push({ bus: off + 1, pgMw: 0, vgPu: 1 });
  }
  return createNetwork(10, buses, branches, gens);
}

/** A meshed side × side lattice, 100 MVA base, 25 PV generators and a central slack. */
function lattice(side: number): PowerNetwork {
  const rng = createRng(7);
  const buses: BusInput[] = [];
  const branches: BranchInput[] = [];
  const gens: GenInput[] = [];
  const id = (r: number, c: number): number => r * side + c + 1;
  const mid = Math.floor(side / 2);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const isSlack = r === mid && c === mid;
      const isGen = !isSlack && r % 11 === 5 && c % 11 === 5;
      buses.push({
        number: id(r, c),
        type: isSlack ? 3 : isGen ? 2 : 1,
        pdMw: rng.range(0.5, 1.5),
        qdMvar: rng.range(0.1, 0.5),
      });
      if (isSlack) gens.push({ bus: id(r, c), pgMw: 0, vgPu: 1.02 });
      if (isGen) gens.push({ bus: id(r, c), pgMw: 80, vgPu: 1.01 });
      if (c + 1 < side)
        branches.push({ from: id(r, c), to: id(r, c + 1), rPu: 0.002, xPu: 0.01, bPu: 0.002 });
      if (r + 1 < side)
        branches.push({ from: id(r, c), to: id(r + 1, c), rPu: 0.002, xPu: 0.01, bPu: 0.002 });
    }
  return createNetwork(100, buses, branches, gens);
}

/** Median wall time of `runs` calls after `warm` warm-up calls, ms. */
function medianMs(fn: () => void, runs: number, warm = 5): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/** Runs the benchmark; returns rows for bench/run.ts. */
export function runPowerflowBench(): { name: string; value: number; unit: string; target?: string }[] {
  const haveCase = existsSync(CASE69);
  const set = haveCase
    ? replicate(readMatpowerNetwork(readFileSync(CASE69, 'utf8'), 'matpower_case69.m'), 15)
    : generatedFeeders(15, 67);
  const label = haveCase ? '15 × case69' : '15 generated feeders';
  const built = radialFeederFromNetwork(set);
  if (typeof built === 'string') throw new Error(`bench feeder set is not radial: ${built}`);
  const feeder: RadialFeeder = built.feeder;
  const state = createSweepState(feeder.busCount);
  const tol = { tolerancePu: 1e-8, maxIterations: 100 };
  let coldIt = 0;
  const coldMs = medianMs(() => {
    const s = solveSweep(feeder, state, { ...tol, flatStart: true });
    if (!s.converged) throw new Error('sweep did not converge');
    coldIt = s.iterations;
  }, 200);
  // Warm: loads move ±5 % between calls (a simulated-time step), solution reused as the start.
  const p0 = Float64Array.from(feeder.pLoadPu);
  const q0 = Float64Array.from(feeder.qLoadPu);
  let step = 0;
  let warmIt = 0;
  const warmMs = medianMs(() => {
    const f = 1 + 0.05 * Math.sin(step++);
    for (let i = 0; i < feeder.busCount; i++) {
      feeder.pLoadPu[i] = p0[i]! * f;
      feeder.qLoadPu[i] = q0[i]! * f;
    }
    const s = solveSweep(feeder, state, tol);
    if (!s.converged) throw new Error('sweep did not converge');
    warmIt = s.iterations;
  }, 200);
  feeder.pLoadPu.set(p0);
  feeder.qLoadPu.set(q0);

  // NR on the same set (symbolic factorisation once, outside the timed region, as a caller would).
  const ySet = buildYbus(set);
  const wsSet = createNewtonWorkspace(ySet);
  const vmS = new Float64Array(set.busCount);
  const vaS = new Float64Array(set.busCount);
  let nrSetIt = 0;
  const nrSetMs = medianMs(() => {
    vmS.set(set.vmInitPu);
    vaS.set(set.vaInitRad);
    const s = solveNewton(set, ySet, vmS, vaS, { tolerancePu: 1e-8, maxIterations: 10 }, wsSet);
    if (!s.converged) throw new Error('NR (feeder set) did not converge');
    nrSetIt = s.iterations;
  }, 50);

  // NR on a meshed 55 × 55 lattice (3,025 buses, 5,940 branches).
  const mesh = lattice(55);
  // One-time setup per topology (Ybus + ordering + symbolic fill): median of 3, the first one JIT-cold.
  let yMesh = buildYbus(mesh);
  let wsMesh = createNewtonWorkspace(yMesh);
  const setupMs = medianMs(
    () => {
      yMesh = buildYbus(mesh);
      wsMesh = createNewtonWorkspace(yMesh);
    },
    3,
    0,
  );
  const vm = new Float64Array(mesh.busCount);
  const va = new Float64Array(mesh.busCount);
  let meshIt = 0;
  const meshMs = medianMs(
    () => {
      vm.set(mesh.vmInitPu);
      va.set(mesh.vaInitRad);
      const s = solveNewton(mesh, yMesh, vm, va, { tolerancePu: 1e-8, maxIterations: 10 }, wsMesh);
      if (!s.converged) throw new Error(`NR (lattice) did not converge: ${s.maxMismatchPu}`);
      meshIt = s.iterations;
    },
    10,
    2,
  );

  const rows = [
    {
      name: `sweep ${label} (${feeder.busCount} buses), cold start`,
      value: coldMs,
      unit: 'ms',
      target: '< 20 ms',
    },
    { name: `sweep ${label}, warm start (loads ±5 %)`, value: warmMs, unit: 'ms', target: '< 20 ms' },
    { name: 'sweep iterations, cold start', value: coldIt, unit: '' },
    { name: 'sweep iterations, warm start', value: warmIt, unit: '' },
    { name: `Newton–Raphson ${label}`, value: nrSetMs, unit: 'ms' },
    { name: `Newton–Raphson ${label} iterations`, value: nrSetIt, unit: '' },
    { name: `Newton–Raphson meshed lattice ${mesh.busCount} buses`, value: meshMs, unit: 'ms' },
    { name: 'Newton–Raphson lattice iterations', value: meshIt, unit: '' },
    { name: 'lattice Ybus + ordering + symbolic LU (once per topology)', value: setupMs, unit: 'ms' },
    { name: 'lattice LU fill (off-diagonal blocks)', value: wsMesh.lu.fillBlocks, unit: 'blocks' },
  ];
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = runPowerflowBench();
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'benchmark'.padEnd(w)} | value      | unit   | target  |`);
  console.log(`| ${'-'.repeat(w)} | ---------- | ------ | ------- |`);
  for (const r of rows)
    console.log(
      `| ${r.name.padEnd(w)} | ${(Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(3)).padStart(10)} | ${r.unit.padEnd(6)} | ${(r.target ?? '').padEnd(7)} |`,
    );
  console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
}
