/**
 * Uniform-grid spatial indexes for the importer's snapping queries (signals → nodes, sensors → links, power lines →
 * assets). A hash grid is enough at city scale: queries are short-range (≤ 50 m) and run once per import.
 */

// Cell keys: cell coordinates offset into [0, 2^25) and packed into one integer < 2^50 (exact in a double).
const OFF = 2 ** 24;
const key = (cx: number, cy: number): number => (cx + OFF) * 2 ** 25 + (cy + OFF);

/** Nearest-point queries over interleaved x,y metres. */
export class PointGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly xy: ArrayLike<number>,
    private readonly cellM: number,
  ) {
    for (let i = 0; i < xy.length / 2; i++) {
      const k = key(Math.floor((xy[2 * i] as number) / cellM), Math.floor((xy[2 * i + 1] as number) / cellM));
      const c = this.cells.get(k);
      if (c) c.push(i);
      else this.cells.set(k, [i]);
    }
  }
  /** Index of the nearest point within `radiusM` of (x, y) accepted by `filter`, or -1. Ties → lowest index. */
  nearest(x: number, y: number, radiusM: number, filter?: (i: number) => boolean): number {
    const r = Math.ceil(radiusM / this.cellM);
    const cx = Math.floor(x / this.cellM);
    const cy = Math.floor(y / this.cellM);
    let best = -1;
    let bestD = radiusM * radiusM;
    for (let dx = -r; dx <= r; dx++) {
      for (let dy = -r; dy <= r; dy++) {
        const c = this.cells.get(key(cx + dx, cy + dy));
        if (!c) continue;
        for (const i of c) {
          const ex = (this.xy[2 * i] as number) - x;
          const ey = (this.xy[2 * i + 1] as number) - y;
          const d = ex * ex + ey * ey;
          if ((d < bestD || (d === bestD && i < best)) && (!filter || filter(i))) {
            best = i;
            bestD = d;
          }
        }
      }
    }
    return best;
  }
}

/** Result scratch of {@link PolylineGrid.nearest}: polyline index, distance and the segment's bearing. */
export interface NearestOnLine {
  line: number;
  distM: number;
  /** Bearing of the nearest segment, degrees clockwise from north (0..360). */
  bearingDeg: number;
  x: number;
  y: number;
}

/** Nearest-polyline queries over CSR polylines (start[i]..start[i+1]-1 vertices of interleaved xy). */
export class PolylineGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly start: ArrayLike<number>,
    private readonly xy: ArrayLike<number>,
    private readonly cellM: number,
  ) {
    const lines = start.length - 1;
    for (let l = 0; l < lines; l++) {
      for (let v = start[l] as number; v + 1 < (start[l + 1] as number); v++) {
        const x0 = Math.floor(Math.min(xy[2 * v] as number, xy[2 * v + 2] as number) / cellM);
        const x1 = Math.floor(Math.max(xy[2 * v] as number, xy[2 * v + 2] as number) / cellM);
        const y0 = Math.floor(Math.min(xy[2 * v + 1] as number, xy[2 * v + 3] as number) / cellM);
        const y1 = Math.floor(Math.max(xy[2 * v + 1] as number, xy[2 * v + 3] as number) / cellM);
        for (let cx = x0; cx <= x1; cx++) {
          for (let cy = y0; cy <= y1; cy++) {
            const k = key(cx, cy);
            const c = this.cells.get(k);
            // Segment v (global vertex index) is stored; its line is found by the caller's accept().
            if (c) c.push(v, l);
            else this.cells.set(k, [v, l]);
          }
        }
      }
    }
  }
  /**
   * Nearest polyline within `radiusM` whose segment passes `accept(line, bearingDeg)`; null when none. Ties → the
   * lowest line index.
   */
  nearest(
    x: number,
    y: number,
    radiusM: number,
    accept?: (line: number, bearingDeg: number) => boolean,
  ): NearestOnLine | null {
    const r = Math.ceil(radiusM / this.cellM);
    const cx = Math.floor(x / this.cellM);
    const cy = Math.floor(y / this.cellM);
    let best: NearestOnLine | null = null;
    for (let dx = -r; dx <= r; dx++) {
      for (let dy = -r; dy <= r; dy++) {
        const c = this.cells.get(key(cx + dx, cy + dy));
        if (!c) continue;
        for (let k = 0; k < c.length; k += 2) {
          const v = c[k] as number;
          const l = c[k + 1] as number;
          const ax = this.xy[2 * v] as number;
          const ay = this.xy[2 * v + 1] as number;
          const bx = this.xy[2 * v + 2] as number;
          const by = this.xy[2 * v + 3] as number;
          const ux = bx - ax;
          const uy = by - ay;
          const len2 = ux * ux + uy * uy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * ux + (y - ay) * uy) / len2)) : 0;
          const px = ax + t * ux;
          const py = ay + t * uy;
          const d = Math.hypot(x - px, y - py);
          if (d > radiusM) continue;
          if (best && (d > best.distM || (d === best.distM && l >= best.line))) continue;
          const bearing = ((Math.atan2(ux, uy) * 180) / Math.PI + 360) % 360;
          if (accept && !accept(l, bearing)) continue;
          best = { line: l, distM: d, bearingDeg: bearing, x: px, y: py };
        }
      }
    }
    return best;
  }
}

/** Smallest absolute difference between two bearings, degrees (0..180). */
export function bearingDiffDeg(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}
