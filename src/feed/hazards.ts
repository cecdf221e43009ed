/**
 * The resilience feed (docs/protocol.md §9) on both sides of the worker boundary.
 *
 * Worker side (`HazardFeed`, owned by FeedClient): listens on the socket for the `hazardSnapshot`, the sequenced
 * `hazard` stream and the binary `hzFlood` frames, validates each (the decoders of src/core/protocol/hazardMessages.ts)
 * and holds what arrived until the next pull — one hand-over per animation frame, like the other streams, so a burst of
 * messages costs one store update. A new welcome (reconnect, server restart, another scene) resets: the server follows
 * it with a fresh snapshot, and a server without hazards sends none, so nothing stale survives.
 *
 * Main-thread side: `applyHazards` writes a hand-over to the store (applyHazardSnapshot / applyHazardMessages) and the
 * hot flood grid (hotHazard.apply); `sendHazardCommand` asks the server to trigger / cancel / acknowledge through the
 * running feed (a worker round trip in the browser, the in-thread client in Node) and rejects with a clear Error.
 */
import type { Socket } from 'socket.io-client';
import {
  HazardEvent,
  decodeFloodFrame,
  parseHazardCommandAnswer,
  parseHazardMessage,
  parseHazardSnapshot,
  type FloodFrame,
  type HazardCommand,
  type HazardCommandAnswer,
  type HazardMessage,
  type HazardSnapshot,
} from '../core/protocol/hazardMessages.ts';
import type { AppStore } from '../state/store.ts';
import type { HotHazard } from './hotHazard.ts';

/** How long a hazard command may take before it fails, ms. */
export const HAZARD_COMMAND_TIMEOUT_MS = 5000;

/** Messages held between two pulls at most (a long burst keeps the newest; the store needs only the newest state). */
const MAX_PENDING_MESSAGES = 600;

/** What one pull hands over to the main thread (structured-cloned; the flood depths' buffer is transferred). */
export interface HazardHandover {
  /** True when the main thread must forget its hazard state first (a new welcome). */
  readonly reset: boolean;
  /** A snapshot to start over from (then the messages after it), or null. */
  readonly snapshot: HazardSnapshot | null;
  /** Stream messages since the last pull, in arrival order. */
  readonly messages: readonly HazardMessage[];
  /** The newest flood frame (latest wins), its depths copied out of the socket buffer, or null. */
  readonly flood: FloodFrame | null;
}

/** Transferable buffers of a hand-over. */
export function hazardTransfer(h: HazardHandover | null): ArrayBuffer[] {
  return h?.flood ? [h.flood.depthMm.buffer as ArrayBuffer] : [];
}

/** Counters of the hazard feed (tests, the stats line). */
export interface HazardFeedCounters {
  snapshots: number;
  messages: number;
  floodFrames: number;
  duplicates: number;
  gaps: number;
  rejected: number;
}

/** The worker side: socket handlers and the pending hand-over. */
export class HazardFeed {
  readonly counters: HazardFeedCounters = {
    snapshots: 0,
    messages: 0,
    floodFrames: 0,
    duplicates: 0,
    gaps: 0,
    rejected: 0,
  };
  /** Seq of the newest snapshot or message accepted since the last welcome (0 = none). */
  lastSeq = 0;
  private pendingReset = false;
  private pendingSnapshot: HazardSnapshot | null = null;
  private pendingMessages: HazardMessage[] = [];
  private pendingFlood: FloodFrame | null = null;
  private lastFloodSeq = -1;
  private lastFloodHazard = -1;

  /**
   * `reject` counts and logs a refused message (FeedClient's rejection counter); `greeted` says whether a welcome was
   * accepted (messages before it are refused).
   */
  constructor(
    private readonly reject: (reason: string) => void,
    private readonly greeted: () => boolean,
  ) {}

