/**
 * The binary trip batch (docs/protocol.md §2c): vehicle trips sampled by the live traffic model, in the layout of
 * TripBatch (src/core/traffic/types.ts). One message per tick that produced trips (sequenced stream `trips`), or,
 * with the snapshot flag, the trips still active inside a Snapshot. Little-endian; the f64 column comes first so
 * every column is naturally aligned.
 *
 *   off  size  field
 *     0   u32  magic 0x50544243 ("CBTP" in byte order)
 *     4   u16  protocol version (PROTOCOL_VERSION)
 *     6   u16  stream id (2 = trips)
 *     8   u32  trip batch sequence (1, 2, 3, …; in a snapshot: the last batch it covers)
 *    12   u32  trip count c
 *    16   u32  link entries L (Σ links per trip)
 *    20   u32  flags (bit 0 = snapshot table)
 *    24   f64  simulation time of the tick that produced the batch, ms since the Unix epoch
 *    32   f64[c] departSimMs · u32[c] tripId · u32[c+1] linkStart · u32[L] links · f32[L] exitS
 */
import { BatchFlag } from './readingBatch.ts';
import { asBytes, PROTOCOL_VERSION, type DecodeResult } from './readingBatch.ts';

/** First four bytes of a trip batch, read as a little-endian u32 ("CBTP"). */
export const TRIP_BATCH_MAGIC = 0x50544243;
/** Stream id of trip batches. */
export const TRIPS_STREAM_ID = 2;
/** Header length in bytes. */
export const TRIP_BATCH_HEADER_BYTES = 32;
/** Largest trip batch a decoder accepts, bytes (16 MiB). */
export const MAX_TRIP_BATCH_BYTES = 16 * 1024 * 1024;
/** Largest trip count a decoder accepts. */
export const MAX_TRIPS_PER_BATCH = 500_000;

/** A trip batch in TripBatch layout (structurally a src/core/traffic/types.ts TripBatch). */
export interface TripColumns {
  readonly count: number;
  readonly tripId: Uint32Array;
  readonly departSimMs: Float64Array;
  readonly linkStart: Uint32Array;
  readonly links: Uint32Array;
  readonly exitS: Float32Array;
}

/** A decoded trip batch: header plus columns (views alias the input when it was 8-byte aligned). */
export interface DecodedTripBatch extends TripColumns {
  readonly seq: number;
  readonly simTimeMs: number;
  readonly flags: number;
}

/** Total byte length of a batch with c trips and L link entries. */
export function tripBatchByteLength(c: number, l: number): number {
  return TRIP_BATCH_HEADER_BYTES + 8 * c + 4 * c + 4 * (c + 1) + 8 * l;
}

/** Encodes `trips` (whose linkStart may start at any offset: it is rebased to 0). */
export function encodeTripBatch(
  seq: number,
  simTimeMs: number,
  flags: number,
  trips: TripColumns,
): Uint8Array {
  const c = trips.count;
  const l0 = c > 0 ? (trips.linkStart[0] as number) : 0;
  const l = c > 0 ? (trips.linkStart[c] as number) - l0 : 0;
  const bytes = new Uint8Array(tripBatchByteLength(c, l));
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, TRIP_BATCH_MAGIC, true);
  dv.setUint16(4, PROTOCOL_VERSION, true);
  dv.setUint16(6, TRIPS_STREAM_ID, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(12, c, true);
  dv.setUint32(16, l, true);
  dv.setUint32(20, flags, true);
  dv.setFloat64(24, simTimeMs, true);
  let o = TRIP_BATCH_HEADER_BYTES;
  for (let i = 0; i < c; i++, o += 8) dv.setFloat64(o, trips.departSimMs[i] as number, true);
  for (let i = 0; i < c; i++, o += 4) dv.setUint32(o, trips.tripId[i] as number, true);
  for (let i = 0; i <= c; i++, o += 4) dv.setUint32(o, c > 0 ? (trips.linkStart[i] as number) - l0 : 0, true);
  for (let j = 0; j < l; j++, o += 4) dv.setUint32(o, trips.links[l0 + j] as number, true);
  for (let j = 0; j < l; j++, o += 4) dv.setFloat32(o, trips.exitS[l0 + j] as number, true);
  return bytes;
}

