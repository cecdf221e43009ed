/**
 * The live grid on the map (源网荷储): HV lines and 10 kV feeder sections coloured by loading with moving flow dots,
 * stations / PV / storage / thermal and wind units as symbols sized by power, storage state-of-charge rings, and
 * pulsing alarm marks. Styles and their sources: energyStyle.ts.
 *
 * Data flow (DESIGN.md rule 3): `EnergyMap` is built once per grid model; geometry (binary paths, positions) keeps its
 * identity. `sync` re-derives colours and sizes only when hotEnergy.version (or the zoom) changed; `animate` writes
 * the flow-dot positions of one frame into the other of two preallocated Float32 buffers (deck re-uploads a binary
 * attribute only when its descriptor object changes, so ping-pong is what makes it upload, with no allocation).
 */
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { PowerKind, type CityModel } from '../../core/scene/types.ts';
import type { CityGridModel } from '../../core/energy/city/gridModel.ts';
import type { AlarmKind, EnergyAlarm } from '../../core/energy/city/energySim.ts';
import type { EnergyAssetKind } from '../../core/protocol/energyMessages.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
import type { HotEnergy } from '../../feed/hotEnergy.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { HIGHLIGHT, POWER_COLORS } from '../../app/palette.ts';
import { toLonLat } from './mapStyle.ts';
import { trafficWidthScale } from './trafficStyle.ts';
import {
  ALARM_MARK_COLORS,
  ALARM_RADIUS_PIXELS,
  AlarmMark,
  EARTH_RADIUS_M,
  FLOW_FORWARD_COLOR,
  FLOW_MIN_MW,
  FLOW_REVERSE_COLOR,
  HV_LINE_WIDTH_PIXELS,
  PV_COLOR,
  SECTION_WIDTH_PIXELS,
  SOC_ARC_VERTICES,
  SOC_RING_COLOR,
  SOC_RING_GAP_PIXELS,
  SOC_RING_WIDTH_PIXELS,
  SOC_TRACK_COLOR,
  STORAGE_MIN_RADIUS_PIXELS,
  alarmPulseScale,
  flowDotCount,
  flowDotShare,
  flowSpeedPixelsPerS,
  loadingColor,
  metersPerPixel,
  powerRadiusPixels,
  socArc,
  storageColor,
} from './energyStyle.ts';

/** deck layer ids of the energy layers (picking maps them back to selections). */
export const ENERGY_LAYER = {
  hv: 'energy-hv',
  sections: 'energy-sections',
  flow: 'energy-flow',
  stations: 'energy-stations',
  pv: 'energy-pv',
  storage: 'energy-storage',
  socTrack: 'energy-soc-track',
  soc: 'energy-soc',
  gen: 'energy-gen',
  alarms: 'energy-alarms',
} as const;

/** Where an alarm of `kind` is marked and how: the element kind its index counts, and the mark family. */
export function alarmPlacement(kind: AlarmKind): { asset: EnergyAssetKind; mark: AlarmMark } | null {
  switch (kind) {
    case 'sectionOverload':
      return { asset: 'bus', mark: AlarmMark.overload };
    case 'transformerOverload':
    case 'importOverload':
      return { asset: 'station', mark: AlarmMark.overload };
    case 'hvLineOverload':
      return { asset: 'hvLine', mark: AlarmMark.overload };
    case 'undervoltage':
    case 'overvoltage':
      return { asset: 'bus', mark: AlarmMark.voltage };
    case 'loadShed':
      return { asset: 'feeder', mark: AlarmMark.shed };
    case 'unserved':
    case 'powerFlow':
      // System-wide: no place on the map (the energy panel lists them).
      return null;
  }
}

/** Binary PathLayer data (lon/lat). */
interface PathBinary {
  readonly length: number;
  readonly startIndices: Uint32Array;
  readonly attributes: { readonly getPath: { readonly value: Float64Array; readonly size: 2 } };
}

/** Binary ScatterplotLayer positions (lon/lat). */
interface PointBinary {
  readonly length: number;
  readonly attributes: { readonly getPosition: { readonly value: Float64Array; readonly size: 2 } };
}

/** One ping-pong buffer of flow dots (positions as lon/lat offsets from the scene origin). */
interface DotBinary {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4 };
  };
}

/**
 * Line elements (HV lines then sections) as polylines: vertex range per element, cumulative length in metres per
 * vertex (0 at each element's start), and lon/lat offsets from the scene origin per vertex.
 */
export interface LinePolylines {
  readonly count: number;
  readonly start: Uint32Array;
  readonly cumM: Float64Array;
  readonly dLonLat: Float64Array;
}

/**
 * Writes the flow dots of element e at `timeS` into pos (lon/lat offsets) from dot `first`: n dots spaced evenly,
 * moving in the direction of `flowMw` (see flowDotShare). Walks the polyline once (dots in order of distance).
 */
