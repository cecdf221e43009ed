/**
 * The traffic what-if worker: loads the scene package itself (once; the main thread never copies or blocks on the
 * CityModel) and runs the core's baseline + scenario assignment (src/core/traffic/whatIf.ts), reporting progress at
 * most 10 times a second. Cancelling is terminating the worker: the assignment is one synchronous loop.
 */
import { decodeScene } from '../core/scene/package.ts';
import type { CityModel } from '../core/scene/types.ts';
import { runTrafficWhatIf } from '../core/traffic/whatIf.ts';
import type { WhatIfReply, WhatIfRequest } from './trafficWhatIfMessages.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: WhatIfReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<WhatIfRequest>) => void) | null;
};

/** The scene loaded by an earlier run, keyed by its URLs. */
let cached: { key: string; model: CityModel } | null = null;

const post = (m: WhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

/** Fetches one file of the scene package; errors name the URL and the HTTP status. */
async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

async function loadModel(req: WhatIfRequest): Promise<CityModel> {
  const key = `${req.sceneJsonUrl}|${req.sceneBinUrl}`;
  if (cached?.key === key) return cached.model;
  const [jsonBuf, bin] = await Promise.all([fetchBytes(req.sceneJsonUrl), fetchBytes(req.sceneBinUrl)]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBuf));
  } catch (e) {
    throw new Error(`${req.sceneJsonUrl}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const model = decodeScene(json, bin);
  cached = { key, model };
  return model;
}

async function run(req: WhatIfRequest): Promise<void> {
  let model: CityModel;
  try {
    if (cached?.key !== `${req.sceneJsonUrl}|${req.sceneBinUrl}`)
      post({ type: 'stage', id: req.id, stage: 'loadingScene' });
    model = await loadModel(req);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'scene', message: e instanceof Error ? e.message : String(e) });
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
    post({ type: 'error', id: req.id, stage: 'model', message: e instanceof Error ? e.message : String(e) });
  }
}

scope.onmessage = (e: MessageEvent<WhatIfRequest>) => {
  if (e.data?.type === 'run') void run(e.data);
};
