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
 * under --data <dir>, default data/workload/<scene>, or on the PostgreSQL server of $DATABASE_URL),
 * --hazard <kind>:<k=v,…>[@<time>] (repeatable) and --rain beijing:<station>[:<YYYY-MM-DD>][@<time>] (hazard scenarios
 * on a schedule: hazardOption.ts, USAGE below), --help. A bad option exits with code 2.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { distDir, ensureBuild, ensureScene, repoRoot as root, scenesDir } from './prepare.ts';
import { defaultSpeed, parseReplayEnd, prepareReplay } from './replayOption.ts';
import { createFeedServer } from './server.ts';
import { workloadCliOptions } from './workload/cli.ts';
import {
  checkHazardSchedule,
  loadRainOption,
  parseHazardOption,
  parseRainOption,
  UsageError,
  type RainOption,
  type ScheduledHazard,
} from './hazardOption.ts';
import { defaultMetrLaDir } from './metrLa.ts';

const USAGE = `npm start -- [options]
  --scene <name>            scene package under scenes/ (default "default")
  --port <n>                HTTP port (default $PORT or 5173)      --host <addr>  (default 127.0.0.1)
  --speed <x>               simulated seconds per real second (default 10; 60 for --replay metr-la)
  --seed <n>                simulator seed (default 1)             --vehicles <n> animated vehicles
  --start <ISO date-time>   simulation start (default 2026-03-02T06:30:00+08:00)
  --replay metr-la|tetouan|nyc311  [--replay-end loop|stop] [--data-dir <folder>, default ../shared/data/feeds]
  --workload on|off         work orders (default on)  [--data <dir>, default data/workload/<scene>]
  --dev                     Vite dev server with hot reload (feed on port+1)
  --hazard <kind>:<k=v,…>[@<time>]   trigger a hazard on a schedule (repeatable):
      rainstorm:P=<years>[,dur=<min>=120][,formula=beijing|shanghai][,lead=<min>=0][,peak=<0..1>=0.4]
      earthquake:M=<Mw>[,x=<m>=0][,y=<m>=0][,depth=<km>=10]      (x, y: local metres of the scene)
      heat:peak=<°C>[,rh=<%>=50][,hours=<h>=48][,lead=<min>=0]
      fire:building=<index>
    <time>: an ISO date-time with offset (2026-03-02T08:00:00+08:00) or +<n>[s|m|h|d] after the start (+30m);
    no @<time>: at the start. e.g. --hazard rainstorm:P=50,dur=120,lead=30@+10m --hazard earthquake:M=6.5@+2h
  --rain beijing:<station>[:<YYYY-MM-DD>][@<time>]   replay the station's measured hourly RAIN (UCI Beijing
    multi-site file in --data-dir) as a rainstorm and as the live rain gauges: that Beijing day, or without a date
    the wettest 24 hours of 2013-2017; e.g. --rain beijing:Dongsi:2016-07-20
  --help                    this text
Bad options exit with code 2.`;

function parseCli() {
  try {
    return parseArgs({
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
        hazard: { type: 'string', multiple: true },
        rain: { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
}

let args: ReturnType<typeof parseCli>;
let hazardSchedule: ScheduledHazard[];
let rainOptions: RainOption[];
try {
  args = parseCli();
  // Syntax and the generic bounds of every --hazard now, before anything slow; the scene's own limits once loaded.
  hazardSchedule = (args.hazard ?? []).map(parseHazardOption);
  rainOptions = (args.rain ?? []).map(parseRainOption);
} catch (err) {
  console.error(`[citybrain] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? err.exitCode : 1);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

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
  checkHazardSchedule(hazardSchedule, scene);
  const feedsDir = args['data-dir'] !== undefined ? path.resolve(args['data-dir']) : defaultMetrLaDir(root);
  for (const r of rainOptions) {
    const h = await loadRainOption(r, feedsDir, log);
    if (h.spec.kind === 'rainstorm' && h.spec.rain.kind === 'series')
      log(
        `${r.option}: ${h.spec.rain.label}, ${h.spec.rain.mmH.length} h, peak ${Math.max(...h.spec.rain.mmH)} mm/h`,
      );
    hazardSchedule.push(h);
  }
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
    ...(hazardSchedule.length > 0 ? { hazards: hazardSchedule } : {}),
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
  process.exit(err instanceof UsageError ? err.exitCode : 1);
});
