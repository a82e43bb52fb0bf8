import { localWindow, type SharedWindows } from '../../cluster/shared-windows.ts';
import { AppError } from '../../lib/errors.ts';
import { clientNetwork } from '../../lib/client-network.ts';
import type { Actor } from '../auth/actor.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { isStaff } from './policy.ts';
import type { ModerationRepository } from './repository.ts';
import type { ModerationSettings } from './settings.ts';

export interface PostCheck {
  /** Its `address` (where the request came from) is what the per-address limit counts. */
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
const MINUTE = 60_000;

const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
/** Short texts ("Thanks!", "+1") are said again and again by honest people. */
const DUPLICATE_MIN_LENGTH = 20;

/**
 * Trust levels and spam defence, on every post whatever the route (a reply, a new thread, a
 * question to a specialist): new accounts (first day, or few visible posts) have lower limits;
 * everyone has a rate limit per account and per address, and cannot post the same text again
 * and again; a thread may be in slow mode. A community's moderators are exempt there; staff
 * (admins and moderators of any community) are exempt from the new-account and rate limits.
 * Nobody is exempt from a verified address, unless the site allows unverified accounts to post.
 */
export function createPostRules(deps: {
  repo: ModerationRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
  settings: ModerationSettings;
  /** Where posts are counted with the other processes serving the site (this process alone without). */
  windows?: SharedWindows;
}) {
  const { repo, threads, posts, users, settings } = deps;

  // When each account and each address last posted, counted here (and in every other process)
  // rather than in the posts table: the check costs the same for ten posts or ten thousand, and
  // stays synchronous on the write's hot path.
  const window = (name: string, spanMs: number) => deps.windows?.window(name, { spanMs }) ?? localWindow(name, { spanMs });
  const clock = window('posts-per-account', HOUR);
  const addresses = window('posts-per-address', MINUTE);

  function isNew(userId: number, now = Date.now()): boolean {
    const trust = settings.trust();
    const user = users.findById(userId);
    if (!user) return true;
    if (now - user.createdAt.getTime() < trust.newAccountHours * 3_600_000) return true;
    if (trust.newAccountMinPosts === 0) return false;
    return posts.visibleCountBy(userId, trust.newAccountMinPosts) < trust.newAccountMinPosts;
  }

  function checkSlowMode(actorId: number, threadId: number, now: number): void {
    const seconds = repo.slowModeOf(threadId);
    if (seconds <= 0) return;
    const last = posts.lastAtBy(threadId, actorId);
    if (!last) return;
    const wait = Math.ceil((last.getTime() + seconds * 1000 - now) / 1000);
    if (wait > 0) throw new AppError('SLOW_MODE', { params: { seconds: wait, interval: seconds } });
  }

  function checkDuplicates(actorId: number, body: string, now: number): void {
    const trust = settings.trust();
    const text = normalize(body);
    if (text.length < DUPLICATE_MIN_LENGTH) return;
    const recent = posts.recentBodiesBy(actorId, now - trust.duplicateWindowMinutes * 60_000, DUPLICATE_LOOKBACK);
    const same = recent.filter((body) => normalize(body) === text).length;
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
      // Before any exemption: staff verify their address too (the first admin is verified at creation).
      if (!settings.trust().unverifiedMayPost && !users.isEmailVerified(input.actor.id)) throw new AppError('EMAIL_UNVERIFIED');
      // The community's own moderators (and admins) are exempt from every rule here, slow mode included.
      if (input.canModerate || input.actor.role === 'admin') return { hold: false };
      const now = Date.now();
      const trust = settings.trust();
      if (input.threadId !== null) checkSlowMode(input.actor.id, input.threadId, now);
      const staff = isStaff(input.actor, repo.moderatesSomewhere);
      // Counted per client network (an IPv6 host holds a whole /64).
      const address = staff || input.actor.address === undefined ? undefined : clientNetwork(input.actor.address);
      let fresh = false;
      if (!staff) {
        const account = String(input.actor.id);
        if (clock.countSince(account, now - MINUTE) >= trust.postsPerMinute) {
          throw new AppError('POST_RATE_LIMITED', { params: { seconds: 60 } });
        }
        const wait = address === undefined ? 0 : addresses.waitMs(address, trust.postsPerMinutePerAddress, MINUTE, now);
        if (wait > 0) throw new AppError('POST_RATE_LIMITED', { params: { seconds: Math.max(1, Math.ceil(wait / 1000)) } });
        fresh = isNew(input.actor.id, now);
        if (fresh) {
          const limits = trust.newUser;
          if (clock.countSince(String(input.actor.id), now - HOUR) >= limits.postsPerHour) {
            throw new AppError('NEW_USER_POST_LIMIT', { params: { max: limits.postsPerHour } });
          }
          checkContent(input);
        }
      }
      checkDuplicates(input.actor.id, input.body, now);
      if (!staff) {
        clock.hit(String(input.actor.id), now);
        if (address !== undefined) addresses.hit(address, now);
      }
      return { hold: fresh && settings.community(input.communityId).holdNewUserPosts };
    },

    neverShown(postId) {
      const status = repo.heldStatus(postId);
      return status !== undefined && status !== 'approved';
    },

    checkEdit(input) {
      if (input.canModerate || isStaff(input.actor, repo.moderatesSomewhere)) return;
      if (isNew(input.actor.id)) checkContent(input);
    },

    hold(postId) {
      const post = posts.findById(postId)!;
      const thread = threads.findById(post.threadId)!;
      const opensThread = thread.firstPostId === postId;
      posts.setHiddenMany([postId], true);
      if (opensThread) threads.setHiddenMany([thread.id], true);
      repo.insertHeld({ postId, communityId: thread.communityId, threadId: thread.id, opensThread });
      threads.recount([thread.id]);
    },
  };
  return rules;
}

export type PostRulesService = ReturnType<typeof createPostRules>;
