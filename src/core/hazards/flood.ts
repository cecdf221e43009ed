/**
 * Rainstorm waterlogging (城市内涝) on the terrain grid: runoff generation, storm drains and surface routing, with a
 * water balance in float64.
 *
 * Per step of the caller (advance(dtS, rainMmH), rain uniform over the city):
 * 1. Runoff generation — SCS curve number (USDA SCS 1972, NEH-4 ch. 10; TR-55, USDA NRCS 1986, eqs. 2-1…2-4):
 *      S = 25400/CN − 254 (mm),  Ia = 0.2·S,  Q(P) = (P − Ia)²/(P − Ia + S) for P > Ia, else 0,
 *    with P the cumulative event rain. A step's excess Q(P + ΔP) − Q(P) goes onto the surface, the rest infiltrates.
 *    Rain on water (sinks) leaves at once (counted as outflow).
 * 2. Surface routing — the local inertial formulation of Bates, Horritt & Fewtrell (2010), "A simple inertial
 *    formulation of the shallow water equations for efficient two-dimensional flood inundation modelling",
 *    J. Hydrology 387:33–45, eq. (11), per cell face:
 *      q(t+Δt) = [q(t) − g·h_f·Δt·∂(h + z)/∂x] / [1 + g·Δt·n²·|q(t)| / h_f^(7/3)]
 *    with h_f = max(η_i, η_j) − max(z_i, z_j) the flow depth between the cells (η = z + h) and, per cell,
 *      h(t+Δt) = h(t) + Δt·(Σ q_in − Σ q_out)/Δx.
 *    Adaptive step (their eq. 12): Δt = α·Δx/√(g·h_max), α = 0.7 (they find 0.2–0.7 stable), taken as equal
 *    sub-steps inside each caller step. No flow across a face while h_f < 1 mm (LISFLOOD-FP's depth threshold).
 *    Positivity: a face may take at most a quarter of its donor cell's water per sub-step (a donor has four faces),
 *    so depths never go negative and water is conserved exactly (the same clamped flux leaves one cell and enters the
 *    other).
 * 3. Storm drains — each cell removes surface water up to its pipe capacity (drainMmH, from the district's design
 *    return period and the city's storm formula, landCover.ts), every sub-step.
 * Sinks: water cells (everything entering leaves) and the grid edge (free outfall: Manning flow with the water-surface
 * slope h/Δx into a dry ghost cell at the same ground level).
 *
 * Balance: rain = infiltrated + drained + stored + outflow (+ residual), all in m³, accumulated in float64; depths are
 * float64 inside and published to the Float32 `depthM` after each advance().
 *
 * Speed: the sweep of step 2–3 runs as a small WebAssembly function built in this file (floodRowWasm) where the
 * platform allows it, else as JS (sweepJs); both do the same float64 operations in the same order, so results are
 * bit-identical (tested). On the issue-5 benchmark (1,000 × 1,000 cells, 439 sub-steps) the WebAssembly sweep takes
 * about 17 ns of CPU per cell and sub-step on a shared 2-vCPU VM, the JS one about 23 ns (bench/floodBench.ts).
 */
import { sampleTerrain } from '../scene/terrain.ts';
import type { CityModel } from '../scene/types.ts';
import { BuildingRole, NO_INDEX } from '../scene/types.ts';
import {
  CN_IMPERVIOUS,
  DRAIN_DESIGN_DURATION_MIN,
  DRAIN_RETURN_PERIOD_YEARS,
  DRAIN_RUNOFF_COEFF,
  FloodCover,
  MANNING_N,
  coverOfArea,
  curveNumberOf,
  rasterizePolygon,
} from './landCover.ts';
import type { SoilGroup } from './landCover.ts';
import { STORM_FORMULAS, stormIntensityMmMin } from './rainfall.ts';
import type { FloodBalance } from './types.ts';

/** Gravity, m/s². */
const G = 9.81;
/** Flow depth below which a face carries no flow, m (LISFLOOD-FP "depth threshold", 0.001 m). A module-local
 * literal: V8 folds it into the sweep, whereas an exported binding is loaded and type-checked on every use. */
const MIN_FLOW_DEPTH_M = 0.001;
/** Flow depth below which a face carries no flow, m (LISFLOOD-FP "depth threshold", 0.001 m). */
export const FLOOD_MIN_FLOW_DEPTH_M = MIN_FLOW_DEPTH_M;
/** Bates et al. (2010) time-step coefficient α. */
export const FLOOD_ALPHA = 0.7;
/**
 * h^(−7/3) of the friction term, piecewise linear on bins of 1/256 octave from 2^−10 m (0.98 mm, below the 1 mm flow
 * threshold) to 16 m, stored as intercept and slope per bin (h^(−7/3) ≈ a + b·h). The bin is read off the float64's
 * bits (exponent and the top 8 mantissa bits: a shift, no square root or rounding), and the chord of a convex
 * function on a bin of relative width δ = 1/256 errs by at most (1/8)·(7/3)·(10/3)·δ² ≈ 1.5e−5 relative (flood.test.ts
 * checks it against Math.pow), 200× closer than a √h-indexed table of 4,000 steps. Beyond 16 m: the exact power.
 */
const INV73_BINS = 256;
const INV73_MIN_EXPONENT = -10;
const INV73_COUNT = 14 * INV73_BINS;
/** (IEEE 754 biased exponent of 2^−10) · bins: subtracted from the high word's top 20 bits. */
const INV73_BASE = (1023 + INV73_MIN_EXPONENT) * INV73_BINS;
const INV73 = ((): Float64Array => {
  const t = new Float64Array(2 * INV73_COUNT);
  for (let i = 0; i < INV73_COUNT; i++) {
    const scale = 2 ** (INV73_MIN_EXPONENT + Math.floor(i / INV73_BINS));
    const m = i % INV73_BINS;
    const h0 = scale * (1 + m / INV73_BINS);
    const h1 = scale * (1 + (m + 1) / INV73_BINS);
    const f0 = Math.pow(h0, -7 / 3);
    const slope = (Math.pow(h1, -7 / 3) - f0) / (h1 - h0);
    t[2 * i] = f0 - slope * h0;
    t[2 * i + 1] = slope;
  }
  return t;
})();
/** A float64 seen as two uint32 words, to read its exponent bits; HI_WORD is the index of the high word. */
const BITS_F64 = new Float64Array(1);
const BITS_U32 = new Uint32Array(BITS_F64.buffer);
const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** h^(−7/3) as the sweep computes it (the table above; exact beyond 16 m): exported for the tests. */
export function floodInvDepth73(h: number): number {
  BITS_F64[0] = h;
  const ix = (BITS_U32[HI_WORD]! >>> 12) - INV73_BASE;
  if (ix >= 0 && ix < INV73_COUNT) return INV73[2 * ix]! + INV73[2 * ix + 1]! * h;
  return 1 / (h * h * Math.cbrt(h));
}
/** Cell size of the grid when the scene has no terrain, m. */
export const FLAT_CELL_M = 25;

