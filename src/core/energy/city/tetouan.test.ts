import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGridModel, designPeakMw } from './gridModel.ts';
import {
  TETOUAN_STEP_MS,
  daysFromCivil,
  feederDesignPeakMw,
  parseTetouanCsv,
  scaleZonesToFeeders,
  tetouanRowAt,
  tetouanZoneKw,
  yearFromDays,
} from './tetouan.ts';
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../../citygen/generateCity.ts';
import { importGeoJson } from '../../scene/importer.ts';

const HEADER =
  'DateTime,Temperature,Humidity,Wind Speed,Zone 1 Power Consumption,Zone 2 Power Consumption,Zone 3 Power Consumption';
const SMALL = [
  HEADER,
  '1/1/17 0:00,6.559,73.8,0.083,34055.6962,16128.87538,20240.96386',
  '1/1/17 0:10,6.414,74.5,0.083,29814.68354,19375.07599,20131.08434',
  '1/1/17 0:20,6.313,74.5,0.08,40000,19006.68693,19668.43373',
].join('\r\n');

// 2017-01-01T00:00Z = 17,167 days after 1970-01-01 (hand: 47 years × 365 + 12 leap days (1972…2016) = 17,167).
const JAN1_2017_MS = 17_167 * 86_400_000;

describe('parseTetouanCsv', () => {
  it('parses a small file exactly', () => {
    const s = parseTetouanCsv(SMALL, 'small.csv');
    expect(s.rowCount).toBe(3);
    expect(Array.from(s.timeMs)).toEqual([JAN1_2017_MS, JAN1_2017_MS + 600_000, JAN1_2017_MS + 1_200_000]);
    expect(s.temperatureC[0]).toBe(Math.fround(6.559));
    expect(s.humidityPct[1]).toBe(Math.fround(74.5));
    expect(s.windMS[2]).toBe(Math.fround(0.08));
    expect(s.zone1Kw[0]).toBe(Math.fround(34055.6962));
    expect(s.zone2Kw[1]).toBe(Math.fround(19375.07599));
    expect(s.zone3Kw[2]).toBe(Math.fround(19668.43373));
    expect(s.zonePeakKw).toEqual([40000, 19375.07599, 20240.96386]);
  });

  it('finds columns by name and accepts the diffuse-flow columns', () => {
    const text = [
      'Zone 3 Power Consumption,DateTime,Temperature,general diffuse flows,diffuse flows,Zone 1 Power Consumption,Zone 2 Power Consumption',
      '3,12/31/2017 23:50,20,0.05,0.1,1,2',
    ].join('\n');
    const s = parseTetouanCsv(text, 'x.csv');
    expect([s.zone1Kw[0], s.zone2Kw[0], s.zone3Kw[0]]).toEqual([1, 2, 3]);
    expect(s.humidityPct[0]).toBeNaN();
    expect(s.timeMs[0]).toBe(JAN1_2017_MS + 364 * 86_400_000 + (23 * 60 + 50) * 60_000);
  });

  it('names file, line and field on bad input', () => {
    const bad = (row: string): string => `${HEADER}\n1/1/17 0:00,1,2,3,4,5,6\n${row}`;
    expect(() => parseTetouanCsv(bad('1/1/17 0:10,1,2,3,x4,5,6'), 'f.csv')).toThrow(
      'f.csv:3: field "Zone 1 Power Consumption": bad number "x4"',
    );
    expect(() => parseTetouanCsv(bad('2/30/17 0:10,1,2,3,4,5,6'), 'f.csv')).toThrow(
      'f.csv:3: field "DateTime": bad date "2/30/17 0:10"',
    );
    expect(() => parseTetouanCsv(bad('2017-01-01 00:10,1,2,3,4,5,6'), 'f.csv')).toThrow(
      'f.csv:3: field "DateTime": bad date',
    );
    expect(() => parseTetouanCsv(bad('1/1/17 0:10,1,2,3,4,5'), 'f.csv')).toThrow(
      'f.csv:3: 6 columns, expected 7',
    );
    expect(() => parseTetouanCsv(bad('1/1/17 0:00,1,2,3,4,5,6'), 'f.csv')).toThrow(
      'f.csv:3: field "DateTime": "1/1/17 0:00" is not after the previous row\'s time',
    );
    expect(() => parseTetouanCsv('DateTime,Temperature\n1/1/17 0:00,1', 'f.csv')).toThrow(
      'f.csv:1: missing column "Zone 1 Power Consumption"',
    );
    expect(() => parseTetouanCsv(HEADER, 'f.csv')).toThrow('f.csv: no data rows');
  });
});

