/**
 * Workload what-if for planners: levers (arrival surge by category, staffing change per department, SLA change) →
 * the simulated backlog and on-time rate per day over the next N days, scenario vs baseline. docs/workload.md §What-if.
 *
 * Model: arrivals.ts Poisson arrivals (reportsPerDay × share × daily pattern) dispatched at once to the category's
 * department; queueSim.ts FCFS crews on shift with lognormal handling times. An order is on time when it is handled
 * within the handle allowance (slaFor, scaled by the SLA lever) of its dispatch. Accept and dispatch are the
 * operators' stages and are not simulated here (their delay is minutes against handle allowances of hours).
 * Common random numbers (Law 2015, "Simulation Modeling and Analysis", 5th ed., §11.2): the baseline's arrivals and
 * handling times are reused by the scenario; a surge adds arrivals from a separate stream, a cut thins the baseline's
 * (Lewis & Shedler 1979 thinning), so differences come from the levers, not from noise.
 */
import { createRng, hash32 } from '../rng.ts';
import {
  type Arrival,
  type ArrivalOptions,
  DEFAULT_REPORTS_PER_DAY,
  makeSites,
  sampleArrivals,
} from './arrivals.ts';
import {
  CATEGORY_DEPARTMENT,
  DepartmentQueues,
  defaultCalendar,
  handleMeanMs,
  sampleHandlingMs,
} from './queueSim.ts';
import type { HandlingDist } from './queueSim.ts';
import {
  DEFAULT_UTC_OFFSET_MIN,
  TAXONOMY,
  categoryById,
  categoryIndex,
  departmentById,
  slaFor,
} from './taxonomy.ts';

/** The planner's levers. Keys are category ids / department ids; '*' means every category. */
export interface WorkloadLever {
  /** Arrival change per category, percent (+30 = 30 % more reports; ≥ −100). */
  readonly surgePct?: Readonly<Record<string, number>>;
  /** Staff change per department, crews added to (or removed from, negative) every shift. */
  readonly staffDelta?: Readonly<Record<string, number>>;
  /** Handle allowance change per category, percent (−25 = deadlines a quarter shorter; > −100). */
  readonly slaPct?: Readonly<Record<string, number>>;
}

/** An open order carried into the what-if from the live twin. */
export interface BacklogItem {
  readonly category: string;
  /** Dispatched at (its handle clock started), ms. */
  readonly dispatchedMs: number;
}

/** What to simulate. */
export interface WorkloadWhatIfInput {
  readonly startMs: number;
  /** Whole days, 1…60. */
  readonly days: number;
  readonly seed: number;
  readonly lever: WorkloadLever;
  readonly reportsPerDay?: number;
  readonly utcOffsetMin?: number;
  /** Open orders at the start (queued in dispatch order before the first arrival). */
  readonly backlog?: readonly BacklogItem[];
  readonly handling?: HandlingDist;
}

/** One simulated day. Rates are NaN with no denominator. */
export interface WorkloadDay {
  readonly day: number;
  readonly startMs: number;
  readonly arrivals: number;
  readonly completed: number;
  /** Orders dispatched by the end of the day and not yet handled. */
  readonly backlogEnd: number;
  /** Of the orders handled this day: handled within their (lever-scaled) allowance. */
  readonly onTimeRate: number;
  /** Mean wait from dispatch to a crew starting, over orders started this day, hours. */
  readonly meanWaitH: number;
}

/** Baseline and scenario, day by day. */
export interface WorkloadWhatIfResult {
  readonly baseline: readonly WorkloadDay[];
  readonly scenario: readonly WorkloadDay[];
  /** Per department id: orders still waiting or in service at the end, baseline vs scenario. */
  readonly backlogByDepartment: Readonly<
    Record<string, { readonly baseline: number; readonly scenario: number }>
  >;
}

/** Progress and cancel hooks (the what-if worker drives its progress bar and Cancel button with them). */
export interface WorkloadRunControl {
  /** Called after each simulated day with days done and the total (baseline + scenario). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled before each simulated day: true stops the run, which then throws WorkloadRunCancelled. */
  readonly isCancelled?: () => boolean;
}

/** Thrown by a run whose isCancelled said yes. */
export class WorkloadRunCancelled extends Error {
  constructor(done: number, total: number) {
    super(`workload what-if cancelled after ${done} of ${total} days`);
    this.name = 'WorkloadRunCancelled';
  }
}

