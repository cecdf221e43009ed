/** The work-order API validators: every bad field gets a reason naming it; good messages parse exactly. */
import { describe, expect, it } from 'vitest';
import {
  orderFromJson,
  parseActionRequest,
  parseReportRequest,
  parseSubscribe,
  parseTimelineRequest,
} from './workloadMessages.ts';

const actor = { kind: 'operator', id: 'op' };
const EXTENT = [0, 0, 1000, 800] as const;

describe('parseActionRequest', () => {
  it.each([
    [null, 'woAction: expected {orderId, action, actor}'],
    [
      { orderId: '', action: { kind: 'accept' }, actor },
      'woAction.orderId: expected a non-empty string of ≤ 64 characters',
    ],
    [{ orderId: 'wo:1', action: 'accept', actor }, 'woAction.action: expected an object with a kind'],
    [
      { orderId: 'wo:1', action: { kind: 'reject', reason: 'bored' }, actor },
      "woAction.action.reason: expected 'invalid' or 'duplicate'",
    ],
    [
      { orderId: 'wo:1', action: { kind: 'reject', reason: 'duplicate' }, actor },
      'woAction.action.duplicateOf: expected a non-empty string of ≤ 64 characters',
    ],
    [
      { orderId: 'wo:1', action: { kind: 'dispatch', department: 'nasa' }, actor },
      'woAction.action.department: unknown department "nasa"',
    ],
    [
      { orderId: 'wo:1', action: { kind: 'comment', text: '   ' }, actor },
      'woAction.action.text: expected a non-empty text of ≤ 2000 characters',
    ],
    [{ orderId: 'wo:1', action: { kind: 'verify' }, actor }, 'woAction.action.ok: expected true or false'],
    [
      { orderId: 'wo:1', action: { kind: 'escalate', level: 1, stage: 'accept' }, actor },
      "woAction.action.kind: 'escalate' is the server's own action (SLA breaches)",
    ],
    [
      { orderId: 'wo:1', action: { kind: 'accept' }, actor: { kind: 'system', id: 'x' } },
      'woAction.actor.kind: expected one of operator, department, unit, reporter, inspector (got "system")',
    ],
    [
      { orderId: 'wo:1', action: { kind: 'accept' }, actor, expectedVersion: 0 },
      'woAction.expectedVersion: expected an integer ≥ 1',
    ],
  ])('%j → %s', (msg, reason) => {
    expect(parseActionRequest(msg)).toEqual({ ok: false, reason });
  });

  it('parses a good request exactly (unknown fields dropped)', () => {
    expect(
      parseActionRequest({
        orderId: 'wo:1',
        action: { kind: 'merge', from: 'wo:2', x: 1 },
        actor,
        expectedVersion: 4,
      }),
    ).toEqual({
      ok: true,
      value: { orderId: 'wo:1', action: { kind: 'merge', from: 'wo:2' }, actor, expectedVersion: 4 },
    });
  });
});

describe('other requests', () => {
  const good = {
    category: 'garbage',
    x: 10,
    y: 20,
    source: 'hotline',
    description: { zh: '垃圾', en: 'Garbage' },
    actor,
  };
  it('parseReportRequest', () => {
    expect(parseReportRequest(good, EXTENT)).toEqual({ ok: true, value: good });
    expect(parseReportRequest({ ...good, category: 'ufo' }, EXTENT)).toEqual({
      ok: false,
      reason: 'woReport.category: "ufo" is not in the taxonomy',
    });
    expect(parseReportRequest({ ...good, source: 'replay' }, EXTENT)).toEqual({
      ok: false,
      reason: 'woReport.source: expected one of hotline, app, inspector, iot, video, domain',
    });
    expect(parseReportRequest({ ...good, photos: 5 }, EXTENT)).toEqual({
      ok: false,
      reason: 'woReport.photos: expected an integer 0…4',
    });
  });
  it('parseSubscribe / parseTimelineRequest', () => {
    expect(parseSubscribe({ afterSeq: null })).toEqual({ ok: true, value: { afterSeq: null } });
    expect(parseSubscribe({ afterSeq: 12 })).toEqual({ ok: true, value: { afterSeq: 12 } });
    expect(parseSubscribe({ afterSeq: 1.5 })).toEqual({
      ok: false,
      reason: 'woSubscribe.afterSeq: expected null or an integer ≥ 0',
    });
    expect(parseTimelineRequest({})).toEqual({
      ok: false,
      reason: 'woTimeline.orderId: expected a non-empty string of ≤ 64 characters',
    });
  });
  it('orderFromJson restores NaN from null', () => {
    const o = orderFromJson(
      JSON.parse(
        '{"id":"wo:1","acceptedMs":5,"dispatchedMs":null,"startedMs":null,"handledMs":null,"closedMs":null,"sla":{"acceptByMs":9,"dispatchByMs":null,"handleByMs":null}}',
      ),
    );
    expect([o.acceptedMs, o.dispatchedMs, o.sla.acceptByMs, o.sla.handleByMs]).toEqual([5, NaN, 9, NaN]);
  });
});
