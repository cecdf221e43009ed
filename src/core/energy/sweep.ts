/**
 * Backward/forward sweep power flow for radial distribution feeders (a forest: one source bus per tree), on typed
 * arrays so a city grid model can call it every few simulated seconds without allocating.
 *
 * Method: the current-summation sweep of Shirmohammadi, Hong, Semlyen & Luo 1988 ("A compensation-based power flow
 * method for weakly meshed distribution and transmission networks", IEEE Trans. Power Systems 3(2), §II):
 *  1. bus current  I_i = conj(S_i / V_i) + Ysh_i·V_i            (constant-power loads, shunts, half line charging)
 *  2. backward:    J_i = I_i + Σ_children I_in(c)               (series current of the branch feeding bus i)
 *  3. forward:     V_i = V_parent / N_i − Z_i·J_i                (N_i = τ·e^{jθshift}: ideal transformer at the
 *                                                                 parent end, the MATPOWER branch model)
 *  repeated until max|ΔV| < tolerance. The current drawn from the parent through the transformer is
 *  I_in = (J_i + j·b/2·V_parent/N_i) / conj(N_i), which conserves power across the ideal transformer.
 * With the same π model as Newton–Raphson both solve the same equations, so the two agree to the tolerance.
 * Converges linearly; well-loaded feeders need ~5–15 sweeps for 1e-10 p.u.
 */

/**
 * A radial feeder set. Buses are indexed 0..busCount−1; every non-root bus has exactly one upstream branch,
 * stored at the bus's own index (branch i connects parent[i] → i).
 */
export interface RadialFeeder {
  readonly busCount: number;
  /** Upstream bus of each bus; −1 at a source (root, slack) bus. */
  readonly parent: Int32Array;
  /** Buses ordered so that every parent comes before its children (breadth-first from the roots). */
  readonly order: Int32Array;
  /** Upstream branch of bus i: series r, x (p.u.), half of the total line charging (p.u.). */
  readonly rPu: Float64Array;
  readonly xPu: Float64Array;
  readonly bHalfPu: Float64Array;
  /** Upstream transformer ratio magnitude (1 for a line) and phase shift (rad) at the parent end. */
  readonly tap: Float64Array;
  readonly shiftRad: Float64Array;
  /** Net constant-power demand at each bus, p.u. (load minus local generation); the caller updates these. */
  readonly pLoadPu: Float64Array;
  readonly qLoadPu: Float64Array;
  /** Shunt admittance at V = 1 p.u. (p.u.). */
  readonly gShuntPu: Float64Array;
  readonly bShuntPu: Float64Array;
  /** Source voltage magnitude (p.u.) and angle (rad), read at root buses only. */
  readonly rootVmPu: Float64Array;
  readonly rootVaRad: Float64Array;
}

/** Solver state and outputs (rectangular p.u.); reused between calls, which also warm-starts the next solve. */
export interface SweepState {
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Series current of the upstream branch of each bus (flowing towards the bus), p.u. */
  readonly jRe: Float64Array;
  readonly jIm: Float64Array;
  /** Sum of the currents drawn by each bus's children (scratch, then the current drawn at the parent end). */
  readonly accRe: Float64Array;
  readonly accIm: Float64Array;
  /** Current drawn from the parent at the parent end of each bus's upstream branch, p.u. */
  readonly inRe: Float64Array;
  readonly inIm: Float64Array;
  /** False until the first solve (then a flat start from the root voltage is used). */
  started: boolean;
}

/** Sweep options. */
export interface SweepOptions {
  /** Stop when the largest voltage change in a sweep is below this, p.u. */
  readonly tolerancePu: number;
  readonly maxIterations: number;
  /** Start from the root voltage (true) instead of the previous solution (default false: warm start). */
  readonly flatStart?: boolean;
}

/** Sweep outcome. */
export interface SweepStats {
  readonly converged: boolean;
  readonly iterations: number;
  /** Largest |ΔV| of the last sweep, p.u. */
  readonly maxDeltaPu: number;
}

/** Allocates the state for a feeder of busCount buses. */
export function createSweepState(busCount: number): SweepState {
  const f = (): Float64Array => new Float64Array(busCount);
  return {
    vRe: f(),
    vIm: f(),
    jRe: f(),
    jIm: f(),
    accRe: f(),
    accIm: f(),
    inRe: f(),
    inIm: f(),
    started: false,
  };
}

