/**
 * Sun position, clear-sky irradiance, cloud attenuation and PV output for the city model (pure, no Date).
 *
 * Sun position: the NOAA Solar Calculator equations (NOAA Global Monitoring Laboratory, "Solar Calculation Details",
 * spreadsheet NOAA_Solar_Calculations_day.xls), which are Meeus 1991 ("Astronomical Algorithms", ch. 25 low-accuracy
 * solar coordinates, ch. 28 equation of time) in the spreadsheet's form; quoted accuracy about 0.01° for 1800–2100.
 */

const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;

/** Where the sun is: angles in degrees. */
export interface SunPosition {
  /** Geometric elevation above the horizon (no refraction), degrees. */
  elevationDeg: number;
  /** Apparent elevation (NOAA's refraction correction added), degrees. */
  apparentElevationDeg: number;
  /** Azimuth clockwise from north, degrees in [0, 360). */
  azimuthDeg: number;
  /** Solar declination, degrees. */
  declinationDeg: number;
  /** Equation of time, minutes. */
  equationOfTimeMin: number;
}

/** A new SunPosition record (for callers that reuse one). */
export function createSunPosition(): SunPosition {
  return { elevationDeg: 0, apparentElevationDeg: 0, azimuthDeg: 0, declinationDeg: 0, equationOfTimeMin: 0 };
}

/**
 * Sun position at `simTimeMs` (ms since the Unix epoch, UTC) seen from (latDeg, lonDeg east positive), by the NOAA
 * spreadsheet equations; writes into `out` (no allocation) and returns it.
 */
