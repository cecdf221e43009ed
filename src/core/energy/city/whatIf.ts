/**
 * Runs of the energy simulator over a time span, and what-if comparisons: baseline vs a scenario built from levers
 * (N-1 trips, added PV or storage, EV growth, heat wave, storage strategy), reported as deltas. docs/energy.md §6.
 */
import { StorageStrategy } from './dispatch.ts';
import { AlarmKind, BASE_SCENARIO, EnergySimulator } from './energySim.ts';
import type { EnergyScenario, EnergySimOptions, EnergyStepResult } from './energySim.ts';
import type { CityGridModel } from './gridModel.ts';
import { SceneLineUse } from './gridModel.ts';

/** A what-if lever. Indices refer to the grid model (stations, buses) or the scene's power lines. */
export type EnergyLever =
  | { readonly kind: 'tripLine'; readonly line: number }
  /** A model HV line by its grid-model index (HV lines the model synthesized have no scene line to name them by). */
  | { readonly kind: 'tripHvLine'; readonly hvLine: number }
  | { readonly kind: 'tripSection'; readonly bus: number }
  | { readonly kind: 'tripStation'; readonly station: number }
  | { readonly kind: 'addPv'; readonly bus: number; readonly mw: number }
  | { readonly kind: 'addStorage'; readonly bus: number; readonly mw: number; readonly mwh: number }
  | { readonly kind: 'evGrowth'; readonly pct: number }
  | { readonly kind: 'heatWave'; readonly pct: number }
  | { readonly kind: 'storageStrategy'; readonly strategy: StorageStrategy };

/** Totals and extremes of a run. Energies in MWh, powers in MW. */
export interface EnergyRunSummary {
  readonly steps: number;
  readonly peakDemandMw: number;
  readonly peakImportMw: number;
  readonly demandMwh: number;
  readonly servedMwh: number;
  /** Load not supplied: N-1 shed plus dispatch shortfall. */
  readonly shedMwh: number;
  readonly lossesMwh: number;
  readonly curtailedMwh: number;
  readonly pvMwh: number;
  readonly windMwh: number;
  readonly thermalMwh: number;
  readonly importMwh: number;
  readonly storageDischargeMwh: number;
  readonly storageChargeMwh: number;
  /** (PV + wind used) / served energy. */
  readonly renewableShare: number;
  readonly emissionsT: number;
  /** Emissions / served energy, gCO₂/kWh. */
  readonly carbonIntensityGPerKwh: number;
  /** Element-steps in overload (sections, transformers, HV lines, import). */
  readonly overloadSteps: number;
  /** Elements overloaded at least once. */
  readonly overloadedElements: number;
  readonly maxLoading: number;
  readonly minVoltagePu: number;
  readonly voltageViolationSteps: number;
  readonly nonConvergedSteps: number;
}

/** Progress and cancel hooks of a run (the what-if worker drives its progress bar and Cancel button with them). */
export interface EnergyRunControl {
  /** Called after every step with the steps done and the total (baseline + scenario for a what-if). */
  readonly onProgress?: (stepsDone: number, stepsTotal: number) => void;
  /** Polled before every step: true stops the run, which then throws {@link EnergyRunCancelled}. */
  readonly isCancelled?: () => boolean;
}

/** Thrown by a run whose {@link EnergyRunControl.isCancelled} said yes. */
export class EnergyRunCancelled extends Error {
  constructor(stepsDone: number, stepsTotal: number) {
    super(`energy run cancelled after ${stepsDone} of ${stepsTotal} steps`);
    this.name = 'EnergyRunCancelled';
  }
}

/** Steps of `hours` at `stepMs` (whole steps, rounded; never negative). */
export function energyRunSteps(hours: number, stepMs: number): number {
  return Math.max(0, Math.round((hours * 3_600_000) / stepMs));
}

