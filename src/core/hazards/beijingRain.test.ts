import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  beijingHourToMs,
  daysFromCivil,
  formatRainError,
  parseBeijingRain,
  wettestEvent,
} from './beijingRain.ts';

const HEADER =
  '"year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"';
const row = (y: number, m: number, d: number, h: number, rain: string, st = 'Dongsi'): string =>
  `${y},${m},${d},${h},9,9,3,17,300,89,-0.5,1024.5,-21.4,${rain},"NNW",5.7,"${st}"`;

describe('Beijing time', () => {
  it('days from civil and UTC+8 hours', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    // 2016-07-20 01:00 Beijing = 2016-07-19 17:00 UTC = 1468947600000 ms
    expect(beijingHourToMs(2016, 7, 20, 1)).toBe(1468947600000);
  });
});

describe('parseBeijingRain', () => {
  it('keeps good rows, skips NA, reports bad rows with file, line, field and reason', () => {
    const text = [
      HEADER,
      row(2016, 7, 20, 0, '0'),
      row(2016, 7, 20, 0, '1', 'Tiantan'), // other station: ignored
      row(2016, 7, 20, 1, '1.5'),
      row(2016, 7, 20, 2, 'NA'),
      row(2016, 7, 20, 3, 'x1'), // line 6
      row(2016, 2, 30, 4, '0'), // line 7
      row(2016, 7, 20, 25, '0'), // line 8
      row(2016, 7, 20, 5, '-2'), // line 9
      row(2016, 7, 20, 1, '3'), // line 10: not after the previous row
      '2016,7,20,6,"Dongsi"', // line 11: too few fields
      row(2016, 7, 20, 7, '13.8'),
    ].join('\r\n');
    const r = parseBeijingRain(text, 'Dongsi', 'bj.csv');
    if (!r.ok) throw new Error(r.reason);
    const v = r.value;
    expect([...v.mmH]).toEqual([0, 1.5, Math.fround(13.8)]);
    expect(v.timesMs[2]! - v.timesMs[0]!).toBe(7 * 3_600_000);
    expect(v.missing).toBe(1);
    expect(v.errorCount).toBe(6);
    expect(v.errors.map(formatRainError)).toEqual([
      'bj.csv:6: RAIN: "x1" is not a number or NA',
      'bj.csv:7: day: 2016-2 has no day 30',
      'bj.csv:8: hour: "25" is not an integer in 0…23',
      'bj.csv:9: RAIN: -2 mm/h outside 0…305',
      'bj.csv:10: hour: 2016-7-20 1:00 is not after the previous row of Dongsi',
      'bj.csv:11: row: 5 fields, header has 17',
    ]);
  });
  it('fails with a reason on a bad header or an unknown station', () => {
    const a = parseBeijingRain('a,b\n1,2', 'Dongsi', 'x.csv');
    expect(a.ok || a.reason).toBe('x.csv:1: header lacks column(s) year, month, day, hour, RAIN, station');
    const b = parseBeijingRain([HEADER, row(2016, 1, 1, 0, '0')].join('\n'), 'Nowhere', 'x.csv');
    expect(b.ok || b.reason).toBe('x.csv: no rows of station "Nowhere"');
  });
});

describe('wettestEvent', () => {
  it('finds the wettest window by clock; gaps are dry; ties go to the earliest', () => {
    const h = 3_600_000;
    const timesMs = Float64Array.from([0, h, 2 * h, 5 * h, 6 * h]);
    const mmH = Float32Array.from([1, 2, 0, 4, 0.5]);
    // 3-hour windows: [0,3h) = 3, [h,4h) = 2, [2h,5h) = 0, [5h,8h) = 4.5
    expect(wettestEvent({ timesMs, mmH }, 3)).toEqual({ startMs: 5 * h, mmH: [4, 0.5, 0], totalMm: 4.5 });
    expect(wettestEvent({ timesMs, mmH: Float32Array.from([1, 0, 0, 1, 0]) }, 1).startMs).toBe(0);
  });
});

const FILE = path.resolve(
  import.meta.dirname,
  '../../..',
  '../shared/data/feeds/beijing_multisite_air_quality_2013-2017.csv',
);
const hasFile = existsSync(FILE);
if (!hasFile) console.warn(`skipping the real Beijing rain tests: ${FILE} is absent`);

describe.skipIf(!hasFile)(`real Beijing RAIN (${FILE})`, () => {
  it('Dongsi: 35,044 hours with RAIN, 20 NA, no bad rows; max 46.4 mm/h on 2016-09-11 03:00; the 2016-07-20 storm', () => {
    const r = parseBeijingRain(readFileSync(FILE, 'utf8'), 'Dongsi', path.basename(FILE));
    if (!r.ok) throw new Error(r.reason);
    const v = r.value;
    // Counted in the file: 35,064 Dongsi rows (2013-03-01 00:00 … 2017-02-28 23:00), 20 of them RAIN = NA.
    expect([v.mmH.length, v.missing, v.errorCount]).toEqual([35044, 20, 0]);
    expect(v.timesMs[0]).toBe(beijingHourToMs(2013, 3, 1, 0));
    let arg = 0;
    for (let i = 1; i < v.mmH.length; i++) if (v.mmH[i]! > v.mmH[arg]!) arg = i;
    // File line 136157: 2016,9,11,3,…,RAIN 46.4,"E",3.4,"Dongsi"
    expect(v.mmH[arg]).toBe(Math.fround(46.4));
    expect(v.timesMs[arg]).toBe(beijingHourToMs(2016, 9, 11, 3));
    // The day of 2016-07-20 (Beijing time, hours 0–23) totals 235.6 mm at Dongsi.
    const d0 = beijingHourToMs(2016, 7, 20, 0);
    let day = 0;
    for (let i = 0; i < v.mmH.length; i++)
      if (v.timesMs[i]! >= d0 && v.timesMs[i]! < d0 + 86_400_000) day += v.mmH[i]!;
    expect(day).toBeCloseTo(235.6, 4);
    // The wettest 24 h of the four years is that storm: from 01:00 on 2016-07-20, 236.4 mm.
    const ev = wettestEvent(v, 24);
    expect(ev.startMs).toBe(beijingHourToMs(2016, 7, 20, 1));
    expect(ev.totalMm).toBe(236.4);
    expect(ev.mmH.slice(0, 12)).toEqual([1.5, 0.4, 1.3, 2.8, 3.5, 3.6, 2.2, 5.3, 13.8, 23.7, 24.1, 20.3]);
    const ev6 = wettestEvent(v, 6);
    expect([ev6.startMs, ev6.totalMm]).toEqual([beijingHourToMs(2016, 7, 20, 9), 119.9]);
  });
});
