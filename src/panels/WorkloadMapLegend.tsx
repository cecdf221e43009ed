/** Legends of the work-order map layers (一网统管): stage colours, overdue halo, new pulse, cell heat, field units. */
import { useMemo } from 'react';
import { useAppStore } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import { css, type Rgb } from '../app/palette.ts';
import { slaStatus } from '../core/workload/sla.ts';
import {
  HEAT_BANDS,
  NEW_ORDER_WINDOW_MS,
  OPEN_STAGES,
  OVERDUE_COLOR,
  ROAD_CIRCUITY,
  STAGE_COLORS,
  UNIT_COLOR,
  UNIT_SPEED_KPH,
} from '../views/map/workloadStyle.ts';

function Dot({ fill, ring, px = 12 }: { fill: Rgb | null; ring: Rgb | null; px?: number }) {
  return (
    <span
      style={{
        display: 'inline-block',
        flex: 'none',
        width: `${px}px`,
        height: `${px}px`,
        borderRadius: '50%',
        boxSizing: 'border-box',
        background: fill ? css(fill) : 'transparent',
        border: ring ? `2.5px solid ${css(ring)}` : '1.5px solid rgba(7,13,24,0.95)',
      }}
    />
  );
}

const rows = { listStyle: 'none', margin: '0 0 0.3em', padding: 0 } as const;
const row = { display: 'flex', alignItems: 'center', gap: '0.45em' } as const;

/** Open and overdue orders now (recomputed when the orders change or a simulated minute passes). */
function useWoCounts(): { open: number; overdue: number } {
  const orders = useAppStore((s) => s.woOrders);
  const minute = useAppStore((s) => Math.floor(s.simTimeMs / 60_000));
  return useMemo(() => {
    let open = 0;
    let overdue = 0;
    const now = minute * 60_000;
    for (const o of orders.values()) {
      if (o.stage === 'closed' || o.stage === 'rejected') continue;
      open++;
      if (slaStatus(o, now).overdue) overdue++;
    }
    return { open, overdue };
  }, [orders, minute]);
}

/** Legend of 'workOrders'. */
export function WorkOrdersLegend({ t }: { t: Dict }) {
  const c = useWoCounts();
  return (
    <div data-testid="legend-workOrders">
      <div className="legend-note">{t.legendWoStage}</div>
      <ul className="swatches" style={{ gridTemplateColumns: '1fr 1fr' }}>
        {OPEN_STAGES.map((s) => (
          <li key={s} data-stage={s}>
            <Dot fill={STAGE_COLORS[s]} ring={null} />
            {t.woStage(s)}
          </li>
        ))}
      </ul>
      <ul style={rows}>
        <li style={row}>
          <Dot fill={null} ring={OVERDUE_COLOR} px={18} />
          {t.legendWoOverdue}
        </li>
        <li style={row}>
          <Dot fill={null} ring={STAGE_COLORS.reported} px={18} />
          {t.legendWoNew(NEW_ORDER_WINDOW_MS / 60_000)}
        </li>
      </ul>
      <div className="legend-note" data-testid="legend-workOrders-count">
        {t.legendWoCount(c.open)} · {t.legendWoOverdueCount(c.overdue)}
      </div>
    </div>
  );
}

/** Legend of 'workloadHeat'. */
export function WorkloadHeatLegend({ t }: { t: Dict }) {
  return (
    <div data-testid="legend-workloadHeat">
      <div className="legend-note">{t.legendHeatNote}</div>
      <ul className="swatches" style={{ gridTemplateColumns: '1fr 1fr 1fr' }}>
        {HEAT_BANDS.map((b, i) => {
          const next = HEAT_BANDS[i + 1]?.min;
          return (
            <li key={b.min}>
              <span className="swatch" style={{ background: css(b.color) }} />
              {next === undefined ? t.legendHeatAbove(b.min) : t.legendHeatBand(b.min, next - 1)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Legend of 'fieldUnits'. */
export function FieldUnitsLegend({ t }: { t: Dict }) {
  return (
    <div data-testid="legend-fieldUnits">
      <ul style={rows}>
        <li style={row}>
          <Dot fill={UNIT_COLOR} ring={null} px={9} />
          {t.legendUnitsDriving(UNIT_SPEED_KPH, ROAD_CIRCUITY)}
        </li>
        <li style={row}>
          <Dot fill={STAGE_COLORS.inProgress} ring={null} />
          {t.legendUnitsOnSite}
        </li>
      </ul>
      <div className="legend-note">{t.legendUnitsBases}</div>
    </div>
  );
}
