/**
 * The executive overview (`/`, issue 7): one 1920×1080 screen of city vital signs (城市生命体征) — "one map for full
 * perception, one click for the whole picture" (一图全面感知, 一键可知全局). The twin in the middle (3D view, with
 * the map beside it: both stay mounted), every domain's headline KPIs around it from DOMAINS (value, unit, the time
 * it refers to, trend against yesterday and last week from the KPI history, sparkline), the top alerts of all
 * domains (click: fly there), the drill-down city → district → grid cell, the indicator system and the live KPI
 * strip. Names no domain: a domain that lands later appears here through src/domains/registry.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import '../../assets/exec.css';
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { CityModel } from '../core/scene/types.ts';
import { KpiPlaceholders } from '../panels/KpiPlaceholders.tsx';
import { appStore, useAppStore } from '../state/store.ts';
import { dict } from '../app/i18n.ts';
import { DOMAINS } from '../domains/registry.ts';
import { zoneName } from '../domains/liveShared.ts';
import { clockHm, DEFAULT_UTC_OFFSET_MIN } from '../panels/trafficFormat.ts';
import { IndicatorPanel } from './indicators/IndicatorPanel.tsx';
import { HeadlineCard, type CardZone } from './HeadlineCard.tsx';
import { TopAlerts } from './TopAlerts.tsx';
import { DrillDown, flyToZone, type DrillState } from './DrillDown.tsx';
import { useTwinClickDrill } from './useTwinClickDrill.ts';
import { headlineIds } from './execFormat.ts';
import { useKpiHistory } from './useKpiHistory.ts';
import { useSecondTick } from './useSecondTick.ts';
import { isTestMode } from '../app/testHooks.ts';
import { cameraBridge } from '../views/cameraBridge.ts';

/** The history ids of every headline KPI (a stable array: the history hook's dependency). */
const HEADLINE_IDS = headlineIds(DOMAINS);

/** "YYYY-MM-DD" of a sim time in the scene's time zone. */
function simDate(simMs: number, offsetMin: number): string {
  return simMs > 0 ? new Date(simMs + offsetMin * 60_000).toISOString().slice(0, 10) : '—';
}

/** The exec page. `note` is the mode's title line. */
export function ExecPage({ model, note }: { model: CityModel; note: ReactNode }) {
  const lang = useAppStore((st) => st.lang);
  const t = dict(lang);
  useSecondTick();
  const s = appStore.getState();
  const hist = useKpiHistory(HEADLINE_IDS);
  // The views, the live strip and the indicator panel update themselves: the same element every second lets React
  // skip them when the page re-renders for its cards (a re-render of the R3F canvas or the map is not free).
  const threeBox = useRef<HTMLDivElement | null>(null);
  const mapBox = useRef<HTMLDivElement | null>(null);
  const viewBoxes = useMemo(() => ({ three: threeBox, map: mapBox }), []);
  const twin = useMemo(
    () => (
      <div className="ex-twin">
        <div className="ex-twin-main" ref={threeBox} data-testid="ex-twin-three">
          <ThreeView model={model} />
        </div>
        <div className="ex-twin-side" ref={mapBox} data-testid="ex-twin-map">
          <MapView model={model} />
        </div>
      </div>
    ),
    [model],
  );
  const strip = useMemo(
    () => (
      <div className="ex-strip">
        <KpiPlaceholders />
      </div>
    ),
    [],
  );
  const indicators = useMemo(() => <IndicatorPanel />, []);
  const [drill, setDrill] = useState<DrillState>({ level: 'city' });
  // A click on the twin drills into the district / grid cell under it and flies there, like a row of the table.
  const drillTo = useCallback((next: DrillState): void => {
    setDrill(next);
    if (next.level !== 'city') flyToZone(next.level === 'cell' ? next.cell : next.district);
  }, []);
  useTwinClickDrill(viewBoxes, model, drill, drillTo);

  // District and grid-cell outlines on the twin while the overview is open (restored on leaving).
  useEffect(() => {
    const was = appStore.getState().layers.zones;
    appStore.getState().setLayer('zones', true);
    const w = window as unknown as { __citybrain?: Record<string, unknown> };
    // Test hook: the 3D view's camera (the drill-down's fly-to is checked through it).
    if (isTestMode() && w.__citybrain) w.__citybrain.execCamera = () => cameraBridge('three')?.get() ?? null;
    return () => appStore.getState().setLayer('zones', was);
  }, []);

  const offsetMin = model.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  const hm = s.simTimeMs > 0 ? clockHm(s.simTimeMs, offsetMin) : '—';
  const zone: CardZone | null =
    drill.level === 'city'
      ? null
      : drill.level === 'district'
        ? { level: 0, zone: drill.district, name: zoneName(drill.district)[lang] }
        : { level: 1, zone: drill.cell, name: zoneName(drill.cell)[lang] };
  const since = hist.answer?.firstSimMs ?? null;
  const historyNote =
    hist.error !== null
      ? t.exHistoryError(hist.error)
      : since === null
        ? t.exNoHistoryYet
        : t.exHistorySince(`${simDate(since, offsetMin)} ${clockHm(since, offsetMin)}`);
  const cards = DOMAINS.map((d) => (
    <HeadlineCard
      key={d.id}
      d={d}
      s={s}
      rows={hist.answer?.rows ?? null}
      zone={zone}
      hm={hm}
      t={t}
      lang={lang}
    />
  ));

  return (
    <main className="workspace ex-page" data-testid="exec-page">
      <header className="ex-head">
        <div className="ex-title">
          <h1 data-testid="ex-title">{t.exTitle}</h1>
          <span className="ex-slogan">{t.exSlogan}</span>
        </div>
        <div className="ex-clock" data-testid="ex-clock" data-sim-ms={s.simTimeMs}>
          {t.exSimClock(simDate(s.simTimeMs, offsetMin), hm)}
        </div>
        <div className="ex-history-note" data-testid="ex-history-note">
          {historyNote}
        </div>
        <div className="ex-note">{note}</div>
      </header>
      <aside className="ex-left">{indicators}</aside>
      <div className="ex-center">
        <div className="ex-cards" data-testid="ex-cards">
          {cards}
        </div>
        {twin}
        {strip}
      </div>
      <aside className="ex-right">
        <TopAlerts s={s} t={t} lang={lang} />
        <DrillDown s={s} drill={drill} setDrill={setDrill} lang={lang} t={t} />
      </aside>
    </main>
  );
}
