/**
 * The link time series (docs/protocol.md §3b): the history of one road link's speed, flow and volume/capacity over
 * the last hours, asked of the feed server on demand (a click on a link). The running feed (startFeed.ts) registers
 * how to ask — through the feed worker's socket in the browser, the in-thread FeedClient in Node.
 */

/** History of one road link, oldest sample first (one sample per simulated minute). */
export interface LinkSeries {
  readonly link: number;
  /** Sample times, ms since the Unix epoch. */
  readonly simTimeMs: Float64Array;
  readonly speedKph: Float32Array;
  readonly flowVph: Float32Array;
  /** Volume / capacity ratio. */
  readonly vc: Float32Array;
}

/** How the running feed answers a request (set by startFeed; null when no feed runs). */
export type LinkSeriesRequester = (link: number) => Promise<LinkSeries>;

let requester: LinkSeriesRequester | null = null;

/** Registers (or with null, removes) the running feed's requester. */
export function setLinkSeriesRequester(r: LinkSeriesRequester | null): void {
  requester = r;
}

/**
 * Asks the feed server for the history of road link `link`. Rejects with an Error that says why: no live feed, no
 * such link, refused by the server (its reason, e.g. rate limit), or no answer within 5 s.
 */
export function requestLinkSeries(link: number): Promise<LinkSeries> {
  if (requester === null)
    return Promise.reject(new Error(`link series ${link}: the live feed is not running`));
  return requester(link);
}
