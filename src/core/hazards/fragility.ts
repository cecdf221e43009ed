/**
 * Building fragility for the earthquake model (HAZUS-style): lognormal curves P[DS ≥ ds | PGA] per model building type
 * and seismic design (code) level, the collapse share of Complete damage, indoor casualty rates by damage state, and
 * the mapping from a scene building (storeys, height, use) to a model building type. Pure tables and arithmetic.
 *
 * Sources (every number below is one of these or is marked as a modelling assumption):
 * - Medians: HAZUS-MH Earthquake Technical Manual, "Equivalent-PGA Structural Fragility" tables 5.16a–d (High-, Moderate-,
 *   Low-, Pre-Code; Hazus 6.1 renumbers them Tables 5-37…5-40). Cross-checked value by value against three
 *   transcriptions: USGS ShakeCast V3 "Appendix E MBT Fragility" Tables 1–4, SimCenter pelicun
 *   `resources/SimCenterDBDL/data_sources/HAZUS_MH_5.1_EQ/hazus_data_eq.json` ("Lifeline_Facilities" → "EDP_limits") and
 *   the SimCenter DamageAndLossModelLibrary `seismic/building/portfolio/Hazus v5.1/fragility.csv` (LF.* rows).
 * - Dispersion β = 0.64 for every curve: the value printed in all four tables (√(0.4² + 0.5²): damage-state threshold
 *   variability 0.4 combined with demand variability 0.5; ShakeCast Appendix E prints 0.64 throughout).
 * - Collapse share of Complete damage and indoor casualty rates (% of occupants by severity 1–4 per damage state):
 *   HAZUS-MH TM ch. 5 (collapse percentages) and ch. 13 (indoor casualty rates, Tables 13.3–13.7), as tabulated in
 *   pelicun's hazus_data_eq.json ("P_collapse", "Injury_rates") and its per-building DL files (e.g. S-C1M-MC-RES1.json).
 */
import { STOREY_HEIGHT_M } from '../gis/tags.ts';
import { BuildingUse } from '../scene/types.ts';

