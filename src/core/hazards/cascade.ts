/**
 * The cascade log of the hazard runtime (docs/resilience.md §cascades): every consequence is a CascadeNode with the
 * ids of the steps that caused it, appended in time order and never changed; a bounded whole-log for snapshots and a
 * "since the last message" cursor for the stream; and the queue of 一网统管 reports that consequences above their
 * threshold raise. Plus the geometry the cascade rules need: convex hulls of outage areas and links near a point.
 */
import { MAX_CASCADE_LOG } from '../protocol/hazardMessages.ts';
import type { CityModel } from '../scene/types.ts';
import type { CascadeKind, CascadeNode, CascadeRef, CascadeSystem, Severity, Text2 } from './types.ts';

/** A 一网统管 report raised by a cascade step (mock-server files it as a 'domain' report). */
export interface HazardReport {
  /** Stable key: the same consequence never raises two reports (e.g. "HZ-0001:station:3"). */
  readonly key: string;
  /** Category id of src/core/workload/taxonomy.ts. */
  readonly category:
    | 'drainage'
    | 'trafficSignal'
    | 'powerOutage'
    | 'fireHazard'
    | 'safetyHazard'
    | 'buildingRepair'
    | 'waterSupply';
  /** 1 (most urgent) … 4, as the taxonomy's Priority. */
  readonly priority: 1 | 2 | 3 | 4;
  readonly x: number;
  readonly y: number;
  readonly description: Text2;
  /** Cascade node that raised it. */
  readonly causeId: string;
}

/** What a new node needs (id and time are the log's). */
export interface NodeInput {
  readonly system: CascadeSystem;
  readonly kind: CascadeKind;
  readonly ref: CascadeRef;
  readonly x: number | null;
  readonly y: number | null;
  readonly severity: Severity;
  readonly title: Text2;
  readonly why: Text2;
  readonly causes: readonly string[];
}

/** The append-only cascade log with a stream cursor and the report queue. */
export class CascadeLog {
  private readonly all: CascadeNode[] = [];
  private readonly pending: CascadeNode[] = [];
  private readonly counters = new Map<string, number>();
  private readonly reports: HazardReport[] = [];
  private readonly reportKeys = new Map<string, { causeId: string; hazardId: string }>();
  private lastMs = -Infinity;

  /** Appends a node of hazard `hazardId` at `simTimeMs` (never earlier than the last node: time order). */
  add(hazardId: string, simTimeMs: number, n: NodeInput): CascadeNode {
    const t = Math.max(simTimeMs, this.lastMs);
    this.lastMs = t;
    const k = (this.counters.get(hazardId) ?? 0) + 1;
    this.counters.set(hazardId, k);
    const node: CascadeNode = {
      id: `${hazardId}/${String(k).padStart(4, '0')}`,
      hazardId,
      simTimeMs: t,
      system: n.system,
      kind: n.kind,
      ref: n.ref,
      x: n.x,
      y: n.y,
      severity: n.severity,
      title: n.title,
      why: n.why,
      causes: n.causes,
    };
    this.all.push(node);
    if (this.all.length > MAX_CASCADE_LOG) this.all.splice(0, this.all.length - MAX_CASCADE_LOG);
    this.pending.push(node);
    return node;
  }

  /** Nodes added since the previous call (oldest first). */
  takeNew(): CascadeNode[] {
    return this.pending.splice(0, this.pending.length);
  }

  /** True when nodes are waiting for the next message. */
  get hasNew(): boolean {
    return this.pending.length > 0;
  }

  /** The whole log, oldest first, at most MAX_CASCADE_LOG nodes. */
  log(): readonly CascadeNode[] {
    return this.all;
  }

  /** Queues a report unless one with the same key was raised before; returns whether it was queued. */
  report(r: HazardReport, hazardId: string): boolean {
    if (this.reportKeys.has(r.key)) return false;
    this.reportKeys.set(r.key, { causeId: r.causeId, hazardId });
    this.reports.push(r);
    return true;
  }

  /** Reports raised since the previous call. */
  takeReports(): HazardReport[] {
    return this.reports.splice(0, this.reports.length);
  }

  /** The cause and hazard of a report key, or undefined. */
  reportOf(key: string): { causeId: string; hazardId: string } | undefined {
    return this.reportKeys.get(key);
  }
}

// ---- geometry -------------------------------------------------------------------------------------------------------

/**
 * Convex hull of points (interleaved x,y), counter-clockwise, as interleaved x,y (Andrew's monotone chain, 1979).
 * Fewer than three distinct points give those points.
 */
