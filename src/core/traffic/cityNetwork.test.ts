import { describe, expect, it } from 'vitest';
import { tinyCity } from '../../../tests/integration/fixtures.ts';
import { NO_INDEX } from '../scene/types.ts';
import {
  buildCityNetwork,
  convexHull,
  largestStrongComponent,
  minorApproachAlpha,
  signalAlpha,
  ZoneSource,
} from './cityNetwork.ts';
import { gatewayCity, testCity } from './cityTestFixtures.ts';

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
    // Link 0 (primary 0 → 1) meets the trunk 1 ⇄ 3 at node 1: a minor approach, α from the HCM two-way-stop delay,
    // 900·0.25·√(3600/3600/(450·0.25)) = 21.2132 s over t0 = 36 s → 0.589256. Link 4 (trunk 1 → 3) is major: 0.15.
    expect(net.alpha[0]).toBeCloseTo(21.2132034 / 36, 6);
    expect([net.alpha[4], net.beta[0]]).toEqual([0.15, 4]);
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

  it('adds a gateway zone where an arterial leaves the extent, after the internal zones', () => {
    const cn = buildCityNetwork(gatewayCity());
    // 2 km square → 2×2 regular cells; gateways at node 4 (0,1000) and node 6 (2000,1000), where the primary avenue
    // runs inward; node 7 (tertiary) and the corners (sides along the hull) are not gateways.
    expect([cn.zoneCount, cn.internalZoneCount]).toEqual([6, 4]);
    expect([...cn.zoneXY.subarray(8)]).toEqual([0, 1000, 2000, 1000]);
    expect([...cn.gatewayCapacityVph]).toEqual([1800, 1800]); // the avenue's inbound link, 1800 veh/h each
    expect([cn.zoneSceneIndex[4], cn.zoneDistrict[4], cn.zoneDistrict[5]]).toEqual([
      NO_INDEX,
      NO_INDEX,
      NO_INDEX,
    ]);
    // Gateway connectors come last: zone 4 → node 4, node 4 → zone 4, zone 5 → node 6, node 6 → zone 5 (50 m minimum).
    const L = cn.net.linkCount;
    const last = [L - 4, L - 3, L - 2, L - 1].map((l) => [cn.net.from[l], cn.net.to[l], cn.net.length[l]]);
    expect(last).toEqual([
      [4, 6 + 4, 50],
      [6 + 4, 4, 50],
      [5, 6 + 6, 50],
      [6 + 6, 5, 50],
    ]);
    // No internal zone connects to a gateway node (a trip would load no road link).
    for (let l = cn.roadLinkCount; l < L - 4; l++) {
      expect([10, 12]).not.toContain(cn.net.to[l]);
      expect([10, 12]).not.toContain(cn.net.from[l]);
    }
    expect(buildCityNetwork(gatewayCity(), { gateways: false }).zoneCount).toBe(4);
    // The tiny city's roads all run along its hull: no gateway.
    expect(buildCityNetwork(tinyCity()).internalZoneCount).toBe(4);
  });

  it('derives the BPR α of signalised and minor approaches from HCM 2010 control delay', () => {
    // Signal, C = 90 s, g/C = 0.45, c = 1215 veh/h, t0 = 18 s = 0.005 h:
    // d1(0) = 0.5·90·0.55² = 13.6125 s; d1(1) = 0.5·90·0.55 = 24.75 s; d2(1) = 900·0.25·√(4/(1215·0.25)) = 25.8199 s
    // α = (24.75 + 25.8199 − 13.6125) / 3600 / 0.005 = 2.05330.
    expect(signalAlpha(0.005, 0.45, 1215)).toBeCloseTo(36.9574 / 18, 4);
    // Two-way stop, c = 900 veh/h, t0 = 36 s: 900·0.25·√(4/112.5) = 42.4264 s → α = 1.17851.
    expect(minorApproachAlpha(0.01, 900)).toBeCloseTo(42.4264069 / 36, 6);
    // A long link barely notices one junction: never below the plain BPR 0.15.
    expect(minorApproachAlpha(1, 900)).toBe(0.15);
  });

  it('computes a convex hull (monotone chain)', () => {
    expect(convexHull([0, 0, 2, 0, 1, 1, 2, 2, 0, 2])).toEqual([0, 0, 2, 0, 2, 2, 0, 2]);
  });

  it('finds the largest strongly connected component', () => {
    // 0 ⇄ 1 ⇄ 2 is strongly connected; 3 is reachable from 2 but cannot come back.
    const from = Uint32Array.from([0, 1, 1, 2, 2]);
    const to = Uint32Array.from([1, 0, 2, 1, 3]);
    expect([...largestStrongComponent(4, from, to)]).toEqual([1, 1, 1, 0]);
  });
});
