/**
 * Operator requests of the work-order API (docs/protocol.md §8) through the running feed: act on an order, file a
 * report, fetch an order's full timeline. The socket lives in the feed worker; startFeed registers how to ask (a
 * worker round trip in the browser, the in-thread FeedClient in Node). Every promise rejects with an Error whose
 * message says why (the server's reason verbatim for a refused action).
 */
import type { WoClientAction, WoReportRequest } from '../core/protocol/workloadMessages.ts';
import type { Actor } from '../core/workload/types.ts';
import type { WoCommitted, WoTimeline } from './workOrderWire.ts';

/** One request to the server. */
export type WoRequest =
  | {
      readonly kind: 'action';
      readonly orderId: string;
      readonly action: WoClientAction;
      readonly actor: Actor;
      readonly expectedVersion?: number;
    }
  | { readonly kind: 'report'; readonly report: WoReportRequest }
  | { readonly kind: 'timeline'; readonly orderId: string };

/** How the running feed answers a request (set by startFeed; null when no feed runs). */
export type WoRequester = (req: WoRequest) => Promise<WoCommitted | WoTimeline>;

/** The operator of this console (the actor of its actions). */
export const CONSOLE_OPERATOR: Actor = { kind: 'operator', id: 'console' };

let requester: WoRequester | null = null;

/** Registers (or with null, removes) the running feed's requester. */
export function setWoRequester(r: WoRequester | null): void {
  requester = r;
}

function ask(req: WoRequest, what: string): Promise<WoCommitted | WoTimeline> {
  if (requester === null) return Promise.reject(new Error(`${what}: the live feed is not running`));
  return requester(req);
}

/**
 * Asks the server to apply an operator action to an order; resolves with the committed events and the order's new
 * state, rejects with the server's reason when refused (illegal move, stale version, unknown order).
 */
export function woAction(
  orderId: string,
  action: WoClientAction,
  opts: { actor?: Actor; expectedVersion?: number } = {},
): Promise<WoCommitted> {
  const req: WoRequest = {
    kind: 'action',
    orderId,
    action,
    actor: opts.actor ?? CONSOLE_OPERATOR,
    ...(opts.expectedVersion !== undefined ? { expectedVersion: opts.expectedVersion } : {}),
  };
  return ask(req, `${action.kind} ${orderId}`) as Promise<WoCommitted>;
}

/** Files a report (e.g. a hotline call); resolves with the order it opened or joined. */
export function woReport(report: WoReportRequest): Promise<WoCommitted> {
  return ask({ kind: 'report', report }, `report ${report.category}`) as Promise<WoCommitted>;
}

/** Fetches one order's full history: every event, its reports and attachments. */
export function woTimeline(orderId: string): Promise<WoTimeline> {
  return ask({ kind: 'timeline', orderId }, `timeline ${orderId}`) as Promise<WoTimeline>;
}
