/** Layer toggles with a legend (colours and units) for every layer. */
import type { ReactNode } from 'react';
import { LAYER_IDS, type LayerId } from '../state/uiSlice.ts';
import { incidentRadiusM } from '../views/selectionAnchor.ts';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import {
  AREA_COLORS,
  AREA_KIND_LABELS,
  BUILDING_USE_COLORS,
  BUILDING_USE_LABELS,
  INCIDENT_COLORS,
  NO_DATA,
  POI_COLORS,
  POI_KIND_LABELS,
  POWER_COLORS,
  POWER_KIND_LABELS,
  ROAD_CLASS_LABELS,
  ROAD_STYLE,
  SPEED_RATIO_STOPS,
  ZONE_COLOR,
  GROUND,
  css,
  type Rgb,
} from '../app/palette.ts';
import {
  CONGESTION_BANDS,
  FLOW_LEGEND_VPH,
  SIGNAL_COLOR,
  VEHICLE_TRAIL_COLOR,
  flowWidthPixels,
} from '../views/map/trafficStyle.ts';
import {
  ALARM_MARK_COLORS,
  AlarmMark,
  FLOW_FORWARD_COLOR,
  FLOW_REVERSE_COLOR,
  HV_LINE_WIDTH_PIXELS,
  LOADING_BANDS,
  NO_LOADING_COLOR,
  POWER_LEGEND_MW,
  PV_COLOR,
  SECTION_WIDTH_PIXELS,
  SOC_RING_COLOR,
  SOC_TRACK_COLOR,
  STORAGE_CHARGE_COLOR,
  STORAGE_DISCHARGE_COLOR,
  STORAGE_IDLE_COLOR,
  powerRadiusPixels,
} from '../views/map/energyStyle.ts';
import { HazardLegend } from './HazardMapLegend.tsx';
import { FieldUnitsLegend, WorkOrdersLegend, WorkloadHeatLegend } from './WorkloadMapLegend.tsx';

const LAYER_LABEL: Record<LayerId, keyof Dict> = {
  buildings: 'layerBuildings',
  footprints: 'layerFootprints',
  roads: 'layerRoads',
  traffic: 'layerTraffic',
  vehicles: 'layerVehicles',
  signals: 'layerSignals',
  water: 'layerWater',
  landuse: 'layerLanduse',
  sensors: 'layerSensors',
  power: 'layerPower',
  grid: 'layerGrid',
  energyAssets: 'layerEnergyAssets',
  energyAlarms: 'layerEnergyAlarms',
  pois: 'layerPois',
  zones: 'layerZones',
  incidents: 'layerIncidents',
  workOrders: 'layerWorkOrders',
  workloadHeat: 'layerWorkloadHeat',
  fieldUnits: 'layerFieldUnits',
  flood: 'layerFlood',
  hazardIntensity: 'layerHazardIntensity',
  damage: 'layerDamage',
  exposure: 'layerExposure',
  shelters: 'layerShelters',
  evacuation: 'layerEvacuation',
  outage: 'layerOutage',
  terrain: 'layerTerrain',
};

function Swatches({
  items,
  oneColumn = false,
}: {
  items: readonly { color: Rgb; label: string; line?: number }[];
  /** One entry per row (labels with ranges read badly when wrapped into two columns). */
  oneColumn?: boolean;
}) {
  return (
    <ul className="swatches" style={oneColumn ? { gridTemplateColumns: '1fr' } : undefined}>
      {items.map((it) => (
        <li key={it.label}>
          <span
            className={it.line ? 'swatch line' : 'swatch'}
            style={{ background: css(it.color), ...(it.line ? { height: `${Math.max(2, it.line)}px` } : {}) }}
          />
          {it.label}
        </li>
      ))}
    </ul>
  );
}

function str(t: Dict, k: keyof Dict): string {
  const v = t[k];
  return typeof v === 'string' ? v : k;
}

