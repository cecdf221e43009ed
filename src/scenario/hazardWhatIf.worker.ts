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
import type { CityModel } from '../core/scene/types.ts';
import { runInChunks, serveRunCancel } from './chunkedRun.ts';
import { DEFAULT_UTC_OFFSET_MIN, SceneCache, errText, workerScope } from './workerScene.ts';
import {
  parseHazardWhatIfInbound,
  type HazardWhatIfReply,
  type HazardWhatIfRequest,
} from './hazardWhatIfMessages.ts';

const scope = workerScope<HazardWhatIfReply>();
/** The scene of an earlier run (concurrent runs share its load). */
const scenes = new SceneCache();

const post = (m: HazardWhatIfReply, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

async function run(req: HazardWhatIfRequest, isCurrent: () => boolean): Promise<void> {
  let city: CityModel;
  try {
    city = await scenes.city(req, () => post({ type: 'stage', id: req.id, stage: 'loadingScene' }));
  } catch (e) {
    post({ type: 'error', id: req.id, stage: 'scene', message: errText(e) });
    return;
  }
  if (!isCurrent()) return post({ type: 'cancelled', id: req.id });
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
    if (!(await runInChunks(wi, req.id, post, isCurrent))) return;
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

serveRunCancel(
  scope,
  parseHazardWhatIfInbound,
  (id, message) => post({ type: 'error', id, stage: 'request', message }),
  run,
);
