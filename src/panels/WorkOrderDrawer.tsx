/**
 * The work-order drawer (issue 6): opens for a selected order ({kind:'workOrder'}); shows its SLA countdown, facts,
 * reporters and sources, attachments (placeholder files served by the feed server), a map snippet (SVG of the roads
 * and buildings around it from the CityModel: no second WebGL context), the operator actions legal in its stage
 * (each a woAction; buttons disabled while one is pending; a refusal shows the server's reason) and the full timeline
 * (woTimeline: who, when, why), refetched whenever the order's version changes.
 */
import { useEffect, useMemo, useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { getModel } from '../app/sceneHolder.ts';
import { slaStatus } from '../core/workload/sla.ts';
import { DEPARTMENTS, categoryById } from '../core/workload/taxonomy.ts';
import type { WorkOrder, WorkOrderEvent } from '../core/workload/types.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { WoClientAction } from '../core/protocol/workloadMessages.ts';
import { woAction, woTimeline } from '../feed/workOrders.ts';
import type { WoTimeline } from '../feed/workOrderWire.ts';
import {
  actionsFor,
  countdownText,
  isOpenStage,
  localDayHm,
  sceneOffsetMin,
  slaClass,
  type OperatorAction,
} from './workloadFormat.ts';
import type { Lang } from '../state/uiSlice.ts';

/** Map snippet window, metres (east-west × north-south). */
const SNIP_W_M = 400;
const SNIP_H_M = 300;

/** Roads (polylines) and building outlines within the window around (cx, cy), as SVG path data in window metres. */
export function snippetPaths(
  model: CityModel,
  cx: number,
  cy: number,
  wM: number,
  hM: number,
): { roads: string; buildings: string } {
  const x0 = cx - wM / 2;
  const x1 = cx + wM / 2;
  const y0 = cy - hM / 2;
  const y1 = cy + hM / 2;
  // SVG y grows downwards: north up means y_svg = y1 − y.
  const pt = (x: number, y: number): string => `${(x - x0).toFixed(1)} ${(y1 - y).toFixed(1)}`;
  const r = model.roads;
  const roads: string[] = [];
  for (let i = 0; i < r.linkCount; i++) {
    // Each two-way road is two links over the same vertices: draw the one from the lower node index only.
    if (r.linkFrom[i]! > r.linkTo[i]!) continue;
    const a = r.geomStart[i]!;
    const b = r.geomStart[i + 1]!;
    let inside = false;
    for (let v = a; v < b && !inside; v++) {
      const x = r.geomXY[2 * v]!;
      const y = r.geomXY[2 * v + 1]!;
      inside = x >= x0 - 50 && x <= x1 + 50 && y >= y0 - 50 && y <= y1 + 50;
    }
    if (!inside) continue;
    let d = '';
    for (let v = a; v < b; v++) d += `${v === a ? 'M' : 'L'}${pt(r.geomXY[2 * v]!, r.geomXY[2 * v + 1]!)}`;
    roads.push(d);
  }
  const bl = model.buildings;
  const buildings: string[] = [];
  for (let i = 0; i < bl.count; i++) {
    const ring = bl.polyStart[i]!;
    const a = bl.ringStart[ring]!;
    const b = bl.ringStart[ring + 1]!;
    const fx = bl.xy[2 * a]!;
    const fy = bl.xy[2 * a + 1]!;
    if (fx < x0 - 60 || fx > x1 + 60 || fy < y0 - 60 || fy > y1 + 60) continue;
    let d = '';
    for (let v = a; v < b; v++) d += `${v === a ? 'M' : 'L'}${pt(bl.xy[2 * v]!, bl.xy[2 * v + 1]!)}`;
    buildings.push(`${d}Z`);
  }
  return { roads: roads.join(''), buildings: buildings.join('') };
}

function MapSnippet({ t, order }: { t: Dict; order: WorkOrder }) {
  const model = getModel();
  const paths = useMemo(
    () => (model ? snippetPaths(model, order.x, order.y, SNIP_W_M, SNIP_H_M) : null),
    [model, order.x, order.y],
  );
  if (!paths) return null;
  const cls = slaClass(slaStatus(order, appStore.getState().simTimeMs));
  return (
    <svg
      className="wo-snippet"
      data-testid="wo-snippet"
      viewBox={`0 0 ${SNIP_W_M} ${SNIP_H_M}`}
      role="img"
      aria-label={t.wdMapTitle}
    >
      <title>{t.wdMapTitle}</title>
      <rect width={SNIP_W_M} height={SNIP_H_M} className="wo-snip-bg" />
      <path d={paths.buildings} className="wo-snip-bld" />
      <path d={paths.roads} className="wo-snip-road" />
      <circle cx={SNIP_W_M / 2} cy={SNIP_H_M / 2} r={14} className={`wo-snip-halo sla-${cls}`} />
      <circle cx={SNIP_W_M / 2} cy={SNIP_H_M / 2} r={6} className={`wo-snip-dot wo-stage-${order.stage}`} />
      {/* Scale bar: 100 m. */}
      <g className="wo-snip-scale" transform={`translate(10 ${SNIP_H_M - 12})`}>
        <line x1={0} x2={100} y1={0} y2={0} />
        <text x={50} y={-4} textAnchor="middle">
          100 m
        </text>
      </g>
      <text x={SNIP_W_M - 12} y={20} className="wo-snip-north" textAnchor="middle">
        N↑
      </text>
    </svg>
  );
}

function timelineWhy(t: Dict, lang: Lang, e: WorkOrderEvent): string {
  const a = e.action;
  switch (a.kind) {
    case 'create':
      return lang === 'zh' ? a.report.description.zh : a.report.description.en;
    case 'reject':
      return a.reason === 'duplicate' ? `duplicate of ${a.duplicateOf ?? '?'}` : a.reason;
    case 'dispatch':
      return t.woDepartment(a.department);
    case 'refuse':
    case 'reopen':
      return a.reason;
    case 'start':
      return a.unit !== undefined && a.unit !== e.actor.id ? a.unit : '';
    case 'handle':
      return a.note;
    case 'verify':
      return `${t.wdVerifyResult(a.ok)}${a.note ? ` · ${a.note}` : ''}`;
    case 'comment':
      return a.text;
    case 'merge':
      return a.reportIds.join(', ');
    case 'escalate':
      return `${a.stage} · ${t.wdEscalationLevel(a.level)}`;
    case 'accept':
    case 'close':
      return '';
    default: {
      const never: never = a;
      return String(never);
    }
  }
}

type ActState =
  { phase: 'idle' } | { phase: 'pending' } | { phase: 'done' } | { phase: 'refused'; reason: string };

function Actions({ t, order }: { t: Dict; order: WorkOrder }) {
  const [st, setSt] = useState<ActState>({ phase: 'idle' });
  const [dept, setDept] = useState(categoryById(order.category)?.department ?? DEPARTMENTS[0]!.id);
  const [mergeFrom, setMergeFrom] = useState('');
  const [comment, setComment] = useState('');
  const orders = useAppStore((s) => s.woOrders);
  useEffect(() => {
    setSt({ phase: 'idle' });
    setDept(categoryById(order.category)?.department ?? DEPARTMENTS[0]!.id);
    setMergeFrom('');
  }, [order.id, order.category]);
  const allowed = actionsFor(order.stage);
  // Merge candidates: other open orders, same category first (the server refuses other categories, with a reason).
  const candidates = useMemo(() => {
    const c = [...orders.values()].filter((o) => o.id !== order.id && isOpenStage(o.stage));
    c.sort(
      (a, b) =>
        Number(b.category === order.category) - Number(a.category === order.category) ||
        (a.id < b.id ? -1 : 1),
    );
    return c.slice(0, 60);
  }, [orders, order.id, order.category]);
  if (allowed.length === 0) return <p className="muted">{t.wdNoActions}</p>;
  const pending = st.phase === 'pending';
  const send = (a: WoClientAction): void => {
    setSt({ phase: 'pending' });
    woAction(order.id, a, { expectedVersion: order.version }).then(
      () => setSt({ phase: 'done' }),
      (err: unknown) => setSt({ phase: 'refused', reason: err instanceof Error ? err.message : String(err) }),
    );
  };
  const btn = (k: OperatorAction, label: string, a: () => WoClientAction | null, extra = '') => (
    <button
      key={k}
      type="button"
      className={`btn wo-act wo-act-${k} ${extra}`}
      data-testid={`wo-act-${k}`}
      disabled={pending}
      onClick={() => {
        const x = a();
        if (x !== null) send(x);
      }}
    >
      {label}
    </button>
  );
  return (
    <div className="wo-actions" data-testid="wo-actions" data-phase={st.phase}>
      {allowed.map((k) => {
        switch (k) {
          case 'accept':
            return btn(k, t.wdAccept, () => ({ kind: 'accept' }), 'primary');
          case 'reject':
            return btn(k, t.wdReject, () => ({ kind: 'reject', reason: 'invalid' }));
          case 'dispatch':
            return (
              <div className="wo-act-row" key={k}>
                <label>
                  {t.wdDispatchTo}{' '}
                  <select
                    value={dept}
                    data-testid="wo-dispatch-dept"
                    onChange={(e) => setDept(e.target.value)}
                    disabled={pending}
                  >
                    {DEPARTMENTS.map((d) => (
                      <option key={d.id} value={d.id}>
                        {t.woDepartment(d.id)}
                      </option>
                    ))}
                  </select>
                </label>
                {btn(k, t.wdDispatch, () => ({ kind: 'dispatch', department: dept }), 'primary')}
              </div>
            );
          case 'merge':
            return (
              <div className="wo-act-row" key={k}>
                <select
                  value={mergeFrom}
                  data-testid="wo-merge-from"
                  aria-label={t.wdMergePick}
                  onChange={(e) => setMergeFrom(e.target.value)}
                  disabled={pending || candidates.length === 0}
                >
                  <option value="">{candidates.length === 0 ? t.wdMergeNone : t.wdMergePick}</option>
                  {candidates.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.id} · {t.woCategory(o.category)} · {t.woStage(o.stage)}
                    </option>
                  ))}
                </select>
                {btn(k, t.wdMerge, () => (mergeFrom === '' ? null : { kind: 'merge', from: mergeFrom }))}
              </div>
            );
          case 'comment':
            return (
              <div className="wo-act-row" key={k}>
                <input
                  type="text"
                  value={comment}
                  placeholder={t.wdCommentPh}
                  data-testid="wo-comment-text"
                  maxLength={500}
                  onChange={(e) => setComment(e.target.value)}
                  disabled={pending}
                />
                {btn(k, t.wdComment, () => {
                  const text = comment.trim();
                  if (text === '') return null;
                  setComment('');
                  return { kind: 'comment', text };
                })}
              </div>
            );
          case 'handle':
            return btn(k, t.wdHandle, () => ({ kind: 'handle', note: t.wdHandleNote }), 'primary');
          case 'verifyOk':
            return btn(k, t.wdVerifyOk, () => ({ kind: 'verify', ok: true }), 'primary');
          case 'verifyNotOk':
            return btn(k, t.wdVerifyNotOk, () => ({ kind: 'verify', ok: false, note: t.wdVerifyNote }));
          case 'close':
            return btn(k, t.wdCloseOrder, () => ({ kind: 'close' }), 'primary');
          case 'reopen':
            return btn(k, t.wdReopen, () => ({ kind: 'reopen', reason: t.wdReopenReason }));
          default: {
            const never: never = k;
            return never;
          }
        }
      })}
      {st.phase === 'pending' && <p className="muted">{t.wdPending}</p>}
      {st.phase === 'refused' && (
        <p className="wo-refused" role="alert" data-testid="wo-refused">
          {t.wdRefused}
          {st.reason}
        </p>
      )}
    </div>
  );
}

