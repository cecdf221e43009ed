/**
 * The contracts of one-network unified management (一网统管, issue 6): reports from many sources become work orders
 * that move through a state machine with SLA clocks, are dispatched to departments by category and grid cell, and are
 * persisted as an append-only event log (every transition an event with who, when and why). Pure data types shared
 * by the core (src/core/workload), the feed server (mock-server/workload) and the browser. docs/workload.md.
 */

/** Where a report came from. */
export const ReportSource = {
  hotline: 'hotline', // citizen hotline 12345
  app: 'app', // the city app's "随手拍" photo reports
  inspector: 'inspector', // grid inspectors (网格员) on patrol
  iot: 'iot', // IoT sensors crossing thresholds
  video: 'video', // video AI detections
  domain: 'domain', // events of the other domains (traffic incidents, grid alarms, hazard cascades)
  replay: 'replay', // recorded requests (--replay nyc311)
} as const;
export type ReportSource = (typeof ReportSource)[keyof typeof ReportSource];

/** Priority: 1 = urgent … 4 = low (SLA deadlines depend on it). */
export type Priority = 1 | 2 | 3 | 4;

/** A bilingual text. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** One incoming report (before or after merging into a work order). */
export interface Report {
  /** Unique id, e.g. "rep:000123". */
  readonly id: string;
  readonly source: ReportSource;
  /** Category id of the taxonomy (taxonomy.ts). */
  readonly category: string;
  readonly priority: Priority;
  /** Local metres of the scene. */
  readonly x: number;
  readonly y: number;
  /** Grid cell (scene zone index of kind grid cell), or −1 when the point lies in none. */
  readonly gridCell: number;
  /** Simulation time of the report, ms since the Unix epoch. */
  readonly simTimeMs: number;
  readonly description: Bilingual;
  /** Who reported (citizen hash, inspector id, sensor id, camera id, domain event id). */
  readonly reporter: string;
  /** Attachment file names (photos), placeholders stored as files by the server. */
  readonly attachments: readonly string[];
}

/** Work-order stages. `rejected` and `closed` are terminal unless reopened (closed only). */
export const STAGES = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'inProgress',
  'handled',
  'verified',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/** Who acted. */
export interface Actor {
  readonly kind: 'operator' | 'system' | 'department' | 'unit' | 'reporter' | 'inspector';
  readonly id: string;
}

/**
 * What an actor asks for. Legal moves (anything else is refused with a reason naming the order, its stage and the
 * action):
 *   reported → accepted (accept) | rejected (reject: invalid or duplicate-of)
 *   accepted → dispatched (dispatch to a department)
 *   dispatched → accepted (refuse: the department refuses; the order waits for re-dispatch) | inProgress (start)
 *   inProgress → handled (handle)
 *   handled → verified (verify ok) | inProgress (verify not ok: back to work)
 *   verified → closed (close)
 *   closed → dispatched (reopen: to the last department)
 *   any non-terminal stage: comment, merge (another order of the same category joins this one), escalate (system)
 */
export type WorkOrderAction =
  | { readonly kind: 'accept' }
  | { readonly kind: 'reject'; readonly reason: 'invalid' | 'duplicate'; readonly duplicateOf?: string }
  | { readonly kind: 'dispatch'; readonly department: string }
  | { readonly kind: 'refuse'; readonly reason: string }
  | { readonly kind: 'start'; readonly unit?: string }
  | { readonly kind: 'handle'; readonly note: string }
  | { readonly kind: 'verify'; readonly ok: boolean; readonly note?: string }
  | { readonly kind: 'close' }
  | { readonly kind: 'reopen'; readonly reason: string }
  | { readonly kind: 'comment'; readonly text: string }
  | {
      readonly kind: 'merge';
      readonly reportIds: readonly string[];
      /** The merged reports themselves (same ids, same order): their reporters and sources join the order. */
      readonly reports?: readonly Report[];
    }
  | { readonly kind: 'escalate'; readonly level: number; readonly stage: SlaStage };

/** SLA-clocked stages: accept within, dispatch within, handle within (from dispatch to handled). */
export type SlaStage = 'accept' | 'dispatch' | 'handle';

/** SLA deadlines of an order, ms since the Unix epoch (NaN: the stage's clock has not started). */
export interface SlaClock {
  readonly acceptByMs: number;
  readonly dispatchByMs: number;
  readonly handleByMs: number;
}

/** Per SLA stage: true when the stage finished after its deadline. */
export type SlaLate = Readonly<Record<SlaStage, boolean>>;

/** A work order's current state (the fold of its events). */
export interface WorkOrder {
  /** Unique id, e.g. "wo:000042". */
  readonly id: string;
  readonly category: string;
  readonly priority: Priority;
  readonly stage: Stage;
  readonly x: number;
  readonly y: number;
  readonly gridCell: number;
  /** Department it is dispatched to now (or last, once handled), or null. */
  readonly department: string | null;
  /** Field unit working on it, or null. */
  readonly unit: string | null;
  /** All reports merged into the order (the first one created it). */
  readonly reportIds: readonly string[];
  readonly reporters: readonly string[];
  readonly sources: readonly ReportSource[];
  readonly createdMs: number;
  /** When the current stage began. */
  readonly stageSinceMs: number;
  readonly sla: SlaClock;
  /** Highest escalation level reached (0 = none; 1 = supervising level, 2 = city level). */
  readonly escalation: number;
  /**
   * Stage timestamps for KPIs (NaN until reached): first accepted, dispatched, started; latest handled, closed (reset
   * to NaN when verification fails or the order is reopened, so they always describe the current cycle).
   */
  readonly acceptedMs: number;
  readonly dispatchedMs: number;
  readonly startedMs: number;
  readonly handledMs: number;
  readonly closedMs: number;
  readonly reopenCount: number;
  readonly refuseCount: number;
  /** Which SLA stages finished after their deadline (once late, stays late; stateMachine.ts). */
  readonly slaLate: SlaLate;
  /** Sequence of the last event applied (the order's version). */
  readonly version: number;
}

/** One transition (or comment/merge/escalation) in the log: who, when, why, from which stage to which. */
export interface WorkOrderEvent {
  /** Global sequence of the event log (1, 2, 3, …; the broadcast stream's sequence). */
  readonly seq: number;
  readonly orderId: string;
  readonly simTimeMs: number;
  readonly actor: Actor;
  /** 'create' for the report that opened the order. */
  readonly action: WorkOrderAction | { readonly kind: 'create'; readonly report: Report };
  readonly from: Stage | null;
  readonly to: Stage;
}

/** The result of asking for a transition: the new state and its event, or a reason the action was refused. */
export type TransitionResult =
  | { readonly ok: true; readonly order: WorkOrder; readonly event: WorkOrderEvent }
  | { readonly ok: false; readonly reason: string };
