/**
 * The binary energy-state message (docs/protocol.md §2d): the live energy model's per-element state after a dispatch
 * step (every 5 simulated minutes), sent as complete state (latest wins). The element counts in the header are those
 * of the grid model both sides build from the scene with `buildGridModel` (src/core/energy/city/gridModel.ts): the
 * client checks them against its own model (and welcome.energy) and refuses a message that does not match.
 * A 48-byte little-endian header, then Float32 columns in ENERGY_STATE_FIELDS order, each of its element count.
 *
 *   off  size  field
 *     0   u32  magic 0x53454243 ("CBES" in byte order)
 *     4   u16  protocol version (PROTOCOL_VERSION)
 *     6   u16  stream id (3 = energy state)
 *     8   u32  energy-state sequence (1, 2, 3, … per server; latest wins)
 *    12   u32  reserved, 0
 *    16   f64  simulation time of the dispatch step, ms since the Unix epoch
 *    24   u32  bus count · 28 u32 HV line count · 32 u32 station count · 36 u32 feeder count
 *    40   u32  storage unit count · 44 u32 PV unit count
 *    48   f32 columns (ENERGY_STATE_FIELDS)
 */
import { asBytes, PROTOCOL_VERSION, type DecodeResult } from './readingBatch.ts';

/** First four bytes of an energy-state message, read as a little-endian u32 ("CBES"). */
export const ENERGY_STATE_MAGIC = 0x53454243;
/** Stream id of energy-state messages. */
export const ENERGY_STATE_STREAM_ID = 3;
/** Header length in bytes. */
export const ENERGY_STATE_HEADER_BYTES = 48;
/** Largest energy-state message a decoder accepts, bytes (16 MiB). */
export const MAX_ENERGY_STATE_BYTES = 16 * 1024 * 1024;

/** Element counts of a grid model (what the columns are indexed by). */
export interface EnergyCounts {
  readonly bus: number;
  readonly hvLine: number;
  readonly station: number;
  readonly feeder: number;
  readonly storage: number;
  readonly pv: number;
}

/** The element each column is indexed by. */
type CountKey = keyof EnergyCounts;

/**
 * Columns in wire order: name, element, and the allowed range (values outside it, or not finite, are refused).
 * Flows are signed: a section's flow is active power entering it at its upstream (parent) end, > 0 downstream; an HV
 * line's flow is active power leaving its `hvFrom` station, > 0 from → to; storage power > 0 is discharging.
 */
export const ENERGY_STATE_FIELDS = [
  { name: 'sectionLoadingPct', of: 'bus', min: 0 },
  { name: 'sectionFlowMw', of: 'bus', min: -Infinity },
  { name: 'busVoltagePu', of: 'bus', min: 0 },
  { name: 'hvLineLoadingPct', of: 'hvLine', min: 0 },
  { name: 'hvLineFlowMw', of: 'hvLine', min: -Infinity },
  { name: 'stationLoadingPct', of: 'station', min: 0 },
  { name: 'stationLoadMw', of: 'station', min: -Infinity },
  { name: 'feederHeadMw', of: 'feeder', min: -Infinity },
  { name: 'storageSocPct', of: 'storage', min: 0 },
  { name: 'storageMw', of: 'storage', min: -Infinity },
  { name: 'pvUnitMw', of: 'pv', min: 0 },
] as const satisfies readonly { name: string; of: CountKey; min: number }[];

/** Column names. */
export type EnergyStateField = (typeof ENERGY_STATE_FIELDS)[number]['name'];

/** The columns of one energy state (what LiveEnergyFrame carries, and what the client keeps). */
export type EnergyStateColumns = { [K in EnergyStateField]: Float32Array };

/** A decoded energy-state message; columns alias the input when it was 4-byte aligned. */
export interface DecodedEnergyState {
  seq: number;
  simTimeMs: number;
  counts: EnergyCounts;
  columns: EnergyStateColumns;
}

const COUNT_ORDER: readonly CountKey[] = ['bus', 'hvLine', 'station', 'feeder', 'storage', 'pv'];

/** Values per message for `counts`. */
function valueCount(counts: EnergyCounts): number {
  let n = 0;
  for (const f of ENERGY_STATE_FIELDS) n += counts[f.of];
  return n;
}

/** Total byte length of an energy-state message. */
export function energyStateByteLength(counts: EnergyCounts): number {
  return ENERGY_STATE_HEADER_BYTES + 4 * valueCount(counts);
}

/** Same counts? */
export function sameEnergyCounts(a: EnergyCounts, b: EnergyCounts): boolean {
  for (const k of COUNT_ORDER) if (a[k] !== b[k]) return false;
  return true;
}

/** Empty columns sized for `counts` (NaN-filled: "no state yet"). */
export function createEnergyStateColumns(counts: EnergyCounts): EnergyStateColumns {
  const out = {} as Record<EnergyStateField, Float32Array>;
  for (const f of ENERGY_STATE_FIELDS) out[f.name] = new Float32Array(counts[f.of]).fill(Number.NaN);
  return out;
}

