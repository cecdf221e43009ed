/**
 * One domain's card around the twin: its headline KPIs, each with the live value, unit and the sim time it refers
 * to, the change against the same time yesterday and last week (from the KPI history; "no record yet" with the
 * history's start when there is none — never an invented number) and a 6-hour sparkline; when the drill-down has a
 * zone, the domain's first KPI for that zone under it. Knows no domain by name: everything comes from the plugin.
 */
import type { DomainPlugin, LiveKpiDef } from '../domains/types.ts';
import type { AppState } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { HistoryPoint, HistoryRow } from '../core/protocol/historyMessages.ts';
import { Sparkline } from '../panels/Sparkline.tsx';
import { deltaText, TREND_ARROW, trendOf, valueText } from './execFormat.ts';
import { KpiChip } from './KpiChip.tsx';

/** The zone the drill-down shows, if any. */
export interface CardZone {
  readonly level: 0 | 1;
  readonly zone: number;
  readonly name: string;
}

function TrendChip({
  label,
  now,
  point,
  k,
  t,
  lang,
  testId,
}: {
  label: string;
  now: number | null;
  point: HistoryPoint | undefined;
  k: LiveKpiDef;
  t: Dict;
  lang: Lang;
  testId: string;
}) {
  if (point === undefined || point.value === null || now === null) {
    return (
      <span
        className="ex-trend none"
        data-testid={testId}
        data-state="none"
        title={point?.reason ?? t.exNoHistoryYet}
      >
        {label} <span className="ex-trend-val">{t.exNoRecord}</span>
      </span>
    );
  }
  const tr = trendOf(now, point.value, k.better, k.digits);
  const cls = tr.good === null ? 'flat' : tr.good ? 'good' : 'bad';
  return (
    <span
      className={`ex-trend ${cls}`}
      data-testid={testId}
      data-state={tr.dir}
      title={`${label}: ${k.format ? k.format(point.value).text[lang] : `${valueText(point.value, k.digits)} ${k.unit}`}`}
    >
      {label}{' '}
      <span className="ex-trend-val">
        {TREND_ARROW[tr.dir]} {tr.dir === 'flat' ? '' : deltaText(tr.delta, k.digits, k.unit, t.exPp)}
      </span>
    </span>
  );
}

/** The card. `hm`: the sim clock "HH:MM" the live values refer to. */
export function HeadlineCard({
  d,
  s,
  rows,
  zone,
  hm,
  t,
  lang,
}: {
  d: Omit<DomainPlugin, 'LeverEditor'>;
  s: AppState;
  rows: Readonly<Record<string, HistoryRow>> | null;
  zone: CardZone | null;
  hm: string;
  t: Dict;
  lang: Lang;
}) {
  const heads = d.kpis.filter((k) => k.headline);
  const zk = zone === null ? null : (d.zoneKpis(s, zone.level)[0] ?? null);
  const zv = zk === null || zone === null ? null : (zk.values[zone.zone] ?? NaN);
  return (
    <section className="ex-card" data-testid={`ex-card-${d.id}`}>
      <header className="ex-card-head">
        <h2>{d.name[lang]}</h2>
        <span className="ex-card-time" data-testid="ex-card-time">
          {t.exAsOf(hm)}
        </span>
      </header>
      {heads.map((k) => {
        const v = k.read(s);
        const row = rows?.[`${d.id}.${k.id}`];
        const series = (row?.series ?? []).map((p) => p[1]);
        if (v !== null && Number.isFinite(v)) series.push(v);
        return (
          <div
            key={k.id}
            className={`ex-kpi${v === null ? ' pending' : ''}`}
            data-testid={`ex-kpi-${d.id}-${k.id}`}
            data-value={v ?? ''}
            title={`${k.formula[lang]} (${k.better === 'lower' ? t.exBetterLower : k.better === 'higher' ? t.exBetterHigher : ''})`}
          >
            <div className="ex-kpi-label">{k.label[lang]}</div>
            <div className="ex-kpi-row">
              <span className="ex-kpi-value" data-testid="ex-value">
                {v === null ? (
                  t.exWaiting
                ) : k.format ? (
                  <KpiChip d={k.format(v)} lang={lang} className="ex-kpi-chip" />
                ) : (
                  valueText(v, k.digits)
                )}
              </span>
              {v !== null && k.unit !== '' && !k.format && (
                <span className="ex-kpi-unit" data-testid="ex-unit">
                  {k.unit}
                </span>
              )}
              <span className="ex-kpi-spark">
                <Sparkline
                  values={series}
                  widthPixels={110}
                  heightPixels={30}
                  label={t.exTrendTitle(series.length)}
                />
              </span>
            </div>
            <div className="ex-kpi-trends">
              <TrendChip
                label={t.exVsYesterday}
                now={v}
                point={row?.yesterday}
                k={k}
                t={t}
                lang={lang}
                testId="ex-vs-yesterday"
              />
              <TrendChip
                label={t.exVsLastWeek}
                now={v}
                point={row?.lastWeek}
                k={k}
                t={t}
                lang={lang}
                testId="ex-vs-lastweek"
              />
            </div>
          </div>
        );
      })}
      {zone !== null && zk !== null && (
        <div className="ex-card-zone" data-testid="ex-card-zone">
          <span className="ex-card-zone-name">{zone.name}</span> · {zk.label[lang]}{' '}
          <strong>{valueText(zv, zk.digits)}</strong> {zk.unit}
        </div>
      )}
    </section>
  );
}
