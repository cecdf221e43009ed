/**
 * The planner's scenario worker (issue 7): loads the scene package itself (once, cached by URL; the main thread never
 * copies or blocks on the CityModel), checks the spec against it (src/core/scenario/spec.ts) and runs every domain's
 * what-if (src/core/scenario/run.ts runScenario), reporting progress at most 10 times a second. The runners are
 * synchronous loops: cancelling is terminating this worker (scenarioClient.ts cancelScenario).
 */
import { runScenario } from '../core/scenario/run.ts';
import { parseScenarioSpec } from '../core/scenario/spec.ts';
import type { ScenarioProgress } from '../core/scenario/types.ts';
import type { CityModel } from '../core/scene/types.ts';
import {
  STAGE_CHECKING,
  STAGE_LOADING_SCENE,
  type ScenarioReply,
  type ScenarioRequest,
} from './scenarioMessages.ts';
import { SceneCache, errText } from './workerScene.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: ScenarioReply): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
};

/** Progress replies at most this often, ms (~10 Hz is what a progress bar needs). */
const PROGRESS_EVERY_MS = 100;

/** The scene of an earlier run (a second run while loading shares the load). */
const scenes = new SceneCache();

const post = (m: ScenarioReply): void => scope.postMessage(m);

async function run(req: ScenarioRequest): Promise<void> {
  let city: CityModel;
  try {
    city = await scenes.city(req, () =>
      post({ type: 'progress', id: req.id, fraction: 0, domain: null, stage: STAGE_LOADING_SCENE }),
    );
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  post({ type: 'progress', id: req.id, fraction: 0, domain: null, stage: STAGE_CHECKING });
  const spec = parseScenarioSpec(req.spec, 'scenario', city);
  if (!spec.ok) {
    post({ type: 'error', id: req.id, stage: 'spec', message: spec.reason });
    return;
  }
  try {
    let lastPost = 0;
    const result = runScenario(
      city,
      spec.value,
      (p: ScenarioProgress) => {
        const now = performance.now();
        if (now - lastPost < PROGRESS_EVERY_MS && p.fraction < 1) return;
        lastPost = now;
        post({ type: 'progress', id: req.id, fraction: p.fraction, domain: p.domain, stage: p.stage });
      },
      { now: () => performance.now() },
    );
    post({ type: 'done', id: req.id, result });
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'model', message: errText(e) });
  }
}

scope.onmessage = (e: MessageEvent<unknown>) => {
  const d = e.data as Partial<ScenarioRequest> | null;
  if (
    typeof d !== 'object' ||
    d === null ||
    d.type !== 'run' ||
    typeof d.id !== 'number' ||
    typeof d.sceneJsonUrl !== 'string' ||
    typeof d.sceneBinUrl !== 'string'
  ) {
    const id = typeof d === 'object' && d !== null && typeof d.id === 'number' ? d.id : -1;
    post({
      type: 'error',
      id,
      stage: 'worker',
      message: 'scenario worker: expected {type:"run", id, sceneJsonUrl, sceneBinUrl, spec}',
    });
    return;
  }
  void run(d as ScenarioRequest);
};
