import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { createdAt, id, updatedAt } from './_columns.ts';
import { institutions } from './geo.ts';
import { users } from './users.ts';

const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const COOPERATION_KINDS = ['request', 'offer'] as const;
export const COOPERATION_STATUSES = ['open', 'in_progress', 'done'] as const;

/**
 * A cooperation request or offer (horizontal technical cooperation, issue 18 part 4): an
 * institution's need or what it can give. The Markdown source and its sanitized HTML side by
 * side, cooked once when written.
 */
export const cooperationItems = table(
  'cooperation_items',
  {
    id: id(),
    kind: text('kind', { enum: COOPERATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    /** Title and text lower-cased without accents: `?q=formacion` finds «Formación». */
    searchText: text('search_text').notNull(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    status: text('status', { enum: COOPERATION_STATUSES }).notNull().default('open'),
    sectors: json<string[]>('sectors').notNull(),
    themes: json<string[]>('themes').notNull(),
    expertise: json<string[]>('expertise').notNull(),
    /** `YYYY-MM-DD`, when answers are wanted by. */
    deadline: text('deadline'),
    /** The agreement it became (the agreements area's id; no foreign key across areas). */
    agreementId: integer('agreement_id'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('cooperation_items_kind_idx').on(t.kind, t.id),
    index('cooperation_items_status_idx').on(t.status, t.id),
    index('cooperation_items_institution_idx').on(t.institutionId, t.id),
  ],
);

/** An institution's answer to a request or offer: a message, no contact details. */
export const cooperationResponses = table(
  'cooperation_responses',
  {
    id: id(),
    itemId: integer('item_id')
      .notNull()
      .references(() => cooperationItems.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('cooperation_responses_item_idx').on(t.itemId, t.id)],
);

/** Who a request or offer was matched to when posted (specialists and institutions), best first. */
export const cooperationMatches = table(
  'cooperation_matches',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => cooperationItems.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['specialist', 'institution'] }).notNull(),
    /** A specialists row or an institutions row, by kind. */
    refId: integer('ref_id').notNull(),
    score: integer('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.kind, t.refId] })],
);

export type CooperationItemRow = typeof cooperationItems.$inferSelect;
export type CooperationResponseRow = typeof cooperationResponses.$inferSelect;
