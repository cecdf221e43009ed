/**
 * Pure geometry and colour code of the 3D view's energy objects (EnergyObjects.tsx draws them): the loading glow
 * (bands and colours: the map's energyStyle.ts), the SoC gauge, object sizes from ratings, rooftop-PV ↔ building matching and the roof panel
 * rectangle, and the HV / 10 kV line segments draped on the terrain. Typed arrays only, no three.js; the paint
 * functions write into preallocated arrays and allocate nothing (they run once per energy-state version).
 *
 * Axes: local x = east, y = north → three x = east, y = up, z = −north (as sceneGeometry.ts).
 */
import { BuildingRole, type Buildings, type CityModel, type Terrain } from '../../core/scene/types.ts';
import type { CityGridModel } from '../../core/energy/city/gridModel.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
import { NO_DATA, type Rgb } from '../../app/palette.ts';
import { loadingColor } from '../map/energyStyle.ts';
import { footprintCentroid } from './buildingMesh.ts';
import { sampleTerrain } from './sceneGeometry.ts';

// ---------------------------------------------------------------------------------------------------------------
// Loading glow (the bands and their colours are the map's: src/views/map/energyStyle.ts)

/** Glow strength floor (a lightly loaded line still shows faintly) and the loadings where it starts and saturates, %. */
export const GLOW_MIN = 0.1;
export const GLOW_START_PCT = 30;
export const GLOW_FULL_PCT = 100;

/**
 * Glow strength of a line at `pct` loading: GLOW_MIN up to 30 %, rising linearly to 1 at 100 %, full above (so the
 * many lightly loaded feeders stay quiet and the heavy ones stand out); NaN → 0 (not drawn).
 */
export function loadingGlow(pct: number): number {
  if (!(pct === pct)) return 0;
  if (pct <= GLOW_START_PCT) return GLOW_MIN;
  if (pct >= GLOW_FULL_PCT) return 1;
  return GLOW_MIN + ((1 - GLOW_MIN) * (pct - GLOW_START_PCT)) / (GLOW_FULL_PCT - GLOW_START_PCT);
}

// ---------------------------------------------------------------------------------------------------------------
// Storage

/** Fill share 0…1 of the SoC bar for `socPct` (clamped; NaN → 0). */
export function socFill(socPct: number): number {
  if (!(socPct > 0)) return 0;
  return socPct >= 100 ? 1 : socPct / 100;
}

// ---------------------------------------------------------------------------------------------------------------
// Sizes

/**
 * Side of a substation yard (m) for a transformer rating (MVA): 60 m at 100 MVA, growing with √rating (yard area ∝
 * installed transformers), clamped to 30–160 m. Reference sizes: Shanghai's land-use index for substations
 * (上海市变电工程建设用地指标, table 3.2.1) gives 60 m × 40 m = 0.24 ha for a 110 kV indoor-GIS station of 3 × 40 MVA,
 * and city grid-planning rules put a 110 kV station's net site at 2,000–12,000 m²; 60 m × 60 m = 3,600 m² sits
 * inside that range.
 */
export function stationYardSideM(ratingMva: number): number {
  const r = ratingMva > 0 ? ratingMva : 50;
  const s = 60 * Math.sqrt(r / 100);
  return s < 30 ? 30 : s > 160 ? 160 : s;
}

/**
 * Side of a battery-storage block (m) for its energy (MWh): footprint ≈ 12 m²/MWh (Tesla Megapack 2 XL datasheet:
 * 3.9 MWh in 8.8 m × 1.65 m = 14.5 m², plus ≈ 3× for access aisles and clearances → ≈ 11–12 m²/MWh), at least 12 m.
 */
export function storageBlockSideM(energyMwh: number): number {
  const s = Math.sqrt(Math.max(0, energyMwh) * 12);
  return s < 12 ? 12 : s;
}

/**
 * Side of a ground-mounted PV field (m) for its rating (MW): direct land use ≈ 2.2 ha/MWac for small fixed-tilt PV
 * (Ong et al. 2013, NREL/TP-6A20-56290, Table 2: 5.5 acres/MWac), at least 20 m.
 */
