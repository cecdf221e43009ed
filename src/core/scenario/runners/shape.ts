/**
 * Shape checks of levers read from JSON (a saved scenario, a shared URL), before the domain's own validator judges
 * the values against the city: the object, its `kind`, and the type of every field that kind has (no other fields).
 */
import type { Text2 } from '../../hazards/types.ts';

/** Field types per lever kind. */
export type LeverShapes = Readonly<Record<string, Readonly<Record<string, 'number' | 'string'>>>>;

/** Null when `v` has one of the kinds of `shapes` with exactly its fields of the right types, else why. */
export function leverShapeProblem(v: unknown, shapes: LeverShapes): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected an object with a kind';
  const r = v as Record<string, unknown>;
  const kind = r['kind'];
  const fields = typeof kind === 'string' && Object.hasOwn(shapes, kind) ? shapes[kind] : undefined;
  if (fields === undefined)
    return `kind: ${JSON.stringify(kind) ?? 'undefined'} is not one of ${Object.keys(shapes).join(', ')}`;
  for (const [f, t] of Object.entries(fields)) {
    const x = r[f];
    if (t === 'number' ? typeof x !== 'number' || !Number.isFinite(x) : typeof x !== 'string')
      return `${f}: expected ${t === 'number' ? 'a finite number' : 'a string'} for a ${kind} lever`;
  }
  for (const k of Object.keys(r))
    if (k !== 'kind' && !Object.hasOwn(fields, k)) return `${k}: not a field of a ${kind} lever`;
  return null;
}

/** A note shown under a domain that had no levers. */
export const NOT_RUN_NOTE: Text2 = {
  zh: '本情景未设置该领域的调节措施，未运行（基线与情景相同）。',
  en: 'No levers for this domain in the scenario: not run (baseline and scenario are the same).',
};