/**
 * Encodes one energy-state message. Non-finite values (a dead bus's NaN) travel as 0; each column must have at
 * least its element count of entries.
 */
export function encodeEnergyState(
  seq: number,
  simTimeMs: number,
  counts: EnergyCounts,
  columns: { readonly [K in EnergyStateField]: ArrayLike<number> },
): Uint8Array {
  const bytes = new Uint8Array(energyStateByteLength(counts));
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, ENERGY_STATE_MAGIC, true);
  dv.setUint16(4, PROTOCOL_VERSION, true);
  dv.setUint16(6, ENERGY_STATE_STREAM_ID, true);
  dv.setUint32(8, seq, true);
  dv.setFloat64(16, simTimeMs, true);
  COUNT_ORDER.forEach((k, i) => dv.setUint32(24 + 4 * i, counts[k], true));
  let off = ENERGY_STATE_HEADER_BYTES;
  for (const f of ENERGY_STATE_FIELDS) {
    const col = columns[f.name];
    const n = counts[f.of];
    if (col.length < n) throw new RangeError(`energyState: column ${f.name} has ${col.length} < ${n} values`);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      dv.setFloat32(off, Number.isFinite(v) ? Math.max(f.min, v) : 0, true);
      off += 4;
    }
  }
  return bytes;
}

const fail = (reason: string): DecodeResult => ({ ok: false, reason });
const OK: DecodeResult = { ok: true };
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Decodes and validates an energy-state message from untrusted input into `out`. Rejects (never throws): non-binary
 * input, oversized or truncated bytes, wrong magic/version/stream, reserved ≠ 0, counts other than `expected`,
 * sequence 0, a non-finite time, a length that does not match the counts, and any value that is not finite or below
 * its column's minimum (loadings, voltages, SoC and PV output are ≥ 0).
 */
export function decodeEnergyState(
  data: unknown,
  expected: EnergyCounts,
  out: DecodedEnergyState,
): DecodeResult {
  const bytes = asBytes(data);
  if (bytes === null)
    return fail(`energyState: expected binary, got ${data === null ? 'null' : typeof data}`);
  const len = bytes.byteLength;
  if (len > MAX_ENERGY_STATE_BYTES)
    return fail(`energyState: oversized (${len} bytes > ${MAX_ENERGY_STATE_BYTES})`);
  if (len < ENERGY_STATE_HEADER_BYTES)
    return fail(`energyState: truncated header (${len} bytes < ${ENERGY_STATE_HEADER_BYTES})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, len);
  const magic = dv.getUint32(0, true);
  if (magic !== ENERGY_STATE_MAGIC)
    return fail(`energyState: wrong magic 0x${magic.toString(16).padStart(8, '0')}`);
  const version = dv.getUint16(4, true);
  if (version !== PROTOCOL_VERSION)
    return fail(`energyState: protocol version ${version}, expected ${PROTOCOL_VERSION}`);
  const stream = dv.getUint16(6, true);
  if (stream !== ENERGY_STATE_STREAM_ID)
    return fail(`energyState: stream id ${stream}, expected ${ENERGY_STATE_STREAM_ID}`);
  const seq = dv.getUint32(8, true);
  if (seq === 0) return fail('energyState: sequence 0 (sequences start at 1)');
  if (dv.getUint32(12, true) !== 0) return fail(`energyState ${seq}: reserved header field is not 0`);
  const simTimeMs = dv.getFloat64(16, true);
  if (!Number.isFinite(simTimeMs)) return fail(`energyState ${seq}: non-finite sim time`);
  const counts = {} as Record<CountKey, number>;
  for (let i = 0; i < COUNT_ORDER.length; i++) {
    const k = COUNT_ORDER[i]!;
    const n = dv.getUint32(24 + 4 * i, true);
    if (n !== expected[k])
      return fail(`energyState ${seq}: ${k} count ${n}, the client's grid model has ${expected[k]}`);
    counts[k] = n;
  }
  const total = valueCount(counts);
  const want = ENERGY_STATE_HEADER_BYTES + 4 * total;
  if (len !== want) return fail(`energyState ${seq}: length ${len} bytes, the counts need exactly ${want}`);
  const base = bytes.byteOffset + ENERGY_STATE_HEADER_BYTES;
  let all: Float32Array;
  if (LITTLE_ENDIAN && (base & 3) === 0) all = new Float32Array(bytes.buffer, base, total);
  else {
    all = new Float32Array(total);
    for (let i = 0; i < total; i++) all[i] = dv.getFloat32(ENERGY_STATE_HEADER_BYTES + 4 * i, true);
  }
  const cols = {} as Record<EnergyStateField, Float32Array>;
  let off = 0;
  for (const f of ENERGY_STATE_FIELDS) {
    const n = counts[f.of];
    const col = all.subarray(off, off + n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v) || v < f.min)
        return fail(`energyState ${seq}: ${f.name}[${i}] = ${v} is not a finite number ≥ ${f.min}`);
    }
    cols[f.name] = col;
    off += n;
  }
  out.seq = seq;
  out.simTimeMs = simTimeMs;
  out.counts = counts;
  out.columns = cols;
  return OK;
}
