/**
 * Wire messages of the resilience domain (docs/protocol.md §9): the sequenced `hazard` stream (one message per
 * simulated minute while a hazard is active, and on every change), the `hazardSnapshot` a client gets on connect, the
 * binary `hzFlood` water-depth frame, and the `hzCommand` an operator console sends (trigger / cancel / acknowledge).
 * Types first; the validators and the binary codec follow them.
 */
import type {
  ActiveHazard,
  CascadeNode,
  EvacRoute,
  ExposureSummary,
  FireSummary,
  FloodBalance,
  HazardSpec,
  HeatSummary,
  LifelineLevels,
  OutageState,
  QuakeSummary,
  ShelterState,
} from '../hazards/types.ts';

/** socket.io event names. */
export const HazardEvent = {
  /** server → client: HazardMessage (sequenced). */
  stream: 'hazard',
  /** server → client: HazardSnapshot, on connect (after welcome) and after a server restart. */
  snapshot: 'hazardSnapshot',
  /** server → client: binary flood frame (encodeFloodFrame). */
  flood: 'hzFlood',
  /** client → server with ack: HazardCommand → HazardCommandAnswer. */
  command: 'hzCommand',
} as const;

/** server → client, stream `hazard`: the state after one step of the hazard runtime. */
export interface HazardMessage {
  readonly seq: number;
  readonly simTimeMs: number;
  /** Hazards not over, and those over within the last 6 simulated hours. */
  readonly hazards: readonly ActiveHazard[];
  /** Exposure of each hazard not over. */
  readonly exposure: readonly ExposureSummary[];
  /** Cascade steps emitted since the previous message (in a snapshot: the whole log, bounded). */
  readonly cascade: readonly CascadeNode[];
  readonly lifelines: LifelineLevels;
  readonly shelters: readonly ShelterState[];
  /** Every current evacuation route, or null when unchanged since the previous message. */
  readonly evacuation: readonly EvacRoute[] | null;
  readonly outage: OutageState;
  /** Road links closed by hazards now (road link indices). */
  readonly closedLinks: readonly number[];
  /** The latest of each hazard summary (null when there is no such hazard running). */
  readonly flood: FloodBalance | null;
  readonly quake: QuakeSummary | null;
  readonly heat: HeatSummary | null;
  readonly fire: FireSummary | null;
}

/** server → client on connect: the latest message (cascade = the whole log) and the lifeline history. */
export interface HazardSnapshot {
  readonly message: HazardMessage;
  /** One point per simulated minute, oldest first, at most 24 simulated hours (recovery curves). */
  readonly lifelineHistory: readonly LifelineLevels[];
}

/** client → server (with an acknowledgement). */
export type HazardCommand =
  | { readonly op: 'trigger'; readonly spec: HazardSpec }
  | { readonly op: 'cancel'; readonly id: string }
  | { readonly op: 'acknowledge'; readonly id: string; readonly operator: string };

/** The acknowledgement of a HazardCommand. */
export type HazardCommandAnswer =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: string };

/** Bounds (validators refuse more). */
export const MAX_CASCADE_LOG = 5000;
export const MAX_EVAC_ROUTES = 300;
export const MAX_LIFELINE_HISTORY = 1440;

/**
 * Binary flood frame, little-endian (docs/protocol.md §9b):
 *   0 u32 magic FLOOD_FRAME_MAGIC · 4 u16 version (1) · 6 u16 reserved 0 · 8 u32 seq · 12 u32 nx · 16 u32 ny
 *   20 f64 simTimeMs · 28 f32 x0 · 32 f32 y0 · 36 f32 cellM · 40 u32 hazard number (HZ-0007 → 7)
 *   44 … nx·ny u16 water depth in millimetres, row-major, row 0 = south (65535 = 65.535 m or more)
 */
export const FLOOD_FRAME_MAGIC = 0x444f4c46;
export const FLOOD_FRAME_HEADER_BYTES = 44;
export const MAX_FLOOD_CELLS = 4_000_000;

/** A decoded flood frame. */
export interface FloodFrame {
  readonly seq: number;
  readonly simTimeMs: number;
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly hazardNumber: number;
  /** Depth per cell, millimetres (a view into the message buffer when decoded). */
  readonly depthMm: Uint16Array;
}
