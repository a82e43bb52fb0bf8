import type { OutboxItem, OutboxList, OutboxMessage, OutboxQuery } from '../../../shared/schemas/mail.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { OutboxRepository, OutboxSummaryRow } from './repository.ts';

/** The Outbox page is for admins: the mail of every member, reset links included. */
export function canReadOutbox(actor: Actor | null): actor is Actor {
  return actor?.role === 'admin';
}

function requireOutboxReader(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canReadOutbox(actor)) throw new AppError('FORBIDDEN');
}

/**
 * A link's `token=` is a credential (a password reset). Delivered by SMTP, the mail has gone to
 * its owner and the admins' copy shows the link without it: an admin, or whoever holds an
 * admin's session, must not be able to set a member's password from this page. Kept without
 * SMTP, the page is the only mailbox there is, and shows the mail whole.
 */
const LINK_TOKEN = /([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g;
const withoutLinkTokens = (body: string) => body.replace(LINK_TOKEN, '$1…');
/** Likewise a reply key (`Reply-To: reply+<key>@…`): with it, mail could post as the member. */
const withoutReplyKey = (headers: Record<string, string>) =>
  headers['Reply-To'] ? { ...headers, 'Reply-To': headers['Reply-To'].replace(/^reply\+[^@]+@/, 'reply+…@') } : headers;

function toItem(row: OutboxSummaryRow): OutboxItem {
  return {
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    kind: row.kind,
    transactional: row.transactional,
    locale: row.locale,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createOutboxAdmin(deps: { repo: OutboxRepository; delivering: boolean; onRequeued?: () => void }) {
  const { repo } = deps;
  return {
    async list(actor: Actor | null, query: OutboxQuery): Promise<OutboxList & { delivery: 'smtp' | 'kept' }> {
      requireOutboxReader(actor);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const before = readCursor(query.cursor, ['number']);
      const rows = await repo.list({ status: query.status, beforeId: before ? Number(before[0]) : undefined, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map(toItem),
        nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null,
        delivery: deps.delivering ? 'smtp' : 'kept',
      };
    },

    /** One message whole: from a signed-in browser only (an API token could read a reset link and so take an account). */
    async get(actor: Actor | null, sessionId: string | null, id: number): Promise<OutboxMessage> {
      requireOutboxReader(actor);
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      const row = await repo.findById(id);
      if (!row) throw new AppError('OUTBOX_MESSAGE_NOT_FOUND');
      const body = deps.delivering ? withoutLinkTokens : (text: string) => text;
      const attachments = (row.attachments ?? []).map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        size: Buffer.from(file.contentBase64, 'base64').length,
      }));
      const headers = deps.delivering ? withoutReplyKey(row.headers) : row.headers;
      return { message: { ...toItem(row), headers, html: body(row.html), text: body(row.text), attachments } };
    },

    /** One attachment's bytes, under the same rule as the whole message (a signed-in admin). */
    async attachment(actor: Actor | null, sessionId: string | null, id: number, index: number): Promise<{ filename: string; content: Buffer }> {
      requireOutboxReader(actor);
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      const file = (await repo.findById(id))?.attachments?.[index];
      if (!file) throw new AppError('OUTBOX_MESSAGE_NOT_FOUND');
      return { filename: file.filename, content: Buffer.from(file.contentBase64, 'base64') };
    },

    async retry(actor: Actor | null, id: number): Promise<{ message: OutboxItem }> {
      requireOutboxReader(actor);
      if (!(await repo.findById(id))) throw new AppError('OUTBOX_MESSAGE_NOT_FOUND');
      if (!deps.delivering || !(await repo.requeueFailed(id, new Date()))) throw new AppError('OUTBOX_NOT_RETRYABLE');
      deps.onRequeued?.();
      return { message: toItem((await repo.findById(id))!) };
    },
  };
}

export type OutboxAdmin = ReturnType<typeof createOutboxAdmin>;
