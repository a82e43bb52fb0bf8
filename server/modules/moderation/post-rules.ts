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
import type { TrustSettings } from '../../../shared/schemas/moderation.ts';

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
  check(input: PostCheck): Promise<{ hold: boolean }>;
  /** An edit's new text: the new-account limits on links, images and mentions (no rate or duplicate count). */
  checkEdit(input: Omit<PostCheck, 'threadId' | 'communityId'>): Promise<void>;
  /** Whether a post was held and never approved (readers never saw it). */
  neverShown(postId: number): Promise<boolean>;
  /** Hides a just-written post (and the thread it opens) until approved; runs inside the write's transaction. */
  hold(postId: number): Promise<void>;
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
  // rather than in the posts table: the check costs the same for ten posts or ten thousand. The
  // counts are read and the post counted with no await in between, so two posts at once cannot
  // both pass the last place.
  const window = (name: string, spanMs: number) => deps.windows?.window(name, { spanMs }) ?? localWindow(name, { spanMs });
  const clock = window('posts-per-account', HOUR);
  const addresses = window('posts-per-address', MINUTE);

  async function isNew(userId: number, now = Date.now()): Promise<boolean> {
    const trust = await settings.trust();
    const user = await users.findById(userId);
    if (!user) return true;
    if (now - user.createdAt.getTime() < trust.newAccountHours * 3_600_000) return true;
    if (trust.newAccountMinPosts === 0) return false;
    return (await posts.visibleCountBy(userId, trust.newAccountMinPosts)) < trust.newAccountMinPosts;
  }

  async function checkSlowMode(actorId: number, threadId: number, now: number): Promise<void> {
    const seconds = await repo.slowModeOf(threadId);
    if (seconds <= 0) return;
    const last = await posts.lastAtBy(threadId, actorId);
    if (!last) return;
    const wait = Math.ceil((last.getTime() + seconds * 1000 - now) / 1000);
    if (wait > 0) throw new AppError('SLOW_MODE', { params: { seconds: wait, interval: seconds } });
  }

  /** The duplicate rule's answer, found before the counting (which must not wait): an error to throw, or null. */
  async function duplicateError(actorId: number, body: string, now: number, trust: TrustSettings): Promise<AppError | null> {
    const text = normalize(body);
    if (text.length < DUPLICATE_MIN_LENGTH) return null;
    const recent = await posts.recentBodiesBy(actorId, now - trust.duplicateWindowMinutes * 60_000, DUPLICATE_LOOKBACK);
    const same = recent.filter((body) => normalize(body) === text).length;
    return same >= trust.duplicateLimit ? new AppError('DUPLICATE_POST', { field: 'body', params: { max: trust.duplicateLimit } }) : null;
  }

  /** A new account's limits on what one post may carry. */
  function checkContent(input: { body: string; html: string; mentions: number }, trust: TrustSettings): void {
    const limits = trust.newUser;
    const links = (input.html.match(/<a\s[^>]*href=/gi) ?? []).length;
    if (links > limits.linksPerPost) throw new AppError('TOO_MANY_LINKS', { field: 'body', params: { max: limits.linksPerPost } });
    if (!limits.imagesAllowed && IMAGE.test(input.body)) throw new AppError('IMAGES_NOT_ALLOWED', { field: 'body' });
    if (input.mentions > limits.mentionsPerPost) {
      throw new AppError('TOO_MANY_MENTIONS', { field: 'body', params: { max: limits.mentionsPerPost } });
    }
  }

  const rules: PostRules & { isNew: typeof isNew; holdsNewUsers: (communityId: number) => Promise<boolean> } = {
    isNew,
    holdsNewUsers: async (communityId) => (await settings.community(communityId)).holdNewUserPosts,

    async check(input) {
      const trust = await settings.trust();
      // Before any exemption: staff verify their address too (the first admin is verified at creation).
      if (!trust.unverifiedMayPost && !(await users.isEmailVerified(input.actor.id))) throw new AppError('EMAIL_UNVERIFIED');
      // The community's own moderators (and admins) are exempt from every rule here, slow mode included.
      if (input.canModerate || input.actor.role === 'admin') return { hold: false };
      const now = Date.now();
      if (input.threadId !== null) await checkSlowMode(input.actor.id, input.threadId, now);
      const staff = await isStaff(input.actor, repo.moderatesSomewhere);
      // What the database says, asked first; the counting below then runs without waiting.
      const fresh = staff ? false : await isNew(input.actor.id, now);
      const duplicate = await duplicateError(input.actor.id, input.body, now, trust);
      const holds = fresh && (await settings.community(input.communityId)).holdNewUserPosts;
      // Counted per client network (an IPv6 host holds a whole /64).
      const address = staff || input.actor.address === undefined ? undefined : clientNetwork(input.actor.address);
      if (!staff) {
        const account = String(input.actor.id);
        if (clock.countSince(account, now - MINUTE) >= trust.postsPerMinute) {
          throw new AppError('POST_RATE_LIMITED', { params: { seconds: 60 } });
        }
        const wait = address === undefined ? 0 : addresses.waitMs(address, trust.postsPerMinutePerAddress, MINUTE, now);
        if (wait > 0) throw new AppError('POST_RATE_LIMITED', { params: { seconds: Math.max(1, Math.ceil(wait / 1000)) } });
        if (fresh) {
          const limits = trust.newUser;
          if (clock.countSince(String(input.actor.id), now - HOUR) >= limits.postsPerHour) {
            throw new AppError('NEW_USER_POST_LIMIT', { params: { max: limits.postsPerHour } });
          }
          checkContent(input, trust);
        }
      }
      if (duplicate) throw duplicate;
      if (!staff) {
        clock.hit(String(input.actor.id), now);
        if (address !== undefined) addresses.hit(address, now);
      }
      return { hold: holds };
    },

    async neverShown(postId) {
      const status = await repo.heldStatus(postId);
      return status !== undefined && status !== 'approved';
    },

    async checkEdit(input) {
      if (input.canModerate || (await isStaff(input.actor, repo.moderatesSomewhere))) return;
      if (await isNew(input.actor.id)) checkContent(input, await settings.trust());
    },

    async hold(postId) {
      const post = (await posts.findById(postId))!;
      const thread = (await threads.findById(post.threadId))!;
      const opensThread = thread.firstPostId === postId;
      await posts.setHiddenMany([postId], true);
      if (opensThread) await threads.setHiddenMany([thread.id], true);
      await repo.insertHeld({ postId, communityId: thread.communityId, threadId: thread.id, opensThread });
      await threads.recount([thread.id]);
    },
  };
  return rules;
}

export type PostRulesService = ReturnType<typeof createPostRules>;
