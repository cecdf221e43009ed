/**
 * Main-thread side of the traffic what-if: starts runs in the worker (trafficWhatIf.worker.ts), mirrors their
 * progress, result or error into the store's what-if slice, and cancels by terminating the worker. The live twin is
 * untouched: the worker has its own copy of the scene and the store only receives the finished result.
 */
import type { AppStore } from '../state/store.ts';
import type { TrafficLever } from '../core/traffic/types.ts';
import type { WhatIfReply, WhatIfRequest } from './trafficWhatIfMessages.ts';
import { KeptWorker } from './keptWorker.ts';

const worker = new KeptWorker(
  () =>
    new Worker(new URL('./trafficWhatIf.worker.ts', import.meta.url), {
      type: 'module',
      name: 'traffic-what-if',
    }),
);
let runId = 0;

/** Options of a run. */
export interface WhatIfRunOptions {
  /** Scene name (scenes/<name>/). */
  readonly sceneName: string;
  /** Where scene packages are served (default '/scenes' on this origin). */
  readonly baseUrl?: string;
  readonly targetGap?: number;
}

function getWorker(store: AppStore): Worker {
  return worker.get(
    (data) => onReply(store, data as WhatIfReply),
    (message) => {
      const s = store.getState();
      if (s.trafficWhatIf.phase === 'running')
        s.setTrafficWhatIf({ phase: 'error', stage: 'worker', message });
    },
  );
}

function onReply(store: AppStore, m: WhatIfReply): void {
  if (m.id !== runId) return; // a reply of a cancelled or superseded run
  const s = store.getState();
  const cur = s.trafficWhatIf;
  const levers = cur.phase === 'running' ? cur.levers : undefined;
  switch (m.type) {
    case 'stage':
      if (cur.phase === 'running') s.setTrafficWhatIf({ ...cur, stage: m.stage });
      break;
    case 'progress':
      if (cur.phase === 'running') s.setTrafficWhatIf({ ...cur, progress: m.fraction });
      break;
    case 'done':
      s.setTrafficWhatIf({
        phase: 'done',
        result: m.result,
        ...(levers ? { levers } : {}),
        simTimeMs: requestedAt,
      });
      break;
    case 'error':
      s.setTrafficWhatIf({ phase: 'error', stage: m.stage, message: m.message });
      break;
    default: {
      const never: never = m;
      console.warn('unknown what-if reply', never);
    }
  }
}

let requestedAt = 0;

/** Starts a what-if run of `levers` at sim time `simTimeMs` (a running one is cancelled first). Returns its id. */
export function startTrafficWhatIf(
  store: AppStore,
  levers: readonly TrafficLever[],
  simTimeMs: number,
  opts: WhatIfRunOptions,
): number {
  if (store.getState().trafficWhatIf.phase === 'running') cancelTrafficWhatIf(store);
  const base = new URL(opts.baseUrl ?? '/scenes', globalThis.location.href).href.replace(/\/$/, '');
  runId++;
  requestedAt = simTimeMs;
  const req: WhatIfRequest = {
    type: 'run',
    id: runId,
    sceneJsonUrl: `${base}/${opts.sceneName}/scene.json`,
    sceneBinUrl: `${base}/${opts.sceneName}/scene.bin`,
    simTimeMs,
    levers,
    ...(opts.targetGap !== undefined ? { targetGap: opts.targetGap } : {}),
  };
  store.getState().setTrafficWhatIf({ phase: 'running', progress: 0, levers });
  try {
    getWorker(store).postMessage(req);
  } catch (e) {
    store.getState().setTrafficWhatIf({
      phase: 'error',
      stage: 'worker',
      message: e instanceof Error ? e.message : String(e),
    });
  }
  return runId;
}

/**
 * Cancels the running what-if: the worker is terminated (the assignment is one synchronous loop that cannot be
 * interrupted otherwise) and the slice goes back to idle. The next run starts a fresh worker.
 */
export function cancelTrafficWhatIf(store: AppStore): void {
  runId++;
  worker.terminate();
  if (store.getState().trafficWhatIf.phase === 'running')
    store.getState().setTrafficWhatIf({ phase: 'idle' });
}
