/**
 * The live energy model for the feed server: wraps EnergySimulator (energySim.ts), runs one dispatch step every
 * `intervalMin` simulated minutes on slots aligned to the epoch (so the same clock gives the same steps), optionally
 * replays the Tétouan zone loads on three feeders (tetouan.ts), and exposes what a server streams: substation meter
 * readings (sensor index + Channel.loadMW), a compact frame with a version counter, a
 * balance record and the alarms raised and cleared by the last step. Pure and deterministic; no Date.
 */
import { Channel } from '../../protocol/channels.ts';
import type { ReadingColumns } from '../../protocol/readingColumns.ts';
import { SensorKind } from '../../scene/types.ts';
import type { CityModel } from '../../scene/types.ts';
import { localHour, localWeekday } from '../../sim/cityClock.ts';
import { BASE_SCENARIO, DEFAULT_SIM_OPTIONS, EnergySimulator } from './energySim.ts';
import type {
  AlarmKind,
  EnergyAlarm,
  EnergyScenario,
  EnergySimOptions,
  EnergyStepResult,
  EnergyWeather,
} from './energySim.ts';
import type { CityGridModel } from './gridModel.ts';
import { LOAD_CLASS_COUNT, LoadClass, profileShare, temperatureMultiplier } from './loads.ts';
import {
  pickTetouanFeeders,
  scaleZonesToFeederRating,
  scaleZonesToFeeders,
  tetouanRowAt,
  tetouanZoneKw,
} from './tetouan.ts';
import type { TetouanFeederMap, TetouanSeries } from './tetouan.ts';

/** Weather handed in by the server each tick. */
export interface LiveWeather {
  temperatureC: number;
  /** Cloud cover 0…1 (default 0). */
  cloudCover?: number;
  /** Wind speed at 10 m, m/s (default 5, the diurnalWeather default). */
  windMS?: number;
}

/** Options of {@link LiveEnergyModel}. */
export interface LiveEnergyOptions {
  /** Simulated minutes between dispatch steps (default 5). */
  readonly intervalMin: number;
  /** Most steps run by one `step` call when the clock jumps; older slots are skipped (default 288 = a day). */
  readonly maxCatchUpSteps: number;
  readonly scenario: EnergyScenario;
  /** Simulator options (weather and stepMs are set by this class). */
  readonly sim: Partial<Omit<EnergySimOptions, 'weather' | 'stepMs'>>;
  /**
   * Replay the Tétouan zones on three feeders (zone k → feeders[k]; default pickTetouanFeeders), scaled so that each
   * zone's annual peak equals the feeder's design peak (scaleZonesToFeeders) or, with `peakShareOfRating`, that share
   * of the feeder head's rating (scaleZonesToFeederRating).
   */
  readonly tetouan: {
    readonly series: TetouanSeries;
    readonly feeders?: readonly [number, number, number];
    readonly peakShareOfRating?: number;
  } | null;
  /** Substation meters: scene sensor index and the model station each one measures. */
  readonly meters: { readonly sensorIndex: Uint32Array; readonly station: Int32Array } | null;
}

/** Defaults: 5-minute dispatch, base scenario, no replay, no meters. */
export const DEFAULT_LIVE_ENERGY_OPTIONS: LiveEnergyOptions = {
  intervalMin: 5,
  maxCatchUpSteps: 288,
  scenario: BASE_SCENARIO,
  sim: {},
  tetouan: null,
  meters: null,
};

/** What the map and 3D views draw; arrays are overwritten by the next dispatch (version increments). */
export interface LiveEnergyFrame {
  /** Increments on every dispatch step (0: none yet). */
  version: number;
  simTimeMs: number;
  /** Per feeder bus: upstream-section loading, %, and active power entering it at the parent end, MW. */
  readonly sectionLoadingPct: Float32Array;
  readonly sectionFlowMw: Float32Array;
  /** Per model HV line: active power leaving its hvFrom station, MW. */
  readonly hvLineFlowMw: Float32Array;
  /** Per feeder (as built): head active power, MW. */
  readonly feederHeadMw: Float32Array;
  /** Per model HV line: loading, %. */
  readonly hvLineLoadingPct: Float32Array;
  /** Per station: transformer (import station: import) loading, %. */
  readonly stationLoadingPct: Float32Array;
  /** Per station: load it delivers, MW (see stationLoadMw in the class doc). */
  readonly stationLoadMw: Float32Array;
  /** Per feeder bus: voltage, p.u. (0 when dead). */
  readonly busVoltagePu: Float32Array;
  /** Per storage unit: state of charge, %, and power, MW (> 0 discharging). */
  readonly storageSocPct: Float32Array;
  readonly storageMw: Float32Array;
  /** Per PV unit: output, MW. */
  readonly pvUnitMw: Float32Array;
}

