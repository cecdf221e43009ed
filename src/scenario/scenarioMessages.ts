/** Messages between the main thread and the planner's scenario worker (scenario.worker.ts). */
import type { Text2 } from '../core/hazards/types.ts';
import type { DomainId, ScenarioResult } from '../core/scenario/types.ts';

/** Main thread → worker: run one scenario on the scene named by the URLs (loaded once, then cached). */
export interface ScenarioRequest {
  readonly type: 'run';
  /** Run id: every reply carries it, so a stale reply can never be taken for the current run. */
  readonly id: number;
  readonly sceneJsonUrl: string;
  readonly sceneBinUrl: string;
  /** The spec as JSON (parsed and validated against the scene in the worker). */
  readonly spec: unknown;
}

/** Which step of a run failed. */
export type ScenarioFailStage = 'worker' | 'scene' | 'spec' | 'model';

/** Worker → main thread. */
export type ScenarioReply =
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly fraction: number;
      readonly domain: DomainId | null;
      readonly stage: Text2;
    }
  | { readonly type: 'done'; readonly id: number; readonly result: ScenarioResult }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly stage: ScenarioFailStage;
      readonly message: string;
    };

/** Stage texts of the worker's own steps. */
export const STAGE_LOADING_SCENE: Text2 = { zh: '加载场景', en: 'Loading the scene' };
export const STAGE_CHECKING: Text2 = { zh: '校验情景', en: 'Checking the scenario' };
