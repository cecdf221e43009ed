/**
 * The client's grid model: built from the current scene with the same pure `buildGridModel` the feed server runs
 * (src/core/energy/city/gridModel.ts), so the energy feed's element indices (buses, stations, HV lines, feeders,
 * storage and PV units) mean the same thing on both sides; the feed checks the counts. Held outside React and the
 * store like the scene (sceneHolder.ts) and rebuilt lazily when the scene changes (≈ 50 ms on the default city).
 */
import { buildGridModel, type CityGridModel } from '../core/energy/city/gridModel.ts';
import type { EnergyCounts } from '../core/protocol/energyState.ts';
import { getModel } from './sceneHolder.ts';
import type { CityModel } from '../core/scene/types.ts';

let builtFor: CityModel | null = null;
let grid: CityGridModel | null = null;

/** The grid model of the current scene (null when no scene is loaded). */
export function getGridModel(): CityGridModel | null {
  const city = getModel();
  if (city === null) return null;
  if (city !== builtFor) {
    grid = buildGridModel(city);
    builtFor = city;
  }
  return grid;
}

/** Element counts of a grid model, as the energy protocol carries them. */
export function gridCounts(m: CityGridModel): EnergyCounts {
  return {
    bus: m.busCount,
    hvLine: m.hvLineCount,
    station: m.stationCount,
    feeder: m.feederCount,
    storage: m.storage.count,
    pv: m.pv.count,
  };
}
