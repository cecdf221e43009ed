/**
 * The energy grid in the 3D view, as a control-room operator meets it on the default scene with the live feed:
 * substations, storage and PV are drawn (one instance per grid-model element), each substation's transformers carry
 * the loading-band colour of its live loading (read back from the instance colours the view uploaded, so a missed
 * version check fails), the 'grid' and 'energyAssets' toggles hide what they name, and clicking a substation, a
 * storage block and a PV field selects that element. Screenshots: the whole-city view and close-ups (looked at by a
 * person: are the objects recognisable, is the glow readable?).
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { LOADING_BANDS, loadingBand } from '../../src/views/map/energyStyle.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'screenshots');
mkdirSync(shotDir, { recursive: true });

interface TestApi {
  store: {
    getState(): {
      select(sel: unknown, source: string): void;
      setLayer(id: string, visible: boolean): void;
      setLang(lang: string): void;
      selection: unknown;
    };
  };
  hotEnergy: { version: number; columns: { stationLoadingPct: Float32Array } };
  getGridModel(): {
    stationCount: number;
    stationRatingMva: Float64Array;
    storage: { count: number };
    pv: { count: number };
  } | null;
  energyProbe(view: 'map' | 'three', index?: number): Record<string, number> | null;
}

/** Waits until a live energy state has arrived and the 3D view drew that version. */
async function waitForLiveEnergy(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const cb = (window as unknown as { __citybrain: TestApi }).__citybrain;
          const v = cb.hotEnergy.version;
          const finite = Number.isFinite(cb.hotEnergy.columns.stationLoadingPct[0]);
          return finite && cb.energyProbe('three')?.['version'] === v ? v : 0;
        }),
      { timeout: 120_000, message: 'a live energy state drawn by the 3D view' },
    )
    .toBeGreaterThan(0);
}

