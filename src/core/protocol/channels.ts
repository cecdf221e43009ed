/**
 * Reading channels: what a sensor value means. The numeric code is what travels on the wire (one byte per reading in
 * a batch, docs/protocol.md); src/feed/hotBuffers.ts re-exports these for the views.
 */
export const Channel = {
  speedKph: 0,
  flowVph: 1,
  occupancyPct: 2,
  loadMW: 3,
  temperatureC: 4,
  rainMmH: 5,
  windMS: 6,
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
/** Number of channel codes; valid codes are 0 .. CHANNEL_COUNT-1. */
export const CHANNEL_COUNT = 7;

/** Channel names by code, for logs and docs. */
export const CHANNEL_NAMES: readonly string[] = Object.keys(Channel);
