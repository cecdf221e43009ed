/**
 * `npm start`: one command from a fresh clone to a running dashboard.
 *  1. generates the default synthetic city if scenes/default is missing (npm run generate-city),
 *  2. builds the dashboard into dist/ when any source is newer than the last build,
 *  3. starts mock-server on one port serving the dashboard, the scene packages and the socket.io feed,
 *  4. prints the URL.
 * `npm run dev` instead runs Vite's dev server (hot reload) with /socket.io and /scenes proxied to mock-server.
 *
 * Options: --scene <name> (default "default"), --port <n> (default $PORT or 5173), --speed <sim s per real s>,
 * --seed <n>, --host <addr> (default 127.0.0.1; use 0.0.0.0 to serve a wall of other machines),
 * --vehicles <n> (animated vehicles of the traffic model), --start <ISO date-time> (simulation start; default
 * 2026-03-02T06:30:00+08:00), --replay metr-la (real METR-LA speeds on the generated
 * scene 'metr-la', which the app then opens by default; --replay-end loop|stop, --data-dir <folder>; speed 60),
 * --replay tetouan (real Tétouan 2017 zone loads on three feeders of the live energy model; --data-dir <folder>),
 * --replay nyc311 (the NYC 311 sample as work-order reports), --workload on|off (default on: work orders in PGlite
 * under --data <dir>, default data/workload/<scene>, or on the PostgreSQL server of $DATABASE_URL).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { distDir, ensureBuild, ensureScene, repoRoot as root, scenesDir } from './prepare.ts';
import { defaultSpeed, parseReplayEnd, prepareReplay } from './replayOption.ts';
import { createFeedServer } from './server.ts';
import { workloadCliOptions } from './workload/cli.ts';

const { values: args } = parseArgs({
  options: {
    scene: { type: 'string', default: 'default' },
    port: { type: 'string', default: process.env['PORT'] ?? '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    speed: { type: 'string' },
    seed: { type: 'string', default: '1' },
    dev: { type: 'boolean', default: false },
    vehicles: { type: 'string' },
    start: { type: 'string' },
    replay: { type: 'string' },
    'replay-end': { type: 'string', default: 'loop' },
    'data-dir': { type: 'string' },
    workload: { type: 'string', default: 'on' },
    data: { type: 'string' },
  },
});

const log = (line: string): void => console.log(`[citybrain] ${line}`);

async function main(): Promise<void> {
  const port = Number(args.port);
  const speed = Number(args.speed ?? defaultSpeed(args.replay));
  const seed = Number(args.seed);
  const vehicles = args.vehicles === undefined ? undefined : Number(args.vehicles);
  if (vehicles !== undefined && !(Number.isInteger(vehicles) && vehicles >= 1 && vehicles <= 1_000_000))
    throw new Error(`--vehicles ${args.vehicles}: must be an integer in 1…1,000,000`);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${args.port}: not a port number`);
  if (!(speed > 0))
    throw new Error(`--speed ${args.speed}: must be a positive number (sim seconds per second)`);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${args.seed}: must be an integer`);

  const end = parseReplayEnd(args['replay-end']);
  const prepared =
    args.replay === undefined
      ? null
      : await prepareReplay(args.replay, {
          repoRoot: root,
          scenesDir,
          end,
          log,
          ...(args['data-dir'] !== undefined ? { dataDir: path.resolve(args['data-dir']) } : {}),
        });
  const readings = prepared?.kind === 'readings' ? prepared : null;
  const sceneName = readings?.sceneName ?? args.scene;
  if (readings === null) await ensureScene(sceneName, log);
  const scene = readings?.scene ?? (await readScenePackage(scenesDir, sceneName));
  const startArg = args.start === undefined ? undefined : Date.parse(args.start);
  if (startArg !== undefined && !Number.isFinite(startArg))
    throw new Error(`--start ${args.start}: not an ISO date-time (e.g. 2026-03-02T17:20:00+08:00)`);
  const startSimMs = startArg ?? readings?.startSimMs ?? defaultStartSimMs();
  const workload = workloadCliOptions({
    workload: args.workload,
    data: args.data,
    repoRoot: root,
    sceneName,
    scene,
    startSimMs,
    nyc311: prepared?.kind === 'workload' ? prepared.nyc311 : null,
    log,
  });
  // Replay, traffic and work-order options shared by the dev and the built server.
  const extra = {
    // A restart on the same work-order data continues the clock from the log unless --start says otherwise.
    continueClock: args.start === undefined,
    ...(workload !== undefined ? { workload } : {}),
    ...(vehicles !== undefined ? { vehicles } : {}),
    ...(readings !== null ? { replay: readings.replay, defaultScene: readings.sceneName } : {}),
    ...(prepared?.kind === 'energy' ? { sim: prepared.sim } : {}),
  };

  if (args.dev) {
    const feedPort = port + 1;
    const feed = await createFeedServer({
      scene,
      sceneName,
      seed,
      speed,
      startSimMs,
      port: feedPort,
      host: args.host,
      staticDirs: [{ urlPrefix: '/scenes/', dir: scenesDir }],
      log,
      ...extra,
    });
    const { createServer } = await import('vite');
    const vite = await createServer({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      server: {
        port,
        host: args.host,
        strictPort: true,
        proxy: {
          '/socket.io': { target: `http://127.0.0.1:${feed.port}`, ws: true },
          '/scenes': { target: `http://127.0.0.1:${feed.port}` },
        },
      },
    });
    await vite.listen();
    const q = readings !== null ? `?scene=${readings.sceneName}` : '';
    log(`dev server with hot reload: http://${displayHost(args.host)}:${port}/${q}  (feed on ${feed.url})`);
    return;
  }

  await ensureBuild(log);
  const server = await createFeedServer({
    scene,
    sceneName,
    seed,
    speed,
    startSimMs,
    port,
    host: args.host,
    ...extra,
    staticDirs: [
      { urlPrefix: '/scenes/', dir: scenesDir },
      { urlPrefix: '/', dir: distDir },
    ],
    spaFallback: path.join(distDir, 'index.html'),
    log,
  });
  log(`scene '${sceneName}': ${scene.meta.title.en} — ${scene.buildings.count} buildings`);
  log(
    `dashboard: http://${displayHost(args.host)}:${server.port}/   (also /ops, /wall, /plan; Ctrl-C to stop)`,
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The simulation starts at 06:30 China Standard Time on a fixed weekday, so the morning peak arrives soon and every
 * run replays the same feed (DESIGN.md rule 4). */
function defaultStartSimMs(): number {
  return Date.parse('2026-03-02T06:30:00+08:00');
}

function displayHost(host: string): string {
  return host === '0.0.0.0' ? 'localhost' : host;
}

main().catch((err: unknown) => {
  console.error(`[citybrain] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
