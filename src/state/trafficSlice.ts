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

/** The trend keeps this much simulated time, ms (24 hours: a whole day of the congestion index). */
export const TRAFFIC_TREND_SPAN_MS = 24 * 3600 * 1000;
/** Hard cap on trend points whatever the KPI rate (one per simulated minute for 24 h = 1,440). */
export const MAX_TRAFFIC_TREND_POINTS = 2000;

/**
 * Appends `k` to `trend`: a point with the same time replaces the last one; a point older than the last (a new
 * server, a resync into another timeline) starts the trend over; points more than 24 simulated hours older than `k`
 * are dropped, and at most MAX_TRAFFIC_TREND_POINTS are kept.
 */
export function appendTrend(trend: readonly TrafficTrendPoint[], k: TrafficKpis): TrafficTrendPoint[] {
  const p: TrafficTrendPoint = { simTimeMs: k.simTimeMs, cityTti: k.cityTti, avgSpeedKph: k.avgSpeedKph };
  const last = trend[trend.length - 1];
  if (last !== undefined && k.simTimeMs < last.simTimeMs) return [p];
  const cutoff = k.simTimeMs - TRAFFIC_TREND_SPAN_MS;
  let start = 0;
  while (start < trend.length && (trend[start] as TrafficTrendPoint).simTimeMs < cutoff) start++;
  const end = last !== undefined && last.simTimeMs === k.simTimeMs ? trend.length - 1 : trend.length;
  const out = trend.slice(Math.max(start, end + 1 - MAX_TRAFFIC_TREND_POINTS), end);
  out.push(p);
  return out;
}

export const createTrafficSlice: StateCreator<AppState, [], [], TrafficSlice> = (set) => ({
  trafficKpis: null,
  trafficTrend: [],
  setTrafficKpis: (k) => set((s) => ({ trafficKpis: k, trafficTrend: appendTrend(s.trafficTrend, k) })),
});
