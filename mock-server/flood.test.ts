import { describe, expect, it } from 'vitest';
import {
  CHANNEL_COUNT,
  createDecodedBatch,
  decodeReadingBatch,
  ReadingColumns,
} from '../src/core/protocol/index.ts';
import { SensorKind, type Sensors } from '../src/core/scene/types.ts';
import { START_SIM_MS, tinyCity } from '../tests/integration/fixtures.ts';
import { createFlood, MAX_FLOOD_READINGS_PER_BATCH } from './flood.ts';
import { createFeedServer } from './server.ts';

// Sensors: 0 road loop (channels 0,1,2), 1 weather (4,5,6), 2 air quality (no channel: never flooded), 3 meter (3).
const sensors: Sensors = {
  count: 4,
  kind: new Uint8Array([
    SensorKind.roadLoop,
    SensorKind.weather,
    SensorKind.airQuality,
    SensorKind.substationMeter,
  ]),
  xy: new Float32Array(8),
  linkIndex: new Uint32Array(4).fill(0xffffffff),
  sourceId: ['a', 'b', 'c', 'd'],
};
const ALLOWED: Record<number, number[]> = { 0: [0, 1, 2], 1: [4, 5, 6], 3: [3] };

describe('flood', () => {
  it('tops each tick up to floor((k+1)·r/hz) − floor(k·r/hz) readings with channels the sensor kind reports', () => {
    // 1,000 readings/s at 3 Hz: ticks carry 333, 333, 334 (floor(1000/3)=333, floor(2000/3)=666, 1000) = 1,000/s.
    const flood = createFlood(sensors, 3, { readingsPerS: 1000 }, 7);
    const cols = new ReadingColumns(16);
    const counts: number[] = [];
    for (let k = 0; k < 3; k++) {
      cols.clear();
      cols.push(0, 0, 50); // one "simulator" reading already in the batch
      const added = flood.fill(k, cols);
      counts.push(cols.count);
      expect(added).toBe(cols.count - 1);
      for (let i = 0; i < cols.count; i++) {
        const s = cols.sensorIndex[i] as number;
        expect(ALLOWED[s]).toContain(cols.channel[i]);
        expect(Number.isFinite(cols.value[i])).toBe(true);
      }
    }
    expect(counts).toEqual([333, 333, 334]);
  });

  it('adds nothing when the simulator alone reaches the rate, or at rate 0', () => {
    const flood = createFlood(sensors, 5, { readingsPerS: 10 }, 1); // 2 per tick
    const cols = new ReadingColumns(16);
    for (let i = 0; i < 5; i++) cols.push(0, 0, 1);
    expect(flood.fill(0, cols)).toBe(0);
    expect(cols.count).toBe(5);
    flood.setRate(0);
    cols.clear();
    expect(flood.fill(1, cols)).toBe(0);
  });

  it('rejects rates that are negative, not finite or over the per-batch limit', () => {
    expect(() => createFlood(sensors, 5, { readingsPerS: -1 }, 1)).toThrow(/flood.readingsPerS -1/);
    expect(() => createFlood(sensors, 5, { readingsPerS: Number.NaN }, 1)).toThrow(/flood.readingsPerS NaN/);
    // 1 Hz × 500,000 > 400,000 per batch.
    expect(() => createFlood(sensors, 1, { readingsPerS: 500_000 }, 1)).toThrow(
      new RegExp(`over ${MAX_FLOOD_READINGS_PER_BATCH} readings per batch`),
    );
  });

  it('makes createFeedServer emit valid batches of exactly rate / batchHz readings', async () => {
    const city = tinyCity(0);
    const decoded = createDecodedBatch();
    const counts: number[] = [];
    const errors: string[] = [];
    let nextFirst = 0;
    const server = await createFeedServer({
      scene: city,
      sceneName: 'tiny',
      seed: 3,
      speed: 10,
      startSimMs: START_SIM_MS,
      port: 0,
      batchHz: 5,
      autoTick: false,
      flood: { readingsPerS: 50_000 },
      log: () => {},
      onBatch: (seq, bytes) => {
        const r = decodeReadingBatch(bytes, city.sensors.count, decoded);
        if (!r.ok) errors.push(r.reason);
        else {
          if (decoded.batchSeq !== seq || decoded.firstReadingSeq !== nextFirst) errors.push(`seq ${seq}`);
          nextFirst += decoded.count;
          for (let i = 0; i < decoded.count; i++)
            if ((decoded.channel[i] as number) >= CHANNEL_COUNT) errors.push(`channel at ${i}`);
        }
        counts.push(decoded.count);
      },
    });
    for (let k = 0; k < 5; k++) server.tick();
    server.setFloodRate(0);
    server.tick();
    await server.close();
    expect(errors).toEqual([]);
    // 50,000 readings/s at 5 batches/s = 10,000 per batch; after setFloodRate(0) only the simulator's few remain.
    expect(counts.slice(0, 5)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(counts[5]).toBeLessThan(100);
    expect(server.stats().readings).toBe(50_000 + (counts[5] as number));
  });
});
