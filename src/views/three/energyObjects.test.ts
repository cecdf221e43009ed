import { describe, expect, it } from 'vitest';
import { BuildingRole, PowerKind, type Buildings, type Terrain } from '../../core/scene/types.ts';
import { buildGridModel } from '../../core/energy/city/gridModel.ts';
import { makeTestCity } from '../../core/energy/city/testCity.ts';
import { NO_DATA } from '../../app/palette.ts';
import {
  DRAPE_STEP_M,
  FEEDER_LIFT_M,
  HV_LIFT_M,
  PV_BRIGHT,
  PV_DARK,
  buildFeederSegments,
  buildHvSegments,
  insideFootprint,
  loadingGlow,
  matchPvToBuildings,
  paintLineColors,
  pvColor,
  pvFieldSideM,
  pvUnitXY,
  roofPanel,
  socFill,
  stationYardSideM,
  storageBlockSideM,
  type GridLineSegments,
} from './energyObjects.ts';

/** Buildings from explicit outer rings (x, y pairs), heights and roles. */
function buildingsOf(rings: number[][], heightM: number[], role?: number[]): Buildings {
  const n = rings.length;
  const ringStart = [0];
  for (const r of rings) ringStart.push((ringStart[ringStart.length - 1] as number) + r.length / 2);
  return {
    count: n,
    polyStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
    ringStart: Uint32Array.from(ringStart),
    xy: Float32Array.from(rings.flat()),
    heightM: Float32Array.from(heightM),
    minHeightM: new Float32Array(n),
    baseZM: new Float32Array(n),
    levels: new Uint16Array(n),
    use: new Uint8Array(n),
    heightSource: new Uint8Array(n),
    areaM2: new Float32Array(n),
    sourceId: rings.map((_, i) => `t:${i}`),
    names: new Map(),
    ...(role ? { role: Uint8Array.from(role) } : {}),
  };
}

const square = (cx: number, cy: number, side: number) => {
  const h = side / 2;
  return [cx - h, cy - h, cx + h, cy - h, cx + h, cy + h, cx - h, cy + h];
};

describe('loading glow', () => {
  it('glow: 0.1 up to 30 %, linear to 1 at 100 %, capped above; NaN draws nothing', () => {
    expect(loadingGlow(0)).toBe(0.1);
    expect(loadingGlow(30)).toBe(0.1);
    // 65 %: halfway from 30 to 100 → 0.1 + 0.9 × 0.5 = 0.55.
    expect(loadingGlow(65)).toBeCloseTo(0.55, 12);
    expect(loadingGlow(100)).toBe(1);
    expect(loadingGlow(180)).toBe(1);
    expect(loadingGlow(Number.NaN)).toBe(0);
  });
});

describe('SoC gauge', () => {
  it('fill share is SoC ÷ 100, clamped to 0…1', () => {
    expect(socFill(45)).toBe(0.45);
    expect(socFill(-3)).toBe(0);
    expect(socFill(120)).toBe(1);
    expect(socFill(Number.NaN)).toBe(0);
  });
});

describe('sizes from ratings', () => {
  it('substation yard: 60 m × √(MVA/100), 30–160 m', () => {
    expect(stationYardSideM(100)).toBe(60);
    expect(stationYardSideM(400)).toBe(120);
    // 540 MVA (the default scene's 220 kV import point): 60 × √5.4 = 139.43 m.
    expect(stationYardSideM(540)).toBeCloseTo(139.427, 3);
    expect(stationYardSideM(10)).toBe(30); // 18.97 → floor
    expect(stationYardSideM(0)).toBeCloseTo(42.426, 3); // unknown rating: 50 MVA
    expect(stationYardSideM(1000)).toBe(160);
  });
  it('storage block: √(12 m²/MWh × MWh), ≥ 12 m; PV field: √(22,000 m²/MW × MW), ≥ 20 m', () => {
    expect(storageBlockSideM(80)).toBeCloseTo(30.984, 3); // √960
    expect(storageBlockSideM(3)).toBe(12); // √36 = 6 → floor
    expect(pvFieldSideM(1)).toBeCloseTo(148.324, 3); // √22000
    expect(pvFieldSideM(0.01)).toBe(20); // 14.8 → floor
  });
});

