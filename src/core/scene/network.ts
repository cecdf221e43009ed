/**
 * Road lines → the directed, routable RoadNetwork (src/core/scene/types.ts). Nodes sit at line ends and wherever
 * lines share a vertex (vertices quantised to 1 cm in local metres); each stretch between consecutive nodes becomes
 * one link per allowed direction, carrying its polyline. Lanes, free-flow speed and capacity come from the tags or
 * from the class tables below (docs/gis-tags.md "Roads").
 */
import { LinkFlag, RoadClass } from './types.ts';
import type { FeatureName, RoadNetwork } from './types.ts';
import type { Oneway } from '../gis/values.ts';

/**
 * Default lanes per direction by class: urban cross-sections of CJJ 37-2012 (城市道路工程设计规范) — 快速路/主干路
 * two-way 6–8 lanes, 次干路 4, 支路 2 — mapped onto OSM classes as commonly tagged in Chinese cities.
 */
export const DEFAULT_LANES: Readonly<Record<RoadClass, number>> = {
  [RoadClass.motorway]: 3,
  [RoadClass.trunk]: 3,
  [RoadClass.primary]: 3,
  [RoadClass.secondary]: 2,
  [RoadClass.tertiary]: 2,
  [RoadClass.residential]: 1,
  [RoadClass.service]: 1,
  [RoadClass.link]: 1,
  [RoadClass.unclassified]: 1,
};

/**
 * Default free-flow speed by class, km/h: the design speeds of CJJ 37-2012 §3.2 (快速路 60–100, 主干路 40–60,
 * 次干路 30–50, 支路 20–40), upper values for the urban grades, 80 for 快速路 (urban expressway).
 */
export const DEFAULT_SPEED_KPH: Readonly<Record<RoadClass, number>> = {
  [RoadClass.motorway]: 80,
  [RoadClass.trunk]: 60,
  [RoadClass.primary]: 60,
  [RoadClass.secondary]: 50,
  [RoadClass.tertiary]: 40,
  [RoadClass.residential]: 30,
  [RoadClass.service]: 20,
  [RoadClass.link]: 40,
  [RoadClass.unclassified]: 30,
};

/**
 * Design capacity of one lane by class, pcu/h: CJJ 37-2012 一条车道的设计通行能力 — Table 4.2.2 for 快速路 (80 km/h:
 * 1750) and Table 4.2.3 for other grades by design speed (60 km/h: 1400, 50: 1350, 40: 1300, 30: 1300, 20: 1100).
 * Each class uses the value of its default design speed above. (HCM 2010 uses a 1900 pcu/h/ln base saturation flow
 * at signals; CJJ's lower design values already include typical urban interference.)
 */
export const CAPACITY_PER_LANE_VPH: Readonly<Record<RoadClass, number>> = {
  [RoadClass.motorway]: 1750,
  [RoadClass.trunk]: 1400,
  [RoadClass.primary]: 1400,
  [RoadClass.secondary]: 1350,
  [RoadClass.tertiary]: 1300,
  [RoadClass.residential]: 1300,
  [RoadClass.service]: 1100,
  [RoadClass.link]: 1300,
  [RoadClass.unclassified]: 1300,
};

/** Vertices are merged into one node when they round to the same centimetre. */
const QUANT_PER_M = 100;
const QOFF = 2 ** 25;

/** One road line (or one part of a MultiLineString) in local metres, with the attributes of its source way. */
export interface RoadPiece {
  /** Interleaved x,y metres, ≥ 2 vertices. */
  readonly xy: Float64Array;
  /** Index into the `ways` list given to {@link buildNetwork}. */
  readonly way: number;
  readonly roadClass: RoadClass;
  readonly oneway: Oneway;
  readonly lanesForward: number | null;
  readonly lanesBackward: number | null;
  readonly speedKph: number | null;
  readonly isBridge: boolean;
  readonly isTunnel: boolean;
  readonly isBusRoute: boolean;
}

/** The network plus, per link, whether it runs against its way's drawing direction (for sensor placement). */
export interface BuiltNetwork {
  readonly network: RoadNetwork;
  /** 1 when link i runs against the drawing direction of its way. */
  readonly linkReversed: Uint8Array;
  readonly lanesDerived: number;
  readonly speedsDerived: number;
}

function quantKey(x: number, y: number): number {
  const qx = Math.round(x * QUANT_PER_M) + QOFF;
  const qy = Math.round(y * QUANT_PER_M) + QOFF;
  if (qx < 0 || qy < 0 || qx >= 2 * QOFF || qy >= 2 * QOFF) {
    throw new RangeError(
      `road vertex (${x.toFixed(0)}, ${y.toFixed(0)}) m is more than 335 km from the scene origin`,
    );
  }
  return qx * 2 ** 26 + qy;
}

