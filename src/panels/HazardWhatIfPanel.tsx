/**
 * The planner's hazard what-if (韧性城市, issue 5): pick a hazard (a design rainstorm by formula, return period and
 * duration; an earthquake Mw + depth at the selected place or the city centre; a heat wave; a fire at the selected
 * building) and a horizon, run the fork of the twin in the hazard what-if worker (progress, cancel), and compare
 * baseline and scenario: a KPI delta table with units, charts per domain over time, the scenario's cascade (click a
 * step → select its link or asset) and a thumbnail of the flood's maximum depth with the closed links. The live twin
 * keeps running.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import type { Selection } from '../state/selectionSlice.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import { footprintCentroid } from '../views/three/buildingMesh.ts';
import { formulaForCity } from '../core/hazards/flood.ts';
import { STORM_FORMULAS } from '../core/hazards/rainfall.ts';
import type { CascadeNode, CascadeRef, HazardKind, HazardSpec } from '../core/hazards/types.ts';
import {
  HAZARD_WHATIF_DOMAINS,
  HAZARD_WHATIF_KPIS,
  kpiRow,
  type HazardKpiKey,
  type HazardWhatIfDomain,
  type HazardWhatIfResult,
  type MaxDepthGrid,
} from '../core/hazards/whatIf.ts';
import type { CityModel } from '../core/scene/types.ts';
import {
  cancelHazardWhatIf,
  hazardWhatIfStore,
  startHazardWhatIf,
  type HazardWhatIfState,
} from '../scenario/hazardWhatIfClient.ts';
import { finiteExtent, linearScale, niceAxis, seriesPath, tickLabel, timeTicks } from './chartScale.ts';
import { DEFAULT_UTC_OFFSET_MIN } from './trafficFormat.ts';
import '../../assets/hazardPlan.css';

/** Return periods offered, years (GB 50014-2021 §4.1.3 design values span 1 … 100 years). */
const RETURN_PERIODS = [1, 2, 3, 5, 10, 20, 30, 50, 100] as const;
/** Rain durations offered, minutes. */
const DURATIONS_MIN = [60, 120, 180, 360] as const;
/** Horizons offered, hours. */
const HORIZONS_H = [1, 2, 3, 6, 12, 24] as const;
/** Heat-wave durations offered, hours. */
const HEAT_HOURS = [24, 48, 72] as const;
/** KPIs charted per domain (the table has them all). */
const CHART_KPIS: Readonly<Record<HazardWhatIfDomain, readonly HazardKpiKey[]>> = {
  traffic: ['cityTti', 'delayVehH'],
  energy: ['servedMw', 'notServedMw'],
  resilience: ['roadsPct', 'powerPct', 'closedLinks', 'maxDepthM'],
  workload: ['reports'],
};
/** Cascade steps listed (the newest are the consequences; the log itself is bounded by the core). */
const MAX_CASCADE_SHOWN = 200;
/** Max-depth ramp, m → colour (light to dark blue, as the live flood layer's convention); below the first: clear. */
const DEPTH_STOPS: readonly { readonly m: number; readonly css: string }[] = [
  { m: 0.05, css: '#bfe3ff' },
  { m: 0.15, css: '#6cb8f5' },
  { m: 0.3, css: '#2f7fd8' },
  { m: 0.5, css: '#1b4fa8' },
  { m: 1.0, css: '#0b2a6b' },
];
const CLOSED_CSS = '#ff3b5c';
const BASE_COLOR = '#94a3b8';
const SCEN_COLOR = '#fbbf24';

/** The city's date YYYY-MM-DD and clock HH:MM of a sim time. */
function cityDate(simTimeMs: number, offsetMin: number): string {
  return new Date(simTimeMs + offsetMin * 60_000).toISOString().slice(0, 10);
}
function cityHm(simTimeMs: number, offsetMin: number): string {
  return new Date(simTimeMs + offsetMin * 60_000).toISOString().slice(11, 16);
}

