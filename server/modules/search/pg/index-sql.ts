// engine: PostgreSQL. The tsvector tables, their triggers and rebuild statements.
/**
 * PostgreSQL's full-text indexes, generated from the same definitions as SQLite's FTS5 tables
 * (index-sources.ts): the migration db/migrations-pg/0001_search.sql holds
 * `createPgIndexStatements()`, and `npm run search:rebuild` refills the tables from
 * `pgRebuildStatements()`. The tables have SQLite's names and columns (`rowid` carrying
 * thread/post or kind/id, title, body), so a row means the same on both engines, plus a
 * `vector` generated from title (weight A) and body (weight D), under a GIN index.
 *
 * Words are folded as SQLite's unicode61 tokenizer with remove_diacritics folds them: accents
 * by the `unaccent` extension (wrapped in an IMMUTABLE function, so it may be used in a
 * generated column), letter case by the `simple` configuration (no stemming, no stop words:
 * the corpus mixes Spanish, Portuguese and English, and SQLite stems none of them), and every
 * character that is not a letter or a digit separates words (PostgreSQL's parser would
 * otherwise keep e-mail addresses, URLs, paths and decimals whole, which SQLite splits).
 */
import {
  KNOWLEDGE_SOURCES,
  PG_SOURCE_SQL,
  THREAD_SHIFT,
  knowledgeRowid,
  postRowid,
  visiblePost as visiblePostOf,
  type Col,
  type KnowledgeSource,
} from '../index-sources.ts';

const S = PG_SOURCE_SQL;
const q = (name: string) => `"${name}"`;
const visiblePost = (thread: string, post: string) => visiblePostOf(thread, post, q);
const NEW: Col = (name) => `NEW.${q(name)}`;
const BARE: Col = (name) => q(name);

/**
 * The functions the index and the queries share: folding, the vector, the query. They name each
 * other with their schema: a restore (pg_dump's script runs with an empty search_path) computes
 * the generated vectors through them.
 */
function functionStatements(): string[] {
  return [
    // A managed service must allow this extension (it is a trusted one since PostgreSQL 13).
    `CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;`,
    // unaccent() is STABLE (its dictionary could change); pinned to one dictionary it is not.
    `CREATE OR REPLACE FUNCTION minga_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;`,
    // Letters and digits make words; anything else separates them (as unicode61 does).
    `CREATE OR REPLACE FUNCTION minga_search_words(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT btrim(regexp_replace(public.minga_unaccent($1), '[^[:alnum:]]+', ' ', 'g')) $$;`,
    `CREATE OR REPLACE FUNCTION minga_search_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT setweight(to_tsvector('simple'::regconfig, public.minga_search_words(coalesce($1, ''))), 'A')
          || setweight(to_tsvector('simple'::regconfig, public.minga_search_words(coalesce($2, ''))), 'D') $$;`,
    // One term of a query: its words folded like the index's, as a phrase, the last one a prefix
    // if asked. Each word is quoted after folding, when it holds only letters and digits, so no
    // input can reach to_tsquery as syntax. Null when nothing is left of it.
    `CREATE OR REPLACE FUNCTION minga_search_term(words text, prefix boolean) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN f.w IS NULL OR f.w = '' THEN NULL ELSE to_tsquery('simple'::regconfig,
         (SELECT string_agg('''' || s.part || '''', ' <-> ' ORDER BY s.n) FROM regexp_split_to_table(f.w, ' ') WITH ORDINALITY AS s(part, n))
         || CASE WHEN prefix THEN ':*' ELSE '' END) END
      FROM (SELECT public.minga_search_words(words) AS w) AS f $$;`,
    // The whole query, from search/pg/query.ts's JSON: [{"w": words, "p": prefix, "n": excluded}],
    // every term required, the excluded ones absent. Null without a positive term.
    `CREATE OR REPLACE FUNCTION minga_search_query(terms jsonb) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  positive tsquery;
  negative tsquery;
  term jsonb;
  one tsquery;
BEGIN
  FOR term IN SELECT value FROM jsonb_array_elements(terms) LOOP
    one := public.minga_search_term(term ->> 'w', coalesce((term ->> 'p')::boolean, false));
    CONTINUE WHEN one IS NULL OR numnode(one) = 0;
    IF coalesce((term ->> 'n')::boolean, false) THEN
      negative := CASE WHEN negative IS NULL THEN !! one ELSE negative && !! one END;
    ELSE
      positive := CASE WHEN positive IS NULL THEN one ELSE positive && one END;
    END IF;
  END LOOP;
  IF positive IS NULL OR negative IS NULL THEN RETURN positive; END IF;
  RETURN positive && negative;
END $$;`,
  ];
}

