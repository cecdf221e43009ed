/**
 * Main-thread side of the energy what-if: starts runs in the worker (energyWhatIf.worker.ts), mirrors their stage,
 * progress, result or error into the store's energy what-if slice, and cancels them. The live twin is untouched: the
 * worker has its own copy of the scene and grid model and the store only receives the finished result.
 *
 * Cancel sends `cancel` (the worker stops at its next step boundary and keeps its cached scene and grid model) and
 * drops the run's id at once, so the panel is idle immediately and a late reply of the cancelled run is ignored.
 */
import type { AppStore } from '../state/store.ts';
import type { EnergyLever } from '../core/energy/city/whatIf.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
import type { EnergyWhatIfSpan } from '../state/energyWhatIfSlice.ts';
import {
  parseEnergyWhatIfReply,
  type EnergyWhatIfCancel,
  type EnergyWhatIfReply,
  type EnergyWhatIfRequest,
} from './energyWhatIfMessages.ts';
import { KeptWorker } from './keptWorker.ts';

const worker = new KeptWorker(
  () =>
    new Worker(new URL('./energyWhatIf.worker.ts', import.meta.url), {
      type: 'module',
      name: 'energy-what-if',
    }),
);
let runId = 0;

/** Options of a run. */
export interface EnergyWhatIfRunOptions {
  /** Scene name (scenes/<name>/). */
  readonly sceneName: string;
  /** Where scene packages are served (default '/scenes' on this origin). */
  readonly baseUrl?: string;
  /** The main thread's grid model counts (src/app/gridHolder.ts gridCounts): the worker checks its own against them. */
  readonly expectCounts?: EnergyCounts;
}

function getWorker(store: AppStore): Worker {
  const fail = (message: string): void => {
    const s = store.getState();
    if (s.energyWhatIf.phase === 'running') s.setEnergyWhatIf({ phase: 'error', stage: 'worker', message });
  };
  return worker.get((data) => {
    const p = parseEnergyWhatIfReply(data);
    if (p.ok) applyEnergyWhatIfReply(store, p.value, runId);
    else fail(p.error);
  }, fail);
}

/**
 * Applies one worker reply to the store when it belongs to run `currentId` (replies of a cancelled or superseded run
 * are dropped; a request the worker could not parse comes back with id −1 and can only be the current one).
 */
export function applyEnergyWhatIfReply(store: AppStore, m: EnergyWhatIfReply, currentId: number): void {
  if (m.id !== currentId && m.id !== -1) return;
  const s = store.getState();
  const cur = s.energyWhatIf;
  if (cur.phase !== 'running') return; // cancelled or finished: nothing more to show
  switch (m.type) {
    case 'stage':
      s.setEnergyWhatIf({ ...cur, stage: m.stage });
      break;
    case 'progress':
      s.setEnergyWhatIf({ ...cur, stepsDone: m.stepsDone, stepsTotal: m.stepsTotal });
      break;
    case 'done':
      s.setEnergyWhatIf({
        phase: 'done',
        result: m.result,
        levers: cur.levers,
        span: cur.span,
        elapsedMs: m.elapsedMs,
        stepMs: m.stepMs,
      });
      break;
    case 'cancelled':
      s.setEnergyWhatIf({ phase: 'idle' });
      break;
    case 'error':
      s.setEnergyWhatIf({ phase: 'error', stage: m.stage, message: m.message });
      break;
    default: {
      const never: never = m;
      console.warn('unknown energy what-if reply', never);
    }
  }
}

/** The run request for `levers` over `span` (pure; exported for tests). */
export function energyWhatIfRequest(
  id: number,
  levers: readonly EnergyLever[],
  span: EnergyWhatIfSpan,
  opts: EnergyWhatIfRunOptions,
  pageHref: string,
): EnergyWhatIfRequest {
  const base = new URL(opts.baseUrl ?? '/scenes', pageHref).href.replace(/\/$/, '');
  return {
    type: 'run',
    id,
    sceneJsonUrl: `${base}/${opts.sceneName}/scene.json`,
    sceneBinUrl: `${base}/${opts.sceneName}/scene.bin`,
    startSimMs: span.startSimMs,
    hours: span.hours,
    levers,
    ...(opts.expectCounts ? { expectCounts: opts.expectCounts } : {}),
  };
}

/** Starts a what-if run of `levers` over `span` (a running one is cancelled first). Returns its id. */
export function startEnergyWhatIf(
  store: AppStore,
  levers: readonly EnergyLever[],
  span: EnergyWhatIfSpan,
  opts: EnergyWhatIfRunOptions,
): number {
  if (store.getState().energyWhatIf.phase === 'running') cancelEnergyWhatIf(store);
  runId++;
  const req = energyWhatIfRequest(runId, levers, span, opts, globalThis.location.href);
  store.getState().setEnergyWhatIf({
    phase: 'running',
    stage: 'loadingScene',
    stepsDone: 0,
    stepsTotal: 0,
    levers,
    span,
  });
  try {
    getWorker(store).postMessage(req);
  } catch (e) {
    store.getState().setEnergyWhatIf({
      phase: 'error',
      stage: 'worker',
      message: e instanceof Error ? e.message : String(e),
    });
  }
  return runId;
}

/** Cancels the running what-if: the slice is idle at once, the worker stops at its next step. */
export function cancelEnergyWhatIf(store: AppStore): void {
  const id = runId;
  runId++;
  const w = worker.current;
  if (w) {
    const msg: EnergyWhatIfCancel = { type: 'cancel', id };
    w.postMessage(msg);
  }
  if (store.getState().energyWhatIf.phase === 'running') store.getState().setEnergyWhatIf({ phase: 'idle' });
}
