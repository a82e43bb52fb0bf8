import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, generated from the same schema files built for PostgreSQL
// (db/schema/_dialect.ts): `npm run db:generate` runs both configurations.
process.env.MINGA_DB_ENGINE = 'pg';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations-pg',
  casing: 'snake_case',
});
