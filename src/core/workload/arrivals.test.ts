import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { makeTestCity } from '../energy/city/testCity.ts';
import { emptyBuildings, emptyRoads } from '../scene/empty.ts';
import {
  DEFAULT_REPORTS_PER_DAY,
  HOURLY_PROFILES,
  SOURCE_MIX,
  arrivalSitesFromScene,
  categoryRatePerH,
  generateReports,
  makeSites,
  pickSite,
  sampleArrivals,
} from './arrivals.ts';
import { TAXONOMY, categoryIndex } from './taxonomy.ts';
import { T0 } from './testFixtures.ts';

const H = 3_600_000;
const DAY = 24 * H;

describe('rates', () => {
  it('profiles average to 1 (within rounding) and source mixes sum to 1', () => {
    for (const p of Object.values(HOURLY_PROFILES)) {
      expect(p).toHaveLength(24);
      expect(Math.abs(p.reduce((s, v) => s + v, 0) / 24 - 1)).toBeLessThan(0.02);
    }
    for (const m of Object.values(SOURCE_MIX))
      expect(Object.values(m).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
  });
  it('λ(k, h) = perDay · share · profile(h)/mean / 24: garbage (100 ‰, daytime) at 10 h', () => {
    const p = HOURLY_PROFILES.daytime;
    const mean = p.reduce((s, v) => s + v, 0) / 24;
    const k = categoryIndex('garbage');
    expect(categoryRatePerH(k, 10.5)).toBeCloseTo(
      (((DEFAULT_REPORTS_PER_DAY * 100) / 1000) * (1.98 / mean)) / 24,
      9,
    );
    expect(categoryRatePerH(k, 10, { reportsPerDay: 1000, surge: { garbage: 2 } })).toBeCloseTo(
      ((100 * 2 * (1.98 / mean)) / 24) * 1,
      9,
    );
    // Summed over a day and all categories: reportsPerDay.
    let s = 0;
    for (let c = 0; c < TAXONOMY.length; c++) for (let h = 0; h < 24; h++) s += categoryRatePerH(c, h);
    expect(s).toBeCloseTo(DEFAULT_REPORTS_PER_DAY, 6);
  });
});

describe('sampling', () => {
  const sites = makeSites([0, 100, 200], [0, 0, 0], [3, 4, -1], [1, 2, 1]);
  it('pickSite by cumulative weight', () => {
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999].map((u) => pickSite(sites, u))).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
    expect(() => makeSites([0], [0], [0], [0])).toThrow('no site has a positive weight');
  });
  it('a day of arrivals: count ≈ Poisson(2000) (±4σ), hourly shape follows the profile, deterministic', () => {
    const a = sampleArrivals(sites, T0, T0 + DAY, createRng(1));
    expect(Math.abs(a.length - 2000)).toBeLessThan(4 * Math.sqrt(2000));
    expect(a.every((x, i) => i === 0 || x.simTimeMs >= (a[i - 1]?.simTimeMs ?? 0))).toBe(true);
    expect(sampleArrivals(sites, T0, T0 + DAY, createRng(1))).toEqual(a);
    // 30 days at 10,000/day: the share of garbage within 3 % of its 10 %, the 04 h vs 10 h ratio of daytime
    // categories near 0.27/1.98.
    const big = sampleArrivals(sites, T0, T0 + 30 * DAY, createRng(2), { reportsPerDay: 10_000 });
    const g = categoryIndex('garbage');
    const garb = big.filter((x) => x.category === g);
    expect(garb.length / big.length).toBeGreaterThan(0.097);
    expect(garb.length / big.length).toBeLessThan(0.103);
    const hourOf = (t: number) => Math.floor(((t + 8 * H) % DAY) / H);
    const at4 = garb.filter((x) => hourOf(x.simTimeMs) === 4).length;
    const at10 = garb.filter((x) => hourOf(x.simTimeMs) === 10).length;
    expect(at4 / at10).toBeGreaterThan(0.27 / 1.98 - 0.03);
    expect(at4 / at10).toBeLessThan(0.27 / 1.98 + 0.03);
  });
  it('generateReports: valid reports at the sites with jittered positions and cells', () => {
    const r = generateReports(sites, T0, T0 + H, createRng(3), 100, { reportsPerDay: 5000 }, 'x');
    expect(r.length).toBeGreaterThan(50);
    expect(r[0]?.id).toBe('rep:x100');
    for (const rep of r) {
      const s = [0, 100, 200].findIndex((sx) => Math.abs(rep.x - sx) <= 15.05);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(rep.gridCell).toBe([3, 4, -1][s]);
      expect(Math.abs(rep.y)).toBeLessThanOrEqual(15.05);
      expect(rep.simTimeMs).toBeGreaterThanOrEqual(T0);
      expect(rep.simTimeMs).toBeLessThan(T0 + H);
    }
    const v = generateReports(sites, T0, T0 + H, createRng(3), 0, { source: 'video' });
    expect(v.every((x) => x.source === 'video' && x.reporter.startsWith('camera:'))).toBe(true);
  });
  it('sites from a scene: building centroids weighted by floor area, tagged with their grid cell', () => {
    const city = makeTestCity({
      assets: [],
      lines: [],
      buildings: [
        { x: 0, y: 0, sideM: 20, levels: 5, use: 0 }, // 400 m² × 5 = 2000 m², cell 0
        { x: 200, y: 0, sideM: 10, levels: 2, use: 0 }, // 100 m² × 2 = 200 m², cell 1
        { x: 1000, y: 0, sideM: 10, levels: 1, use: 0 }, // 100 m², outside every cell
      ],
    });
    // Zone 0: a district over everything (ignored); zones 1, 2: grid cells [−100, 100] and [100, 300] × [−100, 100].
    const sq = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];
    const zones = {
      count: 3,
      polyStart: Uint32Array.from([0, 1, 2, 3]),
      ringStart: Uint32Array.from([0, 4, 8, 12]),
      xy: Float32Array.from([
        ...sq(-5000, -5000, 5000, 5000),
        ...sq(-100, -100, 100, 100),
        ...sq(100, -100, 300, 100),
      ]),
      level: Uint8Array.from([0, 1, 1]),
      parent: Uint32Array.from([0xffffffff, 0, 0]),
      sourceId: ['d', 'c1', 'c2'],
      names: new Map(),
    };
    const s = arrivalSitesFromScene({ ...city, zones });
    expect(s.count).toBe(3);
    expect([...s.x]).toEqual([0, 200, 1000]);
    expect([...s.cell]).toEqual([1, 2, -1]);
    expect([...s.cumWeight]).toEqual([2000 / 2300, 2200 / 2300, 1]);
    const roadsOnly = arrivalSitesFromScene({
      ...city,
      buildings: emptyBuildings(),
      roads: { ...emptyRoads(), nodeCount: 2, nodeXY: Float32Array.from([5, 6, 7, 8]) },
    });
    expect([...roadsOnly.y]).toEqual([6, 8]);
    expect([...roadsOnly.cumWeight]).toEqual([0.5, 1]);
  });
});
