/**
 * The planner (`/plan`, issue 7 "Planner what-if"): fork the live twin (sim time, seed, scene), edit one scenario
 * with every lever every domain offers (each domain's LeverEditor from DOMAINS — the page names no domain), run it in
 * the scenario worker with progress and cancel, and read the result: the KPI delta table of every domain, charts over
 * time and the compare view. Scenarios are saved on the server, listed, re-run with an identical-result check,
 * shared by URL (`/plan?scenario=<id>`) and exported as a report (PNG + CSV). The single-domain what-if panels stay
 * in the right dock.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { CityModel } from '../core/scene/types.ts';
import {
  DOMAIN_IDS,
  type DomainId,
  type ScenarioFork,
  type ScenarioKpi,
  type ScenarioSpec,
} from '../core/scenario/types.ts';
import { parseScenarioSpec, SCENARIO_MAX_BACKLOG } from '../core/scenario/spec.ts';
import { backlogOf } from '../scenario/workloadWhatIfClient.ts';
import { DOMAINS } from '../domains/registry.ts';
import { dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { appStore, useAppStore } from '../state/store.ts';
import { cancelScenario, scenarioRunStore, startScenario } from '../scenario/scenarioClient.ts';
import { getPlanApi, type SavedScenarioSummary } from './planApi.ts';
import { Inspector } from '../panels/Inspector.tsx';
import { LayerPanel } from '../panels/LayerPanel.tsx';
import { SceneInfoPanel } from '../panels/SceneInfoPanel.tsx';
import { WhatIfPanel } from '../panels/WhatIfPanel.tsx';
import { EnergyWhatIfPanel } from '../panels/EnergyWhatIfPanel.tsx';
import { HazardWhatIfPanel } from '../panels/HazardWhatIfPanel.tsx';
import { WorkloadWhatIfPanel } from '../panels/WorkloadWhatIfPanel.tsx';
import { KpiTable } from './KpiTable.tsx';
import { SeriesCharts } from './SeriesCharts.tsx';
import { SavedScenarios, shareUrl, stampAt } from './SavedScenarios.tsx';
import { CompareView, compareImage } from './compareSlot.ts';
import { buildReportPng, downloadBlob } from './exportReport.ts';
import { fileSafe, kpiDiffs, kpisToCsv, leverCounts, sameSpec, type KpiDiff } from './report.ts';
import '../../assets/plan.css';

/** Horizons the planner may pick, simulated hours (each domain clamps to what its model supports and says so). */
const HORIZONS_H = [1, 2, 6, 12, 24, 48] as const;
/** Fallback seed until the server answers plan:info (mock-server/start.ts `--seed`, default 1). */
const DEFAULT_SEED = 1;
const DEFAULT_UTC_OFFSET_MIN = 480;

type Levers = { readonly [D in DomainId]: readonly unknown[] };
const NO_LEVERS: Levers = { traffic: [], energy: [], resilience: [], workload: [] };

/** The fork: where the scenario starts. Horizon and seed are edited separately. */
interface Fork {
  readonly sceneName: string;
  readonly startSimMs: number;
  readonly utcOffsetMin: number;
  /** Live state carried into the fork (the open work orders), absent when there is none. */
  readonly carried?: ScenarioFork;
}

/** The saved run a re-run is checked against. */
interface Check {
  readonly runId: number;
  readonly savedId: string;
  readonly kpis: readonly ScenarioKpi[] | null;
}

function levelsOf(spec: ScenarioSpec): Levers {
  const out: Record<DomainId, readonly unknown[]> = { ...NO_LEVERS };
  for (const d of DOMAIN_IDS) out[d] = spec.levers[d] ?? [];
  return out;
}

/** Replaces (or removes with null) the `scenario` parameter of the address bar, keeping the others. */
function setUrlScenario(id: string | null): void {
  const u = new URL(globalThis.location.href);
  if (id === null) u.searchParams.delete('scenario');
  else u.searchParams.set('scenario', id);
  globalThis.history.replaceState(globalThis.history.state, '', u);
}

