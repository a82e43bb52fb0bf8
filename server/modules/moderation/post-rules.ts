import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { heldPosts, posts, threads, threadSlowMode, users } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { recountForum, recountThread } from '../discussions/counters.ts';
import type { ModerationSettings } from './settings.ts';

export interface PostCheck {
  actor: Actor;
  communityId: number;
  /** Null for the opening post of a new thread. */
  threadId: number | null;
  body: string;
  html: string;
  mentions: number;
  canModerate: boolean;
}

/** What discussions asks before writing a post, and calls inside the write to hold one. */
export interface PostRules {
  /** Throws a 4xx naming the rule broken; `hold` says the post waits for a moderator. */
  check(input: PostCheck): { hold: boolean };
  /** An edit's new text: the new-account limits on links, images and mentions (no rate or duplicate count). */
  checkEdit(input: Omit<PostCheck, 'threadId' | 'communityId'>): void;
  /** Whether a post was held and never approved (readers never saw it). */
  neverShown(postId: number): boolean;
  /** Hides a just-written post (and the thread it opens) until approved; runs inside the write's transaction. */
  hold(postId: number): void;
}

/** Markdown image syntax in the source (raw HTML is shown as text; the cooker shows images as links today, the rule holds either way). */
const IMAGE = /!\[[^\]]*\]\s*[([]/;
/** How many of an author's latest posts are compared with a new one. */
const DUPLICATE_LOOKBACK = 50;
const HOUR = 3_600_000;

/**
 * When each account last posted, over the last hour: the rate limits count here rather than
 * in the posts table, so the check costs the same for someone with ten posts or ten thousand.
 */
class PostClock {
  readonly #times = new Map<number, number[]>();

  countSince(userId: number, since: number): number {
    const times = this.#times.get(userId);
    if (!times) return 0;
    let low = 0;
    let high = times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (times[mid]! > since) high = mid;
      else low = mid + 1;
    }
    return times.length - low;
  }

  record(userId: number, now: number): void {
    let times = this.#times.get(userId);
    if (!times) this.#times.set(userId, (times = []));
    times.push(now);
    let stale = 0;
    while (stale < times.length && times[stale]! <= now - HOUR) stale += 1;
    if (stale > 0) times.splice(0, stale);
    if (this.#times.size > 50_000) this.#times.delete(this.#times.keys().next().value!);
  }
}

const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
/** Short texts ("Thanks!", "+1") are said again and again by honest people. */
const DUPLICATE_MIN_LENGTH = 20;

/**
 * Trust levels and spam defence: new accounts (first day, or few visible posts) have lower
 * limits; everyone has a rate limit and cannot post the same text again and again; a thread
 * may be in slow mode. Moderators and admins are exempt.
 */
export function createPostRules(deps: { db: Db; settings: ModerationSettings }) {
  const { db, settings } = deps;

  const clock = new PostClock();
  const heldStatus = db.select({ status: heldPosts.status }).from(heldPosts).where(eq(heldPosts.postId, sql.placeholder('postId'))).prepare();

  // Prepared once: these run on every post of every account that is not a moderator.
  const userCreated = db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, sql.placeholder('userId'))).prepare();
  const visiblePosts = db
    .select({ one: sql<number>`1` })
    .from(posts)
    .where(and(eq(posts.authorId, sql.placeholder('userId')), eq(posts.hidden, false), isNull(posts.deletedAt)))
    .limit(sql.placeholder('limit'))
    .prepare();
  const slowModeOf = db.select().from(threadSlowMode).where(eq(threadSlowMode.threadId, sql.placeholder('threadId'))).prepare();
  const lastPostIn = db
    .select({ createdAt: posts.createdAt })
    .from(posts)
    .where(and(eq(posts.threadId, sql.placeholder('threadId')), eq(posts.authorId, sql.placeholder('userId'))))
    .orderBy(desc(posts.id))
    .limit(1)
    .prepare();
  // Timestamps bind as the stored Unix milliseconds.
  const recentBodies = db
    .select({ body: posts.body })
    .from(posts)
    .where(and(eq(posts.authorId, sql.placeholder('userId')), gt(posts.createdAt, sql.placeholder('since'))))
    .orderBy(desc(posts.id))
    .limit(DUPLICATE_LOOKBACK)
    .prepare();

  function isNew(userId: number, now = Date.now()): boolean {
    const trust = settings.trust();
    const user = userCreated.get({ userId });
    if (!user) return true;
    if (now - user.createdAt.getTime() < trust.newAccountHours * 3_600_000) return true;
    if (trust.newAccountMinPosts === 0) return false;
    return visiblePosts.all({ userId, limit: trust.newAccountMinPosts }).length < trust.newAccountMinPosts;
  }

  function checkSlowMode(actorId: number, threadId: number, now: number): void {
    const slow = slowModeOf.get({ threadId });
    if (!slow || slow.seconds <= 0) return;
    const last = lastPostIn.get({ threadId, userId: actorId });
    if (!last) return;
    const wait = Math.ceil((last.createdAt.getTime() + slow.seconds * 1000 - now) / 1000);
    if (wait > 0) throw new AppError('SLOW_MODE', { params: { seconds: wait, interval: slow.seconds } });
  }

  function checkDuplicates(actorId: number, body: string, now: number): void {
    const trust = settings.trust();
    const text = normalize(body);
    if (text.length < DUPLICATE_MIN_LENGTH) return;
    const recent = recentBodies.all({ userId: actorId, since: now - trust.duplicateWindowMinutes * 60_000 });
    const same = recent.filter((p) => normalize(p.body) === text).length;
    if (same >= trust.duplicateLimit) throw new AppError('DUPLICATE_POST', { field: 'body', params: { max: trust.duplicateLimit } });
  }

  /** A new account's limits on what one post may carry. */
  function checkContent(input: { body: string; html: string; mentions: number }): void {
    const limits = settings.trust().newUser;
    const links = (input.html.match(/<a\s[^>]*href=/gi) ?? []).length;
    if (links > limits.linksPerPost) throw new AppError('TOO_MANY_LINKS', { field: 'body', params: { max: limits.linksPerPost } });
    if (!limits.imagesAllowed && IMAGE.test(input.body)) throw new AppError('IMAGES_NOT_ALLOWED', { field: 'body' });
    if (input.mentions > limits.mentionsPerPost) {
      throw new AppError('TOO_MANY_MENTIONS', { field: 'body', params: { max: limits.mentionsPerPost } });
    }
  }

  const rules: PostRules & { isNew: typeof isNew; holdsNewUsers: (communityId: number) => boolean } = {
    isNew,
    holdsNewUsers: (communityId) => settings.community(communityId).holdNewUserPosts,

    check(input) {
      if (input.canModerate || input.actor.role === 'admin') return { hold: false };
      const now = Date.now();
      const trust = settings.trust();
      if (input.threadId !== null) checkSlowMode(input.actor.id, input.threadId, now);
      if (clock.countSince(input.actor.id, now - 60_000) >= trust.postsPerMinute) {
        throw new AppError('POST_RATE_LIMITED', { params: { seconds: 60 } });
      }
      const fresh = isNew(input.actor.id, now);
      if (fresh) {
        const limits = trust.newUser;
        if (clock.countSince(input.actor.id, now - 3_600_000) >= limits.postsPerHour) {
          throw new AppError('NEW_USER_POST_LIMIT', { params: { max: limits.postsPerHour } });
        }
        checkContent(input);
      }
      checkDuplicates(input.actor.id, input.body, now);
      clock.record(input.actor.id, now);
      return { hold: fresh && settings.community(input.communityId).holdNewUserPosts };
    },

    neverShown(postId) {
      const status = heldStatus.get({ postId })?.status;
      return status !== undefined && status !== 'approved';
    },

    checkEdit(input) {
      if (input.canModerate || input.actor.role === 'admin') return;
      if (isNew(input.actor.id)) checkContent(input);
    },

    hold(postId) {
      const post = db.select().from(posts).where(eq(posts.id, postId)).get()!;
      const thread = db.select().from(threads).where(eq(threads.id, post.threadId)).get()!;
      const opensThread = thread.firstPostId === postId;
      db.update(posts).set({ hidden: true }).where(eq(posts.id, postId)).run();
      if (opensThread) db.update(threads).set({ hidden: true }).where(eq(threads.id, thread.id)).run();
      db.insert(heldPosts).values({ postId, communityId: thread.communityId, threadId: thread.id, opensThread }).run();
      recountThread(db, thread.id);
      recountForum(db, thread.forumId);
    },
  };
  return rules;
}

export type PostRulesService = ReturnType<typeof createPostRules>;
