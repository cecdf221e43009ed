/**
 * Pure helpers of the resilience panel and tile (ResiliencePanel.tsx, KpiPlaceholders.tsx): alert colours, hazard
 * order, the cascade timeline grouped and capped, exposure tallies, water-balance shares, district counts per level,
 * and the operator's scenario form → HazardSpec with validation against the wire bounds (hazardMessages.ts).
 */
import type {
  ActiveHazard,
  AlertLevel,
  CascadeNode,
  CascadeSystem,
  CriticalKind,
  ExposureSummary,
  FloodBalance,
  HazardPhase,
  HazardSpec,
  HeatSummary,
  Severity,
} from '../core/hazards/types.ts';
import { HAZARD_PHASES } from '../core/hazards/types.ts';
import { HAZARD_SPEC_BOUNDS } from '../core/protocol/hazardMessages.ts';

/**
 * Colours of the alert levels: the four colours of China's meteorological disaster warning signals (中国气象局
 * 《气象灾害预警信号发布与传播办法》2007, 第十条: 蓝、黄、橙、红), as sRGB hex; index 0 (no alert) neutral grey.
 */
export const ALERT_COLOURS: readonly [string, string, string, string, string] = [
  '#8a94a6',
  '#2f7de1',
  '#f2c400',
  '#f57c00',
  '#e02424',
];

/** Text colour readable on an alert chip (dark on yellow and orange, white on blue and red). */
export function alertTextColour(level: AlertLevel): string {
  return level === 2 || level === 3 ? '#1a1a1a' : '#ffffff';
}

/** Index of a phase on the step bar: warning 0 … over 3. */
export function phaseIndex(p: HazardPhase): number {
  return HAZARD_PHASES.indexOf(p);
}

/** Hazards to list: not over first, then by alert level (highest first), then newest trigger first. */
export function sortHazards(hs: readonly ActiveHazard[]): ActiveHazard[] {
  return hs
    .slice()
    .sort(
      (a, b) =>
        Number(a.phase === 'over') - Number(b.phase === 'over') ||
        b.alertLevel - a.alertLevel ||
        b.triggeredMs - a.triggeredMs,
    );
}

/** The hazards not over. */
export function activeHazards(hs: readonly ActiveHazard[]): ActiveHazard[] {
  return hs.filter((h) => h.phase !== 'over');
}

/** The highest alert level among hazards not over (0 when none). */
export function highestAlert(hs: readonly ActiveHazard[]): AlertLevel {
  let m: AlertLevel = 0;
  for (const h of hs) if (h.phase !== 'over' && h.alertLevel > m) m = h.alertLevel;
  return m;
}

/** People exposed over all hazards not over (sum of their exposure summaries). */
export function exposedPeople(hs: readonly ActiveHazard[], exp: readonly ExposureSummary[]): number {
  const live = new Set(activeHazards(hs).map((h) => h.id));
  let n = 0;
  for (const e of exp) if (live.has(e.hazardId)) n += e.people;
  return n;
}

/**
 * A run of the timeline: consecutive steps (newest first) of one hazard with the same kind and system in the same
 * simulated minute — e.g. 37 road closures as the water rises — shown as one row with a count; `members` newest
 * first, the head is members[0].
 */
export interface CascadeRun {
  readonly head: CascadeNode;
  readonly members: readonly CascadeNode[];
}

/** One hazard's group of the timeline: its runs newest first, and its steps per system over the whole log. */
export interface CascadeGroup {
  readonly hazardId: string;
  readonly runs: readonly CascadeRun[];
  readonly bySystem: ReadonlyMap<CascadeSystem, number>;
}

/** Whether step `c` continues run `r` (same kind and system in the same simulated minute). */
function sameRun(r: CascadeRun, c: CascadeNode): boolean {
  const h = r.head;
  return (
    h.kind === c.kind &&
    h.system === c.system &&
    Math.floor(h.simTimeMs / 60_000) === Math.floor(c.simTimeMs / 60_000)
  );
}

/**
 * The cascade timeline: steps newest first, grouped by hazard (the group with the newest step first), repeated steps
 * folded into runs, at most `maxRows` runs in all (the newest); `hidden` counts the steps left out.
 */
