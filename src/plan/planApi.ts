/**
 * Saved scenarios on the server (docs/protocol.md §11): a typed promise client of the feed server's `/plan`
 * namespace. Every call resolves with the server's answer or rejects with an Error whose message says why
 * (the server's reason with the field path, a timeout, no connection); answers are validated before use.
 *
 * API (for the planner page and the compare view):
 *   const api = getPlanApi();                     // one shared client per page (lazy; reconnects by itself)
 *   await api.save(name, spec, kpis | null)       → SavedScenarioSummary   (refuses a name already used)
 *   await api.list()                              → SavedScenarioSummary[] (newest first)
 *   await api.get(id)                             → SavedScenario          (spec + the KPIs saved with it)
 *   await api.rename(id, name)                    → SavedScenarioSummary
 *   await api.remove(id)                          → void
 *   api.onConnection((connected) => …)            → unsubscribe function
 *   api.close()
 * Share by URL: `/plan?scenario=<id>` — the page calls api.get(id) and re-runs spec with startScenario
 * (src/scenario/scenarioClient.ts); kpisEqual/kpiDiffs (src/core/scenario/run.ts) compare with the saved KPIs.
 */
import { io, type Socket } from 'socket.io-client';
import {
  kpisToWire,
  parsePlanDeleteAnswer,
  parsePlanInfoAnswer,
  parsePlanGetAnswer,
  parsePlanListAnswer,
  parsePlanSaveAnswer,
  PlanEvent,
  type SavedScenarioSummary,
} from '../core/protocol/planMessages.ts';
import type { Parsed } from '../core/protocol/messages.ts';
import type { SavedScenario, ScenarioKpi, ScenarioSpec } from '../core/scenario/types.ts';

export type { SavedScenarioSummary } from '../core/protocol/planMessages.ts';

/** How long a request waits for its answer, ms (a save writes one row; the server answers in milliseconds). */
export const PLAN_TIMEOUT_MS = 8000;

/** The client. */
export interface PlanApi {
  save(name: string, spec: ScenarioSpec, kpis: readonly ScenarioKpi[] | null): Promise<SavedScenarioSummary>;
  list(): Promise<readonly SavedScenarioSummary[]>;
  get(id: string): Promise<SavedScenario>;
  rename(id: string, name: string): Promise<SavedScenarioSummary>;
  remove(id: string): Promise<void>;
  /** The live twin's seed and scene (a fork uses the live seed: same weather and demand noise). */
  info(): Promise<{ seed: number; sceneName: string }>;
  /** Calls `fn(connected)` now and on every change; returns the unsubscribe function. */
  onConnection(fn: (connected: boolean) => void): () => void;
  close(): void;
}

/** Options (tests pass their server's URL). */
export interface PlanApiOptions {
  /** Server origin (default: this page's origin). */
  readonly origin?: string;
  readonly timeoutMs?: number;
}

/** Creates a client of the /plan namespace (socket.io reconnects by itself; requests made offline wait for it). */
export function createPlanApi(opts: PlanApiOptions = {}): PlanApi {
  const origin = opts.origin ?? globalThis.location.origin;
  const timeoutMs = opts.timeoutMs ?? PLAN_TIMEOUT_MS;
  const socket: Socket = io(`${origin}/plan`, {
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  const listeners = new Set<(c: boolean) => void>();
  const tell = (): void => {
    for (const fn of listeners) fn(socket.connected);
  };
  socket.on('connect', tell);
  socket.on('disconnect', tell);

  async function ask<T>(event: string, payload: unknown, parse: (v: unknown) => Parsed<T>): Promise<T> {
    let raw: unknown;
    try {
      raw = await socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch {
      throw new Error(
        `${event}: no answer within ${timeoutMs / 1000} s (${socket.connected ? 'server busy' : 'not connected to the server'})`,
      );
    }
    const p = parse(raw);
    if (!p.ok) throw new Error(`${event}: bad answer from the server: ${p.reason}`);
    return p.value;
  }
  const okOr = <A extends { ok: boolean }>(a: A): Extract<A, { ok: true }> => {
    if (!a.ok) throw new Error((a as unknown as { reason: string }).reason);
    return a as Extract<A, { ok: true }>;
  };

  return {
    async save(name, spec, kpis) {
      const a = await ask(
        PlanEvent.save,
        { name, spec, kpis: kpis === null ? null : kpisToWire(kpis) },
        (v) => parsePlanSaveAnswer(v, PlanEvent.save),
      );
      return okOr(a).scenario;
    },
    async list() {
      return okOr(await ask(PlanEvent.list, {}, parsePlanListAnswer)).scenarios;
    },
    async get(id) {
      return okOr(await ask(PlanEvent.get, { id }, parsePlanGetAnswer)).scenario;
    },
    async rename(id, name) {
      const a = await ask(PlanEvent.rename, { id, name }, (v) => parsePlanSaveAnswer(v, PlanEvent.rename));
      return okOr(a).scenario;
    },
    async remove(id) {
      okOr(await ask(PlanEvent.delete, { id }, parsePlanDeleteAnswer));
    },
    async info() {
      const a = okOr(await ask(PlanEvent.info, {}, parsePlanInfoAnswer));
      return { seed: a.seed, sceneName: a.sceneName };
    },
    onConnection(fn) {
      listeners.add(fn);
      fn(socket.connected);
      return () => listeners.delete(fn);
    },
    close() {
      listeners.clear();
      socket.close();
    },
  };
}

let shared: PlanApi | null = null;

/** The page's shared client (created on first use). */
export function getPlanApi(): PlanApi {
  shared ??= createPlanApi();
  return shared;
}
