// engine: SQLite FTS5 (PostgreSQL: search port). The FTS5 tables, triggers and rebuild statements.
/**
 * The full-text indexes, defined once: the migration that creates them was generated from this
 * file, and the rebuild command (`npm run search:rebuild`) refills them from the same
 * definitions. Three FTS5 tables, accents and case folded:
 *
 * - `discussion_fts` (title, body): one row per visible post with its thread's title; the rowid
 *   is `thread_id * 2^32 + post_id`, so a hit names its thread and post without reading the
 *   index's content, and a thread's rows are one rowid range.
 * - `knowledge_fts` (kind, item_id, title, body): one row per record of the knowledge kinds and
 *   institutions; the rowid is `item_id * 8 + kind code`.
 * - `title_fts` (title): thread titles and knowledge titles for type-ahead, with prefix indexes
 *   up to four characters; rowids like knowledge_fts, threads with code 0.
 *
 * Which community a post belongs to is not indexed: search reads it from `threads` at query
 * time, so moving a thread or changing who may see a community needs no re-indexing and can
 * never leave a stale permission behind.
 */

import { CV_SECTIONS } from '../../../../shared/knowledge-fields.ts';
import { publicSectionSql } from '../../knowledge/specialist-visibility.ts';
import { liveRecordSql } from '../../knowledge/withdrawal.ts';

export const THREAD_SHIFT = 4294967296; // 2^32

export const KIND_CODES = { thread: 0, resource: 1, experience: 2, profile: 3, specialist: 4, institution: 5 } as const;
export type IndexedKind = Exclude<keyof typeof KIND_CODES, 'thread'>;
export const KIND_BY_CODE: (keyof typeof KIND_CODES)[] = ['thread', 'resource', 'experience', 'profile', 'specialist', 'institution'];

/** `col('summary')` is `NEW.\`summary\`` in a trigger and `\`summary\`` in a rebuild. */
type Col = (name: string) => string;

const listText = (c: Col, name: string, path?: string) =>
  `coalesce((SELECT group_concat(value, ' ') FROM json_tree(${c(name)}${path ? `, '${path}'` : ''}) WHERE type = 'text'), '')`;

/**
 * A specialist's CV sections that anyone may see (the rule is in specialist-visibility.ts):
 * members-only sections are not indexed, so no search, list filter, export filter or link
 * picker can find a record by their words, nor show them in a snippet.
 */
const publicCvText = (c: Col) =>
  CV_SECTIONS.map((section) => `CASE WHEN ${publicSectionSql(c('cv_visibility'), section)} THEN ${listText(c, 'cv', `$.${section}`)} ELSE '' END`).join(
    ` || ' ' || `,
  );

interface KnowledgeSource {
  kind: IndexedKind;
  table: string;
  title: (c: Col) => string;
  body: (c: Col) => string;
  /** Whether the record is indexed at all: a withdrawn record is not (knowledge/withdrawal.ts). */
  live?: (c: Col) => string;
}

export const KNOWLEDGE_SOURCES: KnowledgeSource[] = [
  {
    kind: 'resource',
    live: liveRecordSql,
    table: 'resources',
    title: (c) => c('title'),
    body: (c) => `${c('summary')} || ' ' || ${listText(c, 'authors')} || ' ' || ${listText(c, 'topics')}`,
  },
  {
    kind: 'experience',
    live: liveRecordSql,
    table: 'experiences',
    title: (c) => c('title'),
    body: (c) => `${c('summary')} || ' ' || ${c('results')} || ' ' || ${listText(c, 'partners')}`,
  },
  {
    kind: 'profile',
    live: liveRecordSql,
    table: 'profiles',
    title: (c) => c('title'),
    body: (c) =>
      `${c('national_code')} || ' ' || ${c('purpose')} || ' ' || coalesce(${c('subsector')}, '') || ' ' || ${listText(c, 'units')}`,
  },
  {
    kind: 'specialist',
    live: liveRecordSql,
    table: 'specialists',
    title: (c) => c('name'),
    body: (c) => `${c('summary')} || ' ' || ${publicCvText(c)}`,
  },
  {
    kind: 'institution',
    table: 'institutions',
    title: (c) => `${c('acronym')} || ' ' || ${c('name')}`,
    body: (c) => `coalesce(${c('city')}, '') || ' ' || ${c('description')}`,
  },
];

