/**
 * The planner's energy what-if (源网荷储): build levers from the selection (N-1 trip of a substation, 110 kV line,
 * feeder or feeder section; PV or storage added at the nearest feeder bus) and city-wide ones (EV charging growth,
 * heat-wave load, storage dispatch strategy), each checked by the core's validateEnergyLever; run baseline and
 * scenario over a day of 5-minute dispatch steps in the what-if worker (progress, cancel); compare them with deltas
 * and units, chart load / import / load not supplied over time, and word the N-1 outcome. The live twin keeps running.
 */
import { useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { getGridModel, gridCounts } from '../app/gridHolder.ts';
import { energyAssetName } from '../core/energy/city/assetPosition.ts';
import { StorageStrategy } from '../core/energy/city/dispatch.ts';
import type { CityGridModel } from '../core/energy/city/gridModel.ts';
import {
  validateEnergyLever,
  type EnergyLever,
  type EnergyRunSummary,
  type EnergyWhatIfResult,
  type EnergyWhatIfSeries,
} from '../core/energy/city/whatIf.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { EnergyWhatIfSpan } from '../state/energyWhatIfSlice.ts';
import {
  addEnergyLever,
  energyLeverFromDraft,
  energyLeverKey,
  energyTargetOf,
  localDayStartMs,
  type EnergyDraftKind,
  type EnergyDraftProblem,
  type EnergyLeverDraft,
  type EnergyTarget,
} from '../scenario/energyWhatIfLevers.ts';
import { cancelEnergyWhatIf, startEnergyWhatIf } from '../scenario/energyWhatIfClient.ts';
import { finiteExtent, linearScale, niceAxis, seriesPath, tickLabel, timeTicks } from './chartScale.ts';
import { ARROW, DEFAULT_UTC_OFFSET_MIN, delta, judgement, type Polarity } from './trafficFormat.ts';

/** Footnote text size (the shared stylesheet's `.small` only exists inside the progress block). */
const SMALL = { fontSize: '0.75em' } as const;

/** Spans a planner can pick, hours (one day is the default: a full load cycle). */
const SPAN_HOURS = [24, 48, 168] as const;

/** The city's date YYYY-MM-DD and clock HH:MM of a sim time. */
function cityDate(simTimeMs: number, utcOffsetMin: number): string {
  return new Date(simTimeMs + utcOffsetMin * 60_000).toISOString().slice(0, 10);
}
function cityHm(simTimeMs: number, utcOffsetMin: number): string {
  return new Date(simTimeMs + utcOffsetMin * 60_000).toISOString().slice(11, 16);
}

/** "+20", "−5", "0" for a lever's percent. */
const signed = (v: number): string => (v > 0 ? `+${fmt(v, 0)}` : v < 0 ? `−${fmt(-v, 0)}` : '0');

/** Where a bus is, in words: "feeder name · bus". */
function busWhere(city: CityModel, grid: CityGridModel, bus: number): string {
  return bus >= 0 && bus < grid.busCount ? energyAssetName(city, grid, 'bus', bus) : `#${bus}`;
}

/** One line of text describing a lever. */
export function describeEnergyLever(t: Dict, city: CityModel, grid: CityGridModel, l: EnergyLever): string {
  switch (l.kind) {
    case 'tripStation':
      return t.epLeverTripStation(energyAssetName(city, grid, 'station', l.station));
    case 'tripHvLine':
      return t.epLeverTripHvLine(energyAssetName(city, grid, 'hvLine', l.hvLine));
    case 'tripSection':
      return t.epLeverTripSection(busWhere(city, grid, l.bus));
    case 'tripLine':
      return t.epLeverTripLine(l.line);
    case 'addPv':
      return t.epLeverAddPv(fmt(l.mw, 1), busWhere(city, grid, l.bus));
    case 'addStorage':
      return t.epLeverAddStorage(fmt(l.mw, 1), fmt(l.mwh, 1), busWhere(city, grid, l.bus));
    case 'evGrowth':
      return t.epLeverEv(signed(l.pct));
    case 'heatWave':
      return t.epLeverHeat(signed(l.pct));
    case 'storageStrategy':
      return t.epLeverStrategy(t.epStrategyName(l.strategy));
    default: {
      const never: never = l;
      return JSON.stringify(never);
    }
  }
}

function problemText(t: Dict, p: EnergyDraftProblem): string {
  switch (p) {
    case 'noTrip':
      return t.epNeedTrip;
    case 'noPlace':
      return t.epNeedPlace;
    case 'badNumber':
      return t.epBadNumber;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** A baseline / scenario / delta row with its unit. */
function DeltaRow({
  label,
  unit,
  base,
  scen,
  digits,
  polarity,
  testId,
  title,
}: {
  label: string;
  unit: string;
  base: number;
  scen: number;
  digits: number;
  polarity: Polarity;
  testId: string;
  title?: string;
}) {
  const d = delta(base, scen, digits);
  const verdict = judgement(d.direction, polarity);
  return (
    <tr data-testid={testId} data-delta={d.value} title={title}>
      <th scope="row">
        {label} {unit && <span className="tp-unit">{unit}</span>}
      </th>
      <td className="num">{fmt(base, digits)}</td>
      <td className="num">{fmt(scen, digits)}</td>
      <td className={`num delta ${verdict}`}>
        {ARROW[d.direction]} {d.text}
      </td>
    </tr>
  );
}

/** Chart geometry, pixels (the SVG scales to the dock's width through its viewBox). */
const W = 300;
const ROW_H = 52;
const LABEL_H = 16;
const LEFT = 34;
const RIGHT = 8;
const AXIS_H = 18;
/** Line colours: baseline slate, scenario amber (distinct for the common colour-vision deficiencies). */
const BASE_COLOR = '#94a3b8';
const SCEN_COLOR = '#fbbf24';

interface ChartRowData {
  readonly key: string;
  readonly label: string;
  readonly base: Float32Array;
  readonly scen: Float32Array;
}

/** Baseline vs scenario over time, one row per quantity (MW), one shared clock axis. */
function SeriesChart({ series, t, offsetMin }: { series: EnergyWhatIfSeries; t: Dict; offsetMin: number }) {
  const xs = series.simTimeMs;
  const n = xs.length;
  if (n < 2) return null;
  const t0 = xs[0]!;
  const t1 = xs[n - 1]!;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  const hasShed =
    (finiteExtent(series.scenarioShedMw)?.max ?? 0) > 0 ||
    (finiteExtent(series.baselineShedMw)?.max ?? 0) > 0;
  const rows: ChartRowData[] = [
    { key: 'load', label: t.epChartLoad, base: series.baselineDemandMw, scen: series.scenarioDemandMw },
    { key: 'import', label: t.epChartImport, base: series.baselineImportMw, scen: series.scenarioImportMw },
    ...(hasShed
      ? [{ key: 'shed', label: t.epChartShed, base: series.baselineShedMw, scen: series.scenarioShedMw }]
      : []),
  ];
  const height = rows.length * (LABEL_H + ROW_H) + AXIS_H;
  const xAxisY = rows.length * (LABEL_H + ROW_H);
  const { ticks } = timeTicks(t0, t1, 4, offsetMin * 60_000);
  return (
    <figure className="link-series ep-chart" data-testid="energy-whatif-chart" data-points={n}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={t.epChartAria(cityHm(t0, offsetMin), cityHm(t1, offsetMin))}
      >
        {rows.map((row, i) => {
          const y0 = LABEL_H + i * (LABEL_H + ROW_H);
          const eb = finiteExtent(row.base);
          const es = finiteExtent(row.scen);
          const ext =
            eb && es ? { min: Math.min(eb.min, es.min), max: Math.max(eb.max, es.max) } : (eb ?? es);
          const axis = ext ? niceAxis(ext, 3, 0) : null;
          const sy = axis ? linearScale(axis.min, axis.max, y0 + ROW_H, y0) : () => y0 + ROW_H;
          const pb = axis ? seriesPath(xs, row.base, sx, sy).d : '';
          const ps = axis ? seriesPath(xs, row.scen, sx, sy).d : '';
          return (
            <g key={row.key} className={`series-row ep-series-${row.key}`}>
              <rect className="plot-bg" x={LEFT} y={y0} width={W - LEFT - RIGHT} height={ROW_H} />
              {axis?.ticks.map((v) => (
                <g key={v}>
                  <line className="grid" x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
                  <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
                    {tickLabel(v)}
                  </text>
                </g>
              ))}
              <path className="line" d={pb} stroke={BASE_COLOR} strokeDasharray="4 2" />
              <path
                className="line"
                d={ps}
                stroke={SCEN_COLOR}
                data-testid={`energy-whatif-chart-${row.key}`}
              />
              <text className="row-label" x={LEFT} y={y0 - 5} fill="var(--text-2)">
                {row.label} (MW)
              </text>
            </g>
          );
        })}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={xAxisY} y2={xAxisY} />
        {ticks.map((tm) => {
          // A label at either end of the axis is anchored inwards so it is not cut by the plot's edge.
          const x = sx(tm);
          const anchor = x > W - RIGHT - 16 ? 'end' : x < LEFT + 16 ? 'start' : 'middle';
          return (
            <text key={tm} className="tick" x={x} y={xAxisY + 14} textAnchor={anchor}>
              {cityHm(tm, offsetMin)}
            </text>
          );
        })}
      </svg>
      <figcaption className="series-legend">
        <span style={{ color: BASE_COLOR }}>┅ {t.epBaseline}</span>
        <span style={{ color: SCEN_COLOR }}>━ {t.epScenario}</span>
      </figcaption>
    </figure>
  );
}

/** Feeder names of a list of feeders, at most `max` then "…". */
function feederList(grid: CityGridModel, feeders: readonly number[], max = 4): string {
  const names = feeders.slice(0, max).map((f) => grid.feederName[f] ?? `#${f}`);
  return feeders.length > max ? `${names.join(', ')} …` : names.join(', ');
}

/** A tie by the feeders it joins: "F3 ↔ F7". */
function tieName(grid: CityGridModel, k: number): string {
  const a = grid.feederName[grid.busFeeder[grid.tieBusA[k]!]!] ?? '?';
  const b = grid.feederName[grid.busFeeder[grid.tieBusB[k]!]!] ?? '?';
  return `${a} ↔ ${b}`;
}

/** Baseline vs scenario: the table with units and deltas, the N-1 outcome in words, the chart, run facts. */
function Result({
  result,
  levers,
  span,
  elapsedMs,
  t,
  grid,
  offsetMin,
}: {
  result: EnergyWhatIfResult;
  levers: readonly EnergyLever[];
  span: EnergyWhatIfSpan;
  elapsedMs: number;
  t: Dict;
  grid: CityGridModel;
  offsetMin: number;
}) {
  const b: EnergyRunSummary = result.baseline;
  const s: EnergyRunSummary = result.scenario;
  const hasTrip = levers.some(
    (l) =>
      l.kind === 'tripStation' ||
      l.kind === 'tripHvLine' ||
      l.kind === 'tripSection' ||
      l.kind === 'tripLine',
  );
  return (
    <div className="wi-result" data-testid="energy-whatif-result">
      <h3>{t.epResultTitle(cityDate(span.startSimMs, offsetMin), span.hours)}</h3>
      <table className="tp-table wi-kpis">
        <thead>
          <tr>
            <th />
            <th className="num">{t.epBaseline}</th>
            <th className="num">{t.epScenario}</th>
            <th className="num">Δ</th>
          </tr>
        </thead>
        <tbody>
          <DeltaRow
            label={t.epPeakLoad}
            unit="MW"
            base={b.peakDemandMw}
            scen={s.peakDemandMw}
            digits={1}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-peak"
            title={t.epPeakLoadTip}
          />
          <DeltaRow
            label={t.epPeakImport}
            unit="MW"
            base={b.peakImportMw}
            scen={s.peakImportMw}
            digits={1}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-import"
          />
          <DeltaRow
            label={t.epLosses}
            unit="MWh"
            base={b.lossesMwh}
            scen={s.lossesMwh}
            digits={2}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-losses"
            title={t.epLossesTip}
          />
          <DeltaRow
            label={t.epOverloadSteps}
            unit={t.epOverloadUnit}
            base={b.overloadSteps}
            scen={s.overloadSteps}
            digits={0}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-overload-steps"
            title={t.epOverloadStepsTip}
          />
          <DeltaRow
            label={t.epOverloadElements}
            unit={t.epOverloadElementsUnit}
            base={b.overloadedElements}
            scen={s.overloadedElements}
            digits={0}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-overload-elements"
          />
          <DeltaRow
            label={t.epShed}
            unit="MWh"
            base={b.shedMwh}
            scen={s.shedMwh}
            digits={2}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-shed"
            title={t.epShedTip}
          />
          <DeltaRow
            label={t.epRenewable}
            unit="%"
            base={b.renewableShare * 100}
            scen={s.renewableShare * 100}
            digits={1}
            polarity="higherIsBetter"
            testId="energy-whatif-delta-renewable"
            title={t.epRenewableTip}
          />
          <DeltaRow
            label={t.epCarbon}
            unit="t CO₂"
            base={b.emissionsT}
            scen={s.emissionsT}
            digits={1}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-carbon"
          />
          <DeltaRow
            label={t.epCarbonIntensity}
            unit="g/kWh"
            base={b.carbonIntensityGPerKwh}
            scen={s.carbonIntensityGPerKwh}
            digits={0}
            polarity="higherIsWorse"
            testId="energy-whatif-delta-intensity"
            title={t.epCarbonIntensityTip}
          />
          <DeltaRow
            label={t.epMinVoltage}
            unit="p.u."
            base={b.minVoltagePu}
            scen={s.minVoltagePu}
            digits={3}
            polarity="higherIsBetter"
            testId="energy-whatif-delta-vmin"
          />
        </tbody>
      </table>

      {hasTrip && (
        <div className="tp-block" data-testid="energy-whatif-n1">
          <h4>{t.epN1Title}</h4>
          <ul className="ep-n1" style={{ margin: '0.2em 0', paddingLeft: '1.2em', fontSize: '0.85em' }}>
            <li data-testid="energy-whatif-n1-shed" data-buses={result.shedBuses}>
              {result.shedBuses > 0
                ? t.epN1Shed(result.shedBuses, feederList(grid, result.shedFeeders))
                : t.epN1NoShed}
            </li>
            <li data-testid="energy-whatif-n1-ties" data-ties={result.closedTies.length}>
              {result.closedTies.length > 0
                ? t.epN1Ties(
                    result.closedTies.map((k) => tieName(grid, k)).join(', '),
                    result.transferredBuses,
                  )
                : t.epN1NoTies}
            </li>
          </ul>
        </div>
      )}

      <SeriesChart series={result.series} t={t} offsetMin={offsetMin} />

      <div className="tp-foot" data-testid="energy-whatif-facts">
        <span>{t.epElapsed(fmt(elapsedMs, 0), b.steps + s.steps)}</span>
      </div>
      <p className="muted" style={SMALL}>
        {t.epAssumptions}
      </p>
    </div>
  );
}

/** The selection as the panel shows it: what it is and where added units would connect. */
function TargetBox({
  target,
  t,
  city,
  grid,
}: {
  target: EnergyTarget | null;
  t: Dict;
  city: CityModel;
  grid: CityGridModel;
}) {
  if (!target) return <span className="muted">{t.epPick}</span>;
  const el = target.element;
  return (
    <>
      <strong>
        {el
          ? `${t.energyAssetKind(el.kind)} ${energyAssetName(city, grid, el.kind, el.index)}`
          : t.epTargetPlace}
      </strong>
      {el && <span className="muted-num"> {`${el.kind}:${el.index}`}</span>}
      <div className="muted-num">
        {target.bus !== null
          ? t.epConnectsAt(target.bus, grid.feederName[grid.busFeeder[target.bus]!] ?? '?')
          : t.epNoConnect}
      </div>
      {el && !target.trip && (
        <div className="muted" style={SMALL}>
          {t.epNotTrippable}
        </div>
      )}
    </>
  );
}

/** The energy what-if panel (planner mode). */
export function EnergyWhatIfPanel() {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const sceneName = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.name : null));
  const selection = useAppStore((s) => s.selection);
  const levers = useAppStore((s) => s.energyLevers);
  const run = useAppStore((s) => s.energyWhatIf);
  // The day changes once a day: subscribe to the day start, not the clock's every tick.
  const city = version > 0 ? getModel() : null;
  const offsetMin = city?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  const dayStart = useAppStore((s) => localDayStartMs(s.simTimeMs > 0 ? s.simTimeMs : Date.now(), offsetMin));
  const t = dict(lang);
  const [pvMw, setPvMw] = useState(10);
  const [storageMw, setStorageMw] = useState(5);
  const [storageMwh, setStorageMwh] = useState(10);
  const [evPct, setEvPct] = useState(50);
  const [heatPct, setHeatPct] = useState(20);
  const [strategy, setStrategy] = useState<StorageStrategy>(StorageStrategy.selfConsumption);
  const [hours, setHours] = useState<number>(24);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const grid = city ? getGridModel() : null;
  if (!city || !grid) return null;
  const target = energyTargetOf(city, grid, selection);
  const running = run.phase === 'running';

  const add = (kind: EnergyDraftKind): void => {
    const draft: EnergyLeverDraft = { kind, target, pvMw, storageMw, storageMwh, evPct, heatPct, strategy };
    const built = energyLeverFromDraft(draft);
    if ('problem' in built) {
      setMessage({ kind: 'error', text: problemText(t, built.problem) });
      return;
    }
    const why = validateEnergyLever(grid, built.lever);
    if (why !== null) {
      setMessage({ kind: 'error', text: t.epInvalid(why) });
      return;
    }
    appStore.getState().setEnergyLevers(addEnergyLever(levers, built.lever));
    setMessage({ kind: 'ok', text: t.epAdded(describeEnergyLever(t, city, grid, built.lever)) });
  };
  const remove = (l: EnergyLever): void => {
    const key = energyLeverKey(l);
    appStore.getState().setEnergyLevers(levers.filter((x) => energyLeverKey(x) !== key));
  };
  const onRun = (): void => {
    if (!sceneName || levers.length === 0) return;
    setMessage(null);
    startEnergyWhatIf(
      appStore,
      levers,
      { startSimMs: dayStart, hours },
      { sceneName, expectCounts: gridCounts(grid) },
    );
  };
  const tripLabel =
    target?.element && target.trip ? t.epTrip(t.energyAssetKind(target.element.kind)) : t.epTripAny;
  const noPlace = target?.bus == null;
  const numberInput = (
    value: number,
    set: (v: number) => void,
    label: string,
    testId: string,
    min: number,
    max: number,
    step: number,
  ) => (
    <input
      type="number"
      min={min}
      max={max}
      step={step}
      value={Number.isFinite(value) ? value : ''}
      aria-label={label}
      title={label}
      data-testid={testId}
      onChange={(e) => set(e.target.value === '' ? Number.NaN : Number(e.target.value))}
    />
  );
  const addButton = (kind: EnergyDraftKind, text: string, disabled: boolean, why?: string) => (
    <button
      type="button"
      className="btn wi-add"
      data-testid={`energy-whatif-add-${kind}`}
      disabled={running || disabled}
      title={disabled ? why : undefined}
      onClick={() => add(kind)}
    >
      + {text}
    </button>
  );

  return (
    <section className="panel whatif-panel energy-whatif-panel" data-testid="energy-whatif-panel">
      <header className="panel-head">
        <h2>{t.epTitle}</h2>
      </header>

      <div className="wi-target" data-testid="energy-whatif-target">
        <TargetBox target={target} t={t} city={city} grid={grid} />
      </div>

      <div className="wi-builder">
        <div className="wi-lever-row">{addButton('trip', tripLabel, !target?.trip, t.epNeedTrip)}</div>
        <div className="wi-lever-row">
          {numberInput(pvMw, setPvMw, t.epPvMwInput, 'energy-whatif-pv-mw', 0, 1000, 1)}
          <span className="tp-unit">MW</span>
          {addButton('addPv', t.epAddPv, noPlace, t.epNeedPlace)}
        </div>
        <div className="wi-lever-row">
          {numberInput(storageMw, setStorageMw, t.epStoMwInput, 'energy-whatif-storage-mw', 0, 1000, 1)}
          <span className="tp-unit">MW</span>
          {numberInput(storageMwh, setStorageMwh, t.epStoMwhInput, 'energy-whatif-storage-mwh', 0, 10000, 1)}
          <span className="tp-unit">MWh</span>
          {addButton('addStorage', t.epAddStorage, noPlace, t.epNeedPlace)}
        </div>
        <div className="wi-lever-row">
          {numberInput(evPct, setEvPct, t.epEvPctInput, 'energy-whatif-ev-pct', -100, 500, 10)}
          <span className="tp-unit">%</span>
          {addButton('evGrowth', t.epEvGrowth, false)}
        </div>
        <div className="wi-lever-row">
          {numberInput(heatPct, setHeatPct, t.epHeatPctInput, 'energy-whatif-heat-pct', -100, 500, 5)}
          <span className="tp-unit">%</span>
          {addButton('heatWave', t.epHeatWave, false)}
        </div>
        <div className="wi-lever-row">
          <select
            value={strategy}
            aria-label={t.epStrategy}
            data-testid="energy-whatif-strategy"
            onChange={(e) => setStrategy(e.target.value as StorageStrategy)}
          >
            {Object.values(StorageStrategy).map((s) => (
              <option key={s} value={s}>
                {t.epStrategyName(s)}
              </option>
            ))}
          </select>
          {addButton('storageStrategy', t.epStrategy, false)}
        </div>
      </div>

      {message && (
        <div
          className={message.kind === 'error' ? 'tp-error' : 'wi-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="energy-whatif-message"
        >
          {message.text}
        </div>
      )}

      <h3>{t.epLevers(levers.length)}</h3>
      {levers.length === 0 ? (
        <p className="muted">{t.epNoLevers}</p>
      ) : (
        <ul className="wi-levers">
          {levers.map((l) => (
            <li key={energyLeverKey(l)} data-testid="energy-whatif-lever" data-kind={l.kind}>
              <span>{describeEnergyLever(t, city, grid, l)}</span>
              <button
                type="button"
                className="link-btn"
                disabled={running}
                aria-label={t.epRemove}
                title={t.epRemove}
                onClick={() => remove(l)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="wi-lever-row ep-span">
        <label className="muted" htmlFor="energy-whatif-hours">
          {t.epSpan}
        </label>
        <select
          id="energy-whatif-hours"
          value={hours}
          disabled={running}
          data-testid="energy-whatif-hours"
          onChange={(e) => setHours(Number(e.target.value))}
        >
          {SPAN_HOURS.map((h) => (
            <option key={h} value={h}>
              {t.epSpanHours(h)}
            </option>
          ))}
        </select>
      </div>
      <div className="muted" style={SMALL}>
        {t.epSpanFrom(cityDate(dayStart, offsetMin))}
      </div>

      <div className="wi-actions">
        <button
          type="button"
          className="btn primary"
          data-testid="energy-whatif-run"
          disabled={running || levers.length === 0}
          onClick={onRun}
        >
          {t.epRun}
        </button>
        {running && (
          <button
            type="button"
            className="btn"
            data-testid="energy-whatif-cancel"
            onClick={() => cancelEnergyWhatIf(appStore)}
          >
            {t.epCancel}
          </button>
        )}
        {levers.length > 0 && !running && (
          <button type="button" className="link-btn" onClick={() => appStore.getState().setEnergyLevers([])}>
            {t.epClear}
          </button>
        )}
      </div>

      {run.phase === 'running' && (
        <div className="wi-progress" data-testid="energy-whatif-progress" data-steps-done={run.stepsDone}>
          <div className="muted">
            {run.stage === 'loadingScene'
              ? t.epStageScene
              : run.stage === 'buildingGrid'
                ? t.epStageGrid
                : t.epStageRun(run.stepsDone, run.stepsTotal)}
          </div>
          {(() => {
            const pct = run.stepsTotal > 0 ? Math.round((run.stepsDone / run.stepsTotal) * 100) : 0;
            return (
              <div
                className="progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
              >
                <div className="progress-bar" style={{ width: `${pct}%` }} />
              </div>
            );
          })()}
          <div className="muted small">{t.epLiveContinues}</div>
        </div>
      )}
      {run.phase === 'error' && (
        <div className="tp-error" role="alert" data-testid="energy-whatif-error">
          <strong>{t.epFailed(run.stage)}</strong>
          <pre>{run.message}</pre>
        </div>
      )}
      {run.phase === 'done' && (
        <Result
          result={run.result}
          levers={run.levers}
          span={run.span}
          elapsedMs={run.elapsedMs}
          t={t}
          grid={grid}
          offsetMin={offsetMin}
        />
      )}
    </section>
  );
}
