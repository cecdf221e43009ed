/**
 * The city simulator behind the feed: one producer per domain (live traffic + loop detectors, weather, the energy
 * grid + substation meters, incidents), each with its own forked RNG so adding a sensor of one kind does not change
 * another domain's numbers. Traffic is the equilibrium model of src/core/traffic/live.ts, fed by the incident and
 * weather producers; energy is the source–network–load–storage model of src/core/energy/city/liveEnergy.ts (dispatch
 * and power flow every 5 simulated minutes), fed by the weather producer, whose station loads the meters report.
 * Pure and deterministic: the same city, seed and sequence of tick times give the same readings and incidents
 * (DESIGN.md rule 4). The domain issues replace the producers, not this interface.
 *
 * Hazards (src/core/hazards/runtime.ts): the simulator owns a HazardRuntime (`sim.hazards`) and steps it each tick
 * after the weather and before traffic and energy, then applies its coupling: the hazard weather override (rain
 * gauges, traffic weather factors and the energy model see it), the incident × hazard capacity factor per road link
 * (one reused buffer), and the hazard outages (LiveEnergyModel.setOutages). With no hazard running this costs a flag
 * check per tick: the incident factors go to traffic unchanged.
 */
import type { IncidentRecord } from '../protocol/messages.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import { createRng } from '../rng.ts';
import { SensorKind, type CityModel } from '../scene/types.ts';
import { CST_OFFSET_MIN } from './cityClock.ts';
import { IncidentProducer, type IncidentChange, type IncidentOptions } from './incidents.ts';
import { buildGridModel, type CityGridModel } from '../energy/city/gridModel.ts';
import { LiveEnergyModel, substationMeters, type LiveEnergyOptions } from '../energy/city/liveEnergy.ts';
import { Channel } from '../protocol/channels.ts';
import { reportsInTick } from './cityClock.ts';
import { LoopDetectorProducer } from './trafficLoops.ts';
import { LiveTrafficModel } from '../traffic/live.ts';
import { HazardRuntime, type HazardEnergyState } from '../hazards/runtime.ts';
import type { LiveTrafficFrame, TrafficKpis, TripBatch } from '../traffic/types.ts';
import { DEFAULT_WEATHER, WeatherProducer, type WeatherOptions, type WeatherState } from './weather.ts';

export type { IncidentChange } from './incidents.ts';

/** Simulator options. */
export interface CitySimOptions {
  readonly seed: number;
  /** Local time offset of the city, minutes east of UTC (default China Standard Time, 480). */
  readonly utcOffsetMin?: number;
  /** Reporting period per sensor kind, simulated seconds (loops 20 s, weather 60 s, substation meters 10 s). */
  readonly reportPeriodS?: {
    readonly roadLoop?: number;
    readonly weather?: number;
    readonly substationMeter?: number;
  };
  readonly weather?: WeatherOptions;
  readonly incidents?: IncidentOptions;
  /** Live traffic model: animated vehicles on the road at once (default 2000) and minutes between re-solves (5). */
  readonly traffic?: { readonly targetVehicles?: number; readonly modelIntervalMin?: number };
  /** Live energy model: dispatch interval and the Tétouan replay (LiveEnergyOptions), or false for none. */
  readonly energy?: Partial<Pick<LiveEnergyOptions, 'intervalMin' | 'tetouan' | 'scenario'>> | false;
}

/** The energy side of a running simulation (null when the options turn it off). */
export interface CityEnergy {
  readonly grid: CityGridModel;
  readonly model: LiveEnergyModel;
}

/** The traffic side of a running simulation. */
export interface CityTraffic {
  /** Displayed link state now (arrays reused; version bumps each step). */
  frame(): LiveTrafficFrame;
  /** KPIs of the latest equilibrium (null before the first step). */
  kpis(): TrafficKpis | null;
  /** Trips sampled since the last call, or null. */
  takeTrips(): TripBatch | null;
  /** The model itself (network, demand, last equilibrium) for what-if runs and diagnostics. */
  readonly model: LiveTrafficModel;
}

