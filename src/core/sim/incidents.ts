/**
 * Placeholder traffic incidents: crashes, breakdowns, roadworks and event traffic on random links with Poisson arrivals whose rate
 * follows traffic demand, a severity 1–4, a bilingual description, an optional mid-life severity change and a clear
 * after a kind-dependent duration. Open incidents take capacity off their link (read by the live traffic model).
 * The workload issue (一网统管) replaces this with its incident generator.
 */
import type { IncidentRecord } from '../protocol/messages.ts';
import type { Rng } from '../rng.ts';
import { RoadClass, type RoadNetwork } from '../scene/types.ts';
import { interpolate, localHour } from './cityClock.ts';

/** A change to an incident, in the order it happened. */
export interface IncidentChange {
  readonly op: 'raised' | 'updated' | 'cleared';
  readonly incident: IncidentRecord;
}

/** Incident generator parameters. */
export interface IncidentOptions {
  /** Arrivals per simulated hour at full (peak) demand for a network of 1000 links; scaled by √(links/1000). */
  perHourAtPeak: number;
}

export const DEFAULT_INCIDENTS: IncidentOptions = { perHourAtPeak: 3 };

/**
 * Relative incident exposure by local hour (share of the weekday peak traffic): morning peak 07:30–09:00, evening
 * peak 17:00–19:00, with shoulders and a midday plateau (the placeholder's demand shape).
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

/** Incident kinds: 'event' is traffic around a large event (concert, match, exhibition) blocking lanes. */
export type IncidentKind = 'crash' | 'breakdown' | 'roadworks' | 'event';
type Kind = IncidentKind;

/** Cumulative kind shares: crashes 42 %, breakdowns 38 %, roadworks 13 %, event traffic 7 %. */
const KIND_CDF: readonly (readonly [number, Kind])[] = [
  [0.42, 'crash'],
  [0.8, 'breakdown'],
  [0.93, 'roadworks'],
  [1, 'event'],
];
/** Cumulative severity distribution per kind (severity 1…4). */
const SEVERITY_CDF: Readonly<Record<Kind, readonly number[]>> = {
  crash: [0.3, 0.65, 0.9, 1],
  breakdown: [0.6, 0.9, 1, 1],
  roadworks: [0.2, 0.7, 1, 1],
  event: [0.3, 0.8, 1, 1],
};
const KIND_TEXT: Readonly<Record<Kind, { zh: string; en: string }>> = {
  crash: { zh: '交通事故', en: 'Crash' },
  breakdown: { zh: '车辆故障', en: 'Breakdown' },
  roadworks: { zh: '道路施工', en: 'Roadworks' },
  event: { zh: '大型活动交通', en: 'Event traffic' },
};

/** Share of a link's capacity left by an open incident of severity s (1 → 80 %, 4 → 20 %). */
export function remainingCapacity(severity: number): number {
  return 1 - 0.2 * severity;
}

interface Open {
  incident: IncidentRecord;
  clearAtMs: number;
  changeAtMs: number;
}

/** Generates incidents over the road network. */
export class IncidentProducer {
  private readonly candidates: number[] = [];
  private readonly open = new Map<string, Open>();
  /** Capacity factor per link (1 = no incident). */
  readonly linkCapacity: Float32Array;
  private counter = 0;
  private prevMs = Number.NaN;
  private readonly ratePerHour: number;

  /** Creates a generator for `roads`. */
  constructor(
    private readonly roads: RoadNetwork,
    private readonly rng: Rng,
    private readonly utcOffsetMin: number,
    opts: IncidentOptions = DEFAULT_INCIDENTS,
  ) {
    this.linkCapacity = new Float32Array(roads.linkCount).fill(1);
    for (let i = 0; i < roads.linkCount; i++) {
      if ((roads.linkClass[i] as number) <= RoadClass.tertiary) this.candidates.push(i);
    }
    if (this.candidates.length === 0) for (let i = 0; i < roads.linkCount; i++) this.candidates.push(i);
    this.ratePerHour = opts.perHourAtPeak * Math.sqrt(roads.linkCount / 1000);
  }

  /** Open incidents, oldest first. */
  openIncidents(): IncidentRecord[] {
    return [...this.open.values()].map((o) => o.incident);
  }

