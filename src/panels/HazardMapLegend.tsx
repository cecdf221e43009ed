/**
 * Legends of the resilience map layers (LayerPanel), one per layer id: water-depth bands with what each threshold
 * means, closed roads, seismic-intensity rings, heat alert colours, fire, damage states, exposed assets by severity,
 * the shelter gauge, evacuation trails and outage areas. Colours and thresholds come from views/map/hazardStyle.ts.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import type { LayerId } from '../state/uiSlice.ts';
import { css, type Rgb } from '../app/palette.ts';
import {
  ALERT_COLORS,
  CLOSED_LINK_COLOR,
  DAMAGE_COLORS,
  DARK_SIGNAL_RING,
  EVAC_COLOR,
  FIRE_COLOR,
  FIRE_ROUTE_COLOR,
  FLOOD_BANDS,
  INTENSITY_LEVELS,
  OUTAGE_FILL,
  OUTAGE_LINE,
  SEVERITY_COLORS,
  SHELTER_COLORS,
  SHELTER_NEARLY_FULL,
  evacWidthPixels,
} from '../views/map/hazardStyle.ts';

/** The hazard layers' ids. */
export type HazardLayerId = Extract<
  LayerId,
  'flood' | 'hazardIntensity' | 'damage' | 'exposure' | 'shelters' | 'evacuation' | 'outage'
>;

const rows = { listStyle: 'none', margin: '0 0 0.3em', padding: 0 } as const;
const rowStyle = { display: 'flex', alignItems: 'center', gap: '0.45em' } as const;

/** One legend row: a symbol in a fixed-width slot and its label. */
function Row({ symbol, children }: { symbol: ReactNode; children: ReactNode }) {
  return (
    <li style={rowStyle}>
      <span style={{ width: '2.2em', display: 'flex', justifyContent: 'center', flex: 'none' }}>
        {symbol}
      </span>
      <span>{children}</span>
    </li>
  );
}

/** A filled square of `color` at `alpha` (0–255) over the basemap. */
function Box({ color, alpha = 255, border }: { color: Rgb; alpha?: number; border?: Rgb }) {
  return (
    <span
      style={{
        display: 'inline-block',
        width: '14px',
        height: '12px',
        background: css(color, alpha / 255),
        border: border ? `2px solid ${css(border)}` : '1px solid rgba(255,255,255,0.15)',
        boxSizing: 'border-box',
      }}
    />
  );
}

/** A disc with an optional ring. */
function Disc({
  fill,
  ring,
  px = 12,
  ringPx = 2,
}: {
  fill: Rgb | null;
  ring: Rgb | null;
  px?: number;
  ringPx?: number;
}) {
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
        border: ring ? `${ringPx}px solid ${css(ring)}` : '1px solid rgba(7,13,24,0.95)',
      }}
    />
  );
}

/** A line sample, solid or dashed. */
function Line({ color, px, dashed = false }: { color: Rgb; px: number; dashed?: boolean }) {
  return (
    <span
      style={{
        display: 'inline-block',
        width: '26px',
        height: 0,
        borderTop: `${Math.max(1, px)}px ${dashed ? 'dashed' : 'solid'} ${css(color)}`,
      }}
    />
  );
}

function FloodLegend({ t }: { t: Dict }) {
  const closed = useAppStore((s) => s.hzClosedLinks.length);
  return (
    <div data-testid="legend-flood">
      <div className="legend-note">{t.legendFloodNote}</div>
      <ul style={rows}>
        {FLOOD_BANDS.map((b, i) => {
          const next = FLOOD_BANDS[i + 1];
          return (
            <Row key={b.minM} symbol={<Box color={b.color} alpha={b.alpha} />}>
              <b>{next ? t.legendFloodBand(b.minM, next.minM) : t.legendFloodAbove(b.minM)}</b> ·{' '}
              {t[b.meaning]}
            </Row>
          );
        })}
        <Row symbol={<Line color={CLOSED_LINK_COLOR} px={3} dashed />}>{t.legendClosedLinks(closed)}</Row>
      </ul>
    </div>
  );
}

function IntensityLegend({ t }: { t: Dict }) {
  const kinds = useAppStore((s) =>
    s.hzHazards
      .filter((h) => h.phase !== 'over')
      .map((h) => h.kind)
      .join(','),
  );
  const heat = useAppStore((s) => s.hzHeat);
  const fire = useAppStore((s) => s.hzFire);
  return (
    <div data-testid="legend-hazardIntensity">
      <div className="legend-note">{t.legendPgaNote}</div>
      <ul style={rows}>
        <Row symbol={<span style={{ color: css([255, 59, 48]), fontSize: '16px', lineHeight: 1 }}>★</span>}>
          {t.legendEpicentre}
        </Row>
        {INTENSITY_LEVELS.map((l) => (
          <Row key={l.name} symbol={<Disc fill={null} ring={l.color} px={14} />}>
            {t.legendPgaLevel(l.name, l.minPgaG.toFixed(3))}
          </Row>
        ))}
      </ul>
      <div className="legend-note">
        {t.legendHzHeatNote}
        {heat ? ` · ${heat.heatIndexC.toFixed(1)} °C` : ''}
      </div>
      <ul className="swatches" style={{ gridTemplateColumns: '1fr 1fr' }}>
        {([1, 2, 3, 4] as const).map((lv) => (
          <li key={lv}>
            <span className="swatch" style={{ background: css(ALERT_COLORS[lv] as Rgb, 0.6) }} />
            {t.hzAlert(lv)}
          </li>
        ))}
      </ul>
      <div className="legend-note">{t.legendFireNote}</div>
      <ul style={rows}>
        <Row symbol={<Disc fill={[90, 45, 30]} ring={FIRE_COLOR} px={14} />}>{t.legendFireRadius}</Row>
        <Row symbol={<Disc fill={FIRE_COLOR} ring={null} px={8} />}>
          {t.legendFireRisk}
          {fire ? ` · ${fire.buildingsAtRisk.length}` : ''}
        </Row>
        <Row symbol={<Line color={FIRE_ROUTE_COLOR} px={4} />}>
          {t.legendFireRoute}
          {fire ? ` · ${(fire.travelTimeS / 60).toFixed(1)} / ${(fire.standardS / 60).toFixed(0)} min` : ''}
        </Row>
      </ul>
      {kinds === '' && <div className="legend-note muted">{t.legendHzNone}</div>}
    </div>
  );
}

