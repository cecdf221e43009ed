/**
 * A growable, reusable column buffer of readings (sensor index, channel, value): what the simulator writes into and
 * what the batch encoder reads from. Grows by doubling, never shrinks, so steady-state ticks allocate nothing.
 */
export class ReadingColumns {
  /** Number of readings held. */
  count = 0;
  sensorIndex: Uint32Array;
  channel: Uint8Array;
  value: Float32Array;

  /** Creates a buffer with room for `capacity` readings. */
  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.sensorIndex = new Uint32Array(c);
    this.channel = new Uint8Array(c);
    this.value = new Float32Array(c);
  }

  /** Empties the buffer (keeps its memory). */
  clear(): void {
    this.count = 0;
  }

  /** Appends one reading. */
  push(sensorIndex: number, channel: number, value: number): void {
    if (this.count === this.sensorIndex.length) this.grow();
    const i = this.count++;
    this.sensorIndex[i] = sensorIndex;
    this.channel[i] = channel;
    this.value[i] = value;
  }

  private grow(): void {
    const c = this.sensorIndex.length * 2;
    const s = new Uint32Array(c);
    s.set(this.sensorIndex);
    const ch = new Uint8Array(c);
    ch.set(this.channel);
    const v = new Float32Array(c);
    v.set(this.value);
    this.sensorIndex = s;
    this.channel = ch;
    this.value = v;
  }
}
