/**
 * Small exact checks on polygon rings (GeoJSON position arrays) and polygon pairs, used by the generator's tests to
 * prove that every footprint is a valid simple counter-clockwise ring and that no two footprints overlap.
 */

/** A position [x, y] (lon/lat or metres). */
export type Position = readonly [number, number] | readonly number[];

/** Signed area of a ring (closed or open), positive when counter-clockwise. */
export function signedArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i] as Position;
    const q = ring[i + 1] as Position;
    a += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  const f = ring[ring.length - 1] as Position;
  const s = ring[0] as Position;
  if (f !== s) a += (f[0] as number) * (s[1] as number) - (s[0] as number) * (f[1] as number);
  return a / 2;
}

/** Orientation of the triangle (a, b, c): > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when closed segments p1p2 and p3p4 share at least one point. */
export function segmentsIntersect(p1: Position, p2: Position, p3: Position, p4: Position): boolean {
  const [x1, y1] = p1 as [number, number];
  const [x2, y2] = p2 as [number, number];
  const [x3, y3] = p3 as [number, number];
  const [x4, y4] = p4 as [number, number];
  const d1 = orient(x3, y3, x4, y4, x1, y1);
  const d2 = orient(x3, y3, x4, y4, x2, y2);
  const d3 = orient(x1, y1, x2, y2, x3, y3);
  const d4 = orient(x1, y1, x2, y2, x4, y4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean =>
    Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
  return (
    (d1 === 0 && on(x3, y3, x4, y4, x1, y1)) ||
    (d2 === 0 && on(x3, y3, x4, y4, x2, y2)) ||
    (d3 === 0 && on(x1, y1, x2, y2, x3, y3)) ||
    (d4 === 0 && on(x1, y1, x2, y2, x4, y4))
  );
}

/**
 * Checks a GeoJSON outer ring: closed, ≥ 4 positions, counter-clockwise, no repeated consecutive vertex, and no two
 * non-adjacent edges touching. Returns null when valid, else the reason.
 */
export function checkOuterRing(ring: readonly Position[]): string | null {
  if (ring.length < 4) return `ring has ${ring.length} positions, needs ≥ 4`;
  const f = ring[0] as Position;
  const l = ring[ring.length - 1] as Position;
  if (f[0] !== l[0] || f[1] !== l[1]) return 'ring is not closed';
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    if (a[0] === b[0] && a[1] === b[1]) return `repeated vertex at ${i}`;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last edge are adjacent
      if (
        segmentsIntersect(
          ring[i] as Position,
          ring[i + 1] as Position,
          ring[j] as Position,
          ring[j + 1] as Position,
        )
      ) {
        return `edges ${i} and ${j} intersect`;
      }
    }
  }
  if (!(signedArea(ring) > 0)) return 'ring is not counter-clockwise';
  return null;
}

/** Even-odd point-in-polygon test for a closed ring. */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when two closed rings share any point (edges cross or touch, or one contains the other). */
export function ringsOverlap(a: readonly Position[], b: readonly Position[]): boolean {
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) {
      if (segmentsIntersect(a[i] as Position, a[i + 1] as Position, b[j] as Position, b[j + 1] as Position))
        return true;
    }
  }
  const a0 = a[0] as [number, number];
  const b0 = b[0] as [number, number];
  return pointInRing(a0[0], a0[1], b) || pointInRing(b0[0], b0[1], a);
}
