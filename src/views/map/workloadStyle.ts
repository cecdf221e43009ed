/**
 * Work orders on the twin (一网统管, issue 6): the stage palette, the overdue halo and new-order pulse rules, the
 * per-grid-cell heat of open workload and the department field units — as pure data shared by the map
 * (workloadLayers.ts) and the 3D view (three/WorkOrders3D.tsx). No deck, no three: typed arrays in local metres.
 *
 * Data flow (DESIGN.md rule 3): `buildWorkloadFrame` re-derives everything from the store's `woOrders` only when
 * `woVersion` changed or once per wall second (SLA status moves with the sim clock); per frame only
 * `fieldUnitPositions` (one lerp per moving unit into a caller's buffer) and `pulseScale` (a uniform) run.
 */
import { NO_INDEX, PoiKind, type CityModel } from '../../core/scene/types.ts';
import { DEPARTMENTS } from '../../core/workload/taxonomy.ts';
import { slaStatus } from '../../core/workload/sla.ts';
import { STAGES, type Stage, type WorkOrder } from '../../core/workload/types.ts';
import type { Rgb } from '../../app/palette.ts';

/** Stages drawn on the twin: the open ones (closed and rejected orders leave the map). */
export const OPEN_STAGES = [
  'reported',
  'accepted',
  'dispatched',
  'inProgress',
  'handled',
  'verified',
] as const;

/**
 * Stage palette, in lifecycle order: warm (waiting on the control room) → purple (with a department) → blue (work
 * under way) → green/cyan (done, awaiting verification). The values are Apple's dark-mode system colours (Apple Human
 * Interface Guidelines, "Color", system colors, dark appearance: yellow, orange, purple, blue, green, cyan, gray),
 * chosen for contrast on a dark control-room basemap; red is kept for the overdue halo alone.
 */
export const STAGE_COLORS: Readonly<Record<Stage, Rgb>> = {
  reported: [255, 214, 10],
  accepted: [255, 159, 10],
  dispatched: [191, 90, 242],
  inProgress: [10, 132, 255],
  handled: [48, 209, 88],
  verified: [100, 210, 255],
  closed: [142, 142, 147],
  rejected: [99, 99, 102],
};

/** Overdue halo: a red ring round an order whose running SLA clock has passed its deadline (sla.ts slaStatus). */
export const OVERDUE_COLOR: Rgb = [255, 69, 58];
/** Marker radius (screen pixels) of an order on the map; the halo ring sits just outside it. */
export const ORDER_RADIUS_PIXELS = 5;
export const HALO_RADIUS_PIXELS = 10;
export const HALO_WIDTH_PIXELS = 2.5;

/**
 * An order is "new" (pulses) for this long after its report, in simulated time. ASSUMPTION: 15 simulated minutes —
 * the accept allowance of a priority-2 order (taxonomy.ts SLA_ACCEPT_MIN[1]) — so a fresh order pulses until the
 * control room should have accepted it.
 */
export const NEW_ORDER_WINDOW_MS = 15 * 60_000;
/** Pulse: a ring expanding from the marker to PULSE_MAX_SCALE × its radius and fading, once per PULSE_PERIOD_S. */
export const PULSE_PERIOD_S = 1.6;
export const PULSE_MAX_SCALE = 3;

/** Pulse ring scale and opacity (0–1) at wall time `tS` (seconds): a sawtooth, so one ring leaves per period. */
export function pulseScale(
  tS: number,
  out: { scale: number; alpha: number },
): { scale: number; alpha: number } {
  const ph = (((tS / PULSE_PERIOD_S) % 1) + 1) % 1;
  out.scale = 1 + (PULSE_MAX_SCALE - 1) * ph;
  out.alpha = 1 - ph;
  return out;
}

/**
 * Heat classes of open orders per grid cell: powers of two (1, 2–3, 4–7, 8–15, 16–31, ≥ 32), so the classes stay
 * readable from a quiet night (a few per cell) to a surge (tens per cell) without rescaling the legend. Colours:
 * ColorBrewer YlOrRd, 6 classes (Brewer & Harrower, ColorBrewer.org, 2003), a sequential scheme for counts.
 */
