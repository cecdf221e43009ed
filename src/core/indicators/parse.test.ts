import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIndicatorConfig, parseIndicatorConfigText, parseIndicatorIndex } from './parse.ts';
import { evaluate } from './evaluate.ts';

const DIR = path.resolve(__dirname, '../../../scenes/indicators');
const read = (f: string): unknown => JSON.parse(readFileSync(path.join(DIR, f), 'utf8'));

function valid(): Record<string, unknown> {
  const dim = (id: string) => ({
    id,
    name: { zh: id, en: id },
    weight: 1,
    target: 80,
    indicators: [
      {
        id: `${id}1`,
        name: { zh: 'x', en: 'x' },
        unit: '%',
        input: { kind: 'live', kpi: 'traffic.tti' },
        normalisation: { kind: 'minmax', worst: 0, best: 100, basis: 'b' },
        weight: 1,
      },
    ],
  });
  return {
    id: 'cfg',
    name: { zh: '配置', en: 'config' },
    source: { kind: 'projectChoice', citation: 'c', url: null, note: { zh: 'n', en: 'n' } },
    weightsNote: { zh: 'w', en: 'w' },
    dimensions: [dim('a'), dim('b'), dim('c')],
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('parseIndicatorConfig', () => {
  it('accepts a valid configuration', () => {
    const r = parseIndicatorConfig(valid(), 'x.json');
    expect(r.ok).toBe(true);
  });

  it('names file, JSON path and reason', () => {
    const j = valid() as Json;
    j.dimensions[1].indicators[0].normalisation = { kind: 'minmax', worst: 5, best: 5, basis: 'b' };
    j.dimensions[2].indicators[0].input = { kind: 'live', kpi: 'tti' };
    const r = parseIndicatorConfig(j, 'ops.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        file: 'ops.json',
        path: '$.dimensions[1].indicators[0].normalisation',
        reason: 'best and worst are both 5: no range to score on',
      },
      {
        file: 'ops.json',
        path: '$.dimensions[2].indicators[0].input.kpi',
        reason: '"tti" is not of the form <domain>.<kpiId>',
      },
    ]);
  });

  it('refuses mixed weights (never invents a missing one)', () => {
    const j = valid() as Json;
    j.dimensions[0].weight = null;
    const r = parseIndicatorConfig(j, 'w.json');
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      '$.dimensions: dimension weights: 2 of 3 weights given — give all, or null for all when unpublished',
    ]);
  });

  it('requires an explicit weight key, asOf/source for entered values, ascending thresholds', () => {
    const j = valid() as Json;
    delete j.dimensions[0].indicators[0].weight;
    j.dimensions[1].indicators[0].input = { kind: 'entered', value: 3, asOf: null, source: 'x' };
    j.dimensions[2].indicators[0].normalisation = {
      kind: 'thresholds',
      interpolation: 'linear',
      points: [
        { value: 2, score: 10 },
        { value: 1, score: 20 },
      ],
      basis: 'b',
    };
    const r = parseIndicatorConfig(j, 'e.json');
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual([
      '$.dimensions[0].indicators[0].weight',
      '$.dimensions[1].indicators[0].input',
      '$.dimensions[2].indicators[0].normalisation.points[1].value',
    ]);
  });

  it('reports duplicate ids, scores out of range, wrong types', () => {
    const j = valid() as Json;
    j.dimensions[1].id = 'a';
    j.dimensions[2].target = 120;
    j.name = 'config';
    const r = parseIndicatorConfig(j, 'd.json');
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      '$.name: expected an object, got the string "config"',
      '$.dimensions[1].id: duplicate id "a"',
      '$.dimensions[2].target: a score must be within 0–100, got 120',
    ]);
  });

  it('turns a JSON syntax error into a parse error at $', () => {
    const r = parseIndicatorConfigText('{"id": ', 'bad.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'bad.json', path: '$' });
  });
});

describe('the shipped configurations (scenes/indicators)', () => {
  const index = parseIndicatorIndex(read('index.json'), 'scenes/indicators/index.json');
  it('index.json lists valid configurations whose ids match their files', () => {
    expect(index.ok).toBe(true);
    if (!index.ok) return;
    expect(index.value.map((e) => e.id)).toEqual(['operations', 'smart-city-4d']);
    for (const e of index.value) {
      const r = parseIndicatorConfig(read(e.file), e.file);
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (r.ok) expect(r.value.id).toBe(e.id);
    }
  });

  it('operations: equal weights declared; with every KPI missing, nothing scores (no zeros)', () => {
    const r = parseIndicatorConfig(read('operations.json'), 'operations.json');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.source.kind).toBe('projectChoice');
    expect(new Set(r.value.dimensions.map((d) => d.weight))).toEqual(new Set([1]));
    const e = evaluate(r.value, () => null);
    expect(e.overall).toBeNull();
    expect(e.dimensions.every((d) => d.indicators.every((i) => i.status === 'noData'))).toBe(true);
  });

  it('operations: a hand-calculated mobility score', () => {
    const r = parseIndicatorConfig(read('operations.json'), 'operations.json');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const live: Record<string, number> = { 'traffic.tti': 1.65, 'traffic.avgSpeed': 30 };
    const e = evaluate(r.value, (k) => live[k] ?? null);
    // TTI 1.65 → 75 + (0.15/0.3)·(50 − 75) = 62.5; speed 30 → (30 − 15)/(45 − 15) = 50; mean 56.25; gap 80 − 56.25
    const m = e.dimensions.find((d) => d.id === 'mobility');
    expect(m?.score).toBeCloseTo(56.25, 10);
    expect(m?.gap).toBeCloseTo(23.75, 10);
    // overall: only mobility has data
    expect(e.overall).toBeCloseTo(56.25, 10);
  });

  it('four-dimension framework: no weights, no invented values', () => {
    const r = parseIndicatorConfig(read('smart-city-4d.json'), 'smart-city-4d.json');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.dimensions.map((d) => d.id)).toEqual([
      'strategy',
      'technology',
      'sustainability',
      'innovation',
    ]);
    expect(r.value.dimensions.every((d) => d.weight === null)).toBe(true);
    for (const d of r.value.dimensions) {
      for (const i of d.indicators) {
        expect(i.weight).toBeNull();
        if (i.input.kind === 'entered' && i.input.value !== null) expect(i.input.source).not.toBeNull();
      }
    }
    expect(evaluate(r.value, () => null).overall).toBeNull();
  });
});

describe('parseIndicatorIndex', () => {
  it('checks file names and fields', () => {
    const r = parseIndicatorIndex(
      { configs: [{ id: 'a', file: '../x.json', name: { zh: 'a', en: 'a' } }] },
      'i.json',
    );
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.reason}`)).toEqual([
      '$.configs[0].file: "../x.json" is not a file name in scenes/indicators (letters, digits, _ or -, .json)',
      '$.configs[0].live: expected true or false, got undefined',
    ]);
  });
});
