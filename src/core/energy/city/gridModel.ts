/**
 * CityModel → a grid model for dispatch and power flow: stations (the import point and HV/MV substations with their
 * transformers), the HV network between them, radial 10 kV feeders below each substation (from the scene's lines;
 * where the scene has none near a load, built by a capacitated Prim construction over the served loads), line
 * impedances and ratings from conductor data, loads per bus by class, and the generators and storage stations.
 * Pure and deterministic (no RNG needed: every choice is geometric with index tie-breaks). docs/energy.md §1.
 */
import { BuildingRole, NO_INDEX, PowerKind } from '../../scene/types.ts';
import type { CityModel } from '../../scene/types.ts';
import {
  EV_PEAK_UTILISATION,
  LOAD_CLASS_COUNT,
  LoadClass,
  POWER_FACTOR,
  buildingPeakMw,
  loadClassOfUse,
} from './loads.ts';

/** Station kinds. */
export const StationKind = {
  import: 0, // the boundary import point (slack)
  substation: 1, // HV/MV substation
  virtual: 2, // placed by the model when the scene has no station at all (import and substation in one)
} as const;
export type StationKind = (typeof StationKind)[keyof typeof StationKind];

/** How each scene power line was used. */
export const SceneLineUse = { hv: 0, feeder: 1, lateral: 2, tie: 3, dropped: 4 } as const;
export type SceneLineUse = (typeof SceneLineUse)[keyof typeof SceneLineUse];

/** A conductor type: per-km series impedance of one three-phase circuit and its continuous current rating. */
export interface Conductor {
  readonly name: string;
  readonly rOhmPerKm: number;
  readonly xOhmPerKm: number;
  readonly ampacityA: number;
}

/**
 * 10 kV three-core XLPE copper cable YJV22-8.7/15 kV 3×240 mm², the common urban trunk cable in China:
 * r = 0.0754 Ω/km (maximum DC resistance at 20 °C of a 240 mm² class-2 copper conductor, GB/T 3956-2008 = IEC 60228
 * Table 2), x ≈ 0.08 Ω/km (three-core cable positive-sequence reactance at 50 Hz, manufacturer tables 0.07–0.09),
 * ≈ 420 A continuous direct-buried (manufacturer tables for 3×240 at 25 °C soil: ~400–470 A).
 */
export const CABLE_10KV: Conductor = {
  name: 'YJV22-8.7/15 3×240',
  rOhmPerKm: 0.0754,
  xOhmPerKm: 0.08,
  ampacityA: 420,
};
/**
 * 110 kV overhead line, steel-reinforced aluminium LGJ-240/30: r = 0.1181 Ω/km at 20 °C (GB/T 1179-2017 = IEC 61089
 * table value), x ≈ 0.40 Ω/km (typical single-circuit 110 kV geometry), ≈ 610 A at 70 °C conductor temperature.
 */
export const LINE_110KV: Conductor = {
  name: 'LGJ-240/30',
  rOhmPerKm: 0.1181,
  xOhmPerKm: 0.401,
  ampacityA: 610,
};

/** Grid-model construction options. */
export interface GridModelOptions {
  /** System base, MVA. */
  readonly baseMva: number;
  /** Nominal distribution voltage, kV. */
  readonly mvKv: number;
  /** Nominal sub-transmission voltage, kV (used when the scene gives none). */
  readonly hvKv: number;
  /** Lines at or above this voltage are HV (between stations), kV. */
  readonly hvThresholdKv: number;
  /** A load within this distance of a feeder bus attaches to it; farther loads get synthesized sections, m. */
  readonly attachRadiusM: number;
  /** Longest feeder section between two buses (longer segments are split), m. */
  readonly maxSectionM: number;
  /** Grid cell used to group far loads into load points for the synthesized feeders, m. */
  readonly loadCellM: number;
  /** A line end within this distance of a station belongs to it, m. */
  readonly stationSnapM: number;
  /** A line end within this distance of a feeder bus joins it (laterals, ties), m. */
  readonly busSnapM: number;
  /** Storage within this distance of a station connects to its 10 kV busbar, m. */
  readonly storageSnapM: number;
  /** Generators at or above this rating connect at the HV bus of the nearest station, MW. */
  readonly utilityThresholdMw: number;
  /** Planned loading of a circuit at the design peak (circuits are sized to it), share of rating. */
  readonly planningLoading: number;
  readonly mvConductor: Conductor;
  readonly hvConductor: Conductor;
  /** Transformer short-circuit impedance and resistance on its own rating, p.u. */
  readonly transformerXPu: number;
  readonly transformerRPu: number;
  /** Height of one storey when a building gives no level count, m. */
  readonly storeyHeightM: number;
}

/**
 * Defaults. Sources in docs/energy.md: 10.5 % impedance of 110 kV two-winding transformers (GB/T 6451-2015),
 * resistance from ~0.4 % load losses, planning loading 2/3 (the loading limit of a 10 kV line in the "three sections,
 * two ties" pattern of the distribution planning guides Q/GDW 1738-2012 and DL/T 5729-2016), 3 m storeys
 * (assumption).
 */
export const DEFAULT_GRID_OPTIONS: GridModelOptions = {
  baseMva: 100,
  mvKv: 10,
  hvKv: 110,
  hvThresholdKv: 35,
  attachRadiusM: 400,
  maxSectionM: 250,
  loadCellM: 200,
  stationSnapM: 200,
  busSnapM: 60,
  storageSnapM: 500,
  utilityThresholdMw: 5,
  planningLoading: 2 / 3,
  mvConductor: CABLE_10KV,
  hvConductor: LINE_110KV,
  transformerXPu: 0.105,
  transformerRPu: 0.004,
  storeyHeightM: 3,
};