describe('rooftop PV', () => {
  it('point in footprint (even-odd on the outer ring)', () => {
    const b = buildingsOf([square(0, 0, 20)], [9]);
    expect(insideFootprint(b, 0, 5, 5)).toBe(true);
    expect(insideFootprint(b, 0, 9.9, -9.9)).toBe(true);
    expect(insideFootprint(b, 0, 10.1, 0)).toBe(false);
  });

  it('matches a unit to the footprint containing it (highest roof), else the nearest centroid within 30 m', () => {
    const b = buildingsOf(
      [square(0, 0, 20), square(100, 0, 40), square(2, 2, 6), square(300, 0, 10)],
      [9, 12, 30, 40],
      [BuildingRole.whole, BuildingRole.whole, BuildingRole.part, BuildingRole.outline],
    );
    // (1, 1) lies in buildings 0 and 2: 2's roof (30 m) is higher. (125, 0): outside 1 (80…120) but 25 m from its
    // centroid. (150, 0): 50 m from the nearest centroid → standalone. (300, 0): only an outline there → skipped.
    const xy = [1, 1, -5, -5, 125, 0, 150, 0, 300, 0];
    expect([...matchPvToBuildings(b, xy, 5)]).toEqual([2, 0, 1, -1, -1]);
    expect([...matchPvToBuildings(b, xy, 0)]).toEqual([]);
  });

  it('roof panel: along the longest edge, the ring extent × 0.8 per side, at roof height', () => {
    // Axis-aligned 20 m square, 9 m tall: centre (0, 0), 16 m × 16 m, roof 9 m.
    const out = [0, 0, 0, 0, 0, 0];
    roofPanel(buildingsOf([square(0, 0, 20)], [9]), 0, out);
    expect(out).toEqual([0, 0, 0, 16, 16, 9]);
    // A 40 m × 10 m rectangle rotated 30° about (100, 50): long axis 30°, panel 32 m × 8 m centred there.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const ring: number[] = [];
    for (const [u, v] of [
      [-20, -5],
      [20, -5],
      [20, 5],
      [-20, 5],
    ] as const)
      ring.push(100 + u * c - v * s, 50 + u * s + v * c);
    roofPanel(buildingsOf([ring], [21]), 0, out);
    expect(out[0]).toBeCloseTo(100, 3);
    expect(out[1]).toBeCloseTo(50, 3);
    expect(out[2]).toBeCloseTo(Math.PI / 6, 5);
    expect(out[3]).toBeCloseTo(32, 3);
    expect(out[4]).toBeCloseTo(8, 3);
    expect(out[5]).toBe(21);
  });

  it('panel colour: dark blue at no output, bright blue at rating, NO_DATA without a state', () => {
    const out = [0, 0, 0];
    pvColor(0, out);
    expect(out).toEqual([...PV_DARK]);
    pvColor(1.4, out);
    expect(out).toEqual([...PV_BRIGHT]);
    // Half output: midpoint of [20, 40, 90] and [90, 190, 255] = [55, 115, 172.5 → 173].
    pvColor(0.5, out);
    expect(out).toEqual([55, 115, 173]);
    pvColor(Number.NaN, out);
    expect(out).toEqual([...NO_DATA]);
  });
});

/** A city with an import point, one substation 1 km east joined by a bent 110 kV line, and loads and PV near it. */
function lineCity() {
  const city = makeTestCity({
    assets: [
      { kind: PowerKind.import, x: 0, y: 0, ratingMW: 200, voltageKV: 220 },
      { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 63, voltageKV: 110 },
      { kind: PowerKind.pv, x: 1300, y: 200, ratingMW: 0.2 },
      { kind: PowerKind.pv, x: 2000, y: -600, ratingMW: 1 },
    ],
    lines: [{ kv: 110, xy: [0, 0, 500, 300, 1000, 0], from: 0, to: 1 }],
    buildings: [
      { x: 1300, y: 200, sideM: 30, levels: 6, use: 1 },
      { x: 1400, y: -300, sideM: 30, levels: 6, use: 1 },
      { x: 700, y: -400, sideM: 30, levels: 6, use: 1 },
    ],
  });
  // Terrain: a plane rising 1 m per 100 m eastwards (cells of 1 km; sampleTerrain is bilinear, so exact).
  const terrain: Terrain = {
    nx: 3,
    ny: 2,
    x0: 0,
    y0: -1000,
    cellM: 1000,
    heightM: Float32Array.of(0, 10, 20, 0, 10, 20),
  };
  return { ...city, terrain };
}

