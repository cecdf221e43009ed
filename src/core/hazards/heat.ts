/**
 * Heat-wave model (issue 5): heat index from air temperature and humidity (NWS Rothfusz regression), a heat-risk score
 * and alert level per district, the people at risk, and the extra electric load the heat causes in the energy model.
 * Pure and deterministic. docs/resilience.md "Heat wave" documents the formula and every constant.
 *
 * risk_d = H_d × E_d × V_d, each in [0, 1]:
 * - hazard H_d: the district's heat index HI_d placed linearly between the NWS "Caution" threshold (80 °F = 26.7 °C →
 *   0) and the "Extreme Danger" threshold (125 °F = 51.7 °C → 1) of the NWS heat index chart; HI_d uses the district's
 *   air temperature T_d = T + ΔT_UHI × impervious share (urban heat island proxy, see UHI_DAYTIME_C);
 * - exposure E_d: occupant density of the district (people / km²) relative to the densest district;
 * - vulnerability V_d = 1: the scene carries no age or income data (no elderly / low-income proxy can be derived),
 *   so vulnerability is uniform and the urban heat island enters through the hazard term instead.
 * Level per district (AlertLevel) from China's high-temperature warning signals (中国气象局《气象灾害预警信号发布与传播
 * 办法》2007, 附件 高温预警信号): yellow (2) T_d ≥ 35 °C (three days running), orange (3) T_d ≥ 37 °C, red (4)
 * T_d ≥ 40 °C within 24 h; blue (1) — no CMA heat signal exists — is the twin's watch level when HI_d reaches the NWS
 * "Extreme Caution" threshold (90 °F = 32.2 °C) (modelling choice). The three-day condition of yellow is the runtime's
 * business (lifecycle.ts heatWarningLevel); here T_d is taken as the daily maximum of the heat wave.
 */
import type { CityGridModel } from '../energy/city/gridModel.ts';
import { LOAD_CLASS_COUNT, profileShare, temperatureMultiplier } from '../energy/city/loads.ts';
import type { LoadClass } from '../energy/city/loads.ts';
import { ringArea } from '../gis/polygon.ts';
import { localHour, localWeekday } from '../sim/cityClock.ts';
import { AreaKind, NO_INDEX } from '../scene/types.ts';
import type { CityModel } from '../scene/types.ts';
import { locatePoints } from '../traffic/cityNetwork.ts';
import { quakeCityIndex } from './earthquake.ts';
import type { AlertLevel, HeatSummary } from './types.ts';

const f2c = (f: number): number => ((f - 32) * 5) / 9;
const c2f = (c: number): number => (c * 9) / 5 + 32;

/**
 * NWS heat index, °F, from air temperature (°F) and relative humidity (%): the simple formula
 * HI = 0.5 {T + 61 + 1.2 (T − 68) + 0.094 RH}; when the mean of that and T reaches 80 °F (NWS: "the simple formula is
 * computed first and the result averaged with the temperature; if this … is 80 °F or higher") the Rothfusz (1990, NWS
 * Technical Attachment SR 90-23) regression
 * HI = −42.379 + 2.04901523 T + 10.14333127 RH − 0.22475541 T RH − 6.83783e-3 T² − 5.481717e-2 RH²
 *      + 1.22874e-3 T² RH + 8.5282e-4 T RH² − 1.99e-6 T² RH²
 * with the NWS adjustments: RH < 13 % and 80 ≤ T ≤ 112 °F: − ((13 − RH) / 4) √((17 − |T − 95|) / 17);
 * RH > 85 % and 80 ≤ T ≤ 87 °F: + ((RH − 85) / 10) ((87 − T) / 5). (NOAA WPC "The Heat Index Equation".)
 */
