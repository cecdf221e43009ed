/**
 * The planner's energy what-if, as a planner would use it on the default scene: select a substation, add its N-1
 * trip and a +20 % heat wave, run a day of 5-minute dispatch in the worker, watch the progress, read baseline vs
 * scenario with a positive peak-load delta and the N-1 outcome in words; and cancel a long run.
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
      energyWhatIf: { phase: string; stepsDone?: number; stepsTotal?: number; elapsedMs?: number };
      select(sel: unknown, source: string): void;
    };
    subscribe(
      fn: (s: { energyWhatIf: { phase: string; stepsDone?: number; stepsTotal?: number } }) => void,
    ): void;
  };
  getGridModel(): {
    stationCount: number;
    slackStation: number;
    stationHasMv: Uint8Array;
    busCount: number;
    busStation: Int32Array;
  } | null;
}

/** Records, in the page, every running state of the energy what-if and whether the progress bar was drawn. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __citybrain: TestApi;
      __epSeen: { done: number; total: number }[];
      __epBar: number[];
    };
    w.__epSeen = [];
    w.__epBar = [];
    w.__citybrain.store.subscribe((s) => {
      const r = s.energyWhatIf;
      if (r.phase === 'running') w.__epSeen.push({ done: r.stepsDone ?? 0, total: r.stepsTotal ?? 0 });
    });
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="energy-whatif-progress"] [role="progressbar"]');
      if (bar) w.__epBar.push(Number(bar.getAttribute('aria-valuenow')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/** The substation (not the import point) that feeds the most buses: its trip sheds or transfers the most. */
async function busiestStation(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = (window as unknown as { __citybrain: TestApi }).__citybrain.getGridModel();
    if (!g) throw new Error('no grid model');
    const buses = new Array<number>(g.stationCount).fill(0);
    for (let i = 0; i < g.busCount; i++) buses[g.busStation[i]!]!++;
    let best = -1;
    for (let s = 0; s < g.stationCount; s++)
      if (s !== g.slackStation && g.stationHasMv[s] && (best < 0 || buses[s]! > buses[best]!)) best = s;
    if (best < 0) throw new Error('no substation with feeders');
    return best;
  });
}

