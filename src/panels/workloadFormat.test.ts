import { describe, expect, it } from 'vitest';
import { applyAction, createOrder } from '../core/workload/stateMachine.ts';
import { report, T0 } from '../core/workload/testFixtures.ts';
import type { WorkOrder } from '../core/workload/types.ts';
import {
  actionsFor,
  byUrgency,
  countdownText,
  departmentLoads,
  localHm,
  pctText,
  stageCounts,
} from './workloadFormat.ts';

const OP = { kind: 'operator', id: 'op' } as const;
const MIN = 60_000;

function created(id: string, atMs = T0): WorkOrder {
  const r = createOrder(report(`rep:${id}`, { simTimeMs: atMs }), `wo:${id}`, 1, OP);
  if (!r.ok) throw new Error(r.reason);
  return r.order;
}
function act(o: WorkOrder, a: Parameters<typeof applyAction>[1], atMs: number): WorkOrder {
  const r = applyAction(o, a, OP, atMs, o.version + 1);
  if (!r.ok) throw new Error(r.reason);
  return r.order;
}

describe('workloadFormat', () => {
  it('counts stages', () => {
    const a = created('1');
    const b = act(created('2'), { kind: 'accept' }, T0 + MIN);
    expect(stageCounts([a, b, created('3')])).toMatchObject({ reported: 2, accepted: 1, closed: 0 });
  });

  it('department load: dispatched + in progress against crews on shift', () => {
    // garbage → department cg; 10:00 Shanghai is the day shift: cg has 36 crews (taxonomy.ts).
    let o = act(created('1'), { kind: 'accept' }, T0 + MIN);
    o = act(o, { kind: 'dispatch', department: 'cg' }, T0 + 2 * MIN);
    const p = act(o, { kind: 'start' }, T0 + 3 * MIN);
    const cg = departmentLoads([o, { ...p, id: 'wo:9' }], T0, 480).find((d) => d.id === 'cg');
    expect(cg).toEqual({ id: 'cg', waiting: 1, inProgress: 1, staff: 36, loadRatio: 2 / 36 });
  });

  it('orders by urgency: overdue first, the longest overdue on top', () => {
    // garbage P3: accept within 30 min (SLA_ACCEPT_MIN[2]).
    const old = created('old', T0 - 40 * MIN); // due T0 − 10 min: 10 min overdue at T0
    const mid = created('mid', T0 - 20 * MIN); // due T0 + 10 min: warning? 10/30 > 20 % → no
    const late = created('late', T0 - 29 * MIN); // due T0 + 1 min: 1/30 ≤ 20 % → warning
    const u = byUrgency([mid, old, late], T0, 10);
    expect(u.map((x) => [x.order.id, x.sla.remainingMs / MIN, x.sla.overdue, x.sla.warning])).toEqual([
      ['wo:old', -10, true, false],
      ['wo:late', 1, false, true],
      ['wo:mid', 10, false, false],
    ]);
    expect(byUrgency([mid, old, late], T0, 1).map((x) => x.order.id)).toEqual(['wo:old']);
  });

  it('countdown text', () => {
    expect(countdownText(3 * 3_600_000 + 5 * MIN + 30_000)).toBe('3h05m');
    expect(countdownText(42 * MIN)).toBe('42m');
    expect(countdownText(30_000)).toBe('<1m');
    expect(countdownText(-75 * MIN)).toBe('+1h15m');
    expect(countdownText(NaN)).toBe('—');
  });

  it('actions per stage follow the state machine', () => {
    expect(actionsFor('reported')).toEqual(['accept', 'reject', 'merge', 'comment']);
    expect(actionsFor('accepted')).toEqual(['dispatch', 'merge', 'comment']);
    expect(actionsFor('handled')).toEqual(['verifyOk', 'verifyNotOk', 'merge', 'comment']);
    expect(actionsFor('closed')).toEqual(['reopen']);
    expect(actionsFor('rejected')).toEqual([]);
  });

  it('local clock and percent', () => {
    expect(localHm(T0, 480)).toBe('10:00'); // 02:00Z + 8 h
    expect(localHm(T0, -300)).toBe('21:00'); // New York, the previous evening
    expect(pctText(0.8767)).toBe('87.7 %'); // 87.67 rounds up
    expect(pctText(NaN)).toBe('—');
  });
});
