/**
 * The live traffic journey of a control-room operator, against the real server: after ready, the map's road links
 * carry the congestion colour of their live speed (read back from the colours deck uploaded, so a missed
 * updateTrigger fails), the legend explains colours and widths with units in both languages, and vehicles are
 * drawn and MOVE in both views (the views' frame probes advance and the pixels around the busiest link change).
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { CONGESTION_BANDS, congestionBand } from '../../src/views/map/trafficStyle.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const shotDir = path.join(repoRoot, 'test-results', 'screenshots');
mkdirSync(shotDir, { recursive: true });

type View = 'map' | 'three';
interface TestApi {
  store: { getState(): { select(sel: unknown, source: string): void; setLang(l: string): void } };
  getModel(): { roads: { linkCount: number; freeSpeedKph: Float32Array } } | null;
  hotTraffic: { version: number; linkCount: number; speedKph: Float32Array; flowVph: Float32Array };
  hotVehicles: { version: number; trips: { count: number } };
  trafficProbe(view: View, link?: number): Record<string, number> | null;
}

/** Waits until live link state and vehicles have reached both views. */
async function waitForLiveTraffic(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
          const speeds = api.hotTraffic.speedKph;
          let finite = 0;
          for (let i = 0; i < speeds.length; i++) if (Number.isFinite(speeds[i])) finite++;
          const map = api.trafficProbe('map');
          const three = api.trafficProbe('three');
          return Math.min(finite, map?.['trips'] ?? 0, three?.['vehicles'] ?? 0);
        }),
      { timeout: 90_000, message: 'live link speeds and vehicles in both views' },
    )
    .toBeGreaterThan(0);
}

