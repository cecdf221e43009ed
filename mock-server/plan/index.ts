/**
 * The plan module of the feed server (issue 7; mock-server/serverModules.ts): the planner's saved scenarios, kept in
 * the work-order database (table `scenarios`, created at attach when missing) and served on the socket.io namespace
 * `/plan` (docs/protocol.md §11, src/core/protocol/planMessages.ts). Every request is validated (a spec against the
 * scene this server runs, with src/core/scenario/spec.ts), answered through its ack, and never throws; every write is
 * one statement in one transaction, so bad input never writes half a row. Names are unique: saving or renaming to a
 * name in use is refused with the id that holds it (the planner picks another name or deletes the old one).
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import {
  kpisToWire,
  parsePlanId,
  parsePlanRename,
  parsePlanSave,
  parseScenarioKpis,
  PlanEvent,
  type SavedScenarioSummary,
} from '../../src/core/protocol/planMessages.ts';
import { leverCounts, parseScenarioSpec } from '../../src/core/scenario/spec.ts';
import type { SavedScenario, ScenarioSpec } from '../../src/core/scenario/types.ts';
import type { SqlDb, SqlRunner } from '../workload/db.ts';
import type { ServerModule, ServerModuleContext } from '../serverModules.ts';

/** The table (PostgreSQL and PGlite alike). Times are ms since the Unix epoch as double precision (exact to 2^53). */
export const SCENARIOS_SCHEMA = `
create table if not exists scenarios (
  id text primary key,
  name text not null unique,
  scene_name text not null,
  spec jsonb not null,
  kpis jsonb,
  saved_at_ms double precision not null
);`;

/** Reason given for every request when the server runs without the work-order database. */
export const NO_DB_REASON =
  'saved scenarios need the work-order database, and this server runs without it (start it with work orders enabled)';

interface Row {
  id: string;
  name: string;
  scene_name: string;
  spec: unknown;
  kpis: unknown;
  saved_at_ms: number | string;
}

type Answer = { ok: true; [k: string]: unknown } | { ok: false; reason: string };

/** The store behind the namespace (exported for tests: the same calls the socket handlers make). */
export class ScenarioStore {
  constructor(
    private readonly db: SqlDb,
    private readonly ctx: Pick<ServerModuleContext, 'scene' | 'sceneName' | 'now'>,
  ) {}

  /** Creates the table when missing. */
  async init(): Promise<void> {
    await this.db.exec(SCENARIOS_SCHEMA);
  }

  private summary(r: Row): SavedScenarioSummary {
    const spec = r.spec as ScenarioSpec;
    return {
      id: r.id,
      name: r.name,
      savedAtMs: Number(r.saved_at_ms),
      sceneName: r.scene_name,
      startSimMs: spec.base.startSimMs,
      horizonH: spec.base.horizonH,
      leverCounts: leverCounts(spec),
      hasKpis: r.kpis !== null,
    };
  }

  private static async nameHolder(
    tx: SqlRunner,
    name: string,
    except: string | null,
  ): Promise<string | null> {
    const rows = await tx.query<{ id: string }>('select id from scenarios where name = $1 and id <> $2', [
      name,
      except ?? '',
    ]);
    return rows[0]?.id ?? null;
  }

  /** plan:save. */
  async save(payload: unknown): Promise<Answer> {
    const p = parsePlanSave(payload);
    if (!p.ok) return { ok: false, reason: p.reason };
    const spec = parseScenarioSpec(p.value.spec, `${PlanEvent.save}.spec`, this.ctx.scene);
    if (!spec.ok) return { ok: false, reason: spec.reason };
    const kpis = p.value.kpis === null ? null : JSON.stringify(kpisToWire(p.value.kpis));
    const id = `sc-${randomUUID()}`;
    const savedAtMs = this.ctx.now();
    return this.db.transaction(async (tx) => {
      const holder = await ScenarioStore.nameHolder(tx, p.value.name, null);
      if (holder !== null)
        return {
          ok: false,
          reason: `${PlanEvent.save}.name: "${p.value.name}" is already used by ${holder}`,
        };
      const rows = await tx.query<Row>(
        `insert into scenarios (id, name, scene_name, spec, kpis, saved_at_ms)
         values ($1, $2, $3, $4::jsonb, $5::jsonb, $6) returning *`,
        [id, p.value.name, spec.value.base.sceneName, JSON.stringify(spec.value), kpis, savedAtMs],
      );
      return { ok: true, scenario: this.summary(rows[0] as Row) };
    });
  }

  /** plan:list (newest first). */
  async list(): Promise<Answer> {
    const rows = await this.db.query<Row>(
      'select id, name, scene_name, spec, kpis is not null as has, null as kpis, saved_at_ms from scenarios order by saved_at_ms desc, id',
    );
    return {
      ok: true,
      scenarios: rows.map((r) => ({
        ...this.summary(r),
        hasKpis: (r as unknown as { has: boolean }).has === true,
      })),
    };
  }

