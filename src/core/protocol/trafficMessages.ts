/**
 * JSON messages of the live traffic model (docs/protocol.md §3b): the KPI state message and the link time-series
 * request/answer, with validators that parse untrusted input into typed values or a precise reason (never throw).
 */
import type { CongestedLink, TrafficKpis } from '../traffic/types.ts';
import type { Parsed } from './messages.ts';

/** server → client: the latest traffic KPIs (latest wins; `seq` increases by 1 per KPI message of the server). */
export interface KpiMessage {
  readonly seq: number;
  readonly kpis: TrafficKpis;
}

/** client → server (with a socket.io acknowledgement): the history of one road link. */
export interface LinkSeriesRequest {
  /** Road link index, < welcome.linkCount. */
  readonly link: number;
}

/** server → client: the acknowledgement of a LinkSeriesRequest. */
export type LinkSeriesAnswer =
  | {
      readonly ok: true;
      readonly link: number;
      /** Sample times, oldest first, ms since the Unix epoch (one per simulated minute). */
      readonly simTimeMs: readonly number[];
      readonly speedKph: readonly number[];
      readonly flowVph: readonly number[];
      readonly vc: readonly number[];
    }
  | { readonly ok: false; readonly reason: string };

/** Largest number of samples a series answer may carry (24 h of minutes). */
export const MAX_SERIES_SAMPLES = 24 * 60;
/** Largest list inside a KPI message (districts, commutes, top links). */
const MAX_KPI_LIST = 10_000;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

type Rec = Readonly<Record<string, unknown>>;
const isRec = (v: unknown): v is Rec =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !ArrayBuffer.isView(v) &&
  !(v instanceof ArrayBuffer);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * A KPI number: finite, or JSON null for "undefined now" (e.g. average speed with no flow at night; JSON cannot
 * carry NaN) which becomes NaN.
 */
function num(r: Rec, key: string, where: string): number | string {
  const v = r[key];
  if (v === null) return Number.NaN;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return `${where}.${key}: expected a finite number or null, got ${JSON.stringify(v) ?? 'undefined'}`;
}

/** Reads the listed numeric fields of `r` or returns the first problem. */
function nums<K extends string>(r: Rec, keys: readonly K[], where: string): Record<K, number> | string {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = num(r, k, where);
    if (typeof v === 'string') return v;
    out[k] = v;
  }
  return out;
}

function list<T>(v: unknown, where: string, item: (x: unknown, w: string) => T | string): T[] | string {
  if (!Array.isArray(v)) return `${where}: expected an array`;
  if (v.length > MAX_KPI_LIST) return `${where}: ${v.length} entries > ${MAX_KPI_LIST}`;
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i], `${where}[${i}]`);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}

/** Validates a KPI message; link indices in topLinks must be < linkCount. */
export function parseKpiMessage(v: unknown, linkCount: number): Parsed<KpiMessage> {
  if (!isRec(v)) return bad('kpis: expected an object');
  const seq = v['seq'];
  if (!isIndex(seq) || seq === 0) return bad('kpis.seq: expected a positive integer');
  const k = v['kpis'];
  const w = `kpis ${seq}`;
  if (!isRec(k)) return bad(`${w}.kpis: expected an object`);
  const scalars = nums(
    k,
    [
      'simTimeMs',
      'cityTti',
      'avgSpeedKph',
      'delayVehHPerH',
      'vktPerH',
      'relativeGap',
      'activeVehicles',
      'vehiclesPerAnimated',
    ] as const,
    w,
  );
  if (typeof scalars === 'string') return bad(scalars);
  if (!Number.isFinite(scalars.simTimeMs)) return bad(`${w}.simTimeMs: expected a finite number`);
  const districts = list(k['districts'], `${w}.districts`, (x, wh) => {
    if (!isRec(x) || !isIndex(x['zone'])) return `${wh}.zone: expected a non-negative integer`;
    const n = nums(x, ['tti', 'avgSpeedKph'] as const, wh);
    return typeof n === 'string' ? n : { zone: x['zone'], ...n };
  });
  if (typeof districts === 'string') return bad(districts);
  const commutes = list(k['commutes'], `${w}.commutes`, (x, wh) => {
    if (!isRec(x) || !isIndex(x['fromZone']) || !isIndex(x['toZone']))
      return `${wh}: fromZone and toZone must be non-negative integers`;
    const n = nums(x, ['minutes', 'freeFlowMinutes'] as const, wh);
    return typeof n === 'string' ? n : { fromZone: x['fromZone'], toZone: x['toZone'], ...n };
  });
  if (typeof commutes === 'string') return bad(commutes);
  const topLinks = list<CongestedLink>(k['topLinks'], `${w}.topLinks`, (x, wh) => {
    if (!isRec(x) || !isIndex(x['link']) || x['link'] >= linkCount)
      return `${wh}.link: expected a link index < ${linkCount}`;
    const n = nums(x, ['tti', 'vc', 'speedKph', 'flowVph'] as const, wh);
    return typeof n === 'string' ? n : { link: x['link'], ...n };
  });
  if (typeof topLinks === 'string') return bad(topLinks);
  return ok({ seq, kpis: { ...scalars, districts, commutes, topLinks } });
}

