import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import type { DeleteAccountBody, ErasureTerms } from '../../../shared/schemas/forget.ts';
import type { Person } from '../../../shared/schemas/users.ts';
import type { AuditTrail } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { StepUp } from '../auth/step-up.ts';
import type { AuthorErasure } from '../discussions/erasure.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { toPerson } from '../users/service.ts';
import { erasedUsername, usernameHash, USERNAME_RESERVED_MS } from './names.ts';
import { canSetLegalHold } from './policy.ts';
import type { ForgetRepository } from './repository.ts';
import { anonymiseText, namingNeedles } from './rewrite.ts';

/** One area's rows about a member, erased inside the erasure's transaction; answers rows touched per table. */
export type RowEraser = (userId: number, options: { removePosts: boolean }) => Record<string, number>;

/** What an erasure did, table by table (the log keeps the counts, never a name). */
export interface ErasureOutcome {
  postsKept: boolean;
  rows: Record<string, number>;
}

/**
 * Deleting one's account (the right to be forgotten). The account row stays, anonymised, since
 * posts and the audit log point at it; every existing area's rows about the member are erased in
 * one transaction with the log entry; then `user.erased` tells the areas added since.
 */
export function createForgetService(deps: {
  users: UsersRepository;
  names: ForgetRepository;
  sessions: Pick<SessionStore, 'invalidateOthers'>;
  stepUp: Pick<StepUp, 'confirm'>;
  discussions: AuthorErasure;
  threads: Pick<ThreadsRepository, 'findById'>;
  erasers: RowEraser[];
  audit: AuditTrail;
  bus: EventBus;
  /** Removes the avatar's bytes when nothing else uses them (after the commit). */
  discardAvatar: (sha256: string) => Promise<void>;
  now?: () => Date;
}) {
  const { users, bus, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** The label quotes get, in the thread's language (Spanish, the reference, when it has none). */
  function labelFor(threadId: number): string {
    const locale: Locale = deps.threads.findById(threadId)?.language ?? 'es';
    return translate(locale, 'forget.deletedMember');
  }

  return {
    terms(actor: Actor | null): ErasureTerms {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return { legalHold: users.findById(actor.id)?.legalHold ?? false };
    },

    /** `DELETE /api/me`: confirmed through the one step-up gate (a browser session only, never a token). */
    async erase(actor: Actor | null, sessionId: string | null, body: DeleteAccountBody): Promise<ErasureOutcome> {
      await deps.stepUp.confirm(actor, sessionId, { password: body.password, code: body.code, passkey: body.passkey });
      const user = users.findById(actor!.id);
      if (!user || user.deletedAt) throw new AppError('UNAUTHENTICATED');
      const userId = user.id;
      // A legal hold keeps the posts whatever the member chose (they were told before confirming).
      const removePosts = body.posts === 'remove' && !user.legalHold;
      const at = now();
      const names = { username: user.username, displayName: user.displayName };
      const needles = namingNeedles(names);
      const labels = new Map<number, string>();
      const rewrite = (threadId: number) => (text: string) => {
        if (!labels.has(threadId)) labels.set(threadId, labelFor(threadId));
        return anonymiseText(text, { ...names, label: labels.get(threadId)! });
      };

      const done = audit.within(
        [
          {
            actorId: userId,
            action: 'user.erase',
            communityId: null,
            targetType: 'user',
            targetId: userId,
            before: { legalHold: user.legalHold },
            after: { posts: removePosts ? 'remove' : 'keep', requested: body.posts },
          },
        ],
        () => {
          // The last admin cannot leave the site without one (409 LAST_ADMIN), checked first.
          if (user.role !== 'member') users.setRole(userId, 'member');
          const renamed = deps.discussions.anonymiseNames(userId, needles, (text, threadId) => rewrite(threadId)(text));
          const removed = removePosts ? deps.discussions.removePosts(userId, at) : null;
          const rows: Record<string, number> = { ...deps.discussions.eraseReaderRows(userId) };
          for (const eraser of deps.erasers) Object.assign(rows, eraser(userId, { removePosts }));
          const ended = deps.sessions.invalidateOthers(userId, null);
          rows.sessions = ended.length;
          users.erase(userId, erasedUsername(), at);
          deps.names.rest(usernameHash(user.username), at);
          deps.names.releaseBefore(new Date(at.getTime() - USERNAME_RESERVED_MS));
          rows.posts_renamed = renamed.length;
          rows.posts_removed = removed?.postIds.length ?? 0;
          return { renamed, removed, ended, rows };
        },
      );

      if (user.avatarSha256) await deps.discardAvatar(user.avatarSha256);
      for (const sessionId of done.ended) bus.publish('session.ended', { userId, sessionId });
      for (const post of done.renamed) bus.publish('post.updated', { threadId: post.threadId, postId: post.postId, mentionedUserIds: [] });
      if (done.removed) {
        for (const postId of done.removed.postIds) bus.publish('post.updated', { threadId: done.removed.threadOf.get(postId)!, postId, mentionedUserIds: [] });
        for (const threadId of done.removed.hiddenThreadIds) bus.publish('thread.updated', { threadId });
      }
      bus.publish('user.updated', { userId });
      bus.publish('user.erased', { userId });
      return { postsKept: !removePosts, rows: done.rows };
    },

    /** An admin's legal hold on an account, logged with what it was before. */
    setLegalHold(actor: Actor | null, userId: number, legalHold: boolean): Person {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canSetLegalHold(actor)) throw new AppError('FORBIDDEN');
      const target = users.findById(userId);
      if (!target || target.deletedAt) throw new AppError('USER_NOT_FOUND');
      if (target.legalHold !== legalHold) {
        audit.within(
          [{ actorId: actor.id, action: 'user.legal_hold', communityId: null, targetType: 'user', targetId: userId, before: { legalHold: target.legalHold }, after: { legalHold } }],
          () => users.setLegalHold(userId, legalHold),
        );
      }
      return toPerson(users.findById(userId)!);
    },
  };
}

export type ForgetService = ReturnType<typeof createForgetService>;
