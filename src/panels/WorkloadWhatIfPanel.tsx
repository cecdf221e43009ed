/**
 * The planner's work-order what-if (issue 6): arrival surge by category (+X %), staffing change per department (crews
 * per shift), handle-deadline change (%) → simulated backlog at day end and on-time rate per day over the next N days,
 * scenario vs baseline (src/core/workload/whatIf.ts in src/scenario/workloadWhatIf.worker.ts), with progress and
 * cancel, a table and a small chart. The live backlog (dispatched and in-progress orders) is carried in.
 */
import { useEffect, useRef, useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { DEPARTMENTS, TAXONOMY } from '../core/workload/taxonomy.ts';
import type { WorkloadDay, WorkloadLever, WorkloadWhatIfResult } from '../core/workload/whatIf.ts';
import {
  startWorkloadWhatIf,
  WorkloadWhatIfCancelled,
  workloadWhatIfInput,
  type WorkloadWhatIfRun,
} from '../scenario/workloadWhatIfClient.ts';
import { pctText, sceneOffsetMin } from './workloadFormat.ts';

type Phase =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly done: number; readonly total: number }
  | { readonly phase: 'done'; readonly result: WorkloadWhatIfResult; readonly elapsedMs: number }
  | { readonly phase: 'error'; readonly message: string };

const CHART_W = 300;
const CHART_H = 120;
const PAD_L = 34;
const PAD_B = 18;

