import { describe, expect, it } from 'vitest';
import {
  wireCamera,
  builtUpExtent,
  advanceWall,
  applyWallCommand,
  createWallMachine,
  overviewCamera,
  frameDistanceM,
  frameCamera,
  minAreaRect,
  extentRect,
  WALL_PITCH_RANGE_DEG,
  FRAME_MARGIN,
  raiseWallAlarm,
  DEFAULT_WALL_RULES,
  MAX_PENDING_ALARMS,
  type WallMachine,
  type WallPlan,
} from './state.ts';
import type { TwinCamera, WallAlarm } from './types.ts';

// Playlist of 60 s + 30 s + 45 s = a 135 s cycle.
const plan: WallPlan = {
  playlist: [
    { scene: 'overview', durationS: 60 },
    { scene: 'traffic', durationS: 30 },
    { scene: 'energy', durationS: 45 },
  ],
};
const T0 = 1_700_000_000_000;
const SIM = 1_780_000_000_000;
const cam0: TwinCamera = { x: 100, y: 200, distanceM: 5000, headingDeg: 340, pitchDeg: 55 };
const alarm = (id: string, x = 1000, y = -500): WallAlarm => ({
  id,
  domain: 'resilience',
  title: { zh: '告警', en: 'Alarm' },
  detail: { zh: '', en: '' },
  x,
  y,
  raisedSimMs: SIM,
});

function ok(m: ReturnType<typeof applyWallCommand>): WallMachine {
  if (!m.ok) throw new Error(m.reason);
  return m.machine;
}

describe('wall rotation', () => {
  it('starts on the first item and switches on the server clock, chaining item ends', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    expect(m0.state).toMatchObject({
      seq: 0,
      scene: 'overview',
      playlistIndex: 0,
      itemEndsAtMs: T0 + 60_000,
    });
    // 59.999 s: nothing changes (same object).
    expect(advanceWall(m0, plan, T0 + 59_999)).toBe(m0);
    // 60 s: traffic until 90 s.
    const m1 = advanceWall(m0, plan, T0 + 60_000);
    expect(m1.state).toMatchObject({ seq: 1, scene: 'traffic', playlistIndex: 1, itemEndsAtMs: T0 + 90_000 });
    // Late check at 100 s (a slow tick): energy, still ending at 90 + 45 = 135 s, not 100 + 45.
    const m2 = advanceWall(m1, plan, T0 + 100_000);
    expect(m2.state).toMatchObject({ seq: 2, scene: 'energy', playlistIndex: 2, itemEndsAtMs: T0 + 135_000 });
  });

  it('skips whole cycles after a long stall: 10 cycles + 70 s after the start is traffic', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    // 10·135 + 70 = 1420 s: within the cycle 70 s → item 1 (60..90 s), ending at 1350 + 90 = 1440 s.
    const m = advanceWall(m0, plan, T0 + 1_420_000);
    expect(m.state).toMatchObject({
      playlistIndex: 1,
      scene: 'traffic',
      itemEndsAtMs: T0 + 1_440_000,
      seq: 1,
    });
  });

  it('pauses while an operator has control and resumes with the time that was left', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'ann', plan, T0 + 20_000, SIM));
    expect(m1.state.control).toEqual({ by: 'ann', sinceMs: T0 + 20_000 });
    expect(m1.state.itemEndsAtMs).toBeNull();
    // No rotation while paused, even long after the item's end.
    expect(advanceWall(m1, plan, T0 + 200_000).state.scene).toBe('overview');
    const m2 = ok(applyWallCommand(m1, { op: 'release' }, 'ann', plan, T0 + 100_000, SIM));
    // 60 − 20 = 40 s were left.
    expect(m2.state).toMatchObject({ control: null, itemEndsAtMs: T0 + 140_000, seq: 2 });
  });

  it('releases idle control after 5 min and resumes', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'ann', plan, T0, SIM));
    const cam = { ...cam0, x: 0 };
    const m2 = ok(
      applyWallCommand(m1, { op: 'setCamera', camera: cam, durationMs: 0 }, 'ann', plan, T0 + 60_000, SIM),
    );
    // Idle from 60 s: still in control at 60 + 299.999 s, released at 60 + 300 s.
    expect(advanceWall(m2, plan, T0 + 359_999).state.control).not.toBeNull();
    const m3 = advanceWall(m2, plan, T0 + 360_000);
    expect(m3.state.control).toBeNull();
    expect(m3.state.itemEndsAtMs).toBe(T0 + 360_000 + 60_000);
    expect(DEFAULT_WALL_RULES.idleReleaseMs).toBe(300_000);
  });
});

