/**
 * The wall's shared state as a pure state machine (docs/protocol.md §10): kiosk rotation by the server's real clock,
 * pause while an operator has control (released automatically after an idle time) or an alarm has taken over, alarm
 * raise / acknowledge with the camera's return, and the console's commands. Every function takes the time it needs
 * (`nowMs`: server real time, ms since epoch) and returns a new machine, or the same object when nothing changed;
 * every change of the shared WallState increases its seq by one. No clock and no randomness here.
 */
import type { Text2 } from '../hazards/types.ts';
import type { WallCommand } from '../protocol/wallMessages.ts';
import type { TwinCamera, WallAlarm, WallSceneId, WallState } from './types.ts';

/** The part of a layout the state machine needs (src/core/wall/layout.ts WallLayout has it). */
export interface WallPlan {
  readonly playlist: readonly { readonly scene: WallSceneId; readonly durationS: number }[];
}

/** Tunables. */
export interface WallRules {
  /** An operator's control ends after this long without a command, ms. */
  readonly idleReleaseMs: number;
  /** Distance of the camera that flies to an alarm, m. */
  readonly alarmDistanceM: number;
  /** Pitch of that camera, degrees from straight down. */
  readonly alarmPitchDeg: number;
}

/**
 * Defaults. Idle release 5 min: long enough for an operator talking a visitor through a view, short enough that a
 * forgotten console does not freeze the wall for a shift (our choice; no published figure). Alarm camera 1.2 km at
 * 45°: a few blocks around the place, with the buildings' sides visible.
 */
export const DEFAULT_WALL_RULES: WallRules = {
  idleReleaseMs: 5 * 60_000,
  alarmDistanceM: 1200,
  alarmPitchDeg: 45,
};

/** Alarms waiting behind the one shown, and acknowledged ids remembered (bounds: memory stays flat for days). */
export const MAX_PENDING_ALARMS = 16;
export const MAX_ACKED_ALARMS = 256;

/** The server's record of one wall: the shared state plus what only the server needs. */
export interface WallMachine {
  readonly state: WallState;
  /** Real time of the controlling operator's latest command (idle release), ms. */
  readonly controlActiveMs: number;
  /** Remaining time of the current playlist item while the rotation is paused, ms (null while running). */
  readonly pausedRemainingMs: number | null;
  /** Alarms raised while another was shown, oldest first. */
  readonly pending: readonly WallAlarm[];
  /** Ids acknowledged (newest last): the same alarm is not raised again. */
  readonly acked: readonly string[];
  /** Drills raised so far (drill ids). */
  readonly drills: number;
}

/** A command's outcome: the new machine, or why it was refused. */
export type WallStep =
  { readonly ok: true; readonly machine: WallMachine } | { readonly ok: false; readonly reason: string };

const itemMs = (plan: WallPlan, i: number): number => (plan.playlist[i]?.durationS ?? 60) * 1000;

function bump(
  m: WallMachine,
  patch: Partial<WallState>,
  rest: Partial<Omit<WallMachine, 'state'>> = {},
): WallMachine {
  return { ...m, ...rest, state: { ...m.state, ...patch, seq: m.state.seq + 1 } };
}