/** Legend body of one layer. */
function Legend({ id, t }: { id: LayerId; t: Dict }) {
  switch (id) {
    case 'buildings':
      return (
        <>
          <div className="legend-note">{t.legendHeightUnit}</div>
          <Swatches
            items={BUILDING_USE_COLORS.map((color, i) => ({
              color,
              label: str(t, BUILDING_USE_LABELS[i] ?? 'useOther'),
            }))}
          />
        </>
      );
    case 'roads':
      return (
        <>
          <div className="legend-note">{t.legendRoadWidth}</div>
          <Swatches
            items={ROAD_STYLE.map((s, i) => ({
              color: s.color,
              line: s.widthPixels,
              label: str(t, ROAD_CLASS_LABELS[i] ?? 'roadUnclassified'),
            }))}
          />
        </>
      );
    case 'traffic':
      return (
        <div data-testid="legend-traffic">
          <div className="legend-note">{t.legendTrafficRatio}</div>
          <Swatches
            oneColumn
            items={CONGESTION_BANDS.map((b, i) => {
              const hi =
                i === 0 ? null : (CONGESTION_BANDS[i - 1] as (typeof CONGESTION_BANDS)[number]).minRatio;
              const range =
                hi === null
                  ? `≥ ${b.minRatio.toFixed(2)}`
                  : t.legendTrafficBand(b.minRatio.toFixed(2), hi.toFixed(2));
              return { color: b.color, label: `${t[b.label]} · ${range}` };
            })}
          />
          <Swatches oneColumn items={[{ color: NO_DATA, label: t.legendTrafficNoData }]} />
          <div className="legend-note">{t.legendTrafficWidth}</div>
          <Swatches
            items={FLOW_LEGEND_VPH.map((v) => ({
              color: [170, 180, 195] as Rgb,
              line: flowWidthPixels(v),
              label: t.legendFlowVph(v),
            }))}
          />
        </div>
      );
    case 'vehicles':
      return <VehiclesLegend t={t} />;
    case 'signals':
      return <Swatches items={[{ color: SIGNAL_COLOR, label: t.legendSignals }]} />;
    case 'footprints':
      return <div className="legend-note">{t.legendFootprints}</div>;
    case 'water':
      return <Swatches items={[{ color: AREA_COLORS[0] as Rgb, label: t.areaWater }]} />;
    case 'landuse':
      return (
        <Swatches
          items={AREA_COLORS.slice(1).map((color, i) => ({
            color,
            label: str(t, AREA_KIND_LABELS[i + 1] ?? 'areaOther'),
          }))}
        />
      );
    case 'sensors':
      return (
        <>
          <div className="legend-note">{t.legendSpeedRatio}</div>
          <div
            className="ramp"
            style={{
              background: `linear-gradient(to right, ${SPEED_RATIO_STOPS.map((s) => `${css(s.color)} ${s.ratio * 100}%`).join(', ')})`,
            }}
          />
          <div className="ramp-ticks">
            {SPEED_RATIO_STOPS.map((s) => (
              <span key={s.ratio}>{s.ratio.toFixed(2)}</span>
            ))}
          </div>
          <Swatches items={[{ color: NO_DATA, label: t.legendNoData }]} />
        </>
      );
    case 'power':
      return (
        <Swatches
          items={POWER_COLORS.map((color, i) => ({
            color,
            label: str(t, POWER_KIND_LABELS[i] ?? 'powerPlant'),
          }))}
        />
      );
    case 'pois':
      return (
        <Swatches
          items={POI_COLORS.map((color, i) => ({ color, label: str(t, POI_KIND_LABELS[i] ?? 'poiOther') }))}
        />
      );
    case 'zones':
      return <Swatches items={[{ color: ZONE_COLOR, line: 2, label: t.layerZones }]} />;
    case 'incidents':
      return (
        <Swatches
          items={[1, 2, 3, 4].map((sev) => ({
            color: INCIDENT_COLORS[sev] as Rgb,
            // Impact-radius circle drawn around each incident (metres, by severity).
            label: `${t.fieldSeverity} ${sev} · r ${incidentRadiusM(sev)} m`,
          }))}
        />
      );
    case 'terrain':
      return <Swatches items={[{ color: GROUND, label: t.layerTerrain }]} />;
    case 'grid':
      return <GridLegend t={t} />;
    case 'energyAssets':
      return <EnergyAssetsLegend t={t} />;
    case 'energyAlarms':
      return <EnergyAlarmsLegend t={t} />;
    case 'workOrders':
      return <WorkOrdersLegend t={t} />;
    case 'workloadHeat':
      return <WorkloadHeatLegend t={t} />;
    case 'fieldUnits':
      return <FieldUnitsLegend t={t} />;
    case 'flood':
    case 'hazardIntensity':
    case 'damage':
    case 'exposure':
    case 'shelters':
    case 'evacuation':
    case 'outage':
      return <HazardLegend t={t} id={id} />;
    default: {
      const never: never = id;
      return <>{String(never)}</>;
    }
  }
}

