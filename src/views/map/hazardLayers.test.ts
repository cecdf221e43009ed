import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestCity } from '../../core/energy/city/testCity.ts';
import { emptyPois, emptyRoads } from '../../core/scene/empty.ts';
import { PoiKind, type CityModel } from '../../core/scene/types.ts';
import type { ActiveHazard, HazardSpec } from '../../core/hazards/types.ts';
import { createHotHazard } from '../../feed/hotHazard.ts';
import { DAMAGE_COLORS, FLOOD_BANDS, INTENSITY_LEVELS, evacClockM } from './hazardStyle.ts';
import {
  HZ_LAYER,
  HazardMap,
  NO_SOURCES,
  floodHoverText,
  type HazardSources,
  type HazardStoreState,
} from './hazardLayers.ts';

beforeAll(() => {
  // Node has no ImageData: the flood image only needs its pixel array.
  if (!('ImageData' in globalThis))
    (globalThis as Record<string, unknown>)['ImageData'] = class {
      readonly data: Uint8ClampedArray;
      constructor(
        readonly width: number,
        readonly height: number,
      ) {
        this.data = new Uint8ClampedArray(width * height * 4);
      }
    };
});

/** Three 20 m buildings, one 100 m road link along y = 0, one shelter POI at (50, 50). */
function city(): CityModel {
  const c = makeTestCity({
    assets: [],
    lines: [],
    buildings: [
      { x: 0, y: 100, sideM: 20, levels: 3, use: 0 },
      { x: 100, y: 100, sideM: 20, levels: 3, use: 0 },
      { x: 200, y: 100, sideM: 20, levels: 3, use: 0 },
    ],
  });
  return {
    ...c,
    roads: {
      ...emptyRoads(),
      nodeCount: 2,
      nodeXY: Float32Array.from([0, 0, 100, 0]),
      nodeSignal: new Uint8Array(2),
      linkCount: 1,
      linkFrom: Uint32Array.from([0]),
      linkTo: Uint32Array.from([1]),
      geomStart: Uint32Array.from([0, 2]),
      geomXY: Float32Array.from([0, 0, 100, 0]),
    },
    pois: {
      ...emptyPois(),
      count: 1,
      kind: Uint8Array.from([PoiKind.shelter]),
      xy: Float32Array.from([50, 50]),
      capacity: Uint32Array.from([100]),
    },
  };
}

const EMPTY: HazardStoreState = {
  hzVersion: 1,
  hzHazards: [],
  hzExposure: [],
  hzShelters: [],
  hzEvacuation: [],
  hzOutage: null,
  hzClosedLinks: [],
  hzHeat: null,
  hzFire: null,
};
const ALL = {
  flood: true,
  hazardIntensity: true,
  damage: true,
  exposure: true,
  shelters: true,
  evacuation: true,
  outage: true,
};

function quake(id: string): ActiveHazard {
  const spec: HazardSpec = { kind: 'earthquake', x: 0, y: 0, magnitude: 6.5, depthKm: 10 };
  return {
    id,
    kind: 'earthquake',
    spec,
    label: { zh: '地震', en: 'Earthquake' },
    triggeredMs: 0,
    onsetMs: 0,
    endMs: 0,
    phase: 'response',
    alertLevel: 4,
    alertSinceMs: 0,
    acknowledged: false,
    notified: [],
    headline: { label: { zh: 'PGA', en: 'PGA' }, value: 0.3, unit: 'g' },
    overMs: null,
  };
}

