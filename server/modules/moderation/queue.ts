import type { CommunityModerationSettings, Dashboard, QueueItem, QueueList, TrustSettings } from '../../../shared/schemas/moderation.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { UndoableEntry } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { authorRef, moderatedCommunity, requireAdmin, toLogEntry, type ModerationContext } from './context.ts';

const KIND_ORDER = { report: 0, held_post: 1, join_request: 2 } as const;

/** Oldest first, then by kind and id, then by the item's unique key (two items never tie, so a page never skips one). */
type SortKey = [createdAt: number, kind: number, id: number, key: string];
const sortKey = (i: QueueItem): SortKey => [Date.parse(i.createdAt), KIND_ORDER[i.kind], i.id, i.key];
const compare = (x: SortKey, y: SortKey) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0);

/**
 * The review queue: reported items, held first posts and join requests, oldest first, each
 * with what a moderator needs to decide in one click. Per community, or site-wide for admins.
 */
export function createQueue(ctx: ModerationContext) {
  const { repo, bus, audit } = ctx;

  async function items(communityId: number | null, kind: QueueItem['kind'] | undefined): Promise<QueueItem[]> {
    const reports = kind && kind !== 'report' ? [] : await repo.openReports(communityId);
    const held = kind && kind !== 'held_post' ? [] : await repo.heldPosts(communityId);
    const joins = kind && kind !== 'join_request' ? [] : await repo.joinRequests(communityId);
    const postRows = new Map((await ctx.posts.findMany([...reports.flatMap((r) => (r.report.postId ? [r.report.postId] : [])), ...held.map((h) => h.postId)])).map((p) => [p.id, p]));
    const threadRows = new Map((await ctx.threads.findMany([...reports.map((r) => r.report.threadId), ...held.map((h) => h.threadId)])).map((t) => [t.id, t]));
    const communityRows = new Map(
      (await repo.communitiesByIds([...reports.map((r) => r.report.communityId), ...held.map((h) => h.communityId), ...joins.map((j) => j.communityId)])).map((c) => [c.id, c]),
    );
    const people = new Map(
      (await ctx.users.findManyByIds([...[...postRows.values()].map((p) => p.authorId), ...joins.map((j) => j.userId)])).map((u) => [u.id, authorRef(u)]),
    );
    const community = (id: number) => {
      const c = communityRows.get(id)!;
      return { id: c.id, slug: c.slug, name: c.name };
    };
    const thread = (id: number) => {
      const t = threadRows.get(id);
      return t ? { id: t.id, title: t.title, hidden: t.hidden } : null;
    };
    const post = (id: number | null) => {
      const p = id !== null ? postRows.get(id) : undefined;
      if (!p) return null;
      const t = threadRows.get(p.threadId);
      return {
        id: p.id,
        bodyHtml: p.deletedAt ? '' : p.bodyHtml,
        author: people.get(p.authorId)!,
        createdAt: p.createdAt.toISOString(),
        hidden: p.hidden,
        opensThread: t?.firstPostId === p.id,
      };
    };

    const out: QueueItem[] = [];
    const grouped = new Map<string, typeof reports>();
    for (const row of reports) {
      const key = `${row.report.targetType}:${row.report.targetId}`;
      grouped.set(key, [...(grouped.get(key) ?? []), row]);
    }
    for (const group of grouped.values()) {
      const first = group[0]!.report;
      out.push({
        kind: 'report',
        id: first.id,
        key: `report:${first.targetType}:${first.targetId}`,
        createdAt: first.createdAt.toISOString(),
        community: community(first.communityId),
        targetType: first.targetType,
        thread: thread(first.threadId),
        post: post(first.postId),
        user: null,
        reports: group.map((r) => ({
          id: r.report.id,
          reason: r.report.reason,
          note: r.report.note,
          reporter: { id: r.report.reporterId, username: r.username, displayName: r.displayName },
          createdAt: r.report.createdAt.toISOString(),
        })),
      });
    }
    for (const h of held) {
      out.push({
        kind: 'held_post',
        id: h.postId,
        key: `held_post:${h.postId}`,
        createdAt: h.createdAt.toISOString(),
        community: community(h.communityId),
        targetType: 'post',
        thread: thread(h.threadId),
        post: post(h.postId),
        user: null,
        reports: [],
      });
    }
    for (const j of joins) {
      out.push({
        kind: 'join_request',
        id: j.userId,
        key: `join_request:${j.communityId}:${j.userId}`,
        createdAt: j.createdAt.toISOString(),
        community: community(j.communityId),
        targetType: null,
        thread: null,
        post: null,
        user: people.get(j.userId) ?? null,
        reports: [],
      });
    }
    return out.sort((a, b) => compare(sortKey(a), sortKey(b)));
  }

  function page(all: QueueItem[], query: { cursor?: string; limit?: number }): QueueList {
    const limit = query.limit ?? 25;
    const after = readCursor(query.cursor, ['number', 'number', 'number', 'string']) as SortKey | null;
    const rest = after ? all.filter((i) => compare(sortKey(i), after) > 0) : all;
    const slice = rest.slice(0, limit);
    const last = slice.at(-1);
    return { items: slice, nextCursor: rest.length > limit && last ? encodeCursor(sortKey(last)) : null };
  }

  async function decideHeld(actor: Actor | null, postId: number, approve: boolean, reason?: string) {
    const held = await repo.held(postId);
    if (!held || held.status !== 'held') throw new AppError('HELD_POST_NOT_FOUND');
    await moderatedCommunity(ctx, actor, held.communityId);
    const thread = (await ctx.threads.findById(held.threadId))!;
    await audit.within(
      [
        {
          actorId: actor!.id,
          action: approve ? 'post.approve' : 'post.reject',
          communityId: held.communityId,
          targetType: 'post',
          targetId: postId,
          reason: reason?.trim() || null,
          before: { status: 'held' },
          after: { status: approve ? 'approved' : 'rejected' },
          undoable: true,
        } satisfies UndoableEntry,
      ],
      async () => {
        await repo.setHeld(postId, { status: approve ? 'approved' : 'rejected', decidedById: actor!.id, decidedAt: new Date() });
        if (!approve) return;
        await ctx.posts.setHiddenMany([postId], false);
        if (held.opensThread) await ctx.threads.setHiddenMany([held.threadId], false);
        await ctx.threads.recount([held.threadId]);
      },
    );
    if (approve) {
      // The post appears now: for readers, lists and notifications it is created at this moment.
      if (held.opensThread) await bus.publish('thread.created', { threadId: thread.id, postId });
      await bus.publish('post.created', { threadId: thread.id, postId, mentionedUserIds: await ctx.posts.mentionedIn(postId) });
      await bus.publish('thread.updated', { threadId: thread.id });
    }
  }

  return {
    async forCommunity(actor: Actor | null, slug: string, query: { kind?: QueueItem['kind']; cursor?: string; limit?: number }): Promise<QueueList> {
      const access = await ctx.gate.bySlug(actor, slug);
      await moderatedCommunity(ctx, actor, access.community.id);
      return page(await items(access.community.id, query.kind), query);
    },

    async siteWide(actor: Actor | null, query: { kind?: QueueItem['kind']; cursor?: string; limit?: number }): Promise<QueueList> {
      requireAdmin(actor);
      return page(await items(null, query.kind), query);
    },

    approve: async (actor: Actor | null, postId: number, reason?: string) => await decideHeld(actor, postId, true, reason),
    reject: async (actor: Actor | null, postId: number, reason?: string) => await decideHeld(actor, postId, false, reason),

    async dashboard(actor: Actor | null, slug: string): Promise<Dashboard> {
      const access = await ctx.gate.bySlug(actor, slug);
      const { community } = await moderatedCommunity(ctx, actor, access.community.id);
      return {
        community: { id: community.id, slug: community.slug, name: community.name },
        counts: await repo.counts(community.id),
        settings: await ctx.settings.community(community.id),
        recent: (await ctx.audit.list({ communityIds: [community.id], siteWide: false, limit: 10 })).map(toLogEntry),
      };
    },

    async setCommunitySettings(actor: Actor | null, slug: string, patch: Partial<CommunityModerationSettings>, reason?: string) {
      const access = await ctx.gate.bySlug(actor, slug);
      await moderatedCommunity(ctx, actor, access.community.id);
      const { next } = await audit.within(
        ({ before, next }) => [
          {
            actorId: actor!.id,
            action: 'community.settings',
            communityId: access.community.id,
            targetType: 'community',
            targetId: access.community.id,
            reason: reason ?? null,
            before: { ...before },
            after: next,
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          // Read under the lock, in the transaction that writes: two moderators at once take turns,
          // and each patch applies to what the other one left.
          await repo.lockTarget('community-settings', access.community.id);
          const before = await ctx.settings.community(access.community.id);
          const next = { ...before, ...patch };
          await ctx.settings.setCommunity(access.community.id, next);
          return { before, next };
        },
      );
      return next;
    },

    async trust(actor: Actor | null): Promise<TrustSettings> {
      requireAdmin(actor);
      return await ctx.settings.trust();
    },

    async setTrust(actor: Actor | null, value: TrustSettings): Promise<TrustSettings> {
      requireAdmin(actor);
      await audit.within(
        (before: TrustSettings) => [
          {
            actorId: actor.id,
            action: 'site.trust_settings',
            communityId: null,
            targetType: 'site',
            targetId: 0,
            before: { ...before },
            after: { ...value },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          // The stored value (not the memory copy), read under the lock in the transaction that writes.
          await repo.lockTarget('site-settings', 0);
          const before = await ctx.settings.storedTrust();
          await ctx.settings.setTrust(value);
          return before;
        },
      );
      return await ctx.settings.trust();
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
