import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { createdAt, id, updatedAt } from './_columns.ts';
import { communities } from './communities.ts';
import { files } from './files.ts';
import { institutions } from './geo.ts';
import { users } from './users.ts';

/**
 * Cooperation agreements between two or more member institutions (issue 18, part 3).
 * Status: `draft` (being negotiated, not signed), `in_force` (signed and running), `ended`
 * (its period is over or it was terminated: its space, if any, is archived read-only).
 * Dates are calendar days (`YYYY-MM-DD`). Objectives: Markdown source and cooked HTML side by side.
 */
export const agreements = table(
  'agreements',
  {
    id: id(),
    title: text('title').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    objectivesSource: text('objectives_source').notNull().default(''),
    objectivesHtml: text('objectives_html').notNull().default(''),
    status: text('status', { enum: ['draft', 'in_force', 'ended'] }).notNull(),
    /** The agreement space: a private community whose members are the parties' nominated people. */
    spaceCommunityId: integer('space_community_id').references(() => communities.id, { onDelete: 'set null' }),
    /** The cooperation request or offer it grew from (the cooperation area links the two). */
    fromCooperationId: integer('from_cooperation_id'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('agreements_start_idx').on(t.startDate, t.id), index('agreements_space_idx').on(t.spaceCommunityId)],
);

/** The parties, each with the day it signed (null while unsigned). */
export const agreementParties = table(
  'agreement_parties',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    signedOn: text('signed_on'),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.institutionId] }), index('agreement_parties_institution_idx').on(t.institutionId, t.agreementId)],
);

/** Areas of the agreement: sector and theme terms of the shared vocabularies. */
export const agreementAreas = table(
  'agreement_areas',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    scheme: text('scheme', { enum: ['sector', 'theme'] }).notNull(),
    code: text('code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.scheme, t.code] })],
);

/** Documents (the signed text, annexes) kept in the files store. */
export const agreementDocuments = table(
  'agreement_documents',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.fileId] }), index('agreement_documents_file_idx').on(t.fileId)],
);

/** The people each party nominated: the members of the agreement space. */
export const agreementPeople = table(
  'agreement_people',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    nominatedBy: integer('nominated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.userId] }), index('agreement_people_user_idx').on(t.userId)],
);

export type AgreementRow = typeof agreements.$inferSelect;
export type AgreementPartyRow = typeof agreementParties.$inferSelect;
