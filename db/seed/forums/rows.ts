/** The planned data as table rows, in the order they are inserted. */
import type {
  communities,
  communityMembers,
  forums,
  postLinks,
  postMentions,
  postRevisions,
  posts,
  threads,
  threadWatches,
  users,
} from '../../schema/index.ts';
import { htmlToText } from '../../../server/lib/markdown.ts';
import type { MemberSeed } from './people.ts';
import type { CommunityPlan, Person, PostPlan, ThreadPlan } from './types.ts';

export function memberRows(seeds: MemberSeed[], passwordHash: string): (typeof users.$inferInsert)[] {
  return seeds.map((m) => ({
    username: m.username,
    email: m.email,
    passwordHash,
    displayName: m.displayName,
    role: 'member' as const,
    institutionId: m.institutionId,
    countryCode: m.countryCode,
    languages: m.languages,
    bio: m.bio,
    specialist: m.specialist,
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
  }));
}

export function communityRows(plans: CommunityPlan[], owner: Person): (typeof communities.$inferInsert)[] {
  return plans.map((c) => ({
    id: c.id,
    slug: c.seed.slug,
    name: c.seed.name,
    description: c.seed.description,
    visibility: c.seed.visibility,
    joinPolicy: c.seed.joinPolicy,
    listed: c.seed.visibility === 'private' && (c.seed.listed ?? false),
    ownerId: owner.id,
    memberCount: c.active.length,
    lastActivityAt: c.lastActivityAt === null ? null : new Date(c.lastActivityAt),
    createdAt: new Date(c.createdAt),
  }));
}

export function forumRows(plans: CommunityPlan[]): (typeof forums.$inferInsert)[] {
  return plans.flatMap((c) =>
    c.forums.map((f) => ({
      id: f.id,
      communityId: c.id,
      slug: f.seed.slug,
      name: f.seed.name,
      description: f.seed.description,
      position: f.position,
      threadCount: f.threadCount,
      postCount: f.postCount,
      lastPostAt: f.lastPostAt === null ? null : new Date(f.lastPostAt),
      createdAt: new Date(f.createdAt),
    })),
  );
}

export function membershipRows(plans: CommunityPlan[]): (typeof communityMembers.$inferInsert)[] {
  return plans.flatMap((c) =>
    c.memberships.map((m) => ({
      communityId: c.id,
      userId: m.person.id,
      role: m.role,
      status: m.status,
      createdAt: new Date(m.joinedAt),
      updatedAt: new Date(m.joinedAt),
    })),
  );
}

export function threadRows(threadPlans: ThreadPlan[]): (typeof threads.$inferInsert)[] {
  return threadPlans.map((t) => ({
    id: t.id,
    forumId: t.forum.id,
    communityId: t.community.id,
    authorId: t.author.id,
    title: t.title,
    kind: t.kind,
    language: t.lang,
    pinned: t.pinned,
    locked: t.locked,
    hidden: false,
    firstPostId: t.posts[0].id,
    acceptedPostId: t.accepted?.id ?? null,
    postCount: t.postCount,
    lastPostAt: new Date(t.lastPostAt),
    createdAt: new Date(t.createdAt),
  }));
}

export function postRows(allPosts: PostPlan[]): (typeof posts.$inferInsert)[] {
  // Each post's number in its thread, in reading order (by id).
  const numbers = new Map<number, number>();
  const perThread = new Map<number, number>();
  for (const p of [...allPosts].sort((a, b) => a.id - b.id)) {
    const n = (perThread.get(p.thread.id) ?? 0) + 1;
    perThread.set(p.thread.id, n);
    numbers.set(p.id, n);
  }
  return allPosts.map((p) => ({
    id: p.id,
    threadId: p.thread.id,
    authorId: p.author.id,
    replyToPostId: p.replyTo?.id ?? null,
    number: numbers.get(p.id)!,
    body: p.body,
    bodyHtml: p.html,
    bodyText: htmlToText(p.html),
    hidden: p.hidden,
    createdAt: new Date(p.at),
    editedAt: p.edit ? new Date(p.edit.at) : null,
    deletedAt: p.deletedAt === null ? null : new Date(p.deletedAt),
    revisionCount: p.edit ? 1 : 0,
  }));
}

/** The text of each edited post before its edit. */
export function revisionRows(threadPlans: ThreadPlan[]): (typeof postRevisions.$inferInsert)[] {
  return threadPlans.flatMap((t) =>
    t.posts.flatMap((p) => (p.edit ? [{ postId: p.id, editorId: p.author.id, body: p.edit.body, bodyHtml: p.edit.html, createdAt: new Date(p.at) }] : [])),
  );
}

export function mentionRows(threadPlans: ThreadPlan[]): (typeof postMentions.$inferInsert)[] {
  return threadPlans.flatMap((t) => t.posts.flatMap((p) => [...new Set(p.mentions)].map((userId) => ({ postId: p.id, userId }))));
}

export function linkRows(threadPlans: ThreadPlan[]): (typeof postLinks.$inferInsert)[] {
  return threadPlans.flatMap((t) =>
    t.posts.flatMap((p) => {
      const unique = new Map(p.links.map((l) => [`${l.type}:${l.id}`, l]));
      return [...unique.values()].map((l) => ({ postId: p.id, linkType: l.type, targetId: l.id }));
    }),
  );
}

/** Everyone who wrote in a thread watches it, from their first post on. */
export function watchRows(threadPlans: ThreadPlan[]): (typeof threadWatches.$inferInsert)[] {
  const rows: (typeof threadWatches.$inferInsert)[] = [];
  for (const t of threadPlans) {
    const watchers = new Set<number>();
    for (const p of t.posts) {
      if (watchers.has(p.author.id)) continue;
      watchers.add(p.author.id);
      rows.push({ threadId: t.id, userId: p.author.id, level: 'watching', createdAt: new Date(p.at) });
    }
  }
  return rows;
}
