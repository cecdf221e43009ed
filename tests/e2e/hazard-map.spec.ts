/**
 * Resilience layers on the map (issue 5), against the real feed server: a second operator (a socket.io client of the
 * test) triggers a 100-year, 30-minute design rainstorm with the `hzCommand` API; once the server's flood frames make
 * water, the map draws the frame the client holds (hotHazard.version), every wet cell and only those, each in the
 * colour of its depth band; hovering over water shows its depth in metres at the pointer (zh, en); the legends say
 * what each band means in both languages; closed roads are drawn; screenshots of the whole city and of a flooded
 * district for a look. Then an earthquake: PGA rings, epicentre, damage states per building; shelter labels; a heat wave
 * (districts by alert level) and a building fire (spread circle, buildings at risk, engine route). Last, the cost of
 * repainting a 1,000 × 1,000 flood grid (the issue's benchmark grid) in the page.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';
import { woClient, type WoClient } from '../integration/workloadClient.ts';
import { HazardEvent, type HazardCommandAnswer } from '../../src/core/protocol/hazardMessages.ts';
import type { HazardSpec } from '../../src/core/hazards/types.ts';
import { FLOOD_BANDS, floodBand } from '../../src/views/map/hazardStyle.ts';
import { expectNonBlank, openApp, useServer } from './harness.ts';

const lookDir = path.join(repoRoot, '.tmp');
mkdirSync(lookDir, { recursive: true });

interface HotHazardApi {
  version: number;
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  cellM: number;
  depthM: Float32Array;
  wetCells: number;
  depthAt(x: number, y: number): number;
  apply(f: unknown): void;
}
interface TestApi {
  store: {
    getState(): {
      hzHazards: { id: string; kind: string; phase: string }[];
      hzClosedLinks: number[];
      hzQuake: { damageStates: number[] } | null;
      setLayer(id: string, on: boolean): void;
      setLang(l: string): void;
    };
  };
  hotHazard: HotHazardApi;
  hazardProbe(view: 'map' | 'three', arg?: number): Record<string, number> | null;
}

const probe = (page: Page, cell?: number) =>
  page.evaluate(
    (c) => (window as unknown as { __citybrain: TestApi }).__citybrain.hazardProbe('map', c) ?? {},
    cell,
  );

async function command(client: WoClient, spec: HazardSpec): Promise<string> {
  const a = (await client.raw(HazardEvent.command, { op: 'trigger', spec })) as HazardCommandAnswer;
  if (!a.ok) throw new Error(`trigger ${spec.kind} refused: ${a.reason}`);
  return a.id;
}

test.describe('resilience layers on the map', () => {
  const server = useServer('default');
  let ops: WoClient | null = null;
  test.afterAll(() => ops?.close());

  test('flood depth drawn where the store says, hover depth, legends zh/en; earthquake rings and damage', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    page.on('pageerror', (e) => console.log(`hazard-map: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`hazard-map: console error: ${m.text()}`);
    });
    await openApp(page, server(), '/ops');
    ops = await woClient(server().url, 'default');
    // A 100-year, 30-minute Beijing design storm peaking early: water stands after about 10 simulated minutes
    // (a minute per 6 s at the server's ×10).
    const rainId = await command(ops, {
      kind: 'rainstorm',
      leadMin: 0,
      rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 100, durationMin: 30, peakRatio: 0.2 },
    });
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            (window as unknown as { __citybrain: TestApi }).__citybrain.store
              .getState()
              .hzHazards.some((h) => h.id === id),
          rainId,
        ),
      )
      .toBe(true);

    // The clutter off, the way a flood-control operator looks at the city.
    await page.evaluate(() => {
      const s = (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState();
      for (const id of [
        'vehicles',
        'sensors',
        'grid',
        'energyAssets',
        'energyAlarms',
        'workOrders',
        'workloadHeat',
        'fieldUnits',
        'signals',
      ])
        s.setLayer(id, false);
    });

    // Water: wait until the client holds a frame with a few hundred wet cells and the map drew that very frame.
    await expect
      .poll(
        async () => {
          const s = await page.evaluate(() => {
            const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
            return {
              hot: a.hotHazard.version,
              wet: a.hotHazard.wetCells,
              drawn: a.hazardProbe('map')?.['floodVersion'],
            };
          });
          return s.wet >= 400 && s.drawn === s.hot ? 'wet and drawn' : JSON.stringify(s);
        },
        { timeout: 240_000, intervals: [2000], message: 'flood water on the map' },
      )
      .toBe('wet and drawn');

    // Drawn = the store's grid: in one synchronous look at page state, every cell ≥ 5 cm is drawn and no other.
    const check = await page.evaluate(() => {
      const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const h = a.hotHazard;
      const p = a.hazardProbe('map') ?? {};
      let wet = 0;
      let deepest = -1;
      for (let i = 0; i < h.depthM.length; i++) {
        const d = h.depthM[i] ?? 0;
        if (d >= 0.05) wet++;
        if (deepest < 0 || d > (h.depthM[deepest] ?? 0)) deepest = i;
      }
      return {
        version: h.version,
        drawnVersion: p['floodVersion'],
        wet,
        drawnWet: p['wetCells'],
        deepest,
        nx: h.nx,
        ny: h.ny,
      };
    });
    console.log(`hazard-map: flood ${JSON.stringify(check)}`);
    if (check.version === check.drawnVersion) expect(check.drawnWet).toBe(check.wet);
    expect(check.nx * check.ny).toBeGreaterThan(10_000);

    // Colours: a sample of cells in every band present, and dry ones, are drawn in their band's colour.
    const sample = await page.evaluate(() => {
      const h = (window as unknown as { __citybrain: TestApi }).__citybrain.hotHazard;
      const perBand = new Map<number, number[]>();
      const edges = [0, 0.05, 0.15, 0.3, 0.5, 1.2];
      for (let i = 0; i < h.depthM.length; i++) {
        const d = h.depthM[i] ?? 0;
        let b = 0;
        while (b + 1 < edges.length && d >= (edges[b + 1] ?? Infinity)) b++;
        const l = perBand.get(b) ?? [];
        if (l.length < 3) l.push(i);
        perBand.set(b, l);
      }
      return [...perBand.values()].flat();
    });
    for (const cell of sample) {
      const p = await probe(page, cell);
      if (
        p['floodVersion'] !==
        (await page.evaluate(
          () => (window as unknown as { __citybrain: TestApi }).__citybrain.hotHazard.version,
        ))
      )
        continue; // a new frame arrived between the two looks
      const b = floodBand(p['depthM'] ?? Number.NaN);
      const want = b < 0 ? [0, 0, 0, 0] : [...FLOOD_BANDS[b]!.color, FLOOD_BANDS[b]!.alpha];
      expect([p['r'], p['g'], p['b'], p['a']], `cell ${cell} at ${p['depthM']} m`).toEqual(want);
    }

    // Hover over the water: the centre of a 3 × 3 block of wet cells (≥ 5 cm) on screen, so that a pointer a few
    // metres off the centre is still over water; the tooltip shows the depth under the pointer.
    const findTarget = () =>
      page.evaluate(() => {
        const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
        const h = a.hotHazard;
        let best = -1;
        let bestD = 0.05;
        for (let j = 1; j + 1 < h.ny; j++)
          for (let i = 1; i + 1 < h.nx; i++) {
            let min = Infinity;
            for (let dj = -1; dj <= 1; dj++)
              for (let di = -1; di <= 1; di++) min = Math.min(min, h.depthM[(j + dj) * h.nx + i + di] ?? 0);
            if (min >= bestD) {
              const p = a.hazardProbe('map', j * h.nx + i);
              if (p && p['px'] !== undefined) {
                bestD = min;
                best = j * h.nx + i;
              }
            }
          }
        return best;
      });
    let target = -1;
    await expect
      .poll(async () => (target = await findTarget()), {
        timeout: 120_000,
        intervals: [3000],
        message: 'a wet 3 × 3 block on screen',
      })
      .toBeGreaterThanOrEqual(0);
    const hoverAt = async (lang: 'zh' | 'en'): Promise<string> => {
      await page.evaluate(
        (l) => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang(l),
        lang,
      );
      const p = await probe(page, target);
      await page.mouse.move((p['px'] ?? 0) - 3, p['py'] ?? 0);
      await page.mouse.move(p['px'] ?? 0, p['py'] ?? 0);
      const tip = page.getByTestId('map-hazard-tooltip');
      await expect
        .poll(
          async () =>
            (await tip.isVisible()) ? 'visible' : JSON.stringify({ target: p, hover: await probe(page) }),
          {
            message: 'the hazard tooltip shows over the water',
          },
        )
        .toBe('visible');
      const after = await probe(page);
      const depth = await page.evaluate(
        ([x, y]) =>
          (window as unknown as { __citybrain: TestApi }).__citybrain.hotHazard.depthAt(x ?? 0, y ?? 0),
        [after['hoverX'], after['hoverY']],
      );
      // The pointer's ground point is within a cell of the target cell's centre.
      expect(
        Math.hypot((after['hoverX'] ?? 0) - (p['cellX'] ?? 0), (after['hoverY'] ?? 0) - (p['cellY'] ?? 0)),
      ).toBeLessThan(
        1.5 *
          (check.nx > 0
            ? await page.evaluate(
                () => (window as unknown as { __citybrain: TestApi }).__citybrain.hotHazard.cellM,
              )
            : 30),
      );
      const text = (await tip.textContent()) ?? '';
      const want = lang === 'zh' ? `积水 ${depth.toFixed(2)} m` : `Water depth ${depth.toFixed(2)} m`;
      // A frame may land between the hover and the read: then the text is the previous frame's, re-read once.
      if (!text.includes(want)) {
        await page.mouse.move((p['px'] ?? 0) + 1, p['py'] ?? 0);
        await expect(tip).toContainText(lang === 'zh' ? '积水 ' : 'Water depth ');
      } else expect(text).toContain(want);
      return text;
    };
    const zhTip = await hoverAt('zh');
    console.log(`hazard-map: hover zh "${zhTip}"`);
    await expect(page.getByTestId('legend-flood')).toContainText('0.15–0.3 m');
    await expect(page.getByTestId('legend-flood')).toContainText('车道');
    await expect(page.getByTestId('legend-flood')).toContainText('> 1.2 m');
    await page.mouse.move(5, 5);
    // For the look: let the storm spread the water through the city first (best effort, 2 minutes at most).
    await expect
      .poll(
        () =>
          page.evaluate(() => (window as unknown as { __citybrain: TestApi }).__citybrain.hotHazard.wetCells),
        { timeout: 120_000, intervals: [3000] },
      )
      .toBeGreaterThan(1500)
      .catch(() => console.log('hazard-map: the water did not reach 1,500 cells in 2 minutes'));
    await expectNonBlank(page, page.getByTestId('map-canvas'), 'map with water');
    await page.screenshot({ path: path.join(lookDir, 'hazard-map-flood-zh.png') });
    const enTip = await hoverAt('en');
    console.log(`hazard-map: hover en "${enTip}"`);
    await expect(page.getByTestId('legend-flood')).toContainText('one-lane limit');
    await expect(page.getByTestId('legend-flood')).toContainText('AIDR 7-3');

    // Closed roads, when the water closed some by now.
    const closed = await page.evaluate(
      () => (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().hzClosedLinks.length,
    );
    const pc = await probe(page);
    console.log(
      `hazard-map: closed links store ${closed}, drawn ${pc['closedLinks']} (${pc['closedDashes']} dashes)`,
    );
    if (closed > 0) {
      await expect.poll(async () => (await probe(page))['closedLinks'] ?? 0).toBeGreaterThan(0);
    }

    await page.mouse.move(5, 5);
    await page.getByTestId('map-canvas').screenshot({ path: path.join(lookDir, 'hazard-map-flood-en.png') });
    // A close look at the flooded district: zoom in (mouse wheel) over the wet block, then hover it again.
    const t = await probe(page, target);
    await page.mouse.move(t['px'] ?? 0, t['py'] ?? 0);
    for (let k = 0; k < 4; k++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(300);
    }
    await page.waitForTimeout(2500);
    const tz = await probe(page, target);
    if (tz['px'] !== undefined) await page.mouse.move(tz['px'], tz['py'] ?? 0);
    await page.waitForTimeout(500);
    await page
      .getByTestId('map-canvas')
      .screenshot({ path: path.join(lookDir, 'hazard-map-flood-zoom.png') });
    for (let k = 0; k < 4; k++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(300);
    }
    await page.mouse.move(5, 5);

    // Earthquake near the centre: rings by intensity, the epicentre, damage per building.
    const quakeId = await command(ops, { kind: 'earthquake', x: 300, y: -200, magnitude: 6.5, depthKm: 10 });
    await expect
      .poll(
        async () => {
          const p = await probe(page);
          return (p['pgaRings'] ?? 0) > 0 && (p['epicentres'] ?? 0) > 0 && (p['damaged'] ?? 0) > 0
            ? 'drawn'
            : JSON.stringify(p);
        },
        { timeout: 60_000, message: `earthquake ${quakeId} rings and damage drawn` },
      )
      .toBe('drawn');
    const pq = await probe(page);
    console.log(`hazard-map: quake ${JSON.stringify(pq)}`);
    expect((pq['damage0'] ?? 0) + (pq['damaged'] ?? 0)).toBeGreaterThan(1000);
    await page.evaluate(() =>
      (window as unknown as { __citybrain: TestApi }).__citybrain.store.getState().setLang('zh'),
    );
    await expect(page.getByTestId('legend-damage')).toContainText('毁坏');
    await expect(page.getByTestId('legend-hazardIntensity')).toContainText('GB/T 17742-2020');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(lookDir, 'hazard-map-quake.png') });

    // Shelters carry an "occupants/capacity" label each (drawn over the buildings).
    const ps = await probe(page);
    console.log(`hazard-map: shelters ${ps['shelters']}, labels ${ps['shelterLabels']}`);
    expect(ps['shelterLabels']).toBe(ps['shelters']);

    // A heat wave (39 °C, 50 % RH: heat index far above the danger level) tints districts by their alert level.
    const heatId = await command(ops, {
      kind: 'heat',
      leadMin: 0,
      durationH: 24,
      peakTempC: 39,
      humidityPct: 50,
    });
    await expect
      .poll(async () => (await probe(page))['heatDistricts'] ?? 0, {
        timeout: 60_000,
        message: `heat wave ${heatId} districts drawn`,
      })
      .toBeGreaterThan(0);
    // A building fire: its spread circle (and, when the runtime gives them, buildings at risk and the engine route).
    const fireId = await command(ops, { kind: 'fire', building: 4321 });
    await expect
      .poll(async () => (await probe(page))['fireRadius'] ?? 0, {
        timeout: 60_000,
        message: `fire ${fireId} drawn`,
      })
      .toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    const ph = await probe(page);
    console.log(
      `hazard-map: heat districts ${ph['heatDistricts']}, fire radius ${ph['fireRadius']}, at risk ${ph['fireAtRisk']}, route ${ph['fireRoute']}`,
    );
    await page.screenshot({ path: path.join(lookDir, 'hazard-map-heat-fire.png') });
    await page
      .getByTestId('map-canvas')
      .screenshot({ path: path.join(lookDir, 'hazard-map-heat-fire-map.png') });

    // Cost of a flood repaint on the issue's 1,000 × 1,000 grid (one synthetic frame, then the live ones resume).
    const big = await page.evaluate(async () => {
      const a = (window as unknown as { __citybrain: TestApi }).__citybrain;
      const nx = 1000;
      const ny = 1000;
      const depthMm = new Uint16Array(nx * ny);
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++)
          depthMm[j * nx + i] = Math.max(0, Math.round(800 * Math.sin(i / 40) * Math.cos(j / 55)));
      const before = a.hazardProbe('map')?.['floodBuilds'] ?? 0;
      a.hotHazard.apply({
        seq: 0,
        simTimeMs: 0,
        nx,
        ny,
        x0: -2500,
        y0: -2500,
        cellM: 5,
        hazardNumber: 999,
        depthMm,
      });
      const t0 = performance.now();
      while ((a.hazardProbe('map')?.['floodBuilds'] ?? 0) === before && performance.now() - t0 < 10_000)
        await new Promise((r) => requestAnimationFrame(r));
      return a.hazardProbe('map') ?? {};
    });
    console.log(
      `BENCH_RESULT ${JSON.stringify({ floodGrid: `${big['nx']}x${big['ny']}`, floodBuildMs: big['floodBuildLastMs'], wetCells: big['wetCells'], storeBuildMaxMs: pq['buildMaxMs'], liveFloodBuildMaxMs: check.nx ? pc['floodBuildMaxMs'] : 0 })}`,
    );
    expect(big['nx']).toBe(1000);
    expect(big['floodBuildLastMs']).toBeLessThan(200);
  });
});
