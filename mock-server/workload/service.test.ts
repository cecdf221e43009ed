/**
 * The work-order store and service on embedded PostgreSQL (PGlite in a temp dir, one per file: its cold start costs
 * seconds): schema, one-transaction batches, refused actions write nothing, a failed transaction leaves no trace,
 * NaN times survive the round trip, and a reopened service continues the state and the sequence.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/core/workload/stateMachine.ts';
import { report, T0 } from '../../src/core/workload/testFixtures.ts';
import type { Actor } from '../../src/core/workload/types.ts';
import { openPglite } from './db.ts';
import { WorkloadService } from './service.ts';
import { WorkloadStore } from './store.ts';
import type { WoEventMessage, WoReportRequest } from '../../src/core/protocol/workloadMessages.ts';

const OPERATOR: Actor = { kind: 'operator', id: 'op-1' };
let dir = '';
let svc: WorkloadService;
const heard: WoEventMessage[] = [];

const hotline = (over: Partial<WoReportRequest> = {}): WoReportRequest => ({
  category: 'garbage',
  x: 100,
  y: 200,
  source: 'hotline',
  description: { zh: '路边垃圾', en: 'Garbage by the road' },
  actor: OPERATOR,
  ...over,
});

async function count(table: string): Promise<number> {
  const r = await svc.store.db.query<{ n: unknown }>(`select count(*) as n from ${table}`);
  return Number(r[0]?.n);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cb-workload-'));
  svc = await WorkloadService.open({ dataDir: dir, log: () => {} });
  svc.addCommitListener((m) => heard.push(...m));
}, 60_000);

afterAll(async () => {
  await svc.close();
  await rm(dir, { recursive: true, force: true });
});

describe('WorkloadService on PGlite', () => {
  it('files a report: order wo:000001 at seq 1, committed with its report and placeholder photos', async () => {
    const a = await svc.fileReport(hotline({ photos: 2 }), T0, 4);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.order.id).toBe('wo:000001');
    expect(a.event.seq).toBe(1);
    expect(a.order.stage).toBe('reported');
    expect(a.order.reportIds).toEqual(['rep:000001']);
    expect(await count('wo_events')).toBe(1);
    expect(await count('work_orders')).toBe(1);
    expect(await count('reports')).toBe(1);
    expect(await count('attachments')).toBe(2);
    const t = await svc.timeline('wo:000001');
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.attachments.map((f) => f.fileName)).toEqual(['rep-000001-1.svg', 'rep-000001-2.svg']);
    expect(t.attachments[0]?.url).toBe('/workload-files/rep-000001-1.svg');
    const svg = await readFile(path.join(svc.attachmentsDir, 'rep-000001-1.svg'), 'utf8');
    expect(svg).toContain('rep:000001');
    expect(heard.map((m) => m.seq)).toEqual([1]);
  });

  it('applies legal actions in sequence and stores the current state with NaN times intact', async () => {
    const acc = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'accept' }, actor: OPERATOR },
      T0 + 60_000,
    );
    expect(acc.ok && acc.order.stage).toBe('accepted');
    const dis = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'dispatch', department: 'cg' }, actor: OPERATOR },
      T0 + 120_000,
    );
    expect(dis.ok && dis.event.seq).toBe(3);
    const stored = await svc.store.order('wo:000001');
    expect(stored?.stage).toBe('dispatched');
    expect(stored?.version).toBe(3);
    expect(stored?.acceptedMs).toBe(T0 + 60_000);
    // Not reached yet: NaN in memory, null in JSONB, NaN again after the round trip.
    expect(Number.isNaN(stored?.handledMs)).toBe(true);
    expect(Number.isNaN(stored?.closedMs)).toBe(true);
  });

  it('refuses an illegal transition with the reason and writes nothing', async () => {
    const before = await count('wo_events');
    const r = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'close' }, actor: OPERATOR },
      T0 + 180_000,
    );
    expect(r).toEqual({
      ok: false,
      reason: 'order wo:000001 (stage dispatched): cannot close: only legal in stage verified',
    });
    expect(await count('wo_events')).toBe(before);
    expect(svc.lastSeq).toBe(3);
    const stale = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'comment', text: 'x' }, actor: OPERATOR, expectedVersion: 2 },
      T0 + 180_000,
    );
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.reason).toBe('order wo:000001: changed since version 2 (now 3); reload it');
    const none = await svc.act({ orderId: 'wo:999999', action: { kind: 'accept' }, actor: OPERATOR }, T0);
    expect(!none.ok && none.reason).toBe('order wo:999999: no such order');
  });

  it('merges a reported order into another: both events in one transaction', async () => {
    const b = await svc.fileReport(hotline({ actor: { kind: 'operator', id: 'op-2' } }), T0 + 200_000, 4);
    expect(b.ok && b.order.id).toBe('wo:000002');
    const m = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'merge', from: 'wo:000002' }, actor: OPERATOR },
      T0 + 240_000,
    );
    expect(m.ok ? 'ok' : m.reason).toBe('ok');
    if (!m.ok) return;
    expect(m.events.map((e) => [e.seq, e.orderId, e.action.kind, e.to])).toEqual([
      [5, 'wo:000001', 'merge', 'dispatched'],
      [6, 'wo:000002', 'reject', 'rejected'],
    ]);
    expect(m.order.reportIds).toEqual(['rep:000001', 'rep:000002']);
    expect(m.order.reporters).toEqual(['operator:op-1', 'operator:op-2']);
    expect((await svc.store.order('wo:000002'))?.stage).toBe('rejected');
  });

  it('a failed transaction writes nothing (duplicate sequence → rollback of the whole batch)', async () => {
    const store = new WorkloadStore(svc.store.db);
    const created = createOrder(report('rep:x'), 'wo:x', 6, { kind: 'system', id: 't' });
    if (!created.ok) throw new Error(created.reason);
    const before = [await count('wo_events'), await count('work_orders'), await count('reports')];
    await expect(
      store.append({
        events: [created.event],
        orders: [created.order],
        reports: [{ report: report('rep:x'), orderId: 'wo:x' }],
        attachments: [],
        counters: { nextOrder: 99, nextReport: 99 },
      }),
    ).rejects.toThrow(/duplicate key/);
    expect([await count('wo_events'), await count('work_orders'), await count('reports')]).toEqual(before);
  });

  it('one PGlite dir, one owner: a second open here or by a live process is refused', async () => {
    await expect(openPglite(dir)).rejects.toThrow(
      `work-order data dir ${dir} is already open in this process`,
    );
    const other = await mkdtemp(path.join(os.tmpdir(), 'cb-workload-lock-'));
    // pid 1 (init) is always alive; a lock left by a dead process is taken over (workloadKill.test.ts).
    await writeFile(path.join(other, '.lock'), '1');
    await expect(openPglite(other)).rejects.toThrow(`work-order data dir ${other} is in use by process 1`);
    await rm(other, { recursive: true, force: true });
  });

  it('a reopened service continues state, sequence and ids', async () => {
    await svc.close();
    svc = await WorkloadService.open({ dataDir: dir, log: () => {} });
    expect(svc.lastSeq).toBe(6);
    const snap = svc.snapshot(T0);
    expect(snap.lastSeq).toBe(6);
    expect(snap.open.map((o) => [o.id, o.stage, o.version])).toEqual([['wo:000001', 'dispatched', 5]]);
    expect(snap.recentClosed.map((o) => [o.id, o.stage])).toEqual([['wo:000002', 'rejected']]);
    const c = await svc.fileReport(hotline({ category: 'pothole' }), T0 + 300_000, 2);
    expect(c.ok && [c.order.id, c.event.seq, c.order.reportIds[0]]).toEqual(['wo:000003', 7, 'rep:000003']);
    const t = await svc.timeline('wo:000001');
    expect(t.ok && t.events.map((e) => e.seq)).toEqual([1, 2, 3, 5]);
    expect(existsSync(path.join(dir, 'attachments', 'rep-000001-2.svg'))).toBe(true);
  });
});
