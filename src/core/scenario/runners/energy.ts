/**
 * The energy domain's part of a planner scenario (issue 7): the tested energy what-if (src/core/energy/city/whatIf.ts,
 * docs/energy.md §6) — baseline and scenario dispatch + power flow at 5-minute steps over the horizon from the fork,
 * on the same grid model the live twin builds — turned into the planner's KPI rows, series and per-bus differences.
 * Both runs use `runEnergy` with the scenario `scenarioFromLevers` makes, exactly as EnergyWhatIfRun does, so the
 * per-step bus voltages are visible for the map.
 */
import { buildGridModel, type CityGridModel } from '../../energy/city/gridModel.ts';
import { BASE_SCENARIO, type EnergyStepResult } from '../../energy/city/energySim.ts';
import {
  energyRunSteps,
  runEnergy,
  scenarioFromLevers,
  validateEnergyLever,
  type EnergyLever,
  type EnergyRunSummary,
} from '../../energy/city/whatIf.ts';
import type { Text2 } from '../../hazards/types.ts';
import { createRng } from '../../rng.ts';
import type { CityModel } from '../../scene/types.ts';
import type { DomainScenarioRunner } from '../runner.ts';
import type { Better, ScenarioKpi, ScenarioMapDiff, ScenarioSeries } from '../types.ts';
import { leverShapeProblem, NOT_RUN_NOTE, type LeverShapes } from './shape.ts';

/** Longest span the energy model runs, hours (src/scenario/energyWhatIfMessages.ts ENERGY_WHATIF_MAX_HOURS). */
export const ENERGY_SCENARIO_MAX_H = 168;
/** Dispatch step of the runs, ms (the energy simulator's default, docs/energy.md). */
const STEP_MS = 300_000;

/** Field types of each EnergyLever kind. */
const SHAPES: LeverShapes = {
  tripLine: { line: 'number' },
  tripHvLine: { hvLine: 'number' },
  tripSection: { bus: 'number' },
  tripStation: { station: 'number' },
  addPv: { bus: 'number', mw: 'number' },
  addStorage: { bus: 'number', mw: 'number', mwh: 'number' },
  evGrowth: { pct: 'number' },
  heatWave: { pct: 'number' },
  storageStrategy: { strategy: 'string' },
};

/** The grid model per city object (built once; the same pure builder as the live twin's). */
const GRIDS = new WeakMap<CityModel, CityGridModel | Error>();

/** The city's grid model, or the error building it gave. */
function gridOf(city: CityModel): CityGridModel | Error {
  let g = GRIDS.get(city);
  if (g === undefined) {
    try {
      g = buildGridModel(city);
    } catch (e) {
      g = e instanceof Error ? e : new Error(String(e));
    }
    GRIDS.set(city, g);
  }
  return g;
}

/**
 * The live twin's energy noise seed for server seed `seed`: createCitySimulator (src/core/sim/citySimulator.ts)
 * forks 'traffic', 'weather', then 'grid' from the root rng, so the fork draws the same load noise as the live twin.
 */
export function liveEnergySeed(seed: number): number {
  const root = createRng(seed);
  root.fork('traffic');
  root.fork('weather');
  return root.fork('grid').int(0x7fffffff);
}

