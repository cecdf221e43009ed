/**
 * Messages between the main thread and the energy what-if worker (energyWhatIf.worker.ts), and their validation:
 * both sides parse what they receive from `unknown` (DESIGN.md rule 5), so a malformed message is answered with an
 * error that names the field, never a crash or a silently wrong run.
 */
import { StorageStrategy } from '../core/energy/city/dispatch.ts';
import type { EnergyLever, EnergyWhatIfResult } from '../core/energy/city/whatIf.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
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
export type EnergyWhatIfCancel = CancelRequest;

/** Everything the worker accepts. */
export type EnergyWhatIfInbound = EnergyWhatIfRequest | EnergyWhatIfCancel;

/** What the worker is doing. */
export const ENERGY_WHATIF_STAGES = ['loadingScene', 'buildingGrid', 'running'] as const;
export type EnergyWhatIfStage = (typeof ENERGY_WHATIF_STAGES)[number];

/** Which step of a run failed in the worker. */
const FAIL_STAGES = ['request', 'scene', 'grid', 'model'] as const;
/** Which step of a run failed (the panel names it); 'worker' is set on the main thread when the worker dies. */
export type EnergyWhatIfFailStage = (typeof FAIL_STAGES)[number] | 'worker';

/** Worker → main thread: stage, progress (dispatch steps, baseline and scenario together), cancelled, error, result. */
export type EnergyWhatIfReply =
  | SteppedReply<EnergyWhatIfStage, Exclude<EnergyWhatIfFailStage, 'worker'>>
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: EnergyWhatIfResult;
      /** Wall time of the two runs in the worker (not the scene load), ms. */
      readonly elapsedMs: number;
      readonly stepMs: number;
    };

export type { Parsed } from './messageFields.ts';

/**
 * One lever's shape (kind known, fields present and numeric). Ranges against a grid model are the core's
 * validateEnergyLever's job; this only makes sure the value is an EnergyLever at all.
 */
export function parseEnergyLever(v: unknown, where: string): Parsed<EnergyLever> {
  return parsing(() => {
    if (!isRecord(v)) throw new BadField(`${where}: expected an object, got ${show(v)}`);
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
          throw new BadField(`${where}.strategy: expected one of ${all.join(', ')}, got ${show(s)}`);
        lever = { kind, strategy: s as StorageStrategy };
        break;
      }
      default:
        throw new BadField(`${where}.kind: unknown lever kind ${show(kind)}`);
    }
    return lever;
  });
}

function counts(v: unknown, where: string): EnergyCounts {
  if (!isRecord(v)) throw new BadField(`${where}: expected an object, got ${show(v)}`);
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
export function parseEnergyWhatIfInbound(input: unknown): Parsed<EnergyWhatIfInbound> {
  return parsing(() => {
    const head = runHead(input);
    if (head.type === 'cancel') return head;
    const { type, data, id, sceneJsonUrl, sceneBinUrl } = head;
    const startSimMs = num(data, 'startSimMs', 'run');
    const hours = num(data, 'hours', 'run');
    if (!(hours > 0 && hours <= ENERGY_WHATIF_MAX_HOURS))
      throw new BadField(`run.hours: expected a span in (0, ${ENERGY_WHATIF_MAX_HOURS}] h, got ${hours}`);
    const raw = data['levers'];
    if (!Array.isArray(raw)) throw new BadField(`run.levers: expected an array, got ${show(raw)}`);
    const levers: EnergyLever[] = [];
    for (let i = 0; i < raw.length; i++) {
      const p = parseEnergyLever(raw[i], `run.levers[${i}]`);
      if (!p.ok) throw new BadField(p.error);
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
    return req;
  });
}

/**
 * Checks what came back from the worker: the envelope (type, id) and the fields the panel reads before it trusts
 * them. The result itself is built by the core in the worker, so its numbers are checked for presence, not range.
 */
export function parseEnergyWhatIfReply(input: unknown): Parsed<EnergyWhatIfReply> {
  return parsing(() =>
    steppedReply(input, ENERGY_WHATIF_STAGES, FAIL_STAGES, (data, id, where) => {
      const r = data['result'];
      if (!isRecord(r) || !isRecord(r['baseline']) || !isRecord(r['scenario']) || !isRecord(r['delta']))
        throw new BadField(`${where}.result: expected baseline, scenario and delta`);
      if (!isRecord(r['series']) || !(r['series']['simTimeMs'] instanceof Float64Array))
        throw new BadField(`${where}.result.series: expected per-step series`);
      return {
        type: 'done',
        id,
        result: r as unknown as EnergyWhatIfResult,
        elapsedMs: num(data, 'elapsedMs', where),
        stepMs: num(data, 'stepMs', where),
      } as const;
    }),
  );
}
