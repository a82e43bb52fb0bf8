import { table, text } from './_dialect.ts';
import { moment } from './_columns.ts';

/**
 * Usernames of erased accounts, kept out of new registrations for a while so nobody can take
 * over an erased member's name (and the mentions and links that still carry it). Only the
 * SHA-256 of the name is kept: nothing here says who the member was.
 */
export const erasedUsernames = table('erased_usernames', {
  nameHash: text('name_hash').primaryKey(),
  erasedAt: moment('erased_at').notNull(),
});

export type ErasedUsernameRow = typeof erasedUsernames.$inferSelect;
