/**
 * Runs for days (issue 7): the app recovers by itself, without a reload, from a lost WebGL context (3D view: never
 * restored by the browser → canvas remounted; map: restored after 0.5 s → map and deck overlay rebuilt) and from a
 * feed-server crash and restart on the same port (connection back to 'live', hot buffers advancing again). Each
 * recovery must show on screen (the bilingual status line) and the views must draw the city again (non-blank).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

type GlView = 'map' | 'three';
interface GlStatus {
  phase: string;
  losses: number;
  remounts: number;
  restored: number;
  recoveries: number;
  lastRecoveryMs: number;
}
interface RecoveryApi {
  status(view: GlView): GlStatus;
  resources(view: GlView): Record<string, number> | null;
  loseContext(view: GlView, restoreAfterMs?: number): boolean;
}
interface Win {
  __citybrainRecovery?: RecoveryApi;
  __citybrain?: {
    ready?: { three?: boolean };
    hot: { version: number };
    store: { getState(): { connection: { phase: string } } };
  };
}

const status = (page: Page, view: GlView): Promise<GlStatus> =>
  page.evaluate((v) => (window as unknown as Win).__citybrainRecovery!.status(v), view);

test.describe('recovery', () => {
  const server = useServer('default');

  // One page for the three recoveries: a page load under software WebGL is most of the time of this spec.
  test('the wall recovers by itself: 3D context never restored, map context restored, feed server restarted', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openApp(page, server(), '/wall');
    const api = <T>(fn: (r: RecoveryApi) => T): Promise<T> =>
      page.evaluate(`(${fn.toString()})(window.__citybrainRecovery)`) as Promise<T>;

    // 1. 3D view: WEBGL_lose_context, never restored → the canvas is remounted after the grace period.
    const three = page.getByTestId('three-canvas');
    await expectNonBlank(page, three, '3D view before the loss');
    const before = await api((r) => r.resources('three'));
    expect(before?.geometries ?? 0, '3D resources before the loss').toBeGreaterThan(0);
    expect(await api((r) => r.loseContext('three'))).toBe(true);
    // The status line says what is happening, in the page's language.
    await expect(page.getByTestId('recovery-banner-three')).toBeVisible();
    await page.screenshot({ path: path.join(shotDir, 'recovery-3d-lost.png') });
    await expect.poll(async () => (await status(page, 'three')).recoveries, { timeout: 60_000 }).toBe(1);
    const s3 = await status(page, 'three');
    expect(s3).toMatchObject({ phase: 'ok', losses: 1, remounts: 1, restored: 0 });
    expect(s3.lastRecoveryMs).toBeGreaterThan(0);
    await expect(page.getByTestId('recovery-gl').first()).toHaveText(/图形已恢复|Graphics restored/);
    await page.screenshot({ path: path.join(shotDir, 'recovery-3d-restored.png') });
    await expectNonBlank(page, three, '3D view after the remount');
    const after = await api((r) => r.resources('three'));
    // Everything was uploaded again to the new context (overlays may still be joining: at least half).
    expect(after?.geometries ?? 0).toBeGreaterThanOrEqual(Math.floor((before?.geometries ?? 0) * 0.5));

    // 2. Map: lost, restored by the browser after 0.5 s → maplibre and the deck overlay are rebuilt.
    expect(await api((r) => r.loseContext('map', 500))).toBe(true);
    await expect(page.getByTestId('recovery-banner-map')).toBeVisible();
    await expect.poll(async () => (await status(page, 'map')).recoveries, { timeout: 60_000 }).toBe(1);
    expect(await status(page, 'map')).toMatchObject({ phase: 'ok', losses: 1, remounts: 1, restored: 1 });
    const res = await api((r) => r.resources('map'));
    expect(res?.deckLayers ?? 0, 'deck layers after the rebuild').toBeGreaterThan(0);
    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map after the rebuild');
    await page.screenshot({ path: path.join(shotDir, 'recovery-map-restored.png') });

    // 3. Feed server killed and started again on the same port → live again without a reload.
    const phase = (): Promise<string> =>
      page.evaluate(() => (window as unknown as Win).__citybrain!.store.getState().connection.phase);
    const hotVersion = (): Promise<number> =>
      page.evaluate(() => (window as unknown as Win).__citybrain!.hot.version);
    await expect.poll(phase, { timeout: 30_000 }).toBe('live');
    await server().kill();
    await expect.poll(phase, { timeout: 20_000 }).toBe('disconnected');
    await expect(page.getByTestId('recovery-feed')).toHaveText(/重连|reconnecting/);
    await page.screenshot({ path: path.join(shotDir, 'recovery-feed-lost.png') });
    // start() resolves on the "dashboard:" line of the accumulated output: clear it so it waits for the new one.
    server().output = '';
    await server().start();
    await expect.poll(phase, { timeout: 60_000 }).toBe('live');
    const v1 = await hotVersion();
    await expect.poll(hotVersion, { timeout: 30_000 }).toBeGreaterThan(v1);
    await expect(page.getByTestId('recovery-feed')).toHaveText(/实时数据已恢复|Live feed restored/);
    await page.screenshot({ path: path.join(shotDir, 'recovery-feed-restored.png') });
  });
});
