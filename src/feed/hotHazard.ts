/**
 * Hot resilience state: the latest flood water-depth grid (from the binary `hzFlood` frames) and the maximum depth
 * seen since the hazard began. Written by the feed client when a frame arrives, read by the map and 3D views where
 * they draw (version check), never through React (DESIGN.md rule 3).
 */
import type { FloodFrame } from '../core/protocol/hazardMessages.ts';

/** The flood grid the client holds. */
export interface HotHazard {
  /** Bumps on every applied frame (0 = none yet). */
  version: number;
  simTimeMs: number;
  /** Hazard number of the frame (HZ-0007 → 7); a new number resets the maximum. */
  hazardNumber: number;
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  cellM: number;
  /** Water depth per cell now, metres (row-major, row 0 = south); length nx·ny. */
  depthM: Float32Array;
  /** Maximum depth since the hazard began, metres. */
  maxDepthM: Float32Array;
  /** Largest depth now, m, and cells wetter than 0.05 m now. */
  maxNowM: number;
  wetCells: number;
  /** Applies a decoded frame (copies out of the message buffer). */
  apply(f: FloodFrame): void;
  /** Forgets the grid (new scene / server restart). */
  reset(): void;
  /** Depth at local metres (x, y), m; NaN outside the grid or before the first frame. */
  depthAt(x: number, y: number): number;
}

/** Depth below which a cell counts as dry for `wetCells`, m (the same 5 cm as the map's lowest colour band). */
export const WET_THRESHOLD_M = 0.05;

/** Creates an empty hot flood holder. */
export function createHotHazard(): HotHazard {
  const h: HotHazard = {
    version: 0,
    simTimeMs: 0,
    hazardNumber: 0,
    nx: 0,
    ny: 0,
    x0: 0,
    y0: 0,
    cellM: 1,
    depthM: new Float32Array(0),
    maxDepthM: new Float32Array(0),
    maxNowM: 0,
    wetCells: 0,
    apply(f) {
      const n = f.nx * f.ny;
      const sameGrid = n === h.depthM.length && f.nx === h.nx && f.x0 === h.x0 && f.y0 === h.y0;
      if (!sameGrid) {
        h.depthM = new Float32Array(n);
        h.maxDepthM = new Float32Array(n);
      } else if (f.hazardNumber !== h.hazardNumber) h.maxDepthM.fill(0);
      h.nx = f.nx;
      h.ny = f.ny;
      h.x0 = f.x0;
      h.y0 = f.y0;
      h.cellM = f.cellM;
      h.hazardNumber = f.hazardNumber;
      h.simTimeMs = f.simTimeMs;
      let max = 0;
      let wet = 0;
      const d = h.depthM;
      const m = h.maxDepthM;
      const src = f.depthMm;
      for (let i = 0; i < n; i++) {
        const v = src[i]! / 1000;
        d[i] = v;
        if (v > m[i]!) m[i] = v;
        if (v > max) max = v;
        if (v > WET_THRESHOLD_M) wet++;
      }
      h.maxNowM = max;
      h.wetCells = wet;
      h.version++;
    },
    reset() {
      h.nx = 0;
      h.ny = 0;
      h.depthM = new Float32Array(0);
      h.maxDepthM = new Float32Array(0);
      h.maxNowM = 0;
      h.wetCells = 0;
      h.hazardNumber = 0;
      h.version++;
    },
    depthAt(x, y) {
      if (h.nx === 0) return Number.NaN;
      const i = Math.round((x - h.x0) / h.cellM);
      const j = Math.round((y - h.y0) / h.cellM);
      if (i < 0 || j < 0 || i >= h.nx || j >= h.ny) return Number.NaN;
      return h.depthM[j * h.nx + i]!;
    },
  };
  return h;
}

/** The app's flood grid. */
export const hotHazard: HotHazard = createHotHazard();
