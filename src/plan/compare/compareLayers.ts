/**
 * deck.gl layers of the compare view: a quiet basemap drawn from the scene (water, parks, district lines, building
 * footprints, roads; DESIGN.md rule 7, offline) and, on top, the features of one ScenarioMapDiff coloured for one
 * side, with the features that changed beyond the threshold outlined in white. Geometry is prepared once per model
 * (lon/lat Float64 through the scene's local frame, src/core/geo/projection.ts) and keeps its identity; a side only
 * swaps its colour arrays (updateTriggers) so toggling value/Δ or the threshold re-uploads colours, not geometry.
 */
import { PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { CityModel, PolygonSet } from '../../core/scene/types.ts';
import { AreaKind } from '../../core/scene/types.ts';
import type { ScenarioMapDiff } from '../../core/scenario/types.ts';
import { createLocalFrame, lonLat, type LocalFrame } from '../../core/geo/projection.ts';
import { buildFloodGrid } from '../../core/hazards/flood.ts';
import { offsetLinkGeometry, linkWidthM } from '../../views/three/sceneGeometry.ts';
import { buildBuildingBinary, type BuildingBinary } from '../../views/map/deckLayers.ts';
import { sharedFootprintTriangles } from '../../views/three/footprints.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import {
  CHANGE_OUTLINE,
  NO_VALUE,
  cellMaskEdges,
  deltaColor,
  valueColor,
  type ColorMode,
  type Scale,
} from './compareScale.ts';

/** Feature kinds a diff can address (ScenarioMapDiff.feature). */
export type FeatureKind = ScenarioMapDiff['feature'];

/** Basemap colours on the app's dark theme (assets/app.css --bg #070d18): present but quieter than any value. */
const WATER: [number, number, number, number] = [22, 52, 86, 255];
const PARK: [number, number, number, number] = [18, 40, 32, 255];
const BUILDING_BASE: [number, number, number, number] = [44, 56, 74, 255];
const ROAD_BASE: [number, number, number, number] = [78, 94, 120, 200];
const DISTRICT_LINE: [number, number, number, number] = [0, 200, 220, 90];

/** Flood grid geometry: cell k = j·nx + i is centred at (x0 + i·cellM, y0 + j·cellM) local metres. */
export interface CellGeometry {
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
}

/** Geometry of one model for the compare view (built once per model, see compareBase). */
export interface CompareBase {
  readonly model: CityModel;
  readonly frame: LocalFrame;
  /** Road link polylines offset to their own side (two-way roads draw each direction apart), lon/lat. */
  readonly linkLL: Float64Array;
  readonly roads: {
    readonly length: number;
    readonly startIndices: Uint32Array;
    readonly attributes: { readonly getPath: { readonly value: Float64Array; readonly size: 2 } };
  };
  readonly buildingLL: Float64Array;
  readonly zoneLL: Float64Array;
  readonly water: readonly number[][][][];
  readonly parks: readonly number[][][][];
  /** District outlines (level 0 zones), one path per ring. */
  readonly districtRings: readonly number[][][];
  /** Building binary for the basemap, once the shared footprint triangulation resolved. */
  buildings: BuildingBinary | null;
  /** The flood grid geometry, built on first use (the same buildFloodGrid the hazard runtime uses). */
  cells: CellGeometry | null;
}

const bases = new WeakMap<CityModel, CompareBase>();

/** Rings of polygon `i` of a set as closed [lon, lat] rings. */
export function polygonRings(set: PolygonSet, ll: Float64Array, i: number): number[][][] {
  const rings: number[][][] = [];
  for (let r = set.polyStart[i] as number; r < (set.polyStart[i + 1] as number); r++) {
    const v0 = set.ringStart[r] as number;
    const v1 = set.ringStart[r + 1] as number;
    if (v1 - v0 < 3) continue;
    const ring: number[][] = [];
    for (let v = v0; v < v1; v++) ring.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
    ring.push([ll[v0 * 2] as number, ll[v0 * 2 + 1] as number]);
    rings.push(ring);
  }
  return rings;
}

