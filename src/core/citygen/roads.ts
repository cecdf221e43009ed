/**
 * Roads from the plan's street lattice. Every line is cut into pieces where its attributes change (ring/arterial,
 * bridge, removed by the river) and gets a vertex at every at-grade crossing, computed from the same two line
 * positions on both lines, so crossing streets share the exact vertex and the importer builds one connected network.
 * The ring passes over arterials on short bridges; a diamond of four one-way *_link ramps connects them.
 */
import type { GenFeature } from './geojson.ts';
import { RING_NAME, nameTags } from './names.ts';
import { RIVER_ROAD_MARGIN_M, type CityPlan, type GenRoadClass, type GridLine } from './plan.ts';

/** A road loop detector site: position and the travel direction it measures (city-frame unit vector). */
export interface LoopSite {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
}

/** Roads plus the points other layers hang off them. */
export interface RoadsResult {
  readonly features: GenFeature[];
  /** At-grade arterial × arterial crossings (signalised). */
  readonly signals: { readonly x: number; readonly y: number }[];
  readonly loops: LoopSite[];
}

interface LineInfo {
  readonly line: GridLine;
  readonly isLocal: boolean;
  /** Water band(s) along the line as t intervals (t = y for 'v' lines, x for 'h'). */
  readonly band: readonly (readonly [number, number])[];
  readonly ringLo: number;
  readonly ringHi: number;
  /** t of interchanges where this (ring) line passes over. */
  readonly over: readonly number[];
  /** Ramp attachment t values on this line. */
  readonly extra: readonly number[];
}

const inBand = (li: LineInfo, t: number): boolean => li.band.some(([a, b]) => t >= a && t <= b);
const isRemoved = (li: LineInfo, t: number): boolean => li.isLocal && inBand(li, t);
const isRingAt = (li: LineInfo, t: number): boolean => li.line.isRing && t >= li.ringLo && t <= li.ringHi;

/** Bridge half-length of the ring over an arterial, metres. */
function isBridge(li: LineInfo, t: number, bridgeHalfM: number): boolean {
  if (!li.isLocal && inBand(li, t)) return true;
  return isRingAt(li, t) && li.over.some((o) => Math.abs(t - o) < bridgeHalfM);
}

/** Lanes and speed tags per class (lanes = both directions, as in OSM; lanes:forward/backward make it explicit). */
function classTags(cls: GenRoadClass, line: GridLine): Record<string, string> {
  switch (cls) {
    case 'trunk':
      return { lanes: '6', 'lanes:forward': '3', 'lanes:backward': '3', maxspeed: '80' };
    case 'primary':
      return { lanes: '6', 'lanes:forward': '3', 'lanes:backward': '3', maxspeed: '60' };
    case 'secondary':
      return { lanes: '4', 'lanes:forward': '2', 'lanes:backward': '2', maxspeed: '50' };
    case 'tertiary':
      return line.hasLaneTags ? { lanes: '2', maxspeed: '40' } : {};
    case 'residential':
      return line.hasLaneTags ? { lanes: line.oneway ? '1' : '2', maxspeed: '30' } : {};
    default: {
      const never: never = cls;
      throw new Error(`unknown class ${String(never)}`);
    }
  }
}

