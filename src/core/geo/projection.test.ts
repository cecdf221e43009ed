import { describe, expect, it } from 'vitest';
import { createLocalFrame, haversineM, localM, lonLat } from './projection.ts';

describe('createLocalFrame', () => {
  // Length of one degree on the WGS84 ellipsoid, from the standard table (e.g. Wikipedia "Latitude", section
  // "Length of a degree", computed from the same M and N radii): [latitude, m per ° latitude, m per ° longitude].
  const published: [number, number, number][] = [
    [0, 110574, 111320],
    [30, 110852, 96486],
    [45, 111132, 78847],
    [60, 111412, 55800],
  ];
  it.each(published)('at %d° a degree is %d m north and %d m east', (lat, mLat, mLon) => {
    const f = createLocalFrame(lonLat(121, lat));
    expect(Math.abs(f.mPerDegLat - mLat)).toBeLessThan(1);
    expect(Math.abs(f.mPerDegLon - mLon)).toBeLessThan(1);
  });

  it('puts the origin at 0,0 and is exactly invertible', () => {
    const f = createLocalFrame(lonLat(121.5005, 31.2387));
    expect(f.toLocal(lonLat(121.5005, 31.2387))).toEqual([0, 0]);
    const p = f.toLonLat(localM(-4321.5, 2876.25));
    const back = f.toLocal(p);
    expect(back[0]).toBeCloseTo(-4321.5, 6);
    expect(back[1]).toBeCloseTo(2876.25, 6);
  });

  it('keeps the scale error below 0.15 % within 10 km of the origin (as documented)', () => {
    // A 1 km east-west segment 10 km north of the origin, measured in the scene frame and in a frame anchored at
    // the segment itself (where the projection is exact to first order). The difference is cos φ1 / cos φ0 − 1
    // ≈ tan φ0 · Δφ = tan 31.24° × (10 km / 6.35e6 m) ≈ 0.096 %.
    const origin = lonLat(121.5005, 31.2387);
    const f = createLocalFrame(origin);
    const a = f.toLonLat(localM(0, 10000));
    const b = f.toLonLat(localM(1000, 10000));
    const g = createLocalFrame(a);
    const local = g.toLocal(b);
    const err = Math.abs(Math.hypot(local[0], local[1]) - 1000) / 1000;
    expect(err).toBeGreaterThan(0.0009);
    expect(err).toBeLessThan(0.0015);
  });

  it('array transforms match the scalar ones without allocating per point', () => {
    const f = createLocalFrame(lonLat(120.9, 31.1));
    const ll = new Float64Array([120.91, 31.105, 120.88, 31.09]);
    const xy = new Float64Array(4);
    f.toLocalArray(ll, xy);
    expect(xy[0]).toBeCloseTo(f.toLocal(lonLat(120.91, 31.105))[0], 9);
    expect(xy[3]).toBeCloseTo(f.toLocal(lonLat(120.88, 31.09))[1], 9);
    const back = new Float64Array(4);
    f.toLonLatArray(xy, back);
    expect(back[2]).toBeCloseTo(120.88, 12);
  });

  it('rejects an origin that is not lon/lat', () => {
    expect(() => createLocalFrame(lonLat(447000, 3456000))).toThrow(/not a valid lon\/lat/);
  });
});

describe('haversineM', () => {
  it('one degree of longitude on the equator is 2πR/360 on the mean sphere', () => {
    expect(haversineM(lonLat(0, 0), lonLat(1, 0))).toBeCloseTo((2 * Math.PI * 6371008.8) / 360, 3);
  });
});
