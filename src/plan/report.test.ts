import { describe, expect, it } from 'vitest';
import type { ScenarioKpi } from '../core/scenario/types.ts';
import {
  csvField,
  kpiDelta,
  kpiDiffs,
  kpisToCsv,
  kpiVerdict,
  parseCsv,
  sameSpec,
  UTF8_BOM,
} from './report.ts';

const kpi = (over: Partial<ScenarioKpi> = {}): ScenarioKpi => ({
  domain: 'traffic',
  id: 'cityTti',
  label: { zh: '城市交通指数', en: 'City TTI' },
  unit: '',
  baseline: 1.5,
  scenario: 1.8,
  better: 'lower',
  basis: { zh: '峰值', en: 'peak' },
  ...over,
});

describe('kpiDelta / kpiVerdict', () => {
  it('Δ and Δ% by hand: 1.5 → 1.8 is +0.3, +20 %', () => {
    const d = kpiDelta(kpi());
    expect(d.delta).toBeCloseTo(0.3, 12);
    expect(d.deltaPct).toBeCloseTo(20, 10);
  });
  it('Δ% of a zero baseline is NaN; a negative baseline divides by its magnitude', () => {
    expect(kpiDelta(kpi({ baseline: 0, scenario: 5 })).deltaPct).toBeNaN();
    expect(kpiDelta(kpi({ baseline: -10, scenario: -5 })).deltaPct).toBe(50);
  });
  it('colours by better: lower-is-better rising is worse, higher-is-better rising is better', () => {
    expect(kpiVerdict(kpi())).toBe('worse');
    expect(kpiVerdict(kpi({ better: 'higher' }))).toBe('better');
    expect(kpiVerdict(kpi({ better: 'neutral' }))).toBe('neutral');
    expect(kpiVerdict(kpi({ scenario: 1.5 }))).toBe('same');
  });
});

describe('kpiDiffs', () => {
  it('identical runs have no differences; NaN reproduces as NaN', () => {
    const a = [kpi(), kpi({ id: 'x', baseline: Number.NaN, scenario: Number.NaN })];
    expect(
      kpiDiffs(
        a,
        a.map((k) => ({ ...k })),
      ),
    ).toEqual([]);
  });
  it('names a changed value, a missing KPI and an extra KPI', () => {
    const saved = [kpi(), kpi({ id: 'gone' })];
    const now = [kpi({ scenario: 1.8000000000000003 }), kpi({ id: 'new' })];
    expect(kpiDiffs(saved, now).map((d) => d.key)).toEqual([
      'traffic.cityTti',
      'traffic.gone',
      'traffic.new',
    ]);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 §2', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
  });
  it('starts with a BOM, ends rows with CRLF and round-trips through parseCsv', () => {
    const k = kpi({ label: { zh: '指数，"峰值"', en: 'TTI, "peak"' }, unit: 'veh/h' });
    const csv = kpisToCsv([k]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(
      `${UTF8_BOM}domain,id,label_zh,label_en,unit,baseline,scenario,delta,delta_pct,basis`,
    );
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    const r = rows[1]!;
    expect(r[2]).toBe('指数，"峰值"');
    expect(r[3]).toBe('TTI, "peak"');
    expect(Number(r[5])).toBe(1.5);
    expect(Number(r[6])).toBe(1.8);
    expect(Number(r[7])).toBe(1.8 - 1.5);
    expect(r[9]).toBe('峰值 / peak');
  });
});

describe('sameSpec', () => {
  const base = { sceneName: 'default', startSimMs: 1, seed: 1, utcOffsetMin: 480, horizonH: 2 };
  it('ignores key order and missing vs empty lever lists', () => {
    const a = { base, levers: { traffic: [{ kind: 'closeLink', link: 3 }], energy: [] } };
    const b = {
      levers: { traffic: [{ link: 3, kind: 'closeLink' }] },
      base: { horizonH: 2, utcOffsetMin: 480, seed: 1, startSimMs: 1, sceneName: 'default' },
    };
    expect(sameSpec(a, b)).toBe(true);
  });
  it('sees a changed lever value', () => {
    expect(
      sameSpec(
        { base, levers: { traffic: [{ kind: 'closeLink', link: 3 }] } },
        { base, levers: { traffic: [{ kind: 'closeLink', link: 4 }] } },
      ),
    ).toBe(false);
  });
});
