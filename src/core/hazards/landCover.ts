/**
 * Land cover of the flood grid: what each cell is (from the scene's area polygons), its SCS curve number, Manning's n
 * and the design return period of its storm drains — the tables of the flood model, each value with its source.
 */
import type { PolygonSet } from '../scene/types.ts';
import { AreaKind } from '../scene/types.ts';

/** Cover classes of flood cells (stored as Uint8). `street` = land no area polygon covers: streets and verges. */
export const FloodCover = {
  street: 0,
  water: 1,
  park: 2,
  residential: 3,
  commercial: 4,
  industrial: 5,
  institutional: 6,
  transport: 7,
  other: 8,
} as const;
export type FloodCover = (typeof FloodCover)[keyof typeof FloodCover];
export const FLOOD_COVER_COUNT = 9;

/** The cover class of an AreaKind. */
export function coverOfArea(kind: number): FloodCover {
  switch (kind) {
    case AreaKind.water:
      return FloodCover.water;
    case AreaKind.park:
      return FloodCover.park;
    case AreaKind.residential:
      return FloodCover.residential;
    case AreaKind.commercial:
      return FloodCover.commercial;
    case AreaKind.industrial:
      return FloodCover.industrial;
    case AreaKind.institutional:
      return FloodCover.institutional;
    case AreaKind.transport:
      return FloodCover.transport;
    default:
      return FloodCover.other;
  }
}

/** Hydrologic soil groups of TR-55 (A: sand … D: clay). */
export type SoilGroup = 'A' | 'B' | 'C' | 'D';

/**
 * Runoff curve numbers of urban areas, TR-55 Table 2-2a (USDA NRCS 1986, "Urban Hydrology for Small Watersheds",
 * Technical Release 55, 2nd ed.), antecedent runoff condition II, for hydrologic soil groups [A, B, C, D]:
 * - street: "Streets and roads: paved; open ditches (including right-of-way)" 83/89/92/93
 * - park: "Open space, good condition (grass cover > 75 %)" 39/61/74/80
 * - residential: "Residential districts by average lot size, 1/8 acre or less (town houses), 65 % impervious"
 *   77/85/90/92 (Chinese residential compounds are at least this dense)
 * - commercial: "Urban districts: commercial and business, 85 % impervious" 89/92/94/95
 * - industrial: "Urban districts: industrial, 72 % impervious" 81/88/91/93
 * - institutional: "Residential districts, 1/4 acre, 38 % impervious" 61/75/83/87 (school and hospital grounds: part
 *   lawn, part paved — the table has no own row for them; this row matches their imperviousness)
 * - transport: "Impervious areas: paved parking lots, roofs, driveways" 98/98/98/98
 * - other: as street.
 * Water is a sink (CN 100: everything that falls is runoff). Building roofs are 98 (the impervious row).
 */
export const CURVE_NUMBER: Readonly<Record<FloodCover, readonly [number, number, number, number]>> = {
  [FloodCover.street]: [83, 89, 92, 93],
  [FloodCover.water]: [100, 100, 100, 100],
  [FloodCover.park]: [39, 61, 74, 80],
  [FloodCover.residential]: [77, 85, 90, 92],
  [FloodCover.commercial]: [89, 92, 94, 95],
  [FloodCover.industrial]: [81, 88, 91, 93],
  [FloodCover.institutional]: [61, 75, 83, 87],
  [FloodCover.transport]: [98, 98, 98, 98],
  [FloodCover.other]: [83, 89, 92, 93],
};
/** Impervious surfaces (roofs, paving), TR-55 Table 2-2a. */
export const CN_IMPERVIOUS = 98;

/** Curve number of a cover class for a soil group. */
export function curveNumberOf(cover: FloodCover, hsg: SoilGroup): number {
  return CURVE_NUMBER[cover][hsg === 'A' ? 0 : hsg === 'B' ? 1 : hsg === 'C' ? 2 : 3];
}

