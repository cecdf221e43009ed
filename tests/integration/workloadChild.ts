/**
 * A feed server with the work-order service on a data dir, as a child process for tests/integration/workloadKill
 * .test.ts (which kills it with SIGKILL). `tsx workloadChild.ts <dataDir>`; prints `READY <url>` once listening.
 */
import { createFeedServer } from '../../mock-server/server.ts';
import { START_SIM_MS, tinyCity } from './fixtures.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: workloadChild.ts <dataDir>');
const server = await createFeedServer({
  scene: tinyCity(),
  sceneName: 'tiny',
  seed: 3,
  speed: 60,
  startSimMs: START_SIM_MS,
  port: 0,
  log: () => {},
  workload: { dataDir, live: false },
});
process.stdout.write(`READY ${server.url}\n`);
