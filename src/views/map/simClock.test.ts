import { describe, expect, it } from 'vitest';
import { MAX_EXTRAPOLATION_MS, createSimClock } from './simClock.ts';

describe('createSimClock', () => {
  it('extrapolates simTime + wall elapsed × speed between updates', () => {
    const c = createSimClock(() => 0);
    expect(c.nowMs(0)).toBe(0);
    c.set(1_000_000, 10, 100);
    // 250 ms of wall time at 10× = 2.5 s of sim time.
    expect(c.nowMs(350)).toBe(1_002_500);
    expect(c.isRunning(350)).toBe(true);
  });

  it('never runs backwards when a late update lands behind the extrapolation', () => {
    const c = createSimClock(() => 0);
    c.set(1_000_000, 10, 0);
    expect(c.nowMs(1000)).toBe(1_010_000);
    c.set(1_008_000, 10, 1000); // the feed is 2 s (sim) behind what was shown
    expect(c.nowMs(1000)).toBe(1_010_000); // held
    expect(c.nowMs(1100)).toBe(1_010_000); // 1_009_000 < shown: still held
    expect(c.nowMs(1300)).toBe(1_011_000); // caught up
  });

  it('takes a jump back of more than a minute as a new clock', () => {
    const c = createSimClock(() => 0);
    c.set(10_000_000, 1, 0);
    c.nowMs(0);
    c.set(1_000_000, 1, 10);
    expect(c.nowMs(10)).toBe(1_000_000);
  });

  it('stops extrapolating when the feed stalls', () => {
    const c = createSimClock(() => 0);
    c.set(1_000_000, 2, 0);
    expect(c.nowMs(60_000)).toBe(1_000_000 + MAX_EXTRAPOLATION_MS * 2);
    expect(c.isRunning(60_000)).toBe(false);
  });
});