/** A scene extent in scene metres (CityModel meta.extentM). */
export interface ExtentM {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Vertical field of view of the 3D view's camera (ThreeView: PerspectiveCamera fov 40), degrees. */
export const TWIN_FOV_DEG = 40;

/** Margin around a framed extent: 2 % so its edges do not touch the panel's edge (our choice). */
export const FRAME_MARGIN = 1.02;

/** Camera axes in (east, north, up) for heading h (clockwise from north) and pitch p (0 = straight down). */
interface CameraAxes {
  /** Forward f = (sin p·sin h, sin p·cos h, −cos p). */
  readonly f: readonly [number, number, number];
  /** Right r = (cos h, −sin h, 0). */
  readonly r: readonly [number, number, number];
  /** Up u = r × f = (−sin h·(−cos p), −cos h·(−cos p), cos²h·sin p + sin²h·sin p) = (sin h·cos p, cos h·cos p, sin p). */
  readonly u: readonly [number, number, number];
}

function cameraAxes(headingDeg: number, pitchDeg: number): CameraAxes {
  const rad = Math.PI / 180;
  const h = headingDeg * rad;
  const p = pitchDeg * rad;
  return {
    f: [Math.sin(p) * Math.sin(h), Math.sin(p) * Math.cos(h), -Math.cos(p)],
    r: [Math.cos(h), -Math.sin(h), 0],
    u: [Math.sin(h) * Math.cos(p), Math.cos(h) * Math.cos(p), Math.sin(p)],
  };
}

/**
 * A rectangle on the ground, turned: centre (m), half sizes along its own axes (m), and the heading of its "up" axis
 * (degrees clockwise from north; right axis = up turned 90° clockwise). A city laid out on a turned grid fits one
 * much more tightly than an east–north box.
 */
export interface GroundRectM {
  readonly cx: number;
  readonly cy: number;
  readonly halfWidthM: number;
  readonly halfHeightM: number;
  readonly headingDeg: number;
}

/** The extent as a GroundRectM (heading 0). */
export function extentRect(e: ExtentM): GroundRectM {
  return {
    cx: (e.minX + e.maxX) / 2,
    cy: (e.minY + e.maxY) / 2,
    halfWidthM: (e.maxX - e.minX) / 2,
    halfHeightM: (e.maxY - e.minY) / 2,
    headingDeg: 0,
  };
}

const isRect = (a: ExtentM | GroundRectM): a is GroundRectM => 'halfWidthM' in a;

/**
 * The four ground corners (z = 0) of an extent or turned rectangle relative to its centre, m (degenerate sides
 * widened to 100 m), and the centre. Right axis (cos h, −sin h), up axis (sin h, cos h).
 */
function groundCorners(a: ExtentM | GroundRectM): {
  cx: number;
  cy: number;
  corners: readonly (readonly [number, number])[];
} {
  const g = isRect(a) ? a : extentRect(a);
  const hw = Math.max(50, g.halfWidthM);
  const hh = Math.max(50, g.halfHeightM);
  const h = (g.headingDeg * Math.PI) / 180;
  const [rx, ry, ux, uy] = [Math.cos(h), -Math.sin(h), Math.sin(h), Math.cos(h)];
  const corners = (
    [
      [-hw, -hh],
      [hw, -hh],
      [hw, hh],
      [-hw, hh],
    ] as const
  ).map(([a1, b1]) => [a1 * rx + b1 * ux, a1 * ry + b1 * uy] as const);
  return { cx: g.cx, cy: g.cy, corners };
}

/**
 * The camera distance at which the extent's four ground corners all lie inside a perspective frustum of vertical fov
 * `fovDeg` and width/height `aspect`, the camera looking at the extent centre with heading h (clockwise from north)
 * and pitch p (0 = straight down), times FRAME_MARGIN. A corner q (relative to the centre) seen from the camera at
 * −d·f has depth q·f + d, so it is inside when |q·r| ≤ tan(fov/2)·aspect·(q·f + d) and |q·u| ≤ tan(fov/2)·(q·f + d):
 * d = max over the corners of max(|q·r| / tanH, |q·u| / tanV) − q·f (pinhole camera: Hartley & Zisserman 2004,
 * Multiple View Geometry, §6.1). Looking at the centre wastes panel: perspective draws the near half larger than the
 * far half, so the near edge touches the frame and the far edge stops short of it (frameCamera centres the picture).
 */
export function frameDistanceM(
  e: ExtentM,
  headingDeg: number,
  pitchDeg: number,
  aspect: number,
  fovDeg = TWIN_FOV_DEG,
): number {
  const { f, r, u } = cameraAxes(headingDeg, pitchDeg);
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  const tanH = tanV * Math.max(1e-3, aspect);
  let d = 0;
  for (const [qx, qy] of groundCorners(e).corners) {
    const depth = qx * f[0] + qy * f[1];
    const need =
      Math.max(Math.abs(qx * r[0] + qy * r[1]) / tanH, Math.abs(qx * u[0] + qy * u[1]) / tanV) - depth;
    if (need > d) d = need;
  }
  return d * FRAME_MARGIN;
}

/** A framed camera and how much of the panel the framed extent covers (0…1). */
export interface FramedCamera {
  readonly camera: TwinCamera;
  /** Area of the extent's picture ÷ the panel's area (the picture of a ground rectangle is a convex quadrilateral). */
  readonly fill: number;
}

/**
 * The closest camera of heading h and pitch p whose picture holds the extent's four ground corners, with the
 * picture centred in the panel (a frustum of vertical fov `fovDeg`, width/height `aspect`, shrunk by FRAME_MARGIN).
 * Camera position C in the axes (r, u, f): a point q is inside when |(q−C)·r| ≤ tH·(q−C)·f and
 * |(q−C)·u| ≤ tV·(q−C)·f (tV = tan(fov/2)/margin, tH = tV·aspect; Hartley & Zisserman 2004, §6.1). Each pair is
 * linear in (C·r, C·f) resp. (C·u, C·f): with a = q·f − q·r/tH and b = q·f + q·r/tH it reads
 * C·f ≤ min a + C·r/tH and C·f ≤ min b − C·r/tH, so the closest camera (largest C·f) has C·r = tH·(min b − min a)/2
 * and C·f = (min a + min b)/2 — both side planes touch a corner, the picture is centred left–right. The same for
 * (u, tV) up–down; C·f is the smaller of the two (the other direction keeps its centred slack). The TwinCamera looks
 * at the ground point t·f ahead of C (t = C_z / cos p) from distance t. Needs p < 90°.
 */
export function frameCamera(
  e: ExtentM | GroundRectM,
  headingDeg: number,
  pitchDeg: number,
  aspect: number,
  fovDeg = TWIN_FOV_DEG,
): FramedCamera {
  const { f, r, u } = cameraAxes(headingDeg, pitchDeg);
  const tV = Math.tan((fovDeg * Math.PI) / 360) / FRAME_MARGIN;
  const tH = tV * Math.max(1e-3, aspect);
  // Relative to the extent centre: the sums stay small (no cancellation with scene coordinates far from 0).
  const { cx, cy, corners } = groundCorners(e);
  let minAr = Infinity;
  let minBr = Infinity;
  let minAu = Infinity;
  let minBu = Infinity;
  for (const [qx, qy] of corners) {
    const qf = qx * f[0] + qy * f[1];
    const qr = qx * r[0] + qy * r[1];
    const qu = qx * u[0] + qy * u[1];
    minAr = Math.min(minAr, qf - qr / tH);
    minBr = Math.min(minBr, qf + qr / tH);
    minAu = Math.min(minAu, qf - qu / tV);
    minBu = Math.min(minBu, qf + qu / tV);
  }
  const cr = (tH * (minBr - minAr)) / 2;
  const cu = (tV * (minBu - minAu)) / 2;
  const cf = Math.min((minAr + minBr) / 2, (minAu + minBu) / 2);
  const c = [0, 1, 2].map((i) => cr * (r[i] as number) + cu * (u[i] as number) + cf * (f[i] as number));
  const [px, py, pz] = c as [number, number, number];
  const t = pz / -f[2];
  const camera: TwinCamera = {
    x: cx + px + t * f[0],
    y: cy + py + t * f[1],
    distanceM: t,
    headingDeg,
    pitchDeg,
  };
  // Fill: the corners' picture in the panel's normalised coordinates (−1…1 both ways, area 4), shoelace formula.
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  const tanHp = tanV * Math.max(1e-3, aspect);
  let area2 = 0;
  let prev: [number, number] | null = null;
  let first: [number, number] | null = null;
  for (const [x, y] of corners) {
    const qx = x - px;
    const qy = y - py;
    const depth = qx * f[0] + qy * f[1] - pz * f[2];
    const pt: [number, number] = [
      (qx * r[0] + qy * r[1]) / depth / tanHp,
      (qx * u[0] + qy * u[1] - pz * u[2]) / depth / tanV,
    ];
    if (prev) area2 += prev[0] * pt[1] - pt[0] * prev[1];
    else first = pt;
    prev = pt;
  }
  if (prev && first) area2 += prev[0] * first[1] - first[0] * prev[1];
  return { camera, fill: Math.abs(area2) / 2 / 4 };
}

/** Pitches the wall overview may take, degrees from straight down (see overviewCamera). */
export const WALL_PITCH_RANGE_DEG = { min: 30, max: 55 } as const;

/** Angle step of minAreaRect's scan, degrees. */
export const RECT_SCAN_STEP_DEG = 0.25;

/**
 * The smallest-area rectangle around the points `xy` (interleaved x, y, m), turned by a multiple of
 * RECT_SCAN_STEP_DEG with its up axis within (−45°, 45°] of north; null with fewer than two distinct finite points.
 * A scan over the angles (the exact answer has a side on the convex hull, Freeman & Shapira 1975, "Determining the
 * minimum-area encasing rectangle for an arbitrary closed curve", CACM 18(7); a 0.25° step is closer than any
 * screen needs). The angles are tried from 0 outwards (0, +0.25, −0.25, …): an unturned city keeps heading 0.
 */
export function minAreaRect(xy: Float32Array): GroundRectM | null {
  const n = Math.floor(xy.length / 2);
  const stepsEachWay = Math.round(45 / RECT_SCAN_STEP_DEG);
  let best: GroundRectM | null = null;
  let bestArea = Infinity;
  for (let k = 0; k <= 2 * stepsEachWay; k++) {
    // 0, +1, −1, +2, −2 … steps; −45° is the same rectangle as +45° turned, so it is skipped.
    const step = k % 2 === 1 ? (k + 1) / 2 : k === 0 ? 0 : -k / 2;
    if (step === -stepsEachWay) continue;
    const h = (step * RECT_SCAN_STEP_DEG * Math.PI) / 180;
    const [rx, ry, ux, uy] = [Math.cos(h), -Math.sin(h), Math.sin(h), Math.cos(h)];
    let minR = Infinity;
    let maxR = -Infinity;
    let minU = Infinity;
    let maxU = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i] as number;
      const y = xy[2 * i + 1] as number;
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      const a = x * rx + y * ry;
      const b = x * ux + y * uy;
      if (a < minR) minR = a;
      if (a > maxR) maxR = a;
      if (b < minU) minU = b;
      if (b > maxU) maxU = b;
    }
    const area = (maxR - minR) * (maxU - minU);
    if (!(maxR - minR > 0 && maxU - minU > 0) || !(area < bestArea)) continue;
    bestArea = area;
    const a0 = (minR + maxR) / 2;
    const b0 = (minU + maxU) / 2;
    best = {
      cx: a0 * rx + b0 * ux,
      cy: a0 * ry + b0 * uy,
      halfWidthM: (maxR - minR) / 2,
      halfHeightM: (maxU - minU) / 2,
      headingDeg: step * RECT_SCAN_STEP_DEG,
    };
  }
  return best;
}

