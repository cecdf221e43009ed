/**
 * Sparse block LU factorisation for matrices whose block pattern is that of a (structurally symmetric) network
 * graph — the bus admittance pattern. Used with 1×1 blocks for the DC power flow (B'θ = P) and 2×2 blocks for the
 * Newton–Raphson Jacobian (one [P;Q]×[θ;V] block per bus pair).
 *
 * Method: minimum-degree ordering on the bus graph (Tinney & Walker 1967, "Direct solutions of sparse network
 * equations by optimally ordered triangular factorization", Proc. IEEE 55(11) — "scheme 2"), a symbolic elimination
 * that records the fill pattern and every update target once, then a right-looking numeric LU without pivoting
 * across blocks (each 2×2 diagonal block is inverted exactly). Power-flow Jacobians and B' matrices are
 * well-conditioned with this ordering in practice (Tinney & Hart 1967, "Power flow solution by Newton's method",
 * IEEE Trans. PAS-86(11)); a zero pivot is reported, not hidden.
 *
 * After construction, factor() and solve() allocate nothing.
 */

/** A structurally symmetric sparsity pattern in CSR form (diagonal entries optional: the diagonal is always kept). */
export interface GraphPattern {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
}

/** A sparse block matrix with its LU factorisation. Fill values through slotOf*, then factor(), then solve(). */
export class SparseBlockLu {
  readonly n: number;
  readonly bs: number;
  /** Elimination order: order[k] = original index eliminated k-th; position[i] = its k. */
  readonly order: Int32Array;
  readonly position: Int32Array;
  /** Values: diagonal blocks [0, n·bs²), then upper blocks U(k, j), then lower blocks L(j, k), bs² each. */
  readonly values: Float64Array;
  /** Number of stored off-diagonal block pairs after fill (nnz of the strictly upper block triangle). */
  readonly fillBlocks: number;
  /** For each CSR entry e (row i, col j) of the input pattern: offset into values of block (i, j). */
  readonly entryOffset: Int32Array;
  private readonly patPtr: Int32Array; // pattern of elimination step k: patIdx[patPtr[k] .. patPtr[k+1]) (k-positions)
  private readonly patIdx: Int32Array;
  private readonly updPtr: Int32Array; // update targets of step k: updTarget[updPtr[k] .. updPtr[k+1])
  private readonly updTarget: Int32Array;
  private readonly dinv: Float64Array; // inverted diagonal blocks
  private readonly work: Float64Array; // permuted right-hand side
  private readonly upperBase: number;
  private readonly lowerBase: number;

  constructor(pattern: GraphPattern, blockSize: 1 | 2) {
    const n = pattern.n;
    const bs = blockSize;
    const bs2 = bs * bs;
    this.n = n;
    this.bs = bs;
    // --- Minimum-degree ordering with explicit fill (Tinney–Walker scheme 2) ---
    const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
    for (let i = 0; i < n; i++)
      for (let e = pattern.rowPtr[i]!; e < pattern.rowPtr[i + 1]!; e++) {
        const j = pattern.colIdx[e]!;
        if (j !== i) {
          adj[i]!.add(j);
          adj[j]!.add(i);
        }
      }
    const order = new Int32Array(n);
    const position = new Int32Array(n).fill(-1);
    const eliminatedNeighbours: number[][] = new Array<number[]>(n);
    // Degree buckets make the pick cheap; ties go to the lowest index (deterministic, slightly less fill).
    const degree = new Int32Array(n);
    const buckets: Set<number>[] = [];
    const bucket = (d: number): Set<number> => {
      while (buckets.length <= d) buckets.push(new Set<number>());
      return buckets[d]!;
    };
    for (let i = 0; i < n; i++) {
      degree[i] = adj[i]!.size;
      bucket(degree[i]!).add(i);
    }
    let minDeg = 0;
    for (let k = 0; k < n; k++) {
      while (bucket(minDeg).size === 0) minDeg++;
      let v = -1;
      for (const c of buckets[minDeg]!) if (v < 0 || c < v) v = c;
      buckets[minDeg]!.delete(v);
      order[k] = v;
      position[v] = k;
      const nb = [...adj[v]!];
      eliminatedNeighbours[v] = nb;
      for (const a of nb) adj[a]!.delete(v);
      for (let x = 0; x < nb.length; x++)
        for (let y = x + 1; y < nb.length; y++) {
          adj[nb[x]!]!.add(nb[y]!);
          adj[nb[y]!]!.add(nb[x]!);
        }
      for (const a of nb) {
        const d = adj[a]!.size;
        if (d !== degree[a]) {
          buckets[degree[a]!]!.delete(a);
          degree[a] = d;
          bucket(d).add(a);
          if (d < minDeg) minDeg = d;
        }
      }
      adj[v]!.clear();
    }
    this.order = order;
    this.position = position;

    // --- Symbolic pattern per step, in elimination positions, sorted ---
    const patPtr = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) patPtr[k + 1] = patPtr[k]! + eliminatedNeighbours[order[k]!]!.length;
    const patIdx = new Int32Array(patPtr[n]!);
    for (let k = 0; k < n; k++) {
      const ks = eliminatedNeighbours[order[k]!]!.map((v) => position[v]!).sort((a, b) => a - b);
      patIdx.set(ks, patPtr[k]!);
    }
    this.patPtr = patPtr;
    this.patIdx = patIdx;
    this.fillBlocks = patIdx.length;
    this.upperBase = n * bs2;
    this.lowerBase = this.upperBase + patIdx.length * bs2;
    this.values = new Float64Array(this.lowerBase + patIdx.length * bs2);

