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
export interface HazardWhatIfCancel {
  readonly type: 'cancel';
  readonly id: number;
}

/** Everything the worker accepts. */
export type HazardWhatIfInbound = HazardWhatIfRequest | HazardWhatIfCancel;

/** What the worker is doing. */
export type HazardWhatIfStage = 'loadingScene' | 'running';

/** Which step of a run failed; 'worker' is set on the main thread when the worker dies. */
export type HazardWhatIfFailStage = 'request' | 'scene' | 'model' | 'worker';

/** Worker → main thread. */
export type HazardWhatIfReply =
  | { readonly type: 'stage'; readonly id: number; readonly stage: HazardWhatIfStage }
  | {
      readonly type: 'progress';
      readonly id: number;
      /** Steps done and in all (2 simulator builds + one per simulated minute). */
      readonly stepsDone: number;
      readonly stepsTotal: number;
    }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: HazardWhatIfResult;
      /** Wall time of the run in the worker (not the scene load), ms. */
      readonly elapsedMs: number;
    }
  | { readonly type: 'cancelled'; readonly id: number }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly stage: Exclude<HazardWhatIfFailStage, 'worker'>;
      readonly message: string;
    };

/** A parse outcome: the value, or why not (a message naming the field). */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
};

class FieldError extends Error {}

function num(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new FieldError(`${where}.${key}: expected a finite number, got ${show(v)}`);
  return v;
}

function int(o: Record<string, unknown>, key: string, where: string): number {
  const v = num(o, key, where);
  if (!Number.isInteger(v) || v < 0)
    throw new FieldError(`${where}.${key}: expected a non-negative integer, got ${v}`);
  return v;
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0)
    throw new FieldError(`${where}.${key}: expected a non-empty string, got ${show(v)}`);
  return v;
}

/** Parses what the worker received; errors name the message and the field (e.g. `run.horizonMin`). */
export function parseHazardWhatIfInbound(data: unknown): Parsed<HazardWhatIfInbound> {
  try {
    if (!isRecord(data)) throw new FieldError(`message: expected an object, got ${show(data)}`);
    const type = data['type'];
    if (type === 'cancel') return { ok: true, value: { type, id: int(data, 'id', 'cancel') } };
    if (type !== 'run') throw new FieldError(`message.type: expected "run" or "cancel", got ${show(type)}`);
    const id = int(data, 'id', 'run');
    const sceneJsonUrl = str(data, 'sceneJsonUrl', 'run');
    const sceneBinUrl = str(data, 'sceneBinUrl', 'run');
    const startMs = num(data, 'startMs', 'run');
    const horizonMin = int(data, 'horizonMin', 'run');
    if (horizonMin === 0 || horizonMin > HAZARD_WHATIF_MAX_HORIZON_MIN || horizonMin % 5 !== 0)
      throw new FieldError(
        `run.horizonMin: expected a multiple of 5 in (0, ${HAZARD_WHATIF_MAX_HORIZON_MIN}] min, got ${horizonMin}`,
      );
    const seed = int(data, 'seed', 'run');
    if (seed > 0xffffffff) throw new FieldError(`run.seed: expected at most 4294967295, got ${seed}`);
    const spec = data['spec'];
    if (!isRecord(spec)) throw new FieldError(`run.spec: expected an object, got ${show(spec)}`);
    const ti = data['trafficIntervalMin'];
    let trafficIntervalMin: number | undefined;
    if (ti !== undefined) {
      trafficIntervalMin = num(data, 'trafficIntervalMin', 'run');
      if (trafficIntervalMin < 1 || trafficIntervalMin > 60)
        throw new FieldError(`run.trafficIntervalMin: expected 1 … 60 min, got ${trafficIntervalMin}`);
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
    return { ok: true, value: req };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Checks what came back from the worker: the envelope (type, id) and the parts of a result the panel indexes into
 * (series lengths agree with the sample count and the KPI table; typed arrays are typed arrays). The numbers
 * themselves are the core's, computed in the worker.
 */
export function parseHazardWhatIfReply(data: unknown): Parsed<HazardWhatIfReply> {
  try {
    if (!isRecord(data)) throw new FieldError(`reply: expected an object, got ${show(data)}`);
    const type = data['type'];
    const where = `reply ${show(type)}`;
    const id = int(data, 'id', where);
    switch (type) {
      case 'stage': {
        const stage = data['stage'];
        if (stage !== 'loadingScene' && stage !== 'running')
          throw new FieldError(`${where}.stage: unknown stage ${show(stage)}`);
        return { ok: true, value: { type, id, stage } };
      }
      case 'progress': {
        const stepsDone = int(data, 'stepsDone', where);
        const stepsTotal = int(data, 'stepsTotal', where);
        if (stepsDone > stepsTotal)
          throw new FieldError(`${where}.stepsDone: ${stepsDone} is more than stepsTotal ${stepsTotal}`);
        return { ok: true, value: { type, id, stepsDone, stepsTotal } };
      }
      case 'done': {
        const r = data['result'];
        if (!isRecord(r)) throw new FieldError(`${where}.result: expected an object, got ${show(r)}`);
        const t = r['simTimeMs'];
        if (!(t instanceof Float64Array) || t.length < 2)
          throw new FieldError(`${where}.result.simTimeMs: expected a Float64Array of at least 2 samples`);
        const want = t.length * HAZARD_WHATIF_KPIS.length;
        for (const k of ['baseline', 'scenario'] as const) {
          const a = r[k];
          if (!(a instanceof Float32Array) || a.length !== want)
            throw new FieldError(
              `${where}.result.${k}: expected a Float32Array of ${want} values (${HAZARD_WHATIF_KPIS.length} KPIs × ${t.length} samples)`,
            );
        }
        if (!Array.isArray(r['delta']) || r['delta'].length !== HAZARD_WHATIF_KPIS.length)
          throw new FieldError(`${where}.result.delta: expected ${HAZARD_WHATIF_KPIS.length} rows`);
        if (!Array.isArray(r['cascade'])) throw new FieldError(`${where}.result.cascade: expected an array`);
        const cl = r['closedLinks'];
        const cm = r['closedMinutes'];
        if (!(cl instanceof Int32Array) || !(cm instanceof Float32Array) || cl.length !== cm.length)
          throw new FieldError(
            `${where}.result.closedLinks: expected Int32Array and Float32Array of one length`,
          );
        const md = r['maxDepth'];
        if (md !== null) {
          if (!isRecord(md) || !(md['depthMm'] instanceof Uint16Array))
            throw new FieldError(`${where}.result.maxDepth: expected null or a grid with depthMm`);
          const nx = int(md, 'nx', `${where}.result.maxDepth`);
          const ny = int(md, 'ny', `${where}.result.maxDepth`);
          if (md['depthMm'].length !== nx * ny)
            throw new FieldError(`${where}.result.maxDepth.depthMm: expected nx × ny = ${nx * ny} cells`);
        }
        return {
          ok: true,
          value: {
            type,
            id,
            result: r as unknown as HazardWhatIfResult,
            elapsedMs: num(data, 'elapsedMs', where),
          },
        };
      }
      case 'cancelled':
        return { ok: true, value: { type, id } };
      case 'error': {
        const stage = data['stage'];
        if (stage !== 'request' && stage !== 'scene' && stage !== 'model')
          throw new FieldError(`${where}.stage: unknown stage ${show(stage)}`);
        const message = data['message'];
        return {
          ok: true,
          value: { type, id, stage, message: typeof message === 'string' ? message : show(message) },
        };
      }
      default:
        throw new FieldError(`reply.type: unknown reply type ${show(type)}`);
    }
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    throw e;
  }
}
