import { index, integer, real, table, text } from './_dialect.ts';
import { createdAt, id } from './_columns.ts';

export const countries = table('countries', {
  code: text('code').primaryKey(), // ISO 3166-1 alpha-2
  nameEs: text('name_es').notNull(),
  namePt: text('name_pt').notNull(),
  nameEn: text('name_en').notNull(),
  region: text('region').notNull(),
});

export const institutions = table(
  'institutions',
  {
    id: id(),
    acronym: text('acronym').notNull(),
    name: text('name').notNull(),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['constituent', 'associated'] }).notNull(),
    /** public, private, tripartite, sectoral or subnational. */
    type: text('type'),
    description: text('description').notNull().default(''),
    website: text('website'),
    city: text('city'),
    founded: integer('founded'),
    /** Where its headquarters are (the city's coordinates, WGS 84 degrees): its dot on the network map. */
    lat: real('lat'),
    lon: real('lon'),
    createdAt: createdAt(),
  },
  (t) => [index('institutions_country_idx').on(t.countryCode), index('institutions_acronym_idx').on(t.acronym)],
);

export type CountryRow = typeof countries.$inferSelect;
export type InstitutionRow = typeof institutions.$inferSelect;
