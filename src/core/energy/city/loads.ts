/**
 * Building and EV-charging loads: peak densities by use class, daily profiles (weekday / weekend), temperature
 * sensitivity and power factors. Every number is documented in docs/energy.md with its source or marked as a
 * modelling assumption there.
 */
import { BuildingUse } from '../../scene/types.ts';
import { interpolate } from '../../sim/cityClock.ts';

/** Load classes the model keeps per bus (building uses folded, plus EV charging). */
export const LoadClass = {
  residential: 0,
  commercial: 1, // offices, retail, hotels
  public: 2, // civic, education, health, religious
  industrial: 3,
  other: 4, // transport, utility, unknown
  ev: 5, // EV charging stations
} as const;
export type LoadClass = (typeof LoadClass)[keyof typeof LoadClass];
/** Number of load classes (stride of per-bus class arrays). */
export const LOAD_CLASS_COUNT = 6;
/** Class names in LoadClass order (for reports and UI keys). */
export const LOAD_CLASS_NAMES = ['residential', 'commercial', 'public', 'industrial', 'other', 'ev'] as const;

/** The load class of a BuildingUse code. */
export function loadClassOfUse(use: number): LoadClass {
  switch (use) {
    case BuildingUse.residential:
      return LoadClass.residential;
    case BuildingUse.commercial:
      return LoadClass.commercial;
    case BuildingUse.public:
    case BuildingUse.education:
    case BuildingUse.health:
    case BuildingUse.religious:
      return LoadClass.public;
    case BuildingUse.industrial:
      return LoadClass.industrial;
    default:
      return LoadClass.other;
  }
}

/**
 * Design load indicators per m² of floor area, W/m², by class: the low end of the ranges of the 单位建筑面积负荷指标
 * table of GB/T 50293-2014 "城市电力规划规范" §4.2 (residential 30–70, public 40–150, industrial 40–120,
 * warehousing/municipal 15–50 W/m²). EV is per charger rating, not per m² (0 here).
 */
export const DESIGN_W_PER_M2: readonly number[] = [30, 40, 40, 40, 20, 0];
/**
 * Coincidence (simultaneity) factor from the sum of design indicators to the coincident peak seen at the substation.
 * Modelling assumption (0.5), chosen so that the default scene's peak is close to the ~1.5 kW per resident that its
 * generator sized the grid for (citygen/facilities.ts estimateDemand).
 */
export const COINCIDENCE_FACTOR = 0.5;

/**
 * Power factors by class: the minimum of China's 供电营业规则 (Rules for Power Supply Business, 1996, art. 41:
 * ≥ 0.90 for high-voltage users of 100 kVA and more, ≥ 0.85 for others) for commercial/public/industrial loads with
 * compensation, and assumptions of 0.95 for households (mostly resistive and inverter loads) and 0.99 for EV chargers
 * (active power-factor-correcting front ends).
 */
export const POWER_FACTOR: readonly number[] = [0.95, 0.9, 0.9, 0.9, 0.9, 0.99];

/** Cooling threshold, °C: above it air conditioning adds load (the brief's ~26 °C, the usual set point). */
export const COOLING_THRESHOLD_C = 26;
/** Heating threshold, °C: below it heat pumps and heaters add load. */
export const HEATING_THRESHOLD_C = 10;
/** Load rise per °C above the cooling threshold, share of class load (assumption: 2–4 %/°C reported for cities). */
export const COOLING_PER_C: readonly number[] = [0.03, 0.025, 0.025, 0.005, 0.01, 0];
/** Load rise per °C below the heating threshold, share of class load (assumption, milder than cooling). */
export const HEATING_PER_C: readonly number[] = [0.015, 0.01, 0.01, 0.002, 0.005, 0];

type Profile = readonly (readonly [number, number])[];

/** 24 hourly values (hour 0 … 23, repeated at 24) as interpolation points. */
function hourly(values: readonly number[]): Profile {
  if (values.length !== 24) throw new Error(`a daily profile needs 24 hourly values, got ${values.length}`);
  const pts: [number, number][] = values.map((v, h) => [h, v]);
  pts.push([24, values[0] as number]);
  return pts;
}

/**
 * Daily shapes as shares of each class's peak, local time, weekday and weekend. Modelling assumptions shaped after:
 * residential — evening peak at 20–21 h, night trough ~0.4 (the shape of typical Chinese urban household curves); commercial/public — the office and retail schedules of the DOE
 * commercial reference buildings (Deru et al. 2011, NREL/TP-5500-46861: equipment/lighting fractions ~0.3–0.4 at night,
 * ~0.9–1.0 in office hours, weekend ~0.4–0.6), with retail open to 22 h; industrial — two-shift plants, high and
 * flat in the day, ~0.7 at night; EV public charging — night valley-tariff charging, a midday peak (taxi/ride-hailing
 * shift change) and an evening peak.
 */