export function writeElementDots(
  lines: LinePolylines,
  e: number,
  n: number,
  timeS: number,
  speedPps: number,
  flowMw: number,
  pos: Float32Array,
  first: number,
): void {
  const v0 = lines.start[e] as number;
  const v1 = (lines.start[e + 1] as number) - 1;
  const len = lines.cumM[v1] as number;
  const cum = lines.cumM;
  const ll = lines.dLonLat;
  let j = v0;
  // Shares grow with k for a forward flow and shrink for a reverse one: visit dots by growing distance.
  for (let i = 0; i < n; i++) {
    const k = flowMw < 0 ? n - 1 - i : i;
    const s = flowDotShare(k, n, timeS, speedPps, flowMw) * len;
    while (j < v1 - 1 && (cum[j + 1] as number) < s) j++;
    const a = cum[j] as number;
    const seg = (cum[j + 1] as number) - a;
    const t = seg > 0 ? (s - a) / seg : 0;
    const o = (first + k) * 2;
    pos[o] = (ll[j * 2] as number) + ((ll[j * 2 + 2] as number) - (ll[j * 2] as number)) * t;
    pos[o + 1] = (ll[j * 2 + 1] as number) + ((ll[j * 2 + 3] as number) - (ll[j * 2 + 1] as number)) * t;
  }
}

/** Vertices (local metres) of HV line k: the scene line's geometry oriented hvFrom → hvTo, ends on the stations. */
function hvLineVertices(city: CityModel, g: CityGridModel, k: number): number[] {
  const a = g.hvFrom[k] as number;
  const b = g.hvTo[k] as number;
  const ax = g.stationX[a] as number;
  const ay = g.stationY[a] as number;
  const bx = g.stationX[b] as number;
  const by = g.stationY[b] as number;
  const out = [ax, ay];
  const l = g.hvSceneLine[k] as number;
  const lines = city.power.lines;
  if (l >= 0 && l < lines.count) {
    const s0 = lines.geomStart[l] as number;
    const s1 = lines.geomStart[l + 1] as number;
    if (s1 - s0 >= 2) {
      const d2 = (v: number, x: number, y: number) =>
        ((lines.xy[v * 2] as number) - x) ** 2 + ((lines.xy[v * 2 + 1] as number) - y) ** 2;
      // The scene line may be digitised either way round: start from its end nearer hvFrom.
      const reversed = d2(s1 - 1, ax, ay) < d2(s0, ax, ay);
      for (let i = 0; i < s1 - s0; i++) {
        const v = reversed ? s1 - 1 - i : s0 + i;
        out.push(lines.xy[v * 2] as number, lines.xy[v * 2 + 1] as number);
      }
    }
  }
  out.push(bx, by);
  // Drop zero-length steps (a line end snapped exactly onto its station).
  const clean = [out[0] as number, out[1] as number];
  for (let i = 2; i < out.length; i += 2) {
    const x = out[i] as number;
    const y = out[i + 1] as number;
    if (
      Math.abs(x - (clean[clean.length - 2] as number)) + Math.abs(y - (clean[clean.length - 1] as number)) >
      0.5
    )
      clean.push(x, y);
  }
  if (clean.length < 4) clean.push(bx, by);
  return clean;
}

/** Builds the line polylines (HV lines, then one straight section per bus: parent bus or station → bus). */
export function buildLinePolylines(
  city: CityModel,
  g: CityGridModel,
): { lines: LinePolylines; xy: Float32Array } {
  const hv: number[][] = [];
  let nv = 0;
  for (let k = 0; k < g.hvLineCount; k++) {
    const v = hvLineVertices(city, g, k);
    hv.push(v);
    nv += v.length / 2;
  }
  nv += 2 * g.busCount;
  const count = g.hvLineCount + g.busCount;
  const start = new Uint32Array(count + 1);
  const xy = new Float32Array(nv * 2);
  const cumM = new Float64Array(nv);
  let o = 0;
  const push = (x: number, y: number, first: boolean) => {
    if (first) cumM[o] = 0;
    else {
      const dx = x - (xy[o * 2 - 2] as number);
      const dy = y - (xy[o * 2 - 1] as number);
      cumM[o] = (cumM[o - 1] as number) + Math.sqrt(dx * dx + dy * dy);
    }
    xy[o * 2] = x;
    xy[o * 2 + 1] = y;
    o++;
  };
  for (let k = 0; k < g.hvLineCount; k++) {
    start[k] = o;
    const v = hv[k] as number[];
    for (let i = 0; i < v.length; i += 2) push(v[i] as number, v[i + 1] as number, i === 0);
  }
  for (let i = 0; i < g.busCount; i++) {
    start[g.hvLineCount + i] = o;
    const p = g.busParent[i] as number;
    const s = g.busStation[i] as number;
    push(
      p >= 0 ? (g.busX[p] as number) : (g.stationX[s] as number),
      p >= 0 ? (g.busY[p] as number) : (g.stationY[s] as number),
      true,
    );
    push(g.busX[i] as number, g.busY[i] as number, false);
  }
  start[count] = o;
  const ll = toLonLat(city, xy);
  const lon0 = city.meta.origin.lon;
  const lat0 = city.meta.origin.lat;
  const dLonLat = new Float64Array(ll.length);
  for (let v = 0; v < nv; v++) {
    dLonLat[v * 2] = (ll[v * 2] as number) - lon0;
    dLonLat[v * 2 + 1] = (ll[v * 2 + 1] as number) - lat0;
  }
  return { lines: { count, start, cumM, dLonLat }, xy };
}

