/**
 * The real-time balance (源荷平衡) of the energy panel: an SVG stacked area chart of the last 24 simulated hours,
 * one point per dispatch step — sources stacked above zero (import, thermal, PV, wind, storage discharge), storage
 * charging and export below zero, the served load as a line (and the demand dashed when load was shed or unserved).
 * MW axis, clock ticks in the scene's local time, a legend with colours (the map's power-asset colours of
 * src/app/palette.ts POWER_COLORS for thermal, PV, wind and storage; import in a neutral slate so the largest band
 * does not compete with thermal red). Data from the store's energyHistory (cold state), no chart library.
 */
import type { EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import type { Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { linearScale, niceAxis, seriesPath, tickLabel, timeTicks } from './chartScale.ts';
import { DEFAULT_UTC_OFFSET_MIN, clockHm } from './trafficFormat.ts';
import { BALANCE_LAYERS, bandPath, edgeAnchor, stackBalance, type BalanceLayer } from './energyFormat.ts';

/** Chart geometry, pixels (the SVG scales to the dock's width through its viewBox). */
const W = 320;
const PLOT_H = 130;
const TOP = 14;
const LEFT = 36;
const RIGHT = 6;
const AXIS_H = 18;

/** Dictionary label of a layer. */
export function layerLabel(t: Dict, l: BalanceLayer): string {
  switch (l) {
    case 'import':
      return t.enpLayerImport;
    case 'thermal':
      return t.enpLayerThermal;
    case 'pv':
      return t.enpLayerPv;
    case 'wind':
      return t.enpLayerWind;
    case 'discharge':
      return t.enpLayerDischarge;
    case 'charge':
      return t.enpLayerCharge;
    case 'export':
      return t.enpLayerExport;
    default: {
      const never: never = l;
      return String(never);
    }
  }
}

/** The stacked balance chart of `history` (oldest first). */
export function EnergyBalanceChart({ history, t }: { history: readonly EnergyBalance[]; t: Dict }) {
  const s = stackBalance(history);
  const n = s.times.length;
  const t0 = n > 0 ? (s.times[0] as number) : 0;
  const t1 = n > 0 ? (s.times[n - 1] as number) : 0;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  const axis = niceAxis({ min: s.minMw, max: s.maxMw }, 5, 0);
  const sy = linearScale(axis.min, axis.max, TOP + PLOT_H, TOP);
  const offsetMs = (getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN) * 60_000;
  const { ticks } = timeTicks(t0, t1, 4, offsetMs);
  const load = Float64Array.from(history, (b) => b.loadMw);
  const demand = Float64Array.from(history, (b) => b.demandMw);
  const loadLine = seriesPath(s.times, load, sx, sy);
  const demandLine = s.hasShortfall ? seriesPath(s.times, demand, sx, sy) : null;
  const height = TOP + PLOT_H + AXIS_H;
  const last = history[n - 1];
  return (
    <figure className="energy-balance" data-testid="energy-balance-chart" data-points={loadLine.points}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={t.enpChartAria(n, clockHm(t0), clockHm(t1))}
      >
        <rect className="plot-bg" x={LEFT} y={TOP} width={W - LEFT - RIGHT} height={PLOT_H} />
        {axis.ticks.map((v) => (
          <g key={v}>
            <line className={v === 0 ? 'zero' : 'grid'} x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
            <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
              {tickLabel(v)}
            </text>
          </g>
        ))}
        <text className="unit" x={4} y={TOP - 5}>
          MW
        </text>
        {BALANCE_LAYERS.map((l) => (
          <path
            key={l}
            className={`energy-layer energy-layer-${l}`}
            d={bandPath(s.times, s.lo[l], s.hi[l], sx, sy)}
            data-testid={`energy-layer-${l}`}
          />
        ))}
        {demandLine && (
          <path className="energy-demand-line" d={demandLine.d} data-testid="energy-demand-line" />
        )}
        <path
          className="energy-load-line"
          d={loadLine.d}
          data-testid="energy-load-line"
          data-points={loadLine.points}
        />
        {n === 1 && last && <circle className="energy-load-dot" cx={sx(t1)} cy={sy(last.loadMw)} r={2.5} />}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={TOP + PLOT_H} y2={TOP + PLOT_H} />
        {ticks.map((tm) => (
          <text
            key={tm}
            className="tick"
            x={sx(tm)}
            y={TOP + PLOT_H + 13}
            textAnchor={edgeAnchor(sx(tm), LEFT, W - RIGHT)}
          >
            {clockHm(tm)}
          </text>
        ))}
      </svg>
      <figcaption className="energy-legend" data-testid="energy-legend">
        {BALANCE_LAYERS.filter((l) => s.present[l] || l === 'import' || l === 'pv').map((l) => (
          <span key={l} className={`energy-lg energy-lg-${l}`}>
            <i className="energy-swatch" /> {layerLabel(t, l)}
          </span>
        ))}
        <span className="energy-lg energy-lg-load">━ {t.enpLoadLine}</span>
        {s.hasShortfall && <span className="energy-lg energy-lg-demand">┅ {t.enpDemandLine}</span>}
        {last && (
          <span className="energy-lg-now">
            {t.enpNowLine(clockHm(last.simTimeMs))}: {t.enpLayerImport} {fmt(last.importMw, 0)} ·{' '}
            {t.enpLayerThermal} {fmt(last.thermalMw, 0)} · {t.enpLayerPv} {fmt(last.pvMw, 1)} ·{' '}
            {t.enpLayerWind} {fmt(last.windMw, 1)} · {t.enpStorageNet}{' '}
            {fmt(last.storageDischargeMw - last.storageChargeMw, 1)} MW
          </span>
        )}
      </figcaption>
    </figure>
  );
}
