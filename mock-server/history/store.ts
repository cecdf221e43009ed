/**
 * Where KPI samples live (docs/protocol.md §12): the table `kpi_samples` of the work-order database (PGlite or
 * PostgreSQL, mock-server/workload/db.ts) so the history survives a restart, or an in-memory ring when the server runs
 * without a database. Both keep HISTORY_RETAIN_MS of simulated time behind the newest sample (bounded).
 */
import type { SqlDb } from '../workload/db.ts';
import { HISTORY_RETAIN_MS, HISTORY_SAMPLE_MS } from '../../src/core/protocol/historyMessages.ts';

/** One sample. */
export interface KpiSample {
  readonly kpi: string;
  readonly simMs: number;
  readonly value: number;
}

/** A sample store of one scene. */
export interface KpiSampleStore {
  /** Writes samples (a sample at the same kpi and time replaces the old one), then drops expired ones. */
  write(samples: readonly KpiSample[]): Promise<void>;
  /** Samples of `kpis` with fromMs ≤ simMs ≤ toMs, ascending per kpi. */
  range(kpis: readonly string[], fromMs: number, toMs: number): Promise<Map<string, [number, number][]>>;
  /** The oldest sample's time, or null when there is none. */
  first(): Promise<number | null>;
  /** Samples held (tests, stats). */
  count(): Promise<number>;
}

export const KPI_SAMPLES_SCHEMA = `
create table if not exists kpi_samples (
  scene text not null,
  kpi text not null,
  sim_ms double precision not null,
  value double precision not null,
  primary key (scene, kpi, sim_ms)
);
create index if not exists kpi_samples_time on kpi_samples (scene, sim_ms);
`;

/** The database store of scene `scene` (creates the table when missing). */
export async function sqlSampleStore(db: SqlDb, scene: string): Promise<KpiSampleStore> {
  await db.exec(KPI_SAMPLES_SCHEMA);
  let firstMs: number | null = null;
  const loadFirst = async (): Promise<void> => {
    const r = await db.query<{ m: number | null }>(
      'select min(sim_ms) as m from kpi_samples where scene = $1',
      [scene],
    );
    const m = r[0]?.m;
    firstMs = m === null || m === undefined ? null : Number(m);
  };
  await loadFirst();
  return {
    async write(samples) {
      if (samples.length === 0) return;
      const newest = Math.max(...samples.map((s) => s.simMs));
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into kpi_samples (scene, kpi, sim_ms, value)
             select $1, x.kpi, x.sim_ms, x.value
             from jsonb_to_recordset($2::jsonb) as x(kpi text, sim_ms double precision, value double precision)
           on conflict (scene, kpi, sim_ms) do update set value = excluded.value`,
          [scene, JSON.stringify(samples.map((s) => ({ kpi: s.kpi, sim_ms: s.simMs, value: s.value })))],
        );
        await tx.query('delete from kpi_samples where scene = $1 and sim_ms < $2', [
          scene,
          newest - HISTORY_RETAIN_MS,
        ]);
      });
      if (firstMs === null || firstMs < newest - HISTORY_RETAIN_MS || newest < firstMs) await loadFirst();
    },
    async range(kpis, fromMs, toMs) {
      const rows = await db.query<{ kpi: string; sim_ms: number; value: number }>(
        `select kpi, sim_ms, value from kpi_samples
          where scene = $1 and kpi = any($2::text[]) and sim_ms >= $3 and sim_ms <= $4
          order by kpi, sim_ms`,
        [scene, kpis, fromMs, toMs],
      );
      const out = new Map<string, [number, number][]>();
      for (const r of rows) {
        let a = out.get(r.kpi);
        if (a === undefined) out.set(r.kpi, (a = []));
        a.push([Number(r.sim_ms), Number(r.value)]);
      }
      return out;
    },
    first: () => Promise.resolve(firstMs),
    async count() {
      const r = await db.query<{ n: number }>('select count(*)::int as n from kpi_samples where scene = $1', [
        scene,
      ]);
      return Number(r[0]?.n ?? 0);
    },
  };
}

/** Samples kept per KPI in memory: the retention span at the sampling period, plus a margin for irregular ticks. */
export const MEMORY_SAMPLES_PER_KPI = Math.ceil((1.25 * HISTORY_RETAIN_MS) / HISTORY_SAMPLE_MS);

/** The in-memory store (no database): per KPI an ascending array, trimmed by time and count. */
export function memorySampleStore(): KpiSampleStore {
  const byKpi = new Map<string, [number, number][]>();
  return {
    write(samples) {
      for (const s of samples) {
        let a = byKpi.get(s.kpi);
        if (a === undefined) byKpi.set(s.kpi, (a = []));
        const last = a[a.length - 1];
        // A sample older than the newest one (a new timeline) starts the series over.
        if (last !== undefined && s.simMs < last[0]) a.length = 0;
        if (last !== undefined && s.simMs === last[0]) last[1] = s.value;
        else a.push([s.simMs, s.value]);
        let drop = 0;
        while (drop < a.length && a[drop]![0] < s.simMs - HISTORY_RETAIN_MS) drop++;
        drop = Math.max(drop, a.length - MEMORY_SAMPLES_PER_KPI);
        if (drop > 0) a.splice(0, drop);
      }
      return Promise.resolve();
    },
    range(kpis, fromMs, toMs) {
      const out = new Map<string, [number, number][]>();
      for (const k of kpis) {
        const a = byKpi.get(k);
        if (a === undefined) continue;
        const sel = a.filter((p) => p[0] >= fromMs && p[0] <= toMs);
        if (sel.length > 0) out.set(k, sel);
      }
      return Promise.resolve(out);
    },
    first() {
      let m: number | null = null;
      for (const a of byKpi.values()) if (a.length > 0 && (m === null || a[0]![0] < m)) m = a[0]![0];
      return Promise.resolve(m);
    },
    count() {
      let n = 0;
      for (const a of byKpi.values()) n += a.length;
      return Promise.resolve(n);
    },
  };
}
