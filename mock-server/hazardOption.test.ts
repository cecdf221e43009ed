import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BEIJING_FILE,
  checkHazardSchedule,
  loadRainOption,
  parseHazardCli,
  parseHazardOption,
  parseHazardTime,
  parseRainOption,
  rainSpecOf,
  resolveHazardSchedule,
  UsageError,
} from './hazardOption.ts';
import type { CityModel } from '../src/core/scene/types.ts';

/** The error message of `f`, which must throw a UsageError. */
function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('--hazard', () => {
  it('parses the examples of the help text', () => {
    expect(
      parseHazardOption('rainstorm:P=50,dur=120,formula=beijing,lead=30@2026-03-02T08:00:00+08:00'),
    ).toEqual({
      spec: {
        kind: 'rainstorm',
        leadMin: 30,
        rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 50, durationMin: 120, peakRatio: 0.4 },
      },
      // 08:00 China Standard Time = 00:00 UTC.
      at: { kind: 'at', simMs: Date.UTC(2026, 2, 2, 0, 0) },
      option: '--hazard rainstorm:P=50,dur=120,formula=beijing,lead=30@2026-03-02T08:00:00+08:00',
    });
    expect(parseHazardOption('earthquake:M=6.5,x=0,y=0,depth=10@+30m')).toMatchObject({
      spec: { kind: 'earthquake', x: 0, y: 0, magnitude: 6.5, depthKm: 10 },
      at: { kind: 'afterStart', ms: 1_800_000 },
    });
    expect(parseHazardOption('heat:peak=39,rh=50,hours=48@+1h')).toMatchObject({
      spec: { kind: 'heat', leadMin: 0, durationH: 48, peakTempC: 39, humidityPct: 50 },
      at: { kind: 'afterStart', ms: 3_600_000 },
    });
    expect(parseHazardOption('fire:building=123')).toMatchObject({
      spec: { kind: 'fire', building: 123 },
      at: { kind: 'afterStart', ms: 0 },
    });
  });

  it('fills the defaults', () => {
    expect(parseHazardOption('earthquake:M=5').spec).toEqual({
      kind: 'earthquake',
      x: 0,
      y: 0,
      magnitude: 5,
      depthKm: 10,
    });
  });

  it.each([
    ['flood:P=5', '--hazard flood:P=5: kind "flood": expected one of rainstorm, earthquake, heat, fire'],
    ['rainstorm:dur=60', '--hazard rainstorm:dur=60: P (returnPeriodYears): required for rainstorm'],
    [
      'rainstorm:P=50,Q=2',
      '--hazard rainstorm:P=50,Q=2: unknown field "Q" for rainstorm (known: P, dur, formula, lead, peak)',
    ],
    ['rainstorm:P=abc', '--hazard rainstorm:P=abc: P (returnPeriodYears): "abc" is not a number'],
    ['rainstorm:P=50,P=10', '--hazard rainstorm:P=50,P=10: P: given twice'],
    [
      'rainstorm:P=50,formula=paris',
      '--hazard rainstorm:P=50,formula=paris: formula (formula): unknown storm formula "paris" (known: beijing, shanghai)',
    ],
    [
      'rainstorm:P=50,peak=1.2',
      '--hazard rainstorm:P=50,peak=1.2: peak (peakRatio): 1.2 is out of range [0, 1]',
    ],
    ['earthquake:M=11', '--hazard earthquake:M=11: M (magnitude): 11 is out of range [3, 9.5]'],
    ['heat:peak=39,rh=120', '--hazard heat:peak=39,rh=120: rh (humidityPct): 120 is out of range [0, 100]'],
    ['fire:building=1.5', '--hazard fire:building=1.5: building (building): expected an integer, got 1.5'],
    ['fire:building', '--hazard fire:building: building: expected building=<value>'],
    [
      'fire:building=3@tomorrow',
      '--hazard fire:building=3@tomorrow: time "tomorrow": expected an ISO date-time with offset (2026-03-02T08:00:00+08:00) or +<n>[s|m|h|d] after the start (+30m)',
    ],
  ])('refuses %s', (value, message) => {
    expect(usage(() => parseHazardOption(value))).toBe(message);
  });

  it('parses times', () => {
    expect(parseHazardTime('x', '+90s')).toEqual({ kind: 'afterStart', ms: 90_000 });
    expect(parseHazardTime('x', '+2')).toEqual({ kind: 'afterStart', ms: 120_000 });
    expect(parseHazardTime('x', '+1.5h')).toEqual({ kind: 'afterStart', ms: 5_400_000 });
    expect(parseHazardTime('x', '+1d')).toEqual({ kind: 'afterStart', ms: 86_400_000 });
    expect(parseHazardTime('x', '2026-03-02T08:00Z')).toEqual({ kind: 'at', simMs: Date.UTC(2026, 2, 2, 8) });
    // No offset: ambiguous (local time of the machine), refused.
    expect(usage(() => parseHazardTime('x', '2026-03-02T08:00:00'))).toMatch(
      /^x: time "2026-03-02T08:00:00"/,
    );
  });

  it('checks building indices and epicentres against the scene', () => {
    const scene = {
      buildings: { count: 10 },
      meta: { extentM: { minX: -100, minY: -100, maxX: 100, maxY: 100 } },
    } as unknown as CityModel;
    checkHazardSchedule([parseHazardOption('fire:building=9')], scene);
    expect(usage(() => checkHazardSchedule([parseHazardOption('fire:building=10@+5m')], scene))).toBe(
      '--hazard fire:building=10@+5m: building (building): 10 is out of range [0, 9]',
    );
    expect(usage(() => checkHazardSchedule([parseHazardOption('earthquake:M=6,x=500000')], scene))).toBe(
      '--hazard earthquake:M=6,x=500000: x (x): 500000 is out of range [-300100, 300100]',
    );
  });
});

