/**
 * Polygon validation and repair in local metres (interleaved x,y Float64Arrays). Repairs what has one obvious fix
 * (unclosed ring, repeated vertices, wrong orientation, degenerate holes) and rejects what has not (a self-
 * intersecting ring, a degenerate outer ring). The output rings are open (first vertex not repeated), the outer ring
 * counter-clockwise and holes clockwise — the PolygonSet layout of src/core/scene/types.ts and RFC 7946 §3.1.6.
 */

/** Vertices closer than this are the same vertex, metres. */
export const DUPLICATE_EPS_M = 1e-3;
/** Rings with |area| below this are degenerate, m². */
export const MIN_RING_AREA_M2 = 0.01;
/** Rings up to this many segments are checked pairwise (O(n²)); longer ones with a sorted sweep. */
const PAIRWISE_MAX = 48;

/** Signed area by the shoelace formula (positive = counter-clockwise), m². Ring is open. */
export function ringArea(xy: ArrayLike<number>, start = 0, end = xy.length): number {
  let a = 0;
  const n = (end - start) / 2;
  if (n < 3) return 0;
  // Shifting by the first vertex keeps the products small (less cancellation far from the origin).
  const ox = xy[start] as number;
  const oy = xy[start + 1] as number;
  let px = (xy[end - 2] as number) - ox;
  let py = (xy[end - 1] as number) - oy;
  for (let i = start; i < end; i += 2) {
    const x = (xy[i] as number) - ox;
    const y = (xy[i + 1] as number) - oy;
    a += px * y - x * py;
    px = x;
    py = y;
  }
  return a / 2;
}

/** Area-weighted centroid of an open ring, falling back to the vertex mean for degenerate rings. */
export function ringCentroid(xy: ArrayLike<number>, start = 0, end = xy.length): [number, number] {
  const n = (end - start) / 2;
  const ox = xy[start] as number;
  const oy = xy[start + 1] as number;
  let a = 0;
  let cx = 0;
  let cy = 0;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    const i = start + 2 * k;
    const j = start + 2 * ((k + 1) % n);
    const x0 = (xy[i] as number) - ox;
    const y0 = (xy[i + 1] as number) - oy;
    const x1 = (xy[j] as number) - ox;
    const y1 = (xy[j + 1] as number) - oy;
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
    mx += x0;
    my += y0;
  }
  if (Math.abs(a) < 1e-9) return [ox + mx / n, oy + my / n];
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}
function onSeg(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Scratch for the intersection point of the last positive {@link segmentsIntersect} test. */
const hit = { x: 0, y: 0 };

/** True when closed segments ab and cd share any point; sets `hit` to one such point. */
function segmentsIntersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    hit.x = ax + t * (bx - ax);
    hit.y = ay + t * (by - ay);
    return true;
  }
  if (d1 === 0 && onSeg(cx, cy, dx, dy, ax, ay)) return setHit(ax, ay);
  if (d2 === 0 && onSeg(cx, cy, dx, dy, bx, by)) return setHit(bx, by);
  if (d3 === 0 && onSeg(ax, ay, bx, by, cx, cy)) return setHit(cx, cy);
  if (d4 === 0 && onSeg(ax, ay, bx, by, dx, dy)) return setHit(dx, dy);
  return false;
}
function setHit(x: number, y: number): true {
  hit.x = x;
  hit.y = y;
  return true;
}

/** A self-intersection: segments i→i+1 and j→j+1 (vertex indices, mod n) meet at (x, y) metres. */
export interface SelfIntersection {
  readonly i: number;
  readonly j: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Finds a self-intersection of an open ring with n ≥ 3 distinct consecutive vertices, or null. Non-adjacent segments
 * may not touch; adjacent segments may not fold back onto each other (a spike). Pairwise for short rings, otherwise a
 * sweep over segments sorted by min x (each segment is tested only against those whose x-range overlaps).
 */
export function findSelfIntersection(xy: ArrayLike<number>): SelfIntersection | null {
  const n = xy.length / 2;
  const X = (k: number): number => xy[2 * (k % n)] as number;
  const Y = (k: number): number => xy[2 * (k % n) + 1] as number;
  // Spikes: consecutive segments collinear and reversing (vertex k is a fold).
  for (let k = 0; k < n; k++) {
    const ax = X(k + n - 1);
    const ay = Y(k + n - 1);
    const bx = X(k);
    const by = Y(k);
    const cx = X(k + 1);
    const cy = Y(k + 1);
    if (orient(ax, ay, bx, by, cx, cy) === 0 && (bx - ax) * (cx - bx) + (by - ay) * (cy - by) < 0) {
      return { i: (k + n - 1) % n, j: k, x: bx, y: by };
    }
  }
  if (n <= 3) return null;
  const test = (i: number, j: number): SelfIntersection | null => {
    // Adjacent segments share a vertex by construction; skip them (spikes handled above).
    if (j === i + 1 || (i === 0 && j === n - 1) || j === i - 1 || (j === 0 && i === n - 1)) return null;
    return segmentsIntersect(X(i), Y(i), X(i + 1), Y(i + 1), X(j), Y(j), X(j + 1), Y(j + 1))
      ? { i: Math.min(i, j), j: Math.max(i, j), x: hit.x, y: hit.y }
      : null;
  };
  if (n <= PAIRWISE_MAX) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j < n; j++) {
        const r = test(i, j);
        if (r) return r;
      }
    }
    return null;
  }
  const order = new Uint32Array(n);
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    order[k] = k;
    minX[k] = Math.min(X(k), X(k + 1));
    maxX[k] = Math.max(X(k), X(k + 1));
  }
  order.sort((a, b) => (minX[a] as number) - (minX[b] as number));
  let best: SelfIntersection | null = null;
  for (let a = 0; a < n; a++) {
    const i = order[a] as number;
    const right = maxX[i] as number;
    for (let b = a + 1; b < n; b++) {
      const j = order[b] as number;
      if ((minX[j] as number) > right) break;
      const r = test(i, j);
      // Report the lowest segment pair so the message does not depend on the sort.
      if (r && (!best || r.i < best.i || (r.i === best.i && r.j < best.j))) best = r;
    }
  }
  return best;
}

