/**
 * The app store: cold state only (DESIGN.md rule 3), composed of slices, changed only through named actions.
 * Framework-free core (`appStore`, usable from tests and workers' main-thread glue) plus the React hook.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createFeedSlice, type FeedSlice } from './feedSlice.ts';
import { createSceneSlice, type SceneSlice } from './sceneSlice.ts';
import { createSelectionSlice, type SelectionSlice } from './selectionSlice.ts';
import { createUiSlice, type UiSlice } from './uiSlice.ts';
import { createTrafficSlice, type TrafficSlice } from './trafficSlice.ts';
import { createWhatIfSlice, type WhatIfSlice } from './whatIfSlice.ts';
import { createEnergySlice, type EnergySlice } from './energySlice.ts';
import { createEnergyWhatIfSlice, type EnergyWhatIfSlice } from './energyWhatIfSlice.ts';
import { createWorkloadSlice, type WorkloadSlice } from './workloadSlice.ts';
import { createHazardSlice, type HazardSlice } from './hazardSlice.ts';

export type AppState = FeedSlice &
  SceneSlice &
  SelectionSlice &
  UiSlice &
  TrafficSlice &
  WhatIfSlice &
  EnergySlice &
  EnergyWhatIfSlice &
  WorkloadSlice &
  HazardSlice;

/** Creates a fresh store (tests create their own; the app uses `appStore`). */
export const createAppStore = () =>
  createStore<AppState>()((...a) => ({
    ...createFeedSlice(...a),
    ...createSceneSlice(...a),
    ...createSelectionSlice(...a),
    ...createUiSlice(...a),
    ...createTrafficSlice(...a),
    ...createWhatIfSlice(...a),
    ...createEnergySlice(...a),
    ...createEnergyWhatIfSlice(...a),
    ...createWorkloadSlice(...a),
    ...createHazardSlice(...a),
  }));

export type AppStore = ReturnType<typeof createAppStore>;

/** The app's single store. */
export const appStore: AppStore = createAppStore();

/** React binding: subscribe to a selected piece of the store. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
