/**
 * Earthquake scenario model (issue 5): epicentre + moment magnitude → peak ground acceleration at every building from a
 * published ground-motion model → HAZUS damage-state probabilities from PGA fragility curves (fragility.ts) → expected
 * damage-state counts, indoor casualties by HAZUS severity, displaced residents and short-term shelter demand, per
 * district and city-wide. Pure, deterministic, typed arrays; 200,000 buildings in well under a second
 * (bench/quakeBench.ts). docs/resilience.md "Earthquake" lists every equation and coefficient with its source.
 *
 * Ground motion: Boore, Joyner & Fumal (1997), "Equations for estimating horizontal response spectra and peak
 * acceleration from western North American earthquakes: a summary of recent work", Seismological Research Letters
 * 68(1), 128–153, eq. 1–2 with the PGA row of Table 8:
 *   ln Y = b1 + b2 (M − 6) + b3 (M − 6)² + b5 ln r + bV ln(VS / VA),   r = √(rjb² + h²),   Y = PGA in g.
 * Coefficients verified against OpenQuake hazardlib `gsim/boore_1997.py` (COEFFS "from values in Table 8") and
 * USGS nshmp-haz `BooreEtAl_1997.java`; the unit test reproduces OpenQuake's verification table
 * `tests/gsim/data/BJF1997/BJF97_UNC_Arb_MEAN.csv` (generated from J. Baker's MATLAB implementation).
 */
import { ringCentroid } from '../gis/polygon.ts';
import { BuildingRole, BuildingUse, NO_INDEX } from '../scene/types.ts';
import type { CityModel } from '../scene/types.ts';
import { locatePoints } from '../traffic/cityNetwork.ts';
import {
  CODE_LEVEL_COUNT,
  COLLAPSE_SHARE,
  INDOOR_CASUALTY_PCT,
  LN_MEDIAN,
  MODEL_TYPES,
  MODEL_TYPE_COUNT,
  PGA_BETA,
  classifyBuilding,
  normalCdf,
  storeys,
} from './fragility.ts';

/** BJF97 PGA coefficients (Table 8, row "pga"). VA and VS in m/s, h in km; σ_lnY total (random component). */
export const BJF97_PGA = {
  b1ss: -0.313,
  b1rv: -0.117,
  b1all: -0.242,
  b2: 0.527,
  b3: 0,
  b5: -0.778,
  bV: -0.371,
  vaMS: 1396,
  hKm: 5.57,
  sigmaLnY: 0.495,
} as const;

/** Fault mechanisms BJF97 distinguishes (b1ss strike-slip, b1rv reverse, b1all unspecified). */
export const FAULT_MECHANISMS = ['unspecified', 'strikeSlip', 'reverse'] as const;
export type FaultMechanism = (typeof FAULT_MECHANISMS)[number];

/**
 * Default site: VS30 = 360 m/s, inside China's site class II (GB 50011-2010 §4.1.6: 500 ≥ vse > 250 m/s with ≥ 5 m of
 * overburden — the commonest urban class) and the NEHRP C/D boundary. Modelling assumption for scenes without a site map.
 */
export const DEFAULT_VS30_MS = 360;

/** BJF97 constant term b1 of a mechanism. */
function b1Of(mechanism: FaultMechanism): number {
  switch (mechanism) {
    case 'unspecified':
      return BJF97_PGA.b1all;
    case 'strikeSlip':
      return BJF97_PGA.b1ss;
    case 'reverse':
      return BJF97_PGA.b1rv;
    default: {
      const never: never = mechanism;
      throw new RangeError(`unknown fault mechanism ${String(never)}`);
    }
  }
}

/**
 * Median peak ground acceleration, g (geometric mean of the horizontals), from Boore, Joyner & Fumal (1997) eq. 1–2,
 * Table 8: moment magnitude, Joyner–Boore distance rjb (km, closest distance to the surface projection of the rupture;
 * the epicentral distance for a point source), VS30 (m/s) and fault mechanism. Valid for M 5.5–7.5, rjb ≤ 80 km
 * (extrapolated outside).
 */
