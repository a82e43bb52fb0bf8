import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n/index.ts';
import type { PasswordResetAccepted } from '../../../shared/schemas/mail.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { UsersRepository } from '../users/repository.ts';
import { hashPassword } from './passwords.ts';
import type { PasswordResetRepository } from './password-reset-repository.ts';
import { checkPassword, normalizeEmail } from './rules.ts';
import { sessionHandle, type SessionStore } from './session-store.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const RESET_PAGE_PATH = '/password/reset';

const ACCEPTED: PasswordResetAccepted = { status: 'accepted' };

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Password reset by mail. Asking answers the same, in the same time, whether or not an account
 * has the address: the token is made and hashed either way, and only the two writes (token,
 * outbox, one short transaction) differ.
 */
export function createPasswordReset(deps: {
  users: UsersRepository;
  tokens: PasswordResetRepository;
  sessions: Pick<SessionStore, 'invalidateOthers'>;
  outbox: Outbox;
  bus: EventBus;
  now?: () => Date;
}) {
  const { users, tokens, sessions, outbox, bus } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async request(rawEmail: string, requestLocale: Locale = DEFAULT_LOCALE): Promise<PasswordResetAccepted> {
      const email = normalizeEmail(rawEmail);
      const user = await users.findByUsernameOrEmail(email);
      const token = randomBytes(32).toString('base64url');
      const tokenHash = sha256(token);
      if (user && user.email === email) {
        await tokens.transaction(async () => {
          const tokenId = await tokens.insert({ userId: user.id, tokenHash, expiresAt: new Date(now().getTime() + RESET_TOKEN_TTL_MS) });
          await outbox.enqueue({
            kind: 'password_reset',
            to: user.email,
            userId: user.id,
            locale: user.locale ?? requestLocale,
            params: { displayName: user.displayName, username: user.username, resetUrl: outbox.link(RESET_PAGE_PATH, { token }) },
            eventKey: `password-reset:${tokenId}`,
          });
        });
      }
      return ACCEPTED;
    },

    /** Sets the password (same rules as registration), uses the token up and signs out every session. */
    async confirm(token: string, password: string): Promise<void> {
      checkPassword(password);
      const found = await tokens.findByHash(sha256(token));
      if (!found || found.usedAt || found.expiresAt.getTime() <= now().getTime()) throw new AppError('RESET_TOKEN_INVALID');
      const passwordHash = await hashPassword(password);
      const ended = await tokens.transaction(async () => {
        const at = now();
        if (!(await tokens.consume(found.id, at))) throw new AppError('RESET_TOKEN_INVALID');
        await tokens.consumeAllFor(found.userId, at);
        await users.update(found.userId, { passwordHash });
        return sessions.invalidateOthers(found.userId, null);
      });
      for (const sessionId of ended) await bus.publish('session.ended', { userId: found.userId, handle: sessionHandle(sessionId) });
    },
  };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;
