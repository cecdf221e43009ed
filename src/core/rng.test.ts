import { describe, expect, it } from 'vitest';
import { createRng, hash32 } from './rng.ts';

describe('createRng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('stays in range and is roughly uniform', () => {
    const r = createRng(7);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    // Mean of U(0,1) is 0.5 with standard error 1/sqrt(12 n) ≈ 0.002: 5 σ bound.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
  });

  it('normal() has mean 0 and variance 1 (within sampling error)', () => {
    const r = createRng(3);
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.04);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  it('forks are stable per label', () => {
    expect(createRng(1).fork('traffic').next()).toBe(createRng(1).fork('traffic').next());
    expect(createRng(1).fork('traffic').next()).not.toBe(createRng(1).fork('energy').next());
  });

  it('int() and pick() cover their range', () => {
    const r = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(5));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => r.pick([])).toThrow(/empty/);
  });
});

describe('hash32', () => {
  it('is FNV-1a: the published test vectors', () => {
    // FNV-1a 32-bit of "" is the offset basis; of "a" is 0xe40c292c (Fowler–Noll–Vo reference test vectors).
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });
});
