import { describe, expect, it } from 'vitest';
import { evaluate, meanOfAvailable, normalise } from './evaluate.ts';
import type { IndicatorConfig, IndicatorDef, Normalisation } from './types.ts';

const basis = 'test';

describe('normalise', () => {
  it('minmax, higher is better: (v − worst)/(best − worst)·100, clamped', () => {
    const n: Normalisation = { kind: 'minmax', worst: 15, best: 45, basis };
    expect(normalise(30, n)).toBe(50); // (30 − 15)/(45 − 15) = 0.5
    expect(normalise(21, n)).toBeCloseTo(20, 12); // 6/30
    expect(normalise(10, n)).toBe(0);
    expect(normalise(60, n)).toBe(100);
  });
  it('minmax, lower is better (best < worst)', () => {
    const n: Normalisation = { kind: 'minmax', worst: 561.7, best: 0, basis };
    // (473 − 561.7)/(0 − 561.7) = 88.7/561.7 = 0.157913…
    expect(normalise(473, n)).toBeCloseTo(15.7913, 3);
    expect(normalise(0, n)).toBe(100);
  });
  it('target, one-sided: met or beaten → 100, else linear to worst', () => {
    const n: Normalisation = { kind: 'target', target: 95, worst: 50, oneSided: true, basis };
    expect(normalise(97, n)).toBe(100);
    expect(normalise(95, n)).toBe(100);
    expect(normalise(86, n)).toBeCloseTo(80, 12); // 1 − 9/45 = 0.8
    expect(normalise(40, n)).toBe(0);
  });
  it('target, two-sided: the distance on either side counts', () => {
    const n: Normalisation = { kind: 'target', target: 0, worst: 40, oneSided: false, basis };
    expect(normalise(10, n)).toBe(75); // 1 − 10/40
    expect(normalise(-10, n)).toBe(75);
    expect(normalise(-50, n)).toBe(0);
  });
  it('thresholds, linear: interpolates between the points, clamps outside', () => {
    const n: Normalisation = {
      kind: 'thresholds',
      interpolation: 'linear',
      points: [
        { value: 1.0, score: 100 },
        { value: 1.5, score: 75 },
        { value: 1.8, score: 50 },
        { value: 2.0, score: 25 },
      ],
      basis,
    };
    expect(normalise(1.2, n)).toBeCloseTo(90, 10); // 100 + (0.2/0.5)·(75 − 100)
    expect(normalise(1.65, n)).toBeCloseTo(62.5, 10); // 75 + (0.15/0.3)·(−25)
    expect(normalise(1.8, n)).toBe(50);
    expect(normalise(0.9, n)).toBe(100);
    expect(normalise(3, n)).toBe(25);
  });
  it('thresholds, step: the score of the last point at or below the value', () => {
    const n: Normalisation = {
      kind: 'thresholds',
      interpolation: 'step',
      points: [
        { value: 0, score: 100 },
        { value: 1, score: 75 },
        { value: 2, score: 50 },
      ],
      basis,
    };
    expect(normalise(0, n)).toBe(100);
    expect(normalise(1, n)).toBe(75);
    expect(normalise(1.9, n)).toBe(75);
    expect(normalise(7, n)).toBe(50);
  });
});

describe('meanOfAvailable', () => {
  it('weighted mean over the items with a score, weights renormalised', () => {
    // (2·80 + 1·50)/(2 + 1) = 70; the null item (weight 5) is left out
    expect(meanOfAvailable([80, null, 50], [2, 5, 1])).toEqual({
      value: 70,
      aggregation: 'weighted',
      count: 2,
    });
  });
  it('unweighted when weights are null; none when nothing has a score', () => {
    expect(meanOfAvailable([80, 50], [null, null])).toEqual({
      value: 65,
      aggregation: 'unweighted',
      count: 2,
    });
    expect(meanOfAvailable([null, null], [1, 1])).toEqual({ value: null, aggregation: 'none', count: 0 });
  });
});

function ind(id: string, input: IndicatorDef['input'], normalisation: Normalisation, weight: number | null) {
  return { id, name: { zh: id, en: id }, unit: '', input, normalisation, weight } satisfies IndicatorDef;
}

const minmax100: Normalisation = { kind: 'minmax', worst: 0, best: 100, basis };

const config: IndicatorConfig = {
  id: 'test',
  name: { zh: '测试', en: 'test' },
  source: { kind: 'projectChoice', citation: 'test', url: null, note: { zh: '', en: '' } },
  weightsNote: { zh: '', en: '' },
  dimensions: [
    {
      id: 'a',
      name: { zh: 'a', en: 'a' },
      weight: 3,
      target: 80,
      indicators: [
        ind('a1', { kind: 'live', kpi: 'traffic.x' }, minmax100, 1),
        ind('a2', { kind: 'live', kpi: 'traffic.y' }, minmax100, 3),
      ],
    },
    {
      id: 'b',
      name: { zh: 'b', en: 'b' },
      weight: 1,
      target: 50,
      indicators: [
        ind('b1', { kind: 'entered', value: 90, asOf: '2025', source: 's' }, minmax100, 1),
        ind('b2', { kind: 'live', kpi: 'energy.missing' }, minmax100, 1),
      ],
    },
    {
      id: 'c',
      name: { zh: 'c', en: 'c' },
      weight: 2,
      target: null,
      indicators: [ind('c1', { kind: 'entered', value: null, asOf: null, source: null }, minmax100, 1)],
    },
  ],
};

describe('evaluate', () => {
  const live: Record<string, number> = { 'traffic.x': 40, 'traffic.y': 60 };
  const e = evaluate(config, (k) => live[k] ?? null);
  const [a, b, c] = e.dimensions;

  it('dimension score = weighted mean of indicator scores; gap = target − score', () => {
    // a: (1·40 + 3·60)/4 = 55; gap 80 − 55 = 25
    expect(a?.score).toBe(55);
    expect(a?.gap).toBe(25);
    expect(a?.aggregation).toBe('weighted');
  });
  it('a live KPI without a value is "no data", left out, never zero', () => {
    expect(b?.indicators[1]?.status).toBe('noData');
    expect(b?.indicators[1]?.score).toBeNull();
    // b: only b1 counts → 90; gap 50 − 90 = −40 (target beaten)
    expect(b?.score).toBe(90);
    expect(b?.gap).toBe(-40);
    expect([b?.withData, b?.total]).toEqual([1, 2]);
  });
  it('an entered null is "not entered"; a dimension without data has no score; no target → no gap', () => {
    expect(c?.indicators[0]?.status).toBe('notEntered');
    expect(c?.score).toBeNull();
    expect(c?.gap).toBeNull();
  });
  it('overall = weighted mean over dimensions with a score (c left out)', () => {
    // (3·55 + 1·90)/(3 + 1) = 255/4 = 63.75
    expect(e.overall).toBe(63.75);
    expect(e.overallAggregation).toBe('weighted');
    expect(e.withData).toBe(2);
  });
  it('null dimension weights → an unweighted mean, labelled so', () => {
    const unweighted: IndicatorConfig = {
      ...config,
      dimensions: config.dimensions.map((d) => ({ ...d, weight: null })),
    };
    const u = evaluate(unweighted, (k) => live[k] ?? null);
    expect(u.overall).toBe(72.5); // (55 + 90)/2
    expect(u.overallAggregation).toBe('unweighted');
  });
});
