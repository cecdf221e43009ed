/**
 * `npm run mock-server -- --scene default --scenes-dir scenes --port 8787 --seed 1 --speed 10
 *   [--start 2026-03-02T06:30:00+08:00] [--host 127.0.0.1] [--batch-hz 5] [--flood 200000] [--vehicles 2000]
 *   [--replay metr-la [--replay-end loop|stop] [--data-dir ../shared/data/feeds]] [--replay tetouan]
 *   [--replay nyc311] [--workload on|off] [--data data/workload/<scene>]`
 * --flood N: benchmark mode, tops every batch up with random valid readings to N readings/s in total (flood.ts).
 * --vehicles N: animated vehicles of the traffic model (sim.traffic.targetVehicles).
 * --replay metr-la: streams the real METR-LA speeds on the generated scene 'metr-la' instead of the simulator
 *   (metrLa.ts); --speed defaults to 60 then and --start to the first row (2012-03-01 00:00 PST).
 * --replay tetouan: the simulator as usual, three feeders of the live energy model driven by the real Tétouan 2017
 *   zone loads (tetouanReplay.ts, docs/protocol.md §6c).
 * --workload on|off (default on): work orders (issue 6, docs/protocol.md §8) in PGlite under --data (default
 *   data/workload/<scene>), or on the PostgreSQL server of $DATABASE_URL.
 * --replay nyc311: the NYC 311 sample replayed as work-order reports (mock-server/workload/reportSources.ts).
 * --hazard <kind>:<k=v,…>[@<time>] (repeatable) and --rain beijing:<station>[:<YYYY-MM-DD>][@<time>]: hazard
 *   scenarios on a schedule, exactly as start.ts takes them (hazardOption.ts; --rain reads the UCI Beijing file in
 *   --data-dir, default ../shared/data/feeds). A bad --hazard/--rain exits with code 2 and names the option, field
 *   and reason; the syntax is checked before anything slow, the scene's limits once it is loaded.
 * Runs the feed server alone (scenes served at /scenes/, no app). `npm start` (start.ts) serves the app too.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { checkFloodRate } from './flood.ts';
import { parseHazardCli, resolveHazardSchedule, UsageError, type HazardCliOptions } from './hazardOption.ts';
import { defaultMetrLaDir } from './metrLa.ts';
import { repoRoot } from './prepare.ts';
import { defaultSpeed, parseReplayEnd, prepareReplay } from './replayOption.ts';
import { createFeedServer } from './server.ts';
import { workloadCliOptions } from './workload/cli.ts';

const { values: args } = parseArgs({
  options: {
    scene: { type: 'string', default: 'default' },
    'scenes-dir': { type: 'string', default: 'scenes' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    speed: { type: 'string' },
    start: { type: 'string' },
    'batch-hz': { type: 'string', default: '5' },
    flood: { type: 'string', default: '0' },
    vehicles: { type: 'string' },
    replay: { type: 'string' },
    'replay-end': { type: 'string', default: 'loop' },
    'data-dir': { type: 'string' },
    workload: { type: 'string', default: 'on' },
    data: { type: 'string' },
    hazard: { type: 'string', multiple: true },
    rain: { type: 'string', multiple: true },
  },
});

let hazardCli: HazardCliOptions;
try {
  // Syntax and the generic bounds of every --hazard/--rain now, before anything slow (as start.ts).
  hazardCli = parseHazardCli(args.hazard, args.rain);
} catch (err) {
  console.error(`[mock-server] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? err.exitCode : 1);
}

async function main(): Promise<void> {
  const port = Number(args.port);
  const seed = Number(args.seed);
  const speed = Number(args.speed ?? defaultSpeed(args.replay));
  const batchHz = Number(args['batch-hz']);
  const vehicles = args.vehicles === undefined ? undefined : Number(args.vehicles);
  if (vehicles !== undefined && !(Number.isInteger(vehicles) && vehicles >= 1 && vehicles <= 1_000_000))
    throw new Error(`--vehicles ${args.vehicles}: must be an integer in 1…1,000,000`);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${args.port}: not a port number`);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${args.seed}: must be an integer`);
  if (!(speed > 0))
    throw new Error(`--speed ${args.speed}: must be a positive number (sim seconds per second)`);
  if (!(batchHz > 0 && batchHz <= 200))
    throw new Error(`--batch-hz ${args['batch-hz']}: must be in (0, 200]`);
  const floodRate = Number(args.flood);
  const floodErr = checkFloodRate(floodRate);
  if (floodErr !== null) throw new Error(`--flood ${args.flood}: ${floodErr}`);
  const scenesDir = path.resolve(args['scenes-dir']);
  const end = parseReplayEnd(args['replay-end']);
  const prepared =
    args.replay === undefined
      ? null
      : await prepareReplay(args.replay, {
          repoRoot,
          scenesDir,
          end,
          log: (line) => console.log(`[mock-server] ${line}`),
          ...(args['data-dir'] !== undefined ? { dataDir: path.resolve(args['data-dir']) } : {}),
        });
  const startSimMs =
    args.start !== undefined
      ? Date.parse(args.start)
      : ((prepared?.kind === 'readings' ? prepared.startSimMs : null) ??
        Date.parse('2026-03-02T06:30:00+08:00'));
  if (!Number.isFinite(startSimMs)) throw new Error(`--start ${args.start}: not an ISO date-time`);
  const readings = prepared?.kind === 'readings' ? prepared : null;
  const sceneName = readings?.sceneName ?? args.scene;
  const scene = readings?.scene ?? (await readScenePackage(scenesDir, args.scene));
  const hazards = await resolveHazardSchedule(
    hazardCli,
    scene,
    args['data-dir'] !== undefined ? path.resolve(args['data-dir']) : defaultMetrLaDir(repoRoot),
    (line) => console.log(`[mock-server] ${line}`),
  );
  const workload = workloadCliOptions({
    workload: args.workload,
    data: args.data,
    repoRoot,
    sceneName,
    scene,
    startSimMs,
    nyc311: prepared?.kind === 'workload' ? prepared.nyc311 : null,
    log: (line) => console.log(`[mock-server] ${line}`),
  });
  const server = await createFeedServer({
    continueClock: args.start === undefined,
    scene,
    sceneName,
    seed,
    speed,
    startSimMs,
    port,
    host: args.host,
    batchHz,
    ...(floodRate > 0 ? { flood: { readingsPerS: floodRate } } : {}),
    ...(hazards.length > 0 ? { hazards } : {}),
    ...(vehicles !== undefined ? { vehicles } : {}),
    ...(readings !== null ? { replay: readings.replay } : {}),
    ...(prepared?.kind === 'energy' ? { sim: prepared.sim } : {}),
    ...(workload !== undefined ? { workload } : {}),
    staticDirs: [{ urlPrefix: '/scenes/', dir: scenesDir }],
    log: (line) => console.log(`[mock-server] ${line}`),
  });
  console.log(`[mock-server] ${scene.sensors.count} sensors; socket.io on ${server.url} (Ctrl-C to stop)`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`[mock-server] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? err.exitCode : 1);
});
