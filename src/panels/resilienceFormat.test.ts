import { describe, expect, it } from 'vitest';
import type { ActiveHazard, CascadeNode, ExposureSummary, HeatSummary } from '../core/hazards/types.ts';
import {
  assetTally,
  balanceTerms,
  cascadeTimeline,
  districtsByLevel,
  exposedPeople,
  fieldNumber,
  highestAlert,
  peopleText,
  phaseIndex,
  quakeSpec,
  rainSpec,
  sortHazards,
  topDistricts,
  wetAreaKm2,
  type FieldError,
} from './resilienceFormat.ts';

const T2 = { zh: 'x', en: 'x' };
function hazard(id: string, over: Partial<ActiveHazard> = {}): ActiveHazard {
  return {
    id,
    kind: 'rainstorm',
    spec: {
      kind: 'rainstorm',
      leadMin: 0,
      rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 50, durationMin: 60, peakRatio: 0.4 },
    },
    label: T2,
    triggeredMs: 0,
    onsetMs: 0,
    endMs: null,
    phase: 'response',
    alertLevel: 2,
    alertSinceMs: 0,
    acknowledged: false,
    notified: [],
    headline: { label: T2, value: 0, unit: 'm' },
    overMs: null,
    ...over,
  };
}
function step(id: string, hazardId: string, simTimeMs: number): CascadeNode {
  return {
    id,
    hazardId,
    simTimeMs,
    system: 'roads',
    kind: 'linkClosed',
    ref: null,
    x: null,
    y: null,
    severity: 2,
    title: T2,
    why: T2,
    causes: [],
  };
}
const exposure = (hazardId: string, people: number): ExposureSummary => ({
  hazardId,
  people,
  buildings: 0,
  assets: [],
  byDistrict: [],
});

describe('hazard order and tallies', () => {
  it('lists hazards not over first, then by alert level, then newest', () => {
    const hs = [
      hazard('HZ-0001', { phase: 'over', alertLevel: 4 }),
      hazard('HZ-0002', { alertLevel: 1, triggeredMs: 5 }),
      hazard('HZ-0003', { alertLevel: 3, triggeredMs: 1 }),
      hazard('HZ-0004', { alertLevel: 1, triggeredMs: 9 }),
    ];
    expect(sortHazards(hs).map((h) => h.id)).toEqual(['HZ-0003', 'HZ-0004', 'HZ-0002', 'HZ-0001']);
    // The red hazard is over: the highest level among live ones is orange (3).
    expect(highestAlert(hs)).toBe(3);
    expect(highestAlert([])).toBe(0);
  });

  it('sums exposure of live hazards only', () => {
    const hs = [hazard('HZ-0001', { phase: 'over' }), hazard('HZ-0002')];
    expect(exposedPeople(hs, [exposure('HZ-0001', 100), exposure('HZ-0002', 42.5)])).toBe(42.5);
  });

  it('maps phases onto the step bar', () => {
    expect([
      phaseIndex('warning'),
      phaseIndex('response'),
      phaseIndex('recovery'),
      phaseIndex('over'),
    ]).toEqual([0, 1, 2, 3]);
  });
});

describe('cascadeTimeline', () => {
  const MIN = 60_000;
  const log = [
    step('HZ-0001/0001', 'HZ-0001', 1 * MIN),
    step('HZ-0002/0001', 'HZ-0002', 2 * MIN),
    step('HZ-0001/0002', 'HZ-0001', 3 * MIN),
    step('HZ-0001/0003', 'HZ-0001', 4 * MIN),
  ];
  it('groups newest first, the group with the newest step first, and counts steps per system', () => {
    const { groups, hidden } = cascadeTimeline(log, 10);
    expect(hidden).toBe(0);
    expect(groups.map((g) => g.hazardId)).toEqual(['HZ-0001', 'HZ-0002']);
    expect(groups[0]!.runs.map((r) => r.head.id)).toEqual(['HZ-0001/0003', 'HZ-0001/0002', 'HZ-0001/0001']);
    expect([...groups[0]!.bySystem]).toEqual([['roads', 3]]);
  });
  it('caps the rows, keeping the newest, and counts the rest', () => {
    const { groups, hidden } = cascadeTimeline(log, 2);
    expect(hidden).toBe(2);
    expect(groups.map((g) => g.runs.map((r) => r.head.id))).toEqual([['HZ-0001/0003', 'HZ-0001/0002']]);
  });
  it('folds steps of one kind in the same minute into one run', () => {
    // Three road closures at 10:00:05, :20 and :50 of one minute, then one at the next minute, then a work order.
    const t = 600 * MIN;
    const folded = [
      step('HZ-0001/0001', 'HZ-0001', t + 5_000),
      step('HZ-0001/0002', 'HZ-0001', t + 20_000),
      step('HZ-0001/0003', 'HZ-0001', t + 50_000),
      step('HZ-0001/0004', 'HZ-0001', t + MIN),
      {
        ...step('HZ-0001/0005', 'HZ-0001', t + MIN),
        kind: 'workOrder' as const,
        system: 'workload' as const,
      },
    ];
    const { groups, hidden } = cascadeTimeline(folded, 2);
    // Rows: the work order, then the 10:01 closure; the 10:00 run would be a third row: left out (3 steps hidden).
    expect(groups[0]!.runs.map((r) => [r.head.id, r.members.length])).toEqual([
      ['HZ-0001/0005', 1],
      ['HZ-0001/0004', 1],
    ]);
    expect(hidden).toBe(3);
    const all = cascadeTimeline(folded, 10).groups[0]!.runs;
    expect(all.map((r) => r.members.map((m) => m.id))).toEqual([
      ['HZ-0001/0005'],
      ['HZ-0001/0004'],
      ['HZ-0001/0003', 'HZ-0001/0002', 'HZ-0001/0001'],
    ]);
  });
});

