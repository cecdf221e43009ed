/**
 * Pure helpers of the planner's results (issue 7): the deltas of a KPI and whether it moved the better way, the
 * re-run check against a saved run, lever counts, and the CSV export of the KPI table (RFC 4180 quoting, UTF-8 BOM so
 * Excel reads the Chinese labels).
 */
import { DOMAIN_IDS, type ScenarioKpi, type ScenarioSpec } from '../core/scenario/types.ts';

/** Δ = scenario − baseline and Δ% = Δ / |baseline| × 100 (NaN when the baseline is 0 or a value is missing). */
export function kpiDelta(k: Pick<ScenarioKpi, 'baseline' | 'scenario'>): { delta: number; deltaPct: number } {
  const delta = k.scenario - k.baseline;
  const deltaPct =
    Number.isFinite(delta) && k.baseline !== 0 ? (delta / Math.abs(k.baseline)) * 100 : Number.NaN;
  return { delta, deltaPct };
}

/** How the change reads: better, worse, unchanged, or neutral (a KPI without a better direction). */
export type Verdict = 'better' | 'worse' | 'same' | 'neutral';

/**
 * The verdict of a KPI's change. A change below `relTol` of the baseline's magnitude (default 1e-9, i.e. float noise)
 * counts as unchanged so a scenario that does not touch a domain shows no colour there.
 */
export function kpiVerdict(k: ScenarioKpi, relTol = 1e-9): Verdict {
  const { delta } = kpiDelta(k);
  if (!Number.isFinite(delta) || Math.abs(delta) <= relTol * Math.max(1, Math.abs(k.baseline))) return 'same';
  switch (k.better) {
    case 'lower':
      return delta < 0 ? 'better' : 'worse';
    case 'higher':
      return delta > 0 ? 'better' : 'worse';
    case 'neutral':
      return 'neutral';
    default: {
      const never: never = k.better;
      throw new Error(`kpiVerdict: unknown better ${String(never)}`);
    }
  }
}

/** A KPI whose re-run differs from the saved run. */
export interface KpiDiff {
  readonly key: string;
  readonly label: ScenarioKpi['label'] | null;
  readonly saved: ScenarioKpi | null;
  readonly now: ScenarioKpi | null;
}

/** `<domain>.<id>`: a KPI's identity in the table and the re-run check. */
export const kpiKey = (k: Pick<ScenarioKpi, 'domain' | 'id'>): string => `${k.domain}.${k.id}`;

/** Same number, bit for bit (NaN equals NaN: a KPI without a value reproduces as without a value). */
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/**
 * The KPIs that differ between a saved run and a re-run: missing on either side, or a baseline or scenario value not
 * identical. Empty = the re-run reproduced the saved run exactly (determinism, DESIGN.md rule 4).
 */
export function kpiDiffs(saved: readonly ScenarioKpi[], now: readonly ScenarioKpi[]): KpiDiff[] {
  const byKey = new Map(now.map((k) => [kpiKey(k), k] as const));
  const out: KpiDiff[] = [];
  const seen = new Set<string>();
  for (const s of saved) {
    const key = kpiKey(s);
    seen.add(key);
    const n = byKey.get(key) ?? null;
    if (!n || !same(n.baseline, s.baseline) || !same(n.scenario, s.scenario))
      out.push({ key, label: s.label, saved: s, now: n });
  }
  for (const n of now)
    if (!seen.has(kpiKey(n))) out.push({ key: kpiKey(n), label: n.label, saved: null, now: n });
  return out;
}

/** Number of levers of a spec, per domain and in total. */
export function leverCounts(spec: ScenarioSpec): { total: number; byDomain: Record<string, number> } {
  const byDomain: Record<string, number> = {};
  let total = 0;
  for (const d of DOMAIN_IDS) {
    const n = spec.levers[d]?.length ?? 0;
    byDomain[d] = n;
    total += n;
  }
  return { total, byDomain };
}

/** Header of the KPI CSV. */
export const CSV_COLUMNS = [
  'domain',
  'id',
  'label_zh',
  'label_en',
  'unit',
  'baseline',
  'scenario',
  'delta',
  'delta_pct',
  'basis',
] as const;

/** One CSV field (RFC 4180 §2: quoted when it holds a comma, quote, CR or LF; quotes doubled). */
export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The byte-order mark Excel needs to read a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * The KPI table as CSV: BOM, header, one row per KPI in table order, CRLF line ends (RFC 4180). Numbers are written
 * in full precision (JavaScript's shortest round-trip form), so the file reproduces the run exactly; a missing value
 * is an empty field. `basis` is written in both languages, "zh / en".
 */
export function kpisToCsv(kpis: readonly ScenarioKpi[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const k of kpis) {
    const { delta, deltaPct } = kpiDelta(k);
    rows.push(
      [
        k.domain,
        k.id,
        k.label.zh,
        k.label.en,
        k.unit,
        k.baseline,
        k.scenario,
        delta,
        deltaPct,
        k.basis.zh === k.basis.en ? k.basis.zh : `${k.basis.zh} / ${k.basis.en}`,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${UTF8_BOM}${rows.join('\r\n')}\r\n`;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of fields; a leading BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Digits to show for a value: fewer for large magnitudes (3 significant figures or more). */
export function displayDigits(v: number): number {
  const a = Math.abs(v);
  if (!Number.isFinite(a) || a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

/** A file name part from a scenario name (no path separators or control characters; at most 60 characters). */
export function fileSafe(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim();
  return (s || 'scenario').slice(0, 60);
}

/** JSON with object keys sorted (two equal values give the same text whatever their key order). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** True when two specs describe the same run (key order, and a missing vs an empty lever list, do not matter). */
export function sameSpec(a: ScenarioSpec, b: ScenarioSpec): boolean {
  const norm = (s: ScenarioSpec) => ({
    base: s.base,
    levers: Object.fromEntries(DOMAIN_IDS.map((d) => [d, s.levers[d] ?? []])),
    fork: s.fork ?? null,
  });
  return stableJson(norm(a)) === stableJson(norm(b));
}
