/**
 * `--replay <name>` for main.ts and start.ts: loads a recorded feed, makes sure its scene package exists and returns
 * what createFeedServer needs. Only `metr-la` exists today (metrLa.ts).
 */
import type { CityModel } from '../src/core/scene/types.ts';
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

/** Recorded feeds `--replay` accepts. */
export const REPLAYS = ['metr-la'] as const;

/** Default simulation speed of a replay: 60 × (one 5-minute METR-LA row every 5 real seconds). */
export const DEFAULT_REPLAY_SPEED = 60;

/** Everything a replaying feed server needs. */
export interface PreparedReplay {
  readonly sceneName: string;
  readonly scene: CityModel;
  readonly replay: ReadingReplay;
  /** Simulation time of the first row. */
  readonly startSimMs: number;
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
    sceneName: METR_LA_SCENE,
    scene,
    replay: createMetrLaReplay(data, opts.end),
    startSimMs: METR_LA_START_MS,
  };
}
