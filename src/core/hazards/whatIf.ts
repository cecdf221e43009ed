/**
 * The planner's hazard what-if (issue 5: "all of it runs in the live twin … and in the planner's what-if"): a fork
 * of the live twin as two city simulators (src/core/sim/citySimulator.ts) built from the same city, seed and start
 * time; the scenario one has the hazard triggered at the start. Both step at 1-simulated-minute ticks to the horizon,
 * so traffic, energy, the hazard runtime and its cascade run exactly as they do in the live twin; every
 * `sampleEveryMin` minutes the KPIs of every domain are sampled from both:
 *   traffic — city travel-time index, vehicle-hours of delay per hour, average speed (sim.traffic.kpis());
 *   energy — demand, load served, load not served (shed + unserved), net storage discharge (LiveEnergyModel.balance);
 *   resilience — lifelines power / roads / water (HazardRuntime lifelines, docs/resilience.md), closed road links,
 *     people exposed (ExposureSummary), max water on roads (the rainstorm's headline);
 *   一网统管 — the hazard reports the scenario raised so far (each becomes a work order in the live twin).
 * The result: both series, a delta table (peak, minimum, end value and time integral per KPI, with units), the
 * scenario's whole cascade log, the links it closed (and for how long) and the flood's maximum depth per cell.
 *
 * What a fork is and is not: the simulators start fresh at the live clock's time (same seed as the live server when
 * the caller passes it), so time-of-day demand, weather and the traffic equilibrium match the live twin's, but the
 * live twin's open incidents and running hazards are not copied in. The baseline runs the same way, so the deltas
 * are the hazard's alone.
 *
 * Cost: the per-city models (traffic network, demand fitted to the peak TTI, peak-hour animation scale, grid model)
 * are pure functions of the city, so both forks — and every later run on the same CityModel object in the worker —
 * share one copy (src/core/traffic/live.ts cityTrafficModels, src/core/sim/citySimulator.ts cityGridModel: per-city
 * WeakMap memos): the first fork of a city pays the fit (≈ 2–3 s on the default scene), every fork then pays only
 * its first, cold equilibrium (≈ 1 s). After that a minute costs a flood step (scenario) and, every
 * `trafficIntervalMin` minutes or when rain and closures change capacities, a traffic re-solve (both): the re-solves
 * are most of a run (docs/BENCHMARKS.md, "Hazard what-if"). A finished baseline is kept per city object too
 * (BASELINES): a later run with the same seed, start, horizon and intervals — another storm from the same fork, a
 * saved scenario re-run — steps only its scenario fork. A caller in a worker runs it in chunks through
 * `HazardWhatIfRun.advance`; `runHazardWhatIf` is the one-call form.
 * Pure and deterministic (DESIGN.md rule 4): no Date, no Math.random; the same inputs give identical results.
 */
import { MAX_CASCADE_LOG } from '../protocol/hazardMessages.ts';
import { ReadingColumns } from '../protocol/readingColumns.ts';
import type { CityModel } from '../scene/types.ts';
import { createCitySimulator, type CitySimulator } from '../sim/citySimulator.ts';
import type { HazardReport } from './cascade.ts';
import { CLOSED_LINK_FACTOR } from './lifecycle.ts';
import type { CascadeNode, HazardSpec, Text2 } from './types.ts';

/** Simulated ms per what-if tick (the hazard runtime's model step, HAZARD_STEP_MS). */
export const WHATIF_TICK_MS = 60_000;
/** Longest horizon a planner may run, minutes (two days: a storm, its recovery and the next morning peak). */
export const HAZARD_WHATIF_MAX_HORIZON_MIN = 2880;
/** Default KPI sampling interval, minutes (the traffic model re-solves every 5 simulated minutes by default). */
export const HAZARD_WHATIF_SAMPLE_MIN = 5;

