/**
 * Building energy what-if levers from what the planner selected (pure: CityModel + CityGridModel in, EnergyLever
 * out). A selection names what an N-1 lever trips (a station, an HV line, a feeder bus's upstream section, a feeder's
 * head section) and where added PV or storage connects (the nearest feeder bus, gridModel.ts nearestBus). The
 * core's validateEnergyLever (src/core/energy/city/whatIf.ts) has the last word on whether a lever is valid.
 */
import { nearestBus, type CityGridModel } from '../core/energy/city/gridModel.ts';
import type { StorageStrategy } from '../core/energy/city/dispatch.ts';
import type { EnergyLever } from '../core/energy/city/whatIf.ts';
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { Selection } from '../state/selectionSlice.ts';

/** What a selection means to the energy what-if. */
export interface EnergyTarget {
  /** The grid element the selection stands for (a scene station asset maps to its station), or null for a place. */
  readonly element: { readonly kind: EnergyAssetKind; readonly index: number } | null;
  /** The N-1 lever that takes it out of service, or null (a PV or storage unit, a building: nothing to trip). */
  readonly trip: EnergyLever | null;
  /** Feeder bus where PV or storage added here connects, or null when the model has no feeder bus. */
  readonly bus: number | null;
}

/** Feeder bus nearest to (x, y) scene metres, or null when the model has none. */
function busNear(grid: CityGridModel, x: number, y: number): number | null {
  const b = nearestBus(grid, x, y);
  return b >= 0 ? b : null;
}

/** The head bus of feeder `f` (its first section leaves the station busbar), or −1. */
export function feederHeadBus(grid: CityGridModel, f: number): number {
  for (let i = 0; i < grid.busCount; i++) if (grid.busFeeder[i] === f && grid.busParent[i]! < 0) return i;
  return -1;
}

/** Mean of the outer ring's vertices of building `b`, scene metres (out = [x, y]). */
function buildingCentre(city: CityModel, b: number, out: number[]): void {
  const B = city.buildings;
  const ring = B.polyStart[b]!;
  const v0 = B.ringStart[ring]!;
  const v1 = B.ringStart[ring + 1]!;
  let sx = 0;
  let sy = 0;
  for (let v = v0; v < v1; v++) {
    sx += B.xy[2 * v]!;
    sy += B.xy[2 * v + 1]!;
  }
  const n = Math.max(1, v1 - v0);
  out[0] = sx / n;
  out[1] = sy / n;
}

const inRange = (i: number, n: number): boolean => Number.isInteger(i) && i >= 0 && i < n;

/** The station target of station `s`. */
function stationTarget(grid: CityGridModel, s: number): EnergyTarget {
  return {
    element: { kind: 'station', index: s },
    trip: { kind: 'tripStation', station: s },
    bus: busNear(grid, grid.stationX[s]!, grid.stationY[s]!),
  };
}

/** What `sel` means to the energy what-if, or null when it means nothing (a road link, an incident, out of range). */
export function energyTargetOf(
  city: CityModel,
  grid: CityGridModel,
  sel: Selection | null,
): EnergyTarget | null {
  if (!sel) return null;
  switch (sel.kind) {
    case 'energy': {
      const i = sel.index;
      switch (sel.asset) {
        case 'station':
          return inRange(i, grid.stationCount) ? stationTarget(grid, i) : null;
        case 'bus':
          return inRange(i, grid.busCount)
            ? { element: { kind: 'bus', index: i }, trip: { kind: 'tripSection', bus: i }, bus: i }
            : null;
        case 'feeder': {
          if (!inRange(i, grid.feederCount)) return null;
          const head = feederHeadBus(grid, i);
          return head < 0
            ? { element: { kind: 'feeder', index: i }, trip: null, bus: null }
            : { element: { kind: 'feeder', index: i }, trip: { kind: 'tripSection', bus: head }, bus: head };
        }
        case 'hvLine':
          return inRange(i, grid.hvLineCount)
            ? { element: { kind: 'hvLine', index: i }, trip: { kind: 'tripHvLine', hvLine: i }, bus: null }
            : null;
        case 'storage':
        case 'pv': {
          const set = sel.asset === 'storage' ? grid.storage : grid.pv;
          if (!inRange(i, set.count)) return null;
          const b = set.bus[i]!;
          const s = set.station[i]!;
          return {
            element: { kind: sel.asset, index: i },
            trip: null,
            bus: b >= 0 ? b : busNear(grid, grid.stationX[s]!, grid.stationY[s]!),
          };
        }
        default: {
          const never: never = sel.asset;
          throw new Error(`unknown energy asset kind ${String(never)}`);
        }
      }
    }
    case 'power': {
      const a = sel.index;
      if (!inRange(a, city.power.count)) return null;
      const s = grid.stationAsset.indexOf(a);
      if (s >= 0) return stationTarget(grid, s);
      return {
        element: null,
        trip: null,
        bus: busNear(grid, city.power.xy[2 * a]!, city.power.xy[2 * a + 1]!),
      };
    }
    case 'building': {
      const b = sel.index;
      if (!inRange(b, city.buildings.count)) return null;
      const served = grid.buildingBus[b] ?? -1;
      if (served >= 0) return { element: null, trip: null, bus: served };
      const c = [0, 0];
      buildingCentre(city, b, c);
      return { element: null, trip: null, bus: busNear(grid, c[0]!, c[1]!) };
    }
    case 'link':
    case 'sensor':
    case 'poi':
    case 'incident':
    case 'workOrder':
    case 'hazard':
    case 'cascade':
      return null;
    default: {
      const never: never = sel;
      throw new Error(`unknown selection ${JSON.stringify(never)}`);
    }
  }
}

