/**
 * WebGL context-loss recovery for the two views (issue 7, "runs for days"). A GPU reset, a driver update or the
 * browser reclaiming memory from a background tab loses every WebGL context of the page: buffers, textures and
 * programs are gone. The views recover by themselves:
 * 1. on `webglcontextlost` we call preventDefault() — without it the browser never restores the context (WebGL 1.0
 *    spec §5.15.2, "The WebGL context lost event": "By default … the context will not be restored");
 * 2. on `webglcontextrestored`, or when no restore comes within `graceMs` (a context lost through
 *    WEBGL_lose_context, or one the browser gave up on), the view remounts its canvas: a new canvas element gets a
 *    fresh context and every geometry, texture and program is uploaded again from the CPU-side data.
 * The per-view status lives here (a tiny observable, not the store: it is view-local and changes a few times per
 * loss) so a banner can show it and tests/the soak bench can count recoveries and time them.
 */
import { isTestMode } from '../app/testHooks.ts';

/** The views that own a WebGL canvas. */
export type GlViewId = 'map' | 'three';

/** Recovery phase of one view: drawing normally, context lost (waiting), remounted and not yet drawn. */
export type GlPhase = 'ok' | 'lost' | 'recovering';

/** Status and counters of one view's context losses. */
export interface GlRecoveryStatus {
  readonly phase: GlPhase;
  /** Context losses seen since the page loaded. */
  readonly losses: number;
  /** Losses the browser restored itself (webglcontextrestored before graceMs). */
  readonly restored: number;
  /** Canvas remounts (one per loss). */
  readonly remounts: number;
  /** Remounted views that drew the city again. */
  readonly recoveries: number;
  /** Loss → first city frame after the remount of the latest recovery, ms (NaN before the first). */
  readonly lastRecoveryMs: number;
  /** performance.now() of the latest loss (NaN before the first). */
  readonly lostAtMs: number;
  /** performance.now() of the latest recovery (NaN before the first). */
  readonly recoveredAtMs: number;
}

/** GPU resource counts a view reports for the soak bench (names are the view's own, e.g. `geometries`). */
export type GlResourceProbe = () => Readonly<Record<string, number>>;

/** How long to wait for the browser to restore a lost context before remounting anyway, ms. */
export const CONTEXT_RESTORE_GRACE_MS = 3000;

const INITIAL: GlRecoveryStatus = {
  phase: 'ok',
  losses: 0,
  restored: 0,
  remounts: 0,
  recoveries: 0,
  lastRecoveryMs: Number.NaN,
  lostAtMs: Number.NaN,
  recoveredAtMs: Number.NaN,
};

const status: Record<GlViewId, GlRecoveryStatus> = { map: INITIAL, three: INITIAL };
const listeners = new Set<() => void>();
const probes: Partial<Record<GlViewId, GlResourceProbe>> = {};

function update(view: GlViewId, patch: Partial<GlRecoveryStatus>): void {
  status[view] = { ...status[view], ...patch };
  for (const l of listeners) l();
}

/** The current recovery status of `view`. */
export function glStatus(view: GlViewId): GlRecoveryStatus {
  return status[view];
}

/** Calls `fn` whenever any view's status changes; returns the unsubscribe function. */
export function onGlStatus(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A remounted view reports that it drew the city again: the recovery is complete. */
export function markGlRecovered(view: GlViewId): void {
  const s = status[view];
  if (s.phase !== 'recovering') return;
  const now = performance.now();
  update(view, {
    phase: 'ok',
    recoveries: s.recoveries + 1,
    lastRecoveryMs: now - s.lostAtMs,
    recoveredAtMs: now,
  });
}

/** A view registers (or, with null, removes) the probe of its GPU resource counts. */
export function registerGlResourceProbe(view: GlViewId, fn: GlResourceProbe | null): void {
  if (fn) probes[view] = fn;
  else delete probes[view];
}

/**
 * Watches `canvas` for context loss. `remount` is called once per loss (after the restore or after `graceMs`); the
 * caller replaces the canvas (React key / new map). Returns the function that stops watching (and cancels a
 * pending remount: the view is being torn down anyway).
 */
export function watchContextLoss(
  view: GlViewId,
  canvas: HTMLCanvasElement,
  remount: () => void,
  graceMs = CONTEXT_RESTORE_GRACE_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const fire = (restoredByBrowser: boolean): void => {
    if (!pending) return;
    pending = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const s = status[view];
    update(view, {
      phase: 'recovering',
      remounts: s.remounts + 1,
      restored: s.restored + (restoredByBrowser ? 1 : 0),
    });
    remount();
  };
  const onLost = (e: Event): void => {
    // Keep the context restorable (see the module comment); the libraries call this too, twice is harmless.
    e.preventDefault();
    if (pending) return;
    pending = true;
    const s = status[view];
    update(view, { phase: 'lost', losses: s.losses + 1, lostAtMs: performance.now() });
    timer = setTimeout(() => fire(false), graceMs);
  };
  const onRestored = (): void => fire(true);
  canvas.addEventListener('webglcontextlost', onLost, false);
  canvas.addEventListener('webglcontextrestored', onRestored, false);
  return () => {
    // Torn down while waiting (a route change): the next mount of the view is the recovery.
    if (pending) update(view, { phase: 'recovering' });
    pending = false;
    if (timer !== null) clearTimeout(timer);
    canvas.removeEventListener('webglcontextlost', onLost, false);
    canvas.removeEventListener('webglcontextrestored', onRestored, false);
  };
}

/** The test API (window.__citybrain.recovery and window.__citybrainRecovery with ?test=1). */
export interface RecoveryTestApi {
  status(view: GlViewId): GlRecoveryStatus;
  /** GPU resource counts of a view (null when the view is not mounted). */
  resources(view: GlViewId): Readonly<Record<string, number>> | null;
  /** Loses the view's WebGL context through WEBGL_lose_context; `restoreAfterMs` ≥ 0 restores it after that. */
  loseContext(view: GlViewId, restoreAfterMs?: number): boolean;
}

const canvases: Partial<Record<GlViewId, HTMLCanvasElement>> = {};

/** A view registers its current canvas (for the test API's loseContext), or removes it with null. */
export function registerGlCanvas(view: GlViewId, canvas: HTMLCanvasElement | null): void {
  if (canvas) canvases[view] = canvas;
  else delete canvases[view];
}

const api: RecoveryTestApi = {
  status: glStatus,
  resources: (view) => probes[view]?.() ?? null,
  loseContext: (view, restoreAfterMs = -1) => {
    const c = canvases[view];
    // getContext returns the canvas's existing context of that type (both libraries ask for WebGL 2 first).
    const gl = (c?.getContext('webgl2') ?? c?.getContext('webgl') ?? null) as WebGLRenderingContext | null;
    const ext = gl?.getExtension('WEBGL_lose_context') ?? null;
    if (!ext) return false;
    ext.loseContext();
    if (restoreAfterMs >= 0) setTimeout(() => ext.restoreContext(), restoreAfterMs);
    return true;
  },
};

/** Installs the recovery test API on window (test mode only; idempotent, call after the app's test hooks). */
export function installRecoveryTestApi(): void {
  if (!isTestMode()) return;
  const w = window as unknown as { __citybrain?: object; __citybrainRecovery?: RecoveryTestApi };
  w.__citybrainRecovery = api;
  if (w.__citybrain && !('recovery' in w.__citybrain))
    Object.defineProperty(w.__citybrain, 'recovery', { value: api, enumerable: true });
}