/** Runs `scenario` for `hours` from `startSimMs` at options.stepMs; `onStep` sees each step's (reused) result. */
export function runEnergy(
  model: CityGridModel,
  startSimMs: number,
  hours: number,
  scenario: EnergyScenario = BASE_SCENARIO,
  options: Partial<EnergySimOptions> = {},
  onStep?: (r: EnergyStepResult) => void,
  control: EnergyRunControl = {},
): EnergyRunSummary {
  const sim = new EnergySimulator(model, scenario, options);
  const acc = new RunAccumulator(sim.options.stepMs);
  const steps = energyRunSteps(hours, sim.options.stepMs);
  for (let k = 0; k < steps; k++) {
    if (control.isCancelled?.()) throw new EnergyRunCancelled(k, steps);
    // A step stands for the interval that ends at its time stamp.
    const r = sim.step(startSimMs + (k + 1) * sim.options.stepMs);
    acc.add(r);
    onStep?.(r);
    control.onProgress?.(k + 1, steps);
  }
  return acc.summary();
}

/** Sums up a run step by step (energies from each step's powers over its interval). */
class RunAccumulator {
  private readonly dtH: number;
  private readonly over = new Set<string>();
  private steps = 0;
  private peakDemand = 0;
  private peakImport = -Infinity;
  private demand = 0;
  private served = 0;
  private shed = 0;
  private losses = 0;
  private curtailed = 0;
  private pv = 0;
  private wind = 0;
  private thermal = 0;
  private imp = 0;
  private dis = 0;
  private ch = 0;
  private emis = 0;
  private overSteps = 0;
  private maxLoading = 0;
  private vMin = Infinity;
  private vSteps = 0;
  private nonConv = 0;

  constructor(stepMs: number) {
    this.dtH = stepMs / 3_600_000;
  }

  /** Adds one step's result. */
  add(r: EnergyStepResult): void {
    const dtH = this.dtH;
    this.steps++;
    this.peakDemand = Math.max(this.peakDemand, r.demandMw);
    this.peakImport = Math.max(this.peakImport, r.importMw);
    this.demand += r.demandMw * dtH;
    this.served += r.servedLoadMw * dtH;
    this.shed += (r.shedMw + r.unservedMw) * dtH;
    this.losses += r.lossesMw * dtH;
    this.curtailed += r.curtailedMw * dtH;
    this.pv += r.pvMw * dtH;
    this.wind += r.windMw * dtH;
    this.thermal += r.thermalMw * dtH;
    this.imp += r.importMw * dtH;
    this.dis += Math.max(0, r.storageMw) * dtH;
    this.ch += Math.max(0, -r.storageMw) * dtH;
    this.emis += r.emissionsTPerH * dtH;
    this.maxLoading = Math.max(
      this.maxLoading,
      r.maxSectionLoading,
      r.maxTransformerLoading,
      r.maxHvLineLoading,
      r.importLoading,
    );
    if (r.minVoltagePu > 0) this.vMin = Math.min(this.vMin, r.minVoltagePu);
    if (!r.converged) this.nonConv++;
    let vBad = false;
    for (const a of r.alarms) {
      switch (a.kind) {
        case AlarmKind.sectionOverload:
        case AlarmKind.transformerOverload:
        case AlarmKind.hvLineOverload:
        case AlarmKind.importOverload:
          this.overSteps++;
          this.over.add(`${a.kind}:${a.index}`);
          break;
        case AlarmKind.undervoltage:
        case AlarmKind.overvoltage:
          vBad = true;
          break;
        case AlarmKind.loadShed:
        case AlarmKind.unserved:
        case AlarmKind.powerFlow:
          break;
        default:
          throw new Error(`unknown alarm kind ${String(a.kind satisfies never)}`);
      }
    }
    if (vBad) this.vSteps++;
  }

  /** The totals and extremes so far. */
  summary(): EnergyRunSummary {
    const served = this.served;
    return {
      steps: this.steps,
      peakDemandMw: this.peakDemand,
      peakImportMw: this.steps > 0 ? this.peakImport : 0,
      demandMwh: this.demand,
      servedMwh: served,
      shedMwh: this.shed,
      lossesMwh: this.losses,
      curtailedMwh: this.curtailed,
      pvMwh: this.pv,
      windMwh: this.wind,
      thermalMwh: this.thermal,
      importMwh: this.imp,
      storageDischargeMwh: this.dis,
      storageChargeMwh: this.ch,
      renewableShare: served > 0 ? (this.pv + this.wind) / served : 0,
      emissionsT: this.emis,
      carbonIntensityGPerKwh: served > 0 ? (this.emis / served) * 1000 : 0,
      overloadSteps: this.overSteps,
      overloadedElements: this.over.size,
      maxLoading: this.maxLoading,
      minVoltagePu: this.vMin === Infinity ? 0 : this.vMin,
      voltageViolationSteps: this.vSteps,
      nonConvergedSteps: this.nonConv,
    };
  }
}