/** The flood model's grid: terrain, land cover and drains per cell (row-major, row 0 = south). */
export interface FloodGrid {
  readonly nx: number;
  readonly ny: number;
  /** Centre of cell (0, 0), local metres. */
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  /** Ground elevation, m. */
  readonly groundM: Float32Array;
  /** SCS curve number (composite of cover and roofs), 0…100. */
  readonly curveNumber: Uint8Array;
  /** Storm-drain capacity, mm/h of the cell's area (0 on sinks). */
  readonly drainMmH: Float32Array;
  /** 1 = sink (water area): everything entering leaves. */
  readonly sink: Uint8Array;
  /** District (level-0 zone index) of the cell, NO_INDEX when none. */
  readonly district: Uint32Array;
  /** Manning's n of the surface, s·m^(−1/3). */
  readonly manningN: Float32Array;
  /** FloodCover code. */
  readonly cover: Uint8Array;
  /** Storm formula the drains were sized with (key of STORM_FORMULAS). */
  readonly formula: string;
}

/** Options of buildFloodGrid. */
export interface FloodGridOptions {
  /** Cell size, m (default: the terrain's, or FLAT_CELL_M without terrain). */
  readonly cellM?: number;
  /** Hydrologic soil group (default C: compacted urban soils). */
  readonly soilGroup?: SoilGroup;
  /** Storm formula for the drains (default: the nearest city of STORM_FORMULA_SITES to the scene's origin). */
  readonly formula?: string;
  /** Drain design return period per district (zone index → years), overriding DRAIN_RETURN_PERIOD_YEARS.district. */
  readonly districtReturnPeriodYears?: ReadonlyMap<number, number>;
}

/** Where each storm formula applies (city centres, lon/lat degrees), to pick a scene's formula. */
export const STORM_FORMULA_SITES: readonly {
  readonly formula: string;
  readonly lon: number;
  readonly lat: number;
}[] = [
  { formula: 'beijing', lon: 116.4, lat: 39.9 },
  { formula: 'shanghai', lon: 121.47, lat: 31.23 },
];

/** The storm formula of the city nearest to a scene's origin. */
export function formulaForCity(city: Pick<CityModel, 'meta'>): string {
  const { lon, lat } = city.meta.origin;
  let best = 'beijing';
  let bestD = Infinity;
  for (const s of STORM_FORMULA_SITES) {
    const d = (s.lon - lon) ** 2 + (s.lat - lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = s.formula;
    }
  }
  return best;
}

/** Drain capacity for a design return period: ψ · i(P, t_design) · 60, mm/h. */
export function drainCapacityMmH(formula: string, returnPeriodYears: number): number {
  const f = STORM_FORMULAS[formula];
  if (!f) throw new RangeError(`unknown storm formula "${formula}"`);
  return DRAIN_RUNOFF_COEFF * stormIntensityMmMin(f, returnPeriodYears, DRAIN_DESIGN_DURATION_MIN) * 60;
}

/** A grid from arrays (tests, benchmarks); missing attributes get street cover, its CN (HSG C), n and no drains. */
export function createFloodGrid(spec: {
  nx: number;
  ny: number;
  x0?: number;
  y0?: number;
  cellM: number;
  groundM: Float32Array;
  curveNumber?: Uint8Array;
  drainMmH?: Float32Array;
  sink?: Uint8Array;
  manningN?: Float32Array;
  formula?: string;
}): FloodGrid {
  const n = spec.nx * spec.ny;
  if (spec.groundM.length !== n) throw new RangeError(`groundM has ${spec.groundM.length} cells, not ${n}`);
  return {
    nx: spec.nx,
    ny: spec.ny,
    x0: spec.x0 ?? 0,
    y0: spec.y0 ?? 0,
    cellM: spec.cellM,
    groundM: spec.groundM,
    curveNumber: spec.curveNumber ?? new Uint8Array(n).fill(curveNumberOf(FloodCover.street, 'C')),
    drainMmH: spec.drainMmH ?? new Float32Array(n),
    sink: spec.sink ?? new Uint8Array(n),
    district: new Uint32Array(n).fill(NO_INDEX),
    manningN: spec.manningN ?? new Float32Array(n).fill(MANNING_N[FloodCover.street]),
    cover: new Uint8Array(n),
    formula: spec.formula ?? 'beijing',
  };
}

/**
 * Builds the flood grid of a city: ground from city.terrain (bilinear when `cellM` differs; flat 0 m without terrain,
 * over the scene's extent), land cover from the area polygons (water last, so it wins), roofs as impervious
 * (composite CN, TR-55 ch. 2: area-weighted), drains from each district's design return period.
 */
