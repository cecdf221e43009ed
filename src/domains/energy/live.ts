/**
 * The energy domain's live side for the three modes (issue 7): KPIs of the latest dispatch step in the store's
 * `energyHistory` (load served, power balance, import share, renewable share, carbon intensity, shortfall), alarms
 * from `energyAlarms` placed at their element (src/core/energy/city/assetPosition.ts) and, per zone (district or grid
 * cell), the net load of the feeder buses in it, the PV output of the PV units in it and the active grid alarms there.
 * The per-element flows are hot state (src/feed/hotEnergy.ts, every 5 simulated minutes); the zone sums read them at
 * most once per dispatch step (memoised on its version), never per frame.
 */
import type { AppState } from '../../state/store.ts';
import type { DomainAlarm, DomainPlugin, LiveKpiDef, ZoneKpi } from '../types.ts';
import type { EnergyBalance } from '../../core/energy/city/liveEnergy.ts';
import type { EnergyAlarm } from '../../core/energy/city/energySim.ts';
import type { CityGridModel } from '../../core/energy/city/gridModel.ts';
import type { CityModel } from '../../core/scene/types.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
import { hotEnergy } from '../../feed/hotEnergy.ts';
import { alarmSelection, alarmSeverity, alarmValueText, sortAlarms } from '../../panels/energyFormat.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { DICTS } from '../../app/i18n.ts';
import { levelValues, memo1, sceneNow, zoneAt } from '../liveShared.ts';
import { powerBalanceMw } from '../../core/protocol/historyMessages.ts';

export { powerBalanceMw };

/** The latest dispatch step, or null before the first. */
function last(s: AppState): EnergyBalance | null {
  return s.energyHistory[s.energyHistory.length - 1] ?? null;
}

const kpis: readonly LiveKpiDef[] = [
  {
    id: 'balance',
    label: { zh: '电力平衡', en: 'Power balance' },
    unit: 'MW',
    better: 'higher',
    digits: 0,
    headline: true,
    formula: {
      zh: '本地供电（火电 + 光伏 + 风电 + 储能放电 − 储能充电）− 需求（供电 + 切除 + 缺口）；负值为需外购的电力',
      en: 'Local supply (thermal + PV + wind + storage discharge − charge) − demand (served + shed + unserved); negative = drawn from the grid import',
    },
    read: (s) => {
      const b = last(s);
      return b === null ? null : powerBalanceMw(b);
    },
  },
  {
    id: 'renewableShare',
    label: { zh: '可再生能源占比', en: 'Renewable share' },
    unit: '%',
    better: 'higher',
    digits: 1,
    headline: true,
    formula: { zh: '本地可再生能源用电 ÷ 供电负荷', en: 'Renewable energy used ÷ load served' },
    read: (s) => {
      const b = last(s);
      return b === null ? null : b.renewableShare * 100;
    },
  },
  {
    id: 'load',
    label: { zh: '供电负荷', en: 'Load served' },
    unit: 'MW',
    better: 'neutral',
    digits: 0,
    headline: false,
    formula: { zh: '本步（5 分钟）实际供电负荷', en: 'Load served in the latest 5-minute dispatch step' },
    read: (s) => last(s)?.loadMw ?? null,
  },
  {
    id: 'importShare',
    label: { zh: '外购电占比', en: 'Import share' },
    unit: '%',
    better: 'neutral',
    digits: 0,
    headline: false,
    formula: { zh: '受电点净输入 ÷ 供电负荷', en: 'Net import at the grid supply point ÷ load served' },
    read: (s) => {
      const b = last(s);
      return b === null || !(b.loadMw > 0) ? null : (100 * b.importMw) / b.loadMw;
    },
  },
  {
    id: 'carbon',
    label: { zh: '碳排放强度', en: 'Carbon intensity' },
    unit: 'gCO₂/kWh',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: {
      zh: '本步排放 ÷ 供电量（排放因子见 docs/energy.md）',
      en: 'Emissions ÷ energy served this step (factors: docs/energy.md)',
    },
    read: (s) => last(s)?.carbonIntensityGPerKwh ?? null,
  },
  {
    id: 'shortfall',
    label: { zh: '切除与缺供', en: 'Shed + unserved' },
    unit: 'MW',
    better: 'lower',
    digits: 1,
    headline: false,
    formula: { zh: 'N-1 切除负荷 + 供电缺口', en: 'Load shed (N-1) + unserved demand (shortfall)' },
    read: (s) => {
      const b = last(s);
      return b === null ? null : b.shedMw + b.unservedMw;
    },
  },
  {
    id: 'alarms',
    label: { zh: '电网告警', en: 'Grid alarms' },
    unit: '',
    better: 'lower',
    digits: 0,
    headline: false,
    formula: {
      zh: '最近一步后仍在的过载、电压越限、切负荷告警',
      en: 'Overload, voltage and load-shed alarms active after the latest step',
    },
    read: (s) => (last(s) === null ? null : s.energyAlarms.length),
  },
];