/** Why `lever` cannot apply to `model`, or null when it can. */
export function validateEnergyLever(model: CityGridModel, lever: EnergyLever): string | null {
  const intIn = (v: number, n: number): boolean => Number.isInteger(v) && v >= 0 && v < n;
  const pos = (v: number): boolean => Number.isFinite(v) && v > 0;
  switch (lever.kind) {
    case 'tripLine': {
      if (!intIn(lever.line, model.sceneLineUse.length))
        return `tripLine: line must be a scene power-line index in 0..${model.sceneLineUse.length - 1}, got ${lever.line}`;
      const use = model.sceneLineUse[lever.line];
      if (use === SceneLineUse.tie)
        return `tripLine: line ${lever.line} is a normally open tie (already open)`;
      if (use === SceneLineUse.dropped) return `tripLine: line ${lever.line} is not part of the grid model`;
      if (use === SceneLineUse.hv && model.sceneLineHv[lever.line]! < 0)
        return `tripLine: line ${lever.line} is a generator connection, not a network line`;
      return null;
    }
    case 'tripHvLine':
      return intIn(lever.hvLine, model.hvLineCount)
        ? null
        : `tripHvLine: hvLine must be in 0..${model.hvLineCount - 1}, got ${lever.hvLine}`;
    case 'tripSection':
      return intIn(lever.bus, model.busCount)
        ? null
        : `tripSection: bus must be in 0..${model.busCount - 1}, got ${lever.bus}`;
    case 'tripStation':
      return intIn(lever.station, model.stationCount)
        ? null
        : `tripStation: station must be in 0..${model.stationCount - 1}, got ${lever.station}`;
    case 'addPv':
      if (!intIn(lever.bus, model.busCount))
        return `addPv: bus must be in 0..${model.busCount - 1}, got ${lever.bus}`;
      return pos(lever.mw) && lever.mw <= 1000 ? null : `addPv: mw must be in (0, 1000], got ${lever.mw}`;
    case 'addStorage':
      if (!intIn(lever.bus, model.busCount))
        return `addStorage: bus must be in 0..${model.busCount - 1}, got ${lever.bus}`;
      if (!(pos(lever.mw) && lever.mw <= 1000)) return `addStorage: mw must be in (0, 1000], got ${lever.mw}`;
      return pos(lever.mwh) && lever.mwh <= 10000
        ? null
        : `addStorage: mwh must be in (0, 10000], got ${lever.mwh}`;
    case 'evGrowth':
    case 'heatWave':
      return Number.isFinite(lever.pct) && lever.pct > -100 && lever.pct <= 500
        ? null
        : `${lever.kind}: pct must be in (−100, 500], got ${lever.pct}`;
    case 'storageStrategy':
      return Object.values(StorageStrategy).includes(lever.strategy)
        ? null
        : `storageStrategy: strategy must be one of ${Object.values(StorageStrategy).join(', ')}, got ${String(lever.strategy)}`;
    default:
      return `unknown lever kind ${String((lever satisfies never as { kind: unknown }).kind)}`;
  }
}

