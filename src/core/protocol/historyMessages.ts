/**
 * The KPI history (issue 7, docs/protocol.md §12): the feed server samples each domain's headline KPIs every 5
 * simulated minutes into the work-order database (table `kpi_samples`) and answers, on the socket.io namespace
 * `/history`, "this KPI now, at the same time yesterday and at the same time last week" plus a recent series for a
 * sparkline. A comparison point with no sample within ±10 minutes is null with the reason — the twin usually starts
 * fresh, so "yesterday" is often honestly empty. Pure types, constants and validators (no I/O).
 */
import type { EnergyBalance } from '../energy/city/liveEnergy.ts';

/** The socket.io namespace. */
export const HISTORY_NAMESPACE = '/history';

/** Events of the namespace. */
export const HistoryEvent = {
  /** client → server with an acknowledgement: HistoryQuery → HistoryAnswer. */
  query: 'historyQuery',
} as const;

/** Sampling period, simulated ms (5 minutes: the energy dispatch step, 12 traffic KPI messages). */
export const HISTORY_SAMPLE_MS = 5 * 60_000;
/** A comparison takes the nearest sample within this much of the asked time, ms (two sampling periods). */
export const HISTORY_MATCH_MS = 10 * 60_000;
/** Samples are kept this long, simulated ms (8 days: "same time last week" plus a day of margin). */
export const HISTORY_RETAIN_MS = 8 * 86_400_000;
/** A day and a week, ms. */
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** Most KPIs per query, longest id, longest sparkline span (hours). */
export const HISTORY_MAX_IDS = 64;
export const HISTORY_MAX_ID_CHARS = 64;
export const HISTORY_MAX_SERIES_H = 48;
/** Sparkline span when the query names none, hours. */
export const HISTORY_DEFAULT_SERIES_H = 6;

/**
 * The KPIs the server samples, as `<domain>.<kpi id>` of the domain plugins (src/domains/<d>/live.ts): the
 * headline KPIs of every domain plus a few the executive drills into.
 */
export const HISTORY_KPI_IDS = [
  'traffic.tti',
  'traffic.avgSpeed',
  'traffic.delay',
  'energy.balance',
  'energy.renewableShare',
  'energy.load',
  'energy.carbon',
  'resilience.activeHazards',
  'resilience.alertLevel',
  'resilience.exposed',
  'workload.backlog',
  'workload.onTime',
  'workload.overdue',
] as const;
export type HistoryKpiId = (typeof HISTORY_KPI_IDS)[number];

/** client → server: the KPIs to compare at a sim time (normally the twin's clock now). */
export interface HistoryQuery {
  readonly ids: readonly string[];
  readonly atSimMs: number;
  /** Hours of samples before `atSimMs` for a sparkline (0 = none; default 6, at most 48). */
  readonly seriesH?: number;
}

/** One comparison point: the sample nearest the asked time, or null and why. */
export type HistoryPoint =
  | { readonly value: number; readonly simMs: number; readonly reason: null }
  | { readonly value: null; readonly simMs: null; readonly reason: string };

/** The answer for one KPI. */
export interface HistoryRow {
  readonly now: HistoryPoint;
  readonly yesterday: HistoryPoint;
  readonly lastWeek: HistoryPoint;
  /** Samples [simMs, value] ascending over the asked span. */
  readonly series: readonly (readonly [number, number])[];
}

/** server → client. `firstSimMs`: the oldest sample kept for the scene (null: none yet). */
export type HistoryAnswer =
  | {
      readonly ok: true;
      readonly atSimMs: number;
      readonly firstSimMs: number | null;
      readonly rows: Readonly<Record<string, HistoryRow>>;
    }
  | { readonly ok: false; readonly reason: string };

