/**
 * The work-order service as the feed server sees it (server.ts holds only a few lines for it): opens the service,
 * serves the attachment files, feeds each tick's simulator output (incident changes, energy alarms) and the live
 * arrivals to it, routes the API's socket messages and closes it.
 */
import path from 'node:path';
import type { Server, Socket } from 'socket.io';
import type { EnergyMessage } from '../../src/core/protocol/index.ts';
import type { IncidentChange } from '../../src/core/sim/incidents.ts';
import type { HazardReport, HazardRuntime } from '../../src/core/hazards/runtime.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import type { CityEnergy } from '../../src/core/sim/citySimulator.ts';
import type { StaticDir } from '../staticFiles.ts';
import { gridCellIndex } from '../../src/core/workload/arrivals.ts';
import { syntheticReports } from './reportSources.ts';
import { createLiveWork, type LiveWork, type LiveWorkOptions, type ReportSource } from './live.ts';
import { WorkloadService, type WorkloadServiceOptions } from './service.ts';
import { attachBroadcast, handleWorkloadMessage, type WorkloadSocketContext } from './socketApi.ts';
import { isWorkloadEvent } from '../../src/core/protocol/workloadMessages.ts';

/** URL prefix of the attachment files. */
export const WORKLOAD_FILES_URL = '/workload-files/';

/** FeedServerOptions.workload: where the orders live and what generates work. */
export interface WorkloadFeedOptions extends Omit<WorkloadServiceOptions, 'log'> {
  /**
   * The live generator (arrivals, departments at work, SLA escalations, domain reports; default on). `reports`
   * defaults to the core's synthetic arrivals at `reportsPerDay` (default arrivals.ts DEFAULT_REPORTS_PER_DAY);
   * a replay (reportSources.ts nyc311Replay) replaces them.
   */
  readonly live?:
    | false
    | (Omit<LiveWorkOptions, 'scene' | 'seed' | 'gridCellAt' | 'energy'> & {
        readonly reportsPerDay?: number;
      });
}

export type { IncidentChange };

/** The service wired to one feed server. */
export interface WorkloadFeed {
  readonly service: WorkloadService;
  /** Static dir serving the attachment files. */
  readonly files: StaticDir;
  /**
   * After each server tick: domain events (traffic incidents, energy alarms, hazard consequences) become reports, the
   * live generator works the orders.
   */
  tick(
    simMs: number,
    incidents: readonly IncidentChange[],
    energy: readonly EnergyMessage[],
    hazards?: readonly HazardReport[],
  ): void;
  /** True when `event` is a work-order API message. */
  handles(event: unknown): boolean;
  handle(socket: Socket, event: string, args: readonly unknown[], greeted: boolean): void;
  close(): Promise<void>;
}

/** The static dir serving the attachment files (placeholders written by the service). */
export function workloadFiles(opts: Pick<WorkloadFeedOptions, 'dataDir'>): StaticDir {
  return { urlPrefix: WORKLOAD_FILES_URL, dir: path.join(opts.dataDir, 'attachments') };
}

/** Opens the service: database, schema, state (seconds for a cold PGlite: before the feed's clock starts). */
export function openWorkloadService(
  opts: WorkloadFeedOptions,
  startSimMs: number,
  log: (line: string) => void,
): Promise<WorkloadService> {
  return WorkloadService.open({ ...opts, log, startSimMs });
}

/** Wires an opened service to the feed server; `reject` is the server's rejection bookkeeping. */
export function wireWorkloadFeed(
  service: WorkloadService,
  opts: WorkloadFeedOptions,
  env: {
    io: Server;
    scene: CityModel;
    seed: number;
    startSimMs: number;
    energy: CityEnergy | null;
    /** The hazard runtime: orders opened for its reports become cascade steps (noteWorkOrder). */
    hazards?: Pick<HazardRuntime, 'noteWorkOrder'> | null;
    log: (line: string) => void;
    reject: (socket: Socket, event: string, reason: string) => void;
  },
): WorkloadFeed {
  attachBroadcast(env.io, service);
  const cells = gridCellIndex(env.scene.zones);
  const gridCellAt = (x: number, y: number): number => cells.cellAt(x, y);
  const e = env.scene.meta.extentM;
  let simNow = env.startSimMs;
  let live: LiveWork | null = null;
  if (opts.live !== false) {
    let reports: ReportSource | null;
    if (opts.live?.reports !== undefined) reports = opts.live.reports;
    else {
      try {
        reports = syntheticReports(
          env.scene,
          env.seed,
          opts.live?.reportsPerDay !== undefined ? { reportsPerDay: opts.live.reportsPerDay } : {},
        );
      } catch (err) {
        // A scene with no sites (e.g. the sensor-only METR-LA scene): only domain reports and the API's.
        env.log(`work orders: no synthetic arrivals (${err instanceof Error ? err.message : String(err)})`);
        reports = null;
      }
    }
    live = createLiveWork(service, {
      ...(opts.live ?? {}),
      reports,
      scene: env.scene,
      seed: env.seed,
      gridCellAt,
      energy: env.energy,
      ...(env.hazards ? { onHazardWorkOrder: hazardOrder(env.hazards) } : {}),
    });
  }
  const ctx: WorkloadSocketContext = {
    service,
    extent: [e.minX, e.minY, e.maxX, e.maxY],
    simTimeMs: () => simNow,
    gridCellAt,
    reject: env.reject,
  };
  return {
    service,
    files: workloadFiles(opts),
    tick: (simMs, incidents, energy, hazards = []) => {
      simNow = simMs;
      live?.tick(simMs, incidents, energy, hazards);
    },
    handles: isWorkloadEvent,
    handle: (socket, event, args, greeted) => handleWorkloadMessage(ctx, socket, event, args, greeted),
    close: () => service.close(),
  };
}

/** Records each hazard report's work order in the runtime's cascade. */
function hazardOrder(
  rt: Pick<HazardRuntime, 'noteWorkOrder'>,
): (key: string, orderId: string, simMs: number) => void {
  return (key, orderId, simMs) => {
    rt.noteWorkOrder(key, orderId, simMs);
  };
}
