/** Planner energy what-if state: the levers being edited, the run in progress and the last result. */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';
import type { EnergyLever, EnergyWhatIfResult } from '../core/energy/city/whatIf.ts';
import type { EnergyWhatIfFailStage, EnergyWhatIfStage } from '../scenario/energyWhatIfMessages.ts';

/** The span a run covers: from startSimMs (ms since the Unix epoch) for `hours`. */
export interface EnergyWhatIfSpan {
  readonly startSimMs: number;
  readonly hours: number;
}

/** Lifecycle of an energy what-if run (src/scenario/energyWhatIfClient.ts drives it). */
export type EnergyWhatIfRun =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly stage: EnergyWhatIfStage;
      /** Dispatch steps done and in all (baseline + scenario); total 0 until the worker has built the run. */
      readonly stepsDone: number;
      readonly stepsTotal: number;
      readonly levers: readonly EnergyLever[];
      readonly span: EnergyWhatIfSpan;
    }
  | {
      readonly phase: 'done';
      readonly result: EnergyWhatIfResult;
      readonly levers: readonly EnergyLever[];
      readonly span: EnergyWhatIfSpan;
      /** Wall time of the two runs in the worker, ms, and the dispatch interval, ms. */
      readonly elapsedMs: number;
      readonly stepMs: number;
    }
  | { readonly phase: 'error'; readonly stage: EnergyWhatIfFailStage; readonly message: string };

export interface EnergyWhatIfSlice {
  energyLevers: readonly EnergyLever[];
  energyWhatIf: EnergyWhatIfRun;
  setEnergyLevers(l: readonly EnergyLever[]): void;
  setEnergyWhatIf(r: EnergyWhatIfRun): void;
}

export const createEnergyWhatIfSlice: StateCreator<AppState, [], [], EnergyWhatIfSlice> = (set) => ({
  energyLevers: [],
  energyWhatIf: { phase: 'idle' },
  setEnergyLevers: (energyLevers) => set({ energyLevers }),
  setEnergyWhatIf: (energyWhatIf) => set({ energyWhatIf }),
});