/** The scenario that `levers` make of `base` (levers are validated first; throws on an invalid one). */
export function scenarioFromLevers(
  model: CityGridModel,
  levers: readonly EnergyLever[],
  base: EnergyScenario = BASE_SCENARIO,
): EnergyScenario {
  const hv = [...base.trippedHvLines];
  const st = [...base.trippedStations];
  const sec = [...base.trippedSections];
  const pv = [...base.extraPv];
  const sto = [...base.extraStorage];
  let ev = base.evScale;
  let load = base.loadScale;
  let strategy = base.strategy;
  for (const l of levers) {
    const err = validateEnergyLever(model, l);
    if (err) throw new RangeError(err);
    switch (l.kind) {
      case 'tripLine': {
        const h = model.sceneLineHv[l.line]!;
        if (h >= 0) hv.push(h);
        else sec.push(model.sceneLineHeadBus[l.line]!);
        break;
      }
      case 'tripHvLine':
        hv.push(l.hvLine);
        break;
      case 'tripSection':
        sec.push(l.bus);
        break;
      case 'tripStation':
        st.push(l.station);
        break;
      case 'addPv':
        pv.push({ bus: l.bus, mw: l.mw });
        break;
      case 'addStorage':
        sto.push({ bus: l.bus, mw: l.mw, mwh: l.mwh });
        break;
      case 'evGrowth':
        ev *= 1 + l.pct / 100;
        break;
      case 'heatWave':
        load *= 1 + l.pct / 100;
        break;
      case 'storageStrategy':
        strategy = l.strategy;
        break;
      default:
        throw new Error(`unknown lever ${String(l satisfies never)}`);
    }
  }
  return {
    strategy,
    trippedHvLines: hv,
    trippedStations: st,
    trippedSections: sec,
    extraPv: pv,
    extraStorage: sto,
    evScale: ev,
    loadScale: load,
  };
}

/** Scenario minus baseline for the headline figures. */
export interface EnergyDeltas {
  readonly peakDemandMw: number;
  readonly lossesMwh: number;
  readonly overloadSteps: number;
  readonly overloadedElements: number;
  readonly shedMwh: number;
  /** Percentage points. */
  readonly renewableSharePct: number;
  readonly emissionsT: number;
  readonly carbonIntensityGPerKwh: number;
}

/** Per-step system series of both runs (what the planner charts), MW at each step's end time. */
export interface EnergyWhatIfSeries {
  /** End time of each step, ms since the Unix epoch. */
  readonly simTimeMs: Float64Array;
  readonly baselineDemandMw: Float32Array;
  readonly scenarioDemandMw: Float32Array;
  readonly baselineImportMw: Float32Array;
  readonly scenarioImportMw: Float32Array;
  /** Load not supplied: N-1 shed plus dispatch shortfall. */
  readonly baselineShedMw: Float32Array;
  readonly scenarioShedMw: Float32Array;
}

/** A what-if outcome. */
export interface EnergyWhatIfResult {
  readonly baseline: EnergyRunSummary;
  readonly scenario: EnergyRunSummary;
  readonly delta: EnergyDeltas;
  /** Buses without supply in the scenario, ties closed to restore supply, and buses moved through them. */
  readonly shedBuses: number;
  readonly closedTies: readonly number[];
  readonly transferredBuses: number;
  /** As-built feeders with at least one bus without supply in the scenario, ascending. */
  readonly shedFeeders: readonly number[];
  readonly series: EnergyWhatIfSeries;
}

/**
 * A what-if run that can be advanced a few steps at a time (the worker yields between chunks so a Cancel message
 * gets through): the baseline first, then the scenario, over the same span and weather (the load noise is seeded
 * per step, so both see the same draws).
 */
export class EnergyWhatIfRun {
  /** Steps of both runs together. */
  readonly stepsTotal: number;
  private readonly stepsPerRun: number;
  /** Dispatch interval, ms. */
  readonly stepMs: number;
  private readonly startSimMs: number;
  private readonly model: CityGridModel;
  private readonly base: EnergySimulator;
  private readonly scen: EnergySimulator;
  private readonly baseAcc: RunAccumulator;
  private readonly scenAcc: RunAccumulator;
  private readonly series: EnergyWhatIfSeries;
  private done = 0;

  /** Builds both simulators (validates the levers: throws a RangeError naming the first invalid one). */
  constructor(
    model: CityGridModel,
    startSimMs: number,
    hours: number,
    levers: readonly EnergyLever[],
    options: Partial<EnergySimOptions> = {},
  ) {
    const scenario = scenarioFromLevers(model, levers);
    this.model = model;
    this.base = new EnergySimulator(model, BASE_SCENARIO, options);
    this.scen = new EnergySimulator(model, scenario, options);
    this.stepMs = this.base.options.stepMs;
    this.startSimMs = startSimMs;
    const n = energyRunSteps(hours, this.stepMs);
    this.stepsPerRun = n;
    this.stepsTotal = 2 * n;
    this.baseAcc = new RunAccumulator(this.stepMs);
    this.scenAcc = new RunAccumulator(this.stepMs);
    const simTimeMs = new Float64Array(n);
    for (let k = 0; k < n; k++) simTimeMs[k] = startSimMs + (k + 1) * this.stepMs;
    this.series = {
      simTimeMs,
      baselineDemandMw: new Float32Array(n),
      scenarioDemandMw: new Float32Array(n),
      baselineImportMw: new Float32Array(n),
      scenarioImportMw: new Float32Array(n),
      baselineShedMw: new Float32Array(n),
      scenarioShedMw: new Float32Array(n),
    };
  }