/** A round map symbol for the energy legends: filled disc, hollow ring, or both, `diameterPx` across. */
function Disc({
  fill,
  ring,
  diameterPx,
  ringPx = 2,
}: {
  fill: Rgb | null;
  ring: Rgb | null;
  diameterPx: number;
  ringPx?: number;
}) {
  return (
    <span
      style={{
        display: 'inline-block',
        flex: 'none',
        width: `${diameterPx}px`,
        height: `${diameterPx}px`,
        borderRadius: '50%',
        boxSizing: 'border-box',
        background: fill ? css(fill) : 'transparent',
        border: ring ? `${ringPx}px solid ${css(ring)}` : '1px solid rgba(7,13,24,0.9)',
      }}
    />
  );
}

/** One legend row: a symbol and its label. */
function Row({ symbol, label }: { symbol: ReactNode; label: string }) {
  return (
    <li style={{ display: 'flex', alignItems: 'center', gap: '0.45em' }}>
      <span style={{ width: '2.2em', display: 'flex', justifyContent: 'center', flex: 'none' }}>
        {symbol}
      </span>
      {label}
    </li>
  );
}

const rows = { listStyle: 'none', margin: '0 0 0.3em', padding: 0 } as const;

/** Grid legend: loading bands (with their sources), line classes, flow dots. */
function GridLegend({ t }: { t: Dict }) {
  return (
    <div data-testid="legend-grid">
      <div className="legend-note">{t.legendGridLoading}</div>
      <Swatches
        oneColumn
        items={LOADING_BANDS.map((b, i) => {
          const hi = LOADING_BANDS[i + 1]?.minPct;
          const range =
            i === 0
              ? t.legendGridBelow(hi ?? 0)
              : hi === undefined
                ? t.legendGridAbove(b.minPct)
                : t.legendGridBand(b.minPct, hi);
          return { color: b.color, label: `${t[b.label]} · ${range}` };
        })}
      />
      <Swatches oneColumn items={[{ color: NO_LOADING_COLOR, label: t.legendGridNoData }]} />
      <Swatches
        oneColumn
        items={[
          { color: [170, 180, 195], line: HV_LINE_WIDTH_PIXELS, label: t.legendGridHv },
          { color: [170, 180, 195], line: SECTION_WIDTH_PIXELS, label: t.legendGridSection },
        ]}
      />
      <div className="legend-note">{t.legendGridFlow}</div>
      <ul style={rows}>
        <Row
          symbol={<Disc fill={FLOW_FORWARD_COLOR} ring={null} diameterPx={6} />}
          label={t.legendGridFlowForward}
        />
        <Row
          symbol={<Disc fill={FLOW_REVERSE_COLOR} ring={null} diameterPx={6} />}
          label={t.legendGridFlowReverse}
        />
      </ul>
    </div>
  );
}

/** Assets legend: station colours, the symbol size scale in MW, PV, storage states, the SoC ring, generators. */
function EnergyAssetsLegend({ t }: { t: Dict }) {
  const band = (i: number) => (LOADING_BANDS[i] as (typeof LOADING_BANDS)[number]).color;
  return (
    <div data-testid="legend-energyAssets">
      <div className="legend-note">{t.legendAssetsStation}</div>
      <ul style={rows}>
        <Row
          symbol={
            <span style={{ display: 'flex', gap: '2px' }}>
              <Disc fill={band(0)} ring={[240, 246, 255]} ringPx={1.5} diameterPx={12} />
              <Disc fill={band(2)} ring={[240, 246, 255]} ringPx={1.5} diameterPx={12} />
            </span>
          }
          label={t.energyAssetKind('station')}
        />
      </ul>
      <div className="legend-note">{t.legendAssetsSize}</div>
      <div style={{ display: 'flex', alignItems: 'flex-end', gap: '0.8em', margin: '0.2em 0 0.4em' }}>
        {POWER_LEGEND_MW.map((mw) => (
          <span
            key={mw}
            style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: '2px' }}
          >
            <Disc fill={[170, 180, 195]} ring={null} diameterPx={2 * powerRadiusPixels(mw)} />
            <span>{t.legendAssetsMw(mw)}</span>
          </span>
        ))}
      </div>
      <ul style={rows}>
        <Row symbol={<Disc fill={PV_COLOR} ring={null} diameterPx={9} />} label={t.legendAssetsPv} />
        <Row
          symbol={<Disc fill={STORAGE_DISCHARGE_COLOR} ring={null} diameterPx={12} />}
          label={t.legendAssetsStorage(t.gridStorageDischarging)}
        />
        <Row
          symbol={<Disc fill={STORAGE_CHARGE_COLOR} ring={null} diameterPx={12} />}
          label={t.legendAssetsStorage(t.gridStorageCharging)}
        />
        <Row
          symbol={<Disc fill={STORAGE_IDLE_COLOR} ring={null} diameterPx={12} />}
          label={t.legendAssetsStorage(t.gridStorageIdle)}
        />
        <Row
          symbol={
            // A 65 % ring: a conic-gradient disc with a dark gap and the storage symbol inside (the map draws the same
            // arc clockwise from north).
            <span
              style={{
                display: 'flex',
                padding: '3px',
                borderRadius: '50%',
                background: `conic-gradient(${css(SOC_RING_COLOR)} 0 65%, ${css(SOC_TRACK_COLOR)} 65% 100%)`,
              }}
            >
              <span
                style={{ display: 'flex', padding: '2px', borderRadius: '50%', background: css([7, 13, 24]) }}
              >
                <Disc fill={STORAGE_DISCHARGE_COLOR} ring={null} diameterPx={10} />
              </span>
            </span>
          }
          label={t.legendAssetsSoc}
        />
        <Row
          symbol={
            <span style={{ display: 'flex', gap: '2px' }}>
              <Disc fill={[7, 13, 24]} ring={POWER_COLORS[1] as Rgb} diameterPx={12} />
              <Disc fill={[7, 13, 24]} ring={POWER_COLORS[3] as Rgb} diameterPx={12} />
            </span>
          }
          label={t.legendAssetsGen}
        />
      </ul>
    </div>
  );
}

