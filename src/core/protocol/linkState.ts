/**
 * The binary link-state message (docs/protocol.md §2b): the live traffic model's state of every road link, sent as
 * complete state (latest wins) at most once per tick and at most `LINK_STATE_MIN_INTERVAL_MS` of real time apart.
 * A 32-byte little-endian header, then `fieldCount` Float32 columns of `linkCount` values each, in field order.
 *
 *   off  size  field
 *     0   u32  magic 0x534c4243 ("CBLS" in byte order)
 *     4   u16  protocol version (PROTOCOL_VERSION)
 *     6   u16  stream id (1 = link state)
 *     8   u32  link-state sequence (1, 2, 3, … per server; latest wins)
 *    12   u32  link count n (= welcome.linkCount)
 *    16   f64  simulation time of the model state, ms since the Unix epoch
 *    24   u16  field count (3: speedKph, flowVph, vc)
 *    26   u16  reserved, 0
 *    28   u32  reserved, 0
 *    32   f32[n] speedKph · f32[n] flowVph · f32[n] vc
 */
import { asBytes, PROTOCOL_VERSION, type DecodeResult } from './readingBatch.ts';

/** First four bytes of a link-state message, read as a little-endian u32 ("CBLS"). */
export const LINK_STATE_MAGIC = 0x534c4243;
/** Stream id of link-state messages. */
export const LINK_STATE_STREAM_ID = 1;
/** Header length in bytes. */
export const LINK_STATE_HEADER_BYTES = 32;
/** Columns per link, in wire order. */
export const LINK_STATE_FIELDS = ['speedKph', 'flowVph', 'vc'] as const;
/** Number of columns. */
export const LINK_STATE_FIELD_COUNT = LINK_STATE_FIELDS.length;
/** Largest link-state message a decoder accepts, bytes (8 MiB ≈ 699,000 links). */
export const MAX_LINK_STATE_BYTES = 8 * 1024 * 1024;
/** Real time between two link-state messages at least, ms (bounds bandwidth to one frame per second). */
export const LINK_STATE_MIN_INTERVAL_MS = 1000;

/** Total byte length of a link-state message for n links. */
export function linkStateByteLength(n: number): number {
  return LINK_STATE_HEADER_BYTES + 4 * LINK_STATE_FIELD_COUNT * n;
}

/** A decoded link-state message; the column views alias the input when it was 4-byte aligned. */
export interface DecodedLinkState {
  seq: number;
  simTimeMs: number;
  linkCount: number;
  speedKph: Float32Array;
  flowVph: Float32Array;
  vc: Float32Array;
}

