/**
 * Cold work-order state (一网统管, issue 6): the orders the client knows (open ones and the recently closed), kept in
 * sync with the server's sequenced work-order stream (mock-server/workload, docs/protocol.md §8) by the feed. The
 * map, 3D view and the operations board read `woOrders` and re-derive their data only when `woVersion` changes.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { WorkOrder, WorkOrderEvent } from '../core/workload/types.ts';

export interface WorkloadSlice {
  /** Orders by id (replaced, never mutated, on every applied batch). */
  woOrders: ReadonlyMap<string, WorkOrder>;
  /** Bumped on every applied batch or snapshot. */
  woVersion: number;
  /** Last applied event sequence (0 = none). */
  woLastSeq: number;
  /** Recent events, newest LAST, bounded (the board's "recent events"). */
  woRecent: readonly WorkOrderEvent[];
  /** Replaces everything with a snapshot. */
  woSnapshot(orders: readonly WorkOrder[], lastSeq: number): void;
  /** Applies changes (event + order state after it) in sequence order. */
  woApply(changes: readonly { readonly event: WorkOrderEvent; readonly order: WorkOrder }[]): void;
}

/** Recent events kept. */
export const WO_RECENT_MAX = 200;
/** Closed/rejected orders kept besides the open ones (the oldest closed are dropped first). */
export const WO_CLOSED_KEEP = 2000;

const terminal = (o: WorkOrder): boolean => o.stage === 'closed' || o.stage === 'rejected';

export const createWorkloadSlice: StateCreator<AppState, [], [], WorkloadSlice> = (set) => ({
  woOrders: new Map(),
  woVersion: 0,
  woLastSeq: 0,
  woRecent: [],
  woSnapshot: (orders, lastSeq) =>
    set((s) => ({
      woOrders: new Map(orders.map((o) => [o.id, o])),
      woVersion: s.woVersion + 1,
      woLastSeq: lastSeq,
      woRecent: [],
    })),
  woApply: (changes) =>
    set((s) => {
      if (changes.length === 0) return {};
      const m = new Map(s.woOrders);
      for (const c of changes) m.set(c.order.id, c.order);
      // Bound memory: drop the oldest terminal orders beyond WO_CLOSED_KEEP.
      let closed = 0;
      for (const o of m.values()) if (terminal(o)) closed++;
      if (closed > WO_CLOSED_KEEP) {
        const old = [...m.values()].filter(terminal).sort((a, b) => a.stageSinceMs - b.stageSinceMs);
        for (let i = 0; i < closed - WO_CLOSED_KEEP; i++) m.delete(old[i]!.id);
      }
      const recent = [...s.woRecent, ...changes.map((c) => c.event)];
      return {
        woOrders: m,
        woVersion: s.woVersion + 1,
        woLastSeq: changes[changes.length - 1]!.event.seq,
        woRecent: recent.length > WO_RECENT_MAX ? recent.slice(recent.length - WO_RECENT_MAX) : recent,
      };
    }),
});