/** The compare geometry of a model (memoised per model; the building binary arrives asynchronously). */
export function compareBase(model: CityModel, onBuildings?: () => void): CompareBase {
  let b = bases.get(model);
  if (!b) {
    const frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
    const toLL = (xy: ArrayLike<number>): Float64Array => {
      const out = new Float64Array(xy.length);
      frame.toLonLatArray(xy, out);
      return out;
    };
    const r = model.roads;
    const linkLL = toLL(offsetLinkGeometry(r));
    const areaLL = toLL(model.areas.xy);
    const water: number[][][][] = [];
    const parks: number[][][][] = [];
    for (let a = 0; a < model.areas.count; a++) {
      const k = model.areas.kind[a];
      if (k === AreaKind.water) water.push(polygonRings(model.areas, areaLL, a));
      else if (k === AreaKind.park) parks.push(polygonRings(model.areas, areaLL, a));
    }
    const zoneLL = toLL(model.zones.xy);
    const districtRings: number[][][] = [];
    for (let z = 0; z < model.zones.count; z++)
      if (model.zones.level[z] === 0)
        for (const ring of polygonRings(model.zones, zoneLL, z)) districtRings.push(ring);
    b = {
      model,
      frame,
      linkLL,
      roads: {
        length: r.linkCount,
        startIndices: r.geomStart,
        attributes: { getPath: { value: linkLL, size: 2 } },
      },
      buildingLL: toLL(model.buildings.xy),
      zoneLL,
      water,
      parks,
      districtRings,
      buildings: null,
      cells: null,
    };
    bases.set(model, b);
    const base = b;
    void sharedFootprintTriangles(model.buildings).then((tris) => {
      base.buildings = buildBuildingBinary(model, tris);
      onBuildings?.();
    });
  } else if (!b.buildings && onBuildings) {
    // The first caller's continuation (registered earlier on the same promise) has filled `buildings` by then.
    void sharedFootprintTriangles(model.buildings).then(() => onBuildings());
  }
  return b;
}

/** The flood grid geometry of the base (built once; the scenario runner floods the same default grid). */
export function cellGeometry(base: CompareBase): CellGeometry {
  if (!base.cells) {
    const g = buildFloodGrid(base.model);
    base.cells = { nx: g.nx, ny: g.ny, x0: g.x0, y0: g.y0, cellM: g.cellM };
  }
  return base.cells;
}

/** How many features of a kind the model has (null when the geometry is not available, e.g. no grid model). */
export function featureCount(base: CompareBase, kind: FeatureKind): number | null {
  const m = base.model;
  switch (kind) {
    case 'roadLink':
      return m.roads.linkCount;
    case 'building':
      return m.buildings.count;
    case 'energyBus':
      return getGridModel()?.busCount ?? null;
    case 'floodCell': {
      const c = cellGeometry(base);
      return c.nx * c.ny;
    }
    case 'gridCell':
    case 'district':
      return m.zones.count;
    default: {
      const never: never = kind;
      throw new Error(`feature kind ${String(never)}`);
    }
  }
}

/** Rings ([lon, lat], closed) of a polygon feature; a road link gives its polyline as one open ring. */
export function featureRings(base: CompareBase, kind: FeatureKind, i: number): number[][][] {
  const m = base.model;
  switch (kind) {
    case 'roadLink': {
      const path: number[][] = [];
      const g = m.roads.geomStart;
      for (let v = g[i] as number; v < (g[i + 1] as number); v++)
        path.push([base.linkLL[v * 2] as number, base.linkLL[v * 2 + 1] as number]);
      return [path];
    }
    case 'building':
      return polygonRings(m.buildings, base.buildingLL, i).slice(0, 1);
    case 'gridCell':
    case 'district':
      return polygonRings(m.zones, base.zoneLL, i).slice(0, 1);
    case 'floodCell': {
      const c = cellGeometry(base);
      const x = c.x0 + (i % c.nx) * c.cellM;
      const y = c.y0 + Math.floor(i / c.nx) * c.cellM;
      const h = c.cellM / 2;
      const xy = [x - h, y - h, x + h, y - h, x + h, y + h, x - h, y + h, x - h, y - h];
      const ll = new Float64Array(xy.length);
      base.frame.toLonLatArray(xy, ll);
      const ring: number[][] = [];
      for (let v = 0; v < 5; v++) ring.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
      return [ring];
    }
    case 'energyBus': {
      const p = featurePoint(base, kind, i);
      return p ? [[p]] : [];
    }
    default: {
      const never: never = kind;
      throw new Error(`feature kind ${String(never)}`);
    }
  }
}

