/** A socket.io client of the work-order API for the integration tests (docs/protocol.md §8). */
import { io as connect, type Socket } from 'socket.io-client';
import { FeedEvent, PROTOCOL_VERSION } from '../../src/core/protocol/index.ts';
import {
  WorkloadEvent,
  type WoActionAnswer,
  type WoActionRequest,
  type WoEventMessage,
  type WoReportRequest,
  type WoSubscribeAnswer,
  type WoTimelineAnswer,
} from '../../src/core/protocol/workloadMessages.ts';

/** A connected, greeted client that records the work-order events it hears. */
export interface WoClient {
  socket: Socket;
  events: WoEventMessage[];
  subscribe(afterSeq: number | null): Promise<WoSubscribeAnswer>;
  act(req: WoActionRequest): Promise<WoActionAnswer>;
  report(req: WoReportRequest): Promise<WoActionAnswer>;
  timeline(orderId: string): Promise<WoTimelineAnswer>;
  /** Emits any event with an ack (bad-input tests). */
  raw(event: string, payload: unknown): Promise<unknown>;
  close(): void;
}

/** Connects, says hello for `scene` and waits for the welcome. */
export async function woClient(url: string, scene = 'tiny'): Promise<WoClient> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  const events: WoEventMessage[] = [];
  socket.on(WorkloadEvent.event, (m: WoEventMessage) => events.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once(FeedEvent.welcome, () => resolve());
    socket.once('connect', () =>
      socket.emit(FeedEvent.hello, { protocol: PROTOCOL_VERSION, scene, resume: null }),
    );
  });
  const call = <T>(event: string, payload: unknown): Promise<T> =>
    new Promise<T>((resolve) => socket.emit(event, payload, (a: T) => resolve(a)));
  return {
    socket,
    events,
    subscribe: (afterSeq) => call(WorkloadEvent.subscribe, { afterSeq }),
    act: (req) => call(WorkloadEvent.action, req),
    report: (req) => call(WorkloadEvent.report, req),
    timeline: (orderId) => call(WorkloadEvent.timeline, { orderId }),
    raw: (event, payload) => call(event, payload),
    close: () => socket.close(),
  };
}
