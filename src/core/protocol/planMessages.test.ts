import { describe, expect, it } from 'vitest';
import {
  kpisToWire,
  parsePlanGetAnswer,
  parsePlanId,
  parsePlanListAnswer,
  parsePlanName,
  parsePlanRename,
  parsePlanSave,
  parsePlanSaveAnswer,
  parseScenarioKpis,
  PlanEvent,
} from './planMessages.ts';

const KPI = {
  domain: 'energy',
  id: 'shedMwh',
  label: { zh: '失负荷电量', en: 'Energy not served' },
  unit: 'MWh',
  baseline: 0,
  scenario: null,
  better: 'lower',
  basis: { zh: '累计', en: 'total' },
};
const SUMMARY = {
  id: 'sc-1a2b',
  name: 'N-1',
  savedAtMs: 5,
  sceneName: 'default',
  startSimMs: 6,
  horizonH: 24,
  leverCounts: { traffic: 0, energy: 1, resilience: 0, workload: 0 },
  hasKpis: true,
};

describe('plan messages', () => {
  it('names: trimmed, 1…80 characters (counted as characters, not UTF-16 units), no control characters', () => {
    expect(parsePlanName('  暴雨 50 年一遇  ', 'n')).toEqual({ ok: true, value: '暴雨 50 年一遇' });
    expect(parsePlanName('𝔸'.repeat(80), 'n').ok).toBe(true); // 80 characters, 160 UTF-16 units
    expect(parsePlanName('a\nb', 'n')).toEqual({
      ok: false,
      reason: 'n: control characters are not allowed',
    });
    expect(parsePlanName(3, 'n')).toEqual({ ok: false, reason: 'n: expected a string' });
  });

  it('requests: every field checked, with its path', () => {
    expect(parsePlanSave({ name: 'a', spec: {}, kpis: [KPI] })).toMatchObject({ ok: true });
    expect(parsePlanSave({ name: 'a' })).toEqual({ ok: false, reason: 'plan:save.spec: missing' });
    expect(parsePlanSave({ name: 'a', spec: {}, kpis: [{ ...KPI, domain: 'water' }] })).toEqual({
      ok: false,
      reason: 'plan:save.kpis[0].domain: expected one of traffic, energy, resilience, workload',
    });
    expect(parsePlanSave({ name: 'a', spec: {}, kpis: [{ ...KPI, baseline: 'x' }] })).toEqual({
      ok: false,
      reason: 'plan:save.kpis[0].baseline: expected a finite number',
    });
    expect(parsePlanId({ id: 'sc-12' }, PlanEvent.get)).toEqual({ ok: true, value: { id: 'sc-12' } });
    expect(parsePlanId({ id: 'x' }, PlanEvent.delete)).toEqual({
      ok: false,
      reason: 'plan:delete.id: expected a scenario id (sc-…)',
    });
    expect(parsePlanRename({ id: 'sc-1', name: ' b ' })).toEqual({
      ok: true,
      value: { id: 'sc-1', name: 'b' },
    });
  });

  it('KPIs: null on the wire is NaN in memory and back', () => {
    const p = parseScenarioKpis([KPI], 'k');
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.value![0]!.scenario).toBeNaN();
      expect(kpisToWire(p.value!)[0]).toEqual(KPI);
    }
    expect(parseScenarioKpis(null, 'k')).toEqual({ ok: true, value: null });
  });

  it('answers', () => {
    expect(parsePlanSaveAnswer({ ok: true, scenario: SUMMARY }, PlanEvent.save)).toEqual({
      ok: true,
      value: { ok: true, scenario: SUMMARY },
    });
    expect(parsePlanSaveAnswer({ ok: false, reason: 'r' }, PlanEvent.save)).toEqual({
      ok: true,
      value: { ok: false, reason: 'r' },
    });
    expect(parsePlanListAnswer({ ok: true, scenarios: [{ ...SUMMARY, id: 7 }] })).toEqual({
      ok: false,
      reason: 'plan:list answer.scenarios[0].id: expected a scenario id (sc-…)',
    });
    const got = parsePlanGetAnswer({
      ok: true,
      scenario: { id: 'sc-1', name: 'n', savedAtMs: 1, spec: { base: {} }, kpis: null },
    });
    expect(got).toEqual({
      ok: true,
      value: { ok: true, scenario: { id: 'sc-1', name: 'n', savedAtMs: 1, spec: { base: {} }, kpis: null } },
    });
  });
});
