import { describe, expect, it } from 'vitest';
import { ReplayRing } from './replayRing.ts';

describe('replay window', () => {
  it('keeps the last N messages and says which resumes are gap-free', () => {
    const r = new ReplayRing<string>(3);
    expect([r.first, r.last, r.canResumeAfter(0)]).toEqual([1, 0, true]);
    for (let s = 1; s <= 5; s++) r.push(s, `m${s}`);
    expect([r.first, r.last]).toEqual([3, 5]);
    const got: string[] = [];
    r.forEachAfter(3, (_s, m) => got.push(m));
    expect(got).toEqual(['m4', 'm5']);
    expect(r.canResumeAfter(2)).toBe(true); // needs 3..5: all held
    expect(r.canResumeAfter(1)).toBe(false); // needs 2: overwritten
    expect(r.canResumeAfter(6)).toBe(false); // ahead of the server
    expect(() => r.push(7, 'm7')).toThrow(/sequence 7 after 5/);
  });
});
