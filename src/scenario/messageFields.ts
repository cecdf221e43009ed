/**
 * Field checks shared by the what-if workers' message validators (energyWhatIfMessages.ts, hazardWhatIfMessages.ts):
 * both sides parse what they receive from `unknown` (DESIGN.md rule 5) and answer with an error naming the message
 * and the field. Inside a parser a BadField unwinds to `parsing`, which turns it into {ok:false, error}.
 */

/** A parse outcome: the value, or why not (a message naming the field). */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as an error quotes it: strings in JSON quotes, other scalars as text, objects by their kind. */
export const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
};

/** The private exception of the validators; its message names the field. */
export class BadField extends Error {}

/** Runs a parser: a BadField becomes {ok:false, error}; any other exception (a bug) is rethrown. */
export function parsing<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof BadField) return { ok: false, error: e.message };
    throw e;
  }
}

/** `o[key]` as a finite number. */
export function num(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new BadField(`${where}.${key}: expected a finite number, got ${show(v)}`);
  return v;
}

/** `o[key]` as a non-negative integer. */
export function int(o: Record<string, unknown>, key: string, where: string): number {
  const v = num(o, key, where);
  if (!Number.isInteger(v) || v < 0)
    throw new BadField(`${where}.${key}: expected a non-negative integer, got ${v}`);
  return v;
}

/** `o[key]` as a non-empty string. */
export function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0)
    throw new BadField(`${where}.${key}: expected a non-empty string, got ${show(v)}`);
  return v;
}

/** Main thread → worker: stop run `id` at its next chunk or step (the worker then sends `cancelled`). */
export interface CancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}

/** Worker → main thread, the replies of a stepped what-if worker besides its `done`. */
export type SteppedReply<Stage extends string, FailStage extends string> =
  | { readonly type: 'stage'; readonly id: number; readonly stage: Stage }
  | {
      readonly type: 'progress';
      readonly id: number;
      /** Steps done and in all (what a step is: the worker's core run says). */
      readonly stepsDone: number;
      readonly stepsTotal: number;
    }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly stage: FailStage; readonly message: string };

/** The envelope of a run request (its id and scene URLs) or a whole cancel message. */
export type RunHead =
  | { readonly type: 'cancel'; readonly id: number }
  | {
      readonly type: 'run';
      readonly data: Record<string, unknown>;
      readonly id: number;
      readonly sceneJsonUrl: string;
      readonly sceneBinUrl: string;
    };

/** Reads what every run/cancel worker receives first: `{type:'cancel', id}` or `{type:'run', id, scene URLs}`. */
export function runHead(data: unknown): RunHead {
  if (!isRecord(data)) throw new BadField(`message: expected an object, got ${show(data)}`);
  const type = data['type'];
  if (type === 'cancel') return { type, id: int(data, 'id', 'cancel') };
  if (type !== 'run') throw new BadField(`message.type: expected "run" or "cancel", got ${show(type)}`);
  return {
    type,
    data,
    id: int(data, 'id', 'run'),
    sceneJsonUrl: str(data, 'sceneJsonUrl', 'run'),
    sceneBinUrl: str(data, 'sceneBinUrl', 'run'),
  };
}

/** `data.stage` when it is one of `stages`. */
function stageOf<S extends string>(data: Record<string, unknown>, stages: readonly S[], where: string): S {
  const stage = data['stage'];
  if (!(stages as readonly unknown[]).includes(stage))
    throw new BadField(`${where}.stage: unknown stage ${show(stage)}`);
  return stage as S;
}

/**
 * Checks a reply of a stepped what-if worker: the envelope (an object with a type and an id), then its stage,
 * progress, cancelled or error fields here and a `done` reply's by `done` (called with the reply, its id and the name
 * errors give it). Throws a BadField (run it in `parsing`).
 */
export function steppedReply<Stage extends string, FailStage extends string, Done>(
  input: unknown,
  stages: readonly Stage[],
  failStages: readonly FailStage[],
  done: (data: Record<string, unknown>, id: number, where: string) => Done,
): SteppedReply<Stage, FailStage> | Done {
  if (!isRecord(input)) throw new BadField(`reply: expected an object, got ${show(input)}`);
  const data = input;
  const type = data['type'];
  const where = `reply ${show(type)}`;
  const id = int(data, 'id', where);
  switch (type) {
    case 'stage':
      return { type, id, stage: stageOf(data, stages, where) };
    case 'progress': {
      const stepsDone = int(data, 'stepsDone', where);
      const stepsTotal = int(data, 'stepsTotal', where);
      if (stepsDone > stepsTotal)
        throw new BadField(`${where}.stepsDone: ${stepsDone} is more than stepsTotal ${stepsTotal}`);
      return { type, id, stepsDone, stepsTotal };
    }
    case 'done':
      return done(data, id, where);
    case 'cancelled':
      return { type, id };
    case 'error': {
      const stage = stageOf(data, failStages, where);
      const message = data['message'];
      return { type, id, stage, message: typeof message === 'string' ? message : show(message) };
    }
    default:
      throw new BadField(`reply.type: unknown reply type ${show(type)}`);
  }
}