/** Model building types used for the Chinese urban stock (HAZUS-MH TM Table 3.1 labels). Stored as Uint8 codes. */
export const MODEL_TYPES = [
  'W1', // wood light frame
  'S1L', // steel moment frame, low-rise
  'S1M',
  'S1H',
  'S3', // steel light frame (portal-frame sheds)
  'C1L', // concrete moment frame
  'C1M',
  'C1H',
  'C2L', // concrete shear wall
  'C2M',
  'C2H',
  'RM2L', // reinforced masonry bearing walls with precast concrete diaphragms
  'RM2M',
  'URML', // unreinforced masonry bearing walls
  'URMM',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
/** Code of each model type (index into MODEL_TYPES). */
export const ModelTypeCode: { readonly [K in ModelType]: number } = Object.fromEntries(
  MODEL_TYPES.map((t, i) => [t, i]),
) as { readonly [K in ModelType]: number };

/** HAZUS seismic design levels, strongest first. Stored as Uint8 codes. */
export const CODE_LEVELS = ['high', 'moderate', 'low', 'pre'] as const;
export type CodeLevelName = (typeof CODE_LEVELS)[number];
export const CodeLevel = { high: 0, moderate: 1, low: 2, pre: 3 } as const;
export type CodeLevel = (typeof CodeLevel)[keyof typeof CodeLevel];

type Four = readonly [number, number, number, number];
/** null = HAZUS prints no curve (URM is not permitted at High/Moderate code). */
type ByCode = readonly [Four | null, Four | null, Four, Four];

/**
 * Median PGA (g) of Slight, Moderate, Extensive, Complete per model type, [high, moderate, low, pre] code:
 * HAZUS-MH TM Tables 5.16a (high), 5.16b (moderate), 5.16c (low), 5.16d (pre-code), equivalent-PGA structural fragility.
 */
export const PGA_MEDIAN_G: { readonly [K in ModelType]: ByCode } = {
  W1: [
    [0.26, 0.55, 1.28, 2.01],
    [0.24, 0.43, 0.91, 1.34],
    [0.2, 0.34, 0.61, 0.95],
    [0.18, 0.29, 0.51, 0.77],
  ],
  S1L: [
    [0.19, 0.31, 0.64, 1.49],
    [0.15, 0.22, 0.42, 0.8],
    [0.12, 0.17, 0.3, 0.48],
    [0.09, 0.13, 0.22, 0.38],
  ],
  S1M: [
    [0.14, 0.26, 0.62, 1.43],
    [0.13, 0.21, 0.44, 0.82],
    [0.12, 0.18, 0.29, 0.49],
    [0.09, 0.14, 0.23, 0.39],
  ],
  S1H: [
    [0.1, 0.21, 0.52, 1.31],
    [0.1, 0.18, 0.39, 0.78],
    [0.1, 0.15, 0.28, 0.48],
    [0.08, 0.12, 0.22, 0.38],
  ],
  S3: [
    [0.15, 0.26, 0.54, 1.0],
    [0.13, 0.19, 0.33, 0.6],
    [0.1, 0.13, 0.2, 0.38],
    [0.08, 0.1, 0.16, 0.3],
  ],
  C1L: [
    [0.21, 0.35, 0.7, 1.37],
    [0.16, 0.23, 0.41, 0.77],
    [0.12, 0.15, 0.27, 0.45],
    [0.1, 0.12, 0.21, 0.36],
  ],
  C1M: [
    [0.15, 0.27, 0.73, 1.61],
    [0.13, 0.21, 0.49, 0.89],
    [0.12, 0.17, 0.32, 0.54],
    [0.09, 0.13, 0.26, 0.43],
  ],
  C1H: [
    [0.11, 0.22, 0.62, 1.35],
    [0.11, 0.18, 0.41, 0.74],
    [0.1, 0.15, 0.27, 0.44],
    [0.08, 0.12, 0.21, 0.35],
  ],
  C2L: [
    [0.24, 0.45, 0.9, 1.55],
    [0.18, 0.3, 0.49, 0.87],
    [0.14, 0.19, 0.3, 0.52],
    [0.11, 0.15, 0.24, 0.42],
  ],
  C2M: [
    [0.17, 0.36, 0.87, 1.95],
    [0.15, 0.26, 0.55, 1.02],
    [0.12, 0.19, 0.38, 0.63],
    [0.1, 0.15, 0.3, 0.5],
  ],
  C2H: [
    [0.12, 0.29, 0.82, 1.87],
    [0.12, 0.23, 0.57, 1.07],
    [0.11, 0.19, 0.38, 0.65],
    [0.09, 0.15, 0.31, 0.52],
  ],
  RM2L: [
    [0.26, 0.42, 0.87, 1.49],
    [0.2, 0.28, 0.47, 0.81],
    [0.14, 0.18, 0.28, 0.51],
    [0.12, 0.15, 0.22, 0.41],
  ],
  RM2M: [
    [0.17, 0.33, 0.75, 1.83],
    [0.16, 0.23, 0.48, 0.99],
    [0.12, 0.17, 0.34, 0.6],
    [0.1, 0.14, 0.26, 0.47],
  ],
  URML: [null, null, [0.14, 0.2, 0.32, 0.46], [0.13, 0.17, 0.26, 0.37]],
  URMM: [null, null, [0.1, 0.16, 0.27, 0.46], [0.09, 0.13, 0.21, 0.38]],
};

/** Lognormal standard deviation of every equivalent-PGA curve (HAZUS-MH TM Tables 5.16a–d). */
export const PGA_BETA = 0.64;

/** Share of Complete damage that is collapse (HAZUS-MH TM ch. 5; pelicun hazus_data_eq.json "P_collapse"). */
export const COLLAPSE_SHARE: { readonly [K in ModelType]: number } = {
  W1: 0.03,
  S1L: 0.08,
  S1M: 0.05,
  S1H: 0.03,
  S3: 0.03,
  C1L: 0.13,
  C1M: 0.1,
  C1H: 0.05,
  C2L: 0.13,
  C2M: 0.1,
  C2H: 0.05,
  RM2L: 0.13,
  RM2M: 0.1,
  URML: 0.15,
  URMM: 0.15,
};

type Sev = readonly [number, number, number, number];
/**
 * Indoor casualty rates, % of occupants, severity 1 (first aid) … 4 (killed), for Slight, Moderate, Extensive,
 * Complete (no collapse) and Complete with collapse: HAZUS-MH TM Tables 13.3–13.7 (pelicun hazus_data_eq.json
 * "Injury_rates" DS1–DS4 and "Collapse").
 */
export const INDOOR_CASUALTY_PCT: {
  readonly [K in ModelType]: readonly [Sev, Sev, Sev, Sev, Sev];
} = (() => {
  const slight: Sev = [0.05, 0, 0, 0];
  const ext: Sev = [1, 0.1, 0.001, 0.001];
  const comp: Sev = [5, 1, 0.01, 0.01];
  const coll: Sev = [40, 20, 5, 10];
  const collLight: Sev = [40, 20, 3, 5]; // W1, S3, MH
  const modA: Sev = [0.25, 0.03, 0, 0]; // W1, S4, C1, C2, PC1, PC2, MH
  const modB: Sev = [0.2, 0.025, 0, 0]; // S1, S2, S3, S5, C3, RM1, RM2
  const urm = [slight, [0.35, 0.4, 0.001, 0.001], [2, 0.2, 0.002, 0.002], [10, 2, 0.02, 0.02], coll] as const;
  return {
    W1: [slight, modA, ext, comp, collLight],
    S1L: [slight, modB, ext, comp, coll],
    S1M: [slight, modB, ext, comp, coll],
    S1H: [slight, modB, ext, comp, coll],
    S3: [slight, modB, ext, comp, collLight],
    C1L: [slight, modA, ext, comp, coll],
    C1M: [slight, modA, ext, comp, coll],
    C1H: [slight, modA, ext, comp, coll],
    C2L: [slight, modA, ext, comp, coll],
    C2M: [slight, modA, ext, comp, coll],
    C2H: [slight, modA, ext, comp, coll],
    RM2L: [slight, modB, ext, comp, coll],
    RM2M: [slight, modB, ext, comp, coll],
    URML: urm,
    URMM: urm,
  };
})();

/** Number of model types and code levels (strides of the flat tables). */
export const MODEL_TYPE_COUNT = MODEL_TYPES.length;
export const CODE_LEVEL_COUNT = CODE_LEVELS.length;

/**
 * ln(median) per (type, code, ds): index ((type × 4 + code) × 4 + ds − 1); NaN where HAZUS prints no curve. Precomputed
 * so the hot loop takes one log of the PGA and no division by the median.
 */
export const LN_MEDIAN: Float64Array = (() => {
  const a = new Float64Array(MODEL_TYPE_COUNT * CODE_LEVEL_COUNT * 4).fill(Number.NaN);
  MODEL_TYPES.forEach((t, ti) => {
    PGA_MEDIAN_G[t].forEach((row, ci) => {
      if (row === null) return;
      for (let k = 0; k < 4; k++) a[(ti * CODE_LEVEL_COUNT + ci) * 4 + k] = Math.log(row[k]!);
    });
  });
  return a;
})();

/**
 * Standard normal CDF Φ(z) (Abramowitz & Stegun 1964, "Handbook of Mathematical Functions", eq. 26.2.17;
 * |error| < 7.5e-8).
 */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp(-0.5 * z * z);
  const p =
    d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - p : p;
}

