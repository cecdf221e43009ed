import { describe, expect, it } from 'vitest';
import { buildCityNetwork } from './cityNetwork.ts';
import { testCity } from './cityTestFixtures.ts';
import { buildDemandModel } from './demand.ts';
import type { TrafficLever } from './types.ts';
import { applyLevers, runTrafficWhatIf, validateTrafficLever } from './whatIf.ts';

// Monday 2 March 2026 08:00 China Standard Time.
const T8 = 20514 * 86_400_000; // 20514 days after 1970-01-01 = 2026-03-02 00:00 UTC
const city = testCity({ zones: 'districts', capacityVph: 1500, signals: [1] });
const network = buildCityNetwork(city);
const demand = buildDemandModel(city, network, { calibration: 6000 });
const run = (levers: readonly TrafficLever[]) =>
  runTrafficWhatIf(city, T8, levers, { network, demand, now: () => 0 });
const runTrafficWhatIfForProgress = (seen: number[]) =>
  runTrafficWhatIf(city, T8, [{ kind: 'demandByDistrict', zone: 0, pct: 80 }], {
    network,
    demand,
    now: () => 0,
    onProgress: (f) => seen.push(f),
  });

describe('validateTrafficLever', () => {
  it('accepts valid levers and names the field and reason otherwise', () => {
    expect(validateTrafficLever(city, { kind: 'closeLink', link: 3 })).toBeNull();
    expect(validateTrafficLever(city, { kind: 'closeLink', link: 8 })).toBe(
      'closeLink.link: 8 is not a road link (0..7)',
    );
    expect(validateTrafficLever(city, { kind: 'closeWay', way: 4 })).toBe(
      'closeWay.way: 4 is not a way (0..3)',
    );
    expect(validateTrafficLever(city, { kind: 'removeLanes', link: 0, lanes: 1 })).toBeNull();
    expect(validateTrafficLever(city, { kind: 'removeLanes', link: 0, lanes: 3 })).toBe(
      "removeLanes.lanes: 3 ≥ the link's 2 lanes (use closeLink to close it)",
    );
    expect(validateTrafficLever(city, { kind: 'removeLanes', link: 0, lanes: 0.5 })).toBe(
      'removeLanes.lanes: 0.5 must be an integer ≥ 1',
    );
    expect(validateTrafficLever(city, { kind: 'demandByDistrict', zone: 1, pct: 50 })).toBeNull();
    expect(validateTrafficLever(city, { kind: 'demandByDistrict', zone: 0, pct: 250 })).toBe(
      'demandByDistrict.pct: 250 must be within −100 … +200',
    );
    expect(validateTrafficLever(city, { kind: 'demandByDistrict', zone: 5, pct: 10 })).toBe(
      'demandByDistrict.zone: 5 is not a zone (0..1)',
    );
    expect(
      validateTrafficLever(city, { kind: 'signalGreenSplit', node: 1, link: 0, greenRatio: 0.6 }),
    ).toBeNull();
    expect(validateTrafficLever(city, { kind: 'signalGreenSplit', node: 2, link: 0, greenRatio: 0.6 })).toBe(
      'signalGreenSplit.node: node 2 is not signalised',
    );
    expect(validateTrafficLever(city, { kind: 'signalGreenSplit', node: 1, link: 1, greenRatio: 0.6 })).toBe(
      'signalGreenSplit.link: link 1 does not end at node 1',
    );
    expect(validateTrafficLever(city, { kind: 'signalGreenSplit', node: 1, link: 0, greenRatio: 0.95 })).toBe(
      'signalGreenSplit.greenRatio: 0.95 must be within 0.1 … 0.9',
    );
  });
});

describe('applyLevers', () => {
  it('scales capacity with the lanes left and by g/C at a signal', () => {
    const e = applyLevers(city, network, [
      { kind: 'removeLanes', link: 2, lanes: 1 },
      // Node 1 has approaches 0 (0→1, heading east) and 5 (3→1, heading south): crossing phases.
      { kind: 'signalGreenSplit', node: 1, link: 0, greenRatio: 0.6 },
      { kind: 'closeWay', way: 3 },
    ]);
    expect(e.capacity[2]).toBe(750); // 1500 × 1/2
    expect(e.capacity[0]).toBeCloseTo(1500 * 0.6, 9);
    expect(e.capacity[5]).toBeCloseTo(1500 * (1 - 0.09 - 0.6), 9);
    expect([...e.closed.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]); // way 3 = links 6, 7
  });
});

describe('runTrafficWhatIf', () => {
  it('closing the busiest link moves its flow to a detour', () => {
    const base = run([]);
    expect(base.baselineGap).toBeLessThanOrEqual(1e-4);
    const busiest = base.baseline.topLinks.reduce((b, l) => (l.flowVph > b.flowVph ? l : b)).link;
    const r = run([{ kind: 'closeLink', link: busiest }]);
    expect(r.scenarioGap).toBeLessThanOrEqual(1e-4);
    expect(r.scenarioSpeedKph[busiest]).toBe(0);
    // Scenario flow on the closed link is zero: the delta is minus the baseline flow.
    const baseFlow = base.baseline.topLinks.find((l) => l.link === busiest)!.flowVph;
    expect(r.linkDeltaFlowVph[busiest]).toBeCloseTo(-baseFlow, 2);
    expect(r.scenarioFlowVph[busiest]).toBe(0);
    expect(r.baselineFlowVph[busiest]).toBeCloseTo(baseFlow, 2);
    expect(Math.max(...r.linkDeltaFlowVph)).toBeGreaterThan(0.5 * baseFlow);
    expect(r.scenario.delayVehHPerH).toBeGreaterThan(r.baseline.delayVehHPerH);
    expect(r.elapsedMs).toBe(0);
  });

  it('reports progress from 0 to 1, never backwards', () => {
    const seen: number[] = [];
    runTrafficWhatIfForProgress(seen);
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] as number);
  });

  it('+50 % demand in the home district raises the city TTI', () => {
    const r = run([{ kind: 'demandByDistrict', zone: 0, pct: 50 }]);
    expect(r.scenario.cityTti).toBeGreaterThan(r.baseline.cityTti);
    expect(r.scenario.vktPerH).toBeCloseTo(1.5 * r.baseline.vktPerH, 0);
  });

  it('rejects invalid levers with the validation message', () => {
    expect(() => run([{ kind: 'closeLink', link: -1 }])).toThrow(
      'closeLink.link: -1 is not a road link (0..7)',
    );
  });
});
