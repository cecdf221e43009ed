/**
 * The indicator system panel of the executive overview (issue 7): a switcher between the configurations listed in
 * scenes/indicators/index.json, the radar chart (score per dimension, target dashed), the gap to target per
 * dimension, and the indicator table (value with unit and the time it refers to, normalised score, weight or
 * "unpublished"). A live configuration (the operations index) is re-evaluated from the domain plugins' KPIs at 1 Hz;
 * an entered one once. Loading, empty and error states; a bad configuration file shows its parse errors.
 */
import { Fragment, useEffect, useMemo, useState } from 'react';
import '../../../assets/indicators.css';
import { appStore, useAppStore } from '../../state/store.ts';
import { dict, type Dict } from '../../app/i18n.ts';
import { fmt } from '../../app/format.ts';
import type { Lang } from '../../state/uiSlice.ts';
import {
  evaluate,
  type DimensionResult,
  type Evaluation,
  type IndicatorResult,
} from '../../core/indicators/evaluate.ts';
import type {
  IndicatorConfig,
  IndicatorIndexEntry,
  IxText,
  SourceKind,
} from '../../core/indicators/types.ts';
import { clockHm } from '../../panels/trafficFormat.ts';
import { RadarChart } from './RadarChart.tsx';
import { findLiveKpi, readLiveKpi } from './liveKpi.ts';
import { KpiChip } from '../KpiChip.tsx';
import { useIndicatorConfig, useIndicatorIndex } from './useIndicatorConfig.ts';

/** Re-evaluation period of a live configuration (≤ 1 Hz, DESIGN.md rule 3: cold state). */
const LIVE_PERIOD_MS = 1000;

const txt = (x: IxText, lang: Lang): string => (lang === 'zh' ? x.zh : x.en);

/** Evaluates a configuration now from the store (live KPIs) and again every second when `live`. */
function useEvaluation(
  config: IndicatorConfig | null,
  live: boolean,
): { ev: Evaluation | null; simMs: number } {
  const [state, setState] = useState<{ ev: Evaluation | null; simMs: number; sig: string }>({
    ev: null,
    simMs: 0,
    sig: '',
  });
  useEffect(() => {
    if (!config) return;
    const run = () => {
      const s = appStore.getState();
      const ev = evaluate(config, (k) => readLiveKpi(s, k));
      // Skip the render when nothing shown changed (values identical at the same sim time).
      const sig = `${s.simTimeMs}|${ev.dimensions.map((d) => d.indicators.map((i) => i.value).join(',')).join(';')}`;
      setState((prev) =>
        prev.sig === sig && prev.ev?.configId === ev.configId ? prev : { ev, simMs: s.simTimeMs, sig },
      );
    };
    run();
    if (!live) return;
    const h = setInterval(run, LIVE_PERIOD_MS);
    return () => clearInterval(h);
  }, [config, live]);
  return state.ev?.configId === config?.id ? state : { ev: null, simMs: 0 };
}

const SOURCE_KEY: Readonly<Record<SourceKind, keyof Dict>> = {
  publication: 'ixSourcePublication',
  projectChoice: 'ixSourceProject',
  notLocated: 'ixSourceNotLocated',
};

function statusText(r: IndicatorResult, t: Dict): string {
  switch (r.status) {
    case 'ok':
      return '';
    case 'noData':
      return r.def.input.kind === 'live' && !findLiveKpi(r.def.input.kpi)
        ? t.ixKpiMissing(r.def.input.kpi)
        : t.ixNoData;
    case 'notEntered':
      return t.ixNotEntered;
    default: {
      const never: never = r.status;
      return never;
    }
  }
}

/**
 * An indicator's raw value with its unit, or — for a live KPI that shows its value as words (LiveKpiDef.format, the
 * alert level) — those words on their colour; the score still uses the number.
 */
function RawValue({ r, v, lang }: { r: IndicatorResult; v: number; lang: Lang }) {
  const live = r.def.input.kind === 'live' ? findLiveKpi(r.def.input.kpi) : undefined;
  if (live?.format) return <KpiChip d={live.format(v)} lang={lang} />;
  return (
    <>
      {fmt(v, digitsOf(r))}
      {r.def.unit ? <span className="ix-unit"> {r.def.unit}</span> : null}
    </>
  );
}

/** Decimals for a raw value: from the live KPI's definition, else ~3 significant digits. */
function digitsOf(r: IndicatorResult): number {
  if (r.def.input.kind === 'live') {
    const d = findLiveKpi(r.def.input.kpi);
    if (d) return d.digits;
  }
  const v = Math.abs(r.value ?? 0);
  return v >= 100 ? 0 : v >= 10 ? 1 : 2;
}