/** The query, or the precise reason it is refused. */
export function validateHistoryQuery(raw: unknown): HistoryQuery | string {
  const where = 'historyQuery';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${where}: must be an object`;
  const r = raw as Record<string, unknown>;
  if (!Array.isArray(r.ids)) return `${where}.ids: must be an array of KPI ids`;
  if (r.ids.length === 0 || r.ids.length > HISTORY_MAX_IDS)
    return `${where}.ids: must hold 1…${HISTORY_MAX_IDS} ids (got ${r.ids.length})`;
  for (let i = 0; i < r.ids.length; i++) {
    const id: unknown = r.ids[i];
    if (typeof id !== 'string' || id.length === 0 || id.length > HISTORY_MAX_ID_CHARS)
      return `${where}.ids[${i}]: must be a string of 1…${HISTORY_MAX_ID_CHARS} characters`;
  }
  if (typeof r.atSimMs !== 'number' || !Number.isFinite(r.atSimMs) || r.atSimMs < 0)
    return `${where}.atSimMs: must be a finite number ≥ 0 (ms since the Unix epoch)`;
  if (r.seriesH !== undefined) {
    if (typeof r.seriesH !== 'number' || !(r.seriesH >= 0 && r.seriesH <= HISTORY_MAX_SERIES_H))
      return `${where}.seriesH: must be a number 0…${HISTORY_MAX_SERIES_H} (got ${String(r.seriesH)})`;
    return { ids: r.ids as string[], atSimMs: r.atSimMs, seriesH: r.seriesH };
  }
  return { ids: r.ids as string[], atSimMs: r.atSimMs };
}

/** The answer, or the precise reason it is malformed (the client's decoder). */
export function validateHistoryAnswer(raw: unknown): HistoryAnswer | string {
  const where = 'historyAnswer';
  if (typeof raw !== 'object' || raw === null) return `${where}: must be an object`;
  const r = raw as Record<string, unknown>;
  if (r.ok === false)
    return typeof r.reason === 'string' ? { ok: false, reason: r.reason } : `${where}.reason: string`;
  if (r.ok !== true) return `${where}.ok: must be true or false`;
  if (typeof r.atSimMs !== 'number') return `${where}.atSimMs: must be a number`;
  if (r.firstSimMs !== null && typeof r.firstSimMs !== 'number') return `${where}.firstSimMs: number or null`;
  if (typeof r.rows !== 'object' || r.rows === null) return `${where}.rows: must be an object`;
  for (const [id, row] of Object.entries(r.rows as Record<string, unknown>)) {
    if (typeof row !== 'object' || row === null) return `${where}.rows.${id}: must be an object`;
    const w = row as Record<string, unknown>;
    for (const k of ['now', 'yesterday', 'lastWeek'] as const) {
      const p = w[k] as Record<string, unknown> | null | undefined;
      if (typeof p !== 'object' || p === null) return `${where}.rows.${id}.${k}: must be an object`;
      const okPoint =
        (typeof p.value === 'number' && typeof p.simMs === 'number' && p.reason === null) ||
        (p.value === null && p.simMs === null && typeof p.reason === 'string');
      if (!okPoint) return `${where}.rows.${id}.${k}: value+simMs, or null with a reason`;
    }
    if (!Array.isArray(w.series)) return `${where}.rows.${id}.series: must be an array`;
  }
  return raw as HistoryAnswer;
}

/** The nearest of ascending samples to `atMs` within ±HISTORY_MATCH_MS, or null with `reasonIfNone`. */
export function nearestPoint(
  samples: readonly (readonly [number, number])[],
  atMs: number,
  reasonIfNone: string,
): HistoryPoint {
  let best: readonly [number, number] | null = null;
  for (const s of samples) {
    const d = Math.abs(s[0] - atMs);
    if (d <= HISTORY_MATCH_MS && (best === null || d < Math.abs(best[0] - atMs))) best = s;
  }
  if (best !== null) return { value: best[1], simMs: best[0], reason: null };
  return { value: null, simMs: null, reason: reasonIfNone };
}

/**
 * Power balance, MW: local supply (thermal + PV + wind + storage discharge − storage charge) − demand (served + shed
 * + unserved); negative = drawn from the grid import point (the energy plugin's `balance` KPI and its history).
 */
export function powerBalanceMw(b: EnergyBalance): number {
  return b.thermalMw + b.pvMw + b.windMw + b.storageDischargeMw - b.storageChargeMw - b.demandMw;
}
