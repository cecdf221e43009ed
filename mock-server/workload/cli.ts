/**
 * The work-order options of the command lines (main.ts, start.ts): `--workload on|off` (default on), `--data <dir>`
 * (PGlite data and attachment files; default data/workload/<scene> under the repo root), `DATABASE_URL` (a PostgreSQL
 * server instead of PGlite; attachments still in the data dir), and `--replay nyc311` (reportSources.ts).
 */
import path from 'node:path';
import type { CityModel } from '../../src/core/scene/types.ts';
import type { WorkloadFeedOptions } from './feedHook.ts';
import { nyc311Replay, type Nyc311Requests } from './reportSources.ts';

/** Default data dir of a scene. */
export function defaultWorkloadDir(repoRoot: string, sceneName: string): string {
  return path.join(repoRoot, 'data', 'workload', sceneName);
}

/** FeedServerOptions.workload from the command line, or undefined when `--workload off`. */
export function workloadCliOptions(a: {
  readonly workload: string;
  readonly data: string | undefined;
  readonly repoRoot: string;
  readonly sceneName: string;
  readonly scene: CityModel;
  readonly startSimMs: number;
  readonly nyc311: Nyc311Requests | null;
  readonly log: (line: string) => void;
}): WorkloadFeedOptions | undefined {
  if (a.workload !== 'on' && a.workload !== 'off')
    throw new Error(`--workload ${a.workload}: expected "on" or "off"`);
  if (a.workload === 'off') {
    if (a.nyc311 !== null) throw new Error('--replay nyc311 needs the work orders (--workload on)');
    return undefined;
  }
  const dataDir = path.resolve(a.data ?? defaultWorkloadDir(a.repoRoot, a.sceneName));
  const databaseUrl = process.env['DATABASE_URL'];
  let live: WorkloadFeedOptions['live'] = {};
  if (a.nyc311 !== null) {
    const replay = nyc311Replay(a.nyc311.requests, a.scene, a.startSimMs, 1, a.nyc311.note);
    a.log(`work orders: ${replay.description}`);
    live = { reports: replay };
  }
  return { dataDir, ...(databaseUrl !== undefined && databaseUrl !== '' ? { databaseUrl } : {}), live };
}
