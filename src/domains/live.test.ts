/**
 * The domains' live sides (src/domains/<d>/live.ts) read from small store fixtures: KPI values with hand-computed
 * expectations, alarms (severity, place), and per-zone breakdowns on a three-zone scene (one district of two grid
 * cells). The scene is a minimal stand-in holding only the zones (all the live sides read of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppStore, type AppState } from '../state/store.ts';
import { setModel } from '../app/sceneHolder.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { TrafficKpis } from '../core/traffic/types.ts';
import type { EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import type { ActiveHazard, ExposureSummary } from '../core/hazards/types.ts';
import { trafficLive } from './traffic/live.ts';
import { addZoneEnergy, energyLive, powerBalanceMw } from './energy/live.ts';
import { alertLevelDisplay, resilienceLive } from './resilience/live.ts';
import { workloadLive } from './workload/live.ts';
import { applyAction, createOrder, foldEvents } from '../core/workload/stateMachine.ts';
import { T0, report } from '../core/workload/testFixtures.ts';
import type { WorkOrderAction, WorkOrderEvent } from '../core/workload/types.ts';
import type { DomainPlugin } from './types.ts';
import { zoneCentre, zoneRadiusM, zonesOfLevel } from './liveShared.ts';

/**
 * Zones: 0 = district [0,200]×[0,100]; 1 = cell [0,100]×[0,100]; 2 = cell [100,200]×[0,100] (parents 0).
 * Each polygon one closed ring of 5 vertices.
 */
function square(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0];
}
const zones = {
  count: 3,
  polyStart: Uint32Array.from([0, 1, 2, 3]),
  ringStart: Uint32Array.from([0, 5, 10, 15]),
  xy: Float32Array.from([...square(0, 0, 200, 100), ...square(0, 0, 100, 100), ...square(100, 0, 200, 100)]),
  level: Uint8Array.from([0, 1, 1]),
  parent: Uint32Array.from([0xffffffff, 0, 0]),
  sourceId: ['d', 'c1', 'c2'],
  names: new Map([[0, { name: '镜湖区', zh: '镜湖区', en: 'Jinghu' }]]),
};
const model = { zones, buildings: { count: 0 } } as unknown as CityModel;

beforeAll(() => {
  setModel(model);
});
afterAll(() => {
  setModel(null);
});

function state(over: Partial<AppState>): AppState {
  const s = createAppStore();
  s.setState(over);
  return s.getState();
}

const kpi = (d: Omit<DomainPlugin, 'LeverEditor'>, id: string, s: AppState): number | null => {
  const k = d.kpis.find((x) => x.id === id);
  if (k === undefined) throw new Error(`${d.id}.${id} missing`);
  return k.read(s);
};

describe('zones helpers', () => {
  it('centre (mean of the ring without its closing repeat), radius (half the bbox diagonal), levels', () => {
    expect(zoneCentre(0)).toEqual({ x: 100, y: 50 });
    expect(zoneCentre(2)).toEqual({ x: 150, y: 50 });
    // Half of √(200² + 100²) = 111.80…
    expect(zoneRadiusM(0)).toBeCloseTo(Math.hypot(200, 100) / 2, 9);
    expect(zonesOfLevel(0)).toEqual([0]);
    expect(zonesOfLevel(1, 0)).toEqual([1, 2]);
  });
});

describe('every plugin', () => {
  it('has a headline KPI, a name in both languages and waits (null) on an empty store', () => {
    const s = state({});
    for (const d of [trafficLive, energyLive, resilienceLive, workloadLive]) {
      expect(d.kpis.some((k) => k.headline)).toBe(true);
      expect(d.name.zh).not.toBe(d.name.en);
      for (const k of d.kpis) expect(k.read(s), `${d.id}.${k.id}`).toBeNull();
      expect(d.alarms(s)).toEqual([]);
    }
  });
});

