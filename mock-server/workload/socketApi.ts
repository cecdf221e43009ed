/**
 * The work-order API on a feed socket (docs/protocol.md §8): validates a client message (wire.ts), runs it on the
 * service and answers through the socket.io acknowledgement. Subscribers join the `workload` room, where every
 * committed event is broadcast in sequence. Never throws for bad input: every refusal goes to `reject` (counted and
 * logged by the server) and to the acknowledgement.
 */
import type { Server, Socket } from 'socket.io';
import type { WorkloadService } from './service.ts';
import {
  parseActionRequest,
  parseReportRequest,
  parseSubscribe,
  parseTimelineRequest,
  WorkloadEvent,
  type WoEventMessage,
  type WoSubscribeAnswer,
} from '../../src/core/protocol/workloadMessages.ts';

/** Room of the clients that subscribed to the work-order stream. */
export const WORKLOAD_ROOM = 'workload';

/** What the server lends the handler. */
export interface WorkloadSocketContext {
  readonly service: WorkloadService;
  /** Scene extent in local metres [minX, minY, maxX, maxY] (reports outside are refused). */
  readonly extent: readonly [number, number, number, number];
  /** Simulation time of the latest tick (actions happen then). */
  simTimeMs(): number;
  /** Grid cell of a point (−1 outside every cell). */
  gridCellAt(x: number, y: number): number;
  /** The server's rejection bookkeeping (counts, rate-limited log, `rejected` message). */
  reject(socket: Socket, event: string, reason: string): void;
}

/** Broadcasts each committed event to the subscribers (installed once per server). */
export function attachBroadcast(io: Server, service: WorkloadService): void {
  service.addCommitListener((msgs: readonly WoEventMessage[]) => {
    const room = io.to(WORKLOAD_ROOM);
    for (const m of msgs) room.emit(WorkloadEvent.event, m);
  });
}

/** Handles one work-order message (`event` is one of WorkloadEvent's client → server names). */
export function handleWorkloadMessage(
  ctx: WorkloadSocketContext,
  socket: Socket,
  event: string,
  args: readonly unknown[],
  greeted: boolean,
): void {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
  const answer = (reason: string): void => {
    ctx.reject(socket, event, reason);
    ack?.({ ok: false, reason });
  };
  if (ack === null) return answer(`${event}: no acknowledgement callback (emit with a callback)`);
  if (!greeted) return answer(`order: ${event} before hello`);
  const s = ctx.service;
  switch (event) {
    case WorkloadEvent.subscribe: {
      const q = parseSubscribe(args[0]);
      if (!q.ok) return answer(q.reason);
      const ring = s.ring;
      const after = q.value.afterSeq;
      let a: WoSubscribeAnswer;
      // Synchronous from here to the join: no event can be broadcast in between (no gap, no duplicate).
      if (after !== null && after <= ring.last && ring.canResumeAfter(after)) {
        a = { ok: true, mode: 'replay', lastSeq: ring.last };
        ack(a);
        ring.forEachAfter(after, (_seq, m) => socket.emit(WorkloadEvent.event, m));
      } else {
        const reason = after === null ? 'initial' : after > ring.last ? 'ahead-of-server' : 'behind-window';
        ack({ ok: true, mode: 'snapshot', reason, snapshot: s.snapshot(ctx.simTimeMs()) });
      }
      void socket.join(WORKLOAD_ROOM);
      return;
    }
    case WorkloadEvent.action: {
      const q = parseActionRequest(args[0]);
      if (!q.ok) return answer(q.reason);
      s.act(q.value, ctx.simTimeMs()).then(
        (r) => (r.ok ? ack(r) : answer(r.reason)),
        (err: unknown) => answer(`internal: ${err instanceof Error ? err.message : String(err)}`),
      );
      return;
    }
    case WorkloadEvent.report: {
      const q = parseReportRequest(args[0], ctx.extent);
      if (!q.ok) return answer(q.reason);
      s.fileReport(q.value, ctx.simTimeMs(), ctx.gridCellAt(q.value.x, q.value.y)).then(
        (r) => (r.ok ? ack(r) : answer(r.reason)),
        (err: unknown) => answer(`internal: ${err instanceof Error ? err.message : String(err)}`),
      );
      return;
    }
    case WorkloadEvent.timeline: {
      const q = parseTimelineRequest(args[0]);
      if (!q.ok) return answer(q.reason);
      s.timeline(q.value.orderId).then(
        (r) => (r.ok ? ack(r) : answer(r.reason)),
        (err: unknown) => answer(`internal: ${err instanceof Error ? err.message : String(err)}`),
      );
      return;
    }
    default:
      return answer(`unknown event: ${event}`);
  }
}
