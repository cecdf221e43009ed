/**
 * Building footprints. Each block's buildable interior (inside the road setbacks) is cut into disjoint cells and
 * each cell holds at most one footprint, inset 2.5 m from the cell edges: footprints therefore never overlap each
 * other or a road. Footprints that would come within 40 m of the water or touch a ramp corridor / substation lot are
 * dropped. Shapes are rectangles and L-shapes, some rotated; all rings are counter-clockwise and simple.
 */
import type { Rng } from '../rng.ts';
import type { Block, CityPlan, Rect } from './plan.ts';
import { RIVER_GREEN_M } from './plan.ts';
import type { Name2 } from './names.ts';

/** What a building is used for (drives PV, residents and POI re-tagging). */
export type BuildingKind = 'residential' | 'commercial' | 'industrial' | 'public';

/** A candidate footprint before the count is trimmed to the target. */
export interface BuildingCandidate {
  /** Open ring, counter-clockwise, interleaved x,y city-frame metres. */
  readonly ring: number[];
  tags: Record<string, string>;
  /** Schools and hospitals: never thinned away. */
  readonly essential: boolean;
  readonly kind: BuildingKind;
  readonly cx: number;
  readonly cy: number;
  readonly areaM2: number;
  /** Storeys (given or estimated), for floor-area estimates. */
  readonly floors: number;
  readonly heightM: number;
  readonly district: number;
}

/** Clearance between a footprint and its cell edge, metres (so neighbours are ≥ 5 m apart). */
const CELL_MARGIN_M = 2.5;
/** Smallest footprint side kept, metres. */
const MIN_SIDE_M = 4;
const DEG = Math.PI / 180;

/**
 * A w × h rectangle (or an L-shape with the north-east corner cut by fractions lCut) rotated by `angleRad` and
 * shrunk to fit inside the cell minus the margin. Returns the open CCW ring, or null when it would be too small.
 */
export function footprintInCell(
  cell: Rect,
  w: number,
  h: number,
  angleRad: number,
  lCut: readonly [number, number] | null,
): number[] | null {
  const availW = cell.x1 - cell.x0 - 2 * CELL_MARGIN_M;
  const availH = cell.y1 - cell.y0 - 2 * CELL_MARGIN_M;
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const bw = Math.abs(c) * w + Math.abs(s) * h;
  const bh = Math.abs(s) * w + Math.abs(c) * h;
  const k = Math.min(1, availW / bw, availH / bh);
  const ww = w * k;
  const hh = h * k;
  if (!(ww >= MIN_SIDE_M && hh >= MIN_SIDE_M)) return null;
  const a = ww / 2;
  const b = hh / 2;
  const local = lCut
    ? [-a, -b, a, -b, a, b - hh * lCut[1], a - ww * lCut[0], b - hh * lCut[1], a - ww * lCut[0], b, -a, b]
    : [-a, -b, a, -b, a, b, -a, b];
  const cx = (cell.x0 + cell.x1) / 2;
  const cy = (cell.y0 + cell.y1) / 2;
  const out: number[] = [];
  for (let i = 0; i < local.length; i += 2) {
    const x = local[i] as number;
    const y = local[i + 1] as number;
    out.push(cx + x * c - y * s, cy + x * s + y * c);
  }
  return out;
}

/** Shoelace area of an open ring (positive when counter-clockwise), m². */
export function ringArea(ring: readonly number[]): number {
  let a = 0;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    a +=
      (ring[2 * i] as number) * (ring[2 * j + 1] as number) -
      (ring[2 * j] as number) * (ring[2 * i + 1] as number);
  }
  return a / 2;
}

