/**
 * The control-room wall (`/wall`, issue 7): one browser per screen of a wall layout (scenes/walls/*.json, format in
 * docs/wall.md). `/wall?wall=<id>&screen=<n>` draws exactly that screen's rectangle of the wall's virtual canvas at
 * native resolution — the page is the screen's widthPx×heightPx in CSS pixels, never scaled, so with a device pixel
 * ratio of 1 one canvas pixel is one device pixel (the page says so on screen when it is not). A 3D twin panel that
 * spans several screens is drawn on each with ThreeView's view offset, so the screens form one picture across the
 * bezels. Text is sized from the layout's viewing distance (minTextPx). Plain `/wall` is the 'single' layout fitted
 * to the window below the app header. The shared state (camera, time, playlist scene, alarm) comes from the wall
 * server through useWallSync, which also moves the views' cameras.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { ViewOffsetRect } from '../views/three/ViewOffset.tsx';
import type { CityModel } from '../core/scene/types.ts';
import {
  MIN_CHAR_ARCMIN,
  fitLayoutToWindow,
  fontPxForCharPx,
  minTextPx,
  panelPartOnScreen,
  screenRect,
  type PanelPart,
  type WallLayout,
  type WallLayoutResult,
  type WallPanel,
} from '../core/wall/layout.ts';
import type { WallState } from '../core/wall/types.ts';
import { appStore, useAppStore } from '../state/store.ts';
import type { Lang } from '../state/uiSlice.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { isTestMode } from '../app/testHooks.ts';
import { useWallSync } from './sync.ts';
import { parseWallQuery, resolveWallScreen } from './wallQuery.ts';
import { fetchWallLayout } from './layouts.ts';
import { applySceneLayers } from './sceneLayers.ts';
import { sceneDomain } from './wallFormat.ts';
import { WallError } from './WallError.tsx';
import { WallTitle } from './WallTitle.tsx';
import { WallKpis } from './WallKpis.tsx';
import { WallAlarms } from './WallAlarms.tsx';
import { WallDomain } from './WallDomain.tsx';
import { WallClock } from './WallClock.tsx';
import { AlarmCard } from './alarmCard.tsx';
import '../../assets/wall.css';

/** What a test reads on window.__citybrain.wallPage (test mode only). */
export interface WallPageProbe {
  wall: string;
  screen: number;
  /** The layout is drawn and every view this screen shows has drawn its first city frame. */
  ready: boolean;
  widthPx: number;
  heightPx: number;
  /** Character heights (20′ preferred, 16′ minimum) and the CSS font sizes derived from them, px. */
  charPx: number;
  minCharPx: number;
  fontPx: number;
  minFontPx: number;
  panels: { id: string; kind: string; part: PanelPart }[];
}

function installProbe(p: WallPageProbe): void {
  if (!isTestMode()) return;
  const w = window as unknown as { __citybrain?: Record<string, unknown> };
  w.__citybrain ??= {};
  w.__citybrain['wallPage'] = p;
}

function viewsReady(): { map: boolean; three: boolean } {
  const cb = (window as unknown as { __citybrain?: { ready?: { map?: boolean; three?: boolean } } })
    .__citybrain;
  return { map: cb?.ready?.map === true, three: cb?.ready?.three === true };
}

/** Real time, refreshed every second (panels read the store on this tick: cold state changes ≲ 1 Hz). */
function useSecondTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

