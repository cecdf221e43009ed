/**
 * The resilience layers on the map (韧性城市, issue 5): water depth as a bitmap over the city with closed roads dashed
 * red; hazard intensity (earthquake PGA rings by seismic intensity and the epicentre, heat risk per district, fire
 * spread circle, buildings at risk and the fire engine's route); earthquake damage per building (a tint of the
 * building extrusions, handed to deckLayers.ts); exposed critical assets ringed by severity (out-of-service ones
 * pulsing); shelters with an occupancy gauge; evacuation routes with trails running to the shelter; outage areas dark
 * with the load shed and dark signals ringed. Styles and their sources: hazardStyle.ts.
 *
 * Data flow (DESIGN.md rule 3): `syncFlood` repaints the flood image only when hotHazard.version changed (into the
 * other of two preallocated images: deck re-uploads a texture when the image object changes); `sync` rebuilds the
 * binary attributes from the store only when hzVersion changed; per animation frame `layers` only moves uniforms
 * (TripsLayer currentTime, the pulse's radiusScale/opacity). Positions are lon/lat offsets from the scene origin
 * (LNGLAT_OFFSETS): the scene's local frame is equirectangular (core/geo/projection.ts), so an offset is
 * x / mPerDegLon, y / mPerDegLat exactly, and the flood grid is an axis-aligned lon/lat rectangle.
 */
import {
  BitmapLayer,
  LineLayer,
  PathLayer,
  ScatterplotLayer,
  SolidPolygonLayer,
  TextLayer,
} from '@deck.gl/layers';
import { TripsLayer } from '@deck.gl/geo-layers';
import { COORDINATE_SYSTEM, CompositeLayer, type Layer, type UpdateParameters } from '@deck.gl/core';
import { declutterLabels } from '../../core/geo/labelDeclutter.ts';
import type { CityModel } from '../../core/scene/types.ts';
import { createLocalFrame, lonLat, type LocalFrame } from '../../core/geo/projection.ts';
import type {
  ActiveHazard,
  CriticalAsset,
  EvacRoute,
  ExposureSummary,
  FireSummary,
  HazardSpec,
  HeatSummary,
  OutageState,
  ShelterState,
} from '../../core/hazards/types.ts';
import type * as maplibregl from 'maplibre-gl';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { HotHazard } from '../../feed/hotHazard.ts';
import { createTooltip } from '../tooltip.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import type { Lang, LayerId } from '../../state/uiSlice.ts';
import { POI_COLORS, POWER_COLORS, colorOf, type Rgb } from '../../app/palette.ts';
import { dict } from '../../app/i18n.ts';
import { footprintCentroid } from '../three/buildingMesh.ts';
import { pgaG } from '../../core/hazards/earthquake.ts';
import { criticalAssets } from '../../core/hazards/exposure.ts';
import { quakeDamageOf } from '../../app/quakeDamage.ts';
import {
  ALERT_COLORS,
  CLOSED_DASH_M,
  CLOSED_GAP_M,
  CLOSED_LINK_COLOR,
  DAMAGE_COLORS,
  DARK_SIGNAL_RING,
  EVAC_COLOR,
  EVAC_TRAIL_M,
  EXPOSED_RADIUS_PIXELS,
  EXPOSED_RING_PIXELS,
  FIRE_COLOR,
  FIRE_ROUTE_COLOR,
  FLOOD_MIN_M,
  HEAT_ALPHA,
  INTENSITY_LEVELS,
  pgaRingFill,
  OUTAGE_FILL,
  OUTAGE_FILL_ALPHA,
  OUTAGE_LINE,
  SEVERITY_COLORS,
  SHELTER_COLORS,
  SHELTER_RADIUS_PIXELS,
  SHELTER_RING_PIXELS,
  cumulativeM,
  dashPolyline,
  evacClockM,
  evacWidthPixels,
  floodImageOffset,
  gridEdgesM,
  pulsePhase,
  radiusForPgaKm,
  ringCentroid,
  shelterGauge,
  writeFloodImage,
  type PgaAtKm,
} from './hazardStyle.ts';

/** deck layer ids of the hazard layers (picking maps some back to selections). */
export const HZ_LAYER = {
  flood: 'hz-flood',
  closed: 'hz-closed',
  pga: 'hz-pga',
  pgaLabel: 'hz-pga-label',
  epicentre: 'hz-epicentre',
  heat: 'hz-heat',
  fireRadius: 'hz-fire-radius',
  fireRisk: 'hz-fire-risk',
  fireRoute: 'hz-fire-route',
  fireLabel: 'hz-fire-label',
  outage: 'hz-outage',
  outageLine: 'hz-outage-line',
  outageLabel: 'hz-outage-label',
  darkSignals: 'hz-dark-signals',
  evacBase: 'hz-evac-base',
  evac: 'hz-evac',
  exposedPulse: 'hz-exposed-pulse',
  exposed: 'hz-exposed',
  shelterTrack: 'hz-shelter-track',
  shelter: 'hz-shelter',
  shelterLabel: 'hz-shelter-label',
} as const;

/** Which hazard layers are on (store layer toggles). */
export interface HazardVisibility {
  readonly flood: boolean;
  readonly hazardIntensity: boolean;
  readonly damage: boolean;
  readonly exposure: boolean;
  readonly shelters: boolean;
  readonly evacuation: boolean;
  readonly outage: boolean;
}

/** The hazard layers' visibility from the store's layer toggles. */
export function hazardVisibility(layers: Readonly<Record<LayerId, boolean>>): HazardVisibility {
  return {
    flood: layers.flood,
    hazardIntensity: layers.hazardIntensity,
    damage: layers.damage,
    exposure: layers.exposure,
    shelters: layers.shelters,
    evacuation: layers.evacuation,
    outage: layers.outage,
  };
}

/** The store's hazard state the map draws. */
export interface HazardStoreState {
  readonly hzVersion: number;
  readonly hzHazards: readonly ActiveHazard[];
  readonly hzExposure: readonly ExposureSummary[];
  readonly hzShelters: readonly ShelterState[];
  readonly hzEvacuation: readonly EvacRoute[];
  readonly hzOutage: OutageState | null;
  readonly hzClosedLinks: readonly number[];
  readonly hzHeat: HeatSummary | null;
  readonly hzFire: FireSummary | null;
}

/** What the client computes itself from a hazard's spec (the core is pure and the client has the city). */
export interface HazardSources {
  /** PGA (g) by epicentral distance of an earthquake (earthquake.ts pgaG), or null when not available. */
  pgaOf(spec: Extract<HazardSpec, { kind: 'earthquake' }>): PgaAtKm | null;
  /** Most likely damage state (0–4) per building of an earthquake hazard, cached per hazard; null when unknown. */
  damageOf(h: ActiveHazard): Uint8Array | null;
  /** The scene's critical assets (exposure.ts criticalAssets), the list ExposedAsset.asset indexes. */
  assets(): readonly CriticalAsset[];
}

