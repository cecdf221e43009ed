/**
 * The work-order API (docs/protocol.md §8) against the real feed server with its PGlite store: two operators act,
 * both hear the same sequenced events; an illegal transition is refused with its reason and writes nothing; bad
 * messages get precise reasons; resume replays from the ring; a restart on the same data dir keeps every order and
 * continues the sequence. One data dir for the file (PGlite's cold start costs seconds).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import type { WoReportRequest } from '../../src/core/protocol/workloadMessages.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';
import { woClient, type WoClient } from './workloadClient.ts';

let dir = '';
let server: FeedServer;
const clients: WoClient[] = [];

async function startServer(): Promise<FeedServer> {
  return createFeedServer({
    scene: tinyCity(),
    sceneName: 'tiny',
    seed: 5,
    speed: 60,
    startSimMs: START_SIM_MS,
    port: 0,
    autoTick: false,
    log: () => {},
    workload: { dataDir: dir, live: false },
  });
}

async function client(): Promise<WoClient> {
  const c = await woClient(server.url);
  clients.push(c);
  return c;
}

const ALICE = { kind: 'operator', id: 'alice' } as const;
const BOB = { kind: 'operator', id: 'bob' } as const;
const hotline: WoReportRequest = {
  category: 'pothole',
  x: 120,
  y: 80,
  source: 'hotline',
  description: { zh: '路面坑洞', en: 'Pothole in the lane' },
  actor: ALICE,
  photos: 1,
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-wo-api-'));
  server = await startServer();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('work-order API over socket.io', () => {
  it('two operators act; both hear the same sequenced events', async () => {
    const a = await client();
    const b = await client();
    const sa = await a.subscribe(null);
    const sb = await b.subscribe(null);
    expect(sa).toMatchObject({
      ok: true,
      mode: 'snapshot',
      reason: 'initial',
      snapshot: { lastSeq: 0, open: [] },
    });
    expect(sb).toMatchObject({ ok: true, mode: 'snapshot' });
    server.tick();
    const r = await a.report(hotline);
    expect(r.ok && [r.order.id, r.event.seq, r.order.stage, r.order.category]).toEqual([
      'wo:000001',
      1,
      'reported',
      'pothole',
    ]);
    const acc = await b.act({ orderId: 'wo:000001', action: { kind: 'accept' }, actor: BOB });
    expect(acc.ok && acc.event.seq).toBe(2);
    const dis = await a.act({
      orderId: 'wo:000001',
      action: { kind: 'dispatch', department: 'sz' },
      actor: ALICE,
      expectedVersion: 2,
    });
    expect(dis.ok && [dis.event.seq, dis.order.stage, dis.order.department]).toEqual([3, 'dispatched', 'sz']);
    await waitFor(() => a.events.length === 3 && b.events.length === 3, 5000);
    expect(a.events.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(a.events.map((m) => [m.event.actor.id, m.event.from, m.event.to])).toEqual([
      ['alice', null, 'reported'],
      ['bob', 'reported', 'accepted'],
      ['alice', 'accepted', 'dispatched'],
    ]);
    // Each message carries the order's state after its event.
    expect(a.events.map((m) => m.order.version)).toEqual([1, 2, 3]);
  });

  it('refuses an illegal transition with its reason; nothing is written or broadcast', async () => {
    const a = clients[0] as WoClient;
    const heard = a.events.length;
    const r = await a.act({ orderId: 'wo:000001', action: { kind: 'close' }, actor: ALICE });
    expect(r).toEqual({
      ok: false,
      reason: 'order wo:000001 (stage dispatched): cannot close: only legal in stage verified',
    });
    const rows = await server.workload!.service.store.db.query<{ n: unknown }>(
      'select count(*) as n from wo_events',
    );
    expect(Number(rows[0]?.n)).toBe(3);
    expect(server.workload!.service.lastSeq).toBe(3);
    await new Promise((res) => setTimeout(res, 50));
    expect(a.events.length).toBe(heard);
    expect(server.stats().rejectedByReason['order wo']).toBe(1);
  });

  it('bad messages get precise reasons', async () => {
    const a = clients[0] as WoClient;
    expect(await a.raw('woAction', { orderId: 7 })).toEqual({
      ok: false,
      reason: 'woAction.orderId: expected a non-empty string of ≤ 64 characters',
    });
    expect(
      await a.raw('woAction', { orderId: 'wo:000001', action: { kind: 'teleport' }, actor: ALICE }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^woAction\.action\.kind: unknown action "teleport"/),
    });
    expect(
      await a.raw('woAction', {
        orderId: 'wo:000001',
        action: { kind: 'accept' },
        actor: { kind: 'system', id: 'x' },
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^woAction\.actor\.kind: expected one of/) });
    expect(await a.raw('woReport', { ...hotline, x: 9999 })).toEqual({
      ok: false,
      reason: 'woReport.x/y: (9999, 80) lies outside the scene [0, 0, 500, 500]',
    });
    expect(await a.raw('woSubscribe', { afterSeq: -1 })).toEqual({
      ok: false,
      reason: 'woSubscribe.afterSeq: expected null or an integer ≥ 0',
    });
  });

  it('timeline: every event, the reports and the attachment served over HTTP', async () => {
    const a = clients[0] as WoClient;
    const t = await a.timeline('wo:000001');
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.events.map((e) => [e.seq, e.action.kind])).toEqual([
      [1, 'create'],
      [2, 'accept'],
      [3, 'dispatch'],
    ]);
    expect(t.reports.map((r) => r.id)).toEqual(['rep:000001']);
    expect(t.attachments.map((f) => f.url)).toEqual(['/workload-files/rep-000001-1.svg']);
    const res = await fetch(`${server.url}${t.attachments[0]!.url}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('rep:000001');
    expect(await a.timeline('wo:404')).toEqual({
      ok: false,
      reason: 'woTimeline: order wo:404: no such order',
    });
  });

  it('a client resuming from seq 1 gets exactly events 2 and 3', async () => {
    const c = await client();
    expect(await c.subscribe(1)).toEqual({ ok: true, mode: 'replay', lastSeq: 3 });
    await waitFor(() => c.events.length === 2, 5000);
    expect(c.events.map((m) => m.seq)).toEqual([2, 3]);
  });

  it('a restart on the same data dir keeps everything and continues the sequence', async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
    server = await startServer();
    const a = await client();
    const s = await a.subscribe(null);
    expect(s.ok && s.mode === 'snapshot' && s.snapshot.lastSeq).toBe(3);
    expect(s.ok && s.mode === 'snapshot' && s.snapshot.open.map((o) => [o.id, o.stage, o.version])).toEqual([
      ['wo:000001', 'dispatched', 3],
    ]);
    // A client that was up to date resumes with nothing missed; one that was behind gets a snapshot.
    const b = await client();
    expect(await b.subscribe(3)).toEqual({ ok: true, mode: 'replay', lastSeq: 3 });
    const c = await client();
    expect(await c.subscribe(1)).toMatchObject({ ok: true, mode: 'snapshot', reason: 'behind-window' });
    const d = await client();
    expect(await d.subscribe(9)).toMatchObject({ ok: true, mode: 'snapshot', reason: 'ahead-of-server' });
    const st = await a.act({
      orderId: 'wo:000001',
      action: { kind: 'start', unit: 'unit:sz-1' },
      actor: BOB,
    });
    expect(st.ok && [st.event.seq, st.order.stage, st.order.unit]).toEqual([4, 'inProgress', 'unit:sz-1']);
    const r = await a.report({ ...hotline, category: 'garbage' });
    expect(r.ok && [r.order.id, r.event.seq]).toEqual(['wo:000002', 5]);
    await waitFor(() => b.events.length === 2, 5000);
    expect(b.events.map((m) => m.seq)).toEqual([4, 5]);
  });
});
