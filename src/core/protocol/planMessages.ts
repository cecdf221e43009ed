/**
 * The planner's saved scenarios on the wire (docs/protocol.md §11): socket.io namespace `/plan`, one event per
 * request, answered through the ack. The server (mock-server/plan) validates every request with the parsers here
 * and never throws; the client (src/plan/planApi.ts) validates every answer the same way.
 *
 * Requests (client → server, ack = PlanAnswer):
 *   plan:save   {name, spec, kpis|null}   → {ok, scenario: SavedScenarioSummary}
 *   plan:list   {}                        → {ok, scenarios: SavedScenarioSummary[]} (newest first)
 *   plan:get    {id}                      → {ok, scenario: SavedScenario}
 *   plan:rename {id, name}                → {ok, scenario: SavedScenarioSummary}
 *   plan:delete {id}                      → {ok, id}
 * Every failure is {ok: false, reason} with the field path (e.g. `plan:save.spec.levers.traffic[0].link: …`).
 */
import { DOMAIN_IDS, type DomainId, type SavedScenario, type ScenarioKpi } from '../scenario/types.ts';
import type { Parsed } from './messages.ts';

/** Event names of the /plan namespace. */
export const PlanEvent = {
  save: 'plan:save',
  list: 'plan:list',
  get: 'plan:get',
  rename: 'plan:rename',
  delete: 'plan:delete',
  /** The live twin's fork parameters the page cannot know itself: the simulator seed and the scene. */
  info: 'plan:info',
} as const;
export type PlanEventName = (typeof PlanEvent)[keyof typeof PlanEvent];

/** Longest scenario name, characters (after trimming). */
export const PLAN_NAME_MAX = 80;
/** Most KPIs a saved scenario carries (four domains × tens of KPIs, with room). */
export const PLAN_MAX_KPIS = 1000;
/** Largest spec accepted, characters of its JSON (a spec with the fork's backlog stays well below). */
export const PLAN_MAX_SPEC_CHARS = 1_000_000;

/** A row of the list: enough to choose one without loading its spec. */
export interface SavedScenarioSummary {
  readonly id: string;
  readonly name: string;
  readonly savedAtMs: number;
  readonly sceneName: string;
  readonly startSimMs: number;
  readonly horizonH: number;
  /** Levers per domain (0 where none). */
  readonly leverCounts: { readonly [D in DomainId]: number };
  /** Whether KPIs were saved with it (the re-run check needs them). */
  readonly hasKpis: boolean;
}

/** plan:save. `spec` is checked by the server against its scene (src/core/scenario/spec.ts parseScenarioSpec). */
export interface PlanSaveRequest {
  readonly name: string;
  readonly spec: unknown;
  readonly kpis: readonly ScenarioKpi[] | null;
}
export interface PlanIdRequest {
  readonly id: string;
}
export interface PlanRenameRequest {
  readonly id: string;
  readonly name: string;
}

/** Answers (the ack's argument). */
export type PlanFailure = { readonly ok: false; readonly reason: string };
export type PlanSaveAnswer = { readonly ok: true; readonly scenario: SavedScenarioSummary } | PlanFailure;
export type PlanListAnswer =
  { readonly ok: true; readonly scenarios: readonly SavedScenarioSummary[] } | PlanFailure;
export type PlanGetAnswer = { readonly ok: true; readonly scenario: SavedScenario } | PlanFailure;
export type PlanRenameAnswer = PlanSaveAnswer;
export type PlanDeleteAnswer = { readonly ok: true; readonly id: string } | PlanFailure;

class PlanParseError extends Error {}
const fail = (msg: string): never => {
  throw new PlanParseError(msg);
};
const run = <T>(f: () => T): Parsed<T> => {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof PlanParseError) return { ok: false, reason: e.message };
    throw e;
  }
};
const rec = (v: unknown, w: string): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : fail(`${w}: expected an object`);
const str = (v: unknown, w: string, max: number): string =>
  typeof v === 'string' && v.length <= max ? v : fail(`${w}: expected a string of at most ${max} characters`);
const num = (v: unknown, w: string): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fail(`${w}: expected a finite number`);
const text2 = (v: unknown, w: string): { zh: string; en: string } => {
  const r = rec(v, w);
  return { zh: str(r['zh'], `${w}.zh`, 200), en: str(r['en'], `${w}.en`, 200) };
};

