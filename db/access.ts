/**
 * The asynchronous data layer both engines share. Repositories write their queries once:
 *
 *   await db.select()…            a query builder is awaited (never `.all()`, `.get()`, `.run()`)
 *   await rows(db, sql`…`)        hand-written SQL, rows as objects
 *   await row(db, sql`…`)         the first row or undefined
 *   await exec(db, sql`…`)        a write; resolves to the number of rows it changed
 *   changed(await db.update(…))   the same count from a builder's result
 *   await transaction(db, async () => { … })
 *   prepared(db, sql`… ${sql.placeholder('id')}`)   compiled once, run many times (hot paths)
 *
 * Transactions. Inside `transaction(db, work)` every query made through that database — by
 * this repository or any other built on the same `db` — belongs to the transaction, because
 * the current transaction follows the async context (AsyncLocalStorage):
 *  - on PostgreSQL, `db` resolves to the transaction's connection while `work` runs;
 *  - on SQLite there is one connection, so a transaction open across an `await` must not let
 *    other requests' statements run on it (they would read half of it, or their writes would
 *    join it): while one is open, every statement from outside it waits for the commit (the
 *    gate below). Transactions are short (their statements are synchronous underneath), so
 *    the wait is too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { QueryPromise } from 'drizzle-orm/query-promise';
import { SQLiteSelectBase } from 'drizzle-orm/sqlite-core';
import type pg from 'pg';
import type { Engine } from './engine.ts';
import type { Db } from './client.ts';

/** What the data layer keeps beside a drizzle database (found from the `db` object). */
export interface Connection {
  engine: Engine;
  /** SQLite: the one connection. */
  sqlite?: Database.Database;
  /** PostgreSQL: the pool. */
  pool?: pg.Pool;
  /** The current transaction's database, if the caller is inside one. */
  current(): Db | undefined;
  run<T>(work: () => Promise<T>): Promise<T>;
}

const CONNECTION = Symbol.for('minga.connection');

export function connectionOf(db: Db): Connection {
  const found = (db as unknown as Record<symbol, Connection | undefined>)[CONNECTION];
  if (!found) throw new Error('not a Minga database (open it with db/client.ts)');
  return found;
}

export function engineOf(db: Db): Engine {
  return connectionOf(db).engine;
}

// ---------------------------------------------------------------------------------------------
// SQLite: one connection, a gate while a transaction is open across awaits.

interface OpenTransaction {
  owner: object;
  done: Promise<void>;
}

class SqliteGate {
  open: OpenTransaction | null = null;
  readonly context = new AsyncLocalStorage<{ owner: object; depth: number }>();
  constructor(readonly sqlite: Database.Database) {}