describe('HazardMap flood', () => {
  it('repaints only on a new frame, draws the wet cells in their band colours, hovers the depth', () => {
    const hot = createHotHazard();
    const m = new HazardMap(city());
    // 3 × 2 cells of 10 m centred from (5, 5); row 0 south: 0, 100, 600 mm; row 1: 0, 2000, 40 mm.
    hot.apply({
      seq: 1,
      simTimeMs: 0,
      nx: 3,
      ny: 2,
      x0: 5,
      y0: 5,
      cellM: 10,
      hazardNumber: 1,
      depthMm: Uint16Array.from([0, 100, 600, 0, 2000, 40]),
    });
    expect(m.syncFlood(hot)).toBe(true);
    expect(m.syncFlood(hot)).toBe(false);
    expect(m.stats.floodBuilds).toBe(1);
    expect(m.floodVersion).toBe(hot.version);
    expect(m.wetCells).toBe(3);
    const band = (b: number) => [...FLOOD_BANDS[b]!.color, FLOOD_BANDS[b]!.alpha];
    expect(m.floodColorAt(0)).toEqual([0, 0, 0, 0]);
    expect(m.floodColorAt(1)).toEqual(band(0)); // 0.1 m
    expect(m.floodColorAt(2)).toEqual(band(3)); // 0.6 m
    expect(m.floodColorAt(4)).toEqual(band(4)); // 2.0 m
    expect(m.floodColorAt(5)).toEqual([0, 0, 0, 0]); // 0.04 m: below 5 cm
    expect(m.floodColorAt(6)).toBeNull();
    // Hover: (25, 5) is cell 2 (0.6 m); (5, 5) is dry.
    expect(floodHoverText(hot, 25, 5, 'zh')).toBe('积水 0.60 m');
    expect(floodHoverText(hot, 15, 15, 'en')).toBe('Water depth 2.00 m');
    expect(floodHoverText(hot, 5, 5, 'zh')).toBeNull();
    const flood = m.layers(ALL, 0).ground.find((l) => l.id === HZ_LAYER.flood);
    expect(flood?.props.visible).toBe(true);
    expect(
      m.layers({ ...ALL, flood: false }, 0).ground.find((l) => l.id === HZ_LAYER.flood)?.props.visible,
    ).toBe(false);
    expect(m.probe(ALL, hot, 2)).toMatchObject({
      wetCells: 3,
      r: band(3)[0],
      a: band(3)[3],
      depthM: Math.fround(0.6),
      cellX: 25,
      cellY: 5,
    });
  });
});

