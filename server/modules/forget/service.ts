import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { DeleteAccountBody, ErasureTerms } from '../../../shared/schemas/forget.ts';
import type { Person } from '../../../shared/schemas/users.ts';
import type { AuditTrail } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { sessionHandle, type SessionStore } from '../auth/session-store.ts';
import type { StepUp } from '../auth/step-up.ts';
import type { UsersRepository } from '../users/repository.ts';
import { toPerson } from '../users/service.ts';
import type { Erasure } from './erasure.ts';
import { canSetLegalHold } from './policy.ts';

/** What an erasure did, table by table (rows erased or changed; never a name). */
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
  erasure: Erasure;
  sessions: Pick<SessionStore, 'invalidateOthers'>;
  stepUp: Pick<StepUp, 'confirm'>;
  audit: AuditTrail;
  bus: EventBus;
  /** Removes the avatar's bytes when nothing else uses them (after the commit). */
  discardAvatar: (sha256: string) => Promise<void>;
  now?: () => Date;
}) {
  const { users, bus, audit } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async terms(actor: Actor | null): Promise<ErasureTerms> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return { legalHold: (await users.findById(actor.id))?.legalHold ?? false };
    },

    /** `DELETE /api/me`: confirmed through the one step-up gate (a browser session only, never a token). */
    async erase(actor: Actor | null, sessionId: string | null, body: DeleteAccountBody): Promise<ErasureOutcome> {
      await deps.stepUp.confirm(actor, sessionId, { password: body.password, code: body.code, passkey: body.passkey });
      const user = await users.findById(actor!.id);
      if (!user || user.deletedAt) throw new AppError('UNAUTHENTICATED');
      const userId = user.id;
      // A legal hold keeps the posts whatever the member chose (they were told before confirming).
      const removePosts = body.posts === 'remove' && !user.legalHold;
      const at = now();

      const done = await audit.within(
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
        async () => {
          // Two requests at once: the second finds the account already erased and changes nothing.
          if ((await users.findById(userId))?.deletedAt) throw new AppError('UNAUTHENTICATED');
          // The last admin cannot leave the site without one (409 LAST_ADMIN), checked first.
          if (user.role !== 'member') await users.setRole(userId, 'member');
          const erased = await deps.erasure.run(user, { removePosts, at });
          const ended = await deps.sessions.invalidateOthers(userId, null);
          return { ...erased, ended, rows: { ...erased.rows, sessions: ended.length } };
        },
      );

      if (user.avatarSha256) await deps.discardAvatar(user.avatarSha256);
      for (const sessionId of done.ended) await bus.publish('session.ended', { userId, handle: sessionHandle(sessionId) });
      for (const post of done.renamed) await bus.publish('post.updated', { threadId: post.threadId, postId: post.postId, mentionedUserIds: [] });
      if (done.removed) {
        for (const postId of done.removed.postIds) await bus.publish('post.updated', { threadId: done.removed.threadOf.get(postId)!, postId, mentionedUserIds: [] });
        for (const threadId of done.removed.hiddenThreadIds) await bus.publish('thread.updated', { threadId });
      }
      await bus.publish('user.updated', { userId });
      await bus.publish('user.erased', { userId, email: user.email });
      return { postsKept: !removePosts, rows: done.rows };
    },

    /** An admin's legal hold on an account, logged with what it was before. */
    async setLegalHold(actor: Actor | null, userId: number, legalHold: boolean): Promise<Person> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!canSetLegalHold(actor)) throw new AppError('FORBIDDEN');
      const target = await users.findById(userId);
      if (!target || target.deletedAt) throw new AppError('USER_NOT_FOUND');
      if (target.legalHold !== legalHold) {
        await audit.within(
          [{ actorId: actor.id, action: 'user.legal_hold', communityId: null, targetType: 'user', targetId: userId, before: { legalHold: target.legalHold }, after: { legalHold } }],
          () => users.setLegalHold(userId, legalHold),
        );
      }
      return toPerson((await users.findById(userId))!);
    },
  };
}

export type ForgetService = ReturnType<typeof createForgetService>;
