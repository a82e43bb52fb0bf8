import { avatarUrl } from '../users/mapper.ts';
import { AppError } from '../../lib/errors.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Notification, NotificationList, NotificationsQuery } from '../../../shared/schemas/notifications.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from '../communities/policy.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { NewNotification, NotificationsRepository } from './repository.ts';
import { createToldNotices } from './told.ts';

type Row = Awaited<ReturnType<NotificationsRepository['list']>>[number];

function toNotification(row: Row): Notification {
  const n = row.n;
  const cooperation = /^cooperation:(\d+):/.exec(n.eventKey);
  const url = n.threadId
    ? `/t/${n.threadId}${n.postId ? `#post-${n.postId}` : ''}`
    : cooperation
      ? `/cooperation/${cooperation[1]}`
      : row.communitySlug
      ? `/c/${row.communitySlug}`
      : '/notifications';
  return {
    id: n.id,
    kind: n.kind,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
    actor: n.actorId !== null && row.actorUsername ? { id: n.actorId, username: row.actorUsername, displayName: row.actorDisplayName!, avatar: avatarUrl(n.actorId, row.actorAvatar) } : null,
    thread: n.threadId !== null && row.threadTitle ? { id: n.threadId, title: row.threadTitle } : null,
    postId: n.postId,
    community: row.communitySlug ? { slug: row.communitySlug, name: row.communityName! } : null,
    url,
    reason: n.reason,
    others: n.others,
  };
}

/** The strongest reason wins: one event gives each person at most one notification. */
const PRIORITY = { mention: 3, reply: 2, watched_reply: 1 } as const;