/** The system balance of the last dispatch step, MW unless named otherwise. */
export interface EnergyBalance {
  simTimeMs: number;
  importMw: number;
  thermalMw: number;
  pvMw: number;
  windMw: number;
  storageDischargeMw: number;
  storageChargeMw: number;
  /** Load served, demand (served + shed + unserved), shed (N-1) and unserved (shortfall). */
  loadMw: number;
  demandMw: number;
  shedMw: number;
  unservedMw: number;
  curtailedMw: number;
  lossesMw: number;
  /** Renewable energy used / load served, 0…1. */
  renewableShare: number;
  carbonIntensityGPerKwh: number;
  emissionsTPerH: number;
}

/** An alarm that appeared (raised) or disappeared (cleared) with the last dispatch step. */
export interface EnergyAlarmEvent {
  readonly kind: AlarmKind;
  readonly index: number;
  /** Raised: the value now; cleared: the last value seen while active. */
  readonly value: number;
  readonly limit: number;
  readonly raised: boolean;
  readonly simTimeMs: number;
}

/** Substation meters of a scene, each bound to the nearest model station (plane distance in scene metres). */
export function substationMeters(
  city: CityModel,
  model: CityGridModel,
): { sensorIndex: Uint32Array; station: Int32Array } {
  const idx: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < city.sensors.count; i++) {
    if (city.sensors.kind[i] !== SensorKind.substationMeter) continue;
    const x = city.sensors.xy[2 * i]!;
    const y = city.sensors.xy[2 * i + 1]!;
    let best = Infinity;
    let bs = -1;
    for (let s = 0; s < model.stationCount; s++) {
      const dx = model.stationX[s]! - x;
      const dy = model.stationY[s]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        bs = s;
      }
    }
    if (bs < 0) continue;
    idx.push(i);
    st.push(bs);
  }
  return { sensorIndex: Uint32Array.from(idx), station: Int32Array.from(st) };
}

/** The state of charge (MWh per storage unit) inside an EnergySimulator (live array). */
function storageSocMwh(sim: EnergySimulator): Float64Array {
  return sim.storageSocMwh;
}

const alarmKey = (a: { kind: string; index: number }): string => `${a.kind}:${a.index}`;

/**
 * Live energy model. Station load (stationLoadMw): for a substation, the sum of its as-built feeders' head power
 * minus storage discharging at its busbar; for the import station, the net import. The Tétouan override rescales,
 * before each step, the class peaks of the three feeders' buses (on a private copy of busPeakMw) so that the
 * simulator's noise-free load of each feeder equals zone kW × mwPerKw at that time; the ±2 % per-feeder noise of
 * the simulator still applies. The storage peak-shave forecast keeps the as-built loads (a day-ahead plan), and it
 * uses the weather of the step that starts the day for the whole day (a persistence forecast).
 */
export class LiveEnergyModel {
  readonly options: LiveEnergyOptions;
  readonly intervalMs: number;
  readonly frame: LiveEnergyFrame;
  readonly balance: EnergyBalance;
  /** Alarms raised and cleared by the last `step` call (all its dispatch steps). */
  readonly alarmEvents: EnergyAlarmEvent[] = [];
  /** The balance of every dispatch step the last `step` call ran (copies, oldest first). */
  readonly stepBalances: EnergyBalance[] = [];
  /** The Tétouan mapping (null without replay), the row last replayed (−1 none) and each feeder's target MW. */
  readonly tetouanMap: TetouanFeederMap | null;
  tetouanRow = -1;
  readonly tetouanFeederMw = new Float64Array(3);

  private sim: EnergySimulator;
  private readonly model: CityGridModel;
  private outageStations: readonly number[] = [];
  private outageSections: readonly number[] = [];
  /** Increments whenever setOutages changes the topology (busDead changes with it). */
  outageVersion = 0;
  /** Simulated time of the last topology change by setOutages (NaN: never). */
  outageSinceMs = Number.NaN;
  private readonly peakAsBuilt: Float64Array;
  private readonly peakLive: Float64Array;
  private readonly overrideBuses: Int32Array[];
  private readonly wx: EnergyWeather = { temperatureC: 20, cloudCover: 0, windMS: 5 };
  private readonly simOpts: EnergySimOptions;
  private readonly classMult = new Float64Array(LOAD_CLASS_COUNT);
  private active = new Map<string, EnergyAlarm>();
  private nextSlotMs = Number.NaN;

