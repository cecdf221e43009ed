/**
 * Messages between the main thread and the hazard what-if worker (hazardWhatIf.worker.ts), and their validation:
 * both sides parse what they receive from `unknown` (DESIGN.md rule 5). The hazard spec's shape and ranges are the
 * wire validator's (src/core/protocol/hazardMessages.ts parseHazardCommand), applied in the worker against the city
 * it loaded; here only the envelope and the numbers of the run are checked.
 */
import {
  HAZARD_WHATIF_KPIS,
  HAZARD_WHATIF_MAX_HORIZON_MIN,
  type HazardWhatIfResult,
} from '../core/hazards/whatIf.ts';
import type { HazardSpec } from '../core/hazards/types.ts';
import {
  BadField,
  int,
  isRecord,
  num,
  parsing,
  runHead,
  show,
  steppedReply,
  type CancelRequest,
  type Parsed,
  type SteppedReply,
} from './messageFields.ts';

/** Main thread → worker: run one hazard what-if. The worker loads (once) the scene named by the URLs. */
export interface HazardWhatIfRequest {
  readonly type: 'run';
  /** Run id: replies carry it, so a stale reply can never be taken for the current run. */
  readonly id: number;
  /** Absolute URLs of the scene package (scene.json, scene.bin). */
  readonly sceneJsonUrl: string;
  readonly sceneBinUrl: string;
  /** The hazard (validated in the worker by parseHazardCommand against the loaded city). */
  readonly spec: HazardSpec;
  /** Start of the fork (the live sim time), ms since the Unix epoch. */
  readonly startMs: number;
  /** Simulated minutes, a multiple of 5 in (0, HAZARD_WHATIF_MAX_HORIZON_MIN]. */
  readonly horizonMin: number;
  readonly seed: number;
  /** Minutes between traffic re-solves in the fork (default 5, the live model's). */
  readonly trafficIntervalMin?: number;
}

/** Main thread → worker: stop run `id` at its next chunk (the worker then sends `cancelled`). */
export type HazardWhatIfCancel = CancelRequest;

/** Everything the worker accepts. */
export type HazardWhatIfInbound = HazardWhatIfRequest | HazardWhatIfCancel;

/** What the worker is doing. */
export const HAZARD_WHATIF_STAGES = ['loadingScene', 'running'] as const;
export type HazardWhatIfStage = (typeof HAZARD_WHATIF_STAGES)[number];

/** Which step of a run failed in the worker. */
const FAIL_STAGES = ['request', 'scene', 'model'] as const;
/** Which step of a run failed; 'worker' is set on the main thread when the worker dies. */
export type HazardWhatIfFailStage = (typeof FAIL_STAGES)[number] | 'worker';

/**
 * Worker → main thread: stage, progress (steps = 2 simulator builds + one per simulated minute), cancelled, error,
 * and the result.
 */
export type HazardWhatIfReply =
  | SteppedReply<HazardWhatIfStage, Exclude<HazardWhatIfFailStage, 'worker'>>
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: HazardWhatIfResult;
      /** Wall time of the run in the worker (not the scene load), ms. */
      readonly elapsedMs: number;
    };

export type { Parsed } from './messageFields.ts';

