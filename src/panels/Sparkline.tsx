/** A small trend line (SVG, no axes) with its latest point marked; min and max are given in the title. */
import { finiteExtent, linearScale, seriesPath, type Extent } from './chartScale.ts';

/** [min, max] widened to `span` around its middle. */
function centredExtent(e: Extent, span: number): Extent {
  const mid = (e.min + e.max) / 2;
  return { min: mid - span / 2, max: mid + span / 2 };
}

/** Props: the values oldest first, the pixel size and an accessible label. */
export function Sparkline({
  values,
  widthPixels = 120,
  heightPixels = 28,
  label,
  testId,
  minSpan = 0,
}: {
  values: readonly number[];
  widthPixels?: number;
  heightPixels?: number;
  label: string;
  testId?: string;
  /** Smallest value range drawn full height: smaller changes stay small (noise must not look like a trend). */
  minSpan?: number;
}) {
  const raw = finiteExtent(values);
  const ext = raw && raw.max - raw.min < minSpan ? centredExtent(raw, minSpan) : raw;
  const pad = 3;
  if (!ext || values.length < 2) {
    return (
      <svg
        className="sparkline empty"
        width={widthPixels}
        height={heightPixels}
        role="img"
        aria-label={label}
        data-testid={testId}
      >
        <line x1={pad} x2={widthPixels - pad} y1={heightPixels / 2} y2={heightPixels / 2} />
      </svg>
    );
  }
  // A flat series sits in the middle; otherwise the line spans the height (a trend, not an absolute scale) unless
  // its range is below minSpan.
  const sx = linearScale(0, values.length - 1, pad, widthPixels - pad);
  const sy = linearScale(ext.min, ext.max, heightPixels - pad, pad);
  const xs = values.map((_, i) => i);
  const { d } = seriesPath(xs, values, sx, sy);
  const last = values[values.length - 1] as number;
  return (
    <svg
      className="sparkline"
      width={widthPixels}
      height={heightPixels}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-points={values.length}
    >
      <title>{label}</title>
      <path d={d} />
      {Number.isFinite(last) && <circle cx={sx(values.length - 1)} cy={sy(last)} r={2.5} />}
    </svg>
  );
}
