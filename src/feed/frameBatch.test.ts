import { describe, expect, it } from 'vitest';
import { Channel } from '../core/protocol/channels.ts';
import { createDecodedBatch, decodeReadingBatch, encodeReadingBatch } from '../core/protocol/readingBatch.ts';
import { applyBatch, frameBatchByteLength, MergeBuffer } from './frameBatch.ts';
import { createHotBuffers } from './hotBuffers.ts';

function decoded(seq: number, simTimeMs: number, s: number[], c: number[], v: number[]) {
  const b = createDecodedBatch();
  const r = decodeReadingBatch(
    encodeReadingBatch({ batchSeq: seq, firstReadingSeq: 0, simTimeMs, flags: 0 }, s.length, s, c, v),
    10,
    b,
  );
  if (!r.ok) throw new Error(r.reason);
  return b;
}

describe('merge buffer and applyBatch', () => {
  it('keeps the latest value per sensor × channel and applies it once per frame', () => {
    const m = new MergeBuffer();
    m.reset(10);
    m.add(decoded(1, 1000, [2, 2, 5], [Channel.speedKph, Channel.flowVph, Channel.loadMW], [40, 900, 12.5]));
    m.add(decoded(2, 2000, [2], [Channel.speedKph], [35]));
    expect(m.pending).toBe(3);
    const buf = m.take()!;
    expect(buf.byteLength).toBeGreaterThanOrEqual(frameBatchByteLength(3)); // 24 + 16·3 = 72
    expect(frameBatchByteLength(3)).toBe(72);
    const hot = createHotBuffers(0);
    const v0 = hot.version;
    expect(applyBatch(hot, buf)).toBe(3);
    expect(hot.sensorCount).toBe(10); // the reset flag sized the hot buffers
    expect(hot.values[Channel.speedKph]![2]).toBe(35); // latest wins
    expect(hot.values[Channel.flowVph]![2]).toBe(900);
    expect(hot.values[Channel.loadMW]![5]).toBe(12.5);
    expect(Number.isNaN(hot.values[Channel.speedKph]![5]!)).toBe(true);
    expect(hot.lastSimMs[2]).toBe(2000);
    expect(hot.version).toBeGreaterThan(v0);
    // Nothing new → nothing to pull; new data reuses the recycled buffer.
    expect(m.take(buf)).toBeNull();
    m.add(decoded(3, 3000, [7], [Channel.windMS], [4.5]));
    const again = m.take(buf)!;
    expect(again).toBe(buf);
    const version = hot.version;
    expect(applyBatch(hot, again)).toBe(1);
    expect(hot.values[Channel.windMS]![7]).toBe(4.5);
    expect(hot.values[Channel.speedKph]![2]).toBe(35);
    expect(hot.version).toBe(version + 1);
  });
});
