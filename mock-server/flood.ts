/**
 * Benchmark "flood" mode of the feed server (bench/feedBrowser.ts): tops every tick's batch up with extra random but
 * valid readings so the feed carries a requested total rate (readings per second) whatever the simulator produces.
 * Each extra reading is a (sensor, channel) pair the sensor's kind really reports (docs/protocol.md §2 channel
 * table), with a finite value in a plausible range for the channel. Seeded, so a flood run is reproducible.
 */
import { Channel, type ReadingColumns } from '../src/core/protocol/index.ts';
import { createRng } from '../src/core/rng.ts';
import { SensorKind, type Sensors } from '../src/core/scene/types.ts';

/** Options of the flood mode. */
export interface FloodOptions {
  /** Total readings per second the feed should carry (simulator readings included). */
  readingsPerS: number;
}

/** Channels each sensor kind reports (docs/protocol.md §2); kinds without channels get no flood readings. */
const CHANNELS_BY_KIND: Record<number, readonly number[]> = {
  [SensorKind.roadLoop]: [Channel.speedKph, Channel.flowVph, Channel.occupancyPct],
  [SensorKind.weather]: [Channel.temperatureC, Channel.rainMmH, Channel.windMS],
  [SensorKind.substationMeter]: [Channel.loadMW],
};

/** Plausible value range [lo, hi) per channel code (benchmark data only, not a model of anything). */
const RANGE_BY_CHANNEL: readonly (readonly [number, number])[] = [
  [0, 80], // speedKph
  [0, 3000], // flowVph
  [0, 100], // occupancyPct
  [0, 60], // loadMW
  [-5, 35], // temperatureC
  [0, 20], // rainMmH
  [0, 15], // windMS
];

/** Largest rate accepted (readings/s). */
export const MAX_FLOOD_READINGS_PER_S = 2_000_000;
/** Most readings one batch may carry: a batch is 9 bytes per reading and at most 4 MiB (docs/protocol.md §2), i.e.
 * ≤ 466,028 readings; 400,000 leaves room for rounding. */
export const MAX_FLOOD_READINGS_PER_BATCH = 400_000;

/** Tops up reading batches to a requested rate. */
export interface Flood {
  /** Readings per second now. */
  readonly readingsPerS: number;
  /** Changes the rate from the next tick on. */
  setRate(readingsPerS: number): void;
  /**
   * Appends extra readings to `cols` (which already holds the simulator's readings of tick `tick`) so that it holds
   * this tick's share of the rate; returns how many were added (0 when the simulator alone already reaches it).
   */
  fill(tick: number, cols: ReadingColumns): number;
}

/** Validates a flood rate; returns an error message or null. */
export function checkFloodRate(readingsPerS: number): string | null {
  if (!(Number.isFinite(readingsPerS) && readingsPerS >= 0 && readingsPerS <= MAX_FLOOD_READINGS_PER_S))
    return `flood.readingsPerS ${readingsPerS}: expected 0 … ${MAX_FLOOD_READINGS_PER_S}`;
  return null;
}

/** Creates a flood over the scene's sensors at `batchHz` ticks per second. */
export function createFlood(sensors: Sensors, batchHz: number, opts: FloodOptions, seed: number): Flood {
  let rate = 0;
  const setRate = (r: number): void => {
    const err = checkFloodRate(r);
    if (err !== null) throw new RangeError(err);
    if (Math.ceil(r / batchHz) > MAX_FLOOD_READINGS_PER_BATCH)
      throw new RangeError(
        `flood.readingsPerS ${r} at ${batchHz} batches/s: over ${MAX_FLOOD_READINGS_PER_BATCH} readings per batch`,
      );
    rate = r;
  };
  setRate(opts.readingsPerS);
  // Every (sensor, channel) pair the scene really has, packed as two parallel arrays for uniform picking.
  let slots = 0;
  for (let i = 0; i < sensors.count; i++) slots += CHANNELS_BY_KIND[sensors.kind[i] as number]?.length ?? 0;
  const slotSensor = new Uint32Array(slots);
  const slotChannel = new Uint8Array(slots);
  let j = 0;
  for (let i = 0; i < sensors.count; i++) {
    for (const c of CHANNELS_BY_KIND[sensors.kind[i] as number] ?? []) {
      slotSensor[j] = i;
      slotChannel[j] = c;
      j++;
    }
  }
  const rng = createRng(seed ^ 0x466c6f6f); // "Floo": independent of the simulator's stream
  return {
    get readingsPerS() {
      return rate;
    },
    setRate,
    fill(tick, cols) {
      if (rate === 0 || slots === 0) return 0;
      // Tick k's share: floor((k+1)·r/hz) − floor(k·r/hz), so any whole second carries exactly r readings.
      const share = Math.floor(((tick + 1) * rate) / batchHz) - Math.floor((tick * rate) / batchHz);
      const extra = share - cols.count;
      for (let i = 0; i < extra; i++) {
        const k = rng.int(slots);
        const c = slotChannel[k] as number;
        const range = RANGE_BY_CHANNEL[c] as readonly [number, number];
        cols.push(slotSensor[k] as number, c, rng.range(range[0], range[1]));
      }
      return Math.max(0, extra);
    },
  };
}
