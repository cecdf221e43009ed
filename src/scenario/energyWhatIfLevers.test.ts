import { describe, expect, it } from 'vitest';
import { buildGridModel } from '../core/energy/city/gridModel.ts';
import { makeTestCity } from '../core/energy/city/testCity.ts';
import { validateEnergyLever } from '../core/energy/city/whatIf.ts';
import { BuildingUse, PowerKind } from '../core/scene/types.ts';
import {
  addEnergyLever,
  energyLeverFromDraft,
  energyLeverKey,
  energyTargetOf,
  feederHeadBus,
  localDayStartMs,
  type EnergyLeverDraft,
} from './energyWhatIfLevers.ts';

/**
 * The hand-made city of src/core/energy/city/fixture.test.ts with its tie: import (0,0) ──110 kV── substation
 * (1000,0); F1 buses 0 (1000,250), 1 (1000,500), 2 (1250,500), 3 (1500,500); F2 buses 4 (1250,0), 5 (1500,0).
 * Assets: 0 import, 1 substation, 2 EV charger (1255,10), 3 storage (1010,20) at the substation's busbar.
 */
const city = makeTestCity({
  assets: [
    { kind: PowerKind.import, x: 0, y: 0, ratingMW: 100, voltageKV: 220 },
    { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 50, voltageKV: 110 },
    { kind: PowerKind.evCharger, x: 1255, y: 10, ratingMW: 1 },
    { kind: PowerKind.storage, x: 1010, y: 20, ratingMW: 2, energyMWh: 4 },
  ],
  lines: [
    { kv: 110, xy: [0, 0, 1000, 0], from: 0, to: 1 },
    { kv: 10, xy: [1000, 0, 1000, 500, 1500, 500], from: 1 },
    { kv: 10, xy: [1000, 0, 1500, 0], from: 1 },
    { kv: 10, xy: [1500, 500, 1500, 0] },
  ],
  buildings: [
    { x: 1000, y: 480, sideM: 100, levels: 10, use: BuildingUse.residential },
    { x: 1490, y: 520, sideM: 100, levels: 10, use: BuildingUse.residential },
    { x: 1260, y: -20, sideM: 100, levels: 10, use: BuildingUse.commercial },
  ],
});
const g = buildGridModel(city);

describe('energyTargetOf', () => {
  it('a station trips whole; added units connect at the nearest feeder bus', () => {
    // Buses 0 (1000,250) and 4 (1250,0) are both 250 m from the substation; the lower index wins.
    const t = energyTargetOf(city, g, { kind: 'energy', asset: 'station', index: 1 });
    expect(t).toEqual({
      element: { kind: 'station', index: 1 },
      trip: { kind: 'tripStation', station: 1 },
      bus: 0,
    });
    // The scene's substation asset is the same station.
    expect(energyTargetOf(city, g, { kind: 'power', index: 1 })).toEqual(t);
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'station', index: 2 })).toBeNull();
  });

  it('a bus trips its upstream section; a feeder trips its head section', () => {
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'bus', index: 2 })).toEqual({
      element: { kind: 'bus', index: 2 },
      trip: { kind: 'tripSection', bus: 2 },
      bus: 2,
    });
    expect(feederHeadBus(g, 1)).toBe(4);
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'feeder', index: 1 })).toEqual({
      element: { kind: 'feeder', index: 1 },
      trip: { kind: 'tripSection', bus: 4 },
      bus: 4,
    });
  });

  it('an HV line trips by its model index', () => {
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'hvLine', index: 0 })?.trip).toEqual({
      kind: 'tripHvLine',
      hvLine: 0,
    });
  });

  it('a storage unit, an EV charger or a building is a place, not a trip', () => {
    // The storage unit sits on the substation busbar: the feeder bus nearest the station (bus 0).
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'storage', index: 0 })).toEqual({
      element: { kind: 'storage', index: 0 },
      trip: null,
      bus: 0,
    });
    // EV charger at (1255,10): bus 4 (1250,0) is 11.2 m away.
    expect(energyTargetOf(city, g, { kind: 'power', index: 2 })).toEqual({
      element: null,
      trip: null,
      bus: 4,
    });
    // Building 1 is served by bus 3 (grid model buildingBus).
    expect(energyTargetOf(city, g, { kind: 'building', index: 1 })).toEqual({
      element: null,
      trip: null,
      bus: 3,
    });
  });

  it('means nothing for roads, incidents, nothing selected or an index out of range', () => {
    expect(energyTargetOf(city, g, null)).toBeNull();
    expect(energyTargetOf(city, g, { kind: 'link', index: 0 })).toBeNull();
    expect(energyTargetOf(city, g, { kind: 'incident', id: 'inc:1' })).toBeNull();
    expect(energyTargetOf(city, g, { kind: 'energy', asset: 'bus', index: 6 })).toBeNull();
    expect(energyTargetOf(city, g, { kind: 'power', index: 4 })).toBeNull();
    expect(energyTargetOf(city, g, { kind: 'building', index: -1 })).toBeNull();
  });
});