/** What the planner asks for. */
export interface HazardWhatIfInput {
  readonly spec: HazardSpec;
  /** Start of the fork: the live sim time the planner sees, ms since the Unix epoch. */
  readonly startMs: number;
  /** Simulated minutes after the start, a multiple of sampleEveryMin in (0, HAZARD_WHATIF_MAX_HORIZON_MIN]. */
  readonly horizonMin: number;
  /** Seed of both simulators (the live server's seed makes the fork's weather and demand the live twin's). */
  readonly seed: number;
  /** City time zone, minutes east of UTC. */
  readonly utcOffsetMin: number;
  /** Minutes between traffic re-solves in the fork (default: the live model's 5); larger is faster and coarser. */
  readonly trafficIntervalMin?: number;
  /** Minutes between KPI samples (default HAZARD_WHATIF_SAMPLE_MIN). */
  readonly sampleEveryMin?: number;
}

/** Domains of the KPIs (the panel groups charts by them). */
export const HAZARD_WHATIF_DOMAINS = ['traffic', 'energy', 'resilience', 'workload'] as const;
export type HazardWhatIfDomain = (typeof HAZARD_WHATIF_DOMAINS)[number];

/**
 * How a KPI's time integral is formed: 'value' ∫v dt, 'shortfall' ∫(100 − v) dt (service lost, for lifelines in %),
 * or null when an integral means nothing (an index, a speed, a running count).
 */
export type KpiIntegral = 'value' | 'shortfall' | null;

/** One KPI of the what-if: key, domain, unit, which direction is better, how its integral is formed. */
export interface HazardKpiDef {
  readonly key: string;
  readonly domain: HazardWhatIfDomain;
  readonly unit: string;
  /** Unit of the integral (value unit × h). */
  readonly integralUnit: string;
  readonly integral: KpiIntegral;
  /** +1: higher is better, −1: lower is better. */
  readonly better: 1 | -1;
  /** Decimal places the panel shows. */
  readonly digits: number;
}

/**
 * The KPIs, in table order. Units: TTI is dimensionless (actual ÷ free-flow time, src/core/traffic/types.ts); delay is
 * vehicle-hours per hour (its integral: vehicle-hours); lifelines are % of normal service (their integral: %·h of
 * service lost); energy in MW (integral: MWh).
 */
export const HAZARD_WHATIF_KPIS = [
  { key: 'cityTti', domain: 'traffic', unit: '', integralUnit: '', integral: null, better: -1, digits: 3 },
  {
    key: 'delayVehH',
    domain: 'traffic',
    unit: 'veh·h/h',
    integralUnit: 'veh·h',
    integral: 'value',
    better: -1,
    digits: 0,
  },
  {
    key: 'avgSpeedKph',
    domain: 'traffic',
    unit: 'km/h',
    integralUnit: '',
    integral: null,
    better: 1,
    digits: 1,
  },
  {
    key: 'demandMw',
    domain: 'energy',
    unit: 'MW',
    integralUnit: 'MWh',
    integral: 'value',
    better: -1,
    digits: 1,
  },
  {
    key: 'servedMw',
    domain: 'energy',
    unit: 'MW',
    integralUnit: 'MWh',
    integral: 'value',
    better: 1,
    digits: 1,
  },
  {
    key: 'notServedMw',
    domain: 'energy',
    unit: 'MW',
    integralUnit: 'MWh',
    integral: 'value',
    better: -1,
    digits: 2,
  },
  {
    key: 'storageMw',
    domain: 'energy',
    unit: 'MW',
    integralUnit: 'MWh',
    integral: 'value',
    better: 1,
    digits: 2,
  },
  {
    key: 'powerPct',
    domain: 'resilience',
    unit: '%',
    integralUnit: '%·h',
    integral: 'shortfall',
    better: 1,
    digits: 2,
  },
  {
    key: 'roadsPct',
    domain: 'resilience',
    unit: '%',
    integralUnit: '%·h',
    integral: 'shortfall',
    better: 1,
    digits: 2,
  },
  {
    key: 'waterPct',
    domain: 'resilience',
    unit: '%',
    integralUnit: '%·h',
    integral: 'shortfall',
    better: 1,
    digits: 2,
  },
  {
    key: 'closedLinks',
    domain: 'resilience',
    unit: 'links',
    integralUnit: 'link·h',
    integral: 'value',
    better: -1,
    digits: 0,
  },
  {
    key: 'exposedPeople',
    domain: 'resilience',
    unit: 'people',
    integralUnit: 'person·h',
    integral: 'value',
    better: -1,
    digits: 0,
  },
  {
    key: 'maxDepthM',
    domain: 'resilience',
    unit: 'm',
    integralUnit: '',
    integral: null,
    better: -1,
    digits: 2,
  },
  {
    key: 'reports',
    domain: 'workload',
    unit: 'reports',
    integralUnit: '',
    integral: null,
    better: -1,
    digits: 0,
  },
] as const satisfies readonly HazardKpiDef[];
export type HazardKpiKey = (typeof HAZARD_WHATIF_KPIS)[number]['key'];
/** Number of KPIs (rows of the flattened series). */
export const HAZARD_KPI_COUNT = HAZARD_WHATIF_KPIS.length;

