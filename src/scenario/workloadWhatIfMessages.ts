/**
 * Messages between the main thread (workloadWhatIfClient.ts) and the work-order what-if worker
 * (workloadWhatIf.worker.ts), and their validation: the worker parses every request from `unknown` (levers with the
 * core's validateWorkloadLever) and the client checks the shape of every reply.
 */
import {
  validateWorkloadLever,
  type WorkloadWhatIfInput,
  type WorkloadWhatIfResult,
} from '../core/workload/whatIf.ts';
import { categoryById } from '../core/workload/taxonomy.ts';

/** main → worker: run the baseline and the scenario. */
export interface WorkloadWhatIfRequest {
  readonly type: 'run';
  readonly id: number;
  readonly input: WorkloadWhatIfInput;
}

/** worker → main. */
export type WorkloadWhatIfReply =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly result: WorkloadWhatIfResult;
      readonly elapsedMs: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a run request (worker side); the error names the field and why. */
export function parseWorkloadWhatIfRequest(m: unknown): Parsed<WorkloadWhatIfRequest> {
  if (!isObj(m) || m['type'] !== 'run')
    return { ok: false, error: "workload what-if: expected {type: 'run'}" };
  const id = m['id'];
  if (!Number.isInteger(id)) return { ok: false, error: 'run.id: expected an integer' };
  const inp = m['input'];
  if (!isObj(inp)) return { ok: false, error: 'run.input: expected an object' };
  const startMs = inp['startMs'];
  if (typeof startMs !== 'number' || !Number.isFinite(startMs))
    return { ok: false, error: 'run.input.startMs: expected a finite time, ms' };
  const days = inp['days'];
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 60)
    return { ok: false, error: `run.input.days: ${String(days)} is not an integer in [1, 60]` };
  if (!Number.isInteger(inp['seed'])) return { ok: false, error: 'run.input.seed: expected an integer' };
  const bad = validateWorkloadLever(inp['lever']);
  if (bad !== null) return { ok: false, error: `run.input.${bad}` };
  const backlog = inp['backlog'];
  if (backlog !== undefined) {
    if (!Array.isArray(backlog)) return { ok: false, error: 'run.input.backlog: expected an array' };
    for (let i = 0; i < backlog.length; i++) {
      const b: unknown = backlog[i];
      if (!isObj(b) || typeof b['category'] !== 'string' || categoryById(b['category']) === undefined)
        return { ok: false, error: `run.input.backlog[${i}].category: not in the taxonomy` };
      if (typeof b['dispatchedMs'] !== 'number' || !Number.isFinite(b['dispatchedMs']))
        return { ok: false, error: `run.input.backlog[${i}].dispatchedMs: expected a finite time, ms` };
    }
  }
  const off = inp['utcOffsetMin'];
  if (off !== undefined && !(Number.isInteger(off) && Math.abs(off as number) <= 14 * 60))
    return { ok: false, error: 'run.input.utcOffsetMin: expected whole minutes within ±14 h' };
  // Checked field by field above: the one cast of this message.
  return { ok: true, value: m as unknown as WorkloadWhatIfRequest };
}

/** Parses a worker reply (main side). */
export function parseWorkloadWhatIfReply(m: unknown): Parsed<WorkloadWhatIfReply> {
  if (!isObj(m) || !Number.isInteger(m['id']))
    return { ok: false, error: 'workload what-if reply: expected {type, id}' };
  switch (m['type']) {
    case 'progress':
      if (!Number.isInteger(m['done']) || !Number.isInteger(m['total']))
        return { ok: false, error: 'progress: expected integer done/total' };
      return { ok: true, value: m as unknown as WorkloadWhatIfReply };
    case 'done': {
      const r = m['result'];
      if (!isObj(r) || !Array.isArray(r['baseline']) || !Array.isArray(r['scenario']))
        return { ok: false, error: 'done.result: expected {baseline, scenario}' };
      return { ok: true, value: m as unknown as WorkloadWhatIfReply };
    }
    case 'error':
      if (typeof m['message'] !== 'string') return { ok: false, error: 'error.message: expected a string' };
      return { ok: true, value: m as unknown as WorkloadWhatIfReply };
    default:
      return { ok: false, error: `workload what-if reply: unknown type ${JSON.stringify(m['type'])}` };
  }
}
