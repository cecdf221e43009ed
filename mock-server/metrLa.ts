/**
 * The METR-LA replay (`--replay metr-la`): real loop-detector speeds of 207 Los Angeles freeway sensors, 5-minute
 * rows from 2012-03-01 00:00 to 2012-03-07 23:55 local time (METR-LA, Li, Yu, Shahabi & Liu 2018, "Diffusion
 * Convolutional Recurrent Neural Network: Data-Driven Traffic Forecasting", ICLR; redistributed by liyaguang/DCRNN,
 * MIT), streamed through the feed as ordinary speed readings on a generated scene `metr-la` that holds the 207 road
 * loops at their real coordinates. Files: ../shared/data/feeds (see its README); never copied into the repo.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Channel, type ReadingColumns } from '../src/core/protocol/index.ts';
import { createLocalFrame, lonLat } from '../src/core/geo/projection.ts';
import {
  emptyAreas,
  emptyBuildings,
  emptyPois,
  emptyPower,
  emptyRoads,
  emptyZones,
} from '../src/core/scene/empty.ts';
import { NO_INDEX, SensorKind, type CityModel } from '../src/core/scene/types.ts';
import { writeScenePackage } from '../src/node/scenePackage.ts';
import type { ReadingReplay } from './server.ts';

/** Name of the generated scene package. */
export const METR_LA_SCENE = 'metr-la';
/** Speed data file (in the data folder). */
export const METR_LA_SPEED_FILE = 'metr_la_speed_207sensors_2012-03-01_07.csv';
/** Sensor locations file (in the data folder). */
export const METR_LA_LOCATIONS_FILE = 'metr_la_sensor_locations.csv';
/**
 * km/h per mph, exact: the international mile is 1609.344 m (International Yard and Pound Agreement, 1959;
 * NIST SP 811, 2008, appendix B.9).
 */
export const MPH_TO_KPH = 1.609344;
/**
 * Time of row 0: 2012-03-01 00:00 in Los Angeles. Pacific Standard Time (UTC−8) holds for the whole week: US daylight
 * saving time began on 2012-03-11 (Energy Policy Act of 2005, §110).
 */
export const METR_LA_START_MS = Date.parse('2012-03-01T00:00:00-08:00');
/** Row spacing: 5 minutes. */
export const METR_LA_ROW_MS = 5 * 60 * 1000;
/** Los Angeles standard time, minutes east of UTC. */
export const METR_LA_UTC_OFFSET_MIN = -480;

/** The parsed data: sensors in file order and speeds row-major (row · sensorCount + sensor), mph; 0 = no reading. */
export interface MetrLaData {
  readonly sensorIds: readonly string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly rows: number;
  readonly speedMph: Float64Array;
}

/** The default data folder: ../shared/data/feeds next to the repository. */
export function defaultMetrLaDir(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'data', 'feeds');
}

function lines(text: string): string[] {
  const out = text.split(/\r?\n/);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Parses the locations file (`index,sensor_id,latitude,longitude`); throws an Error naming file, line and field. */
export function parseMetrLaLocations(
  text: string,
  file: string,
): { ids: string[]; lon: Float64Array; lat: Float64Array } {
  const ls = lines(text);
  const header = (ls[0] ?? '').trim();
  if (header !== 'index,sensor_id,latitude,longitude')
    throw new Error(
      `${file}:1: expected the header "index,sensor_id,latitude,longitude", got "${header.slice(0, 80)}"`,
    );
  const n = ls.length - 1;
  if (n === 0) throw new Error(`${file}: no sensors after the header`);
  const ids: string[] = [];
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lineNo = i + 2;
    const f = (ls[i + 1] ?? '').split(',');
    if (f.length !== 4) throw new Error(`${file}:${lineNo}: expected 4 fields, got ${f.length}`);
    if (Number(f[0]) !== i)
      throw new Error(`${file}:${lineNo}: index "${f[0]}", expected ${i} (rows in order)`);
    const id = (f[1] ?? '').trim();
    if (!/^\d{1,12}$/.test(id)) throw new Error(`${file}:${lineNo}: sensor_id "${id}" is not a number`);
    const la = Number(f[2]);
    const lo = Number(f[3]);
    if (!(Math.abs(la) <= 90) || (f[2] ?? '').trim() === '')
      throw new Error(`${file}:${lineNo}: latitude "${f[2]}" is not in −90…90`);
    if (!(Math.abs(lo) <= 180) || (f[3] ?? '').trim() === '')
      throw new Error(`${file}:${lineNo}: longitude "${f[3]}" is not in −180…180`);
    ids.push(id);
    lat[i] = la;
    lon[i] = lo;
  }
  return { ids, lon, lat };
}

