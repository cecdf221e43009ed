/**
 * Cold feed state (connection, rates, incidents): changed only through the named actions below, at most a few times
 * per second. Hot values (sensor readings) do NOT live here: see src/feed/hotBuffers.ts.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { IncidentRecord } from '../core/protocol/messages.ts';

/** Connection lifecycle of the live feed. */
export type ConnectionState =
  | { readonly phase: 'connecting'; readonly attempt: number }
  | { readonly phase: 'live'; readonly sinceMs: number }
  | {
      readonly phase: 'disconnected';
      readonly sinceMs: number;
      readonly reason: string;
      readonly attempt: number;
    }
  | { readonly phase: 'resyncing'; readonly reason: string };

/** Rolling feed statistics, refreshed about once per second by the feed client. */
export interface FeedStats {
  /** Simulation time of the newest reading minus that reading's arrival, ms (server clock → client clock). */
  readonly lagMs: number;
  readonly messagesPerS: number;
  readonly readingsPerS: number;
  /** Messages rejected by validation since the page loaded. */
  readonly rejected: number;
  /** Last sequence applied per stream. */
  readonly lastSeq: Readonly<Record<string, number>>;
  /** Number of snapshot resyncs since the page loaded. */
  readonly resyncs: number;
}

/** A city incident as the feed reports it (the wire record is the store record; the domain issues extend it). */
export type Incident = IncidentRecord;

export interface FeedSlice {
  connection: ConnectionState;
  stats: FeedStats;
  /** Open and recently cleared incidents, newest first, bounded (ring of 500). */
  incidents: readonly Incident[];
  /** Last feed notice shown to the user (e.g. "resynced from snapshot"), or null. */
  feedNotice: {
    readonly level: 'info' | 'warn';
    readonly zh: string;
    readonly en: string;
    readonly atMs: number;
  } | null;
  /** Current simulation time of the live twin, ms since the Unix epoch (0 before the first message). */
  simTimeMs: number;
  /** Simulation speed factor reported by the server. */
  simSpeed: number;
  setConnection(c: ConnectionState): void;
  setFeedStats(s: FeedStats): void;
  applyIncidents(upserts: readonly Incident[]): void;
  setFeedNotice(n: FeedSlice['feedNotice']): void;
  setSimClock(simTimeMs: number, simSpeed: number): void;
}

const MAX_INCIDENTS = 500;

export const createFeedSlice: StateCreator<AppState, [], [], FeedSlice> = (set) => ({
  connection: { phase: 'connecting', attempt: 0 },
  stats: { lagMs: 0, messagesPerS: 0, readingsPerS: 0, rejected: 0, lastSeq: {}, resyncs: 0 },
  incidents: [],
  feedNotice: null,
  simTimeMs: 0,
  simSpeed: 1,
  setConnection: (connection) => set({ connection }),
  setFeedStats: (stats) => set({ stats }),
  applyIncidents: (upserts) =>
    set((s) => {
      if (upserts.length === 0) return s;
      const byId = new Map(s.incidents.map((i) => [i.id, i]));
      for (const u of upserts) byId.set(u.id, u);
      const incidents = [...byId.values()].sort((a, b) => b.simTimeMs - a.simTimeMs).slice(0, MAX_INCIDENTS);
      return { incidents };
    }),
  setFeedNotice: (feedNotice) => set({ feedNotice }),
  setSimClock: (simTimeMs, simSpeed) => set({ simTimeMs, simSpeed }),
});