describe('grid line segments draped on the terrain', () => {
  const city = lineCity();
  const grid = buildGridModel(city);

  it('HV line follows the scene geometry in ≤ 100 m pieces, 4 m above the terrain', () => {
    expect(grid.hvLineCount).toBe(1);
    expect(grid.hvSceneLine[0]).toBe(0);
    const seg = buildHvSegments(city, grid);
    // Two legs of √(500² + 300²) = 583.1 m → 6 pieces each.
    expect(seg.count).toBe(12);
    expect([...seg.element]).toEqual(new Array(12).fill(0));
    const p = seg.positions;
    // First piece: (0, 0) → (500/6, 300/6) = (83.33, 50); ground 0 and 0.8333 m; three z = −north.
    expect(p[0]).toBe(0);
    expect(p[1]).toBeCloseTo(HV_LIFT_M, 5);
    expect(p[2]).toBeCloseTo(0, 5);
    expect(p[3]).toBeCloseTo(83.333, 3);
    expect(p[4]).toBeCloseTo(HV_LIFT_M + 0.83333, 4);
    expect(p[5]).toBeCloseTo(-50, 4);
    // Last piece ends at the substation (1000, 0), ground 10 m.
    expect([p[69], p[70], p[71]].map((v) => Math.round((v as number) * 1000) / 1000 + 0)).toEqual([
      1000,
      10 + HV_LIFT_M,
      0,
    ]);
    // Every piece is at most DRAPE_STEP_M long.
    for (let s = 0; s < seg.count; s++) {
      const dx = (p[s * 6 + 3] as number) - (p[s * 6] as number);
      const dz = (p[s * 6 + 5] as number) - (p[s * 6 + 2] as number);
      expect(Math.sqrt(dx * dx + dz * dz)).toBeLessThanOrEqual(DRAPE_STEP_M + 1e-3);
    }
  });

  it('feeder sections run from the parent bus (or the station busbar) to the bus, 2 m above the terrain', () => {
    expect(grid.busCount).toBeGreaterThan(0);
    const seg = buildFeederSegments(city, grid);
    const p = seg.positions;
    for (let i = 0; i < grid.busCount; i++) {
      const first = seg.element.indexOf(i);
      const last = seg.element.lastIndexOf(i);
      expect(first, `bus ${i} has segments`).toBeGreaterThanOrEqual(0);
      const par = grid.busParent[i] as number;
      const sx = par >= 0 ? grid.busX[par] : grid.stationX[grid.busStation[i] as number];
      expect(p[first * 6]).toBeCloseTo(sx as number, 2);
      expect(p[last * 6 + 3]).toBeCloseTo(grid.busX[i] as number, 2);
      expect(p[last * 6 + 5]).toBeCloseTo(-(grid.busY[i] as number), 2);
      // Ground at the bus: x / 100 m on this plane (x within 0…2000 m).
      expect(p[last * 6 + 4]).toBeCloseTo((grid.busX[i] as number) / 100 + FEEDER_LIFT_M, 2);
    }
  });

  it('PV units: the one on a roof matches that building, the field far from buildings stays standalone', () => {
    const xy = pvUnitXY(city, grid);
    expect(grid.pv.count).toBe(2);
    expect([...xy]).toEqual([1300, 200, 2000, -600]);
    expect([...matchPvToBuildings(city.buildings, xy, 2)]).toEqual([0, -1]);
  });
});

describe('paintLineColors', () => {
  it('writes band colours (0…1) to core and band colour × glow to glow, per segment end; returns the top band', () => {
    const seg: GridLineSegments = {
      positions: new Float32Array(18),
      element: Int32Array.of(0, 1, 2),
      count: 3,
    };
    const core = new Float32Array(18);
    const glow = new Float32Array(18);
    const top = paintLineColors(seg, Float32Array.of(30, 120, Number.NaN), core, glow, [0, 0, 0]);
    expect(top).toBe(3);
    // Segment 0: 30 % → light-band green [40, 210, 110] (energyStyle.ts), glow 0.1.
    expect([...core.subarray(0, 6)].map((v) => Math.round(v * 255))).toEqual([40, 210, 110, 40, 210, 110]);
    expect(glow[0]).toBeCloseTo((40 / 255) * 0.1, 6);
    expect(glow[4]).toBeCloseTo((210 / 255) * 0.1, 6);
    // Segment 1: 120 % → overload red [240, 40, 50] (energyStyle.ts) at full glow.
    expect([...core.subarray(6, 9)].map((v) => Math.round(v * 255))).toEqual([240, 40, 50]);
    expect(glow[6]).toBeCloseTo(240 / 255, 6);
    // Segment 2: no data → grey core, no glow.
    expect([...core.subarray(12, 15)].map((v) => Math.round(v * 255))).toEqual([...NO_DATA]);
    expect([...glow.subarray(12, 18)]).toEqual([0, 0, 0, 0, 0, 0]);
    // No state at all: everything grey, top band −1.
    expect(paintLineColors(seg, null, core, glow, [0, 0, 0])).toBe(-1);
  });
});
