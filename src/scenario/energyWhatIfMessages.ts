/**
 * Messages between the main thread and the energy what-if worker (energyWhatIf.worker.ts), and their validation:
 * both sides parse what they receive from `unknown` (DESIGN.md rule 5), so a malformed message is answered with an
 * error that names the field, never a crash or a silently wrong run.
 */
import { StorageStrategy } from '../core/energy/city/dispatch.ts';
import type { EnergyLever, EnergyWhatIfResult } from '../core/energy/city/whatIf.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';

/** Longest span a planner may run, hours (a week of 5-minute steps = 2 × 2016 dispatch steps). */
export const ENERGY_WHATIF_MAX_HOURS = 168;

/** Main thread → worker: run one scenario. The worker loads (once) the scene named by the URLs and its grid model. */
export interface EnergyWhatIfRequest {
  readonly type: 'run';
  /** Run id: replies carry it, so a stale reply can never be taken for the current run. */
  readonly id: number;
  /** Absolute URLs of the scene package (scene.json, scene.bin). */
  readonly sceneJsonUrl: string;
  readonly sceneBinUrl: string;
  /** Start of the span, ms since the Unix epoch (the first step ends one step later). */
  readonly startSimMs: number;
  /** Length of the span, hours, in (0, ENERGY_WHATIF_MAX_HOURS]. */
  readonly hours: number;
  readonly levers: readonly EnergyLever[];
  /**
   * Element counts of the main thread's grid model (src/app/gridHolder.ts): the worker refuses to run when its own
   * model disagrees, since the levers' indices would then point at other elements.
   */
  readonly expectCounts?: EnergyCounts;
}

/** Main thread → worker: stop run `id` at its next step boundary (the worker then sends `cancelled`). */
export interface EnergyWhatIfCancel {
  readonly type: 'cancel';
  readonly id: number;
}

/** Everything the worker accepts. */
export type EnergyWhatIfInbound = EnergyWhatIfRequest | EnergyWhatIfCancel;

/** What the worker is doing. */
export type EnergyWhatIfStage = 'loadingScene' | 'buildingGrid' | 'running';

/** Which step of a run failed (the panel names it); 'worker' is set on the main thread when the worker dies. */
export type EnergyWhatIfFailStage = 'request' | 'scene' | 'grid' | 'model' | 'worker';

/** Worker → main thread. */
export type EnergyWhatIfReply =
  | { readonly type: 'stage'; readonly id: number; readonly stage: EnergyWhatIfStage }
  | {
      readonly type: 'progress';
      readonly id: number;
      /** Dispatch steps done and in all, baseline and scenario together. */
      readonly stepsDone: number;
      readonly stepsTotal: number;
    }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: EnergyWhatIfResult;
      /** Wall time of the two runs in the worker (not the scene load), ms. */
      readonly elapsedMs: number;
      readonly stepMs: number;
    }
  | { readonly type: 'cancelled'; readonly id: number }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly stage: Exclude<EnergyWhatIfFailStage, 'worker'>;
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

/**
 * One lever's shape (kind known, fields present and numeric). Ranges against a grid model are the core's
 * validateEnergyLever's job; this only makes sure the value is an EnergyLever at all.
 */
export function parseEnergyLever(v: unknown, where: string): Parsed<EnergyLever> {
  try {
    if (!isRecord(v)) throw new FieldError(`${where}: expected an object, got ${show(v)}`);
    const kind = v['kind'];
    let lever: EnergyLever;
    switch (kind) {
      case 'tripLine':
        lever = { kind, line: int(v, 'line', where) };
        break;
      case 'tripHvLine':
        lever = { kind, hvLine: int(v, 'hvLine', where) };
        break;
      case 'tripSection':
        lever = { kind, bus: int(v, 'bus', where) };
        break;
      case 'tripStation':
        lever = { kind, station: int(v, 'station', where) };
        break;
      case 'addPv':
        lever = { kind, bus: int(v, 'bus', where), mw: num(v, 'mw', where) };
        break;
      case 'addStorage':
        lever = { kind, bus: int(v, 'bus', where), mw: num(v, 'mw', where), mwh: num(v, 'mwh', where) };
        break;
      case 'evGrowth':
      case 'heatWave':
        lever = { kind, pct: num(v, 'pct', where) };
        break;
      case 'storageStrategy': {
        const s = v['strategy'];
        const all = Object.values(StorageStrategy) as readonly unknown[];
        if (!all.includes(s))
          throw new FieldError(`${where}.strategy: expected one of ${all.join(', ')}, got ${show(s)}`);
        lever = { kind, strategy: s as StorageStrategy };
        break;
      }
      default:
        throw new FieldError(`${where}.kind: unknown lever kind ${show(kind)}`);
    }
    return { ok: true, value: lever };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    throw e;
  }
}

