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

/** Runs `scenario` for `hours` from `startSimMs` at options.stepMs; `onStep` sees each step's (reused) result. */
export function runEnergy(
  model: CityGridModel,
  startSimMs: number,
  hours: number,
  scenario: EnergyScenario = BASE_SCENARIO,
  options: Partial<EnergySimOptions> = {},
  onStep?: (r: EnergyStepResult) => void,
): EnergyRunSummary {
  return runSimulator(new EnergySimulator(model, scenario, options), startSimMs, hours, onStep);
}

/** Steps `sim` for `hours` from `startSimMs` and sums up the run. */
function runSimulator(
  sim: EnergySimulator,
  startSimMs: number,
  hours: number,
  onStep?: (r: EnergyStepResult) => void,
): EnergyRunSummary {
  const stepMs = sim.options.stepMs;
  const dtH = stepMs / 3_600_000;
  const steps = Math.max(0, Math.round((hours * 3_600_000) / stepMs));
  const over = new Set<string>();
  let peakDemand = 0;
  let peakImport = -Infinity;
  let demand = 0;
  let served = 0;
  let shed = 0;
  let losses = 0;
  let curtailed = 0;
  let pv = 0;
  let wind = 0;
  let thermal = 0;
  let imp = 0;
  let dis = 0;
  let ch = 0;
  let emis = 0;
  let overSteps = 0;
  let maxLoading = 0;
  let vMin = Infinity;
  let vSteps = 0;
  let nonConv = 0;
  for (let k = 0; k < steps; k++) {
    // A step stands for the interval that ends at its time stamp.
    const r = sim.step(startSimMs + (k + 1) * stepMs);
    peakDemand = Math.max(peakDemand, r.demandMw);
    peakImport = Math.max(peakImport, r.importMw);
    demand += r.demandMw * dtH;
    served += r.servedLoadMw * dtH;
    shed += (r.shedMw + r.unservedMw) * dtH;
    losses += r.lossesMw * dtH;
    curtailed += r.curtailedMw * dtH;
    pv += r.pvMw * dtH;
    wind += r.windMw * dtH;
    thermal += r.thermalMw * dtH;
    imp += r.importMw * dtH;
    dis += Math.max(0, r.storageMw) * dtH;
    ch += Math.max(0, -r.storageMw) * dtH;
    emis += r.emissionsTPerH * dtH;
    maxLoading = Math.max(
      maxLoading,
      r.maxSectionLoading,
      r.maxTransformerLoading,
      r.maxHvLineLoading,
      r.importLoading,
    );
    if (r.minVoltagePu > 0) vMin = Math.min(vMin, r.minVoltagePu);
    if (!r.converged) nonConv++;
    let vBad = false;
    for (const a of r.alarms) {
      switch (a.kind) {
        case AlarmKind.sectionOverload:
        case AlarmKind.transformerOverload:
        case AlarmKind.hvLineOverload:
        case AlarmKind.importOverload:
          overSteps++;
          over.add(`${a.kind}:${a.index}`);
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
    if (vBad) vSteps++;
    onStep?.(r);
  }
  return {
    steps,
    peakDemandMw: peakDemand,
    peakImportMw: steps > 0 ? peakImport : 0,
    demandMwh: demand,
    servedMwh: served,
    shedMwh: shed,
    lossesMwh: losses,
    curtailedMwh: curtailed,
    pvMwh: pv,
    windMwh: wind,
    thermalMwh: thermal,
    importMwh: imp,
    storageDischargeMwh: dis,
    storageChargeMwh: ch,
    renewableShare: served > 0 ? (pv + wind) / served : 0,
    emissionsT: emis,
    carbonIntensityGPerKwh: served > 0 ? (emis / served) * 1000 : 0,
    overloadSteps: overSteps,
    overloadedElements: over.size,
    maxLoading,
    minVoltagePu: vMin === Infinity ? 0 : vMin,
    voltageViolationSteps: vSteps,
    nonConvergedSteps: nonConv,
  };
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

/** A what-if outcome. */
export interface EnergyWhatIfResult {
  readonly baseline: EnergyRunSummary;
  readonly scenario: EnergyRunSummary;
  readonly delta: EnergyDeltas;
  /** Buses without supply in the scenario, ties closed to restore supply, and buses moved through them. */
  readonly shedBuses: number;
  readonly closedTies: readonly number[];
  readonly transferredBuses: number;
}

/**
 * Runs the baseline and the scenario that `levers` describe over the same span and weather (the load noise is
 * seeded per step, so both see the same draws) and returns both summaries and their differences.
 */
export function runEnergyWhatIf(
  model: CityGridModel,
  startSimMs: number,
  hours: number,
  levers: readonly EnergyLever[],
  options: Partial<EnergySimOptions> = {},
): EnergyWhatIfResult {
  const scenario = scenarioFromLevers(model, levers);
  const baseline = runEnergy(model, startSimMs, hours, BASE_SCENARIO, options);
  const probe = new EnergySimulator(model, scenario, options);
  const result = runSimulator(probe, startSimMs, hours);
  let shedBuses = 0;
  for (const d of probe.busDead) shedBuses += d;
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
  };
}