/** Throws a RangeError naming `where` when the (type, code) pair has no HAZUS curve or is out of range. */
function checkPair(type: number, code: number, where: string): void {
  if (!(Number.isInteger(type) && type >= 0 && type < MODEL_TYPE_COUNT)) {
    throw new RangeError(`${where}: model type code ${type} is outside 0..${MODEL_TYPE_COUNT - 1}`);
  }
  if (!(Number.isInteger(code) && code >= 0 && code < CODE_LEVEL_COUNT)) {
    throw new RangeError(`${where}: code level ${code} is outside 0..${CODE_LEVEL_COUNT - 1}`);
  }
  if (Number.isNaN(LN_MEDIAN[(type * CODE_LEVEL_COUNT + code) * 4] as number)) {
    throw new RangeError(
      `${where}: HAZUS has no ${CODE_LEVELS[code]}-code curve for ${MODEL_TYPES[type]} (not permitted at that level)`,
    );
  }
}

/**
 * P[DS ≥ ds | PGA] for ds = slight…complete into out[0..3] (HAZUS: Φ(ln(PGA / median) / β)); zeros for PGA ≤ 0.
 * `type` is a ModelTypeCode, `code` a CodeLevel.
 */
export function exceedance(pgaG: number, type: number, code: number, out: Float64Array): Float64Array {
  checkPair(type, code, 'exceedance');
  const base = (type * CODE_LEVEL_COUNT + code) * 4;
  if (!(pgaG > 0)) {
    out.fill(0, 0, 4);
    return out;
  }
  const lp = Math.log(pgaG);
  for (let k = 0; k < 4; k++) out[k] = normalCdf((lp - (LN_MEDIAN[base + k] as number)) / PGA_BETA);
  return out;
}