type SummaryKey = keyof EnergyRunSummary;
const PEAK: Text2 = { zh: '时段内峰值', en: 'peak over the horizon' };
const TOTAL: Text2 = { zh: '时段内累计', en: 'total over the horizon' };
const MIN: Text2 = { zh: '时段内最低', en: 'minimum over the horizon' };
const SHARE: Text2 = { zh: '时段内电量占比', en: 'energy share over the horizon' };
const ROWS: readonly {
  id: SummaryKey;
  label: Text2;
  unit: string;
  better: Better;
  basis: Text2;
  scale?: number;
}[] = [
  {
    id: 'peakDemandMw',
    label: { zh: '峰值负荷', en: 'Peak demand' },
    unit: 'MW',
    better: 'lower',
    basis: PEAK,
  },
  {
    id: 'peakImportMw',
    label: { zh: '峰值受电', en: 'Peak import' },
    unit: 'MW',
    better: 'lower',
    basis: PEAK,
  },
  {
    id: 'demandMwh',
    label: { zh: '用电量', en: 'Energy demand' },
    unit: 'MWh',
    better: 'neutral',
    basis: TOTAL,
  },
  {
    // Neutral: served energy follows demand (a heat wave raises both); what supply failed to meet is shedMwh.
    id: 'servedMwh',
    label: { zh: '供电量', en: 'Energy served' },
    unit: 'MWh',
    better: 'neutral',
    basis: TOTAL,
  },
  {
    id: 'shedMwh',
    label: { zh: '失负荷电量', en: 'Energy not served' },
    unit: 'MWh',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'lossesMwh',
    label: { zh: '网损', en: 'Network losses' },
    unit: 'MWh',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'curtailedMwh',
    label: { zh: '弃电量', en: 'Curtailed energy' },
    unit: 'MWh',
    better: 'lower',
    basis: TOTAL,
  },
  { id: 'pvMwh', label: { zh: '光伏发电量', en: 'PV energy' }, unit: 'MWh', better: 'higher', basis: TOTAL },
  {
    id: 'importMwh',
    label: { zh: '受电量', en: 'Imported energy' },
    unit: 'MWh',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'renewableShare',
    label: { zh: '可再生能源占比', en: 'Renewable share' },
    unit: '%',
    better: 'higher',
    basis: SHARE,
    scale: 100,
  },
  {
    id: 'emissionsT',
    label: { zh: '碳排放', en: 'CO₂ emissions' },
    unit: 't',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'carbonIntensityGPerKwh',
    label: { zh: '碳排放强度', en: 'Carbon intensity' },
    unit: 'gCO₂/kWh',
    better: 'lower',
    basis: SHARE,
  },
  {
    id: 'overloadSteps',
    label: { zh: '过载（元件·步）', en: 'Overloads (element-steps)' },
    unit: '',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'overloadedElements',
    label: { zh: '过载元件数', en: 'Elements overloaded' },
    unit: '',
    better: 'lower',
    basis: TOTAL,
  },
  {
    id: 'maxLoading',
    label: { zh: '最大负载率', en: 'Maximum loading' },
    unit: '%',
    better: 'lower',
    basis: PEAK,
    scale: 100,
  },
  {
    id: 'minVoltagePu',
    label: { zh: '最低电压', en: 'Minimum voltage' },
    unit: 'p.u.',
    better: 'higher',
    basis: MIN,
  },
  {
    id: 'voltageViolationSteps',
    label: { zh: '电压越限步数', en: 'Voltage violation steps' },
    unit: '',
    better: 'lower',
    basis: TOTAL,
  },
];

/** Per-step series and per-bus extremes of one run. */
interface Collected {
  readonly demandMw: number[];
  readonly importMw: number[];
  readonly notServedMw: number[];
  readonly renewablePct: number[];
  /** Lowest voltage per bus over the run, p.u. (0 when it lost supply at some step). */
  readonly busMinV: Float64Array;
  /** Steps without supply per bus. */
  readonly busDeadSteps: Float64Array;
}

function collector(busCount: number): { c: Collected; onStep: (r: EnergyStepResult) => void } {
  const c: Collected = {
    demandMw: [],
    importMw: [],
    notServedMw: [],
    renewablePct: [],
    busMinV: new Float64Array(busCount).fill(Number.POSITIVE_INFINITY),
    busDeadSteps: new Float64Array(busCount),
  };
  const onStep = (r: EnergyStepResult): void => {
    c.demandMw.push(r.demandMw);
    c.importMw.push(r.importMw);
    c.notServedMw.push(r.shedMw + r.unservedMw);
    c.renewablePct.push(r.renewableShare * 100);
    const v = r.busVoltagePu;
    for (let i = 0; i < busCount; i++) {
      const x = v[i] as number;
      if (x < (c.busMinV[i] as number)) c.busMinV[i] = x;
      if (x === 0) c.busDeadSteps[i] = (c.busDeadSteps[i] as number) + 1;
    }
  };
  return { c, onStep };
}

