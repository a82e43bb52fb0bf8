import { openDatabase } from '../db/client.ts';
import { seedDatabase } from '../db/seed/index.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { hashPassword } from './modules/auth/passwords.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig();
  const database = openDatabase(config.dbFile);

  if (database.isNew && config.seed === 'demo') {
    const say = (line: string) => process.stdout.write(`[seed] ${line}\n`);
    say(`new database at ${config.dbFile}: loading demo data`);
    const result = await seedDatabase(database.db, {
      reference: true,
      demoAccounts: true,
      demoPassword: config.demoPassword,
      hashPassword,
      progress: say,
    });
    if (result.generatedPassword) {
      process.stdout.write(
        `\n  Demo accounts (admin, lucia_moderadora, carlos_especialista, ana_docente, jose_formador)\n` +
          `  share this generated password, shown only now: ${result.generatedPassword}\n` +
          `  (set MINGA_DEMO_PASSWORD before the first start to choose it)\n\n`,
      );
    }
  }

  const app = await buildApp({
    config,
    database,
    logger: { level: config.logLevel },
    closeDatabase: true,
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    // Stops accepting, drops sockets, waits for requests in flight, then closes the database.
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`minga: ${error.message}\n`);
  } else {
    process.stderr.write(`minga: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
