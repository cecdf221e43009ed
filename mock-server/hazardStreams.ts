/**
 * The hazard runtime's side of the feed (docs/protocol.md §9): after each simulator tick it takes the runtime's next
 * `hazard` stream message (due once per simulated minute while a hazard runs, at once on a change) and its next flood
 * frame (encoded once, broadcast as binary `hzFlood`, the latest kept for clients that connect), runs the schedule of
 * `--hazard` / `--rain` triggers and the operators' `hzCommand`s, and builds what a connecting client gets: the
 * `hazardSnapshot` (the whole cascade log and the lifeline history: it replaces the client's state, so the stream needs
 * no replay ring) and the latest flood frame.
 *
 * Until the first hazard is triggered a tick costs two comparisons (no message can be due: nothing ever ran).
 */
import type { HazardReport, HazardRuntime, RuntimeFloodFrame } from '../src/core/hazards/runtime.ts';
import {
  encodeFloodFrame,
  parseHazardCommand,
  type HazardCityLimits,
  type HazardCommand,
  type HazardCommandAnswer,
  type HazardMessage,
  type HazardSnapshot,
} from '../src/core/protocol/index.ts';
import type { HazardAt, ScheduledHazard } from './hazardOption.ts';

/** What the streams read from the runtime (HazardRuntime; tests pass a fake). */
export type HazardSource = Pick<
  HazardRuntime,
  'trigger' | 'cancel' | 'acknowledge' | 'message' | 'snapshot' | 'floodFrame' | 'takeReports'
>;

/** Options of {@link HazardStreams}. */
export interface HazardStreamOptions {
  /** The city's limits on commands (hazardOption.ts hazardLimitsOf). */
  readonly limits: HazardCityLimits;
  /** Scheduled triggers (`--hazard`, `--rain`); relative times count from `startSimMs`. */
  readonly schedule?: readonly ScheduledHazard[];
  readonly startSimMs: number;
  readonly log?: (line: string) => void;
}

/** What one tick produced, in the order the server emits it. */
export interface HazardTickOutput {
  messages: HazardMessage[];
  /** Encoded flood frame, or null. */
  flood: ArrayBuffer | null;
  /** 一网统管 reports raised by the tick (for the work-order service). */
  reports: HazardReport[];
}

const EMPTY: HazardTickOutput = { messages: [], flood: null, reports: [] };

/** Absolute sim time of a schedule entry. */
export function scheduledMs(at: HazardAt, startSimMs: number): number {
  return at.kind === 'at' ? at.simMs : startSimMs + at.ms;
}

/** Scheduling, command handling and the latest flood frame of one server. */
export class HazardStreams {
  /** Latest encoded flood frame (sent after the snapshot to a connecting client), or null. */
  latestFlood: ArrayBuffer | null = null;
  /** Messages and flood frames produced so far. */
  messageCount = 0;
  floodCount = 0;
  /** True once anything was triggered: before that no message can be due and ticks skip the runtime. */
  private engaged = false;
  private readonly pending: { simMs: number; h: ScheduledHazard }[];
  private readonly log: (line: string) => void;
  /** Id of the last cascade step streamed (null: none yet); the snapshot's log ends there. */
  private lastStreamedNode: string | null = null;

  /** Streams over `rt` (null: a server without simulator — commands are refused, the snapshot is empty). */
  constructor(
    private readonly rt: HazardSource | null,
    private readonly opts: HazardStreamOptions,
  ) {
    this.log = opts.log ?? (() => {});
    this.pending = (opts.schedule ?? [])
      .map((h) => ({ simMs: scheduledMs(h.at, opts.startSimMs), h }))
      .sort((a, b) => a.simMs - b.simMs);
    if (rt === null && this.pending.length > 0)
      this.log(`hazards: ${this.pending.length} scheduled hazard(s) ignored (no simulator in replay mode)`);
  }

  /** Triggers the scheduled hazards due at `simMs` (call BEFORE the simulator steps to `simMs`). */
  beforeStep(simMs: number): void {
    const rt = this.rt;
    if (rt === null) return;
    while (this.pending.length > 0 && this.pending[0]!.simMs <= simMs) {
      const { h } = this.pending.shift()!;
      const a = rt.trigger(h.spec, simMs);
      this.engaged = true;
      this.log(
        a.ok
          ? `hazard ${a.id} triggered at ${new Date(simMs).toISOString()} (${h.option})`
          : `hazard refused (${h.option}): ${a.reason}`,
      );
    }
  }

