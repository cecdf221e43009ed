/** Layer toggles with a legend (colours and units) for every layer. */
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
    case 'energyAssets':
    case 'energyAlarms':
      // Legends of the live energy layers (loading bands, symbol sizes, alarm marks): src/views/map/energyStyle.ts.
      return <>{t[LAYER_LABEL[id]] as string}</>;
    default: {
      const never: never = id;
      return <>{String(never)}</>;
    }
  }
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
