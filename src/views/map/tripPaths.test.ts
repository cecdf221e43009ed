import { describe, expect, it } from 'vitest';
import { LinkFlag, type CityModel, type RoadNetwork } from '../../core/scene/types.ts';
import type { TripBatch } from '../../core/traffic/types.ts';
import { buildLinkPolylines, buildTripPaths, createVehicleSample, sampleVehicles } from './tripPaths.ts';

/**
 * A one-way L-shaped route, hand-made: link 0 (0,0)→(100,0) 100 m at 36 km/h free flow; link 1 (100,0)→(100,50)
 * →(100,100), 100 m in two 50 m pieces at 36 km/h. One-way links sit on the centreline (no side offset).
 */
function model(): CityModel {
  const roads: RoadNetwork = {
    nodeCount: 3,
    nodeXY: new Float32Array([0, 0, 100, 0, 100, 100]),
    nodeSignal: new Uint8Array([0, 1, 0]),
    linkCount: 2,
    linkFrom: new Uint32Array([0, 1]),
    linkTo: new Uint32Array([1, 2]),
    linkClass: new Uint8Array([2, 2]),
    lanes: new Uint8Array([1, 1]),
    capacityVph: new Float32Array([1800, 1800]),
    freeSpeedKph: new Float32Array([36, 36]),
    lengthM: new Float32Array([100, 100]),
    flags: new Uint8Array([LinkFlag.oneway, LinkFlag.oneway | LinkFlag.bridge]),
    geomStart: new Uint32Array([0, 2, 5]),
    geomXY: new Float32Array([0, 0, 100, 0, 100, 0, 100, 50, 100, 100]),
    linkWay: new Uint32Array([0, 1]),
    ways: [{ sourceId: 'w:1' }, { sourceId: 'w:2' }],
  };
  return { roads, terrain: null, meta: { origin: { lon: 121.5, lat: 31.2 } } } as unknown as CityModel;
}

const T0 = 1_700_000_000_000;

/** Trip 0 departs at T0: link 0 for 10 s (10 m/s = free flow), link 1 for 20 s (5 m/s = half free flow). */
function trips(): TripBatch {
  return {
    count: 2,
    tripId: new Uint32Array([7, 8]),
    departSimMs: new Float64Array([T0, T0 + 100_000]),
    linkStart: new Uint32Array([0, 2, 3]),
    links: new Uint32Array([0, 1, 1]),
    exitS: new Float32Array([10, 30, 20]),
  };
}

describe('buildLinkPolylines', () => {
  it('lon/lat offsets are metres over metres-per-degree; arc fractions and heights per vertex', () => {
    const l = buildLinkPolylines(model());
    // Link 1's middle vertex is 50 of its 100 m in.
    expect(Array.from(l.frac)).toEqual([0, 1, 0, 0.5, 1]);
    // Ribbon lift 0.5 m; the bridge link 6 m more (as buildRoadRibbons).
    expect(Array.from(l.zM)).toEqual([0.5, 0.5, 6.5, 6.5, 6.5]);
    // 100 m east at 31.2° N: N(φ) = 6,378,137 / √(1 − 0.00669438·sin²31.2°) = 6,383,873.6 m, × cos 31.2° × π/180
    // = 95,304.8 m per degree of longitude → 0.00104927°.
    expect(l.dLonLat[2]).toBeCloseTo(100 / 95_304.8, 8);
    expect(l.dLonLat[3]).toBe(0);
  });
});

