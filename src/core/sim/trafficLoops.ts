/**
 * Placeholder road-loop readings: time-of-day demand against each link's capacity, turned into speed, flow and
 * occupancy with the Greenshields speed–density model. The traffic issue replaces this with a network simulation.
 *
 * Greenshields (1935, "A study of traffic capacity", Proc. Highway Research Board 14:448–477): v = vf·(1 − k/kj),
 * q = k·v, capacity qmax = vf·kj/4 at v = vf/2. Solving q = kj·(v − v²/vf) for v at a flow ratio x = q/qmax gives
 *   uncongested branch: v = vf·(1 + √(1 − x))/2,   congested branch: v = vf·(1 − √(1 − x))/2.
 * When demand exceeds capacity (peaks, incidents) the link runs on the congested branch with throughput falling as
 * the queue grows (ratio 1/x — a heuristic, not a queue model). Occupancy from density with an effective vehicle
 * length (vehicle + loop) of 5.5 m: occ = k·L (May, "Traffic Flow Fundamentals", 1990, ch. 4).
 */
import { Channel } from '../protocol/channels.ts';
import type { ReadingColumns } from '../protocol/readingColumns.ts';
import type { Rng } from '../rng.ts';
import { NO_INDEX, RoadClass, type RoadNetwork } from '../scene/types.ts';
import { interpolate, localHour, localWeekday, reportsInTick } from './cityClock.ts';

/**
 * Weekday demand as a fraction of capacity on an arterial, by local hour: morning peak 07:30–09:00, evening peak
 * 17:00–19:00 (the peak windows), with shoulders and a midday plateau.
 */
export const WEEKDAY_DEMAND: readonly (readonly [number, number])[] = [
  [0, 0.12],
  [5, 0.08],
  [6, 0.25],
  [7, 0.6],
  [7.5, 0.95],
  [9, 0.95],
  [9.75, 0.62],
  [12, 0.55],
  [16, 0.62],
  [17, 0.93],
  [19, 0.93],
  [20, 0.55],
  [22, 0.3],
  [24, 0.12],
];

/** Peak demand relative to an arterial's, by RoadClass code: fast roads saturate first, local streets stay light. */
const CLASS_DEMAND: Readonly<Record<RoadClass, number>> = {
  [RoadClass.motorway]: 1.06,
  [RoadClass.trunk]: 1.02,
  [RoadClass.primary]: 0.97,
  [RoadClass.secondary]: 0.9,
  [RoadClass.tertiary]: 0.8,
  [RoadClass.residential]: 0.45,
  [RoadClass.service]: 0.3,
  [RoadClass.link]: 0.9,
  [RoadClass.unclassified]: 0.5,
};

/** Effective vehicle length (vehicle + detector zone), metres. */
const EFFECTIVE_LENGTH_M = 5.5;
/** Defaults for a loop without a usable link: a two-lane 50 km/h street. */
const DEFAULT_FREE_KPH = 50;
const DEFAULT_CAPACITY_VPH = 1800;
const DEFAULT_LANES = 2;

/** Demand / capacity ratio at `simTimeMs` for a link of class `roadClass` (before per-link variation). */
export function demandRatio(simTimeMs: number, roadClass: number, utcOffsetMin: number): number {
  const h = localHour(simTimeMs, utcOffsetMin);
  const weekday = localWeekday(simTimeMs, utcOffsetMin);
  const base = interpolate(WEEKDAY_DEMAND, h);
  // Weekends: no commute peaks; demand flattens to ~70 % of the weekday level.
  const day = weekday >= 5 ? Math.min(base, 0.6) * 0.85 + 0.05 : base;
  return day * (CLASS_DEMAND[roadClass as RoadClass] ?? 0.7);
}