/** Parses what the worker received; errors name the message and the field (e.g. `run.horizonMin`). */
export function parseHazardWhatIfInbound(input: unknown): Parsed<HazardWhatIfInbound> {
  return parsing(() => {
    const head = runHead(input);
    if (head.type === 'cancel') return head;
    const { type, data, id, sceneJsonUrl, sceneBinUrl } = head;
    const startMs = num(data, 'startMs', 'run');
    const horizonMin = int(data, 'horizonMin', 'run');
    if (horizonMin === 0 || horizonMin > HAZARD_WHATIF_MAX_HORIZON_MIN || horizonMin % 5 !== 0)
      throw new BadField(
        `run.horizonMin: expected a multiple of 5 in (0, ${HAZARD_WHATIF_MAX_HORIZON_MIN}] min, got ${horizonMin}`,
      );
    const seed = int(data, 'seed', 'run');
    if (seed > 0xffffffff) throw new BadField(`run.seed: expected at most 4294967295, got ${seed}`);
    const spec = data['spec'];
    if (!isRecord(spec)) throw new BadField(`run.spec: expected an object, got ${show(spec)}`);
    const ti = data['trafficIntervalMin'];
    let trafficIntervalMin: number | undefined;
    if (ti !== undefined) {
      trafficIntervalMin = num(data, 'trafficIntervalMin', 'run');
      if (trafficIntervalMin < 1 || trafficIntervalMin > 60)
        throw new BadField(`run.trafficIntervalMin: expected 1 … 60 min, got ${trafficIntervalMin}`);
    }
    const req: HazardWhatIfRequest = {
      type,
      id,
      sceneJsonUrl,
      sceneBinUrl,
      // The spec's fields are checked by parseHazardCommand in the worker, which knows the city's limits.
      spec: spec as unknown as HazardSpec,
      startMs,
      horizonMin,
      seed,
      ...(trafficIntervalMin !== undefined ? { trafficIntervalMin } : {}),
    };
    return req;
  });
}

/**
 * Checks what came back from the worker: the envelope (type, id) and the parts of a result the panel indexes into
 * (series lengths agree with the sample count and the KPI table; typed arrays are typed arrays). The numbers
 * themselves are the core's, computed in the worker.
 */
export function parseHazardWhatIfReply(input: unknown): Parsed<HazardWhatIfReply> {
  return parsing(() =>
    steppedReply(input, HAZARD_WHATIF_STAGES, FAIL_STAGES, (data, id, where) => {
      const r = data['result'];
      if (!isRecord(r)) throw new BadField(`${where}.result: expected an object, got ${show(r)}`);
      const t = r['simTimeMs'];
      if (!(t instanceof Float64Array) || t.length < 2)
        throw new BadField(`${where}.result.simTimeMs: expected a Float64Array of at least 2 samples`);
      const want = t.length * HAZARD_WHATIF_KPIS.length;
      for (const k of ['baseline', 'scenario'] as const) {
        const a = r[k];
        if (!(a instanceof Float32Array) || a.length !== want)
          throw new BadField(
            `${where}.result.${k}: expected a Float32Array of ${want} values (${HAZARD_WHATIF_KPIS.length} KPIs × ${t.length} samples)`,
          );
      }
      if (!Array.isArray(r['delta']) || r['delta'].length !== HAZARD_WHATIF_KPIS.length)
        throw new BadField(`${where}.result.delta: expected ${HAZARD_WHATIF_KPIS.length} rows`);
      if (!Array.isArray(r['cascade'])) throw new BadField(`${where}.result.cascade: expected an array`);
      const cl = r['closedLinks'];
      const cm = r['closedMinutes'];
      if (!(cl instanceof Int32Array) || !(cm instanceof Float32Array) || cl.length !== cm.length)
        throw new BadField(`${where}.result.closedLinks: expected Int32Array and Float32Array of one length`);
      const md = r['maxDepth'];
      if (md !== null) {
        if (!isRecord(md) || !(md['depthMm'] instanceof Uint16Array))
          throw new BadField(`${where}.result.maxDepth: expected null or a grid with depthMm`);
        const nx = int(md, 'nx', `${where}.result.maxDepth`);
        const ny = int(md, 'ny', `${where}.result.maxDepth`);
        if (md['depthMm'].length !== nx * ny)
          throw new BadField(`${where}.result.maxDepth.depthMm: expected nx × ny = ${nx * ny} cells`);
      }
      return {
        type: 'done',
        id,
        result: r as unknown as HazardWhatIfResult,
        elapsedMs: num(data, 'elapsedMs', where),
      } as const;
    }),
  );
}
