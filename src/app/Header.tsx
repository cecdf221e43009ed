/** The header: product name, scene title (+ synthetic badge), mode tabs, sim clock, language switch. */
import { useAppStore, appStore } from '../state/store.ts';
import { getModel } from './sceneHolder.ts';
import { dict, type Dict } from './i18n.ts';
import { MODES, navigate, pathOfMode, useMode, type Mode } from './router.ts';

export const MODE_LABEL: Record<Mode, keyof Dict> = {
  exec: 'modeExec',
  ops: 'modeOps',
  wall: 'modeWall',
  plan: 'modePlan',
};

function SimClock({ t }: { t: Dict }) {
  const simTimeMs = useAppStore((s) => s.simTimeMs);
  const simSpeed = useAppStore((s) => s.simSpeed);
  // The clock shows simulation time in the city's time zone is not known to the scene: UTC+8 is the Chinese
  // standard time of the default scenes; shown with its offset so nobody mistakes it for local time.
  const text =
    simTimeMs > 0
      ? new Date(simTimeMs + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19) + ' +08'
      : t.simClockNone;
  return (
    <div className="sim-clock" data-testid="sim-clock">
      <span className="sim-clock-label">{t.simClock}</span>
      <span className="sim-clock-time">{text}</span>
      {simTimeMs > 0 && simSpeed !== 1 && <span className="sim-speed">×{simSpeed}</span>}
    </div>
  );
}

/** The app header. */
export function Header() {
  const lang = useAppStore((s) => s.lang);
  const sceneLoad = useAppStore((s) => s.sceneLoad);
  const mode = useMode();
  const t = dict(lang);
  const model = sceneLoad.phase === 'ready' ? getModel() : null;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t.productName}</span>
        <span className="brand-sub">{t.productSub}</span>
      </div>
      {model && (
        <div className="scene-title" data-testid="scene-title">
          <span>{model.meta.title[lang]}</span>
          {model.meta.synthetic && (
            <span className="badge synthetic" data-testid="synthetic-badge">
              {t.syntheticBadge}
            </span>
          )}
        </div>
      )}
      <nav className="mode-tabs" aria-label="modes">
        {MODES.map((m) => (
          <a
            key={m.id}
            href={pathOfMode(m.id)}
            className={m.id === mode ? 'tab active' : 'tab'}
            aria-current={m.id === mode ? 'page' : undefined}
            data-testid={`mode-${m.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(m.id);
            }}
          >
            {t[MODE_LABEL[m.id]] as string}
          </a>
        ))}
      </nav>
      <div className="header-right">
        <SimClock t={t} />
        <button
          type="button"
          className="lang-switch"
          title={t.langSwitchTitle}
          data-testid="lang-switch"
          onClick={() => appStore.getState().setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t.langSwitch}
        </button>
      </div>
    </header>
  );
}