  /** plan:get. */
  async get(payload: unknown): Promise<Answer> {
    const p = parsePlanId(payload, PlanEvent.get);
    if (!p.ok) return { ok: false, reason: p.reason };
    const rows = await this.db.query<Row>('select * from scenarios where id = $1', [p.value.id]);
    const r = rows[0];
    if (r === undefined) return { ok: false, reason: `${PlanEvent.get}.id: no saved scenario ${p.value.id}` };
    const kpis = parseScenarioKpis(r.kpis, 'kpis');
    const scenario: SavedScenario = {
      id: r.id,
      name: r.name,
      spec: r.spec as ScenarioSpec,
      savedAtMs: Number(r.saved_at_ms),
      kpis: kpis.ok ? kpis.value : null,
    };
    return {
      ok: true,
      scenario: { ...scenario, kpis: scenario.kpis === null ? null : kpisToWire(scenario.kpis) },
    };
  }

  /** plan:rename. */
  async rename(payload: unknown): Promise<Answer> {
    const p = parsePlanRename(payload);
    if (!p.ok) return { ok: false, reason: p.reason };
    const { id, name } = p.value;
    return this.db.transaction(async (tx) => {
      const holder = await ScenarioStore.nameHolder(tx, name, id);
      if (holder !== null)
        return { ok: false, reason: `${PlanEvent.rename}.name: "${name}" is already used by ${holder}` };
      const rows = await tx.query<Row>('update scenarios set name = $2 where id = $1 returning *', [
        id,
        name,
      ]);
      const r = rows[0];
      return r === undefined
        ? { ok: false, reason: `${PlanEvent.rename}.id: no saved scenario ${id}` }
        : { ok: true, scenario: this.summary(r) };
    });
  }

  /** plan:delete. */
  async remove(payload: unknown): Promise<Answer> {
    const p = parsePlanId(payload, PlanEvent.delete);
    if (!p.ok) return { ok: false, reason: p.reason };
    const rows = await this.db.transaction((tx) =>
      tx.query<{ id: string }>('delete from scenarios where id = $1 returning id', [p.value.id]),
    );
    return rows.length === 0
      ? { ok: false, reason: `${PlanEvent.delete}.id: no saved scenario ${p.value.id}` }
      : { ok: true, id: p.value.id };
  }
}

/** A unique-name race lost inside the database (two saves at once): said as the name check says it. */
function dbReason(event: string, e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === '23505') return `${event}.name: already used by another scenario`;
  return `${event}: database error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Attaches the plan module to the server. */
export async function attachPlan(ctx: ServerModuleContext): Promise<ServerModule> {
  let store: ScenarioStore | null = null;
  let unavailable = NO_DB_REASON;
  if (ctx.db !== null) {
    try {
      const s = new ScenarioStore(ctx.db, ctx);
      await s.init();
      store = s;
    } catch (e) {
      unavailable = `saved scenarios are unavailable: creating the scenarios table failed: ${e instanceof Error ? e.message : String(e)}`;
      ctx.log(`plan: ${unavailable}`);
    }
  }
  const nsp = ctx.io.of('/plan');
  const handle = (
    socket: Socket,
    event: string,
    fn: (s: ScenarioStore, payload: unknown) => Promise<Answer>,
  ): void => {
    socket.on(event, (payload: unknown, ack: unknown) => {
      // A request without an ack cannot be answered: nothing to do (and nothing written).
      if (typeof ack !== 'function') return;
      const reply = ack as (a: Answer) => void;
      if (store === null) return reply({ ok: false, reason: unavailable });
      fn(store, payload).then(reply, (e: unknown) => {
        ctx.log(`plan: ${event} failed: ${e instanceof Error ? e.message : String(e)}`);
        reply({ ok: false, reason: dbReason(event, e) });
      });
    });
  };
  nsp.on('connection', (socket) => {
    // The fork parameters need no database: answered even when saved scenarios are unavailable.
    socket.on(PlanEvent.info, (_payload: unknown, ack: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, seed: ctx.seed, sceneName: ctx.sceneName });
    });
    handle(socket, PlanEvent.save, (s, p) => s.save(p));
    handle(socket, PlanEvent.list, (s) => s.list());
    handle(socket, PlanEvent.get, (s, p) => s.get(p));
    handle(socket, PlanEvent.rename, (s, p) => s.rename(p));
    handle(socket, PlanEvent.delete, (s, p) => s.remove(p));
  });
  return {
    name: 'plan',
    close: () => {
      nsp.disconnectSockets(true);
      nsp.removeAllListeners();
      return Promise.resolve();
    },
  };
}
