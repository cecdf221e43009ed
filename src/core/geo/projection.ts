/**
 * One coordinate story (DESIGN.md rule 2): scene data is WGS84 lon/lat; the 3D view and the simulations use local
 * east-north metres from the scene origin. This is the only module that converts between the two.
 *
 * The local frame is an equirectangular tangent projection on the WGS84 ellipsoid, scaled at the origin by the
 * meridional radius of curvature M(φ0) (north) and the prime-vertical radius N(φ0)·cos φ0 (east):
 *   x = (λ − λ0)·N(φ0)·cos φ0,   y = (φ − φ0)·M(φ0)
 * with M = a(1−e²)/(1−e² sin²φ)^{3/2} and N = a/(1−e² sin²φ)^{1/2} (e.g. Snyder, "Map Projections — A Working
 * Manual", USGS PP 1395, 1987, eq. 4-18 and 4-20). It is exactly invertible; within 10 km of the origin its scale
 * error stays below ~0.15 % (the change of cos φ over the extent), far below the accuracy of city GIS data.
 */

declare const lonLatBrand: unique symbol;
declare const localBrand: unique symbol;

/** WGS84 longitude/latitude in degrees. */
export type LonLat = readonly [lon: number, lat: number] & { readonly [lonLatBrand]: true };
/** Local east/north metres from the scene origin. */
export type LocalM = readonly [x: number, y: number] & { readonly [localBrand]: true };

/** Builds a branded lon/lat pair (degrees). */
export const lonLat = (lon: number, lat: number): LonLat => [lon, lat] as unknown as LonLat;
/** Builds a branded local metre pair. */
export const localM = (x: number, y: number): LocalM => [x, y] as unknown as LocalM;

/** WGS84 semi-major axis, metres. */
export const WGS84_A = 6378137;
/** WGS84 first eccentricity squared. */
export const WGS84_E2 = 0.00669437999014;

const DEG = Math.PI / 180;

/** A local metre frame anchored at an origin. Create with {@link createLocalFrame}. */
export interface LocalFrame {
  readonly origin: LonLat;
  /** Metres per degree of longitude at the origin. */
  readonly mPerDegLon: number;
  /** Metres per degree of latitude at the origin. */
  readonly mPerDegLat: number;
  /** lon/lat degrees → local metres. */
  toLocal(p: LonLat): LocalM;
  /** local metres → lon/lat degrees. */
  toLonLat(p: LocalM): LonLat;
  /** Allocation-free forward transform of interleaved lon,lat pairs into interleaved x,y metres. */
  toLocalArray(lonLat: ArrayLike<number>, out: Float32Array | Float64Array): void;
  /** Allocation-free inverse transform of interleaved x,y metres into interleaved lon,lat degrees. */
  toLonLatArray(xy: ArrayLike<number>, out: Float64Array): void;
}

/** Creates the local frame anchored at `origin`. */
export function createLocalFrame(origin: LonLat): LocalFrame {
  const [lon0, lat0] = origin;
  if (!(Math.abs(lat0) < 85) || !(Math.abs(lon0) <= 180)) {
    throw new RangeError(`origin ${lon0},${lat0} is not a valid lon/lat`);
  }
  const s = Math.sin(lat0 * DEG);
  const w = 1 - WGS84_E2 * s * s;
  const mRadius = (WGS84_A * (1 - WGS84_E2)) / Math.pow(w, 1.5);
  const nRadius = WGS84_A / Math.sqrt(w);
  const mPerDegLat = mRadius * DEG;
  const mPerDegLon = nRadius * Math.cos(lat0 * DEG) * DEG;
  return {
    origin,
    mPerDegLon,
    mPerDegLat,
    toLocal: (p) => localM((p[0] - lon0) * mPerDegLon, (p[1] - lat0) * mPerDegLat),
    toLonLat: (p) => lonLat(lon0 + p[0] / mPerDegLon, lat0 + p[1] / mPerDegLat),
    toLocalArray(src, out) {
      for (let i = 0; i + 1 < src.length; i += 2) {
        out[i] = ((src[i] as number) - lon0) * mPerDegLon;
        out[i + 1] = ((src[i + 1] as number) - lat0) * mPerDegLat;
      }
    },
    toLonLatArray(src, out) {
      for (let i = 0; i + 1 < src.length; i += 2) {
        out[i] = lon0 + (src[i] as number) / mPerDegLon;
        out[i + 1] = lat0 + (src[i + 1] as number) / mPerDegLat;
      }
    },
  };
}

/** Great-circle distance in metres between two lon/lat points (haversine on the WGS84 mean radius 6371008.8 m). */
export function haversineM(a: LonLat, b: LonLat): number {
  const R = 6371008.8;
  const dLat = (b[1] - a[1]) * DEG;
  const dLon = (b[0] - a[0]) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
