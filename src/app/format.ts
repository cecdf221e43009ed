/** Number and code-label formatting shared by the inspector, tooltips and panels. */
import type { Dict } from './i18n.ts';

/** A number with a fixed count of decimals and thousands separators; '—' when not finite. */
export const fmt = (v: number, digits = 0): string =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** The label of a numeric code from a table of dictionary keys ('#code' when the table has none). */
export function label(t: Dict, keys: readonly (keyof Dict)[], code: number): string {
  const k = keys[code];
  const v = k ? t[k] : undefined;
  return typeof v === 'string' ? v : `#${code}`;
}
