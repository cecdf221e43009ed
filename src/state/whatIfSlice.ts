/** Planner what-if state: the levers being edited, the run in progress and the last result. */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { TrafficLever, TrafficWhatIfResult } from '../core/traffic/types.ts';

/**
 * Lifecycle of a what-if run. The optional fields were added for the planner panel (src/panels/WhatIfPanel.tsx):
 * what the worker is doing, and which levers at which time of day produced a result.
 */
export type WhatIfRun =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly progress: number;
      readonly stage?: 'loadingScene' | 'assigning';
      readonly levers?: readonly TrafficLever[];
    }
  | {
      readonly phase: 'done';
      readonly result: TrafficWhatIfResult;
      readonly levers?: readonly TrafficLever[];
      /** Time of day the scenario was assigned for, ms since the Unix epoch. */
      readonly simTimeMs?: number;
    }
  | {
      readonly phase: 'error';
      readonly message: string;
      /** Which step failed: loading the scene in the worker, the traffic model, or the worker itself. */
      readonly stage?: 'scene' | 'model' | 'worker';
    };

export interface WhatIfSlice {
  trafficLevers: readonly TrafficLever[];
  trafficWhatIf: WhatIfRun;
  /** Whether the map shows the last result's changed links (src/views/map/whatIfLayer.ts). */
  whatIfLayerVisible: boolean;
  setTrafficLevers(l: readonly TrafficLever[]): void;
  setTrafficWhatIf(r: WhatIfRun): void;
  setWhatIfLayerVisible(v: boolean): void;
}

export const createWhatIfSlice: StateCreator<AppState, [], [], WhatIfSlice> = (set) => ({
  trafficLevers: [],
  trafficWhatIf: { phase: 'idle' },
  whatIfLayerVisible: true,
  setTrafficLevers: (trafficLevers) => set({ trafficLevers }),
  setTrafficWhatIf: (trafficWhatIf) => set({ trafficWhatIf }),
  setWhatIfLayerVisible: (whatIfLayerVisible) => set({ whatIfLayerVisible }),
});
