// `npm run search:rebuild`: refills the full-text search indexes from the tables (of
// MINGA_DATABASE_URL on PostgreSQL, else of the SQLite file MINGA_DB), with progress. Safe while
// the server runs: one transaction, searches see the old index until it commits.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openDatabase, openPostgres, type OpenedDb } from '../db/client.ts';
import { ENGINE } from '../db/engine.ts';
import { rebuildSearchIndexes } from './modules/search/rebuild.ts';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`search: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h') || argv.length > 0) {
    process.stderr.write(
      'usage: npm run search:rebuild\n\n  Rebuilds the search indexes of MINGA_DATABASE_URL (PostgreSQL) or MINGA_DB (default ./data/minga.db).\n',
    );
    return argv.length > 0 && !argv.includes('--help') && !argv.includes('-h') ? 1 : 0;
  }
  let database: OpenedDb;
  let name: string;
  if (ENGINE === 'pg') {
    const url = env.MINGA_DATABASE_URL;
    if (!url) {
      process.stderr.write('search: MINGA_DATABASE_URL is not set (postgres://…)\n');
      return 1;
    }
    database = await openPostgres(url, { poolSize: 2 });
    name = new URL(url).pathname.slice(1) || 'the PostgreSQL database';
  } else {
    const dbFile = env.MINGA_DB || './data/minga.db';
    if (!existsSync(dbFile)) {
      process.stderr.write(`search: no database at ${dbFile}: start the server once (npm start) or set MINGA_DB\n`);
      return 1;
    }
    database = openDatabase(dbFile);
    name = dbFile;
  }
  try {
    say(`rebuilding the indexes of ${name}`);
    const report = await rebuildSearchIndexes(database, say);
    say(
      `done in ${(report.ms / 1000).toFixed(1)} s: ${report.rows.discussion_fts} posts, ${report.rows.knowledge_fts} knowledge records, ${report.rows.title_fts} titles`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
