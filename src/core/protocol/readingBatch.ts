/**
 * The binary reading batch: the only way readings travel (docs/protocol.md §2). A fixed 40-byte little-endian header
 * then three columns (sensor index u32, channel u8, value f32). Columns are 4-byte aligned so a decoder can view them
 * in place without copying.
 *
 *   off  size  field
 *     0   u32  magic 0x42524243 ("CBRB" in byte order)
 *     4   u16  protocol version (PROTOCOL_VERSION)
 *     6   u16  stream id (0 = readings)
 *     8   u32  batch sequence (1, 2, 3, …; per stream)
 *    12   u32  reading count n
 *    16   f64  sequence of the first reading (readings are numbered consecutively across batches)
 *    24   f64  simulation time of the batch, ms since the Unix epoch
 *    32   u32  flags (BatchFlag)
 *    36   u32  reserved, 0
 *    40   u32[n] sensor index, then u8[n] channel, zero padding to a multiple of 4, then f32[n] value
 */
import { CHANNEL_COUNT } from './channels.ts';

/** Wire protocol version; bumped on any incompatible change of bytes or messages. */
export const PROTOCOL_VERSION = 1;
/** First four bytes of every batch, read as a little-endian u32 ("CBRB"). */
export const BATCH_MAGIC = 0x42524243;
/** Header length in bytes. */
export const BATCH_HEADER_BYTES = 40;
/** Stream id of the readings stream. */
export const READINGS_STREAM_ID = 0;
/** Largest batch a decoder accepts, bytes (4 MiB). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Largest reading count a decoder accepts. */
export const MAX_BATCH_READINGS = 1_000_000;

/** Batch header flag bits. */
export const BatchFlag = {
  /** The batch is the "latest value per sensor/channel" table of a snapshot, not a live batch. */
  snapshot: 1,
} as const;
const KNOWN_FLAGS = BatchFlag.snapshot;

/** Header fields of a batch. */
export interface BatchHeader {
  batchSeq: number;
  firstReadingSeq: number;
  simTimeMs: number;
  flags: number;
}

/** A decoded batch: header fields plus column views (valid until the next decode into the same object). */
export interface DecodedBatch extends BatchHeader {
  count: number;
  sensorIndex: Uint32Array;
  channel: Uint8Array;
  value: Float32Array;
}

/** Decoder outcome: ok, or the reason the bytes were rejected. */
export type DecodeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
const OK: DecodeResult = { ok: true };
const fail = (reason: string): DecodeResult => ({ ok: false, reason });

const align4 = (n: number): number => (n + 3) & ~3;

/** Byte offset of the channel column for n readings. */
const channelOffset = (n: number): number => BATCH_HEADER_BYTES + 4 * n;
/** Byte offset of the value column for n readings. */
const valueOffset = (n: number): number => align4(BATCH_HEADER_BYTES + 5 * n);

/** Total byte length of a batch of n readings. */
export function readingBatchByteLength(n: number): number {
  return valueOffset(n) + 4 * n;
}

// Typed-array views read in platform byte order; every platform JS runs on today is little-endian, but check once
// and fall back to DataView reads so the decoder stays correct anywhere.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Encodes n readings (columns given as arrays, first n entries used) into a new batch. */
export function encodeReadingBatch(
  header: BatchHeader,
  n: number,
  sensorIndex: ArrayLike<number>,
  channel: ArrayLike<number>,
  value: ArrayLike<number>,
): Uint8Array {
  const bytes = new Uint8Array(readingBatchByteLength(n));
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, BATCH_MAGIC, true);
  dv.setUint16(4, PROTOCOL_VERSION, true);
  dv.setUint16(6, READINGS_STREAM_ID, true);
  dv.setUint32(8, header.batchSeq, true);
  dv.setUint32(12, n, true);
  dv.setFloat64(16, header.firstReadingSeq, true);
  dv.setFloat64(24, header.simTimeMs, true);
  dv.setUint32(32, header.flags, true);
  dv.setUint32(36, 0, true);
  const co = channelOffset(n);
  const vo = valueOffset(n);
  for (let i = 0; i < n; i++) {
    dv.setUint32(BATCH_HEADER_BYTES + 4 * i, sensorIndex[i] ?? 0, true);
    bytes[co + i] = channel[i] ?? 0;
    dv.setFloat32(vo + 4 * i, value[i] ?? 0, true);
  }
  return bytes;
}

/** Creates a reusable decode target. */
export function createDecodedBatch(): DecodedBatch {
  return {
    batchSeq: 0,
    firstReadingSeq: 0,
    simTimeMs: 0,
    flags: 0,
    count: 0,
    sensorIndex: new Uint32Array(0),
    channel: new Uint8Array(0),
    value: new Float32Array(0),
  };
}

