/**
 * The resilience journey an operator would make in /ops: with no hazard, the panel says so; trigger a short, intense
 * design rainstorm from the panel's own controls; the hazard appears with its alert chip in the warning colour, the
 * lifecycle phase, who is notified; exposure counts and cascade steps arrive with the server's real numbers (checked
 * against the store the feed filled); clicking a cascade step shows it in the inspector; Acknowledge round-trips to
 * the server; English works; the overview's resilience tile shows the hazard. A second test feeds the panel a crafted
 * snapshot to check the summaries of the other hazards (earthquake, heat, fire, shelters, outage) and the cap on the
 * cascade rows.
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

interface HzState {
  hzVersion: number;
  hzHazards: { id: string; alertLevel: number; acknowledged: boolean; phase: string; kind: string }[];
  hzExposure: { hazardId: string; people: number; buildings: number }[];
  hzCascade: { id: string; kind: string; x: number | null; title: { zh: string; en: string } }[];
  hzLifelines: { powerPct: number; roadsPct: number; waterPct: number }[];
  selection: { kind: string; id?: string } | null;
  applyHazardSnapshot(s: unknown): void;
}
interface TestApi {
  store: { getState(): HzState };
}

/** Reads a value out of the store in the page. */
function hz<T>(page: Page, fn: (s: HzState) => T): Promise<T> {
  return page.evaluate((src) => {
    const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
    return (new Function('s', `return (${src})(s)`) as (s: HzState) => T)(s);
  }, fn.toString());
}

/**
 * Screenshots the whole panel: the dock scrolls, so the viewport is made tall enough for the panel to lie in it whole
 * (the element screenshot would otherwise show only the dock's visible part), then restored.
 */
async function shootPanel(page: Page, file: string): Promise<void> {
  const panel = page.getByTestId('resilience-panel');
  const before = page.viewportSize() ?? { width: 1600, height: 900 };
  // The whole dock must fit: the panel is one of several panels stacked in it.
  const dockH = await panel.evaluate((el) => (el.closest('.dock') ?? el).scrollHeight);
  await page.setViewportSize({
    width: before.width,
    height: Math.min(12_000, Math.max(before.height, dockH + 300)),
  });
  await panel.screenshot({ path: path.join(lookDir, file) });
  await page.setViewportSize(before);
}