/** The selection a cascade step points at, or null (nodes and the fork's work orders have no selection). */
export function selectionOfRef(ref: CascadeRef): Selection | null {
  if (ref === null) return null;
  switch (ref.kind) {
    case 'link':
    case 'poi':
    case 'power':
    case 'building':
      return { kind: ref.kind, index: ref.index };
    case 'station':
    case 'feeder':
      return { kind: 'energy', asset: ref.kind, index: ref.index };
    case 'node':
    case 'workOrder':
      return null;
    default: {
      const never: never = ref;
      throw new Error(`selectionOfRef: unknown ref ${JSON.stringify(never)}`);
    }
  }
}

/** Local metres of the selection (building centroid, link midpoint, POI), or null. */
function selectionXY(city: CityModel, sel: Selection | null): [number, number] | null {
  if (sel === null) return null;
  switch (sel.kind) {
    case 'building': {
      if (sel.index < 0 || sel.index >= city.buildings.count) return null;
      const out = [0, 0];
      footprintCentroid(city.buildings, sel.index, out);
      return [out[0]!, out[1]!];
    }
    case 'link': {
      const r = city.roads;
      if (sel.index < 0 || sel.index >= r.linkCount) return null;
      const a = r.geomStart[sel.index]!;
      const b = r.geomStart[sel.index + 1]!;
      const m = Math.floor((a + b - 1) / 2);
      return [r.geomXY[2 * m]!, r.geomXY[2 * m + 1]!];
    }
    case 'poi':
      if (sel.index < 0 || sel.index >= city.pois.count) return null;
      return [city.pois.xy[2 * sel.index]!, city.pois.xy[2 * sel.index + 1]!];
    default:
      return null;
  }
}

/** The hazard spec the form describes, or null with the reason's key. */
interface FormState {
  kind: HazardKind;
  formula: string;
  returnPeriodYears: number;
  durationMin: number;
  magnitude: number;
  depthKm: number;
  peakTempC: number;
  humidityPct: number;
  heatHours: number;
}

function specOf(city: CityModel, f: FormState, sel: Selection | null): HazardSpec | null {
  switch (f.kind) {
    case 'rainstorm':
      return {
        kind: 'rainstorm',
        leadMin: 0,
        rain: {
          kind: 'design',
          formula: f.formula,
          returnPeriodYears: f.returnPeriodYears,
          durationMin: f.durationMin,
          // Chicago hyetograph peak position (Keifer & Chu 1957); 0.4 is the usual design value in China.
          peakRatio: 0.4,
        },
      };
    case 'earthquake': {
      const e = city.meta.extentM;
      const at = selectionXY(city, sel) ?? [(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2];
      if (!Number.isFinite(f.magnitude) || !Number.isFinite(f.depthKm)) return null;
      return { kind: 'earthquake', x: at[0], y: at[1], magnitude: f.magnitude, depthKm: f.depthKm };
    }
    case 'heat':
      if (!Number.isFinite(f.peakTempC) || !Number.isFinite(f.humidityPct)) return null;
      return {
        kind: 'heat',
        leadMin: 0,
        durationH: f.heatHours,
        peakTempC: f.peakTempC,
        humidityPct: f.humidityPct,
      };
    case 'fire':
      return sel?.kind === 'building' ? { kind: 'fire', building: sel.index } : null;
    default: {
      const never: never = f.kind;
      throw new Error(`specOf: unknown kind ${String(never)}`);
    }
  }
}

/** A number with the KPI's digits (NaN → '—'). */
function val(v: number, digits: number): string {
  return Number.isFinite(v) ? fmt(v, digits) : '—';
}
function signed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return '—';
  const r = Number(v.toFixed(digits));
  return r > 0 ? `+${fmt(r, digits)}` : r < 0 ? `−${fmt(-r, digits)}` : '0';
}