  /** Builds the simulator for `model` (a private copy of its bus peaks is kept for the Tétouan replay). */
  constructor(model: CityGridModel, opts: Partial<LiveEnergyOptions> = {}) {
    const o: LiveEnergyOptions = { ...DEFAULT_LIVE_ENERGY_OPTIONS, ...opts };
    if (!(o.intervalMin > 0)) throw new Error(`live energy: intervalMin must be > 0, got ${o.intervalMin}`);
    this.options = o;
    this.intervalMs = Math.round(o.intervalMin * 60_000);
    this.peakAsBuilt = model.busPeakMw;
    this.peakLive = Float64Array.from(model.busPeakMw);
    this.model = { ...model, busPeakMw: this.peakLive };
    const wx = this.wx;
    this.simOpts = {
      ...DEFAULT_SIM_OPTIONS,
      ...o.sim,
      stepMs: this.intervalMs,
      weather: (_t, out) => {
        out.temperatureC = wx.temperatureC;
        out.cloudCover = wx.cloudCover;
        out.windMS = wx.windMS;
      },
    };
    this.sim = new EnergySimulator(this.model, o.scenario, this.simOpts);
    const tt = o.tetouan;
    const feeders = tt ? (tt.feeders ?? pickTetouanFeeders(model)) : null;
    this.tetouanMap =
      tt === null || feeders === null
        ? null
        : tt.peakShareOfRating !== undefined
          ? scaleZonesToFeederRating(tt.series, model, feeders, tt.peakShareOfRating)
          : scaleZonesToFeeders(tt.series, model, feeders);
    this.overrideBuses = [];
    if (this.tetouanMap)
      for (const f of this.tetouanMap.feeders) {
        const b: number[] = [];
        for (let i = 0; i < model.busCount; i++) if (model.busFeeder[i] === f) b.push(i);
        this.overrideBuses.push(Int32Array.from(b));
      }
    const r = this.sim.result;
    const ns = model.stationCount;
    this.frame = {
      version: 0,
      simTimeMs: Number.NaN,
      sectionLoadingPct: new Float32Array(model.busCount),
      sectionFlowMw: new Float32Array(model.busCount),
      hvLineFlowMw: new Float32Array(model.hvLineCount),
      feederHeadMw: new Float32Array(model.feederCount),
      hvLineLoadingPct: new Float32Array(model.hvLineCount),
      stationLoadingPct: new Float32Array(ns),
      stationLoadMw: new Float32Array(ns),
      busVoltagePu: new Float32Array(model.busCount),
      storageSocPct: new Float32Array(r.storageSoc.length),
      storageMw: new Float32Array(r.storagePowerMw.length),
      pvUnitMw: new Float32Array(r.pvUnitMw.length),
    };
    this.balance = {
      simTimeMs: Number.NaN,
      importMw: 0,
      thermalMw: 0,
      pvMw: 0,
      windMw: 0,
      storageDischargeMw: 0,
      storageChargeMw: 0,
      loadMw: 0,
      demandMw: 0,
      shedMw: 0,
      unservedMw: 0,
      curtailedMw: 0,
      lossesMw: 0,
      renewableShare: 0,
      carbonIntensityGPerKwh: 0,
      emissionsTPerH: 0,
    };
  }

  /** Feeder buses without supply in the current topology (scenario trips plus setOutages), 1 = dead. */
  get busDead(): Uint8Array {
    return this.sim.busDead;
  }

  /** Stations and feeder sections taken out by setOutages now (sorted). */
  get outages(): { readonly stations: readonly number[]; readonly sections: readonly number[] } {
    return { stations: this.outageStations, sections: this.outageSections };
  }

