/**
 * The live work of the feed server (issue 6 "Live in mock-server"): each tick, new reports (the core's Poisson
 * arrivals, the simulator's traffic incidents and energy alarms, or a recorded replay) merge into open orders of the
 * same category nearby (the core's DuplicateIndex) or open new ones, and the city's departments work the orders: the
 * dispatch centre ('system') accepts and dispatches, the department's crews ('unit') start when a crew of the shift is
 * free and handle after the category's handling time, an inspector verifies, the centre closes; breached SLA clocks
 * escalate (the core's dueEscalations). Every step is an action through the core state machine, committed by the
 * service before anyone hears of it.
 *
 * No schedule lives only in memory: when each order's next step falls due is a function of the order itself (its
 * stage, when the stage began, its version) and the seed, so a restarted server continues the same plan.
 * Handling times follow the core's distribution (queueSim.ts sampleHandlingMs: lognormal, mean = the category's work
 * content); the centre's and the inspectors' delays are exponential with the means below.
 */
import type { EnergyMessage } from '../../src/core/protocol/index.ts';
import { energyAssetXY } from '../../src/core/energy/city/assetPosition.ts';
import type { EnergyAssetKind } from '../../src/core/protocol/index.ts';
import { createRng, hash32 } from '../../src/core/rng.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import type { CityEnergy } from '../../src/core/sim/citySimulator.ts';
import { DuplicateIndex } from '../../src/core/workload/merge.ts';
import { dueEscalations } from '../../src/core/workload/sla.ts';
import { clockOf } from '../../src/core/workload/stateMachine.ts';
import { handleMeanMs, sampleHandlingMs } from '../../src/core/workload/queueSim.ts';
import { categoryById, categoryIndex, DEPARTMENTS, staffOnShift } from '../../src/core/workload/taxonomy.ts';
import type { Actor, Priority, WorkOrder, WorkOrderAction } from '../../src/core/workload/types.ts';
import type { IncidentChange } from '../../src/core/sim/incidents.ts';
import type { HazardReport } from '../../src/core/hazards/runtime.ts';
import type { ReportDraft, WorkloadService, WorkRequest } from './service.ts';

const MIN_MS = 60_000;

/** A source of reports for a sim-time interval (the core's arrivals, a replay). */
export interface ReportSource {
  /** Reports whose time lies in (prevMs, simMs], in time order. */
  step(prevMs: number, simMs: number): ReportDraft[];
  /** Recorded closure duration of a replayed order, ms (NaN: simulate its steps). */
  recordedClosureMs?(order: WorkOrder): number;
}

/** Options of {@link createLiveWork}. */
export interface LiveWorkOptions {
  readonly scene: CityModel;
  readonly seed: number;
  readonly gridCellAt: (x: number, y: number) => number;
  readonly energy: CityEnergy | null;
  /** Synthetic or recorded reports (null: only the domain reports). */
  readonly reports?: ReportSource | null;
  /** Turn the simulator's incidents and energy alarms into reports (default true). */
  readonly domainReports?: boolean;
  /** Work the orders (accept … close) automatically (default true). */
  readonly departments?: boolean;
  /**
   * Called once committed when a hazard report (reporter `hazard:<key>`, see HAZARD_REPORTER) opened an order or merged
   * into one: the hazard runtime records the order in its cascade (HazardRuntime.noteWorkOrder).
   */
  readonly onHazardWorkOrder?: (key: string, orderId: string, simMs: number) => void;
}

/** Reporter prefix of the reports raised by hazard consequences (the key follows it). */
export const HAZARD_REPORTER = 'hazard:';

/** The live generator of one server. */
export interface LiveWork {
  tick(
    simMs: number,
    incidents: readonly IncidentChange[],
    energy: readonly EnergyMessage[],
    hazards?: readonly HazardReport[],
  ): void;
}

/**
 * Mean delays of the simulated actors, as shares of the stage's SLA allowance or in minutes. ASSUMPTIONS (no
 * published per-stage figures): the centre accepts and dispatches at a third of the allowance on average, so an
 * exponential delay breaches it with probability e^−3 ≈ 5 % — enough to exercise warnings and escalations.
 */
