/**
 * Dispatch arithmetic (pure, allocation-free): thermal merit order with minimum stable outputs and the import for
 * the rest, storage peak-shaving thresholds from a day's net-load forecast, and carbon accounting. docs/energy.md §5.
 */

/** Storage dispatch strategies. */
export const StorageStrategy = {
  peakShave: 'peakShave',
  selfConsumption: 'selfConsumption',
  off: 'off',
} as const;
export type StorageStrategy = (typeof StorageStrategy)[keyof typeof StorageStrategy];

/** Thermal units as the merit-order step sees them (parallel arrays, MW and CNY/MWh). */
export interface MeritUnits {
  readonly count: number;
  readonly minMw: Float64Array;
  readonly maxMw: Float64Array;
  readonly costPerMwh: Float64Array;
  /** Unit indices sorted by cost (ties by index): see {@link meritOrder}. */
  readonly order: Int32Array;
}

/** Unit indices sorted by ascending cost, ties by index (a stable merit order). */
export function meritOrder(costPerMwh: Float64Array): Int32Array {
  const idx = Array.from({ length: costPerMwh.length }, (_, i) => i);
  idx.sort((a, b) => costPerMwh[a]! - costPerMwh[b]! || a - b);
  return Int32Array.from(idx);
}

/** What the merit-order step decided. */
export interface MeritResult {
  importMw: number;
  unservedMw: number;
}

/**
 * Covers `residualMw` (demand left after renewables and storage) with thermal units in merit order, then the import
 * up to `importLimitMw`; writes unit outputs into `outMw` and returns the import and the unserved rest. A unit runs
 * between its minimum and maximum; when the residual left for it is below its minimum it stays off and the (flexible)
 * import takes that part, unless the import is exhausted — then the unit is started at its minimum and the import
 * backs off by the excess. Nothing runs for a residual ≤ 0.
 */
export function meritOrderDispatch(
  residualMw: number,
  units: MeritUnits,
  importLimitMw: number,
  outMw: Float64Array,
  out: MeritResult = { importMw: 0, unservedMw: 0 },
): MeritResult {
  let rem = residualMw;
  for (let k = 0; k < units.count; k++) {
    const i = units.order[k]!;
    let p = 0;
    if (rem > 0 && rem >= units.minMw[i]!) p = Math.min(units.maxMw[i]!, rem);
    outMw[i] = p;
    rem -= p;
  }
  let imp = Math.max(0, Math.min(rem, importLimitMw));
  rem -= imp;
  // Import exhausted: start the units that were left off for their minimum, cheapest first; the excess of a
  // minimum over what is missing backs off the import, then the dearest running units down to their minimums.
  for (let k = 0; k < units.count && rem > 1e-9; k++) {
    const i = units.order[k]!;
    if (outMw[i]! > 0 || units.maxMw[i]! <= 0) continue;
    const p = Math.min(units.maxMw[i]!, Math.max(units.minMw[i]!, rem));
    outMw[i] = p;
    let excess = Math.max(0, p - rem);
    rem = Math.max(0, rem - p);
    const back = Math.min(imp, excess);
    imp -= back;
    excess -= back;
    for (let j = units.count - 1; j >= 0 && excess > 0; j--) {
      const u = units.order[j]!;
      if (u === i || outMw[u]! <= 0) continue;
      const d = Math.min(excess, outMw[u]! - units.minMw[u]!);
      outMw[u] = outMw[u]! - d;
      excess -= d;
    }
  }
  out.importMw = imp;
  out.unservedMw = Math.max(0, rem);
  return out;
}

/**
 * Discharge level H for peak shaving: the storage, discharging min(P, N_t − H) whenever the net load N_t is above H,
 * delivers exactly its energy E over the day: Σ min(P, max(0, N_t − H))·Δt = E (the energy-limited flat top).
 * Bisection on H; +∞ when there is nothing to deliver, the lowest N_t when E exceeds everything above it.
 */
export function peakShaveThreshold(
  netLoadMw: Float64Array,
  dtH: number,
  energyMwh: number,
  powerMw: number,
  count = netLoadMw.length,
): number {
  if (count === 0 || !(energyMwh > 0) || !(powerMw > 0)) return Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < count; t++) {
    hi = Math.max(hi, netLoadMw[t]!);
    lo = Math.min(lo, netLoadMw[t]!);
  }
  const above = (h: number): number => {
    let e = 0;
    for (let t = 0; t < count; t++) e += Math.min(powerMw, Math.max(0, netLoadMw[t]! - h)) * dtH;
    return e;
  };
  if (above(lo) < energyMwh) return lo;
  // The highest level that still spends all the energy (where the power limit makes a range of levels spend the
  // same energy, the highest discharges latest into the peak).
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (above(mid) >= energyMwh) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Charge level V for valley filling: charging min(P, V − N_t) whenever the net load is below V stores exactly the
 * energy E the storage has room for: Σ min(P, max(0, V − N_t))·Δt = E. Bisection; −∞ when there is no room, the
 * highest N_t when even that does not fill it.
 */
export function valleyFillThreshold(
  netLoadMw: Float64Array,
  dtH: number,
  energyMwh: number,
  powerMw: number,
  count = netLoadMw.length,
): number {
  if (count === 0 || !(energyMwh > 0) || !(powerMw > 0)) return -Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < count; t++) {
    hi = Math.max(hi, netLoadMw[t]!);
    lo = Math.min(lo, netLoadMw[t]!);
  }
  const below = (v: number): number => {
    let e = 0;
    for (let t = 0; t < count; t++) e += Math.min(powerMw, Math.max(0, v - netLoadMw[t]!)) * dtH;
    return e;
  };
  if (below(hi) <= energyMwh) return hi;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (below(mid) < energyMwh) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Emission factors, tCO₂/MWh at the point of use (docs/energy.md §5). Grid import: the East China regional average
 * electricity CO₂ factor for 2022, 0.5617 (MEE & NBS, 关于发布2022年电力二氧化碳排放因子的公告, 2024-12); the
 * national average of the same announcement is 0.5366. Gas CCGT: IPCC 2006 Guidelines vol. 2 ch. 2 Table 2.2
 * natural-gas default 56 100 kg CO₂/TJ ÷ 52 % net efficiency × 3.6 GJ/MWh = 0.388 ≈ 0.39. PV, wind, storage: 0.
 */
export const EMISSION_FACTOR = {
  gridImportEastChina2022: 0.5617,
  gridNational2022: 0.5366,
  gasCcgt: 0.39,
  renewable: 0,
} as const;

/**
 * Carbon intensity of the served load, gCO₂/kWh: (import·f_import + Σ thermal_i·f_i) / served load. Storage and
 * renewables emit nothing at the point of use; energy that charges storage carries the emissions of the mix at
 * charging time and reaches the load later at zero, so storage losses raise the intensity. 0 for no served load.
 * (tCO₂/MWh = kgCO₂/kWh, hence ×1000 for g/kWh.)
 */
export function carbonIntensityGPerKwh(emissionsTPerH: number, servedLoadMw: number): number {
  return servedLoadMw > 0 ? (emissionsTPerH / servedLoadMw) * 1000 : 0;
}
