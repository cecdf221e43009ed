/** The overview's pure helpers: merged alarm order, trends against `better`, delta text, zone camera. */
import { describe, expect, it } from 'vitest';
import { deltaText, headlineIds, mergeAlarms, trendOf, valueText, zoneCamera } from './execFormat.ts';
import type { DomainAlarm } from '../domains/types.ts';
import { createAppStore } from '../state/store.ts';

const alarm = (id: string, severity: DomainAlarm['severity'], simMs: number): DomainAlarm => ({
  id,
  domain: 'traffic',
  severity,
  title: { zh: id, en: id },
  detail: { zh: '', en: '' },
  x: null,
  y: null,
  simMs,
});

describe('mergeAlarms', () => {
  it('most severe first, then newest; counts all', () => {
    const s = createAppStore().getState();
    const a = { alarms: () => [alarm('a', 'minor', 5), alarm('b', 'critical', 1)] };
    const b = { alarms: () => [alarm('c', 'critical', 3), alarm('d', 'major', 9)] };
    const m = mergeAlarms([a, b], s, 3);
    expect(m.shown.map((x) => x.id)).toEqual(['c', 'b', 'd']);
    expect(m.total).toBe(4);
  });
});

describe('trendOf', () => {
  it('a rise of a lower-is-better KPI is bad; of a higher-is-better one good; neutral has no judgement', () => {
    expect(trendOf(1.6, 1.4, 'lower', 2)).toEqual({ dir: 'up', delta: 1.6 - 1.4, good: false });
    expect(trendOf(30, 25, 'higher', 1)).toEqual({ dir: 'up', delta: 5, good: true });
    expect(trendOf(90, 100, 'neutral', 0)).toEqual({ dir: 'down', delta: -10, good: null });
  });
  it('a change below half the last displayed digit is flat (1.421 vs 1.424 at 2 digits)', () => {
    expect(trendOf(1.421, 1.424, 'lower', 2)).toEqual({ dir: 'flat', delta: 0, good: null });
  });
});

describe('text', () => {
  it('deltas with sign, digits and unit (percentage points for %)', () => {
    expect(deltaText(0.123, 2, '', 'pp')).toBe('+0.12');
    expect(deltaText(-1234.5, 0, 'MW', 'pp')).toBe('−1,235 MW');
    expect(deltaText(1.5, 1, '%', 'pp')).toBe('+1.5 pp');
    expect(valueText(null, 1)).toBe('—');
    expect(valueText(12345.678, 1)).toBe('12,345.7');
  });
  it('headline ids are <domain>.<kpi> of the headline KPIs', () => {
    const d = {
      id: 'energy' as const,
      kpis: [
        { id: 'balance', headline: true },
        { id: 'load', headline: false },
      ] as never,
    };
    expect(headlineIds([d])).toEqual(['energy.balance']);
  });
  it('a zone camera stands back 1.6 × its radius, at least 400 m', () => {
    expect(zoneCamera({ x: 1, y: 2 }, 1000, 30)).toEqual({
      x: 1,
      y: 2,
      distanceM: 1600,
      headingDeg: 30,
      pitchDeg: 50,
    });
    expect(zoneCamera({ x: 0, y: 0 }, 100, 0).distanceM).toBe(400);
  });
});
