/**
 * The Tétouan (Morocco) 2017 zone-load feed: 10-minute power consumption of the city's three distribution zones
 * (Amendis operator) with the weather, from the UCI "Power consumption of Tetouan city" data set (Salam & El Hibaoui
 * 2018, "Comparison of machine learning algorithms for the power consumption prediction: case study of Tetouan city",
 * IRSEC 2018). Pure: parses the file TEXT; maps a simulation time to a row; scales the zones onto three feeders.
 *
 * Time zone: the DateTime column is Moroccan wall-clock time. In 2017 Morocco was on UTC+0 with summer time UTC+1
 * (26 Mar – 29 Oct) suspended for Ramadan (21 May – 25 Jun). A clock that followed those changes would leave 1-hour
 * gaps and duplicates in the file; the file has none (52,416 rows exactly 10 min apart = 364 days), so the recorder
 * kept one fixed clock, taken here as Morocco standard time UTC+0 (TETOUAN_UTC_OFFSET_MIN).
 */
import type { CityGridModel } from './gridModel.ts';
import { LOAD_CLASS_COUNT } from './loads.ts';

/** UTC offset assumed for the file's DateTime column, minutes (Morocco standard time, see the file comment). */
export const TETOUAN_UTC_OFFSET_MIN = 0;
/** Sampling interval of the feed, ms. */
export const TETOUAN_STEP_MS = 600_000;

const DAY_MS = 86_400_000;

/** The parsed feed (struct of typed arrays, one entry per row). */
export interface TetouanSeries {
  readonly fileName: string;
  readonly rowCount: number;
  /** Row time, ms since the Unix epoch (UTC; wall clock − TETOUAN_UTC_OFFSET_MIN). */
  readonly timeMs: Float64Array;
  readonly temperatureC: Float32Array;
  /** Relative humidity, %; NaN when the file has no Humidity column. */
  readonly humidityPct: Float32Array;
  /** Wind speed as in the file (m/s per the data set description); NaN when absent. */
  readonly windMS: Float32Array;
  readonly zone1Kw: Float32Array;
  readonly zone2Kw: Float32Array;
  readonly zone3Kw: Float32Array;
  /** Annual peak of each zone, kW. */
  readonly zonePeakKw: readonly [number, number, number];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Gregorian year of a day count since 1970-01-01 (Hinnant's civil_from_days, year part). */
export function yearFromDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const COLUMNS = {
  time: 'DateTime',
  temperature: 'Temperature',
  humidity: 'Humidity',
  wind: 'Wind Speed',
  zone1: 'Zone 1 Power Consumption',
  zone2: 'Zone 2 Power Consumption',
  zone3: 'Zone 3 Power Consumption',
} as const;

/**
 * Parses the Tétouan CSV text. Columns are found by header name (DateTime, Temperature, Zone 1/2/3 Power Consumption
 * required; Humidity, Wind Speed and the diffuse-flow columns optional). Throws an Error naming the file, line and
 * field for a bad number, a bad date, a wrong column count, or a time not after the previous row's.
 */
export function parseTetouanCsv(text: string, fileName: string): TetouanSeries {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  const col = (name: string, required: boolean): number => {
    const i = header.indexOf(name);
    if (i < 0 && required)
      throw new Error(`${fileName}:1: missing column "${name}" (header: ${header.join(',')})`);
    return i;
  };
  const cTime = col(COLUMNS.time, true);
  const cTemp = col(COLUMNS.temperature, true);
  const cHum = col(COLUMNS.humidity, false);
  const cWind = col(COLUMNS.wind, false);
  const cZ1 = col(COLUMNS.zone1, true);
  const cZ2 = col(COLUMNS.zone2, true);
  const cZ3 = col(COLUMNS.zone3, true);
  const n = lines.length - 1;
  if (n <= 0) throw new Error(`${fileName}: no data rows`);
  const timeMs = new Float64Array(n);
  const temperatureC = new Float32Array(n);
  const humidityPct = new Float32Array(n).fill(Number.NaN);
  const windMS = new Float32Array(n).fill(Number.NaN);
  const zone1Kw = new Float32Array(n);
  const zone2Kw = new Float32Array(n);
  const zone3Kw = new Float32Array(n);
  const peak: [number, number, number] = [0, 0, 0];
  const offsetMs = TETOUAN_UTC_OFFSET_MIN * 60_000;
  for (let r = 0; r < n; r++) {
    const lineNo = r + 2;
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== header.length)
      throw new Error(`${fileName}:${lineNo}: ${cells.length} columns, expected ${header.length}`);
    const num = (c: number): number => {
      const s = cells[c]!.trim();
      if (!NUMBER_RE.test(s))
        throw new Error(`${fileName}:${lineNo}: field "${header[c]}": bad number "${s}"`);
      return Number(s);
    };
    const ds = cells[cTime]!.trim();
    const dm = DATE_RE.exec(ds);
    if (!dm)
      throw new Error(
        `${fileName}:${lineNo}: field "${COLUMNS.time}": bad date "${ds}" (expected M/D/YY H:MM)`,
      );
    const mo = Number(dm[1]);
    const d = Number(dm[2]);
    const yy = Number(dm[3]);
    const year = dm[3]!.length === 2 ? 2000 + yy : yy;
    const hh = Number(dm[4]);
    const mi = Number(dm[5]);
    const ss = dm[6] === undefined ? 0 : Number(dm[6]);
    const days = daysFromCivil(year, mo, d);
    if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mi > 59 || ss > 59)
      throw new Error(`${fileName}:${lineNo}: field "${COLUMNS.time}": bad date "${ds}"`);
    // A day past the month's end rolls into the next month in daysFromCivil: reject it.
    const nextMonth = mo === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, mo + 1, 1);
    if (days >= nextMonth)
      throw new Error(`${fileName}:${lineNo}: field "${COLUMNS.time}": bad date "${ds}"`);
    const t = days * DAY_MS + ((hh * 60 + mi) * 60 + ss) * 1000 - offsetMs;
    if (r > 0 && !(t > timeMs[r - 1]!))
      throw new Error(
        `${fileName}:${lineNo}: field "${COLUMNS.time}": "${ds}" is not after the previous row's time`,
      );
    timeMs[r] = t;
    temperatureC[r] = num(cTemp);
    if (cHum >= 0) humidityPct[r] = num(cHum);
    if (cWind >= 0) windMS[r] = num(cWind);
    const z1 = num(cZ1);
    const z2 = num(cZ2);
    const z3 = num(cZ3);
    zone1Kw[r] = z1;
    zone2Kw[r] = z2;
    zone3Kw[r] = z3;
    if (z1 > peak[0]) peak[0] = z1;
    if (z2 > peak[1]) peak[1] = z2;
    if (z3 > peak[2]) peak[2] = z3;
  }
  return {
    fileName,
    rowCount: n,
    timeMs,
    temperatureC,
    humidityPct,
    windMS,
    zone1Kw,
    zone2Kw,
    zone3Kw,
    zonePeakKw: peak,
  };
}

