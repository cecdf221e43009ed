import { describe, expect, it, vi } from 'vitest';
import type { ActiveHazard, HazardSpec } from '../core/hazards/types.ts';
import { assessEarthquake } from '../core/hazards/earthquake.ts';
import { occupantsAt } from '../core/hazards/exposure.ts';
import { handMadeCity, makeTestCity } from '../core/energy/city/testCity.ts';
import { clearQuakeDamageCache, localHourAt, quakeDamageOf } from './quakeDamage.ts';

/** 2026-07-20 02:00 UTC = 10:00 China Standard Time. */
const ONSET_MS = Date.UTC(2026, 6, 20, 2);

function hazard(id: string, spec: HazardSpec): ActiveHazard {
  return {
    id,
    kind: spec.kind,
    spec,
    label: { zh: id, en: id },
    triggeredMs: ONSET_MS,
    onsetMs: ONSET_MS,
    endMs: ONSET_MS,
    phase: 'response',
    alertLevel: 3,
    alertSinceMs: ONSET_MS,
    acknowledged: false,
    notified: [],
    headline: { label: { zh: '', en: '' }, value: 0, unit: '' },
    overMs: null,
  };
}

describe('localHourAt', () => {
  it('adds the UTC offset and wraps into 0…24', () => {
    expect(localHourAt(ONSET_MS, 480)).toBe(10);
    expect(localHourAt(Date.UTC(2026, 6, 20, 20, 30), 480)).toBe(4.5); // 20:30 UTC + 8 h = 04:30 next day
    expect(localHourAt(Date.UTC(2026, 0, 1, 3), -300)).toBe(22); // 03:00 UTC − 5 h = 22:00 the day before
  });
});

describe('quakeDamageOf', () => {
  const city = makeTestCity(handMadeCity(false));
  const spec: HazardSpec = { kind: 'earthquake', x: 0, y: 0, magnitude: 6.5, depthKm: 10 };

  it('is the core assessment with the occupants at the local hour of the shaking, computed once per hazard', () => {
    clearQuakeDamageCache();
    const h = hazard('HZ-0001', spec);
    const d = quakeDamageOf(city, h);
    const expected = assessEarthquake(city, spec, occupantsAt(city, 10));
    expect(d?.damageState).toEqual(expected.damageState);
    expect(d?.displacedPeople).toBe(expected.displacedPeople);
    // The next message brings a new hazard object with the same id: the same damage object comes back.
    expect(quakeDamageOf(city, { ...h, phase: 'recovery' })).toBe(d);
    expect(quakeDamageOf(city, hazard('HZ-0002', spec))).not.toBe(d);
  });

  it('is null for other hazards and for a spec the model refuses (with a warning, no throw)', () => {
    expect(quakeDamageOf(city, hazard('HZ-0003', { kind: 'fire', building: 0 }))).toBeNull();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(quakeDamageOf(city, hazard('HZ-0004', { ...spec, magnitude: 12 }))).toBeNull();
    expect(warn.mock.calls[0]?.[0]).toMatch(/HZ-0004: .*magnitude 12/);
    warn.mockRestore();
  });
});
