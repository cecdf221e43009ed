/**
 * The hazard what-if worker: loads the scene package itself (once; the main thread never copies or blocks on the
 * CityModel), checks the hazard spec with the wire validator against that city, and runs the core's fork of the
 * twin (src/core/hazards/whatIf.ts HazardWhatIfRun: baseline and scenario city simulators at 1-minute ticks) in
 * chunks of ≈ 40 ms. Between chunks it yields to the event loop, so a `cancel` message stops the run at the next
 * chunk (building one simulator, ≈ 3 s on the default scene, is the longest step that cannot be split) and the
 * loaded scene stays cached.
 */
import { HazardWhatIfRun } from '../core/hazards/whatIf.ts';
import { STORM_FORMULAS } from '../core/hazards/rainfall.ts';
import { parseHazardCommand } from '../core/protocol/hazardMessages.ts';
import { decodeScene } from '../core/scene/package.ts';
import type { CityModel } from '../core/scene/types.ts';
import {
  parseHazardWhatIfInbound,
  type HazardWhatIfReply,
  type HazardWhatIfRequest,
} from './hazardWhatIfMessages.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: HazardWhatIfReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
};

/** Work per chunk before yielding, ms: short enough that Cancel feels immediate, long enough to be cheap. */
const CHUNK_MS = 40;
/** Progress replies at most this often, ms (~10 Hz is what a progress bar needs). */
const PROGRESS_EVERY_MS = 100;
/** China Standard Time, the scenes' default (src/core/scene/types.ts SceneMeta.utcOffsetMin). */
const DEFAULT_UTC_OFFSET_MIN = 480;

/** The scene of an earlier run, keyed by its URLs (a promise: concurrent runs share it). */
let cached: { key: string; city: Promise<CityModel> } | null = null;
/** The run being computed; a newer run or a cancel changes it and the older loop stops at its next chunk. */
let current = -1;

const post = (m: HazardWhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Fetches one file of the scene package; errors name the URL and the HTTP status. */
async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

async function loadCity(req: HazardWhatIfRequest): Promise<CityModel> {
  const [jsonBuf, bin] = await Promise.all([fetchBytes(req.sceneJsonUrl), fetchBytes(req.sceneBinUrl)]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBuf));
  } catch (e) {
    throw new Error(`${req.sceneJsonUrl}: ${errText(e)}`, { cause: e });
  }
  return decodeScene(json, bin);
}

async function run(req: HazardWhatIfRequest): Promise<void> {
  const key = `${req.sceneJsonUrl}|${req.sceneBinUrl}`;
  let city: CityModel;
  try {
    if (cached?.key !== key) {
      post({ type: 'stage', id: req.id, stage: 'loadingScene' });
      cached = { key, city: loadCity(req) };
    }
    city = await cached.city;
  } catch (e) {
    cached = null;
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  if (current !== req.id) return post({ type: 'cancelled', id: req.id });
  const cmd = parseHazardCommand(
    { op: 'trigger', spec: req.spec },
    { buildingCount: city.buildings.count, extent: city.meta.extentM, formulas: Object.keys(STORM_FORMULAS) },
  );
  if (!cmd.ok || cmd.value.op !== 'trigger') {
    post({
      type: 'error',
      id: req.id,
      stage: 'request',
      message: cmd.ok ? 'run.spec: not a trigger' : cmd.reason,
    });
    return;
  }
  post({ type: 'stage', id: req.id, stage: 'running' });
  try {
    const t0 = performance.now();
    const wi = new HazardWhatIfRun(city, {
      spec: cmd.value.spec,
      startMs: req.startMs,
      horizonMin: req.horizonMin,
      seed: req.seed,
      utcOffsetMin: city.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN,
      ...(req.trafficIntervalMin !== undefined ? { trafficIntervalMin: req.trafficIntervalMin } : {}),
    });
    post({ type: 'progress', id: req.id, stepsDone: 0, stepsTotal: wi.stepsTotal });
    let lastPost = performance.now();
    while (!wi.isDone) {
      const chunkStart = performance.now();
      while (!wi.isDone && performance.now() - chunkStart < CHUNK_MS) wi.advance(1);
      const now = performance.now();
      if (now - lastPost >= PROGRESS_EVERY_MS || wi.isDone) {
        lastPost = now;
        post({ type: 'progress', id: req.id, stepsDone: wi.stepsDone, stepsTotal: wi.stepsTotal });
      }
      if (wi.isDone) break;
      await yieldToEvents();
      if (current !== req.id) return post({ type: 'cancelled', id: req.id });
    }
    const result = wi.result();
    const elapsedMs = performance.now() - t0;
    // The result's typed arrays are this run's own: transfer them, not copy.
    const transfer: ArrayBufferLike[] = [
      result.simTimeMs.buffer,
      result.baseline.buffer,
      result.scenario.buffer,
      result.closedLinks.buffer,
      result.closedMinutes.buffer,
    ];
    if (result.maxDepth) transfer.push(result.maxDepth.depthMm.buffer);
    post({ type: 'done', id: req.id, result, elapsedMs }, transfer as Transferable[]);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'model', message: errText(e) });
  }
}

scope.onmessage = (e: MessageEvent<unknown>) => {
  const p = parseHazardWhatIfInbound(e.data);
  if (!p.ok) {
    // A message that is not even an object with an id cannot be answered by id; −1 tells the client so.
    const d: unknown = e.data;
    const id = typeof d === 'object' && d !== null && 'id' in d && typeof d.id === 'number' ? d.id : -1;
    post({ type: 'error', id, stage: 'request', message: p.error });
    return;
  }
  const m = p.value;
  switch (m.type) {
    case 'run':
      current = m.id;
      void run(m);
      break;
    case 'cancel':
      if (current === m.id) current = -1;
      break;
    default: {
      const never: never = m;
      console.warn('hazard what-if worker: unknown message', never);
    }
  }
};
