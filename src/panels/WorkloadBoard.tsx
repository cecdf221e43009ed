/**
 * The 一网统管 operations board (issue 6): orders per stage (click filters the list), department load against crews
 * on shift, SLA countdowns, top overdue, recent events and the KPIs (docs/workload.md §KPIs) by department, category
 * or grid cell. Reads the store's work-order slice, sampled at most once a second (a burst of events is one
 * re-render), KPIs at most every KPI_EVERY_MS. Clicking an order selects it ({kind:'workOrder'}) and opens the drawer.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import { workloadKpis, type KpiGroupBy, type KpiSet, type WorkloadKpis } from '../core/workload/kpi.ts';
import { STAGES, type Stage, type WorkOrder, type WorkOrderEvent } from '../core/workload/types.ts';
import {
  byUrgency,
  countdownText,
  departmentLoads,
  localHm,
  pctText,
  sceneOffsetMin,
  slaClass,
  stageCounts,
  type OrderSla,
} from './workloadFormat.ts';
import { WorkOrderDrawer } from './WorkOrderDrawer.tsx';

/** How often the board re-reads the orders at most, ms. */
const SAMPLE_MS = 1000;
/** How often the KPIs are recomputed at most, ms (they fold every order the page knows). */
export const KPI_EVERY_MS = 5000;
/** Rows of the order list and of the overdue list. */
const LIST_ROWS = 10;
const OVERDUE_ROWS = 6;
/** Recent events shown (newest first). */
const RECENT_ROWS = 8;
/** Groups shown in the KPI table (largest backlog first). */
const KPI_GROUP_ROWS = 8;
/** Backlog samples kept for the trend (one per KPI computation). */
const BACKLOG_SAMPLES = 720;
/** Shortest sample span, scene ms, before a backlog trend is shown (shorter spans are noise). */
const TREND_MIN_SPAN_MS = 30 * 60_000;

/** The store's orders and clock, re-read at most every `ms` (transient subscription, DESIGN.md rule 3). */
export function useSampledOrders(ms: number): {
  orders: ReadonlyMap<string, WorkOrder>;
  recent: readonly WorkOrderEvent[];
  version: number;
  nowMs: number;
} {
  const read = () => {
    const s = appStore.getState();
    return { orders: s.woOrders, recent: s.woRecent, version: s.woVersion, nowMs: s.simTimeMs };
  };
  const [snap, setSnap] = useState(read);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      setSnap(read());
    };
    const unsub = appStore.subscribe((s, prev) => {
      if (s.woVersion === prev.woVersion && s.simTimeMs === prev.simTimeMs) return;
      if (timer !== null) return;
      timer = setTimeout(flush, Math.max(0, ms - (performance.now() - last)));
    });
    return () => {
      unsub();
      if (timer !== null) clearTimeout(timer);
    };
  }, [ms]);
  return snap;
}

/** Selects an order (source 'panel'): the drawer opens, both views highlight it and fly there. */
export function selectOrder(id: string): void {
  appStore.getState().select({ kind: 'workOrder', id }, 'panel');
  requestFlyTo();
}

function StageQueues({
  t,
  counts,
  filter,
  onFilter,
}: {
  t: Dict;
  counts: Record<Stage, number>;
  filter: Stage | null;
  onFilter(s: Stage | null): void;
}) {
  return (
    <div className="wo-queues" role="group" aria-label={t.wbQueues} title={t.wbQueuesHint}>
      {STAGES.map((s) => (
        <button
          key={s}
          type="button"
          className={`wo-queue wo-stage-${s}${filter === s ? ' active' : ''}`}
          aria-pressed={filter === s}
          data-testid={`wo-queue-${s}`}
          data-count={counts[s]}
          onClick={() => onFilter(filter === s ? null : s)}
        >
          <span className="wo-queue-n">{counts[s]}</span>
          <span className="wo-queue-label">{t.woStage(s)}</span>
        </button>
      ))}
    </div>
  );
}

