/**
 * The planner's compare view (issue 7 "Compare side by side"): baseline and scenario of one ScenarioResult on two
 * deck.gl maps that share ONE viewState (pan/zoom/rotate either, both move), as a split (left baseline, right
 * scenario) or a swipe (the scenario clipped right of a draggable divider). One ScenarioMapDiff at a time, picked by
 * domain; both sides coloured on one shared scale (or the scenario side by Δ, green = the better way), features
 * changed beyond a threshold outlined in white (pulsing, unless reduced motion or test mode), a hover card with both
 * values and the Δ, and `exportCompareImage()` compositing the views, titles and legend into one PNG.
 *
 * Two standalone Deck instances, each on its own canvas, draw the city from the scene (no maplibre, fully
 * offline). Layers are re-set imperatively from a small redraw function: hover and the pulse never re-render React.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Deck, MapView as DeckMapView, WebMercatorViewport, type PickingInfo } from '@deck.gl/core';
import type { CityModel } from '../../core/scene/types.ts';
import type { DomainId, ScenarioMapDiff, ScenarioResult } from '../../core/scenario/types.ts';
import { useAppStore } from '../../state/store.ts';
import { dict, type Dict } from '../../app/i18n.ts';
import { DOMAINS } from '../../domains/registry.ts';
import { isTestMode } from '../../app/testHooks.ts';
import {
  THRESHOLD_FRACTIONS,
  changeCounts,
  changeThreshold,
  changedMask,
  deltaScale,
  diffKey,
  digitsFor,
  formatCityTime,
  formatValue,
  groupDiffs,
  improvementOf,
  pickDiff,
  sharedScale,
  swipeClipPath,
  swipeFromKey,
  swipeFromPointer,
  validateDiff,
  type ColorMode,
  type Layout,
  type Scale,
} from './compareScale.ts';
import {
  compareBase,
  compareLayers,
  diffFeatures,
  featureCount,
  floodRegionEdges,
  sideColors,
  type CompareBase,
  type DiffFeature,
  type FeatureKind,
  type Side,
} from './compareLayers.ts';
import { drawCompareImage, legendGradient, type ExportInput } from './compareExport.ts';
import { compareFixture } from './compareFixture.ts';
import { getModel } from '../../app/sceneHolder.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { createRoot, type Root } from 'react-dom/client';
import '../../../assets/planCompare.css';

/** The shared camera (deck MapView view state). */
interface ViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  bearing: number;
  pitch: number;
  minZoom?: number;
  maxZoom?: number;
}

/** What the mounted view offers to exportCompareImage and the test hook. */
interface ActiveCompare {
  exportImage(): Promise<Blob | null>;
  probe(): Readonly<Record<string, number | string>>;
  /** Page pixels of the first vertex of diff entry k on a side, or null when off screen / absent. */
  pagePosOf(k: number, side: Side): [number, number] | null;
}
let active: ActiveCompare | null = null;

/** The current compare views composited into one PNG (titles, legend with units, scenario name, fork time). */
export function exportCompareImage(): Promise<Blob | null> {
  return active ? active.exportImage() : Promise.resolve(null);
}

/** Feature kind → its dictionary key. */
const FEATURE_KEY = {
  roadLink: 'pcFeatureRoadLink',
  building: 'pcFeatureBuilding',
  energyBus: 'pcFeatureEnergyBus',
  floodCell: 'pcFeatureFloodCell',
  gridCell: 'pcFeatureGridCell',
  district: 'pcFeatureDistrict',
} as const satisfies Record<FeatureKind, keyof Dict>;

