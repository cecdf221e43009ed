import { describe, expect, it } from 'vitest';
import {
  createDecodedLinkState,
  decodeLinkState,
  encodeLinkState,
  linkStateByteLength,
} from './linkState.ts';
import type { DecodeResult } from './readingBatch.ts';

// Link-state message 5 at sim time 2 ms for 2 links: speeds 50.5, 3.0 km/h; flows 0, 1 veh/h; v/c 0.5, 2.
// Hand encoding (little-endian): 50.5 = 0x424A0000, 3.0 = 0x40400000, 1.0 = 0x3F800000, 0.5 = 0x3F000000,
// 2.0 = 0x40000000 (f32); 2.0 as f64 = 0x4000000000000000. 32-byte header + 3 columns × 2 × 4 bytes = 56 bytes.
// prettier-ignore
const EXPECTED = [
  0x43, 0x42, 0x4c, 0x53, // magic "CBLS"
  0x01, 0x00, // version 1
  0x01, 0x00, // stream 1 (link state)
  0x05, 0x00, 0x00, 0x00, // seq 5
  0x02, 0x00, 0x00, 0x00, // 2 links
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, // sim time 2.0 ms
  0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 3 fields, reserved
  0x00, 0x00, 0x4a, 0x42, 0x00, 0x00, 0x40, 0x40, // speedKph 50.5, 3.0
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3f, // flowVph 0, 1
  0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x00, 0x40, // vc 0.5, 2
];

const reasonOf = (r: DecodeResult): string => (r.ok ? 'ok' : r.reason);
const encodeTwo = (): Uint8Array => encodeLinkState(5, 2, 2, [50.5, 3], [0, 1], [0.5, 2]);

describe('link-state codec', () => {
  it('encodes 2 links to the exact hand-computed bytes and decodes them back (aligned and unaligned)', () => {
    expect(linkStateByteLength(2)).toBe(56);
    expect([...encodeTwo()]).toEqual(EXPECTED);
    const out = createDecodedLinkState();
    for (const input of [
      new Uint8Array(EXPECTED).buffer,
      Buffer.concat([Buffer.alloc(1), Buffer.from(EXPECTED)]).subarray(1),
    ]) {
      expect(decodeLinkState(input, 2, out)).toEqual({ ok: true });
      expect([out.seq, out.simTimeMs, out.linkCount]).toEqual([5, 2, 2]);
      expect([...out.speedKph, ...out.flowVph, ...out.vc]).toEqual([50.5, 3, 0, 1, 0.5, 2]);
    }
  });

  it('rejects bad messages with the reason', () => {
    const out = createDecodedLinkState();
    const mutate = (off: number, byte: number): Uint8Array => {
      const b = encodeTwo();
      b[off] = byte;
      return b;
    };
    expect(reasonOf(decodeLinkState('x', 2, out))).toBe('linkState: expected binary, got string');
    expect(reasonOf(decodeLinkState(new Uint8Array(10), 2, out))).toBe(
      'linkState: truncated header (10 bytes < 32)',
    );
    expect(reasonOf(decodeLinkState(mutate(0, 0), 2, out))).toBe('linkState: wrong magic 0x534c4200');
    expect(reasonOf(decodeLinkState(mutate(6, 2), 2, out))).toBe('linkState: stream id 2, expected 1');
    expect(reasonOf(decodeLinkState(mutate(8, 0), 2, out))).toBe(
      'linkState: sequence 0 (sequences start at 1)',
    );
    expect(reasonOf(decodeLinkState(encodeTwo(), 3, out))).toBe('linkState 5: link count 2, the scene has 3');
    expect(reasonOf(decodeLinkState(mutate(24, 2), 2, out))).toBe('linkState 5: field count 2, expected 3');
    expect(reasonOf(decodeLinkState(mutate(28, 1), 2, out))).toBe(
      'linkState 5: reserved header field is not 0',
    );
    expect(reasonOf(decodeLinkState(encodeTwo().subarray(0, 52), 2, out))).toBe(
      'linkState 5: length 52 bytes, 2 links need exactly 56',
    );
    expect(reasonOf(decodeLinkState(encodeLinkState(5, 2, 2, [1, 2], [0, -1], [0, 0]), 2, out))).toBe(
      'linkState 5: link 1 flowVph -1 is not a finite non-negative number',
    );
    expect(reasonOf(decodeLinkState(encodeLinkState(5, 2, 2, [1, 2], [0, 1], [Infinity, 0]), 2, out))).toBe(
      'linkState 5: link 0 vc Infinity is not a finite non-negative number',
    );
  });
});
