/**
 * The city simulator behind the feed: one producer per domain (live traffic + loop detectors, weather, substation
 * load, incidents), each with its own forked RNG so adding a sensor of one kind does not change another domain's
 * numbers. Traffic is the equilibrium model of src/core/traffic/live.ts, fed by the incident and weather producers.
 * Pure and deterministic: the same city, seed and sequence of tick times give the same readings and incidents
 * (DESIGN.md rule 4). The domain issues replace the producers, not this interface.
 */
import type { IncidentRecord } from '../protocol/messages.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import { createRng } from '../rng.ts';
import { SensorKind, type CityModel } from '../scene/types.ts';
import { CST_OFFSET_MIN } from './cityClock.ts';
import { IncidentProducer, type IncidentChange, type IncidentOptions } from './incidents.ts';
import { SubstationLoadProducer } from './substationLoad.ts';
import { LoopDetectorProducer } from './trafficLoops.ts';
import { LiveTrafficModel } from '../traffic/live.ts';
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
}

/** Sensor indices of one kind. */
function sensorsOfKind(city: CityModel, kind: number): Uint32Array {
  const idx: number[] = [];
  for (let i = 0; i < city.sensors.count; i++) if (city.sensors.kind[i] === kind) idx.push(i);
  return Uint32Array.from(idx);
}

/** Creates a simulator for `city`. */
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
  const grid = new SubstationLoadProducer(
    sensorsOfKind(city, SensorKind.substationMeter),
    city.sensors,
    city.power,
    root.fork('grid'),
    utc,
  );
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
      live.step(simTimeMs, incidents.linkCapacity, weather.state);
      loopsProducer.emit(prevMs, simTimeMs, loopMs, live.frame, capacityOf, out);
      weather.emit(prevMs, simTimeMs, weatherMs, out);
      grid.emit(prevMs, simTimeMs, meterMs, weather.state.temperatureC, out);
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
  };
}
