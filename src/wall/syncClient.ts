/**
 * The `/wall` socket.io client (docs/protocol.md §10), shared by a wall screen (useWallSync) and the operator
 * console (WallConsole): joins a wall on every (re)connect, validates each state and drops those older than the one
 * it has, pings for the latency figure, and sends console commands with their acknowledgement. socket.io reconnects
 * by itself after a disconnect or a server restart; the join on each `connect` resets the seq baseline (a restarted
 * server counts from its own start, so an older seq from a new server is not "old").
 */
import { io, type Socket } from 'socket.io-client';
import {
  WallEvent,
  parseWallCommandAnswer,
  parseWallJoinAnswer,
  parseWallListAnswer,
  parseWallPong,
  parseWallState,
  type WallCommand,
  type WallCommandAnswer,
  type WallJoin,
  type WallListAnswer,
} from '../core/protocol/wallMessages.ts';
import type { WallState } from '../core/wall/types.ts';

/** What a connection reports. */
export interface WallSyncHandlers {
  /** A newer state (or the state after a (re)join). */
  onState(state: WallState): void;
  onConnected(connected: boolean): void;
  /** One-way latency estimate (half the ping round trip), ms. */
  onLatency?(latencyMs: number): void;
  /** A join or a state was refused / invalid. */
  onError?(reason: string): void;
}

/** How often a screen pings (latency figure), ms. */
const PING_EVERY_MS = 5000;
/** How long an acknowledgement may take, ms. */
const ACK_TIMEOUT_MS = 5000;

/** One connection to a wall. */
export interface WallConnection {
  /** Sends a console command; resolves with the server's answer (or a timeout / disconnected reason). */
  command(cmd: WallCommand): Promise<WallCommandAnswer>;
  /** Lists the wall layouts the server has. */
  list(): Promise<WallListAnswer>;
  /** The latest accepted state, or null. */
  state(): WallState | null;
  close(): void;
}

function emitAck(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  if (!socket.connected) return Promise.resolve({ ok: false, reason: 'disconnected from the wall server' });
  return socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck(event, payload)
    .catch(() => ({ ok: false, reason: `no answer to ${event} within ${ACK_TIMEOUT_MS} ms` }));
}

/** Connects to `${origin}/wall` and joins `join.wall` (as a screen or a console). */
export function connectWall(join: WallJoin, h: WallSyncHandlers, origin = location.origin): WallConnection {
  const socket: Socket = io(`${origin}/wall`, { transports: ['websocket'] });
  let latest: WallState | null = null;
  let closed = false;

  const accept = (raw: unknown, fromJoin: boolean): void => {
    const p = parseWallState(raw);
    if (!p.ok) {
      h.onError?.(p.reason);
      return;
    }
    // Only a join resets the baseline; within one connection a state with an older or equal seq is stale.
    if (!fromJoin && latest !== null && latest.wall === p.value.wall && p.value.seq <= latest.seq) return;
    latest = p.value;
    h.onState(p.value);
  };

  socket.on('connect', () => {
    h.onConnected(true);
    const payload = join.role === 'screen' ? { wall: join.wall, screen: join.screen } : join;
    void emitAck(socket, WallEvent.join, payload).then((raw) => {
      if (closed) return;
      const a = parseWallJoinAnswer(raw);
      if (!a.ok) h.onError?.(a.reason);
      else if (!a.value.ok) h.onError?.(a.value.reason);
      else accept(a.value.state, true);
    });
  });
  socket.on('disconnect', () => h.onConnected(false));
  socket.on(WallEvent.state, (raw: unknown) => accept(raw, false));

  const ping = (): void => {
    if (!socket.connected || !h.onLatency) return;
    const t0 = performance.now();
    void emitAck(socket, WallEvent.ping, { clientMs: Date.now() }).then((raw) => {
      if (parseWallPong(raw).ok) h.onLatency?.((performance.now() - t0) / 2);
    });
  };
  const timer = window.setInterval(ping, PING_EVERY_MS);
  socket.on('connect', ping);

  return {
    async command(cmd) {
      const p = parseWallCommandAnswer(await emitAck(socket, WallEvent.command, cmd));
      return p.ok ? p.value : { ok: false, reason: p.reason };
    },
    async list() {
      const p = parseWallListAnswer(await emitAck(socket, WallEvent.list, {}));
      return p.ok ? p.value : { ok: false, reason: p.reason };
    },
    state: () => latest,
    close() {
      closed = true;
      window.clearInterval(timer);
      socket.close();
    },
  };
}
