/**
 * Hot energy state (DESIGN.md rule 3): the live energy model's per-element state after the latest dispatch step
 * (protocol energyState, every 5 simulated minutes), in typed arrays with a version counter. The feed writes it
 * (startFeed.ts); the map and 3D views read it where they draw, never through React renders. Indices are those of
 * the client's grid model (src/app/gridHolder.ts), which the feed checked the message against.
 */
import {
  createEnergyStateColumns,
  type EnergyCounts,
  type EnergyStateColumns,
} from '../core/protocol/energyState.ts';

const NO_COUNTS: EnergyCounts = { bus: 0, hvLine: 0, station: 0, feeder: 0, storage: 0, pv: 0 };

/** Latest energy state; columns are NaN before the first message. */
export interface HotEnergy {
  /** Bumped whenever the columns change (a new state, a reset). */
  version: number;
  /** Dispatch-step time of the state, ms since the Unix epoch (0 before the first). */
  simTimeMs: number;
  counts: EnergyCounts;
  columns: EnergyStateColumns;
  /** Resizes and clears for a grid model with `counts`. */
  reset(counts: EnergyCounts): void;
  /** Copies a decoded state in (counts must match). */
  apply(simTimeMs: number, columns: EnergyStateColumns): void;
}

/** Creates empty energy buffers. */
export function createHotEnergy(counts: EnergyCounts = NO_COUNTS): HotEnergy {
  const h: HotEnergy = {
    version: 0,
    simTimeMs: 0,
    counts,
    columns: createEnergyStateColumns(counts),
    reset(c) {
      h.counts = c;
      h.simTimeMs = 0;
      h.columns = createEnergyStateColumns(c);
      h.version++;
    },
    apply(t, cols) {
      for (const k of Object.keys(h.columns) as (keyof EnergyStateColumns)[]) h.columns[k].set(cols[k]);
      h.simTimeMs = t;
      h.version++;
    },
  };
  return h;
}

/** The app's energy buffers (one per page). */
export const hotEnergy: HotEnergy = createHotEnergy();
