import { AppError } from '../../lib/errors.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { cook, MarkdownTooComplexError, type Cooked } from '../../lib/markdown.ts';
import type {
  ForumPage,
  Post,
  ReactionCount,
  ReactorList,
  Thread,
  ThreadCreate,
  ThreadList,
  ThreadModeration,
  ThreadPage,
  ThreadPermissions,
  WatchLevel,
} from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import { activeSanction, requireCanModerate, requireCanPost, type CommunityAccess, type CommunityGate } from '../communities/access.ts';
import { toForum } from '../communities/mapper.ts';
import { communityPolicy, writeBlockedReason } from '../communities/policy.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { noAudit, type AuditTrail } from '../audit/index.ts';
import type { PostRules } from '../moderation/post-rules.ts';
import type { ThreadAccess, ThreadGate } from './access.ts';
import type { PostsRepository } from './posts-repository.ts';
import { reactionCounts, toThread, type PostPresenter } from './presenter.ts';
import { cleanBody, cleanTitle } from './rules.ts';
import { personalize, type SharedThreadPage, type ThreadPageCache } from './thread-page-cache.ts';
import type { ThreadKey, ThreadsRepository } from './threads-repository.ts';

const THREADS_PAGE = 30;
const POSTS_PAGE = 50;


export function createDiscussionsService(deps: {
  communities: CommunitiesRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
  links: LinksRepository;
  bus: EventBus;
  pageCache: ThreadPageCache;
  gate: CommunityGate;
  threadGate: ThreadGate;
  present: PostPresenter;
  /** Whether a code is in the expertise vocabulary (questions can ask for specialists by area). */
  expertiseExists: (code: string) => boolean;
  audit?: AuditTrail;
  /** Trust limits, slow mode and spam checks on every new post; says when a post waits for approval. */
  postRules?: PostRules;
  /** Where a merged thread went, if it did. */
  movedTo?: (threadId: number) => number | null;
}) {
  const { threads, posts, users, links, bus, gate, threadGate, present } = deps;
  const audit = deps.audit ?? noAudit;
  const pageCache = deps.pageCache;

  const resolver = {
    existingUsernames: (candidates: string[]) => new Set(users.idsByUsernames(candidates).keys()),
    resolveLinks: links.resolve,
  };

  function cookSafely(source: string): Cooked {
    try {
      return cook(source, resolver);
    } catch (error) {
      if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field: 'body' });
      throw error;
    }
  }

  function cookBody(source: string): Cooked & { mentionedUserIds: number[] } {
    const cooked = cookSafely(source);
    const ids = users.idsByUsernames(cooked.mentions);
    return { ...cooked, mentionedUserIds: [...ids.values()] };
  }

  const threadAccess = threadGate.thread;
  const postAccess = threadGate.post;

  function requireCanReply(actor: Actor | null, access: CommunityAccess & { thread: { locked: boolean }; canModerate: boolean }) {
    requireCanPost(actor, access);
    if (access.thread.locked && !access.canModerate) throw new AppError('THREAD_LOCKED');
  }

  /** A log entry for what a moderator did to someone else's post (kept, not undoable from the log). */
  function moderatorsAction(actor: Actor, action: string, communityId: number, postId: number) {
    return { actorId: actor.id, action, communityId, targetType: 'post', targetId: postId, reason: null, before: null, after: null, undoable: false };
  }

  function presentOne(row: Parameters<typeof present>[0][number], actor: Actor | null, canModerate: boolean): Post {
    return present([row], actor, canModerate)[0]!;
  }

  /** Everything on a thread page that does not depend on who reads it (cached). */
  function sharedPage(access: ThreadAccess, cursor: string | undefined, limit: number): SharedThreadPage {
    const { thread, canModerate } = access;
    const after = readCursor(cursor, ['number']);
    const rows = posts.page(thread.id, { includeHidden: canModerate, afterId: (after?.[0] as number) ?? 0, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const accepted = thread.acceptedPostId !== null ? posts.findById(thread.acceptedPostId) : undefined;
    const acceptedVisible = !!accepted && accepted.deletedAt === null && (!accepted.hidden || canModerate);
    const withAccepted = acceptedVisible && !page.some((p) => p.id === accepted.id) ? [...page, accepted] : page;
    const presented = present(withAccepted, null, canModerate);
    return {
      thread: toThread(threads.withAuthor(thread), 'none'),
      posts: presented.slice(0, page.length),
      nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null,
      acceptedPost: acceptedVisible ? presented.find((p) => p.id === accepted.id)! : null,
      forum: { id: thread.forumId, name: deps.communities.findForum(thread.forumId)!.name },
      community: { slug: access.community.slug, name: access.community.name, visibility: access.community.visibility },
      links: links.resolve(links.forThread(thread.id)),
    };
  }

  function threadOut(threadId: number, actor: Actor | null): Thread {
    const row = threads.findById(threadId)!;
    return toThread(threads.withAuthor(row), threads.watchLevel(threadId, actor?.id));
  }

  const service = {
    forumPage(actor: Actor | null, forumId: number): ForumPage {
      const access = gate.forum(actor, forumId);
      return {
        forum: toForum(access.forum),
        community: { slug: access.community.slug, name: access.community.name, visibility: access.community.visibility },
        permissions: {
          canPost: communityPolicy.canPost(actor, access.membership),
          canModerate: communityPolicy.canModerate(actor, access.membership),
        },
      };
    },

    listThreads(actor: Actor | null, forumId: number, query: { cursor?: string; limit?: number }): ThreadList {
      const access = gate.forum(actor, forumId);
      const limit = query.limit ?? THREADS_PAGE;
      const after = readCursor(query.cursor, ['number', 'number', 'number']) as ThreadKey | null;
      const rows = threads.page(forumId, {
        includeHidden: communityPolicy.canModerate(actor, access.membership),
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toThread(row, 'none')),
        nextCursor:
          rows.length > limit && last ? encodeCursor([last.pinned ? 1 : 0, last.lastPostAt.getTime(), last.id]) : null,
      };
    },

    createThread(
      actor: Actor | null,
      forumId: number,
      input: ThreadCreate,
      addressedSpecialistId: number | null = null,
      /** A write another service has already authorized (a workshop's host publishing its transcript): its access stands in for the gate, and the post rules (new-account limits, holding) do not apply. */
      trusted?: { access: ReturnType<CommunityGate['forum']> },
    ): { thread: Thread; post: Post } {
      const access = trusted?.access ?? gate.forum(actor, forumId);
      requireCanPost(actor, access);
      const title = cleanTitle(input.title);
      const body = cleanBody(input.body);
      const expertise = input.expertise?.length ? [...new Set(input.expertise)] : null;
      if (expertise && input.kind !== 'question' && addressedSpecialistId === null) {
        throw new AppError('VALIDATION_FAILED', { field: 'expertise' });
      }
      if (expertise?.some((code) => !deps.expertiseExists(code))) throw new AppError('VOCAB_UNKNOWN', { field: 'expertise' });
      const cooked = cookBody(body);
      const canModerate = communityPolicy.canModerate(actor, access.membership);
      const verdict = trusted ? undefined : deps.postRules?.check({ actor, communityId: access.community.id, threadId: null, body, html: cooked.html, mentions: cooked.mentionedUserIds.length, canModerate });
      const { thread, postId } = threads.create({
        forumId,
        communityId: access.community.id,
        authorId: actor.id,
        title,
        kind: addressedSpecialistId !== null ? 'question' : input.kind,
        language: input.language ?? null,
        expertise,
        addressedSpecialistId,
        body,
        bodyHtml: cooked.html,
        at: new Date(),
        afterInsert: (id) => {
          posts.recordMentions(id, cooked.mentionedUserIds);
          links.replaceForPost(id, cooked.links);
          if (verdict?.hold) deps.postRules!.hold(id);
        },
      });
      bus.publish('thread.created', { threadId: thread.id, postId });
      bus.publish('post.created', { threadId: thread.id, postId, mentionedUserIds: cooked.mentionedUserIds });
      return { thread: threadOut(thread.id, actor), post: presentOne(posts.findById(postId)!, actor, false) };
    },

    readThread(actor: Actor | null, threadId: number, query: { cursor?: string; limit?: number }): ThreadPage {
      let access: ThreadAccess;
      try {
        access = threadAccess(actor, threadId);
      } catch (error) {
        const target = error instanceof AppError && error.code === 'THREAD_NOT_FOUND' ? deps.movedTo?.(threadId) : null;
        if (target) return { ...service.readThread(actor, target, query), movedFrom: threadId };
        throw error;
      }
      if (access.thread.hidden && deps.movedTo) {
        const target = deps.movedTo(threadId);
        if (target) return { ...service.readThread(actor, target, query), movedFrom: threadId };
      }
      const { thread, canModerate } = access;
      const limit = query.limit ?? POSTS_PAGE;
      const key = `${query.cursor ?? ''}|${limit}|${canModerate ? 'm' : ''}`;
      let shared = pageCache.get(threadId, key);
      if (!shared) {
        shared = sharedPage(access, query.cursor, limit);
        pageCache.set(threadId, key, shared);
      }

      const blocked: ThreadPermissions['replyBlockedReason'] =
        thread.locked && !canModerate ? 'locked' : writeBlockedReason(actor, access.membership);
      const permissions: ThreadPermissions = {
        canReply: blocked === null,
        replyBlockedReason: blocked,
        canModerate,
        canAccept: thread.kind === 'question' && !!actor && (actor.id === thread.authorId || canModerate),
        canReact: communityPolicy.canPost(actor, access.membership) && !activeSanction(access.membership),
      };
      if (!actor) {
        // Every anonymous reader gets the very same object, so its JSON can be reused too.
        shared.anonymous ??= { ...shared, permissions };
        return shared.anonymous;
      }

      // The reader's own bits: their reactions, what they may edit, whether they watch.
      const reactedPosts = [...shared.posts, ...(shared.acceptedPost ? [shared.acceptedPost] : [])]
        .filter((p) => p.reactions.length > 0)
        .map((p) => p.id);
      const reacted = new Map<number, Set<string>>();
      for (const { postId, kind } of posts.reactedBy(reactedPosts, actor.id)) {
        if (!reacted.has(postId)) reacted.set(postId, new Set());
        reacted.get(postId)!.add(kind);
      }
      const canEdit = (p: Post) => !p.deleted && (p.authorId === actor.id || canModerate);
      return {
        ...shared,
        thread: { ...shared.thread, watching: threads.watchLevel(threadId, actor.id) },
        posts: shared.posts.map((p) => personalize(p, reacted, canEdit)),
        acceptedPost: shared.acceptedPost && personalize(shared.acceptedPost, reacted, canEdit),
        permissions,
      };
    },

    reply(actor: Actor | null, threadId: number, input: { body: string; replyToPostId?: number | null }): Post {
      const access = threadAccess(actor, threadId);
      requireCanReply(actor, access);
      const body = cleanBody(input.body);
      const replyTo = input.replyToPostId ?? null;
      if (replyTo !== null && !posts.isVisibleInThread(replyTo, threadId)) {
        throw new AppError('REPLY_TARGET_INVALID', { field: 'replyToPostId' });
      }
      const cooked = cookBody(body);
      const verdict = deps.postRules?.check({
        actor: actor!,
        communityId: access.community.id,
        threadId,
        body,
        html: cooked.html,
        mentions: cooked.mentionedUserIds.length,
        canModerate: access.canModerate,
      });
      const created = posts.create({
        thread: access.thread,
        authorId: actor!.id,
        replyToPostId: replyTo,
        body,
        bodyHtml: cooked.html,
        at: new Date(),
        afterInsert: (id) => {
          posts.recordMentions(id, cooked.mentionedUserIds);
          links.replaceForPost(id, cooked.links);
          if (verdict?.hold) deps.postRules!.hold(id);
        },
      });
      const post = verdict?.hold ? posts.findById(created.id)! : created;
      bus.publish('post.created', { threadId, postId: post.id, mentionedUserIds: cooked.mentionedUserIds });
      return presentOne(post, actor, access.canModerate);
    },

    editPost(actor: Actor | null, postId: number, rawBody: string): Post {
      const access = postAccess(actor, postId);
      const { post, canModerate } = access;
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (actor.id !== post.authorId && !canModerate) throw new AppError('FORBIDDEN');
      if (post.deletedAt) throw new AppError('POST_DELETED');
      if (!canModerate) requireCanReply(actor, access);
      const body = cleanBody(rawBody);
      if (body === post.body) return presentOne(post, actor, canModerate);
      const cooked = cookBody(body);
      deps.postRules?.checkEdit({ actor, body, html: cooked.html, mentions: cooked.mentionedUserIds.length, canModerate });
      // A moderator's edit of someone else's post is a moderation action: it goes to the log.
      const logged = actor.id !== post.authorId ? [moderatorsAction(actor, 'post.edit', access.community.id, post.id)] : [];
      const updated = audit.within(logged, () =>
        posts.edit(post, {
          editorId: actor.id,
          body,
          bodyHtml: cooked.html,
          at: new Date(),
          afterUpdate: () => {
            posts.recordMentions(post.id, cooked.mentionedUserIds);
            links.replaceForPost(post.id, cooked.links);
          },
        }),
      );
      bus.publish('post.updated', { threadId: post.threadId, postId, mentionedUserIds: cooked.mentionedUserIds });
      return presentOne(updated, actor, canModerate);
    },

    /** Soft delete: the post keeps its place in the thread, its text is gone from every page. */
    deletePost(actor: Actor | null, postId: number): Post {
      const { post, thread, canModerate, community } = postAccess(actor, postId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (actor.id !== post.authorId && !canModerate) throw new AppError('FORBIDDEN');
      if (post.deletedAt) throw new AppError('POST_DELETED');
      if (post.id === thread.firstPostId && !canModerate && posts.countOthers(thread.id, post.id) > 0) {
        // The opening post of a live discussion stays; moderators can hide the whole thread.
        throw new AppError('FORBIDDEN');
      }
      const logged = actor.id !== post.authorId ? [moderatorsAction(actor, 'post.delete', community.id, post.id)] : [];
      const updated = audit.within(logged, () => {
        const row = posts.setFlags(post, thread.forumId, { deletedAt: new Date() });
        if (thread.acceptedPostId === post.id) threads.update(thread.id, { acceptedPostId: null });
        return row;
      });
      bus.publish('post.updated', { threadId: thread.id, postId, mentionedUserIds: [] });
      return presentOne(updated, actor, canModerate);
    },

    postSource(actor: Actor | null, postId: number): { body: string } {
      const { post, canModerate } = postAccess(actor, postId);
      if (!actor || (actor.id !== post.authorId && !canModerate)) throw new AppError('FORBIDDEN');
      return { body: post.deletedAt ? '' : post.body };
    },

    revisions(actor: Actor | null, postId: number) {
      const { post } = postAccess(actor, postId);
      if (post.deletedAt) throw new AppError('POST_DELETED');
      return {
        items: posts.revisions(postId).map((r) => ({
          id: r.id,
          bodyHtml: r.bodyHtml,
          editor: r.editorId !== null ? { id: r.editorId, username: r.editorUsername!, displayName: r.editorDisplayName! } : null,
          createdAt: r.createdAt.toISOString(),
        })),
        nextCursor: null,
      };
    },

    toggleReaction(actor: Actor | null, postId: number, kind: string): ReactionCount[] {
      const access = postAccess(actor, postId);
      requireCanPost(actor, access);
      if (access.post.deletedAt) throw new AppError('POST_DELETED');
      posts.toggleReaction(postId, actor.id, kind);
      bus.publish('post.reacted', { threadId: access.post.threadId, postId });
      return reactionCounts(postId, posts.reactionsFor([postId], actor.id));
    },

    reactors(actor: Actor | null, postId: number): ReactorList {
      postAccess(actor, postId);
      const rows = posts.reactors(postId);
      const kinds = [...new Set(rows.map((r) => r.kind))] as ReactorList['items'][number]['kind'][];
      return {
        items: kinds.map((kind) => ({
          kind,
          users: rows.filter((r) => r.kind === kind).map((r) => ({ id: r.id, username: r.username, displayName: r.displayName })),
        })),
      };
    },

    /** The question's author or a moderator picks the answer; null takes the choice back. */
    accept(actor: Actor | null, threadId: number, postId: number | null): Thread {
      const access = threadAccess(actor, threadId);
      const { thread, canModerate } = access;
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (actor.id !== thread.authorId && !canModerate) throw new AppError('FORBIDDEN');
      // Choosing the answer is a write: a silenced or banned author waits like any other.
      if (!canModerate) requireCanPost(actor, access);
      if (thread.kind !== 'question') throw new AppError('NOT_A_QUESTION');
      if (postId !== null) {
        const post = posts.findById(postId);
        if (!post || post.threadId !== threadId || post.hidden || post.deletedAt || post.id === thread.firstPostId) {
          throw new AppError('REPLY_TARGET_INVALID', { field: 'postId' });
        }
      }
      threads.update(threadId, { acceptedPostId: postId });
      bus.publish('thread.updated', { threadId });
      if (postId !== null && postId !== thread.acceptedPostId) bus.publish('answer.accepted', { threadId, postId, actorId: actor.id });
      return threadOut(threadId, actor);
    },

    moderateThread(actor: Actor | null, threadId: number, change: ThreadModeration): Thread {
      const access = threadAccess(actor, threadId);
      requireCanModerate(actor, access);
      const { reason, ...flags } = change;
      const names = { pinned: ['pin', 'unpin'], locked: ['lock', 'unlock'], hidden: ['hide', 'unhide'] } as const;
      const entries = (Object.keys(flags) as (keyof typeof flags)[])
        .filter((flag) => flags[flag] !== undefined && flags[flag] !== access.thread[flag])
        .map((flag) => ({
          actorId: actor.id,
          action: `thread.${names[flag][flags[flag] ? 0 : 1]}`,
          communityId: access.community.id,
          targetType: 'thread',
          targetId: threadId,
          reason: reason ?? null,
          before: { [flag]: access.thread[flag] },
          after: { [flag]: flags[flag] },
          undoable: true,
        }));
      audit.within(entries, () => threads.setFlags(access.thread, flags));
      bus.publish('thread.updated', { threadId });
      return threadOut(threadId, actor);
    },

    moderatePost(actor: Actor | null, postId: number, hidden: boolean, reason?: string): Post {
      const access = postAccess(actor, postId);
      requireCanModerate(actor, access);
      const entries =
        hidden === access.post.hidden
          ? []
          : [
              {
                actorId: actor.id,
                action: hidden ? 'post.hide' : 'post.unhide',
                communityId: access.community.id,
                targetType: 'post',
                targetId: postId,
                reason: reason ?? null,
                before: { hidden: access.post.hidden },
                after: { hidden },
                undoable: true,
              },
            ];
      const updated = audit.within(entries, () => posts.setFlags(access.post, access.thread.forumId, { hidden }));
      bus.publish('post.updated', { threadId: access.post.threadId, postId, mentionedUserIds: [] });
      return presentOne(updated, actor, true);
    },

    watch(actor: Actor | null, threadId: number, level: WatchLevel): { watching: WatchLevel } {
      threadAccess(actor, threadId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      threads.setWatch(threadId, actor.id, level);
      return { watching: level };
    },

    /** Exactly what would be stored: the same cooking, with mentions and links resolved. */
    preview(actor: Actor | null, rawBody: string): { html: string } {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const body = rawBody.replace(/\r\n/g, '\n');
      if (body.length > 50_000) cleanBody(body);
      return { html: cookSafely(body).html };
    },
  };
  return service;
}

export type DiscussionsService = ReturnType<typeof createDiscussionsService>;
