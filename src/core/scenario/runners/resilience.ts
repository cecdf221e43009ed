/**
 * The resilience domain's part of a planner scenario (issue 7): the tested hazard what-if (src/core/hazards/whatIf.ts
 * HazardWhatIfRun, docs/resilience.md) — two city simulators forked at the scenario's start with the live seed, the
 * hazard triggered in one, stepped in 1-minute ticks to the horizon — turned into the planner's KPI rows, series and
 * map differences (flood maximum depth per cell, minutes each road link was closed).
 * Levers are HazardSpec objects, checked by the wire validator the operators' commands go through
 * (src/core/protocol/hazardMessages.ts parseHazardCommand) against the city's buildings and extent. The what-if forks
 * one hazard, so a scenario carries at most one (RESILIENCE_MAX_LEVERS).
 */
import { STORM_FORMULAS } from '../../hazards/rainfall.ts';
import type { HazardSpec, Text2 } from '../../hazards/types.ts';
import {
  HAZARD_WHATIF_KPIS,
  HAZARD_WHATIF_MAX_HORIZON_MIN,
  HazardWhatIfRun,
  kpiRow,
  type HazardKpiKey,
  type KpiStats,
} from '../../hazards/whatIf.ts';
import { parseHazardCommand } from '../../protocol/hazardMessages.ts';
import type { CityModel } from '../../scene/types.ts';
import type { DomainScenarioRunner } from '../runner.ts';
import type { ScenarioKpi, ScenarioMapDiff, ScenarioSeries } from '../types.ts';
import { NOT_RUN_NOTE } from './shape.ts';

/** Hazards per scenario: HazardWhatIfRun triggers one hazard in its scenario fork. */
export const RESILIENCE_MAX_LEVERS = 1;
/** Longest horizon of the hazard fork, hours (HAZARD_WHATIF_MAX_HORIZON_MIN). */
export const RESILIENCE_MAX_H = HAZARD_WHATIF_MAX_HORIZON_MIN / 60;
/**
 * Minutes between the forks' traffic re-solves. The live twin re-solves every 5 min; a planner's fork over a day
 * re-solves every 15 (a third of the cost, the dominant one on the default scene: 6 h took 186 s at 5 min) — the
 * hourly rain profile and the closures it causes change on that scale. Said in the notes.
 */
export const RESILIENCE_TRAFFIC_INTERVAL_MIN = 15;
/** Share of the progress bar each fork's build gets (measured: docs/BENCHMARKS.md, "Hazard what-if"). */
const BUILD_SHARE_PER_FORK = 0.075;
/** Flood cells shallower than this are left off the map difference, m (display threshold: 5 cm, a wet road). */
const MIN_FLOOD_DEPTH_M = 0.05;

/** Labels of the hazard what-if's KPIs (the HazardWhatIfPanel's words), zh/en. */
const LABELS: Readonly<Record<HazardKpiKey, Text2>> = {
  cityTti: { zh: '全市拥堵指数（灾害下）', en: 'City travel-time index (under the hazard)' },
  delayVehH: { zh: '车辆延误（灾害下）', en: 'Vehicle delay (under the hazard)' },
  avgSpeedKph: { zh: '路网平均车速（灾害下）', en: 'Average network speed (under the hazard)' },
  demandMw: { zh: '负荷（灾害下）', en: 'Demand (under the hazard)' },
  servedMw: { zh: '供电负荷（灾害下）', en: 'Load served (under the hazard)' },
  notServedMw: { zh: '失负荷（灾害下）', en: 'Load not served (under the hazard)' },
  storageMw: { zh: '储能净放电（灾害下）', en: 'Net storage discharge (under the hazard)' },
  powerPct: { zh: '生命线：供电', en: 'Lifeline: power' },
  roadsPct: { zh: '生命线：道路', en: 'Lifeline: roads' },
  waterPct: { zh: '生命线：供水', en: 'Lifeline: water' },
  closedLinks: { zh: '封闭路段', en: 'Closed road links' },
  exposedPeople: { zh: '受影响人口', en: 'People exposed' },
  maxDepthM: { zh: '道路最大积水深度', en: 'Maximum water depth on roads' },
  reports: { zh: '灾害上报事件', en: 'Hazard reports raised' },
};

