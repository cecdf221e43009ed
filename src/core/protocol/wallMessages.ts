/**
 * Wire messages of the control-room wall (docs/protocol.md §10), on the socket.io namespace `/wall`: a screen or an
 * operator console joins one wall, the server broadcasts the wall's shared `WallState` (src/core/wall/types.ts) to
 * every member on each change, a console sends validated commands (camera, scene, time cursor, control, alarm
 * acknowledgement, drill). Types first, then validators that turn untrusted input into typed values or a precise
 * reason (never throw).
 */
import type { Text2 } from '../hazards/types.ts';
import {
  WALL_SCENES,
  type TwinCamera,
  type WallAlarm,
  type WallSceneId,
  type WallState,
} from '../wall/types.ts';
import type { Parsed } from './messages.ts';
import { fail, int, num, oneOf, rec, runParser as run, show, str, text2 } from './wireValidate.ts';

/** socket.io event names of the `/wall` namespace. */
export const WallEvent = {
  /** client → server with ack: WallJoin → WallJoinAnswer. */
  join: 'wallJoin',
  /** server → client: WallState, to every member of the wall after each change. */
  state: 'wallState',
  /** client (console) → server with ack: WallCommand → WallCommandAnswer. */
  command: 'wallCommand',
  /** client → server with ack: nothing → WallListAnswer (the layouts in scenes/walls). */
  list: 'wallList',
  /** client → server with ack: WallPing → WallPong (round trip for the latency figure). */
  ping: 'wallPing',
} as const;

/** A wall id: the layout file's name without `.json` (scenes/walls/<id>.json). */
export const WALL_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** An operator's name as shown on the wall (control, acknowledgement). */
export const MAX_OPERATOR_CHARS = 64;
/** Largest screen number of a layout. */
export const MAX_SCREENS = 64;
/** Camera bounds: distance to the point looked at (m), pitch (0 = straight down). */
export const CAMERA_BOUNDS = {
  distanceM: [1, 1_000_000],
  headingDeg: [-360, 360],
  pitchDeg: [0, 85],
  /** |x|, |y| in scene metres (the server also checks the scene's own extent). */
  absXYM: 10_000_000,
} as const;
/** Longest ease a command may ask for, ms. */
export const MAX_CAMERA_EASE_MS = 10_000;
/** Longest drill alarm title/detail. */
export const MAX_DRILL_TEXT = 200;

/** client → server: join a wall as one of its screens (1-based) or as its operator console. */
export type WallJoin =
  | { readonly role: 'screen'; readonly wall: string; readonly screen: number }
  | { readonly role: 'console'; readonly wall: string; readonly operator: string };

/** The acknowledgement of a join: the wall's state now and the server clock (ms since epoch). */
export type WallJoinAnswer =
  | { readonly ok: true; readonly state: WallState; readonly serverMs: number }
  | { readonly ok: false; readonly reason: string };

/** The time cursor: the live clock, or a fixed sim time (ms since epoch). */
export type WallTime = WallState['time'];

/** client (console) → server: one command. */
export type WallCommand =
  /** Moves every screen's camera; `durationMs` 0 jumps (the console streams moves at ≤ 10 Hz). Needs control. */
  | { readonly op: 'setCamera'; readonly camera: TwinCamera; readonly durationMs: number }
  /** Shows a playlist scene (jumps to its first playlist item). Needs control. */
  | { readonly op: 'setScene'; readonly scene: WallSceneId }
  /** Sets the time cursor. Needs control. */
  | { readonly op: 'setTime'; readonly time: WallTime }
  /** Takes control (pauses the rotation); a second console takes it over. */
  | { readonly op: 'takeControl' }
  /** Gives control back (the rotation resumes). */
  | { readonly op: 'release' }
  /** Acknowledges the alarm that has taken over the wall (the camera returns, the rotation resumes). */
  | { readonly op: 'ackAlarm'; readonly id: string }
  /** Raises a drill alarm at a place (scene metres). */
  | { readonly op: 'drill'; readonly x: number; readonly y: number; readonly title: Text2 };

/** The operations of WallCommand. */
export const WALL_COMMAND_OPS = [
  'setCamera',
  'setScene',
  'setTime',
  'takeControl',
  'release',
  'ackAlarm',
  'drill',
] as const;
export type WallCommandOp = (typeof WALL_COMMAND_OPS)[number];

/** The acknowledgement of a command: the state's seq after it, or why it was refused. */
export type WallCommandAnswer =
  { readonly ok: true; readonly seq: number } | { readonly ok: false; readonly reason: string };

/** One layout as listed for the console. */
export interface WallListItem {
  readonly id: string;
  readonly screens: number;
  readonly playlist: readonly { readonly scene: WallSceneId; readonly durationS: number }[];
}

/** The acknowledgement of a list request. */
export type WallListAnswer =
  | { readonly ok: true; readonly walls: readonly WallListItem[] }
  | { readonly ok: false; readonly reason: string };

