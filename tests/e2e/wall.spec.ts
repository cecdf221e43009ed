/**
 * One wall, several browsers (issue 7; docs/protocol.md §10): two screens of the 3×3 wall (screens 4 and 5, which
 * share the 3D twin) and the /ops console in one browser, so Date.now() is one clock for all three pages. The
 * console takes control and drags its 3D view: both screens apply every state seq within 200 ms of each other and
 * end on the console's camera; the time cursor likewise; a drill alarm takes over both screens (card shown, cameras
 * flown to the alarm), and after the acknowledgement both cameras return to where they were. Screenshots go to
 * test-results/shots.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

interface Cam {
  x: number;
  y: number;
  distanceM: number;
  headingDeg: number;
  pitchDeg: number;
}
interface SyncProbe {
  connected: boolean;
  seq: number;
  applied: Record<string, number>;
  camera: Cam | null;
  time: { mode: 'live' } | { mode: 'fixed'; simMs: number } | null;
  alarmId: string | null;
  paused: boolean;
}
interface ConsoleProbe {
  wall: string | null;
  seq: number;
  inControl: boolean;
  cameraSent: number;
  lastSent: Cam | null;
  lastError: string | null;
  alarmId: string | null;
}

const WALL = 'grid3x3';
const server = useServer('default');

const sync = (p: Page): Promise<SyncProbe> =>
  p.evaluate(() => (window as unknown as { __citybrain: { wallSync: SyncProbe } }).__citybrain.wallSync);
const consoleProbe = (p: Page): Promise<ConsoleProbe> =>
  p.evaluate(
    () => (window as unknown as { __citybrain: { wallConsole: ConsoleProbe } }).__citybrain.wallConsole,
  );
const cameraNow = (p: Page): Promise<Cam | null> =>
  p.evaluate(() =>
    (
      window as unknown as { __citybrain: { wallSync: { cameraNow(v: string): Cam | null } } }
    ).__citybrain.wallSync.cameraNow('three'),
  );

async function openScreen(page: Page, screen: number): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server().url}/wall?test=1&wall=${WALL}&screen=${screen}`);
  // A wall screen has no app-wide ready pair; it signals its own (wall-layout.spec.ts), and the sync its join.
  await page.waitForFunction(
    () => {
      const cb = (
        window as unknown as { __citybrain?: { wallPage?: { ready: boolean }; wallSync?: SyncProbe } }
      ).__citybrain;
      return Boolean(cb?.wallPage?.ready && cb.wallSync?.connected && cb.wallSync.seq >= 0);
    },
    undefined,
    { timeout: 120_000 },
  );
}

/** Both screens hold the same seq; returns it. */
async function sameSeq(a: Page, b: Page, atLeast: number): Promise<number> {
  let seq = -1;
  await expect
    .poll(
      async () => {
        const [sa, sb] = await Promise.all([sync(a), sync(b)]);
        seq = sa.seq === sb.seq && sa.seq >= atLeast ? sa.seq : -1;
        return seq;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(atLeast);
  return seq;
}

/** Largest gap between the two screens' apply times over the seqs both applied since `fromSeq`. */
async function worstGapMs(a: Page, b: Page, fromSeq: number): Promise<{ gapMs: number; seqs: number }> {
  const [sa, sb] = await Promise.all([sync(a), sync(b)]);
  let gap = 0;
  let n = 0;
  for (const [k, ta] of Object.entries(sa.applied)) {
    const tb = sb.applied[k];
    if (Number(k) < fromSeq || tb === undefined) continue;
    gap = Math.max(gap, Math.abs(ta - tb));
    n++;
  }
  return { gapMs: gap, seqs: n };
}

function expectCamClose(got: Cam | null, want: Cam, label: string, tolM = 1, tolDeg = 0.1): void {
  expect(got, `${label}: no 3D camera`).not.toBeNull();
  const g = got as Cam;
  const dh = Math.abs(((((g.headingDeg - want.headingDeg) % 360) + 540) % 360) - 180);
  expect(Math.hypot(g.x - want.x, g.y - want.y), `${label}: target off by`).toBeLessThan(tolM);
  expect(Math.abs(g.distanceM - want.distanceM) / want.distanceM, `${label}: distance`).toBeLessThan(0.001);
  expect(dh, `${label}: heading`).toBeLessThan(tolDeg);
  expect(Math.abs(g.pitchDeg - want.pitchDeg), `${label}: pitch`).toBeLessThan(tolDeg);
}

/** Waits until the page's 3D camera is at `want` (an ease ends when the page has drawn its last frame of it). */
async function waitCam(p: Page, want: Cam, label: string): Promise<void> {
  const t0 = Date.now();
  await expect
    .poll(
      async () => {
        const g = await cameraNow(p);
        if (!g) return 'no camera';
        const dh = Math.abs(((((g.headingDeg - want.headingDeg) % 360) + 540) % 360) - 180);
        const off = Math.hypot(g.x - want.x, g.y - want.y);
        const dd = Math.abs(g.distanceM - want.distanceM) / want.distanceM;
        const dp = Math.abs(g.pitchDeg - want.pitchDeg);
        return off < 1 && dd < 0.001 && dh < 0.2 && dp < 0.2
          ? 'there'
          : `off ${off.toFixed(1)} m, distance ${(dd * 100).toFixed(2)} %, heading ${dh.toFixed(2)}°, pitch ${dp.toFixed(2)}°`;
      },
      { timeout: 20_000, message: label },
    )
    .toBe('there');
  console.log(`wall: ${label} after ${Date.now() - t0} ms`);
}

test('two screens follow the console: camera, time cursor, alarm takeover and return', async ({
  context,
  page,
}) => {
  test.setTimeout(175_000);
  const t0 = Date.now();
  const phase = (what: string): void =>
    console.log(`wall: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const a = page;
  const b = await context.newPage();
  const ops = await context.newPage();
  await Promise.all([openScreen(a, 4), openScreen(b, 5)]);
  phase('screens ready');
  await openApp(ops, server(), '/ops');
  phase('console ready');

  // The console on the 3×3 wall.
  await ops.getByTestId('ws-wall-select').selectOption(WALL);
  await expect.poll(async () => (await consoleProbe(ops)).wall).toBe(WALL);
  await ops.getByTestId('ws-take').click();
  await expect.poll(async () => (await consoleProbe(ops)).inControl).toBe(true);
  await expect.poll(async () => (await sync(a)).paused).toBe(true);
  const fromSeq = (await sync(a)).seq;

  // Drag the console's 3D view: its camera streams to the wall at ≤ 10 Hz.
  await ops.waitForTimeout(800); // the 600 ms fly to the wall's camera after taking control
  const box = await ops.getByTestId('three-canvas').boundingBox();
  if (!box) throw new Error('no 3D canvas on /ops');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await ops.mouse.move(cx, cy);
  await ops.mouse.down();
  // Few, spaced steps: on a loaded 2-core CI box each input waits for a software-rendered frame.
  for (let i = 1; i <= 6; i++) {
    await ops.mouse.move(cx + i * 40, cy + i * 10);
    await ops.waitForTimeout(150);
  }
  await ops.mouse.up();
  phase('dragged');
  await expect.poll(async () => (await consoleProbe(ops)).cameraSent, { timeout: 10_000 }).toBeGreaterThan(2);
  await ops.waitForTimeout(400); // the trailing throttled send
  const sent = (await consoleProbe(ops)).lastSent as Cam;
  expect((await consoleProbe(ops)).lastError).toBeNull();
  await expect.poll(async () => (await sync(a)).camera, { timeout: 10_000 }).toEqual(sent);
  await expect.poll(async () => (await sync(b)).camera, { timeout: 10_000 }).toEqual(sent);
  const camSeq = await sameSeq(a, b, fromSeq + 3);
  const camGap = await worstGapMs(a, b, fromSeq);
  console.log(`wall: camera — ${camGap.seqs} states, worst apply gap ${camGap.gapMs} ms, seq ${camSeq}`);
  expect(camGap.seqs).toBeGreaterThan(2);
  expect(camGap.gapMs).toBeLessThanOrEqual(200);
  // The views themselves are where the state says (a jump: exact up to float rounding).
  expectCamClose(await cameraNow(a), sent, 'screen 4');
  expectCamClose(await cameraNow(b), sent, 'screen 5');

  // The time cursor: one hour back.
  await ops.getByTestId('ws-time-back-60').click();
  await expect.poll(async () => (await sync(a)).time?.mode, { timeout: 10_000 }).toBe('fixed');
  await expect.poll(async () => (await sync(b)).time?.mode, { timeout: 10_000 }).toBe('fixed');
  const timeSeq = await sameSeq(a, b, camSeq + 1);
  const [ta, tb] = await Promise.all([sync(a), sync(b)]);
  expect(ta.time).toEqual(tb.time);
  const timeGap = Math.abs((ta.applied[timeSeq] as number) - (tb.applied[timeSeq] as number));
  console.log(`wall: time cursor — seq ${timeSeq}, apply gap ${timeGap} ms`);
  expect(timeGap).toBeLessThanOrEqual(200);
  await expect(ops.getByTestId('ws-time')).toHaveAttribute('data-mode', 'fixed');

  // A drill alarm at the console's view centre takes over both screens.
  await ops.getByTestId('ws-drill').click();
  await expect.poll(async () => (await sync(a)).alarmId, { timeout: 10_000 }).toMatch(/^drill:/);
  await expect.poll(async () => (await sync(b)).alarmId, { timeout: 10_000 }).toMatch(/^drill:/);
  const alarmCam = (await sync(a)).camera as Cam;
  expect((await sync(b)).camera).toEqual(alarmCam);
  expect(Math.round(alarmCam.x)).toBe(Math.round(sent.x));
  expect(Math.round(alarmCam.y)).toBe(Math.round(sent.y));
  await expect(ops.getByTestId('ws-console-alarm')).toBeVisible();
  for (const p of [a, b]) {
    await expect(
      p.locator('[data-testid="ws-alarm-card"], [data-testid="wl-takeover-frame"]').first(),
    ).toBeVisible();
  }
  // The fly-to takes the layout's flyDurationS (2 s); then both 3D cameras look at the alarm.
  await Promise.all([
    waitCam(a, alarmCam, 'screen 4 at the alarm'),
    waitCam(b, alarmCam, 'screen 5 at the alarm'),
  ]);
  await a.screenshot({ path: path.join(shotDir, 'wall-sync-alarm-screen4.png') });
  await b.screenshot({ path: path.join(shotDir, 'wall-sync-alarm-screen5.png') });
  await ops
    .getByTestId('wall-console')
    .screenshot({ path: path.join(shotDir, 'wall-sync-console-alarm.png') });

  // Acknowledge: both return to the camera before the alarm.
  await ops.getByTestId('ws-ack').click();
  await expect.poll(async () => (await sync(a)).alarmId, { timeout: 10_000 }).toBeNull();
  await expect.poll(async () => (await sync(b)).alarmId, { timeout: 10_000 }).toBeNull();
  expect((await sync(a)).camera).toEqual(sent);
  expect((await sync(b)).camera).toEqual(sent);
  await Promise.all([waitCam(a, sent, 'screen 4 back'), waitCam(b, sent, 'screen 5 back')]);
  await a.screenshot({ path: path.join(shotDir, 'wall-sync-after-ack-screen4.png') });
  await b.screenshot({ path: path.join(shotDir, 'wall-sync-after-ack-screen5.png') });

  // Release: the rotation resumes on both.
  await ops.getByTestId('ws-release').click();
  await expect.poll(async () => (await sync(a)).paused, { timeout: 10_000 }).toBe(false);
  await expect.poll(async () => (await sync(b)).paused, { timeout: 10_000 }).toBe(false);
  await ops.screenshot({ path: path.join(shotDir, 'wall-sync-ops.png') });
});