/** Generates all road features, signals and loop sites from the plan. */
export function generateRoads(plan: CityPlan): RoadsResult {
  const { half, river, ring, ramp } = plan;
  const m = RIVER_ROAD_MARGIN_M;
  const info = (line: GridLine): LineInfo => {
    const band: [number, number][] =
      line.axis === 'v'
        ? [[river.southAt(line.pos) - m, river.northAt(line.pos) + m]]
        : river.blockedIntervals(line.pos, m, -half, half);
    const over: number[] = [];
    const extra: number[] = [];
    for (const ic of plan.interchanges) {
      if (line.axis === 'v') {
        if (ic.ringAxis === 'v' && ic.x === line.pos) {
          over.push(ic.y);
          extra.push(ic.y - ramp.alongRingM, ic.y + ramp.alongRingM);
        } else if (ic.ringAxis === 'h' && ic.x === line.pos) {
          extra.push(ic.y - ramp.alongArterialM, ic.y + ramp.alongArterialM);
        }
      } else if (ic.ringAxis === 'h' && ic.y === line.pos) {
        over.push(ic.x);
        extra.push(ic.x - ramp.alongRingM, ic.x + ramp.alongRingM);
      } else if (ic.ringAxis === 'v' && ic.y === line.pos) {
        extra.push(ic.x - ramp.alongArterialM, ic.x + ramp.alongArterialM);
      }
    }
    return {
      line,
      isLocal: line.arterialIndex < 0,
      band,
      ringLo: line.axis === 'v' ? ring.y0 : ring.x0,
      ringHi: line.axis === 'v' ? ring.y1 : ring.x1,
      over,
      extra,
    };
  };
  const vInfo = plan.vLines.map(info);
  const hInfo = plan.hLines.map(info);

  const features: GenFeature[] = [];
  const signals: { x: number; y: number }[] = [];
  const loops: LoopSite[] = [];
  let nextId = 1;
  const id = (): string => `gen:r${String(nextId++).padStart(6, '0')}`;
  const bh = ramp.bridgeHalfM;

  const emitLine = (li: LineInfo, perp: readonly LineInfo[]): void => {
    const L = li.line;
    const at = (t: number): [number, number] => (L.axis === 'v' ? [L.pos, t] : [t, L.pos]);
    // Crossings that are at grade on both lines.
    const crossings: number[] = [];
    for (const q of perp) {
      const t = q.line.pos;
      if (isRemoved(li, t) || isRemoved(q, L.pos) || isBridge(li, t, bh) || isBridge(q, L.pos, bh)) continue;
      crossings.push(t);
      if (!li.isLocal && !q.isLocal && L.axis === 'v') signals.push({ x: L.pos, y: t });
    }
    const bounds = new Set<number>([-half, half]);
    const addB = (t: number): void => {
      if (t > -half && t < half) bounds.add(t);
    };
    if (L.isRing) {
      addB(li.ringLo);
      addB(li.ringHi);
    }
    for (const [a, b] of li.band) {
      addB(a);
      addB(b);
    }
    for (const o of li.over) {
      addB(o - bh);
      addB(o + bh);
    }
    const sorted = [...bounds].sort((a, b) => a - b);
    type Piece = { a: number; b: number; removed: boolean; cls: GenRoadClass; bridge: boolean };
    const pieces: Piece[] = [];
    for (let k = 0; k + 1 < sorted.length; k++) {
      const a = sorted[k] as number;
      const b = sorted[k + 1] as number;
      const mid = (a + b) / 2;
      const p: Piece = {
        a,
        b,
        removed: isRemoved(li, mid),
        cls: isRingAt(li, mid) ? 'trunk' : L.baseClass,
        bridge: isBridge(li, mid, bh),
      };
      const last = pieces[pieces.length - 1];
      if (last && last.removed === p.removed && last.cls === p.cls && last.bridge === p.bridge) last.b = b;
      else pieces.push(p);
    }
    const verts = [...crossings, ...li.extra].sort((a, b) => a - b);
    for (const p of pieces) {
      if (p.removed) continue;
      const ts = [p.a];
      let shared = 0;
      for (const t of verts) {
        if (t >= p.a && t <= p.b) shared++;
        if (t > p.a && t < p.b && t !== ts[ts.length - 1]) ts.push(t);
      }
      ts.push(p.b);
      // A stub cut off by the river with no crossing would be an island in the network: leave it out.
      if (li.isLocal && shared === 0) continue;
      const xy: number[] = [];
      for (const t of ts) xy.push(...at(t));
      const isTrunk = p.cls === 'trunk';
      const tags: Record<string, string> = {
        id: id(),
        highway: p.cls,
        ...nameTags(isTrunk ? RING_NAME : L.name),
        ...classTags(p.cls, L),
      };
      if (!isTrunk && L.oneway) tags['oneway'] = L.oneway;
      if (p.bridge) {
        tags['bridge'] = 'yes';
        tags['layer'] = '1';
      }
      features.push({ geometry: { type: 'LineString', xy }, tags });
    }
    // Loop detectors at the middle of each arterial span, one per direction, 3.5 m right of the centre line.
    if (!li.isLocal) {
      const arts = perp.filter((q) => !q.isLocal).map((q) => q.line.pos);
      for (let k = 0; k + 1 < arts.length; k++) {
        const t = ((arts[k] as number) + (arts[k + 1] as number)) / 2;
        if (isRemoved(li, t) || isBridge(li, t, bh)) continue;
        if (li.extra.some((e) => Math.abs(e - t) < 30)) continue;
        const [x, y] = at(t);
        const dx = L.axis === 'v' ? 0 : 1;
        const dy = L.axis === 'v' ? 1 : 0;
        loops.push({ x: x + 3.5 * dy, y: y - 3.5 * dx, dx, dy });
        loops.push({ x: x - 3.5 * dy, y: y + 3.5 * dx, dx: -dx, dy: -dy });
      }
    }
  };
  for (const li of vInfo) emitLine(li, hInfo);
  for (const li of hInfo) emitLine(li, vInfo);

  // Diamond interchanges: off-ramps leave the ring on the right before the crossing, on-ramps join after it.
  const dR = ramp.alongRingM;
  const dA = ramp.alongArterialM;
  const rampTags = (): Record<string, string> => ({
    id: id(),
    highway: 'trunk_link',
    oneway: 'yes',
    lanes: '1',
    maxspeed: '40',
    name: RING_NAME.zh + '匝道',
    'name:zh': RING_NAME.zh + '匝道',
    'name:en': RING_NAME.en + ' ramp',
  });
  for (const ic of plan.interchanges) {
    const { x, y } = ic;
    const shapes: number[][] =
      ic.ringAxis === 'v'
        ? [
            [x, y - dR, x + 0.7 * dA, y - 0.35 * dR, x + dA, y], // northbound off
            [x + dA, y, x + 0.7 * dA, y + 0.35 * dR, x, y + dR], // northbound on
            [x, y + dR, x - 0.7 * dA, y + 0.35 * dR, x - dA, y], // southbound off
            [x - dA, y, x - 0.7 * dA, y - 0.35 * dR, x, y - dR], // southbound on
          ]
        : [
            [x - dR, y, x - 0.35 * dR, y - 0.7 * dA, x, y - dA], // eastbound off
            [x, y - dA, x + 0.35 * dR, y - 0.7 * dA, x + dR, y], // eastbound on
            [x + dR, y, x + 0.35 * dR, y + 0.7 * dA, x, y + dA], // westbound off
            [x, y + dA, x - 0.35 * dR, y + 0.7 * dA, x - dR, y], // westbound on
          ];
    for (const xy of shapes) features.push({ geometry: { type: 'LineString', xy }, tags: rampTags() });
  }
  return { features, signals, loops };
}
