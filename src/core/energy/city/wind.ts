/**
 * Wind turbine output from a generic power curve (pure).
 */

/** Power-curve parameters of a turbine class. */
export interface WindTurbineParams {
  /** Cut-in, rated and cut-out wind speeds at hub height, m/s. */
  readonly cutInMS: number;
  readonly ratedMS: number;
  readonly cutOutMS: number;
  /** Hub height, m. */
  readonly hubHeightM: number;
}

/**
 * A 2–3 MW onshore turbine class: cut-in 3 m/s, rated 12 m/s, cut-out 25 m/s, 80 m hub (the values of most
 * IEC 61400-1 class II/III datasheets in this size, e.g. the 2.5 MW machines the scene carries).
 */
export const DEFAULT_TURBINE: WindTurbineParams = { cutInMS: 3, ratedMS: 12, cutOutMS: 25, hubHeightM: 80 };

/** Height of the anemometer the weather wind speed refers to, m (WMO standard 10 m). */
export const REFERENCE_HEIGHT_M = 10;
/**
 * Wind-shear exponent of the power law v(h) = v_ref·(h/h_ref)^α: the classic 1/7 for neutral flow over open terrain
 * (Peterson & Hennessey 1978, "On the use of power laws for estimates of wind power potential", J. Appl. Meteorol.
 * 17:390–394).
 */
export const SHEAR_EXPONENT = 1 / 7;

/** Wind speed at hub height from the 10 m speed by the 1/7 power law, m/s. */
export function hubWindSpeedMS(windAt10mMS: number, p: WindTurbineParams = DEFAULT_TURBINE): number {
  return Math.max(0, windAt10mMS) * (p.hubHeightM / REFERENCE_HEIGHT_M) ** SHEAR_EXPONENT;
}

/**
 * Output as a share of rated power at hub wind speed `vMS`: 0 below cut-in and above cut-out, 1 from rated to
 * cut-out, and between cut-in and rated the cubic law P ∝ (v³ − v_ci³)/(v_r³ − v_ci³) (kinetic power ∝ v³ at a
 * constant power coefficient; the cubic model of Justus, Hargraves & Yalcin 1976, J. Appl. Meteorol. 15:673–678).
 */
export function windPowerShare(vMS: number, p: WindTurbineParams = DEFAULT_TURBINE): number {
  if (!(vMS >= p.cutInMS) || vMS > p.cutOutMS) return 0;
  if (vMS >= p.ratedMS) return 1;
  const ci3 = p.cutInMS ** 3;
  return (vMS ** 3 - ci3) / (p.ratedMS ** 3 - ci3);
}
