/**
 * The saved scenarios of the server's /plan namespace (src/plan/planApi.ts): name, when saved, the fork time and the
 * lever count per domain; open (which re-runs it and checks the result against the saved KPIs), copy its share link,
 * delete.
 */
import { useState } from 'react';
import type { SavedScenarioSummary } from './planApi.ts';
import { DOMAINS } from '../domains/registry.ts';
import { dict } from '../app/i18n.ts';
import { useAppStore } from '../state/store.ts';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:MM' at `offsetMin` minutes east of UTC. */
export function stampAt(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The share URL of a saved scenario on this server. */
export function shareUrl(id: string): string {
  return `${globalThis.location.origin}/plan?scenario=${encodeURIComponent(id)}`;
}

/** The list panel. */
export function SavedScenarios({
  list,
  error,
  currentId,
  busy,
  offsetMin,
  onOpen,
  onDelete,
  onRefresh,
}: {
  list: readonly SavedScenarioSummary[] | null;
  error: string | null;
  currentId: string | null;
  busy: boolean;
  offsetMin: number;
  onOpen(id: string): void;
  onDelete(id: string): void;
  onRefresh(): void;
}) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const [confirm, setConfirm] = useState<string | null>(null);
  // The browser's clock is fine for "when saved" (real time, shown in the viewer's own zone).
  const localOffsetMin = -new Date().getTimezoneOffset();
  return (
    <section className="panel pl-saved" data-testid="pl-saved">
      <header className="panel-head">
        <h2>{t.plSavedTitle}</h2>
        <button type="button" className="btn" onClick={onRefresh} title={t.plRefresh}>
          ↻
        </button>
      </header>
      {error && <div className="pl-err">{error}</div>}
      {list === null && !error && <p className="muted">{t.plLoading}</p>}
      {list?.length === 0 && <p className="muted">{t.plSavedNone}</p>}
      <ul className="pl-saved-list">
        {list?.map((s) => {
          const total = Object.values(s.leverCounts).reduce((a, b) => a + b, 0);
          return (
            <li
              key={s.id}
              className={s.id === currentId ? 'pl-saved-item current' : 'pl-saved-item'}
              data-testid="pl-saved-item"
              data-id={s.id}
            >
              <div className="pl-saved-name">{s.name}</div>
              <div className="muted pl-small">
                {t.plSavedAt(stampAt(s.savedAtMs, localOffsetMin))} ·{' '}
                {t.plForkAt(stampAt(s.startSimMs, offsetMin))} · {t.plHorizonShort(s.horizonH)}
              </div>
              <div className="muted pl-small" title={t.plLeverCountsTip}>
                {t.plLeverCount(total)}:{' '}
                {DOMAINS.map((d) => `${d.name[lang]} ${s.leverCounts[d.id]}`).join(' · ')}
                {!s.hasKpis && ` · ${t.plNoSavedKpis}`}
              </div>
              <div className="pl-saved-actions">
                <button
                  type="button"
                  className="btn primary"
                  disabled={busy}
                  data-testid="pl-saved-open"
                  onClick={() => onOpen(s.id)}
                >
                  {t.plOpenRerun}
                </button>
                <button
                  type="button"
                  className="btn"
                  data-testid="pl-saved-copy"
                  onClick={() => void navigator.clipboard?.writeText(shareUrl(s.id)).catch(() => undefined)}
                  title={shareUrl(s.id)}
                >
                  {t.plCopyLink}
                </button>
                {confirm === s.id ? (
                  <button
                    type="button"
                    className="btn danger"
                    data-testid="pl-saved-delete-confirm"
                    onClick={() => {
                      setConfirm(null);
                      onDelete(s.id);
                    }}
                  >
                    {t.plDeleteConfirm}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn"
                    data-testid="pl-saved-delete"
                    onClick={() => setConfirm(s.id)}
                  >
                    {t.plDelete}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