test.describe('energy what-if (planner)', () => {
  const server = useServer('default');

  test('heat wave + substation trip: progress, then baseline vs scenario with the N-1 outcome', async ({
    page,
  }) => {
    await openApp(page, server(), '/plan');
    const panel = page.getByTestId('energy-whatif-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('能源推演');

    // Nothing selected: the trip lever is disabled and says why.
    await expect(page.getByTestId('energy-whatif-add-trip')).toBeDisabled();

    const station = await busiestStation(page);
    await page.evaluate(
      (index) =>
        (window as unknown as { __citybrain: TestApi }).__citybrain.store
          .getState()
          .select({ kind: 'energy', asset: 'station', index }, 'test'),
      station,
    );
    await expect(page.getByTestId('energy-whatif-target')).toContainText(`station:${station}`);
    await page.getByTestId('energy-whatif-add-trip').click();
    await page.getByTestId('energy-whatif-heat-pct').fill('20');
    await page.getByTestId('energy-whatif-add-heatWave').click();
    const levers = page.getByTestId('energy-whatif-lever');
    await expect(levers).toHaveCount(2);
    await expect(levers.nth(0)).toHaveAttribute('data-kind', 'tripStation');
    await expect(levers.nth(1)).toContainText('+20%');

    // An invalid number is refused with the core's reason, and nothing is added.
    await page.getByTestId('energy-whatif-pv-mw').fill('0');
    await page.getByTestId('energy-whatif-add-addPv').click();
    await expect(page.getByTestId('energy-whatif-message')).toContainText('无法添加：addPv: mw must be in');
    await expect(levers).toHaveCount(2);

    await watchProgress(page);
    await page.getByTestId('energy-whatif-run').click();
    const result = page.getByTestId('energy-whatif-result');
    await expect(result).toBeVisible({ timeout: 120_000 });
    const seen = await page.evaluate(
      () => (window as unknown as { __epSeen: { done: number; total: number }[] }).__epSeen,
    );
    const bar = await page.evaluate(() => (window as unknown as { __epBar: number[] }).__epBar);
    // 24 h of 5-minute steps, baseline and scenario: 2 × 288.
    expect(
      seen.some((s) => s.total === 576),
      'the worker reported the step total',
    ).toBe(true);
    expect(Math.max(...seen.map((s) => s.done))).toBeGreaterThan(0);
    expect(bar.length, 'the progress bar was drawn while running').toBeGreaterThan(0);

    const peak = Number(await page.getByTestId('energy-whatif-delta-peak').getAttribute('data-delta'));
    expect(peak, 'a +20 % heat wave raises the peak load').toBeGreaterThan(0);
    const shed = Number(await page.getByTestId('energy-whatif-delta-shed').getAttribute('data-delta'));
    expect(shed, 'a substation trip cannot reduce the energy not supplied').toBeGreaterThanOrEqual(0);
    await expect(result).toContainText('MW');
    await expect(result).toContainText('MWh');
    await expect(result).toContainText('g/kWh');
    const n1 = page.getByTestId('energy-whatif-n1');
    await expect(n1).toBeVisible();
    await expect(n1).toContainText(/馈线区段失电|无馈线区段失电/);
    await expect(n1).toContainText(/联络开关|未合联络开关/);
    await expect(page.getByTestId('energy-whatif-chart-load')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
    const elapsed = await page.evaluate(
      () =>
        (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().energyWhatIf.elapsedMs,
    );
    console.log(
      `energy what-if: 24 h baseline + scenario in the worker took ${Math.round(elapsed ?? NaN)} ms`,
    );

    // A tall window so the whole panel (table, N-1 outcome, chart) is on screen for the screenshot.
    await page.setViewportSize({ width: 1600, height: 1800 });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(shotDir, 'energy-plan-zh.png') });
    await page.getByTestId('lang-switch').click();
    await expect(result).toContainText('Peak load');
    await expect(result).toContainText('N-1 outcome');
    await panel.screenshot({ path: path.join(shotDir, 'energy-plan-en.png') });
  });

  test('cancel stops a long run; the next run still completes', async ({ page }) => {
    await openApp(page, server(), '/plan');
    await page.getByTestId('energy-whatif-heat-pct').fill('20');
    await page.getByTestId('energy-whatif-add-heatWave').click();
    await page.getByTestId('energy-whatif-hours').selectOption('168');
    await page.getByTestId('energy-whatif-run').click();
    await expect(page.getByTestId('energy-whatif-progress')).toBeVisible();
    // Dispatched, not clicked: Playwright's click waits for two animation frames of a "stable" button, and under
    // software WebGL frames can be slower than the whole run.
    await page.getByTestId('energy-whatif-cancel').dispatchEvent('click');
    await expect(page.getByTestId('energy-whatif-progress')).toHaveCount(0);
    await expect(page.getByTestId('energy-whatif-cancel')).toHaveCount(0);
    // The cancelled run never shows a result, even after the worker would have finished a step chunk.
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('energy-whatif-result')).toHaveCount(0);
    await expect(page.getByTestId('energy-whatif-error')).toHaveCount(0);
    expect(
      await page.evaluate(
        () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().energyWhatIf.phase,
      ),
    ).toBe('idle');

    await page.getByTestId('energy-whatif-hours').selectOption('24');
    await page.getByTestId('energy-whatif-run').click();
    await expect(page.getByTestId('energy-whatif-result')).toBeVisible({ timeout: 120_000 });
    expect(
      Number(await page.getByTestId('energy-whatif-delta-peak').getAttribute('data-delta')),
    ).toBeGreaterThan(0);
  });
});