/** Checks a lever (from the wire, unknown shape): null when it is a valid WorkloadLever, else the field and why. */
export function validateWorkloadLever(lever: unknown): string | null {
  if (typeof lever !== 'object' || lever === null || Array.isArray(lever)) return 'lever: must be an object';
  for (const k of Object.keys(lever))
    if (k !== 'surgePct' && k !== 'staffDelta' && k !== 'slaPct') return `lever.${k}: unknown lever`;
  const l = lever as Record<string, unknown>;
  const check = (
    field: string,
    rec: unknown,
    known: (id: string) => boolean,
    min: number,
    max: number,
  ): string | null => {
    if (rec === undefined) return null;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
      return `lever.${field}: must be an object of numbers`;
    for (const [k, v] of Object.entries(rec)) {
      if (!known(k)) return `lever.${field}.${k}: unknown id`;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
        return `lever.${field}.${k}: ${String(v)} is not a number in [${min}, ${max}]`;
    }
    return null;
  };
  const cat = (id: string): boolean => id === '*' || categoryById(id) !== undefined;
  return (
    check('surgePct', l.surgePct, cat, -100, 1000) ??
    check('staffDelta', l.staffDelta, (id) => departmentById(id) !== undefined, -1000, 1000) ??
    check('slaPct', l.slaPct, cat, -90, 1000)
  );
}

const DAY_MS = 86_400_000;
const H_MS = 3_600_000;

interface Job {
  readonly arrivalMs: number;
  readonly category: number;
  readonly serviceMs: number;
  /** Start of its handle clock (the dispatch; earlier than arrivalMs for backlog carried in). */
  readonly clockMs: number;
  /** Carried in from the live backlog (not an arrival of the run). */
  readonly carried: boolean;
}

/**
 * Runs the baseline and the scenario for input.days days. Deterministic for the seed. Throws RangeError for bad input
 * (lever, days) and WorkloadRunCancelled when cancelled.
 */
export function runWorkloadWhatIf(
  input: WorkloadWhatIfInput,
  control: WorkloadRunControl = {},
): WorkloadWhatIfResult {
  const bad = validateWorkloadLever(input.lever);
  if (bad !== null) throw new RangeError(bad);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 60)
    throw new RangeError(`days: ${String(input.days)} is not an integer in [1, 60]`);
  const endMs = input.startMs + input.days * DAY_MS;
  const dist = input.handling ?? 'lognormal';
  const off = input.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  const arrOpts: ArrivalOptions = {
    utcOffsetMin: off,
    ...(input.reportsPerDay === undefined ? {} : { reportsPerDay: input.reportsPerDay }),
  };
  // Only times and categories matter here: one site.
  const site = makeSites([0], [0], [-1], [1]);
  const root = (label: string) => createRng(hash32(`${input.seed}:${label}`));

  // Baseline jobs: carried backlog first, then arrivals; handling times from their own stream (CRN).
  const svc = root('service');
  const base: Job[] = [];
  for (const b of input.backlog ?? []) {
    const k = categoryIndex(b.category);
    if (k < 0) throw new RangeError(`backlog: category ${JSON.stringify(b.category)} is not in the taxonomy`);
    base.push({
      arrivalMs: input.startMs,
      category: k,
      serviceMs: sampleHandlingMs(handleMeanMs(k), svc, dist),
      clockMs: b.dispatchedMs,
      carried: true,
    });
  }
  const carried = base.length;
  for (const a of sampleArrivals(site, input.startMs, endMs, root('arrivals'), arrOpts))
    base.push(job(a, svc, dist));

  // Scenario jobs: baseline thinned where the surge is negative, plus extra arrivals where it is positive.
  const factor = (k: number): number => {
    const id = TAXONOMY[k]?.id ?? '';
    return (1 + (input.lever.surgePct?.[id] ?? 0) / 100) * (1 + (input.lever.surgePct?.['*'] ?? 0) / 100);
  };
  const thin = root('thin');
  const scen: Job[] = base.slice(0, carried);
  for (let i = carried; i < base.length; i++) {
    const j = base[i] as Job;
    const f = factor(j.category);
    const u = thin.next(); // drawn for every job: the thinning stream stays aligned whatever the levers
    if (f >= 1 || u < f) scen.push(j);
  }
  const surge: Record<string, number> = {};
  for (let k = 0; k < TAXONOMY.length; k++) {
    const f = factor(k);
    surge[TAXONOMY[k]?.id ?? ''] = f > 1 ? f - 1 : 0;
  }
  const extraSvc = root('extraService');
  for (const a of sampleArrivals(site, input.startMs, endMs, root('surge'), { ...arrOpts, surge }))
    scen.push(job(a, extraSvc, dist));
  scen.sort((a, b) => a.arrivalMs - b.arrivalMs);

  const total = 2 * input.days;
  let done = 0;
  const tick = (): void => {
    if (control.isCancelled?.() === true) throw new WorkloadRunCancelled(done, total);
  };
  const step = (): void => {
    done++;
    control.onProgress?.(done, total);
  };
  const noLever: WorkloadLever = {};
  const b = simulate(base, input, off, noLever, tick, step);
  const s = simulate(scen, input, off, input.lever, tick, step);
  const backlogByDepartment: Record<string, { baseline: number; scenario: number }> = {};
  for (const [id, n] of Object.entries(b.openByDept)) backlogByDepartment[id] = { baseline: n, scenario: 0 };
  for (const [id, n] of Object.entries(s.openByDept)) {
    const e = backlogByDepartment[id] ?? { baseline: 0, scenario: 0 };
    e.scenario = n;
    backlogByDepartment[id] = e;
  }
  return { baseline: b.days, scenario: s.days, backlogByDepartment };
}

