/**
 * KPI tiles of the overview. Traffic is live (city congestion index with its grade and trend, average speed);
 * energy, resilience and workload stay honestly marked as pending until their domain issues deliver the formulas.
 */
import { useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { ARROW, trendDirection, TTI_TREND_MIN_SPAN, ttiGrade } from './trafficFormat.ts';
import { gradeLabel } from './TrafficPanel.tsx';
import { Sparkline } from './Sparkline.tsx';

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

/** The KPI strip. */
export function KpiPlaceholders() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const pending = [t.kpiEnergy, t.kpiResilience, t.kpiWorkload];
  return (
    <section className="kpis" data-testid="kpis">
      <TrafficTile t={t} />
      {pending.map((title) => (
        <div className="kpi pending" key={title}>
          <div className="kpi-title">{title}</div>
          <div className="kpi-value">{t.kpiPending}</div>
          <div className="kpi-note">{t.kpiPendingNote}</div>
        </div>
      ))}
    </section>
  );
}
