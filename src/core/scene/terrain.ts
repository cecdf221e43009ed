/**
 * Contour lines → a regular elevation grid (Terrain). The contours are rasterised into the grid and every other cell
 * is filled by harmonic (Laplace) interpolation: solve ∇²z = 0 with the contour cells held fixed, i.e. each free
 * cell becomes the mean of its neighbours. This is the classic "DEM from contours by Laplacian interpolation"
 * (compared with other methods in Carrara, Bitelli & Carla 1997, "Comparison of techniques for generating digital
 * terrain models from contour lines", IJGIS 11(5):451–473). Solved with successive over-relaxation, ω optimal for
 * the Laplace equation on an N×N grid: ω = 2 / (1 + sin(π/N)) (Press et al., Numerical Recipes, 3rd ed., eq. 20.5.30).
 */
import type { Terrain } from './types.ts';

/** One contour line in local metres. */
export interface ContourLine {
  readonly xy: Float64Array;
  readonly eleM: number;
}

/** Grid resolution: about extent/256, never finer than this, metres. */
export const MIN_TERRAIN_CELL_M = 10;
/** Target cells along the longer side of the extent. */
export const TERRAIN_CELLS = 256;

/** Builds the terrain grid covering `extent` from contour lines; null when there are none. */
export function contoursToTerrain(
  contours: readonly ContourLine[],
  extent: { minX: number; minY: number; maxX: number; maxY: number },
): Terrain | null {
  if (contours.length === 0) return null;
  const w = extent.maxX - extent.minX;
  const h = extent.maxY - extent.minY;
  const cellM = Math.max(MIN_TERRAIN_CELL_M, Math.max(w, h) / TERRAIN_CELLS);
  const nx = Math.floor(w / cellM) + 2;
  const ny = Math.floor(h / cellM) + 2;
  const x0 = extent.minX;
  const y0 = extent.minY;
  const sum = new Float64Array(nx * ny);
  const cnt = new Uint32Array(nx * ny);
  // Rasterise: sample each segment every half cell so no crossed cell is missed.
  const mark = (x: number, y: number, z: number): void => {
    const i = Math.round((x - x0) / cellM);
    const j = Math.round((y - y0) / cellM);
    if (i < 0 || j < 0 || i >= nx || j >= ny) return;
    const k = j * nx + i;
    sum[k] = (sum[k] as number) + z;
    cnt[k] = (cnt[k] as number) + 1;
  };
  for (const c of contours) {
    const p = c.xy;
    for (let v = 0; v + 3 < p.length; v += 2) {
      const ax = p[v] as number;
      const ay = p[v + 1] as number;
      const bx = p[v + 2] as number;
      const by = p[v + 3] as number;
      const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / (cellM / 2)));
      for (let s = 0; s < steps; s++)
        mark(ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps, c.eleM);
    }
    if (p.length >= 2) mark(p[p.length - 2] as number, p[p.length - 1] as number, c.eleM);
  }
  const z = new Float64Array(nx * ny);
  const fixed = new Uint8Array(nx * ny);
  let mean = 0;
  let nFixed = 0;
  for (let k = 0; k < z.length; k++) {
    if ((cnt[k] as number) > 0) {
      z[k] = (sum[k] as number) / (cnt[k] as number);
      fixed[k] = 1;
      mean += z[k] as number;
      nFixed++;
    }
  }
  mean /= nFixed;
  for (let k = 0; k < z.length; k++) if (!fixed[k]) z[k] = mean;

  // SOR on the 5-point Laplacian; edges use the neighbours that exist (zero normal slope, a Neumann boundary).
  const omega = 2 / (1 + Math.sin(Math.PI / Math.max(nx, ny)));
  const maxIter = 20 * Math.max(nx, ny);
  for (let it = 0; it < maxIter; it++) {
    let maxDelta = 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i;
        if (fixed[k]) continue;
        let s = 0;
        let n = 0;
        if (i > 0) {
          s += z[k - 1] as number;
          n++;
        }
        if (i < nx - 1) {
          s += z[k + 1] as number;
          n++;
        }
        if (j > 0) {
          s += z[k - nx] as number;
          n++;
        }
        if (j < ny - 1) {
          s += z[k + nx] as number;
          n++;
        }
        const d = omega * (s / n - (z[k] as number));
        z[k] = (z[k] as number) + d;
        const a = d < 0 ? -d : d;
        if (a > maxDelta) maxDelta = a;
      }
    }
    if (maxDelta < 1e-3) break;
  }
  return { nx, ny, x0, y0, cellM, heightM: Float32Array.from(z) };
}

/** Bilinear terrain height at (x, y) metres, clamped to the grid; 0 when there is no terrain. */
export function sampleTerrain(t: Terrain | null, x: number, y: number): number {
  if (!t) return 0;
  const fx = Math.min(Math.max((x - t.x0) / t.cellM, 0), t.nx - 1);
  const fy = Math.min(Math.max((y - t.y0) / t.cellM, 0), t.ny - 1);
  const i = Math.min(Math.floor(fx), t.nx - 2);
  const j = Math.min(Math.floor(fy), t.ny - 2);
  if (i < 0 || j < 0) return t.heightM[0] ?? 0;
  const u = fx - i;
  const v = fy - j;
  const h = t.heightM;
  const k = j * t.nx + i;
  return (
    (h[k] as number) * (1 - u) * (1 - v) +
    (h[k + 1] as number) * u * (1 - v) +
    (h[k + t.nx] as number) * (1 - u) * v +
    (h[k + t.nx + 1] as number) * u * v
  );
}
