/**
 * The work-order stream (docs/protocol.md §8) from the real feed server (PGlite store, live generator) through the
 * real client pipeline (FeedClient → per-frame hand-over → store): the store mirrors the server's orders; an
 * operator action sent through the client round-trips (answer, broadcast, store); a client that loses its transport
 * while the server keeps committing resumes from its last seq with no gap and no duplicate; a refused action rejects
 * with the server's reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import type { WorkOrder } from '../../src/core/workload/types.ts';
import { createHotBuffers } from '../../src/feed/hotBuffers.ts';
import { startInThread } from '../../src/feed/startFeed.ts';
import { woAction, woReport, woTimeline } from '../../src/feed/workOrders.ts';
import { createAppStore, type AppStore } from '../../src/state/store.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';

let dir = '';
let server: FeedServer;
const stops: (() => void)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-wo-feed-'));
  server = await createFeedServer({
    scene: tinyCity(),
    sceneName: 'tiny',
    seed: 5,
    speed: 600,
    startSimMs: START_SIM_MS,
    port: 0,
    autoTick: false,
    log: () => {},
    // Live arrivals (many per tick) and departments working them; domain reports off (the tiny city has few).
    workload: { dataDir: dir, live: { reportsPerDay: 20_000, domainReports: false } },
  });
}, 60_000);

afterAll(async () => {
  for (const s of stops.splice(0)) s();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function client(store: AppStore) {
  const feed = startInThread(
    server.url,
    { sceneName: 'tiny', store, hot: createHotBuffers(), workOrders: true },
    null,
  );
  stops.push(() => feed.stop());
  return feed;
}

/** Ticks the server n times, letting its store commit between ticks. */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    server.tick();
    await server.workload!.service.flush();
  }
}

/** The open orders of the store, comparable with the server's. */
const openOf = (m: ReadonlyMap<string, WorkOrder>): WorkOrder[] =>
  [...m.values()]
    .filter((o) => o.stage !== 'closed' && o.stage !== 'rejected')
    .sort((a, b) => (a.id < b.id ? -1 : 1));

