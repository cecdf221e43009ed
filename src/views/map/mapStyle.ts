/**
 * The basemap style, built from the scene's own layers (DESIGN.md rule 7: offline first). No tiles, glyphs,
 * sprites or fonts from anywhere: background, land use and water fills, road lines by class, building footprints
 * and zone outlines, all as GeoJSON sources in lon/lat converted from the local frame.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { StyleSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { CityModel, PolygonSet } from '../../core/scene/types.ts';
import { createLocalFrame, lonLat } from '../../core/geo/projection.ts';
import {
  AREA_COLORS,
  BACKGROUND,
  BUILDING_USE_COLORS,
  ROAD_STYLE,
  ZONE_COLOR,
  css,
  type Rgb,
} from '../../app/palette.ts';
import type { LayerId } from '../../state/uiSlice.ts';

/** Converts all vertices of a local-metre xy array to lon/lat degrees (Float64, interleaved). */
export function toLonLat(model: CityModel, xy: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xy.length);
  createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat)).toLonLatArray(xy, out);
  return out;
}

/** Polygon features of a PolygonSet (rings closed for GeoJSON), with per-feature properties. */
function polygonFeatures(
  set: PolygonSet,
  ll: Float64Array,
  props: (i: number) => Record<string, number>,
): FeatureCollection {
  const features: FeatureCollection['features'] = [];
  for (let i = 0; i < set.count; i++) {
    const rings: number[][][] = [];
    for (let r = set.polyStart[i] as number; r < (set.polyStart[i + 1] as number); r++) {
      const ring: number[][] = [];
      const v0 = set.ringStart[r] as number;
      const v1 = set.ringStart[r + 1] as number;
      for (let v = v0; v < v1; v++) ring.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
      if (ring.length < 3) continue;
      ring.push(ring[0] as number[]);
      rings.push(ring);
    }
    if (rings.length === 0) continue;
    const geometry: Geometry = { type: 'Polygon', coordinates: rings };
    features.push({ type: 'Feature', id: i, properties: props(i), geometry });
  }
  return { type: 'FeatureCollection', features };
}

/** Road centre lines per link, with class and link index. */
function roadFeatures(model: CityModel): FeatureCollection {
  const r = model.roads;
  const ll = toLonLat(model, r.geomXY);
  const features: FeatureCollection['features'] = [];
  for (let l = 0; l < r.linkCount; l++) {
    const coords: number[][] = [];
    for (let v = r.geomStart[l] as number; v < (r.geomStart[l + 1] as number); v++)
      coords.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
    if (coords.length < 2) continue;
    features.push({
      type: 'Feature',
      id: l,
      properties: { c: r.linkClass[l] as number },
      geometry: { type: 'LineString', coordinates: coords },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** A `match` expression on numeric property `prop` over a colour table. */
function colorMatch(prop: string, table: readonly Rgb[]): ExpressionSpecification {
  const args: (number | string)[] = [];
  table.forEach((c, code) => args.push(code, css(c)));
  return [
    'match',
    ['get', prop],
    ...args,
    css(table[table.length - 1] as Rgb),
  ] as unknown as ExpressionSpecification;
}

/** Which style layers each panel layer id toggles. */
export const STYLE_LAYERS_OF: Partial<Record<LayerId, readonly string[]>> = {
  landuse: ['landuse-fill'],
  water: ['water-fill'],
  roads: ['road-casing'],
  footprints: ['building-footprint'],
  zones: ['zone-line'],
};

/** Builds the style for a scene; `visible` gives the initial visibility of each layer. */
export function buildMapStyle(
  model: CityModel,
  visible: Readonly<Record<LayerId, boolean>>,
): StyleSpecification {
  const vis = (id: LayerId) => ({ visibility: visible[id] ? ('visible' as const) : ('none' as const) });
  const areaLL = toLonLat(model, model.areas.xy);
  const areas = polygonFeatures(model.areas, areaLL, (i) => ({ k: model.areas.kind[i] as number }));
  const buildingLL = toLonLat(model, model.buildings.xy);
  const buildings = polygonFeatures(model.buildings, buildingLL, (i) => ({
    u: model.buildings.use[i] as number,
  }));
  const zones = polygonFeatures(model.zones, toLonLat(model, model.zones.xy), (i) => ({
    lv: model.zones.level[i] as number,
  }));
  const roadWidth = (scale: number): ExpressionSpecification => {
    const byClass: (number | string)[] = [];
    ROAD_STYLE.forEach((s, code) => byClass.push(code, s.widthPixels * scale));
    const at16 = ['match', ['get', 'c'], ...byClass, 1.5 * scale] as unknown as ExpressionSpecification;
    // Width doubles per zoom level above 16 (metre-true) and shrinks below, as road widths do on paper maps.
    return [
      'interpolate',
      ['exponential', 2],
      ['zoom'],
      12,
      ['*', at16, 0.25],
      16,
      at16,
      20,
      ['*', at16, 16],
    ] as ExpressionSpecification;
  };
  return {
    version: 8,
    name: `citybrain:${model.meta.name}`,
    sources: {
      areas: { type: 'geojson', data: areas },
      roads: { type: 'geojson', data: roadFeatures(model) },
      buildings: { type: 'geojson', data: buildings },
      zones: { type: 'geojson', data: zones },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': css(BACKGROUND) } },
      {
        id: 'landuse-fill',
        type: 'fill',
        source: 'areas',
        filter: ['!=', ['get', 'k'], 0],
        paint: { 'fill-color': colorMatch('k', AREA_COLORS), 'fill-opacity': 0.9 },
        layout: vis('landuse'),
      },
      {
        id: 'water-fill',
        type: 'fill',
        source: 'areas',
        filter: ['==', ['get', 'k'], 0],
        paint: { 'fill-color': css(AREA_COLORS[0] as Rgb), 'fill-outline-color': 'rgb(40,110,160)' },
        layout: vis('water'),
      },
      {
        id: 'road-casing',
        type: 'line',
        source: 'roads',
        paint: {
          'line-color': colorMatch(
            'c',
            ROAD_STYLE.map((s) => s.color),
          ),
          'line-opacity': 0.35,
          'line-width': roadWidth(1.8),
        },
        layout: { ...vis('roads'), 'line-cap': 'round', 'line-join': 'round' },
      },
      {
        id: 'building-footprint',
        type: 'fill',
        source: 'buildings',
        paint: { 'fill-color': colorMatch('u', BUILDING_USE_COLORS), 'fill-opacity': 0.35 },
        layout: vis('footprints'),
      },
      {
        id: 'zone-line',
        type: 'line',
        source: 'zones',
        paint: {
          'line-color': css(ZONE_COLOR),
          'line-width': ['match', ['get', 'lv'], 0, 2.5, 1],
          'line-dasharray': [3, 2],
          'line-opacity': 0.8,
        },
        layout: vis('zones'),
      },
    ],
  };
}