/**
 * An energy alarm's severity: shortfalls and shed load (customers without power) are critical; an overload or a
 * voltage ≥ 10 % beyond its limit is major; the rest minor. A judgement for the alarm list, not a grid code.
 */
export function energyAlarmSeverity(a: EnergyAlarm): DomainAlarm['severity'] {
  if (a.kind === 'loadShed' || a.kind === 'unserved') return 'critical';
  return alarmSeverity(a) >= 1.1 ? 'major' : 'minor';
}

const xy: number[] = [0, 0];

/** Position of the element an alarm names, or null (system-wide, no grid model). */
function alarmXY(a: EnergyAlarm): { x: number; y: number } | null {
  const sel = alarmSelection(a);
  const city = sceneNow();
  if (sel === null || city === null) return null;
  const g = getGridModel();
  if (g === null) return null;
  return energyAssetXY(city, g, sel.asset, sel.index, xy) ? { x: xy[0]!, y: xy[1]! } : null;
}

const SEV_RANK = { critical: 0, major: 1, minor: 2 } as const;

const alarmsOf = memo1(
  (
    active: readonly EnergyAlarm[],
    log: AppState['energyAlarmLog'],
    b: EnergyBalance | null,
  ): readonly DomainAlarm[] => {
    const raisedAt = new Map<string, number>();
    for (const e of log) if (e.raised) raisedAt.set(`${e.kind}:${e.index}`, e.simTimeMs);
    const out = sortAlarms(active).map((a): DomainAlarm => {
      const p = alarmXY(a);
      const v = alarmValueText(a);
      const lim = v.limit === '' ? '' : ` / ${v.limit}`;
      return {
        id: `energy:${a.kind}:${a.index}`,
        domain: 'energy',
        severity: energyAlarmSeverity(a),
        title: { zh: DICTS.zh.energyAlarmKind(a.kind), en: DICTS.en.energyAlarmKind(a.kind) },
        detail: { zh: `${v.value}${lim}`, en: `${v.value}${lim}` },
        x: p?.x ?? null,
        y: p?.y ?? null,
        simMs: raisedAt.get(`${a.kind}:${a.index}`) ?? b?.simTimeMs ?? 0,
      };
    });
    // Stable: sortAlarms' order within a severity.
    return out
      .map((a, i) => ({ a, i }))
      .sort((p, q) => SEV_RANK[p.a.severity] - SEV_RANK[q.a.severity] || p.i - q.i)
      .map((p) => p.a);
  },
);

/**
 * Adds each feeder bus's net load and each PV unit's output to the zone it lies in. A bus's net load is the power
 * entering its upstream section minus the power leaving it into the sections below it (busParent = that bus):
 * flow_b − Σ_{c: parent(c) = b} flow_c — the bus's demand less its local PV/storage injection, plus the section's
 * losses (docs/protocol.md §2d: a section's flow enters at its upstream end). Summed over a zone it is the power the
 * zone draws through the feeders; summed over the city it is the sum of the feeder-head flows. Buses or units with
 * zone −1 (outside every zone of the level) are skipped; a non-finite flow counts as 0 (the wire sends a dead bus's
 * NaN as 0). `loadMw` and `pvMw` are per zone index (a NaN entry — a zone of the other level — stays NaN).
 */
export function addZoneEnergy(
  busParent: ArrayLike<number>,
  busZone: ArrayLike<number>,
  sectionFlowMw: ArrayLike<number>,
  pvZone: ArrayLike<number>,
  pvUnitMw: ArrayLike<number>,
  loadMw: Float64Array,
  pvMw: Float64Array,
): void {
  const n = busZone.length;
  const flow = (b: number): number => {
    const f = sectionFlowMw[b] as number;
    return Number.isFinite(f) ? f : 0;
  };
  for (let b = 0; b < n; b++) {
    const z = busZone[b] as number;
    if (z >= 0 && z < loadMw.length) loadMw[z]! += flow(b);
    const p = busParent[b] as number;
    if (p >= 0 && p < n) {
      const zp = busZone[p] as number;
      if (zp >= 0 && zp < loadMw.length) loadMw[zp]! -= flow(b);
    }
  }
  for (let u = 0; u < pvZone.length; u++) {
    const z = pvZone[u] as number;
    const w = pvUnitMw[u] as number;
    if (z >= 0 && z < pvMw.length && Number.isFinite(w)) pvMw[z]! += w;
  }
}

