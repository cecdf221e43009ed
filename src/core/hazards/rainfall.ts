/**
 * Design rain for the rainstorm hazard (内涝): the Chinese storm-intensity formula and the Chicago hyetograph.
 *
 * Storm-intensity formula (暴雨强度公式), the form used by GB 50014-2021《室外排水设计标准》 (chapter 4, 雨水量):
 *   q = 167·A₁(1 + C·lgP) / (t + b)ⁿ   L/(s·ha),   i = q / 167 = A₁(1 + C·lgP) / (t + b)ⁿ   mm/min
 * with P the return period (years) and t the duration (min). Parameters are each city's published ones (sources on
 * every entry of STORM_FORMULAS and in docs/resilience.md).
 *
 * Chicago hyetograph (Keifer & Chu 1957, "Synthetic storm pattern for drainage design", J. Hydraulics Div. ASCE
 * 83(HY4):1332): the design storm whose every window of length t centred on the peak holds exactly the IDF depth
 * D(t) = i(P, t)·t, the peak at r·T. In cumulative form, with tp = r·T:
 *   F(τ) = r·[D(T) − D((tp − τ)/r)]                 for τ ≤ tp
 *   F(τ) = r·D(T) + (1 − r)·D((τ − tp)/(1 − r))     for τ > tp
 * so F(0) = 0, F(T) = D(T), and each step's depth is F(end) − F(start): the hyetograph sums to D(T) exactly
 * (a telescoping sum) whatever the step.
 */
import type { RainSource, Text2 } from './types.ts';

/** A city's storm-intensity formula i = A(1 + C·lgP)/(t + b)ⁿ, i in mm/min, t in min, P in years. */
export interface StormFormula {
  readonly id: string;
  readonly name: Text2;
  /** A₁ in mm/min (the published q-form A divided by 167 where the source gives q in L/(s·ha)). */
  readonly A: number;
  readonly C: number;
  /** b in minutes. */
  readonly b: number;
  readonly n: number;
  readonly unit: 'mm/min';
  /** Where the parameters come from (standard / handbook, and how they were checked). */
  readonly source: string;
}

/** Litres per second per hectare in one mm/min: 10⁴ m² · 10⁻³ m / 60 s = 166.7 L/(s·ha); GB 50014 rounds to 167. */
export const Q_PER_MM_MIN = 167;

/**
 * Published storm-intensity formulas. Keys are the `formula` of a design RainSource.
 * - beijing: the classic Beijing formula q = 2001(1 + 0.811 lgP)/(t + 8)^0.711 L/(s·ha), as tabulated in
 *   《给水排水设计手册》第5册《城镇排水》(中国建筑工业出版社, 2nd ed. 2004) and the compilation 《我国若干城市暴雨强度公式》
 *   (checked against the copy in YYer-ai/swmm-copilot data/rainfall/classic.yaml). Beijing's newer DB11/T 969-2016
 *   (two zones, two duration bands) supersedes it for new design; its parameters could not be verified here (the
 *   secondary copies found disagree), so it is not included — see docs/resilience.md.
 * - shanghai: DB31/T 1043-2017《暴雨强度公式与设计雨型标准》(Shanghai), i = 9.581(1 + 0.846 lgP)/(t + 7.0)^0.656
 *   (q = 1600(1 + 0.846 lgP)/(t + 7.0)^0.656). Not checked against the standard's own text (secondary copies
 *   disagree on n; docs/resilience.md says how) — verify before using it for design.
 */
export const STORM_FORMULAS: Readonly<Record<string, StormFormula>> = {
  beijing: {
    id: 'beijing',
    name: { zh: '北京暴雨强度公式（经典式）', en: 'Beijing storm-intensity formula (classic)' },
    A: 2001 / Q_PER_MM_MIN,
    C: 0.811,
    b: 8,
    n: 0.711,
    unit: 'mm/min',
    source:
      'q = 2001(1+0.811lgP)/(t+8)^0.711 L/(s·ha): 《给水排水设计手册》第5册《城镇排水》(2004) / 《我国若干城市暴雨强度公式》',
  },
  shanghai: {
    id: 'shanghai',
    name: {
      zh: '上海暴雨强度公式（DB31/T 1043-2017）',
      en: 'Shanghai storm-intensity formula (DB31/T 1043-2017)',
    },
    A: 9.581,
    C: 0.846,
    b: 7.0,
    n: 0.656,
    unit: 'mm/min',
    source: 'i = 9.581(1+0.846lgP)/(t+7.0)^0.656 mm/min: DB31/T 1043-2017《暴雨强度公式与设计雨型标准》',
  },
};