/** Fraction of pixels whose colour differs (any channel by > 24) between two screenshots of the same element. */
async function changedFraction(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([pa, pb]) => {
      const decode = async (b64: string) => {
        const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(bmp, 0, 0);
        return ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      };
      const da = await decode(pa);
      const db = await decode(pb);
      let changed = 0;
      for (let i = 0; i < da.length; i += 4) {
        const d = Math.max(
          Math.abs((da[i] ?? 0) - (db[i] ?? 0)),
          Math.abs((da[i + 1] ?? 0) - (db[i + 1] ?? 0)),
          Math.abs((da[i + 2] ?? 0) - (db[i + 2] ?? 0)),
        );
        if (d > 24) changed++;
      }
      return changed / (da.length / 4);
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

/** The whole of an element, as a screenshot clip. */
async function fullClip(el: Locator) {
  const box = await el.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

/** A centred crop of an element (half its width and height), as a screenshot clip. */
async function centreClip(el: Locator) {
  const box = await el.boundingBox();
  if (!box) throw new Error('element has no box');
  return {
    x: box.x + box.width / 4,
    y: box.y + box.height / 4,
    width: box.width / 2,
    height: box.height / 2,
  };
}

test.describe('live traffic in the map and 3D views', () => {
  const server = useServer('default');

  test('link colours follow live speeds; the legend shows bands and units in both languages', async ({
    page,
  }) => {
    await openApp(page, server(), '/ops');
    await waitForLiveTraffic(page);
    // Every 7th link with a reading: the colour deck uploaded is its congestion band's. Polled, because a new
    // link state may land between reading the speeds and the (paced) redraw.
    await expect
      .poll(
        async () => {
          const rows = await page.evaluate(() => {
            const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
            const m = api.getModel();
            if (!m) throw new Error('no model');
            const out: { ratio: number; rgba: number[] }[] = [];
            for (let l = 0; l < m.roads.linkCount; l += 7) {
              const v = api.hotTraffic.speedKph[l] ?? Number.NaN;
              if (!Number.isFinite(v)) continue;
              const p = api.trafficProbe('map', l);
              out.push({
                ratio: v / (m.roads.freeSpeedKph[l] ?? 1),
                rgba: [p?.['linkR'] ?? -1, p?.['linkG'] ?? -1, p?.['linkB'] ?? -1, p?.['linkA'] ?? -1],
              });
            }
            return out;
          });
          let ok = 0;
          for (const r of rows) {
            const band = CONGESTION_BANDS[congestionBand(r.ratio)];
            if (band && band.color.every((c, k) => c === r.rgba[k]) && r.rgba[3] === 240) ok++;
          }
          return rows.length > 20 ? ok / rows.length : 0;
        },
        { timeout: 30_000, message: 'share of sampled links drawn in the band colour of their live speed' },
      )
      .toBeGreaterThan(0.95);

    const legend = page.getByTestId('legend-traffic');
    await expect(legend).toContainText('km/h');
    await expect(legend).toContainText('辆/小时');
    await expect(legend).toContainText('畅通');
    await expect(legend).toContainText('GB/T 33171-2016');
    await expect(page.getByTestId('legend-vehicles')).toContainText(/\d/);
    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map view with traffic');
    await page.screenshot({ path: path.join(shotDir, 'traffic-views-legend-zh.png') });
    await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang('en'),
    );
    await expect(legend).toContainText('veh/h');
    await expect(legend).toContainText('free flow');
    await expect(page.getByTestId('legend-vehicles')).toContainText('animated vehicles');
  });

  test('vehicles are drawn and move in both views', async ({ page }) => {
    await openApp(page, server(), '/ops');
    await waitForLiveTraffic(page);
    // Fly both views to the link carrying the most traffic (what an operator does from the top-10 list).
    await page.evaluate(() => {
      const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const f = api.hotTraffic.flowVph;
      let best = 0;
      for (let l = 1; l < f.length; l++) if ((f[l] ?? 0) > (f[best] ?? 0)) best = l;
      api.store.getState().select({ kind: 'link', index: best }, 'test');
    });
    await page.getByTestId('three-canvas').focus();
    await page.keyboard.press('f');
    await page.waitForTimeout(3000);

    const probes = () =>
      page.evaluate(() => {
        const api = (window as unknown as { __citybrain: TestApi }).__citybrain;
        return { map: api.trafficProbe('map'), three: api.trafficProbe('three') };
      });
    const before = await probes();
    const views = { map: page.getByTestId('map-canvas'), three: page.getByTestId('three-canvas') };
    // Map: the centre (the busiest link after the fly-to). 3D: the whole canvas (the fly-to may end with the link
    // behind a tower; the instance positions below prove the motion there).
    const clips = { map: await centreClip(views.map), three: await fullClip(views.three) };
    const shots1 = {
      map: await page.screenshot({ clip: clips.map }),
      three: await page.screenshot({ clip: clips.three }),
    };
    await page.screenshot({ path: path.join(shotDir, 'traffic-views-vehicles-1.png') });
    // Wait for several vehicle frames (the low-quality profile of a software rasteriser draws about one a second).
    await expect
      .poll(
        async () => {
          const p = await probes();
          return Math.min(
            (p.map?.['vehicleFrames'] ?? 0) - (before.map?.['vehicleFrames'] ?? 0),
            (p.three?.['frames'] ?? 0) - (before.three?.['frames'] ?? 0),
          );
        },
        { timeout: 60_000, message: 'vehicle frames drawn in both views' },
      )
      .toBeGreaterThanOrEqual(3);
    const after = await probes();
    const shots2 = {
      map: await page.screenshot({ clip: clips.map }),
      three: await page.screenshot({ clip: clips.three }),
    };
    await page.screenshot({ path: path.join(shotDir, 'traffic-views-vehicles-2.png') });

    for (const view of ['map', 'three'] as const) {
      const b = before[view];
      const a = after[view];
      expect(a, `${view} probe`).not.toBeNull();
      // The animation clock advanced and vehicles are on the road.
      expect(a?.['animSimMs'] ?? 0, `${view}: animation time`).toBeGreaterThan(b?.['animSimMs'] ?? 0);
      // Map: ≥ 0.05 % of the centre crop (trails along the busiest link). 3D: the whole canvas at close range, where
      // a handful of cars may be in view early in the morning: ≥ 0.01 % (~60 px); the instance positions prove the rest.
      // A few cars move only a few pixels between two frames of the software rasteriser, so later frames are
      // compared with the first until the motion adds up (CI once saw 0.007 % after three frames).
      const threshold = view === 'map' ? 0.0005 : 0.0001;
      let diff = await changedFraction(page, shots1[view], shots2[view]);
      for (let i = 0; i < 10 && diff <= threshold; i++) {
        await page.waitForTimeout(2000);
        diff = await changedFraction(page, shots1[view], await page.screenshot({ clip: clips[view] }));
      }
      expect(diff, `${view}: share of changed pixels`).toBeGreaterThan(threshold);
    }
    expect(after.three?.['vehicles'] ?? 0, '3D vehicle instances').toBeGreaterThan(10);
    expect(after.three?.['sumXY'], '3D instance positions changed').not.toBe(before.three?.['sumXY']);
    expect(after.map?.['trips'] ?? 0, 'map trips').toBeGreaterThan(10);
  });
});
