/**
 * The history module of the feed server (issue 7; mock-server/serverModules.ts, docs/protocol.md §12): every
 * HISTORY_SAMPLE_MS of simulated time it samples each domain's headline KPIs from the server's own state (the tick's
 * traffic KPI and energy messages, the hazard state, the work-order service) into `kpi_samples`, and answers
 * `historyQuery` on the `/history` namespace: each KPI now, at the same time yesterday and last week (nearest sample
 * within ±10 min, else null with "no record yet: history since …") and a recent series for a sparkline.
 */
import type { ServerModule, ServerModuleContext, TickOutput } from '../serverModules.ts';
import {
  DAY_MS,
  HISTORY_DEFAULT_SERIES_H,
  HISTORY_MATCH_MS,
  HISTORY_NAMESPACE,
  HISTORY_SAMPLE_MS,
  HistoryEvent,
  WEEK_MS,
  nearestPoint,
  powerBalanceMw,
  validateHistoryQuery,
  type HistoryAnswer,
  type HistoryKpiId,
  type HistoryQuery,
  type HistoryRow,
} from '../../src/core/protocol/historyMessages.ts';
import type { TrafficKpis } from '../../src/core/traffic/types.ts';
import type { EnergyBalance } from '../../src/core/energy/city/liveEnergy.ts';
import { workloadKpis } from '../../src/core/workload/kpi.ts';
import { activeHazards, exposedPeople, highestAlert } from '../../src/panels/resilienceFormat.ts';
import { memorySampleStore, sqlSampleStore, type KpiSample, type KpiSampleStore } from './store.ts';

/** The KPI values of the server's state now (null where a domain has not reported yet or does not run). */
export function sampleKpis(
  traffic: TrafficKpis | null,
  energy: EnergyBalance | null,
  ctx: Pick<ServerModuleContext, 'workload' | 'hazardSnapshot'>,
  simMs: number,
): Record<HistoryKpiId, number | null> {
  const hz = ctx.hazardSnapshot().message;
  let backlog: number | null = null;
  let onTime: number | null = null;
  let overdue: number | null = null;
  if (ctx.workload !== null) {
    // The population the clients see (open orders and the recent closed, WoSnapshot), so the numbers agree.
    const snap = ctx.workload.snapshot(simMs);
    const k = workloadKpis([...snap.open, ...snap.recentClosed], [], simMs).all;
    backlog = k.backlog;
    onTime = Number.isFinite(k.onTimeRate.handle) ? k.onTimeRate.handle * 100 : null;
    overdue = k.overdueNow;
  }
  return {
    'traffic.tti': traffic?.cityTti ?? null,
    'traffic.avgSpeed': traffic?.avgSpeedKph ?? null,
    'traffic.delay': traffic?.delayVehHPerH ?? null,
    'energy.balance': energy === null ? null : powerBalanceMw(energy),
    'energy.renewableShare': energy === null ? null : energy.renewableShare * 100,
    'energy.load': energy?.loadMw ?? null,
    'energy.carbon': energy?.carbonIntensityGPerKwh ?? null,
    'resilience.activeHazards': activeHazards(hz.hazards).length,
    'resilience.alertLevel': highestAlert(hz.hazards),
    'resilience.exposed': exposedPeople(hz.hazards, hz.exposure),
    'workload.backlog': backlog,
    'workload.onTime': onTime,
    'workload.overdue': overdue,
  };
}