export function pgaG(
  magnitude: number,
  rjbKm: number,
  vs30MS: number = DEFAULT_VS30_MS,
  mechanism: FaultMechanism = 'unspecified',
): number {
  if (!Number.isFinite(magnitude)) throw new RangeError(`pgaG: magnitude ${magnitude} is not finite`);
  if (!(rjbKm >= 0)) throw new RangeError(`pgaG: distance ${rjbKm} km must be ≥ 0`);
  if (!(vs30MS > 0)) throw new RangeError(`pgaG: VS30 ${vs30MS} m/s must be > 0`);
  const c = BJF97_PGA;
  const dm = magnitude - 6;
  const r = Math.sqrt(rjbKm * rjbKm + c.hKm * c.hKm);
  return Math.exp(
    b1Of(mechanism) + c.b2 * dm + c.b3 * dm * dm + c.b5 * Math.log(r) + c.bV * Math.log(vs30MS / c.vaMS),
  );
}

/**
 * Modified Mercalli intensity from PGA (g) by Wald, Quitoriano, Heaton & Kanamori (1999, Earthquake Spectra 15(3)):
 * I = 3.66 log10(PGA) − 1.66 for log10(PGA) ≥ 1.82, else 2.20 log10(PGA) + 1.00, PGA in cm/s², clipped to I…X
 * (constants as in USGS shakelib gmice/wald99.py).
 */
export function mmiFromPgaG(pga: number): number {
  if (!(pga > 0)) return 1;
  const l = Math.log10(pga * 981);
  const mmi = l >= 1.82 ? 3.66 * l - 1.66 : 2.2 * l + 1.0;
  return Math.min(10, Math.max(1, mmi));
}

/** An earthquake scenario: epicentre (local metres), moment magnitude, hypocentral depth (km). */
export interface QuakeScenario {
  readonly x: number;
  readonly y: number;
  readonly magnitude: number;
  readonly depthKm: number;
}

/** Options of assessEarthquake. */
export interface QuakeOptions {
  /** Site VS30, m/s (default DEFAULT_VS30_MS). */
  readonly vs30MS?: number;
  readonly mechanism?: FaultMechanism;
  /** Residents per building (exposure.ts residentsOf) for displacement; default: occupants of residential buildings. */
  readonly residents?: Float32Array;
  /** Share of displaced people who need public short-term shelter (default SHELTER_SHARE). */
  readonly shelterShare?: number;
}

/**
 * Share of a residential building's units made uninhabitable by each damage state (none, slight, moderate, extensive,
 * complete), for single-family (≤ 2 storeys) and multi-family buildings: the default damage-state weights of the HAZUS
 * shelter model (HAZUS-MH TM ch. 14, eq. 14-1: single-family 0/0/1 and multi-family 0/0.9/1 for
 * moderate/extensive/complete). These weights are quoted from the manual's defaults and could not be re-verified against
 * a machine-readable copy in this repository's sources — treat them as documented assumptions.
 */
export const UNINHABITABLE_SF: readonly number[] = [0, 0, 0, 0, 1];
export const UNINHABITABLE_MF: readonly number[] = [0, 0, 0, 0.9, 1];
/**
 * Share of displaced residents who seek public short-term shelter. HAZUS scales this by income, ethnicity, ownership and
 * age (TM eq. 14-2), which the scene does not carry; MODELLING ASSUMPTION: 1 — every displaced resident is planned for
 * (Chinese emergency-shelter planning sizes shelters for the whole displaced population).
 */
export const SHELTER_SHARE = 1;

/** Damage totals of one district (zone of level 0). Expected values. */
export interface QuakeDistrictDamage {
  readonly zone: number;
  readonly damageStates: [number, number, number, number, number];
  readonly displacedPeople: number;
  readonly casualties: [number, number, number, number];
  readonly shelterDemand: number;
  readonly maxPgaG: number;
}

/** Result of assessEarthquake: per-building arrays and the expected totals (QuakeSummary minus hazardId). */
export interface QuakeDamage {
  /** Median PGA at each building's centroid, g. */
  readonly pgaG: Float32Array;
  /** Most likely damage state per building: 0 none, 1 slight, 2 moderate, 3 extensive, 4 complete. */
  readonly damageState: Uint8Array;
  /** P[DS ≥ moderate] and P[DS = complete] per building. */
  readonly pAtLeastModerate: Float32Array;
  readonly pComplete: Float32Array;
  /** Expected buildings per damage state (outline records whose parts carry the volume are not counted). */
  readonly damageStates: [number, number, number, number, number];
  readonly displacedPeople: number;
  /** Expected indoor casualties, HAZUS severity 1 (first aid) … 4 (killed). */
  readonly casualties: [number, number, number, number];
  readonly shelterDemand: number;
  readonly maxPgaG: number;
  /** Per district (zones of level 0, in zone order). */
  readonly byDistrict: QuakeDistrictDamage[];
}

