import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { MarkdownTooComplexError, type Cooked } from '../../lib/markdown.ts';
import type { PostRow } from '../../../db/schema/index.ts';
import type { Post, Thread } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { noAudit, type AuditEntry, type AuditTrail } from '../audit/index.ts';
import type { PostRules } from '../moderation/post-rules.ts';
import type { ThreadGate } from './access.ts';
import { cookAsync, cookResolver } from './cooking.ts';
import type { PostsRepository } from './posts-repository.ts';
import type { ReadsRepository } from './reads-repository.ts';
import type { ReadCountsRepository } from './read-counts-repository.ts';
import { toThread, type PostPresenter } from './presenter.ts';
import type { ThreadPageCache } from './thread-page-cache.ts';
import type { ThreadsRepository } from './threads-repository.ts';

/** What the discussions services are built from (see index.ts). */
export interface DiscussionsDeps {
  communities: CommunitiesRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  reads: ReadsRepository;
  /** Members' unread and new threads per forum (the live lists' counts). */
  readCounts?: ReadCountsRepository;
  users: UsersRepository;
  links: LinksRepository;
  bus: EventBus;
  pageCache: ThreadPageCache;
  gate: CommunityGate;
  threadGate: ThreadGate;
  present: PostPresenter;
  /** Whether a code is in the expertise vocabulary (questions can ask for specialists by area). */
  expertiseExists: (code: string) => boolean | Promise<boolean>;
  audit?: AuditTrail;
  /** Trust limits, slow mode and spam checks on every new post; says when a post waits for approval. */
  postRules?: PostRules;
  /** Where a merged thread went, if it did. */
  movedTo?: (threadId: number) => number | null | Promise<number | null>;
}

/** The deps, with the few helpers the reading, posting, reaction and answer services share. */
export function createDiscussionsContext(deps: DiscussionsDeps) {
  const { threads, users, links, present } = deps;

  const resolver = cookResolver(users, links);

  async function cookSafely(source: string): Promise<Cooked> {
    try {
      return await cookAsync(source, resolver);
    } catch (error) {
      if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field: 'body' });
      throw error;
    }
  }

  return {
    ...deps,
    audit: deps.audit ?? noAudit,
    cookSafely,

    /** Markdown cooked once, on write, with the mentioned users found. */
    async cookBody(source: string): Promise<Cooked & { mentionedUserIds: number[] }> {
      const cooked = await cookSafely(source);
      const ids = await users.idsByUsernames(cooked.mentions);
      return { ...cooked, mentionedUserIds: [...ids.values()] };
    },

    async presentOne(row: PostRow, actor: Actor | null, canModerate: boolean): Promise<Post> {
      return (await present([row], actor, canModerate))[0]!;
    },

    async threadOut(threadId: number, actor: Actor | null): Promise<Thread> {
      const row = (await threads.findById(threadId))!;
      const [withAuthor, watching] = await Promise.all([threads.withAuthor(row), threads.watchLevel(threadId, actor?.id)]);
      return toThread(withAuthor, watching);
    },

    /** A log entry for what a moderator did to someone else's post (kept, not undoable from the log). */
    moderatorsAction(actor: Actor, action: string, communityId: number, postId: number): AuditEntry {
      return { actorId: actor.id, action, communityId, targetType: 'post', targetId: postId, reason: null, before: null, after: null, undoable: false };
    },
  };
}

export type DiscussionsContext = ReturnType<typeof createDiscussionsContext>;
