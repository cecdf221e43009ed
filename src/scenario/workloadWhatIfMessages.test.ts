import { describe, expect, it } from 'vitest';
import { parseWorkloadWhatIfReply, parseWorkloadWhatIfRequest } from './workloadWhatIfMessages.ts';
import { backlogOf, workloadWhatIfInput } from './workloadWhatIfClient.ts';
import { createOrder, applyAction } from '../core/workload/stateMachine.ts';
import { report, T0 } from '../core/workload/testFixtures.ts';

const input = { startMs: T0, days: 3, seed: 1, lever: { surgePct: { '*': 30 } } };

describe('workload what-if messages', () => {
  it('accepts a valid run and names the field of a bad one', () => {
    expect(parseWorkloadWhatIfRequest({ type: 'run', id: 1, input }).ok).toBe(true);
    expect(parseWorkloadWhatIfRequest({ type: 'run', id: 1, input: { ...input, days: 0 } })).toEqual({
      ok: false,
      error: 'run.input.days: 0 is not an integer in [1, 60]',
    });
    expect(
      parseWorkloadWhatIfRequest({
        type: 'run',
        id: 1,
        input: { ...input, lever: { staffDelta: { xx: 1 } } },
      }),
    ).toEqual({ ok: false, error: 'run.input.lever.staffDelta.xx: unknown id' });
    expect(
      parseWorkloadWhatIfRequest({
        type: 'run',
        id: 1,
        input: { ...input, backlog: [{ category: 'nope', dispatchedMs: T0 }] },
      }),
    ).toEqual({ ok: false, error: 'run.input.backlog[0].category: not in the taxonomy' });
    expect(parseWorkloadWhatIfRequest(null)).toEqual({
      ok: false,
      error: "workload what-if: expected {type: 'run'}",
    });
  });

  it('checks replies', () => {
    expect(parseWorkloadWhatIfReply({ type: 'progress', id: 1, done: 2, total: 6 }).ok).toBe(true);
    expect(parseWorkloadWhatIfReply({ type: 'done', id: 1, result: {} })).toEqual({
      ok: false,
      error: 'done.result: expected {baseline, scenario}',
    });
    expect(parseWorkloadWhatIfReply({ type: 'x', id: 1 })).toEqual({
      ok: false,
      error: 'workload what-if reply: unknown type "x"',
    });
  });

  it('carries dispatched and in-progress orders in as backlog', () => {
    const OP = { kind: 'operator', id: 'op' } as const;
    const c = createOrder(report('rep:1'), 'wo:1', 1, OP);
    if (!c.ok) throw new Error(c.reason);
    const a = applyAction(c.order, { kind: 'accept' }, OP, T0 + 60_000, 2);
    if (!a.ok) throw new Error(a.reason);
    const d = applyAction(a.order, { kind: 'dispatch', department: 'cg' }, OP, T0 + 120_000, 3);
    if (!d.ok) throw new Error(d.reason);
    expect(backlogOf([c.order, a.order, d.order])).toEqual([
      { category: 'garbage', dispatchedMs: T0 + 120_000 },
    ]);
    const i = workloadWhatIfInput({}, 2, T0, [d.order], 480);
    expect(i).toEqual({
      startMs: T0,
      days: 2,
      seed: 1,
      lever: {},
      backlog: [{ category: 'garbage', dispatchedMs: T0 + 120_000 }],
      utcOffsetMin: 480,
    });
    expect(parseWorkloadWhatIfRequest({ type: 'run', id: 1, input: i }).ok).toBe(true);
  });
});
