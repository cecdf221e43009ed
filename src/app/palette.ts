/**
 * One palette for the map, the 3D view and the legend, so a colour means the same thing everywhere.
 * Colours are RGB 0–255 tuples, indexed by the scene's Uint8 codes (src/core/scene/types.ts).
 * Chosen for a dark control-room background: muted fills, saturated live data.
 */
import { AreaKind, BuildingUse, PoiKind, PowerKind, RoadClass, SensorKind } from '../core/scene/types.ts';
import type { Dict } from './i18n.ts';

export type Rgb = readonly [number, number, number];

/** Background of the map and the 3D sky/fog. */
export const BACKGROUND: Rgb = [7, 13, 24];
/** Ground plane / land with no land use. */
export const GROUND: Rgb = [16, 26, 40];
/** Selection highlight (amber: distinct from every class colour and from the cyan accent). */
export const HIGHLIGHT: Rgb = [255, 196, 0];

/** Building colour by BuildingUse code. */
export const BUILDING_USE_COLORS: readonly Rgb[] = [
  [120, 134, 156], // unknown
  [98, 142, 196], // residential
  [72, 190, 214], // commercial
  [176, 146, 98], // industrial
  [150, 128, 214], // public
  [110, 190, 130], // education
  [226, 104, 120], // health
  [196, 170, 120], // religious
  [130, 150, 180], // transport
  [150, 160, 120], // utility
  [118, 128, 146], // other
];

/** Basemap fill by AreaKind code. */
export const AREA_COLORS: readonly Rgb[] = [
  [18, 56, 92], // water
  [22, 58, 44], // park
  [26, 34, 50], // residential
  [34, 34, 54], // commercial
  [40, 36, 34], // industrial
  [34, 42, 58], // institutional
  [30, 34, 40], // transport
  [24, 30, 42], // other
];

/** Road colour and map width (pixels at zoom 16) by RoadClass code. */
export const ROAD_STYLE: readonly { readonly color: Rgb; readonly widthPixels: number }[] = [
  { color: [240, 170, 90], widthPixels: 6 }, // motorway
  { color: [230, 190, 110], widthPixels: 5 }, // trunk
  { color: [200, 200, 170], widthPixels: 4 }, // primary
  { color: [170, 180, 170], widthPixels: 3.2 }, // secondary
  { color: [140, 156, 170], widthPixels: 2.6 }, // tertiary
  { color: [110, 124, 146], widthPixels: 1.8 }, // residential
  { color: [90, 104, 124], widthPixels: 1.2 }, // service
  { color: [210, 170, 110], widthPixels: 2.4 }, // link
  { color: [100, 112, 130], widthPixels: 1.6 }, // unclassified
];

/** Energy asset colour by PowerKind code. */
export const POWER_COLORS: readonly Rgb[] = [
  [255, 120, 60], // substation
  [255, 80, 80], // plant
  [255, 220, 60], // pv
  [120, 230, 255], // wind
  [180, 120, 255], // storage
  [60, 230, 140], // evCharger
  [255, 150, 200], // import
];

/** POI colour by PoiKind code. */
export const POI_COLORS: readonly Rgb[] = [
  [255, 90, 110], // hospital
  [120, 220, 120], // school
  [255, 110, 40], // fireStation
  [90, 210, 190], // shelter
  [90, 140, 255], // police
  [70, 170, 255], // pumpingStation
  [200, 170, 255], // underpass
  [230, 230, 255], // metroStation
  [170, 190, 210], // busStop
  [200, 200, 120], // trafficSignal
  [160, 160, 170], // other
];

/** Zone outline colour (districts, grid cells). */
export const ZONE_COLOR: Rgb = [0, 200, 220];
/** Incident colour by severity 1..4 (index 0 unused). */
export const INCIDENT_COLORS: readonly Rgb[] = [
  [160, 160, 160],
  [255, 214, 90],
  [255, 160, 60],
  [255, 90, 60],
  [255, 30, 90],
];
/** Sensor with no reading yet. */
export const NO_DATA: Rgb = [110, 120, 135];

/**
 * Speed ratio ramp (measured / free-flow speed): stops at 0, 0.25, 0.5, 0.75, 1.0. Red = jammed, green = free
 * flow; the conventional congestion ramp of traffic control rooms (e.g. Gaode/Baidu "路况" colours).
 */
