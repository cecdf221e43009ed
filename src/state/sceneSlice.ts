/** Which scene is loaded and its load progress. The CityModel itself is held outside the store (src/app/sceneHolder.ts
 * keeps the typed arrays, which must not be copied or diffed by React). */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';

export type SceneLoad =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading'; readonly name: string; readonly progress: number }
  | { readonly phase: 'ready'; readonly name: string; readonly version: number }
  | { readonly phase: 'error'; readonly name: string; readonly message: string };

export interface SceneSlice {
  sceneLoad: SceneLoad;
  setSceneLoad(s: SceneLoad): void;
}

export const createSceneSlice: StateCreator<AppState, [], [], SceneSlice> = (set) => ({
  sceneLoad: { phase: 'idle' },
  setSceneLoad: (sceneLoad) => set({ sceneLoad }),
});
