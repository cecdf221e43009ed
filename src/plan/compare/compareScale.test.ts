import { describe, expect, it } from 'vitest';
import type { ScenarioMapDiff, ScenarioResult } from '../../core/scenario/types.ts';
import {
  DELTA_BETTER,
  DELTA_MID,
  DELTA_WORSE,
  NO_VALUE,
  RAMP_BAD_TO_GOOD,
  RAMP_VIRIDIS,
  cellMaskEdges,
  changeCounts,
  changeThreshold,
  changedMask,
  clampSwipe,
  deltaColor,
  deltaScale,
  diffKey,
  digitsFor,
  formatCityTime,
  formatValue,
  groupDiffs,
  improvementOf,
  niceScale,
  niceStep,
  pickDiff,
  rampColor,
  sharedScale,
  slotOfFeature,
  swipeClipPath,
  swipeFromKey,
  swipeFromPointer,
  validateDiff,
  valueColor,
} from './compareScale.ts';

/** A diff with the given entries. */
function mk(
  over: Partial<ScenarioMapDiff> & Pick<ScenarioMapDiff, 'index' | 'baseline' | 'scenario'>,
): ScenarioMapDiff {
  return {
    domain: 'traffic',
    id: 'speed',
    label: { zh: '车速', en: 'Speed' },
    unit: 'km/h',
    feature: 'roadLink',
    better: 'higher',
    ...over,
  };
}

/** A result holding diffs per domain (in the given, not DOMAIN_IDS, order). */
function result(parts: [ScenarioMapDiff['domain'], ScenarioMapDiff[]][]): ScenarioResult {
  return {
    spec: { base: { sceneName: 'x', startSimMs: 0, seed: 1, utcOffsetMin: 0, horizonH: 1 }, levers: {} },
    domains: parts.map(([domain, diffs]) => ({ domain, kpis: [], series: [], diffs, notes: [] })),
    kpis: [],
    elapsedMs: 0,
  };
}

describe('diff selection', () => {
  const speed = mk({ index: [1], baseline: [50], scenario: [20] });
  const depth = mk({
    domain: 'resilience',
    id: 'depth',
    feature: 'floodCell',
    index: [],
    baseline: [],
    scenario: [],
  });
  const shed = mk({
    domain: 'energy',
    id: 'shed',
    feature: 'district',
    index: [0],
    baseline: [0],
    scenario: [3],
  });
  const r = result([
    ['resilience', [depth]],
    ['traffic', [speed]],
    ['energy', [shed]],
    ['workload', []],
  ]);

  it('groups by domain in DOMAIN_IDS order and leaves out domains without diffs', () => {
    expect(groupDiffs(r).map((g) => [g.domain, g.diffs.map(diffKey)])).toEqual([
      ['traffic', ['traffic:speed']],
      ['energy', ['energy:shed']],
      ['resilience', ['resilience:depth']],
    ]);
  });

  it('keeps the previous choice when it still exists, else the first diff with changes', () => {
    expect(pickDiff(r, 'energy:shed')).toBe(shed);
    expect(pickDiff(r, 'gone:x')).toBe(speed);
    expect(pickDiff(r, null)).toBe(speed);
    // Only an empty diff: it is still shown (the map says nothing changed rather than nothing at all).
    expect(pickDiff(result([['resilience', [depth]]]), null)).toBe(depth);
    expect(pickDiff(result([]), null)).toBeNull();
  });

  it('validates lengths, ranges and duplicates with the diff, field and entry named', () => {
    expect(validateDiff(speed, 5)).toBeNull();
    expect(validateDiff(mk({ index: [1, 2], baseline: [1], scenario: [1, 2] }), 5)).toBe(
      'diff traffic:speed (roadLink): index has 2 entries, baseline 1, scenario 2; they must be equal',
    );
    expect(validateDiff(mk({ index: [5], baseline: [1], scenario: [2] }), 5)).toBe(
      'diff traffic:speed (roadLink): index[0] = 5 is not a feature (0…4)',
    );
    expect(validateDiff(mk({ index: [0, 1.5], baseline: [1, 1], scenario: [2, 2] }), 5)).toBe(
      'diff traffic:speed (roadLink): index[1] = 1.5 is not a feature (0…4)',
    );
    expect(validateDiff(mk({ index: [3, 3], baseline: [1, 1], scenario: [2, 2] }), 5)).toBe(
      'diff traffic:speed (roadLink): index[1] = 3 is listed twice',
    );
  });
});