describe('energyLeverFromDraft', () => {
  const base: EnergyLeverDraft = {
    kind: 'trip',
    target: null,
    pvMw: 10,
    storageMw: 5,
    storageMwh: 10,
    evPct: 50,
    heatPct: 20,
    strategy: 'off',
  };
  const station = energyTargetOf(city, g, { kind: 'energy', asset: 'station', index: 1 });
  const place = energyTargetOf(city, g, { kind: 'building', index: 1 });

  it('builds each lever from the form and the selection', () => {
    expect(energyLeverFromDraft({ ...base, target: station })).toEqual({
      lever: { kind: 'tripStation', station: 1 },
    });
    expect(energyLeverFromDraft({ ...base, kind: 'addPv', target: place })).toEqual({
      lever: { kind: 'addPv', bus: 3, mw: 10 },
    });
    expect(energyLeverFromDraft({ ...base, kind: 'addStorage', target: station })).toEqual({
      lever: { kind: 'addStorage', bus: 0, mw: 5, mwh: 10 },
    });
    expect(energyLeverFromDraft({ ...base, kind: 'evGrowth' })).toEqual({
      lever: { kind: 'evGrowth', pct: 50 },
    });
    expect(energyLeverFromDraft({ ...base, kind: 'heatWave' })).toEqual({
      lever: { kind: 'heatWave', pct: 20 },
    });
    expect(energyLeverFromDraft({ ...base, kind: 'storageStrategy' })).toEqual({
      lever: { kind: 'storageStrategy', strategy: 'off' },
    });
  });

  it('says what is missing', () => {
    expect(energyLeverFromDraft(base)).toEqual({ problem: 'noTrip' });
    expect(energyLeverFromDraft({ ...base, target: place })).toEqual({ problem: 'noTrip' });
    expect(energyLeverFromDraft({ ...base, kind: 'addPv' })).toEqual({ problem: 'noPlace' });
    expect(energyLeverFromDraft({ ...base, kind: 'addPv', target: place, pvMw: Number.NaN })).toEqual({
      problem: 'badNumber',
    });
    expect(energyLeverFromDraft({ ...base, kind: 'heatWave', heatPct: Number.NaN })).toEqual({
      problem: 'badNumber',
    });
  });

  it('leaves ranges to the core, which names the reason', () => {
    const built = energyLeverFromDraft({ ...base, kind: 'addPv', target: place, pvMw: 0 });
    expect('lever' in built && validateEnergyLever(g, built.lever)).toBe(
      'addPv: mw must be in (0, 1000], got 0',
    );
  });
});

describe('lever list', () => {
  it('a newer lever on the same thing replaces the older one in place; others append', () => {
    let list = addEnergyLever([], { kind: 'heatWave', pct: 10 });
    list = addEnergyLever(list, { kind: 'tripStation', station: 1 });
    list = addEnergyLever(list, { kind: 'heatWave', pct: 25 });
    list = addEnergyLever(list, { kind: 'addPv', bus: 3, mw: 1 });
    list = addEnergyLever(list, { kind: 'addStorage', bus: 3, mw: 1, mwh: 2 });
    expect(list).toEqual([
      { kind: 'heatWave', pct: 25 },
      { kind: 'tripStation', station: 1 },
      { kind: 'addPv', bus: 3, mw: 1 },
      { kind: 'addStorage', bus: 3, mw: 1, mwh: 2 },
    ]);
    expect(energyLeverKey({ kind: 'tripSection', bus: 3 })).not.toBe(
      energyLeverKey({ kind: 'addPv', bus: 3, mw: 1 }),
    );
  });
});

describe('localDayStartMs', () => {
  it('is the local midnight of the day in the city time zone', () => {
    // 2026-07-15 20:30 CST = 12:30 UTC → 2026-07-15 00:00 CST = 2026-07-14 16:00 UTC.
    expect(localDayStartMs(1_784_118_600_000, 480)).toBe(Date.UTC(2026, 6, 14, 16));
    // 2026-07-15 07:30 CST = 2026-07-14 23:30 UTC: still the 15th in Shanghai.
    expect(localDayStartMs(Date.UTC(2026, 6, 14, 23, 30), 480)).toBe(Date.UTC(2026, 6, 14, 16));
    expect(localDayStartMs(Date.UTC(2026, 6, 14, 23, 30), 0)).toBe(Date.UTC(2026, 6, 14));
  });
});