export const PROFILES: readonly { readonly weekday: Profile; readonly weekend: Profile }[] = [
  {
    // residential
    weekday: hourly([
      0.55, 0.47, 0.42, 0.4, 0.4, 0.42, 0.52, 0.62, 0.58, 0.52, 0.52, 0.56, 0.62, 0.58, 0.55, 0.55, 0.58,
      0.68, 0.82, 0.93, 0.99, 1, 0.9, 0.72,
    ]),
    weekend: hourly([
      0.58, 0.5, 0.45, 0.42, 0.41, 0.42, 0.48, 0.58, 0.66, 0.7, 0.72, 0.75, 0.78, 0.74, 0.7, 0.68, 0.7, 0.76,
      0.86, 0.95, 1, 1, 0.92, 0.75,
    ]),
  },
  {
    // commercial
    weekday: hourly([
      0.34, 0.32, 0.31, 0.31, 0.31, 0.32, 0.36, 0.48, 0.72, 0.9, 0.98, 1, 0.94, 0.96, 1, 1, 0.98, 0.93, 0.84,
      0.78, 0.72, 0.62, 0.48, 0.38,
    ]),
    weekend: hourly([
      0.34, 0.32, 0.31, 0.31, 0.31, 0.32, 0.34, 0.4, 0.52, 0.66, 0.76, 0.8, 0.8, 0.8, 0.8, 0.8, 0.79, 0.78,
      0.76, 0.74, 0.7, 0.6, 0.46, 0.37,
    ]),
  },
  {
    // public (offices of government, schools, hospitals)
    weekday: hourly([
      0.3, 0.29, 0.28, 0.28, 0.28, 0.3, 0.36, 0.55, 0.85, 0.97, 1, 1, 0.88, 0.94, 1, 0.99, 0.95, 0.82, 0.6,
      0.48, 0.42, 0.38, 0.34, 0.31,
    ]),
    weekend: hourly([
      0.3, 0.29, 0.28, 0.28, 0.28, 0.29, 0.31, 0.35, 0.4, 0.44, 0.46, 0.46, 0.45, 0.45, 0.45, 0.44, 0.43,
      0.42, 0.4, 0.38, 0.36, 0.34, 0.32, 0.31,
    ]),
  },
  {
    // industrial
    weekday: hourly([
      0.7, 0.68, 0.67, 0.67, 0.68, 0.7, 0.75, 0.85, 0.95, 0.99, 1, 1, 0.94, 0.97, 1, 1, 0.99, 0.95, 0.9, 0.88,
      0.86, 0.82, 0.77, 0.73,
    ]),
    weekend: hourly([
      0.62, 0.6, 0.6, 0.6, 0.6, 0.61, 0.64, 0.7, 0.76, 0.79, 0.8, 0.8, 0.77, 0.78, 0.8, 0.8, 0.79, 0.76, 0.73,
      0.71, 0.7, 0.68, 0.65, 0.63,
    ]),
  },
  {
    // other (transport, utility, unknown): fairly flat
    weekday: hourly([
      0.62, 0.6, 0.6, 0.6, 0.6, 0.62, 0.7, 0.82, 0.9, 0.94, 0.96, 0.97, 0.95, 0.95, 0.96, 0.96, 0.97, 1, 0.98,
      0.92, 0.85, 0.78, 0.7, 0.65,
    ]),
    weekend: hourly([
      0.62, 0.6, 0.6, 0.6, 0.6, 0.61, 0.65, 0.72, 0.8, 0.85, 0.88, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.92, 0.92,
      0.88, 0.82, 0.76, 0.69, 0.65,
    ]),
  },
  {
    // EV public charging
    weekday: hourly([
      0.62, 0.58, 0.52, 0.45, 0.38, 0.3, 0.25, 0.3, 0.45, 0.55, 0.62, 0.75, 0.9, 0.88, 0.7, 0.6, 0.62, 0.78,
      0.92, 1, 0.95, 0.82, 0.7, 0.66,
    ]),
    weekend: hourly([
      0.6, 0.55, 0.5, 0.44, 0.38, 0.32, 0.28, 0.3, 0.4, 0.55, 0.7, 0.8, 0.88, 0.86, 0.8, 0.76, 0.78, 0.84,
      0.92, 0.96, 0.92, 0.8, 0.7, 0.64,
    ]),
  },
];

/** Share of its peak that class `cls` draws at local hour `hour` ([0, 24)) on a weekend or weekday. */
export function profileShare(cls: LoadClass, hour: number, isWeekend: boolean): number {
  const p = PROFILES[cls] as (typeof PROFILES)[number];
  return interpolate(isWeekend ? p.weekend : p.weekday, hour);
}

/** Temperature multiplier of class `cls` at air temperature `airC`: 1 + k_cool·(T − 26)⁺ + k_heat·(10 − T)⁺. */
export function temperatureMultiplier(cls: LoadClass, airC: number): number {
  const cool = Math.max(0, airC - COOLING_THRESHOLD_C) * (COOLING_PER_C[cls] as number);
  const heat = Math.max(0, HEATING_THRESHOLD_C - airC) * (HEATING_PER_C[cls] as number);
  return 1 + cool + heat;
}

/** Coincident peak of a building's class load, MW, from its floor area (m²) and class. */
export function buildingPeakMw(cls: LoadClass, floorAreaM2: number): number {
  return ((DESIGN_W_PER_M2[cls] as number) * COINCIDENCE_FACTOR * floorAreaM2) / 1e6;
}

/**
 * Share of an EV charging station's rated power drawn at its busiest time (diversity of sockets in use): modelling
 * assumption 0.6 (public stations rarely have every socket busy at full rate).
 */
export const EV_PEAK_UTILISATION = 0.6;

/** tan φ for a power factor: Q = P·tan φ = P·√(1 − pf²)/pf. */
export function tanPhi(pf: number): number {
  return Math.sqrt(1 - pf * pf) / pf;
}
