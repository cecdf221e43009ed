import { describe, expect, it } from 'vitest';
import { PowerKind } from '../core/scene/types.ts';
import { buildGridModel } from '../core/energy/city/gridModel.ts';
import { makeTestCity } from '../core/energy/city/testCity.ts';
import type { EnergyAlarm } from '../core/energy/city/energySim.ts';
import type { EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import {
  alarmSelection,
  alarmSeverity,
  alarmValueText,
  bandPath,
  dayClock,
  dispatchStepMs,
  edgeAnchor,
  firmCapacity,
  importShare,
  localDayStartMs,
  percentOf,
  renewableTrendPct,
  shareTrend,
  sortAlarms,
  stackBalance,
  todayStats,
} from './energyFormat.ts';

/** 2026-07-15 00:00 China Standard Time (UTC+8) = 2026-07-14 16:00 UTC: 20 649 days × 86 400 000 ms − 8 h. */
const MIDNIGHT_CST = 1_784_044_800_000;
const MIN = 60_000;

/** A balance with everything zero except what is given. */
function bal(simTimeMs: number, b: Partial<EnergyBalance>): EnergyBalance {
  return {
    simTimeMs,
    importMw: 0,
    thermalMw: 0,
    pvMw: 0,
    windMw: 0,
    storageDischargeMw: 0,
    storageChargeMw: 0,
    loadMw: 0,
    demandMw: 0,
    shedMw: 0,
    unservedMw: 0,
    curtailedMw: 0,
    lossesMw: 0,
    renewableShare: 0,
    carbonIntensityGPerKwh: 0,
    emissionsTPerH: 0,
    ...b,
  };
}

describe('local day', () => {
  it('starts at local midnight in the scene time zone', () => {
    expect(localDayStartMs(MIDNIGHT_CST, 480)).toBe(MIDNIGHT_CST);
    // 23:59 local is still the same day; 00:00 next day is the next.
    expect(localDayStartMs(MIDNIGHT_CST + 24 * 60 * MIN - MIN, 480)).toBe(MIDNIGHT_CST);
    expect(localDayStartMs(MIDNIGHT_CST + 24 * 60 * MIN, 480)).toBe(MIDNIGHT_CST + 86_400_000);
    // One minute before: yesterday.
    expect(localDayStartMs(MIDNIGHT_CST - MIN, 480)).toBe(MIDNIGHT_CST - 86_400_000);
    // Los Angeles in summer (UTC−7): 2026-07-14 00:00 PDT = 07:00 UTC = MIDNIGHT_CST − 9 h.
    expect(localDayStartMs(MIDNIGHT_CST, -420)).toBe(MIDNIGHT_CST - 9 * 60 * MIN);
  });

  it('writes clock times, with the date before today', () => {
    expect(dayClock(MIDNIGHT_CST + (8 * 60 + 45) * MIN, MIDNIGHT_CST, 480)).toBe('08:45');
    // 2026-07-14 20:45 CST, the evening before.
    expect(dayClock(MIDNIGHT_CST - (3 * 60 + 15) * MIN, MIDNIGHT_CST, 480)).toBe('07-14 20:45');
    expect(dayClock(Number.NaN, MIDNIGHT_CST, 480)).toBe('—');
  });
});

describe("today's figures", () => {
  // Yesterday 23:55 (not counted: its 500 MW demand must not be today's peak), then three 5-minute steps.
  const history = [
    bal(MIDNIGHT_CST - 5 * MIN, { loadMw: 100, windMw: 50, demandMw: 500, emissionsTPerH: 999 }),
    bal(MIDNIGHT_CST, { loadMw: 200, windMw: 10, demandMw: 200, emissionsTPerH: 100 }),
    bal(MIDNIGHT_CST + 5 * MIN, { loadMw: 300, pvMw: 30, windMw: 20, demandMw: 310, emissionsTPerH: 120 }),
    bal(MIDNIGHT_CST + 10 * MIN, { loadMw: 300, pvMw: 60, demandMw: 310, emissionsTPerH: 110 }),
  ];

  it('finds the dispatch step', () => {
    expect(dispatchStepMs(history)).toBe(5 * MIN);
    expect(dispatchStepMs(history.slice(0, 1))).toBe(5 * MIN);
    expect(dispatchStepMs([bal(0, {}), bal(10 * MIN, {}), bal(12 * MIN, {})])).toBe(2 * MIN);
  });

  it('energy-weighted renewable share, emissions, served energy and the first peak, from local midnight', () => {
    const s = todayStats(history, 480);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.dayStartMs).toBe(MIDNIGHT_CST);
    expect(s.points).toBe(3);
    // (10 + 30 + 20 + 60) MW / (200 + 300 + 300) MW = 120 / 800 (equal 5-minute steps cancel).
    expect(s.renewableShare).toBe(0.15);
    // (100 + 120 + 110) t/h × 5/60 h = 27.5 t.
    expect(s.emissionsT).toBeCloseTo(27.5, 12);
    // 800 MW × 5/60 h = 66.67 MWh.
    expect(s.servedMwh).toBeCloseTo(800 / 12, 12);
    // 310 MW first reached at 00:05 (the tie at 00:10 keeps the first).
    expect(s.peakDemandMw).toBe(310);
    expect(s.peakTimeMs).toBe(MIDNIGHT_CST + 5 * MIN);
  });

  it('is null for an empty history and NaN share without load', () => {
    expect(todayStats([], 480)).toBeNull();
    expect(todayStats([bal(MIDNIGHT_CST, {})], 480)?.renewableShare).toBeNaN();
  });

  it('calls a share trend only beyond half a percentage point', () => {
    // Means of the last 3 against the 3 before: (1 + 1 + 1) / 3 − (0.9 + 0.9 + 0.9) / 3 = 0.1 pp → flat.
    expect(shareTrend([0.9, 0.9, 0.9, 1, 1, 1])).toBe('flat');
    // 6 − 5 = 1 pp → up; 4 − 5 = −1 pp → down.
    expect(shareTrend([5, 5, 5, 6, 6, 6])).toBe('up');
    expect(shareTrend([5, 5, 5, 4, 4, 4])).toBe('down');
    expect(shareTrend([5])).toBe('flat');
  });

  it('gives the renewable trend in percent and the import share', () => {
    expect(renewableTrendPct([bal(0, { renewableShare: 0.25 }), bal(1, { renewableShare: 0.5 })], 1)).toEqual(
      [50],
    );
    expect(importShare(bal(0, { importMw: 150, loadMw: 200 }))).toBe(0.75);
    expect(importShare(bal(0, { importMw: 150 }))).toBeNaN();
  });
});