/** Sources that compute nothing (a scene without the hazard core). */
export const NO_SOURCES: HazardSources = { pgaOf: () => null, damageOf: () => null, assets: () => [] };

/**
 * The app's sources: PGA by epicentral distance from the core's GMPE (earthquake.ts pgaG: Boore, Joyner & Fumal 1997,
 * the one assessEarthquake uses, with the same epicentral distance and default VS30), damage states from the shared
 * per-hazard cache (src/app/quakeDamage.ts, also used by the 3D view), critical assets computed once.
 */
export function createHazardSources(model: CityModel): HazardSources {
  let assets: CriticalAsset[] | null = null;
  return {
    pgaOf: (spec) => (distanceKm) => pgaG(spec.magnitude, distanceKm),
    damageOf: (h) => quakeDamageOf(model, h)?.damageState ?? null,
    assets: () => (assets ??= criticalAssets(model)),
  };
}

/** Timing of the map's hazard work (the test probe and benchmarks). */
export interface HazardMapStats {
  floodBuilds: number;
  floodLastMs: number;
  floodMaxMs: number;
  builds: number;
  lastBuildMs: number;
  maxBuildMs: number;
  frames: number;
}

interface Points {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor?: { value: Uint8Array; size: 4 };
    getLineColor?: { value: Uint8Array; size: 4 };
    getRadius?: { value: Float32Array; size: 1 };
  };
}

interface Segments {
  length: number;
  attributes: {
    getSourcePosition: { value: Float32Array; size: 2 };
    getTargetPosition: { value: Float32Array; size: 2 };
  };
}

interface Paths {
  length: number;
  startIndices: Uint32Array;
  attributes: {
    getPath: { value: Float32Array; size: 2 };
    getTimestamps?: { value: Float32Array; size: 1 };
  };
}

interface Polygon {
  readonly polygon: readonly (readonly [number, number])[];
  readonly color: readonly [number, number, number, number];
  readonly ref: number;
}

interface Label {
  readonly position: readonly [number, number];
  readonly text: string;
  readonly color: readonly [number, number, number, number];
}

/** Props of ShelterLabelLayer: the labels (most important first), the TextLayer props, the scene origin. */
interface ShelterLabelProps {
  readonly labels: readonly Label[];
  /** Everything the TextLayer gets except data and id. */
  readonly textProps: Record<string, unknown>;
  /** Lon/lat of the scene origin (positions are offsets from it, degrees). */
  readonly originLonLat: readonly [number, number];
  readonly sizePixels: number;
  readonly offsetYPixels: number;
  /** Half size of a shelter symbol, px (the gauge ring). */
  readonly symbolRadiusPixels: number;
}

/**
 * Shelter labels ("occupants/capacity") decluttered on screen: zoomed out over the whole city they piled up into an
 * unreadable heap, so each viewport change (zoom, rotation, pitch, size — not a plain pan) keeps only the labels whose
 * boxes do not overlap a more important one (src/core/geo/labelDeclutter.ts; the labels come most important first).
 * The TextLayer's data keeps its identity while the kept set is unchanged, so panning re-lays out no text.
 */
class ShelterLabelLayer extends CompositeLayer<ShelterLabelProps> {
  static override layerName = 'ShelterLabelLayer';
  declare state: { kept: readonly Label[]; mask: string; viewKey: string };

  override initializeState(): void {
    this.state = { kept: [], mask: '', viewKey: '' };
  }

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return changeFlags.somethingChanged;
  }

  override updateState({ props, oldProps, changeFlags }: UpdateParameters<this>): void {
    const vp = this.context.viewport;
    const viewKey = `${vp.zoom.toFixed(3)}|${(vp as { bearing?: number }).bearing ?? 0}|${(vp as { pitch?: number }).pitch ?? 0}|${vp.width}x${vp.height}`;
    if (!changeFlags.dataChanged && props.labels === oldProps.labels && viewKey === this.state.viewKey)
      return;
    // Boxes 0…n−1: the shelter symbols (fixed obstacles: a label must not cover another shelter's gauge);
    // n…2n−1: the labels, under their symbols, most important first. A symbol and its own label share a group.
    const n = props.labels.length;
    const cx = new Float64Array(2 * n);
    const cy = new Float64Array(2 * n);
    const hw = new Float64Array(2 * n).fill(props.symbolRadiusPixels);
    const hh = new Float64Array(2 * n).fill(props.symbolRadiusPixels);
    const order = new Int32Array(2 * n);
    const group = new Int32Array(2 * n);
    const [ox, oy] = props.originLonLat;
    props.labels.forEach((l, i) => {
      const [x, y] = vp.project([ox + l.position[0], oy + l.position[1]]);
      cx[i] = cx[n + i] = x ?? NaN;
      cy[i] = y ?? NaN;
      cy[n + i] = (y ?? NaN) + props.offsetYPixels;
      // Digits and "/" of the system sans-serif at weight 600: ≈ 0.6 em each (plus the 4 px outline each side).
      hw[n + i] = 0.3 * props.sizePixels * l.text.length + 4;
      hh[n + i] = props.sizePixels * 0.6;
      order[i] = i;
      order[n + i] = n + i;
      group[i] = group[n + i] = i;
    });
    const all = new Uint8Array(2 * n);
    declutterLabels(cx, cy, hw, hh, order, 4, all, n, group);
    const keep = all.subarray(n);
    const mask = keep.join('');
    const kept =
      mask === this.state.mask && !changeFlags.dataChanged && props.labels === oldProps.labels
        ? this.state.kept
        : props.labels.filter((_, i) => keep[i] === 1);
    this.setState({ kept, mask, viewKey });
  }

  override renderLayers(): Layer {
    return new TextLayer({
      ...this.props.textProps,
      id: `${this.props.id}-text`,
      data: this.state.kept as never,
      visible: this.props.visible,
    } as never);
  }
}

interface Ring {
  readonly position: readonly [number, number];
  readonly radiusM: number;
  readonly color: Rgb;
  readonly level: number;
}

const EMPTY_POINTS = (): Points => ({
  length: 0,
  attributes: { getPosition: { value: new Float32Array(0), size: 2 } },
});
const EMPTY_SEGMENTS = (): Segments => ({
  length: 0,
  attributes: {
    getSourcePosition: { value: new Float32Array(0), size: 2 },
    getTargetPosition: { value: new Float32Array(0), size: 2 },
  },
});
const EMPTY_PATHS = (): Paths => ({
  length: 0,
  startIndices: new Uint32Array(1),
  attributes: { getPath: { value: new Float32Array(0), size: 2 } },
});

/** Damage-state building tint (deckLayers.ts DeckLive.buildingColors): RGBA per building and its version. */
export interface BuildingTint {
  readonly colors: Uint8Array;
  readonly version: number;
}