/** Alarm legend: the three mark families. */
function EnergyAlarmsLegend({ t }: { t: Dict }) {
  const c = (m: number) => ALARM_MARK_COLORS[m] as Rgb;
  const fillOf = (m: number): Rgb => {
    const k = c(m);
    // The map fills overload and shed marks at ~35 % opacity over the dark basemap.
    return [
      Math.round(k[0] * 0.35 + 7 * 0.65),
      Math.round(k[1] * 0.35 + 13 * 0.65),
      Math.round(k[2] * 0.35 + 24 * 0.65),
    ];
  };
  return (
    <div data-testid="legend-energyAlarms">
      <ul style={rows}>
        <Row
          symbol={<Disc fill={fillOf(AlarmMark.overload)} ring={c(AlarmMark.overload)} diameterPx={16} />}
          label={t.legendAlarmsOverload}
        />
        <Row
          symbol={<Disc fill={null} ring={c(AlarmMark.voltage)} ringPx={3} diameterPx={16} />}
          label={t.legendAlarmsVoltage}
        />
        <Row
          symbol={<Disc fill={fillOf(AlarmMark.shed)} ring={c(AlarmMark.shed)} diameterPx={16} />}
          label={t.legendAlarmsShed}
        />
      </ul>
      <div className="legend-note">{t.legendAlarmsNote}</div>
    </div>
  );
}

/** Vehicle legend: trail colour and how many vehicles are animated (from the traffic KPIs). */
function VehiclesLegend({ t }: { t: Dict }) {
  const active = useAppStore((s) => s.trafficKpis?.activeVehicles ?? null);
  const per = useAppStore((s) => s.trafficKpis?.vehiclesPerAnimated ?? 1);
  return (
    <div data-testid="legend-vehicles">
      <Swatches
        oneColumn
        items={[
          {
            color: VEHICLE_TRAIL_COLOR,
            line: 3,
            label: active === null ? t.legendVehiclesWaiting : t.legendVehicles(active, per),
          },
        ]}
      />
      <div className="legend-note">{t.legendVehiclesNote}</div>
    </div>
  );
}

/** The layer panel. */
export function LayerPanel({ compact = false }: { compact?: boolean }) {
  const layers = useAppStore((s) => s.layers);
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  return (
    <section className="panel layer-panel" data-testid="layer-panel">
      <header className="panel-head">
        <h2>
          {t.layers} · {t.legend}
        </h2>
      </header>
      <ul className="layer-list">
        {LAYER_IDS.map((id) => (
          <li key={id} className={layers[id] ? 'on' : 'off'}>
            <label>
              <input
                type="checkbox"
                checked={layers[id]}
                data-testid={`layer-toggle-${id}`}
                onChange={() => appStore.getState().toggleLayer(id)}
              />
              <span>{str(t, LAYER_LABEL[id])}</span>
            </label>
            {!compact && layers[id] && (
              <div className="legend">
                <Legend id={id} t={t} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
