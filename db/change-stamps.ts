import { sql } from 'drizzle-orm';
import { prepared } from './access.ts';
import { onPostgres } from './engine.ts';
import type { Db } from './client.ts';

/**
 * What tells a process that rows it keeps in memory (the knowledge facets, the search's country
 * and languages of records) were written by someone else: another connection, another host, a
 * script. SQLite has `PRAGMA data_version`; PostgreSQL has nothing like it, so statement-level
 * triggers count every write to these tables, by anyone, inside the writing transaction
 * (db/migrations-pg/0002_change_stamps.sql, generated from here). Reading one small row then
 * says whether a cache may be kept, instead of reading every record on every request.
 * The counted tables are written rarely (records, not views or posts): the counter's row lock
 * costs nothing that matters.
 */
/** The counters' table: not data (db:copy leaves it out; each database keeps its own). */
export const CHANGE_STAMPS_TABLE = 'change_stamps';

export const STAMPED_TABLES = ['resources', 'experiences', 'profiles', 'specialists', 'institutions', 'knowledge_fts'] as const;
export type StampedTable = (typeof STAMPED_TABLES)[number];

export const CHANGE_STAMPS_MIGRATION = new URL('./migrations-pg/0002_change_stamps.sql', import.meta.url);

/** The migration's text (tests/unit/search-pg-migration.test.ts checks the committed file says the same). */
export function changeStampsMigrationText(): string {
  const statements = [
    `CREATE TABLE "change_stamps" ("name" text PRIMARY KEY, "version" bigint NOT NULL);`,
    `CREATE OR REPLACE FUNCTION public.minga_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.change_stamps AS s ("name", "version") VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT ("name") DO UPDATE SET "version" = s."version" + 1;
  RETURN NULL;
END $$;`,
    ...STAMPED_TABLES.map(
      (table) =>
        `CREATE TRIGGER "${table}_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp();`,
    ),
  ];
  return `-- Write counters for the tables processes keep in memory (generated from db/change-stamps.ts: npx tsx db/change-stamps.ts).\n${statements.join('\n--> statement-breakpoint\n')}\n`;
}

export const CHANGE_STAMPS_ONCE_MIGRATION = new URL('./migrations-pg/0003_change_stamps_once.sql', import.meta.url);

/** The records' tables: each writes its rows of the full-text index by row triggers (db/migrations-pg/0001_search.sql). */
const INDEXED_TABLES = STAMPED_TABLES.filter((table) => table !== 'knowledge_fts');

/**
 * The second migration's text. A statement-level trigger fires once per statement, and each row
 * trigger of a record's table writes knowledge_fts with a statement of its own: a seed or import
 * of 19,000 records moved knowledge_fts's counter 19,000 times, one upsert of one row each (2.2 s
 * of a 10 s seed). Now a record's table moves knowledge_fts's counter with its own, once per
 * statement, and knowledge_fts counts only the writes made to it directly (a rebuild of the
 * index), not those its records' triggers make. Every reader of knowledge_fts's counter sees it
 * move for the same writes as before, once instead of once per row. The arguments' counters are
 * taken first: every writer of a record's table locks knowledge_fts's row before its table's, so
 * two transactions writing two record tables in opposite orders wait for each other instead of
 * deadlocking.
 */
export function changeStampsOnceMigrationText(): string {
  const statements = [
    `CREATE OR REPLACE FUNCTION public.minga_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.change_stamps AS s ("name", "version")
    SELECT n, 1 FROM unnest(array_append(TG_ARGV, TG_TABLE_NAME::text)) AS n
    ON CONFLICT ("name") DO UPDATE SET "version" = s."version" + 1;
  RETURN NULL;
END $$;`,
    ...INDEXED_TABLES.flatMap((table) => [
      `DROP TRIGGER IF EXISTS "${table}_change_stamp" ON "${table}";`,
      `CREATE TRIGGER "${table}_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION public.minga_change_stamp('knowledge_fts');`,
    ]),
    `DROP TRIGGER IF EXISTS "knowledge_fts_change_stamp" ON "knowledge_fts";`,
    `CREATE TRIGGER "knowledge_fts_change_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_fts" FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION public.minga_change_stamp();`,
  ];
  return `-- Write counters moved once per statement, not once per record (generated from db/change-stamps.ts: npx tsx db/change-stamps.ts).\n${statements.join('\n--> statement-breakpoint\n')}\n`;
}

/** PostgreSQL: a stamp that moves whenever one of these tables was written and committed, by anyone. */
export function pgChangeStamp(db: Db, tables: readonly StampedTable[]): () => Promise<string> {
  const statement = prepared<{ v: string | null }>(
    db,
    sql`SELECT coalesce(sum("version"), 0)::text AS v FROM "change_stamps" WHERE "name" IN (${sql.join(
      tables.map((table) => sql`${table}`),
      sql`, `,
    )})`,
  );
  return async () => `pg:${(await statement.get())?.v ?? '0'}`;
}

/**
 * A stamp that moves when these tables were written by another connection, process or host: on
 * PostgreSQL their write counters (which this connection's writes move too), on SQLite the file's
 * data_version (which they do not: a caller that must see its own writes adds what they move).
 */
export function writtenElsewhere(db: Db, tables: readonly StampedTable[]): () => Promise<string> {
  if (onPostgres) return pgChangeStamp(db, tables);
  const version = prepared<{ data_version: number }>(db, sql`PRAGMA data_version`);
  return async () => String((await version.get())?.data_version ?? 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(CHANGE_STAMPS_MIGRATION, changeStampsMigrationText());
  writeFileSync(CHANGE_STAMPS_ONCE_MIGRATION, changeStampsOnceMigrationText());
}
