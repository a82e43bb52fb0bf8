import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { htmlToText } from '../server/lib/markdown.ts';
import { prepared, transaction } from './access.ts';
import type { Db } from './client.ts';

const BATCH = 500;

/**
 * Columns derived from others in JavaScript, which a migration (SQL only) cannot compute: a
 * migration that adds one leaves it null, and opening the database fills what is missing.
 * Today one: posts' `body_text`, the text a reader sees of `body_html` (search reads it). A
 * partial index holds just the missing rows, so when nothing is missing this is one lookup.
 * Returns how many rows were filled.
 *
 * This one runs on SQLite's connection, synchronously, when the database opens (db/client.ts);
 * `fillDerivedColumnsAsync` below does the same through db/access.ts, on either engine.
 */
export function fillDerivedColumns(sqlite: Database.Database): number {
  const missing = sqlite.prepare('SELECT id, body_html FROM posts WHERE body_text IS NULL ORDER BY id LIMIT ?').raw();
  const write = sqlite.prepare('UPDATE posts SET body_text = ? WHERE id = ?');
  const batch = sqlite.transaction((rows: [number, string][]) => {
    for (const [id, html] of rows) write.run(htmlToText(html), id);
  });
  let filled = 0;
  for (;;) {
    const rows = missing.all(BATCH) as [number, string][];
    if (rows.length === 0) return filled;
    batch(rows);
    filled += rows.length;
  }
}

/** The derived columns filled through the asynchronous data layer (either engine); returns how many rows. */
export async function fillDerivedColumnsAsync(db: Db): Promise<number> {
  const missing = prepared<{ id: number; body_html: string }>(
    db,
    sql`SELECT id, body_html FROM posts WHERE body_text IS NULL ORDER BY id LIMIT ${sql.placeholder('limit')}`,
  );
  const write = prepared(db, sql`UPDATE posts SET body_text = ${sql.placeholder('text')} WHERE id = ${sql.placeholder('id')}`);
  let filled = 0;
  for (;;) {
    const rows = await missing.all({ limit: BATCH });
    if (rows.length === 0) return filled;
    await transaction(db, async () => {
      for (const row of rows) await write.run({ text: htmlToText(row.body_html), id: Number(row.id) });
    });
    filled += rows.length;
  }
}
