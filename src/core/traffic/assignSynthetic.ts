/**
 * A seeded synthetic urban network and gravity demand for assignment benchmarks and tests (not a real city):
 *   - a rows × cols grid of intersections 200 m apart (lengths jittered ±10 % so equal-cost ties are rare, as in real
 *     street networks), two directed links per street segment;
 *   - every `arterialEvery`-th row and column is an arterial: 3 lanes, 50 km/h, 1,800 veh/h/lane (of the order of the
 *     HCM base saturation flow, 1,900 pc/h/ln, HCM 2010 Eq. 18-5); the other streets are local: 1 lane, 30 km/h,
 *     700 veh/h/lane (a street with signal or stop control). Illustrative values, not calibrated to a city;
 *   - `zones` centroids (node ids 0..zones−1, TNTP convention: no through traffic) at seeded positions, each tied to the
 *     four corners of its grid cell by connectors in both directions (free-flow 0.5 min, effectively uncongested);
 *   - unconstrained gravity demand T_ij = k · P_i · P_j · exp(−d_ij / 3 km) (Wilson 1970, "Entropy in Urban and
 *     Regional Modelling"; negative exponential deterrence), with zone weights larger near the centre, scaled to
 *     `totalTrips` (vehicles per hour).
 * Times are minutes, flows and capacities vehicles per hour, lengths metres. BPR α = 0.15, β = 4 (the BPR 1964 values).
 */
import { createRng } from '../rng.ts';
import type { AssignmentNetwork, OdDemand } from './types.ts';

/** Parameters of makeSyntheticCity. */
export interface SyntheticCityOptions {
  readonly seed: number;
  readonly rows: number;
  readonly cols: number;
  readonly zones: number;
  /** Total demand, vehicles per hour. */
  readonly totalTrips: number;
  readonly arterialEvery?: number;
}

const SPACING_M = 200;

/** Builds the synthetic grid city and its demand (see the file header). */
export function makeSyntheticCity(o: SyntheticCityOptions): { net: AssignmentNetwork; demand: OdDemand } {
  const rng = createRng(o.seed);
  const { rows, cols, zones } = o;
  const every = o.arterialEvery ?? 5;
  const grid = (r: number, c: number): number => zones + r * cols + c;
  const nodeCount = zones + rows * cols;
  const from: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const fft: number[] = [];
  const len: number[] = [];
  const addPair = (a: number, b: number, lengthM: number, speedKph: number, capVph: number): void => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      from.push(x);
      to.push(y);
      cap.push(capVph);
      len.push(lengthM);
      fft.push((lengthM / 1000 / speedKph) * 60);
    }
  };
  const street = (arterial: boolean): [number, number] => (arterial ? [50, 3 * 1800] : [30, 700]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) {
        const [v, k] = street(r % every === 0);
        addPair(grid(r, c), grid(r, c + 1), SPACING_M * rng.range(0.9, 1.1), v, k);
      }
      if (r + 1 < rows) {
        const [v, k] = street(c % every === 0);
        addPair(grid(r, c), grid(r + 1, c), SPACING_M * rng.range(0.9, 1.1), v, k);
      }
    }
  }
  // Zone centroids: positions biased towards the centre (mean of two uniforms), weights higher near the centre.
  const zx = new Float64Array(zones);
  const zy = new Float64Array(zones);
  const weight = new Float64Array(zones);
  const cx = ((cols - 1) * SPACING_M) / 2;
  const cy = ((rows - 1) * SPACING_M) / 2;
  for (let z = 0; z < zones; z++) {
    const x = ((rng.next() + rng.next()) / 2) * (cols - 1) * SPACING_M;
    const y = ((rng.next() + rng.next()) / 2) * (rows - 1) * SPACING_M;
    zx[z] = x;
    zy[z] = y;
    const rel = Math.hypot((x - cx) / cx, (y - cy) / cy);
    weight[z] = (0.5 + rng.next()) * Math.exp(-rel);
    // Connectors to the four corners of the grid cell holding the centroid.
    const c0 = Math.min(cols - 2, Math.floor(x / SPACING_M));
    const r0 = Math.min(rows - 2, Math.floor(y / SPACING_M));
    for (const t of [grid(r0, c0), grid(r0, c0 + 1), grid(r0 + 1, c0), grid(r0 + 1, c0 + 1)]) {
      for (const [x1, y1] of [
        [z, t],
        [t, z],
      ] as const) {
        from.push(x1);
        to.push(y1);
        cap.push(1e5);
        len.push(100);
        fft.push(0.5);
      }
    }
  }
  const trips = new Float64Array(zones * zones);
  let sum = 0;
  for (let i = 0; i < zones; i++) {
    for (let j = 0; j < zones; j++) {
      if (i === j) continue;
      const d = Math.hypot((zx[i] as number) - (zx[j] as number), (zy[i] as number) - (zy[j] as number));
      const t = (weight[i] as number) * (weight[j] as number) * Math.exp(-d / 3000);
      trips[i * zones + j] = t;
      sum += t;
    }
  }
  for (let k = 0; k < trips.length; k++) trips[k] = ((trips[k] as number) / sum) * o.totalTrips;
  const linkCount = from.length;
  return {
    net: {
      nodeCount,
      zoneCount: zones,
      firstThruNode: zones,
      linkCount,
      from: Uint32Array.from(from),
      to: Uint32Array.from(to),
      capacity: Float64Array.from(cap),
      freeFlowTime: Float64Array.from(fft),
      alpha: new Float64Array(linkCount).fill(0.15),
      beta: new Float64Array(linkCount).fill(4),
      length: Float64Array.from(len),
    },
    demand: { zoneCount: zones, trips },
  };
}
