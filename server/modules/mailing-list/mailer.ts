import { DEFAULT_LOCALE } from '../../../shared/i18n/index.ts';
import { isDeleted } from '../../../shared/discussions-policy.ts';
import { htmlToText } from '../../lib/markdown.ts';
import { createTicker } from '../../lib/ticker.ts';
import type { Actor } from '../auth/actor.ts';
import type { ThreadGate } from '../discussions/access.ts';
import { canSeePost, canSeeThread } from '../discussions/policy.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { MailingListRepository } from './repository.ts';

/** A post is mailed this long after it was written: time to fix a typo, or for a moderator to hide spam. */
export const MAILING_LIST_DELAY_MS = 2 * 60_000;
const BATCH = 100;
/** How often the scheduler looks for posts due to be mailed. */
const POLL_MS = 30_000;

/**
 * Where a list mail's List-Unsubscribe points: the subscription's own one-click URL, and a
 * mailto the inbound listener takes (`unsubscribe+ml.<token>@`: 47 octets, within the 64 of a local part).
 */
export function mailingListUnsubscribe(outbox: Pick<Outbox, 'link' | 'replyDomain'>, token: string): { url: string; mailto: string } {
  return { url: outbox.link(`/api/mailing-list/unsubscribe/${token}`), mailto: `unsubscribe+${MAILING_LIST_TOKEN_PREFIX}${token}@${outbox.replyDomain}` };
}

/** What marks a mailing-list subscription's token in an `unsubscribe+…@` address. */
export const MAILING_LIST_TOKEN_PREFIX = 'ml.';

/** The id every mail of a thread refers to, so a mail client groups them. */
export const threadMessageId = (threadId: number, domain: string) => `<thread-${threadId}@${domain}>`;

/** Links in a post are site-relative (`/u/ana`, `/t/3`); a mail needs them absolute. */
function absoluteLinks(html: string, origin: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${origin}/`);
}

/**
 * Mailing-list mode's mail: each new post (a new thread's first post too) goes, a little after
 * it was written, to the members who chose the community, not to its author. Whether the post
 * may still be read is asked when the mail is written: the post and its thread seen as a plain
 * member sees them (a hidden or deleted one is not mailed), then the discussions' own gate for
 * each recipient (a community turned private, a member who left or was banned).
 */
export function createMailingListMailer(deps: {
  repo: MailingListRepository;
  threadGate: ThreadGate;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
  outbox: Outbox;
  /** Where a failed scheduled run is reported. */
  onError?: (error: unknown) => void;
}) {
  const { repo, threadGate, outbox } = deps;
  const origin = outbox.link('/').replace(/\/$/, '');
  const asMember = { canModerate: false };

  async function mailPost(postId: number): Promise<number> {
    const post = await deps.posts.findById(postId);
    const thread = post && (await deps.threads.findById(post.threadId));
    if (!post || !thread || isDeleted(post) || !canSeePost(asMember, post) || !canSeeThread(asMember, thread)) return 0;
    const author = await deps.users.findById(post.authorId);
    const threadId = threadMessageId(thread.id, outbox.domain);
    let count = 0;
    for (const { userId, token } of await repo.subscribersOf(thread.communityId)) {
      if (userId === post.authorId) continue;
      const user = await deps.users.findById(userId);
      if (!user) continue;
      const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale };
      let community;
      try {
        const access = await threadGate.post(actor, post.id);
        if (access.membership?.status !== 'active') continue;
        community = access.community;
      } catch {
        continue;
      }
      const id = await outbox.enqueue({
        kind: 'mailing_list_post',
        to: user.email,
        userId,
        locale: user.locale ?? DEFAULT_LOCALE,
        params: {
          community: community.name,
          threadTitle: thread.title,
          author: author?.displayName ?? '',
          postHtml: absoluteLinks(post.bodyHtml, origin),
          postText: post.bodyText ?? htmlToText(post.bodyHtml),
          postUrl: outbox.link(`/t/${thread.id}`) + `#post-${post.id}`,
        },
        eventKey: `mailing-list:${post.id}:${userId}`,
        unsubscribe: mailingListUnsubscribe(outbox, token),
        inReplyTo: threadId,
        references: [threadId],
        replyThread: { threadId: thread.id },
      });
      if (id !== null) count++;
    }
    return count;
  }

  /** Mails the posts due at `now`; the scheduler calls it, tests too (with their clock). */
  async function runDue(now: Date): Promise<number> {
    let count = 0;
    for (const postId of await repo.duePosts(now, BATCH)) {
      count += await mailPost(postId);
      await repo.donePost(postId);
    }
    return count;
  }

  // The timer's runs, one at a time (a run may outlast the poll); stopping waits for the one in flight.
  let running: Promise<unknown> | null = null;
  const ticker = createTicker(
    (now) => {
      if (running) return undefined;
      const run = runDue(now).finally(() => (running = null));
      running = run;
      return run;
    },
    POLL_MS,
    deps.onError ?? (() => {}),
  );

  return {
    runDue,
    /** A timer from the app's start to its close. */
    scheduler: {
      start: (mayRun?: () => boolean) => ticker.start(mayRun),
      async stop(): Promise<void> {
        ticker.stop();
        await running?.catch(() => undefined);
      },
      get running() {
        return ticker.running;
      },
    },

    /** A new post waits its delay in the queue (a restart finds it there). */
    async onPostCreated(postId: number, now = new Date()): Promise<void> {
      await repo.enqueuePost(postId, new Date(now.getTime() + MAILING_LIST_DELAY_MS));
    },
  };
}

export type MailingListMailer = ReturnType<typeof createMailingListMailer>;
