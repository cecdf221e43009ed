/**
 * DC power flow: lossless, |V| = 1, small angles, r ignored (Stott, Jardim & Alsaç 2009, "DC Power Flow Revisited",
 * IEEE Trans. Power Systems 24(3); exactly the model of MATPOWER makeBdc.m / dcpf.m / rundcpf.m):
 *   b_k = 1 / (x_k·τ_k),  Pf_k = b_k·(θf − θt − θshift_k),
 *   Bbus·θ = Pbus − Pbus,shift − Gs/baseMVA, solved for all non-reference buses with θ_ref fixed.
 */
import { BusType } from './network.ts';
import type { PowerNetwork } from './network.ts';
import { SparseBlockLu } from './sparseLu.ts';
import type { GraphPattern } from './sparseLu.ts';

/** DC power-flow outcome. */
export interface DcFlowResult {
  /** Bus voltage angles, radians. */
  readonly vaRad: Float64Array;
  /** Branch active flow at the from end, p.u. (the to end is its negative); 0 when out of service. */
  readonly pFromPu: Float64Array;
  /** Net active injection at each bus after the solve, p.u. (the reference bus picks up the balance). */
  readonly pInjectionPu: Float64Array;
  readonly singular: boolean;
}

/** Series susceptance b = 1/(x·τ) of each in-service branch (MATPOWER makeBdc.m), 0 otherwise. */
export function dcBranchSusceptance(net: PowerNetwork): Float64Array {
  const b = new Float64Array(net.branchCount);
  for (let k = 0; k < net.branchCount; k++)
    if (net.inService[k]) {
      if (net.xPu[k] === 0) throw new Error(`branch ${k + 1}: x = 0, DC power flow needs a reactance`);
      b[k] = 1 / (net.xPu[k]! * net.tap[k]!);
    }
  return b;
}

/** Solves the DC power flow (angles start from, and the reference angle is, net.vaInitRad). */
export function solveDcFlow(net: PowerNetwork): DcFlowResult {
  const n = net.busCount;
  const bk = dcBranchSusceptance(net);
  // Assemble Bbus as a map per row, then CSR.
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const add = (i: number, j: number, v: number): void => {
    rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + v);
  };
  const pShift = new Float64Array(n); // Pbus,shift = Cf'·Pfinj − Ct'·Pfinj, Pfinj = −b·θshift
  for (let i = 0; i < n; i++) add(i, i, 0);
  for (let k = 0; k < net.branchCount; k++) {
    if (!net.inService[k]) continue;
    const f = net.fromBus[k]!;
    const t = net.toBus[k]!;
    const b = bk[k]!;
    add(f, f, b);
    add(t, t, b);
    add(f, t, -b);
    add(t, f, -b);
    const pfinj = -b * net.shiftRad[k]!;
    pShift[f] = pShift[f]! + pfinj;
    pShift[t] = pShift[t]! - pfinj;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.size;
  const colIdx = new Int32Array(rowPtr[n]!);
  const val = new Float64Array(rowPtr[n]!);
  for (let i = 0; i < n; i++) {
    let e = rowPtr[i]!;
    for (const [j, v] of [...rows[i]!.entries()].sort((p, q) => p[0] - q[0])) {
      colIdx[e] = j;
      val[e] = v;
      e++;
    }
  }
  const pattern: GraphPattern = { n, rowPtr, colIdx };
  const lu = new SparseBlockLu(pattern, 1);
  const va = Float64Array.from(net.vaInitRad);
  const rhs = new Float64Array(n);
  const fixed = (i: number): boolean => net.busType[i] === BusType.REF || net.busType[i] === BusType.ISOLATED;
  for (let i = 0; i < n; i++) {
    if (fixed(i)) {
      lu.values[lu.diagOffset(i)] = 1;
      rhs[i] = va[i]!;
      continue;
    }
    rhs[i] = net.pGenPu[i]! - net.pLoadPu[i]! - pShift[i]! - net.gShuntPu[i]!;
    for (let e = rowPtr[i]!; e < rowPtr[i + 1]!; e++) {
      const j = colIdx[e]!;
      if (j === i) lu.values[lu.diagOffset(i)] = val[e]!;
      else if (fixed(j)) rhs[i] = rhs[i]! - val[e]! * va[j]!;
      else lu.values[lu.entryOffset[e]!] = val[e]!;
    }
  }
  const pFromPu = new Float64Array(net.branchCount);
  const pInjectionPu = new Float64Array(n);
  if (!lu.factor()) return { vaRad: va, pFromPu, pInjectionPu, singular: true };
  lu.solve(rhs, va);
  for (let k = 0; k < net.branchCount; k++) {
    if (!net.inService[k]) continue;
    const f = net.fromBus[k]!;
    const t = net.toBus[k]!;
    const p = bk[k]! * (va[f]! - va[t]! - net.shiftRad[k]!);
    pFromPu[k] = p;
    pInjectionPu[f] = pInjectionPu[f]! + p;
    pInjectionPu[t] = pInjectionPu[t]! - p;
  }
  // Bus injection as the network sees it, plus the shunt conductance the DC model charges to the bus.
  for (let i = 0; i < n; i++) pInjectionPu[i] = pInjectionPu[i]! + net.gShuntPu[i]!;
  return { vaRad: va, pFromPu, pInjectionPu, singular: false };
}
