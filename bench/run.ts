/**
 * `npm run bench`: the figures in docs/BENCHMARKS.md.
 *   import     generate N buildings of GIS, then time `npm run import` on it in a fresh process (wall time, peak RSS)
 *   feed       client pipeline throughput: decode + validate + merge (worker side) and apply (main thread)
 *   feedBrowser the real client pipeline in headless Chromium against mock-server in flood mode (feedBrowser.ts);
 *              not in the default set (about a minute): --only feedBrowser
 *   firstFrame page load → the app's ready signal (both canvases drew the city), headless Chromium, software WebGL
 *   assign     traffic assignment: Sioux Falls to gap 1e-6 and a 20,000-link / 200-zone network to 1e-4 (assign.ts)
 *   vehicles   10,000 animated vehicles: main-thread cost per frame in headless Chromium (vehicles.ts; not default)
 *   powerflow  radial power flow of a 1,000-bus feeder set (powerflow.ts)
 *   energyDispatch  one city dispatch step and 24 simulated hours at 5-minute steps (energyDispatch.ts)
 *   workload        30,000 reports through the work-order core for one simulated day (workload.ts)
 *   workloadMap     map/3D data for 5,000 open work orders: rebuild and per-frame costs (workloadMap.ts)
 *   floodBench      a 2-hour design storm on a 1,000 × 1,000 terrain grid at 1-minute steps (floodBench.ts)
 *   quakeBench      earthquake damage for 200,000 buildings (quakeBench.ts)
 *   hazardWhatIf    the planner's 6-hour rainstorm what-if on the default scene, twice in one process (first run and
 *                   with the per-city models memoised; hazardWhatIf.ts; 1–3 minutes; not default: --only hazardWhatIf)
 *   workloadBrowser 30,000 reports/day through server, PGlite, feed, board and map in Chromium (about 2 minutes;
 *                   not in the default set: --only workloadBrowser)
 *   soak            the wall for ≥ 1 simulated day at ×720 with a context loss and a server restart: heap, DOM and
 *                   GPU-resource counts over time (soak.ts; about 4 minutes; not default: --only soak,
 *                   SOAK_MINUTES=… for longer)
 * Child benchmarks print one line `BENCH_RESULT <json>`: {"results": [{name, value, unit, target?}]} or a flat
 * object of numbers (unit read from the key's suffix: Ms, S, PerS, Pct).
 * Usage: npm run bench [-- --only import,feed,firstFrame] [--sizes 20000,200000]
 * Results are printed as a table and written to bench/results/latest.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../mock-server/prepare.ts';

const { values: args } = parseArgs({
  options: {
    only: {
      type: 'string',
      default:
        'import,feed,firstFrame,assign,powerflow,energyDispatch,workload,workloadMap,floodBench,quakeBench',
    },
    sizes: { type: 'string', default: '20000,200000' },
  },
});
const only = new Set(args.only.split(','));
const tmp = path.join(repoRoot, '.tmp', 'bench');
const results: { name: string; value: number; unit: string; target?: string }[] = [];

/** Runs a TypeScript entry in a child process; returns wall time, peak RSS and output. */
function runChild(entry: string, argv: string[]): Promise<{ ms: number; maxRssMB: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './bench/reportRss.ts', entry, ...argv],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const m = /BENCH_MAXRSS_KB (\d+)/.exec(out);
      if (code !== 0) reject(new Error(`${entry} exited ${code}:\n${out.slice(-3000)}`));
      else resolve({ ms, maxRssMB: m ? Number(m[1]) / 1024 : Number.NaN, out });
    });
  });
}

