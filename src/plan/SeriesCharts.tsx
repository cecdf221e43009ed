/**
 * Charts over time of a scenario run: for every series of every domain, baseline (grey, dashed) and scenario (cyan)
 * on one time axis in city time, y axis with ticks and the unit. Plain SVG with inline colours (no CSS variables),
 * so the report export can draw the same SVG onto its canvas.
 */
import type { ScenarioResult, ScenarioSeries } from '../core/scenario/types.ts';
import {
  finiteExtent,
  linearScale,
  niceAxis,
  seriesPath,
  tickLabel,
  timeTicks,
} from '../panels/chartScale.ts';
import { dict } from '../app/i18n.ts';
import { useAppStore } from '../state/store.ts';
import { domainById } from '../domains/registry.ts';

/** Colours of the charts (the theme's --muted and --accent; inline so an exported SVG keeps them). */
export const CHART_COLORS = {
  baseline: '#9fb0c8',
  scenario: '#22d3ee',
  axis: '#3a5677',
  text: '#b8c7dc',
  grid: 'rgba(58, 86, 119, 0.45)',
} as const;

const W = 340;
const H = 170;
const PAD = { l: 44, r: 10, t: 34, b: 26 } as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** City-time clock label of `tMs` ("HH:MM", with "D+n " when the run spans days). */
function clockLabel(tMs: number, t0Ms: number, offsetMs: number): string {
  const local = new Date(tMs + offsetMs);
  const day = Math.floor((tMs + offsetMs) / 86_400_000) - Math.floor((t0Ms + offsetMs) / 86_400_000);
  const hm = `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  return day > 0 ? `D+${day} ${hm}` : hm;
}

/** One series: baseline vs scenario. */
export function SeriesChart({
  s,
  offsetMin,
  baselineLabel,
  scenarioLabel,
  lang,
}: {
  s: ScenarioSeries;
  offsetMin: number;
  baselineLabel: string;
  scenarioLabel: string;
  lang: 'zh' | 'en';
}) {
  const t0 = s.tMs[0] ?? 0;
  const t1 = s.tMs[s.tMs.length - 1] ?? t0;
  const ext = finiteExtent([...s.baseline, ...s.scenario]);
  const axis = ext ? niceAxis(ext, 4) : null;
  const sx = linearScale(t0, t1, PAD.l, W - PAD.r);
  const sy = axis ? linearScale(axis.min, axis.max, H - PAD.b, PAD.t) : () => H / 2;
  const offsetMs = offsetMin * 60_000;
  const ticks = timeTicks(t0, t1, 4, offsetMs).ticks;
  const base = seriesPath(s.tMs, s.baseline, sx, sy);
  const scen = seriesPath(s.tMs, s.scenario, sx, sy);
  const title = `${s.label[lang]}${s.unit ? ` (${s.unit})` : ''}`;
  return (
    <svg
      className="pl-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={title}
      data-testid="pl-chart"
      data-series={`${s.domain}.${s.id}`}
      xmlns="http://www.w3.org/2000/svg"
      fontFamily="sans-serif"
    >
      <rect x={0} y={0} width={W} height={H} fill="#0b1626" />
      <text x={PAD.l} y={14} fontSize={12} fill={CHART_COLORS.text} fontWeight={700}>
        {title}
      </text>
      {axis?.ticks.map((v) => (
        <g key={`y${v}`}>
          <line x1={PAD.l} x2={W - PAD.r} y1={sy(v)} y2={sy(v)} stroke={CHART_COLORS.grid} strokeWidth={1} />
          <text x={PAD.l - 4} y={sy(v) + 4} fontSize={10} fill={CHART_COLORS.text} textAnchor="end">
            {tickLabel(v)}
          </text>
        </g>
      ))}
      {ticks.map((tm) => (
        <g key={`x${tm}`}>
          <line x1={sx(tm)} x2={sx(tm)} y1={H - PAD.b} y2={H - PAD.b + 4} stroke={CHART_COLORS.axis} />
          <text x={sx(tm)} y={H - PAD.b + 15} fontSize={10} fill={CHART_COLORS.text} textAnchor="middle">
            {clockLabel(tm, t0, offsetMs)}
          </text>
        </g>
      ))}
      <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke={CHART_COLORS.axis} />
      <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} stroke={CHART_COLORS.axis} />
      <path d={base.d} fill="none" stroke={CHART_COLORS.baseline} strokeWidth={1.6} strokeDasharray="5 3" />
      <path d={scen.d} fill="none" stroke={CHART_COLORS.scenario} strokeWidth={2} />
      <g transform={`translate(${PAD.l}, 19)`} fontSize={10}>
        <line
          x1={0}
          x2={14}
          y1={4}
          y2={4}
          stroke={CHART_COLORS.baseline}
          strokeDasharray="4 2"
          strokeWidth={1.6}
        />
        <text x={17} y={8} fill={CHART_COLORS.text}>
          {baselineLabel}
        </text>
        <line x1={75} x2={89} y1={4} y2={4} stroke={CHART_COLORS.scenario} strokeWidth={2} />
        <text x={92} y={8} fill={CHART_COLORS.text}>
          {scenarioLabel}
        </text>
      </g>
    </svg>
  );
}

/** Every series of a run, grouped by domain (in the run's domain order). */
export function SeriesCharts({ result, offsetMin }: { result: ScenarioResult; offsetMin: number }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const withSeries = result.domains.filter((d) => d.series.length > 0);
  if (withSeries.length === 0) return <p className="muted">{t.plNoSeries}</p>;
  return (
    <div className="pl-charts" data-testid="pl-charts">
      {withSeries.map((d) => (
        <section key={d.domain} className="pl-chart-group">
          <h4>{domainById(d.domain).name[lang]}</h4>
          <div className="pl-chart-row">
            {d.series.map((s) => (
              <SeriesChart
                key={s.id}
                s={s}
                offsetMin={offsetMin}
                baselineLabel={t.plBaseline}
                scenarioLabel={t.plScenario}
                lang={lang}
              />
            ))}
          </div>
        </section>
      ))}
      <p className="muted pl-small">{t.plChartNote(offsetMin / 60)}</p>
    </div>
  );
}
