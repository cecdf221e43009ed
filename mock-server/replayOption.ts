/**
 * `--replay <name>` for main.ts and start.ts: loads a recorded feed and returns what createFeedServer needs.
 * `metr-la` (metrLa.ts) replaces the simulator's readings with the recorded speeds on its own generated scene;
 * `tetouan` (tetouanReplay.ts) keeps the chosen scene and the simulator, and drives three feeders of the live
 * energy model with the recorded zone loads; `nyc311` (workload/reportSources.ts) keeps the scene and the simulator,
 * and replays the NYC 311 sample as work-order reports at the scene's locations.
 */
import type { CityModel } from '../src/core/scene/types.ts';
import type { CitySimOptions } from '../src/core/sim/citySimulator.ts';
import { loadTetouan, TETOUAN_PEAK_SHARE_OF_RATING } from './tetouanReplay.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';
import {
  createMetrLaReplay,
  defaultMetrLaDir,
  ensureMetrLaScene,
  loadMetrLa,
  METR_LA_SCENE,
  METR_LA_START_MS,
  type ReplayEnd,
} from './metrLa.ts';
import type { ReadingReplay } from './server.ts';
import { loadNyc311Requests, type Nyc311Requests } from './workload/reportSources.ts';

/** Recorded feeds `--replay` accepts. */
export const REPLAYS = ['metr-la', 'tetouan', 'nyc311'] as const;

/** Default simulation speed of a replay: 60 × (one 5-minute METR-LA row every 5 real seconds). */
export const DEFAULT_REPLAY_SPEED = 60;

/** Everything a replaying feed server needs. */
export type PreparedReplay =
  | {
      readonly kind: 'readings';
      readonly sceneName: string;
      readonly scene: CityModel;
      readonly replay: ReadingReplay;
      /** Simulation time of the first row. */
      readonly startSimMs: number;
    }
  | {
      /** Runs on the chosen scene; only the simulator's energy options change. */
      readonly kind: 'energy';
      readonly sim: Pick<CitySimOptions, 'energy'>;
    }
  | {
      /** Runs on the chosen scene; the recorded requests become work-order reports (workload/cli.ts). */
      readonly kind: 'workload';
      readonly nyc311: Nyc311Requests;
    };

/** Default simulation speed: 60 for a readings replay, the simulator's 10 otherwise. */
export function defaultSpeed(replay: string | undefined): number {
  return replay === 'metr-la' ? DEFAULT_REPLAY_SPEED : 10;
}

/** Parses `--replay-end`. */
export function parseReplayEnd(v: string): ReplayEnd {
  if (v === 'loop' || v === 'stop') return v;
  throw new Error(`--replay-end ${v}: expected "loop" or "stop"`);
}

/** Loads the named replay (data from `dataDir`, default ../shared/data/feeds) and its scene (generated if missing). */
export async function prepareReplay(
  name: string,
  opts: {
    repoRoot: string;
    scenesDir: string;
    dataDir?: string;
    end: ReplayEnd;
    log: (line: string) => void;
  },
): Promise<PreparedReplay> {
  if (name === 'tetouan') {
    const dir = opts.dataDir ?? defaultMetrLaDir(opts.repoRoot);
    const series = await loadTetouan(dir);
    opts.log(
      `Tétouan replay: ${series.rowCount} rows of ${series.fileName} on the three largest feeders (peak at ${TETOUAN_PEAK_SHARE_OF_RATING * 100} % of their rating)`,
    );
    return {
      kind: 'energy',
      sim: { energy: { tetouan: { series, peakShareOfRating: TETOUAN_PEAK_SHARE_OF_RATING } } },
    };
  }
  if (name === 'nyc311') {
    const nyc311 = await loadNyc311Requests(opts.dataDir ?? defaultMetrLaDir(opts.repoRoot));
    opts.log(`NYC 311 replay: ${nyc311.requests.length} requests (${nyc311.note})`);
    return { kind: 'workload', nyc311 };
  }
  if (name !== 'metr-la') throw new Error(`--replay ${name}: unknown replay (known: ${REPLAYS.join(', ')})`);
  const data = await loadMetrLa(opts.dataDir ?? defaultMetrLaDir(opts.repoRoot));
  await ensureMetrLaScene(opts.scenesDir, data, opts.log);
  const scene = await readScenePackage(opts.scenesDir, METR_LA_SCENE);
  if (scene.sensors.count !== data.sensorIds.length) {
    throw new Error(
      `scene '${METR_LA_SCENE}' in ${opts.scenesDir} has ${scene.sensors.count} sensors, the data ${data.sensorIds.length}: delete the folder to regenerate it`,
    );
  }
  return {
    kind: 'readings',
    sceneName: METR_LA_SCENE,
    scene,
    replay: createMetrLaReplay(data, opts.end),
    startSimMs: METR_LA_START_MS,
  };
}
