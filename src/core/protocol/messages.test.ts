import { describe, expect, it } from 'vitest';
import { parseEventMessage, parseHello, parseSnapshot, parseWelcome } from './messages.ts';

const reason = (r: { ok: boolean; reason?: string }): string => (r.ok ? 'ok' : (r.reason ?? ''));

describe('control messages', () => {
  it('parses a valid hello, with and without resume', () => {
    expect(parseHello({ protocol: 1, scene: 'default', resume: null })).toEqual({
      ok: true,
      value: { protocol: 1, scene: 'default', resume: null },
    });
    expect(parseHello({ protocol: 1, scene: 'default', resume: { readings: 12, events: 3 } })).toEqual({
      ok: true,
      value: { protocol: 1, scene: 'default', resume: { readings: 12, events: 3 } },
    });
  });

  it('rejects garbage hellos with the field and reason', () => {
    expect(reason(parseHello('{not json'))).toBe('hello: expected an object, got string');
    expect(reason(parseHello(null))).toBe('hello: expected an object, got null');
    expect(reason(parseHello([1]))).toBe('hello: expected an object, got array');
    expect(reason(parseHello({ protocol: '1', scene: 'x' }))).toBe('hello.protocol: expected 1, got "1"');
    expect(reason(parseHello({ protocol: 1, scene: 7 }))).toBe(
      'hello.scene: expected a string of at most 128 characters',
    );
    expect(reason(parseHello({ protocol: 1, scene: 'x', resume: { readings: -1, events: 0 } }))).toBe(
      'hello.resume.readings: expected a non-negative integer',
    );
    expect(reason(parseHello({ protocol: 1, scene: 'x', resume: { readings: 1.5, events: 0 } }))).toBe(
      'hello.resume.readings: expected a non-negative integer',
    );
    expect(reason(parseHello(new Uint8Array(20_000)))).toBe('hello: oversized binary (20000 bytes > 16384)');
    expect(reason(parseHello(new Uint8Array(20)))).toBe('hello: expected an object, got binary (20 bytes)');
  });

  it('validates welcome, events and snapshots', () => {
    const w = {
      protocol: 1,
      scene: 's',
      sensorCount: 3,
      simTimeMs: 5,
      speed: 10,
      replay: { readings: { first: 1, last: 4 }, events: { first: 1, last: 0 } },
      mode: 'replay',
    };
    expect(parseWelcome(w).ok).toBe(true);
    expect(reason(parseWelcome({ ...w, speed: 0 }))).toBe('welcome.speed: expected a positive number');
    const inc = {
      id: 'inc:000001',
      kind: 'crash',
      x: 1,
      y: 2,
      simTimeMs: 3,
      severity: 2,
      description: { zh: '事故', en: 'Crash' },
      linkIndex: 4,
      cleared: false,
    };
    expect(
      parseEventMessage({ seq: 1, simTimeMs: 3, kind: 'incident', op: 'raised', incident: inc }),
    ).toEqual({
      ok: true,
      value: { seq: 1, simTimeMs: 3, kind: 'incident', op: 'raised', incident: inc },
    });
    expect(
      reason(
        parseEventMessage({
          seq: 1,
          simTimeMs: 3,
          kind: 'incident',
          op: 'raised',
          incident: { ...inc, severity: 5 },
        }),
      ),
    ).toBe('event 1.incident inc:000001.severity: expected 1…4');
    expect(reason(parseEventMessage({ seq: 0, simTimeMs: 3, kind: 'notice' }))).toBe(
      'event.seq: expected a positive integer',
    );
    expect(reason(parseEventMessage({ seq: 2, simTimeMs: 3, kind: 'alarm' }))).toBe(
      'event 2.kind: unknown kind "alarm"',
    );
    const snap = {
      reason: 'initial',
      seq: { readings: 0, events: 0 },
      nextReadingSeq: 0,
      simTimeMs: 1,
      incidents: [inc],
      latest: new Uint8Array(40),
    };
    expect(parseSnapshot(snap).ok).toBe(true);
    expect(reason(parseSnapshot({ ...snap, latest: 'x' }))).toBe(
      'snapshot.latest: expected binary, got string',
    );
  });
});
