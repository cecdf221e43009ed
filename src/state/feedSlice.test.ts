import { describe, expect, it } from 'vitest';
import type { Incident } from './feedSlice.ts';
import { createAppStore } from './store.ts';

const inc = (id: number, simTimeMs: number, cleared = false): Incident => ({
  id: `inc:${String(id).padStart(6, '0')}`,
  kind: 'crash',
  x: 0,
  y: 0,
  simTimeMs,
  severity: 2,
  description: { zh: '事故', en: 'Crash' },
  cleared,
});

describe('feed slice actions', () => {
  it('sets connection, stats, notice and clock through named actions', () => {
    const store = createAppStore();
    expect(store.getState().connection).toEqual({ phase: 'connecting', attempt: 0 });
    store.getState().setConnection({ phase: 'live', sinceMs: 5 });
    expect(store.getState().connection).toEqual({ phase: 'live', sinceMs: 5 });
    const stats = {
      lagMs: 12,
      messagesPerS: 5,
      readingsPerS: 900,
      rejected: 1,
      lastSeq: { readings: 4, events: 2 },
      resyncs: 1,
    };
    store.getState().setFeedStats(stats);
    expect(store.getState().stats).toEqual(stats);
    const notice = { level: 'warn' as const, zh: '已重新同步', en: 'resynced', atMs: 9 };
    store.getState().setFeedNotice(notice);
    expect(store.getState().feedNotice).toEqual(notice);
    store.getState().setSimClock(1772404200000, 10);
    expect([store.getState().simTimeMs, store.getState().simSpeed]).toEqual([1772404200000, 10]);
  });

  it('upserts incidents by id, newest first, bounded to 500, and skips empty updates', () => {
    const store = createAppStore();
    store.getState().applyIncidents([inc(1, 100), inc(2, 300), inc(3, 200)]);
    expect(store.getState().incidents.map((i) => i.id)).toEqual(['inc:000002', 'inc:000003', 'inc:000001']);
    store.getState().applyIncidents([inc(3, 200, true)]);
    expect(store.getState().incidents.find((i) => i.id === 'inc:000003')!.cleared).toBe(true);
    expect(store.getState().incidents).toHaveLength(3);
    const before = store.getState().incidents;
    store.getState().applyIncidents([]);
    expect(store.getState().incidents).toBe(before); // no change, no re-render
    store.getState().applyIncidents(Array.from({ length: 600 }, (_, i) => inc(10 + i, 1000 + i)));
    const list = store.getState().incidents;
    expect(list).toHaveLength(500);
    expect(list[0]!.simTimeMs).toBe(1599); // newest kept
    expect(list[499]!.simTimeMs).toBe(1100); // 600 new − 500 kept → oldest kept is 1000 + 100
  });
});