export const SPEED_RATIO_STOPS: readonly { readonly ratio: number; readonly color: Rgb }[] = [
  { ratio: 0, color: [170, 20, 40] },
  { ratio: 0.25, color: [240, 60, 50] },
  { ratio: 0.5, color: [255, 170, 40] },
  { ratio: 0.75, color: [190, 220, 60] },
  { ratio: 1, color: [40, 210, 110] },
];

/** Writes the speed-ratio colour into `out` (allocation-free; NaN → NO_DATA). */
export function speedRatioColor(ratio: number, out: number[] | Uint8Array): void {
  if (!Number.isFinite(ratio)) {
    out[0] = NO_DATA[0];
    out[1] = NO_DATA[1];
    out[2] = NO_DATA[2];
    return;
  }
  const r = ratio < 0 ? 0 : ratio > 1 ? 1 : ratio;
  const stops = SPEED_RATIO_STOPS;
  let i = 0;
  while (i < stops.length - 2 && r > (stops[i + 1] as (typeof stops)[number]).ratio) i++;
  const a = stops[i] as (typeof stops)[number];
  const b = stops[i + 1] as (typeof stops)[number];
  const t = (r - a.ratio) / (b.ratio - a.ratio);
  out[0] = Math.round(a.color[0] + (b.color[0] - a.color[0]) * t);
  out[1] = Math.round(a.color[1] + (b.color[1] - a.color[1]) * t);
  out[2] = Math.round(a.color[2] + (b.color[2] - a.color[2]) * t);
}

/** CSS rgb() string of a colour. */
export const css = (c: Rgb, alpha = 1): string =>
  alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;

/** Dictionary keys of the labels, indexed by code (same order as the `as const` objects in types.ts). */
export const BUILDING_USE_LABELS = [
  'useUnknown',
  'useResidential',
  'useCommercial',
  'useIndustrial',
  'usePublic',
  'useEducation',
  'useHealth',
  'useReligious',
  'useTransport',
  'useUtility',
  'useOther',
] as const satisfies readonly (keyof Dict)[];
export const ROAD_CLASS_LABELS = [
  'roadMotorway',
  'roadTrunk',
  'roadPrimary',
  'roadSecondary',
  'roadTertiary',
  'roadResidential',
  'roadService',
  'roadLink',
  'roadUnclassified',
] as const satisfies readonly (keyof Dict)[];
export const POWER_KIND_LABELS = [
  'powerSubstation',
  'powerPlant',
  'powerPv',
  'powerWind',
  'powerStorage',
  'powerEvCharger',
  'powerImport',
] as const satisfies readonly (keyof Dict)[];
export const POI_KIND_LABELS = [
  'poiHospital',
  'poiSchool',
  'poiFireStation',
  'poiShelter',
  'poiPolice',
  'poiPumpingStation',
  'poiUnderpass',
  'poiMetroStation',
  'poiBusStop',
  'poiTrafficSignal',
  'poiOther',
] as const satisfies readonly (keyof Dict)[];
export const SENSOR_KIND_LABELS = [
  'sensorRoadLoop',
  'sensorWeather',
  'sensorSubstationMeter',
  'sensorAirQuality',
  'sensorWaterLevel',
] as const satisfies readonly (keyof Dict)[];
export const AREA_KIND_LABELS = [
  'areaWater',
  'areaPark',
  'areaResidential',
  'areaCommercial',
  'areaIndustrial',
  'areaInstitutional',
  'areaTransport',
  'areaOther',
] as const satisfies readonly (keyof Dict)[];

/** Colour of a code in a table, falling back to the last entry for unknown codes (never undefined). */
export function colorOf(table: readonly Rgb[], code: number): Rgb {
  return table[code] ?? (table[table.length - 1] as Rgb);
}

// Keep the tables the same length as the code sets: a new code must get a colour and a label.
const sizes: readonly [readonly unknown[], object][] = [
  [BUILDING_USE_COLORS, BuildingUse],
  [BUILDING_USE_LABELS, BuildingUse],
  [AREA_COLORS, AreaKind],
  [AREA_KIND_LABELS, AreaKind],
  [ROAD_STYLE, RoadClass],
  [ROAD_CLASS_LABELS, RoadClass],
  [POWER_COLORS, PowerKind],
  [POWER_KIND_LABELS, PowerKind],
  [POI_COLORS, PoiKind],
  [POI_KIND_LABELS, PoiKind],
  [SENSOR_KIND_LABELS, SensorKind],
];
for (const [table, codes] of sizes) {
  if (table.length !== Object.keys(codes).length) throw new Error('palette table length ≠ code count');
}
