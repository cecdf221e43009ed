/** The NYC 311 parser on hand-made text, and on the real sample in ../shared/data/feeds (skipped when absent). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURLY_PROFILES } from './arrivals.ts';
import {
  closureStatsByCategory,
  createdHourHistogram,
  parseNyc311,
  parseNycTime,
  splitCsv,
} from './nyc311.ts';

const HEAD = 'Unique Key,Created Date,Closed Date,Agency,Complaint Type,Due Date,Latitude,Longitude';

describe('parseNyc311 (hand-made)', () => {
  it('splits RFC 4180 CSV with quotes, escaped quotes, newlines in quotes and CRLF', () => {
    expect(splitCsv('a,"b,c","d ""e"""\r\n"x\ny",2\n')).toEqual([
      { fields: ['a', 'b,c', 'd "e"'], line: 1 },
      { fields: ['x\ny', '2'], line: 2 },
    ]);
  });
  it('parses times without Date: 12 AM is 00 h, 12 PM is 12 h', () => {
    expect(parseNycTime('01/01/1970 12:00:00 AM')).toBe(0);
    expect(parseNycTime('01/02/1970 12:30:00 PM')).toBe(86_400_000 + 12.5 * 3_600_000);
    // 2018-06-26 10:58:54 (days since epoch: 17708)
    expect(parseNycTime('06/26/2018 10:58:54 AM')).toBe(
      17708 * 86_400_000 + (10 * 3600 + 58 * 60 + 54) * 1000,
    );
    expect(parseNycTime('')).toBeNaN();
    expect(parseNycTime('2018-06-26')).toBeNull();
    expect(parseNycTime('13/01/2018 10:00:00 AM')).toBeNull();
  });
  it('maps complaint types, computes closure and due-date stats, names file:line: field on errors', () => {
    const text = [
      HEAD,
      '1,06/26/2018 10:00:00 AM,06/26/2018 12:00:00 PM,NYPD,Illegal Parking,06/26/2018 06:00:00 PM,40.7,-73.9',
      '2,06/26/2018 10:00:00 AM,06/27/2018 02:00:00 PM,NYPD,Blocked Driveway,06/26/2018 06:00:00 PM,,',
      '3,06/26/2018 10:00:00 AM,06/26/2018 04:00:00 PM,NYPD,Illegal Parking,06/26/2018 06:00:00 PM,40.7,-73.9',
      '4,bad date,,DOT,Street Condition,,,',
      '5,06/26/2018 10:00:00 AM,,DOF,Taxpayer Advocate Inquiry,,,',
      '6,06/26/2018 10:00:00 AM,,DOT',
      '7,06/26/2018 10:00:00 AM,,DOT,Street Condition,,north,-73',
    ].join('\n');
    const p = parseNyc311(text, 'sample.csv');
    expect(p.errors).toEqual([
      'sample.csv:5: Created Date: "bad date" is not MM/DD/YYYY hh:mm:ss AM/PM',
      'sample.csv:7: 4 fields, the header has 8',
      'sample.csv:8: Latitude/Longitude: "north", "-73" are not numbers',
    ]);
    expect(p.records.map((r) => r.category)).toEqual([
      'illegalParking',
      'illegalParking',
      'illegalParking',
      null,
    ]);
    // Closures 2 h, 28 h, 6 h → mean 12, median 6, p90 (rank 3) 28; on time (due 8 h): 2 of 3.
    expect(closureStatsByCategory(p.records)).toEqual([
      {
        category: 'illegalParking',
        closed: 3,
        meanH: 12,
        medianH: 6,
        p90H: 28,
        onTimeRate: 2 / 3,
        medianDueH: 8,
      },
    ]);
    expect(parseNyc311('Foo,Bar\n1,2', 'x.csv').errors).toEqual([
      'x.csv:1: header lacks column(s) "Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type", "Due Date"',
    ]);
    expect(parseNyc311('', 'e.csv').errors).toEqual(['e.csv:1: the file is empty']);
  });
});

const FILE = path.resolve(
  import.meta.dirname,
  '../../..',
  '../shared/data/feeds/nyc_311_service_requests_sample.csv',
);
const hasData = existsSync(FILE);
if (!hasData) console.warn(`nyc311.test.ts: real-data tests skipped, ${FILE} is absent`);

describe.skipIf(!hasData)(`real NYC 311 sample (${FILE})`, () => {
  it('parses all 1,000 requests (986 closed), maps 90 %+ to the taxonomy, derives closure durations', () => {
    const p = parseNyc311(readFileSync(FILE, 'utf8'), path.basename(FILE));
    expect(p.errors).toEqual([]);
    expect(p.records).toHaveLength(1000);
    expect(p.records.filter((r) => !Number.isNaN(r.closedMs))).toHaveLength(986);
    expect(p.records.filter((r) => r.category !== null).length).toBeGreaterThan(900);
    const stats = new Map(closureStatsByCategory(p.records).map((s) => [s.category, s]));
    // NYPD quality-of-life requests: due in 8 h, closed in a median ~2.3 h, > 90 % on time.
    const parking = stats.get('illegalParking');
    expect(parking?.medianDueH).toBe(8);
    expect(parking?.medianH).toBeGreaterThan(2);
    expect(parking?.medianH).toBeLessThan(3);
    expect(parking?.onTimeRate).toBeGreaterThan(0.9);
    expect(stats.get('noise')?.medianDueH).toBe(8);
  });
  it('the daytime profile of arrivals.ts is the smoothed created-hour histogram of the sample', () => {
    const p = parseNyc311(readFileSync(FILE, 'utf8'), path.basename(FILE));
    const h = createdHourHistogram(p.records);
    const n = h.reduce((s, v) => s + v, 0);
    expect(n).toBe(994);
    const sm = h.map((_, i) => ((h[(i + 23) % 24] ?? 0) + (h[i] ?? 0) + (h[(i + 1) % 24] ?? 0)) / 3);
    const mean = sm.reduce((s, v) => s + v, 0) / 24;
    sm.forEach((v, i) => expect(Math.abs(v / mean - (HOURLY_PROFILES.daytime[i] ?? 0))).toBeLessThan(0.006));
  });
});