/** The history module's handle for tests: the store and a promise of the writes in flight. */
export interface HistoryModule extends ServerModule {
  readonly store: KpiSampleStore;
  /** Resolves when every sample written so far is stored. */
  flush(): Promise<void>;
  /** Answers a query (what the socket handler does). */
  answer(raw: unknown): Promise<HistoryAnswer>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Attaches the history module to the server. */
export async function attachHistory(ctx: ServerModuleContext): Promise<HistoryModule> {
  let store: KpiSampleStore;
  try {
    store = ctx.db !== null ? await sqlSampleStore(ctx.db, ctx.sceneName) : memorySampleStore();
  } catch (err) {
    ctx.log(
      `history: database unavailable (${err instanceof Error ? err.message : String(err)}); keeping samples in memory`,
    );
    store = memorySampleStore();
  }
  let traffic: TrafficKpis | null = null;
  let energy: EnergyBalance | null = null;
  let lastSlot = Number.NEGATIVE_INFINITY;
  let writes: Promise<void> = Promise.resolve();
  let failures = 0;

  function sample(simMs: number): void {
    const values = sampleKpis(traffic, energy, ctx, simMs);
    const rows: KpiSample[] = [];
    for (const [kpi, v] of Object.entries(values))
      if (v !== null && Number.isFinite(v)) rows.push({ kpi, simMs, value: v });
    writes = writes.then(() =>
      store.write(rows).catch((err: unknown) => {
        // Logged once per 100 failures: a full disk must not flood the log at the tick rate.
        if (failures++ % 100 === 0)
          ctx.log(
            `history: writing samples failed (${failures}×): ${err instanceof Error ? err.message : String(err)}`,
          );
      }),
    );
  }

  async function answer(raw: unknown): Promise<HistoryAnswer> {
    const q: HistoryQuery | string = validateHistoryQuery(raw);
    if (typeof q === 'string') return { ok: false, reason: q };
    try {
      await writes;
      const first = await store.first();
      const reason =
        first === null ? 'no record yet: no history yet' : `no record yet: history since ${iso(first)}`;
      const seriesMs = (q.seriesH ?? HISTORY_DEFAULT_SERIES_H) * 3_600_000;
      const ids = [...new Set(q.ids)];
      const around = (t: number) => store.range(ids, t - HISTORY_MATCH_MS, t + HISTORY_MATCH_MS);
      const [recent, day, week] = await Promise.all([
        store.range(ids, q.atSimMs - Math.max(seriesMs, HISTORY_MATCH_MS), q.atSimMs + HISTORY_MATCH_MS),
        around(q.atSimMs - DAY_MS),
        around(q.atSimMs - WEEK_MS),
      ]);
      const rows: Record<string, HistoryRow> = {};
      for (const id of ids) {
        const r = recent.get(id) ?? [];
        rows[id] = {
          now: nearestPoint(r, q.atSimMs, reason),
          yesterday: nearestPoint(day.get(id) ?? [], q.atSimMs - DAY_MS, reason),
          lastWeek: nearestPoint(week.get(id) ?? [], q.atSimMs - WEEK_MS, reason),
          series: r.filter((p) => p[0] <= q.atSimMs && p[0] >= q.atSimMs - seriesMs),
        };
      }
      return { ok: true, atSimMs: q.atSimMs, firstSimMs: first, rows };
    } catch (err) {
      return {
        ok: false,
        reason: `history: query failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  const nsp = ctx.io.of(HISTORY_NAMESPACE);
  nsp.on('connection', (socket) => {
    socket.on(HistoryEvent.query, (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      void answer(raw).then((a) => (ack as (a: HistoryAnswer) => void)(a));
    });
  });

  return {
    name: 'history',
    store,
    flush: () => writes,
    answer,
    tick(out: TickOutput) {
      if (out.trafficKpis !== null) traffic = out.trafficKpis.kpis;
      const e = out.energy[out.energy.length - 1];
      if (e !== undefined) energy = e.balance;
      const slot = Math.floor(out.simMs / HISTORY_SAMPLE_MS);
      // The first tick samples too (a restart records at once); then one sample per slot (a clock that went back
      // to an earlier slot samples at once as well).
      if (slot === lastSlot) return;
      lastSlot = slot;
      sample(out.simMs);
    },
    async close() {
      await writes;
      nsp.disconnectSockets(true);
    },
  };
}