describe('traffic', () => {
  const k: TrafficKpis = {
    simTimeMs: T0,
    cityTti: 1.42,
    avgSpeedKph: 31.5,
    delayVehHPerH: 1200,
    vktPerH: 50_000,
    districts: [{ zone: 0, tti: 2.1, avgSpeedKph: 18 }],
    commutes: [],
    topLinks: [],
    relativeGap: 0.01,
    activeVehicles: 100,
    vehiclesPerAnimated: 10,
  };
  const incident = {
    id: 'inc:1',
    kind: 'crash',
    x: 150,
    y: 50,
    simTimeMs: T0 - 60_000,
    severity: 4,
    description: { zh: '追尾', en: 'rear-end crash' },
    cleared: false,
  };
  const s = state({
    trafficKpis: k,
    incidents: [incident, { ...incident, id: 'inc:2', cleared: true }],
    simTimeMs: T0,
  });

  it('reads TTI, speed, delay and open incidents', () => {
    expect(kpi(trafficLive, 'tti', s)).toBe(1.42);
    expect(kpi(trafficLive, 'avgSpeed', s)).toBe(31.5);
    expect(kpi(trafficLive, 'delay', s)).toBe(1200);
    expect(kpi(trafficLive, 'incidents', s)).toBe(1);
  });

  it('alarms: the severity-4 incident (critical, at its place), the district at TTI 2.1 ≥ 2.0 (major)', () => {
    const a = trafficLive.alarms(s);
    expect(a.map((x) => [x.id, x.severity, x.x, x.y])).toEqual([
      ['traffic:inc:1', 'critical', 150, 50],
      ['traffic:severe:0', 'major', 100, 50],
    ]);
    expect(a[1]!.title.zh).toBe('镜湖区 严重拥堵');
  });

  it('per district: TTI and speed; per grid cell: the open incident in cell 2', () => {
    const d = trafficLive.zoneKpis(s, 0);
    expect(d.map((z) => z.id)).toEqual(['tti', 'avgSpeed', 'incidents']);
    expect([...d[0]!.values]).toEqual([2.1, NaN, NaN]);
    expect([...d[2]!.values]).toEqual([1, NaN, NaN]);
    const c = trafficLive.zoneKpis(s, 1);
    expect([...c[0]!.values]).toEqual([NaN, 0, 1]);
  });
});

describe('energy', () => {
  const b: EnergyBalance = {
    simTimeMs: T0,
    importMw: 80,
    thermalMw: 10,
    pvMw: 5,
    windMw: 0,
    storageDischargeMw: 2,
    storageChargeMw: 1,
    loadMw: 96,
    demandMw: 100,
    shedMw: 3,
    unservedMw: 1,
    curtailedMw: 0,
    lossesMw: 0,
    renewableShare: 0.25,
    carbonIntensityGPerKwh: 580,
    emissionsTPerH: 55.7,
  };
  const s = state({
    energyHistory: [b],
    energyAlarms: [
      { kind: 'sectionOverload', index: -1, value: 1.05, limit: 1 },
      { kind: 'unserved', index: -1, value: 1, limit: 0 },
      { kind: 'transformerOverload', index: -1, value: 1.15, limit: 1 },
    ],
  });

  it('balance = 10 + 5 + 0 + 2 − 1 − 100 = −84 MW; renewable 25 %; import 80/96 = 83.3 %', () => {
    expect(powerBalanceMw(b)).toBe(-84);
    expect(kpi(energyLive, 'balance', s)).toBe(-84);
    expect(kpi(energyLive, 'renewableShare', s)).toBe(25);
    expect(kpi(energyLive, 'importShare', s)).toBeCloseTo((100 * 80) / 96, 12);
    expect(kpi(energyLive, 'shortfall', s)).toBe(4);
    expect(kpi(energyLive, 'alarms', s)).toBe(3);
  });

  it('alarms: shortfall critical, 115 % overload major, 105 % minor; system-wide ones have no place', () => {
    const a = energyLive.alarms(s);
    expect(a.map((x) => [x.id, x.severity])).toEqual([
      ['energy:unserved:-1', 'critical'],
      ['energy:transformerOverload:-1', 'major'],
      ['energy:sectionOverload:-1', 'minor'],
    ]);
    expect(a[0]!.x).toBeNull();
    expect(a[0]!.simMs).toBe(T0);
  });
});

