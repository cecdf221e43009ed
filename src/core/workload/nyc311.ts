/**
 * The NYC 311 service-request sample (../shared/data/feeds/nyc_311_service_requests_sample.csv, NYC Open Data, 1,000
 * requests 2014–2019): a pure parser of its CSV text (RFC 4180 quoting) and the closure durations per taxonomy
 * category it yields. 311 is the US counterpart of a 12345 hotline; its "Due Date" is the agency's published service
 * level for the request type. Timestamps (MM/DD/YYYY hh:mm:ss AM/PM, New York wall-clock) are read as wall-clock ms
 * (the UTC encoding of the local time): durations are right except across a DST change (± 1 h).
 */
import { categoryById } from './taxonomy.ts';

/** One parsed request. Times: wall-clock ms (NaN when the field is empty). */
export interface Nyc311Request {
  /** 1-based line of the file the record starts on. */
  readonly line: number;
  readonly key: string;
  readonly createdMs: number;
  readonly closedMs: number;
  readonly dueMs: number;
  readonly agency: string;
  readonly complaintType: string;
  readonly descriptor: string;
  readonly status: string;
  readonly borough: string;
  readonly lat: number;
  readonly lon: number;
  /** Taxonomy category the complaint type maps to (NYC_CATEGORY), or null. */
  readonly category: string | null;
}

/** Result of parsing: records, and one message per skipped record or field ("file:line: field: reason"). */
export interface Nyc311Parse {
  readonly records: readonly Nyc311Request[];
  readonly errors: readonly string[];
}

/**
 * NYC complaint type (upper-cased) → taxonomy category. Our mapping, by meaning; types with no counterpart (tax,
 * benefits, taxi complaints…) map to none and are left out of the derived durations.
 */
export const NYC_CATEGORY: Readonly<Record<string, string>> = {
  'ILLEGAL PARKING': 'illegalParking',
  'BLOCKED DRIVEWAY': 'illegalParking',
  'DERELICT VEHICLE': 'abandonedVehicle',
  'DERELICT VEHICLES': 'abandonedVehicle',
  'NOISE - RESIDENTIAL': 'noise',
  'NOISE - STREET/SIDEWALK': 'noise',
  'NOISE - COMMERCIAL': 'noise',
  'NOISE - VEHICLE': 'noise',
  'NOISE - PARK': 'noise',
  'NOISE - HELICOPTER': 'noise',
  NOISE: 'noise',
  'COLLECTION TRUCK NOISE': 'noise',
  'REQUEST LARGE BULKY ITEM COLLECTION': 'bulkyWaste',
  'ELECTRONICS WASTE APPOINTMENT': 'bulkyWaste',
  'MISSED COLLECTION (ALL MATERIALS)': 'garbage',
  'SANITATION CONDITION': 'garbage',
  'DIRTY CONDITIONS': 'garbage',
  'STREET LIGHT CONDITION': 'streetLight',
  'STREET CONDITION': 'pothole',
  'HIGHWAY CONDITION': 'pothole',
  'CURB CONDITION': 'sidewalk',
  'SIDEWALK CONDITION': 'sidewalk',
  'ROOT/SEWER/SIDEWALK CONDITION': 'sidewalk',
  SEWER: 'drainage',
  'TRAFFIC SIGNAL CONDITION': 'trafficSignal',
  'STREET SIGN - MISSING': 'trafficSignal',
  TRAFFIC: 'trafficIncident',
  'HEAT/HOT WATER': 'heating',
  'WATER SYSTEM': 'waterSupply',
  'WATER LEAK': 'buildingRepair',
  'WATER CONSERVATION': 'waterSupply',
  'UNSANITARY CONDITION': 'propertyMgmt',
  'PAINT/PLASTER': 'buildingRepair',
  'DOOR/WINDOW': 'buildingRepair',
  'FLOORING/STAIRS': 'buildingRepair',
  PLUMBING: 'buildingRepair',
  ELECTRIC: 'buildingRepair',
  APPLIANCE: 'buildingRepair',
  GENERAL: 'propertyMgmt',
  ELEVATOR: 'buildingRepair',
  'GENERAL CONSTRUCTION/PLUMBING': 'illegalConstruction',
  'BUILDING/USE': 'illegalConstruction',
  'SPECIAL PROJECTS INSPECTION TEAM (SPIT)': 'illegalConstruction',
  ELECTRICAL: 'safetyHazard',
  SAFETY: 'safetyHazard',
  'HAZARDOUS MATERIALS': 'safetyHazard',
  'NON-EMERGENCY POLICE MATTER': 'publicOrder',
  'OTHER ENFORCEMENT': 'publicOrder',
  GRAFFITI: 'graffiti',
  VENDING: 'streetVending',
  'AIR QUALITY': 'airPollution',
  'INDOOR AIR QUALITY': 'airPollution',
  SMOKING: 'airPollution',
  ASBESTOS: 'airPollution',
  LEAD: 'safetyHazard',
  'DAMAGED TREE': 'greenery',
  'DEAD/DYING TREE': 'greenery',
  'ILLEGAL TREE DAMAGE': 'greenery',
  'NEW TREE REQUEST': 'greenery',
  'FOOD ESTABLISHMENT': 'foodSafety',
  'CONSUMER COMPLAINT': 'consumerComplaint',
  RODENT: 'garbage',
  'NOISE - HOUSE OF WORSHIP': 'noise',
  'OVERGROWN TREE/BRANCHES': 'greenery',
  'DRUG ACTIVITY': 'publicOrder',
  'URINATING IN PUBLIC': 'publicOrder',
  PANHANDLING: 'publicOrder',
  'SWEEPING/MISSED': 'garbage',
  'STANDING WATER': 'drainage',
  'NON-RESIDENTIAL HEAT': 'heating',
  'FOOD POISONING': 'foodSafety',
  'INDUSTRIAL WASTE': 'waterPollution',
};