/** Generators of one kind (struct of arrays). A unit is at an MV bus (bus ≥ 0) or at a station's HV bus. */
export interface GeneratorSet {
  readonly count: number;
  /** Scene power-asset index, or −1 for units added by a what-if lever. */
  readonly asset: Int32Array;
  /** MV bus, or −1 when connected at a station's HV bus. */
  readonly bus: Int32Array;
  /** Station whose HV bus the unit feeds (when bus = −1), else the station of its feeder. */
  readonly station: Int32Array;
  readonly ratingMw: Float64Array;
}

/** Thermal units (merit order data). */
export interface ThermalSet extends GeneratorSet {
  readonly minMw: Float64Array;
  /** Marginal cost, CNY/MWh. */
  readonly costPerMwh: Float64Array;
  /** Emission factor, tCO₂/MWh. */
  readonly tCo2PerMwh: Float64Array;
}

/** Battery storage stations. */
export interface StorageSet {
  readonly count: number;
  readonly asset: Int32Array;
  /** 10 kV bus: a station busbar (station ≥ 0 and bus = −1) or a feeder bus (bus ≥ 0). */
  readonly bus: Int32Array;
  readonly station: Int32Array;
  readonly powerMw: Float64Array;
  readonly energyMwh: Float64Array;
}

/** The grid model of a city. MV buses carry their upstream section (bus i ← parent[i]). */
export interface CityGridModel {
  readonly options: GridModelOptions;
  /** Scene latitude/longitude (for the sun). */
  readonly latDeg: number;
  readonly lonDeg: number;

  readonly stationCount: number;
  readonly stationKind: Uint8Array;
  readonly stationAsset: Int32Array;
  readonly stationX: Float64Array;
  readonly stationY: Float64Array;
  /** Transformer rating (HV/MV), MVA; for the import station, the import transformer rating. */
  readonly stationRatingMva: Float64Array;
  /** 1 when the station has a 10 kV busbar feeding feeders or storage. */
  readonly stationHasMv: Uint8Array;
  readonly stationName: readonly string[];
  /** The slack station (import point). */
  readonly slackStation: number;
  /** Import limit, MW (import transformer rating × 0.95 power factor). */
  readonly importLimitMw: number;

  readonly hvLineCount: number;
  readonly hvFrom: Int32Array;
  readonly hvTo: Int32Array;
  readonly hvLengthM: Float64Array;
  readonly hvCircuits: Int32Array;
  readonly hvROhm: Float64Array;
  readonly hvXOhm: Float64Array;
  readonly hvRatingMva: Float64Array;
  /** Scene power-line index, or −1 when synthesized. */
  readonly hvSceneLine: Int32Array;

  readonly busCount: number;
  readonly busX: Float64Array;
  readonly busY: Float64Array;
  /** Station whose busbar roots the bus's feeder (normal topology). */
  readonly busStation: Int32Array;
  readonly busFeeder: Int32Array;
  /** Upstream bus; −1 when the upstream end is the station's 10 kV busbar. */
  readonly busParent: Int32Array;
  /** Upstream section: length, parallel circuits, series impedance (all circuits), rating. */
  readonly busLengthM: Float64Array;
  readonly busCircuits: Int32Array;
  readonly busROhm: Float64Array;
  readonly busXOhm: Float64Array;
  readonly busRatingMva: Float64Array;
  /** Scene line the section belongs to, or −1 when synthesized. */
  readonly busSceneLine: Int32Array;
  /** Coincident peak demand per bus and class at the reference temperature, MW (busCount × LOAD_CLASS_COUNT). */
  readonly busPeakMw: Float64Array;
  /** Design peak of the bus and everything below it, MW. */
  readonly busDownstreamDesignMw: Float64Array;

  readonly feederCount: number;
  readonly feederStation: Int32Array;
  readonly feederName: readonly string[];
  /** Scene line of the feeder's trunk, or −1 when synthesized. */
  readonly feederSceneLine: Int32Array;

  /** Normally open ties between feeder buses. */
  readonly tieCount: number;
  readonly tieBusA: Int32Array;
  readonly tieBusB: Int32Array;
  readonly tieROhm: Float64Array;
  readonly tieXOhm: Float64Array;
  readonly tieRatingMva: Float64Array;
  readonly tieSceneLine: Int32Array;

  readonly pv: GeneratorSet;
  readonly wind: GeneratorSet;
  readonly thermal: ThermalSet;
  readonly storage: StorageSet;
  /** EV charging stations: asset, bus, rating (MW). Their load is in busPeakMw's ev class. */
  readonly evAsset: Int32Array;
  readonly evBus: Int32Array;
  readonly evRatingMw: Float64Array;

  /** Bus that serves each building (−1 for outlines whose parts carry the load). */
  readonly buildingBus: Int32Array;
  /** How each scene power line was used. */
  readonly sceneLineUse: Uint8Array;
  /** The first feeder bus created from each scene line (−1 for none): tripping the line trips its section. */
  readonly sceneLineHeadBus: Int32Array;
  /** HV line made from each scene line (−1 for none). */
  readonly sceneLineHv: Int32Array;
  /** Notes on what was synthesized, snapped or dropped. */
  readonly warnings: readonly string[];
}

/** Thermal unit defaults for a CCGT (docs/energy.md §5): min stable load 40 %, 0.39 tCO₂/MWh, 600 CNY/MWh. */
export const CCGT = { minShare: 0.4, tCo2PerMwh: 0.39, costPerMwh: 600 } as const;
/** Power factor assumed for the import limit and transformer sizing. */
const SIZING_PF = 0.95;
/** Standard HV/MV transformer ratings for stations the scene gives no rating, MVA. */
const STANDARD_MVA = [31.5, 40, 50, 63, 80, 100, 126, 160, 200, 240, 300, 400, 500, 630, 800, 1000];

/** Rated three-phase power of one circuit, MVA: √3·U·I. */
export function circuitMva(c: Conductor, kv: number): number {
  return (Math.sqrt(3) * kv * c.ampacityA) / 1000;
}

