/** Writing the forum demo data: batched inserts, in a few big transactions. */
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
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

type Rows<T extends SQLiteTable> = T['$inferInsert'][];

/** Inserts the synthetic members; returns their ids by username. */
export function insertMembers(db: Db, rows: Rows<typeof users>): Map<string, number> {
  const inserted = db.transaction((tx) => tx.insert(users).values(rows).returning({ id: users.id, username: users.username }).all());
  return new Map(inserted.map((r) => [r.username, r.id]));
}

export interface CommunityRows {
  communities: Rows<typeof communities>;
  forums: Rows<typeof forums>;
  memberships: Rows<typeof communityMembers>;
}

export function writeCommunities(db: Db, rows: CommunityRows): void {
  db.transaction((tx) => {
    tx.insert(communities).values(rows.communities).run();
    tx.insert(forums).values(rows.forums).run();
    insertBatches(tx as unknown as Db, communityMembers, rows.memberships, 1000);
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

export function writeDiscussions(db: Db, rows: DiscussionRows): void {
  db.transaction((tx) => {
    const w = tx as unknown as Db;
    insertBatches(w, threads, rows.threads, 500);
    insertBatches(w, posts, rows.posts, 400);
    insertBatches(w, postRevisions, rows.revisions, 500);
    insertBatches(w, postReactions, rows.reactions, 1000);
    insertBatches(w, postMentions, rows.mentions, 1000);
    insertBatches(w, postLinks, rows.links, 1000);
    insertBatches(w, threadWatches, rows.watches, 1000);
  });
}

/** Inserts rows in batches small enough for SQLite's bound-parameter limit. */
function insertBatches<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][], batch: number): void {
  for (let i = 0; i < rows.length; i += batch) {
    db.insert(table as SQLiteTable)
      .values(rows.slice(i, i + batch) as never)
      .run();
  }
}
