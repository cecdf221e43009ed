/**
 * One entry point for the three solvers on a PowerNetwork: AC Newton–Raphson (newton.ts), DC (dcFlow.ts) and the
 * radial backward/forward sweep (sweep.ts); plus the results every caller wants — bus voltages, branch flows at both
 * ends, losses, generator outputs and the minimum voltage. `auto` picks the sweep for a radial feeder fed from a
 * single source with no voltage-controlled (PV) buses, Newton–Raphson otherwise.
 */
import { solveDcFlow } from './dcFlow.ts';
import { BusType, findStrandedBus } from './network.ts';
import type { PowerNetwork } from './network.ts';
import { solveNewton } from './newton.ts';
import { createSweepState, orderFromParents, solveSweep } from './sweep.ts';
import type { RadialFeeder } from './sweep.ts';
import { branchAdmittances, buildYbus } from './ybus.ts';

/** Power-flow methods accepted by {@link runPowerFlow} and the CLI. */
export const PowerFlowMethod = { AUTO: 'auto', NR: 'nr', DC: 'dc', SWEEP: 'sweep' } as const;
/** A power-flow method name. */
export type PowerFlowMethodName = (typeof PowerFlowMethod)[keyof typeof PowerFlowMethod];
/** A solver that actually ran. */
export type SolvedMethod = Exclude<PowerFlowMethodName, 'auto'>;

/** Options for {@link runPowerFlow}. */
export interface PowerFlowOptions {
  readonly method: PowerFlowMethodName;
  /** NR: ‖ΔS‖∞ in p.u.; sweep: max |ΔV| per sweep in p.u. Default 1e-8 (MATPOWER pf.tol). */
  readonly tolerancePu?: number;
  /** Default 10 for NR (MATPOWER pf.nr.max_it), 100 for the sweep. */
  readonly maxIterations?: number;
}

/** A solved power flow in engineering units. Bus arrays are in network bus order, branch arrays in branch order. */
export interface PowerFlowResult {
  readonly method: SolvedMethod;
  readonly converged: boolean;
  /** NR iterations (Jacobian solves), sweep passes, or 1 for DC. */
  readonly iterations: number;
  /** NR: final ‖ΔS‖∞ (p.u.); sweep: last max |ΔV| (p.u.); DC: 0. */
  readonly finalErrorPu: number;
  readonly vmPu: Float64Array;
  readonly vaDeg: Float64Array;
  /** Branch flows into the branch at each end, MW / MVAr (0 out of service; Q is 0 under DC). */
  readonly pFromMw: Float64Array;
  readonly qFromMvar: Float64Array;
  readonly pToMw: Float64Array;
  readonly qToMvar: Float64Array;
  /** Total branch losses, MW (= Σ P_from + P_to), and series reactive loss Σ|I|²x, MVAr (0 under DC). */
  readonly lossMw: number;
  readonly lossMvar: number;
  /** Generation at each bus (scheduled, or solved at the reference and PV buses), MW / MVAr. */
  readonly pGenMw: Float64Array;
  readonly qGenMvar: Float64Array;
  /** Lowest voltage magnitude over non-isolated buses and its bus number. */
  readonly minVmPu: number;
  readonly minVmBus: number;
}

/** Why a solver cannot run on a network (bad topology) — reported, never thrown as a crash. */
export class PowerFlowError extends Error {
  override name = 'PowerFlowError';
}

const RAD = 180 / Math.PI;

/** A radial feeder built from a network, with the network branch behind each bus's upstream branch. */
export interface NetworkFeeder {
  readonly feeder: RadialFeeder;
  /** Network branch index of bus i's upstream branch (−1 at the root). */
  readonly branchOfBus: Int32Array;
  /** 1 when the branch is oriented parent → child as in the file (from = parent). */
  readonly forward: Uint8Array;
}

/**
 * Builds the sweep's RadialFeeder from a network, or returns the reason it is not a set of radial feeders with one
 * source each and no PV buses (in-service branches must form a forest with exactly one reference bus per tree; a
 * transformer must have its tap on the side nearer the source).
 */
