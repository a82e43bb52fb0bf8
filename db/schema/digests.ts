import { integer, table, text } from './_dialect.ts';
import { moment, updatedAt } from './_columns.ts';
import { users } from './users.ts';

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'never'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/**
 * Each member's digest: how often they want it (no row: weekly) and the last period it was
 * done for. The period key (`D2026-12-06`, `W2026-49`) is claimed in the same transaction as
 * the digest is written to the outbox, so a restart neither skips a period nor sends it twice.
 */
export const mailDigests = table('mail_digests', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  frequency: text('frequency', { enum: DIGEST_FREQUENCIES }).notNull().default('weekly'),
  /** The last period done (sent, or found with nothing new); null: never. */
  lastPeriodKey: text('last_period_key'),
  /** When the last digest actually went out: the next one covers what is new since. */
  lastSentAt: moment('last_sent_at'),
  updatedAt: updatedAt(),
});

export type MailDigestRow = typeof mailDigests.$inferSelect;
