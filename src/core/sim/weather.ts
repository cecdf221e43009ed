/**
 * Placeholder weather: one city-wide state (temperature, rain, wind) plus fixed per-station offsets, reported by the
 * `weather` sensors. A hazard can override it (setOverride: a rainstorm's rain, a heat wave's temperature): `raw` is
 * the producer's own weather, `state` what the city sees (rain gauges, traffic weather factors, the energy model).
 * The override never touches the RNG, so the producer's own sequence is the same with and without hazards.
 */
import { Channel } from '../protocol/channels.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import type { Rng } from '../rng.ts';
import { localHour, reportsInTick } from './cityClock.ts';

/** City-wide weather now. */
export interface WeatherState {
  temperatureC: number;
  rainMmH: number;
  windMS: number;
}

/** What a hazard imposes on the weather (absent fields: the producer's own value). */
export interface WeatherOverride {
  readonly rainMmH?: number;
  readonly temperatureC?: number;
  /** Relative humidity, %: not part of WeatherState (the producer has none); carried for the heat model. */
  readonly humidityPct?: number;
}

/** Weather parameters (defaults: a mild early-spring day in Shanghai). */
export interface WeatherOptions {
  /** Daily mean temperature, °C. */
  meanTemperatureC: number;
  /** Half the daily range, °C. */
  amplitudeC: number;
  /** Mean time between rain episodes, hours (Poisson arrivals). */
  rainEveryH: number;
  /** Mean episode duration, minutes (exponential). */
  rainMeanDurationMin: number;
  /** Mean peak intensity, mm/h (exponential). */
  rainMeanPeakMmH: number;
  /** Mean wind speed, m/s. */
  meanWindMS: number;
}

export const DEFAULT_WEATHER: WeatherOptions = {
  meanTemperatureC: 12,
  amplitudeC: 4,
  rainEveryH: 8,
  rainMeanDurationMin: 70,
  rainMeanPeakMmH: 6,
  meanWindMS: 3,
};

/** Produces weather readings for the stations in `stations` (sensor indices). */
export class WeatherProducer {
  /** The weather the city sees: `raw` with the hazard override applied. */
  readonly state: WeatherState = { temperatureC: 0, rainMmH: 0, windMS: 0 };
  /** The producer's own weather, before any override. */
  readonly raw: WeatherState = { temperatureC: 0, rainMmH: 0, windMS: 0 };
  private override: WeatherOverride | null = null;
  /** Temperature before the rain cooling, °C (so an overriding rain cools the air by the same rule). */
  private dryTempC = 0;
  private readonly offsetC: Float32Array;
  private readonly rainFactor: Float32Array;
  private rainStartMs = Number.NaN;
  private rainEndMs = Number.NaN;
  private rainPeakMmH = 0;
  private gustMS = 0;
  private prevMs = Number.NaN;

  /** `stations`: sensor indices of weather sensors. */
  constructor(
    private readonly stations: Uint32Array,
    private readonly rng: Rng,
    private readonly utcOffsetMin: number,
    private readonly opts: WeatherOptions = DEFAULT_WEATHER,
  ) {
    this.offsetC = new Float32Array(stations.length);
    this.rainFactor = new Float32Array(stations.length);
    for (let i = 0; i < stations.length; i++) {
      // Urban heat island and siting differences: ±0.8 °C; convective rain is patchy: ×0.6–1.4.
      this.offsetC[i] = rng.range(-0.8, 0.8);
      this.rainFactor[i] = rng.range(0.6, 1.4);
    }
  }

