import { describe, expect, it } from 'vitest';
import { T0 } from './testFixtures.ts';
import { WorkloadRunCancelled, runWorkloadWhatIf, validateWorkloadLever } from './whatIf.ts';
import type { WorkloadWhatIfInput } from './whatIf.ts';

const base: WorkloadWhatIfInput = { startMs: T0 - 10 * 3_600_000, days: 3, seed: 42, lever: {} };

describe('runWorkloadWhatIf', () => {
  const none = runWorkloadWhatIf(base);
  it('no lever: the scenario is the baseline (common random numbers); deterministic', () => {
    expect(none.scenario).toEqual(none.baseline);
    expect(runWorkloadWhatIf(base)).toEqual(none);
    expect(none.baseline).toHaveLength(3);
    const d0 = none.baseline[0];
    expect(d0?.arrivals).toBeGreaterThan(1800);
    expect(d0?.arrivals).toBeLessThan(2200);
    // Staffed for ρ ≈ 0.7: the queue is stable and most orders are handled on time.
    for (const d of none.baseline) {
      expect(d.onTimeRate).toBeGreaterThan(0.8);
      expect(d.backlogEnd).toBeLessThan(400);
    }
  });
  it('cutting city management by 12 crews a shift grows its backlog and cuts on-time; +30 % garbage adds arrivals', () => {
    const cut = runWorkloadWhatIf({ ...base, lever: { staffDelta: { cg: -12 } } });
    const last = (r: typeof cut, k: 'baseline' | 'scenario') => r[k][r[k].length - 1];
    expect(last(cut, 'scenario')?.backlogEnd).toBeGreaterThan((last(cut, 'baseline')?.backlogEnd ?? 0) + 50);
    expect(cut.backlogByDepartment.cg?.scenario).toBeGreaterThan(cut.backlogByDepartment.cg?.baseline ?? 0);
    expect(cut.backlogByDepartment.jt).toEqual({
      baseline: none.backlogByDepartment.jt?.baseline,
      scenario: none.backlogByDepartment.jt?.baseline,
    });
    const surge = runWorkloadWhatIf({ ...base, lever: { surgePct: { garbage: 30 } } });
    const extra =
      surge.scenario.reduce((s, d) => s + d.arrivals, 0) - surge.baseline.reduce((s, d) => s + d.arrivals, 0);
    // garbage is 10 % of 2,000/day: +30 % ≈ 60/day, 180 in 3 days (Poisson: ±4σ ≈ ±54).
    expect(Math.abs(extra - 180)).toBeLessThan(54);
    const thin = runWorkloadWhatIf({ ...base, lever: { surgePct: { '*': -50 } } });
    const ratio =
      thin.scenario.reduce((s, d) => s + d.arrivals, 0) / thin.baseline.reduce((s, d) => s + d.arrivals, 0);
    expect(Math.abs(ratio - 0.5)).toBeLessThan(0.03);
  });
  it('tighter SLAs lower the on-time rate of the same runs', () => {
    const r = runWorkloadWhatIf({ ...base, lever: { slaPct: { '*': -80 } } });
    for (let d = 0; d < 3; d++) {
      expect(r.scenario[d]?.completed).toBe(r.baseline[d]?.completed);
      expect(r.scenario[d]?.onTimeRate ?? 1).toBeLessThan(r.baseline[d]?.onTimeRate ?? 0);
    }
  });
  it('carries the live backlog in; reports progress; cancels', () => {
    const r = runWorkloadWhatIf({
      ...base,
      days: 1,
      backlog: Array.from({ length: 500 }, () => ({
        category: 'pothole',
        dispatchedMs: T0 - 40 * 3_600_000,
      })),
    });
    const one = runWorkloadWhatIf({ ...base, days: 1 });
    expect(r.baseline[0]?.arrivals).toBe(one.baseline[0]?.arrivals); // carried orders are not arrivals
    expect(r.baseline[0]?.meanWaitH).toBeGreaterThan(one.baseline[0]?.meanWaitH ?? Infinity);
    const seen: string[] = [];
    runWorkloadWhatIf(base, { onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    let n = 0;
    expect(() => runWorkloadWhatIf(base, { isCancelled: () => ++n > 4 })).toThrow(WorkloadRunCancelled);
    expect(() => runWorkloadWhatIf(base, { isCancelled: () => true })).toThrow(
      'workload what-if cancelled after 0 of 6 days',
    );
  });
  it('validates levers and days with the field and reason', () => {
    expect(
      validateWorkloadLever({ surgePct: { garbage: 30 }, staffDelta: { cg: -2 }, slaPct: { '*': 10 } }),
    ).toBeNull();
    expect(validateWorkloadLever({ surgePct: { ufo: 3 } })).toBe('lever.surgePct.ufo: unknown id');
    expect(validateWorkloadLever({ staffDelta: { cg: Number.NaN } })).toBe(
      'lever.staffDelta.cg: NaN is not a number in [-1000, 1000]',
    );
    expect(validateWorkloadLever({ slaPct: { noise: -95 } })).toBe(
      'lever.slaPct.noise: -95 is not a number in [-90, 1000]',
    );
    expect(validateWorkloadLever(null)).toBe('lever: must be an object');
    expect(validateWorkloadLever({ surge: {} })).toBe('lever.surge: unknown lever');
    expect(validateWorkloadLever({ slaPct: [1] })).toBe('lever.slaPct: must be an object of numbers');
    expect(() => runWorkloadWhatIf({ ...base, days: 0 })).toThrow('days: 0 is not an integer in [1, 60]');
    expect(() => runWorkloadWhatIf({ ...base, backlog: [{ category: 'x', dispatchedMs: 0 }] })).toThrow(
      'backlog: category "x" is not in the taxonomy',
    );
  });
});