describe('energy per zone', () => {
  it('bus net load = own section flow − flows into its child sections, summed per zone; PV per zone', () => {
    // Feeder: b0 (parent −1, in cell 1) → b1 (cell 2) and b2 (cell 1); b3 outside every zone (−1).
    // Section flows entering each bus's upstream end: b0 10, b1 4, b2 3, b3 0.5 (b3's parent is b1).
    // Net: b0 = 10 − 4 − 3 = 3; b1 = 4 − 0.5 = 3.5; b2 = 3; b3 skipped (no zone).
    // Cells: 1 → b0 + b2 = 6 MW; 2 → b1 = 3.5 MW; the district (both cells) 9.5 MW = 10 − 0.5 leaving to b3.
    const parent = Int32Array.from([-1, 0, 0, 1]);
    const flow = Float32Array.from([10, 4, 3, 0.5]);
    const pvMwOfUnit = Float32Array.from([1.5, 0.25, Number.NaN]);
    const cells = { load: Float64Array.from([NaN, 0, 0]), pv: Float64Array.from([NaN, 0, 0]) };
    addZoneEnergy(parent, [1, 2, 1, -1], flow, [2, 2, 1], pvMwOfUnit, cells.load, cells.pv);
    expect([...cells.load]).toEqual([NaN, 6, 3.5]);
    // PV: units 0 and 1 in cell 2 → 1.75 MW; unit 2 (NaN, no state) adds nothing to cell 1.
    expect([...cells.pv]).toEqual([NaN, 0, 1.75]);
    const district = { load: Float64Array.from([0, NaN, NaN]), pv: Float64Array.from([0, NaN, NaN]) };
    addZoneEnergy(parent, [0, 0, 0, -1], flow, [0, 0, 0], pvMwOfUnit, district.load, district.pv);
    expect([...district.load]).toEqual([9.5, NaN, NaN]);
    expect([...district.pv]).toEqual([1.75, NaN, NaN]);
  });

  it('columns: load first (NaN before the per-element state), then PV, then grid alarms', () => {
    const b = { simTimeMs: T0, loadMw: 1 } as EnergyBalance;
    const z = energyLive.zoneKpis(state({ energyHistory: [b] }), 0);
    expect(z.map((k) => [k.id, k.unit])).toEqual([
      ['load', 'MW'],
      ['pv', 'MW'],
      ['alarms', ''],
    ]);
    expect([...z[0]!.values]).toEqual([NaN, NaN, NaN]);
    expect([...z[2]!.values]).toEqual([0, NaN, NaN]);
  });
});

describe('resilience alert level display', () => {
  it('0 → no alert; 1–4 → blue Ⅳ … red Ⅰ with the signal colour (GB grades: Ⅰ highest)', () => {
    expect(alertLevelDisplay(0)).toEqual({ text: { zh: '无预警', en: 'No alert' } });
    expect(alertLevelDisplay(1).text).toEqual({ zh: '蓝色 Ⅳ级', en: 'Blue (IV)' });
    expect(alertLevelDisplay(2).text).toEqual({ zh: '黄色 Ⅲ级', en: 'Yellow (III)' });
    expect(alertLevelDisplay(3).text).toEqual({ zh: '橙色 Ⅱ级', en: 'Orange (II)' });
    expect(alertLevelDisplay(4)).toEqual({
      text: { zh: '红色 Ⅰ级', en: 'Red (I)' },
      color: '#e02424',
      ink: '#ffffff',
    });
    // Out of range: clamped.
    expect(alertLevelDisplay(7).text.en).toBe('Red (I)');
    expect(alertLevelDisplay(Number.NaN).text.en).toBe('No alert');
    const k = resilienceLive.kpis.find((x) => x.id === 'alertLevel');
    expect(k?.format?.(4).text.zh).toBe('红色 Ⅰ级');
  });
});

