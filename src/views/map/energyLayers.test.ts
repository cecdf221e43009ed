import { describe, expect, it } from 'vitest';
import { buildGridModel } from '../../core/energy/city/gridModel.ts';
import { makeTestCity } from '../../core/energy/city/testCity.ts';
import { PowerKind } from '../../core/scene/types.ts';
import type { AlarmKind } from '../../core/energy/city/energySim.ts';
import { createEnergyStateColumns } from '../../core/protocol/energyState.ts';
import { createHotEnergy } from '../../feed/hotEnergy.ts';
import { gridCounts } from '../../app/gridHolder.ts';
import { toLonLat } from './mapStyle.ts';
import { LOADING_BANDS, NO_LOADING_COLOR, flowDotCount, metersPerPixel } from './energyStyle.ts';
import {
  ENERGY_LAYER,
  EnergyMap,
  alarmPlacement,
  buildLinePolylines,
  writeElementDots,
  type LinePolylines,
} from './energyLayers.ts';

describe('alarm placement', () => {
  it('maps every alarm kind to the element its index counts (alarmIndexLimit) and a mark family', () => {
    const table: [AlarmKind, string | null, number | null][] = [
      ['sectionOverload', 'bus', 0],
      ['transformerOverload', 'station', 0],
      ['importOverload', 'station', 0],
      ['hvLineOverload', 'hvLine', 0],
      ['undervoltage', 'bus', 1],
      ['overvoltage', 'bus', 1],
      ['loadShed', 'feeder', 2],
      ['unserved', null, null],
      ['powerFlow', null, null],
    ];
    for (const [kind, asset, mark] of table) {
      const p = alarmPlacement(kind);
      expect(p?.asset ?? null, kind).toBe(asset);
      expect(p?.mark ?? null, kind).toBe(mark);
    }
  });
});

describe('flow dots along a polyline', () => {
  // One element, an L: (0,0) → (3,0) → (3,4), 7 units long (metres and "lon/lat" alike, for exact numbers).
  const lines: LinePolylines = {
    count: 1,
    start: Uint32Array.of(0, 3),
    cumM: Float64Array.of(0, 3, 7),
    dLonLat: Float64Array.of(0, 0, 3, 0, 3, 4),
  };

  it('places n dots at (k + phase)/n of the length, turning the corner', () => {
    const pos = new Float32Array(4);
    // t = 0: shares 0 and 0.5 → s = 0 → (0,0); s = 3.5 → 0.5 up the second leg → (3, 0.5)
    writeElementDots(lines, 0, 2, 0, 12, 1, pos, 0);
    expect([...pos]).toEqual([0, 0, 3, 0.5]);
    // t = 1.5 s at 12 px/s over a 36 px spacing: phase 0.5 → shares 0.25, 0.75 → s = 1.75, 5.25
    writeElementDots(lines, 0, 2, 1.5, 12, 1, pos, 0);
    expect(pos[0]).toBeCloseTo(1.75, 6);
    expect(pos[1]).toBeCloseTo(0, 6);
    expect(pos[2]).toBeCloseTo(3, 6);
    expect(pos[3]).toBeCloseTo(2.25, 6);
  });

  it('runs from the far end for a reverse flow, writing dot k at first + k', () => {
    const pos = new Float32Array(6).fill(-9);
    // reverse, t = 0: shares 1 − 0 = 1 and 1 − 0.5 = 0.5 → (3,4) and (3,0.5)
    writeElementDots(lines, 0, 2, 0, 12, -1, pos, 1);
    expect([...pos]).toEqual([-9, -9, 3, 4, 3, 0.5]);
    // reverse, phase 0.5: shares 0.75 and 0.25 → s = 5.25 → (3, 2.25); s = 1.75 → (1.75, 0)
    writeElementDots(lines, 0, 2, 1.5, 12, -1, pos, 1);
    expect(pos[2]).toBeCloseTo(3, 6);
    expect(pos[3]).toBeCloseTo(2.25, 6);
    expect(pos[4]).toBeCloseTo(1.75, 6);
    expect(pos[5]).toBeCloseTo(0, 6);
  });
});

/** Import point, a substation 1 km east joined by a 110 kV line digitised east → west, loads, PV, storage. */
function testGrid() {
  const city = makeTestCity({
    assets: [
      { kind: PowerKind.import, x: 0, y: 0, ratingMW: 200, voltageKV: 220 },
      { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 63, voltageKV: 110 },
      { kind: PowerKind.pv, x: 1300, y: 200, ratingMW: 0.2 },
      { kind: PowerKind.storage, x: 1050, y: 60, ratingMW: 5, energyMWh: 10 },
    ],
    lines: [{ kv: 110, xy: [1000, 0, 500, 300, 0, 0], from: 1, to: 0 }],
    buildings: [
      { x: 1300, y: 200, sideM: 30, levels: 6, use: 1 },
      { x: 1400, y: -300, sideM: 30, levels: 6, use: 1 },
      { x: 700, y: -400, sideM: 30, levels: 6, use: 1 },
    ],
  });
  return { city, grid: buildGridModel(city) };
}