/** Zone (per level) of every feeder bus and PV unit of a grid model, cached per model. */
interface AssetZones {
  readonly city: CityModel;
  readonly grid: CityGridModel;
  readonly bus: readonly [Int32Array, Int32Array];
  readonly pv: readonly [Int32Array, Int32Array];
}
let assetZones: AssetZones | null = null;

function assetZonesOf(city: CityModel, g: CityGridModel): AssetZones {
  if (assetZones !== null && assetZones.city === city && assetZones.grid === g) return assetZones;
  const bus = [new Int32Array(g.busCount), new Int32Array(g.busCount)] as const;
  for (let b = 0; b < g.busCount; b++) {
    bus[0][b] = zoneAt(g.busX[b]!, g.busY[b]!, 0);
    bus[1][b] = zoneAt(g.busX[b]!, g.busY[b]!, 1);
  }
  const pv = [new Int32Array(g.pv.count).fill(-1), new Int32Array(g.pv.count).fill(-1)] as const;
  const p: number[] = [0, 0];
  for (let u = 0; u < g.pv.count; u++) {
    if (!energyAssetXY(city, g, 'pv', u, p)) continue;
    pv[0][u] = zoneAt(p[0]!, p[1]!, 0);
    pv[1][u] = zoneAt(p[0]!, p[1]!, 1);
  }
  assetZones = { city, grid: g, bus, pv };
  return assetZones;
}

const zonesOf = memo1(
  (
    active: readonly EnergyAlarm[],
    hasStep: boolean,
    level: 0 | 1,
    hotVersion: number,
  ): readonly ZoneKpi[] => {
    const v = levelValues(level, 0);
    if (v.length === 0 || !hasStep) return [];
    // Load and PV: NaN ("—") until the first per-element state has arrived for this scene's grid model.
    const load = levelValues(level, NaN);
    const pv = levelValues(level, NaN);
    const city = sceneNow();
    const g = city === null || hotEnergy.simTimeMs <= 0 || hotVersion <= 0 ? null : getGridModel();
    const cols = hotEnergy.columns;
    if (
      city !== null &&
      g !== null &&
      cols.sectionFlowMw.length === g.busCount &&
      cols.pvUnitMw.length === g.pv.count
    ) {
      const z = assetZonesOf(city, g);
      load.set(levelValues(level, 0));
      pv.set(levelValues(level, 0));
      addZoneEnergy(g.busParent, z.bus[level], cols.sectionFlowMw, z.pv[level], cols.pvUnitMw, load, pv);
    }
    for (const a of active) {
      const p = alarmXY(a);
      if (p === null) continue;
      const z = zoneAt(p.x, p.y, level);
      if (z >= 0 && z < v.length) v[z]!++;
    }
    return [
      {
        id: 'load',
        label: { zh: '净负荷', en: 'Net load' },
        unit: 'MW',
        better: 'neutral',
        digits: 1,
        values: load,
      },
      {
        id: 'pv',
        label: { zh: '光伏出力', en: 'PV output' },
        unit: 'MW',
        better: 'higher',
        digits: 1,
        values: pv,
      },
      {
        id: 'alarms',
        label: { zh: '电网告警', en: 'Grid alarms' },
        unit: '',
        better: 'lower',
        digits: 0,
        values: v,
      },
    ];
  },
);

/** The energy plugin without its planner lever editor (src/domains/energy/LeverEditor.tsx). */
export const energyLive: Omit<DomainPlugin, 'LeverEditor'> = {
  id: 'energy',
  name: { zh: '能源', en: 'Energy' },
  kpis,
  layers: ['power', 'grid', 'energyAssets', 'energyAlarms'],
  alarms: (s) => alarmsOf(s.energyAlarms, s.energyAlarmLog, last(s)),
  zoneKpis: (s, level) => zonesOf(s.energyAlarms, last(s) !== null, level, hotEnergy.version),
};
