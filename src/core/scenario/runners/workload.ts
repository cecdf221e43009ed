/**
 * The 一网统管 (work-order) domain's part of a planner scenario (issue 7): the tested workload what-if
 * (src/core/workload/whatIf.ts runWorkloadWhatIf, docs/workload.md §What-if) — arrivals and crews simulated day by
 * day, baseline and scenario with common random numbers — turned into the planner's KPI rows and daily series.
 *
 * Several levers in one scenario are combined into the one WorkloadLever the model takes: surge and SLA percentages
 * compound per id ((1 + a)(1 + b) − 1, so +50 % then −50 % is −25 %), staffing deltas add. The fork carries the live
 * backlog when the spec has it (ScenarioSpec.fork.workloadBacklog: the open orders' categories and dispatch times).
 * The model has no geography (one site), so there is no map difference.
 */
import type { Text2 } from '../../hazards/types.ts';
import {
  runWorkloadWhatIf,
  validateWorkloadLever,
  type WorkloadDay,
  type WorkloadLever,
} from '../../workload/whatIf.ts';
import { departmentById } from '../../workload/taxonomy.ts';
import type { DomainScenarioRunner } from '../runner.ts';
import type { ScenarioKpi, ScenarioSeries } from '../types.ts';
import { NOT_RUN_NOTE } from './shape.ts';

/** Longest horizon of the workload model, days (runWorkloadWhatIf accepts 1…60). */
export const WORKLOAD_MAX_DAYS = 60;
const DAY_MS = 86_400_000;

/** The one lever several levers amount to (see the file header). */
export function combineWorkloadLevers(levers: readonly WorkloadLever[]): WorkloadLever {
  const surge: Record<string, number> = {};
  const sla: Record<string, number> = {};
  const staff: Record<string, number> = {};
  const compound = (
    into: Record<string, number>,
    from: Readonly<Record<string, number>> | undefined,
  ): void => {
    for (const [k, v] of Object.entries(from ?? {})) {
      const prev = into[k];
      into[k] = prev === undefined ? v : ((1 + prev / 100) * (1 + v / 100) - 1) * 100;
    }
  };
  for (const l of levers) {
    compound(surge, l.surgePct);
    compound(sla, l.slaPct);
    for (const [k, v] of Object.entries(l.staffDelta ?? {})) staff[k] = (staff[k] ?? 0) + v;
  }
  return {
    ...(Object.keys(surge).length > 0 ? { surgePct: surge } : {}),
    ...(Object.keys(staff).length > 0 ? { staffDelta: staff } : {}),
    ...(Object.keys(sla).length > 0 ? { slaPct: sla } : {}),
  };
}

/** Mean of the finite values (NaN when none). */
function meanFinite(xs: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const x of xs)
    if (Number.isFinite(x)) {
      s += x;
      n++;
    }
  return n > 0 ? s / n : Number.NaN;
}

/** On-time rate over the whole horizon: Σ on-time ÷ Σ handled (days weighted by what they handled). */
function onTimeOverall(days: readonly WorkloadDay[]): number {
  let on = 0;
  let n = 0;
  for (const d of days)
    if (Number.isFinite(d.onTimeRate)) {
      on += d.onTimeRate * d.completed;
      n += d.completed;
    }
  return n > 0 ? (on / n) * 100 : Number.NaN;
}