describe('firm capacity', () => {
  // Import point 100 MVA (× 0.95 power factor = 95 MW), a 20 MW plant, storage 2 MW and 3 MW:
  // firm = 95 + 20 + (2 + 3) = 120 MW.
  const city = makeTestCity({
    assets: [
      { kind: PowerKind.import, x: 0, y: 0, ratingMW: 100, voltageKV: 220 },
      { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 50, voltageKV: 110 },
      { kind: PowerKind.plant, x: 50, y: 50, ratingMW: 20 },
      { kind: PowerKind.storage, x: 1010, y: 20, ratingMW: 2, energyMWh: 4 },
      { kind: PowerKind.storage, x: 1020, y: 20, ratingMW: 3, energyMWh: 6 },
    ],
    lines: [
      { kv: 110, xy: [0, 0, 1000, 0], from: 0, to: 1 },
      { kv: 10, xy: [1000, 0, 1500, 0], from: 1 },
    ],
    buildings: [],
  });
  const g = buildGridModel(city);

  it('is import limit + thermal ratings + storage power', () => {
    const f = firmCapacity(g);
    expect(f.importMw).toBeCloseTo(95, 9);
    expect(f.thermalMw).toBe(20);
    expect(f.storageMw).toBe(5);
    expect(f.totalMw).toBeCloseTo(120, 9);
    // Peak 90 MW of 120 MW firm = 75 %.
    expect(percentOf(90, f.totalMw)).toBeCloseTo(75, 9);
    expect(percentOf(90, 0)).toBeNaN();
  });
});

