import type { OpenedDb } from '../../db/client.ts';
import { filesDirBeside } from '../../server/storage/config.ts';
import { openTestDatabase } from './postgres.ts';
import { siteSettings } from '../../db/schema/index.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App, type AppDeps } from '../../server/app.ts';
import { defaultRateLimits, type Config } from '../../server/config.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';

export interface TestAppOptions {
  /** Countries and institutions (default true); the demo accounts are never loaded here. */
  reference?: boolean;
  clientDir?: string;
  rateLimits?: Config['rateLimits'];
  trustProxy?: boolean;
  /** A file instead of ':memory:' (benchmarks measure real writes). */
  dbFile?: string;
  metrics?: Config['metrics'];
  http?: Config['http'];
  /** Logger options (a `stream` captures the lines); off by default. */
  logger?: AppDeps['logger'];
  /** Mail: SMTP, From, public URL (default: kept in the outbox). */
  mail?: AppDeps['mail'];
  mailTiming?: AppDeps['mailTiming'];
  /** Notification mail: delay and hourly cap (default 600 s and 10). */
  notifyMail?: Config['notifyMail'];
  passwordResetLimits?: AppDeps['passwordResetLimits'];
  /**
   * Whether accounts with an unverified address may post (the site setting). Tests that are not
   * about verification register and post at once, so true here unless a test says otherwise;
   * false is the product's default.
   */
  unverifiedMayPost?: boolean;
  /** Store no trust settings: the app's own defaults apply (they depend on whether SMTP is set). */
  keepTrustDefaults?: boolean;
  /** Sitemaps: fewer URLs per file than 50,000, to see the paging. */
  crawl?: AppDeps['crawl'];
  /** Webhooks: allow loopback targets (a receiver in the test), shorter backoff. */
  webhooks?: { allowPrivate: boolean };
  webhookTiming?: AppDeps['webhookTiming'];
  /** Sign-in with an institution: the provider configured by environment (MINGA_OIDC_*). */
  oidc?: Config['oidc'];
  /** Several processes (issue 20): Redis URL and prefix shared with other apps. */
  cluster?: Config['cluster'];
  /** The scheduler lease's lifetime and renewal (issue 20): short in tests of takeover. */
  schedulerTiming?: AppDeps['schedulerTiming'];
  /** A slow access re-check on this app (tests of the order of re-checks and broadcasts across processes). */
  realtimeTiming?: AppDeps['realtimeTiming'];
  /** Where uploaded files go (default: beside the database file, or a throwaway folder for one in memory). */
  files?: Config['files'];
  /** Leave the database as it is (a second app on a file another app already set up). */
  skipSeed?: boolean;
  /** Adds routes or hooks before the app is ready (benchmarks' reference routes). */
  extend?: (app: App) => void | Promise<void>;
}

export interface TestApp {
  app: App;
  database: OpenedDb;
}

/** The real app on a fresh in-memory database with the real migrations. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  // SQLite: the file (default in memory), seeded here. PostgreSQL (npm run test:pg): a database of
  // its own copied from a template that already holds the reference data (tests/helpers/postgres.ts).
  const { database, seeded } = await openTestDatabase({ dbFile: options.dbFile, reference: options.reference, skipSeed: options.skipSeed });
  if (!options.skipSeed && !seeded) await seedDatabase(database.db, { reference: options.reference ?? true, demoAccounts: false, hashPassword });
  // Most tests register and post at once; those about verification ask for the product's rule.
  if (!options.skipSeed && (options.unverifiedMayPost !== undefined || !options.keepTrustDefaults)) {
    const value = { unverifiedMayPost: options.unverifiedMayPost ?? true };
    await database.db.insert(siteSettings).values({ key: 'trust', value }).onConflictDoUpdate({ target: siteSettings.key, set: { value } });
  }
  const app = await buildApp({
    config: {
      clientDir: options.clientDir,
      rateLimits: options.rateLimits ?? defaultRateLimits(),
      trustProxy: options.trustProxy,
      metrics: options.metrics,
      http: options.http,
      notifyMail: options.notifyMail,
      webhooks: options.webhooks,
      oidc: options.oidc,
      cluster: options.cluster,
      // Beside the named database file, on either engine (on PostgreSQL, as MINGA_FILES_DIR would put them).
      files: options.files ?? (options.dbFile && options.dbFile !== ':memory:' ? { kind: 'directory', dir: filesDirBeside(options.dbFile) } : undefined),
    },
    database,
    logger: options.logger,
    closeDatabase: true,
    mail: options.mail,
    mailTiming: options.mailTiming,
    passwordResetLimits: options.passwordResetLimits,
    crawl: options.crawl,
    webhookTiming: options.webhookTiming,
    schedulerTiming: options.schedulerTiming,
    realtimeTiming: options.realtimeTiming,
  });
  await options.extend?.(app);
  await app.ready();
  return { app, database };
}