function OrderRow({ t, o, offsetMin }: { t: Dict; o: OrderSla; offsetMin: number }) {
  const cls = slaClass(o.sla);
  const selected = useAppStore((s) => s.selection?.kind === 'workOrder' && s.selection.id === o.order.id);
  return (
    <tr
      className={`wo-row wo-row-${cls}${selected ? ' selected' : ''}`}
      data-testid="wo-row"
      data-id={o.order.id}
      data-stage={o.order.stage}
      title={t.wbOpenDrawer}
      onClick={() => selectOrder(o.order.id)}
    >
      <td className="wo-id">{o.order.id.replace(/^wo:0*/, '#')}</td>
      <td className="wo-cat">{t.woCategory(o.order.category)}</td>
      <td>
        <span className={`wo-stage-chip wo-stage-${o.order.stage}`}>{t.woStage(o.order.stage)}</span>
      </td>
      <td className={`wo-due sla-${cls}`} title={`${localHm(o.sla.dueMs, offsetMin)}`}>
        {countdownText(o.sla.remainingMs)}
      </td>
    </tr>
  );
}

function OrderTable({ t, rows, offsetMin }: { t: Dict; rows: readonly OrderSla[]; offsetMin: number }) {
  return (
    <table className="wo-table">
      <thead>
        <tr>
          <th>{t.wbColId}</th>
          <th>{t.wbColCategory}</th>
          <th>{t.wbColStage}</th>
          <th title={t.wbSlaTitle}>{t.wbColDue}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <OrderRow key={r.order.id} t={t} o={r} offsetMin={offsetMin} />
        ))}
      </tbody>
    </table>
  );
}