/** A running simulation. */
export interface CitySimulator {
  readonly sensorCount: number;
  /** Advances to `simTimeMs` (must not go backwards), appends the readings due in this tick to `out`, returns the
   * incident changes of this tick. The first call reports every sensor once. */
  step(simTimeMs: number, out: ReadingColumns): readonly IncidentChange[];
  /** Open incidents now. */
  openIncidents(): IncidentRecord[];
  /** City-wide weather now. */
  readonly weather: Readonly<WeatherState>;
  /** Live traffic. */
  readonly traffic: CityTraffic;
  /** Live energy, or null. */
  readonly energy: CityEnergy | null;
  /** The hazard runtime (commands, stream messages, flood frames, 一网统管 reports). */
  readonly hazards: HazardRuntime;
}

/**
 * Cloud cover for the PV model from the weather producer, which has rain but no clouds: overcast (1) while it rains,
 * clear (0) otherwise. A deliberate simplification: the producer's rain episodes are the only cloud signal it has.
 */
export function cloudCoverOf(w: Readonly<WeatherState>): number {
  return w.rainMmH > 0 ? 1 : 0;
}

/** Sensor indices of one kind. */
function sensorsOfKind(city: CityModel, kind: number): Uint32Array {
  const idx: number[] = [];
  for (let i = 0; i < city.sensors.count; i++) if (city.sensors.kind[i] === kind) idx.push(i);
  return Uint32Array.from(idx);
}

/**
 * Appends the substation meter readings due in (prevMs, nowMs]: each meter reports its station's load (the latest
 * dispatch step's value; the model's resolution is its 5-minute step) every `periodMs`, at a per-meter phase.
 */
function emitMeters(
  model: LiveEnergyModel,
  prevMs: number,
  nowMs: number,
  periodMs: number,
  out: ReadingColumns,
): void {
  const m = model.options.meters;
  if (m === null || model.frame.version === 0) return;
  for (let i = 0; i < m.sensorIndex.length; i++) {
    const s = m.sensorIndex[i]!;
    const phase = (s * 7919) % periodMs;
    if (!Number.isNaN(prevMs) && !reportsInTick(prevMs, nowMs, periodMs, phase)) continue;
    out.push(s, Channel.loadMW, Math.max(0, model.frame.stationLoadMw[m.station[i]!]!));
  }
}

/**
 * Grid model per city object: a pure function of the city, read-only once built (the energy model and the hazard
 * runtime keep their state beside it), so every simulator of a scene — the two forks of each hazard what-if, the
 * planner worker's runs — shares one. The traffic side has the same memo (src/core/traffic/live.ts
 * cityTrafficModels: network, fitted demand, peak-hour scale), which is where most of a simulator's build time went.
 */
const GRIDS = new WeakMap<CityModel, CityGridModel>();

/** The city's grid model, built once per city object (buildGridModel; throws as it does). */
export function cityGridModel(city: CityModel): CityGridModel {
  let g = GRIDS.get(city);
  if (g === undefined) {
    g = buildGridModel(city);
    GRIDS.set(city, g);
  }
  return g;
}

/**
 * Creates a simulator for `city`. The per-city models (traffic network, fitted demand, grid model) are built on the
 * first simulator of a city object and shared by later ones; results are the same as building them afresh.
 */