export function buildFloodGrid(city: CityModel, opts: FloodGridOptions = {}): FloodGrid {
  const t = city.terrain;
  let nx: number;
  let ny: number;
  let x0: number;
  let y0: number;
  let cellM: number;
  if (t) {
    cellM = opts.cellM ?? t.cellM;
    x0 = t.x0;
    y0 = t.y0;
    nx = Math.floor(((t.nx - 1) * t.cellM) / cellM + 1e-9) + 1;
    ny = Math.floor(((t.ny - 1) * t.cellM) / cellM + 1e-9) + 1;
  } else {
    cellM = opts.cellM ?? FLAT_CELL_M;
    const e = city.meta.extentM;
    x0 = e.minX;
    y0 = e.minY;
    nx = Math.max(2, Math.ceil((e.maxX - e.minX) / cellM) + 1);
    ny = Math.max(2, Math.ceil((e.maxY - e.minY) / cellM) + 1);
  }
  if (!(cellM > 0)) throw new RangeError(`cell size ${cellM} m: must be > 0`);
  const n = nx * ny;
  const groundM = new Float32Array(n);
  if (t) {
    if (cellM === t.cellM) groundM.set(t.heightM.subarray(0, n));
    else
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) groundM[j * nx + i] = sampleTerrain(t, x0 + i * cellM, y0 + j * cellM);
  }

  // Land cover: non-water areas in order, then water on top.
  const cover = new Uint8Array(n); // street
  const areas = city.areas;
  for (const water of [false, true]) {
    for (let a = 0; a < areas.count; a++) {
      const c = coverOfArea(areas.kind[a]!);
      if ((c === FloodCover.water) !== water) continue;
      rasterizePolygon(areas, a, nx, ny, x0, y0, cellM, (k) => (cover[k] = c));
    }
  }
  // Roof area per cell (at the footprint's vertex mean; parts of an outlined building are not counted twice).
  const roofM2 = new Float64Array(n);
  const b = city.buildings;
  for (let f = 0; f < b.count; f++) {
    if (b.role && b.role[f] === BuildingRole.part) continue;
    const v0 = b.ringStart[b.polyStart[f]!]!;
    const v1 = b.ringStart[b.polyStart[f]! + 1]!;
    let sx = 0;
    let sy = 0;
    for (let v = v0; v < v1; v++) {
      sx += b.xy[2 * v]!;
      sy += b.xy[2 * v + 1]!;
    }
    const cnt = Math.max(1, v1 - v0);
    const i = Math.round((sx / cnt - x0) / cellM);
    const j = Math.round((sy / cnt - y0) / cellM);
    if (i < 0 || j < 0 || i >= nx || j >= ny) continue;
    roofM2[j * nx + i] = roofM2[j * nx + i]! + b.areaM2[f]!;
  }
  const hsg = opts.soilGroup ?? 'C';
  const cellA = cellM * cellM;
  const curveNumber = new Uint8Array(n);
  const manningN = new Float32Array(n);
  const sink = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const c = cover[k] as FloodCover;
    manningN[k] = MANNING_N[c];
    if (c === FloodCover.water) {
      sink[k] = 1;
      curveNumber[k] = 100;
      continue;
    }
    const f = Math.min(1, roofM2[k]! / cellA);
    curveNumber[k] = Math.round((1 - f) * curveNumberOf(c, hsg) + f * CN_IMPERVIOUS);
  }

  // Districts (level-0 zones) and their drains.
  const district = new Uint32Array(n).fill(NO_INDEX);
  const z = city.zones;
  for (let q = 0; q < z.count; q++) {
    if (z.level[q] !== 0) continue;
    rasterizePolygon(z, q, nx, ny, x0, y0, cellM, (k) => (district[k] = q));
  }
  const formula = opts.formula ?? formulaForCity(city);
  const capOf = new Map<number, number>();
  const cap = (P: number): number => {
    let v = capOf.get(P);
    if (v === undefined) capOf.set(P, (v = drainCapacityMmH(formula, P)));
    return v;
  };
  const drainMmH = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    if (sink[k]) continue;
    const d = district[k]!;
    let P: number = DRAIN_RETURN_PERIOD_YEARS.outside;
    if (d !== NO_INDEX) {
      P = opts.districtReturnPeriodYears?.get(d) ?? DRAIN_RETURN_PERIOD_YEARS.district;
      if (cover[k] === FloodCover.commercial) P = Math.max(P, DRAIN_RETURN_PERIOD_YEARS.important);
    }
    drainMmH[k] = cap(P);
  }
  return { nx, ny, x0, y0, cellM, groundM, curveNumber, drainMmH, sink, district, manningN, cover, formula };
}

/** SCS-CN cumulative runoff Q(P) for cumulative rain P, both mm (TR-55 eqs. 2-1…2-4, Ia = 0.2 S). */
export function scsRunoffMm(pMm: number, curveNumber: number): number {
  if (curveNumber >= 100) return pMm;
  if (curveNumber <= 0) return 0;
  const s = 25400 / curveNumber - 254;
  const ia = 0.2 * s;
  return pMm > ia ? (pMm - ia) ** 2 / (pMm - ia + s) : 0;
}

/**
 * The sweep of one grid row as a WebAssembly function, built here byte by byte (WebAssembly Core Specification 2.0,
 * W3C 2022, §5 binary format; SIMD opcodes from the fixed-width SIMD proposal, merged in 2.0). It performs, for each
 * cell, exactly the float64 operations of FloodModel.sweepJs in the same order, so both give bit-identical depths
 * (flood.test.ts checks it); it exists because V8 spends about a third of the JS sweep on typed-array map, bounds and
 * base-pointer checks and on mispredicted branches. Minimum and maximum use f64x2.pmin / pmax on lane 0 (one
 * minpd / maxpd, no branch; pmin(a, b) = b < a ? b : a, the JS ternaries written below). Memory: h, qx, qy (float64),
 * then z, n², drain (float32), then the h^(−7/3) table (float64), `n` cells each; offsets are baked into the code.
 * Signature: row(first cell, nx, has north row, has south row, dt, g·dt/dx, g·dt/2, lim, dt/dx) → the row's largest
 * depth; the row's outflow and drained depth are added to the exported globals `out` and `drained`, and `nflow` is
 * set to 1 when a north face carried flow.
 */
