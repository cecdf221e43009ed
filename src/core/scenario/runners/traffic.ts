/**
 * The traffic domain's part of a planner scenario (issue 7): the tested traffic what-if (src/core/traffic/whatIf.ts
 * runTrafficWhatIf, docs/traffic.md §6) — baseline and scenario user equilibria at the fork's time of day — turned
 * into the planner's KPI rows and per-link map differences. The model is static (one equilibrium for the hour of the
 * fork), so it has no series over the horizon.
 */
import type { Text2 } from '../../hazards/types.ts';
import { localHour } from '../../sim/cityClock.ts';
import { cityTrafficModels } from '../../traffic/live.ts';
import type { TrafficKpis, TrafficLever } from '../../traffic/types.ts';
import { runTrafficWhatIf, validateTrafficLever } from '../../traffic/whatIf.ts';
import type { DomainScenarioRunner } from '../runner.ts';
import type { Better, ScenarioKpi, ScenarioMapDiff } from '../types.ts';
import { leverShapeProblem, NOT_RUN_NOTE, type LeverShapes } from './shape.ts';

/** Field types of each TrafficLever kind (src/core/traffic/types.ts). */
const SHAPES: LeverShapes = {
  closeLink: { link: 'number' },
  closeWay: { way: 'number' },
  removeLanes: { link: 'number', lanes: 'number' },
  demandByDistrict: { zone: 'number', pct: 'number' },
  signalGreenSplit: { node: 'number', link: 'number', greenRatio: 'number' },
};
/** A link counts as changed on the map when its speed moves by at least this much, km/h (display resolution). */
const MIN_SPEED_DELTA_KPH = 0.1;
/** …or its flow by at least this much, veh/h. */
const MIN_FLOW_DELTA_VPH = 1;

const BASIS: Text2 = { zh: '分叉时刻所在时段的用户均衡', en: "user equilibrium at the fork's time of day" };

const HEADLINE: readonly { id: keyof TrafficKpis & string; label: Text2; unit: string; better: Better }[] = [
  { id: 'cityTti', label: { zh: '全市拥堵指数', en: 'City travel-time index' }, unit: '', better: 'lower' },
  {
    id: 'avgSpeedKph',
    label: { zh: '路网平均车速', en: 'Average network speed' },
    unit: 'km/h',
    better: 'higher',
  },
  { id: 'delayVehHPerH', label: { zh: '车辆延误', en: 'Vehicle delay' }, unit: 'veh·h/h', better: 'lower' },
  { id: 'vktPerH', label: { zh: '车公里', en: 'Vehicle-km travelled' }, unit: 'veh·km/h', better: 'neutral' },
];

/** Runs the traffic what-if of a scenario. */
export const trafficRunner: DomainScenarioRunner = {
  domain: 'traffic',
  validateLever(city, lever) {
    return leverShapeProblem(lever, SHAPES) ?? validateTrafficLever(city, lever as TrafficLever);
  },
  run(ctx, levers, progress) {
    const { city, spec } = ctx;
    if (levers.length === 0)
      return { domain: 'traffic', kpis: [], series: [], diffs: [], notes: [NOT_RUN_NOTE] };
    const t = spec.base.startSimMs;
    progress(0, { zh: '交通分配：基线与情景', en: 'Traffic assignment: baseline and scenario' });
    // The city's network and fitted demand from the per-city memo the hazard what-if's simulators use too, so a
    // scenario with traffic and resilience levers fits the demand once (the same builders: identical results).
    const models = cityTrafficModels(city);
    const r = runTrafficWhatIf(city, t, levers as readonly TrafficLever[], {
      network: models.network,
      demand: models.demand,
      utcOffsetMin: spec.base.utcOffsetMin,
      onProgress: (f) => progress(f, { zh: '交通分配', en: 'Traffic assignment' }),
      // elapsedMs is reported only; a fixed clock keeps the core free of wall time.
      now: () => 0,
    });
    const kpis: ScenarioKpi[] = HEADLINE.map((h) => ({
      domain: 'traffic',
      id: h.id,
      label: h.label,
      unit: h.unit,
      baseline: r.baseline[h.id] as number,
      scenario: r.scenario[h.id] as number,
      better: h.better,
      basis: BASIS,
    }));
    for (const d of r.baseline.districts) {
      const s = r.scenario.districts.find((x) => x.zone === d.zone);
      const n = city.zones.names.get(d.zone);
      const zh = n?.zh ?? n?.name ?? `区 ${d.zone}`;
      const en = n?.en ?? n?.name ?? `district ${d.zone}`;
      kpis.push({
        domain: 'traffic',
        id: `districtTti.${d.zone}`,
        label: { zh: `${zh} 拥堵指数`, en: `${en} travel-time index` },
        unit: '',
        baseline: d.tti,
        scenario: s?.tti ?? Number.NaN,
        better: 'lower',
        basis: BASIS,
      });
    }
    const speedIdx: number[] = [];
    const speedB: number[] = [];
    const speedS: number[] = [];
    const flowIdx: number[] = [];
    const flowB: number[] = [];
    const flowS: number[] = [];
    const R = r.scenarioSpeedKph.length;
    for (let l = 0; l < R; l++) {
      const ds = r.linkDeltaSpeedKph[l] as number;
      const ss = r.scenarioSpeedKph[l] as number;
      if (Math.abs(ds) >= MIN_SPEED_DELTA_KPH) {
        speedIdx.push(l);
        speedB.push(ss - ds);
        speedS.push(ss);
      }
      const fb = r.baselineFlowVph[l] as number;
      const fs = r.scenarioFlowVph[l] as number;
      if (Math.abs(fs - fb) >= MIN_FLOW_DELTA_VPH) {
        flowIdx.push(l);
        flowB.push(fb);
        flowS.push(fs);
      }
    }
    const diffs: ScenarioMapDiff[] = [
      {
        domain: 'traffic',
        id: 'linkSpeedKph',
        label: { zh: '路段车速', en: 'Link speed' },
        unit: 'km/h',
        feature: 'roadLink',
        index: speedIdx,
        baseline: speedB,
        scenario: speedS,
        better: 'higher',
      },
      {
        domain: 'traffic',
        id: 'linkFlowVph',
        label: { zh: '路段流量', en: 'Link flow' },
        unit: 'veh/h',
        feature: 'roadLink',
        index: flowIdx,
        baseline: flowB,
        scenario: flowS,
        better: 'neutral',
      },
    ];
    const hour = Math.floor(localHour(t, spec.base.utcOffsetMin));
    const notes: Text2[] = [
      {
        zh: `静态交通分配：基线与情景均为分叉时刻（当地 ${hour} 时）所在时段的需求均衡，不随时长 ${spec.base.horizonH} 小时变化。`,
        en: `Static assignment: baseline and scenario are equilibria of the demand at the fork's hour (${hour}:00 local); the ${spec.base.horizonH} h horizon does not apply.`,
      },
      {
        zh: `分叉不复制实时事故、天气与灾害；收敛相对间隙：基线 ${r.baselineGap.toExponential(1)}，情景 ${r.scenarioGap.toExponential(1)}。`,
        en: `The fork does not copy live incidents, weather or hazards. Relative gap: baseline ${r.baselineGap.toExponential(1)}, scenario ${r.scenarioGap.toExponential(1)}.`,
      },
    ];
    progress(1, { zh: '交通分配完成', en: 'Traffic assignment done' });
    return { domain: 'traffic', kpis, series: [], diffs, notes };
  },
};