/**
 * Concatenates the trips `keep(batch, i)` accepts from several batches into one TripColumns (fresh arrays); `keep`
 * is called exactly once per trip, in order.
 */
export function concatTrips(
  batches: readonly TripColumns[],
  keep: (batch: TripColumns, i: number) => boolean,
): TripColumns {
  let c = 0;
  let l = 0;
  const masks = batches.map((b) => {
    const m = new Uint8Array(b.count);
    for (let i = 0; i < b.count; i++) {
      if (!keep(b, i)) continue;
      m[i] = 1;
      c++;
      l += (b.linkStart[i + 1] as number) - (b.linkStart[i] as number);
    }
    return m;
  });
  const out = {
    count: c,
    tripId: new Uint32Array(c),
    departSimMs: new Float64Array(c),
    linkStart: new Uint32Array(c + 1),
    links: new Uint32Array(l),
    exitS: new Float32Array(l),
  };
  let k = 0;
  let o = 0;
  batches.forEach((b, bi) => {
    const m = masks[bi] as Uint8Array;
    // Copy runs of consecutive kept trips with one set() per column (pruning removes few trips: runs are long).
    let i = 0;
    while (i < b.count) {
      if (m[i] !== 1) {
        i++;
        continue;
      }
      let j = i;
      while (j < b.count && m[j] === 1) j++;
      const s = b.linkStart[i] as number;
      const e = b.linkStart[j] as number;
      out.tripId.set(b.tripId.subarray(i, j), k);
      out.departSimMs.set(b.departSimMs.subarray(i, j), k);
      out.links.set(b.links.subarray(s, e), o);
      out.exitS.set(b.exitS.subarray(s, e), o);
      const shift = o - s;
      for (let t = i; t < j; t++) out.linkStart[++k] = (b.linkStart[t + 1] as number) + shift;
      o += e - s;
      i = j;
    }
  });
  return out;
}

/** Simulation time (ms) at which trip i of `b` leaves its last link. */
export function tripEndSimMs(b: TripColumns, i: number): number {
  const e = b.linkStart[i + 1] as number;
  const s = b.linkStart[i] as number;
  return (b.departSimMs[i] as number) + (e > s ? (b.exitS[e - 1] as number) * 1000 : 0);
}

const fail = (reason: string): DecodeResult & { ok: false } => ({ ok: false, reason });
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Decodes and validates a trip batch from untrusted input. Rejects (never throws): non-binary, oversized, truncated
 * or over-long input, wrong magic/version/stream, unknown flags, more than MAX_TRIPS_PER_BATCH trips, linkStart not
 * starting at 0, decreasing or not ending at L, a trip without links, a link index ≥ `linkCount`, exit times that are
 * negative, non-finite or decreasing along a trip, a non-finite departure or batch time.
 */