describe('exposure and summaries', () => {
  it('tallies assets by kind and severity, unknown indices skipped', () => {
    const e: ExposureSummary = {
      ...exposure('HZ-0001', 0),
      assets: [
        { asset: 0, severity: 3, value: 0.5, unit: 'm', reason: T2 },
        { asset: 1, severity: 1, value: 0.1, unit: 'm', reason: T2 },
        { asset: 2, severity: 3, value: 0.6, unit: 'm', reason: T2 },
        { asset: 99, severity: 2, value: 0.2, unit: 'm', reason: T2 },
      ],
    };
    const kinds = ['hospital', 'hospital', 'underpass'] as const;
    expect(assetTally(e, (i) => kinds[i])).toEqual([
      { kind: 'hospital', bySeverity: [1, 0, 1] },
      { kind: 'underpass', bySeverity: [0, 0, 1] },
    ]);
  });

  it('ranks districts by people, then buildings, then index', () => {
    const e: ExposureSummary = {
      ...exposure('HZ-0001', 0),
      byDistrict: [
        { zone: 3, people: 10, buildings: 1 },
        { zone: 1, people: 50, buildings: 2 },
        { zone: 2, people: 10, buildings: 5 },
        { zone: 0, people: 10, buildings: 5 },
      ],
    };
    expect(topDistricts(e, 3).map((d) => d.zone)).toEqual([1, 0, 2]);
  });

  it('gives each balance term its share of the rain', () => {
    // 1000 m³ of rain: 200 infiltrated, 300 drained, 450 stored, 49 out → residual 1 m³ (0.1 %).
    const terms = balanceTerms({
      rainM3: 1000,
      infiltratedM3: 200,
      drainedM3: 300,
      storedM3: 450,
      outflowM3: 49,
      residualM3: 1,
      residualPct: 0.1,
    });
    expect(terms.map((t) => [t.key, t.pct])).toEqual([
      ['rain', 100],
      ['infiltrated', 20],
      ['drained', 30],
      ['stored', 45],
      ['out', 4.9],
    ]);
  });

  it('counts heat districts per level and converts wet cells to km²', () => {
    const h: HeatSummary = {
      hazardId: 'HZ-0001',
      tempC: 38,
      humidityPct: 60,
      heatIndexC: 50,
      loadIncreaseMw: 12,
      districts: [
        { zone: 0, risk: 0.1, level: 0 },
        { zone: 1, risk: 0.5, level: 2 },
        { zone: 2, risk: 0.6, level: 2 },
        { zone: 3, risk: 0.9, level: 4 },
      ],
    };
    expect(districtsByLevel(h)).toEqual([0, 2, 0, 1]);
    // 2,500 cells of 20 m = 2,500 × 400 m² = 1,000,000 m² = 1 km².
    expect(wetAreaKm2(2500, 20)).toBe(1);
  });

  it('writes people compactly per language', () => {
    expect(peopleText(12345.4, 'en')).toBe('12,345');
    expect(peopleText(1_234_567, 'en')).toBe('1.23 M');
    expect(peopleText(1_234_567, 'zh')).toBe('123.5 万');
    expect(peopleText(Number.NaN, 'zh')).toBe('—');
  });
});

describe('scenario forms', () => {
  const L = { returnPeriod: 'P', duration: 'T', lead: 'L' };
  it('builds a design rainstorm from valid text', () => {
    const r = rainSpec(
      { formula: 'beijing', returnPeriodYears: '100', durationMin: ' 30 ', leadMin: '0' },
      L,
    );
    expect(r.errors).toEqual([]);
    expect(r.spec).toEqual({
      kind: 'rainstorm',
      leadMin: 0,
      rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 100, durationMin: 30, peakRatio: 0.4 },
    });
  });
  it('names each bad field and why', () => {
    const r = rainSpec({ formula: 'beijing', returnPeriodYears: '2000', durationMin: 'abc', leadMin: '' }, L);
    expect(r.spec).toBeNull();
    expect(r.errors.map((e) => [e.field, e.kind])).toEqual([
      ['P', 'range'],
      ['T', 'number'],
      ['L', 'number'],
    ]);
    expect(r.errors[0]).toMatchObject({ min: 1, max: 1000, unit: 'a' });
  });
  it('accepts the bounds themselves', () => {
    const errors: FieldError[] = [];
    expect(fieldNumber('1000', 'P', 1, 1000, 'a', errors)).toBe(1000);
    expect(fieldNumber('1', 'P', 1, 1000, 'a', errors)).toBe(1);
    expect(errors).toEqual([]);
  });
  it('builds an earthquake at the given point', () => {
    const r = quakeSpec({ magnitude: '6.5', depthKm: '10', x: 100, y: -50 }, { magnitude: 'M', depth: 'D' });
    expect(r.spec).toEqual({ kind: 'earthquake', x: 100, y: -50, magnitude: 6.5, depthKm: 10 });
    expect(
      quakeSpec({ magnitude: '2', depthKm: '10', x: 0, y: 0 }, { magnitude: 'M', depth: 'D' }).spec,
    ).toBeNull();
  });
});
