/**
 * Work-order core benchmark (issue 6: "sustains 30,000 machine-detected reports per day … a benchmark reports event
 * throughput"). One simulated day of 30,000 video-AI reports at the default scene's sites (scenes/default when it has
 * been generated, else 2,000 sites on a uniform 5 km grid) pushed through the pure core:
 *   duplicate lookup (DuplicateIndex) → merge into the open order, or createOrder; new orders flow
 *   accept (+2 min) → dispatch (+5 min) → start/handle when the department's crews get to them (DepartmentQueues,
 *   staff scaled to the volume) → verify (+30 min) → close (+10 min), every step through applyAction, in global
 *   time order; escalations applied as they fall due when an order is touched; KPIs by department at the end;
 *   the whole log replayed with foldEvents.
 * Reports events/s of the pipeline (generation of the reports excluded), of the replay, and the KPI time.
 * Run: npx tsx bench/workload.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRng } from '../src/core/rng.ts';
import {
  DEFAULT_REPORTS_PER_DAY,
  arrivalSitesFromScene,
  generateReports,
  makeSites,
} from '../src/core/workload/arrivals.ts';
import type { ArrivalSites } from '../src/core/workload/arrivals.ts';
import { workloadKpis } from '../src/core/workload/kpi.ts';
import { DuplicateIndex } from '../src/core/workload/merge.ts';
import {
  CATEGORY_DEPARTMENT,
  DepartmentQueues,
  defaultCalendar,
  handleMeanMs,
  sampleHandlingMs,
} from '../src/core/workload/queueSim.ts';
import { dueEscalations } from '../src/core/workload/sla.ts';
import { applyAction, createOrder, foldEvents } from '../src/core/workload/stateMachine.ts';
import { DEPARTMENTS, categoryIndex } from '../src/core/workload/taxonomy.ts';
import type { Actor, WorkOrder, WorkOrderAction, WorkOrderEvent } from '../src/core/workload/types.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';

/** 2026-07-15 00:00 China Standard Time. */
const MIDNIGHT = 1_784_044_800_000;
const DAY = 86_400_000;
const MIN = 60_000;
const REPORTS_PER_DAY = 30_000;

async function sites(): Promise<{ sites: ArrivalSites; source: string }> {
  const scenes = path.resolve(import.meta.dirname, '..', 'scenes');
  if (existsSync(path.join(scenes, 'default', 'scene.json'))) {
    const model = await readScenePackage(scenes, 'default');
    return { sites: arrivalSitesFromScene(model), source: 'scenes/default' };
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 2000; i++) {
    xs.push((i % 50) * 100 - 2500);
    ys.push(Math.floor(i / 50) * 125 - 2500);
  }
  return {
    sites: makeSites(xs, ys, new Array<number>(2000).fill(-1), new Array<number>(2000).fill(1)),
    source: 'uniform grid',
  };
}

/** A pending action: a binary min-heap on time, then insertion order (deterministic). */
interface Pending {
  readonly t: number;
  readonly n: number;
  readonly orderId: string;
  readonly action: WorkOrderAction;
  readonly actor: Actor;
}

class Heap {
  private readonly a: Pending[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Pending | undefined {
    return this.a[0];
  }
  push(p: Pending): void {
    const a = this.a;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (!less(a[i]!, a[j]!)) break;
      [a[i], a[j]] = [a[j]!, a[i]!];
      i = j;
    }
  }
  pop(): Pending | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Pending, y: Pending): boolean => x.t < y.t || (x.t === y.t && x.n < y.n);

/** Runs the benchmark and returns its rows. */
export async function runWorkloadBench(): Promise<
  { name: string; value: number; unit: string; target?: string }[]