/** [lon, lat] of a point feature (energy bus), or null without the grid model. */
export function featurePoint(base: CompareBase, kind: FeatureKind, i: number): number[] | null {
  if (kind !== 'energyBus') return null;
  const g = getGridModel();
  if (!g || i < 0 || i >= g.busCount) return null;
  const ll = base.frame.toLonLat([g.busX[i] as number, g.busY[i] as number] as never);
  return [ll[0], ll[1]];
}

/** One entry of the drawn diff: its slot k in diff.index, the feature and its geometry. */
export interface DiffFeature {
  readonly k: number;
  readonly i: number;
  readonly rings: number[][][];
}

/** The drawable features of a diff (geometry resolved once per diff). */
export function diffFeatures(base: CompareBase, d: ScenarioMapDiff): DiffFeature[] {
  const out: DiffFeature[] = [];
  for (let k = 0; k < d.index.length; k++) {
    const i = d.index[k] as number;
    const rings = featureRings(base, d.feature, i);
    if (rings.length > 0) out.push({ k, i, rings });
  }
  return out;
}

/** Which side a deck instance draws. */
export type Side = 'baseline' | 'scenario';

/** What a side colours with: its own values on the shared scale, or the Δ on the Δ scale. */
export interface SideColoring {
  readonly side: Side;
  readonly mode: ColorMode;
  readonly scale: Scale;
  readonly deltaScale: Scale;
}

/**
 * Per-entry RGBA of a side (diff.index order): value colour, or Δ colour on the scenario side in Δ mode, where
 * changes below the threshold are faded (the Δ side has no outlines: its colour is the change).
 */
export function sideColors(d: ScenarioMapDiff, c: SideColoring, changed: Uint8Array): Uint8Array {
  const out = new Uint8Array(d.index.length * 4);
  const rgb = [0, 0, 0];
  for (let k = 0; k < d.index.length; k++) {
    const b = d.baseline[k] as number;
    const s = d.scenario[k] as number;
    if (c.side === 'scenario' && c.mode === 'delta') deltaColor(s - b, c.deltaScale, d.better, rgb);
    else valueColor(c.side === 'baseline' ? b : s, c.scale, d.better, rgb);
    out.set(rgb, k * 4);
    out[k * 4 + 3] = c.side === 'scenario' && c.mode === 'delta' && !changed[k] ? 110 : 235;
  }
  return out;
}

/** Everything one side's layers need. */
export interface SideLayerInput {
  readonly base: CompareBase;
  readonly diff: ScenarioMapDiff | null;
  readonly features: readonly DiffFeature[];
  readonly colors: Uint8Array;
  /** Per entry of diff.index: 1 = changed beyond the threshold. */
  readonly changed: Uint8Array;
  /** Version of colours and mask (updateTriggers). */
  readonly version: number;
  /** 0…1 opacity of the change outline (the pulse); 0 draws no outline. */
  readonly outlineOpacity: number;
  /** The feature under the pointer on either side: drawn on BOTH sides so the eye finds its twin. */
  readonly hovered: DiffFeature | null;
  /** Flood-cell region outline (lon/lat segments), for a floodCell diff. */
  readonly cellEdges: readonly number[][][] | null;
  /** Id prefix ('b' or 's'): a deck instance's layer ids are its own. */
  readonly prefix: string;
}

const scratch = [0, 0, 0, 0];