export function heatIndexF(tempF: number, rhPct: number): number {
  const T = tempF;
  const RH = rhPct;
  const simple = 0.5 * (T + 61 + (T - 68) * 1.2 + RH * 0.094);
  if ((simple + T) / 2 < 80) return simple;
  let hi =
    -42.379 +
    2.04901523 * T +
    10.14333127 * RH -
    0.22475541 * T * RH -
    6.83783e-3 * T * T -
    5.481717e-2 * RH * RH +
    1.22874e-3 * T * T * RH +
    8.5282e-4 * T * RH * RH -
    1.99e-6 * T * T * RH * RH;
  if (RH < 13 && T >= 80 && T <= 112) hi -= ((13 - RH) / 4) * Math.sqrt((17 - Math.abs(T - 95)) / 17);
  else if (RH > 85 && T >= 80 && T <= 87) hi += ((RH - 85) / 10) * ((87 - T) / 5);
  return hi;
}

/** NWS heat index in °C from air temperature (°C) and relative humidity (%) (heatIndexF in Fahrenheit, converted). */
export function heatIndexC(tempC: number, rhPct: number): number {
  if (!Number.isFinite(tempC)) throw new RangeError(`heatIndexC: temperature ${tempC} °C is not finite`);
  if (!(rhPct >= 0 && rhPct <= 100))
    throw new RangeError(`heatIndexC: humidity ${rhPct} % is outside 0..100`);
  return f2c(heatIndexF(c2f(tempC), rhPct));
}

/** NWS heat index chart categories, lower bounds in °F: Caution 80, Extreme Caution 90, Danger 103, Extreme Danger 125. */
export const NWS_HEAT_CATEGORY_F = [80, 90, 103, 125] as const;
/** The same thresholds in °C. */
export const NWS_HEAT_CATEGORY_C: readonly number[] = NWS_HEAT_CATEGORY_F.map(f2c);

/** NWS category of a heat index (°C): 0 below Caution, 1 Caution, 2 Extreme Caution, 3 Danger, 4 Extreme Danger. */
export function heatCategory(heatIndexCValue: number): 0 | 1 | 2 | 3 | 4 {
  let c = 0;
  for (let k = 0; k < 4; k++) if (heatIndexCValue >= (NWS_HEAT_CATEGORY_C[k] as number)) c = k + 1;
  return c as 0 | 1 | 2 | 3 | 4;
}

/** CMA high-temperature warning thresholds, daily maximum °C: yellow 35, orange 37, red 40. */
export const CMA_HEAT_SIGNAL_C = { yellow: 35, orange: 37, red: 40 } as const;

/**
 * Daytime urban heat island intensity, °C: the mean annual daytime surface UHI of 419 large cities, 1.5 ± 1.2 °C
 * (Peng et al. 2012, "Surface urban heat island across 419 global big cities", Environ. Sci. Technol. 46, 696–703).
 * Applied to air temperature in proportion to a district's impervious share — a proxy (surface, not air, intensity).
 */
export const UHI_DAYTIME_C = 1.5;
/** Sampling step of the impervious-share estimate, m. */
export const IMPERVIOUS_SAMPLE_M = 50;

/** Alert level of a district from its air temperature and heat index (see the file comment). */
export function heatLevel(districtTempC: number, districtHeatIndexC: number): AlertLevel {
  if (districtTempC >= CMA_HEAT_SIGNAL_C.red) return 4;
  if (districtTempC >= CMA_HEAT_SIGNAL_C.orange) return 3;
  if (districtTempC >= CMA_HEAT_SIGNAL_C.yellow) return 2;
  if (districtHeatIndexC >= (NWS_HEAT_CATEGORY_C[1] as number)) return 1;
  return 0;
}

/** Hazard score in [0, 1]: heat index placed linearly between the NWS Caution and Extreme Danger thresholds. */
export function heatHazardScore(heatIndexCValue: number): number {
  const lo = NWS_HEAT_CATEGORY_C[0] as number;
  const hi = NWS_HEAT_CATEGORY_C[3] as number;
  return Math.min(1, Math.max(0, (heatIndexCValue - lo) / (hi - lo)));
}

/** Per-district static data: area and impervious share. */
interface HeatCityIndex {
  readonly districts: readonly number[];
  readonly areaKm2: Float64Array;
  readonly impervious: Float64Array;
}
const heatIndexCache = new WeakMap<CityModel, HeatCityIndex>();

/**
 * District areas (km², outer ring minus holes) and impervious shares: the share of sample points on a 50 m lattice
 * inside the district that fall in no water or park polygon (AreaKind water / park). Cached per city.
 */