/** The hazard layers of one model on the map. */
export class HazardMap {
  readonly stats: HazardMapStats = {
    floodBuilds: 0,
    floodLastMs: 0,
    floodMaxMs: 0,
    builds: 0,
    lastBuildMs: 0,
    maxBuildMs: 0,
    frames: 0,
  };
  /** hotHazard.version and hzVersion drawn (−1: none yet). */
  floodVersion = -1;
  version = -1;
  /** Cells drawn wet in the current image, and the grid it was drawn from. */
  wetCells = 0;
  private nx = 0;
  private ny = 0;
  private images: [ImageData | null, ImageData | null] = [null, null];
  private flip = 0;
  private image: ImageData | null = null;
  private floodBounds: [number, number, number, number] = [0, 0, 0, 0];
  private readonly frame: LocalFrame;
  private readonly degPerMX: number;
  private readonly degPerMY: number;
  private readonly origin: [number, number, number];
  private readonly districts: { zone: number; polygon: [number, number][] }[];
  // Store-derived data (rebuilt on hzVersion).
  private closed = EMPTY_SEGMENTS();
  private closedLink = new Uint32Array(0);
  private rings: Ring[] = [];
  private ringLabels: Label[] = [];
  private epicentres: (Label & { id: string })[] = [];
  private heat: Polygon[] = [];
  private fireRadius: (Ring & { id: string })[] = [];
  private fireRisk = EMPTY_POINTS();
  private fireRoute = EMPTY_PATHS();
  private fireLabels: Label[] = [];
  private outage: Polygon[] = [];
  private outageLines = EMPTY_PATHS();
  private outageLabels: Label[] = [];
  private darkSignals = EMPTY_POINTS();
  private evac = EMPTY_PATHS();
  private evacRoutes: readonly EvacRoute[] = [];
  private evacLongestM = 0;
  private evacWidth = new Float32Array(0);
  private exposed = EMPTY_POINTS();
  private exposedRef: { asset: CriticalAsset; severity: number; text: string }[] = [];
  private pulse = EMPTY_POINTS();
  private shelterTrack = EMPTY_POINTS();
  private shelterFill = EMPTY_POINTS();
  private shelterLabels: Label[] = [];
  private shelterRef: ShelterState[] = [];
  private heatRef: HeatSummary | null = null;
  private damageRef: ActiveHazard | null = null;
  /** Buildings per damage state drawn (0–4). */
  readonly damageCounts = [0, 0, 0, 0, 0];
  /** Building tint by damage state (null: no earthquake or damage layer off). */
  tint: BuildingTint | null = null;
  private tintVersion = 0;
  private readonly pulseNow = { scale: 1, alpha: 1 };

  constructor(
    readonly model: CityModel,
    private readonly sources: HazardSources = NO_SOURCES,
  ) {
    this.frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
    this.degPerMX = 1 / this.frame.mPerDegLon;
    this.degPerMY = 1 / this.frame.mPerDegLat;
    this.origin = [model.meta.origin.lon, model.meta.origin.lat, 0];
    const z = model.zones;
    this.districts = [];
    for (let i = 0; i < z.count; i++) {
      if (z.level[i] !== 0) continue;
      const r = z.polyStart[i] as number;
      const ring: [number, number][] = [];
      for (let v = z.ringStart[r] as number; v < (z.ringStart[r + 1] as number); v++)
        ring.push(this.off(z.xy[v * 2] as number, z.xy[v * 2 + 1] as number));
      this.districts.push({ zone: i, polygon: ring });
    }
  }

  /** Lon/lat offset from the scene origin of local (x, y) metres. */
  private off(x: number, y: number): [number, number] {
    return [x * this.degPerMX, y * this.degPerMY];
  }

  /** Repaints the flood image when hotHazard.version changed; true when what is drawn changed. */
  syncFlood(hot: HotHazard): boolean {
    if (hot.version === this.floodVersion) return false;
    const t0 = performance.now();
    this.floodVersion = hot.version;
    const n = hot.nx * hot.ny;
    if (n === 0 || hot.depthM.length < n) {
      this.image = null;
      this.wetCells = 0;
      this.nx = 0;
      this.ny = 0;
    } else {
      if (hot.nx !== this.nx || hot.ny !== this.ny) {
        this.nx = hot.nx;
        this.ny = hot.ny;
        this.images = [new ImageData(hot.nx, hot.ny), new ImageData(hot.nx, hot.ny)];
      }
      this.flip ^= 1;
      const img = this.images[this.flip] as ImageData;
      this.wetCells = writeFloodImage(hot.depthM, hot.nx, hot.ny, img.data);
      this.image = img;
      const [w, s, e, n2] = gridEdgesM(hot.nx, hot.ny, hot.x0, hot.y0, hot.cellM);
      const sw = this.frame.toLonLat([w, s] as never);
      const ne = this.frame.toLonLat([e, n2] as never);
      this.floodBounds = [sw[0], sw[1], ne[0], ne[1]];
    }
    const dt = performance.now() - t0;
    this.stats.floodBuilds++;
    this.stats.floodLastMs = dt;
    if (dt > this.stats.floodMaxMs) this.stats.floodMaxMs = dt;
    return true;
  }

  /** RGBA drawn for flood cell `cell` (row-major, row 0 = south), or null without an image. */
  floodColorAt(cell: number): [number, number, number, number] | null {
    if (!this.image || cell < 0 || cell >= this.nx * this.ny) return null;
    const o = floodImageOffset(cell, this.nx, this.ny);
    const d = this.image.data;
    return [d[o] as number, d[o + 1] as number, d[o + 2] as number, d[o + 3] as number];
  }

  /** Rebuilds the store-derived layers when hzVersion changed (or the damage layer was toggled); true if changed. */
  sync(st: HazardStoreState, damageOn: boolean): boolean {
    const quake = damageOn
      ? (st.hzHazards.find((h) => h.kind === 'earthquake' && h.phase !== 'over') ?? null)
      : null;
    if (st.hzVersion === this.version && quake === this.damageRef) return false;
    const t0 = performance.now();
    this.version = st.hzVersion;
    this.buildClosed(st.hzClosedLinks);
    this.buildIntensity(st);
    this.buildOutage(st.hzOutage);
    this.buildEvac(st.hzEvacuation);
    this.buildExposure(st.hzExposure);
    this.buildShelters(st.hzShelters);
    if (quake !== this.damageRef) this.buildDamage(quake);
    const dt = performance.now() - t0;
    this.stats.builds++;
    this.stats.lastBuildMs = dt;
    if (dt > this.stats.maxBuildMs) this.stats.maxBuildMs = dt;
    return true;
  }

