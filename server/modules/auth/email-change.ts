import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n/index.ts';
import type { EmailAccepted, EmailChangeBody, EmailChanged } from '../../../shared/schemas/email-account.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { Actor } from './actor.ts';
import type { EmailTokensRepository } from './email-tokens-repository.ts';
import { normalizeEmail } from './rules.ts';
import { newToken, RESET_REQUEST_PATH, sha256, type EmailVerification } from './verification.ts';

export const CHANGE_TOKEN_TTL_MS = 24 * 3_600_000;
export const CONFIRM_PAGE_PATH = '/confirm-email';

const ACCEPTED: EmailAccepted = { status: 'accepted' };

/**
 * Changing the account's address: the new address gets a link, the old one a notice; nothing
 * changes until the link is followed. Asked from a signed-in browser with the current password.
 * An address another account verified answers the same (its owner is told someone tried).
 */
export function createEmailChange(deps: {
  users: UsersRepository;
  tokens: EmailTokensRepository;
  outbox: Outbox;
  bus: EventBus;
  verification: Pick<EmailVerification, 'mailInUse'>;
  /** The auth service's check: a browser session, the current password, the sign-in failure count. */
  checkCurrentPassword: (actor: Actor | null, sessionId: string | null, password: string) => Promise<Actor>;
  now?: () => Date;
}) {
  const { users, tokens, outbox, bus, verification } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async request(actor: Actor | null, sessionId: string | null, input: EmailChangeBody, requestLocale: Locale = DEFAULT_LOCALE): Promise<EmailAccepted> {
      const signedIn = await deps.checkCurrentPassword(actor, sessionId, input.currentPassword);
      const email = normalizeEmail(input.email);
      const user = await users.findById(signedIn.id);
      if (!user) throw new AppError('UNAUTHENTICATED');
      if (email === user.email) throw new AppError('EMAIL_UNCHANGED', { field: 'email' });
      const holder = await users.verifiedHolderOf(email);
      const locale = user.locale ?? requestLocale;
      const { token, tokenHash } = newToken();
      await tokens.transaction(async () => {
        const tokenId = await tokens.insert({
          userId: user.id,
          purpose: 'change',
          email,
          tokenHash,
          expiresAt: new Date(now().getTime() + CHANGE_TOKEN_TTL_MS),
        });
        if (holder) {
          await verification.mailInUse(holder, `email-in-use:change:${tokenId}`);
        } else {
          await outbox.enqueue({
            kind: 'email_change_confirm',
            to: email,
            userId: user.id,
            locale,
            params: { displayName: user.displayName, username: user.username, email, confirmUrl: outbox.link(CONFIRM_PAGE_PATH, { token }) },
            eventKey: `email-change:${tokenId}`,
          });
        }
        // An address never verified may not be the owner's: it is not told about the account.
        if (!user.emailVerifiedAt) return;
        await outbox.enqueue({
          kind: 'email_change_notice',
          to: user.email,
          userId: user.id,
          locale,
          params: { displayName: user.displayName, username: user.username, email, resetUrl: outbox.link(RESET_REQUEST_PATH) },
          eventKey: `email-change-notice:${tokenId}`,
        });
      });
      return ACCEPTED;
    },

    /** Moves the account to the address the link was mailed to, now verified. Signed in as another account, the link is refused. */
    async confirm(actor: Actor | null, token: string): Promise<EmailChanged> {
      const found = await tokens.findByHash(sha256(token));
      const at = now();
      if (!found || found.purpose !== 'change' || found.usedAt || found.expiresAt.getTime() <= at.getTime()) {
        throw new AppError('EMAIL_TOKEN_INVALID');
      }
      if (actor && actor.id !== found.userId) throw new AppError('EMAIL_TOKEN_INVALID');
      await tokens.transaction(async () => {
        if (!(await tokens.consume(found.id, at))) throw new AppError('EMAIL_TOKEN_INVALID');
        const result = await users.verifyEmail(found.userId, found.email, at, { change: true });
        if (result === 'taken') throw new AppError('EMAIL_TAKEN', { field: 'email' });
        if (result !== 'ok') throw new AppError('EMAIL_TOKEN_INVALID');
        await tokens.consumeAllFor(found.userId, 'change', at);
        await tokens.consumeAllFor(found.userId, 'verify', at);
      });
      await bus.publish('user.email.verified', { userId: found.userId, email: found.email });
      await bus.publish('user.updated', { userId: found.userId });
      return { email: found.email };
    },
  };
}

export type EmailChange = ReturnType<typeof createEmailChange>;
