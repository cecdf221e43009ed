/** What the user picked, shared by the map and 3D views and the inspector. */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';

/** A picked scene feature, by collection and index into the CityModel arrays. */
export type Selection =
  | { readonly kind: 'building'; readonly index: number }
  | { readonly kind: 'link'; readonly index: number }
  | { readonly kind: 'sensor'; readonly index: number }
  | { readonly kind: 'power'; readonly index: number }
  | { readonly kind: 'poi'; readonly index: number }
  | { readonly kind: 'incident'; readonly id: string }
  /** An element of the client's grid model (src/app/gridHolder.ts): station, feeder, bus (its upstream section),
   * HV line, storage or PV unit. */
  | { readonly kind: 'energy'; readonly asset: EnergyAssetKind; readonly index: number }
  /** A work order of 一网统管 (store woOrders). */
  | { readonly kind: 'workOrder'; readonly id: string }
  /** A hazard of the resilience runtime (store hzHazards), or one step of its cascade (store hzCascade). */
  | { readonly kind: 'hazard'; readonly id: string }
  | { readonly kind: 'cascade'; readonly id: string };

export interface SelectionSlice {
  selection: Selection | null;
  /** Where the selection came from (so a view does not react to its own echo). */
  selectionSource: 'map' | '3d' | 'panel' | 'test' | null;
  select(sel: Selection | null, source: SelectionSlice['selectionSource']): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set) => ({
  selection: null,
  selectionSource: null,
  select: (selection, selectionSource) => set({ selection, selectionSource }),
});