const NEW: Col = (name) => `NEW.\`${name}\``;
const BARE: Col = (name) => `\`${name}\``;
const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;

function knowledgeRowid(source: KnowledgeSource, id: string): string {
  return `${id} * 8 + ${KIND_CODES[source.kind]}`;
}

/**
 * `withdrawal: false` writes the statements as they were before migration 0030 (withdrawn
 * records), for the migrations generated before it (0013); the columns did not exist then.
 */
function knowledgeInsert(source: KnowledgeSource, c: Col, id: string, from = '', withdrawal = true): string[] {
  const rowid = knowledgeRowid(source, id);
  const live = source.live && withdrawal ? `${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${source.live(c)}` : '';
  return [
    `INSERT INTO \`knowledge_fts\` (\`rowid\`, \`kind\`, \`item_id\`, \`title\`, \`body\`) SELECT ${rowid}, '${source.kind}', ${id}, ${source.title(c)}, ${source.body(c)}${from}${live};`,
    `INSERT INTO \`title_fts\` (\`rowid\`, \`title\`) SELECT ${rowid}, ${source.title(c)}${from}${live};`,
  ];
}

const postRowid = (thread: string, post: string) => `${thread} * ${THREAD_SHIFT} + ${post}`;
const visiblePost = (thread: string, post: string) => `${thread}.\`hidden\` = 0 AND ${post}.\`hidden\` = 0 AND ${post}.\`deleted_at\` IS NULL`;

/** Refills every index from the tables, one statement per source (see rebuild.ts). */
export function rebuildStatements(): { label: string; table: string; sql: string[] }[] {
  return [
    {
      label: 'posts',
      table: 'posts',
      sql: [
        `INSERT INTO \`discussion_fts\` (\`rowid\`, \`title\`, \`body\`) SELECT ${postRowid('t.`id`', 'p.`id`')}, t.\`title\`, coalesce(p.\`body_text\`, '') FROM \`posts\` p JOIN \`threads\` t ON t.\`id\` = p.\`thread_id\` WHERE ${visiblePost('t', 'p')} AND p.\`id\` BETWEEN ? AND ?;`,
      ],
    },
    {
      label: 'threads',
      table: 'threads',
      sql: [`INSERT INTO \`title_fts\` (\`rowid\`, \`title\`) SELECT \`id\` * 8, \`title\` FROM \`threads\` WHERE \`hidden\` = 0 AND \`id\` BETWEEN ? AND ?;`],
    },
    ...KNOWLEDGE_SOURCES.map((source) => ({
      label: source.table,
      table: source.table,
      sql: knowledgeInsert(source, BARE, '`id`', ` FROM \`${source.table}\` WHERE \`id\` BETWEEN ? AND ?`),
    })),
  ];
}

/**
 * The triggers that keep discussion_fts and the thread rows of title_fts in step. A post is
 * indexed by its `body_text` (what a reader sees of the cooked HTML), never its Markdown source.
 */