/** Row of a KPI in the flattened series. */
export function kpiRow(key: HazardKpiKey): number {
  return HAZARD_WHATIF_KPIS.findIndex((k) => k.key === key);
}

/** Peak, minimum, end value and integral of one KPI over the horizon (NaN where the KPI has no value). */
export interface KpiStats {
  readonly peak: number;
  readonly min: number;
  readonly end: number;
  /** Time integral in the KPI's integralUnit (rectangle rule over the samples), or NaN when it has none. */
  readonly integral: number;
}

/** One row of the delta table. */
export interface HazardKpiDelta {
  readonly key: HazardKpiKey;
  readonly baseline: KpiStats;
  readonly scenario: KpiStats;
}

/** The scenario's flood maximum depth per cell over the horizon (the map's max-depth layer). */
export interface MaxDepthGrid {
  readonly nx: number;
  readonly ny: number;
  /** South-west corner of cell 0, local metres; cell size, m. Row-major, row 0 = south (as the flood frame). */
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  /** Maximum depth per cell, millimetres (65535 = 65.535 m or more). */
  readonly depthMm: Uint16Array;
}

/** The what-if's result. */
export interface HazardWhatIfResult {
  readonly startMs: number;
  readonly horizonMin: number;
  readonly sampleEveryMin: number;
  readonly trafficIntervalMin: number;
  /** The scenario hazard's id in the fork and its label. */
  readonly hazardId: string;
  readonly label: Text2;
  /** Sample times, ms (start, start + sampleEveryMin, …, start + horizon). */
  readonly simTimeMs: Float64Array;
  /** KPI values per sample, flattened row-major: value of KPI k at sample i = series[k · samples + i]. */
  readonly baseline: Float32Array;
  readonly scenario: Float32Array;
  readonly delta: readonly HazardKpiDelta[];
  /** The scenario's whole cascade log, time order (bounded by MAX_CASCADE_LOG). */
  readonly cascade: readonly CascadeNode[];
  /** Road links the scenario closed at some time (ascending) and minutes each was closed. */
  readonly closedLinks: Int32Array;
  readonly closedMinutes: Float32Array;
  /** Most links closed at one time. */
  readonly peakClosedLinks: number;
  /** Flood maximum depth per cell, or null when the hazard is not a rainstorm. */
  readonly maxDepth: MaxDepthGrid | null;
  /** 一网统管 reports the scenario raised, per category (each becomes a work order in the live twin). */
  readonly reportsByCategory: Readonly<Partial<Record<HazardReport['category'], number>>>;
  /** Cascade steps of the baseline (0: nothing happened there; a check that the fork is clean). */
  readonly baselineCascadeSteps: number;
}

