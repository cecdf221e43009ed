/**
 * The run/cancel loop of the what-if workers whose core run can be stepped (energyWhatIf.worker.ts,
 * hazardWhatIf.worker.ts): the run advances in chunks of ≈ CHUNK_MS and yields to the event loop between chunks, so
 * a `cancel` message is seen at the next chunk and the worker (with its cached scene) lives on.
 */

/** Work per chunk before yielding, ms: short enough that Cancel feels immediate, long enough to be cheap. */
export const CHUNK_MS = 40;
/** Progress replies at most this often, ms (~10 Hz is what a progress bar needs). */
export const PROGRESS_EVERY_MS = 100;

/** A core run that is advanced step by step (EnergyWhatIfRun, HazardWhatIfRun). */
export interface SteppedRun {
  readonly isDone: boolean;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  advance(steps: number): unknown;
}

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The replies `runInChunks` posts for run `id`. */
export type ChunkReply =
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly stepsDone: number;
      readonly stepsTotal: number;
    }
  | { readonly type: 'cancelled'; readonly id: number };

/**
 * Steps `run` (of request `id`) to its end in chunks, posting progress first with 0 steps done, then at most every
 * PROGRESS_EVERY_MS and at the end. When `isCurrent()` turns false between chunks it posts `cancelled` and resolves
 * false.
 */
export async function runInChunks(
  run: SteppedRun,
  id: number,
  post: (m: ChunkReply) => void,
  isCurrent: () => boolean,
): Promise<boolean> {
  post({ type: 'progress', id, stepsDone: 0, stepsTotal: run.stepsTotal });
  let lastPost = performance.now();
  while (!run.isDone) {
    const chunkStart = performance.now();
    while (!run.isDone && performance.now() - chunkStart < CHUNK_MS) run.advance(1);
    const now = performance.now();
    if (now - lastPost >= PROGRESS_EVERY_MS || run.isDone) {
      lastPost = now;
      post({ type: 'progress', id, stepsDone: run.stepsDone, stepsTotal: run.stepsTotal });
    }
    if (run.isDone) break;
    await yieldToEvents();
    if (!isCurrent()) {
      post({ type: 'cancelled', id });
      return false;
    }
  }
  return true;
}

/** A parsed inbound message of a run/cancel worker, or why it was refused. */
export type RunCancelParsed<R> =
  | { readonly ok: true; readonly value: R | { readonly type: 'cancel'; readonly id: number } }
  | { readonly ok: false; readonly error: string };

/**
 * Serves `run` and `cancel` messages on a worker scope: a run becomes the current one (an older run sees
 * `isCurrent()` false at its next chunk), a cancel of the current run clears it, and a malformed message is answered
 * by `postError` with its id, or −1 when it has none.
 */
export function serveRunCancel<R extends { readonly type: 'run'; readonly id: number }>(
  scope: { onmessage: ((e: MessageEvent<unknown>) => void) | null },
  parse: (data: unknown) => RunCancelParsed<R>,
  postError: (id: number, message: string) => void,
  run: (req: R, isCurrent: () => boolean) => Promise<void>,
): void {
  let current = -1;
  scope.onmessage = (e: MessageEvent<unknown>) => {
    const p = parse(e.data);
    if (!p.ok) {
      // A message that is not even an object with an id cannot be answered by id; −1 tells the client so.
      const d: unknown = e.data;
      const id = typeof d === 'object' && d !== null && 'id' in d && typeof d.id === 'number' ? d.id : -1;
      postError(id, p.error);
      return;
    }
    const m = p.value;
    switch (m.type) {
      case 'run': {
        const id = m.id;
        current = id;
        void run(m as R, () => current === id);
        break;
      }
      case 'cancel':
        if (current === m.id) current = -1;
        break;
      default: {
        const never: never = m;
        console.warn('what-if worker: unknown message', never);
      }
    }
  };
}