describe('the --hazard/--rain command line (start.ts and main.ts)', () => {
  const scene = {
    buildings: { count: 10 },
    meta: { extentM: { minX: -100, minY: -100, maxX: 100, maxY: 100 } },
  } as unknown as CityModel;

  it('parses every value in order, none when absent', () => {
    expect(parseHazardCli(undefined, undefined)).toEqual({ schedule: [], rains: [] });
    const cli = parseHazardCli(['fire:building=3@+5m', 'earthquake:M=6.5'], ['beijing:Dongsi:2016-07-20']);
    expect(cli.schedule.map((h) => h.option)).toEqual([
      '--hazard fire:building=3@+5m',
      '--hazard earthquake:M=6.5',
    ]);
    expect(cli.schedule[0]!.at).toEqual({ kind: 'afterStart', ms: 300_000 });
    expect(cli.rains).toEqual([
      {
        station: 'Dongsi',
        date: '2016-07-20',
        at: { kind: 'afterStart', ms: 0 },
        option: '--rain beijing:Dongsi:2016-07-20',
      },
    ]);
  });

  it('throws the first bad value as a UsageError (exit code 2)', () => {
    expect(usage(() => parseHazardCli(['fire:building=3', 'flood:P=5'], undefined))).toBe(
      '--hazard flood:P=5: kind "flood": expected one of rainstorm, earthquake, heat, fire',
    );
    expect(usage(() => parseHazardCli(undefined, ['shanghai:Xujiahui']))).toBe(
      '--rain shanghai:Xujiahui: source "shanghai": expected beijing:<station>[:<YYYY-MM-DD>]',
    );
  });

  it('checks the schedule against the scene and names a missing rain file', async () => {
    const ok = await resolveHazardSchedule(
      parseHazardCli(['fire:building=9'], undefined),
      scene,
      '/nowhere',
      () => {},
    );
    expect(ok.map((h) => h.spec)).toEqual([{ kind: 'fire', building: 9 }]);
    await expect(
      resolveHazardSchedule(parseHazardCli(['fire:building=10'], undefined), scene, '/nowhere', () => {}),
    ).rejects.toThrow('--hazard fire:building=10: building (building): 10 is out of range [0, 9]');
    const missing = resolveHazardSchedule(
      parseHazardCli(undefined, ['beijing:Dongsi']),
      scene,
      '/nowhere',
      () => {},
    );
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toThrow(
      `--rain beijing:Dongsi: cannot read ${path.join('/nowhere', BEIJING_FILE)}`,
    );
  });
});

