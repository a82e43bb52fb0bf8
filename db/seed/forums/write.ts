/** Writing the forum demo data: batched multi-row inserts, in a few big transactions. */
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { transaction } from '../../access.ts';
import type { Db } from '../../client.ts';
import {
  communities,
  communityMembers,
  forums,
  postLinks,
  postMentions,
  postReactions,
  postRevisions,
  posts,
  threads,
  threadWatches,
  users,
} from '../../schema/index.ts';
import { batchSize, insertBatches } from '../write.ts';

type Rows<T extends SQLiteTable> = T['$inferInsert'][];

/** Inserts the synthetic members; returns their ids by username. */
export async function insertMembers(db: Db, rows: Rows<typeof users>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await transaction(db, async () => {
    const size = batchSize(users);
    for (let i = 0; i < rows.length; i += size) {
      const inserted = await db.insert(users).values(rows.slice(i, i + size)).returning({ id: users.id, username: users.username });
      for (const r of inserted) ids.set(r.username, r.id);
    }
  });
  return ids;
}

export interface CommunityRows {
  communities: Rows<typeof communities>;
  forums: Rows<typeof forums>;
  memberships: Rows<typeof communityMembers>;
}

export async function writeCommunities(db: Db, rows: CommunityRows): Promise<void> {
  await transaction(db, async () => {
    await insertBatches(db, communities, rows.communities);
    await insertBatches(db, forums, rows.forums);
    await insertBatches(db, communityMembers, rows.memberships, 1000);
  });
}

export interface DiscussionRows {
  threads: Rows<typeof threads>;
  posts: Rows<typeof posts>;
  revisions: Rows<typeof postRevisions>;
  reactions: Rows<typeof postReactions>;
  mentions: Rows<typeof postMentions>;
  links: Rows<typeof postLinks>;
  watches: Rows<typeof threadWatches>;
}

export async function writeDiscussions(db: Db, rows: DiscussionRows): Promise<void> {
  await transaction(db, async () => {
    await insertBatches(db, threads, rows.threads, 500);
    await insertBatches(db, posts, rows.posts, 400);
    await insertBatches(db, postRevisions, rows.revisions, 500);
    await insertBatches(db, postReactions, rows.reactions, 1000);
    await insertBatches(db, postMentions, rows.mentions, 1000);
    await insertBatches(db, postLinks, rows.links, 1000);
    await insertBatches(db, threadWatches, rows.watches, 1000);
  });
}
