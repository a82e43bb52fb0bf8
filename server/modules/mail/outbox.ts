import { randomUUID } from 'node:crypto';
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
  /** The thread a reply to this mail would go to (notification mail), for reply by email. */
  replyThread?: { threadId: number };
}

/** The domain of the From address, for Message-IDs (`<uuid@example.org>`). */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}

/**
 * Writes messages to the outbox: rendered once in the recipient's language, with every header
 * fixed now (Message-ID included), so any later attempt sends the same message. Call it inside
 * the transaction of what caused the mail (pass the transaction as `writer`).
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
}) {
  const { repo, config } = deps;
  const now = deps.now ?? (() => new Date());
  const domain = mailDomain(config.from);
  const templates = deps.templates ?? (mailTemplates as unknown as MailTemplates);

  return {
    /** The absolute address of a page of the site. */
    link(path: string, query?: Record<string, string>): string {
      const url = new URL(path, `${config.publicUrl}/`);
      for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
      return url.href;
    },

    /** Returns the new message's id, or null when the event key was already enqueued. */
    enqueue<K extends MailKind>(input: EnqueueInput<K>, writer: MailWriter = deps.writer): number | null {
      const { transactional, content } = mailContent(templates, input.kind, input.params, input.locale);
      if (!transactional && !input.unsubscribe) {
        throw new Error(`mail of kind ${input.kind} is not transactional and needs an unsubscribe address`);
      }
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
      if (!transactional && input.unsubscribe) {
        headers['List-Unsubscribe'] = `<${input.unsubscribe.url}>, <mailto:${input.unsubscribe.mailto}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const at = now();
      const id = repo.insert(writer, {
        recipient: input.to,
        userId: input.userId,
        kind: input.kind,
        transactional,
        locale: input.locale,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers,
        eventKey: input.eventKey,
        status: deps.delivering ? 'pending' : 'kept',
        nextAttemptAt: at,
      });
      if (id !== null && deps.delivering) deps.onEnqueued?.();
      return id;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