/** Views `data` as bytes if it is binary (ArrayBuffer or any ArrayBufferView, e.g. a Node Buffer), else null. */
export function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** Describes a non-binary value for error messages. */
function describe(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  return typeof data;
}

/**
 * Decodes and validates a batch from untrusted input into `out`. Rejects (with a reason, never throws): non-binary
 * input, oversized input, wrong magic/version/stream, truncated or over-long bytes, a count that does not match the
 * length, unknown flags, sensor index ≥ sensorCount, channel ≥ CHANNEL_COUNT, non-finite values or header times.
 */
export function decodeReadingBatch(data: unknown, sensorCount: number, out: DecodedBatch): DecodeResult {
  const bytes = asBytes(data);
  if (bytes === null) return fail(`batch: expected binary, got ${describe(data)}`);
  const len = bytes.byteLength;
  if (len > MAX_BATCH_BYTES) return fail(`batch: oversized (${len} bytes > ${MAX_BATCH_BYTES})`);
  if (len < BATCH_HEADER_BYTES) return fail(`batch: truncated header (${len} bytes < ${BATCH_HEADER_BYTES})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, len);
  const magic = dv.getUint32(0, true);
  if (magic !== BATCH_MAGIC) return fail(`batch: wrong magic 0x${magic.toString(16).padStart(8, '0')}`);
  const version = dv.getUint16(4, true);
  if (version !== PROTOCOL_VERSION)
    return fail(`batch: protocol version ${version}, expected ${PROTOCOL_VERSION}`);
  const stream = dv.getUint16(6, true);
  if (stream !== READINGS_STREAM_ID) return fail(`batch: unknown stream id ${stream}`);
  const batchSeq = dv.getUint32(8, true);
  const n = dv.getUint32(12, true);
  if (n > MAX_BATCH_READINGS)
    return fail(`batch ${batchSeq}: oversized (${n} readings > ${MAX_BATCH_READINGS})`);
  const expected = readingBatchByteLength(n);
  if (len < expected)
    return fail(`batch ${batchSeq}: truncated (${len} bytes, ${n} readings need ${expected})`);
  if (len > expected)
    return fail(`batch ${batchSeq}: count mismatch (${len} bytes, ${n} readings need ${expected})`);
  const firstReadingSeq = dv.getFloat64(16, true);
  if (!Number.isSafeInteger(firstReadingSeq) || firstReadingSeq < 0) {
    return fail(`batch ${batchSeq}: first reading sequence ${firstReadingSeq} is not a non-negative integer`);
  }
  const simTimeMs = dv.getFloat64(24, true);
  if (!Number.isFinite(simTimeMs)) return fail(`batch ${batchSeq}: non-finite sim time`);
  const flags = dv.getUint32(32, true);
  if ((flags & ~KNOWN_FLAGS) !== 0) return fail(`batch ${batchSeq}: unknown flags 0x${flags.toString(16)}`);
  if (dv.getUint32(36, true) !== 0) return fail(`batch ${batchSeq}: reserved header field is not 0`);

  const co = channelOffset(n);
  const vo = valueOffset(n);
  const base = bytes.byteOffset;
  let sensorIndex: Uint32Array;
  let value: Float32Array;
  if (LITTLE_ENDIAN && (base & 3) === 0) {
    sensorIndex = new Uint32Array(bytes.buffer, base + BATCH_HEADER_BYTES, n);
    value = new Float32Array(bytes.buffer, base + vo, n);
  } else {
    // Unaligned (e.g. a Node Buffer slice) or big-endian host: copy through DataView.
    sensorIndex = new Uint32Array(n);
    value = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      sensorIndex[i] = dv.getUint32(BATCH_HEADER_BYTES + 4 * i, true);
      value[i] = dv.getFloat32(vo + 4 * i, true);
    }
  }
  const channel = new Uint8Array(bytes.buffer, base + co, n);
  for (let i = 0; i < n; i++) {
    const s = sensorIndex[i] as number;
    if (s >= sensorCount)
      return fail(`batch ${batchSeq}: reading ${i}: sensor index ${s} ≥ sensor count ${sensorCount}`);
    const c = channel[i] as number;
    if (c >= CHANNEL_COUNT) return fail(`batch ${batchSeq}: reading ${i}: unknown channel ${c}`);
    const v = value[i] as number;
    if (!Number.isFinite(v)) return fail(`batch ${batchSeq}: reading ${i}: non-finite value ${v}`);
  }
  out.batchSeq = batchSeq;
  out.firstReadingSeq = firstReadingSeq;
  out.simTimeMs = simTimeMs;
  out.flags = flags;
  out.count = n;
  out.sensorIndex = sensorIndex;
  out.channel = channel;
  out.value = value;
  return OK;
}