/** Why an input is invalid, or null (the hazard spec itself is the runtime's trigger to judge). */
export function hazardWhatIfInputProblem(input: HazardWhatIfInput): string | null {
  const every = input.sampleEveryMin ?? HAZARD_WHATIF_SAMPLE_MIN;
  const traffic = input.trafficIntervalMin ?? 5;
  if (!Number.isFinite(input.startMs)) return `startMs ${input.startMs} is not finite`;
  if (!Number.isInteger(every) || every < 1 || every > 60)
    return `sampleEveryMin ${every}: expected an integer in [1, 60]`;
  if (
    !Number.isInteger(input.horizonMin) ||
    input.horizonMin <= 0 ||
    input.horizonMin > HAZARD_WHATIF_MAX_HORIZON_MIN
  )
    return `horizonMin ${input.horizonMin}: expected an integer in (0, ${HAZARD_WHATIF_MAX_HORIZON_MIN}]`;
  if (input.horizonMin % every !== 0)
    return `horizonMin ${input.horizonMin}: expected a multiple of sampleEveryMin ${every}`;
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 0xffffffff)
    return `seed ${input.seed}: expected an integer in [0, 4294967295]`;
  if (!Number.isInteger(input.utcOffsetMin) || Math.abs(input.utcOffsetMin) > 14 * 60)
    return `utcOffsetMin ${input.utcOffsetMin}: expected an integer in [−840, 840]`;
  if (!Number.isFinite(traffic) || traffic < 1 || traffic > 60)
    return `trafficIntervalMin ${traffic}: expected a number in [1, 60]`;
  return null;
}

/** Peak, minimum, end and integral of `n` samples at `row` of `series`, `dtH` hours apart (pure; exported for tests). */
export function kpiStats(
  series: Float32Array,
  row: number,
  n: number,
  dtH: number,
  integral: KpiIntegral,
): KpiStats {
  let peak = -Infinity;
  let min = Infinity;
  let sum = 0;
  let seen = 0;
  const base = row * n;
  // Rectangle rule over the intervals (t_i, t_i+1]: the value sampled at an interval's end stands for it, as the
  // simulators report the state after each step. Sample 0 (the start) opens the first interval and is not summed.
  for (let i = 0; i < n; i++) {
    const v = series[base + i]!;
    if (Number.isNaN(v)) continue;
    seen++;
    if (v > peak) peak = v;
    if (v < min) min = v;
    if (i > 0) sum += integral === 'shortfall' ? 100 - v : v;
  }
  if (seen === 0) return { peak: Number.NaN, min: Number.NaN, end: Number.NaN, integral: Number.NaN };
  return {
    peak,
    min,
    end: series[base + n - 1]!,
    integral: integral === null ? Number.NaN : sum * dtH,
  };
}

/** What a finished baseline fork leaves for the result: its KPI series and cascade steps. */
interface BaselineRecord {
  readonly series: Float32Array;
  readonly cascadeSteps: number;
}

/** Baselines kept per city object (the newest; each ≤ 14 KPIs × 577 samples × 4 B ≈ 32 kB). */
const MAX_BASELINES_PER_CITY = 16;

/**
 * Finished baselines per city object, keyed by everything a baseline depends on (seed, time zone, start, horizon,
 * sampling and traffic intervals; not the hazard: the baseline fork never sees it). A baseline is a pure function of
 * those and the city (DESIGN.md rule 4), so a run whose baseline is here — a saved scenario re-run, or variants of
 * one storm from the same fork time — steps only its scenario fork and gets a bit-identical result at half the cost.
 * A WeakMap: dropping the scene drops its baselines.
 */
const BASELINES = new WeakMap<CityModel, Map<string, BaselineRecord>>();

/** The key of a baseline in BASELINES. */
function baselineKey(input: HazardWhatIfInput, every: number, trafficMin: number): string {
  return [input.seed, input.utcOffsetMin, input.startMs, input.horizonMin, every, trafficMin].join('|');
}

/** One fork: the simulator and what the what-if collects from it. */
interface Fork {
  readonly sim: CitySimulator;
  readonly series: Float32Array;
  reports: number;
  cascadeSteps: number;
}

