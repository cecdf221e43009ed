/**
 * Accelerated soak (issue 7, "runs for days"): the control-room wall in headless Chromium (software WebGL) against
 * mock-server started as `npm start` starts it at a high speed factor, so that a simulated day passes in minutes.
 * Every `--sample` seconds (after a forced GC, so the heap figure is what is retained, not garbage) it records:
 *   - JS heap used, DOM nodes, event listeners (Chrome's Performance.getMetrics over CDP);
 *   - the 3D view's three.js renderer counts (WebGLRenderer.info: geometries, textures, programs);
 *   - the map's deck.gl/luma.gl GPU resource counts (buffers, textures, pipelines, GPU memory) and maplibre layers
 *     (window.__citybrainRecovery.resources, src/views/contextLoss.ts) when the page shows the map;
 *   - the feed's connection phase, the simulated time, and the size of every array/Map in the store (each must be
 *     a ring or capped: the largest is reported).
 * During the run it forces one WebGL context loss in the 3D view (WEBGL_lose_context, never restored: the view must
 * remount its canvas) and one feed-server crash + restart on the same port, and reports both recovery times.
 * Reported: start (first sample after warm-up), peak and end of each figure, the heap slope after warm-up
 * (least-squares, MB per real hour and per simulated day) and whether the resource counts are flat.
 * Run: npx tsx bench/soak.ts [--minutes 4] [--speed 720] [--sample 10] [--route /wall] [--warmup 60]
 *      (or SOAK_MINUTES=… SOAK_SPEED=… npm run bench -- --only soak)
 */
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { ensureBuild, ensureScene } from '../mock-server/prepare.ts';
import { freePort, ServerProcess } from '../tests/e2e/harness.ts';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from '../tests/e2e/chromium.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env['SOAK_MINUTES'] ?? '4' },
    speed: { type: 'string', default: process.env['SOAK_SPEED'] ?? '720' },
    sample: { type: 'string', default: process.env['SOAK_SAMPLE_S'] ?? '10' },
    route: { type: 'string', default: process.env['SOAK_ROUTE'] ?? '/wall' },
    warmup: { type: 'string', default: process.env['SOAK_WARMUP_S'] ?? '60' },
  },
});
const minutes = Number(args.minutes);
const speed = Number(args.speed);
const sampleS = Number(args.sample);
const warmupS = Number(args.warmup);
const route = args.route;
for (const [name, v] of [
  ['--minutes', minutes],
  ['--speed', speed],
  ['--sample', sampleS],
] as const)
  if (!(v > 0)) throw new Error(`bench/soak.ts: ${name} must be a positive number`);
if (!(warmupS >= 0)) throw new Error('bench/soak.ts: --warmup must be ≥ 0 seconds');