describe('wall commands', () => {
  const m0 = createWallMachine('main', plan, cam0, T0);
  it('refuses camera, scene and time without control, naming the holder', () => {
    const cam = { ...cam0 };
    const r1 = applyWallCommand(m0, { op: 'setCamera', camera: cam, durationMs: 0 }, 'ann', plan, T0, SIM);
    expect(r1).toEqual({ ok: false, reason: 'setCamera: take control of wall main first' });
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'bob', plan, T0, SIM));
    const r2 = applyWallCommand(m1, { op: 'setScene', scene: 'energy' }, 'ann', plan, T0, SIM);
    expect(r2).toEqual({ ok: false, reason: 'setScene: wall main is controlled by bob' });
    const r3 = applyWallCommand(m1, { op: 'release' }, 'ann', plan, T0, SIM);
    expect(r3).toEqual({ ok: false, reason: 'release: wall main is controlled by bob' });
  });

  it('sets the scene (its first playlist item, played in full after release) and the time cursor', () => {
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'ann', plan, T0, SIM));
    const m2 = ok(applyWallCommand(m1, { op: 'setScene', scene: 'energy' }, 'ann', plan, T0 + 1000, SIM));
    expect(m2.state).toMatchObject({ scene: 'energy', playlistIndex: 2 });
    const m3 = ok(applyWallCommand(m2, { op: 'release' }, 'ann', plan, T0 + 5000, SIM));
    expect(m3.state.itemEndsAtMs).toBe(T0 + 5000 + 45_000);
    const fixed = { mode: 'fixed', simMs: SIM - 3_600_000 } as const;
    const m4 = ok(applyWallCommand(m1, { op: 'setTime', time: fixed }, 'ann', plan, T0, SIM));
    expect(m4.state.time).toEqual(fixed);
    const future = applyWallCommand(
      m1,
      { op: 'setTime', time: { mode: 'fixed', simMs: SIM + 1 } },
      'ann',
      plan,
      T0,
      SIM,
    );
    expect(future).toEqual({
      ok: false,
      reason: `setTime: ${SIM + 1} is after the live sim time ${SIM} (the wall shows no future)`,
    });
  });

  it('counts seq once per change; a repeated takeControl by the holder changes nothing shared', () => {
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'ann', plan, T0, SIM));
    const m2 = ok(applyWallCommand(m1, { op: 'takeControl' }, 'ann', plan, T0 + 10, SIM));
    expect([m1.state.seq, m2.state.seq, m2.state === m1.state]).toEqual([1, 1, true]);
    expect(m2.controlActiveMs).toBe(T0 + 10);
  });
});

