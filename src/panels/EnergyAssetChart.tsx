/**
 * Time series of one energy asset over the last 24 simulated hours (one sample per dispatch step), for the inspector:
 * small SVG charts on one time axis, one per series the server keeps for the asset's kind (ENERGY_SERIES_FIELDS:
 * station load and loading, feeder head power, section voltage/loading/flow, HV line loading/flow, storage SoC and
 * power, PV output), each with its unit and its limits dashed. Fetched with requestEnergySeries when the asset is
 * selected and again whenever a new dispatch step lands in the store (every 5 simulated minutes).
 */
import { memo, useEffect, useRef, useState } from 'react';
import { requestEnergySeries, type EnergySeries } from '../feed/energySeries.ts';
import { useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { getGridModel } from '../app/gridHolder.ts';
import { DEFAULT_SIM_OPTIONS } from '../core/energy/city/energySim.ts';
import { DEFAULT_STORAGE } from '../core/energy/city/storage.ts';
import { ENERGY_SERIES_FIELDS, type EnergyAssetKind } from '../core/protocol/energyMessages.ts';
import {
  finiteExtent,
  linearScale,
  niceAxis,
  seriesPath,
  tickLabel,
  timeTicks,
  type Extent,
} from './chartScale.ts';
import { DEFAULT_UTC_OFFSET_MIN, clockHm } from './trafficFormat.ts';
import { edgeAnchor } from './energyFormat.ts';

type Load =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly message: string }
  | { readonly phase: 'ready'; readonly series: EnergySeries };

/** Chart geometry, pixels (the SVG scales to the dock's width through its viewBox). */
const W = 300;
const ROW_H = 54;
const LABEL_H = 20;
const LEFT = 36;
const RIGHT = 8;
const AXIS_H = 18;

/** A series field of any asset kind. */
type Field = (typeof ENERGY_SERIES_FIELDS)[EnergyAssetKind][number];

/** How one series is drawn: label, unit, digits of the "now" value, limits drawn dashed, axis floor. */
interface RowSpec {
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
  readonly refs: readonly { readonly value: number; readonly label: string }[];
  readonly floor: number | undefined;
}

/** The drawing spec of `field` for asset (kind, index). */
function rowSpec(t: Dict, kind: EnergyAssetKind, index: number, field: Field): RowSpec {
  const loadingRef = [{ value: 100, label: t.enpRefRating }];
  switch (field) {
    case 'loadMw':
      return { label: t.enpSeriesLoad, unit: 'MW', digits: 1, refs: [], floor: 0 };
    case 'loadingPct':
    case 'sectionLoadingPct':
      return { label: t.enpLoading, unit: '%', digits: 0, refs: loadingRef, floor: 0 };
    case 'headMw':
      return { label: t.enpSeriesHead, unit: 'MW', digits: 2, refs: [], floor: 0 };
    case 'voltagePu': {
      // The model's voltage band (docs/energy.md §5: GB/T 12325-2008 §4.2, ±7 % for 20 kV and below).
      const lo = DEFAULT_SIM_OPTIONS.vMinPu;
      const hi = DEFAULT_SIM_OPTIONS.vMaxPu;
      return {
        label: t.enpSeriesVoltage,
        unit: 'p.u.',
        digits: 3,
        refs: [
          { value: lo, label: t.enpRefVoltage(fmt(lo, 2), fmt(hi, 2)) },
          { value: hi, label: t.enpRefVoltage(fmt(lo, 2), fmt(hi, 2)) },
        ],
        floor: undefined,
      };
    }
    case 'sectionFlowMw':
    case 'flowMw':
      return { label: t.enpSeriesFlow, unit: 'MW', digits: 2, refs: [], floor: 0 };
    case 'socPct': {
      // SoC limits of the storage model (storage.ts DEFAULT_STORAGE: 10–90 %, LFP practice).
      const lo = DEFAULT_STORAGE.socMin * 100;
      const hi = DEFAULT_STORAGE.socMax * 100;
      return {
        label: t.enpSeriesSoc,
        unit: '%',
        digits: 0,
        refs: [
          { value: lo, label: t.enpRefSoc(fmt(lo, 0), fmt(hi, 0)) },
          { value: hi, label: t.enpRefSoc(fmt(lo, 0), fmt(hi, 0)) },
        ],
        floor: 0,
      };
    }
    case 'mw': {
      const g = getGridModel();
      if (kind === 'pv') {
        const rating = g && index < g.pv.count ? (g.pv.ratingMw[index] as number) : Number.NaN;
        return {
          label: t.enpSeriesPv,
          unit: 'MW',
          digits: 2,
          refs: Number.isFinite(rating) ? [{ value: rating, label: t.enpRefPvRating(fmt(rating, 1)) }] : [],
          floor: 0,
        };
      }
      return {
        label: t.enpSeriesStorageMw,
        unit: 'MW',
        digits: 2,
        refs: [{ value: 0, label: t.enpRefIdle }],
        floor: 0,
      };
    }
    default: {
      const never: never = field;
      throw new Error(`energy series: unknown field ${String(never)}`);
    }
  }
}

