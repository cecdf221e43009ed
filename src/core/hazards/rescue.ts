/**
 * Rescue resources of the response phase (docs: .tmp/doc-rescue.md → docs/resilience.md §rescue): which units the
 * city has, and a greedy dispatch of the nearest free unit to each task by road travel time.
 *
 * Units (constants below, each cited or stated as an assumption):
 *   - fire stations (PoiKind.fireStation): FIRE_ENGINES_PER_STATION engines + RESCUE_TEAMS_PER_STATION rescue teams;
 *   - hospitals (PoiKind.hospital): one ambulance per BEDS_PER_AMBULANCE beds, AMBULANCES_MIN..AMBULANCES_MAX;
 *   - drainage: PUMP_UNITS_PER_DEPOT pump units at each pumping station (PoiKind.pumpingStation), else one pooled
 *     depot (basePoi −1) of PUMP_UNITS_PER_DEPOT units at the centroid of every district.
 * Dispatch: tasks in priority order (higher first, ties by key); for each task one reversed shortest-path tree from
 * the task's road node (traffic/shortestPath.ts, Dijkstra 1959) at the current link times, closed links +∞; each
 * needed unit is the free unit of that kind with the least travel time (ties → lower unit index). A unit stays busy
 * until its hazard is over (release(hazardId)); unreachable units are never sent.
 */
import { PoiKind, type CityModel } from '../scene/types.ts';
import { buildForwardStar, type ForwardStar } from '../traffic/graph.ts';
import { createShortestPathTree, shortestPathTree, type ShortestPathTree } from '../traffic/shortestPath.ts';
import { FALLBACK_SPEED_KPH } from './evacuation.ts';
import type { RescueAssignment, RescueKind, Text2 } from './types.ts';

/**
 * Vehicles per fire station: 《城市消防站建设标准》建标152 消防站车库车位数: 一级普通消防站 5–7 (incl. 1 spare).
 * Split of the 5 vehicles into 4 engines + 1 rescue (抢险救援) vehicle with its crew: assumption.
 */
export const FIRE_ENGINES_PER_STATION = 4;
export const RESCUE_TEAMS_PER_STATION = 1;
/** Ambulances: one per 50 beds, at least 2 and at most 10 per hospital (assumption; beds unknown → minimum). */
export const BEDS_PER_AMBULANCE = 50;
export const AMBULANCES_MIN = 2;
export const AMBULANCES_MAX = 10;
/** Mobile drainage pump units per depot (assumption). */
export const PUMP_UNITS_PER_DEPOT = 8;
/** Most assignments kept per hazard (the protocol bound is MAX_RESCUE in protocol/hazardMessages.ts). */
export const MAX_RESCUE_PER_HAZARD = 120;

/** One unit of the city's rescue fleet. */
export interface RescueUnit {
  readonly kind: RescueKind;
  /** POI index of its base, or −1 for a pooled depot. */
  readonly basePoi: number;
  readonly baseX: number;
  readonly baseY: number;
  /** Road node it leaves from (−1: no road). */
  readonly node: number;
  /** Hazard it is working for, or null when free. */
  busyFor: string | null;
}

/** A task that needs units: where, how urgent, what, and which step of the cascade created it. */
export interface RescueTask {
  /** Stable key (ordering ties). */
  readonly key: string;
  /** Higher first (e.g. expected trapped people, or 1e9 for a fire). */
  readonly priority: number;
  readonly x: number;
  readonly y: number;
  readonly task: Text2;
  /** Units wanted per kind, in this order of dispatch. */
  readonly needs: readonly (readonly [RescueKind, number])[];
  /** Cascade node that created the task. */
  readonly cause: string;
}

/** An assignment with the cascade node that caused its task. */
export interface RescueDispatch {
  readonly assignment: RescueAssignment;
  readonly cause: string;
  /** Index into the fleet. */
  readonly unit: number;
}