export const HEAT_BANDS: readonly { readonly min: number; readonly color: Rgb }[] = [
  { min: 1, color: [255, 255, 178] },
  { min: 2, color: [254, 217, 118] },
  { min: 4, color: [254, 178, 76] },
  { min: 8, color: [253, 141, 60] },
  { min: 16, color: [240, 59, 32] },
  { min: 32, color: [189, 0, 38] },
];
/** Heat fill opacity (0–255) on the map: the cell tints the ground without hiding roads and markers. */
export const HEAT_ALPHA = 110;

/** The heat class of `count` open orders (−1: none, not drawn). */
export function heatBand(count: number): number {
  let b = -1;
  for (let i = 0; i < HEAT_BANDS.length; i++) if (count >= (HEAT_BANDS[i] as { min: number }).min) b = i;
  return b;
}

/**
 * Field-unit travel. ASSUMPTION: 25 km/h mean urban driving speed of a service vehicle (the peak-hour road speed of
 * large Chinese cities is about 22–30 km/h; AutoNavi/高德, 中国主要城市交通分析报告 2023), over the straight-line
 * distance × 1.3 road circuity (Ballou, Rahardja & Sakai 2002, "Selected country circuity factors for road travel
 * distance estimation", Transportation Research A 36: factors 1.2–1.4). The unit is drawn on the straight line
 * from its base to the order (the road path is not known to the client), at the pace that gives that travel time.
 */
export const UNIT_SPEED_KPH = 25;
export const ROAD_CIRCUITY = 1.3;
/** Field-unit colour on the map / in 3D (white: distinct from every stage colour). */
export const UNIT_COLOR: Rgb = [236, 242, 250];
/** Departments' depots round a district centre sit on a ring of this radius (m), one angle per department. */
export const BASE_RING_M = 150;

/** Travel time (ms) of a field unit over the straight-line distance `distM`. */
export function unitTravelMs(distM: number): number {
  return ((distM * ROAD_CIRCUITY) / ((UNIT_SPEED_KPH * 1000) / 3600)) * 1000;
}

/**
 * Department bases (depots), deterministic per scene: Police ('ga') at the scene's police POIs; every other
 * department in each district at the district's centroid (mean of its outer ring's vertices) moved BASE_RING_M along
 * the angle 2π·k/12 of its position k in DEPARTMENTS, so the depots of one district do not overlap. With no districts
 * the grid cells' centroid stands in; with no zones either, the scene origin. A unit drives from its department's
 * base nearest to the order.
 */
export interface DepartmentBases {
  /** Department ids in DEPARTMENTS order. */
  readonly departments: readonly string[];
  /** Base range per department: bases start[d]..start[d+1]-1. */
  readonly start: Uint32Array;
  /** Interleaved x,y local metres. */
  readonly xy: Float32Array;
}

/** Places the department bases of a model (see DepartmentBases). */
export function departmentBases(model: Pick<CityModel, 'zones' | 'pois'>): DepartmentBases {
  const z = model.zones;
  const centres: number[] = [];
  const cellCentres: number[] = [];
  for (let i = 0; i < z.count; i++) {
    const r = z.polyStart[i] as number;
    const v0 = z.ringStart[r] as number;
    let v1 = z.ringStart[r + 1] as number;
    // A closed ring repeats its first vertex: leave it out of the mean.
    if (v1 - v0 > 1 && z.xy[v0 * 2] === z.xy[(v1 - 1) * 2] && z.xy[v0 * 2 + 1] === z.xy[(v1 - 1) * 2 + 1])
      v1--;
    let sx = 0;
    let sy = 0;
    for (let v = v0; v < v1; v++) {
      sx += z.xy[v * 2] as number;
      sy += z.xy[v * 2 + 1] as number;
    }
    const n = Math.max(1, v1 - v0);
    (z.level[i] === 0 ? centres : cellCentres).push(sx / n, sy / n);
  }
  if (centres.length === 0) {
    let sx = 0;
    let sy = 0;
    const n = cellCentres.length / 2;
    for (let k = 0; k < n; k++) {
      sx += cellCentres[k * 2] as number;
      sy += cellCentres[k * 2 + 1] as number;
    }
    centres.push(n > 0 ? sx / n : 0, n > 0 ? sy / n : 0);
  }
  const police: number[] = [];
  for (let i = 0; i < model.pois.count; i++)
    if (model.pois.kind[i] === PoiKind.police)
      police.push(model.pois.xy[i * 2] as number, model.pois.xy[i * 2 + 1] as number);
  const xy: number[] = [];
  const start = new Uint32Array(DEPARTMENTS.length + 1);
  DEPARTMENTS.forEach((d, k) => {
    start[k] = xy.length / 2;
    if (d.id === 'ga' && police.length > 0) {
      xy.push(...police);
      return;
    }
    const a = (2 * Math.PI * k) / 12;
    for (let c = 0; c < centres.length / 2; c++)
      xy.push(
        (centres[c * 2] as number) + BASE_RING_M * Math.cos(a),
        (centres[c * 2 + 1] as number) + BASE_RING_M * Math.sin(a),
      );
  });
  start[DEPARTMENTS.length] = xy.length / 2;
  return { departments: DEPARTMENTS.map((d) => d.id), start, xy: Float32Array.from(xy) };
}