  private buildClosed(links: readonly number[]): void {
    const r = this.model.roads;
    const seg: number[] = [];
    const owner: number[] = [];
    for (const l of links) {
      if (!(l >= 0 && l < r.linkCount)) continue;
      const k = dashPolyline(
        r.geomXY,
        r.geomStart[l] as number,
        r.geomStart[l + 1] as number,
        CLOSED_DASH_M,
        CLOSED_GAP_M,
        seg,
      );
      for (let j = 0; j < k; j++) owner.push(l);
    }
    const n = owner.length;
    const src = new Float32Array(n * 2);
    const dst = new Float32Array(n * 2);
    for (let j = 0; j < n; j++) {
      src[j * 2] = (seg[j * 4] as number) * this.degPerMX;
      src[j * 2 + 1] = (seg[j * 4 + 1] as number) * this.degPerMY;
      dst[j * 2] = (seg[j * 4 + 2] as number) * this.degPerMX;
      dst[j * 2 + 1] = (seg[j * 4 + 3] as number) * this.degPerMY;
    }
    this.closed = {
      length: n,
      attributes: { getSourcePosition: { value: src, size: 2 }, getTargetPosition: { value: dst, size: 2 } },
    };
    this.closedLink = Uint32Array.from(owner);
  }

  private buildIntensity(st: HazardStoreState): void {
    this.rings = [];
    this.ringLabels = [];
    this.epicentres = [];
    this.fireRadius = [];
    this.fireLabels = [];
    for (const h of st.hzHazards) {
      if (h.phase === 'over') continue;
      const spec = h.spec;
      if (spec.kind === 'earthquake') {
        const pos = this.off(spec.x, spec.y);
        this.epicentres.push({ position: pos, text: '★', color: [255, 59, 48, 255], id: h.id });
        const pga = this.sources.pgaOf(spec);
        if (!pga) continue;
        // Outermost first, so the inner (stronger) rings draw over the outer ones.
        for (let k = 0; k < INTENSITY_LEVELS.length; k++) {
          const lv = INTENSITY_LEVELS[k] as (typeof INTENSITY_LEVELS)[number];
          const rKm = radiusForPgaKm(pga, lv.minPgaG, 100);
          if (!(rKm > 0.01)) continue;
          this.rings.push({ position: pos, radiusM: rKm * 1000, color: lv.color, level: k });
          this.ringLabels.push({
            position: this.off(spec.x, spec.y + rKm * 1000),
            text: `${lv.name} ≥${lv.minPgaG.toFixed(2)} g`,
            color: [...lv.color, 255],
          });
        }
      }
    }
    // Heat: districts by risk level.
    this.heat = [];
    this.heatRef = st.hzHeat;
    if (st.hzHeat) {
      const level = new Map<number, number>();
      for (const d of st.hzHeat.districts) level.set(d.zone, d.level);
      for (const d of this.districts) {
        const lv = level.get(d.zone) ?? 0;
        if (lv <= 0) continue;
        const c = colorOf(ALERT_COLORS, lv);
        this.heat.push({ polygon: d.polygon, color: [c[0], c[1], c[2], HEAT_ALPHA], ref: d.zone });
      }
    }
    // Fire: spread circle round the origin, buildings at risk, the engine's route and its time.
    const f = st.hzFire;
    const b = this.model.buildings;
    const c = [0, 0];
    if (f && f.building >= 0 && f.building < b.count) {
      footprintCentroid(b, f.building, c);
      const fh = st.hzHazards.find((h) => h.id === f.hazardId);
      this.fireRadius.push({
        position: this.off(c[0] as number, c[1] as number),
        radiusM: f.spreadRadiusM,
        color: FIRE_COLOR,
        level: f.spreadRisk,
        id: fh?.id ?? f.hazardId,
      });
      const risk = new Float32Array(f.buildingsAtRisk.length * 2);
      let k = 0;
      for (const i of f.buildingsAtRisk) {
        if (!(i >= 0 && i < b.count)) continue;
        footprintCentroid(b, i, c);
        risk[k * 2] = (c[0] as number) * this.degPerMX;
        risk[k * 2 + 1] = (c[1] as number) * this.degPerMY;
        k++;
      }
      this.fireRisk = { length: k, attributes: { getPosition: { value: risk.subarray(0, k * 2), size: 2 } } };
      const nv = f.routePath.length >> 1;
      const path = new Float32Array(nv * 2);
      for (let v = 0; v < nv; v++) {
        path[v * 2] = (f.routePath[v * 2] as number) * this.degPerMX;
        path[v * 2 + 1] = (f.routePath[v * 2 + 1] as number) * this.degPerMY;
      }
      this.fireRoute =
        nv >= 2
          ? {
              length: 1,
              startIndices: Uint32Array.from([0, nv]),
              attributes: { getPath: { value: path, size: 2 } },
            }
          : EMPTY_PATHS();
      if (nv >= 1) {
        const late = f.travelTimeS > f.standardS;
        this.fireLabels.push({
          position: [path[0] as number, path[1] as number],
          text: `${(f.travelTimeS / 60).toFixed(1)} / ${(f.standardS / 60).toFixed(0)} min`,
          color: late ? [255, 59, 48, 255] : [236, 242, 250, 255],
        });
      }
    } else {
      this.fireRisk = EMPTY_POINTS();
      this.fireRoute = EMPTY_PATHS();
    }
  }

  private buildOutage(o: OutageState | null): void {
    this.outage = [];
    this.outageLabels = [];
    const starts: number[] = [0];
    const pts: number[] = [];
    let biggest = -1;
    let biggestArea = 0;
    const cen = [0, 0];
    if (o) {
      o.areas.forEach((a, k) => {
        const n = a.hull.length >> 1;
        if (n < 3) return;
        const poly: [number, number][] = [];
        let area = 0;
        for (let v = 0; v < n; v++) {
          const x = a.hull[v * 2] as number;
          const y = a.hull[v * 2 + 1] as number;
          poly.push(this.off(x, y));
          pts.push(x * this.degPerMX, y * this.degPerMY);
          const w = (v + 1) % n;
          area += x * (a.hull[w * 2 + 1] as number) - (a.hull[w * 2] as number) * y;
        }
        pts.push(pts[pts.length - n * 2] as number, pts[pts.length - n * 2 + 1] as number);
        starts.push(pts.length / 2);
        this.outage.push({ polygon: poly, color: [...OUTAGE_FILL, OUTAGE_FILL_ALPHA], ref: a.feeder });
        if (Math.abs(area) > biggestArea) {
          biggestArea = Math.abs(area);
          biggest = k;
        }
      });
      if (biggest >= 0 && o.shedMw > 0) {
        ringCentroid((o.areas[biggest] as { hull: readonly number[] }).hull, cen);
        this.outageLabels.push({
          position: this.off(cen[0] as number, cen[1] as number),
          text: `${o.shedMw.toFixed(1)} MW`,
          color: [...OUTAGE_LINE, 255],
        });
      }
    }
    this.outageLines = {
      length: starts.length - 1,
      startIndices: Uint32Array.from(starts),
      attributes: { getPath: { value: Float32Array.from(pts), size: 2 } },
    };
    const nodes = o?.darkSignalNodes ?? [];
    const r = this.model.roads;
    const pos = new Float32Array(nodes.length * 2);
    let k = 0;
    for (const nd of nodes) {
      if (!(nd >= 0 && nd * 2 + 1 < r.nodeXY.length)) continue;
      pos[k * 2] = (r.nodeXY[nd * 2] as number) * this.degPerMX;
      pos[k * 2 + 1] = (r.nodeXY[nd * 2 + 1] as number) * this.degPerMY;
      k++;
    }
    this.darkSignals = { length: k, attributes: { getPosition: { value: pos.subarray(0, k * 2), size: 2 } } };
  }

