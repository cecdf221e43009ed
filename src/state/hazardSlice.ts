/**
 * Cold resilience state (issue 5): the hazards and their lifecycle, exposure, the cascade log, lifeline service
 * levels over time (recovery curves), shelters, evacuation routes, the outage and the hazard summaries. Fed by the
 * `hazardSnapshot` and `hazard` messages (src/core/protocol/hazardMessages.ts). The flood depth grid is hot state
 * (src/feed/hotHazard.ts), not here.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type {
  ActiveHazard,
  CascadeNode,
  EvacRoute,
  RescueAssignment,
  ExposureSummary,
  FireSummary,
  FloodBalance,
  HeatSummary,
  LifelineLevels,
  OutageState,
  QuakeSummary,
  ShelterState,
} from '../core/hazards/types.ts';
import {
  MAX_CASCADE_LOG,
  MAX_LIFELINE_HISTORY,
  type HazardMessage,
  type HazardSnapshot,
} from '../core/protocol/hazardMessages.ts';

export interface HazardSlice {
  /** Sequence number of the latest message applied (0 = none yet). */
  hzSeq: number;
  /** Bumps on every applied snapshot/message (views re-derive when it changes). */
  hzVersion: number;
  hzHazards: readonly ActiveHazard[];
  hzExposure: readonly ExposureSummary[];
  /** Cascade steps, oldest first, at most MAX_CASCADE_LOG. */
  hzCascade: readonly CascadeNode[];
  /** Lifeline levels, oldest first, at most MAX_LIFELINE_HISTORY points (one per simulated minute). */
  hzLifelines: readonly LifelineLevels[];
  hzShelters: readonly ShelterState[];
  hzEvacuation: readonly EvacRoute[];
  /** Current rescue assignments (fire engines, rescue teams, ambulances, pump units). */
  hzRescue: readonly RescueAssignment[];
  hzOutage: OutageState | null;
  hzClosedLinks: readonly number[];
  hzFlood: FloodBalance | null;
  hzQuake: QuakeSummary | null;
  hzHeat: HeatSummary | null;
  hzFire: FireSummary | null;
  /** Replaces everything (connect, server restart). */
  applyHazardSnapshot(s: HazardSnapshot): void;
  /** Applies `hazard` messages in sequence order (older or repeated seqs are ignored). */
  applyHazardMessages(ms: readonly HazardMessage[]): void;
  /** Clears everything (new scene / server without hazards). */
  resetHazards(): void;
}

const EMPTY = {
  hzSeq: 0,
  hzHazards: [],
  hzExposure: [],
  hzCascade: [],
  hzLifelines: [],
  hzShelters: [],
  hzEvacuation: [],
  hzRescue: [],
  hzOutage: null,
  hzClosedLinks: [],
  hzFlood: null,
  hzQuake: null,
  hzHeat: null,
  hzFire: null,
} as const;

/** Appends lifeline points: a point at or before the last one's time replaces from there (a new timeline). */
export function appendLifelines(
  history: readonly LifelineLevels[],
  add: readonly LifelineLevels[],
): LifelineLevels[] {
  let out = history.slice();
  for (const p of add) {
    while (out.length > 0 && out[out.length - 1]!.simTimeMs >= p.simTimeMs) {
      if (out[out.length - 1]!.simTimeMs > p.simTimeMs) out = [];
      else out.pop();
    }
    out.push(p);
  }
  return out.length > MAX_LIFELINE_HISTORY ? out.slice(out.length - MAX_LIFELINE_HISTORY) : out;
}

export const createHazardSlice: StateCreator<AppState, [], [], HazardSlice> = (set) => ({
  ...EMPTY,
  hzVersion: 0,
  applyHazardSnapshot: (snap) =>
    set((s) => {
      const m = snap.message;
      return {
        hzSeq: m.seq,
        hzVersion: s.hzVersion + 1,
        hzHazards: m.hazards,
        hzExposure: m.exposure,
        hzCascade: m.cascade.slice(-MAX_CASCADE_LOG),
        hzLifelines: appendLifelines([], snap.lifelineHistory),
        hzShelters: m.shelters,
        hzEvacuation: m.evacuation ?? [],
        hzRescue: m.rescue ?? [],
        hzOutage: m.outage,
        hzClosedLinks: m.closedLinks,
        hzFlood: m.flood,
        hzQuake: m.quake,
        hzHeat: m.heat,
        hzFire: m.fire,
      };
    }),
  applyHazardMessages: (ms) =>
    set((s) => {
      const fresh = ms.filter((m) => m.seq > s.hzSeq).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) return {};
      const last = fresh[fresh.length - 1]!;
      let cascade: CascadeNode[] = s.hzCascade.slice();
      let evac = s.hzEvacuation;
      for (const m of fresh) {
        if (m.cascade.length > 0) cascade.push(...m.cascade);
        if (m.evacuation !== null) evac = m.evacuation;
      }
      if (cascade.length > MAX_CASCADE_LOG) cascade = cascade.slice(cascade.length - MAX_CASCADE_LOG);
      return {
        hzSeq: last.seq,
        hzVersion: s.hzVersion + 1,
        hzHazards: last.hazards,
        hzExposure: last.exposure,
        hzCascade: cascade,
        hzLifelines: appendLifelines(
          s.hzLifelines,
          fresh.map((m) => m.lifelines),
        ),
        hzShelters: last.shelters,
        hzEvacuation: evac,
        hzRescue: last.rescue ?? [],
        hzOutage: last.outage,
        hzClosedLinks: last.closedLinks,
        hzFlood: last.flood,
        hzQuake: last.quake,
        hzHeat: last.heat,
        hzFire: last.fire,
      };
    }),
  resetHazards: () => set((s) => ({ ...EMPTY, hzVersion: s.hzVersion + 1 })),
});
