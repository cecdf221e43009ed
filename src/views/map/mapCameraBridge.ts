/**
 * The map's camera as a TwinCamera (src/views/cameraBridge.ts): maplibre centre/zoom/bearing/pitch ⇄ TwinCamera.
 * Centre = the point looked at (scene metres through the scene's local frame); bearing = heading; pitch = pitch
 * (both 0 = north-up / straight down); zoom ⇄ distance: maplibre's camera sits `0.5·H / tan(fov/2)` pixels from the
 * centre (H = canvas height), and a pixel is `C·cos(lat) / (512·2^zoom)` metres (C = 40 075 016.686 m, the WGS-84
 * equator; 512-px tiles), so distanceM = (0.5·H / tan(fov/2)) · C·cos(lat) / (512·2^zoom).
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { CityModel } from '../../core/scene/types.ts';
import type { TwinCamera } from '../../core/wall/types.ts';
import { createLocalFrame, lonLat, localM } from '../../core/geo/projection.ts';
import { registerCameraBridge, reportCameraMove, type CameraBridge } from '../cameraBridge.ts';

/** WGS-84 equator length, m (2π · 6 378 137). */
const EQUATOR_M = 40_075_016.686;
/** maplibre's tile size, px. */
const TILE_PX = 512;
/** maplibre's default vertical field of view, degrees (used when the map cannot tell). */
const DEFAULT_FOV_DEG = 36.8699;

/** Pixels from maplibre's camera to the map centre. */
function cameraPx(map: MaplibreMap): number {
  const fov =
    typeof map.getVerticalFieldOfView === 'function' ? map.getVerticalFieldOfView() : DEFAULT_FOV_DEG;
  const h = Math.max(1, map.getCanvas().clientHeight);
  return (0.5 * h) / Math.tan(((fov > 0 ? fov : DEFAULT_FOV_DEG) * Math.PI) / 360);
}

/** Zoom level at which the camera is `distanceM` from the centre at latitude `latDeg`. */
export function zoomForDistance(distanceM: number, latDeg: number, camPx: number): number {
  return Math.log2((EQUATOR_M * Math.cos((latDeg * Math.PI) / 180) * camPx) / (TILE_PX * distanceM));
}

/** Distance of the camera from the centre at `zoom` and latitude `latDeg`, m. */
export function distanceForZoom(zoom: number, latDeg: number, camPx: number): number {
  return (EQUATOR_M * Math.cos((latDeg * Math.PI) / 180) * camPx) / (TILE_PX * 2 ** zoom);
}

/** Registers the map's camera bridge; returns the detach function. */
export function attachMapCameraBridge(map: MaplibreMap, model: CityModel): () => void {
  const frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
  const get = (): TwinCamera => {
    const c = map.getCenter();
    const [x, y] = frame.toLocal(lonLat(c.lng, c.lat));
    const heading = map.getBearing();
    return {
      x,
      y,
      distanceM: distanceForZoom(map.getZoom(), c.lat, cameraPx(map)),
      headingDeg: heading < 0 ? heading + 360 : heading,
      pitchDeg: map.getPitch(),
    };
  };
  const bridge: CameraBridge = {
    get,
    set(cam, durationMs) {
      const [lon, lat] = frame.toLonLat(localM(cam.x, cam.y));
      const opts = {
        center: [lon, lat] as [number, number],
        zoom: zoomForDistance(cam.distanceM, lat, cameraPx(map)),
        bearing: cam.headingDeg,
        pitch: cam.pitchDeg,
      };
      if (durationMs > 0) map.easeTo({ ...opts, duration: durationMs, essential: true });
      else map.jumpTo(opts);
    },
  };
  // A move with an originalEvent comes from a pointer, wheel or key; jumpTo/easeTo moves have none.
  const onMove = (e: { originalEvent?: unknown }): void => {
    reportCameraMove('map', get(), e.originalEvent !== undefined);
  };
  registerCameraBridge('map', bridge);
  map.on('move', onMove);
  return () => {
    map.off('move', onMove);
    registerCameraBridge('map', null);
  };
}
