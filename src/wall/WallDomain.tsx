/**
 * The playlist scene's domain panel: every KPI of one domain (DOMAINS), large, and its alarm count. In the city
 * overview it shows the domain with the most severe live alarm (ties: DOMAINS order), so the wall leads with trouble.
 */
import { appStore } from '../state/store.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { Dict } from '../app/i18n.ts';
import type { DomainId } from '../core/scenario/types.ts';
import type { DomainPlugin } from '../domains/types.ts';
import { DOMAINS, domainById } from '../domains/registry.ts';
import { SEVERITY_RANK } from './wallFormat.ts';
import { WallKpiValue } from './WallKpis.tsx';

/** The domain the overview leads with. */
function mostAlarmed(): DomainPlugin | null {
  const s = appStore.getState();
  let best: DomainPlugin | null = null;
  let bestRank = Infinity;
  for (const d of DOMAINS) {
    const a = d.alarms(s)[0];
    const rank = a ? SEVERITY_RANK[a.severity] : 3;
    if (rank < bestRank) {
      best = d;
      bestRank = rank;
    }
  }
  return best;
}

/** The domain panel. `fixed` comes from the layout; `sceneDomain` from the playlist. */
export function WallDomain({
  fixed,
  sceneDomain,
  t,
  lang,
}: {
  fixed: DomainId | null;
  sceneDomain: DomainId | null;
  t: Dict;
  lang: Lang;
}) {
  const id = fixed ?? sceneDomain;
  const d = id !== null ? domainById(id) : mostAlarmed();
  if (!d) return null;
  const alarms = d.alarms(appStore.getState());
  return (
    <section className="wl-card wl-domain" data-testid="wl-domain" data-domain={d.id}>
      <h2 className="wl-heading">
        {d.name[lang]}
        <span className={alarms.length ? 'wl-badge bad' : 'wl-badge'}>
          {t.wlAlarms} {alarms.length}
        </span>
      </h2>
      <div className="wl-domain-kpis">
        {d.kpis.map((k) => (
          <WallKpiValue key={k.id} domain={d} kpiId={k.id} t={t} lang={lang} />
        ))}
      </div>
    </section>
  );
}