describe('line polylines of the grid model', () => {
  const { city, grid } = testGrid();
  const { lines, xy } = buildLinePolylines(city, grid);

  it('orients the HV scene line from hvFrom to hvTo and ends it on the stations', () => {
    expect(grid.hvLineCount).toBe(1);
    const a = grid.hvFrom[0] as number;
    const b = grid.hvTo[0] as number;
    const v0 = lines.start[0] as number;
    const v1 = (lines.start[1] as number) - 1;
    expect([xy[v0 * 2], xy[v0 * 2 + 1]]).toEqual([grid.stationX[a], grid.stationY[a]]);
    expect([xy[v1 * 2], xy[v1 * 2 + 1]]).toEqual([grid.stationX[b], grid.stationY[b]]);
    // three vertices (the bend kept, the duplicate station ends dropped); two legs of √(500² + 300²) = 583.095 m
    expect(v1 - v0 + 1).toBe(3);
    expect([xy[(v0 + 1) * 2], xy[(v0 + 1) * 2 + 1]]).toEqual([500, 300]);
    expect(lines.cumM[v1]).toBeCloseTo(2 * Math.sqrt(500 ** 2 + 300 ** 2), 3);
  });

  it('draws each section from its parent bus (or station) to its bus', () => {
    expect(lines.count).toBe(grid.hvLineCount + grid.busCount);
    for (let i = 0; i < grid.busCount; i++) {
      const v = lines.start[grid.hvLineCount + i] as number;
      expect((lines.start[grid.hvLineCount + i + 1] as number) - v).toBe(2);
      const p = grid.busParent[i] as number;
      const s = grid.busStation[i] as number;
      const fx = Math.fround(p >= 0 ? (grid.busX[p] as number) : (grid.stationX[s] as number));
      const fy = Math.fround(p >= 0 ? (grid.busY[p] as number) : (grid.stationY[s] as number));
      expect([xy[v * 2], xy[v * 2 + 1]]).toEqual([fx, fy]);
      expect([xy[v * 2 + 2], xy[v * 2 + 3]]).toEqual([
        Math.fround(grid.busX[i] as number),
        Math.fround(grid.busY[i] as number),
      ]);
      expect(lines.cumM[v]).toBe(0);
    }
    // lon/lat offsets agree with the map's own conversion
    const ll = toLonLat(city, xy);
    expect(lines.dLonLat[2]).toBeCloseTo((ll[2] as number) - city.meta.origin.lon, 12);
  });
});