  /** Advances to `simTimeMs` and returns what changed (empty most ticks). */
  step(simTimeMs: number): IncidentChange[] {
    const changes: IncidentChange[] = [];
    const prev = this.prevMs;
    this.prevMs = simTimeMs;
    if (Number.isNaN(prev) || this.candidates.length === 0) return changes;
    const dtH = Math.max(0, simTimeMs - prev) / 3_600_000;

    for (const [id, o] of this.open) {
      if (simTimeMs >= o.clearAtMs) {
        this.open.delete(id);
        this.setLink(o.incident.linkIndex, 1);
        changes.push({ op: 'cleared', incident: { ...o.incident, cleared: true } });
      } else if (simTimeMs >= o.changeAtMs) {
        o.changeAtMs = Number.POSITIVE_INFINITY;
        // Responders arrive: most incidents de-escalate, some turn out worse than first reported.
        const delta = this.rng.next() < 0.7 ? -1 : 1;
        const severity = Math.min(4, Math.max(1, o.incident.severity + delta));
        if (severity !== o.incident.severity) {
          o.incident = {
            ...o.incident,
            severity,
            description: describe(o.incident.kind as Kind, severity, this.roadName(o.incident.linkIndex)),
          };
          this.setLink(o.incident.linkIndex, remainingCapacity(severity));
          changes.push({ op: 'updated', incident: o.incident });
        }
      }
    }

    // Poisson arrivals with a demand-following rate: P(k arrivals) with mean λ·dt; draw k by inversion.
    const demand = interpolate(WEEKDAY_DEMAND, localHour(simTimeMs, this.utcOffsetMin));
    const mean = this.ratePerHour * (0.25 + 0.75 * demand) * dtH;
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = this.rng.next();
    while (u > cdf && k < 10) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    for (let j = 0; j < k; j++) changes.push(this.raise(simTimeMs));
    return changes;
  }

  private raise(simTimeMs: number): IncidentChange {
    const rng = this.rng;
    const uk = rng.next();
    const kind = (KIND_CDF.find(([c]) => uk < c) ?? KIND_CDF[KIND_CDF.length - 1])?.[1] ?? 'crash';
    const us = rng.next();
    const severity = (SEVERITY_CDF[kind].findIndex((c) => us < c) + 1 || 1) as 1 | 2 | 3 | 4;
    const link = this.candidates[rng.int(this.candidates.length)] as number;
    // Durations (minutes): crashes 20 + 15·severity + Exp(20); breakdowns 15–45; roadworks 2–6 h; events 1.5–4 h.
    const durationMin = durationOf(kind, severity, rng);
    const [x, y] = this.linkMidpoint(link);
    this.counter++;
    const incident: IncidentRecord = {
      id: `inc:${String(this.counter).padStart(6, '0')}`,
      kind,
      x,
      y,
      simTimeMs,
      severity,
      description: describe(kind, severity, this.roadName(link)),
      linkIndex: link,
      cleared: false,
    };
    const clearAtMs = simTimeMs + durationMin * 60_000;
    const changeAtMs =
      kind === 'crash' && rng.next() < 0.5 ? simTimeMs + (durationMin * 60_000) / 3 : Infinity;
    this.open.set(incident.id, { incident, clearAtMs, changeAtMs });
    this.setLink(link, remainingCapacity(severity));
    return { op: 'raised', incident };
  }

  private setLink(link: number | undefined, factor: number): void {
    if (link !== undefined && link < this.linkCapacity.length) this.linkCapacity[link] = factor;
  }

  private roadName(link: number | undefined): { zh: string; en: string } | null {
    if (link === undefined) return null;
    const way = this.roads.ways[this.roads.linkWay[link] as number];
    const name = way?.name;
    if (name === undefined) return null;
    return { zh: name.zh ?? name.name, en: name.en ?? name.name };
  }

  private linkMidpoint(link: number): [number, number] {
    const r = this.roads;
    const a = r.geomStart[link] as number;
    const b = r.geomStart[link + 1] as number;
    if (b > a) {
      const m = a + ((b - a) >> 1);
      return [r.geomXY[2 * m] as number, r.geomXY[2 * m + 1] as number];
    }
    const f = r.linkFrom[link] as number;
    const t = r.linkTo[link] as number;
    return [
      ((r.nodeXY[2 * f] as number) + (r.nodeXY[2 * t] as number)) / 2,
      ((r.nodeXY[2 * f + 1] as number) + (r.nodeXY[2 * t + 1] as number)) / 2,
    ];
  }
}

/** Incident duration in minutes by kind (see raise()). */
function durationOf(kind: Kind, severity: number, rng: Rng): number {
  switch (kind) {
    case 'crash':
      return 20 + 15 * severity - 20 * Math.log(1 - rng.next());
    case 'breakdown':
      return rng.range(15, 45);
    case 'roadworks':
      return rng.range(120, 360);
    case 'event':
      return rng.range(90, 240);
    default: {
      const never: never = kind;
      throw new Error(`unknown incident kind ${String(never)}`);
    }
  }
}

/** Bilingual description, e.g. "Crash on Century Avenue (severity 3)" / "世纪大道 交通事故（严重度 3）". */
function describe(
  kind: Kind,
  severity: number,
  road: { zh: string; en: string } | null,
): { zh: string; en: string } {
  const t = KIND_TEXT[kind];
  return {
    zh: `${road === null ? '' : `${road.zh} `}${t.zh}（严重度 ${severity}）`,
    en: `${t.en}${road === null ? '' : ` on ${road.en}`} (severity ${severity})`,
  };
}
