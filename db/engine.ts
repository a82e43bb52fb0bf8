/**
 * Which database engine this process runs on, decided once when it starts: PostgreSQL when
 * `MINGA_DATABASE_URL` is a postgres:// URL (or `MINGA_DB_ENGINE=pg`, which the PostgreSQL test
 * run sets), SQLite otherwise (the embedded default, `MINGA_DB`).
 *
 * The schema's tables are built for this engine when they are imported (db/schema/_dialect.ts),
 * so one process speaks one engine; `npm run db:copy` reads the other through its own driver.
 */
export type Engine = 'sqlite' | 'pg';

export function engineFromEnv(env: NodeJS.ProcessEnv = process.env): Engine {
  const forced = env.MINGA_DB_ENGINE?.trim().toLowerCase();
  if (forced === 'pg' || forced === 'postgres' || forced === 'postgresql') return 'pg';
  if (forced === 'sqlite') return 'sqlite';
  return /^postgres(ql)?:\/\//i.test(env.MINGA_DATABASE_URL ?? '') ? 'pg' : 'sqlite';
}

export const ENGINE: Engine = engineFromEnv();

export const onPostgres = ENGINE === 'pg';