/** Parallel circuits needed to carry `designMw` at the planning loading (at least 1). */
export function circuitsFor(designMw: number, c: Conductor, kv: number, planningLoading: number): number {
  return Math.max(1, Math.ceil(designMw / SIZING_PF / (planningLoading * circuitMva(c, kv)) - 1e-9));
}

/** Uniform grid over points for nearest-point queries within a radius. */
class PointGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly cellM: number,
    private readonly xs: number[],
    private readonly ys: number[],
  ) {}
  private key(ix: number, iy: number): number {
    return (ix + 32768) * 65536 + (iy + 32768);
  }
  add(i: number): void {
    const k = this.key(Math.floor(this.xs[i]! / this.cellM), Math.floor(this.ys[i]! / this.cellM));
    const list = this.cells.get(k);
    if (list) list.push(i);
    else this.cells.set(k, [i]);
  }
  /** Nearest point to (x, y) within radiusM (ties: lower index), or −1. */
  nearest(x: number, y: number, radiusM: number): number {
    if (!Number.isFinite(radiusM)) {
      // Unbounded: a plain scan (used for the few stations only).
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < this.xs.length; i++) {
        const d = (this.xs[i]! - x) ** 2 + (this.ys[i]! - y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      return best;
    }
    const r = Math.ceil(radiusM / this.cellM);
    const cx = Math.floor(x / this.cellM);
    const cy = Math.floor(y / this.cellM);
    let best = -1;
    let bestD = radiusM * radiusM;
    for (let ix = cx - r; ix <= cx + r; ix++)
      for (let iy = cy - r; iy <= cy + r; iy++) {
        const list = this.cells.get(this.key(ix, iy));
        if (!list) continue;
        for (const i of list) {
          const d = (this.xs[i]! - x) ** 2 + (this.ys[i]! - y) ** 2;
          if (d < bestD || (d === bestD && i < best)) {
            bestD = d;
            best = i;
          }
        }
      }
    return best;
  }
}

/** A point to be served: a load cell, or a small generator / charger far from every feeder. */
interface Pending {
  x: number;
  y: number;
  designMw: number;
  bus: number;
}

/**
 * Builds the grid model of `city`. Never throws on scene content: what cannot be used is dropped and noted in
 * `warnings`; a scene without any station gets one virtual station at the load centre.
 */
