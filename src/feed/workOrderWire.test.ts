import { describe, expect, it } from 'vitest';
import { applyAction, createOrder } from '../core/workload/stateMachine.ts';
import { report } from '../core/workload/testFixtures.ts';
import {
  parseWoActionAnswer,
  parseWoEvent,
  parseWoSubscribeAnswer,
  parseWoTimelineAnswer,
} from './workOrderWire.ts';

const OP = { kind: 'operator', id: 'op' } as const;
const made = createOrder(report('rep:1'), 'wo:1', 1, OP);
if (!made.ok) throw new Error(made.reason);
/** What socket.io delivers: JSON (NaN → null). */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('work-order wire parsers', () => {
  it('accepts a woEvent and turns JSON nulls back into NaN', () => {
    const p = parseWoEvent(wire({ seq: 1, event: made.event, order: made.order }));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.seq).toBe(1);
    expect(p.value.order.acceptedMs).toBeNaN();
    expect(p.value.order.sla.dispatchByMs).toBeNaN();
    expect(p.value.order).toEqual(made.order);
  });

  it('refuses inconsistent or malformed events with the field and why', () => {
    expect(parseWoEvent(wire({ seq: 2, event: made.event, order: made.order }))).toEqual({
      ok: false,
      reason: 'woEvent 2: event.seq 1 differs',
    });
    expect(
      parseWoEvent(wire({ seq: 1, event: made.event, order: { ...made.order, stage: 'lost' } })),
    ).toEqual({
      ok: false,
      reason: 'woEvent.order.stage: unknown stage "lost"',
    });
    expect(parseWoEvent(wire({ seq: 1, event: made.event, order: { ...made.order, priority: 9 } }))).toEqual({
      ok: false,
      reason: 'woEvent.order.priority: expected 1…4',
    });
    const acc = applyAction(made.order, { kind: 'accept' }, OP, made.order.createdMs + 60_000, 2);
    if (!acc.ok) throw new Error(acc.reason);
    expect(parseWoEvent(wire({ seq: 2, event: acc.event, order: made.order }))).toEqual({
      ok: false,
      reason: 'woEvent 2: event ends in accepted, order is reported',
    });
    expect(parseWoEvent('x')).toEqual({ ok: false, reason: 'woEvent: expected an object' });
  });

  it('subscribe answers: replay, snapshot, refusal', () => {
    expect(parseWoSubscribeAnswer({ ok: true, mode: 'replay', lastSeq: 7 })).toEqual({
      ok: true,
      value: { mode: 'replay', lastSeq: 7 },
    });
    const s = parseWoSubscribeAnswer(
      wire({
        ok: true,
        mode: 'snapshot',
        reason: 'initial',
        snapshot: { lastSeq: 1, simTimeMs: 5, open: [made.order], recentClosed: [] },
      }),
    );
    expect(s.ok && s.value.mode === 'snapshot' && s.value.snapshot.open[0]).toEqual(made.order);
    expect(parseWoSubscribeAnswer({ ok: false, reason: 'order: woSubscribe before hello' })).toEqual({
      ok: false,
      reason: 'woSubscribe refused: order: woSubscribe before hello',
    });
  });

  it('action answers carry the server reason verbatim; timeline answers are checked', () => {
    const reason = 'order wo:1 (stage reported): cannot close: only legal in stage verified';
    expect(parseWoActionAnswer({ ok: false, reason }, 'woAction')).toEqual({ ok: false, reason });
    const ok = parseWoActionAnswer(
      wire({ ok: true, order: made.order, event: made.event, events: [made.event] }),
      'woAction',
    );
    expect(ok.ok && ok.value.events.length).toBe(1);
    expect(parseWoActionAnswer({ ok: true, order: made.order, events: [] }, 'woAction')).toEqual({
      ok: false,
      reason: 'woAction.events: expected a non-empty array',
    });
    const tl = parseWoTimelineAnswer(
      wire({
        ok: true,
        order: made.order,
        events: [made.event],
        reports: [report('rep:1')],
        attachments: [
          { fileName: 'a.svg', reportId: 'rep:1', mediaType: 'image/svg+xml', bytes: 10, url: '/a' },
        ],
      }),
    );
    expect(tl.ok && [tl.value.events.length, tl.value.reports[0]?.id, tl.value.attachments[0]?.url]).toEqual([
      1,
      'rep:1',
      '/a',
    ]);
    expect(
      parseWoTimelineAnswer({ ok: true, order: made.order, events: [], reports: [], attachments: [{}] }),
    ).toEqual({
      ok: false,
      reason: 'woTimeline.attachments[0].fileName: expected a string',
    });
  });
});
