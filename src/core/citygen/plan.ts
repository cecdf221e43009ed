/**
 * The city plan: size, street lattice (arterial superblocks subdivided by local streets), ring road and its
 * interchanges, river, terrain, land-use zone of every block, districts and reserved substation lots. Everything
 * here is in the flat city frame (metres from the centre, before the overall rotation) and depends only on the
 * seed and the size parameter, so the whole city is reproducible.
 */
import type { Rng } from '../rng.ts';
import { createRiver, type River } from './river.ts';
import { createStemPool, withSuffix, type Name2 } from './names.ts';

/** Road classes the generator writes (OSM highway=*). */
export type GenRoadClass = 'trunk' | 'primary' | 'secondary' | 'tertiary' | 'residential';

/** Land-use zone of a block. */
export type ZoneKind =
  | 'forest'
  | 'industrial'
  | 'cbd'
  | 'plaza'
  | 'village'
  | 'residential'
  | 'commercial'
  | 'park'
  | 'school'
  | 'hospital'
  | 'riverside';

/** One straight street line of the lattice: x = pos (axis 'v', runs south–north) or y = pos (axis 'h'). */
export interface GridLine {
  readonly axis: 'v' | 'h';
  readonly pos: number;
  /** Index among the arterial lines of this axis, or -1 for a local street. */
  readonly arterialIndex: number;
  readonly baseClass: Exclude<GenRoadClass, 'trunk'>;
  /** OSM oneway value, '' for two-way. */
  readonly oneway: '' | 'yes' | '-1';
  /** Whether lanes/maxspeed are written (false → the importer derives them from the class). */
  readonly hasLaneTags: boolean;
  readonly name: Name2;
  /** Half the carriageway width used for building setbacks, metres. */
  readonly halfWidthM: number;
  /** True when part of this line is the ring road. */
  readonly isRing: boolean;
}

/** Axis-aligned rectangle in city-frame metres. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A block between four street lines. */
export interface Block {
  /** Index of the west/south bounding line in vLines/hLines. */
  readonly i: number;
  readonly j: number;
  /** Street centre-line rectangle. */
  readonly outer: Rect;
  /** Buildable interior after road setbacks. */
  readonly inner: Rect;
  zone: ZoneKind;
  readonly district: number;
  /** Areas inside the block where no building may stand (ramps, substation lots). */
  readonly exclusions: Rect[];
  readonly touchesArterial: boolean;
}

/** A grade-separated crossing of the ring (on a bridge) over an arterial, with a diamond of four ramps. */
export interface Interchange {
  readonly x: number;
  readonly y: number;
  /** Axis of the ring line at this crossing. */
  readonly ringAxis: 'v' | 'h';
}

/** A 110 kV substation lot (with a battery station beside it when `hasStorage`). */
export interface SubstationLot {
  readonly x: number;
  readonly y: number;
  readonly storageX: number;
  readonly storageY: number;
  readonly hasStorage: boolean;
  readonly district: number;
}

/** A Gaussian hill of the analytic height field. */
export interface Hill {
  readonly x: number;
  readonly y: number;
  readonly heightM: number;
  readonly sigmaM: number;
}

/** The whole plan. */
export interface CityPlan {
  readonly half: number;
  readonly n: number;
  readonly ax: readonly number[];
  readonly ay: readonly number[];
  readonly vLines: readonly GridLine[];
  readonly hLines: readonly GridLine[];
  /** Ring road on arterial lines i0 and i1 of each axis: the rectangle [x0,x1]×[y0,y1]. */
  readonly ring: {
    readonly i0: number;
    readonly i1: number;
    readonly x0: number;
    readonly x1: number;
    readonly y0: number;
    readonly y1: number;
  };
  readonly river: River;
  readonly riverRow: { readonly y0: number; readonly y1: number };
  readonly rotationRad: number;
  readonly hills: readonly Hill[];
  readonly plainM: number;
  readonly cbd: { readonly x: number; readonly y: number; readonly r: number };
  readonly interchanges: readonly Interchange[];
  readonly ramp: {
    readonly alongRingM: number;
    readonly alongArterialM: number;
    readonly bridgeHalfM: number;
  };
  readonly blocks: readonly Block[];
  readonly districts: {
    readonly xCuts: readonly number[];
    readonly yCuts: readonly number[];
    readonly count: number;
  };
  readonly substations: readonly SubstationLot[];
  /** ≥ 1: stretches lot pitches inside blocks (suburban density for the smallest cities). */
  readonly spacingScale: number;
  readonly buildingsTarget: number;
  /** Terrain height above datum at (x, y), metres. */
  heightAt(x: number, y: number): number;
}

