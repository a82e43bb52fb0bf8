import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { OutboxRepository } from '../mail/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { MAILING_LIST_TOKEN_PREFIX } from '../mailing-list/mailer.ts';
import type { MailingListService } from '../mailing-list/service.ts';
import type { MailPreferencesService } from '../notification-mail/preferences.ts';
import type { InboundAddress } from './addresses.ts';
import { hardBounceStatus } from './dsn.ts';
import { HARD_BOUNCE_LIMIT, hashKey, type InboundMailRepository } from './repository.ts';
import { trimReply } from './trim.ts';

/** A refusal that says the thread is not there for this member (gone, private, hidden): nothing about it is told. */
const GONE = new Set(['THREAD_NOT_FOUND', 'FORUM_NOT_FOUND', 'COMMUNITY_NOT_FOUND', 'NOT_FOUND', 'POST_NOT_FOUND']);

/** RFC 3834 `Auto-Submitted`, and the headers older responders use instead. */
function isAutomatic(mail: ParsedMail): boolean {
  const header = (name: string) => String(mail.headers.get(name) ?? '').toLowerCase();
  const auto = header('auto-submitted');
  return (auto !== '' && auto !== 'no') || mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || /^(?:bulk|junk|list|auto_reply)$/.test(header('precedence'));
}

export type InboundOutcome = 'posted' | 'refused' | 'ignored' | 'duplicate' | 'counted' | 'unsubscribed';

/** The owners of the tokens an `unsubscribe+<token>@` address may carry: signed member tokens, and list subscriptions' (`ml.<token>`). */
export interface InboundUnsubscribe {
  preferences: Pick<MailPreferencesService, 'isValid' | 'unsubscribe'>;
  mailingList: Pick<MailingListService, 'knowsToken' | 'unsubscribe'>;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * What the inbound listener does with a mail once it is accepted: a reply becomes a post by
 * the member the key names, through the discussions service like any reply (every rule of
 * posting applies now, at receive time); a hard bounce counts against the address it was
 * sent to. The same mail delivered twice acts once (by Message-ID; a bounce once per message).
 */
export function createInboundMailService(deps: {
  repo: InboundMailRepository;
  outboxMessages: Pick<OutboxRepository, 'findByBounceKey'>;
  users: Pick<UsersRepository, 'findById'>;
  discussions: Pick<DiscussionsService, 'reply'>;
  outbox: Outbox;
  log: Log;
  unsubscribe: InboundUnsubscribe;
  now?: () => Date;
}) {
  const { repo, users, outbox, log } = deps;
  const now = deps.now ?? (() => new Date());

  /** `eventKey` makes it once: once per mail received, or once per key for a stranger's mail. */
  async function refuse(user: { id: number; email: string; displayName: string }, locale: Locale, mail: ParsedMail, eventKey: string, reason: string, link: string, text: string) {
    await outbox.enqueue({
      kind: 'reply_refused',
      to: user.email,
      userId: user.id,
      locale,
      params: { displayName: user.displayName, subject: (mail.subject ?? '').slice(0, 200), reason, text: text.slice(0, 4000), siteUrl: outbox.link(link) },
      eventKey,
    });
  }

  async function handleReply(key: string, mail: ParsedMail): Promise<InboundOutcome> {
    const target = await repo.findReplyKey(key);
    const user = target && (await users.findById(target.userId));
    if (!target || !user) return 'ignored';
    // A vacation responder or another robot answering our mail is not the member speaking (and
    // a mail back could start a loop between two robots).
    if (isAutomatic(mail)) return 'ignored';
    const claim = mail.messageId ?? `sha256:${createHash('sha256').update(`${key}\n${mail.text ?? ''}`).digest('hex')}`;
    if (!(await repo.claimMessage(claim, 'reply'))) return 'duplicate';
    const locale: Locale = user.locale ?? 'es';
    const t = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate(locale, k, p);
    const body = trimReply(mail.text ?? '');
    const threadLink = `/t/${target.threadId}`;

    // Only the member's own address may post with their key. The mail back goes to that
    // address, never to the From received: a forged From gets nothing from us.
    const sender = mail.from?.value[0]?.address?.toLowerCase();
    if (sender !== user.email.toLowerCase()) {
      // Told once per key: someone who learnt the address cannot fill the member's inbox.
      await refuse(user, locale, mail, `reply-wrong-sender:${hashKey(key)}`, t('mail.replyRefused.wrongSender', { address: sender ?? '?' }), '/', '');
      await repo.settleMessage(claim, 'refused:WRONG_SENDER');
      log.info({ userId: user.id, threadId: target.threadId }, 'reply by email refused: sender is not the member');
      return 'refused';
    }
    if (!body) {
      await refuse(user, locale, mail, `reply-refused:${claim}`, t('mail.replyRefused.empty'), threadLink, '');
      await repo.settleMessage(claim, 'refused:EMPTY');
      return 'refused';
    }
    const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale };
    try {
      await deps.discussions.reply(actor, target.threadId, { body });
      await repo.settleMessage(claim, 'posted');
      return 'posted';
    } catch (error) {
      if (!(error instanceof AppError)) {
        // Not a refusal: let the sending server try again later.
        await repo.releaseMessage(claim);
        throw error;
      }
      const gone = GONE.has(error.code);
      const reason = gone ? t('mail.replyRefused.gone') : t(`error.${error.code}` as Parameters<typeof translate>[1], error.options.params);
      await refuse(user, locale, mail, `reply-refused:${claim}`, reason, gone ? '/' : threadLink, body);
      await repo.settleMessage(claim, `refused:${error.code}`);
      log.info({ userId: user.id, threadId: target.threadId, code: error.code }, 'reply by email refused');
      return 'refused';
    }
  }

