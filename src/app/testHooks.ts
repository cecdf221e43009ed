/**
 * Ready signal and test API (STYLE.md: tests wait for the app's own ready event). Each canvas reports when it has
 * drawn its first city frame; once both have, `citybrain:ready` fires on window (once per page). With `?test=1`
 * (or a Vite test build) `window.__citybrain` exposes the store, the hot buffers, the model and screen positions
 * of buildings for end-to-end clicks.
 */
import type { AppStore } from '../state/store.ts';
import type { HotBuffers } from '../feed/hotBuffers.ts';
import type { CityModel } from '../core/scene/types.ts';

export type ViewId = 'map' | 'three';
/** Client (page) pixel position of building i's roof centroid in a view, or null when not on screen. */
export type BuildingProjector = (index: number) => [number, number] | null;

const ready: Record<ViewId, boolean> = { map: false, three: false };
const projectors: Partial<Record<ViewId, BuildingProjector>> = {};
let fired = false;

/** A view reports that it has drawn its first frame with the city in it. */
export function markReady(view: ViewId): void {
  if (ready[view]) return;
  ready[view] = true;
  if (!fired && ready.map && ready.three) {
    fired = true;
    window.dispatchEvent(new Event('citybrain:ready'));
  }
}

/** A view registers (or, with null, removes) its building projector. */
export function registerProjector(view: ViewId, fn: BuildingProjector | null): void {
  if (fn) projectors[view] = fn;
  else delete projectors[view];
}

/** True when the page was opened with ?test=1 or built in test mode. */
export function isTestMode(): boolean {
  return import.meta.env.MODE === 'test' || new URLSearchParams(window.location.search).get('test') === '1';
}

/** The API on window.__citybrain. */
export interface CitybrainTestApi {
  readonly store: AppStore;
  readonly hot: HotBuffers;
  getModel(): CityModel | null;
  readonly ready: Readonly<Record<ViewId, boolean>>;
  pickBuildingScreenPos(index: number): { map: [number, number] | null; three: [number, number] | null };
}

declare global {
  interface Window {
    __citybrain?: CitybrainTestApi;
  }
}

/** Installs window.__citybrain (test mode only). */
export function installTestHooks(store: AppStore, hot: HotBuffers, getModel: () => CityModel | null): void {
  if (!isTestMode()) return;
  window.__citybrain = {
    store,
    hot,
    getModel,
    ready,
    pickBuildingScreenPos: (index) => ({
      map: projectors.map?.(index) ?? null,
      three: projectors.three?.(index) ?? null,
    }),
  };
}