/**
 * Manning's n of the surface, s·m^(−1/3). Urban 2D flood models use n = 0.02 on roads and paved ground and 0.05
 * elsewhere (the values prescribed for the urban test 8A of Néelz & Pender 2013, "Benchmarking the latest generation
 * of 2D hydraulic modelling packages", Environment Agency report SC120002); water: 0.030 (Chow 1959, Open-Channel
 * Hydraulics, Table 5-6, main channels, clean and straight, normal).
 */
export const MANNING_N: Readonly<Record<FloodCover, number>> = {
  [FloodCover.street]: 0.02,
  [FloodCover.water]: 0.03,
  [FloodCover.park]: 0.05,
  [FloodCover.residential]: 0.05,
  [FloodCover.commercial]: 0.05,
  [FloodCover.industrial]: 0.05,
  [FloodCover.institutional]: 0.05,
  [FloodCover.transport]: 0.02,
  [FloodCover.other]: 0.05,
};

/**
 * Design return periods of storm drains, years, from GB 50014-2021《室外排水设计标准》Table 4.1.3 (雨水管渠设计重现期)
 * for 超大城市/特大城市: 中心城区 3–5, 非中心城区 2–3, 中心城区的重要地区 5–10. We take the lower bound of each range
 * (what most existing networks were built to): a district's land 3 a, its commercial core (重要地区) 5 a, land outside
 * every district 2 a.
 */
export const DRAIN_RETURN_PERIOD_YEARS = { district: 3, important: 5, outside: 2 } as const;

/**
 * Duration at which the drain design intensity is read off the storm formula, min. GB 50014 sizes a pipe with the
 * intensity at the catchment's concentration time t = t₁ + t₂ (inlet time 5–15 min plus pipe travel time); 30 min is a
 * district-scale concentration time.
 */
export const DRAIN_DESIGN_DURATION_MIN = 30;

/**
 * Runoff coefficient the pipes are sized for: GB 50014-2006 (2016 ed.) Table 3.2.2-2 综合径流系数, 城镇建筑密集区
 * 0.60–0.70 — the midpoint. Drain capacity = ψ · i(P, t) (the design runoff of the cell's own area).
 */
export const DRAIN_RUNOFF_COEFF = 0.65;

/**
 * Fills cells whose centre lies inside feature `f` of a PolygonSet (even-odd over all its rings, so holes stay out),
 * calling `visit(cellIndex)` for each. Grid: nx × ny cells of `cellM`, centre of cell (0, 0) at (x0, y0).
 */
export function rasterizePolygon(
  set: PolygonSet,
  f: number,
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  cellM: number,
  visit: (k: number) => void,
): void {
  const r0 = set.polyStart[f]!;
  const r1 = set.polyStart[f + 1]!;
  const xy = set.xy;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = set.ringStart[r0]!; v < set.ringStart[r1]!; v++) {
    const y = xy[2 * v + 1]!;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const j0 = Math.max(0, Math.ceil((minY - y0) / cellM));
  const j1 = Math.min(ny - 1, Math.floor((maxY - y0) / cellM));
  const xs: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const yc = y0 + j * cellM;
    xs.length = 0;
    for (let r = r0; r < r1; r++) {
      const a = set.ringStart[r]!;
      const b = set.ringStart[r + 1]!;
      for (let v = a; v < b; v++) {
        const w = v + 1 < b ? v + 1 : a;
        const ya = xy[2 * v + 1]!;
        const yb = xy[2 * w + 1]!;
        // Half-open rule: an edge counts when yc is in [min, max) so shared vertices are not counted twice.
        if (ya <= yc !== yb <= yc) {
          const xa = xy[2 * v]!;
          const xb = xy[2 * w]!;
          xs.push(xa + ((yc - ya) / (yb - ya)) * (xb - xa));
        }
      }
    }
    xs.sort((p, q) => p - q);
    for (let s = 0; s + 1 < xs.length; s += 2) {
      const i0 = Math.max(0, Math.ceil((xs[s]! - x0) / cellM));
      const i1 = Math.min(nx - 1, Math.ceil((xs[s + 1]! - x0) / cellM) - 1);
      for (let i = i0; i <= i1; i++) visit(j * nx + i);
    }
  }
}