function floodRowWasm(n: number): { bytes: Uint8Array<ArrayBuffer>; pages: number; offsets: FloodLayout } {
  const H = 0;
  const QX = 8 * n;
  const QY = QX + 8 * n;
  const Z = QY + 8 * n;
  const N2 = Z + 4 * n;
  const DR = N2 + 4 * n;
  const TAB = DR + 4 * n + ((4 * n) & 4); // 8-byte aligned
  const pages = Math.ceil((TAB + 8 * INV73.length) / 65536);
  const uleb = (v: number): number[] => {
    const o: number[] = [];
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v) b |= 0x80;
      o.push(b);
    } while (v);
    return o;
  };
  const sleb = (v: number): number[] => {
    const o: number[] = [];
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return [...o, b];
      o.push(b | 0x80);
    }
  };
  const f64Bytes = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  const name = (t: string): number[] => vec([...t].map((ch) => [ch.charCodeAt(0)]));
  const I32 = 0x7f;
  const F64 = 0x7c;
  // Locals: the 9 parameters, then i32 and f64 locals.
  const params = ['row', 'nx', 'hasN', 'hasS', 'dt', 'gdtdx', 'halfGdt', 'lim', 'dtdx'] as const;
  const i32s = ['k', 'kEnd', 'kLast', 'kn', 'ix'] as const;
  const f64s = [
    'hk',
    'zk',
    'nk',
    'qw',
    'ek',
    'qe',
    'hE',
    'zE',
    'nE',
    'e1',
    'hf',
    'q0',
    'inv73',
    'qn',
    'h1',
    'z1',
    'hn',
    'c',
    'd',
    'rowHMax',
    'out',
    'drained',
    'nflow',
  ] as const;
  type Local = (typeof params)[number] | (typeof i32s)[number] | (typeof f64s)[number];
  const index = new Map<Local, number>();
  [...params, ...i32s, ...f64s].forEach((l, i) => index.set(l, i));
  const code: number[] = [];
  const op = (...b: number[]): void => {
    code.push(...b);
  };
  const get = (l: Local): void => op(0x20, ...uleb(index.get(l)!));
  const set = (l: Local): void => op(0x21, ...uleb(index.get(l)!));
  const tee = (l: Local): void => op(0x22, ...uleb(index.get(l)!));
  const f64c = (x: number): void => op(0x44, ...f64Bytes(x));
  const i32c = (x: number): void => op(0x41, ...sleb(x));
  const ifVoid = (): void => op(0x04, 0x40);
  const elseOp = (): void => op(0x05);
  const end = (): void => op(0x0b);
  const add = (): void => op(0xa0);
  const sub = (): void => op(0xa1);
  const mul = (): void => op(0xa2);
  const div = (): void => op(0xa3);
  /** f64 at byte address (stack i32) + off; f32 likewise, widened to f64. */
  const loadF64 = (off: number): void => op(0x2b, 3, ...uleb(off));
  const loadF32 = (off: number): void => op(0x2a, 2, ...uleb(off), 0xbb);
  const storeF64 = (off: number): void => op(0x39, 3, ...uleb(off));
  const addr = (l: Local, shift: number): void => {
    get(l);
    i32c(shift);
    op(0x74); // i32.shl
  };
  const splat = (): void => op(0xfd, 0x14);
  const lane0 = (): void => op(0xfd, 0x21, 0);
  /** pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a of two f64 locals/expressions, lane 0. */
  const pminmax = (max: boolean, a: () => void, b: () => void): void => {
    a();
    splat();
    b();
    splat();
    op(0xfd, max ? 0xf7 : 0xf6, 0x01);
    lane0();
  };
  /** One face: flux from cell k towards its neighbour (hN, zN, n² pushed by nN), its old value at qOff + 8k. */
  const face = (qOff: number, hN: Local, zN: Local, nN: () => void, res: 'qe' | 'qn'): void => {
    get(zN);
    get(hN);
    add();
    set('e1');
    // h_f = (ek > e1 ? ek : e1) − (zk > zN ? zk : zN)
    pminmax(
      true,
      () => get('e1'),
      () => get('ek'),
    );
    pminmax(
      true,
      () => get(zN),
      () => get('zk'),
    );
    sub();
    tee('hf');
    f64c(MIN_FLOW_DEPTH_M);
    op(0x64); // f64.gt
    ifVoid();
    addr('k', 3);
    loadF64(qOff);
    set('q0');
    // inv73: table bin from the bits (i64.reinterpret_f64, shr_u 44, wrap) or the exact power.
    get('hf');
    op(0xbd); // i64.reinterpret_f64
    op(0x42, 44); // i64.const 44
    op(0x88); // i64.shr_u
    op(0xa7); // i32.wrap_i64
    i32c(INV73_BASE);
    op(0x6b); // i32.sub
    tee('ix');
    i32c(INV73_COUNT);
    op(0x48); // i32.lt_s
    ifVoid();
    get('ix');
    i32c(4);
    op(0x74);
    loadF64(TAB);
    get('ix');
    i32c(4);
    op(0x74);
    loadF64(TAB + 8);
    get('hf');
    mul();
    add();
    set('inv73');
    elseOp();
    f64c(1);
    get('hf');
    get('hf');
    mul();
    get('hf');
    op(0x10, 0); // call cbrt
    mul();
    div();
    set('inv73');
    end();
    // (q0 − gdtdx·hf·(e1 − ek)) / (1 + halfGdt·(nk + nN)·|q0|·inv73)
    get('q0');
    get('gdtdx');
    get('hf');
    mul();
    get('e1');
    get('ek');
    sub();
    mul();
    sub();
    f64c(1);
    get('halfGdt');
    get('nk');
    nN();
    add();
    mul();
    get('q0');
    op(0x99); // f64.abs
    mul();
    get('inv73');
    mul();
    add();
    div();
    set(res);
    // Clamp to [−lim·hN, lim·hk] (the same value as the sign-split clamp of the JS sweep).
    pminmax(
      true,
      () =>
        pminmax(
          false,
          () => get(res),
          () => {
            get('lim');
            get('hk');
            mul();
          },
        ),
      () => {
        get('lim');
        get(hN);
        mul();
        op(0x9a); // f64.neg
      },
    );
    set(res);
    if (res === 'qn') {
      f64c(1);
      set('nflow');
    }
    end();
    addr('k', 3);
    get(res);
    storeF64(qOff);
  };

  for (const l of ['rowHMax', 'out', 'drained', 'qw', 'nflow'] as const) {
    f64c(0);
    set(l);
  }
  get('row');
  set('k');
  get('row');
  get('nx');
  op(0x6a); // i32.add
  tee('kEnd');
  i32c(1);
  op(0x6b);
  set('kLast');
  addr('k', 3);
  loadF64(H);
  set('hk');
  addr('k', 2);
  loadF32(Z);
  set('zk');
  addr('k', 2);
  loadF32(N2);
  set('nk');
  op(0x03, 0x40); // loop
  get('zk');
  get('hk');
  add();
  set('ek');
  for (const l of ['qe', 'hE', 'zE', 'nE', 'qn'] as const) {
    f64c(0);
    set(l);
  }
  // East face unless k is the row's last cell.
  get('k');
  get('kLast');
  op(0x48); // i32.lt_s
  ifVoid();
  addr('k', 3);
  loadF64(H + 8);
  set('hE');
  addr('k', 2);
  loadF32(Z + 4);
  set('zE');
  addr('k', 2);
  loadF32(N2 + 4);
  set('nE');
  face(QX, 'hE', 'zE', () => get('nE'), 'qe');
  end();
  // North face.
  get('hasN');
  ifVoid();
  get('k');
  get('nx');
  op(0x6a);
  set('kn');
  addr('kn', 3);
  loadF64(H);
  set('h1');
  addr('kn', 2);
  loadF32(Z);
  set('z1');
  face(
    QY,
    'h1',
    'z1',
    () => {
      addr('kn', 2);
      loadF32(N2);
    },
    'qn',
  );
  end();
  // hn = hk + (qw − qe + qs − qn)·dtdx
  get('hk');
  get('qw');
  get('qe');
  sub();
  get('hasS');
  op(0x04, F64); // if (result f64)
  get('k');
  get('nx');
  op(0x6b);
  i32c(3);
  op(0x74);
  loadF64(QY);
  elseOp();
  f64c(0);
  end();
  add();
  get('qn');
  sub();
  get('dtdx');
  mul();
  add();
  set('hn');
  addr('k', 2);
  loadF32(DR);
  set('c');
  get('hn');
  f64c(0);
  op(0x65); // f64.le
  ifVoid();
  f64c(0);
  set('hn');
  elseOp();
  get('c');
  f64c(0);
  op(0x63); // f64.lt
  ifVoid();
  get('out');
  get('hn');
  add();
  set('out');
  f64c(0);
  set('hn');
  elseOp();
  // d = hn < cap ? hn : cap = pmin(cap, hn)
  pminmax(
    false,
    () => {
      get('c');
      get('dt');
      mul();
    },
    () => get('hn'),
  );
  set('d');
  get('hn');
  get('d');
  sub();
  set('hn');
  get('drained');
  get('d');
  add();
  set('drained');
  pminmax(
    true,
    () => get('rowHMax'),
    () => get('hn'),
  );
  set('rowHMax');
  end();
  end();
  addr('k', 3);
  get('hn');
  storeF64(H);
  get('qe');
  set('qw');
  get('hE');
  set('hk');
  get('zE');
  set('zk');
  get('nE');
  set('nk');
  get('k');
  i32c(1);
  op(0x6a);
  tee('k');
  get('kEnd');
  op(0x48);
  op(0x0d, 0); // br_if loop
  end();
  // Globals 0 out, 1 drained (sums of rows), 2 nflow.
  for (const [g, l] of [
    [0, 'out'],
    [1, 'drained'],
  ] as const) {
    op(0x23, g);
    get(l);
    add();
    op(0x24, g);
  }
  get('nflow');
  op(0x24, 2);
  get('rowHMax');
  end();

  const body = [
    ...vec([
      [...uleb(i32s.length), I32],
      [...uleb(f64s.length), F64],
    ]),
    ...code,
  ];
  const zeroF64 = [F64, 0x01, 0x44, ...f64Bytes(0), 0x0b];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vec([
        [0x60, ...vec([[F64]]), ...vec([[F64]])],
        [0x60, ...vec(params.map((p, i) => [i < 4 ? I32 : F64])), ...vec([[F64]])],
      ]),
    ),
    ...section(
      2,
      vec([
        [...name('m'), ...name('cbrt'), 0x00, 0x00],
        [...name('m'), ...name('mem'), 0x02, 0x00, ...uleb(pages)],
      ]),
    ),
    ...section(3, vec([[0x01]])),
    ...section(6, vec([zeroF64, zeroF64, zeroF64])),
    ...section(
      7,
      vec([
        [...name('row'), 0x00, 0x01],
        [...name('out'), 0x03, 0x00],
        [...name('drained'), 0x03, 0x01],
        [...name('nflow'), 0x03, 0x02],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
  return { bytes: Uint8Array.from(bytes), pages, offsets: { H, QX, QY, Z, N2, DR, TAB } };
}

/** Byte offsets of the model's arrays in the kernel's memory. */
interface FloodLayout {
  readonly H: number;
  readonly QX: number;
  readonly QY: number;
  readonly Z: number;
  readonly N2: number;
  readonly DR: number;
  readonly TAB: number;
}

/** The compiled row kernel and its exported globals. */
interface FloodWasm {
  readonly row: (
    row: number,
    nx: number,
    hasN: number,
    hasS: number,
    dt: number,
    gdtdx: number,
    halfGdt: number,
    lim: number,
    dtdx: number,
  ) => number;
  readonly out: { value: number };
  readonly drained: { value: number };
  readonly nflow: { value: number };
  readonly buffer: ArrayBuffer;
  readonly offsets: FloodLayout;
}

/** Compiles the row kernel for n cells, or null where WebAssembly (with SIMD) is unavailable or refused. */
function compileFloodWasm(n: number): FloodWasm | null {
  if (typeof WebAssembly === 'undefined' || 36 * n > 2 ** 31) return null;
  try {
    const { bytes, pages, offsets } = floodRowWasm(n);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      m: { cbrt: Math.cbrt, mem: memory },
    });
    const ex = inst.exports as Record<string, unknown>;
    new Float64Array(memory.buffer, offsets.TAB, INV73.length).set(INV73);
    return {
      row: ex.row as FloodWasm['row'],
      out: ex.out as { value: number },
      drained: ex.drained as { value: number },
      nflow: ex.nflow as { value: number },
      buffer: memory.buffer,
      offsets,
    };
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval': the JS sweep does the same work
  }
}