/** Builds the directed network from road pieces; `ways` are the source lines the pieces refer to. */
export function buildNetwork(
  pieces: readonly RoadPiece[],
  ways: readonly { readonly sourceId: string; readonly name?: FeatureName }[],
): BuiltNetwork {
  // Pass 1: how many line vertices fall on each quantised position (a shared vertex → an intersection node).
  const uses = new Map<number, number>();
  for (const p of pieces) {
    let prev = NaN;
    for (let i = 0; i < p.xy.length; i += 2) {
      const k = quantKey(p.xy[i] as number, p.xy[i + 1] as number);
      if (k === prev) continue; // a repeated vertex is not a junction
      uses.set(k, (uses.get(k) ?? 0) + 1);
      prev = k;
    }
  }
  // Pass 2: split each piece at node vertices and emit links.
  const nodeOf = new Map<number, number>();
  const nodeXY: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const cls: number[] = [];
  const lanes: number[] = [];
  const cap: number[] = [];
  const speed: number[] = [];
  const len: number[] = [];
  const flags: number[] = [];
  const wayOf: number[] = [];
  const reversed: number[] = [];
  const geomStart: number[] = [0];
  const geomXY: number[] = [];
  let lanesDerived = 0;
  let speedsDerived = 0;
  const node = (k: number, x: number, y: number): number => {
    let n = nodeOf.get(k);
    if (n === undefined) {
      n = nodeXY.length / 2;
      nodeOf.set(k, n);
      nodeXY.push(x, y);
    }
    return n;
  };
  const seg: number[] = [];
  for (const p of pieces) {
    const nv = p.xy.length / 2;
    let startNode = -1;
    let prevKey = NaN;
    seg.length = 0;
    for (let v = 0; v < nv; v++) {
      const x = p.xy[2 * v] as number;
      const y = p.xy[2 * v + 1] as number;
      const k = quantKey(x, y);
      if (k === prevKey) continue;
      prevKey = k;
      seg.push(x, y);
      const isNode = v === 0 || v === nv - 1 || (uses.get(k) ?? 0) > 1;
      if (!isNode) continue;
      const n = node(k, x, y);
      if (startNode >= 0 && seg.length >= 4) emit(p, startNode, n, seg);
      startNode = n;
      seg.length = 0;
      seg.push(x, y);
    }
  }

  function emit(p: RoadPiece, a: number, b: number, pts: readonly number[]): void {
    let lengthM = 0;
    for (let i = 2; i < pts.length; i += 2) {
      lengthM += Math.hypot(
        (pts[i] as number) - (pts[i - 2] as number),
        (pts[i + 1] as number) - (pts[i - 1] as number),
      );
    }
    const baseFlags =
      (p.isBridge ? LinkFlag.bridge : 0) |
      (p.isTunnel ? LinkFlag.tunnel : 0) |
      (p.oneway !== 'no' ? LinkFlag.oneway : 0) |
      (p.isBusRoute ? LinkFlag.busRoute : 0);
    const dirs: (0 | 1)[] = p.oneway === 'forward' ? [0] : p.oneway === 'backward' ? [1] : [0, 1];
    for (const d of dirs) {
      const tagLanes = d === 0 ? p.lanesForward : p.lanesBackward;
      const l = Math.min(255, tagLanes ?? DEFAULT_LANES[p.roadClass]);
      const s = p.speedKph ?? DEFAULT_SPEED_KPH[p.roadClass];
      let f = baseFlags;
      if (tagLanes === null) {
        f |= LinkFlag.lanesDerived;
        lanesDerived++;
      }
      if (p.speedKph === null) {
        f |= LinkFlag.speedDerived;
        speedsDerived++;
      }
      from.push(d === 0 ? a : b);
      to.push(d === 0 ? b : a);
      cls.push(p.roadClass);
      lanes.push(l);
      cap.push(l * CAPACITY_PER_LANE_VPH[p.roadClass]);
      speed.push(s);
      len.push(lengthM);
      flags.push(f);
      wayOf.push(p.way);
      reversed.push(d);
      if (d === 0) for (let i = 0; i < pts.length; i++) geomXY.push(pts[i] as number);
      else for (let i = pts.length - 2; i >= 0; i -= 2) geomXY.push(pts[i] as number, pts[i + 1] as number);
      geomStart.push(geomXY.length / 2);
    }
  }

  const nodeCount = nodeXY.length / 2;
  return {
    network: {
      nodeCount,
      nodeXY: Float32Array.from(nodeXY),
      nodeSignal: new Uint8Array(nodeCount),
      linkCount: from.length,
      linkFrom: Uint32Array.from(from),
      linkTo: Uint32Array.from(to),
      linkClass: Uint8Array.from(cls),
      lanes: Uint8Array.from(lanes),
      capacityVph: Float32Array.from(cap),
      freeSpeedKph: Float32Array.from(speed),
      lengthM: Float32Array.from(len),
      flags: Uint8Array.from(flags),
      geomStart: Uint32Array.from(geomStart),
      geomXY: Float32Array.from(geomXY),
      linkWay: Uint32Array.from(wayOf),
      ways,
    },
    linkReversed: Uint8Array.from(reversed),
    lanesDerived,
    speedsDerived,
  };
}