/**
 * The row to replay at `simTimeMs`: the same local time of year. The simulation's local time (its city's UTC offset)
 * is reduced to the time since 1 January 00:00 of its own year, and the row at that offset from the file's first row
 * is taken (10-minute rows, floor). The file covers 364 days, so 31 December (and 30 December of a leap year) wraps
 * to the first rows: the replay loops over the year. Weekdays are not aligned (2017-01-01 was a Sunday).
 */
export function tetouanRowAt(series: TetouanSeries, simTimeMs: number, cityUtcOffsetMin: number): number {
  const localMs = simTimeMs + cityUtcOffsetMin * 60_000;
  const day = Math.floor(localMs / DAY_MS);
  const yearStartMs = daysFromCivil(yearFromDays(day), 1, 1) * DAY_MS;
  const fileStartLocalMs = series.timeMs[0]! + TETOUAN_UTC_OFFSET_MIN * 60_000;
  const fileYearStartMs = daysFromCivil(yearFromDays(Math.floor(fileStartLocalMs / DAY_MS)), 1, 1) * DAY_MS;
  const intoYear = localMs - yearStartMs - (fileStartLocalMs - fileYearStartMs);
  const n = series.rowCount;
  const row = Math.floor(intoYear / TETOUAN_STEP_MS);
  return ((row % n) + n) % n;
}

/** Three feeders and the factor (MW per kW of the zone) that maps each zone onto its feeder. */
export interface TetouanFeederMap {
  readonly feeders: readonly [number, number, number];
  readonly mwPerKw: readonly [number, number, number];
}