export function radialFeederFromNetwork(net: PowerNetwork): NetworkFeeder | string {
  const n = net.busCount;
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = net.busType[i]!;
    if (t === BusType.ISOLATED) return `bus ${net.busNumber[i]} is isolated (type 4)`;
    if (t === BusType.PV) return `bus ${net.busNumber[i]} is a PV (voltage-controlled) bus`;
    if (t === BusType.REF) roots.push(i);
  }
  if (roots.length === 0) return 'no reference bus';
  let edges = 0;
  for (let k = 0; k < net.branchCount; k++) if (net.inService[k]) edges++;
  // A forest of one tree per source has exactly (buses − sources) branches.
  if (edges !== n - roots.length)
    return `${edges} in-service branches for ${n} buses and ${roots.length} source(s): not radial`;
  // Breadth-first from every source over in-service branches.
  const adjPtr = new Int32Array(n + 1);
  for (let k = 0; k < net.branchCount; k++)
    if (net.inService[k]) {
      adjPtr[net.fromBus[k]! + 1]!++;
      adjPtr[net.toBus[k]! + 1]!++;
    }
  for (let i = 0; i < n; i++) adjPtr[i + 1] = adjPtr[i + 1]! + adjPtr[i]!;
  const adj = new Int32Array(adjPtr[n]!);
  const fill = adjPtr.slice(0, n);
  for (let k = 0; k < net.branchCount; k++)
    if (net.inService[k]) {
      adj[fill[net.fromBus[k]!]!++] = k;
      adj[fill[net.toBus[k]!]!++] = k;
    }
  const parent = new Int32Array(n).fill(-2);
  const branchOfBus = new Int32Array(n).fill(-1);
  const forward = new Uint8Array(n);
  for (const r of roots) parent[r] = -1;
  const queue = [...roots];
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h]!;
    for (let e = adjPtr[v]!; e < adjPtr[v + 1]!; e++) {
      const k = adj[e]!;
      if (branchOfBus[v] === k) continue;
      const other = net.fromBus[k] === v ? net.toBus[k]! : net.fromBus[k]!;
      if (parent[other] !== -2)
        return `the in-service branches contain a loop or join two reference buses (at bus ${net.busNumber[other]})`;
      parent[other] = v;
      branchOfBus[other] = k;
      forward[other] = net.fromBus[k] === v ? 1 : 0;
      queue.push(other);
    }
  }
  for (let i = 0; i < n; i++)
    if (parent[i] === -2) return `bus ${net.busNumber[i]} is not connected to a reference bus`;
  const f64 = (): Float64Array => new Float64Array(n);
  const feeder = {
    busCount: n,
    parent,
    order: orderFromParents(parent),
    rPu: f64(),
    xPu: f64(),
    bHalfPu: f64(),
    tap: new Float64Array(n).fill(1),
    shiftRad: f64(),
    pLoadPu: f64(),
    qLoadPu: f64(),
    gShuntPu: Float64Array.from(net.gShuntPu),
    bShuntPu: Float64Array.from(net.bShuntPu),
    rootVmPu: f64(),
    rootVaRad: f64(),
  };
  for (let i = 0; i < n; i++) {
    feeder.pLoadPu[i] = net.pLoadPu[i]! - net.pGenPu[i]!;
    feeder.qLoadPu[i] = net.qLoadPu[i]! - net.qGenPu[i]!;
    const k = branchOfBus[i]!;
    if (k < 0) {
      feeder.rootVmPu[i] = net.vmInitPu[i]!;
      feeder.rootVaRad[i] = net.vaInitRad[i]!;
      continue;
    }
    if (!forward[i] && (net.tap[k] !== 1 || net.shiftRad[k] !== 0))
      return `branch ${net.busNumber[net.fromBus[k]!]}→${net.busNumber[net.toBus[k]!]} is a transformer with its tap on the load side`;
    feeder.rPu[i] = net.rPu[k]!;
    feeder.xPu[i] = net.xPu[k]!;
    feeder.bHalfPu[i] = net.bPu[k]! / 2;
    feeder.tap[i] = net.tap[k]!;
    feeder.shiftRad[i] = net.shiftRad[k]!;
  }
  // The root's own load is carried by the source: leave it in pLoadPu (it only adds to the source current).
  return { feeder, branchOfBus, forward };
}

/** Branch flows (MW/MVAr) and losses from solved bus voltages, via the π-model admittances. */
function flowsFromVoltages(
  net: PowerNetwork,
  vm: Float64Array,
  va: Float64Array,
): Pick<
  PowerFlowResult,
  'pFromMw' | 'qFromMvar' | 'pToMw' | 'qToMvar' | 'lossMw' | 'lossMvar' | 'pGenMw' | 'qGenMvar'