function discussionTriggers(): string[] {
  return [
    // Posts: a row per visible post, moved with its thread id.
    `CREATE TRIGGER \`posts_fts_insert\` AFTER INSERT ON \`posts\` BEGIN
\tINSERT INTO \`discussion_fts\` (\`rowid\`, \`title\`, \`body\`) SELECT ${postRowid('NEW.`thread_id`', 'NEW.`id`')}, t.\`title\`, coalesce(NEW.\`body_text\`, '') FROM \`threads\` t WHERE t.\`id\` = NEW.\`thread_id\` AND ${visiblePost('t', 'NEW')};
END;`,
    `CREATE TRIGGER \`posts_fts_update\` AFTER UPDATE OF \`body_text\`, \`hidden\`, \`deleted_at\`, \`thread_id\` ON \`posts\` BEGIN
\tDELETE FROM \`discussion_fts\` WHERE \`rowid\` = ${postRowid('OLD.`thread_id`', 'OLD.`id`')};
\tINSERT INTO \`discussion_fts\` (\`rowid\`, \`title\`, \`body\`) SELECT ${postRowid('NEW.`thread_id`', 'NEW.`id`')}, t.\`title\`, coalesce(NEW.\`body_text\`, '') FROM \`threads\` t WHERE t.\`id\` = NEW.\`thread_id\` AND ${visiblePost('t', 'NEW')};
END;`,
    `CREATE TRIGGER \`posts_fts_delete\` AFTER DELETE ON \`posts\` BEGIN
\tDELETE FROM \`discussion_fts\` WHERE \`rowid\` = ${postRowid('OLD.`thread_id`', 'OLD.`id`')};
END;`,
    // Threads: the title travels with every post row and has its own type-ahead row.
    `CREATE TRIGGER \`threads_fts_insert\` AFTER INSERT ON \`threads\` BEGIN
\tINSERT INTO \`title_fts\` (\`rowid\`, \`title\`) SELECT NEW.\`id\` * 8, NEW.\`title\` WHERE NEW.\`hidden\` = 0;
END;`,
    `CREATE TRIGGER \`threads_fts_update\` AFTER UPDATE OF \`title\`, \`hidden\` ON \`threads\` BEGIN
\tDELETE FROM \`discussion_fts\` WHERE \`rowid\` BETWEEN OLD.\`id\` * ${THREAD_SHIFT} AND OLD.\`id\` * ${THREAD_SHIFT} + ${THREAD_SHIFT - 1};
\tINSERT INTO \`discussion_fts\` (\`rowid\`, \`title\`, \`body\`) SELECT ${postRowid('NEW.`id`', 'p.`id`')}, NEW.\`title\`, coalesce(p.\`body_text\`, '') FROM \`posts\` p WHERE p.\`thread_id\` = NEW.\`id\` AND ${visiblePost('NEW', 'p')};
\tDELETE FROM \`title_fts\` WHERE \`rowid\` = OLD.\`id\` * 8;
\tINSERT INTO \`title_fts\` (\`rowid\`, \`title\`) SELECT NEW.\`id\` * 8, NEW.\`title\` WHERE NEW.\`hidden\` = 0;
END;`,
    `CREATE TRIGGER \`threads_fts_delete\` BEFORE DELETE ON \`threads\` BEGIN
\tDELETE FROM \`discussion_fts\` WHERE \`rowid\` BETWEEN OLD.\`id\` * ${THREAD_SHIFT} AND OLD.\`id\` * ${THREAD_SHIFT} + ${THREAD_SHIFT - 1};
\tDELETE FROM \`title_fts\` WHERE \`rowid\` = OLD.\`id\` * 8;
END;`,
  ];
}

/** The migration's statements: tables, then triggers, then the first fill. */
export function createIndexStatements(): string[] {
  const statements: string[] = [
    `CREATE VIRTUAL TABLE \`discussion_fts\` USING fts5(\`title\`, \`body\`, ${TOKENIZE}, prefix = '2 3');`,
    `CREATE VIRTUAL TABLE \`knowledge_fts\` USING fts5(\`kind\` UNINDEXED, \`item_id\` UNINDEXED, \`title\`, \`body\`, ${TOKENIZE});`,
    `CREATE VIRTUAL TABLE \`title_fts\` USING fts5(\`title\`, ${TOKENIZE}, prefix = '2 3 4');`,
    ...discussionTriggers(),
  ];
  for (const source of KNOWLEDGE_SOURCES) statements.push(...knowledgeTriggers(source));
  return statements;
}

const knowledgeTriggerNames = (source: KnowledgeSource) => ['insert', 'update', 'delete'].map((op) => `${source.table}_fts_${op}`);