describe('resilience', () => {
  const h = (id: string, alertLevel: 0 | 1 | 2 | 3 | 4, phase: ActiveHazard['phase']): ActiveHazard =>
    ({
      id,
      kind: 'earthquake',
      spec: { kind: 'earthquake', x: 30, y: 40, magnitude: 6, depthKm: 10 },
      label: { zh: '地震', en: 'Earthquake' },
      triggeredMs: T0,
      onsetMs: T0,
      endMs: T0,
      phase,
      alertLevel,
      alertSinceMs: T0,
      acknowledged: false,
      notified: [],
      headline: { label: { zh: 'PGA', en: 'PGA' }, value: 0.31, unit: 'g' },
      overMs: null,
    }) as ActiveHazard;
  const exp: ExposureSummary[] = [
    {
      hazardId: 'HZ-1',
      people: 1200,
      buildings: 30,
      assets: [],
      byDistrict: [{ zone: 0, people: 1200, buildings: 30 }],
    },
    {
      hazardId: 'HZ-2',
      people: 50,
      buildings: 1,
      assets: [],
      byDistrict: [{ zone: 0, people: 50, buildings: 1 }],
    },
  ];
  const s = state({
    hzVersion: 1,
    hzHazards: [h('HZ-1', 4, 'response'), h('HZ-2', 3, 'over')],
    hzExposure: exp,
    hzLifelines: [{ simTimeMs: T0, powerPct: 92, roadsPct: 80, waterPct: 99 }],
  });

  it('active hazards 1 (HZ-2 is over), highest alert 4, exposed 1,200, lifelines min(92, 80, 99) = 80 %', () => {
    expect(kpi(resilienceLive, 'activeHazards', s)).toBe(1);
    expect(kpi(resilienceLive, 'alertLevel', s)).toBe(4);
    expect(kpi(resilienceLive, 'exposed', s)).toBe(1200);
    expect(kpi(resilienceLive, 'lifelines', s)).toBe(80);
  });

  it('one critical alarm at the epicentre; exposure per district from active hazards only; no cell breakdown', () => {
    const a = resilienceLive.alarms(s);
    expect(a.map((x) => [x.id, x.severity, x.x, x.y])).toEqual([['resilience:HZ-1', 'critical', 30, 40]]);
    const z = resilienceLive.zoneKpis(s, 0);
    expect([...z[0]!.values]).toEqual([1200, NaN, NaN]);
    expect(resilienceLive.zoneKpis(s, 1)).toEqual([]);
  });
});

describe('workload', () => {
  const M = 60_000;
  const op = { kind: 'operator', id: 'op' } as const;
  /** wo:a (cell 1) never accepted: accept due T0 + 30 min (garbage P3) → overdue at +3 h; wo:b (cell 2) closed. */
  function orders() {
    const events: WorkOrderEvent[] = [];
    let seq = 1;
    for (const [id, cell] of [
      ['wo:a', 1],
      ['wo:b', 2],
    ] as const) {
      const c = createOrder(report(`rep:${id}`, { gridCell: cell }), id, seq++, op);
      if (!c.ok) throw new Error(c.reason);
      events.push(c.event);
    }
    const act = (a: WorkOrderAction, tMs: number): void => {
      const o = foldEvents(events).get('wo:b')!;
      const r = applyAction(o, a, op, T0 + tMs, seq++);
      if (!r.ok) throw new Error(r.reason);
      events.push(r.event);
    };
    act({ kind: 'accept' }, 10 * M);
    act({ kind: 'dispatch', department: 'cg' }, 20 * M);
    act({ kind: 'start' }, 30 * M);
    act({ kind: 'handle', note: '' }, 140 * M);
    act({ kind: 'verify', ok: true }, 150 * M);
    act({ kind: 'close' }, 160 * M);
    return foldEvents(events);
  }
  const s = state({ woOrders: orders(), woVersion: 1, simTimeMs: T0 + 180 * M });

  it('backlog 1, on-time 1/1 = 100 %, overdue 1, closure 1/2 = 50 %', () => {
    expect(kpi(workloadLive, 'backlog', s)).toBe(1);
    expect(kpi(workloadLive, 'onTime', s)).toBe(100);
    expect(kpi(workloadLive, 'overdue', s)).toBe(1);
    expect(kpi(workloadLive, 'closureRate', s)).toBe(50);
  });

  it('an overdue alarm at the order; backlog per cell and per district', () => {
    const a = workloadLive.alarms(s);
    expect(a.map((x) => [x.id, x.severity, x.x, x.y])).toEqual([['workload:wo:a', 'minor', 100, 200]]);
    expect(a[0]!.simMs).toBe(T0 + 30 * M);
    const cells = workloadLive.zoneKpis(s, 1);
    expect([...cells[0]!.values]).toEqual([NaN, 1, 0]);
    expect([...cells[2]!.values]).toEqual([NaN, NaN, 100]);
    expect([...workloadLive.zoneKpis(s, 0)[0]!.values]).toEqual([1, NaN, NaN]);
  });
});
