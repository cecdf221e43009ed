/**
 * Report arrivals: a non-homogeneous Poisson process per category × hour of day × site. The rate of category k at
 * local hour h at site s is
 *     λ(k, h, s) = reportsPerDay · share(k) · profile_k(h) / 24 h · w(s)
 * with share(k) = TAXONOMY sharePerMille / 1000, profile_k a daily pattern of mean 1 (HOURLY_PROFILES; which one by
 * category: PROFILE_OF), and w(s) the site's weight (Σ w = 1). Sites are building centroids weighted by floor area
 * (footprint × storeys: where people live and work, report) tagged with the grid cell (网格) holding them; a scene
 * without buildings falls back to its road nodes, uniform. Per category the process is sampled exactly: exponential
 * gaps at the hour's rate, restarted at each hour boundary (memorylessness of the exponential; Ross 2014,
 * "Introduction to Probability Models", 11th ed., §5.4 on non-homogeneous Poisson processes with piecewise-constant
 * rate). Deterministic for a seed: no Math.random, no Date (DESIGN.md rule 4).
 */
import type { Rng } from '../rng.ts';
import type { CityModel, PolygonSet } from '../scene/types.ts';
import { featureCentroid, insideFeature } from '../traffic/cityNetwork.ts';
import { BuildingRole } from '../scene/types.ts';
import { DEFAULT_UTC_OFFSET_MIN, TAXONOMY, localHour } from './taxonomy.ts';
import type { CategoryGroup } from './taxonomy.ts';
import type { Report, ReportSource } from './types.ts';

/** Daily patterns: relative rate per local hour 0…23 (normalised to mean 1 where used). */
export const HOURLY_PROFILES = {
  /**
   * Citizen reports: the created-hour histogram of the NYC 311 sample (../shared/data/feeds, 994 requests with a
   * time of day; 6 stamped exactly 00:00:00 excluded as date-only), smoothed by a circular 3-hour moving average.
   * Peak 10–11 h (1.98), trough 04 h (0.27); nyc311.test.ts recomputes it from the file.
   */
  daytime: [
    0.52, 0.42, 0.38, 0.35, 0.27, 0.3, 0.49, 0.79, 1.17, 1.67, 1.98, 1.92, 1.66, 1.47, 1.47, 1.42, 1.39, 1.27,
    1.15, 1.01, 0.94, 0.73, 0.67, 0.55,
  ],
  /** Noise and public order: evening and night peak. ASSUMPTION shaped on NYC 311 noise complaints (22–01 h peak). */
  night: [
    1.6, 1.4, 1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.6, 0.7, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1.0, 1.2, 1.4, 1.6,
    1.8, 1.9, 1.9,
  ],
  /** Traffic: morning and evening rush (07–09, 17–19 h). ASSUMPTION after the usual two-peak urban traffic day. */
  rush: [
    0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1.0, 1.9, 2.0, 1.4, 1.1, 1.1, 1.1, 1.1, 1.1, 1.2, 1.5, 2.0, 2.0, 1.4, 1.0,
    0.8, 0.6, 0.4,
  ],
} as const satisfies Record<string, readonly number[]>;
export type HourlyProfile = keyof typeof HOURLY_PROFILES;

/** Daily pattern of a category. */
export function profileOf(categoryId: string, group: CategoryGroup): HourlyProfile {
  if (categoryId === 'noise' || categoryId === 'publicOrder') return 'night';
  return group === 'traffic' ? 'rush' : 'daytime';
}

/**
 * Source mix per group (fractions summing to 1). ASSUMPTION after published 12345/数字城管 channel mixes: hotline
 * dominates complaints and utilities, inspectors and video dominate street and traffic cases (docs/workload.md).
 */
export const SOURCE_MIX: Readonly<Record<CategoryGroup, Readonly<Partial<Record<ReportSource, number>>>>> = {
  cityAppearance: { hotline: 0.2, app: 0.3, inspector: 0.3, video: 0.2 },
  roadsFacilities: { hotline: 0.25, app: 0.3, inspector: 0.35, iot: 0.1 },
  traffic: { hotline: 0.15, app: 0.15, inspector: 0.1, video: 0.6 },
  environment: { hotline: 0.5, app: 0.2, inspector: 0.1, iot: 0.2 },
  utilities: { hotline: 0.6, app: 0.1, iot: 0.3 },
  publicSafety: { hotline: 0.4, app: 0.1, inspector: 0.2, video: 0.2, iot: 0.1 },
  housing: { hotline: 0.7, app: 0.2, inspector: 0.1 },
  market: { hotline: 0.7, app: 0.3 },
};

/**
 * Default reports per day of a district-sized scene. ASSUMPTION: large Chinese cities' 12345 centres take on the
 * order of 10^4–10^5 requests a day city-wide; a scene of a few km² gets ~2,000 (plus machine detections, which the
 * bench drives to 30,000/day).
 */
export const DEFAULT_REPORTS_PER_DAY = 2000;