describe('buildTripPaths', () => {
  const lines = buildLinkPolylines(model());

  it('concatenates the links with a timestamp per vertex, linear in arc length inside a link', () => {
    const p = buildTripPaths(trips(), lines, -Infinity, T0);
    expect(p.length).toBe(2);
    expect(Array.from(p.startIndices)).toEqual([0, 5, 8]);
    // Trip 0: link 0 from 0 s to 10 s, link 1 from 10 s (its 50 m vertex at 20 s) to 30 s.
    expect(Array.from(p.timestampsS.slice(0, 5))).toEqual([0, 10, 10, 20, 30]);
    // Trip 1 departs 100 s after the base and takes 20 s over link 1.
    expect(Array.from(p.timestampsS.slice(5))).toEqual([100, 110, 120]);
    // Speed ratios: link 0 at 100 m / 10 s = 36 km/h ÷ 36 = 1; link 1 at 100 m / 20 s = 18 km/h ÷ 36 = 0.5.
    expect(Array.from(p.ratio.slice(0, 5))).toEqual([1, 1, 0.5, 0.5, 0.5]);
    expect(p.endS).toBe(120);
  });

  it('drops links left before fromMs and trips that ended before it', () => {
    // 15 s after T0: trip 0 has left link 0 (at 10 s) but not link 1; trip 1 has not started.
    const p = buildTripPaths(trips(), lines, T0 + 15_000, T0);
    expect(Array.from(p.startIndices)).toEqual([0, 3, 6]);
    expect(Array.from(p.timestampsS.slice(0, 3))).toEqual([10, 20, 30]);
    // 125 s: both ended.
    expect(buildTripPaths(trips(), lines, T0 + 125_000, T0).length).toBe(0);
  });

  it('skips links outside the model instead of failing', () => {
    const t = { ...trips(), links: new Uint32Array([0, 99, 1]) };
    const p = buildTripPaths(t, lines, -Infinity, T0);
    expect(Array.from(p.startIndices)).toEqual([0, 2, 5]);
  });
});

describe('sampleVehicles', () => {
  const p = buildTripPaths(trips(), buildLinkPolylines(model()), -Infinity, T0);

  it('interpolates position and heading along the segment the clock is in', () => {
    const out = createVehicleSample(4);
    const cursor = new Uint32Array(p.length);
    // 5 s: trip 0 halfway along link 0 heading east; trip 1 not departed.
    expect(sampleVehicles(p, 5, cursor, out)).toBe(1);
    expect(Array.from(out.xyz.slice(0, 3))).toEqual([50, 0, 0.5]);
    expect(out.headingRad[0]).toBe(0);
    expect(out.ratio[0]).toBe(1);
    // 25 s: trip 0 at 75 m up link 1 (its 50→100 m piece from 20 s to 30 s), heading north, on the bridge.
    expect(sampleVehicles(p, 25, cursor, out)).toBe(1);
    expect(Array.from(out.xyz.slice(0, 3))).toEqual([100, 75, 6.5]);
    expect(out.headingRad[0]).toBeCloseTo(Math.PI / 2, 6); // float32 heading;
    expect(out.ratio[0]).toBe(0.5);
    // 110 s: trip 0 arrived (left out), trip 1 halfway along link 1.
    expect(sampleVehicles(p, 110, cursor, out)).toBe(1);
    expect(Array.from(out.xyz.slice(0, 2))).toEqual([100, 50]);
  });

  it('a clock that moved back resets the cursor', () => {
    const out = createVehicleSample(4);
    const cursor = new Uint32Array(p.length);
    sampleVehicles(p, 25, cursor, out);
    sampleVehicles(p, 5, cursor, out);
    expect(Array.from(out.xyz.slice(0, 2))).toEqual([50, 0]);
  });

  it('stops at the sample capacity', () => {
    const out = createVehicleSample(1);
    const both = buildTripPaths(
      { ...trips(), departSimMs: new Float64Array([T0, T0]) },
      buildLinkPolylines(model()),
      -Infinity,
      T0,
    );
    expect(sampleVehicles(both, 5, new Uint32Array(2), out)).toBe(1);
  });
});

describe('buildTripPaths horizon', () => {
  it('drops links entered after toMs (they are not needed before the next rebuild)', () => {
    // 5 s after T0 trip 0 is on link 0 and enters link 1 at 10 s: a window to 8 s keeps only link 0.
    const p = buildTripPaths(trips(), buildLinkPolylines(model()), T0 + 5_000, T0, T0 + 8_000);
    expect(p.length).toBe(1);
    expect(Array.from(p.timestampsS)).toEqual([0, 10]);
  });
});
