import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { communities } from './communities.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * A link into a community made by its moderators: the token itself is shown once and only its
 * SHA-256 is kept. `maxUses` null: as many as come before it expires. `email`: only the account
 * whose verified address this is may accept it.
 */
export const communityInvitations = table(
  'community_invitations',
  {
    id: id(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** Who made it; null once that account is erased (the invitation belongs to the community). */
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Lower-cased; null when anyone holding the link may accept it. */
    email: text('email'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    expiresAt: moment('expires_at').notNull(),
    revokedAt: moment('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('community_invitations_token_unique').on(t.tokenHash),
    index('community_invitations_community_idx').on(t.communityId, t.id),
    index('community_invitations_email_idx').on(t.email),
    index('community_invitations_creator_idx').on(t.createdBy),
  ],
);

export type CommunityInvitationRow = typeof communityInvitations.$inferSelect;
