/**
 * `npm run mock-server -- --scene default --scenes-dir scenes --port 8787 --seed 1 --speed 10
 *   [--start 2026-03-02T06:30:00+08:00] [--host 127.0.0.1] [--batch-hz 5] [--flood 200000]`
 * --flood N: benchmark mode, tops every batch up with random valid readings to N readings/s in total (flood.ts).
 * Runs the feed server alone (scenes served at /scenes/, no app). `npm start` (start.ts) serves the app too.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readScenePackage } from '../src/node/scenePackage.ts';
import { checkFloodRate } from './flood.ts';
import { createFeedServer } from './server.ts';

const { values: args } = parseArgs({
  options: {
    scene: { type: 'string', default: 'default' },
    'scenes-dir': { type: 'string', default: 'scenes' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    speed: { type: 'string', default: '10' },
    start: { type: 'string', default: '2026-03-02T06:30:00+08:00' },
    'batch-hz': { type: 'string', default: '5' },
    flood: { type: 'string', default: '0' },
  },
});

async function main(): Promise<void> {
  const port = Number(args.port);
  const seed = Number(args.seed);
  const speed = Number(args.speed);
  const batchHz = Number(args['batch-hz']);
  const startSimMs = Date.parse(args.start);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${args.port}: not a port number`);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${args.seed}: must be an integer`);
  if (!(speed > 0))
    throw new Error(`--speed ${args.speed}: must be a positive number (sim seconds per second)`);
  if (!(batchHz > 0 && batchHz <= 200))
    throw new Error(`--batch-hz ${args['batch-hz']}: must be in (0, 200]`);
  if (!Number.isFinite(startSimMs)) throw new Error(`--start ${args.start}: not an ISO date-time`);
  const floodRate = Number(args.flood);
  const floodErr = checkFloodRate(floodRate);
  if (floodErr !== null) throw new Error(`--flood ${args.flood}: ${floodErr}`);
  const scenesDir = path.resolve(args['scenes-dir']);
  const scene = await readScenePackage(scenesDir, args.scene);
  const server = await createFeedServer({
    scene,
    sceneName: args.scene,
    seed,
    speed,
    startSimMs,
    port,
    host: args.host,
    batchHz,
    ...(floodRate > 0 ? { flood: { readingsPerS: floodRate } } : {}),
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
  process.exit(1);
});
