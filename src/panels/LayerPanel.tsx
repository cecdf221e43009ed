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

const LAYER_LABEL: Record<LayerId, keyof Dict> = {
  buildings: 'layerBuildings',
  footprints: 'layerFootprints',
  roads: 'layerRoads',
  water: 'layerWater',
  landuse: 'layerLanduse',
  sensors: 'layerSensors',
  power: 'layerPower',
  pois: 'layerPois',
  zones: 'layerZones',
  incidents: 'layerIncidents',
  terrain: 'layerTerrain',
};

function Swatches({ items }: { items: readonly { color: Rgb; label: string; line?: number }[] }) {
  return (
    <ul className="swatches">
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
    default: {
      const never: never = id;
      return <>{String(never)}</>;
    }
  }
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
