/**
 * KPI tiles of the overview, all live: traffic (city congestion index with its grade and trend, average speed), energy
 * (load, import share, renewable share with its trend), 一网统管 (backlog, overdue, on-time rate) and resilience (active
 * hazards, the highest alert level in its colour, people exposed; "no active hazard" when none).
 */
import { useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { ARROW, trendDirection, TTI_TREND_MIN_SPAN, ttiGrade } from './trafficFormat.ts';
import { gradeLabel } from './TrafficPanel.tsx';
import { Sparkline } from './Sparkline.tsx';
import { importShare, renewableTrendPct, SHARE_SPARK_MIN_SPAN_PP, shareTrend } from './energyFormat.ts';
import { useMemo } from 'react';
import { workloadKpis } from '../core/workload/kpi.ts';
import { useSampledOrders } from './WorkloadBoard.tsx';
import { pctText } from './workloadFormat.ts';
import { activeHazards, exposedPeople, highestAlert, peopleText } from './resilienceFormat.ts';
import { AlertChip } from './ResiliencePanel.tsx';
import type { Lang } from '../state/uiSlice.ts';

/** The traffic tile: TTI, grade, trend arrow and sparkline, average speed; "waiting" before the first KPIs. */
function TrafficTile({ t }: { t: Dict }) {
  const k = useAppStore((s) => s.trafficKpis);
  const trend = useAppStore((s) => s.trafficTrend);
  if (!k) {
    return (
      <div className="kpi pending" data-testid="kpi-traffic">
        <div className="kpi-title">{t.kpiTraffic}</div>
        <div className="kpi-value">{t.tpWaitingShort}</div>
        <div className="kpi-note">{t.tpWaiting}</div>
      </div>
    );
  }
  const values = trend.slice(-60).map((p) => p.cityTti);
  const dir = trendDirection(values);
  const grade = ttiGrade(k.cityTti);
  return (
    <div className="kpi live-kpi" data-testid="kpi-traffic" title={t.tpTtiFormula}>
      <div className="kpi-title">{t.kpiTraffic}</div>
      <div className="kpi-main">
        <span className={`kpi-value grade-${grade}`} data-testid="kpi-traffic-tti" data-value={k.cityTti}>
          {fmt(k.cityTti, 2)}
        </span>
        <span className={`tp-trend trend-${dir}`}>{ARROW[dir]}</span>
        <span className={`tp-grade grade-${grade}`}>{gradeLabel(t, grade)}</span>
        <Sparkline
          minSpan={TTI_TREND_MIN_SPAN}
          values={values}
          widthPixels={90}
          heightPixels={26}
          label={t.tpTrendLabel(values.length)}
        />
      </div>
      <div className="kpi-note">
        {t.tpTtiShort} · {t.tpAvgSpeed} {fmt(k.avgSpeedKph, 1)} km/h
      </div>
    </div>
  );
}

/** Steps in the energy tile's renewable-share trend (2 hours of 5-minute dispatch steps). */
const ENERGY_TREND_POINTS = 24;

/**
 * The energy tile: load served now (MW) and the share of it imported, the renewable share now with its trend arrow
 * and sparkline; "waiting" before the first dispatch step, "no energy model" when the server runs none.
 */
function EnergyTile({ t }: { t: Dict }) {
  const counts = useAppStore((s) => s.energyCounts);
  const history = useAppStore((s) => s.energyHistory);
  const live = useAppStore((s) => s.connection.phase === 'live');
  const last = history[history.length - 1];
  if (!last) {
    return (
      <div className="kpi pending" data-testid="kpi-energy">
        <div className="kpi-title">{t.kpiEnergy}</div>
        <div className="kpi-value">{t.tpWaitingShort}</div>
        <div className="kpi-note">{counts === null && live ? t.enpNoModel : t.enpWaitingStep}</div>
      </div>
    );
  }
  const values = renewableTrendPct(history, ENERGY_TREND_POINTS);
  const dir = shareTrend(values);
  return (
    <div className="kpi live-kpi energy-kpi" data-testid="kpi-energy" title={t.enpTileTitle}>
      <div className="kpi-title">{t.kpiEnergy}</div>
      <div className="kpi-main">
        <span className="kpi-value" data-testid="kpi-energy-load" data-value={last.loadMw}>
          {fmt(last.loadMw, 0)}
        </span>
        <span className="tp-unit">MW</span>
        <span className="energy-kpi-import" data-testid="kpi-energy-import">
          {t.enpTileImport(fmt(importShare(last) * 100, 0))}
        </span>
      </div>
      <div className="kpi-note energy-kpi-re">
        <span data-testid="kpi-energy-renewable">
          {t.enpRenewableShort} {fmt(last.renewableShare * 100, 1)} %
        </span>{' '}
        <span className={`tp-trend energy-trend-${dir}`} title={t.enpReTrendTitle}>
          {ARROW[dir]}
        </span>
        <Sparkline
          minSpan={SHARE_SPARK_MIN_SPAN_PP}
          values={values}
          widthPixels={70}
          heightPixels={18}
          label={t.enpReTrend(values.length)}
        />
      </div>
    </div>
  );
}

/** The 一网统管 tile: open backlog, handle on-time rate and overdue count, re-derived at most every 2 s. */
function WorkloadTile({ t }: { t: Dict }) {
  const { orders, version, nowMs } = useSampledOrders(2000);
  const k = useMemo(
    () => (version === 0 ? null : workloadKpis(orders.values(), [], nowMs).all),
    [orders, version, nowMs],
  );
  if (k === null) {
    return (
      <div className="kpi pending" data-testid="kpi-workload">
        <div className="kpi-title">{t.wkTile}</div>
        <div className="kpi-value">{t.tpWaitingShort}</div>
        <div className="kpi-note">{t.wbWaiting}</div>
      </div>
    );
  }
  return (
    <div className="kpi live-kpi wo-kpi-tile" data-testid="kpi-workload" title={t.wkTileTitle}>
      <div className="kpi-title">{t.wkTile}</div>
      <div className="kpi-main">
        <span className="kpi-value" data-testid="kpi-workload-backlog" data-value={k.backlog}>
          {k.backlog}
        </span>
        <span className="tp-unit">{t.wkBacklog}</span>
        {k.overdueNow > 0 && <span className="kpi-value sla-overdue">{t.wkOverdue(k.overdueNow)}</span>}
      </div>
      <div className="kpi-note">
        {t.wkOnTime} <span data-testid="kpi-workload-ontime">{pctText(k.onTimeRate.handle)}</span>
      </div>
    </div>
  );
}

/**
 * The resilience tile: active hazards and the highest alert level (its chip in the warning colour), people exposed;
 * "no active hazard" once the feed is live and none runs, "waiting" before.
 */
function ResilienceTile({ t, lang }: { t: Dict; lang: Lang }) {
  const hazards = useAppStore((s) => s.hzHazards);
  const exposure = useAppStore((s) => s.hzExposure);
  const version = useAppStore((s) => s.hzVersion);
  const live = useAppStore((s) => s.connection.phase === 'live');
  if (version === 0 && !live) {
    return (
      <div className="kpi pending" data-testid="kpi-resilience">
        <div className="kpi-title">{t.kpiResilience}</div>
        <div className="kpi-value">{t.tpWaitingShort}</div>
        <div className="kpi-note">{t.rpWaitingFeed}</div>
      </div>
    );
  }
  const active = activeHazards(hazards);
  const level = highestAlert(hazards);
  return (
    <div
      className="kpi live-kpi rp-kpi-tile"
      data-testid="kpi-resilience"
      data-active={active.length}
      data-level={level}
      title={t.rpTileTitle}
    >
      <div className="kpi-title">{t.kpiResilience}</div>
      {active.length === 0 ? (
        <>
          <div className="kpi-main">
            <span className="kpi-value rp-ok" data-testid="kpi-resilience-none">
              {t.rpTileNone}
            </span>
          </div>
          <div className="kpi-note">{t.rpNoHazardNote}</div>
        </>
      ) : (
        <>
          <div className="kpi-main">
            <span className="kpi-value" data-testid="kpi-resilience-active">
              {active.length}
            </span>
            <span className="tp-unit">{t.rpTileActiveUnit(active.length)}</span>
            <AlertChip level={level} t={t} />
          </div>
          <div className="kpi-note" data-testid="kpi-resilience-exposed">
            {t.rpTileExposed(peopleText(exposedPeople(hazards, exposure), lang))}
          </div>
        </>
      )}
    </div>
  );
}

/** The KPI strip. */
export function KpiPlaceholders() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  return (
    <section className="kpis" data-testid="kpis">
      <TrafficTile t={t} />
      <EnergyTile t={t} />
      <WorkloadTile t={t} />
      <ResilienceTile t={t} lang={lang} />
    </section>
  );
}