  /** Subscribes to the hazard events of a socket; `guard` runs a handler without letting it throw. */
  attach(s: Socket, guard: (what: string, fn: () => void) => void): void {
    s.on(HazardEvent.snapshot, (m: unknown) => guard('hazardSnapshot', () => this.onSnapshot(m)));
    s.on(HazardEvent.stream, (m: unknown) => guard('hazard', () => this.onMessage(m)));
    s.on(HazardEvent.flood, (m: unknown) => guard('hzFlood', () => this.onFlood(m)));
  }

  /** A welcome was accepted: forget everything; the server's snapshot (if it runs hazards) follows. */
  onWelcome(): void {
    this.pendingReset = true;
    this.pendingSnapshot = null;
    this.pendingMessages = [];
    this.pendingFlood = null;
    this.lastSeq = 0;
    this.lastFloodSeq = -1;
    this.lastFloodHazard = -1;
  }

  /** The changes since the last call, or null when nothing changed. */
  pull(): HazardHandover | null {
    if (
      !this.pendingReset &&
      this.pendingSnapshot === null &&
      this.pendingMessages.length === 0 &&
      this.pendingFlood === null
    )
      return null;
    const h: HazardHandover = {
      reset: this.pendingReset,
      snapshot: this.pendingSnapshot,
      messages: this.pendingMessages,
      flood: this.pendingFlood,
    };
    this.pendingReset = false;
    this.pendingSnapshot = null;
    this.pendingMessages = [];
    this.pendingFlood = null;
    return h;
  }

  /**
   * Sends a command and validates the answer: resolves with the server's answer (a refusal is an answer:
   * {ok: false, reason}); rejects when the feed is not connected, no answer comes within `timeoutMs` or the answer
   * is malformed.
   */
  command(
    s: Socket | null,
    cmd: HazardCommand,
    timeoutMs = HAZARD_COMMAND_TIMEOUT_MS,
  ): Promise<HazardCommandAnswer> {
    const what = commandText(cmd);
    return new Promise((resolve, reject) => {
      if (s === null || !s.connected || !this.greeted())
        return reject(new Error(`${what}: the live feed is not connected`));
      s.timeout(timeoutMs).emit(HazardEvent.command, cmd, (err: Error | null, answer: unknown) => {
        if (err !== null)
          return reject(new Error(`${what}: no answer from the server within ${timeoutMs} ms`));
        const a = parseHazardCommandAnswer(answer);
        if (!a.ok) {
          this.refuse(a.reason);
          return reject(new Error(`${what}: invalid answer from the server (${a.reason})`));
        }
        resolve(a.value);
      });
    });
  }

  private refuse(reason: string): void {
    this.counters.rejected++;
    this.reject(reason);
  }

  private onSnapshot(m: unknown): void {
    if (!this.greeted()) return this.refuse('hazardSnapshot: before welcome');
    const p = parseHazardSnapshot(m);
    if (!p.ok) return this.refuse(p.reason);
    this.counters.snapshots++;
    // The snapshot covers every message before it: drop those still pending.
    this.pendingSnapshot = p.value;
    this.pendingMessages = this.pendingMessages.filter((x) => x.seq > p.value.message.seq);
    this.lastSeq = p.value.message.seq;
  }

  private onMessage(m: unknown): void {
    if (!this.greeted()) return this.refuse('hazard: before welcome');
    const p = parseHazardMessage(m);
    if (!p.ok) return this.refuse(p.reason);
    const msg = p.value;
    if (msg.seq <= this.lastSeq) {
      this.counters.duplicates++;
      return;
    }
    // A skipped seq loses cascade steps (each message carries only the new ones) but no state: the hazards, exposure
    // and lifelines are complete in every message. Counted; the next reconnect's snapshot restores the log.
    if (this.lastSeq > 0 && msg.seq !== this.lastSeq + 1) this.counters.gaps++;
    this.lastSeq = msg.seq;
    this.counters.messages++;
    this.pendingMessages.push(msg);
    if (this.pendingMessages.length > MAX_PENDING_MESSAGES) {
      // Keep the newest state; fold the dropped messages' cascade steps into the oldest kept one.
      const drop = this.pendingMessages.splice(0, this.pendingMessages.length - MAX_PENDING_MESSAGES);
      const first = this.pendingMessages[0]!;
      this.pendingMessages[0] = {
        ...first,
        cascade: [...drop.flatMap((d) => d.cascade), ...first.cascade],
        evacuation: first.evacuation ?? lastEvacuation(drop),
      };
    }
  }