/** Options of a FloodModel. */
export interface FloodModelOptions {
  /** Bates et al. (2010) α (default FLOOD_ALPHA). */
  readonly alpha?: number;
  /** Sweep implementation: 'auto' (default: WebAssembly where available, else JS) or 'js'. Both give bit-identical
   * results. */
  readonly kernel?: 'auto' | 'js';
}

/** Mutable water balance (m³) behind FloodModel.balance. */
interface Balance {
  rainM3: number;
  infiltratedM3: number;
  drainedM3: number;
  storedM3: number;
  outflowM3: number;
  residualM3: number;
  residualPct: number;
}

/** Water on the ground of a FloodGrid over time. */
export class FloodModel {
  readonly grid: FloodGrid;
  /** Water depth per cell now, m (published after each advance()). */
  readonly depthM: Float32Array;
  /** Largest depth per cell since reset(), m. */
  readonly maxDepthM: Float32Array;
  /** Simulated seconds since reset(). */
  timeS = 0;
  /** Sub-steps taken since reset() (routing work). */
  substeps = 0;
  /** Cumulative rain of the event, mm (the P of SCS-CN). */
  rainMm = 0;
  private readonly bal: Balance = {
    rainM3: 0,
    infiltratedM3: 0,
    drainedM3: 0,
    storedM3: 0,
    outflowM3: 0,
    residualM3: 0,
    residualPct: 0,
  };
  private readonly alpha: number;
  private readonly h: Float64Array;
  /** Unit-width discharge across each cell's east and north face, m²/s (the inertial momentum state). */
  private readonly qx: Float64Array;
  private readonly qy: Float64Array;
  /** Ground, m, and n² per cell (Float32: what the grid holds; halves the memory traffic of the sweep). */
  private readonly z: Float32Array;
  private readonly n2: Float32Array;
  /** Drain capacity, m/s; −1 marks a sink (one load instead of two in the sweep). */
  private readonly drainMS: Float32Array;
  private readonly sinkCells: number;
  /** Cells (not sinks) per curve number 0…100. */
  private readonly cnCount = new Float64Array(101);
  private readonly excessM = new Float64Array(101);
  private hMax = 0;
  private initialM3 = 0;
  /** Largest depth per row (an upper bound) and whether the row's faces may carry flow: rows that are dry with
   * dry neighbours are skipped by the sweep. */
  private readonly rowMax: Float64Array;
  private readonly rowLive: Uint8Array;
  /** The WebAssembly row kernel (its memory holds h, qx, qy, z, n², drain), or null: the JS sweep. */
  private readonly wasm: FloodWasm | null;
  /** Outflow to sinks and drained depth of the last sweep, m summed over cells (row sums, then over rows). */
  private sweepOut = 0;
  private sweepDrained = 0;