function DepartmentTable({
  t,
  orders,
  nowMs,
  offsetMin,
}: {
  t: Dict;
  orders: ReadonlyMap<string, WorkOrder>;
  nowMs: number;
  offsetMin: number;
}) {
  const loads = useMemo(
    () =>
      departmentLoads(orders.values(), nowMs, offsetMin)
        .filter((d) => d.waiting + d.inProgress > 0)
        .sort((a, b) => b.loadRatio - a.loadRatio),
    [orders, nowMs, offsetMin],
  );
  return (
    <table className="wo-table wo-dept" title={t.wbDeptTitle}>
      <thead>
        <tr>
          <th>{t.wbDeptHead}</th>
          <th>{t.wbDeptWaiting}</th>
          <th>{t.wbDeptBusy}</th>
          <th>{t.wbDeptStaff}</th>
          <th>{t.wbDeptLoad}</th>
        </tr>
      </thead>
      <tbody>
        {loads.map((d) => {
          const pct = Number.isFinite(d.loadRatio) ? d.loadRatio * 100 : Infinity;
          const level = pct > 100 ? 'over' : pct > 80 ? 'high' : 'ok';
          return (
            <tr key={d.id} data-testid="wo-dept" data-id={d.id}>
              <td>{t.woDepartment(d.id)}</td>
              <td className="num">{d.waiting}</td>
              <td className="num">{d.inProgress}</td>
              <td className="num">{d.staff}</td>
              <td className={`wo-load wo-load-${level}`}>
                <span className="wo-load-bar" style={{ width: `${Math.min(100, pct)}%` }} />
                <span className="wo-load-text">{Number.isFinite(pct) ? `${fmt(pct, 0)} %` : '∞'}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function eventText(t: Dict, e: WorkOrderEvent): string {
  const a = e.action;
  switch (a.kind) {
    case 'dispatch':
      return `${t.wdAction(a.kind)} → ${t.woDepartment(a.department)}`;
    case 'verify':
      return `${t.wdAction(a.kind)} ${t.wdVerifyResult(a.ok)}`;
    case 'create':
      return `${t.wdAction(a.kind)} · ${t.woCategory(a.report.category)}`;
    case 'escalate':
      return `${t.wdAction(a.kind)} ${a.level}`;
    default:
      return t.wdAction(a.kind);
  }
}

function RecentEvents({
  t,
  recent,
  offsetMin,
}: {
  t: Dict;
  recent: readonly WorkOrderEvent[];
  offsetMin: number;
}) {
  const rows = recent.slice(-RECENT_ROWS).reverse();
  if (rows.length === 0) return <p className="muted">{t.wbRecentNone}</p>;
  return (
    <ul className="wo-recent" data-testid="wo-recent">
      {rows.map((e) => (
        <li key={e.seq} onClick={() => selectOrder(e.orderId)} title={t.wbOpenDrawer}>
          <span className="wo-time">{localHm(e.simTimeMs, offsetMin)}</span>
          <span className="wo-id">{e.orderId.replace(/^wo:0*/, '#')}</span>
          <span className="wo-what">{eventText(t, e)}</span>
          <span className={`wo-stage-chip wo-stage-${e.to}`}>{t.woStage(e.to)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Group label of a KPI group key. */
function groupLabel(t: Dict, by: KpiGroupBy, key: string): string {
  switch (by) {
    case 'department':
      return key === 'none' ? t.wbNoDept : t.woDepartment(key);
    case 'category':
      return t.woCategory(key);
    case 'gridCell':
      return t.wbGridCell(Number(key));
    default: {
      const never: never = by;
      return never;
    }
  }
}

/** Backlog trend per day from the page's own samples (scene time), or NaN when they span too little time. */
function backlogTrendPerDay(samples: readonly { tMs: number; backlog: number }[]): number {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined || last.tMs - first.tMs < TREND_MIN_SPAN_MS) return NaN;
  return ((last.backlog - first.backlog) * 86_400_000) / (last.tMs - first.tMs);
}

function KpiBlock({ t }: { t: Dict }) {
  const [by, setBy] = useState<KpiGroupBy | 'all'>('all');
  const [k, setK] = useState<WorkloadKpis | null>(null);
  const samples = useRef<{ tMs: number; backlog: number }[]>([]);
  useEffect(() => {
    const compute = () => {
      const s = appStore.getState();
      if (s.woVersion === 0) return;
      const r = workloadKpis(s.woOrders.values(), s.woRecent, s.simTimeMs, by === 'all' ? undefined : by);
      const list = samples.current;
      const lastT = list[list.length - 1]?.tMs ?? -Infinity;
      if (s.simTimeMs > lastT) list.push({ tMs: s.simTimeMs, backlog: r.all.backlog });
      // Trend over the last hour of scene time at most (older samples describe another situation).
      while (list.length > BACKLOG_SAMPLES || (list.length > 2 && list[0]!.tMs < s.simTimeMs - 3_600_000))
        list.shift();
      setK(r);
    };
    compute();
    const id = setInterval(compute, KPI_EVERY_MS);
    return () => clearInterval(id);
  }, [by]);
  const a = k?.all;
  const trend = backlogTrendPerDay(samples.current);
  const groups =
    k && k.by !== null
      ? [...k.groups.entries()].sort((x, y) => y[1].backlog - x[1].backlog).slice(0, KPI_GROUP_ROWS)
      : [];
  const byOptions: [KpiGroupBy | 'all', string][] = [
    ['all', t.wbByAll],
    ['department', t.wbByDepartment],
    ['category', t.wbByCategory],
    ['gridCell', t.wbByGridCell],
  ];
  return (
    <div className="wo-kpis" data-testid="wo-kpis">
      <div className="wo-sub-head">
        <h3>{t.wbKpis}</h3>
        <label className="wo-by">
          {t.wbKpiBy}{' '}
          <select
            value={by}
            data-testid="wo-kpi-by"
            onChange={(e) => setBy(e.target.value as KpiGroupBy | 'all')}
          >
            {byOptions.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      {a && (
        <div className="wo-kpi-grid">
          <div className="wo-kpi" title={t.wbBacklogF}>
            <span className="wo-kpi-label">{t.wbBacklog}</span>
            <span className="wo-kpi-value" data-testid="wo-kpi-backlog" data-value={a.backlog}>
              {a.backlog}
            </span>
            <span className={`wo-kpi-note trend-${trend > 0 ? 'up' : trend < 0 ? 'down' : 'flat'}`}>
              {Number.isFinite(trend) ? `${trend > 0 ? '+' : ''}${fmt(trend, 0)}${t.wbPerDay}` : '—'}
            </span>
          </div>
          <div className="wo-kpi" title={t.wbClosureF}>
            <span className="wo-kpi-label">{t.wbClosure}</span>
            <span className="wo-kpi-value">{pctText(a.closureRate)}</span>
            <span className="wo-kpi-note">
              {a.closed} / {a.orders - a.rejected}
            </span>
          </div>
          <div className="wo-kpi wide" title={t.wbOnTimeF}>
            <span className="wo-kpi-label">{t.wbOnTime}</span>
            <span className="wo-kpi-ontime">
              {t.wbOnTimeAccept} <b>{pctText(a.onTimeRate.accept)}</b> · {t.wbOnTimeDispatch}{' '}
              <b>{pctText(a.onTimeRate.dispatch)}</b> · {t.wbOnTimeHandle}{' '}
              <b data-testid="wo-kpi-ontime-handle">{pctText(a.onTimeRate.handle)}</b>
            </span>
          </div>
          <div className="wo-kpi" title={t.wbHandleF}>
            <span className="wo-kpi-label">{t.wbHandle}</span>
            <span className="wo-kpi-value">
              {fmt(a.meanHandleH, 1)} / {fmt(a.p90HandleH, 1)}
            </span>
            <span className="wo-kpi-note">{t.wbHours} (mean / p90)</span>
          </div>
          <div className="wo-kpi" title={`${t.wbReopenF}\n${t.wbDuplicateF}`}>
            <span className="wo-kpi-label">
              {t.wbReopen} · {t.wbDuplicate}
            </span>
            <span className="wo-kpi-value">
              {pctText(a.reopenRate)} · {pctText(a.duplicateRate)}
            </span>
          </div>
          <div className="wo-kpi" title={t.wbSlaTitle}>
            <span className="wo-kpi-label">{t.wbOverdueNow}</span>
            <span className={`wo-kpi-value${a.overdueNow > 0 ? ' sla-overdue' : ''}`}>{a.overdueNow}</span>
          </div>
        </div>
      )}
      {k && k.by !== null && (
        <table className="wo-table wo-kpi-table" data-testid="wo-kpi-groups">
          <thead>
            <tr>
              <th>{t.wbGroup}</th>
              <th title={t.wbBacklogF}>{t.wbBacklog}</th>
              <th title={t.wbClosureF}>{t.wbClosure}</th>
              <th title={t.wbOnTimeF}>{t.wbOnTimeHandle}</th>
              <th title={t.wbHandleF}>p90 {t.wbHours}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map(([key, g]: [string, KpiSet]) => (
              <tr key={key}>
                <td>{groupLabel(t, k.by!, key)}</td>
                <td className="num">{g.backlog}</td>
                <td className="num">{pctText(g.closureRate)}</td>
                <td className="num">{pctText(g.onTimeRate.handle)}</td>
                <td className="num">{fmt(g.p90HandleH, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="wo-foot muted">{t.wbKpiEvery(KPI_EVERY_MS / 1000)}</p>
    </div>
  );
}

/** The board. `variant="wall"` is the same content with larger type for the wall display. */
export function WorkloadBoard({ variant = 'full' }: { variant?: 'full' | 'wall' }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const live = useAppStore((s) => s.connection.phase === 'live');
  const { orders, recent, version, nowMs } = useSampledOrders(SAMPLE_MS);
  const [filter, setFilter] = useState<Stage | null>(null);
  const offsetMin = sceneOffsetMin();
  const counts = useMemo(() => stageCounts(orders.values()), [orders]);
  const list = useMemo(() => byUrgency(orders.values(), nowMs, LIST_ROWS, filter), [orders, nowMs, filter]);
  const overdue = useMemo(
    () => byUrgency(orders.values(), nowMs, OVERDUE_ROWS).filter((o) => o.sla.overdue),
    [orders, nowMs],
  );
  return (
    <section className={`panel wo-board ${variant}`} data-testid="wo-board" data-version={version}>
      <header className="panel-head">
        <h2>{t.wbTitle}</h2>
        <span className="tp-asof" title={t.wbAsOf}>
          {nowMs > 0 ? localHm(nowMs, offsetMin) : ''}
        </span>
      </header>
      {version === 0 ? (
        <p className="muted" data-testid="wo-board-waiting">
          {live ? t.wbWaiting : t.wbNoFeed}
        </p>
      ) : (
        <>
          <StageQueues t={t} counts={counts} filter={filter} onFilter={setFilter} />
          <h3 className="wo-h3" title={t.wbSlaTitle}>
            {t.wbOrderList(filter === null ? t.wbSla : t.woStage(filter))}
          </h3>
          <OrderTable t={t} rows={list} offsetMin={offsetMin} />
          <h3 className="wo-h3 sla-overdue-head" title={t.wbSlaTitle}>
            {t.wbOverdue}
          </h3>
          {overdue.length === 0 ? (
            <p className="muted">{t.wbOverdueNone}</p>
          ) : (
            <div data-testid="wo-overdue">
              <OrderTable t={t} rows={overdue} offsetMin={offsetMin} />
            </div>
          )}
          <h3 className="wo-h3" title={t.wbDeptTitle}>
            {t.wbDepartments}
          </h3>
          <DepartmentTable t={t} orders={orders} nowMs={nowMs} offsetMin={offsetMin} />
          <h3 className="wo-h3">{t.wbRecent}</h3>
          <RecentEvents t={t} recent={recent} offsetMin={offsetMin} />
          <KpiBlock t={t} />
        </>
      )}
      <WorkOrderDrawer />
    </section>
  );
}