/**
 * A what-if run that advances in chunks (the worker yields between them so that Cancel is heard). Step 0 builds the
 * baseline simulator, step 1 the scenario one (with the hazard triggered at the start), then one step per simulated
 * minute for both. When an earlier finished run on the same city object had the same inputs but the hazard, its
 * baseline is reused (BASELINES) and only the scenario fork runs; the step count stays the same.
 */
export class HazardWhatIfRun {
  /** Steps done and in all (2 builds + horizonMin minutes). */
  stepsDone = 0;
  readonly stepsTotal: number;
  private readonly every: number;
  private readonly trafficMin: number;
  private readonly samples: number;
  private readonly times: Float64Array;
  private baseline: Fork | null = null;
  /** The baseline from an earlier run with the same inputs on this city object (then no baseline fork runs). */
  private readonly knownBaseline: BaselineRecord | null;
  private readonly baselineKey: string;
  private scenario: Fork | null = null;
  private hazardId = '';
  private readonly out = new ReadingColumns(4096);
  private readonly closedMin: Float32Array;
  private closedNow: number[] = [];
  private seenLinkVersion = -1;
  private peakClosed = 0;
  private maxDepth: MaxDepthGrid | null = null;
  private readonly byCategory = new Map<HazardReport['category'], number>();
  private finalResult: HazardWhatIfResult | null = null;

  /** Checks the input (throws a RangeError naming the field); the spec is checked when the scenario triggers it. */
  constructor(
    private readonly city: CityModel,
    private readonly input: HazardWhatIfInput,
  ) {
    const bad = hazardWhatIfInputProblem(input);
    if (bad !== null) throw new RangeError(`hazard what-if: ${bad}`);
    this.every = input.sampleEveryMin ?? HAZARD_WHATIF_SAMPLE_MIN;
    this.trafficMin = input.trafficIntervalMin ?? 5;
    this.stepsTotal = 2 + input.horizonMin;
    this.samples = input.horizonMin / this.every + 1;
    this.times = new Float64Array(this.samples);
    for (let i = 0; i < this.samples; i++) this.times[i] = input.startMs + i * this.every * WHATIF_TICK_MS;
    this.closedMin = new Float32Array(city.roads.linkCount);
    this.baselineKey = baselineKey(input, this.every, this.trafficMin);
    this.knownBaseline = BASELINES.get(city)?.get(this.baselineKey) ?? null;
  }

  /** True when this run reuses an earlier run's baseline (same city object and inputs but the hazard). */
  get isBaselineReused(): boolean {
    return this.knownBaseline !== null;
  }

  /** Keeps the finished baseline for later runs (newest MAX_BASELINES_PER_CITY per city); a copy, never shared. */
  private rememberBaseline(b: Fork): void {
    let m = BASELINES.get(this.city);
    if (m === undefined) {
      m = new Map();
      BASELINES.set(this.city, m);
    }
    m.delete(this.baselineKey);
    m.set(this.baselineKey, { series: b.series.slice(), cascadeSteps: b.cascadeSteps });
    while (m.size > MAX_BASELINES_PER_CITY) m.delete(m.keys().next().value!);
  }

  /** True when every step ran. */
  get isDone(): boolean {
    return this.stepsDone >= this.stepsTotal;
  }

  private fork(): Fork {
    const sim = createCitySimulator(this.city, {
      seed: this.input.seed,
      utcOffsetMin: this.input.utcOffsetMin,
      traffic: { modelIntervalMin: this.trafficMin },
    });
    this.out.clear();
    sim.step(this.input.startMs, this.out);
    return {
      sim,
      series: new Float32Array(HAZARD_KPI_COUNT * this.samples).fill(Number.NaN),
      reports: 0,
      cascadeSteps: 0,
    };
  }