const ACCEPT_SHARE = 1 / 3;
const DISPATCH_SHARE = 1 / 3;
const VERIFY_MEAN_MIN = 30;
const CLOSE_MEAN_MIN = 10;
const REFUSE_AFTER_MEAN_MIN = 15;
/** Shares of reports rejected as invalid, dispatches refused, verifications failed (ASSUMPTIONS). */
const REJECT_P = 0.03;
const REFUSE_P = 0.03;
const VERIFY_FAIL_P = 0.05;

const SYSTEM: Actor = { kind: 'system', id: 'dispatch-centre' };

/** Uniform in (0, 1) from the seed and labels: the same order state always draws the same number. */
function uniform(seed: number, orderId: string, version: number, salt: string): number {
  let h = hash32(`${seed}|${orderId}|${version}|${salt}`);
  // One splitmix32 round to spread FNV's low-entropy bits.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

/** Exponential delay with mean `meanMs` for this order state. */
function expDelay(seed: number, o: WorkOrder, salt: string, meanMs: number): number {
  return -Math.log(uniform(seed, o.id, o.version, salt)) * meanMs;
}

/** Priority of a traffic incident by its severity (1 minor … 4 critical). */
function incidentPriority(severity: number): Priority {
  return severity >= 3 ? 1 : severity === 2 ? 2 : 3;
}

/** Energy alarm → where it is and how urgent (powerFlow: a solver failure, not a field problem → none). */
const ENERGY_ALARM: Readonly<Record<string, { asset: EnergyAssetKind; priority: Priority } | null>> = {
  loadShed: { asset: 'feeder', priority: 1 },
  unserved: { asset: 'feeder', priority: 1 },
  sectionOverload: { asset: 'bus', priority: 2 },
  transformerOverload: { asset: 'station', priority: 2 },
  importOverload: { asset: 'station', priority: 2 },
  hvLineOverload: { asset: 'hvLine', priority: 2 },
  undervoltage: { asset: 'bus', priority: 3 },
  overvoltage: { asset: 'bus', priority: 3 },
  powerFlow: null,
};

/** Creates the live generator over a service. */
export function createLiveWork(service: WorkloadService, opts: LiveWorkOptions): LiveWork {
  const dup = new DuplicateIndex();
  for (const o of service.openOrders().values()) dup.update(o);
  const onHazard = opts.onHazardWorkOrder;
  service.addCommitListener((msgs) => {
    for (const m of msgs) {
      const a = m.event.action;
      dup.update(m.order, a.kind === 'merge' ? m.event.simTimeMs : undefined);
      if (onHazard === undefined) continue;
      // A hazard consequence became (part of) a work order: tell the runtime, after the commit, never before.
      const reports = a.kind === 'create' ? [a.report] : a.kind === 'merge' ? (a.reports ?? []) : [];
      for (const r of reports)
        if (r.reporter.startsWith(HAZARD_REPORTER))
          onHazard(r.reporter.slice(HAZARD_REPORTER.length), m.order.id, m.event.simTimeMs);
    }
  });
  const seed = opts.seed;
  const xy = [0, 0];
  let prevMs = Number.NaN;
  let busy = false;
  /** Reports waiting while a job of ours is still committing. */
  let waiting: ReportDraft[] = [];

  function domainReports(
    simMs: number,
    incidents: readonly IncidentChange[],
    energy: readonly EnergyMessage[],
    hazards: readonly HazardReport[],
  ) {
    const out: ReportDraft[] = [];
    // Hazard consequences (flooded roads and underpasses, tripped substations, dark signals, damaged buildings, fires):
    // the runtime already chose the category of the taxonomy, the priority and the place.
    for (const h of hazards) {
      out.push({
        source: 'domain',
        category: h.category,
        priority: h.priority,
        x: h.x,
        y: h.y,
        gridCell: opts.gridCellAt(h.x, h.y),
        simTimeMs: simMs,
        description: h.description,
        reporter: `${HAZARD_REPORTER}${h.key}`,
      });
    }
    for (const c of incidents) {
      if (c.op !== 'raised') continue;
      const i = c.incident;
      out.push({
        source: 'domain',
        category: 'trafficIncident',
        priority: incidentPriority(i.severity),
        x: i.x,
        y: i.y,
        gridCell: opts.gridCellAt(i.x, i.y),
        simTimeMs: simMs,
        description: {
          zh: `交通事件（${i.kind}）：${i.description.zh}`,
          en: `Traffic incident (${i.kind}): ${i.description.en}`,
        },
        reporter: i.id,
      });
    }
    const grid = opts.energy?.grid;
    if (grid !== undefined) {
      for (const m of energy) {
        for (const e of m.events) {
          const map = ENERGY_ALARM[e.kind];
          if (!e.raised || map === null || map === undefined) continue;
          if (!energyAssetXY(opts.scene, grid, map.asset, e.index, xy)) continue;
          const x = xy[0] as number;
          const y = xy[1] as number;
          out.push({
            source: 'domain',
            category: 'powerOutage',
            priority: map.priority,
            x,
            y,
            gridCell: opts.gridCellAt(x, y),
            simTimeMs: simMs,
            description: {
              zh: `电网告警：${e.kind}（${map.asset} ${e.index}，${e.value.toFixed(2)} / 限值 ${e.limit.toFixed(2)}）`,
              en: `Grid alarm: ${e.kind} (${map.asset} ${e.index}, ${e.value.toFixed(2)} / limit ${e.limit.toFixed(2)})`,
            },
            reporter: `energy:${e.kind}:${map.asset}:${e.index}`,
          });
        }
      }
    }
    return out;
  }

  /** A replayed order with a recorded closure duration. */
  const isReplay = (o: WorkOrder): boolean => o.sources[0] === 'replay';
  /**
   * For a replayed order: when the share `f` of its RECORDED closure duration has passed since creation (the steps
   * spread over it so that it closes when the real request closed), not before its stage began; else null.
   */
  const recorded = (o: WorkOrder, f: number): number | null => {
    const d = opts.reports?.recordedClosureMs?.(o) ?? Number.NaN;
    return Number.isFinite(d) ? Math.max(o.stageSinceMs, o.createdMs + f * d) : null;
  };

  /** The action due for an order at simMs, or null. Crews: `free` per department (decremented as starts are planned). */
  function nextStep(o: WorkOrder, simMs: number, free: Map<string, number>): WorkRequest | null {
    const since = o.stageSinceMs;
    const act = (action: WorkOrderAction, actor: Actor, atMs: number): WorkRequest | null =>
      atMs <= simMs ? { kind: 'action', orderId: o.id, action, actor, simTimeMs: simMs } : null;
    switch (o.stage) {
      case 'reported': {
        const at =
          recorded(o, 0.02) ??
          since + expDelay(seed, o, 'accept', ACCEPT_SHARE * clockOf(o, 'accept').allowanceMs);
        const invalid = !isReplay(o) && uniform(seed, o.id, o.version, 'reject') < REJECT_P;
        return act(invalid ? { kind: 'reject', reason: 'invalid' } : { kind: 'accept' }, SYSTEM, at);
      }
      case 'accepted': {
        const dept = categoryById(o.category)?.department;
        if (dept === undefined) return null;
        const at =
          recorded(o, 0.05) ??
          since + expDelay(seed, o, 'dispatch', DISPATCH_SHARE * clockOf(o, 'dispatch').allowanceMs);
        return act({ kind: 'dispatch', department: dept }, SYSTEM, at);
      }
      case 'dispatched': {
        const dept = o.department ?? '';
        const actor: Actor = { kind: 'department', id: dept };
        if (!isReplay(o) && o.refuseCount === 0 && uniform(seed, o.id, o.version, 'refuse') < REFUSE_P)
          return act(
            { kind: 'refuse', reason: 'not our remit (simulated refusal)' },
            actor,
            since + expDelay(seed, o, 'refuseAt', REFUSE_AFTER_MEAN_MIN * MIN_MS),
          );
        const n = free.get(dept) ?? 0;
        if (n <= 0) return null;
        free.set(dept, n - 1);
        const unit = `unit:${dept}-${(hash32(o.id) % Math.max(1, staffOnShift(dept, simMs))) + 1}`;
        return act({ kind: 'start', unit }, { kind: 'unit', id: unit }, simMs);
      }
      case 'inProgress': {
        // The core's handling-time distribution (lognormal, mean = the category's work content).
        const rng = createRng(hash32(`${seed}|${o.id}|${o.version}|handle`));
        const at =
          recorded(o, 0.85) ?? since + sampleHandlingMs(handleMeanMs(categoryIndex(o.category)), rng);
        return act(
          { kind: 'handle', note: 'handled on site (simulated)' },
          { kind: 'unit', id: o.unit ?? `unit:${o.department ?? '?'}` },
          at,
        );
      }
      case 'handled': {
        const ok = isReplay(o) || uniform(seed, o.id, o.version, 'verifyOk') >= VERIFY_FAIL_P;
        return act(
          ok ? { kind: 'verify', ok } : { kind: 'verify', ok, note: 'not fixed (simulated)' },
          { kind: 'inspector', id: `inspector:${o.gridCell}` },
          recorded(o, 0.95) ?? since + expDelay(seed, o, 'verify', VERIFY_MEAN_MIN * MIN_MS),
        );
      }
      case 'verified':
        return act(
          { kind: 'close' },
          SYSTEM,
          recorded(o, 1) ?? since + expDelay(seed, o, 'close', CLOSE_MEAN_MIN * MIN_MS),
        );
      case 'rejected':
      case 'closed':
        return null;
    }
  }

  return {
    tick(simMs, incidents, energy, hazards = []) {
      const from = Number.isNaN(prevMs) ? simMs - 1 : prevMs;
      prevMs = simMs;
      const fresh = opts.domainReports === false ? [] : domainReports(simMs, incidents, energy, hazards);
      const arrivals = opts.reports?.step(from, simMs) ?? [];
      waiting = waiting.concat(arrivals, fresh);
      // One job of ours at a time: the next pass must see the orders the previous one changed.
      if (busy) return;
      const requests: WorkRequest[] = [];
      for (const r of waiting) {
        const into = dup.find(r);
        requests.push({
          kind: 'report',
          report: r,
          actor: { kind: 'system', id: r.source },
          ...(into !== null ? { mergeInto: into } : {}),
        });
      }
      waiting = [];
      if (opts.departments !== false) {
        const open = service.openOrders();
        // Crews free per department: staff on shift minus orders in progress.
        const free = new Map<string, number>();
        for (const d of DEPARTMENTS) free.set(d.id, staffOnShift(d.id, simMs));
        for (const o of open.values())
          if (o.stage === 'inProgress' && o.department !== null)
            free.set(o.department, (free.get(o.department) ?? 0) - 1);
        const queued: WorkOrder[] = [];
        for (const o of open.values()) {
          for (const esc of dueEscalations(o, simMs))
            requests.push({ kind: 'action', orderId: o.id, action: esc, actor: SYSTEM, simTimeMs: simMs });
          if (o.stage === 'dispatched') queued.push(o);
          else {
            const q = nextStep(o, simMs, free);
            if (q !== null) requests.push(q);
          }
        }
        // Crews take the waiting orders by priority, then first dispatched first.
        queued.sort((a, b) => a.priority - b.priority || a.stageSinceMs - b.stageSinceMs);
        for (const o of queued) {
          const q = nextStep(o, simMs, free);
          if (q !== null) requests.push(q);
        }
      }
      if (requests.length === 0) return;
      busy = true;
      void service.submit(requests).finally(() => {
        busy = false;
      });
    },
  };
}
