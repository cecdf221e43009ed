/**
 * The executive overview's KPI history (docs/protocol.md §12): one socket on the feed server's `/history` namespace,
 * asked for every headline KPI at the twin's clock now — the value now, at the same time yesterday and last week,
 * and the last hours for a sparkline. Re-asked when the twin's clock passes a new 5-minute sample (and at most every
 * 5 s real time); a refused or malformed answer becomes an error text, never a made-up number.
 */
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { appStore } from '../state/store.ts';
import {
  HISTORY_NAMESPACE,
  HISTORY_SAMPLE_MS,
  HistoryEvent,
  validateHistoryAnswer,
  type HistoryAnswer,
} from '../core/protocol/historyMessages.ts';
import { isTestMode } from '../app/testHooks.ts';

/** What the page shows: the latest good answer, or why there is none. */
export interface KpiHistoryState {
  readonly answer: Extract<HistoryAnswer, { ok: true }> | null;
  readonly error: string | null;
}

/** Shortest real time between two queries, ms. */
const MIN_QUERY_GAP_MS = 5000;
/** How long a query waits for its answer, ms. */
const QUERY_TIMEOUT_MS = 8000;
/** Hours of samples asked for the sparklines. */
const SERIES_H = 6;

let latest: KpiHistoryState = { answer: null, error: null };

/** The history of `ids` (stable array) at the twin's clock, refreshed as the clock moves. */
export function useKpiHistory(ids: readonly string[]): KpiHistoryState {
  const [state, setState] = useState<KpiHistoryState>(latest);
  useEffect(() => {
    const socket: Socket = io(`${location.origin}${HISTORY_NAMESPACE}`, { transports: ['websocket'] });
    let lastSlot = -1;
    let lastAskMs = 0;
    let pending = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const set = (s: KpiHistoryState): void => {
      latest = s;
      setState(s);
    };
    const ask = (): void => {
      const simMs = appStore.getState().simTimeMs;
      if (!(simMs > 0) || pending || !socket.connected) return;
      pending = true;
      lastAskMs = performance.now();
      lastSlot = Math.floor(simMs / HISTORY_SAMPLE_MS);
      socket
        .timeout(QUERY_TIMEOUT_MS)
        .emit(
          HistoryEvent.query,
          { ids, atSimMs: simMs, seriesH: SERIES_H },
          (err: unknown, raw: unknown) => {
            pending = false;
            if (err) return set({ answer: latest.answer, error: 'history: no answer from the server' });
            const a = validateHistoryAnswer(raw);
            if (typeof a === 'string') return set({ answer: latest.answer, error: a });
            if (!a.ok) return set({ answer: latest.answer, error: a.reason });
            set({ answer: a, error: null });
          },
        );
    };
    const maybeAsk = (): void => {
      const simMs = appStore.getState().simTimeMs;
      const slot = Math.floor(simMs / HISTORY_SAMPLE_MS);
      if (slot === lastSlot && latest.answer !== null) return;
      const wait = MIN_QUERY_GAP_MS - (performance.now() - lastAskMs);
      if (wait <= 0) ask();
      else if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          maybeAsk();
        }, wait);
    };
    socket.on('connect', () => {
      lastSlot = -1;
      maybeAsk();
    });
    const unsub = appStore.subscribe((s, prev) => {
      if (s.simTimeMs !== prev.simTimeMs) maybeAsk();
    });
    if (isTestMode()) {
      const w = window as unknown as { __citybrain?: Record<string, unknown> };
      if (w.__citybrain) w.__citybrain.execHistory = () => latest;
    }
    return () => {
      unsub();
      if (timer !== null) clearTimeout(timer);
      socket.close();
    };
  }, [ids]);
  return state;
}