  /** Steps done so far (of {@link stepsTotal}). */
  get stepsDone(): number {
    return this.done;
  }

  /** True when both runs are complete. */
  get isDone(): boolean {
    return this.done >= this.stepsTotal;
  }

  /** Runs up to `maxSteps` more steps; returns true when both runs are complete. */
  advance(maxSteps: number): boolean {
    const n = this.stepsPerRun;
    const s = this.series;
    for (let i = 0; i < maxSteps && this.done < this.stepsTotal; i++) {
      const isBase = this.done < n;
      const k = isBase ? this.done : this.done - n;
      // A step stands for the interval that ends at its time stamp.
      const r = (isBase ? this.base : this.scen).step(this.startSimMs + (k + 1) * this.stepMs);
      (isBase ? this.baseAcc : this.scenAcc).add(r);
      (isBase ? s.baselineDemandMw : s.scenarioDemandMw)[k] = r.demandMw;
      (isBase ? s.baselineImportMw : s.scenarioImportMw)[k] = r.importMw;
      (isBase ? s.baselineShedMw : s.scenarioShedMw)[k] = r.shedMw + r.unservedMw;
      this.done++;
    }
    return this.isDone;
  }

  /** The outcome; throws when the run is not complete. */
  result(): EnergyWhatIfResult {
    if (!this.isDone)
      throw new Error(`energy what-if: result asked after ${this.done} of ${this.stepsTotal} steps`);
    const baseline = this.baseAcc.summary();
    const result = this.scenAcc.summary();
    const probe = this.scen;
    const m = probe.busDead.length;
    let shedBuses = 0;
    const feeders = new Set<number>();
    for (let i = 0; i < m; i++)
      if (probe.busDead[i]) {
        shedBuses++;
        feeders.add(this.model.busFeeder[i]!);
      }
    return {
      baseline,
      scenario: result,
      delta: {
        peakDemandMw: result.peakDemandMw - baseline.peakDemandMw,
        lossesMwh: result.lossesMwh - baseline.lossesMwh,
        overloadSteps: result.overloadSteps - baseline.overloadSteps,
        overloadedElements: result.overloadedElements - baseline.overloadedElements,
        shedMwh: result.shedMwh - baseline.shedMwh,
        renewableSharePct: (result.renewableShare - baseline.renewableShare) * 100,
        emissionsT: result.emissionsT - baseline.emissionsT,
        carbonIntensityGPerKwh: result.carbonIntensityGPerKwh - baseline.carbonIntensityGPerKwh,
      },
      shedBuses,
      closedTies: probe.closedTies,
      transferredBuses: probe.transferredBuses,
      shedFeeders: [...feeders].sort((a, b) => a - b),
      series: this.series,
    };
  }
}

/**
 * Runs the baseline and the scenario that `levers` describe over the same span and weather and returns both
 * summaries, their differences and the per-step series. `control` reports progress and may cancel (throws
 * {@link EnergyRunCancelled}).
 */
export function runEnergyWhatIf(
  model: CityGridModel,
  startSimMs: number,
  hours: number,
  levers: readonly EnergyLever[],
  options: Partial<EnergySimOptions> = {},
  control: EnergyRunControl = {},
): EnergyWhatIfResult {
  const run = new EnergyWhatIfRun(model, startSimMs, hours, levers, options);
  while (!run.isDone) {
    if (control.isCancelled?.()) throw new EnergyRunCancelled(run.stepsDone, run.stepsTotal);
    run.advance(1);
    control.onProgress?.(run.stepsDone, run.stepsTotal);
  }
  return run.result();
}