/**
 * Parses the speed file: a header of sensor ids (must equal `ids`, in order), then one row of mph per 5 minutes.
 * Throws an Error naming file, line and column on anything that is not a finite speed in 0…200 mph.
 */
export function parseMetrLaSpeeds(
  text: string,
  file: string,
  ids: readonly string[],
): { rows: number; speedMph: Float64Array } {
  const ls = lines(text);
  const header = (ls[0] ?? '').split(',').map((s) => s.trim());
  if (header.length !== ids.length)
    throw new Error(
      `${file}:1: header has ${header.length} sensor ids, the locations file has ${ids.length}`,
    );
  for (let s = 0; s < ids.length; s++) {
    if (header[s] !== ids[s])
      throw new Error(
        `${file}:1: column ${s + 1} is sensor "${header[s]}", the locations file says "${ids[s]}"`,
      );
  }
  const rows = ls.length - 1;
  if (rows === 0) throw new Error(`${file}: no data rows after the header`);
  const S = ids.length;
  const speedMph = new Float64Array(rows * S);
  for (let r = 0; r < rows; r++) {
    const lineNo = r + 2;
    const f = (ls[r + 1] ?? '').split(',');
    if (f.length !== S) throw new Error(`${file}:${lineNo}: expected ${S} values, got ${f.length}`);
    for (let s = 0; s < S; s++) {
      const raw = f[s] as string;
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 200) {
        throw new Error(
          `${file}:${lineNo}: column ${s + 1} (sensor ${ids[s]}): "${raw.slice(0, 20)}" is not a speed in 0…200 mph`,
        );
      }
      speedMph[r * S + s] = v;
    }
  }
  return { rows, speedMph };
}

/** Reads and validates both files from `dir`; the Error names the missing or bad file (and line). */
export async function loadMetrLa(dir: string): Promise<MetrLaData> {
  const locFile = path.join(dir, METR_LA_LOCATIONS_FILE);
  const speedFile = path.join(dir, METR_LA_SPEED_FILE);
  for (const f of [locFile, speedFile]) {
    if (!existsSync(f))
      throw new Error(
        `${f}: METR-LA data file not found (pass --data-dir <folder> holding ${path.basename(f)})`,
      );
  }
  const loc = parseMetrLaLocations(await readFile(locFile, 'utf8'), locFile);
  const sp = parseMetrLaSpeeds(await readFile(speedFile, 'utf8'), speedFile, loc.ids);
  return { sensorIds: loc.ids, lon: loc.lon, lat: loc.lat, rows: sp.rows, speedMph: sp.speedMph };
}

/** Margin around the sensors' bounding box, degrees (~1 km), so no sensor sits on the map's edge. */
const BBOX_MARGIN_DEG = 0.01;

/**
 * The `metr-la` scene: the road-loop sensors at their coordinates (no roads, buildings or zones: the loops are not
 * tied to links, linkIndex = NO_INDEX), origin at the centre of their bounding box.
 */
