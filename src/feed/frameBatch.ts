/**
 * The per-frame hand-over from the feed worker to the main thread (DESIGN.md rule 3: batch per animation frame).
 * The worker merges every accepted reading into a MergeBuffer (latest value wins per sensor × channel); when the main
 * thread asks, it packs the changed entries into ONE transferable ArrayBuffer; the main thread writes them into the
 * hot buffers with `applyBatch` and hands the buffer back for reuse, so the steady state allocates nothing.
 *
 * Frame batch layout (platform byte order — both ends are the same machine):
 *   0 u32 count n · 4 u32 sensorCount · 8 u32 flags (FrameFlag) · 12 u32 reserved · 16 f64 newest sim time (ms)
 *   24 f64[n] sim time of each entry · 24+8n u32[n] key = sensor·CHANNEL_COUNT + channel · 24+12n f32[n] value
 */
import { CHANNEL_COUNT } from '../core/protocol/channels.ts';
import type { DecodedBatch } from '../core/protocol/readingBatch.ts';
import type { HotBuffers } from './hotBuffers.ts';

const HEADER_BYTES = 24;
/** Frame batch flags. */
export const FrameFlag = {
  /** The scene's sensor count changed: reset the hot buffers to `sensorCount` before applying. */
  reset: 1,
} as const;

/** Bytes needed for a frame batch of n entries. */
export function frameBatchByteLength(n: number): number {
  return HEADER_BYTES + 16 * n;
}

/** Latest-value-wins accumulator of readings between two pulls (worker side). */
export class MergeBuffer {
  private sensorCount = 0;
  private value = new Float32Array(0);
  private simMs = new Float64Array(0);
  /** stamp[key] === epoch ⇔ key is already in `dirty` this frame. */
  private stamp = new Uint32Array(0);
  private dirty = new Uint32Array(0);
  private dirtyCount = 0;
  private epoch = 1;
  private pendingReset = false;
  private newestSimMs = 0;

  /** Number of distinct sensor × channel entries waiting for the next pull. */
  get pending(): number {
    return this.dirtyCount;
  }

  /** Resizes for a scene with `sensorCount` sensors, drops anything pending, and flags a hot-buffer reset. */
  reset(sensorCount: number): void {
    const n = sensorCount * CHANNEL_COUNT;
    this.sensorCount = sensorCount;
    this.value = new Float32Array(n);
    this.simMs = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    this.dirty = new Uint32Array(n);
    this.dirtyCount = 0;
    this.epoch = 1;
    this.pendingReset = true;
  }

  /** Merges a decoded (already validated: indices < sensorCount, channels < CHANNEL_COUNT) batch. */
  add(b: DecodedBatch): void {
    const { sensorIndex, channel, value } = b;
    const t = b.simTimeMs;
    const epoch = this.epoch;
    const stamp = this.stamp;
    for (let i = 0; i < b.count; i++) {
      const key = (sensorIndex[i] as number) * CHANNEL_COUNT + (channel[i] as number);
      if (stamp[key] !== epoch) {
        stamp[key] = epoch;
        this.dirty[this.dirtyCount++] = key;
      }
      this.value[key] = value[i] as number;
      this.simMs[key] = t;
    }
    if (t > this.newestSimMs) this.newestSimMs = t;
  }

  /**
   * Packs everything since the last take into a frame batch, reusing `recycle` when it is large enough; null when
   * nothing changed.
   */
  take(recycle?: ArrayBuffer | null): ArrayBuffer | null {
    const n = this.dirtyCount;
    if (n === 0 && !this.pendingReset) return null;
    const need = frameBatchByteLength(n);
    // Round fresh buffers up to a power of two so a recycled buffer fits the next frames too.
    const buf =
      recycle !== undefined && recycle !== null && recycle.byteLength >= need
        ? recycle
        : new ArrayBuffer(Math.max(1024, 2 ** Math.ceil(Math.log2(need))));
    const head = new Uint32Array(buf, 0, 4);
    head[0] = n;
    head[1] = this.sensorCount;
    head[2] = this.pendingReset ? FrameFlag.reset : 0;
    head[3] = 0;
    new Float64Array(buf, 16, 1)[0] = this.newestSimMs;
    const t = new Float64Array(buf, HEADER_BYTES, n);
    const k = new Uint32Array(buf, HEADER_BYTES + 8 * n, n);
    const v = new Float32Array(buf, HEADER_BYTES + 12 * n, n);
    for (let i = 0; i < n; i++) {
      const key = this.dirty[i] as number;
      k[i] = key;
      v[i] = this.value[key] as number;
      t[i] = this.simMs[key] as number;
    }
    this.dirtyCount = 0;
    this.pendingReset = false;
    // Epoch wraps after 2^32 frames (~2 years at 60 fps); clear the stamps then so no key is wrongly "already dirty".
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    return buf;
  }
}

/**
 * Writes a frame batch into the hot buffers (main thread) and bumps their version. Returns the number of entries
 * applied. Resets the buffers first when the batch says so or when the sensor counts disagree.
 */
export function applyBatch(hot: HotBuffers, batch: ArrayBuffer): number {
  const head = new Uint32Array(batch, 0, 4);
  const n = head[0] as number;
  const sensorCount = head[1] as number;
  if (((head[2] as number) & FrameFlag.reset) !== 0 || hot.sensorCount !== sensorCount)
    hot.reset(sensorCount);
  const t = new Float64Array(batch, HEADER_BYTES, n);
  const k = new Uint32Array(batch, HEADER_BYTES + 8 * n, n);
  const v = new Float32Array(batch, HEADER_BYTES + 12 * n, n);
  const values = hot.values;
  const last = hot.lastSimMs;
  for (let i = 0; i < n; i++) {
    const key = k[i] as number;
    const sensor = (key / CHANNEL_COUNT) | 0;
    (values[key - sensor * CHANNEL_COUNT] as Float32Array)[sensor] = v[i] as number;
    const ti = t[i] as number;
    if (ti > (last[sensor] as number)) last[sensor] = ti;
  }
  hot.version++;
  return n;
}
