import { describe, expect, it } from 'vitest';
import {
  parseEnergyLever,
  parseEnergyWhatIfInbound,
  parseEnergyWhatIfReply,
} from './energyWhatIfMessages.ts';

const run = {
  type: 'run',
  id: 3,
  sceneJsonUrl: 'http://x/scenes/default/scene.json',
  sceneBinUrl: 'http://x/scenes/default/scene.bin',
  startSimMs: 1_784_044_800_000,
  hours: 24,
  levers: [
    { kind: 'heatWave', pct: 20 },
    { kind: 'tripStation', station: 2 },
    { kind: 'addStorage', bus: 5, mw: 5, mwh: 10 },
    { kind: 'storageStrategy', strategy: 'off' },
  ],
  expectCounts: { bus: 622, hvLine: 8, station: 9, feeder: 59, storage: 3, pv: 70 },
};

describe('parseEnergyWhatIfInbound', () => {
  it('accepts a well-formed run and a cancel', () => {
    expect(parseEnergyWhatIfInbound(run)).toEqual({ ok: true, value: run });
    expect(parseEnergyWhatIfInbound({ type: 'cancel', id: 3 })).toEqual({
      ok: true,
      value: { type: 'cancel', id: 3 },
    });
  });

  it('drops fields it does not know (a lever carries only its own fields)', () => {
    const p = parseEnergyWhatIfInbound({ ...run, levers: [{ kind: 'heatWave', pct: 5, station: 1 }], x: 1 });
    expect(p.ok && p.value.type === 'run' && p.value.levers).toEqual([{ kind: 'heatWave', pct: 5 }]);
  });

  it.each([
    [null, 'message: expected an object, got null'],
    [{ type: 'go', id: 1 }, 'message.type: expected "run" or "cancel", got "go"'],
    [{ type: 'cancel', id: -1 }, 'cancel.id: expected a non-negative integer, got -1'],
    [{ ...run, id: '3' }, 'run.id: expected a finite number, got "3"'],
    [{ ...run, sceneJsonUrl: '' }, 'run.sceneJsonUrl: expected a non-empty string, got ""'],
    [{ ...run, startSimMs: Number.NaN }, 'run.startSimMs: expected a finite number, got NaN'],
    [{ ...run, hours: 0 }, 'run.hours: expected a span in (0, 168] h, got 0'],
    [{ ...run, hours: 169 }, 'run.hours: expected a span in (0, 168] h, got 169'],
    [{ ...run, levers: {} }, 'run.levers: expected an array, got object'],
    [{ ...run, levers: [{ kind: 'heatWave', pct: 1 }, 7] }, 'run.levers[1]: expected an object, got 7'],
    [{ ...run, levers: [{ kind: 'meteor' }] }, 'run.levers[0].kind: unknown lever kind "meteor"'],
    [
      { ...run, levers: [{ kind: 'heatWave', pct: '20' }] },
      'run.levers[0].pct: expected a finite number, got "20"',
    ],
    [
      { ...run, levers: [{ kind: 'tripStation', station: 1.5 }] },
      'run.levers[0].station: expected a non-negative integer, got 1.5',
    ],
    [
      { ...run, levers: [{ kind: 'addStorage', bus: 1, mw: 1 }] },
      'run.levers[0].mwh: expected a finite number, got undefined',
    ],
    [
      { ...run, levers: [{ kind: 'storageStrategy', strategy: 'max' }] },
      'run.levers[0].strategy: expected one of peakShave, selfConsumption, off, got "max"',
    ],
    [
      { ...run, expectCounts: { bus: 1 } },
      'run.expectCounts.hvLine: expected a finite number, got undefined',
    ],
  ])('rejects %j with a message naming the field', (msg, error) => {
    expect(parseEnergyWhatIfInbound(msg)).toEqual({ ok: false, error });
  });

  it('parses every lever kind', () => {
    const all = [
      { kind: 'tripLine', line: 1 },
      { kind: 'tripHvLine', hvLine: 0 },
      { kind: 'tripSection', bus: 4 },
      { kind: 'tripStation', station: 0 },
      { kind: 'addPv', bus: 2, mw: 3 },
      { kind: 'addStorage', bus: 2, mw: 1, mwh: 2 },
      { kind: 'evGrowth', pct: 50 },
      { kind: 'heatWave', pct: -10 },
      { kind: 'storageStrategy', strategy: 'selfConsumption' },
    ];
    for (const l of all) expect(parseEnergyLever(l, 'x')).toEqual({ ok: true, value: l });
  });
});

describe('parseEnergyWhatIfReply', () => {
  const series = { simTimeMs: new Float64Array(1) };
  it('accepts the replies the worker sends', () => {
    expect(parseEnergyWhatIfReply({ type: 'stage', id: 1, stage: 'buildingGrid' }).ok).toBe(true);
    expect(parseEnergyWhatIfReply({ type: 'progress', id: 1, stepsDone: 5, stepsTotal: 576 })).toEqual({
      ok: true,
      value: { type: 'progress', id: 1, stepsDone: 5, stepsTotal: 576 },
    });
    expect(parseEnergyWhatIfReply({ type: 'cancelled', id: 2 }).ok).toBe(true);
    expect(parseEnergyWhatIfReply({ type: 'error', id: 1, stage: 'grid', message: 'x' }).ok).toBe(true);
    const done = {
      type: 'done',
      id: 1,
      result: { baseline: {}, scenario: {}, delta: {}, series },
      elapsedMs: 12,
      stepMs: 300_000,
    };
    expect(parseEnergyWhatIfReply(done).ok).toBe(true);
  });

  it.each([
    [{ type: 'stage', id: 1, stage: 'dreaming' }, 'reply "stage".stage: unknown stage "dreaming"'],
    [
      { type: 'progress', id: 1, stepsDone: 9, stepsTotal: 8 },
      'reply "progress".stepsDone: 9 is more than stepsTotal 8',
    ],
    [
      { type: 'done', id: 1, result: {}, elapsedMs: 1, stepMs: 1 },
      'reply "done".result: expected baseline, scenario and delta',
    ],
    [
      { type: 'done', id: 1, result: { baseline: {}, scenario: {}, delta: {} }, elapsedMs: 1, stepMs: 1 },
      'reply "done".result.series: expected per-step series',
    ],
    [{ type: 'error', id: 1, stage: 'x', message: '' }, 'reply "error".stage: unknown stage "x"'],
    [{ type: 'hello', id: 1 }, 'reply.type: unknown reply type "hello"'],
    [{ type: 'cancelled' }, 'reply "cancelled".id: expected a finite number, got undefined'],
  ])('rejects %j', (msg, error) => {
    expect(parseEnergyWhatIfReply(msg)).toEqual({ ok: false, error });
  });
});
