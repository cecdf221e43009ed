import { describe, expect, it } from 'vitest';
import { applyAction, createOrder, foldEvents, slaStageOf } from './stateMachine.ts';
import { T0, report } from './testFixtures.ts';
import type { Actor, TransitionResult, WorkOrder, WorkOrderAction, WorkOrderEvent } from './types.ts';

const MIN = 60_000;
const H = 3_600_000;
const op: Actor = { kind: 'operator', id: 'op:1' };
const sys: Actor = { kind: 'system', id: 'sla' };

function ok(r: TransitionResult): { order: WorkOrder; event: WorkOrderEvent } {
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** Drives one order through a script of [action, minutes after T0]; returns the orders and the log. */
function run(steps: readonly [WorkOrderAction, number, Actor?][], rep = report('rep:1')) {
  const log: WorkOrderEvent[] = [];
  let { order, event } = ok(createOrder(rep, 'wo:1', 1, op));
  log.push(event);
  let seq = 2;
  for (const [a, m, actor] of steps) {
    ({ order, event } = ok(applyAction(order, a, actor ?? op, T0 + m * MIN, seq++)));
    log.push(event);
  }
  return { order, log };
}

describe('createOrder', () => {
  it('opens a reported order with the accept clock started (garbage P3: 30 min)', () => {
    const { order, event } = ok(createOrder(report('rep:1'), 'wo:1', 7, op));
    expect(order.stage).toBe('reported');
    expect(order.sla.acceptByMs).toBe(T0 + 30 * MIN);
    expect(Number.isNaN(order.sla.dispatchByMs) && Number.isNaN(order.sla.handleByMs)).toBe(true);
    expect(order.reporters).toEqual(['citizen:rep:1']);
    expect(order.version).toBe(7);
    expect(event).toMatchObject({ seq: 7, orderId: 'wo:1', from: null, to: 'reported', simTimeMs: T0 });
  });
  it('refuses a bad report with a reason naming the order, report and field', () => {
    const r = createOrder(report('rep:9', { category: 'ufo' }), 'wo:9', 1, op);
    expect(r).toEqual({
      ok: false,
      reason: 'create wo:9: report "rep:9": category "ufo" is not in the taxonomy',
    });
    const p = createOrder(report('rep:9', { priority: 7 as 1 }), 'wo:9', 1, op);
    expect(p.ok || p.reason).toContain('priority 7');
    const x = createOrder(report('rep:9', { x: NaN }), 'wo:9', 1, op);
    expect(x.ok || x.reason).toContain('x/y must be finite');
  });
});

describe('applyAction: the full lifecycle', () => {
  it('reported → accepted → dispatched → inProgress → handled → verified → closed, clocks and timestamps', () => {
    const { order, log } = run([
      [{ kind: 'accept' }, 10],
      [{ kind: 'dispatch', department: 'cg' }, 40],
      [{ kind: 'start', unit: 'unit:cg-3' }, 60],
      [{ kind: 'handle', note: 'cleared' }, 120],
      [{ kind: 'verify', ok: true }, 150],
      [{ kind: 'close' }, 160],
    ]);
    expect(log.map((e) => `${String(e.from)}>${e.to}`)).toEqual([
      'null>reported',
      'reported>accepted',
      'accepted>dispatched',
      'dispatched>inProgress',
      'inProgress>handled',
      'handled>verified',
      'verified>closed',
    ]);
    expect(order.stage).toBe('closed');
    // dispatch clock: accepted at +10 min, 60 min allowance; handle clock: dispatched at +40 min, 24 h.
    expect(order.sla).toEqual({
      acceptByMs: T0 + 30 * MIN,
      dispatchByMs: T0 + 70 * MIN,
      handleByMs: T0 + 40 * MIN + 24 * H,
    });
    expect([order.acceptedMs, order.dispatchedMs, order.startedMs, order.handledMs, order.closedMs]).toEqual(
      [10, 40, 60, 120, 160].map((m) => T0 + m * MIN),
    );
    expect(order.department).toBe('cg');
    expect(order.unit).toBe('unit:cg-3');
    expect(order.slaLate).toEqual({ accept: false, dispatch: false, handle: false });
    expect(order.stageSinceMs).toBe(T0 + 160 * MIN);
    expect(order.version).toBe(7);
  });

  it('marks late stages: accepted at +31 min (due +30), dispatched after its 60 min', () => {
    const { order } = run([
      [{ kind: 'accept' }, 31],
      [{ kind: 'dispatch', department: 'cg' }, 31 + 61],
    ]);
    expect(order.slaLate).toEqual({ accept: true, dispatch: true, handle: false });
  });

  it('refuse → back to accepted, refuseCount, fresh dispatch clock, handle clock kept; re-dispatch', () => {
    const { order } = run([
      [{ kind: 'accept' }, 0],
      [{ kind: 'dispatch', department: 'jt' }, 5],
      [{ kind: 'refuse', reason: 'not ours' }, 20, { kind: 'department', id: 'jt' }],
    ]);
    expect(order.stage).toBe('accepted');
    expect(order.department).toBeNull();
    expect(order.refuseCount).toBe(1);
    expect(order.sla.dispatchByMs).toBe(T0 + 80 * MIN);
    expect(order.sla.handleByMs).toBe(T0 + 5 * MIN + 24 * H);
    const r = ok(applyAction(order, { kind: 'dispatch', department: 'cg' }, op, T0 + 30 * MIN, 10));
    expect(r.order.department).toBe('cg');
    expect(r.order.dispatchedMs).toBe(T0 + 5 * MIN); // first dispatch
    expect(r.order.sla.handleByMs).toBe(T0 + 5 * MIN + 24 * H);
  });

  it('verify not ok → back to inProgress; reopen → dispatched to the last department with a fresh handle clock', () => {
    const { order } = run([
      [{ kind: 'accept' }, 0],
      [{ kind: 'dispatch', department: 'cg' }, 0],
      [{ kind: 'start' }, 10],
      [{ kind: 'handle', note: 'done' }, 20],
      [{ kind: 'verify', ok: false, note: 'still dirty' }, 30, { kind: 'reporter', id: 'c' }],
      [{ kind: 'handle', note: 'done again' }, 40],
      [{ kind: 'verify', ok: true }, 50, { kind: 'inspector', id: 'i' }],
      [{ kind: 'close' }, 60],
      [{ kind: 'reopen', reason: 'back again' }, 600],
    ]);
    expect(order.stage).toBe('dispatched');
    expect(order.department).toBe('cg');
    expect(order.reopenCount).toBe(1);
    expect(Number.isNaN(order.closedMs) && Number.isNaN(order.handledMs)).toBe(true);
    expect(order.sla.handleByMs).toBe(T0 + 600 * MIN + 24 * H);
    expect(order.startedMs).toBe(T0 + 10 * MIN);
  });

  it('reject: invalid, or duplicate naming the order', () => {
    const { order } = run([[{ kind: 'reject', reason: 'duplicate', duplicateOf: 'wo:0' }, 1]]);
    expect(order.stage).toBe('rejected');
    const c = ok(createOrder(report('r'), 'wo:5', 1, op)).order;
    const r = applyAction(c, { kind: 'reject', reason: 'duplicate' }, op, T0, 2);
    expect(r.ok || r.reason).toBe(
      'order wo:5 (stage reported): cannot reject: a duplicate names the order it duplicates (duplicateOf)',
    );
  });

  it('merge attaches reports, reporters and sources; comment keeps the stage', () => {
    const extra = report('rep:2', { reporter: 'cam:7', source: 'video' });
    const same = report('rep:3', { reporter: 'citizen:rep:1' });
    const { order, log } = run([
      [{ kind: 'merge', reportIds: ['rep:2', 'rep:3'], reports: [extra, same] }, 3],
      [{ kind: 'comment', text: 'two more reports' }, 4],
    ]);
    expect(order.stage).toBe('reported');
    expect(order.reportIds).toEqual(['rep:1', 'rep:2', 'rep:3']);
    expect(order.reporters).toEqual(['citizen:rep:1', 'cam:7']);
    expect(order.sources).toEqual(['app', 'video']);
    expect(order.stageSinceMs).toBe(T0);
    expect(log[1]).toMatchObject({ from: 'reported', to: 'reported' });
    const again = applyAction(order, { kind: 'merge', reportIds: ['rep:2'] }, op, T0 + 5 * MIN, 9);
    expect(again.ok || again.reason).toBe(
      'order wo:1 (stage reported): cannot merge: report "rep:2" is already part of it',
    );
    const other = applyAction(
      order,
      { kind: 'merge', reportIds: ['rep:4'], reports: [report('rep:4', { category: 'noise' })] },
      op,
      T0 + 5 * MIN,
      9,
    );
    expect(other.ok || other.reason).toContain('has category noise, the order garbage');
  });

  it('escalates only from the system, for the running clock, when due: level 1 at the deadline, 2 at twice', () => {
    const o = ok(createOrder(report('rep:1'), 'wo:1', 1, op)).order; // accept due +30 min, allowance 30 min
    const early = applyAction(o, { kind: 'escalate', level: 1, stage: 'accept' }, sys, T0 + 29 * MIN, 2);
    expect(early.ok || early.reason).toContain('level 1 is due at');
    const byOp = applyAction(o, { kind: 'escalate', level: 1, stage: 'accept' }, op, T0 + 31 * MIN, 2);
    expect(byOp.ok || byOp.reason).toContain('only the system escalates');
    const wrong = applyAction(o, { kind: 'escalate', level: 1, stage: 'handle' }, sys, T0 + 31 * MIN, 2);
    expect(wrong.ok || wrong.reason).toContain('the handle clock is not running (running: accept)');
    const l1 = ok(
      applyAction(o, { kind: 'escalate', level: 1, stage: 'accept' }, sys, T0 + 30 * MIN, 2),
    ).order;
    expect(l1.escalation).toBe(1);
    const l2early = applyAction(l1, { kind: 'escalate', level: 2, stage: 'accept' }, sys, T0 + 59 * MIN, 3);
    expect(l2early.ok).toBe(false);
    const l2 = ok(
      applyAction(l1, { kind: 'escalate', level: 2, stage: 'accept' }, sys, T0 + 60 * MIN, 3),
    ).order;
    expect(l2.escalation).toBe(2);
    const l3 = applyAction(l2, { kind: 'escalate', level: 3, stage: 'accept' }, sys, T0 + 600 * MIN, 4);
    expect(l3.ok || l3.reason).toContain('level must be 1…2');
  });
});

describe('applyAction: illegal moves are refused with a clear reason', () => {
  const created = ok(createOrder(report('rep:1'), 'wo:1', 1, op)).order;
  const closed = run([
    [{ kind: 'accept' }, 0],
    [{ kind: 'dispatch', department: 'cg' }, 0],
    [{ kind: 'start' }, 0],
    [{ kind: 'handle', note: '' }, 0],
    [{ kind: 'verify', ok: true }, 0],
    [{ kind: 'close' }, 0],
  ]).order;
  const cases: [WorkOrder, WorkOrderAction, string][] = [
    [
      created,
      { kind: 'dispatch', department: 'cg' },
      'order wo:1 (stage reported): cannot dispatch: only legal in stage accepted',
    ],
    [created, { kind: 'close' }, 'order wo:1 (stage reported): cannot close: only legal in stage verified'],
    [
      created,
      { kind: 'handle', note: '' },
      'order wo:1 (stage reported): cannot handle: only legal in stage inProgress',
    ],
    [
      created,
      { kind: 'reopen', reason: 'x' },
      'order wo:1 (stage reported): cannot reopen: only legal in stage closed',
    ],
    [
      created,
      { kind: 'refuse', reason: 'x' },
      'order wo:1 (stage reported): cannot refuse: only legal in stage dispatched',
    ],
    [created, { kind: 'start' }, 'order wo:1 (stage reported): cannot start: only legal in stage dispatched'],
    [
      created,
      { kind: 'verify', ok: true },
      'order wo:1 (stage reported): cannot verify: only legal in stage handled',
    ],
    [closed, { kind: 'accept' }, 'order wo:1 (stage closed): cannot accept: only legal in stage reported'],
    [
      closed,
      { kind: 'comment', text: 'hi' },
      'order wo:1 (stage closed): cannot comment: the order is closed',
    ],
    [
      closed,
      { kind: 'merge', reportIds: ['r'] },
      'order wo:1 (stage closed): cannot merge: the order is closed',
    ],
    [
      created,
      { kind: 'comment', text: ' ' },
      'order wo:1 (stage reported): cannot comment: the comment is empty',
    ],
  ];
  it.each(cases)('%#', (order, action, reason) => {
    expect(applyAction(order, action, op, T0 + 100 * MIN, 100)).toEqual({ ok: false, reason });
  });
  it('refuses an unknown department, an old seq and a time before the stage began', () => {
    const acc = ok(applyAction(created, { kind: 'accept' }, op, T0 + MIN, 2)).order;
    const d = applyAction(acc, { kind: 'dispatch', department: 'mars' }, op, T0 + 2 * MIN, 3);
    expect(d.ok || d.reason).toBe(
      'order wo:1 (stage accepted): cannot dispatch: department "mars" is unknown',
    );
    const s = applyAction(acc, { kind: 'dispatch', department: 'cg' }, op, T0 + 2 * MIN, 2);
    expect(s.ok || s.reason).toContain("seq 2 is not after the order's version 2");
    const b = applyAction(acc, { kind: 'dispatch', department: 'cg' }, op, T0, 3);
    expect(b.ok || b.reason).toContain('is before the current stage began');
  });
  it('every stage has its clock', () => {
    expect(
      ['reported', 'accepted', 'dispatched', 'inProgress', 'handled'].map((s) => slaStageOf(s as 'handled')),
    ).toEqual(['accept', 'dispatch', 'handle', 'handle', null]);
  });
});

describe('foldEvents', () => {
  it('replays a log of several interleaved orders into the same state', () => {
    const a = run([
      [{ kind: 'accept' }, 1],
      [{ kind: 'dispatch', department: 'cg' }, 2],
      [{ kind: 'refuse', reason: 'no' }, 3],
      [{ kind: 'dispatch', department: 'jd' }, 4],
    ]);
    const b = ok(createOrder(report('rep:b', { category: 'noise' }), 'wo:2', 100, op));
    const log = [...a.log, b.event];
    const m = foldEvents(log);
    expect(m.get('wo:1')).toEqual(a.order);
    expect(m.get('wo:2')).toEqual(b.order);
  });
  it('throws naming the seq on a corrupted log', () => {
    const a = run([[{ kind: 'accept' }, 1]]);
    const bad = [...a.log, { ...(a.log[1] as WorkOrderEvent), seq: 3 }];
    expect(() => foldEvents(bad)).toThrow(
      'event seq 3: order wo:1 (stage accepted): cannot accept: only legal in stage reported',
    );
    expect(() => foldEvents([a.log[1] as WorkOrderEvent])).toThrow('event seq 2: order wo:1 does not exist');
  });
});
