/**
 * Parses an indicator configuration (scenes/indicators/<id>.json) and the index file from `unknown` into typed
 * configurations, collecting every problem as {file, path, reason} (DESIGN.md rule 5: validate at the edge, never
 * crash). Rules beyond the shapes: ids unique among siblings; weights all given or all null among siblings (never
 * mixed: a missing weight is never invented); thresholds ascending; minmax best ≠ worst; scores and targets 0–100.
 */
import type {
  ConfigSource,
  DimensionDef,
  IndicatorConfig,
  IndicatorDef,
  IndicatorIndexEntry,
  IndicatorInput,
  IndicatorParseError,
  IxText,
  Normalisation,
  ThresholdPoint,
} from './types.ts';
import { SOURCE_KINDS } from './types.ts';

/** A parse result: the value, or every error found. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly IndicatorParseError[] };

/** Accumulates errors for one file. */
class Ctx {
  readonly errors: IndicatorParseError[] = [];
  constructor(readonly file: string) {}
  fail(path: string, reason: string): null {
    this.errors.push({ file: this.file, path, reason });
    return null;
  }
}

const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const KPI_RE = /^[a-z][A-Za-z0-9_-]*\.[A-Za-z][A-Za-z0-9_-]*$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(c: Ctx, v: unknown, path: string): Record<string, unknown> | null {
  return isObj(v) ? v : c.fail(path, `expected an object, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v;
}

function str(
  c: Ctx,
  o: Record<string, unknown>,
  key: string,
  path: string,
  allowEmpty = false,
): string | null {
  const v = o[key];
  if (typeof v !== 'string') return c.fail(`${path}.${key}`, `expected a string, got ${describe(v)}`);
  if (!allowEmpty && v.trim() === '') return c.fail(`${path}.${key}`, 'must not be empty');
  return v;
}

function strOrNull(c: Ctx, o: Record<string, unknown>, key: string, path: string): string | null | undefined {
  const v = o[key];
  if (v === null) return null;
  if (typeof v === 'string' && v.trim() !== '') return v;
  c.fail(`${path}.${key}`, `expected a non-empty string or null, got ${describe(v)}`);
  return undefined;
}

function num(c: Ctx, o: Record<string, unknown>, key: string, path: string): number | null {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return c.fail(`${path}.${key}`, `expected a finite number, got ${describe(v)}`);
  }
  return v;
}

function score(c: Ctx, o: Record<string, unknown>, key: string, path: string): number | null {
  const v = num(c, o, key, path);
  if (v === null) return null;
  if (v < 0 || v > 100) return c.fail(`${path}.${key}`, `a score must be within 0–100, got ${v}`);
  return v;
}

/** A weight: a non-negative finite number, or null (unpublished); `undefined` when invalid. */
function weight(c: Ctx, o: Record<string, unknown>, path: string): number | null | undefined {
  if (!('weight' in o)) {
    c.fail(`${path}.weight`, 'missing: give a number, or null when the weight is unpublished');
    return undefined;
  }
  const v = o.weight;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    c.fail(`${path}.weight`, `expected a non-negative number or null, got ${describe(v)}`);
    return undefined;
  }
  return v;
}

function text2(c: Ctx, v: unknown, path: string): IxText | null {
  const o = obj(c, v, path);
  if (!o) return null;
  const zh = str(c, o, 'zh', path);
  const en = str(c, o, 'en', path);
  return zh !== null && en !== null ? { zh, en } : null;
}

function id(c: Ctx, o: Record<string, unknown>, path: string, seen: Set<string>): string | null {
  const v = str(c, o, 'id', path);
  if (v === null) return null;
  if (!ID_RE.test(v))
    return c.fail(`${path}.id`, `"${v}" is not an id (a letter, then letters, digits, _ or -)`);
  if (seen.has(v)) return c.fail(`${path}.id`, `duplicate id "${v}"`);
  seen.add(v);
  return v;
}

function array(c: Ctx, o: Record<string, unknown>, key: string, path: string): unknown[] | null {
  const v = o[key];
  return Array.isArray(v) ? v : c.fail(`${path}.${key}`, `expected an array, got ${describe(v)}`);
}

function input(c: Ctx, v: unknown, path: string): IndicatorInput | null {
  const o = obj(c, v, path);
  if (!o) return null;
  switch (o.kind) {
    case 'live': {
      const kpi = str(c, o, 'kpi', path);
      if (kpi === null) return null;
      if (!KPI_RE.test(kpi)) return c.fail(`${path}.kpi`, `"${kpi}" is not of the form <domain>.<kpiId>`);
      return { kind: 'live', kpi };
    }
    case 'entered': {
      if (!('value' in o)) return c.fail(`${path}.value`, 'missing: give a number, or null when not entered');
      const value = o.value;
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        return c.fail(
          `${path}.value`,
          `expected a finite number or null (not entered), got ${describe(value)}`,
        );
      }
      const asOf = strOrNull(c, o, 'asOf', path);
      const source = strOrNull(c, o, 'source', path);
      if (asOf === undefined || source === undefined) return null;
      if (value !== null && (asOf === null || source === null)) {
        return c.fail(path, 'an entered value needs the date it refers to (asOf) and its source');
      }
      return { kind: 'entered', value, asOf, source };
    }
    default:
      return c.fail(`${path}.kind`, `expected "live" or "entered", got ${describe(o.kind)}`);
  }
}

function normalisation(c: Ctx, v: unknown, path: string): Normalisation | null {
  const o = obj(c, v, path);
  if (!o) return null;
  const basis = str(c, o, 'basis', path);
  switch (o.kind) {
    case 'minmax': {
      const worst = num(c, o, 'worst', path);
      const best = num(c, o, 'best', path);
      if (worst === null || best === null || basis === null) return null;
      if (worst === best) return c.fail(path, `best and worst are both ${best}: no range to score on`);
      return { kind: 'minmax', worst, best, basis };
    }
    case 'target': {
      const target = num(c, o, 'target', path);
      const worst = num(c, o, 'worst', path);
      const oneSided = o.oneSided;
      if (typeof oneSided !== 'boolean') {
        c.fail(`${path}.oneSided`, `expected true or false, got ${describe(oneSided)}`);
      }
      if (target === null || worst === null || basis === null || typeof oneSided !== 'boolean') return null;
      if (target === worst) return c.fail(path, `target and worst are both ${target}: no range to score on`);
      return { kind: 'target', target, worst, oneSided, basis };
    }
    case 'thresholds': {
      const raw = array(c, o, 'points', path);
      const interpolation = o.interpolation;
      if (interpolation !== 'linear' && interpolation !== 'step') {
        c.fail(`${path}.interpolation`, `expected "linear" or "step", got ${describe(interpolation)}`);
      }
      if (!raw || basis === null || (interpolation !== 'linear' && interpolation !== 'step')) return null;
      if (raw.length < 2) return c.fail(`${path}.points`, `needs at least 2 points, got ${raw.length}`);
      const points: ThresholdPoint[] = [];
      for (let i = 0; i < raw.length; i++) {
        const p = obj(c, raw[i], `${path}.points[${i}]`);
        if (!p) return null;
        const value = num(c, p, 'value', `${path}.points[${i}]`);
        const s = score(c, p, 'score', `${path}.points[${i}]`);
        if (value === null || s === null) return null;
        const prev = points[points.length - 1];
        if (prev && value <= prev.value) {
          return c.fail(`${path}.points[${i}].value`, `values must ascend: ${value} after ${prev.value}`);
        }
        points.push({ value, score: s });
      }
      return { kind: 'thresholds', points, interpolation, basis };
    }
    default:
      return c.fail(`${path}.kind`, `expected "minmax", "target" or "thresholds", got ${describe(o.kind)}`);
  }
}

/** Siblings' weights must be all numbers (not all zero) or all null. */
function checkWeights(c: Ctx, weights: readonly (number | null)[], path: string, what: string): void {
  const given = weights.filter((w) => w !== null);
  if (given.length > 0 && given.length < weights.length) {
    c.fail(
      path,
      `${what}: ${given.length} of ${weights.length} weights given — give all, or null for all when unpublished`,
    );
  } else if (given.length > 0 && given.every((w) => w === 0)) {
    c.fail(path, `${what}: all weights are 0`);
  }
}

function indicator(c: Ctx, v: unknown, path: string, seen: Set<string>): IndicatorDef | null {
  const o = obj(c, v, path);
  if (!o) return null;
  const i = id(c, o, path, seen);
  const name = text2(c, o.name, `${path}.name`);
  const unit = str(c, o, 'unit', path, true);
  const inp = input(c, o.input, `${path}.input`);
  const norm = normalisation(c, o.normalisation, `${path}.normalisation`);
  const w = weight(c, o, path);
  if (i === null || !name || unit === null || !inp || !norm || w === undefined) return null;
  return { id: i, name, unit, input: inp, normalisation: norm, weight: w };
}

function dimension(c: Ctx, v: unknown, path: string, seen: Set<string>): DimensionDef | null {
  const o = obj(c, v, path);
  if (!o) return null;
  const i = id(c, o, path, seen);
  const name = text2(c, o.name, `${path}.name`);
  const w = weight(c, o, path);
  const target = o.target === null ? null : score(c, o, 'target', path);
  const badTarget = o.target !== null && target === null;
  const raw = array(c, o, 'indicators', path);
  const indicators: IndicatorDef[] = [];
  let bad = false;
  const ids = new Set<string>();
  for (let k = 0; raw && k < raw.length; k++) {
    const ind = indicator(c, raw[k], `${path}.indicators[${k}]`, ids);
    if (ind) indicators.push(ind);
    else bad = true;
  }
  if (raw && !bad)
    checkWeights(
      c,
      indicators.map((x) => x.weight),
      `${path}.indicators`,
      'indicator weights',
    );
  if (i === null || !name || w === undefined || badTarget || !raw || bad) return null;
  return { id: i, name, weight: w, target, indicators };
}

function source(c: Ctx, v: unknown, path: string): ConfigSource | null {
  const o = obj(c, v, path);
  if (!o) return null;
  const kind = o.kind;
  if (typeof kind !== 'string' || !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    return c.fail(`${path}.kind`, `expected one of ${SOURCE_KINDS.join(', ')}, got ${describe(kind)}`);
  }
  const citation = str(c, o, 'citation', path);
  const url = strOrNull(c, o, 'url', path);
  const note = text2(c, o.note, `${path}.note`);
  if (citation === null || url === undefined || !note) return null;
  return { kind: kind as ConfigSource['kind'], citation, url, note };
}

/** Parses one configuration file's JSON (already JSON.parse'd) into a configuration, or all its errors. */
export function parseIndicatorConfig(json: unknown, fileName: string): ParseResult<IndicatorConfig> {
  const c = new Ctx(fileName);
  const o = obj(c, json, '$');
  if (!o) return { ok: false, errors: c.errors };
  const i = id(c, o, '$', new Set());
  const name = text2(c, o.name, '$.name');
  const src = source(c, o.source, '$.source');
  const weightsNote = text2(c, o.weightsNote, '$.weightsNote');
  const raw = array(c, o, 'dimensions', '$');
  const dimensions: DimensionDef[] = [];
  let bad = false;
  const ids = new Set<string>();
  if (raw && raw.length < 3) c.fail('$.dimensions', `a radar needs at least 3 dimensions, got ${raw.length}`);
  for (let k = 0; raw && k < raw.length; k++) {
    const d = dimension(c, raw[k], `$.dimensions[${k}]`, ids);
    if (d) dimensions.push(d);
    else bad = true;
  }
  if (raw && !bad)
    checkWeights(
      c,
      dimensions.map((d) => d.weight),
      '$.dimensions',
      'dimension weights',
    );
  if (c.errors.length > 0 || i === null || !name || !src || !weightsNote)
    return { ok: false, errors: c.errors };
  return { ok: true, value: { id: i, name, source: src, dimensions, weightsNote } };
}

/** Parses text of a configuration file (JSON syntax errors become a parse error at `$`). */
export function parseIndicatorConfigText(text: string, fileName: string): ParseResult<IndicatorConfig> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ file: fileName, path: '$', reason: `not JSON: ${(e as Error).message}` }],
    };
  }
  return parseIndicatorConfig(json, fileName);
}

/** Parses scenes/indicators/index.json: { configs: [{ id, file, name, live }] }. */
export function parseIndicatorIndex(json: unknown, fileName: string): ParseResult<IndicatorIndexEntry[]> {
  const c = new Ctx(fileName);
  const o = obj(c, json, '$');
  const raw = o ? array(c, o, 'configs', '$') : null;
  const out: IndicatorIndexEntry[] = [];
  const ids = new Set<string>();
  for (let k = 0; raw && k < raw.length; k++) {
    const path = `$.configs[${k}]`;
    const e = obj(c, raw[k], path);
    if (!e) continue;
    const i = id(c, e, path, ids);
    const file = str(c, e, 'file', path);
    if (file !== null && !/^[A-Za-z0-9_-]+\.json$/.test(file)) {
      c.fail(
        `${path}.file`,
        `"${file}" is not a file name in scenes/indicators (letters, digits, _ or -, .json)`,
      );
    }
    const name = text2(c, e.name, `${path}.name`);
    const live = e.live;
    if (typeof live !== 'boolean') c.fail(`${path}.live`, `expected true or false, got ${describe(live)}`);
    if (i !== null && file !== null && name && typeof live === 'boolean')
      out.push({ id: i, file, name, live });
  }
  if (raw && raw.length === 0) c.fail('$.configs', 'no configuration listed');
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, value: out };
}

/** One line per error: "file $.path: reason". */
export function formatParseErrors(errors: readonly IndicatorParseError[]): string[] {
  return errors.map((e) => `${e.file} ${e.path}: ${e.reason}`);
}
