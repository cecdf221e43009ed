/**
 * The per-frame hand-over of the live traffic model from the feed worker to the main thread (beside the reading
 * frame batch of frameBatch.ts): the latest link state (latest wins, one Float32Array of 3 × linkCount: speedKph,
 * flowVph, vc) and, when the worker's trip set changed, the whole new set. Both are fresh arrays whose buffers are
 * transferred, so the main thread only swaps references and copies the link columns.
 */
import type { TripBatch } from '../core/traffic/types.ts';
import type { HotTraffic, HotVehicles } from './hotTraffic.ts';

/** What one pull hands over besides readings (null fields: unchanged since the last pull). */
export interface TrafficHandover {
  readonly linkCount: number;
  /** speedKph[0..n) · flowVph[n..2n) · vc[2n..3n), or null. */
  readonly link: Float32Array | null;
  /** Model time of `link`, ms since the Unix epoch. */
  readonly linkSimTimeMs: number;
  /** The complete new trip set (replaces hotVehicles.trips), or null. */
  readonly trips: TripBatch | null;
}

/** Transferable buffers of a hand-over. */
export function trafficTransfer(h: TrafficHandover | null): ArrayBuffer[] {
  if (h === null) return [];
  const out: ArrayBuffer[] = [];
  if (h.link !== null) out.push(h.link.buffer as ArrayBuffer);
  const t = h.trips;
  if (t !== null) {
    for (const a of [t.tripId, t.departSimMs, t.linkStart, t.links, t.exitS]) {
      const b = a.buffer as ArrayBuffer;
      if (!out.includes(b)) out.push(b);
    }
  }
  return out;
}

/** Writes a hand-over into the hot traffic buffers and the vehicle trips (main thread), bumping their versions. */
export function applyTraffic(hot: HotTraffic, vehicles: HotVehicles, h: TrafficHandover): void {
  if (h.linkCount !== hot.linkCount) hot.reset(h.linkCount);
  const link = h.link;
  if (link !== null && link.length === 3 * h.linkCount) {
    const n = h.linkCount;
    hot.speedKph.set(link.subarray(0, n));
    hot.flowVph.set(link.subarray(n, 2 * n));
    hot.vc.set(link.subarray(2 * n, 3 * n));
    hot.simTimeMs = h.linkSimTimeMs;
    hot.version++;
  }
  if (h.trips !== null) {
    vehicles.trips = h.trips;
    vehicles.version++;
  }
}