async function benchImport(): Promise<void> {
  for (const n of args.sizes.split(',').map(Number)) {
    const gisDir = path.join(tmp, `gis-${n}`);
    const scenes = path.join(tmp, 'scenes');
    rmSync(gisDir, { recursive: true, force: true });
    mkdirSync(scenes, { recursive: true });
    const gen = await runChild('src/cli/generateCity.ts', [
      '--seed',
      '1',
      '--buildings',
      String(n),
      '--name',
      `bench-gen-${n}`,
      '--out-dir',
      gisDir,
      '--scenes-dir',
      scenes,
    ]);
    results.push({ name: `generate-city ${n} buildings (GIS + import)`, value: gen.ms / 1000, unit: 's' });
    const imp = await runChild('src/cli/importScene.ts', [
      gisDir,
      '--name',
      `bench-${n}`,
      '--scenes-dir',
      scenes,
    ]);
    results.push({
      name: `import ${n} buildings: wall time (process start to exit)`,
      value: imp.ms / 1000,
      unit: 's',
      ...(n >= 200000 ? { target: '< 20 s' } : {}),
    });
    results.push({ name: `import ${n} buildings: peak RSS`, value: imp.maxRssMB, unit: 'MiB' });
  }
}

async function benchFeed(): Promise<void> {
  const { runFeedPipelineBench } = await import('./feedPipeline.ts');
  const r = await runFeedPipelineBench();
  for (const [name, value] of Object.entries(r)) {
    const unit = name.endsWith('PerS') ? '/s' : name.endsWith('Ms') ? 'ms' : '';
    results.push({ name: `feed pipeline: ${name}`, value, unit });
  }
}

/**
 * In the page: the app's stage marks (window.__citybrain.timings, ms since navigation) plus network and document
 * milestones from the Navigation/Resource Timing APIs, so the first-frame figure can be broken down.
 */
function stageBreakdown(): Record<string, number> {
  const out: Record<string, number> = {};
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    out['html:responseEnd'] = nav.responseEnd;
    out['html:domContentLoaded'] = nav.domContentLoadedEventEnd;
  }
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const name = e.name.replace(/^.*\//, '').replace(/-[A-Za-z0-9_-]{8}(\.\w+)$/, '$1');
    if (/\.(js|css)$|^scene\./.test(name)) {
      out[`net:${name}:start`] = e.startTime;
      out[`net:${name}:end`] = e.responseEnd;
    }
  }
  const cb = (window as unknown as { __citybrain?: { timings?: Record<string, number> } }).__citybrain;
  Object.assign(out, cb?.timings ?? {});
  return out;
}

/** Prints the median of every stage over the runs, in time order. */
function printBreakdown(runs: readonly Record<string, number>[]): void {
  const names = new Set(runs.flatMap((r) => Object.keys(r)));
  const rows = [...names].map((name) => {
    const v = runs
      .map((r) => r[name])
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
    return { name, median: v[v.length >> 1] ?? Number.NaN, all: v };
  });
  rows.sort((a, b) => a.median - b.median);
  console.log('\nfirst-frame breakdown (ms since navigation start; durations marked ms), median of runs:');
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(40)} ${r.median.toFixed(0).padStart(6)}   [${r.all.map((x) => x.toFixed(0)).join(', ')}]`,
    );
}

async function benchFirstFrame(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } = await import('../tests/e2e/chromium.ts');
  const { freePort, ServerProcess } = await import('../tests/e2e/harness.ts');
  const { ensureBuild, ensureScene } = await import('../mock-server/prepare.ts');
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  await ensureScene('default', console.log);
  await ensureBuild(console.log);
  const server = new ServerProcess('default', await freePort());
  await server.start();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const noticed: number[] = [];
    const runs: number[] = [];
    const breakdowns: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/ops?test=1${process.env.FF_Q ?? ''}`);
      await page.waitForFunction(
        () => {
          const cb = (window as unknown as { __citybrain?: { ready?: { map?: boolean; three?: boolean } } })
            .__citybrain;
          return Boolean(cb?.ready?.map && cb.ready.three);
        },
        undefined,
        { timeout: 120_000, polling: 'raf' },
      );
      // The app marks the moment each view drew its first city frame (ms since navigation start). The later of the
      // two is the first frame showing the whole city; the rAF-polled check above only notices it later, and by
      // how much depends on how slow the frames are, so it is reported separately as an upper bound.
      const noticedMs = await page.evaluate(() => performance.now());
      const stages = await page.evaluate(stageBreakdown);
      const readyMs = Math.max(stages['ready:map'] ?? Number.NaN, stages['ready:three'] ?? Number.NaN);
      runs.push(readyMs);
      noticed.push(noticedMs);
      breakdowns.push(stages);
      await context.close();
    }
    printBreakdown(breakdowns);
    runs.sort((a, b) => a - b);
    noticed.sort((a, b) => a - b);
    results.push({
      name: 'first city frame, 20k buildings (navigation → both canvases drawn), median of 3',
      value: (runs[1] ?? Number.NaN) / 1000,
      unit: 's',
      target: '< 3 s',
    });
    results.push({
      name: 'first city frame as noticed by a rAF-polling observer (upper bound), median of 3',
      value: (noticed[1] ?? Number.NaN) / 1000,
      unit: 's',
    });
  } finally {
    await browser.close();
    await server.kill();
  }
}