    /** Offset of block (r, c) (elimination positions). */
    const offsetOf = (r: number, c: number): number => {
      if (r === c) return r * bs2;
      const [lo, hi, base] = r < c ? [r, c, this.upperBase] : [c, r, this.lowerBase];
      let a = patPtr[lo]!;
      let b = patPtr[lo + 1]! - 1;
      while (a <= b) {
        const mid = (a + b) >> 1;
        const x = patIdx[mid]!;
        if (x === hi) return base + mid * bs2;
        if (x < hi) a = mid + 1;
        else b = mid - 1;
      }
      throw new Error(`sparseLu: block (${r}, ${c}) missing from the symbolic pattern`);
    };

    const entryOffset = new Int32Array(pattern.colIdx.length);
    for (let i = 0; i < n; i++)
      for (let e = pattern.rowPtr[i]!; e < pattern.rowPtr[i + 1]!; e++)
        entryOffset[e] = offsetOf(position[i]!, position[pattern.colIdx[e]!]!);
    this.entryOffset = entryOffset;

    // --- Update targets: for step k, every (a, b) in pat(k) × pat(k): A(a, b) -= L(a, k) · U(k, b) ---
    const updPtr = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const len = patPtr[k + 1]! - patPtr[k]!;
      updPtr[k + 1] = updPtr[k]! + len * len;
    }
    const updTarget = new Int32Array(updPtr[n]!);
    // Scatter pat(r) into `slot` so each (r, c > r) lookup is O(1); (c, r) is the mirrored lower block.
    const slot = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) {
      const p0 = patPtr[k]!;
      const len = patPtr[k + 1]! - p0;
      const base = updPtr[k]!;
      for (let a = 0; a < len; a++) {
        const r = patIdx[p0 + a]!;
        for (let q = patPtr[r]!; q < patPtr[r + 1]!; q++) slot[patIdx[q]!] = q;
        updTarget[base + a * len + a] = r * bs2;
        for (let b = a + 1; b < len; b++) {
          const q = slot[patIdx[p0 + b]!]!; // patIdx is sorted, so patIdx[p0 + b] > r
          if (q < 0) throw new Error('sparseLu: fill pattern is not closed');
          updTarget[base + a * len + b] = this.upperBase + q * bs2;
          updTarget[base + b * len + a] = this.lowerBase + q * bs2;
        }
        for (let q = patPtr[r]!; q < patPtr[r + 1]!; q++) slot[patIdx[q]!] = -1;
      }
    }
    this.updPtr = updPtr;
    this.updTarget = updTarget;
    this.dinv = new Float64Array(n * bs2);
    this.work = new Float64Array(n * bs);
  }

  /** Offset into values of the diagonal block of original index i. */
  diagOffset(i: number): number {
    return this.position[i]! * this.bs * this.bs;
  }

  /** Zeroes all values (call before assembling a new matrix). */
  clear(): void {
    this.values.fill(0);
  }

  /**
   * Factorises the assembled matrix in place. Returns false on a (near-)zero pivot block — a singular matrix,
   * e.g. an island with no reference bus.
   */
  factor(): boolean {
    const { n, bs, values, dinv, patPtr, updPtr, updTarget, upperBase, lowerBase } = this;
    if (bs === 1) {
      for (let k = 0; k < n; k++) {
        const d = values[k]!;
        if (!(Math.abs(d) > 1e-300) || !Number.isFinite(d)) return false;
        const di = 1 / d;
        dinv[k] = di;
        const p0 = patPtr[k]!;
        const p1 = patPtr[k + 1]!;
        for (let a = p0; a < p1; a++) values[lowerBase + a] = values[lowerBase + a]! * di;
        let u = updPtr[k]!;
        for (let a = p0; a < p1; a++) {
          const l = values[lowerBase + a]!;
          for (let b = p0; b < p1; b++) {
            const t = updTarget[u++]!;
            values[t] = values[t]! - l * values[upperBase + b]!;
          }
        }
      }
      return true;
    }
    // 2×2 blocks, row-major [a b; c d].
    for (let k = 0; k < n; k++) {
      const o = k * 4;
      const a11 = values[o]!;
      const a12 = values[o + 1]!;
      const a21 = values[o + 2]!;
      const a22 = values[o + 3]!;
      const det = a11 * a22 - a12 * a21;
      const scale = Math.abs(a11) + Math.abs(a12) + Math.abs(a21) + Math.abs(a22);
      if (!(Math.abs(det) > 1e-14 * scale * scale) || !Number.isFinite(det)) return false;
      const i11 = a22 / det;
      const i12 = -a12 / det;
      const i21 = -a21 / det;
      const i22 = a11 / det;
      dinv[o] = i11;
      dinv[o + 1] = i12;
      dinv[o + 2] = i21;
      dinv[o + 3] = i22;
      const p0 = patPtr[k]!;
      const p1 = patPtr[k + 1]!;
      for (let a = p0; a < p1; a++) {
        // L(a, k) = A(a, k) · D⁻¹
        const lo = lowerBase + a * 4;
        const x11 = values[lo]!;
        const x12 = values[lo + 1]!;
        const x21 = values[lo + 2]!;
        const x22 = values[lo + 3]!;
        values[lo] = x11 * i11 + x12 * i21;
        values[lo + 1] = x11 * i12 + x12 * i22;
        values[lo + 2] = x21 * i11 + x22 * i21;
        values[lo + 3] = x21 * i12 + x22 * i22;
      }
      let u = updPtr[k]!;
      for (let a = p0; a < p1; a++) {
        const lo = lowerBase + a * 4;
        const l11 = values[lo]!;
        const l12 = values[lo + 1]!;
        const l21 = values[lo + 2]!;
        const l22 = values[lo + 3]!;
        for (let b = p0; b < p1; b++) {
          const uo = upperBase + b * 4;
          const u11 = values[uo]!;
          const u12 = values[uo + 1]!;
          const u21 = values[uo + 2]!;
          const u22 = values[uo + 3]!;
          const t = updTarget[u++]!;
          values[t] = values[t]! - (l11 * u11 + l12 * u21);
          values[t + 1] = values[t + 1]! - (l11 * u12 + l12 * u22);
          values[t + 2] = values[t + 2]! - (l21 * u11 + l22 * u21);
          values[t + 3] = values[t + 3]! - (l21 * u12 + l22 * u22);
        }
      }
    }
    return true;
  }

  /** Solves A x = rhs (both in original index order, length n·bs) with the factors; rhs and x may alias. */
  solve(rhs: Float64Array, x: Float64Array): void {
    const { n, bs, values, dinv, patPtr, patIdx, upperBase, lowerBase, order, work } = this;
    for (let k = 0; k < n; k++) for (let c = 0; c < bs; c++) work[k * bs + c] = rhs[order[k]! * bs + c]!;
    if (bs === 1) {
      for (let k = 0; k < n; k++) {
        const y = work[k]!;
        if (y !== 0)
          for (let a = patPtr[k]!; a < patPtr[k + 1]!; a++) {
            const i = patIdx[a]!;
            work[i] = work[i]! - values[lowerBase + a]! * y;
          }
      }
      for (let k = n - 1; k >= 0; k--) {
        let s = work[k]!;
        for (let b = patPtr[k]!; b < patPtr[k + 1]!; b++) s -= values[upperBase + b]! * work[patIdx[b]!]!;
        work[k] = dinv[k]! * s;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const y1 = work[2 * k]!;
        const y2 = work[2 * k + 1]!;
        if (y1 === 0 && y2 === 0) continue;
        for (let a = patPtr[k]!; a < patPtr[k + 1]!; a++) {
          const i = patIdx[a]!;
          const lo = lowerBase + a * 4;
          work[2 * i] = work[2 * i]! - (values[lo]! * y1 + values[lo + 1]! * y2);
          work[2 * i + 1] = work[2 * i + 1]! - (values[lo + 2]! * y1 + values[lo + 3]! * y2);
        }
      }
      for (let k = n - 1; k >= 0; k--) {
        let s1 = work[2 * k]!;
        let s2 = work[2 * k + 1]!;
        for (let b = patPtr[k]!; b < patPtr[k + 1]!; b++) {
          const j = patIdx[b]!;
          const uo = upperBase + b * 4;
          const x1 = work[2 * j]!;
          const x2 = work[2 * j + 1]!;
          s1 -= values[uo]! * x1 + values[uo + 1]! * x2;
          s2 -= values[uo + 2]! * x1 + values[uo + 3]! * x2;
        }
        const o = k * 4;
        work[2 * k] = dinv[o]! * s1 + dinv[o + 1]! * s2;
        work[2 * k + 1] = dinv[o + 2]! * s1 + dinv[o + 3]! * s2;
      }
    }
    for (let k = 0; k < n; k++) for (let c = 0; c < bs; c++) x[order[k]! * bs + c] = work[k * bs + c]!;
  }
}
