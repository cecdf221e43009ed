import { describe, expect, it } from 'vitest';
import {
  parseWallCommand,
  parseWallCommandAnswer,
  parseWallJoin,
  parseWallJoinAnswer,
  parseWallListAnswer,
  parseWallPong,
  parseWallState,
} from './wallMessages.ts';

const reason = (p: { ok: boolean; reason?: string }): string | undefined => (p.ok ? undefined : p.reason);
const cam = { x: 1, y: 2, distanceM: 500, headingDeg: 90, pitchDeg: 45 };
const state = {
  wall: 'main',
  seq: 7,
  camera: cam,
  time: { mode: 'live' },
  scene: 'traffic',
  playlistIndex: 1,
  itemEndsAtMs: 1_700_000_060_000,
  control: null,
  alarm: null,
  cameraBeforeAlarm: null,
};

describe('parseWallJoin', () => {
  it('reads a screen and a console join', () => {
    expect(parseWallJoin({ wall: 'main', screen: 2 })).toEqual({
      ok: true,
      value: { role: 'screen', wall: 'main', screen: 2 },
    });
    expect(parseWallJoin({ wall: 'main', role: 'console' })).toEqual({
      ok: true,
      value: { role: 'console', wall: 'main', operator: 'operator' },
    });
  });
  it('names the field and the reason', () => {
    expect(reason(parseWallJoin(null))).toBe('wallJoin: expected an object, got null');
    expect(reason(parseWallJoin({ wall: 'Main!', screen: 1 }))).toBe(
      'wallJoin.wall: "Main!" is not a wall id (^[a-z0-9][a-z0-9_-]{0,63}$)',
    );
    expect(reason(parseWallJoin({ wall: 'main', screen: 0 }))).toBe(
      'wallJoin.screen: 0 is out of range [1, 64]',
    );
    expect(reason(parseWallJoin({ wall: 'main', screen: 1.5 }))).toBe(
      'wallJoin.screen: expected an integer, got 1.5',
    );
    expect(reason(parseWallJoin({ wall: 'main', role: 'boss' }))).toBe(
      'wallJoin.role: expected "screen" or "console", got "boss"',
    );
    expect(reason(parseWallJoin({ wall: 'main', role: 'console', operator: '' }))).toBe(
      'wallJoin.operator: empty',
    );
  });
});

describe('parseWallCommand', () => {
  it('reads every op', () => {
    expect(parseWallCommand({ op: 'setCamera', camera: cam })).toEqual({
      ok: true,
      value: { op: 'setCamera', camera: cam, durationMs: 0 },
    });
    expect(parseWallCommand({ op: 'setScene', scene: 'energy' }).ok).toBe(true);
    expect(parseWallCommand({ op: 'setTime', time: { mode: 'fixed', simMs: 5 } })).toEqual({
      ok: true,
      value: { op: 'setTime', time: { mode: 'fixed', simMs: 5 } },
    });
    expect(parseWallCommand({ op: 'setTime', time: { mode: 'live', simMs: 5 } })).toEqual({
      ok: true,
      value: { op: 'setTime', time: { mode: 'live' } },
    });
    expect(parseWallCommand({ op: 'takeControl' })).toEqual({ ok: true, value: { op: 'takeControl' } });
    expect(parseWallCommand({ op: 'release' })).toEqual({ ok: true, value: { op: 'release' } });
    expect(parseWallCommand({ op: 'ackAlarm', id: 'drill:1' })).toEqual({
      ok: true,
      value: { op: 'ackAlarm', id: 'drill:1' },
    });
    expect(parseWallCommand({ op: 'drill', x: 1, y: 2 })).toEqual({
      ok: true,
      value: { op: 'drill', x: 1, y: 2, title: { zh: '演练告警', en: 'Drill alarm' } },
    });
  });
  it('names the field and the reason', () => {
    expect(reason(parseWallCommand({ op: 'fly' }))).toBe(
      'wallCommand.op: expected one of setCamera, setScene, setTime, takeControl, release, ackAlarm, drill, got "fly"',
    );
    expect(reason(parseWallCommand({ op: 'setCamera', camera: { ...cam, pitchDeg: 90 } }))).toBe(
      'wallCommand setCamera.camera.pitchDeg: 90 is out of range [0, 85]',
    );
    expect(reason(parseWallCommand({ op: 'setCamera', camera: { ...cam, x: Number.NaN } }))).toBe(
      'wallCommand setCamera.camera.x: expected a finite number, got null',
    );
    expect(reason(parseWallCommand({ op: 'setCamera', camera: cam, durationMs: 20_000 }))).toBe(
      'wallCommand setCamera.durationMs: 20000 is out of range [0, 10000]',
    );
    expect(reason(parseWallCommand({ op: 'setScene', scene: 'weather' }))).toBe(
      'wallCommand setScene.scene: expected one of overview, traffic, energy, resilience, workload, got "weather"',
    );
    expect(reason(parseWallCommand({ op: 'setTime', time: { mode: 'fixed' } }))).toBe(
      'wallCommand setTime.time.simMs: expected an integer, got undefined',
    );
    expect(reason(parseWallCommand({ op: 'ackAlarm', id: '' }))).toBe('wallCommand ackAlarm.id: empty');
    expect(reason(parseWallCommand({ op: 'drill', x: 1, y: 2, title: { zh: 'x' } }))).toBe(
      'wallCommand drill.title.en: expected a string, got undefined',
    );
  });
});

