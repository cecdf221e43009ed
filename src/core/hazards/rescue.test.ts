import { describe, expect, it } from 'vitest';
import { makeTestCity } from '../energy/city/testCity.ts';
import { PoiKind, RoadClass } from '../scene/types.ts';
import type { CityModel, FeatureName, RoadNetwork } from '../scene/types.ts';
import {
  FIRE_ENGINES_PER_STATION,
  PUMP_UNITS_PER_DEPOT,
  RESCUE_TEAMS_PER_STATION,
  assignRescue,
  releaseRescue,
  rescueFleet,
  type RescueTask,
} from './rescue.ts';

/**
 * Road grid (as fire.test.ts): nodes id = 3j + i at (500 i, 500 j), i, j = 0..2; links both ways, 500 m each;
 * 72 km/h (25 s) on the bottom row (j = 0) and the right column (i = 2), 36 km/h (50 s) elsewhere.
 */
function grid(): RoadNetwork {
  const nodeXY: number[] = [];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) nodeXY.push(500 * i, 500 * j);
  const from: number[] = [];
  const to: number[] = [];
  const speed: number[] = [];
  const add = (a: number, b: number, fast: boolean): void => {
    from.push(a, b);
    to.push(b, a);
    speed.push(fast ? 72 : 36, fast ? 72 : 36);
  };
  for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) add(3 * j + i, 3 * j + i + 1, j === 0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) add(3 * j + i, 3 * (j + 1) + i, i === 2);
  const L = from.length;
  const geomXY: number[] = [];
  for (let l = 0; l < L; l++)
    geomXY.push(
      nodeXY[2 * from[l]!]!,
      nodeXY[2 * from[l]! + 1]!,
      nodeXY[2 * to[l]!]!,
      nodeXY[2 * to[l]! + 1]!,
    );
  return {
    nodeCount: 9,
    nodeXY: Float32Array.from(nodeXY),
    nodeSignal: new Uint8Array(9),
    linkCount: L,
    linkFrom: Uint32Array.from(from),
    linkTo: Uint32Array.from(to),
    linkClass: new Uint8Array(L).fill(RoadClass.secondary),
    lanes: new Uint8Array(L).fill(2),
    capacityVph: new Float32Array(L).fill(1800),
    freeSpeedKph: Float32Array.from(speed),
    lengthM: new Float32Array(L).fill(500),
    flags: new Uint8Array(L),
    geomStart: Uint32Array.from({ length: L + 1 }, (_, l) => 2 * l),
    geomXY: Float32Array.from(geomXY),
    linkWay: new Uint32Array(L),
    ways: [{ sourceId: 'w:1' }],
  };
}

const link = (r: RoadNetwork, a: number, b: number): number => {
  for (let l = 0; l < r.linkCount; l++) if (r.linkFrom[l] === a && r.linkTo[l] === b) return l;
  throw new Error(`no link ${a}→${b}`);
};

/** POIs: 0 fire station by node 0, 1 hospital (120 beds) at node 4, 2 fire station at node 8, 3 pumping station at node 6. */
function city(): CityModel {
  const base = makeTestCity({ assets: [], lines: [], buildings: [] });
  return {
    ...base,
    roads: grid(),
    pois: {
      count: 4,
      kind: Uint8Array.of(PoiKind.fireStation, PoiKind.hospital, PoiKind.fireStation, PoiKind.pumpingStation),
      xy: Float32Array.of(-20, 10, 500, 500, 1000, 1000, 0, 1000),
      capacity: Uint32Array.of(0, 120, 0, 0),
      sourceId: ['p:f0', 'p:h', 'p:f1', 'p:pump'],
      names: new Map<number, FeatureName>(),
    },
  };
}

const T = 1_772_400_000_000;
const T2 = (s: string): { zh: string; en: string } => ({ zh: s, en: s });

describe('rescueFleet', () => {
  it('bases engines and rescue teams at fire stations, ambulances at hospitals, pumps at pumping stations', () => {
    const f = rescueFleet(city());
    // 4 + 1 at station 0; round(120 / 50) = 2 ambulances; 4 + 1 at station 2; 8 pumps.
    expect(f.map((u) => `${u.kind}@${u.basePoi}:${u.node}`)).toEqual([
      ...Array<string>(FIRE_ENGINES_PER_STATION).fill('fireEngine@0:0'),
      ...Array<string>(RESCUE_TEAMS_PER_STATION).fill('rescueTeam@0:0'),
      'ambulance@1:4',
      'ambulance@1:4',
      ...Array<string>(FIRE_ENGINES_PER_STATION).fill('fireEngine@2:8'),
      ...Array<string>(RESCUE_TEAMS_PER_STATION).fill('rescueTeam@2:8'),
      ...Array<string>(PUMP_UNITS_PER_DEPOT).fill('pumpUnit@3:6'),
    ]);
  });
});

