import { describe, expect, it } from 'vitest';
import { tinyCity } from '../../../tests/integration/fixtures.ts';
import { NO_INDEX } from '../scene/types.ts';
import { buildCityNetwork, largestStrongComponent, ZoneSource } from './cityNetwork.ts';
import { testCity } from './cityTestFixtures.ts';

describe('buildCityNetwork', () => {
  it('converts the tiny city without zones: a 2×2 regular grid, road links first, connectors after', () => {
    const cn = buildCityNetwork(tinyCity());
    // Extent 500 m → at least 2 cells per side of 250 m; each corner node lies in its own cell.
    expect(cn.zoneSource).toBe(ZoneSource.regularGrid);
    expect(cn.zoneCount).toBe(4);
    expect([...cn.zoneXY]).toEqual([125, 125, 375, 125, 125, 375, 375, 375]);
    const net = cn.net;
    expect(net.nodeCount).toBe(8);
    expect(net.firstThruNode).toBe(4);
    // 8 road links + 4 zones × 1 connector (the one node inside each cell) × 2 directions.
    expect(net.linkCount).toBe(8 + 8);
    expect(cn.connectorCount).toBe(8);
    // Road link 0 is scene link 0: node 0 → node 1, shifted by the 4 centroids.
    expect([net.from[0], net.to[0]]).toEqual([4, 5]);
    expect(net.capacity[0]).toBe(3600);
    expect(net.freeFlowTime[0]).toBeCloseTo(0.5 / 50, 15); // 500 m at 50 km/h, hours
    expect(net.freeFlowTime[4]).toBeCloseTo(0.5 / 80, 15); // trunk at 80 km/h
    expect([net.alpha[0], net.beta[0]]).toEqual([0.15, 4]);
    // Zone 0 (centre 125,125) ⇄ its node 0; zone 1 ⇄ node 1.
    expect([net.from[8], net.to[8], net.from[9], net.to[9]]).toEqual([0, 4, 4, 0]);
    expect([net.from[10], net.to[10]]).toEqual([1, 5]);
    expect(net.length[8]).toBeCloseTo(Math.hypot(125, 125), 9);
    expect(net.freeFlowTime[8]).toBeCloseTo(Math.hypot(125, 125) / 1000 / 20, 15);
    expect(net.alpha[8]).toBe(0); // connectors do not congest
  });

  it('uses districts as zones and maps zones ↔ scene zones and links → districts', () => {
    const cn = buildCityNetwork(testCity({ zones: 'districts' }));
    expect(cn.zoneSource).toBe(ZoneSource.districts);
    expect(cn.zoneCount).toBe(2);
    expect([...cn.zoneSceneIndex]).toEqual([0, 1]);
    expect([...cn.sceneZoneToZone]).toEqual([0, 1]);
    expect([...cn.zoneXY]).toEqual([120, 250, 380, 250]);
    expect([...cn.districts]).toEqual([0, 1]);
    expect([...cn.zoneDistrict]).toEqual([0, 1]);
    // Links 2, 3 run along x = 0 (west), links 4, 5 along x = 500 (east).
    expect([cn.linkDistrict[2], cn.linkDistrict[3], cn.linkDistrict[4], cn.linkDistrict[5]]).toEqual([
      0, 0, 1, 1,
    ]);
    // West zone: its two nodes 0 and 2 only (never a node of the east zone).
    const heads = [8, 10, 12, 14].map((l) => (cn.net.to[l] as number) - cn.zoneCount);
    expect(heads).toEqual([0, 2, 1, 3]);
    expect([cn.net.from[12], cn.net.from[14]]).toEqual([1, 1]);
  });

  it('uses grid cells when the scene has them, with their parent district', () => {
    const cn = buildCityNetwork(testCity({ zones: 'cells' }));
    expect(cn.zoneSource).toBe(ZoneSource.gridCells);
    expect([...cn.zoneSceneIndex]).toEqual([1, 2]);
    expect([...cn.sceneZoneToZone]).toEqual([NO_INDEX, 0, 1]);
    expect([...cn.zoneDistrict]).toEqual([0, 0]);
  });

  it('cuts the capacity of approaches into signalised nodes to g/C = 0.45', () => {
    const cn = buildCityNetwork(testCity({ signals: [3] }));
    // Links ending at node 3: 4 (1→3) and 6 (2→3).
    expect(cn.net.capacity[4]).toBeCloseTo(3600 * 0.45, 9);
    expect(cn.net.capacity[6]).toBeCloseTo(3600 * 0.45, 9);
    expect(cn.net.capacity[5]).toBe(3600);
    expect([cn.linkGreenRatio[4], cn.linkGreenRatio[5]]).toEqual([0.45, 1]);
    expect(cn.sceneCapacityVph[4]).toBe(3600);
  });

  it('finds the largest strongly connected component', () => {
    // 0 ⇄ 1 ⇄ 2 is strongly connected; 3 is reachable from 2 but cannot come back.
    const from = Uint32Array.from([0, 1, 1, 2, 2]);
    const to = Uint32Array.from([1, 0, 2, 1, 3]);
    expect([...largestStrongComponent(4, from, to)]).toEqual([1, 1, 1, 0]);
  });
});
