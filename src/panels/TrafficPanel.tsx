/**
 * The traffic panel: city congestion index (拥堵指数, TTI) with its grade and trend, network speed, delay and VKT,
 * per-district TTI, commute times between districts, the ten most congested links (click: select and fly there),
 * and the model's own quality figures (relative gap, vehicles per animated vehicle). Reads cold KPIs from the store
 * (a few updates per simulated minute), never the hot link buffers. Formulas: title tooltips, zh/en.
 */
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { TrafficKpis } from '../core/traffic/types.ts';
import type { Lang } from '../state/uiSlice.ts';
import { Sparkline } from './Sparkline.tsx';
import {
  adaptiveDigits,
  ARROW,
  clockHm,
  linkName,
  trendDirection,
  TTI_TREND_MIN_SPAN,
  ttiGrade,
  zoneName,
  type TtiGrade,
} from './trafficFormat.ts';

/** How many trend points the sparkline shows (the slice keeps a bounded trend; this is the visible window). */
const TREND_POINTS = 60;

/** Dictionary label of a grade. */
export function gradeLabel(t: Dict, g: TtiGrade): string {
  switch (g) {
    case 'free':
      return t.tpGradeFree;
    case 'slow':
      return t.tpGradeSlow;
    case 'congested':
      return t.tpGradeCongested;
    case 'severe':
      return t.tpGradeSevere;
    default: {
      const never: never = g;
      return String(never);
    }
  }
}

/** Selects road link `link` in both views and flies both cameras there (as the inspector's fly button does). */
export function selectAndFlyToLink(link: number): void {
  appStore.getState().select({ kind: 'link', index: link }, 'panel');
  requestFlyTo();
}

/** Headline: TTI, grade, trend arrow and sparkline. */
function Headline({ k, t, big }: { k: TrafficKpis; t: Dict; big: boolean }) {
  const trend = useAppStore((s) => s.trafficTrend);
  const values = trend.slice(-TREND_POINTS).map((p) => p.cityTti);
  const dir = trendDirection(values);
  const grade = ttiGrade(k.cityTti);
  return (
    <div className={`tp-headline${big ? ' big' : ''}`}>
      <div className="tp-tti" title={t.tpTtiFormula}>
        <div className="tp-tti-label">{t.tpCityTti}</div>
        <div className="tp-tti-row">
          <span
            className={`tp-tti-value grade-${grade}`}
            data-testid="traffic-city-tti"
            data-value={k.cityTti}
          >
            {fmt(k.cityTti, 2)}
          </span>
          <span className={`tp-grade grade-${grade}`} data-testid="traffic-grade">
            {gradeLabel(t, grade)}
          </span>
          <span
            className={`tp-trend trend-${dir}`}
            title={t.tpTrendTitle}
            aria-label={dir === 'up' ? t.tpTrendUp : dir === 'down' ? t.tpTrendDown : t.tpTrendFlat}
          >
            {ARROW[dir]}
          </span>
        </div>
        <div className="tp-tti-unit">{t.tpTtiUnit}</div>
      </div>
      <Sparkline
        minSpan={TTI_TREND_MIN_SPAN}
        values={values}
        widthPixels={big ? 150 : 110}
        heightPixels={big ? 40 : 30}
        label={t.tpTrendLabel(values.length)}
        testId="traffic-trend"
      />
    </div>
  );
}

