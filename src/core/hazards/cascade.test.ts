import { describe, expect, it } from 'vitest';
import { CascadeLog, convexHull, segDist2 } from './cascade.ts';

const input = {
  system: 'roads',
  kind: 'linkClosed',
  ref: { kind: 'link', index: 3 },
  x: 0,
  y: 0,
  severity: 2,
  title: { zh: '封闭', en: 'closed' },
  why: { zh: '积水', en: 'water' },
  causes: [],
} as const;

describe('cascade log', () => {
  it('numbers nodes per hazard, keeps time order and hands out new nodes once', () => {
    const log = new CascadeLog();
    const a = log.add('HZ-0001', 1000, input);
    const b = log.add('HZ-0002', 2000, input);
    const c = log.add('HZ-0001', 1500, { ...input, causes: [a.id] }); // earlier than the last: clamped
    expect([a.id, b.id, c.id]).toEqual(['HZ-0001/0001', 'HZ-0002/0001', 'HZ-0001/0002']);
    expect(c.simTimeMs).toBe(2000);
    expect(log.takeNew().map((n) => n.id)).toEqual([a.id, b.id, c.id]);
    expect(log.takeNew()).toEqual([]);
    expect(log.log().length).toBe(3);
  });
  it('raises a report once per key and remembers its cause', () => {
    const log = new CascadeLog();
    const r = {
      key: 'HZ-0001:station:2',
      category: 'powerOutage',
      priority: 1,
      x: 1,
      y: 2,
      description: { zh: '停电', en: 'outage' },
      causeId: 'HZ-0001/0003',
    } as const;
    expect(log.report(r, 'HZ-0001')).toBe(true);
    expect(log.report(r, 'HZ-0001')).toBe(false);
    expect(log.takeReports()).toEqual([r]);
    expect(log.takeReports()).toEqual([]);
    expect(log.reportOf(r.key)).toEqual({ causeId: 'HZ-0001/0003', hazardId: 'HZ-0001' });
  });
});

describe('geometry', () => {
  it('convex hull of a square with an inner point, counter-clockwise', () => {
    expect(convexHull([0, 0, 2, 0, 1, 1, 2, 2, 0, 2])).toEqual([0, 0, 2, 0, 2, 2, 0, 2]);
    expect(convexHull([5, 5])).toEqual([5, 5]);
  });
  it('segment distance: perpendicular inside, end point outside', () => {
    expect(segDist2(1, 1, 0, 0, 2, 0)).toBe(1);
    expect(segDist2(3, 0, 0, 0, 2, 0)).toBe(1);
    expect(segDist2(0, 0, 0, 0, 0, 0)).toBe(0);
  });
});