describe('scales', () => {
  it('rounds steps to 1, 2, 5 × 10^k (Heckbert 1990)', () => {
    expect([0.03, 0.12, 0.3, 1, 1.01, 2.5, 7, 45].map(niceStep)).toEqual([0.05, 0.2, 0.5, 1, 2, 5, 10, 50]);
  });

  it('widens a range to nice ticks', () => {
    // 3…77 / 4 = 18.5 → step 20: 0, 20, 40, 60, 80.
    expect(niceScale(3, 77)).toEqual({ lo: 0, hi: 80, ticks: [0, 20, 40, 60, 80] });
    // 0.012…0.748 / 4 = 0.184 → step 0.2.
    expect(niceScale(0.012, 0.748)).toEqual({ lo: 0, hi: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    // A single value gets a pad either side: niceStep(5 / 10) = 0.5 → 4.5…5.5; step niceStep(1 / 4 = 0.25) = 0.5.
    expect(niceScale(5, 5)).toEqual({ lo: 4.5, hi: 5.5, ticks: [4.5, 5, 5.5] });
  });

  it('shares one scale over both sides and ignores non-finite values', () => {
    const d = mk({ index: [0, 1, 2], baseline: [40, 55, Number.NaN], scenario: [4, 61, 30] });
    expect(sharedScale(d)).toEqual({ lo: 0, hi: 80, ticks: [0, 20, 40, 60, 80] });
  });

  it('makes the Δ scale symmetric around 0', () => {
    const d = mk({ index: [0, 1], baseline: [40, 55], scenario: [4, 61] }); // Δ = −36, +6 → max 36 → step 20 → 40
    expect(deltaScale(d)).toEqual({ lo: -40, hi: 40, ticks: [-40, -20, 0, 20, 40] });
  });
});

describe('colours', () => {
  const out = [0, 0, 0];
  it('interpolates between stops', () => {
    rampColor(RAMP_BAD_TO_GOOD, 0.125, out); // halfway between stop 0 (215,48,39) and stop 1 (252,141,89)
    expect(out).toEqual([234, 95, 64]);
    rampColor(RAMP_VIRIDIS, 2, out); // clamped to the last stop
    expect(out).toEqual([253, 231, 37]);
  });

  it('puts green at the better end of the shared value scale', () => {
    const s = { lo: 0, hi: 80, ticks: [] };
    valueColor(80, s, 'higher', out);
    expect(out).toEqual([26, 152, 80]);
    valueColor(80, s, 'lower', out);
    expect(out).toEqual([215, 48, 39]);
    valueColor(Number.NaN, s, 'higher', out);
    expect(out).toEqual([...NO_VALUE]);
  });

  it('colours Δ green when it moves the better way, grey at no change', () => {
    const s = { lo: -40, hi: 40, ticks: [] };
    deltaColor(40, s, 'higher', out);
    expect(out).toEqual([...DELTA_BETTER]);
    deltaColor(40, s, 'lower', out);
    expect(out).toEqual([...DELTA_WORSE]);
    deltaColor(0, s, 'lower', out);
    expect(out).toEqual([...DELTA_MID]);
    expect([improvementOf(3, 'higher'), improvementOf(3, 'lower'), improvementOf(3, 'neutral')]).toEqual([
      1, -1, 0,
    ]);
    expect(improvementOf(0, 'higher')).toBe(0);
  });
});

describe('change threshold', () => {
  // Values 10…54 km/h → (54 − 10) / 4 = 11 → step 20 → shared scale 0…60; 5 % of the span = 3 km/h.
  const d = mk({
    index: [0, 1, 2, 3, 4],
    baseline: [50, 50, 50, 50, Number.NaN],
    scenario: [46, 53.9, 54, 20, 10],
  });
  const scale = sharedScale(d);
  it('is a fraction of the shared span, in the diff unit', () => {
    expect(scale).toEqual({ lo: 0, hi: 60, ticks: [0, 20, 40, 60] });
    expect(changeThreshold(scale, 0.05)).toBe(3);
  });
  it('marks |Δ| ≥ threshold and features that gained or lost a value', () => {
    // At 4 km/h: Δ −4 counts, +3.9 does not, +4 and −30 do, NaN → 10 does.
    const mask = changedMask(d, 4);
    expect([...mask]).toEqual([1, 0, 1, 1, 1]);
    // Δ: −4 worse, +4 better, −30 worse; NaN→10 changed but neither better nor worse.
    expect(changeCounts(d, mask)).toEqual({ changed: 4, better: 1, worse: 2 });
  });
  it('maps features to their slot', () => {
    expect([...slotOfFeature(mk({ index: [3, 0], baseline: [1, 1], scenario: [2, 2] }), 5)]).toEqual([
      1, -1, -1, 0, -1,
    ]);
  });
  it('outlines a region of cells, not each cell', () => {
    // 3×2 grid, cells (0,0) and (1,0) marked: a 2×1 rectangle → 6 unit edges.
    const e = cellMaskEdges(3, 2, Uint8Array.from([1, 1, 0, 0, 0, 0]));
    expect(e.length / 4).toBe(6);
    expect(e).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 0, 2, 1, 1, 0, 2, 0, 1, 1, 2, 1]);
  });
});

