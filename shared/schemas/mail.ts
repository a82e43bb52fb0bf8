import { Type, type Static } from 'typebox';
import { Nullable, Page, PageQuery, Timestamp } from './common.ts';
import { EMAIL_MAX } from './auth.ts';

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'kept'] as const;
export type MailStatusName = (typeof MAIL_STATUSES)[number];
const MailStatus = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('kept')]);

/** One message of the outbox as the admins' list shows it. */
export const OutboxItem = Type.Object({
  id: Type.Integer(),
  recipient: Type.String(),
  subject: Type.String(),
  kind: Type.String(),
  transactional: Type.Boolean(),
  locale: Type.String(),
  status: MailStatus,
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Timestamp,
  sentAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OutboxItem = Static<typeof OutboxItem>;

export const OutboxList = Page(OutboxItem);
export type OutboxList = Static<typeof OutboxList>;

export const OutboxQuery = Type.Object(
  { status: Type.Optional(MailStatus), ...PageQuery },
  { additionalProperties: false },
);
export type OutboxQuery = Static<typeof OutboxQuery>;

/** A whole message: the list's fields, its headers and both parts. */
export const OutboxMessage = Type.Object({
  message: Type.Object({
    ...OutboxItem.properties,
    headers: Type.Record(Type.String(), Type.String()),
    html: Type.String(),
    text: Type.String(),
    /** Files sent with it, named with their size in bytes. */
    attachments: Type.Optional(Type.Array(Type.Object({ filename: Type.String(), contentType: Type.String(), size: Type.Integer() }))),
  }),
});
export type OutboxMessage = Static<typeof OutboxMessage>;

export const OutboxRetried = Type.Object({ message: OutboxItem });

export const PasswordResetBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: EMAIL_MAX }) },
  { additionalProperties: false },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

/** The same answer whether or not an account has the address. */
export const PasswordResetAccepted = Type.Object({ status: Type.Literal('accepted') });
export type PasswordResetAccepted = Static<typeof PasswordResetAccepted>;

export const PasswordResetConfirmBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;
