/**
 * How the resilience layers are drawn (issue 5), shared by the map layers (hazardLayers.ts), their legends
 * (panels/HazardMapLegend.tsx) and the hover text: water-depth bands, seismic-intensity rings, alert, damage-state and
 * severity colours, the shelter gauge, dashed closed links and the evacuation animation clock. Pure: no deck, no
 * React; typed arrays in local metres.
 *
 * Data flow (DESIGN.md rule 3): `writeFloodImage` runs once per flood frame (hotHazard.version), the other builders
 * once per store hazard version (hzVersion); per animation frame only `evacClockS` and `pulsePhase` run (uniforms).
 */
import type { Rgb } from '../../app/palette.ts';

/** A water-depth band: depths in [minM, next band's minM), with its meaning (src/app/i18n/hazardMap.ts). */
export interface FloodBand {
  readonly minM: number;
  readonly color: Rgb;
  /** Fill opacity 0–255: shallow water tints the city, deep water covers it. */
  readonly alpha: number;
  readonly meaning: 'floodPonding' | 'floodLaneLimit' | 'floodCars' | 'floodVehiclesPeople' | 'floodAll';
}

/**
 * Water-depth bands and what each threshold means.
 * - 0.05 m: below it a cell is dry (src/feed/hotHazard.ts WET_THRESHOLD_M): surface film, not drawn.
 * - 0.15 m: GB 51222-2017《城镇内涝防治技术规范》§3.2 (地面积水设计标准) and GB 50014-2021《室外排水设计标准》§4.1.3: the
 *   waterlogging design standard allows at most 15 cm of water in one traffic lane of a road — above it the lane is impassable
 *   (the runtime closes links there).
 * - 0.3 m: AIDR Guideline 7-3 "Flood Hazard" (Australian Institute for Disaster Resilience 2017, Table 7, hazard
 *   vulnerability class H1 ≤ 0.3 m "generally safe for vehicles, people and buildings"): above it small cars lose
 *   traction and start to float (Shand et al. 2011, ARR Project 10 "Stability of vehicles in floods").
 * - 0.5 m: AIDR 7-3 H2 ≤ 0.5 m "unsafe for small vehicles"; above it (H3) unsafe for all vehicles, children and the
 *   elderly.
 * - 1.2 m: AIDR 7-3 H3 ≤ 1.2 m; above it (H4) unsafe for all people and all vehicles.
 * Colours: the shallowest band is a distinct light cyan at high opacity, because that is where most of the wet city
 * lies and it must show through (and next to) the traffic-coloured roads on the dark control-room basemap; deeper
 * bands step through saturated blues to violet (hue steps as in ColorBrewer "Blues"/"PuBu", Brewer & Harrower 2003)
 * with opacity rising, so deep water covers the ground more and more.
 */
export const FLOOD_BANDS: readonly FloodBand[] = [
  { minM: 0.05, color: [120, 235, 245], alpha: 205, meaning: 'floodPonding' },
  { minM: 0.15, color: [40, 175, 255], alpha: 215, meaning: 'floodLaneLimit' },
  { minM: 0.3, color: [25, 115, 240], alpha: 225, meaning: 'floodCars' },
  { minM: 0.5, color: [70, 70, 225], alpha: 235, meaning: 'floodVehiclesPeople' },
  { minM: 1.2, color: [160, 90, 255], alpha: 245, meaning: 'floodAll' },
];

/** Lower edge of the lowest band, m: shallower cells are transparent. */
export const FLOOD_MIN_M = (FLOOD_BANDS[0] as FloodBand).minM;

/** The band of a water depth (−1: below the lowest band or not a number, not drawn). */
export function floodBand(depthM: number): number {
  let b = -1;
  for (let i = 0; i < FLOOD_BANDS.length; i++) if (depthM >= (FLOOD_BANDS[i] as FloodBand).minM) b = i;
  return b;
}

/**
 * Writes the RGBA image of a depth grid (row 0 = south) into `out` (nx·ny·4 bytes, image row 0 = north, as a bitmap
 * is drawn) and returns the number of cells drawn (depth ≥ FLOOD_MIN_M). Dry cells are fully transparent.
 */
