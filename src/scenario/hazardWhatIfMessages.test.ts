import { describe, expect, it } from 'vitest';
import { HAZARD_KPI_COUNT } from '../core/hazards/whatIf.ts';
import { parseHazardWhatIfInbound, parseHazardWhatIfReply } from './hazardWhatIfMessages.ts';
import {
  applyHazardWhatIfReply,
  createHazardWhatIfStore,
  hazardWhatIfRequest,
  type HazardWhatIfAsk,
} from './hazardWhatIfClient.ts';

const ASK: HazardWhatIfAsk = {
  spec: {
    kind: 'rainstorm',
    leadMin: 0,
    rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 50, durationMin: 120, peakRatio: 0.4 },
  },
  startMs: 1_784_505_600_000,
  horizonMin: 120,
};

describe('hazard what-if messages', () => {
  it('the client builds a request the worker accepts', () => {
    const req = hazardWhatIfRequest(3, ASK, { sceneName: 'default', seed: 7 }, 'http://localhost:5173/plan');
    expect(req.sceneJsonUrl).toBe('http://localhost:5173/scenes/default/scene.json');
    expect(req.sceneBinUrl).toBe('http://localhost:5173/scenes/default/scene.bin');
    const p = parseHazardWhatIfInbound(req);
    expect(p).toEqual({ ok: true, value: req });
    expect(parseHazardWhatIfInbound({ type: 'cancel', id: 3 })).toEqual({
      ok: true,
      value: { type: 'cancel', id: 3 },
    });
  });

  it('names the bad field of a request', () => {
    const req = hazardWhatIfRequest(1, ASK, { sceneName: 'default' }, 'http://x/');
    const err = (v: unknown) => {
      const p = parseHazardWhatIfInbound(v);
      return p.ok ? 'ok' : p.error;
    };
    expect(err({ ...req, horizonMin: 7 })).toBe(
      'run.horizonMin: expected a multiple of 5 in (0, 2880] min, got 7',
    );
    expect(err({ ...req, horizonMin: 5000 })).toMatch(/^run\.horizonMin/);
    expect(err({ ...req, seed: 1.5 })).toBe('run.seed: expected a non-negative integer, got 1.5');
    expect(err({ ...req, spec: 'storm' })).toBe('run.spec: expected an object, got "storm"');
    expect(err({ ...req, trafficIntervalMin: 0 })).toBe('run.trafficIntervalMin: expected 1 … 60 min, got 0');
    expect(err({ ...req, startMs: 'now' })).toBe('run.startMs: expected a finite number, got "now"');
    expect(err({ type: 'go', id: 1 })).toBe('message.type: expected "run" or "cancel", got "go"');
    expect(err(null)).toBe('message: expected an object, got null');
  });

  it('checks a result reply before the panel indexes into it', () => {
    const samples = 3;
    const good = {
      type: 'done',
      id: 2,
      elapsedMs: 10,
      result: {
        simTimeMs: new Float64Array(samples),
        baseline: new Float32Array(HAZARD_KPI_COUNT * samples),
        scenario: new Float32Array(HAZARD_KPI_COUNT * samples),
        delta: new Array(HAZARD_KPI_COUNT).fill({}),
        cascade: [],
        closedLinks: new Int32Array(2),
        closedMinutes: new Float32Array(2),
        maxDepth: { nx: 2, ny: 2, x0: 0, y0: 0, cellM: 10, depthMm: new Uint16Array(4) },
      },
    };
    expect(parseHazardWhatIfReply(good).ok).toBe(true);
    const bad = { ...good, result: { ...good.result, scenario: new Float32Array(5) } };
    const p = parseHazardWhatIfReply(bad);
    expect(p.ok ? '' : p.error).toBe(
      `reply "done".result.scenario: expected a Float32Array of ${HAZARD_KPI_COUNT * samples} values (${HAZARD_KPI_COUNT} KPIs × 3 samples)`,
    );
    const badGrid = { ...good, result: { ...good.result, maxDepth: { ...good.result.maxDepth, nx: 3 } } };
    const q = parseHazardWhatIfReply(badGrid);
    expect(q.ok ? '' : q.error).toBe('reply "done".result.maxDepth.depthMm: expected nx × ny = 6 cells');
    const r = parseHazardWhatIfReply({ type: 'progress', id: 1, stepsDone: 5, stepsTotal: 4 });
    expect(r.ok ? '' : r.error).toBe('reply "progress".stepsDone: 5 is more than stepsTotal 4');
  });
});

describe('hazard what-if client state', () => {
  it('follows the current run and drops replies of others', () => {
    const store = createHazardWhatIfStore();
    store.setState({ phase: 'running', id: 4, stage: 'loadingScene', stepsDone: 0, stepsTotal: 0, ask: ASK });
    applyHazardWhatIfReply(store, { type: 'progress', id: 3, stepsDone: 9, stepsTotal: 10 }, 4);
    expect(store.getState()).toMatchObject({ phase: 'running', stepsDone: 0 });
    applyHazardWhatIfReply(store, { type: 'stage', id: 4, stage: 'running' }, 4);
    applyHazardWhatIfReply(store, { type: 'progress', id: 4, stepsDone: 61, stepsTotal: 122 }, 4);
    expect(store.getState()).toMatchObject({
      phase: 'running',
      stage: 'running',
      stepsDone: 61,
      stepsTotal: 122,
    });
    applyHazardWhatIfReply(store, { type: 'error', id: 4, stage: 'model', message: 'boom' }, 4);
    expect(store.getState()).toEqual({ phase: 'error', stage: 'model', message: 'boom' });
    // Once not running, a late reply changes nothing.
    applyHazardWhatIfReply(store, { type: 'cancelled', id: 4 }, 4);
    expect(store.getState().phase).toBe('error');
  });
});
