import { describe, expect, it } from 'vitest';
import {
  CONGESTION_BANDS,
  congestionBand,
  flowWidthPixels,
  signalNodes,
  trafficWidthScale,
} from './trafficStyle.ts';

describe('congestion bands', () => {
  it('puts speed ratios in the four bands at 0.75 / 0.5 / 0.25 (edges belong to the faster band)', () => {
    expect([1.2, 0.75, 0.74, 0.5, 0.49, 0.25, 0.24, 0].map(congestionBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(congestionBand(Number.NaN)).toBe(-1);
    expect(CONGESTION_BANDS.map((b) => b.label)).toEqual([
      'trafficBandFree',
      'trafficBandSlow',
      'trafficBandCongested',
      'trafficBandJammed',
    ]);
  });

  it('width grows linearly from 1.5 px to 9 px at 3,600 veh/h', () => {
    expect(flowWidthPixels(0)).toBe(1.5);
    expect(flowWidthPixels(Number.NaN)).toBe(1.5);
    expect(flowWidthPixels(1800)).toBe(5.25); // 1.5 + 7.5 × 0.5
    expect(flowWidthPixels(10_000)).toBe(9);
  });

  it('lists the signalised nodes', () => {
    expect(Array.from(signalNodes(new Uint8Array([0, 1, 0, 1, 1])))).toEqual([1, 3, 4]);
  });
});

describe('trafficWidthScale', () => {
  it('is 1 to zoom 15, doubles per level, 4 from zoom 17', () => {
    expect([12, 15, 16, 17, 19].map(trafficWidthScale)).toEqual([1, 1, 2, 4, 4]);
  });
});