/** What {@link cleanPolygon} did or why it rejected the polygon. */
export type CleanResult =
  | {
      readonly ok: true;
      readonly rings: Float64Array[];
      readonly areaM2: number;
      readonly repairs: string[];
      readonly reoriented: boolean;
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly reason: string;
      readonly at?: { x: number; y: number };
    };

/**
 * Validates and repairs one polygon (outer ring first, then holes), rings in local metres, closed or not. Returns
 * open, correctly oriented rings and the footprint area (outer minus holes), or a rejection with a precise reason.
 */
export function cleanPolygon(rings: readonly Float64Array[]): CleanResult {
  const out: Float64Array[] = [];
  const repairs: string[] = [];
  let reoriented = false;
  let area = 0;
  for (let r = 0; r < rings.length; r++) {
    const src = rings[r] as Float64Array;
    const what = r === 0 ? 'outer ring' : `hole ${r}`;
    let n = src.length / 2;
    const closed = n > 1 && src[0] === src[src.length - 2] && src[1] === src[src.length - 1];
    if (closed) n--;
    else repairs.push(`${what} was not closed; closed it`);
    // Drop consecutive duplicates (and a last vertex equal to the first).
    const buf = new Float64Array(n * 2);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const x = src[2 * k] as number;
      const y = src[2 * k + 1] as number;
      if (
        m > 0 &&
        Math.abs(x - (buf[2 * m - 2] as number)) < DUPLICATE_EPS_M &&
        Math.abs(y - (buf[2 * m - 1] as number)) < DUPLICATE_EPS_M
      ) {
        continue;
      }
      buf[2 * m] = x;
      buf[2 * m + 1] = y;
      m++;
    }
    while (
      m > 1 &&
      Math.abs((buf[0] as number) - (buf[2 * m - 2] as number)) < DUPLICATE_EPS_M &&
      Math.abs((buf[1] as number) - (buf[2 * m - 1] as number)) < DUPLICATE_EPS_M
    ) {
      m--;
    }
    if (m < n) repairs.push(`${what}: removed ${n - m} repeated vertex${n - m === 1 ? '' : 'es'}`);
    let ring: Float64Array = buf.subarray(0, m * 2);
    if (m < 3) {
      if (r === 0)
        return {
          ok: false,
          code: 'degenerate-ring',
          reason: `outer ring has ${m} distinct vertices (needs ≥ 3)`,
        };
      repairs.push(`dropped ${what}: ${m} distinct vertices`);
      continue;
    }
    let a = ringArea(ring);
    const x = findSelfIntersection(ring);
    // A zero-area ring that folds back on itself is degenerate; one with a proper crossing (a symmetric bow-tie also
    // has zero signed area) is self-intersecting.
    const isSpike = x !== null && (x.i + 1) % m === x.j;
    if (Math.abs(a) < MIN_RING_AREA_M2 && (x === null || isSpike)) {
      if (r === 0)
        return {
          ok: false,
          code: 'degenerate-ring',
          reason: `outer ring has zero area (${Math.abs(a).toFixed(4)} m²)`,
        };
      repairs.push(`dropped ${what}: zero area`);
      continue;
    }
    if (x) {
      return {
        ok: false,
        code: 'self-intersection',
        reason: `${what} self-intersects: segment ${x.i}–${(x.i + 1) % m} crosses segment ${x.j}–${(x.j + 1) % m}`,
        at: { x: x.x, y: x.y },
      };
    }
    const wantCcw = r === 0;
    if (a > 0 !== wantCcw) {
      ring = reverseRing(ring);
      a = -a;
      // Orientation is a convention, not damage: counted apart from repairs.
      reoriented = true;
    }
    area += a; // holes are clockwise now: their negative area subtracts
    out.push(ring);
  }
  return { ok: true, rings: out, areaM2: Math.max(0, area), repairs, reoriented };
}

function reverseRing(r: Float64Array): Float64Array {
  const n = r.length / 2;
  const o = new Float64Array(r.length);
  for (let k = 0; k < n; k++) {
    o[2 * k] = r[2 * (n - 1 - k)] as number;
    o[2 * k + 1] = r[2 * (n - 1 - k) + 1] as number;
  }
  return o;
}
