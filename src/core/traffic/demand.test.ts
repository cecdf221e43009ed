import { describe, expect, it } from 'vitest';
import { buildCityNetwork } from './cityNetwork.ts';
import { gatewayCity, testCity } from './cityTestFixtures.ts';
import {
  buildDemandModel,
  CAR_MODE_SHARE,
  CAR_OCCUPANCY,
  DEMAND_CALIBRATION,
  demandAt,
  EMPLOYED_PER_RESIDENT,
  THROUGH_SHARE,
  furness,
  hourlyShare,
  NHTS_WEDNESDAY,
  PERSON_TRIPS_PER_RESIDENT,
  purposeShares,
  zoneLandUse,
} from './demand.ts';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);

describe('zoneLandUse', () => {
  it('counts residents (40 m²/person) and jobs (20 m²/office job) from floor area', () => {
    const city = testCity();
    const lu = zoneLandUse(city, buildCityNetwork(city));
    // West: 400 m² homes → 10 residents; unknown 160 m² → half homes (80/40 = 2), half offices (80/20 = 4 jobs).
    // East: 1000 m² offices → 50 jobs.
    expect([...lu.residents]).toEqual([12, 0]);
    expect([...lu.jobs]).toEqual([4, 50]);
    expect(lu.isFallback).toBe(false);
  });
});

describe('furness', () => {
  it('reproduces T_ij = O_i·D_j / T when deterrence is uniform (one step)', () => {
    const r = furness(
      Float64Array.from([100, 300]),
      Float64Array.from([200, 200]),
      new Float64Array(4).fill(1),
    );
    expect([...r.trips]).toEqual([50, 50, 150, 150]);
    expect(r.maxRelError).toBe(0);
  });
  it('balances rows and columns to their targets with a non-uniform deterrence', () => {
    const O = Float64Array.from([120, 80, 50]);
    const D = Float64Array.from([60, 90, 100]);
    const f = Float64Array.from([0, 0.5, 0.2, 0.5, 0, 0.9, 0.2, 0.9, 0]);
    const { trips } = furness(O, D, f);
    for (let i = 0; i < 3; i++)
      expect(trips[i * 3]! + trips[i * 3 + 1]! + trips[i * 3 + 2]!).toBeCloseTo(O[i]!, 6);
    for (let j = 0; j < 3; j++) expect(trips[j]! + trips[3 + j]! + trips[6 + j]!).toBeCloseTo(D[j]!, 6);
    expect(trips[0]).toBe(0); // intrazonal stays 0
  });
});

describe('time of day', () => {
  it('hourly shares follow the 2001 NHTS weekday profile and sum to 1 over the day', () => {
    // Table NT-3, Wednesday: 50,683 trips in all; 07:00–08:00 has 3,893.
    expect(hourlyShare(7.5)).toBeCloseTo(3893 / 50683, 15);
    expect(hourlyShare(3.5)).toBeCloseTo(36 / 50683, 15);
    expect(hourlyShare(8)).toBeCloseTo((3893 + 2994) / 2 / 50683, 15);
    expect(sum(NHTS_WEDNESDAY)).toBe(50683);
    let s = 0;
    for (let h = 0; h < 24; h++) s += hourlyShare(h + 0.5);
    expect(s).toBeCloseTo(1, 12);
    expect(purposeShares(8)[0]).toBeCloseTo(0.6 - 0.35 * 0.25, 12); // 0.6 at 07:30 → 0.25 at 09:30
  });

  it('sends homes → jobs in the morning and jobs → homes in the evening; totals = daily × hourly share', () => {
    const city = testCity();
    const dm = buildDemandModel(city, buildCityNetwork(city));
    expect(dm.dailyVehicleTrips).toBeCloseTo(
      ((12 * PERSON_TRIPS_PER_RESIDENT * CAR_MODE_SHARE) / CAR_OCCUPANCY) * DEMAND_CALIBRATION,
      9,
    );
    const am = demandAt(dm, 8).trips;
    const pm = demandAt(dm, 18).trips;
    expect(sum(am)).toBeCloseTo(dm.dailyVehicleTrips * hourlyShare(8), 9);
    // Zone 0 = west (homes), zone 1 = east (offices).
    expect(am[1]!).toBeGreaterThan(am[2]!);
    expect(pm[2]!).toBeGreaterThan(pm[1]!);
    expect(am[0]).toBe(0);
    expect(sum(demandAt(dm, 3).trips)).toBeLessThan(sum(am) / 20);
  });
});

describe('external traffic', () => {
  it('fills the jobs the residents cannot with in-commuters at the gateways, plus through trips', () => {
    const city = gatewayCity();
    const cn = buildCityNetwork(city);
    const dm = buildDemandModel(city, cn, { calibration: 1 });
    // 250 residents (zone 0, south-west) × 0.53 = 132.5 workers for 1000 jobs (zone 3, north-east): 867.5
    // in-commuters, split over the two gateways (zones 4, 5) by their equal inbound capacity.
    expect(EMPLOYED_PER_RESIDENT).toBe(0.53);
    expect([...dm.externalCommuters]).toEqual([0, 0, 0, 0, 433.75, 433.75]);
    // Daily trips = (250 + 867.5) persons × 2.5 × 0.25 ÷ 1.5 = 465.625; through = 465.625 × 0.15 / 0.85.
    expect(dm.dailyVehicleTrips).toBeCloseTo(465.625, 9);
    expect(dm.dailyThroughTrips).toBeCloseTo((465.625 * THROUGH_SHARE) / (1 - THROUGH_SHARE), 9);
    // Work trips all end at the only job zone: 132.5 / 1000 from zone 0, 433.75 / 1000 from each gateway.
    const Z = 6;
    expect(dm.work[0 * Z + 3]).toBeCloseTo(0.1325, 12);
    expect(dm.work[4 * Z + 3]).toBeCloseTo(0.43375, 12);
    expect(dm.work[5 * Z + 3]).toBeCloseTo(0.43375, 12);
    // Through trips only between the two gateways (2 km apart, the largest gateway distance), half each way;
    // no gateway-to-gateway trips in the commute and other matrices.
    expect([dm.through[4 * Z + 5], dm.through[5 * Z + 4]]).toEqual([0.5, 0.5]);
    expect([dm.work[4 * Z + 5], dm.other[4 * Z + 5]]).toEqual([0, 0]);
    const od = demandAt(dm, 8).trips;
    expect(od[4 * Z + 5]).toBeCloseTo(dm.dailyThroughTrips * hourlyShare(8) * 0.5, 9);
  });
});