/** Speed (km/h) on a Greenshields link at demand ratio x = demand/capacity; also returns the served flow ratio. */
export function greenshieldsSpeed(
  freeKph: number,
  x: number,
  out: { speedKph: number; flowRatio: number },
): void {
  if (x <= 1) {
    out.flowRatio = x;
    out.speedKph = (freeKph * (1 + Math.sqrt(1 - x))) / 2;
  } else {
    const y = 1 / x;
    out.flowRatio = y;
    out.speedKph = (freeKph * (1 - Math.sqrt(1 - y))) / 2;
  }
}

/** Produces speed/flow/occupancy readings for the road-loop sensors. */
export class TrafficLoopProducer {
  private readonly freeKph: Float32Array;
  private readonly capacityVph: Float32Array;
  private readonly lanes: Uint8Array;
  private readonly roadClass: Uint8Array;
  private readonly linkFactor: Float32Array;
  private readonly scratch = { speedKph: 0, flowRatio: 0 };

  /** `loops`: sensor indices of road loops; `loopLink`: their link index (NO_INDEX when none). */
  constructor(
    private readonly loops: Uint32Array,
    private readonly loopLink: Uint32Array,
    roads: RoadNetwork,
    private readonly rng: Rng,
    private readonly utcOffsetMin: number,
  ) {
    const n = loops.length;
    this.freeKph = new Float32Array(n);
    this.capacityVph = new Float32Array(n);
    this.lanes = new Uint8Array(n);
    this.roadClass = new Uint8Array(n);
    this.linkFactor = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const l = loopLink[i] as number;
      const ok = l !== NO_INDEX && l < roads.linkCount;
      const vf = ok ? (roads.freeSpeedKph[l] as number) : 0;
      const cap = ok ? (roads.capacityVph[l] as number) : 0;
      this.freeKph[i] = vf > 0 ? vf : DEFAULT_FREE_KPH;
      this.lanes[i] = Math.max(1, ok ? (roads.lanes[l] as number) : DEFAULT_LANES);
      this.capacityVph[i] = cap > 0 ? cap : DEFAULT_CAPACITY_VPH * (this.lanes[i] as number);
      this.roadClass[i] = ok ? (roads.linkClass[l] as number) : RoadClass.unclassified;
      // Links differ (destinations, parallel routes): a fixed lognormal factor, σ ≈ 0.15.
      this.linkFactor[i] = Math.exp(0.15 * rng.normal());
    }
  }

  /**
   * Writes the readings of loops that report in (prevMs, nowMs]. `capacityFactor(link)` is the share of capacity
   * left by incidents (1 = none).
   */
  emit(
    prevMs: number,
    nowMs: number,
    periodMs: number,
    capacityFactor: (linkIndex: number) => number,
    out: ReadingColumns,
  ): void {
    const s = this.scratch;
    for (let i = 0; i < this.loops.length; i++) {
      const phase = (i * 7919) % periodMs;
      if (!Number.isNaN(prevMs) && !reportsInTick(prevMs, nowMs, periodMs, phase)) continue;
      const cap = (this.capacityVph[i] as number) * capacityFactor(this.loopLink[i] as number);
      const demandVph =
        demandRatio(nowMs, this.roadClass[i] as number, this.utcOffsetMin) *
        (this.capacityVph[i] as number) *
        (this.linkFactor[i] as number) *
        (1 + 0.05 * this.rng.normal());
      const x = Math.max(0, demandVph) / Math.max(1, cap);
      greenshieldsSpeed(this.freeKph[i] as number, x, s);
      const speedKph = Math.max(1, s.speedKph * (1 + 0.03 * this.rng.normal()));
      const flowVph = s.flowRatio * cap;
      const densityPerLaneKm = flowVph / speedKph / (this.lanes[i] as number);
      const occupancyPct = Math.min(98, (densityPerLaneKm * EFFECTIVE_LENGTH_M) / 10);
      const idx = this.loops[i] as number;
      out.push(idx, Channel.speedKph, speedKph);
      out.push(idx, Channel.flowVph, flowVph);
      out.push(idx, Channel.occupancyPct, occupancyPct);
    }
  }
}