/** The triggers that keep a knowledge source's rows in knowledge_fts and title_fts. */
function knowledgeTriggers(source: KnowledgeSource, withdrawal = true): string[] {
  const deleteOld = [
    `DELETE FROM \`knowledge_fts\` WHERE \`rowid\` = ${knowledgeRowid(source, 'OLD.`id`')};`,
    `DELETE FROM \`title_fts\` WHERE \`rowid\` = ${knowledgeRowid(source, 'OLD.`id`')};`,
  ];
  const insertNew = knowledgeInsert(source, NEW, 'NEW.`id`', '', withdrawal);
  const body = (lines: string[]) => lines.map((l) => `\t${l}`).join('\n');
  const [insert, update, remove] = knowledgeTriggerNames(source);
  return [
    `CREATE TRIGGER \`${insert}\` AFTER INSERT ON \`${source.table}\` BEGIN\n${body(insertNew)}\nEND;`,
    `CREATE TRIGGER \`${update}\` AFTER UPDATE ON \`${source.table}\` BEGIN\n${body([...deleteOld, ...insertNew])}\nEND;`,
    `CREATE TRIGGER \`${remove}\` AFTER DELETE ON \`${source.table}\` BEGIN\n${body(deleteOld)}\nEND;`,
  ];
}

/**
 * A migration that changes what one knowledge source indexes in its body (0013: specialists'
 * public CV sections only): its triggers again, and its knowledge_fts rows refilled. As of
 * 0013, before withdrawn records: a later change of this kind passes `withdrawal` through.
 */
export function reindexKnowledgeSourceStatements(kind: IndexedKind): string[] {
  const source = KNOWLEDGE_SOURCES.find((s) => s.kind === kind)!;
  const [fill] = knowledgeInsert(source, BARE, '`id`', ` FROM \`${source.table}\``, false);
  return [
    ...knowledgeTriggerNames(source).map((t) => `DROP TRIGGER IF EXISTS \`${t}\`;`),
    ...knowledgeTriggers(source, false),
    `DELETE FROM \`knowledge_fts\` WHERE \`kind\` = '${source.kind}';`,
    fill!,
  ];
}

/**
 * Migration 0030 (withdrawn records): the knowledge sources' triggers again, indexing only
 * records that are not withdrawn; none is withdrawn yet, so the rows stay as they are.
 */
export function withdrawalTriggerStatements(): string[] {
  return KNOWLEDGE_SOURCES.filter((s) => s.live).flatMap((source) => [
    ...knowledgeTriggerNames(source).map((t) => `DROP TRIGGER IF EXISTS \`${t}\`;`),
    ...knowledgeTriggers(source),
  ]);
}

/** Everything the migration drops before creating the new indexes. */
export function dropOldStatements(): string[] {
  const triggers = [
    'posts_fts_insert',
    'posts_fts_update',
    'posts_fts_delete',
    'threads_fts_update',
    'threads_fts_delete',
    ...KNOWLEDGE_SOURCES.flatMap((s) => [`${s.table}_fts_insert`, `${s.table}_fts_update`, `${s.table}_fts_delete`]),
  ];
  return [
    ...triggers.map((t) => `DROP TRIGGER IF EXISTS \`${t}\`;`),
    'DROP TABLE IF EXISTS `discussion_fts`;',
    'DROP TABLE IF EXISTS `knowledge_fts`;',
  ];
}

/** A fill statement with its id range opened to everything, for the migration's first fill. */
export function fillAllStatements(): string[] {
  return rebuildStatements().flatMap((s) => s.sql.map((q) => q.replace('BETWEEN ? AND ?', 'BETWEEN 0 AND 9223372036854775807')));
}

/**
 * Migration 0013 (posts' `body_text`): the discussion triggers again, reading the text instead
 * of the source, and discussion_fts emptied and refilled from it. Rows written before the
 * column have no text yet: opening the database computes it (db/derived.ts), and the update
 * trigger indexes each post as its text arrives.
 */
export function postTextStatements(): string[] {
  const fill = fillAllStatements().filter((q) => q.startsWith('INSERT INTO `discussion_fts`'));
  return [
    ...['posts_fts_insert', 'posts_fts_update', 'posts_fts_delete', 'threads_fts_insert', 'threads_fts_update', 'threads_fts_delete'].map(
      (t) => `DROP TRIGGER IF EXISTS \`${t}\`;`,
    ),
    ...discussionTriggers(),
    'DELETE FROM `discussion_fts`;',
    ...fill,
  ];
}