function tableStatements(): string[] {
  const vector = (title: string, body: string) => `"vector" tsvector GENERATED ALWAYS AS (minga_search_vector(${title}, ${body})) STORED`;
  return [
    `CREATE TABLE "discussion_fts" ("rowid" bigint PRIMARY KEY, "title" text, "body" text, ${vector('"title"', '"body"')});`,
    `CREATE TABLE "knowledge_fts" ("rowid" bigint PRIMARY KEY, "kind" text, "item_id" bigint, "title" text, "body" text, ${vector('"title"', '"body"')});`,
    `CREATE TABLE "title_fts" ("rowid" bigint PRIMARY KEY, "title" text, ${vector('"title"', 'NULL')});`,
    `CREATE INDEX "discussion_fts_vector" ON "discussion_fts" USING gin ("vector");`,
    `CREATE INDEX "knowledge_fts_vector" ON "knowledge_fts" USING gin ("vector");`,
    `CREATE INDEX "title_fts_vector" ON "title_fts" USING gin ("vector");`,
  ];
}

function knowledgeInsert(source: KnowledgeSource, c: Col, id: string, from = ''): string[] {
  const rowid = knowledgeRowid(source, id);
  const live = source.live ? `${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${source.live(c)}` : '';
  return [
    `INSERT INTO "knowledge_fts" ("rowid", "kind", "item_id", "title", "body") SELECT ${rowid}, '${source.kind}', ${id}, ${source.title(c, S)}, ${source.body(c, S)}${from}${live};`,
    `INSERT INTO "title_fts" ("rowid", "title") SELECT ${rowid}, ${source.title(c, S)}${from}${live};`,
  ];
}

/** Refills every index from the tables, one statement per source, by id range (`BETWEEN ? AND ?`). */
export function pgRebuildStatements(): { label: string; table: string; sql: string[] }[] {
  return [
    {
      label: 'posts',
      table: 'posts',
      sql: [
        `INSERT INTO "discussion_fts" ("rowid", "title", "body") SELECT ${postRowid('t."id"', 'p."id"')}, t."title", coalesce(p."body_text", '') FROM "posts" p JOIN "threads" t ON t."id" = p."thread_id" WHERE ${visiblePost('t', 'p')} AND p."id" BETWEEN ? AND ?;`,
      ],
    },
    {
      label: 'threads',
      table: 'threads',
      sql: [`INSERT INTO "title_fts" ("rowid", "title") SELECT "id" * 8, "title" FROM "threads" WHERE "hidden" = 0 AND "id" BETWEEN ? AND ?;`],
    },
    ...KNOWLEDGE_SOURCES.map((source) => ({
      label: source.table,
      table: source.table,
      sql: knowledgeInsert(source, BARE, '"id"', ` FROM "${source.table}" WHERE "id" BETWEEN ? AND ?`),
    })),
  ];
}

/** A row trigger running `body` (statements on NEW and OLD) after (or before) the event. */
function trigger(name: string, when: string, table: string, body: string[], returns = 'NULL'): string[] {
  return [
    `CREATE OR REPLACE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
${body.map((l) => `\t${l}`).join('\n')}
\tRETURN ${returns};
END $$;`,
    `CREATE TRIGGER "${name}" ${when} ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${name}"();`,
  ];
}