  /** A model at rest (no water) on `grid`. */
  constructor(grid: FloodGrid, opts: FloodModelOptions = {}) {
    this.grid = grid;
    this.alpha = opts.alpha ?? FLOOD_ALPHA;
    const n = grid.nx * grid.ny;
    this.depthM = new Float32Array(n);
    this.maxDepthM = new Float32Array(n);
    const wasm = opts.kernel === 'js' ? null : compileFloodWasm(n);
    this.wasm = wasm;
    if (wasm) {
      const { buffer: b, offsets: o } = wasm;
      this.h = new Float64Array(b, o.H, n);
      this.qx = new Float64Array(b, o.QX, n);
      this.qy = new Float64Array(b, o.QY, n);
      this.z = new Float32Array(b, o.Z, n);
      this.n2 = new Float32Array(b, o.N2, n);
      this.drainMS = new Float32Array(b, o.DR, n);
    } else {
      this.h = new Float64Array(n);
      this.qx = new Float64Array(n);
      this.qy = new Float64Array(n);
      this.z = new Float32Array(n);
      this.n2 = new Float32Array(n);
      this.drainMS = new Float32Array(n);
    }
    this.z.set(grid.groundM);
    let sinks = 0;
    for (let k = 0; k < n; k++) {
      const nk = grid.manningN[k]!;
      this.n2[k] = nk * nk;
      if (grid.sink[k]) {
        sinks++;
        this.drainMS[k] = -1;
        continue;
      }
      this.drainMS[k] = grid.drainMmH[k]! / 3.6e6;
      const cn = Math.min(100, grid.curveNumber[k]!);
      this.cnCount[cn] = this.cnCount[cn]! + 1;
    }
    this.sinkCells = sinks;
    this.rowMax = new Float64Array(grid.ny);
    this.rowLive = new Uint8Array(grid.ny);
  }

  /** Recomputes the per-row maxima after depths were set from outside the sweep. */
  private scanRows(): void {
    const { nx, ny } = this.grid;
    const h = this.h;
    let hMax = 0;
    for (let j = 0; j < ny; j++) {
      let m = 0;
      for (let k = j * nx, e = k + nx; k < e; k++) if (h[k]! > m) m = h[k]!;
      this.rowMax[j] = m;
      if (m > 0) this.rowLive[j] = 1;
      if (m > hMax) hMax = m;
    }
    this.hMax = hMax;
  }

  /** The water balance so far, m³ (a copy; storedM3 = water on the surface now minus any initial water). */
  get balance(): FloodBalance {
    return { ...this.bal };
  }

  /** Back to no water, no rain, time 0. */
  reset(): void {
    this.h.fill(0);
    this.qx.fill(0);
    this.qy.fill(0);
    this.depthM.fill(0);
    this.maxDepthM.fill(0);
    this.timeS = 0;
    this.substeps = 0;
    this.rainMm = 0;
    this.hMax = 0;
    this.initialM3 = 0;
    this.rowMax.fill(0);
    this.rowLive.fill(0);
    const b = this.bal;
    b.rainM3 = b.infiltratedM3 = b.drainedM3 = b.storedM3 = b.outflowM3 = b.residualM3 = b.residualPct = 0;
  }

  /** Sets the water depth (m) of every cell (an initial condition; the balance counts change from it). */
  setDepth(depthM: ArrayLike<number>): void {
    const n = this.h.length;
    if (depthM.length !== n) throw new RangeError(`depth has ${depthM.length} cells, not ${n}`);
    let v = 0;
    for (let k = 0; k < n; k++) {
      const d = this.grid.sink[k] ? 0 : Math.max(0, depthM[k]!);
      this.h[k] = d;
      v += d;
    }
    this.qx.fill(0);
    this.qy.fill(0);
    this.scanRows();
    this.initialM3 = v * this.grid.cellM * this.grid.cellM;
    this.publish();
  }

  /** Advances the model by dtS seconds under uniform rain of rainMmH (mm/h). */
  advance(dtS: number, rainMmH: number): void {
    if (!(dtS > 0)) return;
    const cellA = this.grid.cellM * this.grid.cellM;
    const b = this.bal;
    const rainStepMm = rainMmH > 0 ? (rainMmH * dtS) / 3600 : 0;
    if (rainStepMm > 0) {
      // SCS-CN excess of this step for every curve number: Q(P + ΔP) − Q(P).
      const p0 = this.rainMm;
      const p1 = p0 + rainStepMm;
      const ex = this.excessM;
      let infil = 0;
      for (let cn = 0; cn <= 100; cn++) {
        const e = (scsRunoffMm(p1, cn) - scsRunoffMm(p0, cn)) / 1000;
        ex[cn] = e;
        infil += this.cnCount[cn]! * (rainStepMm / 1000 - e);
      }
      this.rainMm = p1;
      const h = this.h;
      const cnArr = this.grid.curveNumber;
      const sink = this.grid.sink;
      const nx = this.grid.nx;
      let hMax = this.hMax;
      let exMax = 0;
      for (let cn = 0; cn <= 100; cn++) if (this.cnCount[cn]! > 0 && ex[cn]! > exMax) exMax = ex[cn]!;
      if (exMax > 0) {
        for (let j = 0; j < this.grid.ny; j++) {
          let m = 0;
          for (let k = j * nx, e = k + nx; k < e; k++) {
            if (sink[k]) continue;
            const d = h[k]! + ex[cnArr[k]!]!;
            h[k] = d;
            if (d > m) m = d;
          }
          this.rowMax[j] = m;
          if (m > 0) this.rowLive[j] = 1;
          if (m > hMax) hMax = m;
        }
      }
      this.hMax = hMax;
      b.rainM3 += (rainStepMm / 1000) * cellA * h.length;
      b.infiltratedM3 += infil * cellA;
      b.outflowM3 += (rainStepMm / 1000) * cellA * this.sinkCells;
    }
    // Routing in equal sub-steps no longer than the Bates et al. (2010) limit.
    let left = dtS;
    while (left > 0) {
      if (this.hMax <= 0) break; // no water anywhere: nothing to route or drain
      const dtMax = (this.alpha * this.grid.cellM) / Math.sqrt(G * this.hMax);
      const nSub = Math.max(1, Math.ceil(left / dtMax - 1e-9));
      const dt = left / nSub;
      this.step(dt);
      left -= dt;
      if (nSub === 1) left = 0;
    }
    this.timeS += dtS;
    this.publish();
  }