interface RescueIndex {
  readonly reverse: ForwardStar;
  readonly tree: ShortestPathTree;
  readonly cost: Float64Array;
  readonly used: Uint8Array;
}
const indexCache = new WeakMap<CityModel, RescueIndex>();
function rescueIndex(city: CityModel): RescueIndex {
  let idx = indexCache.get(city);
  if (idx) return idx;
  const r = city.roads;
  const used = new Uint8Array(r.nodeCount);
  for (let l = 0; l < r.linkCount; l++) {
    used[r.linkFrom[l]!] = 1;
    used[r.linkTo[l]!] = 1;
  }
  idx = {
    reverse: buildForwardStar({
      nodeCount: r.nodeCount,
      linkCount: r.linkCount,
      from: r.linkTo,
      to: r.linkFrom,
    }),
    tree: createShortestPathTree(r.nodeCount),
    cost: new Float64Array(r.linkCount),
    used,
  };
  indexCache.set(city, idx);
  return idx;
}

/** Nearest road node to (x, y) among `mask`ed nodes (ties → lower index), −1 when none. */
function nearestNode(city: CityModel, mask: Uint8Array, x: number, y: number): number {
  const xy = city.roads.nodeXY;
  let best = -1;
  let bestD = Infinity;
  for (let n = 0; n < mask.length; n++) {
    if (mask[n] === 0) continue;
    const dx = xy[2 * n]! - x;
    const dy = xy[2 * n + 1]! - y;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}

/** The city's rescue fleet (see the file comment), in a fixed order: by POI index, then the pooled depots. */
export function rescueFleet(city: CityModel): RescueUnit[] {
  const idx = rescueIndex(city);
  const pois = city.pois;
  const units: RescueUnit[] = [];
  const add = (kind: RescueKind, basePoi: number, x: number, y: number, count: number): void => {
    const node = nearestNode(city, idx.used, x, y);
    for (let k = 0; k < count; k++) units.push({ kind, basePoi, baseX: x, baseY: y, node, busyFor: null });
  };
  let pumpStations = 0;
  for (let p = 0; p < pois.count; p++) {
    const x = pois.xy[2 * p]!;
    const y = pois.xy[2 * p + 1]!;
    const kind = pois.kind[p];
    if (kind === PoiKind.fireStation) {
      add('fireEngine', p, x, y, FIRE_ENGINES_PER_STATION);
      add('rescueTeam', p, x, y, RESCUE_TEAMS_PER_STATION);
    } else if (kind === PoiKind.hospital) {
      const n = Math.round(pois.capacity[p]! / BEDS_PER_AMBULANCE);
      add('ambulance', p, x, y, Math.min(AMBULANCES_MAX, Math.max(AMBULANCES_MIN, n)));
    } else if (kind === PoiKind.pumpingStation) {
      add('pumpUnit', p, x, y, PUMP_UNITS_PER_DEPOT);
      pumpStations++;
    }
  }
  if (pumpStations === 0) {
    // Pooled depot at each district's vertex centroid.
    const z = city.zones;
    for (let i = 0; i < z.count; i++) {
      if (z.level[i] !== 0) continue;
      const s = z.ringStart[z.polyStart[i]!]!;
      const e = z.ringStart[z.polyStart[i]! + 1]!;
      let sx = 0;
      let sy = 0;
      for (let k = s; k < e; k++) {
        sx += z.xy[2 * k]!;
        sy += z.xy[2 * k + 1]!;
      }
      if (e > s) add('pumpUnit', -1, sx / (e - s), sy / (e - s), PUMP_UNITS_PER_DEPOT);
    }
  }
  return units;
}

/** Frees every unit working for `hazardId`; returns how many. */
export function releaseRescue(units: RescueUnit[], hazardId: string): number {
  let n = 0;
  for (const u of units)
    if (u.busyFor === hazardId) {
      u.busyFor = null;
      n++;
    }
  return n;
}

/**
 * Dispatches free units of `units` to `tasks` (see the file comment), marking them busy for `hazardId`. Link cost:
 * linkTimeS[l] when finite and > 0, else lengthM / freeSpeedKph; closed[l] ≠ 0 → never used. Assignment ids are
 * `${hazardId}/R${seq}` from `firstSeq` upward. Pure apart from the units' busy flags.
 */
export function assignRescue(
  city: CityModel,
  units: RescueUnit[],
  tasks: readonly RescueTask[],
  linkTimeS: Float32Array | null,
  closed: Uint8Array | null,
  hazardId: string,
  simMs: number,
  firstSeq: number,
): RescueDispatch[] {
  const r = city.roads;
  if (linkTimeS !== null && linkTimeS.length < r.linkCount)
    throw new RangeError(
      `assignRescue: linkTimeS has ${linkTimeS.length} entries, the network ${r.linkCount}`,
    );
  if (closed !== null && closed.length < r.linkCount)
    throw new RangeError(`assignRescue: closed has ${closed.length} entries, the network ${r.linkCount}`);
  const idx = rescueIndex(city);
  const cost = idx.cost;
  // Nodes with an open link into them: a task's road node must be enterable.
  const open = new Uint8Array(r.nodeCount);
  for (let l = 0; l < r.linkCount; l++) {
    if (closed !== null && closed[l] !== 0) {
      cost[l] = Infinity;
      continue;
    }
    open[r.linkTo[l]!] = 1;
    const t = linkTimeS !== null ? linkTimeS[l]! : NaN;
    if (Number.isFinite(t) && t > 0) cost[l] = t;
    else {
      const v = r.freeSpeedKph[l]!;
      cost[l] = r.lengthM[l]! / ((v > 0 ? v : FALLBACK_SPEED_KPH) / 3.6);
    }
  }
  const order = [...tasks].sort((a, b) =>
    b.priority !== a.priority ? b.priority - a.priority : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const out: RescueDispatch[] = [];
  let seq = firstSeq;
  for (const task of order) {
    const target = nearestNode(city, open, task.x, task.y);
    if (target < 0) continue;
    const tree = shortestPathTree(idx.reverse, target, cost, idx.tree);
    for (const [kind, count] of task.needs) {
      for (let k = 0; k < count; k++) {
        if (out.length >= MAX_RESCUE_PER_HAZARD) return out;
        let best = -1;
        let bestT = Infinity;
        for (let u = 0; u < units.length; u++) {
          const unit = units[u]!;
          if (unit.kind !== kind || unit.busyFor !== null || unit.node < 0) continue;
          const d = tree.dist[unit.node]!;
          if (d < bestT) {
            bestT = d;
            best = u;
          }
        }
        if (best < 0) break;
        const unit = units[best]!;
        unit.busyFor = hazardId;
        const path: number[] = [];
        let v = unit.node;
        while (v !== target) {
          const l = tree.predLink[v]!;
          if (l < 0) break;
          const s = r.geomStart[l]!;
          const e = r.geomStart[l + 1]!;
          for (let g = path.length === 0 ? s : s + 1; g < e; g++)
            path.push(r.geomXY[2 * g]!, r.geomXY[2 * g + 1]!);
          v = r.linkTo[l]!;
        }
        if (path.length === 0) path.push(r.nodeXY[2 * target]!, r.nodeXY[2 * target + 1]!);
        const travelTimeS = Math.round(bestT * 10) / 10;
        out.push({
          assignment: {
            id: `${hazardId}/R${String(seq++).padStart(2, '0')}`,
            hazardId,
            kind,
            basePoi: unit.basePoi,
            task: task.task,
            x: task.x,
            y: task.y,
            path,
            travelTimeS,
            assignedMs: simMs,
            arriveMs: simMs + Math.round(travelTimeS * 1000),
          },
          cause: task.cause,
          unit: best,
        });
      }
    }
  }
  return out;
}