describe('alarm takeover', () => {
  it('flies to the alarm, pauses, and returns the camera and rotation after acknowledgement', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const m1 = raiseWallAlarm(m0, alarm('hazard:HZ-0001:L4:1'), T0 + 10_000);
    expect(m1.state.alarm?.id).toBe('hazard:HZ-0001:L4:1');
    expect(m1.state.cameraBeforeAlarm).toEqual(cam0);
    // Camera over the alarm at 1200 m, 45°, heading kept (340°).
    expect(m1.state.camera).toEqual({ x: 1000, y: -500, distanceM: 1200, headingDeg: 340, pitchDeg: 45 });
    expect(m1.state.itemEndsAtMs).toBeNull();
    // Raised again (next tick): ignored.
    expect(raiseWallAlarm(m1, alarm('hazard:HZ-0001:L4:1'), T0 + 11_000)).toBe(m1);
    const wrong = applyWallCommand(m1, { op: 'ackAlarm', id: 'x' }, 'ann', plan, T0 + 30_000, SIM);
    expect(wrong).toEqual({ ok: false, reason: 'ackAlarm: x is not the alarm shown (hazard:HZ-0001:L4:1)' });
    const m2 = ok(
      applyWallCommand(m1, { op: 'ackAlarm', id: 'hazard:HZ-0001:L4:1' }, 'ann', plan, T0 + 30_000, SIM),
    );
    expect(m2.state).toMatchObject({ alarm: null, cameraBeforeAlarm: null, camera: cam0 });
    // 60 − 10 = 50 s were left at the takeover.
    expect(m2.state.itemEndsAtMs).toBe(T0 + 80_000);
    // Acknowledged: never raised again.
    expect(raiseWallAlarm(m2, alarm('hazard:HZ-0001:L4:1'), T0 + 40_000)).toBe(m2);
  });

  it('queues a second alarm; after the first ack it takes over, after the second the first camera returns', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const m1 = raiseWallAlarm(m0, alarm('a', 1, 2), T0);
    const m2 = raiseWallAlarm(m1, alarm('b', 3, 4), T0);
    expect([m2.state === m1.state, m2.pending.length]).toEqual([true, 1]);
    const m3 = ok(applyWallCommand(m2, { op: 'ackAlarm', id: 'a' }, 'ann', plan, T0, SIM));
    expect([m3.state.alarm?.id, m3.state.camera.x, m3.state.camera.y]).toEqual(['b', 3, 4]);
    const m4 = ok(applyWallCommand(m3, { op: 'ackAlarm', id: 'b' }, 'ann', plan, T0, SIM));
    expect(m4.state.camera).toEqual(cam0);
    expect(m4.state.alarm).toBeNull();
  });

  it('keeps the line bounded', () => {
    let m = raiseWallAlarm(createWallMachine('main', plan, cam0, T0), alarm('first'), T0);
    for (let i = 0; i < 40; i++) m = raiseWallAlarm(m, alarm(`n${i}`), T0);
    expect(m.pending.length).toBe(MAX_PENDING_ALARMS);
  });

  it('stays paused after the ack while an operator has control', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const m1 = ok(applyWallCommand(m0, { op: 'takeControl' }, 'ann', plan, T0 + 5000, SIM));
    const m2 = raiseWallAlarm(m1, alarm('a'), T0 + 6000);
    const m3 = ok(applyWallCommand(m2, { op: 'ackAlarm', id: 'a' }, 'ann', plan, T0 + 7000, SIM));
    expect(m3.state.itemEndsAtMs).toBeNull();
    const m4 = ok(applyWallCommand(m3, { op: 'release' }, 'ann', plan, T0 + 9000, SIM));
    // 60 − 5 = 55 s left when control was taken.
    expect(m4.state.itemEndsAtMs).toBe(T0 + 9000 + 55_000);
  });

  it('raises a drill at the chosen place with a drill id', () => {
    const m0 = createWallMachine('main', plan, cam0, T0);
    const title = { zh: '演练', en: 'Drill' };
    const m1 = ok(applyWallCommand(m0, { op: 'drill', x: 10, y: 20, title }, 'ann', plan, T0, SIM));
    expect(m1.state.alarm).toMatchObject({ id: 'drill:1', x: 10, y: 20, title, raisedSimMs: SIM });
    expect(m1.drills).toBe(1);
  });
});

describe('overviewCamera', () => {
  it('matches the 3D view’s opening camera (hand calculation in the doc comment)', () => {
    // 4000 × 3000 m extent: size 4000, distance 4000·1.15·|(0.25, 0.56, 0.79)| = 4600·1.000 0 (|v| = 1.00005).
    const c = overviewCamera({ minX: -2000, minY: -1000, maxX: 2000, maxY: 2000 });
    expect(c.x).toBe(0);
    expect(c.y).toBe(500);
    expect(c.distanceM).toBeCloseTo(4600 * Math.sqrt(0.0625 + 0.3136 + 0.6241), 6);
    expect(c.headingDeg).toBeCloseTo(342.44, 2);
    expect(c.pitchDeg).toBeCloseTo(55.95, 2);
  });
});

describe('frameDistanceM', () => {
  // tan 20° = 0.363 970 23 (half of the 40° fov).
  it('frames a square extent looking straight down: half side / tan 20°', () => {
    // 2000 × 2000 m, aspect 1: 1000 / 0.363 970 23 = 2747.477 m.
    const e = { minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 };
    expect(frameDistanceM(e, 0, 0, 1)).toBeCloseTo(2747.477 * FRAME_MARGIN, 2);
  });

  it('lets a wide panel frame a wide extent by its width', () => {
    // 4000 × 1000 m, aspect 2: max(2000 / (2·0.363 970), 500 / 0.363 970) = max(2747.477, 1373.739).
    const e = { minX: 0, minY: 0, maxX: 4000, maxY: 1000 };
    expect(frameDistanceM(e, 0, 0, 2)).toBeCloseTo(2747.477 * FRAME_MARGIN, 2);
  });

  it('keeps the near corners in view of an oblique camera', () => {
    // Heading 0 (looking north), pitch 45°, 2000 × 2000 m, aspect 10 (height decides): the near edge y = −1000 has
    // q·u = −707.107 and depth q·f = −707.107, so d = 707.107 / 0.363 970 + 707.107 = 1942.760 + 707.107 = 2649.867.
    const e = { minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 };
    expect(frameDistanceM(e, 0, 45, 10)).toBeCloseTo(2649.867 * FRAME_MARGIN, 2);
  });
});

