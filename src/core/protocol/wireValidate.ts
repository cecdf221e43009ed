/**
 * Field validators shared by the JSON wire parsers (hazardMessages.ts, wallMessages.ts): untrusted input → typed
 * values or a precise reason naming the field. Inside a parser a private exception (`fail`) unwinds to the entry
 * point, where `runParser` turns it into {ok:false, reason}; callers of the exported parsers never see a throw.
 */
import type { Text2 } from '../hazards/types.ts';
import type { Parsed } from './messages.ts';

/** Longest free text a wire field may carry by default, characters. */
export const MAX_WIRE_TEXT = 2000;

/** The private exception of the validators: a reason naming the field. */
class Bad {
  constructor(readonly reason: string) {}
}

/** Stops the parser running in `runParser` with `reason`. */
export const fail = (reason: string): never => {
  throw new Bad(reason);
};

/** A JSON object as the validators read it. */
export type Rec = Readonly<Record<string, unknown>>;

/** A plain object: not null, an array, a typed array or an ArrayBuffer (binary is never a JSON object). */
export const isRec = (v: unknown): v is Rec =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !ArrayBuffer.isView(v) &&
  !(v instanceof ArrayBuffer);

/** A value as a reason quotes it: JSON, cut to 60 characters. */
export const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Runs a parser; a `fail` becomes {ok:false}, anything else thrown (a bug) becomes an 'internal' reason. */
export function runParser<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, reason: e.reason };
    return { ok: false, reason: `internal: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** An object (see isRec). */
export function rec(v: unknown, where: string): Rec {
  return isRec(v) ? v : fail(`${where}: expected an object, got ${show(v)}`);
}

/** A finite number in [min, max]. */
export function num(v: unknown, where: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return fail(`${where}: expected a finite number, got ${show(v)}`);
  if (v < min || v > max) return fail(`${where}: ${v} is out of range [${min}, ${max}]`);
  return v;
}

/** A safe integer in [min, max]. */
export function int(v: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    return fail(`${where}: expected an integer, got ${show(v)}`);
  if (v < min || v > max) return fail(`${where}: ${v} is out of range [${min}, ${max}]`);
  return v;
}

/** A finite number or null. */
export function numOrNull(v: unknown, where: string): number | null {
  return v === null ? null : num(v, where);
}

/** A string of min … max characters (min 0 by default; a shorter one is reported `empty`). */
export function str(v: unknown, where: string, max = MAX_WIRE_TEXT, min = 0): string {
  if (typeof v !== 'string') return fail(`${where}: expected a string, got ${show(v)}`);
  if (v.length > max) return fail(`${where}: ${v.length} characters > ${max}`);
  if (v.length < min) return fail(`${where}: empty`);
  return v;
}

/** A boolean. */
export function bool(v: unknown, where: string): boolean {
  return typeof v === 'boolean' ? v : fail(`${where}: expected a boolean, got ${show(v)}`);
}

/** One of the strings of `list`. */
export function oneOf<T extends string>(v: unknown, list: readonly T[], where: string): T {
  if (typeof v === 'string' && (list as readonly string[]).includes(v)) return v as T;
  return fail(`${where}: expected one of ${list.join(', ')}, got ${show(v)}`);
}

/** A bilingual text {zh, en}, each at most `max` characters. */
export function text2(v: unknown, where: string, max = MAX_WIRE_TEXT): Text2 {
  const r = rec(v, where);
  return { zh: str(r['zh'], `${where}.zh`, max), en: str(r['en'], `${where}.en`, max) };
}

/** An array of at most `max` entries, each checked by `item` with its index in the reason. */
export function list<T>(v: unknown, where: string, max: number, item: (x: unknown, w: string) => T): T[] {
  if (!Array.isArray(v)) return fail(`${where}: expected an array, got ${show(v)}`);
  if (v.length > max) return fail(`${where}: ${v.length} entries > ${max}`);
  const out: T[] = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${where}[${i}]`);
  return out;
}