/** The window's CSS size and device pixel ratio. */
function useWindowMetrics(): { w: number; h: number; dpr: number } {
  const read = () => ({ w: window.innerWidth, h: window.innerHeight, dpr: window.devicePixelRatio || 1 });
  const [m, setM] = useState(read);
  useEffect(() => {
    const on = () => setM(read());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return m;
}

/** The wall page. (`note` is the other modes' title line; a wall screen has its own title panel.) */
export function WallPage({ model }: { model: CityModel; note?: unknown }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const query = useMemo(() => parseWallQuery(window.location.search, t), [t]);
  const id = query.ok ? query.id : null;
  const [loaded, setLoaded] = useState<{ id: string; result: WallLayoutResult | null } | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    void fetchWallLayout(id).then((result) => {
      if (live) setLoaded({ id, result });
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (!query.ok) return <WallError reason={query.reason} t={t} />;
  if (loaded === null || loaded.id !== query.id) {
    return (
      <div className="center-state" data-testid="wl-loading">
        {t.wlLoadingLayout(query.id)}
      </div>
    );
  }
  if (loaded.result === null) return <WallError reason={t.wlUnknownWall(query.id)} t={t} />;
  if (!loaded.result.ok) return <WallError reason={loaded.result.reason} t={t} />;
  const target = resolveWallScreen(loaded.result.value, query.screenParam, query.isPlain, t);
  if (!target.ok) return <WallError reason={target.reason} t={t} />;
  return (
    <WallHost
      key={`${target.layout.id}:${target.screen}`}
      model={model}
      layout={target.layout}
      screen={target.screen}
      isPlain={target.isPlain}
      t={t}
      lang={lang}
    />
  );
}

interface HostProps {
  model: CityModel;
  layout: WallLayout;
  screen: number;
  isPlain: boolean;
  t: Dict;
  lang: Lang;
}

/** Sizes the screen: a fitWindow layout takes its host's size (measured), any other its native pixels. */
function WallHost(props: HostProps) {
  const { layout } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = hostRef.current;
    if (!layout.fitWindow || !el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const w = Math.floor(r.width);
      const h = Math.floor(r.height);
      setFit((f) => (f && f.w === w && f.h === h ? f : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [layout.fitWindow]);
  const sized = useMemo(
    () => (layout.fitWindow ? (fit ? fitLayoutToWindow(layout, fit.w, fit.h) : null) : layout),
    [layout, fit],
  );
  if (layout.fitWindow) {
    return (
      <div className="wl-host" ref={hostRef}>
        {sized && <WallScreen {...props} sized={sized} />}
      </div>
    );
  }
  return <WallScreen {...props} sized={layout} />;
}

/** One screen of a wall. `sized`: the layout with the screen's final size (fitted to the window or native). */
function WallScreen({ model, layout, sized, screen, isPlain, t, lang }: HostProps & { sized: WallLayout }) {
  const sync = useWallSync(layout.id, screen, layout);
  const state: WallState | null = sync.state;
  const nowMs = useSecondTick();
  const liveSimMs = useAppStore((s) => s.simTimeMs);
  const metrics = useWindowMetrics();
  const offsetMin = model.meta.utcOffsetMin ?? 480;

  // The playlist scene decides the domain layers; the defaults are the layers as they were before the wall.
  const defaultLayers = useRef(appStore.getState().layers);
  const scene = state?.scene ?? null;
  useEffect(() => {
    if (scene !== null) applySceneLayers(appStore, scene, defaultLayers.current);
  }, [scene]);

  const rect = screenRect(sized, screen) ?? { xPx: 0, yPx: 0, widthPx: 1, heightPx: 1 };
  const charPx = minTextPx(sized, screen);
  const minCharPx = minTextPx(sized, screen, MIN_CHAR_ARCMIN);
  const fontPx = fontPxForCharPx(charPx);
  const minFontPx = fontPxForCharPx(minCharPx);

  const parts = useMemo(
    () =>
      sized.panels
        .map((p) => ({ panel: p, part: panelPartOnScreen(sized, p, screen) }))
        .filter((x): x is { panel: WallPanel; part: PanelPart } => x.part !== null),
    [sized, screen],
  );

  // The views are created once per geometry: the 1 s tick must not re-render the canvases.
  const twin = parts.find((x) => x.panel.kind === 'twin3d');
  const tw = twin?.panel;
  const tp = twin?.part;
  const offset = useMemo<ViewOffsetRect | undefined>(
    () =>
      tw && tp && !tp.whole
        ? {
            fullWidth: tw.widthPx,
            fullHeight: tw.heightPx,
            x: tp.offsetXPx,
            y: tp.offsetYPx,
            width: tp.widthPx,
            height: tp.heightPx,
          }
        : undefined,
    [tw, tp],
  );
  const hasTwin = twin !== undefined;
  const threeEl = useMemo(
    () => (hasTwin ? <ThreeView model={model} viewOffset={offset} /> : null),
    [model, offset, hasTwin],
  );
  const hasMap = parts.some((x) => x.panel.kind === 'map');
  const mapEl = useMemo(() => (hasMap ? <MapView model={model} /> : null), [model, hasMap]);

  // Test probe: the geometry and, polled, whether the views this screen shows have drawn.
  useEffect(() => {
    const probe: WallPageProbe = {
      wall: layout.id,
      screen,
      ready: false,
      widthPx: rect.widthPx,
      heightPx: rect.heightPx,
      charPx,
      minCharPx,
      fontPx,
      minFontPx,
      panels: parts.map((x) => ({ id: x.panel.id, kind: x.panel.kind, part: x.part })),
    };
    installProbe(probe);
    if (!isTestMode()) return;
    const check = () => {
      const r = viewsReady();
      probe.ready = (!hasTwin || r.three) && (!hasMap || r.map);
    };
    check();
    const id = window.setInterval(check, 200);
    return () => window.clearInterval(id);
  }, [
    layout.id,
    screen,
    rect.widthPx,
    rect.heightPx,
    charPx,
    minCharPx,
    fontPx,
    minFontPx,
    parts,
    hasTwin,
    hasMap,
  ]);

  const style = {
    width: `${rect.widthPx}px`,
    height: `${rect.heightPx}px`,
    fontSize: `${fontPx}px`,
    '--wl-font': `${fontPx}px`,
    '--wl-min-font': `${minFontPx}px`,
  } as CSSProperties;

  const warnings: string[] = [];
  if (!isPlain) {
    if (metrics.dpr !== 1) warnings.push(t.wlDprWarning(metrics.dpr));
    if (metrics.w !== rect.widthPx || metrics.h !== rect.heightPx) {
      warnings.push(t.wlSizeWarning(metrics.w, metrics.h, rect.widthPx, rect.heightPx));
    }
  }

  const currentDomain = state ? sceneDomain(state.scene) : null;
  return (
    <main
      className={`wl-screen ${isPlain ? 'plain' : 'native'}${state?.alarm ? ' takeover' : ''}`}
      style={style}
      data-testid="wl-screen"
      data-wall={layout.id}
      data-screen={screen}
      data-scene={state?.scene ?? ''}
    >
      {parts.map(({ panel, part }) => {
        const box: CSSProperties = {
          left: part.screenXPx,
          top: part.screenYPx,
          width: part.widthPx,
          height: part.heightPx,
        };
        let body;
        switch (panel.kind) {
          case 'twin3d':
            body = threeEl;
            break;
          case 'map':
            body = mapEl;
            break;
          case 'kpis':
            body = <WallKpis domains={panel.domains} t={t} lang={lang} highlight={currentDomain} />;
            break;
          case 'alarms':
            body = <WallAlarms takeover={state?.alarm ?? null} t={t} lang={lang} offsetMin={offsetMin} />;
            break;
          case 'domain':
            body = (
              <WallDomain fixed={panel.domains?.[0] ?? null} sceneDomain={currentDomain} t={t} lang={lang} />
            );
            break;
          case 'clock':
            body = (
              <WallClock
                state={state}
                liveSimMs={liveSimMs}
                nowMs={nowMs}
                offsetMin={offsetMin}
                connected={sync.connected}
                latencyMs={sync.latencyMs}
                t={t}
              />
            );
            break;
          case 'title':
            body = (
              <WallTitle
                model={model}
                layout={layout}
                screen={screen}
                scene={state?.scene ?? null}
                t={t}
                lang={lang}
              />
            );
            break;
          default: {
            const never: never = panel.kind;
            body = <>{String(never)}</>;
          }
        }
        const cls = `wl-panel wl-panel-${panel.kind}${part.whole ? '' : ' split'}${part.offsetXPx > 0 || part.offsetYPx > 0 ? ' inner' : ''}`;
        return (
          <div key={panel.id} className={cls} style={box} data-testid={`wl-panel-${panel.id}`}>
            {body}
          </div>
        );
      })}
      {state?.alarm && <div className="wl-takeover-frame" data-testid="wl-takeover-frame" />}
      {state?.alarm && !parts.some((x) => x.panel.kind === 'alarms') && (
        // A screen without an alarm panel shows the card over its top centre: every screen is taken over.
        <div className="wl-takeover-overlay">
          <AlarmCard alarm={state.alarm} lang={lang} offsetMin={offsetMin} />
        </div>
      )}
      {warnings.length > 0 && (
        <div className="wl-warning" role="status" data-testid="wl-warning">
          {warnings.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </div>
      )}
    </main>
  );
}