describe('EnergyMap follows hotEnergy', () => {
  const { city, grid } = testGrid();
  const counts = gridCounts(grid);

  it('is grey with no dots before the first state', () => {
    const em = new EnergyMap(city, grid);
    expect(em.sync(createHotEnergy(counts), 14)).toBe(true);
    expect(em.drawnVersion).toBe(0);
    expect([...em.lineColors.subarray(0, 3)]).toEqual([...NO_LOADING_COLOR]);
    expect(em.flowStats.dots).toBe(0);
  });

  it('colours sections by band, greys dead buses, lays out dots by on-screen length and direction', () => {
    expect(grid.busCount).toBeGreaterThanOrEqual(2);
    const hot = createHotEnergy(counts);
    const cols = createEnergyStateColumns(counts);
    cols.busVoltagePu.fill(1);
    cols.sectionLoadingPct.fill(10);
    cols.sectionFlowMw.fill(1);
    cols.sectionLoadingPct[0] = 92; // heavy
    cols.sectionLoadingPct[1] = 120; // overload, but the bus is dead
    cols.busVoltagePu[1] = 0;
    cols.hvLineLoadingPct[0] = 55;
    cols.hvLineFlowMw[0] = -20; // against hvFrom → hvTo
    cols.stationLoadMw.fill(25);
    cols.stationLoadingPct.fill(101);
    cols.storageMw[0] = -2; // charging
    cols.storageSocPct[0] = 40;
    hot.apply(1000, cols);
    const em = new EnergyMap(city, grid);
    const zoom = 15;
    expect(em.sync(hot, zoom)).toBe(true);
    expect(em.sync(hot, zoom)).toBe(false); // nothing changed: no work
    expect(em.drawnVersion).toBe(hot.version);
    const nh = grid.hvLineCount;
    const rgba = (e: number) => [...em.lineColors.subarray(e * 4, e * 4 + 4)];
    expect(rgba(0)).toEqual([...(LOADING_BANDS[1]?.color ?? []), 255]);
    expect(rgba(nh + 0)).toEqual([...(LOADING_BANDS[2]?.color ?? []), 235]);
    expect(rgba(nh + 1).slice(0, 3)).toEqual([...NO_LOADING_COLOR]);
    expect(rgba(nh + 2)).toEqual([...(LOADING_BANDS[0]?.color ?? []), 235]);
    expect([...em.stationColors.subarray(0, 3)]).toEqual([...(LOADING_BANDS[3]?.color ?? [])]);
    expect(em.stationRadiusPx[0]).toBe(11); // 3 + 1.6·√25
    // 2 MW: 3 + 1.6·√2 = 5.26 px, raised to the 7 px floor that leaves room inside the SoC ring
    expect(em.storageRadiusPx[0]).toBe(7);
    // expected dots: every live element with its on-screen length at zoom 15 (the dead bus has none)
    const mpp = metersPerPixel(zoom, city.meta.origin.lat);
    let expected = 0;
    for (let e = 0; e < em.lines.count; e++) {
      if (e === nh + 1) continue;
      expected += flowDotCount((em.lines.cumM[(em.lines.start[e + 1] as number) - 1] as number) / mpp);
    }
    expect(em.flowStats.dots).toBe(expected);
    expect(em.flowStats.dots).toBeGreaterThan(0);
    expect(em.animate(2.5)).toBe(true);
    expect(em.flowStats.frames).toBe(1);
    // a new state bumps the version and recolours
    cols.sectionLoadingPct[0] = 30;
    hot.apply(2000, cols);
    expect(em.sync(hot, zoom)).toBe(true);
    expect(rgba(nh + 0)).toEqual([...(LOADING_BANDS[0]?.color ?? []), 235]);
  });

  it('refuses a state of another grid model (grey, no dots)', () => {
    const hot = createHotEnergy({ ...counts, bus: counts.bus + 1 });
    const cols = createEnergyStateColumns(hot.counts);
    cols.sectionLoadingPct.fill(90);
    hot.apply(1, cols);
    const em = new EnergyMap(city, grid);
    em.sync(hot, 14);
    expect(em.drawnVersion).toBe(0);
    expect([...em.lineColors.subarray(grid.hvLineCount * 4, grid.hvLineCount * 4 + 3)]).toEqual([
      ...NO_LOADING_COLOR,
    ]);
  });

  it('maps picks to selections and places alarms (system-wide ones have no place)', () => {
    const em = new EnergyMap(city, grid);
    expect(em.selectionOf(ENERGY_LAYER.sections, 3)).toEqual({ kind: 'energy', asset: 'bus', index: 3 });
    expect(em.selectionOf(ENERGY_LAYER.hv, 0)).toEqual({ kind: 'energy', asset: 'hvLine', index: 0 });
    expect(em.selectionOf(ENERGY_LAYER.stations, 1)).toEqual({ kind: 'energy', asset: 'station', index: 1 });
    expect(em.selectionOf(ENERGY_LAYER.storage, 0)).toEqual({ kind: 'energy', asset: 'storage', index: 0 });
    expect(em.selectionOf(ENERGY_LAYER.pv, 0)).toEqual({ kind: 'energy', asset: 'pv', index: 0 });
    expect(em.selectionOf('links', 0)).toBeNull();
    const alarms = [
      { kind: 'sectionOverload', index: 0, value: 1.2, limit: 1 },
      { kind: 'undervoltage', index: 1, value: 0.9, limit: 0.93 },
      { kind: 'unserved', index: -1, value: 3, limit: 0 },
    ] as const;
    em.setAlarms(alarms);
    expect(em.alarmCount).toBe(2);
    expect(em.selectionOf(ENERGY_LAYER.alarms, 1)).toEqual({ kind: 'energy', asset: 'bus', index: 1 });
    const layers = em.layers({ grid: true, energyAssets: true, energyAlarms: true }, 0.6, 14);
    expect(layers.map((l) => l.id)).toContain(ENERGY_LAYER.alarms);
    const alarmProps = layers.find((l) => l.id === ENERGY_LAYER.alarms)?.props as { radiusScale?: number };
    expect(alarmProps.radiusScale).toBeCloseTo(1.6, 12);
  });

  it('highlights a selected section along its path, only while the grid layer is on', () => {
    const em = new EnergyMap(city, grid);
    const sel = { kind: 'energy', asset: 'bus', index: 2 } as const;
    const on = em.layers({ grid: true, energyAssets: true, energyAlarms: true }, 0, 14, sel);
    const hl = on.find((l) => l.id === 'energy-highlight')?.props as unknown as { data: number[][][] };
    const ll = em.sectionPaths.attributes.getPath.value;
    const v = em.sectionPaths.startIndices[2] as number;
    expect(hl.data[0]).toEqual([
      [ll[v * 2], ll[v * 2 + 1]],
      [ll[v * 2 + 2], ll[v * 2 + 3]],
    ]);
    const off = em.layers({ grid: false, energyAssets: true, energyAlarms: true }, 0, 14, sel);
    expect(off.some((l) => l.id === 'energy-highlight')).toBe(false);
    const station = em.layers({ grid: true, energyAssets: true, energyAlarms: true }, 0, 14, {
      kind: 'energy',
      asset: 'station',
      index: 0,
    });
    expect(station.some((l) => l.id === 'energy-highlight')).toBe(false);
  });
});
