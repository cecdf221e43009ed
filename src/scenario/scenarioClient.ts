/**
 * Main-thread side of the planner's scenario engine (issue 7): runs one ScenarioSpec — the levers of every domain —
 * in a Web Worker (scenario.worker.ts → src/core/scenario/run.ts runScenario) and mirrors its progress, result or
 * error into a small zustand store. The live twin is untouched: the worker loads its own copy of the scene.
 *
 * API (for the planner page and the compare view):
 *   startScenario(spec, { sceneName, baseUrl? }) → run id   (a running run is cancelled first)
 *   cancelScenario()                                        (terminates the worker; state → cancelled)
 *   scenarioRunStore                                         zustand vanilla store; in React:
 *     const run = useStore(scenarioRunStore)                 (import { useStore } from 'zustand')
 *   ScenarioRunState =
 *     | { phase: 'idle' }
 *     | { phase: 'running'; id; spec; progress: 0…1; domain: DomainId | null; stage: Text2 }
 *     | { phase: 'done'; id; spec; result: ScenarioResult }       result.kpis = every domain's KPIs (delta table)
 *     | { phase: 'error'; id; spec; message; stage: 'worker' | 'scene' | 'spec' | 'model' }
 *     | { phase: 'cancelled'; id; spec }
 *   resetScenario() → idle.
 * Re-run check: kpisEqual(saved.kpis, result.kpis) / kpiDiffs(a, b) from src/core/scenario/run.ts.
 * Spec check before a run or a save: parseScenarioSpec(json, source, city) from src/core/scenario/spec.ts.
 * Replies of a cancelled or superseded run are dropped by id.
 */
import { createStore } from 'zustand/vanilla';
import type { Text2 } from '../core/hazards/types.ts';
import type { DomainId, ScenarioResult, ScenarioSpec } from '../core/scenario/types.ts';
import type { ScenarioFailStage, ScenarioReply, ScenarioRequest } from './scenarioMessages.ts';

/** The run as the page shows it. */
export type ScenarioRunState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly id: number;
      readonly spec: ScenarioSpec;
      readonly progress: number;
      readonly domain: DomainId | null;
      readonly stage: Text2;
    }
  | {
      readonly phase: 'done';
      readonly id: number;
      readonly spec: ScenarioSpec;
      readonly result: ScenarioResult;
    }
  | {
      readonly phase: 'error';
      readonly id: number;
      readonly spec: ScenarioSpec;
      readonly message: string;
      readonly stage: ScenarioFailStage;
    }
  | { readonly phase: 'cancelled'; readonly id: number; readonly spec: ScenarioSpec };

/** The store of the current run (one run at a time per page). */
export const scenarioRunStore = createStore<ScenarioRunState>()(() => ({ phase: 'idle' }));

/** Options of a run. */
export interface ScenarioRunOptions {
  /** Scene name (scenes/<name>/); normally spec.base.sceneName. */
  readonly sceneName: string;
  /** Where scene packages are served (default '/scenes' on this origin). */
  readonly baseUrl?: string;
}

let worker: Worker | null = null;
let runId = 0;
const STARTING: Text2 = { zh: '启动', en: 'Starting' };

function newWorker(): Worker {
  const w = new Worker(new URL('./scenario.worker.ts', import.meta.url), {
    type: 'module',
    name: 'scenario',
  });
  w.onmessage = (e: MessageEvent<ScenarioReply>) => onReply(e.data);
  // A script error inside the worker (a thrown model error comes back as a reply instead) ends the run.
  w.onerror = (e) => {
    e.preventDefault();
    const s = scenarioRunStore.getState();
    if (s.phase === 'running')
      scenarioRunStore.setState(
        {
          phase: 'error',
          id: s.id,
          spec: s.spec,
          stage: 'worker',
          message: e.message || 'worker failed to start',
        },
        true,
      );
    w.terminate();
    if (worker === w) worker = null;
  };
  return w;
}

function onReply(m: ScenarioReply): void {
  const s = scenarioRunStore.getState();
  if (s.phase !== 'running' || m.id !== runId || s.id !== m.id) return; // stale: cancelled or superseded
  switch (m.type) {
    case 'progress':
      scenarioRunStore.setState({ ...s, progress: m.fraction, domain: m.domain, stage: m.stage }, true);
      break;
    case 'done':
      scenarioRunStore.setState({ phase: 'done', id: s.id, spec: s.spec, result: m.result }, true);
      break;
    case 'error':
      scenarioRunStore.setState(
        { phase: 'error', id: s.id, spec: s.spec, stage: m.stage, message: m.message },
        true,
      );
      break;
    default: {
      const never: never = m;
      console.warn('scenario worker: unknown reply', never);
    }
  }
}

/** Starts a run of `spec` (a running one is cancelled first); returns its id. */
export function startScenario(spec: ScenarioSpec, opts: ScenarioRunOptions): number {
  if (scenarioRunStore.getState().phase === 'running') cancelScenario();
  const base = new URL(opts.baseUrl ?? '/scenes', globalThis.location.href).href.replace(/\/$/, '');
  const id = ++runId;
  const req: ScenarioRequest = {
    type: 'run',
    id,
    sceneJsonUrl: `${base}/${opts.sceneName}/scene.json`,
    sceneBinUrl: `${base}/${opts.sceneName}/scene.bin`,
    spec,
  };
  scenarioRunStore.setState({ phase: 'running', id, spec, progress: 0, domain: null, stage: STARTING }, true);
  try {
    worker ??= newWorker();
    worker.postMessage(req);
  } catch (e) {
    scenarioRunStore.setState(
      { phase: 'error', id, spec, stage: 'worker', message: e instanceof Error ? e.message : String(e) },
      true,
    );
  }
  return id;
}

/**
 * Cancels the running scenario: the worker is terminated (the runners are synchronous loops) and the state becomes
 * `cancelled`. The next run starts a fresh worker (which loads the scene again, usually from the HTTP cache).
 */
export function cancelScenario(): void {
  runId++;
  worker?.terminate();
  worker = null;
  const s = scenarioRunStore.getState();
  if (s.phase === 'running') scenarioRunStore.setState({ phase: 'cancelled', id: s.id, spec: s.spec }, true);
}

/** Back to idle (a finished, failed or cancelled run is forgotten; a running one is cancelled). */
export function resetScenario(): void {
  if (scenarioRunStore.getState().phase === 'running') cancelScenario();
  scenarioRunStore.setState({ phase: 'idle' }, true);
}