/** The KPI grid: speed, delay, VKT. */
function KpiGrid({ k, t }: { k: TrafficKpis; t: Dict }) {
  const items: [string, string, string, string, string][] = [
    [t.tpAvgSpeed, fmt(k.avgSpeedKph, 1), 'km/h', t.tpAvgSpeedFormula, 'avg-speed'],
    [
      t.tpDelay,
      fmt(k.delayVehHPerH, adaptiveDigits(k.delayVehHPerH)),
      t.tpDelayUnit,
      t.tpDelayFormula,
      'delay',
    ],
    [t.tpVkt, fmt(k.vktPerH, 0), t.tpVktUnit, t.tpVktFormula, 'vkt'],
  ];
  return (
    <dl className="tp-kpis">
      {items.map(([label, value, unit, formula, id]) => (
        <div key={id} title={formula} data-testid={`traffic-${id}`}>
          <dt>{label}</dt>
          <dd>
            <span className="tp-num">{value}</span> <span className="tp-unit">{unit}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Districts({ k, t, model, lang }: { k: TrafficKpis; t: Dict; model: CityModel; lang: Lang }) {
  if (k.districts.length === 0) return null;
  return (
    <div className="tp-block">
      <h3 title={t.tpTtiFormula}>{t.tpDistricts}</h3>
      <table className="tp-table">
        <thead>
          <tr>
            <th>{t.tpDistrict}</th>
            <th className="num">TTI</th>
            <th className="num">km/h</th>
          </tr>
        </thead>
        <tbody>
          {k.districts.map((d) => (
            <tr key={d.zone}>
              <td>{zoneName(model, d.zone, lang)}</td>
              <td className={`num grade-${ttiGrade(d.tti)}`}>{fmt(d.tti, 2)}</td>
              <td className="num">{fmt(d.avgSpeedKph, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Commutes({ k, t, model, lang }: { k: TrafficKpis; t: Dict; model: CityModel; lang: Lang }) {
  if (k.commutes.length === 0) return null;
  return (
    <div className="tp-block">
      <h3 title={t.tpCommuteFormula}>{t.tpCommutes}</h3>
      <table className="tp-table">
        <thead>
          <tr>
            <th>{t.tpCommutePair}</th>
            <th className="num">{t.tpMinutes}</th>
            <th className="num">{t.tpFreeFlowMin}</th>
          </tr>
        </thead>
        <tbody>
          {k.commutes.map((c) => {
            const ratio = c.freeFlowMinutes > 0 ? c.minutes / c.freeFlowMinutes : Number.NaN;
            return (
              <tr key={`${c.fromZone}-${c.toZone}`}>
                <td>
                  {zoneName(model, c.fromZone, lang)} → {zoneName(model, c.toZone, lang)}
                </td>
                <td className={`num grade-${ttiGrade(ratio)}`}>{fmt(c.minutes, 1)}</td>
                <td className="num muted-num">{fmt(c.freeFlowMinutes, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function TopLinks({ k, t, model, lang }: { k: TrafficKpis; t: Dict; model: CityModel; lang: Lang }) {
  const selected = useAppStore((s) => (s.selection?.kind === 'link' ? s.selection.index : -1));
  return (
    <div className="tp-block">
      <h3>{t.tpTopLinks}</h3>
      {k.topLinks.length === 0 ? (
        <p className="muted">{t.tpNoTopLinks}</p>
      ) : (
        <table className="tp-table tp-top" data-testid="traffic-top-links">
          <thead>
            <tr>
              <th>#</th>
              <th>{t.tpRoad}</th>
              <th className="num" title={t.tpTtiFormula}>
                TTI
              </th>
              <th className="num" title={t.tpVcFormula}>
                v/c
              </th>
              <th className="num">km/h</th>
            </tr>
          </thead>
          <tbody>
            {k.topLinks.map((l, i) => (
              <tr
                key={l.link}
                className={l.link === selected ? 'selected' : ''}
                data-testid="traffic-top-link"
                data-link={l.link}
                tabIndex={0}
                title={t.tpTopLinkTitle(l.link, fmt(l.flowVph, 0))}
                onClick={() => selectAndFlyToLink(l.link)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    selectAndFlyToLink(l.link);
                  }
                }}
              >
                <td className="rank">{i + 1}</td>
                <td className="road">{linkName(model, l.link, lang)}</td>
                <td className={`num grade-${ttiGrade(l.tti)}`}>{fmt(l.tti, 2)}</td>
                <td className={`num${l.vc >= 1 ? ' over' : ''}`}>{fmt(l.vc, 2)}</td>
                <td className="num">{fmt(l.speedKph, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * The traffic panel. `variant`: 'full' (ops, wall, exec) or 'compact' (headline and KPIs only, for narrow docks).
 */
export function TrafficPanel({ variant = 'full' }: { variant?: 'full' | 'compact' }) {
  const k = useAppStore((s) => s.trafficKpis);
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const model = version > 0 ? getModel() : null;
  const t = dict(lang);
  return (
    <section className={`panel traffic-panel ${variant}`} data-testid="traffic-panel">
      <header className="panel-head">
        <h2>{t.tpTitle}</h2>
        {k && (
          <span className="tp-asof" title={t.tpAsOfTitle}>
            {clockHm(k.simTimeMs)}
          </span>
        )}
      </header>
      {model !== null && model.roads.linkCount === 0 ? (
        // A sensor-only scene (e.g. the METR-LA replay) has no road network to assign: say so, do not wait forever.
        <p className="muted tp-waiting" data-testid="traffic-no-roads">
          {t.tpNoRoads}
        </p>
      ) : !k || !model ? (
        <p className="muted tp-waiting" data-testid="traffic-waiting">
          {t.tpWaiting}
        </p>
      ) : (
        <>
          <Headline k={k} t={t} big={variant === 'full'} />
          <KpiGrid k={k} t={t} />
          {variant === 'full' && (
            <>
              <TopLinks k={k} t={t} model={model} lang={lang} />
              <Districts k={k} t={t} model={model} lang={lang} />
              <Commutes k={k} t={t} model={model} lang={lang} />
            </>
          )}
          <div className="tp-foot">
            <span title={t.tpGapFormula} data-testid="traffic-gap">
              {t.tpGap} {k.relativeGap.toExponential(1)}
            </span>
            <span title={t.tpVehiclesTitle}>
              {t.tpVehicles(
                fmt(k.activeVehicles, 0),
                fmt(k.vehiclesPerAnimated, k.vehiclesPerAnimated < 10 ? 1 : 0),
              )}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