export function heatCityIndex(city: CityModel): HeatCityIndex {
  const hit = heatIndexCache.get(city);
  if (hit) return hit;
  const z = city.zones;
  const districts: number[] = [];
  for (let k = 0; k < z.count; k++) if (z.level[k] === 0) districts.push(k);
  const nd = districts.length;
  const areaKm2 = new Float64Array(nd);
  const impervious = new Float64Array(nd).fill(1);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  districts.forEach((zone, d) => {
    let a = 0;
    for (let r = z.polyStart[zone] as number; r < (z.polyStart[zone + 1] as number); r++) {
      const s = 2 * (z.ringStart[r] as number);
      const e = 2 * (z.ringStart[r + 1] as number);
      a += ringArea(z.xy, s, e);
      for (let i = s; i < e; i += 2) {
        minX = Math.min(minX, z.xy[i] as number);
        maxX = Math.max(maxX, z.xy[i] as number);
        minY = Math.min(minY, z.xy[i + 1] as number);
        maxY = Math.max(maxY, z.xy[i + 1] as number);
      }
    }
    areaKm2[d] = Math.abs(a) / 1e6;
  });
  if (nd > 0) {
    const green: number[] = [];
    for (let k = 0; k < city.areas.count; k++) {
      const kind = city.areas.kind[k];
      if (kind === AreaKind.water || kind === AreaKind.park) green.push(k);
    }
    const step = IMPERVIOUS_SAMPLE_M;
    const nx = Math.max(1, Math.ceil((maxX - minX) / step));
    const ny = Math.max(1, Math.ceil((maxY - minY) / step));
    const pts = new Float64Array(2 * nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        pts[2 * (j * nx + i)] = minX + (i + 0.5) * step;
        pts[2 * (j * nx + i) + 1] = minY + (j + 0.5) * step;
      }
    }
    const np = nx * ny;
    const inDistrict = locatePoints(z, districts, pts, np);
    const inGreen = green.length > 0 ? locatePoints(city.areas, green, pts, np) : null;
    const total = new Float64Array(nd);
    const paved = new Float64Array(nd);
    for (let p = 0; p < np; p++) {
      const d = inDistrict[p] as number;
      if (d === NO_INDEX) continue;
      total[d] = (total[d] as number) + 1;
      if (inGreen === null || inGreen[p] === NO_INDEX) paved[d] = (paved[d] as number) + 1;
    }
    for (let d = 0; d < nd; d++) {
      if ((total[d] as number) > 0) impervious[d] = (paved[d] as number) / (total[d] as number);
    }
  }
  const idx: HeatCityIndex = { districts, areaKm2, impervious };
  heatIndexCache.set(city, idx);
  return idx;
}

/** Per-district detail of assessHeat (in district order). */
export interface HeatDistrictDetail {
  readonly zone: number;
  /** District air temperature with the urban heat island term, °C, and its heat index, °C. */
  readonly tempC: number;
  readonly heatIndexC: number;
  readonly imperviousShare: number;
  readonly people: number;
  readonly densityPerKm2: number;
  readonly hazard: number;
  readonly exposure: number;
  readonly vulnerability: number;
}

/** Result of assessHeat. */
export interface HeatAssessment {
  /** City heat index at the given temperature and humidity (no UHI term), °C. */
  readonly heatIndexC: number;
  readonly districts: HeatSummary['districts'];
  /** People in districts at level ≥ yellow (2). */
  readonly peopleAtRisk: number;
  readonly detail: readonly HeatDistrictDetail[];
}

/** Level from which a district's people count as at risk: yellow (CMA 高温黄色). */
export const HEAT_AT_RISK_LEVEL = 2;

/**
 * Heat risk per district for a daily maximum `tempC` (°C) at humidity `rhPct` (%), with `occupants` per building
 * (exposure.ts occupantsAt): risk = hazard × exposure × vulnerability and level (see the file comment), and the people
 * at risk. A city without districts has no district rows; its people are at risk when the city itself reaches yellow.
 */
