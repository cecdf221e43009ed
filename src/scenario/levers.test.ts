import { describe, expect, it } from 'vitest';
import { LinkFlag, type CityModel } from '../core/scene/types.ts';
import type { TrafficLever } from '../core/traffic/types.ts';
import {
  addLever,
  closedLinks,
  districtZones,
  downstreamSignal,
  isBridge,
  leverFromDraft,
  leverKey,
  linksOfWay,
  type LeverDraft,
} from './levers.ts';

/**
 * A 4-node network: 0 → 1 → 2 is a bridge way (links 0 and 1, way 0) with its reverse 2 → 1 → 0 (links 2 and 3,
 * way 0 too: both directions of one source line); link 4 (way 1) runs 1 → 3. Node 2 is signalised.
 * Zones: 0 and 2 are districts, 1 is a grid cell.
 */
function model(): CityModel {
  const B = LinkFlag.bridge;
  return {
    roads: {
      nodeCount: 4,
      nodeSignal: new Uint8Array([0, 0, 1, 0]),
      linkCount: 5,
      linkFrom: new Uint32Array([0, 1, 2, 1, 1]),
      linkTo: new Uint32Array([1, 2, 1, 0, 3]),
      lanes: new Uint8Array([2, 2, 2, 2, 1]),
      flags: new Uint8Array([B, B, B, B, 0]),
      linkWay: new Uint32Array([0, 0, 0, 0, 1]),
      ways: [{ sourceId: 'w0' }, { sourceId: 'w1' }],
    },
    zones: { count: 3, level: new Uint8Array([0, 1, 0]) },
  } as unknown as CityModel;
}

const draft = (d: Partial<LeverDraft>): LeverDraft => ({
  kind: 'closeLink',
  link: null,
  lanes: 1,
  zone: null,
  pct: 20,
  greenRatio: 0.3,
  ...d,
});

describe('lever building', () => {
  it('finds bridges, ways, downstream signals and districts', () => {
    const m = model();
    expect(isBridge(m, 0)).toBe(true);
    expect(isBridge(m, 4)).toBe(false);
    expect(isBridge(m, 99)).toBe(false);
    expect(linksOfWay(m, 0)).toEqual([0, 1, 2, 3]);
    expect(downstreamSignal(m, 0)).toBeNull(); // ends at node 1: no signal
    expect(downstreamSignal(m, 1)).toBe(2); // ends at node 2: signalised
    expect(districtZones(m)).toEqual([0, 2]);
  });

  it('builds each lever kind from the form, or says what is missing', () => {
    const m = model();
    expect(leverFromDraft(m, draft({ kind: 'closeLink', link: 4 }))).toEqual({
      lever: { kind: 'closeLink', link: 4 },
    });
    expect(leverFromDraft(m, draft({ kind: 'closeLink' }))).toEqual({ problem: 'noLink' });
    // closing the way of link 1 closes way 0 (the whole bridge, both directions)
    expect(leverFromDraft(m, draft({ kind: 'closeWay', link: 1 }))).toEqual({
      lever: { kind: 'closeWay', way: 0 },
    });
    expect(leverFromDraft(m, draft({ kind: 'removeLanes', link: 0, lanes: 1 }))).toEqual({
      lever: { kind: 'removeLanes', link: 0, lanes: 1 },
    });
    expect(leverFromDraft(m, draft({ kind: 'removeLanes', link: 0, lanes: 1.5 }))).toEqual({
      problem: 'badNumber',
    });
    expect(leverFromDraft(m, draft({ kind: 'demandByDistrict', zone: 2, pct: -30 }))).toEqual({
      lever: { kind: 'demandByDistrict', zone: 2, pct: -30 },
    });
    expect(leverFromDraft(m, draft({ kind: 'demandByDistrict' }))).toEqual({ problem: 'noZone' });
    expect(leverFromDraft(m, draft({ kind: 'signalGreenSplit', link: 1, greenRatio: 0.4 }))).toEqual({
      lever: { kind: 'signalGreenSplit', node: 2, link: 1, greenRatio: 0.4 },
    });
    expect(leverFromDraft(m, draft({ kind: 'signalGreenSplit', link: 0 }))).toEqual({ problem: 'noSignal' });
  });

  it('a newer lever on the same thing replaces the older one in place', () => {
    const a: TrafficLever = { kind: 'removeLanes', link: 3, lanes: 1 };
    const b: TrafficLever = { kind: 'closeLink', link: 3 };
    const c: TrafficLever = { kind: 'removeLanes', link: 3, lanes: 2 };
    const list = addLever(addLever([], a), b);
    expect(list).toEqual([a, b]);
    expect(addLever(list, c)).toEqual([c, b]);
    expect(leverKey(a)).toBe(leverKey(c));
    expect(leverKey(a)).not.toBe(leverKey(b));
  });

  it('lists the links a set of levers closes outright', () => {
    const m = model();
    expect(
      closedLinks(m, [
        { kind: 'closeLink', link: 4 },
        { kind: 'closeWay', way: 0 },
        { kind: 'removeLanes', link: 0, lanes: 1 },
      ]),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(closedLinks(m, [{ kind: 'demandByDistrict', zone: 0, pct: 10 }])).toEqual([]);
  });
});
