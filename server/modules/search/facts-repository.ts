import type Database from 'better-sqlite3';
import type { SearchType } from './query.ts';

/**
 * The facts a result shows beside its title (where it lives, who wrote it, when, how many
 * replies, solved or not), read by primary key for the few results of one page only. The
 * results were already chosen by the permission rules (service.ts): a thread's community is
 * read here only for threads the reader may see.
 */
export interface ResultFacts {
  community: { slug: string; name: string } | null;
  author: { username: string; displayName: string } | null;
  institution: { id: number; acronym: string; name: string } | null;
  country: string | null;
  date: string | null;
  replies: number | null;
  solved: boolean | null;
}

export const NO_FACTS: ResultFacts = { community: null, author: null, institution: null, country: null, date: null, replies: null, solved: null };

const json = (values: readonly number[]) => JSON.stringify(values);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type KnowledgeKind = Exclude<SearchType, 'thread' | 'post'>;
const KNOWLEDGE_TABLES: Record<Exclude<KnowledgeKind, 'institution'>, string> = {
  resource: 'resources',
  experience: 'experiences',
  profile: 'profiles',
  specialist: 'specialists',
};

export function createResultFactsRepository(sqlite: Database.Database) {
  const discussion = (from: string, date: string, author: string) =>
    sqlite
      .prepare(
        `SELECT x.id, c.slug, c.name, u.username, u.display_name, ${date}, t.post_count, t.accepted_post_id
         FROM ${from} JOIN communities c ON c.id = t.community_id LEFT JOIN users u ON u.id = ${author}
         WHERE x.id IN (SELECT value FROM json_each(?))`,
      )
      .raw();
  const statements = {
    threads: discussion('threads x JOIN threads t ON t.id = x.id', 't.created_at', 't.author_id'),
    posts: discussion('posts x JOIN threads t ON t.id = x.thread_id', 'x.created_at', 'x.author_id'),
    institutions: sqlite
      .prepare(`SELECT id, NULL, NULL, NULL, country_code, created_at FROM institutions WHERE id IN (SELECT value FROM json_each(?))`)
      .raw(),
  };
  const knowledgeStatements: Record<string, Database.Statement> = {
    institution: statements.institutions,
    ...Object.fromEntries(
      Object.entries(KNOWLEDGE_TABLES).map(([kind, table]) => [
        kind,
        sqlite
          .prepare(
            `SELECT k.id, i.id, i.acronym, i.name, k.country_code, k.updated_at FROM ${table} k
             LEFT JOIN institutions i ON i.id = k.institution_id WHERE k.id IN (SELECT value FROM json_each(?))`,
          )
          .raw(),
      ]),
    ),
  };

  function discussionFacts(rows: unknown[][]): Map<number, ResultFacts> {
    const map = new Map<number, ResultFacts>();
    for (const [id, slug, name, username, displayName, created, postCount, accepted] of rows as [
      number, string, string, string | null, string | null, number, number, number | null,
    ][]) {
      map.set(id, {
        ...NO_FACTS,
        community: { slug, name },
        author: username === null ? null : { username, displayName: displayName ?? username },
        date: iso(created),
        replies: Math.max(0, postCount - 1),
        solved: accepted !== null,
      });
    }
    return map;
  }

  return {
    /** Facts of threads (by thread id) or posts (by post id). */
    discussions(type: 'thread' | 'post', ids: readonly number[]): Map<number, ResultFacts> {
      if (ids.length === 0) return new Map();
      const statement = type === 'thread' ? statements.threads : statements.posts;
      return discussionFacts(statement.all(json(ids)) as unknown[][]);
    },

    /** Facts of knowledge records of one kind (by record id): institution, country, last change. */
    knowledge(kind: KnowledgeKind, ids: readonly number[]): Map<number, ResultFacts> {
      const statement = knowledgeStatements[kind];
      if (ids.length === 0 || !statement) return new Map();
      const map = new Map<number, ResultFacts>();
      const rows = statement.all(json(ids)) as [number, number | null, string | null, string | null, string | null, number | null][];
      for (const [id, institutionId, acronym, name, country, at] of rows) {
        map.set(id, {
          ...NO_FACTS,
          institution: institutionId === null ? null : { id: institutionId, acronym: acronym ?? '', name: name ?? '' },
          country,
          date: iso(at),
        });
      }
      return map;
    },
  };
}

export type ResultFactsRepository = ReturnType<typeof createResultFactsRepository>;
