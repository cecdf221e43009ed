/**
 * Parsers for OSM-style tag values (docs/gis-tags.md). Each returns `null` when the value is absent or unreadable, so
 * the caller can fall back to a derived value and count it. Tag values may be strings (OSM) or numbers (Tilezen).
 */

/** Feet → metres (international foot, exactly 0.3048 m). */
const M_PER_FT = 0.3048;
/** Statute mile → kilometres (exactly 1.609344 km). */
const KM_PER_MILE = 1.609344;

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses a plain decimal number ("12", "12.5", " 3 "); null otherwise. */
export function parseNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(',', '.');
  return NUMBER_RE.test(t) ? Number(t) : null;
}

/**
 * Parses a length in metres: "12", "12 m", "12m", "40 ft", "40'", "12'6\"" (OSM `height`, `min_height`). Negative or
 * non-finite lengths are rejected.
 */
export function parseLengthM(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().toLowerCase();
  let m = /^([0-9.,]+)\s*(m|metres|meters|meter|metre)?$/.exec(t);
  if (m) return nonNeg(parseNumber(m[1]));
  m = /^([0-9.,]+)\s*(ft|feet|foot|')$/.exec(t);
  if (m) return scale(parseNumber(m[1]), M_PER_FT);
  m = /^(\d+)\s*'\s*(\d+(?:\.\d+)?)\s*"$/.exec(t);
  if (m) return (Number(m[1]) * 12 + Number(m[2])) * 0.0254;
  return null;
}

/** Parses a speed in km/h: "50", "50 km/h", "30 mph", "walk" (→ 5 km/h), "none" → null (no limit known). */
export function parseSpeedKph(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().toLowerCase();
  if (t === 'walk') return 5;
  // Multiple values ("50;30", conditional limits) → the first one is the general limit.
  const first = (t.split(';')[0] ?? '').trim();
  let m = /^([0-9.]+)\s*(km\/h|kmh|kph)?$/.exec(first);
  if (m) return positive(parseNumber(m[1]));
  m = /^([0-9.]+)\s*mph$/.exec(first);
  if (m) return scale(parseNumber(m[1]), KM_PER_MILE);
  m = /^([0-9.]+)\s*knots?$/.exec(first);
  if (m) return scale(parseNumber(m[1]), 1.852);
  return null;
}

/**
 * Parses OSM `voltage` (volts, several circuits separated by ";", e.g. "110000;10000") into kilovolts, highest first.
 * Returns an empty array when nothing readable is there.
 */
export function parseVoltagesKV(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  const parts = typeof v === 'number' ? [String(v)] : typeof v === 'string' ? v.split(/[;,]/) : [];
  const out: number[] = [];
  for (const p of parts) {
    const t = p.trim().toLowerCase();
    const m = /^([0-9.]+)\s*(v|kv)?$/.exec(t);
    if (!m) continue;
    const n = parseNumber(m[1]);
    if (n === null || n <= 0) continue;
    out.push(m[2] === 'kv' ? n : n / 1000);
  }
  return out.sort((a, b) => b - a);
}

/**
 * Parses a power in MW (or MVA for ratings): "5 MW", "500 kW", "1.2 GW", "63 MVA", "63" (bare number = MW/MVA, the
 * unit the importer documents), "yes" → null.
 */
export function parsePowerMW(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().toLowerCase();
  const m = /^([0-9.,]+)\s*(w|kw|mw|gw|va|kva|mva|gva)?$/.exec(t);
  if (!m) return null;
  const n = parseNumber(m[1]);
  if (n === null || n < 0) return null;
  switch (m[2]) {
    case 'w':
    case 'va':
      return n / 1e6;
    case 'kw':
    case 'kva':
      return n / 1e3;
    case 'gw':
    case 'gva':
      return n * 1e3;
    default:
      return n;
  }
}

/** Parses an energy in MWh: "20", "20 MWh", "500 kWh". */
export function parseEnergyMWh(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^([0-9.,]+)\s*(kwh|mwh|gwh)?$/.exec(v.trim().toLowerCase());
  if (!m) return null;
  const n = parseNumber(m[1]);
  if (n === null) return null;
  return m[2] === 'kwh' ? n / 1e3 : m[2] === 'gwh' ? n * 1e3 : n;
}

/** Direction of travel allowed on a way: both ways, forward only, or backward only (oneway=-1). */
export type Oneway = 'no' | 'forward' | 'backward';

/** Parses OSM `oneway` (yes|true|1 → forward, -1|reverse → backward, no|false|0 → no); null when absent/unknown. */
export function parseOneway(v: unknown): Oneway | null {
  if (v === true || v === 1) return 'forward';
  if (v === false || v === 0) return 'no';
  if (v === -1) return 'backward';
  if (typeof v !== 'string') return null;
  switch (v.trim().toLowerCase()) {
    case 'yes':
    case 'true':
    case '1':
      return 'forward';
    case '-1':
    case 'reverse':
      return 'backward';
    case 'no':
    case 'false':
    case '0':
      return 'no';
    default:
      return null;
  }
}

/** Parses a count such as `building:levels` or `lanes` ("12", "12.5" → 12, "3;2" → 3); null when unreadable. */
export function parseCount(v: unknown): number | null {
  const s = typeof v === 'string' ? (v.split(';')[0] ?? '') : v;
  const n = parseNumber(s);
  if (n === null || n < 0) return null;
  return Math.floor(n);
}

/** True for OSM truthy values: yes / true / 1 (string, boolean or number). */
export function isYes(v: unknown): boolean {
  if (v === true || v === 1) return true;
  return typeof v === 'string' && /^(yes|true|1)$/i.test(v.trim());
}

function nonNeg(n: number | null): number | null {
  return n !== null && n >= 0 ? n : null;
}
function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}
function scale(n: number | null, k: number): number | null {
  return n !== null && n >= 0 ? n * k : null;
}
