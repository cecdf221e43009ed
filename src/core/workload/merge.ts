/**
 * Duplicate merging: a new report joins the open work order of the same category within radiusM of it whose latest
 * report lies within windowMs (both sides) of the new one. A uniform grid hash keyed by (category, cell) with cells
 * radiusM wide: a query reads the 3×3 cells around the report, so a lookup costs O(orders nearby), never O(n²)
 * overall (30,000 reports a day in bench/workload.ts).
 *
 * Defaults: 100 m and 2 h — ASSUMPTIONS (docs/workload.md): the same pothole or heap of rubbish reported by passers-by
 * lies within one block face; 12345 centres merge "重复件" of the same place and matter within the same working
 * session. Position is the order's (its first report's): clusters do not drift.
 */
import { categoryIndex } from './taxonomy.ts';
import type { Report, Stage, WorkOrder } from './types.ts';

/** Default merge radius, metres. */
export const MERGE_RADIUS_M = 100;
/** Default merge window, ms (2 h). */
export const MERGE_WINDOW_MS = 2 * 3_600_000;

/** Stages an order can still absorb new reports in (once handled, a new report is a new problem). */
export function isMergeable(stage: Stage): boolean {
  return stage === 'reported' || stage === 'accepted' || stage === 'dispatched' || stage === 'inProgress';
}

interface Entry {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  lastMs: number;
  key: number;
}

// Cell coordinates are offset into [0, 2^21) and packed with the category index into one float64-safe integer:
// category (< 2^10) · 2^42 + cx · 2^21 + cy < 2^52. ±2^20 cells of 100 m = ±104,857 km: any scene.
const OFF = 2 ** 20;
const SPAN = 2 ** 21;

/** The index of open orders for duplicate merging. */
export class DuplicateIndex {
  private readonly buckets = new Map<number, Entry[]>();
  private readonly byId = new Map<string, Entry>();

  /** radiusM: merge distance, metres; windowMs: merge window, ms. */
  constructor(
    readonly radiusM: number = MERGE_RADIUS_M,
    readonly windowMs: number = MERGE_WINDOW_MS,
  ) {
    if (!(radiusM > 0) || !(windowMs >= 0))
      throw new RangeError(
        `DuplicateIndex: radiusM must be > 0 and windowMs ≥ 0 (got ${radiusM}, ${windowMs})`,
      );
  }

  /** Orders in the index. */
  get size(): number {
    return this.byId.size;
  }

  /**
   * Records an order after any change to it (create, transition, merge); latestReportMs is the time of its newest
   * report (default: creation, or what the index already knew). Orders no longer mergeable leave the index.
   */
  update(order: WorkOrder, latestReportMs: number = order.createdMs): void {
    const cat = categoryIndex(order.category);
    if (!isMergeable(order.stage) || cat < 0) {
      this.remove(order.id);
      return;
    }
    const old = this.byId.get(order.id);
    if (old !== undefined) {
      if (latestReportMs > old.lastMs) old.lastMs = latestReportMs;
      return;
    }
    const key = this.key(cat, this.cell(order.x), this.cell(order.y));
    const e: Entry = { id: order.id, x: order.x, y: order.y, lastMs: latestReportMs, key };
    this.byId.set(order.id, e);
    const b = this.buckets.get(key);
    if (b === undefined) this.buckets.set(key, [e]);
    else b.push(e);
  }

  /** Drops an order (closed, rejected, merged away). */
  remove(orderId: string): void {
    const e = this.byId.get(orderId);
    if (e === undefined) return;
    this.byId.delete(orderId);
    const b = this.buckets.get(e.key);
    if (b === undefined) return;
    const i = b.indexOf(e);
    if (i >= 0) b.splice(i, 1);
    if (b.length === 0) this.buckets.delete(e.key);
  }

  /**
   * The open order a report should merge into: same category, within radiusM (inclusive) and windowMs (inclusive) of
   * the order's newest report; the nearest wins, ties by the smaller id. null when none (open a new order).
   */
  find(report: Pick<Report, 'category' | 'x' | 'y' | 'simTimeMs'>): string | null {
    const cat = categoryIndex(report.category);
    if (cat < 0) return null;
    const cx = this.cell(report.x);
    const cy = this.cell(report.y);
    const r2 = this.radiusM * this.radiusM;
    let best: Entry | null = null;
    let bestD2 = Infinity;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const b = this.buckets.get(this.key(cat, cx + dx, cy + dy));
        if (b === undefined) continue;
        for (const e of b) {
          if (Math.abs(report.simTimeMs - e.lastMs) > this.windowMs) continue;
          const d2 = (e.x - report.x) ** 2 + (e.y - report.y) ** 2;
          if (d2 > r2) continue;
          if (d2 < bestD2 || (d2 === bestD2 && best !== null && e.id < best.id)) {
            best = e;
            bestD2 = d2;
          }
        }
      }
    }
    return best === null ? null : best.id;
  }

  /** Drops orders whose newest report is older than nowMs − windowMs (they can no longer match a later report). */
  prune(nowMs: number): number {
    let n = 0;
    for (const e of [...this.byId.values()]) {
      if (nowMs - e.lastMs > this.windowMs) {
        this.remove(e.id);
        n++;
      }
    }
    return n;
  }

  private cell(v: number): number {
    return Math.min(SPAN - 1, Math.max(0, Math.floor(v / this.radiusM) + OFF));
  }

  private key(cat: number, cx: number, cy: number): number {
    return (cat * SPAN + cx) * SPAN + cy;
  }
}