  /** Advances the city-wide state to `simTimeMs`. */
  advance(simTimeMs: number): void {
    const dtH = Number.isNaN(this.prevMs) ? 0 : Math.max(0, simTimeMs - this.prevMs) / 3_600_000;
    this.prevMs = simTimeMs;
    const o = this.opts;
    // Rain episodes: Poisson arrivals, P(start within dt) = 1 − exp(−dt/mean gap).
    if (Number.isNaN(this.rainEndMs) || simTimeMs > this.rainEndMs) {
      this.rainPeakMmH = 0;
      if (dtH > 0 && this.rng.next() < 1 - Math.exp(-dtH / o.rainEveryH)) {
        const durMin = Math.min(240, Math.max(15, -o.rainMeanDurationMin * Math.log(1 - this.rng.next())));
        this.rainStartMs = simTimeMs;
        this.rainEndMs = simTimeMs + durMin * 60_000;
        this.rainPeakMmH = Math.max(0.5, -o.rainMeanPeakMmH * Math.log(1 - this.rng.next()));
      }
    }
    let rain = 0;
    if (this.rainPeakMmH > 0 && simTimeMs <= this.rainEndMs) {
      // Episode shape: a half sine from start to end (rain builds, peaks mid-episode, eases off).
      const f = (simTimeMs - this.rainStartMs) / (this.rainEndMs - this.rainStartMs);
      rain = this.rainPeakMmH * Math.sin(Math.PI * f);
    }
    const h = localHour(simTimeMs, this.utcOffsetMin);
    // Diurnal cycle as a cosine with its maximum at 14:30 local time: the usual first approximation of the daily
    // temperature wave (cf. Parton & Logan 1981, Agric. Meteorol. 23:205–216, whose daytime part is a sine).
    const cycle = Math.cos((2 * Math.PI * (h - 14.5)) / 24);
    // Rain cools the air (evaporation, no sun): up to −3 °C at 10 mm/h.
    this.dryTempC = o.meanTemperatureC + o.amplitudeC * cycle;
    this.raw.temperatureC = this.dryTempC - Math.min(3, 0.3 * rain);
    this.raw.rainMmH = rain;
    // Wind: afternoon mixing raises it, gusts follow an AR(1) process, showers bring squalls.
    this.gustMS = 0.9 * this.gustMS + 0.45 * this.rng.normal();
    this.raw.windMS = Math.max(0, o.meanWindMS * (1 + 0.3 * cycle) + this.gustMS + 0.25 * rain);
    this.applyOverride();
  }

  /** Sets (or clears, null) the hazard override and applies it to `state` at once. */
  setOverride(o: WeatherOverride | null): void {
    this.override = o;
    this.applyOverride();
  }

  /** state = raw, with the override's rain (cooling and squalls by the producer's own rules) and temperature. */
  private applyOverride(): void {
    const o = this.override;
    const r = this.raw;
    if (o === null) {
      this.state.temperatureC = r.temperatureC;
      this.state.rainMmH = r.rainMmH;
      this.state.windMS = r.windMS;
      return;
    }
    const rain = o.rainMmH ?? r.rainMmH;
    this.state.rainMmH = rain;
    this.state.temperatureC = o.temperatureC ?? this.dryTempC - Math.min(3, 0.3 * rain);
    this.state.windMS = r.windMS + 0.25 * Math.max(0, rain - r.rainMmH);
  }

  /** Writes the readings of the stations that report in (prevMs, nowMs] into `out`. */
  emit(prevMs: number, nowMs: number, periodMs: number, out: ReadingColumns): void {
    const s = this.state;
    for (let i = 0; i < this.stations.length; i++) {
      const phase = (i * 7919) % periodMs;
      if (!Number.isNaN(prevMs) && !reportsInTick(prevMs, nowMs, periodMs, phase)) continue;
      const idx = this.stations[i] as number;
      out.push(
        idx,
        Channel.temperatureC,
        s.temperatureC + (this.offsetC[i] as number) + 0.1 * this.rng.normal(),
      );
      out.push(idx, Channel.rainMmH, s.rainMmH * (this.rainFactor[i] as number));
      out.push(idx, Channel.windMS, Math.max(0, s.windMS * (1 + 0.1 * this.rng.normal())));
    }
  }
}
