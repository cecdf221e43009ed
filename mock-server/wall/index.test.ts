import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { attachWall } from './index.ts';
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import type { WallState } from '../../src/core/wall/types.ts';

// A scene as far as the wall module reads it: the extent (overview camera, camera bounds) and the origin.
const scene = {
  meta: { extentM: { minX: -2000, minY: -1000, maxX: 2000, maxY: 2000 }, origin: { lon: 121.5, lat: 31.2 } },
} as unknown as CityModel;

let realNow = 1_700_000_000_000;
const SIM = 1_780_000_000_000;
let http: ReturnType<typeof createServer>;
let ioServer: Server;
let mod: ServerModule;
let url = '';
const logs: string[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  ioServer = new Server(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const ctx = {
    io: ioServer,
    scene,
    sceneName: 'test',
    seed: 1,
    speed: 1,
    log: (l: string) => logs.push(l),
    db: null,
    workload: null,
    simNowMs: () => SIM,
    now: () => realNow,
    hazardSnapshot: () => {
      throw new Error('unused');
    },
  } satisfies ServerModuleContext;
  mod = await attachWall(ctx);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await mod.close?.();
  await ioServer.close();
});

function client(): Socket {
  const s = connect(`${url}/wall`, { transports: ['websocket'] });
  sockets.push(s);
  return s;
}

describe('wall module (scenes/walls/main.json)', () => {
  it('joins screens and a console, broadcasts commands with increasing seq, refuses bad ones', async () => {
    const screen = client();
    const console_ = client();
    const join = await screen.emitWithAck('wallJoin', { wall: 'main', screen: 2 });
    expect(join.ok).toBe(true);
    const seq0 = (join.state as WallState).seq;
    expect(await screen.emitWithAck('wallJoin', { wall: 'main', screen: 9 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^wallJoin.screen: wall main has no screen 9 /) as unknown,
    });
    expect(await screen.emitWithAck('wallCommand', { op: 'takeControl' })).toEqual({
      ok: false,
      reason: 'wallCommand: join a wall as a console first (role "console")',
    });
    expect(
      (await console_.emitWithAck('wallJoin', { wall: 'main', role: 'console', operator: 'ann' })).ok,
    ).toBe(true);
    const got: WallState[] = [];
    screen.on('wallState', (s: WallState) => got.push(s));
    expect(await console_.emitWithAck('wallCommand', { op: 'takeControl' })).toEqual({
      ok: true,
      seq: seq0 + 1,
    });
    const cam = { x: 10, y: 20, distanceM: 800, headingDeg: 10, pitchDeg: 40 };
    expect(await console_.emitWithAck('wallCommand', { op: 'setCamera', camera: cam })).toEqual({
      ok: true,
      seq: seq0 + 2,
    });
    expect(
      await console_.emitWithAck('wallCommand', { op: 'setCamera', camera: { ...cam, x: 1e6 } }),
    ).toEqual({
      ok: false,
      reason: 'setCamera.camera: (1000000, 20) m is more than 4000 m outside scene test',
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(got.map((s) => s.seq)).toEqual([seq0 + 1, seq0 + 2]);
    expect(got[1]?.camera).toEqual(cam);
    expect(got[1]?.control?.by).toBe('ann');
  });

  it('rate-limits camera commands to 20 per second', async () => {
    const c = client();
    await c.emitWithAck('wallJoin', { wall: 'main', role: 'console', operator: 'ann' });
    await c.emitWithAck('wallCommand', { op: 'takeControl' });
    const cam = { x: 0, y: 0, distanceM: 800, headingDeg: 0, pitchDeg: 40 };
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => c.emitWithAck('wallCommand', { op: 'setCamera', camera: cam })),
    );
    // A fresh bucket holds 20 tokens and the clock does not move: 20 accepted, 5 refused.
    expect(answers.filter((a: { ok: boolean }) => a.ok).length).toBe(20);
    expect(answers[24]).toEqual({ ok: false, reason: 'setCamera: more than 20 camera moves per second' });
  });

  it('rotates by the server clock: every member gets the switch', async () => {
    const c = client();
    await c.emitWithAck('wallJoin', { wall: 'main', role: 'console', operator: 'ann' });
    await c.emitWithAck('wallCommand', { op: 'release' });
    const s = client();
    const j = await s.emitWithAck('wallJoin', { wall: 'main', screen: 1 });
    const st = j.state as WallState;
    expect(st.control).toBeNull();
    const got: WallState[] = [];
    s.on('wallState', (x: WallState) => got.push(x));
    realNow = (st.itemEndsAtMs as number) + 1;
    await new Promise((r) => setTimeout(r, 300));
    expect(got.at(-1)?.playlistIndex).toBe(st.playlistIndex + 1);
  });
});