export function decodeTripBatch(
  data: unknown,
  linkCount: number,
): { ok: true; value: DecodedTripBatch } | { ok: false; reason: string } {
  const bytes = asBytes(data);
  if (bytes === null) return fail(`trips: expected binary, got ${data === null ? 'null' : typeof data}`);
  const len = bytes.byteLength;
  if (len > MAX_TRIP_BATCH_BYTES) return fail(`trips: oversized (${len} bytes > ${MAX_TRIP_BATCH_BYTES})`);
  if (len < TRIP_BATCH_HEADER_BYTES)
    return fail(`trips: truncated header (${len} bytes < ${TRIP_BATCH_HEADER_BYTES})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, len);
  const magic = dv.getUint32(0, true);
  if (magic !== TRIP_BATCH_MAGIC) return fail(`trips: wrong magic 0x${magic.toString(16).padStart(8, '0')}`);
  const version = dv.getUint16(4, true);
  if (version !== PROTOCOL_VERSION)
    return fail(`trips: protocol version ${version}, expected ${PROTOCOL_VERSION}`);
  const stream = dv.getUint16(6, true);
  if (stream !== TRIPS_STREAM_ID) return fail(`trips: stream id ${stream}, expected ${TRIPS_STREAM_ID}`);
  const seq = dv.getUint32(8, true);
  const c = dv.getUint32(12, true);
  const l = dv.getUint32(16, true);
  const flags = dv.getUint32(20, true);
  if (c > MAX_TRIPS_PER_BATCH) return fail(`trips ${seq}: oversized (${c} trips > ${MAX_TRIPS_PER_BATCH})`);
  if ((flags & ~BatchFlag.snapshot) !== 0) return fail(`trips ${seq}: unknown flags 0x${flags.toString(16)}`);
  if (seq === 0 && (flags & BatchFlag.snapshot) === 0) return fail('trips: sequence 0 on a live batch');
  const expected = tripBatchByteLength(c, l);
  if (len !== expected)
    return fail(`trips ${seq}: length ${len} bytes, ${c} trips with ${l} links need exactly ${expected}`);
  const simTimeMs = dv.getFloat64(24, true);
  if (!Number.isFinite(simTimeMs)) return fail(`trips ${seq}: non-finite sim time`);
  const base = bytes.byteOffset;
  const oDepart = TRIP_BATCH_HEADER_BYTES;
  const oId = oDepart + 8 * c;
  const oStart = oId + 4 * c;
  const oLinks = oStart + 4 * (c + 1);
  const oExit = oLinks + 4 * l;
  let departSimMs: Float64Array;
  let tripId: Uint32Array;
  let linkStart: Uint32Array;
  let links: Uint32Array;
  let exitS: Float32Array;
  if (LITTLE_ENDIAN && (base & 7) === 0) {
    departSimMs = new Float64Array(bytes.buffer, base + oDepart, c);
    tripId = new Uint32Array(bytes.buffer, base + oId, c);
    linkStart = new Uint32Array(bytes.buffer, base + oStart, c + 1);
    links = new Uint32Array(bytes.buffer, base + oLinks, l);
    exitS = new Float32Array(bytes.buffer, base + oExit, l);
  } else {
    // Unaligned (a Node Buffer slice) or big-endian host: copy through DataView.
    departSimMs = new Float64Array(c);
    tripId = new Uint32Array(c);
    linkStart = new Uint32Array(c + 1);
    links = new Uint32Array(l);
    exitS = new Float32Array(l);
    for (let i = 0; i < c; i++) departSimMs[i] = dv.getFloat64(oDepart + 8 * i, true);
    for (let i = 0; i < c; i++) tripId[i] = dv.getUint32(oId + 4 * i, true);
    for (let i = 0; i <= c; i++) linkStart[i] = dv.getUint32(oStart + 4 * i, true);
    for (let j = 0; j < l; j++) links[j] = dv.getUint32(oLinks + 4 * j, true);
    for (let j = 0; j < l; j++) exitS[j] = dv.getFloat32(oExit + 4 * j, true);
  }
  if (linkStart[0] !== 0) return fail(`trips ${seq}: linkStart[0] = ${linkStart[0]}, expected 0`);
  if (linkStart[c] !== l) return fail(`trips ${seq}: linkStart[${c}] = ${linkStart[c]}, expected ${l}`);
  for (let i = 0; i < c; i++) {
    const s = linkStart[i] as number;
    const e = linkStart[i + 1] as number;
    if (e <= s || e > l)
      return fail(
        `trips ${seq}: trip ${i} (id ${tripId[i]}) linkStart ${s} → ${e} is empty, decreasing or past ${l}`,
      );
    if (!Number.isFinite(departSimMs[i] as number))
      return fail(`trips ${seq}: trip ${i} (id ${tripId[i]}) departSimMs is not finite`);
    let prev = 0;
    for (let j = s; j < e; j++) {
      const link = links[j] as number;
      if (link >= linkCount)
        return fail(`trips ${seq}: trip ${i} (id ${tripId[i]}) link ${link} ≥ link count ${linkCount}`);
      const x = exitS[j] as number;
      if (!(x >= prev) || x === Infinity)
        return fail(`trips ${seq}: trip ${i} (id ${tripId[i]}) exitS ${x} at link ${j - s} is not ≥ ${prev}`);
      prev = x;
    }
  }
  return {
    ok: true,
    value: { seq, simTimeMs, flags, count: c, tripId, departSimMs, linkStart, links, exitS },
  };
}
