import { describe, expect, it } from 'vitest';
import {
  ENERGY_STATE_HEADER_BYTES,
  createEnergyStateColumns,
  decodeEnergyState,
  encodeEnergyState,
  energyStateByteLength,
  type DecodedEnergyState,
  type EnergyCounts,
} from './energyState.ts';

const counts: EnergyCounts = { bus: 3, hvLine: 1, station: 2, feeder: 2, storage: 1, pv: 2 };

function columns() {
  const c = createEnergyStateColumns(counts);
  c.sectionLoadingPct.set([10, 55.5, 120]);
  c.sectionFlowMw.set([3.5, -0.25, 1]);
  c.busVoltagePu.set([1, 0.97, Number.NaN]); // a dead bus travels as 0
  c.hvLineLoadingPct.set([42]);
  c.hvLineFlowMw.set([-12.5]);
  c.stationLoadingPct.set([30, 60]);
  c.stationLoadMw.set([-2, 8]);
  c.feederHeadMw.set([4.25, 3.75]);
  c.storageSocPct.set([50]);
  c.storageMw.set([-1.5]);
  c.pvUnitMw.set([0.5, 0]);
  return c;
}

const target = (): DecodedEnergyState => ({
  seq: 0,
  simTimeMs: 0,
  counts,
  columns: createEnergyStateColumns(counts),
});

describe('energy-state message', () => {
  it('round-trips every column exactly (NaN → 0) with a 48-byte header', () => {
    const bytes = encodeEnergyState(7, 1_784_044_800_000, counts, columns());
    // 11 columns: 3 bus × 3 + 1 HV × 2 + 2 stations × 2 + 2 feeders + 1 storage × 2 + 2 PV = 21 values.
    expect(bytes.byteLength).toBe(ENERGY_STATE_HEADER_BYTES + 4 * 21);
    expect(energyStateByteLength(counts)).toBe(bytes.byteLength);
    const d = target();
    expect(decodeEnergyState(bytes, counts, d)).toEqual({ ok: true });
    expect(d.seq).toBe(7);
    expect(d.simTimeMs).toBe(1_784_044_800_000);
    expect(Array.from(d.columns.sectionLoadingPct)).toEqual([10, 55.5, 120]);
    expect(Array.from(d.columns.sectionFlowMw)).toEqual([3.5, -0.25, 1]);
    expect(Array.from(d.columns.busVoltagePu)).toEqual([1, Math.fround(0.97), 0]);
    expect(Array.from(d.columns.hvLineFlowMw)).toEqual([-12.5]);
    expect(Array.from(d.columns.stationLoadMw)).toEqual([-2, 8]);
    expect(Array.from(d.columns.storageMw)).toEqual([-1.5]);
    expect(Array.from(d.columns.pvUnitMw)).toEqual([0.5, 0]);
  });
  it('clamps a negative loading to 0 on encode (the column minimum)', () => {
    const c = columns();
    c.sectionLoadingPct[0] = -3;
    const d = target();
    expect(decodeEnergyState(encodeEnergyState(1, 0, counts, c), counts, d)).toEqual({ ok: true });
    expect(d.columns.sectionLoadingPct[0]).toBe(0);
  });
  it('refuses bad input with a reason naming what is wrong', () => {
    const good = encodeEnergyState(3, 5, counts, columns());
    const d = target();
    const fail = (b: unknown, c = counts) => {
      const r = decodeEnergyState(b, c, d);
      return r.ok ? 'ok' : r.reason;
    };
    expect(fail('text')).toMatch(/expected binary, got string/);
    expect(fail(good.slice(0, 20))).toMatch(/truncated header/);
    expect(fail(good, { ...counts, bus: 4 })).toMatch(/bus count 3, the client's grid model has 4/);
    expect(fail(good.slice(0, good.length - 4))).toMatch(/length .* need exactly/);
    const seq0 = good.slice();
    new DataView(seq0.buffer).setUint32(8, 0, true);
    expect(fail(seq0)).toMatch(/sequence 0/);
    const magic = good.slice();
    magic[0] = 0;
    expect(fail(magic)).toMatch(/wrong magic/);
    const neg = good.slice();
    new DataView(neg.buffer).setFloat32(ENERGY_STATE_HEADER_BYTES, -1, true); // sectionLoadingPct[0]
    expect(fail(neg)).toMatch(/sectionLoadingPct\[0\] = -1 is not a finite number ≥ 0/);
    const nan = good.slice();
    new DataView(nan.buffer).setFloat32(ENERGY_STATE_HEADER_BYTES + 4 * 3, Number.NaN, true); // sectionFlowMw[0]
    expect(fail(nan)).toMatch(/sectionFlowMw\[0\] = NaN/);
  });
});
