/**
 * Global setup of the PostgreSQL run (`npm run test:pg`): a server (MINGA_TEST_PG_URL, or a
 * throwaway cluster started here), and the two templates every test database is copied from —
 * the migrated schema, and the same with the reference data (countries, institutions) that
 * buildTestApp seeds by default. Copying a template takes a fraction of migrating and seeding.
 */
import { openPostgres } from '../db/client.ts';
import { seedDatabase } from '../db/seed/index.ts';
import { hashPassword } from '../server/modules/auth/passwords.ts';
import {
  databaseUrl,
  markTemplate,
  recreateDatabase,
  startPostgresCluster,
  TEMPLATE_BARE,
  TEMPLATE_WITH_REFERENCE,
  type TestPostgresCluster,
  pgClient,
} from './helpers/postgres.ts';

let cluster: TestPostgresCluster | null = null;

async function unmarkTemplates(url: string): Promise<void> {
  const client = pgClient(url);
  await client.connect();
  try {
    for (const name of [TEMPLATE_BARE, TEMPLATE_WITH_REFERENCE]) {
      await client.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [name]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  if (!process.env.MINGA_TEST_PG_URL) {
    cluster = await startPostgresCluster();
    process.env.MINGA_TEST_PG_URL = cluster.url;
  }
  const admin = process.env.MINGA_TEST_PG_URL;
  await unmarkTemplates(admin);
  for (const [name, reference] of [
    [TEMPLATE_BARE, false],
    [TEMPLATE_WITH_REFERENCE, true],
  ] as const) {
    await recreateDatabase(admin, name);
    const database = await openPostgres(databaseUrl(admin, name), { poolSize: 2 });
    if (reference) await seedDatabase(database.db, { reference: true, demoAccounts: false, hashPassword });
    await database.close();
    await markTemplate(admin, name);
  }
  return async () => {
    const client = pgClient(admin);
    await client.connect();
    try {
      const left = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'minga\\_t%' AND NOT datistemplate");
      for (const { datname } of left.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    } finally {
      await client.end();
    }
    await cluster?.stop();
  };
}
