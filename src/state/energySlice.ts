/**
 * Cold energy state: the system balance of each dispatch step over the last 24 simulated hours (the stacked balance
 * chart, renewable share, carbon, today's peak), the active alarms and a log of raised/cleared alarms, and the
 * Tétouan replay state. Fed by the `energy` stream (one message per 5 simulated minutes). Per-element state (line
 * loadings, SoC, PV output) is hot state (src/feed/hotEnergy.ts), not here.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { EnergyAlarm } from '../core/energy/city/energySim.ts';
import type { EnergyAlarmEvent, EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import type { EnergyMessage, TetouanReplayState } from '../core/protocol/energyMessages.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';

export interface EnergySlice {
  /** Element counts of the server's grid model (welcome.energy), or null when the server runs no energy model. */
  energyCounts: EnergyCounts | null;
  /** Balance per dispatch step, oldest first, at most 24 simulated hours. */
  energyHistory: readonly EnergyBalance[];
  /** Alarms active after the latest step. */
  energyAlarms: readonly EnergyAlarm[];
  /** Raised and cleared alarms, newest LAST, bounded. */
  energyAlarmLog: readonly EnergyAlarmEvent[];
  /** The Tétouan replay's latest state, or null when not replaying. */
  energyReplay: TetouanReplayState | null;
  /** Sets the counts and clears everything (a new welcome / scene). */
  resetEnergy(counts: EnergyCounts | null): void;
  /** Applies one or more `energy` messages in sequence order. */
  applyEnergyMessages(ms: readonly EnergyMessage[]): void;
}

/** History span, ms (24 hours) and hard caps. */
export const ENERGY_HISTORY_SPAN_MS = 24 * 3600 * 1000;
export const MAX_ENERGY_HISTORY = 600;
export const MAX_ENERGY_ALARM_LOG = 200;

/**
 * Appends balances to `history`: a point with the same time replaces the last; a point older than the last (a new
 * server timeline) starts over; points more than 24 h older than the newest are dropped.
 */
export function appendBalances(
  history: readonly EnergyBalance[],
  add: readonly EnergyBalance[],
): EnergyBalance[] {
  let out = history.slice();
  for (const b of add) {
    const last = out[out.length - 1];
    if (last !== undefined && b.simTimeMs < last.simTimeMs) out = [];
    else if (last !== undefined && b.simTimeMs === last.simTimeMs) out.pop();
    out.push(b);
  }
  const newest = out[out.length - 1];
  if (newest === undefined) return out;
  const cutoff = newest.simTimeMs - ENERGY_HISTORY_SPAN_MS;
  let start = 0;
  while (start < out.length && out[start]!.simTimeMs <= cutoff) start++;
  return out.slice(Math.max(start, out.length - MAX_ENERGY_HISTORY));
}

export const createEnergySlice: StateCreator<AppState, [], [], EnergySlice> = (set) => ({
  energyCounts: null,
  energyHistory: [],
  energyAlarms: [],
  energyAlarmLog: [],
  energyReplay: null,
  resetEnergy: (counts) =>
    set({
      energyCounts: counts,
      energyHistory: [],
      energyAlarms: [],
      energyAlarmLog: [],
      energyReplay: null,
    }),
  applyEnergyMessages: (ms) =>
    set((s) => {
      const last = ms[ms.length - 1];
      if (last === undefined) return {};
      const events = ms.flatMap((m) => m.events);
      const log = events.length === 0 ? s.energyAlarmLog : [...s.energyAlarmLog, ...events];
      return {
        energyHistory: appendBalances(
          s.energyHistory,
          ms.map((m) => m.balance),
        ),
        energyAlarms: last.active,
        energyAlarmLog:
          log.length > MAX_ENERGY_ALARM_LOG ? log.slice(log.length - MAX_ENERGY_ALARM_LOG) : log,
        energyReplay: last.tetouan,
      };
    }),
});