/** One chart row: y axis with ticks, the dashed limits and the series. */
function ChartRow({
  spec,
  field,
  values,
  y0,
  sx,
  xs,
}: {
  spec: RowSpec;
  field: string;
  values: Float32Array;
  y0: number;
  sx: (v: number) => number;
  xs: Float64Array;
}) {
  const ext = finiteExtent(values);
  let withRefs: Extent | null = ext;
  if (ext)
    for (const r of spec.refs)
      withRefs = { min: Math.min(withRefs!.min, r.value), max: Math.max(withRefs!.max, r.value) };
  const axis = withRefs ? niceAxis(withRefs, 3, spec.floor) : null;
  const sy = axis ? linearScale(axis.min, axis.max, y0 + ROW_H, y0) : () => y0 + ROW_H;
  const { d, points } = axis ? seriesPath(xs, values, sx, sy) : { d: '', points: 0 };
  return (
    <g className={`energy-series-row energy-series-${field}`}>
      <rect className="plot-bg" x={LEFT} y={y0} width={W - LEFT - RIGHT} height={ROW_H} />
      {axis?.ticks.map((v) => (
        <g key={v}>
          <line className="grid" x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
          <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
            {tickLabel(v)}
          </text>
        </g>
      ))}
      {axis &&
        spec.refs.map((r) => (
          <line key={r.value} className="ref" x1={LEFT} x2={W - RIGHT} y1={sy(r.value)} y2={sy(r.value)}>
            <title>{r.label}</title>
          </line>
        ))}
      <path className="line" d={d} data-testid={`energy-series-${field}`} data-points={points} />
      <text className="row-label" x={LEFT} y={y0 - 5}>
        {`${spec.label} (${spec.unit})`}
      </text>
    </g>
  );
}

/** The charts of one asset's series (data loaded by the parent; exported for previews and tests). */
export function EnergySeriesFigure({ series, t }: { series: EnergySeries; t: Dict }) {
  const fields = ENERGY_SERIES_FIELDS[series.kind] as readonly Field[];
  const xs = series.simTimeMs;
  const n = xs.length;
  const t0 = n > 0 ? (xs[0] as number) : 0;
  const t1 = n > 0 ? (xs[n - 1] as number) : 0;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  const offsetMs = (getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN) * 60_000;
  const { ticks } = timeTicks(t0, t1, 4, offsetMs);
  const rows = fields.map((f) => ({
    field: f,
    spec: rowSpec(t, series.kind, series.index, f),
    values: series.values[f] ?? new Float32Array(n).fill(Number.NaN),
  }));
  const xAxisY = rows.length * (LABEL_H + ROW_H);
  const height = xAxisY + AXIS_H;
  const last = n - 1;
  return (
    <figure className="energy-asset-series" data-testid="energy-series-chart" data-points={n}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={t.enpSeriesAria(n, clockHm(t0), clockHm(t1))}
      >
        {rows.map((r, i) => (
          <ChartRow
            key={r.field}
            spec={r.spec}
            field={r.field}
            values={r.values}
            y0={LABEL_H + i * (LABEL_H + ROW_H)}
            sx={sx}
            xs={xs}
          />
        ))}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={xAxisY} y2={xAxisY} />
        {ticks.map((tm) => (
          <text
            key={tm}
            className="tick"
            x={sx(tm)}
            y={xAxisY + 14}
            textAnchor={edgeAnchor(sx(tm), LEFT, W - RIGHT)}
          >
            {clockHm(tm)}
          </text>
        ))}
      </svg>
      <figcaption className="series-legend">
        <span className="lg lg-ref">┅ {t.enpSeriesRefs}</span>
        {last >= 0 && (
          <span className="lg-now" data-testid="energy-series-now">
            {t.tpSeriesNow(clockHm(xs[last] as number))}:{' '}
            {rows
              .map((r) => `${r.spec.label} ${fmt(r.values[last] as number, r.spec.digits)} ${r.spec.unit}`)
              .join(' · ')}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/**
 * The asset time-series block of the inspector: loads on mount, refetches when a new dispatch step arrives (the
 * newest history time in the store), keeps the drawn chart when a refresh fails. Mount with a key per asset.
 * Memoised: re-renders of the inspector (its live values) must not redraw the charts.
 */
export const EnergyAssetChart = memo(function EnergyAssetChart({
  asset,
  index,
}: {
  asset: EnergyAssetKind;
  index: number;
}) {
  const lang = useAppStore((s) => s.lang);
  const stepMs = useAppStore((s) => s.energyHistory[s.energyHistory.length - 1]?.simTimeMs ?? 0);
  const t = dict(lang);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const hasData = useRef(false);
  useEffect(() => {
    let alive = true;
    requestEnergySeries(asset, index).then(
      (series) => {
        if (!alive) return;
        hasData.current = true;
        setLoad({ phase: 'ready', series });
      },
      (e: unknown) => {
        // A failed refresh keeps the chart already drawn; only a first failure replaces it with the error.
        if (!alive || hasData.current) return;
        setLoad({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      alive = false;
    };
  }, [asset, index, stepMs]);
  return (
    <div className="energy-series-block" data-testid="energy-series" data-phase={load.phase}>
      <h3>{t.enpSeriesTitle}</h3>
      {load.phase === 'loading' && <p className="muted">{t.enpSeriesLoading}</p>}
      {load.phase === 'error' && (
        <p className="tp-error" role="alert">
          {t.enpSeriesError}: {load.message}
        </p>
      )}
      {load.phase === 'ready' &&
        (load.series.simTimeMs.length === 0 ? (
          <p className="muted" data-testid="energy-series-empty">
            {t.enpSeriesEmpty}
          </p>
        ) : (
          <EnergySeriesFigure series={load.series} t={t} />
        ))}
    </div>
  );
});