const log = (line: string): void => console.log(`[soak] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One sample of the page. */
interface Sample {
  tS: number;
  heapMB: number;
  nodes: number;
  listeners: number;
  three: Record<string, number> | null;
  map: Record<string, number> | null;
  phase: string;
  simTimeMs: number;
  hotVersion: number;
  /** Length/size of every array or Map in the store. */
  store: Record<string, number>;
}

interface PageState {
  three: Record<string, number> | null;
  map: Record<string, number> | null;
  phase: string;
  simTimeMs: number;
  hotVersion: number;
  store: Record<string, number>;
  threeStatus: { recoveries: number; lastRecoveryMs: number; phase: string };
}

/** Runs in the page: the recovery API's counts, the feed phase and the store's collection sizes. */
function readPage(): PageState {
  type Api = {
    resources(v: string): Record<string, number> | null;
    status(v: string): { recoveries: number; lastRecoveryMs: number; phase: string };
  };
  const w = window as unknown as {
    __citybrainRecovery: Api;
    __citybrain: { hot: { version: number }; store: { getState(): Record<string, unknown> } };
  };
  const st = w.__citybrain.store.getState();
  const store: Record<string, number> = {};
  for (const [k, v] of Object.entries(st)) {
    if (Array.isArray(v)) store[k] = v.length;
    else if (v instanceof Map || v instanceof Set) store[k] = v.size;
  }
  const conn = st['connection'] as { phase: string };
  return {
    three: w.__citybrainRecovery.resources('three'),
    map: w.__citybrainRecovery.resources('map'),
    phase: conn.phase,
    simTimeMs: Number(st['simTimeMs']),
    hotVersion: w.__citybrain.hot.version,
    store,
    threeStatus: w.__citybrainRecovery.status('three'),
  };
}

async function sample(page: Page, cdp: CDPSession, t0: number): Promise<Sample & PageState> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = (name: string): number => metrics.find((x) => x.name === name)?.value ?? Number.NaN;
  const p = await page.evaluate(readPage);
  return {
    ...p,
    tS: (performance.now() - t0) / 1000,
    heapMB: m('JSHeapUsedSize') / 2 ** 20,
    nodes: m('Nodes'),
    listeners: m('JSEventListeners'),
  };
}

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  await ensureScene('default', log);
  await ensureBuild(log);
  const server = new ServerProcess('default', await freePort(), ['--speed', String(speed)]);
  await server.start();
  log(`server at ${server.url}, speed ×${speed}; soak ${minutes} min on ${route}, sample every ${sampleS} s`);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const samples: (Sample & PageState)[] = [];
  const events: Record<string, number> = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}${route}?test=1`);
    await page.waitForFunction(
      () => {
        const w = window as unknown as {
          __citybrain?: { ready?: { three?: boolean } };
          __citybrainRecovery?: unknown;
        };
        return Boolean(w.__citybrain?.ready?.three && w.__citybrainRecovery);
      },
      undefined,
      { timeout: 180_000, polling: 500 },
    );
    const t0 = performance.now();
    const endS = minutes * 60;
    const lossAtS = endS * 0.4;
    const restartAtS = endS * 0.65;
    let lossDone = false;
    let restartDone = false;
    let next = 0;
    while (true) {
      const s = await sample(page, cdp, t0);
      samples.push(s);
      log(
        `t=${s.tS.toFixed(0)}s heap ${s.heapMB.toFixed(1)} MB, nodes ${s.nodes}, listeners ${s.listeners}, ` +
          `3D ${JSON.stringify(s.three)}, map ${JSON.stringify(s.map)}, ${s.phase}, sim ${new Date(s.simTimeMs).toISOString()}`,
      );
      if (!lossDone && s.tS >= lossAtS) {
        lossDone = true;
        const before = s.threeStatus.recoveries;
        const ok = await page.evaluate(() =>
          (
            window as unknown as { __citybrainRecovery: { loseContext(v: string): boolean } }
          ).__citybrainRecovery.loseContext('three'),
        );
        if (!ok) throw new Error('could not lose the 3D view’s WebGL context (no WEBGL_lose_context)');
        const tl = performance.now();
        while (performance.now() - tl < 120_000) {
          const st = await page.evaluate(readPage);
          if (st.threeStatus.recoveries > before) {
            events['contextLossRecoveryMs'] = st.threeStatus.lastRecoveryMs;
            break;
          }
          await sleep(200);
        }
        log(`3D context loss → city drawn again in ${events['contextLossRecoveryMs']?.toFixed(0) ?? '∞'} ms`);
      }
      if (!restartDone && s.tS >= restartAtS) {
        restartDone = true;
        const v0 = s.hotVersion;
        const tk = performance.now();
        await server.kill();
        await sleep(2000);
        const ts = performance.now();
        // ServerProcess.start() resolves on the "dashboard:" line of its accumulated output: clear it, or the old
        // process's line resolves it at once (and a restart may rebuild the app first when sources changed).
        server.output = '';
        await server.start();
        const tUp = performance.now();
        let live = Number.NaN;
        while (performance.now() - tUp < 180_000) {
          const st = await page.evaluate(readPage);
          if (st.phase === 'live' && Number.isNaN(live)) live = performance.now();
          if (st.phase === 'live' && st.hotVersion > v0) break;
          await sleep(100);
        }
        const data = performance.now();
        events['serverStartMs'] = tUp - ts;
        events['restartToLiveMs'] = live - tUp;
        events['restartToDataMs'] = data - tUp;
        events['killToDataMs'] = data - tk;
        log(
          `server restart: process up in ${(tUp - ts).toFixed(0)} ms, then live in ${(live - tUp).toFixed(0)} ms, ` +
            `data flowing in ${(data - tUp).toFixed(0)} ms (kill → data ${(data - tk).toFixed(0)} ms incl. 2 s down)`,
        );
      }
      if (s.tS >= endS) break;
      next += sampleS;
      const wait = t0 + next * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    if (errors.length > 0) log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
    events['pageErrors'] = errors.length;
    await context.close();
  } finally {
    await browser.close();
    await server.kill();
  }
  report(samples, events);
}

