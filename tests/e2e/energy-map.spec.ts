/**
 * The live grid on the map, against the real server: once the energy feed has delivered a state, every feeder
 * section is drawn in the loading band of its live loading (read back from the colours deck uploaded, so a missed
 * updateTrigger fails), flow dots move, a click on a substation selects it and the inspector shows it, the legends
 * explain bands, sizes, SoC rings and alarm marks in both languages, and the map is screenshotted for a look.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { LOADING_BANDS, NO_LOADING_COLOR, loadingBand } from '../../src/views/map/energyStyle.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'screenshots');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: {
    getState(): {
      select(sel: unknown, source: string): void;
      setLang(l: string): void;
      setLayer(id: string, on: boolean): void;
      selection: unknown;
    };
  };
  hotEnergy: {
    version: number;
    columns: { sectionLoadingPct: Float32Array; busVoltagePu: Float32Array; stationLoadMw: Float32Array };
  };
  getGridModel(): { busCount: number; stationCount: number; stationName: string[] } | null;
  energyProbe(view: 'map' | 'three', index?: number): Record<string, number> | null;
  screenPosOf(sel: unknown): { map: [number, number] | null; three: [number, number] | null };
}

/** Waits until the energy feed delivered a state and the map drew it. */
async function waitForLiveGrid(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
          const p = a.energyProbe('map');
          return a.hotEnergy.version > 0 && p !== null && p['version'] === a.hotEnergy.version ? 1 : 0;
        }),
      { timeout: 120_000, message: 'a live energy state drawn by the map (hotEnergy.version > 0)' },
    )
    .toBe(1);
}

