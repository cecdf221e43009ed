import { describe, expect, it } from 'vitest';
import { parseHello, parseSnapshot, parseWelcome } from './messages.ts';
import { parseKpiMessage, parseLinkSeriesAnswer, parseLinkSeriesRequest } from './trafficMessages.ts';

const reason = (r: { ok: boolean; reason?: string }): string => (r.ok ? 'ok' : (r.reason ?? ''));

const KPIS = {
  simTimeMs: 1000,
  cityTti: 1.25,
  avgSpeedKph: null, // JSON for NaN: no flow
  delayVehHPerH: 3,
  vktPerH: 4,
  districts: [{ zone: 0, tti: 1.1, avgSpeedKph: 30 }],
  commutes: [{ fromZone: 0, toZone: 1, minutes: 12, freeFlowMinutes: 9 }],
  topLinks: [{ link: 2, tti: 2, vc: 0.9, speedKph: 20, flowVph: 800 }],
  relativeGap: 1e-4,
  activeVehicles: 10,
  vehiclesPerAnimated: 5,
};

describe('traffic messages', () => {
  it('parses KPIs (null → NaN) and rejects bad fields with their path', () => {
    const p = parseKpiMessage({ seq: 4, kpis: KPIS }, 3);
    expect(p.ok && p.value.seq).toBe(4);
    expect(p.ok && p.value.kpis.avgSpeedKph).toBeNaN();
    expect(p.ok && p.value.kpis.topLinks[0]).toEqual({
      link: 2,
      tti: 2,
      vc: 0.9,
      speedKph: 20,
      flowVph: 800,
    });
    expect(reason(parseKpiMessage({ seq: 0, kpis: KPIS }, 3))).toBe('kpis.seq: expected a positive integer');
    expect(reason(parseKpiMessage({ seq: 4, kpis: KPIS }, 2))).toBe(
      'kpis 4.topLinks[0].link: expected a link index < 2',
    );
    expect(reason(parseKpiMessage({ seq: 4, kpis: { ...KPIS, cityTti: '1' } }, 3))).toBe(
      'kpis 4.cityTti: expected a finite number or null, got "1"',
    );
    expect(reason(parseKpiMessage({ seq: 4, kpis: { ...KPIS, simTimeMs: null } }, 3))).toBe(
      'kpis 4.simTimeMs: expected a finite number',
    );
    expect(reason(parseKpiMessage({ seq: 4, kpis: { ...KPIS, districts: {} } }, 3))).toBe(
      'kpis 4.districts: expected an array',
    );
  });

  it('validates link series requests against the link count', () => {
    expect(parseLinkSeriesRequest({ link: 7 }, 8)).toEqual({ ok: true, value: { link: 7 } });
    expect(reason(parseLinkSeriesRequest({ link: 8 }, 8))).toBe(
      'linkSeries.link: 8 is out of range (the scene has 8 road links)',
    );
    expect(reason(parseLinkSeriesRequest({ link: -1 }, 8))).toBe(
      'linkSeries.link: expected a non-negative integer, got -1',
    );
    expect(reason(parseLinkSeriesRequest(3, 8))).toBe('linkSeries: expected an object {link}');
  });

  it('validates link series answers', () => {
    const a = {
      ok: true,
      link: 1,
      simTimeMs: [0, 60_000],
      speedKph: [50, 40],
      flowVph: [100, 200],
      vc: [0.1, 0.2],
    };
    expect(parseLinkSeriesAnswer(a, 1)).toEqual({ ok: true, value: a });
    expect(parseLinkSeriesAnswer({ ok: false, reason: 'rate' }, 1)).toEqual({
      ok: true,
      value: { ok: false, reason: 'rate' },
    });
    expect(reason(parseLinkSeriesAnswer({ ...a, link: 2 }, 1))).toBe(
      'linkSeries answer.link: expected 1, got 2',
    );
    expect(reason(parseLinkSeriesAnswer({ ...a, vc: [0.1] }, 1))).toBe(
      'linkSeries answer.vc: expected an array of 2 numbers',
    );
    expect(reason(parseLinkSeriesAnswer({ ...a, simTimeMs: [5, 5] }, 1))).toBe(
      'linkSeries answer.simTimeMs[1]: times must increase',
    );
  });

  it('carries the optional traffic sequences in hello, welcome and snapshot', () => {
    expect(
      parseHello({ protocol: 1, scene: 's', resume: { readings: 1, events: 2, trips: 3, kpis: 4 } }),
    ).toEqual({
      ok: true,
      value: { protocol: 1, scene: 's', resume: { readings: 1, events: 2, trips: 3, kpis: 4 } },
    });
    expect(
      reason(parseHello({ protocol: 1, scene: 's', resume: { readings: 1, events: 2, trips: -3 } })),
    ).toBe('hello.resume.trips: expected a non-negative integer');
    const w = {
      protocol: 1,
      scene: 's',
      sensorCount: 3,
      simTimeMs: 0,
      speed: 1,
      replay: {
        readings: { first: 1, last: 0 },
        events: { first: 1, last: 0 },
        trips: { first: 2, last: 5 },
      },
      linkCount: 8,
      mode: 'snapshot',
    };
    expect(parseWelcome(w)).toEqual({ ok: true, value: w });
    expect(reason(parseWelcome({ ...w, linkCount: -1 }))).toBe(
      'welcome.linkCount: expected a non-negative integer',
    );
    const snap = {
      reason: 'initial',
      seq: { readings: 0, events: 0, trips: 5 },
      nextReadingSeq: 0,
      simTimeMs: 0,
      incidents: [],
      latest: new Uint8Array(4),
      trips: new Uint8Array(8),
    };
    const p = parseSnapshot(snap);
    expect(p.ok && [p.value.seq.trips, p.value.trips?.byteLength]).toEqual([5, 8]);
    expect(reason(parseSnapshot({ ...snap, trips: 'x' }))).toBe(
      'snapshot.trips: expected binary, got string',
    );
  });
});
