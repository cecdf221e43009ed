/** Planner what-if state: the levers being edited, the run in progress and the last result. */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { TrafficLever, TrafficWhatIfResult } from '../core/traffic/types.ts';

export type WhatIfRun =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly progress: number }
  | { readonly phase: 'done'; readonly result: TrafficWhatIfResult }
  | { readonly phase: 'error'; readonly message: string };

export interface WhatIfSlice {
  trafficLevers: readonly TrafficLever[];
  trafficWhatIf: WhatIfRun;
  setTrafficLevers(l: readonly TrafficLever[]): void;
  setTrafficWhatIf(r: WhatIfRun): void;
}

export const createWhatIfSlice: StateCreator<AppState, [], [], WhatIfSlice> = (set) => ({
  trafficLevers: [],
  trafficWhatIf: { phase: 'idle' },
  setTrafficLevers: (trafficLevers) => set({ trafficLevers }),
  setTrafficWhatIf: (trafficWhatIf) => set({ trafficWhatIf }),
});