/** Design peak of one feeder: the sum of its buses' coincident class peaks, MW (as gridModel's designPeakMw). */
export function feederDesignPeakMw(model: CityGridModel, feeder: number): number {
  let s = 0;
  for (let i = 0; i < model.busCount; i++) {
    if (model.busFeeder[i] !== feeder) continue;
    for (let c = 0; c < LOAD_CLASS_COUNT; c++) s += model.busPeakMw[i * LOAD_CLASS_COUNT + c]!;
  }
  return s;
}

/**
 * Scales zone k onto feeders[k] so that the zone's annual peak becomes the feeder's design peak:
 * mwPerKw = feederDesignPeakMw / zonePeakKw. The replay thus keeps the Tétouan shape (daily, weekly, seasonal) at
 * the feeder's own size, and its annual maximum equals the load the feeder was designed for.
 */
export function scaleZonesToFeeders(
  series: TetouanSeries,
  model: CityGridModel,
  feeders: readonly [number, number, number],
): TetouanFeederMap {
  const f = new Set(feeders);
  if (f.size !== 3)
    throw new Error(`Tétouan replay: three different feeders expected, got ${feeders.join(', ')}`);
  const mw: number[] = [];
  for (let k = 0; k < 3; k++) {
    const fd = feeders[k]!;
    if (!Number.isInteger(fd) || fd < 0 || fd >= model.feederCount)
      throw new Error(`Tétouan replay: feeder ${fd} out of range 0…${model.feederCount - 1}`);
    const peak = series.zonePeakKw[k]!;
    mw.push(peak > 0 ? feederDesignPeakMw(model, fd) / peak : 0);
  }
  return { feeders, mwPerKw: [mw[0]!, mw[1]!, mw[2]!] };
}

/**
 * Power factor assumed when a feeder's MVA rating becomes an MW target in the rating-based scaling: 0.95, the
 * import-limit convention of gridModel.ts (the mix of classes in loads.ts POWER_FACTOR lies between 0.9 and 0.99).
 */
export const TETOUAN_RATING_PF = 0.95;

/** Thermal capacity of a feeder's head: the rating of its first section(s) (parent −1), MVA. */
export function feederHeadRatingMva(model: CityGridModel, feeder: number): number {
  let s = 0;
  for (let i = 0; i < model.busCount; i++)
    if (model.busFeeder[i] === feeder && model.busParent[i]! < 0) s += model.busRatingMva[i]!;
  return s;
}

/**
 * Scales zone k onto feeders[k] so that the zone's annual peak loads the feeder head to `share` of its rating:
 * mwPerKw = share × headRatingMva × TETOUAN_RATING_PF / zonePeakKw. With share 1 the replayed feeders reach their
 * thermal limit at Tétouan's annual peak, so its summer evening peaks raise overload (and voltage) alarms while the
 * rest of the year stays within limits — a stressed-feeder scenario on real load shapes.
 */
export function scaleZonesToFeederRating(
  series: TetouanSeries,
  model: CityGridModel,
  feeders: readonly [number, number, number],
  share: number,
): TetouanFeederMap {
  if (!(share > 0 && share <= 3))
    throw new Error(`Tétouan replay: peak share ${share} of rating must be in (0, 3]`);
  const base = scaleZonesToFeeders(series, model, feeders);
  const mw = feeders.map((fd, k) => {
    const peak = series.zonePeakKw[k]!;
    return peak > 0 ? (share * feederHeadRatingMva(model, fd) * TETOUAN_RATING_PF) / peak : 0;
  });
  return { feeders: base.feeders, mwPerKw: [mw[0]!, mw[1]!, mw[2]!] };
}

/**
 * The three feeders a replay uses when none are named: those with the largest design peak (ties: lower index), in
 * decreasing order — zone 1 (the largest Tétouan zone) on the largest feeder.
 */
export function pickTetouanFeeders(model: CityGridModel): [number, number, number] {
  if (model.feederCount < 3)
    throw new Error(`Tétouan replay: the grid model has ${model.feederCount} feeders, three are needed`);
  const order = Array.from({ length: model.feederCount }, (_, f) => f);
  const peak = order.map((f) => feederDesignPeakMw(model, f));
  order.sort((a, b) => peak[b]! - peak[a]! || a - b);
  return [order[0]!, order[1]!, order[2]!];
}

/** Zone k's load at `row`, kW. */
export function tetouanZoneKw(series: TetouanSeries, zone: 0 | 1 | 2, row: number): number {
  const a = zone === 0 ? series.zone1Kw : zone === 1 ? series.zone2Kw : series.zone3Kw;
  return a[row]!;
}
