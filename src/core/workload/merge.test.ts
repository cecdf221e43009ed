import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from './merge.ts';
import { applyAction, createOrder } from './stateMachine.ts';
import { T0, report } from './testFixtures.ts';
import type { Report, TransitionResult, WorkOrder } from './types.ts';

const op = { kind: 'operator', id: 'op' } as const;
const H = 3_600_000;
const order = (r: TransitionResult): WorkOrder => {
  if (!r.ok) throw new Error(r.reason);
  return r.order;
};
const open = (id: string, over: Partial<Report>): WorkOrder =>
  order(createOrder(report(`rep:${id}`, over), id, 1, op));

describe('DuplicateIndex (100 m, 2 h)', () => {
  const idx = new DuplicateIndex(100, 2 * H);
  idx.update(open('wo:a', { x: 0, y: 0 }));
  idx.update(open('wo:b', { x: 150, y: 0 })); // 150 m from a
  idx.update(open('wo:n', { x: 10, y: 0, category: 'noise' }));
  const q = (x: number, y: number, over: Partial<Report> = {}) =>
    idx.find({ category: 'garbage', x, y, simTimeMs: T0, ...over });

  it('finds the nearest open order of the same category within the radius', () => {
    expect(q(60, 0)).toBe('wo:a'); // 60 m to a, 90 m to b
    expect(q(90, 0)).toBe('wo:b'); // 90 m to a, 60 m to b
    expect(q(75, 0)).toBe('wo:a'); // 75 m to both: tie → smaller id
    expect(q(0, 100)).toBe('wo:a'); // exactly 100 m: inclusive
    expect(q(0, 100.01)).toBeNull();
    expect(q(-60, -80)).toBe('wo:a'); // 3-4-5: 100 m across a cell corner
    expect(q(10, 0, { category: 'noise' })).toBe('wo:n');
    expect(q(400, 0)).toBeNull();
    expect(q(0, 0, { category: 'pothole' })).toBeNull();
    expect(q(0, 0, { category: 'ufo' })).toBeNull();
  });
  it('respects the time window (inclusive) and the newest report time', () => {
    expect(q(0, 0, { simTimeMs: T0 + 2 * H })).toBe('wo:a');
    expect(q(0, 0, { simTimeMs: T0 + 2 * H + 1 })).toBeNull();
    idx.update(open('wo:a', { x: 0, y: 0 }), T0 + H); // a merged a report at T0 + 1 h
    expect(q(0, 0, { simTimeMs: T0 + 3 * H })).toBe('wo:a');
  });
  it('drops orders that leave the mergeable stages, and prunes stale ones', () => {
    const i2 = new DuplicateIndex();
    let a = open('wo:a', { x: 0, y: 0 });
    i2.update(a);
    let seq = 2;
    for (const act of [
      { kind: 'accept' },
      { kind: 'dispatch', department: 'cg' },
      { kind: 'start' },
      { kind: 'handle', note: '' },
    ] as const) {
      a = order(applyAction(a, act, op, T0, seq++));
      i2.update(a);
      expect(i2.size).toBe(act.kind === 'handle' ? 0 : 1);
    }
    i2.update(open('wo:c', { x: 0, y: 0 }));
    expect(i2.prune(T0 + 2 * H)).toBe(0);
    expect(i2.prune(T0 + 2 * H + 1)).toBe(1);
    expect(i2.size).toBe(0);
  });
  it('handles negative and far coordinates and rejects a bad radius', () => {
    const i3 = new DuplicateIndex(50);
    i3.update(open('wo:f', { x: -123_456.7, y: 98_765.4 }));
    expect(i3.find({ category: 'garbage', x: -123_456.7 + 30, y: 98_765.4 - 40, simTimeMs: T0 })).toBe(
      'wo:f',
    );
    expect(() => new DuplicateIndex(0)).toThrow('radiusM must be > 0');
  });
});