> {
  const m = net.branchCount;
  const n = net.busCount;
  const y = branchAdmittances(net);
  const pFromMw = new Float64Array(m);
  const qFromMvar = new Float64Array(m);
  const pToMw = new Float64Array(m);
  const qToMvar = new Float64Array(m);
  const pInj = new Float64Array(n);
  const qInj = new Float64Array(n);
  let lossP = 0;
  let lossQ = 0;
  const base = net.baseMva;
  for (let k = 0; k < m; k++) {
    if (!net.inService[k]) continue;
    const f = net.fromBus[k]!;
    const t = net.toBus[k]!;
    const vfr = vm[f]! * Math.cos(va[f]!);
    const vfi = vm[f]! * Math.sin(va[f]!);
    const vtr = vm[t]! * Math.cos(va[t]!);
    const vti = vm[t]! * Math.sin(va[t]!);
    const ifr = y.yffRe[k]! * vfr - y.yffIm[k]! * vfi + y.yftRe[k]! * vtr - y.yftIm[k]! * vti;
    const ifi = y.yffRe[k]! * vfi + y.yffIm[k]! * vfr + y.yftRe[k]! * vti + y.yftIm[k]! * vtr;
    const itr = y.ytfRe[k]! * vfr - y.ytfIm[k]! * vfi + y.yttRe[k]! * vtr - y.yttIm[k]! * vti;
    const iti = y.ytfRe[k]! * vfi + y.ytfIm[k]! * vfr + y.yttRe[k]! * vti + y.yttIm[k]! * vtr;
    const pf = vfr * ifr + vfi * ifi;
    const qf = vfi * ifr - vfr * ifi;
    const pt = vtr * itr + vti * iti;
    const qt = vti * itr - vtr * iti;
    pFromMw[k] = pf * base;
    qFromMvar[k] = qf * base;
    pToMw[k] = pt * base;
    qToMvar[k] = qt * base;
    lossP += pf + pt;
    // Series loss |I_s|²·(r + jx), I_s = (V_f/N − V_t)·ys: what MATPOWER reports as "losses (I^2 * Z)"
    // (get_losses.m); Q here excludes the line-charging injections, P equals Re(S_f + S_t).
    {
      const c = Math.cos(net.shiftRad[k]!);
      const s = Math.sin(net.shiftRad[k]!);
      const tau = net.tap[k]!;
      const dr = (vfr * c + vfi * s) / tau - vtr;
      const di = (vfi * c - vfr * s) / tau - vti;
      const r = net.rPu[k]!;
      const x = net.xPu[k]!;
      lossQ += ((dr * dr + di * di) / (r * r + x * x)) * x;
    }
    pInj[f] = pInj[f]! + pf;
    qInj[f] = qInj[f]! + qf;
    pInj[t] = pInj[t]! + pt;
    qInj[t] = qInj[t]! + qt;
  }
  // Generation = what leaves into branches + load + shunt consumption (g·|V|², −b·|V|²).
  const pGenMw = new Float64Array(n);
  const qGenMvar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v2 = vm[i]! * vm[i]!;
    const type = net.busType[i]!;
    if (type === BusType.REF) {
      pGenMw[i] = (pInj[i]! + net.pLoadPu[i]! + net.gShuntPu[i]! * v2) * base;
      qGenMvar[i] = (qInj[i]! + net.qLoadPu[i]! - net.bShuntPu[i]! * v2) * base;
    } else if (type === BusType.PV) {
      pGenMw[i] = net.pGenPu[i]! * base;
      qGenMvar[i] = (qInj[i]! + net.qLoadPu[i]! - net.bShuntPu[i]! * v2) * base;
    } else {
      pGenMw[i] = net.pGenPu[i]! * base;
      qGenMvar[i] = net.qGenPu[i]! * base;
    }
  }
  return {
    pFromMw,
    qFromMvar,
    pToMw,
    qToMvar,
    lossMw: lossP * base,
    lossMvar: lossQ * base,
    pGenMw,
    qGenMvar,
  };
}