> {
  const { sites: s, source } = await sites();
  let t0 = performance.now();
  const reports = generateReports(s, MIDNIGHT, MIDNIGHT + DAY, createRng(6), 1, {
    reportsPerDay: REPORTS_PER_DAY,
    source: 'video',
  });
  const genMs = performance.now() - t0;

  const operator: Actor = { kind: 'operator', id: 'op:bench' };
  const system: Actor = { kind: 'system', id: 'sla' };
  const crew: Actor = { kind: 'unit', id: 'unit:bench' };
  const orders = new Map<string, WorkOrder>();
  const latestReport = new Map<string, number>();
  const events: WorkOrderEvent[] = [];
  const index = new DuplicateIndex();
  const queues = new DepartmentQueues(defaultCalendar({}, 480, REPORTS_PER_DAY / DEFAULT_REPORTS_PER_DAY));
  const svc = createRng(7);
  const heap = new Heap();
  let seq = 0;
  let n = 0;
  let refused = 0;
  let merged = 0;
  let escalations = 0;
  const schedule = (t: number, orderId: string, action: WorkOrderAction, actor: Actor = operator): void =>
    heap.push({ t, n: n++, orderId, action, actor });
  const apply = (orderId: string, action: WorkOrderAction, actor: Actor, t: number): WorkOrder | null => {
    const o = orders.get(orderId);
    if (o === undefined) return null;
    // Escalations due by now go first (the SLA supervisor runs on every touch).
    let cur = o;
    for (const e of dueEscalations(cur, t)) {
      const r = applyAction(cur, e, system, t, ++seq);
      if (!r.ok) throw new Error(r.reason);
      cur = r.order;
      events.push(r.event);
      escalations++;
    }
    const r = applyAction(cur, action, actor, t, ++seq);
    if (!r.ok) {
      refused++;
      orders.set(orderId, cur);
      return null;
    }
    orders.set(orderId, r.order);
    events.push(r.event);
    index.update(r.order, latestReport.get(orderId) ?? r.order.createdMs);
    return r.order;
  };
  const runUntil = (t: number): void => {
    for (let p = heap.peek(); p !== undefined && p.t <= t; p = heap.peek()) {
      heap.pop();
      const o = apply(p.orderId, p.action, p.actor, p.t);
      if (o === null) continue;
      // Follow-ups.
      switch (p.action.kind) {
        case 'accept':
          schedule(p.t + 5 * MIN, o.id, {
            kind: 'dispatch',
            department: DEPARTMENTS[CATEGORY_DEPARTMENT[categoryIndex(o.category)]!]!.id,
          });
          break;
        case 'dispatch': {
          const k = categoryIndex(o.category);
          const job = queues.submit(CATEGORY_DEPARTMENT[k]!, p.t, sampleHandlingMs(handleMeanMs(k), svc));
          if (Number.isFinite(job.startMs)) {
            schedule(job.startMs, o.id, { kind: 'start', unit: `unit:${job.server}` }, crew);
            schedule(job.endMs, o.id, { kind: 'handle', note: 'done' }, crew);
          }
          break;
        }
        case 'handle':
          schedule(p.t + 30 * MIN, o.id, { kind: 'verify', ok: true }, { kind: 'inspector', id: 'insp:1' });
          break;
        case 'verify':
          schedule(p.t + 10 * MIN, o.id, { kind: 'close' });
          break;
        default:
          break;
      }
    }
  };

  t0 = performance.now();
  let k = 0;
  for (const rep of reports) {
    runUntil(rep.simTimeMs);
    if (++k % 1000 === 0) index.prune(rep.simTimeMs);
    const target = index.find(rep);
    if (target !== null) {
      latestReport.set(target, rep.simTimeMs);
      if (
        apply(target, { kind: 'merge', reportIds: [rep.id], reports: [rep] }, system, rep.simTimeMs) !== null
      ) {
        merged++;
        continue;
      }
    }
    const id = `wo:${k}`;
    const c = createOrder(rep, id, ++seq, { kind: 'system', id: 'video-ai' });
    if (!c.ok) throw new Error(c.reason);
    orders.set(id, c.order);
    events.push(c.event);
    index.update(c.order);
    schedule(rep.simTimeMs + 2 * MIN, id, { kind: 'accept' });
  }
  runUntil(MIDNIGHT + DAY);
  const pipeMs = performance.now() - t0;

  t0 = performance.now();
  const kpis = workloadKpis(orders.values(), events, MIDNIGHT + DAY, 'department');
  const kpiMs = performance.now() - t0;
  t0 = performance.now();
  const replayed = foldEvents(events);
  const foldMs = performance.now() - t0;
  if (replayed.size !== orders.size) throw new Error('replay lost orders');

  return [
    { name: `reports generated (${source}, video AI, one day)`, value: reports.length, unit: 'reports' },
    { name: 'report generation', value: genMs, unit: 'ms' },
    { name: 'work orders opened', value: orders.size, unit: 'orders' },
    { name: 'reports merged into open orders', value: merged, unit: 'reports' },
    {
      name: 'events in the log (create, transitions, merges, escalations)',
      value: events.length,
      unit: 'events',
    },
    { name: 'escalations', value: escalations, unit: 'events' },
    { name: 'refused actions', value: refused, unit: 'actions' },
    { name: 'pipeline (merge lookup + state machine + queues)', value: pipeMs, unit: 'ms' },
    {
      name: 'pipeline event throughput',
      value: events.length / (pipeMs / 1000),
      unit: 'events/s',
      target: `> ${Math.ceil(events.length / 86_400)} (real time)`,
    },
    { name: 'replay (foldEvents) throughput', value: events.length / (foldMs / 1000), unit: 'events/s' },
    { name: 'KPIs by department over the day', value: kpiMs, unit: 'ms' },
    { name: 'closure rate at day end', value: 100 * kpis.all.closureRate, unit: '%' },
    { name: 'on-time rate, handle stage', value: 100 * kpis.all.onTimeRate.handle, unit: '%' },
    { name: 'backlog at day end', value: kpis.all.backlog, unit: 'orders' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runWorkloadBench();
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`| ${'benchmark'.padEnd(w)} | value        | unit     | target            |`);
  console.log(`| ${'-'.repeat(w)} | ------------ | -------- | ----------------- |`);
  for (const r of rows)
    console.log(
      `| ${r.name.padEnd(w)} | ${r.value.toFixed(1).padStart(12)} | ${r.unit.padEnd(8)} | ${(r.target ?? '').padEnd(17)} |`,
    );
  console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
}
