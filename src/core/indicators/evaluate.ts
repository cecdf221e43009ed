/**
 * Evaluates an indicator configuration: each indicator's value (live KPI or entered) → 0–100 score by its
 * normalisation; each dimension's score = weighted mean of its indicators' scores (or the unweighted mean, labelled
 * so, when weights are unpublished); overall likewise over dimensions; gap to target per dimension. Pure: the live
 * values come from `readLive`. A value that is missing is "no data" / "not entered" and is left out of the means
 * (the coverage says how many counted) — never scored as zero. Formulas: docs/indicators.md.
 */
import type { IndicatorConfig, IndicatorDef, Normalisation } from './types.ts';

/** Why an indicator has no score: a live KPI with no value yet, or an entered value that is null. */
export type IndicatorStatus = 'ok' | 'noData' | 'notEntered';

/** How a mean was taken: with the declared weights, unweighted (weights unpublished), or none (no data at all). */
export type Aggregation = 'weighted' | 'unweighted' | 'none';

/** One indicator's result. */
export interface IndicatorResult {
  readonly id: string;
  readonly def: IndicatorDef;
  readonly status: IndicatorStatus;
  /** Raw value in the indicator's unit, null when missing. */
  readonly value: number | null;
  /** 0–100, null when missing. */
  readonly score: number | null;
}

/** One dimension's result. */
export interface DimensionResult {
  readonly id: string;
  /** 0–100, null when none of its indicators has a value. */
  readonly score: number | null;
  readonly aggregation: Aggregation;
  readonly target: number | null;
  /** target − score (> 0: short of the target), null without a score or a target. */
  readonly gap: number | null;
  /** Indicators with a value / all indicators. */
  readonly withData: number;
  readonly total: number;
  readonly indicators: readonly IndicatorResult[];
}

/** A configuration's result. */
export interface Evaluation {
  readonly configId: string;
  readonly overall: number | null;
  readonly overallAggregation: Aggregation;
  /** Dimensions with a score / all dimensions. */
  readonly withData: number;
  readonly dimensions: readonly DimensionResult[];
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The 0–100 score of a raw value under a normalisation (NaN in → NaN out). */
export function normalise(v: number, n: Normalisation): number {
  switch (n.kind) {
    case 'minmax':
      return 100 * clamp01((v - n.worst) / (n.best - n.worst));
    case 'target': {
      // Met or beaten on a one-sided target: v lies on the far side of the target from `worst`.
      if (n.oneSided && (v - n.target) * (n.worst - n.target) <= 0) return 100;
      return 100 * clamp01(1 - Math.abs(v - n.target) / Math.abs(n.worst - n.target));
    }
    case 'thresholds': {
      const p = n.points;
      const first = p[0];
      const last = p[p.length - 1];
      if (!first || !last || Number.isNaN(v)) return Number.NaN;
      if (v <= first.value) return first.score;
      if (v >= last.value) return last.score;
      for (let i = 1; i < p.length; i++) {
        const b = p[i] as (typeof p)[number];
        if (v < b.value) {
          const a = p[i - 1] as (typeof p)[number];
          if (n.interpolation === 'step') return a.score;
          return a.score + ((v - a.value) / (b.value - a.value)) * (b.score - a.score);
        }
      }
      return last.score;
    }
    default: {
      const never: never = n;
      return never;
    }
  }
}

/**
 * Mean of the scores that exist: weighted by `weights` when every weight is a number, else unweighted; the weights of
 * missing items are left out (renormalised over the items with data).
 */
export function meanOfAvailable(
  scores: readonly (number | null)[],
  weights: readonly (number | null)[],
): { value: number | null; aggregation: Aggregation; count: number } {
  const weighted = weights.length > 0 && weights.every((w) => w !== null);
  let sum = 0;
  let wsum = 0;
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === null || s === undefined || Number.isNaN(s)) continue;
    const w = weighted ? (weights[i] as number) : 1;
    sum += w * s;
    wsum += w;
    count++;
  }
  if (count === 0) return { value: null, aggregation: 'none', count };
  // All present items weigh 0 (possible when only zero-weight items have data): no weighted mean exists.
  if (wsum === 0) return { value: null, aggregation: 'none', count };
  return { value: sum / wsum, aggregation: weighted ? 'weighted' : 'unweighted', count };
}

function indicatorResult(def: IndicatorDef, readLive: (kpi: string) => number | null): IndicatorResult {
  const inp = def.input;
  let value: number | null;
  let missing: IndicatorStatus;
  switch (inp.kind) {
    case 'live':
      value = readLive(inp.kpi);
      missing = 'noData';
      break;
    case 'entered':
      value = inp.value;
      missing = 'notEntered';
      break;
    default: {
      const never: never = inp;
      return never;
    }
  }
  if (value === null || !Number.isFinite(value)) {
    return { id: def.id, def, status: missing, value: null, score: null };
  }
  return { id: def.id, def, status: 'ok', value, score: normalise(value, def.normalisation) };
}

/** Evaluates a configuration with live KPI values from `readLive('<domain>.<kpiId>')` (null = no value now). */
export function evaluate(config: IndicatorConfig, readLive: (kpi: string) => number | null): Evaluation {
  const dimensions: DimensionResult[] = config.dimensions.map((d) => {
    const indicators = d.indicators.map((i) => indicatorResult(i, readLive));
    const m = meanOfAvailable(
      indicators.map((r) => r.score),
      d.indicators.map((i) => i.weight),
    );
    return {
      id: d.id,
      score: m.value,
      aggregation: m.aggregation,
      target: d.target,
      gap: m.value === null || d.target === null ? null : d.target - m.value,
      withData: m.count,
      total: indicators.length,
      indicators,
    };
  });
  const o = meanOfAvailable(
    dimensions.map((d) => d.score),
    config.dimensions.map((d) => d.weight),
  );
  return {
    configId: config.id,
    overall: o.value,
    overallAggregation: o.aggregation,
    withData: o.count,
    dimensions,
  };
}
