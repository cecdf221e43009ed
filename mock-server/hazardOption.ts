/**
 * `--hazard <spec>@<time>` (repeatable) and `--rain beijing:<station>[:<YYYY-MM-DD>][@<time>]` for start.ts: hazard
 * scenarios the feed server triggers on a schedule (docs/protocol.md §9, mock-server/README.md).
 *
 *   --hazard rainstorm:P=50,dur=120,formula=beijing,lead=30,peak=0.4@2026-03-02T08:00:00+08:00
 *   --hazard earthquake:M=6.5,x=0,y=0,depth=10@+30m
 *   --hazard heat:peak=39,rh=50,hours=48,lead=0@+1h
 *   --hazard fire:building=123@+5m
 *   --rain beijing:Dongsi                 (the station's wettest 24 hours of 2013–2017)
 *   --rain beijing:Dongsi:2016-07-20@+10m (that Beijing day's 24 hours)
 *
 * A time is an ISO date-time with its offset, or `+<n><s|m|h|d>` after the server's start; no `@` = at the start.
 * The spec passes the same validator as an operator's `hzCommand` (src/core/protocol/hazardMessages.ts), so the
 * bounds are one set; what only the scene knows (building count, extent) is checked once it is loaded
 * (checkHazardSchedule). Any error is a UsageError naming the option, the field and the reason (exit code 2).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBeijingRain, wettestEvent, BEIJING_UTC_OFFSET_MIN } from '../src/core/hazards/beijingRain.ts';
import { STORM_FORMULAS } from '../src/core/hazards/rainfall.ts';
import type { HazardSpec } from '../src/core/hazards/types.ts';
import { parseHazardCommand, type HazardCityLimits } from '../src/core/protocol/index.ts';
import type { CityModel } from '../src/core/scene/types.ts';

/** A command-line mistake: start.ts prints the message and exits with code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** When a scheduled hazard fires: an absolute sim time or an offset from the server's (actual) start. */
export type HazardAt =
  { readonly kind: 'at'; readonly simMs: number } | { readonly kind: 'afterStart'; readonly ms: number };

/** One scheduled hazard; `option` is the text it came from (for messages). */
export interface ScheduledHazard {
  readonly spec: HazardSpec;
  readonly at: HazardAt;
  readonly option: string;
}

/** The Beijing multi-site file (../shared/data/feeds, UCI; src/core/hazards/beijingRain.ts). */
export const BEIJING_FILE = 'beijing_multisite_air_quality_2013-2017.csv';
/** Length of the replayed window when `--rain` names no date, hours. */
export const RAIN_EVENT_HOURS = 24;

/** Per kind: CLI key → spec field, the defaults, the required keys. Aliases map to the same field. */
const KEYS = {
  rainstorm: {
    fields: {
      P: 'returnPeriodYears',
      dur: 'durationMin',
      formula: 'formula',
      lead: 'leadMin',
      peak: 'peakRatio',
    },
    defaults: { dur: '120', formula: 'beijing', lead: '0', peak: '0.4' },
    required: ['P'],
  },
  earthquake: {
    fields: { M: 'magnitude', x: 'x', y: 'y', depth: 'depthKm' },
    defaults: { x: '0', y: '0', depth: '10' },
    required: ['M'],
  },
  heat: {
    fields: { peak: 'peakTempC', rh: 'humidityPct', hours: 'durationH', lead: 'leadMin' },
    defaults: { rh: '50', hours: '48', lead: '0' },
    required: ['peak'],
  },
  fire: { fields: { building: 'building' }, defaults: {}, required: ['building'] },
} as const satisfies Record<
  HazardSpec['kind'],
  { fields: Record<string, string>; defaults: Record<string, string>; required: readonly string[] }
>;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `@<time>` (the part after the last '@'), or the start when absent. */
export function parseHazardTime(option: string, text: string | undefined): HazardAt {
  if (text === undefined) return { kind: 'afterStart', ms: 0 };
  const rel = /^\+(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (rel !== null) {
    const unit = (rel[2] === '' ? 'm' : rel[2]) as keyof typeof UNIT_MS;
    return { kind: 'afterStart', ms: Number(rel[1]) * UNIT_MS[unit] };
  }
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text)
    ? Date.parse(text)
    : NaN;
  if (!Number.isFinite(ms))
    throw new UsageError(
      `${option}: time "${text}": expected an ISO date-time with offset (2026-03-02T08:00:00+08:00) or +<n>[s|m|h|d] after the start (+30m)`,
    );
  return { kind: 'at', simMs: ms };
}

/** Generic limits for parse time (the scene is not loaded yet): any building index, any epicentre. */
const NO_SCENE: HazardCityLimits = {
  buildingCount: Number.MAX_SAFE_INTEGER,
  extent: { minX: -1e12, minY: -1e12, maxX: 1e12, maxY: 1e12 },
  formulas: Object.keys(STORM_FORMULAS),
};

