/**
 * Energy asset time series (docs/protocol.md §3c): the history of one station, feeder, bus, HV line, storage unit or
 * PV unit over the last 24 simulated hours (one sample per dispatch step), asked of the feed server on demand (a click
 * on an asset). The running feed (startFeed.ts) registers how to ask.
 */
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';

/** History of one asset, oldest sample first; `values` has the series ENERGY_SERIES_FIELDS lists for its kind. */
export interface EnergySeries {
  readonly kind: EnergyAssetKind;
  readonly index: number;
  readonly simTimeMs: Float64Array;
  readonly values: Readonly<Record<string, Float32Array>>;
}

/** How the running feed answers a request (set by startFeed; null when no feed runs). */
export type EnergySeriesRequester = (kind: EnergyAssetKind, index: number) => Promise<EnergySeries>;

let requester: EnergySeriesRequester | null = null;

/** Registers (or with null, removes) the running feed's requester. */
export function setEnergySeriesRequester(r: EnergySeriesRequester | null): void {
  requester = r;
}

/** Asks the feed server for the history of one asset; rejects with an Error that says why. */
export function requestEnergySeries(kind: EnergyAssetKind, index: number): Promise<EnergySeries> {
  if (requester === null)
    return Promise.reject(new Error(`energy series ${kind} ${index}: the live feed is not running`));
  return requester(kind, index);
}
