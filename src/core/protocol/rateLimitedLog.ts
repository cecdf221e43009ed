/**
 * A logger that prints at most `maxLines` lines per `windowMs` and then one summary of how many it suppressed, so a
 * client flooding bad messages cannot flood the log (docs/protocol.md §5). Clock injected (DESIGN.md rule 4).
 */

/** A rate-limited line sink. */
export interface RateLimitedLog {
  (line: string): void;
  /** Lines suppressed since the start. */
  readonly suppressed: number;
}

/** Wraps `sink` so it prints at most `maxLines` per `windowMs` of `now()`. */
export function createRateLimitedLog(
  sink: (line: string) => void,
  now: () => number,
  maxLines = 10,
  windowMs = 10_000,
): RateLimitedLog {
  let windowStart = Number.NEGATIVE_INFINITY;
  let printed = 0;
  let dropped = 0;
  let total = 0;
  const log = (line: string): void => {
    const t = now();
    if (t - windowStart >= windowMs) {
      if (dropped > 0)
        sink(`(${dropped} similar lines suppressed in the last ${Math.round(windowMs / 1000)} s)`);
      windowStart = t;
      printed = 0;
      dropped = 0;
    }
    if (printed < maxLines) {
      printed++;
      sink(line);
    } else {
      dropped++;
      total++;
    }
  };
  Object.defineProperty(log, 'suppressed', { get: () => total });
  return log as RateLimitedLog;
}