function DamageLegend({ t }: { t: Dict }) {
  const q = useAppStore((s) => s.hzQuake);
  return (
    <div data-testid="legend-damage">
      <div className="legend-note">{t.legendDamageNote}</div>
      <ul className="swatches" style={{ gridTemplateColumns: '1fr' }}>
        {DAMAGE_COLORS.map((c, i) => (
          <li key={i} data-state={i}>
            <span className="swatch" style={{ background: css(c) }} />
            {t.hzDamageState(i)}
            {q ? ` · ${t.legendDamageCount(Math.round(q.damageStates[i] ?? 0))}` : ''}
          </li>
        ))}
      </ul>
      {!q && <div className="legend-note muted">{t.legendHzNone}</div>}
    </div>
  );
}

function ExposureLegend({ t }: { t: Dict }) {
  const n = useAppStore((s) => s.hzExposure.reduce((a, e) => a + e.assets.length, 0));
  return (
    <div data-testid="legend-exposure">
      <div className="legend-note">{t.legendExposureNote}</div>
      <ul style={rows}>
        {([1, 2, 3] as const).map((sev) => (
          <Row
            key={sev}
            symbol={<Disc fill={[170, 180, 195]} ring={SEVERITY_COLORS[sev] as Rgb} px={16} ringPx={3} />}
          >
            {t.hzSeverity(sev)}
          </Row>
        ))}
      </ul>
      <div className="legend-note">{t.legendExposedCount(n)}</div>
    </div>
  );
}

function SheltersLegend({ t }: { t: Dict }) {
  return (
    <div data-testid="legend-shelters">
      <div className="legend-note">{t.legendSheltersNote}</div>
      <ul style={rows}>
        <Row symbol={<Disc fill={SHELTER_COLORS.room} ring={SHELTER_COLORS.track} px={16} ringPx={4} />}>
          {t.legendShelterRoom}
        </Row>
        <Row
          symbol={<Disc fill={SHELTER_COLORS.nearlyFull} ring={SHELTER_COLORS.track} px={16} ringPx={2} />}
        >
          {t.legendShelterNearlyFull(Math.round(SHELTER_NEARLY_FULL * 100))}
        </Row>
        <Row symbol={<Disc fill={SHELTER_COLORS.full} ring={null} px={16} />}>{t.legendShelterFull}</Row>
        <Row symbol={<Disc fill={SHELTER_COLORS.closed} ring={null} px={16} />}>{t.legendShelterClosed}</Row>
      </ul>
    </div>
  );
}

function EvacuationLegend({ t }: { t: Dict }) {
  const routes = useAppStore((s) => s.hzEvacuation.length);
  const people = useAppStore((s) => s.hzEvacuation.reduce((a, r) => a + r.people, 0));
  return (
    <div data-testid="legend-evacuation">
      <div className="legend-note">{t.legendEvacNote}</div>
      <ul style={rows}>
        {[100, 1000, 5000].map((p) => (
          <Row key={p} symbol={<Line color={EVAC_COLOR} px={evacWidthPixels(p)} />}>
            {t.legendEvacWidth(p)}
          </Row>
        ))}
      </ul>
      <div className="legend-note">{t.legendEvacTotal(routes, people)}</div>
    </div>
  );
}

function OutageLegend({ t }: { t: Dict }) {
  const shed = useAppStore((s) => s.hzOutage?.shedMw ?? 0);
  return (
    <div data-testid="legend-outage">
      <ul style={rows}>
        <Row symbol={<Box color={OUTAGE_FILL} alpha={220} border={OUTAGE_LINE} />}>{t.legendOutageArea}</Row>
        <Row symbol={<Disc fill={[0, 0, 0]} ring={DARK_SIGNAL_RING} px={12} />}>{t.legendDarkSignals}</Row>
      </ul>
      <div className="legend-note">{t.legendOutageShed(shed)}</div>
    </div>
  );
}

/** The legend of one hazard layer. */
export function HazardLegend({ t, id }: { t: Dict; id: HazardLayerId }) {
  switch (id) {
    case 'flood':
      return <FloodLegend t={t} />;
    case 'hazardIntensity':
      return <IntensityLegend t={t} />;
    case 'damage':
      return <DamageLegend t={t} />;
    case 'exposure':
      return <ExposureLegend t={t} />;
    case 'shelters':
      return <SheltersLegend t={t} />;
    case 'evacuation':
      return <EvacuationLegend t={t} />;
    case 'outage':
      return <OutageLegend t={t} />;
    default: {
      const never: never = id;
      return <>{String(never)}</>;
    }
  }
}
