/** KPI history messages: query validation (precise reasons), answer decoding, nearest-sample matching. */
import { describe, expect, it } from 'vitest';
import {
  HISTORY_MATCH_MS,
  nearestPoint,
  powerBalanceMw,
  validateHistoryAnswer,
  validateHistoryQuery,
} from './historyMessages.ts';

describe('validateHistoryQuery', () => {
  it('accepts ids and a time, with an optional series span', () => {
    expect(validateHistoryQuery({ ids: ['traffic.tti'], atSimMs: 5 })).toEqual({
      ids: ['traffic.tti'],
      atSimMs: 5,
    });
    expect(validateHistoryQuery({ ids: ['a'], atSimMs: 0, seriesH: 6 })).toEqual({
      ids: ['a'],
      atSimMs: 0,
      seriesH: 6,
    });
  });

  it('names the field and the reason', () => {
    expect(validateHistoryQuery(null)).toBe('historyQuery: must be an object');
    expect(validateHistoryQuery({ atSimMs: 0 })).toBe('historyQuery.ids: must be an array of KPI ids');
    expect(validateHistoryQuery({ ids: ['a', 3], atSimMs: 0 })).toBe(
      'historyQuery.ids[1]: must be a string of 1…64 characters',
    );
    expect(validateHistoryQuery({ ids: new Array(65).fill('a'), atSimMs: 0 })).toBe(
      'historyQuery.ids: must hold 1…64 ids (got 65)',
    );
    expect(validateHistoryQuery({ ids: ['a'], atSimMs: Number.NaN })).toBe(
      'historyQuery.atSimMs: must be a finite number ≥ 0 (ms since the Unix epoch)',
    );
    expect(validateHistoryQuery({ ids: ['a'], atSimMs: 1, seriesH: -1 })).toBe(
      'historyQuery.seriesH: must be a number 0…48 (got -1)',
    );
  });
});

describe('nearestPoint', () => {
  const s: [number, number][] = [
    [1000, 1],
    [301_000, 2],
    [601_000, 3],
  ];
  it('takes the nearest sample within ±10 min', () => {
    expect(nearestPoint(s, 400_000, 'none')).toEqual({ value: 2, simMs: 301_000, reason: null });
    expect(nearestPoint(s, 1000 - HISTORY_MATCH_MS, 'none')).toEqual({ value: 1, simMs: 1000, reason: null });
  });
  it('is null with the reason beyond ±10 min', () => {
    expect(nearestPoint(s, 1000 - HISTORY_MATCH_MS - 1, 'no record yet: x')).toEqual({
      value: null,
      simMs: null,
      reason: 'no record yet: x',
    });
  });
});

describe('validateHistoryAnswer', () => {
  it('accepts a good answer and refuses a point with a value and a reason', () => {
    const row = {
      now: { value: 1, simMs: 2, reason: null },
      yesterday: { value: null, simMs: null, reason: 'no record yet: no history yet' },
      lastWeek: { value: null, simMs: null, reason: 'no record yet: no history yet' },
      series: [[2, 1]],
    };
    const a = { ok: true, atSimMs: 2, firstSimMs: 2, rows: { 'traffic.tti': row } };
    expect(validateHistoryAnswer(a)).toEqual(a);
    expect(
      validateHistoryAnswer({ ...a, rows: { x: { ...row, now: { value: 1, simMs: 2, reason: 'x' } } } }),
    ).toBe('historyAnswer.rows.x.now: value+simMs, or null with a reason');
    expect(validateHistoryAnswer({ ok: false, reason: 'r' })).toEqual({ ok: false, reason: 'r' });
  });
});

describe('powerBalanceMw', () => {
  it('is local supply − demand: 30 + 12 + 3 + 5 − 2 − 100 = −52 MW', () => {
    expect(
      powerBalanceMw({
        simTimeMs: 0,
        importMw: 0,
        thermalMw: 30,
        pvMw: 12,
        windMw: 3,
        storageDischargeMw: 5,
        storageChargeMw: 2,
        loadMw: 100,
        demandMw: 100,
        shedMw: 0,
        unservedMw: 0,
        curtailedMw: 0,
        lossesMw: 0,
        renewableShare: 0,
        carbonIntensityGPerKwh: 0,
        emissionsTPerH: 0,
      }),
    ).toBe(-52);
  });
});
