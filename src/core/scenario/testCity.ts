/** A small generated city for the scenario tests (imported as the real scenes are; as src/core/hazards/whatIf.test.ts). */
import { DEFAULT_ORIGIN, GIS_LAYERS, cityGeoJsonTexts, generateCity } from '../citygen/generateCity.ts';
import { importGeoJson } from '../scene/importer.ts';
import type { CityModel } from '../scene/types.ts';

/** A generated 500-building city named 'gen500'. */
export function city500(): CityModel {
  const city = generateCity({ seed: 1, buildings: 500 });
  const texts = cityGeoJsonTexts(city);
  const r = importGeoJson(
    GIS_LAYERS.map((l) => ({ fileName: `${l}.geojson`, text: texts[l] })),
    { name: 'gen500', importedAt: '2026-01-01T00:00:00Z', origin: DEFAULT_ORIGIN, title: city.title },
  );
  if (!r.ok) throw new Error('generated city failed to import');
  return r.model;
}
