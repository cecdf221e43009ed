import { describe, expect, it } from 'vitest';
import { makeTestCity } from '../../core/energy/city/testCity.ts';
import { emptyZones } from '../../core/scene/empty.ts';
import { createLocalFrame, lonLat } from '../../core/geo/projection.ts';
import { applyAction, createOrder } from '../../core/workload/stateMachine.ts';
import { T0, report } from '../../core/workload/testFixtures.ts';
import type { Actor, WorkOrder } from '../../core/workload/types.ts';
import { SLA_REFRESH_MS, WO_LAYER, WorkloadMap } from './workloadLayers.ts';

const OP: Actor = { kind: 'operator', id: 'op:1' };
const MIN = 60_000;

function city() {
  const base = makeTestCity({ assets: [], lines: [], buildings: [] });
  // One grid cell, the square (0,0)–(500,500).
  const zones = {
    ...emptyZones(),
    count: 1,
    polyStart: Uint32Array.from([0, 1]),
    ringStart: Uint32Array.from([0, 4]),
    xy: Float32Array.from([0, 0, 500, 0, 500, 500, 0, 500]),
    level: Uint8Array.from([1]),
    parent: Uint32Array.from([0xffffffff]),
    sourceId: ['c'],
  };
  return { ...base, zones };
}

function orders(): Map<string, WorkOrder> {
  const a = createOrder(report('rep:1', { x: 100, y: 200, gridCell: 0 }), 'wo:1', 1, OP);
  const b = createOrder(report('rep:2', { x: 300, y: 400, gridCell: 0 }), 'wo:2', 2, OP);
  if (!a.ok || !b.ok) throw new Error('fixture');
  const acc = applyAction(b.order, { kind: 'accept' }, OP, T0 + MIN, 3);
  if (!acc.ok) throw new Error(acc.reason);
  const disp = applyAction(acc.order, { kind: 'dispatch', department: 'cg' }, OP, T0 + 2 * MIN, 4);
  if (!disp.ok) throw new Error(disp.reason);
  return new Map([
    [a.order.id, a.order],
    [disp.order.id, disp.order],
  ]);
}

describe('WorkloadMap', () => {
  it('rebuilds on a new version, or once per SLA_REFRESH_MS when the clock moved a flag', () => {
    const m = new WorkloadMap(city());
    const o = orders();
    expect(m.sync(o, 1, T0 + 3 * MIN, 0)).toBe(true);
    // Within the refresh interval: no rebuild at all.
    expect(m.sync(o, 1, T0 + 3 * MIN, SLA_REFRESH_MS - 1)).toBe(false);
    expect(m.stats.builds).toBe(1);
    // A second later, nothing changed flags: rebuilt but nothing to redraw.
    expect(m.sync(o, 1, T0 + 4 * MIN, SLA_REFRESH_MS)).toBe(false);
    expect(m.stats.builds).toBe(2);
    // wo:1 (garbage P3, reported at T0) passes its 30-min accept deadline and leaves the 15-min "new" window.
    expect(m.frame.overdue.length).toBe(0);
    expect(m.sync(o, 1, T0 + 31 * MIN, 2 * SLA_REFRESH_MS)).toBe(true);
    expect(m.frame.overdue.length).toBe(1);
    expect(m.sync(o, 2, T0 + 31 * MIN, 2 * SLA_REFRESH_MS + 1)).toBe(true);
    expect(m.stats.builds).toBe(4);
  });

  it('writes exact lon/lat offsets, maps picks back to order ids and counts the cell', () => {
    const model = city();
    const m = new WorkloadMap(model);
    m.sync(orders(), 1, T0 + 3 * MIN, 0);
    const f = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
    const layers = m.layers({ workOrders: true, workloadHeat: true, fieldUnits: true }, 0);
    const dots = layers.find((l) => l.id === WO_LAYER.orders)!;
    const pos = (dots.props.data as { attributes: { getPosition: { value: Float32Array } } }).attributes
      .getPosition.value;
    const k = m.frame.ids.indexOf('wo:1');
    // Equirectangular local frame: Δlon = x / mPerDegLon, Δlat = y / mPerDegLat.
    expect(pos[k * 2]).toBeCloseTo(100 / f.mPerDegLon, 9);
    expect(pos[k * 2 + 1]).toBeCloseTo(200 / f.mPerDegLat, 9);
    expect(m.selectionOf(WO_LAYER.orders, k)).toEqual({ kind: 'workOrder', id: 'wo:1' });
    expect(m.selectionOf(WO_LAYER.units, 0)).toBeNull();
    expect(m.selectionOf(WO_LAYER.orders, 99)).toBeNull();
    expect(m.cellCount).toBe(1);
    expect(Array.from(m.frame.cellOpen)).toEqual([2]);
    // One dispatched order → one field unit.
    expect(m.frame.units).toBe(1);
  });

  it('animates units into alternating buffers and hides layers by toggle', () => {
    const m = new WorkloadMap(city());
    m.sync(orders(), 1, T0 + 2 * MIN, 0);
    const get = () =>
      (
        m
          .layers({ workOrders: true, workloadHeat: false, fieldUnits: true }, 0)
          .find((l) => l.id === WO_LAYER.units)!.props.data as {
          attributes: { getPosition: { value: Float32Array } };
        }
      ).attributes.getPosition.value;
    const a = get();
    m.animate(T0 + 2 * MIN + 1000);
    const b = get();
    m.animate(T0 + 2 * MIN + 2000);
    expect(b).not.toBe(a);
    expect(get()).toBe(a);
    const ls = m.layers({ workOrders: false, workloadHeat: false, fieldUnits: true }, 0);
    expect(ls.find((l) => l.id === WO_LAYER.orders)!.props.visible).toBe(false);
    expect(ls.find((l) => l.id === WO_LAYER.heat)!.props.visible).toBe(false);
    expect(ls.find((l) => l.id === WO_LAYER.units)!.props.visible).toBe(true);
  });
});
