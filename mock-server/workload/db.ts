/**
 * One small SQL adapter over the two databases the work-order store runs on (issue 6 "Persistence"): embedded
 * PostgreSQL in-process (PGlite, data in a local directory) by default, and a PostgreSQL server when `DATABASE_URL`
 * is set. Both speak the same SQL (schema.sql) with `$1` parameters; `transaction(fn)` commits everything `fn` ran,
 * or nothing when it throws.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Rows of a query. */
export interface SqlRunner {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A database: queries, transactions, multi-statement scripts. */
export interface SqlDb extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite directory, or the server URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (the schema). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** The data directory is held by another live process (two PGlite instances on one directory corrupt it). */
export class DataDirBusyError extends Error {}

/**
 * Takes `<dataDir>/.lock` (our pid). A lock left by a dead process (kill -9) is taken over; one held by a live
 * process refuses with DataDirBusyError.
 */
async function lockDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE);
  const key = path.resolve(dataDir);
  if (openHere.has(key))
    throw new DataDirBusyError(`work-order data dir ${dataDir} is already open in this process`);
  openHere.add(key);
  try {
    return await takeLock(dataDir, file, key);
  } catch (err) {
    openHere.delete(key);
    throw err;
  }
}

/** Data dirs this process holds (the pid in the lock file cannot tell two of our own opens apart). */
const openHere = new Set<string>();

async function takeLock(dataDir: string, file: string, key: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        openHere.delete(key);
        await unlink(file).catch(() => {});
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new DataDirBusyError(
          `work-order data dir ${dataDir} is in use by process ${pid} (pass another --data dir or stop it)`,
        );
      await unlink(file).catch(() => {});
    }
  }
  throw new DataDirBusyError(`work-order data dir ${dataDir}: cannot take ${LOCK_FILE}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LOCK_FILE = '.lock';

/** Opens PGlite with its data in `dataDir` (created if missing, locked). Cold start ~1–7 s (WASM + initdb). */
export async function openPglite(dataDir: string): Promise<SqlDb> {
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: path.join(dataDir, 'pg') });
  } catch (err) {
    await unlock();
    throw err;
  }
  const runner = (q: Pick<PGlite, 'query'>): SqlRunner => ({
    query: async <T extends object>(sql: string, params?: readonly unknown[]) =>
      (await q.query<T>(sql, params === undefined ? [] : [...params])).rows,
  });
  return {
    kind: 'pglite',
    location: dataDir,
    ...runner(db),
    transaction: (fn) => db.transaction((tx) => fn(runner(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {
      await db.close();
      await unlock();
    },
  };
}

/** Connects to a PostgreSQL server (`postgres://user:pass@host:port/db`) through a small pool. */
export async function openPostgres(url: string): Promise<SqlDb> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Fail now with a clear message rather than on the first action.
  const probe = await pool.connect();
  probe.release();
  const query = async <T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]> =>
    (await pool.query(sql, params === undefined ? [] : [...params])).rows as T[];
  return {
    kind: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    query,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn({
          query: async <T extends object>(sql: string, params?: readonly unknown[]) =>
            (await client.query(sql, params === undefined ? [] : [...params])).rows as T[],
        });
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** `DATABASE_URL` when given (a PostgreSQL server), else PGlite in `dataDir`. */
export function openDatabase(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<SqlDb> {
  const url = opts.databaseUrl;
  return url !== undefined && url !== '' ? openPostgres(url) : openPglite(opts.dataDir);
}