/** The built-up area: its east–north box plus the tightest turned rectangle around it (the wall frames that). */
export interface BuiltUpArea extends ExtentM {
  readonly rect: GroundRectM;
}

/**
 * The built-up area the overview frames: the bounding box of the scene's zones (districts and grid cells cover the
 * city), not the scene extent, which also holds the terrain margin (the default scene: 7.6 × 6.8 km of extent around a
 * 5.3 km city, so framing the extent left half of a multi-screen twin dark), with the smallest turned rectangle
 * around the zones (minAreaRect: the default scene's grid is turned 11°). The extent when there are no zones.
 */
export function builtUpExtent(
  extent: ExtentM,
  zonesXy: Float32Array | null | undefined,
): ExtentM | BuiltUpArea {
  if (!zonesXy || zonesXy.length < 4) return extent;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < zonesXy.length; i += 2) {
    const x = zonesXy[i] as number;
    const y = zonesXy[i + 1] as number;
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(maxX - minX > 0 && maxY - minY > 0)) return extent;
  const box = { minX, minY, maxX, maxY };
  const rect = minAreaRect(zonesXy);
  return rect ? { ...box, rect } : box;
}

/**
 * The overview camera of a scene extent. Without `aspect`: the 3D view's opening camera (ThreeView initialCamera),
 * the extent centre seen from the south-south-east, 34° above the horizon — offset (0.25, 0.79) east/south and 0.56 up
 * (unit length) gives heading atan2(−0.25, 0.79) = −17.56° → 342.44° and pitch 90° − asin(0.56 / 1.00005) = 55.95°,
 * at 1.15 × the larger side. With the width/height `aspect` of the panel the camera draws (a wall's twin panel across
 * its screens): the camera that fills that panel best with the whole built-up area — looking along the city's own
 * grid (the heading of its turned rectangle, BuiltUpArea.rect, within 45° of north, so north stays up-ish as on the
 * map; 0 for a plain extent), centred (frameCamera), at the integer pitch in
 * WALL_PITCH_RANGE_DEG with the largest fill (the first on a tie, i.e. the steeper). At least 30° from straight down
 * so towers show their sides, at most 55° so the far districts are not squeezed into a sliver (our choice). A square
 * city in a 16:9 panel gets ≈ 40°: the foreshortening makes the picture about as wide as the panel.
 */
