/**
 * Time series of one road link over the last hours: speed (km/h, with the free-flow speed dashed), flow (veh/h,
 * with the capacity dashed) and volume/capacity (with v/c = 1 dashed), three small SVG charts on one time axis.
 * Fetched from the feed's link history (src/feed/series.ts) when the link is selected and every 10 s after.
 */
import { useEffect, useState } from 'react';
import { requestLinkSeries, type LinkSeries } from '../feed/series.ts';
import { useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
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

/** Refresh period while a link stays selected, ms of real time. */
export const SERIES_REFRESH_MS = 10_000;

type Load =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly message: string }
  | { readonly phase: 'ready'; readonly series: LinkSeries };

/** Chart geometry, pixels (the SVG scales to the dock's width through its viewBox). */
const W = 300;
const ROW_H = 60;
/** Room above each plot for its label. */
const LABEL_H = 16;
const LEFT = 34;
const RIGHT = 8;
const AXIS_H = 18;

interface Row {
  readonly key: 'speed' | 'flow' | 'vc';
  readonly label: string;
  readonly unit: string;
  readonly values: Float32Array;
  /** A reference level drawn dashed (free-flow speed, capacity, v/c = 1), or NaN. */
  readonly ref: number;
  readonly refLabel: string;
  readonly floor: number;
}

/** One chart row: y axis with ticks, the reference line and the series. */
function ChartRow({
  row,
  y0,
  sx,
  xs,
  testId,
}: {
  row: Row;
  y0: number;
  sx: (v: number) => number;
  xs: Float64Array;
  testId: string;
}) {
  const ext = finiteExtent(row.values);
  const withRef: Extent | null = ext
    ? Number.isFinite(row.ref)
      ? { min: Math.min(ext.min, row.ref), max: Math.max(ext.max, row.ref) }
      : ext
    : null;
  const axis = withRef ? niceAxis(withRef, 3, row.floor) : null;
  const sy = axis ? linearScale(axis.min, axis.max, y0 + ROW_H, y0) : () => y0 + ROW_H;
  const { d, points } = axis ? seriesPath(xs, row.values, sx, sy) : { d: '', points: 0 };
  return (
    <g className={`series-row series-${row.key}`}>
      <rect className="plot-bg" x={LEFT} y={y0} width={W - LEFT - RIGHT} height={ROW_H} />
      {axis?.ticks.map((v) => (
        <g key={v}>
          <line className="grid" x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
          <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
            {tickLabel(v)}
          </text>
        </g>
      ))}
      {axis && Number.isFinite(row.ref) && (
        <line className="ref" x1={LEFT} x2={W - RIGHT} y1={sy(row.ref)} y2={sy(row.ref)}>
          <title>{row.refLabel}</title>
        </line>
      )}
      <path className="line" d={d} data-testid={testId} data-points={points} />
      <text className="row-label" x={LEFT} y={y0 - 5}>
        {row.unit ? `${row.label} (${row.unit})` : row.label}
      </text>
    </g>
  );
}

/** The chart for one link (data loaded by the parent). */
function Chart({ series, t, link }: { series: LinkSeries; t: Dict; link: number }) {
  const model = getModel();
  const r = model?.roads;
  const freeKph = r && link < r.linkCount ? (r.freeSpeedKph[link] as number) : Number.NaN;
  const capVph = r && link < r.linkCount ? (r.capacityVph[link] as number) : Number.NaN;
  const xs = series.simTimeMs;
  const n = xs.length;
  const t0 = n > 0 ? (xs[0] as number) : 0;
  const t1 = n > 0 ? (xs[n - 1] as number) : 0;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  const rows: Row[] = [
    {
      key: 'speed',
      label: t.tpSeriesSpeed,
      unit: 'km/h',
      values: series.speedKph,
      ref: freeKph,
      refLabel: t.tpSeriesFreeSpeed(fmt(freeKph, 0)),
      floor: 0,
    },
    {
      key: 'flow',
      label: t.tpSeriesFlow,
      unit: t.tpUnitVph,
      values: series.flowVph,
      ref: capVph,
      refLabel: t.tpSeriesCapacity(fmt(capVph, 0)),
      floor: 0,
    },
    // Volume / capacity is a ratio: no unit.
    { key: 'vc', label: 'v/c', unit: '', values: series.vc, ref: 1, refLabel: t.tpSeriesVcRef, floor: 0 },
  ];
  const height = rows.length * (LABEL_H + ROW_H) + AXIS_H;
  const xAxisY = rows.length * (LABEL_H + ROW_H);
  const offsetMs = (getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN) * 60_000;
  const { ticks } = timeTicks(t0, t1, 4, offsetMs);
  let points = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(series.speedKph[i] as number)) points++;
  const last = n - 1;
  return (
    <figure className="link-series" data-testid="link-series-chart" data-points={points}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={t.tpSeriesAria(link, clockHm(t0), clockHm(t1))}
      >
        {rows.map((row, i) => (
          <ChartRow
            key={row.key}
            row={row}
            y0={LABEL_H + i * (LABEL_H + ROW_H)}
            sx={sx}
            xs={xs}
            testId={`link-series-${row.key}`}
          />
        ))}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={xAxisY} y2={xAxisY} />
        {ticks.map((tm) => (
          <text key={tm} className="tick" x={sx(tm)} y={xAxisY + 14} textAnchor="middle">
            {clockHm(tm)}
          </text>
        ))}
      </svg>
      <figcaption className="series-legend">
        <span className="lg lg-speed">━ {t.tpSeriesSpeed} km/h</span>
        <span className="lg lg-flow">
          ━ {t.tpSeriesFlow} {t.tpUnitVph}
        </span>
        <span className="lg lg-vc">━ v/c</span>
        <span className="lg lg-ref">┅ {t.tpSeriesRefs}</span>
        {last >= 0 && (
          <span className="lg-now">
            {t.tpSeriesNow(clockHm(xs[last] as number))}: {fmt(series.speedKph[last] as number, 0)} km/h ·{' '}
            {fmt(series.flowVph[last] as number, 0)} {t.tpUnitVph} · v/c {fmt(series.vc[last] as number, 2)}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/** The link time-series block of the inspector: loads, refreshes every 10 s, shows loading/error/empty states. */
export function LinkSeriesChart({ link }: { link: number }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  useEffect(() => {
    let alive = true;
    let hasData = false;
    setLoad({ phase: 'loading' });
    const fetchOnce = (): void => {
      requestLinkSeries(link).then(
        (series) => {
          if (!alive) return;
          hasData = true;
          setLoad({ phase: 'ready', series });
        },
        (e: unknown) => {
          // A failed refresh keeps the chart already drawn; only a first failure replaces it with the error.
          if (!alive || hasData) return;
          setLoad({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
        },
      );
    };
    fetchOnce();
    const id = setInterval(fetchOnce, SERIES_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [link]);
  return (
    <div className="link-series-block" data-testid="link-series" data-phase={load.phase}>
      <h3>{t.tpSeriesTitle}</h3>
      {load.phase === 'loading' && <p className="muted">{t.tpSeriesLoading}</p>}
      {load.phase === 'error' && (
        <p className="tp-error" role="alert">
          {t.tpSeriesError}: {load.message}
        </p>
      )}
      {load.phase === 'ready' &&
        (load.series.simTimeMs.length === 0 ? (
          <p className="muted" data-testid="link-series-empty">
            {t.tpSeriesEmpty}
          </p>
        ) : (
          <Chart series={load.series} t={t} link={link} />
        ))}
    </div>
  );
}