describe('--rain', () => {
  it('parses the forms', () => {
    expect(parseRainOption('beijing:Dongsi')).toEqual({
      station: 'Dongsi',
      date: null,
      at: { kind: 'afterStart', ms: 0 },
      option: '--rain beijing:Dongsi',
    });
    expect(parseRainOption('beijing:Dongsi:2016-07-20@+10m')).toMatchObject({
      date: '2016-07-20',
      at: { kind: 'afterStart', ms: 600_000 },
    });
  });

  it.each([
    ['shanghai:X', '--rain shanghai:X: source "shanghai": expected beijing:<station>[:<YYYY-MM-DD>]'],
    ['beijing:', '--rain beijing:: station "": expected a station name of the file, e.g. Dongsi'],
    [
      'beijing:Dongsi:2016-02-30',
      '--rain beijing:Dongsi:2016-02-30: date "2016-02-30": expected a calendar date YYYY-MM-DD',
    ],
  ])('refuses %s', (value, message) => {
    expect(usage(() => parseRainOption(value))).toBe(message);
  });

  it('cuts the Beijing day and trims dry hours (hand-made series)', () => {
    // 2016-07-20 00:00 Beijing = 2016-07-19 16:00 UTC; rain at 02:00 (1.5), 03:00 (0), 04:00 (12.3) Beijing time.
    const day0 = Date.UTC(2016, 6, 19, 16);
    const hours = [0, 1, 2, 3, 4, 5];
    const s = {
      station: 'Dongsi',
      timesMs: new Float64Array(hours.map((h) => day0 + h * 3_600_000)),
      mmH: new Float32Array([0, 0, 1.5, 0, 12.3, 0]),
    };
    expect(rainSpecOf(parseRainOption('beijing:Dongsi:2016-07-20'), s)).toEqual({
      kind: 'rainstorm',
      leadMin: 0,
      rain: {
        kind: 'series',
        label: 'Beijing Dongsi 2016-07-20 02:00 +3 h (UCI, RAIN)',
        stepMin: 60,
        mmH: [1.5, 0, 12.3],
      },
    });
    expect(usage(() => rainSpecOf(parseRainOption('beijing:Dongsi:2016-07-21'), s))).toBe(
      '--rain beijing:Dongsi:2016-07-21: no rain recorded at Dongsi on 2016-07-21 (RAIN is 0 or missing)',
    );
  });

  const dataDir = path.resolve(__dirname, '..', '..', 'shared', 'data', 'feeds');
  const file = path.join(dataDir, BEIJING_FILE);
  if (!existsSync(file))
    console.warn(`hazardOption.test: ${file} is missing; the real-data --rain test is skipped`);
  describe.skipIf(!existsSync(file))('on the real file', () => {
    it('replays the wettest 24 hours of Dongsi', async () => {
      const h = await loadRainOption(parseRainOption('beijing:Dongsi'), dataDir, () => {});
      expect(h.spec.kind).toBe('rainstorm');
      if (h.spec.kind !== 'rainstorm' || h.spec.rain.kind !== 'series') throw new Error('not a series');
      expect(h.spec.rain.stepMin).toBe(60);
      expect(h.spec.rain.mmH.length).toBeGreaterThan(0);
      expect(h.spec.rain.mmH.length).toBeLessThanOrEqual(24);
      expect(h.spec.rain.mmH[0]).toBeGreaterThan(0);
      expect(h.spec.rain.label).toMatch(/^Beijing Dongsi \d{4}-\d\d-\d\d \d\d:00 \+\d+ h \(UCI, RAIN\)$/);
    }, 30_000);
    it('names an unknown station', async () => {
      await expect(loadRainOption(parseRainOption('beijing:Atlantis'), dataDir, () => {})).rejects.toThrow(
        `--rain beijing:Atlantis: ${BEIJING_FILE}: no rows of station "Atlantis"`,
      );
    }, 30_000);
  });
});