/** Nominal arterial spacing (superblock size), metres; Chinese urban arterial grids are ~0.7–1 km. */
const SUPERBLOCK_M = 850;
/** Smallest superblock, metres (the minimum city is 4 × 4 of these). */
export const MIN_SUPERBLOCK_M = 450;
/** Nominal local block size, metres. */
const LOCAL_BLOCK_M = 220;
/** Clearance of street ends and bridge ends from the water, metres. */
export const RIVER_ROAD_MARGIN_M = 15;
/** Green belt between water and buildings, metres. */
export const RIVER_GREEN_M = 40;

/** Half-width of the carriageway plus verge per class, metres (3.5 m lanes). */
const HALF_WIDTH_M: Record<GenRoadClass, number> = {
  trunk: 16,
  primary: 13,
  secondary: 10,
  tertiary: 7,
  residential: 5,
};

/** District layouts (columns × rows) by count. */
function districtLayout(buildings: number): { cols: number; rows: number } {
  if (buildings < 10000) return { cols: 3, rows: 1 };
  if (buildings < 40000) return { cols: 2, rows: 2 };
  if (buildings < 100000) return { cols: 3, rows: 2 };
  return { cols: 4, rows: 2 };
}

/**
 * Builds the plan for a city of side `sideM` (≥ 4 × MIN_SUPERBLOCK_M) and lot-spacing scale `spacingScale`.
 * `rng` must be fresh for the attempt so that each attempt is reproducible on its own.
 */