/** Splits a rectangle into a grid of cells of about pitchX × pitchY (at least one). */
function cells(r: Rect, pitchX: number, pitchY: number): Rect[] {
  const W = r.x1 - r.x0;
  const H = r.y1 - r.y0;
  if (W <= 0 || H <= 0) return [];
  const nx = Math.max(1, Math.floor(W / pitchX));
  const ny = Math.max(1, Math.floor(H / pitchY));
  const out: Rect[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      out.push({
        x0: r.x0 + (W * i) / nx,
        y0: r.y0 + (H * j) / ny,
        x1: r.x0 + (W * (i + 1)) / nx,
        y1: r.y0 + (H * (j + 1)) / ny,
      });
    }
  }
  return out;
}

/** Tags for height information in one of three styles, so the importer exercises each derivation path. */
function heightTags(style: number, levels: number, heightM: number): Record<string, string> {
  if (style < 0.15) return { height: String(Math.round(heightM)) };
  if (style < 0.8) return { 'building:levels': String(levels) };
  return {};
}

/** Generates candidates for every block of the plan, in block order. */
export function generateBuildingCandidates(
  plan: CityPlan,
  rng: Rng,
  names: { landmark: Name2 },
): BuildingCandidate[] {
  const out: BuildingCandidate[] = [];
  const sp = plan.spacingScale;
  const { river } = plan;
  // The CBD blocks closest to its centre carry the landmark supertalls.
  const cbdBlocks = plan.blocks
    .filter((b) => b.zone === 'cbd')
    .map((b) => ({
      b,
      d: Math.hypot((b.outer.x0 + b.outer.x1) / 2 - plan.cbd.x, (b.outer.y0 + b.outer.y1) / 2 - plan.cbd.y),
    }))
    .sort((a, c) => a.d - c.d);
  const landmarkCount = Math.min(cbdBlocks.length, plan.buildingsTarget >= 50000 ? 3 : 1);
  const landmarks = new Set(cbdBlocks.slice(0, landmarkCount).map((x) => x.b));

  for (const block of plan.blocks) {
    const r = block.inner;
    if (r.x1 - r.x0 < 20 || r.y1 - r.y0 < 20) continue;
    const add = (
      ring: number[] | null,
      tags: Record<string, string>,
      kind: BuildingKind,
      floors: number,
      heightM: number,
      essential = false,
    ): void => {
      if (!ring) return;
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      let sx = 0;
      let sy = 0;
      const n = ring.length / 2;
      for (let i = 0; i < ring.length; i += 2) {
        const x = ring[i] as number;
        const y = ring[i + 1] as number;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
        sx += x;
        sy += y;
      }
      if (river.overlapsBox(x0, y0, x1, y1, RIVER_GREEN_M)) return;
      for (const e of block.exclusions) if (x0 < e.x1 && x1 > e.x0 && y0 < e.y1 && y1 > e.y0) return;
      out.push({
        ring,
        tags,
        essential,
        kind,
        cx: sx / n,
        cy: sy / n,
        areaM2: ringArea(ring),
        floors,
        heightM,
        district: block.district,
      });
    };
    placeBlock(block, rng, sp, landmarks.has(block), names, add);
  }
  return out;
}

type AddFn = (
  ring: number[] | null,
  tags: Record<string, string>,
  kind: BuildingKind,
  floors: number,
  heightM: number,
  essential?: boolean,
) => void;

