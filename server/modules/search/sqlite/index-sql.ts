// engine: SQLite FTS5. The FTS5 tables, triggers and rebuild statements.
/**
 * SQLite's full-text indexes, generated from the engine-neutral definitions (index-sources.ts):
 * the migrations that created them were generated from this file, and the rebuild command
 * (`npm run search:rebuild`) refills them from the same definitions. Three FTS5 tables, accents
 * and case folded (unicode61, remove_diacritics 2); title_fts has prefix indexes up to four
 * characters for type-ahead.
 */
import {
  KNOWLEDGE_SOURCES,
  SQLITE_SOURCE_SQL,
  THREAD_SHIFT,
  knowledgeRowid,
  postRowid,
  visiblePost as visiblePostOf,
  type Col,
  type IndexedKind,
  type KnowledgeSource,
} from '../index-sources.ts';

export * from '../index-sources.ts';

const S = SQLITE_SOURCE_SQL;
const visiblePost = (thread: string, post: string) => visiblePostOf(thread, post, (n) => `\`${n}\``);

const NEW: Col = (name) => `NEW.\`${name}\``;
const BARE: Col = (name) => `\`${name}\``;
const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;

/**
 * `withdrawal: false` writes the statements as they were before migration 0030 (withdrawn
 * records), for the migrations generated before it (0013); the columns did not exist then.
 */
function knowledgeInsert(source: KnowledgeSource, c: Col, id: string, from = '', withdrawal = true): string[] {
  const rowid = knowledgeRowid(source, id);
  const live = source.live && withdrawal ? `${from.includes(' WHERE ') ? ' AND' : ' WHERE'} ${source.live(c)}` : '';
  return [
    `INSERT INTO \`knowledge_fts\` (\`rowid\`, \`kind\`, \`item_id\`, \`title\`, \`body\`) SELECT ${rowid}, '${source.kind}', ${id}, ${source.title(c, S)}, ${source.body(c, S)}${from}${live};`,
    `INSERT INTO \`title_fts\` (\`rowid\`, \`title\`) SELECT ${rowid}, ${source.title(c, S)}${from}${live};`,
  ];
}


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