/** Where reports happen: sites with weights and grid cells. */
export interface ArrivalSites {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Grid cell (scene zone index of level 1) per site, −1 when none. */
  readonly cell: Int32Array;
  /** Cumulative normalised weights (last = 1), for sampling by binary search. */
  readonly cumWeight: Float64Array;
}

/** Sites from explicit points and weights (weights ≥ 0, not all 0). */
export function makeSites(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cell: ArrayLike<number>,
  weight: ArrayLike<number>,
): ArrivalSites {
  const n = x.length;
  if (y.length !== n || cell.length !== n || weight.length !== n)
    throw new RangeError(`makeSites: x, y, cell and weight must have the same length (${n})`);
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const w = weight[i] as number;
    if (!(w >= 0)) throw new RangeError(`makeSites: weight[${i}] = ${String(w)} is not ≥ 0`);
    s += w;
    cum[i] = s;
  }
  if (!(s > 0)) throw new RangeError('makeSites: no site has a positive weight');
  for (let i = 0; i < n; i++) cum[i] = (cum[i] as number) / s;
  cum[n - 1] = 1;
  return {
    count: n,
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    cell: Int32Array.from(cell),
    cumWeight: cum,
  };
}

/** Storey height used to count storeys from a height when a building has no levels (as the importer does), m. */
const STOREY_M = 3.2;

/** Sites of a scene: building centroids by floor area with their grid cell; else road nodes, uniform. */
export function arrivalSitesFromScene(model: CityModel): ArrivalSites {
  const b = model.buildings;
  const cells = gridCellIndex(model.zones);
  const xs: number[] = [];
  const ys: number[] = [];
  const cs: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < b.count; i++) {
    if (b.role !== undefined && b.role[i] === BuildingRole.part) continue; // its outline counts once
    const area = b.areaM2[i] as number;
    if (!(area > 0)) continue;
    const lv = b.levels[i] as number;
    const storeys = lv > 0 ? lv : Math.max(1, Math.round((b.heightM[i] as number) / STOREY_M));
    const [x, y] = featureCentroid(b, i);
    xs.push(x);
    ys.push(y);
    cs.push(cells.cellAt(x, y));
    ws.push(area * storeys);
  }
  if (xs.length === 0) {
    const r = model.roads;
    for (let j = 0; j < r.nodeCount; j++) {
      const x = r.nodeXY[2 * j] as number;
      const y = r.nodeXY[2 * j + 1] as number;
      xs.push(x);
      ys.push(y);
      cs.push(cells.cellAt(x, y));
      ws.push(1);
    }
  }
  if (xs.length === 0)
    throw new RangeError(`arrivalSitesFromScene: the scene has neither buildings nor road nodes`);
  return makeSites(xs, ys, cs, ws);
}

/** Point → grid cell lookup over the scene's level-1 zones (bounding-box prefilter, then point in polygon). */
export function gridCellIndex(zones: PolygonSet & { readonly level: Uint8Array }): {
  cellAt(x: number, y: number): number;
} {
  const ids: number[] = [];
  const box: number[] = [];
  for (let z = 0; z < zones.count; z++) {
    if (zones.level[z] !== 1) continue;
    const r0 = zones.polyStart[z] as number;
    const a = zones.ringStart[r0] as number;
    const e = zones.ringStart[r0 + 1] as number;
    if (!(e > a)) continue;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = a; v < e; v++) {
      const x = zones.xy[2 * v] as number;
      const y = zones.xy[2 * v + 1] as number;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    ids.push(z);
    box.push(x0, y0, x1, y1);
  }
  return {
    cellAt(x: number, y: number): number {
      for (let k = 0; k < ids.length; k++) {
        if (x < (box[4 * k] as number) || y < (box[4 * k + 1] as number)) continue;
        if (x > (box[4 * k + 2] as number) || y > (box[4 * k + 3] as number)) continue;
        const z = ids[k] as number;
        if (insideFeature(zones, z, x, y)) return z;
      }
      return -1;
    },
  };
}

/** Options of the arrival process. */
export interface ArrivalOptions {
  /** Expected reports per day over all categories (default DEFAULT_REPORTS_PER_DAY). */
  readonly reportsPerDay?: number;
  /** Multiplier per category id ('*' for all), e.g. { garbage: 1.3 } for a +30 % surge. */
  readonly surge?: Readonly<Record<string, number>>;
  /** Local time of the scene, minutes east of UTC (default UTC+8). */
  readonly utcOffsetMin?: number;
  /** Replaces the source mix: every report from this source (e.g. 'video' for the machine-detection bench). */
  readonly source?: ReportSource;
}

/** Expected reports per hour of a category at a local hour. */
export function categoryRatePerH(categoryIndex: number, hour: number, opts: ArrivalOptions = {}): number {
  const c = TAXONOMY[categoryIndex];
  if (c === undefined) return 0;
  const prof = HOURLY_PROFILES[profileOf(c.id, c.group)];
  const mean = prof.reduce((s, v) => s + v, 0) / 24;
  const h = Math.floor(hour) % 24;
  const surge = (opts.surge?.[c.id] ?? 1) * (opts.surge?.['*'] ?? 1);
  const perDay = opts.reportsPerDay ?? DEFAULT_REPORTS_PER_DAY;
  return (((perDay * c.sharePerMille) / 1000) * ((prof[h] ?? 0) / mean) * surge) / 24;
}

