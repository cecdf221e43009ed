/**
 * The work-order what-if worker: runs the core's baseline + scenario queue simulation (src/core/workload/whatIf.ts
 * runWorkloadWhatIf) off the main thread and reports progress after every simulated day. A run is synchronous and
 * short (≈ 40 ms per simulated day of 2,000 reports), so Cancel terminates the worker (workloadWhatIfClient.ts)
 * instead of polling a flag between days.
 */
import { runWorkloadWhatIf } from '../core/workload/whatIf.ts';
import { parseWorkloadWhatIfRequest, type WorkloadWhatIfReply } from './workloadWhatIfMessages.ts';

/** The part of the worker scope used here (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(m: WorkloadWhatIfReply): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
};

/** Progress replies at most this often, ms. */
const PROGRESS_EVERY_MS = 100;

scope.onmessage = (e) => {
  const p = parseWorkloadWhatIfRequest(e.data);
  const id = p.ok ? p.value.id : -1;
  if (!p.ok) return scope.postMessage({ type: 'error', id, message: p.error });
  try {
    const t0 = performance.now();
    let last = 0;
    const result = runWorkloadWhatIf(p.value.input, {
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS && done < total) return;
        last = now;
        scope.postMessage({ type: 'progress', id, done, total });
      },
    });
    scope.postMessage({ type: 'done', id, result, elapsedMs: performance.now() - t0 });
  } catch (err) {
    scope.postMessage({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
};
