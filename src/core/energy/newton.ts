/**
 * AC power flow by Newton–Raphson in polar coordinates with the full Jacobian (Tinney & Hart 1967, "Power flow
 * solution by Newton's method", IEEE Trans. PAS-86(11); the formulation of MATPOWER newtonpf.m and dSbus_dV.m,
 * Zimmerman 2011, "AC Power Flows, Generalized OPF Costs and their Derivatives using Complex Matrix Notation",
 * MATPOWER Technical Note 2):
 *   S(V) = diag(V)·conj(Ybus·V),  F = S(V) − Sspec,
 *   ∂S/∂θ = j·diag(V)·conj(diag(I) − Ybus·diag(V)),  ∂S/∂|V| = diag(V)·conj(Ybus·diag(V/|V|)) + conj(diag(I))·diag(V/|V|).
 * Unknowns: θ at PV and PQ buses, |V| at PQ buses; equations: ΔP at PV and PQ buses, ΔQ at PQ buses. The system is
 * assembled as one 2×2 block per Ybus entry (fixed quantities get an identity row/column) and solved with the
 * sparse block LU (sparseLu.ts), so a few thousand buses take milliseconds per iteration.
 * Convergence: ‖F‖∞ < tolerance (p.u.), as MATPOWER (pf.tol, default 1e-8). Generator reactive limits are not
 * enforced (MATPOWER's default, pf.enforce_q_lims = 0).
 */
import { BusType } from './network.ts';
import type { PowerNetwork } from './network.ts';
import { SparseBlockLu } from './sparseLu.ts';
import type { Ybus } from './ybus.ts';

/** Newton–Raphson options. */
export interface NewtonOptions {
  /** ‖ΔS‖∞ tolerance, p.u. (MATPOWER default 1e-8). */
  readonly tolerancePu: number;
  /** Iteration limit (MATPOWER default 10). */
  readonly maxIterations: number;
}

/** Newton–Raphson outcome. vmPu / vaRad are written into the caller's arrays. */
export interface NewtonStats {
  readonly converged: boolean;
  readonly iterations: number;
  /** Final ‖ΔS‖∞, p.u. */
  readonly maxMismatchPu: number;
  /** Set when the Jacobian was singular (e.g. an island without a reference bus). */
  readonly singular: boolean;
}

/** Reusable Newton–Raphson workspace for one network (symbolic factorisation done once). */
export interface NewtonWorkspace {
  readonly lu: SparseBlockLu;
  readonly iRe: Float64Array;
  readonly iIm: Float64Array;
  readonly rhs: Float64Array;
  readonly dx: Float64Array;
  /** V in rectangular form, refreshed once per mismatch evaluation. */
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
}

/** Creates the NR workspace for a Ybus pattern (symbolic ordering + fill, once per topology). */
export function createNewtonWorkspace(ybus: Ybus): NewtonWorkspace {
  const n = ybus.n;
  return {
    lu: new SparseBlockLu(ybus, 2),
    iRe: new Float64Array(n),
    iIm: new Float64Array(n),
    rhs: new Float64Array(2 * n),
    dx: new Float64Array(2 * n),
    vRe: new Float64Array(n),
    vIm: new Float64Array(n),
  };
}

/**
 * Computes bus currents I = Ybus·V and the mismatch F = V·conj(I) − Sspec into rhs (as −F, the Newton right-hand
 * side), masked to the equations that exist; returns ‖F‖∞ over those equations.
 */
function mismatch(
  net: PowerNetwork,
  y: Ybus,
  vm: Float64Array,
  va: Float64Array,
  ws: NewtonWorkspace,
): number {
  const { iRe, iIm, rhs, vRe, vIm } = ws;
  const n = net.busCount;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    vRe[i] = vm[i]! * Math.cos(va[i]!);
    vIm[i] = vm[i]! * Math.sin(va[i]!);
  }
  for (let i = 0; i < n; i++) {
    let re = 0;
    let im = 0;
    for (let e = y.rowPtr[i]!; e < y.rowPtr[i + 1]!; e++) {
      const j = y.colIdx[e]!;
      const vr = vRe[j]!;
      const vi = vIm[j]!;
      re += y.g[e]! * vr - y.b[e]! * vi;
      im += y.g[e]! * vi + y.b[e]! * vr;
    }
    iRe[i] = re;
    iIm[i] = im;
    const type = net.busType[i]!;
    if (type === BusType.REF || type === BusType.ISOLATED) {
      rhs[2 * i] = 0;
      rhs[2 * i + 1] = 0;
      continue;
    }
    const vr = vRe[i]!;
    const vi = vIm[i]!;
    // S = V·conj(I)
    const p = vr * re + vi * im;
    const q = vi * re - vr * im;
    const dp = p - (net.pGenPu[i]! - net.pLoadPu[i]!);
    rhs[2 * i] = -dp;
    if (Math.abs(dp) > worst) worst = Math.abs(dp);
    if (type === BusType.PQ) {
      const dq = q - (net.qGenPu[i]! - net.qLoadPu[i]!);
      rhs[2 * i + 1] = -dq;
      if (Math.abs(dq) > worst) worst = Math.abs(dq);
    } else rhs[2 * i + 1] = 0;
  }
  return worst;
}