/** client → server: a ping; the pong carries the server clock. */
export interface WallPing {
  readonly clientMs: number;
}
export interface WallPong {
  readonly clientMs: number;
  readonly serverMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Validators (the field checks are wireValidate.ts's, shared with hazardMessages.ts: a `fail` inside `run` becomes
// {ok:false, reason}).

function wallId(v: unknown, where: string): string {
  const s = str(v, where, 64);
  return WALL_ID.test(s) ? s : fail(`${where}: ${show(s)} is not a wall id (${WALL_ID.source})`);
}

function camera(v: unknown, where: string): TwinCamera {
  const r = rec(v, where);
  const b = CAMERA_BOUNDS;
  return {
    x: num(r['x'], `${where}.x`, -b.absXYM, b.absXYM),
    y: num(r['y'], `${where}.y`, -b.absXYM, b.absXYM),
    distanceM: num(r['distanceM'], `${where}.distanceM`, b.distanceM[0], b.distanceM[1]),
    headingDeg: num(r['headingDeg'], `${where}.headingDeg`, b.headingDeg[0], b.headingDeg[1]),
    pitchDeg: num(r['pitchDeg'], `${where}.pitchDeg`, b.pitchDeg[0], b.pitchDeg[1]),
  };
}

function time(v: unknown, where: string): WallTime {
  const r = rec(v, where);
  const mode = oneOf(r['mode'], ['live', 'fixed'] as const, `${where}.mode`);
  switch (mode) {
    case 'live':
      return { mode };
    case 'fixed':
      return { mode, simMs: int(r['simMs'], `${where}.simMs`) };
    default:
      return mode satisfies never;
  }
}

const DOMAINS = ['traffic', 'energy', 'resilience', 'workload'] as const;

function alarm(v: unknown, where: string): WallAlarm {
  const r = rec(v, where);
  return {
    id: str(r['id'], `${where}.id`, 128, 1),
    domain: oneOf(r['domain'], DOMAINS, `${where}.domain`),
    title: text2(r['title'], `${where}.title`, 400),
    detail: text2(r['detail'], `${where}.detail`, 2000),
    x: num(r['x'], `${where}.x`, -CAMERA_BOUNDS.absXYM, CAMERA_BOUNDS.absXYM),
    y: num(r['y'], `${where}.y`, -CAMERA_BOUNDS.absXYM, CAMERA_BOUNDS.absXYM),
    raisedSimMs: int(r['raisedSimMs'], `${where}.raisedSimMs`),
  };
}

function wallState(v: unknown, w: string): WallState {
  const r = rec(v, w);
  const control = r['control'];
  const itemEnds = r['itemEndsAtMs'];
  const before = r['cameraBeforeAlarm'];
  const al = r['alarm'];
  return {
    wall: wallId(r['wall'], `${w}.wall`),
    seq: int(r['seq'], `${w}.seq`),
    camera: camera(r['camera'], `${w}.camera`),
    time: time(r['time'], `${w}.time`),
    scene: oneOf(r['scene'], WALL_SCENES, `${w}.scene`),
    playlistIndex: int(r['playlistIndex'], `${w}.playlistIndex`, 0, 1000),
    itemEndsAtMs: itemEnds === null ? null : int(itemEnds, `${w}.itemEndsAtMs`),
    control:
      control === null
        ? null
        : (() => {
            const c = rec(control, `${w}.control`);
            return {
              by: str(c['by'], `${w}.control.by`, MAX_OPERATOR_CHARS, 1),
              sinceMs: int(c['sinceMs'], `${w}.control.sinceMs`),
            };
          })(),
    alarm: al === null ? null : alarm(al, `${w}.alarm`),
    cameraBeforeAlarm: before === null ? null : camera(before, `${w}.cameraBeforeAlarm`),
  };
}

/** Parses a join request (`{wall, screen}` for a screen, `{wall, role: 'console', operator?}` for a console). */
export function parseWallJoin(v: unknown): Parsed<WallJoin> {
  return run(() => {
    const r = rec(v, 'wallJoin');
    const wall = wallId(r['wall'], 'wallJoin.wall');
    if (r['role'] === 'console') {
      const op = r['operator'];
      return {
        role: 'console',
        wall,
        operator:
          op === undefined
            ? 'operator'
            : str(op, 'wallJoin.operator', MAX_OPERATOR_CHARS, 1).trim() || 'operator',
      };
    }
    if (r['role'] !== undefined && r['role'] !== 'screen')
      return fail(`wallJoin.role: expected "screen" or "console", got ${show(r['role'])}`);
    return { role: 'screen', wall, screen: int(r['screen'], 'wallJoin.screen', 1, MAX_SCREENS) };
  });
}

/** Parses a console command. */
export function parseWallCommand(v: unknown): Parsed<WallCommand> {
  return run((): WallCommand => {
    const r = rec(v, 'wallCommand');
    const op = oneOf(r['op'], WALL_COMMAND_OPS, 'wallCommand.op');
    const w = `wallCommand ${op}`;
    switch (op) {
      case 'setCamera':
        return {
          op,
          camera: camera(r['camera'], `${w}.camera`),
          durationMs:
            r['durationMs'] === undefined
              ? 0
              : int(r['durationMs'], `${w}.durationMs`, 0, MAX_CAMERA_EASE_MS),
        };
      case 'setScene':
        return { op, scene: oneOf(r['scene'], WALL_SCENES, `${w}.scene`) };
      case 'setTime':
        return { op, time: time(r['time'], `${w}.time`) };
      case 'takeControl':
      case 'release':
        return { op };
      case 'ackAlarm':
        return { op, id: str(r['id'], `${w}.id`, 128, 1) };
      case 'drill':
        return {
          op,
          x: num(r['x'], `${w}.x`, -CAMERA_BOUNDS.absXYM, CAMERA_BOUNDS.absXYM),
          y: num(r['y'], `${w}.y`, -CAMERA_BOUNDS.absXYM, CAMERA_BOUNDS.absXYM),
          title:
            r['title'] === undefined
              ? { zh: '演练告警', en: 'Drill alarm' }
              : text2(r['title'], `${w}.title`, MAX_DRILL_TEXT),
        };
      default:
        return op satisfies never;
    }
  });
}

/** Parses a wall state from the wire. */
export function parseWallState(v: unknown): Parsed<WallState> {
  return run(() => wallState(v, 'wallState'));
}

/** Parses a TwinCamera. */
export function parseTwinCamera(v: unknown, where = 'camera'): Parsed<TwinCamera> {
  return run(() => camera(v, where));
}

/** Parses the acknowledgement of a join. */
export function parseWallJoinAnswer(v: unknown): Parsed<WallJoinAnswer> {
  return run((): WallJoinAnswer => {
    const r = rec(v, 'wallJoinAnswer');
    if (r['ok'] === false) return { ok: false, reason: str(r['reason'], 'wallJoinAnswer.reason', 2000) };
    if (r['ok'] !== true) return fail(`wallJoinAnswer.ok: expected a boolean, got ${show(r['ok'])}`);
    return {
      ok: true,
      state: wallState(r['state'], 'wallJoinAnswer.state'),
      serverMs: int(r['serverMs'], 'wallJoinAnswer.serverMs'),
    };
  });
}

/** Parses the acknowledgement of a command. */
export function parseWallCommandAnswer(v: unknown): Parsed<WallCommandAnswer> {
  return run((): WallCommandAnswer => {
    const r = rec(v, 'wallCommandAnswer');
    if (r['ok'] === false) return { ok: false, reason: str(r['reason'], 'wallCommandAnswer.reason', 2000) };
    if (r['ok'] !== true) return fail(`wallCommandAnswer.ok: expected a boolean, got ${show(r['ok'])}`);
    return { ok: true, seq: int(r['seq'], 'wallCommandAnswer.seq') };
  });
}

/** Parses the acknowledgement of a list request. */
export function parseWallListAnswer(v: unknown): Parsed<WallListAnswer> {
  return run((): WallListAnswer => {
    const r = rec(v, 'wallListAnswer');
    if (r['ok'] === false) return { ok: false, reason: str(r['reason'], 'wallListAnswer.reason', 2000) };
    if (r['ok'] !== true) return fail(`wallListAnswer.ok: expected a boolean, got ${show(r['ok'])}`);
    const walls = r['walls'];
    if (!Array.isArray(walls)) return fail(`wallListAnswer.walls: expected an array, got ${show(walls)}`);
    if (walls.length > 1000) return fail(`wallListAnswer.walls: ${walls.length} items > 1000`);
    return {
      ok: true,
      walls: walls.map((x: unknown, i) => {
        const w = `wallListAnswer.walls[${i}]`;
        const o = rec(x, w);
        const pl = o['playlist'];
        if (!Array.isArray(pl)) return fail(`${w}.playlist: expected an array, got ${show(pl)}`);
        return {
          id: wallId(o['id'], `${w}.id`),
          screens: int(o['screens'], `${w}.screens`, 1, MAX_SCREENS),
          playlist: pl.map((p: unknown, k) => {
            const q = rec(p, `${w}.playlist[${k}]`);
            return {
              scene: oneOf(q['scene'], WALL_SCENES, `${w}.playlist[${k}].scene`),
              durationS: num(q['durationS'], `${w}.playlist[${k}].durationS`, 1, 86_400),
            };
          }),
        };
      }),
    };
  });
}

/** Parses a pong. */
export function parseWallPong(v: unknown): Parsed<WallPong> {
  return run(() => {
    const r = rec(v, 'wallPong');
    return {
      clientMs: num(r['clientMs'], 'wallPong.clientMs'),
      serverMs: int(r['serverMs'], 'wallPong.serverMs'),
    };
  });
}
