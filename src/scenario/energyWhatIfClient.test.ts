import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store.ts';
import type { EnergyWhatIfResult } from '../core/energy/city/whatIf.ts';
import { applyEnergyWhatIfReply, energyWhatIfRequest } from './energyWhatIfClient.ts';

const span = { startSimMs: 1_784_044_800_000, hours: 24 };
const levers = [{ kind: 'heatWave', pct: 20 }] as const;

function running() {
  const store = createAppStore();
  store
    .getState()
    .setEnergyWhatIf({ phase: 'running', stage: 'loadingScene', stepsDone: 0, stepsTotal: 0, levers, span });
  return store;
}

describe('energyWhatIfRequest', () => {
  it('names the scene files on the page origin and carries the span, levers and counts', () => {
    const counts = { bus: 6, hvLine: 1, station: 2, feeder: 2, storage: 1, pv: 0 };
    expect(
      energyWhatIfRequest(
        4,
        levers,
        span,
        { sceneName: 'default', expectCounts: counts },
        'http://h:5173/plan?test=1',
      ),
    ).toEqual({
      type: 'run',
      id: 4,
      sceneJsonUrl: 'http://h:5173/scenes/default/scene.json',
      sceneBinUrl: 'http://h:5173/scenes/default/scene.bin',
      startSimMs: span.startSimMs,
      hours: 24,
      levers,
      expectCounts: counts,
    });
    expect(
      energyWhatIfRequest(1, [], span, { sceneName: 'a', baseUrl: '/pkg/' }, 'http://h/').sceneBinUrl,
    ).toBe('http://h/pkg/a/scene.bin');
  });
});

describe('applyEnergyWhatIfReply', () => {
  it('mirrors stage and progress of the current run, drops a stale run', () => {
    const store = running();
    applyEnergyWhatIfReply(store, { type: 'stage', id: 7, stage: 'running' }, 7);
    applyEnergyWhatIfReply(store, { type: 'progress', id: 7, stepsDone: 100, stepsTotal: 576 }, 7);
    applyEnergyWhatIfReply(store, { type: 'progress', id: 6, stepsDone: 500, stepsTotal: 576 }, 7);
    expect(store.getState().energyWhatIf).toEqual({
      phase: 'running',
      stage: 'running',
      stepsDone: 100,
      stepsTotal: 576,
      levers,
      span,
    });
  });

  it('keeps the levers and span with the result', () => {
    const store = running();
    const result = { delta: { peakDemandMw: 3 } } as unknown as EnergyWhatIfResult;
    applyEnergyWhatIfReply(store, { type: 'done', id: 2, result, elapsedMs: 80, stepMs: 300_000 }, 2);
    expect(store.getState().energyWhatIf).toEqual({
      phase: 'done',
      result,
      levers,
      span,
      elapsedMs: 80,
      stepMs: 300_000,
    });
  });

  it('goes idle on cancelled, shows errors (also of an unparsable request, id −1), ignores replies when idle', () => {
    const store = running();
    applyEnergyWhatIfReply(store, { type: 'cancelled', id: 1 }, 1);
    expect(store.getState().energyWhatIf).toEqual({ phase: 'idle' });
    applyEnergyWhatIfReply(store, { type: 'progress', id: 1, stepsDone: 1, stepsTotal: 2 }, 1);
    expect(store.getState().energyWhatIf).toEqual({ phase: 'idle' });
    const s2 = running();
    applyEnergyWhatIfReply(s2, { type: 'error', id: -1, stage: 'request', message: 'run.hours: …' }, 5);
    expect(s2.getState().energyWhatIf).toEqual({ phase: 'error', stage: 'request', message: 'run.hours: …' });
  });
});
