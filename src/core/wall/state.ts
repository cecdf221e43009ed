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

/**
 * The camera distance at which the extent's four ground corners all lie inside a perspective frustum of vertical fov
 * `fovDeg` and width/height `aspect`, the camera looking at the extent centre with heading h (clockwise from north)
 * and pitch p (0 = straight down), times FRAME_MARGIN. Camera axes in (east, north, up): forward
 * f = (sin p·sin h, sin p·cos h, −cos p), right r = (cos h, −sin h, 0), up u = r × f. A corner q (relative to the
 * centre) seen from the camera at −d·f has depth q·f + d, so it is inside when |q·r| ≤ tan(fov/2)·aspect·(q·f + d)
 * and |q·u| ≤ tan(fov/2)·(q·f + d): d = max over the corners of max(|q·r| / tanH, |q·u| / tanV) − q·f
 * (pinhole camera: Hartley & Zisserman 2004, Multiple View Geometry, §6.1).
 */
export function frameDistanceM(
  e: ExtentM,
  headingDeg: number,
  pitchDeg: number,
  aspect: number,
  fovDeg = TWIN_FOV_DEG,
): number {
  const rad = Math.PI / 180;
  const h = headingDeg * rad;
  const p = pitchDeg * rad;
  const tanV = Math.tan((fovDeg * rad) / 2);
  const tanH = tanV * Math.max(1e-3, aspect);
  const [fx, fy, fz] = [Math.sin(p) * Math.sin(h), Math.sin(p) * Math.cos(h), -Math.cos(p)];
  const [rx, ry] = [Math.cos(h), -Math.sin(h)];
  // u = r × f with r = (rx, ry, 0).
  const [ux, uy] = [ry * fz, -rx * fz];
  const hx = Math.max(100, e.maxX - e.minX) / 2;
  const hy = Math.max(100, e.maxY - e.minY) / 2;
  let d = 0;
  for (const [qx, qy] of [
    [-hx, -hy],
    [hx, -hy],
    [hx, hy],
    [-hx, hy],
  ] as const) {
    const depth = qx * fx + qy * fy;
    const need = Math.max(Math.abs(qx * rx + qy * ry) / tanH, Math.abs(qx * ux + qy * uy) / tanV) - depth;
    if (need > d) d = need;
  }
  return d * FRAME_MARGIN;
}

/**
 * The built-up area the overview frames: the bounding box of the scene's zones (districts and grid cells cover the
 * city), not the scene extent, which also holds the terrain margin (the default scene: 7.6 × 6.8 km of extent around a
 * 5.3 km city, so framing the extent left half of a multi-screen twin dark). The extent when there are no zones.
 */
export function builtUpExtent(extent: ExtentM, zonesXy: Float32Array | null | undefined): ExtentM {
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
  return maxX - minX > 0 && maxY - minY > 0 ? { minX, minY, maxX, maxY } : extent;
}

/**
 * The overview camera of a scene extent: the extent centre seen from the south-south-east, 34° above the horizon,
 * as the 3D view opens (ThreeView initialCamera). Its offset (0.25, 0.79) east/south and 0.56 up (unit length) gives
 * heading atan2(−0.25, 0.79) = −17.56° → 342.44° and pitch 90° − asin(0.56 / 1.00005) = 55.95°. Without `aspect` the
 * distance is the 3D view's opening one (1.15 × the larger side); with the width/height of the panel the camera
 * draws (a wall's twin panel across its screens), the distance frames the extent in it (frameDistanceM).
 */
export function overviewCamera(e: ExtentM, aspect?: number): TwinCamera {
  const size = Math.max(200, e.maxX - e.minX, e.maxY - e.minY);
  const rad = 180 / Math.PI;
  const headingDeg = 360 + Math.atan2(-0.25, 0.79) * rad;
  const pitchDeg = 90 - Math.asin(0.56 / Math.hypot(0.25, 0.56, 0.79)) * rad;
  return {
    x: (e.minX + e.maxX) / 2,
    y: (e.minY + e.maxY) / 2,
    distanceM:
      aspect === undefined
        ? size * 1.15 * Math.hypot(0.25, 0.56, 0.79)
        : frameDistanceM(e, headingDeg, pitchDeg, aspect),
    headingDeg,
    pitchDeg,
  };
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
