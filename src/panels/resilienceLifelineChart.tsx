/**
 * Lifeline service levels over time (recovery curves) of the resilience panel: power, roads and water, % of normal,
 * one point per simulated minute from the store's hzLifelines, on a fixed 0–100 % axis (a level's fall and recovery
 * must read the same on every screen) with clock ticks in the scene's local time. SVG, no chart library.
 */
import type { LifelineLevels } from '../core/hazards/types.ts';
import type { Dict } from '../app/i18n.ts';
import { getModel } from '../app/sceneHolder.ts';
import { linearScale, seriesPath, timeTicks } from './chartScale.ts';
import { DEFAULT_UTC_OFFSET_MIN, clockHm } from './trafficFormat.ts';
import { edgeAnchor } from './energyFormat.ts';

const W = 320;
const PLOT_H = 90;
const TOP = 12;
const LEFT = 30;
const RIGHT = 6;
const AXIS_H = 16;
const Y_TICKS = [0, 50, 100] as const;

/** The three lifelines, their field and CSS class. */
export const LIFELINES = [
  { key: 'power', field: 'powerPct' },
  { key: 'roads', field: 'roadsPct' },
  { key: 'water', field: 'waterPct' },
] as const;

/** Label of a lifeline. */
export function lifelineLabel(t: Dict, key: (typeof LIFELINES)[number]['key']): string {
  switch (key) {
    case 'power':
      return t.rpPower;
    case 'roads':
      return t.rpRoads;
    case 'water':
      return t.rpWater;
    default: {
      const never: never = key;
      return String(never);
    }
  }
}

/** The recovery-curve chart of `history` (oldest first). */
export function LifelineChart({ history, t }: { history: readonly LifelineLevels[]; t: Dict }) {
  const n = history.length;
  const t0 = n > 0 ? history[0]!.simTimeMs : 0;
  const t1 = n > 0 ? history[n - 1]!.simTimeMs : 0;
  const sx = linearScale(t0, t1, LEFT, W - RIGHT);
  // 0 … 100 %, with 2 % headroom so a full-service line is not drawn on the frame.
  const sy = linearScale(0, 102, TOP + PLOT_H, TOP);
  const offsetMs = (getModel()?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN) * 60_000;
  const { ticks } = timeTicks(t0, t1, 4, offsetMs);
  const times = Float64Array.from(history, (p) => p.simTimeMs);
  return (
    <figure className="rp-lifeline-chart" data-testid="rp-lifeline-chart" data-points={n}>
      <svg
        viewBox={`0 0 ${W} ${TOP + PLOT_H + AXIS_H}`}
        width="100%"
        role="img"
        aria-label={t.rpLifelineChart(n)}
      >
        <rect className="plot-bg" x={LEFT} y={TOP} width={W - LEFT - RIGHT} height={PLOT_H} />
        {Y_TICKS.map((v) => (
          <g key={v}>
            <line className="grid" x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} />
            <text className="tick" x={LEFT - 4} y={sy(v) + 3.5} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        <text className="unit" x={2} y={TOP - 3}>
          %
        </text>
        {LIFELINES.map((l) => {
          const ys = Float64Array.from(history, (p) => p[l.field]);
          const path = seriesPath(times, ys, sx, sy);
          const last = history[n - 1];
          return (
            <g key={l.key} className={`rp-ll rp-ll-${l.key}`}>
              <path d={path.d} data-testid={`rp-lifeline-${l.key}-line`} />
              {last && <circle cx={sx(t1)} cy={sy(last[l.field])} r={2.5} />}
            </g>
          );
        })}
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={TOP + PLOT_H} y2={TOP + PLOT_H} />
        {ticks.map((tm) => (
          <text
            key={tm}
            className="tick"
            x={sx(tm)}
            y={TOP + PLOT_H + 12}
            textAnchor={edgeAnchor(sx(tm), LEFT, W - RIGHT)}
          >
            {clockHm(tm)}
          </text>
        ))}
      </svg>
      <figcaption className="rp-legend">
        {LIFELINES.map((l) => (
          <span key={l.key} className={`rp-lg rp-ll-${l.key}`}>
            <i className="rp-swatch" /> {lifelineLabel(t, l.key)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