/**
 * Discrete damage-state probabilities none, slight, moderate, extensive, complete into out[0..4] (differences of the
 * exceedance curves, HAZUS-MH TM §5.3).
 */
export function damageStateProbabilities(
  pgaG: number,
  type: number,
  code: number,
  out: Float64Array,
): Float64Array {
  const e = exceedance(pgaG, type, code, out.length >= 9 ? out.subarray(5, 9) : new Float64Array(4));
  const e1 = e[0] as number;
  const e2 = e[1] as number;
  const e3 = e[2] as number;
  const e4 = e[3] as number;
  out[0] = 1 - e1;
  out[1] = e1 - e2;
  out[2] = e2 - e3;
  out[3] = e3 - e4;
  out[4] = e4;
  return out;
}

/** Index of the largest of p[0..4] (the most likely damage state; ties go to the lower state). */
export function mostLikelyState(p: ArrayLike<number>): 0 | 1 | 2 | 3 | 4 {
  let best = 0;
  for (let s = 1; s < 5; s++) if ((p[s] as number) > (p[best] as number)) best = s;
  return best as 0 | 1 | 2 | 3 | 4;
}

/** Height (m) from which a commercial tower is taken as a steel high-rise (超高层, > 100 m; assumption). */
export const STEEL_TOWER_HEIGHT_M = 100;

/**
 * Storeys of a building: its level count, else height (above its base) / the importer's storey height
 * (gis/tags.ts STOREY_HEIGHT_M) rounded, at least 1 — so a height derived from levels gives the levels back.
 */
export function storeys(levels: number, heightM: number): number {
  if (levels > 0) return levels;
  return Math.max(1, Math.round(heightM / STOREY_HEIGHT_M));
}

/** HAZUS height class from storeys (HAZUS-MH TM Table 3.1: low-rise 1–3, mid-rise 4–7, high-rise 8+). */
function heightClass(n: number): 0 | 1 | 2 {
  return n <= 3 ? 0 : n <= 7 ? 1 : 2;
}

/** A building's model type and design level (codes). */
export interface BuildingClass {
  readonly type: number;
  readonly code: number;
}

/**
 * Model building type and design level of a scene building. MODELLING ASSUMPTION for the Chinese urban stock (the
 * scene has no structural system or age; documented in docs/resilience.md):
 * - residential ≤ 2 storeys → URML pre-code (self-built brick houses, non-engineered);
 * - residential 3–7 storeys → RM2L/RM2M low-code (砖混 confined brick masonry with precast floors, closest HAZUS type);
 * - residential ≥ 8 storeys → C2H moderate-code (RC shear-wall towers);
 * - industrial/transport/utility ≤ 2 storeys → S3 moderate-code (light steel portal sheds);
 * - other uses: C1L/C1M by height, ≥ 8 storeys C2H (frame–shear wall), ≥ 100 m commercial S1H, moderate-code;
 * - education and health one level stronger (high-code): GB 50223-2008 puts schools and hospitals in 重点设防类 (乙类);
 * - moderate-code for engineered buildings: GB 50011 detailing at the intensities of the Yangtze delta (VI–VII),
 *   comparable to the HAZUS Moderate-Code band.
 */
export function classifyBuilding(levels: number, heightM: number, use: number): BuildingClass {
  const n = storeys(levels, heightM);
  const hc = heightClass(n);
  const engineered: CodeLevel =
    use === BuildingUse.education || use === BuildingUse.health ? CodeLevel.high : CodeLevel.moderate;
  if (use === BuildingUse.residential) {
    if (n <= 2) return { type: ModelTypeCode.URML, code: CodeLevel.pre };
    if (hc < 2) return { type: hc === 0 ? ModelTypeCode.RM2L : ModelTypeCode.RM2M, code: CodeLevel.low };
    return { type: ModelTypeCode.C2H, code: CodeLevel.moderate };
  }
  const shed = use === BuildingUse.industrial || use === BuildingUse.transport || use === BuildingUse.utility;
  if (shed && n <= 2) return { type: ModelTypeCode.S3, code: CodeLevel.moderate };
  if (use === BuildingUse.commercial && heightM >= STEEL_TOWER_HEIGHT_M) {
    return { type: ModelTypeCode.S1H, code: engineered };
  }
  const type = hc === 0 ? ModelTypeCode.C1L : hc === 1 ? ModelTypeCode.C1M : ModelTypeCode.C2H;
  return { type, code: engineered };
}
