import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { categoryRatePerH } from './arrivals.ts';
import {
  CATEGORY_DEPARTMENT,
  DepartmentQueues,
  defaultCalendar,
  erlangC,
  sampleHandlingMs,
} from './queueSim.ts';
import { DEPARTMENTS, TAXONOMY, shiftOfHour } from './taxonomy.ts';
import { T0 } from './testFixtures.ts';

const MIN = 60_000;
const H = 3_600_000;

describe('erlangC (hand-computed)', () => {
  it('M/M/1: λ = 0.5, μ = 1 → P(wait) = ρ = 0.5, Wq = ρ/(μ−λ) = 1', () => {
    const r = erlangC(0.5, 1, 1);
    expect(r.pWait).toBeCloseTo(0.5, 12);
    expect(r.wq).toBeCloseTo(1, 12);
  });
  it('M/M/2: λ = μ = 1 → a = 1, C = (½·2)/(1 + 1 + ½·2) = 1/3, Wq = C/(2 − 1) = 1/3', () => {
    const r = erlangC(1, 1, 2);
    expect(r.rho).toBe(0.5);
    expect(r.pWait).toBeCloseTo(1 / 3, 12);
    expect(r.wq).toBeCloseTo(1 / 3, 12);
  });
  it('M/M/5 at ρ = 0.8 (a = 4): C = (4^5/5!·5)/(Σ_{k<5} 4^k/k! + 4^5/5!·5) = 42.667/(34.333 + 42.667) = 0.5541', () => {
    // Σ_{k=0..4} 4^k/k! = 1 + 4 + 8 + 10.6667 + 10.6667 = 34.3333; 4^5/5! = 8.5333, /(1 − 0.8) = 42.6667.
    const r = erlangC(4, 1, 5);
    expect(r.pWait).toBeCloseTo(42.6667 / 77, 4);
    expect(r.wq).toBeCloseTo(42.6667 / 77 / 1, 4);
    expect(erlangC(5, 1, 5).wq).toBe(Infinity);
    expect(() => erlangC(1, 0, 1)).toThrow('erlangC: need');
  });
});

describe('queue simulation vs theory (the issue 6 check)', () => {
  it('Poisson arrivals, exponential handling, c = 5 crews, ρ = 0.8: mean wait within 5 % of Erlang C', () => {
    const c = 5;
    const meanServiceMin = 30;
    const mu = 1 / meanServiceMin; // per minute
    const lambda = 0.8 * c * mu; // per minute
    const q = new DepartmentQueues({ staffPerShift: [[c, c, c]], utcOffsetMin: 0 });
    const rng = createRng(20260101);
    const n = 400_000;
    let t = T0;
    let sumWait = 0;
    let waited = 0;
    const warmup = 10_000;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - rng.next()) * (MIN / lambda);
      const job = q.submit(0, t, sampleHandlingMs(meanServiceMin * MIN, rng, 'exponential'));
      if (i < warmup) continue;
      sumWait += job.startMs - t;
      if (job.startMs > t) waited++;
    }
    const wqMin = sumWait / (n - warmup) / MIN;
    const theory = erlangC(lambda, mu, c); // Wq = 0.5541 / (5/30 − 4/30) = 16.62 min
    expect(theory.wq).toBeCloseTo(16.623, 2);
    expect(Math.abs(wqMin / theory.wq - 1)).toBeLessThan(0.05);
    expect(Math.abs(waited / (n - warmup) - theory.pWait)).toBeLessThan(0.02);
  });
});

describe('DepartmentQueues: shifts and FCFS', () => {
  // Department 0: 2 crews by day (08–16), 1 in the evening, 0 at night; UTC+8. T0 = 10:00 local.
  const cal = { staffPerShift: [[2, 1, 0]] as const, utcOffsetMin: 480 };
  it('serves at once with a free crew, queues FCFS when both are busy', () => {
    const q = new DepartmentQueues(cal);
    expect(q.submit(0, T0, 60 * MIN)).toEqual({ startMs: T0, endMs: T0 + 60 * MIN, server: 0 });
    expect(q.submit(0, T0 + MIN, 30 * MIN)).toEqual({ startMs: T0 + MIN, endMs: T0 + 31 * MIN, server: 1 });
    // Third job waits for crew 1 (free at +31 min).
    expect(q.submit(0, T0 + 2 * MIN, 10 * MIN)).toEqual({
      startMs: T0 + 31 * MIN,
      endMs: T0 + 41 * MIN,
      server: 1,
    });
    expect(() => q.submit(0, T0, 1)).toThrow('before the previous one');
  });
  it('crew 1 is off duty in the evening; nobody at night: a 23:00 job waits for 08:00', () => {
    const q = new DepartmentQueues(cal);
    const eve = T0 + 8 * H; // 18:00
    expect(q.staffAt(0, eve)).toBe(1);
    q.submit(0, eve, 60 * MIN); // crew 0 busy until 19:00
    expect(q.submit(0, eve + MIN, 10 * MIN).startMs).toBe(eve + 60 * MIN); // crew 1 is off: waits for crew 0
    const late = T0 + 13.75 * H; // 23:45
    const j = q.submit(0, late, 30 * MIN); // crew 0 (free since 19:10) works into overtime until 00:15
    expect(j).toEqual({ startMs: late, endMs: late + 30 * MIN, server: 0 });
    expect(q.submit(0, late + 5 * MIN, 10 * MIN).startMs).toBe(T0 + 22 * H); // 23:50 → 08:00 next day
  });
  it('a department with no staff never starts; the default calendar applies staff changes', () => {
    const q = new DepartmentQueues({ staffPerShift: [[0, 0, 0]], utcOffsetMin: 0 });
    expect(q.submit(0, T0, MIN)).toEqual({ startMs: Infinity, endMs: Infinity, server: -1 });
    const d = defaultCalendar({ cg: 4, rl: -10 });
    expect(d.staffPerShift[0]).toEqual([40, 26, 14]); // cg [36, 22, 10] + 4
    expect(defaultCalendar({}, 480, 2).staffPerShift[0]).toEqual([72, 44, 20]);
    expect(d.staffPerShift[7]).toEqual([0, 0, 0]);
  });
  it('lognormal handling times have the requested mean', () => {
    const rng = createRng(7);
    let s = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) s += sampleHandlingMs(40, rng);
    expect(s / n).toBeCloseTo(40, 0);
  });
});

describe('default staffing', () => {
  it('loads every department shift to a utilisation ≤ 0.75 at the default arrival rates (docs/workload.md)', () => {
    for (const [d, dep] of DEPARTMENTS.entries()) {
      const work: [number, number, number] = [0, 0, 0];
      TAXONOMY.forEach((c, k) => {
        if (CATEGORY_DEPARTMENT[k] !== d) return;
        for (let h = 0; h < 24; h++) work[shiftOfHour(h)] += (categoryRatePerH(k, h) * c.handleMeanMin) / 60;
      });
      for (let s = 0; s < 3; s++) {
        const rho = (work[s] ?? 0) / ((dep.staffPerShift[s as 0] ?? 0) * 8);
        expect(rho, `${dep.id} shift ${s}`).toBeLessThanOrEqual(0.75);
      }
    }
  });
});
