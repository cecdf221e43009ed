/**
 * Pure helpers of the executive overview (ExecPage.tsx): the top alerts of all domains merged, the trend of a KPI
 * against a past sample (direction, and whether that is good given the KPI's `better`), delta text with units, and
 * the camera that frames a zone or an alarm. No React here (unit-tested in execFormat.test.ts).
 */
import type { DomainAlarm, DomainPlugin } from '../domains/types.ts';
import type { AppState } from '../state/store.ts';
import type { Better } from '../core/scenario/types.ts';
import type { TwinCamera } from '../core/wall/types.ts';

const SEV_RANK: Readonly<Record<DomainAlarm['severity'], number>> = { critical: 0, major: 1, minor: 2 };

/** Every domain's alarms merged: most severe first, then the newest; `total` counts them all. */
export function mergeAlarms(
  domains: readonly Pick<DomainPlugin, 'alarms'>[],
  s: AppState,
  max: number,
): { shown: DomainAlarm[]; total: number } {
  const all: DomainAlarm[] = [];
  for (const d of domains) all.push(...d.alarms(s));
  all.sort(
    (a, b) => SEV_RANK[a.severity] - SEV_RANK[b.severity] || b.simMs - a.simMs || (a.id < b.id ? -1 : 1),
  );
  return { shown: all.slice(0, max), total: all.length };
}

/** A trend: the sign of now − then, and whether it is an improvement (null when `better` is neutral or flat). */
export interface Trend {
  readonly dir: 'up' | 'down' | 'flat';
  readonly delta: number;
  readonly good: boolean | null;
}

/**
 * The trend of `now` against `then`: flat when the change rounds to zero at the KPI's displayed `digits` (a change
 * the tile cannot show is no trend).
 */
export function trendOf(now: number, then: number, better: Better, digits: number): Trend {
  const delta = now - then;
  const step = 0.5 * 10 ** -digits;
  if (!Number.isFinite(delta) || Math.abs(delta) < step) return { dir: 'flat', delta: 0, good: null };
  const dir = delta > 0 ? 'up' : 'down';
  const good = better === 'neutral' ? null : (better === 'higher') === (dir === 'up');
  return { dir, delta, good };
}

/** Arrows of a direction. */
export const TREND_ARROW = { up: '▲', down: '▼', flat: '＝' } as const;

/** "+0.12", "−3", "+1.5 pp" (a change of a percentage is in percentage points, `ppUnit`). */
export function deltaText(delta: number, digits: number, unit: string, ppUnit: string): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const v = Math.abs(delta).toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
  const u = unit === '%' ? ` ${ppUnit}` : unit === '' ? '' : ` ${unit}`;
  return `${sign}${v}${u}`;
}

/** A value with its digits and thousands separators, '—' when unknown. */
export function valueText(v: number | null, digits: number): string {
  return v === null || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Pitch of the overview's fly-tos, degrees from straight down (an oblique look that shows building heights). */
export const FLY_PITCH_DEG = 50;

/**
 * The camera that frames a zone: looking at its centre from about 1.6× its half-diagonal (the vertical field of view
 * of both views is ~37–45°, so a radius r fills the view at a distance ≈ r / tan(fov/2) ≈ 2.4 r; 1.6 r frames it
 * tightly with the edges just outside, which is what a drill-down wants).
 */
export function zoneCamera(
  centre: { x: number; y: number },
  radiusM: number,
  headingDeg: number,
): TwinCamera {
  return {
    x: centre.x,
    y: centre.y,
    distanceM: Math.max(400, 1.6 * radiusM),
    headingDeg,
    pitchDeg: FLY_PITCH_DEG,
  };
}

/** The camera that shows an alarm's place: 900 m back, enough to see the street block around it. */
export function alarmCamera(x: number, y: number, headingDeg: number): TwinCamera {
  return { x, y, distanceM: 900, headingDeg, pitchDeg: FLY_PITCH_DEG };
}

/** The history ids `<domain>.<kpi>` of every headline KPI, in DOMAINS order. */
export function headlineIds(domains: readonly Pick<DomainPlugin, 'id' | 'kpis'>[]): string[] {
  return domains.flatMap((d) => d.kpis.filter((k) => k.headline).map((k) => `${d.id}.${k.id}`));
}
