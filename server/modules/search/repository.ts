import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prepared } from '../../../db/access.ts';
import { idsIn } from './sql.ts';
import { onPostgres } from '../../../db/engine.ts';
import { writtenElsewhere } from '../../../db/change-stamps.ts';
import { communities } from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';
import { liveRecordSql } from '../knowledge/withdrawal.ts';
import type { FullTextIndex } from './engine.ts';
import { createSqliteFullTextIndex } from './sqlite/fts-repository.ts';
import { createPgFullTextIndex } from './pg/fts-repository.ts';

export { CANDIDATE_BUDGET, type KnowledgeHit, type PostHit } from './engine.ts';

export interface ThreadMeta {
  id: number;
  communityId: number;
  title: string;
  language: string | null;
  acceptedPostId: number | null;
  lastPostAt: number;
}

const json = (values: readonly number[]) => JSON.stringify(values);
const ids = sql.placeholder('ids');

/** The full-text index of this process's engine. */
function fullTextIndex(db: Db): FullTextIndex {
  return onPostgres ? createPgFullTextIndex(db) : createSqliteFullTextIndex(db);
}

/**
 * The search queries, on prepared statements: each request runs one MATCH per index (the
 * engine's full-text index, engine.ts) and reads everything else by primary key.
 */
export function createSearchRepository(db: Db) {
  const index = fullTextIndex(db);
  const live = sql.raw(liveRecordSql((c) => c));
  const statements = {
    threads: prepared<ThreadMeta>(
      db,
      sql`SELECT id, community_id AS "communityId", title, language, accepted_post_id AS "acceptedPostId", last_post_at AS "lastPostAt"
          FROM threads WHERE id IN ${idsIn(ids)}`,
    ),
    specialistPosts: prepared<{ id: number }>(
      db,
      sql`SELECT p.id FROM posts p WHERE p.author_id IN (SELECT user_id FROM specialists WHERE user_id IS NOT NULL AND ${live})`,
    ),
    readableCommunities: prepared<{ id: number }>(
      db,
      sql`SELECT ${communities.id} AS id FROM ${communities} WHERE ${readableCommunity(communities.id, sql.placeholder('viewer'))}`,
    ),
    communityBySlug: prepared<{ id: number }>(db, sql`SELECT id FROM communities WHERE slug = ${sql.placeholder('slug')}`),
    userByName: prepared<{ id: number }>(db, sql`SELECT id FROM users WHERE username = ${sql.placeholder('username')}`),
    postTexts: prepared<{ id: number; text: string }>(db, sql`SELECT id, coalesce(body_text, '') AS text FROM posts WHERE id IN ${idsIn(ids)}`),
    specialistStamp: prepared<{ newest: number | null; linked: number; users: number }>(
      db,
      sql`SELECT (SELECT max(id) FROM posts) AS newest, count(*) AS linked, coalesce(sum(user_id), 0) AS users
          FROM specialists WHERE user_id IS NOT NULL AND ${live}`,
    ),
  };
  let specialistCache: { stamp: string; ids: ReadonlySet<number> } = { stamp: '', ids: new Set() };

  /**
   * Moves when another connection or host wrote: SQLite's data_version; on PostgreSQL the
   * specialists' write counter (db/change-stamps.ts). New posts move the stamp's max(id).
   */
  const written = writtenElsewhere(db, ['specialists']);

  return {
    ...index,

    /** Communities the actor may read, by the one readable-community condition (communities/readable.ts). */
    async visibleCommunityIds(actor: { id: number; role: string } | null): Promise<Set<number>> {
      const rows = await statements.readableCommunities.all({ viewer: actor?.id ?? null });
      return new Set(rows.map((r) => Number(r.id)));
    },

    communityId: async (slug: string) => (await statements.communityBySlug.get({ slug }))?.id ?? null,
    userId: async (username: string) => (await statements.userByName.get({ username }))?.id ?? null,

    async threads(threadIds: readonly number[]): Promise<Map<number, ThreadMeta>> {
      const rows = await statements.threads.all({ ids: json(threadIds) });
      const map = new Map<number, ThreadMeta>();
      for (const thread of rows) map.set(thread.id, thread);
      return map;
    },

    /**
     * The posts written by people linked to a specialist record (their answers rank higher).
     * Every such post is kept between requests until a post is added, a specialist
     * is linked or unlinked, or another connection or host writes the specialists.
     */
    async specialistPostIds(): Promise<ReadonlySet<number>> {
      const load = async () => new Set((await statements.specialistPosts.all()).map((r) => Number(r.id)));
      // Both parts of the stamp side by side: a change between them only makes the next call reload.
      const [version, facts] = await Promise.all([written(), statements.specialistStamp.get()]);
      const stamp = `${version}:${facts?.newest ?? ''}:${facts?.linked ?? 0},${facts?.users ?? 0}`;
      if (stamp !== specialistCache.stamp) {
        // Read after the stamp: a change landing in between only makes the next call reload.
        specialistCache = { stamp, ids: await load() };
      }
      return specialistCache.ids;
    },

    /** What a reader sees of each post (its text, not its Markdown source), for snippets. */
    async postTexts(postIds: readonly number[]): Promise<Map<number, string>> {
      if (postIds.length === 0) return new Map();
      const rows = await statements.postTexts.all({ ids: json(postIds) });
      return new Map(rows.map((r) => [r.id, r.text]));
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