/** The basemap + diff layers of one side. */
export function compareLayers(inp: SideLayerInput): Layer[] {
  const { base, diff, features, colors, changed, version, prefix } = inp;
  const outline = inp.outlineOpacity > 0;
  const m = base.model;
  const kind = diff?.feature ?? null;
  const out: Layer[] = [];
  out.push(
    new SolidPolygonLayer({
      id: `${prefix}-water`,
      data: base.water as never,
      getPolygon: (p: unknown) => p as number[][][],
      getFillColor: WATER,
    } as never),
    new SolidPolygonLayer({
      id: `${prefix}-parks`,
      data: base.parks as never,
      getPolygon: (p: unknown) => p as number[][][],
      getFillColor: PARK,
    } as never),
  );
  const zoneDiff = kind === 'gridCell' || kind === 'district';
  const fill = (): Layer =>
    new SolidPolygonLayer({
      id: `${prefix}-diff-fill`,
      data: features as never,
      getPolygon: (f: DiffFeature) => f.rings,
      getFillColor: (f: DiffFeature) => fillOf(colors, f.k),
      updateTriggers: { getFillColor: version },
      pickable: true,
    } as never);
  if (zoneDiff) out.push(fill());
  if (base.buildings) {
    const dim = kind === 'roadLink' || kind === 'floodCell' || kind === 'energyBus';
    out.push(
      new SolidPolygonLayer({
        id: `${prefix}-buildings`,
        data: base.buildings as never,
        _normalize: false,
        _windingOrder: 'CCW',
        positionFormat: 'XY',
        getFillColor: dim ? [36, 46, 62, 255] : BUILDING_BASE,
        opacity: zoneDiff ? 0.55 : 1,
      } as never),
    );
  }
  if (kind === 'building') out.push(fill());
  out.push(
    new PathLayer({
      id: `${prefix}-roads`,
      data: base.roads as never,
      positionFormat: 'XY',
      _pathType: 'open',
      widthUnits: 'meters',
      getWidth: (_: unknown, { index }: { index: number }) => linkWidthM(m.roads, index),
      widthMinPixels: 0.6,
      getColor: kind === 'roadLink' ? [60, 72, 92, 170] : ROAD_BASE,
    } as never),
    new PathLayer({
      id: `${prefix}-districts`,
      data: base.districtRings as never,
      getPath: (p: unknown) => p as number[][],
      widthUnits: 'pixels',
      getWidth: 1.2,
      getColor: DISTRICT_LINE,
    } as never),
  );
  if (kind === 'floodCell') out.push(fill());
  if (diff && kind === 'roadLink') {
    // Changed links get a white casing under the coloured line (outline = "this changed"), drawn first.
    out.push(
      new PathLayer({
        id: `${prefix}-diff-casing`,
        data: features as never,
        getPath: (f: DiffFeature) => f.rings[0] as number[][],
        widthUnits: 'pixels',
        getWidth: (f: DiffFeature) => (changed[f.k] ? 6 : 0),
        getColor: [...CHANGE_OUTLINE, 255],
        opacity: inp.outlineOpacity,
        visible: outline,
        updateTriggers: { getWidth: version },
      } as never),
      new PathLayer({
        id: `${prefix}-diff-links`,
        data: features as never,
        getPath: (f: DiffFeature) => f.rings[0] as number[][],
        widthUnits: 'pixels',
        getWidth: 3.5,
        getColor: (f: DiffFeature) => fillOf(colors, f.k),
        updateTriggers: { getColor: version },
        pickable: true,
      } as never),
    );
  }
  if (diff && kind === 'energyBus') {
    out.push(
      new ScatterplotLayer({
        id: `${prefix}-diff-buses`,
        data: features as never,
        getPosition: (f: DiffFeature) => f.rings[0]?.[0] as number[],
        radiusUnits: 'pixels',
        getRadius: 6,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: [7, 13, 24, 255],
        getFillColor: (f: DiffFeature) => fillOf(colors, f.k),
        updateTriggers: { getFillColor: version },
        pickable: true,
      } as never),
      new ScatterplotLayer({
        id: `${prefix}-diff-ring`,
        data: features as never,
        getPosition: (f: DiffFeature) => f.rings[0]?.[0] as number[],
        radiusUnits: 'pixels',
        getRadius: (f: DiffFeature) => (changed[f.k] ? 10 : 0),
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        getLineColor: [...CHANGE_OUTLINE, 255],
        opacity: inp.outlineOpacity,
        visible: outline,
        updateTriggers: { getRadius: version },
      } as never),
    );
  }
  if (diff && kind === 'floodCell') {
    out.push(
      new PathLayer({
        id: `${prefix}-diff-region`,
        data: (inp.cellEdges ?? []) as never,
        getPath: (p: unknown) => p as number[][],
        widthUnits: 'pixels',
        getWidth: 2,
        getColor: [...CHANGE_OUTLINE, 255],
        opacity: inp.outlineOpacity,
        visible: outline,
      } as never),
    );
  }
  if (diff && kind !== 'roadLink' && kind !== 'energyBus' && kind !== 'floodCell') {
    out.push(
      new PathLayer({
        id: `${prefix}-diff-outline`,
        data: features as never,
        getPath: (f: DiffFeature) => f.rings[0] as number[][],
        widthUnits: 'pixels',
        // Footprints are a few pixels across at city zoom: a hairline keeps their fill readable.
        getWidth: (f: DiffFeature) => (changed[f.k] ? (kind === 'building' ? 0.8 : 2.2) : 0),
        getColor: [...CHANGE_OUTLINE, 255],
        opacity: inp.outlineOpacity,
        visible: outline,
        updateTriggers: { getWidth: version },
      } as never),
    );
  }
  if (diff && inp.hovered) {
    const h = inp.hovered;
    out.push(
      kind === 'energyBus'
        ? new ScatterplotLayer({
            id: `${prefix}-hover`,
            data: [h] as never,
            getPosition: (f: DiffFeature) => f.rings[0]?.[0] as number[],
            radiusUnits: 'pixels',
            getRadius: 14,
            filled: false,
            stroked: true,
            lineWidthUnits: 'pixels',
            getLineWidth: 3,
            getLineColor: HOVER,
          } as never)
        : new PathLayer({
            id: `${prefix}-hover`,
            data: h.rings as never,
            getPath: (p: unknown) => p as number[][],
            widthUnits: 'pixels',
            getWidth: 3,
            widthMinPixels: 3,
            getColor: HOVER,
          } as never),
    );
  }
  return out;
}