  private onFlood(m: unknown): void {
    if (!this.greeted()) return this.refuse('hzFlood: before welcome');
    const bytes = asBytes(m);
    if (bytes === null) return this.refuse('hzFlood: expected a binary frame');
    const p = decodeFloodFrame(bytes);
    if (!p.ok) return this.refuse(p.reason);
    const f = p.value;
    // Latest wins; an older frame of the same hazard (a replay after a reconnect) is a duplicate.
    if (f.hazardNumber === this.lastFloodHazard && f.seq <= this.lastFloodSeq) {
      this.counters.duplicates++;
      return;
    }
    this.lastFloodSeq = f.seq;
    this.lastFloodHazard = f.hazardNumber;
    this.counters.floodFrames++;
    // Copy out of the socket's buffer (a view into it) into one that can be transferred.
    this.pendingFlood = { ...f, depthMm: f.depthMm.slice() };
  }
}

/** The newest non-null evacuation of some messages, or null. */
function lastEvacuation(ms: readonly HazardMessage[]): HazardMessage['evacuation'] {
  for (let i = ms.length - 1; i >= 0; i--) if (ms[i]!.evacuation !== null) return ms[i]!.evacuation;
  return null;
}

/** The bytes of a binary socket.io payload (ArrayBuffer in the browser, a Buffer / Uint8Array in Node), or null. */
function asBytes(m: unknown): Uint8Array | null {
  if (m instanceof ArrayBuffer) return new Uint8Array(m);
  if (ArrayBuffer.isView(m)) return new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
  return null;
}

/** Short text of a command for error messages. */
export function commandText(cmd: HazardCommand): string {
  switch (cmd.op) {
    case 'trigger':
      return `trigger ${cmd.spec.kind}`;
    case 'cancel':
      return `cancel ${cmd.id}`;
    case 'acknowledge':
      return `acknowledge ${cmd.id}`;
    default: {
      const never: never = cmd;
      return `command ${JSON.stringify(never)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Main thread

/** Applies a hand-over: reset, then the snapshot, then the messages (the store orders them by seq), then the flood. */
export function applyHazards(store: AppStore, hot: HotHazard, h: HazardHandover): void {
  const s = store.getState();
  if (h.reset) {
    s.resetHazards();
    hot.reset();
  }
  if (h.snapshot !== null) store.getState().applyHazardSnapshot(h.snapshot);
  if (h.messages.length > 0) store.getState().applyHazardMessages(h.messages);
  if (h.flood !== null) hot.apply(h.flood);
}

/** How the running feed sends a command (set by startFeed; null when no feed runs). */
export type HazardRequester = (cmd: HazardCommand) => Promise<HazardCommandAnswer>;

let requester: HazardRequester | null = null;

/** Registers (or with null, removes) the running feed's hazard requester. */
export function setHazardRequester(r: HazardRequester | null): void {
  requester = r;
}

/**
 * Sends an operator command (trigger / cancel / acknowledge) to the server. Resolves with its answer — a refusal is
 * {ok: false, reason} with the server's reason verbatim — and rejects with an Error saying why when no feed runs, the
 * feed is not connected, or no valid answer comes within 5 s.
 */
export function sendHazardCommand(cmd: HazardCommand): Promise<HazardCommandAnswer> {
  if (requester === null)
    return Promise.reject(new Error(`${commandText(cmd)}: the live feed is not running`));
  return requester(cmd);
}