export function overviewCamera(e: ExtentM | BuiltUpArea, aspect?: number): TwinCamera {
  if (aspect === undefined) {
    const size = Math.max(200, e.maxX - e.minX, e.maxY - e.minY);
    const rad = 180 / Math.PI;
    return {
      x: (e.minX + e.maxX) / 2,
      y: (e.minY + e.maxY) / 2,
      distanceM: size * 1.15 * Math.hypot(0.25, 0.56, 0.79),
      headingDeg: 360 + Math.atan2(-0.25, 0.79) * rad,
      pitchDeg: 90 - Math.asin(0.56 / Math.hypot(0.25, 0.56, 0.79)) * rad,
    };
  }
  const rect = 'rect' in e ? e.rect : extentRect(e);
  const heading = rect.headingDeg < 0 ? rect.headingDeg + 360 : rect.headingDeg;
  let best = frameCamera(rect, heading, WALL_PITCH_RANGE_DEG.min, aspect);
  for (let p = WALL_PITCH_RANGE_DEG.min + 1; p <= WALL_PITCH_RANGE_DEG.max; p++) {
    const c = frameCamera(rect, heading, p, aspect);
    if (c.fill > best.fill) best = c;
  }
  return best.camera;
}

/**
 * The camera as it will arrive after a JSON round trip: JSON writes −0 as 0, so a camera sent with a −0 field would
 * compare unequal to the one every screen receives. The console sends (and remembers) this form.
 */