/** Flag bits per drawn order. */
export const WoFlag = { overdue: 1, warning: 2, isNew: 4 } as const;

/** Unit phase: driving to the job, or at it (in progress). */
export const UnitPhase = { driving: 0, onSite: 1 } as const;

/** Everything both views draw of the work orders at one rebuild. */
export interface WorkloadFrame {
  /** The woVersion and the sim time (ms) it was built from. */
  readonly version: number;
  readonly nowMs: number;
  /** Open orders drawn: ids, local x,y, stage index (STAGES), flag bits (WoFlag), RGBA colour. */
  readonly count: number;
  readonly ids: readonly string[];
  readonly xy: Float32Array;
  readonly stage: Uint8Array;
  readonly flags: Uint8Array;
  readonly rgba: Uint8Array;
  /** Drawn-order indices of the overdue ones and of the new ones. */
  readonly overdue: Uint32Array;
  readonly fresh: Uint32Array;
  /** Open orders per scene zone (grid cells; districts stay 0), and the largest. */
  readonly cellOpen: Uint32Array;
  readonly cellMax: number;
  /** Field units: drawn-order index, base x,y, dispatch time (ms), travel time (ms), phase (UnitPhase). */
  readonly units: number;
  readonly unitOrder: Uint32Array;
  readonly unitFrom: Float32Array;
  readonly unitT0Ms: Float64Array;
  readonly unitTravelMs: Float32Array;
  readonly unitPhase: Uint8Array;
}

const STAGE_INDEX: Readonly<Record<Stage, number>> = Object.fromEntries(
  STAGES.map((s, i) => [s, i]),
) as Record<Stage, number>;
const isOpen = (s: Stage): boolean => s !== 'closed' && s !== 'rejected';

/**
 * Builds the frame of `orders` at sim time `nowMs`: open orders in map order, colour by stage, overdue/warning from
 * slaStatus, new ones (reported within NEW_ORDER_WINDOW_MS), per-cell open counts over `zoneCount` zones, and a field
 * unit for every dispatched or in-progress order with a department (from the nearest base of that department).
 */
