/**
 * Main-thread side of the work-order what-if: builds the input from the live twin (open dispatched orders become the
 * carried backlog, the scene clock the start), runs it in workloadWhatIf.worker.ts and reports progress. Cancel
 * terminates the worker (the next run starts a fresh one), so it is immediate however long the run.
 */
import type {
  BacklogItem,
  WorkloadLever,
  WorkloadWhatIfInput,
  WorkloadWhatIfResult,
} from '../core/workload/whatIf.ts';
import type { WorkOrder } from '../core/workload/types.ts';
import { parseWorkloadWhatIfReply, type WorkloadWhatIfRequest } from './workloadWhatIfMessages.ts';

/** A running what-if. */
export interface WorkloadWhatIfRun {
  readonly promise: Promise<{ result: WorkloadWhatIfResult; elapsedMs: number }>;
  cancel(): void;
}

/** Thrown (rejected) when a run was cancelled. */
export class WorkloadWhatIfCancelled extends Error {
  constructor() {
    super('workload what-if cancelled');
    this.name = 'WorkloadWhatIfCancelled';
  }
}

/** The live backlog carried into a run: dispatched or in-progress orders (their handle clock runs). */
export function backlogOf(orders: Iterable<WorkOrder>): BacklogItem[] {
  const out: BacklogItem[] = [];
  for (const o of orders)
    if ((o.stage === 'dispatched' || o.stage === 'inProgress') && Number.isFinite(o.dispatchedMs))
      out.push({ category: o.category, dispatchedMs: o.dispatchedMs });
  return out;
}

/** The input of a run from the planner's choices and the live twin (pure; exported for tests). */
export function workloadWhatIfInput(
  lever: WorkloadLever,
  days: number,
  startMs: number,
  orders: Iterable<WorkOrder>,
  utcOffsetMin: number,
  seed = 1,
): WorkloadWhatIfInput {
  return { startMs, days, seed, lever, backlog: backlogOf(orders), utcOffsetMin };
}

let runId = 0;

/** Starts a run in a fresh worker; `onProgress(done, total)` in simulated days (baseline + scenario). */
export function startWorkloadWhatIf(
  input: WorkloadWhatIfInput,
  onProgress: (done: number, total: number) => void,
): WorkloadWhatIfRun {
  const id = ++runId;
  const worker = new Worker(new URL('./workloadWhatIf.worker.ts', import.meta.url), {
    type: 'module',
    name: 'workload-what-if',
  });
  let settle: { reject(e: Error): void } | null = null;
  const promise = new Promise<{ result: WorkloadWhatIfResult; elapsedMs: number }>((resolve, reject) => {
    settle = { reject };
    const end = (): void => {
      worker.terminate();
      settle = null;
    };
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const p = parseWorkloadWhatIfReply(e.data);
      if (!p.ok) {
        end();
        return reject(new Error(p.error));
      }
      const m = p.value;
      if (m.id !== id && m.id !== -1) return;
      switch (m.type) {
        case 'progress':
          onProgress(m.done, m.total);
          break;
        case 'done':
          end();
          resolve({ result: m.result, elapsedMs: m.elapsedMs });
          break;
        case 'error':
          end();
          reject(new Error(m.message));
          break;
        default: {
          const never: never = m;
          reject(new Error(`unknown reply ${JSON.stringify(never)}`));
        }
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      end();
      reject(new Error(e.message || 'workload what-if worker failed to start'));
    };
  });
  const req: WorkloadWhatIfRequest = { type: 'run', id, input };
  worker.postMessage(req);
  return {
    promise,
    cancel() {
      if (settle === null) return;
      const s = settle;
      settle = null;
      worker.terminate();
      s.reject(new WorkloadWhatIfCancelled());
    },
  };
}