/** Flies the 3D view to an energy element (as the operator does with F), then clears the selection. */
async function flyTo(page: Page, asset: string, index: number): Promise<void> {
  await page.evaluate(
    ([a, i]) => {
      const cb = (window as unknown as { __citybrain: TestApi }).__citybrain;
      cb.store.getState().select({ kind: 'energy', asset: a, index: i }, 'test');
    },
    [asset, index] as const,
  );
  await page.getByTestId('three-canvas').focus();
  await page.keyboard.press('f');
  await page.evaluate(() =>
    (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().select(null, 'test'),
  );
}

test.describe('energy objects in the 3D view', () => {
  const server = useServer('default');

  test('stations, storage, PV and lines follow the live state; toggles and picking work', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    await waitForLiveEnergy(page);

    // One instance per element of the client's grid model (default scene: 9 stations, 3 storage, 70 PV units).
    const counts = await page.evaluate(() => {
      const cb = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const g = cb.getGridModel();
      return { grid: g && [g.stationCount, g.storage.count, g.pv.count], probe: cb.energyProbe('three') };
    });
    expect(counts.grid).toEqual([9, 3, 70]);
    const p = counts.probe ?? {};
    expect([p['stations'], p['storage'], (p['pvRoofs'] ?? 0) + (p['pvFields'] ?? 0)]).toEqual([9, 3, 70]);
    expect(p['pvRoofs'], 'rooftop PV units (on or next to a building)').toBeGreaterThan(50);
    expect(p['hvSegments'], 'HV line segments').toBeGreaterThan(8);
    expect(p['feederSegments'], 'feeder section segments').toBeGreaterThan(622);

    // Every station's transformers carry the band colour of its live loading. Read in one evaluate, and polled:
    // a new state may land between reading the loading and the (paced) redraw.
    await expect
      .poll(
        async () => {
          const rows = await page.evaluate(() => {
            const cb = (window as unknown as { __citybrain: TestApi }).__citybrain;
            const out: { pct: number; rgb: number[]; same: boolean }[] = [];
            for (let i = 0; i < 9; i++) {
              const pr = cb.energyProbe('three', i);
              out.push({
                pct: cb.hotEnergy.columns.stationLoadingPct[i] ?? Number.NaN,
                rgb: [pr?.['stationR'] ?? -1, pr?.['stationG'] ?? -1, pr?.['stationB'] ?? -1],
                same: pr?.['version'] === cb.hotEnergy.version,
              });
            }
            return out;
          });
          if (!rows.every((r) => r.same)) return 'redraw pending';
          const bad = rows.filter((r) => {
            const band = LOADING_BANDS[loadingBand(r.pct)];
            return !band || !band.color.every((c, k) => c === r.rgb[k]);
          });
          return bad.length === 0 ? 'ok' : JSON.stringify(bad);
        },
        { timeout: 30_000, message: 'station transformer colours = loading band of the live loading' },
      )
      .toBe('ok');

    await expectNonBlank(page, page.getByTestId('three-canvas'), '3D view with energy objects');
    await expect(page.getByTestId('energy-3d-key')).toContainText('荷电状态');
    await page.getByTestId('three-canvas').screenshot({ path: path.join(shotDir, 'energy-3d-city.png') });

    // Layer toggles: 'grid' hides the lines, 'energyAssets' the objects.
    const visible = () =>
      page.evaluate(() => {
        const pr = (window as unknown as { __citybrain: TestApi }).__citybrain.energyProbe('three');
        return [pr?.['gridVisible'], pr?.['assetsVisible']];
      });
    const setLayer = (id: string, on: boolean) =>
      page.evaluate(
        ([i, o]) =>
          (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLayer(i, o),
        [id, on] as const,
      );
    await setLayer('grid', false);
    await expect.poll(visible).toEqual([0, 1]);
    await setLayer('energyAssets', false);
    await expect.poll(visible).toEqual([0, 0]);
    await expect(page.getByTestId('energy-3d-key')).toBeHidden();
    await setLayer('grid', true);
    await setLayer('energyAssets', true);
    await expect.poll(visible).toEqual([1, 1]);

    // Picking: with the point-marker layers off (a power-asset diamond stands on each station), a click on a
    // transformer, a storage block, a rooftop PV panel and the PV field selects that element.
    for (const id of ['sensors', 'power', 'pois', 'incidents']) await setLayer(id, false);
    const targets = [
      { asset: 'station', index: 0, key: 'station' },
      { asset: 'storage', index: 1, key: 'storage' },
    ];
    // A rooftop PV unit and the standalone PV field (pvOnRoof 1 / 0).
    const pv = await page.evaluate(() => {
      const cb = (window as unknown as { __citybrain: TestApi }).__citybrain;
      let roof = -1;
      let field = -1;
      for (let i = 0; i < 70; i++) {
        const on = cb.energyProbe('three', i)?.['pvOnRoof'];
        if (on === 1 && roof < 0) roof = i;
        if (on === 0 && field < 0) field = i;
      }
      return { roof, field };
    });
    expect(pv.roof).toBeGreaterThanOrEqual(0);
    expect(pv.field).toBeGreaterThanOrEqual(0);
    targets.push({ asset: 'pv', index: pv.roof, key: 'pv' }, { asset: 'pv', index: pv.field, key: 'pv' });
    for (const t of targets) {
      await flyTo(page, t.asset, t.index);
      // Where the element is drawn, once the fly-to has settled (two equal reads 300 ms apart, on screen).
      let last = '';
      let at: number[] = [-1, -1];
      await expect
        .poll(
          async () => {
            at = await page.evaluate(
              ([i, k]) => {
                const pr = (window as unknown as { __citybrain: TestApi }).__citybrain.energyProbe(
                  'three',
                  i,
                );
                return [Math.round(pr?.[`${k}Px`] ?? -1), Math.round(pr?.[`${k}Py`] ?? -1)];
              },
              [t.index, t.key] as const,
            );
            const settled = at[0]! > 0 && JSON.stringify(at) === last;
            last = JSON.stringify(at);
            return settled;
          },
          {
            timeout: 30_000,
            intervals: [300],
            message: `${t.asset} ${t.index} drawn on screen after the fly-to`,
          },
        )
        .toBe(true);
      await page.screenshot({ path: path.join(shotDir, `energy-3d-${t.asset}-${t.index}.png`) });
      await page.mouse.click(at[0] as number, at[1] as number);
      await expect
        .poll(() =>
          page.evaluate(
            () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().selection,
          ),
        )
        .toEqual({ kind: 'energy', asset: t.asset, index: t.index });
    }
  });

  test('the wall display shows the grid over the whole city', async ({ page }) => {
    await openApp(page, server(), '/wall');
    await waitForLiveEnergy(page);
    await expectNonBlank(page, page.getByTestId('three-canvas'), 'wall 3D view with energy objects');
    await page.screenshot({ path: path.join(shotDir, 'energy-3d-wall.png') });
    await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang('en'),
    );
    await expect(page.getByTestId('energy-3d-key')).toContainText('state of charge');
  });
});
