/** Messages between the main thread (startFeed.ts) and the feed worker (feed.worker.ts). */
import type { StreamSeqs, IncidentRecord } from '../core/protocol/index.ts';
import type { TrafficKpis } from '../core/traffic/types.ts';
import type { ConnectionState, FeedSlice, FeedStats } from '../state/feedSlice.ts';
import type { LinkSeries } from './series.ts';
import type { TrafficHandover } from './trafficFrame.ts';
import type { EnergyHandover } from './energyFrame.ts';
import type { EnergySeries } from './energySeries.ts';
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';
import type { WorkloadHandover } from './FeedClient.ts';
import type { WoCommitted, WoTimeline } from './workOrderWire.ts';
import type { WoRequest } from './workOrders.ts';
import type { HazardHandover } from './hazards.ts';
import type { HazardCommand, HazardCommandAnswer } from '../core/protocol/hazardMessages.ts';

/** main → worker. */
export type ToWorker =
  | {
      readonly type: 'start';
      readonly url: string;
      readonly sceneName: string;
      readonly resumeFrom: StreamSeqs | null;
      /** Subscribe to the work-order stream (FeedClientOptions.workOrders); absent = false. */
      readonly workOrders?: boolean;
    }
  /** Once per animation frame; `recycle` hands back the previous frame buffer (transferred) for reuse. */
  | { readonly type: 'pull'; readonly recycle: ArrayBuffer | null }
  /** Ask the server for a link's history; answered by a 'series' message with the same id. */
  | { readonly type: 'series'; readonly id: number; readonly link: number }
  /** Ask the server for an energy asset's history; answered by an 'energySeries' message with the same id. */
  | {
      readonly type: 'energySeries';
      readonly id: number;
      readonly kind: EnergyAssetKind;
      readonly index: number;
    }
  /** A work-order request (src/feed/workOrders.ts); answered by a 'wo' message with the same id. */
  | { readonly type: 'wo'; readonly id: number; readonly request: WoRequest }
  /** A hazard command (src/feed/hazards.ts); answered by an 'hz' message with the same id. */
  | { readonly type: 'hz'; readonly id: number; readonly command: HazardCommand }
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
      /** Traffic changes since the last pull (trafficFrame.ts), or null. */
      readonly traffic: TrafficHandover | null;
      /** Energy changes since the last pull (energyFrame.ts), or null. */
      readonly energy: EnergyHandover | null;
      /** Work-order changes since the last pull (FeedClient.ts WorkloadHandover), or null; absent in older builds. */
      readonly workload?: WorkloadHandover | null;
      /** Resilience changes since the last pull (hazards.ts HazardHandover), or null; absent in older builds. */
      readonly hazards?: HazardHandover | null;
    }
  | {
      readonly type: 'hz';
      readonly id: number;
      /** The server's answer (a refusal is {ok: false, reason}), or null when the request failed. */
      readonly answer: HazardCommandAnswer | null;
      /** Why the request failed (when answer is null). */
      readonly error: string;
    }
  | {
      readonly type: 'wo';
      readonly id: number;
      readonly answer: WoCommitted | WoTimeline | null;
      /** Why the request failed (when answer is null): the server's reason for a refusal. */
      readonly error: string;
    }
  | { readonly type: 'kpis'; readonly kpis: TrafficKpis }
  | {
      readonly type: 'series';
      readonly id: number;
      readonly series: LinkSeries | null;
      /** Why the request failed (when series is null). */
      readonly error: string;
    }
  | {
      readonly type: 'energySeries';
      readonly id: number;
      readonly series: EnergySeries | null;
      readonly error: string;
    }
  | { readonly type: 'connection'; readonly state: ConnectionState }
  | { readonly type: 'stats'; readonly stats: FeedStats }
  | { readonly type: 'incidents'; readonly upserts: readonly IncidentRecord[] }
  | { readonly type: 'notice'; readonly notice: NonNullable<FeedSlice['feedNotice']> }
  | { readonly type: 'clock'; readonly simTimeMs: number; readonly speed: number };
