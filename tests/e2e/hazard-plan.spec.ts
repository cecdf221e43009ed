/**
 * The planner's hazard what-if, as a planner would use it on the default scene: /plan, a 50-year, 120-minute design
 * rainstorm over a 2-hour horizon forked from the live clock; the progress bar moves; the delta table shows closed
 * road links and a drop of the roads lifeline with real numbers; a cascade step selects its link; a second, long
 * run is cancelled; and all the while the live twin keeps running (its sim clock advances).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, '.tmp');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: {
    getState(): { simTimeMs: number; selection: { kind: string; index?: number } | null };
  };
}

const simTime = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs);

/** Records every progress value the bar showed (a MutationObserver in the page). */
async function watchBar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __hwBar: number[] };
    w.__hwBar = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="hazard-whatif-progress"] [role="progressbar"]');
      if (bar) w.__hwBar.push(Number(bar.getAttribute('aria-valuenow')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test.describe('hazard what-if (planner)', () => {
  const server = useServer('default');

  test('50-year rainstorm: progress, closed links and a roads lifeline drop; cancel; the live twin runs on', async ({
    page,
  }) => {
    // Two city simulators over 2 simulated hours in a worker, on a 2-core runner that also draws software WebGL.
    test.setTimeout(600_000);
    await openApp(page, server(), '/plan');
    const panel = page.getByTestId('hazard-whatif-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('灾害推演');
    await expect.poll(() => simTime(page)).toBeGreaterThan(0);
    const liveBefore = await simTime(page);

    await page.getByTestId('hazard-whatif-kind').selectOption('rainstorm');
    await page.getByTestId('hazard-whatif-rp').selectOption('50');
    await page.getByTestId('hazard-whatif-duration').selectOption('120');
    await page.getByTestId('hazard-whatif-horizon').selectOption('2');
    await watchBar(page);
    await page.getByTestId('hazard-whatif-run').dispatchEvent('click');
    await expect(page.getByTestId('hazard-whatif-progress')).toBeVisible();
    const result = page.getByTestId('hazard-whatif-result');
    await expect(result).toBeVisible({ timeout: 540_000 });
    const bar = await page.evaluate(() => (window as unknown as { __hwBar: number[] }).__hwBar);
    expect(bar.length, 'the progress bar was drawn while running').toBeGreaterThan(0);
    expect(
      bar.some((p) => p > 0 && p < 100),
      'the progress bar moved',
    ).toBe(true);

    // Closed links: none in the baseline, some in the scenario.
    const closed = page.getByTestId('hw-delta-closedLinks');
    const closedBase = Number(await closed.getAttribute('data-base'));
    const closedScen = Number(await closed.getAttribute('data-scen'));
    expect(closedBase).toBe(0);
    expect(closedScen, 'the storm closes road links').toBeGreaterThan(0);
    expect(Number(await page.getByTestId('hazard-whatif-closed').getAttribute('data-count'))).toBeGreaterThan(
      0,
    );
    // Roads lifeline: 100 % in the baseline, lower at its worst in the scenario.
    const roads = page.getByTestId('hw-delta-roadsPct');
    const roadsBase = Number(await roads.getAttribute('data-base'));
    const roadsScen = Number(await roads.getAttribute('data-scen'));
    expect(roadsBase).toBe(100);
    expect(roadsScen, 'the roads lifeline drops').toBeLessThan(100);
    expect(roadsScen).toBeGreaterThan(0);
    await expect(roads).toContainText('%');
    await expect(page.getByTestId('hw-delta-maxDepthM')).toContainText('m');
    console.log(
      `hazard what-if: closed links ${closedBase} → ${closedScen}, roads lifeline ${roadsBase} → ${roadsScen} %; ` +
        (await page.getByTestId('hazard-whatif-facts').innerText()),
    );
    await expect(page.getByTestId('hazard-whatif-chart-resilience')).toBeVisible();
    await expect(page.getByTestId('hazard-whatif-map')).toBeVisible();

    // A cascade step that closed a link selects that link.
    const step = page.locator('[data-testid="hazard-whatif-step"][data-ref="link"]').first();
    await expect(step).toBeVisible();
    await step.dispatchEvent('click');
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection?.kind,
        ),
      )
      .toBe('link');

    await page.setViewportSize({ width: 1600, height: 2400 });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(shotDir, 'hazard-plan-zh.png') });
    await page.getByTestId('lang-switch').click();
    await expect(result).toContainText('Lifeline: roads');
    await expect(result).toContainText('Closed road links');
    await panel.screenshot({ path: path.join(shotDir, 'hazard-plan-en.png') });

    // A second, long run is cancelled: the panel is idle at once and no result or error follows.
    await page.getByTestId('hazard-whatif-horizon').selectOption('24');
    await page.getByTestId('hazard-whatif-run').dispatchEvent('click');
    await expect(page.getByTestId('hazard-whatif-progress')).toBeVisible();
    await expect(result).toHaveCount(0);
    await page.getByTestId('hazard-whatif-cancel').dispatchEvent('click');
    await expect(page.getByTestId('hazard-whatif-progress')).toHaveCount(0);
    await expect(page.getByTestId('hazard-whatif-cancel')).toHaveCount(0);
    await page.waitForTimeout(3000);
    await expect(result).toHaveCount(0);
    await expect(page.getByTestId('hazard-whatif-error')).toHaveCount(0);
    await expect(page.getByTestId('hazard-whatif-run')).toBeEnabled();

    // The live twin kept running throughout.
    await expect.poll(() => simTime(page)).toBeGreaterThan(liveBefore);
  });
});