  /** Grid edge: free outfall per boundary face (water above a dry ghost cell at the same ground); volume out, m. */
  private edges(dt: number): number {
    const { nx, ny, cellM: dx } = this.grid;
    const h = this.h;
    const n2 = this.n2;
    const sink = this.grid.sink;
    const lim = (0.25 * dx) / dt;
    const dtdx = dt / dx;
    let out = 0;
    for (let e = 0; e < 2 * (nx + ny); e++) {
      const k =
        e < nx
          ? e
          : e < 2 * nx
            ? (ny - 1) * nx + e - nx
            : e < 2 * nx + ny
              ? (e - 2 * nx) * nx
              : (e - 2 * nx - ny) * nx + nx - 1;
      const hk = h[k]!;
      if (hk <= MIN_FLOW_DEPTH_M || sink[k]) continue;
      // Manning: q = h^(5/3)·√S / n with S = h/Δx.
      let q = (Math.pow(hk, 5 / 3) * Math.sqrt(hk / dx)) / Math.sqrt(n2[k]!);
      if (q > lim * hk) q = lim * hk;
      h[k] = hk - q * dtdx;
      out += q * dtdx;
    }
    return out;
  }

  /** Which sweep runs: 'wasm' or 'js' (see FloodModelOptions.kernel). */
  get kernel(): 'wasm' | 'js' {
    return this.wasm ? 'wasm' : 'js';
  }

  /** One explicit sub-step of dt seconds: boundary outfall, then faces and continuity in one sweep of the rows. */
  private step(dt: number): void {
    const dx = this.grid.cellM;
    const edgeOut = this.edges(dt);
    if (this.wasm) this.sweepWasm(dt);
    else this.sweepJs(dt);
    const cellA = dx * dx;
    this.bal.outflowM3 += (edgeOut + this.sweepOut) * cellA;
    this.bal.drainedM3 += this.sweepDrained * cellA;
    this.substeps++;
  }

  /**
   * Whether the sweep may skip row j: no water in it, its neighbour above cannot flow (≤ threshold) and nothing came
   * from below (`southFlow`) — every face of it is zero and nothing changes. Clears its faces the first time.
   */
  private skipRow(j: number, southFlow: boolean): boolean {
    const { nx, ny } = this.grid;
    const rowMax = this.rowMax;
    if (rowMax[j] === 0 && !southFlow && (j === ny - 1 || rowMax[j + 1]! <= MIN_FLOW_DEPTH_M)) {
      if (this.rowLive[j]) {
        this.qx.fill(0, j * nx, j * nx + nx);
        this.qy.fill(0, j * nx, j * nx + nx);
        this.rowLive[j] = 0;
      }
      return true;
    }
    this.rowLive[j] = 1;
    return false;
  }

  /** The sweep by the WebAssembly row kernel (floodRowWasm); same results as sweepJs. */
  private sweepWasm(dt: number): void {
    const wasm = this.wasm!;
    const { nx, ny, cellM: dx } = this.grid;
    const gdt = G * dt;
    const gdtdx = gdt / dx;
    const halfGdt = 0.5 * gdt;
    const lim = (0.25 * dx) / dt; // |q| ≤ lim·h_donor: a face takes ≤ 1/4 of its donor per sub-step
    const dtdx = dt / dx;
    const rowMax = this.rowMax;
    wasm.out.value = 0;
    wasm.drained.value = 0;
    let hMax = 0;
    let southFlow = false; // did any north face of the row below carry flow this sub-step?
    for (let j = 0; j < ny; j++) {
      if (this.skipRow(j, southFlow)) {
        southFlow = false;
        continue;
      }
      const rowHMax = wasm.row(j * nx, nx, j < ny - 1 ? 1 : 0, j > 0 ? 1 : 0, dt, gdtdx, halfGdt, lim, dtdx);
      southFlow = wasm.nflow.value !== 0;
      rowMax[j] = rowHMax;
      if (rowHMax > hMax) hMax = rowHMax;
    }
    this.sweepOut = wasm.out.value;
    this.sweepDrained = wasm.drained.value;
    this.hMax = hMax;
  }

