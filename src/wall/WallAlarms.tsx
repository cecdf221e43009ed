/**
 * The wall's alarm panel: the alarm that has taken over the wall (WallState.alarm) as wall-sync's card, then the live
 * alarms of every domain (DOMAINS), most severe and newest first, as many as fit.
 */
import { appStore } from '../state/store.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { Dict } from '../app/i18n.ts';
import type { WallAlarm } from '../core/wall/types.ts';
import type { DomainAlarm } from '../domains/types.ts';
import { DOMAINS } from '../domains/registry.ts';
import { AlarmCard } from './alarmCard.tsx';
import { SEVERITY_RANK, cityClock, severityLabel } from './wallFormat.ts';

/** Rows at most (the panel clips what does not fit; more is noise at 7 m). */
const MAX_ROWS = 12;

/** The alarm panel. Re-rendered by the page's 1 s tick. */
export function WallAlarms({
  takeover,
  t,
  lang,
  offsetMin,
}: {
  takeover: WallAlarm | null;
  t: Dict;
  lang: Lang;
  offsetMin: number;
}) {
  const s = appStore.getState();
  const all: DomainAlarm[] = [];
  for (const d of DOMAINS) for (const a of d.alarms(s)) all.push(a);
  all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.simMs - a.simMs);
  const rows = all.filter((a) => a.id !== takeover?.id).slice(0, MAX_ROWS);
  return (
    <section className="wl-card wl-alarms" data-testid="wl-alarms">
      <h2 className="wl-heading">
        {t.wlAlarms}
        <span className={all.length ? 'wl-badge bad' : 'wl-badge'}>{all.length}</span>
      </h2>
      <AlarmCard alarm={takeover} lang={lang} offsetMin={offsetMin} />
      {rows.length === 0 && !takeover && <div className="wl-muted">{t.wlNoAlarms}</div>}
      <ol className="wl-alarm-list">
        {rows.map((a) => (
          <li key={a.id} className="wl-alarm">
            <span className={`wl-sev ${a.severity}`}>{severityLabel(a.severity, t)}</span>
            <span className="wl-alarm-title">{a.title[lang]}</span>
            <span className="wl-alarm-time">{cityClock(a.simMs, offsetMin).time.slice(0, 5)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
