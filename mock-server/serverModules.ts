/**
 * The feed server's add-on modules for the three modes (issue 7): the wall's shared state (mock-server/wall), the
 * planner's saved scenarios (mock-server/plan) and the KPI history behind the executive trends (mock-server/history).
 * Each speaks on its own socket.io namespace (no feed `hello`, no live stream), sees every tick's output, and closes
 * with the server. server.ts holds only the few lines that attach them.
 */
import type { Server } from 'socket.io';
import type { CityModel } from '../src/core/scene/types.ts';
import type { EnergyMessage, KpiMessage } from '../src/core/protocol/index.ts';
import type { HazardMessage, HazardSnapshot } from '../src/core/protocol/hazardMessages.ts';
import type { SqlDb } from './workload/db.ts';
import type { WorkloadService } from './workload/service.ts';

/** What the server lends a module. */
export interface ServerModuleContext {
  readonly io: Server;
  readonly scene: CityModel;
  readonly sceneName: string;
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  readonly log: (line: string) => void;
  /** The work-order database (PGlite or PostgreSQL), or null when the server runs no work orders. */
  readonly db: SqlDb | null;
  /** The work-order service, or null. */
  readonly workload: WorkloadService | null;
  /** Sim time of the latest tick, ms since the Unix epoch. */
  simNowMs(): number;
  /** The server's real clock (injectable in tests), ms since the Unix epoch. */
  now(): number;
  /** The hazard state now (what a connecting feed client gets). */
  hazardSnapshot(): HazardSnapshot;
}

/** One tick's output, as the feed emitted it. */
export interface TickOutput {
  readonly simMs: number;
  /** The traffic KPI message of this tick, or null (KPIs come every few ticks). */
  readonly trafficKpis: KpiMessage | null;
  readonly energy: readonly EnergyMessage[];
  readonly hazards: readonly HazardMessage[];
}

/** A module attached to the server. */
export interface ServerModule {
  readonly name: string;
  /** After every tick (cheap: the tick loop runs at the batch rate). */
  tick?(out: TickOutput): void;
  close?(): Promise<void>;
}