  /** What a statement made now must wait for, or null when it may run at once. */
  waitFor(): Promise<void> | null {
    const open = this.open;
    if (!open) return null;
    return this.context.getStore()?.owner === open.owner ? null : open.done;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const inside = this.context.getStore();
    if (inside && this.open?.owner === inside.owner) return this.nested(inside, work);
    while (this.open) await this.open.done;
    const owner = {};
    let release!: () => void;
    this.open = { owner, done: new Promise<void>((resolve) => (release = resolve)) };
    openGates += 1;
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      const result = await this.context.run({ owner, depth: 0 }, work);
      this.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw error;
    } finally {
      this.open = null;
      openGates -= 1;
      release();
      // Off between transactions: an AsyncLocalStorage once used puts hooks on every promise the
      // process makes (Node 20), a tenth of a thread read's time. The next run() turns it on again.
      if (openGates === 0) this.context.disable();
    }
  }

  private async nested<T>(inside: { owner: object; depth: number }, work: () => Promise<T>): Promise<T> {
    const name = `minga_sp${inside.depth + 1}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await this.context.run({ owner: inside.owner, depth: inside.depth + 1 }, work);
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) {
        this.sqlite.exec(`ROLLBACK TO ${name}`);
        this.sqlite.exec(`RELEASE ${name}`);
      }
      throw error;
    }
  }
}

let openGates = 0;
const gates = new Map<Database.Database, SqliteGate>();

/** The gate a drizzle query builder's statement must pass (null: run at once). */
function gateWaitFor(builder: unknown): Promise<void> | null {
  if (openGates === 0) return null;
  const client = (builder as { session?: { client?: unknown } }).session?.client;
  const gate = client ? gates.get(client as Database.Database) : undefined;
  return gate ? gate.waitFor() : null;
}

// Awaiting a builder runs its statement from QueryPromise.then: that is where statements made
// outside an open SQLite transaction wait for it. Nothing changes while none is open.
// (drizzle mixes QueryPromise's methods into the select builder by copying them, so its
// prototype is patched too.)
const originalThen = QueryPromise.prototype.then;
const gatedThen = function gatedThen(this: QueryPromise<unknown>, onFulfilled, onRejected) {
  const wait = gateWaitFor(this);
  if (!wait) return originalThen.call(this, onFulfilled, onRejected);
  return wait.then(() => originalThen.call(this, onFulfilled, onRejected)) as never;
} as typeof originalThen;
QueryPromise.prototype.then = gatedThen;
(SQLiteSelectBase.prototype as unknown as { then: typeof gatedThen }).then = gatedThen;

export function sqliteConnection(db: Db, sqlite: Database.Database): Db {
  const gate = new SqliteGate(sqlite);
  gates.set(sqlite, gate);
  const connection: Connection = {
    engine: 'sqlite',
    sqlite,
    current: () => undefined,
    run: (work) => gate.run(work),
  };
  Object.defineProperty(db, CONNECTION, { value: connection });
  Object.defineProperty(db, GATE, { value: gate });
  return db;
}

/** Forgets a closed SQLite connection's gate. */
export function forgetSqlite(sqlite: Database.Database): void {
  gates.delete(sqlite);
}

const GATE = Symbol.for('minga.sqlite-gate');

function sqliteGate(db: Db): SqliteGate {
  return (db as unknown as Record<symbol, SqliteGate>)[GATE];
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a pool; inside a transaction `db` is the transaction's connection.

export function pgConnection(root: Db, pool: pg.Pool): Db {
  // The current transaction, while it is open: work started inside one that outlives it (a timer,
  // a nudge) inherits the context, and must then go back to the pool, not to a released client.
  const context = new AsyncLocalStorage<{ tx: Db; open: boolean }>();
  const current = () => {
    const store = context.getStore();
    return store?.open ? store.tx : undefined;
  };
  const connection: Connection = {
    engine: 'pg',
    pool,
    current,
    run: <T>(work: () => Promise<T>) => {
      const begin = (current() ?? root) as unknown as { transaction: (fn: (tx: Db) => Promise<T>) => Promise<T> };
      return begin.transaction(async (tx) => {
        const store = { tx, open: true };
        try {
          return await context.run(store, work);
        } finally {
          store.open = false;
        }
      });
    },
  };
  return new Proxy(root, {
    get(target, property) {
      if (property === CONNECTION) return connection;
      const tx = current();
      const source = tx ?? target;
      const value = Reflect.get(source, property, source);
      return typeof value === 'function' ? value.bind(source) : value;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The calls repositories use.

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export function transaction<T>(db: Db, work: (tx: Db) => Promise<T> | T): Promise<T> {
  return connectionOf(db).run(async () => work(db));
}

/**
 * Inside a transaction: waits until no other transaction holds `scope`/`id`, and holds it until
 * this one ends. For a rule that counts rows before writing one (at most N per hour): two
 * transactions would otherwise count the same rows and both write. SQLite needs nothing (a
 * write transaction holds the one write lock from its start); PostgreSQL takes an advisory
 * lock on the key (hashed scope, id), released at commit or rollback.
 */
export async function lockWithin(db: Db, scope: string, id: number): Promise<void> {
  if (!inTransaction(db)) throw new Error(`lockWithin(${scope}) outside a transaction holds nothing`);
  if (connectionOf(db).engine === 'sqlite') return;
  await rows(db, sql`SELECT pg_advisory_xact_lock(hashtext(${scope}), ${id % 2_147_483_647}::int)`);
}

/** Whether the caller is inside a transaction on this database. */
export function inTransaction(db: Db): boolean {
  const connection = connectionOf(db);
  if (connection.engine === 'pg') return connection.current() !== undefined;
  const gate = sqliteGate(db);
  return gate.open !== null && gate.context.getStore()?.owner === gate.open.owner;
}

/**
 * Runs a synchronous SQLite statement once the gate lets it: at once (one settled promise, no
 * extra turns) while no transaction is open — the hot paths' case —, else after the commit.
 */
function gated<T>(db: Db, statement: () => T): Promise<T> {
  const wait = openGates === 0 ? null : sqliteGate(db)?.waitFor();
  if (wait) return wait.then(statement);
  try {
    return Promise.resolve(statement());
  } catch (error) {
    return Promise.reject(error);
  }
}

type PgExecute = { execute: (q: SQL) => Promise<{ rows: unknown[]; rowCount: number | null }> };

/** Hand-written SQL: every row, as objects keyed by the selected names. */
export function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  if (connectionOf(db).engine === 'sqlite') return gated(db, () => db.all(query) as T[]);
  return (db as unknown as PgExecute).execute(query).then((result) => result.rows as T[]);
}

/** Hand-written SQL: the first row, or undefined. */
export function row<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T | undefined> {
  if (connectionOf(db).engine === 'sqlite') return gated(db, () => db.get(query) as T | undefined);
  return rows<T>(db, query).then((all) => all[0]);
}

/** Hand-written SQL that writes: how many rows it changed. */
export function exec(db: Db, query: SQL): Promise<number> {
  if (connectionOf(db).engine === 'sqlite') return gated(db, () => db.run(query).changes);
  return (db as unknown as PgExecute).execute(query).then((result) => result.rowCount ?? 0);
}

/** How many rows an awaited insert, update or delete builder changed, on either engine. */
export function changed(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return Number(r.changes ?? r.rowCount ?? 0);
}

/**
 * A statement compiled once and run many times (hot paths): placeholders are
 * `sql.placeholder('name')`. On SQLite it is one prepared better-sqlite3 statement; on
 * PostgreSQL the text is built once and the server keeps the plan per connection.
 */
export interface Prepared<T> {
  all(values?: Record<string, unknown>): Promise<T[]>;
  get(values?: Record<string, unknown>): Promise<T | undefined>;
  run(values?: Record<string, unknown>): Promise<number>;
}

/**
 * PostgreSQL: a named statement is prepared once per connection and keeps its plan there. Its name
 * comes from its text, so the same statement made again (another app on a kept connection, two
 * repositories asking the same) is not prepared twice, and a connection's statements stay as many
 * as the distinct texts.
 */
const statementName = (prefix: string, text: string) => `${prefix}${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

export function prepared<T = Record<string, unknown>>(db: Db, query: SQL): Prepared<T> {
  const connection = connectionOf(db);
  const dialect = (db as unknown as { dialect: { sqlToQuery: (q: SQL) => { sql: string; params: unknown[] } } }).dialect;
  const compiled = dialect.sqlToQuery(query);
  if (connection.engine === 'sqlite') {
    const statement = connection.sqlite!.prepare(compiled.sql);
    const reads = statement.reader;
    const params = (values?: Record<string, unknown>) => fillPlaceholders(compiled.params, values ?? {});
    return {
      all: (values) => gated(db, () => (reads ? statement.all(...params(values)) : []) as T[]),
      get: (values) => gated(db, () => (reads ? statement.get(...params(values)) : undefined) as T | undefined),
      run: (values) => gated(db, () => statement.run(...params(values)).changes),
    };
  }
  const name = statementName('minga_', compiled.sql);
  const query_ = async (values?: Record<string, unknown>) => {
    const target = (connection.current() ?? db) as unknown as { session: { client: pg.Pool | pg.PoolClient } };
    return target.session.client.query({ name, text: compiled.sql, values: fillPlaceholders(compiled.params, values ?? {}) });
  };
  return {
    async all(values) {
      return (await query_(values)).rows as T[];
    },
    async get(values) {
      return (await query_(values)).rows[0] as T | undefined;
    },
    async run(values) {
      return (await query_(values)).rowCount ?? 0;
    },
  };
}

/**
 * A query builder compiled once and run many times (hot paths), its rows mapped as the builder
 * maps them (joined objects, dates, booleans): `build` is called with the database and returns
 * the builder, its placeholders `sql.placeholder('name')`. On SQLite it is one prepared
 * statement; on PostgreSQL a named statement the server plans once per connection — inside a
 * transaction it is built again on the transaction's connection (rare: hot reads run outside).
 */
export interface PreparedQuery<T> {
  all(values?: Record<string, unknown>): Promise<T[]>;
  get(values?: Record<string, unknown>): Promise<T | undefined>;
}

interface Preparable<T> {
  prepare(name?: string): unknown;
  toSQL(): { sql: string };
  then: PromiseLike<T[]>['then'];
}

export function preparedQuery<T>(db: Db, build: (db: Db) => Preparable<T>): PreparedQuery<T> {
  const connection = connectionOf(db);
  if (connection.engine === 'sqlite') {
    const statement = build(db).prepare() as { all(v?: Record<string, unknown>): T[]; get(v?: Record<string, unknown>): T | undefined };
    return {
      all: (values) => gated(db, () => statement.all(values ?? {})),
      get: (values) => gated(db, () => statement.get(values ?? {})),
    };
  }
  type PgPrepared = { execute(v?: Record<string, unknown>): Promise<T[]> };
  const builder = build(db);
  const name = statementName('minga_q', builder.toSQL().sql);
  const statement = builder.prepare(name) as PgPrepared;
  const run = (values?: Record<string, unknown>): Promise<T[]> => {
    const tx = connection.current();
    return (tx ? (build(tx).prepare(name) as PgPrepared) : statement).execute(values ?? {});
  };
  return {
    all: run,
    async get(values) {
      return (await run(values))[0];
    },
  };
}