export function pvFieldSideM(ratingMw: number): number {
  const s = Math.sqrt(Math.max(0, ratingMw) * 22000);
  return s < 20 ? 20 : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Rooftop PV

/** A PV unit counts as rooftop when inside a footprint, or when a building's centroid is this close, m. */
export const PV_ROOF_RADIUS_M = 30;

/** Is (x, y) inside the outer ring of building b? (even-odd ray cast) */
export function insideFootprint(b: Buildings, i: number, x: number, y: number): boolean {
  const r0 = b.polyStart[i] as number;
  const v0 = b.ringStart[r0] as number;
  const v1 = b.ringStart[r0 + 1] as number;
  let inside = false;
  for (let v = v0, w = v1 - 1; v < v1; w = v++) {
    const xi = b.xy[v * 2] as number;
    const yi = b.xy[v * 2 + 1] as number;
    const xj = b.xy[w * 2] as number;
    const yj = b.xy[w * 2 + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Positions of all PV units (interleaved x, y, scene metres), as energyAssetXY places them. */
export function pvUnitXY(city: CityModel, grid: CityGridModel): Float64Array {
  const out = new Float64Array(grid.pv.count * 2);
  const p = [0, 0];
  for (let i = 0; i < grid.pv.count; i++) {
    energyAssetXY(city, grid, 'pv', i, p);
    out[2 * i] = p[0] as number;
    out[2 * i + 1] = p[1] as number;
  }
  return out;
}

/**
 * The building each PV point sits on (−1: standalone): a footprint that contains the point (the highest roof when
 * parts overlap), else the building whose centroid is nearest within PV_ROOF_RADIUS_M. Outlines with separate
 * parts are skipped (their volume is not drawn). `xy` = interleaved points, m.
 */
export function matchPvToBuildings(b: Buildings, xy: ArrayLike<number>, count: number): Int32Array {
  const out = new Int32Array(count).fill(-1);
  if (count === 0 || b.count === 0) return out;
  // Per building: centroid and outer-ring bounding box (one pass), so the scan below is a few compares each.
  const cx = new Float64Array(b.count);
  const cy = new Float64Array(b.count);
  const box = new Float64Array(b.count * 4);
  const c = [0, 0];
  for (let i = 0; i < b.count; i++) {
    footprintCentroid(b, i, c);
    cx[i] = c[0] as number;
    cy[i] = c[1] as number;
    const r0 = b.polyStart[i] as number;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = b.ringStart[r0] as number; v < (b.ringStart[r0 + 1] as number); v++) {
      const x = b.xy[2 * v] as number;
      const y = b.xy[2 * v + 1] as number;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    box[4 * i] = x0;
    box[4 * i + 1] = y0;
    box[4 * i + 2] = x1;
    box[4 * i + 3] = y1;
  }
  const r2 = PV_ROOF_RADIUS_M * PV_ROOF_RADIUS_M;
  for (let p = 0; p < count; p++) {
    const x = xy[2 * p] as number;
    const y = xy[2 * p + 1] as number;
    let inBest = -1;
    let inTop = -Infinity;
    let near = -1;
    let nearD = r2;
    for (let i = 0; i < b.count; i++) {
      if (b.role && b.role[i] === BuildingRole.outline) continue;
      const dx = (cx[i] as number) - x;
      const dy = (cy[i] as number) - y;
      const d = dx * dx + dy * dy;
      if (d < nearD) {
        nearD = d;
        near = i;
      }
      const inBox =
        x >= (box[4 * i] as number) &&
        y >= (box[4 * i + 1] as number) &&
        x <= (box[4 * i + 2] as number) &&
        y <= (box[4 * i + 3] as number);
      if (inBox && insideFootprint(b, i, x, y)) {
        const top = (b.baseZM[i] as number) + (b.heightM[i] as number);
        if (top > inTop) {
          inTop = top;
          inBest = i;
        }
      }
    }
    out[p] = inBest >= 0 ? inBest : near;
  }
  return out;
}

/** Share of the roof rectangle the panel quad covers per side (setback from the roof edge, fire-code style). */
export const ROOF_PANEL_INSET = 0.8;

/**
 * The panel rectangle on building i's roof: oriented along the longest edge of the outer ring, spanning the ring's
 * extent along that edge and across it, shrunk by ROOF_PANEL_INSET per side. out = [centre x, centre y, angle of
 * the long axis from east (rad, counter-clockwise), length m, width m, roof height m (terrain + building height)].
 */
export function roofPanel(b: Buildings, i: number, out: number[] | Float64Array): void {
  const r0 = b.polyStart[i] as number;
  const v0 = b.ringStart[r0] as number;
  const v1 = b.ringStart[r0 + 1] as number;
  let best = -1;
  let ux = 1;
  let uy = 0;
  for (let v = v0; v < v1; v++) {
    const w = v + 1 < v1 ? v + 1 : v0;
    const dx = (b.xy[w * 2] as number) - (b.xy[v * 2] as number);
    const dy = (b.xy[w * 2 + 1] as number) - (b.xy[v * 2 + 1] as number);
    const l2 = dx * dx + dy * dy;
    if (l2 > best) {
      best = l2;
      const l = Math.sqrt(l2) || 1;
      ux = dx / l;
      uy = dy / l;
    }
  }
  // Keep the axis pointing east-ish so the angle is stable whichever way the ring winds.
  if (ux < 0 || (ux === 0 && uy < 0)) {
    ux = -ux;
    uy = -uy;
  }
  let aMin = Infinity;
  let aMax = -Infinity;
  let bMin = Infinity;
  let bMax = -Infinity;
  for (let v = v0; v < v1; v++) {
    const x = b.xy[v * 2] as number;
    const y = b.xy[v * 2 + 1] as number;
    const a = x * ux + y * uy;
    const c = -x * uy + y * ux;
    if (a < aMin) aMin = a;
    if (a > aMax) aMax = a;
    if (c < bMin) bMin = c;
    if (c > bMax) bMax = c;
  }
  const am = (aMin + aMax) / 2;
  const bm = (bMin + bMax) / 2;
  out[0] = am * ux - bm * uy;
  out[1] = am * uy + bm * ux;
  out[2] = Math.atan2(uy, ux);
  out[3] = (aMax - aMin) * ROOF_PANEL_INSET;
  out[4] = (bMax - bMin) * ROOF_PANEL_INSET;
  const ground = b.baseZM[i] as number;
  const bottom = ground + (b.minHeightM[i] as number);
  // The same roof height as buildingMesh.ts (at least 0.5 m above the volume's bottom).
  out[5] = Math.max(bottom + 0.5, ground + (b.heightM[i] as number));
}

/** PV output colour: solar-panel blue, brightening with output ÷ rating (0 → dark blue, 1 → bright cyan-blue). */
export const PV_DARK: Rgb = [20, 40, 90];
export const PV_BRIGHT: Rgb = [90, 190, 255];

/** Writes the PV colour (0–255) of output share `share` (clamped 0…1; NaN → NO_DATA) into out. */
export function pvColor(share: number, out: number[] | Float32Array | Uint8Array): void {
  if (!(share === share)) {
    out[0] = NO_DATA[0];
    out[1] = NO_DATA[1];
    out[2] = NO_DATA[2];
    return;
  }
  const s = share < 0 ? 0 : share > 1 ? 1 : share;
  out[0] = Math.round(PV_DARK[0] + (PV_BRIGHT[0] - PV_DARK[0]) * s);
  out[1] = Math.round(PV_DARK[1] + (PV_BRIGHT[1] - PV_DARK[1]) * s);
  out[2] = Math.round(PV_DARK[2] + (PV_BRIGHT[2] - PV_DARK[2]) * s);
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

/** Line segments for LineSegmentsGeometry: positions (6 floats per segment, three axes) and the element of each. */
export interface GridLineSegments {
  readonly positions: Float32Array;
  /** Element (HV line or bus = feeder section) per segment. */
  readonly element: Int32Array;
  readonly count: number;
}

/** Longest straight piece of a draped line, m: shorter pieces follow the terrain instead of cutting through hills. */
export const DRAPE_STEP_M = 100;
/** Height of drawn lines above the terrain, m: HV lines above feeders so they win where both run together. */
export const HV_LIFT_M = 4;
export const FEEDER_LIFT_M = 2;

/** Collects polylines, each split into ≤ DRAPE_STEP_M pieces draped on the terrain `liftM` above it. */
class SegmentWriter {
  private pos: number[] = [];
  private el: number[] = [];
  constructor(
    private readonly terrain: Terrain | null,
    private readonly liftM: number,
  ) {}
  /** Adds the straight piece (x0, y0) → (x1, y1) of element e. */
  add(e: number, x0: number, y0: number, x1: number, y1: number): void {
    const len = Math.sqrt((x1 - x0) ** 2 + (y1 - y0) ** 2);
    const n = Math.max(1, Math.ceil(len / DRAPE_STEP_M));
    let px = x0;
    let py = y0;
    let pz = sampleTerrain(this.terrain, px, py) + this.liftM;
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      const qx = x0 + (x1 - x0) * t;
      const qy = y0 + (y1 - y0) * t;
      const qz = sampleTerrain(this.terrain, qx, qy) + this.liftM;
      this.pos.push(px, pz, -py, qx, qz, -qy);
      this.el.push(e);
      px = qx;
      py = qy;
      pz = qz;
    }
  }
  done(): GridLineSegments {
    return {
      positions: Float32Array.from(this.pos),
      element: Int32Array.from(this.el),
      count: this.el.length,
    };
  }
}

/**
 * HV line segments: along the scene power line's geometry when the model made the line from one (hvSceneLine ≥ 0),
 * else straight from station to station.
 */
export function buildHvSegments(city: CityModel, grid: CityGridModel): GridLineSegments {
  const w = new SegmentWriter(city.terrain, HV_LIFT_M);
  const lines = city.power.lines;
  for (let k = 0; k < grid.hvLineCount; k++) {
    const sl = grid.hvSceneLine[k] as number;
    if (sl >= 0 && sl < lines.count) {
      const g0 = lines.geomStart[sl] as number;
      const g1 = lines.geomStart[sl + 1] as number;
      for (let v = g0; v + 1 < g1; v++)
        w.add(
          k,
          lines.xy[2 * v] as number,
          lines.xy[2 * v + 1] as number,
          lines.xy[2 * v + 2] as number,
          lines.xy[2 * v + 3] as number,
        );
      if (g1 - g0 >= 2) continue;
    }
    const a = grid.hvFrom[k] as number;
    const b = grid.hvTo[k] as number;
    w.add(
      k,
      grid.stationX[a] as number,
      grid.stationY[a] as number,
      grid.stationX[b] as number,
      grid.stationY[b] as number,
    );
  }
  return w.done();
}

/** Feeder section segments: bus parent → bus (parent −1 = the station's busbar at the station). */
export function buildFeederSegments(city: CityModel, grid: CityGridModel): GridLineSegments {
  const w = new SegmentWriter(city.terrain, FEEDER_LIFT_M);
  for (let i = 0; i < grid.busCount; i++) {
    const p = grid.busParent[i] as number;
    const s = grid.busStation[i] as number;
    const x0 = p >= 0 ? (grid.busX[p] as number) : (grid.stationX[s] as number);
    const y0 = p >= 0 ? (grid.busY[p] as number) : (grid.stationY[s] as number);
    w.add(i, x0, y0, grid.busX[i] as number, grid.busY[i] as number);
  }
  return w.done();
}

/**
 * Writes the colours of line segments from their elements' loading (%): `core` = band colour, `glow` = band colour ×
 * loadingGlow (for additive blending: brighter with loading), both 0…1 floats, 6 per segment (start and end RGB).
 * Returns the highest band drawn (−1 when no element has data).
 */
export function paintLineColors(
  seg: GridLineSegments,
  loadingPct: ArrayLike<number> | null,
  core: Float32Array,
  glow: Float32Array,
  scratch: number[],
): number {
  let top = -1;
  for (let s = 0; s < seg.count; s++) {
    const e = seg.element[s] as number;
    const pct = loadingPct && e < loadingPct.length ? (loadingPct[e] as number) : Number.NaN;
    const band = loadingColor(pct, scratch);
    if (band > top) top = band;
    const k = loadingGlow(pct) / 255;
    const r = (scratch[0] as number) / 255;
    const g = (scratch[1] as number) / 255;
    const b = (scratch[2] as number) / 255;
    const o = s * 6;
    core[o] = core[o + 3] = r;
    core[o + 1] = core[o + 4] = g;
    core[o + 2] = core[o + 5] = b;
    glow[o] = glow[o + 3] = (scratch[0] as number) * k;
    glow[o + 1] = glow[o + 4] = (scratch[1] as number) * k;
    glow[o + 2] = glow[o + 5] = (scratch[2] as number) * k;
  }
  return top;
}
