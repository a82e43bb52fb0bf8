/**
 * The tests' own look into the database, on PostgreSQL. The integration suites check rows
 * directly with better-sqlite3's synchronous `database.sqlite.prepare(sql).get/all/run(...)`;
 * they are the contract on both engines and stay unchanged, so on PostgreSQL the test app's
 * `database.sqlite` is this stand-in: the same calls, run synchronously by a worker thread that
 * holds a real connection (the caller waits on Atomics), with `?` and `@name` placeholders
 * turned into PostgreSQL's `$n`. For the tests only: the app itself never uses it.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { TEST_SYNC_NAME } from './pg-recycle.ts';

const require = createRequire(import.meta.url);

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// A comparison or EXISTS is 1/0 in SQLite, as the tests read it (the app stores booleans as 0/1 too).
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
const clients = new Map();
async function client(url) {
  let c = clients.get(url);
  if (!c) { c = new pg.Client({ connectionString: url, application_name: workerData.applicationName }); c.on('error', () => clients.delete(url)); await c.connect(); clients.set(url, c); }
  return c;
}
parentPort.on('message', async ({ signal, port, url, text, values, close }) => {
  let reply;
  try {
    if (close) {
      const c = clients.get(url);
      clients.delete(url);
      if (c) await c.end();
      reply = { ok: true };
    } else {
      const result = await (await client(url)).query(values ? { text, values } : text);
      reply = { ok: true, rows: result.rows, fields: (result.fields || []).map((f) => f.name), rowCount: result.rowCount };
    }
  } catch (error) {
    reply = { ok: false, message: error.message, code: error.code };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

let worker: Worker | null = null;

function theWorker(): Worker {
  if (!worker) {
    worker = new Worker(WORKER, { eval: true, workerData: { pgPath: require.resolve('pg'), applicationName: TEST_SYNC_NAME } });
    worker.unref();
  }
  return worker;
}

interface Reply {
  ok: boolean;
  rows?: Record<string, unknown>[];
  fields?: string[];
  rowCount?: number;
  message?: string;
  code?: string;
}

function call(message: Record<string, unknown>): Reply {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  theWorker().postMessage({ ...message, signal, port: port2 }, [port2]);
  const outcome = Atomics.wait(signal, 0, 0, 30_000);
  const received = receiveMessageOnPort(port1);
  port1.close();
  if (outcome === 'timed-out' || !received) throw new Error('the PostgreSQL test connection did not answer in 30 s');
  const reply = received.message as Reply;
  if (!reply.ok) throw Object.assign(new Error(reply.message), { code: reply.code });
  return reply;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * The aliases a statement spells with a capital letter, camelCase or capitals only
 * (`last_error AS lastError`, `count(*) AS N`), outside quotes; the type of a `CAST(… AS TEXT)`
 * is no alias.
 */
function aliasesWithCapitals(text: string): Set<string> {
  const aliases = new Set<string>();
  const casts: boolean[] = []; // per open parenthesis: whether it is a CAST's
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      i = end === -1 ? text.length : end;
    } else if (ch === '(') {
      casts.push(/(?:^|[^A-Za-z0-9_])CAST\s*$/i.test(text.slice(0, i)));
    } else if (ch === ')') {
      casts.pop();
    } else if ((ch === 'A' || ch === 'a') && !WORD.test(text[i - 1] ?? '')) {
      const alias = /^AS\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(text.slice(i, i + 80));
      if (alias && /[A-Z]/.test(alias[1]!) && !casts.at(-1)) aliases.add(alias[1]!);
    }
  }
  return aliases;
}

/**
 * SQLite-style placeholders (`?`, `?NNN`, `@name`, `:name`, `$name`) to PostgreSQL's `$n`, outside
 * quotes. And the tests' aliases keep their spelling: SQLite gives a column the name as written,
 * PostgreSQL folds an unquoted name to lower case (`last_error AS lastError` would come back as
 * `lasterror`, `count(*) AS N` as `n`). The one rule: an alias spelled with a capital letter
 * (aliasesWithCapitals) is quoted wherever the statement names it, in its `AS` and in any other
 * place (`ORDER BY N`, `x.postCount` from a subquery), so PostgreSQL keeps it as written, in the
 * row's columns and in anything built from them.
 */
export function toPostgresPlaceholders(text: string, args: unknown[]): { text: string; values: unknown[] } {
  const named = args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0]) && !Buffer.isBuffer(args[0]) ? (args[0] as Record<string, unknown>) : null;
  const aliases = aliasesWithCapitals(text);
  const values: unknown[] = [];
  const index = new Map<string, number>();
  let positional = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (ch === '?') {
      values.push(store(args[positional++]));
      out += `$${values.length}`;
      continue;
    }
    if ((ch === '@' || ch === ':' || ch === '$') && named && /[A-Za-z_]/.test(text[i + 1] ?? '') && text[i - 1] !== ':') {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))!;
      const name = match[0];
      if (!index.has(name)) {
        values.push(store(named[name]));
        index.set(name, values.length);
      }
      out += `$${index.get(name)}`;
      i += name.length;
      continue;
    }
    // A whole name (never a placeholder's: those are taken above, or left as they are).
    if (/[A-Za-z_]/.test(ch!) && !/[A-Za-z0-9_@:$]/.test(text[i - 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      out += aliases.has(name) ? `"${name}"` : name;
      i += name.length - 1;
      continue;
    }
    out += ch;
  }
  return { text: out, values };
}

function store(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

class Statement {
  #pluck = false;
  #raw = false;
  constructor(
    private readonly url: string,
    private readonly text: string,
    private readonly isOpen: () => boolean,
  ) {}
  pluck(on = true): this {
    this.#pluck = on;
    return this;
  }
  raw(on = true): this {
    this.#raw = on;
    return this;
  }
  #query(args: unknown[]): Reply {
    // As better-sqlite3 after close; and the database may be another test's by now (tests/helpers/pg-recycle.ts).
    if (!this.isOpen()) throw new TypeError('The database connection is not open');
    const { text, values } = toPostgresPlaceholders(this.text, args);
    return call({ url: this.url, text, values });
  }
  #shape(reply: Reply, row: Record<string, unknown>): unknown {
    if (this.#pluck) return row[reply.fields![0]];
    if (this.#raw) return reply.fields!.map((f) => row[f]);
    return row;
  }
  get(...args: unknown[]): unknown {
    const reply = this.#query(args);
    const row = reply.rows?.[0];
    return row === undefined ? undefined : this.#shape(reply, row);
  }
  all(...args: unknown[]): unknown[] {
    const reply = this.#query(args);
    return (reply.rows ?? []).map((row) => this.#shape(reply, row));
  }
  run(...args: unknown[]): { changes: number; lastInsertRowid: number } {
    const reply = this.#query(args);
    return { changes: reply.rowCount ?? 0, lastInsertRowid: 0 };
  }
}

/** The stand-in for a better-sqlite3 connection, over database `url`. */
export function syncPostgres(url: string) {
  let open = true;
  return {
    get open() {
      return open;
    },
    prepare: (text: string) => new Statement(url, text, () => open),
    exec(text: string) {
      if (!open) throw new TypeError('The database connection is not open');
      call({ url, text });
      return this;
    },
    pragma(): never {
      throw new Error('PRAGMA asked of PostgreSQL: this test reads SQLite internals');
    },
    close() {
      if (!open) return;
      open = false;
      call({ url, close: true });
    },
  };
}