  async function handleBounce(key: string, mail: ParsedMail, raw: string): Promise<InboundOutcome> {
    const message = await deps.outboxMessages.findByBounceKey(key);
    const status = message ? hardBounceStatus(mail, raw) : null;
    if (!message || !status || message.userId === null) return 'ignored';
    // A message bounces once: the same report delivered twice, or two reports for it, count once.
    if (!(await repo.claimMessage(`bounce:${key}`, 'bounce'))) return 'duplicate';
    const count = await repo.countHardBounce(message.userId, message.recipient, status, now());
    await repo.settleMessage(`bounce:${key}`, `counted:${status}`);
    if (count === HARD_BOUNCE_LIMIT) log.warn({ userId: message.userId }, 'mail address bounced too often: no more mail to it');
    return 'counted';
  }

  const listToken = (token: string) => (token.startsWith(MAILING_LIST_TOKEN_PREFIX) ? token.slice(MAILING_LIST_TOKEN_PREFIX.length) : null);

  async function knowsUnsubscribe(token: string): Promise<boolean> {
    const list = listToken(token);
    return list !== null ? await deps.unsubscribe.mailingList.knowsToken(list) : await deps.unsubscribe.preferences.isValid(token);
  }

  /** RFC 2369's mailto: a mail to the address turns that kind off, as the one-click URL does (the token is the credential). */
  async function handleUnsubscribe(token: string): Promise<InboundOutcome> {
    if (!(await knowsUnsubscribe(token))) return 'ignored';
    const list = listToken(token);
    if (list !== null) await deps.unsubscribe.mailingList.unsubscribe(list);
    else await deps.unsubscribe.preferences.unsubscribe(token);
    return 'unsubscribed';
  }

  return {
    /** Whether an address names something we know (checked at RCPT TO). */
    async knows(address: InboundAddress): Promise<boolean> {
      if (address.kind === 'unsubscribe') return knowsUnsubscribe(address.key);
      return address.kind === 'reply' ? (await repo.findReplyKey(address.key)) !== undefined : (await deps.outboxMessages.findByBounceKey(address.key)) !== undefined;
    },

    async receive(address: InboundAddress, mail: ParsedMail, raw: string): Promise<InboundOutcome> {
      if (address.kind === 'unsubscribe') return handleUnsubscribe(address.key);
      return address.kind === 'reply' ? handleReply(address.key, mail) : handleBounce(address.key, mail, raw);
    },

    /** Whether a member's current address bounces too often to be mailed (the banner). */
    isBouncing: (userId: number, email: string) => repo.isBouncing(userId, email),

    /** An admin says the address works again: its bounces are forgotten. */
    async clearBounces(actor: Actor | null, userId: number): Promise<void> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (actor.role !== 'admin') throw new AppError('FORBIDDEN');
      if (!(await repo.clearBounces(userId))) throw new AppError('EMAIL_BOUNCES_NOT_FOUND');
    },
  };
}

export type InboundMailService = ReturnType<typeof createInboundMailService>;
