/**
 * Holds the decoded CityModel outside React and the store (DESIGN.md rule 3): its typed arrays must never be
 * copied, frozen or diffed. The store's `sceneLoad.version` says which model is current; views read it from here.
 */
import type { CityModel } from '../core/scene/types.ts';

let current: CityModel | null = null;
let version = 0;

/** Replaces the held model and returns its new version number (the store records it). */
export function setModel(model: CityModel | null): number {
  current = model;
  version++;
  return version;
}

/** The current model, or null before the first scene has loaded. */
export function getModel(): CityModel | null {
  return current;
}

/** The current model; throws when none is loaded (for views that only mount once the scene is ready). */
export function requireModel(): CityModel {
  if (!current) throw new Error('no scene loaded: views must mount only when sceneLoad.phase is "ready"');
  return current;
}