export function writeFloodImage(
  depthM: Float32Array,
  nx: number,
  ny: number,
  out: Uint8ClampedArray | Uint8Array,
): number {
  if (depthM.length < nx * ny || out.length < nx * ny * 4)
    throw new RangeError(
      `writeFloodImage: grid ${nx}×${ny} needs ${nx * ny} depths and ${nx * ny * 4} bytes`,
    );
  // Band lookup per band edge, unrolled by a small table: 1M cells in a few ms.
  const n = FLOOD_BANDS.length;
  const edges = new Float32Array(n);
  const rgba = new Uint8Array(n * 4);
  for (let k = 0; k < n; k++) {
    const b = FLOOD_BANDS[k] as FloodBand;
    edges[k] = b.minM;
    rgba[k * 4] = b.color[0];
    rgba[k * 4 + 1] = b.color[1];
    rgba[k * 4 + 2] = b.color[2];
    rgba[k * 4 + 3] = b.alpha;
  }
  const lo = edges[0] as number;
  let wet = 0;
  for (let j = 0; j < ny; j++) {
    const src = j * nx;
    let o = (ny - 1 - j) * nx * 4;
    for (let i = 0; i < nx; i++, o += 4) {
      const d = depthM[src + i] as number;
      if (!(d >= lo)) {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
        out[o + 3] = 0;
        continue;
      }
      let b = 0;
      while (b + 1 < n && d >= (edges[b + 1] as number)) b++;
      out[o] = rgba[b * 4] as number;
      out[o + 1] = rgba[b * 4 + 1] as number;
      out[o + 2] = rgba[b * 4 + 2] as number;
      out[o + 3] = rgba[b * 4 + 3] as number;
      wet++;
    }
  }
  return wet;
}

/** Byte offset in the flood image of grid cell `cell` (row-major, row 0 = south). */
export function floodImageOffset(cell: number, nx: number, ny: number): number {
  const i = cell % nx;
  const j = Math.floor(cell / nx);
  return ((ny - 1 - j) * nx + i) * 4;
}

/**
 * Outer edges of a cell grid whose cell (0,0) is centred at (x0, y0) (the convention of hotHazard.depthAt, which
 * rounds to the nearest centre): [west, south, east, north], local metres.
 */
export function gridEdgesM(
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  cellM: number,
): [number, number, number, number] {
  const h = cellM / 2;
  return [x0 - h, y0 - h, x0 + (nx - 1) * cellM + h, y0 + (ny - 1) * cellM + h];
}

/**
 * Seismic intensity degrees and the peak ground acceleration where each begins: GB/T 17742-2020《中国地震烈度表》
 * Table 2 (合成地震动的最大值): VI 0.45–0.89, VII 0.90–1.77, VIII 1.78–3.53, IX 3.54–7.07, X 7.08–14.1 m/s²; divided by
 * g = 9.80665 m/s². Colours from yellow to dark red: the rings read as "hotter towards the epicentre".
 */
export const INTENSITY_LEVELS: readonly {
  readonly name: string;
  readonly minPgaG: number;
  readonly color: Rgb;
}[] = [
  { name: 'VI', minPgaG: 0.45 / 9.80665, color: [255, 214, 10] },
  { name: 'VII', minPgaG: 0.9 / 9.80665, color: [255, 159, 10] },
  { name: 'VIII', minPgaG: 1.78 / 9.80665, color: [255, 100, 40] },
  { name: 'IX', minPgaG: 3.54 / 9.80665, color: [255, 59, 48] },
  { name: 'X', minPgaG: 7.08 / 9.80665, color: [200, 30, 90] },
];

/** A PGA attenuation: PGA in g at epicentral distance `distanceKm` (the GMPE of src/core/hazards/earthquake.ts). */
export type PgaAtKm = (distanceKm: number) => number;

/**
 * Epicentral radius (km) inside which PGA ≥ `pgaG`, for an attenuation that falls with distance: bisection over
 * [0, maxKm] to 1 m; 0 when even the epicentre is below, maxKm when the whole range is above.
 */
