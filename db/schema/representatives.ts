import { index, integer, primaryKey, table } from './_dialect.ts';
import { createdAt } from './_columns.ts';
import { institutions } from './geo.ts';
import { users } from './users.ts';

/**
 * An institution's representatives: a site role per institution. A representative may post
 * news, cooperation requests and offers, and manage the agreement spaces for their institution.
 */
export const institutionRepresentatives = table(
  'institution_representatives',
  {
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.userId] }), index('institution_representatives_user_idx').on(t.userId)],
);

export type InstitutionRepresentativeRow = typeof institutionRepresentatives.$inferSelect;
