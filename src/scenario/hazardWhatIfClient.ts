/**
 * Main-thread side of the hazard what-if: starts runs in the worker (hazardWhatIf.worker.ts), mirrors their stage,
 * progress, result or error into a small state holder of its own (the panel reads it with useSyncExternalStore; the
 * app store is left to the live twin), and cancels them. The live twin is untouched: the worker forks its own
 * simulators from its own copy of the scene.
 *
 * Cancel sends `cancel` (the worker stops at its next chunk and keeps its cached scene) and drops the run's id at
 * once, so the panel is idle immediately and a late reply of the cancelled run is ignored.
 */
import type { HazardSpec } from '../core/hazards/types.ts';
import type { HazardWhatIfResult } from '../core/hazards/whatIf.ts';
import {
  parseHazardWhatIfReply,
  type HazardWhatIfCancel,
  type HazardWhatIfFailStage,
  type HazardWhatIfReply,
  type HazardWhatIfRequest,
  type HazardWhatIfStage,
} from './hazardWhatIfMessages.ts';
import { KeptWorker } from './keptWorker.ts';

/** What a run was asked for (kept with its result so the panel can say what it shows). */
export interface HazardWhatIfAsk {
  readonly spec: HazardSpec;
  readonly startMs: number;
  readonly horizonMin: number;
}

/** Lifecycle of the planner's hazard what-if. */
export type HazardWhatIfState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly id: number;
      readonly stage: HazardWhatIfStage;
      readonly stepsDone: number;
      readonly stepsTotal: number;
      readonly ask: HazardWhatIfAsk;
    }
  | {
      readonly phase: 'done';
      readonly result: HazardWhatIfResult;
      readonly ask: HazardWhatIfAsk;
      readonly elapsedMs: number;
    }
  | { readonly phase: 'error'; readonly stage: HazardWhatIfFailStage; readonly message: string };

/** A minimal external store (getState / setState / subscribe), as zustand's vanilla core. */
export interface HazardWhatIfStore {
  getState(): HazardWhatIfState;
  setState(s: HazardWhatIfState): void;
  subscribe(fn: () => void): () => void;
}

/** Creates a state holder (one per app; tests make their own). */
export function createHazardWhatIfStore(): HazardWhatIfStore {
  let state: HazardWhatIfState = { phase: 'idle' };
  const subs = new Set<() => void>();
  return {
    getState: () => state,
    setState: (s) => {
      state = s;
      for (const f of subs) f();
    },
    subscribe: (fn) => {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** The app's hazard what-if state. */
export const hazardWhatIfStore: HazardWhatIfStore = createHazardWhatIfStore();

const worker = new KeptWorker(
  () =>
    new Worker(new URL('./hazardWhatIf.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hazard-what-if',
    }),
);
let runId = 0;

/** Options of a run. */
export interface HazardWhatIfRunOptions {
  /** Scene name (scenes/<name>/). */
  readonly sceneName: string;
  /** Where scene packages are served (default '/scenes' on this origin). */
  readonly baseUrl?: string;
  /** Simulator seed (the live server's; default 1, the server's default). */
  readonly seed?: number;
  /** Minutes between traffic re-solves in the fork (default 5). */
  readonly trafficIntervalMin?: number;
}

function getWorker(store: HazardWhatIfStore): Worker {
  const fail = (message: string): void => {
    if (store.getState().phase === 'running') store.setState({ phase: 'error', stage: 'worker', message });
  };
  return worker.get((data) => {
    const p = parseHazardWhatIfReply(data);
    if (p.ok) applyHazardWhatIfReply(store, p.value, runId);
    else fail(p.error);
  }, fail);
}

/**
 * Applies one worker reply to `store` when it belongs to run `currentId` (replies of a cancelled or superseded run
 * are dropped; a request the worker could not parse comes back with id −1 and can only be the current one).
 */
export function applyHazardWhatIfReply(
  store: HazardWhatIfStore,
  m: HazardWhatIfReply,
  currentId: number,
): void {
  if (m.id !== currentId && m.id !== -1) return;
  const cur = store.getState();
  if (cur.phase !== 'running') return; // cancelled or finished: nothing more to show
  switch (m.type) {
    case 'stage':
      store.setState({ ...cur, stage: m.stage });
      break;
    case 'progress':
      store.setState({ ...cur, stepsDone: m.stepsDone, stepsTotal: m.stepsTotal });
      break;
    case 'done':
      store.setState({ phase: 'done', result: m.result, ask: cur.ask, elapsedMs: m.elapsedMs });
      break;
    case 'cancelled':
      store.setState({ phase: 'idle' });
      break;
    case 'error':
      store.setState({ phase: 'error', stage: m.stage, message: m.message });
      break;
    default: {
      const never: never = m;
      console.warn('unknown hazard what-if reply', never);
    }
  }
}

/** The run request (pure; exported for tests). */
export function hazardWhatIfRequest(
  id: number,
  ask: HazardWhatIfAsk,
  opts: HazardWhatIfRunOptions,
  pageHref: string,
): HazardWhatIfRequest {
  const base = new URL(opts.baseUrl ?? '/scenes', pageHref).href.replace(/\/$/, '');
  return {
    type: 'run',
    id,
    sceneJsonUrl: `${base}/${opts.sceneName}/scene.json`,
    sceneBinUrl: `${base}/${opts.sceneName}/scene.bin`,
    spec: ask.spec,
    startMs: ask.startMs,
    horizonMin: ask.horizonMin,
    seed: opts.seed ?? 1,
    ...(opts.trafficIntervalMin !== undefined ? { trafficIntervalMin: opts.trafficIntervalMin } : {}),
  };
}

/** Starts a hazard what-if (a running one is cancelled first). Returns its id. */
export function startHazardWhatIf(
  ask: HazardWhatIfAsk,
  opts: HazardWhatIfRunOptions,
  store: HazardWhatIfStore = hazardWhatIfStore,
): number {
  if (store.getState().phase === 'running') cancelHazardWhatIf(store);
  runId++;
  const req = hazardWhatIfRequest(runId, ask, opts, globalThis.location.href);
  store.setState({ phase: 'running', id: runId, stage: 'loadingScene', stepsDone: 0, stepsTotal: 0, ask });
  try {
    getWorker(store).postMessage(req);
  } catch (e) {
    store.setState({ phase: 'error', stage: 'worker', message: e instanceof Error ? e.message : String(e) });
  }
  return runId;
}

/** Cancels the running what-if: the state is idle at once, the worker stops at its next chunk. */
export function cancelHazardWhatIf(store: HazardWhatIfStore = hazardWhatIfStore): void {
  const id = runId;
  runId++;
  const w = worker.current;
  if (w) {
    const msg: HazardWhatIfCancel = { type: 'cancel', id };
    w.postMessage(msg);
  }
  if (store.getState().phase === 'running') store.setState({ phase: 'idle' });
}