export function buildMetrLaScene(data: MetrLaData, importedAt: string): CityModel {
  const n = data.sensorIds.length;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let nn = -Infinity;
  for (let i = 0; i < n; i++) {
    w = Math.min(w, data.lon[i] as number);
    e = Math.max(e, data.lon[i] as number);
    s = Math.min(s, data.lat[i] as number);
    nn = Math.max(nn, data.lat[i] as number);
  }
  const bbox = [w - BBOX_MARGIN_DEG, s - BBOX_MARGIN_DEG, e + BBOX_MARGIN_DEG, nn + BBOX_MARGIN_DEG] as const;
  const origin = { lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2 };
  const frame = createLocalFrame(lonLat(origin.lon, origin.lat));
  const ll = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    ll[2 * i] = data.lon[i] as number;
    ll[2 * i + 1] = data.lat[i] as number;
  }
  const xy = new Float32Array(2 * n);
  frame.toLocalArray(ll, xy);
  const sw = frame.toLocal(lonLat(bbox[0], bbox[1]));
  const ne = frame.toLocal(lonLat(bbox[2], bbox[3]));
  return {
    meta: {
      name: METR_LA_SCENE,
      title: {
        zh: '洛杉矶高速公路线圈检测器（METR-LA）',
        en: 'Los Angeles freeway loop detectors (METR-LA)',
      },
      synthetic: false,
      utcOffsetMin: METR_LA_UTC_OFFSET_MIN,
      attribution:
        'METR-LA: 207 loop detectors, Los Angeles County, March 2012 (Li, Yu, Shahabi & Liu 2018, DCRNN, ICLR), ' +
        'redistributed by liyaguang/DCRNN (MIT)',
      origin,
      bbox,
      extentM: { minX: sw[0], minY: sw[1], maxX: ne[0], maxY: ne[1] },
      stats: {
        featuresRead: n,
        buildings: 0,
        heightsGiven: 0,
        heightsFromLevels: 0,
        heightsFromUseClass: 0,
        roadLines: 0,
        links: 0,
        nodes: 0,
        lanesDerived: 0,
        speedsDerived: 0,
        repaired: 0,
        skipped: 0,
        warnings: 0,
        virtualSensors: 0,
      },
      importedAt,
    },
    buildings: emptyBuildings(),
    roads: emptyRoads(),
    areas: emptyAreas(),
    power: emptyPower(),
    sensors: {
      count: n,
      kind: new Uint8Array(n).fill(SensorKind.roadLoop),
      xy,
      linkIndex: new Uint32Array(n).fill(NO_INDEX),
      sourceId: data.sensorIds.map((id) => `sensor:metr-la:${id}`),
    },
    pois: emptyPois(),
    zones: emptyZones(),
    terrain: null,
  };
}

/** Writes scenes/metr-la when it is missing (generated from the data, never committed: scenes/*\/ is ignored). */
export async function ensureMetrLaScene(
  scenesDir: string,
  data: MetrLaData,
  log: (line: string) => void,
): Promise<void> {
  if (existsSync(path.join(scenesDir, METR_LA_SCENE, 'scene.json'))) return;
  log(`generating the scene '${METR_LA_SCENE}' (${data.sensorIds.length} METR-LA sensors) in ${scenesDir}`);
  await writeScenePackage(scenesDir, METR_LA_SCENE, buildMetrLaScene(data, new Date().toISOString()));
}

/** What happens after the last row: start the week over (sim time keeps running) or stop emitting. */
export type ReplayEnd = 'loop' | 'stop';

/**
 * The replay: row i of lap k (k = 0, 1, …) is due at METR_LA_START_MS + (k·rows + i)·5 min of simulation time; each
 * tick emits every due row's non-zero speeds as Channel.speedKph readings, value = mph × MPH_TO_KPH (stored as
 * float32 on the wire). A 0 in METR-LA means "no reading" (missing data, Li et al. 2018): no reading is sent, so the
 * sensor keeps its previous value. The scene's sensor i is column i of the file.
 */
export function createMetrLaReplay(data: MetrLaData, end: ReplayEnd): ReadingReplay {
  const S = data.sensorIds.length;
  const rows = data.rows;
  const rowAt = (simMs: number): number => Math.floor((simMs - METR_LA_START_MS) / METR_LA_ROW_MS);
  return {
    description: `METR-LA, ${S} sensors × ${rows} rows of 5 min from 2012-03-01 00:00 PST, ${end === 'loop' ? 'looping' : 'stopping at the end'}`,
    step(prevSimMs: number, simMs: number, out: ReadingColumns): void {
      let last = rowAt(simMs);
      if (end === 'stop') last = Math.min(last, rows - 1);
      // The first tick sends the row in force at its time (not the whole history before it).
      const first =
        prevSimMs === Number.NEGATIVE_INFINITY ? Math.max(0, last) : Math.max(0, rowAt(prevSimMs) + 1);
      for (let g = first; g <= last; g++) {
        const base = (g % rows) * S;
        for (let s = 0; s < S; s++) {
          const mph = data.speedMph[base + s] as number;
          if (mph === 0) continue;
          out.push(s, Channel.speedKph, mph * MPH_TO_KPH);
        }
      }
    },
  };
}