  /**
   * Takes stations and feeder sections out of service (hazard outages: flooded or damaged substations) on top of the
   * configured scenario, from the next dispatch step on; an empty list restores them. Rebuilds the simulator's
   * topology (trips, tie transfers, dead buses) and carries over the storage state of charge, so batteries that
   * covered an outage stay as empty as they were; the frame, balance, alarms and dispatch clock are kept. Returns
   * whether anything changed. Throws a RangeError naming the bad index.
   */
  setOutages(
    o: { readonly stations: readonly number[]; readonly sections: readonly number[] },
    simMs: number,
  ): boolean {
    const m = this.model;
    for (const s of o.stations)
      if (!Number.isInteger(s) || s < 0 || s >= m.stationCount)
        throw new RangeError(`live energy setOutages: station ${s} is not in 0…${m.stationCount - 1}`);
    for (const b of o.sections)
      if (!Number.isInteger(b) || b < 0 || b >= m.busCount)
        throw new RangeError(`live energy setOutages: section (bus) ${b} is not in 0…${m.busCount - 1}`);
    const st = [...new Set(o.stations)].sort((a, b) => a - b);
    const se = [...new Set(o.sections)].sort((a, b) => a - b);
    const same = (a: readonly number[], b: readonly number[]): boolean =>
      a.length === b.length && a.every((v, i) => v === b[i]);
    if (same(st, this.outageStations) && same(se, this.outageSections)) return false;
    this.outageStations = st;
    this.outageSections = se;
    const sc = this.options.scenario;
    const scenario: EnergyScenario = {
      ...sc,
      trippedStations: [...new Set([...sc.trippedStations, ...st])],
      trippedSections: [...new Set([...sc.trippedSections, ...se])],
    };
    const socBefore = Float64Array.from(storageSocMwh(this.sim));
    this.sim = new EnergySimulator(this.model, scenario, this.simOpts);
    const socAfter = storageSocMwh(this.sim);
    if (socAfter.length === socBefore.length) socAfter.set(socBefore);
    this.outageVersion++;
    this.outageSinceMs = simMs;
    return true;
  }

  /** The simulator's full result of the last dispatch step (overwritten by the next). */
  get result(): EnergyStepResult {
    return this.sim.result;
  }

  /**
   * Advances to `simTimeMs` under `weather`: runs a dispatch step at every slot (multiple of intervalMs) in
   * (previous time, simTimeMs] — the first call runs the slot at or before simTimeMs — and returns the number run.
   */
  step(simTimeMs: number, weather: LiveWeather): number {
    this.wx.temperatureC = weather.temperatureC;
    this.wx.cloudCover = weather.cloudCover ?? 0;
    this.wx.windMS = weather.windMS ?? 5;
    this.alarmEvents.length = 0;
    this.stepBalances.length = 0;
    const iv = this.intervalMs;
    const last = Math.floor(simTimeMs / iv) * iv;
    if (Number.isNaN(this.nextSlotMs)) this.nextSlotMs = last;
    if (this.nextSlotMs > last) return 0;
    const first = Math.max(this.nextSlotMs, last - (this.options.maxCatchUpSteps - 1) * iv);
    let n = 0;
    for (let t = first; t <= last; t += iv) {
      this.dispatch(t);
      n++;
    }
    this.nextSlotMs = last + iv;
    return n;
  }

  /** Appends one Channel.loadMW reading per substation meter (its station's load, ≥ 0) to `out`. */
  emitMeters(out: ReadingColumns): void {
    const m = this.options.meters;
    if (!m || this.frame.version === 0) return;
    for (let i = 0; i < m.sensorIndex.length; i++)
      out.push(m.sensorIndex[i]!, Channel.loadMW, Math.max(0, this.frame.stationLoadMw[m.station[i]!]!));
  }