/** Local metres → lon/lat of a list of points. */
function pointsLonLat(
  city: CityModel,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  n: number,
): Float64Array {
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[i * 2] = xs[i] as number;
    xy[i * 2 + 1] = ys[i] as number;
  }
  return toLonLat(city, xy);
}

/** Which store layers are on (the three energy layer toggles). */
export interface EnergyVisibility {
  readonly grid: boolean;
  readonly energyAssets: boolean;
  readonly energyAlarms: boolean;
}

/** Flow-animation statistics for the probe and the report. */
export interface FlowStats {
  frames: number;
  dots: number;
  lastMs: number;
  maxMs: number;
  totalMs: number;
}

const NAN = Number.NaN;
// Accessor scratch (deck copies the returned colour into its attribute before the next call).
const lineScratch = [0, 0, 0, 255];
const symbolScratch = [0, 0, 0, 255];
const col = (a: Float32Array | undefined, i: number, n: number): number =>
  a !== undefined && i < n && a.length > i ? (a[i] as number) : NAN;

/** The map's live-grid drawing state for one grid model. */
export class EnergyMap {
  readonly city: CityModel;
  readonly grid: CityGridModel;
  /** HV lines and sections as binary paths (the section of bus i is path i of `sections`). */
  readonly hvPaths: PathBinary;
  readonly sectionPaths: PathBinary;
  readonly lines: LinePolylines;
  /** RGBA per line element (HV lines, then sections) as drawn. */
  readonly lineColors: Uint8Array;
  private readonly lineFlowMw: Float32Array;
  private readonly stationPos: PointBinary;
  readonly stationRadiusPx: Float32Array;
  readonly stationColors: Uint8Array;
  private readonly pvPos: PointBinary;
  readonly pvRadiusPx: Float32Array;
  private readonly pvLive: Uint8Array;
  private readonly storagePos: PointBinary;
  readonly storageRadiusPx: Float32Array;
  readonly storageColors: Uint8Array;
  private readonly storageLonLat: Float64Array;
  /** Storage symbol and ring radii at the current zoom, metres (they must scale together while zooming). */
  private readonly storageRadiusM: Float32Array;
  private readonly ringRadiusM: Float32Array;
  private socPaths: PathBinary;
  private readonly genPos: PointBinary;
  private readonly genAsset: Int32Array;
  private readonly genKind: Uint8Array;
  private readonly genRadiusPx: Float32Array;
  // Flow dots: per element dot count, first dot, speed; two position buffers.
  private readonly dotCount: Uint16Array;
  private readonly dotFirst: Uint32Array;
  private readonly dotSpeed: Float32Array;
  private dots: [DotBinary, DotBinary];
  private dotSide = 0;
  private dotTimeS = 0;
  // Alarms (rebuilt when the store's list changes).
  private alarmList: readonly EnergyAlarm[] | null = null;
  private alarmPos: PointBinary = {
    length: 0,
    attributes: { getPosition: { value: new Float64Array(0), size: 2 } },
  };
  private alarmMark = new Uint8Array(0);
  private alarmAsset: EnergyAssetKind[] = [];
  private alarmIndex = new Int32Array(0);
  /** hotEnergy.version drawn (−1: none yet) and the zoom the dots and rings were laid out for. */
  drawnVersion = -1;
  private layoutZoom = NaN;
  readonly flowStats: FlowStats = { frames: 0, dots: 0, lastMs: 0, maxMs: 0, totalMs: 0 };

