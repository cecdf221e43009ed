import { describe, expect, it } from 'vitest';
import { dueEscalations, nextSlaChangeMs, slaStatus } from './sla.ts';
import { applyAction, createOrder } from './stateMachine.ts';
import { T0, report } from './testFixtures.ts';
import type { TransitionResult, WorkOrder } from './types.ts';

const MIN = 60_000;
const op = { kind: 'operator', id: 'op' } as const;
const sys = { kind: 'system', id: 'sla' } as const;
const order = (r: TransitionResult): WorkOrder => {
  if (!r.ok) throw new Error(r.reason);
  return r.order;
};

describe('slaStatus', () => {
  // garbage P3: accept within 30 min → warning from 24 min (20 % = 6 min left), overdue after 30.
  const o = order(createOrder(report('r'), 'wo:1', 1, op));
  it.each([
    [0, { warning: false, overdue: false, remainingMs: 30 * MIN }],
    [23.99, { warning: false, overdue: false }],
    [24, { warning: true, overdue: false, remainingMs: 6 * MIN }],
    [30, { warning: true, overdue: false, remainingMs: 0 }],
    [30.01, { warning: false, overdue: true }],
  ])('accept clock at +%f min', (m, want) => {
    expect(slaStatus(o, T0 + m * MIN)).toMatchObject({ stage: 'accept', dueMs: T0 + 30 * MIN, ...want });
  });
  it('follows the stage: dispatch clock after accept, none once handled', () => {
    const a = order(applyAction(o, { kind: 'accept' }, op, T0 + 10 * MIN, 2));
    expect(slaStatus(a, T0 + 10 * MIN)).toMatchObject({ stage: 'dispatch', dueMs: T0 + 70 * MIN });
    const d = order(applyAction(a, { kind: 'dispatch', department: 'cg' }, op, T0 + 20 * MIN, 3));
    const s = order(applyAction(d, { kind: 'start' }, op, T0 + 20 * MIN, 4));
    expect(slaStatus(s, T0 + 20 * MIN)).toMatchObject({
      stage: 'handle',
      dueMs: T0 + 20 * MIN + 24 * 60 * MIN,
    });
    const h = order(applyAction(s, { kind: 'handle', note: '' }, op, T0 + 30 * MIN, 5));
    expect(slaStatus(h, T0 + 1e9)).toEqual({
      stage: null,
      dueMs: NaN,
      remainingMs: NaN,
      warning: false,
      overdue: false,
    });
  });
});

describe('dueEscalations', () => {
  const o = order(createOrder(report('r'), 'wo:1', 1, op));
  it('level 1 at the deadline, level 2 after a further allowance; applying them stops repeats', () => {
    expect(dueEscalations(o, T0 + 29 * MIN)).toEqual([]);
    expect(dueEscalations(o, T0 + 30 * MIN)).toEqual([{ kind: 'escalate', level: 1, stage: 'accept' }]);
    const both = dueEscalations(o, T0 + 60 * MIN);
    expect(both).toEqual([
      { kind: 'escalate', level: 1, stage: 'accept' },
      { kind: 'escalate', level: 2, stage: 'accept' },
    ]);
    let cur = o;
    let seq = 2;
    for (const a of both) cur = order(applyAction(cur, a, sys, T0 + 60 * MIN, seq++));
    expect(cur.escalation).toBe(2);
    expect(dueEscalations(cur, T0 + 600 * MIN)).toEqual([]);
  });
  it('nextSlaChangeMs: warning, deadline, level 2, then nothing', () => {
    expect(nextSlaChangeMs(o, T0)).toBe(T0 + 24 * MIN);
    expect(nextSlaChangeMs(o, T0 + 24 * MIN)).toBe(T0 + 30 * MIN);
    expect(nextSlaChangeMs(o, T0 + 30 * MIN)).toBe(T0 + 60 * MIN);
    expect(nextSlaChangeMs(o, T0 + 60 * MIN)).toBe(Infinity);
  });
});