function Timeline({ t, lang, order }: { t: Dict; lang: Lang; order: WorkOrder }) {
  const [tl, setTl] = useState<{ id: string; data: WoTimeline | null; error: string }>({
    id: '',
    data: null,
    error: '',
  });
  useEffect(() => {
    let alive = true;
    woTimeline(order.id).then(
      (data) => alive && setTl({ id: order.id, data, error: '' }),
      (err: unknown) =>
        alive && setTl({ id: order.id, data: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      alive = false;
    };
  }, [order.id, order.version]);
  const off = sceneOffsetMin();
  const data = tl.id === order.id ? tl.data : null;
  return (
    <>
      <h3 className="wo-h3">{t.wdReporters}</h3>
      <ul className="wo-reporters">
        {(data?.reports ?? []).map((r) => (
          <li key={r.id}>
            <span className="wo-src">{t.wdSource(r.source)}</span> {r.reporter}{' '}
            <span className="muted">{localDayHm(r.simTimeMs, off)}</span>
          </li>
        ))}
        {data === null &&
          order.reporters.map((r, i) => (
            <li key={r}>
              {t.wdSource(order.sources[i] ?? '')} {r}
            </li>
          ))}
      </ul>
      <h3 className="wo-h3">{t.wdAttachments}</h3>
      {data && data.attachments.length === 0 && <p className="muted">{t.wdNoAttachments}</p>}
      {data && data.attachments.length > 0 && (
        <ul className="wo-files" data-testid="wo-files">
          {data.attachments.map((f) => (
            <li key={f.fileName}>
              <a href={f.url} target="_blank" rel="noreferrer">
                {f.fileName}
              </a>{' '}
              <span className="muted">
                {f.mediaType} · {(f.bytes / 1024).toFixed(1)} KB
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="wo-h3">{t.wdTimeline}</h3>
      {tl.error !== '' && tl.id === order.id && (
        <p className="wo-refused">
          {t.wdTimelineError}
          {tl.error}
        </p>
      )}
      {data === null && tl.error === '' && <p className="muted">{t.wdTimelineLoading}</p>}
      {data && (
        <ol className="wo-timeline" data-testid="wo-timeline" data-count={data.events.length}>
          {[...data.events].reverse().map((e) => (
            <li key={e.seq} className={`wo-tl-${e.action.kind}`}>
              <div className="wo-tl-head">
                <span className="wo-time">{localDayHm(e.simTimeMs, off)}</span>
                <b>{t.wdAction(e.action.kind)}</b>
                {e.from !== e.to && (
                  <span className="muted">
                    {e.from !== null ? `${t.woStage(e.from)} → ` : ''}
                    {t.woStage(e.to)}
                  </span>
                )}
              </div>
              <div className="wo-tl-body">
                <span className="wo-who">{t.wdActor(e.actor.kind, e.actor.id)}</span>
                {timelineWhy(t, lang, e) !== '' && (
                  <span className="wo-why"> · {timelineWhy(t, lang, e)}</span>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** The drawer of the selected work order (renders nothing when no order is selected). */
export function WorkOrderDrawer() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const id = useAppStore((s) => (s.selection?.kind === 'workOrder' ? s.selection.id : null));
  const order = useAppStore((s) => (id === null ? undefined : s.woOrders.get(id)));
  const nowMs = useAppStore((s) => s.simTimeMs);
  if (id === null || order === undefined) return null;
  const sla = slaStatus(order, nowMs);
  const cls = slaClass(sla);
  const off = sceneOffsetMin();
  const slaStageName =
    sla.stage === 'accept'
      ? t.wbOnTimeAccept
      : sla.stage === 'dispatch'
        ? t.wbOnTimeDispatch
        : t.wbOnTimeHandle;
  return (
    <aside
      className="wo-drawer"
      data-testid="wo-drawer"
      data-id={order.id}
      data-stage={order.stage}
      aria-label={t.wdTitle}
    >
      <header className="wo-drawer-head">
        <div>
          <div className="wo-drawer-title">
            <span className="wo-id">{order.id}</span>
            <span className={`wo-stage-chip wo-stage-${order.stage}`} data-testid="wo-drawer-stage">
              {t.woStage(order.stage)}
            </span>
            <span className={`wo-prio p${order.priority}`} title={t.wdPriorityTitle}>
              {t.wdPriority(order.priority)}
            </span>
          </div>
          <div className="wo-drawer-cat">{t.woCategory(order.category)}</div>
        </div>
        <button
          type="button"
          className="btn wo-drawer-close"
          data-testid="wo-drawer-close"
          onClick={() => appStore.getState().select(null, null)}
          aria-label={t.wdClose}
        >
          ✕
        </button>
      </header>
      <div className={`wo-drawer-sla sla-${cls}`} data-testid="wo-drawer-sla">
        {sla.stage === null ? (
          t.wdNoClock
        ) : (
          <>
            {t.wdDue(slaStageName)} {localDayHm(sla.dueMs, off)} · <b>{countdownText(sla.remainingMs)}</b>
          </>
        )}
      </div>
      <dl className="kv wo-facts">
        <div>
          <dt>{t.wdCreated}</dt>
          <dd>{localDayHm(order.createdMs, off)}</dd>
        </div>
        <div>
          <dt>{t.wdStageSince}</dt>
          <dd>{localDayHm(order.stageSinceMs, off)}</dd>
        </div>
        <div>
          <dt>{t.woDepartmentLabel}</dt>
          <dd>{order.department === null ? '—' : t.woDepartment(order.department)}</dd>
        </div>
        <div>
          <dt>{t.wdUnit}</dt>
          <dd>{order.unit ?? '—'}</dd>
        </div>
        <div>
          <dt>{t.wdEscalation}</dt>
          <dd className={order.escalation > 0 ? 'sla-overdue' : ''}>
            {t.wdEscalationLevel(order.escalation)}
          </dd>
        </div>
      </dl>
      <h3 className="wo-h3">{t.wdActions}</h3>
      <Actions t={t} order={order} />
      <h3 className="wo-h3">{t.wdMap}</h3>
      <MapSnippet t={t} order={order} />
      <Timeline t={t} lang={lang} order={order} />
    </aside>
  );
}