export function wireCamera(c: TwinCamera): TwinCamera {
  return {
    x: c.x + 0,
    y: c.y + 0,
    distanceM: c.distanceM + 0,
    headingDeg: c.headingDeg + 0,
    pitchDeg: c.pitchDeg + 0,
  };
}

/** A new wall: first playlist item running from `nowMs`, live time, no control, no alarm. */
export function createWallMachine(
  wall: string,
  plan: WallPlan,
  camera: TwinCamera,
  nowMs: number,
  seq = 0,
): WallMachine {
  const first = plan.playlist[0];
  return {
    state: {
      wall,
      seq,
      camera,
      time: { mode: 'live' },
      scene: first?.scene ?? 'overview',
      playlistIndex: 0,
      itemEndsAtMs: first ? nowMs + itemMs(plan, 0) : null,
      control: null,
      alarm: null,
      cameraBeforeAlarm: null,
    },
    controlActiveMs: nowMs,
    pausedRemainingMs: first ? null : 0,
    pending: [],
    acked: [],
    drills: 0,
  };
}

/** True while the rotation is paused (an operator has control or an alarm is shown). */
export function isWallPaused(s: WallState): boolean {
  return s.control !== null || s.alarm !== null;
}

/** Pauses the rotation (keeps the item's remaining time). */
function pause(m: WallMachine, nowMs: number): { patch: Partial<WallState>; remaining: number | null } {
  if (m.state.itemEndsAtMs === null) return { patch: {}, remaining: m.pausedRemainingMs };
  return { patch: { itemEndsAtMs: null }, remaining: Math.max(0, m.state.itemEndsAtMs - nowMs) };
}