describe('parseWallState and answers', () => {
  it('reads a state, with control, alarm and the camera before it', () => {
    expect(parseWallState(state)).toEqual({ ok: true, value: state });
    const taken = {
      ...state,
      itemEndsAtMs: null,
      control: { by: 'ann', sinceMs: 5 },
      alarm: {
        id: 'a',
        domain: 'energy',
        title: { zh: 'a', en: 'a' },
        detail: { zh: '', en: '' },
        x: 1,
        y: 2,
        raisedSimMs: 3,
      },
      cameraBeforeAlarm: cam,
    };
    expect(parseWallState(taken)).toEqual({ ok: true, value: taken });
  });
  it('names the field and the reason', () => {
    expect(reason(parseWallState({ ...state, seq: -1 }))).toBe(
      'wallState.seq: -1 is out of range [0, 9007199254740991]',
    );
    expect(reason(parseWallState({ ...state, time: { mode: 'past' } }))).toBe(
      'wallState.time.mode: expected one of live, fixed, got "past"',
    );
    expect(reason(parseWallState({ ...state, control: { by: 'x' } }))).toBe(
      'wallState.control.sinceMs: expected an integer, got undefined',
    );
    expect(reason(parseWallState({ ...state, alarm: { id: 'a', domain: 'weather' } }))).toBe(
      'wallState.alarm.domain: expected one of traffic, energy, resilience, workload, got "weather"',
    );
  });
  it('reads the acknowledgements', () => {
    expect(parseWallJoinAnswer({ ok: true, state, serverMs: 9 })).toEqual({
      ok: true,
      value: { ok: true, state, serverMs: 9 },
    });
    expect(parseWallJoinAnswer({ ok: false, reason: 'no' })).toEqual({
      ok: true,
      value: { ok: false, reason: 'no' },
    });
    expect(reason(parseWallJoinAnswer({ ok: 1 }))).toBe('wallJoinAnswer.ok: expected a boolean, got 1');
    expect(parseWallCommandAnswer({ ok: true, seq: 3 })).toEqual({ ok: true, value: { ok: true, seq: 3 } });
    expect(reason(parseWallCommandAnswer({ ok: true }))).toBe(
      'wallCommandAnswer.seq: expected an integer, got undefined',
    );
    const list = {
      ok: true,
      walls: [{ id: 'main', screens: 4, playlist: [{ scene: 'overview', durationS: 60 }] }],
    };
    expect(parseWallListAnswer(list)).toEqual({ ok: true, value: list });
    expect(
      reason(
        parseWallListAnswer({ ok: true, walls: [{ id: 'main', screens: 4, playlist: [{ scene: 'x' }] }] }),
      ),
    ).toBe(
      'wallListAnswer.walls[0].playlist[0].scene: expected one of overview, traffic, energy, resilience, workload, got "x"',
    );
    expect(parseWallPong({ clientMs: 1.5, serverMs: 2 })).toEqual({
      ok: true,
      value: { clientMs: 1.5, serverMs: 2 },
    });
  });
});
