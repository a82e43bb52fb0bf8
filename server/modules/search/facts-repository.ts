import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prepared, type Prepared } from '../../../db/access.ts';
import { idsIn } from './sql.ts';
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

type DiscussionRow = {
  id: number; slug: string; name: string; username: string | null; displayName: string | null; created: number; postCount: number; accepted: number | null;
};
type KnowledgeRow = { id: number; institutionId: number | null; acronym: string | null; name: string | null; country: string | null; at: number | null };

export function createResultFactsRepository(db: Db) {
  const ids = idsIn(sql.placeholder('ids'));
  const discussion = (from: string, date: string, author: string) =>
    prepared<DiscussionRow>(
      db,
      sql`SELECT x.id, c.slug, c.name, u.username, u.display_name AS "displayName", ${sql.raw(date)} AS created,
                 t.post_count AS "postCount", t.accepted_post_id AS accepted
          FROM ${sql.raw(from)} JOIN communities c ON c.id = t.community_id LEFT JOIN users u ON u.id = ${sql.raw(author)}
          WHERE x.id IN ${ids}`,
    );
  const statements = {
    threads: discussion('threads x JOIN threads t ON t.id = x.id', 't.created_at', 't.author_id'),
    posts: discussion('posts x JOIN threads t ON t.id = x.thread_id', 'x.created_at', 'x.author_id'),
    institutions: prepared<KnowledgeRow>(
      db,
      sql`SELECT id, NULL AS "institutionId", NULL AS acronym, NULL AS name, country_code AS country, created_at AS at
          FROM institutions WHERE id IN ${ids}`,
    ),
  };
  const knowledgeStatements: Record<string, Prepared<KnowledgeRow>> = {
    institution: statements.institutions,
    ...Object.fromEntries(
      Object.entries(KNOWLEDGE_TABLES).map(([kind, table]) => [
        kind,
        prepared<KnowledgeRow>(
          db,
          sql`SELECT k.id, i.id AS "institutionId", i.acronym, i.name, k.country_code AS country, k.updated_at AS at FROM ${sql.raw(table)} k
              LEFT JOIN institutions i ON i.id = k.institution_id WHERE k.id IN ${ids}`,
        ),
      ]),
    ),
  };

  function discussionFacts(rows: DiscussionRow[]): Map<number, ResultFacts> {
    const map = new Map<number, ResultFacts>();
    for (const { id, slug, name, username, displayName, created, postCount, accepted } of rows) {
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
    async discussions(type: 'thread' | 'post', ids: readonly number[]): Promise<Map<number, ResultFacts>> {
      if (ids.length === 0) return new Map();
      const statement = type === 'thread' ? statements.threads : statements.posts;
      return discussionFacts(await statement.all({ ids: json(ids) }));
    },

    /** Facts of knowledge records of one kind (by record id): institution, country, last change. */
    async knowledge(kind: KnowledgeKind, ids: readonly number[]): Promise<Map<number, ResultFacts>> {
      const statement = knowledgeStatements[kind];
      if (ids.length === 0 || !statement) return new Map();
      const map = new Map<number, ResultFacts>();
      const rows = await statement.all({ ids: json(ids) });
      for (const { id, institutionId, acronym, name, country, at } of rows) {
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
