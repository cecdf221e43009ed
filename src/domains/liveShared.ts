/**
 * Helpers shared by the domains' live sides (src/domains/<d>/live.ts): the scene's zones as the drill-down sees them
 * (count, centre, name, point → grid cell → district), cached per model, and a memo for KPIs derived from the store.
 * The scene comes from the holder (src/app/sceneHolder.ts), never from the store (its typed arrays are not state).
 */
import { getModel } from '../app/sceneHolder.ts';
import { gridCellIndex } from '../core/workload/arrivals.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { Text2 } from '../core/hazards/types.ts';

interface ZoneCache {
  readonly model: CityModel;
  /** Centre of each zone (mean of its outer ring's vertices), scene metres. */
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  cellAt: ((x: number, y: number) => number) | null;
}

let cache: ZoneCache | null = null;

function zonesOf(model: CityModel): ZoneCache {
  if (cache !== null && cache.model === model) return cache;
  const z = model.zones;
  const cx = new Float64Array(z.count);
  const cy = new Float64Array(z.count);
  for (let i = 0; i < z.count; i++) {
    const r0 = z.polyStart[i] as number;
    const a = z.ringStart[r0] as number;
    const e = z.ringStart[r0 + 1] as number;
    let sx = 0;
    let sy = 0;
    // A closed ring repeats its first vertex: leave the repeat out of the mean.
    const n =
      e - a > 1 && z.xy[2 * a] === z.xy[2 * (e - 1)] && z.xy[2 * a + 1] === z.xy[2 * (e - 1) + 1]
        ? e - a - 1
        : e - a;
    for (let v = a; v < a + n; v++) {
      sx += z.xy[2 * v] as number;
      sy += z.xy[2 * v + 1] as number;
    }
    cx[i] = n > 0 ? sx / n : NaN;
    cy[i] = n > 0 ? sy / n : NaN;
  }
  cache = { model, cx, cy, cellAt: null };
  return cache;
}

/** The scene now, or null before it has loaded. */
export function sceneNow(): CityModel | null {
  return getModel();
}

/** A Float64Array of NaN, one per zone of the scene (empty when no scene is loaded). */
export function zoneValues(): Float64Array {
  const m = getModel();
  return new Float64Array(m === null ? 0 : m.zones.count).fill(NaN);
}

/** Per zone of the scene: `fill` for the zones of `level`, NaN for the others (a count that starts at 0). */
export function levelValues(level: 0 | 1, fill: number): Float64Array {
  const m = getModel();
  const v = new Float64Array(m === null ? 0 : m.zones.count).fill(NaN);
  if (m !== null) for (let z = 0; z < v.length; z++) if (m.zones.level[z] === level) v[z] = fill;
  return v;
}

/** Centre of zone `z` (scene metres), or null when out of range / no scene. */
export function zoneCentre(z: number): { x: number; y: number } | null {
  const m = getModel();
  if (m === null || !(z >= 0 && z < m.zones.count)) return null;
  const c = zonesOf(m);
  const x = c.cx[z] as number;
  const y = c.cy[z] as number;
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/** Half the diagonal of zone `z`'s bounding box, metres (how far a camera stands back to see it), or null. */
export function zoneRadiusM(z: number): number | null {
  const m = getModel();
  if (m === null || !(z >= 0 && z < m.zones.count)) return null;
  const zs = m.zones;
  const a = zs.ringStart[zs.polyStart[z] as number] as number;
  const e = zs.ringStart[zs.polyStart[z + 1] as number] as number;
  if (!(e > a)) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let v = a; v < e; v++) {
    const x = zs.xy[2 * v] as number;
    const y = zs.xy[2 * v + 1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return Math.hypot(x1 - x0, y1 - y0) / 2;
}

/** Zone indices of a level, in scene order; with `parent`, only the grid cells of that district. */
export function zonesOfLevel(level: 0 | 1, parent?: number): number[] {
  const m = getModel();
  if (m === null) return [];
  const out: number[] = [];
  for (let z = 0; z < m.zones.count; z++) {
    if (m.zones.level[z] !== level) continue;
    if (parent !== undefined && m.zones.parent[z] !== parent) continue;
    out.push(z);
  }
  return out;
}

/** The name of zone `z` in both languages (its source id, or "#z", when the scene names none). */
export function zoneName(z: number): Text2 {
  const m = getModel();
  const n = m?.zones.names.get(z);
  const plain = n?.name ?? m?.zones.sourceId[z] ?? `#${z}`;
  return { zh: n?.zh ?? n?.en ?? plain, en: n?.en ?? n?.zh ?? plain };
}

/** The grid cell (zone index of level 1) containing (x, y), or −1. */
export function cellAt(x: number, y: number): number {
  const m = getModel();
  if (m === null) return -1;
  const c = zonesOf(m);
  if (c.cellAt === null) {
    const idx = gridCellIndex(m.zones);
    c.cellAt = (px, py) => idx.cellAt(px, py);
  }
  return c.cellAt(x, y);
}

/** The district (zone index of level 0) of a grid cell, or −1. */
export function districtOfCell(cell: number): number {
  const m = getModel();
  if (m === null || !(cell >= 0 && cell < m.zones.count)) return -1;
  const p = m.zones.parent[cell] as number;
  return p === 0xffffffff || p >= m.zones.count ? -1 : p;
}

/** The zone of level `level` containing (x, y), or −1. */
export function zoneAt(x: number, y: number, level: 0 | 1): number {
  const cell = cellAt(x, y);
  return level === 1 ? cell : districtOfCell(cell);
}

/**
 * A one-slot memo: `derive(key…)` runs again only when one of the keys changed (by identity), so a KPI the modes read
 * on every render costs one comparison between store updates.
 */
export function memo1<K extends readonly unknown[], V>(derive: (...k: K) => V): (...k: K) => V {
  let last: K | null = null;
  let value: V;
  return (...k: K): V => {
    if (last === null || last.length !== k.length || last.some((x, i) => x !== k[i])) {
      value = derive(...k);
      last = k;
    }
    return value;
  };
}