/** The KPI delta table: worst value (peak, or minimum where lower is worse), Δ, and Δ of the time integral. */
function DeltaTable({ r, t }: { r: HazardWhatIfResult; t: Dict }) {
  return (
    <table className="tp-table hw-kpis" data-testid="hazard-whatif-delta">
      <thead>
        <tr>
          <th>{t.hwColKpi}</th>
          <th className="num" title={t.hwWorstTip}>
            {t.hwBaseline}
          </th>
          <th className="num" title={t.hwWorstTip}>
            {t.hwScenario}
          </th>
          <th className="num" title={t.hwDeltaTip}>
            Δ
          </th>
          <th className="num" title={t.hwIntegralTip}>
            {t.hwColIntegral}
          </th>
        </tr>
      </thead>
      <tbody>
        {HAZARD_WHATIF_KPIS.map((k, i) => {
          const d = r.delta[i]!;
          const pick = (s: typeof d.baseline) => (k.better > 0 ? s.min : s.peak);
          const b = pick(d.baseline);
          const s = pick(d.scenario);
          const dv = s - b;
          const worse = Number.isFinite(dv) && Math.abs(dv) >= 0.5 * 10 ** -k.digits && dv * k.better < 0;
          const better = Number.isFinite(dv) && Math.abs(dv) >= 0.5 * 10 ** -k.digits && dv * k.better > 0;
          const di = d.scenario.integral - d.baseline.integral;
          const unit = t.hwUnit(k.unit);
          return (
            <tr
              key={k.key}
              data-testid={`hw-delta-${k.key}`}
              data-base={b}
              data-scen={s}
              className={`hw-domain-${k.domain}`}
            >
              <th scope="row">
                {t.hwKpi(k.key)} {unit && <span className="tp-unit">{unit}</span>}
              </th>
              <td className="num">{val(b, k.digits)}</td>
              <td className="num">{val(s, k.digits)}</td>
              <td className={`num delta ${worse ? 'worse' : better ? 'better' : 'same'}`}>
                {signed(dv, k.digits)}
              </td>
              <td className="num">
                {k.integral === null
                  ? ''
                  : `${signed(di, k.digits === 0 ? 0 : 1)} ${t.hwUnit(k.integralUnit)}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Chart geometry, pixels (the SVG scales to the dock's width through its viewBox). */
const W = 300;
const ROW_H = 44;
const LABEL_H = 22;
const LEFT = 34;
const RIGHT = 8;
const AXIS_H = 18;

/** Baseline vs scenario over time for the charted KPIs of one domain, one shared clock axis. */
function DomainChart({
  r,
  domain,
  t,
  offsetMin,
}: {
  r: HazardWhatIfResult;
  domain: HazardWhatIfDomain;
  t: Dict;
  offsetMin: number;
}) {
  const xs = r.simTimeMs;
  const n = xs.length;
  const keys = CHART_KPIS[domain].filter((k) => {
    const row = kpiRow(k);
    return finiteExtent(r.baseline.subarray(row * n, row * n + n)) !== null;
  });
  if (n < 2 || keys.length === 0) return null;
  const t0 = xs[0]!;
  const t1 = xs[n - 1]!;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  const height = keys.length * (LABEL_H + ROW_H) + AXIS_H;
  const xAxisY = keys.length * (LABEL_H + ROW_H);
  const { ticks } = timeTicks(t0, t1, 4, offsetMin * 60_000);
  return (
    <figure className="link-series hw-chart" data-testid={`hazard-whatif-chart-${domain}`} data-points={n}>
      <figcaption className="hw-chart-title">{t.hwDomain(domain)}</figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label={t.hwDomain(domain)}>
        {keys.map((key, i) => {
          const def = HAZARD_WHATIF_KPIS[kpiRow(key)]!;
          const row = kpiRow(key);
          const base = r.baseline.subarray(row * n, row * n + n);
          const scen = r.scenario.subarray(row * n, row * n + n);
          const y0 = LABEL_H + i * (LABEL_H + ROW_H);
          const eb = finiteExtent(base);
          const es = finiteExtent(scen);
          const ext =
            eb && es ? { min: Math.min(eb.min, es.min), max: Math.max(eb.max, es.max) } : (eb ?? es);
          // A flat series (e.g. 100 % all along) still gets a visible band around its value.
          const band = ext && ext.max - ext.min < 1e-9 ? { min: ext.min - 1, max: ext.max + 1 } : ext;
          const axis = band ? niceAxis(band, 3) : null;
          const sy = axis ? linearScale(axis.min, axis.max, y0 + ROW_H, y0) : () => y0 + ROW_H;
          const unit = t.hwUnit(def.unit);
          return (
            <g key={key} className="series-row">
              <rect className="plot-bg" x={LEFT} y={y0} width={W - LEFT - RIGHT} height={ROW_H} />
              {axis?.ticks.map((v) => (
                <g key={v}>
                  <line className="grid" x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
                  <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
                    {tickLabel(v)}
                  </text>
                </g>
              ))}
              <path
                className="line"
                d={seriesPath(xs, base, sx, sy).d}
                stroke={BASE_COLOR}
                strokeDasharray="4 2"
              />
              <path className="line" d={seriesPath(xs, scen, sx, sy).d} stroke={SCEN_COLOR} />
              <text className="row-label" x={LEFT} y={y0 - 5} fill="var(--text-2)">
                {t.hwKpi(key)}
                {unit ? ` (${unit})` : ''}
              </text>
            </g>
          );
        })}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={xAxisY} y2={xAxisY} />
        {ticks.map((tm) => {
          const x = sx(tm);
          const anchor = x > W - RIGHT - 16 ? 'end' : x < LEFT + 16 ? 'start' : 'middle';
          return (
            <text key={tm} className="tick" x={x} y={xAxisY + 14} textAnchor={anchor}>
              {cityHm(tm, offsetMin)}
            </text>
          );
        })}
      </svg>
    </figure>
  );
}

/** Ramp colour of a depth, m, or null below the first stop. */
function depthCss(m: number): string | null {
  let c: string | null = null;
  for (const s of DEPTH_STOPS) if (m >= s.m) c = s.css;
  return c;
}

/** Thumbnail: the flood's maximum depth per cell and the closed links, drawn once per result. */
function DepthMap({ r, city, t }: { r: HazardWhatIfResult; city: CityModel; t: Dict }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const g: MaxDepthGrid | null = r.maxDepth;
  const e = city.meta.extentM;
  const x0 = g ? g.x0 : e.minX;
  const y0 = g ? g.y0 : e.minY;
  const wM = g ? g.nx * g.cellM : e.maxX - e.minX;
  const hM = g ? g.ny * g.cellM : e.maxY - e.minY;
  const px = 280;
  const py = Math.max(40, Math.round((px * hM) / Math.max(1, wM)));
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, px, py);
    ctx.fillStyle = '#0f172a';
    ctx.fillRect(0, 0, px, py);
    const sx = px / wM;
    const sy = py / hM;
    // Roads first, faint, so the closed links and the water read against the street pattern.
    const roads = city.roads;
    const line = (l: number) => {
      const a = roads.geomStart[l]!;
      const b = roads.geomStart[l + 1]!;
      ctx.beginPath();
      for (let k = a; k < b; k++) {
        const X = (roads.geomXY[2 * k]! - x0) * sx;
        const Y = py - (roads.geomXY[2 * k + 1]! - y0) * sy;
        if (k === a) ctx.moveTo(X, Y);
        else ctx.lineTo(X, Y);
      }
      ctx.stroke();
    };
    ctx.strokeStyle = 'rgba(148,163,184,0.25)';
    ctx.lineWidth = 0.5;
    for (let l = 0; l < roads.linkCount; l++) line(l);
    if (g) {
      const cw = Math.max(1, g.cellM * sx);
      const ch = Math.max(1, g.cellM * sy);
      for (let j = 0; j < g.ny; j++)
        for (let i = 0; i < g.nx; i++) {
          const css = depthCss(g.depthMm[j * g.nx + i]! / 1000);
          if (css === null) continue;
          ctx.fillStyle = css;
          ctx.fillRect(i * g.cellM * sx, py - (j + 1) * g.cellM * sy, cw, ch);
        }
    }
    ctx.strokeStyle = CLOSED_CSS;
    ctx.lineWidth = 2;
    for (const l of r.closedLinks) line(l);
  }, [r, city, g, px, py, wM, hM, x0, y0]);
  return (
    <figure className="hw-map" data-testid="hazard-whatif-map" data-closed={r.closedLinks.length}>
      <figcaption className="hw-chart-title">{t.hwMap}</figcaption>
      <canvas ref={ref} width={px} height={py} role="img" aria-label={t.hwMapAria(r.closedLinks.length)} />
      <div className="hw-legend">
        <span className="hw-legend-title">{t.hwDepthLegend}</span>
        {DEPTH_STOPS.map((s) => (
          <span key={s.m} className="hw-swatch">
            <i style={{ background: s.css }} />≥{s.m}
          </span>
        ))}
        <span className="hw-swatch">
          <i style={{ background: CLOSED_CSS, height: 3 }} />
          {t.hwClosedLegend}
        </span>
      </div>
      <div className="muted hw-small">{t.hwMapNote}</div>
    </figure>
  );
}

/** The scenario's cascade, time order; a click selects the step's link or asset and flies there. */
function CascadeList({
  cascade,
  t,
  lang,
  offsetMin,
}: {
  cascade: readonly CascadeNode[];
  t: Dict;
  lang: 'zh' | 'en';
  offsetMin: number;
}) {
  if (cascade.length === 0) return <p className="muted">{t.hwCascadeEmpty}</p>;
  const shown = cascade.slice(0, MAX_CASCADE_SHOWN);
  return (
    <ol className="hw-cascade" data-testid="hazard-whatif-cascade" data-count={cascade.length}>
      {shown.map((c) => {
        const sel = selectionOfRef(c.ref);
        const go = () => {
          if (!sel) return;
          appStore.getState().select(sel, 'panel');
          requestFlyTo();
        };
        return (
          <li
            key={c.id}
            className={`hw-step sev-${c.severity}${sel ? ' clickable' : ''}`}
            data-testid="hazard-whatif-step"
            data-kind={c.kind}
            data-ref={c.ref ? c.ref.kind : ''}
            title={c.why[lang]}
            tabIndex={sel ? 0 : -1}
            onClick={go}
            onKeyDown={(e) => {
              if (sel && (e.key === 'Enter' || e.key === ' ')) {
                e.preventDefault();
                go();
              }
            }}
          >
            <span className="hw-time">{cityHm(c.simTimeMs, offsetMin)}</span>
            <span className="hw-sys">{t.hzSystem(c.system)}</span>
            <span className="hw-what">{c.title[lang]}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Result({
  state,
  city,
  t,
  lang,
  offsetMin,
}: {
  state: Extract<HazardWhatIfState, { phase: 'done' }>;
  city: CityModel;
  t: Dict;
  lang: 'zh' | 'en';
  offsetMin: number;
}) {
  const r = state.result;
  const reports = Object.entries(r.reportsByCategory);
  const nReports = reports.reduce((a, [, v]) => a + (v ?? 0), 0);
  return (
    <div className="wi-result hw-result" data-testid="hazard-whatif-result">
      <h4>{t.hwResultFor(r.label[lang], r.horizonMin / 60)}</h4>
      <DeltaTable r={r} t={t} />
      <div className="muted hw-small" data-testid="hazard-whatif-closed" data-count={r.closedLinks.length}>
        {t.hwClosedSummary(r.closedLinks.length, r.peakClosedLinks)}
      </div>
      <div className="muted hw-small" data-testid="hazard-whatif-reports" data-count={nReports}>
        {t.hwReports(nReports, reports.map(([c, v]) => `${c} ${v}`).join(', '))}
      </div>
      <h4>{t.hwCharts}</h4>
      <div className="series-legend">
        <span style={{ color: BASE_COLOR }}>┅ {t.hwBaseline}</span>
        <span style={{ color: SCEN_COLOR }}>━ {t.hwScenario}</span>
      </div>
      {HAZARD_WHATIF_DOMAINS.map((d) => (
        <DomainChart key={d} r={r} domain={d} t={t} offsetMin={offsetMin} />
      ))}
      {(r.maxDepth !== null || r.closedLinks.length > 0) && <DepthMap r={r} city={city} t={t} />}
      <h4>{t.hwCascade}</h4>
      <div className="muted hw-small">{t.hwCascadeHint}</div>
      <CascadeList cascade={r.cascade} t={t} lang={lang} offsetMin={offsetMin} />
      <div className="tp-foot" data-testid="hazard-whatif-facts">
        {t.hwElapsed(fmt(state.elapsedMs / 1000, 1), r.horizonMin + 2)}
      </div>
      <p className="muted hw-small">{t.hwForkNote}</p>
    </div>
  );
}

/** The panel. */
export function HazardWhatIfPanel() {
  const lang = useAppStore((s) => s.lang);
  const sceneName = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.name : null));
  const selection = useAppStore((s) => s.selection);
  const simTimeMs = useAppStore((s) => s.simTimeMs);
  const run = useSyncExternalStore(hazardWhatIfStore.subscribe, hazardWhatIfStore.getState);
  const city = getModel();
  const t = dict(lang);
  const [form, setForm] = useState<FormState>(() => ({
    kind: 'rainstorm',
    formula: city ? formulaForCity(city) : 'beijing',
    returnPeriodYears: 50,
    durationMin: 120,
    magnitude: 6.5,
    depthKm: 10,
    peakTempC: 40,
    humidityPct: 50,
    heatHours: 48,
  }));
  const [horizonH, setHorizonH] = useState<number>(6);
  if (!city) return null;
  const offsetMin = city.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  const running = run.phase === 'running';
  const spec = specOf(city, form, selection);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const onRun = () => {
    if (!sceneName || !spec || !(simTimeMs > 0)) return;
    // The fork starts on a whole minute (the simulators' tick) at the live clock.
    const startMs = Math.floor(simTimeMs / 60_000) * 60_000;
    startHazardWhatIf({ spec, startMs, horizonMin: horizonH * 60 }, { sceneName });
  };
  const num = (k: keyof FormState, label: string, min: number, max: number, step: number, testId: string) => (
    <input
      type="number"
      min={min}
      max={max}
      step={step}
      value={Number.isFinite(form[k] as number) ? (form[k] as number) : ''}
      aria-label={label}
      title={label}
      data-testid={testId}
      disabled={running}
      onChange={(e) => set(k, (e.target.value === '' ? Number.NaN : Number(e.target.value)) as never)}
    />
  );
  const epicentre = selectionXY(city, selection) ? t.hwAtSelection : t.hwCityCentre;
  return (
    <section className="panel whatif-panel hazard-whatif-panel" data-testid="hazard-whatif-panel">
      <header className="panel-head">
        <h2>{t.hwTitle}</h2>
      </header>
      <p className="muted hw-small">{t.hwIntro}</p>
      <div className="hw-form">
        <label>
          <span>{t.hwKindLabel}</span>
          <select
            value={form.kind}
            disabled={running}
            data-testid="hazard-whatif-kind"
            onChange={(e) => set('kind', e.target.value as HazardKind)}
          >
            {(['rainstorm', 'earthquake', 'heat', 'fire'] as const).map((k) => (
              <option key={k} value={k}>
                {t.hzKind(k)}
              </option>
            ))}
          </select>
        </label>
        {form.kind === 'rainstorm' && (
          <>
            <label>
              <span>{t.hwFormula}</span>
              <select
                value={form.formula}
                disabled={running}
                data-testid="hazard-whatif-formula"
                onChange={(e) => set('formula', e.target.value)}
              >
                {Object.values(STORM_FORMULAS).map((f) => (
                  <option key={f.id} value={f.id} title={f.source}>
                    {f.name[lang]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t.hwReturnPeriod}</span>
              <select
                value={form.returnPeriodYears}
                disabled={running}
                data-testid="hazard-whatif-rp"
                onChange={(e) => set('returnPeriodYears', Number(e.target.value))}
              >
                {RETURN_PERIODS.map((p) => (
                  <option key={p} value={p}>
                    {p} {t.hwYears}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t.hwDuration}</span>
              <select
                value={form.durationMin}
                disabled={running}
                data-testid="hazard-whatif-duration"
                onChange={(e) => set('durationMin', Number(e.target.value))}
              >
                {DURATIONS_MIN.map((d) => (
                  <option key={d} value={d}>
                    {d} min
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {form.kind === 'earthquake' && (
          <>
            <label>
              <span>{t.hwMagnitude}</span>
              {num('magnitude', t.hwMagnitude, 3, 9.5, 0.1, 'hazard-whatif-mw')}
            </label>
            <label>
              <span>{t.hwDepth}</span>
              {num('depthKm', t.hwDepth, 0, 700, 1, 'hazard-whatif-depth')}
              <span className="tp-unit">km</span>
            </label>
            <div className="muted hw-small">{t.hwEpicentre(epicentre)}</div>
          </>
        )}
        {form.kind === 'heat' && (
          <>
            <label>
              <span>{t.hwPeakTemp}</span>
              {num('peakTempC', t.hwPeakTemp, -60, 60, 1, 'hazard-whatif-temp')}
              <span className="tp-unit">°C</span>
            </label>
            <label>
              <span>{t.hwHumidity}</span>
              {num('humidityPct', t.hwHumidity, 0, 100, 5, 'hazard-whatif-rh')}
              <span className="tp-unit">%</span>
            </label>
            <label>
              <span>{t.hwHeatDays}</span>
              <select
                value={form.heatHours}
                disabled={running}
                onChange={(e) => set('heatHours', Number(e.target.value))}
              >
                {HEAT_HOURS.map((h) => (
                  <option key={h} value={h}>
                    {t.hwHours(h)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {form.kind === 'fire' && (
          <div className="muted hw-small" data-testid="hazard-whatif-fire-at">
            {spec?.kind === 'fire' ? t.hwFireAt(`#${spec.building}`) : t.hwFireNeedBuilding}
          </div>
        )}
        <label>
          <span>{t.hwHorizon}</span>
          <select
            value={horizonH}
            disabled={running}
            data-testid="hazard-whatif-horizon"
            onChange={(e) => setHorizonH(Number(e.target.value))}
          >
            {HORIZONS_H.map((h) => (
              <option key={h} value={h}>
                {t.hwHours(h)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {simTimeMs > 0 && (
        <div className="muted hw-small">
          {t.hwStart(cityDate(simTimeMs, offsetMin), cityHm(simTimeMs, offsetMin))}
        </div>
      )}
      <div className="wi-actions">
        <button
          type="button"
          className="btn primary"
          data-testid="hazard-whatif-run"
          disabled={running || spec === null || !sceneName || !(simTimeMs > 0)}
          onClick={onRun}
        >
          {t.hwRun}
        </button>
        {running && (
          <button
            type="button"
            className="btn"
            data-testid="hazard-whatif-cancel"
            onClick={() => cancelHazardWhatIf()}
          >
            {t.hwCancel}
          </button>
        )}
      </div>
      {run.phase === 'running' &&
        (() => {
          const pct = run.stepsTotal > 0 ? Math.round((run.stepsDone / run.stepsTotal) * 100) : 0;
          return (
            <div
              className="wi-progress"
              data-testid="hazard-whatif-progress"
              data-steps-done={run.stepsDone}
              data-steps-total={run.stepsTotal}
            >
              <div className="muted">
                {t.hwStage(run.stage)} {run.stepsTotal > 0 && t.hwProgress(run.stepsDone, run.stepsTotal)}
              </div>
              <div
                className="progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
              >
                <div className="progress-bar" style={{ width: `${pct}%` }} />
              </div>
            </div>
          );
        })()}
      {run.phase === 'error' && (
        <div className="tp-error" role="alert" data-testid="hazard-whatif-error">
          <strong>{t.hwFailed(run.stage, '')}</strong>
          <pre>{run.message}</pre>
        </div>
      )}
      {run.phase === 'done' && <Result state={run} city={city} t={t} lang={lang} offsetMin={offsetMin} />}
    </section>
  );
}