describe('swipe geometry', () => {
  it('follows the pointer within the view, clamped so the divider stays grabbable', () => {
    expect(swipeFromPointer(600, 100, 1000)).toBe(0.5);
    expect(swipeFromPointer(0, 100, 1000)).toBe(0.02);
    expect(swipeFromPointer(5000, 100, 1000)).toBe(0.98);
    expect(swipeFromPointer(5, 0, 0)).toBe(0.5);
    expect(clampSwipe(Number.NaN)).toBe(0.5);
  });
  it('steps with the keyboard', () => {
    expect(swipeFromKey(0.5, 'ArrowLeft', false)).toBeCloseTo(0.48, 12);
    expect(swipeFromKey(0.5, 'ArrowRight', true)).toBeCloseTo(0.6, 12);
    expect(swipeFromKey(0.5, 'Home', false)).toBe(0.02);
    expect(swipeFromKey(0.5, 'End', false)).toBe(0.98);
    expect(swipeFromKey(0.5, 'a', false)).toBeNull();
  });
  it('clips the scenario left of the divider away', () => {
    expect(swipeClipPath(0.25)).toBe('inset(0 0 0 25.00%)');
  });
});

describe('formatting', () => {
  it('picks decimals from the span and signs deltas', () => {
    expect([digitsFor(80), digitsFor(0.8), digitsFor(1000), digitsFor(0)]).toEqual([1, 3, 0, 0]);
    expect(formatValue(12.345, 'km/h', 1)).toBe('12.3 km/h');
    expect(formatValue(4, 'm', 2, true)).toBe('+4.00 m');
    expect(formatValue(-0.0001, '', 2, true)).toBe('0.00');
    expect(formatValue(Number.NaN, 'm', 2)).toBe('—');
  });
  it('writes the fork time in the city clock', () => {
    // 2026-07-14 09:30 UTC = 17:30 at UTC+8.
    expect(formatCityTime(Date.UTC(2026, 6, 14, 9, 30), 480)).toBe('2026-07-14 17:30 UTC+08:00');
    expect(formatCityTime(Date.UTC(2026, 0, 1, 2, 0), -330)).toBe('2025-12-31 20:30 UTC-05:30');
  });
});
