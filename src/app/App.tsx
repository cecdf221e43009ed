/**
 * The app shell: loads the scene named in the URL, starts the live feed once it is ready, and lays out the two
 * views of the twin and the docked panels for the current mode (modes decide layout, not data: DESIGN.md rule 8).
 */
import { useEffect } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { hot } from '../feed/hotBuffers.ts';
import { startFeed } from '../feed/startFeed.ts';
import { Header, MODE_LABEL } from './Header.tsx';
import { dict, type Dict } from './i18n.ts';
import { loadScene, sceneNameFromSearch } from './loadScene.ts';
import { getModel } from './sceneHolder.ts';
import { useMode, type Mode } from './router.ts';
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import { Inspector } from '../panels/Inspector.tsx';
import { LayerPanel } from '../panels/LayerPanel.tsx';
import { FeedStatusPanel } from '../panels/FeedStatusPanel.tsx';
import { SceneInfoPanel } from '../panels/SceneInfoPanel.tsx';
import { TrafficPanel } from '../panels/TrafficPanel.tsx';
import { EnergyPanel } from '../panels/EnergyPanel.tsx';
import { WorkloadBoard } from '../panels/WorkloadBoard.tsx';
import { ResiliencePanel } from '../panels/ResiliencePanel.tsx';
import { WallConsole } from '../panels/WallConsole.tsx';
import { ExecPage } from '../exec/ExecPage.tsx';
import { WallPage } from '../wall/WallPage.tsx';
import { PlanPage } from '../plan/PlanPage.tsx';
import '../../assets/trafficPanels.css';

const MODE_NOTE: Record<Mode, keyof Dict> = {
  exec: 'modeNoteExecTraffic',
  ops: 'modeNoteOps',
  wall: 'modeNoteWall',
  plan: 'modeNotePlanTraffic',
};

function Loading({ name, progress, t }: { name: string; progress: number; t: Dict }) {
  return (
    <div className="center-state" data-testid="scene-loading">
      <div className="loading-title">{progress >= 0.96 ? t.loadingDecode : t.loadingScene(name)}</div>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <div className="progress-bar" style={{ width: `${Math.round(progress * 100)}%` }} />
      </div>
      <div className="muted">{Math.round(progress * 100)}%</div>
    </div>
  );
}

function LoadError({ message, t }: { message: string; t: Dict }) {
  return (
    <div className="center-state error" data-testid="scene-error" role="alert">
      <div className="error-title">{t.loadFailed}</div>
      <pre className="error-message">{message}</pre>
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        {t.retry}
      </button>
    </div>
  );
}

/** Layout of the twin and panels for a mode. */
function Workspace({ mode, t }: { mode: Mode; t: Dict }) {
  const model = getModel();
  if (!model) return null;
  const note = (
    <div className="mode-note" data-testid="mode-note">
      <strong className="mode-title" data-testid="mode-title">
        {t[MODE_LABEL[mode]] as string}
      </strong>{' '}
      {t[MODE_NOTE[mode]] as string}
    </div>
  );
  const map = <MapView model={model} />;
  const three = <ThreeView model={model} />;
  switch (mode) {
    case 'exec':
      return <ExecPage model={model} note={note} />;
    case 'ops':
      return (
        <main className="workspace mode-ops">
          <aside className="dock left">
            <WorkloadBoard />
            <LayerPanel />
          </aside>
          <div className="center">
            {note}
            <div className="views two">
              {map}
              {three}
            </div>
          </div>
          <aside className="dock">
            <WallConsole />
            <FeedStatusPanel />
            <Inspector />
            <ResiliencePanel controls />
            <TrafficPanel />
            <EnergyPanel />
            <SceneInfoPanel />
          </aside>
        </main>
      );
    case 'wall':
      return <WallPage model={model} note={note} />;
    case 'plan':
      return <PlanPage model={model} note={note} />;
    default: {
      const never: never = mode;
      return <>{String(never)}</>;
    }
  }
}

/** The app. */
export function App() {
  const sceneLoad = useAppStore((s) => s.sceneLoad);
  const lang = useAppStore((s) => s.lang);
  const mode = useMode();
  const t = dict(lang);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t.productName} · citybrain`;
  }, [lang, t.productName]);

  useEffect(() => {
    void loadScene(appStore, sceneNameFromSearch(window.location.search));
  }, []);

  // Escape clears the selection in both views, as in every desktop GIS; not while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || target?.closest('input, textarea, select')) return;
      appStore.getState().select(null, null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const readyName = sceneLoad.phase === 'ready' ? sceneLoad.name : null;
  useEffect(() => {
    if (!readyName) return;
    const model = getModel();
    hot.reset(model ? model.sensors.count : 0);
    const feed = startFeed({ sceneName: readyName, store: appStore, hot });
    return () => feed.stop();
  }, [readyName]);

  let body;
  switch (sceneLoad.phase) {
    case 'idle':
    case 'loading':
      body = (
        <Loading
          name={sceneLoad.phase === 'loading' ? sceneLoad.name : ''}
          progress={sceneLoad.phase === 'loading' ? sceneLoad.progress : 0}
          t={t}
        />
      );
      break;
    case 'error':
      body = <LoadError message={sceneLoad.message} t={t} />;
      break;
    case 'ready':
      body = <Workspace key={sceneLoad.version} mode={mode} t={t} />;
      break;
    default: {
      const never: never = sceneLoad;
      body = <>{String(never)}</>;
    }
  }
  // A screen of a multi-screen wall (/wall?wall=…&screen=…) is the screen's native pixels edge to edge: no header.
  const isWallScreen = mode === 'wall' && /[?&](wall|screen)=/.test(window.location.search);
  return (
    <div className={`app lang-${lang}`} data-mode={mode}>
      {!isWallScreen && <Header />}
      {body}
    </div>
  );
}