  constructor(city: CityModel, grid: CityGridModel) {
    this.city = city;
    this.grid = grid;
    const { lines, xy } = buildLinePolylines(city, grid);
    this.lines = lines;
    const ll = toLonLat(city, xy);
    const hvEnd = lines.start[grid.hvLineCount] as number;
    const hvStart = lines.start.slice(0, grid.hvLineCount + 1);
    const secStart = new Uint32Array(grid.busCount + 1);
    for (let i = 0; i <= grid.busCount; i++)
      secStart[i] = (lines.start[grid.hvLineCount + i] as number) - hvEnd;
    this.hvPaths = {
      length: grid.hvLineCount,
      startIndices: hvStart,
      attributes: { getPath: { value: ll.slice(0, hvEnd * 2), size: 2 } },
    };
    this.sectionPaths = {
      length: grid.busCount,
      startIndices: secStart,
      attributes: { getPath: { value: ll.slice(hvEnd * 2), size: 2 } },
    };
    this.lineColors = new Uint8Array(lines.count * 4);
    this.lineFlowMw = new Float32Array(lines.count);
    const ns = grid.stationCount;
    this.stationPos = {
      length: ns,
      attributes: { getPosition: { value: pointsLonLat(city, grid.stationX, grid.stationY, ns), size: 2 } },
    };
    this.stationRadiusPx = new Float32Array(ns);
    this.stationColors = new Uint8Array(ns * 4);
    const unit = [0, 0];
    const unitPos = (kind: 'pv' | 'storage', n: number): Float64Array => {
      const xs = new Float64Array(n);
      const ys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        energyAssetXY(city, grid, kind, i, unit);
        xs[i] = unit[0] as number;
        ys[i] = unit[1] as number;
      }
      return pointsLonLat(city, xs, ys, n);
    };
    this.pvPos = {
      length: grid.pv.count,
      attributes: { getPosition: { value: unitPos('pv', grid.pv.count), size: 2 } },
    };
    this.pvRadiusPx = new Float32Array(grid.pv.count);
    this.pvLive = new Uint8Array(grid.pv.count);
    const nst = grid.storage.count;
    this.storageLonLat = unitPos('storage', nst);
    this.storagePos = { length: nst, attributes: { getPosition: { value: this.storageLonLat, size: 2 } } };
    this.storageRadiusPx = new Float32Array(nst);
    this.storageColors = new Uint8Array(nst * 4);
    this.storageRadiusM = new Float32Array(nst);
    this.ringRadiusM = new Float32Array(nst);
    this.socPaths = {
      length: nst,
      startIndices: Uint32Array.from({ length: nst + 1 }, (_, i) => i * SOC_ARC_VERTICES),
      attributes: { getPath: { value: new Float64Array(nst * SOC_ARC_VERTICES * 2), size: 2 } },
    };
    // Thermal and wind units: no per-unit live output in the state, so sized by rating and drawn hollow.
    const ng = grid.thermal.count + grid.wind.count;
    this.genAsset = new Int32Array(ng);
    this.genKind = new Uint8Array(ng);
    this.genRadiusPx = new Float32Array(ng);
    const gx = new Float64Array(ng);
    const gy = new Float64Array(ng);
    for (let i = 0; i < ng; i++) {
      const th = i < grid.thermal.count;
      const set = th ? grid.thermal : grid.wind;
      const j = th ? i : i - grid.thermal.count;
      const a = set.asset[j] as number;
      this.genAsset[i] = a;
      this.genKind[i] = th ? PowerKind.plant : PowerKind.wind; // POWER_COLORS index
      this.genRadiusPx[i] = powerRadiusPixels(set.ratingMw[j] as number);
      const b = set.bus[j] as number;
      const s = set.station[j] as number;
      gx[i] =
        a >= 0 && a < city.power.count
          ? (city.power.xy[a * 2] as number)
          : b >= 0
            ? (grid.busX[b] as number)
            : (grid.stationX[s] as number);
      gy[i] =
        a >= 0 && a < city.power.count
          ? (city.power.xy[a * 2 + 1] as number)
          : b >= 0
            ? (grid.busY[b] as number)
            : (grid.stationY[s] as number);
    }
    this.genPos = {
      length: ng,
      attributes: { getPosition: { value: pointsLonLat(city, gx, gy, ng), size: 2 } },
    };
    this.dotCount = new Uint16Array(lines.count);
    this.dotFirst = new Uint32Array(lines.count + 1);
    this.dotSpeed = new Float32Array(lines.count);
    this.dots = [this.newDots(1024), this.newDots(1024)];
    this.sync(null, 13);
  }

  private newDots(capacity: number): DotBinary {
    return {
      length: 0,
      attributes: {
        getPosition: { value: new Float32Array(capacity * 2), size: 2 },
        getFillColor: { value: new Uint8Array(capacity * 4), size: 4 },
      },
    };
  }

  /**
   * Re-derives colours, sizes, flow dots and SoC rings from `hot` when its version (or the zoom the dots are laid
   * out for) changed; returns true when anything changed. `hot` null or with other counts: everything grey, no dots.
   */
  sync(hot: HotEnergy | null, zoom: number): boolean {
    const g = this.grid;
    const counts = hot?.counts;
    const match =
      hot !== null &&
      counts !== undefined &&
      counts.bus === g.busCount &&
      counts.hvLine === g.hvLineCount &&
      counts.station === g.stationCount &&
      counts.storage === g.storage.count &&
      counts.pv === g.pv.count;
    const version = match ? hot.version : 0;
    const zoomChanged = !(Math.abs(zoom - this.layoutZoom) < 1e-3);
    if (version === this.drawnVersion && !zoomChanged) return false;
    const c = match ? hot.columns : null;
    const nh = g.hvLineCount;
    if (version !== this.drawnVersion) {
      const lc = this.lineColors;
      for (let k = 0; k < nh; k++) {
        const pct = col(c?.hvLineLoadingPct, k, nh);
        loadingColor(pct, lc.subarray(k * 4, k * 4 + 3));
        lc[k * 4 + 3] = Number.isFinite(pct) ? 255 : 150;
        this.lineFlowMw[k] = col(c?.hvLineFlowMw, k, nh);
      }
      for (let i = 0; i < g.busCount; i++) {
        const e = nh + i;
        let pct = col(c?.sectionLoadingPct, i, g.busCount);
        const v = col(c?.busVoltagePu, i, g.busCount);
        // A de-energised bus (voltage 0: tripped or shed) has no loading to show, whatever travelled as its value.
        if (v === 0) pct = NAN;
        loadingColor(pct, lc.subarray(e * 4, e * 4 + 3));
        lc[e * 4 + 3] = Number.isFinite(pct) ? 235 : 130;
        this.lineFlowMw[e] = v === 0 ? NAN : col(c?.sectionFlowMw, i, g.busCount);
      }
      for (let s = 0; s < g.stationCount; s++) {
        this.stationRadiusPx[s] = powerRadiusPixels(col(c?.stationLoadMw, s, g.stationCount));
        loadingColor(
          col(c?.stationLoadingPct, s, g.stationCount),
          this.stationColors.subarray(s * 4, s * 4 + 3),
        );
        this.stationColors[s * 4 + 3] = 255;
      }
      for (let i = 0; i < g.pv.count; i++) {
        const mw = col(c?.pvUnitMw, i, g.pv.count);
        this.pvRadiusPx[i] = powerRadiusPixels(mw);
        this.pvLive[i] = mw > 0 ? 1 : 0;
      }
      for (let i = 0; i < g.storage.count; i++) {
        const mw = col(c?.storageMw, i, g.storage.count);
        this.storageRadiusPx[i] = Math.max(STORAGE_MIN_RADIUS_PIXELS, powerRadiusPixels(mw));
        const sc = storageColor(mw);
        this.storageColors.set(sc, i * 4);
        this.storageColors[i * 4 + 3] = 255;
      }
    }
    this.drawnVersion = version;
    this.layoutZoom = zoom;
    this.layoutDots(zoom);
    this.layoutStorage(c?.storageSocPct, zoom);
    return true;
  }

  /** Dot counts per element for the on-screen lengths at `zoom`, their speeds and colours. */
  private layoutDots(zoom: number): void {
    const L = this.lines;
    const mpp = metersPerPixel(zoom, this.city.meta.origin.lat);
    let total = 0;
    for (let e = 0; e < L.count; e++) {
      this.dotFirst[e] = total;
      const mw = this.lineFlowMw[e] as number;
      const lenM = L.cumM[(L.start[e + 1] as number) - 1] as number;
      const n = Math.abs(mw) >= FLOW_MIN_MW ? flowDotCount(lenM / mpp) : 0;
      this.dotCount[e] = n;
      this.dotSpeed[e] = flowSpeedPixelsPerS(mw);
      total += n;
    }
    this.dotFirst[L.count] = total;
    if (total > this.dots[0].attributes.getFillColor.value.length / 4) {
      const cap = Math.max(total, 2 * (this.dots[0].attributes.getFillColor.value.length / 4));
      this.dots = [this.newDots(cap), this.newDots(cap)];
    }
    // Both buffers share one colour descriptor, so deck uploads the colours only when they are re-laid out.
    const colors = this.dots[0].attributes.getFillColor.value;
    for (let e = 0; e < L.count; e++) {
      const cc = (this.lineFlowMw[e] as number) < 0 ? FLOW_REVERSE_COLOR : FLOW_FORWARD_COLOR;
      for (let d = this.dotFirst[e] as number; d < (this.dotFirst[e + 1] as number); d++) {
        colors[d * 4] = cc[0];
        colors[d * 4 + 1] = cc[1];
        colors[d * 4 + 2] = cc[2];
        colors[d * 4 + 3] = 230;
      }
    }
    const fill = { value: colors, size: 4 as const };
    for (const b of this.dots) {
      b.length = total;
      b.attributes.getFillColor = fill;
    }
    this.flowStats.dots = total;
    this.writeDots(this.dotTimeS);
  }

  /** Storage radii in metres for `zoom` and the SoC arcs around them. */
  private layoutStorage(soc: Float32Array | undefined, zoom: number): void {
    const n = this.grid.storage.count;
    const lat = this.city.meta.origin.lat;
    const mpp = metersPerPixel(zoom, lat);
    // Degrees per metre on the spherical earth: east scaled by 1/cos φ (Web Mercator is conformal, so the ring
    // stays a circle on screen).
    const degPerM = 180 / (Math.PI * EARTH_RADIUS_M);
    const cosLat = Math.cos((lat * Math.PI) / 180);
    const out = new Float64Array(n * SOC_ARC_VERTICES * 2);
    for (let i = 0; i < n; i++) {
      const rPx = this.storageRadiusPx[i] as number;
      this.storageRadiusM[i] = rPx * mpp;
      const ringM = (rPx + SOC_RING_GAP_PIXELS + SOC_RING_WIDTH_PIXELS / 2) * mpp;
      this.ringRadiusM[i] = ringM;
      socArc(
        this.storageLonLat[i * 2] as number,
        this.storageLonLat[i * 2 + 1] as number,
        (ringM * degPerM) / cosLat,
        ringM * degPerM,
        col(soc, i, n),
        out,
        i * SOC_ARC_VERTICES * 2,
      );
    }
    // New identity: the rings change only with the state or the zoom.
    this.socPaths = { ...this.socPaths, attributes: { getPath: { value: out, size: 2 } } };
  }

  /** Writes dot positions for `timeS` into the back buffer and makes it the front one. */
  private writeDots(timeS: number): void {
    const back = this.dots[1 - this.dotSide] as DotBinary;
    const pos = back.attributes.getPosition.value;
    for (let e = 0; e < this.lines.count; e++) {
      const n = this.dotCount[e] as number;
      if (n > 0)
        writeElementDots(
          this.lines,
          e,
          n,
          timeS,
          this.dotSpeed[e] as number,
          this.lineFlowMw[e] as number,
          pos,
          this.dotFirst[e] as number,
        );
    }
    this.dotSide = 1 - this.dotSide;
  }

  /** Advances the flow dots to wall time `timeS` (s); returns false when there is nothing to move. */
  animate(timeS: number): boolean {
    this.dotTimeS = timeS;
    if (this.flowStats.dots === 0) return false;
    const t0 = performance.now();
    this.writeDots(timeS);
    const ms = performance.now() - t0;
    const st = this.flowStats;
    st.frames++;
    st.lastMs = ms;
    st.totalMs += ms;
    if (ms > st.maxMs) st.maxMs = ms;
    return true;
  }

  /** The alarm list last placed (identity: the store's array). */
  get alarmsShown(): readonly EnergyAlarm[] | null {
    return this.alarmList;
  }

  /** Number of alarms with a place on the map. */
  get alarmCount(): number {
    return this.alarmPos.length;
  }

  /** Places the store's active alarms (rebuilt only when the list's identity changes). */
  setAlarms(list: readonly EnergyAlarm[]): void {
    if (list === this.alarmList) return;
    this.alarmList = list;
    const g = this.grid;
    const xs: number[] = [];
    const ys: number[] = [];
    const marks: number[] = [];
    const assets: EnergyAssetKind[] = [];
    const idx: number[] = [];
    const p = [0, 0];
    for (const a of list) {
      const place = alarmPlacement(a.kind);
      if (place === null || a.index < 0) continue;
      if (place.mark === AlarmMark.voltage) {
        // A voltage limit is a property of the bus itself, not of its upstream section.
        if (!(a.index < g.busCount)) continue;
        p[0] = g.busX[a.index] as number;
        p[1] = g.busY[a.index] as number;
      } else if (!energyAssetXY(this.city, g, place.asset, a.index, p)) continue;
      xs.push(p[0] as number);
      ys.push(p[1] as number);
      marks.push(place.mark);
      assets.push(place.asset);
      idx.push(a.index);
    }
    this.alarmPos = {
      length: xs.length,
      attributes: { getPosition: { value: pointsLonLat(this.city, xs, ys, xs.length), size: 2 } },
    };
    this.alarmMark = Uint8Array.from(marks);
    this.alarmAsset = assets;
    this.alarmIndex = Int32Array.from(idx);
  }

  /** The selection a pick on energy layer `layerId` at `index` stands for (null: not an energy layer). */
  selectionOf(layerId: string, index: number): Selection | null {
    if (index < 0) return null;
    switch (layerId) {
      case ENERGY_LAYER.hv:
        return { kind: 'energy', asset: 'hvLine', index };
      case ENERGY_LAYER.sections:
        return { kind: 'energy', asset: 'bus', index };
      case ENERGY_LAYER.stations:
        return { kind: 'energy', asset: 'station', index };
      case ENERGY_LAYER.pv:
        return { kind: 'energy', asset: 'pv', index };
      case ENERGY_LAYER.storage:
        return { kind: 'energy', asset: 'storage', index };
      case ENERGY_LAYER.gen: {
        const a = this.genAsset[index];
        return a !== undefined && a >= 0 ? { kind: 'power', index: a } : null;
      }
      case ENERGY_LAYER.alarms: {
        const asset = this.alarmAsset[index];
        const i = this.alarmIndex[index];
        return asset !== undefined && i !== undefined ? { kind: 'energy', asset, index: i } : null;
      }
      default:
        return null;
    }
  }

  private hlKey = '';
  private hlPath: number[][] | null = null;

  /** Lon/lat path of a selected HV line or section (memoised per selection), else null. */
  private highlightPath(sel: Selection | null): number[][] | null {
    if (sel?.kind !== 'energy' || (sel.asset !== 'bus' && sel.asset !== 'hvLine')) return null;
    const key = `${sel.asset}:${sel.index}`;
    if (key === this.hlKey) return this.hlPath;
    this.hlKey = key;
    const paths = sel.asset === 'bus' ? this.sectionPaths : this.hvPaths;
    this.hlPath = null;
    if (sel.index >= 0 && sel.index < paths.length) {
      const ll = paths.attributes.getPath.value;
      const path: number[][] = [];
      for (
        let v = paths.startIndices[sel.index] as number;
        v < (paths.startIndices[sel.index + 1] as number);
        v++
      )
        path.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
      this.hlPath = path;
    }
    return this.hlPath;
  }

  /** The deck layers for the current state; `timeS` drives the alarm pulse, `zoom` the line widths. */
  layers(vis: EnergyVisibility, timeS: number, zoom: number, selection: Selection | null = null): Layer[] {
    const origin = [this.city.meta.origin.lon, this.city.meta.origin.lat, 0];
    const v = this.drawnVersion;
    const wScale = Math.sqrt(trafficWidthScale(zoom));
    const lc = this.lineColors;
    const nh = this.grid.hvLineCount;
    const lineColor =
      (off: number) =>
      (_: unknown, { index }: { index: number }) => {
        const target = lineScratch;
        const e = (off + index) * 4;
        target[0] = lc[e] as number;
        target[1] = lc[e + 1] as number;
        target[2] = lc[e + 2] as number;
        target[3] = lc[e + 3] as number;
        return target;
      };
    // Symbols and marks must read over the 3D buildings: they skip the depth test (drawn in layer order).
    const onTop = { depthCompare: 'always', depthWriteEnabled: false };
    const out: Layer[] = [
      new PathLayer({
        id: ENERGY_LAYER.sections,
        data: this.sectionPaths as never,
        positionFormat: 'XY',
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: SECTION_WIDTH_PIXELS,
        widthScale: wScale,
        widthMinPixels: 1.5,
        capRounded: true,
        getColor: lineColor(nh),
        updateTriggers: { getColor: v },
        pickable: true,
        visible: vis.grid,
      } as never),
      new PathLayer({
        id: ENERGY_LAYER.hv,
        data: this.hvPaths as never,
        positionFormat: 'XY',
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: HV_LINE_WIDTH_PIXELS,
        widthScale: wScale,
        widthMinPixels: 3,
        capRounded: true,
        jointRounded: true,
        getColor: lineColor(0),
        updateTriggers: { getColor: v },
        pickable: true,
        visible: vis.grid,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.flow,
        data: this.dots[this.dotSide] as never,
        coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
        coordinateOrigin: origin,
        positionFormat: 'XY',
        radiusUnits: 'pixels',
        getRadius: 2.2,
        stroked: false,
        pickable: false,
        visible: vis.grid && this.flowStats.dots > 0,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.gen,
        data: this.genPos as never,
        radiusUnits: 'pixels',
        getRadius: (_: unknown, { index }: { index: number }) => this.genRadiusPx[index] as number,
        filled: true,
        getFillColor: [7, 13, 24, 160],
        stroked: true,
        getLineColor: (_: unknown, { index }: { index: number }) => [
          ...(POWER_COLORS[this.genKind[index] as number] ?? PV_COLOR),
          255,
        ],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: true,
        visible: vis.energyAssets,
        parameters: onTop,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.pv,
        data: this.pvPos as never,
        radiusUnits: 'pixels',
        getRadius: (_: unknown, { index }: { index: number }) => this.pvRadiusPx[index] as number,
        getFillColor: (_: unknown, { index }: { index: number }) => [
          ...PV_COLOR,
          this.pvLive[index] ? 235 : 90,
        ],
        stroked: true,
        getLineColor: [7, 13, 24, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        updateTriggers: { getRadius: v, getFillColor: v },
        pickable: true,
        visible: vis.energyAssets,
        parameters: onTop,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.stations,
        data: this.stationPos as never,
        radiusUnits: 'pixels',
        getRadius: (_: unknown, { index }: { index: number }) => this.stationRadiusPx[index] as number,
        getFillColor: (_: unknown, { index }: { index: number }) => {
          const target = symbolScratch;
          const c = this.stationColors;
          target[0] = c[index * 4] as number;
          target[1] = c[index * 4 + 1] as number;
          target[2] = c[index * 4 + 2] as number;
          // Translucent: the feeders leaving the station stay readable under it.
          target[3] = 170;
          return target;
        },
        stroked: true,
        // The import point (slack) gets a heavier white outline than the substations.
        getLineColor: [240, 246, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: (_: unknown, { index }: { index: number }) =>
          this.grid.stationKind[index] === 1 ? 1.5 : 3,
        updateTriggers: { getRadius: v, getFillColor: v },
        pickable: true,
        visible: vis.energyAssets || vis.grid,
        parameters: onTop,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.storage,
        data: this.storagePos as never,
        radiusUnits: 'meters',
        getRadius: (_: unknown, { index }: { index: number }) => this.storageRadiusM[index] as number,
        getFillColor: (_: unknown, { index }: { index: number }) => {
          const target = symbolScratch;
          const c = this.storageColors;
          target[0] = c[index * 4] as number;
          target[1] = c[index * 4 + 1] as number;
          target[2] = c[index * 4 + 2] as number;
          target[3] = 235;
          return target;
        },
        stroked: true,
        getLineColor: [7, 13, 24, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        updateTriggers: { getRadius: [v, this.layoutZoom], getFillColor: v },
        pickable: true,
        visible: vis.energyAssets,
        parameters: onTop,
      } as never),
      new ScatterplotLayer({
        id: ENERGY_LAYER.socTrack,
        data: this.storagePos as never,
        radiusUnits: 'meters',
        getRadius: (_: unknown, { index }: { index: number }) => this.ringRadiusM[index] as number,
        filled: false,
        stroked: true,
        getLineColor: [...SOC_TRACK_COLOR, 230],
        lineWidthUnits: 'pixels',
        getLineWidth: SOC_RING_WIDTH_PIXELS,
        updateTriggers: { getRadius: [v, this.layoutZoom] },
        pickable: false,
        visible: vis.energyAssets,
        parameters: onTop,
      } as never),
      new PathLayer({
        id: ENERGY_LAYER.soc,
        data: this.socPaths as never,
        positionFormat: 'XY',
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: SOC_RING_WIDTH_PIXELS,
        capRounded: true,
        jointRounded: true,
        getColor: [...SOC_RING_COLOR, 255],
        pickable: false,
        visible: vis.energyAssets,
        parameters: onTop,
      } as never),
    ];
    const hl = vis.grid ? this.highlightPath(selection) : null;
    if (hl) {
      // The selected line or section along its whole length (the view's point highlight marks its midpoint).
      out.push(
        new PathLayer({
          id: 'energy-highlight-casing',
          data: [hl],
          getPath: (d: number[][]) => d,
          getColor: [7, 13, 24, 230],
          getWidth: 10,
          widthUnits: 'pixels',
          capRounded: true,
          jointRounded: true,
          parameters: onTop,
        } as never),
        new PathLayer({
          id: 'energy-highlight',
          data: [hl],
          getPath: (d: number[][]) => d,
          getColor: [...HIGHLIGHT, 255],
          getWidth: 5,
          widthUnits: 'pixels',
          capRounded: true,
          jointRounded: true,
          parameters: onTop,
        } as never),
      );
    }
    if (this.alarmPos.length > 0) {
      const marks = this.alarmMark;
      out.push(
        new ScatterplotLayer({
          id: ENERGY_LAYER.alarms,
          data: this.alarmPos as never,
          radiusUnits: 'pixels',
          getRadius: ALARM_RADIUS_PIXELS,
          // The pulse is a uniform: no attribute update per frame.
          radiusScale: alarmPulseScale(timeS),
          filled: true,
          getFillColor: (_: unknown, { index }: { index: number }) => {
            const m = marks[index] as number;
            return [...(ALARM_MARK_COLORS[m] ?? [255, 0, 0]), m === AlarmMark.voltage ? 0 : 90];
          },
          stroked: true,
          getLineColor: (_: unknown, { index }: { index: number }) => [
            ...(ALARM_MARK_COLORS[marks[index] as number] ?? [255, 0, 0]),
            255,
          ],
          lineWidthUnits: 'pixels',
          getLineWidth: (_: unknown, { index }: { index: number }) =>
            marks[index] === AlarmMark.voltage ? 3.5 : 2,
          updateTriggers: {
            getFillColor: this.alarmList,
            getLineColor: this.alarmList,
            getLineWidth: this.alarmList,
          },
          pickable: true,
          visible: vis.energyAlarms,
          parameters: onTop,
        } as never),
      );
    }
    return out;
  }
}