/** Assembles the masked 2×2-block Jacobian into ws.lu (V and I in ws must come from the last mismatch()). */
function assembleJacobian(net: PowerNetwork, y: Ybus, vm: Float64Array, ws: NewtonWorkspace): void {
  const { lu, iRe, iIm } = ws;
  const vals = lu.values;
  lu.clear();
  const n = net.busCount;
  for (let i = 0; i < n; i++) {
    const ti = net.busType[i]!;
    const fixedRow = ti === BusType.REF || ti === BusType.ISOLATED;
    const d = lu.diagOffset(i);
    if (fixedRow) {
      vals[d] = 1;
      vals[d + 3] = 1;
      continue;
    }
    const vir = ws.vRe[i]!;
    const vii = ws.vIm[i]!;
    const ci = vir / vm[i]!;
    const si = vii / vm[i]!;
    const qRowFixed = ti === BusType.PV;
    for (let e = y.rowPtr[i]!; e < y.rowPtr[i + 1]!; e++) {
      const j = y.colIdx[e]!;
      const tj = net.busType[j]!;
      const colFixed = tj === BusType.REF || tj === BusType.ISOLATED;
      if (colFixed && j !== i) continue;
      // Vn_j = V_j/|V_j| = (cos θj, sin θj), from the rectangular V of the last mismatch evaluation.
      const cj = ws.vRe[j]! / vm[j]!;
      const sj = ws.vIm[j]! / vm[j]!;
      const g = y.g[e]!;
      const b = y.b[e]!;
      // Y_ij·V_j and Y_ij·Vn_j (Vn = V/|V|)
      const yvRe = vm[j]! * (g * cj - b * sj);
      const yvIm = vm[j]! * (g * sj + b * cj);
      const ynRe = g * cj - b * sj;
      const ynIm = g * sj + b * cj;
      // dS/dθ_j = −j·V_i·conj(Y_ij V_j) (off-diagonal part); dS/d|V_j| = V_i·conj(Y_ij Vn_j).
      // V_i·conj(w) = (vir + j vii)(wRe − j wIm) = x + jy; −j(x + jy) = y − jx.
      const x = vir * yvRe + vii * yvIm;
      const yy = vii * yvRe - vir * yvIm;
      let dThRe = yy;
      let dThIm = -x;
      let dVRe = vir * ynRe + vii * ynIm;
      let dVIm = vii * ynRe - vir * ynIm;
      if (j === i) {
        // Diagonal extras: + j·V_i·conj(I_i) on ∂S/∂θ_i and + conj(I_i)·Vn_i on ∂S/∂|V_i|.
        const ir = iRe[i]!;
        const ii = iIm[i]!;
        const sx = vir * ir + vii * ii; // V_i·conj(I_i) real
        const sy = vii * ir - vir * ii; // imag
        dThRe += -sy; // j·(sx + j sy) = −sy + j sx
        dThIm += sx;
        dVRe += ci * ir + si * ii; // conj(I)·Vn = (ir − j ii)(ci + j si)
        dVIm += si * ir - ci * ii;
      }
      const o = j === i ? d : lu.entryOffset[e]!;
      const colVFixed = tj === BusType.PV || colFixed;
      // Row P: [∂P/∂θ, ∂P/∂V]; row Q: [∂Q/∂θ, ∂Q/∂V]
      vals[o] = dThRe;
      vals[o + 1] = colVFixed ? 0 : dVRe;
      if (qRowFixed) {
        vals[o + 2] = 0;
        vals[o + 3] = 0;
      } else {
        vals[o + 2] = dThIm;
        vals[o + 3] = colVFixed ? 0 : dVIm;
      }
    }
    // Fixed |V| at this bus (PV): its V column on the diagonal is the identity.
    if (qRowFixed) {
      vals[d + 1] = 0;
      vals[d + 2] = 0;
      vals[d + 3] = 1;
    }
  }
}

/**
 * Solves the AC power flow by Newton–Raphson, starting from and writing into vmPu / vaRad (length busCount).
 * Allocates nothing per iteration.
 */
export function solveNewton(
  net: PowerNetwork,
  ybus: Ybus,
  vmPu: Float64Array,
  vaRad: Float64Array,
  options: NewtonOptions,
  ws: NewtonWorkspace = createNewtonWorkspace(ybus),
): NewtonStats {
  const n = net.busCount;
  let worst = mismatch(net, ybus, vmPu, vaRad, ws);
  let it = 0;
  while (!(worst < options.tolerancePu) && it < options.maxIterations) {
    assembleJacobian(net, ybus, vmPu, ws);
    if (!ws.lu.factor()) return { converged: false, iterations: it, maxMismatchPu: worst, singular: true };
    ws.lu.solve(ws.rhs, ws.dx);
    for (let i = 0; i < n; i++) {
      vaRad[i] = vaRad[i]! + ws.dx[2 * i]!;
      vmPu[i] = vmPu[i]! + ws.dx[2 * i + 1]!;
    }
    it++;
    worst = mismatch(net, ybus, vmPu, vaRad, ws);
    if (!Number.isFinite(worst)) break;
  }
  return { converged: worst < options.tolerancePu, iterations: it, maxMismatchPu: worst, singular: false };
}
