import { describe, expect, it } from 'vitest';
import { CHUNK_MS, runInChunks, type ChunkReply, type SteppedRun } from './chunkedRun.ts';

/** A run of `total` steps, each taking `stepMs` of wall time (busy wait, as a model step would). */
function fakeRun(total: number, stepMs: number): SteppedRun {
  let done = 0;
  return {
    get isDone() {
      return done >= total;
    },
    get stepsDone() {
      return done;
    },
    stepsTotal: total,
    advance(n: number) {
      const until = performance.now() + stepMs;
      while (performance.now() < until);
      done = Math.min(total, done + n);
    },
  };
}

describe('runInChunks', () => {
  it('posts 0/total first and total/total last, and resolves true', async () => {
    const posted: ChunkReply[] = [];
    const ok = await runInChunks(
      fakeRun(5, 0),
      7,
      (m) => posted.push(m),
      () => true,
    );
    expect(ok).toBe(true);
    expect(posted[0]).toEqual({ type: 'progress', id: 7, stepsDone: 0, stepsTotal: 5 });
    expect(posted.at(-1)).toEqual({ type: 'progress', id: 7, stepsDone: 5, stepsTotal: 5 });
  });

  it('stops after the first chunk when the run is no longer current, posting cancelled', async () => {
    const posted: ChunkReply[] = [];
    // One step outlasts a chunk, so the first chunk does exactly one step.
    const run = fakeRun(10, CHUNK_MS + 5);
    const ok = await runInChunks(
      run,
      3,
      (m) => posted.push(m),
      () => false,
    );
    expect(ok).toBe(false);
    expect(run.stepsDone).toBe(1);
    expect(posted.at(-1)).toEqual({ type: 'cancelled', id: 3 });
  });
});
