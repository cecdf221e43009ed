/**
 * Reading a ScenarioSpec from JSON (a saved scenario, a shared URL, a message to the worker): every field checked,
 * every lever judged by its domain's runner against the city, errors naming the source and the field path, e.g.
 * `saved scenario sc-12: levers.traffic[2].link: 9999 is not a road link (0..4120)`.
 */
import type { Parsed } from '../protocol/messages.ts';
import type { CityModel } from '../scene/types.ts';
import { categoryById } from '../workload/taxonomy.ts';
import { validateWorkloadLever } from '../workload/whatIf.ts';
import { RESILIENCE_MAX_LEVERS } from './runners/resilience.ts';
import { RUNNERS } from './runners/index.ts';
import { DOMAIN_IDS, type DomainId, type ScenarioFork, type ScenarioSpec } from './types.ts';

/** Longest horizon a scenario may ask for, hours (the energy model's week; other domains clamp and say so). */
export const SCENARIO_MAX_HORIZON_H = 168;
/** Most levers per domain. */
export const SCENARIO_MAX_LEVERS = 100;
/** Most open orders a fork carries. */
export const SCENARIO_MAX_BACKLOG = 5000;
/** Scene names as scene packages are named (scenes/<name>/). */
const SCENE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

class SpecError extends Error {}
const fail = (m: string): never => {
  throw new SpecError(m);
};
const rec = (v: unknown, w: string): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : fail(`${w}: expected an object`);
const onlyKeys = (r: Record<string, unknown>, keys: readonly string[], w: string): void => {
  for (const k of Object.keys(r)) if (!keys.includes(k)) fail(`${w}.${k}: unknown field`);
};
const intIn = (v: unknown, lo: number, hi: number, w: string): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi
    ? v
    : fail(`${w}: expected an integer in [${lo}, ${hi}], got ${JSON.stringify(v) ?? 'nothing'}`);

/**
 * Parses and validates a scenario spec. `json` is the parsed value or its JSON text; `source` names where it came
 * from (prefixed to every error); `city`, when given, is the city the spec must run on (scene name and levers are
 * checked against it; without it only the shapes and the city-free rules are checked).
 */
export function parseScenarioSpec(
  json: unknown,
  source: string,
  city: CityModel | null,
): Parsed<ScenarioSpec> {
  try {
    let v = json;
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v) as unknown;
      } catch (e) {
        return { ok: false, reason: `${source}: not JSON: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    return { ok: true, value: spec(v, city) };
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, reason: `${source}: ${e.message}` };
    throw e;
  }
}

function spec(v: unknown, city: CityModel | null): ScenarioSpec {
  const r = rec(v, 'spec');
  onlyKeys(r, ['base', 'levers', 'fork'], 'spec');
  const b = rec(r['base'], 'base');
  onlyKeys(b, ['sceneName', 'startSimMs', 'seed', 'utcOffsetMin', 'horizonH'], 'base');
  const sceneName = b['sceneName'];
  if (typeof sceneName !== 'string' || !SCENE_NAME_RE.test(sceneName))
    fail(
      `base.sceneName: expected a scene package name (letters, digits, _ . -), got ${JSON.stringify(sceneName) ?? 'nothing'}`,
    );
  if (city !== null && sceneName !== city.meta.name)
    fail(`base.sceneName: "${String(sceneName)}" is not the scene this runs on ("${city.meta.name}")`);
  const startSimMs = b['startSimMs'];
  if (typeof startSimMs !== 'number' || !Number.isSafeInteger(startSimMs) || startSimMs < 0)
    fail(
      `base.startSimMs: expected whole ms since the Unix epoch (≥ 0), got ${JSON.stringify(startSimMs) ?? 'nothing'}`,
    );
  const base = {
    sceneName: sceneName as string,
    startSimMs: startSimMs as number,
    seed: intIn(b['seed'], 0, 0xffffffff, 'base.seed'),
    utcOffsetMin: intIn(b['utcOffsetMin'], -840, 840, 'base.utcOffsetMin'),
    horizonH: intIn(b['horizonH'], 1, SCENARIO_MAX_HORIZON_H, 'base.horizonH'),
  };
  const l = rec(r['levers'] ?? {}, 'levers');
  onlyKeys(l, DOMAIN_IDS, 'levers');
  const levers: { [D in DomainId]?: readonly unknown[] } = {};
  for (const d of DOMAIN_IDS) {
    const list = l[d];
    if (list === undefined) continue;
    const max = d === 'resilience' ? RESILIENCE_MAX_LEVERS : SCENARIO_MAX_LEVERS;
    if (!Array.isArray(list) || list.length > max)
      fail(
        `levers.${d}: expected a list of at most ${max} lever${max === 1 ? '' : 's'}${Array.isArray(list) ? `, got ${list.length}` : ''}`,
      );
    const arr = list as unknown[];
    for (let i = 0; i < arr.length; i++) {
      const lever = arr[i];
      if (typeof lever !== 'object' || lever === null || Array.isArray(lever))
        fail(`levers.${d}[${i}]: expected an object`);
      if (city !== null) {
        const why = RUNNERS[d].validateLever(city, lever);
        if (why !== null) fail(`levers.${d}[${i}]: ${why}`);
      } else if (d === 'workload') {
        // The workload levers do not depend on the city: checked even without one.
        const why = validateWorkloadLever(lever);
        if (why !== null) fail(`levers.${d}[${i}]: ${why}`);
      }
    }
    levers[d] = arr;
  }
  const out: { -readonly [K in keyof ScenarioSpec]: ScenarioSpec[K] } = { base, levers };
  if (r['fork'] !== undefined) out.fork = fork(r['fork']);
  return out;
}

function fork(v: unknown): ScenarioFork {
  const r = rec(v, 'fork');
  onlyKeys(r, ['workloadBacklog'], 'fork');
  const list = r['workloadBacklog'];
  if (list === undefined) return {};
  if (!Array.isArray(list) || list.length > SCENARIO_MAX_BACKLOG)
    fail(`fork.workloadBacklog: expected a list of at most ${SCENARIO_MAX_BACKLOG} orders`);
  const items = (list as unknown[]).map((x, i) => {
    const w = `fork.workloadBacklog[${i}]`;
    const o = rec(x, w);
    onlyKeys(o, ['category', 'dispatchedMs'], w);
    const category = o['category'];
    if (typeof category !== 'string' || categoryById(category) === undefined)
      fail(`${w}.category: ${JSON.stringify(category) ?? 'nothing'} is not a work-order category id`);
    const t = o['dispatchedMs'];
    if (typeof t !== 'number' || !Number.isFinite(t))
      fail(`${w}.dispatchedMs: expected ms since the Unix epoch`);
    return { category: category as string, dispatchedMs: t as number };
  });
  return { workloadBacklog: items };
}

/** Levers per domain of a spec (0 where none), for lists and the page. */
export function leverCounts(s: ScenarioSpec): { [D in DomainId]: number } {
  const out = {} as { [D in DomainId]: number };
  for (const d of DOMAIN_IDS) out[d] = s.levers[d]?.length ?? 0;
  return out;
}