function GapBars({
  dims,
  config,
  lang,
  t,
}: {
  dims: readonly DimensionResult[];
  config: IndicatorConfig;
  lang: Lang;
  t: Dict;
}) {
  return (
    <div className="ix-gaps" data-testid="ix-gaps">
      <div className="ix-sub">{t.ixGapTitle}</div>
      {dims.map((d, k) => {
        const def = config.dimensions[k];
        if (!def) return null;
        const score = d.score;
        const gapText =
          d.gap === null
            ? d.target === null
              ? t.ixNoTarget
              : t.ixNoScore
            : d.gap > 0
              ? t.ixGapShort(fmt(d.gap, 1))
              : t.ixGapMet(fmt(-d.gap, 1));
        return (
          <div key={d.id} className="ix-gap-row" data-testid={`ix-gap-${d.id}`} data-gap={d.gap ?? ''}>
            <span className="ix-gap-name">{txt(def.name, lang)}</span>
            <span className="ix-gap-track" aria-hidden="true">
              {score !== null && (
                <span
                  className={`ix-gap-fill${d.gap !== null && d.gap > 0 ? ' short' : ' met'}`}
                  style={{ width: `${Math.max(0, Math.min(100, score))}%` }}
                />
              )}
              {d.target !== null && <span className="ix-gap-target" style={{ left: `${d.target}%` }} />}
            </span>
            <span className={`ix-gap-text${d.gap !== null && d.gap > 0 ? ' short' : ''}`}>
              {score !== null ? fmt(score, 0) : '—'}
              {d.target !== null ? ` / ${fmt(d.target, 0)}` : ''} · {gapText}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function IndicatorTable({
  ev,
  config,
  simMs,
  lang,
  t,
}: {
  ev: Evaluation;
  config: IndicatorConfig;
  simMs: number;
  lang: Lang;
  t: Dict;
}) {
  return (
    <table className="ix-table" data-testid="ix-table">
      <thead>
        <tr>
          <th>{t.ixIndicator}</th>
          <th className="num">{t.ixValue}</th>
          <th>{t.ixAsOf}</th>
          <th className="num">{t.ixScore}</th>
          <th className="num">{t.ixWeight}</th>
        </tr>
      </thead>
      <tbody>
        {ev.dimensions.map((d, k) => {
          const def = config.dimensions[k];
          if (!def) return null;
          return (
            <Fragment key={d.id}>
              <tr className="ix-dim-row">
                <th colSpan={3} scope="rowgroup">
                  {txt(def.name, lang)} <span className="muted">· {t.ixCoverage(d.withData, d.total)}</span>
                </th>
                <td className="num">{d.score !== null ? fmt(d.score, 1) : '—'}</td>
                <td className="num">{def.weight !== null ? fmt(def.weight, 2) : t.ixWeightUnpublished}</td>
              </tr>
              {d.indicators.length === 0 && (
                <tr className="ix-empty-row">
                  <td colSpan={5}>{t.ixNoIndicators}</td>
                </tr>
              )}
              {d.indicators.map((r) => {
                const inp = r.def.input;
                const asOf =
                  inp.kind === 'live'
                    ? r.value !== null && simMs > 0
                      ? clockHm(simMs)
                      : '—'
                    : (inp.asOf ?? '—');
                const st = statusText(r, t);
                return (
                  <tr key={r.id} data-testid={`ix-row-${d.id}-${r.id}`} data-status={r.status}>
                    <td title={`${t.ixNormBasis}: ${r.def.normalisation.basis}`}>{txt(r.def.name, lang)}</td>
                    <td className="num">
                      {r.value !== null ? (
                        <RawValue r={r} v={r.value} lang={lang} />
                      ) : (
                        <span className="ix-missing">{st}</span>
                      )}
                    </td>
                    <td title={inp.kind === 'entered' && inp.source ? inp.source : undefined}>{asOf}</td>
                    <td className="num">{r.score !== null ? fmt(r.score, 0) : '—'}</td>
                    <td className="num">
                      {r.def.weight !== null ? fmt(r.def.weight, 2) : t.ixWeightUnpublished}
                    </td>
                  </tr>
                );
              })}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function ConfigView({ entry, lang, t }: { entry: IndicatorIndexEntry; lang: Lang; t: Dict }) {
  const load = useIndicatorConfig(entry);
  const config = load.phase === 'ready' ? load.value : null;
  const { ev, simMs } = useEvaluation(config, entry.live);
  const file = `scenes/indicators/${entry.file}`;
  if (load.phase === 'loading')
    return (
      <p className="muted" data-testid="ix-loading">
        {t.ixLoading}
      </p>
    );
  if (load.phase === 'error') {
    return (
      <div className="ix-error" role="alert" data-testid="ix-error">
        <div>{load.parse ? t.ixBadFile(load.file) : t.ixLoadFailed(load.file, '')}</div>
        <ul>
          {load.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (!ev || !config) return <p className="muted">{t.ixLoading}</p>;
  const axes = ev.dimensions.map((d, k) => ({
    id: d.id,
    label: txt(config.dimensions[k]?.name ?? { zh: d.id, en: d.id }, lang),
    score: d.score,
    target: d.target,
  }));
  const src = config.source;
  // Something to enter: a dimension without indicators, or an entered value still null.
  const needsEntry = ev.dimensions.some(
    (d) => d.indicators.length === 0 || d.indicators.some((r) => r.status === 'notEntered'),
  );
  const agg = ev.overallAggregation;
  return (
    <div className="ix-body" data-testid={`ix-config-${config.id}`}>
      <div className="ix-source">
        <span className={`ix-badge ${src.kind}`} data-testid="ix-source-kind" data-kind={src.kind}>
          {t[SOURCE_KEY[src.kind]] as string}
        </span>
        <span className="ix-source-note">{txt(src.note, lang)}</span>
      </div>
      <div className="ix-main">
        <RadarChart axes={axes} title={t.ixRadarLabel(txt(config.name, lang))} t={t} />
        <div className="ix-side">
          <div
            className="ix-overall"
            data-testid="ix-overall"
            data-value={ev.overall ?? ''}
            data-aggregation={agg}
          >
            <span className="ix-overall-label">{t.ixOverall}</span>
            <span className="ix-overall-value">{ev.overall !== null ? fmt(ev.overall, 1) : t.ixNoScore}</span>
            <span className="ix-overall-agg">
              {agg === 'weighted' ? t.ixOverallWeighted : agg === 'unweighted' ? t.ixOverallUnweighted : ''}
            </span>
            <span className="ix-overall-time">
              {entry.live ? (simMs > 0 ? t.ixLive(clockHm(simMs)) : t.ixLiveWaiting) : ''}
            </span>
          </div>
          <GapBars dims={ev.dimensions} config={config} lang={lang} t={t} />
        </div>
      </div>
      <p className="ix-weights-note" data-testid="ix-weights-note">
        {t.ixWeight}: {txt(config.weightsNote, lang)}
      </p>
      <IndicatorTable ev={ev} config={config} simMs={simMs} lang={lang} t={t} />
      {needsEntry && (
        <p className="ix-how" data-testid="ix-how-to-enter">
          {t.ixHowToEnter(file)}
        </p>
      )}
      <p className="ix-citation" title={src.url ?? undefined}>
        {src.citation}
      </p>
    </div>
  );
}

/** The indicator system panel (no props): loads its configurations from /scenes/indicators. */
export function IndicatorPanel() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const index = useIndicatorIndex();
  const [chosen, setChosen] = useState<string | null>(null);
  const entries = index.phase === 'ready' ? index.value : null;
  const entry = useMemo(
    () => (entries ? (entries.find((e) => e.id === chosen) ?? entries[0] ?? null) : null),
    [entries, chosen],
  );
  return (
    <section className="panel ix-panel" data-testid="indicator-panel" aria-label={t.ixTitle}>
      <div className="panel-head">
        <h2>{t.ixTitle}</h2>
        {entries && entries.length > 0 && (
          <div className="ix-switch" role="tablist" aria-label={t.ixSwitchLabel}>
            {entries.map((e) => (
              <button
                key={e.id}
                type="button"
                role="tab"
                aria-selected={entry?.id === e.id}
                className={entry?.id === e.id ? 'active' : ''}
                data-testid={`ix-switch-${e.id}`}
                onClick={() => setChosen(e.id)}
              >
                {txt(e.name, lang)}
              </button>
            ))}
          </div>
        )}
      </div>
      {index.phase === 'loading' && <p className="muted">{t.ixLoading}</p>}
      {index.phase === 'error' && (
        <div className="ix-error" role="alert" data-testid="ix-error">
          <div>{index.parse ? t.ixBadFile(index.file) : t.ixLoadFailed(index.file, '')}</div>
          <ul>
            {index.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </div>
      )}
      {entries && entries.length === 0 && <p className="muted">{t.ixEmpty}</p>}
      {entry && <ConfigView key={entry.id} entry={entry} lang={lang} t={t} />}
    </section>
  );
}