describe('calendar and replay', () => {
  it('converts civil dates (Hinnant)', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2017, 1, 1)).toBe(17_167);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
    expect(yearFromDays(17_166)).toBe(2016);
    expect(yearFromDays(17_167)).toBe(2017);
    expect(yearFromDays(daysFromCivil(2026, 12, 31))).toBe(2026);
  });

  it('maps a sim time to the same local time of year, looping', () => {
    const s = parseTetouanCsv(SMALL, 'small.csv');
    // 2026-01-01 00:15 in Beijing (UTC+8) = 2025-12-31T16:15Z → row 1 (00:10–00:20).
    const t = daysFromCivil(2026, 1, 1) * 86_400_000 + 15 * 60_000 - 8 * 3_600_000;
    expect(tetouanRowAt(s, t, 480)).toBe(1);
    expect(tetouanRowAt(s, t + TETOUAN_STEP_MS, 480)).toBe(2);
    expect(tetouanRowAt(s, t + 2 * TETOUAN_STEP_MS, 480)).toBe(0); // 3 rows: wraps
    expect(tetouanZoneKw(s, 0, 2)).toBe(40000);
  });

  it('scales zones onto feeders by design peak / zone peak', () => {
    const city = generateCity({ seed: 1, buildings: 500 });
    const texts = cityGeoJsonTexts(city);
    const r = importGeoJson(
      GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
      { name: 'gen', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
    );
    if (!r.ok) throw new Error('generated city failed to import');
    const model = buildGridModel(r.model);
    expect(model.feederCount).toBeGreaterThanOrEqual(3);
    const s = parseTetouanCsv(SMALL, 'small.csv');
    const map = scaleZonesToFeeders(s, model, [0, 1, 2]);
    // Zone peaks of SMALL: 40,000, 19,375.07599, 20,240.96386 kW.
    expect(map.mwPerKw[0]).toBe(feederDesignPeakMw(model, 0) / 40000);
    expect(map.mwPerKw[1]).toBe(feederDesignPeakMw(model, 1) / 19375.07599);
    expect(map.mwPerKw[2]).toBe(feederDesignPeakMw(model, 2) / 20240.96386);
    let total = 0;
    for (let f = 0; f < model.feederCount; f++) total += feederDesignPeakMw(model, f);
    expect(total).toBeCloseTo(designPeakMw(model), 9);
    expect(() => scaleZonesToFeeders(s, model, [0, 0, 1])).toThrow('three different feeders');
    expect(() => scaleZonesToFeeders(s, model, [0, 1, model.feederCount])).toThrow('out of range');
  });
});

const FILE = path.resolve(
  import.meta.dirname,
  '../../../..',
  '../shared/data/feeds/tetouan_city_power_consumption_2017_10min.csv',
);
const hasFile = existsSync(FILE);
if (!hasFile) console.warn(`Tétouan real-file test skipped: ${FILE} not found`);

describe.skipIf(!hasFile)(`real Tétouan feed ${FILE}`, () => {
  it('has 52,416 regular rows, the first row and the annual peaks as in the file', () => {
    const s = parseTetouanCsv(readFileSync(FILE, 'utf8'), path.basename(FILE));
    expect(s.rowCount).toBe(52_416);
    // First row: 1/1/17 0:00,6.559,73.8,0.083,34055.6962,16128.87538,20240.96386
    expect(s.timeMs[0]).toBe(JAN1_2017_MS);
    expect(s.temperatureC[0]).toBe(Math.fround(6.559));
    expect(s.humidityPct[0]).toBe(Math.fround(73.8));
    expect(s.windMS[0]).toBe(Math.fround(0.083));
    expect(s.zone1Kw[0]).toBe(Math.fround(34055.6962));
    expect(s.zone2Kw[0]).toBe(Math.fround(16128.87538));
    expect(s.zone3Kw[0]).toBe(Math.fround(20240.96386));
    // Peaks (awk over the file): zone 1 at 8/7/17 20:20, zones 2 and 3 on 7/24/17 at 19:40 and 20:10.
    expect(s.zonePeakKw).toEqual([52204.39512, 37408.86076, 47598.32636]);
    // 2026-07-15 02:00 in Beijing (UTC+8) replays the row dated 7/15/17 2:00: 1/1/17 0:00 + 195 days + 2 h.
    const t = daysFromCivil(2026, 7, 15) * 86_400_000 + 2 * 3_600_000 - 8 * 3_600_000;
    const row = tetouanRowAt(s, t, 480);
    expect(row).toBe(195 * 144 + 12);
    // That line of the file: 7/15/17 2:00,24.91,85.3,4.913,26643.98671,20920.25316,26118.82845
    expect(s.zone1Kw[row]).toBe(Math.fround(26643.98671));
    expect(s.zone3Kw[row]).toBe(Math.fround(26118.82845));
    expect(s.timeMs[row]).toBe(JAN1_2017_MS + 195 * 86_400_000 + 2 * 3_600_000);
    for (let r = 1; r < s.rowCount; r++)
      if (s.timeMs[r]! - s.timeMs[r - 1]! !== TETOUAN_STEP_MS) throw new Error(`gap at ${r}`);
  });
});
