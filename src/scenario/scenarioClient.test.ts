import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult, ScenarioSpec } from '../core/scenario/types.ts';
import { cancelScenario, resetScenario, scenarioRunStore, startScenario } from './scenarioClient.ts';
import type { ScenarioReply, ScenarioRequest } from './scenarioMessages.ts';

/** A stand-in Worker: records what it was sent and lets the test reply. */
class FakeWorker {
  static all: FakeWorker[] = [];
  sent: ScenarioRequest[] = [];
  terminated = false;
  onmessage: ((e: { data: ScenarioReply }) => void) | null = null;
  onerror: unknown = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(m: ScenarioRequest): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: ScenarioReply): void {
    this.onmessage?.({ data: m });
  }
}

const g = globalThis as unknown as { Worker?: unknown; location?: unknown };
const saved = { Worker: g.Worker, location: g.location };
beforeAll(() => {
  g.Worker = FakeWorker;
  g.location = { href: 'http://city.test/plan', origin: 'http://city.test' };
});
afterAll(() => {
  g.Worker = saved.Worker;
  g.location = saved.location;
});

const SPEC: ScenarioSpec = {
  base: { sceneName: 'default', startSimMs: 0, seed: 1, utcOffsetMin: 480, horizonH: 1 },
  levers: {},
};
const RESULT: ScenarioResult = { spec: SPEC, domains: [], kpis: [], elapsedMs: 1 };
const STAGE = { zh: '交通分配', en: 'Traffic assignment' };

describe('scenarioClient', () => {
  it('runs: request with the scene URLs, progress, done', () => {
    const id = startScenario(SPEC, { sceneName: 'default' });
    const w = FakeWorker.all.at(-1)!;
    expect(w.sent[0]).toEqual({
      type: 'run',
      id,
      sceneJsonUrl: 'http://city.test/scenes/default/scene.json',
      sceneBinUrl: 'http://city.test/scenes/default/scene.bin',
      spec: SPEC,
    });
    w.reply({ type: 'progress', id, fraction: 0.4, domain: 'traffic', stage: STAGE });
    expect(scenarioRunStore.getState()).toMatchObject({ phase: 'running', progress: 0.4, domain: 'traffic' });
    w.reply({ type: 'done', id, result: RESULT });
    expect(scenarioRunStore.getState()).toEqual({ phase: 'done', id, spec: SPEC, result: RESULT });
  });

  it('cancel terminates the worker; replies of the cancelled run are dropped; the next run gets a fresh worker', () => {
    const id = startScenario(SPEC, { sceneName: 'default' });
    const w = FakeWorker.all.at(-1)!;
    cancelScenario();
    expect(w.terminated).toBe(true);
    expect(scenarioRunStore.getState()).toEqual({ phase: 'cancelled', id, spec: SPEC });
    w.reply({ type: 'done', id, result: RESULT });
    expect(scenarioRunStore.getState().phase).toBe('cancelled');
    const id2 = startScenario(SPEC, { sceneName: 'default' });
    expect(FakeWorker.all.at(-1)).not.toBe(w);
    FakeWorker.all
      .at(-1)!
      .reply({ type: 'error', id: id2, stage: 'spec', message: 'scenario: base.seed: …' });
    expect(scenarioRunStore.getState()).toMatchObject({
      phase: 'error',
      stage: 'spec',
      message: 'scenario: base.seed: …',
    });
    resetScenario();
    expect(scenarioRunStore.getState()).toEqual({ phase: 'idle' });
  });

  it('a new run supersedes a running one (its late replies are dropped)', () => {
    const id1 = startScenario(SPEC, { sceneName: 'default' });
    const w1 = FakeWorker.all.at(-1)!;
    const id2 = startScenario(SPEC, { sceneName: 'default' });
    expect(id2).toBeGreaterThan(id1);
    w1.reply({ type: 'done', id: id1, result: RESULT });
    expect(scenarioRunStore.getState()).toMatchObject({ phase: 'running', id: id2 });
  });
});
