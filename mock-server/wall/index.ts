/**
 * The wall module of the feed server (issue 7; docs/protocol.md §10): one shared WallState per wall layout in
 * scenes/walls/<id>.json, held here and broadcast with an increasing seq to the wall's room on the `/wall`
 * namespace after every change. Screens join `{wall, screen}`, consoles `{wall, role: 'console'}`; consoles send
 * validated commands (camera rate-limited to 20/s per socket). Kiosk rotation runs on the server's real clock
 * (ctx.now()), so every screen switches together; critical alarms from each tick (alarms.ts) take over the wall.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io';
import type { ServerModule, ServerModuleContext, TickOutput } from '../serverModules.ts';
import { scenesDir } from '../prepare.ts';
import { parseWallLayout, type WallLayout } from '../../src/core/wall/layout.ts';
import {
  WallEvent,
  parseWallCommand,
  parseWallJoin,
  type WallCommandAnswer,
  type WallJoinAnswer,
  type WallListAnswer,
} from '../../src/core/protocol/wallMessages.ts';
import {
  DEFAULT_WALL_RULES,
  advanceWall,
  applyWallCommand,
  createWallMachine,
  builtUpExtent,
  overviewCamera,
  raiseWallAlarm,
  type WallMachine,
  type WallRules,
} from '../../src/core/wall/state.ts';
import type { TwinCamera } from '../../src/core/wall/types.ts';
import { energyAlarms, hazardAlarms } from './alarms.ts';

/** Camera commands per second a console may send (token bucket; the console sends ≤ 10/s). */
export const CAMERA_RATE_PER_S = 20;
/** How often the rotation is checked between ticks, ms (item switches land within this of their time). */
const ROTATION_CHECK_MS = 100;

/** Options for tests. */
export interface WallModuleOptions {
  /** Folder of the layouts (default scenes/walls). */
  readonly wallsDir?: string;
  /** Idle release of operator control, ms (default 5 min). */
  readonly idleReleaseMs?: number;
}

interface Wall {
  layout: WallLayout;
  rules: WallRules;
  machine: WallMachine;
}

