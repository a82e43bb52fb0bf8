import type { Db } from '../../../db/client.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import type { UserRow } from '../../../db/schema/index.ts';
import { eraseAgreementRows } from '../agreements/erasure-repository.ts';
import { eraseAuthRows } from '../auth/erasure-repository.ts';
import { eraseBookmarkRows } from '../bookmarks/erasure-repository.ts';
import { eraseCommunityRows } from '../communities/erasure-repository.ts';
import { eraseDigestRows } from '../digests/erasure-repository.ts';
import { createAuthorErasure } from '../discussions/erasure.ts';
import { createDiscussionErasure } from '../discussions/erasure-repository.ts';
import { createThreadsRepository } from '../discussions/threads-repository.ts';
import { eraseDraftRows } from '../drafts/erasure-repository.ts';
import { eraseInboundMailRows } from '../inbound-mail/erasure-repository.ts';
import { eraseKnowledgeRows } from '../knowledge/erasure-repository.ts';
import { createLinksRepository } from '../links/repository.ts';
import { eraseOutboxRows } from '../mail/erasure-repository.ts';
import { eraseMailingListRows } from '../mailing-list/erasure-repository.ts';
import { eraseModerationRows } from '../moderation/repository.ts';
import { eraseNotificationMailRows } from '../notification-mail/erasure-repository.ts';
import { eraseNotificationRows } from '../notifications/erasure-repository.ts';
import { eraseRepresentativeRows } from '../representatives/erasure-repository.ts';
import { createUsersRepository, type UsersRepository } from '../users/repository.ts';
import { eraseWorkshopRows } from '../workshops/erasure-repository.ts';
import { erasedUsername, usernameHash, USERNAME_RESERVED_MS } from './names.ts';
import { createForgetRepository, type ForgetRepository } from './repository.ts';
import { anonymiseText, namingNeedles } from './rewrite.ts';

/** One area's rows about a member, erased inside the erasure's transaction; answers rows touched per table. */
export type RowEraser = (userId: number, options: { removePosts: boolean }) => Record<string, number> | Promise<Record<string, number>>;

/** Every area that existed when account deletion was built, each through its own `erasure-repository.ts`. */
export function existingAreaErasers(db: Db): RowEraser[] {
  return [
    (userId) => eraseAuthRows(db, userId),
    (userId) => eraseBookmarkRows(db, userId),
    (userId) => eraseDraftRows(db, userId),
    (userId) => eraseNotificationRows(db, userId),
    (userId) => eraseNotificationMailRows(db, userId),
    (userId) => eraseDigestRows(db, userId),
    (userId) => eraseMailingListRows(db, userId),
    (userId) => eraseCommunityRows(db, userId),
    (userId) => eraseRepresentativeRows(db, userId),
    (userId, { removePosts }) => eraseWorkshopRows(db, userId, { removeMessages: removePosts }),
    (userId) => eraseInboundMailRows(db, userId),
    (userId) => eraseOutboxRows(db, userId),
    (userId) => eraseModerationRows(db, userId),
    (userId) => eraseAgreementRows(db, userId),
    (userId) => eraseKnowledgeRows(db, userId),
  ];
}

/** What an erasure changed, for the events published once it commits. */
export interface Erased {
  renamed: { postId: number; threadId: number }[];
  removed: { postIds: number[]; threadIds: number[]; hiddenThreadIds: number[]; threadOf: Map<number, number> } | null;
  rows: Record<string, number>;
}

/**
 * The erasure's writes, to run inside one transaction (the service's, with its log entry; the
 * demo seed's): others' mentions and quotes rewritten, posts removed when asked, every area's
 * rows, then the account row anonymised and its old name put to rest. Sessions are the caller's.
 */
export function createErasure(deps: {
  users: UsersRepository;
  names: ForgetRepository;
  discussions: ReturnType<typeof createAuthorErasure>;
  threadLanguage: (threadId: number) => Locale | null | Promise<Locale | null>;
  erasers: RowEraser[];
}) {
  return {
    /** `username`: the new name (the demo seed's is fixed); a random `deleted-…` otherwise. */
    async run(user: UserRow, options: { removePosts: boolean; at: Date; username?: string }): Promise<Erased> {
      const { removePosts, at } = options;
      const names = { username: user.username, displayName: user.displayName };
      const labels = new Map<number, string>();
      const labelFor = async (threadId: number) => {
        if (!labels.has(threadId)) labels.set(threadId, translate((await deps.threadLanguage(threadId)) ?? 'es', 'forget.deletedMember'));
        return labels.get(threadId)!;
      };
      // The rewrite is asynchronous (the thread's language is looked up): discussions' anonymiseNames awaits it.
      const renamed = await deps.discussions.anonymiseNames(user.id, namingNeedles(names), async (text: string, threadId: number) =>
        anonymiseText(text, { ...names, label: await labelFor(threadId) }),
      );
      const removed = removePosts ? await deps.discussions.removePosts(user.id, at) : null;
      const rows: Record<string, number> = { ...(await deps.discussions.eraseReaderRows(user.id)) };
      for (const eraser of deps.erasers) Object.assign(rows, await eraser(user.id, { removePosts }));
      await deps.users.erase(user.id, options.username ?? erasedUsername(), at);
      await deps.names.rest(usernameHash(user.username), at);
      await deps.names.releaseBefore(new Date(at.getTime() - USERNAME_RESERVED_MS));
      rows.posts_renamed = renamed.length;
      rows.posts_removed = removed?.postIds.length ?? 0;
      return { renamed, removed, rows };
    },
  };
}

export type Erasure = ReturnType<typeof createErasure>;

/** The erasure built straight on a database (the demo seed, which has no app around it). */
export function erasureOn(db: Db): Erasure {
  const users = createUsersRepository(db);
  const threads = createThreadsRepository(db);
  return createErasure({
    users,
    names: createForgetRepository(db),
    discussions: createAuthorErasure({ erasure: createDiscussionErasure(db), threads, users, links: createLinksRepository(db) }),
    threadLanguage: async (threadId) => (await threads.findById(threadId))?.language ?? null,
    erasers: existingAreaErasers(db),
  });
}
