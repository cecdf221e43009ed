/**
 * The city energy simulator: every step (default 5 min) it computes loads, PV and wind, dispatches storage, thermal
 * units and the import, then solves the power flow — all 10 kV feeders in one backward/forward sweep over the feeder
 * forest (../sweep.ts) and the HV network with its transformers by Newton–Raphson (../newton.ts) — and reports
 * losses, voltages, loadings, alarms, renewable share and carbon intensity. Pure and deterministic: time comes in as
 * simTimeMs, noise from a generator seeded per step. docs/energy.md §2–§6.
 */
import { createRng, hash32 } from '../../rng.ts';
import { localHour, localWeekday } from '../../sim/cityClock.ts';
import { BusType, createNetwork } from '../network.ts';
import type { BranchInput, BusInput, GenInput, PowerNetwork } from '../network.ts';
import { createNewtonWorkspace, solveNewton } from '../newton.ts';
import type { NewtonWorkspace } from '../newton.ts';
import { createSweepState, orderFromParents, solveSweep, sweepLosses } from '../sweep.ts';
import type { RadialFeeder, SweepState } from '../sweep.ts';
import { branchAdmittances, buildYbus } from '../ybus.ts';
import type { BranchAdmittance, Ybus } from '../ybus.ts';
import {
  EMISSION_FACTOR,
  StorageStrategy,
  carbonIntensityGPerKwh,
  meritOrder,
  meritOrderDispatch,
  peakShaveThreshold,
  valleyFillThreshold,
} from './dispatch.ts';
import type { MeritResult, MeritUnits } from './dispatch.ts';
import type { CityGridModel } from './gridModel.ts';
import { TAN_PHI } from './gridModel.ts';
import { LOAD_CLASS_COUNT, LoadClass, profileShare, temperatureMultiplier } from './loads.ts';
import {
  DEFAULT_PV,
  clearSkyGhiHaurwitz,
  cloudFactorKastenCzeplak,
  createSunPosition,
  pvOutputShare,
  solarPosition,
} from './solar.ts';
import type { PvParams } from './solar.ts';
import { DEFAULT_STORAGE, maxChargeMw, maxDischargeMw, nextSocMwh } from './storage.ts';
import type { StorageParams } from './storage.ts';
import { DEFAULT_TURBINE, hubWindSpeedMS, windPowerShare } from './wind.ts';
import type { WindTurbineParams } from './wind.ts';

/** Weather the energy model needs at one instant. */
export interface EnergyWeather {
  temperatureC: number;
  /** Cloud cover, 0…1 (octas / 8). */
  cloudCover: number;
  /** Wind speed at 10 m, m/s. */
  windMS: number;
}

/** Writes the weather at `simTimeMs` into `out`. */
export type EnergyWeatherFn = (simTimeMs: number, out: EnergyWeather) => void;

/** Parameters of {@link diurnalWeather}. */
export interface DiurnalWeatherOptions {
  readonly meanTemperatureC: number;
  readonly amplitudeC: number;
  readonly cloudCover: number;
  readonly windMS: number;
  readonly utcOffsetMin: number;
}

/**
 * A deterministic day: temperature as a cosine peaking at 14:30 local time (as sim/weather.ts), constant cloud cover
 * and wind. Default: a hot, partly cloudy summer day (30 ± 4 °C, 3/8 cloud, 5 m/s) — an assumption for the
 * what-if baseline, not climate data.
 */
export function diurnalWeather(opts: Partial<DiurnalWeatherOptions> = {}): EnergyWeatherFn {
  const o: DiurnalWeatherOptions = {
    meanTemperatureC: 30,
    amplitudeC: 4,
    cloudCover: 0.375,
    windMS: 5,
    utcOffsetMin: 480,
    ...opts,
  };
  return (t, out) => {
    const h = localHour(t, o.utcOffsetMin);
    out.temperatureC = o.meanTemperatureC + o.amplitudeC * Math.cos((2 * Math.PI * (h - 14.5)) / 24);
    out.cloudCover = o.cloudCover;
    out.windMS = o.windMS;
  };
}

/** What a scenario changes against the grid model as built. */
export interface EnergyScenario {
  readonly strategy: StorageStrategy;
  /** Model HV line indices out of service. */
  readonly trippedHvLines: readonly number[];
  /** Model station indices out of service (the whole station: HV bus and transformer). */
  readonly trippedStations: readonly number[];
  /** Feeder buses whose upstream section is open. */
  readonly trippedSections: readonly number[];
  readonly extraPv: readonly { readonly bus: number; readonly mw: number }[];
  readonly extraStorage: readonly { readonly bus: number; readonly mw: number; readonly mwh: number }[];
  /** Multiplier on EV charging load (1 = as built). */
  readonly evScale: number;
  /** Multiplier on building loads (1 = as built; a heat wave raises it). */
  readonly loadScale: number;
}

/** The scenario of the grid as built. */
export const BASE_SCENARIO: EnergyScenario = {
  strategy: StorageStrategy.peakShave,
  trippedHvLines: [],
  trippedStations: [],
  trippedSections: [],
  extraPv: [],
  extraStorage: [],
  evScale: 1,
  loadScale: 1,
};

/** Simulator options. */
export interface EnergySimOptions {
  readonly seed: number;
  /** Dispatch interval, ms (default 5 min). */
  readonly stepMs: number;
  readonly utcOffsetMin: number;
  readonly weather: EnergyWeatherFn;
  readonly storage: StorageParams;
  readonly pv: PvParams;
  readonly turbine: WindTurbineParams;
  /** Power the city may send back through the import point, MW (0: no reverse flow). */
  readonly exportLimitMw: number;
  /** Emission factor of imported electricity, tCO₂/MWh. */
  readonly importTCo2PerMwh: number;
  /** Standard deviation of the per-feeder, per-step multiplicative load noise. */
  readonly loadNoiseSigma: number;
  /** Voltage band for alarms, p.u. (GB/T 12325-2008 §4.2: 20 kV and below three-phase ±7 % of nominal). */
  readonly vMinPu: number;
  readonly vMaxPu: number;
  /** 10 kV busbar voltage held by the on-load tap changers, p.u. */
  readonly mvSetpointPu: number;
}