/** Lever kinds the planner builds (the trip kinds come from the target, so the form has one "trip" button). */
export type EnergyDraftKind = 'trip' | 'addPv' | 'addStorage' | 'evGrowth' | 'heatWave' | 'storageStrategy';

/** What the lever form holds; numbers are as typed by the user. */
export interface EnergyLeverDraft {
  readonly kind: EnergyDraftKind;
  readonly target: EnergyTarget | null;
  readonly pvMw: number;
  readonly storageMw: number;
  readonly storageMwh: number;
  readonly evPct: number;
  readonly heatPct: number;
  readonly strategy: StorageStrategy;
}

/** Why a draft cannot become a lever, as a dictionary-independent code (the panel words it in zh/en). */
export type EnergyDraftProblem = 'noTrip' | 'noPlace' | 'badNumber';

/** A lever from a form draft, or the reason there is none. Range checks are left to validateEnergyLever. */
export function energyLeverFromDraft(
  d: EnergyLeverDraft,
): { lever: EnergyLever } | { problem: EnergyDraftProblem } {
  switch (d.kind) {
    case 'trip':
      return d.target?.trip ? { lever: d.target.trip } : { problem: 'noTrip' };
    case 'addPv':
      if (d.target?.bus == null) return { problem: 'noPlace' };
      if (!Number.isFinite(d.pvMw)) return { problem: 'badNumber' };
      return { lever: { kind: 'addPv', bus: d.target.bus, mw: d.pvMw } };
    case 'addStorage':
      if (d.target?.bus == null) return { problem: 'noPlace' };
      if (!Number.isFinite(d.storageMw) || !Number.isFinite(d.storageMwh)) return { problem: 'badNumber' };
      return { lever: { kind: 'addStorage', bus: d.target.bus, mw: d.storageMw, mwh: d.storageMwh } };
    case 'evGrowth':
      return Number.isFinite(d.evPct)
        ? { lever: { kind: 'evGrowth', pct: d.evPct } }
        : { problem: 'badNumber' };
    case 'heatWave':
      return Number.isFinite(d.heatPct)
        ? { lever: { kind: 'heatWave', pct: d.heatPct } }
        : { problem: 'badNumber' };
    case 'storageStrategy':
      return { lever: { kind: 'storageStrategy', strategy: d.strategy } };
    default: {
      const never: never = d.kind;
      throw new Error(`unknown lever kind ${String(never)}`);
    }
  }
}

/** Identity of what a lever acts on: a newer lever on the same thing replaces the older one. */
export function energyLeverKey(l: EnergyLever): string {
  switch (l.kind) {
    case 'tripLine':
      return `line:${l.line}:trip`;
    case 'tripHvLine':
      return `hvLine:${l.hvLine}:trip`;
    case 'tripSection':
      return `bus:${l.bus}:trip`;
    case 'tripStation':
      return `station:${l.station}:trip`;
    case 'addPv':
      return `bus:${l.bus}:pv`;
    case 'addStorage':
      return `bus:${l.bus}:storage`;
    // City-wide levers: one of each (two heat waves would multiply; the planner means the last one typed).
    case 'evGrowth':
    case 'heatWave':
    case 'storageStrategy':
      return `city:${l.kind}`;
    default: {
      const never: never = l;
      throw new Error(`unknown lever ${JSON.stringify(never)}`);
    }
  }
}

/** The list with `lever` added, replacing a lever on the same thing (same energyLeverKey) in place. */
export function addEnergyLever(list: readonly EnergyLever[], lever: EnergyLever): EnergyLever[] {
  const key = energyLeverKey(lever);
  const i = list.findIndex((l) => energyLeverKey(l) === key);
  if (i < 0) return [...list, lever];
  const out = list.slice();
  out[i] = lever;
  return out;
}

const DAY_MS = 86_400_000;

/** Local midnight (UTC offset `utcOffsetMin`) that starts the day of `simTimeMs`, ms since the Unix epoch. */
export function localDayStartMs(simTimeMs: number, utcOffsetMin: number): number {
  const off = utcOffsetMin * 60_000;
  return Math.floor((simTimeMs + off) / DAY_MS) * DAY_MS - off;
}