  /** Runs up to `steps` steps; returns the number run. */
  advance(steps: number): number {
    let ran = 0;
    while (ran < steps && !this.isDone) {
      if (this.stepsDone === 0) {
        if (this.knownBaseline === null) {
          this.baseline = this.fork();
          this.sample(this.baseline, 0);
        }
      } else if (this.stepsDone === 1) {
        const f = this.fork();
        const a = f.sim.hazards.trigger(this.input.spec, this.input.startMs);
        if (!a.ok) throw new RangeError(`hazard what-if: ${a.reason}`);
        this.hazardId = a.id;
        this.scenario = f;
        this.trackScenario();
        this.sample(f, 0);
      } else {
        const minute = this.stepsDone - 1;
        const t = this.input.startMs + minute * WHATIF_TICK_MS;
        if (this.baseline !== null) this.tick(this.baseline, t);
        this.tick(this.scenario!, t);
        this.trackScenario();
        if (minute % this.every === 0) {
          const i = minute / this.every;
          if (this.baseline !== null) this.sample(this.baseline, i);
          this.sample(this.scenario!, i);
        }
      }
      this.stepsDone++;
      ran++;
      if (this.isDone && this.baseline !== null) this.rememberBaseline(this.baseline);
    }
    return ran;
  }

  private tick(f: Fork, t: number): void {
    this.out.clear();
    f.sim.step(t, this.out);
    const reports = f.sim.hazards.takeReports();
    f.reports += reports.length;
    if (f === this.scenario)
      for (const r of reports) this.byCategory.set(r.category, (this.byCategory.get(r.category) ?? 0) + 1);
  }

  /** After each scenario minute: closed links (minutes each), the flood's max depth per cell. */
  private trackScenario(): void {
    const hz = this.scenario!.sim.hazards;
    const cp = hz.coupling;
    if (cp.linkVersion !== this.seenLinkVersion) {
      this.seenLinkVersion = cp.linkVersion;
      this.closedNow = [];
      if (cp.linkFactorActive) {
        const f = cp.linkFactor;
        // The runtime's own test of a closure (runtime.ts closedMask): a dark signal's 0.6 is not a closure.
        for (let l = 0; l < f.length; l++) if (f[l]! <= CLOSED_LINK_FACTOR * 1.001) this.closedNow.push(l);
      }
      if (this.closedNow.length > this.peakClosed) this.peakClosed = this.closedNow.length;
    }
    if (this.stepsDone >= 2) for (const l of this.closedNow) this.closedMin[l]! += 1;
    const frame = hz.floodFrame();
    if (frame !== null) {
      let m = this.maxDepth;
      if (m === null || m.depthMm.length !== frame.depthMm.length) {
        m = this.maxDepth = {
          nx: frame.nx,
          ny: frame.ny,
          x0: frame.x0,
          y0: frame.y0,
          cellM: frame.cellM,
          depthMm: new Uint16Array(frame.nx * frame.ny),
        };
      }
      const d = m.depthMm;
      const s = frame.depthMm;
      for (let i = 0; i < d.length; i++) if (s[i]! > d[i]!) d[i] = s[i]!;
    }
  }

  /** Writes sample `i` of every KPI of `f`. */
  private sample(f: Fork, i: number): void {
    const n = this.samples;
    const put = (key: HazardKpiKey, v: number): void => {
      f.series[kpiRow(key) * n + i] = v;
    };
    const k = f.sim.traffic.kpis();
    if (k !== null) {
      put('cityTti', k.cityTti);
      put('delayVehH', k.delayVehHPerH);
      put('avgSpeedKph', k.avgSpeedKph);
    }
    const e = f.sim.energy;
    let powerPct = 100;
    if (e !== null) {
      const b = e.model.balance;
      put('demandMw', b.demandMw);
      put('servedMw', b.loadMw);
      put('notServedMw', b.shedMw + b.unservedMw);
      put('storageMw', b.storageDischargeMw - b.storageChargeMw);
      // The runtime's power lifeline (runtime.ts recordPower: share of demand served), from the balance of both
      // forks alike (the runtime only updates its own while a hazard is active).
      powerPct = b.demandMw > 0 ? Math.max(0, 100 * (1 - (b.shedMw + b.unservedMw) / b.demandMw)) : 100;
    }
    put('powerPct', Math.round(powerPct * 100) / 100);
    // The runtime's lifelines (runtime.ts recordLifelines: roads = share of vehicle-km capacity open, water = share
    // of pumping stations in service); an idle runtime (the baseline) reports 100.
    const msg = f.sim.hazards.snapshot().message;
    put('roadsPct', msg.lifelines.roadsPct);
    put('waterPct', msg.lifelines.waterPct);
    put('closedLinks', msg.closedLinks.length);
    let people = 0;
    for (const x of msg.exposure) people += x.people;
    put('exposedPeople', people);
    let depth = 0;
    for (const h of msg.hazards)
      if (h.kind === 'rainstorm' && h.phase !== 'over' && h.headline.unit === 'm')
        depth = Math.max(depth, h.headline.value);
    put('maxDepthM', depth);
    f.cascadeSteps = msg.cascade.length;
    put('reports', f.reports);
  }