/** Runs the hzCommand validator and rewrites its field path into the CLI key the user typed. */
function validate(option: string, spec: HazardSpec, limits: HazardCityLimits): HazardSpec {
  const r = parseHazardCommand({ op: 'trigger', spec }, limits);
  if (r.ok && r.value.op === 'trigger') return r.value.spec;
  const reason = r.ok ? 'not a trigger' : r.reason;
  const m = /^hzCommand\.spec\.(?:rain\.)?(\w+)(\[\d+\])?: (.*)$/.exec(reason);
  if (m !== null) {
    const fields: Record<string, string> = KEYS[spec.kind].fields;
    const key = Object.keys(fields).find((k) => fields[k] === m[1]);
    if (key !== undefined) throw new UsageError(`${option}: ${key} (${m[1]}): ${m[3]}`);
    throw new UsageError(`${option}: ${m[1]}${m[2] ?? ''}: ${m[3]}`);
  }
  throw new UsageError(`${option}: ${reason}`);
}

/** Parses one `--hazard` value into a spec (generic bounds checked) and its time. */
export function parseHazardOption(value: string): ScheduledHazard {
  const option = `--hazard ${value}`;
  const atPos = value.lastIndexOf('@');
  const body = atPos < 0 ? value : value.slice(0, atPos);
  const at = parseHazardTime(option, atPos < 0 ? undefined : value.slice(atPos + 1));
  const colon = body.indexOf(':');
  const kind = colon < 0 ? body : body.slice(0, colon);
  if (!(kind in KEYS))
    throw new UsageError(`${option}: kind "${kind}": expected one of ${Object.keys(KEYS).join(', ')}`);
  const k = kind as keyof typeof KEYS;
  const def = KEYS[k];
  const fields: Record<string, string> = def.fields;
  const given = new Map<string, string>();
  const rest = colon < 0 ? '' : body.slice(colon + 1);
  for (const part of rest === '' ? [] : rest.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const val = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(key in fields))
      throw new UsageError(
        `${option}: unknown field "${key}" for ${k} (known: ${Object.keys(fields).join(', ')})`,
      );
    if (eq < 0 || val === '') throw new UsageError(`${option}: ${key}: expected ${key}=<value>`);
    if (given.has(key)) throw new UsageError(`${option}: ${key}: given twice`);
    given.set(key, val);
  }
  for (const r of def.required)
    if (!given.has(r)) throw new UsageError(`${option}: ${r} (${fields[r]}): required for ${k}`);
  const defaults: Record<string, string> = def.defaults;
  const str = (key: string): string => given.get(key) ?? defaults[key] ?? '';
  const num = (key: string): number => {
    const s = str(key);
    const n = s.trim() === '' ? NaN : Number(s);
    if (!Number.isFinite(n))
      throw new UsageError(`${option}: ${key} (${fields[key]}): "${s}" is not a number`);
    return n;
  };
  let spec: HazardSpec;
  switch (k) {
    case 'rainstorm':
      spec = {
        kind: k,
        leadMin: num('lead'),
        rain: {
          kind: 'design',
          formula: str('formula'),
          returnPeriodYears: num('P'),
          durationMin: num('dur'),
          peakRatio: num('peak'),
        },
      };
      break;
    case 'earthquake':
      spec = { kind: k, x: num('x'), y: num('y'), magnitude: num('M'), depthKm: num('depth') };
      break;
    case 'heat':
      spec = {
        kind: k,
        leadMin: num('lead'),
        durationH: num('hours'),
        peakTempC: num('peak'),
        humidityPct: num('rh'),
      };
      break;
    case 'fire':
      spec = { kind: k, building: num('building') };
      break;
  }
  return { spec: validate(option, spec, NO_SCENE), at, option };
}

/** The limits a scene sets on hazard commands (also the server's hzCommand validation). */
export function hazardLimitsOf(
  scene: CityModel,
  formulas: readonly string[] = Object.keys(STORM_FORMULAS),
): HazardCityLimits {
  return { buildingCount: scene.buildings.count, extent: scene.meta.extentM, formulas };
}

/** Checks the schedule against the loaded scene (building indices, epicentre distance); throws a UsageError. */
export function checkHazardSchedule(list: readonly ScheduledHazard[], scene: CityModel): void {
  const limits = hazardLimitsOf(scene);
  for (const h of list) validate(h.option, h.spec, limits);
}

/** A parsed `--rain` value. */
export interface RainOption {
  readonly station: string;
  /** Beijing local date YYYY-MM-DD, or null for the wettest event. */
  readonly date: string | null;
  readonly at: HazardAt;
  readonly option: string;
}

