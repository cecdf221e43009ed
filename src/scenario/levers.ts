/**
 * Building what-if levers from what the planner selected (pure: CityModel in, TrafficLever out). The core's
 * validateTrafficLever (src/core/traffic/whatIf.ts) has the last word on whether a lever is valid; these helpers only
 * find the right indices (the way of a bridge, the signalised node downstream of a link) and keep the list tidy.
 */
import { LinkFlag, type CityModel } from '../core/scene/types.ts';
import type { TrafficLever } from '../core/traffic/types.ts';

/** Demand change limits of a district lever, percent (the contract in src/core/traffic/types.ts). */
export const DEMAND_PCT_MIN = -100;
export const DEMAND_PCT_MAX = 200;
/** Green split limits g/C (the contract in src/core/traffic/types.ts). */
export const GREEN_RATIO_MIN = 0.1;
export const GREEN_RATIO_MAX = 0.9;

/** True when road link `link` is (part of) a bridge. */
export function isBridge(model: CityModel, link: number): boolean {
  return (
    link >= 0 && link < model.roads.linkCount && ((model.roads.flags[link] as number) & LinkFlag.bridge) !== 0
  );
}

/** The links of way `way`, in index order. */
export function linksOfWay(model: CityModel, way: number): number[] {
  const r = model.roads;
  const out: number[] = [];
  for (let i = 0; i < r.linkCount; i++) if ((r.linkWay[i] as number) === way) out.push(i);
  return out;
}

/** The signalised node at the downstream end of `link`, or null when that node has no signal. */
export function downstreamSignal(model: CityModel, link: number): number | null {
  const r = model.roads;
  if (link < 0 || link >= r.linkCount) return null;
  const node = r.linkTo[link] as number;
  return (r.nodeSignal[node] as number) === 1 ? node : null;
}

/** Indices of the zones that are districts (level 0), in zone order. */
export function districtZones(model: CityModel): number[] {
  const z = model.zones;
  const out: number[] = [];
  for (let i = 0; i < z.count; i++) if ((z.level[i] as number) === 0) out.push(i);
  return out;
}

/** Lever kinds a planner can build (the TrafficLever discriminants). */
export type LeverKind = TrafficLever['kind'];

/** What the lever form holds; numbers are as typed by the user. */
export interface LeverDraft {
  readonly kind: LeverKind;
  /** The selected road link (null when none is selected). */
  readonly link: number | null;
  readonly lanes: number;
  readonly zone: number | null;
  readonly pct: number;
  readonly greenRatio: number;
}

/** Why a draft cannot become a lever, as a dictionary-independent code (the panel words it in zh/en). */
export type DraftProblem = 'noLink' | 'noZone' | 'noSignal' | 'badNumber';

/** A lever from a form draft, or the reason there is none. Range checks are left to validateTrafficLever. */
export function leverFromDraft(
  model: CityModel,
  d: LeverDraft,
): { lever: TrafficLever } | { problem: DraftProblem } {
  switch (d.kind) {
    case 'closeLink':
      return d.link === null ? { problem: 'noLink' } : { lever: { kind: 'closeLink', link: d.link } };
    case 'closeWay':
      return d.link === null
        ? { problem: 'noLink' }
        : { lever: { kind: 'closeWay', way: model.roads.linkWay[d.link] as number } };
    case 'removeLanes':
      if (d.link === null) return { problem: 'noLink' };
      if (!Number.isInteger(d.lanes)) return { problem: 'badNumber' };
      return { lever: { kind: 'removeLanes', link: d.link, lanes: d.lanes } };
    case 'demandByDistrict':
      if (d.zone === null) return { problem: 'noZone' };
      if (!Number.isFinite(d.pct)) return { problem: 'badNumber' };
      return { lever: { kind: 'demandByDistrict', zone: d.zone, pct: d.pct } };
    case 'signalGreenSplit': {
      if (d.link === null) return { problem: 'noLink' };
      const node = downstreamSignal(model, d.link);
      if (node === null) return { problem: 'noSignal' };
      if (!Number.isFinite(d.greenRatio)) return { problem: 'badNumber' };
      return { lever: { kind: 'signalGreenSplit', node, link: d.link, greenRatio: d.greenRatio } };
    }
    default: {
      const never: never = d.kind;
      throw new Error(`unknown lever kind ${String(never)}`);
    }
  }
}

/** Identity of what a lever acts on: a newer lever on the same thing replaces the older one. */
export function leverKey(l: TrafficLever): string {
  switch (l.kind) {
    case 'closeLink':
      return `link:${l.link}:close`;
    case 'closeWay':
      return `way:${l.way}:close`;
    case 'removeLanes':
      return `link:${l.link}:lanes`;
    case 'demandByDistrict':
      return `zone:${l.zone}:demand`;
    case 'signalGreenSplit':
      return `node:${l.node}:link:${l.link}:green`;
    default: {
      const never: never = l;
      throw new Error(`unknown lever ${JSON.stringify(never)}`);
    }
  }
}

/** The list with `lever` added, replacing a lever on the same thing (same leverKey) in place. */
export function addLever(list: readonly TrafficLever[], lever: TrafficLever): TrafficLever[] {
  const key = leverKey(lever);
  const i = list.findIndex((l) => leverKey(l) === key);
  if (i < 0) return [...list, lever];
  const out = list.slice();
  out[i] = lever;
  return out;
}

/** The road links a lever closes outright (flow must drop to zero there). */
export function closedLinks(model: CityModel, levers: readonly TrafficLever[]): number[] {
  const out = new Set<number>();
  for (const l of levers) {
    if (l.kind === 'closeLink') out.add(l.link);
    else if (l.kind === 'closeWay') for (const i of linksOfWay(model, l.way)) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}
