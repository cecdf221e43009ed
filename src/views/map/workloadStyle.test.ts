import { describe, expect, it } from 'vitest';
import { PoiKind } from '../../core/scene/types.ts';
import { emptyPois, emptyZones } from '../../core/scene/empty.ts';
import { applyAction, createOrder } from '../../core/workload/stateMachine.ts';
import { T0, report } from '../../core/workload/testFixtures.ts';
import type { Actor, WorkOrder, WorkOrderAction } from '../../core/workload/types.ts';
import { DEPARTMENTS } from '../../core/workload/taxonomy.ts';
import {
  BASE_RING_M,
  HEAT_BANDS,
  STAGE_COLORS,
  UnitPhase,
  WoFlag,
  buildWorkloadFrame,
  departmentBases,
  drawnIndexOf,
  fieldUnitPositions,
  heatBand,
  pulseScale,
  unitTravelMs,
} from './workloadStyle.ts';

const OP: Actor = { kind: 'operator', id: 'op:1' };
const MIN = 60_000;

/** One district, the square (0,0)–(1000,1000) (closed ring), then grid cell 1 inside it; one police station. */
function scene() {
  const zones = {
    ...emptyZones(),
    count: 2,
    polyStart: Uint32Array.from([0, 1, 2]),
    ringStart: Uint32Array.from([0, 5, 9]),
    xy: Float32Array.from([0, 0, 1000, 0, 1000, 1000, 0, 1000, 0, 0, 0, 0, 500, 0, 500, 500, 0, 500]),
    level: Uint8Array.from([0, 1]),
    parent: Uint32Array.from([0xffffffff, 0]),
    sourceId: ['d', 'c'],
  };
  const pois = {
    ...emptyPois(),
    count: 1,
    kind: Uint8Array.from([PoiKind.police]),
    xy: Float32Array.from([2000, 0]),
  };
  return { zones, pois };
}

function order(
  id: string,
  over: Parameters<typeof report>[1],
  actions: [WorkOrderAction, number][],
): WorkOrder {
  const c = createOrder(report(`rep:${id}`, over), id, 1, OP);
  if (!c.ok) throw new Error(c.reason);
  let o = c.order;
  let seq = 2;
  for (const [a, t] of actions) {
    const r = applyAction(o, a, OP, t, seq++);
    if (!r.ok) throw new Error(r.reason);
    o = r.order;
  }
  return o;
}

describe('departmentBases', () => {
  it('puts police at the police POIs and the others on a ring round the district centroid', () => {
    const b = departmentBases(scene());
    const cg = b.departments.indexOf('cg');
    const ga = b.departments.indexOf('ga');
    expect(DEPARTMENTS[cg]?.id).toBe('cg');
    // Centroid of the square without its closing vertex: (500, 500); cg is department 0 → angle 0.
    expect(b.start[cg + 1]! - b.start[cg]!).toBe(1);
    expect(b.xy[b.start[cg]! * 2]).toBeCloseTo(500 + BASE_RING_M * Math.cos((2 * Math.PI * cg) / 12), 3);
    expect(b.xy[b.start[cg]! * 2 + 1]).toBeCloseTo(500 + BASE_RING_M * Math.sin((2 * Math.PI * cg) / 12), 3);
    expect([b.xy[b.start[ga]! * 2], b.xy[b.start[ga]! * 2 + 1]]).toEqual([2000, 0]);
  });
});

