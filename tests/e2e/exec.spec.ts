/**
 * The executive overview (`/`, issue 7): every domain's headline KPIs are live (numbers, units, the sim time they
 * refer to, trends against yesterday / last week from the KPI history — honestly "no record yet" on a fresh twin),
 * the top alerts of all domains render and a click flies the camera, and the drill-down city → district → grid cell
 * changes the numbers shown and the breadcrumb — from the table and from a click on the map and the 3D view; the alert
 * level reads as its colour and grade; energy has a per-district load column. Screenshots at 1920×1080, zh and en, to test-results/shots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

/** The ids of every card's headline KPI shown. */
async function kpiCells(page: Page): Promise<{ id: string; value: string; text: string }[]> {
  return page.locator('.ex-card .ex-kpi').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-testid') ?? '',
      value: e.getAttribute('data-value') ?? '',
      text: (e as HTMLElement).innerText,
    })),
  );
}

test.describe('executive overview', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  // Fast enough that the first 5-minute energy step and history sample come in seconds; a rainstorm from the start
  // gives the alerts and the per-district exposure something to show.
  const server = useServer('default', ['--speed', '60', '--hazard', 'rainstorm:P=50,dur=120']);

  test('shows every domain live, the top alerts, and drills down to a district and a grid cell', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openApp(page, server(), '/');
    const cards = page.getByTestId('ex-cards').locator('.ex-card');
    await expect(cards).toHaveCount(4);
    // Every headline KPI of every domain shows a number (data-value set), within the first energy steps.
    await expect
      .poll(
        async () => (await kpiCells(page)).filter((c) => c.value === '' || !Number.isFinite(Number(c.value))),
        {
          timeout: 90_000,
        },
      )
      .toEqual([]);
    const cells = await kpiCells(page);
    expect(cells.length).toBeGreaterThanOrEqual(4);
    // Numbers, except the alert level: a code shown as the warning's colour and grade (LiveKpiDef.format).
    for (const c of cells.filter((x) => x.id !== 'ex-kpi-resilience-alertLevel'))
      expect(c.text).toMatch(/\d/);
    const alert = page.getByTestId('ex-kpi-resilience-alertLevel');
    await expect(alert.getByTestId('ex-chip')).toHaveText(/^(无预警|(蓝色 Ⅳ|黄色 Ⅲ|橙色 Ⅱ|红色 Ⅰ)级)$/);
    const level = Number(await alert.getAttribute('data-value'));
    if (level > 0) {
      // The chip wears the warning colour (not the card's background).
      const bg = await alert.getByTestId('ex-chip').evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(bg).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    }
    // Units where the KPI has one, and the sim time on every card.
    await expect(page.getByTestId('ex-unit').first()).toBeVisible();
    for (const time of await page.getByTestId('ex-card-time').allInnerTexts())
      expect(time).toMatch(/\d{2}:\d{2}/);
    // History: the server answered (a fresh twin: "since <time>"; comparisons say "no record yet", never a number).
    await expect(page.getByTestId('ex-history-note')).toContainText(/历史记录自 \d{4}-\d{2}-\d{2}/, {
      timeout: 30_000,
    });
    await expect(page.getByTestId('ex-vs-yesterday').first()).toHaveAttribute('data-state', 'none');

    // Top alerts: the rainstorm's alert is listed; a click flies the camera to it.
    const alerts = page.getByTestId('ex-alert');
    await expect(alerts.first()).toBeVisible({ timeout: 60_000 });
    const severities = await alerts.evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    const rank = { critical: 0, major: 1, minor: 2 } as Record<string, number>;
    for (let i = 1; i < severities.length; i++)
      expect(rank[severities[i]!]!).toBeGreaterThanOrEqual(rank[severities[i - 1]!]!);
    await page.screenshot({ path: path.join(shotDir, 'exec-zh.png') });

    // Drill-down: city → district.
    const crumb = page.getByTestId('ex-breadcrumb');
    await expect(crumb).toHaveText('全市');
    const rows = page.getByTestId('ex-zone-table-0').getByTestId('ex-zone-row');
    await expect(rows).toHaveCount(4);
    // Energy has a per-district column: the net load of the feeder buses in each district, MW, once the first
    // per-element energy state is in (a number in at least one row).
    const table0 = page.getByTestId('ex-zone-table-0');
    await expect(table0.locator('thead')).toContainText('净负荷');
    await expect(table0.locator('thead')).toContainText('MW');
    const energyCol = await table0
      .locator('thead th')
      .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.includes('净负荷')));
    await expect
      .poll(
        async () =>
          (
            await rows.evaluateAll((trs, i) => trs.map((tr) => tr.children[i]?.textContent ?? ''), energyCol)
          ).some((v) => /^-?[\d,.]+$/.test(v.trim())),
        { timeout: 30_000 },
      )
      .toBe(true);
    const districtName = (await rows.nth(1).locator('.ex-zone-name').innerText()).trim();
    const camera = () =>
      page.evaluate(() =>
        (window as never as { __citybrain: { execCamera?: () => unknown } }).__citybrain.execCamera?.(),
      );
    const camBefore = JSON.stringify(await camera());
    await rows.nth(1).click();
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'district');
    await expect(crumb).toContainText(districtName);
    const districtKpis = page.getByTestId('ex-zone-kpis');
    await expect(districtKpis).toBeVisible();
    const districtText = await districtKpis.innerText();
    expect(districtText).toMatch(/\d/);
    await expect(page.getByTestId('ex-card-zone').first()).toContainText(districtName);
    // The fly-to moved the 3D camera to the district.
    await expect.poll(async () => JSON.stringify(await camera()), { timeout: 10_000 }).not.toBe(camBefore);

    // District → grid cell: the numbers and the breadcrumb change.
    const cellRows = page.getByTestId('ex-zone-table-1').getByTestId('ex-zone-row');
    expect(await cellRows.count()).toBeGreaterThan(1);
    const cellName = (await cellRows.first().locator('.ex-zone-name').innerText()).trim();
    await cellRows.first().click();
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'cell');
    await expect(page.getByTestId('ex-crumb-cell')).toHaveText(cellName);
    await expect(crumb).toContainText(districtName);
    await expect.poll(async () => (await districtKpis.innerText()) !== districtText).toBe(true);
    await expect(page.getByTestId('ex-card-zone').first()).toContainText(cellName);
    await page.screenshot({ path: path.join(shotDir, 'exec-drill-zh.png') });

    // Back to the city.
    await page.getByTestId('ex-crumb-city').click();
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'city');

    // A click on the map over a district drills into it (the ground point of the click, through the map's camera);
    // then a click on the 3D view, now framing that district, drills into the grid cell under it.
    const names = (await rows.locator('.ex-zone-name').allInnerTexts()).map((n) => n.trim());
    await page.waitForTimeout(1500); // the fly back to the city
    const mapBox = (await page.getByTestId('ex-twin-map').locator('canvas').first().boundingBox())!;
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'district');
    const clicked = (await page.getByTestId('ex-crumb-district').innerText()).trim();
    expect(names).toContain(clicked);
    await page.waitForTimeout(1500); // the fly to the district
    const threeBox = (await page.getByTestId('ex-twin-three').locator('canvas').first().boundingBox())!;
    await page.mouse.click(threeBox.x + threeBox.width / 2, threeBox.y + threeBox.height / 2);
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'cell');
    await expect(crumb).toContainText(clicked);
    await page.screenshot({ path: path.join(shotDir, 'exec-click-drill-zh.png') });

    // Back to the city; English.
    await page.getByTestId('ex-crumb-city').click();
    await expect(page.getByTestId('ex-drill')).toHaveAttribute('data-level', 'city');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('ex-title')).toHaveText('City vital signs');
    await expect(page.getByTestId('ex-history-note')).toContainText(/history since \d{4}-\d{2}-\d{2}/);
    await expect(crumb).toHaveText('City');
    await expect(alert.getByTestId('ex-chip')).toHaveText(
      /^(No alert|(Blue|Yellow|Orange|Red) \((IV|III|II|I)\))$/,
    );
    await expect(table0.locator('thead')).toContainText('Net load');
    await page.screenshot({ path: path.join(shotDir, 'exec-en.png') });
  });
});