function counts(v: unknown, where: string): EnergyCounts {
  if (!isRecord(v)) throw new FieldError(`${where}: expected an object, got ${show(v)}`);
  return {
    bus: int(v, 'bus', where),
    hvLine: int(v, 'hvLine', where),
    station: int(v, 'station', where),
    feeder: int(v, 'feeder', where),
    storage: int(v, 'storage', where),
    pv: int(v, 'pv', where),
  };
}

/** Parses what the worker received; errors name the message and the field (e.g. `run.levers[1].pct`). */
export function parseEnergyWhatIfInbound(data: unknown): Parsed<EnergyWhatIfInbound> {
  try {
    if (!isRecord(data)) throw new FieldError(`message: expected an object, got ${show(data)}`);
    const type = data['type'];
    if (type === 'cancel') return { ok: true, value: { type, id: int(data, 'id', 'cancel') } };
    if (type !== 'run') throw new FieldError(`message.type: expected "run" or "cancel", got ${show(type)}`);
    const id = int(data, 'id', 'run');
    const sceneJsonUrl = str(data, 'sceneJsonUrl', 'run');
    const sceneBinUrl = str(data, 'sceneBinUrl', 'run');
    const startSimMs = num(data, 'startSimMs', 'run');
    const hours = num(data, 'hours', 'run');
    if (!(hours > 0 && hours <= ENERGY_WHATIF_MAX_HOURS))
      throw new FieldError(`run.hours: expected a span in (0, ${ENERGY_WHATIF_MAX_HOURS}] h, got ${hours}`);
    const raw = data['levers'];
    if (!Array.isArray(raw)) throw new FieldError(`run.levers: expected an array, got ${show(raw)}`);
    const levers: EnergyLever[] = [];
    for (let i = 0; i < raw.length; i++) {
      const p = parseEnergyLever(raw[i], `run.levers[${i}]`);
      if (!p.ok) throw new FieldError(p.error);
      levers.push(p.value);
    }
    const ec = data['expectCounts'];
    const req: EnergyWhatIfRequest = {
      type,
      id,
      sceneJsonUrl,
      sceneBinUrl,
      startSimMs,
      hours,
      levers,
      ...(ec !== undefined ? { expectCounts: counts(ec, 'run.expectCounts') } : {}),
    };
    return { ok: true, value: req };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Checks what came back from the worker: the envelope (type, id) and the fields the panel reads before it trusts
 * them. The result itself is built by the core in the worker, so its numbers are checked for presence, not range.
 */
export function parseEnergyWhatIfReply(data: unknown): Parsed<EnergyWhatIfReply> {
  try {
    if (!isRecord(data)) throw new FieldError(`reply: expected an object, got ${show(data)}`);
    const type = data['type'];
    const where = `reply ${show(type)}`;
    const id = int(data, 'id', where);
    switch (type) {
      case 'stage': {
        const stage = data['stage'];
        if (stage !== 'loadingScene' && stage !== 'buildingGrid' && stage !== 'running')
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
        if (!isRecord(r) || !isRecord(r['baseline']) || !isRecord(r['scenario']) || !isRecord(r['delta']))
          throw new FieldError(`${where}.result: expected baseline, scenario and delta`);
        if (!isRecord(r['series']) || !(r['series']['simTimeMs'] instanceof Float64Array))
          throw new FieldError(`${where}.result.series: expected per-step series`);
        return {
          ok: true,
          value: {
            type,
            id,
            result: r as unknown as EnergyWhatIfResult,
            elapsedMs: num(data, 'elapsedMs', where),
            stepMs: num(data, 'stepMs', where),
          },
        };
      }
      case 'cancelled':
        return { ok: true, value: { type, id } };
      case 'error': {
        const stage = data['stage'];
        if (stage !== 'request' && stage !== 'scene' && stage !== 'grid' && stage !== 'model')
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