/** Resumes the rotation where it paused, if nothing holds it. */
function resumePatch(
  m: WallMachine,
  s: Partial<WallState>,
  plan: WallPlan,
  nowMs: number,
): Partial<WallState> {
  const control = s.control !== undefined ? s.control : m.state.control;
  const alarm = s.alarm !== undefined ? s.alarm : m.state.alarm;
  if (control !== null || alarm !== null || plan.playlist.length === 0) return s;
  // At least 1 s left, so a resumed item is seen before it switches.
  const left = Math.max(1000, m.pausedRemainingMs ?? itemMs(plan, m.state.playlistIndex));
  return { ...s, itemEndsAtMs: nowMs + left };
}

/**
 * Advances the wall to `nowMs`: the rotation moves on by the playlist durations (item ends are chained, so screens
 * that joined at different times still switch together), and idle control is released.
 */
export function advanceWall(
  m: WallMachine,
  plan: WallPlan,
  nowMs: number,
  rules = DEFAULT_WALL_RULES,
): WallMachine {
  let out = m;
  const c = out.state.control;
  if (c !== null && nowMs - out.controlActiveMs >= rules.idleReleaseMs) {
    const patch = resumePatch(out, { control: null }, plan, nowMs);
    out = bump(out, patch, { pausedRemainingMs: patch.itemEndsAtMs != null ? null : out.pausedRemainingMs });
  }
  const n = plan.playlist.length;
  let ends = out.state.itemEndsAtMs;
  if (ends === null || n === 0 || nowMs < ends) return out;
  let i = out.state.playlistIndex;
  // Far behind (a stalled server): skip whole cycles first, so the loop below is at most one cycle.
  let cycleMs = 0;
  for (let k = 0; k < n; k++) cycleMs += itemMs(plan, k);
  if (nowMs - ends > cycleMs) ends += Math.floor((nowMs - ends) / cycleMs) * cycleMs;
  while (nowMs >= ends) {
    i = (i + 1) % n;
    ends += itemMs(plan, i);
  }
  const scene = plan.playlist[i]?.scene ?? out.state.scene;
  return bump(out, { playlistIndex: i, scene, itemEndsAtMs: ends });
}

/** The camera that looks at an alarm: over its place, keeping the heading the wall had. */
export function alarmCamera(a: WallAlarm, from: TwinCamera, rules = DEFAULT_WALL_RULES): TwinCamera {
  return {
    x: a.x,
    y: a.y,
    distanceM: rules.alarmDistanceM,
    headingDeg: from.headingDeg,
    pitchDeg: rules.alarmPitchDeg,
  };
}

/**
 * Raises an alarm: the first takes over (the camera flies to it, the camera before is kept, the rotation pauses);
 * one raised while another is shown waits in line. An alarm already shown, waiting or acknowledged is ignored.
 */
export function raiseWallAlarm(
  m: WallMachine,
  a: WallAlarm,
  nowMs: number,
  rules = DEFAULT_WALL_RULES,
): WallMachine {
  if (m.state.alarm?.id === a.id || m.acked.includes(a.id) || m.pending.some((p) => p.id === a.id)) return m;
  if (m.state.alarm !== null) {
    // Full line: the newest waits out (the oldest unacknowledged ones matter most, and the card shows the count).
    if (m.pending.length >= MAX_PENDING_ALARMS) return m;
    return { ...m, pending: [...m.pending, a] };
  }
  const p = pause(m, nowMs);
  return bump(
    m,
    {
      ...p.patch,
      alarm: a,
      cameraBeforeAlarm: m.state.camera,
      camera: alarmCamera(a, m.state.camera, rules),
    },
    { pausedRemainingMs: p.remaining },
  );
}

/** Acknowledges the alarm shown: the next waiting one takes over, or the camera returns and the rotation resumes. */
export function ackWallAlarm(
  m: WallMachine,
  id: string,
  plan: WallPlan,
  nowMs: number,
  rules = DEFAULT_WALL_RULES,
): WallStep {
  const cur = m.state.alarm;
  if (cur === null) return { ok: false, reason: `ackAlarm: no alarm is shown (asked for ${id})` };
  if (cur.id !== id) return { ok: false, reason: `ackAlarm: ${id} is not the alarm shown (${cur.id})` };
  const acked = [...m.acked, id].slice(-MAX_ACKED_ALARMS);
  const next = m.pending[0];
  if (next !== undefined) {
    const camera = alarmCamera(next, m.state.cameraBeforeAlarm ?? m.state.camera, rules);
    return { ok: true, machine: bump(m, { alarm: next, camera }, { acked, pending: m.pending.slice(1) }) };
  }
  const back = m.state.cameraBeforeAlarm ?? m.state.camera;
  const patch = resumePatch(m, { alarm: null, cameraBeforeAlarm: null, camera: back }, plan, nowMs);
  return {
    ok: true,
    machine: bump(m, patch, {
      acked,
      pausedRemainingMs: patch.itemEndsAtMs != null ? null : m.pausedRemainingMs,
    }),
  };
}