export function createPlan(rng: Rng, sideM: number, spacingScale: number, buildingsTarget: number): CityPlan {
  const r = rng.fork('plan');
  const n = Math.max(4, Math.round(sideM / SUPERBLOCK_M));
  const S = Math.max(MIN_SUPERBLOCK_M, sideM / n);
  const half = (n * S) / 2;
  const jitter = (i: number): number => (i > 0 && i < n ? r.range(-0.06, 0.06) * S : 0);
  const ax: number[] = [];
  const ay: number[] = [];
  for (let i = 0; i <= n; i++) ax.push(-half + i * S + jitter(i));
  for (let i = 0; i <= n; i++) ay.push(-half + i * S + jitter(i));
  const rotationRad = (r.range(-12, 12) * Math.PI) / 180;

  // Ring road on arterial lines i0 and i1 of both axes.
  const i0 = n >= 6 ? Math.max(1, Math.round(n * 0.2)) : 1;
  const i1 = n - i0;
  // River row: a superblock row a little south of the centre, never an edge row.
  const rr = Math.min(n - 2, Math.max(1, Math.floor((-0.12 * 2 * half + half) / S)));
  const rowY0 = ay[rr] as number;
  const rowY1 = ay[rr + 1] as number;
  const rowH = rowY1 - rowY0;
  // Keep ≥ 100 m of land between each bank and the row's arterials (ramps, street ends, the green belt).
  const maxWidthM = Math.min(300, Math.max(150, rowH - 200 - 150));
  const minWidthM = Math.min(maxWidthM, Math.max(150, maxWidthM * 0.6));
  const amplitudeM = Math.max(0, Math.min(300, (rowH - maxWidthM - 200) / 2));
  const river = createRiver({
    x0: -half - 1200,
    x1: half + 1200,
    stepM: 20,
    midY: (rowY0 + rowY1) / 2,
    amplitudeM,
    minWidthM,
    maxWidthM,
    wavelengthM: Math.min(4000, Math.max(1500, 0.4 * 2 * half)),
    phase1: r.range(0, 2 * Math.PI),
    phase2: r.range(0, 2 * Math.PI),
    phase3: r.range(0, 2 * Math.PI),
  });

  // Names.
  const stems = createStemPool(r.fork('names'));
  const lines = (axis: 'v' | 'h', art: number[]): GridLine[] => {
    const out: GridLine[] = [];
    const mid = Math.round(n / 2);
    const addArterial = (k: number): void => {
      const isRing = k === i0 || k === i1;
      const primary = k === mid || (k % 3 === 0 && k > 0 && k < n);
      const cls = primary ? 'primary' : 'secondary';
      const stem = stems();
      out.push({
        axis,
        pos: art[k] as number,
        arterialIndex: k,
        baseClass: cls,
        oneway: '',
        hasLaneTags: true,
        name: axis === 'v' ? withSuffix(stem, '路', 'Road') : withSuffix(stem, '大道', 'Avenue'),
        halfWidthM: isRing ? HALF_WIDTH_M.trunk : HALF_WIDTH_M[cls],
        isRing,
      });
    };
    for (let k = 0; k < n; k++) {
      addArterial(k);
      const a = art[k] as number;
      const b = art[k + 1] as number;
      const sub = Math.max(2, Math.round((b - a) / LOCAL_BLOCK_M));
      const inRiverRow = axis === 'h' && k === rr;
      for (let s = 1; s < sub; s++) {
        const pos = a + ((b - a) * s) / sub + r.range(-0.05, 0.05) * ((b - a) / sub);
        // The middle street of a superblock is the collector (tertiary); with only one, alternate by superblock.
        const isCollector = sub === 2 ? k % 2 === 0 : s === Math.floor(sub / 2);
        const cls = isCollector ? 'tertiary' : 'residential';
        // One-way pairs only where a street cannot be cut by the river (a cut one-way street would trap cars).
        const ow = r.next();
        const oneway: GridLine['oneway'] =
          axis === 'h' && !inRiverRow && cls === 'residential' && ow < 0.18 ? (ow < 0.03 ? '-1' : 'yes') : '';
        const stem = stems();
        out.push({
          axis,
          pos,
          arterialIndex: -1,
          baseClass: cls,
          oneway,
          hasLaneTags: r.next() < (cls === 'tertiary' ? 0.6 : 0.4),
          name: withSuffix(stem, axis === 'v' ? '路' : '街', axis === 'v' ? 'Road' : 'Street'),
          halfWidthM: HALF_WIDTH_M[cls],
          isRing: false,
        });
      }
    }
    addArterial(n);
    return out;
  };
  const vLines = lines('v', ax);
  const hLines = lines('h', ay);

  let minSpacing = Infinity;
  for (const ls of [vLines, hLines]) {
    for (let k = 1; k < ls.length; k++)
      minSpacing = Math.min(minSpacing, (ls[k] as GridLine).pos - (ls[k - 1] as GridLine).pos);
  }
  const ramp = { alongRingM: Math.min(150, 0.6 * minSpacing), alongArterialM: 60, bridgeHalfM: 25 };

  const interchanges: Interchange[] = [];
  for (const i of [i0, i1]) {
    for (let j = i0 + 1; j < i1; j++) {
      // Ramps along a ring line must not reach the river bridge: skip crossings on the river row's edges.
      if (j !== rr && j !== rr + 1)
        interchanges.push({ x: ax[i] as number, y: ay[j] as number, ringAxis: 'v' });
      interchanges.push({ x: ax[j] as number, y: ay[i] as number, ringAxis: 'h' });
    }
  }

  // Terrain: a flat river plain (2.5–4 m) and gentle hills to the north-west.
  const hillMaxM = Math.min(140, Math.max(25, 0.011 * 2 * half));
  const hills: Hill[] = [
    { x: -0.62 * half, y: 0.62 * half, heightM: hillMaxM, sigmaM: 0.26 * half },
    { x: -0.2 * half, y: 0.95 * half, heightM: 0.7 * hillMaxM, sigmaM: 0.2 * half },
    { x: -0.95 * half, y: 0.1 * half, heightM: 0.6 * hillMaxM, sigmaM: 0.22 * half },
  ].map((h) => ({
    ...h,
    x: h.x + r.range(-0.05, 0.05) * half,
    y: h.y + r.range(-0.05, 0.05) * half,
  }));
  const plainM = 2.5;
  const heightAt = (x: number, y: number): number => {
    const yc = (river.southAt(x) + river.northAt(x)) / 2;
    let h = plainM + 1.5 * Math.min(1, Math.abs(y - yc) / half);
    for (const hl of hills) {
      const dx = x - hl.x;
      const dy = y - hl.y;
      h += hl.heightM * Math.exp(-(dx * dx + dy * dy) / (2 * hl.sigmaM * hl.sigmaM));
    }
    return h;
  };

  const cbd = { x: 0, y: rowY1 + 0.6 * S, r: Math.max(0.6 * S, 0.14 * 2 * half) };

  // Districts: columns × rows cut along arterial lines.
  const layout = districtLayout(buildingsTarget);
  const xCuts: number[] = [];
  for (let c = 1; c < layout.cols; c++) xCuts.push(ax[Math.round((c * n) / layout.cols)] as number);
  const yCuts: number[] = layout.rows === 2 ? [ay[Math.round(n / 2)] as number] : [];
  const districtOf = (x: number, y: number): number => {
    let c = 0;
    while (c < xCuts.length && x > (xCuts[c] as number)) c++;
    let rw = 0;
    while (rw < yCuts.length && y > (yCuts[rw] as number)) rw++;
    return rw * layout.cols + c;
  };

  // Blocks and their zones.
  const zr = rng.fork('zones');
  const blocks: Block[] = [];
  for (let i = 0; i + 1 < vLines.length; i++) {
    for (let j = 0; j + 1 < hLines.length; j++) {
      const w = vLines[i] as GridLine;
      const e = vLines[i + 1] as GridLine;
      const s = hLines[j] as GridLine;
      const nn = hLines[j + 1] as GridLine;
      const outer = { x0: w.pos, y0: s.pos, x1: e.pos, y1: nn.pos };
      const inner = {
        x0: w.pos + w.halfWidthM + 6,
        y0: s.pos + s.halfWidthM + 6,
        x1: e.pos - e.halfWidthM - 6,
        y1: nn.pos - nn.halfWidthM - 6,
      };
      const cx = (outer.x0 + outer.x1) / 2;
      const cy = (outer.y0 + outer.y1) / 2;
      const u = cx / half;
      const v = cy / half;
      const h = heightAt(cx, cy);
      const touchesArterial = [w, e, s, nn].some((l) => l.arterialIndex >= 0);
      let zone: ZoneKind;
      const roll = zr.next();
      if (river.overlapsBox(inner.x0, inner.y0, inner.x1, inner.y1, RIVER_GREEN_M)) zone = 'riverside';
      else if (h > Math.max(18, 0.55 * hillMaxM)) zone = 'forest';
      else if (cx > 0.3 * half && cy < rowY0) zone = 'industrial';
      else if (Math.hypot(cx - cbd.x, cy - cbd.y) < cbd.r) zone = 'cbd';
      else if (Math.max(Math.abs(u), Math.abs(v)) > 0.78 || h > 10) zone = 'village';
      else if (roll < 0.07) zone = 'park';
      else if (touchesArterial && roll < 0.35) zone = 'commercial';
      else zone = 'residential';
      blocks.push({
        i,
        j,
        outer,
        inner,
        zone,
        district: districtOf(cx, cy),
        exclusions: [],
        touchesArterial,
      });
    }
  }

  // Special blocks: the central plaza, schools, hospitals, at least two parks.
  const size = (b: Block): number => Math.min(b.inner.x1 - b.inner.x0, b.inner.y1 - b.inner.y0);
  const centre = (b: Block): [number, number] => [
    (b.outer.x0 + b.outer.x1) / 2,
    (b.outer.y0 + b.outer.y1) / 2,
  ];
  let plaza: Block | undefined;
  let best = Infinity;
  for (const b of blocks) {
    if (b.zone !== 'cbd' && b.zone !== 'residential' && b.zone !== 'commercial') continue;
    const [cx, cy] = centre(b);
    const d = Math.hypot(cx - cbd.x, cy - cbd.y);
    if (d < best) {
      best = d;
      plaza = b;
    }
  }
  if (plaza) plaza.zone = 'plaza';
  const pickSpread = (count: number, zone: ZoneKind, minSizeM: number, from: readonly ZoneKind[]): void => {
    const cands = blocks.filter((b) => from.includes(b.zone) && size(b) >= minSizeM);
    const keyed = cands.map((b) => ({ b, k: zr.next() })).sort((a, c) => a.k - c.k);
    const spacing = (0.5 * 2 * half) / Math.sqrt(Math.max(1, count));
    const chosen: Block[] = [];
    for (const pass of [spacing, 0]) {
      for (const { b } of keyed) {
        if (chosen.length >= count) break;
        if (chosen.includes(b)) continue;
        const [cx, cy] = centre(b);
        if (chosen.every((c) => Math.hypot(centre(c)[0] - cx, centre(c)[1] - cy) >= pass)) chosen.push(b);
      }
    }
    for (const b of chosen) b.zone = zone;
  };
  pickSpread(Math.max(2, Math.round(buildingsTarget / 2500)), 'school', 90, ['residential', 'village']);
  pickSpread(Math.max(1, Math.round(buildingsTarget / 20000)), 'hospital', 110, [
    'residential',
    'commercial',
  ]);
  const parks = blocks.filter((b) => b.zone === 'park').length;
  if (parks < 2) pickSpread(2 - parks, 'park', 60, ['residential']);

  // Ramp corridors are off limits to buildings.
  const addExclusion = (rect: Rect): void => {
    for (const b of blocks) {
      const o = b.inner;
      if (rect.x0 < o.x1 && rect.x1 > o.x0 && rect.y0 < o.y1 && rect.y1 > o.y0) b.exclusions.push(rect);
    }
  };
  for (const ic of interchanges) {
    const a = ramp.alongArterialM + 25;
    const g = ramp.alongRingM + 25;
    addExclusion(
      ic.ringAxis === 'v'
        ? { x0: ic.x - a, y0: ic.y - g, x1: ic.x + a, y1: ic.y + g }
        : { x0: ic.x - g, y0: ic.y - a, x1: ic.x + g, y1: ic.y + a },
    );
  }

  // 110 kV substations: one per ~3.5 km² of city (urban 110 kV service areas are a few km²), at least one per
  // district; each on a reserved 50 × 80 m lot in the south-west corner of a suitable block.
  const subCount = Math.max(layout.cols * layout.rows, Math.round((2 * half * (2 * half)) / 3.5e6));
  const per = Math.ceil(Math.sqrt(subCount));
  const used = new Set<Block>();
  const substations: SubstationLot[] = [];
  const okZone: readonly ZoneKind[] = ['residential', 'commercial', 'industrial', 'village', 'cbd'];
  for (let k = 0; k < subCount; k++) {
    const tx = -half + ((k % per) + 0.5) * ((2 * half) / per);
    const ty = -half + (Math.floor(k / per) + 0.5) * ((2 * half) / Math.ceil(subCount / per));
    let pick: Block | undefined;
    let bestD = Infinity;
    for (const b of blocks) {
      if (used.has(b) || !okZone.includes(b.zone) || size(b) < 100 || b.exclusions.length > 0) continue;
      const [cx, cy] = centre(b);
      const d = Math.hypot(cx - tx, cy - ty);
      if (d < bestD) {
        bestD = d;
        pick = b;
      }
    }
    if (!pick) break;
    used.add(pick);
    const lot = { x0: pick.inner.x0, y0: pick.inner.y0, x1: pick.inner.x0 + 50, y1: pick.inner.y0 + 80 };
    pick.exclusions.push(lot);
    substations.push({
      x: lot.x0 + 25,
      y: lot.y0 + 25,
      storageX: lot.x0 + 25,
      storageY: lot.y0 + 62,
      hasStorage: k % 3 === 0,
      district: pick.district,
    });
  }

  return {
    half,
    n,
    ax,
    ay,
    vLines,
    hLines,
    ring: { i0, i1, x0: ax[i0] as number, x1: ax[i1] as number, y0: ay[i0] as number, y1: ay[i1] as number },
    river,
    riverRow: { y0: rowY0, y1: rowY1 },
    rotationRad,
    hills,
    plainM,
    cbd,
    interchanges,
    ramp,
    blocks,
    districts: { xCuts, yCuts, count: layout.cols * layout.rows },
    substations,
    spacingScale,
    buildingsTarget,
    heightAt,
  };
}
