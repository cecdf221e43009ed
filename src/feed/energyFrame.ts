/**
 * The per-frame hand-over of the live energy model from the feed worker to the main thread (beside the reading frame
 * batch and the traffic hand-over): a reset when the server's grid model changed or a snapshot restarted the history,
 * the latest energy state (latest wins; all columns concatenated in ENERGY_STATE_FIELDS order in one transferable
 * Float32Array) and the `energy` stream messages received since the last pull, in order.
 */
import {
  ENERGY_STATE_FIELDS,
  sameEnergyCounts,
  type EnergyCounts,
  type EnergyStateColumns,
  type EnergyStateField,
} from '../core/protocol/energyState.ts';
import type { EnergyMessage } from '../core/protocol/energyMessages.ts';
import type { AppStore } from '../state/store.ts';
import type { HotEnergy } from './hotEnergy.ts';

/** What one pull hands over (see the file comment). */
export interface EnergyHandover {
  /** Present when the counts changed or the history restarts (a snapshot): the main thread resets first. */
  readonly reset: { readonly counts: EnergyCounts | null } | null;
  /** Latest state: dispatch time and the concatenated columns, or null when unchanged. */
  readonly state: { readonly simTimeMs: number; readonly values: Float32Array } | null;
  readonly messages: readonly EnergyMessage[];
}

/** Transferable buffers of a hand-over. */
export function energyTransfer(h: EnergyHandover | null): ArrayBuffer[] {
  return h?.state ? [h.state.values.buffer as ArrayBuffer] : [];
}

/** Concatenates decoded columns into one fresh array (worker side). */
export function packEnergyColumns(counts: EnergyCounts, cols: EnergyStateColumns): Float32Array {
  let n = 0;
  for (const f of ENERGY_STATE_FIELDS) n += counts[f.of];
  const out = new Float32Array(n);
  let o = 0;
  for (const f of ENERGY_STATE_FIELDS) {
    out.set(cols[f.name].subarray(0, counts[f.of]), o);
    o += counts[f.of];
  }
  return out;
}

/** Views of the concatenated columns (no copy). */
export function unpackEnergyColumns(counts: EnergyCounts, values: Float32Array): EnergyStateColumns {
  const out = {} as Record<EnergyStateField, Float32Array>;
  let o = 0;
  for (const f of ENERGY_STATE_FIELDS) {
    out[f.name] = values.subarray(o, o + counts[f.of]);
    o += counts[f.of];
  }
  return out;
}

/**
 * Applies a hand-over on the main thread. `clientCounts` are the counts of the client's own grid model (gridHolder);
 * when the server's differ, the energy views stay off and `onMismatch` says why (indices would point at the wrong
 * elements). Returns false when the hand-over was refused for that reason.
 */
export function applyEnergy(
  store: AppStore,
  hot: HotEnergy,
  h: EnergyHandover,
  clientCounts: EnergyCounts | null,
  onMismatch: (server: EnergyCounts, client: EnergyCounts | null) => void,
): boolean {
  const s = store.getState();
  if (h.reset !== null) {
    const c = h.reset.counts;
    if (c !== null && (clientCounts === null || !sameEnergyCounts(c, clientCounts))) {
      s.resetEnergy(null);
      hot.reset({ bus: 0, hvLine: 0, station: 0, feeder: 0, storage: 0, pv: 0 });
      onMismatch(c, clientCounts);
      return false;
    }
    s.resetEnergy(c);
    if (c !== null) hot.reset(c);
  }
  // Read again: a reset replaced the state object.
  const now = store.getState();
  const counts = now.energyCounts;
  if (counts === null) return h.reset !== null;
  if (h.state !== null) hot.apply(h.state.simTimeMs, unpackEnergyColumns(counts, h.state.values));
  if (h.messages.length > 0) now.applyEnergyMessages(h.messages);
  return true;
}
