import { describe, expect, it } from 'vitest';
import { BatchFlag } from './readingBatch.ts';
import {
  concatTrips,
  decodeTripBatch,
  encodeTripBatch,
  tripBatchByteLength,
  tripEndSimMs,
  type TripColumns,
} from './tripBatch.ts';

// Two trips: id 7 departs at 1000 ms over links 4, 2 (leaving them 10 s and 25.5 s after departure); id 9 departs at
// 2000 ms over link 0 (5 s). Layout: 32-byte header, f64[2] departures, u32[2] ids, u32[3] linkStart, u32[3] links,
// f32[3] exit times = 32 + 16 + 8 + 12 + 12 + 12 = 92 bytes.
const TWO: TripColumns = {
  count: 2,
  tripId: Uint32Array.of(7, 9),
  departSimMs: Float64Array.of(1000, 2000),
  linkStart: Uint32Array.of(0, 2, 3),
  links: Uint32Array.of(4, 2, 0),
  exitS: Float32Array.of(10, 25.5, 5),
};

const reasonOf = (r: { ok: boolean; reason?: string }): string => (r.ok ? 'ok' : (r.reason ?? ''));

describe('trip batch codec', () => {
  it('round-trips two trips through the documented layout', () => {
    expect(tripBatchByteLength(2, 3)).toBe(92);
    const bytes = encodeTripBatch(3, 5000, 0, TWO);
    expect(bytes.byteLength).toBe(92);
    // Header: magic "CBTP", version 1, stream 2, seq 3, 2 trips, 3 link entries, flags 0.
    expect([...bytes.subarray(0, 24)]).toEqual([
      0x43, 0x42, 0x54, 0x50, 1, 0, 2, 0, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const d = decodeTripBatch(bytes, 5);
    if (!d.ok) throw new Error(d.reason);
    expect([d.value.seq, d.value.simTimeMs, d.value.flags, d.value.count]).toEqual([3, 5000, 0, 2]);
    expect([...d.value.tripId, ...d.value.departSimMs]).toEqual([7, 9, 1000, 2000]);
    expect([...d.value.linkStart, ...d.value.links, ...d.value.exitS]).toEqual([
      0, 2, 3, 4, 2, 0, 10, 25.5, 5,
    ]);
    // Trip 7 ends 25.5 s after departing at 1 s.
    expect(tripEndSimMs(d.value, 0)).toBe(26_500);
    // Unaligned input (a Node Buffer slice) decodes the same.
    const shifted = Buffer.concat([Buffer.alloc(4), Buffer.from(bytes)]).subarray(4);
    const u = decodeTripBatch(shifted, 5);
    expect(u.ok && [...u.value.links]).toEqual([4, 2, 0]);
  });

  it('concatenates kept trips and rebases linkStart', () => {
    const c = concatTrips([TWO, TWO], (_b, i) => i === 1);
    expect([c.count, ...c.tripId, ...c.linkStart, ...c.links]).toEqual([2, 9, 9, 0, 1, 2, 0, 0]);
    const snap = encodeTripBatch(0, 0, BatchFlag.snapshot, c);
    expect(decodeTripBatch(snap, 1).ok).toBe(true);
  });

  it('rejects bad batches with the trip and the reason', () => {
    const good = (): Uint8Array => encodeTripBatch(3, 5000, 0, TWO);
    expect(reasonOf(decodeTripBatch(good(), 4))).toBe('trips 3: trip 0 (id 7) link 4 ≥ link count 4');
    expect(reasonOf(decodeTripBatch(null, 5))).toBe('trips: expected binary, got null');
    expect(reasonOf(decodeTripBatch(good().subarray(0, 90), 5))).toBe(
      'trips 3: length 90 bytes, 2 trips with 3 links need exactly 92',
    );
    expect(reasonOf(decodeTripBatch(encodeTripBatch(0, 5000, 0, TWO), 5))).toBe(
      'trips: sequence 0 on a live batch',
    );
    expect(reasonOf(decodeTripBatch(encodeTripBatch(3, 5000, 4, TWO), 5))).toBe('trips 3: unknown flags 0x4');
    const backwards = { ...TWO, exitS: Float32Array.of(10, 5, 5) };
    expect(reasonOf(decodeTripBatch(encodeTripBatch(3, 5000, 0, backwards), 5))).toBe(
      'trips 3: trip 0 (id 7) exitS 5 at link 1 is not ≥ 10',
    );
    const empty = { ...TWO, linkStart: Uint32Array.of(0, 0, 3) };
    expect(reasonOf(decodeTripBatch(encodeTripBatch(3, 5000, 0, empty), 5))).toBe(
      'trips 3: trip 0 (id 7) linkStart 0 → 0 is empty, decreasing or past 3',
    );
    const nan = { ...TWO, departSimMs: Float64Array.of(Number.NaN, 0) };
    expect(reasonOf(decodeTripBatch(encodeTripBatch(3, 5000, 0, nan), 5))).toBe(
      'trips 3: trip 0 (id 7) departSimMs is not finite',
    );
  });
});