/** Places the buildings of one block according to its zone. */
function placeBlock(
  block: Block,
  rng: Rng,
  sp: number,
  isLandmark: boolean,
  names: { landmark: Name2 },
  add: AddFn,
): void {
  const r = block.inner;
  const W = r.x1 - r.x0;
  const H = r.y1 - r.y0;
  switch (block.zone) {
    case 'forest':
    case 'park':
    case 'plaza':
      return;
    case 'cbd': {
      const cs = cells(r, 80 * sp, 80 * sp);
      cs.forEach((cell, k) => {
        if (isLandmark && k === 0) {
          // Supertall landmark (≥ 300 m): the city's skyline anchor.
          const h = rng.range(330, 450);
          const side = rng.range(55, 65);
          add(
            footprintInCell(cell, side, side, 0, null),
            {
              building: 'office',
              height: String(Math.round(h)),
              'building:levels': String(Math.round(h / 4.5)),
              name: names.landmark.zh,
              'name:zh': names.landmark.zh,
              'name:en': names.landmark.en,
            },
            'commercial',
            Math.round(h / 4.5),
            h,
          );
          return;
        }
        const h = Math.min(300, 80 + Math.abs(rng.normal()) * 70);
        const side = rng.range(28, 48);
        const angle = rng.next() < 0.7 ? 0 : rng.range(-25, 25) * DEG;
        const lCut = rng.next() < 0.2 ? ([rng.range(0.35, 0.5), rng.range(0.35, 0.5)] as const) : null;
        const levels = Math.round(h / 4.2);
        const tags: Record<string, string> = {
          building: rng.next() < 0.6 ? 'office' : 'commercial',
          height: String(Math.round(h)),
        };
        if (rng.next() < 0.5) tags['building:levels'] = String(levels);
        add(
          footprintInCell(cell, side, side * rng.range(0.75, 1.25), angle, lCut),
          tags,
          'commercial',
          levels,
          h,
        );
      });
      return;
    }
    case 'commercial': {
      for (const cell of cells(r, 60 * sp, 60 * sp)) {
        const h = rng.range(18, 80);
        const levels = Math.max(4, Math.round(h / 4));
        const lCut = rng.next() < 0.25 ? ([rng.range(0.3, 0.5), rng.range(0.3, 0.5)] as const) : null;
        const tags = {
          building: rng.pick(['commercial', 'retail', 'hotel']),
          ...heightTags(rng.next(), levels, h),
        };
        add(
          footprintInCell(cell, rng.range(25, 45), rng.range(25, 45), 0, lCut),
          tags,
          'commercial',
          levels,
          h,
        );
      }
      return;
    }
    case 'residential':
    case 'riverside': {
      const high = block.zone === 'residential' && rng.next() < 0.6;
      const depth = high ? rng.range(13, 16) : rng.range(11, 13);
      // Row spacing for winter sunlight: Chinese practice spaces slab rows at roughly 1–1.5 × their height in the
      // Yangtze delta; compressed here to keep blocks dense.
      const pitchY = (depth + (high ? rng.range(40, 55) : rng.range(24, 32))) * sp;
      const len = high ? rng.range(30, 55) : rng.range(45, 75);
      const pitchX = (len + rng.range(12, 20)) * sp;
      const angle = rng.next() < 0.3 ? rng.range(-6, 6) * DEG : 0;
      for (const cell of cells(r, pitchX, pitchY)) {
        if (rng.next() < 0.12) {
          // Ancillary low building: shops, clubhouse, kindergarten-sized.
          const levels = rng.int(2) + 1;
          add(
            footprintInCell(cell, rng.range(15, 30), rng.range(10, 15), angle, null),
            {
              building: 'retail',
              'building:levels': String(levels),
            },
            'commercial',
            levels,
            levels * 4,
          );
          continue;
        }
        const levels = high ? 18 + rng.int(16) : 6 + rng.int(6);
        const tags = {
          building: rng.next() < 0.8 ? 'apartments' : 'residential',
          ...heightTags(rng.next(), levels, levels * 3),
        };
        add(footprintInCell(cell, len, depth, angle, null), tags, 'residential', levels, levels * 3);
      }
      return;
    }
    case 'village': {
      const pitch = rng.range(14, 18) * sp;
      const base = rng.range(-20, 20) * DEG;
      for (const cell of cells(r, pitch, pitch)) {
        const levels = rng.int(3) + 1;
        const lCut = rng.next() < 0.15 ? ([rng.range(0.35, 0.55), rng.range(0.35, 0.55)] as const) : null;
        const tags: Record<string, string> = { building: rng.pick(['house', 'house', 'residential', 'yes']) };
        if (rng.next() < 0.55) tags['building:levels'] = String(levels);
        add(
          footprintInCell(cell, rng.range(8, 12), rng.range(9, 13), base + rng.range(-5, 5) * DEG, lCut),
          tags,
          'residential',
          levels,
          levels * 3,
        );
      }
      return;
    }
    case 'industrial': {
      for (const cell of cells(r, rng.range(80, 140) * sp, rng.range(60, 110) * sp)) {
        const h = rng.range(8, 16);
        const style = rng.next();
        const tags: Record<string, string> = { building: rng.next() < 0.6 ? 'industrial' : 'warehouse' };
        if (style < 0.55) tags['height'] = String(Math.round(h));
        else if (style < 0.8) tags['building:levels'] = '1';
        const w = (cell.x1 - cell.x0) * rng.range(0.6, 0.9);
        const hh = (cell.y1 - cell.y0) * rng.range(0.6, 0.9);
        add(footprintInCell(cell, w, hh, 0, rng.next() < 0.15 ? [0.4, 0.4] : null), tags, 'industrial', 1, h);
      }
      return;
    }
    case 'school': {
      // Campus: two teaching blocks on the north side, a gym to the east, the sports field to the south.
      const north: Rect = { x0: r.x0, y0: r.y1 - 26, x1: r.x0 + 0.65 * W, y1: r.y1 };
      const second: Rect = { x0: r.x0, y0: r.y1 - 58, x1: r.x0 + 0.65 * W, y1: r.y1 - 32 };
      const gym: Rect = { x0: r.x0 + 0.7 * W, y0: r.y1 - 58, x1: r.x1, y1: r.y1 };
      add(
        footprintInCell(north, 0.65 * W, 16, 0, null),
        { building: 'school', 'building:levels': '5' },
        'public',
        5,
        18,
        true,
      );
      if (H > 120) {
        add(
          footprintInCell(second, 0.6 * W, 16, 0, null),
          { building: 'school', 'building:levels': '4' },
          'public',
          4,
          15,
          true,
        );
      }
      add(footprintInCell(gym, 40, 30, 0, null), { building: 'school', height: '12' }, 'public', 1, 12, true);
      return;
    }
    case 'hospital': {
      const main: Rect = { x0: r.x0, y0: r.y0 + H / 2, x1: r.x0 + 0.55 * W, y1: r.y1 };
      const wards: Rect = { x0: r.x0 + 0.6 * W, y0: r.y0 + H / 2, x1: r.x1, y1: r.y1 };
      const outpatient: Rect = { x0: r.x0, y0: r.y0, x1: r.x0 + 0.55 * W, y1: r.y0 + 0.45 * H };
      add(
        footprintInCell(main, 60, 40, 0, [0.4, 0.4]),
        { building: 'hospital', height: '45' },
        'public',
        11,
        45,
        true,
      );
      add(
        footprintInCell(wards, 70, 18, 0, null),
        { building: 'hospital', 'building:levels': '12' },
        'public',
        12,
        40,
        true,
      );
      add(
        footprintInCell(outpatient, 50, 30, 0, null),
        { building: 'hospital', 'building:levels': '5' },
        'public',
        5,
        20,
        true,
      );
      return;
    }
    default: {
      const never: never = block.zone;
      throw new Error(`unknown zone ${String(never)}`);
    }
  }
}

/**
 * Keeps exactly `target` candidates: all essential ones plus an evenly spread subset of the rest (error diffusion:
 * candidate k is kept when floor((k+1)·K/C) > floor(k·K/C), which keeps exactly K of C in integer arithmetic).
 */
export function thinToCount(cands: readonly BuildingCandidate[], target: number): BuildingCandidate[] {
  const essential = cands.filter((c) => c.essential).length;
  const K = target - essential;
  const C = cands.length - essential;
  if (K < 0 || K > C)
    throw new RangeError(`cannot keep ${target} of ${cands.length} candidates (${essential} essential)`);
  const out: BuildingCandidate[] = [];
  let k = 0;
  for (const c of cands) {
    if (c.essential) {
      out.push(c);
      continue;
    }
    if (Math.floor(((k + 1) * K) / C) > Math.floor((k * K) / C)) out.push(c);
    k++;
  }
  return out;
}
