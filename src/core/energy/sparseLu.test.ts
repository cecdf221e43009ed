/** The sparse block LU against dense Gaussian elimination with partial pivoting, on seeded random networks. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { SparseBlockLu } from './sparseLu.ts';
import type { GraphPattern } from './sparseLu.ts';

/** Dense Gaussian elimination with partial pivoting (textbook, e.g. Golub & Van Loan, Algorithm 3.4.1). */
function denseSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
    [m[k], m[p]] = [m[p]!, m[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i]![k]! / m[k]![k]!;
      for (let j = k; j <= n; j++) m[i]![j]! -= f * m[k]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= m[i]![j]! * x[j]!;
    x[i] = s / m[i]![i]!;
  }
  return x;
}

/** A random connected graph: a random spanning tree plus `extra` chords. */
function randomGraph(n: number, extra: number, seed: number): GraphPattern {
  const rng = createRng(seed);
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let i = 1; i < n; i++) {
    const j = rng.int(i);
    adj[i]!.add(j);
    adj[j]!.add(i);
  }
  for (let e = 0; e < extra; e++) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i !== j) {
      adj[i]!.add(j);
      adj[j]!.add(i);
    }
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + adj[i]!.size + 1;
  const colIdx = new Int32Array(rowPtr[n]!);
  for (let i = 0; i < n; i++)
    colIdx.set(
      [i, ...adj[i]!].sort((a, b) => a - b),
      rowPtr[i]!,
    );
  return { n, rowPtr, colIdx };
}

describe('SparseBlockLu', () => {
  for (const bs of [1, 2] as const)
    for (const [n, extra, seed] of [
      [1, 0, 1],
      [12, 5, 2],
      [60, 40, 3],
      [200, 120, 4],
    ] as const)
      it(`block size ${bs}, ${n} nodes, ${extra} chords: matches dense elimination to 1e-10`, () => {
        const g = randomGraph(n, extra, seed);
        const rng = createRng(seed * 7 + bs);
        const lu = new SparseBlockLu(g, bs);
        const N = n * bs;
        const dense = Array.from({ length: N }, () => new Array<number>(N).fill(0));
        // Unsymmetric values on a symmetric pattern, diagonally dominant so no pivoting is needed.
        for (let i = 0; i < n; i++)
          for (let e = g.rowPtr[i]!; e < g.rowPtr[i + 1]!; e++) {
            const j = g.colIdx[e]!;
            const o = i === j ? lu.diagOffset(i) : lu.entryOffset[e]!;
            for (let a = 0; a < bs; a++)
              for (let b = 0; b < bs; b++) {
                const v = i === j && a === b ? 50 + rng.next() : rng.range(-1, 1);
                lu.values[o + a * bs + b] = v;
                dense[i * bs + a]![j * bs + b] = v;
              }
          }
        expect(lu.factor()).toBe(true);
        const rhs = Float64Array.from({ length: N }, () => rng.range(-5, 5));
        const x = new Float64Array(N);
        lu.solve(rhs, x);
        const ref = denseSolve(dense, [...rhs]);
        for (let i = 0; i < N; i++) expect(Math.abs(x[i]! - ref[i]!)).toBeLessThan(1e-10);
      });

  it('minimum-degree ordering keeps a tree fill-free (fill = n − 1 blocks)', () => {
    const g = randomGraph(500, 0, 9);
    expect(new SparseBlockLu(g, 2).fillBlocks).toBe(499);
  });

  it('reports a singular matrix instead of returning garbage', () => {
    const g = randomGraph(4, 0, 5);
    const lu = new SparseBlockLu(g, 1);
    expect(lu.factor()).toBe(false); // all zero
  });
});