describe('assignRescue', () => {
  const tasks: RescueTask[] = [
    // Given in reverse priority order: the fire (priority 1e9) is served first.
    {
      key: 'b',
      priority: 5,
      x: 0,
      y: 500,
      task: T2('collapse'),
      needs: [
        ['rescueTeam', 1],
        ['ambulance', 1],
      ],
      cause: 'c:b',
    },
    {
      key: 'a',
      priority: 1e9,
      x: 1000,
      y: 0,
      task: T2('fire'),
      needs: [
        ['fireEngine', 3],
        ['rescueTeam', 1],
        ['ambulance', 1],
      ],
      cause: 'c:a',
    },
    { key: 'c', priority: 1, x: 1000, y: 500, task: T2('flood'), needs: [['pumpUnit', 2]], cause: 'c:c' },
  ];

  it('sends the nearest free unit by travel time, ties to the lower unit, with exact ETAs', () => {
    const c = city();
    const fleet = rescueFleet(c);
    const out = assignRescue(c, fleet, tasks, null, null, 'HZ-0001', T, 1);
    // Fire at node 2: both stations 50 s away (0→1→2 and 8→5→2, 25 s links) → station 0's units (lower index).
    // Ambulance from node 4: 4→5→2 = 50 + 25 = 75 s. Collapse at node 3: station 0's rescue team is busy; station 2's
    // 8→5→4→3 = 25 + 50 + 50 = 125 s; the second ambulance 4→3 = 50 s. Pumps at node 6 to node 5: 6→7→8→5 =
    // 50 + 50 + 25 = 125 s (6→3→4→5 = 150 s).
    expect(
      out.map((d) => [d.assignment.id, d.assignment.kind, d.unit, d.assignment.travelTimeS, d.cause]),
    ).toEqual([
      ['HZ-0001/R01', 'fireEngine', 0, 50, 'c:a'],
      ['HZ-0001/R02', 'fireEngine', 1, 50, 'c:a'],
      ['HZ-0001/R03', 'fireEngine', 2, 50, 'c:a'],
      ['HZ-0001/R04', 'rescueTeam', 4, 50, 'c:a'],
      ['HZ-0001/R05', 'ambulance', 5, 75, 'c:a'],
      ['HZ-0001/R06', 'rescueTeam', 11, 125, 'c:b'],
      ['HZ-0001/R07', 'ambulance', 6, 50, 'c:b'],
      ['HZ-0001/R08', 'pumpUnit', 12, 125, 'c:c'],
      ['HZ-0001/R09', 'pumpUnit', 13, 125, 'c:c'],
    ]);
    const a = out[0]!.assignment;
    expect(a).toMatchObject({
      hazardId: 'HZ-0001',
      basePoi: 0,
      x: 1000,
      y: 0,
      assignedMs: T,
      arriveMs: T + 50_000,
    });
    expect(a.path).toEqual([0, 0, 500, 0, 1000, 0]);
    expect(out[5]!.assignment.basePoi).toBe(2);
    expect(fleet.filter((u) => u.busyFor === 'HZ-0001')).toHaveLength(9);
    // No free ambulance left: a further task gets no ambulance.
    expect(assignRescue(c, fleet, [tasks[0]!], null, null, 'HZ-0002', T, 1)).toEqual([]);
    expect(releaseRescue(fleet, 'HZ-0001')).toBe(9);
    expect(fleet.every((u) => u.busyFor === null)).toBe(true);
  });

  it('avoids closed links and uses the current link times', () => {
    const c = city();
    const r = c.roads;
    const closed = new Uint8Array(r.linkCount);
    closed[link(r, 4, 3)] = 1;
    // Ambulance 4→3 closed: 4→1→0→3 = 50 + 25 + 50 = 125 s.
    const out = assignRescue(c, rescueFleet(c), [tasks[0]!], null, closed, 'HZ-0001', T, 7);
    expect(out.map((d) => [d.assignment.id, d.assignment.kind, d.assignment.travelTimeS])).toEqual([
      ['HZ-0001/R07', 'rescueTeam', 50], // station 0 → node 3: 0→3 = 50 s
      ['HZ-0001/R08', 'ambulance', 125],
    ]);
    // Congestion on 0→3 (200 s): station 0's team now goes 0→1→4→3? 25 + 50 + 50 = 125; station 2's also 125 → unit 4.
    const times = new Float32Array(r.linkCount).fill(Number.NaN);
    times[link(r, 0, 3)] = 200;
    const slow = assignRescue(c, rescueFleet(c), [tasks[0]!], times, null, 'HZ-0001', T, 1);
    expect(slow.map((d) => [d.unit, d.assignment.travelTimeS, d.assignment.arriveMs - T])).toEqual([
      [4, 125, 125_000],
      [5, 50, 50_000],
    ]);
  });

  it('refuses arrays shorter than the network', () => {
    const c = city();
    expect(() => assignRescue(c, rescueFleet(c), tasks, new Float32Array(3), null, 'HZ-0001', T, 1)).toThrow(
      /linkTimeS has 3 entries, the network 24/,
    );
  });
});
