import { describe, expect, it } from 'vitest';
import { ReadingColumns } from '../src/core/protocol/index.ts';
import {
  buildMetrLaScene,
  createMetrLaReplay,
  METR_LA_ROW_MS,
  METR_LA_START_MS,
  MPH_TO_KPH,
  parseMetrLaLocations,
  parseMetrLaSpeeds,
  type MetrLaData,
} from './metrLa.ts';

const LOC =
  'index,sensor_id,latitude,longitude\n0,773869,34.15497,-118.31829\n1,767541,34.11621,-118.23799\n';
// Row 1 has METR-LA's 0 ("no reading") for the second sensor.
const SPEEDS = '773869,767541\n64.375,67.625\n60,0\n';

function data(): MetrLaData {
  const loc = parseMetrLaLocations(LOC, 'loc.csv');
  const sp = parseMetrLaSpeeds(SPEEDS, 'speed.csv', loc.ids);
  return { sensorIds: loc.ids, lon: loc.lon, lat: loc.lat, ...sp };
}

function replayed(end: 'loop' | 'stop', ticks: [number, number][]): [number, number, number][][] {
  const r = createMetrLaReplay(data(), end);
  const out = new ReadingColumns();
  return ticks.map(([a, b]) => {
    out.clear();
    r.step(a, b, out);
    return Array.from({ length: out.count }, (_, i) => [out.sensorIndex[i]!, out.channel[i]!, out.value[i]!]);
  });
}

describe('METR-LA replay', () => {
  it('starts at 2012-03-01 00:00 PST and converts mph with the exact international mile', () => {
    expect(METR_LA_START_MS).toBe(Date.UTC(2012, 2, 1, 8, 0));
    expect(MPH_TO_KPH).toBe(1.609344);
    // 64.375 mph × 1.609344 = 103.6015… km/h, stored as float32.
    const [first] = replayed('stop', [[Number.NEGATIVE_INFINITY, METR_LA_START_MS]]);
    expect(first).toEqual([
      [0, 0, Math.fround(64.375 * 1.609344)],
      [1, 0, Math.fround(67.625 * 1.609344)],
    ]);
  });

  it('sends each row once at its time, skips 0 (no reading), loops or stops after the last row', () => {
    const t = (row: number): number => METR_LA_START_MS + row * METR_LA_ROW_MS;
    const ticks: [number, number][] = [
      [t(0), t(0.5)], // nothing due
      [t(0.5), t(1)], // row 1: sensor 1 has 0 → only sensor 0
      [t(1), t(2)], // row 2 = lap 2's row 0 when looping
    ];
    const loop = replayed('loop', ticks);
    expect(loop[0]).toEqual([]);
    expect(loop[1]).toEqual([[0, 0, Math.fround(60 * 1.609344)]]);
    expect(loop[2]?.length).toBe(2);
    expect(replayed('stop', ticks)[2]).toEqual([]);
  });

  it('rejects bad files naming the file, the line and the column', () => {
    expect(() => parseMetrLaLocations('id,lat\n', 'loc.csv')).toThrow(
      'loc.csv:1: expected the header "index,sensor_id,latitude,longitude", got "id,lat"',
    );
    expect(() => parseMetrLaLocations(LOC.replace('34.11621', '134'), 'loc.csv')).toThrow(
      'loc.csv:3: latitude "134" is not in −90…90',
    );
    expect(() => parseMetrLaSpeeds('773869,1\n', 'speed.csv', ['773869', '767541'])).toThrow(
      'speed.csv:1: column 2 is sensor "1", the locations file says "767541"',
    );
    expect(() => parseMetrLaSpeeds('773869,767541\n60,abc\n', 'speed.csv', ['773869', '767541'])).toThrow(
      'speed.csv:2: column 2 (sensor 767541): "abc" is not a speed in 0…200 mph',
    );
    expect(() => parseMetrLaSpeeds('773869,767541\n60\n', 'speed.csv', ['773869', '767541'])).toThrow(
      'speed.csv:2: expected 2 values, got 1',
    );
  });

  it('places the sensors at their coordinates in the scene', () => {
    const d = data();
    const scene = buildMetrLaScene(d, '2026-01-01T00:00:00Z');
    expect(scene.sensors.count).toBe(2);
    expect(scene.sensors.sourceId).toEqual(['sensor:metr-la:773869', 'sensor:metr-la:767541']);
    // Back to lon/lat through the scene origin (local frame): within 1e-6° (float32 metres).
    const { origin } = scene.meta;
    const mPerDegLat = (scene.sensors.xy[1]! - scene.sensors.xy[3]!) / (34.15497 - 34.11621);
    expect(origin.lat + scene.sensors.xy[1]! / mPerDegLat).toBeCloseTo(34.15497, 5);
    expect(scene.meta.bbox[0]).toBeCloseTo(-118.32829, 8);
  });
});
