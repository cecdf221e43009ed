/**
 * The energy what-if worker: loads the scene package itself (once; the main thread never copies or blocks on the
 * CityModel), builds its grid model with the same pure `buildGridModel` as the main thread and the feed server (so
 * element indices agree; the request's counts are checked), and runs the core's baseline + scenario dispatch
 * (src/core/energy/city/whatIf.ts EnergyWhatIfRun) in chunks of ≈ 40 ms. Between chunks it yields to the event loop,
 * so a `cancel` message stops the run at the next step boundary and the loaded scene and grid model stay cached.
 */
import { buildGridModel, type CityGridModel } from '../core/energy/city/gridModel.ts';
import { EnergyWhatIfRun, validateEnergyLever } from '../core/energy/city/whatIf.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
import { runInChunks, serveRunCancel } from './chunkedRun.ts';
import { DEFAULT_UTC_OFFSET_MIN, SceneCache, errText, workerScope } from './workerScene.ts';
import {
  parseEnergyWhatIfInbound,
  type EnergyWhatIfReply,
  type EnergyWhatIfRequest,
} from './energyWhatIfMessages.ts';

const scope = workerScope<EnergyWhatIfReply>();
/** The scene of an earlier run (concurrent runs share its load). */
const scenes = new SceneCache();
/** The grid model built from the cached scene (a new scene object means a new grid model). */
let gridOf: { city: CityModel; grid: CityGridModel } | null = null;

const post = (m: EnergyWhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

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

async function run(req: EnergyWhatIfRequest, isCurrent: () => boolean): Promise<void> {
  let city: CityModel;
  let grid: CityGridModel;
  try {
    city = await scenes.city(req, () => post({ type: 'stage', id: req.id, stage: 'loadingScene' }));
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  if (!isCurrent()) return post({ type: 'cancelled', id: req.id });
  try {
    if (gridOf?.city !== city) {
      post({ type: 'stage', id: req.id, stage: 'buildingGrid' });
      gridOf = { city, grid: buildGridModel(city) };
    }
    grid = gridOf.grid;
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
    if (!(await runInChunks(wi, req.id, post, isCurrent))) return;
    const result = wi.result();
    const elapsedMs = performance.now() - t0;
    // The series arrays are this run's own: transfer them, not copy.
    const transfer = Object.values(result.series).map((a: Float32Array | Float64Array) => a.buffer);
    post({ type: 'done', id: req.id, result, elapsedMs, stepMs: wi.stepMs }, transfer as Transferable[]);
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'model', message: errText(e) });
  }
}

serveRunCancel(
  scope,
  parseEnergyWhatIfInbound,
  (id, message) => post({ type: 'error', id, stage: 'request', message }),
  run,
);
