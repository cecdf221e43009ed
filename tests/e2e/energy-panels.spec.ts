/**
 * The energy journeys a person would make: once the live energy model has dispatched, read the load and the balance
 * chart in the energy panel (the numbers are the store's), click an alarm (or, with none active, pick a substation)
 * and see the element's 24-hour time series in the inspector; on the overview, see the energy tile live.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'screenshots');
mkdirSync(shotDir, { recursive: true });
const lookDir = path.join(repoRoot, '.tmp');
mkdirSync(lookDir, { recursive: true });

interface TestApi {
  store: {
    getState(): {
      selection: { kind: string; asset?: string; index?: number } | null;
      energyCounts: Record<string, number> | null;
      energyHistory: { simTimeMs: number; loadMw: number }[];
      select(sel: unknown, source: string): void;
    };
  };
}

/** Waits for the first energy dispatch step in the store (the feed's energy model has reported). */
async function waitForEnergy(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
      return api.store.getState().energyHistory.length > 0;
    },
    undefined,
    { timeout: 90_000 },
  );
}

/** The panel's load, its chart's point count and the store's newest balance, read in one go. */
function readPanel(page: Page) {
  return page.evaluate(() => {
    const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
    const last = s.energyHistory[s.energyHistory.length - 1];
    return {
      storeLoad: last ? Math.round(last.loadMw).toLocaleString('en-US') : '',
      shownLoad: document.querySelector('[data-testid="energy-load-now"]')?.textContent ?? '',
      storePoints: s.energyHistory.length,
      chartPoints: Number(
        document.querySelector('[data-testid="energy-balance-chart"]')?.getAttribute('data-points'),
      ),
    };
  });
}

/** The asset kind an alarm kind selects (bus for sections and voltages, station for transformers and import…). */
const ALARM_ASSET: Readonly<Record<string, string>> = {
  sectionOverload: 'bus',
  undervoltage: 'bus',
  overvoltage: 'bus',
  transformerOverload: 'station',
  importOverload: 'station',
  hvLineOverload: 'hvLine',
  loadShed: 'feeder',
};

test.describe('energy panels', () => {
  const server = useServer('default');

  test('the energy panel shows the live load, the balance chart and alarms; an alarm opens its time series', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    const panel = page.getByTestId('energy-panel');
    await expect(panel).toBeVisible();
    await waitForEnergy(page);

    // The headline load is the store's newest balance, formatted; the chart has one point per history step.
    await expect
      .poll(async () => {
        const r = await readPanel(page);
        return r.shownLoad === r.storeLoad && r.chartPoints === r.storePoints && r.storePoints > 0;
      })
      .toBe(true);
    await expect(page.getByTestId('energy-load-now')).toHaveText(/^\d[\d,]*$/);
    await expect(panel).toContainText('当前供电负荷');
    await expect(panel).toContainText('MW');
    await expect(page.getByTestId('energy-renewable')).toContainText('%');
    await expect(page.getByTestId('energy-carbon')).toContainText('gCO₂/kWh');
    await expect(page.getByTestId('energy-legend')).toContainText('外部受电');
    await expect(page.getByTestId('energy-legend')).toContainText('供电负荷');
    const firm = Number(await page.getByTestId('energy-peak').getAttribute('data-firm'));
    expect(firm, 'the default city has a firm capacity (import limit + thermal + storage)').toBeGreaterThan(
      0,
    );

    // Click the most severe alarm that names an element. The default city's alarms come with the afternoon peak
    // (docs/energy.md §7); when none is active yet, a transformer overload on station 1 is added to the store as the
    // feed would (the newest step's balance again, with the alarm active) — the click path is what is tested here.
    // A dispatch step (every 30 s at ×10) replaces the active list, so inject, read and click in one retried block.
    let expected = { kind: 'energy', asset: '?', index: -1 };
    await expect(async () => {
      const rows = page.locator('[data-testid="energy-alarm"].clickable');
      if ((await rows.count()) === 0) {
        await page.evaluate(() => {
          const s = (
            window as unknown as { __citybrain: TestApi }
          ).__citybrain.store.getState() as unknown as {
            energyHistory: unknown[];
            applyEnergyMessages(m: unknown[]): void;
          };
          const balance = s.energyHistory[s.energyHistory.length - 1];
          s.applyEnergyMessages([
            {
              seq: 1,
              balance,
              events: [],
              active: [{ kind: 'transformerOverload', index: 1, value: 1.12, limit: 1 }],
              tetouan: null,
            },
          ]);
        });
      }
      const row = rows.first();
      const kind = (await row.getAttribute('data-kind', { timeout: 2000 })) ?? '';
      const index = Number(await row.getAttribute('data-index', { timeout: 2000 }));
      await expect(row).toContainText(/%|p\.u\.|MW/, { timeout: 2000 });
      await row.click({ timeout: 10_000 });
      expected = { kind: 'energy', asset: ALARM_ASSET[kind] ?? '?', index };
    }).toPass({ timeout: 90_000 });
    const sel = await page.evaluate(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection,
    );
    expect(sel).toEqual(expected);
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText(`${expected.asset}:${expected.index}`);
    await expect(inspector.locator('.live').first()).not.toHaveText('—');
    const chart = page.getByTestId('energy-series-chart');
    await expect(chart).toBeVisible({ timeout: 30_000 });
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await expect(page.getByTestId('energy-series-now')).toContainText(/MW|%|p\.u\./);

    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(lookDir, 'energy-panel-zh.png') });
    await inspector.screenshot({ path: path.join(lookDir, 'energy-inspector-zh.png') });
    await page.screenshot({ path: path.join(shotDir, 'energy-ops-zh.png') });

    await page.getByTestId('lang-switch').click();
    await expect(panel).toContainText('Load served now');
    await expect(page.getByTestId('energy-legend')).toContainText('Import');
    await panel.screenshot({ path: path.join(lookDir, 'energy-panel-en.png') });
  });

  test("the overview's energy tile shows the live load and renewable share", async ({ page }) => {
    await openApp(page, server(), '/');
    await waitForEnergy(page);
    await expect(page.getByTestId('kpi-energy-load')).toHaveText(/^\d[\d,]*$/);
    await expect(page.getByTestId('kpi-energy-renewable')).toContainText('%');
    await expect(page.getByTestId('kpi-energy-import')).toContainText('%');
    await page.getByTestId('kpis').screenshot({ path: path.join(lookDir, 'energy-kpi-tile.png') });
  });
});
