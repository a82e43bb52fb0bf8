// `npm run mail:digests [-- --user <username>]`: writes the digests due now to the outbox of
// the configured database (MINGA_DATABASE_URL, else MINGA_DB), with progress, and delivers them
// when SMTP is configured (a running server's sender would also pick them up). The same run as
// the server's scheduler: a period done here is not sent again by the server, and the other way
// round.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { connectDatabase } from '../db/client.ts';
import { ConfigError, loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import type { Digests, DigestRunReport } from './modules/digests/service.ts';

const USAGE = 'usage: npm run mail:digests [-- --user <username>]\n\n  Sends the digests due now (all members, or one).\n';

/** The command's work, apart from the process: what the tests call. */
export async function runDigestsCommand(
  digests: Pick<Digests, 'runDue'>,
  options: { username?: string; now?: Date; say: (line: string) => void },
): Promise<DigestRunReport> {
  const report = await digests.runDue(options.now ?? new Date(), { username: options.username, progress: options.say });
  options.say(
    `${report.sent} digest${report.sent === 1 ? '' : 's'} written to the outbox; ${report.empty} with nothing new; ${report.active} members active in the last day`,
  );
  return report;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`digests: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const userAt = argv.indexOf('--user');
  const username = userAt >= 0 ? argv[userAt + 1] : undefined;
  if ((userAt >= 0 && !username) || argv.some((a, i) => a !== '--user' && i !== userAt + 1)) {
    process.stderr.write(USAGE);
    return 1;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`digests: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!config.database && !existsSync(config.dbFile)) {
    process.stderr.write(`digests: no database at ${config.dbFile}: start the server once (npm start) or set MINGA_DB\n`);
    return 1;
  }
  // The configured engine, as the server opens it: PostgreSQL at MINGA_DATABASE_URL, else the file.
  const database = await connectDatabase({ file: config.dbFile, url: config.database?.url, poolSize: 2 });
  // The very app the server builds (not listening, no scheduler started): the digests get every
  // section they get there, the notifications held for the digest included.
  const app = await buildApp({ config, database, closeDatabase: true, mail: config.mail });
  try {
    const report = await runDigestsCommand(app.digests, { username, say });
    if (username && report.due === 0) say(`nothing due for ${username} (no such member, digests off, or this period is done)`);
    const sender = app.mail.sender;
    if (sender && report.sent > 0) {
      say('delivering over SMTP');
      let delivered = 0;
      for (let round = await sender.deliverDue(); round > 0; round = await sender.deliverDue()) {
        delivered += round;
        say(`${delivered} delivery attempts`);
      }
    } else if (!sender && report.sent > 0) {
      say('no MINGA_SMTP_URL: the digests are kept in the outbox (the admins’ Outbox page)');
    }
    return 0;
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