  private buildEvac(routes: readonly EvacRoute[]): void {
    const ok = routes.filter((rt) => rt.path.length >= 4);
    this.evacRoutes = ok;
    let nv = 0;
    for (const rt of ok) nv += rt.path.length >> 1;
    const starts = new Uint32Array(ok.length + 1);
    const pos = new Float32Array(nv * 2);
    const ts = new Float32Array(nv);
    const width = new Float32Array(ok.length);
    let v = 0;
    let longest = 0;
    ok.forEach((rt, k) => {
      starts[k] = v;
      const total = cumulativeM(rt.path, ts, v);
      if (total > longest) longest = total;
      const n = rt.path.length >> 1;
      for (let j = 0; j < n; j++) {
        pos[(v + j) * 2] = (rt.path[j * 2] as number) * this.degPerMX;
        pos[(v + j) * 2 + 1] = (rt.path[j * 2 + 1] as number) * this.degPerMY;
      }
      width[k] = evacWidthPixels(rt.people);
      v += n;
    });
    starts[ok.length] = v;
    this.evacLongestM = longest;
    // Per route (binary path attributes are per vertex; a per-object accessor reads this by route index).
    this.evacWidth = width;
    this.evac = {
      length: ok.length,
      startIndices: starts,
      attributes: {
        getPath: { value: pos, size: 2 },
        getTimestamps: { value: ts, size: 1 },
      },
    };
  }

  private buildExposure(list: readonly ExposureSummary[]): void {
    const assets = this.sources.assets();
    // The worst severity per asset over all hazards.
    const worst = new Map<number, { severity: number; text: string }>();
    for (const e of list)
      for (const a of e.assets) {
        const w = worst.get(a.asset);
        if (!w || a.severity > w.severity)
          worst.set(a.asset, { severity: a.severity, text: `${a.value.toFixed(2)} ${a.unit}` });
      }
    const ref: { asset: CriticalAsset; severity: number; text: string }[] = [];
    for (const [i, w] of worst) {
      const a = assets[i];
      if (a) ref.push({ asset: a, severity: w.severity, text: w.text });
    }
    ref.sort((p, q) => p.severity - q.severity);
    this.exposedRef = ref;
    const n = ref.length;
    const pos = new Float32Array(n * 2);
    const fill = new Uint8Array(n * 4);
    const line = new Uint8Array(n * 4);
    const pulse: number[] = [];
    ref.forEach((e, k) => {
      pos[k * 2] = e.asset.x * this.degPerMX;
      pos[k * 2 + 1] = e.asset.y * this.degPerMY;
      const kc = this.assetColor(e.asset);
      fill.set([kc[0], kc[1], kc[2], 255], k * 4);
      const sc = colorOf(SEVERITY_COLORS, e.severity);
      line.set([sc[0], sc[1], sc[2], 255], k * 4);
      if (e.severity >= 3) pulse.push(pos[k * 2] as number, pos[k * 2 + 1] as number);
    });
    this.exposed = {
      length: n,
      attributes: {
        getPosition: { value: pos, size: 2 },
        getFillColor: { value: fill, size: 4 },
        getLineColor: { value: line, size: 4 },
      },
    };
    this.pulse = {
      length: pulse.length / 2,
      attributes: { getPosition: { value: Float32Array.from(pulse), size: 2 } },
    };
  }

  private assetColor(a: CriticalAsset): Rgb {
    if (a.source === 'poi') return colorOf(POI_COLORS, this.model.pois.kind[a.index] ?? 10);
    return colorOf(POWER_COLORS, this.model.power.kind[a.index] ?? 0);
  }

  private buildShelters(list: readonly ShelterState[]): void {
    const p = this.model.pois;
    const ok = list.filter((s) => s.poi >= 0 && s.poi < p.count);
    this.shelterRef = ok;
    const n = ok.length;
    const pos = new Float32Array(n * 2);
    const fill = new Uint8Array(n * 4);
    const radius = new Float32Array(n);
    this.shelterLabels = [];
    // Label priority for the declutter (ShelterLabelLayer): open before closed, then most occupants, then capacity.
    const rank: number[] = [];
    ok.forEach((s, k) => {
      const x = p.xy[s.poi * 2] as number;
      const y = p.xy[s.poi * 2 + 1] as number;
      pos[k * 2] = x * this.degPerMX;
      pos[k * 2 + 1] = y * this.degPerMY;
      const g = shelterGauge(s.occupants, s.capacity, s.open);
      fill.set([g.color[0], g.color[1], g.color[2], 255], k * 4);
      // Area-proportional fill: the disc's area is the occupied share of the symbol's (a gauge read at a glance).
      radius[k] = s.open
        ? Math.max(s.occupants > 0 ? 2 : 0, SHELTER_RADIUS_PIXELS * Math.sqrt(g.share))
        : SHELTER_RADIUS_PIXELS;
      this.shelterLabels.push({
        position: [pos[k * 2] as number, pos[k * 2 + 1] as number],
        text: `${Math.round(s.occupants)}/${s.capacity}`,
        color: s.open ? [236, 242, 250, 255] : [150, 158, 170, 255],
      });
      rank.push(k);
    });
    rank.sort(
      (a, b) =>
        Number(ok[b]!.open) - Number(ok[a]!.open) ||
        ok[b]!.occupants - ok[a]!.occupants ||
        ok[b]!.capacity - ok[a]!.capacity ||
        a - b,
    );
    this.shelterLabels = rank.map((k) => this.shelterLabels[k]!);
    this.shelterTrack = { length: n, attributes: { getPosition: { value: pos, size: 2 } } };
    this.shelterFill = {
      length: n,
      attributes: {
        getPosition: { value: pos, size: 2 },
        getFillColor: { value: fill, size: 4 },
        getRadius: { value: radius, size: 1 },
      },
    };
  }

  private buildDamage(quake: ActiveHazard | null): void {
    this.damageRef = quake;
    this.damageCounts.fill(0);
    const ds = quake ? this.sources.damageOf(quake) : null;
    const b = this.model.buildings;
    if (!ds || ds.length < b.count) {
      this.tint = null;
      return;
    }
    const colors = new Uint8Array(b.count * 4);
    for (let i = 0; i < b.count; i++) {
      const s = Math.min(4, ds[i] as number);
      this.damageCounts[s] = (this.damageCounts[s] as number) + 1;
      const c = DAMAGE_COLORS[s] as Rgb;
      colors[i * 4] = c[0];
      colors[i * 4 + 1] = c[1];
      colors[i * 4 + 2] = c[2];
      colors[i * 4 + 3] = 255;
    }
    this.tint = { colors, version: ++this.tintVersion };
  }