describe('frameCamera', () => {
  // tV = tan 20° / 1.02 = 0.363 970 23 / 1.02 = 0.356 833 56; 1 / tV = 2.802 427.
  it('looking straight down at a square in a square panel: half side / tV, the picture 1/1.02 of the panel', () => {
    // 2000 × 2000 m, aspect 1: distance 1000 / 0.356 833 56 = 2802.427 m, centred on the square's centre. Corners at
    // ±1/1.02 of the panel both ways: fill = (2/1.02)² / 4 = 1 / 1.0404 = 0.961 169.
    const { camera, fill } = frameCamera({ minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 }, 0, 0, 1);
    expect(camera.x).toBeCloseTo(0, 9);
    expect(camera.y).toBeCloseTo(0, 9);
    expect(camera.distanceM).toBeCloseTo(2802.427, 2);
    expect(fill).toBeCloseTo(0.961169, 5);
  });

  it('centres an oblique picture: the camera aims south of the centre and comes closer than frameDistanceM', () => {
    // Heading 0, pitch 45°, 2000 × 2000 m, aspect 10 (height decides). s = √½: f = (0, s, −s), u = (0, s, s).
    // Per corner q·f = q·u = s·y. a_u = s·y·(1 − 2.802 427), b_u = s·y·(1 + 2.802 427): min a_u = −707.107·1.802 427
    // = −1274.509 (y = +1000), min b_u = −707.107·3.802 427 = −2688.722 (y = −1000). C·f = (−1274.509 − 2688.722)/2
    // = −1981.616; C·u = tV·(−2688.722 + 1274.509)/2 = 0.356 834·(−707.107) = −252.321 (the horizontal fit,
    // C·f = −987.35, is looser). C = C·u·u + C·f·f = (0, s·(−2233.937), s·1729.295) = (0, −1579.626, 1222.800);
    // t = 1222.800 / s = 1729.295; target y = −1579.626 + 1729.295·s = −356.834.
    const { camera } = frameCamera({ minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 }, 0, 45, 10);
    expect(camera.x).toBeCloseTo(0, 6);
    expect(camera.y).toBeCloseTo(-356.834, 2);
    expect(camera.distanceM).toBeCloseTo(1729.295, 2);
    expect([camera.headingDeg, camera.pitchDeg]).toEqual([0, 45]);
    // Looking at the centre needs 2649.867·1.02 m (above): the centred picture is larger.
    expect(camera.distanceM).toBeLessThan(
      frameDistanceM({ minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 }, 0, 45, 10),
    );
  });

  it('moves with the extent (scene coordinates far from 0)', () => {
    const a = frameCamera({ minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 }, 20, 40, 16 / 9);
    const b = frameCamera({ minX: 49_000, minY: -31_000, maxX: 51_000, maxY: -29_000 }, 20, 40, 16 / 9);
    expect(b.camera.x - 50_000).toBeCloseTo(a.camera.x, 6);
    expect(b.camera.y + 30_000).toBeCloseTo(a.camera.y, 6);
    expect(b.camera.distanceM).toBeCloseTo(a.camera.distanceM, 6);
    expect(b.fill).toBeCloseTo(a.fill, 9);
  });
});

describe('minAreaRect', () => {
  /** The corners of a w × h rectangle centred at (cx, cy), up axis turned hDeg clockwise from north. */
  const turned = (cx: number, cy: number, w: number, h: number, hDeg: number): Float32Array => {
    const t = (hDeg * Math.PI) / 180;
    const out: number[] = [];
    for (const [a, b] of [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [w / 2, h / 2],
      [-w / 2, h / 2],
    ] as const)
      out.push(cx + a * Math.cos(t) + b * Math.sin(t), cy - a * Math.sin(t) + b * Math.cos(t));
    return new Float32Array(out);
  };
  it('finds a 4000 × 2000 m rectangle turned 10° clockwise, its centre and half sizes', () => {
    const r = minAreaRect(turned(500, -300, 4000, 2000, 10));
    expect(r?.headingDeg).toBe(10);
    expect(r?.cx).toBeCloseTo(500, 1);
    expect(r?.cy).toBeCloseTo(-300, 1);
    expect(r?.halfWidthM).toBeCloseTo(2000, 1);
    expect(r?.halfHeightM).toBeCloseTo(1000, 1);
  });
  it('reports a square turned 60° as turned −30° (its up axis nearest north)', () => {
    const r = minAreaRect(turned(0, 0, 3000, 3000, 60));
    expect(r?.headingDeg).toBe(-30);
    expect(r?.halfWidthM).toBeCloseTo(1500, 1);
  });
  it('keeps heading 0 for an unturned box and null for fewer than two distinct points', () => {
    expect(minAreaRect(turned(0, 0, 100, 100, 0))).toMatchObject({ headingDeg: 0, halfWidthM: 50 });
    expect(minAreaRect(new Float32Array([5, 5, 5, 5]))).toBeNull();
  });
});

