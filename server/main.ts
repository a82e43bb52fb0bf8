import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { connectDatabase, type OpenedDb } from '../db/client.ts';
import { seedDatabase } from '../db/seed/index.ts';
import { buildApp } from './app.ts';
import { requestsInFlight } from './cluster/drain.ts';
import { WORKER_READY, runPrimary } from './cluster/primary.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { nonBlockingLines } from './lib/log-stream.ts';
import { hashPassword } from './modules/auth/passwords.ts';
import { leaseTimingFromEnv } from './cluster/lease.ts';
import { scheduleBackups } from './modules/operations/schedule.ts';
import { setupStickyWorker } from './cluster/sticky-worker.ts';
import { holdRunningMarker } from './modules/operations/running-marker.ts';

/** Requests in flight get this long to finish after SIGTERM; then their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** And the process is gone this long after that, whatever still hangs. */
const SHUTDOWN_HARD_MS = 5_000;

/** Migrations ran when the database opened; a new one also gets the demo data if asked. */
async function loadDemoDataIfNew(database: OpenedDb, config: Config) {
  if (database.isNew && config.seed === 'demo') {
    const say = (line: string) => process.stdout.write(`[seed] ${line}\n`);
    say(`new database ${config.database ? 'on PostgreSQL' : `at ${config.dbFile}`}: loading demo data`);
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
}

async function main() {
  const config = loadConfig();
  const workers = config.cluster?.workers ?? 1;
  // Tells `npm run restore` that a server is using this database (removed at a clean stop;
  // a marker left by a killed process names a dead pid and is ignored). Held by the primary
  // when there are several processes.
  // (On PostgreSQL there is no file to mark: restoring a PostgreSQL dump checks the server itself.)
  const holdMarker = () => !config.database && config.dbFile !== ':memory:' && holdRunningMarker(config.dbFile);
  // The configured engine; a new database gets the demo data under the startup lock (db/client.ts).
  const open = () =>
    connectDatabase({
      file: config.dbFile,
      url: config.database?.url,
      poolSize: config.database?.poolSize,
      prepare: (database) => loadDemoDataIfNew(database, config),
    });
  if (workers > 1 && cluster.isPrimary) {
    if (!config.database && config.dbFile === ':memory:') throw new ConfigError('MINGA_WORKERS above 1 needs a database file (MINGA_DB), not :memory:');
    return runPrimary({
      workers,
      port: config.port,
      host: config.host,
      exec: fileURLToPath(import.meta.url),
      shutdownDeadlineMs: SHUTDOWN_GRACE_MS + SHUTDOWN_HARD_MS + 2_000,
      async prepareDatabase() {
        holdMarker();
        const database = await open();
        await database.close();
      },
    });
  }
  if (!cluster.isWorker) holdMarker();
  const database = await open();

  // Log lines never block the process, even when nobody reads stdout any more.
  const logLines = nonBlockingLines(1);
  const app = await buildApp({
    config,
    database,
    // A worker's lines say which worker wrote them.
    logger: { level: config.logLevel, stream: logLines, ...(cluster.isWorker ? { base: { pid: process.pid, hostname: hostname(), worker: process.env.MINGA_WORKER_ID } } : {}) },
    closeDatabase: true,
    mail: config.mail,
    schedulerTiming: leaseTimingFromEnv(process.env),
  });
  if (!config.mail.smtpUrl) {
    app.log.info('mail: no MINGA_SMTP_URL, so messages are kept in the outbox: admins read them on the Outbox page (/admin/outbox)');
  }

  // Taken by the process holding the scheduler lease only (one backup per interval, not one per process).
  const backups = config.backup ? scheduleBackups(database, config.backup, app.log) : null;
  // A worker's server does not listen, so its close would not wait for requests in flight.
  const inFlight = cluster.isWorker ? requestsInFlight(app.server) : null;
  if (backups) app.scheduler.add('backups', backups);

  let closing = false;
  const exit = (code: number) => {
    logLines.flushNow();
    process.exit(code);
  };
  // SIGTERM (and Ctrl-C): stop accepting, tell sockets to reconnect elsewhere, let requests in
  // flight finish (bounded), checkpoint the WAL and close the database (app.close's hooks).
  // Whatever handles remain afterwards (destroyed sockets, a pending fs request), the process
  // then exits: at once after the drain, and at the latest at the deadline.
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.warn('requests still running after the grace period: closing their connections');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    // The backstop: unref'd, so it never holds an otherwise finished process open.
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      exit(1);
    }, SHUTDOWN_GRACE_MS + SHUTDOWN_HARD_MS).unref();
    // A backup in progress is abandoned first: the database cannot close under it.
    void Promise.resolve(backups?.stop())
      .then(() => inFlight?.settled(SHUTDOWN_GRACE_MS))
      .then(() => app.close())
      .then(
        () => {
          app.log.info('closed cleanly');
          exit(0);
        },
        (error) => {
          app.log.error({ err: error }, 'error while closing');
          exit(1);
        },
      );
  };
  // A promise nobody awaited failing (a page's data that never came, a subscriber's slip) is a
  // fault to log, not a reason to stop serving everyone else.
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
  // A worker may get the signal twice (Ctrl-C reaches the whole group, then the primary passes
  // it on): the second must not kill it mid-drain.
  const on = cluster.isWorker ? 'on' : 'once';
  process[on]('SIGINT', () => shutdown('SIGINT'));
  process[on]('SIGTERM', () => shutdown('SIGTERM'));

  if (cluster.isWorker) {
    // One of several: the primary listens and hands connections over (sticky by Socket.IO
    // session); a Socket.IO request for a session held elsewhere goes back to it (sticky-worker.ts).
    await app.ready();
    setupStickyWorker(app.io);
    process.send!({ type: WORKER_READY });
  } else {
    await app.listen({ port: config.port, host: config.host });
  }
}

void main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`minga: ${error.message}\n`);
  } else {
    process.stderr.write(`minga: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