/** Lowest |V| over non-isolated buses and its bus number. */
function minVoltage(net: PowerNetwork, vm: Float64Array): { minVmPu: number; minVmBus: number } {
  let minVmPu = Infinity;
  let minVmBus = -1;
  for (let i = 0; i < net.busCount; i++)
    if (net.busType[i] !== BusType.ISOLATED && vm[i]! < minVmPu) {
      minVmPu = vm[i]!;
      minVmBus = net.busNumber[i]!;
    }
  return { minVmPu, minVmBus };
}

/** Chooses the solver for `auto`: the sweep for a radial single-source feeder without PV buses, else NR. */
export function chooseMethod(net: PowerNetwork): Exclude<SolvedMethod, 'dc'> {
  return typeof radialFeederFromNetwork(net) === 'string' ? 'nr' : 'sweep';
}

/**
 * Runs a power flow. Throws PowerFlowError (with the reason) when the chosen solver cannot run on this network
 * (islands without a reference bus, a non-radial network given to the sweep, a singular matrix).
 */
export function runPowerFlow(net: PowerNetwork, options: PowerFlowOptions): PowerFlowResult {
  const stranded = findStrandedBus(net);
  if (stranded >= 0)
    throw new PowerFlowError(
      `bus ${stranded} is not connected to any reference bus through in-service branches`,
    );
  const method: SolvedMethod = options.method === 'auto' ? chooseMethod(net) : options.method;
  const tol = options.tolerancePu ?? 1e-8;
  const n = net.busCount;
  switch (method) {
    case 'nr': {
      const ybus = buildYbus(net);
      const vm = Float64Array.from(net.vmInitPu);
      const va = Float64Array.from(net.vaInitRad);
      for (let i = 0; i < n; i++) if (net.busType[i] === BusType.ISOLATED) vm[i] = 0;
      const s = solveNewton(net, ybus, vm, va, {
        tolerancePu: tol,
        maxIterations: options.maxIterations ?? 10,
      });
      if (s.singular) throw new PowerFlowError('the Newton–Raphson Jacobian is singular');
      const vaDeg = va.map((a) => a * RAD);
      return {
        method,
        converged: s.converged,
        iterations: s.iterations,
        finalErrorPu: s.maxMismatchPu,
        vmPu: vm,
        vaDeg,
        ...flowsFromVoltages(net, vm, va),
        ...minVoltage(net, vm),
      };
    }
    case 'sweep': {
      const built = radialFeederFromNetwork(net);
      if (typeof built === 'string') throw new PowerFlowError(`the sweep needs a radial feeder: ${built}`);
      const st = createSweepState(n);
      const s = solveSweep(built.feeder, st, {
        tolerancePu: tol,
        maxIterations: options.maxIterations ?? 100,
      });
      const vm = new Float64Array(n);
      const va = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        vm[i] = Math.hypot(st.vRe[i]!, st.vIm[i]!);
        va[i] = Math.atan2(st.vIm[i]!, st.vRe[i]!);
      }
      return {
        method,
        converged: s.converged,
        iterations: s.iterations,
        finalErrorPu: s.maxDeltaPu,
        vmPu: vm,
        vaDeg: va.map((a) => a * RAD),
        ...flowsFromVoltages(net, vm, va),
        ...minVoltage(net, vm),
      };
    }
    case 'dc': {
      const dc = solveDcFlow(net);
      if (dc.singular) throw new PowerFlowError('the DC B matrix is singular');
      const m = net.branchCount;
      const pFromMw = dc.pFromPu.map((p) => p * net.baseMva);
      const pToMw = pFromMw.map((p) => -p);
      const pGenMw = new Float64Array(n);
      for (let i = 0; i < n; i++)
        pGenMw[i] =
          net.busType[i] === BusType.REF
            ? (dc.pInjectionPu[i]! + net.pLoadPu[i]!) * net.baseMva
            : net.pGenPu[i]! * net.baseMva;
      const vm = new Float64Array(n).fill(1);
      return {
        method,
        converged: true,
        iterations: 1,
        finalErrorPu: 0,
        vmPu: vm,
        vaDeg: dc.vaRad.map((a) => a * RAD),
        pFromMw,
        qFromMvar: new Float64Array(m),
        pToMw,
        qToMvar: new Float64Array(m),
        lossMw: 0,
        lossMvar: 0,
        pGenMw,
        qGenMvar: new Float64Array(n),
        ...minVoltage(net, vm),
      };
    }
    default: {
      const never: never = method;
      throw new PowerFlowError(`unknown method ${String(never)}`);
    }
  }
}
