/**
 * Department queues: each department is a first-come-first-served queue with c(t) servers (field crews on shift,
 * taxonomy.ts staffPerShift, three 8-hour shifts in local time). A crew that is busy at the end of its shift finishes
 * the job (overtime) and then goes off duty; crews do not preempt. Because the discipline is FCFS and a job's handling
 * time is drawn when it arrives, its start is known on arrival: the earliest time any crew is both free and on duty
 * (the workload-vector recursion of Kiefer & Wolfowitz 1955, "On the theory of queues with many servers", Trans. AMS
 * 78). So the simulation is exact with no event calendar, and the live twin can ask "when will this order start and
 * finish?" the moment it is dispatched (DepartmentQueues.submit).
 *
 * Handling times (work content, not waiting): lognormal per category with mean Category.handleMeanMin and coefficient
 * of variation HANDLE_CV (ASSUMPTION: right-skewed like the NYC 311 closure durations, nyc311.ts), or exponential for
 * the theory check. erlangC gives the M/M/c reference (Erlang 1917; Kleinrock 1975, "Queueing Systems, Vol. I", §3.5;
 * Gross, Shortle, Thompson & Harris 2008, "Fundamentals of Queueing Theory", 4th ed., §2.3): queueSim.test.ts asserts the
 * simulated mean wait matches it within 5 %.
 */
import type { Rng } from '../rng.ts';
import { DEFAULT_UTC_OFFSET_MIN, DEPARTMENTS, TAXONOMY, departmentIndex, shiftOfHour } from './taxonomy.ts';

/** Coefficient of variation of handling times (σ/mean). ASSUMPTION, docs/workload.md. */
export const HANDLE_CV = 1.0;

/** Handling-time distribution family. */
export type HandlingDist = 'lognormal' | 'exponential';

/**
 * A handling time in ms with the given mean: lognormal with σ² = ln(1 + cv²), μ = ln(mean) − σ²/2 (so its mean is
 * `meanMs`), or exponential (inverse transform).
 */
export function sampleHandlingMs(
  meanMs: number,
  rng: Rng,
  dist: HandlingDist = 'lognormal',
  cv = HANDLE_CV,
): number {
  switch (dist) {
    case 'exponential':
      return -Math.log(1 - rng.next()) * meanMs;
    case 'lognormal': {
      const s2 = Math.log(1 + cv * cv);
      return Math.exp(Math.log(meanMs) - s2 / 2 + Math.sqrt(s2) * rng.normal());
    }
    default: {
      const never: never = dist;
      return never;
    }
  }
}

/** Mean handling time of a category (index into TAXONOMY), ms. */
export function handleMeanMs(categoryIndex: number): number {
  return (TAXONOMY[categoryIndex]?.handleMeanMin ?? 60) * 60_000;
}

/** Staff per department and shift [day 08–16, evening 16–24, night 00–08] in local time. */
export interface ShiftCalendar {
  /** Per department (index of DEPARTMENTS or of the caller's list). */
  readonly staffPerShift: readonly (readonly [number, number, number])[];
  /** Minutes east of UTC. */
  readonly utcOffsetMin: number;
}

/**
 * The calendar of DEPARTMENTS: crews per shift × staffScale (the volume relative to DEFAULT_REPORTS_PER_DAY, so
 * utilisation stays as sized), rounded, plus staffDelta per department id (added to every shift), floor 0.
 */
export function defaultCalendar(
  staffDelta: Readonly<Record<string, number>> = {},
  utcOffsetMin: number = DEFAULT_UTC_OFFSET_MIN,
  staffScale = 1,
): ShiftCalendar {
  return {
    utcOffsetMin,
    staffPerShift: DEPARTMENTS.map((d) => {
      const k = staffDelta[d.id] ?? 0;
      const f = (n: number): number => Math.max(0, Math.round(n * staffScale) + k);
      return [f(d.staffPerShift[0]), f(d.staffPerShift[1]), f(d.staffPerShift[2])] as const;
    }),
  };
}

const H_MS = 3_600_000;
const SHIFT_MS = 8 * H_MS;

/** Start and end of one job, and the crew that works it. */
export interface JobTiming {
  readonly startMs: number;
  readonly endMs: number;
  readonly server: number;
}

/** FCFS multi-server queues of all departments, fed in arrival order per department. */
export class DepartmentQueues {
  private readonly free: Float64Array[];
  private readonly lastArrival: Float64Array;

  constructor(readonly calendar: ShiftCalendar) {
    this.free = calendar.staffPerShift.map((s) =>
      new Float64Array(Math.max(s[0], s[1], s[2])).fill(-Infinity),
    );
    this.lastArrival = new Float64Array(calendar.staffPerShift.length).fill(-Infinity);
  }