describe('stacked balance', () => {
  it('stacks sources up and charging and export down, and records the extent', () => {
    const s = stackBalance([
      bal(0, {
        importMw: -5,
        thermalMw: 10,
        pvMw: 3,
        storageDischargeMw: 2,
        storageChargeMw: 4,
        loadMw: 14,
        demandMw: 16,
        shedMw: 2,
      }),
    ]);
    const edges = (l: keyof typeof s.lo) => [s.lo[l][0], s.hi[l][0]];
    expect(edges('import')).toEqual([0, 0]);
    expect(edges('thermal')).toEqual([0, 10]);
    expect(edges('pv')).toEqual([10, 13]);
    expect(edges('wind')).toEqual([13, 13]);
    expect(edges('discharge')).toEqual([13, 15]);
    expect(edges('charge')).toEqual([0, -4]);
    expect(edges('export')).toEqual([-4, -9]);
    expect(s.present).toEqual({
      import: false,
      thermal: true,
      pv: true,
      wind: false,
      discharge: true,
      charge: true,
      export: true,
    });
    // Demand 16 MW is above the 15 MW stack top.
    expect([s.minMw, s.maxMw, s.hasShortfall]).toEqual([-9, 16, true]);
  });

  it('anchors edge tick labels inside the plot', () => {
    expect(edgeAnchor(40, 36, 314)).toBe('start');
    expect(edgeAnchor(200, 36, 314)).toBe('middle');
    expect(edgeAnchor(314, 36, 314)).toBe('end');
  });

  it('draws a band forward along its top and back along its bottom', () => {
    const id = (v: number) => v;
    expect(bandPath([0, 10], [0, 1], [5, 6], id, id)).toBe('M0.0,5.0L10.0,6.0L10.0,1.0L0.0,0.0Z');
    expect(bandPath([0, 10], [1, 1], [1, 1], id, id)).toBe('');
    expect(bandPath([0], [0], [5], id, id)).toBe('');
  });
});

describe('alarms', () => {
  const a = (kind: EnergyAlarm['kind'], index: number, value: number, limit: number): EnergyAlarm => ({
    kind,
    index,
    value,
    limit,
  });

  it('ranks shortfalls first, then by how far beyond the limit', () => {
    const under = a('undervoltage', 7, 0.9, 0.93); // 0.93 / 0.90 = 1.033
    const trafo = a('transformerOverload', 2, 1.1, 1);
    const section = a('sectionOverload', 40, 1.25, 1);
    const shed = a('loadShed', -1, 5, 0);
    const unserved = a('unserved', -1, 2, 0);
    expect(alarmSeverity(under)).toBeCloseTo(0.93 / 0.9, 12);
    expect(sortAlarms([under, trafo, shed, section, unserved])).toEqual([
      shed,
      unserved,
      section,
      trafo,
      under,
    ]);
  });

  it('selects the asset the alarm names', () => {
    expect(alarmSelection(a('sectionOverload', 40, 1.2, 1))).toEqual({ asset: 'bus', index: 40 });
    expect(alarmSelection(a('overvoltage', 3, 1.08, 1.07))).toEqual({ asset: 'bus', index: 3 });
    expect(alarmSelection(a('importOverload', 0, 1.1, 1))).toEqual({ asset: 'station', index: 0 });
    expect(alarmSelection(a('transformerOverload', 4, 1.1, 1))).toEqual({ asset: 'station', index: 4 });
    expect(alarmSelection(a('hvLineOverload', 1, 1.1, 1))).toEqual({ asset: 'hvLine', index: 1 });
    expect(alarmSelection(a('loadShed', 6, 3, 0))).toEqual({ asset: 'feeder', index: 6 });
    expect(alarmSelection(a('loadShed', -1, 3, 0))).toBeNull();
    expect(alarmSelection(a('unserved', -1, 3, 0))).toBeNull();
  });

  it('words value and limit with units', () => {
    expect(alarmValueText(a('sectionOverload', 1, 1.12, 1))).toEqual({ value: '112 %', limit: '100 %' });
    expect(alarmValueText(a('undervoltage', 1, 0.91234, 0.93))).toEqual({
      value: '0.912 p.u.',
      limit: '0.93 p.u.',
    });
    expect(alarmValueText(a('loadShed', -1, 3.25, 0))).toEqual({ value: '3.3 MW', limit: '' });
  });
});