  /** The last hover: local metres under the pointer and the text shown (test probe). */
  readonly hover = { x: Number.NaN, y: Number.NaN, depthM: Number.NaN, shown: 0 };

  /**
   * What the map drew, for the test API: versions drawn, build times, counts per layer; with `cell`, the RGBA drawn
   * for that flood cell and (via `toPage`) its page pixels.
   */
  probe(
    vis: HazardVisibility,
    hot: HotHazard,
    cell?: number,
    toPage?: (x: number, y: number) => [number, number] | null,
  ): Record<string, number> {
    const s = this.stats;
    const out: Record<string, number> = {
      floodVersion: this.floodVersion,
      wetCells: vis.flood && this.image ? this.wetCells : 0,
      floodBuilds: s.floodBuilds,
      floodBuildLastMs: s.floodLastMs,
      floodBuildMaxMs: s.floodMaxMs,
      nx: this.nx,
      ny: this.ny,
      version: this.version,
      builds: s.builds,
      buildLastMs: s.lastBuildMs,
      buildMaxMs: s.maxBuildMs,
      frames: s.frames,
      hoverX: this.hover.x,
      hoverY: this.hover.y,
      hoverDepthM: this.hover.depthM,
      hoverShown: this.hover.shown,
      ...this.counts(vis),
    };
    if (cell === undefined) return out;
    const c = this.floodColorAt(cell);
    if (c) [out.r, out.g, out.b, out.a] = c;
    if (cell >= 0 && cell < hot.nx * hot.ny) {
      const x = hot.x0 + (cell % hot.nx) * hot.cellM;
      const y = hot.y0 + Math.floor(cell / hot.nx) * hot.cellM;
      out.cellX = x;
      out.cellY = y;
      out.depthM = hot.depthM[cell] as number;
      const px = toPage?.(x, y) ?? null;
      if (px) [out.px, out.py] = px;
    }
    return out;
  }

  /** True while something animates (evacuation trails, pulsing out-of-service assets). */
  moving(vis: HazardVisibility): boolean {
    return (vis.evacuation && this.evac.length > 0) || (vis.exposure && this.pulse.length > 0);
  }

  /** Counts of what is drawn (test probe). */
  counts(vis: HazardVisibility): Record<string, number> {
    const drawnDamage = vis.damage && this.tint !== null;
    return {
      closedLinks: vis.flood ? new Set(this.closedLink).size : 0,
      closedDashes: vis.flood ? this.closed.length : 0,
      pgaRings: vis.hazardIntensity ? this.rings.length : 0,
      epicentres: vis.hazardIntensity ? this.epicentres.length : 0,
      heatDistricts: vis.hazardIntensity ? this.heat.length : 0,
      fireAtRisk: vis.hazardIntensity ? this.fireRisk.length : 0,
      fireRoute: vis.hazardIntensity ? this.fireRoute.length : 0,
      fireRadius: vis.hazardIntensity ? this.fireRadius.length : 0,
      damaged: drawnDamage ? this.damageCounts.reduce((a, c, i) => (i > 0 ? a + c : a), 0) : 0,
      ...Object.fromEntries(this.damageCounts.map((c, i) => [`damage${i}`, drawnDamage ? c : 0])),
      exposed: vis.exposure ? this.exposed.length : 0,
      exposedPulsing: vis.exposure ? this.pulse.length : 0,
      shelters: vis.shelters ? this.shelterRef.length : 0,
      sheltersOpen: vis.shelters ? this.shelterRef.filter((s) => s.open).length : 0,
      shelterLabels: vis.shelters ? this.shelterLabels.length : 0,
      evacRoutes: vis.evacuation ? this.evac.length : 0,
      evacPeople: vis.evacuation ? this.evacRoutes.reduce((a, r) => a + r.people, 0) : 0,
      outageAreas: vis.outage ? this.outage.length : 0,
      darkSignals: vis.outage ? this.darkSignals.length : 0,
    };
  }