/** The hovered feature's outline: the app's accent cyan (assets/app.css --accent), not a ramp colour. */
const HOVER: [number, number, number, number] = [34, 211, 238, 255];

/** RGBA of entry k from a colour array (a reused scratch: deck copies accessor results at once). */
function fillOf(colors: Uint8Array, k: number): number[] {
  if (k * 4 + 3 >= colors.length) {
    scratch[0] = NO_VALUE[0];
    scratch[1] = NO_VALUE[1];
    scratch[2] = NO_VALUE[2];
    scratch[3] = 200;
    return scratch;
  }
  scratch[0] = colors[k * 4] as number;
  scratch[1] = colors[k * 4 + 1] as number;
  scratch[2] = colors[k * 4 + 2] as number;
  scratch[3] = colors[k * 4 + 3] as number;
  return scratch;
}

/** The outline of the changed flood cells as lon/lat segments (see cellMaskEdges). */
export function floodRegionEdges(base: CompareBase, d: ScenarioMapDiff, changed: Uint8Array): number[][][] {
  const c = cellGeometry(base);
  const marked = new Uint8Array(c.nx * c.ny);
  for (let k = 0; k < d.index.length; k++) if (changed[k]) marked[d.index[k] as number] = 1;
  const e = cellMaskEdges(c.nx, c.ny, marked);
  const xy = new Float64Array(e.length);
  for (let q = 0; q < e.length; q += 2) {
    xy[q] = c.x0 + ((e[q] as number) - 0.5) * c.cellM;
    xy[q + 1] = c.y0 + ((e[q + 1] as number) - 0.5) * c.cellM;
  }
  const ll = new Float64Array(xy.length);
  base.frame.toLonLatArray(xy, ll);
  const out: number[][][] = [];
  for (let q = 0; q < ll.length; q += 4)
    out.push([
      [ll[q] as number, ll[q + 1] as number],
      [ll[q + 2] as number, ll[q + 3] as number],
    ]);
  return out;
}

/** The scene bbox [west, south, east, north] in degrees (the initial view fits it). */
export function sceneBounds(model: CityModel): readonly [number, number, number, number] {
  return model.meta.bbox;
}
