/**
 * The same schema and SQL on a PostgreSQL server (DATABASE_URL in production). Runs when
 * WORKLOAD_TEST_DATABASE_URL names a server the test may create and drop a scratch database on
 * (e.g. postgres://postgres@127.0.0.1:5432/postgres); skipped otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0 } from '../../src/core/workload/testFixtures.ts';
import { WorkloadService } from './service.ts';

const ADMIN_URL = process.env['WORKLOAD_TEST_DATABASE_URL'];
if (ADMIN_URL === undefined)
  console.warn('PostgreSQL server test skipped: set WORKLOAD_TEST_DATABASE_URL to run it against a server');

const DB = `cb_workload_test_${process.pid}`;
const OP = { kind: 'operator', id: 'pg-op' } as const;

describe.skipIf(ADMIN_URL === undefined)('WorkloadService on a PostgreSQL server', () => {
  let dir = '';
  let url = '';
  let svc: WorkloadService;

  async function admin(sql: string): Promise<void> {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    await admin(`drop database if exists ${DB}`);
    await admin(`create database ${DB}`);
    const u = new URL(ADMIN_URL as string);
    u.pathname = `/${DB}`;
    url = u.toString();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cb-wo-pg-'));
    svc = await WorkloadService.open({ dataDir: dir, databaseUrl: url, log: () => {} });
  });

  afterAll(async () => {
    await svc?.close();
    await admin(`drop database if exists ${DB}`);
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, transitions, refuses, and continues after a reopen', async () => {
    expect(svc.store.db.kind).toBe('postgres');
    const r = await svc.fileReport(
      {
        category: 'streetLight',
        x: 5,
        y: 5,
        source: 'hotline',
        description: { zh: '路灯不亮', en: 'Street light out' },
        actor: OP,
        photos: 1,
      },
      T0,
      3,
    );
    expect(r.ok && [r.order.id, r.event.seq]).toEqual(['wo:000001', 1]);
    const a = await svc.act({ orderId: 'wo:000001', action: { kind: 'accept' }, actor: OP }, T0 + 1000);
    expect(a.ok && a.event.seq).toBe(2);
    const bad = await svc.act(
      { orderId: 'wo:000001', action: { kind: 'handle', note: 'x' }, actor: OP },
      T0 + 2000,
    );
    expect(!bad.ok && bad.reason).toBe(
      'order wo:000001 (stage accepted): cannot handle: only legal in stage inProgress',
    );
    await svc.close();
    svc = await WorkloadService.open({ dataDir: dir, databaseUrl: url, log: () => {} });
    expect(svc.lastSeq).toBe(2);
    const t = await svc.timeline('wo:000001');
    expect(t.ok && t.events.map((e) => e.action.kind)).toEqual(['create', 'accept']);
    expect(t.ok && t.attachments.length).toBe(1);
    expect(Number.isNaN(t.ok ? t.order.dispatchedMs : 0)).toBe(true);
  });
});