/** Default options. */
export const DEFAULT_SIM_OPTIONS: EnergySimOptions = {
  seed: 1,
  stepMs: 300_000,
  utcOffsetMin: 480,
  weather: diurnalWeather(),
  storage: DEFAULT_STORAGE,
  pv: DEFAULT_PV,
  turbine: DEFAULT_TURBINE,
  exportLimitMw: 0,
  importTCo2PerMwh: EMISSION_FACTOR.gridImportEastChina2022,
  loadNoiseSigma: 0.02,
  vMinPu: 0.93,
  vMaxPu: 1.07,
  mvSetpointPu: 1,
};

/** Alarm kinds. */
export const AlarmKind = {
  sectionOverload: 'sectionOverload',
  transformerOverload: 'transformerOverload',
  hvLineOverload: 'hvLineOverload',
  importOverload: 'importOverload',
  undervoltage: 'undervoltage',
  overvoltage: 'overvoltage',
  loadShed: 'loadShed',
  unserved: 'unserved',
  powerFlow: 'powerFlow',
} as const;
export type AlarmKind = (typeof AlarmKind)[keyof typeof AlarmKind];

/** One alarm: what, where (index into the model's buses / stations / HV lines / feeders) and by how much. */
export interface EnergyAlarm {
  readonly kind: AlarmKind;
  /** Bus (sections, voltages), station (transformers, import), HV line, or feeder (shed) index; −1 system-wide. */
  readonly index: number;
  /** Loading share, voltage p.u., or MW. */
  readonly value: number;
  readonly limit: number;
}

/** One step's result. Arrays are reused by the next step: copy what you keep. */
export interface EnergyStepResult {
  simTimeMs: number;
  /** System, MW. demand = served + shed (N-1) + unserved (shortfall). */
  demandMw: number;
  servedLoadMw: number;
  shedMw: number;
  unservedMw: number;
  pvMw: number;
  windMw: number;
  curtailedMw: number;
  thermalMw: number;
  /** Net flow in at the import point (negative = export), MW, from the power flow. */
  importMw: number;
  /** Storage AC power, MW (> 0 discharging). */
  storageMw: number;
  lossesMw: number;
  /** Renewable energy used / served load. */
  renewableShare: number;
  emissionsTPerH: number;
  carbonIntensityGPerKwh: number;
  minVoltagePu: number;
  maxSectionLoading: number;
  maxTransformerLoading: number;
  maxHvLineLoading: number;
  importLoading: number;
  /** Sweep passes and NR iterations of this step. */
  sweepIterations: number;
  newtonIterations: number;
  converged: boolean;
  /** Per feeder bus: voltage (0 when dead), net load MW, upstream-section loading share. */
  readonly busVoltagePu: Float64Array;
  readonly busLoadMw: Float64Array;
  readonly sectionLoading: Float64Array;
  /** Per model feeder (as built): head active power MW, losses MW, minimum voltage p.u. */
  readonly feederHeadMw: Float64Array;
  readonly feederLossMw: Float64Array;
  readonly feederMinVoltagePu: Float64Array;
  /** Per station: transformer loading share (import station: import loading). */
  readonly stationLoading: Float64Array;
  readonly hvLineLoading: Float64Array;
  /** Per feeder bus: active power entering its upstream section at the parent end, MW (> 0 downstream). */
  readonly sectionFlowMw: Float64Array;
  /** Per model HV line: active power leaving its `hvFrom` station, MW (> 0 from → to; 0 when out of service). */
  readonly hvLineFlowMw: Float64Array;
  /** Per storage unit (model units, then lever units): power MW (> 0 discharging) and SoC share. */
  readonly storagePowerMw: Float64Array;
  readonly storageSoc: Float64Array;
  readonly pvUnitMw: Float64Array;
  readonly windUnitMw: Float64Array;
  readonly thermalUnitMw: Float64Array;
  readonly alarms: EnergyAlarm[];
}

const DAY_MS = 86_400_000;