const H_MS = 3_600_000;

/** One arrival without the report's trimmings (what the queue simulation needs). */
export interface Arrival {
  readonly simTimeMs: number;
  /** Index into TAXONOMY. */
  readonly category: number;
  /** Index into the sites. */
  readonly site: number;
}

/**
 * Arrivals in [fromMs, toMs), ascending time (ties by category order). Exact non-homogeneous Poisson sampling with
 * hourly piecewise-constant rates; sites drawn by weight.
 */
export function sampleArrivals(
  sites: ArrivalSites,
  fromMs: number,
  toMs: number,
  rng: Rng,
  opts: ArrivalOptions = {},
): Arrival[] {
  const out: Arrival[] = [];
  if (!(toMs > fromMs)) return out;
  const off = opts.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  for (let k = 0; k < TAXONOMY.length; k++) {
    let t = fromMs;
    while (t < toMs) {
      // End of the current local hour (or the window), in integer-ms arithmetic.
      const into = (((t + off * 60_000) % H_MS) + H_MS) % H_MS;
      const hourEnd = Math.min(toMs, t - into + H_MS);
      const rate = categoryRatePerH(k, localHour(t, off), opts) / H_MS; // per ms
      if (rate > 0) {
        let s = t;
        for (;;) {
          s += -Math.log(1 - rng.next()) / rate;
          if (s >= hourEnd) break;
          out.push({ simTimeMs: Math.floor(s), category: k, site: pickSite(sites, rng.next()) });
        }
      }
      t = hourEnd;
    }
  }
  out.sort((a, b) => a.simTimeMs - b.simTimeMs || a.category - b.category);
  return out;
}

/** Site of a uniform draw u ∈ [0, 1) (binary search of the cumulative weights). */
export function pickSite(sites: ArrivalSites, u: number): number {
  let lo = 0;
  let hi = sites.count - 1;
  const w = sites.cumWeight;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((w[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Jitter of a report around its site (metres, uniform in a square): reports land at the kerb, not on one point. */
export const SITE_JITTER_M = 15;

/**
 * Reports of [fromMs, toMs) at scene sites, deterministic for the rng state; ids `rep:<idPrefix><n>` numbered from
 * firstId. The source is drawn from SOURCE_MIX (or opts.source); the reporter id names the source.
 */
export function generateReports(
  sites: ArrivalSites,
  fromMs: number,
  toMs: number,
  rng: Rng,
  firstId: number,
  opts: ArrivalOptions = {},
  idPrefix = '',
): Report[] {
  const arrivals = sampleArrivals(sites, fromMs, toMs, rng, opts);
  const out: Report[] = [];
  let n = firstId;
  for (const a of arrivals) {
    const c = TAXONOMY[a.category];
    if (c === undefined) continue;
    const source = opts.source ?? drawSource(c.group, rng.next());
    const x = (sites.x[a.site] as number) + (rng.next() * 2 - 1) * SITE_JITTER_M;
    const y = (sites.y[a.site] as number) + (rng.next() * 2 - 1) * SITE_JITTER_M;
    const cell = sites.cell[a.site] as number;
    out.push({
      id: `rep:${idPrefix}${n}`,
      source,
      category: c.id,
      priority: c.priority,
      x: Math.round(x * 10) / 10,
      y: Math.round(y * 10) / 10,
      gridCell: cell,
      simTimeMs: a.simTimeMs,
      description: {
        zh: cell >= 0 ? `${c.zh}（网格 ${cell}）` : c.zh,
        en: cell >= 0 ? `${c.en} (grid cell ${cell})` : c.en,
      },
      reporter: reporterOf(source, rng.int(100_000)),
      attachments: source === 'app' || source === 'inspector' || source === 'video' ? [`photo-${n}.jpg`] : [],
    });
    n++;
  }
  return out;
}

function drawSource(group: CategoryGroup, u: number): ReportSource {
  const mix = SOURCE_MIX[group];
  let acc = 0;
  let last: ReportSource = 'hotline';
  for (const [s, p] of Object.entries(mix) as [ReportSource, number][]) {
    acc += p;
    last = s;
    if (u < acc) return s;
  }
  return last;
}

function reporterOf(source: ReportSource, n: number): string {
  switch (source) {
    case 'hotline':
    case 'app':
      return `citizen:${n.toString(36)}`;
    case 'inspector':
      return `inspector:${n % 200}`;
    case 'iot':
      return `sensor:${n % 5000}`;
    case 'video':
      return `camera:${n % 2000}`;
    case 'domain':
      return `event:${n}`;
    case 'replay':
      return `replay:${n}`;
    default: {
      const never: never = source;
      return never;
    }
  }
}