/** A scenario id: the server's 'sc-' + 1…32 hex/dash characters. */
export const SCENARIO_ID_RE = /^sc-[0-9a-f-]{1,40}$/;

/** A name: trimmed, 1…PLAN_NAME_MAX characters, no control characters. */
export function parsePlanName(v: unknown, w: string): Parsed<string> {
  return run(() => planName(v, w));
}
function planName(v: unknown, w: string): string {
  if (typeof v !== 'string') return fail(`${w}: expected a string`);
  const t = v.trim();
  if (t.length === 0) fail(`${w}: expected 1…${PLAN_NAME_MAX} characters, got an empty name`);
  if ([...t].length > PLAN_NAME_MAX)
    fail(`${w}: expected 1…${PLAN_NAME_MAX} characters, got ${[...t].length}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t)) fail(`${w}: control characters are not allowed`);
  return t;
}
function scenarioId(v: unknown, w: string): string {
  return typeof v === 'string' && SCENARIO_ID_RE.test(v) ? v : fail(`${w}: expected a scenario id (sc-…)`);
}
const BETTER = ['lower', 'higher', 'neutral'] as const;

/** One ScenarioKpi (the fields the delta table and the re-run check use). */
function kpi(v: unknown, w: string): ScenarioKpi {
  const r = rec(v, w);
  const domain = r['domain'];
  if (!(DOMAIN_IDS as readonly unknown[]).includes(domain))
    fail(`${w}.domain: expected one of ${DOMAIN_IDS.join(', ')}`);
  const better = r['better'];
  if (!(BETTER as readonly unknown[]).includes(better))
    fail(`${w}.better: expected one of ${BETTER.join(', ')}`);
  // NaN does not survive JSON (it becomes null): a KPI without a value is sent as null and read back as NaN.
  const numOrNaN = (x: unknown, wf: string): number => (x === null ? Number.NaN : num(x, wf));
  return {
    domain: domain as DomainId,
    id: str(r['id'], `${w}.id`, 120),
    label: text2(r['label'], `${w}.label`),
    unit: str(r['unit'], `${w}.unit`, 40),
    baseline: numOrNaN(r['baseline'], `${w}.baseline`),
    scenario: numOrNaN(r['scenario'], `${w}.scenario`),
    better: better as ScenarioKpi['better'],
    basis: text2(r['basis'], `${w}.basis`),
  };
}

/** A KPI list (or null), at most PLAN_MAX_KPIS. */
export function parseScenarioKpis(v: unknown, w: string): Parsed<readonly ScenarioKpi[] | null> {
  return run(() => kpiList(v, w));
}
function kpiList(v: unknown, w: string): readonly ScenarioKpi[] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length > PLAN_MAX_KPIS)
    fail(`${w}: expected null or a list of at most ${PLAN_MAX_KPIS} KPIs`);
  return (v as unknown[]).map((k, i) => kpi(k, `${w}[${i}]`));
}

/** plan:save (the spec is left `unknown`: the server checks it against its scene). */
export function parsePlanSave(v: unknown): Parsed<PlanSaveRequest> {
  return run(() => {
    const w = PlanEvent.save;
    const r = rec(v, w);
    if (r['spec'] === undefined) fail(`${w}.spec: missing`);
    return {
      name: planName(r['name'], `${w}.name`),
      spec: r['spec'],
      kpis: kpiList(r['kpis'] ?? null, `${w}.kpis`),
    };
  });
}
/** plan:get / plan:delete. */
export function parsePlanId(v: unknown, event: PlanEventName): Parsed<PlanIdRequest> {
  return run(() => ({ id: scenarioId(rec(v, event)['id'], `${event}.id`) }));
}
/** plan:rename. */
export function parsePlanRename(v: unknown): Parsed<PlanRenameRequest> {
  return run(() => {
    const w = PlanEvent.rename;
    const r = rec(v, w);
    return { id: scenarioId(r['id'], `${w}.id`), name: planName(r['name'], `${w}.name`) };
  });
}

function summary(v: unknown, w: string): SavedScenarioSummary {
  const r = rec(v, w);
  const lc = rec(r['leverCounts'], `${w}.leverCounts`);
  const counts = {} as { [D in DomainId]: number };
  for (const d of DOMAIN_IDS) counts[d] = num(lc[d] ?? 0, `${w}.leverCounts.${d}`);
  return {
    id: scenarioId(r['id'], `${w}.id`),
    name: str(r['name'], `${w}.name`, PLAN_NAME_MAX * 4),
    savedAtMs: num(r['savedAtMs'], `${w}.savedAtMs`),
    sceneName: str(r['sceneName'], `${w}.sceneName`, 200),
    startSimMs: num(r['startSimMs'], `${w}.startSimMs`),
    horizonH: num(r['horizonH'], `${w}.horizonH`),
    leverCounts: counts,
    hasKpis: r['hasKpis'] === true,
  };
}
function failure(r: Record<string, unknown>, w: string): PlanFailure {
  return { ok: false, reason: str(r['reason'], `${w}.reason`, 10_000) };
}

/** Answer of plan:save or plan:rename. */
export function parsePlanSaveAnswer(v: unknown, event: PlanEventName): Parsed<PlanSaveAnswer> {
  return run(() => {
    const r = rec(v, `${event} answer`);
    return r['ok'] === true
      ? { ok: true, scenario: summary(r['scenario'], `${event} answer.scenario`) }
      : failure(r, `${event} answer`);
  });
}
/** Answer of plan:list. */
export function parsePlanListAnswer(v: unknown): Parsed<PlanListAnswer> {
  return run(() => {
    const w = `${PlanEvent.list} answer`;
    const r = rec(v, w);
    if (r['ok'] !== true) return failure(r, w);
    const list = r['scenarios'];
    if (!Array.isArray(list)) return fail(`${w}.scenarios: expected a list`);
    return { ok: true, scenarios: list.map((s, i) => summary(s, `${w}.scenarios[${i}]`)) };
  });
}
/** Answer of plan:get (the spec's shape is checked by the caller with parseScenarioSpec, which needs no city). */
export function parsePlanGetAnswer(v: unknown): Parsed<PlanGetAnswer> {
  return run(() => {
    const w = `${PlanEvent.get} answer`;
    const r = rec(v, w);
    if (r['ok'] !== true) return failure(r, w);
    const s = rec(r['scenario'], `${w}.scenario`);
    return {
      ok: true,
      scenario: {
        id: scenarioId(s['id'], `${w}.scenario.id`),
        name: str(s['name'], `${w}.scenario.name`, PLAN_NAME_MAX * 4),
        savedAtMs: num(s['savedAtMs'], `${w}.scenario.savedAtMs`),
        spec: rec(s['spec'], `${w}.scenario.spec`) as unknown as SavedScenario['spec'],
        kpis: kpiList(s['kpis'] ?? null, `${w}.scenario.kpis`),
      },
    };
  });
}
/** Answer of plan:delete. */
export function parsePlanDeleteAnswer(v: unknown): Parsed<PlanDeleteAnswer> {
  return run(() => {
    const w = `${PlanEvent.delete} answer`;
    const r = rec(v, w);
    return r['ok'] === true ? { ok: true, id: scenarioId(r['id'], `${w}.id`) } : failure(r, w);
  });
}

/** Answer of plan:info: what a fork of the live twin needs from the server. */
export type PlanInfoAnswer = { ok: true; seed: number; sceneName: string } | { ok: false; reason: string };

/** Validates a plan:info answer. */
export function parsePlanInfoAnswer(v: unknown): Parsed<PlanInfoAnswer> {
  return run(() => {
    const w = `${PlanEvent.info} answer`;
    const r = rec(v, w);
    if (r['ok'] !== true) return failure(r, w);
    const seed = r['seed'];
    const sceneName = r['sceneName'];
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new Error(`${w}.seed: not an integer`);
    if (typeof sceneName !== 'string' || sceneName === '')
      throw new Error(`${w}.sceneName: not a scene name`);
    return { ok: true, seed, sceneName };
  });
}

/** KPIs as JSON for the wire: NaN → null (JSON has no NaN), everything else as is. */
export function kpisToWire(kpis: readonly ScenarioKpi[]): unknown[] {
  return kpis.map((k) => ({
    ...k,
    baseline: Number.isFinite(k.baseline) ? k.baseline : null,
    scenario: Number.isFinite(k.scenario) ? k.scenario : null,
  }));
}
