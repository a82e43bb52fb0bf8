/**
 * What the full-text indexes hold, written once for both engines: each engine's index SQL
 * (sqlite/index-sql.ts: FTS5 tables; pg/index-sql.ts: tsvector tables) is generated from these
 * definitions, so the two index the same rows and the same words.
 *
 * - `discussion_fts` (title, body): one row per visible post with its thread's title; the rowid
 *   is `thread_id * 2^32 + post_id`, so a hit names its thread and post without reading the
 *   index's content, and a thread's rows are one rowid range.
 * - `knowledge_fts` (kind, item_id, title, body): one row per live record of the knowledge kinds
 *   and institutions; the rowid is `item_id * 8 + kind code`.
 * - `title_fts` (title): thread titles and knowledge titles for type-ahead; rowids like
 *   knowledge_fts, threads with code 0.
 *
 * Which community a post belongs to is not indexed: search reads it from `threads` at query
 * time, so moving a thread or changing who may see a community needs no re-indexing and can
 * never leave a stale permission behind.
 */
import { CV_SECTIONS, type CvSection } from '../../../shared/knowledge-fields.ts';
import type { Engine } from '../../../db/engine.ts';
import { publicSectionSql } from '../knowledge/specialist-visibility.ts';
import { liveRecordSql } from '../knowledge/withdrawal.ts';

export const THREAD_SHIFT = 4294967296; // 2^32

export const KIND_CODES = { thread: 0, resource: 1, experience: 2, profile: 3, specialist: 4, institution: 5 } as const;
export type IndexedKind = Exclude<keyof typeof KIND_CODES, 'thread'>;
export const KIND_BY_CODE: (keyof typeof KIND_CODES)[] = ['thread', 'resource', 'experience', 'profile', 'specialist', 'institution'];

/** `col('summary')` names a column: `NEW.\`summary\`` in a trigger, `\`summary\`` in a rebuild. */
export type Col = (name: string) => string;

/** The few expressions whose SQL differs between the engines. */
export interface SourceSql {
  engine: Engine;
  /** The text strings of a JSON column (optionally under one key), space-separated, '' when none. */
  listText(c: Col, name: string, key?: string): string;
}

export const SQLITE_SOURCE_SQL: SourceSql = {
  engine: 'sqlite',
  listText: (c, name, key) =>
    `coalesce((SELECT group_concat(value, ' ') FROM json_tree(${c(name)}${key ? `, '$.${key}'` : ''}) WHERE type = 'text'), '')`,
};

export const PG_SOURCE_SQL: SourceSql = {
  engine: 'pg',
  listText: (c, name, key) =>
    `coalesce((SELECT string_agg(v #>> '{}', ' ') FROM jsonb_path_query((${c(name)})::jsonb${key ? ` -> '${key}'` : ''}, 'strict $.**') AS v WHERE jsonb_typeof(v) = 'string'), '')`,
};

/**
 * A specialist's CV sections that anyone may see (the rule is in specialist-visibility.ts):
 * members-only sections are not indexed, so no search, list filter, export filter or link
 * picker can find a record by their words, nor show them in a snippet.
 */
const publicCvText = (c: Col, s: SourceSql) =>
  CV_SECTIONS.map(
    (section: CvSection) =>
      `CASE WHEN ${publicSectionSql(c('cv_visibility'), section, s.engine)} THEN ${s.listText(c, 'cv', section)} ELSE '' END`,
  ).join(` || ' ' || `);

export interface KnowledgeSource {
  kind: IndexedKind;
  table: string;
  title: (c: Col, s: SourceSql) => string;
  body: (c: Col, s: SourceSql) => string;
  /** Whether the record is indexed at all: a withdrawn record is not (knowledge/withdrawal.ts). */
  live?: (c: Col) => string;
}

export const KNOWLEDGE_SOURCES: KnowledgeSource[] = [
  {
    kind: 'resource',
    live: liveRecordSql,
    table: 'resources',
    title: (c) => c('title'),
    body: (c, s) => `${c('summary')} || ' ' || ${s.listText(c, 'authors')} || ' ' || ${s.listText(c, 'topics')}`,
  },
  {
    kind: 'experience',
    live: liveRecordSql,
    table: 'experiences',
    title: (c) => c('title'),
    body: (c, s) => `${c('summary')} || ' ' || ${c('results')} || ' ' || ${s.listText(c, 'partners')}`,
  },
  {
    kind: 'profile',
    live: liveRecordSql,
    table: 'profiles',
    title: (c) => c('title'),
    body: (c, s) =>
      `${c('national_code')} || ' ' || ${c('purpose')} || ' ' || coalesce(${c('subsector')}, '') || ' ' || ${s.listText(c, 'units')}`,
  },
  {
    kind: 'specialist',
    live: liveRecordSql,
    table: 'specialists',
    title: (c) => c('name'),
    body: (c, s) => `${c('summary')} || ' ' || ${publicCvText(c, s)}`,
  },
  {
    kind: 'institution',
    table: 'institutions',
    title: (c) => `${c('acronym')} || ' ' || ${c('name')}`,
    body: (c) => `coalesce(${c('city')}, '') || ' ' || ${c('description')}`,
  },
];

/** A knowledge source's index rowid. */
export const knowledgeRowid = (source: KnowledgeSource, id: string): string => `${id} * 8 + ${KIND_CODES[source.kind]}`;

/** A post's index rowid. */
export const postRowid = (thread: string, post: string): string => `${thread} * ${THREAD_SHIFT} + ${post}`;

/** A post is indexed while it and its thread are visible (`q` quotes a column name). */
export const visiblePost = (thread: string, post: string, q: (name: string) => string): string =>
  `${thread}.${q('hidden')} = 0 AND ${post}.${q('hidden')} = 0 AND ${post}.${q('deleted_at')} IS NULL`;