describe('buildWorkloadFrame', () => {
  const b = departmentBases(scene());
  it('colours by stage, flags overdue and new orders, counts open orders per cell, drops closed ones', () => {
    // garbage P3: accept within 30 min (taxonomy SLA_ACCEPT_MIN[2]).
    const fresh = order('wo:1', { gridCell: 1, simTimeMs: T0 + 20 * MIN }, []);
    const late = order('wo:2', { gridCell: 1 }, []);
    const accepted = order('wo:3', { gridCell: 1 }, [[{ kind: 'accept' }, T0 + 5 * MIN]]);
    const rejected = order('wo:4', {}, [[{ kind: 'reject', reason: 'invalid' }, T0 + 5 * MIN]]);
    const m = new Map([fresh, late, accepted, rejected].map((o) => [o.id, o]));
    const now = T0 + 31 * MIN;
    const f = buildWorkloadFrame(m, 7, now, 2, b);
    expect(f.count).toBe(3);
    expect(f.version).toBe(7);
    const k1 = drawnIndexOf(f, 'wo:1');
    const k2 = drawnIndexOf(f, 'wo:2');
    const k3 = drawnIndexOf(f, 'wo:3');
    expect(drawnIndexOf(f, 'wo:4')).toBe(-1);
    // Reported 11 min ago (< 15 min window): new, not overdue (due at T0+50 min).
    expect(f.flags[k1]).toBe(WoFlag.isNew);
    // Reported 31 min ago: the 30-min accept clock has run out.
    expect(f.flags[k2]).toBe(WoFlag.overdue);
    expect(Array.from(f.overdue)).toEqual([k2]);
    expect(Array.from(f.fresh)).toEqual([k1]);
    expect(Array.from(f.rgba.subarray(k3 * 4, k3 * 4 + 4))).toEqual([...STAGE_COLORS.accepted, 255]);
    expect(Array.from(f.rgba.subarray(k2 * 4, k2 * 4 + 4))).toEqual([...STAGE_COLORS.reported, 255]);
    // Cell 1 holds three open orders; wo:4 (cell 4, out of range of 2 zones, and rejected) is not counted.
    expect(Array.from(f.cellOpen)).toEqual([0, 3]);
    expect(f.cellMax).toBe(3);
    expect(f.units).toBe(0);
  });

  it('drives a unit from its base to the order at the stated speed, then holds it on site', () => {
    // Base of cg: (650, 500); the order 1000 m north of it.
    const bx = 500 + BASE_RING_M;
    const o = order('wo:9', { x: bx, y: 1500, gridCell: 1 }, [
      [{ kind: 'accept' }, T0 + MIN],
      [{ kind: 'dispatch', department: 'cg' }, T0 + 2 * MIN],
    ]);
    const f = buildWorkloadFrame(new Map([[o.id, o]]), 1, T0 + 2 * MIN, 2, b);
    expect(f.units).toBe(1);
    expect(f.unitPhase[0]).toBe(UnitPhase.driving);
    // 1000 m × 1.3 circuity at 25 km/h (6.944 m/s) = 187.2 s.
    expect(unitTravelMs(1000)).toBeCloseTo(187_200, 6);
    expect(f.unitTravelMs[0]).toBeCloseTo(187_200, 0);
    const out = new Float32Array(2);
    // Half way in time → half way along the straight line: (650, 1000).
    expect(fieldUnitPositions(f, T0 + 2 * MIN + 93_600, out)).toBe(1);
    expect(out[0]).toBeCloseTo(bx, 3);
    expect(out[1]).toBeCloseTo(1000, 1);
    // After arrival it waits at the order, no longer driving.
    expect(fieldUnitPositions(f, T0 + 2 * MIN + 200_000, out)).toBe(0);
    expect([out[0], out[1]]).toEqual([bx, 1500]);
    // Before dispatch (clock behind): at the base.
    fieldUnitPositions(f, T0, out);
    expect(out[1]).toBeCloseTo(500, 3);
    const started = order('wo:9', { x: bx, y: 1500, gridCell: 1 }, [
      [{ kind: 'accept' }, T0 + MIN],
      [{ kind: 'dispatch', department: 'cg' }, T0 + 2 * MIN],
      [{ kind: 'start' }, T0 + 3 * MIN],
    ]);
    const g = buildWorkloadFrame(new Map([[started.id, started]]), 2, T0 + 3 * MIN, 2, b);
    expect(g.unitPhase[0]).toBe(UnitPhase.onSite);
    expect(fieldUnitPositions(g, T0 + 3 * MIN, out)).toBe(0);
    expect([out[0], out[1]]).toEqual([bx, 1500]);
  });
});

describe('heat and pulse', () => {
  it('classes counts by powers of two', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 500].map(heatBand)).toEqual([-1, 0, 1, 1, 2, 2, 3, 4, 4, 5, 5]);
    expect(HEAT_BANDS).toHaveLength(6);
  });
  it('expands and fades the pulse once per period', () => {
    const p = { scale: 0, alpha: 0 };
    expect(pulseScale(0, p)).toEqual({ scale: 1, alpha: 1 });
    // Half a period (0.8 s of 1.6 s): scale 1 + 2·0.5 = 2, alpha 0.5.
    pulseScale(0.8, p);
    expect(p.scale).toBeCloseTo(2, 9);
    expect(p.alpha).toBeCloseTo(0.5, 9);
  });
});
