import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../../citygen/generateCity.ts';
import { importGeoJson } from '../../scene/importer.ts';
import type { CityModel } from '../../scene/types.ts';
import { buildGridModel, designPeakMw } from './gridModel.ts';
import { runEnergy, runEnergyWhatIf } from './whatIf.ts';

/** The synthetic city the generator makes for seed 1 with 2,000 buildings, imported as the CLI does. */
function city2k(): CityModel {
  const city = generateCity({ seed: 1, buildings: 2000 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'gen2k', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated city failed to import');
  return r.model;
}

/** 2026-07-15 00:00 China Standard Time (a Wednesday). */
const MIDNIGHT = 1_784_044_800_000;

describe('energy model of a generated city', () => {
  const model = city2k();
  const g = buildGridModel(model);

  it('builds a connected grid from the scene and serves every building', () => {
    expect(g.stationCount).toBeGreaterThan(1);
    expect(g.feederCount).toBeGreaterThan(g.stationCount - 1);
    expect(g.hvLineCount).toBeGreaterThanOrEqual(g.stationCount - 1);
    for (let i = 0; i < model.buildings.count; i++) expect(g.buildingBus[i]).toBeGreaterThanOrEqual(0);
    expect(designPeakMw(g)).toBeGreaterThan(0);
    // Parents come before children (the order the design-load accumulation relies on).
    for (let i = 0; i < g.busCount; i++) expect(g.busParent[i]!).toBeLessThan(i);
  });

  it('runs 24 hours at 5-minute steps: converged, balanced, within the voltage band, deterministic', () => {
    let worstBalance = 0;
    const s = runEnergy(g, MIDNIGHT, 24, undefined, { seed: 5 }, (r) => {
      const supply = r.importMw + r.storageMw + r.pvMw + r.windMw + r.thermalMw;
      worstBalance = Math.max(worstBalance, Math.abs(r.servedLoadMw + r.lossesMw - supply));
    });
    expect(s.steps).toBe(288);
    expect(s.nonConvergedSteps).toBe(0);
    expect(worstBalance).toBeLessThan(1e-6);
    expect(s.shedMwh).toBe(0);
    expect(s.minVoltagePu).toBeGreaterThan(0.93);
    expect(s.pvMwh).toBeGreaterThan(0);
    expect(s.renewableShare).toBeGreaterThan(0);
    expect(s.carbonIntensityGPerKwh).toBeGreaterThan(0);
    expect(s.carbonIntensityGPerKwh).toBeLessThan(1000 * 0.5617);
    // Losses of a city distribution grid: a few per cent of the energy.
    expect(s.lossesMwh / s.servedMwh).toBeGreaterThan(0.001);
    expect(s.lossesMwh / s.servedMwh).toBeLessThan(0.05);
    expect(runEnergy(g, MIDNIGHT, 24, undefined, { seed: 5 })).toEqual(s);
  });

  it('a storage strategy switch changes the carbon and the peak import, not the load', () => {
    const w = runEnergyWhatIf(g, MIDNIGHT, 24, [{ kind: 'storageStrategy', strategy: 'off' }]);
    expect(w.delta.peakDemandMw).toBe(0);
    expect(w.scenario.storageDischargeMwh).toBe(0);
    expect(w.baseline.storageDischargeMwh).toBeGreaterThan(0);
    expect(w.scenario.peakImportMw).toBeGreaterThanOrEqual(w.baseline.peakImportMw);
  });
});
