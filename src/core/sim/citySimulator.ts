/**
 * The placeholder city simulator behind the feed: one producer per domain (traffic loops, weather, substation load,
 * incidents), each with its own forked RNG so adding a sensor of one kind does not change another domain's numbers.
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
import { TrafficLoopProducer } from './trafficLoops.ts';
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
  const utc = opts.utcOffsetMin ?? CST_OFFSET_MIN;
  const loops = sensorsOfKind(city, SensorKind.roadLoop);
  const loopLink = Uint32Array.from(loops, (s) => city.sensors.linkIndex[s] as number);
  const traffic = new TrafficLoopProducer(loops, loopLink, city.roads, root.fork('traffic'), utc);
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
  const loopMs = (opts.reportPeriodS?.roadLoop ?? 20) * 1000;
  const weatherMs = (opts.reportPeriodS?.weather ?? 60) * 1000;
  const meterMs = (opts.reportPeriodS?.substationMeter ?? 10) * 1000;
  const capacity = incidents.linkCapacity;
  const capacityFactor = (link: number): number => (link < capacity.length ? (capacity[link] as number) : 1);
  let prevMs = Number.NaN;

  return {
    sensorCount: city.sensors.count,
    weather: weather.state,
    step(simTimeMs, out) {
      if (simTimeMs < prevMs)
        throw new RangeError(`simulator: time went backwards (${simTimeMs} < ${prevMs})`);
      const changes = incidents.step(simTimeMs);
      weather.advance(simTimeMs);
      traffic.emit(prevMs, simTimeMs, loopMs, capacityFactor, out);
      weather.emit(prevMs, simTimeMs, weatherMs, out);
      grid.emit(prevMs, simTimeMs, meterMs, weather.state.temperatureC, out);
      prevMs = simTimeMs;
      return changes;
    },
    openIncidents: () => incidents.openIncidents(),
  };
}
