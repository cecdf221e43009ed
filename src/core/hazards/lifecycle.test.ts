import { describe, expect, it } from 'vitest';
import {
  fireAlertLevel,
  floodDepthLevel,
  heatWarningLevel,
  maxWindowSum,
  normalCdf,
  notifiedAt,
  quakeAlertLevel,
  rainWarningLevel,
  substationDamageState,
} from './lifecycle.ts';

describe('alert levels', () => {
  it('rainstorm signals follow the CMA criteria (50 mm/12 h blue … 100 mm/3 h red)', () => {
    expect(rainWarningLevel(49, 49, 49)).toBe(0);
    expect(rainWarningLevel(30, 40, 50)).toBe(1);
    expect(rainWarningLevel(30, 50, 60)).toBe(2);
    expect(rainWarningLevel(50, 60, 70)).toBe(3);
    expect(rainWarningLevel(100, 100, 100)).toBe(4);
  });
  it('maxWindowSum finds the wettest window', () => {
    // 1-minute depths 1,2,3,4,0: the wettest 2 minutes hold 3 + 4 = 7 mm.
    expect(maxWindowSum([1, 2, 3, 4, 0], 2)).toBe(7);
    expect(maxWindowSum([1, 2, 3, 4, 0], 10)).toBe(10);
    expect(maxWindowSum([], 3)).toBe(0);
  });
  it('observed road depth: yellow 0.15 m, orange 0.3 m, red 0.5 m', () => {
    expect(floodDepthLevel(0.149)).toBe(0);
    expect(floodDepthLevel(0.15)).toBe(2);
    expect(floodDepthLevel(0.3)).toBe(3);
    expect(floodDepthLevel(0.5)).toBe(4);
  });
  it('high-temperature signals: yellow needs three days ≥ 35 °C, orange 37 °C, red 40 °C', () => {
    expect(heatWarningLevel(36, 24)).toBe(0);
    expect(heatWarningLevel(36, 72)).toBe(2);
    expect(heatWarningLevel(37, 6)).toBe(3);
    expect(heatWarningLevel(40, 6)).toBe(4);
  });
  it('earthquake levels by magnitude (dense areas) or deaths, whichever is higher', () => {
    expect(quakeAlertLevel(3.5, 0)).toBe(1);
    expect(quakeAlertLevel(4.5, 0)).toBe(2);
    expect(quakeAlertLevel(5.5, 0)).toBe(3);
    expect(quakeAlertLevel(6.0, 0)).toBe(4);
    expect(quakeAlertLevel(4.5, 300)).toBe(4);
    expect(quakeAlertLevel(4.5, 50)).toBe(3);
  });
  it('fire proxy level: spread risk, one more when the engines are late or have no route', () => {
    expect(fireAlertLevel(1, 200, 300)).toBe(1);
    expect(fireAlertLevel(2, 400, 300)).toBe(3);
    expect(fireAlertLevel(3, -1, 300)).toBe(4);
  });
  it('notifications are cumulative', () => {
    expect(notifiedAt('rainstorm', 0)).toEqual([]);
    expect(notifiedAt('rainstorm', 1).map((t) => t.en)).toEqual([
      'District flood-control office',
      'Drainage operator',
    ]);
    expect(notifiedAt('rainstorm', 2).length).toBe(5);
    expect(notifiedAt('heat', 1)).toEqual([]); // no blue high-temperature signal
  });
});

describe('substation fragility', () => {
  it('normalCdf matches the table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
  it('most likely damage state (hand-computed from the lognormal curves)', () => {
    // 0.29 g: P(none, slight, moderate, extensive, complete) = 0.1732, 0.3268, 0.3356, 0.1585, 0.0059 → moderate.
    expect(substationDamageState(0.29)).toBe(2);
    // 0.1 g: 0.7188 none; 0.5 g: 0.4968 extensive; 1.2 g: 0.7387 complete.
    expect(substationDamageState(0.1)).toBe(0);
    expect(substationDamageState(0.5)).toBe(3);
    expect(substationDamageState(1.2)).toBe(4);
    expect(substationDamageState(0)).toBe(0);
  });
});
