/**
 * deck.gl layers over the basemap. Data objects are built ONCE per model (binary attributes from the typed arrays,
 * lon/lat in Float64) and keep their identity; a redraw only changes `visible`, the selection highlight and the
 * `updateTriggers` of live colours (keyed by the hot buffers' version).
 */
import { hazardSelectionXY } from '../../app/hazardSelection.ts';
import { PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { TripsLayer } from '@deck.gl/geo-layers';
import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { BuildingRole, NO_INDEX, SensorKind, type CityModel } from '../../core/scene/types.ts';
import { Channel, type HotBuffers } from '../../feed/hotBuffers.ts';
import {
  BUILDING_USE_COLORS,
  HIGHLIGHT,
  INCIDENT_COLORS,
  POI_COLORS,
  POWER_COLORS,
  ROAD_STYLE,
  colorOf,
  speedRatioColor,
  type Rgb,
} from '../../app/palette.ts';
import type { FootprintTriangles } from '../three/footprints.ts';
import type { AppState } from '../../state/store.ts';
import { linkWidthM, offsetLinkGeometry } from '../three/sceneGeometry.ts';
import { incidentRadiusM } from '../selectionAnchor.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
import { toLonLat } from './mapStyle.ts';
import { createLocalFrame, lonLat, localM } from '../../core/geo/projection.ts';
import type { HotTraffic } from '../../feed/hotTraffic.ts';
import type { TripPaths } from './tripPaths.ts';
import {
  SIGNAL_COLOR,
  VEHICLE_TRAIL_COLOR,
  VEHICLE_TRAIL_S,
  congestionColor,
  flowWidthPixels,
  signalNodes,
  trafficWidthScale,
} from './trafficStyle.ts';

/** Binary building data for SolidPolygonLayer (closed rings, pre-triangulated with holes). */
export interface BuildingBinary {
  readonly length: number;
  readonly startIndices: Uint32Array;
  readonly attributes: {
    readonly getPolygon: { readonly value: Float64Array; readonly size: 2 };
    readonly indices: Uint32Array;
    readonly instanceVertexValid: Uint16Array;
  };
  /** Per-building RGBA (deck expands per-object accessors to the vertices; binary attributes must be per vertex). */
  readonly colors: Uint8Array;
}

/** Builds the binary building data: rings closed (deck draws wall i→i+1), ring ends marked invalid. */
export function buildBuildingBinary(model: CityModel, tris: FootprintTriangles): BuildingBinary {
  const b = model.buildings;
  const ll = toLonLat(model, b.xy);
  const rings = b.ringStart.length - 1;
  const nv = b.xy.length / 2 + rings;
  const pos = new Float64Array(nv * 2);
  const valid = new Uint16Array(nv);
  const startIndices = new Uint32Array(b.count + 1);
  const colors = new Uint8Array(b.count * 4);
  // closed index of source vertex v in ring r = v + r (each earlier ring gained one closing vertex).
  const ringOfVertex = new Uint32Array(b.xy.length / 2);
  // Outlines with building:part volumes (BuildingRole.outline) are not drawn: their vertices are marked invalid
  // (no walls) and their roof triangles dropped, as the 3D mesh does (CityContent hideOutlines).
  const role = b.role;
  let o = 0;
  for (let i = 0; i < b.count; i++) {
    startIndices[i] = o;
    const outline = role !== undefined && role[i] === BuildingRole.outline;
    for (let r = b.polyStart[i] as number; r < (b.polyStart[i + 1] as number); r++) {
      const v0 = b.ringStart[r] as number;
      const v1 = b.ringStart[r + 1] as number;
      for (let v = v0; v < v1; v++) {
        ringOfVertex[v] = r;
        pos[o * 2] = ll[v * 2] as number;
        pos[o * 2 + 1] = ll[v * 2 + 1] as number;
        valid[o++] = outline ? 0 : 1;
      }
      pos[o * 2] = ll[v0 * 2] as number;
      pos[o * 2 + 1] = ll[v0 * 2 + 1] as number;
      valid[o++] = 0;
    }
    const c = colorOf(BUILDING_USE_COLORS, b.use[i] as number);
    colors[i * 4] = c[0];
    colors[i * 4 + 1] = c[1];
    colors[i * 4 + 2] = c[2];
    colors[i * 4 + 3] = 255;
  }
  startIndices[b.count] = o;
  const all = new Uint32Array(tris.index.length);
  let n = 0;
  for (let i = 0; i < b.count; i++) {
    if (role !== undefined && role[i] === BuildingRole.outline) continue;
    for (let k = (tris.start[i] as number) * 3; k < (tris.start[i + 1] as number) * 3; k++) {
      const v = tris.index[k] as number;
      all[n++] = v + (ringOfVertex[v] as number);
    }
  }
  const indices = n === all.length ? all : all.slice(0, n);
  return {
    length: b.count,
    startIndices,
    attributes: {
      getPolygon: { value: pos, size: 2 },
      indices,
      instanceVertexValid: valid,
    },
    colors,
  };
}

/** Everything the deck layers draw, prepared once per model. */
export interface DeckData {
  readonly model: CityModel;
  readonly buildings: BuildingBinary | null;
  readonly links: {
    length: number;
    startIndices: Uint32Array;
    attributes: { getPath: { value: Float64Array; size: 2 } };
  };
  readonly sensorPos: { length: number; attributes: { getPosition: { value: Float64Array; size: 2 } } };
  readonly powerPos: { length: number; attributes: { getPosition: { value: Float64Array; size: 2 } } };
  readonly poiPos: { length: number; attributes: { getPosition: { value: Float64Array; size: 2 } } };
  /** Signalised intersections (roads.nodeSignal), lon/lat. */
  readonly signalPos: { length: number; attributes: { getPosition: { value: Float64Array; size: 2 } } };
  /** Free-flow speed per sensor (of its link), km/h; NaN for sensors not on a link. */
  readonly sensorFreeKph: Float32Array;
  readonly toLonLat: (x: number, y: number) => [number, number];
}

/**
 * Free-flow reference of a road loop that sits on no road link of the scene (a sensor-only scene such as the METR-LA
 * replay, whose detectors are on Los Angeles freeways): 65 mph = 104.6 km/h, the California freeway speed limit
 * (California Vehicle Code §22349) and the usual free-flow reference in METR-LA studies.
 */
export const UNLINKED_LOOP_FREE_KPH = 104.6;

/** Prepares the deck data of a model (buildings may arrive later, once triangulated). */
export function prepareDeckData(model: CityModel, tris: FootprintTriangles | null): DeckData {
  const r = model.roads;
  const s = model.sensors;
  const sensorFreeKph = new Float32Array(s.count).fill(UNLINKED_LOOP_FREE_KPH);
  for (let i = 0; i < s.count; i++) {
    const l = s.linkIndex[i] as number;
    if (l !== NO_INDEX && l < r.linkCount) sensorFreeKph[i] = r.freeSpeedKph[l] as number;
  }
  const frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
  const signals = signalNodes(r.nodeSignal);
  const signalXY = new Float32Array(signals.length * 2);
  for (let k = 0; k < signals.length; k++) {
    const n = signals[k] as number;
    signalXY[k * 2] = r.nodeXY[n * 2] as number;
    signalXY[k * 2 + 1] = r.nodeXY[n * 2 + 1] as number;
  }
  return {
    model,
    buildings: tris ? buildBuildingBinary(model, tris) : null,
    links: {
      length: r.linkCount,
      startIndices: r.geomStart,
      // Each direction of a two-way road on its own side of the centreline, where the 3D ribbons draw it.
      attributes: { getPath: { value: toLonLat(model, offsetLinkGeometry(r)), size: 2 } },
    },
    sensorPos: { length: s.count, attributes: { getPosition: { value: toLonLat(model, s.xy), size: 2 } } },
    powerPos: {
      length: model.power.count,
      attributes: { getPosition: { value: toLonLat(model, model.power.xy), size: 2 } },
    },
    poiPos: {
      length: model.pois.count,
      attributes: { getPosition: { value: toLonLat(model, model.pois.xy), size: 2 } },
    },
    signalPos: {
      length: signals.length,
      attributes: { getPosition: { value: toLonLat(model, signalXY), size: 2 } },
    },
    sensorFreeKph,
    toLonLat: (x, y) => {
      const p = frame.toLonLat(localM(x, y));
      return [p[0], p[1]];
    },
  };
}

/** The subset of store state the deck layers depend on. */
export type DeckState = Pick<AppState, 'layers' | 'selection' | 'incidents' | 'woOrders'>;

/** Binary TripsLayer data of a TripPaths (positions as lon/lat offsets from the scene origin). */
export interface TripsBinary {
  readonly length: number;
  readonly startIndices: Uint32Array;
  readonly attributes: {
    readonly getPath: { readonly value: Float32Array; readonly size: 2 };
    readonly getTimestamps: { readonly value: Float32Array; readonly size: 1 };
  };
}

/** Wraps trip paths as TripsLayer binary data (no copy). */
export function tripsBinary(p: TripPaths): TripsBinary {
  return {
    length: p.length,
    startIndices: p.startIndices,
    attributes: {
      getPath: { value: p.dLonLat, size: 2 },
      getTimestamps: { value: p.timestampsS, size: 1 },
    },
  };
}

/** Live traffic the map draws: link state, and the vehicles with the animation time. */
export interface DeckLive {
  readonly traffic: HotTraffic;
  /** Vehicles (null: none yet) and the current time in seconds after their baseMs. */
  readonly trips: TripsBinary | null;
  readonly tripTimeS: number;
  /** Extra layers from other modules (what-if overlay), drawn over the links. */
  readonly extra?: readonly (Layer | null)[];
  /** Map zoom level: traffic line widths grow when zoomed in past a district view. */
  readonly zoom?: number;
  /** The live grid (energyLayers.ts), drawn over the city's points and under the selection highlight. */
  readonly energy?: readonly Layer[];
  /** Work orders (workloadLayers.ts), drawn over the energy layers and under the selection highlight. */
  readonly workload?: readonly Layer[];
  /** Resilience layers on the ground (hazardLayers.ts: water depth, heat, outage areas), drawn under the links. */
  readonly hazardGround?: readonly Layer[];
  /** The other resilience layers (hazardLayers.ts), drawn over the work orders and under the selection highlight. */
  readonly hazard?: readonly Layer[];
  /** Per-building RGBA replacing the use colours (earthquake damage states, hazardLayers.ts), with its version. */
  readonly buildingTint?: { readonly colors: Uint8Array; readonly version: number } | null;
}

const scratch = [0, 0, 0, 255];
const bScratch = [0, 0, 0, 255];
const lScratch = [0, 0, 0, 255];
const CLASS_COLORS: readonly Rgb[] = ROAD_STYLE.map((s) => s.color);
/** Colour of sensors that are not road loops (no speed ratio to show). */
export const OTHER_SENSOR: Rgb = [120, 200, 255];

/** Writes the live colour of sensor i into `target` (RGBA). */
export function sensorColor(data: DeckData, hot: HotBuffers, i: number, target: number[]): number[] {
  const kind = data.model.sensors.kind[i] as number;
  if (kind === SensorKind.roadLoop) {
    const v = i < hot.sensorCount ? (hot.values[Channel.speedKph]?.[i] ?? Number.NaN) : Number.NaN;
    speedRatioColor(v / (data.sensorFreeKph[i] as number), target);
  } else {
    target[0] = OTHER_SENSOR[0];
    target[1] = OTHER_SENSOR[1];
    target[2] = OTHER_SENSOR[2];
  }
  target[3] = 255;
  return target;
}

type DeckIncident = DeckState['incidents'][number];
let lastIncidents: DeckState['incidents'] | null = null;
let lastOpen: DeckIncident[] = [];
/** Open incidents, memoised on the store array's identity (deck then keeps its attributes between redraws). */
function openOf(list: DeckState['incidents']): DeckIncident[] {
  if (list !== lastIncidents) {
    lastIncidents = list;
    lastOpen = list.filter((i) => !i.cleared);
  }
  return lastOpen;
}

/**
 * Builds the layer list for the current state. Cheap: deck diffs props; data identity never changes.
 * With `overlays` false only the building extrusions are returned (the basemap draws the roads): road links, points
 * and highlights join once the city has been drawn, so their shaders compile after the first city frame.
 */
export function buildDeckLayers(
  data: DeckData,
  state: DeckState,
  hot: HotBuffers,
  overlays = true,
  live: DeckLive | null = null,
): Layer[] {
  const { layers, selection } = state;
  const m = data.model;
  const r = m.roads;
  const out: Layer[] = [];
  const openIncidents = openOf(state.incidents);
  const tint = live?.buildingTint ?? null;
  if (data.buildings) {
    out.push(
      new SolidPolygonLayer({
        id: 'buildings',
        data: data.buildings as never,
        _normalize: false,
        _windingOrder: 'CCW',
        getElevation: (_: unknown, { index }: { index: number }) => m.buildings.heightM[index] as number,
        getFillColor: (_: unknown, { index }: { index: number }) => {
          const c =
            tint && tint.colors.length >= m.buildings.count * 4
              ? tint.colors
              : (data.buildings as BuildingBinary).colors;
          bScratch[0] = c[index * 4] as number;
          bScratch[1] = c[index * 4 + 1] as number;
          bScratch[2] = c[index * 4 + 2] as number;
          return bScratch;
        },
        updateTriggers: { getFillColor: tint ? tint.version : -1 },
        extruded: true,
        filled: true,
        wireframe: false,
        pickable: true,
        visible: layers.buildings,
        positionFormat: 'XY',
        material: { ambient: 0.45, diffuse: 0.6, shininess: 24, specularColor: [60, 80, 100] },
        beforeId: 'zone-line',
      } as never),
    );
  }
  // The basemap draws every road already: the pickable, per-direction links join with the other overlays.
  if (!overlays) return out;
  // Links: by class, or with the traffic layer on by congestion band (speed ÷ free-flow speed) and width by flow.
  // Live state changes only the attributes (updateTriggers on the traffic version); the geometry stays uploaded.
  const traffic = live?.traffic ?? null;
  const byTraffic = layers.traffic && traffic !== null && traffic.linkCount === r.linkCount;
  for (const l of live?.hazardGround ?? []) out.push(l);
  const speed = traffic?.speedKph;
  const flow = traffic?.flowVph;
  out.push(
    new PathLayer({
      id: 'links',
      data: data.links as never,
      positionFormat: 'XY',
      _pathType: 'open',
      widthUnits: byTraffic ? 'pixels' : 'meters',
      widthScale: byTraffic ? trafficWidthScale(live?.zoom ?? 0) : 1,
      getWidth: byTraffic
        ? (_: unknown, { index }: { index: number }) => flowWidthPixels(flow?.[index] ?? Number.NaN)
        : (_: unknown, { index }: { index: number }) => linkWidthM(r, index),
      widthMinPixels: 1,
      getColor: (_: unknown, { index }: { index: number }) => {
        if (
          byTraffic &&
          congestionColor((speed?.[index] ?? Number.NaN) / (r.freeSpeedKph[index] as number), lScratch)
        ) {
          lScratch[3] = 240;
          return lScratch;
        }
        const c = colorOf(CLASS_COLORS, r.linkClass[index] as number);
        lScratch[0] = c[0];
        lScratch[1] = c[1];
        lScratch[2] = c[2];
        // Without live data a traffic map shows the network dimmed: no colour pretends to be a measurement.
        lScratch[3] = byTraffic ? 120 : 230;
        return lScratch;
      },
      updateTriggers: {
        getColor: [byTraffic, byTraffic ? traffic.version : -1],
        getWidth: [byTraffic, byTraffic ? traffic.version : -1],
      },
      pickable: true,
      visible: layers.roads || layers.traffic,
      beforeId: 'building-footprint',
    } as never),
  );
  for (const l of live?.extra ?? []) if (l) out.push(l);
  // Vehicles: TripsLayer over the trips' link polylines; a frame only changes currentTime (a uniform).
  if (live?.trips) {
    out.push(
      new TripsLayer({
        id: 'vehicles',
        data: live.trips as never,
        coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
        coordinateOrigin: [data.model.meta.origin.lon, data.model.meta.origin.lat, 0],
        positionFormat: 'XY',
        _pathType: 'open',
        getColor: [...VEHICLE_TRAIL_COLOR, 255],
        widthUnits: 'pixels',
        getWidth: 2.5,
        // Half as fast as the traffic lines (√ of their scale): trails stay visible over a wide link when zoomed in.
        widthScale: Math.sqrt(trafficWidthScale(live.zoom ?? 0)),
        widthMinPixels: 2,
        capRounded: true,
        fadeTrail: true,
        trailLength: VEHICLE_TRAIL_S,
        currentTime: live.tripTimeS,
        pickable: false,
        visible: layers.vehicles,
        beforeId: 'building-footprint',
      } as never),
    );
  }
  out.push(
    new ScatterplotLayer({
      id: 'signals',
      data: data.signalPos as never,
      getRadius: 6,
      radiusMinPixels: 2,
      radiusMaxPixels: 5,
      getFillColor: [...SIGNAL_COLOR, 255],
      stroked: true,
      getLineColor: [10, 16, 28, 255],
      lineWidthMinPixels: 1,
      pickable: false,
      visible: layers.signals,
    } as never),
  );
  out.push(
    new ScatterplotLayer({
      id: 'power',
      data: data.powerPos as never,
      getRadius: 25,
      radiusMinPixels: 4,
      radiusMaxPixels: 11,
      getFillColor: (_: unknown, { index }: { index: number }) => [
        ...colorOf(POWER_COLORS, m.power.kind[index] as number),
        255,
      ],
      stroked: true,
      getLineColor: [10, 16, 28, 255],
      lineWidthMinPixels: 2,
      pickable: true,
      visible: layers.power,
    } as never),
    new ScatterplotLayer({
      id: 'pois',
      data: data.poiPos as never,
      getRadius: 8,
      radiusMinPixels: 1.5,
      radiusMaxPixels: 6,
      getFillColor: (_: unknown, { index }: { index: number }) => [
        ...colorOf(POI_COLORS, m.pois.kind[index] as number),
        235,
      ],
      stroked: true,
      getLineColor: [10, 16, 28, 200],
      lineWidthMinPixels: 1,
      pickable: true,
      visible: layers.pois,
    } as never),
    new ScatterplotLayer({
      id: 'sensors',
      data: data.sensorPos as never,
      getRadius: 14,
      radiusMinPixels: 2.5,
      radiusMaxPixels: 9,
      getFillColor: (_: unknown, { index }: { index: number }) => sensorColor(data, hot, index, scratch),
      updateTriggers: { getFillColor: hot.version },
      stroked: true,
      getLineColor: [7, 13, 24, 230],
      lineWidthMinPixels: 1,
      pickable: true,
      visible: layers.sensors,
    } as never),
    // Impact radius (metres) under the incident marker; not pickable (the marker is).
    new ScatterplotLayer({
      id: 'incident-radius',
      data: openIncidents,
      getPosition: (i: DeckIncident) => data.toLonLat(i.x, i.y),
      getRadius: (i: DeckIncident) => incidentRadiusM(i.severity),
      radiusUnits: 'meters',
      getFillColor: (i: DeckIncident) => [...colorOf(INCIDENT_COLORS, i.severity), 40],
      stroked: true,
      getLineColor: (i: DeckIncident) => [...colorOf(INCIDENT_COLORS, i.severity), 200],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      pickable: false,
      visible: layers.incidents,
    } as never),
    new ScatterplotLayer({
      id: 'incidents',
      data: openIncidents,
      getPosition: (i: DeckIncident) => data.toLonLat(i.x, i.y),
      getRadius: (i: DeckIncident) => 5 + i.severity * 2.5,
      radiusUnits: 'pixels',
      getFillColor: (i: DeckIncident) => [...colorOf(INCIDENT_COLORS, i.severity), 235],
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthMinPixels: 2,
      pickable: true,
      visible: layers.incidents,
    } as never),
  );
  for (const l of live?.energy ?? []) out.push(l);
  for (const l of live?.workload ?? []) out.push(l);
  for (const l of live?.hazard ?? []) out.push(l);
  // Highlight of the selection, in every kind it can have.
  if (selection) {
    switch (selection.kind) {
      case 'building': {
        const b = m.buildings;
        if (selection.index < b.count && data.buildings) {
          const s0 = data.buildings.startIndices[selection.index] as number;
          const s1 = data.buildings.startIndices[selection.index + 1] as number;
          const pos = data.buildings.attributes.getPolygon.value;
          const valid = data.buildings.attributes.instanceVertexValid;
          // Outer ring only (closed): enough to read which building it is.
          const ring: [number, number][] = [];
          for (let v = s0; v < s1; v++) {
            ring.push([pos[v * 2] as number, pos[v * 2 + 1] as number]);
            if (valid[v] === 0) break;
          }
          out.push(
            new SolidPolygonLayer({
              id: 'highlight-building',
              data: [ring],
              getPolygon: (d: [number, number][]) => d,
              extruded: true,
              getElevation: (b.heightM[selection.index] as number) + 0.6,
              getFillColor: [...HIGHLIGHT, 255],
              material: { ambient: 0.8, diffuse: 0.4 },
            } as never),
          );
        }
        break;
      }
      case 'link': {
        if (selection.index < r.linkCount) {
          const ll = data.links.attributes.getPath.value;
          const path: [number, number][] = [];
          for (
            let v = r.geomStart[selection.index] as number;
            v < (r.geomStart[selection.index + 1] as number);
            v++
          )
            path.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
          // A dark casing under a bright amber core: reads as an outline on any road colour.
          out.push(
            new PathLayer({
              id: 'highlight-link-casing',
              data: [path],
              getPath: (d: [number, number][]) => d,
              getColor: [7, 13, 24, 230],
              getWidth: 10,
              widthUnits: 'pixels',
              capRounded: true,
              jointRounded: true,
            } as never),
            new PathLayer({
              id: 'highlight-link',
              data: [path],
              getPath: (d: [number, number][]) => d,
              getColor: [...HIGHLIGHT, 255],
              getWidth: 5,
              widthUnits: 'pixels',
              capRounded: true,
              jointRounded: true,
            } as never),
          );
        }
        break;
      }
      case 'sensor':
      case 'power':
      case 'poi':
      case 'incident':
      case 'workOrder':
      case 'hazard':
      case 'cascade':
      case 'energy': {
        let p: [number, number] | null = null;
        if (selection.kind === 'hazard' || selection.kind === 'cascade') {
          const xy = [0, 0];
          if (hazardSelectionXY(m, selection, xy)) p = data.toLonLat(xy[0] as number, xy[1] as number);
        } else if (selection.kind === 'incident') {
          const inc = state.incidents.find((i) => i.id === selection.id);
          if (inc) p = data.toLonLat(inc.x, inc.y);
        } else if (selection.kind === 'workOrder') {
          const o = state.woOrders.get(selection.id);
          if (o) p = data.toLonLat(o.x, o.y);
        } else if (selection.kind === 'energy') {
          const g = getGridModel();
          const xy = [0, 0];
          if (g !== null && energyAssetXY(m, g, selection.asset, selection.index, xy))
            p = data.toLonLat(xy[0] as number, xy[1] as number);
        } else {
          const xy =
            selection.kind === 'sensor' ? m.sensors.xy : selection.kind === 'power' ? m.power.xy : m.pois.xy;
          if (selection.index * 2 + 1 < xy.length)
            p = data.toLonLat(xy[selection.index * 2] as number, xy[selection.index * 2 + 1] as number);
        }
        if (p) {
          out.push(
            // Soft halo, then a crisp amber ring.
            new ScatterplotLayer({
              id: 'highlight-halo',
              data: [p],
              getPosition: (d: [number, number]) => d,
              getRadius: 20,
              radiusUnits: 'pixels',
              getFillColor: [...HIGHLIGHT, 60],
              stroked: false,
            } as never),
            new ScatterplotLayer({
              id: 'highlight-point',
              data: [p],
              getPosition: (d: [number, number]) => d,
              getRadius: 14,
              radiusUnits: 'pixels',
              filled: false,
              stroked: true,
              getLineColor: [...HIGHLIGHT, 255],
              lineWidthMinPixels: 3,
            } as never),
          );
        }
        break;
      }
      default: {
        const never: never = selection;
        throw new Error(`unhandled selection ${String(never)}`);
      }
    }
  }
  return out;
}