/** Validates a client's link series request against the scene's link count. */
export function parseLinkSeriesRequest(v: unknown, linkCount: number): Parsed<LinkSeriesRequest> {
  if (!isRec(v)) return bad('linkSeries: expected an object {link}');
  const link = v['link'];
  if (!isIndex(link))
    return bad(
      `linkSeries.link: expected a non-negative integer, got ${JSON.stringify(link) ?? 'undefined'}`,
    );
  if (link >= linkCount)
    return bad(`linkSeries.link: ${link} is out of range (the scene has ${linkCount} road links)`);
  return ok({ link });
}

function numArray(v: unknown, n: number, where: string): number[] | string {
  if (!Array.isArray(v) || v.length !== n) return `${where}: expected an array of ${n} numbers`;
  for (let i = 0; i < n; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `${where}[${i}]: expected a finite number`;
  }
  return v as number[];
}

/** Validates the server's answer to a link series request for `link`. */
export function parseLinkSeriesAnswer(v: unknown, link: number): Parsed<LinkSeriesAnswer> {
  if (!isRec(v)) return bad('linkSeries answer: expected an object');
  if (v['ok'] === false) {
    const reason = v['reason'];
    if (typeof reason !== 'string' || reason.length > 2000)
      return bad('linkSeries answer.reason: expected a string');
    return ok({ ok: false, reason });
  }
  if (v['ok'] !== true) return bad('linkSeries answer.ok: expected a boolean');
  if (v['link'] !== link)
    return bad(`linkSeries answer.link: expected ${link}, got ${JSON.stringify(v['link'])}`);
  const t = v['simTimeMs'];
  if (!Array.isArray(t) || t.length > MAX_SERIES_SAMPLES)
    return bad(`linkSeries answer.simTimeMs: expected an array of at most ${MAX_SERIES_SAMPLES} times`);
  const n = t.length;
  const times = numArray(t, n, 'linkSeries answer.simTimeMs');
  if (typeof times === 'string') return bad(times);
  for (let i = 1; i < n; i++)
    if ((times[i] as number) <= (times[i - 1] as number))
      return bad(`linkSeries answer.simTimeMs[${i}]: times must increase`);
  const speedKph = numArray(v['speedKph'], n, 'linkSeries answer.speedKph');
  if (typeof speedKph === 'string') return bad(speedKph);
  const flowVph = numArray(v['flowVph'], n, 'linkSeries answer.flowVph');
  if (typeof flowVph === 'string') return bad(flowVph);
  const vc = numArray(v['vc'], n, 'linkSeries answer.vc');
  if (typeof vc === 'string') return bad(vc);
  return ok({ ok: true, link, simTimeMs: times, speedKph, flowVph, vc });
}
