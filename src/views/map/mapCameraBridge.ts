/** The map's camera as a TwinCamera (src/views/cameraBridge.ts): maplibre centre/zoom/bearing/pitch ⇄ TwinCamera. */
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { CityModel } from '../../core/scene/types.ts';

/** Registers the map's camera bridge; returns the detach function. */
export function attachMapCameraBridge(_map: MaplibreMap, _model: CityModel): () => void {
  return () => {};
}