const serverOpen = (): WorkOrder[] =>
  [...server.workload!.service.openOrders().values()].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('work-order feed', () => {
  it('the store mirrors the server: snapshot, then every live event in sequence', async () => {
    await ticks(20); // orders exist before the client joins: it starts from a snapshot
    const before = server.workload!.service.lastSeq;
    expect(before).toBeGreaterThan(0);
    const store = createAppStore();
    const feed = client(store);
    await waitFor(() => feed.client.wo.snapshots === 1, 10_000, 'work-order snapshot');
    await ticks(30);
    const last = server.workload!.service.lastSeq;
    expect(last).toBeGreaterThan(before + 10);
    await waitFor(() => store.getState().woLastSeq === last, 10_000, `store at seq ${last}`);
    expect(openOf(store.getState().woOrders)).toEqual(serverOpen());
    expect(feed.client.wo.gaps).toBe(0);
    expect(feed.client.counters.rejected).toBe(0);
    // Every event after the snapshot applied exactly once.
    const snapSeq = last - feed.client.wo.applied;
    expect(snapSeq).toBeGreaterThanOrEqual(before);
    const recent = store.getState().woRecent.map((e) => e.seq);
    expect(recent).toEqual(recent.map((_, i) => recent[0]! + i));
  }, 60_000);

  it('an operator action through the client round-trips; a refused one rejects with the reason', async () => {
    const store = createAppStore();
    const feed = client(store);
    await waitFor(() => feed.client.wo.snapshots === 1, 10_000, 'snapshot');
    const filed = await woReport({
      category: 'pothole',
      x: 120,
      y: 80,
      source: 'hotline',
      description: { zh: '路面坑洞', en: 'Pothole in the lane' },
      actor: { kind: 'operator', id: 'console' },
      photos: 1,
    });
    const id = filed.order.id;
    expect(filed.order.stage).toBe('reported');
    const acc = await woAction(id, { kind: 'accept' }, { expectedVersion: filed.order.version });
    expect(acc.order.stage).toBe('accepted');
    const dis = await woAction(id, { kind: 'dispatch', department: 'sz' });
    expect([dis.order.stage, dis.order.department]).toEqual(['dispatched', 'sz']);
    await waitFor(() => store.getState().woOrders.get(id)?.version === dis.order.version, 5000, 'broadcast');
    expect(store.getState().woOrders.get(id)).toEqual(dis.order);
    await expect(woAction(id, { kind: 'close' })).rejects.toThrow(
      `order ${id} (stage dispatched): cannot close: only legal in stage verified`,
    );
    const t = await woTimeline(id);
    expect(t.events.map((e) => e.action.kind).slice(0, 3)).toEqual(['create', 'accept', 'dispatch']);
    expect(t.events.slice(0, 3).map((e) => e.actor.id)).toEqual(['console', 'console', 'console']);
    expect(t.attachments).toHaveLength(1);
    await expect(woTimeline('wo:404')).rejects.toThrow('woTimeline: order wo:404: no such order');
  }, 30_000);

  it('resumes after a lost transport with no gap and no duplicate', async () => {
    const store = createAppStore();
    const feed = client(store);
    await waitFor(() => feed.client.wo.snapshots === 1, 10_000, 'snapshot');
    await ticks(5);
    await waitFor(() => store.getState().woLastSeq === server.workload!.service.lastSeq, 10_000, 'caught up');
    const welcomes = feed.client.counters.welcomes;
    const appliedBefore = feed.client.wo.applied;
    const seqBefore = feed.client.wo.lastSeq;
    feed.client.dropTransport();
    await ticks(10); // the server commits while the client is away
    await waitFor(() => feed.client.counters.welcomes > welcomes, 15_000, 'reconnected');
    await ticks(3);
    const last = server.workload!.service.lastSeq;
    expect(last).toBeGreaterThan(seqBefore);
    await waitFor(() => store.getState().woLastSeq === last, 10_000, `store at seq ${last}`);
    // Resumed by replay: no second snapshot, every event in between applied once.
    expect(feed.client.wo.snapshots).toBe(1);
    expect(feed.client.wo.gaps).toBe(0);
    expect(feed.client.wo.applied - appliedBefore).toBe(last - seqBefore);
    expect(openOf(store.getState().woOrders)).toEqual(serverOpen());
  }, 60_000);

  it('a gap in the stream re-subscribes for a snapshot; a malformed event is rejected and changes nothing', async () => {
    const store = createAppStore();
    const feed = client(store);
    await waitFor(() => feed.client.wo.snapshots === 1, 10_000, 'snapshot');
    // Let every commit still in flight from earlier ticks land (and reach the client) before taking the sequence.
    await server.workload!.service.flush();
    await waitFor(
      () => store.getState().woLastSeq === server.workload!.service.lastSeq,
      5000,
      'client caught up with the server',
    );
    const last = server.workload!.service.lastSeq;
    const some = [...server.workload!.service.openOrders().values()][0]!;
    const rejected = feed.client.counters.rejected;
    // Malformed: a stage the protocol does not know.
    server.io.emit('woEvent', { seq: last + 1, event: { seq: last + 1 }, order: { ...some, stage: 'lost' } });
    await waitFor(() => feed.client.counters.rejected === rejected + 1, 5000, 'malformed event rejected');
    expect(store.getState().woLastSeq).toBe(last);
    // A well-formed event 5 ahead: events in between are missing → snapshot.
    const seq = last + 5;
    const event = {
      seq,
      orderId: some.id,
      simTimeMs: some.stageSinceMs,
      actor: { kind: 'operator', id: 'ghost' },
      action: { kind: 'comment', text: 'out of order' },
      from: some.stage,
      to: some.stage,
    };
    server.io.emit('woEvent', JSON.parse(JSON.stringify({ seq, event, order: some })));
    await waitFor(() => feed.client.wo.snapshots === 2, 10_000, 'second snapshot after the gap');
    expect(feed.client.wo.gaps).toBe(1);
    await waitFor(() => store.getState().woLastSeq === last, 5000, 'store back at the server seq');
    expect(openOf(store.getState().woOrders)).toEqual(serverOpen());
  }, 30_000);
});