const PEAK: Text2 = { zh: '时段内峰值', en: 'peak over the horizon' };
const MIN: Text2 = { zh: '时段内最低', en: 'minimum over the horizon' };
const END: Text2 = { zh: '时段末', en: 'at the end of the horizon' };

/** The statistic of a KPI that goes in the delta table: the worst value, or the count at the end for reports. */
function headline(key: HazardKpiKey, better: number): { stat: keyof KpiStats; basis: Text2 } {
  if (key === 'reports') return { stat: 'end', basis: END };
  return better > 0 ? { stat: 'min', basis: MIN } : { stat: 'peak', basis: PEAK };
}

/** Checks a HazardSpec against the city; returns the reason with the field path (without the wire prefix). */
function hazardProblem(city: CityModel, lever: unknown): string | null {
  const r = parseHazardCommand(
    { op: 'trigger', spec: lever },
    { buildingCount: city.buildings.count, extent: city.meta.extentM, formulas: Object.keys(STORM_FORMULAS) },
  );
  if (r.ok) return r.value.op === 'trigger' ? null : 'not a hazard';
  return r.reason.replace(/^hzCommand\.spec\.?/, '') || r.reason;
}

/** Runs the hazard what-if of a scenario. */
export const resilienceRunner: DomainScenarioRunner = {
  domain: 'resilience',
  validateLever: hazardProblem,
  run(ctx, levers, progress) {
    const { city, spec } = ctx;
    if (levers.length === 0)
      return { domain: 'resilience', kpis: [], series: [], diffs: [], notes: [NOT_RUN_NOTE] };
    if (levers.length > RESILIENCE_MAX_LEVERS)
      throw new RangeError(
        `resilience: at most ${RESILIENCE_MAX_LEVERS} hazard per scenario, got ${levers.length}`,
      );
    const bad = hazardProblem(city, levers[0]);
    if (bad !== null) throw new RangeError(`resilience: levers[0]: ${bad}`);
    const horizonMin = Math.min(HAZARD_WHATIF_MAX_HORIZON_MIN, Math.round(spec.base.horizonH * 60));
    progress(0, { zh: '分叉城市模拟器', en: 'Forking the city simulators' });
    const wi = new HazardWhatIfRun(city, {
      spec: levers[0] as HazardSpec,
      startMs: spec.base.startSimMs,
      horizonMin,
      seed: spec.base.seed,
      utcOffsetMin: spec.base.utcOffsetMin,
      trafficIntervalMin: RESILIENCE_TRAFFIC_INTERVAL_MIN,
    });
    const stage: Text2 = { zh: '灾害推演', en: 'Hazard simulation' };
    const building: Text2 = { zh: '分叉城市模拟器（情景）', en: 'Forking the city simulators (scenario)' };
    // Steps 1 and 2 build the two simulators: the first fit of the city's demand (≈ 2–3 s on the default scene,
    // once per city object: the per-city memo of src/core/traffic/live.ts) and one cold equilibrium each (≈ 1 s),
    // against ≈ 25 s of minute steps for 6 hours at 15-minute re-solves; they get 15 % of the bar instead of 2 of
    // 2 + horizonMin steps.
    while (!wi.isDone) {
      wi.advance(1);
      const k = wi.stepsDone;
      if (k <= 2) progress(BUILD_SHARE_PER_FORK * k, k === 1 ? building : stage);
      else
        progress(
          2 * BUILD_SHARE_PER_FORK + ((1 - 2 * BUILD_SHARE_PER_FORK) * (k - 2)) / (wi.stepsTotal - 2),
          stage,
        );
    }
    const r = wi.result();
    const n = r.simTimeMs.length;
    const tMs = Array.from(r.simTimeMs);
    const kpis: ScenarioKpi[] = [];
    const series: ScenarioSeries[] = [];
    for (const def of HAZARD_WHATIF_KPIS) {
      const d = r.delta.find((x) => x.key === def.key);
      if (d === undefined) continue;
      const h = headline(def.key, def.better);
      const better = def.better > 0 ? 'higher' : 'lower';
      kpis.push({
        domain: 'resilience',
        id: `${def.key}.${h.stat}`,
        label: LABELS[def.key],
        unit: def.unit,
        baseline: d.baseline[h.stat],
        scenario: d.scenario[h.stat],
        better,
        basis: h.basis,
      });
      if (def.integral !== null) {
        kpis.push({
          domain: 'resilience',
          id: `${def.key}.integral`,
          label: LABELS[def.key],
          unit: def.integralUnit,
          baseline: d.baseline.integral,
          scenario: d.scenario.integral,
          // A shortfall integral counts service lost (lower is better); a value integral keeps the KPI's direction.
          better: def.integral === 'shortfall' ? 'lower' : better,
          basis:
            def.integral === 'shortfall'
              ? { zh: '时段内缺口累计（相对 100%）', en: 'shortfall below 100 % integrated over the horizon' }
              : { zh: '时段内累计', en: 'integrated over the horizon' },
        });
      }
      const row = kpiRow(def.key);
      series.push({
        domain: 'resilience',
        id: def.key,
        label: LABELS[def.key],
        unit: def.unit,
        tMs,
        baseline: Array.from(r.baseline.subarray(row * n, (row + 1) * n)),
        scenario: Array.from(r.scenario.subarray(row * n, (row + 1) * n)),
      });
    }
    kpis.push({
      domain: 'resilience',
      id: 'peakClosedLinks',
      label: { zh: '同时封闭路段峰值', en: 'Most links closed at once' },
      unit: 'links',
      baseline: 0,
      scenario: r.peakClosedLinks,
      better: 'lower',
      basis: PEAK,
    });
    const diffs: ScenarioMapDiff[] = [
      {
        domain: 'resilience',
        id: 'closedMinutes',
        label: { zh: '路段封闭时长', en: 'Minutes a link was closed' },
        unit: 'min',
        feature: 'roadLink',
        index: Array.from(r.closedLinks),
        baseline: Array.from(r.closedLinks, () => 0),
        scenario: Array.from(r.closedMinutes),
        better: 'lower',
      },
    ];
    const md = r.maxDepth;
    if (md !== null) {
      const idx: number[] = [];
      const val: number[] = [];
      for (let i = 0; i < md.depthMm.length; i++) {
        const mm = md.depthMm[i] as number;
        if (mm >= MIN_FLOOD_DEPTH_M * 1000) {
          idx.push(i);
          val.push(mm / 1000);
        }
      }
      diffs.push({
        domain: 'resilience',
        id: 'floodMaxDepthM',
        label: { zh: '最大积水深度', en: 'Maximum flood depth' },
        unit: 'm',
        feature: 'floodCell',
        index: idx,
        baseline: idx.map(() => 0),
        scenario: val,
        better: 'lower',
        grid: { nx: md.nx, ny: md.ny, x0: md.x0, y0: md.y0, cellM: md.cellM },
      });
    }
    const clamped = horizonMin < spec.base.horizonH * 60;
    const notes: Text2[] = [
      {
        zh: `基线与情景为两个从分叉时刻启动的城市模拟器（同一种子），情景在开始时触发灾害；运行 ${horizonMin / 60} 小时${clamped ? `（模型上限 ${RESILIENCE_MAX_H} 小时）` : ''}。`,
        en: `Baseline and scenario are two city simulators started at the fork (same seed); the scenario triggers the hazard at the start; ${horizonMin / 60} h${clamped ? ` (the model's limit is ${RESILIENCE_MAX_H} h)` : ''}.`,
      },
      {
        zh: `分叉不复制实时事故与正在发生的灾害；基线级联步数 ${r.baselineCascadeSteps}（应为 0）。`,
        en: `The fork does not copy live incidents or running hazards; baseline cascade steps ${r.baselineCascadeSteps} (0 = clean fork).`,
      },
      {
        zh: `分叉中的交通每 ${RESILIENCE_TRAFFIC_INTERVAL_MIN} 分钟重新分配一次（实时孪生为 5 分钟）；地图仅显示积水 ≥ ${MIN_FLOOD_DEPTH_M * 100} 厘米的网格。`,
        en: `Traffic in the forks is re-solved every ${RESILIENCE_TRAFFIC_INTERVAL_MIN} min (the live twin: 5 min); the map shows cells with water ≥ ${MIN_FLOOD_DEPTH_M * 100} cm.`,
      },
    ];
    return { domain: 'resilience', kpis, series, diffs, notes };
  },
};