/** Runs the workload what-if of a scenario. */
export const workloadRunner: DomainScenarioRunner = {
  domain: 'workload',
  validateLever: (_city, lever) => validateWorkloadLever(lever),
  run(ctx, levers, progress) {
    const { spec } = ctx;
    if (levers.length === 0)
      return { domain: 'workload', kpis: [], series: [], diffs: [], notes: [NOT_RUN_NOTE] };
    const days = Math.min(WORKLOAD_MAX_DAYS, Math.max(1, Math.ceil(spec.base.horizonH / 24)));
    const backlog = spec.fork?.workloadBacklog ?? [];
    const stage: Text2 = { zh: '工单排队模拟', en: 'Work-order queue simulation' };
    progress(0, stage);
    const r = runWorkloadWhatIf(
      {
        startMs: spec.base.startSimMs,
        days,
        seed: spec.base.seed,
        lever: combineWorkloadLevers(levers as readonly WorkloadLever[]),
        utcOffsetMin: spec.base.utcOffsetMin,
        backlog,
      },
      { onProgress: (done, total) => progress(done / total, stage) },
    );
    const last = (xs: readonly WorkloadDay[]): WorkloadDay | undefined => xs[xs.length - 1];
    const sum = (xs: readonly WorkloadDay[], f: (d: WorkloadDay) => number): number =>
      xs.reduce((a, d) => a + f(d), 0);
    const horizon: Text2 = { zh: `${days} 天内`, en: `over ${days} day${days === 1 ? '' : 's'}` };
    const end: Text2 = { zh: `第 ${days} 天末`, en: `at the end of day ${days}` };
    const kpis: ScenarioKpi[] = [
      {
        domain: 'workload',
        id: 'backlogEnd',
        label: { zh: '积压工单', en: 'Work-order backlog' },
        unit: 'orders',
        baseline: last(r.baseline)?.backlogEnd ?? Number.NaN,
        scenario: last(r.scenario)?.backlogEnd ?? Number.NaN,
        better: 'lower',
        basis: end,
      },
      {
        domain: 'workload',
        id: 'onTimePct',
        label: { zh: '按时办结率', en: 'On-time rate' },
        unit: '%',
        baseline: onTimeOverall(r.baseline),
        scenario: onTimeOverall(r.scenario),
        better: 'higher',
        basis: horizon,
      },
      {
        domain: 'workload',
        id: 'meanWaitH',
        label: { zh: '平均等待时长', en: 'Mean wait for a crew' },
        unit: 'h',
        baseline: meanFinite(r.baseline.map((d) => d.meanWaitH)),
        scenario: meanFinite(r.scenario.map((d) => d.meanWaitH)),
        better: 'lower',
        basis: { zh: `${days} 天日均值的平均`, en: `mean of the daily means over ${days} days` },
      },
      {
        domain: 'workload',
        id: 'arrivals',
        label: { zh: '新增工单', en: 'New orders' },
        unit: 'orders',
        baseline: sum(r.baseline, (d) => d.arrivals),
        scenario: sum(r.scenario, (d) => d.arrivals),
        better: 'neutral',
        basis: horizon,
      },
      {
        domain: 'workload',
        id: 'completed',
        label: { zh: '办结工单', en: 'Orders completed' },
        unit: 'orders',
        baseline: sum(r.baseline, (d) => d.completed),
        scenario: sum(r.scenario, (d) => d.completed),
        better: 'higher',
        basis: horizon,
      },
    ];
    for (const [dep, v] of Object.entries(r.backlogByDepartment)) {
      const d = departmentById(dep);
      kpis.push({
        domain: 'workload',
        id: `backlog.${dep}`,
        label: { zh: `${d?.zh ?? dep} 积压`, en: `${d?.en ?? dep} backlog` },
        unit: 'orders',
        baseline: v.baseline,
        scenario: v.scenario,
        better: 'lower',
        basis: end,
      });
    }
    // Daily values stamped at the end of each day.
    const tMs = r.baseline.map((d) => d.startMs + DAY_MS);
    const ser = (id: string, label: Text2, unit: string, f: (d: WorkloadDay) => number): ScenarioSeries => ({
      domain: 'workload',
      id,
      label,
      unit,
      tMs,
      baseline: r.baseline.map(f),
      scenario: r.scenario.map(f),
    });
    const series = [
      ser('backlogEnd', { zh: '日末积压', en: 'Backlog at day end' }, 'orders', (d) => d.backlogEnd),
      ser(
        'onTimePct',
        { zh: '当日按时办结率', en: 'On-time rate of the day' },
        '%',
        (d) => d.onTimeRate * 100,
      ),
      ser('meanWaitH', { zh: '当日平均等待', en: 'Mean wait of the day' }, 'h', (d) => d.meanWaitH),
      ser('arrivals', { zh: '当日新增', en: 'New orders of the day' }, 'orders', (d) => d.arrivals),
    ];
    const notes: Text2[] = [
      {
        zh: `逐日模拟 ${days} 天（时长 ${spec.base.horizonH} 小时取整到天，上限 ${WORKLOAD_MAX_DAYS} 天）；分叉携带 ${backlog.length} 张在办工单。`,
        en: `Simulated day by day for ${days} day${days === 1 ? '' : 's'} (the ${spec.base.horizonH} h horizon rounded up to days, at most ${WORKLOAD_MAX_DAYS}); the fork carries ${backlog.length} open order${backlog.length === 1 ? '' : 's'}.`,
      },
      {
        zh: '模型无空间分布（单一站点），因此没有地图差异；受理与派遣环节不模拟。',
        en: 'The model has no geography (one site), so there is no map difference; accept and dispatch are not simulated.',
      },
    ];
    return { domain: 'workload', kpis, series, diffs: [], notes };
  },
};
