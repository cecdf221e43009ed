/**
 * The planner (/plan, issue 7) as a planner uses it at 1920×1080 on the default scene: fork the live twin, add a lever
 * in every domain (traffic demand, energy heat wave, a 50-year rainstorm, a work-order surge), cancel a long run, run
 * a short one with progress, read the KPI delta table of every domain, save it, open the share URL in a fresh page
 * (which re-runs it) and get bit-identical KPIs with the "identical" check; export the CSV (parsed: rows equal the
 * table's exact values) and the PNG report.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { parseCsv, UTF8_BOM } from '../../src/plan/report.ts';
import { openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'shots');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: { getState(): { simTimeMs: number } };
}

/** The delta table as key → [baseline, scenario] (exact numbers from the rows' data attributes). */
async function tableValues(page: Page): Promise<Map<string, [number, number]>> {
  const rows = await page
    .getByTestId('pl-kpi-row')
    .evaluateAll((els) =>
      els.map((e) => [
        e.getAttribute('data-key') ?? '',
        e.getAttribute('data-baseline') ?? '',
        e.getAttribute('data-scenario') ?? '',
      ]),
    );
  return new Map(rows.map(([k, b, s]) => [k!, [Number(b), Number(s)] as [number, number]]));
}

test.describe('planner', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  const server = useServer('default');

  test('fork, levers in every domain, run, save, share URL re-runs identically, export CSV + PNG', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openApp(page, server(), '/plan');
    await page.waitForFunction(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().simTimeMs > 0,
    );
    await page.getByTestId('pl-fork-now').click();
    await expect(page.getByTestId('pl-fork-facts')).not.toHaveAttribute('data-start', '');
    await page.getByTestId('pl-name').fill('e2e 暴雨+热浪, "A"');

    // One lever per domain, none of which needs a map selection.
    await page.getByTestId('pl-traffic-kind').selectOption('demandByDistrict');
    await page.getByTestId('pl-traffic-pct').fill('30');
    await page.getByTestId('pl-traffic-add').click();
    await expect(page.getByTestId('pl-lever-traffic')).toHaveCount(1);
    // A road closure without a selected link is refused next to the field, not added.
    await page.getByTestId('pl-traffic-kind').selectOption('closeLink');
    await page.getByTestId('pl-traffic-add').click();
    await expect(page.getByTestId('pl-traffic-error')).toBeVisible();
    await expect(page.getByTestId('pl-lever-traffic')).toHaveCount(1);

    await page.getByTestId('pl-energy-kind').selectOption('heatWave');
    await page.getByTestId('pl-energy-heat').fill('20');
    await page.getByTestId('pl-energy-add').click();
    await expect(page.getByTestId('pl-lever-energy')).toHaveCount(1);

    await page.getByTestId('pl-resilience-kind').selectOption('rainstorm');
    await page.getByTestId('pl-resilience-rp').selectOption('50');
    await page.getByTestId('pl-resilience-duration').selectOption('60');
    await page.getByTestId('pl-resilience-add').click();
    await expect(page.getByTestId('pl-lever-resilience')).toHaveCount(1);

    await page.getByTestId('pl-workload-kind').selectOption('surgePct');
    await page.getByTestId('pl-workload-value').fill('50');
    await page.getByTestId('pl-workload-add').click();
    await expect(page.getByTestId('pl-lever-workload')).toHaveCount(1);
    for (const d of ['traffic', 'energy', 'resilience', 'workload'])
      await expect(page.getByTestId(`pl-lever-error-${d}`)).toHaveCount(0);

    // A long run cancels cleanly.
    await page.getByTestId('pl-horizon').selectOption('48');
    await page.getByTestId('pl-run').click();
    await expect(page.getByTestId('pl-progress')).toBeVisible();
    await page.getByTestId('pl-cancel').click();
    await expect(page.getByTestId('pl-run-state')).toHaveAttribute('data-phase', 'cancelled');

    // The real run: 2 h.
    await page.getByTestId('pl-horizon').selectOption('2');
    await page.getByTestId('pl-run').click();
    await expect(page.getByTestId('pl-progress')).toBeVisible();
    await page.screenshot({ path: path.join(shotDir, 'planner-running-zh.png') });
    await expect(page.getByTestId('pl-kpi-table')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('pl-run-error')).toHaveCount(0);
    for (const d of ['traffic', 'energy', 'resilience', 'workload']) {
      const n = Number(await page.getByTestId(`pl-kpi-group-${d}`).getAttribute('data-count'));
      expect(n, `KPIs of ${d} in the delta table`).toBeGreaterThan(0);
    }
    const first = await tableValues(page);
    expect(first.size).toBeGreaterThan(4);
    await expect(page.getByTestId('pl-chart').first()).toBeVisible();
    await page.screenshot({ path: path.join(shotDir, 'planner-result-zh.png') });

    // Save; the share URL names the saved scenario.
    await page.getByTestId('pl-save').click();
    const share = page.getByTestId('pl-share-url');
    await expect(share).toBeVisible();
    const url = await share.inputValue();
    const id = new URL(url).searchParams.get('scenario');
    expect(id, `scenario id in ${url}`).toBeTruthy();
    await expect(page.getByTestId('pl-saved-item').filter({ hasText: 'e2e 暴雨+热浪' })).toHaveCount(1);

    // CSV: the download parses, its rows are the table's exact values.
    const [csvDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('pl-export-csv').click(),
    ]);
    const csvText = readFileSync(await csvDl.path(), 'utf8');
    expect(csvText.startsWith(UTF8_BOM), 'CSV starts with a UTF-8 BOM').toBe(true);
    const rows = parseCsv(csvText);
    expect(rows[0]).toEqual([
      'domain',
      'id',
      'label_zh',
      'label_en',
      'unit',
      'baseline',
      'scenario',
      'delta',
      'delta_pct',
      'basis',
    ]);
    const body = rows.slice(1);
    expect(body.length).toBe(first.size);
    for (const r of body) {
      const v = first.get(`${r[0]}.${r[1]}`);
      expect(v, `CSV row ${r[0]}.${r[1]} is in the table`).toBeDefined();
      const num = (s: string | undefined) => (s === '' || s === undefined ? Number.NaN : Number(s));
      expect(num(r[5])).toBe(v![0]);
      expect(num(r[6])).toBe(v![1]);
    }

    // The report: a PNG and the CSV again.
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    // The two files may arrive in either order (the PNG is drawn first, the CSV is not): wait for the PNG by name.
    const [pngDl] = await Promise.all([
      page.waitForEvent('download', { predicate: (d) => /report\.png$/.test(d.suggestedFilename()) }),
      page.getByTestId('pl-export').click(),
    ]);
    const png = readFileSync(await pngDl.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await pngDl.saveAs(path.join(shotDir, 'planner-report.png'));
    await expect.poll(() => downloads.length).toBe(2);
    expect(downloads.filter((n) => n.endsWith('-kpis.csv'))).toHaveLength(1);

    // The share URL, opened afresh: loads the saved scenario, re-runs it, identical KPIs. (No wait for the views'
    // ready flags: the check needs the scenario worker, not the drawn city.)
    const shared = new URL(url);
    shared.searchParams.set('test', '1');
    await page.goto(shared.href);
    const check = page.getByTestId('pl-rerun-check');
    await expect(check).toBeVisible({ timeout: 150_000 });
    await expect(check).toHaveAttribute('data-identical', 'true');
    await expect(page.getByTestId('pl-lever-resilience')).toHaveCount(1);
    await expect(page.getByTestId('pl-name')).toHaveValue('e2e 暴雨+热浪, "A"');
    const second = await tableValues(page);
    expect([...second.entries()]).toEqual([...first.entries()]);
    await page.screenshot({ path: path.join(shotDir, 'planner-rerun-zh.png') });
    await page.getByTestId('lang-switch').click();
    await page.screenshot({ path: path.join(shotDir, 'planner-rerun-en.png') });

    // Delete it from the list.
    const item = page.getByTestId('pl-saved-item').filter({ hasText: 'e2e 暴雨+热浪' });
    await item.getByTestId('pl-saved-delete').click();
    await item.getByTestId('pl-saved-delete-confirm').click();
    await expect(page.getByTestId('pl-saved-item').filter({ hasText: 'e2e 暴雨+热浪' })).toHaveCount(0);
  });
});