/** Flat start: every bus gets its root's voltage, shifted through any phase-shifting transformers. */
function flatStart(feeder: RadialFeeder, s: SweepState): void {
  const { order, parent } = feeder;
  for (let k = 0; k < feeder.busCount; k++) {
    const i = order[k]!;
    const p = parent[i]!;
    if (p < 0) {
      s.vRe[i] = feeder.rootVmPu[i]! * Math.cos(feeder.rootVaRad[i]!);
      s.vIm[i] = feeder.rootVmPu[i]! * Math.sin(feeder.rootVaRad[i]!);
    } else {
      const sh = feeder.shiftRad[i]!;
      const c = Math.cos(sh);
      const si = Math.sin(sh);
      s.vRe[i] = s.vRe[p]! * c + s.vIm[p]! * si;
      s.vIm[i] = s.vIm[p]! * c - s.vRe[p]! * si;
    }
  }
}

/**
 * Runs the backward/forward sweep in place on `state`. Allocates nothing. Root voltages are (re)applied every call,
 * so changing rootVmPu or the loads and calling again is the intended use.
 */
export function solveSweep(feeder: RadialFeeder, state: SweepState, options: SweepOptions): SweepStats {
  const { busCount: n, order, parent, rPu, xPu, bHalfPu, tap, shiftRad } = feeder;
  const { pLoadPu, qLoadPu, gShuntPu, bShuntPu } = feeder;
  const { vRe, vIm, jRe, jIm, accRe, accIm, inRe, inIm } = state;
  if (!state.started || options.flatStart) flatStart(feeder, state);
  state.started = true;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (parent[i]! < 0) {
      vRe[i] = feeder.rootVmPu[i]! * Math.cos(feeder.rootVaRad[i]!);
      vIm[i] = feeder.rootVmPu[i]! * Math.sin(feeder.rootVaRad[i]!);
    }
  }
  let it = 0;
  let maxDelta = Infinity;
  while (it < options.maxIterations) {
    it++;
    accRe.fill(0);
    accIm.fill(0);
    // Backward sweep: leaves to roots.
    for (let k = n - 1; k >= 0; k--) {
      const i = order[k]!;
      const vr = vRe[i]!;
      const vi = vIm[i]!;
      const v2 = vr * vr + vi * vi;
      const p = pLoadPu[i]!;
      const q = qLoadPu[i]!;
      // conj(S/V) = (P − jQ)/conj(V) = (P·vr + Q·vi + j(P·vi − Q·vr)) / |V|²
      let ir = (p * vr + q * vi) / v2;
      let ii = (p * vi - q * vr) / v2;
      // Shunt (g + jb)·V, plus half the upstream branch's charging at this (to) end.
      const g = gShuntPu[i]!;
      const b = bShuntPu[i]! + (parent[i]! >= 0 ? bHalfPu[i]! : 0);
      ir += g * vr - b * vi + accRe[i]!;
      ii += g * vi + b * vr + accIm[i]!;
      jRe[i] = ir;
      jIm[i] = ii;
      const pa = parent[i]!;
      if (pa < 0) continue;
      // Parent-end current: (J + j·b/2·V') / conj(N), V' = V_parent / N.
      const t = tap[i]!;
      const sh = shiftRad[i]!;
      let vpr = vRe[pa]!;
      let vpi = vIm[pa]!;
      let cr = 1;
      let ci = 0;
      if (sh !== 0) {
        cr = Math.cos(sh);
        ci = Math.sin(sh);
      }
      // V' = V_p·e^{−jθ}/τ
      const vr2 = (vpr * cr + vpi * ci) / t;
      const vi2 = (vpi * cr - vpr * ci) / t;
      vpr = vr2;
      vpi = vi2;
      const bh = bHalfPu[i]!;
      const fr = ir - bh * vpi;
      const fi = ii + bh * vpr;
      // ÷ conj(N) = × e^{jθ}/τ
      const inr = (fr * cr - fi * ci) / t;
      const ini = (fi * cr + fr * ci) / t;
      inRe[i] = inr;
      inIm[i] = ini;
      accRe[pa] = accRe[pa]! + inr;
      accIm[pa] = accIm[pa]! + ini;
    }
    // Forward sweep: roots to leaves.
    maxDelta = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const pa = parent[i]!;
      if (pa < 0) continue;
      const t = tap[i]!;
      const sh = shiftRad[i]!;
      let vpr = vRe[pa]!;
      let vpi = vIm[pa]!;
      if (sh !== 0) {
        const cr = Math.cos(sh);
        const ci = Math.sin(sh);
        const a = vpr * cr + vpi * ci;
        vpi = vpi * cr - vpr * ci;
        vpr = a;
      }
      vpr /= t;
      vpi /= t;
      const r = rPu[i]!;
      const x = xPu[i]!;
      const jr = jRe[i]!;
      const ji = jIm[i]!;
      const nr = vpr - (r * jr - x * ji);
      const ni = vpi - (r * ji + x * jr);
      const d = Math.abs(nr - vRe[i]!) + Math.abs(ni - vIm[i]!);
      if (d > maxDelta) maxDelta = d;
      vRe[i] = nr;
      vIm[i] = ni;
    }
    if (!Number.isFinite(maxDelta)) break;
    if (maxDelta < options.tolerancePu) break;
  }
  // A last backward pass so the branch currents match the final voltages.
  if (Number.isFinite(maxDelta)) {
    accRe.fill(0);
    accIm.fill(0);
    for (let k = n - 1; k >= 0; k--) {
      const i = order[k]!;
      const vr = vRe[i]!;
      const vi = vIm[i]!;
      const v2 = vr * vr + vi * vi;
      const p = pLoadPu[i]!;
      const q = qLoadPu[i]!;
      const g = gShuntPu[i]!;
      const b = bShuntPu[i]! + (parent[i]! >= 0 ? bHalfPu[i]! : 0);
      const ir = (p * vr + q * vi) / v2 + g * vr - b * vi + accRe[i]!;
      const ii = (p * vi - q * vr) / v2 + g * vi + b * vr + accIm[i]!;
      jRe[i] = ir;
      jIm[i] = ii;
      const pa = parent[i]!;
      if (pa < 0) continue;
      const t = tap[i]!;
      const sh = shiftRad[i]!;
      const cr = sh !== 0 ? Math.cos(sh) : 1;
      const ci = sh !== 0 ? Math.sin(sh) : 0;
      const vpr = (vRe[pa]! * cr + vIm[pa]! * ci) / t;
      const vpi = (vIm[pa]! * cr - vRe[pa]! * ci) / t;
      const bh = bHalfPu[i]!;
      const fr = ir - bh * vpi;
      const fi = ii + bh * vpr;
      inRe[i] = (fr * cr - fi * ci) / t;
      inIm[i] = (fi * cr + fr * ci) / t;
      accRe[pa] = accRe[pa]! + inRe[i]!;
      accIm[pa] = accIm[pa]! + inIm[i]!;
    }
  }
  return { converged: maxDelta < options.tolerancePu, iterations: it, maxDeltaPu: maxDelta };
}