export function assessHeat(
  city: CityModel,
  tempC: number,
  rhPct: number,
  occupants: Float32Array,
): HeatAssessment {
  const hiCity = heatIndexC(tempC, rhPct);
  const n = city.buildings.count;
  if (occupants.length < n) {
    throw new RangeError(
      `assessHeat: occupants has ${occupants.length} entries, the city has ${n} buildings`,
    );
  }
  const hidx = heatCityIndex(city);
  const nd = hidx.districts.length;
  if (nd === 0) {
    let people = 0;
    for (let i = 0; i < n; i++) people += occupants[i] as number;
    const lv = heatLevel(tempC, hiCity);
    return {
      heatIndexC: hiCity,
      districts: [],
      peopleAtRisk: lv >= HEAT_AT_RISK_LEVEL ? people : 0,
      detail: [],
    };
  }
  const slot = quakeCityIndex(city).districtSlot;
  const people = new Float64Array(nd);
  for (let i = 0; i < n; i++) {
    const d = slot[i] as number;
    if (d >= 0) people[d] = (people[d] as number) + (occupants[i] as number);
  }
  let maxDensity = 0;
  const density = new Float64Array(nd);
  for (let d = 0; d < nd; d++) {
    const a = hidx.areaKm2[d] as number;
    density[d] = a > 0 ? (people[d] as number) / a : 0;
    maxDensity = Math.max(maxDensity, density[d] as number);
  }
  const districts: { zone: number; risk: number; level: AlertLevel }[] = [];
  const detail: HeatDistrictDetail[] = [];
  let atRisk = 0;
  for (let d = 0; d < nd; d++) {
    const imp = hidx.impervious[d] as number;
    const t = tempC + UHI_DAYTIME_C * imp;
    const hi = heatIndexC(t, rhPct);
    const hazard = heatHazardScore(hi);
    const exposure = maxDensity > 0 ? (density[d] as number) / maxDensity : 0;
    const vulnerability = 1;
    const level = heatLevel(t, hi);
    const zone = hidx.districts[d] as number;
    districts.push({ zone, risk: hazard * exposure * vulnerability, level });
    detail.push({
      zone,
      tempC: t,
      heatIndexC: hi,
      imperviousShare: imp,
      people: people[d] as number,
      densityPerKm2: density[d] as number,
      hazard,
      exposure,
      vulnerability,
    });
    if (level >= HEAT_AT_RISK_LEVEL) atRisk += people[d] as number;
  }
  return { heatIndexC: hiCity, districts, peopleAtRisk: atRisk, detail };
}

/**
 * Extra electric load (MW) the heat causes in the energy model at `simMs`: Σ over buses and load classes of the
 * coincident class peak × the class's daily profile share at that local hour × [temperature multiplier at heatTempC −
 * multiplier at normalTempC] — the energy model's own load equation (energySim.ts classMultipliers, loads.ts
 * profileShare / temperatureMultiplier) at load scale 1 and without its per-feeder noise.
 */
export function heatLoadIncreaseMw(
  grid: CityGridModel,
  simMs: number,
  normalTempC: number,
  heatTempC: number,
  utcOffsetMin: number,
): number {
  if (!Number.isFinite(simMs)) throw new RangeError(`heatLoadIncreaseMw: simMs ${simMs} is not finite`);
  if (!Number.isFinite(normalTempC) || !Number.isFinite(heatTempC)) {
    throw new RangeError(`heatLoadIncreaseMw: temperatures ${normalTempC} / ${heatTempC} °C must be finite`);
  }
  const h = localHour(simMs, utcOffsetMin);
  const weekend = localWeekday(simMs, utcOffsetMin) >= 5;
  let mw = 0;
  for (let c = 0; c < LOAD_CLASS_COUNT; c++) {
    const cls = c as LoadClass;
    const dMult = temperatureMultiplier(cls, heatTempC) - temperatureMultiplier(cls, normalTempC);
    if (dMult === 0) continue;
    let peak = 0;
    for (let b = 0; b < grid.busCount; b++) peak += grid.busPeakMw[b * LOAD_CLASS_COUNT + c] as number;
    mw += peak * profileShare(cls, h, weekend) * dMult;
  }
  return mw;
}
