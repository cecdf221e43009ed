/**
 * Road-loop detector readings from the live traffic model (docs/traffic.md §3.4): every loop reports the speed
 * (km/h), flow (veh/h) and occupancy (%) of its link once per reporting period, with small seeded noise.
 *   flow      = min(model flow, current capacity) — a detector counts served vehicles, never more than capacity
 *   speed     = the link's BPR speed
 *   occupancy = k·L_eff per lane = (q / lanes) · L_eff / v   (share of time a vehicle is over the loop; density ×
 *               effective vehicle length: May 1990, "Traffic Flow Fundamentals", §7.2; Hall 1996, "Traffic stream
 *               characteristics", in Revised Monograph on Traffic Flow Theory, ch. 2), with L_eff = 4.5 m car + 2 m
 *               loop = 6.5 m.
 * Noise: speed ×(1 + 0.03·N(0,1)), flow ×(1 + 0.05·N(0,1)) (detector and sampling error of a few percent).
 */
import { Channel } from '../protocol/channels.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import type { Rng } from '../rng.ts';
import { NO_INDEX, type RoadNetwork } from '../scene/types.ts';
import type { LiveTrafficFrame } from '../traffic/types.ts';
import { reportsInTick } from './cityClock.ts';

/** Effective vehicle length seen by a loop: 4.5 m passenger car + 2 m detection zone, metres. */
export const EFFECTIVE_VEHICLE_LENGTH_M = 6.5;
/** What a loop without a usable link reports (speed; flow and occupancy are 0). */
const NO_LINK_SPEED_KPH = 40;

/** Occupancy (%) of one lane's loop at `flowVph` over `lanes` lanes and `speedKph` (formula in the file header). */
export function occupancyPct(
  flowVph: number,
  lanes: number,
  speedKph: number,
  effectiveLengthM = 6.5,
): number {
  if (!(speedKph > 0)) return flowVph > 0 ? 100 : 0;
  const densityPerLaneKm = flowVph / Math.max(1, lanes) / speedKph;
  return Math.min(100, (densityPerLaneKm * effectiveLengthM) / 10);
}

/** Produces speed/flow/occupancy readings for the road-loop sensors from a LiveTrafficFrame. */
export class LoopDetectorProducer {
  private readonly lanes: Uint8Array;

  /** `loops`: sensor indices of road loops; `loopLink`: their link index (NO_INDEX when none). */
  constructor(
    private readonly loops: Uint32Array,
    private readonly loopLink: Uint32Array,
    private readonly roads: RoadNetwork,
    private readonly rng: Rng,
  ) {
    this.lanes = Uint8Array.from(loopLink, (l) =>
      l !== NO_INDEX && l < roads.linkCount ? Math.max(1, roads.lanes[l] as number) : 1,
    );
  }

  /**
   * Writes the readings of loops that report in (prevMs, nowMs] (all of them when prevMs is NaN). `capacityVph(link)`
   * is the link's current capacity.
   */
  emit(
    prevMs: number,
    nowMs: number,
    periodMs: number,
    frame: LiveTrafficFrame,
    capacityVph: (link: number) => number,
    out: ReadingColumns,
  ): void {
    for (let i = 0; i < this.loops.length; i++) {
      const phase = (i * 7919) % periodMs;
      if (!Number.isNaN(prevMs) && !reportsInTick(prevMs, nowMs, periodMs, phase)) continue;
      const l = this.loopLink[i] as number;
      const ok = l !== NO_INDEX && l < this.roads.linkCount && l < frame.linkSpeedKph.length;
      const modelSpeed = ok ? (frame.linkSpeedKph[l] as number) : NO_LINK_SPEED_KPH;
      const modelFlow = ok ? Math.min(frame.linkFlowVph[l] as number, capacityVph(l)) : 0;
      const speedKph = Math.max(1, modelSpeed * (1 + 0.03 * this.rng.normal()));
      const flowVph = Math.max(0, modelFlow * (1 + 0.05 * this.rng.normal()));
      const idx = this.loops[i] as number;
      out.push(idx, Channel.speedKph, speedKph);
      out.push(idx, Channel.flowVph, flowVph);
      out.push(idx, Channel.occupancyPct, occupancyPct(flowVph, this.lanes[i] as number, speedKph));
    }
  }
}