/**
 * Active and reactive loss of every upstream branch (p.u., written into lossP/lossQ at the child bus index; 0 at
 * roots) and their totals: S_loss = V_parent·conj(I_in) − V_i·conj(J_i − j·b/2·V_i). No allocation.
 */
export function sweepLosses(
  feeder: RadialFeeder,
  state: SweepState,
  lossP: Float64Array,
  lossQ: Float64Array,
): { readonly pPu: number; readonly qPu: number } {
  let tp = 0;
  let tq = 0;
  const { vRe, vIm, jRe, jIm, inRe, inIm } = state;
  for (let i = 0; i < feeder.busCount; i++) {
    const pa = feeder.parent[i]!;
    if (pa < 0) {
      lossP[i] = 0;
      lossQ[i] = 0;
      continue;
    }
    // Sending end: V_p·conj(I_in)
    const sr = vRe[pa]! * inRe[i]! + vIm[pa]! * inIm[i]!;
    const si = vIm[pa]! * inRe[i]! - vRe[pa]! * inIm[i]!;
    // Receiving end delivered into bus i: V_i·conj(J_i − j·bh·V_i)
    const bh = feeder.bHalfPu[i]!;
    const cr = jRe[i]! + bh * vIm[i]!;
    const ci = jIm[i]! - bh * vRe[i]!;
    const rr = vRe[i]! * cr + vIm[i]! * ci;
    const ri = vIm[i]! * cr - vRe[i]! * ci;
    lossP[i] = sr - rr;
    lossQ[i] = si - ri;
    tp += sr - rr;
    tq += si - ri;
  }
  return { pPu: tp, qPu: tq };
}

/** Orders buses parent-before-child (breadth-first from the roots); throws if parent[] has a cycle. */
export function orderFromParents(parent: Int32Array): Int32Array {
  const n = parent.length;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childCount[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) childCount[i + 1] = childCount[i + 1]! + childCount[i]!;
  const children = new Int32Array(childCount[n]!);
  const fill = childCount.slice(0, n);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) children[fill[parent[i]!]!++] = i;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (parent[i]! < 0) order[tail++] = i;
  while (head < tail) {
    const v = order[head++]!;
    for (let c = childCount[v]!; c < childCount[v + 1]!; c++) order[tail++] = children[c]!;
  }
  if (tail !== n)
    throw new Error(`orderFromParents: ${n - tail} buses are not reachable from a root (a cycle)`);
  return order;
}
