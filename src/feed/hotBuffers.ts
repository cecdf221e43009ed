/**
 * Hot telemetry (DESIGN.md rule 3): the latest value of every sensor channel in typed arrays indexed by the scene's
 * sensor index, plus a version counter bumped once per applied batch. Views read these where they draw
 * (useFrame, deck.gl data memoised on `version`), never through React renders.
 */

import { CHANNEL_COUNT } from '../core/protocol/channels.ts';

/** Reading channels (defined with the wire protocol in src/core/protocol/channels.ts; re-exported for the views). */
export { Channel, CHANNEL_COUNT } from '../core/protocol/channels.ts';

/** Latest values per channel and sensor; NaN = no reading yet. */
export interface HotBuffers {
  /** Bumped after every applied batch. */
  version: number;
  sensorCount: number;
  /** values[channel][sensorIndex]. */
  readonly values: Float32Array[];
  /** Simulation time (ms since epoch) of the last reading per sensor. */
  lastSimMs: Float64Array;
  /** Resizes and clears for a scene with `sensorCount` sensors. */
  reset(sensorCount: number): void;
}

/** Creates empty hot buffers. */
export function createHotBuffers(sensorCount = 0): HotBuffers {
  const hb: HotBuffers = {
    version: 0,
    sensorCount: 0,
    values: [],
    lastSimMs: new Float64Array(0),
    reset(n) {
      hb.sensorCount = n;
      hb.values.length = 0;
      for (let c = 0; c < CHANNEL_COUNT; c++) hb.values.push(new Float32Array(n).fill(Number.NaN));
      hb.lastSimMs = new Float64Array(n);
      hb.version++;
    },
  };
  hb.reset(sensorCount);
  return hb;
}

/** The app's hot buffers (one per page). */
export const hot: HotBuffers = createHotBuffers();
