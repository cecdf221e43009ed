/**
 * The planner's compare view as a planner uses it, on a fixture result over the default scene (mounted through
 * window.__citybrain.planCompare, so this runs without the scenario engine): split view with linked cameras,
 * Δ mode, the hover card with both values and the Δ, swipe with keyboard and pointer, and the PNG export —
 * every canvas proven not blank, screenshots at 1920×1080 in test-results/shots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, pixelStats, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

type Probe = Record<string, number | string>;
interface Hook {
  mount(): boolean;
  probe(): Probe | null;
  pagePosOf(k: number, side: 'baseline' | 'scenario'): [number, number] | null;
  exportPng(): Promise<{ url: string; width: number; height: number } | null>;
}
/** window with the test API (types only: page.evaluate bodies cannot call helpers of this file). */
type W = { __citybrain: { planCompare: Hook } };

async function probe(page: Page): Promise<Probe> {
  const p = await page.evaluate(() => (window as unknown as W).__citybrain.planCompare.probe());
  if (!p) throw new Error('compare view not mounted');
  return p;
}

test.describe('planner compare view', () => {
  const server = useServer('default');

  test('split, Δ, hover, swipe and export on a fixture result', async ({ page }) => {
    test.setTimeout(170_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, server(), '/plan');
    await page.waitForFunction(
      () =>
        Boolean((window as unknown as { __citybrain?: { planCompare?: unknown } }).__citybrain?.planCompare),
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.evaluate(() => (window as unknown as W).__citybrain.planCompare.mount())).toBe(true);
    const view = page.getByTestId('plan-compare').last();
    await expect(view).toBeVisible();
    await page.waitForFunction(
      () => {
        const p = (window as unknown as W).__citybrain.planCompare.probe();
        return p !== null && p['buildings'] === 1 && Number(p['features']) > 0;
      },
      undefined,
      { timeout: 30_000 },
    );
    let p = await probe(page);
    expect(p['diff']).toBe('traffic:linkSpeed');
    expect(Number(p['changed'])).toBeGreaterThan(0);
    const paneB = view.locator('.pc-pane-b canvas');
    const paneS = view.locator('.pc-pane-s canvas');
    await page.waitForTimeout(800);
    for (const c of [paneB, paneS]) expect((await pixelStats(page, c)).stdDev).toBeGreaterThan(8);
    await expect(view.getByTestId('pc-legend')).toContainText('km/h');
    await page.screenshot({ path: path.join(shotDir, 'plan-compare-split.png') });

    // Linked cameras: a drag on the baseline moves the scenario the same way.
    const box = await paneB.boundingBox();
    if (!box) throw new Error('no baseline pane');
    const lon0 = Number(p['longitude']);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2 + 40, { steps: 3 });
    await page.mouse.up();
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(400);
    p = await probe(page);
    expect(Number(p['longitude'])).toBeGreaterThan(lon0);
    expect(p['sLongitude']).toBe(p['longitude']);
    expect(p['bLongitude']).toBe(p['longitude']);
    expect(p['sZoom']).toBe(p['zoom']);

    // Flood depth in Δ mode; the hover card shows both values and the signed Δ with its unit.
    await view.getByTestId('pc-diff').selectOption('resilience:maxDepth');
    await view.getByTestId('pc-mode-delta').click();
    await page.waitForTimeout(500);
    p = await probe(page);
    expect(p['diff']).toBe('resilience:maxDepth');
    expect(p['mode']).toBe('delta');
    const changed = Number(p['changed']);
    expect(changed).toBeGreaterThan(0);
    let pos: [number, number] | null = null;
    for (let k = 0; k < 4000 && !pos; k += 97)
      pos = await page.evaluate(
        (kk) => (window as unknown as W).__citybrain.planCompare.pagePosOf(kk, 'scenario'),
        k,
      );
    if (!pos) throw new Error('no flood cell on screen');
    await page.mouse.move(pos[0], pos[1]);
    const tip = view.getByTestId('pc-tip');
    await expect(tip).toBeVisible();
    await expect(tip).toContainText(' m');
    await expect(tip).toContainText('+');
    await page.screenshot({ path: path.join(shotDir, 'plan-compare-delta-hover.png') });

    // Swipe: keyboard steps on the focused divider, then a pointer drag.
    await view.getByTestId('pc-layout-swipe').click();
    const handle = view.getByTestId('pc-swipe');
    await expect(handle).toHaveAttribute('aria-valuenow', '50');
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuenow', '54');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(handle).toHaveAttribute('aria-valuenow', '44');
    const hb = await handle.boundingBox();
    const sb = await view.locator('.pc-stage').boundingBox();
    if (!hb || !sb) throw new Error('no swipe handle');
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(sb.x + sb.width * 0.65, hb.y + hb.height / 2, { steps: 3 });
    await page.mouse.up();
    await expect(handle).toHaveAttribute('aria-valuenow', '65');
    await view.getByTestId('pc-mode-value').click();
    await page.waitForTimeout(500);
    expect((await pixelStats(page, view.locator('.pc-stage'))).stdDev).toBeGreaterThan(8);
    await page.screenshot({ path: path.join(shotDir, 'plan-compare-swipe.png') });

    // Export: one PNG with both views, titles and legend; proven not blank.
    const png = await page.evaluate(() => (window as unknown as W).__citybrain.planCompare.exportPng());
    if (!png) throw new Error('export gave no image');
    expect(png.width).toBeGreaterThan(1000);
    expect(png.height).toBeGreaterThan(600);
    writeFileSync(
      path.join(shotDir, 'plan-compare-export.png'),
      Buffer.from(png.url.split(',')[1] ?? '', 'base64'),
    );
    const colours = await page.evaluate(async (url) => {
      const bmp = await createImageBitmap(await (await fetch(url)).blob());
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      if (!g) return 0;
      g.drawImage(bmp, 0, 0);
      const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return seen.size;
    }, png.url);
    expect(colours).toBeGreaterThan(200);
  });
});
