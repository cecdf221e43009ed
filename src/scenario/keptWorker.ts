/**
 * The main-thread handle of a what-if worker that is kept across runs (its scene stays cached): started on first
 * use, and ended by a script error inside it (not a thrown model error, which comes back as a reply), after which the
 * next run starts a fresh one.
 */
export class KeptWorker {
  private worker: Worker | null = null;

  /** `create` must call `new Worker(new URL('./x.worker.ts', import.meta.url), …)` itself (the bundler looks for it). */
  constructor(private readonly create: () => Worker) {}

  /** The running worker, or null. */
  get current(): Worker | null {
    return this.worker;
  }

  /**
   * The worker, started when there is none with `onMessage` for its replies and `onFail(reason)` for a script error
   * inside it (the worker is then terminated).
   */
  get(onMessage: (data: unknown) => void, onFail: (message: string) => void): Worker {
    if (this.worker) return this.worker;
    const w = this.create();
    w.onmessage = (e: MessageEvent<unknown>) => onMessage(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      onFail(e.message || 'failed to start');
      w.terminate();
      if (this.worker === w) this.worker = null;
    };
    this.worker = w;
    return w;
  }

  /** Terminates the worker (a synchronous run cannot be interrupted otherwise); the next `get` starts a fresh one. */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