const REQUIRED = [
  'Unique Key',
  'Created Date',
  'Closed Date',
  'Agency',
  'Complaint Type',
  'Due Date',
] as const;

/** Splits CSV text into records of fields (RFC 4180: quotes, "" escapes, newlines inside quotes); with start lines. */
export function splitCsv(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let cur = '';
  let quoted = false;
  let line = 1;
  let recLine = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cur += ch;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
      any = true;
    } else if (ch === ',') {
      fields.push(cur);
      cur = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (any || cur !== '') {
        fields.push(cur);
        out.push({ fields, line: recLine });
      }
      fields = [];
      cur = '';
      any = false;
      line++;
      recLine = line;
    } else {
      cur += ch;
      any = true;
    }
  }
  if (any || cur !== '') {
    fields.push(cur);
    out.push({ fields, line: recLine });
  }
  return out;
}

/** Parses "MM/DD/YYYY hh:mm:ss AM|PM" to wall-clock ms; NaN for an empty string; null when malformed. */
export function parseNycTime(s: string): number | null {
  if (s === '') return NaN;
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(s);
  if (m === null) return null;
  const [mo, d, y, hh, mi, ss] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh < 1 || hh > 12 || mi > 59 || ss > 59) return null;
  const h24 = (hh % 12) + (m[7] === 'PM' ? 12 : 0);
  // Days from civil (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil): no Date needed.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + h24) * 60 + mi) * 60_000 + ss * 1000;
}

