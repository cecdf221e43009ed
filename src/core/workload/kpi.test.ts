import { describe, expect, it } from 'vitest';
import { percentileNearestRank, workloadKpis } from './kpi.ts';
import { applyAction, createOrder, foldEvents } from './stateMachine.ts';
import { T0, report } from './testFixtures.ts';
import type { Report, WorkOrderAction, WorkOrderEvent } from './types.ts';

const M = 60_000;
const H = 3_600_000;
const op = { kind: 'operator', id: 'op' } as const;

/**
 * A hand-made log (garbage P3: accept 30 min, dispatch 60 min, handle 24 h; noise P3: handle 168 h):
 *   wo:1 garbage @0: accept +10m, dispatch cg +20m, start +30m, handle +140m, verify +150m, close +180m;
 *        rep:5 merged at +25m                                   → handle 2 h, closure 3 h
 *   wo:2 garbage @+5m: accept +40m (LATE, due +35m), dispatch cg +50m, start +60m, handle +50m+26h (LATE),
 *        verify, close +50m+27h                                 → handle 26 h, closure 27 h 45 m
 *   wo:3 garbage @+10m: rejected as duplicate of wo:1 at +15m
 *   wo:4 noise @+20m: accept +30m, dispatch sthj +200m (LATE, due +90m), still dispatched
 *   wo:5 garbage @+29h: still reported at now = +30h (accept due +29h30m: overdue)
 */
function log(): WorkOrderEvent[] {
  const events: WorkOrderEvent[] = [];
  let seq = 1;
  const create = (id: string, r: Report): void => {
    const c = createOrder(r, id, seq++, op);
    if (!c.ok) throw new Error(c.reason);
    events.push(c.event);
  };
  const act = (id: string, a: WorkOrderAction, tMs: number): void => {
    const o = foldEvents(events).get(id);
    if (o === undefined) throw new Error(id);
    const r = applyAction(o, a, op, T0 + tMs, seq++);
    if (!r.ok) throw new Error(r.reason);
    events.push(r.event);
  };
  create('wo:1', report('rep:1'));
  create('wo:2', report('rep:2', { simTimeMs: T0 + 5 * M }));
  act('wo:1', { kind: 'accept' }, 10 * M);
  create('wo:3', report('rep:3', { simTimeMs: T0 + 10 * M }));
  act('wo:3', { kind: 'reject', reason: 'duplicate', duplicateOf: 'wo:1' }, 15 * M);
  act('wo:1', { kind: 'dispatch', department: 'cg' }, 20 * M);
  create('wo:4', report('rep:4', { simTimeMs: T0 + 20 * M, category: 'noise' }));
  const r5 = report('rep:5', { simTimeMs: T0 + 25 * M, reporter: 'cam:1' });
  act('wo:1', { kind: 'merge', reportIds: ['rep:5'], reports: [r5] }, 25 * M);
  act('wo:1', { kind: 'start' }, 30 * M);
  act('wo:4', { kind: 'accept' }, 30 * M);
  act('wo:2', { kind: 'accept' }, 40 * M);
  act('wo:2', { kind: 'dispatch', department: 'cg' }, 50 * M);
  act('wo:2', { kind: 'start' }, 60 * M);
  act('wo:1', { kind: 'handle', note: '' }, 140 * M);
  act('wo:1', { kind: 'verify', ok: true }, 150 * M);
  act('wo:1', { kind: 'close' }, 180 * M);
  act('wo:4', { kind: 'dispatch', department: 'sthj' }, 200 * M);
  act('wo:2', { kind: 'handle', note: '' }, 50 * M + 26 * H);
  act('wo:2', { kind: 'verify', ok: true }, 50 * M + 26.5 * H);
  act('wo:2', { kind: 'close' }, 50 * M + 27 * H);
  create('wo:5', report('rep:6', { simTimeMs: T0 + 29 * H }));
  return events;
}

describe('workloadKpis on a hand-computed log', () => {
  const events = log();
  const orders = foldEvents(events);
  const k = workloadKpis(orders.values(), events, T0 + 30 * H, 'department');
  it('overall', () => {
    expect(k.all).toEqual({
      orders: 5,
      reports: 6,
      closed: 2,
      rejected: 1,
      closureRate: 2 / 4,
      onTimeRate: { accept: 3 / 4, dispatch: 2 / 3, handle: 1 / 2 },
      finished: { accept: 4, dispatch: 3, handle: 2 },
      meanHandleH: (2 + 26) / 2,
      p90HandleH: 26, // rank ⌈0.9·2⌉ = 2
      meanCloseH: (3 + 27.75) / 2,
      p90CloseH: 27.75,
      // open now: wo:4, wo:5; open at +6 h: wo:2, wo:4 → trend 0 per day.
      backlog: 2,
      backlogTrendPerDay: 0,
      reopenRate: 0,
      duplicateRate: 2 / 6, // rep:5 merged + wo:3 rejected as duplicate, of 6 reports
      overdueNow: 1,
      escalated: 0,
    });
  });
  it('by department', () => {
    expect([...k.groups.keys()]).toEqual(['cg', 'none', 'sthj']);
    const cg = k.groups.get('cg');
    expect(cg).toMatchObject({ orders: 2, closed: 2, closureRate: 1, backlog: 0, backlogTrendPerDay: -1 });
    expect(cg?.onTimeRate).toEqual({ accept: 0.5, dispatch: 1, handle: 0.5 });
    expect(k.groups.get('sthj')).toMatchObject({ orders: 1, backlog: 1, onTimeRate: { dispatch: 0 } });
    expect(k.groups.get('none')).toMatchObject({ orders: 2, rejected: 1, overdueNow: 1, closureRate: 0 });
  });
  it('by category and grid cell; a 12 h trend window', () => {
    const c = workloadKpis(orders.values(), events, T0 + 30 * H, 'category', 12 * H);
    expect([...c.groups.keys()]).toEqual(['garbage', 'noise']);
    // at +18 h: open wo:2, wo:4 (2); now 2 → 0 per day
    expect(c.all.backlogTrendPerDay).toBe(0);
    const g = workloadKpis(orders.values(), events, T0 + 30 * H, 'gridCell');
    expect([...g.groups.keys()]).toEqual(['4']);
    // Early: at +1 h (events after now are ignored only for the backlog history; orders are the caller's).
    expect(workloadKpis([], [], T0).all.closureRate).toBeNaN();
  });
  it('percentileNearestRank', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentileNearestRank(xs, 0.9)).toBe(9);
    expect(percentileNearestRank(xs, 0.91)).toBe(10);
    expect(percentileNearestRank([7], 0.9)).toBe(7);
    expect(percentileNearestRank([], 0.9)).toBeNaN();
  });
});