  /** Reads the runtime after the simulator stepped to `simMs`. */
  afterStep(simMs: number): HazardTickOutput {
    const rt = this.rt;
    if (rt === null || !this.engaged) return EMPTY;
    const out: HazardTickOutput = { messages: [], flood: null, reports: rt.takeReports() };
    const m = rt.message(simMs);
    if (m !== null) {
      out.messages.push(m);
      this.messageCount++;
      const c = m.cascade;
      if (c.length > 0) this.lastStreamedNode = c[c.length - 1]!.id;
      // No rainstorm left before 'over': the grid is dry history, a new client starts without it.
      if (!m.hazards.some((h) => h.kind === 'rainstorm' && h.phase !== 'over')) this.latestFlood = null;
    }
    const f: RuntimeFloodFrame | null = rt.floodFrame();
    if (f !== null) {
      out.flood = encodeFloodFrame(f);
      this.latestFlood = out.flood;
      this.floodCount++;
    }
    return out;
  }

  /** Validates a client's command; null when valid, else the reason (nothing changed). */
  refuse(raw: unknown): { reason: string } | { cmd: HazardCommand } {
    if (this.rt === null) return { reason: 'hzCommand: this server runs no simulator (replay mode)' };
    const c = parseHazardCommand(raw, this.opts.limits);
    return c.ok ? { cmd: c.value } : { reason: c.reason };
  }

  /** Validates and runs a client's command at `simMs` (an invalid one changes nothing). */
  command(raw: unknown, simMs: number): HazardCommandAnswer {
    const v = this.refuse(raw);
    return 'reason' in v ? { ok: false, reason: v.reason } : this.run(v.cmd, simMs);
  }

  /** Runs a validated command: the runtime's answer (it may still decline, e.g. an unknown or finished hazard). */
  run(cmd: HazardCommand, simMs: number): HazardCommandAnswer {
    const rt = this.rt;
    if (rt === null) return { ok: false, reason: 'hzCommand: this server runs no simulator (replay mode)' };
    let a: HazardCommandAnswer;
    switch (cmd.op) {
      case 'trigger':
        a = rt.trigger(cmd.spec, simMs);
        break;
      case 'cancel':
        a = rt.cancel(cmd.id, simMs);
        break;
      case 'acknowledge':
        a = rt.acknowledge(cmd.id, cmd.operator, simMs);
        break;
    }
    if (a.ok) this.engaged = true;
    return a;
  }

  /**
   * The snapshot for a connecting client. Its log ends at the last step streamed: steps recorded since (a command, a
   * work order committed between ticks) reach every client in the next message, so a snapshot that held them too
   * would make the new client apply them twice.
   */
  snapshot(simMs: number): HazardSnapshot {
    const rt = this.rt;
    if (rt === null) return emptySnapshot(simMs);
    const s = rt.snapshot();
    const c = s.message.cascade;
    let end = 0;
    if (this.lastStreamedNode !== null) {
      end = c.length;
      while (end > 0 && c[end - 1]!.id !== this.lastStreamedNode) end--;
    }
    return end === c.length ? s : { ...s, message: { ...s.message, cascade: c.slice(0, end) } };
  }
}

/** A snapshot with nothing in it (no runtime): every lifeline at full service. */
export function emptySnapshot(simMs: number): HazardSnapshot {
  return {
    message: {
      seq: 0,
      simTimeMs: simMs,
      hazards: [],
      exposure: [],
      cascade: [],
      lifelines: { simTimeMs: simMs, powerPct: 100, roadsPct: 100, waterPct: 100 },
      shelters: [],
      evacuation: [],
      rescue: [],
      outage: { stations: [], feeders: [], areas: [], buildings: 0, shedMw: 0, darkSignalNodes: [] },
      closedLinks: [],
      flood: null,
      quake: null,
      heat: null,
      fire: null,
    },
    lifelineHistory: [],
  };
}
