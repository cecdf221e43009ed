import { describe, expect, it } from 'vitest';
import { getFeedPerf, recordFrame, recordRafFrame, resetFeedPerf } from './feedPerf.ts';

describe('feedPerf', () => {
  it('counts frames and gives nearest-rank percentiles of the frames that carried data', () => {
    resetFeedPerf();
    recordRafFrame();
    recordRafFrame();
    // Worker counters are cumulative: deltas from the first frame after the reset (1000 → 5000 readings, 10 → 14 ms,
    // wall 100 → 2100 ms).
    recordFrame(0, 0.05, 1000, 10, 100); // no data: not a sample
    for (let i = 1; i <= 20; i++) recordFrame(10 * i, i / 10, 1000 + 200 * i, 10 + 0.2 * i, 100 + 100 * i);
    const p = getFeedPerf();
    expect(p.rafFrames).toBe(2);
    expect(p.frameMessages).toBe(21);
    expect(p.framesWithData).toBe(20);
    expect(p.appliedEntries).toBe(2100); // 10 · (1 + … + 20) = 10 · 210
    expect(p.workerReadings).toBe(4000);
    expect(p.workerBusyMs).toBeCloseTo(4, 10);
    expect(p.workerSpanMs).toBe(2000);
    // Samples 0.1 … 2.0 ms: p50 = 10th of 20 = 1.0; p95 = 19th = 1.9; max 2.0; mean 21/20 = 1.05.
    expect([p.applyMs.p50, p.applyMs.p95, p.applyMs.max, p.applyMs.samples]).toEqual([1, 1.9, 2, 20]);
    expect(p.applyMs.mean).toBeCloseTo(1.05, 12); // float sum of 0.1 … 2.0 is not exactly 21
    resetFeedPerf();
    expect(getFeedPerf().applyMs.samples).toBe(0);
  });
});