/** Storm intensity i(P, t), mm/min (×60 for mm/h, ×167 for L/(s·ha)). Throws RangeError on P ≤ 0 or t < 0. */
export function stormIntensityMmMin(f: StormFormula, returnPeriodYears: number, durationMin: number): number {
  if (!(returnPeriodYears > 0)) throw new RangeError(`return period ${returnPeriodYears} years: must be > 0`);
  if (!(durationMin >= 0)) throw new RangeError(`duration ${durationMin} min: must be ≥ 0`);
  return (f.A * (1 + f.C * Math.log10(returnPeriodYears))) / Math.pow(durationMin + f.b, f.n);
}

/** IDF depth D(t) = i(P, t)·t, mm. */
export function stormDepthMm(f: StormFormula, returnPeriodYears: number, durationMin: number): number {
  return durationMin <= 0 ? 0 : stormIntensityMmMin(f, returnPeriodYears, durationMin) * durationMin;
}

/** Cumulative depth of the Chicago storm at `tMin` after onset (0 ≤ t ≤ T), mm (the F(τ) of the file header). */
export function chicagoCumulativeMm(
  f: StormFormula,
  returnPeriodYears: number,
  durationMin: number,
  peakRatio: number,
  tMin: number,
): number {
  const r = peakRatio;
  const t = Math.min(Math.max(tMin, 0), durationMin);
  const tp = r * durationMin;
  const total = stormDepthMm(f, returnPeriodYears, durationMin);
  if (t <= tp) return r * (total - stormDepthMm(f, returnPeriodYears, (tp - t) / r));
  return r * total + (1 - r) * stormDepthMm(f, returnPeriodYears, (t - tp) / (1 - r));
}

function checkChicago(durationMin: number, stepMin: number, peakRatio: number): void {
  if (!(durationMin > 0)) throw new RangeError(`duration ${durationMin} min: must be > 0`);
  if (!(stepMin > 0)) throw new RangeError(`step ${stepMin} min: must be > 0`);
  if (!(peakRatio > 0 && peakRatio < 1)) throw new RangeError(`peak ratio ${peakRatio}: must be in (0, 1)`);
}

/**
 * Chicago design hyetograph: mean intensity of each step, mm/h (ceil(T/step) steps; a last partial step is averaged
 * over its own length). Depth of step k = F(end) − F(start), so Σ depth = i(P, T)·T exactly.
 */
export function chicagoHyetograph(
  f: StormFormula,
  returnPeriodYears: number,
  durationMin: number,
  stepMin: number,
  peakRatio: number,
): Float64Array {
  checkChicago(durationMin, stepMin, peakRatio);
  const steps = Math.ceil(durationMin / stepMin - 1e-9);
  const out = new Float64Array(steps);
  let prev = 0;
  for (let k = 0; k < steps; k++) {
    const t1 = Math.min((k + 1) * stepMin, durationMin);
    const cum = chicagoCumulativeMm(f, returnPeriodYears, durationMin, peakRatio, t1);
    out[k] = ((cum - prev) / (t1 - k * stepMin)) * 60;
    prev = cum;
  }
  return out;
}

/**
 * Rain intensity of a source at `minutesSinceOnset`, mm/h; 0 before onset and after the end. A design storm gives the
 * mean intensity of the 1-minute Chicago step holding that minute (so a model stepping by whole minutes receives the
 * design depth exactly); a series gives the value of its step.
 */
export function rainAt(src: RainSource, minutesSinceOnset: number): number {
  const m = minutesSinceOnset;
  if (!(m >= 0)) return 0;
  switch (src.kind) {
    case 'design': {
      const T = src.durationMin;
      if (m >= T) return 0;
      const f = STORM_FORMULAS[src.formula];
      if (!f) return 0;
      const t0 = Math.floor(m);
      const t1 = Math.min(t0 + 1, T);
      const P = src.returnPeriodYears;
      const d1 = chicagoCumulativeMm(f, P, T, src.peakRatio, t1);
      const d0 = chicagoCumulativeMm(f, P, T, src.peakRatio, t0);
      return ((d1 - d0) / (t1 - t0)) * 60;
    }
    case 'series': {
      const k = Math.floor(m / src.stepMin);
      return k < src.mmH.length ? (src.mmH[k] ?? 0) : 0;
    }
    default: {
      const never: never = src;
      return never;
    }
  }
}

/** Duration of a rain source, minutes (a series: steps × step length). */
export function rainDurationMin(src: RainSource): number {
  switch (src.kind) {
    case 'design':
      return src.durationMin;
    case 'series':
      return src.mmH.length * src.stepMin;
    default: {
      const never: never = src;
      return never;
    }
  }
}

/** Total depth of a rain source, mm. */
export function rainTotalMm(src: RainSource): number {
  switch (src.kind) {
    case 'design': {
      const f = STORM_FORMULAS[src.formula];
      return f ? stormDepthMm(f, src.returnPeriodYears, src.durationMin) : 0;
    }
    case 'series': {
      let s = 0;
      for (const v of src.mmH) s += v;
      return (s * src.stepMin) / 60;
    }
    default: {
      const never: never = src;
      return never;
    }
  }
}