export function buildGridModel(city: CityModel, opts: Partial<GridModelOptions> = {}): CityGridModel {
  const o: GridModelOptions = { ...DEFAULT_GRID_OPTIONS, ...opts };
  const warnings: string[] = [];
  const p = city.power;
  const b = city.buildings;
  const lines = p.lines;
  const mvCircuitMva = circuitMva(o.mvConductor, o.mvKv);

  // ---- building loads (centroid of the outer ring, floor area, class) ----------------------------------------
  const nb = b.count;
  const bx = new Float64Array(nb);
  const by = new Float64Array(nb);
  const bCls = new Uint8Array(nb);
  const bPeak = new Float64Array(nb);
  let loadSum = 0;
  let loadX = 0;
  let loadY = 0;
  for (let i = 0; i < nb; i++) {
    const r0 = b.ringStart[b.polyStart[i]!]!;
    const r1 = b.ringStart[b.polyStart[i]! + 1]!;
    let sx = 0;
    let sy = 0;
    for (let v = r0; v < r1; v++) {
      sx += b.xy[2 * v]!;
      sy += b.xy[2 * v + 1]!;
    }
    const nv = Math.max(1, r1 - r0);
    bx[i] = sx / nv;
    by[i] = sy / nv;
    // An outline's parts carry its volume (OSM Simple 3D Buildings): count the parts, not the outline.
    if (b.role && b.role[i] === BuildingRole.outline) {
      bPeak[i] = -1;
      continue;
    }
    const levels = b.levels[i]!;
    const floors =
      levels > 0 ? levels : Math.max(1, Math.round((b.heightM[i]! - b.minHeightM[i]!) / o.storeyHeightM));
    const cls = loadClassOfUse(b.use[i]!);
    bCls[i] = cls;
    const peak = buildingPeakMw(cls, b.areaM2[i]! * floors);
    bPeak[i] = peak;
    loadSum += peak;
    loadX += peak * bx[i]!;
    loadY += peak * by[i]!;
  }

  // ---- stations ------------------------------------------------------------------------------------------------
  const stAsset: number[] = [];
  const stKind: number[] = [];
  const stX: number[] = [];
  const stY: number[] = [];
  const stRating: number[] = [];
  const stKv: number[] = [];
  const stName: string[] = [];
  const stationOfAsset = new Map<number, number>();
  for (let a = 0; a < p.count; a++) {
    const k = p.kind[a];
    if (k !== PowerKind.substation && k !== PowerKind.import) continue;
    stationOfAsset.set(a, stAsset.length);
    stAsset.push(a);
    stKind.push(k === PowerKind.import ? StationKind.import : StationKind.substation);
    stX.push(p.xy[2 * a]!);
    stY.push(p.xy[2 * a + 1]!);
    stRating.push(p.ratingMW[a]!);
    stKv.push(p.voltageKV[a]!);
    const nm = p.names.get(a);
    stName.push(nm?.name ?? p.sourceId[a] ?? `station ${a}`);
  }
  if (stAsset.length === 0) {
    const cx = loadSum > 0 ? loadX / loadSum : 0;
    const cy = loadSum > 0 ? loadY / loadSum : 0;
    stAsset.push(-1);
    stKind.push(StationKind.virtual);
    stX.push(cx);
    stY.push(cy);
    stRating.push(0);
    stKv.push(o.hvKv);
    stName.push('virtual station');
    warnings.push(
      `the scene has no substation or import point: one virtual station placed at the load centre (${cx.toFixed(0)}, ${cy.toFixed(0)}) m`,
    );
  }
  const ns = stAsset.length;
  let slack = stKind.indexOf(StationKind.import);
  if (slack < 0) slack = stKind.indexOf(StationKind.virtual);
  if (slack < 0) {
    // No import point: the highest-voltage, then largest, substation is the connection to the grid.
    slack = 0;
    for (let s = 1; s < ns; s++)
      if (stKv[s]! > stKv[slack]! || (stKv[s] === stKv[slack] && stRating[s]! > stRating[slack]!)) slack = s;
    warnings.push(`no import point in the scene: station "${stName[slack]}" is the slack`);
  }
  const stGrid = new PointGrid(500, stX, stY);
  for (let s = 0; s < ns; s++) stGrid.add(s);
  const nearestStation = (x: number, y: number, radius: number): number => stGrid.nearest(x, y, radius);
  const hasMv = new Uint8Array(ns);

  // ---- MV buses ------------------------------------------------------------------------------------------------
  const busX: number[] = [];
  const busY: number[] = [];
  const busStation: number[] = [];
  const busFeeder: number[] = [];
  const busParent: number[] = [];
  const busLen: number[] = [];
  const busLine: number[] = [];
  const feederStation: number[] = [];
  const feederName: string[] = [];
  const feederLine: number[] = [];
  const busGrid = new PointGrid(250, busX, busY);
  const lineUse = new Uint8Array(lines.count).fill(SceneLineUse.dropped);
  const lineHead = new Int32Array(lines.count).fill(-1);
  const lineHv = new Int32Array(lines.count).fill(-1);

  /** Appends buses along a polyline from (x0, y0), splitting long segments; returns the last bus. */
  const addPath = (
    pts: readonly number[],
    parent: number,
    station: number,
    feeder: number,
    line: number,
  ): number => {
    let px = pts[0]!;
    let py = pts[1]!;
    let prev = parent;
    for (let v = 2; v + 1 < pts.length; v += 2) {
      const qx = pts[v]!;
      const qy = pts[v + 1]!;
      const len = Math.hypot(qx - px, qy - py);
      if (len < 1) continue;
      const pieces = Math.max(1, Math.ceil(len / o.maxSectionM));
      for (let k = 1; k <= pieces; k++) {
        const id = busX.length;
        busX.push(px + ((qx - px) * k) / pieces);
        busY.push(py + ((qy - py) * k) / pieces);
        busStation.push(station);
        busFeeder.push(feeder);
        busParent.push(prev);
        busLen.push(len / pieces);
        busLine.push(line);
        busGrid.add(id);
        prev = id;
      }
      px = qx;
      py = qy;
    }
    return prev;
  };
  const lineXY = (li: number): number[] => {
    const out: number[] = [];
    for (let v = lines.geomStart[li]!; v < lines.geomStart[li + 1]!; v++)
      out.push(lines.xy[2 * v]!, lines.xy[2 * v + 1]!);
    return out;
  };
  const reversed = (pts: number[]): number[] => {
    const out: number[] = [];
    for (let v = pts.length - 2; v >= 0; v -= 2) out.push(pts[v]!, pts[v + 1]!);
    return out;
  };
  const endStation = (asset: number, x: number, y: number): number => {
    if (asset !== NO_INDEX) {
      const s = stationOfAsset.get(asset);
      if (s !== undefined) return s;
    }
    return nearestStation(x, y, o.stationSnapM);
  };

  // HV lines: between two stations, or a generator's connection to a station.
  const hvFrom: number[] = [];
  const hvTo: number[] = [];
  const hvLen: number[] = [];
  const hvLine: number[] = [];
  const genStationByAsset = new Map<number, number>();
  const mvCandidates: number[] = [];
  for (let li = 0; li < lines.count; li++) {
    const pts = lineXY(li);
    if (pts.length < 4) {
      warnings.push(`power line ${lines.sourceId[li]}: fewer than two vertices, dropped`);
      continue;
    }
    const n2 = pts.length;
    const fa = lines.fromAsset[li]!;
    const ta = lines.toAsset[li]!;
    const sf = endStation(fa, pts[0]!, pts[1]!);
    const st = endStation(ta, pts[n2 - 2]!, pts[n2 - 1]!);
    const kv = lines.voltageKV[li]!;
    const isHv = kv >= o.hvThresholdKv || (kv === 0 && sf >= 0 && st >= 0);
    if (!isHv) {
      mvCandidates.push(li);
      continue;
    }
    let len = 0;
    for (let v = 2; v < n2; v += 2) len += Math.hypot(pts[v]! - pts[v - 2]!, pts[v + 1]! - pts[v - 1]!);
    if (sf >= 0 && st >= 0 && sf !== st) {
      lineHv[li] = hvFrom.length;
      lineUse[li] = SceneLineUse.hv;
      hvFrom.push(sf);
      hvTo.push(st);
      hvLen.push(len);
      hvLine.push(li);
    } else if (sf >= 0 !== st >= 0) {
      const other = sf >= 0 ? ta : fa;
      if (other !== NO_INDEX && stationOfAsset.get(other) === undefined) {
        genStationByAsset.set(other, sf >= 0 ? sf : st);
        lineUse[li] = SceneLineUse.hv;
      } else warnings.push(`HV line ${lines.sourceId[li]}: one end reaches no station or generator, dropped`);
    } else warnings.push(`HV line ${lines.sourceId[li]}: does not join two different stations, dropped`);
  }

  // Feeders rooted at a station.
  const pendingLines: { li: number; pts: number[] }[] = [];
  for (const li of mvCandidates) {
    const pts = lineXY(li);
    const n2 = pts.length;
    const sf = endStation(lines.fromAsset[li]!, pts[0]!, pts[1]!);
    const st = endStation(lines.toAsset[li]!, pts[n2 - 2]!, pts[n2 - 1]!);
    if (sf < 0 && st < 0) {
      pendingLines.push({ li, pts });
      continue;
    }
    const s = sf >= 0 ? sf : st;
    const path = sf >= 0 ? pts : reversed(pts);
    path[0] = stX[s]!;
    path[1] = stY[s]!;
    const f = feederStation.length;
    feederStation.push(s);
    feederName.push(lines.sourceId[li] ?? `feeder ${f}`);
    feederLine.push(li);
    hasMv[s] = 1;
    const first = busX.length;
    addPath(path, -1, s, f, li);
    if (busX.length > first) {
      lineHead[li] = first;
      lineUse[li] = SceneLineUse.feeder;
    } else {
      feederStation.pop();
      feederName.pop();
      feederLine.pop();
      warnings.push(`feeder ${lines.sourceId[li]}: zero length, dropped`);
    }
  }
  // Laterals and ties: lines with no station end that touch existing feeder buses (repeat until no progress).
  const tieA: number[] = [];
  const tieB: number[] = [];
  const tieLen: number[] = [];
  const tieLine: number[] = [];
  for (let progress = true; progress && pendingLines.length > 0;) {
    progress = false;
    for (let k = 0; k < pendingLines.length; k++) {
      const { li, pts } = pendingLines[k]!;
      const n2 = pts.length;
      const ba = busGrid.nearest(pts[0]!, pts[1]!, o.busSnapM);
      const bb = busGrid.nearest(pts[n2 - 2]!, pts[n2 - 1]!, o.busSnapM);
      if (ba < 0 && bb < 0) continue;
      pendingLines.splice(k--, 1);
      progress = true;
      if (ba >= 0 && bb >= 0 && busFeeder[ba] !== busFeeder[bb]) {
        let len = 0;
        for (let v = 2; v < n2; v += 2) len += Math.hypot(pts[v]! - pts[v - 2]!, pts[v + 1]! - pts[v - 1]!);
        tieA.push(ba);
        tieB.push(bb);
        tieLen.push(len);
        tieLine.push(li);
        lineUse[li] = SceneLineUse.tie;
        continue;
      }
      const root = ba >= 0 ? ba : bb;
      const path = ba >= 0 ? pts : reversed(pts);
      path[0] = busX[root]!;
      path[1] = busY[root]!;
      const first = busX.length;
      addPath(path, root, busStation[root]!, busFeeder[root]!, li);
      if (busX.length > first) {
        lineHead[li] = first;
        lineUse[li] = SceneLineUse.lateral;
      }
    }
  }
  for (const { li } of pendingLines)
    warnings.push(`power line ${lines.sourceId[li]}: reaches no station or feeder, dropped`);

  // ---- attach loads, chargers and small generators --------------------------------------------------------------
  const busLoad: number[] = []; // flat busCount × LOAD_CLASS_COUNT, grown as buses are added
  const pending: Pending[] = [];
  const cellOf = new Map<number, number>();
  const pendingOf = (x: number, y: number, designMw: number): number => {
    const key = Math.floor(x / o.loadCellM) * 100003 + Math.floor(y / o.loadCellM);
    let c = cellOf.get(key);
    if (c === undefined) {
      c = pending.length;
      cellOf.set(key, c);
      pending.push({ x: 0, y: 0, designMw: 0, bus: -1 });
    }
    const cell = pending[c]!;
    // Weighted centroid; a zero-load point (a generator) still counts with a tiny weight.
    const w = Math.max(designMw, 1e-6);
    const tot = cell.designMw + w;
    cell.x += ((x - cell.x) * w) / tot;
    cell.y += ((y - cell.y) * w) / tot;
    cell.designMw = tot;
    return c;
  };
  // Target of each point: ≥ 0 = bus, ≤ −2 = pending cell −(c + 2).
  const attach = (x: number, y: number, designMw: number): number => {
    const bus = busGrid.nearest(x, y, o.attachRadiusM);
    return bus >= 0 ? bus : -(pendingOf(x, y, designMw) + 2);
  };
  const buildingTarget = new Int32Array(nb);
  for (let i = 0; i < nb; i++) buildingTarget[i] = bPeak[i]! < 0 ? -1 : attach(bx[i]!, by[i]!, bPeak[i]!);

  const pvA: number[] = [];
  const pvT: number[] = [];
  const pvS: number[] = [];
  const windA: number[] = [];
  const windT: number[] = [];
  const windS: number[] = [];
  const thA: number[] = [];
  const thS: number[] = [];
  const stoA: number[] = [];
  const stoT: number[] = [];
  const stoS: number[] = [];
  const evA: number[] = [];
  const evT: number[] = [];
  for (let a = 0; a < p.count; a++) {
    const k = p.kind[a];
    const x = p.xy[2 * a]!;
    const y = p.xy[2 * a + 1]!;
    const mw = p.ratingMW[a]!;
    const hvStation = (): number => genStationByAsset.get(a) ?? nearestStation(x, y, Infinity);
    switch (k) {
      case PowerKind.substation:
      case PowerKind.import:
        break;
      case PowerKind.plant:
        thA.push(a);
        thS.push(hvStation());
        break;
      case PowerKind.pv:
      case PowerKind.wind: {
        const big = mw >= o.utilityThresholdMw || genStationByAsset.has(a);
        const arrA = k === PowerKind.pv ? pvA : windA;
        const arrT = k === PowerKind.pv ? pvT : windT;
        const arrS = k === PowerKind.pv ? pvS : windS;
        arrA.push(a);
        if (big) {
          arrT.push(-1);
          arrS.push(hvStation());
        } else {
          arrT.push(attach(x, y, 0));
          arrS.push(-1);
        }
        break;
      }
      case PowerKind.storage: {
        stoA.push(a);
        const s = nearestStation(x, y, o.storageSnapM);
        if (s >= 0) {
          stoT.push(-1);
          stoS.push(s);
          hasMv[s] = 1;
        } else {
          stoT.push(attach(x, y, 0));
          stoS.push(-1);
        }
        break;
      }
      case PowerKind.evCharger:
        evA.push(a);
        evT.push(attach(x, y, mw * EV_PEAK_UTILISATION));
        break;
      default:
        warnings.push(`power asset ${p.sourceId[a]}: unknown kind ${k}, ignored`);
    }
  }

  // ---- synthesized sections: capacitated Prim growth from the energized buses to the pending load points ---------
  // Each pending point joins the nearest energized node (feeder bus or station busbar) whose feeder still has
  // room for it at the planning loading of one circuit; a point that fits nowhere starts a new feeder from the
  // nearest station (a greedy capacitated minimum spanning tree, cf. Esau & Williams 1966, "On teleprocessing
  // system design, part II", IBM Systems Journal 5(3)).
  const feederDesign: number[] = new Array<number>(feederStation.length).fill(0);
  const designOfTarget = (t: number, mw: number): void => {
    if (t >= 0) feederDesign[busFeeder[t]!] = (feederDesign[busFeeder[t]!] ?? 0) + mw;
  };
  for (let i = 0; i < nb; i++) if (bPeak[i]! > 0) designOfTarget(buildingTarget[i]!, bPeak[i]!);
  evT.forEach((t, k) => designOfTarget(t, p.ratingMW[evA[k]!]! * EV_PEAK_UTILISATION));
  const feederCap = o.planningLoading * mvCircuitMva * SIZING_PF;
  if (pending.length > 0) {
    const np = pending.length;
    const done = new Uint8Array(np);
    const bestD = new Float64Array(np);
    const bestBus = new Int32Array(np);
    const fits = (bus: number, mw: number): boolean => (feederDesign[busFeeder[bus]!] ?? 0) + mw <= feederCap;
    const stationDist2 = (c: Pending): { s: number; d: number } => {
      const s = nearestStation(c.x, c.y, Infinity);
      return { s, d: (stX[s]! - c.x) ** 2 + (stY[s]! - c.y) ** 2 };
    };
    const refresh = (c: number): void => {
      const cell = pending[c]!;
      let best = -1;
      let bd = Infinity;
      for (let bus = 0; bus < busX.length; bus++) {
        if (!fits(bus, cell.designMw)) continue;
        const d = (busX[bus]! - cell.x) ** 2 + (busY[bus]! - cell.y) ** 2;
        if (d < bd) {
          bd = d;
          best = bus;
        }
      }
      const st = stationDist2(cell);
      if (st.d <= bd) {
        bd = st.d;
        best = -1;
      }
      bestD[c] = bd;
      bestBus[c] = best;
    };
    for (let c = 0; c < np; c++) refresh(c);
    for (let added = 0; added < np; added++) {
      let c: number;
      for (;;) {
        c = -1;
        for (let i = 0; i < np; i++) if (!done[i] && (c < 0 || bestD[i]! < bestD[c]!)) c = i;
        const bb = bestBus[c]!;
        if (bb < 0 || fits(bb, pending[c]!.designMw)) break;
        refresh(c); // its best feeder filled up meanwhile
      }
      const cell = pending[c]!;
      done[c] = 1;
      const parent = bestBus[c]!;
      let station: number;
      let feeder: number;
      let x0: number;
      let y0: number;
      if (parent >= 0) {
        station = busStation[parent]!;
        feeder = busFeeder[parent]!;
        x0 = busX[parent]!;
        y0 = busY[parent]!;
      } else {
        station = stationDist2(cell).s;
        feeder = feederStation.length;
        feederStation.push(station);
        feederName.push(`syn:${stName[station]}-F${feeder + 1}`);
        feederLine.push(-1);
        feederDesign.push(0);
        hasMv[station] = 1;
        x0 = stX[station]!;
        y0 = stY[station]!;
      }
      const first = busX.length;
      let last = addPath([x0, y0, cell.x, cell.y], parent, station, feeder, -1);
      if (busX.length === first) {
        // The point sits on its parent: it is served there.
        last = parent >= 0 ? parent : addPath([x0, y0, x0 + 1, y0], -1, station, feeder, -1);
      }
      cell.bus = last;
      feederDesign[feeder] = (feederDesign[feeder] ?? 0) + cell.designMw;
      // Newly added buses may be nearer to the points still waiting.
      for (let i = 0; i < np; i++) {
        if (done[i]) continue;
        const w = pending[i]!;
        for (let bus = first; bus < busX.length; bus++) {
          const d = (busX[bus]! - w.x) ** 2 + (busY[bus]! - w.y) ** 2;
          if (d < bestD[i]! && fits(bus, w.designMw)) {
            bestD[i] = d;
            bestBus[i] = bus;
          }
        }
      }
    }
    warnings.push(
      `${np} load points beyond ${o.attachRadiusM} m of any feeder were connected by synthesized sections`,
    );
  }
  const resolve = (t: number): number => (t >= 0 ? t : t <= -2 ? pending[-t - 2]!.bus : -1);

  // ---- loads per bus -----------------------------------------------------------------------------------------------
  const nBus = busX.length;
  busLoad.length = nBus * LOAD_CLASS_COUNT;
  busLoad.fill(0);
  const buildingBus = new Int32Array(nb);
  for (let i = 0; i < nb; i++) {
    const bus = resolve(buildingTarget[i]!);
    buildingBus[i] = bus;
    if (bus >= 0 && bPeak[i]! > 0) busLoad[bus * LOAD_CLASS_COUNT + bCls[i]!]! += bPeak[i]!;
  }
  const evBus = evT.map(resolve);
  evBus.forEach((bus, k) => {
    if (bus >= 0)
      busLoad[bus * LOAD_CLASS_COUNT + LoadClass.ev]! += p.ratingMW[evA[k]!]! * EV_PEAK_UTILISATION;
  });

  // ---- design flows → circuits, impedances, ratings -----------------------------------------------------------------
  const busDown = new Float64Array(nBus);
  for (let i = 0; i < nBus; i++)
    for (let c = 0; c < LOAD_CLASS_COUNT; c++) busDown[i]! += busLoad[i * LOAD_CLASS_COUNT + c]!;
  // Parents are always created before their children, so a reverse scan accumulates subtrees.
  for (let i = nBus - 1; i >= 0; i--) if (busParent[i]! >= 0) busDown[busParent[i]!]! += busDown[i]!;
  const busCircuits = new Int32Array(nBus);
  const busR = new Float64Array(nBus);
  const busXo = new Float64Array(nBus);
  const busRating = new Float64Array(nBus);
  for (let i = 0; i < nBus; i++) {
    const n = circuitsFor(busDown[i]!, o.mvConductor, o.mvKv, o.planningLoading);
    busCircuits[i] = n;
    busR[i] = (o.mvConductor.rOhmPerKm * busLen[i]!) / 1000 / n;
    busXo[i] = (o.mvConductor.xOhmPerKm * busLen[i]!) / 1000 / n;
    busRating[i] = n * mvCircuitMva;
  }
  const stationDesign = new Float64Array(ns);
  for (let i = 0; i < nBus; i++) if (busParent[i]! < 0) stationDesign[busStation[i]!]! += busDown[i]!;
  // Station transformer ratings: the scene's, else the design load at the planning loading rounded up to a
  // standard size; the import station is at least the whole city's design peak.
  let cityDesign = 0;
  for (let s = 0; s < ns; s++) cityDesign += stationDesign[s]!;
  for (let s = 0; s < ns; s++) {
    if (stRating[s]! > 0) continue;
    const need = (s === slack ? Math.max(cityDesign, stationDesign[s]!) : stationDesign[s]!) / SIZING_PF;
    const mva = need / o.planningLoading;
    stRating[s] = STANDARD_MVA.find((v) => v >= mva) ?? Math.ceil(mva / 100) * 100;
    warnings.push(`station "${stName[s]}" has no rating: ${stRating[s]} MVA assumed from its design load`);
  }

  // HV network: connect stations the scene leaves unconnected to the slack (Prim over station distances).
  const hvAdj = (): Int32Array => {
    const comp = new Int32Array(ns).fill(-1);
    const queue = [slack];
    comp[slack] = 0;
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (let k = 0; k < hvFrom.length; k++) {
        const w = hvFrom[k] === v ? hvTo[k]! : hvTo[k] === v ? hvFrom[k]! : -1;
        if (w >= 0 && comp[w]! < 0) {
          comp[w] = 0;
          queue.push(w);
        }
      }
    }
    return comp;
  };
  for (let reached = hvAdj(); ; reached = hvAdj()) {
    let bi = -1;
    let bj = -1;
    let bd = Infinity;
    for (let i = 0; i < ns; i++) {
      if (reached[i]! < 0) continue;
      for (let j = 0; j < ns; j++) {
        if (reached[j]! >= 0) continue;
        const d = Math.hypot(stX[i]! - stX[j]!, stY[i]! - stY[j]!);
        if (d < bd) {
          bd = d;
          bi = i;
          bj = j;
        }
      }
    }
    if (bj < 0) break;
    hvFrom.push(bi);
    hvTo.push(bj);
    hvLen.push(Math.max(1, bd));
    hvLine.push(-1);
    warnings.push(
      `station "${stName[bj]}" had no HV line to the import point: a synthesized line from "${stName[bi]}"`,
    );
  }
  // HV design flows on a breadth-first tree from the slack: a line carries the design load of the stations beyond it.
  const nh = hvFrom.length;
  const hvDesign = new Float64Array(nh);
  {
    const parentLine = new Int32Array(ns).fill(-1);
    const orderSt: number[] = [slack];
    const seen = new Uint8Array(ns);
    seen[slack] = 1;
    for (let h = 0; h < orderSt.length; h++) {
      const v = orderSt[h]!;
      for (let k = 0; k < nh; k++) {
        const w = hvFrom[k] === v ? hvTo[k]! : hvTo[k] === v ? hvFrom[k]! : -1;
        if (w >= 0 && !seen[w]) {
          seen[w] = 1;
          parentLine[w] = k;
          orderSt.push(w);
        }
      }
    }
    const sub = Float64Array.from(stationDesign);
    for (let h = orderSt.length - 1; h > 0; h--) {
      const w = orderSt[h]!;
      const k = parentLine[w]!;
      hvDesign[k] = sub[w]!;
      const v = hvFrom[k] === w ? hvTo[k]! : hvFrom[k]!;
      sub[v]! += sub[w]!;
    }
    // Lines off the tree (meshes) are sized like the lighter of their ends.
    for (let k = 0; k < nh; k++)
      if (hvDesign[k] === 0) hvDesign[k] = Math.min(sub[hvFrom[k]!]!, sub[hvTo[k]!]!);
  }
  const hvKv = (s: number): number => (stKv[s]! > 0 && stKind[s] !== StationKind.import ? stKv[s]! : o.hvKv);
  const hvCircuits = new Int32Array(nh);
  const hvR = new Float64Array(nh);
  const hvX = new Float64Array(nh);
  const hvRating = new Float64Array(nh);
  for (let k = 0; k < nh; k++) {
    const kv = Math.min(hvKv(hvFrom[k]!), hvKv(hvTo[k]!));
    const n = circuitsFor(hvDesign[k]!, o.hvConductor, kv, o.planningLoading);
    hvCircuits[k] = n;
    hvR[k] = (o.hvConductor.rOhmPerKm * hvLen[k]!) / 1000 / n;
    hvX[k] = (o.hvConductor.xOhmPerKm * hvLen[k]!) / 1000 / n;
    hvRating[k] = n * circuitMva(o.hvConductor, kv);
  }

  // Ties: impedance of one MV circuit over their length, rating of one circuit.
  const nt = tieA.length;
  const tieR = new Float64Array(nt);
  const tieX = new Float64Array(nt);
  for (let k = 0; k < nt; k++) {
    tieR[k] = (o.mvConductor.rOhmPerKm * tieLen[k]!) / 1000;
    tieX[k] = (o.mvConductor.xOhmPerKm * tieLen[k]!) / 1000;
  }

  const genSet = (a: number[], t: number[], s: number[]): GeneratorSet => {
    const bus = Int32Array.from(t.map(resolve));
    return {
      count: a.length,
      asset: Int32Array.from(a),
      bus,
      station: Int32Array.from(s.map((st, k) => (bus[k]! >= 0 ? busStation[bus[k]!]! : st))),
      ratingMw: Float64Array.from(a.map((x) => p.ratingMW[x]!)),
    };
  };
  const thRating = Float64Array.from(thA.map((x) => p.ratingMW[x]!));
  const stoBus = Int32Array.from(stoT.map(resolve));
  const slackRating = stRating[slack]!;
  if (stKind[slack] === StationKind.virtual) hasMv[slack] = 1;

  return {
    options: o,
    latDeg: city.meta.origin.lat,
    lonDeg: city.meta.origin.lon,
    stationCount: ns,
    stationKind: Uint8Array.from(stKind),
    stationAsset: Int32Array.from(stAsset),
    stationX: Float64Array.from(stX),
    stationY: Float64Array.from(stY),
    stationRatingMva: Float64Array.from(stRating),
    stationHasMv: hasMv,
    stationName: stName,
    slackStation: slack,
    importLimitMw: slackRating * SIZING_PF,
    hvLineCount: nh,
    hvFrom: Int32Array.from(hvFrom),
    hvTo: Int32Array.from(hvTo),
    hvLengthM: Float64Array.from(hvLen),
    hvCircuits,
    hvROhm: hvR,
    hvXOhm: hvX,
    hvRatingMva: hvRating,
    hvSceneLine: Int32Array.from(hvLine),
    busCount: nBus,
    busX: Float64Array.from(busX),
    busY: Float64Array.from(busY),
    busStation: Int32Array.from(busStation),
    busFeeder: Int32Array.from(busFeeder),
    busParent: Int32Array.from(busParent),
    busLengthM: Float64Array.from(busLen),
    busCircuits,
    busROhm: busR,
    busXOhm: busXo,
    busRatingMva: busRating,
    busSceneLine: Int32Array.from(busLine),
    busPeakMw: Float64Array.from(busLoad),
    busDownstreamDesignMw: busDown,
    feederCount: feederStation.length,
    feederStation: Int32Array.from(feederStation),
    feederName,
    feederSceneLine: Int32Array.from(feederLine),
    tieCount: nt,
    tieBusA: Int32Array.from(tieA),
    tieBusB: Int32Array.from(tieB),
    tieROhm: tieR,
    tieXOhm: tieX,
    tieRatingMva: new Float64Array(nt).fill(mvCircuitMva),
    tieSceneLine: Int32Array.from(tieLine),
    pv: genSet(pvA, pvT, pvS),
    wind: genSet(windA, windT, windS),
    thermal: {
      count: thA.length,
      asset: Int32Array.from(thA),
      bus: new Int32Array(thA.length).fill(-1),
      station: Int32Array.from(thS),
      ratingMw: thRating,
      minMw: thRating.map((r) => r * CCGT.minShare),
      costPerMwh: new Float64Array(thA.length).fill(CCGT.costPerMwh),
      tCo2PerMwh: new Float64Array(thA.length).fill(CCGT.tCo2PerMwh),
    },
    storage: {
      count: stoA.length,
      asset: Int32Array.from(stoA),
      bus: stoBus,
      station: Int32Array.from(stoS.map((s, k) => (stoBus[k]! >= 0 ? busStation[stoBus[k]!]! : s))),
      powerMw: Float64Array.from(stoA.map((x) => p.ratingMW[x]!)),
      // A station without an energy figure is taken as a 2-hour system (the common size of Chinese grid storage).
      energyMwh: Float64Array.from(
        stoA.map((x) => (p.energyMWh[x]! > 0 ? p.energyMWh[x]! : 2 * p.ratingMW[x]!)),
      ),
    },
    evAsset: Int32Array.from(evA),
    evBus: Int32Array.from(evBus),
    evRatingMw: Float64Array.from(evA.map((x) => p.ratingMW[x]!)),
    buildingBus,
    sceneLineUse: lineUse,
    sceneLineHeadBus: lineHead,
    sceneLineHv: lineHv,
    warnings,
  };
}

/** The feeder bus nearest to (x, y) local metres, or −1 when the model has none. */
export function nearestBus(model: CityGridModel, x: number, y: number): number {
  let best = -1;
  let bd = Infinity;
  for (let i = 0; i < model.busCount; i++) {
    const d = (model.busX[i]! - x) ** 2 + (model.busY[i]! - y) ** 2;
    if (d < bd) {
      bd = d;
      best = i;
    }
  }
  return best;
}

/** Total coincident peak of the model's loads at the reference temperature, MW (design figure). */
export function designPeakMw(model: CityGridModel): number {
  let s = 0;
  for (let i = 0; i < model.busPeakMw.length; i++) s += model.busPeakMw[i]!;
  return s;
}

/** Reactive-to-active ratio per class (from POWER_FACTOR), for callers building Q from P. */
export const TAN_PHI: readonly number[] = POWER_FACTOR.map((pf) => Math.sqrt(1 - pf * pf) / pf);
