import { sql } from 'drizzle-orm';
import { row, rows } from '../access.ts';
import type { Db } from '../client.ts';
import { moderationLog, reports } from '../schema/index.ts';

const NOTES = ['Parece publicidad de un curso privado.', null, 'No tiene que ver con el tema del foro.'];
const REASONS = ['spam', 'off_topic', 'off_topic'] as const;

/**
 * A few open reports and moderation log entries in the first community that has a moderator,
 * so the moderation dashboard of the demo has something to show. Deterministic: the same
 * posts and people on every run. Counters are untouched (nothing is hidden).
 */
export async function seedModeration(db: Db, progress: (line: string) => void): Promise<{ reports: number; logEntries: number }> {
  const moderator = await row<{ communityId: number; userId: number }>(
    db,
    sql`SELECT community_id AS "communityId", user_id AS "userId" FROM community_members
        WHERE role = 'moderator' AND status = 'active' ORDER BY community_id, user_id LIMIT 1`,
  );
  if (!moderator) return { reports: 0, logEntries: 0 };
  const targets = await rows<{ postId: number; threadId: number; authorId: number; createdAt: number }>(
    db,
    sql`SELECT p.id AS "postId", p.thread_id AS "threadId", p.author_id AS "authorId", p.created_at AS "createdAt" FROM posts p
        JOIN threads t ON t.id = p.thread_id
        WHERE t.community_id = ${moderator.communityId} AND p.id <> t.first_post_id AND p.hidden = 0 AND p.deleted_at IS NULL
        ORDER BY p.id DESC LIMIT 3`,
  );
  const reporters = await rows<{ userId: number }>(
    db,
    sql`SELECT user_id AS "userId" FROM community_members WHERE community_id = ${moderator.communityId}
        AND status = 'active' AND role = 'member' ORDER BY user_id LIMIT 5`,
  );
  let count = 0;
  for (const [i, target] of targets.entries()) {
    const candidates = reporters.filter((r) => r.userId !== target.authorId);
    const reporter = candidates[i % Math.max(1, candidates.length)];
    if (!reporter) continue;
    await db
      .insert(reports)
      .values({
        communityId: moderator.communityId,
        targetType: 'post',
        targetId: target.postId,
        threadId: target.threadId,
        postId: target.postId,
        reporterId: reporter.userId,
        reason: REASONS[i]!,
        note: NOTES[i],
        createdAt: new Date(Number(target.createdAt) + 3_600_000),
      })
      .onConflictDoNothing();
    count += 1;
  }
  const pinned = await rows<{ id: number }>(
    db,
    sql`SELECT id FROM threads WHERE community_id = ${moderator.communityId} AND pinned = 1 ORDER BY id LIMIT 2`,
  );
  for (const thread of pinned) {
    await db.insert(moderationLog).values({
        communityId: moderator.communityId,
        actorId: moderator.userId,
        action: 'thread.pin',
        targetType: 'thread',
        targetId: thread.id,
        reason: 'Tema de referencia para la comunidad',
        before: { pinned: false },
        after: { pinned: true },
        undoable: true,
    });
  }
  progress(`moderation ${count} reports, ${pinned.length} log entries`);
  return { reports: count, logEntries: pinned.length };
}