/** Per-city data the model needs, computed once per CityModel. */
interface QuakeCityIndex {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly type: Uint8Array;
  readonly code: Uint8Array;
  /** 0 not residential, 1 single-family (≤ 2 storeys), 2 multi-family. */
  readonly housing: Uint8Array;
  /** 1 = outline whose parts carry the volume (not counted in totals). */
  readonly skip: Uint8Array;
  /** Position of the building's district in `districts`, or −1. */
  readonly districtSlot: Int32Array;
  /** Zone indices of level 0. */
  readonly districts: readonly number[];
}
const cityIndexCache = new WeakMap<CityModel, QuakeCityIndex>();

/** Building centroids (area centroid of the outer ring), local metres. */
function centroids(city: CityModel): { x: Float64Array; y: Float64Array } {
  const b = city.buildings;
  const x = new Float64Array(b.count);
  const y = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const r = b.polyStart[i] as number;
    const [cx, cy] = ringCentroid(b.xy, 2 * (b.ringStart[r] as number), 2 * (b.ringStart[r + 1] as number));
    x[i] = cx;
    y[i] = cy;
  }
  return { x, y };
}

/** Zone indices of level 0 (districts) and each building's slot among them (−1 outside every district). */
export function buildingDistrictSlots(
  city: CityModel,
  x: Float64Array,
  y: Float64Array,
): { districts: number[]; slot: Int32Array } {
  const districts: number[] = [];
  for (let z = 0; z < city.zones.count; z++) if (city.zones.level[z] === 0) districts.push(z);
  const n = city.buildings.count;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = x[i] as number;
    xy[2 * i + 1] = y[i] as number;
  }
  const loc =
    districts.length > 0 ? locatePoints(city.zones, districts, xy, n) : new Uint32Array(n).fill(NO_INDEX);
  const slot = new Int32Array(n);
  for (let i = 0; i < n; i++) slot[i] = loc[i] === NO_INDEX ? -1 : (loc[i] as number);
  return { districts, slot };
}

/** The cached per-city index (centroids, model types, housing kind, district slots). */
export function quakeCityIndex(city: CityModel): QuakeCityIndex {
  const hit = cityIndexCache.get(city);
  if (hit) return hit;
  const b = city.buildings;
  const n = b.count;
  const { x, y } = centroids(city);
  const type = new Uint8Array(n);
  const code = new Uint8Array(n);
  const housing = new Uint8Array(n);
  const skip = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const h = (b.heightM[i] as number) - (b.minHeightM[i] as number);
    const use = b.use[i] as number;
    const c = classifyBuilding(b.levels[i] as number, h, use);
    type[i] = c.type;
    code[i] = c.code;
    if (use === BuildingUse.residential) housing[i] = storeys(b.levels[i] as number, h) <= 2 ? 1 : 2;
    if (b.role !== undefined && b.role[i] === BuildingRole.outline) skip[i] = 1;
  }
  const { districts, slot } = buildingDistrictSlots(city, x, y);
  const idx: QuakeCityIndex = { x, y, type, code, housing, skip, districtSlot: slot, districts };
  cityIndexCache.set(city, idx);
  return idx;
}

/** Casualty rates as fractions, per type: [slight, moderate, extensive, complete, collapse] × 4 severities. */
const CASUALTY_FRACTION: Float64Array = (() => {
  const a = new Float64Array(MODEL_TYPE_COUNT * 20);
  MODEL_TYPES.forEach((t, ti) => {
    INDOOR_CASUALTY_PCT[t].forEach((row, s) => {
      for (let k = 0; k < 4; k++) a[ti * 20 + s * 4 + k] = (row[k] as number) / 100;
    });
  });
  return a;
})();
const COLLAPSE: Float64Array = Float64Array.from(MODEL_TYPES.map((t) => COLLAPSE_SHARE[t]));