  /**
   * The deck layers at wall time `wallS` (seconds: the evacuation trails and the pulse): `ground` goes under the road
   * links (water, heat districts, outage areas tint the ground; the roads stay readable over them), `top` over the
   * other overlays.
   */
  layers(vis: HazardVisibility, wallS: number): { ground: Layer[]; top: Layer[] } {
    const common = {
      coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
      coordinateOrigin: this.origin,
      positionFormat: 'XY',
    };
    const label = {
      ...common,
      getPosition: (d: Label) => d.position,
      getText: (d: Label) => d.text,
      getColor: (d: Label) => d.color,
      characterSet: 'auto',
      fontFamily: 'system-ui, sans-serif',
      fontWeight: 600,
      fontSettings: { sdf: true },
      outlineWidth: 4,
      outlineColor: [7, 13, 24, 230],
      sizeUnits: 'pixels',
      billboard: true,
      pickable: false,
      // Labels lie at ground level: with the interleaved depth buffer the building walls in front of the anchor hid
      // the text (shelter "occupants/capacity" labels never showed). Always drawn on top, never writing depth.
      parameters: { depthCompare: 'always', depthWriteEnabled: false },
    };
    const p = pulsePhase(wallS, this.pulseNow);
    this.stats.frames++;
    const out: Layer[] = [];
    // Layers that lie on the ground (interleaved depth keeps the building walls in front of them).
    const ground: Layer[] = [
      new BitmapLayer({
        id: HZ_LAYER.flood,
        image: this.image,
        bounds: this.floodBounds,
        _imageCoordinateSystem: COORDINATE_SYSTEM.LNGLAT,
        // Smooth between cell centres: the water reads as a surface, not a pixel grid.
        textureParameters: { minFilter: 'linear', magFilter: 'linear' },
        pickable: false,
        visible: vis.flood && this.image !== null && this.wetCells > 0,
        beforeId: 'building-footprint',
      } as never),
      new SolidPolygonLayer({
        id: HZ_LAYER.heat,
        data: this.heat as never,
        ...common,
        getPolygon: (d: Polygon) => d.polygon,
        getFillColor: (d: Polygon) => d.color,
        updateTriggers: { getFillColor: this.version },
        extruded: false,
        pickable: true,
        visible: vis.hazardIntensity && this.heat.length > 0,
        beforeId: 'building-footprint',
      } as never),
      new SolidPolygonLayer({
        id: HZ_LAYER.outage,
        data: this.outage as never,
        ...common,
        getPolygon: (d: Polygon) => d.polygon,
        getFillColor: (d: Polygon) => d.color,
        extruded: false,
        pickable: true,
        visible: vis.outage && this.outage.length > 0,
        beforeId: 'building-footprint',
      } as never),
    ];
    out.push(
      new ScatterplotLayer({
        id: HZ_LAYER.pga,
        data: this.rings as never,
        ...common,
        getPosition: (d: Ring) => d.position,
        getRadius: (d: Ring) => d.radiusM,
        radiusUnits: 'meters',
        // Outlines only, a faint fill for the innermost degrees: the building damage colours stay readable.
        getFillColor: (d: Ring) => pgaRingFill(d.level, d.color),
        stroked: true,
        getLineColor: (d: Ring) => [...d.color, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: false,
        visible: vis.hazardIntensity && this.rings.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.fireRadius,
        data: this.fireRadius as never,
        ...common,
        getPosition: (d: Ring) => d.position,
        getRadius: (d: Ring) => d.radiusM,
        radiusUnits: 'meters',
        getFillColor: [...FIRE_COLOR, 45],
        stroked: true,
        getLineColor: [...FIRE_COLOR, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: true,
        visible: vis.hazardIntensity && this.fireRadius.length > 0,
      } as never),
    );
    out.push(
      new PathLayer({
        id: HZ_LAYER.outageLine,
        data: this.outageLines as never,
        ...common,
        _pathType: 'open',
        getColor: [...OUTAGE_LINE, 220],
        getWidth: 2,
        widthUnits: 'pixels',
        pickable: false,
        visible: vis.outage && this.outageLines.length > 0,
      } as never),
      new LineLayer({
        id: HZ_LAYER.closed,
        data: this.closed as never,
        ...common,
        getColor: [...CLOSED_LINK_COLOR, 255],
        getWidth: 4,
        widthUnits: 'pixels',
        pickable: true,
        visible: vis.flood && this.closed.length > 0,
      } as never),
      new PathLayer({
        id: HZ_LAYER.evacBase,
        data: this.evac as never,
        ...common,
        _pathType: 'open',
        getColor: [...EVAC_COLOR, 80],
        getWidth: (_: unknown, { index }: { index: number }) => this.evacWidth[index] ?? 2,
        updateTriggers: { getWidth: this.version },
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        pickable: true,
        visible: vis.evacuation && this.evac.length > 0,
      } as never),
      new TripsLayer({
        id: HZ_LAYER.evac,
        data: this.evac as never,
        ...common,
        _pathType: 'open',
        getColor: [...EVAC_COLOR, 255],
        getWidth: (_: unknown, { index }: { index: number }) => this.evacWidth[index] ?? 2,
        updateTriggers: { getWidth: this.version },
        widthUnits: 'pixels',
        widthMinPixels: 2,
        capRounded: true,
        fadeTrail: true,
        trailLength: EVAC_TRAIL_M,
        currentTime: evacClockM(wallS, this.evacLongestM),
        pickable: false,
        visible: vis.evacuation && this.evac.length > 0,
      } as never),
      new PathLayer({
        id: HZ_LAYER.fireRoute,
        data: this.fireRoute as never,
        ...common,
        _pathType: 'open',
        getColor: [...FIRE_ROUTE_COLOR, 240],
        getWidth: 4,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        pickable: false,
        visible: vis.hazardIntensity && this.fireRoute.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.fireRisk,
        data: this.fireRisk as never,
        ...common,
        getRadius: 4,
        radiusUnits: 'pixels',
        getFillColor: [...FIRE_COLOR, 255],
        stroked: true,
        getLineColor: [7, 13, 24, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        pickable: false,
        visible: vis.hazardIntensity && this.fireRisk.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.darkSignals,
        data: this.darkSignals as never,
        ...common,
        getRadius: 5,
        radiusUnits: 'pixels',
        getFillColor: [0, 0, 0, 255],
        stroked: true,
        getLineColor: [...DARK_SIGNAL_RING, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: false,
        visible: vis.outage && this.darkSignals.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.exposedPulse,
        data: this.pulse as never,
        ...common,
        getRadius: EXPOSED_RADIUS_PIXELS + EXPOSED_RING_PIXELS,
        radiusUnits: 'pixels',
        // The pulse animates two uniforms only: no attribute is touched per frame.
        radiusScale: p.scale,
        opacity: p.alpha,
        filled: false,
        stroked: true,
        getLineColor: [...(SEVERITY_COLORS[3] as Rgb), 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: false,
        visible: vis.exposure && this.pulse.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.exposed,
        data: this.exposed as never,
        ...common,
        getRadius: EXPOSED_RADIUS_PIXELS,
        radiusUnits: 'pixels',
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: EXPOSED_RING_PIXELS,
        pickable: true,
        visible: vis.exposure && this.exposed.length > 0,
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.shelterTrack,
        data: this.shelterTrack as never,
        ...common,
        getRadius: SHELTER_RADIUS_PIXELS,
        radiusUnits: 'pixels',
        getFillColor: [...SHELTER_COLORS.track, 235],
        stroked: true,
        getLineColor: [236, 242, 250, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        visible: vis.shelters && this.shelterRef.length > 0,
        parameters: { depthCompare: 'always', depthWriteEnabled: false },
      } as never),
      new ScatterplotLayer({
        id: HZ_LAYER.shelter,
        data: this.shelterFill as never,
        ...common,
        radiusUnits: 'pixels',
        stroked: false,
        pickable: false,
        visible: vis.shelters && this.shelterRef.length > 0,
        parameters: { depthCompare: 'always', depthWriteEnabled: false },
      } as never),
      new ShelterLabelLayer({
        id: HZ_LAYER.shelterLabel,
        labels: this.shelterLabels,
        textProps: {
          ...label,
          getSize: 13,
          getPixelOffset: [0, SHELTER_RADIUS_PIXELS + SHELTER_RING_PIXELS + 8],
        },
        originLonLat: [this.origin[0], this.origin[1]],
        sizePixels: 13,
        offsetYPixels: SHELTER_RADIUS_PIXELS + SHELTER_RING_PIXELS + 8,
        symbolRadiusPixels: SHELTER_RADIUS_PIXELS + SHELTER_RING_PIXELS,
        visible: vis.shelters && this.shelterLabels.length > 0,
      }),
      new TextLayer({
        id: HZ_LAYER.pgaLabel,
        data: this.ringLabels as never,
        ...label,
        getSize: 12,
        getPixelOffset: [0, -8],
        visible: vis.hazardIntensity && this.ringLabels.length > 0,
      } as never),
      new TextLayer({
        id: HZ_LAYER.epicentre,
        data: this.epicentres as never,
        ...label,
        getSize: 30,
        outlineWidth: 3,
        outlineColor: [255, 255, 255, 255],
        pickable: true,
        visible: vis.hazardIntensity && this.epicentres.length > 0,
      } as never),
      new TextLayer({
        id: HZ_LAYER.fireLabel,
        data: this.fireLabels as never,
        ...label,
        getSize: 13,
        getPixelOffset: [0, -14],
        visible: vis.hazardIntensity && this.fireLabels.length > 0,
      } as never),
      new TextLayer({
        id: HZ_LAYER.outageLabel,
        data: this.outageLabels as never,
        ...label,
        getSize: 14,
        visible: vis.outage && this.outageLabels.length > 0,
      } as never),
    );
    return { ground, top: out };
  }

  /** The selection of a click on one of the hazard layers, or null (not a hazard layer / nothing to select). */
  selectionOf(layerId: string, index: number): Selection | null {
    switch (layerId) {
      case HZ_LAYER.closed: {
        const l = this.closedLink[index];
        return l === undefined ? null : { kind: 'link', index: l };
      }
      case HZ_LAYER.exposed: {
        const e = this.exposedRef[index];
        if (!e) return null;
        return e.asset.source === 'poi'
          ? { kind: 'poi', index: e.asset.index }
          : { kind: 'power', index: e.asset.index };
      }
      case HZ_LAYER.shelterTrack: {
        const s = this.shelterRef[index];
        return s ? { kind: 'poi', index: s.poi } : null;
      }
      case HZ_LAYER.evacBase: {
        const r = this.evacRoutes[index];
        return r ? { kind: 'poi', index: r.shelter } : null;
      }
      case HZ_LAYER.epicentre: {
        const e = this.epicentres[index];
        return e ? { kind: 'hazard', id: e.id } : null;
      }
      case HZ_LAYER.fireRadius: {
        const f = this.fireRadius[index];
        return f ? { kind: 'hazard', id: f.id } : null;
      }
      default:
        return null;
    }
  }

  /** True when `layerId` is one of the hazard layers. */
  static owns(layerId: string): boolean {
    return layerId.startsWith('hz-');
  }

  /**
   * Hover text of a hazard pick (null: not a hazard layer) — closed road, exposed asset, shelter, evacuation route,
   * heat district, fire, outage area.
   */
  hoverText(layerId: string, index: number, lang: Lang): string | null {
    const t = dict(lang);
    switch (layerId) {
      case HZ_LAYER.closed: {
        const l = this.closedLink[index];
        return l === undefined ? null : t.hzMapClosedLink(l);
      }
      case HZ_LAYER.exposed: {
        const e = this.exposedRef[index];
        if (!e) return null;
        return `${t.hzCritical(e.asset.kind)} · ${t.hzSeverity(e.severity as 1 | 2 | 3)} · ${e.text}`;
      }
      case HZ_LAYER.shelterTrack: {
        const s = this.shelterRef[index];
        if (!s) return null;
        return t.hzMapShelter(Math.round(s.occupants), s.capacity, s.open);
      }
      case HZ_LAYER.evacBase: {
        const r = this.evacRoutes[index];
        return r ? t.hzMapEvacRoute(r.people, r.lengthM / 1000, r.timeS / 60) : null;
      }
      case HZ_LAYER.heat: {
        const d = this.heat[index];
        const h = this.heatRef;
        if (!d || !h) return null;
        const z = h.districts.find((x) => x.zone === d.ref);
        if (!z) return null;
        const nm = this.model.zones.names.get(d.ref);
        const name = nm ? ((lang === 'zh' ? nm.zh : nm.en) ?? nm.name) : `#${d.ref}`;
        return t.hzMapHeatDistrict(name, t.hzAlert(z.level), z.risk, h.heatIndexC);
      }
      case HZ_LAYER.outage: {
        const a = this.outage[index];
        return a ? t.hzMapOutageArea(a.ref) : null;
      }
      case HZ_LAYER.fireRadius: {
        const f = this.fireRadius[index];
        return f ? t.hzMapFire(f.radiusM, this.fireRisk.length) : null;
      }
      case HZ_LAYER.epicentre:
        return this.epicentres[index] ? t.hzKind('earthquake') : null;
      default:
        return null;
    }
  }
}

/** The water-depth hover text at local (x, y), or null where the ground is dry (below FLOOD_MIN_M) or off the grid. */
export function floodHoverText(hot: HotHazard, x: number, y: number, lang: Lang): string | null {
  const d = hot.depthAt(x, y);
  if (!(d >= FLOOD_MIN_M)) return null;
  return dict(lang).hzMapWaterDepth(d);
}

/** deck layers of the hazard map that answer hover picks. */
const HOVER_LAYERS: string[] = [
  HZ_LAYER.closed,
  HZ_LAYER.exposed,
  HZ_LAYER.shelterTrack,
  HZ_LAYER.evacBase,
  HZ_LAYER.heat,
  HZ_LAYER.outage,
  HZ_LAYER.fireRadius,
  HZ_LAYER.epicentre,
];

/**
 * The hazard hover: at most one pick per animation frame, over the hazard layers only; shows the water depth under
 * the pointer ("积水 0.42 m", from the ground point maplibre unprojects) and what the hazard symbol there is, in a
 * tooltip of its own just above the pointer (the selection tooltip sits below it). Returns the uninstall function.
 */
export function installHazardHover(
  map: maplibregl.Map,
  overlay: MapboxOverlay,
  hz: HazardMap,
  hot: HotHazard,
  getState: () => { readonly lang: Lang; readonly layers: Readonly<Record<LayerId, boolean>> },
): () => void {
  const tip = createTooltip(map.getContainer(), 'map-hazard-tooltip');
  const frame = createLocalFrame(lonLat(hz.model.meta.origin.lon, hz.model.meta.origin.lat));
  let pending: { x: number; y: number } | null = null;
  let raf = 0;
  const onFrame = (): void => {
    raf = 0;
    const p = pending;
    pending = null;
    if (!p) return;
    const st = getState();
    const lines: string[] = [];
    if (st.layers.flood && hot.nx > 0) {
      const ll = map.unproject([p.x, p.y]);
      const xy = frame.toLocal(lonLat(ll.lng, ll.lat));
      hz.hover.x = xy[0];
      hz.hover.y = xy[1];
      hz.hover.depthM = hot.depthAt(xy[0], xy[1]);
      const t = floodHoverText(hot, xy[0], xy[1], st.lang);
      if (t) lines.push(t);
    }
    const info = overlay.pickObject({ x: p.x, y: p.y, radius: 4, layerIds: HOVER_LAYERS });
    if (info?.layer && info.index >= 0) {
      const t = hz.hoverText(info.layer.id, info.index, st.lang);
      if (t) lines.push(t);
    }
    if (lines.length === 0) {
      hz.hover.shown = 0;
      tip.hide();
      return;
    }
    hz.hover.shown = 1;
    // Above the pointer: the selection tooltip (mapExtras.ts) is drawn below it.
    tip.show(lines.join(' · '), p.x, p.y - 26 - 18 * lines.length);
  };
  const onMove = (e: maplibregl.MapMouseEvent): void => {
    pending = { x: e.point.x, y: e.point.y };
    if (!raf) raf = requestAnimationFrame(onFrame);
  };
  const onOut = (): void => {
    pending = null;
    hz.hover.shown = 0;
    tip.hide();
  };
  map.on('mousemove', onMove);
  map.on('mouseout', onOut);
  map.on('movestart', onOut);
  return () => {
    if (raf) cancelAnimationFrame(raf);
    map.off('mousemove', onMove);
    map.off('mouseout', onOut);
    map.off('movestart', onOut);
    tip.remove();
  };
}
