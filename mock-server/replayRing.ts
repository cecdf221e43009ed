/**
 * The bounded replay window of one stream (DESIGN.md rule 6): the last `capacity` messages with consecutive
 * sequences, oldest overwritten first. A client that resumes from a sequence inside the window gets exactly the
 * messages after it; one that is older than the window gets a snapshot instead.
 */
export class ReplayRing<T> {
  private readonly items: (T | undefined)[];
  /** Sequence of the newest message (0 before the first). */
  last = 0;
  private held = 0;

  /** A window of at most `capacity` messages. */
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`replay window: capacity ${capacity} must be ≥ 1`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Sequence of the oldest message held (last + 1 when empty). */
  get first(): number {
    return this.last - this.held + 1;
  }

  /** Appends the message with sequence last + 1. */
  push(seq: number, item: T): void {
    if (seq !== this.last + 1) throw new RangeError(`replay window: sequence ${seq} after ${this.last}`);
    this.items[seq % this.capacity] = item;
    this.last = seq;
    if (this.held < this.capacity) this.held++;
  }

  /** True when every message after `seq` is still held (so a resume from `seq` has no gap). */
  canResumeAfter(seq: number): boolean {
    return seq >= this.first - 1 && seq <= this.last;
  }

  /** Calls `fn` for each held message with sequence > `seq`, in order. */
  forEachAfter(seq: number, fn: (seq: number, item: T) => void): void {
    for (let s = Math.max(seq + 1, this.first); s <= this.last; s++)
      fn(s, this.items[s % this.capacity] as T);
  }
}