/** Parses the sample's CSV text; fileName names the file in messages. Never throws. */
export function parseNyc311(text: string, fileName: string): Nyc311Parse {
  const rows = splitCsv(text);
  const header = rows[0];
  if (header === undefined) return { records: [], errors: [`${fileName}:1: the file is empty`] };
  const col = new Map(header.fields.map((h, i) => [h.trim(), i]));
  const missing = REQUIRED.filter((h) => !col.has(h));
  if (missing.length > 0)
    return {
      records: [],
      errors: [
        `${fileName}:${header.line}: header lacks column(s) ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
      ],
    };
  const at = (f: string[], name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : (f[i] ?? '').trim();
  };
  const records: Nyc311Request[] = [];
  const errors: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { fields, line } = rows[r] as { fields: string[]; line: number };
    const where = `${fileName}:${line}`;
    if (fields.length !== header.fields.length) {
      errors.push(`${where}: ${fields.length} fields, the header has ${header.fields.length}`);
      continue;
    }
    const times: number[] = [];
    let bad = false;
    for (const name of ['Created Date', 'Closed Date', 'Due Date']) {
      const v = at(fields, name);
      const t = parseNycTime(v);
      if (t === null) {
        errors.push(`${where}: ${name}: ${JSON.stringify(v)} is not MM/DD/YYYY hh:mm:ss AM/PM`);
        bad = true;
      }
      times.push(t ?? NaN);
    }
    const created = times[0] as number;
    if (bad || Number.isNaN(created)) {
      if (!bad) errors.push(`${where}: Created Date: empty`);
      continue;
    }
    const type = at(fields, 'Complaint Type');
    const latS = at(fields, 'Latitude');
    const lonS = at(fields, 'Longitude');
    const lat = latS === '' ? NaN : Number(latS);
    const lon = lonS === '' ? NaN : Number(lonS);
    if ((latS !== '' && !Number.isFinite(lat)) || (lonS !== '' && !Number.isFinite(lon))) {
      errors.push(
        `${where}: Latitude/Longitude: ${JSON.stringify(latS)}, ${JSON.stringify(lonS)} are not numbers`,
      );
      continue;
    }
    const category = NYC_CATEGORY[type.toUpperCase()] ?? null;
    records.push({
      line,
      key: at(fields, 'Unique Key'),
      createdMs: created,
      closedMs: times[1] as number,
      dueMs: times[2] as number,
      agency: at(fields, 'Agency'),
      complaintType: type,
      descriptor: at(fields, 'Descriptor'),
      status: at(fields, 'Status'),
      borough: at(fields, 'Borough'),
      lat,
      lon,
      category: category !== null && categoryById(category) !== undefined ? category : null,
    });
  }
  return { records, errors };
}

/** Closure statistics of one category (hours). */
export interface ClosureStats {
  readonly category: string;
  /** Requests with a closure at or after creation. */
  readonly closed: number;
  readonly meanH: number;
  readonly medianH: number;
  readonly p90H: number;
  /** Of those with a Due Date: the fraction closed by it. */
  readonly onTimeRate: number;
  /** Median Due Date − Created Date (the agency's service level), hours; NaN when none. */
  readonly medianDueH: number;
}

/**
 * Per taxonomy category: closure durations (Closed − Created; negative durations — clerical back-dating, 10 in the
 * sample — are left out) and due-date performance. Categories ascending by id.
 */
export function closureStatsByCategory(records: readonly Nyc311Request[]): ClosureStats[] {
  const by = new Map<string, { d: number[]; due: number[]; onTime: number; withDue: number }>();
  for (const r of records) {
    if (r.category === null) continue;
    let s = by.get(r.category);
    if (s === undefined) by.set(r.category, (s = { d: [], due: [], onTime: 0, withDue: 0 }));
    if (!Number.isNaN(r.dueMs) && r.dueMs >= r.createdMs) s.due.push((r.dueMs - r.createdMs) / 3_600_000);
    if (Number.isNaN(r.closedMs) || r.closedMs < r.createdMs) continue;
    s.d.push((r.closedMs - r.createdMs) / 3_600_000);
    if (!Number.isNaN(r.dueMs)) {
      s.withDue++;
      if (r.closedMs <= r.dueMs) s.onTime++;
    }
  }
  const out: ClosureStats[] = [];
  for (const category of [...by.keys()].sort()) {
    const s = by.get(category);
    if (s === undefined) continue;
    s.d.sort((a, b) => a - b);
    s.due.sort((a, b) => a - b);
    out.push({
      category,
      closed: s.d.length,
      meanH: s.d.length > 0 ? s.d.reduce((a, b) => a + b, 0) / s.d.length : NaN,
      medianH: median(s.d),
      p90H: s.d.length > 0 ? (s.d[Math.ceil(0.9 * s.d.length) - 1] as number) : NaN,
      onTimeRate: s.withDue > 0 ? s.onTime / s.withDue : NaN,
      medianDueH: median(s.due),
    });
  }
  return out;
}

/** Created-hour histogram (24 bins) of the requests with a time of day (midnight-exact stamps are date-only). */
export function createdHourHistogram(records: readonly Nyc311Request[]): number[] {
  const h = new Array<number>(24).fill(0);
  for (const r of records) {
    const msOfDay = ((r.createdMs % 86_400_000) + 86_400_000) % 86_400_000;
    if (msOfDay === 0) continue;
    const k = Math.floor(msOfDay / 3_600_000);
    h[k] = (h[k] ?? 0) + 1;
  }
  return h;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1
    ? (sorted[(n - 1) / 2] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}