  /** One dispatch step at slot time `t`. */
  private dispatch(t: number): void {
    if (this.tetouanMap && this.options.tetouan)
      this.applyTetouan(t, this.options.tetouan.series, this.tetouanMap);
    const r = this.sim.step(t);
    const m = this.model;
    const f = this.frame;
    f.version++;
    f.simTimeMs = t;
    for (let i = 0; i < m.busCount; i++) {
      f.sectionLoadingPct[i] = r.sectionLoading[i]! * 100;
      f.sectionFlowMw[i] = r.sectionFlowMw[i]!;
      f.busVoltagePu[i] = r.busVoltagePu[i]!;
    }
    for (let k = 0; k < m.hvLineCount; k++) {
      f.hvLineLoadingPct[k] = r.hvLineLoading[k]! * 100;
      f.hvLineFlowMw[k] = r.hvLineFlowMw[k]!;
    }
    for (let fd = 0; fd < m.feederCount; fd++) f.feederHeadMw[fd] = r.feederHeadMw[fd]!;
    f.stationLoadMw.fill(0);
    for (let s = 0; s < m.stationCount; s++) f.stationLoadingPct[s] = r.stationLoading[s]! * 100;
    for (let fd = 0; fd < m.feederCount; fd++) f.stationLoadMw[m.feederStation[fd]!]! += r.feederHeadMw[fd]!;
    for (let u = 0; u < m.storage.count; u++)
      if (m.storage.bus[u]! < 0) f.stationLoadMw[m.storage.station[u]!]! -= r.storagePowerMw[u]!;
    f.stationLoadMw[m.slackStation] = r.importMw;
    let dis = 0;
    let chg = 0;
    for (let u = 0; u < r.storageSoc.length; u++) {
      f.storageSocPct[u] = r.storageSoc[u]! * 100;
      const p = r.storagePowerMw[u]!;
      f.storageMw[u] = p;
      if (p > 0) dis += p;
      else chg -= p;
    }
    for (let u = 0; u < r.pvUnitMw.length; u++) f.pvUnitMw[u] = r.pvUnitMw[u]!;
    const b = this.balance;
    b.simTimeMs = t;
    b.importMw = r.importMw;
    b.thermalMw = r.thermalMw;
    b.pvMw = r.pvMw;
    b.windMw = r.windMw;
    b.storageDischargeMw = dis;
    b.storageChargeMw = chg;
    b.loadMw = r.servedLoadMw;
    b.demandMw = r.demandMw;
    b.shedMw = r.shedMw;
    b.unservedMw = r.unservedMw;
    b.curtailedMw = r.curtailedMw;
    b.lossesMw = r.lossesMw;
    b.renewableShare = r.renewableShare;
    b.carbonIntensityGPerKwh = r.carbonIntensityGPerKwh;
    b.emissionsTPerH = r.emissionsTPerH;
    this.stepBalances.push({ ...b });
    // Alarms: diff against the set active after the previous step (key = kind + index).
    const now = new Map<string, EnergyAlarm>();
    for (const a of r.alarms) now.set(alarmKey(a), a);
    for (const [k, a] of now)
      if (!this.active.has(k)) this.alarmEvents.push({ ...a, raised: true, simTimeMs: t });
    for (const [k, a] of this.active)
      if (!now.has(k)) this.alarmEvents.push({ ...a, raised: false, simTimeMs: t });
    this.active = now;
  }

  /** Currently active alarms (after the last dispatch step). */
  activeAlarms(): EnergyAlarm[] {
    return [...this.active.values()];
  }

  /** Rescales the three replay feeders' bus peaks so that their noise-free load at `t` is the Tétouan target. */
  private applyTetouan(t: number, series: TetouanSeries, map: TetouanFeederMap): void {
    const o = this.simOpts;
    const sc = this.options.scenario;
    const h = localHour(t, o.utcOffsetMin);
    const weekend = localWeekday(t, o.utcOffsetMin) >= 5;
    // The same class multipliers as EnergySimulator.classMultipliers (profile × temperature × scenario scale).
    for (let c = 0; c < LOAD_CLASS_COUNT; c++) {
      const scale = c === LoadClass.ev ? sc.evScale : sc.loadScale;
      this.classMult[c] =
        profileShare(c as LoadClass, h, weekend) *
        temperatureMultiplier(c as LoadClass, this.wx.temperatureC) *
        scale;
    }
    const row = tetouanRowAt(series, t, o.utcOffsetMin);
    this.tetouanRow = row;
    for (let k = 0; k < 3; k++) {
      const buses = this.overrideBuses[k]!;
      const target = tetouanZoneKw(series, k as 0 | 1 | 2, row) * map.mwPerKw[k]!;
      this.tetouanFeederMw[k] = target;
      let asBuilt = 0;
      for (const i of buses)
        for (let c = 0; c < LOAD_CLASS_COUNT; c++)
          asBuilt += this.peakAsBuilt[i * LOAD_CLASS_COUNT + c]! * this.classMult[c]!;
      const factor = asBuilt > 0 ? target / asBuilt : 0;
      for (const i of buses)
        for (let c = 0; c < LOAD_CLASS_COUNT; c++) {
          const j = i * LOAD_CLASS_COUNT + c;
          this.peakLive[j] = this.peakAsBuilt[j]! * factor;
        }
    }
  }
}
