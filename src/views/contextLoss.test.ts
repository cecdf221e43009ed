import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CONTEXT_RESTORE_GRACE_MS,
  glStatus,
  markGlRecovered,
  onGlStatus,
  watchContextLoss,
} from './contextLoss.ts';

/** A stand-in canvas: the module only adds/removes listeners on it. */
const fakeCanvas = (): HTMLCanvasElement => new EventTarget() as unknown as HTMLCanvasElement;
const lose = (c: HTMLCanvasElement): Event => {
  const e = new Event('webglcontextlost', { cancelable: true });
  c.dispatchEvent(e);
  return e;
};

describe('watchContextLoss', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the context restorable, remounts once on restore and counts the recovery', () => {
    const c = fakeCanvas();
    const remount = vi.fn();
    let changes = 0;
    const off = onGlStatus(() => changes++);
    const stop = watchContextLoss('map', c, remount);
    const e = lose(c);
    expect(e.defaultPrevented).toBe(true);
    expect(glStatus('map')).toMatchObject({ phase: 'lost', losses: 1, remounts: 0 });
    lose(c); // a second event for the same loss changes nothing
    expect(glStatus('map').losses).toBe(1);
    c.dispatchEvent(new Event('webglcontextrestored'));
    expect(remount).toHaveBeenCalledTimes(1);
    expect(glStatus('map')).toMatchObject({ phase: 'recovering', remounts: 1, restored: 1 });
    markGlRecovered('map');
    const s = glStatus('map');
    expect(s).toMatchObject({ phase: 'ok', recoveries: 1 });
    expect(s.lastRecoveryMs).toBeGreaterThanOrEqual(0);
    markGlRecovered('map'); // not recovering: no second count
    expect(glStatus('map').recoveries).toBe(1);
    expect(changes).toBe(3); // lost, recovering, ok
    stop();
    off();
  });

  it('remounts after the grace period when the browser never restores, and not after stop()', () => {
    vi.useFakeTimers();
    const c = fakeCanvas();
    const remount = vi.fn();
    const stop = watchContextLoss('three', c, remount);
    lose(c);
    vi.advanceTimersByTime(CONTEXT_RESTORE_GRACE_MS - 1);
    expect(remount).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(remount).toHaveBeenCalledTimes(1);
    expect(glStatus('three')).toMatchObject({ phase: 'recovering', remounts: 1, restored: 0 });
    // A late restore event after the remount does not remount again.
    c.dispatchEvent(new Event('webglcontextrestored'));
    expect(remount).toHaveBeenCalledTimes(1);
    markGlRecovered('three');
    lose(c);
    stop();
    vi.advanceTimersByTime(CONTEXT_RESTORE_GRACE_MS * 2);
    expect(remount).toHaveBeenCalledTimes(1);
  });
});