export function createNotificationsService(deps: {
  notifications: NotificationsRepository;
  users: UsersRepository;
  communities: CommunitiesRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  bus: EventBus;
  /** The member's own choice (settings): whether reactions to their posts notify them. */
  wantsReactions?: (userId: number) => boolean | Promise<boolean>;
}) {
  const { notifications: repo, users, communities, threads, posts, bus } = deps;

  /**
   * The same visibility rule as reading the thread: nobody is told about what they cannot read.
   * Asked for everyone a post tells at once (a busy thread's watchers): the community and the
   * accounts read once, a membership only where the community is not open to them anyway.
   */
  async function readersAmong(userIds: number[], communityId: number): Promise<Set<number>> {
    const readers = new Set<number>();
    if (userIds.length === 0) return readers;
    const community = await communities.findById(communityId);
    if (!community) return readers;
    for (const actor of await users.actorsByIds(userIds)) {
      const sees =
        communityPolicy.canSee(actor, community, undefined) ||
        communityPolicy.canSee(actor, community, await communities.membership(communityId, actor.id));
      if (sees) readers.add(actor.id);
    }
    return readers;
  }
  const canRead = async (userId: number, communityId: number) => (await readersAmong([userId], communityId)).has(userId);

  /** Writes new notifications (and announces those brought up to date, as coalesced ones are). */
  async function store(rows: NewNotification[], updatedIds: number[] = [], updatedFor?: number): Promise<void> {
    for (const row of await repo.insertMany(rows)) await bus.publish('notification.created', { userId: row.userId, notificationId: row.id });
    for (const id of updatedIds) await bus.publish('notification.created', { userId: updatedFor!, notificationId: id });
  }

  const told = createToldNotices({ notifications: repo, threads, posts, canRead, store, wantsReactions: deps.wantsReactions ?? (() => true) });

  return {
    ...told,

    async list(actor: Actor | null, query: NotificationsQuery): Promise<NotificationList> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const limit = query.limit ?? 30;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = await repo.list(actor.id, { beforeId, unreadOnly: query.unread, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map(toNotification),
        nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.n.id]) : null,
        unread: await repo.unreadCount(actor.id),
      };
    },

    /** One notification as its recipient sees it now, or null if they may no longer see it. */
    async forRecipient(userId: number, id: number): Promise<Notification | null> {
      const row = (await repo.list(userId, { id, limit: 1 }))[0];
      return row ? toNotification(row) : null;
    },

    async unreadCount(actor: Actor | null): Promise<number> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return repo.unreadCount(actor.id);
    },

    /** For delivery to the user's own room (no request, so no actor). */
    async unreadFor(userId: number): Promise<number> {
      return repo.unreadCount(userId);
    },

    async markRead(actor: Actor | null, id: number): Promise<number> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!(await repo.markRead(actor.id, id))) throw new AppError('NOT_FOUND');
      await bus.publish('notifications.read', { userId: actor.id });
      return repo.unreadCount(actor.id);
    },

    async markAllRead(actor: Actor | null): Promise<number> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      await repo.markAllRead(actor.id);
      await bus.publish('notifications.read', { userId: actor.id });
      return 0;
    },

    /** Mentions, replies to one's post, and replies in watched threads. */
    async onPostCreated(event: { threadId: number; postId: number; mentionedUserIds: number[] }): Promise<void> {
      const post = await posts.findById(event.postId);
      const thread = await threads.findById(event.threadId);
      if (!post || !thread || post.hidden || thread.hidden) return;
      const reasons = new Map<number, keyof typeof PRIORITY>();
      const offer = (userId: number, kind: keyof typeof PRIORITY) => {
        const current = reasons.get(userId);
        if (!current || PRIORITY[kind] > PRIORITY[current]) reasons.set(userId, kind);
      };
      const { watching, muted } = await repo.watchers(thread.id);
      watching.forEach((id) => offer(id, 'watched_reply'));
      if (post.replyToPostId !== null) {
        const target = await posts.findById(post.replyToPostId);
        if (target) offer(target.authorId, 'reply');
      }
      event.mentionedUserIds.forEach((id) => offer(id, 'mention'));

      const candidates = [...reasons.keys()].filter((userId) => userId !== post.authorId && !muted.has(userId));
      const readers = await readersAmong(candidates, thread.communityId);
      const rows: NewNotification[] = [];
      for (const [userId, kind] of reasons) {
        if (!readers.has(userId)) continue;
        rows.push({
          userId,
          kind,
          actorId: post.authorId,
          threadId: thread.id,
          postId: post.id,
          communityId: thread.communityId,
          eventKey: `post:${post.id}`,
        });
      }
      await store(rows);
    },

    /** A question addressed to a specialist, or asking for areas of expertise, tells them. */
    async onThreadCreated(event: { threadId: number; postId: number }): Promise<void> {
      const thread = await threads.findById(event.threadId);
      if (!thread || thread.hidden || thread.kind !== 'question' || (!thread.addressedSpecialistId && !thread.expertise?.length)) return;
      const specialists = (await repo.specialistAccounts(thread.addressedSpecialistId, thread.expertise ?? [])).filter((userId) => userId !== thread.authorId);
      const readers = await readersAmong(specialists, thread.communityId);
      const rows: NewNotification[] = specialists
        .filter((userId) => readers.has(userId))
        .map((userId) => ({
          userId,
          kind: 'question_for_you' as const,
          actorId: thread.authorId,
          threadId: thread.id,
          postId: event.postId,
          communityId: thread.communityId,
          eventKey: `post:${event.postId}`,
        }));
      await store(rows);
    },

    async onAnswerAccepted(event: { threadId: number; postId: number; actorId: number }): Promise<void> {
      const post = await posts.findById(event.postId);
      const thread = await threads.findById(event.threadId);
      if (!post || !thread || post.authorId === event.actorId || !(await canRead(post.authorId, thread.communityId))) return;
      await store([
        {
          userId: post.authorId,
          kind: 'answer_accepted',
          actorId: event.actorId,
          threadId: thread.id,
          postId: post.id,
          communityId: thread.communityId,
          eventKey: `accept:${thread.id}:${post.id}`,
        },
      ]);
    },

    /** The people who reported an item learn what the moderators decided. */
    async onReportResolved(event: { communityId: number; reporterIds: number[]; outcome: 'upheld' | 'dismissed'; actorId: number; logId: number }): Promise<void> {
      await store(
        event.reporterIds
          .filter((userId) => userId !== event.actorId)
          .map((userId) => ({
            userId,
            kind: event.outcome === 'upheld' ? ('report_upheld' as const) : ('report_dismissed' as const),
            actorId: null,
            threadId: null,
            postId: null,
            communityId: event.communityId,
            eventKey: `report:${event.logId}`,
          })),
      );
    },

    /** A warning is also a notification, so it reaches the bell and the live toast. */
    async onWarningIssued(event: { userId: number; warningId: number; communityId: number | null; actorId: number }): Promise<void> {
      await store([
        { userId: event.userId, kind: 'warning', actorId: null, threadId: null, postId: null, communityId: event.communityId, eventKey: `warning:${event.warningId}` },
      ]);
    },

    /** A bookmark's reminder: once per bookmark and reminder time, only while the member may read the post's community. */
    async onBookmarkReminder(event: { bookmarkId: number; userId: number; postId: number; threadId: number; communityId: number; remindAt: number }): Promise<void> {
      if (!(await canRead(event.userId, event.communityId))) return;
      await store([
        {
          userId: event.userId,
          kind: 'bookmark_reminder',
          actorId: null,
          threadId: event.threadId,
          postId: event.postId,
          communityId: event.communityId,
          eventKey: `bookmark:${event.bookmarkId}:${event.remindAt}`,
        },
      ]);
    },

    /** A cooperation request or offer matched these people (the cooperation area chose them, bounded, never the poster). */
    async onCooperationCreated(event: { itemId: number; actorId: number; matchedUserIds: number[] }): Promise<void> {
      await store(
        event.matchedUserIds
          .filter((userId) => userId !== event.actorId)
          .map((userId) => ({ userId, kind: 'cooperation_match' as const, actorId: event.actorId, threadId: null, postId: null, communityId: null, eventKey: `cooperation:${event.itemId}:match` })),
      );
    },

    /** An institution responded to a request or offer: its poster's side is told. */
    async onCooperationResponded(event: { itemId: number; responseId: number; actorId: number; notifyUserIds: number[] }): Promise<void> {
      await store(
        event.notifyUserIds
          .filter((userId) => userId !== event.actorId)
          .map((userId) => ({
            userId,
            kind: 'cooperation_response' as const,
            actorId: event.actorId,
            threadId: null,
            postId: null,
            communityId: null,
            eventKey: `cooperation:${event.itemId}:response:${event.responseId}`,
          })),
      );
    },

    /** A request to join was approved or declined by someone else. */
    async onMembershipChanged(event: { communityId: number; userId: number; status: string; previous: string; actorId: number }): Promise<void> {
      if (event.previous !== 'pending' || event.actorId === event.userId) return;
      const kind = event.status === 'active' ? 'membership_approved' : event.status === 'none' ? 'membership_declined' : null;
      if (!kind) return;
      await store([
        {
          userId: event.userId,
          kind,
          actorId: event.actorId,
          threadId: null,
          postId: null,
          communityId: event.communityId,
          eventKey: `membership:${event.communityId}:${kind}:${Date.now()}`,
        },
      ]);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
