/**
 * The energy what-if worker: loads the scene package itself (once; the main thread never copies or blocks on the
 * CityModel), builds its grid model with the same pure `buildGridModel` as the main thread and the feed server (so
 * element indices agree; the request's counts are checked), and runs the core's baseline + scenario dispatch
 * (src/core/energy/city/whatIf.ts EnergyWhatIfRun) in chunks of ≈ 40 ms. Between chunks it yields to the event loop,
 * so a `cancel` message stops the run at the next step boundary and the loaded scene and grid model stay cached.
 */
import { buildGridModel, type CityGridModel } from '../core/energy/city/gridModel.ts';
import { EnergyWhatIfRun, validateEnergyLever } from '../core/energy/city/whatIf.ts';
import { decodeScene } from '../core/scene/package.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
import {
  parseEnergyWhatIfInbound,
  type EnergyWhatIfReply,
  type EnergyWhatIfRequest,
} from './energyWhatIfMessages.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: EnergyWhatIfReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
};

/** Work per chunk before yielding, ms: short enough that Cancel feels immediate, long enough to be cheap. */
const CHUNK_MS = 40;
/** Progress replies at most this often, ms (~10 Hz is what a progress bar needs). */
const PROGRESS_EVERY_MS = 100;
/** China Standard Time, the scenes' default (src/core/scene/types.ts SceneMeta.utcOffsetMin). */
const DEFAULT_UTC_OFFSET_MIN = 480;

/** The scene and grid model of an earlier run, keyed by the scene's URLs (a promise: concurrent runs share it). */
let cached: { key: string; model: Promise<{ city: CityModel; grid: CityGridModel | null }> } | null = null;
/** The run being computed; a newer run or a cancel changes it and the older loop stops at its next chunk. */
let current = -1;

const post = (m: EnergyWhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Fetches one file of the scene package; errors name the URL and the HTTP status. */
async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

async function loadCity(req: EnergyWhatIfRequest): Promise<CityModel> {
  const [jsonBuf, bin] = await Promise.all([fetchBytes(req.sceneJsonUrl), fetchBytes(req.sceneBinUrl)]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBuf));
  } catch (e) {
    throw new Error(`${req.sceneJsonUrl}: ${errText(e)}`, { cause: e });
  }
  return decodeScene(json, bin);
}

/** Differences between the worker's grid model and the main thread's counts, or null when they agree. */
function countMismatch(g: CityGridModel, want: EnergyCounts): string | null {
  const have: EnergyCounts = {
    bus: g.busCount,
    hvLine: g.hvLineCount,
    station: g.stationCount,
    feeder: g.feederCount,
    storage: g.storage.count,
    pv: g.pv.count,
  };
  const diff = (Object.keys(want) as (keyof EnergyCounts)[])
    .filter((k) => have[k] !== want[k])
    .map((k) => `${k} ${have[k]} here vs ${want[k]} on the main thread`);
  return diff.length > 0 ? `grid models disagree: ${diff.join(', ')}` : null;
}

async function run(req: EnergyWhatIfRequest): Promise<void> {
  const key = `${req.sceneJsonUrl}|${req.sceneBinUrl}`;
  let city: CityModel;
  let grid: CityGridModel;
  try {
    if (cached?.key !== key) {
      post({ type: 'stage', id: req.id, stage: 'loadingScene' });
      cached = { key, model: loadCity(req).then((c) => ({ city: c, grid: null })) };
    }
    city = (await cached.model).city;
  } catch (e) {
    cached = null;
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  if (current !== req.id) return post({ type: 'cancelled', id: req.id });
  try {
    const entry = await cached.model;
    if (!entry.grid) {
      post({ type: 'stage', id: req.id, stage: 'buildingGrid' });
      entry.grid = buildGridModel(city);
    }
    grid = entry.grid;
    const mismatch = req.expectCounts ? countMismatch(grid, req.expectCounts) : null;
    if (mismatch) throw new Error(mismatch);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'grid', message: errText(e) });
    return;
  }
  for (let i = 0; i < req.levers.length; i++) {
    const why = validateEnergyLever(grid, req.levers[i]!);
    if (why !== null) {
      post({ type: 'error', id: req.id, stage: 'request', message: `run.levers[${i}]: ${why}` });
      return;
    }
  }
  post({ type: 'stage', id: req.id, stage: 'running' });
  try {
    const t0 = performance.now();
    const wi = new EnergyWhatIfRun(grid, req.startSimMs, req.hours, req.levers, {
      utcOffsetMin: city.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN,
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
    // The series arrays are this run's own: transfer them, not copy.
    const transfer = Object.values(result.series).map((a: Float32Array | Float64Array) => a.buffer);
    post({ type: 'done', id: req.id, result, elapsedMs, stepMs: wi.stepMs }, transfer as Transferable[]);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'model', message: errText(e) });
  }
}

scope.onmessage = (e: MessageEvent<unknown>) => {
  const p = parseEnergyWhatIfInbound(e.data);
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
      console.warn('energy what-if worker: unknown message', never);
    }
  }
};