describe('HazardMap store layers', () => {
  it('dashes closed links, gauges shelters, animates evacuation, and maps picks back to selections', () => {
    const m = new HazardMap(city());
    const st: HazardStoreState = {
      ...EMPTY,
      hzClosedLinks: [0, 7],
      hzShelters: [{ poi: 0, capacity: 100, occupants: 85, open: true }],
      hzEvacuation: [
        {
          id: 'E1',
          hazardId: 'HZ-0001',
          shelter: 0,
          people: 1250,
          fromX: 0,
          fromY: 0,
          path: [0, 0, 300, 400],
          lengthM: 500,
          timeS: 600,
        },
      ],
    };
    expect(m.sync(st, true)).toBe(true);
    expect(m.sync(st, true)).toBe(false);
    const c = m.counts(ALL);
    // 100 m link: dashes 0–24, 40–64, 80–100; link 7 does not exist.
    expect(c).toMatchObject({
      closedLinks: 1,
      closedDashes: 3,
      shelters: 1,
      sheltersOpen: 1,
      evacRoutes: 1,
      evacPeople: 1250,
    });
    expect(m.selectionOf(HZ_LAYER.closed, 2)).toEqual({ kind: 'link', index: 0 });
    expect(m.selectionOf(HZ_LAYER.shelterTrack, 0)).toEqual({ kind: 'poi', index: 0 });
    expect(m.selectionOf(HZ_LAYER.evacBase, 0)).toEqual({ kind: 'poi', index: 0 });
    expect(m.selectionOf('wo-orders', 0)).toBeNull();
    expect(m.hoverText(HZ_LAYER.shelterTrack, 0, 'zh')).toBe('避难场所 · 85 / 100 人（85%） · 开放');
    expect(m.hoverText(HZ_LAYER.evacBase, 0, 'en')).toBe('Evacuation route · 1250 people · 0.5 km · 10 min');
    expect(m.moving(ALL)).toBe(true);
    expect(m.moving({ ...ALL, evacuation: false })).toBe(false);
    const trips = m.layers(ALL, 2).top.find((l) => l.id === HZ_LAYER.evac);
    expect((trips?.props as unknown as Record<string, unknown> | undefined)?.['currentTime']).toBe(
      evacClockM(2, 500),
    );
  });

  it('draws intensity rings from the attenuation, the epicentre, and damage colours once per hazard', () => {
    let damageCalls = 0;
    const sources: HazardSources = {
      ...NO_SOURCES,
      // PGA = 1 / (1 + d): VI (0.0459 g) at 20.8 km … X (0.722 g) at 0.385 km — all five inside 100 km.
      pgaOf: () => (d) => 1 / (1 + d),
      damageOf: () => {
        damageCalls++;
        return Uint8Array.from([0, 2, 4]);
      },
    };
    const m = new HazardMap(city(), sources);
    const st = { ...EMPTY, hzHazards: [quake('HZ-0002')] };
    m.sync(st, true);
    const c = m.counts(ALL);
    expect(c).toMatchObject({ pgaRings: 5, epicentres: 1, damaged: 2, damage0: 1, damage2: 1, damage4: 1 });
    const rings = m.layers(ALL, 0).top.find((l) => l.id === HZ_LAYER.pga);
    const data = rings?.props.data as { radiusM: number }[];
    expect(data[1]!.radiusM).toBeCloseTo((1 / INTENSITY_LEVELS[1]!.minPgaG - 1) * 1000, 0);
    expect(Array.from(m.tint!.colors.subarray(8, 11))).toEqual([...DAMAGE_COLORS[4]!]);
    expect(m.selectionOf(HZ_LAYER.epicentre, 0)).toEqual({ kind: 'hazard', id: 'HZ-0002' });
    // A new store version with the same quake: no recomputation of damage.
    m.sync({ ...st, hzVersion: 2 }, true);
    expect(damageCalls).toBe(1);
    // Damage layer off: no tint.
    m.sync({ ...st, hzVersion: 3 }, false);
    expect(m.tint).toBeNull();
    expect(m.counts({ ...ALL, damage: false })['damaged']).toBe(0);
  });

  it('fills outage hulls with the MW shed, rings dark signals, draws the fire circle, risk and engine route', () => {
    const m = new HazardMap(city());
    m.sync(
      {
        ...EMPTY,
        hzOutage: {
          stations: [0],
          feeders: [3],
          areas: [{ feeder: 3, hull: [0, 0, 100, 0, 100, 100, 0, 100] }],
          buildings: 2,
          shedMw: 12.34,
          darkSignalNodes: [1, 99],
        },
        hzFire: {
          hazardId: 'HZ-0003',
          building: 0,
          spreadRisk: 2,
          buildingsAtRisk: [1, 2],
          spreadRadiusM: 120,
          station: 0,
          travelTimeS: 390,
          routePath: [500, 0, 250, 0, 0, 100],
          standardS: 300,
        },
      },
      true,
    );
    expect(m.counts(ALL)).toMatchObject({ outageAreas: 1, darkSignals: 1, fireAtRisk: 2, fireRoute: 1 });
    const top = m.layers(ALL, 0).top;
    const label = top.find((l) => l.id === HZ_LAYER.outageLabel)?.props.data as {
      text: string;
      position: number[];
    }[];
    // The label sits at the hull's centroid (50, 50) and says the load shed.
    expect(label[0]!.text).toBe('12.3 MW');
    const fire = top.find((l) => l.id === HZ_LAYER.fireLabel)?.props.data as {
      text: string;
      color: number[];
    }[];
    // 390 s = 6.5 min against the 5 min standard: late, in red.
    expect(fire[0]!.text).toBe('6.5 / 5 min');
    expect(fire[0]!.color).toEqual([255, 59, 48, 255]);
    expect(m.selectionOf(HZ_LAYER.fireRadius, 0)).toEqual({ kind: 'hazard', id: 'HZ-0003' });
    expect(m.hoverText(HZ_LAYER.fireRadius, 0, 'en')).toBe('Fire spread radius 120 m · 2 buildings at risk');
    expect(m.hoverText(HZ_LAYER.outage, 0, 'zh')).toBe('停电区域 · 馈线 3');
  });
});
