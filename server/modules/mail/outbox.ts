import { randomBytes, randomUUID } from 'node:crypto';
import type { MailAttachment } from '../../../db/schema/index.ts';
import type { Locale } from '../../../shared/i18n/index.ts';
import type { MailConfig } from '../../config.ts';
import { renderMail } from './layout.ts';
import type { MailWriter, OutboxRepository } from './repository.ts';
import { mailContent, mailTemplates, type MailKind, type MailParams, type MailTemplates } from './templates.ts';

export interface EnqueueInput<K extends MailKind> {
  kind: K;
  to: string;
  userId: number | null;
  locale: Locale;
  params: MailParams<K>;
  /** What caused it: the same key twice enqueues once (a subscriber that runs again). */
  eventKey: string;
  /** Required on anything not transactional (RFC 8058 one-click unsubscribe). */
  unsubscribe?: { url: string; mailto: string };
  /** Threading: a thread's mails group in a mail client. */
  inReplyTo?: string;
  references?: string[];
  /** Files sent with the message (a workshop's `.ics`); MAIL_ATTACHMENTS_MAX_BYTES in all. */
  attachments?: { filename: string; contentType: string; content: string | Buffer }[];
  /** The thread a reply by mail would go to (the inbound part turns it into Reply-To). */
  replyThread?: { threadId: number };
}

/** Kinds still sent to an address that bounces: how its owner gets back into the account. */
const SENT_WHILE_BOUNCING = new Set<string>(['password_reset']);

/** What the inbound listener lends the outbox: reply keys, and which addresses bounce. */
export interface InboundHooks {
  /** Records a new reply key for the member and thread, in the enqueue's write; returns the key. */
  issueReplyKey(writer: MailWriter, userId: number, threadId: number): Promise<string>;
  isBouncing(userId: number, address: string): Promise<boolean>;
}

/** Attachments are stored with the message: a bound keeps the outbox (and a mail) small. */
export const MAIL_ATTACHMENTS_MAX_BYTES = 1024 * 1024;

function storedAttachments(files: EnqueueInput<MailKind>['attachments']): MailAttachment[] | null {
  if (!files?.length) return null;
  const stored = files.map((file) => ({
    filename: file.filename.replace(/[\r\n"\\/]/g, '_'),
    contentType: file.contentType,
    bytes: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
  }));
  const total = stored.reduce((sum, file) => sum + file.bytes.length, 0);
  if (total > MAIL_ATTACHMENTS_MAX_BYTES) throw new Error(`mail attachments of ${total} bytes exceed ${MAIL_ATTACHMENTS_MAX_BYTES}`);
  return stored.map(({ filename, contentType, bytes }) => ({ filename, contentType, contentBase64: bytes.toString('base64') }));
}

/** The domain of the From address, for Message-IDs (`<uuid@example.org>`). */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}

/**
 * Writes messages to the outbox: rendered once in the recipient's language, with every header
 * fixed now (Message-ID included), so any later attempt sends the same message. Call it inside
 * the transaction of what caused the mail (`transaction(db, …)`: the enqueue joins it).
 */
export function createOutbox(deps: {
  repo: OutboxRepository;
  writer: MailWriter;
  config: MailConfig;
  /** False without SMTP: messages are kept for the Outbox page instead of queued. */
  delivering: boolean;
  now?: () => Date;
  /** Told after an enqueue, so the sender need not wait for its next poll. */
  onEnqueued?: () => void;
  /** The templates by kind (tests add kinds of their own). */
  templates?: MailTemplates;
  inbound?: InboundHooks;
}) {
  const { repo, config } = deps;
  const now = deps.now ?? (() => new Date());
  const domain = mailDomain(config.from);
  const replyDomain = config.replyDomain ?? domain;
  const templates = deps.templates ?? (mailTemplates as unknown as MailTemplates);

  return {
    /** The domain of the From address (Message-IDs, thread ids, mailto addresses). */
    domain,
    /** Where our listener takes mail (`reply+…`, `bounce+…`, `unsubscribe+…`): MINGA_MAIL_REPLY_DOMAIN, else the From's domain. */
    replyDomain,

    /** The absolute address of a page of the site. */
    link(path: string, query?: Record<string, string>): string {
      const url = new URL(path, `${config.publicUrl}/`);
      for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
      return url.href;
    },

    /** Returns the new message's id, or null when the event key was already enqueued. */
    async enqueue<K extends MailKind>(input: EnqueueInput<K>, writer: MailWriter = deps.writer): Promise<number | null> {
      const { transactional, content } = mailContent(templates, input.kind, input.params, input.locale);
      if (!transactional && !input.unsubscribe) {
        throw new Error(`mail of kind ${input.kind} is not transactional and needs an unsubscribe address`);
      }
      const attachments = storedAttachments(input.attachments);
      const rendered = renderMail(content, input.locale, {
        unsubscribeUrl: transactional ? undefined : input.unsubscribe?.url,
      });
      const headers: Record<string, string> = {
        'Message-ID': `<${randomUUID()}@${domain}>`,
        From: config.from,
        To: input.to,
        Subject: rendered.subject,
        'Auto-Submitted': 'auto-generated',
      };
      if (input.inReplyTo) headers['In-Reply-To'] = input.inReplyTo;
      if (input.references?.length) headers.References = input.references.join(' ');
      if (input.replyThread && input.userId !== null && deps.inbound) {
        headers['Reply-To'] = `reply+${await deps.inbound.issueReplyKey(writer, input.userId, input.replyThread.threadId)}@${replyDomain}`;
      }
      if (!transactional && input.unsubscribe) {
        headers['List-Unsubscribe'] = `<${input.unsubscribe.url}>, <mailto:${input.unsubscribe.mailto}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const at = now();
      // An address that keeps bouncing is not mailed (the member is asked to fix it); the row
      // stays, failed, for the admins to see.
      const bouncing = input.userId !== null && !SENT_WHILE_BOUNCING.has(input.kind) && (await deps.inbound?.isBouncing(input.userId, input.to));
      const id = await repo.insert(writer, {
        recipient: input.to,
        userId: input.userId,
        kind: input.kind,
        transactional,
        locale: input.locale,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers,
        attachments,
        eventKey: input.eventKey,
        bounceKey: randomBytes(16).toString('hex'),
        status: bouncing ? 'failed' : deps.delivering ? 'pending' : 'kept',
        lastError: bouncing ? 'not sent: the address bounced too often' : null,
        nextAttemptAt: at,
      });
      if (id !== null && deps.delivering && !bouncing) deps.onEnqueued?.();
      return id;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
