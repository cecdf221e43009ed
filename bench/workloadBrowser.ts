/**
 * Work orders at 30,000 machine-detected reports per day through the REAL stack (issue 6 check): mock-server in this
 * process with the work-order service (PGlite in a temporary directory, the live generator at 30,000 reports/day and
 * the departments working them) → socket.io → the feed worker → the store → the operations board and the map/3D
 * work-order layers in headless Chromium (software WebGL). Over a window it reports the events the server committed
 * and the page applied per second, how far the page trails the server, and the main thread's cost: Chrome's
 * TaskDuration per second of wall time with the work-order layers on and, in a second window, off (the board stays).
 * Run: npx tsx bench/workloadBrowser.ts [--speed 10] [--window 30]   (or npm run bench -- --only workloadBrowser)
 * Prints `BENCH_RESULT {json}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { createFeedServer } from '../mock-server/server.ts';
import { distDir, ensureBuild, ensureScene, scenesDir } from '../mock-server/prepare.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from '../tests/e2e/chromium.ts';

const { values: args } = parseArgs({
  options: {
    speed: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    'reports-per-day': { type: 'string', default: '30000' },
  },
});
const speed = Number(args.speed);
const windowS = Number(args.window);
const reportsPerDay = Number(args['reports-per-day']);
const log = (line: string): void => console.log(`[workloadBrowser] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function taskS(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
}

interface PageState {
  lastSeq: number;
  open: number;
}
const pageState = (page: Page): Promise<PageState> =>
  page.evaluate(`(() => {
    const s = window.__citybrain.store.getState();
    let open = 0;
    for (const o of s.woOrders.values()) if (o.stage !== 'closed' && o.stage !== 'rejected') open++;
    return { lastSeq: s.woLastSeq, open };
  })()`) as Promise<PageState>;

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
await ensureScene('default', log);
await ensureBuild(log);
const scene = await readScenePackage(scenesDir, 'default');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citybrain-bench-wo-'));
const server = await createFeedServer({
  scene,
  sceneName: 'default',
  seed: 1,
  speed,
  startSimMs: Date.parse('2026-03-02T08:00:00+08:00'),
  port: 0,
  workload: { dataDir, live: { reportsPerDay } },
  staticDirs: [
    { urlPrefix: '/scenes/', dir: scenesDir },
    { urlPrefix: '/', dir: distDir },
  ],
  spaFallback: path.join(distDir, 'index.html'),
  log: () => {},
});
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const out: Record<string, number> = {
  reportsPerDay,
  speed,
  reportsPerRealS: (reportsPerDay / 86_400) * speed,
};
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${server.url}/ops?test=1`);
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __citybrain?: { ready?: { map?: boolean; three?: boolean } } };
      return Boolean(w.__citybrain?.ready?.map && w.__citybrain.ready.three);
    },
    undefined,
    { timeout: 180_000, polling: 500 },
  );
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  // Let the backlog build up for a while before measuring.
  await sleep(10_000);
  for (const layersOn of [true, false]) {
    await page.evaluate(`(() => {
      const s = window.__citybrain.store.getState();
      for (const id of ['workOrders', 'workloadHeat', 'fieldUnits']) s.setLayer(id, ${String(layersOn)});
    })()`);
    await sleep(3000);
    const s0 = server.workload!.service.lastSeq;
    const p0 = await pageState(page);
    const t0 = await taskS(cdp);
    const w0 = performance.now();
    await sleep(windowS * 1000);
    const wall = (performance.now() - w0) / 1000;
    const t1 = await taskS(cdp);
    const p1 = await pageState(page);
    const s1 = server.workload!.service.lastSeq;
    const tag = layersOn ? 'layersOn' : 'layersOff';
    const row = {
      serverEventsPerS: Number(((s1 - s0) / wall).toFixed(1)),
      pageEventsPerS: Number(((p1.lastSeq - p0.lastSeq) / wall).toFixed(1)),
      pageBehindEvents: s1 - p1.lastSeq,
      openOrders: p1.open,
      mainThreadTaskMsPerS: Number(((1000 * (t1 - t0)) / wall).toFixed(1)),
    };
    log(`${tag}: ${JSON.stringify(row)}`);
    for (const [k, v] of Object.entries(row)) out[`${tag}_${k}`] = v;
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`BENCH_RESULT ${JSON.stringify(out)}`);
