/**
 * The indicator system's configuration format (docs/indicators.md): a configuration has dimensions, a dimension has
 * indicators, an indicator has an input (a live KPI of the twin or a value entered as data), a normalisation to a
 * 0–100 score and an optional weight. Weights are either given for every sibling or for none (null = unpublished):
 * the evaluator never invents them.
 */

/** Text in both UI languages. */
export interface IxText {
  readonly zh: string;
  readonly en: string;
}

/** Where an indicator's value comes from. */
export type IndicatorInput =
  /** A live KPI of a domain plugin, `<domain>.<kpiId>` (src/domains/registry.ts). */
  | { readonly kind: 'live'; readonly kpi: string }
  /** A value entered as data (null = not entered yet), the date it refers to and where it comes from. */
  | {
      readonly kind: 'entered';
      readonly value: number | null;
      readonly asOf: string | null;
      readonly source: string | null;
    };

/** A point of a thresholds normalisation: at `value` the score is `score` (0–100). */
export interface ThresholdPoint {
  readonly value: number;
  readonly score: number;
}

/**
 * How a raw value becomes a 0–100 score (formulas in docs/indicators.md §Normalisation). `basis` says where the
 * anchors come from: a standard or publication, or "project choice: …".
 */
export type Normalisation =
  /** 100·clamp((v − worst)/(best − worst), 0, 1); best may be below worst (lower is better). */
  | { readonly kind: 'minmax'; readonly worst: number; readonly best: number; readonly basis: string }
  /**
   * Distance to a target: 100·clamp(1 − |v − target| / |worst − target|, 0, 1); when oneSided, values on the far
   * side of the target from `worst` (target met or beaten) score 100.
   */
  | {
      readonly kind: 'target';
      readonly target: number;
      readonly worst: number;
      readonly oneSided: boolean;
      readonly basis: string;
    }
  /**
   * Bands: points ascending by value; 'linear' interpolates between them, 'step' takes the score of the last point at
   * or below the value; outside the points the nearest end's score.
   */
  | {
      readonly kind: 'thresholds';
      readonly points: readonly ThresholdPoint[];
      readonly interpolation: 'linear' | 'step';
      readonly basis: string;
    };

/** One indicator. */
export interface IndicatorDef {
  readonly id: string;
  readonly name: IxText;
  /** Unit as displayed ('' for an index or a count). */
  readonly unit: string;
  readonly input: IndicatorInput;
  readonly normalisation: Normalisation;
  /** Relative weight within its dimension, or null when unpublished (then all siblings are null). */
  readonly weight: number | null;
}

/** One dimension (a radar axis). */
export interface DimensionDef {
  readonly id: string;
  readonly name: IxText;
  /** Relative weight in the overall score, or null when unpublished (then all dimensions are null). */
  readonly weight: number | null;
  /** Target score, 0–100, or null when none is set (no gap is shown). */
  readonly target: number | null;
  readonly indicators: readonly IndicatorDef[];
}

/** Kinds of source of a configuration. */
export const SOURCE_KINDS = ['publication', 'projectChoice', 'notLocated'] as const;
/** publication: defined by a publication; projectChoice: this project's configuration; notLocated: see note. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where a configuration comes from. */
export interface ConfigSource {
  readonly kind: SourceKind;
  /** Author/organisation, year, title — or what was searched when not located. */
  readonly citation: string;
  readonly url: string | null;
  readonly note: IxText;
}

/** A whole configuration (one file in scenes/indicators). */
export interface IndicatorConfig {
  readonly id: string;
  readonly name: IxText;
  readonly source: ConfigSource;
  readonly dimensions: readonly DimensionDef[];
  /** What the weights are and where they come from (or that they are unpublished). */
  readonly weightsNote: IxText;
}

/** One entry of scenes/indicators/index.json. */
export interface IndicatorIndexEntry {
  readonly id: string;
  readonly file: string;
  readonly name: IxText;
  /** True when the configuration reads live KPIs (the panel re-evaluates it at ≤ 1 Hz). */
  readonly live: boolean;
}

/** A precise parse error: which file, where in it (JSON path) and why. */
export interface IndicatorParseError {
  readonly file: string;
  readonly path: string;
  readonly reason: string;
}
