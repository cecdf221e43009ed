/**
 * The indicator system on the executive overview ('/'): the operations index fills from the live KPIs (a radar with
 * the current polygon, an overall score labelled "weighted", every row scored or "no data"); the four-dimension
 * framework shows its "source not located" state with four empty axes and no invented number; English works.
 * Screenshots of the panel go to test-results/shots (looked at before calling the panel done).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: { getState(): { setLang(l: 'zh' | 'en'): void } };
}

test.describe('indicator system', () => {
  const server = useServer('default');

  test('operations index live, four-dimension framework honest, both languages', async ({ page }) => {
    // ~1.5 min on an idle machine, most of it the app's own ready wait (software WebGL); room for a loaded one.
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, server(), '/');
    const panel = page.getByTestId('indicator-panel');
    await expect(panel).toBeVisible({ timeout: 10_000 });
    await panel.scrollIntoViewIfNeeded();

    // Operations index: live values arrive → a weighted overall score and the filled current polygon.
    await expect(page.getByTestId('ix-config-operations')).toBeVisible();
    await expect(page.getByTestId('ix-source-kind')).toHaveAttribute('data-kind', 'projectChoice');
    const overall = page.getByTestId('ix-overall');
    await expect(overall).toHaveAttribute('data-aggregation', 'weighted', { timeout: 45_000 });
    const v = Number(await overall.getAttribute('data-value'));
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(100);
    await expect(page.getByTestId('ix-row-mobility-tti')).toHaveAttribute('data-status', 'ok', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('ix-radar-target')).toBeVisible();
    // Hover an axis: the readout names its score and target.
    await page.locator('[data-axis="0"]').hover();
    await expect(page.getByTestId('ix-radar-readout')).toContainText('80');
    await panel.screenshot({ path: path.join(shotDir, 'indicators-operations-zh.png') });

    // Four-dimension framework: no publication located → structure only, nothing scored, no weights.
    await page.getByTestId('ix-switch-smart-city-4d').click();
    await expect(page.getByTestId('ix-config-smart-city-4d')).toBeVisible();
    await expect(page.getByTestId('ix-source-kind')).toHaveAttribute('data-kind', 'notLocated');
    await expect(page.getByTestId('ix-overall')).toHaveAttribute('data-value', '');
    await expect(page.getByTestId('ix-radar-current')).toHaveCount(0);
    await expect(panel).toContainText('scenes/indicators/smart-city-4d.json');
    await panel.screenshot({ path: path.join(shotDir, 'indicators-4d-zh.png') });

    // English.
    await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang('en'),
    );
    await page.getByTestId('ix-switch-operations').click();
    await expect(panel).toContainText('Indicator system');
    await expect(page.getByTestId('ix-overall')).toContainText('weighted', { timeout: 10_000 });
    await panel.screenshot({ path: path.join(shotDir, 'indicators-operations-en.png') });
  });
});
