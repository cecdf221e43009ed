import { describe, expect, it } from 'vitest';
import type { CascadeNode, HazardSpec } from '../src/core/hazards/types.ts';
import type { RuntimeFloodFrame } from '../src/core/hazards/runtime.ts';
import {
  decodeFloodFrame,
  type HazardCommandAnswer,
  type HazardMessage,
} from '../src/core/protocol/index.ts';
import { parseHazardOption } from './hazardOption.ts';
import { emptySnapshot, HazardStreams, scheduledMs, type HazardSource } from './hazardStreams.ts';

const T0 = Date.UTC(2026, 2, 2, 0, 0);
const LIMITS = {
  buildingCount: 10,
  extent: { minX: -100, minY: -100, maxX: 100, maxY: 100 },
  formulas: ['beijing'],
};

const node = (k: number): CascadeNode => ({
  id: `HZ-0001/${String(k).padStart(4, '0')}`,
  hazardId: 'HZ-0001',
  simTimeMs: T0,
  system: 'hazard',
  kind: 'alert',
  ref: null,
  x: null,
  y: null,
  severity: 1,
  title: { zh: '预警', en: 'alert' },
  why: { zh: '', en: '' },
  causes: [],
});

/** A scripted runtime: records calls, emits the queued messages and frames. */
function fake() {
  const calls: string[] = [];
  const log: CascadeNode[] = [];
  const queue: HazardMessage[] = [];
  const frames: RuntimeFloodFrame[] = [];
  const base = emptySnapshot(T0).message;
  const rt: HazardSource = {
    trigger(spec: HazardSpec, simMs: number): HazardCommandAnswer {
      calls.push(`trigger ${spec.kind} @${(simMs - T0) / 60_000}`);
      return { ok: true, id: 'HZ-0001' };
    },
    cancel(id: string): HazardCommandAnswer {
      calls.push(`cancel ${id}`);
      return { ok: false, reason: `${id}: no such hazard` };
    },
    acknowledge(id: string, operator: string): HazardCommandAnswer {
      calls.push(`ack ${id} ${operator}`);
      return { ok: true, id };
    },
    message: () => queue.shift() ?? null,
    snapshot: () => ({ message: { ...base, cascade: [...log] }, lifelineHistory: [] }),
    floodFrame: () => frames.shift() ?? null,
    takeReports: () => [],
  };
  return { rt, calls, log, queue, frames, base };
}

describe('HazardStreams', () => {
  it('costs nothing before the first trigger, then runs the schedule in time order', () => {
    const f = fake();
    const lines: string[] = [];
    const s = new HazardStreams(f.rt, {
      limits: LIMITS,
      startSimMs: T0,
      log: (l) => lines.push(l),
      schedule: [parseHazardOption('earthquake:M=6@+30m'), parseHazardOption('fire:building=3@+10m')],
    });
    f.queue.push({ ...f.base, seq: 1 });
    s.beforeStep(T0 + 9 * 60_000);
    // Not engaged: the queued message is not even asked for.
    expect(s.afterStep(T0 + 9 * 60_000).messages).toEqual([]);
    s.beforeStep(T0 + 10 * 60_000);
    expect(f.calls).toEqual(['trigger fire @10']);
    expect(s.afterStep(T0 + 10 * 60_000).messages.map((m) => m.seq)).toEqual([1]);
    s.beforeStep(T0 + 45 * 60_000);
    expect(f.calls).toEqual(['trigger fire @10', 'trigger earthquake @45']);
    expect(lines[0]).toBe(
      'hazard HZ-0001 triggered at 2026-03-02T00:10:00.000Z (--hazard fire:building=3@+10m)',
    );
  });

  it('validates commands before the runtime sees them', () => {
    const f = fake();
    const s = new HazardStreams(f.rt, { limits: LIMITS, startSimMs: T0 });
    expect(s.command({ op: 'trigger', spec: { kind: 'fire', building: 10 } }, T0)).toEqual({
      ok: false,
      reason: 'hzCommand.spec.building: 10 is out of range [0, 9]',
    });
    expect(f.calls).toEqual([]);
    expect(s.command({ op: 'cancel', id: 'HZ-0003' }, T0)).toEqual({
      ok: false,
      reason: 'HZ-0003: no such hazard',
    });
    expect(s.command({ op: 'acknowledge', id: 'HZ-0001', operator: 'op' }, T0)).toEqual({
      ok: true,
      id: 'HZ-0001',
    });
    expect(f.calls).toEqual(['cancel HZ-0003', 'ack HZ-0001 op']);
  });

  it('encodes flood frames, keeps the latest, forgets it when no rainstorm is left', () => {
    const f = fake();
    const s = new HazardStreams(f.rt, { limits: LIMITS, startSimMs: T0 });
    s.command({ op: 'acknowledge', id: 'HZ-0001', operator: 'op' }, T0);
    f.frames.push({
      seq: 1,
      simTimeMs: T0,
      nx: 2,
      ny: 1,
      x0: 0,
      y0: 0,
      cellM: 10,
      hazardNumber: 1,
      depthMm: new Uint16Array([5, 7]),
    });
    const out = s.afterStep(T0);
    expect(out.flood).not.toBeNull();
    expect(s.latestFlood).toBe(out.flood);
    const d = decodeFloodFrame(out.flood!);
    expect(d.ok && Array.from(d.value.depthMm)).toEqual([5, 7]);
    f.queue.push({ ...f.base, seq: 1 });
    s.afterStep(T0 + 60_000);
    expect(s.latestFlood).toBeNull();
  });

  it('cuts the snapshot log at the last streamed step', () => {
    const f = fake();
    const s = new HazardStreams(f.rt, { limits: LIMITS, startSimMs: T0 });
    s.command({ op: 'acknowledge', id: 'HZ-0001', operator: 'op' }, T0);
    f.log.push(node(1));
    // Nothing streamed yet: the step reaches the client with the first message, not the snapshot.
    expect(s.snapshot(T0).message.cascade).toEqual([]);
    f.queue.push({ ...f.base, seq: 1, cascade: [node(1)] });
    s.afterStep(T0);
    f.log.push(node(2));
    expect(s.snapshot(T0).message.cascade.map((n) => n.id)).toEqual(['HZ-0001/0001']);
  });

  it('without a runtime: an empty snapshot and a refusal', () => {
    const s = new HazardStreams(null, { limits: LIMITS, startSimMs: T0 });
    expect(s.snapshot(T0).message.lifelines).toEqual({
      simTimeMs: T0,
      powerPct: 100,
      roadsPct: 100,
      waterPct: 100,
    });
    expect(s.command({ op: 'cancel', id: 'HZ-0001' }, T0)).toEqual({
      ok: false,
      reason: 'hzCommand: this server runs no simulator (replay mode)',
    });
    expect(scheduledMs({ kind: 'afterStart', ms: 5 }, 10)).toBe(15);
  });
});