/** A drill alarm at a place (scene metres): a real control room rehearses the takeover. */
export function drillAlarm(m: WallMachine, x: number, y: number, title: Text2, simMs: number): WallAlarm {
  return {
    id: `drill:${m.drills + 1}`,
    domain: 'resilience',
    title,
    detail: { zh: '演练 — 非真实事件', en: 'Drill — not a real event' },
    x,
    y,
    raisedSimMs: simMs,
  };
}

/**
 * Applies a console command from `operator`. setCamera, setScene and setTime need control (take it first);
 * takeControl takes it over from another operator; a fixed time cursor may not lie after `simNowMs`.
 */
export function applyWallCommand(
  m: WallMachine,
  cmd: WallCommand,
  operator: string,
  plan: WallPlan,
  nowMs: number,
  simNowMs: number,
  rules = DEFAULT_WALL_RULES,
): WallStep {
  const c = m.state.control;
  const needControl = (): string | null =>
    c === null
      ? `${cmd.op}: take control of wall ${m.state.wall} first`
      : c.by !== operator
        ? `${cmd.op}: wall ${m.state.wall} is controlled by ${c.by}`
        : null;
  const active = { controlActiveMs: nowMs };
  switch (cmd.op) {
    case 'setCamera': {
      const r = needControl();
      if (r !== null) return { ok: false, reason: r };
      return { ok: true, machine: bump(m, { camera: cmd.camera }, active) };
    }
    case 'setScene': {
      const r = needControl();
      if (r !== null) return { ok: false, reason: r };
      const found = plan.playlist.findIndex((p) => p.scene === cmd.scene);
      const i = found >= 0 ? found : m.state.playlistIndex;
      // The chosen item plays in full once control is released.
      return {
        ok: true,
        machine: bump(
          m,
          { scene: cmd.scene, playlistIndex: i },
          { ...active, pausedRemainingMs: itemMs(plan, i) },
        ),
      };
    }
    case 'setTime': {
      const r = needControl();
      if (r !== null) return { ok: false, reason: r };
      if (cmd.time.mode === 'fixed' && cmd.time.simMs > simNowMs)
        return {
          ok: false,
          reason: `setTime: ${cmd.time.simMs} is after the live sim time ${simNowMs} (the wall shows no future)`,
        };
      return { ok: true, machine: bump(m, { time: cmd.time }, active) };
    }
    case 'takeControl': {
      if (c !== null && c.by === operator) return { ok: true, machine: { ...m, ...active } };
      const p = pause(m, nowMs);
      return {
        ok: true,
        machine: bump(
          m,
          { ...p.patch, control: { by: operator, sinceMs: nowMs } },
          {
            ...active,
            pausedRemainingMs: p.remaining,
          },
        ),
      };
    }
    case 'release': {
      if (c === null) return { ok: true, machine: m };
      if (c.by !== operator)
        return { ok: false, reason: `release: wall ${m.state.wall} is controlled by ${c.by}` };
      const patch = resumePatch(m, { control: null }, plan, nowMs);
      return {
        ok: true,
        machine: bump(m, patch, {
          pausedRemainingMs: patch.itemEndsAtMs != null ? null : m.pausedRemainingMs,
        }),
      };
    }
    case 'ackAlarm':
      return ackWallAlarm(m, cmd.id, plan, nowMs, rules);
    case 'drill': {
      const a = drillAlarm(m, cmd.x, cmd.y, cmd.title, simNowMs);
      const raised = raiseWallAlarm({ ...m, drills: m.drills + 1 }, a, nowMs, rules);
      return { ok: true, machine: raised };
    }
    default:
      return cmd satisfies never;
  }
}
