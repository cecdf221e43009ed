/**
 * The traffic journeys a person would make: read the city congestion index once the feed runs, click one of the
 * ten most congested links and see its time series, and in the planner close a busy link and compare the scenario
 * with the baseline (worse congestion, no flow on the closed link) while the live twin keeps running.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'screenshots');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: {
    getState(): {
      simTimeMs: number;
      selection: { kind: string; index?: number } | null;
      trafficKpis: { topLinks: { link: number; flowVph: number; tti: number }[] } | null;
      select(sel: unknown, source: string): void;
    };
  };
}

/** Waits for the first traffic KPIs in the store (the feed's traffic model has reported). */
async function waitForKpis(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
      return (api.store.getState().trafficKpis?.topLinks.length ?? 0) > 0;
    },
    undefined,
    { timeout: 90_000 },
  );
}

test.describe('traffic panels', () => {
  const server = useServer('default');

  test('the traffic panel shows the city congestion index with its grade and unit, in both languages', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    const panel = page.getByTestId('traffic-panel');
    await expect(panel).toBeVisible();
    await waitForKpis(page);
    const tti = page.getByTestId('traffic-city-tti');
    await expect(tti).toHaveText(/^\d+\.\d{2}$/);
    const value = Number(await tti.getAttribute('data-value'));
    expect(value, 'a travel-time index is at least 1 (never faster than free flow)').toBeGreaterThanOrEqual(
      0.99,
    );
    await expect(panel).toContainText('城市拥堵指数');
    await expect(panel).toContainText('实际 ÷ 自由流');
    await expect(page.getByTestId('traffic-grade')).toHaveText(/畅通|缓行|拥堵|严重拥堵/);
    await expect(page.getByTestId('traffic-avg-speed')).toContainText('km/h');
    await expect(page.getByTestId('traffic-top-link')).toHaveCount(10);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shotDir, 'traffic-ops-zh.png') });

    await page.getByTestId('lang-switch').click();
    await expect(panel).toContainText('City congestion index');
    await expect(page.getByTestId('traffic-grade')).toHaveText(/Free flow|Slow|Congested|Severe/);
    await page.screenshot({ path: path.join(shotDir, 'traffic-ops-en.png') });
  });

  test("the overview's traffic tile is live; no tile is pending any more", async ({ page }) => {
    await openApp(page, server(), '/');
    await expect(page.getByTestId('kpi-traffic-tti')).toHaveText(/^\d+\.\d{2}$/, { timeout: 90_000 });
    // Traffic, energy, 一网统管 and resilience (issue 5) are all live: no tile is pending.
    await expect(page.getByTestId('kpis').locator('.kpi.pending')).toHaveCount(0);
    await page.screenshot({ path: path.join(shotDir, 'traffic-exec.png') });
  });

  test('clicking a top-10 link selects it; the inspector shows the link and its time series', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    await waitForKpis(page);
    const row = page.getByTestId('traffic-top-link').first();
    const link = Number(await row.getAttribute('data-link'));
    await row.click();
    const sel = await page.evaluate(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection,
    );
    expect(sel).toEqual({ kind: 'link', index: link });
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText(`link:${link}`);
    const chart = page.getByTestId('link-series-chart');
    await expect(chart).toBeVisible({ timeout: 30_000 });
    // The history grows one sample per simulated minute: wait until the speed line has at least two points.
    await expect
      .poll(async () => Number(await page.getByTestId('link-series-speed').getAttribute('data-points')), {
        timeout: 60_000,
      })
      .toBeGreaterThan(1);
    const d = await page.getByTestId('link-series-speed').getAttribute('d');
    expect(d, 'the speed path is drawn').toMatch(/^M[\d.]+,[\d.]+L/);
    await inspector.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shotDir, 'traffic-inspector-series.png') });
  });

  test('planner: closing a busy link raises congestion and empties the link; the live twin keeps running', async ({
    page,
  }) => {
    await openApp(page, server(), '/plan');
    await waitForKpis(page);
    // The busiest of the top-10 congested links.
    const link = await page.evaluate(() => {
      const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const top = api.store.getState().trafficKpis?.topLinks ?? [];
      const busiest = [...top].sort((a, b) => b.flowVph - a.flowVph)[0];
      if (!busiest) throw new Error('no top links');
      api.store.getState().select({ kind: 'link', index: busiest.link }, 'test');
      return busiest.link;
    });
    const panel = page.getByTestId('whatif-panel');
    await expect(page.getByTestId('whatif-target')).toContainText(`link:${link}`);
    await page.getByTestId('whatif-add-closeLink').click();
    await expect(page.getByTestId('whatif-lever')).toHaveCount(1);
    await expect(page.getByTestId('whatif-lever')).toContainText(`link:${link}`);

    // An invalid lever is refused with the core's reason: removing more lanes than the link has.
    const lanes = page.getByRole('spinbutton', { name: '减少的车道数' });
    await lanes.fill('9');
    await page.getByTestId('whatif-add-removeLanes').click();
    await expect(page.getByTestId('whatif-message')).toContainText('无法添加');
    await expect(page.getByTestId('whatif-lever')).toHaveCount(1);

    const simBefore = await page.evaluate(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs,
    );
    await page.getByTestId('whatif-run').click();
    const result = page.getByTestId('whatif-result');
    await expect(result).toBeVisible({ timeout: 120_000 });
    const tti = Number(await page.getByTestId('whatif-delta-tti').getAttribute('data-delta'));
    const delay = Number(await page.getByTestId('whatif-delta-delay').getAttribute('data-delta'));
    expect(tti, 'closing a busy link raises the city TTI').toBeGreaterThan(0);
    expect(delay, 'closing a busy link raises the delay').toBeGreaterThan(0);
    const closed = page.getByTestId('whatif-closed-link');
    await expect(closed).toHaveCount(1);
    expect(Number(await closed.getAttribute('data-link'))).toBe(link);
    const deltaFlow = Number(await closed.getAttribute('data-delta-flow'));
    expect(deltaFlow, 'the closed link loses its baseline flow').toBeLessThan(-1);
    const after = Number(await closed.getAttribute('data-flow-after'));
    expect(after, 'the closed link carries no flow in the scenario').toBe(0);
    await expect(page.getByTestId('whatif-legend')).toContainText('辆/小时');

    // The live twin kept running while the worker assigned.
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs,
        ),
      )
      .toBeGreaterThan(simBefore);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shotDir, 'traffic-plan-zh.png') });
    await page.getByTestId('lang-switch').click();
    await expect(result).toContainText('Baseline');
    await page.screenshot({ path: path.join(shotDir, 'traffic-plan-en.png') });

    // A lever the worker's model refuses (here one that bypassed the form) ends the run with the core's reason.
    await page.evaluate(() => {
      const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
      (api.store.getState() as unknown as { setTrafficLevers(l: unknown[]): void }).setTrafficLevers([
        { kind: 'closeLink', link: 99_999_999 },
      ]);
    });
    await page.getByTestId('whatif-run').click();
    await expect(page.getByTestId('whatif-error')).toContainText('closeLink.link');
    await expect(page.getByTestId('whatif-error')).toContainText('traffic model');
  });
});