export function solarPosition(
  simTimeMs: number,
  latDeg: number,
  lonDeg: number,
  out: SunPosition = createSunPosition(),
): SunPosition {
  // Julian day from Unix time (JD 2440587.5 = 1970-01-01 00:00 UTC); Julian century from J2000.0.
  const jd = simTimeMs / DAY_MS + 2440587.5;
  const t = (jd - 2451545) / 36525;
  const l0 = mod360(280.46646 + t * (36000.76983 + t * 0.0003032)); // geometric mean longitude, deg
  const m = 357.52911 + t * (35999.05029 - 0.0001537 * t); // geometric mean anomaly, deg
  const e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t); // orbital eccentricity
  const c =
    Math.sin(m * DEG) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    Math.sin(2 * m * DEG) * (0.019993 - 0.000101 * t) +
    Math.sin(3 * m * DEG) * 0.000289; // equation of centre, deg
  const omega = 125.04 - 1934.136 * t;
  const appLong = l0 + c - 0.00569 - 0.00478 * Math.sin(omega * DEG); // apparent longitude, deg
  const meanObliq = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliq = meanObliq + 0.00256 * Math.cos(omega * DEG);
  const decl = Math.asin(Math.sin(obliq * DEG) * Math.sin(appLong * DEG));
  const y = Math.tan((obliq / 2) * DEG) ** 2;
  const eot =
    (4 / DEG) *
    (y * Math.sin(2 * l0 * DEG) -
      2 * e * Math.sin(m * DEG) +
      4 * e * y * Math.sin(m * DEG) * Math.cos(2 * l0 * DEG) -
      0.5 * y * y * Math.sin(4 * l0 * DEG) -
      1.25 * e * e * Math.sin(2 * m * DEG)); // minutes
  // True solar time from UTC minutes of the day (the spreadsheet's local time − 60·zone is the same thing).
  const utcMin = ((((simTimeMs % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS) * 1440;
  const tst = (((utcMin + eot + 4 * lonDeg) % 1440) + 1440) % 1440;
  const ha = tst / 4 < 0 ? tst / 4 + 180 : tst / 4 - 180; // hour angle, deg
  const lat = latDeg * DEG;
  const cosZ = clamp1(Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(ha * DEG));
  const zen = Math.acos(cosZ);
  const elev = 90 - zen / DEG;
  const denom = Math.cos(lat) * Math.sin(zen);
  let az: number;
  if (Math.abs(denom) < 1e-12) az = latDeg >= 0 ? 180 : 0;
  else {
    const a = Math.acos(clamp1((Math.sin(lat) * Math.cos(zen) - Math.sin(decl)) / denom)) / DEG;
    az = ha > 0 ? mod360(a + 180) : mod360(540 - a);
  }
  out.elevationDeg = elev;
  out.apparentElevationDeg = elev + refractionDeg(elev);
  out.azimuthDeg = az;
  out.declinationDeg = decl / DEG;
  out.equationOfTimeMin = eot;
  return out;
}

/** NOAA spreadsheet's approximate atmospheric refraction at geometric elevation `elevDeg`, degrees. */
export function refractionDeg(elevDeg: number): number {
  if (elevDeg > 85) return 0;
  const te = Math.tan(elevDeg * DEG);
  let arcsec: number;
  if (elevDeg > 5) arcsec = 58.1 / te - 0.07 / te ** 3 + 0.000086 / te ** 5;
  else if (elevDeg > -0.575)
    arcsec = 1735 + elevDeg * (-518.2 + elevDeg * (103.4 + elevDeg * (-12.79 + elevDeg * 0.711)));
  else arcsec = -20.772 / te;
  return arcsec / 3600;
}

/**
 * Clear-sky global horizontal irradiance, W/m², by Haurwitz (1945, "Insolation in relation to cloudiness and cloud
 * density", J. Meteorology 2:154–166): GHI = 1098·cos Z·exp(−0.057 / cos Z) for the sun above the horizon, else 0.
 * Reno, Hansen & Stein 2012 (SAND2012-2389) rank it best among the one-input (zenith only) clear-sky models.
 */
export function clearSkyGhiHaurwitz(elevationDeg: number): number {
  const cosZ = Math.sin(elevationDeg * DEG);
  if (cosZ <= 0) return 0;
  return 1098 * cosZ * Math.exp(-0.057 / cosZ);
}

/**
 * Share of the clear-sky global irradiance that reaches the ground under cloud cover `cloudFraction` (0…1 = octas/8),
 * Kasten & Czeplak 1980 ("Solar and terrestrial radiation dependent on the amount and type of cloud", Solar Energy
 * 24:177–189): G/G_clear = 1 − 0.75·N^3.4.
 */
export function cloudFactorKastenCzeplak(cloudFraction: number): number {
  const n = Math.min(1, Math.max(0, cloudFraction));
  return 1 - 0.75 * n ** 3.4;
}

/** PV system parameters (defaults: PVWatts v5 and a crystalline-silicon datasheet). */
export interface PvParams {
  /** Power temperature coefficient, 1/°C (c-Si modules: about −0.0037…−0.0045; the brief's −0.4 %/°C). */
  readonly gammaPerC: number;
  /** Nominal operating cell temperature, °C (at 800 W/m², 20 °C air, 1 m/s wind; typical c-Si 45 °C). */
  readonly noctC: number;
  /** Inverter efficiency (PVWatts v5 nominal 0.96; Dobos 2014, NREL/TP-6A20-62641, §4). */
  readonly inverterEfficiency: number;
  /** DC system losses: soiling, shading, mismatch, wiring, … (PVWatts v5 default 14.08 %; Dobos 2014, Table 3). */
  readonly systemLoss: number;
}

/** Default PV parameters. */
export const DEFAULT_PV: PvParams = {
  gammaPerC: -0.004,
  noctC: 45,
  inverterEfficiency: 0.96,
  systemLoss: 0.1408,
};

/**
 * Cell temperature by the NOCT model, °C: Tc = Ta + (NOCT − 20)/800 · G (Duffie & Beckman, "Solar Engineering of
 * Thermal Processes", 4th ed. 2013, §23.3, with the transmittance–absorptance/loss ratio taken from NOCT conditions).
 */
export function cellTemperatureC(airC: number, irradianceWm2: number, noctC = DEFAULT_PV.noctC): number {
  return airC + ((noctC - 20) / 800) * irradianceWm2;
}

/**
 * AC output of a PV system as a share of its rating, for plane irradiance `irradianceWm2` and air temperature `airC`:
 * P/Prated = G/1000 · (1 + γ·(Tc − 25)) · (1 − losses) · η_inv, capped at 1 (the inverter clips at its rating;
 * PVWatts v5 structure, Dobos 2014). Modules are taken as horizontal (flat city roofs), so the plane irradiance is
 * the global horizontal irradiance.
 */
export function pvOutputShare(irradianceWm2: number, airC: number, p: PvParams = DEFAULT_PV): number {
  if (!(irradianceWm2 > 0)) return 0;
  const tc = cellTemperatureC(airC, irradianceWm2, p.noctC);
  const dc = (irradianceWm2 / 1000) * (1 + p.gammaPerC * (tc - 25)) * (1 - p.systemLoss);
  return Math.min(1, Math.max(0, dc * p.inverterEfficiency));
}

function mod360(x: number): number {
  return ((x % 360) + 360) % 360;
}

function clamp1(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}
