import { describe, expect, it } from 'vitest';
import {
  parseEnergyMessage,
  parseEnergySeriesAnswer,
  parseEnergySeriesRequest,
  type EnergyMessage,
} from './energyMessages.ts';
import type { EnergyCounts } from './energyState.ts';

const counts: EnergyCounts = { bus: 10, hvLine: 2, station: 3, feeder: 4, storage: 1, pv: 5 };
const balance = {
  simTimeMs: 1000,
  importMw: 50,
  thermalMw: 0,
  pvMw: 5,
  windMw: 0,
  storageDischargeMw: 1,
  storageChargeMw: 0,
  loadMw: 55,
  demandMw: 55,
  shedMw: 0,
  unservedMw: 0,
  curtailedMw: 0,
  lossesMw: 1,
  renewableShare: 0.09,
  carbonIntensityGPerKwh: 520,
  emissionsTPerH: 28.6,
};
const good: EnergyMessage = {
  seq: 4,
  balance,
  events: [{ kind: 'sectionOverload', index: 9, value: 1.05, limit: 1, raised: true, simTimeMs: 1000 }],
  active: [
    { kind: 'sectionOverload', index: 9, value: 1.05, limit: 1 },
    { kind: 'unserved', index: -1, value: 2, limit: 0 },
  ],
  tetouan: { row: 3, rowTimeMs: 0, feeders: [0, 1, 2], zoneKw: [30000, 20000, 18000], feederMw: [6, 4, 3.6] },
};

describe('energy stream messages', () => {
  it('accepts a well-formed message unchanged', () => {
    expect(parseEnergyMessage(JSON.parse(JSON.stringify(good)), counts)).toEqual({ ok: true, value: good });
  });
  it('names the field and the reason when a message is malformed', () => {
    const bad = (patch: Record<string, unknown>) => {
      const r = parseEnergyMessage({ ...good, ...patch }, counts);
      return r.ok ? 'ok' : r.reason;
    };
    expect(bad({ seq: 0 })).toBe('energy.seq: expected a positive integer, got 0');
    expect(bad({ balance: { ...balance, loadMw: null } })).toBe(
      'energy 4.balance.loadMw: expected a finite number, got null',
    );
    expect(bad({ active: [{ kind: 'sectionOverload', index: 10, value: 1, limit: 1 }] })).toBe(
      'energy 4.active[0].index: expected −1 or an index < 10 for sectionOverload, got 10',
    );
    expect(bad({ events: [{ kind: 'meltdown', index: 0, value: 1, limit: 1 }] })).toMatch(
      /^energy 4.events\[0\].kind: expected one of sectionOverload/,
    );
    expect(bad({ tetouan: { ...good.tetouan, feeders: [0, 1, 4] } })).toMatch(
      /tetouan.feeders: expected 3 numbers/,
    );
  });
  it('validates series requests against the grid model and answers against the request', () => {
    expect(parseEnergySeriesRequest({ kind: 'pv', index: 4 }, counts)).toEqual({
      ok: true,
      value: { kind: 'pv', index: 4 },
    });
    const r = parseEnergySeriesRequest({ kind: 'pv', index: 5 }, counts);
    expect(r.ok ? '' : r.reason).toBe(
      'energySeries.index: 5 is out of range (the grid model has 5 pv elements)',
    );
    const ans = {
      ok: true,
      kind: 'storage',
      index: 0,
      simTimeMs: [1, 2],
      values: { socPct: [50, 51], mw: [1, -1] },
    };
    expect(parseEnergySeriesAnswer(ans, { kind: 'storage', index: 0 }).ok).toBe(true);
    const short = parseEnergySeriesAnswer(
      { ...ans, values: { socPct: [50], mw: [1, -1] } },
      { kind: 'storage', index: 0 },
    );
    expect(short.ok ? '' : short.reason).toBe(
      'energySeries answer (storage 0).values.socPct: expected 2 finite numbers',
    );
    const back = parseEnergySeriesAnswer({ ...ans, simTimeMs: [2, 1] }, { kind: 'storage', index: 0 });
    expect(back.ok ? '' : back.reason).toMatch(/simTimeMs\[1\]: times must increase/);
  });
});