/** The name of a feature for the hover card (road name, zone name, or kind + index). */
function featureName(model: CityModel, kind: FeatureKind, i: number, t: Dict, lang: 'zh' | 'en'): string {
  const base = `${t[FEATURE_KEY[kind]]} #${i}`;
  const pick = (n: { name: string; zh?: string; en?: string } | undefined): string | null =>
    n ? ((lang === 'zh' ? n.zh : n.en) ?? n.name) : null;
  switch (kind) {
    case 'roadLink': {
      const w = model.roads.linkWay[i];
      const n = w === undefined ? null : pick(model.roads.ways[w]?.name);
      return n ? `${n} · ${base}` : base;
    }
    case 'building': {
      const n = pick(model.buildings.names.get(i));
      return n ? `${n} · ${base}` : base;
    }
    case 'gridCell':
    case 'district': {
      const n = pick(model.zones.names.get(i));
      return n ? `${n} · ${base}` : base;
    }
    case 'energyBus':
    case 'floodCell':
      return base;
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

/** Hover card state. */
interface Hover {
  readonly k: number;
  readonly i: number;
  readonly x: number;
  readonly y: number;
  /** Stage size, CSS px (the card flips left/up near the right/bottom edge). */
  readonly w: number;
  readonly h: number;
}

/** Props of CompareView; `name` is the scenario's name when it has been saved (shown in the export). */
export interface CompareViewProps {
  readonly model: CityModel;
  readonly result: ScenarioResult;
  readonly name?: string;
}

/** Baseline vs scenario on two linked maps (split) or one swipe map. */
export function CompareView({ model, result, name }: CompareViewProps) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const [key, setKey] = useState<string | null>(null);
  const [layout, setLayout] = useState<Layout>('split');
  const [mode, setMode] = useState<ColorMode>('value');
  const [fraction, setFraction] = useState<number>(0.05);
  const [swipe, setSwipe] = useState(0.5);
  const [hover, setHover] = useState<Hover | null>(null);
  const [buildingsReady, setBuildingsReady] = useState(0);

  const groups = useMemo(() => groupDiffs(result), [result]);
  const diff = useMemo(() => pickDiff(result, key), [result, key]);
  const base = useMemo(() => compareBase(model, () => setBuildingsReady((n) => n + 1)), [model]);

  // Everything derived from the chosen diff: validity, scales, colours, changed mask.
  const derived = useMemo(() => derive(base, diff, mode, fraction), [base, diff, mode, fraction]);

  const paneB = useRef<HTMLDivElement>(null);
  const paneS = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const decks = useRef<{ b: Deck | null; s: Deck | null }>({ b: null, s: null });
  const viewRef = useRef<ViewState | null>(null);
  const drawRef = useRef<(opacity: number) => void>(() => {});
  const derivedRef = useRef(derived);
  derivedRef.current = derived;
  const hoverRef = useRef<DiffFeature | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;

  // One Deck per side, created once per model. Either's controller writes the shared viewState into both.
  useEffect(() => {
    const eb = paneB.current;
    const es = paneS.current;
    if (!eb || !es) return;
    const [w, s, e, n] = model.meta.bbox;
    const width = Math.max(64, eb.clientWidth);
    const height = Math.max(64, eb.clientHeight);
    const fit = new WebMercatorViewport({ width, height }).fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 12 },
    );
    viewRef.current = {
      longitude: fit.longitude,
      latitude: fit.latitude,
      zoom: fit.zoom,
      bearing: 0,
      pitch: 0,
      minZoom: Math.max(0, fit.zoom - 2),
      maxZoom: 20,
    };
    const setView = (vs: ViewState): void => {
      viewRef.current = vs;
      decks.current.b?.setProps({ viewState: vs });
      decks.current.s?.setProps({ viewState: vs });
    };
    const make = (parent: HTMLDivElement, side: Side): Deck =>
      new Deck({
        parent,
        views: new DeckMapView({ repeat: false }),
        viewState: viewRef.current as never,
        controller: { dragRotate: true, touchRotate: true, keyboard: true, inertia: false },
        onViewStateChange: ({ viewState }: { viewState: unknown }) => {
          setView(viewState as ViewState);
          return viewState;
        },
        // The export reads these canvases; deck's default keeps the buffer too, said here on purpose.
        deviceProps: { webgl: { preserveDrawingBuffer: true, antialias: true } },
        useDevicePixels: true,
        layers: [],
        onHover: (info: PickingInfo) => onHover(info, side),
        getCursor: ({ isDragging, isHovering }: { isDragging: boolean; isHovering: boolean }) =>
          isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab',
      } as never);
    const onHover = (info: PickingInfo, side: Side): void => {
      const f = info.object as DiffFeature | null | undefined;
      const pane = side === 'baseline' ? eb : es;
      const stage = stageRef.current;
      const next = f && typeof f.k === 'number' ? f : null;
      if (next !== hoverRef.current) {
        hoverRef.current = next;
        drawRef.current(1);
      }
      if (!next || !stage) {
        setHover(null);
        return;
      }
      const pr = pane.getBoundingClientRect();
      const sr = stage.getBoundingClientRect();
      setHover({
        k: next.k,
        i: next.i,
        x: pr.left - sr.left + info.x,
        y: pr.top - sr.top + info.y,
        w: sr.width,
        h: sr.height,
      });
    };
    decks.current = { b: make(eb, 'baseline'), s: make(es, 'scenario') };
    drawRef.current(1);
    return () => {
      decks.current.b?.finalize();
      decks.current.s?.finalize();
      decks.current = { b: null, s: null };
    };
  }, [model]);

  // Redraw: both sides' layers from the current derived state; `opacity` is the change outline's pulse.
  drawRef.current = (opacity: number): void => {
    const d = derivedRef.current;
    const empty = new Uint8Array(0);
    for (const side of ['baseline', 'scenario'] as const) {
      const deck = side === 'baseline' ? decks.current.b : decks.current.s;
      if (!deck) continue;
      deck.setProps({
        layers: compareLayers({
          base,
          diff: d.ok ? d.diff : null,
          features: d.ok ? d.features : [],
          colors: d.ok ? (side === 'baseline' ? d.colorsB : d.colorsS) : empty,
          changed: d.ok ? d.mask : empty,
          version: d.ok ? d.version : -1,
          // The Δ side shows the change as its colour: outlines only where values are shown.
          outlineOpacity: side === 'scenario' && modeRef.current === 'delta' ? 0 : opacity,
          cellEdges: d.ok ? d.cellEdges : null,
          hovered: hoverRef.current,
          prefix: side === 'baseline' ? 'b' : 's',
        }),
      });
    }
  };
  // A new diff drops the hover (its feature belongs to the old one).
  useEffect(() => {
    hoverRef.current = null;
    setHover(null);
  }, [diff]);
  useEffect(() => drawRef.current(1), [derived, buildingsReady]);

  // The pulse of the change outlines (~12 Hz opacity updates; geometry and colours stay uploaded).
  useEffect(() => {
    const reduce = isTestMode() || window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (reduce || !derived.ok || derived.counts.changed === 0) return;
    let last = 0;
    let raf = 0;
    const loop = (now: number): void => {
      raf = requestAnimationFrame(loop);
      if (now - last < 80) return;
      last = now;
      drawRef.current(0.55 + 0.45 * (0.5 + 0.5 * Math.cos((now / 1400) * 2 * Math.PI)));
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      drawRef.current(1);
    };
  }, [derived]);

  // Canvases resize with the layout; deck notices on its next frame, ask for one.
  useEffect(() => {
    decks.current.b?.redraw('layout');
    decks.current.s?.redraw('layout');
    setHover(null);
  }, [layout]);

  const forkTime = formatCityTime(result.spec.base.startSimMs, result.spec.base.utcOffsetMin);

  // exportCompareImage and the test probe read the mounted instance.
  const exportRef = useRef<ExportInput | null>(null);
  exportRef.current = {
    layout,
    swipe,
    mode,
    diff: derived.ok ? derived.diff : null,
    scale: derived.ok ? derived.scale : null,
    deltaScale: derived.ok ? derived.dScale : null,
    counts: derived.ok ? derived.counts : null,
    thresholdText: derived.ok ? derived.thresholdText : '',
    name: name ?? '',
    forkTime,
    diffLabel: derived.ok && derived.diff ? `${derived.diff.label.zh} / ${derived.diff.label.en}` : '',
  };
  useEffect(() => {
    const me: ActiveCompare = {
      exportImage: async () => {
        const b = decks.current.b;
        const s = decks.current.s;
        const inp = exportRef.current;
        if (!b || !s || !inp) return null;
        // Draw now, then read in the same task (the buffers are preserved anyway).
        b.redraw('export');
        s.redraw('export');
        const cb = b.getCanvas();
        const cs = s.getCanvas();
        if (!cb || !cs) return null;
        return drawCompareImage(cb, cs, inp);
      },
      probe: () => {
        const d = derivedRef.current;
        const vs = viewRef.current;
        return {
          layout: exportRef.current?.layout ?? '',
          mode: exportRef.current?.mode ?? '',
          swipe: exportRef.current?.swipe ?? 0,
          diff: d.ok && d.diff ? diffKey(d.diff) : '',
          features: d.ok ? d.features.length : 0,
          changed: d.ok ? d.counts.changed : 0,
          threshold: d.ok ? d.threshold : 0,
          scaleLo: d.ok ? d.scale.lo : 0,
          scaleHi: d.ok ? d.scale.hi : 0,
          longitude: vs?.longitude ?? 0,
          latitude: vs?.latitude ?? 0,
          zoom: vs?.zoom ?? 0,
          bearing: vs?.bearing ?? 0,
          // What each deck was last given: the cameras are linked when these equal the shared one.
          bLongitude: (decks.current.b?.props.viewState as ViewState | undefined)?.longitude ?? 0,
          sLongitude: (decks.current.s?.props.viewState as ViewState | undefined)?.longitude ?? 0,
          sZoom: (decks.current.s?.props.viewState as ViewState | undefined)?.zoom ?? 0,
          buildings: base.buildings ? 1 : 0,
        };
      },
      pagePosOf: (k, side) => {
        const d = derivedRef.current;
        const deck = side === 'baseline' ? decks.current.b : decks.current.s;
        const pane = side === 'baseline' ? paneB.current : paneS.current;
        if (!d.ok || !deck || !pane) return null;
        const f = d.features.find((x) => x.k === k);
        const ring = f?.rings[0];
        if (!ring || ring.length === 0) return null;
        // The middle of the feature's first ring / path (a vertex of a road is often a shared intersection).
        let lon = 0;
        let lat = 0;
        const n = ring.length > 2 ? ring.length - 1 : ring.length;
        for (let v = 0; v < n; v++) {
          lon += (ring[v] as number[])[0] as number;
          lat += (ring[v] as number[])[1] as number;
        }
        const vp = deck.getViewports()[0];
        if (!vp) return null;
        const [x, y] = vp.project([lon / n, lat / n]) as [number, number];
        const r = pane.getBoundingClientRect();
        if (x < 0 || y < 0 || x > r.width || y > r.height) return null;
        return [r.left + x, r.top + y];
      },
    };
    active = me;
    return () => {
      if (active === me) active = null;
    };
  }, [base]);

  const onHandleKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const next = swipeFromKey(swipe, e.key, e.shiftKey);
    if (next === null) return;
    e.preventDefault();
    setSwipe(next);
  };
  const dragging = useRef(false);
  const onHandleDown = (e: PointerEvent<HTMLDivElement>): void => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onHandleMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (!dragging.current) return;
    const r = stageRef.current?.getBoundingClientRect();
    if (r) setSwipe(swipeFromPointer(e.clientX, r.left, r.width));
  };
  const onHandleUp = (e: PointerEvent<HTMLDivElement>): void => {
    dragging.current = false;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const domainName = (id: DomainId): string => {
    const p = DOMAINS.find((x) => x.id === id);
    return p ? p.name[lang] : id;
  };

  return (
    <section className={`pc-root pc-${layout}`} data-testid="plan-compare" aria-label={t.pcTitle}>
      <div className="pc-toolbar">
        <label className="pc-field">
          <span>{t.pcDiff}</span>
          <select
            data-testid="pc-diff"
            value={diff ? diffKey(diff) : ''}
            onChange={(e) => setKey(e.target.value)}
            disabled={groups.length === 0}
          >
            {groups.length === 0 && <option value="">{t.pcNoDiffs}</option>}
            {groups.map((g) => (
              <optgroup key={g.domain} label={domainName(g.domain)}>
                {g.diffs.map((d) => (
                  <option key={diffKey(d)} value={diffKey(d)}>
                    {d.label[lang]}
                    {d.unit ? ` (${d.unit})` : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <div className="pc-toggle" role="group" aria-label={t.pcLayoutTitle} title={t.pcLayoutTitle}>
          {(['split', 'swipe'] as const).map((l) => (
            <button
              key={l}
              type="button"
              data-testid={`pc-layout-${l}`}
              aria-pressed={layout === l}
              onClick={() => setLayout(l)}
            >
              {l === 'split' ? t.pcSplit : t.pcSwipe}
            </button>
          ))}
        </div>
        <div className="pc-toggle" role="group" aria-label={t.pcColorTitle} title={t.pcColorTitle}>
          {(['value', 'delta'] as const).map((m) => (
            <button
              key={m}
              type="button"
              data-testid={`pc-mode-${m}`}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {m === 'value' ? t.pcValue : t.pcDelta}
            </button>
          ))}
        </div>
        <label className="pc-field" title={t.pcThresholdTitle(derived.ok ? derived.thresholdText : '—')}>
          <span>{t.pcThreshold}</span>
          <select
            data-testid="pc-threshold"
            value={String(fraction)}
            onChange={(e) => setFraction(Number(e.target.value))}
          >
            {THRESHOLD_FRACTIONS.map((f) => (
              <option key={f} value={String(f)}>
                {`${Math.round(f * 100)} %`}
              </option>
            ))}
          </select>
          {derived.ok && <span className="pc-muted">≥ {derived.thresholdText}</span>}
        </label>
        <button
          type="button"
          className="pc-export"
          title={t.pcExportTitle}
          onClick={() => void download(name)}
        >
          {t.pcExport}
        </button>
      </div>
      <div
        className="pc-stage"
        ref={stageRef}
        onPointerLeave={() => {
          setHover(null);
          if (hoverRef.current) {
            hoverRef.current = null;
            drawRef.current(1);
          }
        }}
      >
        <div className="pc-pane pc-pane-b" ref={paneB}>
          <div className="pc-title">{t.pcBaseline}</div>
        </div>
        <div
          className="pc-pane pc-pane-s"
          ref={paneS}
          style={layout === 'swipe' ? { clipPath: swipeClipPath(swipe) } : undefined}
        >
          <div className="pc-title">{mode === 'delta' ? `${t.pcScenario} · Δ` : t.pcScenario}</div>
        </div>
        {layout === 'swipe' && (
          <div className="pc-divider" style={{ left: `${swipe * 100}%` }}>
            <div
              className="pc-handle"
              role="slider"
              tabIndex={0}
              aria-label={t.pcSwipeHandle}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(swipe * 100)}
              aria-orientation="horizontal"
              data-testid="pc-swipe"
              onKeyDown={onHandleKey}
              onPointerDown={onHandleDown}
              onPointerMove={onHandleMove}
              onPointerUp={onHandleUp}
              onPointerCancel={onHandleUp}
            >
              ‹ ›
            </div>
          </div>
        )}
        {hover && derived.ok && derived.diff && (
          <HoverCard
            model={model}
            diff={derived.diff}
            hover={hover}
            t={t}
            lang={lang}
            digits={derived.digits}
          />
        )}
        {!derived.ok && <div className="pc-error">{derived.message(t)}</div>}
      </div>
      {derived.ok && derived.diff && <Legend t={t} derived={derived} mode={mode} />}
    </section>
  );
}

/** Downloads the export as a PNG file. */
async function download(name: string | undefined): Promise<void> {
  const blob = await exportCompareImage();
  if (!blob) return;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${(name ?? 'scenario').replace(/[^\w\u4e00-\u9fff-]+/g, '_') || 'scenario'}-compare.png`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/** The hover card: feature, baseline, scenario, Δ with units and whether the Δ is better or worse. */
function HoverCard({
  model,
  diff,
  hover,
  t,
  lang,
  digits,
}: {
  model: CityModel;
  diff: ScenarioMapDiff;
  hover: Hover;
  t: Dict;
  lang: 'zh' | 'en';
  digits: number;
}) {
  const b = diff.baseline[hover.k] as number;
  const s = diff.scenario[hover.k] as number;
  const dv = s - b;
  const imp = improvementOf(dv, diff.better);
  return (
    <div
      className="pc-tip"
      style={{
        left: hover.x > hover.w - 300 ? undefined : hover.x + 14,
        right: hover.x > hover.w - 300 ? hover.w - hover.x + 14 : undefined,
        top: hover.y > hover.h - 170 ? undefined : hover.y + 14,
        bottom: hover.y > hover.h - 170 ? hover.h - hover.y + 14 : undefined,
      }}
      data-testid="pc-tip"
    >
      <div className="pc-tip-name">{featureName(model, diff.feature, hover.i, t, lang)}</div>
      <div className="pc-tip-label">{diff.label[lang]}</div>
      <table>
        <tbody>
          <tr>
            <th>{t.pcTipBaseline}</th>
            <td>{formatValue(b, diff.unit, digits)}</td>
          </tr>
          <tr>
            <th>{t.pcTipScenario}</th>
            <td>{formatValue(s, diff.unit, digits)}</td>
          </tr>
          <tr className={imp > 0 ? 'pc-better' : imp < 0 ? 'pc-worse' : ''}>
            <th>{t.pcTipDelta}</th>
            <td>
              {dv === 0 ? t.pcTipUnchanged : formatValue(dv, diff.unit, digits, true)}
              {imp !== 0 && ` · ${imp > 0 ? t.pcBetter : t.pcWorse}`}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The legend: the shared value scale (and in Δ mode the Δ scale), units, direction and the change outline. */
function Legend({ t, derived, mode }: { t: Dict; derived: Derived & { ok: true }; mode: ColorMode }) {
  const d = derived.diff as ScenarioMapDiff;
  const dir =
    d.better === 'higher' ? t.pcBetterHigher : d.better === 'lower' ? t.pcBetterLower : t.pcBetterNeutral;
  return (
    <div className="pc-legend" data-testid="pc-legend">
      <LegendBar
        title={t.pcLegendValue(d.unit)}
        scale={derived.scale}
        gradient={legendGradient(d.better, 'value')}
        digits={derived.digits}
      />
      {mode === 'delta' && (
        <LegendBar
          title={t.pcLegendDelta(d.unit)}
          scale={derived.dScale}
          gradient={legendGradient(d.better, 'delta')}
          digits={derived.digits}
          signed
        />
      )}
      <div className="pc-legend-notes">
        <span>{dir}</span>
        <span>
          <i className="pc-swatch pc-swatch-changed" /> {t.pcLegendChanged}
        </span>
        <span>
          <i className="pc-swatch pc-swatch-none" /> {t.pcLegendUnchanged}
        </span>
        <span data-testid="pc-counts">
          {t.pcChanged(derived.counts.changed, derived.features.length)} ·{' '}
          {t.pcBetterWorse(derived.counts.better, derived.counts.worse)}
        </span>
      </div>
    </div>
  );
}

/** One gradient bar with its ticks. */
function LegendBar({
  title,
  scale,
  gradient,
  digits,
  signed = false,
}: {
  title: string;
  scale: Scale;
  gradient: string;
  digits: number;
  signed?: boolean;
}) {
  const span = scale.hi - scale.lo || 1;
  return (
    <div className="pc-legend-bar">
      <div className="pc-legend-title">{title}</div>
      <div className="pc-gradient" style={{ background: gradient }} />
      <div className="pc-ticks">
        {scale.ticks.map((v) => (
          <span key={v} style={{ left: `${((v - scale.lo) / span) * 100}%` }}>
            {formatValue(v, '', Math.min(digits, 3), signed)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Everything derived from the chosen diff for drawing, the legend and the export. */
type Derived =
  | {
      readonly ok: true;
      readonly diff: ScenarioMapDiff | null;
      readonly features: DiffFeature[];
      readonly scale: Scale;
      readonly dScale: Scale;
      readonly colorsB: Uint8Array;
      readonly colorsS: Uint8Array;
      readonly mask: Uint8Array;
      readonly cellEdges: readonly number[][][] | null;
      readonly threshold: number;
      readonly thresholdText: string;
      readonly counts: { changed: number; better: number; worse: number };
      readonly digits: number;
      readonly version: number;
    }
  | { readonly ok: false; readonly message: (t: Dict) => string };

let version = 0;
/** Resolved geometry per diff object (a mode or threshold change re-colours, it does not re-resolve). */
const featureCache = new WeakMap<ScenarioMapDiff, DiffFeature[]>();

/** Validates the diff against the scene and derives scales, colours and the change mask. */
function derive(base: CompareBase, diff: ScenarioMapDiff | null, mode: ColorMode, fraction: number): Derived {
  const empty = new Uint8Array(0);
  if (!diff)
    return {
      ok: true,
      diff: null,
      features: [],
      scale: { lo: 0, hi: 1, ticks: [0, 1] },
      dScale: { lo: -1, hi: 1, ticks: [-1, 0, 1] },
      colorsB: empty,
      colorsS: empty,
      mask: empty,
      cellEdges: null,
      threshold: 0,
      thresholdText: '',
      counts: { changed: 0, better: 0, worse: 0 },
      digits: 0,
      version: ++version,
    };
  const n = featureCount(base, diff.feature);
  if (n === null) {
    const kind = diff.feature;
    return { ok: false, message: (t) => t.pcNoGeometry(t[FEATURE_KEY[kind]]) };
  }
  const bad = validateDiff(diff, n);
  if (bad !== null) {
    console.warn(`[plan compare] ${bad}`);
    return { ok: false, message: (t) => t.pcBadDiff(bad) };
  }
  const scale = sharedScale(diff);
  const dScale = deltaScale(diff);
  const threshold = changeThreshold(scale, fraction);
  const mask = changedMask(diff, threshold);
  const digits = digitsFor(scale.hi - scale.lo);
  return {
    ok: true,
    diff,
    features: featureCache.get(diff) ?? cacheFeatures(diff, diffFeatures(base, diff)),
    scale,
    dScale,
    colorsB: sideColors(diff, { side: 'baseline', mode, scale, deltaScale: dScale }, mask),
    colorsS: sideColors(diff, { side: 'scenario', mode, scale, deltaScale: dScale }, mask),
    mask,
    cellEdges: diff.feature === 'floodCell' ? floodRegionEdges(base, diff, mask) : null,
    threshold,
    thresholdText: formatValue(threshold, diff.unit, digits + 1),
    counts: changeCounts(diff, mask),
    digits,
    version: ++version,
  };
}

/** Remembers a diff's resolved features. */
function cacheFeatures(diff: ScenarioMapDiff, f: DiffFeature[]): DiffFeature[] {
  featureCache.set(diff, f);
  return f;
}

/** Test hook: the mounted view's state (window.__citybrain.planCompare, test mode only; see compareTestHook.ts). */
export function compareProbe(): Readonly<Record<string, number | string>> | null {
  return active ? active.probe() : null;
}

/** The test API at window.__citybrain.planCompare (test mode only). */
export interface PlanCompareTestApi {
  /** Mounts a CompareView over the page with `result` (default: compareFixture of the loaded scene). */
  mount(result?: ScenarioResult): boolean;
  unmount(): void;
  /** The mounted view's state (layout, mode, diff, counts, camera), or null. */
  probe(): Readonly<Record<string, number | string>> | null;
  /** Page pixels of diff entry k (the centre of its geometry) on a side, or null. */
  pagePosOf(k: number, side: 'baseline' | 'scenario'): [number, number] | null;
  /** exportCompareImage() as a data URL with its pixel size, or null. */
  exportPng(): Promise<{ readonly url: string; readonly width: number; readonly height: number } | null>;
}

let hookRoot: Root | null = null;
let hookHost: HTMLDivElement | null = null;

const testApi: PlanCompareTestApi = {
  mount(result) {
    const model = getModel();
    if (!model) return false;
    const g = getGridModel();
    let busXY: Float64Array | null = null;
    if (g) {
      busXY = new Float64Array(g.busCount * 2);
      for (let k = 0; k < g.busCount; k++) {
        busXY[k * 2] = g.busX[k] as number;
        busXY[k * 2 + 1] = g.busY[k] as number;
      }
    }
    testApi.unmount();
    // The page's own live views would keep rendering under the overlay; on software WebGL that starves input
    // events, so the app's root is taken out of layout while the fixture view is up (restored on unmount).
    const appRoot = document.getElementById('root');
    if (appRoot) appRoot.style.display = 'none';
    hookHost = document.createElement('div');
    hookHost.className = 'pc-test-host';
    hookHost.dataset['testid'] = 'pc-test-host';
    document.body.appendChild(hookHost);
    hookRoot = createRoot(hookHost);
    hookRoot.render(
      <CompareView model={model} result={result ?? compareFixture(model, busXY)} name="Fixture 示例情景" />,
    );
    return true;
  },
  unmount() {
    const appRoot = document.getElementById('root');
    if (appRoot && hookHost) appRoot.style.display = '';
    hookRoot?.unmount();
    hookHost?.remove();
    hookRoot = null;
    hookHost = null;
  },
  probe: compareProbe,
  pagePosOf: (k, side) => (active ? active.pagePosOf(k, side) : null),
  async exportPng() {
    const blob = await exportCompareImage();
    if (!blob) return null;
    const bmp = await createImageBitmap(blob);
    const url = await new Promise<string>((resolve) => {
      const fr = new FileReader();
      fr.onload = () => resolve(String(fr.result));
      fr.readAsDataURL(blob);
    });
    return { url, width: bmp.width, height: bmp.height };
  },
};

/** Puts the test API on window.__citybrain once the app installed it (installTestHooks runs after the imports). */
function installCompareHook(tries = 0): void {
  const api = window.__citybrain as (CitybrainTestApiLike & { planCompare?: PlanCompareTestApi }) | undefined;
  if (api) api.planCompare = testApi;
  else if (tries < 100) window.setTimeout(() => installCompareHook(tries + 1), 100);
}
type CitybrainTestApiLike = NonNullable<Window['__citybrain']>;
if (typeof window !== 'undefined' && isTestMode()) installCompareHook();