export function convexHull(xy: ArrayLike<number>): number[] {
  const n = Math.floor(xy.length / 2);
  const idx = Array.from({ length: n }, (_, i) => i);
  const X = (i: number): number => xy[2 * i] as number;
  const Y = (i: number): number => xy[2 * i + 1] as number;
  idx.sort((a, b) => X(a) - X(b) || Y(a) - Y(b) || a - b);
  const cross = (o: number, a: number, b: number): number =>
    (X(a) - X(o)) * (Y(b) - Y(o)) - (Y(a) - Y(o)) * (X(b) - X(o));
  const lower: number[] = [];
  for (const i of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0)
      lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = idx.length - 1; k >= 0; k--) {
    const i = idx[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0)
      upper.pop();
    upper.push(i);
  }
  lower.pop();
  upper.pop();
  const hull = lower.concat(upper);
  const uniq = hull.length > 0 ? hull : idx.slice(0, 1);
  const out: number[] = [];
  for (const i of uniq) out.push(X(i), Y(i));
  return out;
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
export function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Spatial helpers over the road links of a city (bounding boxes built once). */
export class LinkIndex {
  private readonly box: Float32Array;

  /** Builds the per-link bounding boxes of `city.roads`. */
  constructor(private readonly city: CityModel) {
    const r = city.roads;
    this.box = new Float32Array(4 * r.linkCount);
    for (let l = 0; l < r.linkCount; l++) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let v = r.geomStart[l]!; v < r.geomStart[l + 1]!; v++) {
        const x = r.geomXY[2 * v]!;
        const y = r.geomXY[2 * v + 1]!;
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
      this.box.set([x0, y0, x1, y1], 4 * l);
    }
  }

  /** Distance from (x, y) to link l's geometry, m. */
  distance(l: number, x: number, y: number): number {
    const r = this.city.roads;
    let best = Infinity;
    for (let v = r.geomStart[l]!; v + 1 < r.geomStart[l + 1]!; v++) {
      const d = segDist2(
        x,
        y,
        r.geomXY[2 * v]!,
        r.geomXY[2 * v + 1]!,
        r.geomXY[2 * v + 2]!,
        r.geomXY[2 * v + 3]!,
      );
      if (d < best) best = d;
    }
    return Math.sqrt(best);
  }

  /** Links whose geometry passes within `radiusM` of (x, y), ascending. */
  near(x: number, y: number, radiusM: number): number[] {
    const out: number[] = [];
    const b = this.box;
    for (let l = 0; l < this.city.roads.linkCount; l++) {
      if (x < b[4 * l]! - radiusM || x > b[4 * l + 2]! + radiusM) continue;
      if (y < b[4 * l + 1]! - radiusM || y > b[4 * l + 3]! + radiusM) continue;
      if (this.distance(l, x, y) <= radiusM) out.push(l);
    }
    return out;
  }

  /** The nearest link to (x, y) and its opposite direction (same end nodes swapped), if any; [] without links. */
  nearestWithReverse(x: number, y: number): number[] {
    const r = this.city.roads;
    let best = -1;
    let bestD = Infinity;
    for (let l = 0; l < r.linkCount; l++) {
      const d = this.distance(l, x, y);
      if (d < bestD) {
        bestD = d;
        best = l;
      }
    }
    if (best < 0) return [];
    const out = [best];
    for (let l = 0; l < r.linkCount; l++)
      if (l !== best && r.linkFrom[l] === r.linkTo[best] && r.linkTo[l] === r.linkFrom[best]) out.push(l);
    return out;
  }
}

/** Centroid of building b's outer ring (vertex mean), local metres. */
export function buildingCentroid(
  city: CityModel,
  b: number,
  out: { x: number; y: number },
): { x: number; y: number } {
  const bs = city.buildings;
  const ring = bs.polyStart[b]!;
  const v0 = bs.ringStart[ring]!;
  const v1 = bs.ringStart[ring + 1]!;
  let sx = 0;
  let sy = 0;
  for (let v = v0; v < v1; v++) {
    sx += bs.xy[2 * v]!;
    sy += bs.xy[2 * v + 1]!;
  }
  const n = Math.max(1, v1 - v0);
  out.x = sx / n;
  out.y = sy / n;
  return out;
}

/** Formats a number with `digits` decimals for the bilingual texts. */
export function fmt(v: number, digits = 0): string {
  return v.toFixed(digits);
}