export function radiusForPgaKm(pga: PgaAtKm, pgaG: number, maxKm = 200): number {
  if (!(pga(0) >= pgaG)) return 0;
  if (pga(maxKm) >= pgaG) return maxKm;
  let lo = 0;
  let hi = maxKm;
  while (hi - lo > 0.001) {
    const mid = (lo + hi) / 2;
    if (pga(mid) >= pgaG) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Alert colours by AlertLevel 0–4 (none, blue, yellow, orange, red: the four signal colours of 中国气象局《气象灾害预警
 * 信号发布与传播办法》2007): system colours of the dark palette used elsewhere (workloadStyle.ts STAGE_COLORS).
 */
export const ALERT_COLORS: readonly Rgb[] = [
  [110, 120, 135],
  [10, 132, 255],
  [255, 214, 10],
  [255, 149, 0],
  [255, 59, 48],
];
/**
 * Earthquake rings: outlines for every intensity degree; only the innermost degrees (index ≥ PGA_FILL_FROM_LEVEL,
 * IX and X) get a very faint fill. The outer rings are often larger than the city, and stacked fills would tint the
 * whole map and hide the damage colours of the buildings.
 */
export const PGA_FILL_FROM_LEVEL = 3;
export const PGA_FILL_ALPHA = 14;
/** Fill RGBA of the ring of intensity level `level` (transparent for the outer levels). */
export function pgaRingFill(level: number, color: Rgb): [number, number, number, number] {
  return level >= PGA_FILL_FROM_LEVEL ? [color[0], color[1], color[2], PGA_FILL_ALPHA] : [0, 0, 0, 0];
}
/** Heat-risk district fill opacity (0–255): tints the district, the buildings stay readable. */
export const HEAT_ALPHA = 90;

/**
 * HAZUS damage states 0–4 (none, slight, moderate, extensive, complete; FEMA HAZUS-MH Earthquake Technical Manual,
 * 2003, §5.3): undamaged buildings turn neutral grey so the damaged ones stand out; yellow → orange → red → purple
 * for rising damage (purple, not black, for "complete": black vanishes on the dark basemap).
 */
export const DAMAGE_COLORS: readonly Rgb[] = [
  [120, 130, 145],
  [255, 214, 10],
  [255, 149, 0],
  [255, 59, 48],
  [191, 90, 242],
];

/** Severity colours 1 watch, 2 impaired, 3 out of service (index 0 unused). */
export const SEVERITY_COLORS: readonly Rgb[] = [
  [110, 120, 135],
  [255, 214, 10],
  [255, 149, 0],
  [255, 59, 48],
];

/** Exposed-asset marker radius and its severity ring, screen pixels. */
export const EXPOSED_RADIUS_PIXELS = 6;
export const EXPOSED_RING_PIXELS = 3;

/** Closed road links: red dashes of DASH_M with gaps of GAP_M along the link (metres: the dashes scale with zoom). */
export const CLOSED_LINK_COLOR: Rgb = [255, 59, 48];
export const CLOSED_DASH_M = 24;
export const CLOSED_GAP_M = 16;

/**
 * Cuts a polyline (interleaved x,y from vertex v0 to v1−1 of `xy`) into dashes of `dashM` separated by `gapM`,
 * starting with a dash; appends each dash as a segment pair (x1,y1,x2,y2) to `out` (long dashes over a bend are split
 * at the vertex). Returns the number of segments appended.
 */
export function dashPolyline(
  xy: ArrayLike<number>,
  v0: number,
  v1: number,
  dashM: number,
  gapM: number,
  out: number[],
): number {
  if (!(dashM > 0) || !(gapM >= 0)) throw new RangeError(`dashPolyline: dash ${dashM} m, gap ${gapM} m`);
  let n = 0;
  const period = dashM + gapM;
  let phase = 0; // distance along the current period
  for (let v = v0; v + 1 < v1; v++) {
    const ax = xy[v * 2] as number;
    const ay = xy[v * 2 + 1] as number;
    const bx = xy[v * 2 + 2] as number;
    const by = xy[v * 2 + 3] as number;
    const len = Math.hypot(bx - ax, by - ay);
    let s = 0;
    while (s < len) {
      const inDash = phase < dashM;
      const step = Math.min(len - s, (inDash ? dashM : period) - phase);
      if (inDash && step > 0) {
        const t0 = s / len;
        const t1 = (s + step) / len;
        out.push(ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1);
        n++;
      }
      s += step;
      phase += step;
      if (phase >= period - 1e-9) phase = 0;
      if (step <= 0) break;
    }
  }
  return n;
}

/** Shelter gauge colours: room left, nearly full (≥ 80 %), full; closed shelters grey. */
export const SHELTER_COLORS = {
  room: [48, 209, 88],
  nearlyFull: [255, 214, 10],
  full: [255, 59, 48],
  closed: [110, 120, 135],
  track: [40, 52, 70],
} as const satisfies Record<string, Rgb>;
/**
 * Occupancy share from which a shelter counts as nearly full. ASSUMPTION: 80 %, a planning choice (no published
 * figure found): from there arrivals should be sent elsewhere; shown in the legend.
 */
export const SHELTER_NEARLY_FULL = 0.8;
/** Shelter symbol radius and gauge ring, screen pixels. */
export const SHELTER_RADIUS_PIXELS = 9;
export const SHELTER_RING_PIXELS = 3;

/** Occupancy share 0…1 (capacity 0 → 0) and the gauge colour of a shelter. */
export function shelterGauge(
  occupants: number,
  capacity: number,
  open: boolean,
): { share: number; color: Rgb } {
  const share = capacity > 0 ? Math.min(1, Math.max(0, occupants / capacity)) : 0;
  if (!open) return { share, color: SHELTER_COLORS.closed };
  if (capacity > 0 && occupants >= capacity) return { share, color: SHELTER_COLORS.full };
  if (share >= SHELTER_NEARLY_FULL) return { share, color: SHELTER_COLORS.nearlyFull };
  return { share, color: SHELTER_COLORS.room };
}

/** Evacuation routes: colour (evacuation-sign green, GB 2894-2008 safety signs: green = safe condition). */
export const EVAC_COLOR: Rgb = [52, 199, 89];
/**
 * The animation: a bright trail runs from the block to the shelter at EVAC_ANIM_MPS "animation metres" per wall second
 * (not the walking speed: a 1 km route takes 4 s, so the direction reads at a glance), then starts again.
 */
export const EVAC_ANIM_MPS = 250;
export const EVAC_TRAIL_M = 180;

/** Route width in screen pixels for `people` evacuees: 2 px, growing with √people to 10 px at 5,000. */
export function evacWidthPixels(people: number): number {
  const p = people > 0 ? people : 0;
  return Math.min(10, 2 + 8 * Math.sqrt(p / 5000));
}

/**
 * Cumulative length (m) at each vertex of an interleaved x,y path, written into `out` from offset `o`; returns the
 * total length.
 */
export function cumulativeM(path: readonly number[], out: Float32Array, o: number): number {
  let acc = 0;
  const nv = path.length >> 1;
  for (let v = 0; v < nv; v++) {
    if (v > 0)
      acc += Math.hypot(
        (path[v * 2] as number) - (path[v * 2 - 2] as number),
        (path[v * 2 + 1] as number) - (path[v * 2 - 1] as number),
      );
    out[o + v] = acc;
  }
  return acc;
}

/** Animation clock of the evacuation trails (TripsLayer currentTime, in metres along the route) at wall time `wallS`. */
export function evacClockM(wallS: number, longestM: number): number {
  const cycle = longestM + EVAC_TRAIL_M;
  if (!(cycle > 0)) return 0;
  return (wallS * EVAC_ANIM_MPS) % cycle;
}

/** Pulse of out-of-service assets: a ring expanding to 3× and fading, once per PULSE_PERIOD_S (a sawtooth). */
export const PULSE_PERIOD_S = 1.4;
/** Pulse ring scale (1…3) and opacity (1…0) at wall time `tS`. */
export function pulsePhase(
  tS: number,
  out: { scale: number; alpha: number },
): { scale: number; alpha: number } {
  const ph = (((tS / PULSE_PERIOD_S) % 1) + 1) % 1;
  out.scale = 1 + 2 * ph;
  out.alpha = 1 - ph;
  return out;
}

/** Outage areas: dark fill over the dead area, outlined in the alarm amber; dark signals ringed red. */
export const OUTAGE_FILL: Rgb = [4, 6, 12];
export const OUTAGE_FILL_ALPHA = 170;
export const OUTAGE_LINE: Rgb = [255, 214, 10];
export const DARK_SIGNAL_RING: Rgb = [255, 59, 48];

/** Fire: spread circle, buildings at risk, engine route. */
export const FIRE_COLOR: Rgb = [255, 100, 40];
export const FIRE_ROUTE_COLOR: Rgb = [255, 69, 58];

/** Area-weighted centroid of a closed or open ring (interleaved x,y); the vertex mean for a degenerate ring. */
export function ringCentroid(ring: readonly number[], out: number[]): number[] {
  const n = ring.length >> 1;
  let a = 0;
  let cx = 0;
  let cy = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const x1 = ring[i * 2] as number;
    const y1 = ring[i * 2 + 1] as number;
    const k = (i + 1) % n;
    const x2 = ring[k * 2] as number;
    const y2 = ring[k * 2 + 1] as number;
    const c = x1 * y2 - x2 * y1;
    a += c;
    cx += (x1 + x2) * c;
    cy += (y1 + y2) * c;
    mx += x1;
    my += y1;
  }
  if (Math.abs(a) < 1e-9) {
    out[0] = n > 0 ? mx / n : 0;
    out[1] = n > 0 ? my / n : 0;
  } else {
    out[0] = cx / (3 * a);
    out[1] = cy / (3 * a);
  }
  return out;
}