function job(a: Arrival, svc: ReturnType<typeof createRng>, dist: HandlingDist): Job {
  return {
    arrivalMs: a.simTimeMs,
    category: a.category,
    serviceMs: sampleHandlingMs(handleMeanMs(a.category), svc, dist),
    clockMs: a.simTimeMs,
    carried: false,
  };
}

function simulate(
  jobs: readonly Job[],
  input: WorkloadWhatIfInput,
  utcOffsetMin: number,
  lever: WorkloadLever,
  tick: () => void,
  step: () => void,
): { days: WorkloadDay[]; openByDept: Record<string, number> } {
  const scale = (input.reportsPerDay ?? DEFAULT_REPORTS_PER_DAY) / DEFAULT_REPORTS_PER_DAY;
  const q = new DepartmentQueues(defaultCalendar(lever.staffDelta ?? {}, utcOffsetMin, scale));
  const n = jobs.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const allowH = new Float64Array(TAXONOMY.length);
  for (let k = 0; k < TAXONOMY.length; k++) {
    const c = TAXONOMY[k];
    if (c === undefined) continue;
    const pct = (1 + (lever.slaPct?.[c.id] ?? 0) / 100) * (1 + (lever.slaPct?.['*'] ?? 0) / 100);
    allowH[k] = slaFor(c.id, c.priority).handleH * pct;
  }
  // Queue the jobs a day at a time (progress and cancel per day; jobs are in arrival order).
  let i = 0;
  for (let d = 0; d < input.days; d++) {
    tick();
    const dayEnd = d === input.days - 1 ? Infinity : input.startMs + (d + 1) * DAY_MS;
    for (; i < n && (jobs[i] as Job).arrivalMs < dayEnd; i++) {
      const j = jobs[i] as Job;
      const t = q.submit(CATEGORY_DEPARTMENT[j.category] as number, j.arrivalMs, j.serviceMs);
      start[i] = t.startMs;
      end[i] = t.endMs;
    }
    step();
  }
  // Day statistics.
  const days: WorkloadDay[] = [];
  for (let d = 0; d < input.days; d++) {
    const d0 = input.startMs + d * DAY_MS;
    const d1 = d0 + DAY_MS;
    let arrivals = 0;
    let completed = 0;
    let onTime = 0;
    let backlogEnd = 0;
    let started = 0;
    let waitMs = 0;
    for (let i = 0; i < n; i++) {
      const j = jobs[i] as Job;
      const e = end[i] as number;
      const s = start[i] as number;
      if (j.arrivalMs >= d0 && j.arrivalMs < d1 && !j.carried) arrivals++;
      if (e >= d0 && e < d1) {
        completed++;
        if (e - j.clockMs <= (allowH[j.category] as number) * H_MS) onTime++;
      }
      if (s >= d0 && s < d1) {
        started++;
        waitMs += s - j.arrivalMs;
      }
      if (j.arrivalMs < d1 && e >= d1) backlogEnd++;
    }
    days.push({
      day: d,
      startMs: d0,
      arrivals,
      completed,
      backlogEnd,
      onTimeRate: completed > 0 ? onTime / completed : NaN,
      meanWaitH: started > 0 ? waitMs / started / H_MS : NaN,
    });
  }
  const endMs = input.startMs + input.days * DAY_MS;
  const openByDept: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    if ((end[i] as number) < endMs) continue;
    const dept = TAXONOMY[(jobs[i] as Job).category]?.department ?? '';
    openByDept[dept] = (openByDept[dept] ?? 0) + 1;
  }
  return { days, openByDept };
}