export function cascadeTimeline(
  log: readonly CascadeNode[],
  maxRows: number,
): { groups: CascadeGroup[]; hidden: number } {
  const runs = new Map<string, { hazardId: string; runs: { head: CascadeNode; members: CascadeNode[] }[] }>();
  const bySystem = new Map<string, Map<CascadeSystem, number>>();
  for (const c of log) {
    let m = bySystem.get(c.hazardId);
    if (m === undefined) bySystem.set(c.hazardId, (m = new Map()));
    m.set(c.system, (m.get(c.system) ?? 0) + 1);
  }
  let rows = 0;
  let covered = 0;
  // The log is oldest first (store: appended in order): walk it backwards so the newest steps are taken first.
  for (let i = log.length - 1; i >= 0; i--) {
    const c = log[i]!;
    let g = runs.get(c.hazardId);
    const last = g?.runs[g.runs.length - 1];
    if (last !== undefined && sameRun(last, c)) {
      last.members.push(c);
    } else {
      if (rows >= maxRows) break;
      if (g === undefined) runs.set(c.hazardId, (g = { hazardId: c.hazardId, runs: [] }));
      g.runs.push({ head: c, members: [c] });
      rows++;
    }
    covered++;
  }
  const groups: CascadeGroup[] = [];
  for (const g of runs.values())
    groups.push({ hazardId: g.hazardId, runs: g.runs, bySystem: bySystem.get(g.hazardId) ?? new Map() });
  return { groups, hidden: log.length - covered };
}

/** Exposed critical assets per kind and severity: rows [kind, counts by severity 1…3], kinds with any only. */
export function assetTally(
  e: ExposureSummary,
  kindOf: (asset: number) => CriticalKind | undefined,
): { kind: CriticalKind; bySeverity: [number, number, number] }[] {
  const m = new Map<CriticalKind, [number, number, number]>();
  for (const a of e.assets) {
    const k = kindOf(a.asset);
    if (k === undefined) continue;
    let row = m.get(k);
    if (row === undefined) m.set(k, (row = [0, 0, 0]));
    row[a.severity - 1]!++;
  }
  return [...m].map(([kind, bySeverity]) => ({ kind, bySeverity }));
}

/** The `n` districts with most people exposed (ties: more buildings, then lower zone index). */
export function topDistricts(e: ExposureSummary, n: number): ExposureSummary['byDistrict'] {
  return e.byDistrict
    .slice()
    .sort((a, b) => b.people - a.people || b.buildings - a.buildings || a.zone - b.zone)
    .slice(0, n);
}

/** The terms of a water balance with their share of the rain, %, in the equation's order. */
export function balanceTerms(
  b: FloodBalance,
): { key: 'rain' | 'infiltrated' | 'drained' | 'stored' | 'out'; m3: number; pct: number }[] {
  const pct = (v: number): number => (b.rainM3 > 0 ? (100 * v) / b.rainM3 : 0);
  return [
    { key: 'rain', m3: b.rainM3, pct: b.rainM3 > 0 ? 100 : 0 },
    { key: 'infiltrated', m3: b.infiltratedM3, pct: pct(b.infiltratedM3) },
    { key: 'drained', m3: b.drainedM3, pct: pct(b.drainedM3) },
    { key: 'stored', m3: b.storedM3, pct: pct(b.storedM3) },
    { key: 'out', m3: b.outflowM3, pct: pct(b.outflowM3) },
  ];
}

/** Districts per heat alert level 1…4 (index 0 = level 1 blue … 3 = level 4 red). */
export function districtsByLevel(h: HeatSummary): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (const d of h.districts) if (d.level > 0) out[d.level - 1]!++;
  return out;
}

/** Wet area, km², of `wetCells` cells of `cellM` metres. */
export function wetAreaKm2(wetCells: number, cellM: number): number {
  return (wetCells * cellM * cellM) / 1e6;
}

/** A compact number of people: 12,345 → "12,345"; 1,234,567 → "1.23 M" (zh: "123.5 万"). */
export function peopleText(n: number, lang: 'zh' | 'en'): string {
  if (!Number.isFinite(n)) return '—';
  const r = Math.round(n);
  if (lang === 'zh' && r >= 100_000) return `${(r / 10_000).toFixed(1)} 万`;
  if (lang === 'en' && r >= 1_000_000) return `${(r / 1e6).toFixed(2)} M`;
  return r.toLocaleString('en-US');
}

// ───────────────────────────── the operator's scenario form ─────────────────────────────