/** The plan page. `note` is the mode's title line. */
export function PlanPage({ model, note }: { model: CityModel; note: ReactNode }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const simTimeMs = useAppStore((s) => s.simTimeMs);
  const sceneName = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.name : null));
  const run = useStore(scenarioRunStore);
  const offsetMin = model.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;

  const [fork, setFork] = useState<Fork | null>(null);
  const [name, setName] = useState('');
  const [horizonH, setHorizonH] = useState<number>(6);
  const [seed, setSeed] = useState<number>(DEFAULT_SEED);
  const [levers, setLevers] = useState<Levers>(NO_LEVERS);
  const [check, setCheck] = useState<Check | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [saveMsg, setSaveMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [saved, setSaved] = useState<readonly SavedScenarioSummary[] | null>(null);
  const [savedErr, setSavedErr] = useState<string | null>(null);
  const [loadErr, setLoadErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showCompare, setShowCompare] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [specErr, setSpecErr] = useState<string | null>(null);
  const chartsRef = useRef<HTMLDivElement | null>(null);

  const running = run.phase === 'running';
  const spec: ScenarioSpec | null = useMemo(() => {
    if (!fork) return null;
    const l: Partial<Record<DomainId, readonly unknown[]>> = {};
    for (const d of DOMAIN_IDS) l[d] = levers[d];
    const { carried, ...base } = fork;
    return { base: { ...base, seed, horizonH }, levers: l, ...(carried ? { fork: carried } : {}) };
  }, [fork, seed, horizonH, levers]);
  const counts = spec ? leverCounts(spec) : { total: 0, byDomain: {} };
  const result = run.phase === 'done' ? run.result : null;
  // The spec the run was started with (the store keeps the object passed to startScenario; the worker's echo in
  // result.spec may be normalised) against the spec the editor describes now.
  const resultIsDraft = run.phase === 'done' && spec !== null && sameSpec(run.spec, spec);

  const refresh = useCallback(() => {
    getPlanApi()
      .list()
      .then(
        (l) => {
          setSaved(l);
          setSavedErr(null);
        },
        (e: unknown) => setSavedErr(t.plServerError(e instanceof Error ? e.message : String(e))),
      );
  }, [t]);

  const rerun = useCallback(
    (id: string, reason: 'open' | 'url') => {
      setBusy(true);
      setLoadErr(null);
      getPlanApi()
        .get(id)
        .then(
          (s) => {
            setBusy(false);
            if (sceneName !== null && s.spec.base.sceneName !== sceneName) {
              setLoadErr(t.plOtherScene(s.name, s.spec.base.sceneName, sceneName));
              return;
            }
            const b = s.spec.base;
            setFork({
              sceneName: b.sceneName,
              startSimMs: b.startSimMs,
              utcOffsetMin: b.utcOffsetMin,
              ...(s.spec.fork ? { carried: s.spec.fork } : {}),
            });
            setSeed(b.seed);
            setHorizonH(b.horizonH);
            setLevers(levelsOf(s.spec));
            setName(s.name);
            setCurrentId(s.id);
            setSaveMsg(null);
            setShowCompare(true);
            setUrlScenario(s.id);
            const runId = startScenario(s.spec, { sceneName: b.sceneName });
            setCheck({ runId, savedId: s.id, kpis: s.kpis });
          },
          (e: unknown) => {
            setBusy(false);
            setLoadErr(
              (reason === 'url' ? t.plUrlLoadFailed(id) : '') + (e instanceof Error ? e.message : String(e)),
            );
          },
        );
    },
    [sceneName, t],
  );

  // The list on entry, and a scenario named by the address (`/plan?scenario=<id>`) loaded and re-run once.
  const opened = useRef(false);
  useEffect(() => {
    refresh();
    if (opened.current) return;
    opened.current = true;
    const id = new URLSearchParams(globalThis.location.search).get('scenario');
    if (id) rerun(id, 'url');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The live server's seed (a fork with another seed would draw other weather and demand noise).
  const [liveSeed, setLiveSeed] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    getPlanApi()
      .info()
      .then(
        (i) => {
          if (alive) setLiveSeed(i.seed);
        },
        () => {},
      );
    return () => {
      alive = false;
    };
  }, []);

  const onFork = () => {
    if (!sceneName || !(simTimeMs > 0)) return;
    if (liveSeed !== null) setSeed(liveSeed);
    // The fork starts on a whole minute (the simulators' tick) at the live clock.
    // The open work orders travel with the fork (the workload what-if starts from the live backlog).
    const backlog = backlogOf(appStore.getState().woOrders.values()).slice(0, SCENARIO_MAX_BACKLOG);
    setFork({
      sceneName,
      startSimMs: Math.floor(simTimeMs / 60_000) * 60_000,
      utcOffsetMin: offsetMin,
      ...(backlog.length > 0 ? { carried: { workloadBacklog: backlog } } : {}),
    });
    setCurrentId(null);
    setCheck(null);
    setUrlScenario(null);
    if (!name) setName(t.plDefaultName(stampAt(simTimeMs, offsetMin)));
  };
  const onRun = () => {
    if (!spec) return;
    const p = parseScenarioSpec(spec, t.plTitle, model);
    if (!p.ok) return setSpecErr(p.reason);
    setSpecErr(null);
    setCheck(null);
    setShowCompare(true);
    startScenario(spec, { sceneName: spec.base.sceneName });
  };
  const onSave = () => {
    if (!spec) return;
    const n = name.trim();
    if (!n) return setSaveMsg({ ok: false, text: t.plNeedName });
    setBusy(true);
    getPlanApi()
      .save(n, spec, resultIsDraft && result ? result.kpis : null)
      .then(
        (s) => {
          setBusy(false);
          setCurrentId(s.id);
          setUrlScenario(s.id);
          setSaveMsg({ ok: true, text: t.plSaved(s.name) });
          refresh();
        },
        (e: unknown) => {
          setBusy(false);
          setSaveMsg({ ok: false, text: t.plSaveFailed(e instanceof Error ? e.message : String(e)) });
        },
      );
  };
  const onDelete = (id: string) => {
    getPlanApi()
      .remove(id)
      .then(
        () => {
          if (currentId === id) {
            setCurrentId(null);
            setUrlScenario(null);
          }
          refresh();
        },
        (e: unknown) => setSavedErr(t.plServerError(e instanceof Error ? e.message : String(e))),
      );
  };
  const setDomainLevers = (d: DomainId, l: readonly unknown[]) => setLevers((prev) => ({ ...prev, [d]: l }));

  // The re-run check: the run started by opening a saved scenario against the KPIs saved with it.
  const diffs: KpiDiff[] | null =
    check && result && run.phase === 'done' && run.id === check.runId && check.kpis
      ? kpiDiffs(check.kpis, result.kpis)
      : null;
  const changed = useMemo(() => new Set(diffs?.map((d) => d.key) ?? []), [diffs]);

  const exportName = fileSafe(name || 'scenario');
  const onCsv = () => {
    if (!result) return;
    downloadBlob(
      new Blob([kpisToCsv(result.kpis)], { type: 'text/csv;charset=utf-8' }),
      `${exportName}-kpis.csv`,
    );
  };
  const onReport = async () => {
    if (!result) return;
    setExporting(true);
    try {
      const b = result.spec.base;
      const png = await buildReportPng({
        title: `${t.plReportTitle} — ${name || '—'}`,
        lines: [
          t.plReportFacts(
            b.sceneName,
            stampAt(b.startSimMs, b.utcOffsetMin),
            b.horizonH,
            b.seed,
            leverCounts(result.spec).total,
          ),
          ...result.domains.flatMap((d) => d.notes.map((n) => n[lang])).slice(0, 4),
        ],
        lang,
        kpis: result.kpis,
        domains: DOMAINS.map((d) => ({ id: d.id, name: d.name[lang] })),
        headers: [t.plColKpi, t.plBaseline, t.plScenario, 'Δ', 'Δ%', t.plColUnit, t.plColBasis],
        compare: await compareImage(),
        charts: [...(chartsRef.current?.querySelectorAll<SVGSVGElement>('svg.pl-chart') ?? [])],
        footer: t.plReportFooter(currentId ? shareUrl(currentId) : ''),
      });
      if (png) downloadBlob(png, `${exportName}-report.png`);
      onCsv();
    } finally {
      setExporting(false);
    }
  };

  const liveViews = (
    <>
      <MapView model={model} />
      <ThreeView model={model} />
    </>
  );
  const compareOn = result !== null && showCompare;

  return (
    <main className="workspace mode-plan pl-page">
      <aside className="dock left pl-left">
        {note}
        <section className="panel pl-scenario" data-testid="pl-scenario">
          <header className="panel-head">
            <h2>{t.plTitle}</h2>
          </header>
          <div className="pl-fork" data-testid="pl-fork">
            <button
              type="button"
              className="btn primary"
              data-testid="pl-fork-now"
              disabled={running || !sceneName || !(simTimeMs > 0)}
              onClick={onFork}
              title={t.plForkTip}
            >
              {fork ? t.plForkAgain : t.plForkNow}
            </button>
            <div className="pl-fork-facts" data-testid="pl-fork-facts" data-start={fork?.startSimMs ?? ''}>
              {fork ? (
                <>
                  <div>{t.plForkAt(stampAt(fork.startSimMs, fork.utcOffsetMin))}</div>
                  <div className="muted pl-small">{t.plForkScene(fork.sceneName)}</div>
                </>
              ) : (
                <span className="muted">{simTimeMs > 0 ? t.plForkFirst : t.plWaitClock}</span>
              )}
            </div>
          </div>
          <div className="pl-fields">
            <label className="pl-name-field">
              <span>{t.plName}</span>
              <input
                type="text"
                value={name}
                maxLength={120}
                placeholder={t.plNamePlaceholder}
                data-testid="pl-name"
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              <span>{t.plHorizon}</span>
              <select
                value={horizonH}
                disabled={running}
                data-testid="pl-horizon"
                onChange={(e) => setHorizonH(Number(e.target.value))}
              >
                {HORIZONS_H.map((h) => (
                  <option key={h} value={h}>
                    {t.plHours(h)}
                  </option>
                ))}
              </select>
            </label>
            <label title={t.plSeedTip}>
              <span>{t.plSeed}</span>
              <input
                type="number"
                step={1}
                value={seed}
                disabled={running}
                data-testid="pl-seed"
                onChange={(e) => setSeed(Math.trunc(Number(e.target.value) || 0))}
              />
            </label>
          </div>
          {DOMAINS.map((d) => (
            <details key={d.id} className="pl-domain" open data-testid={`pl-domain-${d.id}`}>
              <summary>
                <span>{d.name[lang]}</span>
                <span className="pl-count" data-testid={`pl-count-${d.id}`}>
                  {t.plLeverCount(levers[d.id].length)}
                </span>
              </summary>
              <d.LeverEditor
                levers={levers[d.id]}
                onChange={(l) => setDomainLevers(d.id, l)}
                disabled={running}
              />
            </details>
          ))}
        </section>
        <SavedScenarios
          list={saved}
          error={savedErr}
          currentId={currentId}
          busy={busy || running}
          offsetMin={offsetMin}
          onOpen={(id) => rerun(id, 'open')}
          onDelete={onDelete}
          onRefresh={refresh}
        />
      </aside>

      <div className="pl-center">
        <div className="pl-runbar panel" data-testid="pl-runbar">
          <button
            type="button"
            className="btn primary pl-run"
            data-testid="pl-run"
            disabled={!spec || running}
            onClick={onRun}
            title={spec ? '' : t.plForkFirst}
          >
            {t.plRun(counts.total)}
          </button>
          {running && (
            <button type="button" className="btn" data-testid="pl-cancel" onClick={() => cancelScenario()}>
              {t.plCancel}
            </button>
          )}
          {running ? (
            <div className="pl-progress" data-testid="pl-progress" data-fraction={run.progress}>
              <div className="pl-bar">
                <div className="pl-bar-fill" style={{ width: `${Math.round(run.progress * 100)}%` }} />
              </div>
              <span className="pl-stage">
                {fmt(run.progress * 100, 0)}% ·{' '}
                {run.domain ? DOMAINS.find((x) => x.id === run.domain)?.name[lang] : t.plStarting} ·{' '}
                {run.stage[lang]}
              </span>
            </div>
          ) : (
            <span className="muted pl-run-state" data-testid="pl-run-state" data-phase={run.phase}>
              {run.phase === 'cancelled' && t.plCancelled}
              {run.phase === 'error' && (
                <span className="pl-err" data-testid="pl-run-error">
                  {t.plRunFailed(run.stage, run.message)}
                </span>
              )}
              {run.phase === 'done' &&
                t.plRunDone(fmt(run.result.elapsedMs / 1000, 1), run.result.spec.base.horizonH)}
              {run.phase === 'idle' && (spec ? t.plReady : t.plForkFirst)}
            </span>
          )}
          {result !== null && (
            <div className="pl-view-toggle">
              <button
                type="button"
                className={compareOn ? 'btn primary' : 'btn'}
                onClick={() => setShowCompare(true)}
              >
                {t.plShowCompare}
              </button>
              <button
                type="button"
                className={compareOn ? 'btn' : 'btn primary'}
                onClick={() => setShowCompare(false)}
              >
                {t.plShowLive}
              </button>
            </div>
          )}
          <span className="pl-spacer" />
          <button
            type="button"
            className="btn"
            data-testid="pl-save"
            disabled={!spec || busy || running}
            onClick={onSave}
            title={resultIsDraft ? t.plSaveTip : t.plSaveNoRunTip}
          >
            {t.plSave}
          </button>
          {currentId && (
            <button
              type="button"
              className="btn"
              data-testid="pl-copy-link"
              title={shareUrl(currentId)}
              onClick={() => void navigator.clipboard?.writeText(shareUrl(currentId)).catch(() => undefined)}
            >
              {t.plCopyLink}
            </button>
          )}
          <button
            type="button"
            className="btn"
            data-testid="pl-export"
            disabled={!result || exporting}
            onClick={() => void onReport()}
            title={t.plExportTip}
          >
            {exporting ? t.plExporting : t.plExport}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="pl-export-csv"
            disabled={!result}
            onClick={onCsv}
          >
            CSV
          </button>
        </div>
        {(saveMsg || loadErr || specErr) && (
          <div className="pl-msgs">
            {specErr && (
              <div className="pl-err" data-testid="pl-spec-error">
                {specErr}
              </div>
            )}
            {saveMsg && (
              <div className={saveMsg.ok ? 'pl-ok' : 'pl-err'} data-testid="pl-save-msg">
                {saveMsg.text}
                {saveMsg.ok && currentId && (
                  <input
                    className="pl-share"
                    readOnly
                    value={shareUrl(currentId)}
                    data-testid="pl-share-url"
                  />
                )}
              </div>
            )}
            {loadErr && (
              <div className="pl-err" data-testid="pl-load-error">
                {loadErr}
              </div>
            )}
          </div>
        )}
        <div className="pl-views-wrap">
          <div className={compareOn ? 'views pl-views compare' : 'views two pl-views'} data-testid="pl-views">
            {compareOn && result ? <CompareView model={model} result={result} name={name} /> : liveViews}
          </div>
        </div>
        <section className="panel pl-results" data-testid="pl-results">
          {!result && (
            <p className="muted pl-empty">
              {running ? t.plRunningHint : run.phase === 'done' ? '' : t.plResultsHint}
            </p>
          )}
          {result && (
            <>
              <header className="panel-head">
                <h2>{t.plResultsTitle(name || '—')}</h2>
                <span className="muted pl-small">
                  {t.plResultFacts(
                    stampAt(result.spec.base.startSimMs, result.spec.base.utcOffsetMin),
                    result.spec.base.horizonH,
                    result.spec.base.seed,
                  )}
                </span>
              </header>
              {!resultIsDraft && (
                <div className="pl-warn" data-testid="pl-stale">
                  {t.plStale}
                </div>
              )}
              {check && run.phase === 'done' && run.id === check.runId && (
                <div
                  className={diffs && diffs.length === 0 ? 'pl-ok' : 'pl-warn'}
                  data-testid="pl-rerun-check"
                  data-identical={diffs !== null && diffs.length === 0 ? 'true' : 'false'}
                >
                  {check.kpis === null
                    ? t.plNoSavedKpisCheck
                    : diffs && diffs.length === 0
                      ? t.plIdentical(check.kpis.length)
                      : t.plDiffers(diffs?.length ?? 0)}
                  {diffs && diffs.length > 0 && (
                    <ul className="pl-diffs">
                      {diffs.slice(0, 12).map((d) => (
                        <li key={d.key}>
                          {d.label?.[lang] ?? d.key}:{' '}
                          {t.plDiffValues(
                            d.saved ? `${d.saved.baseline} → ${d.saved.scenario}` : '—',
                            d.now ? `${d.now.baseline} → ${d.now.scenario}` : '—',
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              <KpiTable kpis={result.kpis} changed={changed} />
              <p className="muted pl-small">{t.plLegend}</p>
              {result.domains.some((d) => d.notes.length > 0) && (
                <ul className="pl-notes" data-testid="pl-notes">
                  {result.domains.flatMap((d) =>
                    d.notes.map((n, i) => (
                      <li key={`${d.domain}-${i}`}>
                        <strong>{DOMAINS.find((x) => x.id === d.domain)?.name[lang]}</strong>: {n[lang]}
                      </li>
                    )),
                  )}
                </ul>
              )}
              <h3 className="pl-h3">{t.plChartsTitle}</h3>
              <div ref={chartsRef}>
                <SeriesCharts result={result} offsetMin={result.spec.base.utcOffsetMin} />
              </div>
            </>
          )}
        </section>
      </div>

      <aside className="dock pl-tools" data-testid="pl-tools">
        <details className="pl-tools-box" open>
          <summary>{t.plToolsTitle}</summary>
          <p className="muted pl-small">{t.plToolsNote}</p>
          <WhatIfPanel />
          <EnergyWhatIfPanel />
          <HazardWhatIfPanel />
          <WorkloadWhatIfPanel />
        </details>
        <Inspector />
        <LayerPanel compact />
        <SceneInfoPanel />
      </aside>
    </main>
  );
}
