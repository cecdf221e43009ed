/**
 * The top alerts of the overview: every domain's alarms merged (most severe first, then the newest), each with its
 * domain, what, where and when; a click flies both views' cameras to its place (src/views/cameraBridge.ts).
 */
import { DOMAINS } from '../domains/registry.ts';
import type { DomainAlarm } from '../domains/types.ts';
import type { AppState } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import type { Lang } from '../state/uiSlice.ts';
import { cameraBridge, setTwinCamera } from '../views/cameraBridge.ts';
import { clockHm } from '../panels/trafficFormat.ts';
import { alarmCamera, mergeAlarms } from './execFormat.ts';

/** Alerts listed (the rest are counted). */
export const TOP_ALERTS = 8;
/** Duration of a fly-to, ms. */
export const FLY_MS = 1200;

/** Flies both views to (x, y), keeping the current heading. */
export function flyTo(x: number, y: number): void {
  const cam = cameraBridge('three')?.get() ?? cameraBridge('map')?.get();
  setTwinCamera(alarmCamera(x, y, cam?.headingDeg ?? 0), FLY_MS);
}

function sevLabel(t: Dict, s: DomainAlarm['severity']): string {
  switch (s) {
    case 'critical':
      return t.exSevCritical;
    case 'major':
      return t.exSevMajor;
    case 'minor':
      return t.exSevMinor;
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** The list. */
export function TopAlerts({ s, t, lang }: { s: AppState; t: Dict; lang: Lang }) {
  const { shown, total } = mergeAlarms(DOMAINS, s, TOP_ALERTS);
  return (
    <section className="panel ex-alerts" data-testid="ex-alerts" data-total={total}>
      <div className="panel-head">
        <h2>{t.exAlerts}</h2>
        <span className="ex-count">{t.exAlertsCount(total)}</span>
      </div>
      {shown.length === 0 ? (
        <p className="muted" data-testid="ex-no-alerts">
          {t.exNoAlerts}
        </p>
      ) : (
        <ol className="ex-alert-list">
          {shown.map((a) => {
            const placed = a.x !== null && a.y !== null;
            const dn = DOMAINS.find((d) => d.id === a.domain)?.name[lang] ?? a.domain;
            return (
              <li key={a.id}>
                <button
                  type="button"
                  className={`ex-alert sev-${a.severity}`}
                  data-testid="ex-alert"
                  data-severity={a.severity}
                  data-domain={a.domain}
                  disabled={!placed}
                  title={placed ? t.exAlertFly : t.exNoPlace}
                  onClick={() => {
                    if (a.x !== null && a.y !== null) flyTo(a.x, a.y);
                  }}
                >
                  <span className={`ex-sev sev-${a.severity}`}>{sevLabel(t, a.severity)}</span>
                  <span className="ex-alert-body">
                    <span className="ex-alert-title">
                      <span className="ex-alert-domain">{dn}</span> {a.title[lang]}
                    </span>
                    <span className="ex-alert-detail">{a.detail[lang]}</span>
                  </span>
                  <span className="ex-alert-time">{clockHm(a.simMs)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {total > shown.length && <p className="muted ex-more">{t.exAlertsMore(total - shown.length)}</p>}
    </section>
  );
}
