/**
 * Cold traffic state: the latest KPIs from the live model and their trend (a few updates per simulated minute at
 * most). Link speeds and vehicles are hot state (src/feed/hotTraffic.ts), not here.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { TrafficKpis } from '../core/traffic/types.ts';

/** One point of the KPI trend. */
export interface TrafficTrendPoint {
  readonly simTimeMs: number;
  readonly cityTti: number;
  readonly avgSpeedKph: number;
}

export interface TrafficSlice {
  /** Latest KPIs, or null before the first. */
  trafficKpis: TrafficKpis | null;
  /** KPI trend, oldest first, bounded. */
  trafficTrend: readonly TrafficTrendPoint[];
  setTrafficKpis(k: TrafficKpis): void;
}

export const createTrafficSlice: StateCreator<AppState, [], [], TrafficSlice> = (set) => ({
  trafficKpis: null,
  trafficTrend: [],
  setTrafficKpis: (k) => set({ trafficKpis: k }),
});