  /**
   * The sweep in JS, row by row: the east and north face of each cell (the west and south ones were computed from the
   * same state when their cells were swept), then its continuity and drain. floodRowWasm performs the same float64
   * operations in the same order, and the outflow and drained sums are taken per row in both.
   */
  private sweepJs(dt: number): void {
    const { nx, ny, cellM: dx } = this.grid;
    const h = this.h;
    const z = this.z;
    const qx = this.qx;
    const qy = this.qy;
    const n2 = this.n2;
    const drain = this.drainMS;
    const tab = INV73;
    const bitsF = BITS_F64;
    const bitsU = BITS_U32;
    const hiWord = HI_WORD;
    const HMIN = MIN_FLOW_DEPTH_M;
    const gdt = G * dt;
    const gdtdx = gdt / dx;
    const halfGdt = 0.5 * gdt;
    const lim = (0.25 * dx) / dt; // |q| ≤ lim·h_donor: a face takes ≤ 1/4 of its donor per sub-step
    const dtdx = dt / dx;
    const nxm1 = nx - 1;
    const rowMax = this.rowMax;
    let sweepOut = 0;
    let sweepDrained = 0;
    let hMax = 0;
    let southFlow = false;
    for (let j = 0; j < ny; j++) {
      if (this.skipRow(j, southFlow)) {
        southFlow = false;
        continue;
      }
      const row = j * nx;
      const hasNorth = j < ny - 1;
      const south = row - nx; // the south neighbour of the row's first cell (none on row 0)
      let out = 0;
      let drained = 0;
      let rowHMax = 0;
      let northFlow = false;
      // Values of cell k carried from the previous iteration (its east neighbour then): V8 cannot prove the typed
      // arrays do not alias, so it would load them again.
      let hk = h[row]!;
      let zk = z[row]!;
      let nk = n2[row]!;
      let qw = 0;
      for (let i = 0; i < nx; i++) {
        const k = row + i;
        const ek = zk + hk;
        // East face. h_f ≤ the larger of the two depths, so h_f > HMIN implies water above the threshold on a side.
        let qe = 0;
        let hE = 0;
        let zE = 0;
        let nE = 0;
        if (i < nxm1) {
          hE = h[k + 1]!;
          zE = z[k + 1]!;
          nE = n2[k + 1]!;
          const e1 = zE + hE;
          const hf = (ek > e1 ? ek : e1) - (zk > zE ? zk : zE);
          if (hf > HMIN) {
            const q0 = qx[k]!;
            // h_f^(−7/3) from the table (its bin from the exponent bits; h_f > 1 mm ≥ 2^−10 m), exact beyond it.
            bitsF[0] = hf;
            const ix = (bitsU[hiWord]! >>> 12) - INV73_BASE;
            const inv73 =
              ix < INV73_COUNT ? tab[2 * ix]! + tab[2 * ix + 1]! * hf : 1 / (hf * hf * Math.cbrt(hf));
            const fr = halfGdt * (nk + nE) * Math.abs(q0) * inv73;
            qe = (q0 - gdtdx * hf * (e1 - ek)) / (1 + fr);
            if (qe > 0) {
              const m = lim * hk;
              if (qe > m) qe = m;
            } else {
              const m = lim * hE;
              if (-qe > m) qe = -m;
            }
          }
          qx[k] = qe;
        }
        // North face.
        let qn = 0;
        if (hasNorth) {
          const h1 = h[k + nx]!;
          const z1 = z[k + nx]!;
          const e1 = z1 + h1;
          const hf = (ek > e1 ? ek : e1) - (zk > z1 ? zk : z1);
          if (hf > HMIN) {
            const q0 = qy[k]!;
            bitsF[0] = hf;
            const ix = (bitsU[hiWord]! >>> 12) - INV73_BASE;
            const inv73 =
              ix < INV73_COUNT ? tab[2 * ix]! + tab[2 * ix + 1]! * hf : 1 / (hf * hf * Math.cbrt(hf));
            const fr = halfGdt * (nk + n2[k + nx]!) * Math.abs(q0) * inv73;
            qn = (q0 - gdtdx * hf * (e1 - ek)) / (1 + fr);
            if (qn > 0) {
              const m = lim * hk;
              if (qn > m) qn = m;
            } else {
              const m = lim * h1;
              if (-qn > m) qn = -m;
            }
            northFlow = true;
          }
          qy[k] = qn;
        }
        // Continuity.
        const qs = south >= 0 ? qy[south + i]! : 0;
        let hn = hk + (qw - qe + qs - qn) * dtdx;
        const c = drain[k]!;
        if (hn <= 0) {
          hn = 0;
        } else if (c < 0) {
          out += hn; // a sink: everything entering leaves
          hn = 0;
        } else {
          const cap = c * dt;
          const d = hn < cap ? hn : cap;
          hn -= d;
          drained += d;
          if (hn > rowHMax) rowHMax = hn;
        }
        h[k] = hn;
        qw = qe;
        hk = hE;
        zk = zE;
        nk = nE;
      }
      sweepOut += out;
      sweepDrained += drained;
      southFlow = northFlow;
      rowMax[j] = rowHMax;
      if (rowHMax > hMax) hMax = rowHMax;
    }
    this.sweepOut = sweepOut;
    this.sweepDrained = sweepDrained;
    this.hMax = hMax;
  }

  /** Copies depths to depthM / maxDepthM and closes the balance. */
  private publish(): void {
    const h = this.h;
    const d = this.depthM;
    const m = this.maxDepthM;
    let v = 0;
    for (let k = 0; k < h.length; k++) {
      const x = h[k]!;
      v += x;
      d[k] = x;
      if (x > m[k]!) m[k] = x;
    }
    const b = this.bal;
    b.storedM3 = v * this.grid.cellM * this.grid.cellM - this.initialM3;
    b.residualM3 = b.rainM3 - (b.infiltratedM3 + b.drainedM3 + b.storedM3 + b.outflowM3);
    b.residualPct = b.rainM3 > 0 ? (100 * b.residualM3) / b.rainM3 : 0;
  }
}

/** Water depth at local metres (x, y): the cell holding the point, m; NaN outside the grid. */
export function depthAtXY(grid: FloodGrid, depthM: ArrayLike<number>, x: number, y: number): number {
  const i = Math.round((x - grid.x0) / grid.cellM);
  const j = Math.round((y - grid.y0) / grid.cellM);
  if (i < 0 || j < 0 || i >= grid.nx || j >= grid.ny) return Number.NaN;
  return depthM[j * grid.nx + i] ?? Number.NaN;
}

/** Per road link, the cells its geometry crosses (CSR), cached per grid. */
interface LinkCells {
  readonly city: CityModel;
  readonly start: Uint32Array;
  readonly cells: Uint32Array;
}
const linkCellCache = new WeakMap<FloodGrid, LinkCells>();

function linkCells(city: CityModel, grid: FloodGrid): LinkCells {
  const hit = linkCellCache.get(grid);
  if (hit && hit.city === city) return hit;
  const r = city.roads;
  const start = new Uint32Array(r.linkCount + 1);
  const cells: number[] = [];
  const step = grid.cellM / 2;
  for (let l = 0; l < r.linkCount; l++) {
    start[l] = cells.length;
    let prev = -1;
    const add = (x: number, y: number): void => {
      const i = Math.round((x - grid.x0) / grid.cellM);
      const j = Math.round((y - grid.y0) / grid.cellM);
      if (i < 0 || j < 0 || i >= grid.nx || j >= grid.ny) return;
      const k = j * grid.nx + i;
      if (k !== prev) cells.push(k);
      prev = k;
    };
    const g0 = r.geomStart[l]!;
    const g1 = r.geomStart[l + 1]!;
    for (let v = g0; v + 1 < g1; v++) {
      const ax = r.geomXY[2 * v]!;
      const ay = r.geomXY[2 * v + 1]!;
      const bx = r.geomXY[2 * v + 2]!;
      const by = r.geomXY[2 * v + 3]!;
      const s = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
      for (let t = 0; t < s; t++) add(ax + ((bx - ax) * t) / s, ay + ((by - ay) * t) / s);
    }
    if (g1 > g0) add(r.geomXY[2 * g1 - 2]!, r.geomXY[2 * g1 - 1]!);
  }
  start[r.linkCount] = cells.length;
  const lc = { city, start, cells: Uint32Array.from(cells) };
  linkCellCache.set(grid, lc);
  return lc;
}

/** Largest water depth along each road link's geometry (sampled every half cell), m, written into `out`. */
export function linkMaxDepthM(
  city: CityModel,
  grid: FloodGrid,
  depthM: ArrayLike<number>,
  out: Float32Array,
): Float32Array {
  const { start, cells } = linkCells(city, grid);
  const n = Math.min(out.length, city.roads.linkCount);
  for (let l = 0; l < n; l++) {
    let m = 0;
    for (let c = start[l]!; c < start[l + 1]!; c++) {
      const d = depthM[cells[c]!]!;
      if (d > m) m = d;
    }
    out[l] = m;
  }
  return out;
}
