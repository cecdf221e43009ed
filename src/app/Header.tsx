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
  // Simulation time in the city's own time zone (scene meta; China Standard Time when the scene does not say),
  // shown with its offset so nobody mistakes it for the viewer's local time.
  const offsetMin = getModel()?.meta.utcOffsetMin ?? 480;
  const text = simTimeMs > 0 ? formatSimClock(simTimeMs, offsetMin) : t.simClockNone;
  return (
    <div className="sim-clock" data-testid="sim-clock">
      <span className="sim-clock-label">{t.simClock}</span>
      <span className="sim-clock-time">{text}</span>
      {simTimeMs > 0 && simSpeed !== 1 && <span className="sim-speed">×{simSpeed}</span>}
    </div>
  );
}

/** "YYYY-MM-DD hh:mm:ss ±hh[:mm]" of a simulation time at a fixed UTC offset in minutes. */
export function formatSimClock(simTimeMs: number, offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(simTimeMs + offsetMin * 60_000).toISOString().replace('T', ' ').slice(0, 19)} ${sign}${hh}${mm}`;
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
