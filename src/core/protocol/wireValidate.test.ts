import { describe, expect, it } from 'vitest';
import * as W from './wireValidate.ts';

describe('wireValidate', () => {
  it('runParser turns a fail into {ok:false} and a bug into an internal reason', () => {
    expect(W.runParser(() => 7)).toEqual({ ok: true, value: 7 });
    expect(W.runParser(() => W.fail('x: bad'))).toEqual({ ok: false, reason: 'x: bad' });
    expect(
      W.runParser(() => {
        throw new Error('boom');
      }),
    ).toEqual({ ok: false, reason: 'internal: boom' });
  });

  it('show quotes JSON and cuts it at 60 characters (57 + …)', () => {
    expect(W.show('a')).toBe('"a"');
    expect(W.show(undefined)).toBe('undefined');
    expect(W.show('x'.repeat(100))).toBe(`"${'x'.repeat(56)}…`);
  });

  it('rec refuses arrays and binary', () => {
    const r = (v: unknown) => W.runParser(() => W.rec(v, 'm'));
    expect(r({ a: 1 }).ok).toBe(true);
    expect(r([1])).toEqual({ ok: false, reason: 'm: expected an object, got [1]' });
    expect(r(new Uint8Array(1))).toEqual({ ok: false, reason: 'm: expected an object, got {"0":0}' });
    expect(r(null)).toEqual({ ok: false, reason: 'm: expected an object, got null' });
  });

  it('num / int / numOrNull name the field and the range', () => {
    expect(W.runParser(() => W.num(Number.NaN, 'a.x'))).toEqual({
      ok: false,
      reason: 'a.x: expected a finite number, got null',
    });
    expect(W.runParser(() => W.num(5, 'a.x', 0, 4))).toEqual({
      ok: false,
      reason: 'a.x: 5 is out of range [0, 4]',
    });
    expect(W.runParser(() => W.int(1.5, 'a.n'))).toEqual({
      ok: false,
      reason: 'a.n: expected an integer, got 1.5',
    });
    expect(W.runParser(() => W.int(-1, 'a.n'))).toEqual({
      ok: false,
      reason: `a.n: -1 is out of range [0, ${Number.MAX_SAFE_INTEGER}]`,
    });
    expect(W.runParser(() => W.numOrNull(null, 'a.v'))).toEqual({ ok: true, value: null });
  });

  it('str bounds the length (default 2000) and reports a too-short string as empty', () => {
    expect(W.runParser(() => W.str('x'.repeat(2001), 's'))).toEqual({
      ok: false,
      reason: 's: 2001 characters > 2000',
    });
    expect(W.runParser(() => W.str('', 's', 10, 1))).toEqual({ ok: false, reason: 's: empty' });
    expect(W.runParser(() => W.str(3, 's'))).toEqual({ ok: false, reason: 's: expected a string, got 3' });
  });

  it('bool, oneOf, text2 and list', () => {
    expect(W.runParser(() => W.bool('y', 'b'))).toEqual({
      ok: false,
      reason: 'b: expected a boolean, got "y"',
    });
    expect(W.runParser(() => W.oneOf('c', ['a', 'b'] as const, 'k'))).toEqual({
      ok: false,
      reason: 'k: expected one of a, b, got "c"',
    });
    expect(W.runParser(() => W.text2({ zh: '中', en: 'abc' }, 't', 2))).toEqual({
      ok: false,
      reason: 't.en: 3 characters > 2',
    });
    expect(W.runParser(() => W.list([1, 'x'], 'l', 5, (v, w) => W.num(v, w)))).toEqual({
      ok: false,
      reason: 'l[1]: expected a finite number, got "x"',
    });
    expect(W.runParser(() => W.list([1, 2, 3], 'l', 2, (v, w) => W.num(v, w)))).toEqual({
      ok: false,
      reason: 'l: 3 entries > 2',
    });
  });
});
