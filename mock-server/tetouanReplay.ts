/**
 * `--replay tetouan` (node side): reads the real Tétouan 2017 zone-load file and hands it to the live energy model,
 * which replays the three zones on three feeders of the running scene (src/core/energy/city/tetouan.ts,
 * liveEnergy.ts). The rest of the city keeps running on the simulator.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTetouanCsv, type TetouanSeries } from '../src/core/energy/city/tetouan.ts';

/** The file in ../shared/data/feeds. */
export const TETOUAN_FILE = 'tetouan_city_power_consumption_2017_10min.csv';
/**
 * The replayed feeders' head loading at Tétouan's annual peak, share of the head section's rating: 1 = the real load
 * shape drives them to their thermal limit at the yearly peak (summer evenings), so overload and voltage alarms
 * respond to the data (scaleZonesToFeederRating).
 */
export const TETOUAN_PEAK_SHARE_OF_RATING = 1;

/** Loads and parses the Tétouan file from `dir`; throws an Error naming the file (and line/field when malformed). */
export async function loadTetouan(dir: string): Promise<TetouanSeries> {
  const file = path.join(dir, TETOUAN_FILE);
  if (!existsSync(file))
    throw new Error(
      `${file}: Tétouan data file not found (pass --data-dir <folder> holding ${TETOUAN_FILE})`,
    );
  return parseTetouanCsv(await readFile(file, 'utf8'), file);
}