async function benchFeedBrowser(): Promise<void> {
  const { runFeedBrowserBench } = await import('./feedBrowser.ts');
  const r = await runFeedBrowserBench();
  for (const [name, value] of Object.entries(r)) {
    const unit = name.endsWith('PerS') ? '/s' : name.endsWith('Ms') ? 'ms' : name.endsWith('Pct') ? '%' : '';
    const target =
      /at200k_(worker|main)/.test(name) && name.endsWith('PerS') ? '≥ 200000 /s readings' : undefined;
    results.push({
      name: `feed in browser: ${name}`,
      value,
      unit,
      ...(name.endsWith('P95Ms') ? { target: '≤ 4 ms' } : target !== undefined ? { target } : {}),
    });
  }
}

/** Numeric leaves of a nested object as [dotted.name, value] pairs. */
function flatten(o: Record<string, unknown>, prefix = ''): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') out.push([prefix + k, v]);
    else if (typeof v === 'object' && v !== null && !Array.isArray(v))
      out.push(...flatten(v as Record<string, unknown>, `${prefix}${k}.`));
  }
  return out;
}

/** Runs bench/<name>.ts in a child process and collects its `BENCH_RESULT` line. */
async function benchChild(name: string): Promise<void> {
  const r = await runChild(`bench/${name}.ts`, []);
  const line = r.out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (line === undefined)
    throw new Error(`bench/${name}.ts printed no BENCH_RESULT line:\n${r.out.slice(-2000)}`);
  console.log(r.out.replace(/^BENCH_(RESULT|MAXRSS_KB) .*$/gm, '').trim());
  const parsed = JSON.parse(line.slice('BENCH_RESULT '.length)) as unknown;
  type Row = { name: string; value: number; unit?: string; target?: string };
  const rows: Row[] =
    typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { results?: unknown }).results)
      ? ((parsed as { results: { name: string; value: number; unit?: string; target?: string }[] }).results ??
        [])
      : flatten(parsed as Record<string, unknown>).map(([k, value]): Row => ({
          name: k,
          value,
          unit: /PerS$/.test(k)
            ? '/s'
            : /Ms$/.test(k)
              ? 'ms'
              : /Pct$/.test(k)
                ? '%'
                : /S$/.test(k)
                  ? 's'
                  : '',
        }));
  for (const row of rows)
    results.push({
      name: `${name}: ${row.name}`,
      value: row.value,
      unit: row.unit ?? '',
      ...(row.target !== undefined ? { target: row.target } : {}),
    });
}

async function main(): Promise<void> {
  mkdirSync(tmp, { recursive: true });
  if (only.has('import')) await benchImport();
  if (only.has('feed')) await benchFeed();
  if (only.has('feedBrowser')) await benchFeedBrowser();
  if (only.has('firstFrame')) await benchFirstFrame();
  for (const name of [
    'assign',
    'vehicles',
    'powerflow',
    'energyDispatch',
    'workload',
    'workloadMap',
    'workloadBrowser',
    'soak',
    'floodBench',
    'quakeBench',
    'hazardWhatIf',
  ])
    if (only.has(name)) await benchChild(name);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`\nmachine: ${machine}\n`);
  console.log('| measure | value | target |\n| --- | --- | --- |');
  for (const r of results) {
    const v = Math.abs(r.value) >= 1000 ? r.value.toFixed(0) : r.value.toPrecision(3);
    console.log(`| ${r.name} | ${v} ${r.unit} | ${r.target ?? ''} |`);
  }
  mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(
    path.join(repoRoot, 'bench', 'results', 'latest.json'),
    JSON.stringify({ machine, results }, null, 2),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