function report(samples: readonly (Sample & PageState)[], events: Record<string, number>): void {
  const warm = samples.filter((s) => s.tS >= warmupS);
  const w = warm.length >= 2 ? warm : samples;
  const first = w[0];
  const last = w[w.length - 1];
  if (!first || !last) throw new Error('bench/soak.ts: no samples');
  // Simulated time: the sum of forward steps (a restarted server starts its clock over).
  // Samples before the first welcome carry simTimeMs 0 (the store's initial value): skip them.
  const valid = samples.filter((s) => s.simTimeMs > 1e12);
  let simMs = 0;
  for (let i = 1; i < valid.length; i++) {
    const d = (valid[i]!.simTimeMs as number) - (valid[i - 1]!.simTimeMs as number);
    if (d > 0) simMs += d;
  }
  const realS = (samples[samples.length - 1]?.tS ?? 0) - (samples[0]?.tS ?? 0);
  const heapSlopePerS = slope(
    w.map((s) => s.tS),
    w.map((s) => s.heapMB),
  );
  const achievedSpeed = simMs / 1000 / Math.max(1, realS);
  const rows: { name: string; value: number; unit: string; target?: string }[] = [];
  const add = (name: string, value: number, unit: string, target?: string): void => {
    rows.push({ name, value, unit, ...(target !== undefined ? { target } : {}) });
  };
  add('real duration', realS / 60, 'min');
  add('simulated time', simMs / 86_400_000, 'days', '≥ 1');
  add('achieved speed factor', achievedSpeed, '×');
  const series: [string, (s: Sample) => number][] = [
    ['JS heap used', (s) => s.heapMB],
    ['DOM nodes', (s) => s.nodes],
    ['event listeners', (s) => s.listeners],
    ['3D geometries', (s) => s.three?.['geometries'] ?? Number.NaN],
    ['3D textures', (s) => s.three?.['textures'] ?? Number.NaN],
    ['3D programs', (s) => s.three?.['programs'] ?? Number.NaN],
    ['map deck layers', (s) => s.map?.['deckLayers'] ?? Number.NaN],
    ['map deck buffers', (s) => s.map?.['deckBuffers'] ?? Number.NaN],
    ['map deck textures', (s) => s.map?.['deckTextures'] ?? Number.NaN],
    ['map deck GPU memory', (s) => s.map?.['deckGpuMemoryMB'] ?? Number.NaN],
  ];
  console.log(
    `\nsoak: warm-up ${warmupS} s; figures at the first sample after warm-up / peak / end\n` +
      '| measure | start | peak | end | unit |\n| --- | --- | --- | --- | --- |',
  );
  for (const [name, f] of series) {
    const vs = w.map(f);
    if (vs.every((v) => Number.isNaN(v))) continue;
    const unit = name.includes('heap') || name.includes('memory') ? 'MB' : '';
    const fmt = (v: number): string => (unit === 'MB' ? v.toFixed(1) : v.toFixed(0));
    console.log(`| ${name} | ${fmt(f(first))} | ${fmt(Math.max(...vs))} | ${fmt(f(last))} | ${unit} |`);
    add(`${name}: start`, f(first), unit);
    add(`${name}: peak`, Math.max(...vs), unit);
    add(`${name}: end`, f(last), unit);
  }
  add('JS heap slope after warm-up', heapSlopePerS * 3600, 'MB/h');
  add(
    'JS heap slope per simulated day',
    (heapSlopePerS * 86_400) / Math.max(1e-9, achievedSpeed),
    'MB/sim-day',
  );
  // Largest store collections: every one must stay under its cap however long the run.
  const storeMax: Record<string, number> = {};
  for (const s of samples)
    for (const [k, v] of Object.entries(s.store)) storeMax[k] = Math.max(storeMax[k] ?? 0, v);
  console.log(
    `store collections (max over the run): ${Object.entries(storeMax)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  for (const [k, v] of Object.entries(events)) add(k, v, k.endsWith('Ms') ? 'ms' : '');
  console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
