/**
 * An SVG radar chart: one axis per dimension, score rings 0–100 with labels, the target polygon dashed and the
 * current polygon filled. Each axis is focusable (Tab / arrow keys) and hoverable; the readout under the chart names
 * the dimension, its score and its target. A dimension without a score draws no vertex (the polygon is then only
 * drawn as points), never a zero.
 */
import { useState, type KeyboardEvent } from 'react';
import { fmt } from '../../app/format.ts';
import type { Dict } from '../../app/i18n.ts';

/** One radar axis. */
export interface RadarAxis {
  readonly id: string;
  readonly label: string;
  readonly score: number | null;
  readonly target: number | null;
}

const SIZE = 300;
const C = SIZE / 2;
const R = 96;
const RINGS = [20, 40, 60, 80, 100] as const;
/** Room left and right of the square for the side axes' labels (viewBox units). */
const MARGIN_X = 48;

function point(i: number, n: number, score: number): [number, number] {
  const a = -Math.PI / 2 + (i * 2 * Math.PI) / n;
  const r = (R * Math.max(0, Math.min(100, score))) / 100;
  return [C + r * Math.cos(a), C + r * Math.sin(a)];
}

const pts = (xs: readonly [number, number][]): string =>
  xs.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

/** The radar chart. */
export function RadarChart({ axes, title, t }: { axes: readonly RadarAxis[]; title: string; t: Dict }) {
  const [active, setActive] = useState<number | null>(null);
  const n = axes.length;
  if (n < 3) return null;
  const allScores = axes.every((a) => a.score !== null);
  const allTargets = axes.every((a) => a.target !== null);
  const onKey = (e: KeyboardEvent, i: number) => {
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? -1
          : 0;
    if (next === 0) return;
    e.preventDefault();
    const j = (i + next + n) % n;
    const el = (e.currentTarget.parentNode as Element | null)?.querySelector<SVGGElement>(
      `[data-axis="${j}"]`,
    );
    el?.focus();
  };
  const a = active !== null ? axes[active] : undefined;
  return (
    <figure className="ix-radar" data-testid="ix-radar">
      <svg viewBox={`${-MARGIN_X} 0 ${SIZE + 2 * MARGIN_X} ${SIZE}`} role="img" aria-label={title}>
        {RINGS.map((r) => (
          <polygon key={r} className="ix-ring" points={pts(axes.map((_, i) => point(i, n, r)))} />
        ))}
        {RINGS.map((r) => {
          // Ring labels along the bisector of the first two axes, clear of the axis labels.
          const [x, y] = point(0.5, n, r);
          return (
            <text
              key={`l${r}`}
              className="ix-ring-label"
              x={x}
              y={y}
              textAnchor="middle"
              dominantBaseline="middle"
            >
              {r}
            </text>
          );
        })}
        {axes.map((_, i) => {
          const [x, y] = point(i, n, 100);
          return <line key={`a${i}`} className="ix-axis" x1={C} y1={C} x2={x} y2={y} />;
        })}
        {allTargets && (
          <polygon
            className="ix-target"
            data-testid="ix-radar-target"
            points={pts(axes.map((ax, i) => point(i, n, ax.target as number)))}
          />
        )}
        {allScores && (
          <polygon
            className="ix-current"
            data-testid="ix-radar-current"
            points={pts(axes.map((ax, i) => point(i, n, ax.score as number)))}
          />
        )}
        {axes.map((ax, i) => {
          const ang = -Math.PI / 2 + (i * 2 * Math.PI) / n;
          const cos = Math.cos(ang);
          const sin = Math.sin(ang);
          // Top and bottom axes: one line "label score" clear of the 100 ring; side axes: label over score.
          const vertical = Math.abs(cos) < 0.3;
          const [lx, ly] = point(i, n, vertical ? 110 : 108);
          const [px, py] = ax.score !== null ? point(i, n, ax.score) : [C, C];
          const anchor = vertical ? 'middle' : cos > 0 ? 'start' : 'end';
          const scoreText = ax.score !== null ? fmt(ax.score, 0) : t.ixNoScore;
          const readout = t.ixRadarPoint(
            ax.label,
            ax.score !== null ? fmt(ax.score, 0) : t.ixNoScore,
            ax.target !== null ? fmt(ax.target, 0) : t.ixNoTarget,
          );
          return (
            <g
              key={ax.id}
              data-axis={i}
              className={`ix-axis-hit${active === i ? ' active' : ''}`}
              tabIndex={0}
              role="button"
              aria-label={readout}
              onMouseEnter={() => setActive(i)}
              onMouseLeave={() => setActive(null)}
              onFocus={() => setActive(i)}
              onBlur={() => setActive(null)}
              onKeyDown={(e) => onKey(e, i)}
            >
              <title>{readout}</title>
              {ax.target !== null && !allTargets && (
                <circle
                  className="ix-target-dot"
                  cx={point(i, n, ax.target)[0]}
                  cy={point(i, n, ax.target)[1]}
                  r={3}
                />
              )}
              {ax.score !== null && (
                <circle className="ix-vertex" cx={px} cy={py} r={active === i ? 5 : 3.5} />
              )}
              {vertical ? (
                <text
                  className="ix-axis-label"
                  x={lx}
                  y={ly}
                  textAnchor={anchor}
                  dominantBaseline={sin < 0 ? 'auto' : 'hanging'}
                >
                  {ax.label}{' '}
                  <tspan className={`ix-axis-score${ax.score === null ? ' none' : ''}`}>{scoreText}</tspan>
                </text>
              ) : (
                <>
                  <text
                    className="ix-axis-label"
                    x={lx}
                    y={ly - 7}
                    textAnchor={anchor}
                    dominantBaseline="middle"
                  >
                    {ax.label}
                  </text>
                  <text
                    className={`ix-axis-score${ax.score === null ? ' none' : ''}`}
                    x={lx}
                    y={ly + 8}
                    textAnchor={anchor}
                    dominantBaseline="middle"
                  >
                    {scoreText}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="ix-radar-caption">
        {a ? (
          <span data-testid="ix-radar-readout">
            {t.ixRadarPoint(
              a.label,
              a.score !== null ? fmt(a.score, 1) : t.ixNoScore,
              a.target !== null ? fmt(a.target, 0) : t.ixNoTarget,
            )}
          </span>
        ) : (
          <span className="ix-legend">
            <span className="ix-key current" /> {t.ixCurrent} <span className="ix-key target" /> {t.ixTarget}{' '}
            · {t.ixScoreUnit}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
