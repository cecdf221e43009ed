/**
 * The playlist scene decides which domain layers are on (issue 7 kiosk rotation): the city overview shows every
 * domain's layers as the app starts them; a domain scene shows that domain's layers and hides the other domains'.
 * Base layers (buildings, roads, water …) are never touched. Modes never name a domain: the layer sets come from
 * DOMAINS (src/domains/registry.ts).
 */
import type { AppStore } from '../state/store.ts';
import type { LayerId } from '../state/uiSlice.ts';
import type { WallSceneId } from '../core/wall/types.ts';
import { DOMAINS } from '../domains/registry.ts';
import { sceneDomain } from './wallFormat.ts';

/** Sets the domain layers for `scene`; `defaults` is the layer state before the wall changed anything. */
export function applySceneLayers(
  store: AppStore,
  scene: WallSceneId,
  defaults: Readonly<Record<LayerId, boolean>>,
): void {
  const shown = sceneDomain(scene);
  // A layer two domains share is on when either of them is shown.
  const want = new Map<LayerId, boolean>();
  for (const d of DOMAINS) {
    for (const id of d.layers) want.set(id, (want.get(id) ?? false) || shown === null || shown === d.id);
  }
  const { layers, setLayer } = store.getState();
  for (const [id, on] of want) {
    const visible = on && defaults[id];
    if (layers[id] !== visible) setLayer(id, visible);
  }
}