export function buildWorkloadFrame(
  orders: ReadonlyMap<string, WorkOrder>,
  version: number,
  nowMs: number,
  zoneCount: number,
  bases: DepartmentBases,
): WorkloadFrame {
  let n = 0;
  for (const o of orders.values()) if (isOpen(o.stage)) n++;
  const ids: string[] = new Array<string>(n);
  const xy = new Float32Array(n * 2);
  const stage = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const rgba = new Uint8Array(n * 4);
  const cellOpen = new Uint32Array(zoneCount);
  const overdue: number[] = [];
  const fresh: number[] = [];
  const unitOrder: number[] = [];
  const unitFrom: number[] = [];
  const unitT0: number[] = [];
  const unitTravel: number[] = [];
  const unitPhase: number[] = [];
  let k = 0;
  for (const o of orders.values()) {
    if (!isOpen(o.stage)) continue;
    ids[k] = o.id;
    xy[k * 2] = o.x;
    xy[k * 2 + 1] = o.y;
    stage[k] = STAGE_INDEX[o.stage];
    const c = STAGE_COLORS[o.stage];
    rgba[k * 4] = c[0];
    rgba[k * 4 + 1] = c[1];
    rgba[k * 4 + 2] = c[2];
    rgba[k * 4 + 3] = 255;
    const sla = slaStatus(o, nowMs);
    let f = 0;
    if (sla.overdue) {
      f |= WoFlag.overdue;
      overdue.push(k);
    } else if (sla.warning) f |= WoFlag.warning;
    if (nowMs - o.createdMs < NEW_ORDER_WINDOW_MS && nowMs >= o.createdMs) {
      f |= WoFlag.isNew;
      fresh.push(k);
    }
    flags[k] = f;
    if (o.gridCell >= 0 && o.gridCell < zoneCount && o.gridCell !== NO_INDEX)
      cellOpen[o.gridCell] = (cellOpen[o.gridCell] as number) + 1;
    if ((o.stage === 'dispatched' || o.stage === 'inProgress') && o.department !== null) {
      const d = bases.departments.indexOf(o.department);
      const b0 = d >= 0 ? (bases.start[d] as number) : 0;
      const b1 = d >= 0 ? (bases.start[d + 1] as number) : 0;
      if (b1 > b0) {
        let best = b0;
        let bestD2 = Infinity;
        for (let b = b0; b < b1; b++) {
          const dx = (bases.xy[b * 2] as number) - o.x;
          const dy = (bases.xy[b * 2 + 1] as number) - o.y;
          const d2 = dx * dx + dy * dy;
          if (d2 < bestD2) {
            bestD2 = d2;
            best = b;
          }
        }
        unitOrder.push(k);
        unitFrom.push(bases.xy[best * 2] as number, bases.xy[best * 2 + 1] as number);
        unitT0.push(Number.isFinite(o.dispatchedMs) ? o.dispatchedMs : o.stageSinceMs);
        unitTravel.push(unitTravelMs(Math.sqrt(bestD2)));
        unitPhase.push(o.stage === 'inProgress' ? UnitPhase.onSite : UnitPhase.driving);
      }
    }
    k++;
  }
  let cellMax = 0;
  for (let i = 0; i < zoneCount; i++) if ((cellOpen[i] as number) > cellMax) cellMax = cellOpen[i] as number;
  return {
    version,
    nowMs,
    count: n,
    ids,
    xy,
    stage,
    flags,
    rgba,
    overdue: Uint32Array.from(overdue),
    fresh: Uint32Array.from(fresh),
    cellOpen,
    cellMax,
    units: unitOrder.length,
    unitOrder: Uint32Array.from(unitOrder),
    unitFrom: Float32Array.from(unitFrom),
    unitT0Ms: Float64Array.from(unitT0),
    unitTravelMs: Float32Array.from(unitTravel),
    unitPhase: Uint8Array.from(unitPhase),
  };
}

/**
 * Writes the field units' positions at sim time `nowMs` into `out` (x,y per unit, local metres; length ≥ 2·units):
 * a driving unit is at base + min(1, (now − dispatched) / travel) · (order − base) and waits at the order once there;
 * an on-site unit is at the order. Returns how many are still driving. No allocation (runs per frame).
 */
export function fieldUnitPositions(f: WorkloadFrame, nowMs: number, out: Float32Array): number {
  let driving = 0;
  for (let u = 0; u < f.units; u++) {
    const k = f.unitOrder[u] as number;
    const tx = f.xy[k * 2] as number;
    const ty = f.xy[k * 2 + 1] as number;
    let s = 1;
    if (f.unitPhase[u] === UnitPhase.driving) {
      const tr = f.unitTravelMs[u] as number;
      s = tr > 0 ? (nowMs - (f.unitT0Ms[u] as number)) / tr : 1;
      if (s < 0) s = 0;
      if (s < 1) driving++;
      else s = 1;
    }
    const fx = f.unitFrom[u * 2] as number;
    const fy = f.unitFrom[u * 2 + 1] as number;
    out[u * 2] = fx + s * (tx - fx);
    out[u * 2 + 1] = fy + s * (ty - fy);
  }
  return driving;
}

/** The drawn index of order `id` in a frame (−1 when not drawn). Linear: for probes and selection, not per frame. */
export function drawnIndexOf(f: WorkloadFrame, id: string): number {
  return f.ids.indexOf(id);
}
