import { sql } from 'drizzle-orm';
import { rows, transaction } from '../access.ts';
import type { Db } from '../client.ts';
import { jsonValues } from '../dialect.ts';
import { moderationLog, users } from '../schema/index.ts';
import { erasureOn } from '../../server/modules/forget/erasure.ts';
import { DEMO_ACCOUNTS } from './data/people.ts';

/**
 * Account deletion in the demo (issue 19): one practitioner erased their account and kept their
 * posts (they read as "Deleted member", the mentions of them say `@deleted-member`), through the
 * same erasure the app runs; another is under an admin's legal hold. Deterministic: the same
 * synthetic members every run, chosen among those who posted (in open communities, not the News) and hold no role anyone relies on.
 */
export async function seedForget(db: Db, options: { now: Date; progress: (line: string) => void }): Promise<{ erased: number; held: number }> {
  const demo = JSON.stringify(DEMO_ACCOUNTS.map((a) => a.username));
  const candidates = await rows<{ id: number }>(
    db,
    sql`SELECT u.id AS id FROM users u
        WHERE u.role = 'member' AND u.deleted_at IS NULL AND u.username NOT IN ${jsonValues(demo)}
          AND EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM community_members m WHERE m.user_id = u.id AND m.role = 'moderator')
          AND NOT EXISTS (SELECT 1 FROM specialists s WHERE s.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM institution_representatives r WHERE r.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM workshop_hosts h WHERE h.user_id = u.id)
          -- Rows other areas drop on user.erased (a seed publishes no events): none to leave behind.
          AND NOT EXISTS (SELECT 1 FROM user_affiliations a WHERE a.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM data_exports e WHERE e.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
                          WHERE p.author_id = u.id AND (c.slug = 'news' OR c.visibility = 'private'))
        ORDER BY u.id LIMIT 2 OFFSET 5`,
  );
  const [erasedId, heldId] = candidates.map((c) => Number(c.id));
  if (heldId !== undefined) await db.update(users).set({ legalHold: true }).where(sql`${users.id} = ${heldId}`);
  if (erasedId === undefined) return { erased: 0, held: heldId === undefined ? 0 : 1 };

  const [row] = await db.select().from(users).where(sql`${users.id} = ${erasedId}`).limit(1);
  const at = new Date(options.now.getTime() - 12 * 24 * 3_600_000);
  const erasure = await erasureOn(db);
  await transaction(db, async () => {
    await erasure.run(row!, { removePosts: false, at, username: `deleted-${erasedId.toString(16).padStart(12, '0')}` });
    await db
      .insert(moderationLog)
      .values({ actorId: erasedId, action: 'user.erase', communityId: null, targetType: 'user', targetId: erasedId, before: { legalHold: false }, after: { posts: 'keep', requested: 'keep' }, createdAt: at });
  });
  options.progress('forget: 1 erased account, 1 legal hold');
  return { erased: 1, held: heldId === undefined ? 0 : 1 };
}