/** Parses `--rain beijing:<station>[:<YYYY-MM-DD>][@<time>]` (syntax only; the data is read by loadRainOption). */
export function parseRainOption(value: string): RainOption {
  const option = `--rain ${value}`;
  const atPos = value.lastIndexOf('@');
  const body = atPos < 0 ? value : value.slice(0, atPos);
  const at = parseHazardTime(option, atPos < 0 ? undefined : value.slice(atPos + 1));
  const parts = body.split(':');
  if (parts[0] !== 'beijing')
    throw new UsageError(`${option}: source "${parts[0] ?? ''}": expected beijing:<station>[:<YYYY-MM-DD>]`);
  const station = parts[1] ?? '';
  if (!/^[A-Za-z]+$/.test(station))
    throw new UsageError(`${option}: station "${station}": expected a station name of the file, e.g. Dongsi`);
  if (parts.length > 3) throw new UsageError(`${option}: expected beijing:<station>[:<YYYY-MM-DD>]`);
  const date = parts[2] ?? null;
  if (date !== null) {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
    const ms = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (m === null || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
      throw new UsageError(`${option}: date "${date}": expected a calendar date YYYY-MM-DD`);
  }
  return { station, date, at, option };
}

/**
 * Reads the station's hourly RAIN from `<dataDir>/beijing_multisite_air_quality_2013-2017.csv` and makes the rainstorm
 * spec: the 24 hours of the given Beijing date, or the wettest 24 hours on record, with dry hours at both ends trimmed
 * (the storm starts when the rain does). Lead time 0: a measured series is the live gauge, not a forecast.
 */
export async function loadRainOption(
  r: RainOption,
  dataDir: string,
  log: (line: string) => void,
): Promise<ScheduledHazard> {
  const file = path.join(dataDir, BEIJING_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `${r.option}: cannot read ${file} (${err instanceof Error ? err.message : String(err)}); --data-dir names the folder`,
    );
  }
  const p = parseBeijingRain(text, r.station, BEIJING_FILE);
  if (!p.ok) throw new UsageError(`${r.option}: ${p.reason}`);
  const s = p.value;
  if (s.errorCount > 0) log(`${r.option}: ${s.errorCount} unreadable rows skipped`);
  return { spec: rainSpecOf(r, s), at: r.at, option: r.option };
}

/** The rainstorm spec of a parsed series (exported for tests). */
export function rainSpecOf(
  r: RainOption,
  s: { readonly timesMs: Float64Array; readonly mmH: Float32Array; readonly station: string },
): HazardSpec {
  let startMs: number;
  let mmH: number[];
  if (r.date === null) {
    const e = wettestEvent(s, RAIN_EVENT_HOURS);
    startMs = e.startMs;
    mmH = e.mmH;
  } else {
    const [y, mo, d] = r.date.split('-').map(Number) as [number, number, number];
    startMs = Date.UTC(y, mo - 1, d) - BEIJING_UTC_OFFSET_MIN * 60_000;
    mmH = new Array<number>(24).fill(0);
    for (let i = 0; i < s.timesMs.length; i++) {
      const h = Math.round((s.timesMs[i]! - startMs) / 3_600_000);
      if (h >= 0 && h < 24) mmH[h] = Math.round(s.mmH[i]! * 10) / 10;
    }
  }
  let a = 0;
  let b = mmH.length;
  while (a < b && !(mmH[a]! > 0)) a++;
  while (b > a && !(mmH[b - 1]! > 0)) b--;
  if (a === b)
    throw new UsageError(
      `${r.option}: no rain recorded at ${s.station}${r.date === null ? '' : ` on ${r.date}`} (RAIN is 0 or missing)`,
    );
  const first = new Date(startMs + a * 3_600_000 + BEIJING_UTC_OFFSET_MIN * 60_000).toISOString();
  const label = `Beijing ${s.station} ${first.slice(0, 10)} ${first.slice(11, 13)}:00 +${b - a} h (UCI, RAIN)`;
  return {
    kind: 'rainstorm',
    leadMin: 0,
    rain: { kind: 'series', label, stepMin: 60, mmH: mmH.slice(a, b) },
  };
}

/** The --hazard / --rain values of a command line, parsed (syntax and generic bounds; the scene is checked later). */
export interface HazardCliOptions {
  readonly schedule: readonly ScheduledHazard[];
  readonly rains: readonly RainOption[];
}

/**
 * Parses every `--hazard` and `--rain` value (parseHazardOption, parseRainOption) before anything slow runs, as
 * start.ts does; throws the first UsageError.
 */
export function parseHazardCli(
  hazard: readonly string[] | undefined,
  rain: readonly string[] | undefined,
): HazardCliOptions {
  return { schedule: (hazard ?? []).map(parseHazardOption), rains: (rain ?? []).map(parseRainOption) };
}

/**
 * The schedule the feed server runs once the scene is loaded: the --hazard entries checked against the scene
 * (checkHazardSchedule), then each --rain read from `<dataDir>/beijing_multisite_air_quality_2013-2017.csv`
 * (loadRainOption; one log line each), in command-line order. Throws a UsageError naming the option.
 */
export async function resolveHazardSchedule(
  cli: HazardCliOptions,
  scene: CityModel,
  dataDir: string,
  log: (line: string) => void,
): Promise<ScheduledHazard[]> {
  checkHazardSchedule(cli.schedule, scene);
  const out = [...cli.schedule];
  for (const r of cli.rains) {
    const h = await loadRainOption(r, dataDir, log);
    if (h.spec.kind === 'rainstorm' && h.spec.rain.kind === 'series')
      log(
        `${r.option}: ${h.spec.rain.label}, ${h.spec.rain.mmH.length} h, peak ${Math.max(...h.spec.rain.mmH)} mm/h`,
      );
    out.push(h);
  }
  return out;
}
