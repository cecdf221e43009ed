/**
 * Control-room wall layouts (issue 7 "Native-resolution layouts"): a wall is data in `scenes/walls/<id>.json`,
 * parsed here from `unknown` (DESIGN.md rule 5). The format is documented in docs/wall.md.
 *
 * Coordinates: every panel is placed on the wall's VIRTUAL CANVAS, in physical pixels of the screens (all screens of
 * a wall share one pixel pitch, so one canvas pixel is one device pixel on every screen). The canvas includes the
 * bezel gaps between screens as hidden pixels (bezel compensation): a screen's rectangle starts where its active area
 * physically is, so a straight line drawn across the canvas stays straight across the physical screens — the pixels
 * that fall behind a bezel are simply not shown.
 */
import type { Text2 } from '../hazards/types.ts';
import { DOMAIN_IDS, type DomainId } from '../scenario/types.ts';
import { WALL_SCENES, type WallSceneId } from './types.ts';

/** What a panel shows. Only 'twin3d' may span several screens (ThreeView draws each screen's part with a view
 * offset); every other panel must lie inside one screen so no bezel cuts its text or its map. */
export const WALL_PANEL_KINDS = ['twin3d', 'map', 'kpis', 'alarms', 'domain', 'clock', 'title'] as const;
export type WallPanelKind = (typeof WALL_PANEL_KINDS)[number];

/** Panel kinds that may span several screens. */
export const SPANNING_PANEL_KINDS: ReadonlySet<WallPanelKind> = new Set<WallPanelKind>(['twin3d']);

/** Bezel widths of a screen, millimetres from the active area's edge to the housing's edge. */
export interface BezelMm {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** How a screen is placed: by column/row of a grid (1-based), or by the physical position of its active area's
 * top-left corner in millimetres from the wall's reference corner (top-left; x right, y down). */
export type ScreenPlacement =
  | { readonly kind: 'grid'; readonly col: number; readonly row: number }
  | { readonly kind: 'physical'; readonly xMm: number; readonly yMm: number };

/** One screen (one browser) of a wall. */
export interface WallScreen {
  /** 1-based; the `screen=` URL parameter. */
  readonly id: number;
  readonly placement: ScreenPlacement;
  /** Native resolution, device pixels. */
  readonly widthPx: number;
  readonly heightPx: number;
  /** Centre-to-centre pixel distance, millimetres. */
  readonly pixelPitchMm: number;
  readonly bezelMm: BezelMm;
  /** Derived: the screen's top-left on the virtual canvas, canvas pixels. */
  readonly xPx: number;
  readonly yPx: number;
}

/** A rectangle on the virtual canvas, canvas pixels. */
export interface CanvasRect {
  readonly xPx: number;
  readonly yPx: number;
  readonly widthPx: number;
  readonly heightPx: number;
}

/** A panel of a wall, placed on the virtual canvas. */
export interface WallPanel extends CanvasRect {
  readonly id: string;
  readonly kind: WallPanelKind;
  /** 'kpis': the domains whose headline KPIs it shows (default: all, in DOMAINS order). 'domain': a fixed domain
   * (default: the domain of the playlist's current scene). Ignored by other kinds. */
  readonly domains: readonly DomainId[] | null;
}

/** One item of the kiosk rotation. */
export interface WallPlaylistItem {
  readonly scene: WallSceneId;
  readonly durationS: number;
}

/** How a critical alarm takes over the wall (wall-sync applies it). */
export interface WallTakeover {
  /** Camera flight to the alarm, seconds. */
  readonly flyDurationS: number;
  /** Camera distance to the alarm point, metres. */
  readonly distanceM: number;
  /** Camera pitch at the alarm, degrees (0 = straight down). */
  readonly pitchDeg: number;
}

/** A parsed, validated wall layout. */
export interface WallLayout {
  /** Equals the file's base name (`main` for scenes/walls/main.json). */
  readonly id: string;
  readonly name: Text2;
  /** Design viewing distance of the operators, metres (text sizing: minTextPx). */
  readonly viewingDistanceM: number;
  /** True for a one-screen layout that takes the browser window's size at run time (plain `/wall`). */
  readonly fitWindow: boolean;
  /** The common pixel pitch of all screens, millimetres. */
  readonly pixelPitchMm: number;
  readonly screens: readonly WallScreen[];
  /** Derived: the virtual canvas, canvas pixels (screens + bezel gaps). */
  readonly canvas: { readonly widthPx: number; readonly heightPx: number };
  readonly panels: readonly WallPanel[];
  readonly playlist: readonly WallPlaylistItem[];
  readonly takeover: WallTakeover;
}

/** Defaults of `takeover` when the file omits it or a field of it. */
export const DEFAULT_TAKEOVER: WallTakeover = { flyDurationS: 2, distanceM: 1200, pitchDeg: 50 };

/** Parse result. */
export type WallLayoutResult = { ok: true; value: WallLayout } | { ok: false; reason: string };

/** Wall ids (file base names): lowercase letters, digits, '-' and '_'. Also guards the URL parameter. */
export const WALL_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

// Pitches of screens on one wall must agree to this tolerance, mm (datasheets round to 3 decimals).
const PITCH_TOLERANCE_MM = 0.0005;

class LayoutError extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

function fail(path: string, why: string): never {
  throw new LayoutError(`${path}: ${why}`);
}

function obj(v: unknown, path: string, allowed?: readonly string[]): Obj {
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  // Unknown keys are typos of optional fields (a silently ignored "domians" would be a layout bug).
  if (allowed) {
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k))
        fail(path === '(top level)' ? k : `${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
  return v;
}

const TOP_KEYS = [
  'id',
  'name',
  'note',
  'viewingDistanceM',
  'fitWindow',
  'screens',
  'panels',
  'playlist',
  'takeover',
];
const SCREEN_KEYS = [
  'id',
  'col',
  'row',
  'xMm',
  'yMm',
  'widthPx',
  'heightPx',
  'pixelPitchMm',
  'bezelMm',
  'note',
];
const PANEL_KEYS = ['id', 'kind', 'xPx', 'yPx', 'widthPx', 'heightPx', 'domains'];

function num(v: unknown, path: string, min: number, minInclusive: boolean, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a number, got ${describe(v)}`);
  if (minInclusive ? v < min : v <= min) fail(path, `expected ${minInclusive ? '≥' : '>'} ${min}, got ${v}`);
  if (v > max) fail(path, `expected ≤ ${max}, got ${v}`);
  return v;
}