/** A form field that failed: which field (a dictionary label key's text) and why. */
export interface FieldError {
  readonly field: string;
  readonly kind: 'number' | 'range';
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** Parses a form value as a number in [min, max]; pushes an error and returns NaN when it is not. */
export function fieldNumber(
  raw: string,
  field: string,
  min: number,
  max: number,
  unit: string,
  errors: FieldError[],
): number {
  const t = raw.trim();
  const v = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(v)) {
    errors.push({ field, kind: 'number', min, max, unit });
    return Number.NaN;
  }
  if (v < min || v > max) {
    errors.push({ field, kind: 'range', min, max, unit });
    return Number.NaN;
  }
  return v;
}

/**
 * Form bounds: the wire's (HAZARD_SPEC_BOUNDS) narrowed to what an operator drill needs. Return period 1–1000 years
 * (the range), durations from 5 min (the storm formulas are fitted from 5 min, GB 50014-2021 附录 B) to a day.
 */
export const FORM_BOUNDS = {
  returnPeriodYears: [1, HAZARD_SPEC_BOUNDS.returnPeriodYears[1]],
  durationMin: [5, HAZARD_SPEC_BOUNDS.durationMinMax],
  leadMin: [0, 1440],
  magnitude: HAZARD_SPEC_BOUNDS.magnitude,
  depthKm: [1, 100],
  peakTempC: [30, 50],
  humidityPct: [0, 100],
  durationH: [1, 240],
} as const;

/** Chicago hyetograph peak position of the drills (Keifer & Chu 1957; 0.4 is the usual design value in China). */
export const DRILL_PEAK_RATIO = 0.4;

/** Raw text of the rainstorm form. */
export interface RainForm {
  formula: string;
  returnPeriodYears: string;
  durationMin: string;
  leadMin: string;
}

/** The rainstorm spec of a form, or the errors (labels: field names shown to the operator). */
export function rainSpec(
  f: RainForm,
  labels: { returnPeriod: string; duration: string; lead: string },
): { spec: HazardSpec | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const B = FORM_BOUNDS;
  const P = fieldNumber(f.returnPeriodYears, labels.returnPeriod, ...B.returnPeriodYears, 'a', errors);
  const T = fieldNumber(f.durationMin, labels.duration, ...B.durationMin, 'min', errors);
  const lead = fieldNumber(f.leadMin, labels.lead, ...B.leadMin, 'min', errors);
  if (errors.length > 0) return { spec: null, errors };
  return {
    spec: {
      kind: 'rainstorm',
      leadMin: lead,
      rain: {
        kind: 'design',
        formula: f.formula,
        returnPeriodYears: P,
        durationMin: T,
        peakRatio: DRILL_PEAK_RATIO,
      },
    },
    errors,
  };
}

/** Raw text of the earthquake form, with the epicentre already resolved to local metres. */
export interface QuakeForm {
  magnitude: string;
  depthKm: string;
  x: number;
  y: number;
}

/** The earthquake spec of a form, or the errors. */
export function quakeSpec(
  f: QuakeForm,
  labels: { magnitude: string; depth: string },
): { spec: HazardSpec | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const M = fieldNumber(f.magnitude, labels.magnitude, ...FORM_BOUNDS.magnitude, 'Mw', errors);
  const d = fieldNumber(f.depthKm, labels.depth, ...FORM_BOUNDS.depthKm, 'km', errors);
  if (errors.length > 0) return { spec: null, errors };
  return { spec: { kind: 'earthquake', x: f.x, y: f.y, magnitude: M, depthKm: d }, errors };
}

/** Raw text of the heat-wave form. */
export interface HeatForm {
  peakTempC: string;
  humidityPct: string;
  durationH: string;
}

/** The heat-wave spec of a form (warning lead 0: the drill starts now), or the errors. */
export function heatSpec(
  f: HeatForm,
  labels: { peakTemp: string; humidity: string; hours: string },
): { spec: HazardSpec | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const B = FORM_BOUNDS;
  const t = fieldNumber(f.peakTempC, labels.peakTemp, ...B.peakTempC, '°C', errors);
  const rh = fieldNumber(f.humidityPct, labels.humidity, ...B.humidityPct, '%', errors);
  const h = fieldNumber(f.durationH, labels.hours, ...B.durationH, 'h', errors);
  if (errors.length > 0) return { spec: null, errors };
  return { spec: { kind: 'heat', leadMin: 0, durationH: h, peakTempC: t, humidityPct: rh }, errors };
}

/** Severity as a CSS class suffix. */
export function severityClass(s: Severity): string {
  return s === 3 ? 'sev-out' : s === 2 ? 'sev-impaired' : 'sev-watch';
}