/** Backlog at day end, baseline dashed and scenario solid, with a y axis in orders and an x axis in days. */
function BacklogChart({
  t,
  base,
  scen,
}: {
  t: Dict;
  base: readonly WorkloadDay[];
  scen: readonly WorkloadDay[];
}) {
  const n = Math.max(base.length, scen.length);
  const maxY = Math.max(1, ...base.map((d) => d.backlogEnd), ...scen.map((d) => d.backlogEnd));
  const x = (i: number): number => PAD_L + (n <= 1 ? 0 : (i / (n - 1)) * (CHART_W - PAD_L - 6));
  const y = (v: number): number => 6 + (1 - v / maxY) * (CHART_H - PAD_B - 6);
  const line = (days: readonly WorkloadDay[]): string =>
    days.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(d.backlogEnd).toFixed(1)}`).join('');
  return (
    <svg
      className="ww-chart"
      viewBox={`0 0 ${CHART_W} ${CHART_H}`}
      role="img"
      aria-label={t.wwChartTitle}
      data-testid="ww-chart"
    >
      <title>{t.wwChartTitle}</title>
      <line className="ww-axis" x1={PAD_L} x2={PAD_L} y1={6} y2={CHART_H - PAD_B} />
      <line className="ww-axis" x1={PAD_L} x2={CHART_W - 6} y1={CHART_H - PAD_B} y2={CHART_H - PAD_B} />
      <text x={PAD_L - 4} y={10} textAnchor="end">
        {fmt(maxY, 0)}
      </text>
      <text x={PAD_L - 4} y={CHART_H - PAD_B} textAnchor="end">
        0
      </text>
      <text x={PAD_L} y={CHART_H - 4}>
        {t.wwDay} 1
      </text>
      <text x={CHART_W - 6} y={CHART_H - 4} textAnchor="end">
        {t.wwDay} {n}
      </text>
      <text x={PAD_L + 4} y={13}>
        {t.wwBacklogEnd} ({t.wbOrdersN})
      </text>
      <line className="ww-legend-scen" x1={CHART_W - 120} x2={CHART_W - 100} y1={10} y2={10} />
      <text x={CHART_W - 96} y={13}>
        {t.wwScenario}
      </text>
      <line className="ww-legend-base" x1={CHART_W - 60} x2={CHART_W - 40} y1={10} y2={10} />
      <text x={CHART_W - 36} y={13}>
        {t.wwBaseline}
      </text>
      <path className="ww-base" d={line(base)} />
      <path className="ww-scen" d={line(scen)} />
    </svg>
  );
}

function delta(a: number, b: number, higherIsBad: boolean): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return '';
  return b > a === higherIsBad ? 'ww-delta-bad' : 'ww-delta-good';
}

/** The panel. */
export function WorkloadWhatIfPanel() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const [surgeCat, setSurgeCat] = useState('*');
  const [surgePct, setSurgePct] = useState(30);
  const [staffDept, setStaffDept] = useState('cg');
  const [staffDelta, setStaffDelta] = useState(0);
  const [slaPct, setSlaPct] = useState(0);
  const [days, setDays] = useState(7);
  const [st, setSt] = useState<Phase>({ phase: 'idle' });
  const run = useRef<WorkloadWhatIfRun | null>(null);
  useEffect(() => () => run.current?.cancel(), []);

  const start = (): void => {
    run.current?.cancel();
    const lever: WorkloadLever = {
      ...(surgePct !== 0 ? { surgePct: { [surgeCat]: surgePct } } : {}),
      ...(staffDelta !== 0 ? { staffDelta: { [staffDept]: staffDelta } } : {}),
      ...(slaPct !== 0 ? { slaPct: { '*': slaPct } } : {}),
    };
    const s = appStore.getState();
    // Before the first clock from the feed, start at the page's time (the run needs some start).
    const startMs = s.simTimeMs > 0 ? s.simTimeMs : Date.now();
    const input = workloadWhatIfInput(lever, days, startMs, s.woOrders.values(), sceneOffsetMin());
    setSt({ phase: 'running', done: 0, total: 2 * days });
    const r = startWorkloadWhatIf(input, (done, total) => setSt({ phase: 'running', done, total }));
    run.current = r;
    r.promise.then(
      ({ result, elapsedMs }) => {
        if (run.current === r) setSt({ phase: 'done', result, elapsedMs });
      },
      (err: unknown) => {
        if (run.current !== r) return;
        if (err instanceof WorkloadWhatIfCancelled) setSt({ phase: 'idle' });
        else setSt({ phase: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  const num = (v: string, lo: number, hi: number): number => {
    const x = Number(v);
    return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : 0;
  };
  const running = st.phase === 'running';
  return (
    <section className="panel ww-panel" data-testid="ww-panel">
      <header className="panel-head">
        <h2>{t.wwTitle}</h2>
      </header>
      <p className="muted">{t.wwIntro}</p>
      <div className="ww-levers">
        <span>{t.wwSurge}</span>
        <div className="ww-row">
          <select
            value={surgeCat}
            onChange={(e) => setSurgeCat(e.target.value)}
            aria-label={t.wwSurgeCategory}
          >
            <option value="*">{t.wwAllCategories}</option>
            {TAXONOMY.map((c) => (
              <option key={c.id} value={c.id}>
                {t.woCategory(c.id)}
              </option>
            ))}
          </select>
          <input
            type="number"
            value={surgePct}
            min={-100}
            max={1000}
            step={10}
            data-testid="ww-surge"
            onChange={(e) => setSurgePct(num(e.target.value, -100, 1000))}
          />
          %
        </div>
        <span>{t.wwStaff}</span>
        <div className="ww-row">
          <select value={staffDept} onChange={(e) => setStaffDept(e.target.value)} aria-label={t.wwStaffDept}>
            {DEPARTMENTS.map((d) => (
              <option key={d.id} value={d.id}>
                {t.woDepartment(d.id)}
              </option>
            ))}
          </select>
          <input
            type="number"
            value={staffDelta}
            min={-50}
            max={50}
            title={t.wwStaffDelta}
            data-testid="ww-staff"
            onChange={(e) => setStaffDelta(num(e.target.value, -50, 50))}
          />
          <span className="muted">{t.wwStaffDelta}</span>
        </div>
        <span>{t.wwSla}</span>
        <div className="ww-row">
          <input
            type="number"
            value={slaPct}
            min={-90}
            max={200}
            step={5}
            data-testid="ww-sla"
            onChange={(e) => setSlaPct(num(e.target.value, -90, 200))}
          />
          %
        </div>
        <span>{t.wwDays}</span>
        <div className="ww-row">
          <input
            type="number"
            value={days}
            min={1}
            max={30}
            data-testid="ww-days"
            onChange={(e) => setDays(num(e.target.value, 1, 30) || 1)}
          />
        </div>
      </div>
      <div className="ww-row" style={{ marginTop: '0.5em' }}>
        <button type="button" className="btn primary" data-testid="ww-run" onClick={start} disabled={running}>
          {t.wwRun}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="ww-cancel"
          disabled={!running}
          onClick={() => run.current?.cancel()}
        >
          {t.wwCancel}
        </button>
      </div>
      {st.phase === 'running' && (
        <div data-testid="ww-progress">
          <p className="muted">{t.wwRunning(Math.ceil(st.done / 2), Math.ceil(st.total / 2))}</p>
          <div className="ww-progress">
            <div style={{ width: `${st.total > 0 ? (100 * st.done) / st.total : 0}%` }} />
          </div>
        </div>
      )}
      {st.phase === 'error' && (
        <p className="wo-refused" role="alert">
          {t.wwError}
          {st.message}
        </p>
      )}
      {st.phase === 'done' && (
        <div data-testid="ww-result">
          <BacklogChart t={t} base={st.result.baseline} scen={st.result.scenario} />
          <table className="wo-table">
            <thead>
              <tr>
                <th>{t.wwDay}</th>
                <th title={t.wwBacklogEnd}>
                  {t.wwBacklogEnd} {t.wwBaseline}
                </th>
                <th>{t.wwScenario}</th>
                <th>
                  {t.wwOnTime} {t.wwBaseline}
                </th>
                <th>{t.wwScenario}</th>
              </tr>
            </thead>
            <tbody>
              {st.result.baseline.map((b, i) => {
                const s = st.result.scenario[i];
                return (
                  <tr key={b.day} data-testid="ww-day">
                    <td className="num">{b.day + 1}</td>
                    <td className="num">{b.backlogEnd}</td>
                    <td className={`num ${s ? delta(b.backlogEnd, s.backlogEnd, true) : ''}`}>
                      {s?.backlogEnd ?? '—'}
                    </td>
                    <td className="num">{pctText(b.onTimeRate)}</td>
                    <td className={`num ${s ? delta(b.onTimeRate, s.onTimeRate, false) : ''}`}>
                      {s ? pctText(s.onTimeRate) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted wo-foot">
            {t.wwElapsed(Math.round(st.elapsedMs))} · {t.wwModelNote}
          </p>
        </div>
      )}
    </section>
  );
}
