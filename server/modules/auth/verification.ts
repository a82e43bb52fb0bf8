import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n/index.ts';
import type { EmailAccepted } from '../../../shared/schemas/email-account.ts';
import type { UserRow } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { Actor } from './actor.ts';
import type { EmailTokensRepository } from './email-tokens-repository.ts';

export const VERIFY_TOKEN_TTL_MS = 7 * 24 * 3_600_000;
export const VERIFY_PAGE_PATH = '/verify-email';
/** Where a "someone tried your address" or "your address is changing" mail sends its reader. */
export const RESET_REQUEST_PATH = '/password/forgot';
/** "Send it again": at most once a minute and five times an hour per account. */
export const RESEND_LIMITS = { minIntervalMs: 60_000, perHour: 5 };

const ACCEPTED: EmailAccepted = { status: 'accepted' };

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sha256(token) };
}

/**
 * Email verification: a new account's address is unverified until its owner follows the link
 * mailed there. An address another account already verified gets no link: its owner is told
 * someone tried it instead, and the registration looks exactly like any other.
 */
export function createEmailVerification(deps: {
  users: UsersRepository;
  tokens: EmailTokensRepository;
  outbox: Outbox;
  bus: EventBus;
  now?: () => Date;
}) {
  const { users, tokens, outbox, bus } = deps;
  const now = deps.now ?? (() => new Date());

  /** The link to the account's own address; run inside a transaction with what caused it. */
  async function mailLink(user: UserRow, locale: Locale): Promise<void> {
    const { token, tokenHash } = newToken();
    const tokenId = await tokens.insert({
      userId: user.id,
      purpose: 'verify',
      email: user.email,
      tokenHash,
      expiresAt: new Date(now().getTime() + VERIFY_TOKEN_TTL_MS),
    });
    await outbox.enqueue({
      kind: 'email_verify',
      to: user.email,
      userId: user.id,
      locale: user.locale ?? locale,
      params: { displayName: user.displayName, username: user.username, verifyUrl: outbox.link(VERIFY_PAGE_PATH, { token }) },
      eventKey: `email-verify:${tokenId}`,
    });
  }

  /** Tells the owner of a verified address that someone tried to use it. */
  async function mailInUse(holder: UserRow, eventKey: string): Promise<void> {
    await outbox.enqueue({
      kind: 'email_in_use',
      to: holder.email,
      userId: holder.id,
      locale: holder.locale ?? DEFAULT_LOCALE,
      params: { displayName: holder.displayName, username: holder.username, resetUrl: outbox.link(RESET_REQUEST_PATH) },
      eventKey,
    });
  }

  return {
    mailInUse,

    /** After an account was created: the link, or the "someone tried" notice to the address's owner. */
    async registered(userId: number, requestLocale: Locale): Promise<void> {
      const user = await users.findById(userId);
      if (!user || user.emailVerifiedAt) return;
      const holder = await users.verifiedHolderOf(user.email);
      await tokens.transaction(async () => {
        if (holder && holder.id !== user.id) await mailInUse(holder, `email-in-use:register:${user.id}`);
        else await mailLink(user, requestLocale);
      });
    },

    /** "Send the mail again", from the banner. Answers the same whether or not a mail went. */
    async resend(actor: Actor | null, requestLocale: Locale): Promise<EmailAccepted> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const user = await users.findById(actor.id);
      if (!user || user.emailVerifiedAt) return ACCEPTED;
      const at = now();
      const recent = await tokens.recent(user.id, 'verify', new Date(at.getTime() - 3_600_000));
      const sinceLast = recent.latest ? at.getTime() - recent.latest.getTime() : Infinity;
      if (sinceLast < RESEND_LIMITS.minIntervalMs) {
        throw new AppError('RATE_LIMITED', { params: { seconds: Math.ceil((RESEND_LIMITS.minIntervalMs - sinceLast) / 1000) } });
      }
      if (recent.count >= RESEND_LIMITS.perHour) throw new AppError('RATE_LIMITED', { params: { seconds: 3600 } });
      // Someone else verified this address meanwhile: no link can work; the account must change it.
      const holder = await users.verifiedHolderOf(user.email);
      if (holder && holder.id !== user.id) return ACCEPTED;
      await tokens.transaction(() => mailLink(user, requestLocale));
      return ACCEPTED;
    },

    /** Confirms the address the link was mailed to; works signed in or not (the link names the account). */
    async verify(token: string): Promise<void> {
      const found = await tokens.findByHash(sha256(token));
      const at = now();
      if (!found || found.purpose !== 'verify' || found.usedAt || found.expiresAt.getTime() <= at.getTime()) {
        throw new AppError('EMAIL_TOKEN_INVALID');
      }
      await tokens.transaction(async () => {
        if (!(await tokens.consume(found.id, at))) throw new AppError('EMAIL_TOKEN_INVALID');
        // The account moved to another address since, or another account verified this one first.
        if ((await users.verifyEmail(found.userId, found.email, at)) !== 'ok') throw new AppError('EMAIL_TOKEN_INVALID');
        await tokens.consumeAllFor(found.userId, 'verify', at);
      });
      await bus.publish('user.email.verified', { userId: found.userId, email: found.email });
      await bus.publish('user.updated', { userId: found.userId });
    },
  };
}

export type EmailVerification = ReturnType<typeof createEmailVerification>;
