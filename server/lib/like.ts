import { sql, type SQLWrapper } from 'drizzle-orm';

/** `column` contains `text` literally: LIKE with its wildcards escaped (case-insensitive for ASCII). */
export function containsText(column: SQLWrapper, text: string) {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${column} LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}