/** Creates a reusable decode target. */
export function createDecodedLinkState(): DecodedLinkState {
  return {
    seq: 0,
    simTimeMs: 0,
    linkCount: 0,
    speedKph: new Float32Array(0),
    flowVph: new Float32Array(0),
    vc: new Float32Array(0),
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Encodes one link-state message (the first n entries of each column). */
export function encodeLinkState(
  seq: number,
  simTimeMs: number,
  n: number,
  speedKph: ArrayLike<number>,
  flowVph: ArrayLike<number>,
  vc: ArrayLike<number>,
): Uint8Array {
  const bytes = new Uint8Array(linkStateByteLength(n));
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, LINK_STATE_MAGIC, true);
  dv.setUint16(4, PROTOCOL_VERSION, true);
  dv.setUint16(6, LINK_STATE_STREAM_ID, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(12, n, true);
  dv.setFloat64(16, simTimeMs, true);
  dv.setUint16(24, LINK_STATE_FIELD_COUNT, true);
  const cols = [speedKph, flowVph, vc];
  for (let f = 0; f < cols.length; f++) {
    const col = cols[f] as ArrayLike<number>;
    const base = LINK_STATE_HEADER_BYTES + 4 * n * f;
    for (let i = 0; i < n; i++) dv.setFloat32(base + 4 * i, col[i] ?? 0, true);
  }
  return bytes;
}

const fail = (reason: string): DecodeResult => ({ ok: false, reason });
const OK: DecodeResult = { ok: true };

/**
 * Decodes and validates a link-state message from untrusted input into `out`. Rejects (never throws): non-binary
 * input, oversized or truncated bytes, wrong magic/version/stream/field count, reserved ≠ 0, a link count other than
 * `linkCount`, sequence 0, a non-finite time, and any speed/flow/vc that is negative or not finite.
 */
export function decodeLinkState(data: unknown, linkCount: number, out: DecodedLinkState): DecodeResult {
  const bytes = asBytes(data);
  if (bytes === null) return fail(`linkState: expected binary, got ${data === null ? 'null' : typeof data}`);
  const len = bytes.byteLength;
  if (len > MAX_LINK_STATE_BYTES)
    return fail(`linkState: oversized (${len} bytes > ${MAX_LINK_STATE_BYTES})`);
  if (len < LINK_STATE_HEADER_BYTES)
    return fail(`linkState: truncated header (${len} bytes < ${LINK_STATE_HEADER_BYTES})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, len);
  const magic = dv.getUint32(0, true);
  if (magic !== LINK_STATE_MAGIC)
    return fail(`linkState: wrong magic 0x${magic.toString(16).padStart(8, '0')}`);
  const version = dv.getUint16(4, true);
  if (version !== PROTOCOL_VERSION)
    return fail(`linkState: protocol version ${version}, expected ${PROTOCOL_VERSION}`);
  const stream = dv.getUint16(6, true);
  if (stream !== LINK_STATE_STREAM_ID) return fail(`linkState: stream id ${stream}, expected 1`);
  const seq = dv.getUint32(8, true);
  if (seq === 0) return fail('linkState: sequence 0 (sequences start at 1)');
  const n = dv.getUint32(12, true);
  if (n !== linkCount) return fail(`linkState ${seq}: link count ${n}, the scene has ${linkCount}`);
  const fields = dv.getUint16(24, true);
  if (fields !== LINK_STATE_FIELD_COUNT)
    return fail(`linkState ${seq}: field count ${fields}, expected ${LINK_STATE_FIELD_COUNT}`);
  if (dv.getUint16(26, true) !== 0 || dv.getUint32(28, true) !== 0)
    return fail(`linkState ${seq}: reserved header field is not 0`);
  const expected = linkStateByteLength(n);
  if (len !== expected)
    return fail(`linkState ${seq}: length ${len} bytes, ${n} links need exactly ${expected}`);
  const simTimeMs = dv.getFloat64(16, true);
  if (!Number.isFinite(simTimeMs)) return fail(`linkState ${seq}: non-finite sim time`);
  const base = bytes.byteOffset + LINK_STATE_HEADER_BYTES;
  let all: Float32Array;
  if (LITTLE_ENDIAN && (base & 3) === 0) all = new Float32Array(bytes.buffer, base, 3 * n);
  else {
    all = new Float32Array(3 * n);
    for (let i = 0; i < 3 * n; i++) all[i] = dv.getFloat32(LINK_STATE_HEADER_BYTES + 4 * i, true);
  }
  for (let i = 0; i < 3 * n; i++) {
    const v = all[i] as number;
    // `!(v >= 0)` also catches NaN; Infinity is caught by the finite check.
    if (!(v >= 0) || v === Infinity) {
      const field = LINK_STATE_FIELDS[Math.floor(i / Math.max(1, n))] ?? '?';
      return fail(`linkState ${seq}: link ${i % n} ${field} ${v} is not a finite non-negative number`);
    }
  }
  out.seq = seq;
  out.simTimeMs = simTimeMs;
  out.linkCount = n;
  out.speedKph = all.subarray(0, n);
  out.flowVph = all.subarray(n, 2 * n);
  out.vc = all.subarray(2 * n, 3 * n);
  return OK;
}
