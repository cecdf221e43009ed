/**
 * Contour lines of an analytic height field by marching squares (Lorensen & Cline 1987, the 2-D case), with
 * saddle cells resolved by the cell-centre mean, and segments stitched into polylines through the grid edges they
 * cross (each crossing point belongs to exactly one grid edge, so chains join exactly).
 */

/** One contour polyline: interleaved x,y metres; closed loops repeat the first point at the end. */
export interface ContourLine {
  readonly levelM: number;
  readonly xy: number[];
}

/** Grid over which the field is sampled: corners (x0 + i·cellM, y0 + j·cellM), i ≤ nx, j ≤ ny. */
export interface ContourGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly nx: number;
  readonly ny: number;
}

/** Traces every contour of `heightAt` at the given levels over the grid. */
export function traceContours(
  heightAt: (x: number, y: number) => number,
  g: ContourGrid,
  levelsM: readonly number[],
): ContourLine[] {
  const { nx, ny, x0, y0, cellM } = g;
  const W = nx + 1;
  const v = new Float64Array(W * (ny + 1));
  for (let j = 0; j <= ny; j++)
    for (let i = 0; i <= nx; i++) v[j * W + i] = heightAt(x0 + i * cellM, y0 + j * cellM);
  const val = (i: number, j: number): number => v[j * W + i] as number;
  // Edge ids: horizontal edge (i,j)-(i+1,j) → j·nx + i; vertical edge (i,j)-(i,j+1) → H + j·W + i.
  const H = (ny + 1) * nx;
  const hEdge = (i: number, j: number): number => j * nx + i;
  const vEdge = (i: number, j: number): number => H + j * W + i;
  const out: ContourLine[] = [];
  for (const level of levelsM) {
    const adj = new Map<number, number[]>();
    const link = (a: number, b: number): void => {
      const la = adj.get(a);
      if (la) la.push(b);
      else adj.set(a, [b]);
      const lb = adj.get(b);
      if (lb) lb.push(a);
      else adj.set(b, [a]);
    };
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const bl = val(i, j) >= level ? 1 : 0;
        const br = val(i + 1, j) >= level ? 2 : 0;
        const tr = val(i + 1, j + 1) >= level ? 4 : 0;
        const tl = val(i, j + 1) >= level ? 8 : 0;
        const c = bl | br | tr | tl;
        if (c === 0 || c === 15) continue;
        const bottom = hEdge(i, j);
        const top = hEdge(i, j + 1);
        const left = vEdge(i, j);
        const right = vEdge(i + 1, j);
        if (c === 5 || c === 10) {
          const centreAbove = (val(i, j) + val(i + 1, j) + val(i + 1, j + 1) + val(i, j + 1)) / 4 >= level;
          // Case 5 (bl, tr above) and case 10 (br, tl above): the centre decides which corners are cut off.
          if ((c === 5) === centreAbove) {
            link(bottom, right);
            link(top, left);
          } else {
            link(left, bottom);
            link(right, top);
          }
          continue;
        }
        const crossed: number[] = [];
        if (!bl !== !br) crossed.push(bottom);
        if (!br !== !tr) crossed.push(right);
        if (!tr !== !tl) crossed.push(top);
        if (!tl !== !bl) crossed.push(left);
        link(crossed[0] as number, crossed[1] as number);
      }
    }
    const point = (e: number, xy: number[]): void => {
      let ia: number, ja: number, ib: number, jb: number;
      if (e < H) {
        ja = Math.floor(e / nx);
        ia = e - ja * nx;
        ib = ia + 1;
        jb = ja;
      } else {
        const k = e - H;
        ja = Math.floor(k / W);
        ia = k - ja * W;
        ib = ia;
        jb = ja + 1;
      }
      const va = val(ia, ja);
      const vb = val(ib, jb);
      const t = vb === va ? 0.5 : (level - va) / (vb - va);
      xy.push(x0 + (ia + t * (ib - ia)) * cellM, y0 + (ja + t * (jb - ja)) * cellM);
    };
    const visited = new Set<number>();
    const walk = (start: number): void => {
      const xy: number[] = [];
      let prev = -1;
      let cur = start;
      for (;;) {
        visited.add(cur);
        point(cur, xy);
        const nb = adj.get(cur) as number[];
        let next = -1;
        for (const x of nb) {
          if (x !== prev && !visited.has(x)) {
            next = x;
            break;
          }
        }
        if (next < 0) {
          // Closed loop: repeat the start when we are back next to it.
          if (nb.includes(start) && xy.length > 4 && prev !== start) point(start, xy);
          break;
        }
        prev = cur;
        cur = next;
      }
      if (xy.length >= 4) out.push({ levelM: level, xy });
    };
    const keys = [...adj.keys()].sort((a, b) => a - b);
    for (const k of keys) if (!visited.has(k) && (adj.get(k) as number[]).length === 1) walk(k);
    for (const k of keys) if (!visited.has(k)) walk(k);
  }
  return out;
}