test.describe('live grid on the map', () => {
  const server = useServer('default');

  test('sections in their loading band, moving flow, a substation picked, legends in zh and en', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    await waitForLiveGrid(page);

    // Every section: the colour deck uploaded equals the band colour of its live loading (grey when dead). Read in
    // one evaluate (no state can land in between) and only when the map drew the current state; polled.
    await expect
      .poll(
        async () => {
          const r = await page.evaluate(() => {
            const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
            const g = a.getGridModel();
            const p0 = a.energyProbe('map');
            if (!g || !p0 || p0['version'] !== a.hotEnergy.version) return null;
            const c = a.hotEnergy.columns;
            let top = 0;
            for (let i = 1; i < g.busCount; i++)
              if ((c.sectionLoadingPct[i] ?? 0) > (c.sectionLoadingPct[top] ?? 0)) top = i;
            const rows: { i: number; pct: number; dead: boolean; rgba: number[] }[] = [];
            for (let i = 0; i < g.busCount; i++) {
              const p = a.energyProbe('map', i);
              rows.push({
                i,
                pct: c.sectionLoadingPct[i] ?? Number.NaN,
                dead: c.busVoltagePu[i] === 0,
                rgba: [
                  p?.['sectionR'] ?? -1,
                  p?.['sectionG'] ?? -1,
                  p?.['sectionB'] ?? -1,
                  p?.['sectionA'] ?? -1,
                ],
              });
            }
            return { top, rows };
          });
          if (!r) return 0;
          let ok = 0;
          let topOk = false;
          for (const row of r.rows) {
            const b = row.dead ? -1 : loadingBand(row.pct);
            const want = b < 0 ? [...NO_LOADING_COLOR, 130] : [...(LOADING_BANDS[b]?.color ?? []), 235];
            const same = want.every((v, k) => v === row.rgba[k]);
            if (same) ok++;
            if (same && row.i === r.top) topOk = true;
          }
          const top = r.rows[r.top];
          console.log(
            `energy-map: ${ok}/${r.rows.length} sections in their band; highest loading: section ${r.top} at ${top?.pct.toFixed(1)} % drawn ${JSON.stringify(top?.rgba)}`,
          );
          return topOk && ok === r.rows.length ? 1 : 0;
        },
        { timeout: 60_000, message: 'every section drawn in the band colour of its live loading' },
      )
      .toBe(1);

    // Flow dots are laid out and animate; report the per-frame cost of the dot update.
    const f0 = (await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.energyProbe('map'),
    )) as Record<string, number>;
    expect(f0['flowDots']).toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          ((await page.evaluate(() =>
            (window as unknown as { __citybrain: TestApi }).__citybrain.energyProbe('map'),
          )) ?? {})['flowFrames'] ?? 0,
        { timeout: 90_000, message: 'flow-dot frames drawn' },
      )
      .toBeGreaterThanOrEqual((f0['flowFrames'] ?? 0) + 3);
    const f1 = (await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.energyProbe('map'),
    )) as Record<string, number>;
    console.log(
      `energy-map: ${f1['flowDots']} flow dots, ${f1['flowFrames']} frames, update mean ${(f1['flowMeanMs'] ?? 0).toFixed(3)} ms, max ${(f1['flowMaxMs'] ?? 0).toFixed(3)} ms`,
    );
    // Budget: well under a 16 ms frame even on the shared software-WebGL runner (measured 0.2–0.7 ms there).
    expect(f1['flowMeanMs']).toBeLessThan(5);

    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map view with the live grid');
    await page.screenshot({ path: path.join(shotDir, 'energy-map-city.png') });

    // Click substations (largest load first) until a click selects one; the inspector shows it.
    const stations = await page.evaluate(() => {
      const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const g = a.getGridModel();
      if (!g) return [];
      const out: { index: number; name: string; mw: number; pos: [number, number] | null }[] = [];
      for (let s = 0; s < g.stationCount; s++)
        out.push({
          index: s,
          name: g.stationName[s] ?? '',
          mw: a.hotEnergy.columns.stationLoadMw[s] ?? 0,
          pos: a.screenPosOf({ kind: 'energy', asset: 'station', index: s }).map,
        });
      return out.sort((x, y) => y.mw - x.mw);
    });
    const tried: string[] = [];
    let picked: (typeof stations)[number] | null = null;
    for (const s of stations) {
      if (!s.pos) continue;
      await page.keyboard.press('Escape');
      await page.mouse.click(s.pos[0], s.pos[1]);
      await page.waitForTimeout(300);
      const sel = await page.evaluate(
        () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection,
      );
      if (JSON.stringify(sel) === JSON.stringify({ kind: 'energy', asset: 'station', index: s.index })) {
        picked = s;
        break;
      }
      tried.push(`station ${s.index} → ${JSON.stringify(sel)}`);
    }
    expect(picked, `no click selected a station: ${tried.join(', ')}`).not.toBeNull();
    const inspector = page.getByTestId('inspector');
    await expect(page.getByTestId('inspector-kind')).toHaveText('变电站');
    await expect(inspector).toContainText(picked?.name ?? '?');

    // Legends: bands with the source, size scale in MW, SoC ring, alarm marks — in Chinese, then English.
    const grid = page.getByTestId('legend-grid');
    const assets = page.getByTestId('legend-energyAssets');
    const alarms = page.getByTestId('legend-energyAlarms');
    await expect(grid).toContainText('Q/GDW 1738-2012');
    await expect(grid).toContainText('重载 · 80–100 %');
    await expect(grid).toContainText('反向潮流');
    await expect(assets).toContainText('100 MW');
    await expect(assets).toContainText('SoC');
    await expect(alarms).toContainText('电压越限');
    await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang('en'),
    );
    await expect(grid).toContainText('overload · > 100 %');
    await expect(assets).toContainText('state-of-charge ring');
    await expect(alarms).toContainText('voltage out of limits');

    // A closer look: fly to the picked substation with the traffic layers off, the way a grid operator works.
    await page.evaluate(() => {
      const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
      for (const id of ['traffic', 'vehicles', 'sensors', 'pois']) s.setLayer(id, false);
    });
    await page.getByTestId('inspector-fly-to').click();
    await page.waitForTimeout(5000);
    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map view zoomed on a substation');
    await page.screenshot({ path: path.join(shotDir, 'energy-map-station.png') });
  });
});
