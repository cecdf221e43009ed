/**
 * Calendar helpers on simulation time (ms since the Unix epoch) without Date (DESIGN.md rule 4): local hour of day and
 * day of week for a fixed UTC offset. China Standard Time is UTC+8 all year (no daylight saving), the default.
 */

/** China Standard Time offset, minutes east of UTC. */
export const CST_OFFSET_MIN = 480;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Local hour of day in [0, 24) (fractional) at `simTimeMs` for a UTC offset in minutes. */
export function localHour(simTimeMs: number, utcOffsetMin = CST_OFFSET_MIN): number {
  const localMs = simTimeMs + utcOffsetMin * 60_000;
  const inDay = ((localMs % DAY_MS) + DAY_MS) % DAY_MS;
  return inDay / HOUR_MS;
}

/** Local day of week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function localWeekday(simTimeMs: number, utcOffsetMin = CST_OFFSET_MIN): number {
  const day = Math.floor((simTimeMs + utcOffsetMin * 60_000) / DAY_MS);
  return (((day + 3) % 7) + 7) % 7;
}

/** Piecewise-linear interpolation of `points` ([x, y] pairs, x ascending) at x, clamped at the ends. */
export function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  const first = points[0];
  if (first === undefined) return 0;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const b = points[i] as readonly [number, number];
    if (x <= b[0]) {
      const a = points[i - 1] as readonly [number, number];
      return a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]);
    }
  }
  return (points[points.length - 1] as readonly [number, number])[1];
}

/**
 * True when a sensor with reporting phase `phaseMs` and period `periodMs` reports in the tick (prevMs, nowMs]:
 * staggered phases spread the reports of many sensors evenly over the ticks, as real detectors are not synchronised.
 */
export function reportsInTick(prevMs: number, nowMs: number, periodMs: number, phaseMs: number): boolean {
  return Math.floor((nowMs - phaseMs) / periodMs) > Math.floor((prevMs - phaseMs) / periodMs);
}
