/**
 * The per-frame hand-over of work-order changes from the feed worker to the store (beside the energy hand-over,
 * energyFrame.ts): at most one snapshot (the store starts over from it) and then the sequenced changes, applied as one
 * batch, so a burst of events costs one store update and one board re-derivation per animation frame.
 */
import type { AppStore } from '../state/store.ts';
import type { WorkloadHandover } from './FeedClient.ts';

/** Applies a hand-over to the store's work-order slice (woSnapshot, then woApply). */
export function applyWorkload(store: AppStore, h: WorkloadHandover): void {
  const s = store.getState();
  if (h.snapshot !== null) s.woSnapshot(h.snapshot.orders, h.snapshot.lastSeq);
  if (h.changes.length > 0) store.getState().woApply(h.changes);
}
