/** KPI tiles of the overview, honestly marked as pending until the domain issues deliver the formulas. */
import { useAppStore } from '../state/store.ts';
import { dict } from '../app/i18n.ts';

/** The KPI placeholder strip. */
export function KpiPlaceholders() {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const tiles = [t.kpiTraffic, t.kpiEnergy, t.kpiResilience, t.kpiWorkload];
  return (
    <section className="kpis" data-testid="kpis">
      {tiles.map((title) => (
        <div className="kpi pending" key={title}>
          <div className="kpi-title">{title}</div>
          <div className="kpi-value">{t.kpiPending}</div>
          <div className="kpi-note">{t.kpiPendingNote}</div>
        </div>
      ))}
    </section>
  );
}