function int(v: unknown, path: string, min: number, max = 1_000_000): number {
  const n = num(v, path, min, true, max);
  if (!Number.isInteger(n)) fail(path, `expected a whole number, got ${n}`);
  return n;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(path, `expected a non-empty string, got ${describe(v)}`);
  return v;
}

function arr(v: unknown, path: string, minLength: number): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  if (v.length < minLength) fail(path, `expected at least ${minLength} item(s), got ${v.length}`);
  return v;
}

function text2(v: unknown, path: string): Text2 {
  const o = obj(v, path);
  return { zh: str(o.zh, `${path}.zh`), en: str(o.en, `${path}.en`) };
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(path, `expected one of ${allowed.join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

interface RawScreen {
  readonly id: number;
  readonly placement: ScreenPlacement;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly pixelPitchMm: number;
  readonly bezelMm: BezelMm;
}

function parseScreen(v: unknown, i: number): RawScreen {
  const p = `screens[${i}]`;
  const o = obj(v, p, SCREEN_KEYS);
  const id = int(o.id, `${p}.id`, 1, 1000);
  if (id !== i + 1)
    fail(`${p}.id`, `screens must be numbered 1, 2, 3… in order; expected ${i + 1}, got ${id}`);
  const hasGrid = o.col !== undefined || o.row !== undefined;
  const hasPhysical = o.xMm !== undefined || o.yMm !== undefined;
  if (hasGrid && hasPhysical) fail(p, 'give either col/row or xMm/yMm, not both');
  if (!hasGrid && !hasPhysical) fail(p, 'missing its position: col/row (grid) or xMm/yMm (physical)');
  const placement: ScreenPlacement = hasGrid
    ? { kind: 'grid', col: int(o.col, `${p}.col`, 1, 100), row: int(o.row, `${p}.row`, 1, 100) }
    : { kind: 'physical', xMm: num(o.xMm, `${p}.xMm`, 0, true), yMm: num(o.yMm, `${p}.yMm`, 0, true) };
  const b = obj(o.bezelMm, `${p}.bezelMm`, ['left', 'right', 'top', 'bottom']);
  const bezel = (k: keyof BezelMm): number => num(b[k], `${p}.bezelMm.${k}`, 0, true, 500);
  return {
    id,
    placement,
    widthPx: int(o.widthPx, `${p}.widthPx`, 1, 16384),
    heightPx: int(o.heightPx, `${p}.heightPx`, 1, 16384),
    pixelPitchMm: num(o.pixelPitchMm, `${p}.pixelPitchMm`, 0, false, 20),
    bezelMm: { left: bezel('left'), right: bezel('right'), top: bezel('top'), bottom: bezel('bottom') },
  };
}

/**
 * Positions of grid tracks (columns or rows), canvas pixels: track k starts after the tracks before it and the
 * bezel gap between each pair; a track is as wide as its widest screen; the gap between tracks k and k+1 is the
 * widest trailing bezel of track k plus the widest leading bezel of track k+1, converted with the pitch and rounded
 * to whole pixels (a canvas pixel is a device pixel).
 */
function trackStarts(
  screens: readonly RawScreen[],
  track: (s: RawScreen) => number,
  size: (s: RawScreen) => number,
  lead: (s: RawScreen) => number,
  trail: (s: RawScreen) => number,
  pitchMm: number,
  what: 'col' | 'row',
): number[] {
  const count = Math.max(...screens.map(track));
  const sizes = new Array<number>(count).fill(0);
  const leads = new Array<number>(count).fill(0);
  const trails = new Array<number>(count).fill(0);
  for (const s of screens) {
    const k = track(s) - 1;
    sizes[k] = Math.max(sizes[k] ?? 0, size(s));
    leads[k] = Math.max(leads[k] ?? 0, lead(s));
    trails[k] = Math.max(trails[k] ?? 0, trail(s));
  }
  for (let k = 0; k < count; k++) {
    if (sizes[k] === 0) fail('screens', `${what} ${k + 1} has no screen (grid ${what}s must be 1…${count})`);
  }
  const starts = [0];
  for (let k = 1; k < count; k++) {
    const gapPx = Math.round(((trails[k - 1] ?? 0) + (leads[k] ?? 0)) / pitchMm);
    starts.push((starts[k - 1] ?? 0) + (sizes[k - 1] ?? 0) + gapPx);
  }
  return starts;
}

function placeScreens(raw: readonly RawScreen[], pitchMm: number): WallScreen[] {
  const grid = raw.filter((s) => s.placement.kind === 'grid');
  if (grid.length > 0 && grid.length < raw.length) {
    fail('screens', 'mixes col/row and xMm/yMm placement; use one kind for every screen');
  }
  if (grid.length > 0) {
    const col = (s: RawScreen): number => (s.placement.kind === 'grid' ? s.placement.col : 0);
    const row = (s: RawScreen): number => (s.placement.kind === 'grid' ? s.placement.row : 0);
    const cols = trackStarts(
      raw,
      col,
      (s) => s.widthPx,
      (s) => s.bezelMm.left,
      (s) => s.bezelMm.right,
      pitchMm,
      'col',
    );
    const rows = trackStarts(
      raw,
      row,
      (s) => s.heightPx,
      (s) => s.bezelMm.top,
      (s) => s.bezelMm.bottom,
      pitchMm,
      'row',
    );
    const seen = new Map<string, number>();
    return raw.map((s) => {
      const key = `${col(s)},${row(s)}`;
      const other = seen.get(key);
      if (other !== undefined)
        fail(`screens[${s.id - 1}]`, `col ${col(s)}, row ${row(s)} is taken by screen ${other}`);
      seen.set(key, s.id);
      return { ...s, xPx: cols[col(s) - 1] ?? 0, yPx: rows[row(s) - 1] ?? 0 };
    });
  }
  // Physical placement: the active area's position in mm becomes canvas pixels; the smallest position is the origin.
  const xs = raw.map((s) => (s.placement.kind === 'physical' ? Math.round(s.placement.xMm / pitchMm) : 0));
  const ys = raw.map((s) => (s.placement.kind === 'physical' ? Math.round(s.placement.yMm / pitchMm) : 0));
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return raw.map((s, i) => ({ ...s, xPx: (xs[i] ?? 0) - x0, yPx: (ys[i] ?? 0) - y0 }));
}

function overlap(a: CanvasRect, b: CanvasRect): boolean {
  return (
    a.xPx < b.xPx + b.widthPx &&
    b.xPx < a.xPx + a.widthPx &&
    a.yPx < b.yPx + b.heightPx &&
    b.yPx < a.yPx + a.heightPx
  );
}

function contains(outer: CanvasRect, inner: CanvasRect): boolean {
  return (
    inner.xPx >= outer.xPx &&
    inner.yPx >= outer.yPx &&
    inner.xPx + inner.widthPx <= outer.xPx + outer.widthPx &&
    inner.yPx + inner.heightPx <= outer.yPx + outer.heightPx
  );
}

function parsePanel(
  v: unknown,
  i: number,
  layoutScreens: readonly WallScreen[],
  canvas: CanvasRect,
): WallPanel {
  const p = `panels[${i}]`;
  const o = obj(v, p, PANEL_KEYS);
  const id = str(o.id, `${p}.id`);
  const kind = oneOf(o.kind, `${p}.kind`, WALL_PANEL_KINDS);
  let domains: readonly DomainId[] | null = null;
  if (o.domains !== undefined) {
    domains = arr(o.domains, `${p}.domains`, 1).map((d, k) => oneOf(d, `${p}.domains[${k}]`, DOMAIN_IDS));
  }
  const rect: CanvasRect = {
    xPx: int(o.xPx, `${p}.xPx`, 0),
    yPx: int(o.yPx, `${p}.yPx`, 0),
    widthPx: int(o.widthPx, `${p}.widthPx`, 1),
    heightPx: int(o.heightPx, `${p}.heightPx`, 1),
  };
  if (!contains(canvas, rect)) {
    fail(
      p,
      `rectangle ${rect.xPx},${rect.yPx} ${rect.widthPx}×${rect.heightPx} leaves the virtual canvas ` +
        `${canvas.widthPx}×${canvas.heightPx} (bezel gaps included)`,
    );
  }
  const on = layoutScreens.filter((s) => overlap(s, rect));
  if (on.length === 0) fail(p, 'lies entirely behind bezels: it is on no screen');
  if (!SPANNING_PANEL_KINDS.has(kind) && (on.length > 1 || !contains(on[0] ?? rect, rect))) {
    fail(
      p,
      `a '${kind}' panel must lie inside one screen (a bezel would cut it); it touches screen(s) ` +
        on.map((s) => s.id).join(', '),
    );
  }
  return { id, kind, ...rect, domains };
}

function parseTakeover(v: unknown): WallTakeover {
  if (v === undefined) return DEFAULT_TAKEOVER;
  const o = obj(v, 'takeover', ['flyDurationS', 'distanceM', 'pitchDeg']);
  const opt = (k: keyof WallTakeover, min: number, max: number): number =>
    o[k] === undefined ? DEFAULT_TAKEOVER[k] : num(o[k], `takeover.${k}`, min, true, max);
  return {
    flyDurationS: opt('flyDurationS', 0, 60),
    distanceM: opt('distanceM', 10, 100_000),
    pitchDeg: opt('pitchDeg', 0, 85),
  };
}

function parseLayout(json: unknown, baseName: string): WallLayout {
  const o = obj(json, '(top level)', TOP_KEYS);
  if (o.note !== undefined) str(o.note, 'note');
  const id = str(o.id, 'id');
  if (!WALL_ID_PATTERN.test(id))
    fail('id', `expected lowercase letters, digits, '-' or '_', got ${describe(id)}`);
  if (id !== baseName)
    fail('id', `must equal the file's base name ${JSON.stringify(baseName)}, got ${describe(id)}`);
  const name = text2(o.name, 'name');
  const viewingDistanceM = num(o.viewingDistanceM, 'viewingDistanceM', 0, false, 100);
  const fitWindow = o.fitWindow === undefined ? false : o.fitWindow;
  if (typeof fitWindow !== 'boolean') fail('fitWindow', `expected true or false, got ${describe(fitWindow)}`);
  const raw = arr(o.screens, 'screens', 1).map(parseScreen);
  if (fitWindow && raw.length !== 1)
    fail('fitWindow', `only a one-screen layout can fit the window; it has ${raw.length}`);
  const pitchMm = raw[0]?.pixelPitchMm ?? 1;
  for (const s of raw) {
    if (Math.abs(s.pixelPitchMm - pitchMm) > PITCH_TOLERANCE_MM) {
      fail(
        `screens[${s.id - 1}].pixelPitchMm`,
        `is ${s.pixelPitchMm} but screen 1's is ${pitchMm}; one wall needs one pitch so a canvas pixel is a device ` +
          'pixel on every screen (no scaling)',
      );
    }
  }
  const screens = placeScreens(raw, pitchMm);
  for (let a = 0; a < screens.length; a++) {
    for (let b = a + 1; b < screens.length; b++) {
      const sa = screens[a];
      const sb = screens[b];
      if (sa && sb && overlap(sa, sb)) fail(`screens[${b}]`, `overlaps screen ${sa.id}`);
    }
  }
  const canvas = {
    xPx: 0,
    yPx: 0,
    widthPx: Math.max(...screens.map((s) => s.xPx + s.widthPx)),
    heightPx: Math.max(...screens.map((s) => s.yPx + s.heightPx)),
  };
  const panels = arr(o.panels, 'panels', 1).map((v, i) => parsePanel(v, i, screens, canvas));
  const ids = new Set<string>();
  const views = new Set<WallPanelKind>();
  panels.forEach((pn, i) => {
    if (ids.has(pn.id)) fail(`panels[${i}].id`, `duplicate panel id ${JSON.stringify(pn.id)}`);
    ids.add(pn.id);
    // One 3D view and one map per browser: each registers one camera bridge and one ready flag.
    if ((pn.kind === 'twin3d' || pn.kind === 'map') && views.has(pn.kind)) {
      fail(`panels[${i}].kind`, `a wall has at most one '${pn.kind}' panel`);
    }
    views.add(pn.kind);
    // Panels must not cover each other: the wall has no z-order, and a covered KPI is a hidden KPI.
    for (let k = 0; k < i; k++) {
      const other = panels[k];
      if (other && overlap(other, pn)) fail(`panels[${i}]`, `overlaps panel ${JSON.stringify(other.id)}`);
    }
  });
  const playlist = arr(o.playlist, 'playlist', 1).map((v, i): WallPlaylistItem => {
    const it = obj(v, `playlist[${i}]`, ['scene', 'durationS']);
    return {
      scene: oneOf(it.scene, `playlist[${i}].scene`, WALL_SCENES),
      durationS: num(it.durationS, `playlist[${i}].durationS`, 5, true, 86_400),
    };
  });
  return {
    id,
    name,
    viewingDistanceM,
    fitWindow,
    pixelPitchMm: pitchMm,
    screens,
    canvas: { widthPx: canvas.widthPx, heightPx: canvas.heightPx },
    panels,
    playlist,
    takeover: parseTakeover(o.takeover),
  };
}

/**
 * Parses a wall layout file's JSON. `fileName` (e.g. 'scenes/walls/main.json') names the file in errors and its
 * base name must equal the layout's `id`. Never throws: bad input gives `{ ok: false, reason }` with the file, the
 * field path and why.
 */
export function parseWallLayout(json: unknown, fileName: string): WallLayoutResult {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  try {
    return { ok: true, value: parseLayout(json, base) };
  } catch (e) {
    if (e instanceof LayoutError) return { ok: false, reason: `${fileName}: ${e.message}` };
    return { ok: false, reason: `${fileName}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The screen with id `screenId`, or null. */
export function wallScreen(layout: WallLayout, screenId: number): WallScreen | null {
  return layout.screens.find((s) => s.id === screenId) ?? null;
}

/** The screen's rectangle on the virtual canvas, canvas pixels (null for an unknown screen). */
export function screenRect(layout: WallLayout, screenId: number): CanvasRect | null {
  const s = wallScreen(layout, screenId);
  return s ? { xPx: s.xPx, yPx: s.yPx, widthPx: s.widthPx, heightPx: s.heightPx } : null;
}

/** The part of a panel one screen shows. */
export interface PanelPart {
  /** Where the part sits on the screen, screen (device) pixels from its top-left. */
  readonly screenXPx: number;
  readonly screenYPx: number;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Where the part sits inside the panel, pixels from the panel's top-left (ThreeView's view offset). */
  readonly offsetXPx: number;
  readonly offsetYPx: number;
  /** True when the screen shows the whole panel. */
  readonly whole: boolean;
}

/** The intersection of `panel` with screen `screenId`, or null when the screen shows none of it. */
export function panelPartOnScreen(layout: WallLayout, panel: CanvasRect, screenId: number): PanelPart | null {
  const s = screenRect(layout, screenId);
  if (!s) return null;
  const x0 = Math.max(s.xPx, panel.xPx);
  const y0 = Math.max(s.yPx, panel.yPx);
  const x1 = Math.min(s.xPx + s.widthPx, panel.xPx + panel.widthPx);
  const y1 = Math.min(s.yPx + s.heightPx, panel.yPx + panel.heightPx);
  if (x1 <= x0 || y1 <= y0) return null;
  return {
    screenXPx: x0 - s.xPx,
    screenYPx: y0 - s.yPx,
    widthPx: x1 - x0,
    heightPx: y1 - y0,
    offsetXPx: x0 - panel.xPx,
    offsetYPx: y0 - panel.yPx,
    whole: x1 - x0 === panel.widthPx && y1 - y0 === panel.heightPx,
  };
}

/** Minimum character height for reading, arc minutes: ISO 9241-3:1992 (carried into ISO 9241-303:2011) — "character
 * heights of 20 to 22 minutes of arc are preferred … the minimum character height shall be 16 minutes of arc" — and
 * the control-room guideline NUREG-0700 Rev. 2 (US NRC 2002) §1.3.1-4, which repeats 16′ minimum / 20–22′ preferred;
 * ISO 11064-5:2008 (control-room displays) defers to ISO 9241 for character size. */
export const MIN_CHAR_ARCMIN = 16;
/** The preferred character height, arc minutes (same sources). */
export const PREFERRED_CHAR_ARCMIN = 20;

/** Character height, millimetres, subtending `arcmin` at `distanceM`: h = 2·d·tan(θ/2). */
export function charHeightMm(distanceM: number, arcmin: number): number {
  const halfRad = (arcmin / 60 / 2) * (Math.PI / 180);
  return 2 * distanceM * 1000 * Math.tan(halfRad);
}

/**
 * The least character height, device pixels (rounded up), for text on screen `screenId` to subtend `arcmin`
 * (default the preferred 20′) at the layout's viewing distance. "Character height" is the cap height of Latin
 * capitals / the body of a CJK character, not the CSS font-size (see fontPxForCharPx). 0 for an unknown screen.
 */
export function minTextPx(
  layout: WallLayout,
  screenId: number,
  arcmin: number = PREFERRED_CHAR_ARCMIN,
): number {
  const s = wallScreen(layout, screenId);
  if (!s) return 0;
  // Round to 1e-6 px first so an exact whole number is not pushed up by floating-point noise.
  return Math.ceil(Math.round((charHeightMm(layout.viewingDistanceM, arcmin) / s.pixelPitchMm) * 1e6) / 1e6);
}

/** Cap height of the UI's sans-serif faces as a fraction of the em (Noto Sans / Source Han Sans: 714/1000 units;
 * Arial/Helvetica ≈ 0.716), so font-size = character height / this. CJK ideographs fill ≈ 0.88 em, so a font-size
 * chosen for Latin capitals is also large enough for Chinese. */
export const CAP_HEIGHT_EM = 0.714;

/** CSS font-size, px, whose capital letters are `charPx` tall (rounded up). */
export function fontPxForCharPx(charPx: number): number {
  return Math.ceil(charPx / CAP_HEIGHT_EM);
}

/** A one-screen layout resized to a window of `widthPx`×`heightPx`: the screen takes the window's size and every
 * panel is scaled with it (fitWindow layouts only; others are returned unchanged). */
export function fitLayoutToWindow(layout: WallLayout, widthPx: number, heightPx: number): WallLayout {
  const s = layout.screens[0];
  if (!layout.fitWindow || !s || widthPx <= 0 || heightPx <= 0) return layout;
  const kx = widthPx / s.widthPx;
  const ky = heightPx / s.heightPx;
  const w = Math.round(widthPx);
  const h = Math.round(heightPx);
  return {
    ...layout,
    screens: [{ ...s, xPx: 0, yPx: 0, widthPx: w, heightPx: h }],
    canvas: { widthPx: w, heightPx: h },
    panels: layout.panels.map((p) => {
      const x0 = Math.round(p.xPx * kx);
      const y0 = Math.round(p.yPx * ky);
      return {
        ...p,
        xPx: x0,
        yPx: y0,
        widthPx: Math.max(1, Math.min(w, Math.round((p.xPx + p.widthPx) * kx)) - x0),
        heightPx: Math.max(1, Math.min(h, Math.round((p.yPx + p.heightPx) * ky)) - y0),
      };
    }),
  };
}
