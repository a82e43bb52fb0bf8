// `npm run search:rebuild`: refills the full-text search indexes of MINGA_DB from its tables,
// with progress. Safe while the server runs: one transaction, searches see the old index until
// it commits.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../db/client.ts';
import { rebuildSearchIndexes } from './modules/search/rebuild.ts';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`search: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h') || argv.length > 0) {
    process.stderr.write('usage: npm run search:rebuild\n\n  Rebuilds the search indexes of MINGA_DB (default ./data/minga.db).\n');
    return argv.length > 0 && !argv.includes('--help') && !argv.includes('-h') ? 1 : 0;
  }
  const dbFile = env.MINGA_DB || './data/minga.db';
  if (!existsSync(dbFile)) {
    process.stderr.write(`search: no database at ${dbFile}: start the server once (npm start) or set MINGA_DB\n`);
    return 1;
  }
  const database = openDatabase(dbFile);
  try {
    say(`rebuilding the indexes of ${dbFile}`);
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