/** |a + jb| without Math.hypot (which allocates for its rest arguments in V8: ~150 KB per city step). */
function mag(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

/** Flows at both ends of one HV-network branch, p.u. (a reused scratch record). */
interface BranchFlow {
  pf: number;
  qf: number;
  pt: number;
  qt: number;
}

/** Steps a grid model through time under one scenario. */
export class EnergySimulator {
  readonly options: EnergySimOptions;
  readonly result: EnergyStepResult;
  /** Buses without supply in this scenario (N-1 shed), 1 = dead. */
  readonly busDead: Uint8Array;
  /** Ties closed to restore supply in this scenario. */
  readonly closedTies: readonly number[];
  /** Feeder buses moved to another feeder through a tie. */
  readonly transferredBuses: number;

  private readonly m: CityGridModel;
  private readonly sc: EnergyScenario;
  private readonly ns: number;
  private readonly nb: number;
  // MV forest: index s < ns = station busbar root; ns + i = feeder bus i.
  private readonly forest: RadialFeeder;
  private readonly sweep: SweepState;
  private readonly lossP: Float64Array;
  private readonly lossQ: Float64Array;
  private readonly busRating: Float64Array;
  private readonly liveStation: Uint8Array;
  // HV network.
  private readonly hv: PowerNetwork | null;
  private readonly hvY: Ybus | null;
  private readonly hvBr: BranchAdmittance | null;
  private readonly hvWs: NewtonWorkspace | null;
  private readonly hvVm: Float64Array;
  private readonly hvVa: Float64Array;
  private readonly mvBusOf: Int32Array; // station → HV-network index of its 10 kV busbar (−1 none)
  private readonly trafoBranch: Int32Array; // station → HV-network branch of its transformer (−1 none)
  private readonly hvLineBranch: Int32Array; // model HV line → HV-network branch
  // Units (model + lever additions).
  private readonly pvBus: Int32Array;
  private readonly pvStation: Int32Array;
  private readonly pvRating: Float64Array;
  private readonly stoBus: Int32Array;
  private readonly stoStation: Int32Array;
  private readonly stoPower: Float64Array;
  private readonly stoEnergy: Float64Array;
  private readonly stoSoc: Float64Array; // MWh

  /**
   * State of charge per storage unit, MWh: live (not a copy). The live model carries it across a topology rebuild
   * (LiveEnergyModel.setOutages) by copying it into the new simulator's array.
   */
  get storageSocMwh(): Float64Array {
    return this.stoSoc;
  }
  private readonly merit: MeritUnits;
  private readonly meritOut: MeritResult = { importMw: 0, unservedMw: 0 };
  // Per-step scratch.
  private readonly classMult = new Float64Array(LOAD_CLASS_COUNT);
  private readonly feederNoise: Float64Array;
  private readonly busP: Float64Array;
  private readonly busQ: Float64Array;
  private readonly stoCmd: Float64Array;
  private readonly sun = createSunPosition();
  private readonly wx: EnergyWeather = { temperatureC: 20, cloudCover: 0, windMS: 0 };
  private readonly flowScratch: BranchFlow = { pf: 0, qf: 0, pt: 0, qt: 0 };
  private readonly shares = { pv: 0, wind: 0 };
  private lossEstimateMw = Number.NaN;
  // Peak-shaving thresholds for the current local day.
  private thresholdDay = Number.NaN;
  private shaveAboveMw = Infinity;
  private fillBelowMw = -Infinity;
  private readonly forecast: Float64Array;
  private readonly livePeakByClass = new Float64Array(LOAD_CLASS_COUNT);
  private livePvMw = 0;
  private liveWindMw = 0;

  /** Builds the scenario's topology (trips, tie transfers, shed buses) and the solver structures. */
  constructor(
    model: CityGridModel,
    scenario: EnergyScenario = BASE_SCENARIO,
    opts: Partial<EnergySimOptions> = {},
  ) {
    this.m = model;
    this.sc = scenario;
    const o: EnergySimOptions = { ...DEFAULT_SIM_OPTIONS, ...opts };
    this.options = o;
    const ns = model.stationCount;
    const nb = model.busCount;
    this.ns = ns;
    this.nb = nb;
    const base = model.options.baseMva;

    // ---- HV energization: breadth-first from the slack over lines and stations in service --------------------------
    const stationOut = new Uint8Array(ns);
    for (const s of scenario.trippedStations) stationOut[s] = 1;
    const lineOut = new Uint8Array(model.hvLineCount);
    for (const k of scenario.trippedHvLines) lineOut[k] = 1;
    const hvLive = new Uint8Array(ns);
    if (!stationOut[model.slackStation]) {
      const queue = [model.slackStation];
      hvLive[model.slackStation] = 1;
      for (let h = 0; h < queue.length; h++) {
        const v = queue[h]!;
        for (let k = 0; k < model.hvLineCount; k++) {
          if (lineOut[k]) continue;
          const w = model.hvFrom[k] === v ? model.hvTo[k]! : model.hvTo[k] === v ? model.hvFrom[k]! : -1;
          if (w >= 0 && !hvLive[w] && !stationOut[w]) {
            hvLive[w] = 1;
            queue.push(w);
          }
        }
      }
    }
    this.liveStation = hvLive;

    // ---- MV topology: trips, then normally open ties close to restore dead parts -----------------------------------
    const parent = Int32Array.from(model.busParent);
    const rOhm = Float64Array.from(model.busROhm);
    const xOhm = Float64Array.from(model.busXOhm);
    const rating = Float64Array.from(model.busRatingMva);
    const station = Int32Array.from(model.busStation);
    const cut = new Uint8Array(nb);
    for (const b of scenario.trippedSections) cut[b] = 1;
    const live = new Uint8Array(nb);
    for (let i = 0; i < nb; i++) {
      const p = parent[i]!;
      live[i] = !cut[i] && (p < 0 ? hvLive[station[i]!]! : live[p]!) ? 1 : 0;
    }
    // Undirected adjacency of the as-built sections that are not cut.
    const adjStart = new Int32Array(nb + 1);
    for (let i = 0; i < nb; i++)
      if (parent[i]! >= 0 && !cut[i]) {
        adjStart[i + 1]!++;
        adjStart[parent[i]! + 1]!++;
      }
    for (let i = 0; i < nb; i++) adjStart[i + 1] = adjStart[i + 1]! + adjStart[i]!;
    const adj = new Int32Array(adjStart[nb]!);
    const fill = adjStart.slice(0, nb);
    for (let i = 0; i < nb; i++)
      if (parent[i]! >= 0 && !cut[i]) {
        adj[fill[i]!++] = parent[i]!;
        adj[fill[parent[i]!]!++] = i;
      }
    const closed: number[] = [];
    let transferred = 0;
    for (let changed = true; changed;) {
      changed = false;
      for (let k = 0; k < model.tieCount; k++) {
        const a = model.tieBusA[k]!;
        const b = model.tieBusB[k]!;
        if (live[a] === live[b] || closed.includes(k)) continue;
        const dead = live[a] ? b : a;
        const src = live[a] ? a : b;
        // Re-root the dead component at the tie end: walk it breadth-first, each bus's new parent is the bus it was
        // reached from; the section impedance moves with the edge (stored at the as-built child end).
        const oldParent = Int32Array.from(parent);
        const oldR = Float64Array.from(rOhm);
        const oldX = Float64Array.from(xOhm);
        const oldRating = Float64Array.from(rating);
        parent[dead] = src;
        rOhm[dead] = model.tieROhm[k]!;
        xOhm[dead] = model.tieXOhm[k]!;
        rating[dead] = model.tieRatingMva[k]!;
        const queue = [dead];
        live[dead] = 1;
        station[dead] = station[src]!;
        for (let h = 0; h < queue.length; h++) {
          const u = queue[h]!;
          for (let e = adjStart[u]!; e < adjStart[u + 1]!; e++) {
            const w = adj[e]!;
            if (live[w]) continue;
            live[w] = 1;
            station[w] = station[src]!;
            parent[w] = u;
            const edgeAt = oldParent[w] === u ? w : u; // the as-built child end holds the section data
            rOhm[w] = oldR[edgeAt]!;
            xOhm[w] = oldX[edgeAt]!;
            rating[w] = oldRating[edgeAt]!;
            queue.push(w);
          }
        }
        transferred += queue.length;
        closed.push(k);
        changed = true;
      }
    }
    this.closedTies = closed;
    this.transferredBuses = transferred;
    this.busDead = new Uint8Array(nb);
    for (let i = 0; i < nb; i++) this.busDead[i] = live[i] ? 0 : 1;

    // ---- the MV forest for the sweep -------------------------------------------------------------------------------
    const n = ns + nb;
    const fParent = new Int32Array(n).fill(-1);
    const zBaseMv = (model.options.mvKv * model.options.mvKv) / base;
    const rPu = new Float64Array(n);
    const xPu = new Float64Array(n);
    this.busRating = new Float64Array(n);
    for (let i = 0; i < nb; i++) {
      if (!live[i]) continue;
      fParent[ns + i] = parent[i]! < 0 ? station[i]! : ns + parent[i]!;
      rPu[ns + i] = rOhm[i]! / zBaseMv;
      xPu[ns + i] = xOhm[i]! / zBaseMv;
      this.busRating[ns + i] = rating[i]!;
    }
    const ones = new Float64Array(n).fill(1);
    this.forest = {
      busCount: n,
      parent: fParent,
      order: orderFromParents(fParent),
      rPu,
      xPu,
      bHalfPu: new Float64Array(n),
      tap: ones,
      shiftRad: new Float64Array(n),
      pLoadPu: new Float64Array(n),
      qLoadPu: new Float64Array(n),
      gShuntPu: new Float64Array(n),
      bShuntPu: new Float64Array(n),
      rootVmPu: new Float64Array(n).fill(o.mvSetpointPu),
      rootVaRad: new Float64Array(n),
    };
    this.sweep = createSweepState(n);
    this.lossP = new Float64Array(n);
    this.lossQ = new Float64Array(n);

    // ---- units ---------------------------------------------------------------------------------------------------
    const unitLive = (bus: number, st: number): boolean => (bus >= 0 ? live[bus] === 1 : hvLive[st] === 1);
    const pvBus = [...model.pv.bus, ...scenario.extraPv.map((e) => e.bus)];
    const pvSt = [...model.pv.station, ...scenario.extraPv.map((e) => model.busStation[e.bus]!)];
    const pvRating = [...model.pv.ratingMw, ...scenario.extraPv.map((e) => e.mw)];
    this.pvBus = Int32Array.from(pvBus);
    this.pvStation = Int32Array.from(pvSt);
    this.pvRating = Float64Array.from(pvRating);
    this.stoBus = Int32Array.from([...model.storage.bus, ...scenario.extraStorage.map((e) => e.bus)]);
    this.stoStation = Int32Array.from([
      ...model.storage.station,
      ...scenario.extraStorage.map((e) => model.busStation[e.bus]!),
    ]);
    this.stoPower = Float64Array.from([...model.storage.powerMw, ...scenario.extraStorage.map((e) => e.mw)]);
    this.stoEnergy = Float64Array.from([
      ...model.storage.energyMwh,
      ...scenario.extraStorage.map((e) => e.mwh),
    ]);
    this.stoSoc = this.stoEnergy.map((e) => e * o.storage.initialSoc);
    for (let u = 0; u < this.stoBus.length; u++)
      if (!unitLive(this.stoBus[u]!, this.stoStation[u]!)) this.stoPower[u] = 0; // disconnected with its bus
    for (let u = 0; u < this.pvRating.length; u++) {
      if (!unitLive(this.pvBus[u]!, this.pvStation[u]!)) continue;
      this.livePvMw += this.pvRating[u]!;
    }
    for (let u = 0; u < model.wind.count; u++)
      if (unitLive(model.wind.bus[u]!, model.wind.station[u]!)) this.liveWindMw += model.wind.ratingMw[u]!;
    const th = model.thermal;
    this.merit = {
      count: th.count,
      minMw: Float64Array.from(th.minMw),
      maxMw: th.ratingMw.map((r, u) => (hvLive[th.station[u]!] ? r : 0)),
      costPerMwh: th.costPerMwh,
      order: meritOrder(th.costPerMwh),
    };
    for (let i = 0; i < nb; i++)
      if (live[i])
        for (let c = 0; c < LOAD_CLASS_COUNT; c++)
          this.livePeakByClass[c]! += model.busPeakMw[i * LOAD_CLASS_COUNT + c]!;

    // ---- HV network (stations, lines, transformers) -----------------------------------------------------------------
    const buses: BusInput[] = [];
    const branches: BranchInput[] = [];
    const gens: GenInput[] = [];
    const mvBusOf = new Int32Array(ns).fill(-1);
    const trafoBranch = new Int32Array(ns).fill(-1);
    const hvLineBranch = new Int32Array(model.hvLineCount).fill(-1);
    const zBaseHv = (110 * 110) / base;
    for (let s = 0; s < ns; s++) {
      buses.push({
        number: s + 1,
        type: !hvLive[s] ? BusType.ISOLATED : s === model.slackStation ? BusType.REF : BusType.PQ,
        pdMw: 0,
        qdMvar: 0,
      });
      gens.push({ bus: s + 1, pgMw: 0, vgPu: 1 });
    }
    for (let k = 0; k < model.hvLineCount; k++) {
      const f = model.hvFrom[k]!;
      const t = model.hvTo[k]!;
      hvLineBranch[k] = branches.length;
      branches.push({
        from: f + 1,
        to: t + 1,
        rPu: model.hvROhm[k]! / zBaseHv,
        xPu: model.hvXOhm[k]! / zBaseHv,
        inService: !lineOut[k] && hvLive[f] === 1 && hvLive[t] === 1,
        rateAMva: model.hvRatingMva[k]!,
      });
    }
    for (let s = 0; s < ns; s++) {
      if (!model.stationHasMv[s]) continue;
      mvBusOf[s] = buses.length;
      buses.push({ number: ns + s + 1, type: hvLive[s] ? BusType.PQ : BusType.ISOLATED, pdMw: 0, qdMvar: 0 });
      trafoBranch[s] = branches.length;
      const scale = base / model.stationRatingMva[s]!;
      branches.push({
        from: s + 1,
        to: ns + s + 1,
        rPu: model.options.transformerRPu * scale,
        xPu: model.options.transformerXPu * scale,
        inService: hvLive[s] === 1,
        rateAMva: model.stationRatingMva[s]!,
      });
    }
    this.mvBusOf = mvBusOf;
    this.trafoBranch = trafoBranch;
    this.hvLineBranch = hvLineBranch;
    if (hvLive[model.slackStation]) {
      this.hv = createNetwork(base, buses, branches, gens);
      this.hvBr = branchAdmittances(this.hv);
      this.hvY = buildYbus(this.hv, this.hvBr);
      this.hvWs = createNewtonWorkspace(this.hvY);
      this.hvVm = Float64Array.from(this.hv.vmInitPu);
      this.hvVa = Float64Array.from(this.hv.vaInitRad);
    } else {
      this.hv = null;
      this.hvBr = null;
      this.hvY = null;
      this.hvWs = null;
      this.hvVm = new Float64Array(buses.length);
      this.hvVa = new Float64Array(buses.length);
    }

    // ---- scratch and result buffers -----------------------------------------------------------------------------------
    this.feederNoise = new Float64Array(model.feederCount);
    this.busP = new Float64Array(nb);
    this.busQ = new Float64Array(nb);
    this.stoCmd = new Float64Array(this.stoBus.length);
    this.forecast = new Float64Array(Math.ceil(DAY_MS / o.stepMs));
    this.result = {
      simTimeMs: 0,
      demandMw: 0,
      servedLoadMw: 0,
      shedMw: 0,
      unservedMw: 0,
      pvMw: 0,
      windMw: 0,
      curtailedMw: 0,
      thermalMw: 0,
      importMw: 0,
      storageMw: 0,
      lossesMw: 0,
      renewableShare: 0,
      emissionsTPerH: 0,
      carbonIntensityGPerKwh: 0,
      minVoltagePu: 0,
      maxSectionLoading: 0,
      maxTransformerLoading: 0,
      maxHvLineLoading: 0,
      importLoading: 0,
      sweepIterations: 0,
      newtonIterations: 0,
      converged: true,
      busVoltagePu: new Float64Array(nb),
      busLoadMw: new Float64Array(nb),
      sectionLoading: new Float64Array(nb),
      feederHeadMw: new Float64Array(model.feederCount),
      feederLossMw: new Float64Array(model.feederCount),
      feederMinVoltagePu: new Float64Array(model.feederCount),
      stationLoading: new Float64Array(ns),
      hvLineLoading: new Float64Array(model.hvLineCount),
      sectionFlowMw: new Float64Array(nb),
      hvLineFlowMw: new Float64Array(model.hvLineCount),
      storagePowerMw: new Float64Array(this.stoBus.length),
      storageSoc: new Float64Array(this.stoBus.length),
      pvUnitMw: new Float64Array(this.pvBus.length),
      windUnitMw: new Float64Array(model.wind.count),
      thermalUnitMw: new Float64Array(th.count),
      alarms: [],
    };
  }

  /** Class multipliers (profile × temperature × scenario scale) at `simTimeMs` for air temperature `airC`. */
  private classMultipliers(simTimeMs: number, airC: number): void {
    const h = localHour(simTimeMs, this.options.utcOffsetMin);
    const weekend = localWeekday(simTimeMs, this.options.utcOffsetMin) >= 5;
    for (let c = 0; c < LOAD_CLASS_COUNT; c++) {
      const scale = c === LoadClass.ev ? this.sc.evScale : this.sc.loadScale;
      this.classMult[c] =
        profileShare(c as LoadClass, h, weekend) * temperatureMultiplier(c as LoadClass, airC) * scale;
    }
  }

  /** PV output share (of rating) and wind output share at `simTimeMs` for the current weather in this.wx. */
  private renewableShares(simTimeMs: number): { pv: number; wind: number } {
    const sun = solarPosition(simTimeMs, this.m.latDeg, this.m.lonDeg, this.sun);
    const ghi = clearSkyGhiHaurwitz(sun.elevationDeg) * cloudFactorKastenCzeplak(this.wx.cloudCover);
    this.shares.pv = pvOutputShare(ghi, this.wx.temperatureC, this.options.pv);
    this.shares.wind = windPowerShare(
      hubWindSpeedMS(this.wx.windMS, this.options.turbine),
      this.options.turbine,
    );
    return this.shares;
  }

  /**
   * Peak-shave thresholds for the local day containing `simTimeMs`, from a noise-free forecast of the system net load
   * (load − PV − wind) at step resolution: discharge above H where the usable energy (SoC band × √η) just covers
   * the energy above H; charge below V where the energy below V fills the room left at the start of the day.
   */
  private updateThresholds(simTimeMs: number): void {
    const o = this.options;
    const offMs = o.utcOffsetMin * 60_000;
    const day = Math.floor((simTimeMs + offMs) / DAY_MS);
    if (day === this.thresholdDay) return;
    this.thresholdDay = day;
    const dayStart = day * DAY_MS - offMs;
    const steps = this.forecast.length;
    for (let t = 0; t < steps; t++) {
      const tm = dayStart + t * o.stepMs;
      o.weather(tm, this.wx);
      this.classMultipliers(tm, this.wx.temperatureC);
      let load = 0;
      for (let c = 0; c < LOAD_CLASS_COUNT; c++) load += this.livePeakByClass[c]! * this.classMult[c]!;
      const re = this.renewableShares(tm);
      this.forecast[t] = load - re.pv * this.livePvMw - re.wind * this.liveWindMw;
    }
    const eta = Math.sqrt(o.storage.roundTripEfficiency);
    let usable = 0;
    let room = 0;
    let power = 0;
    for (let u = 0; u < this.stoPower.length; u++) {
      if (!(this.stoPower[u]! > 0)) continue;
      const e = this.stoEnergy[u]!;
      usable += (o.storage.socMax - o.storage.socMin) * e * eta;
      room += Math.max(0, o.storage.socMax * e - this.stoSoc[u]!) / eta;
      power += this.stoPower[u]!;
    }
    const dtH = o.stepMs / 3_600_000;
    this.shaveAboveMw = peakShaveThreshold(this.forecast, dtH, usable, power);
    this.fillBelowMw = Math.min(this.shaveAboveMw, valleyFillThreshold(this.forecast, dtH, room, power));
  }

  /** Splits a system storage command (MW, > 0 discharge) over the units in proportion to what each can do now. */
  private splitStorage(totalMw: number, dtH: number): number {
    const o = this.options.storage;
    let cap = 0;
    const n = this.stoCmd.length;
    for (let u = 0; u < n; u++) {
      const e = this.stoEnergy[u]!;
      const soc = this.stoSoc[u]!;
      const c =
        totalMw >= 0
          ? maxDischargeMw(soc, e, this.stoPower[u]!, dtH, o)
          : maxChargeMw(soc, e, this.stoPower[u]!, dtH, o);
      this.stoCmd[u] = c;
      cap += c;
    }
    const want = Math.min(Math.abs(totalMw), cap);
    let done = 0;
    for (let u = 0; u < n; u++) {
      const p = cap > 0 ? (this.stoCmd[u]! * want) / cap : 0;
      this.stoCmd[u] = totalMw >= 0 ? p : -p;
      done += this.stoCmd[u]!;
    }
    return done;
  }

  /** Advances the simulation to `simTimeMs` (one dispatch interval of options.stepMs) and returns the result. */
  step(simTimeMs: number): EnergyStepResult {
    const m = this.m;
    const o = this.options;
    const r = this.result;
    const ns = this.ns;
    const nb = this.nb;
    const base = m.options.baseMva;
    const dtH = o.stepMs / 3_600_000;
    r.simTimeMs = simTimeMs;
    r.alarms.length = 0;
    if (this.sc.strategy === StorageStrategy.peakShave) this.updateThresholds(simTimeMs);
    o.weather(simTimeMs, this.wx);
    this.classMultipliers(simTimeMs, this.wx.temperatureC);
    const shares = this.renewableShares(simTimeMs);

    // Loads: class peaks × multipliers × per-feeder noise (seeded per step, so runs and scenarios share it).
    const rng = createRng(hash32(`energy:${o.seed}:${Math.floor(simTimeMs / o.stepMs)}`));
    for (let f = 0; f < m.feederCount; f++) this.feederNoise[f] = 1 + o.loadNoiseSigma * rng.normal();
    let served = 0;
    let shed = 0;
    for (let i = 0; i < nb; i++) {
      let p = 0;
      let q = 0;
      for (let c = 0; c < LOAD_CLASS_COUNT; c++) {
        const pc = m.busPeakMw[i * LOAD_CLASS_COUNT + c]! * this.classMult[c]!;
        p += pc;
        q += pc * TAN_PHI[c]!;
      }
      const nf = this.feederNoise[m.busFeeder[i]!]!;
      p *= nf;
      q *= nf;
      this.busP[i] = p;
      this.busQ[i] = q;
      if (this.busDead[i]) shed += p;
      else served += p;
    }

    // Renewables available.
    let pvAvail = 0;
    for (let u = 0; u < this.pvBus.length; u++) {
      const bus = this.pvBus[u]!;
      const ok = bus >= 0 ? !this.busDead[bus] : this.liveStation[this.pvStation[u]!] === 1;
      const p = ok ? this.pvRating[u]! * shares.pv : 0;
      r.pvUnitMw[u] = p;
      pvAvail += p;
    }
    let windAvail = 0;
    for (let u = 0; u < m.wind.count; u++) {
      const bus = m.wind.bus[u]!;
      const ok = bus >= 0 ? !this.busDead[bus] : this.liveStation[m.wind.station[u]!] === 1;
      const p = ok ? m.wind.ratingMw[u]! * shares.wind : 0;
      r.windUnitMw[u] = p;
      windAvail += p;
    }
    const reAvail = pvAvail + windAvail;

    // Storage by strategy on the net load (served − renewables).
    const net = served - reAvail;
    let sto = 0;
    switch (this.sc.strategy) {
      case StorageStrategy.peakShave:
        if (net > this.shaveAboveMw) sto = this.splitStorage(net - this.shaveAboveMw, dtH);
        else if (net < this.fillBelowMw) sto = this.splitStorage(-(this.fillBelowMw - net), dtH);
        else this.stoCmd.fill(0);
        break;
      case StorageStrategy.selfConsumption:
        sto = this.splitStorage(net, dtH);
        break;
      case StorageStrategy.off:
        this.stoCmd.fill(0);
        break;
      default:
        throw new Error(`unknown storage strategy ${String(this.sc.strategy satisfies never)}`);
    }

    // Balance: renewables first, then storage, thermal by merit order, import, unserved.
    if (Number.isNaN(this.lossEstimateMw)) this.lossEstimateMw = 0.02 * served;
    const residual = served + this.lossEstimateMw - reAvail - sto;
    let curtailed = 0;
    let unserved = 0;
    let thermal = 0;
    let importPlan: number;
    if (residual < 0) {
      let surplus = -residual;
      if (this.sc.strategy !== StorageStrategy.off && surplus > 0) {
        // Storage absorbs what it can before anything is curtailed.
        const before = sto;
        sto = this.splitStorage(sto - surplus, dtH);
        surplus -= before - sto;
      }
      const exported = Math.min(surplus, o.exportLimitMw);
      curtailed = Math.max(0, surplus - exported);
      importPlan = -exported;
      r.thermalUnitMw.fill(0);
    } else {
      meritOrderDispatch(residual, this.merit, m.importLimitMw, r.thermalUnitMw, this.meritOut);
      importPlan = this.meritOut.importMw;
      unserved = this.meritOut.unservedMw;
      for (let u = 0; u < this.merit.count; u++) thermal += r.thermalUnitMw[u]!;
    }
    const reUse = reAvail > 0 ? Math.max(0, reAvail - curtailed) / reAvail : 0;
    const loadKeep = unserved > 0 && served > 0 ? Math.max(0, 1 - unserved / served) : 1;
    for (let u = 0; u < this.stoCmd.length; u++) {
      this.stoSoc[u] = nextSocMwh(this.stoSoc[u]!, this.stoCmd[u]!, this.stoEnergy[u]!, dtH, o.storage);
      r.storagePowerMw[u] = this.stoCmd[u]!;
      r.storageSoc[u] = this.stoEnergy[u]! > 0 ? this.stoSoc[u]! / this.stoEnergy[u]! : 0;
    }

    // ---- power flow: feeders (one sweep over the forest) --------------------------------------------------------
    const f = this.forest;
    f.pLoadPu.fill(0);
    f.qLoadPu.fill(0);
    for (let i = 0; i < nb; i++) {
      if (this.busDead[i]) continue;
      f.pLoadPu[ns + i] = (this.busP[i]! * loadKeep) / base;
      f.qLoadPu[ns + i] = (this.busQ[i]! * loadKeep) / base;
    }
    for (let u = 0; u < this.pvBus.length; u++) {
      r.pvUnitMw[u] = r.pvUnitMw[u]! * reUse;
      const bus = this.pvBus[u]!;
      if (bus >= 0 && !this.busDead[bus]) f.pLoadPu[ns + bus]! -= r.pvUnitMw[u]! / base;
    }
    for (let u = 0; u < m.wind.count; u++) {
      r.windUnitMw[u] = r.windUnitMw[u]! * reUse;
      const bus = m.wind.bus[u]!;
      if (bus >= 0 && !this.busDead[bus]) f.pLoadPu[ns + bus]! -= r.windUnitMw[u]! / base;
    }
    for (let u = 0; u < this.stoCmd.length; u++) {
      const bus = this.stoBus[u]!;
      const at = bus >= 0 ? ns + bus : this.stoStation[u]!;
      if (bus >= 0 && this.busDead[bus]) continue;
      f.pLoadPu[at]! -= this.stoCmd[u]! / base;
    }
    const sw = solveSweep(f, this.sweep, { tolerancePu: 1e-9, maxIterations: 100 });
    const mvLoss = sweepLosses(f, this.sweep, this.lossP, this.lossQ);
    r.sweepIterations = sw.iterations;
    r.converged = sw.converged;

    // Feeder results.
    const { vRe, vIm, jRe, jIm, inRe, inIm } = this.sweep;
    r.feederHeadMw.fill(0);
    r.feederLossMw.fill(0);
    r.feederMinVoltagePu.fill(Infinity);
    let vMin = Infinity;
    let maxSec = 0;
    for (let i = 0; i < nb; i++) {
      const k = ns + i;
      const fd = m.busFeeder[i]!;
      if (this.busDead[i]) {
        r.busVoltagePu[i] = 0;
        r.busLoadMw[i] = 0;
        r.sectionLoading[i] = 0;
        r.sectionFlowMw[i] = 0;
        continue;
      }
      const v = mag(vRe[k]!, vIm[k]!);
      r.busVoltagePu[i] = v;
      r.busLoadMw[i] = f.pLoadPu[k]! * base;
      const pa = f.parent[k]!;
      const vp = mag(vRe[pa]!, vIm[pa]!);
      const sMva = vp * mag(inRe[k]!, inIm[k]!) * base;
      const load = this.busRating[k]! > 0 ? sMva / this.busRating[k]! : 0;
      r.sectionLoading[i] = load;
      r.sectionFlowMw[i] = (vRe[pa]! * inRe[k]! + vIm[pa]! * inIm[k]!) * base;
      if (load > maxSec) maxSec = load;
      if (load > 1) r.alarms.push({ kind: AlarmKind.sectionOverload, index: i, value: load, limit: 1 });
      if (pa < ns) r.feederHeadMw[fd]! += (vRe[pa]! * inRe[k]! + vIm[pa]! * inIm[k]!) * base;
      r.feederLossMw[fd]! += this.lossP[k]! * base;
      if (v < r.feederMinVoltagePu[fd]!) r.feederMinVoltagePu[fd] = v;
      if (v < vMin) vMin = v;
    }
    for (let fd = 0; fd < m.feederCount; fd++) {
      if (r.feederMinVoltagePu[fd] === Infinity) r.feederMinVoltagePu[fd] = 0;
    }
    // Voltage alarms: the worst bus of each feeder outside the band.
    for (let i = 0; i < nb; i++) {
      if (this.busDead[i]) continue;
      const v = r.busVoltagePu[i]!;
      const fd = m.busFeeder[i]!;
      if (v < o.vMinPu && v === r.feederMinVoltagePu[fd])
        r.alarms.push({ kind: AlarmKind.undervoltage, index: i, value: v, limit: o.vMinPu });
      else if (v > o.vMaxPu)
        r.alarms.push({ kind: AlarmKind.overvoltage, index: i, value: v, limit: o.vMaxPu });
    }
    r.minVoltagePu = vMin === Infinity ? 0 : vMin;
    r.maxSectionLoading = maxSec;

    // ---- power flow: HV network (Newton–Raphson) -------------------------------------------------------------------
    let hvLoss = 0;
    let importMw = 0;
    let importMvar = 0;
    r.stationLoading.fill(0);
    r.hvLineLoading.fill(0);
    r.hvLineFlowMw.fill(0);
    r.maxTransformerLoading = 0;
    r.maxHvLineLoading = 0;
    r.newtonIterations = 0;
    if (this.hv && this.hvY && this.hvBr && this.hvWs) {
      const hv = this.hv;
      hv.pLoadPu.fill(0);
      hv.qLoadPu.fill(0);
      hv.pGenPu.fill(0);
      for (let s = 0; s < ns; s++) {
        const mb = this.mvBusOf[s]!;
        if (mb < 0 || !this.liveStation[s]) continue;
        // What the busbar draws: V·conj(J) at the root (its own storage injection included).
        hv.pLoadPu[mb] = vRe[s]! * jRe[s]! + vIm[s]! * jIm[s]!;
        hv.qLoadPu[mb] = vIm[s]! * jRe[s]! - vRe[s]! * jIm[s]!;
      }
      for (let u = 0; u < this.merit.count; u++)
        hv.pGenPu[m.thermal.station[u]!]! += r.thermalUnitMw[u]! / base;
      for (let u = 0; u < this.pvBus.length; u++)
        if (this.pvBus[u]! < 0) hv.pGenPu[this.pvStation[u]!]! += r.pvUnitMw[u]! / base;
      for (let u = 0; u < m.wind.count; u++)
        if (m.wind.bus[u]! < 0) hv.pGenPu[m.wind.station[u]!]! += r.windUnitMw[u]! / base;
      const nr = solveNewton(
        hv,
        this.hvY,
        this.hvVm,
        this.hvVa,
        { tolerancePu: 1e-8, maxIterations: 20 },
        this.hvWs,
      );
      r.newtonIterations = nr.iterations;
      if (!nr.converged) {
        r.converged = false;
        r.alarms.push({ kind: AlarmKind.powerFlow, index: -1, value: nr.maxMismatchPu, limit: 1e-8 });
        // Start the next step from a flat profile rather than a diverged one.
        this.hvVm.set(hv.vmInitPu);
        this.hvVa.set(hv.vaInitRad);
      }
      const y = this.hvBr;
      const vm = this.hvVm;
      const va = this.hvVa;
      const fl: BranchFlow = this.flowScratch;
      const flow = (k: number): BranchFlow => {
        const a = hv.fromBus[k]!;
        const b = hv.toBus[k]!;
        const var_ = vm[a]! * Math.cos(va[a]!);
        const vai = vm[a]! * Math.sin(va[a]!);
        const vbr = vm[b]! * Math.cos(va[b]!);
        const vbi = vm[b]! * Math.sin(va[b]!);
        const ifr = y.yffRe[k]! * var_ - y.yffIm[k]! * vai + y.yftRe[k]! * vbr - y.yftIm[k]! * vbi;
        const ifi = y.yffRe[k]! * vai + y.yffIm[k]! * var_ + y.yftRe[k]! * vbi + y.yftIm[k]! * vbr;
        const itr = y.ytfRe[k]! * var_ - y.ytfIm[k]! * vai + y.yttRe[k]! * vbr - y.yttIm[k]! * vbi;
        const iti = y.ytfRe[k]! * vai + y.ytfIm[k]! * var_ + y.yttRe[k]! * vbi + y.yttIm[k]! * vbr;
        fl.pf = var_ * ifr + vai * ifi;
        fl.qf = vai * ifr - var_ * ifi;
        fl.pt = vbr * itr + vbi * iti;
        fl.qt = vbi * itr - vbr * iti;
        return fl;
      };
      const slack = m.slackStation;
      for (let k = 0; k < hv.branchCount; k++) {
        if (!hv.inService[k]) continue;
        flow(k);
        hvLoss += (fl.pf + fl.pt) * base;
        if (hv.fromBus[k] === slack) {
          importMw += fl.pf * base;
          importMvar += fl.qf * base;
        } else if (hv.toBus[k] === slack) {
          importMw += fl.pt * base;
          importMvar += fl.qt * base;
        }
      }
      // Generation at the slack bus itself (a plant connected at the import station) reduces the import.
      importMw -= hv.pGenPu[slack]! * base;
      for (let k = 0; k < m.hvLineCount; k++) {
        const br = this.hvLineBranch[k]!;
        if (!hv.inService[br]) continue;
        flow(br);
        const load = (Math.max(mag(fl.pf, fl.qf), mag(fl.pt, fl.qt)) * base) / m.hvRatingMva[k]!;
        r.hvLineLoading[k] = load;
        r.hvLineFlowMw[k] = fl.pf * base;
        if (load > r.maxHvLineLoading) r.maxHvLineLoading = load;
        if (load > 1) r.alarms.push({ kind: AlarmKind.hvLineOverload, index: k, value: load, limit: 1 });
      }
      for (let s = 0; s < ns; s++) {
        const br = this.trafoBranch[s]!;
        if (br < 0 || !hv.inService[br] || s === slack) continue;
        flow(br);
        const load = (mag(fl.pf, fl.qf) * base) / m.stationRatingMva[s]!;
        r.stationLoading[s] = load;
        if (load > r.maxTransformerLoading) r.maxTransformerLoading = load;
        if (load > 1) r.alarms.push({ kind: AlarmKind.transformerOverload, index: s, value: load, limit: 1 });
      }
      const impLoad = mag(importMw, importMvar) / m.stationRatingMva[slack]!;
      r.stationLoading[slack] = impLoad;
      r.importLoading = impLoad;
      if (impLoad > 1)
        r.alarms.push({ kind: AlarmKind.importOverload, index: slack, value: impLoad, limit: 1 });
    } else r.importLoading = 0;

    // ---- totals, carbon, alarms -------------------------------------------------------------------------------------
    const losses = mvLoss.pPu * base + hvLoss;
    this.lossEstimateMw = losses;
    const reUsed = reAvail * reUse;
    const servedNow = served * loadKeep;
    r.demandMw = served + shed;
    r.servedLoadMw = servedNow;
    r.shedMw = shed;
    r.unservedMw = served - servedNow;
    r.pvMw = pvAvail * reUse;
    r.windMw = windAvail * reUse;
    r.curtailedMw = reAvail - reUsed;
    r.thermalMw = thermal;
    r.importMw = this.hv ? importMw : importPlan;
    r.storageMw = sto;
    r.lossesMw = losses;
    r.renewableShare = servedNow > 0 ? Math.min(1, reUsed / servedNow) : 0;
    let emissions = Math.max(0, r.importMw) * o.importTCo2PerMwh;
    for (let u = 0; u < this.merit.count; u++) emissions += r.thermalUnitMw[u]! * m.thermal.tCo2PerMwh[u]!;
    r.emissionsTPerH = emissions;
    r.carbonIntensityGPerKwh = carbonIntensityGPerKwh(emissions, servedNow);
    if (shed > 0) r.alarms.push({ kind: AlarmKind.loadShed, index: -1, value: shed, limit: 0 });
    if (r.unservedMw > 1e-9)
      r.alarms.push({ kind: AlarmKind.unserved, index: -1, value: r.unservedMw, limit: 0 });
    return r;
  }
}
