/**
 * The river: a band between two piecewise-linear bank functions of x (city frame), south(x) < north(x). Because the
 * written polygon uses exactly these samples, every clearance test here is exact for the polygon that is written.
 */

/** River shape parameters (metres, city frame). */
export interface RiverParams {
  /** x range covered by the samples. */
  readonly x0: number;
  readonly x1: number;
  /** Sample spacing along x. */
  readonly stepM: number;
  /** Centre-line mean y and meander amplitude. */
  readonly midY: number;
  readonly amplitudeM: number;
  /** Width range (bank to bank). */
  readonly minWidthM: number;
  readonly maxWidthM: number;
  /** Meander wavelength and phases (radians). */
  readonly wavelengthM: number;
  readonly phase1: number;
  readonly phase2: number;
  readonly phase3: number;
}

/** A sampled river band. */
export interface River {
  readonly xs: Float64Array;
  readonly south: Float64Array;
  readonly north: Float64Array;
  /** South bank y at x (linear between samples; clamped outside). */
  southAt(x: number): number;
  /** North bank y at x. */
  northAt(x: number): number;
  /** True when the box [x0,x1]×[y0,y1] grown by `marginM` may touch the water (conservative). */
  overlapsBox(x0: number, y0: number, x1: number, y1: number, marginM: number): boolean;
  /** x intervals [a,b] where the horizontal line y = `y` lies within the water grown by `marginM`, within [lo,hi]. */
  blockedIntervals(y: number, marginM: number, lo: number, hi: number): [number, number][];
  /** The water polygon (open ring, counter-clockwise). */
  polygon(): number[];
}

/** Builds the river from its parameters. */
export function createRiver(p: RiverParams): River {
  const n = Math.floor((p.x1 - p.x0) / p.stepM) + 1;
  const xs = new Float64Array(n);
  const south = new Float64Array(n);
  const north = new Float64Array(n);
  const k1 = (2 * Math.PI) / p.wavelengthM;
  const k2 = k1 / 0.37;
  const k3 = k1 / 1.3;
  for (let i = 0; i < n; i++) {
    const x = p.x0 + i * p.stepM;
    // Two superposed sines give an irregular meander; |0.75 sin + 0.25 sin| ≤ 1 keeps it within the amplitude.
    const yc =
      p.midY + p.amplitudeM * (0.75 * Math.sin(k1 * x + p.phase1) + 0.25 * Math.sin(k2 * x + p.phase2));
    const w = p.minWidthM + (p.maxWidthM - p.minWidthM) * (0.5 + 0.5 * Math.sin(k3 * x + p.phase3));
    xs[i] = x;
    south[i] = yc - w / 2;
    north[i] = yc + w / 2;
  }
  const interp = (arr: Float64Array, x: number): number => {
    const f = (x - p.x0) / p.stepM;
    if (f <= 0) return arr[0] as number;
    if (f >= n - 1) return arr[n - 1] as number;
    const i = Math.floor(f);
    const t = f - i;
    return (arr[i] as number) * (1 - t) + (arr[i + 1] as number) * t;
  };
  const southAt = (x: number): number => interp(south, x);
  const northAt = (x: number): number => interp(north, x);
  const isBlocked = (x: number, y: number, m: number): boolean => y >= southAt(x) - m && y <= northAt(x) + m;
  return {
    xs,
    south,
    north,
    southAt,
    northAt,
    overlapsBox(x0, y0, x1, y1, m) {
      // The extremes of a piecewise-linear function over an interval lie at its ends or at interior samples.
      let minS = Math.min(southAt(x0 - m), southAt(x1 + m));
      let maxN = Math.max(northAt(x0 - m), northAt(x1 + m));
      const i0 = Math.max(0, Math.ceil((x0 - m - p.x0) / p.stepM));
      const i1 = Math.min(n - 1, Math.floor((x1 + m - p.x0) / p.stepM));
      for (let i = i0; i <= i1; i++) {
        minS = Math.min(minS, south[i] as number);
        maxN = Math.max(maxN, north[i] as number);
      }
      return y1 + m > minS && y0 - m < maxN;
    },
    blockedIntervals(y, m, lo, hi) {
      const out: [number, number][] = [];
      const step = p.stepM / 2;
      let prevX = lo;
      let prev = isBlocked(lo, y, m);
      let start = prev ? lo : NaN;
      for (let x = lo + step; ; x += step) {
        const xx = Math.min(x, hi);
        const cur = isBlocked(xx, y, m);
        if (cur !== prev) {
          // Bisection on the exact piecewise-linear banks; 40 halvings of ≤ 10 m is far below float noise.
          let a = prevX;
          let b = xx;
          for (let it = 0; it < 40; it++) {
            const mid = (a + b) / 2;
            if (isBlocked(mid, y, m) === prev) a = mid;
            else b = mid;
          }
          if (cur) start = b;
          else out.push([start, a]);
          prev = cur;
        }
        prevX = xx;
        if (xx >= hi) break;
      }
      if (prev) out.push([start, hi]);
      return out;
    },
    polygon() {
      const ring: number[] = [];
      for (let i = 0; i < n; i++) ring.push(xs[i] as number, south[i] as number);
      for (let i = n - 1; i >= 0; i--) ring.push(xs[i] as number, north[i] as number);
      return ring;
    },
  };
}
