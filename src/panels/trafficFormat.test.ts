import { describe, expect, it } from 'vitest';
import type { CityModel } from '../core/scene/types.ts';
import {
  adaptiveDigits,
  clockHm,
  delta,
  judgement,
  linkName,
  trendDirection,
  ttiGrade,
  zoneName,
} from './trafficFormat.ts';

describe('traffic formatting', () => {
  it('grades a TTI on the AutoNavi bands (<1.5 free, <1.8 slow, <2.0 congested, else severe)', () => {
    expect([1, 1.49, 1.5, 1.79, 1.8, 1.99, 2.0, 3.2].map(ttiGrade)).toEqual([
      'free',
      'free',
      'slow',
      'slow',
      'congested',
      'congested',
      'severe',
      'severe',
    ]);
    expect(ttiGrade(Number.NaN)).toBe('free');
  });

  it('trendDirection compares the mean of the newest window with the one before', () => {
    // window 3: recent mean (1.30+1.32+1.34)/3 = 1.32 vs before (1.20+1.21+1.22)/3 = 1.21 → +9.1 % → up
    expect(trendDirection([1.2, 1.21, 1.22, 1.3, 1.32, 1.34])).toBe('up');
    expect(trendDirection([1.34, 1.32, 1.3, 1.22, 1.21, 1.2])).toBe('down');
    // 1.500 → 1.505: +0.33 % is within the 1 % tolerance → flat
    expect(trendDirection([1.5, 1.5, 1.5, 1.505, 1.505, 1.505])).toBe('flat');
    // two points: window 1
    expect(trendDirection([1, 2])).toBe('up');
    expect(trendDirection([1.4])).toBe('flat');
  });

  it('delta: signed text at the shown precision, arrow never contradicts the number', () => {
    expect(delta(1.25, 1.4, 2)).toMatchObject({ text: '+0.15', direction: 'up' });
    expect(delta(1.25, 1.4, 2).pct).toBeCloseTo(12, 10); // 0.15 / 1.25 = 12 %
    expect(delta(48.2, 45.1, 1)).toMatchObject({ text: '−3.1', direction: 'down' });
    // +0.004 rounds to 0.00 at 2 decimals: flat, no sign
    expect(delta(1.25, 1.254, 2)).toMatchObject({ text: '0.00', direction: 'flat' });
    expect(delta(1200, 3450, 0).text).toBe('+2,250');
    expect(delta(0, 5, 0).pct).toBeNaN();
    expect(delta(1, Number.NaN, 2)).toMatchObject({ text: '—', direction: 'flat' });
  });

  it('adaptiveDigits keeps about three significant digits', () => {
    expect([0.42, 2.4, 99.9, 100, 46432].map(adaptiveDigits)).toEqual([1, 1, 1, 0, 0]);
  });

  it('judgement reads a direction by the KPI polarity', () => {
    expect(judgement('up', 'higherIsWorse')).toBe('worse');
    expect(judgement('down', 'higherIsWorse')).toBe('better');
    expect(judgement('up', 'higherIsBetter')).toBe('better');
    expect(judgement('down', 'higherIsBetter')).toBe('worse');
    expect(judgement('up', 'neutral')).toBe('same');
    expect(judgement('flat', 'higherIsWorse')).toBe('same');
  });

  it('names links by their way, zones by their name, in the UI language', () => {
    const model = {
      roads: {
        linkCount: 3,
        linkWay: new Uint32Array([0, 1, 2]),
        ways: [
          { sourceId: 'w0', name: { name: '镜湖路', zh: '镜湖路', en: 'Jinghu Road' } },
          { sourceId: 'w1' },
          { sourceId: 'w2', name: { name: 'Main St' } },
        ],
      },
      zones: {
        names: new Map([[0, { name: '镜湖区', zh: '镜湖区', en: 'Jinghu District' }]]),
        sourceId: ['gen:z-D1', 'gen:z-D2'],
      },
    } as unknown as CityModel;
    expect(linkName(model, 0, 'zh')).toBe('镜湖路');
    expect(linkName(model, 0, 'en')).toBe('Jinghu Road');
    expect(linkName(model, 1, 'en')).toBe('link #1');
    expect(linkName(model, 1, 'zh')).toBe('路段 #1');
    expect(linkName(model, 2, 'zh')).toBe('Main St');
    expect(linkName(model, 9, 'en')).toBe('link #9');
    expect(zoneName(model, 0, 'en')).toBe('Jinghu District');
    expect(zoneName(model, 1, 'zh')).toBe('gen:z-D2');
  });

  it('clockHm shows the city clock (UTC+8) like the header', () => {
    // 2026-03-02 00:30 UTC = 08:30 in UTC+8
    expect(clockHm(Date.UTC(2026, 2, 2, 0, 30))).toBe('08:30');
    expect(clockHm(Number.NaN)).toBe('—');
  });
});
