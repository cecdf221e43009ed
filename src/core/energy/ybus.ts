/**
 * Bus admittance matrix (Ybus) in CSR form, and the per-branch 2×2 admittances of the π model.
 *
 * Branch model (MATPOWER manual §3.2, eq. 3.2; makeYbus.m): with series admittance ys = 1/(r + jx), total charging
 * b and complex ratio N = τ·e^{jθshift} at the from end,
 *   Ytt = ys + j·b/2,  Yff = Ytt / τ²,  Yft = −ys / conj(N),  Ytf = −ys / N.
 * Bus shunts add (Gs + jBs)/baseMVA to the diagonal.
 */
import type { PowerNetwork } from './network.ts';
import type { GraphPattern } from './sparseLu.ts';

/** Ybus in CSR (diagonal included). g + jb per entry, p.u. */
export interface Ybus extends GraphPattern {
  readonly g: Float64Array;
  readonly b: Float64Array;
  /** CSR offset of the diagonal entry of each row. */
  readonly diagPtr: Int32Array;
}

/** π-model admittances of every branch (zero for out-of-service branches), p.u. */
export interface BranchAdmittance {
  readonly yffRe: Float64Array;
  readonly yffIm: Float64Array;
  readonly yftRe: Float64Array;
  readonly yftIm: Float64Array;
  readonly ytfRe: Float64Array;
  readonly ytfIm: Float64Array;
  readonly yttRe: Float64Array;
  readonly yttIm: Float64Array;
}

/** Computes the π-model admittances of every branch (MATPOWER makeYbus.m). */
export function branchAdmittances(net: PowerNetwork): BranchAdmittance {
  const m = net.branchCount;
  const a = {
    yffRe: new Float64Array(m),
    yffIm: new Float64Array(m),
    yftRe: new Float64Array(m),
    yftIm: new Float64Array(m),
    ytfRe: new Float64Array(m),
    ytfIm: new Float64Array(m),
    yttRe: new Float64Array(m),
    yttIm: new Float64Array(m),
  };
  for (let k = 0; k < m; k++) {
    if (!net.inService[k]) continue;
    const r = net.rPu[k]!;
    const x = net.xPu[k]!;
    const z2 = r * r + x * x;
    const ysRe = r / z2;
    const ysIm = -x / z2;
    const tau = net.tap[k]!;
    const c = Math.cos(net.shiftRad[k]!);
    const s = Math.sin(net.shiftRad[k]!);
    const half = net.bPu[k]! / 2;
    a.yttRe[k] = ysRe;
    a.yttIm[k] = ysIm + half;
    a.yffRe[k] = ysRe / (tau * tau);
    a.yffIm[k] = (ysIm + half) / (tau * tau);
    // −ys / conj(N) = −ys·N / τ² ; N = τ(c + js)
    a.yftRe[k] = -(ysRe * c - ysIm * s) / tau;
    a.yftIm[k] = -(ysRe * s + ysIm * c) / tau;
    // −ys / N = −ys·conj(N) / τ²
    a.ytfRe[k] = -(ysRe * c + ysIm * s) / tau;
    a.ytfIm[k] = -(ysIm * c - ysRe * s) / tau;
  }
  return a;
}

/** Builds Ybus (CSR, columns sorted, parallel branches merged) from the in-service branches and bus shunts. */
export function buildYbus(net: PowerNetwork, y: BranchAdmittance = branchAdmittances(net)): Ybus {
  const n = net.busCount;
  const rows: Map<number, [number, number]>[] = Array.from({ length: n }, () => new Map());
  const add = (i: number, j: number, re: number, im: number): void => {
    const row = rows[i]!;
    const cur = row.get(j);
    if (cur) {
      cur[0] += re;
      cur[1] += im;
    } else row.set(j, [re, im]);
  };
  for (let i = 0; i < n; i++) add(i, i, net.gShuntPu[i]!, net.bShuntPu[i]!);
  for (let k = 0; k < net.branchCount; k++) {
    if (!net.inService[k]) continue;
    const f = net.fromBus[k]!;
    const t = net.toBus[k]!;
    add(f, f, y.yffRe[k]!, y.yffIm[k]!);
    add(f, t, y.yftRe[k]!, y.yftIm[k]!);
    add(t, f, y.ytfRe[k]!, y.ytfIm[k]!);
    add(t, t, y.yttRe[k]!, y.yttIm[k]!);
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.size;
  const nnz = rowPtr[n]!;
  const colIdx = new Int32Array(nnz);
  const g = new Float64Array(nnz);
  const b = new Float64Array(nnz);
  const diagPtr = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cols = [...rows[i]!.keys()].sort((p, q) => p - q);
    let e = rowPtr[i]!;
    for (const j of cols) {
      const v = rows[i]!.get(j)!;
      colIdx[e] = j;
      g[e] = v[0];
      b[e] = v[1];
      if (j === i) diagPtr[i] = e;
      e++;
    }
  }
  return { n, rowPtr, colIdx, g, b, diagPtr };
}
