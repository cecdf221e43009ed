import { describe, expect, it } from 'vitest';
import { kpisToWire, parseScenarioKpis } from '../protocol/planMessages.ts';
import { kpiDiffs, kpisEqual, runScenario } from './run.ts';
import { parseScenarioSpec } from './spec.ts';
import { city500 } from './testCity.ts';
import { DOMAIN_IDS, type ScenarioKpi, type ScenarioProgress, type ScenarioSpec } from './types.ts';

const city = city500();
// 2026-07-20 08:00 CST = 00:00 UTC = 20654 days × 86400000 ms.
const START = 20654 * 86_400_000;
const SPEC = {
  base: { sceneName: 'gen500', startSimMs: START, seed: 7, utcOffsetMin: 480, horizonH: 1 },
  levers: {
    traffic: [{ kind: 'closeLink', link: 10 }],
    energy: [{ kind: 'heatWave', pct: 10 }],
    resilience: [
      {
        kind: 'rainstorm',
        leadMin: 0,
        rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 100, durationMin: 60, peakRatio: 0.4 },
      },
    ],
    workload: [{ surgePct: { '*': 30 } }, { staffDelta: { cg: 2 } }],
  },
};

function parsed(): ScenarioSpec {
  const p = parseScenarioSpec(JSON.parse(JSON.stringify(SPEC)), 'test', city);
  if (!p.ok) throw new Error(p.reason);
  return p.value;
}

describe('runScenario on a generated city', () => {
  const steps: ScenarioProgress[] = [];
  const a = runScenario(city, parsed(), (p) => steps.push(p));
  const b = runScenario(city, parsed(), () => {});

  it('runs every domain in DOMAIN_IDS order and flattens their KPIs in that order', () => {
    expect(a.domains.map((d) => d.domain)).toEqual([...DOMAIN_IDS]);
    for (const d of a.domains) expect(d.kpis.length).toBeGreaterThan(0);
    expect(a.kpis).toEqual(a.domains.flatMap((d) => d.kpis));
    const order = a.kpis.map((k) => DOMAIN_IDS.indexOf(k.domain));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    // Every KPI names its unit, direction and basis in both languages.
    for (const k of a.kpis) {
      expect(k.label.zh.length * k.label.en.length * k.basis.zh.length * k.basis.en.length).toBeGreaterThan(
        0,
      );
      expect(['lower', 'higher', 'neutral']).toContain(k.better);
    }
  });

  it('is deterministic: the same spec twice gives identical KPIs (the saved-scenario re-run check)', () => {
    expect(kpisEqual(a.kpis, b.kpis)).toBe(true);
    expect(kpiDiffs(a.kpis, b.kpis)).toEqual([]);
    expect(a.domains.map((d) => d.series)).toEqual(b.domains.map((d) => d.series));
    expect(a.domains.map((d) => d.diffs)).toEqual(b.domains.map((d) => d.diffs));
  });

  it('levers move the KPIs the expected way', () => {
    const get = (id: string, domain: string): ScenarioKpi =>
      a.kpis.find((k) => k.id === id && k.domain === domain)!;
    // Closing a link cannot make the equilibrium faster; a 10 % heat wave raises demand; a storm floods the roads.
    expect(get('cityTti', 'traffic').scenario).toBeGreaterThanOrEqual(get('cityTti', 'traffic').baseline);
    expect(get('demandMwh', 'energy').scenario).toBeGreaterThan(get('demandMwh', 'energy').baseline);
    expect(get('maxDepthM.peak', 'resilience').baseline).toBe(0);
    expect(get('maxDepthM.peak', 'resilience').scenario).toBeGreaterThan(0);
    // +30 % reports: more arrivals (common random numbers: the baseline's plus a surge stream).
    expect(get('arrivals', 'workload').scenario).toBeGreaterThan(get('arrivals', 'workload').baseline);
  });

  it('reports progress that never goes back and ends at 1', () => {
    expect(steps.length).toBeGreaterThan(10);
    for (let i = 1; i < steps.length; i++)
      expect(steps[i]!.fraction).toBeGreaterThanOrEqual(steps[i - 1]!.fraction);
    expect(steps[steps.length - 1]!.fraction).toBe(1);
  });

  it('map differences list only changed features, with baseline and scenario per feature', () => {
    const t = a.domains[0]!.diffs.find((d) => d.id === 'linkSpeedKph')!;
    expect(t.index.length).toBeGreaterThan(0);
    expect(t.index.length).toBeLessThan(city.roads.linkCount);
    expect(t.baseline.length).toBe(t.index.length);
    for (let i = 0; i < t.index.length; i++)
      expect(Math.abs(t.scenario[i]! - t.baseline[i]!)).toBeGreaterThanOrEqual(0.1 - 1e-6);
  });

  it('KPIs survive the wire (JSON, NaN as null) and still compare equal', () => {
    const back = parseScenarioKpis(JSON.parse(JSON.stringify(kpisToWire(a.kpis))), 'kpis');
    expect(back.ok).toBe(true);
    if (back.ok) expect(kpisEqual(back.value!, a.kpis)).toBe(true);
  });

  it('a domain without levers is not run and says so', () => {
    const r = runScenario(city, { ...parsed(), levers: { workload: SPEC.levers.workload } }, () => {});
    expect(r.domains.map((d) => d.kpis.length > 0)).toEqual([false, false, false, true]);
    expect(r.domains[0]!.notes[0]!.en).toMatch(/not run/);
  });
});

describe('kpiDiffs', () => {
  const k = (id: string, baseline: number, scenario: number): ScenarioKpi => ({
    domain: 'traffic',
    id,
    label: { zh: id, en: id },
    unit: '',
    baseline,
    scenario,
    better: 'lower',
    basis: { zh: '', en: '' },
  });
  it('names every difference; NaN equals NaN', () => {
    expect(kpiDiffs([k('a', 1, Number.NaN)], [k('a', 1, Number.NaN)])).toEqual([]);
    expect(kpiDiffs([k('a', 1, 2), k('b', 0, 0)], [k('a', 1, 2.0000001), k('c', 0, 0)])).toEqual([
      { key: 'traffic.a', what: 'scenario', a: 2, b: 2.0000001 },
      { key: 'traffic.b', what: 'onlyInA', a: 0, b: null },
      { key: 'traffic.c', what: 'onlyInB', a: null, b: 0 },
    ]);
    expect(kpisEqual([k('a', 1, 2)], [k('a', 1, 2), k('b', 1, 2)])).toBe(false);
  });
});
