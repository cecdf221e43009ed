/**
 * The measured rainfall of the UCI "Beijing Multi-Site Air Quality" data set (Zhang et al. 2017, Proc. R. Soc. A
 * 473:20170457; CC BY 4.0): hourly `RAIN` (mm in the hour) at 12 stations, 2013-03-01 … 2017-02-28, Beijing time.
 * It replays as a live rain-gauge feed (a RainSource of kind 'series', 60-minute steps).
 *
 * CSV columns (header row, quoted names): year, month, day, hour, PM2.5, …, RAIN, wd, WSPM, station; `NA` = missing.
 * Rows are read by the header's column names, not positions. A missing RAIN (`NA`) is skipped and counted; a row that
 * cannot be read becomes a precise error (file, line, field, reason) and every good row is kept.
 */
import type { Parsed } from '../protocol/messages.ts';

/** Beijing time is UTC+8 all year (no daylight saving since 1991), minutes. */
export const BEIJING_UTC_OFFSET_MIN = 480;
/** Errors kept in detail (the rest are only counted). */
export const MAX_RAIN_ERRORS = 100;
/** Hourly rain above this is rejected as impossible: the world record hour is 305 mm (WMO, Holt, Missouri 1947). */
export const MAX_RAIN_MM_H = 305;

/** One row that could not be read. */
export interface RainRowError {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

/** An hourly rain series of one station. */
export interface RainSeries {
  /** Start of each hour, epoch ms (UTC), ascending. */
  readonly timesMs: Float64Array;
  /** Rain in that hour, mm/h. */
  readonly mmH: Float32Array;
  readonly station: string;
  /** Rows of the station with RAIN = NA (skipped). */
  readonly missing: number;
  /** Rows that could not be read (first MAX_RAIN_ERRORS in detail) and how many in all. */
  readonly errors: readonly RainRowError[];
  readonly errorCount: number;
}

/** "file:line: field: reason". */
export function formatRainError(e: RainRowError): string {
  return `${e.file}:${e.line}: ${e.field}: ${e.reason}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of a Beijing-time (UTC+8) wall clock hour. */
export function beijingHourToMs(y: number, m: number, d: number, h: number): number {
  return (daysFromCivil(y, m, d) * 24 + h) * 3_600_000 - BEIJING_UTC_OFFSET_MIN * 60_000;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const unquote = (s: string): string => {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
};

/**
 * Parses the RAIN column of one station from the Beijing multi-site CSV text. Fails (ok: false) only when the file
 * has no usable header or no row of that station; bad rows become `errors` and are skipped.
 */
export function parseBeijingRain(csvText: string, station: string, fileName: string): Parsed<RainSeries> {
  let pos = 0;
  const nextLine = (): string | null => {
    if (pos >= csvText.length) return null;
    let end = csvText.indexOf('\n', pos);
    if (end < 0) end = csvText.length;
    let line = csvText.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = end + 1;
    return line;
  };
  const header = nextLine();
  if (header === null) return { ok: false, reason: `${fileName}:1: empty file` };
  const names = header.split(',').map(unquote);
  const col = (n: string): number => names.indexOf(n);
  const need = ['year', 'month', 'day', 'hour', 'RAIN', 'station'] as const;
  const missingCols = need.filter((n) => col(n) < 0);
  if (missingCols.length > 0)
    return { ok: false, reason: `${fileName}:1: header lacks column(s) ${missingCols.join(', ')}` };
  const [cy, cm, cd, ch, cr, cs] = need.map(col) as [number, number, number, number, number, number];
  const quoted = `"${station}"`;

  const times: number[] = [];
  const rain: number[] = [];
  const errors: RainRowError[] = [];
  let errorCount = 0;
  let missing = 0;
  let seen = 0;
  const fail = (line: number, field: string, reason: string): void => {
    errorCount++;
    if (errors.length < MAX_RAIN_ERRORS) errors.push({ file: fileName, line, field, reason });
  };
  let lineNo = 1;
  for (let line = nextLine(); line !== null; line = nextLine()) {
    lineNo++;
    // Cheap pre-filter: only rows that mention the station are split.
    if (!line.includes(station)) continue;
    const f = line.split(',');
    if (f.length !== names.length) {
      if (f.some((v) => unquote(v) === station))
        fail(lineNo, 'row', `${f.length} fields, header has ${names.length}`);
      continue;
    }
    if (unquote(f[cs]!) !== station && f[cs] !== quoted) continue;
    seen++;
    const ints: number[] = [];
    let bad = false;
    for (const [c, name, lo, hi] of [
      [cy, 'year', 1900, 2100],
      [cm, 'month', 1, 12],
      [cd, 'day', 1, 31],
      [ch, 'hour', 0, 23],
    ] as const) {
      const s = unquote(f[c]!);
      const v = Number(s);
      if (s === '' || !Number.isInteger(v) || v < lo || v > hi) {
        fail(lineNo, name, `"${s}" is not an integer in ${lo}…${hi}`);
        bad = true;
        break;
      }
      ints.push(v);
    }
    if (bad) continue;
    const [y, mo, d, h] = ints as [number, number, number, number];
    if (d > daysInMonth(y, mo)) {
      fail(lineNo, 'day', `${y}-${mo} has no day ${d}`);
      continue;
    }
    const rs = unquote(f[cr]!);
    if (rs === 'NA') {
      missing++;
      continue;
    }
    const r = Number(rs);
    if (rs === '' || !Number.isFinite(r)) {
      fail(lineNo, 'RAIN', `"${rs}" is not a number or NA`);
      continue;
    }
    if (r < 0 || r > MAX_RAIN_MM_H) {
      fail(lineNo, 'RAIN', `${r} mm/h outside 0…${MAX_RAIN_MM_H}`);
      continue;
    }
    const t = beijingHourToMs(y, mo, d, h);
    const last = times.length > 0 ? times[times.length - 1]! : -Infinity;
    if (t <= last) {
      fail(lineNo, 'hour', `${y}-${mo}-${d} ${h}:00 is not after the previous row of ${station}`);
      continue;
    }
    times.push(t);
    rain.push(r);
  }
  if (seen === 0 && errorCount === 0)
    return { ok: false, reason: `${fileName}: no rows of station "${station}"` };
  return {
    ok: true,
    value: {
      timesMs: Float64Array.from(times),
      mmH: Float32Array.from(rain),
      station,
      missing,
      errors,
      errorCount,
    },
  };
}

/**
 * The wettest window of `hours` consecutive hours (by clock, gaps count as dry): its start (epoch ms, the start of a
 * recorded hour), the hourly rain of the window (missing hours = 0, length `hours`) and its total, mm. Ties → earliest.
 */
export function wettestEvent(
  series: { readonly timesMs: Float64Array; readonly mmH: Float32Array },
  hours: number,
): { startMs: number; mmH: number[]; totalMm: number } {
  const n = series.timesMs.length;
  const spanMs = hours * 3_600_000;
  let best = -1;
  let bestSum = -1;
  let sum = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const t0 = series.timesMs[i]!;
    while (j < n && series.timesMs[j]! < t0 + spanMs) sum += series.mmH[j++]!;
    // Compare in tenths of a mm (the data's resolution) so float round-off cannot reorder equal windows.
    if (Math.round(sum * 10) > Math.round(bestSum * 10)) {
      bestSum = sum;
      best = i;
    }
    sum -= series.mmH[i]!;
  }
  const mmH = new Array<number>(Math.max(0, hours)).fill(0);
  if (best < 0) return { startMs: Number.NaN, mmH, totalMm: 0 };
  const startMs = series.timesMs[best]!;
  let total = 0;
  for (let k = best; k < n && series.timesMs[k]! < startMs + spanMs; k++) {
    const v = Math.round(series.mmH[k]! * 10) / 10; // Float32 → the CSV's one decimal
    mmH[Math.round((series.timesMs[k]! - startMs) / 3_600_000)] = v;
    total += v;
  }
  return { startMs, mmH, totalMm: Math.round(total * 10) / 10 };
}