/** Reads every valid layout of `dir` (invalid ones are logged and skipped). */
function readLayouts(dir: string, log: (l: string) => void): Map<string, WallLayout> {
  const out = new Map<string, WallLayout>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    log(`wall: no layouts in ${dir}`);
    return out;
  }
  for (const name of names.sort()) {
    try {
      const p = parseWallLayout(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown, name);
      if (p.ok) out.set(p.value.id, p.value);
      else log(`wall: ${name}: ${p.reason}`);
    } catch (e) {
      log(`wall: ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** Attaches the wall module to the server. */
export function attachWall(ctx: ServerModuleContext, opts: WallModuleOptions = {}): Promise<ServerModule> {
  const dir = opts.wallsDir ?? path.join(scenesDir, 'walls');
  const nsp = ctx.io.of('/wall');
  const walls = new Map<string, Wall>();
  // The overview frames the city in the layout's 3D twin panel (its whole virtual rectangle across the screens):
  // every screen draws that panel's part of one frustum, so the aspect is the panel's, not a screen's.
  const home = (layout: WallLayout): TwinCamera => {
    const twin = layout.panels.find((p) => p.kind === 'twin3d');
    const city = builtUpExtent(ctx.scene.meta.extentM, ctx.scene.zones?.xy);
    return overviewCamera(city, twin ? twin.widthPx / Math.max(1, twin.heightPx) : 16 / 9);
  };
  const e = ctx.scene.meta.extentM;
  // Cameras may look a little beyond the scene (the console orbits around edge districts), not anywhere on Earth.
  const marginM = Math.max(2000, e.maxX - e.minX, e.maxY - e.minY);

  const load = (): void => {
    for (const [id, layout] of readLayouts(dir, ctx.log)) {
      if (walls.has(id)) continue;
      const rules: WallRules = {
        idleReleaseMs: opts.idleReleaseMs ?? DEFAULT_WALL_RULES.idleReleaseMs,
        alarmDistanceM: layout.takeover.distanceM,
        alarmPitchDeg: layout.takeover.pitchDeg,
      };
      walls.set(id, { layout, rules, machine: createWallMachine(id, layout, home(layout), ctx.now()) });
    }
  };
  load();
  ctx.log(`wall: ${walls.size} layout(s): ${[...walls.keys()].join(', ') || '—'}`);

  const room = (id: string): string => `wall:${id}`;
  /** Stores the new machine and broadcasts when the shared state changed. */
  const commit = (w: Wall, next: WallMachine): void => {
    const changed = next.state !== w.machine.state;
    w.machine = next;
    if (changed) nsp.to(room(w.machine.state.wall)).emit(WallEvent.state, next.state);
  };
  const advanceAll = (): void => {
    const now = ctx.now();
    for (const w of walls.values()) commit(w, advanceWall(w.machine, w.layout, now, w.rules));
  };

  nsp.on('connection', (socket: Socket) => {
    let joined: { wall: string; operator: string | null } | null = null;
    // Camera token bucket (per socket).
    let tokens = CAMERA_RATE_PER_S;
    let lastRefillMs = ctx.now();

    socket.on(WallEvent.join, (raw: unknown, ack?: unknown) => {
      const reply = (a: WallJoinAnswer): void => {
        if (typeof ack === 'function') (ack as (a: WallJoinAnswer) => void)(a);
      };
      const p = parseWallJoin(raw);
      if (!p.ok) return reply({ ok: false, reason: p.reason });
      if (!walls.has(p.value.wall)) load();
      const w = walls.get(p.value.wall);
      if (!w)
        return reply({
          ok: false,
          reason: `wallJoin.wall: no layout ${p.value.wall} in ${path.relative(process.cwd(), dir) || dir} (have: ${[...walls.keys()].join(', ') || 'none'})`,
        });
      const j = p.value;
      if (j.role === 'screen' && !w.layout.screens.some((s) => s.id === j.screen))
        return reply({
          ok: false,
          reason: `wallJoin.screen: wall ${j.wall} has no screen ${j.screen} (screens ${w.layout.screens.map((s) => s.id).join(', ')})`,
        });
      if (joined) void socket.leave(room(joined.wall));
      joined = { wall: j.wall, operator: j.role === 'console' ? j.operator : null };
      void socket.join(room(j.wall));
      commit(w, advanceWall(w.machine, w.layout, ctx.now(), w.rules));
      reply({ ok: true, state: w.machine.state, serverMs: ctx.now() });
    });

    socket.on(WallEvent.list, (_raw: unknown, ack?: unknown) => {
      if (typeof ack !== 'function') return;
      load();
      const a: WallListAnswer = {
        ok: true,
        walls: [...walls.values()].map((w) => ({
          id: w.layout.id,
          screens: w.layout.screens.length,
          playlist: w.layout.playlist,
        })),
      };
      (ack as (a: WallListAnswer) => void)(a);
    });

    socket.on(WallEvent.ping, (raw: unknown, ack?: unknown) => {
      if (typeof ack !== 'function') return;
      const c =
        typeof raw === 'object' && raw !== null ? (raw as { clientMs?: unknown }).clientMs : undefined;
      (ack as (a: unknown) => void)({ clientMs: typeof c === 'number' ? c : 0, serverMs: ctx.now() });
    });

    socket.on(WallEvent.command, (raw: unknown, ack?: unknown) => {
      const reply = (a: WallCommandAnswer): void => {
        if (!a.ok) ctx.log(`wall: rejected command from ${socket.id}: ${a.reason}`);
        if (typeof ack === 'function') (ack as (a: WallCommandAnswer) => void)(a);
      };
      if (!joined || joined.operator === null)
        return reply({ ok: false, reason: 'wallCommand: join a wall as a console first (role "console")' });
      const p = parseWallCommand(raw);
      if (!p.ok) return reply({ ok: false, reason: p.reason });
      const cmd = p.value;
      const w = walls.get(joined.wall);
      if (!w) return reply({ ok: false, reason: `wallCommand: wall ${joined.wall} is gone` });
      if (cmd.op === 'setCamera') {
        const now = ctx.now();
        tokens = Math.min(CAMERA_RATE_PER_S, tokens + ((now - lastRefillMs) / 1000) * CAMERA_RATE_PER_S);
        lastRefillMs = now;
        if (tokens < 1)
          return reply({
            ok: false,
            reason: `setCamera: more than ${CAMERA_RATE_PER_S} camera moves per second`,
          });
        tokens -= 1;
      }
      if (cmd.op === 'setCamera' || cmd.op === 'drill') {
        const x = cmd.op === 'drill' ? cmd.x : cmd.camera.x;
        const y = cmd.op === 'drill' ? cmd.y : cmd.camera.y;
        const where = cmd.op === 'drill' ? 'drill' : 'setCamera.camera';
        if (x < e.minX - marginM || x > e.maxX + marginM || y < e.minY - marginM || y > e.maxY + marginM)
          return reply({
            ok: false,
            reason: `${where}: (${x.toFixed(0)}, ${y.toFixed(0)}) m is more than ${marginM.toFixed(0)} m outside scene ${ctx.sceneName}`,
          });
      }
      const now = ctx.now();
      const step = applyWallCommand(
        advanceWall(w.machine, w.layout, now, w.rules),
        cmd,
        joined.operator,
        w.layout,
        now,
        ctx.simNowMs(),
        w.rules,
      );
      if (!step.ok) return reply(step);
      commit(w, step.machine);
      if (cmd.op === 'drill') ctx.log(`wall ${w.machine.state.wall}: drill alarm by ${joined.operator}`);
      reply({ ok: true, seq: w.machine.state.seq });
    });

    socket.on('disconnect', () => {
      joined = null;
    });
  });

  const timer = setInterval(advanceAll, ROTATION_CHECK_MS);
  timer.unref();

  return Promise.resolve({
    name: 'wall',
    tick(out: TickOutput): void {
      const raised = [];
      for (const m of out.hazards) raised.push(...hazardAlarms(ctx.scene, m));
      for (const m of out.energy) raised.push(...energyAlarms(ctx.scene, m));
      const now = ctx.now();
      for (const w of walls.values()) {
        let m = advanceWall(w.machine, w.layout, now, w.rules);
        for (const a of raised) m = raiseWallAlarm(m, a, now, w.rules);
        if (m.state.alarm !== w.machine.state.alarm && m.state.alarm !== null)
          ctx.log(`wall ${m.state.wall}: alarm ${m.state.alarm.id} takes over`);
        commit(w, m);
      }
    },
    close(): Promise<void> {
      clearInterval(timer);
      nsp.disconnectSockets(true);
      return Promise.resolve();
    },
  });
}
