import { index, integer, primaryKey, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { countries, institutions } from './geo.ts';
import { users } from './users.ts';

/**
 * Controlled vocabularies shared by every kind of record, with labels in the three languages,
 * so a facet is the same whatever language the record or the reader uses.
 * Schemes: sector (ISIC Rev.4 sections), occupation (ISCO-08 groups), theme, level (ISCED 2011),
 * expertise, resource_type, audience, modality, licence, availability.
 */
export const vocabTerms = table(
  'vocab_terms',
  {
    scheme: text('scheme').notNull(),
    code: text('code').notNull(),
    labelEs: text('label_es').notNull(),
    labelPt: text('label_pt').notNull(),
    labelEn: text('label_en').notNull(),
    parentCode: text('parent_code'),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scheme, t.code] })],
);

const countryRef = () => text('country_code').references(() => countries.code, { onDelete: 'restrict' });
const institutionRef = () => integer('institution_id').references(() => institutions.id, { onDelete: 'set null' });
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

/**
 * A withdrawn record is a tombstone: the row stays (OAI-PMH reports it as deleted, editors can
 * restore it) and every public surface leaves it out (knowledge/withdrawal.ts holds the condition).
 */
const withdrawal = () => ({
  withdrawnAt: moment('withdrawn_at'),
  withdrawnBy: integer('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
  withdrawnReason: text('withdrawn_reason'),
});

export const resources = table(
  'resources',
  {
    id: id(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    type: text('type').notNull(),
    languages: json<string[]>('languages').notNull(),
    countryCode: countryRef(),
    institutionId: institutionRef(),
    authors: json<string[]>('authors').notNull(),
    year: integer('year'),
    sector: text('sector'),
    topics: json<string[]>('topics').notNull(),
    audiences: json<string[]>('audiences').notNull(),
    modality: text('modality'),
    format: text('format'),
    licence: text('licence'),
    url: text('url'),
    fileId: integer('file_id'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...withdrawal(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('resources_country_idx').on(t.countryCode),
    index('resources_sector_idx').on(t.sector),
    index('resources_type_idx').on(t.type),
    index('resources_institution_idx').on(t.institutionId),
    index('resources_year_idx').on(t.year),
    // The home's "new knowledge": newest first (the rowid breaks ties in the same order).
    index('resources_created_idx').on(t.createdAt),
  ],
);

export const experiences = table(
  'experiences',
  {
    id: id(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    theme: text('theme').notNull(),
    institutionId: institutionRef(),
    countryCode: countryRef(),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    partners: json<string[]>('partners').notNull(),
    results: text('results').notNull().default(''),
    languages: json<string[]>('languages').notNull(),
    sector: text('sector'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...withdrawal(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('experiences_country_idx').on(t.countryCode), index('experiences_theme_idx').on(t.theme), index('experiences_created_idx').on(t.createdAt)],
);

export const experienceResources = table(
  'experience_resources',
  {
    experienceId: integer('experience_id')
      .notNull()
      .references(() => experiences.id, { onDelete: 'cascade' }),
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.experienceId, t.resourceId] }), index('experience_resources_resource_idx').on(t.resourceId)],
);

export interface CompetencyUnit {
  code: string;
  title: string;
  criteria: string[];
}
export interface CurriculumModule {
  title: string;
  hours: number;
}

export const profiles = table(
  'profiles',
  {
    id: id(),
    nationalCode: text('national_code').notNull(),
    title: text('title').notNull(),
    sector: text('sector'),
    subsector: text('subsector'),
    countryCode: countryRef(),
    institutionId: institutionRef(),
    level: text('level'),
    iscoCode: text('isco_code'),
    purpose: text('purpose').notNull().default(''),
    units: json<CompetencyUnit[]>('units').notNull(),
    curriculum: json<CurriculumModule[]>('curriculum').notNull(),
    evaluation: text('evaluation').notNull().default(''),
    validatedBy: text('validated_by'),
    validatedYear: integer('validated_year'),
    language: text('language').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...withdrawal(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('profiles_country_idx').on(t.countryCode),
    index('profiles_sector_idx').on(t.sector),
    index('profiles_isco_idx').on(t.iscoCode),
    index('profiles_created_idx').on(t.createdAt),
  ],
);

export interface SpecialistCv {
  education: string[];
  experience: string[];
  publications: string[];
}

export const specialists = table(
  'specialists',
  {
    id: id(),
    name: text('name').notNull(),
    institutionId: institutionRef(),
    countryCode: countryRef(),
    expertise: json<string[]>('expertise').notNull(),
    languages: json<string[]>('languages').notNull(),
    summary: text('summary').notNull().default(''),
    cv: json<SpecialistCv>('cv').notNull(),
    /** What they are available for: answering, assistance, mentoring, speaking. */
    availability: json<string[]>('availability').notNull(),
    /** Who may see each CV field: 'public' or 'members'. */
    cvVisibility: json<Record<keyof SpecialistCv, 'public' | 'members'>>('cv_visibility').notNull(),
    /** The account that is this specialist: its posts carry the specialist badge. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...withdrawal(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('specialists_user_unique').on(t.userId), index('specialists_country_idx').on(t.countryCode), index('specialists_created_idx').on(t.createdAt)],
);

/** Every change to a knowledge record: who, when, and the fields before and after. */
export const knowledgeRevisions = table(
  'knowledge_revisions',
  {
    id: id(),
    kind: text('kind').notNull(),
    itemId: integer('item_id').notNull(),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
    changes: json<Record<string, { before: unknown; after: unknown }>>('changes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('knowledge_revisions_item_idx').on(t.kind, t.itemId, t.id)],
);

export type ResourceRow = typeof resources.$inferSelect;
export type ExperienceRow = typeof experiences.$inferSelect;
export type ProfileRow = typeof profiles.$inferSelect;
export type SpecialistRow = typeof specialists.$inferSelect;
export type VocabTermRow = typeof vocabTerms.$inferSelect;

/** A member's suggested correction to a record; editors accept or decline it. */
export const knowledgeCorrections = table(
  'knowledge_corrections',
  {
    id: id(),
    kind: text('kind').notNull(),
    itemId: integer('item_id').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    field: text('field'),
    note: text('note').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'declined'] }).notNull().default('open'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('knowledge_corrections_status_idx').on(t.status, t.id), index('knowledge_corrections_item_idx').on(t.kind, t.itemId)],
);
