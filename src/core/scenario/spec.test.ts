import { describe, expect, it } from 'vitest';
import { combineWorkloadLevers } from './runners/workload.ts';
import { leverCounts, parseScenarioSpec } from './spec.ts';
import { city500 } from './testCity.ts';

const city = city500();
const BASE = { sceneName: 'gen500', startSimMs: 1_785_000_000_000, seed: 7, utcOffsetMin: 480, horizonH: 24 };
const err = (spec: unknown, withCity = true): string => {
  const r = parseScenarioSpec(spec, 'saved scenario sc-1', withCity ? city : null);
  return r.ok ? 'ok' : r.reason;
};

describe('parseScenarioSpec', () => {
  it('accepts a spec with every domain and keeps it as given', () => {
    const spec = {
      base: BASE,
      levers: {
        traffic: [{ kind: 'removeLanes', link: 0, lanes: 1 }],
        energy: [{ kind: 'evGrowth', pct: 50 }],
        workload: [{ staffDelta: { cg: 3 } }],
      },
      fork: { workloadBacklog: [{ category: 'garbage', dispatchedMs: 1_784_999_000_000 }] },
    };
    const r = parseScenarioSpec(JSON.stringify(spec), 'url', city);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual(spec);
      expect(leverCounts(r.value)).toEqual({ traffic: 1, energy: 1, resilience: 0, workload: 1 });
    }
  });

  it('names the source and the field of the first problem', () => {
    expect(err('{')).toMatch(/^saved scenario sc-1: not JSON: /);
    expect(err([])).toBe('saved scenario sc-1: spec: expected an object');
    expect(err({ base: BASE, levers: {}, extra: 1 })).toBe('saved scenario sc-1: spec.extra: unknown field');
    expect(err({ base: { ...BASE, horizonH: 200 }, levers: {} })).toBe(
      'saved scenario sc-1: base.horizonH: expected an integer in [1, 168], got 200',
    );
    expect(err({ base: { ...BASE, seed: -1 }, levers: {} })).toBe(
      'saved scenario sc-1: base.seed: expected an integer in [0, 4294967295], got -1',
    );
    expect(err({ base: { ...BASE, sceneName: 'other' }, levers: {} })).toBe(
      'saved scenario sc-1: base.sceneName: "other" is not the scene this runs on ("gen500")',
    );
    expect(err({ base: { ...BASE, startSimMs: 1.5 }, levers: {} })).toBe(
      'saved scenario sc-1: base.startSimMs: expected whole ms since the Unix epoch (≥ 0), got 1.5',
    );
    expect(err({ base: BASE, levers: { water: [] } })).toBe(
      'saved scenario sc-1: levers.water: unknown field',
    );
  });

  it("judges each lever with its domain's validator, at its index", () => {
    const n = city.roads.linkCount;
    expect(
      err({
        base: BASE,
        levers: {
          traffic: [
            { kind: 'closeLink', link: 0 },
            { kind: 'closeLink', link: n },
          ],
        },
      }),
    ).toBe(`saved scenario sc-1: levers.traffic[1]: closeLink.link: ${n} is not a road link (0..${n - 1})`);
    expect(err({ base: BASE, levers: { traffic: [{ kind: 'closeLink', link: '3' }] } })).toBe(
      'saved scenario sc-1: levers.traffic[0]: link: expected a finite number for a closeLink lever',
    );
    expect(err({ base: BASE, levers: { traffic: [{ kind: 'closeLink', link: 3, lanes: 1 }] } })).toBe(
      'saved scenario sc-1: levers.traffic[0]: lanes: not a field of a closeLink lever',
    );
    expect(err({ base: BASE, levers: { traffic: [{ kind: 'openLink', link: 3 }] } })).toMatch(
      /^saved scenario sc-1: levers\.traffic\[0\]: kind: "openLink" is not one of closeLink, closeWay, /,
    );
    expect(err({ base: BASE, levers: { energy: [{ kind: 'addPv', bus: 0, mw: 2000 }] } })).toBe(
      'saved scenario sc-1: levers.energy[0]: addPv: mw must be in (0, 1000], got 2000',
    );
    expect(err({ base: BASE, levers: { workload: [{ staffDelta: { nobody: 1 } }] } })).toBe(
      'saved scenario sc-1: levers.workload[0]: lever.staffDelta.nobody: unknown id',
    );
    expect(err({ base: BASE, levers: { resilience: [{ kind: 'earthquake' }] } })).toMatch(
      /^saved scenario sc-1: levers\.resilience\[0\]: /,
    );
    const storm = {
      kind: 'rainstorm',
      leadMin: 0,
      rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 100, durationMin: 60, peakRatio: 0.4 },
    };
    expect(err({ base: BASE, levers: { resilience: [storm] } })).toBe('ok');
    expect(err({ base: BASE, levers: { resilience: [storm, storm] } })).toBe(
      'saved scenario sc-1: levers.resilience: expected a list of at most 1 lever, got 2',
    );
    expect(
      err({ base: BASE, levers: {}, fork: { workloadBacklog: [{ category: 'x', dispatchedMs: 0 }] } }),
    ).toBe('saved scenario sc-1: fork.workloadBacklog[0].category: "x" is not a work-order category id');
  });

  it('without a city checks shapes and the city-free levers only', () => {
    expect(
      err(
        { base: { ...BASE, sceneName: 'other' }, levers: { traffic: [{ kind: 'closeLink', link: 1e6 }] } },
        false,
      ),
    ).toBe('ok');
    expect(err({ base: BASE, levers: { workload: [{ slaPct: { '*': -95 } }] } }, false)).toBe(
      'saved scenario sc-1: levers.workload[0]: lever.slaPct.*: -95 is not a number in [-90, 1000]',
    );
  });
});

describe('combineWorkloadLevers', () => {
  it('compounds percentages and adds staff, by hand', () => {
    // (1 + 0.5)(1 − 0.5) − 1 = −0.25 → −25 %; staff 2 + 3 = 5.
    expect(
      combineWorkloadLevers([
        { surgePct: { '*': 50 }, staffDelta: { cg: 2 } },
        { surgePct: { '*': -50 }, staffDelta: { cg: 3 }, slaPct: { garbage: 10 } },
      ]),
    ).toEqual({ surgePct: { '*': -25 }, staffDelta: { cg: 5 }, slaPct: { garbage: 10 } });
  });
});
