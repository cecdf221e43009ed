/**
 * The sim clock between feed updates, for animation: now = simTimeMs + (wall time since it was set) × simSpeed
 * (store: feedSlice). The feed reports the clock a few times per second; vehicles move every frame, so both views
 * extrapolate it here. Monotonic: a late update that lands behind the extrapolation holds the clock still until
 * the sim catches up instead of pulling vehicles backwards; a jump back of more than a minute (a server restart, a
 * replay from an earlier time) is taken as a new clock.
 */
import type { AppStore } from '../../state/store.ts';

/** Extrapolation stops this long (wall ms) after the last update: a stalled feed must not run vehicles away. */
export const MAX_EXTRAPOLATION_MS = 10_000;
/** A backwards jump larger than this (sim ms) resets the clock instead of holding it. */
export const RESET_BACK_JUMP_MS = 60_000;

/** An interpolated, monotonic sim clock. */
export interface SimClock {
  /** Sim time now, ms since the Unix epoch (0 before the first update). */
  nowMs(wallMs?: number): number;
  /** True while the clock advances (an update arrived within MAX_EXTRAPOLATION_MS and the speed is > 0). */
  isRunning(wallMs?: number): boolean;
  /** Feeds an update (sim time, speed) observed at wall time `wallMs`. */
  set(simTimeMs: number, simSpeed: number, wallMs: number): void;
}

/** Creates a clock; `wall` is the wall clock in ms (performance.now by default). */
export function createSimClock(wall: () => number = () => performance.now()): SimClock {
  let baseSimMs = 0;
  let baseWallMs = 0;
  let speed = 0;
  let last = 0;
  const raw = (w: number): number =>
    baseSimMs === 0 ? 0 : baseSimMs + Math.min(Math.max(0, w - baseWallMs), MAX_EXTRAPOLATION_MS) * speed;
  return {
    nowMs(w = wall()) {
      const t = raw(w);
      if (t < last - RESET_BACK_JUMP_MS) last = t;
      else if (t > last) last = t;
      return last;
    },
    isRunning(w = wall()) {
      return baseSimMs !== 0 && speed > 0 && w - baseWallMs < MAX_EXTRAPOLATION_MS;
    },
    set(simTimeMs, simSpeed, w) {
      if (simTimeMs === baseSimMs && simSpeed === speed) return;
      baseSimMs = simTimeMs;
      baseWallMs = w;
      speed = Number.isFinite(simSpeed) && simSpeed > 0 ? simSpeed : 0;
    },
  };
}

let shared: { clock: SimClock; unsub: () => void } | null = null;

/** The page's clock, following the store's simTimeMs/simSpeed (one subscription shared by both views). */
export function storeSimClock(store: AppStore): SimClock {
  if (shared) return shared.clock;
  const clock = createSimClock();
  const st = store.getState();
  clock.set(st.simTimeMs, st.simSpeed, performance.now());
  const unsub = store.subscribe((s) => clock.set(s.simTimeMs, s.simSpeed, performance.now()));
  shared = { clock, unsub };
  return clock;
}