  /** The result (after isDone; computed once). */
  result(): HazardWhatIfResult {
    if (!this.isDone)
      throw new Error(
        `hazard what-if: result() before the run is done (${this.stepsDone}/${this.stepsTotal})`,
      );
    if (this.finalResult) return this.finalResult;
    // A copy of a reused baseline: callers may transfer or change the result's arrays.
    const b: BaselineRecord = this.baseline ?? {
      series: this.knownBaseline!.series.slice(),
      cascadeSteps: this.knownBaseline!.cascadeSteps,
    };
    const s = this.scenario!;
    const n = this.samples;
    const dtH = this.every / 60;
    const delta: HazardKpiDelta[] = HAZARD_WHATIF_KPIS.map((d, row) => ({
      key: d.key,
      baseline: kpiStats(b.series, row, n, dtH, d.integral),
      scenario: kpiStats(s.series, row, n, dtH, d.integral),
    }));
    const snap = s.sim.hazards.snapshot();
    const cascade = snap.message.cascade.slice(-MAX_CASCADE_LOG);
    const h =
      snap.message.hazards.find((x) => x.id === this.hazardId) ??
      s.sim.hazards.hazards().find((x) => x.id === this.hazardId);
    const closed: number[] = [];
    for (let l = 0; l < this.closedMin.length; l++) if (this.closedMin[l]! > 0) closed.push(l);
    const byCategory: Partial<Record<HazardReport['category'], number>> = {};
    for (const [c, v] of [...this.byCategory].sort((x, y) => (x[0] < y[0] ? -1 : 1))) byCategory[c] = v;
    this.finalResult = {
      startMs: this.input.startMs,
      horizonMin: this.input.horizonMin,
      sampleEveryMin: this.every,
      trafficIntervalMin: this.trafficMin,
      hazardId: this.hazardId,
      label: h?.label ?? { zh: this.input.spec.kind, en: this.input.spec.kind },
      simTimeMs: this.times,
      baseline: b.series,
      scenario: s.series,
      delta,
      cascade,
      closedLinks: Int32Array.from(closed),
      closedMinutes: Float32Array.from(closed, (l) => this.closedMin[l]!),
      peakClosedLinks: this.peakClosed,
      maxDepth: this.maxDepth,
      reportsByCategory: byCategory,
      baselineCascadeSteps: b.cascadeSteps,
    };
    return this.finalResult;
  }
}

/**
 * Runs a hazard what-if in one call: `onProgress(stepsDone, stepsTotal)` after each step, `isCancelled()` checked
 * before each step (true → returns null). Throws a RangeError naming the field for a bad input or hazard spec.
 */
export function runHazardWhatIf(
  city: CityModel,
  input: HazardWhatIfInput,
  onProgress: ((stepsDone: number, stepsTotal: number) => void) | null = null,
  isCancelled: (() => boolean) | null = null,
): HazardWhatIfResult | null {
  const run = new HazardWhatIfRun(city, input);
  while (!run.isDone) {
    if (isCancelled?.()) return null;
    run.advance(1);
    onProgress?.(run.stepsDone, run.stepsTotal);
  }
  return run.result();
}
