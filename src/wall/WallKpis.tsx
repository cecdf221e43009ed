/** The wall's KPI strip: each domain's headline KPIs (DOMAINS), live, with units; "waiting" until a value arrives. */
import { appStore } from '../state/store.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { Dict } from '../app/i18n.ts';
import type { DomainId } from '../core/scenario/types.ts';
import type { DomainPlugin } from '../domains/types.ts';
import { DOMAINS } from '../domains/registry.ts';
import { formatKpiValue } from './wallFormat.ts';
import { KpiChip } from '../exec/KpiChip.tsx';

/** One KPI: label over value + unit. */
export function WallKpiValue({
  domain,
  kpiId,
  t,
  lang,
}: {
  domain: DomainPlugin;
  kpiId: string;
  t: Dict;
  lang: Lang;
}) {
  const k = domain.kpis.find((x) => x.id === kpiId);
  if (!k) return null;
  const v = k.read(appStore.getState());
  return (
    <div className="wl-kpi" data-testid={`wl-kpi-${domain.id}-${k.id}`}>
      <div className="wl-kpi-label">{k.label[lang]}</div>
      <div className="wl-kpi-value">
        {v === null || !Number.isFinite(v) ? (
          <span className="wl-waiting">{t.wlWaiting}</span>
        ) : (
          <>
            {/* A KPI with words for its value (the alert level): the words on their colour. */}
            {k.format ? (
              <KpiChip d={k.format(v)} lang={lang} className="wl-num" />
            ) : (
              <span className="wl-num">{formatKpiValue(v, k.digits, lang)}</span>
            )}
            {k.unit && !k.format && <span className="wl-unit">{k.unit}</span>}
          </>
        )}
      </div>
    </div>
  );
}

/** The KPI panel (`domains`: the domains it shows, null = all). Re-rendered by the page's 1 s tick. */
export function WallKpis({
  domains,
  t,
  lang,
  highlight,
}: {
  domains: readonly DomainId[] | null;
  t: Dict;
  lang: Lang;
  /** The domain of the current playlist scene (outlined), or null. */
  highlight: DomainId | null;
}) {
  const shown = DOMAINS.filter((d) => domains === null || domains.includes(d.id));
  return (
    <section className="wl-card wl-kpis" data-testid="wl-kpis" aria-label={t.wlKpis}>
      <h2 className="wl-heading">{t.wlKpis}</h2>
      <div
        className="wl-kpi-grid"
        style={{ gridTemplateColumns: `repeat(${Math.min(2, shown.length)}, 1fr)` }}
      >
        {shown.map((d) => (
          <div key={d.id} className={d.id === highlight ? 'wl-kpi-domain current' : 'wl-kpi-domain'}>
            <div className="wl-domain-name">{d.name[lang]}</div>
            {d.kpis
              .filter((k) => k.headline)
              .map((k) => (
                <WallKpiValue key={k.id} domain={d} kpiId={k.id} t={t} lang={lang} />
              ))}
          </div>
        ))}
      </div>
    </section>
  );
}
