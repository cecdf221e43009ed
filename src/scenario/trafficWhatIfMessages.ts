/** Messages between the main thread and the traffic what-if worker (trafficWhatIf.worker.ts). */
import type { TrafficLever, TrafficWhatIfResult } from '../core/traffic/types.ts';

/** Main thread → worker: run one scenario. The worker loads (once) and keeps the scene named by the URLs. */
export interface WhatIfRequest {
  readonly type: 'run';
  /** Run id: replies carry it, so a stale reply can never be taken for the current run. */
  readonly id: number;
  /** Absolute URLs of the scene package (scene.json, scene.bin). */
  readonly sceneJsonUrl: string;
  readonly sceneBinUrl: string;
  /** Time of day to assign, ms since the Unix epoch (the live twin's clock when Run was pressed). */
  readonly simTimeMs: number;
  readonly levers: readonly TrafficLever[];
  /** Relative gap to stop at (the core's default when absent). */
  readonly targetGap?: number;
}

/** Which step of a run failed (the panel names it). */
export type WhatIfStage = 'scene' | 'model';

/** Worker → main thread. */
export type WhatIfReply =
  | { readonly type: 'stage'; readonly id: number; readonly stage: 'loadingScene' | 'assigning' }
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number }
  | { readonly type: 'done'; readonly id: number; readonly result: TrafficWhatIfResult }
  | { readonly type: 'error'; readonly id: number; readonly stage: WhatIfStage; readonly message: string };
