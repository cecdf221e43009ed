/**
 * The planner's traffic what-if: build levers from the selection (close a link, close a whole way or bridge, remove
 * lanes, change a district's demand, change the green split at the signal downstream of a link), each checked by
 * the core's validateTrafficLever; run them in the what-if worker (progress, cancel); compare baseline and scenario
 * KPIs with deltas, and show the changed links on the map (whatIfLayer, legend here). The live twin keeps running.
 */
import { useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { TrafficKpis, TrafficLever, TrafficWhatIfResult } from '../core/traffic/types.ts';
import { validateTrafficLever } from '../core/traffic/whatIf.ts';
import type { Lang } from '../state/uiSlice.ts';
import {
  addLever,
  closedLinks,
  DEMAND_PCT_MAX,
  DEMAND_PCT_MIN,
  districtZones,
  downstreamSignal,
  GREEN_RATIO_MAX,
  GREEN_RATIO_MIN,
  isBridge,
  leverFromDraft,
  leverKey,
  linksOfWay,
  type DraftProblem,
  type LeverDraft,
  type LeverKind,
} from '../scenario/levers.ts';
import { cancelTrafficWhatIf, startTrafficWhatIf } from '../scenario/trafficWhatIfClient.ts';
import { WHATIF_DELTA_STOPS, WHATIF_MIN_DELTA_VPH } from '../views/map/whatIfLayer.ts';
import { css } from '../app/palette.ts';
import {
  adaptiveDigits,
  ARROW,
  clockHm,
  delta,
  judgement,
  linkName,
  ttiGrade,
  zoneName,
  type Polarity,
} from './trafficFormat.ts';
import { selectAndFlyToLink } from './TrafficPanel.tsx';

/** One line of text describing a lever. */
export function describeLever(t: Dict, model: CityModel, lang: Lang, l: TrafficLever): string {
  switch (l.kind) {
    case 'closeLink':
      return t.wiLeverCloseLink(linkName(model, l.link, lang), l.link);
    case 'closeWay': {
      const links = linksOfWay(model, l.way);
      const first = links[0];
      const name = first !== undefined ? linkName(model, first, lang) : `#${l.way}`;
      const bridge = links.some((i) => isBridge(model, i));
      return t.wiLeverCloseWay(name, links.length, bridge);
    }
    case 'removeLanes':
      return t.wiLeverRemoveLanes(linkName(model, l.link, lang), l.link, l.lanes);
    case 'demandByDistrict':
      return t.wiLeverDemand(zoneName(model, l.zone, lang), `${l.pct > 0 ? '+' : ''}${l.pct}`);
    case 'signalGreenSplit':
      return t.wiLeverGreen(l.node, linkName(model, l.link, lang), fmt(l.greenRatio, 2));
    default: {
      const never: never = l;
      return JSON.stringify(never);
    }
  }
}

function problemText(t: Dict, p: DraftProblem): string {
  switch (p) {
    case 'noLink':
      return t.wiNeedLink;
    case 'noZone':
      return t.wiNeedZone;
    case 'noSignal':
      return t.wiNoSignal;
    case 'badNumber':
      return t.wiBadNumber;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** The scenario flow of a link (NaN for an index outside the result). */
function scenarioFlowOf(result: TrafficWhatIfResult, link: number): number {
  const flows = result.scenarioFlowVph;
  return link < flows.length ? (flows[link] as number) : Number.NaN;
}

/** A KPI comparison row. */
function DeltaRow({
  label,
  unit,
  base,
  scen,
  digits,
  polarity,
  testId,
  title,
}: {
  label: string;
  unit: string;
  base: number;
  scen: number;
  digits: number;
  polarity: Polarity;
  testId: string;
  title?: string;
}) {
  const d = delta(base, scen, digits);
  const verdict = judgement(d.direction, polarity);
  return (
    <tr data-testid={testId} data-delta={d.value} title={title}>
      <th scope="row">
        {label} <span className="tp-unit">{unit}</span>
      </th>
      <td className="num">{fmt(base, digits)}</td>
      <td className="num">{fmt(scen, digits)}</td>
      <td className={`num delta ${verdict}`}>
        {ARROW[d.direction]} {d.text}
        {Number.isFinite(d.pct) && d.direction !== 'flat' && (
          <span className="pct">
            {' '}
            ({d.pct > 0 ? '+' : '−'}
            {fmt(Math.abs(d.pct), 1)}%)
          </span>
        )}
      </td>
    </tr>
  );
}

/** Baseline vs scenario: the KPI table, per district, closed and most changed links, legend and run facts. */
function Result({
  result,
  levers,
  simTimeMs,
  t,
  model,
  lang,
}: {
  result: TrafficWhatIfResult;
  levers: readonly TrafficLever[];
  simTimeMs: number | undefined;
  t: Dict;
  model: CityModel;
  lang: Lang;
}) {
  const visible = useAppStore((s) => s.whatIfLayerVisible);
  const b: TrafficKpis = result.baseline;
  const s: TrafficKpis = result.scenario;
  const closed = closedLinks(model, levers);
  const dFlow = result.linkDeltaFlowVph;
  const dSpeed = result.linkDeltaSpeedKph;
  // The most changed links by |Δ flow| (closed links are listed above, so skip them here).
  const closedSet = new Set(closed);
  const order: number[] = [];
  for (let i = 0; i < dFlow.length; i++)
    if (!closedSet.has(i) && Math.abs(dFlow[i] as number) >= WHATIF_MIN_DELTA_VPH) order.push(i);
  order.sort((x, y) => Math.abs(dFlow[y] as number) - Math.abs(dFlow[x] as number));
  const changedCount =
    order.length + closed.filter((i) => Math.abs(dFlow[i] as number) >= WHATIF_MIN_DELTA_VPH).length;
  const top = order.slice(0, 6);
  const scenDistrict = new Map(s.districts.map((d) => [d.zone, d]));
  return (
    <div className="wi-result" data-testid="whatif-result">
      <h3>{t.wiResultTitle(simTimeMs !== undefined ? clockHm(simTimeMs) : '—')}</h3>
      <table className="tp-table wi-kpis">
        <thead>
          <tr>
            <th />
            <th className="num">{t.wiBaseline}</th>
            <th className="num">{t.wiScenario}</th>
            <th className="num">Δ</th>
          </tr>
        </thead>
        <tbody>
          <DeltaRow
            label={t.tpCityTti}
            unit=""
            base={b.cityTti}
            scen={s.cityTti}
            digits={3}
            polarity="higherIsWorse"
            testId="whatif-delta-tti"
            title={t.tpTtiFormula}
          />
          <DeltaRow
            label={t.tpAvgSpeed}
            unit="km/h"
            base={b.avgSpeedKph}
            scen={s.avgSpeedKph}
            digits={1}
            polarity="higherIsBetter"
            testId="whatif-delta-speed"
            title={t.tpAvgSpeedFormula}
          />
          <DeltaRow
            label={t.tpDelay}
            unit={t.tpDelayUnit}
            base={b.delayVehHPerH}
            scen={s.delayVehHPerH}
            digits={adaptiveDigits(Math.max(b.delayVehHPerH, s.delayVehHPerH))}
            polarity="higherIsWorse"
            testId="whatif-delta-delay"
            title={t.tpDelayFormula}
          />
          <DeltaRow
            label={t.tpVkt}
            unit={t.tpVktUnit}
            base={b.vktPerH}
            scen={s.vktPerH}
            digits={0}
            polarity="neutral"
            testId="whatif-delta-vkt"
            title={t.tpVktFormula}
          />
        </tbody>
      </table>

      {b.districts.length > 0 && (
        <table className="tp-table wi-districts">
          <thead>
            <tr>
              <th>{t.tpDistrict} TTI</th>
              <th className="num">{t.wiBaseline}</th>
              <th className="num">{t.wiScenario}</th>
              <th className="num">Δ</th>
            </tr>
          </thead>
          <tbody>
            {b.districts.map((d) => {
              const sd = scenDistrict.get(d.zone);
              const dd = delta(d.tti, sd?.tti ?? Number.NaN, 3);
              return (
                <tr key={d.zone}>
                  <td>{zoneName(model, d.zone, lang)}</td>
                  <td className={`num grade-${ttiGrade(d.tti)}`}>{fmt(d.tti, 2)}</td>
                  <td className={`num grade-${ttiGrade(sd?.tti ?? Number.NaN)}`}>
                    {fmt(sd?.tti ?? Number.NaN, 2)}
                  </td>
                  <td className={`num delta ${judgement(dd.direction, 'higherIsWorse')}`}>
                    {ARROW[dd.direction]} {dd.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {closed.length > 0 && (
        <div className="tp-block">
          <h4>{t.wiClosedLinks}</h4>
          <table className="tp-table">
            <thead>
              <tr>
                <th>{t.tpRoad}</th>
                <th className="num">{t.wiFlowBefore}</th>
                <th className="num">{t.wiFlowAfter}</th>
              </tr>
            </thead>
            <tbody>
              {closed.slice(0, 8).map((i) => {
                const after = scenarioFlowOf(result, i);
                const before = Number.isFinite(after) ? after - (dFlow[i] as number) : -(dFlow[i] as number);
                return (
                  <tr
                    key={i}
                    data-testid="whatif-closed-link"
                    data-link={i}
                    data-flow-after={after}
                    data-delta-flow={dFlow[i]}
                    onClick={() => selectAndFlyToLink(i)}
                    className="clickable"
                  >
                    <td>
                      {linkName(model, i, lang)} <span className="muted-num">#{i}</span>
                    </td>
                    <td className="num">
                      {fmt(before, 0)} {t.tpUnitVph}
                    </td>
                    <td className="num">
                      {Number.isFinite(after) ? `${fmt(after, 0)} ${t.tpUnitVph}` : t.wiClosed}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {closed.length > 8 && <p className="muted">{t.wiMoreClosed(closed.length - 8)}</p>}
        </div>
      )}

      <div className="tp-block">
        <h4>{t.wiTopChanged(changedCount)}</h4>
        {top.length === 0 ? (
          <p className="muted">{t.wiNoChanges(WHATIF_MIN_DELTA_VPH)}</p>
        ) : (
          <table className="tp-table">
            <thead>
              <tr>
                <th>{t.tpRoad}</th>
                <th className="num">Δ {t.tpUnitVph}</th>
                <th className="num">Δ km/h</th>
              </tr>
            </thead>
            <tbody>
              {top.map((i) => {
                const df = delta(0, dFlow[i] as number, 0);
                const ds = delta(0, dSpeed[i] as number, 1);
                return (
                  <tr
                    key={i}
                    className="clickable"
                    onClick={() => selectAndFlyToLink(i)}
                    data-testid="whatif-changed-link"
                  >
                    <td>
                      {linkName(model, i, lang)} <span className="muted-num">#{i}</span>
                    </td>
                    <td className={`num delta ${judgement(df.direction, 'higherIsWorse')}`}>{df.text}</td>
                    <td className={`num delta ${judgement(ds.direction, 'higherIsBetter')}`}>{ds.text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <div className="wi-legend" data-testid="whatif-legend">
        <label>
          <input
            type="checkbox"
            checked={visible}
            onChange={(e) => appStore.getState().setWhatIfLayerVisible(e.target.checked)}
          />{' '}
          {t.wiShowOnMap}
        </label>
        <div
          className="ramp"
          style={{
            background: `linear-gradient(to right, ${WHATIF_DELTA_STOPS.map((st, i) => `${css(st.color)} ${(i / (WHATIF_DELTA_STOPS.length - 1)) * 100}%`).join(', ')})`,
          }}
        />
        <div className="ramp-ticks">
          {WHATIF_DELTA_STOPS.map((st) => (
            <span key={st.deltaVph}>
              {st.deltaVph > 0 ? `+${st.deltaVph}` : st.deltaVph === 0 ? '0' : `−${-st.deltaVph}`}
            </span>
          ))}
        </div>
        <div className="legend-note">{t.wiLegendNote(WHATIF_MIN_DELTA_VPH)}</div>
      </div>

      <div className="tp-foot" data-testid="whatif-facts">
        <span title={t.tpGapFormula}>
          {t.wiGaps(result.baselineGap.toExponential(1), result.scenarioGap.toExponential(1))}
        </span>
        <span>{t.wiElapsed(fmt(result.elapsedMs, 0))}</span>
      </div>
    </div>
  );
}

const LEVER_KINDS: readonly LeverKind[] = [
  'closeLink',
  'closeWay',
  'removeLanes',
  'demandByDistrict',
  'signalGreenSplit',
];

/** The what-if panel (planner mode). */
export function WhatIfPanel() {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const sceneName = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.name : null));
  const selection = useAppStore((s) => s.selection);
  const levers = useAppStore((s) => s.trafficLevers);
  const run = useAppStore((s) => s.trafficWhatIf);
  const t = dict(lang);
  const model = version > 0 ? getModel() : null;
  const [lanes, setLanes] = useState(1);
  const [zone, setZone] = useState<number | null>(null);
  const [pct, setPct] = useState(20);
  const [greenRatio, setGreenRatio] = useState(0.3);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  if (!model) return null;
  const link = selection?.kind === 'link' && selection.index < model.roads.linkCount ? selection.index : null;
  const districts = districtZones(model);
  const zoneSel = zone ?? districts[0] ?? null;
  const signal = link !== null ? downstreamSignal(model, link) : null;
  const bridge = link !== null && isBridge(model, link);
  const running = run.phase === 'running';

  const add = (kind: LeverKind): void => {
    const draft: LeverDraft = { kind, link, lanes, zone: zoneSel, pct, greenRatio };
    const built = leverFromDraft(model, draft);
    if ('problem' in built) {
      setMessage({ kind: 'error', text: problemText(t, built.problem) });
      return;
    }
    const why = validateTrafficLever(model, built.lever);
    if (why !== null) {
      setMessage({ kind: 'error', text: t.wiInvalid(why) });
      return;
    }
    appStore.getState().setTrafficLevers(addLever(levers, built.lever));
    setMessage({ kind: 'ok', text: t.wiAdded(describeLever(t, model, lang, built.lever)) });
  };
  const remove = (l: TrafficLever): void => {
    const key = leverKey(l);
    appStore.getState().setTrafficLevers(levers.filter((x) => leverKey(x) !== key));
  };
  const onRun = (): void => {
    if (!sceneName || levers.length === 0) return;
    setMessage(null);
    const simTimeMs = appStore.getState().simTimeMs;
    startTrafficWhatIf(appStore, levers, simTimeMs > 0 ? simTimeMs : Date.now(), { sceneName });
  };
  const kindLabel: Record<LeverKind, string> = {
    closeLink: t.wiCloseLink,
    closeWay: bridge ? t.wiCloseBridge : t.wiCloseWay,
    removeLanes: t.wiRemoveLanes,
    demandByDistrict: t.wiDemand,
    signalGreenSplit: t.wiGreenSplit,
  };
  const needsLink = (k: LeverKind) => k !== 'demandByDistrict';
  const maxLanes = link !== null ? (model.roads.lanes[link] as number) : 1;

  return (
    <section className="panel whatif-panel" data-testid="whatif-panel">
      <header className="panel-head">
        <h2>{t.wiTitle}</h2>
      </header>

      <div className="wi-target" data-testid="whatif-target">
        {link === null ? (
          <span className="muted">{t.wiPickLink}</span>
        ) : (
          <>
            <strong>{linkName(model, link, lang)}</strong> <span className="muted-num">link:{link}</span>
            {bridge && <span className="wi-tag">{t.flagBridge}</span>}
            <div className="muted-num">
              {t.wiLinkFacts(maxLanes, fmt(model.roads.capacityVph[link] as number, 0))} ·{' '}
              {signal !== null ? t.wiSignalAt(signal) : t.wiNoSignalShort}
            </div>
          </>
        )}
      </div>

      <div className="wi-builder">
        {LEVER_KINDS.map((kind) => {
          const disabled =
            running || (needsLink(kind) && link === null) || (kind === 'signalGreenSplit' && signal === null);
          return (
            <div className="wi-lever-row" key={kind}>
              {kind === 'removeLanes' && (
                <input
                  type="number"
                  min={1}
                  max={Math.max(1, maxLanes - 1)}
                  step={1}
                  value={lanes}
                  aria-label={t.wiLanesInput}
                  title={t.wiLanesInput}
                  onChange={(e) => setLanes(Number(e.target.value))}
                />
              )}
              {kind === 'demandByDistrict' && (
                <>
                  <select
                    value={zoneSel ?? ''}
                    aria-label={t.tpDistrict}
                    data-testid="whatif-district"
                    onChange={(e) => setZone(Number(e.target.value))}
                  >
                    {districts.map((z) => (
                      <option key={z} value={z}>
                        {zoneName(model, z, lang)}
                      </option>
                    ))}
                  </select>
                  <input
                    type="number"
                    min={DEMAND_PCT_MIN}
                    max={DEMAND_PCT_MAX}
                    step={5}
                    value={pct}
                    aria-label={t.wiPctInput}
                    title={t.wiPctInput}
                    onChange={(e) => setPct(Number(e.target.value))}
                  />
                  <span className="tp-unit">%</span>
                </>
              )}
              {kind === 'signalGreenSplit' && (
                <>
                  <input
                    type="number"
                    min={GREEN_RATIO_MIN}
                    max={GREEN_RATIO_MAX}
                    step={0.05}
                    value={greenRatio}
                    aria-label={t.wiGreenInput}
                    title={t.wiGreenInput}
                    onChange={(e) => setGreenRatio(Number(e.target.value))}
                  />
                  <span className="tp-unit">g/C</span>
                </>
              )}
              <button
                type="button"
                className="btn wi-add"
                data-testid={`whatif-add-${kind}`}
                disabled={disabled}
                title={
                  needsLink(kind) && link === null
                    ? t.wiNeedLink
                    : kind === 'signalGreenSplit' && signal === null
                      ? t.wiNoSignal
                      : undefined
                }
                onClick={() => add(kind)}
              >
                + {kindLabel[kind]}
              </button>
            </div>
          );
        })}
      </div>

      {message && (
        <div
          className={message.kind === 'error' ? 'tp-error' : 'wi-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="whatif-message"
        >
          {message.text}
        </div>
      )}

      <h3>{t.wiLevers(levers.length)}</h3>
      {levers.length === 0 ? (
        <p className="muted">{t.wiNoLevers}</p>
      ) : (
        <ul className="wi-levers">
          {levers.map((l) => (
            <li key={leverKey(l)} data-testid="whatif-lever">
              <span>{describeLever(t, model, lang, l)}</span>
              <button
                type="button"
                className="link-btn"
                disabled={running}
                aria-label={t.wiRemove}
                title={t.wiRemove}
                onClick={() => remove(l)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="wi-actions">
        <button
          type="button"
          className="btn primary"
          data-testid="whatif-run"
          disabled={running || levers.length === 0}
          onClick={onRun}
        >
          {t.wiRun}
        </button>
        {running && (
          <button
            type="button"
            className="btn"
            data-testid="whatif-cancel"
            onClick={() => cancelTrafficWhatIf(appStore)}
          >
            {t.wiCancel}
          </button>
        )}
        {levers.length > 0 && !running && (
          <button type="button" className="link-btn" onClick={() => appStore.getState().setTrafficLevers([])}>
            {t.wiClearLevers}
          </button>
        )}
      </div>

      {run.phase === 'running' && (
        <div className="wi-progress" data-testid="whatif-progress">
          <div className="muted">
            {run.stage === 'loadingScene' ? t.wiStageScene : t.wiStageAssign} {Math.round(run.progress * 100)}
            %
          </div>
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(run.progress * 100)}
          >
            <div className="progress-bar" style={{ width: `${Math.round(run.progress * 100)}%` }} />
          </div>
          <div className="muted small">{t.wiLiveContinues}</div>
        </div>
      )}
      {run.phase === 'error' && (
        <div className="tp-error" role="alert" data-testid="whatif-error">
          <strong>
            {t.wiFailed(
              run.stage === 'scene'
                ? t.wiStageSceneName
                : run.stage === 'worker'
                  ? t.wiStageWorkerName
                  : t.wiStageModelName,
            )}
          </strong>
          <pre>{run.message}</pre>
        </div>
      )}
      {run.phase === 'done' && (
        <Result
          result={run.result}
          levers={run.levers ?? levers}
          simTimeMs={run.simTimeMs}
          t={t}
          model={model}
          lang={lang}
        />
      )}
    </section>
  );
}