/** Allocates per-building arrays for a city of `n` buildings (pass as `out` to reuse them). */
export function createQuakeDamage(n: number): QuakeDamage {
  return {
    pgaG: new Float32Array(n),
    damageState: new Uint8Array(n),
    pAtLeastModerate: new Float32Array(n),
    pComplete: new Float32Array(n),
    damageStates: [0, 0, 0, 0, 0],
    displacedPeople: 0,
    casualties: [0, 0, 0, 0],
    shelterDemand: 0,
    maxPgaG: 0,
    byDistrict: [],
  };
}

/**
 * Assesses an earthquake scenario over every building: PGA (BJF97 median at the centroid, rjb = epicentral distance —
 * point source; the hypocentral depth is validated but BJF97 does not use it, its fictitious depth h = 5.57 km is a
 * regression constant), HAZUS damage-state probabilities, the most likely state, and the expected totals: buildings per
 * state, indoor casualties (occupants × Σ P(ds) × rate; Complete split into collapse / no collapse), displaced residents
 * (HAZUS uninhabitable-unit weights) and shelter demand, per district and city-wide. `occupants` = people in each
 * building now (exposure.ts occupantsAt). `out` (createQuakeDamage) is reused when given.
 */
export function assessEarthquake(
  city: CityModel,
  q: QuakeScenario,
  occupants: Float32Array,
  out?: QuakeDamage,
  opts: QuakeOptions = {},
): QuakeDamage {
  const n = city.buildings.count;
  if (!Number.isFinite(q.x) || !Number.isFinite(q.y)) {
    throw new RangeError(`assessEarthquake: epicentre (${q.x}, ${q.y}) is not finite`);
  }
  if (!Number.isFinite(q.magnitude) || q.magnitude <= 0 || q.magnitude > 10) {
    throw new RangeError(`assessEarthquake: magnitude ${q.magnitude} is outside (0, 10]`);
  }
  if (!(q.depthKm >= 0 && q.depthKm <= 700)) {
    throw new RangeError(`assessEarthquake: depth ${q.depthKm} km is outside 0..700`);
  }
  if (occupants.length < n) {
    throw new RangeError(
      `assessEarthquake: occupants has ${occupants.length} entries, the city has ${n} buildings`,
    );
  }
  const residents = opts.residents;
  if (residents !== undefined && residents.length < n) {
    throw new RangeError(
      `assessEarthquake: residents has ${residents.length} entries, the city has ${n} buildings`,
    );
  }
  const shelterShare = opts.shelterShare ?? SHELTER_SHARE;
  if (!(shelterShare >= 0 && shelterShare <= 1)) {
    throw new RangeError(`assessEarthquake: shelterShare ${shelterShare} is outside 0..1`);
  }
  const o = out ?? createQuakeDamage(n);
  if (
    o.pgaG.length < n ||
    o.damageState.length < n ||
    o.pComplete.length < n ||
    o.pAtLeastModerate.length < n
  ) {
    throw new RangeError(`assessEarthquake: out arrays are shorter than the ${n} buildings`);
  }
  const idx = quakeCityIndex(city);
  const vs30 = opts.vs30MS ?? DEFAULT_VS30_MS;
  if (!(vs30 > 0)) throw new RangeError(`assessEarthquake: VS30 ${vs30} m/s must be > 0`);
  const c = BJF97_PGA;
  const dm = q.magnitude - 6;
  // Everything in ln Y but the distance term, once per scenario.
  const lnConst =
    b1Of(opts.mechanism ?? 'unspecified') + c.b2 * dm + c.b3 * dm * dm + c.bV * Math.log(vs30 / c.vaMS);
  const h2 = c.hKm * c.hKm;
  const invBeta = 1 / PGA_BETA;

  const nd = idx.districts.length;
  // Per district: 5 states, displaced, 4 casualty severities, max PGA → stride 11.
  const acc = new Float64Array((nd + 1) * 11);
  const CITY = nd; // last slot accumulates the city total
  for (let i = 0; i < n; i++) {
    const dx = ((idx.x[i] as number) - q.x) / 1000;
    const dy = ((idx.y[i] as number) - q.y) / 1000;
    // ln PGA = const + b5 · ln √(rjb² + h²) = const + (b5 / 2) · ln(rjb² + h²).
    const lnPga = lnConst + 0.5 * c.b5 * Math.log(dx * dx + dy * dy + h2);
    const pga = Math.exp(lnPga);
    o.pgaG[i] = pga;
    const t = idx.type[i] as number;
    const base = (t * CODE_LEVEL_COUNT + (idx.code[i] as number)) * 4;
    const e1 = normalCdf((lnPga - (LN_MEDIAN[base] as number)) * invBeta);
    const e2 = normalCdf((lnPga - (LN_MEDIAN[base + 1] as number)) * invBeta);
    const e3 = normalCdf((lnPga - (LN_MEDIAN[base + 2] as number)) * invBeta);
    const e4 = normalCdf((lnPga - (LN_MEDIAN[base + 3] as number)) * invBeta);
    const p0 = 1 - e1;
    const p1 = e1 - e2;
    const p2 = e2 - e3;
    const p3 = e3 - e4;
    const p4 = e4;
    // Most likely state (ties → lower state).
    let ds = 0;
    let best = p0;
    if (p1 > best) {
      ds = 1;
      best = p1;
    }
    if (p2 > best) {
      ds = 2;
      best = p2;
    }
    if (p3 > best) {
      ds = 3;
      best = p3;
    }
    if (p4 > best) ds = 4;
    o.damageState[i] = ds;
    o.pAtLeastModerate[i] = e2;
    o.pComplete[i] = p4;
    if (idx.skip[i] === 1) continue;

    const people = occupants[i] as number;
    const cr = t * 20;
    const pc = COLLAPSE[t] as number;
    const p4n = p4 * (1 - pc);
    const p4c = p4 * pc;
    const housing = idx.housing[i] as number;
    let displaced = 0;
    if (housing !== 0) {
      const w = housing === 1 ? UNINHABITABLE_SF : UNINHABITABLE_MF;
      const res = residents !== undefined ? (residents[i] as number) : people;
      displaced =
        res * ((w[1] as number) * p1 + (w[2] as number) * p2 + (w[3] as number) * p3 + (w[4] as number) * p4);
    }
    const slot = idx.districtSlot[i] as number;
    for (let pass = 0; pass < 2; pass++) {
      const a = (pass === 0 ? CITY : slot) * 11;
      acc[a] = (acc[a] as number) + p0;
      acc[a + 1] = (acc[a + 1] as number) + p1;
      acc[a + 2] = (acc[a + 2] as number) + p2;
      acc[a + 3] = (acc[a + 3] as number) + p3;
      acc[a + 4] = (acc[a + 4] as number) + p4;
      acc[a + 5] = (acc[a + 5] as number) + displaced;
      if (people > 0) {
        for (let k = 0; k < 4; k++) {
          const rate =
            p1 * (CASUALTY_FRACTION[cr + k] as number) +
            p2 * (CASUALTY_FRACTION[cr + 4 + k] as number) +
            p3 * (CASUALTY_FRACTION[cr + 8 + k] as number) +
            p4n * (CASUALTY_FRACTION[cr + 12 + k] as number) +
            p4c * (CASUALTY_FRACTION[cr + 16 + k] as number);
          acc[a + 6 + k] = (acc[a + 6 + k] as number) + people * rate;
        }
      }
      if (pga > (acc[a + 10] as number)) acc[a + 10] = pga;
      if (slot < 0) break;
    }
  }
  const total = (a: number): QuakeDistrictDamage => ({
    zone: -1,
    damageStates: [acc[a]!, acc[a + 1]!, acc[a + 2]!, acc[a + 3]!, acc[a + 4]!],
    displacedPeople: acc[a + 5]!,
    casualties: [acc[a + 6]!, acc[a + 7]!, acc[a + 8]!, acc[a + 9]!],
    shelterDemand: acc[a + 5]! * shelterShare,
    maxPgaG: acc[a + 10]!,
  });
  const city$ = total(CITY * 11);
  const byDistrict: QuakeDistrictDamage[] = idx.districts.map((zone, k) => ({ ...total(k * 11), zone }));
  return {
    pgaG: o.pgaG,
    damageState: o.damageState,
    pAtLeastModerate: o.pAtLeastModerate,
    pComplete: o.pComplete,
    damageStates: city$.damageStates,
    displacedPeople: city$.displacedPeople,
    casualties: city$.casualties,
    shelterDemand: city$.shelterDemand,
    maxPgaG: city$.maxPgaG,
    byDistrict,
  };
}
