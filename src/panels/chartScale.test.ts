import { describe, expect, it } from 'vitest';
import {
  finiteExtent,
  linearScale,
  niceAxis,
  niceStep,
  seriesPath,
  tickLabel,
  timeTicks,
} from './chartScale.ts';

describe('chart scaling', () => {
  it('finiteExtent ignores NaN and infinities; null when nothing is finite', () => {
    expect(finiteExtent([3, Number.NaN, -2, Number.POSITIVE_INFINITY, 7])).toEqual({ min: -2, max: 7 });
    expect(finiteExtent(new Float32Array([Number.NaN, Number.NaN]))).toBeNull();
    expect(finiteExtent([])).toBeNull();
  });

  it('niceStep picks 1, 2 or 5 × 10^k at or above span / ticks', () => {
    // 47 / 4 = 11.75 → 20; 1 / 4 = 0.25 → 0.5; 1000 / 5 = 200 → 200; 0.07 / 3 = 0.0233 → 0.05
    expect(niceStep(47, 4)).toBe(20);
    expect(niceStep(1, 4)).toBe(0.5);
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(0.07, 3)).toBeCloseTo(0.05, 12);
    expect(niceStep(0, 4)).toBe(1);
  });

  it('niceAxis widens to whole steps and includes the floor', () => {
    // speeds 23..61 km/h from 0: span 61, step niceStep(61, 3) = 61/3 = 20.3 → 50; axis 0..100
    expect(niceAxis({ min: 23, max: 61 }, 3, 0)).toEqual({ min: 0, max: 100, step: 50, ticks: [0, 50, 100] });
    // v/c 0.42..1.13 from 0: step 1.13/3 = 0.377 → 0.5; axis 0..1.5
    expect(niceAxis({ min: 0.42, max: 1.13 }, 3, 0)).toEqual({
      min: 0,
      max: 1.5,
      step: 0.5,
      ticks: [0, 0.5, 1, 1.5],
    });
    // no floor: 0.1 + 0.2 style drift does not leak into ticks
    expect(niceAxis({ min: 0.1, max: 0.7 }, 6).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('niceAxis widens a flat series so the line is not on an edge', () => {
    // flat 50 with floor 0: lo 0, hi 55 (+10%), step 55/4 = 13.75 → 20, axis 0..60
    const a = niceAxis({ min: 50, max: 50 }, 4, 0);
    expect(a.min).toBe(0);
    expect(a.max).toBe(60);
    // flat 0 without floor: ±1 → −1..1
    expect(niceAxis({ min: 0, max: 0 }, 2)).toEqual({ min: -1, max: 1, step: 1, ticks: [-1, 0, 1] });
  });

  it('linearScale maps the domain onto the range, inverted ranges included', () => {
    const sy = linearScale(0, 100, 64, 0);
    expect(sy(0)).toBe(64);
    expect(sy(100)).toBe(0);
    expect(sy(25)).toBe(48);
    expect(linearScale(5, 5, 10, 20)(123)).toBe(15);
  });

  it('timeTicks lands on round clock minutes in the city zone', () => {
    const h = 3600_000;
    // 07:10 .. 09:40 UTC (150 min, max 4 ticks): 150/30 = 5 > 4, 150/60 = 2.5 → 60 min: 08:00, 09:00
    const t0 = Date.UTC(2026, 2, 2, 7, 10);
    const t1 = Date.UTC(2026, 2, 2, 9, 40);
    expect(timeTicks(t0, t1, 4)).toEqual({ stepMin: 60, ticks: [t0 + 50 * 60_000, t0 + 50 * 60_000 + h] });
    // 2 h steps on the UTC+8 clock fall on even local hours = even UTC hours; 3 h steps differ: local 00,03,06..
    // = UTC 16,19,22,01 → in 00:00..12:00 UTC the ticks are 01:00, 04:00, 07:00, 10:00 UTC.
    const d0 = Date.UTC(2026, 2, 2, 0, 0);
    const r = timeTicks(d0, d0 + 12 * h, 4, 8 * h);
    expect(r.stepMin).toBe(180);
    expect(r.ticks).toEqual([d0 + h, d0 + 4 * h, d0 + 7 * h, d0 + 10 * h]);
    expect(timeTicks(d0, d0, 4)).toEqual({ stepMin: 0, ticks: [d0] });
  });

  it('seriesPath breaks at missing values and counts the points drawn', () => {
    const id = (v: number) => v;
    const { d, points } = seriesPath([0, 1, 2, 3, 4], [5, Number.NaN, 7, 8, 9], id, id);
    expect(d).toBe('M0.0,5.0M2.0,7.0L3.0,8.0L4.0,9.0');
    expect(points).toBe(4);
    expect(seriesPath([], [], id, id)).toEqual({ d: '', points: 0 });
  });

  it('tickLabel is short', () => {
    expect(tickLabel(1500)).toBe('1.5k');
    expect(tickLabel(2000)).toBe('2k');
    expect(tickLabel(12000)).toBe('12k');
    expect(tickLabel(0.25)).toBe('0.25');
    expect(tickLabel(60)).toBe('60');
    expect(tickLabel(0)).toBe('0');
  });
});