export function createCitySimulator(city: CityModel, opts: CitySimOptions): CitySimulator {
  const root = createRng(opts.seed);
  const utc = opts.utcOffsetMin ?? city.meta.utcOffsetMin ?? CST_OFFSET_MIN;
  const loops = sensorsOfKind(city, SensorKind.roadLoop);
  const loopLink = Uint32Array.from(loops, (s) => city.sensors.linkIndex[s] as number);
  const loopsProducer = new LoopDetectorProducer(loops, loopLink, city.roads, root.fork('traffic'));
  const weather = new WeatherProducer(
    sensorsOfKind(city, SensorKind.weather),
    root.fork('weather'),
    utc,
    opts.weather ?? DEFAULT_WEATHER,
  );
  let energy: CityEnergy | null = null;
  if (opts.energy !== false) {
    const grid = cityGridModel(city);
    const seed = root.fork('grid').int(0x7fffffff);
    const model = new LiveEnergyModel(grid, {
      ...(opts.energy ?? {}),
      sim: { seed, utcOffsetMin: utc },
      meters: substationMeters(city, grid),
    });
    energy = { grid, model };
  }
  const incidents = new IncidentProducer(city.roads, root.fork('incidents'), utc, opts.incidents);
  // Forked last so that the other domains' streams do not change when the traffic model does.
  const live = new LiveTrafficModel(city, {
    utcOffsetMin: utc,
    rng: root.fork('vehicles'),
    ...(opts.traffic?.targetVehicles === undefined ? {} : { targetVehicles: opts.traffic.targetVehicles }),
    ...(opts.traffic?.modelIntervalMin === undefined
      ? {}
      : { modelIntervalMin: opts.traffic.modelIntervalMin }),
  });
  const capacityOf = (link: number): number => live.linkCapacityVph(link);
  const hazards = new HazardRuntime(city, energy?.grid ?? null, {
    seed: root.fork('hazards').int(0x7fffffff),
    utcOffsetMin: utc,
  });
  const roadLinks = city.roads.linkCount;
  const linkFactor = new Float32Array(roadLinks);
  const linkTimeS = new Float32Array(roadLinks);
  let appliedEnergyVersion = 0;
  const energyState = (): HazardEnergyState | null => {
    if (energy === null) return null;
    const m = energy.model;
    return {
      demandMw: m.balance.demandMw,
      shedMw: m.balance.shedMw,
      unservedMw: m.balance.unservedMw,
      storageDischargeMw: m.balance.storageDischargeMw,
      busDead: m.busDead,
      outageVersion: m.outageVersion,
      dispatchVersion: m.frame.version,
    };
  };
  /** Current link travel times from the displayed traffic state, s (free flow where the speed is 0). */
  const fillLinkTimes = (): Float32Array => {
    const fr = live.frame;
    const r = city.roads;
    for (let l = 0; l < roadLinks; l++) {
      const v = fr.linkSpeedKph[l]! > 0 ? fr.linkSpeedKph[l]! : r.freeSpeedKph[l]!;
      linkTimeS[l] = (r.lengthM[l]! / 1000 / Math.max(1, v)) * 3600;
    }
    return linkTimeS;
  };
  const loopMs = (opts.reportPeriodS?.roadLoop ?? 20) * 1000;
  const weatherMs = (opts.reportPeriodS?.weather ?? 60) * 1000;
  const meterMs = (opts.reportPeriodS?.substationMeter ?? 10) * 1000;
  let prevMs = Number.NaN;

  return {
    sensorCount: city.sensors.count,
    weather: weather.state,
    step(simTimeMs, out) {
      if (simTimeMs < prevMs)
        throw new RangeError(`simulator: time went backwards (${simTimeMs} < ${prevMs})`);
      const changes = incidents.step(simTimeMs);
      weather.advance(simTimeMs);
      if (hazards.active) {
        hazards.step(simTimeMs, {
          weather: weather.raw,
          linkTimeS: live.frame.version > 0 ? fillLinkTimes() : null,
          energy: energyState(),
        });
      } else hazards.step(simTimeMs, { weather: weather.raw, linkTimeS: null, energy: null });
      const cp = hazards.coupling;
      weather.setOverride(cp.weather);
      let factor: Float32Array = incidents.linkCapacity;
      if (cp.linkFactorActive) {
        for (let l = 0; l < roadLinks; l++) linkFactor[l] = incidents.linkCapacity[l]! * cp.linkFactor[l]!;
        factor = linkFactor;
      }
      if (energy !== null && cp.energyVersion !== appliedEnergyVersion) {
        appliedEnergyVersion = cp.energyVersion;
        energy.model.setOutages({ stations: cp.trippedStations, sections: cp.trippedSections }, simTimeMs);
      }
      live.step(simTimeMs, factor, weather.state);
      loopsProducer.emit(prevMs, simTimeMs, loopMs, live.frame, capacityOf, out);
      weather.emit(prevMs, simTimeMs, weatherMs, out);
      if (energy !== null) {
        const w = weather.state;
        energy.model.step(simTimeMs, {
          temperatureC: w.temperatureC,
          cloudCover: cloudCoverOf(w),
          windMS: w.windMS,
        });
        emitMeters(energy.model, prevMs, simTimeMs, meterMs, out);
      }
      prevMs = simTimeMs;
      return changes;
    },
    openIncidents: () => incidents.openIncidents(),
    traffic: {
      frame: () => live.frame,
      kpis: () => live.kpis(),
      takeTrips: () => live.takeTrips(),
      model: live,
    },
    energy,
    hazards,
  };
}