test.describe('resilience panel', () => {
  const server = useServer('default');

  test('trigger a rainstorm from /ops: alert chip, exposure, cascade, inspector, acknowledge, English, tile', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    await openApp(page, server(), '/ops');
    const panel = page.getByTestId('resilience-panel');
    await expect(panel).toBeVisible();
    // Live with no hazard: the panel says so, with the lifelines at full service once the server reported them.
    await expect(panel.getByTestId('rp-no-hazard')).toBeVisible({ timeout: 90_000 });
    await expect(panel.getByTestId('rp-no-hazard')).toContainText('当前无活动灾害');

    // Validation: a return period out of range names the field and the range; nothing can be sent.
    const controls = panel.getByTestId('rp-controls');
    await controls.getByTestId('rp-tab-rainstorm').click();
    await controls.getByTestId('rp-rain-return').fill('5000');
    await expect(controls.getByTestId('rp-control-errors')).toContainText('重现期');
    await expect(controls.getByTestId('rp-control-errors')).toContainText('1–1000');
    await expect(controls.getByTestId('rp-trigger')).toBeDisabled();

    // A short, intense storm starting now: 500-year return period, 30 minutes, no lead time.
    await controls.getByTestId('rp-rain-return').fill('500');
    await controls.getByTestId('rp-rain-duration').fill('30');
    await controls.getByTestId('rp-rain-lead').fill('0');
    await expect(controls.getByTestId('rp-rain-preview')).toContainText('mm/h');
    await controls.getByTestId('rp-trigger').click();
    const status = controls.getByTestId('rp-control-status');
    await expect(status).toContainText(/已触发 HZ-\d{4}/, { timeout: 15_000 });
    const id = ((await status.textContent()) ?? '').match(/HZ-\d+/)?.[0] ?? '';
    expect(id).not.toBe('');

    // The hazard card: its alert chip in the warning colour of its level, phase step bar, notified list.
    const card = panel.locator(`[data-testid="rp-hazard"][data-id="${id}"]`);
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(() => hz(page, (s) => s.hzHazards.find((h) => h.alertLevel > 0)?.alertLevel ?? 0), {
        timeout: 90_000,
      })
      .toBeGreaterThan(0);
    const chip = card.getByTestId('rp-alert-chip');
    await expect(chip).toHaveText(/(蓝色|黄色|橙色|红色)预警/, { timeout: 30_000 });
    const level = Number(await chip.getAttribute('data-level'));
    const colours = ['', 'rgb(47, 125, 225)', 'rgb(242, 196, 0)', 'rgb(245, 124, 0)', 'rgb(224, 36, 36)'];
    await expect(chip).toHaveCSS('background-color', colours[level] ?? '');
    await expect(card.getByTestId('rp-phase')).toBeVisible();
    await expect(card.getByTestId('rp-notified')).toContainText('已通知');

    // Exposure with real numbers: the people shown are the store's (what the server sent), and more than none.
    const exposure = panel.locator(`[data-testid="rp-exposure"][data-hazard="${id}"]`);
    await expect
      .poll(async () => Number((await exposure.getAttribute('data-people').catch(() => null)) ?? 0), {
        timeout: 150_000,
      })
      .toBeGreaterThan(0);
    const shown = await exposure.getAttribute('data-people');
    const stored = await hz(page, (s) => s.hzExposure.map((e) => [e.hazardId, e.people] as const));
    expect(stored.some(([h, p]) => h === id && String(p) === shown)).toBe(true);
    await expect(exposure.getByTestId('rp-exposed-people')).toHaveText(/^[\d,.]+( 万)?$/);

    // Cascade steps: rendered from the store, newest first.
    const steps = panel.getByTestId('rp-step');
    await expect.poll(() => steps.count(), { timeout: 120_000 }).toBeGreaterThan(1);
    const storeIds = await hz(page, (s) => s.hzCascade.map((c) => c.id));
    const firstShown = await steps.first().getAttribute('data-id');
    expect(storeIds[storeIds.length - 1]).toBe(firstShown);

    // Lifelines: three numbers with % and the recovery chart.
    await expect(panel.getByTestId('rp-lifeline-roads')).toContainText('%');
    await expect(panel.getByTestId('rp-lifeline-chart')).toBeVisible();

    // Click a located step (a road closed, an asset exposed…) among the rows shown: the inspector shows that step.
    const rendered = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    const located = await page.evaluate((ids) => {
      const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
      const wanted = new Set(ids);
      const c = [...s.hzCascade]
        .reverse()
        .find((x) => wanted.has(x.id) && x.x !== null && x.kind !== 'alert');
      return c ? { id: c.id, title: c.title.zh } : null;
    }, rendered);
    const target = located ?? { id: firstShown ?? '', title: '' };
    await panel.locator(`[data-testid="rp-step"][data-id="${target.id}"]`).first().click();
    await expect.poll(() => hz(page, (s) => s.selection)).toEqual({ kind: 'cascade', id: target.id });
    const inspector = page.getByTestId('inspector');
    await expect(inspector.getByTestId('inspector-kind')).toContainText('连锁影响');
    await expect(inspector).toContainText(target.id);
    if (target.title) await expect(inspector).toContainText(target.title);

    // Acknowledge: the server records it and the next message says so.
    await card.getByTestId('rp-ack').click();
    await expect(card.getByTestId('rp-acked')).toBeVisible({ timeout: 30_000 });
    expect(await hz(page, (s) => s.hzHazards.find((h) => h.acknowledged)?.id)).toBe(id);

    await shootPanel(page, 'resilience-panel-zh.png');
    await page.screenshot({ path: path.join(shotDir, 'resilience-ops-zh.png') });

    // The overview tile (a second page on the same server) shows the hazard: active count, alert chip, exposed.
    const overview = await page.context().newPage();
    await openApp(overview, server(), '/');
    const tile = overview.getByTestId('kpi-resilience');
    await expect(tile).toHaveAttribute('data-active', /^[1-9]\d*$/, { timeout: 60_000 });
    await expect(tile.getByTestId('rp-alert-chip')).toBeVisible();
    await expect(tile.getByTestId('kpi-resilience-exposed')).toContainText('暴露');
    await expect(overview.getByTestId('kpis').locator('.kpi.pending')).toHaveCount(0);
    await overview.getByTestId('kpis').screenshot({ path: path.join(lookDir, 'resilience-tile.png') });
    await overview.close();

    // English.
    await page.getByTestId('lang-switch').click();
    await expect(panel).toContainText('Resilience');
    await expect(card).toContainText('Rainstorm waterlogging');
    await expect(chip).toHaveText(/(Blue|Yellow|Orange|Red) alert/);
    await expect(panel.getByTestId('rp-cascade')).toContainText('Cascade timeline');
    await expect(exposure).toContainText('people');
    await shootPanel(page, 'resilience-panel-en.png');

    // A second rainstorm while one runs: the server refuses, and its reason is shown verbatim.
    await controls.getByTestId('rp-trigger').click();
    await expect(status).toContainText('Refused by the server', { timeout: 15_000 });
    await expect(status).toContainText(`already running (${id})`);

    // Cancel: the hazard is over, the panel says no hazard is active (the over one stays listed, dimmed).
    await card.getByTestId('rp-cancel').click();
    await expect(card).toHaveAttribute('data-phase', 'over', { timeout: 30_000 });
    await expect(panel.getByTestId('rp-no-hazard')).toContainText('No active hazard');
  });

  test('summaries of the other hazards and a capped cascade, from a crafted snapshot', async ({ page }) => {
    await openApp(page, server(), '/ops');
    const panel = page.getByTestId('resilience-panel');
    await expect(panel).toBeVisible();
    await expect.poll(() => hz(page, (s) => s.hzVersion), { timeout: 60_000 }).toBeGreaterThan(0);
    // A crafted state far ahead in sequence, so the live stream does not overwrite it during the check.
    await page.evaluate(() => {
      const T = 1_772_400_000_000;
      const t2 = (zh: string, en: string) => ({ zh, en });
      const hazard = (id: string, kind: string, spec: unknown, level: number, phase: string) => ({
        id,
        kind,
        spec,
        label: t2(`${kind} 演练`, `${kind} drill`),
        triggeredMs: T,
        onsetMs: T,
        endMs: null,
        phase,
        alertLevel: level,
        alertSinceMs: T,
        acknowledged: false,
        notified: [t2('区应急局', 'District emergency bureau'), t2('消防救援支队', 'Fire brigade')],
        headline: { label: t2('最大地面加速度', 'Max PGA'), value: 0.31, unit: 'g' },
        overMs: null,
      });
      const cascade = [];
      for (let i = 1; i <= 150; i++)
        cascade.push({
          id: `HZ-0901/${String(i).padStart(4, '0')}`,
          hazardId: 'HZ-0901',
          simTimeMs: T + i * 60_000,
          system: i % 2 === 0 ? 'power' : 'buildings',
          kind: i % 2 === 0 ? 'stationTripped' : 'buildingDamaged',
          ref: null,
          x: null,
          y: null,
          severity: 2,
          title: t2(`第 ${i} 步`, `Step ${i}`),
          why: t2('原因', 'because'),
          causes: i > 1 ? [`HZ-0901/${String(i - 1).padStart(4, '0')}`] : [],
        });
      const api = (
        window as unknown as {
          __citybrain: { store: { getState(): { applyHazardSnapshot(s: unknown): void } } };
        }
      ).__citybrain;
      api.store.getState().applyHazardSnapshot({
        message: {
          seq: 900_000_000,
          simTimeMs: T + 150 * 60_000,
          hazards: [
            hazard(
              'HZ-0901',
              'earthquake',
              { kind: 'earthquake', x: 0, y: 0, magnitude: 6.5, depthKm: 10 },
              4,
              'response',
            ),
            hazard(
              'HZ-0902',
              'heat',
              { kind: 'heat', leadMin: 0, durationH: 72, peakTempC: 40, humidityPct: 60 },
              2,
              'warning',
            ),
            hazard('HZ-0903', 'fire', { kind: 'fire', building: 5 }, 3, 'recovery'),
          ],
          exposure: [
            {
              hazardId: 'HZ-0901',
              people: 23456,
              buildings: 812,
              assets: [],
              byDistrict: [{ zone: 0, people: 23456, buildings: 812 }],
            },
          ],
          cascade,
          lifelines: { simTimeMs: T + 150 * 60_000, powerPct: 72.5, roadsPct: 88.1, waterPct: 50 },
          shelters: [
            { poi: 0, capacity: 1000, occupants: 640, open: true },
            { poi: 1, capacity: 500, occupants: 0, open: false },
          ],
          evacuation: null,
          outage: {
            stations: [1],
            feeders: [2, 3],
            areas: [],
            buildings: 345,
            shedMw: 12.5,
            darkSignalNodes: [4, 5, 6],
          },
          closedLinks: [],
          flood: null,
          quake: {
            hazardId: 'HZ-0901',
            damageStates: [15000, 3000, 1500, 400, 100],
            displacedPeople: 5400,
            casualties: [120, 30, 4, 2],
            shelterDemand: 2600,
            maxPgaG: 0.31,
          },
          heat: {
            hazardId: 'HZ-0902',
            tempC: 40,
            humidityPct: 60,
            heatIndexC: 59.2,
            districts: [
              { zone: 0, risk: 0.8, level: 3 },
              { zone: 1, risk: 0.4, level: 1 },
            ],
            loadIncreaseMw: 37.5,
          },
          fire: {
            hazardId: 'HZ-0903',
            building: 5,
            spreadRisk: 3,
            buildingsAtRisk: [6, 7, 8],
            spreadRadiusM: 45,
            station: 0,
            travelTimeS: 420,
            routePath: [],
            standardS: 300,
          },
        },
        lifelineHistory: [
          { simTimeMs: T, powerPct: 100, roadsPct: 100, waterPct: 100 },
          { simTimeMs: T + 60 * 60_000, powerPct: 40, roadsPct: 70, waterPct: 30 },
          { simTimeMs: T + 150 * 60_000, powerPct: 72.5, roadsPct: 88.1, waterPct: 50 },
        ],
      });
    });
    await expect(panel.getByTestId('rp-hazard')).toHaveCount(3);
    // Highest alert first: red earthquake, orange fire, yellow heat.
    await expect(panel.getByTestId('rp-hazard').first()).toHaveAttribute('data-id', 'HZ-0901');
    await expect(panel.getByTestId('rp-quake')).toContainText('5,400');
    await expect(panel.getByTestId('rp-quake')).toContainText('0.31 g');
    await expect(panel.getByTestId('rp-heat')).toContainText('59.2');
    await expect(panel.getByTestId('rp-heat')).toContainText('37.5');
    await expect(panel.getByTestId('rp-fire')).toContainText('7.0');
    await expect(panel.getByTestId('rp-fire')).toContainText('超标');
    await expect(panel.getByTestId('rp-shelters')).toContainText('640 / 1,000');
    await expect(panel.getByTestId('rp-outage')).toContainText('345');
    await expect(panel.getByTestId('rp-outage')).toContainText('12.5');
    await expect(panel.getByTestId('rp-lifeline-power')).toHaveAttribute('data-value', '72.5');
    await expect(panel.getByTestId('rp-lifeline-chart')).toHaveAttribute('data-points', '3');
    // 150 steps, 60 drawn, the rest counted; the newest first, its cause linked.
    await expect(panel.getByTestId('rp-step')).toHaveCount(60);
    await expect(panel.getByTestId('rp-more-steps')).toContainText('90');
    await expect(panel.getByTestId('rp-step').first()).toHaveAttribute('data-id', 'HZ-0901/0150');
    await panel.getByTestId('rp-step').first().getByTestId('rp-cause').click();
    await expect.poll(() => hz(page, (s) => s.selection)).toEqual({ kind: 'cascade', id: 'HZ-0901/0149' });
    // Keyboard: focus a hazard card and press Enter → selected.
    await panel.getByTestId('rp-hazard').nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hz(page, (s) => s.selection)).toEqual({ kind: 'hazard', id: 'HZ-0903' });
    await shootPanel(page, 'resilience-panel-summaries.png');
  });
});