/** The same conditions as SQLite's triggers (sqlite/index-sql.ts), as they stand today. */
function discussionTriggers(): string[] {
  const threadRange = (id: string) => `"rowid" BETWEEN ${id} * ${THREAD_SHIFT} AND ${id} * ${THREAD_SHIFT} + ${THREAD_SHIFT - 1}`;
  const insertPost = `INSERT INTO "discussion_fts" ("rowid", "title", "body") SELECT ${postRowid('NEW."thread_id"', 'NEW."id"')}, t."title", coalesce(NEW."body_text", '') FROM "threads" t WHERE t."id" = NEW."thread_id" AND ${visiblePost('t', 'NEW')};`;
  const deletePost = `DELETE FROM "discussion_fts" WHERE "rowid" = ${postRowid('OLD."thread_id"', 'OLD."id"')};`;
  return [
    ...trigger('posts_fts_insert', 'AFTER INSERT', 'posts', [insertPost]),
    ...trigger('posts_fts_update', 'AFTER UPDATE OF "body_text", "hidden", "deleted_at", "thread_id"', 'posts', [deletePost, insertPost]),
    ...trigger('posts_fts_delete', 'AFTER DELETE', 'posts', [deletePost]),
    ...trigger('threads_fts_insert', 'AFTER INSERT', 'threads', [
      `INSERT INTO "title_fts" ("rowid", "title") SELECT NEW."id" * 8, NEW."title" WHERE NEW."hidden" = 0;`,
    ]),
    ...trigger('threads_fts_update', 'AFTER UPDATE OF "title", "hidden"', 'threads', [
      `DELETE FROM "discussion_fts" WHERE ${threadRange('OLD."id"')};`,
      `INSERT INTO "discussion_fts" ("rowid", "title", "body") SELECT ${postRowid('NEW."id"', 'p."id"')}, NEW."title", coalesce(p."body_text", '') FROM "posts" p WHERE p."thread_id" = NEW."id" AND ${visiblePost('NEW', 'p')};`,
      `DELETE FROM "title_fts" WHERE "rowid" = OLD."id" * 8;`,
      `INSERT INTO "title_fts" ("rowid", "title") SELECT NEW."id" * 8, NEW."title" WHERE NEW."hidden" = 0;`,
    ]),
    ...trigger(
      'threads_fts_delete',
      'BEFORE DELETE',
      'threads',
      [`DELETE FROM "discussion_fts" WHERE ${threadRange('OLD."id"')};`, `DELETE FROM "title_fts" WHERE "rowid" = OLD."id" * 8;`],
      'OLD',
    ),
  ];
}

function knowledgeTriggers(source: KnowledgeSource): string[] {
  const deleteOld = [
    `DELETE FROM "knowledge_fts" WHERE "rowid" = ${knowledgeRowid(source, 'OLD."id"')};`,
    `DELETE FROM "title_fts" WHERE "rowid" = ${knowledgeRowid(source, 'OLD."id"')};`,
  ];
  const insertNew = knowledgeInsert(source, NEW, 'NEW."id"');
  return [
    ...trigger(`${source.table}_fts_insert`, 'AFTER INSERT', source.table, insertNew),
    ...trigger(`${source.table}_fts_update`, 'AFTER UPDATE', source.table, [...deleteOld, ...insertNew]),
    ...trigger(`${source.table}_fts_delete`, 'AFTER DELETE', source.table, deleteOld),
  ];
}

/** A rebuild statement with its id range opened to everything, for the migration's first fill. */
export function pgFillAllStatements(): string[] {
  return pgRebuildStatements().flatMap((s) => s.sql.map((text) => text.replace('BETWEEN ? AND ?', 'BETWEEN 0 AND 9223372036854775807')));
}

/** The migration's statements: functions, tables, triggers, then the first fill. */
export function createPgIndexStatements(): string[] {
  return [
    ...functionStatements(),
    ...tableStatements(),
    ...discussionTriggers(),
    ...KNOWLEDGE_SOURCES.flatMap((source) => knowledgeTriggers(source)),
    ...pgFillAllStatements(),
  ];
}
