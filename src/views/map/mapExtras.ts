/**
 * Map view extras that need the live map and deck overlay: hover tooltips (name/id + main value with unit, one DOM
 * element written directly, picking throttled to one per animation frame), fly-to-selection (easeTo), and the test
 * projector for sensors, power assets, POIs and links.
 */
import type * as maplibregl from 'maplibre-gl';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { CityModel } from '../../core/scene/types.ts';
import { appStore } from '../../state/store.ts';
import { hot } from '../../feed/hotBuffers.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { registerSelectionProjector } from '../../app/testHooks.ts';
import { selectionAnchor, tooltipText } from '../selectionAnchor.ts';
import { createTooltip } from '../tooltip.ts';
import { onFlyTo } from '../flyTo.ts';
import type { DeckData } from './deckLayers.ts';

/** Installs tooltip, fly-to and test projector on a map; returns the uninstall function. */
export function installMapExtras(
  map: maplibregl.Map,
  overlay: MapboxOverlay,
  model: CityModel,
  getData: () => DeckData,
  pick: (x: number, y: number) => Selection | null,
): () => void {
  const container = map.getContainer();
  const tip = createTooltip(container, 'map-tooltip');

  let pending: { x: number; y: number } | null = null;
  let raf = 0;
  const onFrame = () => {
    raf = 0;
    const p = pending;
    pending = null;
    if (!p) return;
    const sel = pick(p.x, p.y);
    const st = appStore.getState();
    const text = sel ? tooltipText(model, sel, st.incidents, hot, st.lang) : null;
    if (!text) {
      tip.hide();
      return;
    }
    tip.show(text, p.x, p.y);
  };
  const onMove = (e: maplibregl.MapMouseEvent) => {
    pending = { x: e.point.x, y: e.point.y };
    if (!raf) raf = requestAnimationFrame(onFrame);
  };
  const onOut = () => {
    pending = null;
    tip.hide();
  };
  map.on('mousemove', onMove);
  map.on('mouseout', onOut);
  map.on('movestart', onOut);

  const anchor = [0, 0, 0, 0];
  const offFly = onFlyTo(() => {
    const st = appStore.getState();
    if (!st.selection || !selectionAnchor(model, st.selection, st.incidents, anchor)) return;
    const ll = getData().toLonLat(anchor[0] as number, anchor[1] as number);
    map.easeTo({ center: ll, zoom: Math.max(map.getZoom(), 16), duration: 800 });
  });

  registerSelectionProjector('map', (sel) => {
    const st = appStore.getState();
    if (!selectionAnchor(model, sel, st.incidents, anchor)) return null;
    const [lon, lat] = getData().toLonLat(anchor[0] as number, anchor[1] as number);
    // Points and links are drawn on the ground.
    return projectToPage(map, overlay, lon, lat, 0);
  });

  return () => {
    if (raf) cancelAnimationFrame(raf);
    map.off('mousemove', onMove);
    map.off('mouseout', onOut);
    map.off('movestart', onOut);
    offFly();
    registerSelectionProjector('map', null);
    tip.remove();
  };
}

/**
 * Page pixels of a lon/lat at `zM` metres above ground as the map shows it: through the viewport deck draws with
 * (exact for extrusions), or maplibre's ground projection before deck's first render; null when off the canvas.
 */
export function projectToPage(
  map: maplibregl.Map,
  overlay: MapboxOverlay,
  lon: number,
  lat: number,
  zM: number,
): [number, number] | null {
  const rect = map.getCanvas().getBoundingClientRect();
  const deck = (overlay as unknown as { _deck?: { getViewports(): { project(p: number[]): number[] }[] } })
    ._deck;
  const vp = deck?.getViewports()[0];
  let x: number;
  let y: number;
  if (vp) {
    const q = vp.project([lon, lat, zM]);
    x = q[0] as number;
    y = q[1] as number;
  } else {
    const q = map.project([lon, lat]);
    x = q.x;
    y = q.y;
  }
  if (!(x >= 0 && y >= 0 && x <= rect.width && y <= rect.height)) return null;
  return [rect.left + x, rect.top + y];
}