  /** Staff of a department on duty at a time. */
  staffAt(department: number, tMs: number): number {
    const s = this.calendar.staffPerShift[department];
    return s === undefined ? 0 : s[this.shiftAt(tMs)];
  }

  /**
   * Queues a job arriving at arrivalMs needing serviceMs of work; returns when it starts and ends (start Infinity,
   * server −1 when the department never has staff). Arrivals per department must not go back in time.
   */
  submit(department: number, arrivalMs: number, serviceMs: number): JobTiming {
    const free = this.free[department];
    if (free === undefined) throw new RangeError(`DepartmentQueues.submit: no department ${department}`);
    if (arrivalMs < (this.lastArrival[department] as number))
      throw new RangeError(
        `DepartmentQueues.submit: department ${department}: arrival ${arrivalMs} before the previous one ${String(this.lastArrival[department])}`,
      );
    if (!(serviceMs >= 0)) throw new RangeError(`DepartmentQueues.submit: serviceMs ${serviceMs} is not ≥ 0`);
    this.lastArrival[department] = arrivalMs;
    let best = Infinity;
    let server = -1;
    for (let k = 0; k < free.length; k++) {
      const ready = Math.max(arrivalMs, free[k] as number);
      if (ready >= best) continue; // on duty no earlier than ready: cannot beat best
      const s = this.nextOnDuty(department, k, ready);
      if (s < best) {
        best = s;
        server = k;
      }
    }
    if (server < 0) return { startMs: Infinity, endMs: Infinity, server: -1 };
    const endMs = best + serviceMs;
    free[server] = endMs;
    return { startMs: best, endMs, server };
  }

  /** Shift index at a time (local). */
  private shiftAt(tMs: number): 0 | 1 | 2 {
    const local = (((tMs + this.calendar.utcOffsetMin * 60_000) % 86_400_000) + 86_400_000) % 86_400_000;
    return shiftOfHour(local / H_MS);
  }

  /** First time ≥ t at which crew k of a department is on duty (Infinity when never). */
  private nextOnDuty(department: number, k: number, t: number): number {
    const s = this.calendar.staffPerShift[department];
    if (s === undefined) return Infinity;
    let at = t;
    for (let i = 0; i < 4; i++) {
      if (k < s[this.shiftAt(at)]) return at;
      // Jump to the next shift boundary (local 00, 08, 16 h).
      const local = (((at + this.calendar.utcOffsetMin * 60_000) % SHIFT_MS) + SHIFT_MS) % SHIFT_MS;
      at = at - local + SHIFT_MS;
    }
    return Infinity;
  }
}

/** Department index (into DEPARTMENTS) of each category (its default department). */
export const CATEGORY_DEPARTMENT: Int32Array = Int32Array.from(
  TAXONOMY.map((c) => departmentIndex(c.department)),
);

/** M/M/c reference values. Times in the unit of 1/lambda and 1/mu. */
export interface ErlangC {
  /** Offered load per server ρ = λ / (c μ). */
  readonly rho: number;
  /** Probability an arrival waits (Erlang's C formula); 1 when ρ ≥ 1. */
  readonly pWait: number;
  /** Mean wait in queue Wq = C / (c μ − λ); Infinity when ρ ≥ 1. */
  readonly wq: number;
}

/**
 * Erlang C for an M/M/c queue with arrival rate lambda, service rate mu per server, c servers:
 *   C(c, a) = [a^c / c! · 1/(1−ρ)] / [Σ_{k<c} a^k/k! + a^c/c! · 1/(1−ρ)],  a = λ/μ, ρ = a/c,  Wq = C / (cμ − λ)
 * (Kleinrock 1975, Vol. I, §3.5; Gross et al. 2008, §2.3). Computed through the Erlang B recursion
 * B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), C = B / (1 − ρ(1 − B)), which never overflows (Jagerman 1974,
 * "Some properties of the Erlang loss function", Bell Syst. Tech. J. 53).
 */
export function erlangC(lambda: number, mu: number, c: number): ErlangC {
  if (!(lambda >= 0) || !(mu > 0) || !Number.isInteger(c) || c < 1)
    throw new RangeError(
      `erlangC: need lambda ≥ 0, mu > 0 and an integer c ≥ 1 (got ${lambda}, ${mu}, ${c})`,
    );
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) return { rho, pWait: 1, wq: Infinity };
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const pWait = b / (1 - rho * (1 - b));
  return { rho, pWait, wq: pWait / (c * mu - lambda) };
}
