import { describe, expect, it } from 'vitest';
import { Channel } from './channels.ts';
import {
  BatchFlag,
  createDecodedBatch,
  decodeReadingBatch,
  encodeReadingBatch,
  readingBatchByteLength,
  type DecodeResult,
} from './readingBatch.ts';

// Two readings: (sensor 3, speedKph, 50.5) and (sensor 258, loadMW, 3.0); batch 7, first reading 1, sim time 2 ms.
// Hand encoding (little-endian):
//   50.5 = 1.578125·2^5 → f32 sign 0, exponent 127+5 = 0x84, fraction 0.578125·2^23 = 0x4A0000 → 0x424A0000
//   3.0  = 1.5·2^1     → exponent 0x80, fraction 0x400000 → 0x40400000
//   1.0 as f64 = 0x3FF0000000000000, 2.0 as f64 = 0x4000000000000000; 258 = 0x00000102
// Layout: 40-byte header, u32 indices at 40, u8 channels at 48, 2 bytes padding, f32 values at 52; 60 bytes total.
// prettier-ignore
const EXPECTED = [
  0x43, 0x42, 0x52, 0x42, // magic "CBRB"
  0x01, 0x00, // version 1
  0x00, 0x00, // stream 0 (readings)
  0x07, 0x00, 0x00, 0x00, // batch seq 7
  0x02, 0x00, 0x00, 0x00, // count 2
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f, // first reading seq 1.0
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, // sim time 2.0 ms
  0x00, 0x00, 0x00, 0x00, // flags
  0x00, 0x00, 0x00, 0x00, // reserved
  0x03, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, // sensor indices 3, 258
  0x00, 0x03, // channels speedKph (0), loadMW (3)
  0x00, 0x00, // padding to 4
  0x00, 0x00, 0x4a, 0x42, 0x00, 0x00, 0x40, 0x40, // values 50.5, 3.0
];

const encodeTwo = (): Uint8Array =>
  encodeReadingBatch(
    { batchSeq: 7, firstReadingSeq: 1, simTimeMs: 2, flags: 0 },
    2,
    [3, 258],
    [Channel.speedKph, Channel.loadMW],
    [50.5, 3],
  );

const reasonOf = (r: DecodeResult): string => (r.ok ? 'ok' : r.reason);

describe('reading batch codec', () => {
  it('encodes a 2-reading batch to the exact hand-computed bytes', () => {
    expect(readingBatchByteLength(2)).toBe(60);
    expect([...encodeTwo()]).toEqual(EXPECTED);
  });

  it('decodes the hand-written bytes back, from an ArrayBuffer and from an unaligned Node Buffer', () => {
    const out = createDecodedBatch();
    expect(decodeReadingBatch(new Uint8Array(EXPECTED).buffer, 300, out)).toEqual({ ok: true });
    expect([out.batchSeq, out.firstReadingSeq, out.simTimeMs, out.flags, out.count]).toEqual([7, 1, 2, 0, 2]);
    expect([...out.sensorIndex]).toEqual([3, 258]);
    expect([...out.channel]).toEqual([0, 3]);
    expect([...out.value]).toEqual([50.5, 3]);
    const shifted = Buffer.alloc(61);
    shifted.set(EXPECTED, 1);
    const out2 = createDecodedBatch();
    expect(decodeReadingBatch(shifted.subarray(1), 300, out2).ok).toBe(true);
    expect([...out2.sensorIndex, ...out2.value]).toEqual([3, 258, 50.5, 3]);
  });

  it('rejects bad input with a precise reason and never throws', () => {
    const out = createDecodedBatch();
    const bytes = (): Uint8Array => new Uint8Array(EXPECTED);
    const patched = (at: number, v: number): Uint8Array => {
      const b = bytes();
      b[at] = v;
      return b;
    };
    expect(reasonOf(decodeReadingBatch('hello', 300, out))).toBe('batch: expected binary, got string');
    expect(reasonOf(decodeReadingBatch({ a: 1 }, 300, out))).toBe('batch: expected binary, got object');
    expect(reasonOf(decodeReadingBatch(bytes().subarray(0, 12), 300, out))).toBe(
      'batch: truncated header (12 bytes < 40)',
    );
    expect(reasonOf(decodeReadingBatch(patched(0, 0x44), 300, out))).toBe('batch: wrong magic 0x42524244');
    expect(reasonOf(decodeReadingBatch(patched(4, 2), 300, out))).toBe(
      'batch: protocol version 2, expected 1',
    );
    expect(reasonOf(decodeReadingBatch(patched(6, 1), 300, out))).toBe('batch: unknown stream id 1');
    expect(reasonOf(decodeReadingBatch(bytes().subarray(0, 56), 300, out))).toBe(
      'batch 7: truncated (56 bytes, 2 readings need 60)',
    );
    expect(reasonOf(decodeReadingBatch(patched(12, 1), 300, out))).toBe(
      'batch 7: count mismatch (60 bytes, 1 readings need 52)', // align4(40 + 5·1) + 4·1,
    );
    expect(reasonOf(decodeReadingBatch(patched(14, 0x10), 300, out))).toBe(
      'batch 7: oversized (1048578 readings > 1000000)',
    );
    expect(reasonOf(decodeReadingBatch(bytes(), 258, out))).toBe(
      'batch 7: reading 1: sensor index 258 ≥ sensor count 258',
    );
    expect(reasonOf(decodeReadingBatch(patched(49, 7), 300, out))).toBe(
      'batch 7: reading 1: unknown channel 7',
    );
    // 0x7FC00000 = NaN.
    const nan = bytes();
    nan.set([0x00, 0x00, 0xc0, 0x7f], 56);
    expect(reasonOf(decodeReadingBatch(nan, 300, out))).toBe('batch 7: reading 1: non-finite value NaN');
    expect(reasonOf(decodeReadingBatch(patched(32, 4), 300, out))).toBe('batch 7: unknown flags 0x4');
    expect(reasonOf(decodeReadingBatch(patched(36, 1), 300, out))).toBe(
      'batch 7: reserved header field is not 0',
    );
    expect(reasonOf(decodeReadingBatch(new Uint8Array(4 * 1024 * 1024 + 1), 300, out))).toBe(
      'batch: oversized (4194305 bytes > 4194304)',
    );
    // A rejected decode leaves the previous result untouched.
    expect(out.count).toBe(0);
  });

  it('round-trips a snapshot-flagged batch with a realistic sim time', () => {
    const t = 1772404200000; // 2026-03-02T06:30:00+08:00
    const b = encodeReadingBatch(
      { batchSeq: 0, firstReadingSeq: 0, simTimeMs: t, flags: BatchFlag.snapshot },
      1,
      [0],
      [6],
      [2.25],
    );
    const out = createDecodedBatch();
    expect(decodeReadingBatch(b, 1, out).ok).toBe(true);
    expect([out.simTimeMs, out.flags, out.value[0]]).toEqual([t, 1, 2.25]);
  });
});
