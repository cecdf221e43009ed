/**
 * Feed pipeline benchmark through the REAL client (docs/protocol.md §6), complementing the Node-only
 * bench/feedPipeline.ts: mock-server in this process in flood mode (mock-server/flood.ts) → socket.io over WebSocket →
 * the app's feed Web Worker (decode + validate + merge) → one transferable frame batch per animation frame →
 * applyBatch on the main thread, in headless Chromium (software WebGL, the app's two views drawing meanwhile).
 * For each flood rate it measures over a window: readings emitted by the server, readings the worker decoded,
 * entries applied on main (the worker merges per sensor × channel, so entries ≤ readings), and the main-thread ms of
 * each frame hand-over (message handler + applyBatch, from src/feed/feedPerf.ts) as p50/p95/max.
 * Run: npx tsx bench/feedBrowser.ts   (or npm run bench -- --only feedBrowser)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createFeedServer } from '../mock-server/server.ts';
import { distDir as defaultDistDir, ensureBuild, ensureScene, scenesDir } from '../mock-server/prepare.ts';
import type { FeedPerfSnapshot } from '../src/feed/feedPerf.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from '../tests/e2e/chromium.ts';

/** Options of {@link runFeedBrowserBench}. */
export interface FeedBrowserBenchOptions {
  /** Built app to serve (default dist/, built when stale). */
  distDir?: string;
  /** Flood rates, readings per second (default 50k, 200k, 400k, 800k). */
  rates?: readonly number[];
  /** Measurement window per rate, seconds (default 5). */
  windowS?: number;
  /** Settling time after a rate change before measuring, seconds (default 2). */
  settleS?: number;
  log?: (line: string) => void;
}

interface PageProbe {
  perf: FeedPerfSnapshot;
  lagMs: number;
  phase: string;
  resyncs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the benchmark; returns named measurements (per rate: readings/s, entries/s, ms per frame). */
export async function runFeedBrowserBench(
  opts: FeedBrowserBenchOptions = {},
): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => console.log(`[feedBrowser] ${line}`));
  const rates = opts.rates ?? [50_000, 200_000, 400_000, 800_000];
  const windowS = opts.windowS ?? 5;
  const settleS = opts.settleS ?? 2;
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  await ensureScene('default', log);
  const distDir = opts.distDir ?? defaultDistDir;
  if (opts.distDir === undefined) await ensureBuild(log);
  const scene = await readScenePackage(scenesDir, 'default');
  const server = await createFeedServer({
    scene,
    sceneName: 'default',
    seed: 1,
    speed: 10,
    startSimMs: Date.parse('2026-03-02T06:30:00+08:00'),
    port: 0,
    flood: { readingsPerS: 0 },
    staticDirs: [
      { urlPrefix: '/scenes/', dir: scenesDir },
      { urlPrefix: '/', dir: distDir },
    ],
    spaFallback: path.join(distDir, 'index.html'),
    log: () => {},
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const out: Record<string, number> = { sensors: scene.sensors.count };
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${server.url}/ops?test=1`);
    await page.waitForFunction(
      () => {
        const w = window as unknown as {
          __citybrain?: { ready?: { map?: boolean; three?: boolean } };
          __citybrainFeedPerf?: unknown;
        };
        return Boolean(w.__citybrain?.ready?.map && w.__citybrain.ready.three && w.__citybrainFeedPerf);
      },
      undefined,
      { timeout: 120_000, polling: 500 },
    );
    const probe = (reset: boolean): Promise<PageProbe> =>
      page.evaluate((doReset) => {
        const w = window as unknown as {
          __citybrainFeedPerf: { get(): FeedPerfSnapshot; reset(): void };
          __citybrain: {
            store: {
              getState(): { connection: { phase: string }; stats: { lagMs: number; resyncs: number } };
            };
          };
        };
        const perf = w.__citybrainFeedPerf.get();
        if (doReset) w.__citybrainFeedPerf.reset();
        const st = w.__citybrain.store.getState();
        return { perf, lagMs: st.stats.lagMs, phase: st.connection.phase, resyncs: st.stats.resyncs };
      }, reset);
    for (const rate of [0, ...rates]) {
      server.setFloodRate(rate);
      await sleep(settleS * 1000);
      await probe(true);
      const r0 = server.stats().readings;
      const t0 = performance.now();
      await sleep(windowS * 1000);
      let p = await probe(false);
      // Frames are as slow as the app's rendering (seconds each under software WebGL on 2 cores): extend the window
      // until the worker counters span at least windowS of worker time (3 frames), up to 6 × windowS.
      while (
        (p.perf.frameMessages < 3 || p.perf.workerSpanMs < windowS * 1000) &&
        performance.now() - t0 < 6000 * windowS
      ) {
        await sleep(500);
        p = await probe(false);
      }
      const s = (performance.now() - t0) / 1000;
      const emitted = server.stats().readings - r0;
      const elapsedS = p.perf.elapsedMs / 1000;
      const tag = rate === 0 ? 'simOnly' : `at${rate / 1000}k`;
      const row: Record<string, number> = {
        serverReadingsPerS: Math.round(emitted / s),
        workerReadingsPerS: Math.round((1000 * p.perf.workerReadings) / Math.max(1, p.perf.workerSpanMs)),
        mainEntriesPerS: Math.round(p.perf.appliedEntries / elapsedS),
        // Share of one core the worker spends in batch handling (decode + validate + sequence + merge).
        workerBusyPct: Number(((100 * p.perf.workerBusyMs) / Math.max(1, p.perf.workerSpanMs)).toFixed(1)),
        applyP50Ms: Number(p.perf.applyMs.p50.toFixed(3)),
        applyP95Ms: Number(p.perf.applyMs.p95.toFixed(3)),
        applyMaxMs: Number(p.perf.applyMs.max.toFixed(3)),
        framesWithDataPerS: Number((p.perf.framesWithData / elapsedS).toFixed(2)),
        windowS: Number(s.toFixed(1)),
        animationFramesPerS: Number((p.perf.rafFrames / elapsedS).toFixed(2)),
        lagMs: Math.round(p.lagMs),
        resyncs: p.resyncs,
      };
      log(`${tag}: ${JSON.stringify(row)} (${p.phase})`);
      for (const [k, v] of Object.entries(row)) out[`${tag}_${k}`] = v;
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = process.env['FEED_BENCH_DIST'];
  const r = await runFeedBrowserBench(dist === undefined ? {} : { distDir: path.resolve(dist) });
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(40)} ${v}`);
}
