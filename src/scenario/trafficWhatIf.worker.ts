/**
 * The traffic what-if worker: loads the scene package itself (once; the main thread never copies or blocks on the
 * CityModel) and runs the core's baseline + scenario assignment (src/core/traffic/whatIf.ts), reporting progress at
 * most 10 times a second. Cancelling is terminating the worker: the assignment is one synchronous loop.
 */
import type { CityModel } from '../core/scene/types.ts';
import { runTrafficWhatIf } from '../core/traffic/whatIf.ts';
import type { WhatIfReply, WhatIfRequest } from './trafficWhatIfMessages.ts';
import { SceneCache, errText } from './workerScene.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: WhatIfReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<WhatIfRequest>) => void) | null;
};

/** The scene loaded by an earlier run. */
const scenes = new SceneCache();

const post = (m: WhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

async function run(req: WhatIfRequest): Promise<void> {
  let model: CityModel;
  try {
    model = await scenes.city(req, () => post({ type: 'stage', id: req.id, stage: 'loadingScene' }));
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  post({ type: 'stage', id: req.id, stage: 'assigning' });
  try {
    let lastPostMs = 0;
    const result = runTrafficWhatIf(model, req.simTimeMs, req.levers, {
      ...(req.targetGap !== undefined ? { targetGap: req.targetGap } : {}),
      onProgress: (fraction) => {
        // Throttled: the assignment may report every iteration; the progress bar needs ~10 Hz.
        const now = performance.now();
        if (now - lastPostMs < 100 && fraction < 1) return;
        lastPostMs = now;
        post({ type: 'progress', id: req.id, fraction });
      },
    });
    // Transfer, not copy, the per-link arrays: each buffer once (two arrays may share one), and only buffers an
    // array owns whole (a view into a larger buffer, e.g. the cached model's, must stay here: it is copied).
    const buffers = new Set<ArrayBufferLike>();
    for (const v of Object.values(result))
      if (ArrayBuffer.isView(v) && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength)
        buffers.add(v.buffer);
    post({ type: 'done', id: req.id, result }, [...buffers] as Transferable[]);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'model', message: errText(e) });
  }
}

scope.onmessage = (e: MessageEvent<WhatIfRequest>) => {
  if (e.data?.type === 'run') void run(e.data);
};
