/**
 * No lost transition when the process is killed mid-flow (issue 6 "Persistence"): a feed server with the work-order
 * service runs as a child process (workloadChild.ts); operators drive twenty orders through their lifecycle at once;
 * the child is killed with SIGKILL while actions are in flight; a new child on the same data dir must hold every
 * acknowledged transition, no half-written one (each order's state is the fold of its logged events), and a
 * sequence without gaps that continues where it stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { foldEvents } from '../../src/core/workload/stateMachine.ts';
import type { WorkOrder, WorkOrderEvent } from '../../src/core/workload/types.ts';
import type { WoClientAction } from '../../src/core/protocol/workloadMessages.ts';
import { orderFromJson } from '../../src/core/protocol/workloadMessages.ts';
import { woClient, type WoClient } from './workloadClient.ts';

const CHILD = fileURLToPath(new URL('./workloadChild.ts', import.meta.url));
const ORDERS = 20;
/** Kill once this many actions were acknowledged (the rest are in flight or not yet sent). */
const KILL_AFTER_ACKS = 45;
const OP = { kind: 'operator', id: 'op-kill' } as const;
/** One order's lifecycle after its report, with a comment in between. */
const FLOW: WoClientAction[] = [
  { kind: 'accept' },
  { kind: 'comment', text: 'on it' },
  { kind: 'dispatch', department: 'cg' },
  { kind: 'start', unit: 'unit:cg-1' },
  { kind: 'handle', note: 'cleared' },
  { kind: 'verify', ok: true },
  { kind: 'close' },
];

const children: ChildProcess[] = [];
const clients: WoClient[] = [];
let dir = '';

/** Starts the child server on `dir` and resolves with its URL. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m !== null) resolve({ child, url: m[1] as string });
    });
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${String(code)}) before READY: ${err}`)));
  });
}

afterAll(async () => {
  for (const c of clients) c.close();
  for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('kill -9 mid-flow', () => {
  it('keeps every acknowledged transition, none half-written, and a gapless sequence', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cb-wo-kill-'));
    const first = await startChild();
    const a = await woClient(first.url);
    clients.push(a);
    const acked: WorkOrderEvent[] = [];
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const r = await a.report({
        category: 'garbage',
        x: 20 + 20 * i,
        y: 250,
        source: 'hotline',
        description: { zh: `垃圾 ${i}`, en: `Garbage ${i}` },
        actor: OP,
      });
      if (!r.ok) throw new Error(r.reason);
      ids.push(r.order.id);
      acked.push(...r.events);
    }
    // Every order runs its flow at once; each step waits for the previous one's ack.
    let acks = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      first.child.once('exit', () => resolve());
    });
    const flows = ids.map(async (orderId) => {
      for (const action of FLOW) {
        if (killed) return;
        const r = await Promise.race([a.act({ orderId, action, actor: OP }), killedAt.then(() => null)]);
        if (r === null) return; // in flight when the server died: it may or may not have been committed
        if (!r.ok) throw new Error(r.reason);
        acked.push(...r.events);
        if (++acks === KILL_AFTER_ACKS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(flows);
    await killedAt;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    a.close();

    const second = await startChild();
    const b = await woClient(second.url);
    clients.push(b);
    const s = await b.subscribe(null);
    if (!s.ok || s.mode !== 'snapshot') throw new Error('expected a snapshot');
    const lastSeq = s.snapshot.lastSeq;
    const states = new Map<string, WorkOrder>();
    for (const o of [...s.snapshot.open, ...s.snapshot.recentClosed]) states.set(o.id, orderFromJson(o));
    const logged: WorkOrderEvent[] = [];
    for (const id of ids) {
      const t = await b.timeline(id);
      if (!t.ok) throw new Error(t.reason);
      logged.push(...t.events);
      // Not half-written: the stored state is exactly the fold of the logged events.
      const folded = foldEvents(t.events).get(id);
      const stored = states.get(id);
      expect(stored?.version).toBe(t.events[t.events.length - 1]?.seq);
      expect(stored).toEqual(folded);
    }
    // Every acknowledged event is in the log, identical.
    const bySeq = new Map(logged.map((e) => [e.seq, e]));
    for (const e of acked) expect(bySeq.get(e.seq)).toEqual(e);
    // The log is gapless: 1 … lastSeq, each once (every event belongs to one of the orders).
    const seqs = logged.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, k) => k + 1));
    expect(lastSeq).toBeGreaterThanOrEqual(acked.length);
    // The sequence continues where it stopped.
    const open = s.snapshot.open[0];
    const next = await b.report({
      category: 'graffiti',
      x: 10,
      y: 10,
      source: 'hotline',
      description: { zh: '涂鸦', en: 'Graffiti' },
      actor: OP,
    });
    expect(next.ok && next.event.seq).toBe(lastSeq + 1);
    expect(next.ok && next.order.id).toBe(`wo:${String(ORDERS + 1).padStart(6, '0')}`);
    if (open !== undefined) {
      const c = await b.act({
        orderId: open.id,
        action: { kind: 'comment', text: 'after restart' },
        actor: OP,
      });
      expect(c.ok && c.event.seq).toBe(lastSeq + 2);
    }
    second.child.kill('SIGTERM');
  }, 90_000);
});