/** Runs the energy what-if of a scenario. */
export const energyRunner: DomainScenarioRunner = {
  domain: 'energy',
  validateLever(city, lever) {
    const shape = leverShapeProblem(lever, SHAPES);
    if (shape !== null) return shape;
    const g = gridOf(city);
    if (g instanceof Error) return `the city has no energy grid model (${g.message})`;
    return validateEnergyLever(g, lever as EnergyLever);
  },
  run(ctx, levers, progress) {
    const { city, spec } = ctx;
    if (levers.length === 0)
      return { domain: 'energy', kpis: [], series: [], diffs: [], notes: [NOT_RUN_NOTE] };
    progress(0, { zh: '构建电网模型', en: 'Building the grid model' });
    const grid = gridOf(city);
    if (grid instanceof Error) throw new Error(`energy: the city has no grid model: ${grid.message}`);
    const hours = Math.min(spec.base.horizonH, ENERGY_SCENARIO_MAX_H);
    const start = spec.base.startSimMs;
    const options = {
      utcOffsetMin: spec.base.utcOffsetMin,
      seed: liveEnergySeed(spec.base.seed),
      stepMs: STEP_MS,
    };
    const steps = energyRunSteps(hours, STEP_MS);
    const scenario = scenarioFromLevers(grid, levers as readonly EnergyLever[]);
    const stageB: Text2 = { zh: '电网调度：基线', en: 'Grid dispatch: baseline' };
    const stageS: Text2 = { zh: '电网调度：情景', en: 'Grid dispatch: scenario' };
    const B = collector(grid.busCount);
    const base = runEnergy(grid, start, hours, BASE_SCENARIO, options, B.onStep, {
      onProgress: (k) => progress((0.5 * k) / steps, stageB),
    });
    const S = collector(grid.busCount);
    const scen = runEnergy(grid, start, hours, scenario, options, S.onStep, {
      onProgress: (k) => progress(0.5 + (0.5 * k) / steps, stageS),
    });
    const kpis: ScenarioKpi[] = ROWS.map((row) => ({
      domain: 'energy',
      id: row.id,
      label: row.label,
      unit: row.unit,
      baseline: base[row.id] * (row.scale ?? 1),
      scenario: scen[row.id] * (row.scale ?? 1),
      better: row.better,
      basis: row.basis,
    }));
    const tMs = Array.from({ length: steps }, (_, k) => start + (k + 1) * STEP_MS);
    const ser = (id: string, label: Text2, unit: string, b: number[], s: number[]): ScenarioSeries => ({
      domain: 'energy',
      id,
      label,
      unit,
      tMs,
      baseline: b,
      scenario: s,
    });
    const series = [
      ser('demandMw', { zh: '负荷', en: 'Demand' }, 'MW', B.c.demandMw, S.c.demandMw),
      ser('importMw', { zh: '受电功率', en: 'Import' }, 'MW', B.c.importMw, S.c.importMw),
      ser('notServedMw', { zh: '失负荷', en: 'Load not served' }, 'MW', B.c.notServedMw, S.c.notServedMw),
      ser(
        'renewablePct',
        { zh: '可再生能源占比', en: 'Renewable share' },
        '%',
        B.c.renewablePct,
        S.c.renewablePct,
      ),
    ];
    const vIdx: number[] = [];
    const vB: number[] = [];
    const vS: number[] = [];
    const dIdx: number[] = [];
    const dB: number[] = [];
    const dS: number[] = [];
    const stepH = STEP_MS / 3_600_000;
    for (let i = 0; i < grid.busCount; i++) {
      const vb = B.c.busMinV[i] as number;
      const vs = S.c.busMinV[i] as number;
      // 0.001 p.u. is the voltage display resolution (three decimals).
      if (Number.isFinite(vb) && Number.isFinite(vs) && Math.abs(vs - vb) >= 0.001) {
        vIdx.push(i);
        vB.push(vb);
        vS.push(vs);
      }
      const db = B.c.busDeadSteps[i] as number;
      const ds = S.c.busDeadSteps[i] as number;
      if (db !== ds) {
        dIdx.push(i);
        dB.push(db * stepH);
        dS.push(ds * stepH);
      }
    }
    const diffs: ScenarioMapDiff[] = [
      {
        domain: 'energy',
        id: 'busMinVoltagePu',
        label: { zh: '母线最低电压', en: 'Bus minimum voltage' },
        unit: 'p.u.',
        feature: 'energyBus',
        index: vIdx,
        baseline: vB,
        scenario: vS,
        better: 'higher',
      },
      {
        domain: 'energy',
        id: 'busOutageH',
        label: { zh: '母线停电时长', en: 'Bus hours without supply' },
        unit: 'h',
        feature: 'energyBus',
        index: dIdx,
        baseline: dB,
        scenario: dS,
        better: 'lower',
      },
    ];
    const notes: Text2[] = [
      {
        zh: `从分叉时刻起以 5 分钟步长运行 ${hours} 小时${hours < spec.base.horizonH ? `（模型上限 ${ENERGY_SCENARIO_MAX_H} 小时）` : ''}；负荷噪声与实时孪生使用相同种子。`,
        en: `Runs ${hours} h from the fork at 5-minute steps${hours < spec.base.horizonH ? ` (the model's limit is ${ENERGY_SCENARIO_MAX_H} h)` : ''}; load noise uses the live twin's seed.`,
      },
      {
        zh: '分叉不复制实时储能荷电状态与已有故障：两次运行均从额定初始状态开始。',
        en: "The fork does not copy the live storage state of charge or live outages: both runs start from the model's initial state.",
      },
    ];
    return { domain: 'energy', kpis, series, diffs, notes };
  },
};
