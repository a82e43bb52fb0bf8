import type Database from 'better-sqlite3';
import { htmlToText } from '../server/lib/markdown.ts';

const BATCH = 500;

/**
 * Columns derived from others in JavaScript, which a migration (SQL only) cannot compute: a
 * migration that adds one leaves it null, and opening the database fills what is missing.
 * Today one: posts' `body_text`, the text a reader sees of `body_html` (search reads it). A
 * partial index holds just the missing rows, so when nothing is missing this is one lookup.
 * Returns how many rows were filled.
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
