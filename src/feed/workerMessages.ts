/** Messages between the main thread (startFeed.ts) and the feed worker (feed.worker.ts). */
import type { StreamSeqs, IncidentRecord } from '../core/protocol/index.ts';
import type { ConnectionState, FeedSlice, FeedStats } from '../state/feedSlice.ts';

/** main → worker. */
export type ToWorker =
  | {
      readonly type: 'start';
      readonly url: string;
      readonly sceneName: string;
      readonly resumeFrom: StreamSeqs | null;
    }
  /** Once per animation frame; `recycle` hands back the previous frame buffer (transferred) for reuse. */
  | { readonly type: 'pull'; readonly recycle: ArrayBuffer | null }
  | { readonly type: 'stop' };

/** worker → main. */
export type FromWorker =
  /**
   * The answer to 'pull': one transferable frame batch, or null when nothing changed; `readings` and `busyMs` are
   * the worker's cumulative FeedClient counters (readings accepted, ms handling batches) at wall time `atMs`
   * (performance.timeOrigin + now() in the worker), for feedPerf.ts.
   */
  | {
      readonly type: 'frame';
      readonly buffer: ArrayBuffer | null;
      readonly readings: number;
      readonly busyMs: number;
      readonly atMs: number;
    }
  | { readonly type: 'connection'; readonly state: ConnectionState }
  | { readonly type: 'stats'; readonly stats: FeedStats }
  | { readonly type: 'incidents'; readonly upserts: readonly IncidentRecord[] }
  | { readonly type: 'notice'; readonly notice: NonNullable<FeedSlice['feedNotice']> }
  | { readonly type: 'clock'; readonly simTimeMs: number; readonly speed: number };