describe('overviewCamera with a panel aspect (the wall)', () => {
  const city = { minX: -3124, minY: -3124, maxX: 3124, maxY: 3124 };
  it('looks north at the fill-best pitch in 30…55°, centred', () => {
    const aspect = 3846 / 2160;
    const c = overviewCamera(city, aspect);
    expect(c.headingDeg).toBe(0);
    expect(c.pitchDeg).toBeGreaterThanOrEqual(WALL_PITCH_RANGE_DEG.min);
    expect(c.pitchDeg).toBeLessThanOrEqual(WALL_PITCH_RANGE_DEG.max);
    const fill = frameCamera(city, 0, c.pitchDeg, aspect).fill;
    for (let p = WALL_PITCH_RANGE_DEG.min; p <= WALL_PITCH_RANGE_DEG.max; p++)
      expect(frameCamera(city, 0, p, aspect).fill).toBeLessThanOrEqual(fill);
    expect(c).toEqual(frameCamera(city, 0, c.pitchDeg, aspect).camera);
    // The main wall's 16:9 twin: 38°, the city covers 72 % of the panel (looking at the centre from the desktop
    // view's 56° pitch and 342° heading it covered 30 %).
    expect(c.pitchDeg).toBe(38);
    expect(fill).toBeGreaterThan(0.7);
  });
  it('looks along a turned city (heading 11° → 11, −11° → 349) and frames its turned rectangle', () => {
    const rect = { cx: 100, cy: 200, halfWidthM: 2665, halfHeightM: 2665, headingDeg: 11 };
    const area = { ...extentRect({ minX: -3000, minY: -3000, maxX: 3000, maxY: 3000 }), rect };
    const box = { minX: -3000, minY: -3000, maxX: 3000, maxY: 3000 };
    const c = overviewCamera({ ...box, rect }, 16 / 9);
    expect(c.headingDeg).toBe(11);
    expect(c).toEqual(frameCamera(rect, 11, c.pitchDeg, 16 / 9).camera);
    expect(overviewCamera({ ...box, rect: { ...rect, headingDeg: -11 } }, 16 / 9).headingDeg).toBe(349);
    expect(area.rect).toBe(rect);
  });
  it('a narrower panel takes the steepest allowed pitch (foreshortening would only waste its height)', () => {
    expect(overviewCamera(city, 1344 / 1080).pitchDeg).toBe(30);
  });
});

describe('the built-up area the overview frames', () => {
  const extent = { minX: -3800, minY: -3300, maxX: 3700, maxY: 3400 };
  it('is the bounding box of the zone vertices (two squares: x −2650…2650, y −2000…2650)', () => {
    const xy = new Float32Array([-2650, -2000, 0, -2000, 0, 0, -2650, 0, 0, 0, 2650, 0, 2650, 2650, 0, 2650]);
    expect(builtUpExtent(extent, xy)).toEqual({
      minX: -2650,
      minY: -2000,
      maxX: 2650,
      maxY: 2650,
      // Unturned: the box itself (centre (0, 325), 5300 × 4650 m).
      rect: { cx: 0, cy: 325, halfWidthM: 2650, halfHeightM: 2325, headingDeg: 0 },
    });
  });
  it('falls back to the scene extent without zones or with a degenerate box', () => {
    expect(builtUpExtent(extent, null)).toBe(extent);
    expect(builtUpExtent(extent, new Float32Array([5, 5, 5, 5]))).toBe(extent);
  });
});

describe('wireCamera', () => {
  it('is what a JSON round trip delivers: −0 becomes 0, every other value kept bit for bit', () => {
    const cam: TwinCamera = {
      x: 0,
      y: -0,
      distanceM: 9465.302526753634,
      headingDeg: 91.39306968842637,
      pitchDeg: -0,
    };
    const w = wireCamera(cam);
    expect(Object.is(w.y, 0)).toBe(true);
    expect(Object.is(w.pitchDeg, 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(cam))).toEqual(w);
    expect(w.distanceM).toBe(9465.302526753634);
    expect(w.headingDeg).toBe(91.39306968842637);
  });
});
