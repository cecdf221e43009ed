/**
 * The energy domain's live side for the three modes (issue 7): KPIs of the latest dispatch step in the store's
 * `energyHistory` (load served, power balance, import share, renewable share, carbon intensity, shortfall), alarms
 * from `energyAlarms` placed at their element (src/core/energy/city/assetPosition.ts) and, per zone, the active grid
 * alarms there. Station loads per district are hot state (src/feed/hotEnergy.ts) and not read here.
 */
import type { AppState } from '../../state/store.ts';
import type { DomainAlarm, DomainPlugin, LiveKpiDef, ZoneKpi } from '../types.ts';
import type { EnergyBalance } from '../../core/energy/city/liveEnergy.ts';
import type { EnergyAlarm } from '../../core/energy/city/energySim.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
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

const zonesOf = memo1(
  (active: readonly EnergyAlarm[], hasStep: boolean, level: 0 | 1): readonly ZoneKpi[] => {
    const v = levelValues(level, 0);
    if (v.length === 0 || !hasStep) return [];
    for (const a of active) {
      const p = alarmXY(a);
      if (p === null) continue;
      const z = zoneAt(p.x, p.y, level);
      if (z >= 0 && z < v.length) v[z]!++;
    }
    return [
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
  zoneKpis: (s, level) => zonesOf(s.energyAlarms, last(s) !== null, level),
};
